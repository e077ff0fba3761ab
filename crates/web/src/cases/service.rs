//! The LIVC-R case flow, shared by the pages and the JSON API: referral,
//! the case list, opening a case, the steps of the state machine, the LTF
//! check and revealing an identity. Every function asks
//! `verbind_domain::policy::decide_case` first and audits what it did.

use verbind_domain::OrganisationId;
use verbind_domain::audit::AuditAction;
use verbind_domain::case::decision::{
    self as decision_rules, DecisionKind, DecisionStatus, EarlierProposal, MeetingPhase, Outcome,
    Vote, VoteOutcome, tally,
};
use verbind_domain::case::identity::NationalNumber;
use verbind_domain::case::lifecycle::{
    self, CaseState, Guards, ReceivingLivc, SecurityRiskReason, Transition,
};
use verbind_domain::case::referral::{
    LocalTie, LtfCheck, ReferralReason, ReferralSource, TargetGroup, TargetGroups, is_minor,
    protective_measure_flag, validate_date_of_birth,
};
use verbind_domain::case::work::CaseWork;
use verbind_domain::case::{Date, RevealPurpose};
use verbind_domain::policy::{CaseAction, CaseContext, Decision, DenyReason, decide_case};
use verbind_domain::{Role, TenantId};
use verbind_store::DbConn;
use verbind_store::models::case::{self as cases, CaseRow, Identity, Move, NewCase};
use verbind_store::models::decision::{self as decisions, DecisionRow, Proposal};
use verbind_store::models::meeting as meetings;
use verbind_store::models::{audit, body, ethics, organisation, tenant};

use crate::error::{AppError, AppResult};
use crate::i18n::format_date;
use crate::middleware::session::CurrentSession;
use crate::state::{AppState, Inner};

/// The pseudonym prefix of a tenant's case codes: the initials of its slug
/// (`sint-niklaas` -> `SN`), two to four letters.
pub fn code_prefix(slug: &str) -> String {
    let words: Vec<&str> = slug.split('-').filter(|w| !w.is_empty()).collect();
    let mut p: String = words
        .iter()
        .filter_map(|w| w.chars().next())
        .filter(char::is_ascii_alphabetic)
        .take(4)
        .collect();
    if p.len() < 2 {
        p = slug
            .chars()
            .filter(char::is_ascii_alphabetic)
            .take(2)
            .collect();
    }
    while p.len() < 2 {
        p.push('X');
    }
    p.to_ascii_uppercase()
}

/// Today's date in Brussels.
pub fn today(state: &Inner) -> Option<Date> {
    let ms = state.clock.now_ms();
    Date::parse_dd_mm_yyyy(&format_date(ms))
        .ok()
        .or_else(|| Date::from_unix_ms_utc(ms))
}

/// Why the policy refused, as a 403 with the refusal logged.
pub(crate) fn refuse(d: Decision) -> AppError {
    if let Decision::Deny(r) = d {
        tracing::warn!(reason = ?r, "case access denied");
    }
    // Refused only for the code of ethics: pages send the user to it.
    AppError::denied(d)
}

/// The facts `decide_case` needs about this user and (optionally) this case.
pub fn context(
    c: &mut DbConn,
    s: &CurrentSession,
    case: Option<&CaseRow>,
    reauth_fresh: bool,
    purpose_given: bool,
) -> Result<CaseContext, verbind_store::StoreError> {
    let facts = match case {
        // Only a question without a case needs the user's tables.
        Some(_) => UserFacts::read(c, s)?,
        None => UserFacts::read(c, s)?.with_tables(c, s)?,
    };
    Ok(facts.context(case, reauth_fresh, purpose_given))
}

/// What [`context`] knows of the user, read once: a list asks it for every
/// case with no further reads.
pub(crate) struct UserFacts {
    /// The bodies where the user holds a seat.
    seat_bodies: Vec<String>,
    /// Whether one of them is a Partnertafel ([`UserFacts::with_tables`];
    /// `false` until asked).
    at_a_table: bool,
    is_police: bool,
    ethics_code_accepted: bool,
}

impl UserFacts {
    pub(crate) fn read(
        c: &mut DbConn,
        s: &CurrentSession,
    ) -> Result<Self, verbind_store::StoreError> {
        let seat_bodies: Vec<String> = body::seats_of_user(c, &s.tenant_id, &s.user_id)?
            .into_iter()
            .map(|seat| seat.body_id)
            .collect();
        let org = organisation::find(c, &s.tenant_id, &s.organisation_id)?;
        Ok(Self {
            seat_bodies,
            at_a_table: false,
            is_police: org.kind == "police",
            ethics_code_accepted: ethics::accepted_in_force(c, &s.tenant_id, &s.user_id)?,
        })
    }

    /// Finds out whether the user holds a seat at a Partnertafel: what a
    /// question without a case (the case list) needs.
    pub(crate) fn with_tables(
        mut self,
        c: &mut DbConn,
        s: &CurrentSession,
    ) -> Result<Self, verbind_store::StoreError> {
        self.at_a_table = body::list(c, &s.tenant_id)?
            .into_iter()
            .any(|b| b.kind == "partnertafel" && self.seat_bodies.contains(&b.id));
        Ok(self)
    }

    pub(crate) fn context(
        &self,
        case: Option<&CaseRow>,
        reauth_fresh: bool,
        purpose_given: bool,
    ) -> CaseContext {
        let holds = match case {
            Some(case) => self.seat_bodies.contains(&case.body_id),
            None => self.at_a_table,
        };
        CaseContext {
            holds_seat_at_case_table: holds,
            is_guest_for_item: false,
            ethics_code_accepted: self.ethics_code_accepted,
            is_police_at_table: holds && self.is_police,
            reauth_fresh,
            purpose_given,
            identity_open_to_table: case.is_some_and(|case| {
                match (
                    CaseState::parse(&case.state),
                    verbind_domain::case::LtfCheck::parse(&case.ltf_status),
                ) {
                    (Some(state), Some(ltf)) => {
                        verbind_domain::case::access::identity_open_to_table(state, ltf)
                    }
                    _ => false,
                }
            }),
        }
    }
}

/// Loads a case of the session's tenant by an id from outside and asks the
/// policy for `action`: the first lines of every case handler. A malformed or
/// unknown id (or another tenant's) is "not found"; a refusal is audited
/// ([`audit_refusal`], in the caller's transaction) and comes back as the
/// inner `Err` for the caller to turn into a 403.
pub(crate) fn authorised_case(
    c: &mut DbConn,
    s: &CurrentSession,
    id: &str,
    action: CaseAction,
    now: i64,
) -> Result<Result<(CaseRow, CaseContext), Decision>, verbind_store::StoreError> {
    let case = find_case(c, &s.tenant_id, id)?;
    let ctx = context(c, s, Some(&case), false, false)?;
    let d = decide_case(&s.actor(), &case.tenant(), action, &ctx);
    if d.is_allowed() {
        Ok(Ok((case, ctx)))
    } else {
        audit_refusal(c, s, Some(&case), now)?;
        Ok(Err(d))
    }
}

/// Records that `s` read `part` of case `case` (a page of the case file or
/// its API twin: `feedback`, `fiche`, `trajectory`, `assessment`): every
/// read of case data is audited, like the file itself (`CaseViewed`).
pub(crate) fn audit_case_read(
    c: &mut DbConn,
    s: &CurrentSession,
    case: &CaseRow,
    part: &str,
    now: i64,
) -> Result<(), verbind_store::StoreError> {
    audit::append(
        c,
        now,
        &entry(s, AuditAction::CaseViewed, "ok")
            .object("case", &case.id)
            .detail(format!("part={part}")),
    )
    .map(|_| ())
}

/// Records a refused access to a case path (QUALITY.md §2.5: a refusal is
/// audited as much as a read): `AccessDenied`, object "case", with the id only
/// of a case of the session's tenant that was loaded (never a string from the
/// request as such). Every case path's refusal goes through here.
pub(crate) fn audit_refusal(
    c: &mut DbConn,
    s: &CurrentSession,
    case: Option<&CaseRow>,
    now: i64,
) -> Result<(), verbind_store::StoreError> {
    audit::append(c, now, &refusal_entry(s, case)).map(|_| ())
}

/// The entry [`audit_refusal`] appends.
pub(crate) fn refusal_entry(s: &CurrentSession, case: Option<&CaseRow>) -> audit::NewEntry {
    let mut e = entry(s, AuditAction::AccessDenied, "denied");
    match case {
        Some(case) => e = e.object("case", &case.id),
        None => e.object_type = Some("case".to_owned()),
    }
    e
}

/// [`audit_refusal`] for a refusal before any case was loaded (the API's
/// role and ethics gate): `id` from the path names the case only when it is
/// a well-formed id of a case of the session's tenant. One transaction.
pub(crate) async fn record_refusal(
    state: &AppState,
    s: &CurrentSession,
    id: Option<String>,
) -> AppResult<()> {
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, _| {
            let case = match id.as_deref().map(|id| find_case(c, &s.tenant_id, id)) {
                Some(Ok(row)) => Some(row),
                None | Some(Err(verbind_store::StoreError::NotFound)) => None,
                Some(Err(e)) => return Err(e),
            };
            audit_refusal(c, &s, case.as_ref(), now)
        })
        .await
}

/// Why a case service refused: the policy, or the case's phase.
pub(crate) enum Refusal {
    Policy(Decision),
    Work(verbind_domain::case::work::WorkRefusal),
}

impl From<Decision> for Refusal {
    fn from(d: Decision) -> Self {
        Refusal::Policy(d)
    }
}

/// [`refuse`] for a policy refusal; a phase refusal is a 409 with its rule.
pub(crate) fn refuse_any(r: Refusal) -> AppError {
    match r {
        Refusal::Policy(d) => refuse(d),
        Refusal::Work(w) => AppError::case_work(w),
    }
}

/// Whether `case`'s phase takes `work`
/// ([`verbind_domain::case::work::may_work`]): not when closed or handed
/// over, not yet at a table, or stopped by an LTF counter-indication. Asked
/// inside the work's own transaction and after the policy, so nobody who
/// may not open the case learns its phase.
pub(crate) fn work_allowed(case: &CaseRow, work: CaseWork) -> Result<(), Refusal> {
    let phase = CaseState::parse(&case.state).unwrap_or(CaseState::Aangemeld);
    let ltf = LtfCheck::parse(&case.ltf_status).unwrap_or(LtfCheck::Pending);
    verbind_domain::case::work::may_work(phase, ltf, work).map_err(Refusal::Work)
}

fn entry(s: &CurrentSession, action: AuditAction, outcome: &str) -> audit::NewEntry {
    audit::NewEntry::new(action, outcome)
        .tenant(&s.tenant_id)
        .actor(s.user_id.as_str(), s.organisation_id.as_str())
}

/// Whether this user still has to accept the code of ethics before cases:
/// the version in force in the tenant (the latest the administrator
/// published, or the built-in one), not any earlier one.
pub async fn must_accept_ethics(state: &AppState, s: &CurrentSession) -> AppResult<bool> {
    let s = s.clone();
    state
        .read(move |c, _| Ok(!ethics::accepted_in_force(c, &s.tenant_id, &s.user_id)?))
        .await
}

/// A published version's summary of what changed, for the user asked to accept.
#[derive(Debug, Clone)]
pub struct EthicsChange {
    pub version: String,
    pub published_at: i64,
    pub summary: String,
}

/// The code of ethics in force, as this user is shown it.
#[derive(Debug, Clone)]
pub struct EthicsStatus {
    /// The label of the version in force.
    pub version: String,
    /// When it was published; `None` for the built-in version.
    pub published_at: Option<i64>,
    /// The summary of what changed in the version in force; `None` for the
    /// built-in version.
    pub summary: Option<String>,
    pub accepted: bool,
    /// What changed since the version this user last accepted, oldest first
    /// ([`verbind_domain::case::ethics_code::changes_to_show`]); empty once
    /// the version in force is accepted.
    pub changes: Vec<EthicsChange>,
}

/// The version in force, whether this user accepted it, and what changed
/// since the version they accepted last.
pub async fn ethics_status(state: &AppState, s: &CurrentSession) -> AppResult<EthicsStatus> {
    if !s.role.can_see_case_data() {
        return Err(AppError::forbidden());
    }
    let s = s.clone();
    state
        .read(move |c, st| {
            let published = ethics::versions(c, &st.keyring, &s.tenant_id)?;
            let accepted_versions = ethics::accepted_versions(c, &s.user_id)?;
            let labels: Vec<&str> = published.iter().map(|v| v.row.version.as_str()).collect();
            let accepted: Vec<&str> = accepted_versions.iter().map(String::as_str).collect();
            let range = verbind_domain::case::ethics_code::changes_to_show(&labels, &accepted);
            let in_force = published.last();
            let version = verbind_domain::case::ethics_code::version_in_force(
                in_force.map(|v| v.row.version.as_str()),
            )
            .to_owned();
            Ok(EthicsStatus {
                accepted: accepted.contains(&version.as_str()),
                published_at: in_force.map(|v| v.row.published_at),
                summary: in_force.map(|v| v.summary.clone()),
                changes: published
                    .get(range)
                    .unwrap_or_default()
                    .iter()
                    .map(|v| EthicsChange {
                        version: v.row.version.clone(),
                        published_at: v.row.published_at,
                        summary: v.summary.clone(),
                    })
                    .collect(),
                version,
            })
        })
        .await
}

/// The version in force changed after the user was shown another one: nothing
/// was recorded, the user reads the new version first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EthicsVersionChanged {
    pub in_force: String,
}

/// Records that this user accepted the code of ethics in force (audited with
/// its version). `shown` is the version the user was shown, when the client
/// says: if another version came into force since, nothing is recorded.
/// Returns the version accepted.
pub async fn accept_ethics(
    state: &AppState,
    s: &CurrentSession,
    shown: Option<String>,
) -> AppResult<Result<String, EthicsVersionChanged>> {
    if !s.role.can_see_case_data() {
        return Err(AppError::forbidden());
    }
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, _| {
            // Read in the same transaction as the acceptance, so what is
            // recorded is the version in force when it was accepted.
            let version = ethics::version_in_force_of(c, &s.tenant_id)?;
            if shown.as_deref().is_some_and(|v| v.trim() != version) {
                return Ok(Err(EthicsVersionChanged { in_force: version }));
            }
            ethics::accept(c, &s.tenant_id, &s.user_id, &version, now)?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::EthicsCodeAccepted, "ok")
                    .detail(format!("version={version}")),
            )?;
            Ok(Ok(version))
        })
        .await
}

/// One line of the case list: codes and facts, never a name.
#[derive(Debug, Clone)]
pub struct CaseSummary {
    pub id: String,
    pub code: String,
    pub state: CaseState,
    pub groups: Vec<TargetGroup>,
    pub minor: bool,
    pub protective_measure: bool,
    pub ltf: LtfCheck,
    pub updated_at: i64,
}

fn summary(r: &CaseRow) -> CaseSummary {
    CaseSummary {
        id: r.id.clone(),
        code: r.code.clone(),
        state: CaseState::parse(&r.state).unwrap_or(CaseState::Aangemeld),
        groups: TargetGroups::parse(&r.target_group)
            .map(|g| g.groups())
            .unwrap_or_default(),
        minor: r.minor_at_referral,
        protective_measure: r.protective_measure,
        ltf: LtfCheck::parse(&r.ltf_status).unwrap_or(LtfCheck::Pending),
        updated_at: r.updated_at,
    }
}

/// The cases this user may open: the expert sees every case of the LIVC-R,
/// a partner those of the tables where it holds a seat.
pub async fn list(state: &AppState, s: &CurrentSession) -> AppResult<Vec<CaseSummary>> {
    let now = state.now_ms();
    let s = s.clone();
    state
        .blocking(move |st| {
            st.db
                .read_audited(now, |c| {
                    let facts = UserFacts::read(c, &s)?.with_tables(c, &s)?;
                    let ctx = facts.context(None, false, false);
                    let d = decide_case(&s.actor(), &s.tenant_id, CaseAction::List, &ctx);
                    if !d.is_allowed() {
                        return Ok((Err(d), vec![refusal_entry(&s, None)]));
                    }
                    let mut out = Vec::new();
                    for row in cases::list(c, &s.tenant_id, &[])? {
                        let ctx = facts.context(Some(&row), false, false);
                        if decide_case(&s.actor(), &row.tenant(), CaseAction::Open, &ctx)
                            .is_allowed()
                        {
                            out.push(summary(&row));
                        }
                    }
                    let listed = entry(&s, AuditAction::CaseListViewed, "ok")
                        .detail(format!("cases={}", out.len()));
                    Ok((Ok(out), vec![listed]))
                })
                .map_err(AppError::from)
        })
        .await?
        .map_err(refuse)
}

/// A referral as typed into the form or sent to the API, before parsing.
#[derive(Debug, Clone, Default)]
pub struct ReferralInput {
    pub group_a: bool,
    pub group_b: bool,
    pub name: String,
    pub date_of_birth: String,
    pub address: String,
    pub national_number: String,
    pub lives_in_area: bool,
    pub socially_active_in_area: bool,
    pub reason: String,
    pub source: String,
}

/// Field errors of a referral: (field name, translation key).
pub type FieldErrors = Vec<(&'static str, &'static str)>;

/// A referral that passed every rule.
struct ParsedReferral {
    groups: TargetGroups,
    tie: LocalTie,
    name: String,
    dob: Date,
    address: Option<String>,
    national_number: Option<NationalNumber>,
    reason: ReferralReason,
    source: ReferralSource,
}

fn parse_referral(
    input: &ReferralInput,
    role: Role,
    today: Date,
) -> Result<ParsedReferral, FieldErrors> {
    let mut errors: FieldErrors = Vec::new();
    let mut chosen = Vec::new();
    if input.group_a {
        chosen.push(TargetGroup::Alienation);
    }
    if input.group_b {
        chosen.push(TargetGroup::ReturneeOrTraveller);
    }
    let groups = TargetGroups::new(&chosen)
        .map_err(|e| errors.push(("groups", e.message_key())))
        .ok();
    let tie = LocalTie::new(input.lives_in_area, input.socially_active_in_area)
        .map_err(|e| errors.push(("tie", e.message_key())))
        .ok();
    let name = input.name.trim();
    if name.is_empty() {
        errors.push(("name", "case-field-name-required"));
    } else if name.chars().count() > 200 || name.chars().any(char::is_control) {
        errors.push(("name", "text-error-too-long"));
    }
    let dob = match Date::parse_dd_mm_yyyy(input.date_of_birth.trim()) {
        Ok(d) => match validate_date_of_birth(d, today) {
            Ok(()) => Some(d),
            Err(e) => {
                errors.push(("date_of_birth", e.message_key()));
                None
            }
        },
        Err(e) => {
            errors.push(("date_of_birth", e.message_key()));
            None
        }
    };
    let address = Some(input.address.trim().to_owned()).filter(|a| !a.is_empty());
    if address
        .as_ref()
        .is_some_and(|a| a.chars().count() > 300 || a.chars().any(char::is_control))
    {
        errors.push(("address", "text-error-too-long"));
    }
    let national_number = match input.national_number.trim() {
        "" => None,
        n => match NationalNumber::parse(n) {
            Ok(nn) => Some(nn),
            Err(e) => {
                errors.push(("national_number", e.message_key()));
                None
            }
        },
    };
    if let (Some(nn), Some(d)) = (&national_number, dob)
        && !nn.matches_birth_date(d)
    {
        errors.push(("national_number", "case-field-national-number-birth-date"));
    }
    let reason = ReferralReason::parse(&input.reason)
        .map_err(|e| errors.push(("reason", e.message_key())))
        .ok();
    let source = match ReferralSource::parse(input.source.trim()) {
        Some(src) if src.allowed_for(role) => Some(src),
        _ => {
            errors.push(("source", "case-field-source-invalid"));
            None
        }
    };
    match (groups, tie, dob, reason, source) {
        (Some(groups), Some(tie), Some(dob), Some(reason), Some(source)) if errors.is_empty() => {
            Ok(ParsedReferral {
                groups,
                tie,
                name: name.to_owned(),
                dob,
                address,
                national_number,
                reason,
                source,
            })
        }
        _ => Err(errors),
    }
}

/// The outcome of a referral attempt.
#[derive(Debug)]
pub enum ReferOutcome {
    Created {
        id: String,
        code: String,
    },
    Invalid(FieldErrors),
    /// The contact or signal it was made from was referred already (this is
    /// that case): nothing was created.
    AlreadyReferred(String),
}

/// What the expert refers from, on the prevention side: a contact of the
/// contact point or a reference person's signal (their id). Each leads to
/// at most one case.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferredFrom {
    Contact(String),
    Signal(String),
}

/// Whether this user may refer a case (the policy's `CaseAction::Refer`):
/// a Partnertafel seat holder or the expert. Asked before the form is shown.
pub async fn may_refer(state: &AppState, s: &CurrentSession) -> AppResult<bool> {
    let s = s.clone();
    state
        .read(move |c, _| {
            let ctx = context(c, &s, None, false, false)?;
            Ok(decide_case(&s.actor(), &s.tenant_id, CaseAction::Refer, &ctx).is_allowed())
        })
        .await
}

/// Registers a referral (aanmelding) at the tenant's Partnertafel; `from`
/// the contact or signal it was made from, linked to the new case in the
/// same transaction. That link is conditional (a contact or signal leads to
/// one case): when it was referred meanwhile, by a concurrent request, the
/// whole transaction rolls back (the case, its identity, the audit entries)
/// and the outcome names the case it has.
pub async fn refer(
    state: &AppState,
    s: &CurrentSession,
    input: ReferralInput,
    from: Option<ReferredFrom>,
) -> AppResult<ReferOutcome> {
    match &from {
        Some(ReferredFrom::Contact(_)) => crate::contact::service::require_register(s)?,
        Some(ReferredFrom::Signal(_)) => crate::signals::service::require_referral(s)?,
        None => {}
    }
    let now = state.now_ms();
    let s = s.clone();
    state
        .blocking(move |st| {
            let today = today(st).ok_or_else(|| AppError::internal("clock out of range"))?;
            // Set when the link to `from` was refused: the transaction then
            // returns that `Conflict`, which rolls it back.
            let mut linked_meanwhile = false;
            let done = st.db.write(|c| {
                // The policy first: someone who may not refer learns nothing from field errors.
                let ctx = context(c, &s, None, false, false)?;
                let d = decide_case(&s.actor(), &s.tenant_id, CaseAction::Refer, &ctx);
                if !d.is_allowed() {
                    return Ok(Err(d));
                }
                let parsed = match parse_referral(&input, s.role, today) {
                    Ok(p) => p,
                    Err(e) => return Ok(Ok(ReferOutcome::Invalid(e))),
                };
                let t = tenant::find(c, &s.tenant_id)?;
                let table = body::list(c, &s.tenant_id)?
                    .into_iter()
                    .find(|b| b.kind == "partnertafel")
                    .ok_or_else(|| {
                        verbind_store::StoreError::Invalid("this LIVC-R has no Partnertafel".into())
                    })?;
                let minor = is_minor(parsed.dob, today);
                let identity = Identity {
                    name: parsed.name.clone(),
                    date_of_birth: Some(parsed.dob.to_iso()),
                    address: parsed.address.clone(),
                    national_number: parsed
                        .national_number
                        .as_ref()
                        .map(|n| n.as_digits().to_owned()),
                };
                let row = cases::create(
                    c,
                    &st.keyring,
                    &NewCase {
                        tenant_id: &s.tenant_id,
                        body_id: &table.id,
                        code_prefix: &code_prefix(&t.slug),
                        year: i32::from(today.year()),
                        state: CaseState::Aangemeld.code(),
                        target_group: &parsed.groups.code(),
                        minor_at_referral: minor,
                        protective_measure: protective_measure_flag(minor, parsed.groups),
                        lives_in_area: parsed.tie.lives_in_area(),
                        socially_active_in_area: parsed.tie.socially_active_in_area(),
                        referral_source: parsed.source.code(),
                        referred_by_user_id: Some(s.user_id.as_str()),
                        referred_by_org_id: Some(s.organisation_id.as_str()),
                        reason: parsed.reason.as_str(),
                        ltf_status: LtfCheck::Pending.code(),
                        identity: &identity,
                    },
                    now,
                )?;
                audit::append(
                    c,
                    now,
                    &entry(&s, AuditAction::CaseReferred, "ok")
                        .object("case", &row.id)
                        .detail(format!("source={}", parsed.source.code())),
                )?;
                let link = match &from {
                    Some(ReferredFrom::Contact(id)) => {
                        crate::contact::service::link_case_in(c, &s, id, &row.id, now)
                    }
                    Some(ReferredFrom::Signal(id)) => {
                        crate::signals::service::link_case_in(c, &s, id, &row.id, now)
                    }
                    None => Ok(()),
                };
                if let Err(e) = link {
                    linked_meanwhile = matches!(e, verbind_store::StoreError::Conflict(_));
                    return Err(e);
                }
                Ok(Ok(ReferOutcome::Created {
                    id: row.id,
                    code: row.code,
                }))
            });
            match (done, &from) {
                (Err(verbind_store::StoreError::Conflict(_)), Some(from)) if linked_meanwhile => {
                    // Rolled back; what the contact or signal has is committed.
                    let existing = st.db.read(|c| match from {
                        ReferredFrom::Contact(id) => {
                            crate::contact::service::referred_case(c, &s.tenant_id, id)
                        }
                        ReferredFrom::Signal(id) => {
                            crate::signals::service::referred_case(c, &s.tenant_id, id)
                        }
                    })?;
                    Ok(Ok(ReferOutcome::AlreadyReferred(existing)))
                }
                (done, _) => done.map_err(AppError::from),
            }
        })
        .await?
        .map_err(refuse)
}

/// A case as its reader may see it. No identity: that is a separate reveal.
#[derive(Debug, Clone)]
pub struct CaseDetail {
    pub summary: CaseSummary,
    pub reason: String,
    pub referral_source: String,
    pub referred_by_org: Option<String>,
    pub lives_in_area: bool,
    pub socially_active_in_area: bool,
    pub created_at: i64,
    pub history: Vec<HistoryStep>,
    pub allowed: Vec<Transition>,
    pub may_step: bool,
    pub may_record_ltf: bool,
    pub may_reveal: bool,
    /// Every unanimous decision of the case (open, adopted, withdrawn),
    /// oldest first, with its votes.
    pub decisions: Vec<DecisionView>,
    /// The organisations holding seats at the case's table.
    pub table_orgs: Vec<(String, String)>,
    /// The meetings of the case's table a decision can be put to: planned
    /// (not cancelled, not yet marked held), with attendance recorded (for
    /// the expert).
    pub decision_meetings: Vec<DecisionMeeting>,
    /// For the expert: the names of the partner LIVC-Rs of the register, to
    /// name the receiving one of a transfer.
    pub partner_livcs: Vec<String>,
    /// The known / followed-up check: one line per organisation at the table.
    pub knowledge: Vec<KnowledgeLine>,
    /// The viewer's organisation sits at the table and answers for itself.
    pub may_answer_knowledge: bool,
}

/// One organisation's line of the known / followed-up check.
#[derive(Debug, Clone)]
pub struct KnowledgeLine {
    pub organisation: String,
    /// None while the organisation has not answered: the minimum commitment of a partner.
    pub answer: Option<verbind_store::models::knowledge::Answer>,
    pub mine: bool,
}

/// A meeting a decision can be put to, with the organisations present.
#[derive(Debug, Clone)]
pub struct DecisionMeeting {
    pub id: String,
    pub starts_at: i64,
    /// The names of the organisations present, from the attendance.
    pub present: Vec<String>,
}

/// How far back a meeting can still be chosen for a decision.
const DECISION_MEETING_WINDOW_MS: i64 = 60 * 24 * 60 * 60 * 1000;

/// The partner organisations present at meeting `m`: the organisations of
/// the seats recorded as present.
fn present_at(
    c: &mut DbConn,
    tenant: &TenantId,
    m: &meetings::MeetingRow,
) -> Result<Vec<String>, verbind_store::StoreError> {
    let seats = body::seats(
        c,
        tenant,
        &verbind_domain::BodyId::from_db(m.body_id.clone()),
    )?;
    let mut orgs: Vec<String> = meetings::attendance(c, tenant, &m.id)?
        .into_iter()
        .filter(|a| a.status == "present")
        .filter_map(|a| {
            seats
                .iter()
                .find(|seat| seat.id == a.seat_id)
                .map(|seat| seat.organisation_id.clone())
        })
        .collect();
    orgs.sort();
    orgs.dedup();
    Ok(orgs)
}

/// The meetings of `body_id` a decision can be put to (see
/// [`CaseDetail::decision_meetings`]), latest first.
fn decision_meetings(
    c: &mut DbConn,
    tenant: &TenantId,
    body_id: &str,
    names: &std::collections::HashMap<String, String>,
    now: i64,
) -> Result<Vec<DecisionMeeting>, verbind_store::StoreError> {
    let mut out = Vec::new();
    for m in meetings::list_for_body(
        c,
        tenant,
        body_id,
        now - DECISION_MEETING_WINDOW_MS,
        now + DECISION_MEETING_WINDOW_MS,
    )? {
        // Proposals are put while the meeting is planned (before or during it).
        if MeetingPhase::parse(&m.status) != Some(MeetingPhase::Planned) {
            continue;
        }
        let present = present_at(c, tenant, &m)?;
        if present.is_empty() {
            continue;
        }
        out.push(DecisionMeeting {
            id: m.id.clone(),
            starts_at: m.starts_at,
            present: present
                .iter()
                .map(|o| names.get(o).cloned().unwrap_or_default())
                .collect(),
        });
    }
    out.reverse();
    Ok(out)
}

/// A decision of the case as the table sees it: open, adopted or withdrawn,
/// with every vote of the organisations present.
#[derive(Debug, Clone)]
pub struct DecisionView {
    pub id: String,
    pub kind: DecisionKind,
    pub status: DecisionStatus,
    /// One line per organisation present.
    pub votes: Vec<VoteLine>,
    /// The viewer's organisation is present and may vote now (the decision
    /// is open and its meeting not marked held).
    pub may_vote: bool,
    /// Every organisation present agreed (and it was not withdrawn).
    pub adopted: bool,
    /// The count: `unanimous`, `blocked` or `votes_missing`
    /// ([`Outcome::code`]); `None` when it cannot be counted.
    pub outcome: Option<&'static str>,
    pub proposed_at: i64,
    /// When it was adopted (used by its step) or withdrawn.
    pub closed_at: Option<i64>,
    pub meeting_id: Option<String>,
    pub meeting_starts_at: Option<i64>,
    /// Its meeting is marked held: the votes are final.
    pub votes_final: bool,
    /// Why guidance is no longer enough (a security-risk proposal).
    pub reason: Option<String>,
    /// The expert may withdraw it (while open).
    pub may_withdraw: bool,
}

/// One organisation's line under a decision.
#[derive(Debug, Clone)]
pub struct VoteLine {
    pub organisation: String,
    /// `None` while it has not voted.
    pub vote: Option<Vote>,
    /// When it voted (last).
    pub at: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct HistoryStep {
    pub at: i64,
    pub from: CaseState,
    pub to: CaseState,
    pub transition: String,
    pub note: Option<String>,
}

fn find_case(
    c: &mut DbConn,
    tenant: &TenantId,
    id: &str,
) -> Result<CaseRow, verbind_store::StoreError> {
    if uuid::Uuid::try_parse(id).is_err() {
        return Err(verbind_store::StoreError::NotFound);
    }
    cases::find(c, tenant, id)
}

/// Opens a case file (audited).
pub async fn open(state: &AppState, s: &CurrentSession, id: String) -> AppResult<CaseDetail> {
    let now = state.now_ms();
    let s = s.clone();
    state
        .blocking(move |st| {
            // Read in a snapshot without the write lock, so case files open
            // side by side; the file is shown only once its audit entry is
            // committed.
            st.db
                .read_audited(now, |c| {
                    let row = find_case(c, &s.tenant_id, &id)?;
                    let ctx = context(c, &s, Some(&row), false, false)?;
                    let actor = s.actor();
                    let d = decide_case(&actor, &row.tenant(), CaseAction::Open, &ctx);
                    if !d.is_allowed() {
                        return Ok((Err(d), vec![refusal_entry(&s, Some(&row))]));
                    }
                    let reason = cases::reason(c, &st.keyring, &row)?;
                    let mut history = Vec::new();
                    for e in cases::events(c, &s.tenant_id, &row.id)? {
                        history.push(HistoryStep {
                            at: e.at_ms,
                            from: CaseState::parse(&e.from_state).unwrap_or(CaseState::Aangemeld),
                            to: CaseState::parse(&e.to_state).unwrap_or(CaseState::Aangemeld),
                            note: cases::event_note(c, &st.keyring, &row, &e)?,
                            transition: e.transition,
                        });
                    }
                    // The referrer's organisation is shown only inside the table: this is the case file.
                    let referred_by_org = match &row.referred_by_org_id {
                        Some(o) => Some(
                            organisation::find(
                                c,
                                &s.tenant_id,
                                &verbind_domain::OrganisationId::from_db(o.clone()),
                            )?
                            .name,
                        ),
                        None => None,
                    };
                    let sum = summary(&row);
                    let names: std::collections::HashMap<String, String> =
                        organisation::list(c, &s.tenant_id)?
                            .into_iter()
                            .map(|o| (o.id, o.name))
                            .collect();
                    // Every decision of the case, open, adopted or withdrawn,
                    // with its votes and (security risk) why guidance no
                    // longer suffices: what the table votes on, and the record.
                    let may_step_here =
                        decide_case(&actor, &row.tenant(), CaseAction::Step, &ctx).is_allowed();
                    let mut decision_views = Vec::new();
                    for d in decisions::for_case(c, &s.tenant_id, &row.id)? {
                        let meeting = match &d.meeting_id {
                            Some(mid) => match meetings::find(c, &s.tenant_id, mid) {
                                Ok(m) => Some(m),
                                Err(verbind_store::StoreError::NotFound) => None,
                                Err(e) => return Err(e),
                            },
                            None => None,
                        };
                        let mut view = decision_on_record(
                            c,
                            &d,
                            meeting.as_ref(),
                            &names,
                            s.organisation_id.as_str(),
                            now,
                        )?;
                        view.reason = decisions::reason(c, &st.keyring, &row, &d)?;
                        view.may_withdraw =
                            may_step_here && decision_rules::check_withdrawal(view.status).is_ok();
                        decision_views.push(view);
                    }
                    let table_ids = table_organisations(c, &s.tenant_id, &row.body_id)?;
                    let given = verbind_store::models::knowledge::answers(c, &st.keyring, &row)?;
                    let knowledge: Vec<KnowledgeLine> = table_ids
                        .iter()
                        .map(|org| KnowledgeLine {
                            organisation: names.get(org).cloned().unwrap_or_default(),
                            answer: given.iter().find(|(o, _, _)| o == org).map(|(_, a, _)| *a),
                            mine: org == s.organisation_id.as_str(),
                        })
                        .collect();
                    let may_answer_knowledge =
                        table_ids.iter().any(|o| o == s.organisation_id.as_str());
                    let table_orgs = table_ids
                        .into_iter()
                        .map(|id| {
                            let name = names.get(&id).cloned().unwrap_or_default();
                            (id, name)
                        })
                        .collect();
                    let steps =
                        decide_case(&actor, &row.tenant(), CaseAction::Step, &ctx).is_allowed();
                    let (decision_meetings, partner_livcs) = if steps {
                        (
                            decision_meetings(c, &s.tenant_id, &row.body_id, &names, now)?,
                            verbind_store::models::transfer::list_partners(
                                c,
                                &st.keyring,
                                &s.tenant_id,
                            )?
                            .into_iter()
                            .map(|p| p.name)
                            .collect(),
                        )
                    } else {
                        (Vec::new(), Vec::new())
                    };
                    let detail = CaseDetail {
                        decision_meetings,
                        partner_livcs,
                        knowledge,
                        may_answer_knowledge,
                        decisions: decision_views,
                        table_orgs,
                        allowed: lifecycle::offered_transitions(sum.state, sum.ltf),
                        may_step: decide_case(&actor, &row.tenant(), CaseAction::Step, &ctx)
                            .is_allowed(),
                        may_record_ltf: decide_case(
                            &actor,
                            &row.tenant(),
                            CaseAction::RecordLtf,
                            &ctx,
                        )
                        .is_allowed(),
                        // The reveal form shows when only the step-up (a fresh
                        // re-authentication and a purpose, asked on the form) is missing.
                        may_reveal: decide_case(
                            &actor,
                            &row.tenant(),
                            CaseAction::RevealIdentity,
                            &CaseContext {
                                reauth_fresh: true,
                                purpose_given: true,
                                ..ctx
                            },
                        )
                        .is_allowed(),
                        summary: sum,
                        reason,
                        referral_source: row.referral_source.clone(),
                        referred_by_org,
                        lives_in_area: row.lives_in_area,
                        socially_active_in_area: row.socially_active_in_area,
                        created_at: row.created_at,
                        history,
                    };
                    let viewed = entry(&s, AuditAction::CaseViewed, "ok").object("case", &row.id);
                    Ok((Ok(detail), vec![viewed]))
                })
                .map_err(AppError::from)
        })
        .await?
        .map_err(refuse)
}

/// A step asked for on a case.
#[derive(Debug, Clone, Default)]
pub struct StepInput {
    pub transition: String,
    pub note: String,
    pub security_risk_reason: String,
    pub receiving_livc: String,
}

/// The outcome of a step: done, or refused by a rule (with its message key).
#[derive(Debug)]
pub enum StepOutcome {
    Done(CaseState),
    Refused(&'static str),
}

/// Takes a step of the case flow. Illegal steps and unmet guards are refused
/// with the rule's message and audited; nothing changes then.
pub async fn step(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    input: StepInput,
) -> AppResult<StepOutcome> {
    let now = state.now_ms();
    let s = s.clone();
    state
        .blocking(move |st| {
            st.db
                .write(|c| {
                    let (row, _) = match authorised_case(c, &s, &id, CaseAction::Step, now)? {
                        Ok(found) => found,
                        Err(d) => return Ok(Err(d)),
                    };
                    let Some(transition) = Transition::parse(input.transition.trim()) else {
                        return Ok(Ok(StepOutcome::Refused(
                            "case-error-transition-not-allowed",
                        )));
                    };
                    let from = CaseState::parse(&row.state).unwrap_or(CaseState::Aangemeld);
                    // The unanimous vote this step needs, counted now from the stored votes.
                    let mut decision_used: Option<DecisionRow> = None;
                    let mut vote: Option<VoteOutcome> = None;
                    // Why guidance no longer suffices, as the table voted on it.
                    let mut proposal_reason: Option<String> = None;
                    if let Some(kind) = transition.required_decision() {
                        let open = decisions::open_for_case(c, &s.tenant_id, &row.id)?;
                        if let Some(d) = open.into_iter().find(|d| d.kind == kind.code()) {
                            let present = decisions::present(c, &d.id)?;
                            let votes = decisions::votes(c, &d.id)?;
                            let names = std::collections::HashMap::new();
                            let (_, outcome) = decision_view(&d, &present, &votes, &names, "");
                            proposal_reason = decisions::reason(c, &st.keyring, &row, &d)?;
                            vote = outcome.map(|adopted| VoteOutcome { kind, adopted });
                            decision_used = Some(d);
                        }
                    }
                    let guards = Guards {
                        ltf: LtfCheck::parse(&row.ltf_status).unwrap_or(LtfCheck::Pending),
                        vote,
                        security_risk_reason_given: proposal_reason.is_some()
                            || SecurityRiskReason::parse(&input.security_risk_reason).is_ok(),
                        receiving_livc: ReceivingLivc::parse(&input.receiving_livc).ok(),
                    };
                    let to = match lifecycle::apply(from, transition, &guards) {
                        Ok(to) => to,
                        Err(e) => {
                            audit::append(
                                c,
                                now,
                                &entry(&s, AuditAction::CaseTransitionRefused, "denied")
                                    .object("case", &row.id)
                                    .detail(format!(
                                        "transition={} error={}",
                                        transition.code(),
                                        e.code()
                                    )),
                            )?;
                            return Ok(Ok(StepOutcome::Refused(e.message_key())));
                        }
                    };
                    let note = Some(input.note.trim()).filter(|n| !n.is_empty());
                    if note.is_some_and(|n| n.chars().count() > 4000) {
                        return Ok(Ok(StepOutcome::Refused("text-error-too-long")));
                    }
                    // A security risk keeps why guidance no longer suffices in
                    // its history note (sealed like every note): the reason of
                    // the proposal the table voted on, one given with the step
                    // when it says something else, then the expert's note.
                    let mut parts: Vec<String> = Vec::new();
                    if transition == Transition::ConcludeSecurityRisk {
                        parts.extend(proposal_reason.clone());
                        if let Ok(given) = SecurityRiskReason::parse(&input.security_risk_reason) {
                            let given = given.into_string();
                            if proposal_reason.as_deref() != Some(given.as_str()) {
                                parts.push(given);
                            }
                        }
                    }
                    parts.extend(note.map(str::to_owned));
                    let history_note = (!parts.is_empty()).then(|| parts.join("\n\n"));
                    let m = Move {
                        from: from.code(),
                        to: to.code(),
                        transition: transition.code(),
                        actor_user_id: s.user_id.as_str(),
                        actor_org_id: s.organisation_id.as_str(),
                        note: history_note.as_deref(),
                    };
                    match cases::apply_move(c, &st.keyring, &row, &m, now) {
                        Ok(()) => {}
                        Err(verbind_store::StoreError::Conflict(_)) => {
                            return Ok(Ok(StepOutcome::Refused("case-error-changed-meanwhile")));
                        }
                        Err(e) => return Err(e),
                    }
                    if let Some(d) = &decision_used {
                        decisions::mark_adopted(c, d, now)?;
                    }
                    if transition == Transition::Transfer
                        && let Some(receiving) = &guards.receiving_livc
                    {
                        cases::record_transfer(c, &st.keyring, &row, receiving.as_str(), now)?;
                    }
                    audit::append(
                        c,
                        now,
                        &entry(&s, AuditAction::CaseTransitioned, "ok")
                            .object("case", &row.id)
                            .detail(format!(
                                "transition={} from={} to={}",
                                transition.code(),
                                from.code(),
                                to.code()
                            )),
                    )?;
                    Ok(Ok(StepOutcome::Done(to)))
                })
                .map_err(AppError::from)
        })
        .await?
        .map_err(refuse)
}

/// The organisations holding a seat at a table.
pub(crate) fn table_organisations(
    c: &mut DbConn,
    tenant: &TenantId,
    body_id: &str,
) -> Result<Vec<String>, verbind_store::StoreError> {
    let mut orgs: Vec<String> = body::seats(
        c,
        tenant,
        &verbind_domain::BodyId::from_db(body_id.to_owned()),
    )?
    .into_iter()
    .filter(|seat| seat.holder_user_id.is_some())
    .map(|seat| seat.organisation_id)
    .collect();
    orgs.sort();
    orgs.dedup();
    Ok(orgs)
}

/// The view of a decision and, when the count is possible, whether it is adopted.
pub(crate) fn decision_view(
    d: &DecisionRow,
    present: &[String],
    votes: &[decisions::VoteRow],
    names: &std::collections::HashMap<String, String>,
    viewer_org: &str,
) -> (DecisionView, Option<bool>) {
    let kind = DecisionKind::parse(&d.kind).unwrap_or(DecisionKind::Close);
    let cast: Vec<(OrganisationId, Vote)> = votes
        .iter()
        .filter_map(|v| {
            Some((
                OrganisationId::from_db(v.organisation_id.clone()),
                Vote::parse(&v.vote)?,
            ))
        })
        .collect();
    let present_ids: Vec<OrganisationId> = present
        .iter()
        .map(|p| OrganisationId::from_db(p.clone()))
        .collect();
    let counted = tally(&present_ids, &cast).ok();
    let adopted = counted.as_ref().map(|t| t.outcome == Outcome::Adopted);
    let status = DecisionStatus::parse(&d.status).unwrap_or(DecisionStatus::Withdrawn);
    let view = DecisionView {
        id: d.id.clone(),
        kind,
        status,
        votes: present
            .iter()
            .map(|org| {
                let row = votes.iter().find(|v| &v.organisation_id == org);
                VoteLine {
                    organisation: names.get(org).cloned().unwrap_or_default(),
                    vote: row.and_then(|v| Vote::parse(&v.vote)),
                    at: row.map(|v| v.at_ms),
                }
            })
            .collect(),
        may_vote: status == DecisionStatus::Open && present.iter().any(|p| p == viewer_org),
        adopted: adopted.unwrap_or(false) && status != DecisionStatus::Withdrawn,
        outcome: counted.as_ref().map(|t| t.outcome.code()),
        proposed_at: d.proposed_at,
        closed_at: d.closed_at,
        meeting_id: d.meeting_id.clone(),
        meeting_starts_at: None,
        votes_final: false,
        reason: None,
        may_withdraw: false,
    };
    (view, adopted)
}

/// A decision with its votes as the table sees it ([`decision_view`]) and
/// what its meeting `m` adds: when it sits, whether the votes are final, and
/// whether the viewer's organisation may still vote. Without the reason of
/// a security-risk proposal: the case file adds it, the meeting page does
/// not show it.
pub(crate) fn decision_on_record(
    c: &mut DbConn,
    d: &DecisionRow,
    m: Option<&meetings::MeetingRow>,
    names: &std::collections::HashMap<String, String>,
    viewer_org: &str,
    now_ms: i64,
) -> Result<DecisionView, verbind_store::StoreError> {
    let present = decisions::present(c, &d.id)?;
    let votes = decisions::votes(c, &d.id)?;
    let (mut view, _) = decision_view(d, &present, &votes, names, viewer_org);
    if let Some(m) = m {
        view.meeting_starts_at = Some(m.starts_at);
        let phase = MeetingPhase::parse(&m.status);
        view.votes_final = phase == Some(MeetingPhase::Held);
        view.may_vote = view.may_vote
            && decision_rules::check_vote(view.status, phase, m.starts_at <= now_ms).is_ok();
    }
    Ok(view)
}

/// Puts a unanimous decision to the table at one of its meetings: the
/// partner organisations present are those the meeting's attendance records
/// as present (not a choice of the expert), and each must then agree. A
/// security-risk proposal must say why guidance is no longer enough (help
/// comes before police follow-up).
pub async fn propose_decision(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    kind: String,
    meeting_id: String,
    reason: String,
) -> AppResult<Result<(), &'static str>> {
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let (row, _) = match authorised_case(c, &s, &id, CaseAction::Step, now)? {
                Ok(found) => found,
                Err(d) => return Ok(Err(d)),
            };
            let Some(kind) = DecisionKind::parse(kind.trim()) else {
                return Ok(Ok(Err("decision-error-kind")));
            };
            let meeting_id = meeting_id.trim();
            if uuid::Uuid::try_parse(meeting_id).is_err() {
                return Ok(Ok(Err("decision-error-meeting")));
            }
            let m = match meetings::find(c, &s.tenant_id, meeting_id) {
                Ok(m) if m.body_id == row.body_id => m,
                Ok(_) | Err(verbind_store::StoreError::NotFound) => {
                    return Ok(Ok(Err("decision-error-meeting")));
                }
                Err(e) => return Err(e),
            };
            // The meeting must still be voting (planned, before or during it),
            // no proposal of this kind may be open, and a dissent at this
            // meeting is not undone by proposing again (domain rules).
            let mut earlier = Vec::new();
            for d in decisions::for_case(c, &s.tenant_id, &row.id)?
                .into_iter()
                .filter(|d| d.kind == kind.code())
            {
                let dissent_or_abstention = decisions::votes(c, &d.id)?
                    .iter()
                    .any(|v| matches!(Vote::parse(&v.vote), Some(Vote::Disagree | Vote::Abstain)));
                earlier.push(EarlierProposal {
                    status: DecisionStatus::parse(&d.status).unwrap_or(DecisionStatus::Withdrawn),
                    same_meeting: d.meeting_id.as_deref() == Some(m.id.as_str()),
                    dissent_or_abstention,
                });
            }
            let phase = MeetingPhase::parse(&m.status).unwrap_or(MeetingPhase::Cancelled);
            if let Err(e) = decision_rules::check_proposal(phase, &earlier) {
                return Ok(Ok(Err(e.message_key())));
            }
            let table = table_organisations(c, &s.tenant_id, &row.body_id)?;
            let present: Vec<String> = present_at(c, &s.tenant_id, &m)?
                .into_iter()
                .filter(|p| table.contains(p))
                .collect();
            if present.is_empty() {
                return Ok(Ok(Err("decision-error-nobody-present")));
            }
            let reason = match kind {
                DecisionKind::SecurityRisk => match SecurityRiskReason::parse(&reason) {
                    Ok(r) => Some(r.into_string()),
                    Err(_) => return Ok(Ok(Err("case-error-security-risk-reason-missing"))),
                },
                _ => None,
            };
            let p = Proposal {
                kind: kind.code(),
                meeting_id: &m.id,
                present: &present,
                reason: reason.as_deref(),
                by_user: s.user_id.as_str(),
            };
            let d = match decisions::propose(c, &st.keyring, &row, &p, now) {
                Ok(d) => d,
                Err(verbind_store::StoreError::Conflict(_)) => {
                    return Ok(Ok(Err(
                        decision_rules::DecisionError::DecisionOpen.message_key()
                    )));
                }
                Err(e) => return Err(e),
            };
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::CaseDecisionProposed, "ok")
                    .object("case", &row.id)
                    .detail(format!(
                        "decision={} kind={} meeting={} present={}",
                        d.id,
                        kind.code(),
                        m.id,
                        present.len()
                    )),
            )?;
            Ok(Ok(Ok(())))
        })
        .await?
        .map_err(refuse)
}

/// A partner organisation present votes on an open decision (one vote per
/// organisation; voting again replaces the earlier vote while it is open and
/// its meeting is not marked held: from then on the votes are final).
pub async fn cast_vote(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    decision_id: String,
    vote: String,
) -> AppResult<Result<(), &'static str>> {
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, _| {
            let (row, _) = match authorised_case(c, &s, &id, CaseAction::Open, now)? {
                Ok(found) => found,
                Err(d) => return Ok(Err(d)),
            };
            if uuid::Uuid::try_parse(&decision_id).is_err() {
                return Err(verbind_store::StoreError::NotFound);
            }
            let dec = decisions::find(c, &s.tenant_id, &decision_id)?;
            if dec.case_id != row.id {
                return Err(verbind_store::StoreError::NotFound);
            }
            if !decisions::present(c, &dec.id)?
                .iter()
                .any(|o| o == s.organisation_id.as_str())
            {
                audit_refusal(c, &s, Some(&row), now)?;
                return Ok(Err(Decision::Deny(DenyReason::RoleNotAllowed)));
            }
            let Some(vote) = Vote::parse(vote.trim()) else {
                return Ok(Ok(Err("decision-error-vote")));
            };
            // Votes are cast while the meeting sits: not before it starts,
            // and once it is marked held they are final.
            let (phase, started) = match &dec.meeting_id {
                Some(mid) => {
                    let m = meetings::find(c, &s.tenant_id, mid)?;
                    (MeetingPhase::parse(&m.status), m.starts_at <= now)
                }
                None => (None, true),
            };
            let status = DecisionStatus::parse(&dec.status).unwrap_or(DecisionStatus::Withdrawn);
            if let Err(e) = decision_rules::check_vote(status, phase, started) {
                return Ok(Ok(Err(e.message_key())));
            }
            match decisions::cast(
                c,
                &dec,
                s.organisation_id.as_str(),
                s.user_id.as_str(),
                vote.code(),
                now,
            ) {
                Ok(()) => {}
                Err(verbind_store::StoreError::Conflict(_)) => {
                    return Ok(Ok(Err("decision-error-closed")));
                }
                Err(e) => return Err(e),
            }
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::CaseVoteCast, "ok")
                    .object("case", &row.id)
                    .detail(format!(
                        "decision={} kind={} vote={}",
                        dec.id,
                        dec.kind,
                        vote.code()
                    )),
            )?;
            Ok(Ok(Ok(())))
        })
        .await?
        .map_err(refuse)
}

/// The expert withdraws an open proposal, e.g. one blocked by a dissent, so
/// that the next meeting can take the question up again. It stays on file
/// with its votes; audited.
pub async fn withdraw_decision(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    decision_id: String,
) -> AppResult<Result<(), &'static str>> {
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, _| {
            let (row, _) = match authorised_case(c, &s, &id, CaseAction::Step, now)? {
                Ok(found) => found,
                Err(d) => return Ok(Err(d)),
            };
            if uuid::Uuid::try_parse(decision_id.trim()).is_err() {
                return Err(verbind_store::StoreError::NotFound);
            }
            let dec = decisions::find(c, &s.tenant_id, decision_id.trim())?;
            if dec.case_id != row.id {
                return Err(verbind_store::StoreError::NotFound);
            }
            let status = DecisionStatus::parse(&dec.status).unwrap_or(DecisionStatus::Withdrawn);
            if let Err(e) = decision_rules::check_withdrawal(status) {
                return Ok(Ok(Err(e.message_key())));
            }
            match decisions::withdraw(c, &dec, now) {
                Ok(()) => {}
                Err(verbind_store::StoreError::Conflict(_)) => {
                    return Ok(Ok(Err("decision-error-closed")));
                }
                Err(e) => return Err(e),
            }
            let votes = decisions::votes(c, &dec.id)?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::CaseDecisionWithdrawn, "ok")
                    .object("case", &row.id)
                    .detail(format!(
                        "decision={} kind={} meeting={} votes={}",
                        dec.id,
                        dec.kind,
                        dec.meeting_id.as_deref().unwrap_or("-"),
                        votes.len()
                    )),
            )?;
            Ok(Ok(Ok(())))
        })
        .await?
        .map_err(refuse)
}

/// An organisation at the case's table answers the known / followed-up check
/// for itself only (plan 2.1: the minimum commitment of every partner).
pub async fn answer_knowledge(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    known: bool,
    followed_up: bool,
) -> AppResult<()> {
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let (row, _) = match authorised_case(c, &s, &id, CaseAction::Open, now)? {
                Ok(found) => found,
                Err(d) => return Ok(Err(d.into())),
            };
            if let Err(r) = work_allowed(&row, CaseWork::AnswerKnowledge) {
                return Ok(Err(r));
            }
            let table = table_organisations(c, &s.tenant_id, &row.body_id)?;
            if !table.iter().any(|o| o == s.organisation_id.as_str()) {
                audit_refusal(c, &s, Some(&row), now)?;
                return Ok(Err(Decision::Deny(DenyReason::Case(
                    verbind_domain::case::CaseDenyReason::NotAtCaseTable,
                ))
                .into()));
            }
            let a = verbind_store::models::knowledge::Answer { known, followed_up };
            verbind_store::models::knowledge::answer(
                c,
                &st.keyring,
                &row,
                s.organisation_id.as_str(),
                s.user_id.as_str(),
                a,
                now,
            )?;
            // The answer itself is sensitive: the audit records that it was given, not what.
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::CaseKnowledgeAnswered, "ok").object("case", &row.id),
            )?;
            Ok(Ok(()))
        })
        .await?
        .map_err(refuse_any)
}

/// Records the LTF check (police information officer at the case's table).
pub async fn record_ltf(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    status: String,
) -> AppResult<Result<(), &'static str>> {
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, _| {
            let (row, _) = match authorised_case(c, &s, &id, CaseAction::RecordLtf, now)? {
                Ok(found) => found,
                Err(d) => return Ok(Err(d)),
            };
            let check = match LtfCheck::parse(status.trim()) {
                Some(check @ (LtfCheck::NoCounterIndication | LtfCheck::CounterIndication)) => {
                    check
                }
                _ => return Ok(Ok(Err("case-field-ltf-invalid"))),
            };
            cases::record_ltf(
                c,
                &s.tenant_id,
                &row.id,
                check.code(),
                s.user_id.as_str(),
                now,
            )?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::LtfRecorded, "ok")
                    .object("case", &row.id)
                    .detail(format!("ltf={}", check.code())),
            )?;
            Ok(Ok(Ok(())))
        })
        .await?
        .map_err(refuse)
}

/// Reveals the identity behind a case code: seat holders of the case's table
/// only, after a fresh re-authentication, with a stated purpose; audited with
/// the purpose sealed in the audit entry's reason.
pub async fn reveal(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    purpose: String,
) -> AppResult<Result<Identity, DenyReason>> {
    let now = state.now_ms();
    let reauth = verbind_domain::session::reauth_fresh(s.reauth_at, now);
    let s = s.clone();
    state
        .blocking(move |st| {
            st.db
                .write(|c| {
                    let row = find_case(c, &s.tenant_id, &id)?;
                    let purpose = RevealPurpose::parse(&purpose).ok();
                    let ctx = context(c, &s, Some(&row), reauth, purpose.is_some())?;
                    match decide_case(&s.actor(), &row.tenant(), CaseAction::RevealIdentity, &ctx) {
                        Decision::Allow => {}
                        Decision::Deny(r) => {
                            audit::append(
                                c,
                                now,
                                &entry(&s, AuditAction::IdentityRevealed, "denied")
                                    .object("case", &row.id),
                            )?;
                            return Ok(Err(r));
                        }
                    }
                    let identity = cases::identity(c, &st.keyring, &row)?;
                    // The purpose is free text: sealed with the case key in the
                    // audit entry (the DPO's audit page opens it).
                    let sealed = cases::seal_audit_reason(
                        c,
                        &st.keyring,
                        &row,
                        purpose.as_ref().map(|p| p.as_str()).unwrap_or(""),
                    )?;
                    let mut e =
                        entry(&s, AuditAction::IdentityRevealed, "ok").object("case", &row.id);
                    e.reason = Some(sealed);
                    audit::append(c, now, &e)?;
                    Ok(Ok(identity))
                })
                .map_err(AppError::from)
        })
        .await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(code_prefix("sint-niklaas"), "SN");
        assert_eq!(code_prefix("voorbeeldstad"), "VO");
        assert_eq!(code_prefix("a-b-c-d-e"), "ABCD");
        assert_eq!(code_prefix("x"), "XX");
    }
}
