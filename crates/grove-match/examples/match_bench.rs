//! Times the solvers on generated instances; `bench/match/run.sh` runs the same instances
//! through peer tools. Instances come from splitmix64 streams that bench/match/instances.py
//! reproduces bit for bit, so both sides solve identical problems.
//!
//! Usage: match_bench <instance> [repeats]  (prints one JSON line)
//! Instances: dense_6000x2000_cap3, sparse_6000x2000_top50, dense_4000x4000, rect_2000x10000,
//! stable_6000x2000_top20, program_100000x20000_top50 (participant form, incl. scoring),
//! program_100000x20000_top50_cap8 (the same with more places), program_10000x2000_top50 and
//! program_10000x2000_top50_cap8.

use std::time::Instant;

use grove_match::{
    CandidateGraph, Objective, Participant, ProgramSettings, Role, Skill, blocking_pairs,
    match_program, solve_dense, solve_optimal, solve_stable,
};

const GAMMA: u64 = 0x9e37_79b9_7f4a_7c15;

/// The k-th output (k from 0) of splitmix64 seeded with `seed`: random access, so Python and
/// Rust can generate in any order.
fn splitmix(seed: u64, k: u64) -> u64 {
    let mut z = seed.wrapping_add(k.wrapping_add(1).wrapping_mul(GAMMA));
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Scores 0.00 ..= 100.00 in steps of 0.01, exactly representable the same way in numpy.
fn score_of(x: u64) -> f64 {
    (x % 10_001) as f64 / 100.0
}

fn dense(seed: u64, n: usize, m: usize) -> Vec<f64> {
    (0..(n * m) as u64)
        .map(|k| score_of(splitmix(seed, k)))
        .collect()
}

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// Per mentee `per_row` distinct mentors: start + k * step (mod m), step coprime to m.
fn sparse(seed: u64, n: usize, m: usize, per_row: usize) -> (Vec<u32>, Vec<f64>) {
    let mut mentors = Vec::with_capacity(n * per_row);
    let mut scores = Vec::with_capacity(n * per_row);
    let score_base = 2 * n as u64;
    for i in 0..n as u64 {
        let start = splitmix(seed, 2 * i) % m as u64;
        let mut step = 1 + splitmix(seed, 2 * i + 1) % (m as u64 - 1);
        while gcd(step, m as u64) != 1 {
            step += 1;
        }
        for k in 0..per_row as u64 {
            mentors.push(((start + k * step) % m as u64) as u32);
            scores.push(score_of(splitmix(
                seed,
                score_base + i * per_row as u64 + k,
            )));
        }
    }
    (mentors, scores)
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let name = args
        .get(1)
        .map(String::as_str)
        .unwrap_or("dense_6000x2000_cap3");
    let repeats: usize = args.get(2).and_then(|r| r.parse().ok()).unwrap_or(5);
    let seed = 42;
    let mut times = Vec::new();
    let mut report = String::new();
    match name {
        "dense_6000x2000_cap3" | "dense_4000x4000" | "rect_2000x10000" => {
            let (n, m, cap) = match name {
                "dense_6000x2000_cap3" => (6000, 2000, 3),
                "dense_4000x4000" => (4000, 4000, 1),
                _ => (2000, 10000, 1),
            };
            let matrix = dense(seed, n, m);
            let capacities = vec![cap; m];
            for _ in 0..repeats {
                let start = Instant::now();
                let result = solve_dense(&matrix, n, &capacities, Objective::MaxTotal)
                    .expect("valid instance");
                times.push(start.elapsed().as_secs_f64());
                report = format!(
                    "\"total\": {:.6}, \"matched\": {}, \"pairs_added_by_pricing\": {}",
                    result.total, result.matched, result.pairs_added_by_pricing
                );
            }
        }
        "sparse_6000x2000_top50" | "stable_6000x2000_top20" => {
            let stable = name.starts_with("stable");
            let (n, m, per_row) = if stable {
                (6000, 2000, 20)
            } else {
                (6000, 2000, 50)
            };
            let (mentors, scores) = sparse(seed, n, m, per_row);
            let capacities = vec![3u32; m];
            for _ in 0..repeats {
                let start = Instant::now();
                let mut graph = CandidateGraph::new(m);
                for i in 0..n {
                    let range = i * per_row..(i + 1) * per_row;
                    graph.add_mentee(
                        mentors[range.clone()]
                            .iter()
                            .copied()
                            .zip(scores[range].iter().copied()),
                    );
                }
                if stable {
                    let ranks: Vec<u32> = (0..n as u32).collect();
                    let mentor_ranks: Vec<u32> = (0..m as u32).collect();
                    let result = solve_stable(&graph, &capacities, &ranks, &mentor_ranks);
                    let blocking = blocking_pairs(
                        &graph,
                        &capacities,
                        &ranks,
                        &mentor_ranks,
                        &result.mentor_of,
                    );
                    times.push(start.elapsed().as_secs_f64());
                    report = format!(
                        "\"total\": {:.6}, \"matched\": {}, \"blocking_pairs\": {}",
                        result.total,
                        result.matched,
                        blocking.len()
                    );
                } else {
                    let result = solve_optimal(&graph, &capacities, Objective::MaxTotal)
                        .expect("valid instance");
                    times.push(start.elapsed().as_secs_f64());
                    report = format!(
                        "\"total\": {:.6}, \"matched\": {}",
                        result.total, result.matched
                    );
                }
            }
        }
        "program_100000x20000_top50"
        | "program_10000x2000_top50"
        | "program_10000x2000_top50_cap8"
        | "program_100000x20000_top50_cap8" => {
            // Capacity 5: places exactly equal mentees (the hard case); cap8: 60% more places.
            let capacity = if name.ends_with("cap8") { 8 } else { 5 };
            let (n, m) = if name.starts_with("program_100000") {
                (100_000, 20_000)
            } else {
                (10_000, 2_000)
            };
            let people = participants(seed, n, m, capacity);
            let settings = ProgramSettings::default();
            for _ in 0..repeats {
                let start = Instant::now();
                let result = match_program(&people, &settings).expect("valid program");
                times.push(start.elapsed().as_secs_f64());
                report = format!(
                    "\"total\": {:.6}, \"matched\": {}, \"candidate_pairs\": {}, \"without_candidate\": {}",
                    result.total_score,
                    result.pairs.len(),
                    result.candidate_pairs,
                    result.mentees_without_candidate
                );
            }
        }
        other => {
            eprintln!("unknown instance {other}");
            std::process::exit(2);
        }
    }
    println!(
        "{{\"instance\": \"{name}\", \"seconds\": {:.6}, {report}}}",
        median(times)
    );
}

/// A synthetic program: `n` mentees, `m` mentors of `capacity`, realistic-looking profiles.
fn participants(seed: u64, n: usize, m: usize, capacity: u32) -> Vec<Participant> {
    let mut k = 0u64;
    let mut draw = |modulus: u64| {
        k += 1;
        splitmix(seed ^ 0x5eed, k) % modulus
    };
    let languages = [
        "English",
        "English",
        "English",
        "Spanish",
        "German",
        "French",
        "Portuguese",
    ];
    let mut people = Vec::with_capacity(n + m);
    for index in 0..n + m {
        let mentor = index >= n;
        let skills: Vec<Skill> = (0..if mentor { 5 } else { 3 })
            .map(|_| Skill {
                name: format!("skill-{}", draw(200)),
                level: if mentor {
                    3 + draw(3) as u8
                } else {
                    1 + draw(2) as u8
                },
                can_teach: mentor,
                wants_to_learn: !mentor,
            })
            .collect();
        let mut spoken = vec![languages[draw(languages.len() as u64) as usize].to_string()];
        if draw(3) == 0 {
            spoken.push(languages[draw(languages.len() as u64) as usize].to_string());
        }
        people.push(Participant {
            id: format!("{}{index}", if mentor { "m" } else { "e" }),
            role: if mentor { Role::Mentor } else { Role::Mentee },
            skills,
            goals: (0..2).map(|_| format!("goal-{}", draw(30))).collect(),
            values: (0..3).map(|_| format!("value-{}", draw(12))).collect(),
            interests: (0..4).map(|_| format!("interest-{}", draw(100))).collect(),
            languages: spoken,
            utc_offset_minutes: (draw(18) as i32 - 8) * 60,
            seniority: if mentor {
                3 + draw(6) as i32
            } else {
                1 + draw(4) as i32
            },
            department: Some(format!("dept-{}", draw(20))),
            organization: None,
            capacity,
            prefer: vec![],
            avoid: vec![],
            past_partners: vec![],
        });
    }
    people
}
