//! The facts behind the Stuurgroep report (issue 5): plain codes, dates and
//! counts. What is sealed is opened only to derive a coarse fact (the age, a
//! re-referral) and never leaves this module: no name, code, id, date of
//! birth or free text is returned.

use std::collections::{HashMap, HashSet};

use diesel::prelude::*;
use sha2::{Digest, Sha256};
use verbind_crypto::envelope::MasterKeyring;
use verbind_domain::TenantId;

use crate::db::DbConn;
use crate::error::StoreResult;
use crate::models::case::{self as cases_model, CaseRow};
use crate::schema::{
    bodies, case_events, cases, contacts, meeting_attendance, meetings, organisations, seats,
};

/// One case as the report reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseFact {
    /// `a`, `b` or `a,b`.
    pub target_group: String,
    pub minor_at_referral: bool,
    /// When it was referred (UTC milliseconds).
    pub referred_at: i64,
    /// Every state change: when (UTC milliseconds) and the state entered.
    pub moves: Vec<(i64, String)>,
    /// The date of birth (ISO) when known: the caller turns it into an age
    /// band and drops it.
    pub date_of_birth: Option<String>,
    /// The same person (by national register number, else by name and date
    /// of birth) was referred in an earlier case of this tenant.
    pub re_referral: bool,
}

/// Every case of the tenant referred up to `until_ms`, oldest first.
pub fn cases(
    conn: &mut DbConn,
    keyring: &MasterKeyring,
    tenant: &TenantId,
    until_ms: i64,
) -> StoreResult<Vec<CaseFact>> {
    let rows: Vec<CaseRow> = cases::table
        .filter(cases::tenant_id.eq(tenant.as_str()))
        .filter(cases::created_at.le(until_ms))
        .order((cases::created_at.asc(), cases::id.asc()))
        .select(CaseRow::as_select())
        .load(conn)?;
    let mut moves: HashMap<String, Vec<(i64, String)>> = HashMap::new();
    let events: Vec<(String, i64, String)> = case_events::table
        .filter(case_events::tenant_id.eq(tenant.as_str()))
        .order((case_events::at_ms.asc(), case_events::id.asc()))
        .select((
            case_events::case_id,
            case_events::at_ms,
            case_events::to_state,
        ))
        .load(conn)?;
    for (case_id, at, to) in events {
        moves.entry(case_id).or_default().push((at, to));
    }
    let mut seen: HashSet<[u8; 32]> = HashSet::new();
    let mut out = Vec::with_capacity(rows.len());
    for row in rows {
        // A shredded case (its key destroyed) has no identity left to read.
        let identity = cases_model::identity(conn, keyring, &row).ok();
        let date_of_birth = identity.as_ref().and_then(|i| i.date_of_birth.clone());
        let person = identity.as_ref().map(|i| {
            let basis = match i.national_number.as_deref().map(str::trim) {
                Some(nn) if !nn.is_empty() => {
                    format!(
                        "nn:{}",
                        nn.chars().filter(char::is_ascii_digit).collect::<String>()
                    )
                }
                _ => format!(
                    "nd:{}|{}",
                    i.name
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                        .to_lowercase(),
                    i.date_of_birth.as_deref().unwrap_or("")
                ),
            };
            let digest: [u8; 32] = Sha256::digest(basis.as_bytes()).into();
            digest
        });
        let re_referral = match person {
            Some(p) => !seen.insert(p),
            None => false,
        };
        out.push(CaseFact {
            target_group: row.target_group.clone(),
            minor_at_referral: row.minor_at_referral,
            referred_at: row.created_at,
            moves: moves.remove(&row.id).unwrap_or_default(),
            date_of_birth,
            re_referral,
        });
    }
    Ok(out)
}

/// One Partnertafel meeting as the report reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MeetingFact {
    pub starts_at: i64,
    /// `regular` or `ad_hoc`.
    pub kind: String,
    /// `planned`, `held` or `cancelled`.
    pub status: String,
    /// Per recorded seat: the organisation's kind and the presence code.
    pub attendance: Vec<(String, String)>,
}

/// The meetings of the tenant's Partnertafel bodies starting in
/// `[from_ms, to_ms)`, and the bodies' summed yearly norm.
pub fn table_meetings(
    conn: &mut DbConn,
    tenant: &TenantId,
    from_ms: i64,
    to_ms: i64,
) -> StoreResult<(Vec<MeetingFact>, u32)> {
    let tables: Vec<(String, Option<i32>)> = bodies::table
        .filter(bodies::tenant_id.eq(tenant.as_str()))
        .filter(bodies::kind.eq("partnertafel"))
        .select((bodies::id, bodies::min_meetings_per_year))
        .load(conn)?;
    let norm = tables
        .iter()
        .map(|(_, n)| u32::try_from(n.unwrap_or(0)).unwrap_or(0))
        .sum();
    let ids: Vec<String> = tables.into_iter().map(|(id, _)| id).collect();
    let rows: Vec<(String, i64, String, String)> = meetings::table
        .filter(meetings::tenant_id.eq(tenant.as_str()))
        .filter(meetings::body_id.eq_any(&ids))
        .filter(meetings::starts_at.ge(from_ms))
        .filter(meetings::starts_at.lt(to_ms))
        .order(meetings::starts_at.asc())
        .select((
            meetings::id,
            meetings::starts_at,
            meetings::kind,
            meetings::status,
        ))
        .load(conn)?;
    let meeting_ids: Vec<&String> = rows.iter().map(|r| &r.0).collect();
    let presence: Vec<(String, String, String)> = meeting_attendance::table
        .inner_join(seats::table.on(seats::id.eq(meeting_attendance::seat_id)))
        .inner_join(organisations::table.on(organisations::id.eq(seats::organisation_id)))
        .filter(meeting_attendance::tenant_id.eq(tenant.as_str()))
        .filter(meeting_attendance::meeting_id.eq_any(meeting_ids))
        .select((
            meeting_attendance::meeting_id,
            organisations::kind,
            meeting_attendance::status,
        ))
        .load(conn)?;
    let mut per_meeting: HashMap<String, Vec<(String, String)>> = HashMap::new();
    for (m, kind, status) in presence {
        per_meeting.entry(m).or_default().push((kind, status));
    }
    for v in per_meeting.values_mut() {
        v.sort();
    }
    Ok((
        rows.into_iter()
            .map(|(id, starts_at, kind, status)| MeetingFact {
                starts_at,
                kind,
                status,
                attendance: per_meeting.remove(&id).unwrap_or_default(),
            })
            .collect(),
        norm,
    ))
}

/// (contact day, stored themes) of the tenant's contacts between two ISO
/// dates (inclusive). No free text.
pub fn contact_dates_and_themes(
    conn: &mut DbConn,
    tenant: &TenantId,
    from: &str,
    to: &str,
) -> StoreResult<Vec<(String, String)>> {
    Ok(contacts::table
        .filter(contacts::tenant_id.eq(tenant.as_str()))
        .filter(contacts::contact_on.ge(from))
        .filter(contacts::contact_on.le(to))
        .select((contacts::contact_on, contacts::themes))
        .load(conn)?)
}

/// One tension as the report reads it: no title, description, groups or
/// analysis text, and no district.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TensionFact {
    /// ISO date.
    pub noted_on: String,
    pub status: String,
    pub analysed: bool,
    /// (observed on ISO date, recorded at, severity code), oldest first.
    pub severities: Vec<(String, i64, String)>,
}

/// Every tension of the tenant, oldest first.
pub fn tensions(conn: &mut DbConn, tenant: &TenantId) -> StoreResult<Vec<TensionFact>> {
    use crate::schema::{tension_severities, tensions};
    let rows: Vec<(String, String, String, Option<i64>)> = tensions::table
        .filter(tensions::tenant_id.eq(tenant.as_str()))
        .order((tensions::noted_on.asc(), tensions::id.asc()))
        .select((
            tensions::id,
            tensions::noted_on,
            tensions::status,
            tensions::analysed_at,
        ))
        .load(conn)?;
    let sev: Vec<(String, String, i64, String)> = tension_severities::table
        .filter(tension_severities::tenant_id.eq(tenant.as_str()))
        .order((
            tension_severities::observed_on.asc(),
            tension_severities::created_at.asc(),
        ))
        .select((
            tension_severities::tension_id,
            tension_severities::observed_on,
            tension_severities::created_at,
            tension_severities::severity,
        ))
        .load(conn)?;
    let mut per: HashMap<String, Vec<(String, i64, String)>> = HashMap::new();
    for (t, on, at, s) in sev {
        per.entry(t).or_default().push((on, at, s));
    }
    Ok(rows
        .into_iter()
        .map(|(id, noted_on, status, analysed_at)| TensionFact {
            noted_on,
            status,
            analysed: analysed_at.is_some(),
            severities: per.remove(&id).unwrap_or_default(),
        })
        .collect())
}

/// One training session in the period: kind, day, head count of a staff
/// session, participants marked present, and the evaluation score.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrainingFact {
    pub kind: String,
    pub held_on: String,
    pub staff_count: Option<i32>,
    pub present: i64,
    pub evaluation_score: Option<i32>,
}

/// id, kind, held on, staff count, evaluation score.
type TrainingColumns = (String, String, String, Option<i32>, Option<i32>);

/// The tenant's training sessions held between two ISO dates (inclusive).
pub fn trainings(
    conn: &mut DbConn,
    tenant: &TenantId,
    from: &str,
    to: &str,
) -> StoreResult<Vec<TrainingFact>> {
    use crate::schema::{training_attendance, trainings};
    let rows: Vec<TrainingColumns> = trainings::table
        .filter(trainings::tenant_id.eq(tenant.as_str()))
        .filter(trainings::held_on.ge(from))
        .filter(trainings::held_on.le(to))
        .order((trainings::held_on.asc(), trainings::id.asc()))
        .select((
            trainings::id,
            trainings::kind,
            trainings::held_on,
            trainings::staff_count,
            trainings::evaluation_score,
        ))
        .load(conn)?;
    let ids: Vec<&String> = rows.iter().map(|r| &r.0).collect();
    let present: Vec<String> = training_attendance::table
        .filter(training_attendance::tenant_id.eq(tenant.as_str()))
        .filter(training_attendance::training_id.eq_any(ids))
        .filter(training_attendance::status.eq("present"))
        .select(training_attendance::training_id)
        .load(conn)?;
    let mut count: HashMap<String, i64> = HashMap::new();
    for t in present {
        *count.entry(t).or_default() += 1;
    }
    Ok(rows
        .into_iter()
        .map(
            |(id, kind, held_on, staff_count, evaluation_score)| TrainingFact {
                present: count.get(&id).copied().unwrap_or(0),
                kind,
                held_on,
                staff_count,
                evaluation_score,
            },
        )
        .collect())
}
