//! SQL for notifications. Every read and write is scoped to the member they belong to.

use sqlx::Row;

use super::model::{EmailMode, NewNotification, Notification, NotificationSettings};
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
/// transaction as what they announce. While a server able to send e-mail is running, each one
/// for a member who wants e-mail immediately also queues that e-mail, in the same transaction.
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
    queue_immediate_email(conn, backend, items, at).await
}

/// Queues one e-mail per notification whose member is active and wants e-mail immediately (no
/// settings row means immediately). Nothing is queued while no server can send mail: a Grove
/// without SMTP keeps no outbox.
async fn queue_immediate_email(
    conn: &mut sqlx::AnyConnection,
    backend: Backend,
    items: &[NewNotification],
    at: i64,
) -> sqlx::Result<()> {
    if !mail_sender_running(conn, at).await? {
        return Ok(());
    }
    let rows: Vec<Vec<Param>> = items
        .iter()
        .map(|n| {
            vec![
                Param::Int(n.user_id),
                Param::Text(n.message.clone()),
                Param::Text(n.link.clone()),
                Param::Int(at),
            ]
        })
        .collect();
    // VALUES columns are named column1, column2, ... on both engines.
    insert_rows(
        conn,
        backend,
        "INSERT INTO email_outbox (user_id, kind, message, link, next_attempt_at, created_at) \
         SELECT v.column1, 'notification', v.column2, v.column3, v.column4, v.column4 FROM (VALUES ",
        "({}, {}, {}, {})",
        ") AS v JOIN users u ON u.id = v.column1 LEFT JOIN member_settings s ON s.user_id = v.column1 \
         WHERE u.active = 1 AND COALESCE(s.email_mode, 'immediate') = 'immediate'",
        rows,
    )
    .await?;
    Ok(())
}

// ---- E-mail: the sender's heartbeat, the outbox, digests ----

/// How recently a sending server must have been seen for mail to be queued.
pub const SENDER_FRESH_SECS: i64 = 120;

async fn mail_sender_running(conn: &mut sqlx::AnyConnection, at: i64) -> sqlx::Result<bool> {
    let seen: Option<i64> = sqlx::query("SELECT seen_at FROM email_sender WHERE id = 1")
        .fetch_optional(&mut *conn)
        .await?
        .map(|r| r.try_get(0))
        .transpose()?;
    Ok(seen.is_some_and(|s| s >= at - SENDER_FRESH_SECS))
}

/// Records that a server able to send mail is running.
pub async fn mark_mail_sender_running(db: &Db, at: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO email_sender (id, seen_at) VALUES (1, $1) \
         ON CONFLICT (id) DO UPDATE SET seen_at = excluded.seen_at",
    )
    .bind(at)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// A queued e-mail claimed by this server for one attempt.
#[derive(Debug, Clone)]
pub struct OutboxEmail {
    pub id: i64,
    pub user_id: i64,
    /// `notification` or `digest`.
    pub kind: String,
    pub message: String,
    pub link: String,
    pub digest_since: Option<i64>,
    pub digest_until: Option<i64>,
    /// Including this one.
    pub attempts: i64,
}

/// Claims up to `limit` e-mails due at `at`: each is leased to this server until `lease_until`
/// (another server skips it; if this one dies it is due again then).
pub async fn claim_due_email(
    db: &Db,
    at: i64,
    lease_until: i64,
    limit: i64,
) -> sqlx::Result<Vec<OutboxEmail>> {
    let sql = format!(
        "UPDATE email_outbox SET next_attempt_at = $1, attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM email_outbox WHERE status = 'queued' AND next_attempt_at <= $2 \
         ORDER BY next_attempt_at, id LIMIT $3{}) \
         RETURNING id, user_id, kind, message, link, digest_since, digest_until, attempts",
        db.backend.skip_locked()
    );
    let mut claimed: Vec<OutboxEmail> = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(lease_until)
        .bind(at)
        .bind(limit)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(OutboxEmail {
                id: r.try_get("id")?,
                user_id: r.try_get("user_id")?,
                kind: r.try_get("kind")?,
                message: r.try_get("message")?,
                link: r.try_get("link")?,
                digest_since: r.try_get("digest_since")?,
                digest_until: r.try_get("digest_until")?,
                attempts: r.try_get("attempts")?,
            })
        })
        .collect::<sqlx::Result<_>>()?;
    claimed.sort_by_key(|e| e.id);
    Ok(claimed)
}

/// Who an e-mail goes to, as they are now.
#[derive(Debug, Clone)]
pub struct Recipient {
    pub email: String,
    pub name: String,
    pub active: bool,
    pub email_mode: EmailMode,
}

pub async fn recipient(db: &Db, user_id: i64) -> sqlx::Result<Option<Recipient>> {
    sqlx::query(
        "SELECT u.email, u.name, u.active, COALESCE(s.email_mode, 'immediate') AS email_mode \
         FROM users u LEFT JOIN member_settings s ON s.user_id = u.id WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| {
        Ok(Recipient {
            email: r.try_get("email")?,
            name: r.try_get("name")?,
            active: r.try_get::<i64, _>("active")? != 0,
            email_mode: EmailMode::from_db(&r.try_get::<String, _>("email_mode")?),
        })
    })
    .transpose()
}

pub async fn mark_email_sent(db: &Db, id: i64, at: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE email_outbox SET status = 'sent', sent_at = $1, last_error = '' WHERE id = $2",
    )
    .bind(at)
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// An attempt failed: try again from `retry_at`, or give up (None).
pub async fn mark_email_failed(
    db: &Db,
    id: i64,
    error: &str,
    retry_at: Option<i64>,
) -> sqlx::Result<()> {
    let (status, next) = match retry_at {
        Some(at) => ("queued", at),
        None => ("failed", now()),
    };
    sqlx::query(
        "UPDATE email_outbox SET status = $1, next_attempt_at = $2, last_error = $3 WHERE id = $4",
    )
    .bind(status)
    .bind(next)
    .bind(error.chars().take(500).collect::<String>())
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(())
}

/// Hands claimed e-mails back untried: due again at `retry_at`, the claim's attempt not counted.
pub async fn release_email(db: &Db, ids: &[i64], retry_at: i64) -> sqlx::Result<()> {
    for id in ids {
        sqlx::query(
            "UPDATE email_outbox SET next_attempt_at = $1, attempts = attempts - 1 \
             WHERE id = $2 AND status = 'queued'",
        )
        .bind(retry_at)
        .bind(id)
        .execute(&db.pool)
        .await?;
    }
    Ok(())
}

/// Drops an e-mail no longer wanted (the member turned e-mail off, left, or read everything).
pub async fn drop_email(db: &Db, id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM email_outbox WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Forgets sent and failed e-mail created before `before`.
pub async fn prune_email(db: &Db, before: i64) -> sqlx::Result<u64> {
    Ok(
        sqlx::query("DELETE FROM email_outbox WHERE status <> 'queued' AND created_at < $1")
            .bind(before)
            .execute(&db.pool)
            .await?
            .rows_affected(),
    )
}

/// The member's notifications created in `[since, until)` and still unread, oldest first, at
/// most `limit`; and how many there are in all.
pub async fn unread_between(
    db: &Db,
    user_id: i64,
    since: i64,
    until: i64,
    limit: i64,
) -> sqlx::Result<(Vec<Notification>, i64)> {
    let total: i64 = sqlx::query(
        "SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND read_at IS NULL \
         AND created_at >= $2 AND created_at < $3",
    )
    .bind(user_id)
    .bind(since)
    .bind(until)
    .fetch_one(&db.pool)
    .await?
    .try_get(0)?;
    let items = sqlx::query(
        "SELECT id, kind, message, link, created_at FROM notifications WHERE user_id = $1 \
         AND read_at IS NULL AND created_at >= $2 AND created_at < $3 ORDER BY id LIMIT $4",
    )
    .bind(user_id)
    .bind(since)
    .bind(until)
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
            read: false,
        })
    })
    .collect::<sqlx::Result<_>>()?;
    Ok((items, total))
}

/// Members on the daily digest whose last digest went out at or before `due_before` (None:
/// never) and who have unread notifications since, with when their last digest went out.
pub async fn digests_due(
    db: &Db,
    due_before: i64,
    limit: i64,
) -> sqlx::Result<Vec<(i64, Option<i64>)>> {
    sqlx::query(
        "SELECT s.user_id, s.digest_sent_at FROM member_settings s JOIN users u ON u.id = s.user_id \
         WHERE s.email_mode = 'daily' AND u.active = 1 \
         AND (s.digest_sent_at IS NULL OR s.digest_sent_at <= $1) \
         AND EXISTS (SELECT 1 FROM notifications n WHERE n.user_id = s.user_id \
                     AND n.read_at IS NULL AND n.created_at >= COALESCE(s.digest_sent_at, $1)) \
         ORDER BY s.user_id LIMIT $2",
    )
    .bind(due_before)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect()
}

/// Queues the member's digest covering `[since, until)` and moves their `digest_sent_at` to
/// `until`, in one transaction, if their last digest is still the one read as `last` (another
/// server may have queued it first: then nothing happens and false is returned).
pub async fn queue_digest(
    db: &Db,
    user_id: i64,
    last: Option<i64>,
    since: i64,
    until: i64,
) -> sqlx::Result<bool> {
    let mut tx = db.pool.begin().await?;
    let claimed = sqlx::query(
        "UPDATE member_settings SET digest_sent_at = $1 \
         WHERE user_id = $2 AND email_mode = 'daily' AND COALESCE(digest_sent_at, -1) = $3",
    )
    .bind(until)
    .bind(user_id)
    .bind(last.unwrap_or(-1))
    .execute(&mut *tx)
    .await?
    .rows_affected();
    if claimed == 0 {
        return Ok(false);
    }
    sqlx::query(
        "INSERT INTO email_outbox (user_id, kind, digest_since, digest_until, next_attempt_at, created_at) \
         VALUES ($1, 'digest', $2, $3, $4, $4)",
    )
    .bind(user_id)
    .bind(since)
    .bind(until)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(true)
}

// ---- Settings ----

/// The member's settings (the defaults when they never chose).
pub async fn settings(db: &Db, user_id: i64) -> sqlx::Result<NotificationSettings> {
    Ok(sqlx::query(
        "SELECT email_mode, mute_question_routing FROM member_settings WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| {
        Ok::<_, sqlx::Error>(NotificationSettings {
            email_mode: EmailMode::from_db(&r.try_get::<String, _>(0)?),
            mute_question_routing: r.try_get::<i64, _>(1)? != 0,
        })
    })
    .transpose()?
    .unwrap_or_default())
}

/// Stores the member's settings (other columns of their row are kept). `digest_from`, when
/// given, restarts the digest clock: the first digest covers what arrives from then on.
pub async fn save_settings(
    db: &Db,
    user_id: i64,
    settings: NotificationSettings,
    digest_from: Option<i64>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO member_settings (user_id, email_mode, mute_question_routing, digest_sent_at) \
         VALUES ($1, $2, $3, $4) ON CONFLICT (user_id) DO UPDATE SET \
         email_mode = excluded.email_mode, mute_question_routing = excluded.mute_question_routing, \
         digest_sent_at = COALESCE(excluded.digest_sent_at, member_settings.digest_sent_at)",
    )
    .bind(user_id)
    .bind(settings.email_mode.as_str())
    .bind(i64::from(settings.mute_question_routing))
    .bind(digest_from)
    .execute(&db.pool)
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
