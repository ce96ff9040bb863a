//! Notification rules: a member reads and clears only their own.

use super::model::{EmailMode, NotificationPage, NotificationSettings, PAGE_SIZE, SettingsInput};
use super::store;
use crate::auth::model::Viewer;
use crate::db::{Db, now};
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

/// The viewer's notification settings.
pub async fn settings(db: &Db, viewer: &Viewer) -> AppResult<NotificationSettings> {
    Ok(store::settings(db, viewer.id).await?)
}

/// Changes the viewer's settings. Choosing the daily digest starts its clock: the first digest
/// comes about a day later and lists what arrived since the choice (not what e-mail already
/// announced).
pub async fn update_settings(
    db: &Db,
    viewer: &Viewer,
    input: &SettingsInput,
) -> AppResult<NotificationSettings> {
    let current = store::settings(db, viewer.id).await?;
    let next = input.apply(current);
    let digest_from =
        (next.email_mode == EmailMode::Daily && current.email_mode != EmailMode::Daily).then(now);
    store::save_settings(db, viewer.id, next, digest_from).await?;
    Ok(next)
}

/// Where a notification may send a browser: a path inside Grove, never another site.
pub fn safe_link(link: &str) -> &str {
    if link.starts_with('/') && !link.starts_with("//") && !link.starts_with("/\\") {
        link
    } else {
        "/notifications"
    }
}
