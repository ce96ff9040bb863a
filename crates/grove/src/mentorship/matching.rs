//! Turns a program's enrollments into grove-match's participants, runs the engine around the
//! lead's locks and forbidden pairs, and measures what the result does to the network.

use std::collections::{HashMap, HashSet};
use std::time::Instant;

use grove_match::{
    BridgeBonus, BridgeMember, Criteria, CriterionSetting, CrossDepartment, MatchResult, Objective,
    Participant, ProgramMode, ProgramSettings, Role, Skill,
};

use super::model::*;
use super::store::{self, MatchingRows, StoredPair};
use crate::network::service::OrgGraph;
use crate::people::store::split_lines;
use crate::web::AppState;
use crate::{AppError, AppResult};

/// Bridge points for two departments with no ties between them (falls with their density).
const BRIDGE_POINTS: f64 = 10.0;
/// Bridge points for any pair with a member outside the main network.
const ISOLATED_POINTS: f64 = 8.0;

/// grove-match settings for a program.
pub fn settings_for(program: &Program) -> ProgramSettings {
    let c = &program.criteria;
    let s = |w: CriterionWeight| CriterionSetting {
        weight: w.weight,
        must: w.must,
    };
    ProgramSettings {
        criteria: Criteria {
            skills: s(c.skills),
            goals: s(c.goals),
            values: s(c.values),
            interests: s(c.interests),
            languages: s(c.languages),
            time_zone: s(c.time_zone),
            seniority: s(c.seniority),
            department: s(c.department),
        },
        mode: match program.kind {
            ProgramKind::Reverse => ProgramMode::Reverse,
            ProgramKind::Peer => ProgramMode::Peer {
                circle_size: program.group_size.clamp(2, 12) as u32,
            },
            // A group is a mentor's mentees: matched one by one up to the group size, so that
            // locked members count against it.
            ProgramKind::OneOnOne | ProgramKind::Group => ProgramMode::OneOnOne,
        },
        objective: match c.objective.as_str() {
            "most_matched" => Objective::MaximizeMatchedFirst,
            "fairest" => Objective::FairnessFirst,
            _ => Objective::MaxTotal,
        },
        cross_department: match c.cross_department.as_str() {
            "neutral" => CrossDepartment::Neutral,
            "avoid" => CrossDepartment::Avoid,
            _ => CrossDepartment::Prefer,
        },
        max_time_zone_hours: c.max_time_zone_hours,
        ..ProgramSettings::default()
    }
}

/// Standard-time UTC offsets of common IANA zones, in minutes. Matching needs only "how many
/// hours apart", so daylight saving is left out; an unknown zone counts as UTC.
const ZONES: &[(&str, i32)] = &[
    ("UTC", 0),
    ("Etc/UTC", 0),
    ("Europe/London", 0),
    ("Europe/Dublin", 0),
    ("Europe/Lisbon", 0),
    ("Africa/Accra", 0),
    ("Africa/Casablanca", 60),
    ("Africa/Lagos", 60),
    ("Europe/Amsterdam", 60),
    ("Europe/Berlin", 60),
    ("Europe/Brussels", 60),
    ("Europe/Copenhagen", 60),
    ("Europe/Madrid", 60),
    ("Europe/Oslo", 60),
    ("Europe/Paris", 60),
    ("Europe/Prague", 60),
    ("Europe/Rome", 60),
    ("Europe/Stockholm", 60),
    ("Europe/Vienna", 60),
    ("Europe/Warsaw", 60),
    ("Europe/Zurich", 60),
    ("Africa/Cairo", 120),
    ("Africa/Johannesburg", 120),
    ("Europe/Athens", 120),
    ("Europe/Helsinki", 120),
    ("Europe/Kyiv", 120),
    ("Asia/Jerusalem", 120),
    ("Africa/Nairobi", 180),
    ("Europe/Istanbul", 180),
    ("Europe/Moscow", 180),
    ("Asia/Riyadh", 180),
    ("Asia/Dubai", 240),
    ("Asia/Karachi", 300),
    ("Asia/Kolkata", 330),
    ("Asia/Dhaka", 360),
    ("Asia/Bangkok", 420),
    ("Asia/Jakarta", 420),
    ("Asia/Ho_Chi_Minh", 420),
    ("Asia/Singapore", 480),
    ("Asia/Manila", 480),
    ("Asia/Shanghai", 480),
    ("Asia/Hong_Kong", 480),
    ("Asia/Taipei", 480),
    ("Australia/Perth", 480),
    ("Asia/Seoul", 540),
    ("Asia/Tokyo", 540),
    ("Australia/Sydney", 600),
    ("Australia/Melbourne", 600),
    ("Pacific/Auckland", 720),
    ("America/Sao_Paulo", -180),
    ("America/Argentina/Buenos_Aires", -180),
    ("America/Halifax", -240),
    ("America/Santiago", -240),
    ("America/New_York", -300),
    ("America/Toronto", -300),
    ("America/Bogota", -300),
    ("America/Lima", -300),
    ("America/Chicago", -360),
    ("America/Mexico_City", -360),
    ("America/Denver", -420),
    ("America/Phoenix", -420),
    ("America/Los_Angeles", -480),
    ("America/Vancouver", -480),
    ("America/Anchorage", -540),
    ("Pacific/Honolulu", -600),
];

pub fn utc_offset_minutes(zone: &str) -> i32 {
    ZONES
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(zone))
        .map(|(_, offset)| *offset)
        .unwrap_or(0)
}

fn tags(text: &str) -> Vec<String> {
    split_lines(text)
        .into_iter()
        .flat_map(|line| {
            line.split(',')
                .map(|t| t.trim().to_string())
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The people of a run and what the run needs to explain itself.
pub struct Prepared {
    pub participants: Vec<Participant>,
    pub names: HashMap<i64, String>,
    pub departments: HashMap<i64, Option<String>>,
    /// Locked pairs kept out of the engine: (mentee, mentor).
    pub locked: Vec<(i64, i64)>,
    /// Every participant as they were before locks took them out (for scoring locked pairs).
    pub everyone: HashMap<i64, Participant>,
    pub forbids: usize,
}

/// Builds participants from the enrollments: profile data plus the answers mapped onto criteria;
/// members already in an active relationship of the program are left out (mentors keep their
/// remaining places), locked pairs are taken out of the problem, forbidden pairs avoided.
pub fn prepare(
    program: &Program,
    rows: MatchingRows,
    adjustments: &[Adjustment],
) -> AppResult<Prepared> {
    let questions: HashMap<i64, &Question> = program.questions.iter().map(|q| (q.id, q)).collect();
    let mut skills: HashMap<i64, Vec<Skill>> = HashMap::new();
    for (user, name, level, can_teach, wants_to_learn) in rows.skills {
        skills.entry(user).or_default().push(Skill {
            name,
            level: level.clamp(1, 5) as u8,
            can_teach,
            wants_to_learn,
        });
    }
    let mut languages: HashMap<i64, Vec<String>> = HashMap::new();
    for (user, language) in rows.languages {
        languages.entry(user).or_default().push(language);
    }
    let mut values: HashMap<i64, Vec<String>> = HashMap::new();
    for (user, value) in rows.values {
        values.entry(user).or_default().push(value);
    }
    let mut past: HashMap<i64, Vec<String>> = HashMap::new();
    for (a, b) in rows.past_pairs {
        past.entry(a).or_default().push(b.to_string());
    }
    let mut busy_mentee: HashSet<i64> = HashSet::new();
    let mut active_load: HashMap<i64, i64> = HashMap::new();
    for (user, role) in rows.active {
        if role == "mentor" {
            *active_load.entry(user).or_default() += 1;
        } else {
            busy_mentee.insert(user);
        }
    }
    let mut avoid: HashMap<i64, Vec<String>> = HashMap::new();
    let mut forbids = 0;
    for a in adjustments.iter().filter(|a| a.kind == "forbid") {
        avoid
            .entry(a.mentee_id)
            .or_default()
            .push(a.mentor_id.to_string());
        forbids += 1;
    }

    let peer = program.kind == ProgramKind::Peer;
    let mut names = HashMap::with_capacity(rows.members.len());
    let mut departments = HashMap::with_capacity(rows.members.len());
    let mut everyone = HashMap::with_capacity(rows.members.len());
    let mut participants = Vec::with_capacity(rows.members.len());
    for m in rows.members {
        names.insert(m.id, m.name.clone());
        departments.insert(m.id, m.department.clone());
        let mut goals = tags(&m.goals);
        let mut interests = tags(&m.interests);
        let mut member_values = values.remove(&m.id).unwrap_or_default();
        let mut member_skills = skills.remove(&m.id).unwrap_or_default();
        let answers: std::collections::BTreeMap<i64, Vec<String>> =
            serde_json::from_str(&m.answers).unwrap_or_default();
        for (qid, answer) in answers {
            let Some(q) = questions.get(&qid) else {
                continue;
            };
            for a in answer.iter().filter(|a| !a.trim().is_empty()) {
                match q.criterion.as_str() {
                    "goals" => goals.extend(tags(a)),
                    "interests" => interests.extend(tags(a)),
                    "values" => member_values.push(a.clone()),
                    "skills" => {
                        let teaches = q.asked_of == "mentor" || m.role == "mentor";
                        match member_skills
                            .iter_mut()
                            .find(|s| s.name.eq_ignore_ascii_case(a))
                        {
                            Some(s) if teaches => s.can_teach = true,
                            Some(s) => s.wants_to_learn = true,
                            None => member_skills.push(Skill {
                                name: a.clone(),
                                level: if teaches { 3 } else { 1 },
                                can_teach: teaches,
                                wants_to_learn: !teaches,
                            }),
                        }
                    }
                    _ => {}
                }
            }
        }
        let role = if peer {
            Role::Both
        } else {
            match m.role.as_str() {
                "mentor" => Role::Mentor,
                "mentee" => Role::Mentee,
                _ => Role::Both,
            }
        };
        let places = if program.kind == ProgramKind::Group {
            program.group_size
        } else {
            m.capacity
        };
        let capacity = (places - active_load.get(&m.id).copied().unwrap_or(0)).max(0);
        let person = Participant {
            id: m.id.to_string(),
            role,
            skills: member_skills,
            goals,
            values: member_values,
            interests,
            languages: languages.remove(&m.id).unwrap_or_default(),
            utc_offset_minutes: utc_offset_minutes(&m.time_zone),
            seniority: m.seniority as i32,
            department: m.department,
            organization: m.organization,
            capacity: capacity as u32,
            prefer: Vec::new(),
            avoid: avoid.remove(&m.id).unwrap_or_default(),
            past_partners: past.remove(&m.id).unwrap_or_default(),
        };
        everyone.insert(m.id, person.clone());
        // Someone already in a relationship of this program is not matched again as a mentee
        // (a mentor among them still offers their free places).
        if busy_mentee.contains(&m.id) {
            if role == Role::Both && !peer && capacity > 0 {
                participants.push(Participant {
                    role: Role::Mentor,
                    ..person
                });
            }
            continue;
        }
        participants.push(person);
    }

    // Locks: the pair is made outside the engine; the mentor has one place fewer.
    let mut locked = Vec::new();
    if !peer {
        for a in adjustments.iter().filter(|a| a.kind == "lock") {
            let (mentee, mentor) = (a.mentee_id.to_string(), a.mentor_id.to_string());
            let Some(e) = participants.iter().position(|p| p.id == mentee) else {
                continue;
            };
            let Some(r) = participants
                .iter()
                .position(|p| p.id == mentor && p.role.mentors() && p.capacity > 0)
            else {
                continue;
            };
            participants[r].capacity -= 1;
            if participants[e].role == Role::Both {
                participants[e].role = Role::Mentor;
            } else {
                participants.remove(e);
            }
            locked.push((a.mentee_id, a.mentor_id));
        }
    }
    Ok(Prepared {
        participants,
        names,
        departments,
        locked,
        everyone,
        forbids,
    })
}

/// The group-level bridge bonus from the organization graph: departments as groups.
pub fn bridge_bonus(
    org: &OrgGraph,
    index: &grove_graph::BridgeIndex,
    participants: &[Participant],
) -> BridgeBonus {
    let n = org.department_names.len();
    let points = (0..n as u32)
        .map(|g| {
            (0..n as u32)
                .map(|h| (BRIDGE_POINTS * index.group_pair_bonus(g, h) * 10.0).round() / 10.0)
                .collect()
        })
        .collect();
    let mut members = HashMap::with_capacity(participants.len());
    for p in participants {
        let Some(&node) = p.id.parse::<i64>().ok().and_then(|id| org.index.get(&id)) else {
            continue;
        };
        let outside = index.outside_main_network(node);
        members.insert(
            p.id.clone(),
            BridgeMember {
                group: org.department_of[node as usize],
                extra: if outside { ISOLATED_POINTS } else { 0.0 },
                reason: if outside {
                    format!(
                        "brings in {}, who has few ties in the network yet",
                        org.names[node as usize]
                    )
                } else {
                    String::new()
                },
            },
        );
    }
    BridgeBonus {
        group_names: org.department_names.clone(),
        points,
        members,
    }
}

/// What the pairs do to the network.
fn network_effect(
    org: &OrgGraph,
    index: Option<&grove_graph::BridgeIndex>,
    pairs: &[(i64, i64)],
    favour_bridges: bool,
) -> NetworkEffect {
    let mut effect = NetworkEffect {
        favour_bridges,
        ..NetworkEffect::default()
    };
    let mut brought_in: HashSet<u32> = HashSet::new();
    let mut weak_links: HashSet<(u32, u32)> = HashSet::new();
    for (a, b) in pairs {
        let (Some(&x), Some(&y)) = (org.index.get(a), org.index.get(b)) else {
            continue;
        };
        if !org.graph.has_edge(x, y) {
            effect.new_ties += 1;
        }
        let (gx, gy) = (org.department_of[x as usize], org.department_of[y as usize]);
        if let (Some(g), Some(h)) = (gx, gy)
            && g != h
        {
            effect.cross_department_pairs += 1;
            // Above 0.4 means fewer ties between the two than the average between departments.
            if index
                .as_ref()
                .is_some_and(|i| i.group_pair_bonus(g, h) > 0.4)
            {
                weak_links.insert((g.min(h), g.max(h)));
            }
        }
        if let Some(i) = index {
            for v in [x, y] {
                if i.outside_main_network(v) {
                    brought_in.insert(v);
                }
            }
        }
    }
    effect.isolated_brought_in = brought_in.len();
    effect.weak_department_links = weak_links.len();
    effect
}

/// Runs the program's matching and stores it as a run; returns the run id.
pub async fn run(state: &AppState, program: &Program, by: i64) -> AppResult<i64> {
    let started = Instant::now();
    let rows = store::matching_rows(&state.db, program.id).await?;
    let adjustments = store::adjustments(&state.db, program.id).await?;
    let loaded = started.elapsed();
    let prepared = prepare(program, rows, &adjustments)?;
    if prepared.participants.is_empty() && prepared.locked.is_empty() {
        return Err(AppError::conflict(
            "nobody is waiting to be matched in this program",
        ));
    }
    let org = crate::network::service::graph(state).await?;
    let mut settings = settings_for(program);
    let min_group_size = state.config.min_group_size.max(1) as usize;
    let favour_bridges = program.favour_bridges;
    let prepared_at = started.elapsed();
    // Everything CPU-bound runs off the async workers.
    let (stored, total, details, engine) = tokio::task::spawn_blocking(move || {
        // One index of the network serves the bonus and the preview's effect figures.
        let index =
            grove_graph::BridgeIndex::new(&org.graph, Some(org.department_of.as_slice())).ok();
        if favour_bridges && let Some(index) = &index {
            settings.bridge = Some(Box::new(bridge_bonus(&org, index, &prepared.participants)));
        }
        solve(
            &prepared,
            &settings,
            &org,
            index.as_ref(),
            min_group_size,
            favour_bridges,
        )
    })
    .await
    .map_err(|e| anyhow::anyhow!("matching task: {e}"))??;
    let mut details = details;
    details.forbids = adjustments.iter().filter(|a| a.kind == "forbid").count();
    let solved = started.elapsed();
    let id = store::insert_run(&state.db, program.id, by, &stored, total, &details, 0).await?;
    // The run's time is the lead's wait: from loading the enrollments to the stored preview.
    let duration = started.elapsed();
    store::set_run_duration(&state.db, id, duration.as_millis() as i64).await?;
    tracing::info!(
        program = program.id,
        run = id,
        pairs = stored.len(),
        "matching run: {:.0?} in all; load {:.0?}, prepare and graph {:.0?}, engine {:.0?}, explain {:.0?}, store {:.0?}",
        duration,
        loaded,
        prepared_at - loaded,
        engine,
        solved - prepared_at - engine,
        duration - solved
    );
    Ok(id)
}

/// Runs the engine and explains its result; also returns the engine's own time.
fn solve(
    prepared: &Prepared,
    settings: &ProgramSettings,
    org: &OrgGraph,
    index: Option<&grove_graph::BridgeIndex>,
    min_group_size: usize,
    favour_bridges: bool,
) -> AppResult<(Vec<StoredPair>, f64, RunDetails, std::time::Duration)> {
    let engine_started = Instant::now();
    let result: MatchResult = grove_match::match_program(&prepared.participants, settings)
        .map_err(|e| AppError::invalid(e.field.clone(), e.message.clone()))?;
    let engine = engine_started.elapsed();
    let id_of = |s: &str| s.parse::<i64>().unwrap_or(0);
    let mut stored: Vec<StoredPair> =
        Vec::with_capacity(result.pairs.len() + prepared.locked.len());
    let mut pairs_made: Vec<(i64, i64)> = Vec::with_capacity(stored.capacity());
    let mut total = 0.0;
    let mut lowest: Option<f64> = None;
    let mut note = |score: f64| {
        total += score;
        lowest = Some(lowest.map_or(score, |l: f64| l.min(score)));
    };
    for (mentee, mentor) in &prepared.locked {
        let (Some(e), Some(r)) = (prepared.everyone.get(mentee), prepared.everyone.get(mentor))
        else {
            continue;
        };
        let breakdown = grove_match::score_pair(e, r, settings);
        note(breakdown.score);
        stored.push((
            *mentee,
            Some(*mentor),
            None,
            breakdown.score,
            true,
            serde_json::to_string(&breakdown).unwrap_or_default(),
        ));
        pairs_made.push((*mentee, *mentor));
    }
    for pair in &result.pairs {
        note(pair.score);
        let (mentee, mentor) = (id_of(&pair.mentee), id_of(&pair.mentor));
        stored.push((
            mentee,
            Some(mentor),
            None,
            pair.score,
            false,
            serde_json::to_string(&pair.breakdown).unwrap_or_default(),
        ));
        pairs_made.push((mentee, mentor));
    }
    for (number, circle) in result.circles.iter().enumerate() {
        for member in &circle.members {
            stored.push((
                id_of(member),
                None,
                Some(number as i64 + 1),
                circle.mean_score,
                false,
                String::new(),
            ));
        }
        for (k, a) in circle.members.iter().enumerate() {
            for b in &circle.members[k + 1..] {
                pairs_made.push((id_of(a), id_of(b)));
            }
        }
        note(circle.mean_score);
    }
    let departments = &prepared.departments;
    let fairness = grove_match::fairness_report(
        &result,
        &|id: &str| departments.get(&id_of(id)).cloned().flatten(),
        min_group_size,
    );
    let unmatched = result
        .unmatched
        .iter()
        .map(|u| {
            let id = id_of(&u.id);
            UnmatchedMember {
                id,
                name: prepared.names.get(&id).cloned().unwrap_or_default(),
                reason: name_people(&u.reason, &prepared.names),
            }
        })
        .collect();
    let details = RunDetails {
        mentees: result.mentee_count + prepared.locked.len(),
        mentors: result.mentor_count,
        lowest_score: lowest,
        unmatched,
        fairness: Some(fairness),
        network: network_effect(org, index, &pairs_made, favour_bridges),
        locks: prepared.locked.len(),
        forbids: prepared.forbids,
        candidate_pairs: result.candidate_pairs,
    };
    Ok((stored, (total * 100.0).round() / 100.0, details, engine))
}

/// Engine reasons name people by id; the lead reads names.
fn name_people(reason: &str, names: &HashMap<i64, String>) -> String {
    reason
        .split(' ')
        .map(|word| {
            let trimmed = word.trim_matches(|c: char| !c.is_ascii_digit());
            match trimmed.parse::<i64>().ok().and_then(|id| names.get(&id)) {
                Some(name) if trimmed.len() == word.len() => name.clone(),
                _ => word.to_string(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_of_known_and_unknown_zones() {
        assert_eq!(utc_offset_minutes("Asia/Kolkata"), 330);
        assert_eq!(utc_offset_minutes("america/new_york"), -300);
        assert_eq!(utc_offset_minutes("Mars/Olympus_Mons"), 0);
    }

    #[test]
    fn tags_split_lines_and_commas() {
        assert_eq!(
            tags("leadership, public speaking\nRust"),
            vec!["leadership", "public speaking", "Rust"]
        );
    }
}
