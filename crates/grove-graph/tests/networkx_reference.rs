//! Known answers from networkx on its bundled real networks (exported by
//! bench/graph/reference.py): PageRank and betweenness must agree to 1e-6, and Louvain must find
//! partitions at least as modular as igraph's multilevel (karate: 0.4156) and near networkx's.

use grove_graph::{
    BetweennessOptions, CommunityOptions, Graph, PageRankOptions, betweenness, louvain, modularity,
    pagerank, parse_edges_csv,
};
use serde_json::Value;

const NETWORKS: [&str; 4] = [
    "karate",
    "les_miserables",
    "davis_southern_women",
    "florentine_families",
];

fn load(name: &str) -> (Graph, Value) {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/");
    let csv = std::fs::read_to_string(format!("{dir}{name}.csv")).expect("test data present");
    let reference: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{dir}{name}.ref.json")).expect("reference present"),
    )
    .expect("reference is JSON");
    let rows = parse_edges_csv(&csv).expect("test data parses");
    let n = reference["names"].as_array().expect("names").len();
    let pairs: Vec<(u32, u32, f64)> = rows
        .iter()
        .map(|r| {
            (
                r.source.parse().expect("index"),
                r.target.parse().expect("index"),
                r.weight,
            )
        })
        .collect();
    (
        Graph::from_weighted_pairs(n, &pairs).expect("valid graph"),
        reference,
    )
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .expect("array")
        .iter()
        .map(|x| x.as_f64().expect("number"))
        .collect()
}

#[test]
fn pagerank_matches_networkx() {
    for name in NETWORKS {
        let (g, reference) = load(name);
        let ours = pagerank(
            &g,
            &PageRankOptions {
                tolerance: 1e-14,
                max_iterations: 10_000,
                ..Default::default()
            },
        );
        for (v, (a, b)) in ours.iter().zip(floats(&reference["pagerank"])).enumerate() {
            assert!((a - b).abs() < 1e-6, "{name} node {v}: {a} vs networkx {b}");
        }
    }
}

#[test]
fn betweenness_matches_networkx() {
    for name in NETWORKS {
        let (g, reference) = load(name);
        let ours = betweenness(&g, &BetweennessOptions::default());
        assert!(ours.exact);
        for (v, (a, b)) in ours
            .values
            .iter()
            .zip(floats(&reference["betweenness"]))
            .enumerate()
        {
            assert!((a - b).abs() < 1e-6, "{name} node {v}: {a} vs networkx {b}");
        }
    }
}

#[test]
fn sampled_betweenness_stays_within_its_bound() {
    let (g, reference) = load("les_miserables");
    let exact = floats(&reference["betweenness"]);
    let est = betweenness(
        &g,
        &BetweennessOptions {
            exact_up_to: 10,
            pivots: 40,
            seed: 7,
            threads: 2,
        },
    );
    assert!(!est.exact);
    assert_eq!(est.sources, 40);
    for (a, b) in est.values.iter().zip(&exact) {
        assert!(
            (a - b).abs() <= est.error_bound_all_nodes,
            "{a} vs {b}, bound {}",
            est.error_bound_all_nodes
        );
    }
}

#[test]
fn louvain_on_karate_beats_igraph_and_reaches_networkx() {
    let (g, reference) = load("karate");
    let found = louvain(
        &g,
        &CommunityOptions {
            runs: 4,
            ..Default::default()
        },
    );
    let networkx = reference["louvain_modularity_networkx_seed42"]
        .as_f64()
        .expect("number");
    assert!(
        found.modularity >= 0.4156,
        "modularity {}",
        found.modularity
    );
    assert!(
        found.modularity >= networkx - 1e-9,
        "modularity {} below networkx {networkx}",
        found.modularity
    );
    assert!((modularity(&g, &found.of_node, 1.0) - found.modularity).abs() < 1e-12);
}

#[test]
fn louvain_partitions_are_valid_on_every_network() {
    for name in NETWORKS {
        let (g, reference) = load(name);
        let found = louvain(
            &g,
            &CommunityOptions {
                runs: 4,
                ..Default::default()
            },
        );
        assert_eq!(found.of_node.len(), g.node_count());
        let mut seen = vec![false; found.count];
        for &c in &found.of_node {
            seen[c as usize] = true;
        }
        assert!(
            seen.iter().all(|&s| s),
            "{name}: community numbers not 0..count"
        );
        let networkx = reference["louvain_modularity_networkx_seed42"]
            .as_f64()
            .expect("number");
        println!(
            "{name}: grove Q {:.4}, networkx Q {networkx:.4}",
            found.modularity
        );
        assert!(
            found.modularity >= networkx - 0.01,
            "{name}: {} vs networkx {networkx}",
            found.modularity
        );
    }
}
