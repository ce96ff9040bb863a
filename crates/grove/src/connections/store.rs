//! SQL for connections, follows and endorsements. A pair is stored once, lowest id first.

use sqlx::Row;

use super::model::{ConnectionEntry, PersonRef};
use crate::db::{Db, now};

fn pair(a: i64, b: i64) -> (i64, i64) {
    if a < b { (a, b) } else { (b, a) }
}

pub struct PairRow {
    pub requester_id: i64,
    pub accepted: bool,
}

pub async fn pair_row(db: &Db, a: i64, b: i64) -> sqlx::Result<Option<PairRow>> {
    let (lo, hi) = pair(a, b);
    sqlx::query("SELECT requester_id, status FROM connections WHERE user_a = $1 AND user_b = $2")
        .bind(lo)
        .bind(hi)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| {
            Ok(PairRow {
                requester_id: r.try_get(0)?,
                accepted: r.try_get::<String, _>(1)? == "accepted",
            })
        })
        .transpose()
}

pub async fn are_connected(db: &Db, a: i64, b: i64) -> sqlx::Result<bool> {
    Ok(pair_row(db, a, b).await?.is_some_and(|p| p.accepted))
}

/// Inserts a pending request; false if the pair already has a row.
pub async fn insert_request(db: &Db, from: i64, to: i64, message: &str) -> sqlx::Result<bool> {
    let (lo, hi) = pair(from, to);
    let done = sqlx::query(
        "INSERT INTO connections (user_a, user_b, requester_id, status, message, created_at) VALUES ($1, $2, $3, 'pending', $4, $5) \
         ON CONFLICT (user_a, user_b) DO NOTHING",
    )
    .bind(lo)
    .bind(hi)
    .bind(from)
    .bind(message)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Accepts a pending request that `requester` sent; false if there is none.
pub async fn accept(db: &Db, requester: i64, addressee: i64) -> sqlx::Result<bool> {
    let (lo, hi) = pair(requester, addressee);
    let done = sqlx::query(
        "UPDATE connections SET status = 'accepted', accepted_at = $1 WHERE user_a = $2 AND user_b = $3 AND requester_id = $4 AND status = 'pending'",
    )
    .bind(now())
    .bind(lo)
    .bind(hi)
    .bind(requester)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Deletes the pair's row if it matches: `pending_from` Some(id) deletes only a pending request
/// sent by id; None deletes an accepted connection.
pub async fn delete(db: &Db, a: i64, b: i64, pending_from: Option<i64>) -> sqlx::Result<bool> {
    let (lo, hi) = pair(a, b);
    let done = match pending_from {
        Some(requester) => {
            sqlx::query("DELETE FROM connections WHERE user_a = $1 AND user_b = $2 AND status = 'pending' AND requester_id = $3")
                .bind(lo)
                .bind(hi)
                .bind(requester)
                .execute(&db.pool)
                .await?
        }
        None => {
            let mut tx = db.pool.begin().await?;
            let done = sqlx::query("DELETE FROM connections WHERE user_a = $1 AND user_b = $2 AND status = 'accepted'")
                .bind(lo)
                .bind(hi)
                .execute(&mut *tx)
                .await?;
            // Endorsements rest on the connection; they go with it.
            sqlx::query("DELETE FROM endorsements WHERE (endorser_id = $1 AND user_id = $2) OR (endorser_id = $2 AND user_id = $1)")
                .bind(a)
                .bind(b)
                .execute(&mut *tx)
                .await?;
            tx.commit().await?;
            done
        }
    };
    Ok(done.rows_affected() == 1)
}

/// The viewer's connections or requests. `status` is 'accepted' or 'pending'; for pending,
/// `incoming` picks requests sent to the viewer rather than by them.
pub async fn entries(
    db: &Db,
    viewer: i64,
    status: &str,
    incoming: bool,
) -> sqlx::Result<Vec<ConnectionEntry>> {
    let requester_rule = match (status, incoming) {
        ("accepted", _) => "",
        (_, true) => " AND c.requester_id <> $1",
        (_, false) => " AND c.requester_id = $1",
    };
    let sql = format!(
        "SELECT u.id, u.name, u.title, c.message, COALESCE(c.accepted_at, c.created_at) AS since FROM connections c \
         JOIN users u ON u.id = CASE WHEN c.user_a = $1 THEN c.user_b ELSE c.user_a END \
         WHERE (c.user_a = $1 OR c.user_b = $1) AND c.status = $2 AND u.active = 1{requester_rule} ORDER BY u.name LIMIT 5000"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(viewer)
        .bind(status)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(ConnectionEntry {
                person: PersonRef {
                    id: r.try_get("id")?,
                    name: r.try_get("name")?,
                    title: r.try_get("title")?,
                },
                message: r.try_get("message")?,
                since: r.try_get("since")?,
            })
        })
        .collect()
}

pub async fn follow(db: &Db, follower: i64, followee: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO follows (follower_id, followee_id, created_at) VALUES ($1, $2, $3) ON CONFLICT (follower_id, followee_id) DO NOTHING")
        .bind(follower)
        .bind(followee)
        .bind(now())
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn unfollow(db: &Db, follower: i64, followee: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM follows WHERE follower_id = $1 AND followee_id = $2")
        .bind(follower)
        .bind(followee)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn is_following(db: &Db, follower: i64, followee: i64) -> sqlx::Result<bool> {
    Ok(
        sqlx::query("SELECT 1 FROM follows WHERE follower_id = $1 AND followee_id = $2")
            .bind(follower)
            .bind(followee)
            .fetch_optional(&db.pool)
            .await?
            .is_some(),
    )
}

pub async fn following(db: &Db, follower: i64) -> sqlx::Result<Vec<PersonRef>> {
    sqlx::query("SELECT u.id, u.name, u.title FROM follows f JOIN users u ON u.id = f.followee_id WHERE f.follower_id = $1 AND u.active = 1 ORDER BY u.name")
        .bind(follower)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok(PersonRef { id: r.try_get(0)?, name: r.try_get(1)?, title: r.try_get(2)? }))
        .collect()
}

pub async fn follower_count(db: &Db, followee: i64) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) FROM follows WHERE followee_id = $1")
        .bind(followee)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}

pub async fn has_skill(db: &Db, user_id: i64, skill_id: i64) -> sqlx::Result<bool> {
    Ok(
        sqlx::query("SELECT 1 FROM member_skills WHERE user_id = $1 AND skill_id = $2")
            .bind(user_id)
            .bind(skill_id)
            .fetch_optional(&db.pool)
            .await?
            .is_some(),
    )
}

pub async fn endorse(db: &Db, endorser: i64, user_id: i64, skill_id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO endorsements (endorser_id, user_id, skill_id, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (user_id, skill_id, endorser_id) DO NOTHING",
    )
    .bind(endorser)
    .bind(user_id)
    .bind(skill_id)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn unendorse(db: &Db, endorser: i64, user_id: i64, skill_id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "DELETE FROM endorsements WHERE endorser_id = $1 AND user_id = $2 AND skill_id = $3",
    )
    .bind(endorser)
    .bind(user_id)
    .bind(skill_id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn active_member_exists(db: &Db, id: i64) -> sqlx::Result<bool> {
    Ok(
        sqlx::query("SELECT 1 FROM users WHERE id = $1 AND active = 1")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?
            .is_some(),
    )
}
