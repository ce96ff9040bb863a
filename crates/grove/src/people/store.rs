//! SQL for profiles and the directory.

use std::collections::HashMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::any::AnyRow;
use sqlx::{Any, Row, Transaction};

use super::index::MemberDoc;
use super::model::{
    COUNT_LIMIT, CareerRole, DirectoryFilter, DirectoryPage, Facets, MemberCard, Mentoring, Named,
    ProfileSkill, Visibility,
};
use crate::auth::model::Role;
use crate::db::{Db, Param, SqlBuilder};

/// The `users` row behind a profile.
pub struct ProfileRow {
    pub id: i64,
    pub email: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
    pub created_at: i64,
    pub pronouns: String,
    pub title: String,
    pub department: Option<Named>,
    pub organization: Option<Named>,
    pub manager: Option<Named>,
    pub location: String,
    pub time_zone: String,
    pub bio: String,
    pub interests: Vec<String>,
    pub goals: Vec<String>,
    pub mentoring: Mentoring,
    pub mentor_capacity: i64,
    pub visibility: Visibility,
    pub suggestible: bool,
}

fn named(row: &AnyRow, id: &str, name: &str) -> sqlx::Result<Option<Named>> {
    let id: Option<i64> = row.try_get(id)?;
    let name: Option<String> = row.try_get(name)?;
    Ok(id.zip(name).map(|(id, name)| Named { id, name }))
}

/// Lists are stored one item per line.
pub fn split_lines(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect()
}

pub async fn profile_row(db: &Db, id: i64) -> sqlx::Result<Option<ProfileRow>> {
    let row = sqlx::query(
        "SELECT u.id, u.email, u.name, u.role, u.active, u.created_at, u.pronouns, u.title, u.location, u.time_zone, \
         u.bio, u.interests, u.goals, u.mentoring, u.mentor_capacity, u.visibility, u.suggestible, \
         d.id AS dept_id, d.name AS dept_name, o.id AS org_id, o.name AS org_name, m.id AS mgr_id, m.name AS mgr_name \
         FROM users u LEFT JOIN departments d ON d.id = u.department_id \
         LEFT JOIN organizations o ON o.id = u.organization_id LEFT JOIN users m ON m.id = u.manager_id \
         WHERE u.id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    let Some(r) = row else { return Ok(None) };
    Ok(Some(ProfileRow {
        id: r.try_get("id")?,
        email: r.try_get("email")?,
        name: r.try_get("name")?,
        role: Role::from_db(&r.try_get::<String, _>("role")?),
        active: r.try_get::<i64, _>("active")? == 1,
        created_at: r.try_get("created_at")?,
        pronouns: r.try_get("pronouns")?,
        title: r.try_get("title")?,
        department: named(&r, "dept_id", "dept_name")?,
        organization: named(&r, "org_id", "org_name")?,
        manager: named(&r, "mgr_id", "mgr_name")?,
        location: r.try_get("location")?,
        time_zone: r.try_get("time_zone")?,
        bio: r.try_get("bio")?,
        interests: split_lines(&r.try_get::<String, _>("interests")?),
        goals: split_lines(&r.try_get::<String, _>("goals")?),
        mentoring: Mentoring::from_db(&r.try_get::<String, _>("mentoring")?),
        mentor_capacity: r.try_get("mentor_capacity")?,
        visibility: Visibility::from_db(&r.try_get::<String, _>("visibility")?),
        suggestible: r.try_get::<i64, _>("suggestible")? == 1,
    }))
}

/// What a full profile shows beyond its row: languages, skills (with endorsements, and whether
/// `viewer_id` endorsed each), values and career, read in one statement, since the profile page
/// is among the most visited.
pub struct ProfileDetails {
    pub languages: Vec<String>,
    pub skills: Vec<ProfileSkill>,
    pub values: Vec<Named>,
    pub career: Vec<CareerRole>,
}

pub async fn profile_details(
    db: &Db,
    user_id: i64,
    viewer_id: i64,
) -> sqlx::Result<ProfileDetails> {
    let b = db.backend;
    // Each list is aggregated from an ordered subquery, which keeps its order on both engines.
    let sql = format!(
        "SELECT \
         (SELECT {languages} FROM (SELECT language FROM member_languages WHERE user_id = $1 ORDER BY language) l), \
         (SELECT {skills} FROM (SELECT s.id, s.name, ms.level, ms.can_teach, ms.wants_to_learn, \
            (SELECT COUNT(*) FROM endorsements e WHERE e.user_id = ms.user_id AND e.skill_id = ms.skill_id) AS n, \
            (SELECT COUNT(*) FROM endorsements e WHERE e.user_id = ms.user_id AND e.skill_id = ms.skill_id AND e.endorser_id = $2) AS mine \
            FROM member_skills ms JOIN skills s ON s.id = ms.skill_id WHERE ms.user_id = $1 \
            ORDER BY ms.level DESC, s.name) k), \
         (SELECT {values} FROM (SELECT v.id, v.name FROM member_values mv JOIN org_values v ON v.id = mv.value_id \
            WHERE mv.user_id = $1 ORDER BY v.position, v.name) v), \
         (SELECT {career} FROM (SELECT title, organization, start_month, end_month FROM career_roles \
            WHERE user_id = $1 ORDER BY start_month DESC, id DESC) c)",
        languages = b.json_rows_agg("language"),
        skills = b.json_rows_agg("id, name, level, can_teach, wants_to_learn, n, mine"),
        values = b.json_rows_agg("id, name"),
        career = b.json_rows_agg("title, organization, start_month, end_month"),
    );
    let row = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(user_id)
        .bind(viewer_id)
        .fetch_one(&db.pool)
        .await?;
    let rows = |i: usize| -> sqlx::Result<Vec<Vec<serde_json::Value>>> {
        let text: Option<String> = row.try_get(i)?;
        serde_json::from_str(text.as_deref().unwrap_or("[]"))
            .map_err(|e| sqlx::Error::Decode(Box::new(e)))
    };
    let text = |v: &serde_json::Value| v.as_str().unwrap_or_default().to_string();
    let int = |v: &serde_json::Value| v.as_i64().unwrap_or_default();
    Ok(ProfileDetails {
        languages: rows(0)?.iter().map(|r| text(&r[0])).collect(),
        skills: rows(1)?
            .iter()
            .map(|r| ProfileSkill {
                skill_id: int(&r[0]),
                name: text(&r[1]),
                level: int(&r[2]),
                can_teach: int(&r[3]) == 1,
                wants_to_learn: int(&r[4]) == 1,
                endorsements: int(&r[5]),
                endorsed_by_me: int(&r[6]) > 0,
            })
            .collect(),
        values: rows(2)?
            .iter()
            .map(|r| Named {
                id: int(&r[0]),
                name: text(&r[1]),
            })
            .collect(),
        career: rows(3)?
            .iter()
            .map(|r| CareerRole {
                title: text(&r[0]),
                organization: text(&r[1]),
                start: text(&r[2]),
                end: r[3].as_str().map(str::to_string),
            })
            .collect(),
    })
}

pub async fn skills(db: &Db, user_id: i64, viewer_id: i64) -> sqlx::Result<Vec<ProfileSkill>> {
    sqlx::query(
        "SELECT s.id, s.name, ms.level, ms.can_teach, ms.wants_to_learn, \
         (SELECT COUNT(*) FROM endorsements e WHERE e.user_id = ms.user_id AND e.skill_id = ms.skill_id) AS endorsements, \
         (SELECT COUNT(*) FROM endorsements e WHERE e.user_id = ms.user_id AND e.skill_id = ms.skill_id AND e.endorser_id = $2) AS mine \
         FROM member_skills ms JOIN skills s ON s.id = ms.skill_id WHERE ms.user_id = $1 \
         ORDER BY ms.level DESC, s.name",
    )
    .bind(user_id)
    .bind(viewer_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(ProfileSkill {
            skill_id: r.try_get("id")?,
            name: r.try_get("name")?,
            level: r.try_get("level")?,
            can_teach: r.try_get::<i64, _>("can_teach")? == 1,
            wants_to_learn: r.try_get::<i64, _>("wants_to_learn")? == 1,
            endorsements: r.try_get("endorsements")?,
            endorsed_by_me: r.try_get::<i64, _>("mine")? > 0,
        })
    })
    .collect()
}

pub async fn values(db: &Db, user_id: i64) -> sqlx::Result<Vec<Named>> {
    sqlx::query(
        "SELECT v.id, v.name FROM member_values mv JOIN org_values v ON v.id = mv.value_id WHERE mv.user_id = $1 ORDER BY v.position, v.name",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok(Named { id: r.try_get(0)?, name: r.try_get(1)? }))
    .collect()
}

/// The profile's new column values, already validated.
pub struct ProfileColumns {
    pub name: String,
    pub pronouns: String,
    pub title: String,
    pub department_id: Option<i64>,
    pub location: String,
    pub time_zone: String,
    pub bio: String,
    pub interests: Vec<String>,
    pub goals: Vec<String>,
    pub mentoring: Mentoring,
    pub mentor_capacity: i64,
    pub visibility: Visibility,
    pub suggestible: bool,
}

/// A validated skill entry.
pub struct SkillEntry {
    pub skill_id: i64,
    pub level: i64,
    pub can_teach: bool,
    pub wants_to_learn: bool,
}

/// Replaces whatever is `Some`, then rewrites the search document, all in one transaction.
pub async fn save_profile(
    db: &Db,
    user_id: i64,
    columns: &ProfileColumns,
    languages: Option<&[String]>,
    skills: Option<&[SkillEntry]>,
    value_ids: Option<&[i64]>,
    career: Option<&[CareerRole]>,
) -> sqlx::Result<()> {
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "UPDATE users SET name = $1, pronouns = $2, title = $3, department_id = $4, location = $5, time_zone = $6, \
         bio = $7, interests = $8, goals = $9, mentoring = $10, mentor_capacity = $11, visibility = $12, suggestible = $14 WHERE id = $13",
    )
    .bind(&columns.name)
    .bind(&columns.pronouns)
    .bind(&columns.title)
    .bind(columns.department_id)
    .bind(&columns.location)
    .bind(&columns.time_zone)
    .bind(&columns.bio)
    .bind(columns.interests.join("\n"))
    .bind(columns.goals.join("\n"))
    .bind(columns.mentoring.as_str())
    .bind(columns.mentor_capacity)
    .bind(columns.visibility.as_str())
    .bind(user_id)
    .bind(columns.suggestible as i64)
    .execute(&mut *tx)
    .await?;
    let backend = db.backend;
    if let Some(languages) = languages {
        let rows = languages
            .iter()
            .map(|l| vec![Param::Int(user_id), Param::Text(l.clone())])
            .collect::<Vec<_>>();
        replace_rows(
            &mut tx,
            backend,
            "member_languages",
            user_id,
            "(user_id, language)",
            "({}, {})",
            rows,
        )
        .await?;
    }
    if let Some(skills) = skills {
        let rows = skills
            .iter()
            .map(|s| {
                vec![
                    Param::Int(user_id),
                    Param::Int(s.skill_id),
                    Param::Int(s.level),
                    Param::Int(s.can_teach as i64),
                    Param::Int(s.wants_to_learn as i64),
                ]
            })
            .collect::<Vec<_>>();
        let columns = "(user_id, skill_id, level, can_teach, wants_to_learn)";
        replace_rows(
            &mut tx,
            backend,
            "member_skills",
            user_id,
            columns,
            "({}, {}, {}, {}, {})",
            rows,
        )
        .await?;
        // Endorsements of skills the member no longer lists go with them.
        sqlx::query(
            "DELETE FROM endorsements WHERE user_id = $1 AND skill_id NOT IN (SELECT skill_id FROM member_skills WHERE user_id = $1)",
        )
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    }
    if let Some(value_ids) = value_ids {
        let rows = value_ids
            .iter()
            .map(|v| vec![Param::Int(user_id), Param::Int(*v)])
            .collect::<Vec<_>>();
        replace_rows(
            &mut tx,
            backend,
            "member_values",
            user_id,
            "(user_id, value_id)",
            "({}, {})",
            rows,
        )
        .await?;
    }
    if let Some(career) = career {
        let rows = career
            .iter()
            .map(|c| {
                vec![
                    Param::Int(user_id),
                    Param::Text(c.title.clone()),
                    Param::Text(c.organization.clone()),
                    Param::Text(c.start.clone()),
                    Param::OptText(c.end.clone()),
                ]
            })
            .collect::<Vec<_>>();
        let columns = "(user_id, title, organization, start_month, end_month)";
        replace_rows(
            &mut tx,
            backend,
            "career_roles",
            user_id,
            columns,
            "({}, {}, {}, {}, {})",
            rows,
        )
        .await?;
    }
    refresh_search(db, &mut tx, user_id).await?;
    mark_directory_change(&mut tx, Some(user_id)).await?;
    commit_directory_change(tx).await
}

/// Replaces a member's rows in one of the profile's list tables (`table` and `columns` are
/// fixed names from this module, never input).
async fn replace_rows(
    tx: &mut Transaction<'_, Any>,
    backend: crate::db::Backend,
    table: &str,
    user_id: i64,
    columns: &str,
    row_sql: &str,
    rows: Vec<Vec<Param>>,
) -> sqlx::Result<()> {
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "DELETE FROM {table} WHERE user_id = $1"
    )))
    .bind(user_id)
    .execute(&mut **tx)
    .await?;
    crate::db::insert_rows(
        tx,
        backend,
        &format!("INSERT INTO {table} {columns} VALUES "),
        row_sql,
        "",
        rows,
    )
    .await?;
    Ok(())
}

/// Rewrites a member's search document from what is stored. A connections-only profile is
/// findable by name, title and department only, so search never reveals what it hides.
pub async fn refresh_search(
    db: &Db,
    tx: &mut Transaction<'_, Any>,
    user_id: i64,
) -> sqlx::Result<()> {
    let row = sqlx::query(
        "SELECT u.name, u.title, u.location, u.bio, u.interests, u.goals, u.visibility, d.name AS dept \
         FROM users u LEFT JOIN departments d ON d.id = u.department_id WHERE u.id = $1",
    )
    .bind(user_id)
    .fetch_one(&mut **tx)
    .await?;
    let name: String = row.try_get("name")?;
    let title: String = row.try_get("title")?;
    let dept: Option<String> = row.try_get("dept")?;
    let restricted = row.try_get::<String, _>("visibility")? == "connections";
    let mut headline = format!("{title} {}", dept.unwrap_or_default());
    let mut body = String::new();
    if !restricted {
        headline.push(' ');
        headline.push_str(&row.try_get::<String, _>("location")?);
        let skill_names: Vec<String> = sqlx::query(
            "SELECT s.name FROM member_skills ms JOIN skills s ON s.id = ms.skill_id WHERE ms.user_id = $1",
        )
        .bind(user_id)
        .fetch_all(&mut **tx)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect::<sqlx::Result<_>>()?;
        headline.push(' ');
        headline.push_str(&skill_names.join(" "));
        for col in ["bio", "interests", "goals"] {
            body.push_str(&row.try_get::<String, _>(col)?);
            body.push('\n');
        }
    }
    db.backend
        .upsert_member_search(tx, user_id, &name, &headline, &body)
        .await?;
    Ok(())
}

pub async fn set_active(db: &Db, user_id: i64, active: bool) -> sqlx::Result<bool> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query("UPDATE users SET active = $1 WHERE id = $2")
        .bind(active as i64)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    mark_directory_change(&mut tx, Some(user_id)).await?;
    commit_directory_change(tx).await?;
    Ok(true)
}

/// Where the directory's change counter stands (see [`mark_directory_change`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DirectoryVersion {
    /// Moves with every change to what the directory shows.
    pub version: i64,
    /// The version of the last change to many members at once.
    pub reset: i64,
}

/// Records, in the transaction of a change to what the directory shows or filters on, that
/// `member` changed, or with None that many members may have (taxonomy, bulk loads, anything
/// that deletes members), so that every server's directory index catches up. Call it last in
/// the transaction (it holds the one counter row until commit, which also orders the versions
/// as the commits), and commit with [`commit_directory_change`].
pub async fn mark_directory_change(
    conn: &mut sqlx::AnyConnection,
    member: Option<i64>,
) -> sqlx::Result<()> {
    match member {
        Some(id) => {
            let version: i64 = sqlx::query(
                "UPDATE directory_version SET version = version + 1 WHERE id = 1 RETURNING version",
            )
            .fetch_one(&mut *conn)
            .await?
            .try_get(0)?;
            sqlx::query("UPDATE users SET directory_version = $1 WHERE id = $2")
                .bind(version)
                .bind(id)
                .execute(&mut *conn)
                .await?;
        }
        None => {
            sqlx::query(
                "UPDATE directory_version SET version = version + 1, reset_version = version + 1 WHERE id = 1",
            )
            .execute(&mut *conn)
            .await?;
        }
    }
    Ok(())
}

/// Directory changes committed by this process; see [`commit_directory_change`].
static COMMITTED_HERE: AtomicU64 = AtomicU64::new(0);

/// Commits a transaction that called [`mark_directory_change`], then nudges this process's
/// directory index to catch up before it answers again, so that people see their own changes
/// at once (other servers catch up within about a second). The nudge is process-wide: several
/// apps in one process (tests) at worst look at their database once more than needed.
pub async fn commit_directory_change(tx: Transaction<'_, Any>) -> sqlx::Result<()> {
    tx.commit().await?;
    COMMITTED_HERE.fetch_add(1, Ordering::SeqCst);
    Ok(())
}

/// How many directory changes this process has committed.
pub fn directory_changes_committed_here() -> u64 {
    COMMITTED_HERE.load(Ordering::SeqCst)
}

pub async fn directory_version(db: &Db) -> sqlx::Result<DirectoryVersion> {
    read_directory_version(&mut *db.pool.acquire().await?).await
}

async fn read_directory_version(conn: &mut sqlx::AnyConnection) -> sqlx::Result<DirectoryVersion> {
    let row = sqlx::query("SELECT version, reset_version FROM directory_version WHERE id = 1")
        .fetch_one(&mut *conn)
        .await?;
    Ok(DirectoryVersion {
        version: row.try_get(0)?,
        reset: row.try_get(1)?,
    })
}

/// What the directory index is built from, read in one snapshot of the database.
pub struct DirectoryRows {
    /// The version the rows are at.
    pub at: DirectoryVersion,
    pub docs: Vec<MemberDoc>,
    /// Skill names and synonyms (as [`crate::admin::store::name_key`]) to skill ids; read for
    /// a full build only.
    pub skill_keys: HashMap<String, i64>,
}

/// All active members (`changed_after` None), or every member changed after that version.
pub async fn directory_docs(db: &Db, changed_after: Option<i64>) -> sqlx::Result<DirectoryRows> {
    let mut tx = db.pool.begin().await?;
    if db.backend == crate::db::Backend::Postgres {
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            .execute(&mut *tx)
            .await?;
    }
    let at = read_directory_version(&mut tx).await?;
    let departments = id_names(&mut tx, "SELECT id, name FROM departments").await?;
    let skill_names = id_names(&mut tx, "SELECT id, name FROM skills").await?;
    // One row per member, their skills and languages aggregated: a row per skill costs more
    // to decode than the rest of the build (900,000 of them for 100,000 members).
    let backend = db.backend;
    let mut q = SqlBuilder::default();
    let (members, changed) = match changed_after {
        None => ("u.active = 1".to_string(), None),
        Some(v) => {
            let n = q.bind(Param::Int(v));
            let changed = format!("u.directory_version > ${n}");
            (changed.clone(), Some(changed))
        }
    };
    let (skills, skills_join) = backend.member_aggregate(
        "member_skills",
        &backend.join_agg("skill_id || ':' || level", "' '"),
        "skills",
        changed.as_deref(),
    );
    let (languages, languages_join) = backend.member_aggregate(
        "member_languages",
        &backend.json_array_agg("language"),
        "languages",
        changed.as_deref(),
    );
    q.push(&format!(
        "SELECT u.id, u.name, u.title, u.department_id, u.location, u.mentoring, u.visibility, \
         u.active, u.created_at, u.bio, u.interests, u.goals, {skills}, {languages} \
         FROM users u{skills_join}{languages_join} WHERE {members}"
    ));
    let mut docs = Vec::new();
    for r in q.build().fetch_all(&mut *tx).await? {
        let department: Option<i64> = r.try_get("department_id")?;
        let skills: Option<String> = r.try_get("skills")?;
        let languages: Option<String> = r.try_get("languages")?;
        docs.push(MemberDoc {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            title: r.try_get("title")?,
            department: department.and_then(|d| Some((d, departments.get(&d)?.clone()))),
            location: r.try_get("location")?,
            mentoring: Mentoring::from_db(&r.try_get::<String, _>("mentoring")?),
            restricted: r.try_get::<String, _>("visibility")? == "connections",
            active: r.try_get::<i64, _>("active")? == 1,
            created_at: r.try_get("created_at")?,
            // "id:level id:level ..."
            skills: skills
                .as_deref()
                .unwrap_or_default()
                .split(' ')
                .filter_map(|s| {
                    let (id, level) = s.split_once(':')?;
                    let id: i64 = id.parse().ok()?;
                    Some((id, level.parse().ok()?, skill_names.get(&id)?.clone()))
                })
                .collect(),
            languages: serde_json::from_str(languages.as_deref().unwrap_or("[]"))
                .map_err(|e| sqlx::Error::Decode(e.into()))?,
            about: format!(
                "{}\n{}\n{}",
                r.try_get::<String, _>("bio")?,
                r.try_get::<String, _>("interests")?,
                r.try_get::<String, _>("goals")?
            ),
        });
    }
    let mut skill_keys = HashMap::new();
    if changed_after.is_none() {
        for r in sqlx::query(
            "SELECT name_key, id FROM skills UNION ALL SELECT name_key, skill_id FROM skill_aliases",
        )
        .fetch_all(&mut *tx)
        .await?
        {
            skill_keys.insert(r.try_get(0)?, r.try_get(1)?);
        }
    }
    tx.rollback().await?;
    Ok(DirectoryRows {
        at,
        docs,
        skill_keys,
    })
}

async fn id_names(
    conn: &mut sqlx::AnyConnection,
    sql: &'static str,
) -> sqlx::Result<HashMap<i64, Arc<str>>> {
    sqlx::query(sql)
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, Arc::from(r.try_get::<String, _>(1)?))))
        .collect()
}

pub async fn directory(db: &Db, f: &DirectoryFilter) -> sqlx::Result<DirectoryPage> {
    // The first filter in this order "drives": the query walks its index (search matches, a
    // skill's holders, a language's speakers) joined to users and stops at COUNT_LIMIT + 1,
    // testing the other filters per row. `IN (subquery)` would build the whole set first
    // (80,000 English speakers) before the limit applies.
    let mut conditions = SqlBuilder::new(" WHERE u.active = 1");
    let mut source = String::from("users u");
    let mut filtered = false;
    // A connections-only member's skills, languages and location are not searchable by
    // strangers.
    let mut driven = false;
    if let Some(q) = db.backend.prefix_query(&f.words) {
        let n = conditions.bind(Param::Text(q));
        let (from, condition) = db.backend.member_search_join(n);
        source = from;
        conditions.push(" AND ").push(&condition);
        filtered = true;
        driven = true;
    }
    if let Some(skill) = f.skill_id {
        let skill = conditions.bind(Param::Int(skill));
        let level = conditions.bind(Param::Int(f.min_level));
        if driven {
            conditions.push(&format!(
                " AND EXISTS (SELECT 1 FROM member_skills ms WHERE ms.user_id = u.id AND ms.skill_id = ${skill} AND ms.level >= ${level})"
            ));
        } else {
            source = "member_skills ms JOIN users u ON u.id = ms.user_id".into();
            conditions.push(&format!(
                " AND ms.skill_id = ${skill} AND ms.level >= ${level}"
            ));
            driven = true;
        }
        conditions.push(" AND u.visibility = 'organization'");
        filtered = true;
    }
    if let Some(language) = &f.language {
        let n = conditions.bind(Param::Text(language.clone()));
        if driven {
            conditions.push(&format!(
                " AND EXISTS (SELECT 1 FROM member_languages ml WHERE ml.user_id = u.id AND ml.language = ${n})"
            ));
        } else {
            source = "member_languages ml JOIN users u ON u.id = ml.user_id".into();
            conditions.push(&format!(" AND ml.language = ${n}"));
        }
        conditions.push(" AND u.visibility = 'organization'");
        filtered = true;
    }
    if let Some(d) = f.department_id {
        conditions.push_bind(" AND u.department_id = {}", Param::Int(d));
        filtered = true;
    }
    if let Some(l) = &f.location {
        conditions.push_bind(
            " AND u.location = {} AND u.visibility = 'organization'",
            Param::Text(l.clone()),
        );
        filtered = true;
    }
    if f.can_mentor {
        conditions.push(" AND u.mentoring IN ('mentor', 'both') AND u.visibility = 'organization'");
        filtered = true;
    }
    let order = if f.newest_first {
        "created_at DESC, id DESC"
    } else {
        "name, id"
    };

    // Unfiltered, the page walks an index in order and stops. Filtered, the engines would walk
    // that index testing every member against the filters (70,000 of them for "oliver" on
    // PostgreSQL); instead the first COUNT_LIMIT + 1 matches are found through the filters'
    // own indexes, then sorted. Past COUNT_LIMIT the directory says "more than 1,000" and
    // shows those in order, asking for a narrower search.
    let mut list = SqlBuilder::default();
    if filtered {
        // Sort the matches' ids and names first, then read the 20 rows of the page.
        list.push(&format!(
            "WITH m AS MATERIALIZED (SELECT u.id, u.name, u.created_at FROM {source}"
        ));
        list.sql.push_str(&conditions.sql);
        for p in conditions.params() {
            list.bind(p.clone());
        }
        let cap = list.bind(Param::Int(COUNT_LIMIT + 1));
        let limit = list.bind(Param::Int(f.per_page));
        let offset = list.bind(Param::Int((f.page - 1) * f.per_page));
        list.push(&format!(
            " LIMIT ${cap}), p AS (SELECT id, name, created_at FROM m ORDER BY {order} LIMIT ${limit} OFFSET ${offset}) \
             SELECT u.id, u.name, u.title, u.location, u.mentoring, u.visibility, d.name AS dept, \
             (SELECT COUNT(*) FROM m) AS matches FROM p JOIN users u ON u.id = p.id \
             LEFT JOIN departments d ON d.id = u.department_id ORDER BY p.{}",
            order.replace(", ", ", p.")
        ));
    } else {
        list.push(
            "SELECT u.id, u.name, u.title, u.location, u.mentoring, u.visibility, d.name AS dept, 0 AS matches FROM users u \
             LEFT JOIN departments d ON d.id = u.department_id",
        );
        list.sql.push_str(&conditions.sql);
        for p in conditions.params() {
            list.bind(p.clone());
        }
        list.push(&format!(" ORDER BY u.{}", order.replace(", ", ", u.")));
        let limit = list.bind(Param::Int(f.per_page));
        let offset = list.bind(Param::Int((f.page - 1) * f.per_page));
        list.push(&format!(" LIMIT ${limit} OFFSET ${offset}"));
    }
    let rows = list.build().fetch_all(&db.pool).await?;

    let counted: i64 = match rows.first() {
        Some(r) if filtered => r.try_get("matches")?,
        _ => {
            let mut count =
                SqlBuilder::new(format!("SELECT COUNT(*) FROM (SELECT 1 FROM {source}"));
            count.sql.push_str(&conditions.sql);
            for p in conditions.params() {
                count.bind(p.clone());
            }
            let cap = count.bind(Param::Int(COUNT_LIMIT + 1));
            count.push(&format!(" LIMIT ${cap}) matches"));
            count.build().fetch_one(&db.pool).await?.try_get(0)?
        }
    };
    let mut members = Vec::with_capacity(rows.len());
    for r in &rows {
        let restricted = r.try_get::<String, _>("visibility")? == "connections";
        members.push(MemberCard {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            title: r.try_get("title")?,
            department: r.try_get("dept")?,
            location: if restricted {
                String::new()
            } else {
                r.try_get("location")?
            },
            // Whether a connections-only member mentors is theirs to show on their profile.
            mentoring: if restricted {
                Mentoring::None
            } else {
                Mentoring::from_db(&r.try_get::<String, _>("mentoring")?)
            },
            top_skills: Vec::new(),
            restricted,
        });
    }
    let open: Vec<i64> = members
        .iter()
        .filter(|m| !m.restricted)
        .map(|m| m.id)
        .collect();
    let mut top = top_skills(db, &open).await?;
    for m in &mut members {
        m.top_skills = top.remove(&m.id).unwrap_or_default();
    }
    Ok(DirectoryPage::new(members, counted, f))
}

/// Up to four strongest skills of each member in `ids`.
async fn top_skills(db: &Db, ids: &[i64]) -> sqlx::Result<HashMap<i64, Vec<String>>> {
    let mut out: HashMap<i64, Vec<String>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let mut q = SqlBuilder::new(
        "SELECT ms.user_id, s.name FROM member_skills ms JOIN skills s ON s.id = ms.skill_id WHERE ms.user_id IN (",
    );
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            q.push(", ");
        }
        q.push_bind("{}", Param::Int(*id));
    }
    q.push(") ORDER BY ms.user_id, ms.level DESC, s.name");
    for r in q.build().fetch_all(&db.pool).await? {
        let list = out.entry(r.try_get(0)?).or_default();
        if list.len() < 4 {
            list.push(r.try_get(1)?);
        }
    }
    Ok(out)
}

pub async fn facets(db: &Db) -> sqlx::Result<Facets> {
    let departments = crate::admin::store::departments(db)
        .await?
        .into_iter()
        .map(|d| Named {
            id: d.id,
            name: d.name,
        })
        .collect();
    let languages =
        sqlx::query("SELECT DISTINCT language FROM member_languages ORDER BY language LIMIT 500")
            .fetch_all(&db.pool)
            .await?
            .iter()
            .map(|r| r.try_get(0))
            .collect::<sqlx::Result<_>>()?;
    let locations = sqlx::query(
        "SELECT DISTINCT location FROM users WHERE location <> '' ORDER BY location LIMIT 500",
    )
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<sqlx::Result<_>>()?;
    Ok(Facets {
        departments,
        languages,
        locations,
    })
}
