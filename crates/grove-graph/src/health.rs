//! Network health for leads: brokers who hold groups together, members on the edge of the network,
//! skills held by too few people, and introductions that would most reduce silos or bring people
//! in. `BridgeIndex::bridge_bonus` gives the matching engine the same judgement for any pair.

use crate::error::GraphError;
use crate::graph::Graph;
use crate::groups::group_count;
use crate::structure::{Components, connected_components};
use serde::Serialize;

/// A member whose position links groups: high betweenness and ties into several groups.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Broker {
    /// Member index.
    pub member: u32,
    /// Normalized betweenness.
    pub betweenness: f64,
    /// Number of distinct groups among the member's contacts, their own included.
    pub groups_reached: usize,
}

/// Brokers: members in the top tenth by betweenness (and above zero) whose contacts span at least
/// `min_groups` groups, highest betweenness first, at most `limit` of them (a list of thousands
/// helps no lead).
pub fn brokers(
    graph: &Graph,
    betweenness: &[f64],
    group_of: &[Option<u32>],
    min_groups: usize,
    limit: usize,
) -> Result<Vec<Broker>, GraphError> {
    group_count(graph, group_of)?;
    if betweenness.len() != graph.node_count() {
        return Err(GraphError::new("betweenness", "needs one value per node"));
    }
    let mut sorted: Vec<f64> = betweenness.to_vec();
    sorted.sort_by(|a, b| b.total_cmp(a));
    let cut = sorted.get(sorted.len() / 10).copied().unwrap_or(0.0);
    let mut out = Vec::new();
    let mut seen: Vec<u32> = Vec::new();
    for v in 0..graph.node_count() as u32 {
        let b = betweenness[v as usize];
        if b <= 0.0 || b < cut {
            continue;
        }
        seen.clear();
        seen.extend(group_of[v as usize]);
        seen.extend(
            graph
                .neighbors(v)
                .iter()
                .filter_map(|&w| group_of[w as usize]),
        );
        seen.sort_unstable();
        seen.dedup();
        if seen.len() >= min_groups {
            out.push(Broker {
                member: v,
                betweenness: b,
                groups_reached: seen.len(),
            });
        }
    }
    out.sort_by(|x, y| {
        y.betweenness
            .total_cmp(&x.betweenness)
            .then(x.member.cmp(&y.member))
    });
    out.truncate(limit);
    Ok(out)
}

/// Members on the edge of the network.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Periphery {
    /// Members with no tie at all.
    pub isolated: Vec<u32>,
    /// Members with ties, but only one, or none reaching the largest component.
    pub peripheral: Vec<u32>,
}

/// Isolated and peripheral members, by index.
pub fn periphery(graph: &Graph, components: &Components) -> Periphery {
    let giant = components.largest();
    let mut isolated = Vec::new();
    let mut peripheral = Vec::new();
    for v in 0..graph.node_count() as u32 {
        let d = graph.degree(v);
        if d == 0 {
            isolated.push(v);
        } else if d == 1 || Some(components.of_node[v as usize]) != giant {
            peripheral.push(v);
        }
    }
    Periphery {
        isolated,
        peripheral,
    }
}

/// A member's level in a skill (1 = beginner .. 5 = expert).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct SkillHolding {
    /// Member index.
    pub member: u32,
    /// Skill number (the caller keeps the names).
    pub skill: u32,
    /// Level, 1..=5.
    pub level: u8,
}

/// A learning relationship on a skill (mentorship, a learning goal matched to a teacher...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct LearningLink {
    /// Who is learning.
    pub learner: u32,
    /// From whom.
    pub teacher: u32,
    /// Which skill.
    pub skill: u32,
}

/// A skill held at a high level by too few members.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkillRisk {
    /// Skill number.
    pub skill: u32,
    /// Members holding it at the high level.
    pub holders: Vec<u32>,
    /// How many of those holders are passing it on to at least one learner.
    pub holders_with_learners: usize,
    /// Distinct learners of this skill from those holders.
    pub learners: usize,
}

/// Skills held at `min_level` or above by fewer than `min_holders` members (none counts too, when
/// someone holds the skill at a lower level), fewest holders first; whether holders teach it.
pub fn knowledge_at_risk(
    graph: &Graph,
    holdings: &[SkillHolding],
    learning: &[LearningLink],
    min_level: u8,
    min_holders: usize,
) -> Result<Vec<SkillRisk>, GraphError> {
    use std::collections::BTreeMap;
    let mut holders: BTreeMap<u32, Vec<u32>> = BTreeMap::new();
    for (i, h) in holdings.iter().enumerate() {
        graph.check_node(&format!("holdings[{i}].member"), h.member)?;
        if !(1..=5).contains(&h.level) {
            return Err(GraphError::new(
                format!("holdings[{i}].level"),
                "must be 1 to 5",
            ));
        }
        let list = holders.entry(h.skill).or_default();
        if h.level >= min_level {
            list.push(h.member);
        }
    }
    let mut taught: BTreeMap<(u32, u32), Vec<u32>> = BTreeMap::new();
    for (i, l) in learning.iter().enumerate() {
        graph.check_node(&format!("learning[{i}].learner"), l.learner)?;
        graph.check_node(&format!("learning[{i}].teacher"), l.teacher)?;
        taught
            .entry((l.skill, l.teacher))
            .or_default()
            .push(l.learner);
    }
    let mut out: Vec<SkillRisk> = holders
        .into_iter()
        .filter_map(|(skill, mut list)| {
            list.sort_unstable();
            list.dedup();
            if list.len() >= min_holders {
                return None;
            }
            let mut learners: Vec<u32> = Vec::new();
            let mut with = 0;
            for &h in &list {
                if let Some(ls) = taught.get(&(skill, h)) {
                    with += 1;
                    learners.extend(ls);
                }
            }
            learners.sort_unstable();
            learners.dedup();
            Some(SkillRisk {
                skill,
                holders: list,
                holders_with_learners: with,
                learners: learners.len(),
            })
        })
        .collect();
    out.sort_by(|a, b| {
        a.holders
            .len()
            .cmp(&b.holders.len())
            .then(a.skill.cmp(&b.skill))
    });
    Ok(out)
}

/// What an introduction would fix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum BridgeKind {
    /// Brings an isolated member, or a separate cluster, into the main network.
    BringIn,
    /// Links two groups that have few or no ties.
    CrossSilo,
}

/// A suggested introduction between two members, with its expected effect.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BridgeSuggestion {
    /// First member.
    pub a: u32,
    /// Second member.
    pub b: u32,
    /// What it fixes.
    pub kind: BridgeKind,
    /// The pair's [`BridgeIndex::bridge_bonus`].
    pub score: f64,
    /// Change in the number of connected components (-1 when it joins two).
    pub components_change: i64,
    /// Members newly reachable: across components, everyone in the other one; otherwise those
    /// who come within two steps of `a` or `b`.
    pub reach_gain: usize,
    /// E-I index of `a`'s and `b`'s groups before and after, when both groups are shown (at least
    /// the minimum size) and differ.
    pub ei_change: Option<[EiChange; 2]>,
}

/// One group's E-I index before and after an introduction.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct EiChange {
    /// Group number.
    pub group: u32,
    /// E-I index now.
    pub before: f64,
    /// E-I index with the new tie.
    pub after: f64,
}

/// Precomputed facts that make [`BridgeIndex::bridge_bonus`] O(1) per pair: components, group
/// sizes and tie counts between groups.
#[derive(Debug, Clone)]
pub struct BridgeIndex {
    components: Components,
    group_of: Vec<Option<u32>>,
    size: Vec<usize>,
    ties: Vec<Vec<u64>>,
    internal: Vec<u64>,
    external: Vec<u64>,
    /// Cross-group ties / cross-group pairs over the whole organization.
    mean_cross_density: f64,
    degree: Vec<u32>,
    main_component: Option<u32>,
}

impl BridgeIndex {
    /// Index `graph` with an optional grouping (one entry per node). Without one, only the
    /// component and isolation terms count.
    pub fn new(graph: &Graph, group_of: Option<&[Option<u32>]>) -> Result<Self, GraphError> {
        let n = graph.node_count();
        let group_of: Vec<Option<u32>> = match group_of {
            Some(g) => {
                group_count(graph, g)?;
                g.to_vec()
            }
            None => vec![None; n],
        };
        let k = group_of
            .iter()
            .flatten()
            .map(|&g| g as usize + 1)
            .max()
            .unwrap_or(0);
        let mut size = vec![0usize; k];
        for g in group_of.iter().flatten() {
            size[*g as usize] += 1;
        }
        let mut ties = vec![vec![0u64; k]; k];
        let mut internal = vec![0u64; k];
        let mut external = vec![0u64; k];
        for (a, b, _) in graph.edges() {
            match (group_of[a as usize], group_of[b as usize]) {
                (Some(g), Some(h)) if g == h => internal[g as usize] += 1,
                (Some(g), Some(h)) => {
                    ties[g as usize][h as usize] += 1;
                    ties[h as usize][g as usize] += 1;
                    external[g as usize] += 1;
                    external[h as usize] += 1;
                }
                (Some(g), None) | (None, Some(g)) => external[g as usize] += 1,
                (None, None) => {}
            }
        }
        let grouped: f64 = size.iter().map(|&s| s as f64).sum();
        let same: f64 = size.iter().map(|&s| (s as f64) * (s as f64)).sum();
        let cross_pairs = (grouped * grouped - same) / 2.0;
        let cross_ties: f64 = (0..k)
            .flat_map(|g| (g + 1..k).map(move |h| (g, h)))
            .map(|(g, h)| ties[g][h] as f64)
            .sum();
        let mean_cross_density = if cross_pairs > 0.0 {
            cross_ties / cross_pairs
        } else {
            0.0
        };
        let degree = (0..n as u32).map(|v| graph.degree(v) as u32).collect();
        let components = connected_components(graph);
        Ok(Self {
            main_component: components.largest(),
            components,
            group_of,
            size,
            ties,
            internal,
            external,
            mean_cross_density,
            degree,
        })
    }

    /// How much an introduction between `a` and `b` would knit the organization together, 0..=1:
    /// 1 when it joins two components or brings in an isolated member; up to 0.8 when it links two
    /// groups with fewer ties than average between groups; 0 for the same person, or indices
    /// outside the graph (a member the graph does not know yet carries no information).
    pub fn bridge_bonus(&self, a: u32, b: u32) -> f64 {
        let n = self.degree.len();
        if a == b || a as usize >= n || b as usize >= n {
            return 0.0;
        }
        if self.components.of_node[a as usize] != self.components.of_node[b as usize] {
            return 1.0;
        }
        match (self.group_of[a as usize], self.group_of[b as usize]) {
            (Some(g), Some(h)) => self.group_pair_bonus(g, h),
            _ => 0.0,
        }
    }

    /// The cross-group part of [`Self::bridge_bonus`] for groups `g` and `h`, 0..=0.8: 0.8 when
    /// they have no ties, 0.4 at the organization's mean density between groups, falling towards
    /// 0 above it; 0 for the same group or a group index out of range.
    pub fn group_pair_bonus(&self, g: u32, h: u32) -> f64 {
        let (g, h) = (g as usize, h as usize);
        if g == h || g >= self.size.len() || h >= self.size.len() {
            return 0.0;
        }
        let pairs = (self.size[g] * self.size[h]) as f64;
        if pairs == 0.0 {
            return 0.0;
        }
        let density = self.ties[g][h] as f64 / pairs;
        if self.mean_cross_density == 0.0 {
            0.8
        } else {
            0.8 / (1.0 + density / self.mean_cross_density)
        }
    }

    /// True for a member with no ties, or outside the largest component: a tie with anyone in
    /// the main network brings them in (`bridge_bonus` 1.0 with most members).
    pub fn outside_main_network(&self, v: u32) -> bool {
        let Some(&component) = self.components.of_node.get(v as usize) else {
            return false;
        };
        self.degree[v as usize] == 0 || Some(component) != self.main_component
    }

    fn ei_change(&self, a: u32, b: u32, min_group_size: usize) -> Option<[EiChange; 2]> {
        let (g, h) = (self.group_of[a as usize]?, self.group_of[b as usize]?);
        if g == h
            || self.size[g as usize] < min_group_size
            || self.size[h as usize] < min_group_size
        {
            return None;
        }
        let change = |g: u32| {
            let (e, i) = (self.external[g as usize], self.internal[g as usize]);
            EiChange {
                group: g,
                before: crate::groups::ei(e, i),
                after: crate::groups::ei(e + 1, i),
            }
        };
        Some([change(g), change(h)])
    }
}

/// Settings for [`bridging_suggestions`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BridgeOptions {
    /// How many introductions to suggest.
    pub count: usize,
    /// The most introductions any one member is asked to make, so the load is shared.
    pub per_member: usize,
    /// Groups smaller than this get no E-I figures.
    pub min_group_size: usize,
}

impl Default for BridgeOptions {
    fn default() -> Self {
        Self {
            count: 20,
            per_member: 2,
            min_group_size: 5,
        }
    }
}

/// Introductions that most reduce fragmentation: first bringing in isolated members and separate
/// clusters (each paired with a well-connected member of the main network, from their own group
/// when there is one), then linking the pairs of groups with the fewest ties, through members
/// well connected inside their own group so the new tie carries further.
pub fn bridging_suggestions(
    graph: &Graph,
    index: &BridgeIndex,
    options: &BridgeOptions,
) -> Vec<BridgeSuggestion> {
    let n = graph.node_count();
    let mut out = Vec::new();
    let mut used = vec![0usize; n];
    let Some(giant) = index.components.largest() else {
        return out;
    };
    let comp = &index.components;
    // Candidates in the main network, best connected first.
    let mut anchors: Vec<u32> = (0..n as u32)
        .filter(|&v| comp.of_node[v as usize] == giant)
        .collect();
    anchors.sort_by(|&x, &y| graph.degree(y).cmp(&graph.degree(x)).then(x.cmp(&y)));
    // One representative per outside component: its best connected member.
    let mut outside: Vec<Option<u32>> = vec![None; comp.count()];
    for v in 0..n as u32 {
        let c = comp.of_node[v as usize] as usize;
        if c as u32 != giant && outside[c].is_none_or(|r| graph.degree(v) > graph.degree(r)) {
            outside[c] = Some(v);
        }
    }
    let mut outside: Vec<u32> = outside.into_iter().flatten().collect();
    outside.sort_by_key(|&v| (comp.sizes[comp.of_node[v as usize] as usize], v));
    for m in outside {
        if out.len() >= options.count {
            break;
        }
        let own = index.group_of[m as usize];
        let pick = anchors
            .iter()
            .copied()
            .find(|&a| {
                used[a as usize] < options.per_member
                    && own.is_some()
                    && index.group_of[a as usize] == own
            })
            .or_else(|| {
                anchors
                    .iter()
                    .copied()
                    .find(|&a| used[a as usize] < options.per_member)
            });
        let Some(a) = pick else { break };
        used[a as usize] += 1;
        used[m as usize] += 1;
        let reach = comp.sizes[giant as usize] + comp.sizes[comp.of_node[m as usize] as usize];
        out.push(BridgeSuggestion {
            a: m,
            b: a,
            kind: BridgeKind::BringIn,
            score: index.bridge_bonus(m, a),
            components_change: -1,
            reach_gain: reach,
            ei_change: index.ei_change(m, a, options.min_group_size),
        });
    }
    // Group pairs, fewest ties per possible pair first.
    let k = index.size.len();
    let shown = |g: usize| index.size[g] >= options.min_group_size.max(1);
    let mut pairs: Vec<(f64, usize, usize)> = (0..k)
        .flat_map(|g| (g + 1..k).map(move |h| (g, h)))
        .filter(|&(g, h)| shown(g) && shown(h))
        .map(|(g, h)| {
            (
                index.ties[g][h] as f64 / (index.size[g] * index.size[h]) as f64,
                g,
                h,
            )
        })
        .collect();
    pairs.sort_by(|x, y| x.0.total_cmp(&y.0).then((x.1, x.2).cmp(&(y.1, y.2))));
    if out.len() < options.count && !pairs.is_empty() {
        // Members ranked inside their group by ties within it, among the main network.
        let mut inside = vec![0u32; n];
        for (a, b, _) in graph.edges() {
            if index.group_of[a as usize].is_some()
                && index.group_of[a as usize] == index.group_of[b as usize]
            {
                inside[a as usize] += 1;
                inside[b as usize] += 1;
            }
        }
        let mut by_group: Vec<Vec<u32>> = vec![Vec::new(); k];
        for v in 0..n as u32 {
            if let Some(g) = index.group_of[v as usize] {
                by_group[g as usize].push(v);
            }
        }
        for list in by_group.iter_mut() {
            list.sort_by(|&x, &y| inside[y as usize].cmp(&inside[x as usize]).then(x.cmp(&y)));
        }
        for (_, g, h) in pairs {
            if out.len() >= options.count {
                break;
            }
            let free = |list: &Vec<u32>, used: &Vec<usize>| {
                list.iter()
                    .copied()
                    .find(|&v| used[v as usize] < options.per_member)
            };
            let (Some(a), Some(b)) = (free(&by_group[g], &used), free(&by_group[h], &used)) else {
                continue;
            };
            if graph.has_edge(a, b) {
                continue;
            }
            used[a as usize] += 1;
            used[b as usize] += 1;
            let joins = comp.of_node[a as usize] != comp.of_node[b as usize];
            let reach = if joins {
                comp.sizes[comp.of_node[a as usize] as usize]
                    + comp.sizes[comp.of_node[b as usize] as usize]
            } else {
                two_hop_gain(graph, a, b) + two_hop_gain(graph, b, a)
            };
            out.push(BridgeSuggestion {
                a,
                b,
                kind: if joins {
                    BridgeKind::BringIn
                } else {
                    BridgeKind::CrossSilo
                },
                score: index.bridge_bonus(a, b),
                components_change: if joins { -1 } else { 0 },
                reach_gain: reach,
                ei_change: index.ei_change(a, b, options.min_group_size),
            });
        }
    }
    out
}

/// Members of `{b} ∪ N(b)` that are not yet within two steps of `a`.
fn two_hop_gain(graph: &Graph, a: u32, b: u32) -> usize {
    let mut near: Vec<u32> = vec![a];
    for &z in graph.neighbors(a) {
        near.push(z);
        near.extend_from_slice(graph.neighbors(z));
    }
    near.sort_unstable();
    near.dedup();
    std::iter::once(b)
        .chain(graph.neighbors(b).iter().copied())
        .filter(|v| near.binary_search(v).is_err())
        .count()
}
