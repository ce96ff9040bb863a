//! The `grove` command line: serve, migrate, demo data, admin tasks.

use std::net::SocketAddr;
use std::path::PathBuf;

use anyhow::Context;
use clap::{Parser, Subcommand};
use grove::auth::model::Role;
use grove::config::{MailConfig, normalize_database_url};
use grove::db::Db;
use grove::web::AppState;
use grove::{AppError, Config};

#[derive(Parser)]
#[command(
    name = "grove",
    version,
    about = "Grove: a self-hosted network for knowledge sharing, mentorship and support"
)]
struct Cli {
    /// Database: a SQLite file path or URL (sqlite://grove.db), or postgres://user@host/db.
    #[arg(
        long,
        global = true,
        env = "GROVE_DATABASE_URL",
        default_value = "sqlite://grove.db"
    )]
    database_url: String,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (creating and migrating the database if needed).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "GROVE_BIND", default_value = "127.0.0.1:8080")]
        bind: SocketAddr,
        /// Load a demo organization first if the database is empty.
        #[arg(long)]
        demo: bool,
        /// Members in the demo organization.
        #[arg(long, default_value_t = 300)]
        demo_members: usize,
        /// Connections search uses at most on PostgreSQL, beside the 16 of everything else
        /// (default: twice this machine's cores, 2 to 16).
        #[arg(long, env = "GROVE_SEARCH_CONNECTIONS", value_parser = clap::value_parser!(u32).range(1..=64))]
        search_connections: Option<u32>,
        /// Mark cookies Secure (serve behind HTTPS).
        #[arg(long, env = "GROVE_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Aggregates about people show only for groups at least this large.
        #[arg(long, env = "GROVE_MIN_GROUP_SIZE", default_value_t = 5)]
        min_group_size: i64,
        /// Where members reach Grove, for links in e-mail (default: http://BIND).
        #[arg(long, env = "GROVE_PUBLIC_URL")]
        public_url: Option<String>,
        /// SMTP server for notification e-mail: smtp://[user:pass@]host[:port][?tls=starttls],
        /// or smtps://... for TLS from the start. Without it Grove sends no e-mail.
        #[arg(
            long,
            env = "GROVE_SMTP_URL",
            requires = "mail_from",
            hide_env_values = true
        )]
        smtp_url: Option<String>,
        /// The From address of notification e-mail, e.g. "Grove <grove@example.org>".
        #[arg(long, env = "GROVE_MAIL_FROM")]
        mail_from: Option<String>,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Load a generated demo organization into an empty database.
    Demo {
        #[arg(long, default_value_t = 300)]
        members: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Knowledge posts (questions, articles, ...); default: a few per ten members, at most 5,000.
        #[arg(long)]
        posts: Option<usize>,
    },
    /// Match mentors and mentees from a file (JSON or CSV; see docs/matching.md).
    Match {
        /// Participants and settings (JSON), or pair scores (JSON or CSV).
        #[arg(long)]
        input: PathBuf,
        /// Where to write the pairs with scores and explanations (.json or .csv).
        #[arg(long)]
        output: PathBuf,
    },
    /// Network report (see docs/network.md): on an edge list, or on this database's network.
    Analyze {
        /// CSV with header `source,target[,weight]`; without it, the database is analyzed.
        #[arg(long)]
        edges: Option<PathBuf>,
        /// CSV with header `node,group` (departments, locations...).
        #[arg(long, requires = "edges")]
        groups: Option<PathBuf>,
        /// Also suggest up to K people each member may want to know.
        #[arg(long)]
        suggest: Option<usize>,
        /// Groups smaller than this get no aggregate figures.
        #[arg(long, default_value_t = 5)]
        min_group_size: usize,
        /// Where to write the JSON report.
        #[arg(long)]
        output: PathBuf,
    },
    /// Administrative tasks.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
}

#[derive(Subcommand)]
enum AdminCommand {
    /// Create an account (reads the password from GROVE_PASSWORD or standard input).
    CreateUser {
        #[arg(long)]
        email: String,
        #[arg(long)]
        name: String,
        /// Make the account an org admin.
        #[arg(long)]
        admin: bool,
        /// Make the account a lead (runs programs and events).
        #[arg(long, conflicts_with = "admin")]
        lead: bool,
    },
}

fn main() -> std::process::ExitCode {
    let runtime = match tokio::runtime::Runtime::new() {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run()) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run() -> anyhow::Result<()> {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_env("GROVE_LOG")
                .unwrap_or_else(|_| "info,sqlx=warn".into()),
        )
        .init();
    let cli = Cli::parse();
    let url = normalize_database_url(&cli.database_url);
    match cli.command {
        Command::Serve {
            bind,
            demo,
            demo_members,
            search_connections,
            secure_cookies,
            min_group_size,
            public_url,
            smtp_url,
            mail_from,
        } => {
            let search_connections =
                search_connections.unwrap_or_else(grove::db::default_search_connections);
            let db = open_with(&url, search_connections).await?;
            if demo {
                load_demo(&db, demo_members, None, 1).await?;
            }
            let mut config = Config::new(url, bind);
            config.secure_cookies = secure_cookies;
            config.min_group_size = min_group_size;
            if let Some(public_url) = public_url {
                config.public_url = public_url.trim_end_matches('/').to_string();
            }
            if let (Some(smtp_url), Some(from)) = (smtp_url, mail_from) {
                config.mail = Some(MailConfig::new(smtp_url, from));
            }
            let state = AppState::new(db, config);
            grove::notifications::email::start(&state).await?;
            // The organization graph behind suggestions, experts and matching takes a few
            // seconds to build for a large organization: build it before the first request
            // needs it.
            let warm = state.clone();
            tokio::spawn(async move {
                if let Err(err) = grove::network::service::graph(&warm).await {
                    tracing::warn!("building the network graph at start-up: {err}");
                }
            });
            // Unanswered questions go to likely experts after a day.
            grove::knowledge::service::spawn_router(state.clone());
            grove::web::serve(state).await
        }
        Command::Migrate => {
            let db = Db::connect(&url).await?;
            let applied = grove::db::migrate(&db).await?;
            println!("{applied} migration(s) applied on {}", db.backend.name());
            Ok(())
        }
        Command::Demo {
            members,
            seed,
            posts,
        } => {
            let db = open(&url).await?;
            load_demo(&db, members, posts, seed).await
        }
        Command::Match { input, output } => {
            let summary = grove::offline::run_match(&input, &output)?;
            println!("{summary}; written to {}", output.display());
            Ok(())
        }
        Command::Analyze {
            edges,
            groups,
            suggest,
            min_group_size,
            output,
        } => {
            let db = match edges {
                Some(_) => None,
                None => Some(open(&url).await?),
            };
            let args = grove::offline::AnalyzeArgs {
                edges,
                groups,
                suggest,
                min_group_size,
                output: output.clone(),
            };
            let summary = grove::offline::run_analyze(args, db.as_ref()).await?;
            println!("{summary}; written to {}", output.display());
            Ok(())
        }
        Command::Admin {
            command:
                AdminCommand::CreateUser {
                    email,
                    name,
                    admin,
                    lead,
                },
        } => {
            let db = open(&url).await?;
            let password = match std::env::var("GROVE_PASSWORD") {
                Ok(p) => p,
                Err(_) => {
                    eprintln!("Password (at least 10 characters):");
                    let mut line = String::new();
                    std::io::stdin().read_line(&mut line)?;
                    line.trim_end_matches(['\r', '\n']).to_string()
                }
            };
            let role = if admin {
                Role::Admin
            } else if lead {
                Role::Lead
            } else {
                Role::Member
            };
            let id = grove::auth::service::create_account(&db, &email, &name, &password, role)
                .await
                .map_err(explain)?;
            println!("created {} account {id} for {email}", role.as_str());
            Ok(())
        }
    }
}

async fn open(url: &str) -> anyhow::Result<Db> {
    open_with(url, grove::db::default_search_connections()).await
}

async fn open_with(url: &str, search_connections: u32) -> anyhow::Result<Db> {
    let db = Db::connect_with(url, search_connections).await?;
    grove::db::migrate(&db)
        .await
        .context("applying migrations")?;
    Ok(db)
}

/// Loads the demo organization into an empty database (an existing demo is kept) and prints how
/// to sign in with each role.
async fn load_demo(db: &Db, members: usize, posts: Option<usize>, seed: u64) -> anyhow::Result<()> {
    let posts = posts.unwrap_or_else(|| grove::demo::default_posts(members));
    let sign_ins = match grove::demo::sign_ins(db).await? {
        Some(existing) => existing,
        None => grove::demo::load_with_posts(db, members, posts, seed).await?,
    };
    println!(
        "\nDemo organization ready. Sign in with password {:?} as:",
        grove::demo::DEMO_PASSWORD
    );
    println!("  admin   {}", sign_ins.admin);
    println!("  lead    {}", sign_ins.lead);
    println!("  member  {}\n", sign_ins.member);
    Ok(())
}

fn explain(err: AppError) -> anyhow::Error {
    match err {
        AppError::Internal(e) => e,
        other => anyhow::anyhow!(other.to_string()),
    }
}
