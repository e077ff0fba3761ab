//! Resilience workshops in the schools of the registry, shared by the pages
//! and the JSON API: the expert keeps them (policy `ManageWorkshops`); the
//! coverage per school year (policy `ViewWorkshopCoverage`: the expert and
//! the Stuurgroep) is counted from the plain columns only, without opening
//! any sealed field.

use std::collections::HashMap;

use verbind_domain::audit::AuditAction;
use verbind_domain::case::Date;
use verbind_domain::policy::PreventionAction;
use verbind_domain::prevention::coded::{Coded, parse_stored_set, set_code};
use verbind_domain::prevention::outreach::FieldErrors;
use verbind_domain::prevention::workshops::{
    self as rules, Coverage, SchoolYear, WorkshopFact, WorkshopInput, WorkshopStatus, WorkshopTopic,
};
use verbind_store::models::audit;
use verbind_store::models::workshop::{self as store, SchoolRow, WorkshopFields, WorkshopRow};
use verbind_store::{DbConn, StoreError};

use super::{entry, require, show_iso, today};
use crate::error::AppResult;
use crate::middleware::session::CurrentSession;
use crate::state::{AppState, Inner};

const MANAGE: PreventionAction = PreventionAction::ManageWorkshops;
const COVERAGE: PreventionAction = PreventionAction::ViewWorkshopCoverage;

/// A workshop as typed.
#[derive(Clone, Default)]
pub struct WorkshopForm {
    /// A school slug.
    pub school: String,
    /// `dd/mm/yyyy`.
    pub date: String,
    pub status: String,
    pub provider: String,
    pub classes: String,
    pub pupils: String,
    pub topics: Vec<String>,
    pub score: String,
    pub evaluation: String,
}

impl WorkshopForm {
    fn input(&self) -> WorkshopInput<'_> {
        WorkshopInput {
            school: &self.school,
            date: &self.date,
            status: &self.status,
            provider: &self.provider,
            classes: &self.classes,
            pupils: &self.pupils,
            topics: self.topics.iter().map(String::as_str).collect(),
            score: &self.score,
            evaluation: &self.evaluation,
        }
    }
}

/// A workshop as the expert sees it.
#[derive(Clone)]
pub struct WorkshopView {
    pub id: String,
    pub school: String,
    pub school_name: String,
    /// ISO date.
    pub date: String,
    pub status: String,
    pub provider: String,
    pub classes: Option<String>,
    pub pupils: Option<i32>,
    /// Topic codes, `a,b`.
    pub topics: String,
    pub score: Option<i32>,
    pub evaluation: Option<String>,
    pub updated_at: i64,
}

impl WorkshopView {
    pub fn form(&self) -> WorkshopForm {
        WorkshopForm {
            school: self.school.clone(),
            date: show_iso(&self.date),
            status: self.status.clone(),
            provider: self.provider.clone(),
            classes: self.classes.clone().unwrap_or_default(),
            pupils: self.pupils.map(|n| n.to_string()).unwrap_or_default(),
            topics: self
                .topics
                .split(',')
                .filter(|t| !t.is_empty())
                .map(str::to_owned)
                .collect(),
            score: self.score.map(|n| n.to_string()).unwrap_or_default(),
            evaluation: self.evaluation.clone().unwrap_or_default(),
        }
    }
}

/// A school of the registry.
#[derive(Debug, Clone)]
pub struct School {
    pub slug: String,
    pub name: String,
    pub network: Option<String>,
    pub has_second_grade: bool,
    pub first_wave_2022: bool,
}

impl From<SchoolRow> for School {
    fn from(r: SchoolRow) -> School {
        School {
            slug: r.slug,
            name: r.name,
            network: r.network,
            has_second_grade: r.has_second_grade,
            first_wave_2022: r.first_wave_2022,
        }
    }
}

/// Which workshops to list; every field narrows when set.
#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub year: Option<SchoolYear>,
    pub school: Option<String>,
    pub status: Option<String>,
}

/// The coverage with the schools' names.
#[derive(Debug, Clone)]
pub struct CoverageView {
    pub coverage: Coverage,
    /// By slug.
    pub schools: HashMap<String, School>,
}

fn view(
    c: &mut DbConn,
    st: &Inner,
    r: WorkshopRow,
    by_id: &HashMap<String, SchoolRow>,
) -> Result<WorkshopView, StoreError> {
    let t = store::open(c, &st.keyring, &r)?;
    let school = by_id.get(&r.school_id);
    Ok(WorkshopView {
        school: school.map(|s| s.slug.clone()).unwrap_or_default(),
        school_name: school.map(|s| s.name.clone()).unwrap_or_default(),
        id: r.id,
        date: r.held_on,
        status: r.status,
        provider: t.provider,
        classes: t.classes,
        pupils: r.pupils,
        topics: r.topics,
        score: r.evaluation_score,
        evaluation: t.evaluation,
        updated_at: r.updated_at,
    })
}

fn schools_by_id(
    c: &mut DbConn,
    s: &CurrentSession,
) -> Result<HashMap<String, SchoolRow>, StoreError> {
    Ok(store::schools(c, &s.tenant_id)?
        .into_iter()
        .map(|r| (r.id.clone(), r))
        .collect())
}

/// The school registry (for the forms and the coverage).
pub async fn schools(state: &AppState, s: &CurrentSession) -> AppResult<Vec<School>> {
    if !super::allowed(s, MANAGE) {
        require(s, COVERAGE)?;
    }
    let t = s.tenant_id.clone();
    state
        .read(move |c, _| {
            Ok(store::schools(c, &t)?
                .into_iter()
                .map(School::from)
                .collect())
        })
        .await
}

/// The workshops, filtered, latest first. Audited as one read.
pub async fn list(state: &AppState, s: &CurrentSession, f: Filter) -> AppResult<Vec<WorkshopView>> {
    require(s, MANAGE)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let by_id = schools_by_id(c, &s)?;
            let mut out = Vec::new();
            for r in store::list(c, &s.tenant_id)? {
                let year_ok = f
                    .year
                    .is_none_or(|y| Date::parse_iso(&r.held_on).is_ok_and(|d| y.contains(d)));
                let school_ok = f
                    .school
                    .as_ref()
                    .is_none_or(|slug| by_id.get(&r.school_id).is_some_and(|x| x.slug == *slug));
                let status_ok = f.status.as_ref().is_none_or(|x| *x == r.status);
                if year_ok && school_ok && status_ok {
                    out.push(view(c, st, r, &by_id)?);
                }
            }
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::WorkshopListViewed).detail(format!("count={}", out.len())),
            )?;
            Ok(out)
        })
        .await
}

/// One workshop; audited.
pub async fn open(state: &AppState, s: &CurrentSession, id: String) -> AppResult<WorkshopView> {
    require(s, MANAGE)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let by_id = schools_by_id(c, &s)?;
            let r = store::find(c, &s.tenant_id, &id)?;
            let v = view(c, st, r, &by_id)?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::WorkshopViewed).object("workshop", &v.id),
            )?;
            Ok(v)
        })
        .await
}

fn fields<'a>(
    p: &'a rules::ParsedWorkshop,
    school_id: &'a str,
    date: &'a str,
    topics: &'a str,
) -> WorkshopFields<'a> {
    WorkshopFields {
        school_id,
        held_on: date,
        status: p.status.code(),
        provider: &p.provider,
        classes: p.classes.as_deref(),
        pupils: p.pupils.and_then(|n| i32::try_from(n).ok()),
        topics,
        evaluation_score: p.score.map(i32::from),
        evaluation: p.evaluation.as_deref(),
    }
}

fn parse(
    c: &mut DbConn,
    s: &CurrentSession,
    form: &WorkshopForm,
    today: Date,
) -> Result<Result<(rules::ParsedWorkshop, String), FieldErrors>, StoreError> {
    let registry = store::schools(c, &s.tenant_id)?;
    let slugs: Vec<&str> = registry.iter().map(|r| r.slug.as_str()).collect();
    let p = match rules::parse_workshop(&form.input(), &slugs, today) {
        Ok(p) => p,
        Err(e) => return Ok(Err(e)),
    };
    let id = registry
        .iter()
        .find(|r| r.slug == p.school)
        .map(|r| r.id.clone())
        .ok_or(StoreError::NotFound)?;
    Ok(Ok((p, id)))
}

/// Plans or records a workshop.
pub async fn create(
    state: &AppState,
    s: &CurrentSession,
    form: WorkshopForm,
) -> AppResult<Result<String, FieldErrors>> {
    require(s, MANAGE)?;
    let today = today(state)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let (p, school_id) = match parse(c, &s, &form, today)? {
                Ok(x) => x,
                Err(e) => return Ok(Err(e)),
            };
            let date = p.date.to_iso();
            let topics = set_code(&p.topics);
            let row = store::create(
                c,
                &st.keyring,
                &s.tenant_id,
                &fields(&p, &school_id, &date, &topics),
                s.user_id.as_str(),
                now,
            )?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::WorkshopCreated)
                    .object("workshop", &row.id)
                    .detail(format!("school={} status={}", p.school, p.status.code())),
            )?;
            Ok(Ok(row.id))
        })
        .await
}

/// Changes a workshop (held, cancelled, evaluated, ...).
pub async fn update(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    form: WorkshopForm,
) -> AppResult<Result<(), FieldErrors>> {
    require(s, MANAGE)?;
    let today = today(state)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, st| {
            let row = store::find(c, &s.tenant_id, &id)?;
            let (p, school_id) = match parse(c, &s, &form, today)? {
                Ok(x) => x,
                Err(e) => return Ok(Err(e)),
            };
            let date = p.date.to_iso();
            let topics = set_code(&p.topics);
            store::update(
                c,
                &st.keyring,
                &row,
                &fields(&p, &school_id, &date, &topics),
                now,
            )?;
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::WorkshopUpdated)
                    .object("workshop", &row.id)
                    .detail(format!("school={} status={}", p.school, p.status.code())),
            )?;
            Ok(Ok(()))
        })
        .await
}

/// The coverage of a school year: no sealed field is opened. Audited.
pub async fn coverage(
    state: &AppState,
    s: &CurrentSession,
    year: SchoolYear,
) -> AppResult<CoverageView> {
    require(s, COVERAGE)?;
    let now = state.now_ms();
    let s = s.clone();
    state
        .write(move |c, _| {
            let registry = store::schools(c, &s.tenant_id)?;
            let slug_of: HashMap<&str, &str> = registry
                .iter()
                .map(|r| (r.id.as_str(), r.slug.as_str()))
                .collect();
            let facts: Vec<WorkshopFact> = store::list(c, &s.tenant_id)?
                .into_iter()
                .filter_map(|r| {
                    Some(WorkshopFact {
                        school: (*slug_of.get(r.school_id.as_str())?).to_owned(),
                        date: Date::parse_iso(&r.held_on).ok()?,
                        status: WorkshopStatus::parse(&r.status)?,
                        pupils: r.pupils.and_then(|n| u32::try_from(n).ok()),
                        topics: parse_stored_set::<WorkshopTopic>(&r.topics).unwrap_or_default(),
                    })
                })
                .collect();
            let slugs: Vec<&str> = registry.iter().map(|r| r.slug.as_str()).collect();
            let coverage = rules::coverage(&slugs, &facts, year);
            audit::append(
                c,
                now,
                &entry(&s, AuditAction::WorkshopCoverageViewed).detail(format!(
                    "school_year={} reached={} planned={} to_reach={}",
                    year.label(),
                    coverage.reached,
                    coverage.planned,
                    coverage.to_reach
                )),
            )?;
            Ok(CoverageView {
                coverage,
                schools: registry
                    .into_iter()
                    .map(|r| (r.slug.clone(), School::from(r)))
                    .collect(),
            })
        })
        .await
}

/// The school year running today.
pub fn this_school_year(state: &AppState) -> AppResult<SchoolYear> {
    Ok(SchoolYear::of(today(state)?))
}
