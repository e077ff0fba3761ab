//! `verbind demo`: a data directory, migrations, the Sint-Niklaas profile with
//! fictional accounts, the address and accounts printed, then serve.
//! `--scale national` first makes the national-scale data of QUALITY.md §4
//! (`verbind_store::demo::national`) in a new, empty database.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use clap::ValueEnum;
use indicatif::{ProgressBar, ProgressStyle};
use secrecy::SecretString;
use verbind_domain::{Clock, SystemClock};
use verbind_store::demo::national::{self, Readiness, Scale};
use verbind_store::demo::{DEMO_ACCOUNTS, DEMO_PASSWORD, seed_everything};
use verbind_web::WebConfig;

use crate::commands::{Env, init_logging, open, run_server};
use crate::config::{Global, Settings};

/// How much fictional data the demo holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DemoScale {
    /// The Sint-Niklaas demo: a handful of everything.
    Small,
    /// Sint-Niklaas plus 299 fictional LIVC-Rs with three years of history.
    National,
}

pub fn run(g: &Global, data: PathBuf, listen: SocketAddr, scale: DemoScale) -> Result<ExitCode> {
    let mut global = g.clone();
    global.data = Some(global.data.clone().unwrap_or(data));
    let settings = Settings::resolve(&global, &PathBuf::from("./verbind-data"))?;
    init_logging(settings.json_logs);
    let data_dir = settings.data.clone();
    if settings.database_url.starts_with("postgres") {
        // The demo keeps its key files in its data directory, also with
        // PostgreSQL (for which `open` leaves directories alone).
        std::fs::create_dir_all(&data_dir)
            .with_context(|| format!("cannot create data directory {}", data_dir.display()))?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&data_dir, std::fs::Permissions::from_mode(0o700))
                .with_context(|| format!("cannot restrict {}", data_dir.display()))?;
        }
    }
    let mut env = open(settings)?;
    let where_ = if env.settings.database_url.starts_with("postgres") {
        without_secrets(&env.settings.database_url)
    } else {
        data_dir.display().to_string()
    };
    let national_banner = match scale {
        DemoScale::Small => match env.db.read(national::readiness)? {
            // Served as it is; an interrupted national run is not.
            Readiness::Complete => national_banner(),
            Readiness::Incomplete => bail!(
                "{where_} holds an unfinished `verbind demo --scale national`: \
                 remove that data (directory or database) and start again in a new, empty one"
            ),
            Readiness::Empty | Readiness::InUse => {
                load_small(&env, &data_dir)?;
                String::new()
            }
        },
        DemoScale::National => {
            load_national(&env, &where_)?;
            // A fresh pool for serving: the bulk load's connections had a
            // large page cache.
            let settings = env.settings.clone();
            drop(env);
            env = open(settings)?;
            national_banner()
        }
    };
    let accounts: Vec<&str> = DEMO_ACCOUNTS.iter().map(|a| a.username).collect();
    let banner = format!(
        "\nVerbind DEMO - fictieve gegevens (LIVC-R Sint-Niklaas)\n\
         {national_banner}\
         Open http://{listen} in uw browser.\n\
         Demo-accounts (wachtwoord `{DEMO_PASSWORD}`): {}\n\
         Gegevens: {}   Stoppen: Ctrl-C\n",
        accounts.join(", "),
        data_dir.display()
    );
    let config = WebConfig {
        demo: true,
        // The demo keeps its transfer keys in its data directory.
        transfer_key_file: Some(env.settings.transfer_key_file.clone()),
        report_k: env.settings.report_k,
        ..WebConfig::default()
    };
    run_server(env, config, listen, Some(banner))?;
    Ok(ExitCode::SUCCESS)
}

/// A database URL to show: no password, no query string (which may hold one).
fn without_secrets(url: &str) -> String {
    let url = url.split('?').next().unwrap_or(url);
    match url.split_once("://") {
        Some((scheme, rest)) => match rest.rsplit_once('@') {
            Some((credentials, host)) => {
                let user = credentials.split(':').next().unwrap_or("");
                format!("{scheme}://{user}@{host}")
            }
            None => format!("{scheme}://{rest}"),
        },
        None => url.to_owned(),
    }
}

fn national_banner() -> String {
    "Plus 299 fictieve LIVC-R's (LIVC-R Fictiefdorp 001 tot 299), met dezelfde \
     accounts gevolgd door hun nummer (deskundige-017, stuurgroep-017, ...).\n"
        .to_owned()
}

fn demo_password_hash() -> Result<String> {
    verbind_crypto::password::hash_password(&SecretString::from(DEMO_PASSWORD))
        .context("hashing the demo password")
}

/// The Sint-Niklaas demo, once.
fn load_small(env: &Env, data_dir: &std::path::Path) -> Result<()> {
    let fresh = env
        .db
        .read(|c| verbind_store::models::meta::is_demo(c).map(|d| !d))?;
    if !fresh {
        return Ok(());
    }
    println!("Demo-gegevens laden in {} ...", data_dir.display());
    let phc = demo_password_hash()?;
    let now = SystemClock.now_ms();
    let keyring = &env.keyring;
    env.db
        .write(|c| seed_everything(c, keyring, &phc, now))
        .context("loading the demo data")?;
    Ok(())
}

/// The national-scale data, into an empty database only.
fn load_national(env: &Env, where_: &str) -> Result<()> {
    match env.db.read(national::readiness)? {
        Readiness::Complete => {
            println!("Nationale demogegevens staan al in {where_}.");
            return Ok(());
        }
        Readiness::Incomplete => bail!(
            "an earlier `verbind demo --scale national` in {where_} did not finish: \
             remove that data (directory or database) and start again in a new, empty one"
        ),
        Readiness::InUse => bail!(
            "{where_} is not empty: national-scale demo data is only made in a new, empty \
             database, never added to existing data. Choose a new data directory, e.g. \
             `verbind demo --scale national --data /tmp/national-demo`"
        ),
        Readiness::Empty => {}
    }
    println!(
        "Nationale demogegevens maken in {where_}: 300 LIVC-R's, 60 000 casussen, \
         1 000 000 contacten en signalen, 2 000 000 auditregels.\n\
         Op twee processorkernen duurt dat enkele minuten met SQLite (ongeveer 3 tot 5), \
         ruim een kwartier met PostgreSQL, en het neemt ongeveer 2 GB in."
    );
    let phc = demo_password_hash()?;
    let now = SystemClock.now_ms();
    let bar = ProgressBar::new(1);
    bar.set_style(
        ProgressStyle::with_template(
            "{spinner} {elapsed_precise} [{bar:30}] {percent:>3}% {msg} (nog ~{eta})",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    let started = Instant::now();
    let counts = national::generate(
        &env.db,
        &env.keyring,
        &phc,
        now,
        &Scale::national(),
        &verbind_web::cases::service::code_prefix,
        &mut |p| {
            bar.set_length(p.total);
            bar.set_position(p.done);
            bar.set_message(p.at.clone());
        },
    )
    .context("making the national-scale demo data")?;
    bar.finish_and_clear();
    let took = started.elapsed();
    let size = env.db.size_bytes().context("measuring the database")?;
    println!(
        "Klaar in {} min {} s: {} LIVC-R's, {} accounts, {} casussen, {} contacten, \
         {} signalen, {} vergaderingen, {} auditregels. Database: {:.2} GB ({} bytes).",
        took.as_secs() / 60,
        took.as_secs() % 60,
        counts.tenants,
        counts.users,
        counts.cases,
        counts.contacts,
        counts.signals,
        counts.meetings,
        counts.audit_entries,
        size as f64 / 1e9,
        size
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::without_secrets;

    #[test]
    fn database_urls_are_shown_without_secrets() {
        assert_eq!(
            without_secrets("postgres://verbind:s3cret@db.example:5432/verbind?password=x"),
            "postgres://verbind@db.example:5432/verbind"
        );
        assert_eq!(
            without_secrets("postgresql://db.example/verbind"),
            "postgresql://db.example/verbind"
        );
        assert_eq!(without_secrets("/data/verbind.db"), "/data/verbind.db");
    }
}
