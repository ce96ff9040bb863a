//! Times `generate` and prints what it made: `cargo run --release -p grove-demo --example timing
//! [members...]` (default 300, 10000 and 100000 members).

use std::time::Instant;

use grove_demo::{Mentoring, Role, generate};

fn main() {
    let sizes: Vec<usize> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let sizes = if sizes.is_empty() {
        vec![300, 10_000, 100_000]
    } else {
        sizes
    };
    for n in sizes {
        let start = Instant::now();
        let org = generate(n, 1);
        let elapsed = start.elapsed();
        let m = &org.members;
        let mut degree = vec![0usize; m.len()];
        let mut intra = 0usize;
        for &(a, b) in &org.connections {
            degree[a] += 1;
            degree[b] += 1;
            if m[a].department == m[b].department {
                intra += 1;
            }
        }
        let edges = org.connections.len().max(1);
        let isolated = degree.iter().filter(|&&d| d <= 1).count();
        let max_degree = degree.iter().max().copied().unwrap_or(0);
        let leads = m.iter().filter(|x| x.role == Role::Lead).count();
        let mentors = m
            .iter()
            .filter(|x| matches!(x.mentoring, Mentoring::Mentor | Mentoring::Both))
            .count();
        let partners = m.iter().filter(|x| x.organization != 0).count();
        let skills: usize = m.iter().map(|x| x.skills.len()).sum();
        println!(
            "{n:>7} members in {:>8.1} ms: {} connections (avg degree {:.1}, max {max_degree}, \
             {:.0}% inside a department), {isolated} with 0-1 ties, {} pending, {} follows, \
             {} endorsements, {} teams, {leads} leads, {mentors} mentors, {partners} partner \
             staff, {:.1} skills each",
            elapsed.as_secs_f64() * 1000.0,
            org.connections.len(),
            2.0 * org.connections.len() as f64 / m.len() as f64,
            100.0 * intra as f64 / edges as f64,
            org.pending_requests.len(),
            org.follows.len(),
            org.endorsements.len(),
            org.teams.len(),
            skills as f64 / m.len() as f64,
        );
    }
}
