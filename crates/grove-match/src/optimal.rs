//! Exact maximum-weight b-matching: mentees to mentors with capacities, each mentee at most one
//! mentor. Shortest augmenting paths (Hungarian method, one mentee at a time) on the sparse
//! candidate graph, with node potentials so every search is a Dijkstra that stops at the first
//! free place. Dense problems are solved on a short candidate list first and then proved optimal
//! against every pair with the dual prices (pairs that could still improve are added, re-solved).
//! When places about equal mentees, "largest total" on whole-hundredth scores uses exact cost
//! scaling instead (`scaling`), where one-at-a-time searches get long for the last mentees.

use std::cmp::Ordering;
use std::collections::BinaryHeap;
use std::ops::{Add, Neg, Sub};

use serde::{Deserialize, Serialize};

use crate::error::InputError;

mod scaling;

/// What the optimal solver maximizes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Objective {
    /// The largest total score; a mentee may stay unmatched if that raises the total.
    #[default]
    MaxTotal,
    /// As many matched mentees as possible, then the largest total score among those matchings.
    MaximizeMatchedFirst,
    /// As many matched mentees as possible, then the largest lowest pair score, then the largest
    /// total score.
    FairnessFirst,
}

/// Allowed pairs and their scores, one row of candidates per mentee (compressed rows, so memory
/// grows with the number of candidates, not mentees x mentors).
#[derive(Debug, Clone, Default)]
pub struct CandidateGraph {
    mentor_count: usize,
    offsets: Vec<usize>,
    mentors: Vec<u32>,
    scores: Vec<f64>,
}

impl CandidateGraph {
    /// An empty graph over `mentor_count` mentors; add mentees with [`CandidateGraph::add_mentee`].
    pub fn new(mentor_count: usize) -> Self {
        CandidateGraph {
            mentor_count,
            offsets: vec![0],
            mentors: Vec::new(),
            scores: Vec::new(),
        }
    }

    /// Adds the next mentee with its allowed mentors and pair scores; returns its index.
    pub fn add_mentee(&mut self, candidates: impl IntoIterator<Item = (u32, f64)>) -> usize {
        for (mentor, score) in candidates {
            self.mentors.push(mentor);
            self.scores.push(score);
        }
        self.offsets.push(self.mentors.len());
        self.offsets.len() - 2
    }

    /// Number of mentees (rows).
    pub fn mentee_count(&self) -> usize {
        self.offsets.len() - 1
    }

    /// Number of mentors (columns).
    pub fn mentor_count(&self) -> usize {
        self.mentor_count
    }

    /// Number of candidate pairs.
    pub fn pair_count(&self) -> usize {
        self.mentors.len()
    }

    /// The candidate mentors of `mentee` and their scores.
    pub fn candidates(&self, mentee: usize) -> (&[u32], &[f64]) {
        let range = self.offsets[mentee]..self.offsets[mentee + 1];
        (&self.mentors[range.clone()], &self.scores[range])
    }

    fn check(&self, capacities: &[u32]) -> Result<(), InputError> {
        if capacities.len() != self.mentor_count {
            return Err(InputError::new(
                "capacities",
                format!(
                    "{} capacities given for {} mentors",
                    capacities.len(),
                    self.mentor_count
                ),
            ));
        }
        for (index, (&mentor, &score)) in self.mentors.iter().zip(&self.scores).enumerate() {
            if mentor as usize >= self.mentor_count {
                return Err(InputError::new(
                    format!("candidates[{index}].mentor"),
                    "no such mentor",
                ));
            }
            if !score.is_finite() {
                return Err(InputError::new(
                    format!("candidates[{index}].score"),
                    "must be a finite number",
                ));
            }
        }
        Ok(())
    }
}

/// The result of an optimal solve, by index.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// For each mentee, the index of its mentor, or `None` when unmatched.
    pub mentor_of: Vec<Option<u32>>,
    /// Sum of the scores of the chosen pairs.
    pub total: f64,
    /// Number of matched mentees.
    pub matched: usize,
    /// Number of pairs added by the dual-price check of a dense solve (0 for sparse solves).
    pub pairs_added_by_pricing: usize,
}

/// Solves the candidate graph exactly for `objective`; `capacities[j]` is mentor `j`'s capacity.
pub fn solve_optimal(
    graph: &CandidateGraph,
    capacities: &[u32],
    objective: Objective,
) -> Result<Assignment, InputError> {
    graph.check(capacities)?;
    Ok(match objective {
        Objective::MaxTotal => match Hundredths::of(graph) {
            Some(h) if places_about_mentees(graph, capacities) => {
                let units: Vec<i64> = graph.scores.iter().map(|&s| -h.units(s)).collect();
                match scaling::solve(graph, capacities, &units) {
                    Some(mentor_of) => assignment_of(graph, mentor_of),
                    None => solve_with(graph, capacities, |score| -h.units(score)),
                }
            }
            Some(h) => solve_with(graph, capacities, |score| -h.units(score)),
            None => solve_with(graph, capacities, |score| -score),
        },
        Objective::MaximizeMatchedFirst => match Hundredths::of(graph) {
            Some(h) => solve_with(graph, capacities, |score| -(h.pair_bonus + h.units(score))),
            None => solve_with(graph, capacities, Tiered::pair),
        },
        Objective::FairnessFirst => solve_fairness_first(graph, capacities),
    })
}

/// Places (summed capacities) between 85% and 100% of the mentees: cost scaling's range. There
/// the shortest-path solver is slow (the last mentees each search far for the few places left:
/// 7x slower at 100%, 2.7x at 90% on 6,000 x 2,000 top-50). With any spare places it is fast and
/// cost scaling is not (units go back and forth through the sink); with fewer places both are
/// quick and shortest paths are quicker.
fn places_about_mentees(graph: &CandidateGraph, capacities: &[u32]) -> bool {
    let places: u64 = capacities.iter().map(|&c| c as u64).sum();
    let mentees = graph.mentee_count() as u64;
    places <= mentees && places * 20 >= mentees * 17
}

/// Scores that are all whole hundredths (0.01 steps, as Grove's own scores are) are solved in
/// exact integer units: no rounding in potentials, and "matched first" becomes a plain integer
/// bonus per pair instead of a lexicographic pair of numbers.
#[derive(Clone, Copy)]
struct Hundredths {
    /// Added to every pair for "matched first": more than any total of scores can differ by.
    pair_bonus: i64,
}

impl Hundredths {
    fn of(graph: &CandidateGraph) -> Option<Self> {
        Self::of_scores(&graph.scores, graph.mentee_count())
    }

    /// NaN entries (pairs not allowed in a dense matrix) are skipped.
    fn of_scores(scores: &[f64], mentee_count: usize) -> Option<Self> {
        let mut largest = 0i64;
        for &score in scores.iter().filter(|s| !s.is_nan()) {
            let scaled = score * 100.0;
            if !scaled.is_finite() || scaled.abs() >= 1e12 || (scaled - scaled.round()).abs() > 1e-6
            {
                return None;
            }
            largest = largest.max(scaled.round().abs() as i64);
        }
        let rows = mentee_count as i64 + 1;
        let pair_bonus = largest.checked_mul(2)?.checked_mul(rows)?.checked_add(1)?;
        // Potentials stay within a few path lengths of pair costs: keep far from overflow.
        pair_bonus.checked_mul(rows)?.checked_mul(8)?;
        Some(Hundredths { pair_bonus })
    }

    fn units(&self, score: f64) -> i64 {
        (score * 100.0).round() as i64
    }
}

/// Solves a dense, row-major `scores` matrix (`mentee_count` rows, `capacities.len()` columns;
/// NaN marks a pair that is not allowed) exactly. Solves a short candidate list per mentee,
/// then checks every pair against the dual prices and re-solves with the pairs that fail.
pub fn solve_dense(
    scores: &[f64],
    mentee_count: usize,
    capacities: &[u32],
    objective: Objective,
) -> Result<Assignment, InputError> {
    let mentor_count = capacities.len();
    if scores.len() != mentee_count * mentor_count {
        return Err(InputError::new(
            "scores",
            format!(
                "{} scores given for {mentee_count} x {mentor_count} pairs",
                scores.len()
            ),
        ));
    }
    if let Some(index) = scores.iter().position(|s| s.is_infinite()) {
        return Err(InputError::new(
            format!("scores[{index}]"),
            "must be finite (NaN marks a pair not allowed)",
        ));
    }
    match objective {
        // Plain f64: the dual check certifies the optimum to 1e-9, and a dense matrix is too
        // large to convert to integer units for free.
        Objective::MaxTotal => Ok(solve_dense_priced(scores, mentee_count, capacities, |s| -s)),
        Objective::MaximizeMatchedFirst => Ok(match Hundredths::of_scores(scores, mentee_count) {
            Some(h) => solve_dense_priced(scores, mentee_count, capacities, |s| {
                -(h.pair_bonus + h.units(s))
            }),
            None => solve_dense_priced(scores, mentee_count, capacities, Tiered::pair),
        }),
        Objective::FairnessFirst => {
            let mut graph = CandidateGraph::new(mentor_count);
            for row in scores.chunks_exact(mentor_count.max(1)).take(mentee_count) {
                graph.add_mentee(
                    row.iter()
                        .enumerate()
                        .filter(|(_, s)| !s.is_nan())
                        .map(|(j, &s)| (j as u32, s)),
                );
            }
            if mentor_count == 0 {
                graph = CandidateGraph::new(0);
                for _ in 0..mentee_count {
                    graph.add_mentee(std::iter::empty());
                }
            }
            Ok(solve_fairness_first(&graph, capacities))
        }
    }
}

/// Candidates kept per mentee before pricing: enough that the dual check rarely adds pairs.
fn dense_candidate_count(mentee_count: usize, capacities: &[u32]) -> usize {
    let slots: u64 = capacities.iter().map(|&c| c as u64).sum();
    // The scarcer the places, the deeper into its list a mentee may have to go.
    // Measured on uniform scores: 6 leaves nothing for the price check to add at one mentee
    // per place, and a short list keeps the shortest-path searches small.
    let pressure = mentee_count as f64 / (slots.max(1) as f64);
    (6.0 + 4.0 * (pressure - 1.0).clamp(0.0, 4.0)).ceil() as usize
}

fn solve_dense_priced<W: Weight>(
    scores: &[f64],
    mentee_count: usize,
    capacities: &[u32],
    cost_of: impl Fn(f64) -> W + Copy,
) -> Assignment {
    let mentor_count = capacities.len();
    let keep = dense_candidate_count(mentee_count, capacities).min(mentor_count);
    let mut graph = top_candidates(scores, mentee_count, mentor_count, keep);
    let mut added = 0;
    loop {
        let mut solver = Solver::new(&graph, capacities, cost_of);
        solver.solve_all();
        // Dual prices: u_i = p_i (>= 0), v_j = max(0, -p_j). A pair outside the graph can only
        // improve the optimum if its score exceeds u_i + v_j (a negative reduced cost).
        let mut extra: Vec<Vec<(u32, f64)>> = vec![Vec::new(); mentee_count];
        let mut any = false;
        let mentor_price: Vec<W> = solver
            .pot_mentor
            .iter()
            .map(|&p| {
                if p.neg().order(&W::ZERO) == Ordering::Greater {
                    p.neg()
                } else {
                    W::ZERO
                }
            })
            .collect();
        for (i, row) in scores
            .chunks_exact(mentor_count.max(1))
            .take(mentee_count)
            .enumerate()
        {
            let mentee_price = solver.pot_mentee[i];
            // Branch-free pass first (vectorizes); violations are rare.
            let violated = row
                .iter()
                .zip(&mentor_price)
                .fold(false, |found, (&score, &price)| {
                    found | (cost_of(score) + mentee_price + price).is_clearly_negative()
                });
            if !violated {
                continue;
            }
            let (listed, _) = graph.candidates(i);
            for (j, &score) in row.iter().enumerate() {
                if score.is_nan() {
                    continue;
                }
                let reduced = cost_of(score) + mentee_price + mentor_price[j];
                if reduced.is_clearly_negative() && !listed.contains(&(j as u32)) {
                    extra[i].push((j as u32, score));
                    any = true;
                }
            }
        }
        if !any {
            let mut assignment = solver.into_assignment();
            assignment.pairs_added_by_pricing = added;
            return assignment;
        }
        let mut grown = CandidateGraph::new(mentor_count);
        for (i, more) in extra.into_iter().enumerate() {
            added += more.len();
            let (mentors, scores) = graph.candidates(i);
            let row: Vec<(u32, f64)> = mentors
                .iter()
                .copied()
                .zip(scores.iter().copied())
                .chain(more)
                .collect();
            grown.add_mentee(row);
        }
        graph = grown;
    }
}

/// The `keep` best-scoring allowed mentors of each dense row. A global threshold from a sample
/// makes this one vectorizable pass; rows the threshold leaves short fall back to a selection.
fn top_candidates(
    scores: &[f64],
    mentee_count: usize,
    mentor_count: usize,
    keep: usize,
) -> CandidateGraph {
    let mut graph = CandidateGraph::new(mentor_count);
    if mentor_count == 0 {
        for _ in 0..mentee_count {
            graph.add_mentee(std::iter::empty());
        }
        return graph;
    }
    let threshold = sample_threshold(scores, keep as f64 / mentor_count as f64);
    let mut row_buffer: Vec<(u32, f64)> = Vec::with_capacity(mentor_count);
    for row in scores.chunks_exact(mentor_count).take(mentee_count) {
        row_buffer.clear();
        row_buffer.extend(
            row.iter()
                .enumerate()
                .filter(|(_, s)| **s >= threshold)
                .map(|(j, &s)| (j as u32, s)),
        );
        if row_buffer.len() < keep.min(mentor_count) || row_buffer.len() > keep * 4 {
            row_buffer.clear();
            row_buffer.extend(
                row.iter()
                    .enumerate()
                    .filter(|(_, s)| !s.is_nan())
                    .map(|(j, &s)| (j as u32, s)),
            );
            if row_buffer.len() > keep {
                row_buffer.select_nth_unstable_by(keep - 1, |a, b| {
                    b.1.total_cmp(&a.1).then(a.0.cmp(&b.0))
                });
                row_buffer.truncate(keep);
            }
        }
        graph.add_mentee(row_buffer.iter().copied());
    }
    graph
}

/// A score above which roughly `fraction` of the matrix lies (deterministic strided sample).
fn sample_threshold(scores: &[f64], fraction: f64) -> f64 {
    let stride = (scores.len() / 20_000).max(1);
    let mut sample: Vec<f64> = scores
        .iter()
        .step_by(stride)
        .copied()
        .filter(|s| !s.is_nan())
        .collect();
    if sample.is_empty() || fraction >= 1.0 {
        return f64::NEG_INFINITY;
    }
    sample.sort_by(|a, b| b.total_cmp(a));
    // Aim a little deeper than `fraction` so few rows need the fallback selection.
    let index = ((sample.len() as f64 * fraction * 1.5) as usize).min(sample.len() - 1);
    sample[index]
}

fn solve_with<W: Weight>(
    graph: &CandidateGraph,
    capacities: &[u32],
    cost_of: impl Fn(f64) -> W,
) -> Assignment {
    let mut solver = Solver::new(graph, capacities, cost_of);
    solver.solve_all();
    solver.into_assignment()
}

/// Max-cardinality first, then the bottleneck (largest lowest score) by binary search over the
/// distinct scores, then max total among pairs at or above the bottleneck.
fn solve_fairness_first(graph: &CandidateGraph, capacities: &[u32]) -> Assignment {
    let most_matched = solve_with(graph, capacities, |_| -1i64).matched;
    let mut distinct: Vec<f64> = graph.scores.clone();
    distinct.sort_by(|a, b| a.total_cmp(b));
    distinct.dedup();
    let restricted = |threshold: f64| {
        let mut kept = CandidateGraph::new(graph.mentor_count);
        for i in 0..graph.mentee_count() {
            let (mentors, scores) = graph.candidates(i);
            kept.add_mentee(
                mentors
                    .iter()
                    .zip(scores)
                    .filter(|(_, s)| **s >= threshold)
                    .map(|(&j, &s)| (j, s)),
            );
        }
        kept
    };
    // Largest index whose threshold still lets `most_matched` mentees be matched.
    let (mut low, mut high) = (0usize, distinct.len());
    while high > low + 1 {
        let middle = (low + high) / 2;
        let kept = restricted(distinct[middle]);
        if solve_with(&kept, capacities, |_| -1i64).matched == most_matched {
            low = middle;
        } else {
            high = middle;
        }
    }
    let threshold = distinct.get(low).copied().unwrap_or(f64::NEG_INFINITY);
    let kept = restricted(threshold);
    match Hundredths::of(&kept) {
        Some(h) => solve_with(&kept, capacities, |score| -(h.pair_bonus + h.units(score))),
        None => solve_with(&kept, capacities, Tiered::pair),
    }
}

/// The arithmetic the solver needs from a cost: an ordered group. `f64` for plain scores,
/// [`Tiered`] for "count first, then score".
pub(crate) trait Weight:
    Copy + Add<Output = Self> + Sub<Output = Self> + Neg<Output = Self>
{
    const ZERO: Self;
    fn order(&self, other: &Self) -> Ordering;
    /// Below zero by more than rounding noise (used only by the dense optimality check).
    fn is_clearly_negative(&self) -> bool;
}

impl Weight for f64 {
    const ZERO: Self = 0.0;
    fn order(&self, other: &Self) -> Ordering {
        self.total_cmp(other)
    }
    fn is_clearly_negative(&self) -> bool {
        *self < -1e-9
    }
}

impl Weight for i64 {
    const ZERO: Self = 0;
    fn order(&self, other: &Self) -> Ordering {
        self.cmp(other)
    }
    fn is_clearly_negative(&self) -> bool {
        *self < 0
    }
}

/// A lexicographic cost: `tier` (pair count) decides, `value` (score) breaks ties. Exact in the
/// tier, so "match as many as possible" never trades against float rounding of scores.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Tiered {
    tier: i64,
    value: f64,
}

impl Tiered {
    /// The cost of one matched pair with `score` (negative: the solver minimizes).
    fn pair(score: f64) -> Self {
        Tiered {
            tier: -1,
            value: -score,
        }
    }
}

impl Add for Tiered {
    type Output = Self;
    fn add(self, o: Self) -> Self {
        Tiered {
            tier: self.tier + o.tier,
            value: self.value + o.value,
        }
    }
}
impl Sub for Tiered {
    type Output = Self;
    fn sub(self, o: Self) -> Self {
        Tiered {
            tier: self.tier - o.tier,
            value: self.value - o.value,
        }
    }
}
impl Neg for Tiered {
    type Output = Self;
    fn neg(self) -> Self {
        Tiered {
            tier: -self.tier,
            value: -self.value,
        }
    }
}
impl Weight for Tiered {
    const ZERO: Self = Tiered {
        tier: 0,
        value: 0.0,
    };
    fn order(&self, other: &Self) -> Ordering {
        self.tier
            .cmp(&other.tier)
            .then(self.value.total_cmp(&other.value))
    }
    fn is_clearly_negative(&self) -> bool {
        self.tier < 0 || (self.tier == 0 && self.value < -1e-9)
    }
}

const NONE: u32 = u32::MAX;

#[derive(Clone, Copy)]
struct HeapEntry<W> {
    dist: W,
    node: u32,
}
impl<W: Weight> PartialEq for HeapEntry<W> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl<W: Weight> Eq for HeapEntry<W> {}
impl<W: Weight> PartialOrd for HeapEntry<W> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<W: Weight> Ord for HeapEntry<W> {
    // Reversed: BinaryHeap is a max-heap and Dijkstra wants the smallest distance.
    fn cmp(&self, other: &Self) -> Ordering {
        other
            .dist
            .order(&self.dist)
            .then(other.node.cmp(&self.node))
    }
}

#[derive(Clone, Copy)]
enum SinkVia {
    FreeMentor(u32),
    LeaveUnmatched(u32),
}

/// Min-cost flow state: source -> mentee -> mentor -> sink, plus a private "stay unmatched" arc
/// from each mentee to the sink (cost 0), so every mentee is always placed somewhere.
/// The sink's potential stays 0; the dual price of mentee i is `pot_mentee[i]`, of mentor j
/// `max(0, -pot_mentor[j])`.
struct Solver<'g, W> {
    graph: &'g CandidateGraph,
    costs: Vec<W>,
    capacity: &'g [u32],
    mentor_of: Vec<u32>,
    assigned_cost: Vec<W>,
    slot_start: Vec<usize>,
    slots: Vec<u32>,
    load: Vec<u32>,
    pot_mentee: Vec<W>,
    pot_mentor: Vec<W>,
    dist_mentee: Vec<W>,
    dist_mentor: Vec<W>,
    seen_mentee: Vec<u32>,
    seen_mentor: Vec<u32>,
    done_mentee: Vec<u32>,
    done_mentor: Vec<u32>,
    came_from: Vec<(u32, W)>,
    stamp: u32,
    heap: BinaryHeap<HeapEntry<W>>,
    finalized: Vec<u32>,
}

impl<'g, W: Weight> Solver<'g, W> {
    fn new(graph: &'g CandidateGraph, capacity: &'g [u32], cost_of: impl Fn(f64) -> W) -> Self {
        let n = graph.mentee_count();
        let m = graph.mentor_count;
        let mut slot_start = Vec::with_capacity(m + 1);
        let mut total = 0usize;
        for &c in capacity {
            slot_start.push(total);
            total += c as usize;
        }
        slot_start.push(total);
        Solver {
            graph,
            costs: graph.scores.iter().map(|&s| cost_of(s)).collect(),
            capacity,
            mentor_of: vec![NONE; n],
            assigned_cost: vec![W::ZERO; n],
            slot_start,
            slots: vec![NONE; total],
            load: vec![0; m],
            pot_mentee: vec![W::ZERO; n],
            pot_mentor: vec![W::ZERO; m],
            dist_mentee: vec![W::ZERO; n],
            dist_mentor: vec![W::ZERO; m],
            seen_mentee: vec![0; n],
            seen_mentor: vec![0; m],
            done_mentee: vec![0; n],
            done_mentor: vec![0; m],
            came_from: vec![(NONE, W::ZERO); m],
            stamp: 0,
            heap: BinaryHeap::new(),
            finalized: Vec::new(),
        }
    }

    fn solve_all(&mut self) {
        for mentee in self.bid_for_places() {
            self.place(mentee);
        }
    }

    /// A cheap first pass that settles most mentees: each free mentee takes its best mentor;
    /// a full mentor's price rises to what keeps its holders and the stronger bidder exactly
    /// indifferent (an auction with no epsilon, like Jonker-Volgenant's augmenting row
    /// reduction). Every step keeps the potentials' invariants exactly, so the shortest-path
    /// phase that places the rest still ends at the optimum. Returns the mentees left for it.
    fn bid_for_places(&mut self) -> Vec<u32> {
        let n = self.graph.mentee_count();
        // Profit of mentee k's second-best option when it took its place (a bound that only
        // grows stale upward, which keeps the price rule safe).
        let mut second = vec![W::ZERO; n];
        let mut queue: std::collections::VecDeque<u32> = (0..n as u32).collect();
        let mut deferred = Vec::new();
        let mut bids_left = 4 * n + 16;
        let mut lost_at = vec![NONE; n];
        while let Some(mentee) = queue.pop_front() {
            let i = mentee as usize;
            if bids_left == 0 {
                deferred.push(mentee);
                continue;
            }
            bids_left -= 1;
            // Best and second-best profit (p_j - c), the second counting "stay unmatched" (0).
            let mut best: Option<(W, usize)> = None;
            let mut runner_up = W::ZERO;
            // On equal profit, prefer a mentor with room, and not the one just lost at.
            let preferred = |solver: &Self, e: usize| {
                let j = solver.graph.mentors[e] as usize;
                (solver.load[j] < solver.capacity[j], lost_at[i] != j as u32)
            };
            for e in self.graph.offsets[i]..self.graph.offsets[i + 1] {
                let j = self.graph.mentors[e] as usize;
                let profit = self.pot_mentor[j] - self.costs[e];
                let replaces = match best {
                    None => true,
                    Some((b, be)) => match profit.order(&b) {
                        Ordering::Greater => true,
                        Ordering::Less => false,
                        Ordering::Equal => preferred(self, e) > preferred(self, be),
                    },
                };
                // The runner-up is the best of everything that is not the best.
                if replaces {
                    if let Some((b, _)) = best
                        && b.order(&runner_up) == Ordering::Greater
                    {
                        runner_up = b;
                    }
                    best = Some((profit, e));
                } else if profit.order(&runner_up) == Ordering::Greater {
                    runner_up = profit;
                }
            }
            let Some((top, e)) = best else {
                deferred.push(mentee);
                continue;
            };
            if top.order(&W::ZERO) != Ordering::Greater {
                deferred.push(mentee);
                continue;
            }
            let j = self.graph.mentors[e] as usize;
            if self.load[j] < self.capacity[j] {
                self.add_to(j, mentee);
                self.mentor_of[i] = j as u32;
                self.assigned_cost[i] = self.costs[e];
                self.pot_mentee[i] = top;
                second[i] = runner_up;
                continue;
            }
            if self.capacity[j] == 0 {
                deferred.push(mentee);
                continue;
            }
            // Margin: how far the price may rise before this mentee prefers its alternative.
            let margin_of = |cost: W, alternative: W| cost.neg() - alternative;
            let bidder_margin = margin_of(self.costs[e], runner_up);
            let first = self.slot_start[j];
            let last = first + self.load[j] as usize;
            let mut weakest = first;
            for slot in first + 1..last {
                let (a, b) = (self.slots[slot] as usize, self.slots[weakest] as usize);
                if margin_of(self.assigned_cost[a], second[a])
                    .order(&margin_of(self.assigned_cost[b], second[b]))
                    == Ordering::Less
                {
                    weakest = slot;
                }
            }
            let evicted = self.slots[weakest] as usize;
            if bidder_margin.order(&margin_of(self.assigned_cost[evicted], second[evicted]))
                != Ordering::Greater
            {
                // The holders all value the place at least as much. Raise the price to the
                // bidder's margin (every holder still prefers to stay), which leaves the bidder
                // indifferent to its next option, and let it bid again there.
                if bidder_margin.order(&self.pot_mentor[j].neg()) == Ordering::Greater {
                    self.pot_mentor[j] = bidder_margin.neg();
                    for slot in first..last {
                        let k = self.slots[slot] as usize;
                        self.pot_mentee[k] = self.pot_mentor[j] - self.assigned_cost[k];
                    }
                    lost_at[i] = j as u32;
                    queue.push_front(mentee);
                } else {
                    deferred.push(mentee);
                }
                continue;
            }
            self.slots[weakest] = mentee;
            self.mentor_of[evicted] = NONE;
            self.mentor_of[i] = j as u32;
            self.assigned_cost[i] = self.costs[e];
            second[i] = runner_up;
            queue.push_back(evicted as u32);
            // New price: the smallest margin among the holders (the bidder included).
            let mut price = bidder_margin;
            for slot in first..last {
                let k = self.slots[slot] as usize;
                let margin = margin_of(self.assigned_cost[k], second[k]);
                if margin.order(&price) == Ordering::Less {
                    price = margin;
                }
            }
            self.pot_mentor[j] = price.neg();
            for slot in first..last {
                let k = self.slots[slot] as usize;
                self.pot_mentee[k] = self.pot_mentor[j] - self.assigned_cost[k];
            }
        }
        deferred.sort_unstable();
        deferred
    }

    /// Places one new mentee along a shortest augmenting path (Dijkstra on reduced costs).
    fn place(&mut self, source: u32) {
        let s = source as usize;
        let range = self.graph.offsets[s]..self.graph.offsets[s + 1];
        // Lowest potential that keeps every arc out of the new mentee non-negative.
        let mut start = W::ZERO; // the "stay unmatched" arc: 0 + p_s - p_sink >= 0
        for e in range.clone() {
            let j = self.graph.mentors[e] as usize;
            let candidate = self.pot_mentor[j] - self.costs[e];
            if candidate.order(&start) == Ordering::Greater {
                start = candidate;
            }
        }
        self.pot_mentee[s] = start;

        self.stamp += 1;
        let stamp = self.stamp;
        self.heap.clear();
        self.finalized.clear();
        self.dist_mentee[s] = W::ZERO;
        self.seen_mentee[s] = stamp;
        self.heap.push(HeapEntry {
            dist: W::ZERO,
            node: source,
        });
        let n = self.graph.mentee_count() as u32;
        let mut sink: Option<(W, SinkVia)> = None;

        while let Some(HeapEntry { dist, node }) = self.heap.pop() {
            if let Some((best, _)) = sink
                && dist.order(&best) != Ordering::Less
            {
                break;
            }
            if node < n {
                let i = node as usize;
                if self.done_mentee[i] == stamp {
                    continue;
                }
                self.done_mentee[i] = stamp;
                self.finalized.push(node);
                let through_unmatched = dist + self.pot_mentee[i];
                if sink.is_none_or(|(best, _)| through_unmatched.order(&best) == Ordering::Less) {
                    sink = Some((through_unmatched, SinkVia::LeaveUnmatched(node)));
                }
                for e in self.graph.offsets[i]..self.graph.offsets[i + 1] {
                    let j = self.graph.mentors[e];
                    if j == self.mentor_of[i] {
                        continue;
                    }
                    let ju = j as usize;
                    if self.done_mentor[ju] == stamp {
                        continue;
                    }
                    let reach = dist + self.costs[e] + self.pot_mentee[i] - self.pot_mentor[ju];
                    // A node no closer than the best way to the sink found so far is never
                    // popped before the search stops: skip the heap entry.
                    if sink.is_some_and(|(best, _)| reach.order(&best) != Ordering::Less) {
                        continue;
                    }
                    if self.seen_mentor[ju] != stamp
                        || reach.order(&self.dist_mentor[ju]) == Ordering::Less
                    {
                        self.seen_mentor[ju] = stamp;
                        self.dist_mentor[ju] = reach;
                        self.came_from[ju] = (node, self.costs[e]);
                        self.heap.push(HeapEntry {
                            dist: reach,
                            node: n + j,
                        });
                    }
                }
            } else {
                let j = (node - n) as usize;
                if self.done_mentor[j] == stamp {
                    continue;
                }
                self.done_mentor[j] = stamp;
                self.finalized.push(node);
                if self.load[j] < self.capacity[j] {
                    let through_free = dist + self.pot_mentor[j];
                    if sink.is_none_or(|(best, _)| through_free.order(&best) == Ordering::Less) {
                        sink = Some((through_free, SinkVia::FreeMentor(j as u32)));
                    }
                }
                let first = self.slot_start[j];
                for slot in first..first + self.load[j] as usize {
                    let i2 = self.slots[slot] as usize;
                    if self.done_mentee[i2] == stamp {
                        continue;
                    }
                    let reach =
                        dist - self.assigned_cost[i2] + self.pot_mentor[j] - self.pot_mentee[i2];
                    // A node no closer than the best way to the sink found so far is never
                    // popped before the search stops: skip the heap entry.
                    if sink.is_some_and(|(best, _)| reach.order(&best) != Ordering::Less) {
                        continue;
                    }
                    if self.seen_mentee[i2] != stamp
                        || reach.order(&self.dist_mentee[i2]) == Ordering::Less
                    {
                        self.seen_mentee[i2] = stamp;
                        self.dist_mentee[i2] = reach;
                        self.heap.push(HeapEntry {
                            dist: reach,
                            node: i2 as u32,
                        });
                    }
                }
            }
        }
        let Some((shortest, via)) = sink else { return };

        // Potentials: p += min(d, D) - D keeps every residual arc's reduced cost non-negative.
        for &node in &self.finalized {
            if node < n {
                let i = node as usize;
                self.pot_mentee[i] = self.pot_mentee[i] + self.dist_mentee[i] - shortest;
            } else {
                let j = (node - n) as usize;
                self.pot_mentor[j] = self.pot_mentor[j] + self.dist_mentor[j] - shortest;
            }
        }

        // Walk the path back: each mentee on it moves to the mentor after it.
        let (mut mentee, mut target): (u32, Option<(u32, W)>) = match via {
            SinkVia::FreeMentor(j) => {
                let (i, cost) = self.came_from[j as usize];
                (i, Some((j, cost)))
            }
            SinkVia::LeaveUnmatched(i) => (i, None),
        };
        loop {
            let previous = self.mentor_of[mentee as usize];
            if previous != NONE {
                self.remove_from(previous as usize, mentee);
            }
            match target {
                Some((j, cost)) => {
                    self.add_to(j as usize, mentee);
                    self.mentor_of[mentee as usize] = j;
                    self.assigned_cost[mentee as usize] = cost;
                }
                None => {
                    self.mentor_of[mentee as usize] = NONE;
                    self.assigned_cost[mentee as usize] = W::ZERO;
                }
            }
            if mentee == source || previous == NONE {
                break;
            }
            let (next_mentee, cost) = self.came_from[previous as usize];
            target = Some((previous, cost));
            mentee = next_mentee;
        }
    }

    fn remove_from(&mut self, mentor: usize, mentee: u32) {
        let first = self.slot_start[mentor];
        let last = first + self.load[mentor] as usize - 1;
        if let Some(position) = (first..=last).find(|&s| self.slots[s] == mentee) {
            self.slots.swap(position, last);
            self.slots[last] = NONE;
            self.load[mentor] -= 1;
        }
    }

    fn add_to(&mut self, mentor: usize, mentee: u32) {
        let slot = self.slot_start[mentor] + self.load[mentor] as usize;
        self.slots[slot] = mentee;
        self.load[mentor] += 1;
    }

    fn into_assignment(self) -> Assignment {
        assignment_of(self.graph, self.mentor_of)
    }
}

/// The assignment for `mentor_of` (`NONE` for unmatched), with its total and count.
fn assignment_of(graph: &CandidateGraph, chosen: Vec<u32>) -> Assignment {
    let mut total = 0.0;
    let mut matched = 0;
    let mut mentor_of = Vec::with_capacity(chosen.len());
    for (i, &j) in chosen.iter().enumerate() {
        if j == NONE {
            mentor_of.push(None);
            continue;
        }
        let (mentors, scores) = graph.candidates(i);
        // The best listed score for this pair (a pair listed twice counts at its best).
        let score = mentors
            .iter()
            .zip(scores)
            .filter(|(m, _)| **m == j)
            .map(|(_, &s)| s)
            .fold(f64::NEG_INFINITY, f64::max);
        total += score;
        matched += 1;
        mentor_of.push(Some(j));
    }
    Assignment {
        mentor_of,
        total,
        matched,
        pairs_added_by_pricing: 0,
    }
}
