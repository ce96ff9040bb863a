//! Online recommendations for one member: people they may want to know, groups to join, and
//! experts to ask. Each blends graph signals (mutual contacts scored by Adamic-Adar, closeness by
//! personalized PageRank computed by local push) with what the caller knows from profiles, and
//! explains itself with reasons that name the members involved by index.
//!
//! Work per query depends on the member's neighbourhood, not on the size of the organization:
//! nothing here touches every node.

use crate::error::GraphError;
use crate::graph::Graph;
use serde::Serialize;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// Multiply-rotate hasher for `u32` keys (FxHash's mix): the std SipHash costs more than the
/// work it guards in these small per-query maps, and the keys are node indices, not user input.
#[derive(Default, Clone, Copy)]
pub struct NodeHasher(u64);

impl Hasher for NodeHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(b as u64);
        }
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(i as u64);
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

/// A map keyed by node index.
pub type NodeMap<V> = HashMap<u32, V, BuildHasherDefault<NodeHasher>>;

/// Settings for personalized PageRank by local push.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PushOptions {
    /// Probability of jumping back to the member at each step (0.15 = PageRank's 0.85 damping).
    pub restart: f64,
    /// Residual threshold per unit of tie weight: smaller is more precise and slower.
    /// The work is bounded by about `1 / (restart * epsilon)` tie visits.
    pub epsilon: f64,
    /// Hard cap on tie visits per query, so a hub never blows the latency budget.
    pub max_work: usize,
}

impl Default for PushOptions {
    fn default() -> Self {
        Self {
            restart: 0.15,
            epsilon: 1e-4,
            max_work: 400_000,
        }
    }
}

/// Personalized PageRank from `source` by the local push of Andersen, Chung and Lang (2006).
/// Returns the (approximate) score of every node reached; scores sum to at most 1.
pub fn personalized_pagerank(
    graph: &Graph,
    source: u32,
    options: &PushOptions,
) -> Result<NodeMap<f64>, GraphError> {
    graph.check_node("member", source)?;
    if !(options.restart > 0.0 && options.restart < 1.0) {
        return Err(GraphError::new("restart", "must be between 0 and 1"));
    }
    if !(options.epsilon > 0.0 && options.epsilon.is_finite()) {
        return Err(GraphError::new("epsilon", "must be a positive number"));
    }
    let mut p: NodeMap<f64> = NodeMap::default();
    let mut r: NodeMap<f64> = NodeMap::default();
    if graph.strength(source) == 0.0 {
        p.insert(source, 1.0);
        return Ok(p);
    }
    r.insert(source, 1.0);
    let mut queue = std::collections::VecDeque::from([source]);
    let mut work = 0usize;
    let alpha = options.restart;
    while let Some(u) = queue.pop_front() {
        let su = graph.strength(u);
        let ru = r.get(&u).copied().unwrap_or(0.0);
        if ru < options.epsilon * su || su == 0.0 {
            continue;
        }
        *p.entry(u).or_insert(0.0) += alpha * ru;
        r.insert(u, 0.0);
        let spread = (1.0 - alpha) * ru / su;
        for (&v, &w) in graph.neighbors(u).iter().zip(graph.neighbor_weights(u)) {
            let rv = r.entry(v).or_insert(0.0);
            let before = *rv;
            *rv += spread * w;
            let threshold = options.epsilon * graph.strength(v);
            // Queue a node once, when its residual first crosses the threshold.
            if before < threshold && *rv >= threshold {
                queue.push_back(v);
            }
        }
        work += graph.degree(u);
        if work >= options.max_work {
            break;
        }
    }
    Ok(p)
}

/// Why a suggestion was made. Member and group numbers are indices the caller turns into names.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Reason {
    /// "5 mutual connections: A, B, C": the count, and up to three of them (strongest ties first).
    MutualConnections {
        /// How many contacts the two share.
        count: usize,
        /// Up to three shared contacts, strongest tie to the member first.
        sample: Vec<u32>,
    },
    /// Close in the wider network (reachable through several paths) though not through a
    /// shared contact; `proximity` is the member's personalized PageRank of the candidate.
    NearInNetwork {
        /// Personalized PageRank of the candidate from the member.
        proximity: f64,
    },
    /// A reason supplied by the caller from profiles ("teaches Kubernetes, which you want to learn").
    Profile {
        /// The caller's text.
        text: String,
    },
    /// "In Finance; you have no connection there yet".
    NewGroup {
        /// The candidate's group.
        group: u32,
    },
    /// "4 of your connections are members": for group suggestions.
    ConnectionsInGroup {
        /// How many of the member's contacts belong to the group.
        count: usize,
        /// Up to three of them.
        sample: Vec<u32>,
    },
    /// The expert is already one of the asker's contacts.
    DirectConnection,
    /// The candidate has no connection yet: a newcomer worth welcoming.
    Newcomer,
}

impl Reason {
    /// The reason in words, using `name` to turn member indices into names and `group` for groups.
    pub fn describe(&self, name: &dyn Fn(u32) -> String, group: &dyn Fn(u32) -> String) -> String {
        let list = |s: &[u32]| s.iter().map(|&m| name(m)).collect::<Vec<_>>().join(", ");
        match self {
            Reason::MutualConnections { count, sample } => {
                let noun = if *count == 1 {
                    "mutual connection"
                } else {
                    "mutual connections"
                };
                format!("{count} {noun}: {}", list(sample))
            }
            Reason::NearInNetwork { .. } => "close to you in the network".to_string(),
            Reason::Profile { text } => text.clone(),
            Reason::NewGroup { group: g } => {
                format!("in {}; you have no connection there yet", group(*g))
            }
            Reason::ConnectionsInGroup { count, sample } => {
                let noun = if *count == 1 {
                    "connection is a member"
                } else {
                    "connections are members"
                };
                format!("{count} of your {noun}: {}", list(sample))
            }
            Reason::DirectConnection => "already one of your connections".to_string(),
            Reason::Newcomer => "new here: no connections yet".to_string(),
        }
    }
}

/// A ranked suggestion (a person or a group) with its reasons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Suggestion {
    /// The suggested member (or group) index.
    pub id: u32,
    /// Blended score; higher first.
    pub score: f64,
    /// Why, strongest reason first.
    pub reasons: Vec<Reason>,
}

/// What the caller knows about a candidate from profiles: a score in 0..=1 and its reasons.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ProfileSignal {
    /// Candidate member (or group, for group suggestions) index.
    pub candidate: u32,
    /// Strength of the profile match, 0..=1.
    pub score: f64,
    /// Reasons in words, shown as given.
    pub reasons: Vec<String>,
}

/// How the signals are blended. Each graph signal is scaled to 0..=1 by its best candidate first.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BlendWeights {
    /// Weight of mutual contacts (Adamic-Adar).
    pub mutual: f64,
    /// Weight of personalized PageRank closeness.
    pub proximity: f64,
    /// Weight of the caller's profile score.
    pub profile: f64,
    /// Bonus for a candidate in a group where the member has no contact yet.
    pub new_group: f64,
    /// Score of a member with no tie at all. The graph cannot place them, so without this they
    /// would never be suggested; it ranks them above people reached only through long paths and
    /// below anyone with a mutual contact.
    pub newcomer: f64,
}

impl Default for BlendWeights {
    fn default() -> Self {
        Self {
            mutual: 1.0,
            proximity: 0.25,
            profile: 1.0,
            new_group: 0.1,
            newcomer: 0.05,
        }
    }
}

/// Everything `suggest_people` needs besides the graph.
#[derive(Debug, Clone, Copy)]
pub struct PeopleQuery<'a> {
    /// The member asking.
    pub member: u32,
    /// How many suggestions to return.
    pub limit: usize,
    /// Members with a pending connection request either way.
    pub pending: &'a [u32],
    /// Members who opted out of being suggested.
    pub opted_out: &'a [u32],
    /// Suggestions the member dismissed.
    pub dismissed: &'a [u32],
    /// Profile scores per candidate (any order; candidates not in the graph's reach may appear).
    pub profile: &'a [ProfileSignal],
    /// Group of every node (department, location...), for "you have no connection there yet".
    pub group_of: Option<&'a [Option<u32>]>,
    /// Blend of the signals.
    pub weights: BlendWeights,
    /// Personalized PageRank settings.
    pub push: PushOptions,
    /// Contacts with more ties than this are not walked through for mutual contacts: a hub
    /// tells little about who knows whom and would cost most of the query.
    pub hub_limit: usize,
    /// Most tie visits spent finding mutual contacts (see [`adamic_adar_within`]).
    pub two_hop_budget: usize,
}

impl<'a> PeopleQuery<'a> {
    /// A query for `member` with defaults and no exclusions beyond existing connections.
    pub fn new(member: u32, limit: usize) -> Self {
        Self {
            member,
            limit,
            pending: &[],
            opted_out: &[],
            dismissed: &[],
            profile: &[],
            group_of: None,
            weights: BlendWeights::default(),
            push: PushOptions::default(),
            hub_limit: 10_000,
            two_hop_budget: 25_000,
        }
    }
}

#[derive(Default, Clone, Copy)]
struct Signals {
    common: u32,
    adamic_adar: f64,
    proximity: f64,
    profile: f64,
    newcomer: bool,
}

fn check_nodes(graph: &Graph, field: &str, nodes: &[u32]) -> Result<(), GraphError> {
    for (i, &v) in nodes.iter().enumerate() {
        graph.check_node(&format!("{field}[{i}]"), v)?;
    }
    Ok(())
}

/// Adamic-Adar and common-neighbour counts from `member` to every node two hops away that is not
/// already a contact. Ties through contacts with more than `hub_limit` ties are skipped.
pub fn adamic_adar(
    graph: &Graph,
    member: u32,
    hub_limit: usize,
) -> Result<NodeMap<(u32, f64)>, GraphError> {
    adamic_adar_within(graph, member, hub_limit, usize::MAX)
}

/// [`adamic_adar`] with a budget of tie visits: contacts are walked from the least connected up
/// (they carry the most weight, 1 / ln(ties)), and the walk stops when the budget is spent, so a
/// member with thousands of contacts still gets an answer in milliseconds.
pub fn adamic_adar_within(
    graph: &Graph,
    member: u32,
    hub_limit: usize,
    budget: usize,
) -> Result<NodeMap<(u32, f64)>, GraphError> {
    graph.check_node("member", member)?;
    let own = graph.neighbors(member);
    let mut contacts: Vec<u32> = own
        .iter()
        .copied()
        .filter(|&z| (2..=hub_limit).contains(&graph.degree(z)))
        .collect();
    let total: usize = contacts.iter().map(|&z| graph.degree(z)).sum();
    if total > budget {
        contacts.sort_by_key(|&z| (graph.degree(z), z));
    }
    let mut out: NodeMap<(u32, f64)> = NodeMap::default();
    out.reserve(total.min(budget).min(1 << 16));
    let mut spent = 0usize;
    for z in contacts {
        let dz = graph.degree(z);
        if spent + dz > budget {
            break;
        }
        spent += dz;
        let contribution = 1.0 / (dz as f64).ln();
        for &c in graph.neighbors(z) {
            if c != member && own.binary_search(&c).is_err() {
                let e = out.entry(c).or_insert((0, 0.0));
                e.0 += 1;
                e.1 += contribution;
            }
        }
    }
    Ok(out)
}

/// Blended score of every candidate the signals reach (two hops, personalized PageRank, profile),
/// excluding the member and their existing contacts but no other exclusion. Unsorted. Used by
/// [`suggest_people`] and by the link-prediction benchmark, which needs every score.
pub fn score_candidates(
    graph: &Graph,
    query: &PeopleQuery<'_>,
) -> Result<Vec<(u32, f64)>, GraphError> {
    let signals = gather(graph, query)?;
    Ok(blend(&signals, query)
        .into_iter()
        .map(|(c, s, _)| (c, s))
        .collect())
}

fn gather(graph: &Graph, query: &PeopleQuery<'_>) -> Result<NodeMap<Signals>, GraphError> {
    let member = query.member;
    graph.check_node("member", member)?;
    let mut signals: NodeMap<Signals> = NodeMap::default();
    for (c, (common, aa)) in
        adamic_adar_within(graph, member, query.hub_limit, query.two_hop_budget)?
    {
        let s = signals.entry(c).or_default();
        s.common = common;
        s.adamic_adar = aa;
    }
    let own = graph.neighbors(member);
    for (c, p) in personalized_pagerank(graph, member, &query.push)? {
        if c != member && own.binary_search(&c).is_err() {
            signals.entry(c).or_default().proximity = p;
        }
    }
    if query.weights.newcomer > 0.0 {
        for &c in graph.isolated() {
            if c != member {
                signals.entry(c).or_default().newcomer = true;
            }
        }
    }
    for (i, sig) in query.profile.iter().enumerate() {
        graph.check_node(&format!("profile[{i}].candidate"), sig.candidate)?;
        if !(sig.score.is_finite() && (0.0..=1.0).contains(&sig.score)) {
            return Err(GraphError::new(
                format!("profile[{i}].score"),
                "must be between 0 and 1",
            ));
        }
        if sig.candidate != member && own.binary_search(&sig.candidate).is_err() {
            signals.entry(sig.candidate).or_default().profile = sig.score;
        }
    }
    Ok(signals)
}

fn blend(signals: &NodeMap<Signals>, query: &PeopleQuery<'_>) -> Vec<(u32, f64, Signals)> {
    let max_aa = signals.values().map(|s| s.adamic_adar).fold(0.0, f64::max);
    let max_p = signals.values().map(|s| s.proximity).fold(0.0, f64::max);
    let w = &query.weights;
    signals
        .iter()
        .map(|(&c, s)| {
            let mut score = w.profile * s.profile;
            if s.newcomer {
                score += w.newcomer;
            }
            if max_aa > 0.0 {
                score += w.mutual * s.adamic_adar / max_aa;
            }
            if max_p > 0.0 {
                score += w.proximity * s.proximity / max_p;
            }
            (c, score, *s)
        })
        .collect()
}

/// Up to three shared contacts of `a` and `b`, strongest tie to `a` first, and their count.
fn mutual_contacts(graph: &Graph, a: u32, b: u32) -> (usize, Vec<u32>) {
    let (na, wa, nb) = (
        graph.neighbors(a),
        graph.neighbor_weights(a),
        graph.neighbors(b),
    );
    let mut shared: Vec<(f64, u32)> = Vec::new();
    let (mut i, mut j) = (0, 0);
    while i < na.len() && j < nb.len() {
        match na[i].cmp(&nb[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared.push((wa[i], na[i]));
                i += 1;
                j += 1;
            }
        }
    }
    let count = shared.len();
    shared.sort_by(|x, y| y.0.total_cmp(&x.0).then(x.1.cmp(&y.1)));
    (count, shared.into_iter().take(3).map(|(_, v)| v).collect())
}

fn sorted(v: &[u32]) -> Vec<u32> {
    let mut s = v.to_vec();
    s.sort_unstable();
    s
}

/// People `query.member` may want to know, best first, each with reasons. Existing contacts,
/// pending requests, opted-out members and dismissed suggestions never appear.
pub fn suggest_people(
    graph: &Graph,
    query: &PeopleQuery<'_>,
) -> Result<Vec<Suggestion>, GraphError> {
    check_nodes(graph, "pending", query.pending)?;
    check_nodes(graph, "opted_out", query.opted_out)?;
    check_nodes(graph, "dismissed", query.dismissed)?;
    if let Some(g) = query.group_of {
        crate::groups::group_count(graph, g)?;
    }
    let member = query.member;
    let mut signals = gather(graph, query)?;
    let excluded = sorted(&[query.pending, query.opted_out, query.dismissed].concat());
    signals.retain(|c, _| excluded.binary_search(c).is_err());
    // Groups where the member already has a contact (or belongs): no "new group" bonus there.
    let known_groups: Vec<u32> = match query.group_of {
        Some(g) => {
            let mut k: Vec<u32> = graph
                .neighbors(member)
                .iter()
                .filter_map(|&v| g[v as usize])
                .collect();
            k.extend(g[member as usize]);
            k.sort_unstable();
            k
        }
        None => Vec::new(),
    };
    let new_group = |c: u32| -> Option<u32> {
        let g = query.group_of?[c as usize]?;
        known_groups.binary_search(&g).is_err().then_some(g)
    };
    let mut ranked: Vec<(u32, f64, Signals)> = blend(&signals, query)
        .into_iter()
        .map(|(c, s, sig)| {
            (
                c,
                if new_group(c).is_some() {
                    s + query.weights.new_group
                } else {
                    s
                },
                sig,
            )
        })
        .collect();
    let order =
        |x: &(u32, f64, Signals), y: &(u32, f64, Signals)| y.1.total_cmp(&x.1).then(x.0.cmp(&y.0));
    // Only the best `limit` need sorting; a hub can have tens of thousands of candidates.
    if ranked.len() > query.limit && query.limit > 0 {
        ranked.select_nth_unstable_by(query.limit - 1, order);
    }
    ranked.truncate(query.limit);
    ranked.sort_by(order);
    let profile_reasons: NodeMap<&ProfileSignal> =
        query.profile.iter().map(|p| (p.candidate, p)).collect();
    Ok(ranked
        .into_iter()
        .map(|(c, score, sig)| {
            let mut reasons = Vec::new();
            if let Some(p) = profile_reasons.get(&c) {
                reasons.extend(
                    p.reasons
                        .iter()
                        .map(|t| Reason::Profile { text: t.clone() }),
                );
            }
            if sig.common > 0 {
                let (count, sample) = mutual_contacts(graph, member, c);
                reasons.push(Reason::MutualConnections { count, sample });
            } else if sig.proximity > 0.0 {
                reasons.push(Reason::NearInNetwork {
                    proximity: sig.proximity,
                });
            } else if sig.newcomer {
                reasons.push(Reason::Newcomer);
            }
            if let Some(g) = new_group(c) {
                reasons.push(Reason::NewGroup { group: g });
            }
            Suggestion {
                id: c,
                score,
                reasons,
            }
        })
        .collect())
}

/// Everything `suggest_groups` needs besides the graph.
#[derive(Debug, Clone, Copy)]
pub struct GroupQuery<'a> {
    /// The member asking.
    pub member: u32,
    /// How many suggestions to return.
    pub limit: usize,
    /// Members of every group (communities, circles...), by group index.
    pub groups: &'a [Vec<u32>],
    /// Groups not to suggest (dismissed, private, pending request); groups the member is in are
    /// skipped anyway.
    pub excluded: &'a [u32],
    /// Profile scores per group (`candidate` is a group index).
    pub profile: &'a [ProfileSignal],
    /// Blend of the signals (`mutual` weighs contacts in the group, `proximity` closeness).
    pub weights: BlendWeights,
    /// Personalized PageRank settings.
    pub push: PushOptions,
}

/// Groups `query.member` may want to join, best first: where their contacts are, where the
/// network around them leads, and what the caller's profile scores say.
pub fn suggest_groups(
    graph: &Graph,
    query: &GroupQuery<'_>,
) -> Result<Vec<Suggestion>, GraphError> {
    let member = query.member;
    graph.check_node("member", member)?;
    for (g, members) in query.groups.iter().enumerate() {
        check_nodes(graph, &format!("groups[{g}]"), members)?;
    }
    let ppr = personalized_pagerank(graph, member, &query.push)?;
    let own = graph.neighbors(member);
    let excluded = sorted(query.excluded);
    let mut profile: NodeMap<&ProfileSignal> = NodeMap::default();
    for (i, p) in query.profile.iter().enumerate() {
        if p.candidate as usize >= query.groups.len() {
            return Err(GraphError::new(
                format!("profile[{i}].candidate"),
                "no such group",
            ));
        }
        profile.insert(p.candidate, p);
    }
    let mut rows = Vec::new();
    for (g, members) in query.groups.iter().enumerate() {
        let g = g as u32;
        if members.contains(&member) || excluded.binary_search(&g).is_ok() {
            continue;
        }
        let contacts: Vec<u32> = members
            .iter()
            .copied()
            .filter(|m| own.binary_search(m).is_ok())
            .collect();
        let closeness: f64 = members.iter().filter_map(|m| ppr.get(m)).sum();
        let p = profile.get(&g).map_or(0.0, |p| p.score);
        if contacts.is_empty() && closeness == 0.0 && p == 0.0 {
            continue;
        }
        rows.push((g, contacts, closeness, p));
    }
    let max_c = rows.iter().map(|r| r.1.len()).max().unwrap_or(0).max(1) as f64;
    let max_p = rows.iter().map(|r| r.2).fold(0.0, f64::max);
    let w = &query.weights;
    let mut out: Vec<Suggestion> = rows
        .into_iter()
        .map(|(g, contacts, closeness, p)| {
            let mut score = w.mutual * contacts.len() as f64 / max_c + w.profile * p;
            if max_p > 0.0 {
                score += w.proximity * closeness / max_p;
            }
            let mut reasons = Vec::new();
            if let Some(ps) = profile.get(&g) {
                reasons.extend(
                    ps.reasons
                        .iter()
                        .map(|t| Reason::Profile { text: t.clone() }),
                );
            }
            if !contacts.is_empty() {
                let mut sample: Vec<u32> = contacts.clone();
                sample.sort_by(|a, b| {
                    graph
                        .edge_weight(member, *b)
                        .total_cmp(&graph.edge_weight(member, *a))
                        .then(a.cmp(b))
                });
                sample.truncate(3);
                reasons.push(Reason::ConnectionsInGroup {
                    count: contacts.len(),
                    sample,
                });
            } else if closeness > 0.0 {
                reasons.push(Reason::NearInNetwork {
                    proximity: closeness,
                });
            }
            Suggestion {
                id: g,
                score,
                reasons,
            }
        })
        .collect();
    out.sort_by(|x, y| y.score.total_cmp(&x.score).then(x.id.cmp(&y.id)));
    out.truncate(query.limit);
    Ok(out)
}

/// Everything `find_experts` needs besides the graph.
#[derive(Debug, Clone, Copy)]
pub struct ExpertQuery<'a> {
    /// The member asking.
    pub asker: u32,
    /// How many experts to return.
    pub limit: usize,
    /// Evidence of expertise on the topic per member (skill level, accepted answers, articles...),
    /// scored by the caller in 0..=1, with reasons in words.
    pub evidence: &'a [ProfileSignal],
    /// Members who opted out of being suggested.
    pub opted_out: &'a [u32],
    /// Weight of the evidence; the rest of the score is closeness to the asker.
    pub evidence_weight: f64,
    /// Weight of closeness in the network (people answer people they are near).
    pub proximity_weight: f64,
    /// Personalized PageRank settings.
    pub push: PushOptions,
}

impl<'a> ExpertQuery<'a> {
    /// A query with default weights (evidence 0.7, closeness 0.3).
    pub fn new(asker: u32, limit: usize, evidence: &'a [ProfileSignal]) -> Self {
        Self {
            asker,
            limit,
            evidence,
            opted_out: &[],
            evidence_weight: 0.7,
            proximity_weight: 0.3,
            push: PushOptions::default(),
        }
    }
}

/// Experts on a topic for `query.asker`, best first: evidence blended with closeness, with the
/// evidence reasons and how the asker is connected to them.
pub fn find_experts(graph: &Graph, query: &ExpertQuery<'_>) -> Result<Vec<Suggestion>, GraphError> {
    let asker = query.asker;
    graph.check_node("asker", asker)?;
    check_nodes(graph, "opted_out", query.opted_out)?;
    let opted_out = sorted(query.opted_out);
    let ppr = personalized_pagerank(graph, asker, &query.push)?;
    let mut best: NodeMap<&ProfileSignal> = NodeMap::default();
    for (i, e) in query.evidence.iter().enumerate() {
        graph.check_node(&format!("evidence[{i}].candidate"), e.candidate)?;
        if !(e.score.is_finite() && (0.0..=1.0).contains(&e.score)) {
            return Err(GraphError::new(
                format!("evidence[{i}].score"),
                "must be between 0 and 1",
            ));
        }
        if e.candidate != asker && e.score > 0.0 && opted_out.binary_search(&e.candidate).is_err() {
            let slot = best.entry(e.candidate).or_insert(e);
            if e.score > slot.score {
                *slot = e;
            }
        }
    }
    let max_e = best.values().map(|e| e.score).fold(0.0, f64::max);
    let max_p = best
        .keys()
        .filter_map(|c| ppr.get(c))
        .fold(0.0f64, |a, &b| a.max(b));
    let mut out: Vec<Suggestion> = best
        .into_iter()
        .map(|(c, e)| {
            let closeness = ppr.get(&c).copied().unwrap_or(0.0);
            let mut score = query.evidence_weight * e.score / max_e;
            if max_p > 0.0 {
                score += query.proximity_weight * closeness / max_p;
            }
            let mut reasons: Vec<Reason> = e
                .reasons
                .iter()
                .map(|t| Reason::Profile { text: t.clone() })
                .collect();
            if graph.has_edge(asker, c) {
                reasons.push(Reason::DirectConnection);
            } else {
                let (count, sample) = mutual_contacts(graph, asker, c);
                if count > 0 {
                    reasons.push(Reason::MutualConnections { count, sample });
                } else if closeness > 0.0 {
                    reasons.push(Reason::NearInNetwork {
                        proximity: closeness,
                    });
                }
            }
            Suggestion {
                id: c,
                score,
                reasons,
            }
        })
        .collect();
    out.sort_by(|x, y| y.score.total_cmp(&x.score).then(x.id.cmp(&y.id)));
    out.truncate(query.limit);
    Ok(out)
}
