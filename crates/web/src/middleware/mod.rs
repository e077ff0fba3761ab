//! Middleware applied to every route, outermost first: request id, metrics and
//! trace, security headers, error pages, oversize bodies, session, CSRF.

pub mod client;
pub mod csrf;
pub mod error_pages;
pub mod oversize;
pub mod request_id;
pub mod security_headers;
pub mod session;
