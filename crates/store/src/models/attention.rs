//! The facts behind the expert's "Vandaag aandacht voor" (issue 5, point 4):
//! what `verbind_domain::attention::assess` needs about one LIVC-R, read in
//! a few tenant-wide queries rather than one per case.
//!
//! Only columns in clear are selected: ids, case codes, states, codes,
//! dates and times. Nothing sealed is read, let alone decrypted (not the
//! knowledge answers, item texts, action descriptions, decision reasons,
//! event notes, evaluation notes, contact messages or person names): that an
//! answer, an item or a note exists is all the rules need.
//!
//! The yearly meeting counts of the bodies are not gathered here: the
//! meetings module counts them (in Europe/Brussels days) and fills
//! [`Facts::bodies`].

use std::collections::HashMap;

use diesel::prelude::*;
use verbind_domain::attention::{
    ActionFacts, ActionStatus, CONTACT_WAITING, CaseFacts, ContactFacts, Facts, HeldTable,
    ItemConsent, PersonFacts, TableDecision, case_is_open, is_table_decision,
};
use verbind_domain::case::{CaseState, Date, Transition};
use verbind_domain::prevention::coded::Coded;
use verbind_domain::prevention::contact::{Channel, ContactStatus};
use verbind_domain::prevention::network::Participation;
use verbind_domain::prevention::training::{Attendance, TrainingKind};
use verbind_domain::profile::BodyKind;
use verbind_domain::{BodyId, OrganisationId, TenantId};

use crate::db::DbConn;
use crate::error::StoreResult;
use crate::models::{body, training};
use crate::schema::{
    case_action_evaluations, case_actions, case_decisions, case_events, case_items, case_knowledge,
    cases, contacts, meeting_agenda_items, meetings, reference_persons,
};

/// The stored status of a meeting that took place.
const HELD: &str = "held";
/// The stored status of an adopted decision.
const ADOPTED: &str = "adopted";

/// Gathers the facts of the tenant's open cases, its contacts still waiting
/// and its reference persons. [`Facts::bodies`] is left empty (see the
/// module documentation).
pub fn gather(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Facts> {
    Ok(Facts {
        cases: case_facts(conn, tenant)?,
        bodies: Vec::new(),
        contacts: contact_facts(conn, tenant)?,
        persons: person_facts(conn, tenant)?,
    })
}

/// The open cases (referred, screening or followed by the table) with their
/// knowledge answers, items, actions, held tables and decisions.
pub fn case_facts(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<CaseFacts>> {
    let open: Vec<String> = CaseState::ALL
        .into_iter()
        .filter(|s| case_is_open(*s))
        .map(|s| s.code().to_owned())
        .collect();
    let rows: Vec<(String, String, String, String)> = cases::table
        .filter(cases::tenant_id.eq(tenant.as_str()))
        .filter(cases::state.eq_any(&open))
        .order(cases::code.asc())
        .select((cases::id, cases::code, cases::state, cases::body_id))
        .load(conn)?;
    if rows.is_empty() {
        return Ok(Vec::new());
    }
    let ids: Vec<&String> = rows.iter().map(|r| &r.0).collect();

    // The organisations holding a seat at each table.
    let mut table_orgs: HashMap<String, Vec<OrganisationId>> = HashMap::new();
    for (_, _, _, body_id) in &rows {
        if table_orgs.contains_key(body_id) {
            continue;
        }
        let mut orgs: Vec<OrganisationId> =
            body::seats(conn, tenant, &BodyId::from_db(body_id.clone()))?
                .into_iter()
                .filter(|s| s.holder_user_id.is_some())
                .map(|s| OrganisationId::from_db(s.organisation_id))
                .collect();
        orgs.sort();
        orgs.dedup();
        table_orgs.insert(body_id.clone(), orgs);
    }

    let mut out: HashMap<String, CaseFacts> = HashMap::new();
    for (id, code, state, body_id) in &rows {
        let Some(state) = CaseState::parse(state) else {
            continue;
        };
        out.insert(
            id.clone(),
            CaseFacts {
                id: id.clone(),
                code: code.clone(),
                state,
                table_orgs: table_orgs.get(body_id).cloned().unwrap_or_default(),
                knowledge_answered: Vec::new(),
                items: Vec::new(),
                actions: Vec::new(),
                tables: Vec::new(),
                decisions: Vec::new(),
            },
        );
    }

    // That an organisation answered; the answer itself stays sealed.
    let answered: Vec<(String, String)> = case_knowledge::table
        .filter(case_knowledge::tenant_id.eq(tenant.as_str()))
        .filter(case_knowledge::case_id.eq_any(&ids))
        .select((case_knowledge::case_id, case_knowledge::organisation_id))
        .load(conn)?;
    for (case_id, org) in answered {
        if let Some(c) = out.get_mut(&case_id) {
            c.knowledge_answered.push(OrganisationId::from_db(org));
        }
    }

    let items: Vec<(String, Option<i64>, bool, Option<i64>)> = case_items::table
        .filter(case_items::tenant_id.eq(tenant.as_str()))
        .filter(case_items::case_id.eq_any(&ids))
        .select((
            case_items::case_id,
            case_items::withdrawn_at,
            case_items::consent_for_use,
            case_items::consent_at,
        ))
        .load(conn)?;
    for (case_id, withdrawn_at, given, consent_at) in items {
        if let Some(c) = out.get_mut(&case_id) {
            c.items.push(ItemConsent {
                withdrawn: withdrawn_at.is_some(),
                given,
                answered: consent_at.is_some(),
            });
        }
    }

    let actions: Vec<(String, String, String)> = case_actions::table
        .filter(case_actions::tenant_id.eq(tenant.as_str()))
        .filter(case_actions::case_id.eq_any(&ids))
        .select((
            case_actions::case_id,
            case_actions::due_date,
            case_actions::status,
        ))
        .load(conn)?;
    for (case_id, due, status) in actions {
        let Some(status) = ActionStatus::parse(&status) else {
            continue;
        };
        if let Some(c) = out.get_mut(&case_id) {
            c.actions.push(ActionFacts {
                due: Date::parse_iso(&due).ok(),
                status,
            });
        }
    }

    // The held Partnertafel meetings whose frozen agenda had the case.
    let tables: Vec<String> = body::list(conn, tenant)?
        .into_iter()
        .filter(|b| b.kind == BodyKind::Partnertafel.as_str())
        .map(|b| b.id)
        .collect();
    let held: Vec<(String, String, i64)> = meeting_agenda_items::table
        .inner_join(meetings::table.on(meetings::id.eq(meeting_agenda_items::meeting_id)))
        .filter(meeting_agenda_items::tenant_id.eq(tenant.as_str()))
        .filter(meetings::tenant_id.eq(tenant.as_str()))
        .filter(meetings::status.eq(HELD))
        .filter(meetings::body_id.eq_any(&tables))
        .filter(meeting_agenda_items::case_id.eq_any(&ids))
        .select((
            meeting_agenda_items::case_id,
            meetings::id,
            meetings::starts_at,
        ))
        .load(conn)?;
    for (case_id, meeting_id, starts_at_ms) in held {
        if let Some(c) = out.get_mut(&case_id) {
            c.tables.push(HeldTable {
                meeting_id,
                starts_at_ms,
            });
        }
    }

    // What the table decided: adopted decisions, conclusions in the history
    // (the transition code and time; the note stays sealed), evaluations of
    // actions at a meeting (the meeting and time; the note stays sealed).
    let adopted: Vec<(String, Option<String>, Option<i64>, i64)> = case_decisions::table
        .filter(case_decisions::tenant_id.eq(tenant.as_str()))
        .filter(case_decisions::case_id.eq_any(&ids))
        .filter(case_decisions::status.eq(ADOPTED))
        .select((
            case_decisions::case_id,
            case_decisions::meeting_id,
            case_decisions::closed_at,
            case_decisions::proposed_at,
        ))
        .load(conn)?;
    for (case_id, meeting_id, closed_at, proposed_at) in adopted {
        if let Some(c) = out.get_mut(&case_id) {
            c.decisions.push(TableDecision {
                meeting_id,
                at_ms: closed_at.unwrap_or(proposed_at),
            });
        }
    }
    let decision_steps: Vec<&str> = Transition::ALL
        .into_iter()
        .filter(|t| is_table_decision(*t))
        .map(Transition::code)
        .collect();
    let concluded: Vec<(String, i64)> = case_events::table
        .filter(case_events::tenant_id.eq(tenant.as_str()))
        .filter(case_events::case_id.eq_any(&ids))
        .filter(case_events::transition.eq_any(&decision_steps))
        .select((case_events::case_id, case_events::at_ms))
        .load(conn)?;
    for (case_id, at_ms) in concluded {
        if let Some(c) = out.get_mut(&case_id) {
            c.decisions.push(TableDecision {
                meeting_id: None,
                at_ms,
            });
        }
    }
    let evaluated: Vec<(String, String, i64)> = case_action_evaluations::table
        .filter(case_action_evaluations::tenant_id.eq(tenant.as_str()))
        .filter(case_action_evaluations::case_id.eq_any(&ids))
        .select((
            case_action_evaluations::case_id,
            case_action_evaluations::meeting_id,
            case_action_evaluations::at_ms,
        ))
        .load(conn)?;
    for (case_id, meeting_id, at_ms) in evaluated {
        if let Some(c) = out.get_mut(&case_id) {
            c.decisions.push(TableDecision {
                meeting_id: Some(meeting_id),
                at_ms,
            });
        }
    }

    let mut list: Vec<CaseFacts> = out.into_values().collect();
    list.sort_by(|a, b| a.code.cmp(&b.code).then_with(|| a.id.cmp(&b.id)));
    Ok(list)
}

/// The contacts of the register still waiting for follow-up: their status
/// and channel codes only.
pub fn contact_facts(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<ContactFacts>> {
    let waiting: Vec<&str> = CONTACT_WAITING.iter().map(|s| s.code()).collect();
    let rows: Vec<(String, String)> = contacts::table
        .filter(contacts::tenant_id.eq(tenant.as_str()))
        .filter(contacts::status.eq_any(&waiting))
        .select((contacts::status, contacts::channel))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(status, channel)| {
            Some(ContactFacts {
                status: ContactStatus::parse(&status)?,
                channel: Channel::parse(&channel)?,
            })
        })
        .collect())
}

/// Every reference person: active or not, and the sessions they took part
/// in (codes and dates; names and contact details stay sealed).
pub fn person_facts(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<PersonFacts>> {
    let persons: Vec<(String, bool)> = reference_persons::table
        .filter(reference_persons::tenant_id.eq(tenant.as_str()))
        .order(reference_persons::created_at.asc())
        .select((reference_persons::id, reference_persons::active))
        .load(conn)?;
    let mut followed: HashMap<String, Vec<Participation>> = HashMap::new();
    for p in training::participations(conn, tenant)? {
        let (Some(kind), Ok(date), Some(attendance)) = (
            TrainingKind::parse(&p.kind),
            Date::parse_iso(&p.held_on),
            Attendance::parse(&p.status),
        ) else {
            continue;
        };
        followed
            .entry(p.reference_person_id)
            .or_default()
            .push(Participation {
                kind,
                date,
                attendance,
            });
    }
    Ok(persons
        .into_iter()
        .map(|(id, active)| PersonFacts {
            active,
            followed: followed.remove(&id).unwrap_or_default(),
        })
        .collect())
}
