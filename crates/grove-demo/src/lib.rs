//! Demo organizations for Grove: [`generate`] builds a believable company ("Northwind Labs")
//! and a few partner organizations — people, profiles, org chart and social graph — as plain
//! data for `grove demo` and `grove serve --demo` to load. Pure and deterministic: the same
//! `(members, seed)` always gives the same output, on any platform; no I/O, no clock.
//!
//! Map:
//! - [`model`]: the public types ([`DemoOrg`], [`Member`], ...).
//! - `data`: the tables drawn from (departments and teams, skills, offices, names, goals).
//! - `chart`: head counts, teams, reporting lines, titles, offices, tenure.
//! - `profile`: one member's profile from their place in the chart.
//! - `network`: connections, follows, endorsements, pending requests.
//! - `rng`: a small seeded PRNG (xoshiro256**).
//!
//! Linear in the number of members: 100,000 members take well under two seconds in release.

mod chart;
mod data;
pub mod model;
mod network;
mod profile;
mod rng;

use std::cmp::Reverse;

pub use model::{
    CareerRole, DemoAccounts, DemoOrg, Department, Endorsement, Member, MemberSkill, Mentoring,
    Organization, Role, Skill, Team,
};

use network::{Groups, Person};
use rng::Rng;

/// The smallest organization [`generate`] makes: an admin, a program lead and a member.
pub const MIN_MEMBERS: usize = 3;

const STREAM_FLAGS: u64 = 20;

/// Generates an organization of `members` people (at least [`MIN_MEMBERS`]) from `seed`.
///
/// Member 0 is the admin. Members are otherwise numbered in the order they joined. Runs in
/// time and memory linear in `members` (which must stay below 2^32).
///
/// ```
/// let org = grove_demo::generate(300, 1);
/// assert_eq!(org.members.len(), 300);
/// let admin = &org.members[org.demo_admin()];
/// assert!(admin.email.ends_with("@northwind.example"));
/// assert_eq!(org, grove_demo::generate(300, 1));
/// ```
pub fn generate(members: usize, seed: u64) -> DemoOrg {
    let n = members.max(MIN_MEMBERS);
    let chart = chart::build(n, seed);

    // Admin first, then everyone in the order they joined.
    let mut order: Vec<usize> = (0..n).filter(|&s| s != chart.admin).collect();
    order.sort_by_key(|&s| (Reverse(chart.slots[s].joined_days_ago), s));
    order.insert(0, chart.admin);
    let mut index_of = vec![0usize; n];
    for (i, &s) in order.iter().enumerate() {
        index_of[s] = i;
    }
    let admin = 0;
    let lead = index_of[chart.lead];

    let mut organizations = vec![Organization {
        name: data::HOME_NAME.to_string(),
        domain: data::HOME_DOMAIN.to_string(),
        partner: false,
    }];
    organizations.extend(data::PARTNERS.iter().map(|p| Organization {
        name: p.name.to_string(),
        domain: p.domain.to_string(),
        partner: true,
    }));

    let catalog = profile::Catalog::new();
    let ctx = profile::Context {
        seed,
        chart: &chart,
        catalog: &catalog,
        org_names: std::iter::once(data::HOME_NAME)
            .chain(data::PARTNERS.iter().map(|p| p.name))
            .collect(),
        org_domains: std::iter::once(data::HOME_DOMAIN)
            .chain(data::PARTNERS.iter().map(|p| p.domain))
            .collect(),
        team_names: chart.teams.iter().map(|t| t.name.clone()).collect(),
    };
    let mut emails = profile::EmailBook::with_capacity(n);
    let member_list: Vec<Member> = order
        .iter()
        .enumerate()
        .map(|(i, &s)| {
            let slot = &chart.slots[s];
            let role = if s == chart.admin {
                Role::Admin
            } else if slot.platform_lead {
                Role::Lead
            } else {
                Role::Member
            };
            let manager = slot.manager.map(|m| index_of[m]);
            profile::member(&ctx, slot, i, manager, role, &mut emails)
        })
        .collect();

    // The graph works in final numbering.
    let mut people: Vec<Option<Person>> = vec![None; n];
    let mut groups = Groups {
        by_dept: vec![Vec::new(); data::DEPARTMENTS.len()],
        pos_in_dept: vec![0; n],
        by_team: vec![Vec::new(); chart.teams.len()],
        by_hub: vec![Vec::new(); data::HUBS.len()],
        brokers: Vec::new(),
        related: data::DEPARTMENTS
            .iter()
            .map(|d| {
                d.related
                    .iter()
                    .filter_map(|r| data::DEPARTMENTS.iter().position(|x| x.name == *r))
                    .collect()
            })
            .collect(),
        heads: chart
            .dept_heads
            .iter()
            .map(|h| h.map(|s| index_of[s]))
            .collect(),
        ceo: chart.dept_heads[data::EXECUTIVE].map(|s| index_of[s]),
    };
    for (s, slot) in chart.slots.iter().enumerate() {
        let i = index_of[s];
        let mut rng = Rng::derive(seed, STREAM_FLAGS, i as u64);
        let newcomer = slot.joined_days_ago <= 30;
        let isolated =
            newcomer && slot.seniority <= 4 && i != admin && i != lead && rng.percent(45);
        if !newcomer && slot.seniority >= 2 && rng.per_mille(15) {
            groups.brokers.push(i);
        }
        people[i] = Some(Person {
            dept: slot.dept,
            team: slot.team,
            hub: slot.hub,
            seniority: slot.seniority,
            manager: slot.manager.map(|m| index_of[m]),
            newcomer,
            isolated,
            platform_lead: slot.platform_lead,
        });
        groups.pos_in_dept[i] = groups.by_dept[slot.dept].len();
        groups.by_dept[slot.dept].push(i);
        groups.by_team[slot.team].push(i);
        groups.by_hub[slot.hub].push(i);
    }
    groups.brokers.sort_unstable();
    let people: Vec<Person> = people.into_iter().flatten().collect();

    let connections = network::connections(&people, &groups, seed);
    let follows = network::follows(&people, &groups, seed);
    let endorsements = network::endorsements(&member_list, &connections, seed);
    let member = choose_member(&member_list, &people, &connections, admin, lead);
    let pending_requests =
        network::pending_requests(&people, &groups, &connections, &[member, lead], seed);

    DemoOrg {
        as_of: profile::as_of_string(),
        organizations,
        values: data::VALUES.iter().map(|v| v.to_string()).collect(),
        departments: data::DEPARTMENTS
            .iter()
            .enumerate()
            .map(|(d, spec)| Department {
                name: spec.name.to_string(),
                head: chart.dept_heads[d].map(|s| index_of[s]),
            })
            .collect(),
        teams: chart
            .teams
            .iter()
            .map(|t| Team {
                name: t.name.clone(),
                organization: t.org,
                department: t.dept,
                lead: t.lead.map(|s| index_of[s]),
            })
            .collect(),
        skills: data::SKILLS
            .iter()
            .map(|(name, category)| Skill {
                name: name.to_string(),
                category: category.to_string(),
            })
            .collect(),
        members: member_list,
        connections,
        pending_requests,
        follows,
        endorsements,
        accounts: DemoAccounts {
            admin,
            lead,
            member,
        },
    }
}

/// The demo member: an ordinary, settled, well-connected home-organization member who takes
/// part in mentoring; the requirements relax until someone fits.
fn choose_member(
    members: &[Member],
    people: &[Person],
    connections: &[(usize, usize)],
    admin: usize,
    lead: usize,
) -> usize {
    let mut degree = vec![0u32; members.len()];
    for &(a, b) in connections {
        degree[a] += 1;
        degree[b] += 1;
    }
    let fits = |i: usize, strict: u8| {
        let m = &members[i];
        let p = &people[i];
        i != admin
            && i != lead
            && (strict < 1 || m.role == Role::Member)
            && (strict < 2 || (m.organization == 0 && !p.isolated))
            && (strict < 3
                || ((2..=3).contains(&m.seniority)
                    && m.joined_days_ago >= 365
                    && degree[i] >= 8
                    && m.mentoring != Mentoring::None))
    };
    for strict in (0..=3).rev() {
        if let Some(i) = (0..members.len()).find(|&i| fits(i, strict)) {
            return i;
        }
    }
    // Only reachable with fewer than three members, which generate() never makes.
    (0..members.len()).find(|&i| i != admin).unwrap_or(admin)
}
