//! SQL for relationships.

use sqlx::Row;

use super::model::NewMentorship;
use crate::db::{Db, Param, insert_rows, now};

/// Creates relationships with their members in one transaction; returns their ids in order.
pub async fn create_many(db: &Db, items: &[NewMentorship]) -> sqlx::Result<Vec<i64>> {
    let at = now();
    let mut tx = db.pool.begin().await?;
    let mut ids = Vec::with_capacity(items.len());
    for item in items {
        let id: i64 = sqlx::query(
            "INSERT INTO mentorships (program_id, kind, status, score, started_at) VALUES ($1, $2, 'active', $3, $4) RETURNING id",
        )
        .bind(item.program_id)
        .bind(&item.kind)
        .bind(item.score)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        ids.push(id);
    }
    let mut rows: Vec<Vec<Param>> = Vec::new();
    for (item, id) in items.iter().zip(&ids) {
        for (user, role) in &item.members {
            rows.push(vec![
                Param::Int(*id),
                Param::Int(*user),
                Param::Text(role.as_str().to_string()),
            ]);
        }
    }
    insert_rows(
        &mut tx,
        db.backend,
        "INSERT INTO mentorship_members (mentorship_id, user_id, role) VALUES ",
        "({}, {}, {})",
        "",
        rows,
    )
    .await?;
    tx.commit().await?;
    Ok(ids)
}
