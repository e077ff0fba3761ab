//! The network of reference persons, shared by the pages and the JSON API:
//! list (with what training is due and how many signals each passed),
//! create, open and update. Every function asks the policy
//! (`ManageReferenceNetwork`) first and audits by id and code.

use std::collections::HashMap;

use verbind_domain::audit::AuditAction;
use verbind_domain::case::Date;
use verbind_domain::policy::PreventionAction;
use verbind_domain::prevention::coded::Coded;
use verbind_domain::prevention::network::{
    self as rules, FieldErrors, Participation, PersonInput, TrainingDue,
};
use verbind_domain::prevention::training::{Attendance, TrainingKind};
use verbind_domain::{Role, TenantId};
use verbind_store::models::network::{self as store, PersonFields, PersonRow};
use verbind_store::models::signal::{self as signals, SignalFilter};
use verbind_store::models::training as trainings;
use verbind_store::models::{audit, user};
use verbind_store::{DbConn, StoreError};

use super::tensions::SignalRef;
use super::{entry, require, today};
use crate::error::AppResult;
use crate::middleware::session::CurrentSession;
use crate::state::{AppState, Inner};

const MANAGE: PreventionAction = PreventionAction::ManageReferenceNetwork;

/// A reference person as typed (page or API).
#[derive(Clone, Default)]
pub struct PersonForm {
    pub name: String,
    pub organisation: String,
    pub life_domain: String,
    pub email: String,
    pub phone: String,
    /// An account id (reference-person role), or empty.
    pub account: String,
    pub active: bool,
    /// `dd/mm/yyyy` or empty.
    pub since: String,
}

/// Which persons to list; every field narrows when set.
#[derive(Debug, Clone, Default)]
pub struct PersonFilter {
    pub life_domain: Option<String>,
    pub active: Option<bool>,
    /// Only those with a training due.
    pub due_only: bool,
    /// Words in the name or organisation (searched after decryption).
    pub query: Option<String>,
}

/// A training a person took part in.
#[derive(Debug, Clone)]
pub struct FollowedTraining {
    pub training_id: String,
    pub kind: String,
    /// ISO date.
    pub date: String,
    pub attendance: String,
}

/// A person with what the expert sees of them.
#[derive(Clone)]
pub struct PersonView {
    pub id: String,
    pub name: String,
    pub organisation: String,
    pub life_domain: String,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub account: Option<String>,
    /// The linked account's label (display name and username).
    pub account_label: Option<String>,
    pub active: bool,
    /// ISO date.
    pub since: Option<String>,
    pub due: TrainingDue,
    /// Signals passed with the linked account; `None` without an account.
    pub signals_passed: Option<i64>,
    /// The signals passed, by their codes, newest first (their text stays
    /// with the signal). Filled when one person is opened, empty in a list.
    pub passed_signals: Vec<SignalRef>,
    /// Oldest first.
    pub trainings: Vec<FollowedTraining>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl std::fmt::Debug for PersonView {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PersonView")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl PersonView {
    /// The form filled with this person (for editing).
    pub fn form(&self) -> PersonForm {
        PersonForm {
            name: self.name.clone(),
            organisation: self.organisation.clone(),
            life_domain: self.life_domain.clone(),
            email: self.email.clone().unwrap_or_default(),
            phone: self.phone.clone().unwrap_or_default(),
            account: self.account.clone().unwrap_or_default(),
            active: self.active,
            since: self
                .since
                .as_deref()
                .map(super::show_iso)
                .unwrap_or_default(),
        }
    }
}

/// The accounts with the reference-person role that a person can be linked
/// to: (id, "display name (username)"), by label. Disabled accounts are left out.
pub(crate) fn reference_accounts(
    c: &mut DbConn,
    st: &Inner,
    t: &TenantId,
) -> Result<Vec<(String, String)>, StoreError> {
    let mut out = Vec::new();
    for u in user::list(c, t)? {
        if u.role != Role::Reference.code() || u.disabled_at.is_some() {
            continue;
        }
        let d = user::details(c, &st.keyring, &u)?;
        out.push((u.id.clone(), format!("{} ({})", d.display_name, u.username)));
    }
    out.sort_by(|a, b| a.1.cmp(&b.1));
    Ok(out)
}

/// The accounts a person can be linked to, for the form.
pub async fn account_options(
    state: &AppState,
    s: &CurrentSession,
) -> AppResult<Vec<(String, String)>> {
    require(s, MANAGE)?;
    let t = s.tenant_id.clone();
    state.read(move |c, st| reference_accounts(c, st, &t)).await
}

/// Every participation in the tenant, per person.
fn participations_by_person(
    c: &mut DbConn,
    t: &TenantId,
) -> Result<HashMap<String, Vec<FollowedTraining>>, StoreError> {
    let mut map: HashMap<String, Vec<FollowedTraining>> = HashMap::new();
    for p in trainings::participations(c, t)? {
        map.entry(p.reference_person_id)
            .or_default()
            .push(FollowedTraining {
                training_id: p.training_id,
                kind: p.kind,
                date: p.held_on,
                attendance: p.status,
            });
    }
    Ok(map)
}

/// The due rule over what a person followed.
pub fn due(active: bool, followed: &[FollowedTraining], today: Date) -> TrainingDue {
    let parts: Vec<Participation> = followed
        .iter()
        .filter_map(|f| {
            Some(Participation {
                kind: TrainingKind::parse(&f.kind)?,
                date: Date::parse_iso(&f.date).ok()?,
                attendance: Attendance::parse(&f.attendance)?,
            })
        })
        .collect();
    rules::training_due(active, &parts, today)
}

#[allow(clippy::too_many_arguments)]
fn view(
    c: &mut DbConn,
    st: &Inner,
    row: PersonRow,
    followed: Vec<FollowedTraining>,
    signal_counts: &HashMap<String, i64>,
    accounts: &[(String, String)],
    today: Date,
) -> Result<PersonView, StoreError> {
    let d = store::open(c, &st.keyring, &row)?;
    Ok(PersonView {
        due: due(row.active, &followed, today),
        signals_passed: row
            .user_id
            .as_ref()
            .map(|u| signal_counts.get(u).copied().unwrap_or(0)),
        account_label: row.user_id.as_ref().and_then(|u| {
            accounts
                .iter()
                .find(|(id, _)| id == u)
                .map(|(_, l)| l.clone())
        }),
        id: row.id,
        name: d.name,
        organisation: d.organisation,
        life_domain: row.life_domain,
        email: d.email,
        phone: d.phone,
        account: row.user_id,
        active: row.active,
        since: row.member_since,
        passed_signals: Vec::new(),
        trainings: followed,
        created_at: row.created_at,
        updated_at: row.updated_at,
    })
}

/// The network, filtered, by name. Audited as one read of the list.
pub async fn list(
    state: &AppState,
    s: &CurrentSession,
    filter: PersonFilter,
) -> AppResult<Vec<PersonView>> {
    require(s, MANAGE)?;
    let today = today(state)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let mut followed = participations_by_person(c, &s.tenant_id)?;
            let counts: HashMap<String, i64> = store::signals_passed(c, &s.tenant_id)?
                .into_iter()
                .collect();
            let accounts = reference_accounts(c, st, &s.tenant_id)?;
            let query = filter
                .query
                .as_deref()
                .map(|q| q.trim().to_lowercase())
                .filter(|q| !q.is_empty());
            let mut out = Vec::new();
            for r in store::list(c, &s.tenant_id)? {
                if filter
                    .life_domain
                    .as_ref()
                    .is_some_and(|d| *d != r.life_domain)
                    || filter.active.is_some_and(|a| a != r.active)
                {
                    continue;
                }
                let f = followed.remove(&r.id).unwrap_or_default();
                let v = view(c, st, r, f, &counts, &accounts, today)?;
                if filter.due_only && !v.due.is_due() {
                    continue;
                }
                if let Some(q) = &query
                    && !v.name.to_lowercase().contains(q)
                    && !v.organisation.to_lowercase().contains(q)
                {
                    continue;
                }
                out.push(v);
            }
            out.sort_by_key(|v| v.name.to_lowercase());
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::ReferencePersonListViewed)
                    .detail(format!("count={}", out.len())),
            )?;
            Ok(out)
        })
        .await
}

/// Opens one person; audited.
pub async fn open(state: &AppState, s: &CurrentSession, id: String) -> AppResult<PersonView> {
    require(s, MANAGE)?;
    let today = today(state)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let row = store::find(c, &s.tenant_id, &id)?;
            let followed = participations_by_person(c, &s.tenant_id)?
                .remove(&row.id)
                .unwrap_or_default();
            let counts: HashMap<String, i64> = store::signals_passed(c, &s.tenant_id)?
                .into_iter()
                .collect();
            let accounts = reference_accounts(c, st, &s.tenant_id)?;
            // The signals a person passed are those of their linked account;
            // codes and dates only, for whoever reads every signal.
            let passed_signals = match &row.user_id {
                Some(u) if crate::signals::service::may_see_all(&s) => signals::list(
                    c,
                    &s.tenant_id,
                    &SignalFilter {
                        author_user_id: Some(u.clone()),
                        ..SignalFilter::default()
                    },
                )?
                .iter()
                .map(SignalRef::from)
                .collect(),
                _ => Vec::new(),
            };
            let mut v = view(c, st, row, followed, &counts, &accounts, today)?;
            v.passed_signals = passed_signals;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::ReferencePersonViewed).object("reference_person", &v.id),
            )?;
            Ok(v)
        })
        .await
}

fn fields<'a>(p: &'a rules::ParsedPerson, since: &'a Option<String>) -> PersonFields<'a> {
    PersonFields {
        name: &p.name,
        organisation: &p.organisation,
        life_domain: p.life_domain.code(),
        email: p.email.as_deref(),
        phone: p.phone.as_deref(),
        user_id: p.account.as_deref(),
        active: p.active,
        member_since: since.as_deref(),
    }
}

fn parse(
    c: &mut DbConn,
    st: &Inner,
    s: &CurrentSession,
    form: &PersonForm,
    today: Date,
) -> Result<Result<rules::ParsedPerson, FieldErrors>, StoreError> {
    let accounts: Vec<String> = reference_accounts(c, st, &s.tenant_id)?
        .into_iter()
        .map(|(id, _)| id)
        .collect();
    let input = PersonInput {
        name: &form.name,
        organisation: &form.organisation,
        life_domain: &form.life_domain,
        email: &form.email,
        phone: &form.phone,
        account: &form.account,
        active: form.active,
        since: &form.since,
    };
    Ok(rules::parse_person(&input, &accounts, today))
}

/// Adds a person to the network; their id, or the refused fields.
pub async fn create(
    state: &AppState,
    s: &CurrentSession,
    form: PersonForm,
) -> AppResult<Result<String, FieldErrors>> {
    require(s, MANAGE)?;
    let today = today(state)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let p = match parse(c, st, &s, &form, today)? {
                Ok(p) => p,
                Err(e) => return Ok(Err(e)),
            };
            let since = p.since.map(|d| d.to_iso());
            let row = store::create(c, &st.keyring, &s.tenant_id, &fields(&p, &since), now)?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::ReferencePersonCreated)
                    .object("reference_person", &row.id)
                    .detail(format!(
                        "life_domain={} active={} linked={}",
                        p.life_domain.code(),
                        p.active,
                        p.account.is_some()
                    )),
            )?;
            Ok(Ok(row.id))
        })
        .await
}

/// Changes a person's record.
pub async fn update(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    form: PersonForm,
) -> AppResult<Result<(), FieldErrors>> {
    require(s, MANAGE)?;
    let today = today(state)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let row = store::find(c, &s.tenant_id, &id)?;
            let p = match parse(c, st, &s, &form, today)? {
                Ok(p) => p,
                Err(e) => return Ok(Err(e)),
            };
            let since = p.since.map(|d| d.to_iso());
            store::update(c, &st.keyring, &row, &fields(&p, &since), now)?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::ReferencePersonUpdated)
                    .object("reference_person", &row.id)
                    .detail(format!(
                        "life_domain={} active={} linked={}",
                        p.life_domain.code(),
                        p.active,
                        p.account.is_some()
                    )),
            )?;
            Ok(Ok(()))
        })
        .await
}
