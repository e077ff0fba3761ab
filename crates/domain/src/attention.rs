//! What needs the expert's attention today (issue 5, point 4): the rules
//! behind "Vandaag aandacht voor" on the expert's start page and
//! `GET /api/v1/attention`.
//!
//! Pure: given plain facts (ids, case codes, states, dates, codes and
//! counts; never a name, a date of birth or free text) and today's date,
//! [`assess`] says what is open, pending, overdue, stalled or behind. Who may
//! see it is the policy's (`policy::Action::ViewAttention`, the expert).
//!
//! The rules, each in one function:
//! - [`case_is_open`]: a case still worked on (referred, in screening, or
//!   followed by the table). Lines 1 to 3 look at open cases only.
//! - [`knowledge_unanswered`]: the organisations holding a seat at the case's
//!   table that have not answered the known / followed-up check.
//! - [`consent_pending`]: an item whose owner has neither given nor refused
//!   its consent for use, and that was not withdrawn.
//! - [`action_overdue`]: an open action (not done, not cancelled) past its
//!   due date ([`crate::case::trajectory::is_overdue`]).
//! - [`tables_without_decision`] and [`stalled`]: an active case that was on
//!   the agenda of at least [`STALLED_AFTER_TABLES`] held Partnertafel
//!   meetings at which, and after which, the table decided nothing on it.
//! - [`expected_by_now`] and [`behind_norm`]: a body whose meetings held this
//!   year fall short of the pro-rata share of its yearly norm.
//! - [`contact_waiting`]: a register entry still new or in progress.
//! - training due: [`crate::prevention::network::training_due`], unchanged.

use std::collections::BTreeSet;

use crate::OrganisationId;
use crate::case::trajectory::is_overdue;
use crate::case::{CaseState, Date, Transition};
use crate::prevention::contact::{Channel, ContactStatus};
use crate::prevention::network::{Participation, training_due};

/// How many held tables without a decision make a case stalled.
pub const STALLED_AFTER_TABLES: u32 = 2;

/// The contact statuses that still wait for follow-up.
pub const CONTACT_WAITING: [ContactStatus; 2] = [ContactStatus::New, ContactStatus::InProgress];

/// A case the LIVC-R still works on: before the table (referred, screening)
/// or followed by it (an active state). Cases handed elsewhere, closed or
/// transferred need nothing today.
pub fn case_is_open(state: CaseState) -> bool {
    state.is_pending() || state.is_active()
}

/// How many organisations holding a seat at the case's table have not
/// answered the known / followed-up check (each organisation counts once).
pub fn knowledge_unanswered(table: &[OrganisationId], answered: &[OrganisationId]) -> u32 {
    let answered: BTreeSet<&OrganisationId> = answered.iter().collect();
    let open = table
        .iter()
        .collect::<BTreeSet<_>>()
        .into_iter()
        .filter(|o| !answered.contains(o))
        .count();
    u32::try_from(open).unwrap_or(u32::MAX)
}

/// The consent facts of one information item.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ItemConsent {
    /// Withdrawn by its owner: never used, nothing to ask.
    pub withdrawn: bool,
    /// The owner's consent for use is given.
    pub given: bool,
    /// The owner answered (gave, or gave and took back) at some moment.
    pub answered: bool,
}

/// Whether the owner's consent for an item is still pending: not withdrawn,
/// and the owner never answered. A consent taken back is an answer (a
/// refusal), not a question still open.
pub fn consent_pending(i: ItemConsent) -> bool {
    !i.withdrawn && !i.given && !i.answered
}

/// The stored status of a trajectory action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ActionStatus {
    Open,
    Done,
    Cancelled,
}

impl ActionStatus {
    pub const ALL: [ActionStatus; 3] = [
        ActionStatus::Open,
        ActionStatus::Done,
        ActionStatus::Cancelled,
    ];

    pub fn code(self) -> &'static str {
        match self {
            ActionStatus::Open => "open",
            ActionStatus::Done => "done",
            ActionStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(code: &str) -> Option<ActionStatus> {
        ActionStatus::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// The facts of one trajectory action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ActionFacts {
    /// `None` when the stored date does not parse: then it is never overdue.
    pub due: Option<Date>,
    pub status: ActionStatus,
}

/// Whether an action is overdue on `today`: still open (neither done nor
/// cancelled) and its due date lies before today (due today is not late).
pub fn action_overdue(a: ActionFacts, today: Date) -> bool {
    match a.due {
        Some(due) => is_overdue(due, today, a.status != ActionStatus::Open),
        None => false,
    }
}

/// A held Partnertafel meeting whose agenda (frozen when it was held) had
/// the case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldTable {
    pub meeting_id: String,
    /// When the meeting started (UTC milliseconds).
    pub starts_at_ms: i64,
}

/// Something the table decided on a case: an adopted unanimous decision
/// (close, security risk), a conclusion of the assessment recorded in the
/// case's history ([`is_table_decision`]), or an evaluation of a trajectory
/// action at a meeting.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableDecision {
    /// The meeting it was taken at, when known.
    pub meeting_id: Option<String>,
    /// When it was taken (UTC milliseconds).
    pub at_ms: i64,
}

/// The steps of the case flow that are a decision of the table on the case:
/// the four conclusions of the assessment and closing. (Screening steps are
/// the expert's, before the table; returning to the agenda asks the table
/// for a new decision rather than being one.)
pub fn is_table_decision(t: Transition) -> bool {
    matches!(
        t,
        Transition::ConcludeNotEnoughInformation
            | Transition::ConcludeSocioPreventive
            | Transition::ConcludeSecurityRisk
            | Transition::ConcludeOutsideScope
            | Transition::Close
    )
}

/// How many of the held tables that had the case on their agenda were
/// "without a decision": no decision was taken at that meeting, nor at or
/// after its start. (So a decision taken at the second table clears both;
/// two tables after the last decision count two.) A meeting listed twice
/// counts once.
pub fn tables_without_decision(tables: &[HeldTable], decisions: &[TableDecision]) -> u32 {
    let mut seen = BTreeSet::new();
    let n = tables
        .iter()
        .filter(|t| seen.insert(t.meeting_id.as_str()))
        .filter(|t| {
            !decisions.iter().any(|d| {
                d.meeting_id.as_deref() == Some(t.meeting_id.as_str()) || d.at_ms >= t.starts_at_ms
            })
        })
        .count();
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Stalled after two tables: the case is active (the table follows it), and
/// at least [`STALLED_AFTER_TABLES`] held Partnertafel meetings had it on
/// their agenda without the table deciding anything on it at or after them
/// ([`tables_without_decision`]). Returns that number of tables when stalled.
pub fn stalled(state: CaseState, tables: &[HeldTable], decisions: &[TableDecision]) -> Option<u32> {
    if !state.is_active() {
        return None;
    }
    let n = tables_without_decision(tables, decisions);
    (n >= STALLED_AFTER_TABLES).then_some(n)
}

/// The pro-rata share of a yearly norm due by `today`: `min` times the part
/// of the year gone by (1 January counts as one day, 31 December as the
/// whole year), rounded down, so a body is only behind once a whole meeting
/// is missing. 0 for a body without a norm.
pub fn expected_by_now(min_per_year: Option<u32>, today: Date) -> u32 {
    let min = u64::from(min_per_year.unwrap_or(0));
    let share = min * u64::from(today.day_of_year()) / u64::from(today.days_in_year());
    u32::try_from(share).unwrap_or(u32::MAX)
}

/// A body behind its norm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NormShortfall {
    /// Meetings held this year up to today.
    pub held: u32,
    /// What the pro-rata norm asks by today ([`expected_by_now`]).
    pub expected: u32,
    /// The yearly norm.
    pub min_per_year: u32,
}

/// Whether a body is behind its yearly norm today: fewer meetings held this
/// calendar year (up to and including today, as the meetings page counts
/// them) than the pro-rata share of the norm ([`expected_by_now`]). Planned
/// meetings do not help: they are not held yet. A body without a norm is
/// never behind.
pub fn behind_norm(held: u32, min_per_year: Option<u32>, today: Date) -> Option<NormShortfall> {
    let min = min_per_year.filter(|m| *m > 0)?;
    let expected = expected_by_now(Some(min), today);
    (held < expected).then_some(NormShortfall {
        held,
        expected,
        min_per_year: min,
    })
}

/// Whether a contact of the register still waits for follow-up.
pub fn contact_waiting(status: ContactStatus) -> bool {
    CONTACT_WAITING.contains(&status)
}

/// The facts of one case. Codes, states, ids and times only.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    pub id: String,
    /// The pseudonym code, e.g. `SN-2026-007`.
    pub code: String,
    pub state: CaseState,
    /// The organisations holding a seat at the case's table.
    pub table_orgs: Vec<OrganisationId>,
    /// The organisations that answered the known / followed-up check.
    pub knowledge_answered: Vec<OrganisationId>,
    pub items: Vec<ItemConsent>,
    pub actions: Vec<ActionFacts>,
    pub tables: Vec<HeldTable>,
    pub decisions: Vec<TableDecision>,
}

/// A body with its yearly count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyFacts {
    pub id: String,
    pub name: String,
    /// Meetings held this calendar year up to today.
    pub held_this_year: u32,
    pub min_per_year: Option<u32>,
}

/// One contact of the register: its codes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContactFacts {
    pub status: ContactStatus,
    pub channel: Channel,
}

/// One reference person: whether active, and the sessions they took part in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonFacts {
    pub active: bool,
    pub followed: Vec<Participation>,
}

/// Everything [`assess`] looks at, for one LIVC-R.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Facts {
    pub cases: Vec<CaseFacts>,
    pub bodies: Vec<BodyFacts>,
    pub contacts: Vec<ContactFacts>,
    pub persons: Vec<PersonFacts>,
}

/// A case on a line, with how many things of that line it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseCount {
    pub id: String,
    pub code: String,
    pub count: u32,
}

/// A body behind its norm, by name (a body is not a person).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BodyBehind {
    pub id: String,
    pub name: String,
    pub shortfall: NormShortfall,
}

/// What needs attention today. Case lists are sorted by code.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Attention {
    /// 1. Per open case: the organisations at its table that have not answered.
    pub knowledge_open: Vec<CaseCount>,
    /// 2. Per open case: the items whose owner's consent is pending.
    pub consents_pending: Vec<CaseCount>,
    /// 3. Per open case: the open actions past their due date.
    pub overdue_actions: Vec<CaseCount>,
    /// 4. Per stalled case: the held tables without a decision.
    pub stalled_cases: Vec<CaseCount>,
    /// 5. The bodies behind the pro-rata yearly norm, by name.
    pub bodies_behind: Vec<BodyBehind>,
    /// 6. Contacts still new or in progress.
    pub contacts_waiting: u32,
    /// Of which: new messages of the public form.
    pub contacts_new_public: u32,
    /// 7. Active reference persons with a training due.
    pub trainings_due: u32,
}

impl Attention {
    /// The sum of the counts of a case line.
    pub fn total(line: &[CaseCount]) -> u32 {
        line.iter().fold(0u32, |sum, c| sum.saturating_add(c.count))
    }

    /// Every line is zero: "Niets dringends vandaag."
    pub fn nothing_urgent(&self) -> bool {
        self.knowledge_open.is_empty()
            && self.consents_pending.is_empty()
            && self.overdue_actions.is_empty()
            && self.stalled_cases.is_empty()
            && self.bodies_behind.is_empty()
            && self.contacts_waiting == 0
            && self.trainings_due == 0
    }
}

fn line(cases: &[CaseFacts], count: impl Fn(&CaseFacts) -> u32) -> Vec<CaseCount> {
    let mut out: Vec<CaseCount> = cases
        .iter()
        .filter_map(|c| {
            let n = count(c);
            (n > 0).then(|| CaseCount {
                id: c.id.clone(),
                code: c.code.clone(),
                count: n,
            })
        })
        .collect();
    out.sort_by(|a, b| a.code.cmp(&b.code).then_with(|| a.id.cmp(&b.id)));
    out
}

fn count_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// Applies every rule to the facts of one LIVC-R on `today`.
pub fn assess(facts: &Facts, today: Date) -> Attention {
    let open: Vec<CaseFacts> = facts
        .cases
        .iter()
        .filter(|c| case_is_open(c.state))
        .cloned()
        .collect();
    let mut bodies_behind: Vec<BodyBehind> = facts
        .bodies
        .iter()
        .filter_map(|b| {
            behind_norm(b.held_this_year, b.min_per_year, today).map(|shortfall| BodyBehind {
                id: b.id.clone(),
                name: b.name.clone(),
                shortfall,
            })
        })
        .collect();
    bodies_behind.sort_by(|a, b| a.name.cmp(&b.name));
    let waiting: Vec<&ContactFacts> = facts
        .contacts
        .iter()
        .filter(|c| contact_waiting(c.status))
        .collect();
    Attention {
        knowledge_open: line(&open, |c| {
            knowledge_unanswered(&c.table_orgs, &c.knowledge_answered)
        }),
        consents_pending: line(&open, |c| {
            count_of(c.items.iter().filter(|i| consent_pending(**i)).count())
        }),
        overdue_actions: line(&open, |c| {
            count_of(
                c.actions
                    .iter()
                    .filter(|a| action_overdue(**a, today))
                    .count(),
            )
        }),
        stalled_cases: line(&facts.cases, |c| {
            stalled(c.state, &c.tables, &c.decisions).unwrap_or(0)
        }),
        bodies_behind,
        contacts_waiting: count_of(waiting.len()),
        contacts_new_public: count_of(
            waiting
                .iter()
                .filter(|c| c.status == ContactStatus::New && c.channel == Channel::PublicForm)
                .count(),
        ),
        trainings_due: count_of(
            facts
                .persons
                .iter()
                .filter(|p| training_due(p.active, &p.followed, today).is_due())
                .count(),
        ),
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use crate::prevention::training::{Attendance, TrainingKind};

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    fn org(n: u8) -> OrganisationId {
        OrganisationId::from_db(format!("org-{n}"))
    }

    const HOUR: i64 = 3_600_000;
    const DAY: i64 = 24 * HOUR;

    fn table(id: &str, at: i64) -> HeldTable {
        HeldTable {
            meeting_id: id.to_owned(),
            starts_at_ms: at,
        }
    }

    fn decided(meeting: Option<&str>, at: i64) -> TableDecision {
        TableDecision {
            meeting_id: meeting.map(str::to_owned),
            at_ms: at,
        }
    }

    fn case(code: &str, state: CaseState) -> CaseFacts {
        CaseFacts {
            id: format!("id-{code}"),
            code: code.to_owned(),
            state,
            table_orgs: Vec::new(),
            knowledge_answered: Vec::new(),
            items: Vec::new(),
            actions: Vec::new(),
            tables: Vec::new(),
            decisions: Vec::new(),
        }
    }

    #[test]
    fn open_cases_are_pending_or_active() {
        for s in CaseState::ALL {
            assert_eq!(case_is_open(s), s.is_pending() || s.is_active(), "{s:?}");
        }
        assert!(case_is_open(CaseState::Aangemeld));
        assert!(case_is_open(CaseState::SocioPreventief));
        assert!(!case_is_open(CaseState::Afgesloten));
        assert!(!case_is_open(CaseState::Overgedragen));
        assert!(!case_is_open(CaseState::Doorverwezen));
    }

    #[test]
    fn knowledge_counts_each_organisation_at_the_table_once() {
        let t = [org(1), org(2), org(3), org(2)];
        assert_eq!(knowledge_unanswered(&t, &[]), 3);
        assert_eq!(knowledge_unanswered(&t, &[org(2)]), 2);
        assert_eq!(knowledge_unanswered(&t, &[org(1), org(2), org(3)]), 0);
        // An answer of an organisation without a seat changes nothing.
        assert_eq!(knowledge_unanswered(&t, &[org(9)]), 3);
        assert_eq!(knowledge_unanswered(&[], &[org(1)]), 0);
    }

    #[test]
    fn consent_is_pending_until_the_owner_answers() {
        let pending = ItemConsent {
            withdrawn: false,
            given: false,
            answered: false,
        };
        assert!(consent_pending(pending));
        assert!(!consent_pending(ItemConsent {
            given: true,
            answered: true,
            ..pending
        }));
        // Taken back: a refusal, not an open question.
        assert!(!consent_pending(ItemConsent {
            answered: true,
            ..pending
        }));
        assert!(!consent_pending(ItemConsent {
            withdrawn: true,
            ..pending
        }));
    }

    #[test]
    fn overdue_is_open_and_past_its_due_date() {
        let today = d(2026, 11, 28);
        let a = |due: Option<Date>, status| ActionFacts { due, status };
        assert!(action_overdue(
            a(Some(d(2026, 11, 27)), ActionStatus::Open),
            today
        ));
        assert!(!action_overdue(
            a(Some(d(2026, 11, 28)), ActionStatus::Open),
            today
        ));
        assert!(!action_overdue(
            a(Some(d(2026, 12, 1)), ActionStatus::Open),
            today
        ));
        assert!(!action_overdue(
            a(Some(d(2026, 1, 1)), ActionStatus::Done),
            today
        ));
        assert!(!action_overdue(
            a(Some(d(2026, 1, 1)), ActionStatus::Cancelled),
            today
        ));
        assert!(!action_overdue(a(None, ActionStatus::Open), today));
        for s in ActionStatus::ALL {
            assert_eq!(ActionStatus::parse(s.code()), Some(s));
        }
        assert_eq!(ActionStatus::parse("started"), None);
    }

    #[test]
    fn two_tables_without_a_decision_stall_an_active_case() {
        let s = CaseState::SocioPreventief;
        let t1 = table("m1", 10 * DAY);
        let t2 = table("m2", 40 * DAY);
        let t3 = table("m3", 70 * DAY);
        // One table is not enough.
        assert_eq!(stalled(s, std::slice::from_ref(&t1), &[]), None);
        // Two held tables, never a decision.
        assert_eq!(stalled(s, &[t1.clone(), t2.clone()], &[]), Some(2));
        // A meeting listed twice counts once.
        assert_eq!(stalled(s, &[t1.clone(), t1.clone()], &[]), None);
        // Decided at the first table (during the meeting): only the second counts.
        let at_first = decided(Some("m1"), 10 * DAY + HOUR);
        assert_eq!(stalled(s, &[t1.clone(), t2.clone()], &[at_first]), None);
        // ... and a third table after that stalls it again.
        let at_first = decided(Some("m1"), 10 * DAY + HOUR);
        assert_eq!(
            stalled(s, &[t1.clone(), t2.clone(), t3.clone()], &[at_first]),
            Some(2)
        );
        // Decided at the second table: at or after both.
        let at_second = decided(Some("m2"), 40 * DAY + HOUR);
        assert_eq!(stalled(s, &[t1.clone(), t2.clone()], &[at_second]), None);
        // Decided between two meetings, without a meeting: the earlier
        // table stays without a decision, the later one had one before it.
        let between = decided(None, 20 * DAY);
        assert_eq!(
            tables_without_decision(&[t1.clone(), t2.clone()], std::slice::from_ref(&between)),
            1
        );
        assert_eq!(stalled(s, &[t1.clone(), t2.clone()], &[between]), None);
        // Decided before both tables: both count.
        let before = decided(None, 5 * DAY);
        assert_eq!(stalled(s, &[t1.clone(), t2.clone()], &[before]), Some(2));
        // Taken at a meeting even if recorded as starting before it.
        let early_at_m2 = decided(Some("m2"), 39 * DAY);
        assert_eq!(
            tables_without_decision(&[t1.clone(), t2.clone()], &[early_at_m2]),
            0
        );
    }

    #[test]
    fn only_active_cases_stall() {
        let tables = [table("m1", DAY), table("m2", 2 * DAY)];
        for s in CaseState::ALL {
            assert_eq!(stalled(s, &tables, &[]).is_some(), s.is_active(), "{s:?}");
        }
    }

    #[test]
    fn table_decisions_are_the_conclusions_and_closing() {
        let decisions: Vec<Transition> = Transition::ALL
            .into_iter()
            .filter(|t| is_table_decision(*t))
            .collect();
        assert_eq!(
            decisions,
            vec![
                Transition::ConcludeNotEnoughInformation,
                Transition::ConcludeSocioPreventive,
                Transition::ConcludeSecurityRisk,
                Transition::ConcludeOutsideScope,
                Transition::Close,
            ]
        );
    }

    #[test]
    fn the_norm_is_pro_rata_rounded_down() {
        // 28 November 2026: day 332 of 365.
        let today = d(2026, 11, 28);
        assert_eq!(expected_by_now(Some(6), today), 5); // 5.46
        assert_eq!(expected_by_now(Some(2), today), 1); // 1.82
        assert_eq!(expected_by_now(None, today), 0);
        assert_eq!(expected_by_now(Some(6), d(2026, 1, 1)), 0);
        assert_eq!(expected_by_now(Some(6), d(2026, 3, 1)), 0); // day 60: 0.99
        assert_eq!(expected_by_now(Some(6), d(2026, 3, 2)), 1); // day 61: 1.00
        assert_eq!(expected_by_now(Some(6), d(2026, 12, 31)), 6);
        assert_eq!(expected_by_now(Some(6), d(2024, 12, 31)), 6); // leap year
        assert_eq!(expected_by_now(Some(365), d(2026, 2, 1)), 32);

        assert_eq!(
            behind_norm(4, Some(6), today),
            Some(NormShortfall {
                held: 4,
                expected: 5,
                min_per_year: 6
            })
        );
        assert_eq!(behind_norm(5, Some(6), today), None);
        assert_eq!(behind_norm(9, Some(6), today), None);
        assert_eq!(behind_norm(0, Some(2), today).map(|s| s.expected), Some(1));
        assert_eq!(behind_norm(0, None, today), None);
        assert_eq!(behind_norm(0, Some(0), today), None);
        assert_eq!(behind_norm(0, Some(6), d(2026, 1, 15)), None);
    }

    #[test]
    fn the_norm_grows_through_the_year_and_ends_at_the_norm() {
        for min in 0..=12u32 {
            let mut last = 0;
            let mut day = d(2026, 1, 1);
            loop {
                let e = expected_by_now(Some(min), day);
                assert!(e >= last && e <= min, "{min} {day}");
                last = e;
                match day.add_days(1) {
                    Some(next) if next.year() == 2026 => day = next,
                    _ => break,
                }
            }
            assert_eq!(last, min);
        }
    }

    #[test]
    fn contacts_wait_while_new_or_in_progress() {
        assert!(contact_waiting(ContactStatus::New));
        assert!(contact_waiting(ContactStatus::InProgress));
        assert!(!contact_waiting(ContactStatus::Handled));
    }

    #[test]
    fn nothing_urgent_when_every_line_is_zero() {
        let a = assess(&Facts::default(), d(2026, 11, 28));
        assert!(a.nothing_urgent());
        assert_eq!(a, Attention::default());
    }

    #[test]
    fn assess_fills_every_line_with_codes_only() {
        let today = d(2026, 11, 28);
        let mut a = case("SN-2026-002", CaseState::SocioPreventief);
        a.table_orgs = vec![org(1), org(2), org(3)];
        a.knowledge_answered = vec![org(1)];
        a.items = vec![
            ItemConsent {
                withdrawn: false,
                given: false,
                answered: false,
            },
            ItemConsent {
                withdrawn: false,
                given: true,
                answered: true,
            },
        ];
        a.actions = vec![
            ActionFacts {
                due: Some(d(2026, 11, 1)),
                status: ActionStatus::Open,
            },
            ActionFacts {
                due: Some(d(2026, 11, 2)),
                status: ActionStatus::Done,
            },
        ];
        a.tables = vec![table("m1", DAY), table("m2", 2 * DAY)];
        let mut b = case("SN-2026-001", CaseState::Screening);
        b.table_orgs = vec![org(1)];
        // A closed case needs nothing, whatever its facts.
        let mut closed = case("SN-2026-003", CaseState::Afgesloten);
        closed.table_orgs = vec![org(1)];
        closed.actions = a.actions.clone();
        closed.items = a.items.clone();
        closed.tables = a.tables.clone();
        let basic = Participation {
            kind: TrainingKind::ReferenceTwoDay,
            date: d(2025, 3, 1),
            attendance: Attendance::Present,
        };
        let facts = Facts {
            cases: vec![a, b, closed],
            bodies: vec![
                BodyFacts {
                    id: "b1".into(),
                    name: "Stuurgroep".into(),
                    held_this_year: 1,
                    min_per_year: Some(2),
                },
                BodyFacts {
                    id: "b2".into(),
                    name: "Partnertafel".into(),
                    held_this_year: 3,
                    min_per_year: Some(6),
                },
                BodyFacts {
                    id: "b3".into(),
                    name: "Werkgroep".into(),
                    held_this_year: 0,
                    min_per_year: None,
                },
            ],
            contacts: vec![
                ContactFacts {
                    status: ContactStatus::New,
                    channel: Channel::PublicForm,
                },
                ContactFacts {
                    status: ContactStatus::New,
                    channel: Channel::Phone,
                },
                ContactFacts {
                    status: ContactStatus::InProgress,
                    channel: Channel::PublicForm,
                },
                ContactFacts {
                    status: ContactStatus::Handled,
                    channel: Channel::PublicForm,
                },
            ],
            persons: vec![
                PersonFacts {
                    active: true,
                    followed: Vec::new(),
                },
                PersonFacts {
                    active: false,
                    followed: Vec::new(),
                },
                PersonFacts {
                    active: true,
                    followed: vec![basic],
                },
            ],
        };
        let got = assess(&facts, today);
        let codes = |l: &[CaseCount]| -> Vec<(String, u32)> {
            l.iter().map(|c| (c.code.clone(), c.count)).collect()
        };
        assert_eq!(
            codes(&got.knowledge_open),
            vec![("SN-2026-001".into(), 1), ("SN-2026-002".into(), 2)]
        );
        assert_eq!(
            codes(&got.consents_pending),
            vec![("SN-2026-002".into(), 1)]
        );
        assert_eq!(codes(&got.overdue_actions), vec![("SN-2026-002".into(), 1)]);
        assert_eq!(codes(&got.stalled_cases), vec![("SN-2026-002".into(), 2)]);
        assert_eq!(got.stalled_cases[0].id, "id-SN-2026-002");
        let behind: Vec<(&str, u32, u32)> = got
            .bodies_behind
            .iter()
            .map(|b| (b.name.as_str(), b.shortfall.held, b.shortfall.expected))
            .collect();
        assert_eq!(behind, vec![("Partnertafel", 3, 5)]);
        assert_eq!(got.contacts_waiting, 3);
        assert_eq!(got.contacts_new_public, 1);
        assert_eq!(got.trainings_due, 1);
        assert_eq!(Attention::total(&got.knowledge_open), 3);
        assert!(!got.nothing_urgent());
    }
}
