//! The search index of posts: one document per post (title, tags, body and its visible answers),
//! written in the transaction that changes the post, so the index commits with the data.

use sqlx::Row;

use super::model::{PAGE_SIZE, PostFilter, PostKind, PostSummary, SearchHit};
use super::store::{SUMMARY_COLUMNS, VISIBLE, split_tags, summary};
use crate::db::dialect::{fold, folded_words};
use crate::db::{Backend, Db, Param, SqlBuilder};

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

/// Writes (or replaces) the search document of post `post_id` from its current title, tags, body,
/// visible answers and facets; removes it when the post is a draft or hidden, so search never
/// finds either. Call it inside the transaction that changed any of these.
pub async fn reindex(
    backend: Backend,
    conn: &mut sqlx::AnyConnection,
    post_id: i64,
) -> sqlx::Result<()> {
    let post = sqlx::query(
        "SELECT title, tags, body, kind, community_id, answer_count FROM posts \
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
    let kind = PostKind::from_db(&post.try_get::<String, _>(3)?);
    let facets = facets(kind, post.try_get(4)?, &split_tags(&tags), post.try_get(5)?);
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
    insert(backend, conn, post_id, &title, &tags, &body, &facets).await
}

/// The facet tokens of a post: one word each for its kind, its community (or none), each tag,
/// and for a question whether it has an answer. Filters become terms the index intersects,
/// instead of conditions checked on every match.
pub fn facets(kind: PostKind, community_id: Option<i64>, tags: &[String], answers: i64) -> String {
    let mut out = format!("zkind{}", kind.as_str().replace('_', ""));
    match community_id {
        Some(c) => out.push_str(&format!(" zcomm{c}")),
        None => out.push_str(" zcommnone"),
    }
    for tag in tags {
        out.push(' ');
        out.push_str(&tag_token(tag));
    }
    if kind == PostKind::Question {
        out.push_str(if answers > 0 {
            " zansweredyes"
        } else {
            " zansweredno"
        });
    }
    out
}

/// A tag as one index word (its bytes in hex), whatever characters it has.
pub fn tag_token(tag: &str) -> String {
    let mut out = String::from("ztag");
    for b in tag.as_bytes() {
        out.push_str(&format!("{b:02x}"));
    }
    out
}

/// The facet terms a filter requires.
fn facet_terms(filter: &PostFilter) -> Vec<Term> {
    let mut out = Vec::new();
    let mut exact = |text: String| {
        out.push(Term {
            text,
            prefix: false,
        })
    };
    if let Some(k) = filter.kind {
        exact(format!("zkind{}", k.as_str().replace('_', "")));
    }
    if let Some(c) = filter.community_id {
        exact(format!("zcomm{c}"));
    }
    if let Some(t) = &filter.tag {
        exact(tag_token(t));
    }
    match filter.answered {
        Some(true) => exact("zansweredyes".into()),
        Some(false) => exact("zansweredno".into()),
        None => {}
    }
    out
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
    facets: &str,
) -> sqlx::Result<()> {
    let (head, row) = bulk_statement(backend);
    let sql = format!(
        "{head}{}",
        row.replacen("{}", "$1", 1)
            .replacen("{}", "$2", 1)
            .replacen("{}", "$3", 1)
            .replacen("{}", "$4", 1)
            .replacen("{}", "$5", 1)
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(post_id)
        .bind(index_text(title))
        .bind(index_text(tags))
        .bind(index_text(body))
        .bind(facets)
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// The statement head and row tuple for loading post documents in bulk (see
/// [`crate::db::insert_rows`]): values are post id, then title, tags and body, each already
/// passed through [`index_text`], then the post's [`facets`].
pub fn bulk_statement(backend: Backend) -> (&'static str, &'static str) {
    match backend {
        Backend::Sqlite => (
            "INSERT INTO post_search (rowid, title, tags, body, facets) VALUES ",
            "({}, {}, {}, {}, {})",
        ),
        Backend::Postgres => (
            "INSERT INTO post_search (post_id, document) VALUES ",
            "({}, setweight(to_tsvector('simple', {}), 'A') || setweight(to_tsvector('simple', {}), 'B') \
             || setweight(to_tsvector('simple', {}), 'C') || setweight(to_tsvector('simple', {}), 'D'))",
        ),
    }
}

/// One term of a search: a word matched as a prefix, or exactly (CJK pairs, one-letter words).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    pub prefix: bool,
}

/// The terms of what a member typed, prepared as the index is ([`index_text`]); at most 12.
pub fn terms(typed: &str) -> Vec<Term> {
    let prepared = index_text(typed);
    let mut out: Vec<Term> = Vec::new();
    for word in folded_words(&prepared) {
        let cjk = word.chars().any(is_cjk);
        let chars = word.chars().count();
        let term = Term {
            text: word.to_string(),
            prefix: if cjk { chars == 1 } else { chars >= 2 },
        };
        if !out.contains(&term) && out.len() < 12 {
            out.push(term);
        }
    }
    out
}

/// The engine's query for `terms`, every one required (`all`) or any one.
pub fn engine_query(backend: Backend, terms: &[Term], all: bool) -> Option<String> {
    if terms.is_empty() {
        return None;
    }
    let parts: Vec<String> = terms
        .iter()
        .map(|t| match (backend, t.prefix) {
            (Backend::Sqlite, true) => format!("\"{}\"*", t.text),
            (Backend::Sqlite, false) => format!("\"{}\"", t.text),
            (Backend::Postgres, true) => format!("{}:*", t.text),
            (Backend::Postgres, false) => t.text.clone(),
        })
        .collect();
    let joiner = match (backend, all) {
        (Backend::Sqlite, true) => " ",
        (Backend::Sqlite, false) => " OR ",
        (Backend::Postgres, true) => " & ",
        (Backend::Postgres, false) => " | ",
    };
    Some(parts.join(joiner))
}

/// How many of the newest matches a search ranks. Ranking every match of a common word costs
/// time in proportion to all of them (BM25 counts each term's documents across the whole index);
/// the newest 1,000 are ranked at a cost that does not grow with the organization, and a
/// knowledge base favours recent answers anyway. Fewer matches than this: all are ranked.
pub const WINDOW: i64 = 1_000;

/// The lowest post id among the newest [`WINDOW`] matches of `query` (0 when there are fewer).
async fn window_start(db: &Db, query: &str) -> sqlx::Result<i64> {
    let sql = match db.backend {
        Backend::Sqlite => {
            "SELECT rowid FROM post_search WHERE post_search MATCH $1 ORDER BY rowid DESC LIMIT 1 OFFSET $2"
        }
        Backend::Postgres => {
            "SELECT post_id FROM post_search WHERE document @@ to_tsquery('simple', $1) \
             ORDER BY post_id DESC LIMIT 1 OFFSET $2"
        }
    };
    Ok(sqlx::query(sql)
        .bind(query)
        .bind(WINDOW - 1)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.try_get(0))
        .transpose()?
        .unwrap_or(0))
}

/// FROM, the match condition on the query at `$q` within the window from `$w`, and the ranking
/// (best first). SQLite ranks a match in the title (query at `$t`) above one in the tags (`$g`)
/// above one in the text; PostgreSQL ranks with `ts_rank` weighted the same way.
fn matching(backend: Backend, q: usize, w: usize, t: usize, g: usize) -> (String, String, String) {
    match backend {
        Backend::Sqlite => (
            "post_search JOIN posts p ON p.id = post_search.rowid \
             LEFT JOIN communities c ON c.id = p.community_id LEFT JOIN users u ON u.id = p.author_id"
                .to_string(),
            format!("post_search MATCH ${q} AND post_search.rowid >= ${w}"),
            format!(
                "(CASE WHEN p.id IN (SELECT rowid FROM post_search WHERE post_search MATCH ${t} AND rowid >= ${w}) \
                 THEN 2 ELSE 0 END + CASE WHEN p.id IN (SELECT rowid FROM post_search WHERE post_search MATCH ${g} \
                 AND rowid >= ${w}) THEN 1 ELSE 0 END) DESC"
            ),
        ),
        Backend::Postgres => (
            "post_search s JOIN posts p ON p.id = s.post_id \
             LEFT JOIN communities c ON c.id = p.community_id LEFT JOIN users u ON u.id = p.author_id"
                .to_string(),
            format!("s.document @@ to_tsquery('simple', ${q}) AND s.post_id >= ${w}"),
            format!("ts_rank('{{0.1, 0.2, 0.5, 1.0}}', s.document, to_tsquery('simple', ${q})) DESC"),
        ),
    }
}

/// The engine query restricted to one column (SQLite); PostgreSQL ranks by weights instead.
fn in_column(backend: Backend, column: &str, query: &str) -> String {
    match backend {
        Backend::Sqlite => format!("{column} : ({query})"),
        Backend::Postgres => query.to_string(),
    }
}

/// A page of the posts the viewer may see that match `typed`, best first, with the words found
/// marked in the title and a passage of the body. One extra hit tells whether a page follows.
pub async fn search(
    db: &Db,
    viewer_id: i64,
    typed: &str,
    filter: &PostFilter,
) -> sqlx::Result<Vec<SearchHit>> {
    let mut terms = terms(typed);
    whole_words_exact(db, &mut terms).await?;
    let Some(words) = engine_query(db.backend, &terms, true) else {
        return Ok(Vec::new());
    };
    let facets = facet_terms(filter);
    let query = match engine_query(db.backend, &facets, true) {
        Some(f) => match db.backend {
            Backend::Sqlite => format!("({words}) AND facets : ({f})"),
            Backend::Postgres => format!("({words}) & {f}"),
        },
        None => words.clone(),
    };
    let start = window_start(db, &query).await?;
    let mut q = SqlBuilder::new("");
    let qn = q.bind(Param::Text(query));
    let wn = q.bind(Param::Int(start));
    let tn = q.bind(Param::Text(in_column(db.backend, "title", &words)));
    let gn = q.bind(Param::Text(in_column(db.backend, "tags", &words)));
    let (from, matches, rank) = matching(db.backend, qn, wn, tn, gn);
    // Ranked ids first: sorting a thousand candidates with their bodies (the whole row) cost
    // several times the ranking itself.
    q.push(&format!("SELECT p.id FROM {from} WHERE {matches} AND "));
    q.push_bind(VISIBLE, Param::Int(viewer_id));
    super::store::push_filter(&mut q, filter);
    q.push(&format!(" ORDER BY {rank}, p.id DESC"));
    q.push_bind(" LIMIT {}", Param::Int(PAGE_SIZE + 1));
    q.push_bind(
        " OFFSET {}",
        Param::Int((filter.page.max(1) - 1) * PAGE_SIZE),
    );
    let ids: Vec<i64> = q
        .build()
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<sqlx::Result<_>>()?;
    Ok(super::store::with_bodies(db, &ids)
        .await?
        .into_iter()
        .map(|(post, body)| SearchHit {
            title_html: highlight(&post.title, &terms, usize::MAX),
            snippet: highlight(&plain(&body), &terms, 30),
            post,
        })
        .collect())
}

/// On SQLite, a typed word that is a whole word of the index is matched as itself: matching it
/// as a prefix would merge the lists of every longer word ("team", "teams", "teamwork"...),
/// tens of milliseconds for a common word in a million posts. A word that is not in the index
/// (one still being typed: "kube") stays a prefix, as do words of up to three letters, which the
/// index's prefix tables answer at once.
async fn whole_words_exact(db: &Db, terms: &mut [Term]) -> sqlx::Result<()> {
    if db.backend != Backend::Sqlite {
        return Ok(());
    }
    for term in terms
        .iter_mut()
        .filter(|t| t.prefix && t.text.chars().count() > 3)
    {
        let whole = sqlx::query("SELECT 1 FROM post_search_terms WHERE term = $1 LIMIT 1")
            .bind(&term.text)
            .fetch_optional(&db.pool)
            .await?
            .is_some();
        term.prefix = !whole;
    }
    Ok(())
}

/// Up to five posts like `post` that the viewer may see: among the newest that share a tag or a
/// title word, those sharing a tag first.
pub async fn related(
    db: &Db,
    viewer_id: i64,
    post: &PostSummary,
) -> sqlx::Result<Vec<PostSummary>> {
    let tags: Vec<Term> = post
        .tags
        .iter()
        .map(|t| Term {
            text: tag_token(t),
            prefix: false,
        })
        .collect();
    let mut words: Vec<Term> = terms(&post.title)
        .into_iter()
        .filter(|t| t.text.chars().count() >= 4)
        .map(|t| Term { prefix: false, ..t })
        .collect();
    words.truncate(8);
    let tag_query = engine_query(db.backend, &tags, false);
    let word_query = engine_query(db.backend, &words, false);
    let query = match (db.backend, &tag_query, &word_query) {
        (_, None, None) => return Ok(Vec::new()),
        (Backend::Sqlite, Some(t), Some(w)) => format!("(facets : ({t})) OR ({w})"),
        (Backend::Sqlite, Some(t), None) => format!("facets : ({t})"),
        (Backend::Postgres, Some(t), Some(w)) => format!("({t}) | ({w})"),
        (_, Some(t), None) => t.clone(),
        (_, None, Some(w)) => w.clone(),
    };
    let start = window_start(db, &query).await?;
    let mut q = SqlBuilder::new("");
    let qn = q.bind(Param::Text(query));
    let wn = q.bind(Param::Int(start));
    let tn = q.bind(Param::Text(match (db.backend, &tag_query) {
        (Backend::Sqlite, Some(t)) => format!("facets : ({t})"),
        (_, Some(t)) => t.clone(),
        (_, None) => "\"zzznothing\"".into(),
    }));
    let gn = q.bind(Param::Text(in_column(
        db.backend,
        "title",
        word_query.as_deref().unwrap_or("\"zzznothing\""),
    )));
    let (from, matches, rank) = matching(db.backend, qn, wn, tn, gn);
    q.push(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM {from} WHERE {matches} AND "
    ));
    q.push_bind(VISIBLE, Param::Int(viewer_id));
    q.push_bind(" AND p.id <> {}", Param::Int(post.id));
    q.push(&format!(" ORDER BY {rank}, p.id DESC LIMIT 5"));
    q.build()
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(summary)
        .collect()
}

/// Markdown as plain text for a snippet: markup characters and link targets dropped.
pub fn plain(markdown: &str) -> String {
    let mut out = String::with_capacity(markdown.len());
    let mut in_target = false;
    let mut in_tag = false;
    let mut prev = ' ';
    for c in markdown.chars() {
        // Raw HTML in Markdown is never text a reader sees.
        if in_tag {
            in_tag = c != '>';
            continue;
        }
        if c == '<' {
            in_tag = true;
            continue;
        }
        if in_target {
            if c == ')' {
                in_target = false;
            }
            continue;
        }
        if c == '(' && prev == ']' {
            in_target = true;
            continue;
        }
        prev = c;
        match c {
            '#' | '*' | '_' | '`' | '>' | '[' | ']' | '|' => {}
            '\n' | '\r' | '\t' => {
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            _ => out.push(c),
        }
    }
    out.trim().to_string()
}

/// `text` as HTML (escaped), the words matching `terms` in `<mark>`; when `window` is finite,
/// only about `window` words around the first match (or the first `window` words).
pub fn highlight(text: &str, terms: &[Term], window: usize) -> String {
    // Words with their byte ranges; CJK runs are matched by substring.
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        match (c.is_alphanumeric(), start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                words.push((s, i));
                start = None;
            }
            _ => {}
        }
    }
    if let Some(s) = start {
        words.push((s, text.len()));
    }
    let marks = |word: &str| -> Vec<(usize, usize)> {
        let folded = fold(word);
        if word.chars().any(is_cjk) {
            // Mark each matching pair (or single character) in the run.
            let chars: Vec<(usize, char)> = word.char_indices().collect();
            let mut out = Vec::new();
            for t in terms.iter().filter(|t| t.text.chars().any(is_cjk)) {
                let tc: Vec<char> = t.text.chars().collect();
                for w in 0..chars.len() {
                    if chars.len() - w >= tc.len() && (0..tc.len()).all(|k| chars[w + k].1 == tc[k])
                    {
                        let end = chars.get(w + tc.len()).map(|c| c.0).unwrap_or(word.len());
                        out.push((chars[w].0, end));
                    }
                }
            }
            out
        } else if terms.iter().any(|t| {
            if t.prefix {
                folded.starts_with(&t.text)
            } else {
                folded == t.text
            }
        }) {
            vec![(0, word.len())]
        } else {
            Vec::new()
        }
    };
    let first = words
        .iter()
        .position(|&(s, e)| !marks(&text[s..e]).is_empty());
    let (from_word, to_word) = if window == usize::MAX || words.len() <= window {
        (0, words.len())
    } else {
        let centre = first.unwrap_or(0);
        let from = centre.saturating_sub(window / 3);
        (from, (from + window).min(words.len()))
    };
    if words.is_empty() {
        return escape(text);
    }
    let begin = if from_word == 0 {
        0
    } else {
        words[from_word].0
    };
    let end = if to_word == words.len() {
        text.len()
    } else {
        words[to_word - 1].1
    };
    let mut out = String::new();
    if begin > 0 {
        out.push_str("… ");
    }
    let mut at = begin;
    for &(s, e) in &words[from_word..to_word] {
        for (ms, me) in marks(&text[s..e]) {
            let (ms, me) = (s + ms, s + me);
            if ms < at {
                continue;
            }
            out.push_str(&escape(&text[at..ms]));
            out.push_str("<mark>");
            out.push_str(&escape(&text[ms..me]));
            out.push_str("</mark>");
            at = me;
        }
    }
    out.push_str(&escape(&text[at..end]));
    if end < text.len() {
        out.push_str(" …");
    }
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn terms_are_prefixes_except_cjk_pairs_and_single_letters() {
        let t = terms("Gestión c 知识管理 日");
        let texts: Vec<(&str, bool)> = t.iter().map(|t| (t.text.as_str(), t.prefix)).collect();
        assert_eq!(
            texts,
            [
                ("gestion", true),
                ("c", false),
                ("知识", false),
                ("识管", false),
                ("管理", false),
                ("日", true)
            ]
        );
        assert_eq!(
            engine_query(Backend::Sqlite, &terms("kube 知识"), true).as_deref(),
            Some("\"kube\"* \"知识\"")
        );
        assert_eq!(
            engine_query(Backend::Postgres, &terms("kube 知识"), false).as_deref(),
            Some("kube:* | 知识")
        );
    }

    #[test]
    fn highlights_escape_and_mark_folded_prefixes_and_cjk() {
        assert_eq!(
            highlight("Gestión <b>del</b> cambio", &terms("gestion"), usize::MAX),
            "<mark>Gestión</mark> &lt;b&gt;del&lt;/b&gt; cambio"
        );
        assert_eq!(
            highlight("我们的知识管理方法", &terms("知识"), usize::MAX),
            "我们的<mark>知识</mark>管理方法"
        );
        let long = (0..100)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(" ");
        let snippet = highlight(&long, &terms("w50"), 9);
        assert!(snippet.starts_with("… w47"), "{snippet}");
        assert!(snippet.contains("<mark>w50</mark>"));
    }

    use super::*;

    #[test]
    fn cjk_runs_become_overlapping_pairs_and_accents_fold() {
        assert_eq!(index_text("Gestión 知识管理!"), "gestion  知识 识管 管理 !");
        assert_eq!(index_text("日"), " 日 ");
        assert_eq!(index_text("plain text"), "plain text");
    }
}
