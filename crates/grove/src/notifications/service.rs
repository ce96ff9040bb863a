//! Notification rules: a member reads and clears only their own.

use super::model::{NotificationPage, PAGE_SIZE};
use super::store;
use crate::auth::model::Viewer;
use crate::db::Db;
use crate::{AppError, AppResult};

/// A page of the viewer's notifications with ids below `before` (the first page when None).
pub async fn list(
    db: &Db,
    viewer: &Viewer,
    before: Option<i64>,
    unread_only: bool,
) -> AppResult<NotificationPage> {
    // One extra row says whether an older page exists.
    let mut items = store::list(db, viewer.id, before, unread_only, PAGE_SIZE + 1).await?;
    let next_before = if items.len() as i64 > PAGE_SIZE {
        items.truncate(PAGE_SIZE as usize);
        items.last().map(|n| n.id)
    } else {
        None
    };
    Ok(NotificationPage {
        items,
        next_before,
        unread: store::unread_count(db, viewer.id).await?,
    })
}

/// Marks a notification read and returns where it leads. Another member's is not found.
pub async fn read(db: &Db, viewer: &Viewer, id: i64) -> AppResult<String> {
    store::mark_read(db, viewer.id, id)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn read_all(db: &Db, viewer: &Viewer) -> AppResult<u64> {
    Ok(store::mark_all_read(db, viewer.id).await?)
}

pub async fn unread_count(db: &Db, viewer: &Viewer) -> AppResult<i64> {
    Ok(store::unread_count(db, viewer.id).await?)
}

/// Where a notification may send a browser: a path inside Grove, never another site.
pub fn safe_link(link: &str) -> &str {
    if link.starts_with('/') && !link.starts_with("//") && !link.starts_with("/\\") {
        link
    } else {
        "/notifications"
    }
}
