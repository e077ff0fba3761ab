//! `verbind demo`: a data directory, migrations, the Sint-Niklaas profile with
//! fictional accounts, the address and accounts printed, then serve.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use secrecy::SecretString;
use verbind_domain::{Clock, SystemClock};
use verbind_store::demo::{DEMO_ACCOUNTS, DEMO_PASSWORD, seed};
use verbind_web::WebConfig;

use crate::commands::{init_logging, open, run_server};
use crate::config::{Global, Settings};

pub fn run(g: &Global, data: PathBuf, listen: SocketAddr) -> Result<ExitCode> {
    let mut global = g.clone();
    global.data = Some(global.data.clone().unwrap_or(data));
    let settings = Settings::resolve(&global, &PathBuf::from("./verbind-data"))?;
    init_logging(settings.json_logs);
    let data_dir = settings.data.clone();
    let env = open(settings)?;
    let fresh = env
        .db
        .read(|c| verbind_store::models::meta::is_demo(c).map(|d| !d))?;
    if fresh {
        println!("Demo-gegevens laden in {} ...", data_dir.display());
        let phc = verbind_crypto::password::hash_password(&SecretString::from(DEMO_PASSWORD))
            .context("hashing the demo password")?;
        let now = SystemClock.now_ms();
        let keyring = &env.keyring;
        env.db
            .write(|c| {
                seed(c, keyring, &phc, now)?;
                verbind_store::demo::seed_cases(c, keyring, now)?;
                verbind_store::demo::seed_prevention(c, keyring, now)?;
                verbind_store::demo::seed_tensions_network(c, keyring, now)?;
                verbind_store::demo::seed_outreach(c, keyring, now)
            })
            .context("loading the demo data")?;
    }
    let accounts: Vec<&str> = DEMO_ACCOUNTS.iter().map(|a| a.username).collect();
    let banner = format!(
        "\nVerbind DEMO - fictieve gegevens (LIVC-R Sint-Niklaas)\n\
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
