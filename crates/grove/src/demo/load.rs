//! Bulk-loads a generated organization into an empty database, in one transaction.

use std::time::Instant;

use anyhow::{Context, bail};
use grove_demo::{DemoOrg, Mentoring, Role};
use sqlx::{Acquire, Row};

use crate::db::{Backend, Db, Param, insert_rows, now};

/// Every demo account signs in with this password.
pub const DEMO_PASSWORD: &str = "grove-demo-password";
const SIGN_INS_KEY: &str = "demo_sign_ins";

/// The three accounts a newcomer can try, one per role.
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize)]
pub struct DemoSignIns {
    pub admin: String,
    pub lead: String,
    pub member: String,
}

/// The demo sign-ins, if a demo organization was loaded.
pub async fn sign_ins(db: &Db) -> anyhow::Result<Option<DemoSignIns>> {
    let stored = crate::auth::store::setting(db, SIGN_INS_KEY).await?;
    Ok(stored.and_then(|s| serde_json::from_str(&s).ok()))
}

/// Generates `members` people from `seed` and loads them, with the default number of knowledge
/// posts for their size. Refuses a database that already has members, so a demo never mixes
/// with real data.
pub async fn load(db: &Db, members: usize, seed: u64) -> anyhow::Result<DemoSignIns> {
    load_with_posts(db, members, super::default_posts(members), seed).await
}

/// [`load`] with `posts` knowledge posts (questions, articles, ...).
pub async fn load_with_posts(
    db: &Db,
    members: usize,
    posts: usize,
    seed: u64,
) -> anyhow::Result<DemoSignIns> {
    if crate::auth::store::count_users(db).await? > 0 {
        bail!("the database already has members; the demo loads only into an empty database");
    }
    let started = Instant::now();
    let org = grove_demo::generate(members, seed);
    let generated = started.elapsed();
    let hash = crate::auth::password::hash_blocking(DEMO_PASSWORD.to_string()).await?;

    let mut conn = db.pool.acquire().await?;
    let mut tx = conn.begin().await?;
    insert_org(db, &mut tx, &org, &hash)
        .await
        .context("loading the demo organization")?;
    super::programs::load(db, &mut tx, &org, seed)
        .await
        .context("loading the demo programs")?;
    super::communities::load(db, &mut tx, &org, seed)
        .await
        .context("loading the demo communities")?;
    let knowledge_started = Instant::now();
    super::knowledge::load(db, &mut tx, &org, posts, seed)
        .await
        .context("loading the demo knowledge base")?;
    let knowledge = knowledge_started.elapsed();
    super::recognition::load(db, &mut tx, &org, seed)
        .await
        .context("loading the demo kudos")?;
    let sign_ins = DemoSignIns {
        admin: org.members[org.demo_admin()].email.clone(),
        lead: org.members[org.demo_lead()].email.clone(),
        member: org.members[org.demo_member()].email.clone(),
    };
    sqlx::query("INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(SIGN_INS_KEY)
        .bind(serde_json::to_string(&sign_ins)?)
        .execute(&mut *tx)
        .await?;
    crate::people::store::mark_directory_change(&mut tx, None).await?;
    crate::people::store::commit_directory_change(tx).await?;
    if db.backend == Backend::Postgres {
        // Autovacuum would visit the new rows some time later (never, where it is turned off);
        // until then every read checks each row's transaction and the index-only scans read
        // the table. After the 1,000,000-post demo, VACUUM took 11 s and cut the database's
        // CPU per search by a tenth.
        sqlx::query("VACUUM").execute(&db.pool).await?;
    }
    if db.backend == Backend::Sqlite {
        // The load is one transaction, so the write-ahead log grew to the size of the whole
        // database (gigabytes for a large demo): copy it into the database and give it back.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&db.pool)
            .await?;
    }
    tracing::info!(
        "demo organization loaded: {} members, {} connections, {} posts (generated in {:.2?}, posts in {:.2?}, total {:.2?})",
        org.members.len(),
        org.connections.len(),
        posts,
        generated,
        knowledge,
        started.elapsed()
    );
    Ok(sign_ins)
}

fn id(index: usize) -> i64 {
    index as i64 + 1
}

async fn insert_org(
    db: &Db,
    conn: &mut sqlx::AnyConnection,
    org: &DemoOrg,
    hash: &str,
) -> anyhow::Result<()> {
    let backend = db.backend;
    let now = now();
    backend.relax_checks_for_bulk_load(conn).await?;
    insert_rows(
        conn,
        backend,
        "INSERT INTO organizations (id, name, domain, is_home) VALUES ",
        "({}, {}, {}, {})",
        "",
        org.organizations.iter().enumerate().map(|(i, o)| {
            vec![
                Param::Int(id(i)),
                Param::Text(o.name.clone()),
                Param::Text(o.domain.clone()),
                Param::Int(!o.partner as i64),
            ]
        }),
    )
    .await?;
    insert_rows(
        conn,
        backend,
        "INSERT INTO departments (id, name) VALUES ",
        "({}, {})",
        "",
        org.departments
            .iter()
            .enumerate()
            .map(|(i, d)| vec![Param::Int(id(i)), Param::Text(d.name.clone())]),
    )
    .await?;
    insert_rows(
        conn,
        backend,
        "INSERT INTO org_values (id, name, position) VALUES ",
        "({}, {}, {})",
        "",
        org.values.iter().enumerate().map(|(i, v)| {
            vec![
                Param::Int(id(i)),
                Param::Text(v.clone()),
                Param::Int(i as i64),
            ]
        }),
    )
    .await?;
    insert_rows(
        conn,
        backend,
        "INSERT INTO skills (id, name, name_key, category) VALUES ",
        "({}, {}, {}, {})",
        "",
        org.skills.iter().enumerate().map(|(i, s)| {
            vec![
                Param::Int(id(i)),
                Param::Text(s.name.clone()),
                Param::Text(crate::admin::store::name_key(&s.name)),
                Param::Text(s.category.clone()),
            ]
        }),
    )
    .await?;

    // A manager's row must exist before their reports': insert by depth in the org chart.
    let depth = |mut i: usize| {
        let mut d = 0;
        while let Some(m) = org.members[i].manager {
            i = m;
            d += 1;
            if d > org.members.len() {
                break;
            }
        }
        d
    };
    let mut order: Vec<usize> = (0..org.members.len()).collect();
    order.sort_by_cached_key(|&i| (depth(i), i));
    insert_rows(
        conn,
        backend,
        "INSERT INTO users (id, email, password_hash, name, role, active, created_at, pronouns, title, department_id, \
         organization_id, manager_id, seniority, location, time_zone, bio, interests, goals, mentoring, mentor_capacity, visibility) VALUES ",
        "({}, {}, {}, {}, {}, 1, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, 'organization')",
        "",
        order.iter().map(|&i| {
            let m = &org.members[i];
            vec![
                Param::Int(id(i)),
                Param::Text(m.email.clone()),
                Param::Text(hash.to_string()),
                Param::Text(m.name.clone()),
                Param::Text(role(m.role).into()),
                Param::Int(now - m.joined_days_ago as i64 * 86_400),
                Param::Text(m.pronouns.clone().unwrap_or_default()),
                Param::Text(m.title.clone()),
                Param::Int(id(m.department)),
                Param::Int(id(m.organization)),
                Param::OptInt(m.manager.map(id)),
                Param::Int(m.seniority as i64),
                Param::Text(m.location.clone()),
                Param::Text(m.time_zone.clone()),
                Param::Text(m.bio.clone()),
                Param::Text(m.interests.join("\n")),
                Param::Text(m.goals.join("\n")),
                Param::Text(mentoring(m.mentoring).into()),
                Param::Int(m.mentor_capacity as i64),
            ]
        }),
    )
    .await?;
    insert_rows(
        conn,
        backend,
        "INSERT INTO member_languages (user_id, language) VALUES ",
        "({}, {})",
        "",
        org.members.iter().enumerate().flat_map(|(i, m)| {
            m.languages
                .iter()
                .map(move |l| vec![Param::Int(id(i)), Param::Text(l.clone())])
        }),
    )
    .await?;
    insert_rows(
        conn,
        backend,
        "INSERT INTO member_skills (user_id, skill_id, level, can_teach, wants_to_learn) VALUES ",
        "({}, {}, {}, {}, {})",
        "",
        org.members.iter().enumerate().flat_map(|(i, m)| {
            m.skills.iter().map(move |s| {
                vec![
                    Param::Int(id(i)),
                    Param::Int(id(s.skill)),
                    Param::Int(s.level as i64),
                    Param::Int(s.can_teach as i64),
                    Param::Int(s.wants_to_learn as i64),
                ]
            })
        }),
    )
    .await?;
    insert_rows(
        conn,
        backend,
        "INSERT INTO member_values (user_id, value_id) VALUES ",
        "({}, {})",
        "",
        org.members.iter().enumerate().flat_map(|(i, m)| {
            m.values
                .iter()
                .map(move |v| vec![Param::Int(id(i)), Param::Int(id(*v))])
        }),
    )
    .await?;
    insert_rows(
        conn,
        backend,
        "INSERT INTO career_roles (user_id, title, organization, start_month, end_month) VALUES ",
        "({}, {}, {}, {}, {})",
        "",
        org.members.iter().enumerate().flat_map(|(i, m)| {
            m.career.iter().map(move |c| {
                vec![
                    Param::Int(id(i)),
                    Param::Text(c.title.clone()),
                    Param::Text(c.organization.clone()),
                    Param::Text(c.start.clone()),
                    Param::OptText(c.end.clone()),
                ]
            })
        }),
    )
    .await?;
    // Connections formed over the time both people were there.
    let since = |a: usize, b: usize| {
        now - (org.members[a]
            .joined_days_ago
            .min(org.members[b].joined_days_ago) as i64
            * 86_400)
            / 2
    };
    let pair = |a: usize, b: usize| {
        if a < b {
            (id(a), id(b))
        } else {
            (id(b), id(a))
        }
    };
    insert_rows(
        conn,
        backend,
        "INSERT INTO connections (user_a, user_b, requester_id, status, message, created_at, accepted_at) VALUES ",
        "({}, {}, {}, {}, '', {}, {})",
        "",
        org.connections
            .iter()
            .map(|&(a, b)| {
                let (lo, hi) = pair(a, b);
                let at = since(a, b);
                vec![Param::Int(lo), Param::Int(hi), Param::Int(id(a)), Param::Text("accepted".into()), Param::Int(at), Param::OptInt(Some(at))]
            })
            .chain(org.pending_requests.iter().map(|&(from, to)| {
                let (lo, hi) = pair(from, to);
                vec![Param::Int(lo), Param::Int(hi), Param::Int(id(from)), Param::Text("pending".into()), Param::Int(now - 86_400), Param::OptInt(None)]
            })),
    )
    .await?;
    insert_rows(
        conn,
        backend,
        "INSERT INTO follows (follower_id, followee_id, created_at) VALUES ",
        "({}, {}, {})",
        " ON CONFLICT (follower_id, followee_id) DO NOTHING",
        org.follows.iter().map(|&(a, b)| {
            vec![
                Param::Int(id(a)),
                Param::Int(id(b)),
                Param::Int(since(a, b)),
            ]
        }),
    )
    .await?;
    insert_rows(
        conn,
        backend,
        "INSERT INTO endorsements (endorser_id, user_id, skill_id, created_at) VALUES ",
        "({}, {}, {}, {})",
        " ON CONFLICT (user_id, skill_id, endorser_id) DO NOTHING",
        org.endorsements.iter().map(|e| {
            vec![
                Param::Int(id(e.from)),
                Param::Int(id(e.to)),
                Param::Int(id(e.skill)),
                Param::Int(since(e.from, e.to)),
            ]
        }),
    )
    .await?;

    let (head, row) = backend.member_search_bulk();
    insert_rows(
        conn,
        backend,
        head,
        row,
        "",
        org.members.iter().enumerate().map(|(i, m)| {
            let skills: Vec<&str> = m
                .skills
                .iter()
                .map(|s| org.skills[s.skill].name.as_str())
                .collect();
            let headline = format!(
                "{} {} {} {}",
                m.title,
                org.departments[m.department].name,
                m.location,
                skills.join(" ")
            );
            let body = format!(
                "{}\n{}\n{}",
                m.bio,
                m.interests.join("\n"),
                m.goals.join("\n")
            );
            vec![
                Param::Int(id(i)),
                Param::Text(backend.search_text(&m.name)),
                Param::Text(backend.search_text(&headline)),
                Param::Text(backend.search_text(&body)),
            ]
        }),
    )
    .await?;
    for table in [
        "organizations",
        "departments",
        "org_values",
        "skills",
        "users",
    ] {
        backend.reset_id_sequence(conn, table).await?;
    }
    // Fresh statistics so the planner uses the indexes from the first query on.
    sqlx::query("ANALYZE").execute(&mut *conn).await?;
    let loaded: i64 = sqlx::query("SELECT COUNT(*) FROM users")
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    if loaded as usize != org.members.len() {
        bail!("loaded {loaded} of {} members", org.members.len());
    }
    Ok(())
}

fn role(role: Role) -> &'static str {
    match role {
        Role::Member => "member",
        Role::Lead => "lead",
        Role::Admin => "admin",
    }
}

fn mentoring(m: Mentoring) -> &'static str {
    match m {
        Mentoring::None => "none",
        Mentoring::Mentor => "mentor",
        Mentoring::Mentee => "mentee",
        Mentoring::Both => "both",
    }
}
