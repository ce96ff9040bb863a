//! SQL for accounts, sessions, tokens, invitations and sign-in throttling.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::model::{AccessToken, Invitation, Role, Viewer};
use crate::db::{Db, now};

pub struct StoredAccount {
    pub id: i64,
    pub name: String,
    pub role: Role,
    pub active: bool,
    pub password_hash: String,
}

pub async fn count_users(db: &Db) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) FROM users")
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}

pub async fn email_taken(db: &Db, email: &str) -> sqlx::Result<bool> {
    Ok(sqlx::query("SELECT 1 FROM users WHERE email = $1")
        .bind(email)
        .fetch_optional(&db.pool)
        .await?
        .is_some())
}

/// Inserts the account and its (empty) search entry; returns the new id.
pub async fn insert_user(
    db: &Db,
    email: &str,
    name: &str,
    password_hash: &str,
    role: Role,
) -> sqlx::Result<i64> {
    let mut tx = db.pool.begin().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO users (email, password_hash, name, role, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(email)
    .bind(password_hash)
    .bind(name)
    .bind(role.as_str())
    .bind(now())
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    db.backend
        .upsert_member_search(&mut tx, id, name, "", "")
        .await?;
    crate::people::store::mark_directory_change(&mut tx, Some(id)).await?;
    crate::people::store::commit_directory_change(tx).await?;
    Ok(id)
}

pub async fn account_by_email(db: &Db, email: &str) -> sqlx::Result<Option<StoredAccount>> {
    let row =
        sqlx::query("SELECT id, name, role, active, password_hash FROM users WHERE email = $1")
            .bind(email)
            .fetch_optional(&db.pool)
            .await?;
    row.map(|r| {
        Ok(StoredAccount {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            role: Role::from_db(&r.try_get::<String, _>("role")?),
            active: r.try_get::<i64, _>("active")? == 1,
            password_hash: r.try_get("password_hash")?,
        })
    })
    .transpose()
}

pub async fn recent_failures(db: &Db, email: &str, since: i64) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) FROM login_failures WHERE email = $1 AND at >= $2")
        .bind(email)
        .bind(since)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}

pub async fn record_failure(db: &Db, email: &str) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO login_failures (email, at) VALUES ($1, $2)")
        .bind(email)
        .bind(now())
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn clear_failures(db: &Db, email: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM login_failures WHERE email = $1")
        .bind(email)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn insert_session(
    db: &Db,
    id_hash: &str,
    user_id: i64,
    csrf: &str,
    expires_at: i64,
) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO sessions (id_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(id_hash)
        .bind(user_id)
        .bind(csrf)
        .bind(now())
        .bind(expires_at)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn delete_session(db: &Db, id_hash: &str) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
        .bind(id_hash)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn delete_sessions_of(db: &Db, user_id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM sessions WHERE user_id = $1")
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

fn viewer_from_row(row: &AnyRow, csrf: Option<String>) -> sqlx::Result<Viewer> {
    Ok(Viewer {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        role: Role::from_db(&row.try_get::<String, _>("role")?),
        csrf_token: csrf,
        unread_notifications: row.try_get("unread_notifications")?,
    })
}

/// Loaded with the viewer in the same query, so the navigation's count costs no extra round trip.
const UNREAD_NOTIFICATIONS: &str = "(SELECT COUNT(*) FROM notifications n WHERE n.user_id = u.id AND n.read_at IS NULL) AS unread_notifications";

pub async fn viewer_by_session(db: &Db, id_hash: &str) -> sqlx::Result<Option<Viewer>> {
    let sql = format!(
        "SELECT u.id, u.name, u.role, s.csrf_token, {UNREAD_NOTIFICATIONS} FROM sessions s JOIN users u ON u.id = s.user_id \
         WHERE s.id_hash = $1 AND s.expires_at > $2 AND u.active = 1"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id_hash)
        .bind(now())
        .fetch_optional(&db.pool)
        .await?;
    row.map(|r| {
        let csrf: String = r.try_get("csrf_token")?;
        viewer_from_row(&r, Some(csrf))
    })
    .transpose()
}

pub async fn viewer_by_token(db: &Db, token_hash: &str) -> sqlx::Result<Option<Viewer>> {
    let sql = format!(
        "SELECT u.id, u.name, u.role, t.id AS token_id, t.last_used_at, {UNREAD_NOTIFICATIONS} FROM api_tokens t \
         JOIN users u ON u.id = t.user_id WHERE t.token_hash = $1 AND t.revoked_at IS NULL AND u.active = 1"
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(token_hash)
        .fetch_optional(&db.pool)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let token_id: i64 = row.try_get("token_id")?;
    let last_used: Option<i64> = row.try_get("last_used_at")?;
    // Record use at most once a minute, so reads stay reads.
    if last_used.is_none_or(|t| now() - t > 60) {
        sqlx::query("UPDATE api_tokens SET last_used_at = $1 WHERE id = $2")
            .bind(now())
            .bind(token_id)
            .execute(&db.pool)
            .await?;
    }
    viewer_from_row(&row, None).map(Some)
}

pub async fn insert_token(
    db: &Db,
    user_id: i64,
    name: &str,
    token_hash: &str,
) -> sqlx::Result<AccessToken> {
    let created_at = now();
    let id: i64 = sqlx::query("INSERT INTO api_tokens (user_id, name, token_hash, created_at) VALUES ($1, $2, $3, $4) RETURNING id")
        .bind(user_id)
        .bind(name)
        .bind(token_hash)
        .bind(created_at)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;
    Ok(AccessToken {
        id,
        name: name.to_string(),
        created_at,
        last_used_at: None,
    })
}

pub async fn tokens_of(db: &Db, user_id: i64) -> sqlx::Result<Vec<AccessToken>> {
    sqlx::query("SELECT id, name, created_at, last_used_at FROM api_tokens WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id")
        .bind(user_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(AccessToken {
                id: r.try_get("id")?,
                name: r.try_get("name")?,
                created_at: r.try_get("created_at")?,
                last_used_at: r.try_get("last_used_at")?,
            })
        })
        .collect()
}

/// Revokes the owner's token; false if they have no such live token.
pub async fn revoke_token(db: &Db, user_id: i64, token_id: i64) -> sqlx::Result<bool> {
    let done = sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2 AND user_id = $3 AND revoked_at IS NULL")
        .bind(now())
        .bind(token_id)
        .bind(user_id)
        .execute(&db.pool)
        .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn insert_invitation(
    db: &Db,
    token_hash: &str,
    email: &str,
    role: Role,
    invited_by: i64,
    expires_at: i64,
) -> sqlx::Result<Invitation> {
    let created_at = now();
    let id: i64 = sqlx::query(
        "INSERT INTO invitations (token_hash, email, role, invited_by, created_at, expires_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
    )
    .bind(token_hash)
    .bind(email)
    .bind(role.as_str())
    .bind(invited_by)
    .bind(created_at)
    .bind(expires_at)
    .fetch_one(&db.pool)
    .await?
    .try_get(0)?;
    Ok(Invitation {
        id,
        email: email.to_string(),
        role,
        created_at,
        expires_at,
        accepted: false,
    })
}

fn invitation_from_row(r: &AnyRow) -> sqlx::Result<Invitation> {
    Ok(Invitation {
        id: r.try_get("id")?,
        email: r.try_get("email")?,
        role: Role::from_db(&r.try_get::<String, _>("role")?),
        created_at: r.try_get("created_at")?,
        expires_at: r.try_get("expires_at")?,
        accepted: r.try_get::<Option<i64>, _>("accepted_at")?.is_some(),
    })
}

pub async fn invitations(db: &Db) -> sqlx::Result<Vec<Invitation>> {
    sqlx::query("SELECT id, email, role, created_at, expires_at, accepted_at FROM invitations ORDER BY id DESC LIMIT 200")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(invitation_from_row)
        .collect()
}

/// A live (not accepted, not expired) invitation by its token's hash.
pub async fn open_invitation(db: &Db, token_hash: &str) -> sqlx::Result<Option<Invitation>> {
    sqlx::query(
        "SELECT id, email, role, created_at, expires_at, accepted_at FROM invitations \
         WHERE token_hash = $1 AND accepted_at IS NULL AND expires_at > $2",
    )
    .bind(token_hash)
    .bind(now())
    .fetch_optional(&db.pool)
    .await?
    .as_ref()
    .map(invitation_from_row)
    .transpose()
}

pub async fn mark_invitation_accepted(db: &Db, id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE invitations SET accepted_at = $1 WHERE id = $2")
        .bind(now())
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn setting(db: &Db, key: &str) -> sqlx::Result<Option<String>> {
    sqlx::query("SELECT value FROM settings WHERE key = $1")
        .bind(key)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.try_get(0))
        .transpose()
}

pub async fn set_setting(db: &Db, key: &str, value: &str) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(key)
        .bind(value)
        .execute(&db.pool)
        .await?;
    Ok(())
}
