//! A request whose declared length is over the limit gets the 413 page, and the
//! client can read it.
//!
//! Without this, the extractor stops reading at the limit, hyper closes the
//! connection with the rest of the body unread, and the kernel answers the
//! client's next bytes with a reset that can arrive before our page: the
//! browser then shows "connection reset" instead of "too large". So the rest is
//! read and thrown away first — never kept, never more than [`DRAIN_CAP`] bytes
//! and never longer than [`DRAIN_TIME`]; beyond those the connection is simply
//! closed, which is all an abusive client deserves.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::http::header;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;

use crate::error::{AppError, ErrorKind};
use crate::state::AppState;

/// The most that is read and discarded to deliver the 413 page.
pub const DRAIN_CAP: u64 = 32 * 1024 * 1024;
/// The longest the server spends discarding an oversize body.
pub const DRAIN_TIME: Duration = Duration::from_secs(10);

pub async fn oversize(State(state): State<AppState>, req: Request, next: Next) -> Response {
    let declared = req
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    // Forms and JSON have the request limit. Anything else may be an upload (a
    // transfer package, as a form's file or as raw bytes) with its own, larger
    // limit, which the handler enforces exactly.
    let plain = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.starts_with("application/x-www-form-urlencoded") || v.starts_with("application/json")
        });
    let limit = if plain {
        state.config.max_body_bytes
    } else {
        state
            .config
            .max_body_bytes
            .max(state.config.max_upload_bytes)
    } as u64;
    match declared {
        Some(len) if len > limit => {
            if len <= DRAIN_CAP {
                let _ = tokio::time::timeout(DRAIN_TIME, drain(req.into_body())).await;
            }
            AppError::new(ErrorKind::PayloadTooLarge).into_response()
        }
        _ => next.run(req).await,
    }
}

/// Reads the body to its end (or [`DRAIN_CAP`]), keeping nothing.
async fn drain(mut body: axum::body::Body) {
    let mut seen: u64 = 0;
    while let Some(Ok(frame)) = body.frame().await {
        if let Some(data) = frame.data_ref() {
            seen += data.len() as u64;
            if seen > DRAIN_CAP {
                return;
            }
        }
    }
}
