//! The expert's pages of the kennisbank: `/kennisbank/beheer` (every page,
//! drafts too, and loading the default set), `/kennisbank/beheer/nieuw` and
//! `/kennisbank/beheer/{id}` (the page in Dutch, French and English, its
//! topics and whether it is published).

use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use verbind_domain::Locale;
use verbind_domain::policy::PreventionAction;
use verbind_domain::prevention::knowledge_base::{
    BODY_MAX_CHARS, PageStatus, Part, SUMMARY_MAX_CHARS, TITLE_MAX_CHARS, Topic, field,
};
use verbind_domain::prevention::outreach::FieldErrors;

use super::knowledge::{self as service, PageForm, TextForm};
use super::{
    Choice, Refusals, choices, choices_multi, form_body, label, refused_page, require, set_labels,
};
use crate::contact::FormData;
use crate::error::AppResult;
use crate::i18n::{Tr, format_datetime};
use crate::middleware::session::{CurrentSession, RequestLocale};
use crate::state::AppState;
use crate::views::Page;

const MANAGE: PreventionAction = PreventionAction::ManageKnowledgeBase;

/// The form's field names: `titel_nl`, `samenvatting_fr`, `tekst_en`, ...
fn name(locale: Locale, part: Part) -> String {
    let p = match part {
        Part::Title => "titel",
        Part::Summary => "samenvatting",
        Part::Body => "tekst",
    };
    format!("{p}_{}", short(locale))
}

fn short(locale: Locale) -> &'static str {
    match locale {
        Locale::NlBe => "nl",
        Locale::FrBe => "fr",
        Locale::En => "en",
    }
}

fn page_form(data: &FormData) -> PageForm {
    let text = |l: Locale| TextForm {
        title: data.get(&name(l, Part::Title)).to_owned(),
        summary: data.get(&name(l, Part::Summary)).to_owned(),
        body: data.get(&name(l, Part::Body)).to_owned(),
    };
    PageForm {
        slug: data.get("adres").to_owned(),
        topics: data.all("onderwerp"),
        status: data.get("status").to_owned(),
        nl: text(Locale::NlBe),
        fr: text(Locale::FrBe),
        en: text(Locale::En),
    }
}

// ------------------------------------------------------------ list

pub struct Line {
    pub id: String,
    pub slug: String,
    pub title: String,
    pub status: String,
    pub published: bool,
    pub languages: String,
    pub topics: String,
    pub updated: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "outreach/kennisbank_admin.html")]
pub struct ListPage {
    pub page: Page,
    pub lines: Vec<Line>,
}

/// GET /kennisbank/beheer
pub async fn list(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let tr = Tr::new(l);
    let rows = service::list(&state, &s).await?;
    Ok(ListPage {
        page: Page::for_session(
            tr,
            state.config.demo,
            &s,
            "kennisbank-admin-title",
            "/kennisbank/beheer",
        ),
        lines: rows
            .into_iter()
            .map(|r| Line {
                status: label::<PageStatus>(tr, "kennisbank-status", &r.status),
                published: r.status == "published",
                languages: Locale::ALL
                    .iter()
                    .filter(|x| r.locales.iter().any(|t| t == x.tag()))
                    .map(|x| x.native_name())
                    .collect::<Vec<_>>()
                    .join(", "),
                topics: set_labels::<Topic>(tr, "kennisbank-topic", &r.topics),
                updated: format_datetime(r.updated_at),
                id: r.id,
                slug: r.slug,
                title: r.title,
            })
            .collect(),
    }
    .into_response())
}

/// POST /kennisbank/beheer/standaard: adds the default pages as drafts.
pub async fn load_defaults(
    State(state): State<AppState>,
    s: CurrentSession,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    service::load_defaults(&state, &s).await?;
    Ok(Redirect::to("/kennisbank/beheer").into_response())
}

// ------------------------------------------------------------ edit

/// One language's fields on the form.
pub struct LangFields {
    /// `nl`, `fr`, `en`: the suffix of the field names and ids.
    pub key: &'static str,
    /// `nl`, `fr`, `en` for the `lang` attribute of the inputs.
    pub html_lang: &'static str,
    pub legend: String,
    pub required: bool,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub title_error: Option<String>,
    pub summary_error: Option<String>,
    pub body_error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "outreach/kennisbank_edit.html")]
pub struct EditPage {
    pub page: Page,
    pub heading: String,
    pub action: String,
    /// The public address, when the page is published.
    pub public_href: Option<String>,
    pub slug: String,
    pub topics: Vec<Choice>,
    pub statuses: Vec<Choice>,
    pub langs: Vec<LangFields>,
    pub errors: Refusals,
    pub title_max: usize,
    pub summary_max: usize,
    pub body_max: usize,
    pub updated: String,
}

#[allow(clippy::too_many_arguments)]
fn edit_page(
    state: &AppState,
    s: &CurrentSession,
    tr: Tr,
    id: Option<&str>,
    form: &PageForm,
    errors: &FieldErrors,
    public_href: Option<String>,
    updated: String,
) -> EditPage {
    let errors = Refusals::new(tr, errors);
    let langs = Locale::ALL
        .into_iter()
        .map(|l| {
            let t = form.text(l);
            LangFields {
                key: short(l),
                html_lang: l.html_lang(),
                legend: tr.t(&format!("kennisbank-language-{}", short(l))),
                required: l == Locale::NlBe,
                title: t.title.clone(),
                summary: t.summary.clone(),
                body: t.body.clone(),
                title_error: errors.get(field(l, Part::Title)).map(str::to_owned),
                summary_error: errors.get(field(l, Part::Summary)).map(str::to_owned),
                body_error: errors.get(field(l, Part::Body)).map(str::to_owned),
            }
        })
        .collect();
    let (title_key, action) = match id {
        Some(id) => ("kennisbank-edit-title", format!("/kennisbank/beheer/{id}")),
        None => (
            "kennisbank-new-title",
            "/kennisbank/beheer/nieuw".to_owned(),
        ),
    };
    let status = if form.status.is_empty() {
        "draft"
    } else {
        form.status.as_str()
    };
    EditPage {
        page: Page::for_session(tr, state.config.demo, s, title_key, "/kennisbank/beheer"),
        heading: tr.t(title_key),
        action,
        public_href,
        slug: form.slug.clone(),
        topics: choices_multi::<Topic>(tr, "kennisbank-topic", &form.topics),
        statuses: choices::<PageStatus>(tr, "kennisbank-status", status),
        langs,
        errors,
        title_max: TITLE_MAX_CHARS,
        summary_max: SUMMARY_MAX_CHARS,
        body_max: BODY_MAX_CHARS,
        updated,
    }
}

/// GET /kennisbank/beheer/nieuw
pub async fn new_form(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let form = PageForm::default();
    Ok(edit_page(
        &state,
        &s,
        Tr::new(l),
        None,
        &form,
        &Vec::new(),
        None,
        String::new(),
    )
    .into_response())
}

/// POST /kennisbank/beheer/nieuw
pub async fn create(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let form = page_form(&form_body(&headers, &body)?);
    match service::create(&state, &s, form.clone()).await? {
        Ok(id) => Ok(Redirect::to(&format!("/kennisbank/beheer/{id}")).into_response()),
        Err(e) => Ok(refused_page(edit_page(
            &state,
            &s,
            Tr::new(l),
            None,
            &form,
            &e,
            None,
            String::new(),
        ))),
    }
}

/// GET /kennisbank/beheer/{id}
pub async fn edit_form(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let v = service::open(&state, &s, id).await?;
    let public = (v.status == "published").then(|| format!("/kennisbank/{}", v.slug));
    Ok(edit_page(
        &state,
        &s,
        Tr::new(l),
        Some(&v.id),
        &v.form(),
        &Vec::new(),
        public,
        format_datetime(v.updated_at),
    )
    .into_response())
}

/// POST /kennisbank/beheer/{id}
pub async fn update(
    State(state): State<AppState>,
    s: CurrentSession,
    RequestLocale(l): RequestLocale,
    Path(id): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    require(&s, MANAGE)?;
    let form = page_form(&form_body(&headers, &body)?);
    match service::update(&state, &s, id.clone(), form.clone()).await? {
        Ok(()) => Ok(Redirect::to(&format!("/kennisbank/beheer/{id}")).into_response()),
        Err(e) => {
            let v = service::open(&state, &s, id).await?;
            let public = (v.status == "published").then(|| format!("/kennisbank/{}", v.slug));
            Ok(refused_page(edit_page(
                &state,
                &s,
                Tr::new(l),
                Some(&v.id),
                &form,
                &e,
                public,
                format_datetime(v.updated_at),
            )))
        }
    }
}
