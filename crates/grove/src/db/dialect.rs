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

    /// Replaces the member's search document: `name`, a `headline` (title, department, location,
    /// skills) and a longer `body` (bio, interests, goals), weighted in that order.
    pub async fn upsert_member_search(
        self,
        conn: &mut sqlx::AnyConnection,
        user_id: i64,
        name: &str,
        headline: &str,
        body: &str,
    ) -> sqlx::Result<()> {
        match self {
            Backend::Sqlite => {
                sqlx::query("DELETE FROM member_search WHERE rowid = $1")
                    .bind(user_id)
                    .execute(&mut *conn)
                    .await?;
                sqlx::query("INSERT INTO member_search (rowid, name, headline, body) VALUES ($1, $2, $3, $4)")
                    .bind(user_id)
                    .bind(name)
                    .bind(headline)
                    .bind(body)
                    .execute(&mut *conn)
                    .await?;
            }
            Backend::Postgres => {
                // FTS5 folds accents itself; for PostgreSQL Grove folds them before indexing.
                sqlx::query(
                    "INSERT INTO member_search (user_id, document) VALUES ($1, \
                     setweight(to_tsvector('simple', $2), 'A') || setweight(to_tsvector('simple', $3), 'B') \
                     || setweight(to_tsvector('simple', $4), 'C')) \
                     ON CONFLICT (user_id) DO UPDATE SET document = excluded.document",
                )
                .bind(user_id)
                .bind(self.search_text(name))
                .bind(self.search_text(headline))
                .bind(self.search_text(body))
                .execute(&mut *conn)
                .await?;
            }
        }
        Ok(())
    }

    /// The row tuple and statement head for bulk-loading search documents (see
    /// [`crate::db::query::insert_rows`]): values are id, name, headline, body.
    pub fn member_search_bulk(self) -> (&'static str, &'static str) {
        match self {
            Backend::Sqlite => (
                "INSERT INTO member_search (rowid, name, headline, body) VALUES ",
                "({}, {}, {}, {})",
            ),
            Backend::Postgres => (
                "INSERT INTO member_search (user_id, document) VALUES ",
                "({}, setweight(to_tsvector('simple', {}), 'A') || setweight(to_tsvector('simple', {}), 'B') || setweight(to_tsvector('simple', {}), 'C'))",
            ),
        }
    }

    /// For a bulk load of rows that are consistent by construction (the demo): on PostgreSQL, when
    /// the role may, skip foreign-key triggers for the rest of the transaction. They are most of
    /// the cost of loading a million ties, and the loader checks what they would.
    pub async fn relax_checks_for_bulk_load(
        self,
        conn: &mut sqlx::AnyConnection,
    ) -> sqlx::Result<()> {
        use sqlx::Row;
        if self == Backend::Postgres {
            let superuser: bool =
                sqlx::query("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
                    .fetch_optional(&mut *conn)
                    .await?
                    .map(|r| r.try_get::<bool, _>(0))
                    .transpose()?
                    .unwrap_or(false);
            if superuser {
                sqlx::query("SET LOCAL session_replication_role = replica")
                    .execute(&mut *conn)
                    .await?;
            }
        }
        Ok(())
    }

    /// After rows were inserted with explicit ids, moves PostgreSQL's id sequence past them.
    pub async fn reset_id_sequence(
        self,
        conn: &mut sqlx::AnyConnection,
        table: &str,
    ) -> sqlx::Result<()> {
        if self == Backend::Postgres {
            let sql = format!(
                "SELECT setval(pg_get_serial_sequence('{table}', 'id'), COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut *conn)
                .await?;
        }
        Ok(())
    }

    /// Appended to a `SELECT` that claims queued work: on PostgreSQL, rows another server has
    /// already locked are skipped instead of waited for; SQLite has a single writer anyway.
    pub fn skip_locked(self) -> &'static str {
        match self {
            Backend::Sqlite => "",
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        }
    }

    /// Text as the search index should receive it: PostgreSQL gets it accent-folded.
    pub fn search_text(self, text: &str) -> String {
        match self {
            Backend::Sqlite => text.to_string(),
            Backend::Postgres => fold(text),
        }
    }

    /// The search index joined to `users u`, and the condition that the document matches the
    /// query bound at `$n` (a value from [`Backend::prefix_query`]).
    pub fn member_search_join(self, n: usize) -> (String, String) {
        match self {
            Backend::Sqlite => (
                "member_search s JOIN users u ON u.id = s.rowid".into(),
                format!("s.member_search MATCH ${n}"),
            ),
            Backend::Postgres => (
                "member_search s JOIN users u ON u.id = s.user_id".into(),
                format!("s.document @@ to_tsquery('simple', ${n})"),
            ),
        }
    }

    /// An aggregate joining the text of `expr` over a group with `separator` (an SQL string
    /// literal) between; NULL for no rows.
    pub fn join_agg(self, expr: &str, separator: &str) -> String {
        match self {
            Backend::Sqlite => format!("group_concat({expr}, {separator})"),
            Backend::Postgres => format!("string_agg({expr}, {separator})"),
        }
    }

    /// An aggregate giving one JSON array of `columns` (SQL expressions, comma-separated) per
    /// row of a group, as a JSON array of arrays in text; NULL or "[]" for no rows.
    pub fn json_rows_agg(self, columns: &str) -> String {
        match self {
            Backend::Sqlite => format!("json_group_array(json_array({columns}))"),
            Backend::Postgres => format!("CAST(json_agg(json_build_array({columns})) AS TEXT)"),
        }
    }

    /// An aggregate giving the text values of `expr` over a group as a JSON array, as text.
    pub fn json_array_agg(self, expr: &str) -> String {
        match self {
            Backend::Sqlite => format!("json_group_array({expr})"),
            Backend::Postgres => format!("CAST(json_agg({expr}) AS TEXT)"),
        }
    }

    /// For a query over `users u`: a column `alias` holding each member's rows of `table` (which
    /// has a `user_id`) folded by `aggregate`, and the join that column needs (or ""). When only
    /// some members are read, `members` is their condition on `u`.
    pub fn member_aggregate(
        self,
        table: &str,
        aggregate: &str,
        alias: &str,
        members: Option<&str>,
    ) -> (String, String) {
        match self {
            // A subquery per member, through the table's (user_id, ...) key: SQLite's fastest.
            Backend::Sqlite => (
                format!("(SELECT {aggregate} FROM {table} WHERE user_id = u.id) AS {alias}"),
                String::new(),
            ),
            // One grouped pass, hash-joined: 100,000 subqueries take PostgreSQL twice as long.
            Backend::Postgres => {
                let only = members
                    .map(|m| format!(" WHERE user_id IN (SELECT u.id FROM users u WHERE {m})"))
                    .unwrap_or_default();
                (
                    format!("{alias}.{alias}"),
                    format!(
                        " LEFT JOIN (SELECT user_id, {aggregate} AS {alias} FROM {table}{only} \
                         GROUP BY user_id) {alias} ON {alias}.user_id = u.id"
                    ),
                )
            }
        }
    }

    /// The engine's query that every word (from [`search_words`]) matches as a prefix, or None
    /// when there are no words.
    pub fn prefix_query(self, words: &[String]) -> Option<String> {
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

/// The words of what a person typed into a search box, as search matches them (see
/// [`for_each_word`]); at most 8. Every word must match the start of a word, so "ana fin" finds
/// "Ana Ferreira, Finance".
pub fn search_words(typed: &str) -> Vec<String> {
    let mut words = Vec::new();
    for_each_word(typed, |w| {
        if words.len() < 8 {
            words.push(w.to_string());
        }
    });
    words
}

/// Calls `f` with each word of `text` as search sees it: accent-folded and lower-cased (see
/// [`fold`]), then split as [`folded_words`] does.
pub fn for_each_word(text: &str, f: impl FnMut(&str)) {
    folded_words(&fold(text)).for_each(f);
}

/// The words of a text already [`fold`]ed: split at every character that is not a letter or a
/// digit, like SQLite FTS5's `unicode61` tokenizer.
pub fn folded_words(folded: &str) -> impl Iterator<Item = &str> {
    folded
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// Lower-cases and removes accents ("Ávila" → "avila"), so search finds words however they
/// were typed.
pub fn fold(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    // Decomposing only the non-ASCII runs gives the same as decomposing the whole text (ASCII
    // characters never combine), in a fraction of the time for mostly-English text.
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest.find(|c: char| !c.is_ascii()).unwrap_or(rest.len());
        out.push_str(&rest[..ascii]);
        rest = &rest[ascii..];
        let other = rest.find(|c: char| c.is_ascii()).unwrap_or(rest.len());
        out.extend(
            rest[..other]
                .nfd()
                .filter(|c| !('\u{300}'..='\u{36f}').contains(c)),
        );
        rest = &rest[other..];
    }
    out.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn fold_whole(text: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        text.nfd()
            .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
            .collect::<String>()
            .to_lowercase()
    }

    #[test]
    fn search_words_are_folded_split_like_fts5_and_at_most_eight() {
        assert_eq!(
            search_words("  Ávila, São-Paulo!  c++ "),
            ["avila", "sao", "paulo", "c"]
        );
        assert_eq!(fold("ÉMILE Zoë A\u{301}vila"), "emile zoe avila");
        assert_eq!(search_words("a b c d e f g h i j").len(), 8);
        assert!(search_words(" -- ").is_empty());
        assert_eq!(
            Backend::Sqlite
                .prefix_query(&search_words("ana fin"))
                .as_deref(),
            Some("\"ana\"* \"fin\"*")
        );
        assert_eq!(
            Backend::Postgres
                .prefix_query(&search_words("ana fin"))
                .as_deref(),
            Some("ana:* & fin:*")
        );
    }

    proptest! {
        #[test]
        fn folding_by_runs_is_folding_the_whole(text in "[a-zA-Z Σσ ÁáÉéçÇøßǅİ\u{301}\u{308}\u{327}-]{0,24}") {
            prop_assert_eq!(fold(&text), fold_whole(&text));
        }
    }
}
