//! Cases of the LIVC-R (MISSION.md "Care and follow-up", plan chapter
//! "Curatie" 2.1-2.4.5): the pure rules, no storage and no web.
//!
//! - [`lifecycle`]: the state machine from referral (aanmelding) to closure,
//!   with the guards the plan sets (LTF check, unanimity, help before police).
//! - [`referral`]: target groups, minors and the protective-measure flag, the
//!   local tie, the LTF check.
//! - [`identity`]: the national register number (mod-97) and the pseudonym
//!   [`identity::CaseCode`] shown everywhere instead of a name.
//! - [`ethics`]: information items (bijdragen) and the deontology of 2.4.4:
//!   who sees an item, who may learn its origin, when it may be used.
//! - [`ethics_code`]: the versions of the code of ethics every user accepts
//!   before opening a case: the label rules, the version in force.
//! - [`decision`]: unanimous votes of the partner organisations present.
//! - [`guests`]: inviting guests (mandated representatives of other services)
//!   to one agenda item of a Partnertafel meeting.
//! - [`meeting_norm`]: the yearly meeting count against the norm.
//! - [`transfer`]: what a case handed to another LIVC-R carries, and what
//!   a received package becomes.
//! - [`access`]: who may open a case and who may reveal an identity; the
//!   access policy calls these.
//! - [`work`]: what work a case takes in each phase (and that an LTF
//!   counter-indication stops it).
//! - [`date`]: a small calendar date, since the domain has no date library.
//!
//! Every enum that is stored has a stable `code()` and `parse()`; every error
//! has a stable `code()` and a `message_key()` for the translated message.

pub mod access;
pub mod date;
pub mod decision;
pub mod ethics;
pub mod ethics_code;
pub mod guests;
pub mod identity;
pub mod lifecycle;
pub mod meeting_norm;
pub mod referral;
mod text;
pub mod trajectory;
pub mod transfer;
pub mod work;

pub use access::{CaseDecision, CaseDenyReason, CaseViewer, RevealPurpose};
pub use date::{Date, DateError};
pub use decision::{DecisionKind, Outcome, Tally, TallyError, Vote, VoteOutcome};
pub use ethics::{Audience, ItemFacts, ItemViewer, RiskDomain, Sharing, Step, UseError};
pub use identity::{CaseCode, CaseCodeError, NationalNumber, NationalNumberError};
pub use lifecycle::{CaseState, Guards, Transition, TransitionError};
pub use meeting_norm::NormStatus;
pub use referral::{LocalTie, LtfCheck, ReferralError, TargetGroup, TargetGroups};
pub use text::TextError;
