//! Ties between groups (departments, locations, partner organizations: any grouping the caller
//! passes): the tie matrix, Krackhardt's E-I index, densities, and how well the communities found
//! match the groups. Every figure about a group smaller than the minimum size is withheld.

use crate::error::GraphError;
use crate::graph::Graph;
use serde::Serialize;

/// Figures for one group; the `Option` fields are `None` when the group is below the minimum size.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupStats {
    /// Group number (index in the caller's list of groups).
    pub group: u32,
    /// Number of members, always shown: the caller already knows it.
    pub size: usize,
    /// `true` when the group is smaller than the minimum size and its figures are withheld.
    pub suppressed: bool,
    /// Ties between two members of the group.
    pub internal_ties: Option<u64>,
    /// Ties from a member of the group to anyone outside it.
    pub external_ties: Option<u64>,
    /// Krackhardt's E-I index (E - I) / (E + I): -1 all ties inside (a silo), +1 all outside.
    pub ei_index: Option<f64>,
    /// Internal ties / possible internal pairs.
    pub internal_density: Option<f64>,
}

/// Figures for a whole grouping.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupAnalysis {
    /// One entry per group.
    pub groups: Vec<GroupStats>,
    /// `ties[g][h]`: number of ties between groups g and h (diagonal: inside g); symmetric;
    /// `None` when either group is below the minimum size.
    pub ties: Vec<Vec<Option<u64>>>,
    /// `density[g][h]`: ties / possible pairs between g and h (diagonal: internal density).
    pub density: Vec<Vec<Option<f64>>>,
    /// E-I index of the whole organization over grouped members.
    pub ei_index: f64,
}

/// Check a per-node grouping: one entry per node. Returns the number of groups.
pub fn group_count(graph: &Graph, group_of: &[Option<u32>]) -> Result<usize, GraphError> {
    if group_of.len() != graph.node_count() {
        return Err(GraphError::new(
            "group_of",
            format!(
                "has {} entries for {} nodes",
                group_of.len(),
                graph.node_count()
            ),
        ));
    }
    Ok(group_of
        .iter()
        .flatten()
        .map(|&g| g as usize + 1)
        .max()
        .unwrap_or(0))
}

/// Tie matrix, E-I indices and densities of a grouping; groups with fewer than `min_group_size`
/// members have their figures withheld.
pub fn analyze_groups(
    graph: &Graph,
    group_of: &[Option<u32>],
    min_group_size: usize,
) -> Result<GroupAnalysis, GraphError> {
    let k = group_count(graph, group_of)?;
    let mut size = vec![0usize; k];
    for g in group_of.iter().flatten() {
        size[*g as usize] += 1;
    }
    let mut ties = vec![vec![0u64; k]; k];
    let mut external = vec![0u64; k];
    let (mut all_internal, mut all_external) = (0u64, 0u64);
    for (a, b, _) in graph.edges() {
        match (group_of[a as usize], group_of[b as usize]) {
            (Some(g), Some(h)) => {
                ties[g as usize][h as usize] += 1;
                if g != h {
                    ties[h as usize][g as usize] += 1;
                    external[g as usize] += 1;
                    external[h as usize] += 1;
                    all_external += 1;
                } else {
                    all_internal += 1;
                }
            }
            (Some(g), None) | (None, Some(g)) => external[g as usize] += 1,
            (None, None) => {}
        }
    }
    let shown = |g: usize| size[g] >= min_group_size.max(1);
    let groups = (0..k)
        .map(|g| {
            let ok = shown(g);
            let internal = ties[g][g];
            let pairs = (size[g] * size[g].saturating_sub(1)) as f64 / 2.0;
            GroupStats {
                group: g as u32,
                size: size[g],
                suppressed: !ok,
                internal_ties: ok.then_some(internal),
                external_ties: ok.then_some(external[g]),
                ei_index: ok.then(|| ei(external[g], internal)),
                internal_density: ok.then(|| {
                    if pairs > 0.0 {
                        internal as f64 / pairs
                    } else {
                        0.0
                    }
                }),
            }
        })
        .collect();
    let density = (0..k)
        .map(|g| {
            (0..k)
                .map(|h| {
                    (shown(g) && shown(h)).then(|| {
                        let pairs = if g == h {
                            (size[g] * size[g].saturating_sub(1)) as f64 / 2.0
                        } else {
                            (size[g] * size[h]) as f64
                        };
                        if pairs > 0.0 {
                            ties[g][h] as f64 / pairs
                        } else {
                            0.0
                        }
                    })
                })
                .collect()
        })
        .collect();
    let ties = (0..k)
        .map(|g| {
            (0..k)
                .map(|h| (shown(g) && shown(h)).then_some(ties[g][h]))
                .collect()
        })
        .collect();
    Ok(GroupAnalysis {
        groups,
        ties,
        density,
        ei_index: ei(all_external, all_internal),
    })
}

/// Krackhardt's E-I index; 0 when there are no ties at all.
pub fn ei(external: u64, internal: u64) -> f64 {
    let total = external + internal;
    if total == 0 {
        0.0
    } else {
        (external as f64 - internal as f64) / total as f64
    }
}

/// Row sums, column sums and non-empty cells of a contingency table.
type Contingency = (
    Vec<f64>,
    Vec<f64>,
    std::collections::HashMap<(u32, u32), f64>,
);

/// Contingency table of two labelings of the same items.
fn contingency(a: &[u32], b: &[u32]) -> Contingency {
    let ka = a.iter().copied().max().map_or(0, |x| x as usize + 1);
    let kb = b.iter().copied().max().map_or(0, |x| x as usize + 1);
    let mut ra = vec![0.0; ka];
    let mut rb = vec![0.0; kb];
    let mut cells = std::collections::HashMap::new();
    for (&x, &y) in a.iter().zip(b) {
        ra[x as usize] += 1.0;
        rb[y as usize] += 1.0;
        *cells.entry((x, y)).or_insert(0.0) += 1.0;
    }
    (ra, rb, cells)
}

/// Normalized mutual information (arithmetic mean of the entropies, as scikit-learn's default)
/// between two labelings of the same items: 1 identical, 0 independent.
pub fn normalized_mutual_information(a: &[u32], b: &[u32]) -> f64 {
    let n = a.len().min(b.len()) as f64;
    if n == 0.0 {
        return 1.0;
    }
    let (ra, rb, cells) = contingency(&a[..n as usize], &b[..n as usize]);
    let h = |r: &[f64]| -> f64 {
        r.iter()
            .filter(|&&c| c > 0.0)
            .map(|&c| -(c / n) * (c / n).ln())
            .sum()
    };
    let (ha, hb) = (h(&ra), h(&rb));
    if ha == 0.0 && hb == 0.0 {
        return 1.0;
    }
    let mi: f64 = cells
        .iter()
        .map(|(&(x, y), &c)| (c / n) * ((c * n) / (ra[x as usize] * rb[y as usize])).ln())
        .sum();
    (2.0 * mi / (ha + hb)).clamp(0.0, 1.0)
}

/// Adjusted Rand index between two labelings: 1 identical, about 0 for chance agreement.
pub fn adjusted_rand_index(a: &[u32], b: &[u32]) -> f64 {
    let n = a.len().min(b.len());
    let (ra, rb, cells) = contingency(&a[..n], &b[..n]);
    let c2 = |x: f64| x * (x - 1.0) / 2.0;
    let index: f64 = cells.values().map(|&c| c2(c)).sum();
    let sa: f64 = ra.iter().map(|&c| c2(c)).sum();
    let sb: f64 = rb.iter().map(|&c| c2(c)).sum();
    let total = c2(n as f64);
    if total == 0.0 {
        return 1.0;
    }
    let expected = sa * sb / total;
    let max = (sa + sb) / 2.0;
    if max == expected {
        1.0
    } else {
        (index - expected) / (max - expected)
    }
}
