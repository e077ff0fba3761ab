//! The operator commands. Each opens the database (running migrations), does
//! its work in one transaction with an audit entry, and says what it did.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use clap::Subcommand;
use verbind_crypto::audit::{AuditSigner, Checkpoint};
use verbind_crypto::envelope::MasterKeyring;
use verbind_crypto::package::TransferKeys;
use verbind_crypto::token;
use verbind_domain::audit::AuditAction;
use verbind_domain::session::SET_PASSWORD_LINK_MS;
use verbind_domain::username::Username;
use verbind_domain::{Clock, Locale, Role, SystemClock};
use verbind_store::models::{
    audit, data_key, meta, organisation, profile, session, set_password_token, tenant, user,
};
use verbind_store::{Database, DbConn, StoreError};
use verbind_web::{AppState, WebConfig};

use crate::config::{Global, Settings};

/// What every command needs: settings, the database and the keyring.
pub struct Env {
    pub settings: Settings,
    pub db: Database,
    pub keyring: MasterKeyring,
}

pub fn init_logging(json: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("VERBIND_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        let _ = builder.json().flatten_event(true).try_init();
    } else {
        let _ = builder.try_init();
    }
}

pub fn open(settings: Settings) -> Result<Env> {
    if !settings.database_url.starts_with("postgres") {
        std::fs::create_dir_all(&settings.data)
            .with_context(|| format!("cannot create data directory {}", settings.data.display()))?;
        // The data directory holds the database and, by default, the key files:
        // only the service account may enter it.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&settings.data, std::fs::Permissions::from_mode(0o700))
                .with_context(|| {
                    format!("cannot restrict data directory {}", settings.data.display())
                })?;
        }
    }
    let keyring = MasterKeyring::load_or_create(&settings.master_key_file)
        .with_context(|| format!("master key {}", settings.master_key_file.display()))?;
    let db = Database::open(&settings.database_url).context("cannot open the database")?;
    Ok(Env {
        settings,
        db,
        keyring,
    })
}

fn default_data() -> PathBuf {
    PathBuf::from("./verbind-data")
}

pub fn serve(
    g: &Global,
    listen: SocketAddr,
    public_url: Option<String>,
    hsts: bool,
) -> Result<ExitCode> {
    let mut settings = Settings::resolve(g, &default_data())?;
    init_logging(settings.json_logs);
    settings.hsts |= hsts;
    let listen = settings
        .listen
        .filter(|_| listen.to_string() == "127.0.0.1:8080")
        .unwrap_or(listen);
    let public_url = public_url.or_else(|| settings.public_url.clone());
    let env = open(settings)?;
    if env.db.read(meta::is_demo)? {
        bail!(
            "this database holds the fictional demo data and demo passwords; `serve` refuses it. \
             Use `verbind demo`, or point --data / --database-url at a real database"
        );
    }
    // The audit signing key must exist before the first real entry is anchored.
    AuditSigner::load_or_create(&env.settings.audit_key_file).with_context(|| {
        format!(
            "audit signing key {}",
            env.settings.audit_key_file.display()
        )
    })?;
    // So is the transfer key pair, which partner LIVC-Rs register.
    TransferKeys::load_or_create(&env.settings.transfer_key_file)
        .with_context(|| format!("transfer keys {}", env.settings.transfer_key_file.display()))?;
    if env.db.read(user::count)? == 0 {
        tracing::warn!(
            "no accounts yet: load a profile (`verbind profile load profiles/sint-niklaas.toml`) and create the first administrator with `verbind user add --admin --tenant SLUG --username NAME --name \"Full name\"`"
        );
    }
    let config = WebConfig {
        demo: false,
        hsts: env.settings.hsts,
        public_url,
        transfer_key_file: Some(env.settings.transfer_key_file.clone()),
        report_k: env.settings.report_k,
        trusted_proxies: env.settings.trusted_proxies.clone(),
        ..WebConfig::default()
    };
    run_server(env, config, listen, None)?;
    Ok(ExitCode::SUCCESS)
}

/// Starts the web server and blocks until Ctrl-C / SIGTERM.
pub fn run_server(
    env: Env,
    config: WebConfig,
    listen: SocketAddr,
    banner: Option<String>,
) -> Result<()> {
    // Compute the dummy hash now, so the first login of an unknown user is not faster.
    verbind_crypto::password::prepare_dummy();
    let db = env.db.clone();
    let state = AppState::new(env.db, Arc::new(env.keyring), Arc::new(SystemClock), config);
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    rt.block_on(async move {
        let listener = tokio::net::TcpListener::bind(listen)
            .await
            .with_context(|| format!("cannot listen on {listen}"))?;
        let addr = listener.local_addr()?;
        if let Some(b) = banner {
            println!("{b}");
        }
        tracing::info!(%addr, "Verbind is listening");
        println!("Verbind luistert op http://{addr}");
        let housekeeper = tokio::spawn(housekeeping(db));
        let app = verbind_web::router(state).into_make_service_with_connect_info::<SocketAddr>();
        let served = axum::serve(listener, app)
            .with_graceful_shutdown(shutdown_signal())
            .await;
        housekeeper.abort();
        served?;
        Ok::<_, anyhow::Error>(())
    })
}

/// Every few minutes: delete expired sessions and stale throttle counters
/// (expired sessions are refused on use anyway; this keeps the tables small),
/// and destroy the text of contact-point contacts whose retention period
/// ended (the privacy notice promises it).
async fn housekeeping(db: Database) {
    let mut tick = tokio::time::interval(std::time::Duration::from_secs(300));
    loop {
        tick.tick().await;
        let db = db.clone();
        let now = SystemClock.now_ms();
        let result = tokio::task::spawn_blocking(move || {
            db.write(|c| {
                let s = session::purge_expired(c, now)?;
                let t = verbind_store::models::throttle::purge_older_than(
                    c,
                    now - 24 * 60 * 60 * 1000,
                )?;
                let k = verbind_store::models::contact::shred_handled_before(
                    c,
                    verbind_domain::prevention::contact::retention_cutoff_ms(now),
                    now,
                )?;
                Ok((s, t, k))
            })
        })
        .await;
        match result {
            Ok(Ok((s, t, k))) if s + t + k > 0 => {
                tracing::info!(
                    sessions = s,
                    throttle = t,
                    contacts_shredded = k,
                    "housekeeping"
                )
            }
            Ok(Ok(_)) => {}
            Ok(Err(e)) => tracing::error!(error = %e, "housekeeping failed"),
            Err(e) => tracing::error!(error = %e, "housekeeping task failed"),
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        if let Ok(mut s) = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
        {
            s.recv().await;
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
}

pub fn migrate(g: &Global) -> Result<ExitCode> {
    let settings = Settings::resolve(g, &default_data())?;
    init_logging(settings.json_logs);
    let env = open(settings)?;
    // Database::open already ran them; say so.
    let more = env.db.migrate()?;
    println!(
        "Migraties uitgevoerd; database is bij ({} nieuwe). / Migrations done.",
        more
    );
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an account and print a one-time link (valid 24 h) to choose a password.
    Add {
        /// Tenant (LIVC-R) slug, e.g. `sint-niklaas`.
        #[arg(long)]
        tenant: String,
        #[arg(long)]
        username: String,
        /// Full name (stored encrypted).
        #[arg(long)]
        name: String,
        /// Organisation slug from the profile (default: the first city service).
        #[arg(long)]
        organisation: Option<String>,
        /// Role: admin, expert, partner, steering, reference, auditor.
        #[arg(long, default_value = "partner")]
        role: String,
        /// Shorthand for `--role admin`.
        #[arg(long)]
        admin: bool,
        #[arg(long)]
        email: Option<String>,
        /// Base URL for the link.
        #[arg(
            long,
            env = "VERBIND_PUBLIC_URL",
            default_value = "http://127.0.0.1:8080"
        )]
        public_url: String,
    },
    /// Disable an account and end its sessions at once.
    Disable {
        #[arg(long)]
        username: String,
    },
    /// Print a new one-time set-password link (valid 24 h) for an account.
    ResetLink {
        #[arg(long)]
        username: String,
        #[arg(
            long,
            env = "VERBIND_PUBLIC_URL",
            default_value = "http://127.0.0.1:8080"
        )]
        public_url: String,
    },
}

/// Makes a set-password link for `user_id`; returns the URL.
pub fn make_link(
    c: &mut DbConn,
    user_id: &str,
    created_by: Option<&str>,
    now: i64,
    public_url: &str,
) -> Result<String, StoreError> {
    let tok = token::random_token();
    set_password_token::create(
        c,
        &set_password_token::SetPasswordToken {
            token_hash: token::token_hash(&tok),
            user_id: user_id.to_owned(),
            created_by: created_by.map(str::to_owned),
            created_at: now,
            expires_at: now + SET_PASSWORD_LINK_MS,
            used_at: None,
        },
    )?;
    Ok(format!(
        "{}/wachtwoord-instellen?token={tok}",
        public_url.trim_end_matches('/')
    ))
}

pub fn user(g: &Global, cmd: UserCommand) -> Result<ExitCode> {
    let settings = Settings::resolve(g, &default_data())?;
    init_logging(settings.json_logs);
    let env = open(settings)?;
    let now = SystemClock.now_ms();
    match cmd {
        UserCommand::Add {
            tenant: slug,
            username,
            name,
            organisation: org_slug,
            role,
            admin,
            email,
            public_url,
        } => {
            let role = if admin {
                Role::Admin
            } else {
                Role::parse(&role).with_context(|| format!("unknown role {role:?}"))?
            };
            let username =
                Username::parse(&username).map_err(|e| anyhow::anyhow!("username: {e}"))?;
            if name.trim().is_empty() {
                bail!("--name must not be empty");
            }
            let keyring = &env.keyring;
            let link = env.db.write(|c| {
                let t = tenant::find_by_slug(c, &slug)?.ok_or_else(|| {
                    StoreError::Invalid(format!(
                        "no tenant {slug:?}: load its profile first (verbind profile load FILE)"
                    ))
                })?;
                let tid = t.tenant_id();
                let org = match &org_slug {
                    Some(s) => organisation::find_by_slug(c, &tid, s)?.ok_or_else(|| {
                        StoreError::Invalid(format!("no organisation {s:?} in {slug}"))
                    })?,
                    None => organisation::list(c, &tid)?
                        .into_iter()
                        .find(|o| o.kind == "city_service")
                        .ok_or_else(|| {
                            StoreError::Invalid(
                                "no city service organisation; pass --organisation".into(),
                            )
                        })?,
                };
                let u = user::create(
                    c,
                    keyring,
                    &user::NewUser {
                        tenant_id: &tid,
                        organisation_id: &org.organisation_id(),
                        username: &username,
                        role,
                        display_name: name.trim(),
                        email: email.as_deref(),
                        locale: Locale::parse(&t.default_locale).unwrap_or_default(),
                        password_hash: None,
                    },
                    now,
                )?;
                audit::append(
                    c,
                    now,
                    &audit::NewEntry::new(AuditAction::UserCreated, "ok")
                        .tenant(&tid)
                        .object("user", &u.id)
                        .detail(format!("role={} via=cli", role.code())),
                )?;
                let link = make_link(c, &u.id, None, now, &public_url)?;
                audit::append(
                    c,
                    now,
                    &audit::NewEntry::new(AuditAction::PasswordLinkCreated, "ok")
                        .tenant(&tid)
                        .object("user", &u.id)
                        .detail("via=cli"),
                )?;
                Ok(link)
            })?;
            println!("Account {} aangemaakt ({}).", username, role.code());
            println!("Eenmalige link om een wachtwoord te kiezen (24 uur geldig):\n{link}");
        }
        UserCommand::Disable { username } => {
            env.db
                .write(|c| {
                    let u = user::find_by_username(c, &username.to_lowercase())?
                        .ok_or(StoreError::NotFound)?;
                    user::set_disabled(c, &u.tenant(), &u.user_id(), true, now)?;
                    let ended = session::delete_for_user(c, &u.user_id())?;
                    audit::append(
                        c,
                        now,
                        &audit::NewEntry::new(AuditAction::UserDisabled, "ok")
                            .tenant(&u.tenant())
                            .object("user", &u.id)
                            .detail(format!("sessions_ended={ended} via=cli")),
                    )?;
                    Ok(())
                })
                .map_err(|e| match e {
                    StoreError::NotFound => anyhow::anyhow!("no account {username:?}"),
                    other => other.into(),
                })?;
            println!("Account {username} uitgeschakeld; alle sessies beëindigd.");
        }
        UserCommand::ResetLink {
            username,
            public_url,
        } => {
            let link = env
                .db
                .write(|c| {
                    let u = user::find_by_username(c, &username.to_lowercase())?
                        .ok_or(StoreError::NotFound)?;
                    let link = make_link(c, &u.id, None, now, &public_url)?;
                    audit::append(
                        c,
                        now,
                        &audit::NewEntry::new(AuditAction::PasswordLinkCreated, "ok")
                            .tenant(&u.tenant())
                            .object("user", &u.id)
                            .detail("via=cli"),
                    )?;
                    Ok(link)
                })
                .map_err(|e| match e {
                    StoreError::NotFound => anyhow::anyhow!("no account {username:?}"),
                    other => other.into(),
                })?;
            println!("Eenmalige link (24 uur geldig):\n{link}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Subcommand)]
pub enum AuditCommand {
    /// Verify the hash chain (and a checkpoint, if given). Exit 0 when intact;
    /// otherwise non-zero, naming the first bad entry.
    Verify {
        /// A checkpoint printed earlier by `verbind audit checkpoint`, kept elsewhere.
        #[arg(long)]
        checkpoint: Option<PathBuf>,
        /// The audit public key (`verbind-audit-public-key ...`); default: derived from the signing key file.
        #[arg(long)]
        public_key: Option<PathBuf>,
    },
    /// Print a signed checkpoint of the chain's head, to keep outside the database.
    Checkpoint,
}

pub fn audit(g: &Global, cmd: AuditCommand) -> Result<ExitCode> {
    let settings = Settings::resolve(g, &default_data())?;
    init_logging(settings.json_logs);
    let env = open(settings)?;
    match cmd {
        AuditCommand::Verify {
            checkpoint,
            public_key,
        } => {
            let cp = match &checkpoint {
                Some(p) => Some(
                    Checkpoint::parse(read_trimmed(p)?.as_str())
                        .context("checkpoint file is not valid")?,
                ),
                None => None,
            };
            let key = match (&cp, &public_key) {
                (None, _) => None,
                (Some(_), Some(p)) => Some(
                    verbind_crypto::audit::parse_verifying_key(&read_trimmed(p)?)
                        .context("public key file is not valid")?,
                ),
                (Some(_), None) => Some(
                    AuditSigner::load(&env.settings.audit_key_file)
                        .context("audit signing key")?
                        .verifying_key(),
                ),
            };
            let mut conn = env.db.conn()?;
            let result = audit::verify(&mut conn, cp.as_ref().zip(key.as_ref()), |_| {});
            match result {
                Ok(v) => {
                    println!(
                        "Audittrail intact: {} entries, head {} {}",
                        v.entries,
                        v.head_seq,
                        hex(&v.head_hash)
                    );
                    Ok(ExitCode::SUCCESS)
                }
                Err(e) => {
                    eprintln!("Audittrail NOT intact: {e}");
                    Ok(ExitCode::from(2))
                }
            }
        }
        AuditCommand::Checkpoint => {
            let signer = AuditSigner::load_or_create(&env.settings.audit_key_file)?;
            let (seq, hash) = env.db.read(audit::head)?;
            let cp = signer.sign(seq, &hash, SystemClock.now_ms());
            println!("{}", cp.to_text());
            eprintln!("public key: {}", signer.public_key_text());
            Ok(ExitCode::SUCCESS)
        }
    }
}

fn read_trimmed(p: &Path) -> Result<String> {
    Ok(std::fs::read_to_string(p)
        .with_context(|| format!("cannot read {}", p.display()))?
        .trim()
        .to_owned())
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

#[derive(Debug, Subcommand)]
pub enum KeysCommand {
    /// Add a new master key version, re-wrap every data key with it, then retire the old versions.
    RotateMaster,
    /// Print this installation's transfer public key and its fingerprint, to give
    /// to partner LIVC-Rs (the key pair is created first when missing).
    Transfer,
}

pub fn keys(g: &Global, cmd: KeysCommand) -> Result<ExitCode> {
    let settings = Settings::resolve(g, &default_data())?;
    init_logging(settings.json_logs);
    let mut env = open(settings)?;
    match cmd {
        KeysCommand::RotateMaster => {
            let path = env.settings.master_key_file.clone();
            let new_version = env
                .keyring
                .rotate(&path)
                .context("cannot add a master key version")?;
            let keyring = &env.keyring;
            let now = SystemClock.now_ms();
            let n = env.db.write(|c| {
                let n = data_key::rewrap_all(c, keyring)?;
                audit::append(
                    c,
                    now,
                    &audit::NewEntry::new(AuditAction::MasterKeyRotated, "ok")
                        .detail(format!("version={new_version} rewrapped={n}")),
                )?;
                Ok(n)
            })?;
            let still_old = env.db.read(data_key::oldest_master_version)?;
            if still_old.is_none_or(|v| v >= new_version) {
                env.keyring.retire_older_than(&path, new_version)?;
            }
            println!("Master key rotated to version {new_version}; {n} data keys re-wrapped.");
        }
        KeysCommand::Transfer => {
            let path = &env.settings.transfer_key_file;
            let keys = TransferKeys::load_or_create(path)
                .with_context(|| format!("transfer keys {}", path.display()))?;
            let public = keys.public();
            println!("{}", public.to_text());
            println!("fingerprint: {}", public.fingerprint());
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Debug, Subcommand)]
pub enum ProfileCommand {
    /// Load (or reload) a municipality profile TOML file: organisations, bodies, seats, districts, schools, measures.
    Load { file: PathBuf },
}

pub fn profile(g: &Global, cmd: ProfileCommand) -> Result<ExitCode> {
    let settings = Settings::resolve(g, &default_data())?;
    init_logging(settings.json_logs);
    let env = open(settings)?;
    match cmd {
        ProfileCommand::Load { file } => {
            let text = std::fs::read_to_string(&file)
                .with_context(|| format!("cannot read {}", file.display()))?;
            let p = verbind_domain::profile::parse_profile(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let now = SystemClock.now_ms();
            let (t, s) = env.db.write(|c| {
                let (t, s) = profile::load(c, &p, now)?;
                audit::append(
                    c,
                    now,
                    &audit::NewEntry::new(AuditAction::ProfileLoaded, "ok")
                        .tenant(&t.tenant_id())
                        .detail(format!("added={} updated={} via=cli", s.added, s.updated)),
                )?;
                Ok((t, s))
            })?;
            println!(
                "Profiel {} geladen in {}: {} toegevoegd, {} bijgewerkt.",
                file.display(),
                t.name,
                s.added,
                s.updated
            );
        }
    }
    Ok(ExitCode::SUCCESS)
}
