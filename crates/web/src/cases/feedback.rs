//! Feedback (terugkoppeling) page (`/casussen/{id}/terugkoppeling`): after a
//! table the expert writes to each partner involved. A partner reads only what
//! was addressed to its own organisation; cited items travel only with their
//! owner's consent (`Step::Feedback`), and their origin only where the ethics
//! rules allow it for that recipient.

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use verbind_domain::OrganisationId;
use verbind_domain::Role;
use verbind_domain::audit::AuditAction;
use verbind_domain::case::ethics::{
    Audience, FeedbackRecipient, Step, is_referrer_outside_table, may_cite_in_feedback,
    may_see_origin, may_use_in_step,
};
use verbind_domain::case::work::CaseWork;
use verbind_domain::policy::{CaseAction, decide_case};
use verbind_store::models::feedback::{self as feedback, NewFeedback};
use verbind_store::models::item as items;
use verbind_store::models::{audit, body, organisation, signal as signals, user};

use super::items::{facts, viewed_item};
use super::service::{authorised_case, refuse, refuse_any, work_allowed};
use crate::error::AppResult;
use crate::i18n::{Tr, format_datetime};
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::Page;

pub struct FeedbackBox {
    pub at: String,
    /// When it was sent, in milliseconds since the epoch (`at` is its display form).
    pub at_ms: i64,
    pub recipient: String,
    /// The recipient organisation's id.
    pub recipient_org_id: String,
    /// Sent to the referrer outside the table (the reference person whose
    /// signal led to the case), text only; `recipient` is then their organisation.
    pub to_referrer: bool,
    pub text: String,
    /// (content, origin or None when shielded)
    pub cited: Vec<(String, Option<String>)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases/feedback.html")]
pub struct FeedbackPage {
    pub page: Page,
    pub id: String,
    pub code: String,
    pub list: Vec<FeedbackBox>,
    pub may_write: bool,
    pub table_orgs: Vec<(String, String)>,
    pub referrer: Option<String>,
    pub citable: Vec<(String, String)>,
    pub error: Option<String>,
    /// What was typed before a refusal, kept.
    pub form: FeedbackForm,
}

/// The feedback of a case as this viewer may see it (the page and the JSON
/// API): the expert sees all of it, a partner what its organisation received.
pub struct FeedbackView {
    pub code: String,
    pub list: Vec<FeedbackBox>,
    /// This user sends feedback (the expert).
    pub may_write: bool,
    /// (id, name) of the organisations with a seat at the case's table: the recipients.
    pub table_orgs: Vec<(String, String)>,
    /// For the expert, when the case was referred from a reference person's
    /// signal: the organisation of that referrer outside the table, who may
    /// also be sent feedback ([`REFERRER`]).
    pub referrer: Option<String>,
    /// (item id, label) of items that may be cited; empty unless `may_write`.
    pub citable: Vec<(String, String)>,
}

/// Loads the feedback of a case for anyone who may open it. A cited item
/// whose content is shown is audited as viewed, as on the items page
/// ([`super::items::visible`]), so its owner sees who read it and when.
pub async fn load(state: &AppState, s: &CurrentSession, id: String) -> AppResult<FeedbackView> {
    let now = state.now_ms();
    let s2 = s.clone();
    state
        .write(move |c, st| {
            let (case, ctx) = match authorised_case(c, &s2, &id, CaseAction::Open, now)? {
                Ok(found) => found,
                Err(d) => return Ok(Err(d)),
            };
            super::service::audit_case_read(c, &s2, &case, "feedback", now)?;
            let may_write =
                decide_case(&s2.actor(), &case.tenant(), CaseAction::Step, &ctx).is_allowed();
            let names: HashMap<String, String> = organisation::list(c, &s2.tenant_id)?
                .into_iter()
                .map(|o| (o.id, o.name))
                .collect();
            // The expert sees all feedback; a partner only what its organisation received.
            let only = (s2.role != Role::Expert).then(|| s2.organisation_id.as_str().to_owned());
            let mut list = Vec::new();
            // Items whose content this load showed: audited once each.
            let mut shown: Vec<String> = Vec::new();
            for f in feedback::list(c, &s2.tenant_id, &case.id, only.as_deref())? {
                let text = feedback::text(c, &st.keyring, &case, &f)?;
                let mut cited = Vec::new();
                let org = OrganisationId::from_db(f.recipient_org_id.clone());
                let recipient = if f.signal_id.is_some() {
                    FeedbackRecipient::ReferrerOutsideTable
                } else {
                    FeedbackRecipient::TablePartner(&org)
                };
                for item_id in f.cited_items.split(',').filter(|x| !x.is_empty()) {
                    let Ok(item) = items::find(c, &s2.tenant_id, item_id) else {
                        continue;
                    };
                    let fa = facts(&item);
                    // An item withdrawn or whose consent was taken back after sending no longer travels.
                    if may_cite_in_feedback(&fa, recipient).is_err() {
                        continue;
                    }
                    let (content, _) = items::texts(c, &st.keyring, &case, &item)?;
                    let audience = if item.owner_org_id == f.recipient_org_id {
                        Audience::OwnerOrg
                    } else {
                        Audience::TableMember
                    };
                    let origin = may_see_origin(audience, &fa)
                        .then(|| names.get(&item.owner_org_id).cloned().unwrap_or_default());
                    if !shown.contains(&item.id) {
                        viewed_item(c, &s2, &item.id, now)?;
                        shown.push(item.id.clone());
                    }
                    cited.push((content, origin));
                }
                list.push(FeedbackBox {
                    at: format_datetime(f.created_at),
                    at_ms: f.created_at,
                    recipient: names.get(&f.recipient_org_id).cloned().unwrap_or_default(),
                    recipient_org_id: f.recipient_org_id.clone(),
                    to_referrer: f.signal_id.is_some(),
                    text,
                    cited,
                });
            }
            let mut table_orgs: Vec<(String, String)> = body::seats(
                c,
                &s2.tenant_id,
                &verbind_domain::BodyId::from_db(case.body_id.clone()),
            )?
            .into_iter()
            .filter(|seat| seat.holder_user_id.is_some())
            .map(|seat| {
                let n = names
                    .get(&seat.organisation_id)
                    .cloned()
                    .unwrap_or_default();
                (seat.organisation_id, n)
            })
            .collect();
            table_orgs.sort();
            table_orgs.dedup();
            let referrer = if may_write {
                referrer_signal(c, &s2.tenant_id, &case.id)?
                    .map(|sig| names.get(&sig.author_org_id).cloned().unwrap_or_default())
            } else {
                None
            };
            let citable = if may_write {
                items::list(c, &s2.tenant_id, &case.id)?
                    .into_iter()
                    .enumerate()
                    .filter(|(_, i)| may_use_in_step(&facts(i), Step::Feedback).is_ok())
                    .map(|(n, i)| (i.id, format!("#{} · {}", n + 1, i.risk_domain)))
                    .collect()
            } else {
                Vec::new()
            };
            Ok(Ok(FeedbackView {
                code: case.code,
                list,
                may_write,
                table_orgs,
                referrer,
                citable,
            }))
        })
        .await?
        .map_err(refuse)
}

async fn render(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    id: String,
    error: Option<String>,
    form: FeedbackForm,
) -> AppResult<Response> {
    let v = load(state, s, id.clone()).await?;
    let mut res = FeedbackPage {
        form,
        page: Page::for_session(tr, state.config.demo, s, "feedback-title", "/casussen"),
        id,
        code: v.code,
        list: v.list,
        may_write: v.may_write,
        table_orgs: v.table_orgs,
        referrer: v.referrer,
        citable: v
            .citable
            .into_iter()
            .map(|(id, l)| {
                let l = super::items::citable_label(tr, &l);
                (id, l)
            })
            .collect(),
        error: error.clone(),
    }
    .into_response();
    if error.is_some() {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

/// GET /casussen/{id}/terugkoppeling
pub async fn show(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
) -> AppResult<Response> {
    render(&state, &s, Tr::new(l), id, None, FeedbackForm::default()).await
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct FeedbackForm {
    #[serde(default)]
    pub aan: String,
    #[serde(default)]
    pub tekst: String,
    #[serde(default)]
    pub bijdrage: Vec<String>,
}

/// The signal of the referrer outside the table that case `case_id` was
/// referred from, if any ([`is_referrer_outside_table`]).
fn referrer_signal(
    c: &mut verbind_store::DbConn,
    tenant: &verbind_domain::TenantId,
    case_id: &str,
) -> Result<Option<signals::SignalRow>, verbind_store::StoreError> {
    let Some(sig) = signals::find_by_case(c, tenant, case_id)? else {
        return Ok(None);
    };
    let author = user::find(
        c,
        tenant,
        &verbind_domain::UserId::from_db(sig.author_user_id.clone()),
    )?;
    Ok(Role::parse(&author.role)
        .is_some_and(is_referrer_outside_table)
        .then_some(sig))
}

/// The recipient value that addresses the referrer outside the table (page
/// and API), instead of an organisation id.
pub const REFERRER: &str = "referrer";

/// Feedback the expert sends: to one organisation at the case's table (its
/// id) or to the referrer outside the table ([`REFERRER`]), the text, and the
/// ids of the items cited (never to the referrer outside the table).
#[derive(Debug, Clone, Default)]
pub struct FeedbackInput {
    pub recipient: String,
    pub text: String,
    pub cited: Vec<String>,
}

/// The expert sends feedback to one partner at the table (audited). A cited
/// item must belong to the case and may travel only with its owner's consent.
/// The inner `Err` is the message key of the rule that refused it.
pub async fn send_feedback(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    f: FeedbackInput,
) -> AppResult<Result<(), &'static str>> {
    let now = state.now_ms();
    let s2 = s.clone();
    state
        .write(move |c, st| {
            let (case, _ctx) = match authorised_case(c, &s2, &id, CaseAction::Step, now)? {
                Ok(found) => found,
                Err(d) => return Ok(Err(d.into())),
            };
            if let Err(r) = work_allowed(&case, CaseWork::SendFeedback) {
                return Ok(Err(r));
            }
            // To the referrer outside the table: the author of the signal
            // the case was referred from, addressed through that signal.
            let (recipient_org, signal) = if f.recipient == REFERRER {
                match referrer_signal(c, &s2.tenant_id, &case.id)? {
                    Some(sig) => (sig.author_org_id, Some(sig.id)),
                    None => return Ok(Ok(Err("feedback-error-no-referrer"))),
                }
            } else {
                let at_table = body::seats(
                    c,
                    &s2.tenant_id,
                    &verbind_domain::BodyId::from_db(case.body_id.clone()),
                )?
                .into_iter()
                .any(|seat| seat.holder_user_id.is_some() && seat.organisation_id == f.recipient);
                if !at_table {
                    return Ok(Ok(Err("feedback-error-recipient")));
                }
                (f.recipient.clone(), None)
            };
            let org = OrganisationId::from_db(recipient_org.clone());
            let recipient = if signal.is_some() {
                FeedbackRecipient::ReferrerOutsideTable
            } else {
                FeedbackRecipient::TablePartner(&org)
            };
            let text = f.text.trim();
            if text.is_empty() || text.chars().count() > 8000 {
                return Ok(Ok(Err("feedback-error-text")));
            }
            let mut cited = Vec::new();
            for item_id in &f.cited {
                let item = match uuid::Uuid::try_parse(item_id)
                    .ok()
                    .and_then(|_| items::find(c, &s2.tenant_id, item_id).ok())
                {
                    Some(i) if i.case_id == case.id => i,
                    _ => return Ok(Ok(Err("assessment-error-item"))),
                };
                if let Err(e) = may_cite_in_feedback(&facts(&item), recipient) {
                    return Ok(Ok(Err(e.message_key())));
                }
                cited.push(item.id);
            }
            let fb = feedback::create(
                c,
                &st.keyring,
                &case,
                &NewFeedback {
                    recipient_org: &recipient_org,
                    author: s2.user_id.as_str(),
                    text,
                    cited: &cited,
                    signal: signal.as_deref(),
                },
                now,
            )?;
            audit::append(
                c,
                now,
                &audit::NewEntry::new(AuditAction::CaseFeedbackSent, "ok")
                    .tenant(&s2.tenant_id)
                    .actor(s2.user_id.as_str(), s2.organisation_id.as_str())
                    .object("case", &case.id)
                    .detail(match &signal {
                        Some(sig) => format!(
                            "feedback={} recipient=referrer org={} signal={}",
                            fb.id, recipient_org, sig
                        ),
                        None => format!(
                            "feedback={} recipient={} cited={}",
                            fb.id,
                            recipient_org,
                            cited.len()
                        ),
                    }),
            )?;
            Ok(Ok(Ok(())))
        })
        .await?
        .map_err(refuse_any)
}

/// POST /casussen/{id}/terugkoppeling: the expert sends feedback to one partner.
pub async fn send(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    axum_extra::extract::Form(f): axum_extra::extract::Form<FeedbackForm>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    let input = FeedbackInput {
        recipient: f.aan.clone(),
        text: f.tekst.clone(),
        cited: f.bijdrage.clone(),
    };
    match send_feedback(&state, &s, id.clone(), input).await? {
        Ok(()) => Ok(Redirect::to(&format!("/casussen/{id}/terugkoppeling")).into_response()),
        Err(key) => render(&state, &s, tr, id, Some(tr.t(key)), f).await,
    }
}
