//! Configuration: a TOML file (`--config`, `VERBIND_CONFIG`) and `VERBIND_*`
//! environment variables or flags, which win over the file.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::Args;
use serde::Deserialize;

/// Settings shared by every command.
#[derive(Debug, Clone, Args)]
pub struct Global {
    /// Configuration file (TOML).
    #[arg(long, env = "VERBIND_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    /// Data directory: the SQLite database and, unless set otherwise, the key files.
    #[arg(long, env = "VERBIND_DATA", global = true)]
    pub data: Option<PathBuf>,
    /// Database URL: `postgres://...` for PostgreSQL, or a SQLite file path.
    #[arg(
        long,
        env = "VERBIND_DATABASE_URL",
        global = true,
        hide_env_values = true
    )]
    pub database_url: Option<String>,
    /// Master key file (created with mode 0600 at first start when missing).
    #[arg(long, env = "VERBIND_MASTER_KEY_FILE", global = true)]
    pub master_key_file: Option<PathBuf>,
    /// Audit signing key file (Ed25519; created at first start when missing).
    #[arg(long, env = "VERBIND_AUDIT_KEY_FILE", global = true)]
    pub audit_key_file: Option<PathBuf>,
    /// Transfer key file (X25519 + Ed25519 for case transfer packages between
    /// LIVC-Rs; created at first start when missing).
    #[arg(long, env = "VERBIND_TRANSFER_KEY_FILE", global = true)]
    pub transfer_key_file: Option<PathBuf>,
    /// Log format: `text` or `json`.
    #[arg(long, env = "VERBIND_LOG_FORMAT", global = true)]
    pub log_format: Option<String>,
    /// The smallest count a report shows exactly (k of the small-cell
    /// suppression, at least 2; default 5). Readers may ask more, never less.
    #[arg(long, env = "VERBIND_REPORT_K", global = true)]
    pub report_k: Option<u64>,
    /// Reverse proxies whose X-Forwarded-For gives the client's address
    /// (for throttling), comma-separated addresses or ranges, e.g.
    /// `127.0.0.1,10.0.0.0/8`. Default: none (the TCP peer counts).
    #[arg(
        long,
        env = "VERBIND_TRUSTED_PROXIES",
        global = true,
        value_delimiter = ','
    )]
    pub trusted_proxies: Option<Vec<String>>,
}

/// The file's contents; every field optional.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileConfig {
    pub data: Option<PathBuf>,
    pub database_url: Option<String>,
    pub master_key_file: Option<PathBuf>,
    pub audit_key_file: Option<PathBuf>,
    pub transfer_key_file: Option<PathBuf>,
    pub log_format: Option<String>,
    pub listen: Option<SocketAddr>,
    pub public_url: Option<String>,
    pub hsts: Option<bool>,
    pub report_k: Option<u64>,
    pub trusted_proxies: Option<Vec<String>>,
}

/// The settings in force.
#[derive(Debug, Clone)]
pub struct Settings {
    pub data: PathBuf,
    pub database_url: String,
    pub master_key_file: PathBuf,
    pub audit_key_file: PathBuf,
    pub transfer_key_file: PathBuf,
    pub json_logs: bool,
    pub listen: Option<SocketAddr>,
    pub public_url: Option<String>,
    pub hsts: bool,
    pub report_k: u64,
    pub trusted_proxies: Vec<ipnet::IpNet>,
}

impl Settings {
    pub fn resolve(g: &Global, default_data: &Path) -> Result<Settings> {
        let file = match &g.config {
            Some(path) => {
                let text = std::fs::read_to_string(path).with_context(|| {
                    format!("cannot read configuration file {}", path.display())
                })?;
                toml::from_str::<FileConfig>(&text).with_context(|| {
                    format!("configuration file {} is not valid", path.display())
                })?
            }
            None => FileConfig::default(),
        };
        let data = g
            .data
            .clone()
            .or(file.data)
            .unwrap_or_else(|| default_data.to_path_buf());
        let database_url = g
            .database_url
            .clone()
            .or(file.database_url)
            .unwrap_or_else(|| data.join("verbind.db").to_string_lossy().into_owned());
        let master_key_file = g
            .master_key_file
            .clone()
            .or(file.master_key_file)
            .unwrap_or_else(|| data.join("master.key"));
        let audit_key_file = g
            .audit_key_file
            .clone()
            .or(file.audit_key_file)
            .unwrap_or_else(|| data.join("audit-signing.key"));
        let transfer_key_file = g
            .transfer_key_file
            .clone()
            .or(file.transfer_key_file)
            .unwrap_or_else(|| data.join("transfer.key"));
        let log_format = g
            .log_format
            .clone()
            .or(file.log_format)
            .unwrap_or_else(|| "text".into());
        let json_logs = match log_format.as_str() {
            "json" => true,
            "text" => false,
            other => anyhow::bail!("unknown log format {other:?}: use text or json"),
        };
        let report_k = g.report_k.or(file.report_k).unwrap_or(5);
        if verbind_domain::report::disclosure::Threshold::new(report_k).is_err() {
            anyhow::bail!("report_k must be at least 2 (it is {report_k})");
        }
        let trusted_proxies = g
            .trusted_proxies
            .clone()
            .or(file.trusted_proxies)
            .unwrap_or_default()
            .iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .map(|p| {
                p.parse::<ipnet::IpNet>()
                    .or_else(|_| p.parse::<std::net::IpAddr>().map(ipnet::IpNet::from))
                    .map_err(|_| {
                        anyhow::anyhow!(
                            "trusted proxy {p:?} is not an address or range (e.g. 127.0.0.1 or 10.0.0.0/8)"
                        )
                    })
            })
            .collect::<Result<Vec<_>>>()?;
        Ok(Settings {
            report_k,
            trusted_proxies,
            data,
            database_url,
            master_key_file,
            audit_key_file,
            transfer_key_file,
            json_logs,
            listen: file.listen,
            public_url: file.public_url,
            hsts: file.hsts.unwrap_or(false),
        })
    }
}
