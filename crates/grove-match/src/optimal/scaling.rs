//! Cost scaling for the integer (whole-hundredths) "largest total" problem: the same min-cost
//! flow as the shortest-path solver (each mentee supplies one unit; arcs mentee -> mentor,
//! mentor -> sink with the mentor's capacity, and each mentee's private "stay unmatched" arc
//! to the sink), solved by Goldberg's cost-scaling push-relabel method with the "double push"
//! of Goldberg and Kennedy's CSA (a mentee pushes its unit to its best arc and prices itself
//! at its second best; the receiving mentor passes a unit on at once).
//!
//! Costs are multiplied by `nodes + 1`. Each `refine(eps)` keeps the previous phase's flow
//! where it is still `eps`-optimal, undoes the rest, and pushes until the flow is feasible
//! with every residual arc's reduced cost at least `-eps`. After the phase with `eps = 1`
//! every residual cycle costs more than `-1` in original units, and costs are integers, so
//! none is negative: the flow is exactly optimal (Goldberg and Tarjan's `eps < 1/n`
//! theorem). All arithmetic is `i64` with magnitudes checked up front; no rounding anywhere.
//!
//! Unlike one-mentee-at-a-time shortest paths, the work does not pile up at the end when the
//! last mentees are far from the few mentors with room: each phase moves everyone at once.

use std::collections::VecDeque;

use super::{CandidateGraph, NONE};

/// `mentor_of` entry of a mentee whose unit goes along its "stay unmatched" arc.
const UNMATCHED: u32 = u32::MAX - 1;

/// How much `eps` shrinks between phases.
const SCALE: i64 = 8;

/// Solves with costs `cost_units` (one per candidate pair, whole units; the solver minimizes).
/// Returns each mentee's mentor (`NONE` when unmatched), or `None` when the scaled costs could
/// come near `i64` overflow or the pushes exceed a generous budget (the caller then uses the
/// shortest-path solver).
pub(super) fn solve(
    graph: &CandidateGraph,
    capacities: &[u32],
    cost_units: &[i64],
) -> Option<Vec<u32>> {
    let n = graph.mentee_count();
    let m = graph.mentor_count;
    let nodes = i64::try_from(n + m + 1).ok()?;
    let alpha = nodes.checked_add(1)?;
    let largest = cost_units.iter().map(|c| c.abs()).max().unwrap_or(0);
    let top = largest.checked_mul(alpha)?.max(1);
    // Prices move by at most a few times `nodes * eps` per phase, and `eps <= top`.
    top.checked_mul(nodes.checked_add(2)?)?.checked_mul(64)?;
    let mut state = State::new(graph, capacities, cost_units, alpha);
    let mut eps = top;
    loop {
        eps = (eps / SCALE).max(1);
        state.refine(eps)?;
        if eps == 1 {
            break;
        }
    }
    Some(
        state
            .mentor_of
            .into_iter()
            .map(|j| if j == UNMATCHED { NONE } else { j })
            .collect(),
    )
}

/// Work allowed per node and arc of the graph before giving up.
const WORK_PER_ARC: u64 = 40;

/// Work (arcs scanned) allowed before giving the problem to the shortest-path solver.
fn work_budget(n: usize, m: usize, pairs: usize) -> u64 {
    // Tight instances (places about equal to mentees) use about 15 times the graph's size;
    // some with many spare places push units back and forth through the sink far longer.
    WORK_PER_ARC * (n as u64 + m as u64 + pairs as u64 + 1) + 1_000_000
}

struct State<'g> {
    graph: &'g CandidateGraph,
    capacity: &'g [u32],
    /// Scaled cost of each candidate arc.
    costs: Vec<i64>,
    pot_mentee: Vec<i64>,
    pot_mentor: Vec<i64>,
    pot_sink: i64,
    /// Mentor of each mentee, `UNMATCHED`, or `NONE` while the mentee holds its unit (active).
    mentor_of: Vec<u32>,
    /// The candidate arc carrying each assigned mentee's unit.
    arc_of: Vec<usize>,
    /// Each mentor's holders: `capacity + 1` slots (one unit of excess while it is passed on).
    slot_start: Vec<usize>,
    slots: Vec<u32>,
    load: Vec<u32>,
    /// Flow on each mentor's arc to the sink (`load - out` is the mentor's excess).
    out: Vec<u32>,
    /// Units that reached the sink beyond the mentees' total supply (negative: still owed).
    sink_excess: i64,
    queue: VecDeque<u32>,
    /// Pushes left before giving up (a safety net; the method terminates well within it).
    budget: u64,
}

impl<'g> State<'g> {
    fn new(graph: &'g CandidateGraph, capacity: &'g [u32], cost_units: &[i64], alpha: i64) -> Self {
        let n = graph.mentee_count();
        let m = graph.mentor_count;
        let mut slot_start = Vec::with_capacity(m + 1);
        let mut total = 0usize;
        for &c in capacity {
            slot_start.push(total);
            total += c as usize + 1;
        }
        slot_start.push(total);
        State {
            graph,
            capacity,
            costs: cost_units.iter().map(|&c| c * alpha).collect(),
            pot_mentee: vec![0; n],
            pot_mentor: vec![0; m],
            pot_sink: 0,
            mentor_of: vec![NONE; n],
            arc_of: vec![usize::MAX; n],
            slot_start,
            slots: vec![NONE; total],
            load: vec![0; m],
            out: vec![0; m],
            sink_excess: -(n as i64),
            queue: (0..n as u32).collect(),
            budget: work_budget(n, m, graph.pair_count()),
        }
    }

    /// Value to mentee `i` of candidate arc `e` (`None` for a mentor without places).
    fn value(&self, e: usize) -> Option<i64> {
        let j = self.graph.mentors[e] as usize;
        (self.capacity[j] > 0).then(|| self.pot_mentor[j] - self.costs[e])
    }

    /// Makes the current flow `eps`-optimal (undoing what is not), then pushes to feasibility.
    fn refine(&mut self, eps: i64) -> Option<()> {
        // Arcs between mentors and the sink: saturate or empty those below -eps.
        for j in 0..self.graph.mentor_count {
            let cap = self.capacity[j];
            if cap == 0 {
                continue;
            }
            let reduced = self.pot_mentor[j] - self.pot_sink;
            if self.out[j] < cap && reduced < -eps {
                self.sink_excess += (cap - self.out[j]) as i64;
                self.out[j] = cap;
            } else if self.out[j] > 0 && -reduced < -eps {
                self.sink_excess -= self.out[j] as i64;
                self.out[j] = 0;
                while self.load[j] > 0 {
                    let h = self.slots[self.slot_start[j]];
                    self.release(h);
                }
            }
        }
        // Mentees: keep a unit where its arc is within 2 eps of the best alternative.
        for i in 0..self.graph.mentee_count() {
            self.check(i, eps);
        }
        loop {
            while let Some(mentee) = self.queue.pop_front() {
                let i = mentee as usize;
                let degree = self.graph.offsets[i + 1] - self.graph.offsets[i];
                self.budget = self.budget.checked_sub(degree as u64 + 1)?;
                self.bid(mentee, eps);
            }
            if self.sink_excess <= 0 {
                break;
            }
            self.sink_pushes_back(eps)?;
        }
        debug_assert_eq!(self.sink_excess, 0);
        Some(())
    }

    /// Keeps mentee `i`'s unit where it is if some price makes its arcs `eps`-optimal, and
    /// sets that price; otherwise takes the unit back all the way from the sink.
    fn check(&mut self, i: usize, eps: i64) {
        let current = self.mentor_of[i];
        if current == NONE {
            return;
        }
        let assigned = if current == UNMATCHED {
            self.pot_sink
        } else {
            self.pot_mentor[current as usize] - self.costs[self.arc_of[i]]
        };
        let mut other = if current == UNMATCHED {
            i64::MIN
        } else {
            self.pot_sink
        };
        for e in self.graph.offsets[i]..self.graph.offsets[i + 1] {
            if current != UNMATCHED && e == self.arc_of[i] {
                continue;
            }
            if let Some(v) = self.value(e) {
                other = other.max(v);
            }
        }
        if other == i64::MIN {
            self.pot_mentee[i] = assigned - eps;
            return;
        }
        if other - eps <= assigned + eps {
            self.pot_mentee[i] = other - eps;
            return;
        }
        self.release(i as u32);
    }

    /// Takes mentee `i`'s unit back from its mentor or the sink; `i` becomes active.
    fn release(&mut self, mentee: u32) {
        let i = mentee as usize;
        let current = self.mentor_of[i];
        if current == UNMATCHED {
            self.sink_excess -= 1;
        } else if current != NONE {
            let j = current as usize;
            let first = self.slot_start[j];
            let last = first + self.load[j] as usize - 1;
            if let Some(position) = (first..=last).find(|&s| self.slots[s] == mentee) {
                self.slots.swap(position, last);
                self.slots[last] = NONE;
                self.load[j] -= 1;
            }
        }
        self.mentor_of[i] = NONE;
        self.queue.push_back(mentee);
    }

    /// An active mentee pushes its unit along its best arc and prices itself at its second
    /// best less `eps`; a mentor that now holds a unit too many passes one on at once.
    fn bid(&mut self, mentee: u32, eps: i64) {
        let i = mentee as usize;
        // Value of an arc to w: p(w) - cost; the sink's "stay unmatched" arc costs 0.
        let mut first = self.pot_sink;
        let mut first_arc = usize::MAX;
        let mut second = i64::MIN;
        for e in self.graph.offsets[i]..self.graph.offsets[i + 1] {
            let Some(value) = self.value(e) else { continue };
            if value > first {
                second = first;
                first = value;
                first_arc = e;
            } else if value > second {
                second = value;
            }
        }
        self.pot_mentee[i] = if second == i64::MIN { first } else { second } - eps;
        if first_arc == usize::MAX {
            self.mentor_of[i] = UNMATCHED;
            self.sink_excess += 1;
            return;
        }
        let j = self.graph.mentors[first_arc] as usize;
        self.mentor_of[i] = j as u32;
        self.arc_of[i] = first_arc;
        self.slots[self.slot_start[j] + self.load[j] as usize] = mentee;
        self.load[j] += 1;
        if self.load[j] > self.out[j] {
            self.pass_on(j, eps);
        }
    }

    /// Mentor `j` holds one unit more than it sends to the sink: send one to the sink (if it
    /// has room) or back to a holder, whichever is best, and price the mentor at the next best
    /// option less `eps`.
    fn pass_on(&mut self, j: usize, eps: i64) {
        let has_room = self.out[j] < self.capacity[j];
        let mut best = if has_room { self.pot_sink } else { i64::MIN };
        let mut best_slot = usize::MAX; // usize::MAX: the sink
        let mut next = i64::MIN;
        let start = self.slot_start[j];
        for slot in start..start + self.load[j] as usize {
            let h = self.slots[slot] as usize;
            let value = self.pot_mentee[h] + self.costs[self.arc_of[h]];
            if value > best {
                next = best;
                best = value;
                best_slot = slot;
            } else if value > next {
                next = value;
            }
        }
        if best_slot == usize::MAX {
            self.out[j] += 1;
            self.sink_excess += 1;
            if self.out[j] < self.capacity[j] {
                // The sink arc still has room: it stays an option at the same value.
                next = best;
            }
        } else {
            let evicted = self.slots[best_slot];
            self.release(evicted);
        }
        if next > i64::MIN {
            // Every option was within eps above the price, so this never raises it.
            debug_assert!(self.pot_mentor[j] >= next - eps);
            self.pot_mentor[j] = self.pot_mentor[j].min(next - eps);
        }
    }

    /// The sink holds more units than the mentees supply: push the excess back along its best
    /// residual arcs (to mentors sending it flow, or to mentees staying unmatched) and price it
    /// at the next best less `eps`.
    fn sink_pushes_back(&mut self, eps: i64) -> Option<()> {
        // (value, mentor index or !mentee index, units).
        let mut arcs: Vec<(i64, usize, u32)> = Vec::new();
        for j in 0..self.graph.mentor_count {
            if self.out[j] > 0 {
                arcs.push((self.pot_mentor[j], j, self.out[j]));
            }
        }
        for (i, &current) in self.mentor_of.iter().enumerate() {
            if current == UNMATCHED {
                arcs.push((self.pot_mentee[i], !i, 1));
            }
        }
        // Charged like a bid per arc, so a long back-and-forth gives up early.
        self.budget = self.budget.checked_sub(arcs.len() as u64)?;
        arcs.sort_unstable_by_key(|arc| std::cmp::Reverse(arc.0));
        let mut left = u32::try_from(self.sink_excess).ok()?;
        let mut next = None;
        let mut lowest_used = i64::MAX;
        let mut touched = Vec::new();
        for &(value, node, units) in &arcs {
            if left == 0 {
                next = Some(value);
                break;
            }
            let moved = units.min(left);
            left -= moved;
            lowest_used = value;
            touched.push((node, moved));
            if moved < units {
                next = Some(value);
                break;
            }
        }
        if left > 0 {
            return None;
        }
        // Every residual arc out of the sink was within eps above its price: this never
        // raises it.
        debug_assert!(next.is_none_or(|value| self.pot_sink >= value - eps));
        self.pot_sink = match next {
            Some(value) => self.pot_sink.min(value - eps),
            None => self.pot_sink.min(lowest_used - eps),
        };
        for (node, moved) in touched {
            self.sink_excess -= moved as i64;
            if node < self.graph.mentor_count {
                let j = node;
                self.out[j] -= moved;
                while self.load[j] > self.out[j] {
                    self.pass_on(j, eps);
                }
            } else {
                let i = !node;
                self.mentor_of[i] = NONE;
                self.queue.push_back(i as u32);
            }
        }
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::{
        CandidateGraph, Hundredths, Objective, assignment_of, places_about_mentees, solve_optimal,
        solve_with,
    };
    use super::{NONE, solve};

    /// A small deterministic generator (splitmix64) so failures reproduce.
    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
            let mut z = self.0;
            z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
            z ^ (z >> 31)
        }
        fn below(&mut self, bound: u64) -> u64 {
            self.next() % bound.max(1)
        }
    }

    /// Random candidate graph: sometimes negative scores, coarse grids (many ties), repeated
    /// pairs, mentees without candidates and mentors without places.
    fn random_instance(rng: &mut Rng, round: usize) -> (CandidateGraph, Vec<u32>) {
        let n = 1 + rng.below(if round.is_multiple_of(5) { 300 } else { 40 }) as usize;
        let m = 1 + rng.below(if round.is_multiple_of(5) { 80 } else { 15 }) as usize;
        let capacities: Vec<u32> = (0..m).map(|_| rng.below(5) as u32).collect();
        let grid = [1, 25, 500][round % 3] as i64;
        let negative = round % 4 == 1;
        let mut graph = CandidateGraph::new(m);
        for _ in 0..n {
            let degree = rng.below(m as u64 + 3) as usize;
            let row: Vec<(u32, f64)> = (0..degree)
                .map(|_| {
                    let j = rng.below(m as u64) as u32;
                    let mut units = (rng.below(10_001) as i64 / grid) * grid;
                    if negative {
                        units -= 3_000;
                    }
                    (j, units as f64 / 100.0)
                })
                .collect();
            graph.add_mentee(row);
        }
        (graph, capacities)
    }

    #[test]
    fn cost_scaling_equals_shortest_paths() {
        let mut rng = Rng(7);
        for round in 0..400 {
            let (graph, capacities) = random_instance(&mut rng, round);
            let h = Hundredths::of(&graph).expect("whole hundredths");
            let units: Vec<i64> = graph.scores.iter().map(|&s| -h.units(s)).collect();
            let mentor_of = solve(&graph, &capacities, &units).expect("within limits");
            // Feasible: a listed pair, within capacity.
            let mut load = vec![0u32; capacities.len()];
            for (i, &j) in mentor_of.iter().enumerate() {
                if j != NONE {
                    assert!(
                        graph.candidates(i).0.contains(&j),
                        "round {round}: not listed"
                    );
                    load[j as usize] += 1;
                }
            }
            for (j, (&l, &c)) in load.iter().zip(&capacities).enumerate() {
                assert!(l <= c, "round {round}: mentor {j} over capacity");
            }
            let scaled = assignment_of(&graph, mentor_of);
            let reference = solve_with(&graph, &capacities, |s| -h.units(s));
            assert_eq!(
                (scaled.total * 100.0).round() as i64,
                (reference.total * 100.0).round() as i64,
                "round {round}: {} vs {}",
                scaled.total,
                reference.total
            );
        }
    }

    #[test]
    fn places_equal_to_mentees_at_scale() {
        // The shape that made the shortest-path solver slow: every place is needed.
        let mut rng = Rng(11);
        let (n, m, per_row) = (3_000usize, 1_000usize, 30usize);
        let capacities = vec![3u32; m];
        let mut graph = CandidateGraph::new(m);
        for _ in 0..n {
            let row: Vec<(u32, f64)> = (0..per_row)
                .map(|_| (rng.below(m as u64) as u32, rng.below(10_001) as f64 / 100.0))
                .collect();
            graph.add_mentee(row);
        }
        let h = Hundredths::of(&graph).unwrap();
        let units: Vec<i64> = graph.scores.iter().map(|&s| -h.units(s)).collect();
        let scaled = assignment_of(&graph, solve(&graph, &capacities, &units).unwrap());
        let reference = solve_with(&graph, &capacities, |s| -h.units(s));
        assert_eq!(
            (scaled.total * 100.0).round() as i64,
            (reference.total * 100.0).round() as i64
        );
        assert_eq!(scaled.matched, reference.matched);
        // The public entry point takes this path here and gives the same optimum.
        assert!(places_about_mentees(&graph, &capacities));
        let public = solve_optimal(&graph, &capacities, Objective::MaxTotal).unwrap();
        assert_eq!(
            (public.total * 100.0).round() as i64,
            (reference.total * 100.0).round() as i64
        );
    }
}
