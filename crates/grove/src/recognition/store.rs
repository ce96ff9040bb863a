//! SQL for recognition. Kudos are the only rows this module writes; reputation, leaderboards and
//! badges are read from the knowledge and mentorship tables through [`EVENTS`], one list of
//! everything that earns or costs points, so every total is computed by the same rules.
//!
//! Every read that lists kudos or counts points carries the privacy rule in its WHERE clause:
//! content of a private community counts (and shows) only for its members.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::model::{Kudos, PersonRef, PostRef, Reason, ValueRef};
use crate::communities::model::Visibility;
use crate::db::{Db, Param, SqlBuilder, now};
use crate::notifications::model::NewNotification;

/// Everything that earns or costs reputation, one row per event: who earns it, the points, when
/// (the moment that earned it), the community and post it is about, and why. Hidden content and
/// drafts earn nothing; nobody earns points from their own votes or by accepting their own
/// answer. The rules are documented in docs/recognition.md.
pub const EVENTS: &str = "\
SELECT a.author_id AS user_id, CAST(15 AS BIGINT) AS points, p.accepted_at AS happened_at, p.community_id AS community_id, p.id AS post_id, 'accepted_answer' AS reason \
FROM posts p JOIN answers a ON a.id = p.accepted_answer_id \
WHERE p.accepted_at IS NOT NULL AND p.status = 'published' AND p.hidden_at IS NULL AND a.hidden_at IS NULL \
AND a.author_id IS NOT NULL AND (p.author_id IS NULL OR a.author_id <> p.author_id) \
UNION ALL \
SELECT v.recipient_id, CAST(CASE WHEN v.value < 0 THEN -2 WHEN v.target = 'answer' THEN 10 ELSE 5 END AS BIGINT), v.created_at, p.community_id, p.id, \
CASE WHEN v.value < 0 THEN 'downvote' WHEN v.target = 'answer' THEN 'answer_upvote' ELSE 'post_upvote' END \
FROM votes v JOIN posts p ON p.id = v.post_id LEFT JOIN answers va ON v.target = 'answer' AND va.id = v.target_id \
WHERE v.recipient_id IS NOT NULL AND v.recipient_id <> v.user_id AND v.value <> 0 AND p.status = 'published' AND p.hidden_at IS NULL \
AND (v.target = 'post' OR (va.id IS NOT NULL AND va.hidden_at IS NULL)) \
UNION ALL \
SELECT p.author_id, CAST(10 AS BIGINT), p.published_at, p.community_id, p.id, 'published' \
FROM posts p WHERE p.kind <> 'question' AND p.status = 'published' AND p.hidden_at IS NULL \
AND p.author_id IS NOT NULL AND p.published_at IS NOT NULL \
UNION ALL \
SELECT k.to_id, CAST(20 AS BIGINT), k.created_at, kp.community_id, k.post_id, 'kudos' \
FROM kudos k LEFT JOIN posts kp ON kp.id = k.post_id";

/// Which events a total counts.
#[derive(Debug, Clone)]
pub struct Scope {
    /// Events at or after this moment only.
    pub since: Option<i64>,
    /// One community's events only (the caller has checked the viewer may see it).
    pub community: Option<i64>,
    /// Events about posts with this tag only.
    pub tag: Option<String>,
    /// Outside a named community: whose view of private communities applies.
    pub seen_by: SeenBy,
}

#[derive(Debug, Clone, Copy)]
pub enum SeenBy {
    /// No private community's content: what everyone may see.
    Everyone,
    /// Private communities' content too, of those this member belongs to.
    Member(i64),
}

impl Scope {
    pub fn everyone() -> Scope {
        Scope {
            since: None,
            community: None,
            tag: None,
            seen_by: SeenBy::Everyone,
        }
    }

    pub fn seen_by(viewer: i64) -> Scope {
        Scope {
            seen_by: SeenBy::Member(viewer),
            ..Scope::everyone()
        }
    }

    /// The conditions on `e` (an event) and `c` (its community, left-joined).
    fn push(&self, b: &mut SqlBuilder) {
        if let Some(since) = self.since {
            b.push_bind(" AND e.happened_at >= {}", Param::Int(since));
        }
        match self.community {
            Some(community) => {
                b.push_bind(" AND e.community_id = {}", Param::Int(community));
            }
            None => match self.seen_by {
                SeenBy::Everyone => {
                    b.push(" AND (e.community_id IS NULL OR c.visibility <> 'private')");
                }
                SeenBy::Member(viewer) => {
                    b.push_bind(
                        " AND (e.community_id IS NULL OR c.visibility <> 'private' OR EXISTS \
                         (SELECT 1 FROM community_members sm WHERE sm.community_id = e.community_id AND sm.user_id = {}))",
                        Param::Int(viewer),
                    );
                }
            },
        }
        if let Some(tag) = &self.tag {
            b.push_bind(
                " AND EXISTS (SELECT 1 FROM post_tags st WHERE st.post_id = e.post_id AND st.tag = {})",
                Param::Text(tag.clone()),
            );
        }
    }
}

fn events_from() -> String {
    format!("FROM ({EVENTS}) e LEFT JOIN communities c ON c.id = e.community_id")
}

/// The top members by points in the scope: active members who have not opted out, with more
/// than 0 points; most points first, then by name.
pub async fn leaderboard(
    db: &Db,
    scope: &Scope,
    limit: i64,
) -> sqlx::Result<Vec<(PersonRef, i64)>> {
    let mut b = SqlBuilder::new(format!(
        "SELECT e.user_id, u.name, u.title, CAST(SUM(e.points) AS BIGINT) AS total {} \
         JOIN users u ON u.id = e.user_id LEFT JOIN member_settings ms ON ms.user_id = e.user_id \
         WHERE u.active = 1 AND (ms.leaderboard_opt_out IS NULL OR ms.leaderboard_opt_out = 0)",
        events_from()
    ));
    scope.push(&mut b);
    b.push(" GROUP BY e.user_id, u.name, u.title HAVING SUM(e.points) > 0 ORDER BY total DESC, u.name, e.user_id");
    b.push_bind(" LIMIT {}", Param::Int(limit));
    b.build()
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok((
                PersonRef {
                    id: r.try_get(0)?,
                    name: r.try_get(1)?,
                    title: r.try_get(2)?,
                },
                r.try_get(3)?,
            ))
        })
        .collect()
}

/// One member's points in the scope.
pub async fn points_of(db: &Db, scope: &Scope, user_id: i64) -> sqlx::Result<i64> {
    let mut b = SqlBuilder::new(format!(
        "SELECT CAST(COALESCE(SUM(e.points), 0) AS BIGINT) {} WHERE 1 = 1",
        events_from()
    ));
    b.push_bind(" AND e.user_id = {}", Param::Int(user_id));
    scope.push(&mut b);
    b.build().fetch_one(&db.pool).await?.try_get(0)
}

/// A member's points per reason in the scope: (reason, how many times, points).
pub async fn breakdown(
    db: &Db,
    scope: &Scope,
    user_id: i64,
) -> sqlx::Result<Vec<(Reason, i64, i64)>> {
    let mut b = SqlBuilder::new(format!(
        "SELECT e.reason, COUNT(*), CAST(SUM(e.points) AS BIGINT) {} WHERE 1 = 1",
        events_from()
    ));
    b.push_bind(" AND e.user_id = {}", Param::Int(user_id));
    scope.push(&mut b);
    b.push(" GROUP BY e.reason");
    let mut out = Vec::new();
    for r in b.build().fetch_all(&db.pool).await? {
        if let Some(reason) = Reason::from_db(&r.try_get::<String, _>(0)?) {
            out.push((reason, r.try_get(1)?, r.try_get(2)?));
        }
    }
    Ok(out)
}

/// Whether the member asked to be left off leaderboards.
pub async fn opted_out(db: &Db, user_id: i64) -> sqlx::Result<bool> {
    Ok(
        sqlx::query("SELECT leaderboard_opt_out FROM member_settings WHERE user_id = $1")
            .bind(user_id)
            .fetch_optional(&db.pool)
            .await?
            .map(|r| r.try_get::<i64, _>(0))
            .transpose()?
            .unwrap_or(0)
            != 0,
    )
}

/// Records the member's choice; other settings keep their values (or defaults, for a new row).
pub async fn set_opted_out(db: &Db, user_id: i64, opt_out: bool) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO member_settings (user_id, leaderboard_opt_out) VALUES ($1, $2) \
         ON CONFLICT (user_id) DO UPDATE SET leaderboard_opt_out = excluded.leaderboard_opt_out",
    )
    .bind(user_id)
    .bind(opt_out as i64)
    .execute(&db.pool)
    .await?;
    Ok(())
}

// ---- kudos ----

/// A member as the kudos rules need them: who, and whether their account is active.
pub async fn person(db: &Db, user_id: i64) -> sqlx::Result<Option<(PersonRef, bool)>> {
    sqlx::query("SELECT id, name, title, active FROM users WHERE id = $1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| {
            Ok((
                PersonRef {
                    id: r.try_get(0)?,
                    name: r.try_get(1)?,
                    title: r.try_get(2)?,
                },
                r.try_get::<i64, _>(3)? != 0,
            ))
        })
        .transpose()
}

/// `%word%` for LIKE, with the wildcards in the word itself escaped.
fn like(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 2);
    out.push('%');
    for c in word.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

/// Active members other than `except` whose name contains every typed word, by name.
pub async fn members_named(
    db: &Db,
    typed: &str,
    except: i64,
    limit: i64,
) -> sqlx::Result<Vec<PersonRef>> {
    let mut b = SqlBuilder::new("SELECT id, name, title FROM users WHERE active = 1");
    b.push_bind(" AND id <> {}", Param::Int(except));
    for word in typed.split_whitespace() {
        b.push_bind(
            " AND LOWER(name) LIKE {} ESCAPE '\\'",
            Param::Text(like(word)),
        );
    }
    b.push_bind(" ORDER BY name, id LIMIT {}", Param::Int(limit));
    b.build()
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(PersonRef {
                id: r.try_get(0)?,
                name: r.try_get(1)?,
                title: r.try_get(2)?,
            })
        })
        .collect()
}

pub async fn value(db: &Db, value_id: i64) -> sqlx::Result<Option<ValueRef>> {
    sqlx::query("SELECT id, name FROM org_values WHERE id = $1")
        .bind(value_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| {
            Ok(ValueRef {
                id: r.try_get(0)?,
                name: r.try_get(1)?,
            })
        })
        .transpose()
}

/// A post as the kudos rules need it.
#[derive(Debug, Clone)]
pub struct PostInfo {
    pub id: i64,
    pub title: String,
    pub published: bool,
    pub hidden: bool,
    pub community: Option<(i64, Visibility)>,
}

pub async fn post(db: &Db, post_id: i64) -> sqlx::Result<Option<PostInfo>> {
    sqlx::query(
        "SELECT p.id, p.title, p.status, p.hidden_at, p.community_id, c.visibility FROM posts p \
         LEFT JOIN communities c ON c.id = p.community_id WHERE p.id = $1",
    )
    .bind(post_id)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| {
        let community: Option<i64> = r.try_get(4)?;
        let visibility: Option<String> = r.try_get(5)?;
        Ok(PostInfo {
            id: r.try_get(0)?,
            title: r.try_get(1)?,
            published: r.try_get::<String, _>(2)? == "published",
            hidden: r.try_get::<Option<i64>, _>(3)?.is_some(),
            community: community.map(|id| {
                (
                    id,
                    Visibility::from_db(visibility.as_deref().unwrap_or("private")),
                )
            }),
        })
    })
    .transpose()
}

pub async fn is_member(db: &Db, community_id: i64, user_id: i64) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "SELECT COUNT(*) FROM community_members WHERE community_id = $1 AND user_id = $2",
    )
    .bind(community_id)
    .bind(user_id)
    .fetch_one(&db.pool)
    .await?
    .try_get::<i64, _>(0)?
        > 0)
}

/// A new kudos, as the service checked it.
#[derive(Debug, Clone)]
pub struct NewKudos {
    pub from_id: i64,
    pub to_id: i64,
    pub value_id: i64,
    pub message: String,
    pub post_id: Option<i64>,
}

/// Stores a kudos and its recipient's notification in one transaction; returns its id. The
/// notification's link needs the id, so `notification` is given it.
pub async fn insert_kudos(
    db: &Db,
    kudos: &NewKudos,
    notification: impl FnOnce(i64) -> NewNotification,
) -> sqlx::Result<i64> {
    let mut tx = db.pool.begin().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO kudos (from_id, to_id, value_id, message, post_id, created_at) \
         VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(kudos.from_id)
    .bind(kudos.to_id)
    .bind(kudos.value_id)
    .bind(&kudos.message)
    .bind(kudos.post_id)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    crate::notifications::store::insert_in(&mut tx, db.backend, &[notification(id)]).await?;
    tx.commit().await?;
    Ok(id)
}

const KUDOS_COLUMNS: &str = "k.id, k.message, k.created_at, fu.id AS from_id, fu.name AS from_name, \
     fu.title AS from_title, tu.id AS to_id, tu.name AS to_name, tu.title AS to_title, ov.id AS value_id, \
     ov.name AS value_name, kp.id AS post_id, kp.title AS post_title, kp.status AS post_status, kp.hidden_at AS post_hidden";

/// `SELECT <select> FROM kudos ... WHERE <the kudos `viewer` may see>`: every kudos but those
/// about a private community's post, which only its members see.
fn visible_kudos(viewer: i64, select: &str) -> SqlBuilder {
    let mut b = SqlBuilder::new(format!(
        "SELECT {select} FROM kudos k JOIN users tu ON tu.id = k.to_id LEFT JOIN users fu ON fu.id = k.from_id \
         LEFT JOIN org_values ov ON ov.id = k.value_id LEFT JOIN posts kp ON kp.id = k.post_id \
         LEFT JOIN communities kc ON kc.id = kp.community_id WHERE "
    ));
    b.push_bind(
        "(kp.community_id IS NULL OR kc.visibility <> 'private' OR EXISTS \
         (SELECT 1 FROM community_members km WHERE km.community_id = kp.community_id AND km.user_id = {}))",
        Param::Int(viewer),
    );
    b
}

fn kudos_from_row(r: &AnyRow) -> sqlx::Result<Kudos> {
    let from = match r.try_get::<Option<i64>, _>("from_id")? {
        Some(id) => Some(PersonRef {
            id,
            name: r.try_get("from_name")?,
            title: r.try_get("from_title")?,
        }),
        None => None,
    };
    let value = match r.try_get::<Option<i64>, _>("value_id")? {
        Some(id) => Some(ValueRef {
            id,
            name: r.try_get("value_name")?,
        }),
        None => None,
    };
    let post_id: Option<i64> = r.try_get("post_id")?;
    let published = r.try_get::<Option<String>, _>("post_status")?.as_deref() == Some("published");
    let hidden = r.try_get::<Option<i64>, _>("post_hidden")?.is_some();
    let post = match post_id {
        Some(id) if published && !hidden => Some(PostRef {
            id,
            title: r
                .try_get::<Option<String>, _>("post_title")?
                .unwrap_or_default(),
        }),
        _ => None,
    };
    let message: String = r.try_get("message")?;
    Ok(Kudos {
        id: r.try_get("id")?,
        from,
        to: PersonRef {
            id: r.try_get("to_id")?,
            name: r.try_get("to_name")?,
            title: r.try_get("to_title")?,
        },
        value,
        message_html: crate::markdown::render(&message),
        message,
        post,
        created_at: r.try_get("created_at")?,
    })
}

/// Filters of a kudos list.
#[derive(Debug, Clone, Default)]
pub struct KudosFilter {
    pub id: Option<i64>,
    pub value: Option<i64>,
    pub to: Option<i64>,
    pub from: Option<i64>,
}

impl KudosFilter {
    fn push(&self, b: &mut SqlBuilder) {
        let pairs = [
            ("k.id", self.id),
            ("k.value_id", self.value),
            ("k.to_id", self.to),
            ("k.from_id", self.from),
        ];
        for (column, value) in pairs {
            if let Some(v) = value {
                b.push_bind(&format!(" AND {column} = {{}}"), Param::Int(v));
            }
        }
    }
}

/// How many kudos the viewer may see match, and one page of them, newest first.
pub async fn kudos(
    db: &Db,
    viewer: i64,
    filter: &KudosFilter,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(i64, Vec<Kudos>)> {
    let mut count = visible_kudos(viewer, "COUNT(*)");
    filter.push(&mut count);
    let total: i64 = count.build().fetch_one(&db.pool).await?.try_get(0)?;
    let mut page = visible_kudos(viewer, KUDOS_COLUMNS);
    filter.push(&mut page);
    page.push(" ORDER BY k.created_at DESC, k.id DESC");
    page.push_bind(" LIMIT {}", Param::Int(limit));
    page.push_bind(" OFFSET {}", Param::Int(offset));
    let items = page
        .build()
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(kudos_from_row)
        .collect::<sqlx::Result<_>>()?;
    Ok((total, items))
}

/// When the member gave (`given`) or received each kudos the viewer may see, oldest first.
pub async fn kudos_times(
    db: &Db,
    viewer: i64,
    user_id: i64,
    given: bool,
) -> sqlx::Result<Vec<i64>> {
    let mut b = visible_kudos(viewer, "k.created_at");
    let column = if given { "k.from_id" } else { "k.to_id" };
    b.push_bind(&format!(" AND {column} = {{}}"), Param::Int(user_id));
    b.push(" ORDER BY k.created_at, k.id");
    b.build()
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect()
}

// ---- badges ----

/// `(p.community_id IS NULL OR <p's community is not private or has $n as a member>)`.
fn post_seen_by(n: usize) -> String {
    format!(
        "(p.community_id IS NULL OR EXISTS (SELECT 1 FROM communities pc WHERE pc.id = p.community_id AND \
         (pc.visibility <> 'private' OR EXISTS (SELECT 1 FROM community_members pm WHERE pm.community_id = pc.id AND pm.user_id = ${n}))))"
    )
}

/// When the member first answered, asked, and published something other than a question, of
/// what the viewer may see (visible answers, published posts not hidden).
pub async fn firsts(
    db: &Db,
    viewer: i64,
    user_id: i64,
) -> sqlx::Result<(Option<i64>, Option<i64>, Option<i64>)> {
    let seen = post_seen_by(2);
    let sql = format!(
        "SELECT \
         (SELECT MIN(a.created_at) FROM answers a JOIN posts p ON p.id = a.post_id WHERE a.author_id = $1 \
          AND a.hidden_at IS NULL AND p.status = 'published' AND p.hidden_at IS NULL AND {seen}) AS answer, \
         (SELECT MIN(p.published_at) FROM posts p WHERE p.author_id = $1 AND p.kind = 'question' \
          AND p.status = 'published' AND p.hidden_at IS NULL AND {seen}) AS question, \
         (SELECT MIN(p.published_at) FROM posts p WHERE p.author_id = $1 AND p.kind <> 'question' \
          AND p.status = 'published' AND p.hidden_at IS NULL AND {seen}) AS article"
    );
    let r = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(user_id)
        .bind(viewer)
        .fetch_one(&db.pool)
        .await?;
    Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))
}

/// The member's accepted answers the viewer may see: (when accepted, the question's tags),
/// oldest first. Self-accepted answers do not count, as for reputation.
pub async fn accepted_answers(
    db: &Db,
    viewer: i64,
    user_id: i64,
) -> sqlx::Result<Vec<(i64, Vec<String>)>> {
    let seen = post_seen_by(2);
    let sql = format!(
        "SELECT p.id, p.accepted_at, t.tag FROM posts p JOIN answers a ON a.id = p.accepted_answer_id \
         LEFT JOIN post_tags t ON t.post_id = p.id \
         WHERE a.author_id = $1 AND p.accepted_at IS NOT NULL AND p.status = 'published' AND p.hidden_at IS NULL \
         AND a.hidden_at IS NULL AND (p.author_id IS NULL OR p.author_id <> a.author_id) AND {seen} \
         ORDER BY p.accepted_at, p.id, t.tag"
    );
    let mut out: Vec<(i64, i64, Vec<String>)> = Vec::new();
    for r in sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(user_id)
        .bind(viewer)
        .fetch_all(&db.pool)
        .await?
    {
        let id: i64 = r.try_get(0)?;
        let at: i64 = r.try_get(1)?;
        let tag: Option<String> = r.try_get(2)?;
        if out.last().map(|l| l.0) != Some(id) {
            out.push((id, at, Vec::new()));
        }
        if let (Some(tag), Some(last)) = (tag, out.last_mut()) {
            last.2.push(tag);
        }
    }
    Ok(out.into_iter().map(|(_, at, tags)| (at, tags)).collect())
}

/// When each of the member's mentorships as a mentor ended completed (not early).
pub async fn completed_mentorships(db: &Db, user_id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query(
        "SELECT m.ended_at FROM mentorships m JOIN mentorship_members mm ON mm.mentorship_id = m.id \
         WHERE mm.user_id = $1 AND mm.role = 'mentor' AND m.status = 'ended' AND m.ended_early = 0 \
         AND m.ended_at IS NOT NULL ORDER BY m.ended_at",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect()
}

/// The most mentorships any one mentor completed in `[from, to)`.
pub async fn most_completed_mentorships(db: &Db, from: i64, to: i64) -> sqlx::Result<i64> {
    sqlx::query(
        "SELECT CAST(COALESCE(MAX(n), 0) AS BIGINT) FROM (SELECT mm.user_id, COUNT(*) AS n FROM mentorships m \
         JOIN mentorship_members mm ON mm.mentorship_id = m.id \
         WHERE mm.role = 'mentor' AND m.status = 'ended' AND m.ended_early = 0 \
         AND m.ended_at >= $1 AND m.ended_at < $2 GROUP BY mm.user_id) per_mentor",
    )
    .bind(from)
    .bind(to)
    .fetch_one(&db.pool)
    .await?
    .try_get(0)
}
