//! Relationship types.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

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
