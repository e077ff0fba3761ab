//! Handing a case to another LIVC-R as a signed, encrypted package (MISSION.md;
//! plan: "Bij verhuis wordt de casus doorgegeven aan de LIVC-R van de nieuwe
//! woonplaats van de persoon"), and receiving one.
//!
//! - `GET /casussen/{id}/overdracht`: the transfer page of a case: to whom it
//!   was handed, the packages made or received, and for the expert, once the
//!   case is Overgedragen, the choice of the receiving LIVC-R from the register.
//! - `POST /casussen/{id}/overdracht`: the expert downloads the package
//!   (`<CODE>.verbind`), after a fresh re-authentication; audited.
//! - `GET|POST /casussen/ontvangen`: the expert uploads a package and names the
//!   sending LIVC-R from the register; its signature must verify with that
//!   partner's key before anything is decrypted; the package becomes a new
//!   referral (Aangemeld) at the Partnertafel with a local code; audited.
//!
//! What goes into a package is decided by `verbind_domain::case::transfer`;
//! the sealing and signing is `verbind_crypto::package`; who may do it is
//! `policy::decide_case` (`CaseAction::ExportTransfer` / `ImportTransfer`).
//! Which partner a case went to tells where the person moved: it is sealed in
//! the log and in the audit entry's reason, never in a detail or a URL.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::Form;
use axum::body::{Body, to_bytes};
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use verbind_crypto::package::{PackageError, TransferPublicKey, package_sha256};
use verbind_domain::audit::AuditAction;
use verbind_domain::case::CaseDenyReason;
use verbind_domain::case::ethics::RiskDomain;
use verbind_domain::case::identity::{CaseCode, NationalNumber};
use verbind_domain::case::lifecycle::CaseState;
use verbind_domain::case::referral::{LtfCheck, TargetGroups};
use verbind_domain::case::transfer::{
    self as rules, HistoryFact, ItemCandidate, ItemSelection, TransferContents, TransferFacts,
    TransferIdentity,
};
use verbind_domain::case::{Date, Sharing};
use verbind_domain::policy::{CaseAction, Decision, DenyReason, decide_case};
use verbind_store::DbConn;
use verbind_store::StoreError;
use verbind_store::models::case::{self as cases, CaseRow, Identity, NewCase};
use verbind_store::models::item::{self as items, NewItem};
use verbind_store::models::transfer::{self as register, EXPORT, IMPORT, NewPackage};
use verbind_store::models::{audit, body, organisation, tenant};

use super::service::{self, authorised_case, code_prefix, context, refuse, today};
use crate::error::{AppError, AppResult, ErrorKind};
use crate::i18n::{Tr, format_date};
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::{AppState, Inner};
use crate::views::Page;

/// The file name ending of a package.
pub const FILE_EXTENSION: &str = "verbind";

fn entry(s: &CurrentSession, action: AuditAction, outcome: &str) -> audit::NewEntry {
    audit::NewEntry::new(action, outcome)
        .tenant(&s.tenant_id)
        .actor(s.user_id.as_str(), s.organisation_id.as_str())
}

/// How a transfer's sealed audit reason names the partner LIVC-R (its id
/// follows); the DPO's audit page shows the partner's name instead.
pub(crate) const PARTNER_REASON: &str = "partner=";

/// An audit entry whose reason names the partner, sealed with the case's key:
/// where the person moved is personal data.
fn entry_with_partner(
    c: &mut DbConn,
    st: &Inner,
    s: &CurrentSession,
    action: AuditAction,
    case: &CaseRow,
    partner_id: &str,
) -> Result<audit::NewEntry, StoreError> {
    let mut e = entry(s, action, "ok").object("case", &case.id);
    e.reason = Some(cases::seal_audit_reason(
        c,
        &st.keyring,
        case,
        &format!("{PARTNER_REASON}{partner_id}"),
    )?);
    Ok(e)
}

/// The date of `ms` in Brussels.
fn brussels_date(ms: i64) -> Option<Date> {
    Date::parse_dd_mm_yyyy(&format_date(ms))
        .ok()
        .or_else(|| Date::from_unix_ms_utc(ms))
}

/// The translation key of a refused package.
fn package_error_key(e: PackageError) -> &'static str {
    match e {
        PackageError::NotAPackage => "transfer-error-not-a-package",
        PackageError::UnknownVersion(_) => "transfer-error-unknown-version",
        PackageError::WrongSender | PackageError::BadSignature => "transfer-error-signature",
        PackageError::WrongRecipient => "transfer-error-wrong-recipient",
        _ => "transfer-error-decrypt",
    }
}

/// A partner LIVC-R in a choice list.
#[derive(Debug, Clone)]
pub struct PartnerOption {
    pub id: String,
    pub name: String,
    pub fingerprint: String,
}

fn partner_options(
    c: &mut DbConn,
    st: &Inner,
    s: &CurrentSession,
) -> Result<Vec<PartnerOption>, StoreError> {
    Ok(register::list_partners(c, &st.keyring, &s.tenant_id)?
        .into_iter()
        .map(|p| PartnerOption {
            id: p.row.id,
            name: p.name,
            fingerprint: p.row.fingerprint,
        })
        .collect())
}

fn partner_name(
    c: &mut DbConn,
    st: &Inner,
    s: &CurrentSession,
    id: &str,
) -> Result<String, StoreError> {
    match register::find_partner_any(c, &st.keyring, &s.tenant_id, id) {
        Ok(p) => Ok(p.name),
        Err(StoreError::NotFound) => Ok(String::new()),
        Err(e) => Err(e),
    }
}

/// What the sending side wrote about the case's past, kept with a received case.
#[derive(Debug, Clone, serde::Serialize, Deserialize)]
struct Provenance {
    code: String,
    referred_on: String,
    transferred_on: String,
    /// (ISO date, from state, to state)
    history: Vec<(String, String, String)>,
    items: usize,
}

impl Provenance {
    fn of(c: &TransferContents) -> Self {
        Self {
            code: c.code.to_string(),
            referred_on: c.referred_on.to_iso(),
            transferred_on: c.transferred_on.to_iso(),
            history: c
                .history
                .iter()
                .map(|h| {
                    (
                        h.on.to_iso(),
                        h.from.code().to_owned(),
                        h.to.code().to_owned(),
                    )
                })
                .collect(),
            items: c.items.len(),
        }
    }
}

// ---------------------------------------------------------------------------
// The transfer page of a case

/// One package in the log.
#[derive(Debug, Clone)]
pub struct LogLine {
    pub when: String,
    pub received: bool,
    pub partner: String,
    /// The first 16 hex digits of the package's SHA-256, to compare by telephone.
    pub sha256: String,
}

/// A received case's past at the sending LIVC-R.
#[derive(Debug, Clone)]
pub struct ProvenanceView {
    pub partner: String,
    pub code: String,
    pub referred_on: String,
    pub transferred_on: String,
    /// (date, from state label, to state label)
    pub history: Vec<(String, String, String)>,
    pub items: usize,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases/transfer.html")]
pub struct TransferPage {
    pub page: Page,
    pub id: String,
    pub code: String,
    pub state: String,
    pub transferred: bool,
    pub may_export: bool,
    pub reauth_fresh: bool,
    pub transferred_to: String,
    pub partners: Vec<PartnerOption>,
    pub selection: ItemSelection,
    pub log: Vec<LogLine>,
    pub provenance: Vec<ProvenanceView>,
    pub message: Option<String>,
}

/// The facts of the transfer page, before translation.
struct PageData {
    code: String,
    state: CaseState,
    may_export: bool,
    transferred_to: String,
    partners: Vec<PartnerOption>,
    selection: ItemSelection,
    log: Vec<(i64, bool, String, String)>,
    provenance: Vec<(String, Provenance)>,
}

async fn page_data(state: &AppState, s: &CurrentSession, id: String) -> AppResult<PageData> {
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let (row, ctx) = match authorised_case(c, &s, &id, CaseAction::Open, now)? {
                Ok(found) => found,
                Err(d) => return Ok(Err(d)),
            };
            let case_state = CaseState::parse(&row.state).unwrap_or(CaseState::Aangemeld);
            // Whether the expert may export, ignoring only the re-authentication
            // (asked for on the page itself).
            let fresh_ctx = verbind_domain::policy::CaseContext {
                reauth_fresh: true,
                ..ctx
            };
            let may_export = decide_case(
                &s.actor(),
                &row.tenant(),
                CaseAction::ExportTransfer,
                &fresh_ctx,
            )
            .is_allowed();
            let item_facts: Vec<_> = items::list(c, &s.tenant_id, &row.id)?
                .iter()
                .map(super::items::facts)
                .collect();
            let selection = rules::item_selection(&item_facts);
            let mut log = Vec::new();
            let mut provenance = Vec::new();
            for p in register::packages_of_case(c, &st.keyring, &row)? {
                let name = partner_name(c, st, &s, &p.partner_id)?;
                let received = p.row.direction == IMPORT;
                if let Some(text) = &p.provenance
                    && let Ok(prov) = serde_json::from_str::<Provenance>(text)
                {
                    provenance.push((name.clone(), prov));
                }
                log.push((
                    p.row.created_at,
                    received,
                    name,
                    p.row.package_sha256.chars().take(16).collect(),
                ));
            }
            let data = PageData {
                code: row.code.clone(),
                state: case_state,
                may_export,
                transferred_to: cases::transferred_to(c, &st.keyring, &row)?.unwrap_or_default(),
                partners: if may_export {
                    partner_options(c, st, &s)?
                } else {
                    Vec::new()
                },
                selection,
                log,
                provenance,
            };
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::CaseViewed, "ok")
                    .object("case", &row.id)
                    .detail("page=transfer"),
            )?;
            Ok(Ok(data))
        })
        .await?
        .map_err(refuse)
}

fn state_label(tr: Tr, code: &str) -> String {
    tr.t(&format!("case-state-{}", code.replace('_', "-")))
}

fn iso_to_shown(iso: &str) -> String {
    Date::parse_iso(iso)
        .map(|d| d.to_string())
        .unwrap_or_default()
}

async fn transfer_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    id: String,
    message: Option<&str>,
) -> AppResult<TransferPage> {
    let d = page_data(state, s, id.clone()).await?;
    Ok(TransferPage {
        page: Page::for_session(tr, state.config.demo, s, "transfer-title", "/casussen"),
        id,
        code: d.code,
        state: state_label(tr, d.state.code()),
        transferred: d.state == CaseState::Overgedragen,
        may_export: d.may_export,
        reauth_fresh: verbind_domain::session::reauth_fresh(s.reauth_at, state.now_ms()),
        transferred_to: d.transferred_to,
        partners: d.partners,
        selection: d.selection,
        log: d
            .log
            .into_iter()
            .map(|(at, received, partner, sha256)| LogLine {
                when: crate::i18n::format_datetime(at),
                received,
                partner,
                sha256,
            })
            .collect(),
        provenance: d
            .provenance
            .into_iter()
            .map(|(partner, p)| ProvenanceView {
                partner,
                code: p.code,
                referred_on: iso_to_shown(&p.referred_on),
                transferred_on: iso_to_shown(&p.transferred_on),
                history: p
                    .history
                    .iter()
                    .map(|(on, from, to)| {
                        (iso_to_shown(on), state_label(tr, from), state_label(tr, to))
                    })
                    .collect(),
                items: p.items,
            })
            .collect(),
        message: message.map(|k| tr.t(k)),
    })
}

/// To `/deontologie` first, and back to this page after
/// (`middleware::error_pages`), when the code of ethics in force is not accepted.
async fn ethics_first(state: &AppState, s: &CurrentSession) -> AppResult<Option<Response>> {
    if s.role.can_see_case_data() && service::must_accept_ethics(state, s).await? {
        return Err(crate::error::AppError::new(
            crate::error::ErrorKind::EthicsCodeNotAccepted,
        ));
    }
    Ok(None)
}

/// GET /casussen/{id}/overdracht
pub async fn show(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
) -> AppResult<Response> {
    if let Some(r) = ethics_first(&state, &s).await? {
        return Ok(r);
    }
    Ok(transfer_page(&state, &s, Tr::new(l), id, None)
        .await?
        .into_response())
}

#[derive(Deserialize)]
pub struct ExportForm {
    #[serde(default)]
    pub partner: String,
}

/// What an export came to: the package, a re-authentication to do first, or
/// a rule's refusal (its message key).
pub enum ExportOutcome {
    Package { code: String, bytes: Vec<u8> },
    Reauth,
    Refused(&'static str),
}

/// Builds the package of a transferred case for partner LIVC-R `partner`
/// (the expert, freshly re-authenticated); logged and audited. Pages and the
/// API both call this.
pub async fn export_package(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    partner: String,
) -> AppResult<ExportOutcome> {
    let now = state.now_ms();
    let fresh = verbind_domain::session::reauth_fresh(s.reauth_at, now);
    let s2 = s.clone();
    state
        .blocking(move |st| {
            st.db
                .write(|c| export_in(c, st, &s2, &id, &partner, fresh, now))
                .map_err(AppError::from)
        })
        .await?
        .map_err(refuse)
}

/// The partner LIVC-Rs of the register, for the expert who transfers or receives a case.
pub async fn partners(state: &AppState, s: &CurrentSession) -> AppResult<Vec<PartnerOption>> {
    s.require(verbind_domain::policy::Action::ViewCases)?;
    let s = s.clone();
    state.read(move |c, st| partner_options(c, st, &s)).await
}

/// Builds, logs and audits the package of a transferred case for `partner_id`.
fn export_in(
    c: &mut DbConn,
    st: &Inner,
    s: &CurrentSession,
    id: &str,
    partner_id: &str,
    fresh: bool,
    now: i64,
) -> Result<Result<ExportOutcome, Decision>, StoreError> {
    // A refusal to open the case is audited by `authorised_case`.
    let (row, ctx) = match authorised_case(c, s, id, CaseAction::Open, now)? {
        Ok(found) => found,
        Err(d) => return Ok(Err(d)),
    };
    let ctx = verbind_domain::policy::CaseContext {
        reauth_fresh: fresh,
        ..ctx
    };
    match decide_case(&s.actor(), &row.tenant(), CaseAction::ExportTransfer, &ctx) {
        Decision::Allow => {}
        Decision::Deny(DenyReason::Case(CaseDenyReason::ReauthRequired)) => {
            return Ok(Ok(ExportOutcome::Reauth));
        }
        d @ Decision::Deny(_) => {
            audit::append(
                c,
                now,
                &entry(s, AuditAction::CaseTransferExported, "denied").object("case", &row.id),
            )?;
            return Ok(Err(d));
        }
    }
    if CaseState::parse(&row.state) != Some(CaseState::Overgedragen) {
        return Ok(Ok(ExportOutcome::Refused("transfer-error-not-transferred")));
    }
    if uuid::Uuid::try_parse(partner_id.trim()).is_err() {
        return Ok(Ok(ExportOutcome::Refused("transfer-error-choose-partner")));
    }
    let partner = match register::find_partner(c, &st.keyring, &s.tenant_id, partner_id.trim()) {
        Ok(p) => p,
        Err(StoreError::NotFound) => {
            return Ok(Ok(ExportOutcome::Refused("transfer-error-choose-partner")));
        }
        Err(e) => return Err(e),
    };
    let recipient = TransferPublicKey::parse(&partner.row.public_key)?;

    // The facts, read in full; the domain decides what of them travels.
    let identity = cases::identity(c, &st.keyring, &row)?;
    let reason = cases::reason(c, &st.keyring, &row)?;
    let mut history = Vec::new();
    for e in cases::events(c, &s.tenant_id, &row.id)? {
        let (Some(on), Some(from), Some(to)) = (
            brussels_date(e.at_ms),
            CaseState::parse(&e.from_state),
            CaseState::parse(&e.to_state),
        ) else {
            continue;
        };
        history.push(HistoryFact {
            on,
            from,
            to,
            note: None,
        });
    }
    let names: HashMap<String, String> = organisation::list(c, &s.tenant_id)?
        .into_iter()
        .map(|o| (o.id, o.name))
        .collect();
    let mut candidates = Vec::new();
    for i in items::list(c, &s.tenant_id, &row.id)? {
        let facts = super::items::facts(&i);
        // Texts are opened only of items that may go along.
        let (content, necessity) = if rules::may_transfer_item(&facts).is_ok() {
            items::texts(c, &st.keyring, &row, &i)?
        } else {
            (String::new(), String::new())
        };
        let Some(added_on) = brussels_date(i.created_at) else {
            continue;
        };
        candidates.push(ItemCandidate {
            owner_name: names.get(&i.owner_org_id).cloned().unwrap_or_default(),
            facts,
            risk_domain: RiskDomain::parse(&i.risk_domain)
                .unwrap_or(RiskDomain::BijkomendeInformatie),
            necessity,
            content,
            added_on,
        });
    }
    let (Ok(code), Ok(groups), Some(referred_on)) = (
        CaseCode::parse(&row.code),
        TargetGroups::parse(&row.target_group),
        brussels_date(row.created_at),
    ) else {
        return Ok(Ok(ExportOutcome::Refused("transfer-error-invalid")));
    };
    let facts = TransferFacts {
        state: CaseState::Overgedragen,
        code,
        identity: TransferIdentity {
            name: identity.name.clone(),
            date_of_birth: identity
                .date_of_birth
                .as_deref()
                .and_then(|d| Date::parse_iso(d).ok()),
            address: identity.address.clone(),
            national_number: identity
                .national_number
                .as_deref()
                .and_then(|n| NationalNumber::parse(n).ok()),
        },
        groups,
        minor_at_referral: row.minor_at_referral,
        protective_measure: row.protective_measure,
        reason,
        referred_by_org: row
            .referred_by_org_id
            .as_ref()
            .and_then(|o| names.get(o).cloned()),
        referred_on,
        transferred_on: brussels_date(row.transferred_at.unwrap_or(now)).unwrap_or(referred_on),
        history,
        items: candidates,
    };
    let contents = match rules::contents(&facts) {
        Ok(c) => c,
        Err(e) => return Ok(Ok(ExportOutcome::Refused(e.message_key()))),
    };
    // The plaintext payload is personal data: wiped from memory when dropped.
    let json = secrecy::zeroize::Zeroizing::new(
        contents
            .to_json()
            .map_err(|e| StoreError::Invalid(format!("transfer contents: {e}")))?,
    );
    let keys = st
        .transfer_keys()
        .map_err(|_| StoreError::Invalid("transfer keys unavailable".into()))?;
    let package = keys
        .seal(&recipient, &json)
        .map_err(|e| StoreError::Invalid(format!("transfer package: {e}")))?;
    let sha = package_sha256(&package);
    register::log_package(
        c,
        &st.keyring,
        &row,
        &NewPackage {
            direction: EXPORT,
            partner_id: &partner.row.id,
            package_sha256: &sha,
            provenance: None,
            by_user: s.user_id.as_str(),
        },
        now,
    )?;
    let e = entry_with_partner(
        c,
        st,
        s,
        AuditAction::CaseTransferExported,
        &row,
        &partner.row.id,
    )?
    .detail(format!(
        "sha256={sha} items={} format=v1",
        contents.items.len()
    ));
    audit::append(c, now, &e)?;
    Ok(Ok(ExportOutcome::Package {
        code: row.code,
        bytes: package,
    }))
}

/// POST /casussen/{id}/overdracht: downloads the package for the chosen partner.
pub async fn export(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    Form(f): Form<ExportForm>,
) -> AppResult<Response> {
    match export_package(&state, &s, id.clone(), f.partner).await? {
        ExportOutcome::Package { code, bytes } => {
            // The file is named by the case code only, never by the person.
            let disposition =
                HeaderValue::from_str(&format!("attachment; filename=\"{code}.{FILE_EXTENSION}\""))
                    .map_err(|_| AppError::internal("case code not usable as a file name"))?;
            Ok((
                [
                    (
                        header::CONTENT_TYPE,
                        HeaderValue::from_static("application/octet-stream"),
                    ),
                    (header::CONTENT_DISPOSITION, disposition),
                ],
                bytes,
            )
                .into_response())
        }
        ExportOutcome::Reauth => Ok(Redirect::to(&format!(
            "/account/bevestigen?terug=/casussen/{id}/overdracht"
        ))
        .into_response()),
        ExportOutcome::Refused(key) => {
            let mut res = transfer_page(&state, &s, Tr::new(l), id, Some(key))
                .await?
                .into_response();
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
    }
}

// ---------------------------------------------------------------------------
// Receiving a package

#[derive(Template, WebTemplate)]
#[template(path = "cases/transfer_receive.html")]
pub struct ReceivePage {
    pub page: Page,
    pub reauth_fresh: bool,
    pub partners: Vec<PartnerOption>,
    pub message: Option<String>,
    pub max_kib: usize,
}

/// Whether this user may receive packages, apart from re-authentication.
fn may_receive(
    c: &mut DbConn,
    s: &CurrentSession,
    fresh: bool,
) -> Result<Result<bool, Decision>, StoreError> {
    let ctx = context(c, s, None, fresh, false)?;
    match decide_case(&s.actor(), &s.tenant_id, CaseAction::ImportTransfer, &ctx) {
        Decision::Allow => Ok(Ok(true)),
        Decision::Deny(DenyReason::Case(CaseDenyReason::ReauthRequired)) => Ok(Ok(false)),
        d => Ok(Err(d)),
    }
}

async fn receive_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    message: Option<&str>,
) -> AppResult<ReceivePage> {
    let fresh = verbind_domain::session::reauth_fresh(s.reauth_at, state.now_ms());
    let s2 = s.clone();
    let partners = state
        .read(move |c, st| match may_receive(c, &s2, fresh)? {
            Ok(_) => Ok(Ok(partner_options(c, st, &s2)?)),
            Err(d) => Ok(Err(d)),
        })
        .await?
        .map_err(refuse)?;
    Ok(ReceivePage {
        page: Page::for_session(
            tr,
            state.config.demo,
            s,
            "transfer-receive-title",
            "/casussen",
        ),
        reauth_fresh: fresh,
        partners,
        message: message.map(|k| tr.t(k)),
        max_kib: state.config.max_upload_bytes / 1024,
    })
}

/// GET /casussen/ontvangen
pub async fn receive_form(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
) -> AppResult<Response> {
    if let Some(r) = ethics_first(&state, &s).await? {
        return Ok(r);
    }
    Ok(receive_page(&state, &s, Tr::new(l), None)
        .await?
        .into_response())
}

/// What receiving a package came to: the new case, a re-authentication to
/// do first, or a rule's refusal (its message key).
pub enum ImportOutcome {
    Created { id: String },
    Reauth,
    Refused(&'static str),
}

/// Checks a package against partner LIVC-R `partner`'s key, opens it and
/// files it as a new case (the expert, freshly re-authenticated); audited,
/// refusals too. Pages and the API both call this.
pub async fn import_package(
    state: &AppState,
    s: &CurrentSession,
    partner: String,
    package: Vec<u8>,
) -> AppResult<ImportOutcome> {
    let now = state.now_ms();
    let fresh = verbind_domain::session::reauth_fresh(s.reauth_at, now);
    let s2 = s.clone();
    state
        .blocking(move |st| {
            st.db
                .write(|c| import_in(c, st, &s2, &partner, &package, fresh, now))
                .map_err(AppError::from)
        })
        .await?
        .map_err(refuse)
}

/// Checks, opens and files a received package as a new case.
fn import_in(
    c: &mut DbConn,
    st: &Inner,
    s: &CurrentSession,
    partner_id: &str,
    package: &[u8],
    fresh: bool,
    now: i64,
) -> Result<Result<ImportOutcome, Decision>, StoreError> {
    match may_receive(c, s, fresh)? {
        Ok(true) => {}
        Ok(false) => return Ok(Ok(ImportOutcome::Reauth)),
        Err(d) => {
            audit::append(
                c,
                now,
                &entry(s, AuditAction::CaseTransferRefused, "denied"),
            )?;
            return Ok(Err(d));
        }
    }
    if uuid::Uuid::try_parse(partner_id.trim()).is_err() {
        return Ok(Ok(ImportOutcome::Refused("transfer-error-choose-partner")));
    }
    let partner = match register::find_partner(c, &st.keyring, &s.tenant_id, partner_id.trim()) {
        Ok(p) => p,
        Err(StoreError::NotFound) => {
            return Ok(Ok(ImportOutcome::Refused("transfer-error-choose-partner")));
        }
        Err(e) => return Err(e),
    };
    let sha = package_sha256(package);
    let refused = |c: &mut DbConn, code: &str| -> Result<(), StoreError> {
        audit::append(
            c,
            now,
            &entry(s, AuditAction::CaseTransferRefused, "denied")
                .object("livc_partner", &partner.row.id)
                .detail(format!("error={code} sha256={sha}")),
        )?;
        Ok(())
    };
    if register::already_imported(c, &s.tenant_id, &sha)? {
        refused(c, "duplicate")?;
        return Ok(Ok(ImportOutcome::Refused("transfer-error-duplicate")));
    }
    let sender = TransferPublicKey::parse(&partner.row.public_key)?;
    let keys = st
        .transfer_keys()
        .map_err(|_| StoreError::Invalid("transfer keys unavailable".into()))?;
    // The signature is checked against the partner chosen here before anything is decrypted.
    let plain = match keys.open(package, &sender) {
        Ok(p) => p,
        Err(e) => {
            refused(c, e.code())?;
            return Ok(Ok(ImportOutcome::Refused(package_error_key(e))));
        }
    };
    let contents = match TransferContents::from_json(&plain) {
        Ok(contents) => contents,
        Err(e) => {
            refused(c, e.code())?;
            return Ok(Ok(ImportOutcome::Refused(e.message_key())));
        }
    };
    drop(plain);
    let today = today(st).ok_or_else(|| StoreError::Invalid("clock out of range".into()))?;
    let plan = rules::import_plan(&contents, today);
    let t = tenant::find(c, &s.tenant_id)?;
    let table = body::list(c, &s.tenant_id)?
        .into_iter()
        .find(|b| b.kind == "partnertafel")
        .ok_or_else(|| StoreError::Invalid("this LIVC-R has no Partnertafel".into()))?;
    let identity = Identity {
        name: contents.identity.name.clone(),
        date_of_birth: contents.identity.date_of_birth.map(Date::to_iso),
        address: contents.identity.address.clone(),
        national_number: contents
            .identity
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
            state: plan.state.code(),
            target_group: &plan.groups.code(),
            minor_at_referral: plan.minor,
            protective_measure: plan.protective_measure,
            lives_in_area: plan.lives_in_area,
            socially_active_in_area: plan.socially_active_in_area,
            referral_source: plan.source.code(),
            referred_by_user_id: Some(s.user_id.as_str()),
            referred_by_org_id: Some(s.organisation_id.as_str()),
            reason: contents.reason.as_str(),
            ltf_status: LtfCheck::Pending.code(),
            identity: &identity,
        },
        now,
    )?;
    let provenance = serde_json::to_string(&Provenance::of(&contents))
        .map_err(|e| StoreError::Invalid(format!("provenance: {e}")))?;
    let logged = register::log_package(
        c,
        &st.keyring,
        &row,
        &NewPackage {
            direction: IMPORT,
            partner_id: &partner.row.id,
            package_sha256: &sha,
            provenance: Some(&provenance),
            by_user: s.user_id.as_str(),
        },
        now,
    )?;
    // The items become the receiving expert organisation's own, seen by the
    // expert only until it decides otherwise, and marked as received.
    for item in &contents.items {
        let created = items::create(
            c,
            &st.keyring,
            &row,
            &NewItem {
                owner_org_id: s.organisation_id.as_str(),
                author_user_id: s.user_id.as_str(),
                risk_domain: item.risk_domain.code(),
                professional_secrecy: false,
                sharing: Sharing::ExpertOnly.code(),
                origin_shielded: false,
                necessity: item.necessity.as_str(),
                content: &item.content,
            },
            now,
        )?;
        register::mark_item(c, &s.tenant_id, &created.id, &logged.id)?;
    }
    let e = entry_with_partner(
        c,
        st,
        s,
        AuditAction::CaseTransferImported,
        &row,
        &partner.row.id,
    )?
    .detail(format!(
        "sha256={sha} items={} source={}",
        contents.items.len(),
        plan.source.code()
    ));
    audit::append(c, now, &e)?;
    Ok(Ok(ImportOutcome::Created { id: row.id }))
}

/// POST /casussen/ontvangen (multipart: `csrf`, `partner`, `pakket`).
pub async fn receive(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    headers: HeaderMap,
    body: Body,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    let refused_page = |key: &'static str| {
        let state = state.clone();
        let s = s.clone();
        async move {
            let mut res = receive_page(&state, &s, tr, Some(key))
                .await?
                .into_response();
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            AppResult::Ok(res)
        }
    };
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_owned();
    let bytes = to_bytes(body, state.config.max_upload_bytes)
        .await
        .map_err(|_| AppError::new(ErrorKind::PayloadTooLarge))?;
    let Some(parts) = crate::multipart::parts(&content_type, bytes).await else {
        return refused_page("transfer-error-no-file").await;
    };
    let partner = crate::multipart::text(&parts, "partner");
    let package = match crate::multipart::field(&parts, "pakket") {
        Some(p) if !p.is_empty() => p.to_vec(),
        _ => return refused_page("transfer-error-no-file").await,
    };
    drop(parts);
    match import_package(&state, &s, partner, package).await? {
        ImportOutcome::Created { id } => {
            Ok(Redirect::to(&format!("/casussen/{id}")).into_response())
        }
        ImportOutcome::Reauth => {
            Ok(Redirect::to("/account/bevestigen?terug=/casussen/ontvangen").into_response())
        }
        ImportOutcome::Refused(key) => refused_page(key).await,
    }
}
