//! Prevention (MISSION.md "Prevention", plan chapter "Preventie"): the
//! contact point, the contact register, signals, social tensions, the
//! network of reference persons, trainings, the working group, the silent
//! middle, the school workshops and the action plan. The pure rules; no
//! storage and no web.
//!
//! - [`access`]: who may do what in prevention; [`crate::policy::decide_prevention`]
//!   calls it after the tenant and MFA checks.
//! - [`contact`]: the public contact point and the expert's contact register.
//! - [`signal`]: signals about trends and groups, and their trend per month and theme.
//! - [`theme`]: the themes both share; [`coded`]: their closed lists.
//! - [`tension`]: the register of social tensions with a Brandsma analysis.
//! - [`network`]: the network of reference persons and what training is due.
//! - [`training`]: trainings (deskundigheidsbevordering) and attendance.
//! - [`knowledge_base`]: the public information pages (kennisbank).
//! - [`outreach`]: the working group on polarisation and the silent middle
//!   (advice trajectories, counter-messages), and the field rules these
//!   modules share.
//! - [`workshops`]: the resilience workshops and their coverage per school year.
//! - [`action_plan`]: the action plan's measures, status and evaluation notes.

pub mod access;
pub mod action_plan;
pub mod coded;
pub mod contact;
pub mod knowledge_base;
pub mod network;
pub mod outreach;
pub mod signal;
pub mod tension;
pub mod theme;
pub mod training;
pub mod workshops;

pub use access::{PreventionAction, PreventionContext};
