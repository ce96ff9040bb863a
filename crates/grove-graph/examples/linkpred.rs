//! Scores every candidate for a list of members with grove-graph's blended ranking, for
//! bench/graph/linkpred.py. Usage: linkpred <edges.txt> <node_count> <members.txt>
//! Edge lines are `a b [weight]`; member lines one index each. Output lines:
//! `member candidate:score candidate:score ...` (candidates the signals do not reach score 0).

use grove_graph::{Graph, PeopleQuery, PushOptions, score_candidates};
use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 4 {
        return Err("usage: linkpred <edges.txt> <node_count> <members.txt>".into());
    }
    let n: usize = args[2].parse()?;
    let mut pairs = Vec::new();
    for line in std::fs::read_to_string(&args[1])?.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        if f.len() >= 2 {
            let w = if f.len() > 2 {
                f[2].parse::<f64>()?
            } else {
                1.0
            };
            pairs.push((f[0].parse::<u32>()?, f[1].parse::<u32>()?, w));
        }
    }
    let g = Graph::from_weighted_pairs(n, &pairs)?;
    // Optional override of the proximity weight, for tuning experiments.
    let proximity: Option<f64> = std::env::var("GROVE_PROXIMITY")
        .ok()
        .and_then(|v| v.parse().ok());
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for line in std::fs::read_to_string(&args[3])?.lines() {
        let Ok(member) = line.trim().parse::<u32>() else {
            continue;
        };
        // Small real networks: a finer push costs nothing and ranks far candidates better.
        let mut query = PeopleQuery {
            push: PushOptions {
                epsilon: 1e-6,
                ..PushOptions::default()
            },
            ..PeopleQuery::new(member, n)
        };
        if let Some(p) = proximity {
            query.weights.proximity = p;
        }
        write!(out, "{member}")?;
        for (c, s) in score_candidates(&g, &query)? {
            write!(out, " {c}:{s}")?;
        }
        writeln!(out)?;
    }
    Ok(())
}
