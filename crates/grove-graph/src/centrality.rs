//! Who is central: PageRank (weighted, as networkx computes it) and betweenness (Brandes; exact on
//! small graphs, sampled from k pivots with a stated error bound on large ones).

use crate::graph::{Graph, prefetch};
use crate::rng::SplitMix64;
use serde::Serialize;

/// Settings for [`pagerank`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PageRankOptions {
    /// Probability of following a tie rather than jumping anywhere (0.85 as in networkx).
    pub alpha: f64,
    /// Stop when the L1 change of an iteration is below `node_count * tolerance` (networkx's rule).
    pub tolerance: f64,
    /// Give up iterating after this many rounds (the last vector is returned).
    pub max_iterations: usize,
}

impl Default for PageRankOptions {
    fn default() -> Self {
        Self {
            alpha: 0.85,
            tolerance: 1e-6,
            max_iterations: 100,
        }
    }
}

/// PageRank of every node, summing to 1. Ties are followed in proportion to their weight; nodes
/// with no ties spread their rank uniformly, exactly as `networkx.pagerank` does.
pub fn pagerank(graph: &Graph, options: &PageRankOptions) -> Vec<f64> {
    let n = graph.node_count();
    if n == 0 {
        return Vec::new();
    }
    let alpha = options.alpha;
    let mut x = vec![1.0 / n as f64; n];
    let mut share = vec![0.0; n];
    let mut next = vec![0.0; n];
    let inv_strength: Vec<f64> = (0..n as u32)
        .map(|v| {
            if graph.strength(v) > 0.0 {
                1.0 / graph.strength(v)
            } else {
                0.0
            }
        })
        .collect();
    for _ in 0..options.max_iterations {
        let mut dangling = 0.0;
        for v in 0..n {
            share[v] = x[v] * inv_strength[v];
            if inv_strength[v] == 0.0 {
                dangling += x[v];
            }
        }
        let base = (alpha * dangling + (1.0 - alpha)) / n as f64;
        let mut err = 0.0;
        for v in 0..n as u32 {
            let mut sum = 0.0;
            for (&u, &w) in graph.neighbors(v).iter().zip(graph.neighbor_weights(v)) {
                sum += w * share[u as usize];
            }
            let value = base + alpha * sum;
            err += (value - x[v as usize]).abs();
            next[v as usize] = value;
        }
        std::mem::swap(&mut x, &mut next);
        if err < n as f64 * options.tolerance {
            break;
        }
    }
    x
}

/// Settings for [`betweenness`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BetweennessOptions {
    /// Graphs with at most this many nodes get the exact value (all sources).
    pub exact_up_to: usize,
    /// On larger graphs, the number of pivot sources sampled.
    pub pivots: usize,
    /// Seed for choosing pivots.
    pub seed: u64,
    /// Worker threads; the values do not depend on it (sums are combined in a fixed order).
    pub threads: usize,
}

impl Default for BetweennessOptions {
    fn default() -> Self {
        Self {
            exact_up_to: 5_000,
            pivots: 256,
            seed: 42,
            threads: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }
}

/// Betweenness of every node, normalized as networkx does for undirected graphs (the share of
/// shortest paths between other pairs that pass through the node; 1.0 for the centre of a star).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Betweenness {
    /// One value per node.
    pub values: Vec<f64>,
    /// `true` when every node was a source; `false` when pivots were sampled.
    pub exact: bool,
    /// Number of sources used.
    pub sources: usize,
    /// With probability at least 95%, each single value is within this distance of the exact one
    /// (Hoeffding's bound for sampling without replacement); 0 when exact.
    pub error_bound_per_node: f64,
    /// With probability at least 95%, all values at once are within this distance (union bound).
    pub error_bound_all_nodes: f64,
}

/// Betweenness centrality by Brandes' algorithm over hop-count shortest paths (tie weights are not
/// distances, so they are ignored here, as in networkx's default).
pub fn betweenness(graph: &Graph, options: &BetweennessOptions) -> Betweenness {
    let n = graph.node_count();
    let exact = n <= options.exact_up_to || options.pivots >= n;
    let sources: Vec<u32> = if exact {
        (0..n as u32).collect()
    } else {
        SplitMix64::new(options.seed).sample(n, options.pivots.max(1))
    };
    let mut bc = brandes(graph, &sources, options.threads);
    let k = sources.len();
    let (per_node, all_nodes) = if exact || n < 3 {
        (0.0, 0.0)
    } else {
        // Each sampled source contributes X = n * delta / ((n-1)(n-2)) in [0, n/(n-1)].
        let range = n as f64 / (n as f64 - 1.0);
        let bound = |delta: f64| range * ((2.0 / delta).ln() / (2.0 * k as f64)).sqrt();
        (bound(0.05), bound(0.05 / n as f64))
    };
    if n > 2 {
        let scale = n as f64 / k.max(1) as f64 / ((n as f64 - 1.0) * (n as f64 - 2.0));
        for v in bc.iter_mut() {
            *v *= scale;
        }
    } else {
        bc.iter_mut().for_each(|v| *v = 0.0);
    }
    Betweenness {
        values: bc,
        exact,
        sources: k,
        error_bound_per_node: per_node,
        error_bound_all_nodes: all_nodes,
    }
}

/// Sources are split into this many fixed chunks whose sums are added in chunk order, so the
/// result is bit-for-bit the same whatever the number of threads.
const CHUNKS: usize = 8;

/// Raw Brandes accumulation from the given sources (each unordered pair counted from both ends),
/// spread over the available cores.
fn brandes(graph: &Graph, sources: &[u32], threads: usize) -> Vec<f64> {
    let n = graph.node_count();
    let chunk_len = sources.len().div_ceil(CHUNKS).max(1);
    let chunks: Vec<&[u32]> = sources.chunks(chunk_len).collect();
    let threads = threads.clamp(1, chunks.len().max(1));
    let mut partial: Vec<Option<Vec<f64>>> = vec![None; chunks.len()];
    std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|t| {
                let mine: Vec<(usize, &[u32])> = chunks
                    .iter()
                    .enumerate()
                    .skip(t)
                    .step_by(threads)
                    .map(|(i, c)| (i, *c))
                    .collect();
                scope.spawn(move || {
                    mine.into_iter()
                        .map(|(i, c)| (i, brandes_chunk(graph, c)))
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        for h in handles {
            // A panic in a worker is a bug in this function, not bad input: surface it.
            for (i, v) in h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)) {
                partial[i] = Some(v);
            }
        }
    });
    let mut bc = vec![0.0; n];
    for p in partial.into_iter().flatten() {
        for (a, b) in bc.iter_mut().zip(p) {
            *a += b;
        }
    }
    bc
}

/// "Not reached yet" in the level array of [`brandes_chunk`].
const UNSEEN: u8 = u8::MAX;

/// Brandes from each of `sources`, summed. Memory, not arithmetic, bounds this loop on large
/// graphs, so it is arranged to wait for memory as little as possible:
/// - In an undirected graph the hop distances of two tied nodes differ by at most one, so a
///   node's level modulo 3 (here modulo 251) tells a neighbour one hop further from one at the
///   same distance or one hop closer. One byte a node (100 kB for 100k nodes) replaces a 4-byte
///   distance and stays in cache.
/// - Dependencies are pulled rather than pushed: walking the BFS order backwards, a node sums
///   `(1 + delta[w]) / sigma[w]` over its successors `w`, which were all finished before it. That
///   quotient overwrites `sigma[w]` once `w` is done, so no separate dependency array is read.
/// - Each level is put in index order before it is scanned, so rows are read in address order
///   (forwards, then backwards), and the rows of the next few nodes are prefetched.
/// - The BFS queue doubles as the stack, and only visited nodes are reset.
///
/// The sums are those of textbook Brandes, added in another order (tests/invariants.rs checks
/// them against a plain implementation to 1e-9).
fn brandes_chunk(graph: &Graph, sources: &[u32]) -> Vec<f64> {
    let n = graph.node_count();
    let (offsets, targets) = graph.csr();
    let mut bc = vec![0.0; n];
    let mut level = vec![UNSEEN; n];
    // Path counts during the forward sweep; then, node by node on the way back,
    // `(1 + delta) / sigma`, the share each predecessor pulls.
    let mut sigma = vec![0.0f64; n];
    let mut order: Vec<u32> = Vec::with_capacity(n);
    for &s in sources {
        order.clear();
        level[s as usize] = 0;
        sigma[s as usize] = 1.0;
        order.push(s);
        let (mut begin, mut end, mut depth) = (0, 1, 0usize);
        while begin < end {
            for head in begin..end {
                prefetch_row(offsets, targets, &order, head + AHEAD);
                let v = order[head] as usize;
                let next = next_level(level[v]);
                let sv = sigma[v];
                for &w in &targets[offsets[v]..offsets[v + 1]] {
                    let w = w as usize;
                    let lw = level[w];
                    if lw == UNSEEN {
                        level[w] = next;
                        sigma[w] = sv;
                        order.push(w as u32);
                    } else if lw == next {
                        sigma[w] += sv;
                    }
                }
            }
            depth += 1;
            (begin, end) = (end, order.len());
            // Put the new level in index order, so that its rows are read in address order (both
            // ways) and its neighbours, often close by, hit the cache. A large level is gathered
            // by one scan of the level bytes, as long as no earlier level shares its byte.
            let count = end - begin;
            if depth < LEVELS as usize && count >= n / 16 {
                order.truncate(begin);
                order.extend(
                    level
                        .iter()
                        .enumerate()
                        .filter(|&(_, &l)| l == depth as u8)
                        .map(|(v, _)| v as u32),
                );
                debug_assert_eq!(order.len(), end);
            } else if count >= 64 {
                order[begin..end].sort_unstable();
            }
        }
        for i in (1..order.len()).rev() {
            prefetch_row(offsets, targets, &order, i.wrapping_sub(AHEAD));
            let v = order[i] as usize;
            let next = next_level(level[v]);
            let mut pull = 0.0;
            for &w in &targets[offsets[v]..offsets[v + 1]] {
                if level[w as usize] == next {
                    pull += sigma[w as usize];
                }
            }
            let sv = sigma[v];
            let delta = sv * pull;
            bc[v] += delta;
            sigma[v] = (1.0 + delta) / sv;
        }
        for &v in &order {
            level[v as usize] = UNSEEN;
        }
    }
    bc
}

/// How many nodes ahead of the one being scanned [`prefetch_row`] asks for.
const AHEAD: usize = 8;

/// Ask the CPU to start loading the ties of `order[i]` (and, twice as far ahead, its offsets),
/// if that node is known yet. Nodes come in BFS order, so their rows are scattered over an array
/// far larger than the cache; waiting for each row in turn was most of the time.
#[inline(always)]
fn prefetch_row(offsets: &[usize], targets: &[u32], order: &[u32], i: usize) {
    if let Some(&v) = order.get(i) {
        let start = offsets[v as usize];
        prefetch(targets.as_ptr().wrapping_add(start));
        prefetch(targets.as_ptr().wrapping_add(start + 15));
    }
    if let Some(&v) = order.get(i.wrapping_add(AHEAD)) {
        prefetch(offsets.as_ptr().wrapping_add(v as usize));
    }
}

/// Levels are stored modulo this (any modulus above 2 tells tied nodes' levels apart; a large one
/// also names the first 250 levels exactly).
const LEVELS: u8 = 251;

/// The level after `l`, modulo [`LEVELS`].
#[inline]
fn next_level(l: u8) -> u8 {
    if l == LEVELS - 1 { 0 } else { l + 1 }
}

/// Number of distinct ties of every node.
pub fn degrees(graph: &Graph) -> Vec<usize> {
    (0..graph.node_count() as u32)
        .map(|v| graph.degree(v))
        .collect()
}
