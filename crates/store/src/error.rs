//! Store errors. Their text is for logs (with the request id), never for users:
//! the web layer maps them to a generic page.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum StoreError {
    #[error("database error: {0}")]
    Db(#[from] diesel::result::Error),
    #[error("connection pool error: {0}")]
    Pool(String),
    #[error("migration failed: {0}")]
    Migration(String),
    #[error("cryptography error: {0}")]
    Crypto(#[from] verbind_crypto::CryptoError),
    #[error("not found")]
    NotFound,
    #[error("already exists: {0}")]
    Conflict(&'static str),
    #[error("invalid: {0}")]
    Invalid(String),
}

impl StoreError {
    /// Maps a unique-constraint violation to [`StoreError::Conflict`].
    pub fn conflict_on_unique(e: diesel::result::Error, what: &'static str) -> StoreError {
        match e {
            diesel::result::Error::DatabaseError(
                diesel::result::DatabaseErrorKind::UniqueViolation,
                _,
            ) => StoreError::Conflict(what),
            other => StoreError::Db(other),
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;
