#![forbid(unsafe_code)]

use std::{path::PathBuf, process::ExitCode};

use clap::{Parser, Subcommand};
use codevault::config::Config;

/// CodeVault: a Telegram bot that keeps your code files and backs them up.
#[derive(Parser)]
#[command(version, about)]
struct Cli {
    /// The configuration file (missing is fine: defaults and environment apply).
    #[arg(
        long,
        global = true,
        env = "CODEVAULT_CONFIG",
        default_value = "codevault.toml"
    )]
    config: PathBuf,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the bot (long polling) until SIGINT or SIGTERM.
    Serve,
    /// Print the effective configuration, secrets redacted.
    CheckConfig,
    // Its help is on `MigrateArgs`: a doc comment here would replace the long one there.
    Migrate(codevault::ops::migrate::MigrateArgs),
    // Their help is on the args, as migrate's.
    Dump(codevault::ops::dump::DumpArgs),
    Load(codevault::ops::dump::LoadArgs),
    // backup, verify, restore, export: one user's backups (or everyone's), on the store.
    #[command(flatten)]
    Admin(codevault::ops::admin::AdminCommand),
    /// Measure building and verifying backups of generated libraries (about 2 KB per file).
    Bench {
        /// Library sizes to measure, in files.
        #[arg(long, value_delimiter = ',', default_value = "1000,10000,50000")]
        files: Vec<usize>,
        /// Measure backup, restore and import against this store instead (a MongoDB
        /// connection string or a data directory); it must be empty: the bench writes into it.
        #[arg(long, value_name = "STORE")]
        store: Option<String>,
        /// The MongoDB database of a connection string given as --store.
        #[arg(long, value_name = "NAME", default_value = "codevault_bench")]
        database: String,
        /// How many times each job runs with --store (the median is shown).
        #[arg(long, default_value_t = 3)]
        runs: usize,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("codevault: {error}");
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    if let Command::Bench {
        files, store: None, ..
    } = &cli.command
    {
        let rows: Vec<_> = files
            .iter()
            .map(|&n| codevault::ops::bench::run_once(n))
            .collect();
        println!("Full backups (build = write the ZIP and manifest):");
        print!("{}", codevault::ops::bench::report(&rows));
        let rows: Vec<_> = files
            .iter()
            .map(|&n| codevault::ops::bench::run_protected(n))
            .collect();
        println!(
            "\nProtected full backups (every entry and the manifest encrypted with AES-256; verify opens them with the password):"
        );
        print!("{}", codevault::ops::bench::report(&rows));
        let rows: Vec<_> = files
            .iter()
            .map(|&n| codevault::ops::bench::run_repackage(n))
            .collect();
        println!(
            "\nRepository backups (build = copy the zipball's entries, hash them, add the manifest):"
        );
        print!("{}", codevault::ops::bench::report(&rows));
        return Ok(());
    }
    let (config, old_names) = Config::load(&cli.config)?;
    let deprecation = old_names.warning();
    match cli.command {
        Command::Bench {
            files,
            store: Some(store),
            database,
            runs,
        } => {
            use codevault::{
                app,
                ops::{bench::store as jobs, migrate::parse_store},
            };
            let store = parse_store(&store, &database);
            println!("Store-backed jobs on {store}, {runs} runs each:");
            let build = |config: &Config, stores: &codevault::storage::Stores| {
                let backups = std::sync::Arc::new(app::backups(config, stores));
                jobs::Services {
                    restores: app::restore(config, stores, backups.clone()),
                    imports: app::imports(config, stores, backups.clone()),
                    backups,
                }
            };
            let runtime = tokio::runtime::Runtime::new()?;
            let rows = runtime.block_on(jobs::run(&config, &store, &files, runs, build))?;
            print!("{}", jobs::report(&rows));
            Ok(())
        }
        Command::Bench { .. } => Ok(()),
        Command::CheckConfig => {
            if let Some(warning) = deprecation {
                eprintln!("codevault: warning: {warning}");
            }
            // A TOML comment, so the output still reads back as a configuration file.
            println!("# store: {}", config.storage.store());
            print!("{}", config.to_redacted_toml());
            Ok(())
        }
        Command::Migrate(args) => {
            if let Some(warning) = deprecation {
                eprintln!("codevault: warning: {warning}");
            }
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(codevault::ops::migrate::run(&config.storage, &args))?;
            Ok(())
        }
        Command::Dump(args) => {
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(codevault::ops::dump::run_dump(&config.storage, &args))?;
            Ok(())
        }
        Command::Load(args) => {
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(codevault::ops::dump::run_load(&config.storage, &args))?;
            Ok(())
        }
        Command::Admin(command) => {
            if let Some(warning) = deprecation {
                eprintln!("codevault: warning: {warning}");
            }
            // One thread: an operator's command is a few requests, and such a runtime polls
            // nothing once the command ends. On a runtime with worker threads, one could still
            // be polling the MongoDB driver's connection task as the runtime shut down, which
            // panics inside the driver and prints a second error.
            let runtime = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()?;
            let run = codevault::ops::admin::run(&config, &command, codevault::app::operator);
            runtime.block_on(run)?;
            Ok(())
        }
        Command::Serve => {
            init_tracing(&config.log);
            if let Some(warning) = deprecation {
                tracing::warn!("{warning}");
            }
            let runtime = tokio::runtime::Runtime::new()?;
            runtime.block_on(codevault::app::serve(config))?;
            Ok(())
        }
    }
}

fn init_tracing(filter: &str) {
    let filter = tracing_subscriber::EnvFilter::try_new(filter).unwrap_or_else(|_| "info".into());
    tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr)
        // Colours only on a terminal: log files and collectors get plain text.
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
}
