//! SQL for notifications.

use super::model::NewNotification;
use crate::db::{Db, Param, insert_rows, now};

/// Stores notifications in one go (publishing a program notifies thousands of people).
pub async fn notify_many(db: &Db, items: &[NewNotification]) -> sqlx::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    let at = now();
    // Rows are built before the await: a borrowing iterator would make the future !Send.
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
    let mut conn = db.pool.acquire().await?;
    insert_rows(
        &mut conn,
        db.backend,
        "INSERT INTO notifications (user_id, kind, message, link, created_at) VALUES ",
        "({}, {}, {}, {}, {})",
        "",
        rows,
    )
    .await?;
    Ok(())
}

pub async fn notify(db: &Db, item: NewNotification) -> sqlx::Result<()> {
    notify_many(db, std::slice::from_ref(&item)).await
}
