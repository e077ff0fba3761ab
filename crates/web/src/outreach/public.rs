//! The public kennisbank: `/kennisbank` (the published pages) and
//! `/kennisbank/{slug}` (one page), no account. The visitor reads each page
//! in their language (the language switch), Dutch when there is no
//! translation; every page points to the contact point. A deployment with
//! several LIVC-Rs asks which one first (`?livc=slug`). Drafts and unknown
//! addresses are "not found".

use std::collections::HashMap;

use askama::Template;
use askama_web::WebTemplate;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use verbind_domain::Locale;
use verbind_domain::prevention::knowledge_base::{Block, Topic};
use verbind_store::models::tenant::{self, Tenant};

use super::knowledge::{self as service, PublicPage};
use super::set_labels;
use crate::error::{AppError, AppResult};
use crate::i18n::{Tr, format_date};
use crate::middleware::session::{MaybeSession, PRE_COOKIE, PreToken, RequestLocale, host_cookie};
use crate::state::AppState;
use crate::views::Page;

/// Which LIVC-R the visitor reads.
enum Target {
    One(Tenant),
    Choose(Vec<Tenant>),
}

async fn target(state: &AppState, q: &HashMap<String, String>) -> AppResult<Target> {
    let all = state.read(|c, _| tenant::list(c)).await?;
    match q.get("livc").map(|s| s.trim()).filter(|s| !s.is_empty()) {
        Some(slug) => all
            .into_iter()
            .find(|t| t.slug == slug)
            .map(Target::One)
            .ok_or_else(AppError::not_found),
        None if all.len() == 1 => all
            .into_iter()
            .next()
            .map(Target::One)
            .ok_or_else(AppError::not_found),
        None if all.is_empty() => Err(AppError::not_found()),
        None => Ok(Target::Choose(all)),
    }
}

/// The frame: the session's for a logged-in visitor, the anonymous one
/// (with the pre-session CSRF cookie for the language switch) otherwise.
fn frame(
    state: &AppState,
    tr: Tr,
    session: &MaybeSession,
    pre: PreToken,
    title: &str,
    back: &str,
) -> (Page, Option<String>) {
    match &session.0 {
        Some(s) => (
            Page::for_session(tr, state.config.demo, s, title, "").with_back(back),
            None,
        ),
        None => {
            let (csrf, new_cookie) = pre.for_form();
            (
                Page::anonymous(tr, state.config.demo, csrf, title).with_back(back),
                new_cookie,
            )
        }
    }
}

fn with_cookie(mut res: Response, new_cookie: Option<String>) -> Response {
    if let Some(t) = new_cookie {
        res.headers_mut()
            .append(header::SET_COOKIE, host_cookie(PRE_COOKIE, &t, None));
    }
    res
}

/// A page in the public list.
pub struct Item {
    pub href: String,
    pub title: String,
    pub summary: String,
    pub topics: String,
    /// The language of the text when it is not the visitor's (`nl`), else "".
    pub lang: &'static str,
}

#[derive(Template, WebTemplate)]
#[template(path = "outreach/kennisbank_public_list.html")]
pub struct ListPage {
    pub page: Page,
    pub livc: String,
    pub items: Vec<Item>,
    pub contact_href: String,
}

#[derive(Template, WebTemplate)]
#[template(path = "outreach/kennisbank_choose.html")]
pub struct ChoosePage {
    pub page: Page,
    pub tenants: Vec<(String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "outreach/kennisbank_public_page.html")]
pub struct ArticlePage {
    pub page: Page,
    pub title: String,
    pub summary: String,
    pub blocks: Vec<Block>,
    pub topics: String,
    /// `nl` when the Dutch text stands in for the visitor's language, else "".
    pub lang: &'static str,
    pub updated: String,
    pub list_href: String,
    pub contact_href: String,
}

fn suffix(t: &Tenant, several: bool) -> String {
    if several {
        format!("?livc={}", t.slug)
    } else {
        String::new()
    }
}

fn contact_href(t: &Tenant, several: bool) -> String {
    if several {
        format!("/aanspreekpunt/{}", t.slug)
    } else {
        "/aanspreekpunt".to_owned()
    }
}

fn fallback_lang(shown: Locale, wanted: Locale) -> &'static str {
    if shown == wanted {
        ""
    } else {
        shown.html_lang()
    }
}

async fn several(state: &AppState) -> AppResult<bool> {
    Ok(state.read(|c, _| tenant::list(c)).await?.len() > 1)
}

/// GET /kennisbank
pub async fn list(
    State(state): State<AppState>,
    session: MaybeSession,
    pre: PreToken,
    RequestLocale(l): RequestLocale,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    match target(&state, &q).await? {
        Target::Choose(all) => {
            let (page, cookie) =
                frame(&state, tr, &session, pre, "kennisbank-title", "/kennisbank");
            let res = ChoosePage {
                page,
                tenants: all.into_iter().map(|t| (t.slug, t.name)).collect(),
            }
            .into_response();
            Ok(with_cookie(res, cookie))
        }
        Target::One(t) => {
            let many = several(&state).await?;
            let sfx = suffix(&t, many);
            let pages: Vec<PublicPage> = service::public_list(&state, t.tenant_id(), l).await?;
            let back = format!("/kennisbank{sfx}");
            let (page, cookie) = frame(&state, tr, &session, pre, "kennisbank-title", &back);
            let res = ListPage {
                page,
                livc: t.name.clone(),
                items: pages
                    .into_iter()
                    .map(|p| Item {
                        href: format!("/kennisbank/{}{sfx}", p.slug),
                        lang: fallback_lang(p.locale, l),
                        topics: set_labels::<Topic>(tr, "kennisbank-topic", &p.topics),
                        title: p.title,
                        summary: p.summary.unwrap_or_default(),
                    })
                    .collect(),
                contact_href: contact_href(&t, many),
            }
            .into_response();
            Ok(with_cookie(res, cookie))
        }
    }
}

/// GET /kennisbank/{slug}
pub async fn page(
    State(state): State<AppState>,
    session: MaybeSession,
    pre: PreToken,
    RequestLocale(l): RequestLocale,
    Path(slug): Path<String>,
    Query(q): Query<HashMap<String, String>>,
) -> AppResult<Response> {
    let tr = Tr::new(l);
    let t = match target(&state, &q).await? {
        Target::One(t) => t,
        // Which LIVC-R's page is meant is unknown: the list asks.
        Target::Choose(_) => return Err(AppError::not_found()),
    };
    let many = several(&state).await?;
    let sfx = suffix(&t, many);
    let p = service::public_page(&state, t.tenant_id(), slug, l).await?;
    let back = format!("/kennisbank/{}{sfx}", p.slug);
    let (mut page, cookie) = frame(&state, tr, &session, pre, "kennisbank-title", &back);
    page.title = p.title.clone();
    let res = ArticlePage {
        page,
        lang: fallback_lang(p.locale, l),
        topics: set_labels::<Topic>(tr, "kennisbank-topic", &p.topics),
        updated: format_date(p.updated_at),
        title: p.title,
        summary: p.summary.unwrap_or_default(),
        blocks: p.blocks,
        list_href: format!("/kennisbank{sfx}"),
        contact_href: contact_href(&t, many),
    }
    .into_response();
    Ok(with_cookie(res, cookie))
}
