//! Case pages: `/deontologie`, `/casussen`, `/casussen/nieuw`, `/casussen/{id}`.
//! Lists and files show only the case code; the identity is a separate,
//! audited reveal that is never part of a URL.

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use verbind_domain::case::{CaseDenyReason, RevealPurpose, TextError};
use verbind_domain::policy::{DenyReason, deny_message_key};

use super::service::{
    self, CaseDetail, CaseSummary, FieldErrors, ReferOutcome, ReferralInput, StepInput, StepOutcome,
};
use crate::error::{AppError, AppResult};
use crate::i18n::{Tr, format_date, format_datetime};
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::Page;

/// A case list row, with its labels translated.
pub struct Row {
    pub id: String,
    pub code: String,
    pub state: String,
    pub groups: String,
    pub minor: bool,
    pub protective: bool,
    pub ltf: String,
    pub updated: String,
}

fn row(tr: Tr, c: &CaseSummary) -> Row {
    Row {
        id: c.id.clone(),
        code: c.code.clone(),
        state: tr.t(&format!("case-state-{}", c.state.code().replace('_', "-"))),
        groups: c
            .groups
            .iter()
            .map(|g| tr.t(&format!("case-group-{}", g.code())))
            .collect::<Vec<_>>()
            .join(", "),
        minor: c.minor,
        protective: c.protective_measure,
        ltf: tr.t(&format!("case-ltf-{}", c.ltf.code().replace('_', "-"))),
        updated: format_date(c.updated_at),
    }
}

/// Before any case page: a user who has not accepted the code of ethics in
/// force is sent to `/deontologie` and, for a page (GET), back to it after
/// (`middleware::error_pages` knows the page's own path).
async fn ethics_first(state: &AppState, s: &CurrentSession) -> AppResult<Option<Response>> {
    if s.role.can_see_case_data() && service::must_accept_ethics(state, s).await? {
        return Err(AppError::new(
            crate::error::ErrorKind::EthicsCodeNotAccepted,
        ));
    }
    Ok(None)
}

/// [`ethics_first`], coming back to `back` (a path of this site) once the
/// code is accepted, so a first referral from a contact keeps its contact.
async fn ethics_first_then(
    state: &AppState,
    s: &CurrentSession,
    back: Option<String>,
) -> AppResult<Option<Response>> {
    if s.role.can_see_case_data() && service::must_accept_ethics(state, s).await? {
        let to = ethics_path(back.as_deref());
        return Ok(Some(Redirect::to(&to).into_response()));
    }
    Ok(None)
}

/// `/deontologie`, coming back to `back` once the code is accepted when that
/// is a path of this site ([`local_path`]). Also where
/// `middleware::error_pages` sends a page the policy refused only for the
/// code of ethics.
pub(crate) fn ethics_path(back: Option<&str>) -> String {
    // The case list is where an acceptance leads anyway.
    match back.filter(|b| local_path(b) && *b != "/casussen") {
        Some(b) => format!(
            "/deontologie?{}",
            serde_urlencoded::to_string([("terug", b)]).unwrap_or_default()
        ),
        None => "/deontologie".to_owned(),
    }
}

/// A path on this site to go back to: starts with one `/`, no scheme, host or
/// backslash, nothing that could lead elsewhere.
pub(crate) fn local_path(p: &str) -> bool {
    p.starts_with('/')
        && !p.starts_with("//")
        && !p.contains('\\')
        && !p.contains("://")
        && p.len() <= 200
        && p.chars().all(|c| c.is_ascii_graphic())
}

#[derive(Debug, Default, Deserialize)]
pub struct EthicsQuery {
    #[serde(default)]
    pub terug: Option<String>,
}

/// The acceptance form: where to go next, and the version the user was shown.
#[derive(Debug, Default, Deserialize)]
pub struct EthicsForm {
    #[serde(default)]
    pub terug: Option<String>,
    #[serde(default)]
    pub versie: Option<String>,
}

/// A published version's summary of changes, as the page shows it.
pub struct EthicsChangeRow {
    pub version: String,
    pub published: String,
    pub summary: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases/ethics.html")]
pub struct EthicsPage {
    pub page: Page,
    pub version: String,
    /// When the version in force was published (`28/11/2026`); none for the built-in one.
    pub published: Option<String>,
    pub accepted: bool,
    /// What changed since the version this user last accepted, oldest first.
    pub changes: Vec<EthicsChangeRow>,
    /// Where to go once accepted (a checked local path), if not the case list.
    pub back: Option<String>,
}

/// GET /deontologie: the code of ethics of the LIVC-R.
pub async fn show_ethics(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Query(q): Query<EthicsQuery>,
) -> AppResult<Response> {
    if !s.role.can_see_case_data() {
        return Err(AppError::forbidden());
    }
    let status = service::ethics_status(&state, &s).await?;
    let tr = Tr::new(l);
    Ok(EthicsPage {
        page: Page::for_session(tr, state.config.demo, &s, "ethics-title", "/casussen"),
        version: status.version,
        published: status.published_at.map(format_date),
        accepted: status.accepted,
        changes: status
            .changes
            .into_iter()
            .map(|c| EthicsChangeRow {
                version: c.version,
                published: format_date(c.published_at),
                summary: c.summary,
            })
            .collect(),
        back: q.terug.filter(|b| local_path(b)),
    }
    .into_response())
}

/// POST /deontologie: accept the version shown, then back to where the user
/// was going. If a new version came into force since the page was shown,
/// nothing is recorded and the page shows the new one.
pub async fn accept_ethics(
    State(state): State<AppState>,
    s: CurrentSession,
    Form(f): Form<EthicsForm>,
) -> AppResult<Response> {
    let back = f.terug.filter(|b| local_path(b));
    if service::accept_ethics(&state, &s, f.versie).await?.is_err() {
        return Ok(Redirect::to(&ethics_path(back.as_deref())).into_response());
    }
    Ok(Redirect::to(&back.unwrap_or("/casussen".into())).into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "cases/list.html")]
pub struct ListPage {
    pub page: Page,
    pub rows: Vec<Row>,
    pub may_refer: bool,
    /// The expert receives transfer packages from other LIVC-Rs.
    pub may_receive: bool,
}

/// GET /casussen
pub async fn list(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
) -> AppResult<Response> {
    if let Some(r) = ethics_first(&state, &s).await? {
        return Ok(r);
    }
    let cases = service::list(&state, &s).await?;
    let tr = Tr::new(l);
    Ok(ListPage {
        page: Page::for_session(tr, state.config.demo, &s, "cases-title", "/casussen"),
        rows: cases.iter().map(|c| row(tr, c)).collect(),
        may_refer: service::may_refer(&state, &s).await?,
        may_receive: s.role == verbind_domain::Role::Expert,
    }
    .into_response())
}

#[derive(Template, WebTemplate)]
#[template(path = "cases/new.html")]
pub struct NewPage {
    pub page: Page,
    pub form: ReferralForm,
    pub errors: Vec<(&'static str, String)>,
    pub expert: bool,
    /// Made from a contact of the contact point: whether its message came along.
    pub contact_note: Option<String>,
}

impl NewPage {
    pub fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

/// The referral form's fields.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ReferralForm {
    #[serde(default)]
    pub groep_a: Option<String>,
    #[serde(default)]
    pub groep_b: Option<String>,
    #[serde(default)]
    pub naam: String,
    #[serde(default)]
    pub geboortedatum: String,
    #[serde(default)]
    pub adres: String,
    #[serde(default)]
    pub rijksregisternummer: String,
    #[serde(default)]
    pub woont: Option<String>,
    #[serde(default)]
    pub actief: Option<String>,
    #[serde(default)]
    pub reden: String,
    #[serde(default)]
    pub bron: String,
    /// The contact of the contact point this referral is made from (its id).
    #[serde(default)]
    pub contact: String,
    /// The signal this referral is made from (its id; the expert).
    #[serde(default)]
    pub signaal: String,
}

impl ReferralForm {
    fn input(&self) -> ReferralInput {
        ReferralInput {
            group_a: self.groep_a.is_some(),
            group_b: self.groep_b.is_some(),
            name: self.naam.clone(),
            date_of_birth: self.geboortedatum.clone(),
            address: self.adres.clone(),
            national_number: self.rijksregisternummer.clone(),
            lives_in_area: self.woont.is_some(),
            socially_active_in_area: self.actief.is_some(),
            reason: self.reden.clone(),
            source: self.bron.clone(),
        }
    }
}

fn new_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    form: ReferralForm,
    errors: &FieldErrors,
) -> NewPage {
    NewPage {
        page: Page::for_session(tr, state.config.demo, s, "case-new-title", "/casussen"),
        form,
        errors: errors.iter().map(|(f, k)| (*f, tr.t(k))).collect(),
        expert: s.role == verbind_domain::Role::Expert,
        contact_note: None,
    }
}

/// `?contact={id}`: a referral made from a contact of the contact point;
/// `?signaal={id}`: one made from a signal.
#[derive(Debug, Default, Deserialize)]
pub struct NewQuery {
    #[serde(default)]
    pub contact: Option<String>,
    #[serde(default)]
    pub signaal: Option<String>,
}

/// GET /casussen/nieuw
pub async fn new_form(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Query(q): Query<NewQuery>,
) -> AppResult<Response> {
    let back = match (&q.contact, &q.signaal) {
        (Some(c), _) if uuid::Uuid::try_parse(c).is_ok() => format!("/casussen/nieuw?contact={c}"),
        (_, Some(g)) if uuid::Uuid::try_parse(g).is_ok() => format!("/casussen/nieuw?signaal={g}"),
        _ => "/casussen/nieuw".to_owned(),
    };
    if let Some(r) = ethics_first_then(&state, &s, Some(back)).await? {
        return Ok(r);
    }
    // Only who may refer gets the form: nobody types a referral to lose it.
    if !service::may_refer(&state, &s).await? {
        return Err(AppError::forbidden());
    }
    let mut form = ReferralForm {
        bron: "partner_member".into(),
        ..ReferralForm::default()
    };
    let tr = Tr::new(l);
    let mut contact_note = None;
    if let Some(contact) = q.contact {
        let p = crate::contact::service::prefill_referral(&state, &s, contact).await?;
        if let Some(case_id) = p.existing_case {
            return Ok(Redirect::to(&format!("/casussen/{case_id}")).into_response());
        }
        form.bron = "contact_point".into();
        form.reden = p.reason;
        form.contact = p.contact;
        contact_note = Some(tr.t(p.note_key));
    } else if let Some(signal) = q.signaal {
        // The signal's description is not carried: it is about groups.
        let (source, existing) =
            crate::signals::service::check_referral_signal(&state, &s, signal.clone()).await?;
        if let Some(case_id) = existing {
            return Ok(Redirect::to(&format!("/casussen/{case_id}")).into_response());
        }
        form.bron = source.into();
        form.signaal = signal;
        contact_note = Some(tr.t("signal-referral-note"));
    }
    let mut page = new_page(&state, &s, tr, form, &Vec::new());
    page.contact_note = contact_note;
    Ok(page.into_response())
}

/// POST /casussen/nieuw
pub async fn submit_new(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Form(form): Form<ReferralForm>,
) -> AppResult<Response> {
    if let Some(r) = ethics_first(&state, &s).await? {
        return Ok(r);
    }
    let contact = Some(form.contact.clone()).filter(|c| !c.is_empty());
    let signal = Some(form.signaal.clone()).filter(|c| !c.is_empty());
    if contact.is_some() && signal.is_some() {
        return Err(AppError::bad_request());
    }
    if let Some(g) = &signal {
        // Referred from this signal before (a second post): go to that case.
        if let (_, Some(existing)) =
            crate::signals::service::check_referral_signal(&state, &s, g.clone()).await?
        {
            return Ok(existing_case(&existing));
        }
    }
    if let Some(c) = &contact {
        // Referred from this contact before (a second post): nothing new, go
        // to that case.
        if let Some(existing) =
            crate::contact::service::check_referral_contact(&state, &s, c.clone()).await?
        {
            return Ok(existing_case(&existing));
        }
    }
    let from = contact
        .map(service::ReferredFrom::Contact)
        .or(signal.map(service::ReferredFrom::Signal));
    match service::refer(&state, &s, form.input(), from).await? {
        // Referred meanwhile by a concurrent post: nothing was created, the
        // contact or signal keeps its case.
        ReferOutcome::Created { id, .. } => {
            Ok(Redirect::to(&format!("/casussen/{id}")).into_response())
        }
        ReferOutcome::AlreadyReferred(id) => Ok(existing_case(&id)),
        ReferOutcome::Invalid(errors) => {
            let mut res = new_page(&state, &s, Tr::new(l), form, &errors).into_response();
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
    }
}

/// A step button on the case file.
pub struct StepButton {
    pub code: &'static str,
    pub label: String,
}

pub struct HistoryRow {
    pub at: String,
    pub from: String,
    pub to: String,
    pub note: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases/detail.html")]
pub struct DetailPage {
    pub page: Page,
    /// A notice that is no error (e.g. the case existed already).
    pub notice: Option<String>,
    /// The step typed before a refusal, kept.
    pub step_form: StepForm,
    /// Offer the terugkoppelingsfiche: the expert and the police at the table read it.
    pub may_read_fiche: bool,
    pub id: String,
    pub row: Row,
    pub reason: String,
    pub source: String,
    pub referred_by_org: String,
    pub lives_in_area: bool,
    pub socially_active_in_area: bool,
    pub created: String,
    pub history: Vec<HistoryRow>,
    pub steps: Vec<StepButton>,
    pub may_step: bool,
    pub may_record_ltf: bool,
    pub may_reveal: bool,
    /// The reveal form asks for the password (and code) too: the last
    /// re-authentication is not fresh, so it is done in the same post and the
    /// stated purpose is never lost on a detour.
    pub reveal_needs_reauth: bool,
    /// The reveal form asks for the TOTP code as well.
    pub reveal_needs_code: bool,
    /// The purpose typed before a refusal, kept.
    pub reveal_purpose: String,
    pub message: Option<String>,
    pub identity: Option<RevealedIdentity>,
    pub decisions: Vec<DecisionBox>,
    pub table_orgs: Vec<(String, String)>,
    /// (meeting id, "date time · present: …") for a proposal.
    pub decision_meetings: Vec<(String, String)>,
    /// The case is at the table (decisions can be put to the vote).
    pub table_phase: bool,
    /// (organisation, known, followed up, mine); "" while not answered.
    pub knowledge: Vec<(String, String, String, bool)>,
    pub knowledge_open: usize,
    pub may_answer_knowledge: bool,
    pub has_security_step: bool,
    pub has_transfer_step: bool,
    /// The partner LIVC-Rs of the register, offered for the receiving one.
    pub partner_livcs: Vec<String>,
}

/// A decision of the case (open, adopted or withdrawn) with its votes,
/// labels translated.
pub struct DecisionBox {
    pub id: String,
    pub kind: String,
    /// Open, adopted or withdrawn.
    pub status: String,
    /// The meeting's date and time ("" for a decision from before meetings).
    pub meeting: String,
    /// Its meeting is marked held: the votes are final.
    pub votes_final: bool,
    pub proposed: String,
    /// When it was adopted or withdrawn ("" while open).
    pub closed: String,
    /// The count: unanimous, blocked, votes missing.
    pub outcome: String,
    /// Why guidance no longer suffices (a security-risk proposal).
    pub reason: Option<String>,
    /// (organisation, vote, when it voted).
    pub votes: Vec<(String, String, String)>,
    pub may_vote: bool,
    pub may_withdraw: bool,
    pub adopted: bool,
}

/// The identity, shown once on the response page of a reveal.
pub struct RevealedIdentity {
    pub name: String,
    pub date_of_birth: String,
    pub address: String,
    pub national_number: String,
}

fn detail_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    id: String,
    d: CaseDetail,
    message: Option<String>,
    identity: Option<RevealedIdentity>,
) -> DetailPage {
    DetailPage {
        page: Page::for_session(tr, state.config.demo, s, "case-title", "/casussen"),
        notice: None,
        step_form: StepForm::default(),
        may_read_fiche: s.role == verbind_domain::Role::Expert || d.may_record_ltf,
        id,
        row: row(tr, &d.summary),
        reason: d.reason,
        source: tr.t(&format!(
            "case-source-{}",
            d.referral_source.replace('_', "-")
        )),
        referred_by_org: d.referred_by_org.unwrap_or_default(),
        lives_in_area: d.lives_in_area,
        socially_active_in_area: d.socially_active_in_area,
        created: format_date(d.created_at),
        history: d
            .history
            .into_iter()
            .map(|h| HistoryRow {
                at: format_datetime(h.at),
                from: tr.t(&format!("case-state-{}", h.from.code().replace('_', "-"))),
                to: tr.t(&format!("case-state-{}", h.to.code().replace('_', "-"))),
                note: h.note,
            })
            .collect(),
        steps: d
            .allowed
            .iter()
            .map(|t| StepButton {
                code: t.code(),
                label: tr.t(&format!("case-transition-{}", t.code().replace('_', "-"))),
            })
            .collect(),
        may_step: d.may_step,
        may_record_ltf: d.may_record_ltf,
        may_reveal: d.may_reveal,
        reveal_needs_reauth: !verbind_domain::session::reauth_fresh(s.reauth_at, state.now_ms()),
        reveal_needs_code: s.mfa_enabled,
        reveal_purpose: String::new(),
        message,
        identity,
        decisions: d
            .decisions
            .iter()
            .map(|dv| DecisionBox {
                id: dv.id.clone(),
                kind: tr.t(&format!(
                    "decision-kind-{}",
                    dv.kind.code().replace('_', "-")
                )),
                status: tr.t(&format!("decision-status-{}", dv.status.code())),
                meeting: dv
                    .meeting_starts_at
                    .map(format_datetime)
                    .unwrap_or_default(),
                votes_final: dv.votes_final,
                proposed: format_datetime(dv.proposed_at),
                closed: dv.closed_at.map(format_datetime).unwrap_or_default(),
                outcome: match dv.outcome {
                    Some(o) => tr.t(&format!("decision-outcome-{}", o.replace('_', "-"))),
                    None => String::new(),
                },
                reason: dv.reason.clone(),
                votes: dv
                    .votes
                    .iter()
                    .map(|l| {
                        let label = match l.vote {
                            Some(v) => tr.t(&format!("decision-vote-{}", v.code())),
                            None => tr.t("decision-vote-missing"),
                        };
                        (
                            l.organisation.clone(),
                            label,
                            l.at.map(format_datetime).unwrap_or_default(),
                        )
                    })
                    .collect(),
                may_vote: dv.may_vote,
                may_withdraw: dv.may_withdraw,
                adopted: dv.adopted,
            })
            .collect(),
        table_orgs: d.table_orgs,
        decision_meetings: d
            .decision_meetings
            .iter()
            .map(|m| {
                (
                    m.id.clone(),
                    tr.t_args(
                        "decision-meeting-option",
                        &[
                            ("when", crate::i18n::format_datetime(m.starts_at)),
                            ("present", m.present.join(", ")),
                        ],
                    ),
                )
            })
            .collect(),
        table_phase: d.summary.state.is_active(),
        knowledge_open: d.knowledge.iter().filter(|k| k.answer.is_none()).count(),
        knowledge: d
            .knowledge
            .iter()
            .map(|k| {
                let yes_no = |b: bool| tr.t(if b { "knowledge-yes" } else { "knowledge-no" });
                match k.answer {
                    Some(a) => (
                        k.organisation.clone(),
                        yes_no(a.known),
                        yes_no(a.followed_up),
                        k.mine,
                    ),
                    None => (k.organisation.clone(), String::new(), String::new(), k.mine),
                }
            })
            .collect(),
        may_answer_knowledge: d.may_answer_knowledge,
        has_security_step: d
            .allowed
            .contains(&verbind_domain::case::Transition::ConcludeSecurityRisk),
        partner_livcs: d.partner_livcs.clone(),
        has_transfer_step: d
            .allowed
            .contains(&verbind_domain::case::Transition::Transfer),
    }
}

/// GET /casussen/{id}
/// `?bestaand=1`: the referral just posted was not used, because the contact
/// or signal had been referred already (a second post, or two at once).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct DetailQuery {
    #[serde(default)]
    pub bestaand: Option<String>,
}

/// Where a referral that found its case existing goes: that case, saying so.
fn existing_case(id: &str) -> Response {
    Redirect::to(&format!("/casussen/{id}?bestaand=1")).into_response()
}

pub async fn detail(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    Query(q): Query<DetailQuery>,
) -> AppResult<Response> {
    let back = uuid::Uuid::try_parse(&id)
        .is_ok()
        .then(|| format!("/casussen/{id}"));
    if let Some(r) = ethics_first_then(&state, &s, back).await? {
        return Ok(r);
    }
    let d = service::open(&state, &s, id.clone()).await?;
    let tr = Tr::new(l);
    let mut page = detail_page(&state, &s, tr, id, d, None, None);
    if q.bestaand.is_some() {
        page.notice = Some(tr.t("case-referral-existing"));
    }
    Ok(page.into_response())
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct StepForm {
    #[serde(default)]
    pub stap: String,
    #[serde(default)]
    pub notitie: String,
    #[serde(default)]
    pub reden_veiligheidsrisico: String,
    #[serde(default)]
    pub ontvangende_livc: String,
}

/// Re-renders the case file with a message (after a refused step or an LTF error).
async fn with_message(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    id: String,
    key: &str,
) -> AppResult<Response> {
    let d = service::open(state, s, id.clone()).await?;
    let mut res = detail_page(state, s, tr, id, d, Some(tr.t(key)), None).into_response();
    *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    Ok(res)
}

/// POST /casussen/{id}/stap
pub async fn step(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    Form(f): Form<StepForm>,
) -> AppResult<Response> {
    let input = StepInput {
        transition: f.stap.clone(),
        note: f.notitie.clone(),
        security_risk_reason: f.reden_veiligheidsrisico.clone(),
        receiving_livc: f.ontvangende_livc.clone(),
    };
    match service::step(&state, &s, id.clone(), input).await? {
        StepOutcome::Done(_) => Ok(Redirect::to(&format!("/casussen/{id}")).into_response()),
        StepOutcome::Refused(key) => {
            // The file again, with the message and what was typed.
            let tr = Tr::new(l);
            let d = service::open(&state, &s, id.clone()).await?;
            let mut page = detail_page(&state, &s, tr, id, d, Some(tr.t(key)), None);
            page.step_form = f;
            let mut res = page.into_response();
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
    }
}

#[derive(Deserialize)]
pub struct LtfForm {
    #[serde(default)]
    pub ltf: String,
}

/// POST /casussen/{id}/ltf
pub async fn ltf(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    Form(f): Form<LtfForm>,
) -> AppResult<Response> {
    match service::record_ltf(&state, &s, id.clone(), f.ltf).await? {
        Ok(()) => Ok(Redirect::to(&format!("/casussen/{id}")).into_response()),
        Err(key) => with_message(&state, &s, Tr::new(l), id, key).await,
    }
}

#[derive(Deserialize)]
pub struct RevealForm {
    #[serde(default)]
    pub doel: String,
    /// The password, when the form asks for re-authentication.
    #[serde(default)]
    pub wachtwoord: String,
    /// The TOTP code, when MFA is on.
    #[serde(default)]
    pub code: String,
}

/// The case file again with a message, the typed purpose kept.
async fn reveal_refused(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    id: String,
    key: &str,
    purpose: String,
    status: StatusCode,
) -> AppResult<Response> {
    let d = service::open(state, s, id.clone()).await?;
    let mut page = detail_page(state, s, tr, id, d, Some(tr.t(key)), None);
    page.reveal_purpose = purpose;
    let mut res = page.into_response();
    *res.status_mut() = status;
    Ok(res)
}

/// POST /casussen/{id}/identiteit: shows the identity on this response only.
/// When the last re-authentication is not fresh, the form carries the
/// password (and code) and re-authenticates in the same post.
pub async fn reveal(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    Form(f): Form<RevealForm>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    // Too long a purpose is said as such (not as a missing one), before any
    // password is checked; the typed text stays in the form.
    if let Err(TextError::TooLong { max }) = RevealPurpose::parse(&f.doel) {
        let d = service::open(&state, &s, id.clone()).await?;
        let text = tr.t_args("case-reveal-purpose-too-long", &[("max", max.to_string())]);
        let mut page = detail_page(&state, &s, tr, id, d, Some(text), None);
        page.reveal_purpose = f.doel;
        let mut res = page.into_response();
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
        return Ok(res);
    }
    let mut s = s;
    if !f.wachtwoord.is_empty()
        && !verbind_domain::session::reauth_fresh(s.reauth_at, state.now_ms())
    {
        let outcome = crate::auth::service::reauthenticate(
            &state,
            &s,
            secrecy::SecretString::from(f.wachtwoord.clone()),
            Some(f.code.clone()).filter(|c| !c.trim().is_empty()),
        )
        .await?;
        if !outcome.is_confirmed() {
            // The file again, the purpose kept; throttled: how long to wait.
            let d = service::open(&state, &s, id.clone()).await?;
            let text = crate::account::reauth::reauth_refusal_text(tr, outcome);
            let mut page = detail_page(&state, &s, tr, id, d, Some(text), None);
            page.reveal_purpose = f.doel;
            let mut res = page.into_response();
            crate::account::reauth::with_refusal_status(&mut res, outcome);
            return Ok(res);
        }
        s.reauth_at = Some(state.now_ms());
    }
    match service::reveal(&state, &s, id.clone(), f.doel.clone()).await? {
        Ok(identity) => {
            let d = service::open(&state, &s, id.clone()).await?;
            let shown = RevealedIdentity {
                name: identity.name.clone(),
                date_of_birth: identity
                    .date_of_birth
                    .as_deref()
                    .and_then(|iso| verbind_domain::case::Date::parse_iso(iso).ok())
                    .map(|d| d.to_string())
                    .unwrap_or_default(),
                address: identity.address.clone().unwrap_or_default(),
                national_number: identity
                    .national_number
                    .as_deref()
                    .and_then(|n| verbind_domain::case::NationalNumber::parse(n).ok())
                    .map(|n| n.formatted())
                    .unwrap_or_default(),
            };
            Ok(detail_page(&state, &s, tr, id, d, None, Some(shown)).into_response())
        }
        Err(
            r @ DenyReason::Case(
                why @ (CaseDenyReason::ReauthRequired | CaseDenyReason::PurposeRequired),
            ),
        ) => {
            let status = if why == CaseDenyReason::ReauthRequired {
                StatusCode::UNAUTHORIZED
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            reveal_refused(&state, &s, tr, id, deny_message_key(r), f.doel, status).await
        }
        Err(r @ DenyReason::Case(CaseDenyReason::IdentityClosedToTable)) => {
            reveal_refused(
                &state,
                &s,
                tr,
                id,
                deny_message_key(r),
                f.doel,
                StatusCode::FORBIDDEN,
            )
            .await
        }
        Err(r) => Err(AppError::denied(verbind_domain::policy::Decision::Deny(r))),
    }
}

/// POST /casussen/{id}/besluit: the expert puts a unanimous decision to the
/// table at one of its meetings (field `vergadering`); the organisations
/// present come from that meeting's attendance.
pub async fn propose(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    axum_extra::extract::Form(f): axum_extra::extract::Form<ProposeFormMulti>,
) -> AppResult<Response> {
    match service::propose_decision(&state, &s, id.clone(), f.soort, f.vergadering, f.reden).await?
    {
        Ok(()) => Ok(Redirect::to(&format!("/casussen/{id}")).into_response()),
        Err(key) => with_message(&state, &s, Tr::new(l), id, key).await,
    }
}

/// The proposal form.
#[derive(Debug, Deserialize)]
pub struct ProposeFormMulti {
    #[serde(default)]
    pub soort: String,
    #[serde(default)]
    pub reden: String,
    #[serde(default)]
    pub vergadering: String,
}

/// The withdrawal form: the decision to withdraw.
#[derive(Deserialize)]
pub struct WithdrawForm {
    #[serde(default)]
    pub besluit: String,
}

/// POST /casussen/{id}/besluit/intrekken: the expert withdraws an open
/// proposal; it stays in the file with its votes.
pub async fn withdraw_decision(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    Form(f): Form<WithdrawForm>,
) -> AppResult<Response> {
    match service::withdraw_decision(&state, &s, id.clone(), f.besluit).await? {
        Ok(()) => Ok(Redirect::to(&format!("/casussen/{id}")).into_response()),
        Err(key) => with_message(&state, &s, Tr::new(l), id, key).await,
    }
}

#[derive(Deserialize)]
pub struct VoteForm {
    #[serde(default)]
    pub besluit: String,
    #[serde(default)]
    pub stem: String,
}

/// POST /casussen/{id}/stem: the voter's organisation votes.
pub async fn vote(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    Form(f): Form<VoteForm>,
) -> AppResult<Response> {
    match service::cast_vote(&state, &s, id.clone(), f.besluit, f.stem).await? {
        Ok(()) => Ok(Redirect::to(&format!("/casussen/{id}")).into_response()),
        Err(key) => with_message(&state, &s, Tr::new(l), id, key).await,
    }
}

#[derive(Deserialize)]
pub struct KnowledgeForm {
    #[serde(default)]
    pub gekend: String,
    #[serde(default)]
    pub opgevolgd: String,
}

/// POST /casussen/{id}/kennis: the viewer's organisation answers for itself.
pub async fn knowledge(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    Form(f): Form<KnowledgeForm>,
) -> AppResult<Response> {
    let parse = |v: &str| match v {
        "ja" => Some(true),
        "nee" => Some(false),
        _ => None,
    };
    let (Some(known), Some(followed)) = (parse(&f.gekend), parse(&f.opgevolgd)) else {
        return with_message(&state, &s, Tr::new(l), id, "knowledge-error-choose").await;
    };
    service::answer_knowledge(&state, &s, id.clone(), known, followed).await?;
    Ok(Redirect::to(&format!("/casussen/{id}")).into_response())
}

/// One item on the items page, labels translated.
pub struct ItemBox {
    pub id: String,
    pub domain: String,
    pub content: String,
    pub necessity: String,
    pub secrecy: bool,
    pub sharing: String,
    pub origin: Option<String>,
    pub mine: bool,
    pub withdrawn: bool,
    pub consent: bool,
    pub viewers: Vec<(String, String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases/items.html")]
pub struct ItemsPage {
    pub page: Page,
    pub id: String,
    pub code: String,
    pub items: Vec<ItemBox>,
    pub errors: Vec<(&'static str, String)>,
    pub form: ItemForm,
}

impl ItemsPage {
    pub fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

/// The add-item form's fields.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct ItemForm {
    #[serde(default)]
    pub domein: String,
    #[serde(default)]
    pub inhoud: String,
    #[serde(default)]
    pub noodzaak: String,
    #[serde(default)]
    pub beroepsgeheim: Option<String>,
    #[serde(default)]
    pub delen: String,
    #[serde(default)]
    pub afschermen: Option<String>,
}

async fn items_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    id: String,
    form: ItemForm,
    errors: &FieldErrors,
) -> AppResult<ItemsPage> {
    let (code, list) = super::items::visible(state, s, id.clone()).await?;
    Ok(ItemsPage {
        page: Page::for_session(tr, state.config.demo, s, "items-title", "/casussen"),
        id,
        code,
        items: list
            .into_iter()
            .map(|i| ItemBox {
                id: i.id,
                domain: tr.t(&format!(
                    "item-domain-{}",
                    i.domain.code().replace('_', "-")
                )),
                content: i.content,
                necessity: i.necessity,
                secrecy: i.professional_secrecy,
                sharing: tr.t(&format!(
                    "item-sharing-{}",
                    i.sharing.code().replace('_', "-")
                )),
                origin: i.origin,
                mine: i.mine,
                withdrawn: i.withdrawn,
                consent: i.consent,
                viewers: i
                    .viewers
                    .into_iter()
                    .map(|(u, o, at)| (u, o, format_datetime(at)))
                    .collect(),
            })
            .collect(),
        errors: errors.iter().map(|(f, k)| (*f, tr.t(k))).collect(),
        form,
    })
}

/// GET /casussen/{id}/bijdragen
pub async fn items(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
) -> AppResult<Response> {
    if let Some(r) = ethics_first(&state, &s).await? {
        return Ok(r);
    }
    let form = ItemForm {
        delen: "table".into(),
        ..ItemForm::default()
    };
    Ok(items_page(&state, &s, Tr::new(l), id, form, &Vec::new())
        .await?
        .into_response())
}

/// POST /casussen/{id}/bijdragen
pub async fn add_item(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    Form(f): Form<ItemForm>,
) -> AppResult<Response> {
    let input = super::items::ItemInput {
        domain: f.domein.clone(),
        content: f.inhoud.clone(),
        necessity: f.noodzaak.clone(),
        professional_secrecy: f.beroepsgeheim.is_some(),
        sharing: f.delen.clone(),
        origin_shielded: f.afschermen.is_some(),
    };
    match super::items::add(&state, &s, id.clone(), input).await? {
        Ok(()) => Ok(Redirect::to(&format!("/casussen/{id}/bijdragen")).into_response()),
        Err(errors) => {
            let mut res = items_page(&state, &s, Tr::new(l), id, f, &errors)
                .await?
                .into_response();
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
    }
}

/// POST /casussen/{id}/bijdragen/{item}/{actie}: the owner withdraws, consents or takes consent back.
pub async fn item_action(
    State(state): State<AppState>,
    s: CurrentSession,
    Path((id, item, actie)): Path<(String, String, String)>,
) -> AppResult<Response> {
    let action = match actie.as_str() {
        "intrekken" => "withdraw",
        "toestemming" => "consent",
        "geen-toestemming" => "revoke",
        _ => return Err(AppError::not_found()),
    };
    super::items::owner_action(&state, &s, id.clone(), item, action).await?;
    Ok(Redirect::to(&format!("/casussen/{id}/bijdragen")).into_response())
}
