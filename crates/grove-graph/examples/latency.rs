//! Per-member latency profile of `suggest_people`: percentiles and the slowest members with their
//! number of ties, to tell slow neighbourhoods from scheduler noise.
//! Usage: latency <edges.txt> <node_count> [members]
use grove_graph::{Graph, PeopleQuery, rng::SplitMix64, suggest_people};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    let n: usize = args
        .get(2)
        .ok_or("usage: latency <edges.txt> <node_count> [members]")?
        .parse()?;
    let count: usize = args.get(3).map_or(Ok(1000), |s| s.parse())?;
    let mut pairs = Vec::new();
    for line in std::fs::read_to_string(&args[1])?.lines() {
        let mut it = line.split_whitespace();
        if let (Some(a), Some(b)) = (it.next(), it.next()) {
            pairs.push((a.parse::<u32>()?, b.parse::<u32>()?, 1.0));
        }
    }
    let g = Graph::from_weighted_pairs(n, &pairs)?;
    let mut rng = SplitMix64::new(3);
    let mut rows = Vec::new();
    for _ in 0..count {
        let m = rng.below(n) as u32;
        let t = Instant::now();
        std::hint::black_box(suggest_people(&g, &PeopleQuery::new(m, 10))?);
        let first = t.elapsed().as_secs_f64();
        // Run again: a second slow run points at the neighbourhood, a fast one at the scheduler.
        let t = Instant::now();
        std::hint::black_box(suggest_people(&g, &PeopleQuery::new(m, 10))?);
        rows.push((first, t.elapsed().as_secs_f64(), m, g.degree(m)));
    }
    let mut firsts: Vec<f64> = rows.iter().map(|r| r.0).collect();
    firsts.sort_by(f64::total_cmp);
    let p = |q: f64| firsts[((firsts.len() - 1) as f64 * q).round() as usize] * 1e3;
    println!(
        "p50 {:.3} ms  p90 {:.3}  p99 {:.3}  max {:.3}",
        p(0.5),
        p(0.9),
        p(0.99),
        p(1.0)
    );
    rows.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (first, second, m, d) in rows.iter().take(8) {
        println!(
            "member {m}: {:.3} ms, again {:.3} ms, {d} ties",
            first * 1e3,
            second * 1e3
        );
    }
    Ok(())
}
