//! Notification types.

use serde::Serialize;
use utoipa::ToSchema;

/// A notification to be sent.
#[derive(Debug, Clone)]
pub struct NewNotification {
    pub user_id: i64,
    /// What it is about, dotted: `mentorship.matched`, `mentorship.request`, `program.invited`.
    pub kind: String,
    /// One sentence, plain text.
    pub message: String,
    /// Where it leads (a path in Grove).
    pub link: String,
}

impl NewNotification {
    pub fn new(
        user_id: i64,
        kind: &str,
        message: impl Into<String>,
        link: impl Into<String>,
    ) -> Self {
        NewNotification {
            user_id,
            kind: kind.to_string(),
            message: message.into(),
            link: link.into(),
        }
    }
}

/// A notification as its member sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Notification {
    pub id: i64,
    pub kind: String,
    pub message: String,
    pub link: String,
    pub created_at: i64,
    pub read: bool,
}

/// One page of the member's notifications, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct NotificationPage {
    pub items: Vec<Notification>,
    /// Pass as `before` for the next (older) page; null on the last page.
    pub next_before: Option<i64>,
    pub unread: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct UnreadCount {
    pub unread: i64,
}

/// How many notifications a page holds.
pub const PAGE_SIZE: i64 = 50;
