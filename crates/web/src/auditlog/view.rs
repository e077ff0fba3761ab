//! The audit trail pages: the filtered list (`GET /audit`), its CSV export
//! (`GET /audit.csv`) and the chain check (`POST /audit/controle`).
//!
//! The DPO sees the entries of its own tenant only. Every read is itself
//! recorded (`AuditAction::AuditTrailRead`), with the filters used but never
//! the free text typed into them.
//!
//! A reason sealed with a case's key (the purpose of an identity reveal, the
//! partner of a transfer) is opened for the auditor when the row is shown:
//! that is a read of case data, recorded as `AuditAction::AuditReasonsOpened`
//! with a count, never the text. A shredded case's reason stays unreadable.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use verbind_crypto::audit::ChainErrorKind;
use verbind_domain::audit::AuditAction;
use verbind_domain::policy::Action;
use verbind_store::models::audit::{self, AuditRow, VerifyError};
use verbind_store::models::case as cases;
use verbind_store::models::transfer as register;
use verbind_store::models::{organisation, user};
use verbind_store::{DbConn, StoreError, StoreResult};

use super::csv;
use super::filter::{self, ActorFilter, AuditQuery, FilterErrors, ParsedFilter};
use crate::error::AppResult;
use crate::i18n::{Tr, format_datetime};
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::Page;

/// Entries per page.
pub const PAGE_SIZE: i64 = 100;
/// Entries per database round trip during an export.
const EXPORT_BATCH: i64 = 1000;
const NAV: &str = "/audit";

/// The translation key of an action's label: `login.failed` -> `audit-action-login-failed`.
pub fn action_key(code: &str) -> String {
    format!("audit-action-{}", code.replace(['.', '_'], "-"))
}

/// A translated label, or the code itself when there is none (an action of a newer release).
fn label_or_code(tr: Tr, key: &str, code: &str) -> String {
    if tr.has(key) {
        tr.t(key)
    } else {
        code.to_owned()
    }
}

fn audit_read_entry(s: &CurrentSession, detail: String) -> audit::NewEntry {
    audit::NewEntry::new(AuditAction::AuditTrailRead, "ok")
        .tenant(&s.tenant_id)
        .actor(s.user_id.as_str(), s.organisation_id.as_str())
        .detail(detail)
}

// ---------------------------------------------------------------- view types

#[derive(Debug, Clone)]
pub struct ActionOption {
    pub code: &'static str,
    pub label: String,
    pub selected: bool,
}

/// One entry as the page shows it.
#[derive(Debug, Clone)]
pub struct EntryView {
    pub seq: i64,
    pub time: String,
    pub actor: String,
    pub actor_id: String,
    pub organisation: String,
    pub action: String,
    pub object_type: String,
    pub object_name: String,
    pub object_id: String,
    pub outcome: String,
    pub detail: String,
    /// The opened sealed reason, with its label ("Doel: ..."); empty when none.
    pub reason: String,
}

/// What the filter form shows again.
#[derive(Debug, Default, Clone)]
pub struct FormEcho {
    pub gebruiker: String,
    pub van: String,
    pub tot: String,
    pub object: String,
}

/// The translated message next to each wrong filter.
#[derive(Debug, Default, Clone)]
pub struct ErrorTexts {
    pub action: Option<String>,
    pub actor: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub object: Option<String>,
}

impl ErrorTexts {
    fn from_keys(tr: Tr, e: &FilterErrors) -> Self {
        let t = |k: Option<&'static str>| k.map(|k| tr.t(k));
        Self {
            action: t(e.action),
            actor: t(e.actor),
            from: t(e.from),
            to: t(e.to),
            object: t(e.object),
        }
    }
    fn any(&self) -> bool {
        self.action.is_some()
            || self.actor.is_some()
            || self.from.is_some()
            || self.to.is_some()
            || self.object.is_some()
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "auditlog/trail.html")]
pub struct TrailPage {
    pub page: Page,
    pub form: FormEcho,
    pub errors: ErrorTexts,
    pub actions: Vec<ActionOption>,
    pub entries: Vec<EntryView>,
    /// False when the filters were wrong and nothing was read.
    pub searched: bool,
    pub older_link: Option<String>,
    pub newest_link: Option<String>,
    pub csv_link: String,
}

fn action_options(tr: Tr, selected: Option<AuditAction>) -> Vec<ActionOption> {
    AuditAction::ALL
        .into_iter()
        .map(|a| ActionOption {
            code: a.code(),
            label: label_or_code(tr, &action_key(a.code()), a.code()),
            selected: Some(a) == selected,
        })
        .collect()
}

fn echo(q: &AuditQuery) -> FormEcho {
    let cut = |s: &str| s.trim().chars().take(100).collect::<String>();
    FormEcho {
        gebruiker: cut(&q.gebruiker),
        van: cut(&q.van),
        tot: cut(&q.tot),
        object: cut(&q.object),
    }
}

// ---------------------------------------------------------------- reading

/// The tenant's names for ids in the trail.
struct Names {
    users: HashMap<String, String>,
    orgs: HashMap<String, String>,
}

fn names(c: &mut DbConn, s: &CurrentSession) -> StoreResult<Names> {
    Ok(Names {
        users: user::list(c, &s.tenant_id)?
            .into_iter()
            .map(|u| (u.id, u.username))
            .collect(),
        orgs: organisation::list(c, &s.tenant_id)?
            .into_iter()
            .map(|o| (o.id, o.name))
            .collect(),
    })
}

/// The actor filter as a user id of the DPO's own tenant; `Err` when unknown there.
fn resolve_actor(names: &Names, actor: &ActorFilter) -> Result<Option<(String, String)>, ()> {
    match actor {
        ActorFilter::Any => Ok(None),
        ActorFilter::Id(id) => names
            .users
            .get(id.as_str())
            .map(|u| Some((id.as_str().to_owned(), u.clone())))
            .ok_or(()),
        ActorFilter::Username(u) => names
            .users
            .iter()
            .find(|(_, name)| name.as_str() == u.as_str())
            .map(|(id, name)| Some((id.clone(), name.clone())))
            .ok_or(()),
    }
}

fn store_filter(s: &CurrentSession, f: &ParsedFilter, actor: Option<&str>) -> audit::Filter {
    let (from_ms, to_ms) = filter::day_bounds(f.from, f.to);
    audit::Filter {
        tenant_id: Some(s.tenant_id.as_str().to_owned()),
        action: f.action.map(|a| a.code().to_owned()),
        actor_user_id: actor.map(str::to_owned),
        object_id: f.object.clone(),
        from_ms,
        to_ms,
        before_seq: f.before_seq,
        limit: PAGE_SIZE + 1,
    }
}

/// The non-personal summary of a read, for the trail: which filters, ids and codes only.
fn read_detail(view: &str, f: &ParsedFilter, actor: Option<&str>, rows: usize) -> String {
    let mut d = format!("view={view};rows={rows}");
    if let Some(a) = f.action {
        d.push_str(&format!(";action={}", a.code()));
    }
    if let Some(id) = actor {
        d.push_str(&format!(";actor={id}"));
    }
    if let Some(from) = f.from {
        d.push_str(&format!(";from={}", from));
    }
    if let Some(to) = f.to {
        d.push_str(&format!(";to={}", to));
    }
    if f.object.is_some() {
        d.push_str(";object=1");
    }
    if let Some(b) = f.before_seq {
        d.push_str(&format!(";before={b}"));
    }
    d
}

/// A reason sealed with a case's key, as opened for the auditor.
#[derive(Debug, Clone)]
pub enum OpenedReason {
    /// The purpose of an identity reveal (or other free text about the case).
    Text(String),
    /// The partner LIVC-R of a transfer, by name.
    Partner(String),
    /// The case's key was destroyed (crypto-shredding): unreadable for good.
    Shredded,
    /// It would not open (a damaged or moved blob); logged without content.
    Unreadable,
}

/// Opens the sealed reasons of `rows` (by sequence number) for the auditor:
/// an entry about a case of the auditor's own tenant, opened with that
/// case's key. Returns them and how many were actually read.
fn open_reasons(
    c: &mut DbConn,
    st: &crate::state::Inner,
    s: &CurrentSession,
    rows: &[AuditRow],
) -> StoreResult<(HashMap<i64, OpenedReason>, usize)> {
    let mut out = HashMap::new();
    let mut read = 0;
    let mut case_rows: HashMap<String, Option<cases::CaseRow>> = HashMap::new();
    for r in rows {
        let (Some(sealed), Some("case"), Some(case_id)) =
            (&r.reason, r.object_type.as_deref(), r.object_id.as_deref())
        else {
            continue;
        };
        if r.tenant_id.as_deref() != Some(s.tenant_id.as_str()) {
            continue;
        }
        let case = match case_rows.get(case_id) {
            Some(found) => found.clone(),
            None => {
                let found = match cases::find(c, &s.tenant_id, case_id) {
                    Ok(row) => Some(row),
                    Err(StoreError::NotFound) => None,
                    Err(e) => return Err(e),
                };
                case_rows.insert(case_id.to_owned(), found.clone());
                found
            }
        };
        let opened = match case {
            None => OpenedReason::Shredded,
            Some(case) => match cases::open_audit_reason(c, &st.keyring, &case, sealed) {
                Ok(None) => OpenedReason::Shredded,
                Ok(Some(text)) => {
                    read += 1;
                    match text.strip_prefix(crate::cases::transfer::PARTNER_REASON) {
                        Some(partner) => OpenedReason::Partner(
                            register::find_partner_any(c, &st.keyring, &s.tenant_id, partner)
                                .map(|p| p.name)
                                .unwrap_or_else(|_| partner.to_owned()),
                        ),
                        None => OpenedReason::Text(text),
                    }
                }
                Err(e) => {
                    tracing::warn!(seq = r.seq, error = %e, "sealed audit reason does not open");
                    OpenedReason::Unreadable
                }
            },
        };
        out.insert(r.seq, opened);
    }
    Ok((out, read))
}

/// What one read found.
struct Rows {
    rows: Vec<AuditRow>,
    names: Names,
    actor: Option<(String, String)>,
    reasons: HashMap<i64, OpenedReason>,
}

enum Read {
    UnknownActor,
    Rows(Box<Rows>),
}

/// Reads one page (or, for the export, everything) and records the read, in one transaction.
async fn read(
    state: &AppState,
    session: &CurrentSession,
    f: ParsedFilter,
    export: bool,
) -> AppResult<Read> {
    let s = session.clone();
    let now = state.now_ms();
    state
        .write(move |c, st| {
            let names = names(c, &s)?;
            let Ok(actor) = resolve_actor(&names, &f.actor) else {
                return Ok(Read::UnknownActor);
            };
            let actor_id = actor.as_ref().map(|(id, _)| id.as_str());
            let mut q = store_filter(&s, &f, actor_id);
            let rows = if export {
                q.before_seq = None;
                q.limit = EXPORT_BATCH;
                let mut all = Vec::new();
                loop {
                    let batch = audit::list(c, &q)?;
                    let n = batch.len();
                    q.before_seq = batch.last().map(|r| r.seq);
                    all.extend(batch);
                    if (n as i64) < EXPORT_BATCH {
                        break;
                    }
                }
                all
            } else {
                audit::list(c, &q)?
            };
            let shown = if export {
                rows.len()
            } else {
                rows.len().min(PAGE_SIZE as usize)
            };
            let view = if export { "csv" } else { "page" };
            audit::append(
                c,
                now,
                &audit_read_entry(&s, read_detail(view, &f, actor_id, shown)),
            )?;
            // The route already asked the policy (`ReadAuditTrail`: the
            // auditor only); the reasons of the rows shown are opened for it.
            let (reasons, opened) = open_reasons(c, st, &s, &rows[..shown])?;
            if opened > 0 {
                audit::append(
                    c,
                    now,
                    &audit::NewEntry::new(AuditAction::AuditReasonsOpened, "ok")
                        .tenant(&s.tenant_id)
                        .actor(s.user_id.as_str(), s.organisation_id.as_str())
                        .detail(format!("view={view};reasons={opened}")),
                )?;
            }
            Ok(Read::Rows(Box::new(Rows {
                rows,
                names,
                actor,
                reasons,
            })))
        })
        .await
}

/// The opened reason as the auditor reads it, labelled.
fn reason_text(tr: Tr, reason: Option<&OpenedReason>) -> String {
    match reason {
        None => String::new(),
        Some(OpenedReason::Text(t)) => format!("{}: {t}", tr.t("audit-reason-purpose")),
        Some(OpenedReason::Partner(p)) => format!("{}: {p}", tr.t("audit-reason-partner")),
        Some(OpenedReason::Shredded) => tr.t("audit-reason-shredded"),
        Some(OpenedReason::Unreadable) => tr.t("audit-reason-unreadable"),
    }
}

fn entry_view(
    tr: Tr,
    names: &Names,
    reasons: &HashMap<i64, OpenedReason>,
    r: &AuditRow,
) -> EntryView {
    let actor_id = r.actor_user_id.clone().unwrap_or_default();
    let object_type = r.object_type.clone().unwrap_or_default();
    let object_id = r.object_id.clone().unwrap_or_default();
    let object_name = if object_type == "user" {
        names.users.get(&object_id).cloned().unwrap_or_default()
    } else {
        String::new()
    };
    EntryView {
        seq: r.seq,
        time: format_datetime(r.at_ms),
        actor: names.users.get(&actor_id).cloned().unwrap_or_default(),
        actor_id,
        organisation: r
            .actor_org_id
            .as_ref()
            .and_then(|o| names.orgs.get(o))
            .cloned()
            .unwrap_or_default(),
        action: label_or_code(tr, &action_key(&r.action), &r.action),
        object_type: if object_type.is_empty() {
            String::new()
        } else {
            label_or_code(tr, &format!("audit-object-{object_type}"), &object_type)
        },
        object_name,
        object_id,
        outcome: label_or_code(tr, &format!("audit-outcome-{}", r.outcome), &r.outcome),
        detail: r.detail.clone().unwrap_or_default(),
        reason: reason_text(tr, reasons.get(&r.seq)),
    }
}

/// The query string of the page's own links: ids and codes, never a typed name.
fn link_query(f: &ParsedFilter, actor_id: Option<&str>, before: Option<i64>) -> String {
    let mut pairs: Vec<(&str, String)> = Vec::new();
    if let Some(a) = f.action {
        pairs.push(("actie", a.code().to_owned()));
    }
    if let Some(id) = actor_id {
        pairs.push(("gebruiker_id", id.to_owned()));
    }
    if let Some(d) = f.from {
        pairs.push(("van", filter::format_date(d)));
    }
    if let Some(d) = f.to {
        pairs.push(("tot", filter::format_date(d)));
    }
    if let Some(o) = &f.object {
        pairs.push(("object", o.clone()));
    }
    if let Some(b) = before {
        pairs.push(("voor", b.to_string()));
    }
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

fn with_query(path: &str, query: &str) -> String {
    if query.is_empty() {
        path.to_owned()
    } else {
        format!("{path}?{query}")
    }
}

fn error_page(
    state: &AppState,
    session: &CurrentSession,
    tr: Tr,
    q: &AuditQuery,
    action: Option<AuditAction>,
    errors: ErrorTexts,
) -> Response {
    let page = TrailPage {
        page: Page::for_session(tr, state.config.demo, session, "audit-title", NAV),
        form: echo(q),
        errors,
        actions: action_options(tr, action),
        entries: Vec::new(),
        searched: false,
        older_link: None,
        newest_link: None,
        csv_link: "/audit.csv".to_owned(),
    };
    (StatusCode::UNPROCESSABLE_ENTITY, page).into_response()
}

/// What one read found: the filters, the rows, the names, the actor filtered
/// on and the opened reasons.
type Found = (
    ParsedFilter,
    Vec<AuditRow>,
    Names,
    Option<(String, String)>,
    HashMap<i64, OpenedReason>,
);

/// Parses the filters and reads; `Err(response)` is the form again with its messages.
async fn parse_and_read(
    state: &AppState,
    session: &CurrentSession,
    tr: Tr,
    q: &AuditQuery,
    export: bool,
) -> AppResult<Result<Found, Response>> {
    let f = match filter::parse_filter(q) {
        Ok(f) => f,
        Err(e) => {
            let action = AuditAction::parse(q.actie.trim());
            return Ok(Err(error_page(
                state,
                session,
                tr,
                q,
                action,
                ErrorTexts::from_keys(tr, &e),
            )));
        }
    };
    match read(state, session, f.clone(), export).await? {
        Read::UnknownActor => {
            let errors = ErrorTexts {
                actor: Some(tr.t("audit-error-actor-unknown")),
                ..ErrorTexts::default()
            };
            Ok(Err(error_page(state, session, tr, q, f.action, errors)))
        }
        Read::Rows(found) => {
            let Rows {
                rows,
                names,
                actor,
                reasons,
            } = *found;
            Ok(Ok((f, rows, names, actor, reasons)))
        }
    }
}

/// GET /audit
pub async fn show(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> AppResult<Response> {
    session.require(Action::ReadAuditTrail)?;
    let q = query.map(|Query(q)| q).unwrap_or_default();
    let tr = Tr::new(locale);
    let (f, mut rows, names, actor, reasons) =
        match parse_and_read(&state, &session, tr, &q, false).await? {
            Ok(r) => r,
            Err(page) => return Ok(page),
        };
    let has_older = rows.len() > PAGE_SIZE as usize;
    rows.truncate(PAGE_SIZE as usize);
    let actor_id = actor.as_ref().map(|(id, _)| id.as_str());
    let older_link = match rows.last() {
        Some(last) if has_older => Some(with_query(
            "/audit",
            &link_query(&f, actor_id, Some(last.seq)),
        )),
        _ => None,
    };
    let newest_link = f
        .before_seq
        .map(|_| with_query("/audit", &link_query(&f, actor_id, None)));
    let mut form = echo(&q);
    if let Some((_, username)) = &actor {
        form.gebruiker = username.clone();
    }
    if let Some(d) = f.from {
        form.van = filter::format_date(d);
    }
    if let Some(d) = f.to {
        form.tot = filter::format_date(d);
    }
    let page = TrailPage {
        page: Page::for_session(tr, state.config.demo, &session, "audit-title", NAV),
        form,
        errors: ErrorTexts::default(),
        actions: action_options(tr, f.action),
        entries: rows
            .iter()
            .map(|r| entry_view(tr, &names, &reasons, r))
            .collect(),
        searched: true,
        older_link,
        newest_link,
        csv_link: with_query("/audit.csv", &link_query(&f, actor_id, None)),
    };
    Ok(page.into_response())
}

/// GET /audit.csv: every entry the filters match (not only one page), newest first.
pub async fn export_csv(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
    query: Result<Query<AuditQuery>, QueryRejection>,
) -> AppResult<Response> {
    session.require(Action::ReadAuditTrail)?;
    let q = query.map(|Query(q)| q).unwrap_or_default();
    let tr = Tr::new(locale);
    let (_, rows, names, _, reasons) = match parse_and_read(&state, &session, tr, &q, true).await? {
        Ok(r) => r,
        Err(page) => return Ok(page),
    };
    let mut out = csv::line(&[
        tr.t("audit-col-seq"),
        tr.t("audit-col-time"),
        tr.t("audit-col-time-utc"),
        tr.t("audit-col-actor"),
        tr.t("audit-col-actor-id"),
        tr.t("audit-col-organisation"),
        tr.t("audit-col-organisation-id"),
        tr.t("audit-col-action-code"),
        tr.t("audit-col-action"),
        tr.t("audit-col-object-type"),
        tr.t("audit-col-object-id"),
        tr.t("audit-col-outcome"),
        tr.t("audit-col-detail"),
        tr.t("audit-col-reason"),
    ]);
    for r in &rows {
        let v = entry_view(tr, &names, &reasons, r);
        out.push_str(&csv::line(&[
            v.seq.to_string(),
            v.time,
            utc_time(r.at_ms),
            v.actor,
            v.actor_id,
            v.organisation,
            r.actor_org_id.clone().unwrap_or_default(),
            r.action.clone(),
            v.action,
            r.object_type.clone().unwrap_or_default(),
            v.object_id,
            r.outcome.clone(),
            v.detail,
            v.reason,
        ]));
    }
    let mut res = out.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    h.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"audittrail.csv\""),
    );
    Ok(res)
}

/// RFC 3339 in UTC with milliseconds, for machines reading the export.
fn utc_time(ms: i64) -> String {
    time::OffsetDateTime::from_unix_timestamp_nanos(i128::from(ms) * 1_000_000)
        .ok()
        .and_then(|t| {
            t.format(&time::format_description::well_known::Rfc3339)
                .ok()
        })
        .unwrap_or_default()
}

// ---------------------------------------------------------------- verifying

/// The result of checking the whole chain.
#[derive(Debug, Clone)]
pub enum VerifyResult {
    Intact { entries: u64 },
    Broken { seq: i64, what: String },
}

#[derive(Template, WebTemplate)]
#[template(path = "auditlog/verify.html")]
pub struct VerifyPage {
    pub page: Page,
    pub result: VerifyResult,
    pub summary: String,
}

fn describe(tr: Tr, e: &VerifyError) -> Option<(i64, String)> {
    match e {
        VerifyError::Chain(c) => {
            let what = match c.kind {
                ChainErrorKind::GapOrReorder { expected } => {
                    tr.t_args("audit-verify-gap", &[("expected", expected.to_string())])
                }
                ChainErrorKind::PrevHashMismatch => tr.t("audit-verify-prev-hash"),
                ChainErrorKind::HashMismatch => tr.t("audit-verify-hash"),
                ChainErrorKind::Truncated { .. } => tr.t("audit-verify-truncated"),
                _ => tr.t("audit-verify-checkpoint"),
            };
            Some((c.seq, what))
        }
        VerifyError::HeadMismatch { head_seq, last_seq } => Some((
            (*head_seq).min(*last_seq) + 1,
            tr.t_args(
                "audit-verify-head",
                &[
                    ("head", head_seq.to_string()),
                    ("last", last_seq.to_string()),
                ],
            ),
        )),
        VerifyError::Store(_) => None,
    }
}

/// POST /audit/controle: checks the whole hash chain and names the first bad entry.
pub async fn verify(
    State(state): State<AppState>,
    session: CurrentSession,
    RequestLocale(locale): RequestLocale,
) -> AppResult<Response> {
    session.require(Action::ReadAuditTrail)?;
    let tr = Tr::new(locale);
    let outcome = state
        .read(move |c, _| match audit::verify(c, None, |_| {}) {
            Ok(v) => Ok(Ok(v.entries)),
            Err(VerifyError::Store(e)) => Err(e),
            Err(other) => Ok(Err(other)),
        })
        .await?;
    let result = match outcome {
        Ok(entries) => VerifyResult::Intact { entries },
        Err(e) => match describe(tr, &e) {
            Some((seq, what)) => VerifyResult::Broken { seq, what },
            None => return Err(crate::error::AppError::internal(e.to_string())),
        },
    };
    let (detail, summary) = match &result {
        VerifyResult::Intact { entries } => (
            format!("view=verify;result=intact;entries={entries}"),
            tr.t_args("audit-verify-intact", &[("entries", entries.to_string())]),
        ),
        VerifyResult::Broken { seq, .. } => (
            format!("view=verify;result=broken;seq={seq}"),
            tr.t_args("audit-verify-broken", &[("seq", seq.to_string())]),
        ),
    };
    let s = session.clone();
    let now = state.now_ms();
    state
        .write(move |c, _| audit::append(c, now, &audit_read_entry(&s, detail)).map(|_| ()))
        .await?;
    let page = VerifyPage {
        page: Page::for_session(tr, state.config.demo, &session, "audit-verify-title", NAV),
        result,
        summary,
    };
    Ok(page.into_response())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::i18n::Tr;
    use verbind_domain::Locale;

    /// Every action and outcome has a label in every language (no code shown raw).
    #[test]
    fn every_action_has_a_label() {
        for l in Locale::ALL {
            let tr = Tr::new(l);
            for a in AuditAction::ALL {
                assert!(tr.has(&action_key(a.code())), "{} {}", l.tag(), a.code());
            }
            for o in ["ok", "denied", "failed"] {
                assert!(tr.has(&format!("audit-outcome-{o}")), "{} {o}", l.tag());
            }
            for t in ["user", "session", "seat"] {
                assert!(tr.has(&format!("audit-object-{t}")), "{} {t}", l.tag());
            }
        }
    }

    #[test]
    fn links_carry_ids_and_codes_only() {
        let f = ParsedFilter {
            action: Some(AuditAction::LoginFailed),
            actor: ActorFilter::Username(
                verbind_domain::username::Username::parse("politie").unwrap(),
            ),
            from: filter::parse_date("01/11/2026"),
            to: None,
            object: None,
            before_seq: None,
        };
        let q = link_query(&f, Some("00000000-0000-4000-8000-000000000000"), Some(7));
        assert_eq!(
            q,
            "actie=login.failed&gebruiker_id=00000000-0000-4000-8000-000000000000&van=01%2F11%2F2026&voor=7"
        );
        assert!(!q.contains("politie"));
    }
}
