//! SQL for knowledge. Every read that lists posts carries the privacy rule in its WHERE clause
//! ([`VISIBLE`]: a private community's posts only for its members; drafts and hidden posts
//! never), so no list, search, count or feed can include one by accident.
//!
//! Writes run in one transaction with the post's search document ([`super::search::reindex`]),
//! so search never finds what the page no longer shows.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::model::{
    Answer, Author, Comment, CommunityRef, FeedSort, PAGE_SIZE, PostFilter, PostKind, PostSummary,
    PostText, Revision,
};
use crate::db::{Db, Param, SqlBuilder, now};

pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// The columns [`summary`] reads, over `posts p` joined by [`SUMMARY_FROM`].
pub const SUMMARY_COLUMNS: &str = "p.id, p.kind, p.title, p.community_id, c.name, c.visibility, \
     p.author_id, u.name, p.tags, p.status, p.score, p.answer_count, p.comment_count, \
     p.accepted_answer_id, p.hidden_at, p.locked_at, p.created_at, p.published_at, p.activity_at";

pub const SUMMARY_FROM: &str = "posts p LEFT JOIN communities c ON c.id = p.community_id \
     LEFT JOIN users u ON u.id = p.author_id";

/// The joins of [`SUMMARY_FROM`], for queries that reach `posts p` from another table.
pub const SUMMARY_JOINS: &str = "LEFT JOIN communities c ON c.id = p.community_id \
     LEFT JOIN users u ON u.id = p.author_id";

/// The condition that the member bound at `{}` may see post `p` in a list: published, not
/// hidden, and not in a private community they are not a member of.
pub const VISIBLE: &str = "p.status = 'published' AND p.hidden_at IS NULL AND \
     (p.community_id IS NULL OR c.visibility <> 'private' OR EXISTS (SELECT 1 FROM community_members cm \
     WHERE cm.community_id = p.community_id AND cm.user_id = {}))";

pub fn summary(row: &AnyRow) -> sqlx::Result<PostSummary> {
    let community = match row.try_get::<Option<i64>, _>(3)? {
        Some(id) => Some(CommunityRef {
            id,
            name: row.try_get::<Option<String>, _>(4)?.unwrap_or_default(),
            // Anything but open or by request hides, so a bad row hides rather than leaks.
            private: !matches!(
                row.try_get::<Option<String>, _>(5)?.as_deref(),
                Some("open" | "request")
            ),
        }),
        None => None,
    };
    let author = author(row.try_get(6)?, row.try_get(7)?);
    let tags: String = row.try_get(8)?;
    Ok(PostSummary {
        id: row.try_get(0)?,
        kind: PostKind::from_db(&row.try_get::<String, _>(1)?),
        title: row.try_get(2)?,
        community,
        author,
        tags: split_tags(&tags),
        draft: row.try_get::<String, _>(9)? == "draft",
        score: row.try_get(10)?,
        answer_count: row.try_get(11)?,
        comment_count: row.try_get(12)?,
        accepted: row.try_get::<Option<i64>, _>(13)?.is_some(),
        hidden: row.try_get::<Option<i64>, _>(14)?.is_some(),
        locked: row.try_get::<Option<i64>, _>(15)?.is_some(),
        created_at: row.try_get(16)?,
        published_at: row.try_get(17)?,
        activity_at: row.try_get(18)?,
    })
}

fn author(id: Option<i64>, name: Option<String>) -> Option<Author> {
    id.map(|id| Author {
        id,
        name: name.unwrap_or_default(),
    })
}

pub fn split_tags(tags: &str) -> Vec<String> {
    tags.split_whitespace().map(String::from).collect()
}

/// A post's row with what its page needs beyond the summary.
#[derive(Debug, Clone)]
pub struct PostRow {
    pub summary: PostSummary,
    pub body: String,
    pub revision: i64,
    pub updated_at: i64,
    pub accepted_answer_id: Option<i64>,
}

/// A post by id whoever may see it (the service decides).
pub async fn find(db: &Db, id: i64) -> sqlx::Result<Option<PostRow>> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, p.body, p.revision, p.updated_at FROM {SUMMARY_FROM} WHERE p.id = $1"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    row.map(|row| {
        Ok(PostRow {
            accepted_answer_id: row.try_get(13)?,
            summary: summary(&row)?,
            body: row.try_get(19)?,
            revision: row.try_get(20)?,
            updated_at: row.try_get(21)?,
        })
    })
    .transpose()
}

/// Appends the filter's conditions (after a WHERE already holding the privacy rule).
pub fn push_filter(q: &mut SqlBuilder, filter: &PostFilter) {
    if let Some(kind) = filter.kind {
        q.push_bind(" AND p.kind = {}", Param::Text(kind.as_str().into()));
    }
    if let Some(c) = filter.community_id {
        q.push_bind(" AND p.community_id = {}", Param::Int(c));
    }
    if let Some(tag) = &filter.tag {
        q.push_bind(
            " AND EXISTS (SELECT 1 FROM post_tags t WHERE t.post_id = p.id AND t.tag = {})",
            Param::Text(tag.clone()),
        );
    }
    if let Some(a) = filter.author_id {
        q.push_bind(" AND p.author_id = {}", Param::Int(a));
    }
    if let Some(from) = filter.from {
        q.push_bind(" AND p.published_at >= {}", Param::Int(from));
    }
    if let Some(to) = filter.to {
        q.push_bind(" AND p.published_at < {}", Param::Int(to));
    }
    match filter.answered {
        Some(true) => {
            q.push(" AND p.kind = 'question' AND p.answer_count > 0");
        }
        Some(false) => {
            q.push(" AND p.kind = 'question' AND p.answer_count = 0");
        }
        None => {}
    }
}

/// A page of the posts `viewer_id` may see, filtered and sorted; one extra row tells whether
/// another page follows.
pub async fn feed(
    db: &Db,
    viewer_id: i64,
    filter: &PostFilter,
    sort: FeedSort,
) -> sqlx::Result<Vec<PostSummary>> {
    let mut q = SqlBuilder::new(format!(
        "SELECT {SUMMARY_COLUMNS} FROM {SUMMARY_FROM} WHERE "
    ));
    q.push_bind(VISIBLE, Param::Int(viewer_id));
    push_filter(&mut q, filter);
    q.push(match sort {
        FeedSort::Activity => " ORDER BY p.activity_at DESC, p.id DESC",
        FeedSort::Newest => " ORDER BY p.published_at DESC, p.id DESC",
        FeedSort::Top => " ORDER BY p.score DESC, p.id DESC",
        FeedSort::Unanswered => {
            " AND p.kind = 'question' AND p.answer_count = 0 ORDER BY p.published_at, p.id"
        }
    });
    q.push_bind(" LIMIT {}", Param::Int(PAGE_SIZE + 1));
    q.push_bind(
        " OFFSET {}",
        Param::Int((filter.page.max(1) - 1) * PAGE_SIZE),
    );
    q.build()
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(summary)
        .collect()
}

/// Unanswered questions suggested to the viewer that they may still see, latest first.
pub async fn routed_to(db: &Db, viewer_id: i64, limit: i64) -> sqlx::Result<Vec<PostSummary>> {
    let mut q = SqlBuilder::new(format!(
        "SELECT {SUMMARY_COLUMNS} FROM question_routes r JOIN posts p ON p.id = r.post_id {SUMMARY_JOINS} WHERE "
    ));
    let v = q.bind(Param::Int(viewer_id));
    q.push(&VISIBLE.replace("{}", &format!("${v}")));
    q.push(&format!(
        " AND r.user_id = ${v} AND p.answer_count = 0 ORDER BY r.created_at DESC"
    ));
    q.push_bind(" LIMIT {}", Param::Int(limit));
    q.build()
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(summary)
        .collect()
}

/// The viewer's drafts, newest first.
pub async fn drafts(db: &Db, viewer_id: i64) -> sqlx::Result<Vec<PostSummary>> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM {SUMMARY_FROM} WHERE p.author_id = $1 AND p.status = 'draft' \
         ORDER BY p.updated_at DESC LIMIT 100"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(viewer_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(summary)
        .collect()
}

/// The posts the viewer bookmarked and may still see, latest bookmark first.
pub async fn bookmarks(db: &Db, viewer_id: i64) -> sqlx::Result<Vec<PostSummary>> {
    let mut q = SqlBuilder::new(format!(
        "SELECT {SUMMARY_COLUMNS} FROM bookmarks b JOIN posts p ON p.id = b.post_id {SUMMARY_JOINS} WHERE "
    ));
    let v = q.bind(Param::Int(viewer_id));
    q.push(&VISIBLE.replace("{}", &format!("${v}")));
    q.push(&format!(
        " AND b.user_id = ${v} ORDER BY b.created_at DESC LIMIT 200"
    ));
    q.build()
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(summary)
        .collect()
}

/// The summaries of posts `ids` that `viewer_id` may see, in the order of `ids`.
pub async fn summaries(db: &Db, viewer_id: i64, ids: &[i64]) -> sqlx::Result<Vec<PostSummary>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = SqlBuilder::new(format!(
        "SELECT {SUMMARY_COLUMNS} FROM {SUMMARY_FROM} WHERE "
    ));
    q.push_bind(VISIBLE, Param::Int(viewer_id));
    q.push(" AND p.id IN (");
    for (i, id) in ids.iter().enumerate() {
        q.push_bind(if i == 0 { "{}" } else { ", {}" }, Param::Int(*id));
    }
    q.push(")");
    let mut found: Vec<PostSummary> = q
        .build()
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(summary)
        .collect::<sqlx::Result<_>>()?;
    found.sort_by_key(|p| ids.iter().position(|id| *id == p.id));
    Ok(found)
}

/// The communities `user_id` is a member of, by name: where they may post.
pub async fn my_communities(db: &Db, user_id: i64) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query(
        "SELECT c.id, c.name FROM community_members m JOIN communities c ON c.id = m.community_id \
         WHERE m.user_id = $1 ORDER BY c.name_key",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect()
}

/// A row of [`SUMMARY_COLUMNS`] followed by the post's body.
fn summary_and_body(row: &AnyRow) -> sqlx::Result<(PostSummary, String)> {
    Ok((summary(row)?, row.try_get(19)?))
}

/// Posts `ids` with their bodies, in the order of `ids`, for a caller that already applied the
/// privacy rule.
pub async fn with_bodies(db: &Db, ids: &[i64]) -> sqlx::Result<Vec<(PostSummary, String)>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = SqlBuilder::new(format!(
        "SELECT {SUMMARY_COLUMNS}, p.body FROM {SUMMARY_FROM} WHERE p.id IN ("
    ));
    for (i, id) in ids.iter().enumerate() {
        q.push_bind(if i == 0 { "{}" } else { ", {}" }, Param::Int(*id));
    }
    q.push(")");
    let mut found: Vec<(PostSummary, String)> = q
        .build()
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(summary_and_body)
        .collect::<sqlx::Result<_>>()?;
    found.sort_by_key(|(p, _)| ids.iter().position(|id| *id == p.id));
    Ok(found)
}

/// A page of a ranked search: its posts with their bodies, and how many posts were ranked.
pub struct VisiblePage {
    pub posts: Vec<(PostSummary, String)>,
    pub ranked: i64,
}

/// The posts ranked by `ranking` (a query of `post_id, round`, best round first, newest first
/// within a round) that `viewer_id` may see and that pass `filter`: `want` of them after the
/// first `skip`, with their bodies, in one statement with the ranking. PostgreSQL only.
pub async fn visible_page(
    pool: &sqlx::AnyPool,
    mut ranking: SqlBuilder,
    viewer_id: i64,
    filter: &PostFilter,
    (skip, want): (i64, i64),
) -> sqlx::Result<VisiblePage> {
    let q = &mut ranking;
    q.sql.insert_str(0, "WITH ranked AS MATERIALIZED (");
    // The ranked ids in order, each joined to its post only until the page is full: the
    // planner keeps the sorted ids' order through the nested loop, so the posts ranked as a
    // margin for those the viewer may not see are not read when the page is full without them
    // (counting every visible post read them all: 277 buffers for "process", 242 now, and a
    // tenth less of PostgreSQL's CPU per search over the benchmark's mix).
    q.push(&format!(
        "), page AS (SELECT {SUMMARY_COLUMNS}, p.body, r.round AS round \
         FROM (SELECT post_id, round FROM ranked ORDER BY round, post_id DESC) r \
         JOIN posts p ON p.id = r.post_id {SUMMARY_JOINS} WHERE "
    ));
    q.push_bind(VISIBLE, Param::Int(viewer_id));
    push_filter(q, filter);
    q.push(" ORDER BY r.round, r.post_id DESC");
    q.push_bind(" LIMIT {}", Param::Int(want));
    q.push_bind(" OFFSET {}", Param::Int(skip));
    // One row even when no ranked post may be seen: it carries how many were ranked.
    q.push(
        ") SELECT page.*, n.ranked FROM (SELECT COUNT(*) AS ranked FROM ranked) n \
         LEFT JOIN page ON true ORDER BY page.round, page.id DESC",
    );
    let rows = q.build().fetch_all(pool).await?;
    let mut page = VisiblePage {
        posts: Vec::with_capacity(rows.len()),
        ranked: 0,
    };
    for row in &rows {
        page.ranked = row.try_get(21)?;
        if row.try_get::<Option<i64>, _>(0)?.is_some() {
            page.posts.push(summary_and_body(row)?);
        }
    }
    Ok(page)
}

/// The most used tags among the posts the viewer may see.
pub async fn top_tags(db: &Db, viewer_id: i64, limit: i64) -> sqlx::Result<Vec<(String, i64)>> {
    let mut q = SqlBuilder::new(format!(
        "SELECT t.tag, COUNT(*) AS n FROM post_tags t JOIN posts p ON p.id = t.post_id {SUMMARY_JOINS} WHERE "
    ));
    q.push_bind(VISIBLE, Param::Int(viewer_id));
    q.push(" GROUP BY t.tag ORDER BY n DESC, t.tag");
    q.push_bind(" LIMIT {}", Param::Int(limit));
    q.build()
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}

// ---- writes ----

pub struct NewPost<'a> {
    pub kind: PostKind,
    pub community_id: Option<i64>,
    pub author_id: i64,
    pub text: &'a PostText,
    pub draft: bool,
}

/// Inserts a post with its first revision, tags, the author's follow and (when published) its
/// search document; returns its id.
pub async fn insert_post(
    tx: &mut Tx,
    backend: crate::db::Backend,
    post: &NewPost<'_>,
) -> sqlx::Result<i64> {
    let now = now();
    let tags = post.text.tags.join(" ");
    let status = if post.draft { "draft" } else { "published" };
    let published_at = (!post.draft).then_some(now);
    let id: i64 = sqlx::query(
        "INSERT INTO posts (kind, community_id, author_id, title, body, tags, status, revision, \
         created_at, updated_at, published_at, activity_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 1, $8, $8, $9, $8) RETURNING id",
    )
    .bind(post.kind.as_str())
    .bind(post.community_id)
    .bind(post.author_id)
    .bind(&post.text.title)
    .bind(&post.text.body)
    .bind(&tags)
    .bind(status)
    .bind(now)
    .bind(published_at)
    .fetch_one(&mut **tx)
    .await?
    .try_get(0)?;
    insert_revision(tx, id, 1, post.text, post.author_id, "").await?;
    replace_tags(tx, id, &post.text.tags).await?;
    sqlx::query("INSERT INTO post_follows (user_id, post_id, created_at) VALUES ($1, $2, $3)")
        .bind(post.author_id)
        .bind(id)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    super::search::reindex(backend, tx, id).await?;
    Ok(id)
}

async fn insert_revision(
    tx: &mut Tx,
    post_id: i64,
    number: i64,
    text: &PostText,
    author_id: i64,
    note: &str,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO post_revisions (post_id, number, title, body, tags, author_id, note, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(post_id)
    .bind(number)
    .bind(&text.title)
    .bind(&text.body)
    .bind(text.tags.join(" "))
    .bind(author_id)
    .bind(note)
    .bind(now())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn replace_tags(tx: &mut Tx, post_id: i64, tags: &[String]) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM post_tags WHERE post_id = $1")
        .bind(post_id)
        .execute(&mut **tx)
        .await?;
    for tag in tags {
        sqlx::query("INSERT INTO post_tags (post_id, tag) VALUES ($1, $2)")
            .bind(post_id)
            .bind(tag)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// Saves a new revision of a post (its text becomes the post's), publishing it when asked.
/// Returns whether the post was published by this change.
pub async fn revise(
    tx: &mut Tx,
    backend: crate::db::Backend,
    post_id: i64,
    text: &PostText,
    editor_id: i64,
    note: &str,
    publish: bool,
) -> sqlx::Result<bool> {
    let now = now();
    let row = sqlx::query("SELECT revision, status FROM posts WHERE id = $1")
        .bind(post_id)
        .fetch_one(&mut **tx)
        .await?;
    let number: i64 = row.try_get::<i64, _>(0)? + 1;
    let was_draft = row.try_get::<String, _>(1)? == "draft";
    let publishing = was_draft && publish;
    sqlx::query(
        "UPDATE posts SET title = $1, body = $2, tags = $3, revision = $4, updated_at = $5, \
         activity_at = $5, status = CASE WHEN $6 = 1 THEN 'published' ELSE status END, \
         published_at = CASE WHEN $6 = 1 THEN $5 ELSE published_at END WHERE id = $7",
    )
    .bind(&text.title)
    .bind(&text.body)
    .bind(text.tags.join(" "))
    .bind(number)
    .bind(now)
    .bind(i64::from(publishing))
    .bind(post_id)
    .execute(&mut **tx)
    .await?;
    insert_revision(tx, post_id, number, text, editor_id, note).await?;
    replace_tags(tx, post_id, &text.tags).await?;
    super::search::reindex(backend, tx, post_id).await?;
    Ok(publishing)
}

pub async fn delete_post(db: &Db, post_id: i64) -> sqlx::Result<()> {
    let mut tx = db.pool.begin().await?;
    super::search::remove(db.backend, &mut tx, post_id).await?;
    sqlx::query("DELETE FROM posts WHERE id = $1")
        .bind(post_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await
}

pub async fn revisions(db: &Db, post_id: i64) -> sqlx::Result<Vec<Revision>> {
    sqlx::query(
        "SELECT r.number, r.title, r.tags, r.author_id, u.name, r.note, r.created_at \
         FROM post_revisions r LEFT JOIN users u ON u.id = r.author_id \
         WHERE r.post_id = $1 ORDER BY r.number DESC",
    )
    .bind(post_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(revision)
    .collect()
}

fn revision(r: &AnyRow) -> sqlx::Result<Revision> {
    Ok(Revision {
        number: r.try_get(0)?,
        title: r.try_get(1)?,
        tags: split_tags(&r.try_get::<String, _>(2)?),
        author: author(r.try_get(3)?, r.try_get(4)?),
        note: r.try_get(5)?,
        created_at: r.try_get(6)?,
    })
}

/// A revision and its body.
pub async fn revision_body(
    db: &Db,
    post_id: i64,
    number: i64,
) -> sqlx::Result<Option<(Revision, String)>> {
    sqlx::query(
        "SELECT r.number, r.title, r.tags, r.author_id, u.name, r.note, r.created_at, r.body \
         FROM post_revisions r LEFT JOIN users u ON u.id = r.author_id \
         WHERE r.post_id = $1 AND r.number = $2",
    )
    .bind(post_id)
    .bind(number)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| Ok((revision(&r)?, r.try_get(7)?)))
    .transpose()
}

// ---- answers and comments ----

pub async fn answers(db: &Db, post_id: i64, viewer_id: i64) -> sqlx::Result<Vec<Answer>> {
    sqlx::query(
        "SELECT a.id, a.author_id, u.name, a.body, a.score, a.hidden_at, a.created_at, \
         COALESCE(v.value, 0) \
         FROM answers a LEFT JOIN users u ON u.id = a.author_id \
         LEFT JOIN votes v ON v.target = 'answer' AND v.target_id = a.id AND v.user_id = $2 \
         WHERE a.post_id = $1 ORDER BY a.score DESC, a.id",
    )
    .bind(post_id)
    .bind(viewer_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        let body: String = r.try_get(3)?;
        Ok(Answer {
            id: r.try_get(0)?,
            author: author(r.try_get(1)?, r.try_get(2)?),
            body_html: crate::markdown::render(&body),
            body,
            score: r.try_get(4)?,
            accepted: false,
            hidden: r.try_get::<Option<i64>, _>(5)?.is_some(),
            created_at: r.try_get(6)?,
            my_vote: r.try_get(7)?,
            comments: Vec::new(),
        })
    })
    .collect()
}

pub async fn comments(db: &Db, post_id: i64) -> sqlx::Result<Vec<Comment>> {
    sqlx::query(
        "SELECT c.id, c.answer_id, c.author_id, u.name, c.body, c.hidden_at, c.created_at \
         FROM comments c LEFT JOIN users u ON u.id = c.author_id WHERE c.post_id = $1 ORDER BY c.id",
    )
    .bind(post_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        let body: String = r.try_get(4)?;
        Ok(Comment {
            id: r.try_get(0)?,
            answer_id: r.try_get(1)?,
            author: author(r.try_get(2)?, r.try_get(3)?),
            body_html: crate::markdown::render(&body),
            body,
            hidden: r.try_get::<Option<i64>, _>(5)?.is_some(),
            created_at: r.try_get(6)?,
        })
    })
    .collect()
}

/// Adds an answer, recounts the question's answers, moves its activity and its search document.
pub async fn insert_answer(db: &Db, post_id: i64, author_id: i64, body: &str) -> sqlx::Result<i64> {
    let now = now();
    let mut tx = db.pool.begin().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO answers (post_id, author_id, body, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) RETURNING id",
    )
    .bind(post_id)
    .bind(author_id)
    .bind(body)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    sqlx::query(
        "UPDATE posts SET answer_count = (SELECT COUNT(*) FROM answers WHERE post_id = $1 \
         AND hidden_at IS NULL), activity_at = $2 WHERE id = $1",
    )
    .bind(post_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    super::search::reindex(db.backend, &mut tx, post_id).await?;
    tx.commit().await?;
    Ok(id)
}

/// Replaces an answer's text and its question's search document.
pub async fn update_answer(db: &Db, answer_id: i64, post_id: i64, body: &str) -> sqlx::Result<()> {
    let mut tx = db.pool.begin().await?;
    sqlx::query("UPDATE answers SET body = $1, updated_at = $2 WHERE id = $3")
        .bind(body)
        .bind(now())
        .bind(answer_id)
        .execute(&mut *tx)
        .await?;
    super::search::reindex(db.backend, &mut tx, post_id).await?;
    tx.commit().await
}

/// An answer's question and author.
pub async fn answer_owner(
    db: &Db,
    answer_id: i64,
) -> sqlx::Result<Option<(i64, Option<i64>, bool)>> {
    sqlx::query("SELECT post_id, author_id, hidden_at FROM answers WHERE id = $1")
        .bind(answer_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| {
            Ok((
                r.try_get(0)?,
                r.try_get(1)?,
                r.try_get::<Option<i64>, _>(2)?.is_some(),
            ))
        })
        .transpose()
}

pub async fn insert_comment(
    db: &Db,
    post_id: i64,
    answer_id: Option<i64>,
    author_id: i64,
    body: &str,
) -> sqlx::Result<i64> {
    let now = now();
    let mut tx = db.pool.begin().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO comments (post_id, answer_id, author_id, body, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(post_id)
    .bind(answer_id)
    .bind(author_id)
    .bind(body)
    .bind(now)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    sqlx::query(
        "UPDATE posts SET comment_count = (SELECT COUNT(*) FROM comments WHERE post_id = $1 \
         AND hidden_at IS NULL), activity_at = $2 WHERE id = $1",
    )
    .bind(post_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(id)
}

// ---- votes, acceptance, bookmarks, follows ----

/// Sets the member's vote on a post or answer (0 removes it) and recounts its score.
pub async fn set_vote(
    db: &Db,
    user_id: i64,
    target: &str,
    target_id: i64,
    post_id: i64,
    recipient_id: Option<i64>,
    value: i64,
) -> sqlx::Result<i64> {
    let mut tx = db.pool.begin().await?;
    sqlx::query("DELETE FROM votes WHERE user_id = $1 AND target = $2 AND target_id = $3")
        .bind(user_id)
        .bind(target)
        .bind(target_id)
        .execute(&mut *tx)
        .await?;
    if value != 0 {
        sqlx::query(
            "INSERT INTO votes (user_id, target, target_id, post_id, recipient_id, value, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(user_id)
        .bind(target)
        .bind(target_id)
        .bind(post_id)
        .bind(recipient_id)
        .bind(value)
        .bind(now())
        .execute(&mut *tx)
        .await?;
    }
    let table = if target == "post" { "posts" } else { "answers" };
    let sql = format!(
        "UPDATE {table} SET score = (SELECT COALESCE(SUM(value), 0) FROM votes \
         WHERE target = $1 AND target_id = $2) WHERE id = $2 RETURNING score"
    );
    let score: i64 = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(target)
        .bind(target_id)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
    tx.commit().await?;
    Ok(score)
}

pub async fn my_vote(db: &Db, user_id: i64, target: &str, target_id: i64) -> sqlx::Result<i64> {
    Ok(
        sqlx::query(
            "SELECT value FROM votes WHERE user_id = $1 AND target = $2 AND target_id = $3",
        )
        .bind(user_id)
        .bind(target)
        .bind(target_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.try_get(0))
        .transpose()?
        .unwrap_or(0),
    )
}

pub async fn set_accepted(db: &Db, post_id: i64, answer_id: Option<i64>) -> sqlx::Result<()> {
    sqlx::query("UPDATE posts SET accepted_answer_id = $1, accepted_at = $2 WHERE id = $3")
        .bind(answer_id)
        .bind(answer_id.map(|_| now()))
        .bind(post_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Whether a (user, key) row exists in `table` (bookmarks, post_follows: key post_id;
/// tag_follows: key tag).
pub async fn has(db: &Db, table: Mark, user_id: i64, key: &Param) -> sqlx::Result<bool> {
    let mut q = SqlBuilder::new(format!("SELECT 1 FROM {} WHERE user_id = ", table.table()));
    q.push_bind("{}", Param::Int(user_id));
    q.push_bind(&format!(" AND {} = {{}}", table.key()), key.clone());
    Ok(q.build().fetch_optional(&db.pool).await?.is_some())
}

/// Adds or removes a (user, key) row; idempotent.
pub async fn set_mark(
    db: &Db,
    table: Mark,
    user_id: i64,
    key: &Param,
    on: bool,
) -> sqlx::Result<()> {
    let mut q = SqlBuilder::new(format!("DELETE FROM {} WHERE user_id = ", table.table()));
    q.push_bind("{}", Param::Int(user_id));
    q.push_bind(&format!(" AND {} = {{}}", table.key()), key.clone());
    let mut tx = db.pool.begin().await?;
    q.build().execute(&mut *tx).await?;
    if on {
        let mut q = SqlBuilder::new(format!(
            "INSERT INTO {} (user_id, {}, created_at) VALUES (",
            table.table(),
            table.key()
        ));
        q.push_bind("{}", Param::Int(user_id));
        q.push_bind(", {}", key.clone());
        q.push_bind(", {})", Param::Int(now()));
        q.build().execute(&mut *tx).await?;
    }
    tx.commit().await
}

/// The member-to-thing marks: bookmarks and follows.
#[derive(Debug, Clone, Copy)]
pub enum Mark {
    Bookmark,
    FollowPost,
    FollowTag,
}

impl Mark {
    fn table(self) -> &'static str {
        match self {
            Mark::Bookmark => "bookmarks",
            Mark::FollowPost => "post_follows",
            Mark::FollowTag => "tag_follows",
        }
    }

    fn key(self) -> &'static str {
        match self {
            Mark::FollowTag => "tag",
            _ => "post_id",
        }
    }
}

pub async fn followed_tags(db: &Db, user_id: i64) -> sqlx::Result<Vec<String>> {
    sqlx::query("SELECT tag FROM tag_follows WHERE user_id = $1 ORDER BY tag")
        .bind(user_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect()
}

/// Members following the post, or (when `tags` is given) any of those tags.
pub async fn followers(db: &Db, post_id: i64, tags: &[String]) -> sqlx::Result<Vec<i64>> {
    let mut q = SqlBuilder::new("SELECT user_id FROM post_follows WHERE post_id = ");
    q.push_bind("{}", Param::Int(post_id));
    for tag in tags {
        q.push_bind(
            " UNION SELECT user_id FROM tag_follows WHERE tag = {}",
            Param::Text(tag.clone()),
        );
    }
    q.build()
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect()
}

/// Of `user_ids`, the active members who may see a post of community `community_id`.
pub async fn who_may_see(
    db: &Db,
    community_id: Option<i64>,
    private: bool,
    user_ids: &[i64],
) -> sqlx::Result<Vec<i64>> {
    if user_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = SqlBuilder::new("SELECT u.id FROM users u WHERE u.active = 1 AND u.id IN (");
    for (i, id) in user_ids.iter().enumerate() {
        q.push_bind(if i == 0 { "{}" } else { ", {}" }, Param::Int(*id));
    }
    q.push(")");
    if let (Some(c), true) = (community_id, private) {
        q.push_bind(
            " AND EXISTS (SELECT 1 FROM community_members cm WHERE cm.community_id = {} AND cm.user_id = u.id)",
            Param::Int(c),
        );
    }
    q.build()
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect()
}

/// Active members whose name, folded and with its words joined by dots, is one of `handles`
/// (how `@ana.ferreira` mentions Ana Ferreira).
pub async fn members_by_handle(db: &Db, handles: &[String]) -> sqlx::Result<Vec<i64>> {
    if handles.is_empty() {
        return Ok(Vec::new());
    }
    // Candidates share the handle's first word as a name prefix; the exact rule is checked here.
    let mut found = Vec::new();
    for handle in handles.iter().take(10) {
        let first = handle.split('.').next().unwrap_or_default();
        let words = crate::db::dialect::search_words(first);
        let Some(query) = db.backend.prefix_query(&words) else {
            continue;
        };
        let (from, matches) = db.backend.member_search_join(1);
        let sql =
            format!("SELECT u.id, u.name FROM {from} WHERE {matches} AND u.active = 1 LIMIT 500");
        for row in sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(query)
            .fetch_all(&db.pool)
            .await?
        {
            let name: String = row.try_get(1)?;
            if super::model::handle(&name) == *handle {
                found.push(row.try_get(0)?);
            }
        }
    }
    found.sort_unstable();
    found.dedup();
    Ok(found)
}

// ---- unanswered questions ----

/// Published, open questions without an answer, published before `before`, that the router has
/// not considered yet, oldest first.
pub async fn unanswered(db: &Db, before: i64, limit: i64) -> sqlx::Result<Vec<PostSummary>> {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM {SUMMARY_FROM} WHERE p.kind = 'question' AND p.answer_count = 0 \
         AND p.status = 'published' AND p.hidden_at IS NULL AND p.locked_at IS NULL AND p.published_at <= $1 \
         AND p.routed_at IS NULL ORDER BY p.published_at LIMIT $2"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(before)
        .bind(limit)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(summary)
        .collect()
}

/// Records that the router has considered question `post_id`.
pub async fn mark_routed(db: &Db, post_id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE posts SET routed_at = $1 WHERE id = $2")
        .bind(crate::db::now())
        .bind(post_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Members likely to know about `tags`: their skill (a skill whose name, as a tag, is one of
/// them) at level 3 or more, and their accepted answers on questions with those tags. Excludes
/// inactive members, those who muted suggestions, and those already asked about `post_id`.
pub async fn likely_experts(
    db: &Db,
    post_id: i64,
    tags: &[String],
) -> sqlx::Result<Vec<(i64, i64, String)>> {
    if tags.is_empty() {
        return Ok(Vec::new());
    }
    let mut q = SqlBuilder::new(
        "SELECT ms.user_id, ms.level, s.name FROM member_skills ms JOIN skills s ON s.id = ms.skill_id \
         WHERE ms.level >= 3 AND LOWER(REPLACE(s.name, ' ', '-')) IN (",
    );
    for (i, t) in tags.iter().enumerate() {
        q.push_bind(if i == 0 { "{}" } else { ", {}" }, Param::Text(t.clone()));
    }
    q.push(")");
    let mut candidates: Vec<(i64, i64, String)> = Vec::new();
    for r in q.build().fetch_all(&db.pool).await? {
        let level: i64 = r.try_get(1)?;
        let name: String = r.try_get(2)?;
        candidates.push((r.try_get(0)?, level, format!("level {level} in {name}")));
    }
    let mut q = SqlBuilder::new(
        "SELECT a.author_id, COUNT(*) FROM posts p JOIN answers a ON a.id = p.accepted_answer_id \
         JOIN post_tags t ON t.post_id = p.id WHERE a.author_id IS NOT NULL AND t.tag IN (",
    );
    for (i, t) in tags.iter().enumerate() {
        q.push_bind(if i == 0 { "{}" } else { ", {}" }, Param::Text(t.clone()));
    }
    q.push(") GROUP BY a.author_id");
    for r in q.build().fetch_all(&db.pool).await? {
        let n: i64 = r.try_get(1)?;
        candidates.push((
            r.try_get(0)?,
            2 * n,
            format!(
                "{n} accepted answer{} on {}",
                if n == 1 { "" } else { "s" },
                tags.join(", ")
            ),
        ));
    }
    // Drop the muted and the already asked.
    let excluded: Vec<i64> = sqlx::query(
        "SELECT user_id FROM member_settings WHERE mute_question_routing = 1 \
         UNION SELECT user_id FROM question_routes WHERE post_id = $1",
    )
    .bind(post_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<sqlx::Result<_>>()?;
    candidates.retain(|(id, _, _)| !excluded.contains(id));
    Ok(candidates)
}

pub async fn record_route(db: &Db, post_id: i64, user_id: i64, reason: &str) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO question_routes (post_id, user_id, reason, created_at) VALUES ($1, $2, $3, $4)",
    )
    .bind(post_id)
    .bind(user_id)
    .bind(reason)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(())
}
