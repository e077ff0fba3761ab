//! The Stuurgroep report as a page (with print CSS), a PDF, a CSV per table
//! and JSON. Each handler parses the period, then asks
//! [`service::stuurgroep`], which asks the policy and audits.

use askama::Template;
use askama_web::WebTemplate;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use verbind_domain::policy::Action;

use super::document::{Document, TableView};
use super::service::{self, Format, ReportRequest, RequestError};
use super::{chart, csv, pdf};
use crate::api::cases::rule_error;
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::middleware::request_id::RequestId;
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::Page;

/// `?periode=2026&k=5` on the pages; the API also accepts `period`.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ReportQuery {
    /// `2026`, `2026-S1`, `2026-Q3`, `2026-05` or `2026-01-01..2026-06-30`;
    /// the current year when left out.
    #[serde(alias = "period")]
    pub periode: Option<String>,
    /// The suppression threshold: at least the configured one (default 5).
    pub k: Option<String>,
}

pub struct SectionView {
    pub id: String,
    pub heading: String,
    pub intro: Option<String>,
    /// Ready SVG (escaped by the chart renderer).
    pub charts: Vec<String>,
    pub tables: Vec<TableView>,
}

#[derive(Template, WebTemplate)]
#[template(path = "report/stuurgroep.html")]
pub struct ReportPage {
    pub page: Page,
    pub doc_title: String,
    pub subtitle: String,
    pub generated: String,
    pub notice: String,
    pub sections: Vec<SectionView>,
    /// The period as a query value (`2026-01-01..2026-12-31`), for the links.
    pub period: String,
    /// What the reader typed, shown back in the form.
    pub period_input: String,
    pub k: String,
    pub error: Option<String>,
}

fn period_query(req: &ReportRequest) -> String {
    format!(
        "{}..{}&k={}",
        req.period.from.to_iso(),
        req.period.to.to_iso(),
        req.k.get()
    )
}

/// GET /rapport/stuurgroep
pub async fn page(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Query(q): Query<ReportQuery>,
) -> AppResult<Response> {
    s.require(Action::ViewStuurgroepReport)?;
    let tr = Tr::new(l);
    let page = Page::for_session(
        tr,
        state.config.demo,
        &s,
        "report-title",
        "/rapport/stuurgroep",
    );
    let input = q.periode.clone().unwrap_or_default();
    let req = match service::parse_request(&state, q.periode.as_deref(), q.k.as_deref()) {
        Ok(r) => r,
        Err(e) => {
            let body = ReportPage {
                page,
                doc_title: tr.t("report-title"),
                subtitle: String::new(),
                generated: String::new(),
                notice: String::new(),
                sections: vec![],
                period: String::new(),
                period_input: input,
                k: q.k.unwrap_or_default(),
                error: Some(tr.t(e.message_key)),
            };
            return Ok((StatusCode::BAD_REQUEST, body).into_response());
        }
    };
    let doc = service::stuurgroep(&state, &s, req, Format::Page, tr).await?;
    let sections = doc
        .sections
        .into_iter()
        .map(|sec| SectionView {
            id: sec.id,
            heading: sec.heading,
            intro: sec.intro,
            charts: sec.charts.iter().map(chart::svg).collect(),
            tables: sec.tables,
        })
        .collect();
    Ok(ReportPage {
        page,
        doc_title: doc.title,
        subtitle: doc.subtitle,
        generated: doc.generated,
        notice: doc.notice,
        sections,
        period: period_query(&req),
        period_input: if input.is_empty() {
            req.period.from.year().to_string()
        } else {
            input
        },
        k: req.k.get().to_string(),
        error: None,
    }
    .into_response())
}

fn attachment(body: Vec<u8>, content_type: &'static str, file: &str) -> Response {
    let mut res = (StatusCode::OK, body).into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    if let Ok(v) = HeaderValue::from_str(&format!("attachment; filename=\"{file}\"")) {
        res.headers_mut().insert(header::CONTENT_DISPOSITION, v);
    }
    res
}

fn refused(tr: Tr, e: RequestError, rid: &str) -> Response {
    rule_error(
        StatusCode::BAD_REQUEST,
        e.code,
        Some(tr.t(e.message_key)),
        rid,
    )
}

/// The report for a download or the API: the policy first, then the
/// period and k (a 400 that says what to fix), then the document.
async fn made(
    state: &AppState,
    s: &CurrentSession,
    l: verbind_domain::Locale,
    rid: &str,
    q: &ReportQuery,
    format: Format,
) -> AppResult<Result<(ReportRequest, Document), Box<Response>>> {
    s.require(Action::ViewStuurgroepReport)?;
    let tr = Tr::new(l);
    let req = match service::parse_request(state, q.periode.as_deref(), q.k.as_deref()) {
        Ok(r) => r,
        Err(e) => return Ok(Err(Box::new(refused(tr, e, rid)))),
    };
    let doc = service::stuurgroep(state, s, req, format, tr).await?;
    Ok(Ok((req, doc)))
}

/// GET /rapport/stuurgroep.pdf
pub async fn pdf_file(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Query(q): Query<ReportQuery>,
) -> AppResult<Response> {
    let (req, doc) = match made(&state, &s, l, &rid, &q, Format::Pdf).await? {
        Ok(made) => made,
        Err(refusal) => return Ok(*refusal),
    };
    let bytes = pdf::render(&doc);
    Ok(attachment(
        bytes,
        "application/pdf",
        &format!("stuurgroep_{}.pdf", req.period.slug()),
    ))
}

/// The table `id` of a document, if it has one.
fn table<'a>(doc: &'a Document, id: &str) -> Option<&'a TableView> {
    doc.sections
        .iter()
        .flat_map(|s| s.tables.iter())
        .find(|t| t.id == id)
}

/// GET /rapport/stuurgroep/csv/{table}
pub async fn csv_file(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Path(id): Path<String>,
    Query(q): Query<ReportQuery>,
) -> AppResult<Response> {
    let (req, doc) = match made(&state, &s, l, &rid, &q, Format::Csv).await? {
        Ok(made) => made,
        Err(refusal) => return Ok(*refusal),
    };
    let Some(t) = table(&doc, &id) else {
        return Err(AppError::not_found());
    };
    Ok(attachment(
        csv::table_csv(t).into_bytes(),
        "text/csv; charset=utf-8",
        &format!("{}_{}", req.period.slug(), csv::file_name(t)),
    ))
}

/// The report as JSON: the same document the page, PDF and CSV render.
#[utoipa::path(get, path = "/api/v1/reports/stuurgroep", tag = "reports",
    params(ReportQuery),
    responses(
        (status = 200, body = Document, description = "The anonymised, disclosure-controlled report"),
        (status = 400, body = crate::api::ApiError, description = "The period or k is not valid"),
        (status = 403, body = crate::api::ApiError, description = "Only the Stuurgroep and the expert")))]
pub async fn api(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    RequestId(rid): RequestId,
    Query(q): Query<ReportQuery>,
) -> AppResult<Response> {
    let (_, doc) = match made(&state, &s, l, &rid, &q, Format::Json).await? {
        Ok(made) => made,
        Err(refusal) => return Ok(*refusal),
    };
    Ok(Json(doc).into_response())
}
