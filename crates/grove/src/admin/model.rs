//! Types of the organization's settings and taxonomy.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::auth::model::Role;

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Department {
    pub id: i64,
    pub name: String,
    pub members: i64,
}

/// One of the values the organization stands for; members pick theirs, kudos cite them.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct OrgValue {
    pub id: i64,
    pub name: String,
    pub description: String,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Skill {
    pub id: i64,
    pub name: String,
    pub category: String,
    /// Members who list it.
    pub members: i64,
    /// Other names that resolve to this skill.
    pub aliases: Vec<String>,
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct NameInput {
    pub name: String,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub category: Option<String>,
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct MergeInput {
    /// The skill that stays; the merged one becomes its synonym.
    pub into: i64,
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct RoleInput {
    pub role: Role,
}

#[derive(Clone, Debug, Serialize, Deserialize, ToSchema)]
pub struct OrgSettings {
    pub organization_name: String,
    /// E-mail domains whose owners may sign up without an invitation.
    pub signup_domains: Vec<String>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct AuditEntry {
    pub at: i64,
    pub actor: Option<String>,
    pub action: String,
    pub detail: String,
}
