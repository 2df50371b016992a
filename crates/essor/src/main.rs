//! `essor`: the one binary. Parses the command line, reads configuration, wires the modules.

use anyhow::Context;
use clap::{Parser, Subcommand};
use essor::modules;
use essor_platform::config::Config;
use essor_platform::{app, jobs};
use std::path::PathBuf;

mod admin;
mod demo;

#[derive(Parser)]
#[command(
    name = "essor",
    version,
    about = "Essor: the territory's social and solidarity economy platform.",
    long_about = "Essor runs a territory's programme for the social and solidarity economy: calls for projects, \
impact-financing mornings, the youth–enterprise bridge, workshops and the observatory.\n\n\
Configuration comes from ESSOR_* environment variables (and an optional TOML file named by ESSOR_CONFIG): \
ESSOR_DATABASE_URL (sqlite://… default, or postgres://…), ESSOR_LISTEN, ESSOR_BASE_URL, ESSOR_DATA_DIR, \
ESSOR_TIME_ZONE, ESSOR_TERRITORY_NAME, ESSOR_TERRITORY_DEPARTEMENT, ESSOR_TERRITORY_COMMUNES, \
ESSOR_SMTP_HOST/PORT/USERNAME/PASSWORD/SECURITY, ESSOR_MAIL_FROM, ESSOR_LOG_JSON, ESSOR_BEHIND_PROXY."
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Serve the web application (and run the background jobs).
    Serve,
    /// Create a fresh SQLite database in the data folder, fill it with demo data, print the demo
    /// logins, then serve.
    Demo {
        /// Only create the demo data, do not serve.
        #[arg(long)]
        no_serve: bool,
    },
    /// Apply the database migrations and exit.
    Migrate,
    /// Solve an optimisation problem on a JSON file (formats in shared/formats/solvers.md).
    Solve {
        /// assign, meetings or placement.
        problem: String,
        #[arg(long)]
        input: PathBuf,
        /// Write the result here instead of standard output.
        #[arg(long)]
        output: Option<PathBuf>,
    },
    /// Import open data: `essor import sirene --unites-legales F --etablissements F`.
    Import {
        #[command(subcommand)]
        what: ImportWhat,
    },
    /// Administrator tasks.
    Admin {
        #[command(subcommand)]
        task: admin::AdminTask,
    },
    /// The audit log.
    Audit {
        #[command(subcommand)]
        task: AuditTask,
    },
}

#[derive(Subcommand)]
enum ImportWhat {
    /// INSEE's SIRENE stock files (CSV, plain, gzip or ZIP) into the ESS directory and the
    /// observatory: the territory's establishments of ESS legal units, upserted by SIRET.
    Sirene {
        /// StockUniteLegale file.
        #[arg(long)]
        unites_legales: PathBuf,
        /// StockEtablissement file.
        #[arg(long)]
        etablissements: PathBuf,
    },
}

#[derive(Subcommand)]
enum AuditTask {
    /// Check the hash chain of the audit log: any edited or deleted entry is reported.
    Verify,
}

fn init_logs(cfg: &Config) {
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| "info,sqlx=warn,tower_http=info".into());
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if cfg.log_json {
        builder.json().init();
    } else {
        builder.init();
    }
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(code) => code,
        Err(err) => {
            eprintln!("essor: {err:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<std::process::ExitCode> {
    if let Command::Solve {
        problem,
        input,
        output,
    } = &cli.command
    {
        return solve(problem, input, output.as_deref());
    }
    let mut cfg = Config::load()?;
    init_logs(&cfg);
    match cli.command {
        Command::Serve => serve(app::state(cfg, &modules()).await?).await?,
        Command::Demo { no_serve } => {
            if cfg.database_url.is_none() {
                // The demo always starts from a fresh embedded database.
                let path = cfg.data_dir.join("demo.db");
                for ext in ["", "-wal", "-shm"] {
                    let _ = std::fs::remove_file(format!("{}{ext}", path.display()));
                }
                cfg.database_url = Some(format!("sqlite://{}", path.display()));
            }
            let state = app::state(cfg, &modules()).await?;
            demo::seed(&state).await?;
            jobs::drain(&state).await?;
            demo::print_logins(&state);
            if !no_serve {
                serve(state).await?;
            }
        }
        Command::Migrate => {
            let db = essor_platform::db::Db::connect(&cfg.database_url()).await?;
            db.migrate().await?;
            println!("migrations applied");
        }
        Command::Admin { task } => return admin::run(cfg, task).await,
        Command::Import {
            what:
                ImportWhat::Sirene {
                    unites_legales,
                    etablissements,
                },
        } => {
            return essor_observatory::imports::cli::import_sirene(
                cfg,
                &unites_legales,
                &etablissements,
            )
            .await
        }
        Command::Audit {
            task: AuditTask::Verify,
        } => {
            let db = essor_platform::db::Db::connect(&cfg.database_url()).await?;
            match essor_platform::audit::verify(&db).await? {
                essor_platform::audit::Verdict::Intact { entries } => {
                    println!("audit log intact: {entries} entries");
                }
                essor_platform::audit::Verdict::Broken { seq, reason } => {
                    println!("audit log BROKEN at entry {seq}: {reason}");
                    return Ok(std::process::ExitCode::from(2));
                }
            }
        }
        Command::Solve { .. } => unreachable!("handled above"),
    }
    Ok(std::process::ExitCode::SUCCESS)
}

fn solve(
    problem: &str,
    input: &std::path::Path,
    output: Option<&std::path::Path>,
) -> anyhow::Result<std::process::ExitCode> {
    let text =
        std::fs::read_to_string(input).with_context(|| format!("reading {}", input.display()))?;
    let result = essor_solve::cli::run(problem, &text)
        .map_err(|e| anyhow::anyhow!("{}: {e}", input.display()))?;
    match output {
        Some(path) => std::fs::write(path, result + "\n")
            .with_context(|| format!("writing {}", path.display()))?,
        None => println!("{result}"),
    }
    Ok(std::process::ExitCode::SUCCESS)
}

async fn serve(state: essor_platform::AppState) -> anyhow::Result<()> {
    let listen = state.config().listen.clone();
    let listener = tokio::net::TcpListener::bind(&listen)
        .await
        .with_context(|| format!("listening on {listen}"))?;
    tokio::spawn(jobs::worker(state.clone()));
    tokio::spawn(app::housekeeping(state.clone()));
    let router =
        app::router(state.clone(), modules()).layer(tower_http::trace::TraceLayer::new_for_http());
    tracing::info!(
        "Essor listening on http://{listen} (public address {})",
        state.config().base_url()
    );
    axum::serve(
        listener,
        router.into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(async {
        let _ = tokio::signal::ctrl_c().await;
    })
    .await?;
    state.db().close().await;
    Ok(())
}
