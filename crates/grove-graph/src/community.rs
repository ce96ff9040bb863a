//! Communities: groups of members more tied to each other than to the rest, found by the Louvain
//! method (Blondel et al. 2008) with Leiden's refinement and fast local move (Traag et al. 2019),
//! and the modularity that scores a partition.

use crate::graph::{Graph, prefetch};
use crate::rng::SplitMix64;
use serde::Serialize;

/// Settings for [`louvain`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct CommunityOptions {
    /// Resolution: above 1 gives more, smaller communities; below 1 fewer, larger ones.
    pub resolution: f64,
    /// Seed for the order nodes are visited in.
    pub seed: u64,
    /// Independent runs with seeds `seed, seed+1, ...`; the best modularity wins. Louvain's result
    /// depends on the visiting order, so a few runs on small graphs buy a better partition cheaply.
    pub runs: usize,
    /// Leiden's refinement between levels: better communities (never badly merged) for about
    /// twice the time of plain Louvain.
    pub refine: bool,
}

impl Default for CommunityOptions {
    fn default() -> Self {
        Self {
            resolution: 1.0,
            seed: 42,
            runs: 1,
            refine: true,
        }
    }
}

/// A partition of the nodes into communities.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Communities {
    /// Community number of every node; numbers are `0..count`, in order of their smallest node.
    pub of_node: Vec<u32>,
    /// Number of communities.
    pub count: usize,
    /// Weighted modularity of the partition (resolution 1 unless another was asked for).
    pub modularity: f64,
}

/// Weighted modularity of a partition (`of_node[v]` = community of `v`), as networkx computes it.
pub fn modularity(graph: &Graph, of_node: &[u32], resolution: f64) -> f64 {
    let m2 = 2.0 * graph.total_weight();
    if m2 == 0.0 {
        return 0.0;
    }
    let k = of_node.iter().copied().max().map_or(0, |c| c as usize + 1);
    let mut inside = vec![0.0; k];
    let mut total = vec![0.0; k];
    for v in 0..graph.node_count() as u32 {
        let c = of_node[v as usize] as usize;
        total[c] += graph.strength(v);
        for (&w, &x) in graph.neighbors(v).iter().zip(graph.neighbor_weights(v)) {
            if of_node[w as usize] as usize == c {
                inside[c] += x;
            }
        }
    }
    (0..k)
        .map(|c| inside[c] / m2 - resolution * (total[c] / m2).powi(2))
        .sum()
}

/// How many nodes ahead of the one being moved its row is prefetched.
const AHEAD: usize = 8;

/// One level of the Louvain hierarchy: a weighted graph whose nodes may carry self-loops.
struct Level {
    offsets: Vec<usize>,
    targets: Vec<u32>,
    weights: Vec<f64>,
    /// Weight of arcs inside the node (each internal tie counted from both ends).
    self_weight: Vec<f64>,
    strength: Vec<f64>,
}

impl Level {
    fn from_graph(graph: &Graph) -> Self {
        let n = graph.node_count();
        let mut offsets = Vec::with_capacity(n + 1);
        let mut targets = Vec::new();
        let mut weights = Vec::new();
        offsets.push(0);
        for v in 0..n as u32 {
            targets.extend_from_slice(graph.neighbors(v));
            weights.extend_from_slice(graph.neighbor_weights(v));
            offsets.push(targets.len());
        }
        let strength = (0..n as u32).map(|v| graph.strength(v)).collect();
        Self {
            offsets,
            targets,
            weights,
            self_weight: vec![0.0; n],
            strength,
        }
    }

    fn len(&self) -> usize {
        self.strength.len()
    }

    /// Start loading the ties of `v` (see [`prefetch`]); `offsets[v]` should be loaded already.
    #[inline(always)]
    fn prefetch_row(&self, v: u32) {
        let start = self.offsets[v as usize];
        prefetch(self.targets.as_ptr().wrapping_add(start));
        prefetch(self.weights.as_ptr().wrapping_add(start));
        prefetch(self.weights.as_ptr().wrapping_add(start + 8));
    }

    /// Prefetch the row of `ahead` and the offsets of `further`, when there are such nodes.
    #[inline(always)]
    fn prefetch_ahead(&self, ahead: Option<&u32>, further: Option<&u32>) {
        if let Some(&v) = ahead {
            self.prefetch_row(v);
        }
        if let Some(&v) = further {
            prefetch(self.offsets.as_ptr().wrapping_add(v as usize));
        }
    }

    /// Move nodes between communities until none gains by moving. Returns whether any moved.
    fn local_move(&self, comm: &mut [u32], resolution: f64, m2: f64, rng: &mut SplitMix64) -> bool {
        let n = self.len();
        let mut total = vec![0.0; n];
        for v in 0..n {
            total[comm[v] as usize] += self.strength[v];
        }
        let mut order: Vec<u32> = (0..n as u32).collect();
        rng.shuffle(&mut order);
        let mut queue: std::collections::VecDeque<u32> = order.into();
        let mut queued = vec![true; n];
        let mut to_comm = vec![0.0; n];
        let mut touched: Vec<u32> = Vec::new();
        let mut moved_any = false;
        while let Some(v) = queue.pop_front() {
            self.prefetch_ahead(queue.get(AHEAD), queue.get(2 * AHEAD));
            let vi = v as usize;
            queued[vi] = false;
            let own = comm[vi];
            for i in self.offsets[vi]..self.offsets[vi + 1] {
                let c = comm[self.targets[i] as usize];
                if to_comm[c as usize] == 0.0 {
                    touched.push(c);
                }
                to_comm[c as usize] += self.weights[i];
            }
            let k = self.strength[vi];
            total[own as usize] -= k;
            let scale = resolution * k / m2;
            let mut best = own;
            let mut best_gain = to_comm[own as usize] - total[own as usize] * scale;
            for &c in &touched {
                let gain = to_comm[c as usize] - total[c as usize] * scale;
                // Strictly better (beyond rounding) so that ties keep the node where it is.
                if gain > best_gain + 1e-12 * (1.0 + best_gain.abs()) {
                    best = c;
                    best_gain = gain;
                }
            }
            total[best as usize] += k;
            for &c in &touched {
                to_comm[c as usize] = 0.0;
            }
            touched.clear();
            if best != own {
                comm[vi] = best;
                moved_any = true;
                for i in self.offsets[vi]..self.offsets[vi + 1] {
                    let w = self.targets[i];
                    if !queued[w as usize] && comm[w as usize] != best {
                        queued[w as usize] = true;
                        queue.push_back(w);
                    }
                }
            }
        }
        moved_any
    }

    /// Leiden's refinement (Traag, Waltman and van Eck 2019), greedy variant: inside each
    /// community, members start alone and join a well-connected sub-community when that raises
    /// modularity. Aggregating by sub-communities instead of whole communities lets later levels
    /// split badly merged communities, which is what lifts Leiden above plain Louvain.
    fn refine(&self, comm: &[u32], resolution: f64, m2: f64, rng: &mut SplitMix64) -> Vec<u32> {
        let n = self.len();
        let mut refined: Vec<u32> = (0..n as u32).collect();
        let mut alone = vec![true; n];
        let mut comm_total = vec![0.0; n];
        for v in 0..n {
            comm_total[comm[v] as usize] += self.strength[v];
        }
        // Weight from each node (then each sub-community) to the rest of its community.
        let mut to_rest = vec![0.0; n];
        for v in 0..n {
            for i in self.offsets[v]..self.offsets[v + 1] {
                if comm[self.targets[i] as usize] == comm[v] {
                    to_rest[v] += self.weights[i];
                }
            }
        }
        let node_to_rest = to_rest.clone();
        let mut sub_total = self.strength.clone();
        let mut to_sub = vec![0.0; n];
        let mut touched: Vec<u32> = Vec::new();
        let mut order: Vec<u32> = (0..n as u32).collect();
        rng.shuffle(&mut order);
        for (i, &v) in order.iter().enumerate() {
            self.prefetch_ahead(order.get(i + AHEAD), order.get(i + 2 * AHEAD));
            let vi = v as usize;
            if !alone[vi] {
                continue;
            }
            let c = comm[vi];
            let k = self.strength[vi];
            let total_c = comm_total[c as usize];
            if node_to_rest[vi] < resolution * k * (total_c - k) / m2 {
                continue;
            }
            for i in self.offsets[vi]..self.offsets[vi + 1] {
                let u = self.targets[i] as usize;
                if comm[u] == c {
                    let s = refined[u];
                    if to_sub[s as usize] == 0.0 {
                        touched.push(s);
                    }
                    to_sub[s as usize] += self.weights[i];
                }
            }
            let mut best = v;
            let mut best_gain = 0.0f64;
            for &s in &touched {
                let si = s as usize;
                if s == v
                    || to_rest[si] < resolution * sub_total[si] * (total_c - sub_total[si]) / m2
                {
                    continue;
                }
                let gain = to_sub[si] - resolution * k * sub_total[si] / m2;
                if gain > best_gain + 1e-12 * (1.0 + best_gain.abs()) {
                    best = s;
                    best_gain = gain;
                }
            }
            if best != v {
                let bi = best as usize;
                to_rest[bi] += node_to_rest[vi] - 2.0 * to_sub[bi];
                sub_total[bi] += k;
                refined[vi] = best;
                alone[vi] = false;
                alone[bi] = false;
            }
            for &s in &touched {
                to_sub[s as usize] = 0.0;
            }
            touched.clear();
        }
        refined
    }

    /// Collapse each community into one node. `comm` must be renumbered `0..count`.
    fn aggregate(&self, comm: &[u32], count: usize) -> Level {
        let n = self.len();
        let mut start = vec![0usize; count + 1];
        for &c in comm {
            start[c as usize + 1] += 1;
        }
        for c in 0..count {
            start[c + 1] += start[c];
        }
        let mut members = vec![0u32; n];
        let mut fill = start.clone();
        for (v, &c) in comm.iter().enumerate() {
            let c = c as usize;
            members[fill[c]] = v as u32;
            fill[c] += 1;
        }
        let mut offsets = Vec::with_capacity(count + 1);
        let mut targets = Vec::new();
        let mut weights = Vec::new();
        let mut self_weight = vec![0.0; count];
        let mut strength = vec![0.0; count];
        let mut acc = vec![0.0; count];
        let mut touched: Vec<u32> = Vec::new();
        offsets.push(0);
        for c in 0..count {
            for i in start[c]..start[c + 1] {
                self.prefetch_ahead(members.get(i + AHEAD), members.get(i + 2 * AHEAD));
                let vi = members[i] as usize;
                self_weight[c] += self.self_weight[vi];
                strength[c] += self.strength[vi];
                for i in self.offsets[vi]..self.offsets[vi + 1] {
                    let d = comm[self.targets[i] as usize];
                    if d as usize == c {
                        self_weight[c] += self.weights[i];
                    } else {
                        if acc[d as usize] == 0.0 {
                            touched.push(d);
                        }
                        acc[d as usize] += self.weights[i];
                    }
                }
            }
            touched.sort_unstable();
            for &d in &touched {
                targets.push(d);
                weights.push(acc[d as usize]);
                acc[d as usize] = 0.0;
            }
            touched.clear();
            offsets.push(targets.len());
        }
        Level {
            offsets,
            targets,
            weights,
            self_weight,
            strength,
        }
    }
}

/// Renumber community labels to `0..count` in order of first appearance; returns `count`.
fn renumber(comm: &mut [u32]) -> usize {
    let mut map = vec![u32::MAX; comm.len()];
    let mut next = 0u32;
    for c in comm.iter_mut() {
        if map[*c as usize] == u32::MAX {
            map[*c as usize] = next;
            next += 1;
        }
        *c = map[*c as usize];
    }
    next as usize
}

/// Communities by the Louvain method, best of `options.runs` seeded runs.
pub fn louvain(graph: &Graph, options: &CommunityOptions) -> Communities {
    let mut best: Option<Communities> = None;
    for run in 0..options.runs.max(1) {
        let found = louvain_once(
            graph,
            options.resolution,
            options.seed.wrapping_add(run as u64),
            options.refine,
        );
        if best
            .as_ref()
            .is_none_or(|b| found.modularity > b.modularity)
        {
            best = Some(found);
        }
    }
    best.unwrap_or(Communities {
        of_node: Vec::new(),
        count: 0,
        modularity: 0.0,
    })
}

fn louvain_once(graph: &Graph, resolution: f64, seed: u64, refine: bool) -> Communities {
    let n = graph.node_count();
    let m2 = 2.0 * graph.total_weight();
    let mut rng = SplitMix64::new(seed);
    let mut of_node: Vec<u32> = (0..n as u32).collect();
    if n == 0 || m2 == 0.0 {
        let count = renumber(&mut of_node);
        return Communities {
            of_node,
            count,
            modularity: 0.0,
        };
    }
    let base = Level::from_graph(graph);
    let start = of_node;
    multilevel_pass(graph, &base, start, resolution, m2, refine, &mut rng)
}

/// One multi-level pass starting from partition `comm` of the original nodes.
fn multilevel_pass(
    graph: &Graph,
    base: &Level,
    mut comm: Vec<u32>,
    resolution: f64,
    m2: f64,
    refine: bool,
    rng: &mut SplitMix64,
) -> Communities {
    let n = graph.node_count();
    let mut of_node: Vec<u32> = comm.clone();
    let mut level_storage: Option<Level> = None;
    // Which node of the current level each original node has been folded into.
    let mut folded: Vec<u32> = (0..n as u32).collect();
    loop {
        let level = level_storage.as_ref().unwrap_or(base);
        level.local_move(&mut comm, resolution, m2, rng);
        let count = renumber(&mut comm);
        for (v, f) in of_node.iter_mut().zip(&folded) {
            *v = comm[*f as usize];
        }
        if count == level.len() || count == 1 {
            break;
        }
        let (mut refined, mut sub_count) = if refine {
            let mut r = level.refine(&comm, resolution, m2, rng);
            let k = renumber(&mut r);
            (r, k)
        } else {
            (comm.clone(), count)
        };
        if sub_count == level.len() {
            // Refinement merged nothing: fold whole communities, as plain Louvain does.
            refined.clone_from(&comm);
            sub_count = count;
        }
        for f in folded.iter_mut() {
            *f = refined[*f as usize];
        }
        // The next level starts from the communities just found, one node per sub-community.
        let mut start = vec![0u32; sub_count];
        for (r, c) in refined.iter().zip(&comm) {
            start[*r as usize] = *c;
        }
        level_storage = Some(level.aggregate(&refined, sub_count));
        comm = start;
    }
    // A last pass on the original nodes lets single members settle in the final communities.
    base.local_move(&mut of_node, resolution, m2, rng);
    let count = renumber(&mut of_node);
    let q = modularity(graph, &of_node, resolution);
    Communities {
        of_node,
        count,
        modularity: q,
    }
}
