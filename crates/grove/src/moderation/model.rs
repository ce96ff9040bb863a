//! Moderation types (flags, the queue, actions, the log), and the validation of what members and
//! moderators type.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{AppError, AppResult};

/// What a flag or a moderation action is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Target {
    Post,
    Answer,
    Comment,
}

impl Target {
    pub fn as_str(self) -> &'static str {
        match self {
            Target::Post => "post",
            Target::Answer => "answer",
            Target::Comment => "comment",
        }
    }

    pub fn parse(field: &str, value: &str) -> AppResult<Target> {
        match value.trim() {
            "post" => Ok(Target::Post),
            "answer" => Ok(Target::Answer),
            "comment" => Ok(Target::Comment),
            _ => Err(AppError::invalid(field, "choose post, answer or comment")),
        }
    }

    /// Reads a target stored by Grove itself.
    pub fn from_db(value: &str) -> Target {
        Target::parse("target", value).unwrap_or(Target::Post)
    }
}

/// Why a member flags something.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum FlagReason {
    Spam,
    Offensive,
    OffTopic,
    Other,
}

impl FlagReason {
    pub const ALL: [FlagReason; 4] = [
        FlagReason::Spam,
        FlagReason::Offensive,
        FlagReason::OffTopic,
        FlagReason::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FlagReason::Spam => "spam",
            FlagReason::Offensive => "offensive",
            FlagReason::OffTopic => "off_topic",
            FlagReason::Other => "other",
        }
    }

    pub fn parse(field: &str, value: &str) -> AppResult<FlagReason> {
        match value.trim() {
            "spam" => Ok(FlagReason::Spam),
            "offensive" => Ok(FlagReason::Offensive),
            "off_topic" => Ok(FlagReason::OffTopic),
            "other" => Ok(FlagReason::Other),
            _ => Err(AppError::invalid(
                field,
                "choose spam, offensive, off_topic (off topic) or other",
            )),
        }
    }

    pub fn from_db(value: &str) -> FlagReason {
        FlagReason::parse("reason", value).unwrap_or(FlagReason::Other)
    }

    pub fn label(self) -> &'static str {
        match self {
            FlagReason::Spam => "Spam",
            FlagReason::Offensive => "Offensive",
            FlagReason::OffTopic => "Off topic",
            FlagReason::Other => "Other",
        }
    }

    /// One line for the flag form.
    pub fn explanation(self) -> &'static str {
        match self {
            FlagReason::Spam => "advertising, or posted only to promote something",
            FlagReason::Offensive => "rude, abusive, or unwelcoming to someone",
            FlagReason::OffTopic => "does not belong here",
            FlagReason::Other => "something else (say what in the note)",
        }
    }
}

/// Where a flag stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum FlagStatus {
    /// Waiting in the queue.
    Open,
    /// A moderator acted on it (hid the content or locked the thread).
    Actioned,
    /// A moderator decided nothing needs doing (or restored the content).
    Dismissed,
}

impl FlagStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            FlagStatus::Open => "open",
            FlagStatus::Actioned => "actioned",
            FlagStatus::Dismissed => "dismissed",
        }
    }

    pub fn from_db(value: &str) -> FlagStatus {
        match value {
            "actioned" => FlagStatus::Actioned,
            "dismissed" => FlagStatus::Dismissed,
            _ => FlagStatus::Open,
        }
    }
}

/// A flag as its reporter gets it back.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Flag {
    pub id: i64,
    pub target: Target,
    pub target_id: i64,
    /// The post the target belongs to (itself for a post).
    pub post_id: i64,
    pub reason: FlagReason,
    pub note: String,
    pub status: FlagStatus,
    pub created_at: i64,
}

/// A new flag.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct FlagInput {
    pub target: Target,
    pub target_id: i64,
    pub reason: FlagReason,
    /// Optional, up to 1000 characters, for the moderators.
    #[serde(default)]
    pub note: String,
}

pub const NOTE_MAX: usize = 1000;
pub const ACTION_REASON_MAX: usize = 500;

impl FlagInput {
    /// The note as stored.
    pub fn validate(&self) -> AppResult<String> {
        let note = self.note.trim();
        let len = note.chars().count();
        if len > NOTE_MAX {
            return Err(AppError::invalid(
                "note",
                format!("use at most {NOTE_MAX} characters (this has {len})"),
            ));
        }
        Ok(note.to_string())
    }
}

/// The optional reason a moderator gives for an action.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct ActionInput {
    /// Optional, up to 500 characters; kept in the moderation log and told to the author.
    #[serde(default)]
    pub reason: Option<String>,
}

impl ActionInput {
    pub fn validate(&self) -> AppResult<String> {
        let reason = self.reason.as_deref().unwrap_or("").trim();
        let len = reason.chars().count();
        if len > ACTION_REASON_MAX {
            return Err(AppError::invalid(
                "reason",
                format!("use at most {ACTION_REASON_MAX} characters (this has {len})"),
            ));
        }
        Ok(reason.to_string())
    }
}

/// What a moderator does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Action {
    /// Hide a post, answer or comment: only its author, moderators and admins see it.
    Hide,
    Restore,
    /// Close the open flags on something without changing it.
    Dismiss,
    /// Lock a thread: no new answers, comments or votes.
    Lock,
    Unlock,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Hide => "hide",
            Action::Restore => "restore",
            Action::Dismiss => "dismiss",
            Action::Lock => "lock",
            Action::Unlock => "unlock",
        }
    }

    pub fn parse(value: &str) -> Option<Action> {
        match value {
            "hide" => Some(Action::Hide),
            "restore" => Some(Action::Restore),
            "dismiss" => Some(Action::Dismiss),
            "lock" => Some(Action::Lock),
            "unlock" => Some(Action::Unlock),
            _ => None,
        }
    }

    /// "hid", "restored", ... for the log page.
    pub fn past(self) -> &'static str {
        match self {
            Action::Hide => "hid",
            Action::Restore => "restored",
            Action::Dismiss => "dismissed the flags on",
            Action::Lock => "locked",
            Action::Unlock => "unlocked",
        }
    }

    /// What the open flags on the target become.
    pub fn resolves_flags_as(self) -> Option<FlagStatus> {
        match self {
            Action::Hide | Action::Lock => Some(FlagStatus::Actioned),
            Action::Restore | Action::Dismiss => Some(FlagStatus::Dismissed),
            Action::Unlock => None,
        }
    }
}

/// How many flags give one reason.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReasonCount {
    pub reason: FlagReason,
    pub count: i64,
}

/// One open flag, as moderators see it in the queue.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FlagNote {
    pub reason: FlagReason,
    pub note: String,
    /// Who flagged it (empty if their account is gone).
    pub reporter: String,
    pub created_at: i64,
}

/// Flagged content in the queue: one item per post, answer or comment, with its open flags.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct QueueItem {
    pub target: Target,
    pub target_id: i64,
    pub post_id: i64,
    pub post_title: String,
    /// NULL: organization-wide content (moderated by admins).
    pub community_id: Option<i64>,
    pub community_name: Option<String>,
    pub author_id: Option<i64>,
    /// Empty if the author's account is gone.
    pub author: String,
    /// The content's first 200 characters, as plain text.
    pub excerpt: String,
    pub hidden: bool,
    /// The thread (post) is locked.
    pub locked: bool,
    pub flag_count: i64,
    /// Most given first.
    pub reasons: Vec<ReasonCount>,
    /// Every open flag, oldest first.
    pub flags: Vec<FlagNote>,
    pub first_flagged_at: i64,
    /// Where the content is: `/knowledge/{post_id}`.
    pub link: String,
}

/// One page of the queue: most flagged first, then oldest.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Queue {
    /// Flagged items the viewer may act on.
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub items: Vec<QueueItem>,
}

impl Queue {
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page.max(1)).max(1)
    }
    pub fn has_next(&self) -> bool {
        self.page < self.pages()
    }
}

/// An entry of the moderation log.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LogEntry {
    pub id: i64,
    pub actor_id: Option<i64>,
    /// Empty if the moderator's account is gone.
    pub actor: String,
    pub action: Action,
    pub target: Target,
    pub target_id: i64,
    pub post_id: i64,
    /// The post's title; null when the post is gone or in a private community the viewer is not
    /// a member of.
    pub post_title: Option<String>,
    pub community_id: Option<i64>,
    /// Null for organization-wide content, a community that is gone, or a private community the
    /// viewer is not a member of.
    pub community_name: Option<String>,
    pub reason: String,
    pub created_at: i64,
    /// The target is hidden now (whatever this entry did): moderators may restore it.
    pub hidden_now: bool,
}

impl LogEntry {
    pub fn link(&self) -> String {
        format!("/knowledge/{}", self.post_id)
    }
}

/// One page of the log, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LogPage {
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub items: Vec<LogEntry>,
}

impl LogPage {
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page.max(1)).max(1)
    }
    pub fn has_next(&self) -> bool {
        self.page < self.pages()
    }
}

/// Page and page size of a list, checked.
pub fn paging(page: Option<i64>, per_page: Option<i64>, default: i64) -> AppResult<(i64, i64)> {
    let page = page.unwrap_or(1);
    if page < 1 {
        return Err(AppError::invalid("page", "page starts at 1"));
    }
    let per_page = per_page.unwrap_or(default);
    if !(1..=100).contains(&per_page) {
        return Err(AppError::invalid("per_page", "per_page is 1 to 100"));
    }
    Ok((page, per_page))
}

/// Markdown as one line of plain text, at most 200 characters: for the queue.
pub fn excerpt(markdown: &str) -> String {
    let plain: String = markdown
        .split_whitespace()
        .map(|w| w.trim_start_matches(['#', '>', '*', '_', '`']))
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
        .chars()
        .filter(|c| !matches!(c, '*' | '`'))
        .collect();
    if plain.chars().count() > 200 {
        let cut: String = plain.chars().take(199).collect();
        format!("{}…", cut.trim_end())
    } else {
        plain
    }
}

/// A post's id from `/knowledge/{post_id}`: the id, or a slug that starts with it (`12-title`).
pub fn post_key(key: &str) -> Option<i64> {
    key.split('-').next()?.parse().ok().filter(|id| *id > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_plain_and_short() {
        assert_eq!(
            excerpt("# Title\n\n**bold** and `code`"),
            "Title bold and code"
        );
        let long = "word ".repeat(100);
        let e = excerpt(&long);
        assert!(e.chars().count() <= 200 && e.ends_with('…'), "{e}");
    }

    #[test]
    fn post_keys_read_ids_and_slugs() {
        assert_eq!(post_key("12"), Some(12));
        assert_eq!(post_key("12-how-to"), Some(12));
        assert_eq!(post_key("x"), None);
        assert_eq!(post_key("0"), None);
    }

    #[test]
    fn bad_values_name_their_field() {
        assert_eq!(
            FlagReason::parse("reason", "rude")
                .err()
                .and_then(|e| e.field().map(str::to_string)),
            Some("reason".to_string())
        );
        assert!(Target::parse("target", "vote").is_err());
        let long = FlagInput {
            target: Target::Post,
            target_id: 1,
            reason: FlagReason::Other,
            note: "x".repeat(NOTE_MAX + 1),
        };
        assert_eq!(
            long.validate()
                .err()
                .and_then(|e| e.field().map(str::to_string)),
            Some("note".into())
        );
    }
}
