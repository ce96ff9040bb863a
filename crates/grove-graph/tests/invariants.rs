//! Property tests against brute force on small random graphs: partitions are partitions,
//! components agree with a plain BFS, the tie matrix is symmetric, suppression always holds,
//! and suggestions never include anyone excluded.

use grove_graph::*;
use proptest::prelude::*;

fn graph_strategy() -> impl Strategy<Value = (usize, Vec<(u32, u32, f64)>)> {
    (1usize..40).prop_flat_map(|n| {
        let edge = (0..n as u32, 0..n as u32, 0.1f64..5.0);
        (Just(n), prop::collection::vec(edge, 0..120))
    })
}

fn bfs_components(g: &Graph) -> Vec<usize> {
    let n = g.node_count();
    let mut label = vec![usize::MAX; n];
    let mut next = 0;
    for s in 0..n {
        if label[s] != usize::MAX {
            continue;
        }
        let mut queue = std::collections::VecDeque::from([s]);
        label[s] = next;
        while let Some(v) = queue.pop_front() {
            for &w in g.neighbors(v as u32) {
                if label[w as usize] == usize::MAX {
                    label[w as usize] = next;
                    queue.push_back(w as usize);
                }
            }
        }
        next += 1;
    }
    label
}

/// Textbook Brandes (distances, predecessor lists, pushed dependencies), normalized as networkx
/// does for undirected graphs; the reference for the optimized kernel.
fn brandes_reference(g: &Graph) -> Vec<f64> {
    let n = g.node_count();
    let mut bc = vec![0.0; n];
    for s in 0..n {
        let mut dist = vec![usize::MAX; n];
        let mut sigma = vec![0.0f64; n];
        let mut preds: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut order = Vec::new();
        let mut queue = std::collections::VecDeque::from([s]);
        dist[s] = 0;
        sigma[s] = 1.0;
        while let Some(v) = queue.pop_front() {
            order.push(v);
            for &w in g.neighbors(v as u32) {
                let w = w as usize;
                if dist[w] == usize::MAX {
                    dist[w] = dist[v] + 1;
                    queue.push_back(w);
                }
                if dist[w] == dist[v] + 1 {
                    sigma[w] += sigma[v];
                    preds[w].push(v);
                }
            }
        }
        let mut delta = vec![0.0; n];
        for &w in order.iter().rev() {
            for &v in &preds[w] {
                delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
            }
            if w != s {
                bc[w] += delta[w];
            }
        }
    }
    if n > 2 {
        let scale = 1.0 / ((n as f64 - 1.0) * (n as f64 - 2.0));
        bc.iter_mut().for_each(|b| *b *= scale);
    } else {
        bc.iter_mut().for_each(|b| *b = 0.0);
    }
    bc
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn exact_betweenness_matches_textbook_brandes((n, pairs) in graph_strategy(), threads in 1usize..4) {
        let g = Graph::from_weighted_pairs(n, &pairs).unwrap();
        let b = betweenness(&g, &BetweennessOptions { threads, ..Default::default() });
        prop_assert!(b.exact);
        for (ours, theirs) in b.values.iter().zip(brandes_reference(&g)) {
            prop_assert!((ours - theirs).abs() < 1e-9, "{ours} vs {theirs}");
        }
    }

    #[test]
    fn louvain_gives_a_valid_partition((n, pairs) in graph_strategy(), seed in 0u64..1000) {
        let g = Graph::from_weighted_pairs(n, &pairs).unwrap();
        let c = louvain(&g, &CommunityOptions { seed, ..Default::default() });
        prop_assert_eq!(c.of_node.len(), n);
        let mut used = vec![false; c.count];
        for &x in &c.of_node { used[x as usize] = true; }
        prop_assert!(used.iter().all(|&u| u));
        prop_assert!((modularity(&g, &c.of_node, 1.0) - c.modularity).abs() < 1e-9);
        // Never worse than every member alone.
        let singletons: Vec<u32> = (0..n as u32).collect();
        prop_assert!(c.modularity >= modularity(&g, &singletons, 1.0) - 1e-9);
    }

    #[test]
    fn components_agree_with_bfs((n, pairs) in graph_strategy()) {
        let g = Graph::from_weighted_pairs(n, &pairs).unwrap();
        let c = connected_components(&g);
        let b = bfs_components(&g);
        for u in 0..n {
            for v in 0..n {
                prop_assert_eq!(c.of_node[u] == c.of_node[v], b[u] == b[v]);
            }
        }
        prop_assert_eq!(c.sizes.iter().sum::<usize>(), n);
    }

    #[test]
    fn articulation_points_disconnect((n, pairs) in graph_strategy()) {
        let g = Graph::from_weighted_pairs(n, &pairs).unwrap();
        let cuts = articulation_points(&g);
        let before = connected_components(&g).count();
        for v in 0..n as u32 {
            // Remove v: drop its ties and count the components among the others.
            let rest: Vec<(u32, u32, f64)> = g.edges().filter(|&(a, b, _)| a != v && b != v).collect();
            let without = connected_components(&Graph::from_weighted_pairs(n, &rest).unwrap()).count() - 1;
            let is_cut = without > before - usize::from(g.degree(v) == 0);
            prop_assert_eq!(cuts.contains(&v), is_cut, "node {}", v);
        }
    }

    #[test]
    fn tie_matrix_is_symmetric_and_suppression_holds(
        (n, pairs) in graph_strategy(),
        labels in prop::collection::vec(prop::option::of(0u32..5), 40),
        min_size in 1usize..8,
    ) {
        let g = Graph::from_weighted_pairs(n, &pairs).unwrap();
        let group_of = &labels[..n];
        let a = analyze_groups(&g, group_of, min_size).unwrap();
        let k = a.groups.len();
        for x in 0..k {
            for y in 0..k {
                prop_assert_eq!(a.ties[x][y], a.ties[y][x]);
            }
            let small = a.groups[x].size < min_size;
            prop_assert_eq!(a.groups[x].suppressed, small);
            if small {
                prop_assert!(a.groups[x].ei_index.is_none() && a.groups[x].internal_density.is_none());
                prop_assert!(a.ties[x].iter().all(|t| t.is_none()));
                prop_assert!(a.density[x].iter().all(|t| t.is_none()));
            } else if let Some(e) = a.groups[x].ei_index {
                prop_assert!((-1.0..=1.0).contains(&e));
            }
        }
    }

    #[test]
    fn suggestions_respect_exclusions((n, pairs) in graph_strategy(), member in 0u32..40, excluded in prop::collection::vec(0u32..40, 0..6)) {
        let g = Graph::from_weighted_pairs(n, &pairs).unwrap();
        let member = member % n as u32;
        let excluded: Vec<u32> = excluded.into_iter().map(|x| x % n as u32).collect();
        let q = PeopleQuery { pending: &excluded, ..PeopleQuery::new(member, 10) };
        let s = suggest_people(&g, &q).unwrap();
        for x in &s {
            prop_assert!(x.id != member);
            prop_assert!(!g.has_edge(member, x.id));
            prop_assert!(!excluded.contains(&x.id));
            prop_assert!(x.score.is_finite());
        }
        prop_assert!(s.windows(2).all(|w| w[0].score >= w[1].score));
    }

    #[test]
    fn pagerank_is_a_distribution((n, pairs) in graph_strategy()) {
        let g = Graph::from_weighted_pairs(n, &pairs).unwrap();
        let pr = pagerank(&g, &PageRankOptions { tolerance: 1e-12, max_iterations: 1000, ..Default::default() });
        prop_assert!((pr.iter().sum::<f64>() - 1.0).abs() < 1e-9);
        let b = betweenness(&g, &BetweennessOptions::default());
        prop_assert!(b.values.iter().all(|&x| (0.0..=1.0 + 1e-12).contains(&x)));
    }

    #[test]
    fn bridge_bonus_is_bounded_and_symmetric((n, pairs) in graph_strategy(), labels in prop::collection::vec(prop::option::of(0u32..4), 40)) {
        let g = Graph::from_weighted_pairs(n, &pairs).unwrap();
        let index = BridgeIndex::new(&g, Some(&labels[..n])).unwrap();
        for a in 0..n as u32 {
            for b in 0..n as u32 {
                let x = index.bridge_bonus(a, b);
                prop_assert!((0.0..=1.0).contains(&x));
                prop_assert_eq!(x, index.bridge_bonus(b, a));
            }
        }
    }
}
