//! Times grove-graph on an edge file for bench/graph/run.sh and prints one JSON object.
//! Usage: bench <edges.txt> <node_count> [--quick] [--online]
//! The edge file has one `a b` pair of node indices per line; reading it is not timed.
//! `--online` times only the build and the per-member queries (for the 5M-edge latency check).

use grove_graph::{
    BetweennessOptions, CommunityOptions, Graph, PageRankOptions, PeopleQuery, PushOptions,
    adamic_adar, betweenness, connected_components, louvain, pagerank, personalized_pagerank,
    rng::SplitMix64, suggest_people,
};
use std::fmt::Write as _;
use std::time::Instant;

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
    (
        percentile(times, 0.5),
        out.expect("at least one repetition"),
    )
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        return Err("usage: bench <edges.txt> <node_count> [--quick] [--online]".into());
    }
    let quick = args.iter().any(|a| a == "--quick");
    let online = args.iter().any(|a| a == "--online");
    let n: usize = args[2].parse()?;
    let text = std::fs::read_to_string(&args[1])?;
    let mut pairs = Vec::new();
    for line in text.lines() {
        let mut it = line.split_whitespace();
        if let (Some(a), Some(b)) = (it.next(), it.next()) {
            pairs.push((a.parse::<u32>()?, b.parse::<u32>()?, 1.0));
        }
    }
    drop(text);
    let reps = if quick { 3 } else { 5 };
    let mut json = String::from("{\"tool\":\"grove\"");
    let (t, g) = time(reps, || Graph::from_weighted_pairs(n, &pairs));
    let g = g?;
    write!(
        json,
        ",\"nodes\":{},\"edges\":{},\"build\":{t}",
        g.node_count(),
        g.edge_count()
    )?;

    // Per-member queries: 1,000 members drawn with a fixed seed.
    let mut rng = SplitMix64::new(3);
    let members: Vec<u32> = (0..if quick { 200 } else { 1000 })
        .map(|_| rng.below(n) as u32)
        .collect();
    let mut ppr = Vec::new();
    let mut suggest = Vec::new();
    for &m in &members {
        let t = Instant::now();
        std::hint::black_box(personalized_pagerank(&g, m, &PushOptions::default())?);
        ppr.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        std::hint::black_box(suggest_people(&g, &PeopleQuery::new(m, 10))?);
        suggest.push(t.elapsed().as_secs_f64());
    }
    let hundred = &members[..100];
    let (t, _) = time(reps, || {
        hundred
            .iter()
            .map(|&m| adamic_adar(&g, m, 10_000).map_or(0, |x| x.len()))
            .sum::<usize>()
    });
    write!(
        json,
        ",\"ppr_p50\":{},\"ppr_p99\":{},\"suggest_p50\":{},\"suggest_p99\":{},\"adamic_adar_100\":{t}",
        percentile(ppr.clone(), 0.5),
        percentile(ppr, 0.99),
        percentile(suggest.clone(), 0.5),
        percentile(suggest, 0.99)
    )?;

    if !online {
        let (t, _) = time(reps, || pagerank(&g, &PageRankOptions::default()));
        write!(json, ",\"pagerank\":{t}")?;
        let strict = PageRankOptions {
            tolerance: 1e-10,
            ..PageRankOptions::default()
        };
        let (t, _) = time(reps, || pagerank(&g, &strict));
        write!(json, ",\"pagerank_tol1e-10\":{t}")?;
        let community_reps = if quick { 1 } else { 3 };
        let plain = CommunityOptions {
            refine: false,
            ..CommunityOptions::default()
        };
        let (t, c) = time(community_reps, || louvain(&g, &plain));
        write!(
            json,
            ",\"louvain\":{t},\"modularity\":{},\"communities\":{}",
            c.modularity, c.count
        )?;
        let (t, c) = time(community_reps, || louvain(&g, &CommunityOptions::default()));
        write!(
            json,
            ",\"leiden\":{t},\"leiden_modularity\":{},\"leiden_communities\":{}",
            c.modularity, c.count
        )?;
        if !quick {
            let best_of_4 = CommunityOptions {
                runs: 4,
                ..CommunityOptions::default()
            };
            let (t, c) = time(1, || louvain(&g, &best_of_4));
            write!(
                json,
                ",\"leiden_best_of_4\":{t},\"leiden_best_of_4_modularity\":{}",
                c.modularity
            )?;
        }
        let sampled = BetweennessOptions {
            exact_up_to: 0,
            pivots: 256,
            seed: 1,
            ..Default::default()
        };
        let (t, b) = time(1, || betweenness(&g, &sampled));
        write!(
            json,
            ",\"betweenness_256\":{t},\"betweenness_threads\":{},\"betweenness_error_bound\":{}",
            sampled.threads, b.error_bound_per_node
        )?;
        let (t, c) = time(reps, || connected_components(&g));
        write!(
            json,
            ",\"components\":{t},\"component_count\":{}",
            c.count()
        )?;
    }
    json.push('}');
    println!("{json}");
    Ok(())
}
