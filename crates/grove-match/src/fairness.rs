//! Fairness report for a program result: how scores and unmatched people spread overall and
//! across groups of an attribute the caller chooses (department, location, gender...). Groups
//! smaller than the privacy minimum are folded together so no small group can be singled out.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::program::MatchResult;

/// Summary of a set of pair scores.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ScoreSummary {
    /// Number of scores.
    pub count: usize,
    /// Mean (0 when empty).
    pub mean: f64,
    /// Lowest.
    pub min: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub median: f64,
    /// Highest.
    pub max: f64,
}

/// One group's share of the outcome.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupFairness {
    /// The attribute value ("Sales"), or "(other small groups)" / "(unknown)".
    pub group: String,
    /// Mentees in the group.
    pub mentees: usize,
    /// Of them unmatched.
    pub unmatched: usize,
    /// Share unmatched, 0 to 1.
    pub unmatched_rate: f64,
    /// Scores of the group's matched mentees.
    pub scores: ScoreSummary,
}

/// A low-scoring pair worth a program lead's look.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct LowPair {
    /// Mentee id.
    pub mentee: String,
    /// Mentor id.
    pub mentor: String,
    /// Score.
    pub score: f64,
}

/// Score distribution overall and per group, lowest pairs, unmatched per group.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FairnessReport {
    /// All matched pairs.
    pub overall: ScoreSummary,
    /// Mentees in total and unmatched.
    pub mentees: usize,
    /// Unmatched mentees.
    pub unmatched: usize,
    /// Per attribute value, largest group first.
    pub groups: Vec<GroupFairness>,
    /// The ten lowest-scoring pairs.
    pub lowest_pairs: Vec<LowPair>,
    /// Gap between the best and worst group mean score.
    pub mean_score_gap: f64,
}

/// Builds the fairness report. `attribute_of` maps a mentee id to its group; groups with fewer
/// than `min_group_size` mentees are merged into "(other small groups)".
pub fn fairness_report(
    result: &MatchResult,
    attribute_of: &dyn Fn(&str) -> Option<String>,
    min_group_size: usize,
) -> FairnessReport {
    let mut by_group: BTreeMap<String, (Vec<f64>, usize)> = BTreeMap::new();
    let group_of = |id: &str| attribute_of(id).unwrap_or_else(|| "(unknown)".to_string());
    for pair in &result.pairs {
        by_group
            .entry(group_of(&pair.mentee))
            .or_default()
            .0
            .push(pair.score);
    }
    for person in result.unmatched.iter().filter(|u| u.side == "mentee") {
        by_group.entry(group_of(&person.id)).or_default().1 += 1;
    }
    let mut merged: BTreeMap<String, (Vec<f64>, usize)> = BTreeMap::new();
    for (group, (scores, unmatched)) in by_group {
        let name = if scores.len() + unmatched < min_group_size {
            "(other small groups)".to_string()
        } else {
            group
        };
        let entry = merged.entry(name).or_default();
        entry.0.extend(scores);
        entry.1 += unmatched;
    }
    let mut groups: Vec<GroupFairness> = merged
        .into_iter()
        .map(|(group, (scores, unmatched))| {
            let mentees = scores.len() + unmatched;
            GroupFairness {
                group,
                mentees,
                unmatched,
                unmatched_rate: if mentees > 0 {
                    unmatched as f64 / mentees as f64
                } else {
                    0.0
                },
                scores: summarize(scores),
            }
        })
        .collect();
    groups.sort_by(|a, b| b.mentees.cmp(&a.mentees).then(a.group.cmp(&b.group)));
    let means: Vec<f64> = groups
        .iter()
        .filter(|g| g.scores.count > 0)
        .map(|g| g.scores.mean)
        .collect();
    let mean_score_gap = if means.is_empty() {
        0.0
    } else {
        means.iter().copied().fold(f64::NEG_INFINITY, f64::max)
            - means.iter().copied().fold(f64::INFINITY, f64::min)
    };
    let mut low: Vec<LowPair> = result
        .pairs
        .iter()
        .map(|p| LowPair {
            mentee: p.mentee.clone(),
            mentor: p.mentor.clone(),
            score: p.score,
        })
        .collect();
    low.sort_by(|a, b| a.score.total_cmp(&b.score).then(a.mentee.cmp(&b.mentee)));
    low.truncate(10);
    let unmatched = result
        .unmatched
        .iter()
        .filter(|u| u.side == "mentee")
        .count();
    FairnessReport {
        overall: summarize(result.pairs.iter().map(|p| p.score).collect()),
        mentees: result.pairs.len() + unmatched,
        unmatched,
        groups,
        lowest_pairs: low,
        mean_score_gap,
    }
}

fn summarize(mut scores: Vec<f64>) -> ScoreSummary {
    if scores.is_empty() {
        return ScoreSummary {
            count: 0,
            mean: 0.0,
            min: 0.0,
            p10: 0.0,
            median: 0.0,
            max: 0.0,
        };
    }
    scores.sort_by(f64::total_cmp);
    let at = |q: f64| scores[((scores.len() - 1) as f64 * q).round() as usize];
    ScoreSummary {
        count: scores.len(),
        mean: scores.iter().sum::<f64>() / scores.len() as f64,
        min: scores[0],
        p10: at(0.1),
        median: at(0.5),
        max: scores[scores.len() - 1],
    }
}
