//! The working group on polarisation (werkgroep polarisering), shared by
//! the pages and the JSON API: its members (the seats of the profile's
//! Werkgroep body), its scope extended in phases, and the signals it passes
//! to the city board with the board's answer. Policy `ManageWorkingGroup`
//! (the expert); every read of the free text and every change is audited.

use std::collections::HashMap;

use verbind_domain::audit::AuditAction;
use verbind_domain::case::Date;
use verbind_domain::policy::PreventionAction;
use verbind_domain::prevention::outreach::{
    self as rules, BoardSignalInput, FieldErrors, PhaseInput, phase_in_force,
};
use verbind_domain::{BodyId, TenantId};
use verbind_store::models::outreach::{
    self as store, BoardSignalFields, BoardSignalRow, PhaseFields, PhaseRow,
};
use verbind_store::models::{audit, body, organisation};
use verbind_store::{DbConn, StoreError};

use super::{entry, require, today};
use crate::error::{AppError, AppResult};
use crate::middleware::session::CurrentSession;
use crate::state::{AppState, Inner};

const MANAGE: PreventionAction = PreventionAction::ManageWorkingGroup;

/// A working group of the profile.
#[derive(Debug, Clone)]
pub struct GroupRef {
    pub id: String,
    pub slug: String,
    pub name: String,
}

/// A seat of the working group.
#[derive(Debug, Clone)]
pub struct Member {
    pub seat: String,
    pub organisation: String,
    pub filled: bool,
    pub optional: bool,
}

/// A phase of the scope.
#[derive(Clone)]
pub struct PhaseView {
    pub id: String,
    pub phase: i32,
    /// ISO date.
    pub starts_on: String,
    pub scope: String,
    pub note: Option<String>,
    pub in_force: bool,
}

/// A signal to the city board.
#[derive(Clone)]
pub struct SignalView {
    pub id: String,
    /// ISO date.
    pub sent_on: String,
    pub subject: String,
    pub summary: String,
    pub addressee: String,
    pub answer: Option<String>,
    /// ISO date.
    pub answered_on: Option<String>,
    pub updated_at: i64,
}

/// The working group's page.
#[derive(Clone)]
pub struct Overview {
    pub group: GroupRef,
    /// Every working group of the profile (to switch between them).
    pub groups: Vec<GroupRef>,
    pub members: Vec<Member>,
    pub phases: Vec<PhaseView>,
    pub signals: Vec<SignalView>,
}

/// A phase as typed.
#[derive(Clone, Default)]
pub struct PhaseForm {
    pub phase: String,
    /// `dd/mm/yyyy`.
    pub starts_on: String,
    pub scope: String,
    pub note: String,
}

impl PhaseForm {
    fn input(&self) -> PhaseInput<'_> {
        PhaseInput {
            phase: &self.phase,
            starts_on: &self.starts_on,
            scope: &self.scope,
            note: &self.note,
        }
    }
}

/// A board signal as typed.
#[derive(Clone, Default)]
pub struct SignalForm {
    /// `dd/mm/yyyy`.
    pub sent_on: String,
    pub subject: String,
    pub summary: String,
    pub addressee: String,
    pub answer: String,
    /// `dd/mm/yyyy`.
    pub answered_on: String,
}

impl SignalForm {
    fn input(&self) -> BoardSignalInput<'_> {
        BoardSignalInput {
            sent_on: &self.sent_on,
            subject: &self.subject,
            summary: &self.summary,
            addressee: &self.addressee,
            answer: &self.answer,
            answered_on: &self.answered_on,
        }
    }
}

impl PhaseView {
    pub fn form(&self) -> PhaseForm {
        PhaseForm {
            phase: self.phase.to_string(),
            starts_on: super::show_iso(&self.starts_on),
            scope: self.scope.clone(),
            note: self.note.clone().unwrap_or_default(),
        }
    }
}

impl SignalView {
    pub fn form(&self) -> SignalForm {
        SignalForm {
            sent_on: super::show_iso(&self.sent_on),
            subject: self.subject.clone(),
            summary: self.summary.clone(),
            addressee: self.addressee.clone(),
            answer: self.answer.clone().unwrap_or_default(),
            answered_on: self
                .answered_on
                .as_deref()
                .map(super::show_iso)
                .unwrap_or_default(),
        }
    }
}

/// The working groups of the tenant; the one asked for (by slug) or the first.
fn groups(
    c: &mut DbConn,
    t: &TenantId,
    slug: Option<&str>,
) -> Result<(Vec<GroupRef>, Option<GroupRef>), StoreError> {
    let all: Vec<GroupRef> = body::list(c, t)?
        .into_iter()
        .filter(|b| b.kind == "werkgroep")
        .map(|b| GroupRef {
            id: b.id,
            slug: b.slug,
            name: b.name,
        })
        .collect();
    let chosen = match slug {
        Some(s) => all.iter().find(|g| g.slug == s).cloned(),
        None => all.first().cloned(),
    };
    Ok((all, chosen))
}

fn phase_view(
    c: &mut DbConn,
    st: &Inner,
    r: PhaseRow,
    in_force: Option<u32>,
) -> Result<PhaseView, StoreError> {
    let t = store::open_phase(c, &st.keyring, &r)?;
    Ok(PhaseView {
        in_force: in_force.is_some_and(|n| i64::from(n) == i64::from(r.phase)),
        id: r.id,
        phase: r.phase,
        starts_on: r.starts_on,
        scope: t.scope,
        note: t.note,
    })
}

fn signal_view(c: &mut DbConn, st: &Inner, r: BoardSignalRow) -> Result<SignalView, StoreError> {
    let t = store::open_board_signal(c, &st.keyring, &r)?;
    Ok(SignalView {
        id: r.id,
        sent_on: r.sent_on,
        subject: t.subject,
        summary: t.summary,
        addressee: t.addressee,
        answer: t.answer,
        answered_on: r.answered_on,
        updated_at: r.updated_at,
    })
}

fn phase_numbers(rows: &[PhaseRow], except: Option<&str>) -> Vec<u32> {
    rows.iter()
        .filter(|r| Some(r.id.as_str()) != except)
        .filter_map(|r| u32::try_from(r.phase).ok())
        .collect()
}

/// The working group's page: members, phases and signals; `None` when the
/// profile has no working group (or not the one asked for). Audited.
pub async fn overview(
    state: &AppState,
    s: &CurrentSession,
    slug: Option<String>,
) -> AppResult<Option<Overview>> {
    require(s, MANAGE)?;
    let today = today(state)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let (all, chosen) = groups(c, &s.tenant_id, slug.as_deref())?;
            let Some(group) = chosen else {
                return Ok(None);
            };
            let orgs: HashMap<String, String> = organisation::list(c, &s.tenant_id)?
                .into_iter()
                .map(|o| (o.id, o.name))
                .collect();
            let members = body::seats(c, &s.tenant_id, &BodyId::from_db(group.id.clone()))?
                .into_iter()
                .map(|seat| Member {
                    organisation: orgs.get(&seat.organisation_id).cloned().unwrap_or_default(),
                    seat: seat.title,
                    filled: seat.holder_user_id.is_some(),
                    optional: seat.optional,
                })
                .collect();
            let rows = store::phases(c, &s.tenant_id, &group.id)?;
            let dated: Vec<(u32, Date)> = rows
                .iter()
                .filter_map(|r| {
                    Some((
                        u32::try_from(r.phase).ok()?,
                        Date::parse_iso(&r.starts_on).ok()?,
                    ))
                })
                .collect();
            let in_force = phase_in_force(&dated, today);
            let mut phases = Vec::new();
            for r in rows {
                phases.push(phase_view(c, st, r, in_force)?);
            }
            let mut signals = Vec::new();
            for r in store::board_signals(c, &s.tenant_id, &group.id)? {
                signals.push(signal_view(c, st, r)?);
            }
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::WorkingGroupViewed)
                    .object("body", &group.id)
                    .detail(format!("phases={} signals={}", phases.len(), signals.len())),
            )?;
            Ok(Some(Overview {
                group,
                groups: all,
                members,
                phases,
                signals,
            }))
        })
        .await
}

fn find_group(c: &mut DbConn, t: &TenantId, slug: Option<&str>) -> Result<GroupRef, StoreError> {
    groups(c, t, slug)?.1.ok_or(StoreError::NotFound)
}

/// Records a phase of the scope; its id or the refused fields.
pub async fn add_phase(
    state: &AppState,
    s: &CurrentSession,
    slug: Option<String>,
    form: PhaseForm,
) -> AppResult<Result<String, FieldErrors>> {
    require(s, MANAGE)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let group = find_group(c, &s.tenant_id, slug.as_deref())?;
            let taken = phase_numbers(&store::phases(c, &s.tenant_id, &group.id)?, None);
            let p = match rules::parse_phase(&form.input(), &taken) {
                Ok(p) => p,
                Err(e) => return Ok(Err(e)),
            };
            let row = store::create_phase(
                c,
                &st.keyring,
                &s.tenant_id,
                &group.id,
                &PhaseFields {
                    phase: i32::try_from(p.phase).unwrap_or(i32::MAX),
                    starts_on: &p.starts_on.to_iso(),
                    scope: &p.scope,
                    note: p.note.as_deref(),
                },
                s.user_id.as_str(),
                now,
            )?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::WorkingGroupPhaseRecorded)
                    .object("working_group_phase", &row.id)
                    .detail(format!("phase={}", p.phase)),
            )?;
            Ok(Ok(row.id))
        })
        .await
}

/// One phase (for its edit form).
pub async fn open_phase(state: &AppState, s: &CurrentSession, id: String) -> AppResult<PhaseView> {
    require(s, MANAGE)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let r = store::find_phase(c, &s.tenant_id, &id)?;
            let v = phase_view(c, st, r, None)?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::WorkingGroupViewed).object("working_group_phase", &v.id),
            )?;
            Ok(v)
        })
        .await
}

/// Changes a phase.
pub async fn update_phase(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    form: PhaseForm,
) -> AppResult<Result<(), FieldErrors>> {
    require(s, MANAGE)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let row = store::find_phase(c, &s.tenant_id, &id)?;
            let taken = phase_numbers(
                &store::phases(c, &s.tenant_id, &row.body_id)?,
                Some(&row.id),
            );
            let p = match rules::parse_phase(&form.input(), &taken) {
                Ok(p) => p,
                Err(e) => return Ok(Err(e)),
            };
            store::update_phase(
                c,
                &st.keyring,
                &row,
                &PhaseFields {
                    phase: i32::try_from(p.phase).unwrap_or(i32::MAX),
                    starts_on: &p.starts_on.to_iso(),
                    scope: &p.scope,
                    note: p.note.as_deref(),
                },
                now,
            )?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::WorkingGroupPhaseUpdated)
                    .object("working_group_phase", &row.id)
                    .detail(format!("phase={}", p.phase)),
            )?;
            Ok(Ok(()))
        })
        .await
}

fn signal_fields<'a>(
    p: &'a rules::ParsedBoardSignal,
    sent: &'a str,
    answered: Option<&'a str>,
) -> BoardSignalFields<'a> {
    BoardSignalFields {
        sent_on: sent,
        subject: &p.subject,
        summary: &p.summary,
        addressee: &p.addressee,
        answer: p.answer.as_deref(),
        answered_on: answered,
    }
}

/// Records a signal passed to the city board.
pub async fn add_signal(
    state: &AppState,
    s: &CurrentSession,
    slug: Option<String>,
    form: SignalForm,
) -> AppResult<Result<String, FieldErrors>> {
    require(s, MANAGE)?;
    let today = today(state)?;
    let p = match rules::parse_board_signal(&form.input(), today) {
        Ok(p) => p,
        Err(e) => return Ok(Err(e)),
    };
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let group = find_group(c, &s.tenant_id, slug.as_deref())?;
            let sent = p.sent_on.to_iso();
            let answered = p.answered_on.map(|d| d.to_iso());
            let row = store::create_board_signal(
                c,
                &st.keyring,
                &s.tenant_id,
                &group.id,
                &signal_fields(&p, &sent, answered.as_deref()),
                s.user_id.as_str(),
                now,
            )?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::BoardSignalRecorded)
                    .object("board_signal", &row.id)
                    .detail(format!("answered={}", p.answered())),
            )?;
            Ok(Ok(row.id))
        })
        .await
}

/// One board signal; audited.
pub async fn open_signal(
    state: &AppState,
    s: &CurrentSession,
    id: String,
) -> AppResult<SignalView> {
    require(s, MANAGE)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let r = store::find_board_signal(c, &s.tenant_id, &id)?;
            let v = signal_view(c, st, r)?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::BoardSignalViewed).object("board_signal", &v.id),
            )?;
            Ok(v)
        })
        .await
}

/// Changes a board signal (typically: records the board's answer).
pub async fn update_signal(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    form: SignalForm,
) -> AppResult<Result<(), FieldErrors>> {
    require(s, MANAGE)?;
    let today = today(state)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let row = store::find_board_signal(c, &s.tenant_id, &id)?;
            let p = match rules::parse_board_signal(&form.input(), today) {
                Ok(p) => p,
                Err(e) => return Ok(Err(e)),
            };
            let sent = p.sent_on.to_iso();
            let answered = p.answered_on.map(|d| d.to_iso());
            store::update_board_signal(
                c,
                &st.keyring,
                &row,
                &signal_fields(&p, &sent, answered.as_deref()),
                now,
            )?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::BoardSignalUpdated)
                    .object("board_signal", &row.id)
                    .detail(format!("answered={}", p.answered())),
            )?;
            Ok(Ok(()))
        })
        .await
}

/// A missing working group is "not found" for the API.
pub fn required(o: Option<Overview>) -> AppResult<Overview> {
    o.ok_or_else(AppError::not_found)
}
