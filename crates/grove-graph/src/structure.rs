//! The shape of the network: connected components (who can reach whom at all), articulation points
//! (members whose departure would cut the network apart) and clustering (how tightly each member's
//! contacts know each other).

use crate::graph::Graph;
use serde::Serialize;

/// Connected components, numbered in order of their smallest node.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Components {
    /// Component number of every node.
    pub of_node: Vec<u32>,
    /// Number of nodes in every component.
    pub sizes: Vec<usize>,
}

impl Components {
    /// Number of components.
    pub fn count(&self) -> usize {
        self.sizes.len()
    }

    /// The largest component's number (the smallest such number on ties), if any node exists.
    pub fn largest(&self) -> Option<u32> {
        let mut best: Option<(usize, u32)> = None;
        for (c, &s) in self.sizes.iter().enumerate() {
            if best.is_none_or(|(bs, _)| s > bs) {
                best = Some((s, c as u32));
            }
        }
        best.map(|(_, c)| c)
    }
}

/// Connected components by union-find over the ties (Rem's algorithm with path halving), reading
/// the CSR arrays in address order, with a shortcut in the manner of Afforest (Sutton et al.
/// 2018): after the ties of the first sixteenth of the nodes are united, the component most nodes
/// fell into (the giant one, in any real network) is known, and from then on a node already in it
/// is skipped without reading its ties; any other node unites all its ties, so a tie leaving the
/// giant component is always seen from its other end. The 4-byte parent array stays in cache.
/// The result does not depend on the order of unions: every tree's root is its smallest node.
pub fn connected_components(graph: &Graph) -> Components {
    let n = graph.node_count();
    let (offsets, targets) = graph.csr();
    let mut parent: Vec<u32> = (0..n as u32).collect();
    let prefix = n / 16;
    for v in 0..prefix {
        for &w in &targets[offsets[v]..offsets[v + 1]] {
            if w as usize > v {
                unite(&mut parent, v as u32, w);
            }
        }
    }
    let mut giant = most_frequent_root(&mut parent);
    for v in prefix..n {
        if parent[v] == giant || find(&mut parent, v as u32) == giant {
            continue;
        }
        // Ties to smaller nodes too: they may have been skipped as members of the giant one.
        for &w in &targets[offsets[v]..offsets[v + 1]] {
            unite(&mut parent, v as u32, w);
        }
        // Joining a component with a smaller node moves the giant one's root.
        if parent[giant as usize] != giant {
            giant = find(&mut parent, giant);
        }
    }
    // Roots are the smallest node of their component (parent[v] <= v always holds), so numbering
    // roots in index order numbers components by their smallest node; and when `v` is reached,
    // every smaller node already points straight at its root.
    let mut of_node = vec![0u32; n];
    let mut sizes = Vec::new();
    for v in 0..n {
        let p = parent[v] as usize;
        if p == v {
            of_node[v] = sizes.len() as u32;
            sizes.push(1);
        } else {
            let root = parent[p] as usize;
            parent[v] = root as u32;
            of_node[v] = of_node[root];
            sizes[of_node[root] as usize] += 1;
        }
    }
    Components { of_node, sizes }
}

/// The root found most often among up to 1,024 evenly spread nodes (`u32::MAX` with no nodes).
fn most_frequent_root(parent: &mut [u32]) -> u32 {
    let n = parent.len();
    if n == 0 {
        return u32::MAX;
    }
    let step = n.div_ceil(1024);
    let mut roots: Vec<u32> = (0..n)
        .step_by(step)
        .map(|v| find(parent, v as u32))
        .collect();
    roots.sort_unstable();
    let mut best = (0, roots[0]);
    let mut i = 0;
    while i < roots.len() {
        let j = roots[i..].partition_point(|&r| r == roots[i]) + i;
        if j - i > best.0 {
            best = (j - i, roots[i]);
        }
        i = j;
    }
    best.1
}

fn find(parent: &mut [u32], mut v: u32) -> u32 {
    while parent[v as usize] != v {
        let grand = parent[parent[v as usize] as usize];
        parent[v as usize] = grand;
        v = grand;
    }
    v
}

/// Rem's union: walk both paths upwards together, splicing as it goes, and link the larger
/// root under the smaller.
fn unite(parent: &mut [u32], a: u32, b: u32) {
    let (mut x, mut y) = (a, b);
    while parent[x as usize] != parent[y as usize] {
        if parent[x as usize] < parent[y as usize] {
            std::mem::swap(&mut x, &mut y);
        }
        // Now parent[x] > parent[y]: x's side hangs higher; move it towards the smaller.
        let px = parent[x as usize];
        if px == x {
            parent[x as usize] = parent[y as usize];
            return;
        }
        parent[x as usize] = parent[y as usize];
        x = px;
    }
}

/// Articulation points: nodes whose removal splits their component. Iterative Hopcroft-Tarjan, so
/// a long chain of members cannot overflow the call stack. Sorted by index.
pub fn articulation_points(graph: &Graph) -> Vec<u32> {
    let n = graph.node_count();
    let mut disc = vec![u32::MAX; n];
    let mut low = vec![0u32; n];
    let mut parent = vec![u32::MAX; n];
    let mut is_cut = vec![false; n];
    let mut time = 0u32;
    // Stack of (node, index of next neighbour to look at).
    let mut stack: Vec<(u32, usize)> = Vec::new();
    for root in 0..n as u32 {
        if disc[root as usize] != u32::MAX {
            continue;
        }
        disc[root as usize] = time;
        low[root as usize] = time;
        time += 1;
        let mut root_children = 0;
        stack.push((root, 0));
        while let Some(&mut (v, ref mut next)) = stack.last_mut() {
            let nbrs = graph.neighbors(v);
            if *next < nbrs.len() {
                let w = nbrs[*next];
                *next += 1;
                if disc[w as usize] == u32::MAX {
                    parent[w as usize] = v;
                    disc[w as usize] = time;
                    low[w as usize] = time;
                    time += 1;
                    if v == root {
                        root_children += 1;
                    }
                    stack.push((w, 0));
                } else if w != parent[v as usize] {
                    low[v as usize] = low[v as usize].min(disc[w as usize]);
                }
            } else {
                stack.pop();
                let p = parent[v as usize];
                if p != u32::MAX {
                    low[p as usize] = low[p as usize].min(low[v as usize]);
                    if p != root && low[v as usize] >= disc[p as usize] {
                        is_cut[p as usize] = true;
                    }
                }
            }
        }
        if root_children > 1 {
            is_cut[root as usize] = true;
        }
    }
    (0..n as u32).filter(|&v| is_cut[v as usize]).collect()
}

/// Local clustering coefficient of every node (unweighted, as networkx's default): the share of
/// pairs of its contacts that are tied to each other; 0 for nodes with fewer than two contacts.
pub fn clustering(graph: &Graph) -> Vec<f64> {
    let n = graph.node_count();
    let mut triangles = vec![0u64; n];
    let mut mark = vec![u32::MAX; n];
    // Each triangle u < v < w is found once, from its smallest node.
    for u in 0..n as u32 {
        for &v in graph.neighbors(u) {
            mark[v as usize] = u;
        }
        for &v in graph.neighbors(u) {
            if v <= u {
                continue;
            }
            for &w in graph.neighbors(v) {
                if w > v && mark[w as usize] == u {
                    triangles[u as usize] += 1;
                    triangles[v as usize] += 1;
                    triangles[w as usize] += 1;
                }
            }
        }
    }
    (0..n as u32)
        .map(|v| {
            let d = graph.degree(v) as f64;
            if d < 2.0 {
                0.0
            } else {
                2.0 * triangles[v as usize] as f64 / (d * (d - 1.0))
            }
        })
        .collect()
}
