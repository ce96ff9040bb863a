//! The social graph: connections shaped like a workplace (dense inside teams, thinner across
//! the department, sparse across departments, a few brokers, some isolated newcomers), then
//! follows, endorsements and pending requests on top. Linear in members: every member draws a
//! bounded number of ties, duplicates are removed by one sort.

use std::collections::HashSet;

use crate::model::{Endorsement, Member};
use crate::rng::Rng;

pub const STREAM_TIES: u64 = 10;
pub const STREAM_FOLLOWS: u64 = 11;
pub const STREAM_ENDORSE: u64 = 12;
pub const STREAM_PENDING: u64 = 13;

/// What the graph needs to know about one member (final numbering).
#[derive(Clone, Copy)]
pub struct Person {
    pub dept: usize,
    pub team: usize,
    pub hub: usize,
    pub seniority: u8,
    pub manager: Option<usize>,
    pub newcomer: bool,
    /// No ties at all, or only to their manager.
    pub isolated: bool,
    pub platform_lead: bool,
}

/// Indices of members grouped several ways, in org-chart order so that neighbours in a
/// department list sit in nearby teams.
pub struct Groups {
    pub by_dept: Vec<Vec<usize>>,
    pub pos_in_dept: Vec<usize>,
    pub by_team: Vec<Vec<usize>>,
    pub by_hub: Vec<Vec<usize>>,
    pub brokers: Vec<usize>,
    /// Related departments of each department.
    pub related: Vec<Vec<usize>>,
    /// Head of each department, by department.
    pub heads: Vec<Option<usize>>,
    pub ceo: Option<usize>,
}

fn key(a: usize, b: usize) -> u64 {
    let (a, b) = if a < b { (a, b) } else { (b, a) };
    ((a as u64) << 32) | b as u64
}

struct Picker<'a> {
    people: &'a [Person],
    groups: &'a Groups,
}

impl Picker<'_> {
    fn ok(&self, i: usize, j: usize) -> bool {
        i != j && !self.people[j].isolated
    }

    /// A colleague in the same department: usually from nearby teams, sometimes anywhere in it.
    fn in_dept(&self, rng: &mut Rng, i: usize) -> Option<usize> {
        let list = &self.groups.by_dept[self.people[i].dept];
        let pos = self.groups.pos_in_dept[i];
        for _ in 0..4 {
            let j = if rng.percent(60) {
                let off = rng.range(1, 40) as usize;
                if rng.percent(50) {
                    list[pos.saturating_sub(off)]
                } else {
                    list[(pos + off).min(list.len() - 1)]
                }
            } else {
                *rng.pick(list)
            };
            if self.ok(i, j) {
                return Some(j);
            }
        }
        None
    }

    /// Anyone, more likely someone in the same office or a department they work with.
    fn anywhere(&self, rng: &mut Rng, i: usize) -> Option<usize> {
        let related = &self.groups.related[self.people[i].dept];
        for _ in 0..4 {
            let roll = rng.below(100);
            let j = if roll < 40 {
                *rng.pick(&self.groups.by_hub[self.people[i].hub])
            } else if roll < 75 && !related.is_empty() {
                let list = &self.groups.by_dept[*rng.pick(related)];
                if list.is_empty() {
                    continue;
                }
                *rng.pick(list)
            } else {
                rng.below(self.people.len())
            };
            if self.ok(i, j) {
                return Some(j);
            }
        }
        None
    }

    /// Someone in another department, often a related one.
    fn other_dept(&self, rng: &mut Rng, i: usize) -> Option<usize> {
        let related = &self.groups.related[self.people[i].dept];
        for _ in 0..6 {
            let j = match related.is_empty() || rng.percent(50) {
                true => rng.below(self.people.len()),
                false => match self.groups.by_dept[*rng.pick(related)].as_slice() {
                    [] => continue,
                    list => *rng.pick(list),
                },
            };
            if self.ok(i, j) && self.people[j].dept != self.people[i].dept {
                return Some(j);
            }
        }
        None
    }
}

pub fn connections(people: &[Person], groups: &Groups, seed: u64) -> Vec<(usize, usize)> {
    let n = people.len();
    let mut edges: Vec<u64> = Vec::with_capacity(n * 12);
    let picker = Picker { people, groups };

    // Teams: most pairs know each other.
    let mut rng = Rng::derive(seed, STREAM_TIES, u64::MAX);
    for team in &groups.by_team {
        for (x, &a) in team.iter().enumerate() {
            for &b in &team[x + 1..] {
                let (pa, pb) = (&people[a], &people[b]);
                if pa.isolated || pb.isolated {
                    continue;
                }
                let p = if pa.newcomer || pb.newcomer { 40 } else { 75 };
                if pa.manager == Some(b) || pb.manager == Some(a) || rng.percent(p) {
                    edges.push(key(a, b));
                }
            }
        }
    }
    // Heads of department know each other and the chief executive.
    let heads: Vec<usize> = groups.heads.iter().flatten().copied().collect();
    for (x, &a) in heads.iter().enumerate() {
        for &b in &heads[x + 1..] {
            if rng.percent(60) {
                edges.push(key(a, b));
            }
        }
        if let Some(c) = groups.ceo.filter(|&c| c != a) {
            edges.push(key(a, c));
        }
    }

    for (i, p) in people.iter().enumerate() {
        let mut rng = Rng::derive(seed, STREAM_TIES, i as u64);
        if let Some(m) = p.manager {
            // An isolated newcomer knows at most their manager, and only half of them that.
            let tie = !people[m].isolated && (!p.isolated || rng.percent(50));
            if tie {
                edges.push(key(i, m));
            }
        }
        if p.isolated {
            continue;
        }
        let (mut in_dept, mut across) = if p.newcomer {
            (rng.range(0, 2), 0)
        } else {
            (rng.range(1, 7), rng.range(0, 3))
        };
        if !p.newcomer && rng.percent(10) {
            in_dept *= 2;
            across *= 2;
        }
        if p.seniority >= 5 {
            across += rng.range(3, 10);
        }
        if p.platform_lead {
            across += rng.range(6, 20);
        }
        for _ in 0..in_dept {
            if let Some(j) = picker.in_dept(&mut rng, i) {
                edges.push(key(i, j));
            }
        }
        for _ in 0..across {
            if let Some(j) = picker.anywhere(&mut rng, i) {
                edges.push(key(i, j));
            }
        }
    }
    // Brokers: a few people with many ties into other departments.
    for &b in &groups.brokers {
        let mut rng = Rng::derive(seed, STREAM_TIES, (n + b) as u64);
        for _ in 0..rng.range(25, 70) {
            if let Some(j) = picker.other_dept(&mut rng, b) {
                edges.push(key(b, j));
            }
        }
    }

    edges.sort_unstable();
    edges.dedup();
    edges
        .into_iter()
        .map(|k| ((k >> 32) as usize, (k & 0xFFFF_FFFF) as usize))
        .collect()
}

pub fn follows(people: &[Person], groups: &Groups, seed: u64) -> Vec<(usize, usize)> {
    let picker = Picker { people, groups };
    let mut out: Vec<u64> = Vec::with_capacity(people.len() * 3);
    let lead_list: Vec<usize> = (0..people.len())
        .filter(|&i| people[i].platform_lead)
        .collect();
    let mut push = |a: usize, b: usize| {
        if a != b {
            out.push(((a as u64) << 32) | b as u64);
        }
    };
    for (i, p) in people.iter().enumerate() {
        let mut rng = Rng::derive(seed, STREAM_FOLLOWS, i as u64);
        if let Some(h) = groups.heads[p.dept].filter(|_| rng.percent(35)) {
            push(i, h);
        }
        if let Some(mm) = p.manager.and_then(|m| people[m].manager)
            && rng.percent(25)
        {
            push(i, mm);
        }
        if let Some(c) = groups.ceo.filter(|_| rng.percent(12)) {
            push(i, c);
        }
        if p.isolated {
            continue;
        }
        for _ in 0..rng.range(0, 3) {
            if let Some(j) = picker.in_dept(&mut rng, i)
                && people[j].seniority >= 3
            {
                push(i, j);
            }
        }
        if !groups.brokers.is_empty() && rng.percent(8) {
            push(i, *rng.pick(&groups.brokers));
        }
        if !lead_list.is_empty() && rng.percent(10) {
            push(i, *rng.pick(&lead_list));
        }
    }
    out.sort_unstable();
    out.dedup();
    out.into_iter()
        .map(|k| ((k >> 32) as usize, (k & 0xFFFF_FFFF) as usize))
        .collect()
}

/// Endorsements along connections, on skills the endorsed member has (not ones they are only
/// learning), preferring skills both share.
pub fn endorsements(
    members: &[Member],
    connections: &[(usize, usize)],
    seed: u64,
) -> Vec<Endorsement> {
    // Skills packed in one array (skill index, endorsable), so the pass over a million
    // connections stays in cache.
    let mut offsets: Vec<u32> = Vec::with_capacity(members.len() + 1);
    let mut flat: Vec<(u32, bool)> = Vec::with_capacity(members.len() * 10);
    for m in members {
        offsets.push(flat.len() as u32);
        flat.extend(
            m.skills
                .iter()
                .map(|s| (s.skill as u32, !s.wants_to_learn && s.level >= 2)),
        );
    }
    offsets.push(flat.len() as u32);
    let skills_of = |i: usize| &flat[offsets[i] as usize..offsets[i + 1] as usize];

    let mut rng = Rng::derive(seed, STREAM_ENDORSE, 0);
    let mut out = Vec::with_capacity(connections.len() * 2 / 3);
    let endorse = |rng: &mut Rng, from: usize, to: usize, out: &mut Vec<Endorsement>| {
        let theirs = skills_of(to);
        let mine = skills_of(from);
        // A few random draws, keeping the first skill both share when one turns up.
        let mut fallback = None;
        let mut chosen = None;
        for _ in 0..6 {
            let &(skill, endorsable) = rng.pick(theirs);
            if !endorsable {
                continue;
            }
            if mine.iter().any(|m| m.0 == skill) {
                chosen = Some(skill);
                break;
            }
            fallback.get_or_insert(skill);
        }
        let Some(skill) = chosen.or(fallback) else {
            return;
        };
        out.push(Endorsement {
            from,
            to,
            skill: skill as usize,
        });
        if rng.percent(15) {
            let &(other, endorsable) = rng.pick(theirs);
            if endorsable && other != skill {
                out.push(Endorsement {
                    from,
                    to,
                    skill: other as usize,
                });
            }
        }
    };
    for &(a, b) in connections {
        if rng.percent(30) {
            endorse(&mut rng, a, b, &mut out);
        }
        if rng.percent(30) {
            endorse(&mut rng, b, a, &mut out);
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A few unanswered connection requests, including one to each of `inbox` (demo accounts, so
/// the demo shows something to accept) and some from isolated newcomers reaching out.
pub fn pending_requests(
    people: &[Person],
    groups: &Groups,
    connections: &[(usize, usize)],
    inbox: &[usize],
    seed: u64,
) -> Vec<(usize, usize)> {
    let n = people.len();
    let picker = Picker { people, groups };
    let mut rng = Rng::derive(seed, STREAM_PENDING, 0);
    let connected = |a: usize, b: usize| {
        let k = if a < b { (a, b) } else { (b, a) };
        connections.binary_search(&k).is_ok()
    };
    let mut seen: HashSet<(usize, usize)> = HashSet::new();
    let mut out = Vec::new();
    let mut offer = |a: usize, b: usize, out: &mut Vec<(usize, usize)>| {
        let k = if a < b { (a, b) } else { (b, a) };
        if a != b && !connected(a, b) && seen.insert(k) {
            out.push((a, b));
            true
        } else {
            false
        }
    };
    for &to in inbox {
        for _ in 0..20 {
            if let Some(from) = picker.in_dept(&mut rng, to)
                && offer(from, to, &mut out)
            {
                break;
            }
        }
    }
    let isolated: Vec<usize> = (0..n).filter(|&i| people[i].isolated).collect();
    let want = 3 + n / 50;
    let mut attempts = 0;
    while out.len() < want && attempts < want * 20 {
        attempts += 1;
        let (from, to) = if !isolated.is_empty() && rng.percent(35) {
            let from = *rng.pick(&isolated);
            let team = &groups.by_team[people[from].team];
            (from, *rng.pick(team))
        } else {
            let from = rng.below(n);
            if people[from].isolated {
                continue;
            }
            let to = if rng.percent(60) {
                picker.in_dept(&mut rng, from)
            } else {
                picker.anywhere(&mut rng, from)
            };
            match to {
                Some(to) => (from, to),
                None => continue,
            }
        };
        offer(from, to, &mut out);
    }
    out.sort_unstable();
    out
}
