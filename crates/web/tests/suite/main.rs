//! The web crate's integration tests, as one test binary: one link instead of
//! one per file keeps CI's disk use and build time down. Each module is one
//! area (its own doc comment says what it covers); `common` is the shared
//! harness (apps on SQLite and PostgreSQL, HTTP clients, log capture).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[macro_use]
mod common;
mod network_support;
mod outreach_support;

mod account;
mod action_plan;
mod admin;
mod api_case_work;
mod api_cases;
mod api_meetings;
mod api_more;
mod attention;
mod audit_review;
mod auth;
mod browser;
mod browser_accessibility;
mod browser_prevention;
mod browser_report;
mod canary;
mod case_phases;
mod cases;
mod contact_point;
mod contact_register;
mod decisions;
mod ethics_versions;
mod evaluations;
mod identity_phase;
mod item_matrix;
mod kennisbank;
mod meeting_decisions;
mod meetings;
mod meetings_feed;
mod network;
mod organisation;
mod outreach;
mod referral_from_signal;
mod referrer_feedback;
mod report;
mod review_fixes;
mod signals;
mod tensions;
mod todo;
mod trajectory_refusal;
mod transfer;
mod workshops;
