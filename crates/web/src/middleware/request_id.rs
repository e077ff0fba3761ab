//! A random id per request: on the response (`X-Request-Id`), on error pages,
//! and on every log line of the request, so a user's report can be matched to
//! the logs without personal data.

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use tracing::Instrument;

use crate::state::AppState;

#[derive(Debug, Clone)]
pub struct RequestId(pub String);

/// Extractor: this request's id (for JSON error bodies written by handlers).
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for RequestId {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        _state: &S,
    ) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<RequestId>()
            .cloned()
            .unwrap_or(RequestId(String::new())))
    }
}

pub async fn request_id(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let id = uuid::Uuid::new_v4().simple().to_string();
    req.extensions_mut().insert(RequestId(id.clone()));
    let method = req.method().clone();
    // The path only: never the query string (a set-password token may be there).
    let path = req.uri().path().to_owned();
    let span = tracing::info_span!("request", request_id = %id, method = %method, path = %redact_path(&path));
    let started = std::time::Instant::now();
    let mut res = next.run(req).instrument(span.clone()).await;
    let status = res.status().as_u16();
    state.metrics.record_request(method.as_str(), status);
    span.in_scope(|| {
        tracing::info!(
            status,
            elapsed_ms = started.elapsed().as_millis() as u64,
            "request done"
        );
    });
    if let Ok(v) = HeaderValue::from_str(&id) {
        res.headers_mut().insert("x-request-id", v);
    }
    res
}

/// Replaces path segments that look like ids or tokens with `:id`, so logs
/// carry the route, not which record was opened.
pub fn redact_path(path: &str) -> String {
    path.split('/')
        .map(|seg| {
            let looks_like_id = seg.len() >= 16
                && seg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
            if looks_like_id { ":id" } else { seg }
        })
        .collect::<Vec<_>>()
        .join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_redacted() {
        assert_eq!(
            redact_path("/beheer/gebruikers/0b6f8f6e-2a53-4f57-9c41-9d7a3f1f0e22"),
            "/beheer/gebruikers/:id"
        );
        assert_eq!(redact_path("/aanmelden"), "/aanmelden");
    }
}
