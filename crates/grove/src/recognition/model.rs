//! Recognition types: kudos, reputation and its rules, badges, leaderboards; and the validation
//! of what members type into the kudos form and the leaderboard's filters.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::web::page::{date, parse_date};
use crate::{AppError, AppResult};

pub const MESSAGE_MAX: usize = 1000;
pub const TAG_MAX: usize = 50;
/// Places on a leaderboard.
pub const LEADERBOARD_SIZE: i64 = 20;

/// A member, as recognition names them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonRef {
    pub id: i64,
    pub name: String,
    pub title: String,
}

/// One of the organization's values.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ValueRef {
    pub id: i64,
    pub name: String,
}

/// The post a kudos is about.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PostRef {
    pub id: i64,
    pub title: String,
}

impl PostRef {
    /// The post's page (the knowledge module's).
    pub fn link(&self) -> String {
        format!("/knowledge/{}", self.id)
    }
}

/// A public thank-you from one member to another, for one of the organization's values.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Kudos {
    pub id: i64,
    /// None once the giver's account is deleted.
    pub from: Option<PersonRef>,
    pub to: PersonRef,
    /// None once an admin removed the value from the list.
    pub value: Option<ValueRef>,
    /// Markdown, as written.
    pub message: String,
    /// The message rendered to sanitized HTML.
    pub message_html: String,
    /// The post the help was about, while it is published and not hidden.
    pub post: Option<PostRef>,
    pub created_at: i64,
}

/// One page of kudos, newest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct KudosList {
    /// Every kudos that matches and that you may see.
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub items: Vec<Kudos>,
}

impl KudosList {
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page.max(1)).max(1)
    }
    pub fn has_next(&self) -> bool {
        self.page < self.pages()
    }
}

/// A kudos to give.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct KudosInput {
    /// The member you thank: not yourself, an active member.
    pub to_id: i64,
    /// One of the organization's values (`GET /values`).
    pub value_id: i64,
    /// What they did, in Markdown: 1 to 1000 characters.
    pub message: String,
    /// The post the help was about (optional). A post of a private community can be named only
    /// by its members, for another member.
    #[serde(default)]
    pub post_id: Option<i64>,
}

impl KudosInput {
    /// The message, trimmed and checked.
    pub fn validated_message(&self) -> AppResult<String> {
        let value = self.message.trim();
        let len = value.chars().count();
        if len == 0 {
            return Err(AppError::invalid(
                "message",
                "say what they did: a message is required",
            ));
        }
        if len > MESSAGE_MAX {
            return Err(AppError::invalid(
                "message",
                format!("use at most {MESSAGE_MAX} characters (this has {len})"),
            ));
        }
        Ok(value.to_string())
    }
}

/// Which kudos a list shows.
#[derive(Debug, Clone, Default)]
pub struct KudosQuery {
    pub value: Option<i64>,
    pub to: Option<i64>,
    pub from: Option<i64>,
    pub page: i64,
    pub per_page: i64,
}

pub const PER_PAGE_MAX: i64 = 100;

impl KudosQuery {
    pub fn new(
        value: Option<i64>,
        to: Option<i64>,
        from: Option<i64>,
        page: Option<i64>,
        per_page: Option<i64>,
    ) -> AppResult<KudosQuery> {
        let page = page.unwrap_or(1);
        if page < 1 {
            return Err(AppError::invalid("page", "page starts at 1"));
        }
        let per_page = per_page.unwrap_or(30);
        if !(1..=PER_PAGE_MAX).contains(&per_page) {
            return Err(AppError::invalid("per_page", "per_page is 1 to 100"));
        }
        Ok(KudosQuery {
            value,
            to,
            from,
            page,
            per_page,
        })
    }
}

/// The time a leaderboard or a reputation total covers: the current calendar week (from
/// Monday), month or year, in UTC, or all time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Period {
    Week,
    Month,
    Year,
    All,
}

impl Period {
    pub const ALL: [Period; 4] = [Period::Week, Period::Month, Period::Year, Period::All];

    pub fn parse(value: Option<&str>) -> AppResult<Period> {
        match value.map(str::trim) {
            None | Some("") | Some("month") => Ok(Period::Month),
            Some("week") => Ok(Period::Week),
            Some("year") => Ok(Period::Year),
            Some("all") => Ok(Period::All),
            Some(_) => Err(AppError::invalid(
                "period",
                "period is week, month, year or all",
            )),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Period::Week => "week",
            Period::Month => "month",
            Period::Year => "year",
            Period::All => "all",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Period::Week => "This week",
            Period::Month => "This month",
            Period::Year => "This year",
            Period::All => "All time",
        }
    }

    /// When the period began, for a moment `now` (Unix seconds); None for all time.
    pub fn since(self, now: i64) -> Option<i64> {
        let days = now.div_euclid(86_400);
        let today = date(now);
        match self {
            // 1970-01-01 was a Thursday: Monday is 3 days before it.
            Period::Week => Some((days - (days + 3).rem_euclid(7)) * 86_400),
            Period::Month => parse_date(&format!("{}-01", &today[..7])),
            Period::Year => parse_date(&format!("{}-01-01", &today[..4])),
            Period::All => None,
        }
    }
}

/// What earns reputation. The points are the rules documented in docs/recognition.md.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Your answer was accepted by the question's author (not your own question).
    AcceptedAnswer,
    /// Someone voted your answer up.
    AnswerUpvote,
    /// Someone voted your question, article, best practice, lesson learned or resource up.
    PostUpvote,
    /// Someone voted something of yours down.
    Downvote,
    /// You published an article, best practice, lesson learned or resource.
    Published,
    /// Someone gave you kudos.
    Kudos,
}

impl Reason {
    pub const ALL: [Reason; 6] = [
        Reason::AcceptedAnswer,
        Reason::AnswerUpvote,
        Reason::PostUpvote,
        Reason::Downvote,
        Reason::Published,
        Reason::Kudos,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Reason::AcceptedAnswer => "accepted_answer",
            Reason::AnswerUpvote => "answer_upvote",
            Reason::PostUpvote => "post_upvote",
            Reason::Downvote => "downvote",
            Reason::Published => "published",
            Reason::Kudos => "kudos",
        }
    }

    pub fn from_db(value: &str) -> Option<Reason> {
        Reason::ALL.into_iter().find(|r| r.as_str() == value)
    }

    pub fn points(self) -> i64 {
        match self {
            Reason::AcceptedAnswer => 15,
            Reason::AnswerUpvote => 10,
            Reason::PostUpvote => 5,
            Reason::Downvote => -2,
            Reason::Published => 10,
            Reason::Kudos => 20,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Reason::AcceptedAnswer => "Accepted answers",
            Reason::AnswerUpvote => "Upvotes on answers",
            Reason::PostUpvote => "Upvotes on questions and articles",
            Reason::Downvote => "Downvotes",
            Reason::Published => {
                "Articles, best practices, lessons learned and resources published"
            }
            Reason::Kudos => "Kudos received",
        }
    }
}

/// One line of a reputation's breakdown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReputationLine {
    pub reason: Reason,
    pub label: String,
    /// How many times it happened.
    pub count: i64,
    /// Points each time.
    pub each: i64,
    pub points: i64,
}

/// A member's reputation: totals per period and where the points came from (all time).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Reputation {
    pub total: i64,
    pub week: i64,
    pub month: i64,
    pub year: i64,
    pub breakdown: Vec<ReputationLine>,
}

/// A badge a member earned.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Badge {
    /// Stable: `first_answer`, `first_question`, `first_article`, `helpful`, `tag_expert:<tag>`,
    /// `appreciated`, `generous`, `mentor_of_the_year:<year>`.
    pub key: String,
    pub name: String,
    /// The rule it was earned by.
    pub description: String,
    /// When it was earned.
    pub earned_at: i64,
}

/// A member's recognition page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Recognition {
    pub member: PersonRef,
    pub reputation: Reputation,
    pub badges: Vec<Badge>,
    pub kudos_received_count: i64,
    pub kudos_given_count: i64,
    /// The latest kudos received (up to 20), newest first.
    pub kudos_received: Vec<Kudos>,
    /// Your own page only: whether you are hidden from leaderboards.
    pub leaderboard_opt_out: Option<bool>,
}

/// A community a leaderboard is about.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CommunityRef {
    pub id: i64,
    pub name: String,
    pub slug: String,
}

/// A place on a leaderboard.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct LeaderboardEntry {
    /// 1 for the most points; members with the same points share a rank (1, 2, 2, 4).
    pub rank: i64,
    pub member: PersonRef,
    pub points: i64,
}

/// The top members by points for a period, organization-wide, in a community or on a tag.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Leaderboard {
    pub period: Period,
    /// When the period began (Unix seconds); None for all time.
    pub since: Option<i64>,
    pub community: Option<CommunityRef>,
    pub tag: Option<String>,
    /// At most 20; members who opted out never appear.
    pub entries: Vec<LeaderboardEntry>,
    /// Your own points on this board (earned whether or not you appear).
    pub my_points: i64,
    /// You are hidden from leaderboards.
    pub opted_out: bool,
}

/// Which leaderboard to show.
#[derive(Debug, Clone)]
pub struct LeaderboardQuery {
    pub period: Period,
    pub community: Option<i64>,
    pub tag: Option<String>,
}

impl LeaderboardQuery {
    pub fn new(
        period: Option<&str>,
        community: Option<i64>,
        tag: Option<&str>,
    ) -> AppResult<LeaderboardQuery> {
        let tag = match tag.map(normalize_tag) {
            None => None,
            Some(t) if t.is_empty() => None,
            Some(t) if t.chars().count() > TAG_MAX => {
                return Err(AppError::invalid(
                    "tag",
                    format!("a tag has at most {TAG_MAX} characters"),
                ));
            }
            Some(t) => Some(t),
        };
        Ok(LeaderboardQuery {
            period: Period::parse(period)?,
            community,
            tag,
        })
    }
}

/// Tags are compared trimmed, lower-case, without a leading `#`.
pub fn normalize_tag(tag: &str) -> String {
    tag.trim().trim_start_matches('#').to_lowercase()
}

/// Hiding from or showing on leaderboards.
#[derive(Debug, Clone, Deserialize, Serialize, ToSchema)]
pub struct LeaderboardSetting {
    /// true: never shown on a leaderboard (points and badges are still earned).
    pub opt_out: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn periods_start_on_monday_the_first_of_the_month_and_new_year() {
        // 2026-11-18 was a Wednesday.
        let now = 1_795_000_000;
        assert_eq!(date(Period::Week.since(now).unwrap_or(0)), "2026-11-16");
        assert_eq!(date(Period::Month.since(now).unwrap_or(0)), "2026-11-01");
        assert_eq!(date(Period::Year.since(now).unwrap_or(0)), "2026-01-01");
        assert_eq!(Period::All.since(now), None);
        // A Monday is its own week's start.
        let monday = parse_date("2026-11-16").unwrap_or(0) + 3600;
        assert_eq!(date(Period::Week.since(monday).unwrap_or(0)), "2026-11-16");
    }

    #[test]
    fn messages_are_required_and_limited() {
        let input = |m: &str| KudosInput {
            to_id: 2,
            value_id: 1,
            message: m.into(),
            post_id: None,
        };
        assert_eq!(
            input("  ")
                .validated_message()
                .err()
                .as_ref()
                .and_then(|e| e.field()),
            Some("message")
        );
        assert!(input(&"é".repeat(1000)).validated_message().is_ok());
        assert!(input(&"é".repeat(1001)).validated_message().is_err());
        assert_eq!(
            input(" thanks ").validated_message().ok().as_deref(),
            Some("thanks")
        );
    }

    #[test]
    fn leaderboard_filters_are_checked() {
        assert_eq!(
            LeaderboardQuery::new(Some("decade"), None, None)
                .err()
                .as_ref()
                .and_then(|e| e.field()),
            Some("period")
        );
        let q = LeaderboardQuery::new(None, None, Some(" #Rust ")).ok();
        assert_eq!(q.as_ref().map(|q| q.period), Some(Period::Month));
        assert_eq!(q.and_then(|q| q.tag).as_deref(), Some("rust"));
    }
}
