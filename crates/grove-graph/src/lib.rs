//! grove-graph: Grove's network engine. A pure library: plain data in (members as `u32` indices,
//! typed timed ties), plain data out; no I/O, and every random choice is seeded so results repeat.
//!
//! Map of the crate:
//! - [`graph`]: the compact CSR graph, built from typed, timed edges with per-kind weights.
//! - [`recommend`]: online, per member: people to know, groups to join, experts to ask.
//! - [`centrality`]: PageRank, betweenness (exact or sampled with an error bound), degree.
//! - [`structure`]: connected components, articulation points, clustering.
//! - [`community`]: Louvain communities with Leiden's refinement, and modularity.
//! - [`groups`]: ties between caller-given groups: tie matrix, E-I index, density, NMI / ARI.
//! - [`health`]: brokers, periphery, knowledge at risk, bridging introductions, `bridge_bonus`.
//! - [`report`]: CSV helpers and [`analyze`], the whole-organization report of `grove analyze`.
//!
//! See docs/network.md for what each figure means to a lead.

#![warn(missing_docs)]

pub mod centrality;
pub mod community;
pub mod error;
pub mod graph;
pub mod groups;
pub mod health;
pub mod recommend;
pub mod report;
pub mod rng;
pub mod structure;

pub use centrality::{
    Betweenness, BetweennessOptions, PageRankOptions, betweenness, degrees, pagerank,
};
pub use community::{Communities, CommunityOptions, louvain, modularity};
pub use error::{GraphError, ParseError};
pub use graph::{BuildOptions, Edge, EdgeKind, Graph, KindWeights};
pub use groups::{
    GroupAnalysis, GroupStats, adjusted_rand_index, analyze_groups, normalized_mutual_information,
};
pub use health::{
    BridgeIndex, BridgeKind, BridgeOptions, BridgeSuggestion, Broker, LearningLink, Periphery,
    SkillHolding, SkillRisk, bridging_suggestions, brokers, knowledge_at_risk, periphery,
};
pub use recommend::{
    BlendWeights, ExpertQuery, GroupQuery, PeopleQuery, ProfileSignal, PushOptions, Reason,
    Suggestion, adamic_adar, adamic_adar_within, find_experts, personalized_pagerank,
    score_candidates, suggest_groups, suggest_people,
};
pub use report::{
    AnalyzeOptions, EdgeRow, GroupRow, Report, analyze, parse_edges_csv, parse_groups_csv,
};
pub use structure::{Components, articulation_points, clustering, connected_components};
