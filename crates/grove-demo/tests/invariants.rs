//! What the application may rely on when it loads a generated organization, and what makes the
//! demo believable: checked on small sizes exhaustively (proptest) and on a mid-size org.

use std::collections::{HashMap, HashSet};

use grove_demo::{DemoOrg, MIN_MEMBERS, Mentoring, Role, generate};
use proptest::prelude::*;

fn degrees(org: &DemoOrg) -> Vec<usize> {
    let mut d = vec![0; org.members.len()];
    for &(a, b) in &org.connections {
        d[a] += 1;
        d[b] += 1;
    }
    d
}

fn is_month(s: &str) -> bool {
    let b = s.as_bytes();
    s.len() == 7
        && b[4] == b'-'
        && b[..4].iter().chain(&b[5..]).all(u8::is_ascii_digit)
        && (1..=12).contains(&s[5..].parse::<u32>().unwrap_or(0))
}

/// Everything that must hold for any size and seed.
fn check(org: &DemoOrg, requested: usize) {
    let n = org.members.len();
    assert_eq!(n, requested.max(MIN_MEMBERS));
    let members = &org.members;

    // Reference data.
    assert!((6..=8).contains(&org.values.len()));
    assert!((12..=14).contains(&org.departments.len()));
    assert!((250..=400).contains(&org.skills.len()));
    let skill_names: HashSet<&str> = org.skills.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(skill_names.len(), org.skills.len());
    assert!(org.organizations.len() >= 3 && !org.organizations[0].partner);
    assert!(org.organizations[1..].iter().all(|o| o.partner));
    let team_names: HashMap<&str, usize> = org
        .teams
        .iter()
        .enumerate()
        .map(|(i, t)| (t.name.as_str(), i))
        .collect();
    assert_eq!(team_names.len(), org.teams.len(), "team names are unique");
    for t in &org.teams {
        assert!(t.department < org.departments.len());
        assert!(t.organization < org.organizations.len());
        if let Some(l) = t.lead {
            assert!(l < n);
        }
    }
    for d in &org.departments {
        if let Some(h) = d.head {
            assert!(h < n && members[h].seniority == 6);
        }
    }

    // Accounts.
    assert_eq!(org.demo_admin(), 0);
    assert_eq!(members[0].role, Role::Admin);
    assert_eq!(members.iter().filter(|m| m.role == Role::Admin).count(), 1);
    assert_eq!(members[0].department, 10, "the admin is a People person");
    assert_eq!(members[org.demo_lead()].role, Role::Lead);
    assert_eq!(members[org.demo_member()].role, Role::Member);
    let accounts: HashSet<usize> = [org.demo_admin(), org.demo_lead(), org.demo_member()].into();
    assert_eq!(accounts.len(), 3);

    // Members.
    let mut emails = HashSet::new();
    for (i, m) in members.iter().enumerate() {
        let domain = &org.organizations[m.organization].domain;
        assert!(
            m.email.is_ascii() && m.email.ends_with(&format!("@{domain}")),
            "{}",
            m.email
        );
        assert!(
            emails.insert(m.email.as_str()),
            "duplicate e-mail {}",
            m.email
        );
        assert_eq!(m.name, format!("{} {}", m.first_name, m.last_name));
        assert!(m.department < org.departments.len());
        let t = team_names[m.team.as_str()];
        assert_eq!(
            org.teams[t].department, m.department,
            "{} in {}",
            m.name, m.team
        );
        assert_eq!(org.teams[t].organization, m.organization);
        assert!((1..=6).contains(&m.seniority));
        if let Some(boss) = m.manager {
            assert!(boss < n && boss != i);
            let b = &members[boss];
            assert!(b.seniority >= m.seniority, "{} > {}", m.title, b.title);
            if m.seniority <= 4 {
                assert!(b.seniority > m.seniority, "{} under {}", m.title, b.title);
            }
            assert_eq!(b.organization, m.organization);
        }
        assert!(!m.title.is_empty() && !m.location.is_empty());
        assert!(m.time_zone.contains('/'));
        assert!((-720..=840).contains(&m.utc_offset_minutes));
        assert!(!m.languages.is_empty());
        let langs: HashSet<&String> = m.languages.iter().collect();
        assert_eq!(langs.len(), m.languages.len());
        assert!(
            (5..=15).contains(&m.skills.len()),
            "{} skills",
            m.skills.len()
        );
        let held: HashSet<usize> = m.skills.iter().map(|s| s.skill).collect();
        assert_eq!(held.len(), m.skills.len(), "distinct skills");
        for s in &m.skills {
            assert!(s.skill < org.skills.len());
            assert!((1..=5).contains(&s.level));
            assert!(!(s.can_teach && s.wants_to_learn));
        }
        assert!(!m.interests.is_empty() && !m.goals.is_empty());
        assert!((2..=3).contains(&m.values.len()));
        assert!(m.values.iter().all(|&v| v < org.values.len()));
        assert_eq!(
            m.values.iter().collect::<HashSet<_>>().len(),
            m.values.len()
        );
        assert!(m.bio.len() > 40 && m.bio.ends_with('.'), "{}", m.bio);
        assert!(!m.career.is_empty());
        assert_eq!(m.career[0].title, m.title);
        assert_eq!(
            m.career[0].organization,
            org.organizations[m.organization].name
        );
        assert!(m.career[0].end.is_none());
        for (k, role) in m.career.iter().enumerate() {
            assert!(is_month(&role.start), "{}", role.start);
            assert!(role.start.as_str() <= org.as_of.as_str());
            if k > 0 {
                let end = role.end.as_deref().expect("past roles end");
                assert!(is_month(end) && role.start.as_str() <= end);
                assert!(
                    end <= m.career[k - 1].start.as_str(),
                    "career is most recent first"
                );
            }
        }
        match m.mentoring {
            Mentoring::Mentor | Mentoring::Both => assert!(m.mentor_capacity >= 1),
            _ => assert_eq!(m.mentor_capacity, 0),
        }
    }
    // The reporting lines form a forest.
    for start in 0..n {
        let mut at = start;
        let mut steps = 0;
        while let Some(b) = members[at].manager {
            at = b;
            steps += 1;
            assert!(steps <= 64, "reporting cycle through {start}");
        }
    }

    // The graph.
    for w in org.connections.windows(2) {
        assert!(w[0] < w[1], "connections sorted and unique");
    }
    let connected: HashSet<(usize, usize)> = org.connections.iter().copied().collect();
    for &(a, b) in &org.connections {
        assert!(a < b && b < n);
    }
    let mut asked = HashSet::new();
    for &(a, b) in &org.pending_requests {
        assert!(a != b && a < n && b < n);
        let k = (a.min(b), a.max(b));
        assert!(!connected.contains(&k), "pending between connected members");
        assert!(asked.insert(k), "duplicate request");
    }
    for w in org.follows.windows(2) {
        assert!(w[0] < w[1], "follows sorted and unique");
    }
    for &(a, b) in &org.follows {
        assert!(a != b && a < n && b < n);
    }
    let mut seen = HashSet::new();
    for e in &org.endorsements {
        assert!(connected.contains(&(e.from.min(e.to), e.from.max(e.to))));
        assert!(members[e.to].skills.iter().any(|s| s.skill == e.skill));
        assert!(seen.insert((e.from, e.to, e.skill)));
    }
}

#[test]
fn same_seed_same_organization() {
    let a = generate(600, 42);
    let b = generate(600, 42);
    assert_eq!(a, b);
    assert_eq!(
        serde_json::to_string(&a).unwrap(),
        serde_json::to_string(&b).unwrap()
    );
    let c = generate(600, 43);
    assert_ne!(a.members, c.members);
    assert_ne!(a.connections, c.connections);
}

#[test]
fn tiny_organizations_still_have_three_accounts() {
    for n in 0..=12 {
        check(&generate(n, 5), n);
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(40))]
    #[test]
    fn invariants_hold_for_any_size_and_seed(n in 0usize..400, seed in any::<u64>()) {
        check(&generate(n, seed), n);
    }
}

#[test]
fn a_mid_size_organization_looks_like_a_workplace() {
    let org = generate(3000, 1);
    check(&org, 3000);
    let m = &org.members;
    let n = m.len() as f64;

    // Departments of very different sizes; Engineering the largest, Legal small.
    let mut sizes = vec![0usize; org.departments.len()];
    for x in m.iter().filter(|x| x.organization == 0) {
        sizes[x.department] += 1;
    }
    let name = |d: usize| org.departments[d].name.as_str();
    let largest = (0..sizes.len()).max_by_key(|&d| sizes[d]).unwrap();
    assert_eq!(name(largest), "Engineering");
    let legal = (0..sizes.len()).find(|&d| name(d) == "Legal").unwrap();
    let smallest_working = sizes[1..].iter().copied().filter(|&s| s > 0).min().unwrap();
    assert!(sizes[largest] >= 8 * smallest_working, "{sizes:?}");
    assert!(sizes[legal] * 10 < sizes[largest]);

    // Teams of 5-12 (leadership groups aside).
    let mut team_sizes: HashMap<&str, usize> = HashMap::new();
    for x in m {
        *team_sizes.entry(x.team.as_str()).or_default() += 1;
    }
    let regular: Vec<usize> = team_sizes
        .iter()
        .filter(|(t, _)| !t.contains("Leadership"))
        .map(|(_, &s)| s)
        .collect();
    let in_range = regular.iter().filter(|&&s| (5..=13).contains(&s)).count();
    assert!(in_range * 100 >= regular.len() * 90, "{regular:?}");

    // Partners are a small share.
    let partners = m.iter().filter(|x| x.organization != 0).count() as f64;
    assert!((0.03..0.10).contains(&(partners / n)));

    // The graph: dense in departments, a realistic degree, brokers, isolated newcomers.
    let deg = degrees(&org);
    let avg = 2.0 * org.connections.len() as f64 / n;
    assert!((14.0..=26.0).contains(&avg), "average degree {avg}");
    let intra = org
        .connections
        .iter()
        .filter(|&&(a, b)| m[a].department == m[b].department)
        .count();
    assert!(
        intra * 100 > org.connections.len() * 60,
        "mostly intra-department"
    );
    let isolated: Vec<usize> = (0..m.len()).filter(|&i| deg[i] <= 1).collect();
    assert!(!isolated.is_empty(), "some isolated members");
    assert!(isolated.len() * 100 < m.len() * 6);
    assert!(
        isolated
            .iter()
            .filter(|&&i| m[i].joined_days_ago <= 30)
            .count()
            * 2
            > isolated.len()
    );
    assert!(deg.contains(&0));
    let brokers = (0..m.len())
        .filter(|&i| {
            let across = org
                .connections
                .iter()
                .filter(|&&(a, b)| (a == i || b == i) && m[a].department != m[b].department)
                .count();
            across >= 25
        })
        .count();
    assert!(brokers >= 10, "{brokers} brokers");
    assert!(!org.pending_requests.is_empty() && !org.follows.is_empty());
    assert!(org.endorsements.len() > org.connections.len() / 4);
    assert!(
        org.pending_requests
            .iter()
            .any(|&(_, to)| to == org.demo_member())
    );

    // Seniors know more and teach; juniors learn; mentoring follows seniority.
    let avg_level = |pred: &dyn Fn(u8) -> bool| {
        let levels: Vec<u8> = m
            .iter()
            .filter(|x| pred(x.seniority))
            .flat_map(|x| x.skills.iter().map(|s| s.level))
            .collect();
        levels.iter().map(|&l| l as f64).sum::<f64>() / levels.len() as f64
    };
    assert!(avg_level(&|s| s >= 4) > avg_level(&|s| s == 1) + 0.7);
    for x in m {
        if x.seniority >= 3 {
            assert!(x.skills.iter().any(|s| s.can_teach), "{} teaches", x.title);
            assert_ne!(x.mentoring, Mentoring::Mentee);
        }
        if x.seniority <= 2 {
            assert!(
                x.skills.iter().any(|s| s.wants_to_learn),
                "{} learns",
                x.title
            );
        }
        if x.seniority == 1 {
            assert!(matches!(x.mentoring, Mentoring::Mentee | Mentoring::None));
        }
    }
    assert!(m.iter().filter(|x| x.role == Role::Lead).count() >= 5);

    // People from everywhere.
    let regions = ["Europe/", "America/", "Asia/", "Australia/", "Africa/"];
    for r in regions {
        assert!(
            m.iter().any(|x| x.time_zone.starts_with(r)),
            "nobody in {r}"
        );
    }
    let firsts: HashSet<&str> = m.iter().map(|x| x.first_name.as_str()).collect();
    let lasts: HashSet<&str> = m.iter().map(|x| x.last_name.as_str()).collect();
    assert!(firsts.len() >= 120 && lasts.len() >= 120);
    assert!(m.iter().filter(|x| x.pronouns.is_some()).count() * 4 > m.len());
    assert!(m.iter().any(|x| x.joined_days_ago <= 30));
    let used: HashSet<usize> = m
        .iter()
        .flat_map(|x| x.skills.iter().map(|s| s.skill))
        .collect();
    assert!(
        used.len() * 10 >= org.skills.len() * 7,
        "most of the taxonomy is in use"
    );
}

#[test]
fn titles_match_department_and_seniority() {
    let org = generate(3000, 2);
    let m = &org.members;
    let titles: HashSet<&str> = m.iter().map(|x| x.title.as_str()).collect();
    for t in [
        "Senior Data Engineer",
        "Head of Finance",
        "VP Engineering",
        "Chief Executive Officer",
        "General Counsel",
        "Junior Software Engineer",
    ] {
        assert!(titles.contains(t), "no {t}");
    }
    for x in m {
        match x.seniority {
            1 => assert!(x.title.starts_with("Junior ") || x.title.starts_with("Associate ")),
            3 => assert!(x.title.starts_with("Senior ")),
            _ => {}
        }
    }
    let ceo = m
        .iter()
        .filter(|x| x.title == "Chief Executive Officer")
        .count();
    assert_eq!(ceo, 1);
}

#[test]
fn serializes_to_json() {
    let org = generate(50, 3);
    let json = serde_json::to_value(&org).unwrap();
    assert_eq!(json["members"][0]["role"], "admin");
    assert_eq!(json["organizations"][0]["domain"], "northwind.example");
    assert!(json["members"][0]["mentoring"].is_string());
}
