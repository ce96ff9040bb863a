//! Property tests: the solvers against brute force on small random instances.

use grove_match::{
    CandidateGraph, Objective, blocking_pairs, solve_dense, solve_optimal, solve_stable,
};
use proptest::prelude::*;

/// A small instance: capacities and, per mentee, (mentor, score) for the allowed pairs.
#[derive(Debug, Clone)]
struct Instance {
    capacities: Vec<u32>,
    rows: Vec<Vec<(u32, f64)>>,
}

fn instance(
    max_mentees: usize,
    max_mentors: usize,
    max_capacity: u32,
) -> impl Strategy<Value = Instance> {
    (1..=max_mentees, 1..=max_mentors).prop_flat_map(move |(n, m)| {
        let capacities = proptest::collection::vec(0..=max_capacity, m);
        // None: pair not allowed. Scores on a coarse grid so ties happen often.
        let cells = proptest::collection::vec(proptest::option::weighted(0.7, 0u32..40), n * m);
        (capacities, cells).prop_map(move |(capacities, cells)| {
            let rows = (0..n)
                .map(|i| {
                    (0..m)
                        .filter_map(|j| cells[i * m + j].map(|s| (j as u32, s as f64 * 2.5)))
                        .collect()
                })
                .collect();
            Instance { capacities, rows }
        })
    })
}

/// The same instance with scores that are not whole hundredths (forces the float solver path).
fn off_grid(mut instance: Instance) -> Instance {
    for row in &mut instance.rows {
        for cell in row.iter_mut() {
            cell.1 /= 3.0;
        }
    }
    instance
}

fn graph_of(instance: &Instance) -> CandidateGraph {
    let mut graph = CandidateGraph::new(instance.capacities.len());
    for row in &instance.rows {
        graph.add_mentee(row.iter().copied());
    }
    graph
}

/// Every feasible matching as (matched count, lowest score, total), by exhaustive search.
fn all_matchings(instance: &Instance) -> Vec<(usize, f64, f64)> {
    fn walk(
        inst: &Instance,
        i: usize,
        load: &mut Vec<u32>,
        picked: &mut Vec<f64>,
        out: &mut Vec<(usize, f64, f64)>,
    ) {
        if i == inst.rows.len() {
            let min = picked.iter().copied().fold(f64::INFINITY, f64::min);
            out.push((picked.len(), min, picked.iter().sum()));
            return;
        }
        walk(inst, i + 1, load, picked, out);
        for &(j, s) in &inst.rows[i] {
            if load[j as usize] < inst.capacities[j as usize] {
                load[j as usize] += 1;
                picked.push(s);
                walk(inst, i + 1, load, picked, out);
                picked.pop();
                load[j as usize] -= 1;
            }
        }
    }
    let mut out = Vec::new();
    walk(
        instance,
        0,
        &mut vec![0; instance.capacities.len()],
        &mut Vec::new(),
        &mut out,
    );
    out
}

fn check_feasible(instance: &Instance, mentor_of: &[Option<u32>]) -> Result<f64, TestCaseError> {
    let mut load = vec![0u32; instance.capacities.len()];
    let mut total = 0.0;
    for (i, assigned) in mentor_of.iter().enumerate() {
        if let Some(j) = assigned {
            let score = instance.rows[i]
                .iter()
                .find(|(m, _)| m == j)
                .map(|&(_, s)| s);
            prop_assert!(
                score.is_some(),
                "mentee {i} got mentor {j}, a pair not allowed"
            );
            total += score.unwrap_or(0.0);
            load[*j as usize] += 1;
        }
    }
    for (j, (&l, &c)) in load.iter().zip(&instance.capacities).enumerate() {
        prop_assert!(l <= c, "mentor {j} has {l} mentees, capacity {c}");
    }
    Ok(total)
}

fn ranks(count: usize) -> Vec<u32> {
    (0..count as u32).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn optimal_total_equals_brute_force(inst in instance(6, 4, 3)) {
        let graph = graph_of(&inst);
        let result = solve_optimal(&graph, &inst.capacities, Objective::MaxTotal).unwrap();
        let total = check_feasible(&inst, &result.mentor_of)?;
        prop_assert!((total - result.total).abs() < 1e-9);
        let best = all_matchings(&inst).iter().map(|m| m.2).fold(f64::NEG_INFINITY, f64::max);
        prop_assert!((result.total - best).abs() < 1e-9, "solver {} brute force {}", result.total, best);
    }

    #[test]
    fn float_scores_equal_brute_force(inst in instance(6, 4, 3).prop_map(off_grid)) {
        let graph = graph_of(&inst);
        for objective in [Objective::MaxTotal, Objective::MaximizeMatchedFirst, Objective::FairnessFirst] {
            let result = solve_optimal(&graph, &inst.capacities, objective).unwrap();
            check_feasible(&inst, &result.mentor_of)?;
            let all = all_matchings(&inst);
            let best = match objective {
                Objective::MaxTotal => all.iter().map(|m| m.2).fold(f64::NEG_INFINITY, f64::max),
                _ => {
                    let most = all.iter().map(|m| m.0).max().unwrap_or(0);
                    prop_assert_eq!(result.matched, most);
                    if objective == Objective::MaximizeMatchedFirst {
                        all.iter().filter(|m| m.0 == most).map(|m| m.2).fold(f64::NEG_INFINITY, f64::max)
                    } else {
                        let low = all.iter().filter(|m| m.0 == most).map(|m| m.1).fold(f64::NEG_INFINITY, f64::max);
                        all.iter().filter(|m| m.0 == most && m.1 == low).map(|m| m.2).fold(f64::NEG_INFINITY, f64::max)
                    }
                }
            };
            prop_assert!((result.total - best).abs() < 1e-9, "{:?}: {} vs {}", objective, result.total, best);
        }
    }

    #[test]
    fn one_to_one_equals_brute_force(inst in instance(6, 6, 1)) {
        let graph = graph_of(&inst);
        let result = solve_optimal(&graph, &inst.capacities, Objective::MaxTotal).unwrap();
        check_feasible(&inst, &result.mentor_of)?;
        let best = all_matchings(&inst).iter().map(|m| m.2).fold(f64::NEG_INFINITY, f64::max);
        prop_assert!((result.total - best).abs() < 1e-9);
    }

    #[test]
    fn matched_first_is_lexicographic(inst in instance(6, 4, 2)) {
        let graph = graph_of(&inst);
        let result = solve_optimal(&graph, &inst.capacities, Objective::MaximizeMatchedFirst).unwrap();
        check_feasible(&inst, &result.mentor_of)?;
        let all = all_matchings(&inst);
        let most = all.iter().map(|m| m.0).max().unwrap_or(0);
        let best = all.iter().filter(|m| m.0 == most).map(|m| m.2).fold(f64::NEG_INFINITY, f64::max);
        prop_assert_eq!(result.matched, most);
        prop_assert!((result.total - best).abs() < 1e-9);
    }

    #[test]
    fn fairness_first_maximizes_lowest_then_total(inst in instance(6, 4, 2)) {
        let graph = graph_of(&inst);
        let result = solve_optimal(&graph, &inst.capacities, Objective::FairnessFirst).unwrap();
        check_feasible(&inst, &result.mentor_of)?;
        let all = all_matchings(&inst);
        let most = all.iter().map(|m| m.0).max().unwrap_or(0);
        let lowest = all.iter().filter(|m| m.0 == most).map(|m| m.1).fold(f64::NEG_INFINITY, f64::max);
        let best = all.iter().filter(|m| m.0 == most && m.1 == lowest).map(|m| m.2).fold(f64::NEG_INFINITY, f64::max);
        prop_assert_eq!(result.matched, most);
        let got_lowest = inst.rows.iter().zip(&result.mentor_of)
            .filter_map(|(row, a)| a.and_then(|j| row.iter().find(|(m, _)| *m == j).map(|&(_, s)| s)))
            .fold(f64::INFINITY, f64::min);
        prop_assert_eq!(got_lowest, lowest);
        prop_assert!((result.total - best).abs() < 1e-9);
    }

    #[test]
    fn dense_pricing_equals_sparse(inst in instance(7, 6, 3)) {
        let m = inst.capacities.len();
        let mut matrix = vec![f64::NAN; inst.rows.len() * m];
        for (i, row) in inst.rows.iter().enumerate() {
            for &(j, s) in row {
                matrix[i * m + j as usize] = s;
            }
        }
        let graph = graph_of(&inst);
        for objective in [Objective::MaxTotal, Objective::MaximizeMatchedFirst, Objective::FairnessFirst] {
            let dense = solve_dense(&matrix, inst.rows.len(), &inst.capacities, objective).unwrap();
            let sparse = solve_optimal(&graph, &inst.capacities, objective).unwrap();
            check_feasible(&inst, &dense.mentor_of)?;
            prop_assert!((dense.total - sparse.total).abs() < 1e-9);
            if objective != Objective::MaxTotal {
                // Under max_total, zero-score pairs make the matched count a free choice.
                prop_assert_eq!(dense.matched, sparse.matched);
            }
        }
    }

    #[test]
    fn stable_has_no_blocking_pair(inst in instance(8, 5, 3)) {
        let graph = graph_of(&inst);
        let (mentee_rank, mentor_rank) = (ranks(inst.rows.len()), ranks(inst.capacities.len()));
        let result = solve_stable(&graph, &inst.capacities, &mentee_rank, &mentor_rank);
        check_feasible(&inst, &result.mentor_of)?;
        let blocking = blocking_pairs(&graph, &inst.capacities, &mentee_rank, &mentor_rank, &result.mentor_of);
        prop_assert!(blocking.is_empty(), "blocking pairs {:?}", blocking);
    }

    #[test]
    fn solvers_are_deterministic(inst in instance(8, 5, 3)) {
        let graph = graph_of(&inst);
        let a = solve_optimal(&graph, &inst.capacities, Objective::MaxTotal).unwrap();
        let b = solve_optimal(&graph, &inst.capacities, Objective::MaxTotal).unwrap();
        prop_assert_eq!(a, b);
        let r = ranks(inst.rows.len());
        let c = ranks(inst.capacities.len());
        prop_assert_eq!(solve_stable(&graph, &inst.capacities, &r, &c), solve_stable(&graph, &inst.capacities, &r, &c));
    }
}

/// Mentee-optimal: every mentee gets the best mentor it has in any stable matching. Checked by
/// enumerating all stable matchings of small instances.
#[test]
fn stable_is_mentee_optimal() {
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    };
    for _ in 0..300 {
        let n = 1 + (next() % 5) as usize;
        let m = 1 + (next() % 3) as usize;
        let capacities: Vec<u32> = (0..m).map(|_| (next() % 3) as u32).collect();
        let rows: Vec<Vec<(u32, f64)>> = (0..n)
            .map(|_| {
                let mut row = Vec::new();
                for j in 0..m as u32 {
                    let draw = next();
                    if draw % 4 != 0 {
                        row.push((j, ((draw >> 8) % 6) as f64));
                    }
                }
                row
            })
            .collect();
        let inst = Instance { capacities, rows };
        let graph = graph_of(&inst);
        let (er, mr) = (ranks(n), ranks(m));
        let da = solve_stable(&graph, &inst.capacities, &er, &mr);
        // Enumerate all matchings, keep the stable ones.
        let mut stable_sets = Vec::new();
        let mut choice = vec![None; n];
        enumerate(&inst, 0, &mut choice, &mut |c| {
            if blocking_pairs(&graph, &inst.capacities, &er, &mr, c).is_empty() {
                stable_sets.push(c.to_vec());
            }
        });
        assert!(stable_sets.contains(&da.mentor_of));
        let rank_of = |i: usize, a: Option<u32>| -> (f64, i64) {
            match a {
                None => (f64::NEG_INFINITY, 0),
                Some(j) => (
                    inst.rows[i]
                        .iter()
                        .find(|(m, _)| *m == j)
                        .map(|&(_, s)| s)
                        .unwrap_or(0.0),
                    -(j as i64),
                ),
            }
        };
        for other in &stable_sets {
            for (i, theirs) in other.iter().enumerate() {
                assert!(rank_of(i, da.mentor_of[i]) >= rank_of(i, *theirs));
            }
        }
    }
}

fn enumerate(
    inst: &Instance,
    i: usize,
    choice: &mut Vec<Option<u32>>,
    visit: &mut dyn FnMut(&[Option<u32>]),
) {
    if i == inst.rows.len() {
        let mut load = vec![0u32; inst.capacities.len()];
        for j in choice.iter().flatten() {
            load[*j as usize] += 1;
        }
        if load.iter().zip(&inst.capacities).all(|(l, c)| l <= c) {
            visit(choice);
        }
        return;
    }
    choice[i] = None;
    enumerate(inst, i + 1, choice, visit);
    for &(j, _) in &inst.rows[i].clone() {
        choice[i] = Some(j);
        enumerate(inst, i + 1, choice, visit);
    }
    choice[i] = None;
}

/// Dense instances wide enough that the short candidate list misses pairs the optimum needs:
/// the dual-price check must add them back (compared with solving every pair directly).
#[test]
fn dense_pricing_recovers_the_full_optimum() {
    let mut state = 7u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let mut priced_any = false;
    for round in 0..60 {
        let n = 20 + (next() % 60) as usize;
        let m = 30 + (next() % 50) as usize;
        let capacities: Vec<u32> = (0..m).map(|_| (next() % 3) as u32).collect();
        // Correlated scores (popular mentors) make the short lists collide.
        let popularity: Vec<f64> = (0..m).map(|_| (next() % 50) as f64).collect();
        let matrix: Vec<f64> = (0..n * m)
            .map(|k| {
                if next() % 10 == 0 {
                    f64::NAN
                } else {
                    popularity[k % m] + (next() % 50) as f64 * 0.5
                }
            })
            .collect();
        let mut graph = CandidateGraph::new(m);
        for row in matrix.chunks(m) {
            graph.add_mentee(
                row.iter()
                    .enumerate()
                    .filter(|(_, s)| !s.is_nan())
                    .map(|(j, &s)| (j as u32, s)),
            );
        }
        for objective in [Objective::MaxTotal, Objective::MaximizeMatchedFirst] {
            let dense = solve_dense(&matrix, n, &capacities, objective).unwrap();
            let full = solve_optimal(&graph, &capacities, objective).unwrap();
            assert!(
                (dense.total - full.total).abs() < 1e-6,
                "round {round}: {} vs {}",
                dense.total,
                full.total
            );
            assert_eq!(dense.matched, full.matched);
            priced_any |= dense.pairs_added_by_pricing > 0;
        }
    }
    assert!(priced_any, "the instances should exercise the pricing step");
}

/// Long candidate lists solved directly must agree with the dense solver (short lists, then the
/// dual-price check) on the same pairs, for whole-hundredth scores (integer units) and others.
#[test]
fn long_candidate_lists_match_the_dense_solver() {
    let mut state = 11u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for round in 0..80 {
        let n = 30 + (next() % 60) as usize;
        let m = 16 + (next() % 20) as usize;
        let capacities: Vec<u32> = (0..m).map(|_| (next() % 4) as u32).collect();
        let popularity: Vec<f64> = (0..m).map(|_| (next() % 40) as f64).collect();
        let off_grid = round % 2 == 1;
        let matrix: Vec<f64> = (0..n * m)
            .map(|k| {
                if next() % 8 == 0 {
                    return f64::NAN;
                }
                let score = popularity[k % m] + (next() % 60) as f64 * 0.5 - 5.0;
                if off_grid { score / 3.0 } else { score }
            })
            .collect();
        let mut graph = CandidateGraph::new(m);
        for row in matrix.chunks(m) {
            graph.add_mentee(
                row.iter()
                    .enumerate()
                    .filter(|(_, s)| !s.is_nan())
                    .map(|(j, &s)| (j as u32, s)),
            );
        }
        for objective in [Objective::MaxTotal, Objective::MaximizeMatchedFirst] {
            let sparse = solve_optimal(&graph, &capacities, objective).unwrap();
            let dense = solve_dense(&matrix, n, &capacities, objective).unwrap();
            let mut load = vec![0u32; m];
            for (i, a) in sparse.mentor_of.iter().enumerate() {
                if let Some(j) = a {
                    assert!(!matrix[i * m + *j as usize].is_nan());
                    load[*j as usize] += 1;
                }
            }
            assert!(load.iter().zip(&capacities).all(|(l, c)| l <= c));
            assert!(
                (sparse.total - dense.total).abs() < 1e-6,
                "round {round} {objective:?}: {} vs {}",
                sparse.total,
                dense.total
            );
            if objective == Objective::MaximizeMatchedFirst {
                assert_eq!(sparse.matched, dense.matched);
            }
        }
    }
}
