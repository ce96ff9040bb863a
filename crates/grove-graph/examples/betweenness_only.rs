//! Sampled betweenness alone, for profiling: betweenness_only <edges.txt> <node_count> [threads]
use grove_graph::{BetweennessOptions, Graph, betweenness};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args
        .get(2)
        .ok_or("usage: betweenness_only <edges.txt> <node_count> [threads]")?
        .parse()?;
    let threads: usize = args.get(3).map_or(Ok(1), |s| s.parse())?;
    let mut pairs = Vec::new();
    for line in std::fs::read_to_string(&args[1])?.lines() {
        let mut it = line.split_whitespace();
        if let (Some(a), Some(b)) = (it.next(), it.next()) {
            pairs.push((a.parse::<u32>()?, b.parse::<u32>()?, 1.0));
        }
    }
    let g = Graph::from_weighted_pairs(n, &pairs)?;
    let t = Instant::now();
    let b = betweenness(
        &g,
        &BetweennessOptions {
            exact_up_to: 0,
            pivots: 256,
            seed: 1,
            threads,
        },
    );
    println!(
        "{:.3} s, max {:.5}",
        t.elapsed().as_secs_f64(),
        b.values.iter().cloned().fold(0.0, f64::max)
    );
    Ok(())
}
