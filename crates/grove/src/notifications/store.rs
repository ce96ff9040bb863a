//! SQL for notifications. Every read and write is scoped to the member they belong to.

use sqlx::Row;

use super::model::{NewNotification, Notification};
use crate::db::{Backend, Db, Param, insert_rows, now};

/// Stores notifications in one go (publishing a program notifies thousands of people).
pub async fn notify_many(db: &Db, items: &[NewNotification]) -> sqlx::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    let mut conn = db.pool.acquire().await?;
    insert_in(&mut conn, db.backend, items).await
}

pub async fn notify(db: &Db, item: NewNotification) -> sqlx::Result<()> {
    notify_many(db, std::slice::from_ref(&item)).await
}

/// Stores notifications on a connection the caller holds, so they commit in the same
/// transaction as what they announce.
pub async fn insert_in(
    conn: &mut sqlx::AnyConnection,
    backend: Backend,
    items: &[NewNotification],
) -> sqlx::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    let at = now();
    // Collected first: a lazy iterator borrowing `items` held across the inserts' awaits makes
    // the future's Send-ness depend on that borrow's lifetime, which handlers cannot satisfy.
    let rows: Vec<Vec<Param>> = items
        .iter()
        .map(|n| {
            vec![
                Param::Int(n.user_id),
                Param::Text(n.kind.clone()),
                Param::Text(n.message.clone()),
                Param::Text(n.link.clone()),
                Param::Int(at),
            ]
        })
        .collect();
    insert_rows(
        conn,
        backend,
        "INSERT INTO notifications (user_id, kind, message, link, created_at) VALUES ",
        "({}, {}, {}, {}, {})",
        "",
        rows,
    )
    .await?;
    Ok(())
}

/// The member's notifications, newest first: `limit` of them with ids below `before`.
pub async fn list(
    db: &Db,
    user_id: i64,
    before: Option<i64>,
    unread_only: bool,
    limit: i64,
) -> sqlx::Result<Vec<Notification>> {
    let unread = if unread_only {
        " AND read_at IS NULL"
    } else {
        ""
    };
    let sql = format!(
        "SELECT id, kind, message, link, created_at, read_at FROM notifications \
         WHERE user_id = $1 AND id < $2{unread} ORDER BY id DESC LIMIT $3"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(user_id)
        .bind(before.unwrap_or(i64::MAX))
        .bind(limit)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(Notification {
                id: r.try_get("id")?,
                kind: r.try_get("kind")?,
                message: r.try_get("message")?,
                link: r.try_get("link")?,
                created_at: r.try_get("created_at")?,
                read: r.try_get::<Option<i64>, _>("read_at")?.is_some(),
            })
        })
        .collect()
}

/// Marks one of the member's notifications read; its link, or None if it is not theirs.
pub async fn mark_read(db: &Db, user_id: i64, id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query(
        "UPDATE notifications SET read_at = COALESCE(read_at, $1) WHERE id = $2 AND user_id = $3 RETURNING link",
    )
    .bind(now())
    .bind(id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| r.try_get(0))
    .transpose()
}

/// Marks all the member's notifications read; how many were unread.
pub async fn mark_all_read(db: &Db, user_id: i64) -> sqlx::Result<u64> {
    Ok(
        sqlx::query("UPDATE notifications SET read_at = $1 WHERE user_id = $2 AND read_at IS NULL")
            .bind(now())
            .bind(user_id)
            .execute(&db.pool)
            .await?
            .rows_affected(),
    )
}

pub async fn unread_count(db: &Db, user_id: i64) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL")
        .bind(user_id)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}
