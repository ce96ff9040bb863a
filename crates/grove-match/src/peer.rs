//! Peer circles: everyone is an equal, circles of about `circle_size` people. Greedy placement
//! (hardest-to-place people seed the circles, then each person joins the circle they score best
//! with), then local improvement by swapping two people between circles while that raises the
//! total. Not guaranteed optimal (the exact problem is NP-hard); deterministic.

use crate::error::InputError;
use crate::participant::ProgramSettings;
use crate::program::{Circle, MatchResult, Unmatched};
use crate::scored::Mode;
use crate::scoring::{ProfileIndex, Verdict};

/// Largest peer program scored pairwise (the pair table is people squared).
const MAX_PEERS: usize = 4_000;
/// Penalty for a pair that is not allowed: any allowed arrangement beats it.
const NOT_ALLOWED: f32 = -1000.0;

pub(crate) fn match_peers(
    index: &ProfileIndex,
    settings: &ProgramSettings,
    circle_size: usize,
) -> Result<MatchResult, InputError> {
    let n = index.people.len();
    if n > MAX_PEERS {
        return Err(InputError::new(
            "participants",
            format!("peer mode handles up to {MAX_PEERS} participants, got {n}; split the program"),
        ));
    }
    let mut table = vec![0f32; n * n];
    for a in 0..n {
        for b in a + 1..n {
            let value = match (index.verdict(a, b), index.verdict(b, a)) {
                (Verdict::Allowed(x), Verdict::Allowed(y)) => ((x + y) / 2.0) as f32,
                _ => NOT_ALLOWED,
            };
            table[a * n + b] = value;
            table[b * n + a] = value;
        }
    }
    let score = |a: usize, b: usize| table[a * n + b];
    let circles_count = if n < 2 {
        0
    } else {
        ((n as f64 / circle_size as f64).round() as usize).max(1)
    };
    let mut unmatched = Vec::new();
    if circles_count == 0 {
        for p in index.people {
            unmatched.push(Unmatched {
                id: p.id.clone(),
                side: "peer".into(),
                reason: "no other participant".into(),
                had_no_candidate: true,
            });
        }
        return Ok(empty_result(settings, unmatched, n));
    }
    // Balanced sizes: some circles get one more member.
    let base = n / circles_count;
    let extra = n % circles_count;
    let capacity: Vec<usize> = (0..circles_count)
        .map(|c| base + usize::from(c < extra))
        .collect();

    // Hardest first: fewest allowed partners, then lowest mean score, then input order.
    let mut order: Vec<usize> = (0..n).collect();
    let allowed_count: Vec<usize> = (0..n)
        .map(|a| {
            (0..n)
                .filter(|&b| b != a && score(a, b) > NOT_ALLOWED)
                .count()
        })
        .collect();
    order.sort_by_key(|&a| (allowed_count[a], a));
    let mut circle_of = vec![usize::MAX; n];
    let mut members: Vec<Vec<usize>> = vec![Vec::new(); circles_count];
    for (c, &person) in order.iter().take(circles_count).enumerate() {
        circle_of[person] = c;
        members[c].push(person);
    }
    for &person in order.iter().skip(circles_count) {
        let mut best: Option<(f32, usize)> = None;
        for c in 0..circles_count {
            if members[c].len() >= capacity[c] {
                continue;
            }
            let gain: f32 = members[c].iter().map(|&o| score(person, o)).sum::<f32>()
                / members[c].len().max(1) as f32;
            if best.is_none_or(|(g, _)| gain > g) {
                best = Some((gain, c));
            }
        }
        if let Some((_, c)) = best {
            circle_of[person] = c;
            members[c].push(person);
        }
    }
    // Swap improvement: a swap changes only the two people's sums with their circles.
    let with_circle = |person: usize, c: usize, members: &[Vec<usize>], skip: usize| -> f32 {
        members[c]
            .iter()
            .filter(|&&o| o != person && o != skip)
            .map(|&o| score(person, o))
            .sum()
    };
    for _pass in 0..4 {
        let mut improved = false;
        for a in 0..n {
            for b in a + 1..n {
                let (ca, cb) = (circle_of[a], circle_of[b]);
                if ca == cb {
                    continue;
                }
                let now = with_circle(a, ca, &members, b) + with_circle(b, cb, &members, a);
                let swapped = with_circle(a, cb, &members, b) + with_circle(b, ca, &members, a);
                if swapped > now + 1e-3 {
                    members[ca].retain(|&x| x != a);
                    members[cb].retain(|&x| x != b);
                    members[ca].push(b);
                    members[cb].push(a);
                    circle_of[a] = cb;
                    circle_of[b] = ca;
                    improved = true;
                }
            }
        }
        if !improved {
            break;
        }
    }
    let mut circles = Vec::new();
    let mut total = 0.0;
    let mut lowest: Option<f64> = None;
    for group in &mut members {
        group.sort_unstable();
        let mut sum = 0.0;
        let mut low = f64::INFINITY;
        let mut count = 0;
        for (k, &a) in group.iter().enumerate() {
            for &b in &group[k + 1..] {
                let s = score(a, b) as f64;
                sum += s;
                low = low.min(s);
                count += 1;
            }
        }
        let mean = if count > 0 { sum / count as f64 } else { 0.0 };
        total += mean;
        if count > 0 {
            lowest = Some(lowest.map_or(low, |l: f64| l.min(low)));
        }
        circles.push(Circle {
            members: group.iter().map(|&k| index.people[k].id.clone()).collect(),
            mean_score: mean,
            lowest_score: if count > 0 { low } else { 0.0 },
        });
    }
    for (k, p) in index.people.iter().enumerate() {
        if allowed_count[k] == 0 {
            unmatched.push(Unmatched {
                id: p.id.clone(),
                side: "peer".into(),
                reason: "placed in a circle, but no member is an allowed partner (no candidate)"
                    .into(),
                had_no_candidate: true,
            });
        }
    }
    let mut result = empty_result(settings, unmatched, n);
    result.circles = circles;
    result.total_score = total;
    result.lowest_score = lowest;
    result.candidate_pairs = table.iter().filter(|&&v| v > NOT_ALLOWED).count() / 2;
    Ok(result)
}

fn empty_result(settings: &ProgramSettings, unmatched: Vec<Unmatched>, n: usize) -> MatchResult {
    MatchResult {
        mode: settings.mode,
        solver: Mode::Optimal,
        pairs: Vec::new(),
        groups: Vec::new(),
        circles: Vec::new(),
        mentees_without_candidate: unmatched.iter().filter(|u| u.had_no_candidate).count(),
        unmatched,
        mentee_count: n,
        mentor_count: 0,
        candidate_pairs: 0,
        total_score: 0.0,
        lowest_score: None,
    }
}
