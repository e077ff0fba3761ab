//! Middleware applied to every route, outermost first: request id, metrics and
//! trace, security headers, error pages, session, CSRF.

pub mod client;
pub mod csrf;
pub mod error_pages;
pub mod request_id;
pub mod security_headers;
pub mod session;
