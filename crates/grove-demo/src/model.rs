//! The generated organization: plain data the application loads into its database.
//! Every `usize` that points at something is an index into the matching `Vec` of [`DemoOrg`].

use serde::Serialize;

/// A demo organization: its people, their profiles and the network between them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DemoOrg {
    /// The month career dates are relative to, `"YYYY-MM"`; `joined_days_ago` counts back from
    /// its first day. Fixed, so that output does not depend on the clock.
    pub as_of: String,
    /// Index 0 is the home organization; the others are partners.
    pub organizations: Vec<Organization>,
    /// The organization's values; members and kudos point at them by index.
    pub values: Vec<String>,
    /// Departments of the home organization; partner staff are placed in the department they
    /// work with. Some may be empty in a very small organization.
    pub departments: Vec<Department>,
    /// Every team, names unique; [`Member::team`] holds the name.
    pub teams: Vec<Team>,
    /// The skills taxonomy (all of it, used or not).
    pub skills: Vec<Skill>,
    pub members: Vec<Member>,
    /// Accepted connections, undirected: `a < b`, sorted, no duplicates.
    pub connections: Vec<(usize, usize)>,
    /// Connection requests not yet answered, `(from, to)`, between members not connected.
    pub pending_requests: Vec<(usize, usize)>,
    /// `(follower, followed)`, sorted, no duplicates or self-follows.
    pub follows: Vec<(usize, usize)>,
    /// Only between connected members, on a skill the endorsed member has.
    pub endorsements: Vec<Endorsement>,
    /// Members to sign in as when showing the demo.
    pub accounts: DemoAccounts,
}

impl DemoOrg {
    /// The org admin (always member 0, a People person).
    pub fn demo_admin(&self) -> usize {
        self.accounts.admin
    }

    /// A program lead (Learning & Development when there is one).
    pub fn demo_lead(&self) -> usize {
        self.accounts.lead
    }

    /// An ordinary, well-connected member of the home organization.
    pub fn demo_member(&self) -> usize {
        self.accounts.member
    }
}

/// Members to sign in as; three different people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DemoAccounts {
    pub admin: usize,
    pub lead: usize,
    pub member: usize,
}

/// The home organization or a partner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Organization {
    pub name: String,
    /// E-mail domain of its staff (`*.example`, never deliverable).
    pub domain: String,
    pub partner: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Department {
    pub name: String,
    /// The head of the department, if it has anyone.
    pub head: Option<usize>,
}

/// A team of 5-12 people (smaller only when its department is tiny); leadership groups of a
/// large department (the head and directors) are teams too.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Team {
    pub name: String,
    pub organization: usize,
    pub department: usize,
    /// The member the others in the team report to: the team lead, or the head of a small
    /// department who leads its first team. For a leadership team below the top, the director
    /// its members report to (who sits in the leadership team above). `None` for a tiny team
    /// whose members report to a director or head outside it.
    pub lead: Option<usize>,
}

/// A skill of the taxonomy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Skill {
    pub name: String,
    /// "Programming languages", "Finance", "Leadership & management", ...
    pub category: String,
}

/// A person and their profile.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Member {
    pub first_name: String,
    pub last_name: String,
    /// Display name, "First Last".
    pub name: String,
    /// Unique, ASCII, `first.last[N]@domain` of their organization.
    pub email: String,
    /// "she/her", "he/him", "they/them", ...; set for some members only.
    pub pronouns: Option<String>,
    pub organization: usize,
    pub department: usize,
    pub team: String,
    /// Job title matching department and seniority: "Senior Data Engineer", "Head of Finance".
    pub title: String,
    /// 1 junior, 2 mid, 3 senior, 4 team lead, 5 director, 6 head of department or chief
    /// executive. A manager's seniority is never below their report's, and strictly above it
    /// for reports of seniority 1-4.
    pub seniority: u8,
    pub manager: Option<usize>,
    pub role: Role,
    /// "Lisbon, Portugal".
    pub location: String,
    /// IANA time zone, "Europe/Lisbon".
    pub time_zone: String,
    /// Standard-time offset of `time_zone` (without daylight saving).
    pub utc_offset_minutes: i32,
    /// Languages spoken, by English name ("Portuguese"), the local one first; never empty.
    pub languages: Vec<String>,
    /// 5-15 skills, distinct.
    pub skills: Vec<MemberSkill>,
    /// Interest tags, lower case except proper nouns and acronyms.
    pub interests: Vec<String>,
    /// Short career goals: "Move into people management".
    pub goals: Vec<String>,
    /// 2-3 distinct indices into [`DemoOrg::values`].
    pub values: Vec<usize>,
    /// Two or three sentences of Markdown.
    pub bio: String,
    /// Career history, most recent first; the first entry is the current role (`end: None`).
    pub career: Vec<CareerRole>,
    pub mentoring: Mentoring,
    /// How many mentees they take at once; 0 unless `mentoring` is Mentor or Both.
    pub mentor_capacity: u8,
    /// Days since they joined their organization (partners: since the partnership took them on),
    /// counted back from the first day of [`DemoOrg::as_of`].
    pub joined_days_ago: u32,
}

/// A skill a member has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct MemberSkill {
    /// Index into [`DemoOrg::skills`].
    pub skill: usize,
    /// 1 (beginner) to 5 (expert).
    pub level: u8,
    pub can_teach: bool,
    pub wants_to_learn: bool,
}

/// One job in a career history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CareerRole {
    pub title: String,
    pub organization: String,
    /// `"YYYY-MM"`.
    pub start: String,
    /// `"YYYY-MM"`; `None` for the current role.
    pub end: Option<String>,
}

/// Whether a member offers or seeks mentoring.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Mentoring {
    None,
    Mentor,
    Mentee,
    Both,
}

/// What a member may do on the platform.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    Member,
    /// Runs programs, events or communities (L&D, HR, community managers).
    Lead,
    Admin,
}

/// `from` vouches for `to` on `skill` (index into [`DemoOrg::skills`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Endorsement {
    pub from: usize,
    pub to: usize,
    pub skill: usize,
}
