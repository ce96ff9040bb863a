//! Connected components alone, for profiling: components_only <edges.txt> <node_count>
use grove_graph::{Graph, connected_components};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args
        .get(2)
        .ok_or("usage: components_only <edges.txt> <node_count>")?
        .parse()?;
    let mut pairs = Vec::new();
    for line in std::fs::read_to_string(&args[1])?.lines() {
        let mut it = line.split_whitespace();
        if let (Some(a), Some(b)) = (it.next(), it.next()) {
            pairs.push((a.parse::<u32>()?, b.parse::<u32>()?, 1.0));
        }
    }
    let g = Graph::from_weighted_pairs(n, &pairs)?;
    let mut times = Vec::new();
    for _ in 0..21 {
        let t = Instant::now();
        std::hint::black_box(connected_components(&g));
        times.push(t.elapsed().as_secs_f64());
    }
    times.sort_by(f64::total_cmp);
    println!(
        "median {:.2} ms, min {:.2} ms",
        times[10] * 1e3,
        times[0] * 1e3
    );
    Ok(())
}
