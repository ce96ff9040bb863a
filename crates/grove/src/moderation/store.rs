//! SQL for moderation. Who may flag, see the queue or act is decided in the service; the queue
//! and log reads still carry their scope in the WHERE clause, so no list or count can include
//! content the viewer may not moderate.
//!
//! Every action runs in one transaction: the content's change, the recounts, the search
//! document, the flags it resolves, the log entry and the author's notification commit together.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::model::{Action, Flag, FlagNote, FlagReason, FlagStatus, LogEntry, Target};
use crate::communities::model::Visibility;
use crate::db::{Db, Param, SqlBuilder, now};
use crate::notifications::model::NewNotification;

/// A post, answer or comment with what moderation needs to know about it.
#[derive(Debug, Clone)]
pub struct Content {
    pub target: Target,
    pub target_id: i64,
    pub post_id: i64,
    pub community_id: Option<i64>,
    pub community_name: Option<String>,
    /// The community's visibility; None for organization-wide content.
    pub visibility: Option<Visibility>,
    pub author_id: Option<i64>,
    pub author: String,
    pub post_title: String,
    /// The content's own text (a post's body, an answer's, a comment's).
    pub body: String,
    pub published: bool,
    pub hidden: bool,
    /// The post (or the answer a comment is on) is hidden.
    pub parent_hidden: bool,
    pub locked: bool,
}

const POST: &str = "SELECT p.id AS post_id, p.community_id, c.name AS community_name, c.visibility, p.author_id, \
     COALESCE(u.name, '') AS author, p.title, p.body, p.status, p.hidden_at, \
     CAST(NULL AS BIGINT) AS parent_hidden, p.locked_at \
     FROM posts p LEFT JOIN communities c ON c.id = p.community_id \
     LEFT JOIN users u ON u.id = p.author_id WHERE p.id = $1";

const ANSWER: &str = "SELECT p.id AS post_id, p.community_id, c.name AS community_name, c.visibility, x.author_id, \
     COALESCE(u.name, '') AS author, p.title, x.body, p.status, x.hidden_at, \
     p.hidden_at AS parent_hidden, p.locked_at \
     FROM answers x JOIN posts p ON p.id = x.post_id \
     LEFT JOIN communities c ON c.id = p.community_id \
     LEFT JOIN users u ON u.id = x.author_id WHERE x.id = $1";

const COMMENT: &str = "SELECT p.id AS post_id, p.community_id, c.name AS community_name, c.visibility, x.author_id, \
     COALESCE(u.name, '') AS author, p.title, x.body, p.status, x.hidden_at, \
     COALESCE(p.hidden_at, a.hidden_at) AS parent_hidden, p.locked_at \
     FROM comments x JOIN posts p ON p.id = x.post_id \
     LEFT JOIN answers a ON a.id = x.answer_id \
     LEFT JOIN communities c ON c.id = p.community_id \
     LEFT JOIN users u ON u.id = x.author_id WHERE x.id = $1";

/// The post, answer or comment, if it exists.
pub async fn content(db: &Db, target: Target, id: i64) -> sqlx::Result<Option<Content>> {
    let sql = match target {
        Target::Post => POST,
        Target::Answer => ANSWER,
        Target::Comment => COMMENT,
    };
    sqlx::query(sql)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| {
            Ok(Content {
                target,
                target_id: id,
                post_id: r.try_get("post_id")?,
                community_id: r.try_get("community_id")?,
                community_name: r.try_get("community_name")?,
                visibility: r
                    .try_get::<Option<String>, _>("visibility")?
                    .map(|v| Visibility::from_db(&v)),
                author_id: r.try_get("author_id")?,
                author: r.try_get("author")?,
                post_title: r.try_get("title")?,
                body: r.try_get("body")?,
                published: r.try_get::<String, _>("status")? == "published",
                hidden: r.try_get::<Option<i64>, _>("hidden_at")?.is_some(),
                parent_hidden: r.try_get::<Option<i64>, _>("parent_hidden")?.is_some(),
                locked: r.try_get::<Option<i64>, _>("locked_at")?.is_some(),
            })
        })
        .transpose()
}

/// The member's role in a community ("owner", "moderator", "member"), if a member.
pub async fn role_in(db: &Db, community_id: i64, user_id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query("SELECT role FROM community_members WHERE community_id = $1 AND user_id = $2")
        .bind(community_id)
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.try_get(0))
        .transpose()
}

/// Whether the member is an owner or moderator of any community.
pub async fn moderates_any(db: &Db, user_id: i64) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "SELECT COUNT(*) FROM community_members WHERE user_id = $1 AND role IN ('owner', 'moderator')",
    )
    .bind(user_id)
    .fetch_one(&db.pool)
    .await?
    .try_get::<i64, _>(0)?
        > 0)
}

/// Records a flag; None if the reporter already has an open flag on the target.
pub async fn insert_flag(
    db: &Db,
    content: &Content,
    reporter: i64,
    reason: FlagReason,
    note: &str,
) -> sqlx::Result<Option<Flag>> {
    let at = now();
    let id: Option<i64> = sqlx::query(
        "INSERT INTO flags (target, target_id, post_id, reporter_id, reason, note, status, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, 'open', $7) \
         ON CONFLICT (reporter_id, target, target_id) WHERE status = 'open' DO NOTHING RETURNING id",
    )
    .bind(content.target.as_str())
    .bind(content.target_id)
    .bind(content.post_id)
    .bind(reporter)
    .bind(reason.as_str())
    .bind(note)
    .bind(at)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| r.try_get(0))
    .transpose()?;
    Ok(id.map(|id| Flag {
        id,
        target: content.target,
        target_id: content.target_id,
        post_id: content.post_id,
        reason,
        note: note.to_string(),
        status: FlagStatus::Open,
        created_at: at,
    }))
}

/// Applies a moderator's action in one transaction; false (and nothing written) when there was
/// nothing to do: already hidden, not hidden, no open flags, already (un)locked.
pub async fn apply(
    db: &Db,
    actor: i64,
    content: &Content,
    action: Action,
    reason: &str,
    notifications: &[NewNotification],
) -> sqlx::Result<Option<i64>> {
    let mut tx = db.pool.begin().await?;
    let at = now();
    let table = match content.target {
        Target::Post => "posts",
        Target::Answer => "answers",
        Target::Comment => "comments",
    };
    let changed = match action {
        Action::Hide => {
            let sql =
                format!("UPDATE {table} SET hidden_at = $1 WHERE id = $2 AND hidden_at IS NULL");
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(at)
                .bind(content.target_id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1
        }
        Action::Restore => {
            let sql = format!(
                "UPDATE {table} SET hidden_at = NULL WHERE id = $1 AND hidden_at IS NOT NULL"
            );
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .bind(content.target_id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1
        }
        Action::Lock => {
            sqlx::query("UPDATE posts SET locked_at = $1 WHERE id = $2 AND locked_at IS NULL")
                .bind(at)
                .bind(content.post_id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1
        }
        Action::Unlock => {
            sqlx::query("UPDATE posts SET locked_at = NULL WHERE id = $1 AND locked_at IS NOT NULL")
                .bind(content.post_id)
                .execute(&mut *tx)
                .await?
                .rows_affected()
                == 1
        }
        // Dismissing changes only the flags: something to do if any is open.
        Action::Dismiss => true,
    };
    if !changed {
        return Ok(None);
    }
    if let Some(status) = action.resolves_flags_as() {
        let resolved = sqlx::query(
            "UPDATE flags SET status = $1, resolved_by = $2, resolved_at = $3 \
             WHERE target = $4 AND target_id = $5 AND status = 'open'",
        )
        .bind(status.as_str())
        .bind(actor)
        .bind(at)
        .bind(content.target.as_str())
        .bind(content.target_id)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        if action == Action::Dismiss && resolved == 0 {
            return Ok(None);
        }
    }
    if matches!(action, Action::Hide | Action::Restore) {
        // The counts are of visible answers and comments; the search document holds only
        // visible text.
        sqlx::query(
            "UPDATE posts SET \
             answer_count = (SELECT COUNT(*) FROM answers WHERE post_id = $1 AND hidden_at IS NULL), \
             comment_count = (SELECT COUNT(*) FROM comments WHERE post_id = $1 AND hidden_at IS NULL) \
             WHERE id = $1",
        )
        .bind(content.post_id)
        .execute(&mut *tx)
        .await?;
        crate::knowledge::search::reindex(db.backend, &mut tx, content.post_id).await?;
    }
    let id: i64 = sqlx::query(
        "INSERT INTO moderation_log (actor_id, action, target, target_id, post_id, community_id, reason, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
    )
    .bind(actor)
    .bind(action.as_str())
    .bind(content.target.as_str())
    .bind(content.target_id)
    .bind(content.post_id)
    .bind(content.community_id)
    .bind(reason)
    .bind(at)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    crate::notifications::store::insert_in(&mut tx, db.backend, notifications).await?;
    tx.commit().await?;
    Ok(Some(id))
}

/// The part of a WHERE clause that keeps the posts (`p`) whose content the viewer moderates:
/// for admins, organization-wide posts and those of every community they may see (private ones
/// only as members); for everyone, the communities they own or moderate.
fn moderated_posts(b: &mut SqlBuilder, viewer: i64, admin: bool) {
    let v = b.bind(Param::Int(viewer));
    b.push(&format!(
        "(p.community_id IN (SELECT community_id FROM community_members \
         WHERE user_id = ${v} AND role IN ('owner', 'moderator'))"
    ));
    if admin {
        b.push(&format!(
            " OR p.community_id IS NULL OR p.community_id IN (SELECT c.id FROM communities c \
             WHERE c.visibility <> 'private' OR c.id IN (SELECT community_id FROM community_members WHERE user_id = ${v}))"
        ));
    }
    b.push(")");
}

/// One group of the queue: the flagged content and how many open flags it has.
#[derive(Debug, Clone)]
pub struct QueueRow {
    pub target: Target,
    pub target_id: i64,
    pub post_id: i64,
    pub flag_count: i64,
    pub first_flagged_at: i64,
}

/// One page of the flagged content the viewer moderates, most flagged first; and how many in
/// all.
pub async fn queue(
    db: &Db,
    viewer: i64,
    admin: bool,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(i64, Vec<QueueRow>)> {
    let from = |b: &mut SqlBuilder| {
        b.push(" FROM flags f JOIN posts p ON p.id = f.post_id WHERE f.status = 'open' AND ");
        moderated_posts(b, viewer, admin);
        b.push(" GROUP BY f.target, f.target_id, f.post_id");
    };
    let mut count = SqlBuilder::new("SELECT COUNT(*) FROM (SELECT f.target");
    from(&mut count);
    count.push(") g");
    let total: i64 = count.build().fetch_one(&db.pool).await?.try_get(0)?;
    let mut page = SqlBuilder::new(
        "SELECT f.target, f.target_id, f.post_id, COUNT(*) AS flag_count, MIN(f.created_at) AS first_at",
    );
    from(&mut page);
    page.push(" ORDER BY flag_count DESC, first_at, f.target, f.target_id");
    page.push_bind(" LIMIT {}", Param::Int(limit));
    page.push_bind(" OFFSET {}", Param::Int(offset));
    let rows = page
        .build()
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(QueueRow {
                target: Target::from_db(&r.try_get::<String, _>("target")?),
                target_id: r.try_get("target_id")?,
                post_id: r.try_get("post_id")?,
                flag_count: r.try_get("flag_count")?,
                first_flagged_at: r.try_get("first_at")?,
            })
        })
        .collect::<sqlx::Result<_>>()?;
    Ok((total, rows))
}

/// The open flags on these posts and their answers and comments, oldest first, each with its
/// target.
pub async fn open_flags(db: &Db, post_ids: &[i64]) -> sqlx::Result<Vec<(Target, i64, FlagNote)>> {
    if post_ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut b = SqlBuilder::new(
        "SELECT f.target, f.target_id, f.reason, f.note, f.created_at, COALESCE(u.name, '') AS reporter \
         FROM flags f LEFT JOIN users u ON u.id = f.reporter_id WHERE f.status = 'open' AND f.post_id IN (",
    );
    for (i, id) in post_ids.iter().enumerate() {
        if i > 0 {
            b.push(", ");
        }
        b.push_bind("{}", Param::Int(*id));
    }
    b.push(") ORDER BY f.id");
    b.build()
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok((
                Target::from_db(&r.try_get::<String, _>("target")?),
                r.try_get("target_id")?,
                FlagNote {
                    reason: FlagReason::from_db(&r.try_get::<String, _>("reason")?),
                    note: r.try_get("note")?,
                    reporter: r.try_get("reporter")?,
                    created_at: r.try_get("created_at")?,
                },
            ))
        })
        .collect()
}

/// Whether a log entry's target is hidden now, as a column (`hidden_now`, 0 or 1).
const HIDDEN_NOW: &str = "CAST(CASE \
     WHEN l.target = 'post' THEN (CASE WHEN p.hidden_at IS NULL THEN 0 ELSE 1 END) \
     WHEN l.target = 'answer' THEN (SELECT COUNT(*) FROM answers x WHERE x.id = l.target_id AND x.hidden_at IS NOT NULL) \
     ELSE (SELECT COUNT(*) FROM comments x WHERE x.id = l.target_id AND x.hidden_at IS NOT NULL) \
     END AS BIGINT) AS hidden_now";

fn log_entry(r: &AnyRow) -> sqlx::Result<LogEntry> {
    let community_id: Option<i64> = r.try_get("community_id")?;
    // A private community's name and posts are for its members only, admins included.
    let visible = community_id.is_none()
        || r.try_get::<Option<String>, _>("visibility")?.as_deref() != Some("private")
        || r.try_get::<Option<i64>, _>("member")?.is_some();
    Ok(LogEntry {
        id: r.try_get("id")?,
        actor_id: r.try_get("actor_id")?,
        actor: r.try_get("actor")?,
        action: Action::parse(&r.try_get::<String, _>("action")?).unwrap_or(Action::Dismiss),
        target: Target::from_db(&r.try_get::<String, _>("target")?),
        target_id: r.try_get("target_id")?,
        post_id: r.try_get("post_id")?,
        post_title: if visible { r.try_get("title")? } else { None },
        community_id,
        community_name: if visible { r.try_get("name")? } else { None },
        reason: r.try_get("reason")?,
        created_at: r.try_get("created_at")?,
        hidden_now: r.try_get::<i64, _>("hidden_now")? > 0,
    })
}

/// One page of the log, newest first: for admins every entry, for others the entries of the
/// communities they own or moderate; and how many in all.
pub async fn log(
    db: &Db,
    viewer: i64,
    admin: bool,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(i64, Vec<LogEntry>)> {
    let scope = |b: &mut SqlBuilder| {
        if !admin {
            b.push_bind(
                " WHERE l.community_id IN (SELECT community_id FROM community_members \
                 WHERE user_id = {} AND role IN ('owner', 'moderator'))",
                Param::Int(viewer),
            );
        }
    };
    let mut count = SqlBuilder::new("SELECT COUNT(*) FROM moderation_log l");
    scope(&mut count);
    let total: i64 = count.build().fetch_one(&db.pool).await?.try_get(0)?;
    let mut page = SqlBuilder::new(format!(
        "SELECT l.id, l.actor_id, COALESCE(u.name, '') AS actor, l.action, l.target, l.target_id, \
         l.post_id, l.community_id, l.reason, l.created_at, p.title, c.name, c.visibility, m.user_id AS member, \
         {HIDDEN_NOW} \
         FROM moderation_log l LEFT JOIN users u ON u.id = l.actor_id \
         LEFT JOIN posts p ON p.id = l.post_id LEFT JOIN communities c ON c.id = l.community_id"
    ));
    page.push_bind(
        " LEFT JOIN community_members m ON m.community_id = l.community_id AND m.user_id = {}",
        Param::Int(viewer),
    );
    scope(&mut page);
    page.push(" ORDER BY l.id DESC");
    page.push_bind(" LIMIT {}", Param::Int(limit));
    page.push_bind(" OFFSET {}", Param::Int(offset));
    let items = page
        .build()
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(log_entry)
        .collect::<sqlx::Result<_>>()?;
    Ok((total, items))
}

/// One entry of the log (as written by [`apply`]), read back for the moderator who wrote it.
pub async fn log_entry_by_id(db: &Db, viewer: i64, id: i64) -> sqlx::Result<Option<LogEntry>> {
    let sql = format!(
        "SELECT l.id, l.actor_id, COALESCE(u.name, '') AS actor, l.action, l.target, l.target_id, \
         l.post_id, l.community_id, l.reason, l.created_at, p.title, c.name, c.visibility, m.user_id AS member, \
         {HIDDEN_NOW} \
         FROM moderation_log l LEFT JOIN users u ON u.id = l.actor_id \
         LEFT JOIN posts p ON p.id = l.post_id LEFT JOIN communities c ON c.id = l.community_id \
         LEFT JOIN community_members m ON m.community_id = l.community_id AND m.user_id = $1 \
         WHERE l.id = $2"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(viewer)
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .as_ref()
        .map(log_entry)
        .transpose()
}
