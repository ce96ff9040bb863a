//! The few places where SQLite and PostgreSQL need different SQL.

use anyhow::bail;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    pub fn from_url(url: &str) -> anyhow::Result<Backend> {
        if url.starts_with("sqlite:") {
            Ok(Backend::Sqlite)
        } else if url.starts_with("postgres:") || url.starts_with("postgresql:") {
            Ok(Backend::Postgres)
        } else {
            bail!("unsupported database URL (use sqlite://FILE or postgres://...)")
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }

    /// SQL that replaces the member's search document (`$1` user id, `$2` name, `$3` headline
    /// — title, department, location, skills —, `$4` longer text such as the bio).
    pub fn member_search_upsert(self) -> &'static [&'static str] {
        match self {
            Backend::Sqlite => &[
                "DELETE FROM member_search WHERE rowid = $1",
                "INSERT INTO member_search (rowid, name, headline, body) VALUES ($1, $2, $3, $4)",
            ],
            Backend::Postgres => &["INSERT INTO member_search (user_id, document) VALUES ($1, \
                 setweight(to_tsvector('simple', $2), 'A') || setweight(to_tsvector('simple', $3), 'B') \
                 || setweight(to_tsvector('simple', $4), 'C')) \
                 ON CONFLICT (user_id) DO UPDATE SET document = excluded.document"],
        }
    }

    /// A condition `u.id IN (...)` true for members whose search document matches the bound query
    /// at placeholder `$n`. The bound value comes from [`Backend::text_query`].
    pub fn member_search_condition(self, n: usize) -> String {
        match self {
            Backend::Sqlite => {
                format!("u.id IN (SELECT rowid FROM member_search WHERE member_search MATCH ${n})")
            }
            Backend::Postgres => format!(
                "u.id IN (SELECT user_id FROM member_search WHERE document @@ to_tsquery('simple', ${n}))"
            ),
        }
    }

    /// Turns what a person typed into a prefix query for the engine, or None if nothing is left.
    /// Every word must match (as a prefix), so "ana fin" finds "Ana Ferreira, Finance".
    pub fn text_query(self, typed: &str) -> Option<String> {
        let words: Vec<String> = typed
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(|w| w.to_lowercase())
            .take(8)
            .collect();
        if words.is_empty() {
            return None;
        }
        Some(match self {
            Backend::Sqlite => words
                .iter()
                .map(|w| format!("\"{w}\"*"))
                .collect::<Vec<_>>()
                .join(" "),
            Backend::Postgres => words
                .iter()
                .map(|w| format!("{w}:*"))
                .collect::<Vec<_>>()
                .join(" & "),
        })
    }
}
