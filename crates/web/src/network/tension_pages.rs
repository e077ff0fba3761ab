//! Pages of the register of social tensions: `/spanningen` (the register,
//! with filters and a search in the titles sent as a form body, never in the
//! URL), `/spanningen/nieuw`, and `/spanningen/{id}` with its forms: the
//! tension itself, the Brandsma analysis, severity over time, actions and
//! linked signals. A refused form comes back with the messages next to its
//! fields (422).

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Redirect, Response};
use verbind_domain::policy::PreventionAction;
use verbind_domain::prevention::coded::Coded;
use verbind_domain::prevention::network::{FieldError, FieldErrors};
use verbind_domain::prevention::signal::Severity;
use verbind_domain::prevention::tension::{ActionKind, AnalysisField, TensionStatus};

use super::tensions::{
    self as service, ActionForm, SeverityForm, SignalRef, TensionDetail, TensionFilter, TensionForm,
};
use super::{Choice, choices, label, messages, require, show_iso};
use crate::contact::FormData;
use crate::error::{AppError, AppResult};
use crate::i18n::{Tr, format_date};
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::Page;

const MANAGE: PreventionAction = PreventionAction::ManageTensions;

fn form_body(headers: &HeaderMap, body: &Bytes) -> AppResult<FormData> {
    FormData::parse(headers, body).map_err(|_| AppError::bad_request())
}

fn district_name(districts: &[(String, String)], slug: Option<&str>) -> String {
    slug.map(|s| {
        districts
            .iter()
            .find(|(d, _)| d == s)
            .map(|(_, n)| n.clone())
            .unwrap_or_else(|| s.to_owned())
    })
    .unwrap_or_default()
}

fn severity_label(tr: Tr, s: Option<Severity>) -> String {
    s.map(|s| tr.t(&s.label_key("signal-severity")))
        .unwrap_or_default()
}

// ------------------------------------------------------------ list

/// A line of the register.
pub struct Line {
    pub id: String,
    pub title: String,
    pub district: String,
    pub noted_on: String,
    pub status: String,
    pub severity: String,
    pub signals: i64,
}

#[derive(Template, WebTemplate)]
#[template(path = "network/tensions.html")]
pub struct ListPage {
    pub page: Page,
    pub lines: Vec<Line>,
    pub statuses: Vec<Choice>,
    pub districts: Vec<(String, String, bool)>,
    pub query: String,
}

async fn list_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    filter: TensionFilter,
) -> AppResult<Response> {
    let districts = service::districts(state, s).await?;
    let rows = service::list(state, s, filter.clone()).await?;
    let status = filter.status.clone().unwrap_or_default();
    let district = filter.district.clone().unwrap_or_default();
    Ok(ListPage {
        page: Page::for_session(tr, state.config.demo, s, "tensions-title", "/spanningen"),
        lines: rows
            .into_iter()
            .map(|r| Line {
                district: district_name(&districts, r.district.as_deref()),
                noted_on: show_iso(&r.noted_on),
                status: service::status_label(tr, &r.status),
                severity: severity_label(tr, r.current_severity),
                signals: r.signal_count,
                id: r.id,
                title: r.title,
            })
            .collect(),
        statuses: choices::<TensionStatus>(tr, "tension-status", &status),
        districts: districts
            .iter()
            .map(|(slug, name)| (slug.clone(), name.clone(), *slug == district))
            .collect(),
        query: filter.query.unwrap_or_default(),
    }
    .into_response())
}

fn filter_value(v: &str) -> Option<String> {
    Some(v.trim().chars().take(200).collect::<String>()).filter(|v| !v.is_empty())
}

/// GET /spanningen: filters on codes may be in the URL.
pub async fn list(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let filter = TensionFilter {
        status: q.get("status").and_then(|v| filter_value(v)),
        district: q.get("wijk").and_then(|v| filter_value(v)),
        query: None,
    };
    list_page(&state, &s, Tr::new(l), filter).await
}

/// POST /spanningen: the filters with a search in the titles.
pub async fn search(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let data = form_body(&headers, &body)?;
    let filter = TensionFilter {
        status: filter_value(data.get("status")),
        district: filter_value(data.get("wijk")),
        query: filter_value(data.get("zoek")),
    };
    list_page(&state, &s, Tr::new(l), filter).await
}

// ------------------------------------------------------------ new

#[derive(Template, WebTemplate)]
#[template(path = "network/tension_new.html")]
pub struct NewPage {
    pub page: Page,
    pub form: TensionForm,
    pub districts: Vec<(String, String)>,
    pub statuses: Vec<Choice>,
    pub errors: Vec<(&'static str, String)>,
    /// Offer the confirmation that no one is recognisable.
    pub confirm_shown: bool,
}

impl NewPage {
    /// The message for a refused field of the tension form.
    pub fn field_error(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }

    /// Whether the tension form offers the confirmation checkbox.
    pub fn show_confirm(&self) -> bool {
        self.confirm_shown
    }
}

/// Whether a refused form looked like it named someone: then it offers the
/// confirmation (an e-mail address or a number cannot be confirmed away).
fn name_like_refused(errors: &FieldErrors) -> bool {
    errors.iter().any(|(_, e)| *e == FieldError::LooksPersonal)
}

fn tension_form(data: &FormData) -> TensionForm {
    TensionForm {
        title: data.get("titel").to_owned(),
        description: data.get("beschrijving").to_owned(),
        groups: data.get("groepen").to_owned(),
        district: data.get("wijk").to_owned(),
        noted_on: data.get("vastgesteld_op").to_owned(),
        status: data.get("status").to_owned(),
        confirm_no_person: data.checked("bevestig"),
    }
}

async fn new_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    form: TensionForm,
    errors: &FieldErrors,
) -> AppResult<NewPage> {
    let districts = service::districts(state, s).await?;
    Ok(NewPage {
        page: Page::for_session(tr, state.config.demo, s, "tension-new-title", "/spanningen"),
        statuses: choices::<TensionStatus>(tr, "tension-status", &form.status),
        confirm_shown: name_like_refused(errors) || form.confirm_no_person,
        form,
        districts,
        errors: messages(tr, errors),
    })
}

/// GET /spanningen/nieuw
pub async fn new_form(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let form = TensionForm {
        noted_on: format_date(state.now_ms()),
        status: TensionStatus::Open.code().to_owned(),
        ..TensionForm::default()
    };
    Ok(new_page(&state, &s, Tr::new(l), form, &Vec::new())
        .await?
        .into_response())
}

/// POST /spanningen/nieuw
pub async fn create(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let form = tension_form(&form_body(&headers, &body)?);
    match service::create(&state, &s, form.clone()).await? {
        Ok(id) => Ok(Redirect::to(&format!("/spanningen/{id}")).into_response()),
        Err(errors) => {
            let mut res = new_page(&state, &s, Tr::new(l), form, &errors)
                .await?
                .into_response();
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
    }
}

// ------------------------------------------------------------ detail

/// One field of the Brandsma analysis on the page.
pub struct AnalysisRow {
    /// The form field (and id).
    pub name: &'static str,
    /// The field's code (errors are keyed by it).
    pub code: &'static str,
    pub label: String,
    pub help: String,
    pub value: String,
    pub game_changer: bool,
}

/// A severity entry on the page.
pub struct SeverityLine {
    pub date: String,
    pub severity: String,
    pub note: String,
}

/// An action on the page.
pub struct ActionLine {
    pub date: String,
    pub kind: String,
    pub description: String,
    pub result: String,
}

/// A signal on the page (linked, or offered).
pub struct SignalLine {
    pub id: String,
    pub label: String,
    pub checked: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "network/tension_detail.html")]
pub struct DetailPage {
    pub page: Page,
    pub id: String,
    pub title: String,
    pub description: String,
    pub groups: String,
    pub district: String,
    pub noted_on: String,
    pub status: String,
    pub current_severity: String,
    pub analysed_at: Option<String>,
    pub updated_at: String,
    pub game_changers: Vec<String>,
    pub form: TensionForm,
    pub districts: Vec<(String, String)>,
    pub statuses: Vec<Choice>,
    pub analysis: Vec<AnalysisRow>,
    pub severities: Vec<SeverityLine>,
    pub severity_form: SeverityForm,
    pub severity_choices: Vec<Choice>,
    pub actions: Vec<ActionLine>,
    pub action_form: ActionForm,
    pub action_kinds: Vec<Choice>,
    pub linked: Vec<SignalLine>,
    pub signal_options: Vec<SignalLine>,
    /// The tension form offers the confirmation that no one is recognisable.
    pub confirm_shown: bool,
    /// The analysis form offers it.
    pub analysis_confirm_shown: bool,
    /// The analysis form came back with it ticked.
    pub analysis_confirmed: bool,
    /// The form that was refused: `tension`, `analysis`, `severity`,
    /// `action` or `signals`.
    pub section: &'static str,
    pub errors: Vec<(&'static str, String)>,
}

impl DetailPage {
    /// The message for `field` of form `section`, if it was refused.
    pub fn error_for(&self, section: &str, field: &str) -> Option<&str> {
        if self.section != section {
            return None;
        }
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }

    /// The message for a refused field of the tension form.
    pub fn field_error(&self, field: &str) -> Option<&str> {
        self.error_for("tension", field)
    }

    /// Whether the tension form offers the confirmation checkbox.
    pub fn show_confirm(&self) -> bool {
        self.confirm_shown
    }
}

/// The form values of a refused form, kept on the page.
#[derive(Default)]
pub struct Refused {
    pub section: &'static str,
    pub errors: FieldErrors,
    pub tension: Option<TensionForm>,
    pub analysis: Option<Vec<(String, String)>>,
    /// The analysis form's confirmation.
    pub analysis_confirmed: bool,
    pub severity: Option<SeverityForm>,
    pub action: Option<ActionForm>,
    pub signals: Option<Vec<String>>,
}

/// The Dutch form field of each analysis field.
fn analysis_name(f: AnalysisField) -> &'static str {
    match f {
        AnalysisField::PoleA => "pool_a",
        AnalysisField::PoleB => "pool_b",
        AnalysisField::Pushers => "aanjagers",
        AnalysisField::Joiners => "meelopers",
        AnalysisField::SilentMiddle => "stille_midden",
        AnalysisField::BridgeBuilders => "bruggenbouwers",
        AnalysisField::ScapegoatRisk => "zondebok",
        AnalysisField::TargetAudience => "doelgroep",
        AnalysisField::Topic => "onderwerp",
        AnalysisField::Position => "positie",
        AnalysisField::Tone => "toon",
    }
}

async fn detail_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    id: String,
    refused: Refused,
) -> AppResult<Response> {
    let t: TensionDetail = service::open(state, s, id).await?;
    let districts = service::districts(state, s).await?;
    let options = service::signal_options(state, s).await?;
    let linked_ids: Vec<String> = match &refused.signals {
        Some(ids) => ids.clone(),
        None => t.signals.iter().map(|r| r.id.clone()).collect(),
    };
    // Linked signals older than the options offered stay selectable.
    let mut offered: Vec<SignalRef> = t.signals.clone();
    for o in options {
        if !offered.iter().any(|x| x.id == o.id) {
            offered.push(o);
        }
    }
    offered.sort_by(|a, b| b.observed_on.cmp(&a.observed_on));
    let analysis_values: Vec<(String, String)> = refused.analysis.clone().unwrap_or_else(|| {
        t.analysis
            .iter()
            .map(|(f, v)| (f.code().to_owned(), v.clone()))
            .collect()
    });
    let form = refused.tension.clone().unwrap_or_else(|| t.form());
    let severity_form = refused.severity.clone().unwrap_or_else(|| SeverityForm {
        date: format_date(state.now_ms()),
        ..SeverityForm::default()
    });
    let action_form = refused.action.clone().unwrap_or_else(|| ActionForm {
        date: format_date(state.now_ms()),
        ..ActionForm::default()
    });
    let accepted = refused.errors.is_empty();
    let name_like = name_like_refused(&refused.errors);
    // The confirmation is offered when the form was refused for a name, was
    // confirmed, or holds what looks like a name already (so that a change
    // of status does not fail first).
    let confirm_shown = form.confirm_no_person
        || form.looks_name_like()
        || (refused.section == "tension" && name_like);
    let analysis_confirm_shown = refused.analysis_confirmed
        || (refused.section == "analysis" && name_like)
        || analysis_values
            .iter()
            .any(|(_, v)| service::looks_name_like(v));
    let page = DetailPage {
        page: Page::for_session(tr, state.config.demo, s, "tension-title", "/spanningen"),
        id: t.id.clone(),
        title: t.title.clone(),
        description: t.description.clone(),
        groups: t.groups.clone(),
        district: district_name(&districts, t.district.as_deref()),
        noted_on: show_iso(&t.noted_on),
        status: service::status_label(tr, &t.status),
        current_severity: severity_label(tr, t.current_severity),
        analysed_at: t.analysed_at.map(crate::i18n::format_datetime),
        updated_at: crate::i18n::format_datetime(t.updated_at),
        game_changers: t
            .analysis
            .iter()
            .filter(|(f, _)| f.is_game_changer())
            .map(|(f, _)| tr.t(&f.label_key("tension-analysis")))
            .collect(),
        statuses: choices::<TensionStatus>(tr, "tension-status", &form.status),
        form,
        districts,
        analysis: AnalysisField::ALL
            .iter()
            .map(|f| AnalysisRow {
                name: analysis_name(*f),
                code: f.code(),
                label: tr.t(&f.label_key("tension-analysis")),
                help: tr.t(&format!("{}-help", f.label_key("tension-analysis"))),
                value: analysis_values
                    .iter()
                    .find(|(k, _)| k == f.code())
                    .map(|(_, v)| v.clone())
                    .unwrap_or_default(),
                game_changer: f.is_game_changer(),
            })
            .collect(),
        severities: t
            .severities
            .iter()
            .rev()
            .map(|e| SeverityLine {
                date: show_iso(&e.date),
                severity: label::<Severity>(tr, "signal-severity", &e.severity),
                note: e.note.clone().unwrap_or_default(),
            })
            .collect(),
        severity_choices: choices::<Severity>(tr, "signal-severity", &severity_form.severity),
        severity_form,
        actions: t
            .actions
            .iter()
            .rev()
            .map(|a| ActionLine {
                date: show_iso(&a.date),
                kind: service::action_label(tr, &a.kind),
                description: a.description.clone(),
                result: a.result.clone().unwrap_or_default(),
            })
            .collect(),
        action_kinds: choices::<ActionKind>(tr, "tension-action-kind", &action_form.kind),
        action_form,
        linked: t
            .signals
            .iter()
            .map(|r| SignalLine {
                id: r.id.clone(),
                label: service::signal_label(tr, r),
                checked: true,
            })
            .collect(),
        signal_options: offered
            .iter()
            .map(|r| SignalLine {
                id: r.id.clone(),
                label: service::signal_label(tr, r),
                checked: linked_ids.contains(&r.id),
            })
            .collect(),
        confirm_shown,
        analysis_confirm_shown,
        analysis_confirmed: refused.analysis_confirmed,
        section: refused.section,
        errors: messages(tr, &refused.errors),
    };
    let mut res = page.into_response();
    if !accepted {
        *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
    }
    Ok(res)
}

/// GET /spanningen/{id}
pub async fn detail(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    detail_page(&state, &s, Tr::new(l), id, Refused::default()).await
}

fn back(id: &str, anchor: &str) -> Response {
    Redirect::to(&format!("/spanningen/{id}#{anchor}")).into_response()
}

/// POST /spanningen/{id}: the tension itself.
pub async fn update(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let form = tension_form(&form_body(&headers, &body)?);
    match service::update(&state, &s, id.clone(), form.clone()).await? {
        Ok(()) => Ok(back(&id, "spanning")),
        Err(errors) => {
            let r = Refused {
                section: "tension",
                errors,
                tension: Some(form),
                ..Refused::default()
            };
            detail_page(&state, &s, Tr::new(l), id, r).await
        }
    }
}

/// POST /spanningen/{id}/analyse: the Brandsma analysis.
pub async fn analyse(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let data = form_body(&headers, &body)?;
    let values: Vec<(String, String)> = AnalysisField::ALL
        .iter()
        .map(|f| (f.code().to_owned(), data.get(analysis_name(*f)).to_owned()))
        .collect();
    let confirmed = data.checked("bevestig");
    match service::analyse(&state, &s, id.clone(), values.clone(), confirmed).await? {
        Ok(()) => Ok(back(&id, "analyse")),
        Err(errors) => {
            let r = Refused {
                section: "analysis",
                errors,
                analysis: Some(values),
                analysis_confirmed: confirmed,
                ..Refused::default()
            };
            detail_page(&state, &s, Tr::new(l), id, r).await
        }
    }
}

/// POST /spanningen/{id}/ernst: a dated severity.
pub async fn severity(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let data = form_body(&headers, &body)?;
    let form = SeverityForm {
        date: data.get("datum").to_owned(),
        severity: data.get("ernst").to_owned(),
        note: data.get("notitie").to_owned(),
    };
    match service::add_severity(&state, &s, id.clone(), form.clone()).await? {
        Ok(()) => Ok(back(&id, "ernst")),
        Err(errors) => {
            let r = Refused {
                section: "severity",
                errors,
                severity: Some(form),
                ..Refused::default()
            };
            detail_page(&state, &s, Tr::new(l), id, r).await
        }
    }
}

/// POST /spanningen/{id}/acties: an action taken.
pub async fn action(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let data = form_body(&headers, &body)?;
    let form = ActionForm {
        date: data.get("datum").to_owned(),
        kind: data.get("soort").to_owned(),
        description: data.get("beschrijving").to_owned(),
        result: data.get("resultaat").to_owned(),
    };
    match service::add_action(&state, &s, id.clone(), form.clone()).await? {
        Ok(_) => Ok(back(&id, "acties")),
        Err(errors) => {
            let r = Refused {
                section: "action",
                errors,
                action: Some(form),
                ..Refused::default()
            };
            detail_page(&state, &s, Tr::new(l), id, r).await
        }
    }
}

/// POST /spanningen/{id}/signalen: the linked signals (checkboxes).
pub async fn signals(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let ids = form_body(&headers, &body)?.all("signaal");
    match service::link_signals(&state, &s, id.clone(), ids.clone()).await? {
        Ok(()) => Ok(back(&id, "signalen")),
        Err(errors) => {
            let r = Refused {
                section: "signals",
                errors,
                signals: Some(ids),
                ..Refused::default()
            };
            detail_page(&state, &s, Tr::new(l), id, r).await
        }
    }
}
