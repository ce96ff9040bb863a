//! SQL that reads the network: ties, members, skills; and dismissed suggestions.

use sqlx::Row;

use crate::db::{Db, now};

/// Everything the graph is built from, with member ids as in the database.
pub struct NetworkRows {
    /// (id, name, title, department id).
    pub members: Vec<(i64, String, String, Option<i64>)>,
    pub departments: Vec<(i64, String)>,
    pub connections: Vec<(i64, i64, i64)>,
    pub follows: Vec<(i64, i64, i64)>,
    pub endorsements: Vec<(i64, i64, i64)>,
    /// (answerer, asker, time): answers to questions outside private communities.
    pub answered: Vec<(i64, i64, i64)>,
    /// (giver, recipient, time): kudos not about a private community's post.
    pub kudos: Vec<(i64, i64, i64)>,
    /// (member, member, start): people in the same mentorship.
    pub mentorships: Vec<(i64, i64, i64)>,
    /// (member, skill id, level).
    pub holdings: Vec<(i64, i64, i64)>,
    pub skills: Vec<(i64, String)>,
}

pub async fn network_rows(db: &Db) -> sqlx::Result<NetworkRows> {
    let members = sqlx::query(
        "SELECT id, name, title, department_id FROM users WHERE active = 1 ORDER BY id",
    )
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
    .collect::<sqlx::Result<_>>()?;
    let departments = sqlx::query("SELECT id, name FROM departments ORDER BY name")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect::<sqlx::Result<_>>()?;
    let triples = |sql: &'static str| async move {
        sqlx::query(sql)
            .fetch_all(&db.pool)
            .await?
            .iter()
            .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
            .collect::<sqlx::Result<Vec<(i64, i64, i64)>>>()
    };
    Ok(NetworkRows {
        members,
        departments,
        connections: triples("SELECT user_a, user_b, COALESCE(accepted_at, created_at) FROM connections WHERE status = 'accepted'").await?,
        follows: triples("SELECT follower_id, followee_id, created_at FROM follows").await?,
        endorsements: triples("SELECT endorser_id, user_id, created_at FROM endorsements").await?,
        answered: triples(
            "SELECT a.author_id, p.author_id, a.created_at FROM answers a JOIN posts p ON p.id = a.post_id \
             LEFT JOIN communities c ON c.id = p.community_id \
             WHERE a.author_id IS NOT NULL AND p.author_id IS NOT NULL AND a.hidden_at IS NULL \
             AND p.status = 'published' AND (c.id IS NULL OR c.visibility <> 'private')",
        )
        .await?,
        kudos: triples(
            "SELECT k.from_id, k.to_id, k.created_at FROM kudos k LEFT JOIN posts p ON p.id = k.post_id \
             LEFT JOIN communities c ON c.id = p.community_id \
             WHERE k.from_id IS NOT NULL AND (c.id IS NULL OR c.visibility <> 'private')",
        )
        .await?,
        mentorships: triples(
            "SELECT a.user_id, b.user_id, m.started_at FROM mentorship_members a \
             JOIN mentorship_members b ON b.mentorship_id = a.mentorship_id AND a.user_id < b.user_id \
             JOIN mentorships m ON m.id = a.mentorship_id",
        )
        .await?,
        holdings: triples("SELECT user_id, skill_id, level FROM member_skills WHERE level >= 4").await?,
        skills: sqlx::query("SELECT id, name FROM skills").fetch_all(&db.pool).await?.iter().map(|r| Ok((r.try_get(0)?, r.try_get(1)?))).collect::<sqlx::Result<_>>()?,
    })
}

/// Members the viewer is connected with or has a pending request with, now (the cached graph
/// may be a few minutes old).
pub async fn current_ties(db: &Db, viewer: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query("SELECT CASE WHEN user_a = $1 THEN user_b ELSE user_a END FROM connections WHERE user_a = $1 OR user_b = $1")
        .bind(viewer)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect()
}

pub async fn dismissed(db: &Db, viewer: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query("SELECT dismissed_id FROM suggestion_dismissals WHERE user_id = $1")
        .bind(viewer)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect()
}

pub async fn dismiss(db: &Db, viewer: i64, member: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO suggestion_dismissals (user_id, dismissed_id, at) VALUES ($1, $2, $3) ON CONFLICT (user_id, dismissed_id) DO NOTHING")
        .bind(viewer)
        .bind(member)
        .bind(now())
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Members who asked not to be suggested to others.
pub async fn opted_out(db: &Db) -> sqlx::Result<Vec<i64>> {
    sqlx::query("SELECT id FROM users WHERE suggestible = 0")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect()
}

/// What the viewer wants to learn, and who teaches each of those skills well (capped per skill).
pub async fn teachers_of_my_goals(db: &Db, viewer: i64) -> sqlx::Result<Vec<(i64, String, i64)>> {
    sqlx::query(
        "SELECT t.user_id, s.name, t.level FROM member_skills w JOIN member_skills t ON t.skill_id = w.skill_id \
         JOIN skills s ON s.id = w.skill_id \
         WHERE w.user_id = $1 AND w.wants_to_learn = 1 AND t.can_teach = 1 AND t.level >= 3 AND t.user_id <> $1 LIMIT 3000",
    )
    .bind(viewer)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
    .collect()
}

/// Members' accepted answers and published articles (any kind but questions) on posts tagged
/// `tag`, outside private communities: (member, accepted answers, articles).
pub async fn knowledge_evidence(db: &Db, tag: &str) -> sqlx::Result<Vec<(i64, i64, i64)>> {
    sqlx::query(
        "SELECT member, SUM(accepted), SUM(articles) FROM ( \
           SELECT a.author_id AS member, 1 AS accepted, 0 AS articles FROM post_tags t \
           JOIN posts p ON p.id = t.post_id JOIN answers a ON a.id = p.accepted_answer_id \
           LEFT JOIN communities c ON c.id = p.community_id \
           WHERE t.tag = $1 AND a.author_id IS NOT NULL AND a.hidden_at IS NULL AND p.hidden_at IS NULL \
           AND (c.id IS NULL OR c.visibility <> 'private') \
           UNION ALL \
           SELECT p.author_id, 0, 1 FROM post_tags t JOIN posts p ON p.id = t.post_id \
           LEFT JOIN communities c ON c.id = p.community_id \
           WHERE t.tag = $1 AND p.kind <> 'question' AND p.status = 'published' AND p.hidden_at IS NULL \
           AND p.author_id IS NOT NULL AND (c.id IS NULL OR c.visibility <> 'private') \
         ) e GROUP BY member",
    )
    .bind(tag)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
    .collect()
}

/// Holders of a skill with their level, whether they teach it, and endorsements received.
pub async fn skill_evidence(db: &Db, skill: i64) -> sqlx::Result<Vec<(i64, i64, bool, i64)>> {
    sqlx::query(
        "SELECT ms.user_id, ms.level, ms.can_teach, \
         (SELECT COUNT(*) FROM endorsements e WHERE e.user_id = ms.user_id AND e.skill_id = ms.skill_id) \
         FROM member_skills ms JOIN users u ON u.id = ms.user_id \
         WHERE ms.skill_id = $1 AND ms.level >= 2 AND u.active = 1 AND u.visibility = 'organization' LIMIT 5000",
    )
    .bind(skill)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get::<i64, _>(2)? == 1, r.try_get(3)?)))
    .collect()
}
