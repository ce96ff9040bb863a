//! Program, enrollment, matching-run and request types, and the checks on what leads and
//! members type.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppError;

/// The shape of a program.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ProgramKind {
    /// A mentor and a mentee (a mentor may take several mentees, each on their own).
    OneOnOne,
    /// A mentor leads a small group of mentees.
    Group,
    /// The less senior person mentors the more senior one.
    Reverse,
    /// Circles of equals who learn from each other.
    Peer,
}

impl ProgramKind {
    pub const ALL: [ProgramKind; 4] = [
        ProgramKind::OneOnOne,
        ProgramKind::Group,
        ProgramKind::Reverse,
        ProgramKind::Peer,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            ProgramKind::OneOnOne => "one_on_one",
            ProgramKind::Group => "group",
            ProgramKind::Reverse => "reverse",
            ProgramKind::Peer => "peer",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ProgramKind::OneOnOne => "One-on-one",
            ProgramKind::Group => "Group",
            ProgramKind::Reverse => "Reverse",
            ProgramKind::Peer => "Peer circles",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, AppError> {
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == value)
            .ok_or_else(|| AppError::invalid(field, "choose one-on-one, group, reverse or peer"))
    }

    pub fn from_db(value: &str) -> Self {
        Self::parse("kind", value).unwrap_or(ProgramKind::OneOnOne)
    }
}

/// Who makes the pairs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MatchingMode {
    /// The lead runs the matching, reviews it and publishes it.
    Lead,
    /// Mentees pick from ranked suggestions and ask; mentors accept or decline.
    SelfService,
}

impl MatchingMode {
    pub fn as_str(self) -> &'static str {
        match self {
            MatchingMode::Lead => "lead",
            MatchingMode::SelfService => "self_service",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, AppError> {
        match value {
            "lead" => Ok(MatchingMode::Lead),
            "self_service" => Ok(MatchingMode::SelfService),
            _ => Err(AppError::invalid(field, "choose lead or self_service")),
        }
    }

    pub fn from_db(value: &str) -> Self {
        Self::parse("matching_mode", value).unwrap_or(MatchingMode::Lead)
    }
}

/// Where a program is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Phase {
    /// Taking enrollments (within the enrollment window).
    Open,
    /// Enrollment closed by the lead; matching not yet published.
    Closed,
    /// Matching published; relationships under way.
    Running,
    /// Over.
    Ended,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Phase::Open => "open",
            Phase::Closed => "closed",
            Phase::Running => "running",
            Phase::Ended => "ended",
        }
    }

    pub fn from_db(value: &str) -> Self {
        match value {
            "closed" => Phase::Closed,
            "running" => Phase::Running,
            "ended" => Phase::Ended,
            _ => Phase::Open,
        }
    }
}

/// Who may enroll.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Audience {
    Everyone,
    /// Members of the listed departments.
    Departments,
    /// Members of the listed organizations (the home organization or partners).
    Organizations,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Everyone => "everyone",
            Audience::Departments => "departments",
            Audience::Organizations => "organizations",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Self, AppError> {
        match value {
            "everyone" => Ok(Audience::Everyone),
            "departments" => Ok(Audience::Departments),
            "organizations" => Ok(Audience::Organizations),
            _ => Err(AppError::invalid(
                field,
                "choose everyone, departments or organizations",
            )),
        }
    }

    pub fn from_db(value: &str) -> Self {
        Self::parse("audience", value).unwrap_or(Audience::Everyone)
    }
}

/// A criterion's weight and whether it is a must.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CriterionWeight {
    /// 0 (ignored) to 100.
    pub weight: f64,
    /// A pair that fails a must is never made.
    #[serde(default)]
    pub must: bool,
}

/// How pairs are scored: grove-match's criteria, as a lead sets them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct MatchingCriteria {
    pub skills: CriterionWeight,
    pub goals: CriterionWeight,
    pub values: CriterionWeight,
    pub interests: CriterionWeight,
    pub languages: CriterionWeight,
    pub time_zone: CriterionWeight,
    pub seniority: CriterionWeight,
    pub department: CriterionWeight,
    /// prefer | neutral | avoid pairs across departments.
    pub cross_department: String,
    /// Hours of time-zone difference at which the time-zone criterion reaches zero.
    pub max_time_zone_hours: f64,
    /// What the matching optimizes: best_total (the highest total score), most_matched (as
    /// many mentees matched as possible, then the best total) or fairest (as many matched,
    /// then the best lowest pair score, then the best total).
    pub objective: String,
}

impl Default for MatchingCriteria {
    fn default() -> Self {
        let d = grove_match::Criteria::default();
        let w = |c: grove_match::CriterionSetting| CriterionWeight {
            weight: c.weight,
            must: c.must,
        };
        MatchingCriteria {
            skills: w(d.skills),
            goals: w(d.goals),
            values: w(d.values),
            interests: w(d.interests),
            languages: w(d.languages),
            time_zone: w(d.time_zone),
            seniority: w(d.seniority),
            department: w(d.department),
            cross_department: "prefer".into(),
            max_time_zone_hours: 8.0,
            objective: "best_total".into(),
        }
    }
}

/// One criterion with its plain-language explanation, for the program form.
pub struct CriterionInfo {
    pub key: &'static str,
    pub label: &'static str,
    pub weight_means: &'static str,
    pub must_means: &'static str,
}

pub const CRITERIA: [CriterionInfo; 8] = [
    CriterionInfo {
        key: "skills",
        label: "Skills",
        weight_means: "The mentor teaches skills the mentee wants to learn; a higher level counts more.",
        must_means: "Only pairs where the mentor teaches at least one skill the mentee wants.",
    },
    CriterionInfo {
        key: "goals",
        label: "Goals",
        weight_means: "The two share goals (from profiles and the enrollment answers).",
        must_means: "Only pairs that share at least one goal.",
    },
    CriterionInfo {
        key: "values",
        label: "Values",
        weight_means: "The two hold the same organization values.",
        must_means: "Only pairs that share at least one value.",
    },
    CriterionInfo {
        key: "interests",
        label: "Interests",
        weight_means: "The two share interests.",
        must_means: "Only pairs that share at least one interest.",
    },
    CriterionInfo {
        key: "languages",
        label: "Languages",
        weight_means: "The two speak a language in common.",
        must_means: "Only pairs with a language in common.",
    },
    CriterionInfo {
        key: "time_zone",
        label: "Time zone",
        weight_means: "The two live in close time zones, so meetings are easy to schedule.",
        must_means: "Only pairs within the time-zone reach set below.",
    },
    CriterionInfo {
        key: "seniority",
        label: "Seniority",
        weight_means: "The mentor is more senior (less senior in reverse programs), by a useful gap.",
        must_means: "Only pairs where the mentor is more senior (less senior in reverse programs).",
    },
    CriterionInfo {
        key: "department",
        label: "Department",
        weight_means: "Counts the department rule below: across departments, or within one.",
        must_means: "Enforce the department rule: never pair against it.",
    },
];

impl MatchingCriteria {
    pub fn get(&self, key: &str) -> CriterionWeight {
        match key {
            "skills" => self.skills,
            "goals" => self.goals,
            "values" => self.values,
            "interests" => self.interests,
            "languages" => self.languages,
            "time_zone" => self.time_zone,
            "seniority" => self.seniority,
            _ => self.department,
        }
    }

    pub fn set(&mut self, key: &str, value: CriterionWeight) {
        let slot = match key {
            "skills" => &mut self.skills,
            "goals" => &mut self.goals,
            "values" => &mut self.values,
            "interests" => &mut self.interests,
            "languages" => &mut self.languages,
            "time_zone" => &mut self.time_zone,
            "seniority" => &mut self.seniority,
            _ => &mut self.department,
        };
        *slot = value;
    }

    /// Checks ranges; errors name the field (`criteria.skills.weight`).
    pub fn validate(&self) -> Result<(), AppError> {
        for info in &CRITERIA {
            let w = self.get(info.key).weight;
            if !(0.0..=100.0).contains(&w) {
                return Err(AppError::invalid(
                    format!("criteria.{}.weight", info.key),
                    "a weight is 0 to 100",
                ));
            }
        }
        if CRITERIA.iter().all(|c| self.get(c.key).weight == 0.0) {
            return Err(AppError::invalid(
                "criteria",
                "give at least one criterion a weight above 0",
            ));
        }
        if !["prefer", "neutral", "avoid"].contains(&self.cross_department.as_str()) {
            return Err(AppError::invalid(
                "criteria.cross_department",
                "choose prefer, neutral or avoid",
            ));
        }
        if !["best_total", "most_matched", "fairest"].contains(&self.objective.as_str()) {
            return Err(AppError::invalid(
                "criteria.objective",
                "choose best_total, most_matched or fairest",
            ));
        }
        if !(1.0..=12.0).contains(&self.max_time_zone_hours) {
            return Err(AppError::invalid(
                "criteria.max_time_zone_hours",
                "time-zone reach is 1 to 12 hours",
            ));
        }
        Ok(())
    }
}

/// An enrollment question.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Question {
    pub id: i64,
    pub prompt: String,
    /// choice (one option), choices (several) or text.
    pub kind: String,
    pub options: Vec<String>,
    /// What the answer adds to for matching: "" (nothing), goals, interests, values or skills
    /// (skills: the mentee wants to learn it, the mentor teaches it).
    pub criterion: String,
    /// mentor, mentee or both.
    pub asked_of: String,
    pub required: bool,
}

impl Question {
    pub fn asks(&self, role: &str) -> bool {
        self.asked_of == "both" || role == "both" || self.asked_of == role
    }
}

/// A question as a lead writes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct QuestionInput {
    pub prompt: String,
    /// choice, choices or text.
    pub kind: String,
    #[serde(default)]
    pub options: Vec<String>,
    #[serde(default)]
    pub criterion: String,
    #[serde(default = "both")]
    pub asked_of: String,
    #[serde(default)]
    pub required: bool,
}

fn both() -> String {
    "both".into()
}

/// A program as members and leads see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Program {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub kind: ProgramKind,
    /// Mentees per group (group) or people per circle (peer).
    pub group_size: i64,
    pub matching_mode: MatchingMode,
    pub phase: Phase,
    /// Dates as YYYY-MM-DD (UTC).
    pub enrollment_opens: String,
    pub enrollment_closes: String,
    pub matching_on: String,
    pub ends_on: String,
    pub audience: Audience,
    /// Department or organization ids, per `audience`.
    pub audience_ids: Vec<i64>,
    pub audience_names: Vec<String>,
    /// The most mentees a mentor takes.
    pub max_mentees: i64,
    /// Mentors may take fewer, as their profile says.
    pub capacity_from_profile: bool,
    /// Matching favours pairs that bridge silos or bring isolated members in.
    pub favour_bridges: bool,
    pub criteria: MatchingCriteria,
    /// Relationships without a check-in for this many weeks are flagged.
    pub checkin_weeks: i64,
    pub questions: Vec<Question>,
    /// Enrollment is possible now (phase open and within the window).
    pub enrollment_open: bool,
    pub created_by: Option<i64>,
}

impl Program {
    pub fn kind_label(&self) -> &'static str {
        self.kind.label()
    }

    pub fn is_self_service(&self) -> bool {
        self.matching_mode == MatchingMode::SelfService
    }

    pub fn is_peer(&self) -> bool {
        self.kind == ProgramKind::Peer
    }

    pub fn phase_label(&self) -> &'static str {
        match (self.phase, self.enrollment_open) {
            (Phase::Open, true) => "Enrollment open",
            (Phase::Open, false) => "Enrollment not open",
            (Phase::Closed, _) => "Enrollment closed",
            (Phase::Running, _) => "Running",
            (Phase::Ended, _) => "Ended",
        }
    }
}

/// What a lead fills in to create or change a program.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct ProgramInput {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// one_on_one, group, reverse or peer.
    pub kind: String,
    /// Mentees per group or people per circle (group and peer programs).
    #[serde(default)]
    pub group_size: Option<i64>,
    /// lead or self_service.
    #[serde(default = "lead")]
    pub matching_mode: String,
    /// YYYY-MM-DD.
    pub enrollment_opens: String,
    pub enrollment_closes: String,
    pub matching_on: String,
    pub ends_on: String,
    /// everyone, departments or organizations.
    #[serde(default = "everyone")]
    pub audience: String,
    #[serde(default)]
    pub audience_ids: Vec<i64>,
    #[serde(default = "two")]
    pub max_mentees: i64,
    #[serde(default = "yes")]
    pub capacity_from_profile: bool,
    #[serde(default)]
    pub favour_bridges: bool,
    #[serde(default)]
    pub criteria: Option<MatchingCriteria>,
    #[serde(default = "three")]
    pub checkin_weeks: i64,
    #[serde(default)]
    pub questions: Vec<QuestionInput>,
}

fn lead() -> String {
    "lead".into()
}
fn everyone() -> String {
    "everyone".into()
}
fn two() -> i64 {
    2
}
fn three() -> i64 {
    3
}
fn yes() -> bool {
    true
}

/// A program in a list, with the viewer's part in it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgramListing {
    pub id: i64,
    pub name: String,
    pub kind: ProgramKind,
    pub matching_mode: MatchingMode,
    pub phase: Phase,
    pub enrollment_open: bool,
    pub enrollment_closes: String,
    pub ends_on: String,
    pub enrolled: i64,
    /// The viewer's enrollment role, if enrolled.
    pub my_role: Option<String>,
}

impl ProgramListing {
    pub fn kind_label(&self) -> &'static str {
        self.kind.label()
    }
}

/// A member's enrollment.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Enrollment {
    pub id: i64,
    pub program_id: i64,
    pub user_id: i64,
    pub name: String,
    pub department: Option<String>,
    /// mentor, mentee or both.
    pub role: String,
    /// Mentees this mentor takes.
    pub capacity: i64,
    /// Question id → answers.
    pub answers: BTreeMap<i64, Vec<String>>,
    /// enrolled or withdrawn.
    pub status: String,
    pub created_at: i64,
}

/// What a member fills in to enroll.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct EnrollmentInput {
    /// mentor, mentee or both (peer programs: always both).
    pub role: String,
    /// Mentees I take (mentors); defaults to my profile's capacity within the program's maximum.
    #[serde(default)]
    pub capacity: Option<i64>,
    /// Question id → answers (one for choice and text questions, several for choices).
    #[serde(default)]
    pub answers: BTreeMap<i64, Vec<String>>,
}

/// A member invited to a program by a lead.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct InviteInput {
    pub user_ids: Vec<i64>,
}

/// A locked or forbidden pair.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct Adjustment {
    pub mentee_id: i64,
    pub mentor_id: i64,
    /// lock or forbid.
    pub kind: String,
    #[serde(default)]
    pub mentee_name: String,
    #[serde(default)]
    pub mentor_name: String,
}

/// A lead's adjustment request: lock or forbid a pair, or move a mentee to another mentor
/// (a lock that replaces the mentee's other locks).
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct AdjustmentInput {
    pub mentee_id: i64,
    pub mentor_id: i64,
    /// lock, forbid or move.
    pub kind: String,
}

/// What a matching run did to the network, when the program favours bridges (and otherwise, to
/// compare).
#[derive(Debug, Clone, Default, Serialize, Deserialize, ToSchema)]
pub struct NetworkEffect {
    pub favour_bridges: bool,
    /// Pairs whose two people are in different departments.
    pub cross_department_pairs: usize,
    /// Pairs between people who are not yet connected.
    pub new_ties: usize,
    /// Matched members who were outside the main network (no ties, or a separate cluster).
    pub isolated_brought_in: usize,
    /// Department pairs linked that had fewer ties than average between departments.
    pub weak_department_links: usize,
}

/// Someone a run left unmatched.
#[derive(Debug, Clone, Serialize, Deserialize, ToSchema)]
pub struct UnmatchedMember {
    pub id: i64,
    pub name: String,
    pub reason: String,
}

/// What a run stores besides its pairs.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct RunDetails {
    pub mentees: usize,
    pub mentors: usize,
    pub lowest_score: Option<f64>,
    pub unmatched: Vec<UnmatchedMember>,
    pub fairness: Option<grove_match::FairnessReport>,
    pub network: NetworkEffect,
    pub locks: usize,
    pub forbids: usize,
    pub candidate_pairs: usize,
}

/// A matching run, as listed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RunSummary {
    pub id: i64,
    pub program_id: i64,
    pub created_at: i64,
    pub pair_count: i64,
    pub total_score: f64,
    pub mean_score: f64,
    pub duration_ms: i64,
    pub published: bool,
}

/// One pair (or circle member) of a run.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RunPair {
    pub mentee_id: i64,
    pub mentee_name: String,
    pub mentor_id: Option<i64>,
    pub mentor_name: String,
    /// Peer circle number.
    pub circle: Option<i64>,
    pub score: f64,
    pub locked: bool,
    /// Each criterion's points and evidence.
    #[schema(value_type = Object)]
    pub breakdown: Option<grove_match::PairScore>,
}

impl RunPair {
    /// "Skills 32.0: teaches Rust (4/5)…" lines for the preview.
    pub fn explanation(&self) -> Vec<String> {
        let Some(b) = &self.breakdown else {
            return Vec::new();
        };
        let mut lines: Vec<String> = b
            .contributions
            .iter()
            .map(|c| {
                let mut line = format!("{:?} {:.1} pts", c.criterion, c.points);
                if !c.evidence.is_empty() {
                    line.push_str(": ");
                    line.push_str(&c.evidence.join("; "));
                }
                line
            })
            .collect();
        lines.extend(b.bonus_evidence.iter().cloned());
        lines
    }
}

/// A run with its pairs (one page of them), unmatched, fairness and network effect.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RunDetail {
    pub run: RunSummary,
    pub mentees: usize,
    pub mentors: usize,
    pub lowest_score: Option<f64>,
    pub unmatched: Vec<UnmatchedMember>,
    #[schema(value_type = Object)]
    pub fairness: Option<grove_match::FairnessReport>,
    pub network: NetworkEffect,
    pub locks: usize,
    pub forbids: usize,
    pub pairs: Vec<RunPair>,
    pub page: i64,
    pub pages: i64,
}

/// Two runs side by side.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RunComparison {
    pub a: RunSummary,
    pub b: RunSummary,
    pub same_pairs: usize,
    pub changed_mentees: usize,
    /// Up to 200 mentees whose mentor differs.
    pub changes: Vec<PairChange>,
}

/// A mentee whose mentor differs between two runs.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PairChange {
    pub mentee_id: i64,
    pub mentee_name: String,
    pub mentor_a: Option<String>,
    pub score_a: Option<f64>,
    pub mentor_b: Option<String>,
    pub score_b: Option<f64>,
}

/// A relationship the lead should look at.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelationshipFlag {
    pub mentorship_id: i64,
    pub members: String,
    pub started_at: i64,
    pub last_checkin_at: Option<i64>,
    pub last_reminded_at: Option<i64>,
}

/// A program's follow-up figures for its leads.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ProgramStats {
    pub mentors_enrolled: i64,
    pub mentees_enrolled: i64,
    pub withdrawn: i64,
    /// Enrolled mentees (or peers) in an active relationship of this program.
    pub matched: i64,
    pub active_relationships: i64,
    pub ended_relationships: i64,
    pub ended_early: i64,
    /// Active relationships without a check-in for `checkin_weeks` weeks.
    pub without_checkin: Vec<RelationshipFlag>,
    pub rematch_requests: Vec<RelationshipFlag>,
    pub checkins: i64,
    pub goals_set: i64,
    pub goals_agreed: i64,
    pub goals_met: i64,
    pub feedback_count: i64,
    /// Mean closing rating (1-5), shown only from the minimum group size up.
    pub mean_rating: Option<f64>,
    pub pending_requests: i64,
}

/// A mentor suggested to a mentee in a self-service program.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MentorSuggestion {
    pub mentor_id: i64,
    pub name: String,
    pub title: String,
    pub department: Option<String>,
    pub score: f64,
    pub reasons: Vec<String>,
    pub places_left: i64,
}

/// A mentee's request to a mentor (self-service programs).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MentorRequest {
    pub id: i64,
    pub program_id: i64,
    pub program_name: String,
    pub mentee_id: i64,
    pub mentee_name: String,
    pub mentor_id: i64,
    pub mentor_name: String,
    pub message: String,
    /// pending, accepted, declined or withdrawn.
    pub status: String,
    pub reason: String,
    pub score: f64,
    pub created_at: i64,
}

/// A mentee's request.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct MentorRequestInput {
    pub mentor_id: i64,
    #[serde(default)]
    pub message: String,
}

/// A mentor's answer to a request.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct RequestAnswer {
    /// Optional reason when declining.
    #[serde(default)]
    pub reason: String,
}

/// Parses a YYYY-MM-DD date into Unix seconds at midnight UTC; the error names the field.
pub fn parse_date(field: &str, value: &str) -> Result<i64, AppError> {
    crate::web::page::parse_date(value)
        .filter(|unix| *unix >= 0)
        .ok_or_else(|| AppError::invalid(field, format!("“{value}” is not a date like 2027-03-01")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip() {
        for date in ["1970-01-01", "2026-11-26", "2028-02-29", "2027-12-31"] {
            let unix = parse_date("d", date).expect(date);
            assert_eq!(crate::web::page::date(unix), date);
        }
        for bad in [
            "2027-02-29",
            "2027-13-01",
            "2027-1",
            "tomorrow",
            "2027-04-31",
        ] {
            assert!(parse_date("d", bad).is_err(), "{bad}");
        }
    }
}
