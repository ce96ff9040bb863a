//! Profile types and the validation of profile edits.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};

use crate::AppError;
use crate::auth::model::Role;

/// Whether a member mentors, wants a mentor, both, or neither right now.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Mentoring {
    None,
    Mentor,
    Mentee,
    Both,
}

impl Mentoring {
    pub fn as_str(self) -> &'static str {
        match self {
            Mentoring::None => "none",
            Mentoring::Mentor => "mentor",
            Mentoring::Mentee => "mentee",
            Mentoring::Both => "both",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, AppError> {
        match value {
            "none" => Ok(Mentoring::None),
            "mentor" => Ok(Mentoring::Mentor),
            "mentee" => Ok(Mentoring::Mentee),
            "both" => Ok(Mentoring::Both),
            _ => Err(AppError::invalid(
                field,
                "choose none, mentor, mentee or both",
            )),
        }
    }

    pub fn from_db(value: &str) -> Self {
        Self::parse("mentoring", value).unwrap_or(Mentoring::None)
    }

    pub fn label(self) -> &'static str {
        match self {
            Mentoring::None => "Not mentoring now",
            Mentoring::Mentor => "Open to mentor",
            Mentoring::Mentee => "Looking for a mentor",
            Mentoring::Both => "Mentors and looks for a mentor",
        }
    }

    pub fn can_mentor(self) -> bool {
        matches!(self, Mentoring::Mentor | Mentoring::Both)
    }
}

/// Who sees the full profile: everyone in the organization, or only connections.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Visibility {
    Organization,
    Connections,
}

impl Visibility {
    pub fn as_str(self) -> &'static str {
        match self {
            Visibility::Organization => "organization",
            Visibility::Connections => "connections",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, AppError> {
        match value {
            "organization" => Ok(Visibility::Organization),
            "connections" => Ok(Visibility::Connections),
            _ => Err(AppError::invalid(
                field,
                "choose organization or connections",
            )),
        }
    }

    pub fn from_db(value: &str) -> Self {
        Self::parse("visibility", value).unwrap_or(Visibility::Organization)
    }
}

/// A thing with an id and a name (department, value, organization, person).
#[derive(Clone, Debug, Serialize, ToSchema, PartialEq)]
pub struct Named {
    pub id: i64,
    pub name: String,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ProfileSkill {
    pub skill_id: i64,
    pub name: String,
    /// 1 (beginner) to 5 (expert).
    pub level: i64,
    pub can_teach: bool,
    pub wants_to_learn: bool,
    pub endorsements: i64,
    /// Whether the viewer has endorsed this skill.
    pub endorsed_by_me: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct CareerRole {
    pub title: String,
    #[serde(default)]
    pub organization: String,
    /// YYYY-MM
    pub start: String,
    /// YYYY-MM, or null for the current role.
    #[serde(default)]
    pub end: Option<String>,
}

/// A member's profile as the viewer may see it. When `restricted` is true the member shares
/// their profile with connections only, and only the name card is filled in.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Profile {
    pub id: i64,
    pub name: String,
    pub pronouns: String,
    pub title: String,
    pub department: Option<Named>,
    pub organization: Option<Named>,
    pub restricted: bool,
    pub role: Role,
    pub active: bool,
    /// Shown to the member themself and to admins.
    pub email: Option<String>,
    pub manager: Option<Named>,
    pub location: String,
    pub time_zone: String,
    pub languages: Vec<String>,
    /// Markdown as written.
    pub bio: String,
    /// Sanitized HTML.
    pub bio_html: String,
    pub skills: Vec<ProfileSkill>,
    pub interests: Vec<String>,
    pub goals: Vec<String>,
    pub values: Vec<Named>,
    pub career: Vec<CareerRole>,
    pub mentoring: Mentoring,
    pub mentor_capacity: i64,
    pub visibility: Visibility,
    /// Whether Grove may suggest this member to others ("people you may want to know").
    pub suggestible: bool,
    pub joined_at: i64,
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct SkillInput {
    /// A skill from the organization's taxonomy, by name (synonyms resolve) or id.
    #[serde(default)]
    pub skill: Option<String>,
    #[serde(default)]
    pub skill_id: Option<i64>,
    pub level: i64,
    #[serde(default)]
    pub can_teach: bool,
    #[serde(default)]
    pub wants_to_learn: bool,
}

/// A profile edit: fields left out stay as they are.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProfileUpdate {
    pub name: Option<String>,
    pub pronouns: Option<String>,
    pub title: Option<String>,
    /// Department id, or null for none.
    #[serde(default, deserialize_with = "double_option")]
    #[schema(value_type = Option<i64>)]
    pub department_id: Option<Option<i64>>,
    pub location: Option<String>,
    /// IANA name, e.g. Europe/Lisbon.
    pub time_zone: Option<String>,
    pub languages: Option<Vec<String>>,
    pub bio: Option<String>,
    pub skills: Option<Vec<SkillInput>>,
    pub interests: Option<Vec<String>>,
    pub goals: Option<Vec<String>>,
    /// Ids from the organization's list of values.
    pub value_ids: Option<Vec<i64>>,
    pub career: Option<Vec<CareerRole>>,
    pub mentoring: Option<Mentoring>,
    pub mentor_capacity: Option<i64>,
    pub visibility: Option<Visibility>,
    /// Let Grove suggest you to others.
    pub suggestible: Option<bool>,
}

fn double_option<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<i64>>, D::Error> {
    Option::<i64>::deserialize(d).map(Some)
}

/// Limits that keep a profile readable and the database small.
pub const MAX_BIO: usize = 10_000;
pub const MAX_LIST: usize = 30;

pub fn check_len(field: &str, value: &str, max: usize) -> Result<String, AppError> {
    let value = value.trim();
    if value.chars().count() > max {
        return Err(AppError::invalid(
            field,
            format!("use at most {max} characters"),
        ));
    }
    Ok(value.to_string())
}

/// Trims, drops blanks and duplicates, and checks the size of a list of short texts.
pub fn clean_list(
    field: &str,
    items: &[String],
    max_items: usize,
    max_len: usize,
) -> Result<Vec<String>, AppError> {
    let mut out: Vec<String> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let item = item.trim();
        if item.is_empty() || out.iter().any(|o| o.eq_ignore_ascii_case(item)) {
            continue;
        }
        if item.chars().count() > max_len {
            return Err(AppError::invalid(
                format!("{field}[{i}]"),
                format!("use at most {max_len} characters"),
            ));
        }
        out.push(item.to_string());
    }
    if out.len() > max_items {
        return Err(AppError::invalid(
            field,
            format!("list at most {max_items}"),
        ));
    }
    Ok(out)
}

/// Checks a YYYY-MM month.
pub fn check_month(field: &str, value: &str) -> Result<String, AppError> {
    let v = value.trim();
    let ok = v.len() == 7
        && v.as_bytes()[4] == b'-'
        && v[..4]
            .parse::<u32>()
            .is_ok_and(|y| (1900..=2200).contains(&y))
        && v[5..].parse::<u32>().is_ok_and(|m| (1..=12).contains(&m));
    if ok {
        Ok(v.to_string())
    } else {
        Err(AppError::invalid(
            field,
            "use the form YYYY-MM, e.g. 2024-03",
        ))
    }
}

/// Directory filters.
#[derive(Clone, Debug, Default, Serialize, Deserialize, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct DirectoryQuery {
    /// Words to find in names, titles, skills, bios (each word as a prefix).
    pub q: Option<String>,
    pub department_id: Option<i64>,
    /// Skill name (synonyms resolve) or id.
    pub skill: Option<String>,
    /// Minimum level for `skill`, 1-5.
    pub min_level: Option<i64>,
    pub language: Option<String>,
    pub location: Option<String>,
    /// Only members open to mentoring.
    pub can_mentor: Option<bool>,
    /// `name` (default) or `newest`.
    pub sort: Option<String>,
    /// From 1.
    pub page: Option<i64>,
    /// 1-100, default 20.
    pub per_page: Option<i64>,
}

/// Directory filters, checked and resolved.
#[derive(Clone, Debug, Default)]
pub struct DirectoryFilter {
    /// Accent-folded, lower-cased words that must each start a word of the member's text.
    pub words: Vec<String>,
    pub department_id: Option<i64>,
    /// A skill id (-1 for a name that is not in the taxonomy: nobody matches).
    pub skill_id: Option<i64>,
    pub min_level: i64,
    pub language: Option<String>,
    pub location: Option<String>,
    pub can_mentor: bool,
    pub newest_first: bool,
    pub page: i64,
    pub per_page: i64,
}

/// Matches are counted up to this many.
pub const COUNT_LIMIT: i64 = 1_000;

/// One member in the directory.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct MemberCard {
    pub id: i64,
    pub name: String,
    pub title: String,
    pub department: Option<String>,
    pub location: String,
    pub mentoring: Mentoring,
    /// The member's strongest skills (not shown for restricted profiles).
    pub top_skills: Vec<String>,
    pub restricted: bool,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct DirectoryPage {
    pub members: Vec<MemberCard>,
    /// Members matching, counted up to 1,000.
    pub total: i64,
    /// False when there are more than `total` matches.
    pub total_is_exact: bool,
    pub page: i64,
    pub per_page: i64,
}

impl DirectoryPage {
    /// A page of members out of `matches` (counted at least up to [`COUNT_LIMIT`] + 1).
    pub fn new(members: Vec<MemberCard>, matches: i64, filter: &DirectoryFilter) -> Self {
        DirectoryPage {
            members,
            total: matches.min(COUNT_LIMIT),
            total_is_exact: matches <= COUNT_LIMIT,
            page: filter.page,
            per_page: filter.per_page,
        }
    }

    /// Pages known to exist (more may follow when the count is capped).
    pub fn pages(&self) -> i64 {
        ((self.total + self.per_page - 1) / self.per_page).max(1)
    }

    pub fn has_next(&self) -> bool {
        self.page < self.pages()
    }
}

/// Choices for the directory's filters and the profile form.
#[derive(Clone, Debug, Serialize, ToSchema, Default)]
pub struct Facets {
    pub departments: Vec<Named>,
    pub languages: Vec<String>,
    pub locations: Vec<String>,
}
