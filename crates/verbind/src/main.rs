//! `verbind`: the one binary. `serve` runs the platform, `demo` runs it with
//! fictional Sint-Niklaas data, and the other commands are for operators.

mod commands;
mod config;
mod demo;
mod report;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use crate::config::Global;

#[derive(Debug, Parser)]
#[command(
    name = "verbind",
    version,
    about = "Verbind: the secure platform for preventing extremism and polarisation and for the LIVC-R."
)]
struct Cli {
    #[command(flatten)]
    global: Global,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the server (refuses a demo database).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "VERBIND_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Public base URL, used in set-password links.
        #[arg(long, env = "VERBIND_PUBLIC_URL")]
        public_url: Option<String>,
        /// Send HSTS (set when users reach Verbind over HTTPS).
        #[arg(long, env = "VERBIND_HSTS")]
        hsts: bool,
    },
    /// Run a demo with fictional Sint-Niklaas data and demo accounts (password `verbind-demo`).
    Demo {
        /// Data directory of the demo.
        #[arg(long, default_value = "./verbind-data")]
        data: PathBuf,
        /// Address to listen on.
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// How much fictional data: `small` (Sint-Niklaas) or `national`
        /// (Sint-Niklaas plus 299 fictional LIVC-Rs: 60,000 cases, 1,000,000
        /// contacts and signals, 2,000,000 audit entries over three years,
        /// for measuring; only into a new, empty database; see README).
        #[arg(long, value_enum, default_value = "small")]
        scale: demo::DemoScale,
    },
    /// Run pending database migrations and exit.
    Migrate,
    /// Manage user accounts.
    #[command(subcommand)]
    User(commands::UserCommand),
    /// Check and anchor the audit trail.
    #[command(subcommand)]
    Audit(commands::AuditCommand),
    /// Manage encryption keys.
    #[command(subcommand)]
    Keys(commands::KeysCommand),
    /// Load municipality profiles.
    #[command(subcommand)]
    Profile(commands::ProfileCommand),
    /// Make reports (the Stuurgroep report as PDF, CSV or JSON).
    #[command(subcommand)]
    Report(report::ReportCommand),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Serve {
            listen,
            public_url,
            hsts,
        } => commands::serve(&cli.global, listen, public_url, hsts),
        Command::Demo {
            data,
            listen,
            scale,
        } => demo::run(&cli.global, data, listen, scale),
        Command::Migrate => commands::migrate(&cli.global),
        Command::User(c) => commands::user(&cli.global, c),
        Command::Audit(c) => commands::audit(&cli.global, c),
        Command::Keys(c) => commands::keys(&cli.global, c),
        Command::Profile(c) => commands::profile(&cli.global, c),
        Command::Report(c) => report::run(&cli.global, c),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("verbind: {e:#}");
            ExitCode::FAILURE
        }
    }
}
