//! Times grove-graph on an edge file for bench/graph/run.sh and prints one JSON object.
//! Usage: bench <edges.txt> <node_count> [--groups groups.txt]
//! The edge file has one `a b` pair of node indices per line; reading it is not timed.

use grove_graph::{
    BetweennessOptions, CommunityOptions, Graph, PageRankOptions, PeopleQuery, PushOptions,
    adamic_adar, betweenness, connected_components, louvain, pagerank, personalized_pagerank,
    rng::SplitMix64, suggest_people,
};
use std::time::Instant;

fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[xs.len() / 2]
}

fn percentile(mut xs: Vec<f64>, p: f64) -> f64 {
    xs.sort_by(f64::total_cmp);
    xs[((xs.len() as f64 - 1.0) * p).round() as usize]
}

/// Run `f` `reps` times; median seconds and the last result.
fn time<T>(reps: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut times = Vec::new();
    let mut out = None;
    for _ in 0..reps {
        let t = Instant::now();
        out = Some(f());
        times.push(t.elapsed().as_secs_f64());
    }
    (median(times), out.expect("at least one repetition"))
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        return Err("usage: bench <edges.txt> <node_count> [--quick]".into());
    }
    let quick = args.iter().any(|a| a == "--quick");
    let n: usize = args[2].parse()?;
    let text = std::fs::read_to_string(&args[1])?;
    let mut pairs = Vec::new();
    for line in text.lines() {
        let mut it = line.split_whitespace();
        if let (Some(a), Some(b)) = (it.next(), it.next()) {
            pairs.push((a.parse::<u32>()?, b.parse::<u32>()?, 1.0));
        }
    }
    let reps = if quick { 3 } else { 5 };
    let (t_build, g) = time(reps, || Graph::from_weighted_pairs(n, &pairs));
    let g = g?;
    let (t_pr, _) = time(reps, || pagerank(&g, &PageRankOptions::default()));
    let (t_pr_strict, _) = time(reps, || {
        pagerank(
            &g,
            &PageRankOptions {
                tolerance: 1e-10,
                ..PageRankOptions::default()
            },
        )
    });
    let plain = CommunityOptions {
        refine: false,
        ..CommunityOptions::default()
    };
    let (t_leiden, refined) = time(if quick { 1 } else { 3 }, || {
        louvain(&g, &CommunityOptions::default())
    });
    let (t_louvain, comms) = time(if quick { 1 } else { 3 }, || louvain(&g, &plain));
    let (t_bc, _) = time(1, || {
        betweenness(
            &g,
            &BetweennessOptions {
                exact_up_to: 0,
                pivots: 256,
                seed: 1,
                ..Default::default()
            },
        )
    });
    let (t_cc, comps) = time(reps, || connected_components(&g));
    let mut rng = SplitMix64::new(3);
    let members: Vec<u32> = (0..if quick { 200 } else { 1000 })
        .map(|_| rng.below(n) as u32)
        .collect();
    let mut ppr_times = Vec::new();
    for &m in &members {
        let t = Instant::now();
        let p = personalized_pagerank(&g, m, &PushOptions::default())?;
        ppr_times.push(t.elapsed().as_secs_f64());
        std::hint::black_box(p);
    }
    let hundred = &members[..100];
    let (t_aa, _) = time(reps, || {
        hundred
            .iter()
            .map(|&m| adamic_adar(&g, m, 10_000).map(|x| x.len()).unwrap_or(0))
            .sum::<usize>()
    });
    let mut suggest_times = Vec::new();
    for &m in &members {
        let t = Instant::now();
        let s = suggest_people(&g, &PeopleQuery::new(m, 10))?;
        suggest_times.push(t.elapsed().as_secs_f64());
        std::hint::black_box(s);
    }
    println!(
        "{{\"tool\":\"grove\",\"nodes\":{},\"edges\":{},\"build\":{t_build},\"pagerank\":{t_pr},\"pagerank_tol1e-10\":{t_pr_strict},\
\"louvain\":{t_louvain},\"modularity\":{},\"communities\":{},\"leiden\":{t_leiden},\"leiden_modularity\":{},\"betweenness_256\":{t_bc},\"components\":{t_cc},\"component_count\":{},\
\"ppr_p50\":{},\"ppr_p99\":{},\"adamic_adar_100\":{t_aa},\"suggest_p50\":{},\"suggest_p99\":{}}}",
        g.node_count(),
        g.edge_count(),
        comms.modularity,
        comms.count,
        refined.modularity,
        comps.count(),
        percentile(ppr_times.clone(), 0.5),
        percentile(ppr_times, 0.99),
        percentile(suggest_times.clone(), 0.5),
        percentile(suggest_times, 0.99),
    );
    Ok(())
}
