//! The search index of posts: one document per post (title, tags, body and its visible answers),
//! written in the transaction that changes the post, so the index commits with the data.

use sqlx::Row;

use crate::db::Backend;
use crate::db::dialect::fold;

/// Text as the post index receives it and as queries are matched against it: accents folded,
/// lower-cased, and every run of CJK characters (which are written without spaces) split into
/// overlapping pairs, so "知识管理" is found by "知识" or "管理" on both engines.
pub fn index_text(text: &str) -> String {
    split_cjk(&fold(text))
}

/// True for characters of scripts written without spaces between words.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF     // Hiragana, Katakana
        | 0x3400..=0x4DBF   // CJK Extension A
        | 0x4E00..=0x9FFF   // CJK Unified Ideographs
        | 0xAC00..=0xD7AF   // Hangul syllables
        | 0xF900..=0xFAFF   // CJK Compatibility Ideographs
        | 0x20000..=0x2FA1F // CJK Extensions B-F, Compatibility Supplement
    )
}

/// Splits each run of CJK characters into overlapping pairs ("abcd" → "ab bc cd"); a single
/// character stays as it is. Other text is unchanged.
pub fn split_cjk(text: &str) -> String {
    if !text.chars().any(is_cjk) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() * 2);
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, out: &mut String| {
        match run.len() {
            0 => {}
            1 => {
                out.push(' ');
                out.push(run[0]);
                out.push(' ');
            }
            _ => {
                for pair in run.windows(2) {
                    out.push(' ');
                    out.push(pair[0]);
                    out.push(pair[1]);
                }
                out.push(' ');
            }
        }
        run.clear();
    };
    for c in text.chars() {
        if is_cjk(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Writes (or replaces) the search document of post `post_id` from its current title, tags, body
/// and visible answers; removes it when the post is a draft or hidden, so search never finds
/// either. Call it inside the transaction that changed any of these.
pub async fn reindex(
    backend: Backend,
    conn: &mut sqlx::AnyConnection,
    post_id: i64,
) -> sqlx::Result<()> {
    let post = sqlx::query(
        "SELECT title, tags, body FROM posts \
         WHERE id = $1 AND status = 'published' AND hidden_at IS NULL",
    )
    .bind(post_id)
    .fetch_optional(&mut *conn)
    .await?;
    remove(backend, conn, post_id).await?;
    let Some(post) = post else {
        return Ok(());
    };
    let title: String = post.try_get(0)?;
    let tags: String = post.try_get(1)?;
    let mut body: String = post.try_get(2)?;
    let answers = sqlx::query(
        "SELECT body FROM answers WHERE post_id = $1 AND hidden_at IS NULL ORDER BY id",
    )
    .bind(post_id)
    .fetch_all(&mut *conn)
    .await?;
    for answer in answers {
        body.push_str("\n\n");
        body.push_str(&answer.try_get::<String, _>(0)?);
    }
    insert(backend, conn, post_id, &title, &tags, &body).await
}

/// Removes post `post_id` from the index.
pub async fn remove(
    backend: Backend,
    conn: &mut sqlx::AnyConnection,
    post_id: i64,
) -> sqlx::Result<()> {
    let sql = match backend {
        Backend::Sqlite => "DELETE FROM post_search WHERE rowid = $1",
        Backend::Postgres => "DELETE FROM post_search WHERE post_id = $1",
    };
    sqlx::query(sql).bind(post_id).execute(&mut *conn).await?;
    Ok(())
}

async fn insert(
    backend: Backend,
    conn: &mut sqlx::AnyConnection,
    post_id: i64,
    title: &str,
    tags: &str,
    body: &str,
) -> sqlx::Result<()> {
    let (head, row) = bulk_statement(backend);
    let sql = format!(
        "{head}{}",
        row.replacen("{}", "$1", 1)
            .replacen("{}", "$2", 1)
            .replacen("{}", "$3", 1)
            .replacen("{}", "$4", 1)
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(post_id)
        .bind(index_text(title))
        .bind(index_text(tags))
        .bind(index_text(body))
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The statement head and row tuple for loading post documents in bulk (see
/// [`crate::db::insert_rows`]): values are post id, then title, tags and body, each already
/// passed through [`index_text`].
pub fn bulk_statement(backend: Backend) -> (&'static str, &'static str) {
    match backend {
        Backend::Sqlite => (
            "INSERT INTO post_search (rowid, title, tags, body) VALUES ",
            "({}, {}, {}, {})",
        ),
        Backend::Postgres => (
            "INSERT INTO post_search (post_id, document) VALUES ",
            "({}, setweight(to_tsvector('simple', {}), 'A') || setweight(to_tsvector('simple', {}), 'B') || setweight(to_tsvector('simple', {}), 'C'))",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_runs_become_overlapping_pairs_and_accents_fold() {
        assert_eq!(index_text("Gestión 知识管理!"), "gestion  知识 识管 管理 !");
        assert_eq!(index_text("日"), " 日 ");
        assert_eq!(index_text("plain text"), "plain text");
    }
}
