//! The org chart: how many people each department and partner gets, how they split into teams,
//! who reports to whom, titles, offices and tenure. Everything later hangs off these slots.

use crate::data::{self, DepartmentSpec, HUBS, TeamSpec};
use crate::rng::Rng;

/// Seed streams, so each phase draws independently of the others.
pub const STREAM_CHART: u64 = 1;
pub const STREAM_TENURE: u64 = 2;

/// A position in the chart; becomes a member once people are ordered.
pub struct Slot {
    pub org: usize,
    pub dept: usize,
    pub team: usize,
    pub unit: usize,
    /// Job family: the team's spec (for heads and directors, their unit's first team).
    pub family: &'static TeamSpec,
    pub seniority: u8,
    pub manager: Option<usize>,
    pub title: String,
    pub hub: usize,
    /// Runs programs or communities on the platform (role Lead).
    pub platform_lead: bool,
    pub experience_months: u32,
    pub joined_days_ago: u32,
}

/// A department of the home organization, or one partner's staff inside a department.
pub struct Unit {
    pub org: usize,
    pub dept: usize,
    pub head_title: &'static str,
    pub director_title: &'static str,
    pub junior: &'static str,
    pub teams: &'static [TeamSpec],
}

pub struct TeamDraft {
    pub name: String,
    pub org: usize,
    pub dept: usize,
    pub lead: Option<usize>,
}

pub struct Chart {
    pub slots: Vec<Slot>,
    pub units: Vec<Unit>,
    pub teams: Vec<TeamDraft>,
    pub dept_heads: Vec<Option<usize>>,
    /// Slot of the People head (the admin) and of the chosen program lead.
    pub admin: usize,
    pub lead: usize,
}

/// Largest-remainder apportionment of `total` by `weights` (ties to the lower index).
fn apportion(total: usize, weights: &[u64]) -> Vec<usize> {
    let sum: u64 = weights.iter().sum();
    if sum == 0 {
        return vec![0; weights.len()];
    }
    let mut counts: Vec<usize> = Vec::with_capacity(weights.len());
    let mut rems: Vec<(u64, usize)> = Vec::with_capacity(weights.len());
    for (i, w) in weights.iter().enumerate() {
        let exact = total as u128 * *w as u128;
        counts.push((exact / sum as u128) as usize);
        rems.push(((exact % sum as u128) as u64, i));
    }
    let left = total - counts.iter().sum::<usize>();
    rems.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, i) in rems.into_iter().take(left) {
        counts[i] += 1;
    }
    counts
}

fn team_count(people: usize) -> usize {
    if people <= 12 {
        return usize::from(people > 0);
    }
    let t = (people * 2 + 8) / 17; // round(people / 8.5)
    t.clamp(people.div_ceil(12), people / 5)
}

/// Sizes of teams of 5-12 (one smaller team only when there are fewer than 5 people).
fn split_teams(rng: &mut Rng, people: usize) -> Vec<usize> {
    let t = team_count(people);
    let mut sizes = Vec::with_capacity(t);
    let mut left = people;
    for k in (0..t).rev() {
        if k == 0 {
            sizes.push(left);
            break;
        }
        let lo = 5.max(left.saturating_sub(12 * k));
        let hi = 12.min(left - 5 * k);
        let size = lo + rng.below(hi - lo + 1);
        sizes.push(size);
        left -= size;
    }
    sizes
}

/// Directors per level, bottom up, so that nobody manages more than seven leads or directors.
fn director_levels(teams: usize) -> Vec<usize> {
    let mut levels = Vec::new();
    let mut n = teams;
    while n > 7 {
        n = n.div_ceil(6);
        levels.push(n);
    }
    levels
}

fn team_name(spec: &TeamSpec, repeat: usize) -> String {
    if repeat == 0 {
        spec.name.to_string()
    } else {
        format!("{} {}", spec.name, repeat + 1)
    }
}

pub fn ic_title(junior: &str, role: &str, seniority: u8) -> String {
    match seniority {
        0 => format!("{role} Intern"),
        1 => format!("{junior} {role}"),
        2 => role.to_string(),
        _ => format!("Senior {role}"),
    }
}

struct Builder<'a> {
    rng: &'a mut Rng,
    chart: Chart,
    /// Next repeat number per team template (by name), for unique team names.
    repeats: std::collections::HashMap<&'static str, usize>,
    leadership_repeats: std::collections::HashMap<String, usize>,
}

impl Builder<'_> {
    fn new_team(&mut self, name: String, org: usize, dept: usize) -> usize {
        self.chart.teams.push(TeamDraft {
            name,
            org,
            dept,
            lead: None,
        });
        self.chart.teams.len() - 1
    }

    fn spec_team(&mut self, spec: &'static TeamSpec, org: usize, dept: usize) -> usize {
        let r = self.repeats.entry(spec.name).or_insert(0);
        let name = team_name(spec, *r);
        *r += 1;
        self.new_team(name, org, dept)
    }

    fn leadership_team(&mut self, base: &str, org: usize, dept: usize) -> usize {
        let r = self.leadership_repeats.entry(base.to_string()).or_insert(0);
        let name = if *r == 0 {
            format!("{base} Leadership")
        } else {
            format!("{base} Leadership {}", *r + 1)
        };
        *r += 1;
        self.new_team(name, org, dept)
    }

    #[allow(clippy::too_many_arguments)]
    fn push(
        &mut self,
        unit: usize,
        team: usize,
        family: &'static TeamSpec,
        seniority: u8,
        manager: Option<usize>,
        title: String,
        hub: usize,
        platform_lead: bool,
    ) -> usize {
        let u = &self.chart.units[unit];
        self.chart.slots.push(Slot {
            org: u.org,
            dept: u.dept,
            team,
            unit,
            family,
            seniority,
            manager,
            title,
            hub,
            platform_lead,
            experience_months: 0,
            joined_days_ago: 0,
        });
        self.chart.slots.len() - 1
    }

    /// A member's office: mostly the team's, some work remotely from elsewhere.
    fn member_hub(&mut self, team_hub: usize) -> usize {
        if self.rng.percent(80) {
            team_hub
        } else {
            self.rng.weighted(HUBS, |h| h.weight)
        }
    }

    /// Lays out one unit of `count` people; returns the head's slot.
    fn unit(
        &mut self,
        unit: usize,
        count: usize,
        head_seniority: u8,
        head_manager: Option<usize>,
        hub_of_team: &dyn Fn(&mut Rng) -> usize,
    ) -> Option<usize> {
        if count == 0 {
            return None;
        }
        let (org, dept, head_title, director_title, specs) = {
            let u = &self.chart.units[unit];
            (u.org, u.dept, u.head_title, u.director_title, u.teams)
        };
        let unit_name = if org == 0 {
            data::DEPARTMENTS[dept].name
        } else {
            data::PARTNERS[org - 1].name
        };
        let rest = count - 1;

        // Directors and teams depend on each other's numbers; settle on a fixed point.
        let mut levels: Vec<usize> = Vec::new();
        for _ in 0..6 {
            let people = rest.saturating_sub(levels.iter().sum());
            let next = director_levels(team_count(people));
            if next == levels {
                break;
            }
            levels = next;
        }
        let directors: usize = levels.iter().sum();
        if directors > rest {
            levels.clear();
        }
        let directors: usize = levels.iter().sum();

        let lead_hub = hub_of_team(self.rng);
        let head;
        let team_sizes;
        if levels.is_empty() {
            // The head leads the first team directly; other team leads report to the head.
            team_sizes = split_teams(self.rng, rest + 1);
            let first = self.spec_team(&specs[0], org, dept);
            head = self.push(
                unit,
                first,
                &specs[0],
                head_seniority,
                head_manager,
                head_title.to_string(),
                lead_hub,
                false,
            );
            self.chart.teams[first].lead = Some(head);
            let leaders = vec![head; team_sizes.len()];
            self.teams(
                unit,
                &team_sizes,
                &leaders,
                Some(first),
                lead_hub,
                hub_of_team,
            );
        } else {
            team_sizes = split_teams(self.rng, rest - directors);
            let top = self.leadership_team(unit_name, org, dept);
            head = self.push(
                unit,
                top,
                &specs[0],
                head_seniority,
                head_manager,
                head_title.to_string(),
                lead_hub,
                false,
            );
            self.chart.teams[top].lead = Some(head);
            // Director levels, top down. Every director sits in their manager's leadership
            // team; a director who manages directors also leads a leadership team of their own.
            let mut above: Vec<usize> = vec![head];
            let mut above_groups: Vec<usize> = vec![top];
            for (depth, &n) in levels.iter().enumerate().rev() {
                let senior = depth > 0;
                let mut this_level = Vec::with_capacity(n);
                let mut this_groups = Vec::with_capacity(n);
                for k in 0..n {
                    let parent = k * above.len() / n;
                    let title = if senior {
                        format!("Senior {director_title}")
                    } else {
                        director_title.to_string()
                    };
                    let hub = self.member_hub(lead_hub);
                    let team = above_groups[parent];
                    let s = self.push(
                        unit,
                        team,
                        &specs[0],
                        5,
                        Some(above[parent]),
                        title,
                        hub,
                        false,
                    );
                    if senior {
                        let group = self.leadership_team(unit_name, org, dept);
                        self.chart.teams[group].lead = Some(s);
                        this_groups.push(group);
                    } else {
                        this_groups.push(team);
                    }
                    this_level.push(s);
                }
                above = this_level;
                above_groups = this_groups;
            }
            let t = team_sizes.len();
            let leaders: Vec<usize> = (0..t).map(|j| above[j * above.len() / t]).collect();
            self.teams(unit, &team_sizes, &leaders, None, lead_hub, hub_of_team);
        }
        Some(head)
    }

    /// Fills teams of the given sizes. With `head_team`, the first team already exists and its
    /// first position is the head.
    fn teams(
        &mut self,
        unit: usize,
        sizes: &[usize],
        managers: &[usize],
        head_team: Option<usize>,
        head_hub: usize,
        hub_of_team: &dyn Fn(&mut Rng) -> usize,
    ) {
        let (org, dept, junior, specs) = {
            let u = &self.chart.units[unit];
            (u.org, u.dept, u.junior, u.teams)
        };
        for (j, &size) in sizes.iter().enumerate() {
            let spec = &specs[j % specs.len()];
            let (team, hub, mut boss, mut left) = match (j, head_team) {
                (0, Some(t)) => (t, head_hub, managers[0], size - 1),
                _ => {
                    let team = self.spec_team(spec, org, dept);
                    (team, hub_of_team(self.rng), managers[j], size)
                }
            };
            let leads = spec.platform_leads;
            if left >= 4 && !(j == 0 && head_team.is_some()) {
                let lead = self.push(
                    unit,
                    team,
                    spec,
                    4,
                    Some(boss),
                    spec.lead.to_string(),
                    hub,
                    leads,
                );
                self.chart.teams[team].lead = Some(lead);
                boss = lead;
                left -= 1;
            }
            for _ in 0..left {
                let roll = self.rng.below(100);
                let seniority = if roll < 28 {
                    1
                } else if roll < 68 {
                    2
                } else {
                    3
                };
                let title = ic_title(junior, spec.role, seniority);
                let h = self.member_hub(hub);
                self.push(
                    unit,
                    team,
                    spec,
                    seniority,
                    Some(boss),
                    title,
                    h,
                    leads && seniority >= 2,
                );
            }
        }
    }
}

/// Partner staff: about 6% of members once the organization has 40 or more.
pub fn partner_total(members: usize) -> usize {
    if members >= 40 {
        (members * 6 + 50) / 100
    } else {
        0
    }
}

pub fn build(members: usize, seed: u64) -> Chart {
    let mut rng = Rng::derive(seed, STREAM_CHART, 0);
    let partners = partner_total(members);
    let home = members - partners;
    let exec = if home >= 40 {
        1 + (home / 150).min(5)
    } else {
        0
    };
    let rest = home - exec;

    let weights: Vec<u64> = data::DEPARTMENTS
        .iter()
        .map(|d| d.weight as u64 * (85 + rng.below(31) as u64))
        .collect();
    let mut counts = apportion(rest, &weights);
    counts[data::EXECUTIVE] = exec;
    // The People department always has the admin and, room permitting, a program lead.
    let want = rest.min(2);
    while counts[data::PEOPLE] < want {
        let largest = (0..counts.len())
            .filter(|&i| i != data::PEOPLE && i != data::EXECUTIVE)
            .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
            .unwrap_or(data::PEOPLE);
        counts[largest] -= 1;
        counts[data::PEOPLE] += 1;
    }
    let partner_counts = apportion(
        partners,
        &data::PARTNERS
            .iter()
            .map(|p| p.share as u64)
            .collect::<Vec<_>>(),
    );

    let mut b = Builder {
        rng: &mut rng,
        chart: Chart {
            slots: Vec::with_capacity(members),
            units: Vec::new(),
            teams: Vec::new(),
            dept_heads: vec![None; data::DEPARTMENTS.len()],
            admin: 0,
            lead: 0,
        },
        repeats: Default::default(),
        leadership_repeats: Default::default(),
    };

    let mut ceo = None;
    for (d, spec) in data::DEPARTMENTS.iter().enumerate() {
        b.chart.units.push(home_unit(d, spec));
        let hq = spec.hq_percent;
        let pick = move |r: &mut Rng| {
            if r.percent(hq) {
                data::HQ
            } else {
                r.weighted(HUBS, |h| h.weight)
            }
        };
        // Heads of department report to the chief executive (the executive office's head,
        // built first), when the organization is big enough to have one.
        let head = b.unit(d, counts[d], 6, ceo, &pick);
        if d == data::EXECUTIVE {
            ceo = head;
        }
        b.chart.dept_heads[d] = head;
    }
    for (p, spec) in data::PARTNERS.iter().enumerate() {
        let dept = data::DEPARTMENTS
            .iter()
            .position(|d| d.name == spec.department)
            .unwrap_or(0);
        b.chart.units.push(Unit {
            org: p + 1,
            dept,
            head_title: spec.head,
            director_title: spec.head,
            junior: "Junior",
            teams: spec.teams,
        });
        let hubs: Vec<usize> = spec
            .hubs
            .iter()
            .filter_map(|c| HUBS.iter().position(|h| h.city == *c))
            .collect();
        let pick = move |r: &mut Rng| *r.pick(&hubs);
        let unit = b.chart.units.len() - 1;
        b.unit(unit, partner_counts[p], 5, None, &pick);
    }

    let mut chart = b.chart;
    chart.admin = chart.dept_heads[data::PEOPLE].unwrap_or(0);
    chart.lead = choose_lead(&chart);
    chart.slots[chart.lead].platform_lead = true;
    assign_tenure(&mut chart, seed);
    chart
}

fn home_unit(d: usize, spec: &'static DepartmentSpec) -> Unit {
    Unit {
        org: 0,
        dept: d,
        head_title: spec.head,
        director_title: spec.director,
        junior: spec.junior,
        teams: spec.teams,
    }
}

/// The demo program lead: the Learning & Development lead, else a People member, else anyone
/// but the admin.
fn choose_lead(chart: &Chart) -> usize {
    let admin = chart.admin;
    let ld_team = data::DEPARTMENTS[data::PEOPLE].teams[0].name;
    let in_ld = |s: &Slot| s.org == 0 && chart.teams[s.team].name == ld_team;
    let candidates = chart.slots.iter().enumerate().filter(|(i, _)| *i != admin);
    let mut best: Option<(u8, usize)> = None;
    for (i, s) in candidates {
        let rank = if in_ld(s) && s.seniority == 4 {
            0
        } else if in_ld(s) {
            1
        } else if s.dept == data::PEOPLE && s.org == 0 {
            2
        } else {
            3
        };
        if best.is_none_or(|(r, _)| rank < r) {
            best = Some((rank, i));
        }
    }
    best.map_or(0, |(_, i)| i)
}

/// Experience and tenure, consistent with seniority. Some recent newcomers.
fn assign_tenure(chart: &mut Chart, seed: u64) {
    let ceo = chart.dept_heads[data::EXECUTIVE];
    for (i, s) in chart.slots.iter_mut().enumerate() {
        let mut rng = Rng::derive(seed, STREAM_TENURE, i as u64);
        let (lo, hi) = match s.seniority {
            1 => (0, 3),
            2 => (2, 7),
            3 => (5, 12),
            4 => (7, 16),
            5 => (10, 22),
            _ => (14, 28),
        };
        let years = rng.range(lo, hi);
        s.experience_months = years * 12 + rng.range(0, 11);
        let max_days = (s.experience_months * 365 / 12).clamp(200, 4380);
        let roll = rng.below(1000);
        s.joined_days_ago = if Some(i) == ceo {
            rng.range(3650, 4380)
        } else if i == chart.admin || i == chart.lead {
            rng.range(700, max_days.max(701))
        } else if roll < 50 {
            rng.range(0, 30)
        } else if roll < 130 {
            rng.range(31, 180)
        } else {
            rng.range(181, max_days)
        };
        // Experience covers at least the time here.
        s.experience_months = s.experience_months.max(s.joined_days_ago * 12 / 365);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn apportion_sums() {
        assert_eq!(apportion(10, &[1, 1, 1]).iter().sum::<usize>(), 10);
        assert_eq!(apportion(0, &[1, 2]), vec![0, 0]);
        assert_eq!(apportion(7, &[0, 0]), vec![0, 0]);
    }

    #[test]
    fn teams_are_five_to_twelve() {
        let mut rng = Rng::new(1);
        for p in 13..500 {
            let s = split_teams(&mut rng, p);
            assert_eq!(s.iter().sum::<usize>(), p);
            assert!(s.iter().all(|&x| (5..=12).contains(&x)), "{p}: {s:?}");
        }
        assert_eq!(split_teams(&mut rng, 3), vec![3]);
        assert!(split_teams(&mut rng, 0).is_empty());
    }

    #[test]
    fn chart_has_exact_count() {
        for n in [3, 4, 10, 39, 40, 41, 300, 2000] {
            let c = build(n, 9);
            assert_eq!(c.slots.len(), n, "n={n}");
        }
    }
}
