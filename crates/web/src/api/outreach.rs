//! Prevention's outreach in the JSON API (issue 4, item 1's kennisbank and
//! items 7 to 10): the public kennisbank (no account) and the expert's
//! pages; the working group's members, phases and signals to the city
//! board; the silent middle's advice trajectories and counter-messages; the
//! resilience workshops and their coverage per school year; the action plan
//! with its evaluation notes.
//!
//! Every handler asks the policy (`decide_prevention`) before it reads the
//! body, then calls the same service as the pages (`crate::outreach`), which
//! asks again and audits. Dates are sent as `dd/mm/yyyy` or `yyyy-mm-dd` and
//! returned as `yyyy-mm-dd`. A refused body names each field with a
//! translated message and a stable code, never what was sent.

use std::collections::HashMap;

use axum::extract::rejection::JsonRejection;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use verbind_domain::Locale;
use verbind_domain::policy::PreventionAction;
use verbind_domain::prevention::coded::Coded;
use verbind_domain::prevention::knowledge_base::Block;
use verbind_domain::prevention::outreach::FieldErrors;
use verbind_domain::prevention::outreach::{AdviceStatus, Channel as CounterChannel, Platform};
use verbind_domain::prevention::theme::Theme;
use verbind_domain::prevention::workshops::{SchoolYear, WorkshopStatus};
use verbind_store::models::tenant;

use super::cases::{RuleError, belgian_date, object_body, rfc3339, with_location};
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::middleware::request_id::RequestId;
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::outreach::action_plan::{self as plan, EntryForm, EvaluationForm};
use crate::outreach::knowledge::{self as kb, PageForm, TextForm};
use crate::outreach::silent_middle::{self as silent, AdviceForm, CounterForm};
use crate::outreach::working_group::{self as group, PhaseForm, SignalForm};
use crate::outreach::workshops::{self as workshops, WorkshopForm};
use crate::outreach::{messages, require};
use crate::state::AppState;

/// The routes of this module (merged into the router once).
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/public/knowledge-pages", get(public_pages))
        .route("/api/v1/public/knowledge-pages/{id}", get(public_page))
        .route("/api/v1/knowledge-pages", get(list_pages).post(create_page))
        .route("/api/v1/knowledge-pages/defaults", post(load_default_pages))
        .route(
            "/api/v1/knowledge-pages/{id}",
            get(get_page).put(update_page),
        )
        .route("/api/v1/working-group", get(get_working_group))
        .route("/api/v1/working-group/phases", post(add_phase))
        .route(
            "/api/v1/working-group/phases/{id}",
            axum::routing::put(update_phase),
        )
        .route(
            "/api/v1/working-group/board-signals",
            post(add_board_signal),
        )
        .route(
            "/api/v1/working-group/board-signals/{id}",
            get(get_board_signal).put(update_board_signal),
        )
        .route(
            "/api/v1/advice-trajectories",
            get(list_advice).post(create_advice),
        )
        .route(
            "/api/v1/advice-trajectories/{id}",
            get(get_advice).put(update_advice),
        )
        .route(
            "/api/v1/counter-messages",
            get(list_counters).post(create_counter),
        )
        .route(
            "/api/v1/counter-messages/{id}",
            get(get_counter).put(update_counter),
        )
        .route("/api/v1/schools", get(list_schools))
        .route(
            "/api/v1/workshops",
            get(list_workshops).post(create_workshop),
        )
        .route("/api/v1/workshops/coverage", get(workshop_coverage))
        .route(
            "/api/v1/workshops/{id}",
            get(get_workshop).put(update_workshop),
        )
        .route("/api/v1/action-plan", get(get_action_plan))
        .route(
            "/api/v1/action-plan/{id}",
            get(get_measure).put(update_measure),
        )
        .route(
            "/api/v1/action-plan/{id}/evaluations",
            post(evaluate_measure),
        )
}

#[derive(OpenApi)]
#[openapi(
    paths(
        public_pages,
        public_page,
        list_pages,
        create_page,
        load_default_pages,
        get_page,
        update_page,
        get_working_group,
        add_phase,
        update_phase,
        add_board_signal,
        get_board_signal,
        update_board_signal,
        list_advice,
        create_advice,
        get_advice,
        update_advice,
        list_counters,
        create_counter,
        get_counter,
        update_counter,
        list_schools,
        list_workshops,
        create_workshop,
        get_workshop,
        update_workshop,
        workshop_coverage,
        get_action_plan,
        get_measure,
        update_measure,
        evaluate_measure,
    ),
    components(schemas(
        OutreachFieldError,
        OutreachValidation,
        OutreachCreated,
        DefaultsLoaded,
        PublicPageItem,
        PublicPageList,
        PublicBlock,
        PublicPageView,
        PageText,
        PageRequest,
        PageItem,
        PageList,
        PageView,
        Member,
        Phase,
        BoardSignal,
        WorkingGroup,
        PhaseRequest,
        BoardSignalRequest,
        Advice,
        AdviceList,
        AdviceRequest,
        CounterMessage,
        CounterMessageList,
        CounterMessageRequest,
        School,
        SchoolList,
        Workshop,
        WorkshopList,
        WorkshopRequest,
        SchoolCoverage,
        Coverage,
        Evaluation,
        Measure,
        StatusCount,
        ActionPlan,
        MeasureRequest,
        ActionPlanEvaluationRequest,
    ))
)]
pub struct OutreachApiDoc;

// ---------------------------------------------------------------- shared

/// One refused field.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutreachFieldError {
    /// The request property (`slug`, `title_nl`, `body_fr`, `topics`,
    /// `starts_on`, `scope`, `sent_on`, `answered_on`, `recipient`,
    /// `platform`, `school`, `date`, `status`, `score`, `period`, `note`, ...).
    pub field: String,
    /// A stable code: `required`, `unknown_choice`, `too_long`,
    /// `slug_invalid`, `slug_taken`, `translation_incomplete`,
    /// `date_invalid`, `date_in_future`, `date_before_start`,
    /// `unknown_school`, `not_yet_held`, `evaluation_needs_held`,
    /// `period_invalid`, `period_in_future`, `phase_taken`, ...
    pub code: String,
    /// The translated message to show next to the field.
    pub message: String,
}

/// A request that did not pass the rules.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutreachValidation {
    /// Always `validation`.
    pub error: String,
    pub fields: Vec<OutreachFieldError>,
    pub request_id: Option<String>,
}

/// What was created.
#[derive(Debug, Serialize, ToSchema)]
pub struct OutreachCreated {
    pub id: String,
}

fn refused(tr: Tr, errors: &FieldErrors, rid: String) -> Response {
    let texts = messages(tr, errors);
    (
        StatusCode::UNPROCESSABLE_ENTITY,
        Json(OutreachValidation {
            error: "validation".into(),
            fields: errors
                .iter()
                .zip(texts)
                .map(|((f, e), (_, m))| OutreachFieldError {
                    field: (*f).to_owned(),
                    code: e.code().to_owned(),
                    message: m,
                })
                .collect(),
            request_id: Some(rid),
        }),
    )
        .into_response()
}

fn created(id: String, location: String) -> Response {
    with_location(
        (StatusCode::CREATED, Json(OutreachCreated { id })).into_response(),
        &location,
    )
}

fn date_in(v: Option<String>) -> String {
    belgian_date(&v.unwrap_or_default())
}

fn text(v: Option<String>) -> String {
    v.unwrap_or_default()
}

fn number_in(v: Option<u32>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

// ---------------------------------------------------------------- public kennisbank

/// Which LIVC-R and which language.
#[derive(Debug, Deserialize, IntoParams)]
pub struct PublicQuery {
    /// `nl`, `fr` or `en`; the language switch's choice (Dutch) when left out.
    pub lang: Option<String>,
    /// The LIVC-R's slug; needed only when the deployment serves several.
    pub livc: Option<String>,
}

/// A published page in the list.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicPageItem {
    pub slug: String,
    pub title: String,
    pub summary: Option<String>,
    /// Topic codes.
    pub topics: Vec<String>,
    /// The language of the text: the one asked for, or `nl-BE`.
    pub language: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PublicPageList {
    pub pages: Vec<PublicPageItem>,
    /// Where to ask a question or voice a concern.
    pub contact_point: String,
}

/// A piece of a page body: plain text, never markup.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicBlock {
    /// `heading`, `paragraph` or `list`.
    pub kind: String,
    /// The lines of a paragraph, the items of a list, the heading's text.
    pub lines: Vec<String>,
}

/// A published page.
#[derive(Debug, Serialize, ToSchema)]
pub struct PublicPageView {
    pub slug: String,
    pub title: String,
    pub summary: Option<String>,
    pub blocks: Vec<PublicBlock>,
    pub topics: Vec<String>,
    pub language: String,
    /// Other languages the page exists in.
    pub other_languages: Vec<String>,
    /// RFC 3339, UTC.
    pub updated_at: String,
    pub contact_point: String,
}

async fn public_tenant(
    state: &AppState,
    livc: Option<String>,
) -> AppResult<(verbind_domain::TenantId, String)> {
    let all = state.read(|c, _| tenant::list(c)).await?;
    let several = all.len() > 1;
    let t = match livc.filter(|s| !s.trim().is_empty()) {
        Some(slug) => all.into_iter().find(|t| t.slug == slug.trim()),
        None if !several => all.into_iter().next(),
        None => None,
    }
    .ok_or_else(AppError::not_found)?;
    let contact = if several {
        format!("/aanspreekpunt/{}", t.slug)
    } else {
        "/aanspreekpunt".to_owned()
    };
    Ok((t.tenant_id(), contact))
}

fn topics_of(stored: &str) -> Vec<String> {
    stored
        .split(',')
        .filter(|t| !t.is_empty())
        .map(str::to_owned)
        .collect()
}

/// The published pages of the kennisbank, for anyone (no account).
#[utoipa::path(get, path = "/api/v1/public/knowledge-pages", tag = "prevention",
    params(PublicQuery),
    responses((status = 200, body = PublicPageList), (status = 404, body = crate::api::ApiError)))]
pub async fn public_pages(
    State(state): State<AppState>,
    RequestLocale(l): RequestLocale,
    Query(q): Query<PublicQuery>,
) -> AppResult<Response> {
    let wanted = q.lang.as_deref().and_then(Locale::parse).unwrap_or(l);
    let (t, contact) = public_tenant(&state, q.livc).await?;
    let pages = kb::public_list(&state, t, wanted).await?;
    Ok(Json(PublicPageList {
        pages: pages
            .into_iter()
            .map(|p| PublicPageItem {
                topics: topics_of(&p.topics),
                language: p.locale.tag().to_owned(),
                slug: p.slug,
                title: p.title,
                summary: p.summary,
            })
            .collect(),
        contact_point: contact,
    })
    .into_response())
}

/// One published page, for anyone; a draft or an unknown address is 404.
#[utoipa::path(get, path = "/api/v1/public/knowledge-pages/{id}", tag = "prevention",
    params(("id" = String, Path, description = "The page's address (its slug)"), PublicQuery),
    responses((status = 200, body = PublicPageView), (status = 404, body = crate::api::ApiError)))]
pub async fn public_page(
    State(state): State<AppState>,
    RequestLocale(l): RequestLocale,
    Path(slug): Path<String>,
    Query(q): Query<PublicQuery>,
) -> AppResult<Response> {
    let wanted = q.lang.as_deref().and_then(Locale::parse).unwrap_or(l);
    let (t, contact) = public_tenant(&state, q.livc).await?;
    let p = kb::public_page(&state, t, slug, wanted).await?;
    Ok(Json(PublicPageView {
        blocks: p
            .blocks
            .into_iter()
            .map(|b| match b {
                Block::Heading(h) => PublicBlock {
                    kind: "heading".into(),
                    lines: vec![h],
                },
                Block::Paragraph(lines) => PublicBlock {
                    kind: "paragraph".into(),
                    lines,
                },
                Block::List(lines) => PublicBlock {
                    kind: "list".into(),
                    lines,
                },
            })
            .collect(),
        topics: topics_of(&p.topics),
        language: p.locale.tag().to_owned(),
        other_languages: p.other_locales.iter().map(|l| l.tag().to_owned()).collect(),
        updated_at: rfc3339(p.updated_at),
        contact_point: contact,
        slug: p.slug,
        title: p.title,
        summary: p.summary,
    })
    .into_response())
}

// ---------------------------------------------------------------- expert's kennisbank

const KB: PreventionAction = PreventionAction::ManageKnowledgeBase;

/// One language version.
#[derive(Debug, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct PageText {
    pub title: Option<String>,
    pub summary: Option<String>,
    /// Plain text: blank lines separate paragraphs, `- ` starts a list
    /// item, `## ` a subheading. Never HTML: everything is shown escaped.
    pub body: Option<String>,
}

/// A page to write or change. Dutch is required; French and English are
/// translations (left out: none).
#[derive(Debug, Deserialize, ToSchema)]
pub struct PageRequest {
    #[serde(default)]
    pub slug: Option<String>,
    /// Topic codes: `extremism`, `radicalisation`, `polarisation`,
    /// `fake_news`, `conspiracy_thinking`, `conversation_tips`.
    #[serde(default)]
    pub topics: Vec<String>,
    /// `draft` (the default) or `published`.
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub nl: PageText,
    #[serde(default)]
    pub fr: PageText,
    #[serde(default)]
    pub en: PageText,
}

impl PageRequest {
    fn form(self) -> PageForm {
        let t = |p: PageText| TextForm {
            title: text(p.title),
            summary: text(p.summary),
            body: text(p.body),
        };
        PageForm {
            slug: text(self.slug),
            topics: self.topics,
            status: text(self.status),
            nl: t(self.nl),
            fr: t(self.fr),
            en: t(self.en),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PageItem {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub status: String,
    pub topics: Vec<String>,
    pub languages: Vec<String>,
    pub updated_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PageList {
    pub pages: Vec<PageItem>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PageView {
    pub id: String,
    pub slug: String,
    pub status: String,
    pub topics: Vec<String>,
    pub nl: PageText,
    pub fr: Option<PageText>,
    pub en: Option<PageText>,
    pub published_at: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DefaultsLoaded {
    /// Pages added as drafts (an address already in use is skipped).
    pub added: usize,
}

/// Every page of the kennisbank, drafts too (the expert).
#[utoipa::path(get, path = "/api/v1/knowledge-pages", tag = "prevention",
    responses((status = 200, body = PageList), (status = 403, body = crate::api::ApiError)))]
pub async fn list_pages(State(state): State<AppState>, s: CurrentSession) -> AppResult<Response> {
    require(&s, KB)?;
    let rows = kb::list(&state, &s).await?;
    Ok(Json(PageList {
        pages: rows
            .into_iter()
            .map(|r| PageItem {
                topics: topics_of(&r.topics),
                updated_at: rfc3339(r.updated_at),
                id: r.id,
                slug: r.slug,
                title: r.title,
                status: r.status,
                languages: r.locales,
            })
            .collect(),
    })
    .into_response())
}

/// Write a page (needs `X-CSRF-Token`). Audited.
#[utoipa::path(post, path = "/api/v1/knowledge-pages", tag = "prevention", request_body = PageRequest,
    responses((status = 201, body = OutreachCreated), (status = 403, body = RuleError), (status = 422, body = OutreachValidation)))]
pub async fn create_page(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, KB)?;
    let tr = Tr::new(l);
    let req: PageRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    Ok(match kb::create(&state, &s, req.form()).await? {
        Ok(id) => created(id.clone(), format!("/api/v1/knowledge-pages/{id}")),
        Err(e) => refused(tr, &e, rid),
    })
}

/// Add the default pages as drafts (needs `X-CSRF-Token`). Audited.
#[utoipa::path(post, path = "/api/v1/knowledge-pages/defaults", tag = "prevention",
    responses((status = 200, body = DefaultsLoaded), (status = 403, body = crate::api::ApiError)))]
pub async fn load_default_pages(
    State(state): State<AppState>,
    s: CurrentSession,
) -> AppResult<Response> {
    require(&s, KB)?;
    let added = kb::load_defaults(&state, &s).await?;
    Ok(Json(DefaultsLoaded { added }).into_response())
}

/// One page with every language version (the expert).
#[utoipa::path(get, path = "/api/v1/knowledge-pages/{id}", tag = "prevention",
    params(("id" = String, Path, description = "The page id")),
    responses((status = 200, body = PageView), (status = 403, body = crate::api::ApiError), (status = 404, body = crate::api::ApiError)))]
pub async fn get_page(
    State(state): State<AppState>,
    s: CurrentSession,
    Path(id): Path<String>,
) -> AppResult<Response> {
    require(&s, KB)?;
    let v = kb::open(&state, &s, id).await?;
    let find = |l: Locale| {
        v.texts
            .iter()
            .find(|t| t.locale == l.tag())
            .map(|t| PageText {
                title: Some(t.title.clone()),
                summary: t.summary.clone(),
                body: Some(t.body.clone()),
            })
    };
    Ok(Json(PageView {
        nl: find(Locale::NlBe).unwrap_or_default(),
        fr: find(Locale::FrBe),
        en: find(Locale::En),
        topics: topics_of(&v.topics),
        published_at: v.published_at.map(rfc3339),
        updated_at: rfc3339(v.updated_at),
        id: v.id,
        slug: v.slug,
        status: v.status,
    })
    .into_response())
}

/// Change a page: every language version is replaced (needs `X-CSRF-Token`). Audited.
#[utoipa::path(put, path = "/api/v1/knowledge-pages/{id}", tag = "prevention", request_body = PageRequest,
    params(("id" = String, Path, description = "The page id")),
    responses((status = 204), (status = 403, body = RuleError), (status = 404, body = crate::api::ApiError), (status = 422, body = OutreachValidation)))]
pub async fn update_page(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, KB)?;
    let tr = Tr::new(l);
    let req: PageRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    Ok(match kb::update(&state, &s, id, req.form()).await? {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => refused(tr, &e, rid),
    })
}

// ---------------------------------------------------------------- working group

const GROUP: PreventionAction = PreventionAction::ManageWorkingGroup;

#[derive(Debug, Serialize, ToSchema)]
pub struct Member {
    pub seat: String,
    pub organisation: String,
    pub filled: bool,
    pub optional: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Phase {
    pub id: String,
    pub phase: i32,
    /// `yyyy-mm-dd`.
    pub starts_on: String,
    /// The target groups or phenomena covered from then on.
    pub scope: String,
    pub note: Option<String>,
    /// The phase in force today.
    pub in_force: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BoardSignal {
    pub id: String,
    /// `yyyy-mm-dd`.
    pub sent_on: String,
    pub subject: String,
    pub summary: String,
    pub addressee: String,
    pub answer: Option<String>,
    pub answered_on: Option<String>,
    pub updated_at: String,
}

/// The working group on polarisation. Its meetings are in `/api/v1/meetings`.
#[derive(Debug, Serialize, ToSchema)]
pub struct WorkingGroup {
    pub id: String,
    pub slug: String,
    pub name: String,
    pub members: Vec<Member>,
    pub phases: Vec<Phase>,
    pub board_signals: Vec<BoardSignal>,
}

#[derive(Debug, Deserialize, IntoParams)]
pub struct GroupQuery {
    /// The slug of a Werkgroep body; the first of the profile when left out.
    pub body: Option<String>,
}

/// A phase of the scope.
#[derive(Debug, Deserialize, ToSchema)]
pub struct PhaseRequest {
    /// The Werkgroep body's slug (the first when left out).
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub phase: Option<u32>,
    /// `dd/mm/yyyy` or `yyyy-mm-dd`.
    #[serde(default)]
    pub starts_on: Option<String>,
    #[serde(default)]
    pub scope: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

impl PhaseRequest {
    fn form(self) -> PhaseForm {
        PhaseForm {
            phase: number_in(self.phase),
            starts_on: date_in(self.starts_on),
            scope: text(self.scope),
            note: text(self.note),
        }
    }
}

/// A signal to the city board (and, later, its answer).
#[derive(Debug, Deserialize, ToSchema)]
pub struct BoardSignalRequest {
    /// The Werkgroep body's slug (the first when left out; ignored on change).
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub sent_on: Option<String>,
    #[serde(default)]
    pub subject: Option<String>,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub addressee: Option<String>,
    #[serde(default)]
    pub answer: Option<String>,
    #[serde(default)]
    pub answered_on: Option<String>,
}

impl BoardSignalRequest {
    fn form(self) -> SignalForm {
        SignalForm {
            sent_on: date_in(self.sent_on),
            subject: text(self.subject),
            summary: text(self.summary),
            addressee: text(self.addressee),
            answer: text(self.answer),
            answered_on: date_in(self.answered_on),
        }
    }
}

fn board_signal(v: group::SignalView) -> BoardSignal {
    BoardSignal {
        updated_at: rfc3339(v.updated_at),
        id: v.id,
        sent_on: v.sent_on,
        subject: v.subject,
        summary: v.summary,
        addressee: v.addressee,
        answer: v.answer,
        answered_on: v.answered_on,
    }
}

/// The working group: members, scope in phases, signals to the city board. Audited.
#[utoipa::path(get, path = "/api/v1/working-group", tag = "prevention", params(GroupQuery),
    responses((status = 200, body = WorkingGroup), (status = 403, body = crate::api::ApiError), (status = 404, body = crate::api::ApiError)))]
pub async fn get_working_group(
    State(state): State<AppState>,
    s: CurrentSession,
    Query(q): Query<GroupQuery>,
) -> AppResult<Response> {
    require(&s, GROUP)?;
    let o = group::required(group::overview(&state, &s, q.body.filter(|b| !b.is_empty())).await?)?;
    Ok(Json(WorkingGroup {
        id: o.group.id,
        slug: o.group.slug,
        name: o.group.name,
        members: o
            .members
            .into_iter()
            .map(|m| Member {
                seat: m.seat,
                organisation: m.organisation,
                filled: m.filled,
                optional: m.optional,
            })
            .collect(),
        phases: o
            .phases
            .into_iter()
            .map(|p| Phase {
                id: p.id,
                phase: p.phase,
                starts_on: p.starts_on,
                scope: p.scope,
                note: p.note,
                in_force: p.in_force,
            })
            .collect(),
        board_signals: o.signals.into_iter().map(board_signal).collect(),
    })
    .into_response())
}

/// Record a phase of the scope (needs `X-CSRF-Token`). Audited.
#[utoipa::path(post, path = "/api/v1/working-group/phases", tag = "prevention", request_body = PhaseRequest,
    responses((status = 201, body = OutreachCreated), (status = 403, body = RuleError), (status = 404, body = crate::api::ApiError), (status = 422, body = OutreachValidation)))]
pub async fn add_phase(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, GROUP)?;
    let tr = Tr::new(l);
    let req: PhaseRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    let slug = req.body.clone().filter(|b| !b.is_empty());
    Ok(
        match group::add_phase(&state, &s, slug, req.form()).await? {
            Ok(id) => created(id, "/api/v1/working-group".into()),
            Err(e) => refused(tr, &e, rid),
        },
    )
}

/// Change a phase (needs `X-CSRF-Token`). Audited.
#[utoipa::path(put, path = "/api/v1/working-group/phases/{id}", tag = "prevention", request_body = PhaseRequest,
    params(("id" = String, Path, description = "The phase id")),
    responses((status = 204), (status = 403, body = RuleError), (status = 404, body = crate::api::ApiError), (status = 422, body = OutreachValidation)))]
pub async fn update_phase(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, GROUP)?;
    let tr = Tr::new(l);
    let req: PhaseRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    Ok(
        match group::update_phase(&state, &s, id, req.form()).await? {
            Ok(()) => StatusCode::NO_CONTENT.into_response(),
            Err(e) => refused(tr, &e, rid),
        },
    )
}

/// Record a signal passed to the city board (needs `X-CSRF-Token`). Audited.
#[utoipa::path(post, path = "/api/v1/working-group/board-signals", tag = "prevention", request_body = BoardSignalRequest,
    responses((status = 201, body = OutreachCreated), (status = 403, body = RuleError), (status = 404, body = crate::api::ApiError), (status = 422, body = OutreachValidation)))]
pub async fn add_board_signal(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, GROUP)?;
    let tr = Tr::new(l);
    let req: BoardSignalRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    let slug = req.body.clone().filter(|b| !b.is_empty());
    Ok(
        match group::add_signal(&state, &s, slug, req.form()).await? {
            Ok(id) => created(
                id.clone(),
                format!("/api/v1/working-group/board-signals/{id}"),
            ),
            Err(e) => refused(tr, &e, rid),
        },
    )
}

/// One signal to the city board. Audited.
#[utoipa::path(get, path = "/api/v1/working-group/board-signals/{id}", tag = "prevention",
    params(("id" = String, Path, description = "The signal id")),
    responses((status = 200, body = BoardSignal), (status = 403, body = crate::api::ApiError), (status = 404, body = crate::api::ApiError)))]
pub async fn get_board_signal(
    State(state): State<AppState>,
    s: CurrentSession,
    Path(id): Path<String>,
) -> AppResult<Response> {
    require(&s, GROUP)?;
    Ok(Json(board_signal(group::open_signal(&state, &s, id).await?)).into_response())
}

/// Change a signal to the city board, e.g. record its answer (needs `X-CSRF-Token`). Audited.
#[utoipa::path(put, path = "/api/v1/working-group/board-signals/{id}", tag = "prevention", request_body = BoardSignalRequest,
    params(("id" = String, Path, description = "The signal id")),
    responses((status = 204), (status = 403, body = RuleError), (status = 404, body = crate::api::ApiError), (status = 422, body = OutreachValidation)))]
pub async fn update_board_signal(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, GROUP)?;
    let tr = Tr::new(l);
    let req: BoardSignalRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    Ok(
        match group::update_signal(&state, &s, id, req.form()).await? {
            Ok(()) => StatusCode::NO_CONTENT.into_response(),
            Err(e) => refused(tr, &e, rid),
        },
    )
}

// ---------------------------------------------------------------- silent middle

const SILENT: PreventionAction = PreventionAction::ManageSilentMiddle;

#[derive(Debug, Serialize, ToSchema)]
pub struct Advice {
    pub id: String,
    /// `local_organisation` or `page_admin`.
    pub recipient_kind: String,
    /// The organisation or the page.
    pub recipient: String,
    /// `facebook`, `instagram`, `tiktok`, `x`, `youtube`, `whatsapp`,
    /// `telegram`, `website`, `offline` or `other`.
    pub platform: String,
    pub question: String,
    pub advice: Option<String>,
    /// Tailored support (ondersteuning op maat).
    pub support: Option<String>,
    pub started_on: String,
    pub follow_up_on: Option<String>,
    /// `requested`, `advised`, `support` or `closed`.
    pub status: String,
    pub follow_up_due: bool,
    pub updated_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct AdviceList {
    pub advice_trajectories: Vec<Advice>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct AdviceRequest {
    #[serde(default)]
    pub recipient_kind: Option<String>,
    #[serde(default)]
    pub recipient: Option<String>,
    #[serde(default)]
    pub platform: Option<String>,
    #[serde(default)]
    pub question: Option<String>,
    #[serde(default)]
    pub advice: Option<String>,
    #[serde(default)]
    pub support: Option<String>,
    #[serde(default)]
    pub started_on: Option<String>,
    #[serde(default)]
    pub follow_up_on: Option<String>,
    /// `requested` when left out.
    #[serde(default)]
    pub status: Option<String>,
}

impl AdviceRequest {
    fn form(self) -> AdviceForm {
        AdviceForm {
            recipient_kind: text(self.recipient_kind),
            recipient: text(self.recipient),
            platform: text(self.platform),
            question: text(self.question),
            advice: text(self.advice),
            support: text(self.support),
            started_on: date_in(self.started_on),
            follow_up_on: date_in(self.follow_up_on),
            status: text(self.status),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CounterMessage {
    pub id: String,
    pub published_on: String,
    /// `city_website`, `social_media`, `press`, `campaign`, `event`,
    /// `newsletter` or `other`.
    pub channel: String,
    /// A theme code of the contact point and signals.
    pub theme: String,
    pub title: String,
    pub description: String,
    pub reach: Option<i32>,
    pub updated_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CounterMessageList {
    pub counter_messages: Vec<CounterMessage>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct CounterMessageRequest {
    #[serde(default)]
    pub published_on: Option<String>,
    #[serde(default)]
    pub channel: Option<String>,
    #[serde(default)]
    pub theme: Option<String>,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub reach: Option<u32>,
}

impl CounterMessageRequest {
    fn form(self) -> CounterForm {
        CounterForm {
            published_on: date_in(self.published_on),
            channel: text(self.channel),
            theme: text(self.theme),
            title: text(self.title),
            description: text(self.description),
            reach: number_in(self.reach),
        }
    }
}

/// The filters of the advice trajectories; each narrows when given. A value
/// that is not a known code is refused (422 `invalid_filter`).
#[derive(Debug, Deserialize, IntoParams)]
pub struct AdviceQuery {
    /// `requested`, `advised`, `support` or `closed`.
    pub status: Option<String>,
    /// `facebook`, `instagram`, `tiktok`, `x`, `youtube`, `whatsapp`,
    /// `telegram`, `website`, `offline` or `other`.
    pub platform: Option<String>,
}

/// The filters of the counter-messages; each narrows when given. A value
/// that is not a known code is refused (422 `invalid_filter`).
#[derive(Debug, Deserialize, IntoParams)]
pub struct CounterQuery {
    /// `city_website`, `social_media`, `press`, `campaign`, `event`,
    /// `newsletter` or `other`.
    pub channel: Option<String>,
    /// A theme code of the contact point and signals.
    pub theme: Option<String>,
}

/// A filter value of the address: empty counts as not given.
fn given(v: Option<String>) -> Option<String> {
    v.map(|x| x.trim().to_owned()).filter(|x| !x.is_empty())
}

/// A filter that must be a code of `T`: `Err` names the parameter.
fn code_filter<T: Coded>(
    v: Option<String>,
    parameter: &'static str,
) -> Result<Option<String>, &'static str> {
    match given(v) {
        None => Ok(None),
        Some(x) if T::parse(&x).is_some() => Ok(Some(x)),
        Some(_) => Err(parameter),
    }
}

/// 422 for a filter value that is not a known code.
fn invalid_filter(tr: Tr, parameter: &str, rid: &str) -> Response {
    super::cases::rule_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "invalid_filter",
        Some(tr.t_args("api-error-filter", &[("parameter", parameter.to_owned())])),
        rid,
    )
}

fn advice(v: silent::AdviceView) -> Advice {
    Advice {
        updated_at: rfc3339(v.updated_at),
        id: v.id,
        recipient_kind: v.recipient_kind,
        recipient: v.recipient,
        platform: v.platform,
        question: v.question,
        advice: v.advice,
        support: v.support,
        started_on: v.started_on,
        follow_up_on: v.follow_up_on,
        status: v.status,
        follow_up_due: v.follow_up_due,
    }
}

fn counter(v: silent::CounterView) -> CounterMessage {
    CounterMessage {
        updated_at: rfc3339(v.updated_at),
        id: v.id,
        published_on: v.published_on,
        channel: v.channel,
        theme: v.theme,
        title: v.title,
        description: v.description,
        reach: v.reach,
    }
}

/// Advice trajectories for organisations and page admins, filtered. Audited.
#[utoipa::path(get, path = "/api/v1/advice-trajectories", tag = "prevention", params(AdviceQuery),
    responses((status = 200, body = AdviceList), (status = 403, body = crate::api::ApiError),
        (status = 422, description = "`invalid_filter`: a filter is not a known code", body = RuleError)))]
pub async fn list_advice(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Query(q): Query<AdviceQuery>,
) -> AppResult<Response> {
    require(&s, SILENT)?;
    let filter = code_filter::<AdviceStatus>(q.status, "status").and_then(|status| {
        Ok(silent::Filter {
            status,
            platform: code_filter::<Platform>(q.platform, "platform")?,
            ..silent::Filter::default()
        })
    });
    let filter = match filter {
        Ok(f) => f,
        Err(p) => return Ok(invalid_filter(Tr::new(l), p, &rid)),
    };
    let o = silent::overview(&state, &s, filter).await?;
    Ok(Json(AdviceList {
        advice_trajectories: o.advice.into_iter().map(advice).collect(),
    })
    .into_response())
}

/// Record an advice trajectory (needs `X-CSRF-Token`). Audited.
#[utoipa::path(post, path = "/api/v1/advice-trajectories", tag = "prevention", request_body = AdviceRequest,
    responses((status = 201, body = OutreachCreated), (status = 403, body = RuleError), (status = 422, body = OutreachValidation)))]
pub async fn create_advice(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, SILENT)?;
    let tr = Tr::new(l);
    let req: AdviceRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    Ok(match silent::create_advice(&state, &s, req.form()).await? {
        Ok(id) => created(id.clone(), format!("/api/v1/advice-trajectories/{id}")),
        Err(e) => refused(tr, &e, rid),
    })
}

/// One advice trajectory. Audited.
#[utoipa::path(get, path = "/api/v1/advice-trajectories/{id}", tag = "prevention",
    params(("id" = String, Path, description = "The trajectory id")),
    responses((status = 200, body = Advice), (status = 403, body = crate::api::ApiError), (status = 404, body = crate::api::ApiError)))]
pub async fn get_advice(
    State(state): State<AppState>,
    s: CurrentSession,
    Path(id): Path<String>,
) -> AppResult<Response> {
    require(&s, SILENT)?;
    Ok(Json(advice(silent::open_advice(&state, &s, id).await?)).into_response())
}

/// Change an advice trajectory (needs `X-CSRF-Token`). Audited.
#[utoipa::path(put, path = "/api/v1/advice-trajectories/{id}", tag = "prevention", request_body = AdviceRequest,
    params(("id" = String, Path, description = "The trajectory id")),
    responses((status = 204), (status = 403, body = RuleError), (status = 404, body = crate::api::ApiError), (status = 422, body = OutreachValidation)))]
pub async fn update_advice(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, SILENT)?;
    let tr = Tr::new(l);
    let req: AdviceRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    Ok(
        match silent::update_advice(&state, &s, id, req.form()).await? {
            Ok(()) => StatusCode::NO_CONTENT.into_response(),
            Err(e) => refused(tr, &e, rid),
        },
    )
}

/// The city's counter-messages (tegengeluiden), filtered. Audited.
#[utoipa::path(get, path = "/api/v1/counter-messages", tag = "prevention", params(CounterQuery),
    responses((status = 200, body = CounterMessageList), (status = 403, body = crate::api::ApiError),
        (status = 422, description = "`invalid_filter`: a filter is not a known code", body = RuleError)))]
pub async fn list_counters(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Query(q): Query<CounterQuery>,
) -> AppResult<Response> {
    require(&s, SILENT)?;
    let filter = code_filter::<CounterChannel>(q.channel, "channel").and_then(|channel| {
        Ok(silent::Filter {
            channel,
            theme: code_filter::<Theme>(q.theme, "theme")?,
            ..silent::Filter::default()
        })
    });
    let filter = match filter {
        Ok(f) => f,
        Err(p) => return Ok(invalid_filter(Tr::new(l), p, &rid)),
    };
    let o = silent::overview(&state, &s, filter).await?;
    Ok(Json(CounterMessageList {
        counter_messages: o.counters.into_iter().map(counter).collect(),
    })
    .into_response())
}

/// Record a counter-message (needs `X-CSRF-Token`). Audited.
#[utoipa::path(post, path = "/api/v1/counter-messages", tag = "prevention", request_body = CounterMessageRequest,
    responses((status = 201, body = OutreachCreated), (status = 403, body = RuleError), (status = 422, body = OutreachValidation)))]
pub async fn create_counter(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, SILENT)?;
    let tr = Tr::new(l);
    let req: CounterMessageRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    Ok(
        match silent::create_counter(&state, &s, req.form()).await? {
            Ok(id) => created(id.clone(), format!("/api/v1/counter-messages/{id}")),
            Err(e) => refused(tr, &e, rid),
        },
    )
}

/// One counter-message. Audited.
#[utoipa::path(get, path = "/api/v1/counter-messages/{id}", tag = "prevention",
    params(("id" = String, Path, description = "The counter-message id")),
    responses((status = 200, body = CounterMessage), (status = 403, body = crate::api::ApiError), (status = 404, body = crate::api::ApiError)))]
pub async fn get_counter(
    State(state): State<AppState>,
    s: CurrentSession,
    Path(id): Path<String>,
) -> AppResult<Response> {
    require(&s, SILENT)?;
    Ok(Json(counter(silent::open_counter(&state, &s, id).await?)).into_response())
}

/// Change a counter-message (needs `X-CSRF-Token`). Audited.
#[utoipa::path(put, path = "/api/v1/counter-messages/{id}", tag = "prevention", request_body = CounterMessageRequest,
    params(("id" = String, Path, description = "The counter-message id")),
    responses((status = 204), (status = 403, body = RuleError), (status = 404, body = crate::api::ApiError), (status = 422, body = OutreachValidation)))]
pub async fn update_counter(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, SILENT)?;
    let tr = Tr::new(l);
    let req: CounterMessageRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    Ok(
        match silent::update_counter(&state, &s, id, req.form()).await? {
            Ok(()) => StatusCode::NO_CONTENT.into_response(),
            Err(e) => refused(tr, &e, rid),
        },
    )
}

// ---------------------------------------------------------------- workshops

const WORKSHOPS: PreventionAction = PreventionAction::ManageWorkshops;
const COVERAGE: PreventionAction = PreventionAction::ViewWorkshopCoverage;

#[derive(Debug, Serialize, ToSchema)]
pub struct School {
    pub slug: String,
    pub name: String,
    pub network: Option<String>,
    pub has_second_grade: bool,
    pub first_wave_2022: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SchoolList {
    pub schools: Vec<School>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Workshop {
    pub id: String,
    /// The school's slug.
    pub school: String,
    pub school_name: String,
    pub date: String,
    /// `planned`, `held` or `cancelled`.
    pub status: String,
    pub provider: String,
    pub classes: Option<String>,
    pub pupils: Option<i32>,
    /// `conspiracy_thinking`, `fake_news`, `identity`, `polarisation`.
    pub topics: Vec<String>,
    pub score: Option<i32>,
    pub evaluation: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct WorkshopList {
    pub workshops: Vec<Workshop>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct WorkshopRequest {
    /// A school slug of the registry.
    #[serde(default)]
    pub school: Option<String>,
    #[serde(default)]
    pub date: Option<String>,
    /// `planned` when left out.
    #[serde(default)]
    pub status: Option<String>,
    /// `StampMedia` when left out.
    #[serde(default)]
    pub provider: Option<String>,
    #[serde(default)]
    pub classes: Option<String>,
    #[serde(default)]
    pub pupils: Option<u32>,
    #[serde(default)]
    pub topics: Vec<String>,
    /// 1 to 5, once held.
    #[serde(default)]
    pub score: Option<u32>,
    #[serde(default)]
    pub evaluation: Option<String>,
}

impl WorkshopRequest {
    fn form(self) -> WorkshopForm {
        WorkshopForm {
            school: text(self.school),
            date: date_in(self.date),
            status: text(self.status),
            provider: text(self.provider),
            classes: text(self.classes),
            pupils: number_in(self.pupils),
            topics: self.topics,
            score: number_in(self.score),
            evaluation: text(self.evaluation),
        }
    }
}

/// The filters of the workshop list; each narrows when given. A value that
/// is not a known school year, school or status is refused (422).
#[derive(Debug, Deserialize, IntoParams)]
pub struct WorkshopQuery {
    /// `2026-2027`.
    pub school_year: Option<String>,
    /// A school slug of the registry (`GET /api/v1/schools`).
    pub school: Option<String>,
    /// `planned`, `held` or `cancelled`.
    pub status: Option<String>,
}

/// Which school year the coverage is of.
#[derive(Debug, Deserialize, IntoParams)]
pub struct CoverageQuery {
    /// `2026-2027`; the running school year when left out.
    pub school_year: Option<String>,
}

/// 422 for a school year that cannot be read.
fn school_year_invalid(tr: Tr, rid: &str) -> Response {
    super::cases::rule_error(
        StatusCode::UNPROCESSABLE_ENTITY,
        "school_year_invalid",
        Some(tr.t("outreach-error-school-year")),
        rid,
    )
}

/// One school in the coverage of a school year.
#[derive(Debug, Serialize, ToSchema)]
pub struct SchoolCoverage {
    pub school: String,
    pub name: String,
    /// `reached`, `planned` or `to_reach`.
    pub reach: String,
    pub held: u32,
    pub planned: u32,
    pub pupils: u32,
    pub topics: Vec<String>,
    pub dates: Vec<String>,
    /// The latest earlier school year with a held workshop.
    pub last_reached_before: Option<String>,
}

/// The coverage of a school year (1 September to 31 August). No personal data.
#[derive(Debug, Serialize, ToSchema)]
pub struct Coverage {
    pub school_year: String,
    /// Every secondary school of the registry.
    pub goal: usize,
    pub reached: usize,
    pub planned: usize,
    pub to_reach: usize,
    pub reached_ever: usize,
    pub workshops_held: u32,
    pub pupils: u32,
    pub schools: Vec<SchoolCoverage>,
}

fn workshop(v: workshops::WorkshopView) -> Workshop {
    Workshop {
        topics: topics_of(&v.topics),
        updated_at: rfc3339(v.updated_at),
        id: v.id,
        school: v.school,
        school_name: v.school_name,
        date: v.date,
        status: v.status,
        provider: v.provider,
        classes: v.classes,
        pupils: v.pupils,
        score: v.score,
        evaluation: v.evaluation,
    }
}

/// The school registry (profile data). The expert and the Stuurgroep.
#[utoipa::path(get, path = "/api/v1/schools", tag = "prevention",
    responses((status = 200, body = SchoolList), (status = 403, body = crate::api::ApiError)))]
pub async fn list_schools(State(state): State<AppState>, s: CurrentSession) -> AppResult<Response> {
    if !crate::outreach::allowed(&s, WORKSHOPS) {
        require(&s, COVERAGE)?;
    }
    let rows = workshops::schools(&state, &s).await?;
    Ok(Json(SchoolList {
        schools: rows
            .into_iter()
            .map(|r| School {
                slug: r.slug,
                name: r.name,
                network: r.network,
                has_second_grade: r.has_second_grade,
                first_wave_2022: r.first_wave_2022,
            })
            .collect(),
    })
    .into_response())
}

/// The workshops, filtered (the expert). Audited.
#[utoipa::path(get, path = "/api/v1/workshops", tag = "prevention", params(WorkshopQuery),
    responses((status = 200, body = WorkshopList), (status = 403, body = crate::api::ApiError),
        (status = 422, description = "`school_year_invalid`, or `invalid_filter`: an unknown school or status", body = RuleError)))]
pub async fn list_workshops(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Query(q): Query<WorkshopQuery>,
) -> AppResult<Response> {
    require(&s, WORKSHOPS)?;
    let tr = Tr::new(l);
    let year = match given(q.school_year) {
        None => None,
        Some(y) => match SchoolYear::parse(&y) {
            Some(y) => Some(y),
            None => return Ok(school_year_invalid(tr, &rid)),
        },
    };
    let school = given(q.school);
    if let Some(slug) = &school
        && !workshops::schools(&state, &s)
            .await?
            .iter()
            .any(|x| x.slug == *slug)
    {
        return Ok(invalid_filter(tr, "school", &rid));
    }
    let status = match code_filter::<WorkshopStatus>(q.status, "status") {
        Ok(v) => v,
        Err(p) => return Ok(invalid_filter(tr, p, &rid)),
    };
    let f = workshops::Filter {
        year,
        school,
        status,
    };
    let rows = workshops::list(&state, &s, f).await?;
    Ok(Json(WorkshopList {
        workshops: rows.into_iter().map(workshop).collect(),
    })
    .into_response())
}

/// Plan or record a workshop (needs `X-CSRF-Token`). Audited.
#[utoipa::path(post, path = "/api/v1/workshops", tag = "prevention", request_body = WorkshopRequest,
    responses((status = 201, body = OutreachCreated), (status = 403, body = RuleError), (status = 422, body = OutreachValidation)))]
pub async fn create_workshop(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, WORKSHOPS)?;
    let tr = Tr::new(l);
    let req: WorkshopRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    Ok(match workshops::create(&state, &s, req.form()).await? {
        Ok(id) => created(id.clone(), format!("/api/v1/workshops/{id}")),
        Err(e) => refused(tr, &e, rid),
    })
}

/// One workshop (the expert). Audited.
#[utoipa::path(get, path = "/api/v1/workshops/{id}", tag = "prevention",
    params(("id" = String, Path, description = "The workshop id")),
    responses((status = 200, body = Workshop), (status = 403, body = crate::api::ApiError), (status = 404, body = crate::api::ApiError)))]
pub async fn get_workshop(
    State(state): State<AppState>,
    s: CurrentSession,
    Path(id): Path<String>,
) -> AppResult<Response> {
    require(&s, WORKSHOPS)?;
    Ok(Json(workshop(workshops::open(&state, &s, id).await?)).into_response())
}

/// Change a workshop (needs `X-CSRF-Token`). Audited.
#[utoipa::path(put, path = "/api/v1/workshops/{id}", tag = "prevention", request_body = WorkshopRequest,
    params(("id" = String, Path, description = "The workshop id")),
    responses((status = 204), (status = 403, body = RuleError), (status = 404, body = crate::api::ApiError), (status = 422, body = OutreachValidation)))]
pub async fn update_workshop(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, WORKSHOPS)?;
    let tr = Tr::new(l);
    let req: WorkshopRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    Ok(match workshops::update(&state, &s, id, req.form()).await? {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => refused(tr, &e, rid),
    })
}

/// The coverage per school year (the expert and the Stuurgroep). Audited.
#[utoipa::path(get, path = "/api/v1/workshops/coverage", tag = "prevention", params(CoverageQuery),
    responses((status = 200, body = Coverage), (status = 403, body = crate::api::ApiError), (status = 422, body = RuleError)))]
pub async fn workshop_coverage(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Query(q): Query<CoverageQuery>,
) -> AppResult<Response> {
    require(&s, COVERAGE)?;
    let year = match q
        .school_year
        .as_deref()
        .map(str::trim)
        .filter(|y| !y.is_empty())
    {
        None => workshops::this_school_year(&state)?,
        Some(y) => match SchoolYear::parse(y) {
            Some(y) => y,
            None => return Ok(school_year_invalid(Tr::new(l), &rid)),
        },
    };
    let v = workshops::coverage(&state, &s, year).await?;
    let c = v.coverage;
    let names: HashMap<String, String> = v.schools.into_iter().map(|(k, s)| (k, s.name)).collect();
    Ok(Json(Coverage {
        school_year: year.label(),
        goal: c.goal,
        reached: c.reached,
        planned: c.planned,
        to_reach: c.to_reach,
        reached_ever: c.reached_ever,
        workshops_held: c.workshops_held,
        pupils: c.pupils,
        schools: c
            .schools
            .into_iter()
            .map(|sc| SchoolCoverage {
                name: names.get(&sc.school).cloned().unwrap_or_default(),
                reach: sc.reach.code().to_owned(),
                held: sc.held,
                planned: sc.planned,
                pupils: sc.pupils,
                topics: sc.topics.iter().map(|t| t.code().to_owned()).collect(),
                dates: sc.dates.iter().map(|d| d.to_iso()).collect(),
                last_reached_before: sc.last_reached_before.map(|y| y.label()),
                school: sc.school,
            })
            .collect(),
    })
    .into_response())
}

// ---------------------------------------------------------------- action plan

const PLAN_VIEW: PreventionAction = PreventionAction::ViewActionPlan;
const PLAN_MANAGE: PreventionAction = PreventionAction::ManageActionPlan;
const PLAN_EVALUATE: PreventionAction = PreventionAction::EvaluateActionPlan;

#[derive(Debug, Serialize, ToSchema)]
pub struct Evaluation {
    pub id: String,
    /// `2026` or `2026-H2`.
    pub period: String,
    pub note: String,
    /// The writer's organisation (never the person).
    pub by_organisation: String,
    /// The writer's role code.
    pub by_role: String,
    pub created_at: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Measure {
    pub code: String,
    pub title: String,
    /// `preventie` or `curatie`.
    pub chapter: String,
    pub owner_id: Option<String>,
    pub owner: String,
    pub indicators: Option<String>,
    /// `not_started`, `in_progress`, `done` or `stopped`.
    pub status: String,
    pub updated_at: Option<String>,
    pub evaluations: Vec<Evaluation>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StatusCount {
    pub status: String,
    pub count: usize,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ActionPlan {
    pub measures: Vec<Measure>,
    pub counts: Vec<StatusCount>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct MeasureRequest {
    /// An organisation id of the LIVC-R, or null.
    #[serde(default)]
    pub owner_id: Option<String>,
    #[serde(default)]
    pub indicators: Option<String>,
    #[serde(default)]
    pub status: Option<String>,
}

#[derive(Debug, Deserialize, ToSchema)]
pub struct ActionPlanEvaluationRequest {
    /// `2026`, `2026-H1` or `2026-H2`; a period that has begun.
    #[serde(default)]
    pub period: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

fn measure(m: plan::MeasureView) -> Measure {
    Measure {
        updated_at: m.updated_at.map(rfc3339),
        evaluations: m
            .evaluations
            .into_iter()
            .map(|e| Evaluation {
                created_at: rfc3339(e.created_at),
                id: e.id,
                period: e.period,
                note: e.note,
                by_organisation: e.by_organisation,
                by_role: e.by_role,
            })
            .collect(),
        code: m.code,
        title: m.title,
        chapter: m.chapter,
        owner_id: m.owner_id,
        owner: m.owner,
        indicators: m.indicators,
        status: m.status,
    }
}

/// The action plan (the expert and the Stuurgroep). Audited.
#[utoipa::path(get, path = "/api/v1/action-plan", tag = "prevention",
    responses((status = 200, body = ActionPlan), (status = 403, body = crate::api::ApiError)))]
pub async fn get_action_plan(
    State(state): State<AppState>,
    s: CurrentSession,
) -> AppResult<Response> {
    require(&s, PLAN_VIEW)?;
    let p = plan::plan(&state, &s).await?;
    Ok(Json(ActionPlan {
        counts: p
            .counts
            .iter()
            .map(|(st, n)| StatusCount {
                status: st.code().to_owned(),
                count: *n,
            })
            .collect(),
        measures: p.measures.into_iter().map(measure).collect(),
    })
    .into_response())
}

/// One measure with its evaluation notes. Audited.
#[utoipa::path(get, path = "/api/v1/action-plan/{id}", tag = "prevention",
    params(("id" = String, Path, description = "The measure's code, e.g. P3.2 (its id in the API)")),
    responses((status = 200, body = Measure), (status = 403, body = crate::api::ApiError), (status = 404, body = crate::api::ApiError)))]
pub async fn get_measure(
    State(state): State<AppState>,
    s: CurrentSession,
    Path(code): Path<String>,
) -> AppResult<Response> {
    require(&s, PLAN_VIEW)?;
    Ok(Json(measure(plan::measure(&state, &s, code).await?)).into_response())
}

/// Record a measure's owner, indicators and status (the expert; needs `X-CSRF-Token`). Audited.
#[utoipa::path(put, path = "/api/v1/action-plan/{id}", tag = "prevention", request_body = MeasureRequest,
    params(("id" = String, Path, description = "The measure's code, e.g. P3.2 (its id in the API)")),
    responses((status = 204), (status = 403, body = RuleError), (status = 404, body = crate::api::ApiError), (status = 422, body = OutreachValidation)))]
pub async fn update_measure(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(code): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, PLAN_MANAGE)?;
    let tr = Tr::new(l);
    let req: MeasureRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    let form = EntryForm {
        owner: text(req.owner_id),
        indicators: text(req.indicators),
        status: text(req.status),
    };
    Ok(match plan::update(&state, &s, code, form).await? {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => refused(tr, &e, rid),
    })
}

/// Write an evaluation note on a measure (the Stuurgroep and the expert;
/// needs `X-CSRF-Token`). Audited.
#[utoipa::path(post, path = "/api/v1/action-plan/{id}/evaluations", tag = "prevention", request_body = ActionPlanEvaluationRequest,
    params(("id" = String, Path, description = "The measure's code, e.g. P3.2 (its id in the API)")),
    responses((status = 201, body = OutreachCreated), (status = 403, body = RuleError), (status = 404, body = crate::api::ApiError), (status = 422, body = OutreachValidation)))]
pub async fn evaluate_measure(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(code): Path<String>,
    body: Result<Json<serde_json::Value>, JsonRejection>,
) -> AppResult<Response> {
    require(&s, PLAN_EVALUATE)?;
    let tr = Tr::new(l);
    let req: ActionPlanEvaluationRequest = match object_body(body, tr, &rid) {
        Ok(r) => r,
        Err(res) => return Ok(*res),
    };
    let form = EvaluationForm {
        period: text(req.period),
        note: text(req.note),
    };
    Ok(
        match plan::evaluate(&state, &s, code.clone(), form).await? {
            Ok(id) => created(id, format!("/api/v1/action-plan/{code}")),
            Err(e) => refused(tr, &e, rid),
        },
    )
}
