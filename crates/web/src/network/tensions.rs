//! The register of social tensions (maatschappelijke spanningen), shared by
//! the pages and the JSON API: list, create, open, update, the Brandsma
//! analysis, severity over time, actions and linked signals. Every function
//! asks the policy (`ManageTensions`) first and audits by id and code.

use std::collections::HashMap;

use verbind_domain::audit::AuditAction;
use verbind_domain::case::Date;
use verbind_domain::policy::PreventionAction;
use verbind_domain::prevention::coded::Coded;
use verbind_domain::prevention::network::FieldErrors;
use verbind_domain::prevention::signal::{self as rules_signal, LifeDomain, Severity};
use verbind_domain::prevention::tension::{
    self as rules, ActionInput, ActionKind, AnalysisField, SeverityInput, TensionInput,
    TensionStatus,
};
use verbind_domain::prevention::theme::Theme;
use verbind_store::models::signal::{self as signals, SignalFilter, SignalRow};
use verbind_store::models::tension::{self as store, NewAction, NewSeverity, TensionFields};
use verbind_store::models::{audit, tenant};
use verbind_store::{DbConn, StoreError};

use super::{entry, require, today};
use crate::error::AppResult;
use crate::middleware::session::CurrentSession;
use crate::state::AppState;

const MANAGE: PreventionAction = PreventionAction::ManageTensions;

/// The most signals offered for linking (newest first).
pub const SIGNAL_OPTIONS: i64 = 200;

/// A tension as typed (page or API).
#[derive(Clone, Default)]
pub struct TensionForm {
    pub title: String,
    pub description: String,
    pub groups: String,
    pub district: String,
    /// `dd/mm/yyyy`.
    pub noted_on: String,
    pub status: String,
    /// The writer confirms that no one is recognisable in what looks like a
    /// name (an e-mail address or a number is refused all the same).
    pub confirm_no_person: bool,
}

impl TensionForm {
    fn input(&self) -> TensionInput<'_> {
        TensionInput {
            title: &self.title,
            description: &self.description,
            groups: &self.groups,
            district: &self.district,
            noted_on: &self.noted_on,
            status: &self.status,
            confirm_no_person: self.confirm_no_person,
        }
    }

    /// Whether the description or the groups look like they name someone,
    /// so that the form offers the confirmation before it is refused.
    pub fn looks_name_like(&self) -> bool {
        looks_name_like(&self.description) || looks_name_like(&self.groups)
    }
}

/// Whether `text` holds a hint that the writer may confirm away (a name, an
/// `@handle`), the rule of `verbind_domain::prevention::signal::check_person`.
pub fn looks_name_like(text: &str) -> bool {
    rules_signal::description_hints(text)
        .iter()
        .any(|h| !h.is_personal_detail())
}

/// A dated severity as typed.
#[derive(Clone, Default)]
pub struct SeverityForm {
    pub date: String,
    pub severity: String,
    pub note: String,
}

/// An action as typed.
#[derive(Clone, Default)]
pub struct ActionForm {
    pub date: String,
    pub kind: String,
    pub description: String,
    pub result: String,
}

/// Which tensions to list; every field narrows when set.
#[derive(Debug, Clone, Default)]
pub struct TensionFilter {
    pub status: Option<String>,
    pub district: Option<String>,
    /// Words in the title (searched after decryption, in memory).
    pub query: Option<String>,
}

/// A line of the register.
#[derive(Clone)]
pub struct TensionSummary {
    pub id: String,
    pub title: String,
    pub district: Option<String>,
    /// ISO date.
    pub noted_on: String,
    pub status: String,
    pub current_severity: Option<Severity>,
    pub signal_count: i64,
    pub updated_at: i64,
}

/// A signal linked to a tension, by its codes (never its description).
#[derive(Debug, Clone)]
pub struct SignalRef {
    pub id: String,
    pub theme: String,
    pub life_domain: String,
    pub district: Option<String>,
    /// ISO date.
    pub observed_on: String,
    pub severity: String,
}

impl From<&SignalRow> for SignalRef {
    fn from(r: &SignalRow) -> Self {
        SignalRef {
            id: r.id.clone(),
            theme: r.theme.clone(),
            life_domain: r.life_domain.clone(),
            district: r.district_slug.clone(),
            observed_on: r.observed_on.clone(),
            severity: r.severity.clone(),
        }
    }
}

/// A severity entry.
#[derive(Clone)]
pub struct SeverityEntry {
    /// ISO date.
    pub date: String,
    pub severity: String,
    pub note: Option<String>,
    pub recorded_at: i64,
}

/// An action taken.
#[derive(Clone)]
pub struct ActionEntry {
    pub id: String,
    /// ISO date.
    pub date: String,
    pub kind: String,
    pub description: String,
    pub result: Option<String>,
    pub recorded_at: i64,
}

/// A tension with everything the expert sees.
#[derive(Clone)]
pub struct TensionDetail {
    pub id: String,
    pub title: String,
    pub description: String,
    pub groups: String,
    pub district: Option<String>,
    /// ISO date.
    pub noted_on: String,
    pub status: String,
    /// The filled fields of the Brandsma analysis, in the model's order.
    pub analysis: Vec<(AnalysisField, String)>,
    pub analysed_at: Option<i64>,
    /// Oldest first.
    pub severities: Vec<SeverityEntry>,
    pub current_severity: Option<Severity>,
    pub actions: Vec<ActionEntry>,
    pub signals: Vec<SignalRef>,
    pub created_at: i64,
    pub updated_at: i64,
}

impl std::fmt::Debug for TensionDetail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TensionDetail")
            .field("id", &self.id)
            .finish_non_exhaustive()
    }
}

impl TensionDetail {
    /// The form filled with this tension (for editing).
    pub fn form(&self) -> TensionForm {
        TensionForm {
            title: self.title.clone(),
            description: self.description.clone(),
            groups: self.groups.clone(),
            district: self.district.clone().unwrap_or_default(),
            noted_on: super::show_iso(&self.noted_on),
            status: self.status.clone(),
            confirm_no_person: false,
        }
    }

    /// The text of one analysis field, or "".
    pub fn analysis_text(&self, field: AnalysisField) -> &str {
        self.analysis
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, t)| t.as_str())
            .unwrap_or("")
    }
}

/// The districts of the tenant's profile, (slug, name).
pub async fn districts(state: &AppState, s: &CurrentSession) -> AppResult<Vec<(String, String)>> {
    require(s, MANAGE)?;
    let t = s.tenant_id.clone();
    state.read(move |c, _| tenant::districts(c, &t)).await
}

fn current_by_tension(
    all: Vec<(String, String, i64, String)>,
) -> HashMap<String, Option<Severity>> {
    let mut grouped: HashMap<String, Vec<(Date, i64, Severity)>> = HashMap::new();
    for (tension, on, at, sev) in all {
        if let (Ok(d), Some(sev)) = (Date::parse_iso(&on), Severity::parse(&sev)) {
            grouped.entry(tension).or_default().push((d, at, sev));
        }
    }
    grouped
        .into_iter()
        .map(|(k, v)| (k, rules::current_severity(&v)))
        .collect()
}

/// The register, filtered. Audited as one read of the list.
pub async fn list(
    state: &AppState,
    s: &CurrentSession,
    filter: TensionFilter,
) -> AppResult<Vec<TensionSummary>> {
    require(s, MANAGE)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let current = current_by_tension(store::all_severities(c, &s.tenant_id)?);
            let counts: HashMap<String, i64> =
                store::signal_counts(c, &s.tenant_id)?.into_iter().collect();
            let query = filter
                .query
                .as_deref()
                .map(|q| q.trim().to_lowercase())
                .filter(|q| !q.is_empty());
            let mut out = Vec::new();
            for r in store::list(c, &s.tenant_id)? {
                if filter.status.as_ref().is_some_and(|x| *x != r.status)
                    || filter
                        .district
                        .as_ref()
                        .is_some_and(|x| Some(x) != r.district_slug.as_ref())
                {
                    continue;
                }
                let title = store::title(c, &st.keyring, &r)?;
                if let Some(q) = &query
                    && !title.to_lowercase().contains(q)
                {
                    continue;
                }
                out.push(TensionSummary {
                    current_severity: current.get(&r.id).copied().flatten(),
                    signal_count: counts.get(&r.id).copied().unwrap_or(0),
                    id: r.id,
                    title,
                    district: r.district_slug,
                    noted_on: r.noted_on,
                    status: r.status,
                    updated_at: r.updated_at,
                });
            }
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::TensionListViewed).detail(format!("count={}", out.len())),
            )?;
            Ok(out)
        })
        .await
}

fn district_slugs(c: &mut DbConn, s: &CurrentSession) -> Result<Vec<String>, StoreError> {
    Ok(tenant::districts(c, &s.tenant_id)?
        .into_iter()
        .map(|(slug, _)| slug)
        .collect())
}

/// Registers a tension; its id, or the refused fields.
pub async fn create(
    state: &AppState,
    s: &CurrentSession,
    form: TensionForm,
) -> AppResult<Result<String, FieldErrors>> {
    require(s, MANAGE)?;
    let today = today(state)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let districts = district_slugs(c, &s)?;
            let p = match rules::parse_tension(&form.input(), &districts, today) {
                Ok(p) => p,
                Err(e) => return Ok(Err(e)),
            };
            let row = store::create(
                c,
                &st.keyring,
                &s.tenant_id,
                &TensionFields {
                    title: &p.title,
                    description: &p.description,
                    groups: &p.groups,
                    district_slug: p.district.as_deref(),
                    noted_on: &p.noted_on.to_iso(),
                    status: p.status.code(),
                },
                s.user_id.as_str(),
                now,
            )?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::TensionCreated)
                    .object("tension", &row.id)
                    .detail(format!("status={}", p.status.code())),
            )?;
            Ok(Ok(row.id))
        })
        .await
}

/// Changes a tension's title, description, groups, district, date or status.
pub async fn update(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    form: TensionForm,
) -> AppResult<Result<(), FieldErrors>> {
    require(s, MANAGE)?;
    let today = today(state)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let row = store::find(c, &s.tenant_id, &id)?;
            let districts = district_slugs(c, &s)?;
            let p = match rules::parse_tension(&form.input(), &districts, today) {
                Ok(p) => p,
                Err(e) => return Ok(Err(e)),
            };
            store::update(
                c,
                &st.keyring,
                &row,
                &TensionFields {
                    title: &p.title,
                    description: &p.description,
                    groups: &p.groups,
                    district_slug: p.district.as_deref(),
                    noted_on: &p.noted_on.to_iso(),
                    status: p.status.code(),
                },
                now,
            )?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::TensionUpdated)
                    .object("tension", &row.id)
                    .detail(format!("status={}", p.status.code())),
            )?;
            Ok(Ok(()))
        })
        .await
}

/// Opens a tension with everything in it; audited.
pub async fn open(state: &AppState, s: &CurrentSession, id: String) -> AppResult<TensionDetail> {
    require(s, MANAGE)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let row = store::find(c, &s.tenant_id, &id)?;
            let text = store::open(c, &st.keyring, &row)?;
            let analysis = store::analysis(c, &st.keyring, &row)?
                .into_iter()
                .filter_map(|(code, t)| AnalysisField::parse(code).map(|f| (f, t)))
                .collect();
            let severities: Vec<SeverityEntry> = store::severities(c, &st.keyring, &row)?
                .into_iter()
                .map(|(r, note)| SeverityEntry {
                    date: r.observed_on,
                    severity: r.severity,
                    note,
                    recorded_at: r.created_at,
                })
                .collect();
            let current_severity = rules::current_severity(
                &severities
                    .iter()
                    .filter_map(|e| {
                        Some((
                            Date::parse_iso(&e.date).ok()?,
                            e.recorded_at,
                            Severity::parse(&e.severity)?,
                        ))
                    })
                    .collect::<Vec<_>>(),
            );
            let actions = store::actions(c, &st.keyring, &row)?
                .into_iter()
                .map(|(r, description, result)| ActionEntry {
                    id: r.id,
                    date: r.taken_on,
                    kind: r.kind,
                    description,
                    result,
                    recorded_at: r.created_at,
                })
                .collect();
            let signals = store::linked_signals(c, &row)?
                .iter()
                .map(SignalRef::from)
                .collect();
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::TensionViewed).object("tension", &row.id),
            )?;
            Ok(TensionDetail {
                id: row.id,
                title: text.title,
                description: text.description,
                groups: text.groups,
                district: row.district_slug,
                noted_on: row.noted_on,
                status: row.status,
                analysis,
                analysed_at: row.analysed_at,
                severities,
                current_severity,
                actions,
                signals,
                created_at: row.created_at,
                updated_at: row.updated_at,
            })
        })
        .await
}

/// Replaces the Brandsma analysis: (field code, text) pairs; a field not
/// given or empty is cleared; `confirmed`: the writer confirms no one is
/// recognisable in what looks like a name. Audited with the codes of the
/// fields filled.
pub async fn analyse(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    values: Vec<(String, String)>,
    confirmed: bool,
) -> AppResult<Result<(), FieldErrors>> {
    require(s, MANAGE)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let row = store::find(c, &s.tenant_id, &id)?;
            let pairs: Vec<(&str, &str)> = values
                .iter()
                .map(|(k, v)| (k.as_str(), v.as_str()))
                .collect();
            let a = match rules::parse_analysis(&pairs, confirmed) {
                Ok(a) => a,
                Err(e) => return Ok(Err(e)),
            };
            let fields: Vec<(&str, &str)> = a
                .fields
                .iter()
                .map(|(f, t)| (f.code(), t.as_str()))
                .collect();
            store::set_analysis(c, &st.keyring, &row, &fields, now)?;
            let codes: Vec<&str> = fields.iter().map(|(f, _)| *f).collect();
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::TensionAnalysed)
                    .object("tension", &row.id)
                    .detail(format!("fields={}", codes.join(","))),
            )?;
            Ok(Ok(()))
        })
        .await
}

/// Records the severity of a tension on a date.
pub async fn add_severity(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    form: SeverityForm,
) -> AppResult<Result<(), FieldErrors>> {
    require(s, MANAGE)?;
    let today = today(state)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let row = store::find(c, &s.tenant_id, &id)?;
            let input = SeverityInput {
                date: &form.date,
                severity: &form.severity,
                note: &form.note,
            };
            let p = match rules::parse_severity(&input, today) {
                Ok(p) => p,
                Err(e) => return Ok(Err(e)),
            };
            let entry_row = store::add_severity(
                c,
                &st.keyring,
                &row,
                &NewSeverity {
                    observed_on: &p.date.to_iso(),
                    severity: p.severity.code(),
                    note: p.note.as_deref(),
                    by_user: s.user_id.as_str(),
                },
                now,
            )?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::TensionSeverityRecorded)
                    .object("tension", &row.id)
                    .detail(format!(
                        "entry={} severity={}",
                        entry_row.id,
                        p.severity.code()
                    )),
            )?;
            Ok(Ok(()))
        })
        .await
}

/// Records an action taken about a tension; its id.
pub async fn add_action(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    form: ActionForm,
) -> AppResult<Result<String, FieldErrors>> {
    require(s, MANAGE)?;
    let today = today(state)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let row = store::find(c, &s.tenant_id, &id)?;
            let input = ActionInput {
                date: &form.date,
                kind: &form.kind,
                description: &form.description,
                result: &form.result,
            };
            let p = match rules::parse_action(&input, today) {
                Ok(p) => p,
                Err(e) => return Ok(Err(e)),
            };
            let a = store::add_action(
                c,
                &st.keyring,
                &row,
                &NewAction {
                    taken_on: &p.date.to_iso(),
                    kind: p.kind.code(),
                    description: &p.description,
                    result: p.result.as_deref(),
                    by_user: s.user_id.as_str(),
                },
                now,
            )?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::TensionActionRecorded)
                    .object("tension", &row.id)
                    .detail(format!("action={} kind={}", a.id, p.kind.code())),
            )?;
            Ok(Ok(a.id))
        })
        .await
}

/// Replaces the signals linked to a tension. Each must be a signal of the
/// tenant; another tenant's id is refused like an unknown one.
pub async fn link_signals(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    signal_ids: Vec<String>,
) -> AppResult<Result<(), FieldErrors>> {
    require(s, MANAGE)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, _| {
            let row = store::find(c, &s.tenant_id, &id)?;
            let mut known = Vec::new();
            for sid in &signal_ids {
                match signals::find(c, &s.tenant_id, sid.trim()) {
                    Ok(r) => known.push(r.id),
                    Err(StoreError::NotFound) => {}
                    Err(e) => return Err(e),
                }
            }
            let ids: Vec<&str> = signal_ids.iter().map(String::as_str).collect();
            let linked = match rules::parse_signal_links(&ids, &known) {
                Ok(l) => l,
                Err(e) => return Ok(Err(e)),
            };
            store::set_signals(c, &row, &linked, s.user_id.as_str(), now)?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::TensionSignalsLinked)
                    .object("tension", &row.id)
                    .detail(format!("signals={}", linked.join(","))),
            )?;
            Ok(Ok(()))
        })
        .await
}

/// The tenant's latest signals, by their codes, to link a tension to.
pub async fn signal_options(state: &AppState, s: &CurrentSession) -> AppResult<Vec<SignalRef>> {
    require(s, MANAGE)?;
    let t = s.tenant_id.clone();
    state
        .read(move |c, _| {
            Ok(signals::list(
                c,
                &t,
                &SignalFilter {
                    limit: SIGNAL_OPTIONS,
                    ..SignalFilter::default()
                },
            )?
            .iter()
            .map(SignalRef::from)
            .collect())
        })
        .await
}

/// Labels a signal reference: `12/11/2026 · Polarisering · Onderwijs · Hoog`.
pub fn signal_label(tr: crate::i18n::Tr, r: &SignalRef) -> String {
    [
        super::show_iso(&r.observed_on),
        super::label::<Theme>(tr, "theme", &r.theme),
        super::label::<LifeDomain>(tr, "signal-domain", &r.life_domain),
        super::label::<Severity>(tr, "signal-severity", &r.severity),
    ]
    .join(" · ")
}

/// The status label key prefix and the kinds, for the pages.
pub fn status_label(tr: crate::i18n::Tr, code: &str) -> String {
    super::label::<TensionStatus>(tr, "tension-status", code)
}

pub fn action_label(tr: crate::i18n::Tr, code: &str) -> String {
    super::label::<ActionKind>(tr, "tension-action-kind", code)
}
