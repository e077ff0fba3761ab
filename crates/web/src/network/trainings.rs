//! Trainings (deskundigheidsbevordering), shared by the pages and the JSON
//! API: list, create, open, update and the attendance of reference persons.
//! Every function asks the policy (`ManageTrainings`) first and audits by id
//! and code. Attendance of a reference-person training changes what is due
//! for that person (computed on reading, see `super::persons::due`).

use std::collections::HashMap;

use verbind_domain::audit::AuditAction;
use verbind_domain::case::Date;
use verbind_domain::policy::PreventionAction;
use verbind_domain::prevention::coded::Coded;
use verbind_domain::prevention::network::FieldErrors;
use verbind_domain::prevention::training::{self as rules, Attendance, TrainingInput};
use verbind_store::models::audit;
use verbind_store::models::network as people;
use verbind_store::models::training::{self as store, TrainingFields, TrainingRow};
use verbind_store::{DbConn, StoreError};

use super::{entry, require, today};
use crate::error::AppResult;
use crate::middleware::session::CurrentSession;
use crate::state::{AppState, Inner};

const MANAGE: PreventionAction = PreventionAction::ManageTrainings;

/// A session as typed (page or API).
#[derive(Clone, Default)]
pub struct TrainingForm {
    pub kind: String,
    pub title: String,
    pub provider: String,
    /// `dd/mm/yyyy`.
    pub date: String,
    pub place: String,
    pub staff_count: String,
    pub score: String,
    pub evaluation: String,
}

impl TrainingForm {
    fn input(&self) -> TrainingInput<'_> {
        TrainingInput {
            kind: &self.kind,
            title: &self.title,
            provider: &self.provider,
            date: &self.date,
            place: &self.place,
            staff_count: &self.staff_count,
            score: &self.score,
            evaluation: &self.evaluation,
        }
    }
}

/// Which sessions to list; every field narrows when set.
#[derive(Debug, Clone, Default)]
pub struct TrainingFilter {
    pub kind: Option<String>,
    pub year: Option<u16>,
}

/// A participant of a session.
#[derive(Clone)]
pub struct Participant {
    pub person_id: String,
    pub name: String,
    pub organisation: String,
    pub status: String,
}

/// A session with what the expert sees of it.
#[derive(Clone)]
pub struct TrainingView {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub provider: String,
    /// ISO date.
    pub date: String,
    pub place: Option<String>,
    pub staff_count: Option<i32>,
    pub score: Option<i32>,
    pub evaluation: Option<String>,
    /// By name (on the detail page; empty in lists).
    pub participants: Vec<Participant>,
    pub participant_count: usize,
    pub present_count: usize,
    pub created_at: i64,
    pub updated_at: i64,
}

impl std::fmt::Debug for TrainingView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TrainingView")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl TrainingView {
    /// The form filled with this session (for editing).
    pub fn form(&self) -> TrainingForm {
        TrainingForm {
            kind: self.kind.clone(),
            title: self.title.clone(),
            provider: self.provider.clone(),
            date: super::show_iso(&self.date),
            place: self.place.clone().unwrap_or_default(),
            staff_count: self.staff_count.map(|n| n.to_string()).unwrap_or_default(),
            score: self.score.map(|n| n.to_string()).unwrap_or_default(),
            evaluation: self.evaluation.clone().unwrap_or_default(),
        }
    }
}

/// A reference person who can be put on a session's attendance list.
#[derive(Clone)]
pub struct PersonOption {
    pub id: String,
    pub name: String,
    pub organisation: String,
    pub active: bool,
}

fn view(
    c: &mut DbConn,
    st: &Inner,
    row: TrainingRow,
    counts: (usize, usize),
    participants: Vec<Participant>,
) -> Result<TrainingView, StoreError> {
    let t = store::open(c, &st.keyring, &row)?;
    Ok(TrainingView {
        id: row.id,
        kind: row.kind,
        title: t.title,
        provider: t.provider,
        date: row.held_on,
        place: t.place,
        staff_count: row.staff_count,
        score: row.evaluation_score,
        evaluation: t.evaluation,
        participants,
        participant_count: counts.0,
        present_count: counts.1,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// The sessions, filtered, latest first. Audited as one read of the list.
pub async fn list(
    state: &AppState,
    s: &CurrentSession,
    filter: TrainingFilter,
) -> AppResult<Vec<TrainingView>> {
    require(s, MANAGE)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            // (participants, present) per session.
            let mut counts: HashMap<String, (usize, usize)> = HashMap::new();
            for p in store::participations(c, &s.tenant_id)? {
                let e = counts.entry(p.training_id).or_default();
                e.0 += 1;
                if p.status == Attendance::Present.code() {
                    e.1 += 1;
                }
            }
            let mut out = Vec::new();
            for r in store::list(c, &s.tenant_id)? {
                if filter.kind.as_ref().is_some_and(|k| *k != r.kind)
                    || filter.year.is_some_and(|y| {
                        Date::parse_iso(&r.held_on).map(|d| d.year()).ok() != Some(y)
                    })
                {
                    continue;
                }
                let n = counts.get(&r.id).copied().unwrap_or_default();
                out.push(view(c, st, r, n, Vec::new())?);
            }
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::TrainingListViewed).detail(format!("count={}", out.len())),
            )?;
            Ok(out)
        })
        .await
}

/// Opens a session with its participants by name; audited.
pub async fn open(state: &AppState, s: &CurrentSession, id: String) -> AppResult<TrainingView> {
    require(s, MANAGE)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let row = store::find(c, &s.tenant_id, &id)?;
            let mut participants = Vec::new();
            for a in store::attendance(c, &row)? {
                let p = people::find(c, &s.tenant_id, &a.reference_person_id)?;
                let d = people::open(c, &st.keyring, &p)?;
                participants.push(Participant {
                    person_id: p.id,
                    name: d.name,
                    organisation: d.organisation,
                    status: a.status,
                });
            }
            participants.sort_by_key(|p| p.name.to_lowercase());
            let present = participants
                .iter()
                .filter(|p| p.status == Attendance::Present.code())
                .count();
            let counts = (participants.len(), present);
            let v = view(c, st, row, counts, participants)?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::TrainingViewed).object("training", &v.id),
            )?;
            Ok(v)
        })
        .await
}

/// The reference persons of the network, by name, for the attendance list.
pub async fn person_options(state: &AppState, s: &CurrentSession) -> AppResult<Vec<PersonOption>> {
    require(s, MANAGE)?;
    let t = s.tenant_id.clone();
    state
        .read(move |c, st| {
            let mut out = Vec::new();
            for p in people::list(c, &t)? {
                let d = people::open(c, &st.keyring, &p)?;
                out.push(PersonOption {
                    id: p.id,
                    name: d.name,
                    organisation: d.organisation,
                    active: p.active,
                });
            }
            out.sort_by_key(|p| p.name.to_lowercase());
            Ok(out)
        })
        .await
}

fn fields<'a>(p: &'a rules::ParsedTraining, date: &'a str) -> TrainingFields<'a> {
    TrainingFields {
        kind: p.kind.code(),
        title: &p.title,
        provider: &p.provider,
        held_on: date,
        place: p.place.as_deref(),
        staff_count: p.staff_count.and_then(|n| i32::try_from(n).ok()),
        evaluation_score: p.score.map(i32::from),
        evaluation: p.evaluation.as_deref(),
    }
}

/// Registers a session; its id, or the refused fields.
pub async fn create(
    state: &AppState,
    s: &CurrentSession,
    form: TrainingForm,
) -> AppResult<Result<String, FieldErrors>> {
    require(s, MANAGE)?;
    let today = today(state)?;
    let p = match rules::parse_training(&form.input(), today) {
        Ok(p) => p,
        Err(e) => return Ok(Err(e)),
    };
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let date = p.date.to_iso();
            let row = store::create(
                c,
                &st.keyring,
                &s.tenant_id,
                &fields(&p, &date),
                s.user_id.as_str(),
                now,
            )?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::TrainingCreated)
                    .object("training", &row.id)
                    .detail(format!("kind={}", p.kind.code())),
            )?;
            Ok(Ok(row.id))
        })
        .await
}

/// Changes a session.
pub async fn update(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    form: TrainingForm,
) -> AppResult<Result<(), FieldErrors>> {
    require(s, MANAGE)?;
    let today = today(state)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let row = store::find(c, &s.tenant_id, &id)?;
            let p = match rules::parse_training(&form.input(), today) {
                Ok(p) => p,
                Err(e) => return Ok(Err(e)),
            };
            let date = p.date.to_iso();
            store::update(c, &st.keyring, &row, &fields(&p, &date), now)?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::TrainingUpdated)
                    .object("training", &row.id)
                    .detail(format!("kind={}", p.kind.code())),
            )?;
            Ok(Ok(()))
        })
        .await
}

/// Replaces the participants of a session: (reference person id, status);
/// an empty status leaves the person off. Each person must be of the
/// network of this tenant.
pub async fn set_attendance(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    lines: Vec<(String, String)>,
) -> AppResult<Result<(), FieldErrors>> {
    require(s, MANAGE)?;
    let today = today(state)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, _| {
            let row = store::find(c, &s.tenant_id, &id)?;
            let session = Date::parse_iso(&row.held_on)
                .map_err(|_| StoreError::Invalid("stored training date unreadable".into()))?;
            let known: Vec<String> = people::list(c, &s.tenant_id)?
                .into_iter()
                .map(|p| p.id)
                .collect();
            let pairs: Vec<(&str, &str)> = lines
                .iter()
                .map(|(p, st)| (p.as_str(), st.as_str()))
                .collect();
            let parsed = match rules::parse_attendance(&pairs, &known, session, today) {
                Ok(p) => p,
                Err(e) => return Ok(Err(e)),
            };
            let stored: Vec<(String, &str)> =
                parsed.iter().map(|(p, a)| (p.clone(), a.code())).collect();
            store::set_attendance(c, &row, &stored, s.user_id.as_str(), now)?;
            let present = parsed
                .iter()
                .filter(|(_, a)| *a == Attendance::Present)
                .count();
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::TrainingAttendanceRecorded)
                    .object("training", &row.id)
                    .detail(format!("participants={} present={present}", parsed.len())),
            )?;
            Ok(Ok(()))
        })
        .await
}
