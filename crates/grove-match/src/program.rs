//! A whole program run: pick mentors and mentees by role, generate candidates through an
//! inverted index (taught skill -> mentors) so memory grows with candidates, score them, solve,
//! and explain every pair and every person left unmatched. Group mode reports each mentor's
//! group and how coherent it is; peer mode builds circles of equals.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::InputError;
use crate::optimal::{CandidateGraph, solve_optimal};
use crate::participant::{Participant, ProgramMode, ProgramSettings, validate};
use crate::scored::{Mode, rank_of_ids};
use crate::scoring::{Criterion, Exclusion, PairScore, ProfileIndex, Verdict};
use crate::stable::solve_stable;

/// A chosen (mentee, mentor) pair with its explained score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchedPair {
    /// Mentee id.
    pub mentee: String,
    /// Mentor id.
    pub mentor: String,
    /// 0 to 100.
    pub score: f64,
    /// Each criterion's contribution and evidence.
    pub breakdown: PairScore,
}

/// A mentor's group (group mode).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Group {
    /// The mentor leading the group.
    pub mentor: String,
    /// Mentee ids in the group.
    pub mentees: Vec<String>,
    /// Mean pair score of the members with the mentor.
    pub mean_score: f64,
    /// How much the members have in common, 0 to 1 (mean overlap of wanted skills and goals
    /// between every two members; 1 for a group of one).
    pub coherence: f64,
    /// Skills or goals wanted by at least two members.
    pub shared_focus: Vec<String>,
}

/// A peer circle (peer mode).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Circle {
    /// Member ids.
    pub members: Vec<String>,
    /// Mean score over every two members (both directions averaged).
    pub mean_score: f64,
    /// Lowest score between two members.
    pub lowest_score: f64,
}

/// Someone left without a match, and why.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Unmatched {
    /// Person id.
    pub id: String,
    /// "mentee" or "peer".
    pub side: String,
    /// Why, in words ("no mentor shares a language", "all mentors who teach Rust are full").
    pub reason: String,
    /// True when no pair with this person was allowed at all.
    pub had_no_candidate: bool,
}

/// The outcome of [`match_program`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MatchResult {
    /// The program mode used.
    pub mode: ProgramMode,
    /// Optimal or stable.
    pub solver: Mode,
    /// Chosen pairs, in participant input order of the mentees (empty in peer mode).
    pub pairs: Vec<MatchedPair>,
    /// Mentor groups (group mode only).
    pub groups: Vec<Group>,
    /// Peer circles (peer mode only).
    pub circles: Vec<Circle>,
    /// People left unmatched, with reasons.
    pub unmatched: Vec<Unmatched>,
    /// Mentees with no allowed candidate at all.
    pub mentees_without_candidate: usize,
    /// Mentees considered.
    pub mentee_count: usize,
    /// Mentors considered.
    pub mentor_count: usize,
    /// Candidate pairs scored and offered to the solver.
    pub candidate_pairs: usize,
    /// Sum of pair scores.
    pub total_score: f64,
    /// Lowest pair score, if any pair.
    pub lowest_score: Option<f64>,
}

/// Below this many mentee x mentor pairs every pair is scored (exact over all pairs).
const SCORE_EVERY_PAIR_UP_TO: usize = 400_000;

/// Runs a program's matching end to end. Invalid participants or settings return an error
/// naming the field.
pub fn match_program(
    participants: &[Participant],
    settings: &ProgramSettings,
) -> Result<MatchResult, InputError> {
    validate(participants, settings)?;
    let index = ProfileIndex::build(participants, settings);
    if let ProgramMode::Peer { circle_size } = settings.mode {
        return crate::peer::match_peers(&index, settings, circle_size as usize);
    }
    let mentees: Vec<usize> = (0..participants.len())
        .filter(|&k| participants[k].role.is_mentored())
        .collect();
    let mentors: Vec<usize> = (0..participants.len())
        .filter(|&k| participants[k].role.mentors() && capacity_of(&participants[k], settings) > 0)
        .collect();
    let capacities: Vec<u32> = mentors
        .iter()
        .map(|&k| capacity_of(&participants[k], settings))
        .collect();

    let rows = candidate_rows(&index, &mentees, &mentors, settings);
    let mut graph = CandidateGraph::new(mentors.len());
    for row in &rows {
        graph.add_mentee(row.iter().copied());
    }
    let mentor_of = match settings.solver {
        Mode::Optimal => solve_optimal(&graph, &capacities, settings.objective)?.mentor_of,
        Mode::Stable => {
            let mentee_rank = rank_of_ids(mentees.iter().map(|&k| participants[k].id.as_str()));
            let mentor_rank = rank_of_ids(mentors.iter().map(|&k| participants[k].id.as_str()));
            solve_stable(&graph, &capacities, &mentee_rank, &mentor_rank).mentor_of
        }
    };

    let mut load = vec![0u32; mentors.len()];
    for j in mentor_of.iter().flatten() {
        load[*j as usize] += 1;
    }
    let mut pairs = Vec::new();
    let mut unmatched = Vec::new();
    let mut without_candidate = 0;
    let mut total_score = 0.0;
    let mut lowest: Option<f64> = None;
    for (row, &person) in mentees.iter().enumerate() {
        match mentor_of[row] {
            Some(j) => {
                let breakdown = index.explain(person, mentors[j as usize]);
                total_score += breakdown.score;
                lowest = Some(lowest.map_or(breakdown.score, |l: f64| l.min(breakdown.score)));
                pairs.push(MatchedPair {
                    mentee: participants[person].id.clone(),
                    mentor: participants[mentors[j as usize]].id.clone(),
                    score: breakdown.score,
                    breakdown,
                });
            }
            None => {
                let no_candidate = rows[row].is_empty();
                without_candidate += usize::from(no_candidate);
                let reason = if no_candidate {
                    no_candidate_reason(&index, person, &mentors)
                } else {
                    full_reason(&index, person, &rows[row], &mentors, &load, &capacities)
                };
                unmatched.push(Unmatched {
                    id: participants[person].id.clone(),
                    side: "mentee".into(),
                    reason,
                    had_no_candidate: no_candidate,
                });
            }
        }
    }
    let groups = if matches!(settings.mode, ProgramMode::Group { .. }) {
        build_groups(&index, &pairs)
    } else {
        Vec::new()
    };
    Ok(MatchResult {
        mode: settings.mode,
        solver: settings.solver,
        pairs,
        groups,
        circles: Vec::new(),
        unmatched,
        mentees_without_candidate: without_candidate,
        mentee_count: mentees.len(),
        mentor_count: mentors.len(),
        candidate_pairs: graph.pair_count(),
        total_score,
        lowest_score: lowest,
    })
}

fn capacity_of(person: &Participant, settings: &ProgramSettings) -> u32 {
    match settings.mode {
        // A group mentor leads one group of the program's size (unless unavailable: 0).
        ProgramMode::Group { size } if person.capacity > 0 => size,
        _ => person.capacity,
    }
}

/// Allowed candidates per mentee, best first, at most `candidate_limit`. Small programs score
/// every pair; large ones pre-rank mentors through the taught-skill index and score a pool.
fn candidate_rows(
    index: &ProfileIndex,
    mentees: &[usize],
    mentors: &[usize],
    settings: &ProgramSettings,
) -> Vec<Vec<(u32, f64)>> {
    let limit = settings.candidate_limit.unwrap_or(usize::MAX);
    let score_all = settings.candidate_limit.is_none()
        || mentees.len() * mentors.len() <= SCORE_EVERY_PAIR_UP_TO;
    let skills_index = (!score_all).then(|| SkillIndex::build(index, mentors));
    let work = |chunk: &[usize]| -> Vec<Vec<(u32, f64)>> {
        let mut pre = PreRanker::new(mentors.len());
        chunk
            .iter()
            .map(|&person| {
                let pool: Vec<u32> = match &skills_index {
                    None => (0..mentors.len() as u32).collect(),
                    Some(skills) => {
                        pre.pool(index, skills, person, (limit * 2).max(64), mentors.len())
                    }
                };
                let mut row: Vec<(u32, f64)> = pool
                    .into_iter()
                    .filter_map(|j| match index.verdict(person, mentors[j as usize]) {
                        Verdict::Allowed(score) => Some((j, score)),
                        Verdict::Excluded(_) => None,
                    })
                    .collect();
                if row.len() > limit {
                    // Equal scores: a per-mentee order, so ties do not all land on the same mentors.
                    let spread = tie_spread(person);
                    row.select_nth_unstable_by(limit - 1, |a, b| {
                        b.1.total_cmp(&a.1)
                            .then((a.0 ^ spread).cmp(&(b.0 ^ spread)))
                    });
                    row.truncate(limit);
                }
                row.sort_by_key(|&(j, _)| j);
                row
            })
            .collect()
    };
    // Scoring is independent per mentee: split across cores, keep input order (deterministic).
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(8);
    if threads <= 1 || mentees.len() < 2_000 {
        return work(mentees);
    }
    let chunk = mentees.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let handles: Vec<_> = mentees
            .chunks(chunk)
            .map(|part| scope.spawn(move || work(part)))
            .collect();
        handles
            .into_iter()
            // A panic in a worker is a bug; re-raise it rather than lose mentees' rows.
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    })
}

/// A per-person mask for breaking ties between mentors deterministically but differently per
/// person (spreads demand instead of favouring low positions).
fn tie_spread(person: usize) -> u32 {
    ((person as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 40) as u32
}

/// Taught skill -> (mentor position, level), and language -> mentor positions.
struct SkillIndex {
    teachers: HashMap<u32, Vec<(u32, u8)>>,
    speakers: HashMap<u32, Vec<u32>>,
}

impl SkillIndex {
    fn build(index: &ProfileIndex, mentors: &[usize]) -> Self {
        let mut teachers: HashMap<u32, Vec<(u32, u8)>> = HashMap::new();
        let mut speakers: HashMap<u32, Vec<u32>> = HashMap::new();
        for (j, &person) in mentors.iter().enumerate() {
            for (skill, level) in index.taught_skills(person) {
                teachers.entry(skill).or_default().push((j as u32, level));
            }
            for &language in index.languages(person) {
                speakers.entry(language).or_default().push(j as u32);
            }
        }
        SkillIndex { teachers, speakers }
    }
}

/// Scratch space to rank mentors by a cheap pre-score (sum of taught levels of wanted skills).
struct PreRanker {
    pre: Vec<u32>,
    touched: Vec<u32>,
}

impl PreRanker {
    fn new(mentor_count: usize) -> Self {
        PreRanker {
            pre: vec![0; mentor_count],
            touched: Vec::new(),
        }
    }

    /// Up to `size` mentors worth scoring for `person`: best pre-score first; when skills give
    /// too few, mentors sharing a language, then any, starting at a per-person offset so the
    /// filler is spread over mentors rather than piling on the first ones.
    fn pool(
        &mut self,
        index: &ProfileIndex,
        skills: &SkillIndex,
        person: usize,
        size: usize,
        m: usize,
    ) -> Vec<u32> {
        for skill in index.wanted_skills(person) {
            if let Some(list) = skills.teachers.get(skill) {
                for &(j, level) in list {
                    if self.pre[j as usize] == 0 {
                        self.touched.push(j);
                    }
                    self.pre[j as usize] += level as u32;
                }
            }
        }
        let mut ranked: Vec<(u32, u32)> = self
            .touched
            .iter()
            .map(|&j| (self.pre[j as usize], j))
            .collect();
        for &j in &self.touched {
            self.pre[j as usize] = 0;
        }
        self.touched.clear();
        let spread = (person as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15) >> 7;
        let tie = |j: u32| (j as u64 ^ spread) & 0xffff_ffff;
        if ranked.len() > size {
            ranked.select_nth_unstable_by(size - 1, |a, b| {
                b.0.cmp(&a.0).then(tie(a.1).cmp(&tie(b.1)))
            });
            ranked.truncate(size);
        }
        let mut pool: Vec<u32> = ranked.into_iter().map(|(_, j)| j).collect();
        if pool.len() < size {
            let mut chosen: std::collections::HashSet<u32> = pool.iter().copied().collect();
            let start = (spread % m.max(1) as u64) as usize;
            let mut fill = |candidates: &mut dyn Iterator<Item = u32>, pool: &mut Vec<u32>| {
                for j in candidates {
                    if pool.len() >= size {
                        break;
                    }
                    if chosen.insert(j) {
                        pool.push(j);
                    }
                }
            };
            for language in index.languages(person) {
                if let Some(list) = skills.speakers.get(language) {
                    let offset = start % list.len();
                    let mut it = list[offset..].iter().chain(&list[..offset]).copied();
                    fill(&mut it, &mut pool);
                }
            }
            let mut any = (0..m).map(|k| ((start + k) % m) as u32);
            fill(&mut any, &mut pool);
        }
        pool
    }
}

/// Why nobody could be matched with `person`: the most common exclusion among all mentors.
fn no_candidate_reason(index: &ProfileIndex, person: usize, mentors: &[usize]) -> String {
    if mentors.is_empty() {
        return "no candidate: the program has no mentor with free capacity".into();
    }
    let mut counts: HashMap<Exclusion, usize> = HashMap::new();
    for &mentor in mentors.iter().take(50_000) {
        if let Verdict::Excluded(why) = index.verdict(person, mentor) {
            *counts.entry(why).or_default() += 1;
        }
    }
    let Some((&why, _)) = counts
        .iter()
        .max_by_key(|(why, count)| (**count, std::cmp::Reverse(format!("{why:?}"))))
    else {
        return "no candidate".into();
    };
    let phrase = match why {
        Exclusion::Must(Criterion::Languages) => "no mentor shares a language".to_string(),
        Exclusion::Must(Criterion::Skills) => {
            let wanted: Vec<&str> = index
                .wanted_skills(person)
                .iter()
                .map(|&s| index.skill_name(s))
                .collect();
            if wanted.is_empty() {
                "no skill to learn is listed".to_string()
            } else {
                format!("no mentor teaches {}", wanted.join(", "))
            }
        }
        Exclusion::Must(Criterion::TimeZone) => {
            format!(
                "no mentor within {} h of this time zone",
                index.max_time_zone_hours()
            )
        }
        Exclusion::Must(Criterion::Seniority) => "no mentor has the required seniority".to_string(),
        Exclusion::Must(Criterion::Department) => "no mentor meets the department rule".to_string(),
        Exclusion::Must(Criterion::Goals) => "no mentor shares a goal".to_string(),
        Exclusion::Must(Criterion::Values) => "no mentor shares a value".to_string(),
        Exclusion::Must(Criterion::Interests) => "no mentor shares an interest".to_string(),
        Exclusion::Avoided => "every mentor is on an avoid list".to_string(),
        Exclusion::PastPartners => "every mentor was a past partner".to_string(),
        Exclusion::SamePerson => "no other mentor".to_string(),
    };
    format!("no candidate: {phrase}")
}

/// Why a mentee with candidates stayed unmatched.
fn full_reason(
    index: &ProfileIndex,
    person: usize,
    row: &[(u32, f64)],
    mentors: &[usize],
    load: &[u32],
    capacities: &[u32],
) -> String {
    let all_full = row
        .iter()
        .all(|&(j, _)| load[j as usize] >= capacities[j as usize]);
    if all_full {
        let wanted: Vec<&str> = index
            .wanted_skills(person)
            .iter()
            .take(3)
            .map(|&s| index.skill_name(s))
            .collect();
        if wanted.is_empty() || mentors.is_empty() {
            format!("all {} candidate mentors are full", row.len())
        } else {
            format!("all mentors who teach {} are full", wanted.join(", "))
        }
    } else {
        "left unmatched: the open places score too low to raise the program's total".into()
    }
}

fn build_groups(index: &ProfileIndex, pairs: &[MatchedPair]) -> Vec<Group> {
    let mut by_mentor: Vec<(String, Vec<&MatchedPair>)> = Vec::new();
    let mut position: HashMap<&str, usize> = HashMap::new();
    for pair in pairs {
        let slot = *position.entry(pair.mentor.as_str()).or_insert_with(|| {
            by_mentor.push((pair.mentor.clone(), Vec::new()));
            by_mentor.len() - 1
        });
        by_mentor[slot].1.push(pair);
    }
    let id_to_person: HashMap<&str, usize> = index
        .people
        .iter()
        .enumerate()
        .map(|(k, p)| (p.id.as_str(), k))
        .collect();
    by_mentor
        .into_iter()
        .map(|(mentor, members)| {
            let people: Vec<usize> = members
                .iter()
                .filter_map(|p| id_to_person.get(p.mentee.as_str()).copied())
                .collect();
            let (coherence, shared_focus) = index.coherence(&people);
            Group {
                mentor,
                mean_score: members.iter().map(|p| p.score).sum::<f64>() / members.len() as f64,
                mentees: members.iter().map(|p| p.mentee.clone()).collect(),
                coherence,
                shared_focus,
            }
        })
        .collect()
}
