//! Stable matching with capacities (hospitals/residents): mentee-proposing deferred acceptance,
//! which gives the mentee-optimal stable matching, and an independent check for blocking pairs.
//! Both sides rank by pair score, higher first; ties are broken by the other side's id order.

use crate::optimal::CandidateGraph;

/// A stable matching, by index.
#[derive(Debug, Clone, PartialEq)]
pub struct StableAssignment {
    /// For each mentee, the index of its mentor, or `None` when unmatched.
    pub mentor_of: Vec<Option<u32>>,
    /// Sum of the scores of the chosen pairs.
    pub total: f64,
    /// Number of matched mentees.
    pub matched: usize,
}

/// Mentee-proposing deferred acceptance. `mentee_rank[i]` / `mentor_rank[j]` order ties (lower
/// rank wins, normally the position of the id in sorted order). Each mentee proposes down its
/// list (score high to low); a full mentor keeps the mentees it prefers.
pub fn solve_stable(
    graph: &CandidateGraph,
    capacities: &[u32],
    mentee_rank: &[u32],
    mentor_rank: &[u32],
) -> StableAssignment {
    let n = graph.mentee_count();
    let m = graph.mentor_count();
    // Each mentee's list in proposal order: (mentor, score) best first.
    let mut order: Vec<u32> = Vec::with_capacity(graph.pair_count());
    let mut order_start = Vec::with_capacity(n + 1);
    for i in 0..n {
        order_start.push(order.len());
        let (mentors, scores) = graph.candidates(i);
        let base = order.len();
        order.extend(0..mentors.len() as u32);
        order[base..].sort_by(|&a, &b| {
            scores[b as usize].total_cmp(&scores[a as usize]).then(
                mentor_rank[mentors[a as usize] as usize]
                    .cmp(&mentor_rank[mentors[b as usize] as usize]),
            )
        });
    }
    order_start.push(order.len());

    let mut slot_start = Vec::with_capacity(m + 1);
    let mut total_slots = 0usize;
    for &c in capacities {
        slot_start.push(total_slots);
        total_slots += c as usize;
    }
    // Held proposals: (mentee, score) per mentor slot.
    let mut held: Vec<(u32, f64)> = vec![(u32::MAX, 0.0); total_slots];
    let mut load = vec![0u32; m];
    let mut next = vec![0usize; n];
    let mut mentor_of: Vec<Option<u32>> = vec![None; n];
    let mut free: Vec<u32> = (0..n as u32).rev().collect();

    // The mentor prefers a over b when a's score is higher, or equal with a lower-ranked id.
    let prefers = |a: (u32, f64), b: (u32, f64)| match a.1.total_cmp(&b.1) {
        std::cmp::Ordering::Greater => true,
        std::cmp::Ordering::Less => false,
        std::cmp::Ordering::Equal => mentee_rank[a.0 as usize] < mentee_rank[b.0 as usize],
    };

    while let Some(mentee) = free.pop() {
        let i = mentee as usize;
        let (mentors, scores) = graph.candidates(i);
        let list = &order[order_start[i]..order_start[i + 1]];
        while next[i] < list.len() {
            let e = list[next[i]] as usize;
            next[i] += 1;
            let j = mentors[e] as usize;
            let proposal = (mentee, scores[e]);
            let first = slot_start[j];
            if load[j] < capacities[j] {
                held[first + load[j] as usize] = proposal;
                load[j] += 1;
                mentor_of[i] = Some(j as u32);
                break;
            }
            if load[j] == 0 {
                continue;
            }
            // Full: compare with the least preferred mentee held.
            let mut worst = first;
            for s in first + 1..first + load[j] as usize {
                if prefers(held[worst], held[s]) {
                    worst = s;
                }
            }
            if prefers(proposal, held[worst]) {
                let rejected = held[worst].0;
                mentor_of[rejected as usize] = None;
                free.push(rejected);
                held[worst] = proposal;
                mentor_of[i] = Some(j as u32);
                break;
            }
        }
    }
    let mut total = 0.0;
    let mut matched = 0;
    for s in 0..m {
        for &(_, score) in &held[slot_start[s]..slot_start[s] + load[s] as usize] {
            total += score;
            matched += 1;
        }
    }
    StableAssignment {
        mentor_of,
        total,
        matched,
    }
}

/// Every blocking pair of `mentor_of` (mentee, mentor): both would rather be together than with
/// what they have. Written independently of [`solve_stable`] so tests can check one by the other.
pub fn blocking_pairs(
    graph: &CandidateGraph,
    capacities: &[u32],
    mentee_rank: &[u32],
    mentor_rank: &[u32],
    mentor_of: &[Option<u32>],
) -> Vec<(usize, usize)> {
    let m = graph.mentor_count();
    let score_of = |i: usize, j: u32| -> Option<f64> {
        let (mentors, scores) = graph.candidates(i);
        mentors.iter().position(|&x| x == j).map(|p| scores[p])
    };
    // For each mentor: number held and its worst held (score, mentee rank).
    let mut held_count = vec![0u32; m];
    let mut worst: Vec<Option<(f64, u32)>> = vec![None; m];
    for (i, assigned) in mentor_of.iter().enumerate() {
        if let Some(j) = *assigned {
            let ju = j as usize;
            held_count[ju] += 1;
            let key = (score_of(i, j).unwrap_or(f64::NEG_INFINITY), mentee_rank[i]);
            let is_worse = match worst[ju] {
                None => true,
                Some(w) => key.0 < w.0 || (key.0 == w.0 && key.1 > w.1),
            };
            if is_worse {
                worst[ju] = Some(key);
            }
        }
    }
    let mut blocking = Vec::new();
    for (i, assigned) in mentor_of.iter().enumerate() {
        let current = assigned.map(|j| {
            (
                score_of(i, j).unwrap_or(f64::NEG_INFINITY),
                mentor_rank[j as usize],
            )
        });
        let (mentors, scores) = graph.candidates(i);
        for (&j, &score) in mentors.iter().zip(scores) {
            if Some(j) == *assigned {
                continue;
            }
            let ju = j as usize;
            let mentee_wants = match current {
                None => true,
                Some((cs, cr)) => score > cs || (score == cs && mentor_rank[ju] < cr),
            };
            if !mentee_wants || capacities[ju] == 0 {
                continue;
            }
            let mentor_wants = held_count[ju] < capacities[ju]
                || match worst[ju] {
                    None => true,
                    Some((ws, wr)) => score > ws || (score == ws && mentee_rank[i] < wr),
                };
            if mentor_wants {
                blocking.push((i, ju));
            }
        }
    }
    blocking
}
