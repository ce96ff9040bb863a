//! The demo's communities of practice: open guilds drawn from the departments and skills they
//! are about, two that take requests (with a few requests waiting), and two private ones (the
//! leadership forum; a working group that has invited the demo member). Senior members own
//! and moderate them. The same seed gives the same communities.

use grove_demo::DemoOrg;

use super::programs::Dice;
use crate::communities::model::name_key;
use crate::db::{Db, Param, insert_rows, now};

const DAY: i64 = 86_400;

/// Who a community draws its members from.
struct Spec {
    name: &'static str,
    visibility: &'static str,
    description: &'static str,
    /// People of these departments are candidates...
    departments: &'static [&'static str],
    /// ...and so is anyone with one of these skills (any level)...
    skills: &'static [&'static str],
    /// ...or a skill of these categories at level 3 or more.
    categories: &'static [&'static str],
    /// Seniority range of candidates (1 junior .. 6 head).
    seniority: (u8, u8),
    /// Staff of the home organization only.
    home_only: bool,
    /// Percent of candidates who are members.
    share: u64,
    /// At most this many members (0: no limit).
    cap: usize,
    /// What people asking to join write (a community that takes requests).
    asks: &'static [&'static str],
}

const SPECS: &[Spec] = &[
    Spec {
        name: "Rust guild",
        visibility: "open",
        description: "People who write Rust at work, or want to.\n\n\
            - a **code review swap** every other Thursday\n\
            - a reading group on *Rust for Rustaceans*\n\
            - pairing for anyone starting their first crate\n\n\
            Newcomers welcome: bring a question, however small.",
        departments: &[],
        skills: &["Rust", "WebAssembly"],
        categories: &[],
        seniority: (1, 6),
        home_only: false,
        share: 70,
        cap: 0,
        asks: &[],
    },
    Spec {
        name: "Data & analytics community of practice",
        visibility: "open",
        description: "Analysts, data engineers and scientists across the organization.\n\n\
            We share **dashboards worth copying**, review experiment designs before they ship, \
            and keep a list of trusted data sources. Monthly show-and-tell; bring a chart.",
        departments: &["Data & Analytics"],
        skills: &[],
        categories: &["Data & AI"],
        seniority: (1, 6),
        home_only: false,
        share: 45,
        cap: 0,
        asks: &[],
    },
    Spec {
        name: "Cloud & platform guild",
        visibility: "open",
        description: "Kubernetes, Terraform, observability and on-call.\n\n\
            Post-incident reviews are shared here (blameless, always), with the runbooks that \
            came out of them.",
        departments: &["IT & Security"],
        skills: &[],
        categories: &["Cloud & infrastructure"],
        seniority: (1, 6),
        home_only: false,
        share: 40,
        cap: 0,
        asks: &[],
    },
    Spec {
        name: "Design & research crit",
        visibility: "open",
        description: "A weekly critique of work in progress: flows, prototypes, research plans.\n\n\
            Product managers and engineers are welcome to bring their screens too.",
        departments: &["Design"],
        skills: &[],
        categories: &["Design & research"],
        seniority: (1, 6),
        home_only: false,
        share: 50,
        cap: 0,
        asks: &[],
    },
    Spec {
        name: "Customer voice",
        visibility: "open",
        description: "What customers tell Sales and Customer Success, brought to everyone who \
            builds the product. Quarterly digest of the top requests and churn reasons.",
        departments: &["Customer Success", "Sales"],
        skills: &[],
        categories: &["Customer success"],
        seniority: (1, 6),
        home_only: false,
        share: 30,
        cap: 0,
        asks: &[],
    },
    Spec {
        name: "Sustainability champions",
        visibility: "open",
        description: "Volunteers who help their teams cut travel, waste and energy, and report \
            it. Anyone can join; the Sustainability & Impact team runs it.",
        departments: &["Sustainability & Impact"],
        skills: &[],
        categories: &["Sustainability & impact"],
        seniority: (1, 6),
        home_only: false,
        share: 60,
        cap: 0,
        asks: &[],
    },
    Spec {
        name: "New managers circle",
        visibility: "request",
        description: "For people in their first two years of leading a team.\n\n\
            A safe place to ask the questions you would rather not ask your own manager. \
            **Ask to join** and say a word about your team.",
        departments: &[],
        skills: &[],
        categories: &[],
        seniority: (4, 4),
        home_only: true,
        share: 35,
        cap: 0,
        asks: &[
            "I took over my team last month and would love to learn from others.",
            "First time managing people; my manager suggested this circle.",
            "",
        ],
    },
    Spec {
        name: "Security champions",
        visibility: "request",
        description: "One champion per team: threat modelling, dependency hygiene, and the \
            first look at a security finding. Champions get early notice of incidents, so \
            membership is by request.",
        departments: &["IT & Security"],
        skills: &[],
        categories: &["Security"],
        seniority: (2, 6),
        home_only: true,
        share: 40,
        cap: 0,
        asks: &[
            "I am the security contact for my team; happy to help.",
            "We are starting threat modelling in our team and I would like to lead it.",
            "",
        ],
    },
    Spec {
        name: "Leadership forum",
        visibility: "private",
        description: "Directors and heads of department: planning drafts, organization \
            changes before they are announced, and hard calls to talk through.",
        departments: &[],
        skills: &[],
        categories: &[],
        seniority: (5, 6),
        home_only: true,
        share: 100,
        cap: 0,
        asks: &[],
    },
    Spec {
        name: "Platform migration working group",
        visibility: "private",
        description: "The group planning the move of the core platform to the new cluster. \
            Private until the plan is announced.",
        departments: &["Engineering", "IT & Security"],
        skills: &[],
        categories: &[],
        seniority: (3, 6),
        home_only: true,
        share: 10,
        cap: 30,
        asks: &[],
    },
];

/// The demo member is in at most this many communities, so that others can be suggested to them.
const DEMO_MEMBER_MAX: usize = 2;

/// Loads the communities; members are `index + 1` in the database.
pub async fn load(
    db: &Db,
    conn: &mut sqlx::AnyConnection,
    org: &DemoOrg,
    seed: u64,
) -> anyhow::Result<()> {
    use sqlx::Row;
    let backend = db.backend;
    let today = now() / DAY * DAY;
    let mut dice = Dice(seed ^ 0x000c_0441_71e5);
    let demo_member = org.demo_member();
    let mut demo_member_in = 0;

    let mut members: Vec<Vec<Param>> = Vec::new();
    let mut requests: Vec<Vec<Param>> = Vec::new();
    let mut invitations: Vec<Vec<Param>> = Vec::new();
    for spec in SPECS {
        let department_ok = |d: usize| spec.departments.contains(&org.departments[d].name.as_str());
        let mut chosen: Vec<usize> = Vec::new();
        let mut passed_over: Vec<usize> = Vec::new();
        for (i, m) in org.members.iter().enumerate() {
            let fits = (spec.seniority.0..=spec.seniority.1).contains(&m.seniority)
                && (!spec.home_only || m.organization == 0);
            let open_call =
                spec.departments.is_empty() && spec.skills.is_empty() && spec.categories.is_empty();
            let related = open_call
                || department_ok(m.department)
                || m.skills.iter().any(|s| {
                    let skill = &org.skills[s.skill];
                    spec.skills.contains(&skill.name.as_str())
                        || (s.level >= 3 && spec.categories.contains(&skill.category.as_str()))
                });
            let join = if fits && related {
                dice.percent(spec.share)
            } else {
                // Open communities draw a few people from elsewhere too.
                fits && spec.visibility == "open" && dice.percent(1)
            };
            if join {
                chosen.push(i);
            } else if fits && related {
                passed_over.push(i);
            }
        }
        if spec.cap > 0 && chosen.len() > spec.cap {
            chosen.truncate(spec.cap);
        }
        if let Some(at) = chosen.iter().position(|&i| i == demo_member) {
            if spec.visibility == "private" || demo_member_in >= DEMO_MEMBER_MAX {
                chosen.remove(at);
            } else {
                demo_member_in += 1;
            }
        }
        if chosen.len() < 2 {
            continue;
        }
        // The most senior (home organization first) own and moderate it.
        let mut by_seniority = chosen.clone();
        by_seniority.sort_by_key(|&i| {
            let m = &org.members[i];
            (std::cmp::Reverse(m.seniority), m.organization != 0, i)
        });
        let mut owner = by_seniority[0];
        if spec.name == "New managers circle" {
            // The demo's program lead runs it, so signing in as the lead shows requests to answer.
            owner = org.demo_lead();
            if !chosen.contains(&owner) {
                chosen.push(owner);
            }
        }
        let moderators: Vec<usize> = by_seniority
            .iter()
            .copied()
            .filter(|&i| i != owner)
            .take((chosen.len() / 150).clamp(1, 3))
            .collect();

        let id: i64 = sqlx::query(
            "INSERT INTO communities (name, name_key, description, visibility, created_by, created_at, member_count) \
             VALUES ($1, $2, $3, $4, $5, $6, 0) RETURNING id",
        )
        .bind(spec.name)
        .bind(name_key(spec.name))
        .bind(spec.description)
        .bind(spec.visibility)
        .bind(owner as i64 + 1)
        .bind(today - 400 * DAY)
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
        for &i in &chosen {
            let role = if i == owner {
                "owner"
            } else if moderators.contains(&i) {
                "moderator"
            } else {
                "member"
            };
            let tenure = (org.members[i].joined_days_ago as u64).min(390);
            members.push(vec![
                Param::Int(id),
                Param::Int(i as i64 + 1),
                Param::Text(role.into()),
                Param::Int(today - dice.below(tenure + 1) as i64 * DAY),
            ]);
        }
        if spec.visibility == "request" && !spec.asks.is_empty() {
            let waiting = (org.members.len() / 100).clamp(2, 15);
            let asking = passed_over
                .iter()
                .filter(|&&i| i != demo_member && !chosen.contains(&i));
            for &i in asking.take(waiting) {
                requests.push(vec![
                    Param::Int(id),
                    Param::Int(i as i64 + 1),
                    Param::Text(dice.pick(spec.asks).into()),
                    Param::Int(today - dice.below(10) as i64 * DAY),
                ]);
            }
        }
        if spec.name == "Platform migration working group" {
            invitations.push(vec![
                Param::Int(id),
                Param::Int(demo_member as i64 + 1),
                Param::Int(owner as i64 + 1),
                Param::Int(today - DAY),
            ]);
        }
    }
    insert_rows(
        conn,
        backend,
        "INSERT INTO community_members (community_id, user_id, role, joined_at) VALUES ",
        "({}, {}, {}, {})",
        "",
        members,
    )
    .await?;
    insert_rows(
        conn,
        backend,
        "INSERT INTO community_requests (community_id, user_id, message, status, created_at) VALUES ",
        "({}, {}, {}, 'pending', {})",
        "",
        requests,
    )
    .await?;
    insert_rows(
        conn,
        backend,
        "INSERT INTO community_invitations (community_id, user_id, invited_by, created_at) VALUES ",
        "({}, {}, {}, {})",
        "",
        invitations,
    )
    .await?;
    sqlx::query(
        "UPDATE communities SET member_count = (SELECT COUNT(*) FROM community_members m WHERE m.community_id = communities.id)",
    )
    .execute(&mut *conn)
    .await?;
    Ok(())
}
