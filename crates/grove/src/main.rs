//! The `grove` command line: serve, migrate, demo data, admin tasks.

use std::net::SocketAddr;

use anyhow::Context;
use clap::{Parser, Subcommand};
use grove::auth::model::Role;
use grove::config::normalize_database_url;
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
        /// Mark cookies Secure (serve behind HTTPS).
        #[arg(long, env = "GROVE_SECURE_COOKIES")]
        secure_cookies: bool,
        /// Aggregates about people show only for groups at least this large.
        #[arg(long, env = "GROVE_MIN_GROUP_SIZE", default_value_t = 5)]
        min_group_size: i64,
    },
    /// Apply database migrations and exit.
    Migrate,
    /// Load a generated demo organization into an empty database.
    Demo {
        #[arg(long, default_value_t = 300)]
        members: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
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

#[tokio::main]
async fn main() -> anyhow::Result<()> {
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
            secure_cookies,
            min_group_size,
        } => {
            let db = open(&url).await?;
            if demo {
                load_demo(&db, demo_members, 1).await?;
            }
            let mut config = Config::new(url, bind);
            config.secure_cookies = secure_cookies;
            config.min_group_size = min_group_size;
            grove::web::serve(AppState::new(db, config)).await
        }
        Command::Migrate => {
            let db = Db::connect(&url).await?;
            let applied = grove::db::migrate(&db).await?;
            println!("{applied} migration(s) applied on {}", db.backend.name());
            Ok(())
        }
        Command::Demo { members, seed } => {
            let db = open(&url).await?;
            load_demo(&db, members, seed).await
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
    let db = Db::connect(url).await?;
    grove::db::migrate(&db)
        .await
        .context("applying migrations")?;
    Ok(db)
}

/// Loads the demo organization into an empty database (an existing demo is kept) and prints how
/// to sign in with each role.
async fn load_demo(db: &Db, members: usize, seed: u64) -> anyhow::Result<()> {
    let sign_ins = match grove::demo::sign_ins(db).await? {
        Some(existing) => existing,
        None => grove::demo::load(db, members, seed).await?,
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
