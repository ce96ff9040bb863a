//! Community types, and the validation of what members type into a community's forms.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::{AppError, AppResult};

/// Who can find a community and how one gets in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    /// Listed for everyone; anyone joins; everyone sees the members.
    Open,
    /// Listed for everyone; members ask to join and an owner or moderator answers; only members
    /// see the member list.
    Request,
    /// Invisible to everyone but its members (and a member it invites); joined by invitation only.
    Private,
}

impl Visibility {
    pub const ALL: [Visibility; 3] = [Visibility::Open, Visibility::Request, Visibility::Private];

    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Open => "open",
            Visibility::Request => "request",
            Visibility::Private => "private",
        }
    }

    pub fn parse(field: &str, value: &str) -> AppResult<Visibility> {
        match value.trim() {
            "open" => Ok(Visibility::Open),
            "request" => Ok(Visibility::Request),
            "private" => Ok(Visibility::Private),
            _ => Err(AppError::invalid(
                field,
                "choose open, request (by request) or private",
            )),
        }
    }

    /// Reads a visibility stored by Grove itself; anything unknown is treated as private, so a
    /// bad row hides rather than leaks.
    pub fn from_db(value: &str) -> Visibility {
        Visibility::parse("visibility", value).unwrap_or(Visibility::Private)
    }

    pub fn label(self) -> &'static str {
        match self {
            Visibility::Open => "Open",
            Visibility::Request => "By request",
            Visibility::Private => "Private",
        }
    }

    /// One line for forms and pages.
    pub fn explanation(self) -> &'static str {
        match self {
            Visibility::Open => "listed for everyone; anyone can join and see who the members are",
            Visibility::Request => {
                "listed for everyone; members ask to join and an owner or moderator answers; only members see who else is in it"
            }
            Visibility::Private => {
                "invisible to everyone who is not a member; people join only when an owner or moderator invites them"
            }
        }
    }
}

/// A member's part in a community.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum CommunityRole {
    /// Changes the community's settings and members' roles, removes anyone, and moderates.
    Owner,
    /// Answers requests, invites, and removes plain members.
    Moderator,
    Member,
}

impl CommunityRole {
    pub const ALL: [CommunityRole; 3] = [
        CommunityRole::Owner,
        CommunityRole::Moderator,
        CommunityRole::Member,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CommunityRole::Owner => "owner",
            CommunityRole::Moderator => "moderator",
            CommunityRole::Member => "member",
        }
    }

    pub fn parse(field: &str, value: &str) -> AppResult<CommunityRole> {
        match value.trim() {
            "owner" => Ok(CommunityRole::Owner),
            "moderator" => Ok(CommunityRole::Moderator),
            "member" => Ok(CommunityRole::Member),
            _ => Err(AppError::invalid(
                field,
                "choose owner, moderator or member",
            )),
        }
    }

    pub fn from_db(value: &str) -> CommunityRole {
        CommunityRole::parse("role", value).unwrap_or(CommunityRole::Member)
    }

    pub fn label(self) -> &'static str {
        match self {
            CommunityRole::Owner => "Owner",
            CommunityRole::Moderator => "Moderator",
            CommunityRole::Member => "Member",
        }
    }

    /// "an owner", "a moderator", "a member".
    pub fn with_article(self) -> &'static str {
        match self {
            CommunityRole::Owner => "an owner",
            CommunityRole::Moderator => "a moderator",
            CommunityRole::Member => "a member",
        }
    }

    /// Owners and moderators answer requests, invite and remove plain members.
    pub fn moderates(self) -> bool {
        self != CommunityRole::Member
    }
}

/// A community in a list: what anyone who may see it sees.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CommunitySummary {
    pub id: i64,
    pub name: String,
    /// `<id>-<name>`, for links: `/communities/{slug}`.
    pub slug: String,
    pub visibility: Visibility,
    /// The description's first line, as plain text (up to 200 characters).
    pub summary: String,
    pub member_count: i64,
    /// The viewer is a member.
    pub joined: bool,
    /// The viewer's role, if a member.
    pub my_role: Option<CommunityRole>,
    /// The viewer has asked to join and is waiting for an answer.
    pub request_pending: bool,
}

/// One page of communities.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CommunityList {
    /// Every community that matches and the viewer may see (private ones only if a member).
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub items: Vec<CommunitySummary>,
}

impl CommunityList {
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page.max(1)).max(1)
    }
    pub fn has_next(&self) -> bool {
        self.page < self.pages()
    }
}

/// Which communities a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ListFilter {
    /// Every community the viewer may see.
    All,
    /// The viewer's own.
    Mine,
}

impl ListFilter {
    pub fn parse(value: Option<&str>) -> AppResult<ListFilter> {
        match value.map(str::trim) {
            None | Some("") | Some("all") => Ok(ListFilter::All),
            Some("mine") => Ok(ListFilter::Mine),
            Some(_) => Err(AppError::invalid("filter", "filter is all or mine")),
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ListFilter::All => "all",
            ListFilter::Mine => "mine",
        }
    }
}

/// A list query: filter, text in the name, page.
#[derive(Debug, Clone)]
pub struct ListQuery {
    pub filter: ListFilter,
    /// Words the name must contain (case-insensitive).
    pub q: String,
    pub page: i64,
    pub per_page: i64,
}

pub const PER_PAGE_MAX: i64 = 100;

impl ListQuery {
    pub fn new(
        filter: Option<&str>,
        q: Option<&str>,
        page: Option<i64>,
        per_page: Option<i64>,
    ) -> AppResult<ListQuery> {
        let page = page.unwrap_or(1);
        if page < 1 {
            return Err(AppError::invalid("page", "page starts at 1"));
        }
        let per_page = per_page.unwrap_or(50);
        if !(1..=PER_PAGE_MAX).contains(&per_page) {
            return Err(AppError::invalid("per_page", "per_page is 1 to 100"));
        }
        let q = q.unwrap_or("").trim();
        if q.chars().count() > NAME_MAX {
            return Err(AppError::invalid(
                "q",
                format!("search for at most {NAME_MAX} characters"),
            ));
        }
        Ok(ListQuery {
            filter: ListFilter::parse(filter)?,
            q: q.to_string(),
            page,
            per_page,
        })
    }
}

/// A community's page, as the viewer may see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Community {
    pub id: i64,
    pub name: String,
    pub slug: String,
    /// Markdown, as written.
    pub description: String,
    /// The description rendered to sanitized HTML.
    pub description_html: String,
    pub visibility: Visibility,
    pub member_count: i64,
    pub created_at: i64,
    pub my_role: Option<CommunityRole>,
    /// The viewer asked to join and waits for an answer.
    pub request_pending: bool,
    /// The viewer has an invitation to accept or decline.
    pub invited: bool,
    /// What the viewer may do here.
    pub permissions: Permissions,
    /// The owners and moderators, for everyone who may see the community (they answer requests);
    /// for a private community's invitee, empty.
    pub leaders: Vec<CommunityMember>,
}

/// What the viewer may do in a community; the service enforces each of these itself.
#[derive(Debug, Clone, Copy, Default, Serialize, ToSchema)]
pub struct Permissions {
    /// Join now (an open community, not yet a member).
    pub join: bool,
    /// Ask to join (a by-request community, not a member, no request pending).
    pub request: bool,
    pub leave: bool,
    /// See the member list.
    pub see_members: bool,
    /// Answer requests, invite, remove plain members (owners and moderators).
    pub moderate: bool,
    /// Change settings and roles, remove anyone, delete (owners).
    pub manage: bool,
}

/// A member of a community.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CommunityMember {
    pub id: i64,
    pub name: String,
    pub title: String,
    pub role: CommunityRole,
    pub joined_at: i64,
}

/// One page of a community's members: owners, then moderators, then by name.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MemberPage {
    pub total: i64,
    pub page: i64,
    pub per_page: i64,
    pub items: Vec<CommunityMember>,
}

impl MemberPage {
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page.max(1)).max(1)
    }
    pub fn has_next(&self) -> bool {
        self.page < self.pages()
    }
}

/// A pending request to join, as owners and moderators see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JoinRequest {
    pub id: i64,
    pub user_id: i64,
    pub name: String,
    pub title: String,
    pub message: String,
    pub created_at: i64,
}

/// An invitation waiting for the viewer's answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Invitation {
    pub community_id: i64,
    pub name: String,
    pub slug: String,
    pub visibility: Visibility,
    /// Who invited you (empty if their account is gone).
    pub invited_by: String,
    pub created_at: i64,
}

/// A community the viewer may want to join, with why.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SuggestedCommunity {
    pub community: CommunitySummary,
    /// Higher first.
    pub score: f64,
    /// Strongest reason first, in words ("4 of your connections are members: A, B, C").
    pub reasons: Vec<String>,
}

/// A new community.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct CommunityInput {
    /// 1 to 80 characters.
    pub name: String,
    /// Markdown, up to 5000 characters.
    #[serde(default)]
    pub description: String,
    pub visibility: Visibility,
}

/// Changes to a community (owners); fields left out stay as they are.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct CommunityPatch {
    pub name: Option<String>,
    pub description: Option<String>,
    /// Moving away from `request` closes the requests still pending.
    pub visibility: Option<Visibility>,
}

#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct RequestInput {
    /// Optional, up to 500 characters, for the owners and moderators.
    #[serde(default)]
    pub message: String,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct InvitationInput {
    /// The member to invite.
    pub user_id: i64,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct RoleInput {
    pub role: CommunityRole,
}

/// A community's fields as validated for storage.
#[derive(Debug, Clone)]
pub struct NewCommunity {
    pub name: String,
    pub description: String,
    pub visibility: Visibility,
}

pub const NAME_MAX: usize = 80;
pub const DESCRIPTION_MAX: usize = 5000;
pub const MESSAGE_MAX: usize = 500;

fn name(value: &str) -> AppResult<String> {
    // Runs of spaces (and line breaks pasted into a name) become one space.
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    let len = value.chars().count();
    if len == 0 {
        return Err(AppError::invalid("name", "give the community a name"));
    }
    if len > NAME_MAX {
        return Err(AppError::invalid(
            "name",
            format!("use at most {NAME_MAX} characters (this has {len})"),
        ));
    }
    Ok(value)
}

fn description(value: &str) -> AppResult<String> {
    let value = value.trim();
    let len = value.chars().count();
    if len > DESCRIPTION_MAX {
        return Err(AppError::invalid(
            "description",
            format!("use at most {DESCRIPTION_MAX} characters (this has {len})"),
        ));
    }
    Ok(value.to_string())
}

impl CommunityInput {
    pub fn validate(&self) -> AppResult<NewCommunity> {
        Ok(NewCommunity {
            name: name(&self.name)?,
            description: description(&self.description)?,
            visibility: self.visibility,
        })
    }
}

impl CommunityPatch {
    /// The community after the patch.
    pub fn apply(&self, current: &NewCommunity) -> AppResult<NewCommunity> {
        Ok(NewCommunity {
            name: match &self.name {
                Some(n) => name(n)?,
                None => current.name.clone(),
            },
            description: match &self.description {
                Some(d) => description(d)?,
                None => current.description.clone(),
            },
            visibility: self.visibility.unwrap_or(current.visibility),
        })
    }
}

impl RequestInput {
    pub fn validate(&self) -> AppResult<String> {
        let value = self.message.trim();
        let len = value.chars().count();
        if len > MESSAGE_MAX {
            return Err(AppError::invalid(
                "message",
                format!("use at most {MESSAGE_MAX} characters (this has {len})"),
            ));
        }
        Ok(value.to_string())
    }
}

/// The key a name is compared and filtered by.
pub fn name_key(name: &str) -> String {
    name.to_lowercase()
}

/// `<id>-<words of the name>`: lower-case ASCII letters and digits, other characters as dashes,
/// at most 60 characters after the id.
pub fn slug(id: i64, name: &str) -> String {
    let mut words = String::new();
    for c in name.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            words.push(c);
        } else if !words.is_empty() && !words.ends_with('-') {
            words.push('-');
        }
    }
    let mut words: String = words.chars().take(60).collect();
    while words.ends_with('-') {
        words.pop();
    }
    if words.is_empty() {
        id.to_string()
    } else {
        format!("{id}-{words}")
    }
}

/// The id a community is addressed by: its id, or a slug (which starts with the id). The part
/// after the id is not checked, so a link made before a rename keeps working.
pub fn parse_key(key: &str) -> Option<i64> {
    let digits: &str = key.split('-').next().unwrap_or("");
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|id| *id > 0)
}

/// The first line of a description as plain text, for lists.
pub fn summary(description: &str) -> String {
    let line = description
        .lines()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("");
    // Markdown markers at the start of a line mean nothing in a one-line summary.
    let line = line.trim_start_matches(['#', '>', '-', '*', ' ']);
    let plain: String = line
        .chars()
        .filter(|c| !matches!(c, '*' | '_' | '`'))
        .collect();
    if plain.chars().count() > 200 {
        let cut: String = plain.chars().take(199).collect();
        format!("{}…", cut.trim_end())
    } else {
        plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_start_with_the_id_and_keys_read_it_back() {
        assert_eq!(slug(12, "Rust guild"), "12-rust-guild");
        assert_eq!(slug(3, "  Data & analytics!  "), "3-data-analytics");
        assert_eq!(slug(7, "設計"), "7");
        assert_eq!(slug(8, "2026"), "8-2026");
        assert_eq!(parse_key("12-rust-guild"), Some(12));
        assert_eq!(parse_key("12"), Some(12));
        assert_eq!(parse_key("12-renamed-since"), Some(12));
        assert_eq!(parse_key("rust-guild"), None);
        assert_eq!(parse_key("0"), None);
        assert_eq!(parse_key("-3"), None);
        assert_eq!(parse_key("99999999999999999999999"), None);
    }

    #[test]
    fn names_are_trimmed_and_limited() {
        let input = |n: &str| CommunityInput {
            name: n.into(),
            description: String::new(),
            visibility: Visibility::Open,
        };
        assert_eq!(
            input("  Rust \n guild ").validate().map(|c| c.name).ok(),
            Some("Rust guild".to_string())
        );
        let err = input("   ").validate().err();
        assert_eq!(err.as_ref().and_then(|e| e.field()), Some("name"));
        let err = input(&"x".repeat(81)).validate().err();
        assert_eq!(err.as_ref().and_then(|e| e.field()), Some("name"));
        assert!(input(&"é".repeat(80)).validate().is_ok());
    }

    #[test]
    fn summaries_are_one_plain_line() {
        assert_eq!(
            summary("\n## **Rust** at work\n\nMore."),
            "Rust at work".to_string()
        );
        assert_eq!(summary(&"a".repeat(300)).chars().count(), 200);
    }
}
