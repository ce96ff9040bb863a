//! Compatibility score of a (mentee, mentor) pair: a 0-100 weighted average of criteria, each
//! with its contribution and the concrete evidence behind it, or the reason the pair is ruled
//! out. Profiles are interned once so scoring millions of candidate pairs stays cheap; the
//! explained and the fast path are the same code, so they cannot disagree.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::participant::{CrossDepartment, Participant, ProgramMode, ProgramSettings};

/// The criteria, as named in settings and breakdowns.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Criterion {
    /// Mentor teaches what the mentee wants to learn.
    Skills,
    /// Shared goals.
    Goals,
    /// Shared values.
    Values,
    /// Shared interests.
    Interests,
    /// A common language.
    Languages,
    /// Time-zone distance.
    TimeZone,
    /// Seniority gap.
    Seniority,
    /// Department difference or sameness.
    Department,
}

/// One criterion's part of a pair score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Contribution {
    /// Which criterion.
    pub criterion: Criterion,
    /// Its weight in the program settings.
    pub weight: f64,
    /// How well the pair meets it, 0 to 1.
    pub value: f64,
    /// Points it adds to the 0-100 score.
    pub points: f64,
    /// What was found, in words ("teaches Rust (4/5), which you want to learn").
    pub evidence: Vec<String>,
}

/// The score of one pair with its explanation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PairScore {
    /// Mentee id.
    pub mentee: String,
    /// Mentor id.
    pub mentor: String,
    /// 0 to 100 (0 when not allowed).
    pub score: f64,
    /// False when a must, an avoid list or a past pairing rules the pair out.
    pub allowed: bool,
    /// Why the pair is not allowed.
    pub not_allowed_reason: Option<String>,
    /// Each scored criterion's part. Criteria without data on either side are left out.
    pub contributions: Vec<Contribution>,
    /// Points from preferences and caller bonuses, included in `score`.
    pub bonus: f64,
    /// Where the bonus came from.
    pub bonus_evidence: Vec<String>,
}

/// Scores `mentee` with `mentor` under `settings`, with the full explanation.
pub fn score_pair(
    mentee: &Participant,
    mentor: &Participant,
    settings: &ProgramSettings,
) -> PairScore {
    let people = [mentee.clone(), mentor.clone()];
    let index = ProfileIndex::build(&people, settings);
    index.explain(0, 1)
}

/// Why a pair is ruled out; the kinds let a program summarize why someone has no candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Exclusion {
    SamePerson,
    Avoided,
    PastPartners,
    Must(Criterion),
}

/// The outcome of scoring one pair.
pub(crate) enum Verdict {
    Allowed(f64),
    Excluded(Exclusion),
}

pub(crate) struct Profile {
    taught: Vec<(u32, u8)>,
    wanted: Vec<u32>,
    goals: Vec<u32>,
    values: Vec<u32>,
    interests: Vec<u32>,
    languages: Vec<u32>,
    offset: i32,
    seniority: i32,
    department: Option<u32>,
    prefer: Vec<u32>,
    avoid: Vec<u32>,
    past: Vec<u32>,
}

/// Interned profiles of every participant plus the settings: the scoring context.
pub(crate) struct ProfileIndex<'a> {
    pub people: &'a [Participant],
    pub profiles: Vec<Profile>,
    words: Vec<String>,
    settings: &'a ProgramSettings,
    bonuses: HashMap<(u32, u32), f64>,
    /// Per person: bridge group and extra points (empty without a bridge bonus).
    bridge: Vec<(Option<u32>, f64)>,
}

fn intern(vocabulary: &mut HashMap<String, u32>, words: &mut Vec<String>, text: &str) -> u32 {
    let key = text.trim().to_lowercase();
    if let Some(&id) = vocabulary.get(&key) {
        return id;
    }
    let id = words.len() as u32;
    words.push(text.trim().to_string());
    vocabulary.insert(key, id);
    id
}

fn sorted(mut v: Vec<u32>) -> Vec<u32> {
    v.sort_unstable();
    v.dedup();
    v
}

fn shared(a: &[u32], b: &[u32], mut visit: impl FnMut(u32)) -> usize {
    let (mut i, mut j, mut count) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                visit(a[i]);
                count += 1;
                i += 1;
                j += 1;
            }
        }
    }
    count
}

/// Hours between two UTC offsets, the short way round the clock.
fn hours_apart(a: i32, b: i32) -> f64 {
    let minutes = (a - b).rem_euclid(24 * 60);
    minutes.min(24 * 60 - minutes) as f64 / 60.0
}

impl<'a> ProfileIndex<'a> {
    pub fn build(people: &'a [Participant], settings: &'a ProgramSettings) -> Self {
        // Skills, tags, languages and departments share one word list; each is kept in its own
        // namespace by a prefix so "Rust" the skill and "rust" the interest stay apart.
        let mut vocabulary = HashMap::new();
        let mut words = Vec::new();
        let ids: HashMap<&str, u32> = people
            .iter()
            .enumerate()
            .map(|(k, p)| (p.id.as_str(), k as u32))
            .collect();
        let person_ids = |list: &[String]| -> Vec<u32> {
            sorted(
                list.iter()
                    .filter_map(|id| ids.get(id.as_str()).copied())
                    .collect(),
            )
        };
        let mut profiles = Vec::with_capacity(people.len());
        for p in people {
            let mut word = |space: &str, text: &str| {
                intern(&mut vocabulary, &mut words, &format!("{space}\u{1}{text}"))
            };
            let mut taught: Vec<(u32, u8)> = p
                .skills
                .iter()
                .filter(|s| s.can_teach)
                .map(|s| (word("s", &s.name), s.level))
                .collect();
            taught.sort_unstable();
            taught.dedup_by_key(|t| t.0);
            let wanted = sorted(
                p.skills
                    .iter()
                    .filter(|s| s.wants_to_learn)
                    .map(|s| word("s", &s.name))
                    .collect(),
            );
            let goals = sorted(p.goals.iter().map(|g| word("g", g)).collect());
            let values = sorted(p.values.iter().map(|g| word("v", g)).collect());
            let interests = sorted(p.interests.iter().map(|g| word("i", g)).collect());
            let languages = sorted(p.languages.iter().map(|g| word("l", g)).collect());
            let department = p
                .department
                .as_deref()
                .filter(|d| !d.trim().is_empty())
                .map(|d| word("d", d));
            profiles.push(Profile {
                taught,
                wanted,
                goals,
                values,
                interests,
                languages,
                offset: p.utc_offset_minutes,
                seniority: p.seniority,
                department,
                prefer: person_ids(&p.prefer),
                avoid: person_ids(&p.avoid),
                past: person_ids(&p.past_partners),
            });
        }
        let mut bonuses = HashMap::new();
        for b in &settings.bonuses {
            if let (Some(&e), Some(&r)) = (ids.get(b.mentee.as_str()), ids.get(b.mentor.as_str())) {
                *bonuses.entry((e, r)).or_insert(0.0) += b.bonus;
            }
        }
        let bridge = match &settings.bridge {
            Some(b) => people
                .iter()
                .map(|p| {
                    b.members
                        .get(&p.id)
                        .map(|m| (m.group, m.extra))
                        .unwrap_or((None, 0.0))
                })
                .collect(),
            None => Vec::new(),
        };
        ProfileIndex {
            people,
            profiles,
            words,
            settings,
            bonuses,
            bridge,
        }
    }

    /// The display form of an interned word (without its namespace prefix).
    fn word(&self, id: u32) -> &str {
        let w = &self.words[id as usize];
        w.split_once('\u{1}').map(|(_, t)| t).unwrap_or(w)
    }

    pub fn taught_skills(&self, person: usize) -> impl Iterator<Item = (u32, u8)> + '_ {
        self.profiles[person].taught.iter().copied()
    }

    pub fn wanted_skills(&self, person: usize) -> &[u32] {
        &self.profiles[person].wanted
    }

    pub fn languages(&self, person: usize) -> &[u32] {
        &self.profiles[person].languages
    }

    pub fn skill_name(&self, id: u32) -> &str {
        self.word(id)
    }

    /// Score only (the matching hot path).
    pub fn verdict(&self, mentee: usize, mentor: usize) -> Verdict {
        self.evaluate(mentee, mentor, None)
    }

    /// Score with every contribution and its evidence.
    pub fn explain(&self, mentee: usize, mentor: usize) -> PairScore {
        let mut explanation = Explanation::default();
        let verdict = self.evaluate(mentee, mentor, Some(&mut explanation));
        let (score, allowed, reason) = match verdict {
            Verdict::Allowed(score) => (score, true, None),
            Verdict::Excluded(why) => (0.0, false, Some(self.exclusion_text(mentee, mentor, why))),
        };
        PairScore {
            mentee: self.people[mentee].id.clone(),
            mentor: self.people[mentor].id.clone(),
            score,
            allowed,
            not_allowed_reason: reason,
            contributions: explanation.contributions,
            bonus: explanation.bonus,
            bonus_evidence: explanation.bonus_evidence,
        }
    }

    pub fn exclusion_text(&self, mentee: usize, mentor: usize, why: Exclusion) -> String {
        let (e, r) = (&self.profiles[mentee], &self.profiles[mentor]);
        let limit = self.settings.max_time_zone_hours;
        match why {
            Exclusion::SamePerson => "a person cannot be matched with themselves".into(),
            Exclusion::Avoided => "one of the two asked not to be matched with the other".into(),
            Exclusion::PastPartners => "they were paired before".into(),
            Exclusion::Must(Criterion::Skills) => {
                "does not teach any skill the mentee wants to learn".into()
            }
            Exclusion::Must(Criterion::Goals) => "shares none of the mentee's goals".into(),
            Exclusion::Must(Criterion::Values) => "shares none of the mentee's values".into(),
            Exclusion::Must(Criterion::Interests) => "shares none of the mentee's interests".into(),
            Exclusion::Must(Criterion::Languages) => "no shared language".into(),
            Exclusion::Must(Criterion::TimeZone) => {
                format!(
                    "{} h apart (limit {limit} h)",
                    format_hours(hours_apart(e.offset, r.offset))
                )
            }
            Exclusion::Must(Criterion::Seniority) => match self.settings.mode {
                ProgramMode::Reverse => {
                    "not less senior than the mentee (reverse mentoring)".into()
                }
                _ => "not more senior than the mentee".into(),
            },
            Exclusion::Must(Criterion::Department) => match self.settings.cross_department {
                CrossDepartment::Avoid => "different department".into(),
                _ => "same department".into(),
            },
        }
    }

    fn evaluate(
        &self,
        mentee: usize,
        mentor: usize,
        mut explain: Option<&mut Explanation>,
    ) -> Verdict {
        if mentee == mentor {
            return Verdict::Excluded(Exclusion::SamePerson);
        }
        let (e, r) = (&self.profiles[mentee], &self.profiles[mentor]);
        let (ei, ri) = (mentee as u32, mentor as u32);
        if e.avoid.binary_search(&ri).is_ok() || r.avoid.binary_search(&ei).is_ok() {
            return Verdict::Excluded(Exclusion::Avoided);
        }
        if !self.settings.allow_past_partners
            && (e.past.binary_search(&ri).is_ok() || r.past.binary_search(&ei).is_ok())
        {
            return Verdict::Excluded(Exclusion::PastPartners);
        }
        let criteria = &self.settings.criteria;
        let peer = matches!(self.settings.mode, ProgramMode::Peer { .. });
        let mut weighted = 0.0;
        let mut weight_total = 0.0;
        // Each criterion: (value 0..1 or None when there is nothing to compare, passes must).
        macro_rules! account {
            ($criterion:expr, $setting:expr, $value:expr, $passes:expr, $evidence:expr) => {{
                let setting = $setting;
                if setting.weight > 0.0 || setting.must {
                    let value: Option<f64> = $value;
                    let passes: bool = $passes;
                    if setting.must && !passes {
                        return Verdict::Excluded(Exclusion::Must($criterion));
                    }
                    if let Some(v) = value
                        && setting.weight > 0.0
                    {
                        weighted += setting.weight * v;
                        weight_total += setting.weight;
                        if let Some(x) = explain.as_deref_mut() {
                            x.contributions.push(Contribution {
                                criterion: $criterion,
                                weight: setting.weight,
                                value: v,
                                points: 0.0,
                                evidence: $evidence(),
                            });
                        }
                    }
                }
            }};
        }

        // Skills: the mentor's level in each skill the mentee wants, averaged over wanted skills.
        let mut level_sum = 0u32;
        let mut taught_count = 0usize;
        {
            let (mut a, mut b) = (0, 0);
            while a < e.wanted.len() && b < r.taught.len() {
                match e.wanted[a].cmp(&r.taught[b].0) {
                    std::cmp::Ordering::Less => a += 1,
                    std::cmp::Ordering::Greater => b += 1,
                    std::cmp::Ordering::Equal => {
                        level_sum += r.taught[b].1 as u32;
                        taught_count += 1;
                        a += 1;
                        b += 1;
                    }
                }
            }
        }
        let skills_value =
            (!e.wanted.is_empty()).then(|| level_sum as f64 / (5.0 * e.wanted.len() as f64));
        account!(
            Criterion::Skills,
            criteria.skills,
            skills_value,
            taught_count > 0,
            || {
                let mut lines = Vec::new();
                for &w in &e.wanted {
                    match r.taught.iter().find(|t| t.0 == w) {
                        Some(&(_, level)) => lines.push(format!(
                            "teaches {} ({level}/5), which you want to learn",
                            self.word(w)
                        )),
                        None => lines.push(format!("does not teach {}", self.word(w))),
                    }
                }
                lines
            }
        );

        for (criterion, setting, mine, theirs, noun) in [
            (
                Criterion::Goals,
                criteria.goals,
                &e.goals,
                &r.goals,
                "goals",
            ),
            (
                Criterion::Values,
                criteria.values,
                &e.values,
                &r.values,
                "values",
            ),
            (
                Criterion::Interests,
                criteria.interests,
                &e.interests,
                &r.interests,
                "interests",
            ),
        ] {
            if setting.weight <= 0.0 && !setting.must {
                continue;
            }
            let common = shared(mine, theirs, |_| {});
            let value = (!mine.is_empty()).then(|| common as f64 / mine.len() as f64);
            account!(criterion, setting, value, common > 0, || {
                let mut names = Vec::new();
                shared(mine, theirs, |w| names.push(self.word(w).to_string()));
                if names.is_empty() {
                    vec![format!("shares none of your {} {noun}", mine.len())]
                } else {
                    vec![format!(
                        "shares {} of your {} {noun}: {}",
                        names.len(),
                        mine.len(),
                        names.join(", ")
                    )]
                }
            });
        }

        let common_languages = shared(&e.languages, &r.languages, |_| {});
        let language_value = (!e.languages.is_empty() && !r.languages.is_empty())
            .then_some(if common_languages > 0 { 1.0 } else { 0.0 });
        account!(
            Criterion::Languages,
            criteria.languages,
            language_value,
            common_languages > 0,
            || {
                let mut names = Vec::new();
                shared(&e.languages, &r.languages, |w| {
                    names.push(self.word(w).to_string())
                });
                if names.is_empty() {
                    vec!["no shared language".to_string()]
                } else {
                    vec![format!("both speak {}", names.join(", "))]
                }
            }
        );

        let hours = hours_apart(e.offset, r.offset);
        let limit = self.settings.max_time_zone_hours;
        account!(
            Criterion::TimeZone,
            criteria.time_zone,
            Some((1.0 - hours / limit).max(0.0)),
            hours <= limit,
            || vec![if hours == 0.0 {
                "same time zone".to_string()
            } else {
                format!("{} h apart", format_hours(hours))
            }]
        );

        let gap = match self.settings.mode {
            ProgramMode::Reverse => e.seniority - r.seniority,
            _ => r.seniority - e.seniority,
        };
        let seniority_value = if peer {
            (1.0 - gap.abs() as f64 / 4.0).max(0.0)
        } else if gap >= 1 {
            // More senior is good; far more senior a little less so (harder to relate).
            (1.0 - 0.1 * (gap - 3).max(0) as f64).max(0.5)
        } else if gap == 0 {
            0.25
        } else {
            0.0
        };
        let seniority_passes = if peer { gap.abs() <= 1 } else { gap >= 1 };
        account!(
            Criterion::Seniority,
            criteria.seniority,
            Some(seniority_value),
            seniority_passes,
            || {
                let text = match (peer, gap) {
                    (true, 0) => "same seniority".to_string(),
                    (true, g) => format!("{} level(s) apart in seniority", g.abs()),
                    (false, g) if g > 0 => match self.settings.mode {
                        ProgramMode::Reverse => {
                            format!("{g} level(s) less senior than you (reverse mentoring)")
                        }
                        _ => format!("{g} level(s) more senior than you"),
                    },
                    (false, 0) => "same seniority as you".to_string(),
                    (false, g) => match self.settings.mode {
                        ProgramMode::Reverse => format!("{} level(s) more senior than you", -g),
                        _ => format!("{} level(s) less senior than you", -g),
                    },
                };
                vec![text]
            }
        );

        if self.settings.cross_department != CrossDepartment::Neutral {
            let same = match (e.department, r.department) {
                (Some(a), Some(b)) => Some(a == b),
                _ => None,
            };
            let wanted_same = self.settings.cross_department == CrossDepartment::Avoid;
            let value = same.map(|s| if s == wanted_same { 1.0 } else { 0.0 });
            account!(
                Criterion::Department,
                criteria.department,
                value,
                same.is_none_or(|s| s == wanted_same),
                || {
                    match (e.department, r.department) {
                        (Some(a), Some(b)) if a == b => {
                            vec![format!("same department ({})", self.word(a))]
                        }
                        (Some(a), Some(b)) => vec![format!(
                            "different departments ({} and {})",
                            self.word(b),
                            self.word(a)
                        )],
                        _ => vec!["department unknown".to_string()],
                    }
                }
            );
        }

        let base = if weight_total > 0.0 {
            100.0 * weighted / weight_total
        } else {
            0.0
        };
        let mut bonus = 0.0;
        if e.prefer.binary_search(&ri).is_ok() {
            bonus += self.settings.preference_bonus;
            if let Some(x) = explain.as_deref_mut() {
                x.bonus_evidence
                    .push("the mentee asked for this mentor".into());
            }
        }
        if r.prefer.binary_search(&ei).is_ok() {
            bonus += self.settings.preference_bonus;
            if let Some(x) = explain.as_deref_mut() {
                x.bonus_evidence
                    .push("the mentor asked for this mentee".into());
            }
        }
        if let Some(&extra) = self.bonuses.get(&(ei, ri)) {
            bonus += extra;
            if let Some(x) = explain.as_deref_mut() {
                x.bonus_evidence
                    .push(format!("program lead adjustment {extra:+}"));
            }
        }
        if let Some(b) = &self.settings.bridge
            && !self.bridge.is_empty()
        {
            let ((ge, xe), (gr, xr)) = (self.bridge[ei as usize], self.bridge[ri as usize]);
            let across = match (ge, gr) {
                (Some(g), Some(h)) => b.points[g as usize][h as usize],
                _ => 0.0,
            };
            if across != 0.0 {
                bonus += across;
                if let (Some(x), Some(g), Some(h)) = (explain.as_deref_mut(), ge, gr) {
                    x.bonus_evidence.push(format!(
                        "links {} and {}, which have few ties ({across:+.1})",
                        b.group_names[g as usize], b.group_names[h as usize]
                    ));
                }
            }
            for (k, extra) in [(ei, xe), (ri, xr)] {
                if extra != 0.0 {
                    bonus += extra;
                    if let Some(x) = explain.as_deref_mut() {
                        let reason = b
                            .members
                            .get(&self.people[k as usize].id)
                            .map(|m| m.reason.as_str())
                            .unwrap_or("");
                        x.bonus_evidence.push(format!("{reason} ({extra:+.1})"));
                    }
                }
            }
        }
        // Whole hundredths: what people see, and exact integer units for the solver.
        let score = ((base + bonus).clamp(0.0, 100.0) * 100.0).round() / 100.0;
        if let Some(x) = explain {
            x.bonus = bonus;
            for c in &mut x.contributions {
                c.points = if weight_total > 0.0 {
                    100.0 * c.weight * c.value / weight_total
                } else {
                    0.0
                };
            }
        }
        Verdict::Allowed(score)
    }
}

#[derive(Default)]
struct Explanation {
    contributions: Vec<Contribution>,
    bonus: f64,
    bonus_evidence: Vec<String>,
}

fn format_hours(hours: f64) -> String {
    if hours.fract() == 0.0 {
        format!("{hours:.0}")
    } else {
        format!("{hours:.1}")
    }
}

impl ProfileIndex<'_> {
    /// The program's time-zone limit in hours (for messages).
    pub fn max_time_zone_hours(&self) -> f64 {
        self.settings.max_time_zone_hours
    }

    /// How much a set of people have in common: mean Jaccard overlap of wanted skills plus
    /// goals over every two members (1 for a single member), and the focus shared by two or more.
    pub fn coherence(&self, people: &[usize]) -> (f64, Vec<String>) {
        let focus = |k: usize| -> Vec<u32> {
            let p = &self.profiles[k];
            sorted(p.wanted.iter().chain(&p.goals).copied().collect())
        };
        let sets: Vec<Vec<u32>> = people.iter().map(|&k| focus(k)).collect();
        let mut counts: HashMap<u32, usize> = HashMap::new();
        for set in &sets {
            for &w in set {
                *counts.entry(w).or_default() += 1;
            }
        }
        let mut shared_focus: Vec<String> = counts
            .iter()
            .filter(|(_, c)| **c >= 2)
            .map(|(&w, _)| self.word(w).to_string())
            .collect();
        shared_focus.sort();
        if sets.len() < 2 {
            return (1.0, shared_focus);
        }
        let mut sum = 0.0;
        let mut n = 0;
        for a in 0..sets.len() {
            for b in a + 1..sets.len() {
                let common = shared(&sets[a], &sets[b], |_| {});
                let union = sets[a].len() + sets[b].len() - common;
                sum += if union == 0 {
                    0.0
                } else {
                    common as f64 / union as f64
                };
                n += 1;
            }
        }
        (sum / n as f64, shared_focus)
    }
}
