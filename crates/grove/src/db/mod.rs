//! Storage: one pool over SQLite or PostgreSQL, chosen at start-up from the URL.
//!
//! Every query is written once with `$1`-style placeholders, which both engines accept. Where the
//! engines differ (full-text search, pragmas) the difference lives in [`dialect`].

pub mod dialect;
mod migrate;
pub mod query;

use std::str::FromStr;
use std::time::Duration;

use anyhow::Context;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{AnyPool, Executor};

pub use dialect::Backend;
pub use migrate::migrate;
pub use query::{Param, SqlBuilder, insert_rows};

/// A handle to the database: cheap to clone.
#[derive(Clone, Debug)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    /// Connections for search. On PostgreSQL they keep the first plan made for a statement
    /// whatever its values (`plan_cache_mode = force_generic_plan`): search statements are
    /// written so that one plan is right for any words (see `knowledge::search`), and planning
    /// them each time cost as much as running them. Other statements keep PostgreSQL's
    /// choice, which looks at the values. On SQLite, the same pool as `pool`.
    pub search_pool: AnyPool,
}

/// How many connections search uses at most on PostgreSQL unless told: twice this machine's
/// cores. A search keeps a database core busy from start to end; running more at once than
/// there are cores only shares the cores among them, so each takes longer. At 16 concurrent
/// searches on 2 cores, 4 connections instead of 16 brought the slowest hundredth from 25-28
/// to 20-23 ms, the searches waiting their turn in Grove instead.
pub fn default_search_connections() -> u32 {
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    (2 * cores).clamp(2, 16) as u32
}

impl Db {
    /// Connects (creating a SQLite file if needed), search with
    /// [`default_search_connections`].
    pub async fn connect(url: &str) -> anyhow::Result<Db> {
        Db::connect_with(url, default_search_connections()).await
    }

    /// Connects, search with up to `search_connections` connections of its own on PostgreSQL.
    pub async fn connect_with(url: &str, search_connections: u32) -> anyhow::Result<Db> {
        sqlx::any::install_default_drivers();
        let backend = Backend::from_url(url)?;
        let url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                let sep = if url.contains('?') { '&' } else { '?' };
                format!("{url}{sep}mode=rwc")
            }
            _ => url.to_string(),
        };
        let options = AnyConnectOptions::from_str(&url).context("invalid database URL")?;
        let pool = pool_options(backend, false)
            .max_connections(match backend {
                // One writer at a time anyway; readers run concurrently under WAL.
                Backend::Sqlite => 8,
                Backend::Postgres => 16,
            })
            .connect_with(options.clone())
            .await
            .with_context(|| format!("cannot connect to the database at {}", redact(&url)))?;
        let search_pool = match backend {
            Backend::Sqlite => pool.clone(),
            // Opened as searches need them.
            Backend::Postgres => pool_options(backend, true)
                .max_connections(search_connections.max(1))
                .connect_lazy_with(options),
        };
        Ok(Db {
            pool,
            backend,
            search_pool,
        })
    }
}

/// The pool settings for `backend`; `generic_plans`: PostgreSQL keeps one plan per statement.
fn pool_options(backend: Backend, generic_plans: bool) -> AnyPoolOptions {
    AnyPoolOptions::new()
        .acquire_timeout(Duration::from_secs(10))
        // sqlx checks every connection when it goes back to the pool; checking it again
        // when it is taken out cost each query one more round trip (a third of the
        // directory's database time on PostgreSQL). Only a connection that sat idle for a
        // while, which the server may have closed, is checked on the way out.
        .test_before_acquire(false)
        .before_acquire(|conn, meta| {
            Box::pin(async move {
                if meta.idle_for > Duration::from_secs(30) {
                    sqlx::Connection::ping(conn).await?;
                }
                Ok(true)
            })
        })
        .after_connect(move |conn, _meta| {
            Box::pin(async move {
                if backend == Backend::Sqlite {
                    // Reads go through a memory map of the file (shared with the OS page
                    // cache) instead of a pread and a copy per page: under load the copies
                    // were most of the directory's CPU time. The map covers files up to
                    // 256 GiB (the build's limit, set in .cargo/config.toml).
                    conn.execute(
                        "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; \
                             PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 10000; \
                             PRAGMA mmap_size = 274877906944; PRAGMA cache_size = -16000;",
                    )
                    .await?;
                }
                if backend == Backend::Postgres {
                    // Web requests want an answer in milliseconds: starting a parallel worker
                    // took longer than a search that finds nothing, and on a small server
                    // the workers take the cores other requests are waiting for; compiling
                    // a plan (JIT) costs tens of milliseconds more.
                    conn.execute("SET max_parallel_workers_per_gather = 0")
                        .await?;
                    conn.execute("SET jit = off").await?;
                    if generic_plans {
                        conn.execute("SET plan_cache_mode = force_generic_plan")
                            .await?;
                    }
                }
                Ok(())
            })
        })
}

/// Hides a password in a database URL before it is printed.
fn redact(url: &str) -> String {
    match (url.find("://"), url.find('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let creds = &url[scheme + 3..at];
            match creds.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme + 3],
                    &creds[..colon],
                    &url[at..]
                ),
                None => url.to_string(),
            }
        }
        _ => url.to_string(),
    }
}

/// Seconds since the Unix epoch: every timestamp in the database is stored this way, so date
/// arithmetic is plain integer arithmetic on both engines.
pub fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
