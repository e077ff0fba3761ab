//! The assessment page (`/casussen/{id}/beoordeling`): the table's findings
//! along the risk domains of the terugkoppelingsfiche, citing information items
//! only with their owner's consent, the conclusions (radicalisation? security
//! risk? yes / no / unclear) and, when information is missing, what, who gets
//! it and by when (plan 2.4.2-2.4.3).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use verbind_domain::OrganisationId;
use verbind_domain::audit::AuditAction;
use verbind_domain::case::Date;
use verbind_domain::case::ethics::{RiskDomain, Step, may_use_in_step};
use verbind_domain::case::work::CaseWork;
use verbind_domain::policy::{CaseAction, decide_case};
use verbind_store::models::assessment::{self as assessments, NewAssessment};
use verbind_store::models::item as items;
use verbind_store::models::{audit, organisation};

use super::items::facts;
use super::service::{authorised_case, refuse, refuse_any, work_allowed};
use crate::error::AppResult;
use crate::i18n::{Tr, format_datetime};
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::Page;

const DOMAINS: [&str; 5] = [
    "overtuigingen",
    "sociale_context",
    "intentie",
    "psychische_stoornissen",
    "bijkomende_informatie",
];
const CONCLUSIONS: [&str; 3] = ["yes", "no", "unclear"];

pub struct AssessmentBox {
    pub at: String,
    pub findings: Vec<(String, String)>,
    pub cited: usize,
    pub radicalisation: String,
    pub security_risk: String,
    pub missing: Option<(String, String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "cases/assessment.html")]
pub struct AssessmentPage {
    pub page: Page,
    pub id: String,
    pub code: String,
    pub list: Vec<AssessmentBox>,
    pub may_assess: bool,
    /// (item id, label) of items that may be cited (owner's consent, not withdrawn).
    pub citable: Vec<(String, String)>,
    pub table_orgs: Vec<(String, String)>,
    /// (risk domain code, label, the finding typed before a refusal).
    pub domains: Vec<(&'static str, String, String)>,
    pub error: Option<String>,
    /// What was typed, kept when the form is refused.
    pub form: AssessmentForm,
}

/// What was found missing at an assessment: what, which organisation gets
/// it and by when.
#[derive(Debug, Clone)]
pub struct MissingInformation {
    pub what: String,
    pub organisation_id: String,
    /// The organisation's name.
    pub organisation: String,
    pub due: Option<Date>,
}

/// One recorded assessment, before translation (the page and the JSON API).
#[derive(Debug, Clone)]
pub struct AssessmentRecord {
    /// Milliseconds since the epoch.
    pub at: i64,
    /// (risk domain code, finding).
    pub findings: Vec<(String, String)>,
    /// How many items were cited; which ones is not shown.
    pub cited: usize,
    /// `yes`, `no` or `unclear`.
    pub radicalisation: String,
    /// `yes`, `no` or `unclear`.
    pub security_risk: String,
    pub missing: Option<MissingInformation>,
}

/// The assessments of a case as this viewer may see them.
#[derive(Debug, Clone)]
pub struct AssessmentView {
    pub code: String,
    pub list: Vec<AssessmentRecord>,
    /// This user records assessments (the expert).
    pub may_assess: bool,
    /// (item id, label) of items that may be cited; empty unless `may_assess`.
    pub citable: Vec<(String, String)>,
    /// (id, name) of every organisation of the LIVC-R, by name: who may get
    /// missing information.
    pub organisations: Vec<(String, String)>,
}

/// Loads the assessments of a case for anyone who may open it.
pub async fn load(state: &AppState, s: &CurrentSession, id: String) -> AppResult<AssessmentView> {
    let now = state.now_ms();
    let s2 = s.clone();
    // A write: a refusal is audited.
    state
        .write(move |c, st| {
            let (case, ctx) = match authorised_case(c, &s2, &id, CaseAction::Open, now)? {
                Ok(found) => found,
                Err(d) => return Ok(Err(d)),
            };
            super::service::audit_case_read(c, &s2, &case, "assessment", now)?;
            let may_assess =
                decide_case(&s2.actor(), &case.tenant(), CaseAction::Step, &ctx).is_allowed();
            let names: HashMap<String, String> = organisation::list(c, &s2.tenant_id)?
                .into_iter()
                .map(|o| (o.id, o.name))
                .collect();
            let mut list = Vec::new();
            for a in assessments::list(c, &s2.tenant_id, &case.id)? {
                let (findings, missing) = assessments::texts(c, &st.keyring, &case, &a)?;
                list.push(AssessmentRecord {
                    at: a.created_at,
                    findings,
                    cited: a.cited_items.split(',').filter(|x| !x.is_empty()).count(),
                    radicalisation: a.radicalisation.clone(),
                    security_risk: a.security_risk.clone(),
                    missing: missing.map(|what| MissingInformation {
                        what,
                        organisation_id: a.missing_by_org_id.clone().unwrap_or_default(),
                        organisation: a
                            .missing_by_org_id
                            .as_ref()
                            .and_then(|o| names.get(o).cloned())
                            .unwrap_or_default(),
                        due: a
                            .missing_due
                            .as_deref()
                            .and_then(|d| Date::parse_iso(d).ok()),
                    }),
                });
            }
            let mut citable = Vec::new();
            if may_assess {
                for (n, i) in items::list(c, &s2.tenant_id, &case.id)?
                    .into_iter()
                    .enumerate()
                {
                    if may_use_in_step(&facts(&i), Step::Assessment).is_ok() {
                        let domain = RiskDomain::parse(&i.risk_domain)
                            .map(|d| d.code())
                            .unwrap_or("bijkomende_informatie");
                        citable.push((i.id.clone(), format!("#{} · {}", n + 1, domain)));
                    }
                }
            }
            let mut organisations: Vec<(String, String)> = names.into_iter().collect();
            organisations.sort_by(|a, b| a.1.cmp(&b.1));
            Ok(Ok(AssessmentView {
                code: case.code,
                list,
                may_assess,
                citable,
                organisations,
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
    form: AssessmentForm,
) -> AppResult<Response> {
    let v = load(state, s, id.clone()).await?;
    let label = |code: &str| tr.t(&format!("assessment-conclusion-{code}"));
    let mut res = AssessmentPage {
        page: Page::for_session(tr, state.config.demo, s, "assessment-title", "/casussen"),
        id,
        code: v.code,
        list: v
            .list
            .into_iter()
            .map(|a| AssessmentBox {
                at: format_datetime(a.at),
                findings: a
                    .findings
                    .into_iter()
                    .map(|(d, t)| (tr.t(&format!("item-domain-{}", d.replace('_', "-"))), t))
                    .collect(),
                cited: a.cited,
                radicalisation: label(&a.radicalisation),
                security_risk: label(&a.security_risk),
                missing: a.missing.map(|m| {
                    let due = m.due.map(|d| d.to_string()).unwrap_or_default();
                    (m.what, m.organisation, due)
                }),
            })
            .collect(),
        may_assess: v.may_assess,
        citable: v
            .citable
            .into_iter()
            .map(|(id, l)| {
                let l = super::items::citable_label(tr, &l);
                (id, l)
            })
            .collect(),
        table_orgs: v.organisations,
        domains: DOMAINS
            .iter()
            .map(|d| {
                (
                    *d,
                    tr.t(&format!("item-domain-{}", d.replace('_', "-"))),
                    form.finding(d).to_owned(),
                )
            })
            .collect(),
        error: error.clone(),
        form,
    }
    .into_response();
    if error.is_some() {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

/// GET /casussen/{id}/beoordeling
pub async fn show(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
) -> AppResult<Response> {
    render(&state, &s, Tr::new(l), id, None, AssessmentForm::default()).await
}

/// The form, with repeated `bijdrage` checkboxes.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct AssessmentForm {
    #[serde(default)]
    pub bevinding_overtuigingen: String,
    #[serde(default)]
    pub bevinding_sociale_context: String,
    #[serde(default)]
    pub bevinding_intentie: String,
    #[serde(default)]
    pub bevinding_psychische_stoornissen: String,
    #[serde(default)]
    pub bevinding_bijkomende_informatie: String,
    #[serde(default)]
    pub bijdrage: Vec<String>,
    #[serde(default)]
    pub radicalisering: String,
    #[serde(default)]
    pub veiligheidsrisico: String,
    #[serde(default)]
    pub ontbreekt: String,
    #[serde(default)]
    pub wie: String,
    #[serde(default)]
    pub tegen: String,
}

/// What the expert records: a finding per risk domain (empty ones are left
/// out), the items cited, both conclusions and, optionally, what is missing,
/// the organisation that gets it and by when (`dd/mm/yyyy`; all three or none).
#[derive(Debug, Clone, Default)]
pub struct AssessmentInput {
    /// (risk domain code, as `RiskDomain::code`, finding).
    pub findings: Vec<(&'static str, String)>,
    /// Ids of the items cited.
    pub cited: Vec<String>,
    /// `yes`, `no` or `unclear`.
    pub radicalisation: String,
    /// `yes`, `no` or `unclear`.
    pub security_risk: String,
    pub missing_what: String,
    /// An organisation id.
    pub missing_organisation: String,
    /// `dd/mm/yyyy`.
    pub missing_due: String,
}

impl AssessmentForm {
    /// The finding typed for the risk domain `code`.
    pub fn finding(&self, code: &str) -> &str {
        match code {
            "overtuigingen" => &self.bevinding_overtuigingen,
            "sociale_context" => &self.bevinding_sociale_context,
            "intentie" => &self.bevinding_intentie,
            "psychische_stoornissen" => &self.bevinding_psychische_stoornissen,
            "bijkomende_informatie" => &self.bevinding_bijkomende_informatie,
            _ => "",
        }
    }
}

impl From<AssessmentForm> for AssessmentInput {
    fn from(f: AssessmentForm) -> Self {
        AssessmentInput {
            findings: vec![
                ("overtuigingen", f.bevinding_overtuigingen),
                ("sociale_context", f.bevinding_sociale_context),
                ("intentie", f.bevinding_intentie),
                ("psychische_stoornissen", f.bevinding_psychische_stoornissen),
                ("bijkomende_informatie", f.bevinding_bijkomende_informatie),
            ],
            cited: f.bijdrage,
            radicalisation: f.radicalisering,
            security_risk: f.veiligheidsrisico,
            missing_what: f.ontbreekt,
            missing_organisation: f.wie,
            missing_due: f.tegen,
        }
    }
}

/// The expert records the table's assessment (audited). A cited item must
/// belong to the case and may be used only with its owner's consent. The
/// inner `Err` is the message key of the rule that refused it.
pub async fn record_assessment(
    state: &AppState,
    s: &CurrentSession,
    id: String,
    f: AssessmentInput,
) -> AppResult<Result<(), &'static str>> {
    let now = state.now_ms();
    let s2 = s.clone();
    state
        .write(move |c, st| {
            let (case, _ctx) = match authorised_case(c, &s2, &id, CaseAction::Step, now)? {
                Ok(found) => found,
                Err(d) => return Ok(Err(d.into())),
            };
            if let Err(r) = work_allowed(&case, CaseWork::Assess) {
                return Ok(Err(r));
            }
            let findings: Vec<(String, String)> = f
                .findings
                .iter()
                .filter(|(_, t)| !t.trim().is_empty())
                .map(|(d, t)| ((*d).to_owned(), t.trim().to_owned()))
                .collect();
            if findings.is_empty() {
                return Ok(Ok(Err("assessment-error-findings")));
            }
            if findings.iter().any(|(_, t)| t.chars().count() > 4000) {
                return Ok(Ok(Err("text-error-too-long")));
            }
            if !CONCLUSIONS.contains(&f.radicalisation.as_str())
                || !CONCLUSIONS.contains(&f.security_risk.as_str())
            {
                return Ok(Ok(Err("assessment-error-conclusions")));
            }
            // Every cited item belongs to this case and may be used: the owner consented.
            let mut cited = Vec::new();
            for item_id in &f.cited {
                if uuid::Uuid::try_parse(item_id).is_err() {
                    return Ok(Ok(Err("assessment-error-item")));
                }
                let Ok(item) = items::find(c, &s2.tenant_id, item_id) else {
                    return Ok(Ok(Err("assessment-error-item")));
                };
                if item.case_id != case.id {
                    return Ok(Ok(Err("assessment-error-item")));
                }
                if let Err(e) = may_use_in_step(&facts(&item), Step::Assessment) {
                    return Ok(Ok(Err(e.message_key())));
                }
                cited.push(item.id);
            }
            let missing_fields = [
                f.missing_what.trim(),
                f.missing_organisation.trim(),
                f.missing_due.trim(),
            ];
            let missing = if missing_fields.iter().all(|x| x.is_empty()) {
                None
            } else {
                if missing_fields.iter().any(|x| x.is_empty()) {
                    return Ok(Ok(Err("assessment-error-missing")));
                }
                let Ok(due) = Date::parse_dd_mm_yyyy(missing_fields[2]) else {
                    return Ok(Ok(Err("date-error-format")));
                };
                if organisation::find(
                    c,
                    &s2.tenant_id,
                    &OrganisationId::from_db(missing_fields[1].to_owned()),
                )
                .is_err()
                {
                    return Ok(Ok(Err("assessment-error-missing")));
                }
                Some((
                    missing_fields[0].to_owned(),
                    missing_fields[1].to_owned(),
                    due.to_iso(),
                ))
            };
            let a = assessments::create(
                c,
                &st.keyring,
                &case,
                &NewAssessment {
                    findings: &findings,
                    cited_items: &cited,
                    radicalisation: &f.radicalisation,
                    security_risk: &f.security_risk,
                    missing: missing
                        .as_ref()
                        .map(|(w, o, d)| (w.as_str(), o.as_str(), d.as_str())),
                    by_user: s2.user_id.as_str(),
                },
                now,
            )?;
            audit::append(
                c,
                now,
                &audit::NewEntry::new(AuditAction::CaseAssessed, "ok")
                    .tenant(&s2.tenant_id)
                    .actor(s2.user_id.as_str(), s2.organisation_id.as_str())
                    .object("case", &case.id)
                    .detail(format!("assessment={} cited={}", a.id, cited.len())),
            )?;
            Ok(Ok(Ok(())))
        })
        .await?
        .map_err(refuse_any)
}

/// POST /casussen/{id}/beoordeling: the expert records the table's assessment.
pub async fn record(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    axum_extra::extract::Form(f): axum_extra::extract::Form<AssessmentForm>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    match record_assessment(&state, &s, id.clone(), f.clone().into()).await? {
        Ok(()) => Ok(Redirect::to(&format!("/casussen/{id}/beoordeling")).into_response()),
        Err(key) => render(&state, &s, tr, id, Some(tr.t(key)), f).await,
    }
}
