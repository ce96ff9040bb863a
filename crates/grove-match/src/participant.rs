//! The participant form: people with profiles and the program's settings, as the application
//! stores them. Plain serde types plus their validation.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::error::InputError;
use crate::optimal::Objective;
use crate::scored::Mode;

/// Which side(s) of a program a person enrolled on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Gives mentoring.
    Mentor,
    /// Receives mentoring.
    Mentee,
    /// Either side (and always a peer in peer programs).
    Both,
}

impl Role {
    /// Can be matched as a mentor.
    pub fn mentors(self) -> bool {
        matches!(self, Role::Mentor | Role::Both)
    }
    /// Can be matched as a mentee.
    pub fn is_mentored(self) -> bool {
        matches!(self, Role::Mentee | Role::Both)
    }
}

/// A skill on a profile.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Skill {
    /// Skill name from the taxonomy (compared case-insensitively).
    pub name: String,
    /// Proficiency 1 (beginner) to 5 (expert).
    pub level: u8,
    /// Willing to teach it.
    #[serde(default)]
    pub can_teach: bool,
    /// Wants to learn it.
    #[serde(default)]
    pub wants_to_learn: bool,
}

/// One person enrolled in a program.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Participant {
    /// Unique id.
    pub id: String,
    /// Mentor, mentee or both.
    pub role: Role,
    /// Skills with levels, what they teach and want to learn.
    #[serde(default)]
    pub skills: Vec<Skill>,
    /// Goal tags ("leadership", "public speaking").
    #[serde(default)]
    pub goals: Vec<String>,
    /// The organization's values this person holds.
    #[serde(default)]
    pub values: Vec<String>,
    /// Interest tags.
    #[serde(default)]
    pub interests: Vec<String>,
    /// Languages spoken.
    #[serde(default)]
    pub languages: Vec<String>,
    /// Time zone as an offset from UTC in minutes (e.g. 60 for UTC+1).
    #[serde(default)]
    pub utc_offset_minutes: i32,
    /// Seniority level; higher is more senior.
    #[serde(default)]
    pub seniority: i32,
    /// Department, if known.
    #[serde(default)]
    pub department: Option<String>,
    /// Organization (own or partner), if known.
    #[serde(default)]
    pub organization: Option<String>,
    /// How many mentees a mentor takes (ignored for mentees).
    #[serde(default = "one")]
    pub capacity: u32,
    /// Ids this person would like to be matched with (a bonus).
    #[serde(default)]
    pub prefer: Vec<String>,
    /// Ids this person must not be matched with.
    #[serde(default)]
    pub avoid: Vec<String>,
    /// Ids of former mentors/mentees (not matched again unless allowed).
    #[serde(default)]
    pub past_partners: Vec<String>,
}

fn one() -> u32 {
    1
}

/// Weight and hard requirement of one criterion.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct CriterionSetting {
    /// Relative importance; 0 switches the criterion off.
    pub weight: f64,
    /// When true, a pair that fails the criterion is not allowed at all.
    #[serde(default)]
    pub must: bool,
}

impl CriterionSetting {
    const fn new(weight: f64, must: bool) -> Self {
        CriterionSetting { weight, must }
    }
}

/// The criteria a program scores on, each with a weight and a must flag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Criteria {
    /// Mentor teaches skills the mentee wants to learn (by level).
    pub skills: CriterionSetting,
    /// Shared goals.
    pub goals: CriterionSetting,
    /// Shared values.
    pub values: CriterionSetting,
    /// Shared interests.
    pub interests: CriterionSetting,
    /// A common language (must: at least one).
    pub languages: CriterionSetting,
    /// Close time zones (must: within `max_time_zone_hours`).
    pub time_zone: CriterionSetting,
    /// Seniority gap in the program's direction (must: mentor more senior; reverse: less).
    pub seniority: CriterionSetting,
    /// Department difference as set by `cross_department` (must: enforce it).
    pub department: CriterionSetting,
}

impl Default for Criteria {
    fn default() -> Self {
        Criteria {
            skills: CriterionSetting::new(40.0, false),
            goals: CriterionSetting::new(15.0, false),
            values: CriterionSetting::new(10.0, false),
            interests: CriterionSetting::new(5.0, false),
            languages: CriterionSetting::new(10.0, true),
            time_zone: CriterionSetting::new(10.0, false),
            seniority: CriterionSetting::new(10.0, false),
            department: CriterionSetting::new(0.0, false),
        }
    }
}

/// The kind of program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ProgramMode {
    /// One mentor, one or more mentees each (up to the mentor's capacity), individually.
    #[default]
    OneOnOne,
    /// Each mentor leads one group of up to `size` mentees.
    Group {
        /// Mentees per group.
        size: u32,
    },
    /// Reverse mentoring: the mentor is the less senior person.
    Reverse,
    /// Circles of `circle_size` equals; everyone takes part regardless of role.
    Peer {
        /// People per circle.
        circle_size: u32,
    },
}

/// Whether pairs across departments are wanted.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum CrossDepartment {
    /// Pairs from different departments score higher.
    #[default]
    Prefer,
    /// Department does not matter.
    Neutral,
    /// Pairs from the same department score higher.
    Avoid,
}

/// A score adjustment for one pair, supplied by the caller (e.g. a lead's nudge).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairBonus {
    /// Mentee id.
    pub mentee: String,
    /// Mentor id.
    pub mentor: String,
    /// Points added to the 0-100 score (may be negative); the result is kept within 0-100.
    pub bonus: f64,
}

/// A bonus for pairs that knit the organization's network together, given per group so that it
/// costs nothing per pair: `points[g][h]` for a pair whose people are in groups `g` and `h`, plus
/// each person's own `extra` (e.g. for someone outside the main network).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BridgeBonus {
    /// Group names, for the explanation.
    pub group_names: Vec<String>,
    /// Points by group pair (square, `group_names.len()` rows).
    pub points: Vec<Vec<f64>>,
    /// Per person id: their group and extra points.
    pub members: std::collections::HashMap<String, BridgeMember>,
}

/// One person's place in a [`BridgeBonus`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BridgeMember {
    /// Index into `group_names`, if grouped.
    pub group: Option<u32>,
    /// Points added to any pair with this person.
    #[serde(default)]
    pub extra: f64,
    /// Why the extra, in words ("has no ties in the network yet").
    #[serde(default)]
    pub reason: String,
}

/// How a program matches.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct ProgramSettings {
    /// Criteria weights and musts.
    pub criteria: Criteria,
    /// One-on-one, group, reverse or peer.
    pub mode: ProgramMode,
    /// Optimal (best total) or stable matching.
    pub solver: Mode,
    /// What the optimal solver maximizes.
    pub objective: Objective,
    /// Cross-department pairs preferred, neutral or avoided.
    pub cross_department: CrossDepartment,
    /// Candidates kept per mentee (best scores first); `null` considers every pair.
    pub candidate_limit: Option<usize>,
    /// Time-zone distance in hours at which the time-zone criterion reaches 0 and beyond which
    /// a `must` time zone rules the pair out.
    pub max_time_zone_hours: f64,
    /// Points added when one side listed the other in `prefer` (per side).
    pub preference_bonus: f64,
    /// Allow pairing people who were paired before.
    pub allow_past_partners: bool,
    /// Caller-supplied per-pair bonuses.
    pub bonuses: Vec<PairBonus>,
    /// Group-level bonus for pairs that bridge silos or bring isolated members in.
    pub bridge: Option<Box<BridgeBonus>>,
}

impl Default for ProgramSettings {
    fn default() -> Self {
        ProgramSettings {
            criteria: Criteria::default(),
            mode: ProgramMode::OneOnOne,
            solver: Mode::Optimal,
            objective: Objective::MaxTotal,
            cross_department: CrossDepartment::Prefer,
            candidate_limit: Some(50),
            max_time_zone_hours: 8.0,
            preference_bonus: 5.0,
            allow_past_partners: false,
            bonuses: Vec::new(),
            bridge: None,
        }
    }
}

/// Checks participants and settings; errors name the field (`participants[3].skills[0].level`).
pub fn validate(
    participants: &[Participant],
    settings: &ProgramSettings,
) -> Result<(), InputError> {
    let mut seen = HashSet::with_capacity(participants.len());
    for (k, p) in participants.iter().enumerate() {
        if p.id.is_empty() {
            return Err(InputError::new(
                format!("participants[{k}].id"),
                "must not be empty",
            ));
        }
        if !seen.insert(p.id.as_str()) {
            return Err(InputError::new(
                format!("participants[{k}].id"),
                format!("duplicate id {:?}", p.id),
            ));
        }
        for (s, skill) in p.skills.iter().enumerate() {
            if !(1..=5).contains(&skill.level) {
                return Err(InputError::new(
                    format!("participants[{k}].skills[{s}].level"),
                    format!("must be 1 to 5, got {}", skill.level),
                ));
            }
            if skill.name.trim().is_empty() {
                return Err(InputError::new(
                    format!("participants[{k}].skills[{s}].name"),
                    "must not be empty",
                ));
            }
        }
        if !(-14 * 60..=14 * 60).contains(&p.utc_offset_minutes) {
            return Err(InputError::new(
                format!("participants[{k}].utc_offset_minutes"),
                "must be between -840 and 840",
            ));
        }
    }
    let c = &settings.criteria;
    for (name, setting) in [
        ("skills", c.skills),
        ("goals", c.goals),
        ("values", c.values),
        ("interests", c.interests),
        ("languages", c.languages),
        ("time_zone", c.time_zone),
        ("seniority", c.seniority),
        ("department", c.department),
    ] {
        if !setting.weight.is_finite() || setting.weight < 0.0 {
            return Err(InputError::new(
                format!("settings.criteria.{name}.weight"),
                "must be a number >= 0",
            ));
        }
    }
    match settings.mode {
        ProgramMode::Group { size: 0 } => {
            return Err(InputError::new("settings.mode.size", "must be at least 1"));
        }
        ProgramMode::Peer { circle_size } if circle_size < 2 => {
            return Err(InputError::new(
                "settings.mode.circle_size",
                "must be at least 2",
            ));
        }
        _ => {}
    }
    if settings.candidate_limit == Some(0) {
        return Err(InputError::new(
            "settings.candidate_limit",
            "must be at least 1 (or null for every pair)",
        ));
    }
    if !(settings.max_time_zone_hours > 0.0 && settings.max_time_zone_hours <= 24.0) {
        return Err(InputError::new(
            "settings.max_time_zone_hours",
            "must be more than 0 and at most 24",
        ));
    }
    if !settings.preference_bonus.is_finite() {
        return Err(InputError::new(
            "settings.preference_bonus",
            "must be a finite number",
        ));
    }
    if let Some(bridge) = &settings.bridge {
        let n = bridge.group_names.len();
        if bridge.points.len() != n || bridge.points.iter().any(|row| row.len() != n) {
            return Err(InputError::new(
                "settings.bridge.points",
                "must be a square matrix with one row per group",
            ));
        }
        if bridge.points.iter().flatten().any(|p| !p.is_finite()) {
            return Err(InputError::new(
                "settings.bridge.points",
                "must be finite numbers",
            ));
        }
        for (id, m) in &bridge.members {
            if m.group.is_some_and(|g| g as usize >= n) || !m.extra.is_finite() {
                return Err(InputError::new(
                    format!("settings.bridge.members.{id}"),
                    "group out of range or extra not a finite number",
                ));
            }
        }
    }
    for (k, b) in settings.bonuses.iter().enumerate() {
        if !b.bonus.is_finite() {
            return Err(InputError::new(
                format!("settings.bonuses[{k}].bonus"),
                "must be a finite number",
            ));
        }
        for (field, id) in [("mentee", &b.mentee), ("mentor", &b.mentor)] {
            if !seen.contains(id.as_str()) {
                return Err(InputError::new(
                    format!("settings.bonuses[{k}].{field}"),
                    format!("unknown id {id:?}"),
                ));
            }
        }
    }
    Ok(())
}
