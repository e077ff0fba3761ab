//! The public form of the contact point: `/aanspreekpunt` (the deployment's
//! LIVC-R when it serves one; a choice otherwise) and `/aanspreekpunt/{slug}`.
//! No account. CSRF as the login form does for anonymous visitors (the
//! pre-session cookie); throttled per source; a honeypot field; size limits
//! with messages next to the fields. The confirmation never echoes what was
//! sent: it is a redirect to a page that knows nothing of the message.

use askama::Template;
use askama_web::WebTemplate;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use verbind_domain::Locale;
use verbind_domain::prevention::coded::Coded;
use verbind_domain::prevention::contact::{
    FieldErrors, MESSAGE_MAX_CHARS, RETENTION_MONTHS, RequestKind, RequesterKind,
};
use verbind_store::models::tenant::{self, Tenant};

use super::service::{self, PublicForm, PublicOutcome};
use super::{BodyProblem, FormData};
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::middleware::client::ClientSource;
use crate::middleware::session::{MaybeSession, PRE_COOKIE, PreToken, RequestLocale, host_cookie};
use crate::state::AppState;
use crate::views::Page;

/// The form's field names, Dutch as the other forms.
pub mod field {
    pub const KIND: &str = "soort";
    pub const MESSAGE: &str = "bericht";
    pub const REQUESTER: &str = "ik_ben";
    pub const NAME: &str = "naam";
    pub const EMAIL: &str = "email";
    pub const PHONE: &str = "telefoon";
    pub const PREFERRED: &str = "voorkeur";
    pub const CONSENT: &str = "toestemming";
    /// The honeypot: hidden from people (and screen readers), filled by bots.
    pub const HONEYPOT: &str = "website";
}

/// A choice with its translated label.
pub struct Choice {
    pub code: &'static str,
    pub label: String,
    pub selected: bool,
}

fn choices<T: Coded>(tr: Tr, prefix: &str, current: &str) -> Vec<Choice> {
    T::ALL
        .iter()
        .map(|v| Choice {
            code: v.code(),
            label: tr.t(&v.label_key(prefix)),
            selected: v.code() == current,
        })
        .collect()
}

#[derive(Template, WebTemplate)]
#[template(path = "contact/public_form.html")]
pub struct FormPage {
    pub page: Page,
    pub action: String,
    pub form: PublicForm,
    pub kinds: Vec<Choice>,
    pub requesters: Vec<Choice>,
    /// A message for the whole form (throttled, unreadable, not a form).
    pub alert: Option<String>,
    pub errors: Vec<(&'static str, String)>,
    pub who: String,
    pub max_chars: usize,
    pub message_help: String,
    pub privacy_who: String,
    pub privacy_how_long: String,
    /// How to reach the data protection officer, from the profile.
    pub privacy_contact: Option<String>,
}

impl FormPage {
    pub fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "contact/public_choose.html")]
pub struct ChoosePage {
    pub page: Page,
    pub tenants: Vec<(String, String)>,
}

#[derive(Template, WebTemplate)]
#[template(path = "contact/public_done.html")]
pub struct DonePage {
    pub page: Page,
}

/// The form's CSRF token: the session's for a logged-in visitor (the
/// middleware checks that one), the pre-session cookie's otherwise.
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

/// Which LIVC-R a visitor writes to: the one named, or the only one.
enum Target {
    One(Tenant),
    Choose(Vec<Tenant>),
}

async fn target(state: &AppState, slug: Option<String>) -> AppResult<Target> {
    let all = state.read(|c, _| tenant::list(c)).await?;
    match slug {
        Some(slug) => all
            .into_iter()
            .find(|t| t.slug == slug)
            .map(Target::One)
            .ok_or_else(AppError::not_found),
        None if all.len() == 1 => Ok(all
            .into_iter()
            .next()
            .map(Target::One)
            .ok_or_else(AppError::not_found)?),
        None if all.is_empty() => Err(AppError::not_found()),
        None => Ok(Target::Choose(all)),
    }
}

fn form_path(slug: Option<&str>) -> String {
    match slug {
        Some(s) => format!("/aanspreekpunt/{s}"),
        None => "/aanspreekpunt".to_owned(),
    }
}

#[allow(clippy::too_many_arguments)]
async fn form_page(
    state: &AppState,
    locale: Locale,
    session: MaybeSession,
    pre: PreToken,
    t: &Tenant,
    action: String,
    form: PublicForm,
    alert: Option<String>,
    errors: &FieldErrors,
) -> AppResult<Response> {
    let tr = Tr::new(locale);
    let tid = t.tenant_id();
    let towns = state
        .read(move |c, _| tenant::municipalities(c, &tid))
        .await?
        .into_iter()
        .map(|m| m.name)
        .collect::<Vec<_>>()
        .join(", ");
    let (page, new_cookie) = frame(state, tr, &session, pre, "contact-point-title", &action);
    let errors = errors
        .iter()
        .map(|(f, e)| (*f, tr.t_args(e.message_key(), &e.args())))
        .collect();
    let kinds = choices::<RequestKind>(tr, "contact-kind", &form.kind);
    let requesters = choices::<RequesterKind>(tr, "contact-requester", &form.requester);
    let res = FormPage {
        page,
        action,
        kinds,
        requesters,
        alert,
        errors,
        who: t.name.clone(),
        max_chars: MESSAGE_MAX_CHARS,
        message_help: tr.t_args(
            "contact-point-message-help",
            &[("max", MESSAGE_MAX_CHARS.to_string())],
        ),
        privacy_who: tr.t_args(
            "contact-point-privacy-who",
            &[("towns", towns), ("livc", t.name.clone())],
        ),
        privacy_how_long: tr.t_args(
            "contact-point-privacy-how-long",
            &[("months", RETENTION_MONTHS.to_string())],
        ),
        privacy_contact: t.privacy_contact.clone(),
        form,
    }
    .into_response();
    Ok(with_cookie(res, new_cookie))
}

async fn show_target(
    state: AppState,
    session: MaybeSession,
    locale: Locale,
    pre: PreToken,
    slug: Option<String>,
) -> AppResult<Response> {
    match target(&state, slug.clone()).await? {
        Target::One(t) => {
            form_page(
                &state,
                locale,
                session,
                pre,
                &t,
                form_path(slug.as_deref()),
                PublicForm::default(),
                None,
                &Vec::new(),
            )
            .await
        }
        Target::Choose(all) => {
            let tr = Tr::new(locale);
            let (page, new_cookie) = frame(
                &state,
                tr,
                &session,
                pre,
                "contact-point-title",
                "/aanspreekpunt",
            );
            let res = ChoosePage {
                page,
                tenants: all.into_iter().map(|t| (t.slug, t.name)).collect(),
            }
            .into_response();
            Ok(with_cookie(res, new_cookie))
        }
    }
}

/// GET /aanspreekpunt
pub async fn show(
    State(state): State<AppState>,
    session: MaybeSession,
    RequestLocale(locale): RequestLocale,
    pre: PreToken,
) -> AppResult<Response> {
    show_target(state, session, locale, pre, None).await
}

/// GET /aanspreekpunt/{slug}
pub async fn show_for(
    State(state): State<AppState>,
    Path(slug): Path<String>,
    session: MaybeSession,
    RequestLocale(locale): RequestLocale,
    pre: PreToken,
) -> AppResult<Response> {
    show_target(state, session, locale, pre, Some(slug)).await
}

fn wait_text(tr: Tr, seconds: i64) -> String {
    if seconds <= 1 {
        tr.t("contact-point-wait-one-second")
    } else if seconds < 90 {
        tr.t_args(
            "contact-point-wait-seconds",
            &[("n", seconds.max(1).to_string())],
        )
    } else {
        tr.t_args(
            "contact-point-wait-minutes",
            &[("n", ((seconds + 59) / 60).to_string())],
        )
    }
}

#[allow(clippy::too_many_arguments)]
async fn submit_target(
    state: AppState,
    source: String,
    session: MaybeSession,
    locale: Locale,
    pre: PreToken,
    headers: HeaderMap,
    body: Bytes,
    slug: Option<String>,
) -> AppResult<Response> {
    let t = match target(&state, slug.clone()).await? {
        Target::One(t) => t,
        // Several LIVC-Rs and none chosen: back to the choice.
        Target::Choose(_) => return Ok(Redirect::to("/aanspreekpunt").into_response()),
    };
    let tr = Tr::new(locale);
    let action = form_path(slug.as_deref());
    let data = match FormData::parse(&headers, &body) {
        Ok(d) => d,
        Err(problem) => {
            let (status, key) = match problem {
                BodyProblem::NotAForm => (
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "contact-point-error-not-a-form",
                ),
                BodyProblem::Encoding => (StatusCode::BAD_REQUEST, "contact-point-error-encoding"),
            };
            let mut res = form_page(
                &state,
                locale,
                session,
                pre,
                &t,
                action,
                PublicForm::default(),
                Some(tr.t(key)),
                &Vec::new(),
            )
            .await?;
            *res.status_mut() = status;
            return Ok(res);
        }
    };
    let form = PublicForm {
        kind: data.get(field::KIND).to_owned(),
        message: data.get(field::MESSAGE).to_owned(),
        requester: data.get(field::REQUESTER).to_owned(),
        name: data.get(field::NAME).to_owned(),
        email: data.get(field::EMAIL).to_owned(),
        phone: data.get(field::PHONE).to_owned(),
        preferred: data.get(field::PREFERRED).to_owned(),
        consent: data.checked(field::CONSENT),
        honeypot: data.get(field::HONEYPOT).to_owned(),
    };
    match service::submit_public(&state, t.tenant_id(), form.clone(), source.clone()).await? {
        PublicOutcome::Received => Ok(Redirect::to("/aanspreekpunt/verzonden").into_response()),
        PublicOutcome::Invalid(errors) => {
            let mut res = form_page(
                &state, locale, session, pre, &t, action, form, None, &errors,
            )
            .await?;
            *res.status_mut() = StatusCode::UNPROCESSABLE_ENTITY;
            Ok(res)
        }
        PublicOutcome::Throttled { retry_after_s } => {
            let alert = tr.t_args(
                "contact-point-error-throttled",
                &[("wait", wait_text(tr, retry_after_s))],
            );
            let mut res = form_page(
                &state,
                locale,
                session,
                pre,
                &t,
                action,
                form,
                Some(alert),
                &Vec::new(),
            )
            .await?;
            *res.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            crate::error::set_retry_after(&mut res, retry_after_s);
            Ok(res)
        }
    }
}

/// POST /aanspreekpunt
pub async fn submit(
    State(state): State<AppState>,
    ClientSource(source): ClientSource,
    session: MaybeSession,
    RequestLocale(locale): RequestLocale,
    pre: PreToken,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    submit_target(state, source, session, locale, pre, headers, body, None).await
}

/// POST /aanspreekpunt/{slug}
#[allow(clippy::too_many_arguments)]
pub async fn submit_for(
    State(state): State<AppState>,
    ClientSource(source): ClientSource,
    Path(slug): Path<String>,
    session: MaybeSession,
    RequestLocale(locale): RequestLocale,
    pre: PreToken,
    headers: HeaderMap,
    body: Bytes,
) -> AppResult<Response> {
    submit_target(
        state,
        source,
        session,
        locale,
        pre,
        headers,
        body,
        Some(slug),
    )
    .await
}

/// GET /aanspreekpunt/verzonden: thanks, and what happens next. It knows
/// nothing of the message, so it can echo nothing.
pub async fn done(
    State(state): State<AppState>,
    session: MaybeSession,
    RequestLocale(locale): RequestLocale,
    pre: PreToken,
) -> AppResult<Response> {
    let tr = Tr::new(locale);
    let (page, new_cookie) = frame(
        &state,
        tr,
        &session,
        pre,
        "contact-point-done-title",
        "/aanspreekpunt/verzonden",
    );
    Ok(with_cookie(DonePage { page }.into_response(), new_cookie))
}
