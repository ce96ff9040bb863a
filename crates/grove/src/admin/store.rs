//! SQL for the taxonomy, departments, values, roles and the audit log.

use sqlx::Row;

use super::model::{AuditEntry, Department, OrgValue, Skill};
use crate::db::{Db, now};
use crate::people::store as directory;

/// Skill names compare case- and space-insensitively.
pub fn name_key(name: &str) -> String {
    name.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

pub async fn departments(db: &Db) -> sqlx::Result<Vec<Department>> {
    sqlx::query(
        "SELECT d.id, d.name, (SELECT COUNT(*) FROM users u WHERE u.department_id = d.id AND u.active = 1) AS members \
         FROM departments d ORDER BY d.name",
    )
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok(Department { id: r.try_get(0)?, name: r.try_get(1)?, members: r.try_get(2)? }))
    .collect()
}

pub async fn department_exists(db: &Db, id: i64) -> sqlx::Result<bool> {
    Ok(sqlx::query("SELECT 1 FROM departments WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .is_some())
}

pub async fn insert_department(db: &Db, name: &str) -> sqlx::Result<i64> {
    sqlx::query("INSERT INTO departments (name) VALUES ($1) RETURNING id")
        .bind(name)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}

pub async fn rename_department(db: &Db, id: i64, name: &str) -> sqlx::Result<bool> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query("UPDATE departments SET name = $1 WHERE id = $2")
        .bind(name)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    directory::mark_directory_change(&mut tx, None).await?;
    directory::commit_directory_change(tx).await?;
    Ok(true)
}

pub async fn delete_department(db: &Db, id: i64) -> sqlx::Result<bool> {
    let mut tx = db.pool.begin().await?;
    sqlx::query("UPDATE users SET department_id = NULL WHERE department_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let done = sqlx::query("DELETE FROM departments WHERE id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    directory::mark_directory_change(&mut tx, None).await?;
    directory::commit_directory_change(tx).await?;
    Ok(done.rows_affected() == 1)
}

pub async fn values(db: &Db) -> sqlx::Result<Vec<OrgValue>> {
    sqlx::query("SELECT id, name, description FROM org_values ORDER BY position, name")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| {
            Ok(OrgValue {
                id: r.try_get(0)?,
                name: r.try_get(1)?,
                description: r.try_get(2)?,
            })
        })
        .collect()
}

pub async fn insert_value(db: &Db, name: &str, description: &str) -> sqlx::Result<i64> {
    sqlx::query("INSERT INTO org_values (name, description, position) VALUES ($1, $2, (SELECT COALESCE(MAX(position), 0) + 1 FROM org_values)) RETURNING id")
        .bind(name)
        .bind(description)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}

pub async fn update_value(db: &Db, id: i64, name: &str, description: &str) -> sqlx::Result<bool> {
    Ok(
        sqlx::query("UPDATE org_values SET name = $1, description = $2 WHERE id = $3")
            .bind(name)
            .bind(description)
            .bind(id)
            .execute(&db.pool)
            .await?
            .rows_affected()
            == 1,
    )
}

pub async fn delete_value(db: &Db, id: i64) -> sqlx::Result<bool> {
    Ok(sqlx::query("DELETE FROM org_values WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await?
        .rows_affected()
        == 1)
}

pub async fn skills(db: &Db) -> sqlx::Result<Vec<Skill>> {
    let mut skills: Vec<Skill> = sqlx::query(
        "SELECT s.id, s.name, s.category, (SELECT COUNT(*) FROM member_skills ms WHERE ms.skill_id = s.id) AS members \
         FROM skills s ORDER BY s.name",
    )
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok(Skill { id: r.try_get(0)?, name: r.try_get(1)?, category: r.try_get(2)?, members: r.try_get(3)?, aliases: vec![] }))
    .collect::<sqlx::Result<_>>()?;
    for r in sqlx::query("SELECT skill_id, name_key FROM skill_aliases ORDER BY name_key")
        .fetch_all(&db.pool)
        .await?
    {
        let id: i64 = r.try_get(0)?;
        if let Some(s) = skills.iter_mut().find(|s| s.id == id) {
            s.aliases.push(r.try_get(1)?);
        }
    }
    Ok(skills)
}

pub async fn skill_exists(db: &Db, id: i64) -> sqlx::Result<bool> {
    Ok(sqlx::query("SELECT 1 FROM skills WHERE id = $1")
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .is_some())
}

/// The skill a name means: its own name or a merged synonym.
pub async fn resolve_skill(db: &Db, name: &str) -> sqlx::Result<Option<i64>> {
    let key = name_key(name);
    sqlx::query("SELECT id FROM skills WHERE name_key = $1 UNION ALL SELECT skill_id FROM skill_aliases WHERE name_key = $1")
        .bind(&key)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.try_get(0))
        .transpose()
}

pub async fn insert_skill(db: &Db, name: &str, category: &str) -> sqlx::Result<i64> {
    sqlx::query("INSERT INTO skills (name, name_key, category) VALUES ($1, $2, $3) RETURNING id")
        .bind(name)
        .bind(name_key(name))
        .bind(category)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}

/// Renames a skill; the old name keeps resolving to it.
pub async fn rename_skill(
    db: &Db,
    id: i64,
    name: &str,
    category: Option<&str>,
) -> sqlx::Result<bool> {
    let mut tx = db.pool.begin().await?;
    let old: Option<String> = sqlx::query("SELECT name_key FROM skills WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .map(|r| r.try_get(0))
        .transpose()?;
    let Some(old) = old else { return Ok(false) };
    let new_key = name_key(name);
    sqlx::query("DELETE FROM skill_aliases WHERE name_key = $1")
        .bind(&new_key)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE skills SET name = $1, name_key = $2, category = COALESCE($3, category) WHERE id = $4")
        .bind(name)
        .bind(&new_key)
        .bind(category)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if old != new_key {
        sqlx::query("INSERT INTO skill_aliases (name_key, skill_id) VALUES ($1, $2) ON CONFLICT (name_key) DO NOTHING")
            .bind(&old)
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let affected = members_with_skill(&mut tx, id).await?;
    for user in affected {
        crate::people::store::refresh_search(db, &mut tx, user).await?;
    }
    directory::mark_directory_change(&mut tx, None).await?;
    directory::commit_directory_change(tx).await?;
    Ok(true)
}

async fn members_with_skill(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    skill: i64,
) -> sqlx::Result<Vec<i64>> {
    sqlx::query("SELECT user_id FROM member_skills WHERE skill_id = $1")
        .bind(skill)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect()
}

/// Merges skill `from` into `into` across every profile and endorsement: a member who had both
/// keeps the higher level and either flag. `from`'s name becomes a synonym of `into`.
pub async fn merge_skills(db: &Db, from: i64, into: i64) -> sqlx::Result<u64> {
    let mut tx = db.pool.begin().await?;
    let affected = members_with_skill(&mut tx, from).await?;
    sqlx::query(
        "UPDATE member_skills SET \
           level = CASE WHEN level < (SELECT f.level FROM member_skills f WHERE f.user_id = member_skills.user_id AND f.skill_id = $1) \
                   THEN (SELECT f.level FROM member_skills f WHERE f.user_id = member_skills.user_id AND f.skill_id = $1) ELSE level END, \
           can_teach = CASE WHEN can_teach = 1 THEN 1 ELSE (SELECT f.can_teach FROM member_skills f WHERE f.user_id = member_skills.user_id AND f.skill_id = $1) END, \
           wants_to_learn = CASE WHEN wants_to_learn = 1 THEN 1 ELSE (SELECT f.wants_to_learn FROM member_skills f WHERE f.user_id = member_skills.user_id AND f.skill_id = $1) END \
         WHERE skill_id = $2 AND user_id IN (SELECT user_id FROM member_skills WHERE skill_id = $1)",
    )
    .bind(from)
    .bind(into)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM member_skills WHERE skill_id = $1 AND user_id IN (SELECT user_id FROM member_skills WHERE skill_id = $2)")
        .bind(from)
        .bind(into)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE member_skills SET skill_id = $1 WHERE skill_id = $2")
        .bind(into)
        .bind(from)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "DELETE FROM endorsements WHERE skill_id = $1 AND EXISTS (SELECT 1 FROM endorsements e WHERE e.skill_id = $2 \
         AND e.user_id = endorsements.user_id AND e.endorser_id = endorsements.endorser_id)",
    )
    .bind(from)
    .bind(into)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE endorsements SET skill_id = $1 WHERE skill_id = $2")
        .bind(into)
        .bind(from)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE skill_aliases SET skill_id = $1 WHERE skill_id = $2")
        .bind(into)
        .bind(from)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO skill_aliases (name_key, skill_id) SELECT name_key, $1 FROM skills WHERE id = $2 ON CONFLICT (name_key) DO NOTHING")
        .bind(into)
        .bind(from)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM skills WHERE id = $1")
        .bind(from)
        .execute(&mut *tx)
        .await?;
    for user in &affected {
        crate::people::store::refresh_search(db, &mut tx, *user).await?;
    }
    directory::mark_directory_change(&mut tx, None).await?;
    directory::commit_directory_change(tx).await?;
    Ok(affected.len() as u64)
}

pub async fn set_role(db: &Db, user_id: i64, role: &str) -> sqlx::Result<bool> {
    Ok(sqlx::query("UPDATE users SET role = $1 WHERE id = $2")
        .bind(role)
        .bind(user_id)
        .execute(&db.pool)
        .await?
        .rows_affected()
        == 1)
}

pub async fn count_admins(db: &Db) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1")
        .fetch_one(&db.pool)
        .await?
        .try_get(0)
}

pub async fn audit(db: &Db, actor: i64, action: &str, detail: &str) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO audit_log (actor_id, action, detail, at) VALUES ($1, $2, $3, $4)")
        .bind(actor)
        .bind(action)
        .bind(detail)
        .bind(now())
        .execute(&db.pool)
        .await?;
    Ok(())
}

pub async fn audit_log(db: &Db, limit: i64) -> sqlx::Result<Vec<AuditEntry>> {
    sqlx::query("SELECT a.at, u.name, a.action, a.detail FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id ORDER BY a.id DESC LIMIT $1")
        .bind(limit)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok(AuditEntry { at: r.try_get(0)?, actor: r.try_get(1)?, action: r.try_get(2)?, detail: r.try_get(3)? }))
        .collect()
}
