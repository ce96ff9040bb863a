//! Times building the directory's in-memory index from a generated organization, and answering
//! the directory's kinds of queries from it (no database, no HTTP).
//!
//!     cargo run --release -p grove --example directory_index -- [MEMBERS]   (default 100000)

use std::sync::Arc;
use std::time::Instant;

use grove::people::index::{DirectoryIndex, MemberDoc};
use grove::people::model::{DirectoryFilter, Mentoring};

fn main() {
    let members: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(100_000);
    let org = grove_demo::generate(members, 1);
    let departments: Vec<Arc<str>> = org
        .departments
        .iter()
        .map(|d| Arc::from(d.name.as_str()))
        .collect();
    let skills: Vec<Arc<str>> = org
        .skills
        .iter()
        .map(|s| Arc::from(s.name.as_str()))
        .collect();
    let docs: Vec<MemberDoc> = org
        .members
        .iter()
        .enumerate()
        .map(|(i, m)| MemberDoc {
            id: i as i64 + 1,
            name: m.name.clone(),
            title: m.title.clone(),
            department: Some((m.department as i64 + 1, departments[m.department].clone())),
            location: m.location.clone(),
            mentoring: match m.mentoring {
                grove_demo::Mentoring::None => Mentoring::None,
                grove_demo::Mentoring::Mentor => Mentoring::Mentor,
                grove_demo::Mentoring::Mentee => Mentoring::Mentee,
                grove_demo::Mentoring::Both => Mentoring::Both,
            },
            restricted: false,
            active: true,
            created_at: -(m.joined_days_ago as i64),
            skills: m
                .skills
                .iter()
                .map(|s| (s.skill as i64 + 1, s.level as i64, skills[s.skill].clone()))
                .collect(),
            languages: m.languages.clone(),
            about: format!(
                "{}\n{}\n{}",
                m.bio,
                m.interests.join("\n"),
                m.goals.join("\n")
            ),
        })
        .collect();

    let runs = 3;
    let mut times = Vec::new();
    let mut index = None;
    for _ in 0..runs {
        let started = Instant::now();
        index = Some(DirectoryIndex::build(1, &docs));
        times.push(started.elapsed());
    }
    times.sort();
    let Some(index) = index else { return };
    println!(
        "build: {} members, median of {runs} {:.2?} (min {:.2?})",
        index.members(),
        times[runs / 2],
        times[0]
    );

    let base = DirectoryFilter {
        min_level: 1,
        page: 1,
        per_page: 20,
        ..Default::default()
    };
    let words = |q: &str| DirectoryFilter {
        words: grove::db::dialect::search_words(q),
        ..base.clone()
    };
    let cases = [
        ("everyone", base.clone()),
        (
            "everyone, page 50",
            DirectoryFilter {
                page: 50,
                ..base.clone()
            },
        ),
        (
            "newest",
            DirectoryFilter {
                newest_first: true,
                ..base.clone()
            },
        ),
        ("q=oliver", words("oliver")),
        ("q=eng", words("eng")),
        ("q=a", words("a")),
        ("q=priya eng", words("priya eng")),
        (
            "q=senior page 10",
            DirectoryFilter {
                page: 10,
                ..words("senior")
            },
        ),
        (
            "department",
            DirectoryFilter {
                department_id: Some(3),
                ..base.clone()
            },
        ),
        (
            "skill >= 4",
            DirectoryFilter {
                skill_id: Some(5),
                min_level: 4,
                ..base.clone()
            },
        ),
        (
            "language=English page 10",
            DirectoryFilter {
                language: Some("English".into()),
                page: 10,
                ..base.clone()
            },
        ),
        (
            "location",
            DirectoryFilter {
                location: Some("Lisbon, Portugal".into()),
                ..base.clone()
            },
        ),
        (
            "can mentor + department",
            DirectoryFilter {
                can_mentor: true,
                department_id: Some(3),
                ..base.clone()
            },
        ),
    ];
    for (label, f) in cases {
        let rounds = 200;
        let started = Instant::now();
        let mut total = 0;
        for _ in 0..rounds {
            total = index.search(&f).1;
        }
        println!(
            "  {:>8.1} µs  {label} ({total} matches)",
            started.elapsed().as_secs_f64() * 1e6 / rounds as f64
        );
    }
}
