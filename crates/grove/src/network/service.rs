//! Network rules: the cached organization graph and who may see what of it. Suggestions and
//! expert search are for every member; network health is for admins, aggregates only, with
//! groups under the minimum size suppressed (the engine enforces it).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use grove_graph::{
    BuildOptions, Edge, EdgeKind, ExpertQuery, Graph, PeopleQuery, ProfileSignal, Reason,
};

use super::model::*;
use super::store;
use crate::auth::model::Viewer;
use crate::db::now;
use crate::web::AppState;
use crate::{AppError, AppResult};

/// The graph is rebuilt from the database when it is older than this. Each member's own fresh
/// connections and requests are still read live, so nobody is suggested someone they just asked.
pub const GRAPH_MAX_AGE: Duration = Duration::from_secs(120);
/// The health report (betweenness, communities) is recomputed at most this often.
pub const HEALTH_MAX_AGE: Duration = Duration::from_secs(600);

/// The organization's graph with the names to explain it.
pub struct OrgGraph {
    pub graph: Graph,
    /// Node index → member id.
    pub ids: Vec<i64>,
    pub index: HashMap<i64, u32>,
    pub names: Vec<String>,
    pub titles: Vec<String>,
    pub department_of: Vec<Option<u32>>,
    pub department_names: Vec<String>,
    pub holdings: Vec<grove_graph::SkillHolding>,
    pub skill_names: HashMap<u32, String>,
    pub built: Instant,
    pub built_at: i64,
}

impl OrgGraph {
    fn department(&self, node: u32) -> Option<String> {
        self.department_of
            .get(node as usize)
            .copied()
            .flatten()
            .and_then(|d| self.department_names.get(d as usize).cloned())
    }

    fn describe(&self, reason: &Reason) -> String {
        reason.describe(
            &|m| self.names.get(m as usize).cloned().unwrap_or_default(),
            &|g| {
                self.department_names
                    .get(g as usize)
                    .cloned()
                    .unwrap_or_default()
            },
        )
    }

    fn ranked(&self, suggestions: &[grove_graph::Suggestion]) -> Vec<RankedMember> {
        suggestions
            .iter()
            .map(|s| RankedMember {
                id: self.ids[s.id as usize],
                name: self.names[s.id as usize].clone(),
                title: self.titles[s.id as usize].clone(),
                department: self.department(s.id),
                score: s.score,
                reasons: s.reasons.iter().map(|r| self.describe(r)).collect(),
            })
            .collect()
    }

    fn member(&self, node: u32) -> NamedMember {
        NamedMember {
            id: self.ids[node as usize],
            name: self.names[node as usize].clone(),
            department: self.department(node),
        }
    }

    fn node_of(&self, ids: &[i64]) -> Vec<u32> {
        let mut nodes: Vec<u32> = ids
            .iter()
            .filter_map(|id| self.index.get(id).copied())
            .collect();
        nodes.sort_unstable();
        nodes.dedup();
        nodes
    }
}

async fn build(state: &AppState) -> AppResult<OrgGraph> {
    let rows = store::network_rows(&state.db).await?;
    let ids: Vec<i64> = rows.members.iter().map(|m| m.0).collect();
    let index: HashMap<i64, u32> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| (*id, i as u32))
        .collect();
    let dept_index: HashMap<i64, u32> = rows
        .departments
        .iter()
        .enumerate()
        .map(|(i, d)| (d.0, i as u32))
        .collect();
    let mut edges =
        Vec::with_capacity(rows.connections.len() + rows.follows.len() + rows.endorsements.len());
    for (list, kind) in [
        (&rows.connections, EdgeKind::Connection),
        (&rows.follows, EdgeKind::Follow),
        (&rows.endorsements, EdgeKind::Kudos),
        (&rows.kudos, EdgeKind::Kudos),
        (&rows.answered, EdgeKind::Answered),
        (&rows.mentorships, EdgeKind::Mentorship),
    ] {
        for &(a, b, time) in list {
            if let (Some(&source), Some(&target)) = (index.get(&a), index.get(&b)) {
                edges.push(Edge {
                    source,
                    target,
                    kind,
                    weight: 1.0,
                    time,
                });
            }
        }
    }
    let graph = Graph::from_edges(ids.len(), &edges, &BuildOptions::default())
        .map_err(|e| anyhow::anyhow!("network graph: {e}"))?;
    let holdings = rows
        .holdings
        .iter()
        .filter_map(|&(m, s, level)| {
            Some(grove_graph::SkillHolding {
                member: *index.get(&m)?,
                skill: s as u32,
                level: level.clamp(1, 5) as u8,
            })
        })
        .collect();
    Ok(OrgGraph {
        graph,
        names: rows.members.iter().map(|m| m.1.clone()).collect(),
        titles: rows.members.iter().map(|m| m.2.clone()).collect(),
        department_of: rows
            .members
            .iter()
            .map(|m| m.3.and_then(|d| dept_index.get(&d).copied()))
            .collect(),
        department_names: rows.departments.iter().map(|d| d.1.clone()).collect(),
        holdings,
        skill_names: rows
            .skills
            .into_iter()
            .map(|(id, n)| (id as u32, n))
            .collect(),
        ids,
        index,
        built: Instant::now(),
        built_at: now(),
    })
}

/// The cached graph, rebuilt when older than [`GRAPH_MAX_AGE`]; one request rebuilds while the
/// others keep using the previous graph.
pub async fn graph(state: &AppState) -> AppResult<Arc<OrgGraph>> {
    let current = state.cache.graph.read().await.clone();
    if let Some(g) = &current
        && g.built.elapsed() < GRAPH_MAX_AGE
    {
        return Ok(g.clone());
    }
    let Ok(_guard) = state.cache.graph_rebuild.try_lock() else {
        if let Some(g) = current {
            return Ok(g);
        }
        let _wait = state.cache.graph_rebuild.lock().await;
        return state
            .cache
            .graph
            .read()
            .await
            .clone()
            .ok_or_else(|| anyhow::anyhow!("network graph unavailable").into());
    };
    let fresh = Arc::new(build(state).await?);
    *state.cache.graph.write().await = Some(fresh.clone());
    Ok(fresh)
}

/// People the viewer may want to know: mutual connections, closeness in the network, and people
/// who teach what the viewer wants to learn; never someone already connected or asked, someone
/// who opted out, or a dismissed suggestion.
pub async fn suggest_people(
    state: &AppState,
    viewer: &Viewer,
    limit: usize,
) -> AppResult<Vec<RankedMember>> {
    let org = graph(state).await?;
    let Some(&me) = org.index.get(&viewer.id) else {
        return Ok(Vec::new());
    };
    let db = &state.db;
    let mut pending_ids = store::current_ties(db, viewer.id).await?;
    pending_ids.push(viewer.id);
    let pending = org.node_of(&pending_ids);
    let opted_out = org.node_of(&store::opted_out(db).await?);
    let dismissed = org.node_of(&store::dismissed(db, viewer.id).await?);

    let mut by_candidate: HashMap<u32, (f64, Vec<String>)> = HashMap::new();
    for (member, skill, level) in store::teachers_of_my_goals(db, viewer.id).await? {
        if let Some(&node) = org.index.get(&member) {
            let entry = by_candidate.entry(node).or_insert((0.0, Vec::new()));
            entry.0 = (entry.0 + 0.2 + 0.1 * level as f64).min(1.0);
            if entry.1.len() < 2 {
                entry.1.push(format!(
                    "teaches {skill} ({level}/5), which you want to learn"
                ));
            }
        }
    }
    let profile: Vec<ProfileSignal> = by_candidate
        .into_iter()
        .map(|(candidate, (score, reasons))| ProfileSignal {
            candidate,
            score,
            reasons,
        })
        .collect();
    let mut query = PeopleQuery::new(me, limit);
    query.pending = &pending;
    query.opted_out = &opted_out;
    query.dismissed = &dismissed;
    query.profile = &profile;
    query.group_of = Some(&org.department_of);
    let suggestions = grove_graph::suggest_people(&org.graph, &query)
        .map_err(|e| anyhow::anyhow!("suggestions: {e}"))?;
    Ok(org.ranked(&suggestions))
}

pub async fn dismiss(state: &AppState, viewer: &Viewer, member: i64) -> AppResult<()> {
    if !crate::connections::store::active_member_exists(&state.db, member).await? {
        return Err(AppError::NotFound);
    }
    Ok(store::dismiss(&state.db, viewer.id, member).await?)
}

/// Experts on a topic (a skill from the taxonomy): level, teaching, endorsements, accepted
/// answers and articles tagged with it as evidence, blended with how close they are to the asker.
pub async fn find_experts(
    state: &AppState,
    viewer: &Viewer,
    topic: &str,
    limit: usize,
) -> AppResult<ExpertSearch> {
    let topic = topic.trim();
    if topic.is_empty() {
        return Err(AppError::invalid(
            "topic",
            "name a skill or topic, e.g. Kubernetes",
        ));
    }
    let db = &state.db;
    let Some(skill) = crate::admin::store::resolve_skill(db, topic).await? else {
        return Ok(ExpertSearch {
            skill: None,
            experts: Vec::new(),
        });
    };
    let org = graph(state).await?;
    let skill_name = org
        .skill_names
        .get(&(skill as u32))
        .cloned()
        .unwrap_or_else(|| topic.to_string());
    let mut evidence: Vec<ProfileSignal> = store::skill_evidence(db, skill)
        .await?
        .into_iter()
        .filter_map(|(member, level, teaches, endorsements)| {
            let candidate = *org.index.get(&member)?;
            let mut reasons = vec![format!(
                "{skill_name} at level {level}/5{}",
                if teaches { ", teaches it" } else { "" }
            )];
            if endorsements > 0 {
                reasons.push(format!(
                    "endorsed for it by {endorsements} colleague{}",
                    if endorsements == 1 { "" } else { "s" }
                ));
            }
            let score = (level as f64 / 5.0) * 0.7
                + if teaches { 0.15 } else { 0.0 }
                + (endorsements.min(5) as f64) * 0.03;
            Some(ProfileSignal {
                candidate,
                score: score.min(1.0),
                reasons,
            })
        })
        .collect();
    // What members shared on the topic: accepted answers and articles tagged with the skill.
    let tag = crate::knowledge::model::normalize_tag(&skill_name).ok();
    for (member, accepted, articles) in match &tag {
        Some(tag) => store::knowledge_evidence(db, tag).await?,
        None => Vec::new(),
    } {
        let Some(&candidate) = org.index.get(&member) else {
            continue;
        };
        let mut reasons = Vec::new();
        if accepted > 0 {
            reasons.push(format!(
                "{accepted} accepted answer{} on {skill_name}",
                if accepted == 1 { "" } else { "s" }
            ));
        }
        if articles > 0 {
            reasons.push(format!(
                "shared {articles} article{} on {skill_name}",
                if articles == 1 { "" } else { "s" }
            ));
        }
        let extra = (accepted.min(5) as f64) * 0.06 + (articles.min(3) as f64) * 0.05;
        match evidence.iter_mut().find(|e| e.candidate == candidate) {
            Some(e) => {
                e.score = (e.score + extra).min(1.0);
                e.reasons.extend(reasons);
            }
            None => evidence.push(ProfileSignal {
                candidate,
                score: extra.min(1.0),
                reasons,
            }),
        }
    }
    let opted_out = org.node_of(&store::opted_out(db).await?);
    let experts = match org.index.get(&viewer.id) {
        Some(&asker) => {
            let query = ExpertQuery {
                opted_out: &opted_out,
                ..ExpertQuery::new(asker, limit, &evidence)
            };
            grove_graph::find_experts(&org.graph, &query)
                .map_err(|e| anyhow::anyhow!("experts: {e}"))?
        }
        None => Vec::new(),
    };
    Ok(ExpertSearch {
        skill: Some(skill_name),
        experts: org.ranked(&experts),
    })
}

/// The network health dashboard (admins), recomputed at most every [`HEALTH_MAX_AGE`].
pub async fn health(state: &AppState, viewer: &Viewer) -> AppResult<Arc<NetworkHealth>> {
    crate::auth::service::require_admin(viewer)?;
    if let Some((at, report)) = state.cache.health.read().await.as_ref()
        && at.elapsed() < HEALTH_MAX_AGE
    {
        return Ok(report.clone());
    }
    let org = graph(state).await?;
    let min_group_size = state.config.min_group_size.max(1) as usize;
    let report = tokio::task::spawn_blocking(move || compute_health(&org, min_group_size))
        .await
        .map_err(anyhow::Error::from)??;
    let report = Arc::new(report);
    *state.cache.health.write().await = Some((Instant::now(), report.clone()));
    Ok(report)
}

fn compute_health(org: &OrgGraph, min_group_size: usize) -> AppResult<NetworkHealth> {
    let g = &org.graph;
    let mut edges = Vec::new();
    for v in 0..g.node_count() as u32 {
        for &w in g.neighbors(v) {
            if v < w {
                edges.push(grove_graph::EdgeRow {
                    source: v.to_string(),
                    target: w.to_string(),
                    weight: 1.0,
                });
            }
        }
    }
    // Every member is listed, so isolated ones count; those without a department form a group.
    let groups: Vec<grove_graph::GroupRow> = (0..g.node_count() as u32)
        .map(|v| grove_graph::GroupRow {
            node: v.to_string(),
            group: org.department(v).unwrap_or_else(|| "No department".into()),
        })
        .collect();
    let options = grove_graph::AnalyzeOptions {
        min_group_size,
        bridges: 10,
        brokers: 10,
        ..Default::default()
    };
    let report = grove_graph::analyze(&edges, Some(&groups), &options)
        .map_err(|e| anyhow::anyhow!("network report: {e}"))?;
    let node = |id: &str| -> Option<u32> { id.parse().ok() };
    let member = |id: &str| node(id).map(|n| org.member(n));
    let risks = grove_graph::knowledge_at_risk(g, &org.holdings, &[], 4, 3)
        .map_err(|e| anyhow::anyhow!("knowledge at risk: {e}"))?;
    Ok(NetworkHealth {
        members: report.node_count,
        ties: report.edge_count,
        min_group_size,
        modularity: report.modularity,
        communities: report.community_count,
        components: report.components.count,
        largest_component: report.components.sizes.first().copied().unwrap_or(0),
        isolated: report.isolated.len(),
        peripheral: report.peripheral.len(),
        cut_points: report.articulation_points.len(),
        ei_index: report.ei_index,
        communities_vs_departments: report.community_group_overlap.as_ref().map(|o| o.nmi),
        departments: report
            .groups
            .iter()
            .map(|gr| GroupHealth {
                group: gr.group.clone(),
                size: gr.size,
                suppressed: gr.suppressed,
                ei_index: gr.ei_index,
                internal_density: gr.internal_density,
            })
            .collect(),
        matrix_groups: report
            .tie_matrix
            .as_ref()
            .map(|m| m.groups.clone())
            .unwrap_or_default(),
        matrix_ties: report
            .tie_matrix
            .as_ref()
            .map(|m| m.ties.clone())
            .unwrap_or_default(),
        brokers: report
            .brokers
            .iter()
            .filter_map(|b| {
                Some(BrokerHealth {
                    member: member(&b.id)?,
                    betweenness: b.betweenness,
                    groups_reached: b.groups_reached,
                })
            })
            .collect(),
        bridges: report
            .bridges
            .iter()
            .filter_map(|b| {
                Some(BridgeHealth {
                    a: member(&b.a)?,
                    b: member(&b.b)?,
                    kind: format!("{:?}", b.kind).to_lowercase().replace('_', " "),
                    score: b.score,
                    reach_gain: b.reach_gain,
                })
            })
            .collect(),
        knowledge_at_risk: risks
            .iter()
            .take(20)
            .map(|r| SkillRiskHealth {
                skill: org.skill_names.get(&r.skill).cloned().unwrap_or_default(),
                holders: r.holders.len(),
                holders_with_learners: r.holders_with_learners,
            })
            .collect(),
        built_at: org.built_at,
    })
}

/// The health report as CSV, one row per department.
pub fn health_csv(report: &NetworkHealth) -> String {
    let mut out = String::from("department,members,ei_index,internal_density\n");
    for d in &report.departments {
        let fmt = |v: Option<f64>| {
            v.filter(|_| !d.suppressed)
                .map(|x| format!("{x:.4}"))
                .unwrap_or_else(|| "suppressed".into())
        };
        let name = if d.group.contains([',', '"']) {
            format!("\"{}\"", d.group.replace('"', "\"\""))
        } else {
            d.group.clone()
        };
        out.push_str(&format!(
            "{name},{},{},{}\n",
            d.size,
            fmt(d.ei_index),
            fmt(d.internal_density)
        ));
    }
    out
}
