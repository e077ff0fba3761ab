//! `verbind report stuurgroep`: the Stuurgroep report on the command line, as
//! PDF, CSV (one file per table) or JSON. It is made by the same service as
//! the page and the API, so it asks the same policy action and is audited
//! the same way (format `cli`).
//!
//! Who is asking: with `--user NAME` the report is made as that account (its
//! role must be allowed, the account enabled). Without it, the operator on
//! the server acts in the Stuurgroep's role, recorded as actor `cli` in the
//! audit trail: the report holds no personal data, and that role may see it.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{Context, Result, bail};
use clap::{Subcommand, ValueEnum};
use indicatif::{ProgressBar, ProgressStyle};
use verbind_domain::{Locale, OrganisationId, Role, SystemClock, TenantId, UserId};
use verbind_store::models::{tenant, user};
use verbind_web::middleware::session::CurrentSession;
use verbind_web::report::service::{self, Format};
use verbind_web::report::{csv, pdf};
use verbind_web::state::{AppState, WebConfig};

use crate::commands::{init_logging, open};
use crate::config::{Global, Settings};

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OutputFormat {
    Pdf,
    Csv,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum ReportCommand {
    /// The report for the Stuurgroep: anonymised, small counts suppressed.
    Stuurgroep {
        /// `2026`, `2026-S1`, `2026-Q3`, `2026-05` or `2026-01-01..2026-06-30`
        /// (default: the current year).
        #[arg(long)]
        period: Option<String>,
        #[arg(long, value_enum, default_value = "pdf")]
        format: OutputFormat,
        /// Where to write: a file for pdf and json (json defaults to standard
        /// output), a directory for csv (one file per table). Default: in the
        /// current directory, named after the period.
        #[arg(long)]
        out: Option<PathBuf>,
        /// Make the report as this account (its role is checked).
        #[arg(long)]
        user: Option<String>,
        /// Tenant (LIVC-R) slug; needed only when the database holds several.
        #[arg(long)]
        tenant: Option<String>,
        /// Suppression threshold (at least the configured one, default 5).
        #[arg(long)]
        k: Option<String>,
        /// Language: nl, fr or en.
        #[arg(long, default_value = "nl")]
        lang: String,
    },
}

fn default_data() -> PathBuf {
    PathBuf::from("./verbind-data")
}

pub fn run(g: &Global, cmd: ReportCommand) -> Result<ExitCode> {
    let ReportCommand::Stuurgroep {
        period,
        format,
        out,
        user: username,
        tenant: tenant_slug,
        k,
        lang,
    } = cmd;
    let settings = Settings::resolve(g, &default_data())?;
    init_logging(settings.json_logs);
    let locale = Locale::parse(&lang)
        .or_else(|| Locale::parse(&format!("{lang}-BE")))
        .with_context(|| format!("unknown language {lang:?} (nl, fr or en)"))?;
    let report_k = settings.report_k;
    let env = open(settings)?;
    let db = env.db.clone();
    let session = db
        .read(|c| {
            let tenants = tenant::list(c)?;
            Ok((
                tenants,
                match &username {
                    Some(u) => user::find_by_username(c, u)?,
                    None => None,
                },
            ))
        })
        .context("cannot read the database")?;
    let (tenants, found) = session;
    let session = match (&username, found) {
        (Some(u), None) => bail!("no account named {u:?}"),
        (Some(_), Some(row)) => {
            if row.disabled_at.is_some() {
                bail!("the account {:?} is disabled", row.username);
            }
            let role = Role::parse(&row.role).context("the account has an unknown role")?;
            session_for(
                row.user_id(),
                TenantId::from_db(row.tenant_id.clone()),
                OrganisationId::from_db(row.organisation_id.clone()),
                role,
                row.username.clone(),
                locale,
            )
        }
        (None, _) => {
            let t = match (&tenant_slug, tenants.as_slice()) {
                (Some(slug), _) => tenants
                    .iter()
                    .find(|t| &t.slug == slug)
                    .with_context(|| format!("no tenant {slug:?}"))?,
                (None, [one]) => one,
                (None, []) => bail!("the database holds no tenant yet: load a profile first"),
                (None, _) => bail!("several tenants: choose one with --tenant"),
            };
            session_for(
                UserId::from_db("cli".into()),
                TenantId::from_db(t.id.clone()),
                OrganisationId::from_db("cli".into()),
                Role::Steering,
                "cli".into(),
                locale,
            )
        }
    };
    let state = AppState::new(
        env.db,
        Arc::new(env.keyring),
        Arc::new(SystemClock),
        WebConfig {
            report_k,
            ..WebConfig::default()
        },
    );
    let req = service::parse_request(&state, period.as_deref(), k.as_deref())
        .map_err(|e| anyhow::anyhow!("{}", verbind_web::i18n::Tr::new(locale).t(e.message_key)))?;

    let bar = ProgressBar::new(3);
    bar.set_style(
        ProgressStyle::with_template("{spinner} [{bar:20}] {pos}/{len} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(120));
    bar.set_message("feiten lezen en tabellen beschermen / reading facts, protecting tables");
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?;
    let tr = verbind_web::i18n::Tr::new(locale);
    let doc = rt
        .block_on(service::stuurgroep(&state, &session, req, Format::Cli, tr))
        .map_err(|e| match e.kind {
            verbind_web::error::ErrorKind::Forbidden => anyhow::anyhow!(
                "this account may not see the Stuurgroep report (policy: ViewStuurgroepReport)"
            ),
            kind => anyhow::anyhow!(
                "the report could not be made: {}{}",
                kind.code(),
                e.internal.map(|i| format!(" ({i})")).unwrap_or_default()
            ),
        })?;
    bar.inc(1);
    bar.set_message("schrijven / writing");
    let slug = req.period.slug();
    let written: Vec<PathBuf> = match format {
        OutputFormat::Pdf => {
            let path = out.unwrap_or_else(|| PathBuf::from(format!("stuurgroep_{slug}.pdf")));
            let bytes = pdf::render(&doc);
            bar.inc(1);
            write_new(&path, &bytes)?;
            vec![path]
        }
        OutputFormat::Json => {
            let text = serde_json::to_string_pretty(&doc)?;
            bar.inc(1);
            match out {
                Some(path) => {
                    write_new(&path, text.as_bytes())?;
                    vec![path]
                }
                None => {
                    bar.finish_and_clear();
                    println!("{text}");
                    return Ok(ExitCode::SUCCESS);
                }
            }
        }
        OutputFormat::Csv => {
            let dir = out.unwrap_or_else(|| PathBuf::from(format!("stuurgroep_{slug}")));
            std::fs::create_dir_all(&dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            bar.inc(1);
            let mut paths = Vec::new();
            for t in doc.sections.iter().flat_map(|s| s.tables.iter()) {
                let path = dir.join(csv::file_name(t));
                write_new(&path, csv::table_csv(t).as_bytes())?;
                paths.push(path);
            }
            paths
        }
    };
    bar.inc(1);
    bar.finish_and_clear();
    for p in written {
        println!("{}", p.display());
    }
    Ok(ExitCode::SUCCESS)
}

fn session_for(
    user_id: UserId,
    tenant_id: TenantId,
    organisation_id: OrganisationId,
    role: Role,
    username: String,
    locale: Locale,
) -> CurrentSession {
    CurrentSession {
        id_hash: String::new(),
        csrf: String::new(),
        // The operator is on the server itself: no browser session, no
        // second factor to ask.
        mfa_done: true,
        reauth_at: None,
        user_id,
        tenant_id,
        organisation_id,
        role,
        username,
        locale,
        mfa_enabled: false,
    }
}

/// Writes `bytes` to `path` (mode 0600 on Unix: a report is for the Stuurgroep).
fn write_new(path: &Path, bytes: &[u8]) -> Result<()> {
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts
        .open(path)
        .with_context(|| format!("cannot write {}", path.display()))?;
    std::io::Write::write_all(&mut f, bytes)
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(())
}
