//! The organization as a compact, undirected, weighted graph in CSR form (compressed sparse rows).
//! Members are `u32` indices `0..n` (the caller keeps the mapping to its own ids); the typed,
//! timed interactions between them are folded into one weight per pair, so every algorithm walks
//! two flat arrays instead of chasing pointers.

use crate::error::GraphError;
use serde::{Deserialize, Serialize};

/// The kind of interaction an edge records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EdgeKind {
    /// An accepted connection request.
    Connection,
    /// One member follows another.
    Follow,
    /// A mentorship relationship (either direction).
    Mentorship,
    /// One member answered a question asked by the other.
    Answered,
    /// Both attended the same event.
    CoAttended,
    /// One member gave the other kudos.
    Kudos,
    /// Both belong to the same community or group.
    CoMember,
}

impl EdgeKind {
    /// All kinds, in declaration order (the order of [`KindWeights`]).
    pub const ALL: [EdgeKind; 7] = [
        EdgeKind::Connection,
        EdgeKind::Follow,
        EdgeKind::Mentorship,
        EdgeKind::Answered,
        EdgeKind::CoAttended,
        EdgeKind::Kudos,
        EdgeKind::CoMember,
    ];

    fn index(self) -> usize {
        self as usize
    }
}

/// One interaction between two members.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    /// First member (for directed kinds such as follow or kudos: the one who acted).
    pub source: u32,
    /// Second member.
    pub target: u32,
    /// What kind of interaction this is.
    pub kind: EdgeKind,
    /// Strength of this single interaction (1.0 for a plain event); finite and >= 0.
    pub weight: f64,
    /// When it happened, in seconds since the Unix epoch (used only when a half-life is set).
    pub time: i64,
}

/// How much each kind of interaction counts when kinds are combined into one tie weight.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct KindWeights {
    /// Weight per kind, indexed in the order of [`EdgeKind::ALL`].
    pub per_kind: [f64; 7],
}

impl Default for KindWeights {
    /// Deliberate ties (connection, mentorship) count most; incidental ones (co-membership,
    /// co-attendance) least, because a large group makes many weak pairs.
    fn default() -> Self {
        Self {
            per_kind: [1.0, 0.5, 2.0, 0.8, 0.3, 0.6, 0.2],
        }
    }
}

impl KindWeights {
    /// Every kind counts 1.
    pub fn uniform() -> Self {
        Self { per_kind: [1.0; 7] }
    }

    /// The weight of `kind`.
    pub fn get(&self, kind: EdgeKind) -> f64 {
        self.per_kind[kind.index()]
    }
}

/// How to fold typed, timed edges into one graph.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct BuildOptions {
    /// Weight per kind.
    pub kinds: KindWeights,
    /// When set, an interaction's weight halves every `half_life_days` before `now`, so old ties
    /// fade; `None` counts every interaction fully.
    pub half_life_days: Option<f64>,
    /// The reference time for the half-life, in seconds since the Unix epoch.
    pub now: i64,
}

/// An undirected weighted graph in CSR form. Parallel edges are merged (weights added) and
/// self-loops dropped; neighbours of each node are sorted by index.
#[derive(Debug, Clone, PartialEq)]
pub struct Graph {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
    strength: Vec<f64>,
    /// Members with no tie at all, kept so recommendations can welcome them without a scan.
    isolated: Vec<u32>,
}

impl Graph {
    /// Build from typed, timed interactions among `node_count` members.
    pub fn from_edges(
        node_count: usize,
        edges: &[Edge],
        options: &BuildOptions,
    ) -> Result<Self, GraphError> {
        for (k, w) in options.kinds.per_kind.iter().enumerate() {
            if !(w.is_finite() && *w >= 0.0) {
                return Err(GraphError::new(
                    format!("kinds.per_kind[{k}]"),
                    "must be a finite number >= 0",
                ));
            }
        }
        let mut pairs = Vec::with_capacity(edges.len());
        let decay = match options.half_life_days {
            Some(h) if !(h.is_finite() && h > 0.0) => {
                return Err(GraphError::new(
                    "half_life_days",
                    "must be a positive number of days",
                ));
            }
            Some(h) => Some(h * 86_400.0),
            None => None,
        };
        for (i, e) in edges.iter().enumerate() {
            let mut w = e.weight * options.kinds.get(e.kind);
            if let Some(half_life) = decay {
                let age = (options.now - e.time).max(0) as f64;
                w *= 0.5f64.powf(age / half_life);
            }
            if !(e.weight.is_finite() && e.weight >= 0.0) {
                return Err(GraphError::new(
                    format!("edges[{i}].weight"),
                    "must be a finite number >= 0",
                ));
            }
            pairs.push((e.source, e.target, w));
        }
        Self::from_weighted_pairs(node_count, &pairs)
    }

    /// Build from `(a, b, weight)` pairs among `node_count` nodes; this is the fast path used by
    /// the benchmarks and by [`crate::analyze`].
    pub fn from_weighted_pairs(
        node_count: usize,
        pairs: &[(u32, u32, f64)],
    ) -> Result<Self, GraphError> {
        if node_count > u32::MAX as usize {
            return Err(GraphError::new("node_count", "at most 4,294,967,295 nodes"));
        }
        let mut degree = vec![0usize; node_count + 1];
        for (i, &(a, b, w)) in pairs.iter().enumerate() {
            if a as usize >= node_count {
                return Err(GraphError::new(
                    format!("edges[{i}].source"),
                    format!("node {a} is not below node_count {node_count}"),
                ));
            }
            if b as usize >= node_count {
                return Err(GraphError::new(
                    format!("edges[{i}].target"),
                    format!("node {b} is not below node_count {node_count}"),
                ));
            }
            if !(w.is_finite() && w >= 0.0) {
                return Err(GraphError::new(
                    format!("edges[{i}].weight"),
                    "must be a finite number >= 0",
                ));
            }
            if a != b {
                degree[a as usize] += 1;
                degree[b as usize] += 1;
            }
        }
        // Counting sort of both arc directions by source node.
        let mut start = vec![0usize; node_count + 1];
        for v in 0..node_count {
            start[v + 1] = start[v] + degree[v];
        }
        let total = start[node_count];
        let mut arcs: Vec<(u32, f64)> = vec![(0, 0.0); total];
        let mut fill = start.clone();
        for &(a, b, w) in pairs {
            if a != b {
                arcs[fill[a as usize]] = (b, w);
                fill[a as usize] += 1;
                arcs[fill[b as usize]] = (a, w);
                fill[b as usize] += 1;
            }
        }
        drop(fill);
        drop(degree);
        // Sort each row, then merge parallel arcs while compacting.
        let mut offsets = Vec::with_capacity(node_count + 1);
        let mut targets = Vec::with_capacity(total);
        let mut weights = Vec::with_capacity(total);
        let mut strength = Vec::with_capacity(node_count);
        offsets.push(0);
        for v in 0..node_count {
            let row = &mut arcs[start[v]..start[v + 1]];
            if !row.is_sorted_by_key(|a| a.0) {
                row.sort_unstable_by_key(|a| a.0);
            }
            let mut s = 0.0;
            let row_start = targets.len();
            for &(t, w) in row.iter() {
                if targets.len() > row_start && targets[targets.len() - 1] == t {
                    let last = weights.len() - 1;
                    weights[last] += w;
                } else {
                    targets.push(t);
                    weights.push(w);
                }
                s += w;
            }
            strength.push(s);
            offsets.push(targets.len());
        }
        let isolated = (0..node_count as u32)
            .filter(|&v| offsets[v as usize] == offsets[v as usize + 1])
            .collect();
        Ok(Self {
            offsets,
            targets,
            weights,
            strength,
            isolated,
        })
    }

    /// The raw CSR arrays: the neighbours of `v` are `targets[offsets[v]..offsets[v + 1]]`.
    pub(crate) fn csr(&self) -> (&[usize], &[u32]) {
        (&self.offsets, &self.targets)
    }

    /// Members with no tie at all, by index.
    pub fn isolated(&self) -> &[u32] {
        &self.isolated
    }

    /// Number of nodes (members).
    pub fn node_count(&self) -> usize {
        self.strength.len()
    }

    /// Number of distinct undirected ties.
    pub fn edge_count(&self) -> usize {
        self.targets.len() / 2
    }

    /// Neighbours of `v`, sorted by index. Panics if `v` is out of range: callers check indices
    /// at the API boundary (see [`Graph::check_node`]).
    pub fn neighbors(&self, v: u32) -> &[u32] {
        &self.targets[self.offsets[v as usize]..self.offsets[v as usize + 1]]
    }

    /// Tie weights of `v`, aligned with [`Graph::neighbors`].
    pub fn neighbor_weights(&self, v: u32) -> &[f64] {
        &self.weights[self.offsets[v as usize]..self.offsets[v as usize + 1]]
    }

    /// Number of distinct neighbours of `v`.
    pub fn degree(&self, v: u32) -> usize {
        self.offsets[v as usize + 1] - self.offsets[v as usize]
    }

    /// Sum of tie weights of `v` (weighted degree).
    pub fn strength(&self, v: u32) -> f64 {
        self.strength[v as usize]
    }

    /// Sum of all tie weights, each tie counted once.
    pub fn total_weight(&self) -> f64 {
        self.strength.iter().sum::<f64>() / 2.0
    }

    /// Whether `a` and `b` are tied.
    pub fn has_edge(&self, a: u32, b: u32) -> bool {
        self.neighbors(a).binary_search(&b).is_ok()
    }

    /// Weight of the tie between `a` and `b` (0 when there is none).
    pub fn edge_weight(&self, a: u32, b: u32) -> f64 {
        match self.neighbors(a).binary_search(&b) {
            Ok(i) => self.neighbor_weights(a)[i],
            Err(_) => 0.0,
        }
    }

    /// Every tie once, as `(a, b, weight)` with `a < b`.
    pub fn edges(&self) -> impl Iterator<Item = (u32, u32, f64)> + '_ {
        (0..self.node_count() as u32).flat_map(move |a| {
            self.neighbors(a)
                .iter()
                .zip(self.neighbor_weights(a))
                .filter(move |(b, _)| a < **b)
                .map(move |(&b, &w)| (a, b, w))
        })
    }

    /// An error naming `field` unless `v` is a node of this graph.
    pub fn check_node(&self, field: &str, v: u32) -> Result<(), GraphError> {
        if (v as usize) < self.node_count() {
            Ok(())
        } else {
            Err(GraphError::new(
                field,
                format!("node {v} is not in the graph ({} nodes)", self.node_count()),
            ))
        }
    }
}

/// A hint to load the cache line holding `p`; never faults, does nothing off x86-64. The hot
/// loops visit nodes in an order (BFS, shuffled) that scatters their rows over arrays far larger
/// than the cache, and asking for the next rows early hides most of the wait.
#[inline(always)]
pub(crate) fn prefetch<T>(p: *const T) {
    // SAFETY: a prefetch reads nothing and cannot fault, whatever the address; the `sse` feature
    // it needs is part of the x86-64 baseline. (The only unsafe code in the crate.)
    #[cfg(target_arch = "x86_64")]
    unsafe {
        std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>(p.cast())
    };
    #[cfg(not(target_arch = "x86_64"))]
    let _ = p;
}
