//! The search index of posts: one document per post (title, tags, body and its visible answers),
//! written in the transaction that changes the post, so the index commits with the data.

use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use sqlx::Row;

use super::model::{PAGE_SIZE, PostFilter, PostKind, PostSummary, SearchHit};
use super::store::{SUMMARY_COLUMNS, SUMMARY_JOINS, VISIBLE, split_tags, summary};
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
    let facets = facets(
        post_id,
        kind,
        post.try_get(4)?,
        &split_tags(&tags),
        post.try_get(5)?,
    );
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

/// How many consecutive post ids share a block word (see [`facets`]). PostgreSQL's migration
/// 15 computes the same blocks for the titles' words by block (`grove_title_blocks`).
pub const BLOCK: i64 = 1024;

/// The block word of post `post_id`.
fn block_token(block: i64) -> String {
    format!("zblock{block}")
}

/// The facet tokens of a post: one word each for its kind, its community (or none), each tag,
/// for a question whether it has an answer, and its block of [`BLOCK`] post ids. Filters become
/// terms the index intersects, instead of conditions checked on every match; blocks let
/// PostgreSQL's GIN index find the newest matches of a word without reading all of them.
pub fn facets(
    post_id: i64,
    kind: PostKind,
    community_id: Option<i64>,
    tags: &[String],
    answers: i64,
) -> String {
    let mut out = format!(
        "{} zkind{}",
        block_token(post_id / BLOCK),
        kind.as_str().replace('_', "")
    );
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
    let mut exact = |text: String| out.push(Term::exact(text));
    match filter.kind {
        // Only questions hold an answered word: asking for the kind too made the index read
        // the questions' long list (four posts in ten) for nothing, 2-3 ms on a million posts.
        Some(PostKind::Question) if filter.answered.is_some() => {}
        Some(k) => exact(format!("zkind{}", k.as_str().replace('_', ""))),
        None => {}
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
    let statements: &[&str] = match backend {
        Backend::Sqlite => &[
            "DELETE FROM post_search WHERE rowid = $1",
            "DELETE FROM post_headings WHERE rowid = $1",
        ],
        Backend::Postgres => &["DELETE FROM post_search WHERE post_id = $1"],
    };
    for sql in statements {
        sqlx::query(*sql).bind(post_id).execute(&mut *conn).await?;
    }
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
    let (title, tags, body) = (index_text(title), index_text(tags), index_text(body));
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(post_id)
        .bind(&title)
        .bind(&tags)
        .bind(&body)
        .bind(facets)
        .execute(&mut *conn)
        .await?;
    let words = index_words([title.as_str(), tags.as_str(), body.as_str()]);
    let (head, row, tail) = WORDS_INSERT;
    crate::db::insert_rows(
        conn,
        backend,
        head,
        row,
        tail,
        words.into_iter().map(|w| vec![Param::Text(w)]),
    )
    .await?;
    if backend == Backend::Sqlite {
        sqlx::query(
            "INSERT INTO post_headings (rowid, title, tags, facets) VALUES ($1, $2, $3, $4)",
        )
        .bind(post_id)
        .bind(&title)
        .bind(&tags)
        .bind(facets)
        .execute(&mut *conn)
        .await?;
    }
    Ok(())
}

/// The words of texts prepared by [`index_text`], each once.
pub fn index_words<'a>(texts: impl IntoIterator<Item = &'a str>) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    for text in texts {
        for word in folded_words(text) {
            if !words.contains(word) {
                words.insert(word.to_string());
            }
        }
    }
    words
}

/// The statement head, row and tail that add words to the index's vocabulary (see
/// [`crate::db::insert_rows`]); a word already there is left as it is.
pub const WORDS_INSERT: (&str, &str, &str) = (
    "INSERT INTO search_words (word) VALUES ",
    "({})",
    " ON CONFLICT DO NOTHING",
);

/// After a bulk load with [`bulk_statement`] on SQLite: the headings index of every post loaded.
/// (PostgreSQL derives its heading columns from the document itself.)
pub const SQLITE_FILL_HEADINGS: &str = "INSERT INTO post_headings (rowid, title, tags, facets) \
     SELECT rowid, title, tags, facets FROM post_search";

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
    /// Folded as the index is: lower case, accents removed ([`index_text`]).
    pub text: String,
    pub prefix: bool,
    /// Every indexed word a prefix stands for, when they are few (see [`expand_prefixes`]);
    /// empty otherwise.
    pub words: Vec<String>,
}

impl Term {
    fn exact(text: String) -> Term {
        Term {
            text,
            prefix: false,
            words: Vec::new(),
        }
    }
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
            words: Vec::new(),
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
            (Backend::Sqlite, true) if t.words.len() == 1 => format!("\"{}\"", t.words[0]),
            (Backend::Sqlite, true) if !t.words.is_empty() => {
                let words: Vec<String> = t.words.iter().map(|w| format!("\"{w}\"")).collect();
                format!("({})", words.join(" OR "))
            }
            (Backend::Sqlite, true) => format!("\"{}\"*", t.text),
            (Backend::Sqlite, false) => format!("\"{}\"", t.text),
            (Backend::Postgres, true) if t.words.len() == 1 => t.words[0].clone(),
            (Backend::Postgres, true) if !t.words.is_empty() => {
                format!("({})", t.words.join(" | "))
            }
            (Backend::Postgres, true) => format!("{}:*", t.text),
            (Backend::Postgres, false) => t.text.clone(),
        })
        .collect();
    let joiner = match (backend, all) {
        // FTS5 takes juxtaposed phrases as AND, but not juxtaposed groups.
        (Backend::Sqlite, true) => " AND ",
        (Backend::Sqlite, false) => " OR ",
        (Backend::Postgres, true) => " & ",
        (Backend::Postgres, false) => " | ",
    };
    Some(parts.join(joiner))
}

/// How many indexed words a prefix is spelled out into, at most.
const MAX_EXPANSION: usize = 24;

/// How long a prefix's spelled-out words are reused: a word new to the whole index joins its
/// prefixes' lists this much later at most (the post itself is searchable at once).
const EXPANSION_TTL: Duration = Duration::from_secs(10);

/// The words recently spelled out for each prefix (see [`expand_prefixes`]), per server: the
/// same few prefixes are typed again and again, and each saves a query.
#[derive(Debug, Default)]
pub struct PrefixCache {
    spelled: Mutex<HashMap<String, Spelled>>,
}

/// A prefix's words, and when they were read.
type Spelled = (Instant, Arc<Vec<String>>);

impl PrefixCache {
    fn get(&self, prefix: &str) -> Option<Arc<Vec<String>>> {
        let spelled = self.spelled.lock().unwrap_or_else(|e| e.into_inner());
        spelled
            .get(prefix)
            .filter(|(at, _)| at.elapsed() < EXPANSION_TTL)
            .map(|(_, words)| words.clone())
    }

    fn put(&self, prefix: &str, words: Arc<Vec<String>>) {
        let mut spelled = self.spelled.lock().unwrap_or_else(|e| e.into_inner());
        if spelled.len() >= 10_000 {
            spelled.retain(|_, (at, _)| at.elapsed() < EXPANSION_TTL);
        }
        if spelled.len() < 10_000 {
            spelled.insert(prefix.to_string(), (Instant::now(), words));
        }
    }
}

/// A typed word of four letters or more is spelled out into the indexed words it begins
/// ("deploy" → deploy, deployed, deployment, deployments...), which then match as one OR. It
/// matches the same posts as the prefix, but both engines merge a prefix's lists completely
/// before the first row (FTS5: tens of milliseconds for a common word in a million posts;
/// PostgreSQL's GIN index likewise builds a bitmap of every match), while an OR of words is
/// read lazily, and skipped through when intersected. Shorter prefixes, and prefixes of more
/// words than [`MAX_EXPANSION`], stay prefixes.
async fn expand_prefixes(db: &Db, cache: &PrefixCache, terms: &mut [Term]) -> sqlx::Result<()> {
    for term in terms
        .iter_mut()
        .filter(|t| t.prefix && t.text.chars().count() > 3)
    {
        let words = match cache.get(&term.text) {
            Some(words) => words,
            None => {
                let words = Arc::new(spell_out(db, &term.text).await?);
                cache.put(&term.text, words.clone());
                words
            }
        };
        // None, or too many: the prefix stays as typed.
        term.words = words.as_ref().clone();
    }
    Ok(())
}

/// The indexed words that begin with `prefix`, in order; none when there are more than
/// [`MAX_EXPANSION`].
async fn spell_out(db: &Db, prefix: &str) -> sqlx::Result<Vec<String>> {
    // Byte order on both engines: the words beginning with the prefix sort between it and it
    // followed by the last code point.
    let words: Vec<String> = sqlx::query(
        "SELECT word FROM search_words WHERE word >= $1 AND word < $2 ORDER BY word LIMIT $3",
    )
    .bind(prefix)
    .bind(format!("{prefix}\u{10FFFF}"))
    .bind(MAX_EXPANSION as i64 + 1)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<sqlx::Result<_>>()?;
    if words.len() > MAX_EXPANSION {
        return Ok(Vec::new());
    }
    Ok(words)
}

/// Where a post holds the words searched for, most telling first: all in its title; in its
/// title and tags; anywhere, answers included. Results come tier by tier, newest first within
/// a tier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tier {
    Title,
    Headings,
    Anywhere,
}

const TIERS: [Tier; 3] = [Tier::Title, Tier::Headings, Tier::Anywhere];

/// One search as its tier queries need it: who asks, the words and the filters' facet words (in
/// the engine's syntax), and the filters themselves.
struct TierSearch<'a> {
    db: &'a Db,
    viewer_id: i64,
    terms: &'a [Term],
    /// The filters as index words, for the engine's statistics.
    facet_terms: &'a [Term],
    words: &'a str,
    facets: Option<&'a str>,
    filter: &'a PostFilter,
}

/// The ids of the newest `limit` posts of `tier` that the viewer may see, with the words and
/// the filters, newest first, on SQLite.
async fn sqlite_tier_ids(
    search: &TierSearch<'_>,
    tier: Tier,
    limit: i64,
) -> sqlx::Result<Vec<i64>> {
    let TierSearch {
        db,
        viewer_id,
        words,
        facets,
        filter,
        ..
    } = *search;
    // FTS5 reads the matches in rowid order, newest first, and stops at the LIMIT. The column
    // filters of the first two tiers run on the small headings index, so a word common in
    // bodies but rare in titles does not walk the bodies' lists.
    let (table, expr) = match tier {
        Tier::Title => ("post_headings", format!("title : ({words})")),
        Tier::Headings => (
            "post_headings",
            format!("({{title tags}} : ({words})) NOT (title : ({words}))"),
        ),
        Tier::Anywhere => (
            "post_search",
            format!("({words}) NOT ({{title tags}} : ({words}))"),
        ),
    };
    let expr = match facets {
        Some(f) => format!("({expr}) AND (facets : ({f}))"),
        None => expr,
    };
    let mut q = SqlBuilder::new("");
    let n = q.bind(Param::Text(expr));
    q.push(&format!(
        "SELECT p.id FROM {table} x JOIN posts p ON p.id = x.rowid \
         LEFT JOIN communities c ON c.id = p.community_id WHERE {table} MATCH ${n} AND "
    ));
    q.push_bind(VISIBLE, Param::Int(viewer_id));
    super::store::push_filter(&mut q, filter);
    q.push_bind(" ORDER BY x.rowid DESC LIMIT {}", Param::Int(limit));
    q.build()
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect()
}

/// Which post ids one round of a tier on PostgreSQL may return, beyond its words (see
/// [`pg_rounds`]): those between two bounds, and in some blocks.
#[derive(Debug, Clone)]
struct Range {
    /// Ids above this one only.
    above: i64,
    /// Ids below this one only.
    below: i64,
    /// Ids in these blocks only (through their block words); empty: any.
    blocks: Vec<i64>,
    /// The engine may walk the primary key down from `below`, checking each post, rather
    /// than take every match from the GIN index: cheap for words many posts hold.
    walk: bool,
}

impl Range {
    fn walk(above: i64) -> Range {
        Range {
            above,
            below: i64::MAX,
            blocks: Vec::new(),
            walk: true,
        }
    }

    fn index(below: i64, blocks: Vec<i64>) -> Range {
        Range {
            above: 0,
            below,
            blocks,
            walk: false,
        }
    }

    /// About how many post ids the round covers, the newest being `newest`.
    fn span(&self, newest: i64) -> i64 {
        let top = self.below.min(newest + 1);
        if self.blocks.is_empty() {
            (top - self.above - 1).max(0)
        } else {
            self.blocks.len() as i64 * BLOCK
        }
    }
}

/// Appends to `q` the query for the newest `limit` matches of `tier` in `range` on PostgreSQL,
/// newest first, each with the number of its round. It reads only the index (and the posts,
/// for the filters that are not index words: author, dates); who may see each match is
/// checked once, for the page ([`super::store::visible_page`]). `words` is the placeholder of
/// the words (for the tiers above, whose matches this one leaves out).
fn push_pg_round(
    q: &mut SqlBuilder,
    search: &TierSearch<'_>,
    (tier, range, round): (Tier, &Range, usize),
    words: usize,
    limit: i64,
) {
    let TierSearch {
        terms,
        words: words_query,
        facets,
        filter,
        ..
    } = *search;
    // title_terms and heading_terms are the title (and tags) part of the document, with the
    // facets, each with its own GIN index. Titles' words are also indexed by block, so in
    // the titles a block's matches are read directly; elsewhere the block words (facets)
    // narrow the matches down, as a condition of their own (see below).
    let (matched, in_blocks) = match (tier, range.blocks.is_empty()) {
        (_, true) => (words_query.to_string(), None),
        (Tier::Title, false) => (title_words_in_blocks(terms, &range.blocks), None),
        (_, false) => {
            let blocks: Vec<String> = range.blocks.iter().map(|b| block_token(*b)).collect();
            (words_query.to_string(), Some(blocks.join(" | ")))
        }
    };
    let all = q.bind(Param::Text(match facets {
        Some(f) => format!("({matched}) & {f}"),
        None => matched,
    }));
    let column = match tier {
        Tier::Title => "s.title_terms",
        Tier::Headings => "s.heading_terms",
        Tier::Anywhere => "s.document",
    };
    let mut condition = if range.walk {
        format!("ts_match_vq({column}, {})", tsquery(all))
    } else {
        format!("{column} @@ {}", tsquery(all))
    };
    // The blocks as a second condition on the same index: GIN then takes each condition's
    // matches in turn, skipping ahead in one to the next match of the other, and goes straight
    // to the blocks' posts. Within one query it checks every post of the blocks against the
    // words (or every match of the words against the blocks): 0.78 ms for a word in 28 posts
    // of 8 blocks, 0.09 ms with two conditions.
    if let Some(blocks) = in_blocks {
        let blocks = q.bind(Param::Text(blocks));
        condition.push_str(&format!(" AND {column} @@ {}", tsquery(blocks)));
    }
    let above = match tier {
        Tier::Title => None,
        Tier::Headings => Some("s.title_terms"),
        Tier::Anywhere => Some("s.heading_terms"),
    };
    if let Some(above) = above {
        condition.push_str(&format!(" AND NOT {above} @@ {}", tsquery(words)));
    }
    if filter.author_id.is_some() || filter.from.is_some() || filter.to.is_some() {
        q.push(&format!(
            "SELECT s.post_id, {round} AS round FROM post_search s \
             JOIN posts p ON p.id = s.post_id WHERE {condition}"
        ));
        super::store::push_filter(q, filter);
    } else {
        q.push(&format!(
            "SELECT s.post_id, {round} AS round FROM post_search s WHERE {condition}"
        ));
    }
    // The statement's shape leaves the planner one way, whatever the words: a walk can only
    // use the primary key (the words are matched by function, which no index serves), and
    // otherwise "+ 0" keeps it off the primary key, so the GIN index hands over the matches.
    // Its plan is then right for any words, and can be kept.
    let key = if range.walk {
        "s.post_id"
    } else {
        "(s.post_id + 0)"
    };
    if range.above > 0 {
        q.push_bind(&format!(" AND {key} > {{}}"), Param::Int(range.above));
    }
    if range.below < i64::MAX {
        q.push_bind(&format!(" AND {key} < {{}}"), Param::Int(range.below));
    }
    q.push_bind(
        &format!(" ORDER BY {key} DESC LIMIT {{}}"),
        Param::Int(limit),
    );
}

/// The query bound at `$n` as a `tsquery`, parsed once per statement. In a plan kept for any
/// values, `to_tsquery($n)` is not folded to a constant: a condition checked on each row
/// parsed the query again for each row, which was half the time of a round that reads 600.
/// A scalar subquery is computed once (an InitPlan), and GIN index conditions take it too.
fn tsquery(n: usize) -> String {
    format!("(SELECT to_tsquery('simple', ${n}))")
}

/// The PostgreSQL query for posts of `blocks` with every term in their title, through the
/// titles' words by block ("zt976xteam", see migration 15).
fn title_words_in_blocks(terms: &[Term], blocks: &[i64]) -> String {
    let per_block: Vec<String> = blocks
        .iter()
        .map(|b| {
            let each: Vec<String> = terms
                .iter()
                .map(|t| match (t.prefix, t.words.as_slice()) {
                    (true, []) => format!("zt{b}x{}:*", t.text),
                    (true, words) => {
                        let any: Vec<String> = words.iter().map(|w| format!("zt{b}x{w}")).collect();
                        format!("({})", any.join(" | "))
                    }
                    (false, _) => format!("zt{b}x{}", t.text),
                })
                .collect();
            format!("({})", each.join(" & "))
        })
        .collect();
    per_block.join(" | ")
}

/// A density from which walking the newest posts one by one finds a page soon enough.
const WALK_DENSITY: f64 = 0.02;

/// Up to how many matches (expected) a tier reads all of them from the GIN index at once, for
/// words alone. Their expected number is then at most the real one (as many as the rarest word
/// holds), and below it rounds of blocks (at most [`MAX_BLOCKS`] each) would not fill a page.
const FEW_MATCHES: f64 = 1000.0;

/// The same for words with filters. Filters often come with the words more than their shares
/// say ("migrating" in a lesson learned), so more matches than expected may be read.
const FEW_MATCHES_FILTERED: f64 = 500.0;

/// How many times the matches a page needs the first round of blocks expects to find.
const ROUND_MARGIN: f64 = 1.5;

/// How many blocks one GIN query asks for at most: an OR of many words slows the index scan.
const MAX_BLOCKS: i64 = 8;

/// How many words by block ("zt976xteam") one query of the titles asks for at most: each is
/// a lookup in the index, and the query is checked against every match.
const MAX_TITLE_WORDS: i64 = 256;

/// How many rounds of blocks one reach of [`pg_rounds`] is split into at most, for the titles
/// with filters (see [`Ways::of`]). Elsewhere more rounds cost more than they save: each
/// looks up the words' lists again.
const MAX_CHUNKS: i64 = 4;

/// Which ways [`pg_rounds`] may take for a tier.
#[derive(Debug, Clone, Copy)]
struct Ways {
    /// Whether it may walk the newest posts.
    may_walk: bool,
    /// How many blocks one round covers at most.
    max_blocks: i64,
    /// How many rounds one reach of blocks is split into at most.
    chunks: i64,
    /// Up to how many matches (expected) it reads all of them at once.
    few: f64,
}

impl Ways {
    /// The ways of `tier` for `terms` (`filtered`: with filters). Titles' words are indexed by
    /// block: reading a block's matches beats walking. A round covers [`MAX_BLOCKS`] at most.
    /// The titles' words by block hold only their own matches, so a round of the titles covers
    /// more blocks, unless a filter comes with them: the index then checks every title with the
    /// words in the round's blocks against all the query's words (each block's, the filter's),
    /// and 67 words for 33 blocks cost 3 ms where four rounds of 8 blocks cost a third of it.
    fn of(tier: Tier, terms: &[Term], filtered: bool) -> Ways {
        let title = tier == Tier::Title;
        let per_block: usize = terms.iter().map(|t| t.words.len().max(1)).sum();
        Ways {
            may_walk: !title,
            max_blocks: if title && !filtered {
                (MAX_TITLE_WORDS / per_block.max(1) as i64).clamp(MAX_BLOCKS, 32)
            } else {
                MAX_BLOCKS
            },
            chunks: if title && filtered { MAX_CHUNKS } else { 1 },
            few: if filtered {
                FEW_MATCHES_FILTERED
            } else {
                FEW_MATCHES
            },
        }
    }
}

/// The rounds in which PostgreSQL looks for the newest `limit` posts of a tier whose words
/// (and filters) a share `density` of posts hold, the newest post being `newest`. A GIN index
/// finds every match of a word but in no order, so the newest twenty of a word in 100,000
/// posts cost 100,000 row reads; the primary key lists posts newest first, but a rare word then
/// walks the whole table. Which way is cheap depends on how many posts hold the words, so
/// Grove decides from the planner's own statistics ([`TermStats`]), and bounds each way:
/// - words in at least [`WALK_DENSITY`] of posts, unless `may_walk` is false (the titles,
///   whose words are indexed by block): walk the newest ids, at most eight times as far as the
///   density says a page needs;
/// - words that few posts hold (about `few` expected, [`FEW_MATCHES`]): all their matches at once;
/// - otherwise, after a walk or instead of it: the matches in the newest blocks of [`BLOCK`]
///   ids (block words are facets), enough blocks for [`ROUND_MARGIN`] times the page, then
///   for four times that, in rounds of at most `max_blocks` (see [`Ways::of`]), at most
///   [`MAX_CHUNKS`] rounds for each;
/// - then whatever is still missing (the words were rarer than thought, or rarer together than
///   apart): all the older matches from the GIN index.
///
/// Each round runs only if the ones before found too little.
fn pg_rounds(density: f64, newest: i64, limit: i64, ways: Ways) -> Vec<Range> {
    let Ways {
        may_walk,
        max_blocks,
        chunks,
        few,
    } = ways;
    let density = density.clamp(1e-7, 1.0);
    let mut rounds = Vec::new();
    let mut below = i64::MAX;
    if may_walk && density >= WALK_DENSITY {
        let above = newest - (limit as f64 / density * 8.0).ceil() as i64;
        if above <= 0 {
            return vec![Range::walk(0)];
        }
        rounds.push(Range::walk(above));
        below = above + 1;
    }
    // Few matches in all: reading them all from the index costs less than looking block by
    // block (each block word is one more lookup in the index).
    if density * newest as f64 <= few {
        rounds.push(Range::index(below, Vec::new()));
        return rounds;
    }
    let mut top = newest.min(below - 1) / BLOCK;
    // `newest` may be a second old (see [`NewestPost`]): the first round also asks the block
    // after it, where a post written since would be.
    let mut after = i64::from(below == i64::MAX);
    // Two reaches of blocks, each down as far as the density says holds a margin over the
    // page: every match in a block is read from the table, so a reach much larger than the
    // page costs more than the second one it saves. Each is split into rounds of at most
    // `max_blocks` (and at most [`MAX_CHUNKS`] of them), which run only while the page is
    // short.
    for margin in [ROUND_MARGIN, 4.0 * ROUND_MARGIN] {
        if below <= 0 || top < 0 {
            return rounds;
        }
        let reach = (limit as f64 * margin / density).ceil() as i64;
        let lowest = (newest.min(below - 1) - reach).max(0) / BLOCK;
        let lowest = lowest.clamp((top - max_blocks * chunks.max(1) + 1).max(0), top);
        while top >= lowest {
            let last = (top - max_blocks + 1).max(lowest);
            rounds.push(Range::index(below, (last..=top + after).rev().collect()));
            after = 0;
            below = last * BLOCK;
            top = last - 1;
        }
    }
    if below > 0 {
        rounds.push(Range::index(below, Vec::new()));
    }
    rounds
}

/// How many times the page the rounds of a first try at a search expect to find, at least,
/// before the rounds after them are left out (see [`pg_ranking`]).
const EXPECTED_MARGIN: f64 = 3.0;

/// The query for the ids of the newest `limit` posts of a search on PostgreSQL, best tier
/// first, whoever may see them, each with the number of the round that found it: the rounds of
/// each tier ([`pg_rounds`]) in turn, joined by UNION ALL under one LIMIT. PostgreSQL runs the
/// parts of a UNION ALL one after the other and stops reading when the LIMIT is reached, so a
/// round runs only if the ones before found too little, and the whole search is one statement.
///
/// Every part of the statement is set up when it starts, run or not (a tenth of PostgreSQL's
/// time under load, for searches with a dozen rounds). Unless `every_round`, the rounds stop
/// once those before them expect to find [`EXPECTED_MARGIN`] times the page; the second value
/// says whether any were left out, in which case a short result must be asked again with every
/// round.
fn pg_ranking(
    search: &TierSearch<'_>,
    stats: &[ColumnStats; 3],
    newest: i64,
    limit: i64,
    every_round: bool,
) -> (SqlBuilder, bool) {
    let (words, facets) = (search.terms, search.facet_terms);
    let mut q = SqlBuilder::new("SELECT post_id, round FROM (");
    let words_param = q.bind(Param::Text(search.words.to_string()));
    let mut round = 0;
    let mut expected = 0.0;
    let mut trimmed = false;
    'tiers: for (slot, tier) in TIERS.into_iter().enumerate() {
        let (density, surely) = stats[slot].densities(words, facets);
        let ways = Ways::of(tier, words, !facets.is_empty());
        for range in pg_rounds(density, newest, limit, ways) {
            if !every_round && expected >= limit as f64 * EXPECTED_MARGIN {
                trimmed = true;
                break 'tiers;
            }
            // Only the matches the statistics vouch for: a word they do not list may be in
            // no title at all ("zettelkasten"), and a search that stopped at the titles ran
            // again with every round, the rarest words' searches the slowest of the mix.
            expected += surely * range.span(newest) as f64;
            q.push(if round == 0 { "(" } else { " UNION ALL (" });
            push_pg_round(&mut q, search, (tier, &range, round), words_param, limit);
            q.push(")");
            round += 1;
        }
    }
    q.push_bind(") rounds LIMIT {}", Param::Int(limit));
    (q, trimmed)
}

/// The newest post id in the search index, re-read at most every second: each search starts
/// from it, and a post written since is still found (see [`pg_rounds`]).
#[derive(Debug, Default)]
pub struct NewestPost {
    read: Mutex<Option<(Instant, i64)>>,
}

impl NewestPost {
    async fn get(&self, db: &Db) -> sqlx::Result<i64> {
        if let Some((at, id)) = *self.read.lock().unwrap_or_else(|e| e.into_inner())
            && at.elapsed() < Duration::from_secs(1)
        {
            return Ok(id);
        }
        let newest: Option<i64> = sqlx::query("SELECT MAX(post_id) FROM post_search")
            .fetch_one(&db.pool)
            .await?
            .try_get(0)?;
        let newest = newest.unwrap_or(0);
        *self.read.lock().unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), newest));
        Ok(newest)
    }
}

/// How often words occur in each column of PostgreSQL's search index, from the planner's own
/// statistics (`pg_stats.most_common_elems`, kept by ANALYZE and autovacuum), re-read every
/// few minutes.
#[derive(Debug, Default)]
pub struct TermStats {
    read: Mutex<Option<(Instant, Arc<[ColumnStats; 3]>)>>,
}

/// One column's statistics: the share of documents holding each common word, and the share
/// below which words are not listed.
#[derive(Debug, Default)]
struct ColumnStats {
    share: HashMap<String, f64>,
    floor: f64,
    /// Sorted, for prefixes.
    words: Vec<String>,
}

impl ColumnStats {
    /// The share of documents holding `term` (a prefix counts each word it begins): at most
    /// (an unlisted word counts as often as the rarest listed one) and surely (an unlisted word
    /// counts as in none).
    fn shares_of(&self, term: &Term) -> (f64, f64) {
        if self.words.is_empty() {
            // No statistics yet (a new or small index): assume common, the walk is bounded.
            return (1.0, 1.0);
        }
        let listed: f64 = if term.prefix && !term.words.is_empty() {
            term.words.iter().filter_map(|w| self.share.get(w)).sum()
        } else if term.prefix {
            let from = self
                .words
                .partition_point(|w| w.as_str() < term.text.as_str());
            self.words[from..]
                .iter()
                .take_while(|w| w.starts_with(&term.text))
                .map(|w| self.share.get(w).copied().unwrap_or(0.0))
                .sum()
        } else {
            return match self.share.get(&term.text) {
                Some(&share) => (share, share),
                None => (self.floor, 0.0),
            };
        };
        ((listed + self.floor).min(1.0), listed.min(1.0))
    }

    /// The share of documents expected to hold all of `words` and all of `facets`, at most and
    /// surely (see [`ColumnStats::shares_of`]). Words searched together tend to come together
    /// ("data quality"): as many as the rarest holds. Filters likewise among themselves (an
    /// unanswered question is a question), but not with the words: the two shares multiply.
    fn densities(&self, words: &[Term], facets: &[Term]) -> (f64, f64) {
        let rarest = |terms: &[Term]| {
            terms
                .iter()
                .map(|t| self.shares_of(t))
                .fold((1.0, 1.0), |(a, b), (x, y)| {
                    (f64::min(a, x), f64::min(b, y))
                })
        };
        let (words, facets) = (rarest(words), rarest(facets));
        (words.0 * facets.0, words.1 * facets.1)
    }
}

const STATS_TTL: Duration = Duration::from_secs(300);

impl TermStats {
    async fn get(&self, db: &Db) -> sqlx::Result<Arc<[ColumnStats; 3]>> {
        if let Some((at, stats)) = &*self.read.lock().unwrap_or_else(|e| e.into_inner())
            && at.elapsed() < STATS_TTL
        {
            return Ok(stats.clone());
        }
        let mut columns: [ColumnStats; 3] = Default::default();
        let rows = sqlx::query(
            "SELECT attname::text, most_common_elems::text, most_common_elem_freqs::text \
             FROM pg_stats WHERE schemaname = current_schema() AND tablename = 'post_search' \
             AND attname IN ('title_terms', 'heading_terms', 'document')",
        )
        .fetch_all(&db.pool)
        .await?;
        for row in rows {
            let column: String = row.try_get(0)?;
            let (Some(elems), Some(freqs)) = (
                row.try_get::<Option<String>, _>(1)?,
                row.try_get::<Option<String>, _>(2)?,
            ) else {
                continue;
            };
            let slot = match column.as_str() {
                "title_terms" => 0,
                "heading_terms" => 1,
                _ => 2,
            };
            columns[slot] = column_stats(&elems, &freqs);
        }
        let stats = Arc::new(columns);
        *self.read.lock().unwrap_or_else(|e| e.into_inner()) =
            Some((Instant::now(), stats.clone()));
        Ok(stats)
    }
}

/// Parses `pg_stats` arrays: the words, then their shares followed by the lowest and highest
/// share (and the share of empty documents).
fn column_stats(elems: &str, freqs: &str) -> ColumnStats {
    let list = |text: &str| -> Vec<String> {
        text.trim_start_matches('{')
            .trim_end_matches('}')
            .split(',')
            .map(|w| w.trim_matches('"').to_string())
            .filter(|w| !w.is_empty())
            .collect()
    };
    let words = list(elems);
    let shares: Vec<f64> = list(freqs).iter().filter_map(|f| f.parse().ok()).collect();
    if shares.len() < words.len() {
        return ColumnStats::default();
    }
    let floor = shares.get(words.len()).copied().unwrap_or(0.0);
    let share: HashMap<String, f64> = words.iter().cloned().zip(shares).collect();
    let mut sorted = words;
    sorted.sort();
    ColumnStats {
        share,
        floor,
        words: sorted,
    }
}

/// The search caches of one server.
#[derive(Debug, Default)]
pub struct SearchCache {
    pub prefixes: PrefixCache,
    pub stats: TermStats,
    pub newest: NewestPost,
}

/// How many pages of results a search shows: beyond them, more words or a filter find faster.
pub const MAX_SEARCH_PAGE: i64 = 50;

/// A page of the posts the viewer may see that match `typed`, best first (by [`Tier`], then
/// newest), with the words found marked in the title and a passage of the body. One extra hit
/// tells whether a page follows.
pub async fn search(
    db: &Db,
    cache: &SearchCache,
    viewer_id: i64,
    typed: &str,
    filter: &PostFilter,
) -> sqlx::Result<Vec<SearchHit>> {
    let mut terms = terms(typed);
    expand_prefixes(db, &cache.prefixes, &mut terms).await?;
    let Some(words) = engine_query(db.backend, &terms, true) else {
        return Ok(Vec::new());
    };
    let facet_terms = facet_terms(filter);
    let facets = engine_query(db.backend, &facet_terms, true);
    let search = TierSearch {
        db,
        viewer_id,
        terms: &terms,
        facet_terms: &facet_terms,
        words: &words,
        facets: facets.as_deref(),
        filter,
    };
    let skip = (filter.page.clamp(1, MAX_SEARCH_PAGE) - 1) * PAGE_SIZE;
    let want = PAGE_SIZE + 1;
    let posts = match db.backend {
        Backend::Sqlite => sqlite_search(&search, skip, want).await?,
        Backend::Postgres => {
            let stats = cache.stats.get(db).await?;
            let planning = (stats.as_ref(), &cache.newest);
            pg_search(&search, planning, skip, want).await?
        }
    };
    Ok(posts
        .into_iter()
        .map(|(post, body)| SearchHit {
            title_html: highlight(&post.title, &terms, usize::MAX),
            snippet: highlight(&plain(&body), &terms, 30),
            post,
        })
        .collect())
}

/// `want` posts of a search after the first `skip`, with their bodies, on SQLite: tier by
/// tier, each asked only for what the page still lacks, so a page that the first tier fills
/// never reads the others.
async fn sqlite_search(
    search: &TierSearch<'_>,
    mut skip: i64,
    want: i64,
) -> sqlx::Result<Vec<(PostSummary, String)>> {
    let mut ids: Vec<i64> = Vec::new();
    for tier in TIERS {
        let found = sqlite_tier_ids(search, tier, skip + want - ids.len() as i64).await?;
        let n = found.len() as i64;
        if n > skip {
            ids.extend(&found[skip as usize..]);
            skip = 0;
        } else {
            skip -= n;
        }
        if ids.len() as i64 >= want {
            break;
        }
    }
    super::store::with_bodies(search.db, &ids).await
}

/// `want` posts of a search after the first `skip`, with their bodies, on PostgreSQL, in one
/// statement: the ranking ([`pg_ranking`]) from the index alone, then, for the ranked posts,
/// whether the viewer may see them and the page. A few more matches than the page needs are
/// ranked, so that the posts of a private community the viewer is not in rarely leave it
/// short; when they do, the search runs again with more. When the ranking left rounds out and
/// came short, it runs again with every round.
async fn pg_search(
    search: &TierSearch<'_>,
    (stats, newest): (&[ColumnStats; 3], &NewestPost),
    skip: i64,
    want: i64,
) -> sqlx::Result<Vec<(PostSummary, String)>> {
    let newest = newest.get(search.db).await?;
    // The ranking holds only posts with the tag: its index word is written with the post's
    // tags, in the same transaction. Asked again for the page, PostgreSQL joined every post
    // with the tag (7,138 for "kubernetes") to the thirty ranked.
    let page_filter = PostFilter {
        tag: None,
        ..search.filter.clone()
    };
    // About one post in ten is in a private community most members are not in: a margin in
    // proportion to the whole ranking, or the fifth page of a common word came short and ran
    // again, ranking 577 posts instead of 110.
    let mut extra = (skip + want) / 4 + 4;
    let mut every_round = false;
    loop {
        let limit = skip + want + extra;
        let (ranking, trimmed) = pg_ranking(search, stats, newest, limit, every_round);
        let page = super::store::visible_page(
            &search.db.search_pool,
            ranking,
            search.viewer_id,
            &page_filter,
            (skip, want),
        )
        .await?;
        // A page is short only when fewer than `skip + want` ranked posts may be seen.
        if page.posts.len() as i64 >= want {
            return Ok(page.posts);
        }
        if page.ranked < limit {
            // The rounds left out may hold the rest (the words were rarer than the
            // statistics said); otherwise there is no more to find.
            if trimmed {
                every_round = true;
                continue;
            }
            return Ok(page.posts);
        }
        extra = (extra + limit) * 4;
    }
}

/// Up to five posts like `post` that the viewer may see, newest first: those sharing a tag and
/// a title word, then those sharing either.
pub async fn related(
    db: &Db,
    viewer_id: i64,
    post: &PostSummary,
) -> sqlx::Result<Vec<PostSummary>> {
    let tags: Vec<Term> = post
        .tags
        .iter()
        .map(|t| Term::exact(tag_token(t)))
        .collect();
    let mut words: Vec<Term> = terms(&post.title)
        .into_iter()
        .filter(|t| t.text.chars().count() >= 4)
        .map(|t| Term::exact(t.text))
        .collect();
    words.truncate(8);
    let tag_query = engine_query(db.backend, &tags, false);
    let word_query = engine_query(db.backend, &words, false);
    let (both, either) = match (db.backend, &tag_query, &word_query) {
        (_, None, None) => return Ok(Vec::new()),
        (Backend::Sqlite, Some(t), Some(w)) => (
            Some(format!("(facets : ({t})) AND (title : ({w}))")),
            format!("(facets : ({t})) OR (title : ({w}))"),
        ),
        (Backend::Sqlite, Some(t), None) => (None, format!("facets : ({t})")),
        (Backend::Sqlite, None, Some(w)) => (None, format!("title : ({w})")),
        (Backend::Postgres, Some(t), Some(w)) => {
            (Some(format!("({t}) & ({w})")), format!("({t}) | ({w})"))
        }
        (Backend::Postgres, Some(t), None) => (None, t.clone()),
        (Backend::Postgres, None, Some(w)) => (None, w.clone()),
    };
    let mut found: Vec<PostSummary> = Vec::new();
    for query in both.into_iter().chain([either]) {
        let mut q = SqlBuilder::new("");
        let n = q.bind(Param::Text(query));
        let (from, condition, key) = match db.backend {
            Backend::Sqlite => (
                "post_headings x JOIN posts p ON p.id = x.rowid",
                format!("post_headings MATCH ${n}"),
                "x.rowid",
            ),
            Backend::Postgres => (
                "post_search x JOIN posts p ON p.id = x.post_id",
                format!("x.heading_terms @@ to_tsquery('simple', ${n})"),
                "x.post_id",
            ),
        };
        q.push(&format!(
            "SELECT {SUMMARY_COLUMNS} FROM {from} {SUMMARY_JOINS} WHERE {condition} AND "
        ));
        q.push_bind(VISIBLE, Param::Int(viewer_id));
        q.push_bind(" AND p.id <> {}", Param::Int(post.id));
        q.push_bind(&format!(" ORDER BY {key} DESC LIMIT {{}}"), Param::Int(5));
        for row in q.build().fetch_all(&db.pool).await? {
            let s = summary(&row)?;
            if found.len() < 5 && !found.iter().any(|f| f.id == s.id) {
                found.push(s);
            }
        }
        if found.len() >= 5 {
            break;
        }
    }
    Ok(found)
}

/// Markdown as plain text for a snippet: markup characters and link targets dropped.
pub fn plain(markdown: &str) -> String {
    // Every character it looks at is ASCII, which no byte of a longer UTF-8 character equals:
    // it walks the bytes and copies runs of text whole (twenty bodies per search).
    let is_special = |b: u8| {
        matches!(
            b,
            b'<' | b'#' | b'*' | b'_' | b'`' | b'>' | b'[' | b']' | b'|' | b'\n' | b'\r' | b'\t'
        )
    };
    let bytes = markdown.as_bytes();
    let mut out = String::with_capacity(markdown.len());
    let (mut in_tag, mut in_target) = (false, false);
    let mut prev = b' ';
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // Raw HTML in Markdown is never text a reader sees.
        if in_tag {
            in_tag = b != b'>';
            i += 1;
            continue;
        }
        if in_target {
            in_target = b != b')';
            i += 1;
            continue;
        }
        match b {
            b'<' => in_tag = true,
            b'(' if prev == b']' => in_target = true,
            b'#' | b'*' | b'_' | b'`' | b'>' | b'[' | b']' | b'|' => prev = b,
            b'\n' | b'\r' | b'\t' => {
                prev = b;
                if !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            _ => {
                let from = i;
                while i < bytes.len() && !is_special(bytes[i]) {
                    i += 1;
                }
                prev = bytes[i - 1];
                out.push_str(&markdown[from..i]);
                continue;
            }
        }
        i += 1;
    }
    out.trim().to_string()
}

/// `text` as HTML (escaped), the words matching `terms` in `<mark>`; when `window` is finite,
/// only about `window` words around the first match (or the first `window` words).
pub fn highlight(text: &str, terms: &[Term], window: usize) -> String {
    let matcher = Matcher::new(terms);
    // Words with their byte ranges; CJK runs are matched by substring. A snippet needs the
    // words up to its window around the first match only: the rest of a long body is not read.
    // Twenty titles and bodies per search: the bytes are walked, ASCII without decoding.
    let bytes = text.as_bytes();
    // In ASCII text a word matches only where a term's text begins: before the first such
    // place no word is checked, and a snippet of text where there is none needs only its
    // first `window` words.
    let earliest = if window != usize::MAX && text.is_ascii() {
        let lower = text.to_ascii_lowercase();
        terms
            .iter()
            .filter(|t| t.text.is_ascii())
            .filter_map(|t| lower.find(t.text.as_str()))
            .min()
            .unwrap_or(usize::MAX)
    } else {
        0
    };
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut first: Option<usize> = None;
    let mut more = false;
    let mut start = None;
    let mut i = 0;
    while i < bytes.len() {
        let (alphanumeric, len) = match bytes[i] {
            b if b.is_ascii() => (b.is_ascii_alphanumeric(), 1),
            _ => text[i..]
                .chars()
                .next()
                .map_or((false, 1), |c| (c.is_alphanumeric(), c.len_utf8())),
        };
        match (alphanumeric, start) {
            (true, None) => {
                let enough = window != usize::MAX
                    && match first {
                        Some(f) => words.len() > f + window,
                        None => earliest == usize::MAX && words.len() > window,
                    };
                if enough {
                    more = true;
                    break;
                }
                start = Some(i);
            }
            (false, Some(s)) => {
                words.push((s, i));
                if first.is_none() && s >= earliest && matcher.hits(&text[s..i]) {
                    first = Some(words.len() - 1);
                }
                start = None;
            }
            _ => {}
        }
        i += len;
    }
    if let (Some(s), false) = (start, more) {
        words.push((s, text.len()));
        if first.is_none() && s >= earliest && matcher.hits(&text[s..]) {
            first = Some(words.len() - 1);
        }
    }
    if words.is_empty() {
        return escape(text);
    }
    let Passage {
        from_word,
        to_word,
        begin,
        end,
    } = Passage::of(&words, first, more, window, text.len());
    let mut out = String::with_capacity(end - begin + 32);
    if begin > 0 {
        out.push_str("… ");
    }
    let mut at = begin;
    for &(s, e) in &words[from_word..to_word] {
        matcher.marks(&text[s..e], |ms, me| {
            let (ms, me) = (s + ms, s + me);
            if ms < at {
                return;
            }
            escape_into(&mut out, &text[at..ms]);
            out.push_str("<mark>");
            escape_into(&mut out, &text[ms..me]);
            out.push_str("</mark>");
            at = me;
        });
    }
    escape_into(&mut out, &text[at..end]);
    if end < text.len() {
        out.push_str(" …");
    }
    out
}

/// The part of a text [`highlight`] shows: its words `from_word..to_word`, bytes `begin..end`.
struct Passage {
    from_word: usize,
    to_word: usize,
    begin: usize,
    end: usize,
}

impl Passage {
    /// For `words` (byte ranges, not empty) of a text of `len` bytes, the first match being
    /// word `first`; `more`: the text goes on past the last word read.
    fn of(
        words: &[(usize, usize)],
        first: Option<usize>,
        more: bool,
        window: usize,
        len: usize,
    ) -> Passage {
        let (from_word, to_word) = if window == usize::MAX || (!more && words.len() <= window) {
            (0, words.len())
        } else {
            let from = first.unwrap_or(0).saturating_sub(window / 3);
            (from, (from + window).min(words.len()))
        };
        let begin = if from_word == 0 {
            0
        } else {
            words[from_word].0
        };
        let end = if to_word == words.len() && !more {
            len
        } else {
            words[to_word - 1].1
        };
        Passage {
            from_word,
            to_word,
            begin,
            end,
        }
    }
}

/// Which parts of a word [`highlight`] marks for the terms searched.
struct Matcher<'a> {
    terms: &'a [Term],
    /// The characters of each term that holds CJK text, in the order of `terms`.
    cjk: Vec<Vec<char>>,
}

impl<'a> Matcher<'a> {
    fn new(terms: &'a [Term]) -> Matcher<'a> {
        let cjk = terms
            .iter()
            .filter(|t| t.text.chars().any(is_cjk))
            .map(|t| t.text.chars().collect())
            .collect();
        Matcher { terms, cjk }
    }

    /// Whether a (non-CJK) word matches a term; ASCII words, most of them, without folding
    /// into a new string.
    fn matches(&self, word: &str) -> bool {
        if word.is_ascii() {
            self.terms.iter().any(|t| {
                let n = t.text.len();
                if t.prefix {
                    word.len() >= n && word.as_bytes()[..n].eq_ignore_ascii_case(t.text.as_bytes())
                } else {
                    word.eq_ignore_ascii_case(&t.text)
                }
            })
        } else {
            let folded = fold(word);
            self.terms.iter().any(|t| {
                if t.prefix {
                    folded.starts_with(&t.text)
                } else {
                    folded == t.text
                }
            })
        }
    }

    fn has_cjk(word: &str) -> bool {
        !word.is_ascii() && word.chars().any(is_cjk)
    }

    /// Whether anything in `word` is marked.
    fn hits(&self, word: &str) -> bool {
        if Self::has_cjk(word) {
            let mut any = false;
            self.cjk_marks(word, |_, _| any = true);
            any
        } else {
            self.matches(word)
        }
    }

    /// Calls `mark` with the byte range of each marked part of `word`: the whole word, or in
    /// a CJK run each pair (or single character) matching a term, term by term.
    fn marks(&self, word: &str, mut mark: impl FnMut(usize, usize)) {
        if Self::has_cjk(word) {
            self.cjk_marks(word, mark);
        } else if self.matches(word) {
            mark(0, word.len());
        }
    }

    fn cjk_marks(&self, word: &str, mut mark: impl FnMut(usize, usize)) {
        let chars: Vec<(usize, char)> = word.char_indices().collect();
        for tc in &self.cjk {
            for w in 0..chars.len() {
                if chars.len() - w >= tc.len() && (0..tc.len()).all(|k| chars[w + k].1 == tc[k]) {
                    let end = chars.get(w + tc.len()).map(|c| c.0).unwrap_or(word.len());
                    mark(chars[w].0, end);
                }
            }
        }
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

/// Appends `text` to `out` as HTML text: runs without a special character are copied whole.
fn escape_into(out: &mut String, text: &str) {
    let mut copied = 0;
    for (i, b) in text.bytes().enumerate() {
        let entity = match b {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&text[copied..i]);
        out.push_str(entity);
        copied = i + 1;
    }
    out.push_str(&text[copied..]);
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
            Some("\"kube\"* AND \"知识\"")
        );
        assert_eq!(
            engine_query(Backend::Postgres, &terms("kube 知识"), false).as_deref(),
            Some("kube:* | 知识")
        );
    }

    #[test]
    fn plain_text_drops_markup_link_targets_and_html_but_keeps_every_word() {
        let markdown = "# Título\n\nSee [the *guide*](https://x.example/a_b) and \
                        <b onclick=x>bold</b> | 知识 `code` (as is)\n";
        assert_eq!(
            plain(markdown),
            "Título See the guide and bold  知识 code (as is)"
        );
        assert_eq!(plain("[a](b"), "a");
        assert_eq!(plain("<unclosed tag"), "");
        assert_eq!(plain("\n\n"), "");
    }

    /// The snippet code before it walked bytes, kept to check that the faster one marks the
    /// same text.
    /// `text` as HTML (escaped), the words matching `terms` in `<mark>`; when `window` is finite,
    /// only about `window` words around the first match (or the first `window` words).
    fn highlight_before(text: &str, terms: &[Term], window: usize) -> String {
        // Whether a (non-CJK) word matches a term; ASCII words, most of them, without folding
        // into a new string (snippets look at every word of twenty bodies).
        let matches = |word: &str| -> bool {
            let hit = |folded: &str, t: &Term| {
                if t.prefix {
                    folded.starts_with(&t.text)
                } else {
                    folded == t.text
                }
            };
            if word.is_ascii() {
                terms.iter().any(|t| {
                    let n = t.text.len();
                    if t.prefix {
                        word.len() >= n
                            && word.as_bytes()[..n].eq_ignore_ascii_case(t.text.as_bytes())
                    } else {
                        word.eq_ignore_ascii_case(&t.text)
                    }
                })
            } else {
                let folded = fold(word);
                terms.iter().any(|t| hit(&folded, t))
            }
        };
        let marks = |word: &str| -> Vec<(usize, usize)> {
            if !word.is_ascii() && word.chars().any(is_cjk) {
                // Mark each matching pair (or single character) in the run.
                let chars: Vec<(usize, char)> = word.char_indices().collect();
                let mut out = Vec::new();
                for t in terms.iter().filter(|t| t.text.chars().any(is_cjk)) {
                    let tc: Vec<char> = t.text.chars().collect();
                    for w in 0..chars.len() {
                        if chars.len() - w >= tc.len()
                            && (0..tc.len()).all(|k| chars[w + k].1 == tc[k])
                        {
                            let end = chars.get(w + tc.len()).map(|c| c.0).unwrap_or(word.len());
                            out.push((chars[w].0, end));
                        }
                    }
                }
                out
            } else if matches(word) {
                vec![(0, word.len())]
            } else {
                Vec::new()
            }
        };
        // Words with their byte ranges; CJK runs are matched by substring. A snippet needs the
        // words up to its window around the first match only: the rest of a long body is not read.
        let mut words: Vec<(usize, usize)> = Vec::new();
        let mut first: Option<usize> = None;
        let mut more = false;
        let mut start = None;
        let add =
            |words: &mut Vec<(usize, usize)>, first: &mut Option<usize>, s: usize, e: usize| {
                words.push((s, e));
                if first.is_none() && !marks(&text[s..e]).is_empty() {
                    *first = Some(words.len() - 1);
                }
            };
        for (i, c) in text.char_indices() {
            match (c.is_alphanumeric(), start) {
                (true, None) => {
                    if window != usize::MAX && first.is_some_and(|f| words.len() > f + window) {
                        more = true;
                        break;
                    }
                    start = Some(i);
                }
                (false, Some(s)) => {
                    add(&mut words, &mut first, s, i);
                    start = None;
                }
                _ => {}
            }
        }
        if let (Some(s), false) = (start, more) {
            add(&mut words, &mut first, s, text.len());
        }
        if words.is_empty() {
            return escape_before(text);
        }
        // Which words to show did not change.
        let Passage {
            from_word,
            to_word,
            begin,
            end,
        } = Passage::of(&words, first, more, window, text.len());
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
                out.push_str(&escape_before(&text[at..ms]));
                out.push_str("<mark>");
                out.push_str(&escape_before(&text[ms..me]));
                out.push_str("</mark>");
                at = me;
            }
        }
        out.push_str(&escape_before(&text[at..end]));
        if end < text.len() {
            out.push_str(" …");
        }
        out
    }

    fn escape_before(text: &str) -> String {
        let mut out = String::new();
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

    #[test]
    fn highlights_the_same_as_before_on_mixed_text() {
        use proptest::prelude::*;
        let pieces = [
            "team",
            "Teams",
            "équipe",
            "ÉQUIPE",
            "知识",
            "管理",
            "知",
            "ナレッジ",
            " ",
            " ",
            ". ",
            "<b>",
            "&",
            "\"",
            "'",
            "w1",
            "straße",
            "İstanbul",
            "\n",
            "-",
            "naïve",
            "a",
            "x2",
        ];
        // Mostly ASCII text too, which takes a shortcut.
        let ascii = [
            " ", "team", "Teams", "steam", "a", "<b>", "w1", "W1x", ". ", "&",
        ];
        let text = prop_oneof![
            proptest::collection::vec(0..pieces.len(), 0..60)
                .prop_map(move |ix| ix.into_iter().map(|i| pieces[i]).collect::<String>()),
            proptest::collection::vec(0..ascii.len(), 0..80)
                .prop_map(move |ix| ix.into_iter().map(|i| ascii[i]).collect::<String>()),
        ];
        let typed = proptest::collection::vec(0..pieces.len(), 1..4).prop_map(move |ix| {
            ix.into_iter()
                .map(|i| pieces[i])
                .collect::<Vec<_>>()
                .join(" ")
        });
        let window = prop_oneof![Just(usize::MAX), 1usize..40];
        proptest!(|(text in text, typed in typed, window in window)| {
            let terms = terms(&typed);
            prop_assert_eq!(
                highlight(&text, &terms, window),
                highlight_before(&text, &terms, window)
            );
        });
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
        assert_eq!(
            snippet,
            "… w47 w48 w49 <mark>w50</mark> w51 w52 w53 w54 w55 …"
        );
        // Near either end, and without a match: the window stays whole, and says what it cut.
        assert_eq!(
            highlight(&long, &terms("w1"), 4),
            "w0 <mark>w1</mark> w2 w3 …"
        );
        assert_eq!(
            highlight(&long, &terms("w98"), 4),
            "… w97 <mark>w98</mark> w99"
        );
        assert_eq!(highlight(&long, &terms("nothing"), 3), "w0 w1 w2 …");
        assert_eq!(highlight("a b.", &terms("b"), 5), "a <mark>b</mark>.");
    }

    use super::*;

    #[test]
    fn statistics_bound_how_many_posts_hold_the_words() {
        let stats = column_stats(
            "{team,teams,\"zkindquestion\",review}",
            "{0.3,0.05,0.2,0.1,0.001,0.3,0}",
        );
        let t = |text: &str, prefix: bool| Term {
            text: text.into(),
            prefix,
            words: Vec::new(),
        };
        assert_eq!(stats.shares_of(&t("review", false)), (0.1, 0.1));
        // Unlisted words are at most as common as the rarest listed one, and maybe in none.
        assert_eq!(stats.shares_of(&t("kintsugi", false)), (0.001, 0.0));
        // A prefix counts every listed word it begins, plus (at most) the unlisted ones.
        let (most, surely) = stats.shares_of(&t("team", true));
        assert!((most - 0.351).abs() < 1e-9 && (surely - 0.35).abs() < 1e-9);
        // Words together: as many as the rarest; filters multiply.
        let (a, b, c) = (
            t("team", false),
            t("review", false),
            t("zkindquestion", false),
        );
        assert_eq!(stats.densities(&[a.clone(), b.clone()], &[]), (0.1, 0.1));
        let (most, surely) = stats.densities(&[a.clone(), b], std::slice::from_ref(&c));
        assert!((most - 0.02).abs() < 1e-9 && (surely - 0.02).abs() < 1e-9);
        // An unlisted word makes the whole search uncertain.
        assert_eq!(
            stats.densities(&[a.clone(), t("kintsugi", false)], &[c]).1,
            0.0
        );
        // Without statistics, every word counts as common (the walk is bounded).
        assert_eq!(ColumnStats::default().shares_of(&a), (1.0, 1.0));
        assert!(column_stats("{a,b}", "{0.5}").words.is_empty(), "malformed");
    }

    #[test]
    fn cjk_runs_become_overlapping_pairs_and_accents_fold() {
        assert_eq!(index_text("Gestión 知识管理!"), "gestion  知识 识管 管理 !");
        assert_eq!(index_text("日"), " 日 ");
        assert_eq!(index_text("plain text"), "plain text");
    }

    /// Whatever the density, the rounds cover every post id once, newest ranges first, so a
    /// search finds every match, in order, and finds the newest post even if `newest` is a
    /// little old.
    #[test]
    fn rounds_cover_every_post_once_newest_first() {
        use proptest::prelude::*;
        let cases = (
            1e-6f64..1.0,
            0i64..3_000_000,
            1i64..200,
            (any::<bool>(), 1i64..40, 1i64..5, 0.0f64..2000.0),
        );
        proptest!(|((density, newest, limit, (may_walk, max_blocks, chunks, few)) in cases)| {
            let ways = super::Ways { may_walk, max_blocks, chunks, few };
            let rounds = super::pg_rounds(density, newest, limit, ways);
            prop_assert!(!rounds.is_empty());
            // Which round holds post `id` (the first that does), for ids around the edges.
            let holds = |r: &super::Range, id: i64| {
                id > r.above
                    && id < r.below
                    && (r.blocks.is_empty() || r.blocks.contains(&(id / super::BLOCK)))
            };
            // A post written since `newest` was read: in the next block at the latest.
            let written_since = (newest / super::BLOCK + 1) * super::BLOCK;
            let mut probes: Vec<i64> = vec![1, 2, newest, newest + 1, written_since];
            for r in &rounds {
                probes.extend([r.above, r.above + 1, r.below - 1, r.below]);
                for b in &r.blocks {
                    probes.extend([b * super::BLOCK, b * super::BLOCK - 1]);
                }
            }
            let mut last_round = 0;
            probes.sort_unstable();
            probes.dedup();
            for id in probes.into_iter().rev().filter(|id| *id >= 1 && *id <= written_since) {
                let owners: Vec<usize> = (0..rounds.len()).filter(|i| holds(&rounds[*i], id)).collect();
                prop_assert_eq!(owners.len(), 1, "post {} in rounds {:?} of {:?}", id, owners, rounds);
                prop_assert!(owners[0] >= last_round, "post {} out of order in {:?}", id, rounds);
                last_round = owners[0];
            }
        });
    }
}
