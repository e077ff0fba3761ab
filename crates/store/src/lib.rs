//! Verbind's storage: the diesel schema, the migrations for SQLite and
//! PostgreSQL (embedded, run at start), and one module per entity with its
//! queries. This is the only crate that knows SQL.
//!
//! Everything is synchronous; the web layer calls it from `spawn_blocking`.
//! Every query on domain data takes the tenant it is scoped to.

pub mod db;
pub mod demo;
pub mod error;
pub mod models;
pub mod schema;

pub use db::{Backend, Database, DbConn};
pub use error::{StoreError, StoreResult};
