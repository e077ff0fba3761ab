//! Shared application state: the database, the master keyring, the clock, the
//! configuration and the metrics. Nothing here holds state that matters across
//! instances: sessions, throttle counters and the audit chain live in the database.

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use verbind_crypto::envelope::MasterKeyring;
use verbind_crypto::package::TransferKeys;
use verbind_crypto::password::{PasswordWorkers, PasswordWorkersConfig};
use verbind_domain::Clock;
use verbind_store::{Database, StoreError};

use crate::error::{AppError, AppResult};
use crate::metrics::Metrics;

/// Settings of the web layer.
#[derive(Debug, Clone)]
pub struct WebConfig {
    /// Demo mode: a banner on every page, MFA not required, demo accounts allowed.
    pub demo: bool,
    /// Send HSTS (when served over TLS, directly or behind a proxy).
    pub hsts: bool,
    /// Largest request body accepted, in bytes.
    pub max_body_bytes: usize,
    /// The public base URL (e.g. `https://verbind.sint-niklaas.be`), for links
    /// shown to administrators; when unset, links are built from the request.
    pub public_url: Option<String>,
    /// This installation's transfer keys (X25519 + Ed25519, for case transfer
    /// packages), loaded or created at first need. `None` keeps a fresh pair
    /// in memory for the life of the process: for tests only, since packages
    /// sent to it cannot be opened after a restart.
    pub transfer_key_file: Option<PathBuf>,
    /// Largest file upload (a received transfer package), in bytes.
    pub max_upload_bytes: usize,
    /// The smallest count a report publishes exactly (k of the small-cell
    /// suppression); a reader may ask for a larger k, never a smaller one.
    pub report_k: u64,
    /// Reverse proxies whose `X-Forwarded-For` is believed for the client's
    /// address (throttling); empty: every request is its TCP peer.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// The argon2 worker pool (threads, queue, longest wait): bounds the CPU
    /// and memory a login storm can take (`verbind_crypto::password`).
    pub password_workers: PasswordWorkersConfig,
}

impl Default for WebConfig {
    fn default() -> Self {
        Self {
            demo: false,
            hsts: false,
            max_body_bytes: 256 * 1024,
            public_url: None,
            transfer_key_file: None,
            max_upload_bytes: 4 * 1024 * 1024,
            report_k: 5,
            trusted_proxies: Vec::new(),
            password_workers: PasswordWorkersConfig::default(),
        }
    }
}

pub struct Inner {
    pub db: Database,
    pub keyring: Arc<MasterKeyring>,
    pub clock: Arc<dyn Clock>,
    pub config: WebConfig,
    pub metrics: Metrics,
    /// Every argon2 computation on a request path runs here, never directly
    /// on the blocking pool.
    pub password_workers: PasswordWorkers,
    transfer_keys: OnceLock<Arc<TransferKeys>>,
}

impl Inner {
    /// This installation's transfer keys, loaded (or created) on first use.
    pub fn transfer_keys(&self) -> AppResult<Arc<TransferKeys>> {
        if let Some(k) = self.transfer_keys.get() {
            return Ok(k.clone());
        }
        let keys = match &self.config.transfer_key_file {
            Some(path) => TransferKeys::load_or_create(path)
                .map_err(|e| AppError::internal(format!("transfer keys: {e}")))?,
            None => TransferKeys::generate(),
        };
        // Two first uses at once: both read the same file; the first stored wins.
        let _ = self.transfer_keys.set(Arc::new(keys));
        self.transfer_keys
            .get()
            .cloned()
            .ok_or_else(|| AppError::internal("transfer keys not set"))
    }
}

#[derive(Clone)]
pub struct AppState(pub Arc<Inner>);

impl std::fmt::Debug for AppState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AppState")
            .field("demo", &self.0.config.demo)
            .finish_non_exhaustive()
    }
}

impl std::ops::Deref for AppState {
    type Target = Inner;
    fn deref(&self) -> &Inner {
        &self.0
    }
}

impl AppState {
    pub fn new(
        db: Database,
        keyring: Arc<MasterKeyring>,
        clock: Arc<dyn Clock>,
        config: WebConfig,
    ) -> Self {
        let password_workers = PasswordWorkers::new(config.password_workers);
        if password_workers.threads() < config.password_workers.threads.max(1) {
            tracing::error!(
                started = password_workers.threads(),
                wanted = config.password_workers.threads,
                "could not start every password worker thread"
            );
        }
        Self(Arc::new(Inner {
            db,
            keyring,
            clock,
            config,
            metrics: Metrics::new(),
            password_workers,
            transfer_keys: OnceLock::new(),
        }))
    }

    pub fn now_ms(&self) -> i64 {
        self.clock.now_ms()
    }

    /// Runs blocking database work off the async workers (argon2 goes on from
    /// there to `Inner::password_workers`).
    pub async fn blocking<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&Inner) -> AppResult<T> + Send + 'static,
    {
        let state = self.0.clone();
        tokio::task::spawn_blocking(move || f(&state))
            .await
            .map_err(|e| AppError::internal(format!("blocking task failed: {e}")))?
    }

    /// A read on one pooled connection.
    pub async fn read<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut verbind_store::DbConn, &Inner) -> Result<T, StoreError> + Send + 'static,
    {
        self.blocking(move |s| s.db.read(|c| f(c, s)).map_err(AppError::from))
            .await
    }

    /// One write transaction.
    pub async fn write<T, F>(&self, f: F) -> AppResult<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut verbind_store::DbConn, &Inner) -> Result<T, StoreError> + Send + 'static,
    {
        self.blocking(move |s| s.db.write(|c| f(c, s)).map_err(AppError::from))
            .await
    }
}
