//! Schema migrations for both engines, embedded in the binary and applied in order, each in its
//! own transaction. Several servers starting at once on PostgreSQL wait on an advisory lock.

use anyhow::Context;
use sqlx::{Acquire, Row};

use super::{Backend, Db};

struct Migration {
    version: i64,
    name: &'static str,
    /// SQL shared by both engines (with `@ID@` for the identity column).
    common: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
}

const MIGRATIONS: &[Migration] = &[
    Migration {
        version: 1,
        name: "accounts, profiles, taxonomy, connections",
        common: include_str!("migrations/common_0001.sql"),
        sqlite: include_str!("migrations/sqlite/0001_search.sql"),
        postgres: include_str!("migrations/postgres/0001_search.sql"),
    },
    Migration {
        version: 2,
        name: "suggestion dismissals and opt-out",
        common: include_str!("migrations/common_0002.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 3,
        name: "mentorship programs, relationships, notifications",
        common: include_str!("migrations/common_0003.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 4,
        name: "communities, members, requests, invitations",
        common: include_str!("migrations/common_0004.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 5,
        name: "directory change counter",
        common: include_str!("migrations/common_0005.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 6,
        name: "knowledge: posts, revisions, answers, comments, votes, follows, search, settings",
        common: include_str!("migrations/common_0006.sql"),
        sqlite: include_str!("migrations/sqlite/0006_post_search.sql"),
        postgres: include_str!("migrations/postgres/0006_post_search.sql"),
    },
    Migration {
        version: 7,
        name: "recognition: kudos",
        common: include_str!("migrations/common_0007.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 8,
        name: "e-mail outbox for notifications",
        common: include_str!("migrations/common_0008.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 9,
        name: "moderation: flags and the moderation log",
        common: include_str!("migrations/common_0009.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 10,
        name: "dismissed community suggestions",
        common: include_str!("migrations/common_0010.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 11,
        name: "search: titles and tags indexed apart",
        common: "",
        sqlite: include_str!("migrations/sqlite/0011_post_headings.sql"),
        postgres: include_str!("migrations/postgres/0011_post_headings.sql"),
    },
    Migration {
        version: 12,
        name: "unanswered questions routed once",
        common: include_str!("migrations/common_0012.sql"),
        sqlite: "",
        postgres: "",
    },
    Migration {
        version: 13,
        name: "search: blocks of post ids in the PostgreSQL index",
        common: "",
        // SQLite reads its index newest first and has no use for them; new documents carry
        // them anyway (one word each).
        sqlite: "",
        postgres: include_str!("migrations/postgres/0013_post_blocks.sql"),
    },
    Migration {
        version: 14,
        name: "search: the index's words",
        common: "",
        sqlite: include_str!("migrations/sqlite/0014_search_words.sql"),
        postgres: include_str!("migrations/postgres/0014_search_words.sql"),
    },
    Migration {
        version: 15,
        name: "search: title words by block in the PostgreSQL index",
        common: "",
        // SQLite reads its index newest first and has no use for them.
        sqlite: "",
        postgres: include_str!("migrations/postgres/0015_title_blocks.sql"),
    },
    Migration {
        version: 16,
        name: "search: finer statistics of the PostgreSQL index's words",
        common: "",
        // FTS5 needs no statistics to read its index newest first.
        sqlite: "",
        postgres: include_str!("migrations/postgres/0016_search_statistics.sql"),
    },
];

/// Applies every migration not yet applied; returns how many ran.
pub async fn migrate(db: &Db) -> anyhow::Result<usize> {
    let mut conn = db.pool.acquire().await?;
    if db.backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_lock(7205001)")
            .execute(&mut *conn)
            .await?;
    }
    let result = apply_pending(db.backend, &mut conn).await;
    if db.backend == Backend::Postgres {
        sqlx::query("SELECT pg_advisory_unlock(7205001)")
            .execute(&mut *conn)
            .await?;
    }
    result
}

async fn apply_pending(backend: Backend, conn: &mut sqlx::AnyConnection) -> anyhow::Result<usize> {
    sqlx::raw_sql(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version BIGINT PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)",
    )
    .execute(&mut *conn)
    .await?;
    let applied: Vec<i64> = sqlx::query("SELECT version FROM schema_migrations")
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|row| row.try_get::<i64, _>(0))
        .collect::<Result<_, _>>()?;
    let mut count = 0;
    for migration in MIGRATIONS.iter().filter(|m| !applied.contains(&m.version)) {
        let id = match backend {
            Backend::Sqlite => "INTEGER PRIMARY KEY",
            Backend::Postgres => "BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY",
        };
        let specific = match backend {
            Backend::Sqlite => migration.sqlite,
            Backend::Postgres => migration.postgres,
        };
        let mut tx = conn.begin().await?;
        sqlx::raw_sql(sqlx::AssertSqlSafe(migration.common.replace("@ID@", id)))
            .execute(&mut *tx)
            .await
            .with_context(|| format!("migration {} ({})", migration.version, migration.name))?;
        sqlx::raw_sql(specific)
            .execute(&mut *tx)
            .await
            .with_context(|| {
                format!(
                    "migration {} ({}), {} part",
                    migration.version,
                    migration.name,
                    backend.name()
                )
            })?;
        sqlx::query(
            "INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)",
        )
        .bind(migration.version)
        .bind(migration.name)
        .bind(super::now())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        count += 1;
    }
    Ok(count)
}
