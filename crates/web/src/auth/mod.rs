//! Logging in and out, the language switch, and re-authentication.

pub mod pages;
pub mod service;
