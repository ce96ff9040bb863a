//! Knowledge types, and the validation of what members type into posts, answers, comments and
//! searches.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{AppError, AppResult};

/// What a post is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum PostKind {
    Article,
    BestPractice,
    LessonLearned,
    Resource,
    /// Takes answers; its asker accepts one.
    Question,
}

impl PostKind {
    pub const ALL: [PostKind; 5] = [
        PostKind::Question,
        PostKind::Article,
        PostKind::BestPractice,
        PostKind::LessonLearned,
        PostKind::Resource,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            PostKind::Article => "article",
            PostKind::BestPractice => "best_practice",
            PostKind::LessonLearned => "lesson_learned",
            PostKind::Resource => "resource",
            PostKind::Question => "question",
        }
    }

    pub fn parse(field: &str, value: &str) -> AppResult<PostKind> {
        PostKind::ALL
            .into_iter()
            .find(|k| k.as_str() == value.trim())
            .ok_or_else(|| {
                AppError::invalid(
                    field,
                    "choose question, article, best_practice, lesson_learned or resource",
                )
            })
    }

    /// Reads a kind stored by Grove itself.
    pub fn from_db(value: &str) -> PostKind {
        PostKind::parse("kind", value).unwrap_or(PostKind::Article)
    }

    pub fn label(self) -> &'static str {
        match self {
            PostKind::Article => "Article",
            PostKind::BestPractice => "Best practice",
            PostKind::LessonLearned => "Lesson learned",
            PostKind::Resource => "Resource",
            PostKind::Question => "Question",
        }
    }

    pub fn plural(self) -> &'static str {
        match self {
            PostKind::Article => "Articles",
            PostKind::BestPractice => "Best practices",
            PostKind::LessonLearned => "Lessons learned",
            PostKind::Resource => "Resources",
            PostKind::Question => "Questions",
        }
    }

    pub fn is_question(self) -> bool {
        self == PostKind::Question
    }
}

/// A member as content shows them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Author {
    pub id: i64,
    pub name: String,
}

/// The community a post is in.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CommunityRef {
    pub id: i64,
    pub name: String,
    /// Private communities' posts are seen by their members only.
    pub private: bool,
}

impl CommunityRef {
    pub fn link(&self) -> String {
        crate::communities::model::slug(self.id, &self.name)
    }
}

/// A post as lists and search show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PostSummary {
    pub id: i64,
    pub kind: PostKind,
    pub title: String,
    /// None: organization-wide.
    pub community: Option<CommunityRef>,
    /// None when the author's account was deleted.
    pub author: Option<Author>,
    pub tags: Vec<String>,
    pub draft: bool,
    pub score: i64,
    pub answer_count: i64,
    pub comment_count: i64,
    /// A question whose asker accepted an answer.
    pub accepted: bool,
    pub hidden: bool,
    pub locked: bool,
    pub created_at: i64,
    pub published_at: Option<i64>,
    pub activity_at: i64,
}

/// What the viewer may do with a post.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct PostPermissions {
    pub edit: bool,
    pub answer: bool,
    pub comment: bool,
    pub vote: bool,
    pub accept: bool,
    /// Hide, restore and lock (a moderator of its community, or an admin).
    pub moderate: bool,
}

/// A post with everything its page shows.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Post {
    #[serde(flatten)]
    pub summary: PostSummary,
    /// Markdown, as written.
    pub body: String,
    /// Rendered and sanitized.
    pub body_html: String,
    pub revision: i64,
    pub updated_at: i64,
    /// The viewer's vote: -1, 0 or 1.
    pub my_vote: i64,
    pub bookmarked: bool,
    pub following: bool,
    pub accepted_answer_id: Option<i64>,
    pub permissions: PostPermissions,
    pub answers: Vec<Answer>,
    /// Comments on the post itself.
    pub comments: Vec<Comment>,
    pub related: Vec<PostSummary>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Answer {
    pub id: i64,
    pub author: Option<Author>,
    pub body: String,
    pub body_html: String,
    pub score: i64,
    pub accepted: bool,
    /// Seen only by its author and moderators.
    pub hidden: bool,
    pub created_at: i64,
    pub my_vote: i64,
    pub comments: Vec<Comment>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Comment {
    pub id: i64,
    /// None: on the post itself.
    pub answer_id: Option<i64>,
    pub author: Option<Author>,
    pub body: String,
    pub body_html: String,
    pub hidden: bool,
    pub created_at: i64,
}

/// One saved version of a post.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Revision {
    pub number: i64,
    pub title: String,
    pub tags: Vec<String>,
    pub author: Option<Author>,
    pub note: String,
    pub created_at: i64,
}

/// A revision with its text and what changed from the one before.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RevisionDetail {
    #[serde(flatten)]
    pub revision: Revision,
    pub body: String,
    /// Compared with revision `compared_with` (none for the first).
    pub compared_with: Option<i64>,
    pub diff: Vec<DiffLine>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum DiffOp {
    Same,
    Added,
    Removed,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DiffLine {
    pub op: DiffOp,
    pub text: String,
}

/// A new post, or the new version of one.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct PostInput {
    pub kind: PostKind,
    /// None: organization-wide. Posting in a community takes being its member.
    #[serde(default)]
    pub community_id: Option<i64>,
    pub title: String,
    /// Markdown.
    pub body: String,
    /// Up to 5 tags: letters, digits and `-`, `+`, `#`, `.` (spaces become `-`).
    #[serde(default)]
    pub tags: Vec<String>,
    /// Save as a draft, seen by you only.
    #[serde(default)]
    pub draft: bool,
}

/// A change to a post: every field given replaces the current one and makes a new revision.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct PostPatch {
    pub title: Option<String>,
    pub body: Option<String>,
    pub tags: Option<Vec<String>>,
    /// What changed, shown in the history.
    #[serde(default)]
    pub note: Option<String>,
    /// Publish a draft.
    #[serde(default)]
    pub publish: bool,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct TextInput {
    /// Markdown.
    pub body: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct CommentInput {
    /// The answer commented on; none for the post itself.
    #[serde(default)]
    pub answer_id: Option<i64>,
    /// Markdown, up to 2,000 characters.
    pub body: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct VoteInput {
    /// 1 (up), -1 (down) or 0 (take back).
    pub value: i64,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AcceptInput {
    /// The accepted answer; null to accept none.
    pub answer_id: Option<i64>,
}

/// The title, body and tags as checked: trimmed, within limits, tags normalized.
#[derive(Debug, Clone)]
pub struct PostText {
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
}

pub const MAX_TAGS: usize = 5;
pub const MAX_BODY: usize = 50_000;
pub const MAX_COMMENT: usize = 2_000;

impl PostText {
    pub fn new(title: &str, body: &str, tags: &[String]) -> AppResult<PostText> {
        let title = title.trim();
        let chars = title.chars().count();
        if chars < 5 {
            return Err(AppError::invalid(
                "title",
                "write a title of at least 5 characters",
            ));
        }
        if chars > 200 {
            return Err(AppError::invalid(
                "title",
                "keep the title to 200 characters",
            ));
        }
        let body = check_body("body", body, MAX_BODY)?;
        Ok(PostText {
            title: title.to_string(),
            body,
            tags: normalize_tags(tags)?,
        })
    }
}

/// Checks a Markdown body: not empty, at most `max` characters.
pub fn check_body(field: &str, body: &str, max: usize) -> AppResult<String> {
    let body = body.trim();
    if body.is_empty() {
        return Err(AppError::invalid(field, "write something first"));
    }
    if body.chars().count() > max {
        return Err(AppError::invalid(
            field,
            format!("keep it to {max} characters"),
        ));
    }
    Ok(body.to_string())
}

/// Tags as stored: lower-case, spaces as `-`, letters, digits and `-+#.` only, 1-32 characters,
/// each once, at most [`MAX_TAGS`].
pub fn normalize_tags(tags: &[String]) -> AppResult<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for raw in tags
        .iter()
        .flat_map(|t| t.split(','))
        .map(str::trim)
        .filter(|t| !t.is_empty())
    {
        let tag = normalize_tag(raw)?;
        if !out.contains(&tag) {
            out.push(tag);
        }
    }
    if out.len() > MAX_TAGS {
        return Err(AppError::invalid(
            "tags",
            format!("use at most {MAX_TAGS} tags"),
        ));
    }
    Ok(out)
}

pub fn normalize_tag(raw: &str) -> AppResult<String> {
    let tag: String = raw
        .trim()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-");
    let chars = tag.chars().count();
    if chars == 0 || chars > 32 {
        return Err(AppError::invalid("tags", "a tag has 1 to 32 characters"));
    }
    if !tag
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '+' | '#' | '.'))
    {
        return Err(AppError::invalid(
            "tags",
            format!("\"{raw}\": a tag has letters, digits and - + # . only"),
        ));
    }
    Ok(tag)
}

/// A member's mention handle: their name accent-folded, lower-cased, words joined by dots
/// ("José Núñez" → "jose.nunez").
pub fn handle(name: &str) -> String {
    crate::db::dialect::search_words(name).join(".")
}

/// Tags as a form shows them: "kubernetes, ci-cd".
pub fn tags_text(tags: &[String]) -> String {
    tags.join(", ")
}

/// How a list of posts is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeedSort {
    /// Latest answer, comment or edit first.
    Activity,
    Newest,
    /// Highest score first.
    Top,
    /// Questions with no answer yet, oldest first: the ones waiting longest.
    Unanswered,
}

impl FeedSort {
    pub const ALL: [FeedSort; 4] = [
        FeedSort::Activity,
        FeedSort::Newest,
        FeedSort::Top,
        FeedSort::Unanswered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FeedSort::Activity => "activity",
            FeedSort::Newest => "newest",
            FeedSort::Top => "top",
            FeedSort::Unanswered => "unanswered",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            FeedSort::Activity => "Active",
            FeedSort::Newest => "Newest",
            FeedSort::Top => "Top",
            FeedSort::Unanswered => "Unanswered",
        }
    }

    pub fn parse(value: Option<&str>) -> AppResult<FeedSort> {
        match value.map(str::trim).unwrap_or("") {
            "" => Ok(FeedSort::Activity),
            v => FeedSort::ALL
                .into_iter()
                .find(|s| s.as_str() == v)
                .ok_or_else(|| {
                    AppError::invalid("sort", "choose activity, newest, top or unanswered")
                }),
        }
    }
}

/// Which posts a list or a search shows. Every filter narrows; none given: everything the
/// viewer may see.
#[derive(Debug, Clone)]
pub struct PostFilter {
    pub kind: Option<PostKind>,
    pub community_id: Option<i64>,
    pub tag: Option<String>,
    pub author_id: Option<i64>,
    /// Published on or after (unix seconds).
    pub from: Option<i64>,
    /// Published before (unix seconds).
    pub to: Option<i64>,
    /// Questions with (true) or without (false) an answer.
    pub answered: Option<bool>,
    pub page: i64,
}

impl Default for PostFilter {
    fn default() -> Self {
        PostFilter {
            kind: None,
            community_id: None,
            tag: None,
            author_id: None,
            from: None,
            to: None,
            answered: None,
            page: 1,
        }
    }
}

pub const PAGE_SIZE: i64 = 20;

/// One page of posts.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PostPage {
    pub items: Vec<PostSummary>,
    pub page: i64,
    /// The next page's number; null on the last page.
    pub next_page: Option<i64>,
}

/// A post found by a search, with the words found marked.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchHit {
    #[serde(flatten)]
    pub post: PostSummary,
    /// The title as HTML, the words searched for in `<mark>`.
    pub title_html: String,
    /// A passage of the body (or its answers) as HTML, the words found in `<mark>`.
    pub snippet: String,
}

/// A member found by a search.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PersonHit {
    pub id: i64,
    pub name: String,
    pub title: String,
    pub department: Option<String>,
}

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SearchResults {
    pub query: String,
    pub items: Vec<SearchHit>,
    /// Members whose name, title, skills or profile match (first page only).
    pub people: Vec<PersonHit>,
    pub page: i64,
    pub next_page: Option<i64>,
}

/// A tag with how many posts the viewer can see carry it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TagCount {
    pub tag: String,
    pub posts: i64,
}

/// Someone suggested an unanswered question.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RoutedQuestion {
    pub post_id: i64,
    pub user_id: i64,
    pub reason: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_normalized_deduplicated_and_limited() {
        let tags = normalize_tags(&["Machine Learning, c++".into(), "machine learning".into()])
            .map_err(|e| e.user_message());
        assert_eq!(tags, Ok(vec!["machine-learning".to_string(), "c++".into()]));
        assert!(normalize_tags(&["a,b,c,d,e,f".into()]).is_err());
        assert!(normalize_tags(&["<script>".into()]).is_err());
        assert_eq!(
            normalize_tags(&["知识管理".into()]).map_err(|e| e.user_message()),
            Ok(vec!["知识管理".to_string()])
        );
    }

    #[test]
    fn titles_and_bodies_are_checked() {
        assert_eq!(
            PostText::new("Hi", "body", &[])
                .err()
                .and_then(|e| e.field().map(String::from)),
            Some("title".into())
        );
        assert_eq!(
            PostText::new("A good title", "   ", &[])
                .err()
                .and_then(|e| e.field().map(String::from)),
            Some("body".into())
        );
    }
}
