//! Signals, shared by the pages and the JSON API. Every function asks
//! `verbind_domain::policy::decide_prevention`: reference persons and
//! partners pass signals and read only their own; the expert reads all and
//! their trend. Every read of a description is audited.

use verbind_domain::audit::AuditAction;
use verbind_domain::case::Date;
use verbind_domain::policy::{PreventionAction, PreventionContext, decide_prevention};
use verbind_domain::prevention::coded::Coded;
use verbind_domain::prevention::signal::{
    self as rules, LifeDomain, Month, Severity, SignalErrors, SignalInput, SignalSource, Submitter,
    Trend,
};
use verbind_domain::prevention::theme::Theme;
use verbind_domain::{Role, TenantId};
use verbind_store::DbConn;
use verbind_store::models::signal::{self as signals, SignalFilter, SignalRow};
use verbind_store::models::{
    audit, case as cases, contact as contacts, feedback, organisation, tenant,
};

use crate::cases::service::today;
use crate::contact::service::{LinkOutcome, link_signal_in, refuse_unless_allowed, signal_of};
use crate::error::{AppError, AppResult};
use crate::middleware::session::CurrentSession;
use crate::state::{AppState, Inner};

/// The most signals one list shows (newest first; each is decrypted); narrow
/// the period or the theme for older ones.
pub const LIST_LIMIT: i64 = 500;

fn entry(s: &CurrentSession, action: AuditAction, outcome: &str) -> audit::NewEntry {
    audit::NewEntry::new(action, outcome)
        .tenant(&s.tenant_id)
        .actor(s.user_id.as_str(), s.organisation_id.as_str())
}

fn decide(s: &CurrentSession, action: PreventionAction, is_author: bool) -> bool {
    decide_prevention(
        &s.actor(),
        &s.tenant_id,
        action,
        &PreventionContext { is_author },
    )
    .is_allowed()
}

fn require(s: &CurrentSession, action: PreventionAction) -> AppResult<()> {
    refuse_unless_allowed(decide_prevention(
        &s.actor(),
        &s.tenant_id,
        action,
        &PreventionContext::default(),
    ))
}

/// Whether this user passes signals (the menu, the form).
pub fn may_submit(s: &CurrentSession) -> bool {
    decide(s, PreventionAction::SubmitSignal, false)
}

/// Whether this user sees every signal and the trend (the expert).
pub fn may_see_all(s: &CurrentSession) -> bool {
    decide(s, PreventionAction::ViewSignalTrends, false)
}

/// A signal as its reader sees it.
#[derive(Clone)]
pub struct SignalView {
    pub id: String,
    pub source: Option<SignalSource>,
    pub theme: Option<Theme>,
    pub life_domain: Option<LifeDomain>,
    /// (slug, name) of the district.
    pub district: Option<(String, String)>,
    pub date: Option<Date>,
    pub severity: Option<Severity>,
    pub description: String,
    /// The submitter's organisation.
    pub organisation: String,
    pub mine: bool,
    /// The contact it was made from (for the expert).
    pub contact_id: Option<String>,
    /// (id, code) of the case referred from it (for the expert).
    pub case: Option<(String, String)>,
    /// The expert's feedback (terugkoppeling) to its author, the referrer
    /// outside the table, once it led to a case: text only, newest first, no
    /// case code. Loaded for one signal only ([`open`]).
    pub feedback: Vec<ReferrerFeedback>,
    /// The author got feedback on it (lists and [`open`] alike).
    pub has_feedback: bool,
    pub created_at: i64,
}

/// Feedback to the referrer outside the table, as its reader sees it.
#[derive(Clone)]
pub struct ReferrerFeedback {
    /// In milliseconds since the epoch.
    pub at_ms: i64,
    pub text: String,
}

impl std::fmt::Debug for SignalView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SignalView")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

fn view(
    c: &mut DbConn,
    st: &Inner,
    s: &CurrentSession,
    row: &SignalRow,
    districts: &[(String, String)],
    orgs: &std::collections::HashMap<String, String>,
) -> Result<SignalView, verbind_store::StoreError> {
    let contact_id = if may_see_all(s) {
        contacts::find_by_signal(c, &s.tenant_id, &row.id)?.map(|c| c.id)
    } else {
        None
    };
    let case = match (&row.case_id, may_see_all(s)) {
        (Some(id), true) => match cases::find(c, &s.tenant_id, id) {
            Ok(k) => Some((k.id, k.code)),
            Err(verbind_store::StoreError::NotFound) => None,
            Err(e) => return Err(e),
        },
        _ => None,
    };
    Ok(SignalView {
        id: row.id.clone(),
        source: SignalSource::parse(&row.source),
        theme: Theme::parse(&row.theme),
        life_domain: LifeDomain::parse(&row.life_domain),
        district: row.district_slug.as_ref().map(|slug| {
            districts
                .iter()
                .find(|(s, _)| s == slug)
                .cloned()
                .unwrap_or_else(|| (slug.clone(), slug.clone()))
        }),
        date: Date::parse_iso(&row.observed_on).ok(),
        severity: Severity::parse(&row.severity),
        description: signals::description(c, &st.keyring, row)?,
        organisation: orgs.get(&row.author_org_id).cloned().unwrap_or_default(),
        mine: row.author_user_id == s.user_id.as_str(),
        contact_id,
        case,
        feedback: Vec::new(),
        has_feedback: false,
        created_at: row.created_at,
    })
}

/// The feedback to the referrer outside the table on the case referred from
/// `row` (text only: what [`may_cite_in_feedback`] lets reach them).
///
/// [`may_cite_in_feedback`]: verbind_domain::case::ethics::may_cite_in_feedback
fn referrer_feedback(
    c: &mut DbConn,
    st: &Inner,
    t: &TenantId,
    row: &SignalRow,
) -> Result<Vec<ReferrerFeedback>, verbind_store::StoreError> {
    let Some(case_id) = &row.case_id else {
        return Ok(Vec::new());
    };
    let case = match cases::find(c, t, case_id) {
        Ok(k) => k,
        Err(verbind_store::StoreError::NotFound) => return Ok(Vec::new()),
        Err(e) => return Err(e),
    };
    feedback::for_signal(c, t, &case.id, &row.id)?
        .iter()
        .map(|f| {
            Ok(ReferrerFeedback {
                at_ms: f.created_at,
                text: feedback::text(c, &st.keyring, &case, f)?,
            })
        })
        .collect()
}

fn org_names(
    c: &mut DbConn,
    t: &TenantId,
) -> Result<std::collections::HashMap<String, String>, verbind_store::StoreError> {
    Ok(organisation::list(c, t)?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect())
}

/// The districts of the tenant's profile, (slug, name).
pub async fn districts(state: &AppState, s: &CurrentSession) -> AppResult<Vec<(String, String)>> {
    let t = s.tenant_id.clone();
    state.read(move |c, _| tenant::districts(c, &t)).await
}

/// Which signals to list (codes and dates only).
#[derive(Debug, Clone, Default)]
pub struct SignalQuery {
    pub theme: Option<Theme>,
    pub life_domain: Option<LifeDomain>,
    pub district: Option<String>,
    pub severity: Option<Severity>,
    pub from: Option<Date>,
    pub to: Option<Date>,
}

/// The signals this user may read: the expert all of them, anyone else only
/// their own (audited).
pub async fn list(
    state: &AppState,
    s: &CurrentSession,
    q: SignalQuery,
) -> AppResult<Vec<SignalView>> {
    if !may_submit(s) && !may_see_all(s) {
        tracing::warn!("signal list denied");
        return Err(AppError::forbidden());
    }
    let now = state.now_ms();
    let s = s.clone();
    state
        .blocking(move |st| {
            st.db
                .read_audited(now, |c| {
                    let all = may_see_all(&s);
                    let filter = SignalFilter {
                        author_user_id: (!all).then(|| s.user_id.as_str().to_owned()),
                        theme: q.theme.map(|x| x.code().to_owned()),
                        life_domain: q.life_domain.map(|x| x.code().to_owned()),
                        district_slug: q.district.clone(),
                        severity: q.severity.map(|x| x.code().to_owned()),
                        from: q.from.map(Date::to_iso),
                        to: q.to.map(Date::to_iso),
                        limit: LIST_LIMIT,
                    };
                    let districts = tenant::districts(c, &s.tenant_id)?;
                    let orgs = org_names(c, &s.tenant_id)?;
                    let mut out = Vec::new();
                    for row in signals::list(c, &s.tenant_id, &filter)? {
                        // The policy decides per signal, whatever the query asked.
                        let is_author = row.author_user_id == s.user_id.as_str();
                        if decide(&s, PreventionAction::ReadSignal, is_author) {
                            out.push(view(c, st, &s, &row, &districts, &orgs)?);
                        }
                    }
                    let ids: Vec<String> = out.iter().map(|v| v.id.clone()).collect();
                    let answered = feedback::signals_answered(c, &s.tenant_id, &ids)?;
                    for v in &mut out {
                        v.has_feedback = answered.contains(&v.id);
                    }
                    let listed = entry(&s, AuditAction::SignalListViewed, "ok").detail(format!(
                        "signals={} scope={}",
                        out.len(),
                        if all { "all" } else { "own" }
                    ));
                    Ok((out, vec![listed]))
                })
                .map_err(AppError::from)
        })
        .await
}

/// For a reference person: how many of their own signals got feedback from
/// the expert (a count of their own, so not audited as a read). `None` for
/// anyone else.
pub async fn answered_count(state: &AppState, s: &CurrentSession) -> AppResult<Option<i64>> {
    if s.role != verbind_domain::Role::Reference || !may_submit(s) {
        return Ok(None);
    }
    let (t, u) = (s.tenant_id.clone(), s.user_id.as_str().to_owned());
    Ok(Some(
        state
            .read(move |c, _| feedback::answered_signals_of(c, &t, &u))
            .await?,
    ))
}

/// One signal (audited); another's signal is refused for anyone but the
/// expert, and the refusal is audited too.
pub async fn open(state: &AppState, s: &CurrentSession, id: String) -> AppResult<SignalView> {
    let now = state.now_ms();
    let s = s.clone();
    let r = state
        .write(move |c, st| {
            if uuid::Uuid::try_parse(&id).is_err() {
                return Err(verbind_store::StoreError::NotFound);
            }
            let row = signals::find(c, &s.tenant_id, &id)?;
            let is_author = row.author_user_id == s.user_id.as_str();
            if !decide(&s, PreventionAction::ReadSignal, is_author) {
                audit::append(
                    c,
                    now,
                    &entry(&s, AuditAction::AccessDenied, "denied").object("signal", &row.id),
                )?;
                return Ok(None);
            }
            let districts = tenant::districts(c, &s.tenant_id)?;
            let orgs = org_names(c, &s.tenant_id)?;
            let mut v = view(c, st, &s, &row, &districts, &orgs)?;
            v.feedback = referrer_feedback(c, st, &s.tenant_id, &row)?;
            v.has_feedback = !v.feedback.is_empty();
            let mut e = entry(&s, AuditAction::SignalViewed, "ok").object("signal", &row.id);
            if !v.feedback.is_empty() {
                // Reading the expert's feedback is reading about the case.
                e = e.detail(format!(
                    "feedback={} case={}",
                    v.feedback.len(),
                    row.case_id.as_deref().unwrap_or_default()
                ));
            }
            audit::append(c, now, &e)?;
            Ok(Some(v))
        })
        .await?;
    r.ok_or_else(|| {
        tracing::warn!("signal access denied");
        AppError::forbidden()
    })
}

/// A signal as typed (owned, for the blocking pool).
#[derive(Clone, Default)]
pub struct SignalForm {
    pub theme: String,
    pub life_domain: String,
    pub district: String,
    pub date: String,
    pub severity: String,
    pub description: String,
    pub source: String,
    pub confirm_no_person: bool,
    /// The contact this signal is made from (the expert; an id, never text).
    pub contact: Option<String>,
}

impl std::fmt::Debug for SignalForm {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SignalForm(..)")
    }
}

/// What became of a signal passed.
#[derive(Debug)]
pub enum SubmitOutcome {
    /// Stored, with this id.
    Created(String),
    /// A field broke a rule; nothing was stored.
    Invalid(SignalErrors),
    /// Made from a contact that has a signal already (this one): nothing
    /// was stored, the contact keeps its link.
    ContactHasSignal(String),
}

/// Passes a signal (audited); made from a contact, the contact is linked to
/// it in the same transaction and a New contact becomes In progress. A
/// contact that has a signal already gets no second one.
pub async fn submit(
    state: &AppState,
    s: &CurrentSession,
    form: SignalForm,
) -> AppResult<SubmitOutcome> {
    require(s, PreventionAction::SubmitSignal)?;
    if form.contact.is_some() {
        require(s, PreventionAction::ManageContacts)?;
    }
    let now = state.now_ms();
    let session = s.clone();
    let s = s.clone();
    let contact_id = form.contact.clone();
    let has_contact = contact_id.is_some();
    let r = state
        .blocking(move |st| {
            let today = today(st).ok_or_else(|| AppError::internal("clock out of range"))?;
            st.db
                .write(|c| {
                    let districts: Vec<String> = tenant::districts(c, &s.tenant_id)?
                        .into_iter()
                        .map(|(slug, _)| slug)
                        .collect();
                    let org = organisation::find(c, &s.tenant_id, &s.organisation_id)?;
                    let who = Submitter {
                        role: s.role,
                        is_police: s.role == Role::Partner && org.kind == "police",
                    };
                    let input = SignalInput {
                        theme: &form.theme,
                        life_domain: &form.life_domain,
                        district: &form.district,
                        date: &form.date,
                        severity: &form.severity,
                        description: &form.description,
                        source: &form.source,
                        confirm_no_person: form.confirm_no_person,
                    };
                    let contact = match &form.contact {
                        Some(id) if uuid::Uuid::try_parse(id).is_ok() => {
                            Some(contacts::find(c, &s.tenant_id, id)?)
                        }
                        Some(_) => return Err(verbind_store::StoreError::NotFound),
                        None => None,
                    };
                    if let Some(existing) = contact.as_ref().and_then(|c| c.signal_id.clone()) {
                        return Ok(SubmitOutcome::ContactHasSignal(existing));
                    }
                    let p = match rules::parse_signal(&input, who, &districts, today) {
                        Ok(p) => p,
                        Err(e) => return Ok(SubmitOutcome::Invalid(e)),
                    };
                    let row = signals::create(
                        c,
                        &st.keyring,
                        &signals::NewSignal {
                            tenant_id: &s.tenant_id,
                            source: p.source.code(),
                            theme: p.theme.code(),
                            life_domain: p.life_domain.code(),
                            district_slug: p.district.as_deref(),
                            observed_on: &p.date.to_iso(),
                            severity: p.severity.code(),
                            description: &p.description,
                            author_user_id: s.user_id.as_str(),
                            author_org_id: s.organisation_id.as_str(),
                        },
                        now,
                    )?;
                    audit::append(
                        c,
                        now,
                        &entry(&s, AuditAction::SignalSubmitted, "ok")
                            .object("signal", &row.id)
                            .detail(format!(
                                "source={} theme={}",
                                p.source.code(),
                                p.theme.code()
                            )),
                    )?;
                    if let Some(contact) = contact {
                        // Conditional: a link made meanwhile stays, and this
                        // transaction (the new signal with it) rolls back.
                        link_signal_in(c, &s, &contact, &row.id, now)?;
                    }
                    Ok(SubmitOutcome::Created(row.id))
                })
                .map(Some)
                .or_else(|e| match e {
                    verbind_store::StoreError::Conflict(_) if has_contact => Ok(None),
                    other => Err(AppError::from(other)),
                })
        })
        .await?;
    match (r, contact_id) {
        (Some(outcome), _) => Ok(outcome),
        (None, Some(contact)) => match signal_of(state, &session, contact).await? {
            LinkOutcome::AlreadyLinked(id) => Ok(SubmitOutcome::ContactHasSignal(id)),
            LinkOutcome::Linked => Err(AppError::internal("signal link conflict without a link")),
        },
        (None, None) => Err(AppError::internal("signal conflict without a contact")),
    }
}

/// A signal the expert may pick to link a contact to: codes only, no text.
#[derive(Debug, Clone)]
pub struct SignalChoice {
    pub id: String,
    pub date: Option<Date>,
    pub theme: Option<Theme>,
    /// The district's name, if any.
    pub district: Option<String>,
}

/// The `limit` most recent signals to pick from when linking a contact to
/// an existing signal (the expert; audited as a list read). Codes only: the
/// descriptions stay sealed.
pub async fn recent_choices(
    state: &AppState,
    s: &CurrentSession,
    limit: i64,
) -> AppResult<Vec<SignalChoice>> {
    require(s, PreventionAction::ViewSignalTrends)?;
    require(s, PreventionAction::ManageContacts)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, _| {
            let districts = tenant::districts(c, &s.tenant_id)?;
            let filter = SignalFilter {
                limit,
                ..SignalFilter::default()
            };
            let mut out = Vec::new();
            for row in signals::list(c, &s.tenant_id, &filter)? {
                let is_author = row.author_user_id == s.user_id.as_str();
                if !decide(&s, PreventionAction::ReadSignal, is_author) {
                    continue;
                }
                out.push(SignalChoice {
                    date: Date::parse_iso(&row.observed_on).ok(),
                    theme: Theme::parse(&row.theme),
                    district: row.district_slug.as_ref().map(|slug| {
                        districts
                            .iter()
                            .find(|(d, _)| d == slug)
                            .map(|(_, n)| n.clone())
                            .unwrap_or_else(|| slug.clone())
                    }),
                    id: row.id,
                });
            }
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::SignalListViewed, "ok").detail(format!(
                    "signals={} scope=all purpose=contact-link codes-only",
                    out.len()
                )),
            )?;
            Ok(out)
        })
        .await
}

/// The signals per month and theme for the `months` months ending with the
/// current one (the expert; audited). Counts only, no text.
pub async fn trend(state: &AppState, s: &CurrentSession, months: usize) -> AppResult<Trend> {
    require(s, PreventionAction::ViewSignalTrends)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .blocking(move |st| {
            let today = today(st).ok_or_else(|| AppError::internal("clock out of range"))?;
            let last = Month::of(today);
            let mut first = last;
            for _ in 1..months {
                first = first.previous();
            }
            let from = format!("{}-01", first.iso());
            let to = today.to_iso();
            st.db
                .write(|c| {
                    let rows = signals::dates_and_themes(c, &s.tenant_id, &from, &to)?;
                    let t = rules::trend(
                        rows.iter().filter_map(|(d, theme)| {
                            Some((Date::parse_iso(d).ok()?, Theme::parse(theme)?))
                        }),
                        last,
                        months,
                    );
                    audit::append(
                        c,
                        now,
                        &entry(&s, AuditAction::SignalTrendsViewed, "ok")
                            .detail(format!("months={months}")),
                    )?;
                    Ok(t)
                })
                .map_err(AppError::from)
        })
        .await
}

/// The referral source (`ReferralSource` code) of a case referred from a
/// signal of source `signal_source`: a reference person's signal and a
/// contact-point signal keep their own; a signal of the police, a partner or
/// the working group has no referral source of its own and counts as a
/// Partnertafel member's (`partner_member`), the closest fit.
pub fn referral_source(signal_source: &str) -> &'static str {
    match SignalSource::parse(signal_source) {
        Some(SignalSource::ReferencePerson) => "reference_person",
        Some(SignalSource::ContactPoint) => "contact_point",
        _ => "partner_member",
    }
}

/// Checks, before a referral is made from signal `id`, that the signal is one
/// of this LIVC-R and that this user is the expert (no text is read).
/// Returns the referral source it gives and the case already referred from
/// it, if any: then nothing may be created.
pub async fn check_referral_signal(
    state: &AppState,
    s: &CurrentSession,
    id: String,
) -> AppResult<(&'static str, Option<String>)> {
    require(s, PreventionAction::ViewSignalTrends)?;
    let t = s.tenant_id.clone();
    state
        .read(move |c, _| {
            if uuid::Uuid::try_parse(&id).is_err() {
                return Err(verbind_store::StoreError::NotFound);
            }
            let row = signals::find(c, &t, &id)?;
            Ok((referral_source(&row.source), row.case_id))
        })
        .await
}

/// Whether this user may refer a case from a signal (the expert): asked
/// before [`link_case_in`].
pub(crate) fn require_referral(s: &CurrentSession) -> AppResult<()> {
    require(s, PreventionAction::ViewSignalTrends)
}

/// Records, in the open transaction `c`, the case referral made from signal
/// `id` (audited). Called by the case module inside the transaction that
/// creates the case ([`crate::cases::service::refer`]): a signal already
/// referred keeps its case and gives [`verbind_store::StoreError::Conflict`],
/// so the caller's transaction rolls back whole and no case is left
/// unlinked. The caller has asked [`require_referral`].
pub(crate) fn link_case_in(
    c: &mut DbConn,
    s: &CurrentSession,
    id: &str,
    case_id: &str,
    now: i64,
) -> Result<(), verbind_store::StoreError> {
    if uuid::Uuid::try_parse(id).is_err() {
        return Err(verbind_store::StoreError::NotFound);
    }
    signals::link_case(c, &s.tenant_id, id, case_id)?;
    audit::append(
        c,
        now,
        &entry(s, AuditAction::SignalReferred, "ok")
            .object("signal", id)
            .detail(format!("case={case_id}")),
    )?;
    Ok(())
}

/// The case referred from signal `id`, read after [`link_case_in`] refused
/// (and its transaction rolled back).
pub(crate) fn referred_case(
    c: &mut DbConn,
    tenant: &TenantId,
    id: &str,
) -> Result<String, verbind_store::StoreError> {
    signals::find(c, tenant, id)?
        .case_id
        .ok_or(verbind_store::StoreError::Conflict("signal link vanished"))
}
