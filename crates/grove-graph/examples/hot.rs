//! Times the heavy whole-graph operations one by one, reporting the minimum and median of several
//! runs (the minimum is the steadier figure on a shared machine).
//! Usage: hot <edges.txt> <node_count> <op> [reps] [arg]
//! ops: components, betweenness (arg = sources, default 256; 2 threads), betweenness1 (one
//! thread), louvain, leiden.
use grove_graph::{
    BetweennessOptions, CommunityOptions, Graph, betweenness, connected_components, louvain,
};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        return Err("usage: hot <edges.txt> <node_count> <op> [reps] [arg]".into());
    }
    let n: usize = args[2].parse()?;
    let op = args[3].as_str();
    let reps: usize = args.get(4).map_or(Ok(5), |s| s.parse())?;
    let arg: usize = args.get(5).map_or(Ok(256), |s| s.parse())?;
    let mut pairs = Vec::new();
    for line in std::fs::read_to_string(&args[1])?.lines() {
        let mut it = line.split_whitespace();
        if let (Some(a), Some(b)) = (it.next(), it.next()) {
            pairs.push((a.parse::<u32>()?, b.parse::<u32>()?, 1.0));
        }
    }
    let g = Graph::from_weighted_pairs(n, &pairs)?;
    let mut times = Vec::new();
    let mut summary = String::new();
    for _ in 0..reps {
        let t = Instant::now();
        summary = match op {
            "components" => format!("{} components", connected_components(&g).count()),
            "betweenness" | "betweenness1" => {
                let b = betweenness(
                    &g,
                    &BetweennessOptions {
                        exact_up_to: 0,
                        pivots: arg,
                        seed: 1,
                        threads: if op == "betweenness" { 2 } else { 1 },
                    },
                );
                let sum: f64 = b.values.iter().sum();
                format!("sum {sum:.9}")
            }
            "louvain" | "leiden" => {
                let c = louvain(
                    &g,
                    &CommunityOptions {
                        refine: op == "leiden",
                        ..CommunityOptions::default()
                    },
                );
                format!("Q {:.4}, {} communities", c.modularity, c.count)
            }
            _ => return Err(format!("unknown op {op}").into()),
        };
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{op}: min {:.3} ms, median {:.3} ms ({reps} runs); {summary}",
        times[0] * 1e3,
        times[times.len() / 2] * 1e3
    );
    Ok(())
}
