//! Relationship types, and the validation of what members type into a relationship's forms.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::web::page::{date, parse_date};
use crate::{AppError, AppResult};

/// A member's part in a relationship.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum MemberRole {
    Mentor,
    Mentee,
    Peer,
}

impl MemberRole {
    pub fn as_str(self) -> &'static str {
        match self {
            MemberRole::Mentor => "mentor",
            MemberRole::Mentee => "mentee",
            MemberRole::Peer => "peer",
        }
    }

    /// Reads a role stored by Grove itself.
    pub fn from_db(value: &str) -> MemberRole {
        match value {
            "mentor" => MemberRole::Mentor,
            "mentee" => MemberRole::Mentee,
            _ => MemberRole::Peer,
        }
    }

    /// The role as the pages name it.
    pub fn label(self) -> &'static str {
        match self {
            MemberRole::Mentor => "Mentor",
            MemberRole::Mentee => "Mentee",
            MemberRole::Peer => "Peer",
        }
    }

    /// Mentees and peers may ask their program for someone else; a mentor ends the relationship.
    pub fn may_request_rematch(self) -> bool {
        self != MemberRole::Mentor
    }
}

/// A relationship to create.
#[derive(Debug, Clone)]
pub struct NewMentorship {
    pub program_id: Option<i64>,
    /// The program's kind: one_on_one, group, reverse or peer.
    pub kind: String,
    /// The matching score that brought the members together, if any.
    pub score: Option<f64>,
    pub members: Vec<(i64, MemberRole)>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum MentorshipStatus {
    Active,
    Ended,
}

impl MentorshipStatus {
    pub fn from_db(value: &str) -> MentorshipStatus {
        if value == "ended" {
            MentorshipStatus::Ended
        } else {
            MentorshipStatus::Active
        }
    }
}

/// What a relationship's `kind` is called on the pages.
pub fn kind_label(kind: &str) -> &'static str {
    match kind {
        "one_on_one" => "One-on-one mentoring",
        "group" => "Group mentoring",
        "reverse" => "Reverse mentoring",
        "peer" => "Peer circle",
        _ => "Mentoring",
    }
}

/// What a relationship outside any program is called where a program name would go.
pub const INFORMAL: &str = "Informal";

/// A member of a relationship.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Member {
    pub id: i64,
    pub name: String,
    pub title: String,
    pub role: MemberRole,
}

/// A relationship in the viewer's list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MentorshipSummary {
    pub id: i64,
    pub program_id: Option<i64>,
    /// The program's name, or "Informal".
    pub program_name: String,
    pub kind: String,
    pub status: MentorshipStatus,
    pub my_role: MemberRole,
    /// Everyone in the relationship but the viewer.
    pub others: Vec<Member>,
    pub started_at: i64,
    pub ended_at: Option<i64>,
    pub last_checkin_at: Option<i64>,
    /// Goals not yet met.
    pub open_goals: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Goal {
    pub id: i64,
    pub title: String,
    pub target_on: Option<i64>,
    /// The member who proposed it (null if their account is gone).
    pub proposed_by: Option<i64>,
    pub proposed_by_name: String,
    pub created_at: i64,
    /// When another member agreed to it.
    pub agreed_at: Option<i64>,
    pub met_at: Option<i64>,
}

/// A check-in; its notes are shared with the relationship's members and no one else.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Checkin {
    pub id: i64,
    pub held_on: i64,
    pub author_id: Option<i64>,
    pub author_name: String,
    pub notes: String,
    pub created_at: i64,
}

/// A private note: only its author ever reads it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PrivateNote {
    pub id: i64,
    pub body: String,
    pub created_at: i64,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Milestone {
    pub id: i64,
    pub title: String,
    pub reached_on: i64,
    pub created_by: Option<i64>,
    pub created_by_name: String,
}

/// A member's closing feedback on the relationship.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Feedback {
    /// 1 to 5.
    pub rating: i64,
    pub comment: String,
    pub submitted_at: i64,
}

/// A relationship as one of its members sees it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Mentorship {
    pub id: i64,
    pub program_id: Option<i64>,
    /// The program's name, or "Informal".
    pub program_name: String,
    /// When the program ends; null for an informal relationship.
    pub program_ends_on: Option<i64>,
    pub kind: String,
    pub status: MentorshipStatus,
    pub started_at: i64,
    pub ended_at: Option<i64>,
    pub end_reason: String,
    /// Ended before the program's end (always, for an informal relationship).
    pub ended_early: bool,
    pub last_checkin_at: Option<i64>,
    pub my_role: MemberRole,
    pub members: Vec<Member>,
    pub goals: Vec<Goal>,
    /// Newest first.
    pub checkins: Vec<Checkin>,
    pub milestones: Vec<Milestone>,
    /// The viewer's own private notes, newest first; nobody else's are ever loaded.
    pub my_notes: Vec<PrivateNote>,
    /// The viewer's own feedback; other members' feedback is not shown to them.
    pub my_feedback: Option<Feedback>,
    /// Feedback can be given: the relationship has ended or its program has.
    pub feedback_open: bool,
}

impl Mentorship {
    pub fn is_active(&self) -> bool {
        self.status == MentorshipStatus::Active
    }
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct GoalInput {
    /// 1 to 200 characters.
    pub title: String,
    /// YYYY-MM-DD (optional).
    #[serde(default)]
    pub target_on: Option<String>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CheckinInput {
    /// The day it was held, YYYY-MM-DD: not in the future, at most a year back.
    pub held_on: String,
    /// Up to 5000 characters, shared with the relationship's members only.
    #[serde(default)]
    pub notes: String,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct NoteInput {
    /// 1 to 5000 characters; only you will ever read it.
    pub body: String,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct MilestoneInput {
    /// 1 to 200 characters.
    pub title: String,
    /// YYYY-MM-DD, not in the future.
    pub reached_on: String,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct EndInput {
    /// 1 to 500 characters, shared with the other members and the program's lead.
    pub reason: String,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct RematchInput {
    /// Optional, up to 500 characters, shared with the other members and the program's lead.
    #[serde(default)]
    pub reason: String,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct FeedbackInput {
    /// 1 (poor) to 5 (excellent).
    pub rating: i64,
    /// Up to 2000 characters.
    #[serde(default)]
    pub comment: String,
}

/// Goals, check-ins and milestones as validated for storage.
pub struct NewGoal {
    pub title: String,
    pub target_on: Option<i64>,
}

pub struct NewCheckin {
    pub held_on: i64,
    pub notes: String,
}

pub struct NewMilestone {
    pub title: String,
    pub reached_on: i64,
}

pub const TITLE_MAX: usize = 200;
pub const NOTES_MAX: usize = 5000;
pub const REASON_MAX: usize = 500;
pub const COMMENT_MAX: usize = 2000;

/// Trimmed text of `min..=max` characters.
fn text(field: &str, value: &str, min: usize, max: usize) -> AppResult<String> {
    let value = value.trim();
    let len = value.chars().count();
    if len < min {
        return Err(AppError::invalid(field, "this cannot be empty"));
    }
    if len > max {
        return Err(AppError::invalid(
            field,
            format!("use at most {max} characters (this has {len})"),
        ));
    }
    Ok(value.to_string())
}

fn day(field: &str, value: &str) -> AppResult<i64> {
    parse_date(value)
        .ok_or_else(|| AppError::invalid(field, "enter a date as YYYY-MM-DD, e.g. 2026-03-14"))
}

/// The last day that is not in the future anywhere: members in UTC+14 are a day ahead of UTC,
/// and their "today" must not be refused.
fn latest_day(now: i64) -> i64 {
    (now + 14 * 3600).div_euclid(86_400) * 86_400
}

/// A past (or today's) date.
fn past_day(field: &str, value: &str, now: i64) -> AppResult<i64> {
    let on = day(field, value)?;
    if on > latest_day(now) {
        return Err(AppError::invalid(field, "this date is in the future"));
    }
    Ok(on)
}

impl GoalInput {
    pub fn validate(&self) -> AppResult<NewGoal> {
        let title = text("title", &self.title, 1, TITLE_MAX)?;
        let target_on = match self.target_on.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(v) => Some(day("target_on", v)?),
        };
        Ok(NewGoal { title, target_on })
    }
}

impl CheckinInput {
    pub fn validate(&self, now: i64) -> AppResult<NewCheckin> {
        let held_on = past_day("held_on", &self.held_on, now)?;
        let year_back = now.div_euclid(86_400) * 86_400 - 365 * 86_400;
        if held_on < year_back {
            return Err(AppError::invalid(
                "held_on",
                format!(
                    "check-ins can be logged for the last year only (from {})",
                    date(year_back)
                ),
            ));
        }
        let notes = text("notes", &self.notes, 0, NOTES_MAX)?;
        Ok(NewCheckin { held_on, notes })
    }
}

impl NoteInput {
    pub fn validate(&self) -> AppResult<String> {
        text("body", &self.body, 1, NOTES_MAX)
    }
}

impl MilestoneInput {
    pub fn validate(&self, now: i64) -> AppResult<NewMilestone> {
        Ok(NewMilestone {
            title: text("title", &self.title, 1, TITLE_MAX)?,
            reached_on: past_day("reached_on", &self.reached_on, now)?,
        })
    }
}

impl EndInput {
    pub fn validate(&self) -> AppResult<String> {
        text("reason", &self.reason, 1, REASON_MAX).map_err(|_| {
            AppError::invalid(
                "reason",
                "say in a few words (up to 500 characters) why it ends",
            )
        })
    }
}

impl RematchInput {
    pub fn validate(&self) -> AppResult<String> {
        text("reason", &self.reason, 0, REASON_MAX)
    }
}

impl FeedbackInput {
    pub fn validate(&self) -> AppResult<(i64, String)> {
        if !(1..=5).contains(&self.rating) {
            return Err(AppError::invalid(
                "rating",
                "rate from 1 (poor) to 5 (excellent)",
            ));
        }
        Ok((self.rating, text("comment", &self.comment, 0, COMMENT_MAX)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOON_2026_11_18: i64 = 1_794_960_000 + 12 * 3600;

    #[test]
    fn checkin_dates_are_past_and_within_a_year() {
        let at = |held_on: &str| {
            CheckinInput {
                held_on: held_on.into(),
                notes: String::new(),
            }
            .validate(NOON_2026_11_18)
            .map(|c| date(c.held_on))
            .map_err(|e| e.field().unwrap_or("").to_string())
        };
        let ok = |day: &str| Ok(day.to_string());
        let refused = Err("held_on".to_string());
        assert_eq!(at("2026-11-18"), ok("2026-11-18"));
        // Already tomorrow east of UTC+12.
        assert_eq!(at("2026-11-19"), ok("2026-11-19"));
        assert_eq!(at("2026-11-20"), refused);
        assert_eq!(at("2025-11-18"), ok("2025-11-18"));
        assert_eq!(at("2025-11-17"), refused);
        assert_eq!(at("18/11/2026"), refused);
    }

    #[test]
    fn text_limits_name_the_field() {
        let long = "x".repeat(TITLE_MAX + 1);
        let err = GoalInput {
            title: long,
            target_on: None,
        }
        .validate()
        .err();
        assert_eq!(err.as_ref().and_then(|e| e.field()), Some("title"));
        let err = FeedbackInput {
            rating: 6,
            comment: String::new(),
        }
        .validate()
        .err();
        assert_eq!(err.as_ref().and_then(|e| e.field()), Some("rating"));
        assert!(
            RematchInput::default().validate().is_ok(),
            "reason is optional"
        );
        assert!(
            EndInput::default().validate().is_err(),
            "reason is required"
        );
    }
}
