//! The contact point (stedelijk aanspreekpunt) of prevention: the public form
//! at `/aanspreekpunt` (no account) and the expert's contact register at
//! `/contacten`. Pages here; the same service serves the JSON API.

pub mod public;
pub mod register;
pub mod service;

use axum::Router;
use axum::body::Bytes;
use axum::http::{HeaderMap, header};
use axum::routing::{get, post};

use crate::state::AppState;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/aanspreekpunt", get(public::show).post(public::submit))
        .route("/aanspreekpunt/verzonden", get(public::done))
        .route(
            "/aanspreekpunt/{slug}",
            get(public::show_for).post(public::submit_for),
        )
        .route("/contacten", get(register::list).post(register::search))
        .route(
            "/contacten/nieuw",
            get(register::new_form).post(register::create),
        )
        .route(
            "/contacten/{id}",
            get(register::detail).post(register::classify),
        )
        .route("/contacten/{id}/signaal", post(register::link_signal))
}

/// Why a form body could not be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BodyProblem {
    /// Not `application/x-www-form-urlencoded` (JSON sent to a form, say).
    NotAForm,
    /// Bytes that are not UTF-8 text.
    Encoding,
}

/// A urlencoded form body, with repeated fields (checkboxes) kept.
#[derive(Clone, Default)]
pub struct FormData(Vec<(String, String)>);

impl std::fmt::Debug for FormData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FormData(<{} fields>)", self.0.len())
    }
}

impl FormData {
    /// Reads a form body. Text that was not valid UTF-8 (decoded as U+FFFD)
    /// is refused rather than stored garbled.
    pub fn parse(headers: &HeaderMap, body: &Bytes) -> Result<FormData, BodyProblem> {
        let is_form = headers
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
        if !is_form {
            return Err(BodyProblem::NotAForm);
        }
        if std::str::from_utf8(body).is_err() {
            return Err(BodyProblem::Encoding);
        }
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_bytes(body).map_err(|_| BodyProblem::Encoding)?;
        if pairs
            .iter()
            .any(|(k, v)| k.contains('\u{FFFD}') || v.contains('\u{FFFD}'))
        {
            return Err(BodyProblem::Encoding);
        }
        Ok(FormData(pairs))
    }

    /// The first value of `name`, or "".
    pub fn get(&self, name: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
            .unwrap_or("")
    }

    /// Every value of `name` (checkboxes).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0
            .iter()
            .filter(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .collect()
    }

    /// Whether a (checkbox) field was sent with a value.
    pub fn checked(&self, name: &str) -> bool {
        !self.get(name).is_empty()
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use axum::http::HeaderValue;

    fn form_headers() -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/x-www-form-urlencoded"),
        );
        h
    }

    #[test]
    fn reads_repeated_fields_and_refuses_bad_bytes() {
        let f = FormData::parse(
            &form_headers(),
            &Bytes::from_static(b"a=1&t=x&t=y&m=%C3%A9"),
        )
        .unwrap();
        assert_eq!(f.get("a"), "1");
        assert_eq!(f.all("t"), vec!["x", "y"]);
        assert_eq!(f.get("m"), "é");
        assert_eq!(f.get("none"), "");
        assert_eq!(
            FormData::parse(&form_headers(), &Bytes::from_static(b"m=%FF%FE")).unwrap_err(),
            BodyProblem::Encoding
        );
        assert_eq!(
            FormData::parse(&form_headers(), &Bytes::from_static(b"m=\xff")).unwrap_err(),
            BodyProblem::Encoding
        );
        assert_eq!(
            FormData::parse(&HeaderMap::new(), &Bytes::from_static(b"{}")).unwrap_err(),
            BodyProblem::NotAForm
        );
    }
}
