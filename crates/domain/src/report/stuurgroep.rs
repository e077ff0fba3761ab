//! The Stuurgroep report (issue 5, point 1): what the expert tells the
//! steering group about the period "without ever giving names or details"
//! (seed 2.4.5). Pure: the caller reads the facts (no names, no free text, no
//! codes), this module turns them into the anonymised case overview and
//! disclosure-controlled count tables ([`super::disclosure`]).
//!
//! **What a report can reveal.** Everything published is a function of the
//! *multiset* of coarsened case attributes (target groups, minor, age band,
//! phase, months in follow-up, outcome, and the dates reduced to months and
//! day counts): the per-report numbers are assigned after sorting on those
//! published attributes, never on a code, an id or the order of referral. So
//! two reports over case sets that differ by one case show that a case with
//! these coarse attributes was added, never which person or which file it is
//! (the property test `one_case_more_reveals_no_identity` checks this:
//! swapping the added case for any other with the same published attributes
//! gives a byte-identical report). Counts of 1 to k-1 are shown as "< k".

use std::collections::BTreeMap;

use serde::Serialize;

use super::disclosure::{DisclosureError, ProtectedTable, Threshold, protect_table};
use crate::case::date::Date;
use crate::case::lifecycle::CaseState;
use crate::prevention::coded::Coded;
use crate::prevention::signal::Month;
use crate::prevention::theme::Theme;

/// The period a report covers: whole days, both ends included.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    pub from: Date,
    pub to: Date,
}

/// Why a period was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodError {
    /// Not `2026`, `2026-S1`, `2026-Q3`, `2026-05` or `2026-01-01..2026-06-30`.
    Format,
    /// The end lies before the start.
    Reversed,
    /// Longer than five years (a report is about a working period).
    TooLong,
}

impl PeriodError {
    pub fn code(self) -> &'static str {
        match self {
            PeriodError::Format => "period_format",
            PeriodError::Reversed => "period_reversed",
            PeriodError::TooLong => "period_too_long",
        }
    }

    pub fn message_key(self) -> &'static str {
        match self {
            PeriodError::Format => "report-error-period-format",
            PeriodError::Reversed => "report-error-period-reversed",
            PeriodError::TooLong => "report-error-period-too-long",
        }
    }
}

impl Period {
    /// Parses `2026` (the year), `2026-S1`/`2026-S2` (half year),
    /// `2026-Q1`..`2026-Q4` (quarter), `2026-05` (month) or
    /// `2026-01-01..2026-06-30` (any range up to five years).
    pub fn parse(input: &str) -> Result<Period, PeriodError> {
        let s = input.trim();
        if let Some((a, b)) = s.split_once("..") {
            let from = Date::parse_iso(a.trim()).map_err(|_| PeriodError::Format)?;
            let to = Date::parse_iso(b.trim()).map_err(|_| PeriodError::Format)?;
            return Period::range(from, to);
        }
        let (year, rest) = match s.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (s, None),
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(PeriodError::Format);
        }
        let y: u16 = year.parse().map_err(|_| PeriodError::Format)?;
        let months = |first: u8, last: u8| -> Result<Period, PeriodError> {
            let from = Date::new(y, first, 1).map_err(|_| PeriodError::Format)?;
            let days = crate::case::date::days_in_month(y, last).ok_or(PeriodError::Format)?;
            let to = Date::new(y, last, days).map_err(|_| PeriodError::Format)?;
            Period::range(from, to)
        };
        match rest.map(|r| r.to_ascii_uppercase()) {
            None => months(1, 12),
            Some(r) => match r.as_str() {
                "S1" | "H1" => months(1, 6),
                "S2" | "H2" => months(7, 12),
                "Q1" => months(1, 3),
                "Q2" => months(4, 6),
                "Q3" => months(7, 9),
                "Q4" => months(10, 12),
                m if m.len() == 2 && m.bytes().all(|b| b.is_ascii_digit()) => {
                    let m: u8 = m.parse().map_err(|_| PeriodError::Format)?;
                    if !(1..=12).contains(&m) {
                        return Err(PeriodError::Format);
                    }
                    months(m, m)
                }
                _ => Err(PeriodError::Format),
            },
        }
    }

    pub fn range(from: Date, to: Date) -> Result<Period, PeriodError> {
        if to < from {
            return Err(PeriodError::Reversed);
        }
        if to.to_unix_days() - from.to_unix_days() > 5 * 366 {
            return Err(PeriodError::TooLong);
        }
        Ok(Period { from, to })
    }

    pub fn contains(self, d: Date) -> bool {
        self.from <= d && d <= self.to
    }

    /// The calendar months the period touches, oldest first.
    pub fn months(self) -> Vec<Month> {
        let mut out = Vec::new();
        let last = Month::of(self.to);
        let mut m = Month::of(self.from);
        while m <= last {
            out.push(m);
            m = if m.month == 12 {
                Month {
                    year: m.year + 1,
                    month: 1,
                }
            } else {
                Month {
                    year: m.year,
                    month: m.month + 1,
                }
            };
        }
        out
    }

    /// Days in the period.
    pub fn days(self) -> i64 {
        self.to.to_unix_days() - self.from.to_unix_days() + 1
    }

    /// A stable, ASCII label for file names: `2026-01-01_2026-12-31`.
    pub fn slug(self) -> String {
        format!("{}_{}", self.from.to_iso(), self.to.to_iso())
    }
}

/// The target groups of a case as a report shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupMix {
    /// (a) signs of alienation and suspected radicalisation only.
    A,
    /// (b) returnee or (attempted) traveller only.
    B,
    /// Both.
    AB,
}

impl GroupMix {
    pub const ALL: [GroupMix; 3] = [GroupMix::A, GroupMix::B, GroupMix::AB];

    pub fn from_groups(a: bool, b: bool) -> GroupMix {
        match (a, b) {
            (true, true) => GroupMix::AB,
            (false, true) => GroupMix::B,
            _ => GroupMix::A,
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            GroupMix::A => "report-group-a",
            GroupMix::B => "report-group-b",
            GroupMix::AB => "report-group-ab",
        }
    }
}

/// An age band: wide enough that it does not single anyone out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AgeBand {
    Under14,
    From14To17,
    From18To24,
    From25To34,
    From35,
    Unknown,
}

impl AgeBand {
    pub const ALL: [AgeBand; 6] = [
        AgeBand::Under14,
        AgeBand::From14To17,
        AgeBand::From18To24,
        AgeBand::From25To34,
        AgeBand::From35,
        AgeBand::Unknown,
    ];

    pub fn of_age(age: Option<u32>) -> AgeBand {
        match age {
            None => AgeBand::Unknown,
            Some(a) if a < 14 => AgeBand::Under14,
            Some(a) if a < 18 => AgeBand::From14To17,
            Some(a) if a < 25 => AgeBand::From18To24,
            Some(a) if a < 35 => AgeBand::From25To34,
            Some(_) => AgeBand::From35,
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            AgeBand::Under14 => "report-age-under-14",
            AgeBand::From14To17 => "report-age-14-17",
            AgeBand::From18To24 => "report-age-18-24",
            AgeBand::From25To34 => "report-age-25-34",
            AgeBand::From35 => "report-age-35-plus",
            AgeBand::Unknown => "report-age-unknown",
        }
    }
}

/// Where a case stands at the end of the period, as the Stuurgroep reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Referred, in screening.
    Screening,
    /// On the agenda or being assessed at the table, or back for more information.
    AtTheTable,
    /// In a socio-preventive trajectory.
    FollowUp,
    /// Ended: the outcome says how.
    Ended,
}

impl Phase {
    pub const ALL: [Phase; 4] = [
        Phase::Screening,
        Phase::AtTheTable,
        Phase::FollowUp,
        Phase::Ended,
    ];

    pub fn of(state: CaseState) -> Phase {
        match state {
            CaseState::Aangemeld | CaseState::Screening => Phase::Screening,
            CaseState::Geagendeerd
            | CaseState::InBeoordeling
            | CaseState::OnvoldoendeInformatie => Phase::AtTheTable,
            CaseState::SocioPreventief => Phase::FollowUp,
            CaseState::Doorverwezen
            | CaseState::EigenWerking
            | CaseState::Veiligheidsrisico
            | CaseState::BuitenScope
            | CaseState::Afgesloten
            | CaseState::Overgedragen => Phase::Ended,
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Phase::Screening => "report-phase-screening",
            Phase::AtTheTable => "report-phase-table",
            Phase::FollowUp => "report-phase-follow-up",
            Phase::Ended => "report-phase-ended",
        }
    }
}

/// How a case ended (or that it has not).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Still running at the end of the period.
    Running,
    /// Referred elsewhere at screening (doorverwezen).
    ReferredElsewhere,
    /// Handled by the referrer in its own work.
    OwnWork,
    /// Outside the LIVC's scope.
    OutsideScope,
    /// A security risk, handed to police and justice.
    SecurityRisk,
    /// Closed by the table.
    Closed,
    /// Handed to the LIVC-R of the new municipality.
    Transferred,
}

impl Outcome {
    pub const ALL: [Outcome; 7] = [
        Outcome::Running,
        Outcome::ReferredElsewhere,
        Outcome::OwnWork,
        Outcome::OutsideScope,
        Outcome::SecurityRisk,
        Outcome::Closed,
        Outcome::Transferred,
    ];

    pub fn of(state: CaseState) -> Outcome {
        match state {
            CaseState::Doorverwezen => Outcome::ReferredElsewhere,
            CaseState::EigenWerking => Outcome::OwnWork,
            CaseState::BuitenScope => Outcome::OutsideScope,
            CaseState::Veiligheidsrisico => Outcome::SecurityRisk,
            CaseState::Afgesloten => Outcome::Closed,
            CaseState::Overgedragen => Outcome::Transferred,
            _ => Outcome::Running,
        }
    }

    pub fn label_key(self) -> &'static str {
        match self {
            Outcome::Running => "report-outcome-running",
            Outcome::ReferredElsewhere => "report-outcome-referred-elsewhere",
            Outcome::OwnWork => "report-outcome-own-work",
            Outcome::OutsideScope => "report-outcome-outside-scope",
            Outcome::SecurityRisk => "report-outcome-security-risk",
            Outcome::Closed => "report-outcome-closed",
            Outcome::Transferred => "report-outcome-transferred",
        }
    }
}

/// What the report needs of one case: no code, no id, no name, no free text.
/// The caller computes `age_at_end` from the date of birth and drops the date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFacts {
    pub group_a: bool,
    pub group_b: bool,
    /// A minor at referral (target group c).
    pub minor: bool,
    /// Age in whole years at the end of the period, when the date of birth is known.
    pub age_at_end: Option<u32>,
    pub referred_on: Date,
    /// Every state change: the day and the state entered, in order.
    pub moves: Vec<(Date, CaseState)>,
    /// The same person was referred before (an earlier case of this tenant).
    pub re_referral: bool,
}

impl CaseFacts {
    /// The state at the end of `day`.
    fn state_on(&self, day: Date) -> Option<CaseState> {
        if self.referred_on > day {
            return None;
        }
        let mut s = CaseState::Aangemeld;
        for (d, to) in &self.moves {
            if *d <= day {
                s = *to;
            }
        }
        Some(s)
    }

    /// The first day the case entered one of `states`.
    fn first_entered(&self, states: &[CaseState]) -> Option<Date> {
        self.moves
            .iter()
            .find(|(_, s)| states.contains(s))
            .map(|(d, _)| *d)
    }

    /// The day it reached its final state, if it did.
    fn ended_on(&self) -> Option<Date> {
        self.moves
            .iter()
            .find(|(_, s)| Phase::of(*s) == Phase::Ended)
            .map(|(d, _)| *d)
    }
}

/// One Partnertafel meeting in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingFacts {
    pub on: Date,
    pub ad_hoc: bool,
    /// Held (not cancelled, not merely planned).
    pub held: bool,
    /// Still planned and not yet begun: neither held nor missed, so not
    /// counted as cancelled.
    pub upcoming: bool,
    /// Per seat: the organisation type's label key and whether present.
    pub attendance: Vec<(String, bool)>,
}

/// Everything the report is made of, read by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFacts {
    pub period: Period,
    pub k: Threshold,
    pub cases: Vec<CaseFacts>,
    pub meetings: Vec<MeetingFacts>,
    /// The Partnertafel's yearly norm of meetings (the profile's).
    pub yearly_norm: u32,
    /// Signals: the day observed and the theme.
    pub signals: Vec<(Date, Theme)>,
    /// Contacts: the day and their themes (a contact may name several).
    pub contacts: Vec<(Date, Vec<Theme>)>,
}

/// One line of the anonymised case overview.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct CaseLine {
    /// 1, 2, 3, ... in this report only; assigned after sorting on the
    /// published attributes.
    pub number: usize,
    pub phase: Phase,
    pub group: GroupMix,
    pub minor: bool,
    pub age_band: AgeBand,
    /// Whole months in socio-preventive follow-up up to the end of the period.
    pub months_in_follow_up: u32,
    pub outcome: Outcome,
}

/// A protected count table with the label keys or texts of its rows and columns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountTable {
    /// Stable id: the CSV name and anchor.
    pub id: &'static str,
    pub rows: Vec<Label>,
    pub columns: Vec<Label>,
    pub table: ProtectedTable,
}

/// A row or column label: a message key, or a text that is not personal
/// (a month "03/2026").
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Label {
    Key(&'static str),
    Text(String),
}

/// A median in days, published only when at least `k` cases measured it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Measure {
    Days(i64),
    /// Fewer than k cases: not published.
    TooFew,
    /// No case measured it.
    None,
}

/// The evaluation of case management the plan asks for (seed 2.3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Evaluation {
    /// Median days from referral to the first table, over cases first at the
    /// table in the period.
    pub to_first_table: Measure,
    /// Median days from referral to the end, over cases ended in the period.
    pub to_end: Measure,
    /// Socio-preventive trajectories that ended in the period, and how many
    /// of them without escalation to a security risk (a 2x1 table, protected).
    pub trajectories: CountTable,
    /// Re-referrals among the cases referred in the period (protected).
    pub re_referrals: CountTable,
}

/// The Partnertafel's working in the period.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableWorking {
    pub held_regular: u32,
    pub held_ad_hoc: u32,
    pub cancelled: u32,
    /// The norm over this period: the yearly norm pro rata (rounded up).
    pub norm_for_period: u32,
    /// Per organisation type (label key): seats present and absent over the
    /// held meetings. About organisations, not persons: not suppressed.
    pub attendance: Vec<(String, u32, u32)>,
}

/// The assembled report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StuurgroepReport {
    pub period: Period,
    pub k: Threshold,
    pub working: TableWorking,
    pub case_lines: Vec<CaseLine>,
    /// Cases per phase (rows) and target groups (columns).
    pub phase_by_group: CountTable,
    /// Cases per outcome and minor/adult.
    pub outcomes: CountTable,
    /// Cases per age band.
    pub age_bands: CountTable,
    /// Cases per phase at the end of each month.
    pub phase_by_month: CountTable,
    pub evaluation: Evaluation,
    /// Signals per month and theme.
    pub signals: CountTable,
    /// Contacts per month and theme (a contact with several themes counts in each).
    pub contacts: CountTable,
}

/// Builds the report. Cases count when they were referred on or before the
/// end of the period and had not ended before its start.
pub fn build(facts: &ReportFacts) -> Result<StuurgroepReport, DisclosureError> {
    let p = facts.period;
    let k = facts.k;
    let cases: Vec<&CaseFacts> = facts
        .cases
        .iter()
        .filter(|c| c.referred_on <= p.to && c.ended_on().is_none_or(|e| e >= p.from))
        .collect();

    // The overview, sorted on what it publishes, then numbered.
    let mut lines: Vec<CaseLine> = cases
        .iter()
        .map(|c| {
            let state = c.state_on(p.to).unwrap_or(CaseState::Aangemeld);
            CaseLine {
                number: 0,
                phase: Phase::of(state),
                group: GroupMix::from_groups(c.group_a, c.group_b),
                minor: c.minor,
                age_band: AgeBand::of_age(c.age_at_end),
                months_in_follow_up: months_in_follow_up(c, p.to),
                outcome: Outcome::of(state),
            }
        })
        .collect();
    lines.sort();
    for (i, l) in lines.iter_mut().enumerate() {
        l.number = i + 1;
    }

    let phase_by_group = count_table(
        "casussen-fase-doelgroep",
        Phase::ALL
            .iter()
            .map(|x| Label::Key(x.label_key()))
            .collect(),
        GroupMix::ALL
            .iter()
            .map(|x| Label::Key(x.label_key()))
            .collect(),
        lines
            .iter()
            .map(|l| (idx(&Phase::ALL, l.phase), idx(&GroupMix::ALL, l.group))),
        k,
    )?;
    let outcomes = count_table(
        "casussen-uitkomst",
        Outcome::ALL
            .iter()
            .map(|x| Label::Key(x.label_key()))
            .collect(),
        vec![
            Label::Key("report-col-minor"),
            Label::Key("report-col-adult"),
        ],
        lines
            .iter()
            .map(|l| (idx(&Outcome::ALL, l.outcome), usize::from(!l.minor))),
        k,
    )?;
    let age_bands = count_table(
        "casussen-leeftijd",
        AgeBand::ALL
            .iter()
            .map(|x| Label::Key(x.label_key()))
            .collect(),
        vec![Label::Key("report-col-cases")],
        lines.iter().map(|l| (idx(&AgeBand::ALL, l.age_band), 0)),
        k,
    )?;

    let months = p.months();
    let mut month_phase = Vec::new();
    for (i, m) in months.iter().enumerate() {
        let end = month_end(*m).map_or(p.to, |e| e.min(p.to));
        for c in &cases {
            if let Some(s) = c.state_on(end) {
                let phase = Phase::of(s);
                if phase != Phase::Ended {
                    month_phase.push((i, idx(&Phase::ALL, phase)));
                }
            }
        }
    }
    let phase_by_month = count_table(
        "casussen-per-maand",
        months.iter().map(|m| Label::Text(m.label())).collect(),
        Phase::ALL[..3]
            .iter()
            .map(|x| Label::Key(x.label_key()))
            .collect(),
        month_phase,
        k,
    )?;

    let evaluation = evaluation(&cases, p, k)?;
    let working = working(facts);

    let month_index: BTreeMap<Month, usize> =
        months.iter().enumerate().map(|(i, m)| (*m, i)).collect();
    let theme_labels: Vec<Label> = Theme::ALL
        .iter()
        .map(|t| Label::Text(t.code().to_owned()))
        .collect();
    let signals = count_table(
        "signalen-maand-thema",
        months.iter().map(|m| Label::Text(m.label())).collect(),
        theme_labels.clone(),
        facts
            .signals
            .iter()
            .filter_map(|(d, t)| Some((*month_index.get(&Month::of(*d))?, idx(Theme::ALL, *t)))),
        k,
    )?;
    let contacts = count_table(
        "contacten-maand-thema",
        months.iter().map(|m| Label::Text(m.label())).collect(),
        theme_labels,
        facts.contacts.iter().flat_map(|(d, themes)| {
            let row = month_index.get(&Month::of(*d)).copied();
            themes
                .iter()
                .filter_map(move |t| Some((row?, idx(Theme::ALL, *t))))
        }),
        k,
    )?;

    Ok(StuurgroepReport {
        period: p,
        k,
        working,
        case_lines: lines,
        phase_by_group,
        outcomes,
        age_bands,
        phase_by_month,
        evaluation,
        signals,
        contacts,
    })
}

fn idx<T: PartialEq>(all: &[T], x: T) -> usize {
    all.iter().position(|a| *a == x).unwrap_or(0)
}

fn month_end(m: Month) -> Option<Date> {
    let days = crate::case::date::days_in_month(m.year, m.month)?;
    Date::new(m.year, m.month, days).ok()
}

fn count_table(
    id: &'static str,
    rows: Vec<Label>,
    columns: Vec<Label>,
    points: impl IntoIterator<Item = (usize, usize)>,
    k: Threshold,
) -> Result<CountTable, DisclosureError> {
    let mut counts = vec![vec![0u64; columns.len()]; rows.len()];
    for (r, c) in points {
        if let Some(cell) = counts.get_mut(r).and_then(|row| row.get_mut(c)) {
            *cell += 1;
        }
    }
    Ok(CountTable {
        id,
        rows,
        columns,
        table: protect_table(&counts, k)?,
    })
}

/// Whole months (30-day blocks) spent in socio-preventive follow-up up to `end`.
fn months_in_follow_up(c: &CaseFacts, end: Date) -> u32 {
    let mut days = 0i64;
    let mut since: Option<Date> = None;
    for (d, s) in c.moves.iter().filter(|(d, _)| *d <= end) {
        match (since, *s == CaseState::SocioPreventief) {
            (None, true) => since = Some(*d),
            (Some(from), false) => {
                days += d.to_unix_days() - from.to_unix_days();
                since = None;
            }
            _ => {}
        }
    }
    if let Some(from) = since {
        days += end.to_unix_days() - from.to_unix_days();
    }
    u32::try_from(days.max(0) / 30).unwrap_or(u32::MAX)
}

fn median(mut v: Vec<i64>, k: Threshold) -> Measure {
    if v.is_empty() {
        return Measure::None;
    }
    if (v.len() as u64) < k.get() {
        return Measure::TooFew;
    }
    v.sort_unstable();
    let n = v.len();
    let m = if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2
    };
    Measure::Days(m)
}

fn evaluation(
    cases: &[&CaseFacts],
    p: Period,
    k: Threshold,
) -> Result<Evaluation, DisclosureError> {
    let to_first_table = median(
        cases
            .iter()
            .filter_map(|c| {
                let d = c.first_entered(&[CaseState::InBeoordeling])?;
                p.contains(d)
                    .then(|| d.to_unix_days() - c.referred_on.to_unix_days())
            })
            .collect(),
        k,
    );
    let to_end = median(
        cases
            .iter()
            .filter_map(|c| {
                let d = c.ended_on()?;
                p.contains(d)
                    .then(|| d.to_unix_days() - c.referred_on.to_unix_days())
            })
            .collect(),
        k,
    );
    // Trajectories (cases that were in socio-preventive follow-up) ended in
    // the period: without escalation, or escalated to a security risk.
    let mut traj = Vec::new();
    for c in cases {
        if c.first_entered(&[CaseState::SocioPreventief]).is_none() {
            continue;
        }
        let Some(end) = c.ended_on().filter(|d| p.contains(*d)) else {
            continue;
        };
        let escalated = c
            .moves
            .iter()
            .any(|(d, s)| *s == CaseState::Veiligheidsrisico && *d <= end);
        traj.push((usize::from(escalated), 0));
    }
    let trajectories = count_table(
        "evaluatie-trajecten",
        vec![
            Label::Key("report-eval-without-escalation"),
            Label::Key("report-eval-escalated"),
        ],
        vec![Label::Key("report-col-trajectories")],
        traj,
        k,
    )?;
    let re = cases
        .iter()
        .filter(|c| p.contains(c.referred_on))
        .map(|c| (usize::from(!c.re_referral), 0));
    let re_referrals = count_table(
        "evaluatie-heraanmeldingen",
        vec![
            Label::Key("report-eval-re-referral"),
            Label::Key("report-eval-first-referral"),
        ],
        vec![Label::Key("report-col-referrals")],
        re,
        k,
    )?;
    Ok(Evaluation {
        to_first_table,
        to_end,
        trajectories,
        re_referrals,
    })
}

fn working(f: &ReportFacts) -> TableWorking {
    let mut w = TableWorking {
        held_regular: 0,
        held_ad_hoc: 0,
        cancelled: 0,
        norm_for_period: 0,
        attendance: Vec::new(),
    };
    let mut per_kind: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for m in f.meetings.iter().filter(|m| f.period.contains(m.on)) {
        match (m.held, m.ad_hoc) {
            (true, false) => w.held_regular += 1,
            (true, true) => w.held_ad_hoc += 1,
            (false, _) if !m.upcoming => w.cancelled += 1,
            (false, _) => {}
        }
        if m.held {
            for (kind, present) in &m.attendance {
                let e = per_kind.entry(kind.clone()).or_default();
                if *present {
                    e.0 += 1;
                } else {
                    e.1 += 1;
                }
            }
        }
    }
    let days = f.period.days().max(0);
    let norm = (i64::from(f.yearly_norm) * days + 364) / 365;
    w.norm_for_period = u32::try_from(norm).unwrap_or(u32::MAX);
    w.attendance = per_kind.into_iter().map(|(k, (p, a))| (k, p, a)).collect();
    w
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use crate::report::disclosure::{Cell, audit};
    use proptest::prelude::*;

    fn d(y: u16, m: u8, day: u8) -> Date {
        Date::new(y, m, day).unwrap()
    }

    fn year() -> Period {
        Period::parse("2026").unwrap()
    }

    fn case(referred: Date, moves: &[(Date, CaseState)]) -> CaseFacts {
        CaseFacts {
            group_a: true,
            group_b: false,
            minor: false,
            age_at_end: Some(30),
            referred_on: referred,
            moves: moves.to_vec(),
            re_referral: false,
        }
    }

    fn facts(cases: Vec<CaseFacts>) -> ReportFacts {
        ReportFacts {
            period: year(),
            k: Threshold::default(),
            cases,
            meetings: vec![],
            yearly_norm: 10,
            signals: vec![],
            contacts: vec![],
        }
    }

    #[test]
    fn periods_parse() {
        assert_eq!(
            year(),
            Period::range(d(2026, 1, 1), d(2026, 12, 31)).unwrap()
        );
        let q = Period::parse("2026-q2").unwrap();
        assert_eq!((q.from, q.to), (d(2026, 4, 1), d(2026, 6, 30)));
        let m = Period::parse("2024-02").unwrap();
        assert_eq!(m.to, d(2024, 2, 29));
        let r = Period::parse("2026-03-15..2026-04-02").unwrap();
        assert_eq!(r.months().len(), 2);
        assert_eq!(year().months().len(), 12);
        assert_eq!(Period::parse("2026-13"), Err(PeriodError::Format));
        assert_eq!(Period::parse("26"), Err(PeriodError::Format));
        assert_eq!(Period::parse("x"), Err(PeriodError::Format));
        assert_eq!(
            Period::parse("2026-05-01..2026-04-01"),
            Err(PeriodError::Reversed)
        );
        assert_eq!(
            Period::parse("2010-01-01..2026-01-01"),
            Err(PeriodError::TooLong)
        );
    }

    #[test]
    fn phases_outcomes_and_follow_up() {
        let c = case(
            d(2026, 1, 10),
            &[
                (d(2026, 1, 12), CaseState::Screening),
                (d(2026, 1, 20), CaseState::Geagendeerd),
                (d(2026, 2, 1), CaseState::InBeoordeling),
                (d(2026, 2, 1), CaseState::SocioPreventief),
                (d(2026, 8, 1), CaseState::Afgesloten),
            ],
        );
        let r = build(&facts(vec![c])).unwrap();
        assert_eq!(r.case_lines.len(), 1);
        let l = &r.case_lines[0];
        assert_eq!(l.phase, Phase::Ended);
        assert_eq!(l.outcome, Outcome::Closed);
        assert_eq!(l.months_in_follow_up, 6);
        assert_eq!(l.number, 1);
        // One case: every count is small, so suppressed.
        assert!(
            r.phase_by_group
                .table
                .get(crate::report::disclosure::Position::GrandTotal)
                .unwrap()
                .is_suppressed()
        );
        // Too few to publish a median.
        assert_eq!(r.evaluation.to_first_table, Measure::TooFew);
    }

    #[test]
    fn cases_ended_before_the_period_or_referred_after_do_not_count() {
        let old = case(d(2025, 1, 1), &[(d(2025, 3, 1), CaseState::Afgesloten)]);
        let later = case(d(2027, 1, 1), &[]);
        let running = case(d(2025, 6, 1), &[]);
        let r = build(&facts(vec![old, later, running])).unwrap();
        assert_eq!(r.case_lines.len(), 1);
        assert_eq!(r.case_lines[0].outcome, Outcome::Running);
    }

    #[test]
    fn medians_are_published_from_k_cases() {
        let cases: Vec<CaseFacts> = (0..5u8)
            .map(|i| {
                case(
                    d(2026, 3, 1),
                    &[(d(2026, 3, 2 + i * 2), CaseState::InBeoordeling)],
                )
            })
            .collect();
        let r = build(&facts(cases)).unwrap();
        // Days 1, 3, 5, 7, 9: median 5.
        assert_eq!(r.evaluation.to_first_table, Measure::Days(5));
        assert_eq!(r.evaluation.to_end, Measure::None);
    }

    #[test]
    fn working_counts_meetings_against_the_norm() {
        let mut f = facts(vec![]);
        f.meetings = vec![
            MeetingFacts {
                on: d(2026, 2, 1),
                ad_hoc: false,
                held: true,
                upcoming: false,
                attendance: vec![("police".into(), true), ("school".into(), false)],
            },
            MeetingFacts {
                on: d(2026, 3, 1),
                ad_hoc: true,
                held: true,
                upcoming: false,
                attendance: vec![("police".into(), true)],
            },
            MeetingFacts {
                on: d(2026, 4, 1),
                ad_hoc: false,
                held: false,
                upcoming: false,
                attendance: vec![("police".into(), false)],
            },
            // Planned for later in the period: not (yet) a missed meeting.
            MeetingFacts {
                on: d(2026, 11, 30),
                ad_hoc: true,
                held: false,
                upcoming: true,
                attendance: vec![],
            },
            MeetingFacts {
                on: d(2025, 4, 1),
                ad_hoc: false,
                held: true,
                upcoming: false,
                attendance: vec![],
            },
        ];
        let w = build(&f).unwrap().working;
        assert_eq!((w.held_regular, w.held_ad_hoc, w.cancelled), (1, 1, 1));
        assert_eq!(w.norm_for_period, 10);
        assert_eq!(
            w.attendance,
            vec![("police".into(), 2, 0), ("school".into(), 0, 1)]
        );
        f.period = Period::parse("2026-S1").unwrap();
        assert_eq!(build(&f).unwrap().working.norm_for_period, 5);
    }

    fn state() -> impl Strategy<Value = CaseState> {
        prop::sample::select(CaseState::ALL.to_vec())
    }

    fn any_case() -> impl Strategy<Value = CaseFacts> {
        (
            any::<bool>(),
            any::<bool>(),
            any::<bool>(),
            prop::option::of(5u32..60),
            0i64..800,
            prop::collection::vec((0i64..400, state()), 0..4),
            any::<bool>(),
        )
            .prop_map(|(a, b, minor, age, start, moves, re)| {
                let base = d(2025, 6, 1).to_unix_days() + start;
                let referred = Date::from_unix_days(base).unwrap();
                let mut at = base;
                let moves = moves
                    .into_iter()
                    .map(|(gap, s)| {
                        at += gap;
                        (Date::from_unix_days(at).unwrap(), s)
                    })
                    .collect();
                CaseFacts {
                    group_a: a,
                    group_b: b,
                    minor,
                    age_at_end: age,
                    referred_on: referred,
                    moves,
                    re_referral: re,
                }
            })
    }

    fn tables(r: &StuurgroepReport) -> Vec<&CountTable> {
        vec![
            &r.phase_by_group,
            &r.outcomes,
            &r.age_bands,
            &r.phase_by_month,
            &r.evaluation.trajectories,
            &r.evaluation.re_referrals,
            &r.signals,
            &r.contacts,
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Every published cell of every table is 0, at least k, or
        /// suppressed, and passes the independent audit.
        #[test]
        fn every_table_passes_disclosure_control(
            cases in prop::collection::vec(any_case(), 0..40),
            k in 2u64..8,
        ) {
            let mut f = facts(cases);
            f.k = Threshold::new(k).unwrap();
            let r = build(&f).unwrap();
            for t in tables(&r) {
                for pos in t.table.positions() {
                    match t.table.get(pos).unwrap() {
                        Cell::Suppressed | Cell::Hidden => {}
                        c => {
                            let n = c.value().unwrap();
                            prop_assert!(n == 0 || n >= k, "{} {:?} = {}", t.id, pos, n);
                        }
                    }
                }
            }
        }

        /// Two reports that differ by one case do not reveal which case: the
        /// report over A + {c1} equals the report over A + {c2} whenever c1
        /// and c2 publish the same attributes, whatever their order, and
        /// the case overview never holds more than the published attributes.
        #[test]
        fn one_case_more_reveals_no_identity(
            mut cases in prop::collection::vec(any_case(), 0..25),
            extra in any_case(),
            seed in any::<u64>(),
        ) {
            let base = build(&facts(cases.clone())).unwrap();
            let mut with = cases.clone();
            with.push(extra.clone());
            let one_more = build(&facts(with)).unwrap();
            prop_assert!(one_more.case_lines.len() <= base.case_lines.len() + 1);
            // Put the extra case anywhere: the report does not change.
            let pos = (seed as usize) % (cases.len() + 1);
            cases.insert(pos, extra);
            let elsewhere = build(&facts(cases.clone())).unwrap();
            prop_assert_eq!(&one_more, &elsewhere);
            // Shuffle all cases: the same report.
            let n = cases.len();
            if n > 1 {
                cases.swap(0, (seed as usize / 7) % n);
            }
            prop_assert_eq!(&one_more, &build(&facts(cases)).unwrap());
            // Numbers run 1..=n in sorted order of the published attributes.
            for (i, l) in one_more.case_lines.iter().enumerate() {
                prop_assert_eq!(l.number, i + 1);
            }
        }
    }

    #[test]
    fn audit_holds_for_a_realistic_report() {
        let cases: Vec<CaseFacts> = (0..37u8)
            .map(|i| {
                let mut c = case(
                    d(2026, 1 + i % 12, 1 + i % 27),
                    &[(d(2026, 1 + i % 12, 2 + i % 27), CaseState::Screening)],
                );
                c.minor = i % 3 == 0;
                c.group_b = i % 5 == 0;
                c
            })
            .collect();
        let r = build(&facts(cases.clone())).unwrap();
        let mut counts = vec![vec![0u64; 3]; 4];
        for l in &r.case_lines {
            counts[idx(&Phase::ALL, l.phase)][idx(&GroupMix::ALL, l.group)] += 1;
        }
        audit(&counts, &r.phase_by_group.table).unwrap();
    }
}
