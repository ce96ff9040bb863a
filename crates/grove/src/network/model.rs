//! Types shown for suggestions, experts and network health.

use serde::Serialize;
use utoipa::ToSchema;

/// A member ranked for the viewer (a suggestion, or an expert on a topic), with why.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct RankedMember {
    pub id: i64,
    pub name: String,
    pub title: String,
    pub department: Option<String>,
    /// Blended score, higher first.
    pub score: f64,
    /// Strongest reason first, in words.
    pub reasons: Vec<String>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ExpertSearch {
    /// The skill the topic resolved to, if any.
    pub skill: Option<String>,
    pub experts: Vec<RankedMember>,
}

/// One department's figures (suppressed below the minimum group size).
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct GroupHealth {
    pub group: String,
    pub size: usize,
    pub suppressed: bool,
    /// -1 (all ties inside) to +1 (all ties outside).
    pub ei_index: Option<f64>,
    pub internal_density: Option<f64>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct NamedMember {
    pub id: i64,
    pub name: String,
    pub department: Option<String>,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct BrokerHealth {
    pub member: NamedMember,
    pub betweenness: f64,
    pub groups_reached: usize,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct BridgeHealth {
    pub a: NamedMember,
    pub b: NamedMember,
    /// Why this introduction helps.
    pub kind: String,
    pub score: f64,
    /// Members newly reachable.
    pub reach_gain: usize,
}

#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct SkillRiskHealth {
    pub skill: String,
    /// Members holding it at level 4 or 5.
    pub holders: usize,
    /// How many of those are teaching it to someone.
    pub holders_with_learners: usize,
}

/// The admin's network health dashboard: aggregates only, groups under the minimum size hidden.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct NetworkHealth {
    pub members: usize,
    pub ties: usize,
    pub min_group_size: usize,
    pub modularity: f64,
    pub communities: usize,
    pub components: usize,
    pub largest_component: usize,
    pub isolated: usize,
    pub peripheral: usize,
    /// Members whose departure would split the network.
    pub cut_points: usize,
    /// Organization-wide E-I index of departments.
    pub ei_index: Option<f64>,
    /// How closely the communities found follow departments (normalized mutual information, 0-1).
    pub communities_vs_departments: Option<f64>,
    pub departments: Vec<GroupHealth>,
    /// Department names, and ties between each pair (null where suppressed).
    pub matrix_groups: Vec<String>,
    pub matrix_ties: Vec<Vec<Option<u64>>>,
    pub brokers: Vec<BrokerHealth>,
    pub bridges: Vec<BridgeHealth>,
    pub knowledge_at_risk: Vec<SkillRiskHealth>,
    /// Unix time the graph was built.
    pub built_at: i64,
}
