//! Verbind's domain: the rules of the platform, pure and in one place.
//!
//! Nothing here does I/O or async work. Identifiers, roles, the access
//! policy, password and session rules live here so that every path (web
//! page, JSON API, export, report, CLI) asks the same functions.

pub mod attention;
pub mod audit;
pub mod case;
pub mod clock;
pub mod ids;
pub mod locale;
pub mod password;
pub mod policy;
pub mod prevention;
pub mod profile;
pub mod report;
pub mod role;
pub mod session;
pub mod throttle;
pub mod username;

pub use clock::{Clock, FixedClock, SystemClock};
pub use ids::{BodyId, OrganisationId, SeatId, TenantId, UserId};
pub use locale::Locale;
pub use role::Role;
