//! Information items (bijdragen) of a case, with the ethics rules of plan
//! 2.4.4 enforced by `verbind_domain::case::ethics`: every item has an owner
//! organisation and a stated necessity; the owner decides who sees it (the
//! expert only, or the table), may shield its origin, may withdraw it, and
//! gives consent before it is used; an owner sees who viewed its items.

use std::collections::HashMap;

use verbind_domain::OrganisationId;
use verbind_domain::audit::AuditAction;
use verbind_domain::case::CaseDenyReason;
use verbind_domain::case::ethics::{
    ItemFacts, NecessityReason, RiskDomain, Sharing, viewer_may_see_origin,
};
use verbind_domain::case::work::CaseWork;
use verbind_domain::policy::{CaseAction, Decision, DenyReason};
use verbind_store::DbConn;
use verbind_store::models::item::{self as items, ItemRow, NewItem};
use verbind_store::models::{audit, organisation, user};

use super::service::{
    FieldErrors, audit_refusal, authorised_case, refuse, refuse_any, work_allowed,
};
use crate::error::AppResult;
use crate::middleware::session::CurrentSession;
use crate::state::AppState;

/// An item as this viewer may see it.
#[derive(Debug, Clone)]
pub struct ItemView {
    pub id: String,
    pub domain: RiskDomain,
    pub content: String,
    pub necessity: String,
    pub professional_secrecy: bool,
    pub sharing: Sharing,
    /// The owning organisation, only when this viewer may know it.
    pub origin: Option<String>,
    pub mine: bool,
    pub withdrawn: bool,
    pub consent: bool,
    /// For the owner: who viewed it, when (username, organisation, ms).
    pub viewers: Vec<(String, String, i64)>,
}

/// The facts the ethics rules need about a stored item.
pub(crate) fn facts(i: &ItemRow) -> ItemFacts {
    ItemFacts {
        owner_org: OrganisationId::from_db(i.owner_org_id.clone()),
        sharing: Sharing::parse(&i.sharing).unwrap_or(Sharing::ExpertOnly),
        withdrawn: i.withdrawn_at.is_some(),
        origin_shielded: i.origin_shielded,
        professional_secrecy: i.professional_secrecy,
        consent_for_use: i.consent_for_use,
    }
}

fn entry(s: &CurrentSession, action: AuditAction, outcome: &str) -> audit::NewEntry {
    audit::NewEntry::new(action, outcome)
        .tenant(&s.tenant_id)
        .actor(s.user_id.as_str(), s.organisation_id.as_str())
}

/// Records that `s` was shown the content of item `item_id`: the entry the
/// owner's list of viewers ([`ItemView::viewers`]) is read from. Every path
/// that shows an item's content (this page, the feedback that cites it)
/// records it here, whoever the viewer, the owner included.
pub(crate) fn viewed_item(
    c: &mut DbConn,
    s: &CurrentSession,
    item_id: &str,
    now: i64,
) -> Result<(), verbind_store::StoreError> {
    audit::append(
        c,
        now,
        &entry(s, AuditAction::CaseItemViewed, "ok").object("item", item_id),
    )
    .map(|_| ())
}

/// The items of a case this viewer may see; every item shown is audited as viewed.
pub async fn visible(
    state: &AppState,
    s: &CurrentSession,
    case_id: String,
) -> AppResult<(String, Vec<ItemView>)> {
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let (case, ctx) = match authorised_case(c, &s, &case_id, CaseAction::Open, now)? {
                Ok(found) => found,
                Err(d) => return Ok(Err(d)),
            };
            let viewer = verbind_domain::case::ethics::ItemViewer {
                role: s.role,
                org: s.organisation_id.clone(),
                holds_seat_at_case_table: ctx.holds_seat_at_case_table,
            };
            let names: HashMap<String, String> = organisation::list(c, &s.tenant_id)?
                .into_iter()
                .map(|o| (o.id, o.name))
                .collect();
            let mut out = Vec::new();
            for i in items::list(c, &s.tenant_id, &case.id)? {
                let f = facts(&i);
                let mine = i.owner_org_id == s.organisation_id.as_str();
                let allowed = verbind_domain::case::ethics::may_view_item(&viewer, &f);
                if !allowed {
                    continue;
                }
                let (content, necessity) = items::texts(c, &st.keyring, &case, &i)?;
                let mut viewers = Vec::new();
                if mine {
                    let log = audit::list(
                        c,
                        &audit::Filter {
                            tenant_id: Some(s.tenant_id.as_str().to_owned()),
                            action: Some(AuditAction::CaseItemViewed.code().to_owned()),
                            object_id: Some(i.id.clone()),
                            limit: 100,
                            ..audit::Filter::default()
                        },
                    )?;
                    for e in log {
                        let who = match &e.actor_user_id {
                            Some(u) => user::find(
                                c,
                                &s.tenant_id,
                                &verbind_domain::UserId::from_db(u.clone()),
                            )
                            .map(|u| u.username)
                            .unwrap_or_default(),
                            None => String::new(),
                        };
                        let org = e
                            .actor_org_id
                            .as_ref()
                            .and_then(|o| names.get(o).cloned())
                            .unwrap_or_default();
                        viewers.push((who, org, e.at_ms));
                    }
                }
                viewed_item(c, &s, &i.id, now)?;
                out.push(ItemView {
                    id: i.id.clone(),
                    domain: RiskDomain::parse(&i.risk_domain)
                        .unwrap_or(RiskDomain::BijkomendeInformatie),
                    content,
                    necessity,
                    professional_secrecy: i.professional_secrecy,
                    sharing: f.sharing,
                    origin: viewer_may_see_origin(&viewer, &f)
                        .then(|| names.get(&i.owner_org_id).cloned().unwrap_or_default()),
                    mine,
                    withdrawn: f.withdrawn,
                    consent: i.consent_for_use,
                    viewers,
                });
            }
            Ok(Ok((case.code, out)))
        })
        .await?
        .map_err(refuse)
}

/// What a partner types to add an item.
#[derive(Debug, Clone, Default)]
pub struct ItemInput {
    pub domain: String,
    pub content: String,
    pub necessity: String,
    pub professional_secrecy: bool,
    pub sharing: String,
    pub origin_shielded: bool,
}

/// Adds an item owned by the viewer's organisation.
pub async fn add(
    state: &AppState,
    s: &CurrentSession,
    case_id: String,
    input: ItemInput,
) -> AppResult<Result<(), FieldErrors>> {
    Ok(add_returning_id(state, s, case_id, input)
        .await?
        .map(|_| ()))
}

/// [`add`], returning the new item's id (for the JSON API).
pub async fn add_returning_id(
    state: &AppState,
    s: &CurrentSession,
    case_id: String,
    input: ItemInput,
) -> AppResult<Result<String, FieldErrors>> {
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let case = match authorised_case(c, &s, &case_id, CaseAction::Open, now)? {
                Ok((case, _)) => case,
                Err(d) => return Ok(Err(d.into())),
            };
            if let Err(r) = work_allowed(&case, CaseWork::AddItem) {
                return Ok(Err(r));
            }
            let mut errors: FieldErrors = Vec::new();
            let domain = RiskDomain::parse(input.domain.trim());
            if domain.is_none() {
                errors.push(("domain", "item-error-domain"));
            }
            let sharing = Sharing::parse(input.sharing.trim());
            if sharing.is_none() {
                errors.push(("sharing", "item-error-sharing"));
            }
            let necessity = NecessityReason::parse(&input.necessity)
                .map_err(|e| errors.push(("necessity", e.message_key())))
                .ok();
            let content = input.content.trim();
            if content.is_empty() {
                errors.push(("content", "text-error-empty"));
            } else if content.chars().count() > 8000
                || content
                    .chars()
                    .any(|ch| ch.is_control() && ch != '\n' && ch != '\r' && ch != '\t')
            {
                errors.push(("content", "text-error-too-long"));
            }
            let (Some(domain), Some(sharing), Some(necessity)) = (domain, sharing, necessity)
            else {
                return Ok(Ok(Err(errors)));
            };
            if !errors.is_empty() {
                return Ok(Ok(Err(errors)));
            }
            let row = items::create(
                c,
                &st.keyring,
                &case,
                &NewItem {
                    owner_org_id: s.organisation_id.as_str(),
                    author_user_id: s.user_id.as_str(),
                    risk_domain: domain.code(),
                    professional_secrecy: input.professional_secrecy,
                    sharing: sharing.code(),
                    origin_shielded: input.origin_shielded,
                    necessity: necessity.as_str(),
                    content,
                },
                now,
            )?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::CaseItemAdded, "ok")
                    .object("item", &row.id)
                    .detail(format!(
                        "case={} domain={} sharing={}",
                        case.id,
                        domain.code(),
                        sharing.code()
                    )),
            )?;
            Ok(Ok(Ok(row.id)))
        })
        .await?
        .map_err(refuse_any)
}

/// The owner withdraws an item or records (or takes back) its consent for use.
pub async fn owner_action(
    state: &AppState,
    s: &CurrentSession,
    case_id: String,
    item_id: String,
    action: &'static str,
) -> AppResult<()> {
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, _| {
            let case = match authorised_case(c, &s, &case_id, CaseAction::Open, now)? {
                Ok((case, _)) => case,
                Err(d) => return Ok(Err(d)),
            };
            if uuid::Uuid::try_parse(&item_id).is_err() {
                return Err(verbind_store::StoreError::NotFound);
            }
            let item = items::find(c, &s.tenant_id, &item_id)?;
            if item.case_id != case.id {
                return Err(verbind_store::StoreError::NotFound);
            }
            // Only the owner decides about its information.
            if item.owner_org_id != s.organisation_id.as_str() {
                audit_refusal(c, &s, Some(&case), now)?;
                return Ok(Err(Decision::Deny(DenyReason::Case(
                    CaseDenyReason::ItemNotShared,
                ))));
            }
            let (audit_action, detail) = match action {
                "withdraw" => {
                    items::withdraw(c, &item, now)?;
                    (AuditAction::CaseItemWithdrawn, "withdrawn")
                }
                "consent" => {
                    items::consent(c, &item, true, now)?;
                    (AuditAction::CaseItemConsent, "consent=given")
                }
                _ => {
                    items::consent(c, &item, false, now)?;
                    (AuditAction::CaseItemConsent, "consent=withdrawn")
                }
            };
            audit::append(
                c,
                now,
                &entry(&s, audit_action, "ok")
                    .object("item", &item.id)
                    .detail(detail),
            )?;
            Ok(Ok(()))
        })
        .await?
        .map_err(refuse)
}

/// A citable item's label on a page: "#3 · sociale_context" (what the
/// services and the API give) with the risk domain in words.
pub fn citable_label(tr: crate::i18n::Tr, label: &str) -> String {
    match label.split_once(" · ") {
        Some((n, code)) if RiskDomain::parse(code).is_some() => {
            format!(
                "{n} · {}",
                tr.t(&format!("item-domain-{}", code.replace('_', "-")))
            )
        }
        _ => label.to_owned(),
    }
}
