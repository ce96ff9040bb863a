//! Modularity and time of Louvain for several seeds on an edge file (`a b` lines): shows how much
//! the visiting order matters. Usage: louvain_seeds <edges.txt> <node_count> [seeds]
use grove_graph::{CommunityOptions, Graph, louvain};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args
        .get(2)
        .ok_or("usage: louvain_seeds <edges.txt> <node_count>")?
        .parse()?;
    let seeds: u64 = args.get(3).map_or(Ok(5), |s| s.parse())?;
    let text = std::fs::read_to_string(&args[1])?;
    let mut pairs = Vec::new();
    for line in text.lines() {
        let mut it = line.split_whitespace();
        if let (Some(a), Some(b)) = (it.next(), it.next()) {
            pairs.push((a.parse::<u32>()?, b.parse::<u32>()?, 1.0));
        }
    }
    let g = Graph::from_weighted_pairs(n, &pairs)?;
    for seed in 0..seeds {
        let t = Instant::now();
        let c = louvain(
            &g,
            &CommunityOptions {
                seed,
                ..Default::default()
            },
        );
        println!(
            "seed {seed}: Q {:.4} communities {} in {:.3} s",
            c.modularity,
            c.count,
            t.elapsed().as_secs_f64()
        );
    }
    Ok(())
}
