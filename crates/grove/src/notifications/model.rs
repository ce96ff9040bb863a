//! Notification types.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{AppError, AppResult};

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

/// Whether and when a member gets e-mail about their notifications.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum EmailMode {
    /// No e-mail.
    Off,
    /// One e-mail per notification, as it happens (the default).
    Immediate,
    /// One e-mail a day listing the notifications still unread.
    Daily,
}

impl EmailMode {
    pub const ALL: [EmailMode; 3] = [EmailMode::Off, EmailMode::Immediate, EmailMode::Daily];

    pub fn as_str(self) -> &'static str {
        match self {
            EmailMode::Off => "off",
            EmailMode::Immediate => "immediate",
            EmailMode::Daily => "daily",
        }
    }

    pub fn parse(field: &str, value: &str) -> AppResult<EmailMode> {
        match value.trim() {
            "off" => Ok(EmailMode::Off),
            "immediate" => Ok(EmailMode::Immediate),
            "daily" => Ok(EmailMode::Daily),
            _ => Err(AppError::invalid(field, "choose off, immediate or daily")),
        }
    }

    /// Reads a mode stored by Grove itself; anything unknown sends nothing.
    pub fn from_db(value: &str) -> EmailMode {
        EmailMode::parse("email_mode", value).unwrap_or(EmailMode::Off)
    }

    pub fn label(self) -> &'static str {
        match self {
            EmailMode::Off => "No e-mail",
            EmailMode::Immediate => "Immediately, one e-mail per notification",
            EmailMode::Daily => "A daily digest of what is still unread",
        }
    }
}

/// A member's notification settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
pub struct NotificationSettings {
    pub email_mode: EmailMode,
    /// No "can you answer this?" suggestions for unanswered questions.
    pub mute_question_routing: bool,
}

impl Default for NotificationSettings {
    fn default() -> Self {
        NotificationSettings {
            email_mode: EmailMode::Immediate,
            mute_question_routing: false,
        }
    }
}

/// Changes to the settings; fields left out stay as they are.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsInput {
    pub email_mode: Option<EmailMode>,
    pub mute_question_routing: Option<bool>,
}

impl SettingsInput {
    pub fn apply(&self, current: NotificationSettings) -> NotificationSettings {
        NotificationSettings {
            email_mode: self.email_mode.unwrap_or(current.email_mode),
            mute_question_routing: self
                .mute_question_routing
                .unwrap_or(current.mute_question_routing),
        }
    }
}
