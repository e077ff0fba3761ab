//! Reports (issue 5, "Insight"): the pure rules behind the Stuurgroep report
//! and every other published aggregate. No storage and no rendering.
//!
//! - [`disclosure`]: small-cell suppression of count tables (QUALITY.md §2,
//!   "small counts suppressed"): which numbers may be published and which are
//!   shown as "< k". Every report, chart, CSV, PDF and JSON export asks it.
//! - [`stuurgroep`]: the Stuurgroep report: anonymised case overview, count
//!   tables, the evaluation of case management and the Partnertafel's working,
//!   built from facts without names, codes or free text.

pub mod disclosure;
pub mod stuurgroep;

pub use disclosure::{
    Cell, DisclosureError, Line, Position, ProtectedTable, Threshold, audit, protect_table,
};
