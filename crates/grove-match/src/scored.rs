//! The scored form: the caller already knows a score for each allowed (mentee, mentor) pair and
//! wants either the best total (optimal) or a stable matching. Ids in, ids out.

use std::collections::{BTreeSet, HashMap};

use serde::{Deserialize, Serialize};

use crate::error::InputError;
use crate::optimal::{CandidateGraph, Objective, solve_optimal};
use crate::stable::solve_stable;

/// How pairs are chosen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Mode {
    /// The largest total score (see [`Objective`] for the variants).
    #[default]
    Optimal,
    /// Mentee-optimal stable matching: no mentee and mentor would both rather be together.
    Stable,
}

/// A mentor and how many mentees they take.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoredMentor {
    /// The mentor's id, unique among mentors.
    pub id: String,
    /// Most mentees this mentor takes (0 means none this round).
    pub capacity: u32,
}

/// A mentee, by id.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoredMentee {
    /// The mentee's id, unique among mentees.
    pub id: String,
}

/// One allowed pair and its score. Pairs not listed are not allowed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairScoreEntry {
    /// Mentee id.
    pub mentee: String,
    /// Mentor id.
    pub mentor: String,
    /// Higher is better; any finite number.
    pub score: f64,
}

/// A matching problem given as scores (JSON: `{"mode", "mentors", "mentees", "scores"}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoredProblem {
    /// Optimal or stable.
    #[serde(default)]
    pub mode: Mode,
    /// For the optimal mode: what to maximize (default: the total score).
    #[serde(default)]
    pub objective: Objective,
    /// Mentors with capacities.
    pub mentors: Vec<ScoredMentor>,
    /// Mentees.
    pub mentees: Vec<ScoredMentee>,
    /// Allowed pairs with their scores.
    pub scores: Vec<PairScoreEntry>,
}

/// A chosen pair.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoredPair {
    /// Mentee id.
    pub mentee: String,
    /// Mentor id.
    pub mentor: String,
    /// The pair's score.
    pub score: f64,
}

/// The matching for a [`ScoredProblem`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoredSolution {
    /// The mode that produced it.
    pub mode: Mode,
    /// Chosen pairs, in the mentees' input order.
    pub pairs: Vec<ScoredPair>,
    /// Sum of the pair scores.
    pub total: f64,
    /// Number of matched mentees.
    pub matched: usize,
    /// Ids of mentees left without a mentor, in input order.
    pub unmatched: Vec<String>,
    /// Mentors with places left, and how many.
    pub open_places: Vec<OpenPlaces>,
}

/// A mentor with unused capacity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OpenPlaces {
    /// Mentor id.
    pub mentor: String,
    /// Places not used.
    pub places: u32,
}

/// A validated scored problem in index form.
pub(crate) struct IndexedProblem {
    pub graph: CandidateGraph,
    pub capacities: Vec<u32>,
    pub mentee_rank: Vec<u32>,
    pub mentor_rank: Vec<u32>,
}

/// Checks ids and scores and builds the candidate graph (rows in mentee input order).
pub(crate) fn index_problem(problem: &ScoredProblem) -> Result<IndexedProblem, InputError> {
    let mut mentor_index: HashMap<&str, u32> = HashMap::with_capacity(problem.mentors.len());
    for (k, mentor) in problem.mentors.iter().enumerate() {
        if mentor.id.is_empty() {
            return Err(InputError::new(
                format!("mentors[{k}].id"),
                "must not be empty",
            ));
        }
        if mentor_index.insert(mentor.id.as_str(), k as u32).is_some() {
            return Err(InputError::new(
                format!("mentors[{k}].id"),
                format!("duplicate mentor id {:?}", mentor.id),
            ));
        }
    }
    let mut mentee_index: HashMap<&str, u32> = HashMap::with_capacity(problem.mentees.len());
    for (k, mentee) in problem.mentees.iter().enumerate() {
        if mentee.id.is_empty() {
            return Err(InputError::new(
                format!("mentees[{k}].id"),
                "must not be empty",
            ));
        }
        if mentee_index.insert(mentee.id.as_str(), k as u32).is_some() {
            return Err(InputError::new(
                format!("mentees[{k}].id"),
                format!("duplicate mentee id {:?}", mentee.id),
            ));
        }
    }
    let mut rows: Vec<Vec<(u32, f64)>> = vec![Vec::new(); problem.mentees.len()];
    for (k, entry) in problem.scores.iter().enumerate() {
        let Some(&i) = mentee_index.get(entry.mentee.as_str()) else {
            return Err(InputError::new(
                format!("scores[{k}].mentee"),
                format!("unknown mentee id {:?}", entry.mentee),
            ));
        };
        let Some(&j) = mentor_index.get(entry.mentor.as_str()) else {
            return Err(InputError::new(
                format!("scores[{k}].mentor"),
                format!("unknown mentor id {:?}", entry.mentor),
            ));
        };
        if !entry.score.is_finite() {
            return Err(InputError::new(
                format!("scores[{k}].score"),
                "must be a finite number",
            ));
        }
        rows[i as usize].push((j, entry.score));
    }
    let mut graph = CandidateGraph::new(problem.mentors.len());
    for (i, mut row) in rows.into_iter().enumerate() {
        row.sort_by_key(|&(j, _)| j);
        if let Some(pair) = row.windows(2).find(|w| w[0].0 == w[1].0) {
            let mentor = &problem.mentors[pair[0].0 as usize].id;
            return Err(InputError::new(
                "scores",
                format!(
                    "pair ({:?}, {:?}) is listed more than once",
                    problem.mentees[i].id, mentor
                ),
            ));
        }
        graph.add_mentee(row);
    }
    Ok(IndexedProblem {
        graph,
        capacities: problem.mentors.iter().map(|m| m.capacity).collect(),
        mentee_rank: rank_of_ids(problem.mentees.iter().map(|m| m.id.as_str())),
        mentor_rank: rank_of_ids(problem.mentors.iter().map(|m| m.id.as_str())),
    })
}

/// Position of each id in sorted id order: the tie-break "by id".
pub(crate) fn rank_of_ids<'a>(ids: impl Iterator<Item = &'a str> + Clone) -> Vec<u32> {
    let sorted: BTreeSet<&str> = ids.clone().collect();
    let position: HashMap<&str, u32> = sorted
        .into_iter()
        .enumerate()
        .map(|(k, id)| (id, k as u32))
        .collect();
    ids.map(|id| position.get(id).copied().unwrap_or(0))
        .collect()
}

/// Solves a scored problem: optimal (exact, for the chosen objective) or stable (mentee-optimal).
pub fn solve_scored(problem: &ScoredProblem) -> Result<ScoredSolution, InputError> {
    let indexed = index_problem(problem)?;
    let mentor_of = match problem.mode {
        Mode::Optimal => {
            solve_optimal(&indexed.graph, &indexed.capacities, problem.objective)?.mentor_of
        }
        Mode::Stable => {
            solve_stable(
                &indexed.graph,
                &indexed.capacities,
                &indexed.mentee_rank,
                &indexed.mentor_rank,
            )
            .mentor_of
        }
    };
    let mut pairs = Vec::new();
    let mut unmatched = Vec::new();
    let mut load = vec![0u32; problem.mentors.len()];
    let mut total = 0.0;
    for (i, assigned) in mentor_of.iter().enumerate() {
        match *assigned {
            Some(j) => {
                let (mentors, scores) = indexed.graph.candidates(i);
                let score = mentors
                    .iter()
                    .position(|&m| m == j)
                    .map(|p| scores[p])
                    .unwrap_or(0.0);
                load[j as usize] += 1;
                total += score;
                pairs.push(ScoredPair {
                    mentee: problem.mentees[i].id.clone(),
                    mentor: problem.mentors[j as usize].id.clone(),
                    score,
                });
            }
            None => unmatched.push(problem.mentees[i].id.clone()),
        }
    }
    let open_places = problem
        .mentors
        .iter()
        .zip(&load)
        .filter(|(m, l)| m.capacity > **l)
        .map(|(m, l)| OpenPlaces {
            mentor: m.id.clone(),
            places: m.capacity - l,
        })
        .collect();
    Ok(ScoredSolution {
        mode: problem.mode,
        matched: pairs.len(),
        pairs,
        total,
        unmatched,
        open_places,
    })
}
