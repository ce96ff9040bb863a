//! SQL for programs, enrollments, matching runs, adjustments and mentor requests.

use std::collections::{BTreeMap, HashMap};

use sqlx::Row;
use sqlx::any::AnyRow;

use super::model::*;
use crate::db::{Db, Param, insert_rows, now};
use crate::web::page::date;

/// A program's columns as the rules computed them.
pub struct ProgramColumns {
    pub name: String,
    pub description: String,
    pub kind: ProgramKind,
    pub group_size: i64,
    pub matching_mode: MatchingMode,
    pub enrollment_opens: i64,
    pub enrollment_closes: i64,
    pub matching_on: i64,
    pub ends_on: i64,
    pub audience: Audience,
    pub audience_ids: Vec<i64>,
    pub max_mentees: i64,
    pub capacity_from_profile: bool,
    pub favour_bridges: bool,
    pub criteria: MatchingCriteria,
    pub checkin_weeks: i64,
    pub questions: Vec<QuestionInput>,
}

const PROGRAM_COLUMNS: &str = "id, name, description, kind, group_size, matching_mode, phase, enrollment_opens, \
    enrollment_closes, matching_on, ends_on, audience, max_mentees, capacity_from_profile, favour_bridges, settings, \
    checkin_weeks, created_by";

fn program_from_row(r: &AnyRow) -> sqlx::Result<Program> {
    let phase = Phase::from_db(&r.try_get::<String, _>(6)?);
    let opens: i64 = r.try_get(7)?;
    let closes: i64 = r.try_get(8)?;
    let at = now();
    let settings: String = r.try_get(15)?;
    Ok(Program {
        id: r.try_get(0)?,
        name: r.try_get(1)?,
        description: r.try_get(2)?,
        kind: ProgramKind::from_db(&r.try_get::<String, _>(3)?),
        group_size: r.try_get(4)?,
        matching_mode: MatchingMode::from_db(&r.try_get::<String, _>(5)?),
        phase,
        // The close date is the last day on which one may enroll.
        enrollment_open: phase == Phase::Open && opens <= at && at < closes + 86_400,
        enrollment_opens: date(opens),
        enrollment_closes: date(closes),
        matching_on: date(r.try_get::<i64, _>(9)?),
        ends_on: date(r.try_get::<i64, _>(10)?),
        audience: Audience::from_db(&r.try_get::<String, _>(11)?),
        audience_ids: Vec::new(),
        audience_names: Vec::new(),
        max_mentees: r.try_get(12)?,
        capacity_from_profile: r.try_get::<i64, _>(13)? != 0,
        favour_bridges: r.try_get::<i64, _>(14)? != 0,
        criteria: serde_json::from_str(&settings).unwrap_or_default(),
        checkin_weeks: r.try_get(16)?,
        questions: Vec::new(),
        created_by: r.try_get(17)?,
    })
}

pub async fn insert_program(db: &Db, by: i64, p: &ProgramColumns) -> sqlx::Result<i64> {
    let mut tx = db.pool.begin().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO programs (name, description, kind, group_size, matching_mode, phase, enrollment_opens, enrollment_closes, \
         matching_on, ends_on, audience, max_mentees, capacity_from_profile, favour_bridges, settings, checkin_weeks, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17) RETURNING id",
    )
    .bind(&p.name)
    .bind(&p.description)
    .bind(p.kind.as_str())
    .bind(p.group_size)
    .bind(p.matching_mode.as_str())
    .bind(p.enrollment_opens)
    .bind(p.enrollment_closes)
    .bind(p.matching_on)
    .bind(p.ends_on)
    .bind(p.audience.as_str())
    .bind(p.max_mentees)
    .bind(p.capacity_from_profile as i64)
    .bind(p.favour_bridges as i64)
    .bind(serde_json::to_string(&p.criteria).unwrap_or_default())
    .bind(p.checkin_weeks)
    .bind(by)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    write_audience_and_questions(&mut tx, id, p, true).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_program(
    db: &Db,
    id: i64,
    p: &ProgramColumns,
    replace_questions: bool,
) -> sqlx::Result<()> {
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "UPDATE programs SET name = $1, description = $2, kind = $3, group_size = $4, matching_mode = $5, enrollment_opens = $6, \
         enrollment_closes = $7, matching_on = $8, ends_on = $9, audience = $10, max_mentees = $11, capacity_from_profile = $12, \
         favour_bridges = $13, settings = $14, checkin_weeks = $15 WHERE id = $16",
    )
    .bind(&p.name)
    .bind(&p.description)
    .bind(p.kind.as_str())
    .bind(p.group_size)
    .bind(p.matching_mode.as_str())
    .bind(p.enrollment_opens)
    .bind(p.enrollment_closes)
    .bind(p.matching_on)
    .bind(p.ends_on)
    .bind(p.audience.as_str())
    .bind(p.max_mentees)
    .bind(p.capacity_from_profile as i64)
    .bind(p.favour_bridges as i64)
    .bind(serde_json::to_string(&p.criteria).unwrap_or_default())
    .bind(p.checkin_weeks)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM program_audience WHERE program_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if replace_questions {
        sqlx::query("DELETE FROM program_questions WHERE program_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    write_audience_and_questions(&mut tx, id, p, replace_questions).await?;
    tx.commit().await?;
    Ok(())
}

async fn write_audience_and_questions(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    id: i64,
    p: &ProgramColumns,
    questions: bool,
) -> sqlx::Result<()> {
    for target in &p.audience_ids {
        let (dept, org) = match p.audience {
            Audience::Departments => (Some(*target), None),
            Audience::Organizations => (None, Some(*target)),
            Audience::Everyone => continue,
        };
        sqlx::query(
            "INSERT INTO program_audience (program_id, department_id, organization_id) VALUES ($1, $2, $3)",
        )
        .bind(id)
        .bind(dept)
        .bind(org)
        .execute(&mut **tx)
        .await?;
    }
    if questions {
        for (position, q) in p.questions.iter().enumerate() {
            sqlx::query(
                "INSERT INTO program_questions (program_id, position, prompt, kind, options, criterion, asked_of, required) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(id)
            .bind(position as i64)
            .bind(&q.prompt)
            .bind(&q.kind)
            .bind(q.options.join("\n"))
            .bind(&q.criterion)
            .bind(&q.asked_of)
            .bind(q.required as i64)
            .execute(&mut **tx)
            .await?;
        }
    }
    Ok(())
}

pub async fn program(db: &Db, id: i64) -> sqlx::Result<Option<Program>> {
    let sql = format!("SELECT {PROGRAM_COLUMNS} FROM programs WHERE id = $1");
    let Some(row) = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
    else {
        return Ok(None);
    };
    let mut program = program_from_row(&row)?;
    for r in sqlx::query(
        "SELECT a.department_id, a.organization_id, COALESCE(d.name, o.name) FROM program_audience a \
         LEFT JOIN departments d ON d.id = a.department_id LEFT JOIN organizations o ON o.id = a.organization_id \
         WHERE a.program_id = $1 ORDER BY 3",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?
    {
        let dept: Option<i64> = r.try_get(0)?;
        let org: Option<i64> = r.try_get(1)?;
        if let Some(target) = dept.or(org) {
            program.audience_ids.push(target);
            program
                .audience_names
                .push(r.try_get::<Option<String>, _>(2)?.unwrap_or_default());
        }
    }
    program.questions = sqlx::query(
        "SELECT id, prompt, kind, options, criterion, asked_of, required FROM program_questions WHERE program_id = $1 ORDER BY position",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(Question {
            id: r.try_get(0)?,
            prompt: r.try_get(1)?,
            kind: r.try_get(2)?,
            options: r
                .try_get::<String, _>(3)?
                .lines()
                .map(str::to_string)
                .filter(|l| !l.is_empty())
                .collect(),
            criterion: r.try_get(4)?,
            asked_of: r.try_get(5)?,
            required: r.try_get::<i64, _>(6)? != 0,
        })
    })
    .collect::<sqlx::Result<_>>()?;
    Ok(Some(program))
}

/// Every program, newest first, with enrollment counts and the viewer's role.
pub async fn programs(db: &Db, viewer: i64) -> sqlx::Result<Vec<(Program, i64, Option<String>)>> {
    let sql = format!(
        "SELECT {PROGRAM_COLUMNS}, (SELECT COUNT(*) FROM enrollments e WHERE e.program_id = programs.id AND e.status = 'enrolled'), \
         (SELECT e.role FROM enrollments e WHERE e.program_id = programs.id AND e.user_id = $1 AND e.status = 'enrolled') \
         FROM programs ORDER BY id DESC LIMIT 500"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(viewer)
        .fetch_all(&db.pool)
        .await?;
    let audience = audience_map(db).await?;
    rows.iter()
        .map(|r| {
            let mut p = program_from_row(r)?;
            p.audience_ids = audience.get(&p.id).cloned().unwrap_or_default();
            Ok((p, r.try_get(18)?, r.try_get(19)?))
        })
        .collect()
}

async fn audience_map(db: &Db) -> sqlx::Result<HashMap<i64, Vec<i64>>> {
    let mut map: HashMap<i64, Vec<i64>> = HashMap::new();
    for r in sqlx::query(
        "SELECT program_id, COALESCE(department_id, organization_id) FROM program_audience",
    )
    .fetch_all(&db.pool)
    .await?
    {
        if let Some(target) = r.try_get::<Option<i64>, _>(1)? {
            map.entry(r.try_get(0)?).or_default().push(target);
        }
    }
    Ok(map)
}

pub async fn set_phase(db: &Db, id: i64, phase: Phase) -> sqlx::Result<()> {
    sqlx::query("UPDATE programs SET phase = $1 WHERE id = $2")
        .bind(phase.as_str())
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// A member's department, organization, and profile mentoring capacity.
pub async fn member_placement(
    db: &Db,
    user: i64,
) -> sqlx::Result<Option<(Option<i64>, Option<i64>, i64)>> {
    sqlx::query(
        "SELECT department_id, organization_id, mentor_capacity FROM users WHERE id = $1 AND active = 1",
    )
    .bind(user)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?)))
    .transpose()
}

pub async fn is_invited(db: &Db, program: i64, user: i64) -> sqlx::Result<bool> {
    Ok(
        sqlx::query("SELECT 1 FROM program_invitations WHERE program_id = $1 AND user_id = $2")
            .bind(program)
            .bind(user)
            .fetch_optional(&db.pool)
            .await?
            .is_some(),
    )
}

/// Records invitations; returns the members newly invited.
pub async fn invite(db: &Db, program: i64, by: i64, users: &[i64]) -> sqlx::Result<Vec<i64>> {
    let mut fresh = Vec::new();
    for user in users {
        let done = sqlx::query(
            "INSERT INTO program_invitations (program_id, user_id, invited_by, created_at) \
             SELECT $1, id, $2, $3 FROM users WHERE id = $4 AND active = 1 ON CONFLICT (program_id, user_id) DO NOTHING",
        )
        .bind(program)
        .bind(by)
        .bind(now())
        .bind(*user)
        .execute(&db.pool)
        .await?;
        if done.rows_affected() == 1 {
            fresh.push(*user);
        }
    }
    Ok(fresh)
}

pub async fn upsert_enrollment(
    db: &Db,
    program: i64,
    user: i64,
    role: &str,
    capacity: i64,
    answers: &BTreeMap<i64, Vec<String>>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO enrollments (program_id, user_id, role, capacity, answers, status, created_at) VALUES ($1, $2, $3, $4, $5, 'enrolled', $6) \
         ON CONFLICT (program_id, user_id) DO UPDATE SET role = excluded.role, capacity = excluded.capacity, answers = excluded.answers, status = 'enrolled'",
    )
    .bind(program)
    .bind(user)
    .bind(role)
    .bind(capacity)
    .bind(serde_json::to_string(answers).unwrap_or_else(|_| "{}".into()))
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn withdraw(db: &Db, program: i64, user: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE enrollments SET status = 'withdrawn' WHERE program_id = $1 AND user_id = $2 AND status = 'enrolled'",
    )
    .bind(program)
    .bind(user)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

const ENROLLMENT_SELECT: &str = "SELECT e.id, e.program_id, e.user_id, u.name, d.name, e.role, e.capacity, e.answers, e.status, e.created_at \
     FROM enrollments e JOIN users u ON u.id = e.user_id LEFT JOIN departments d ON d.id = u.department_id";

fn enrollment_from_row(r: &AnyRow) -> sqlx::Result<Enrollment> {
    Ok(Enrollment {
        id: r.try_get(0)?,
        program_id: r.try_get(1)?,
        user_id: r.try_get(2)?,
        name: r.try_get(3)?,
        department: r.try_get(4)?,
        role: r.try_get(5)?,
        capacity: r.try_get(6)?,
        answers: serde_json::from_str(&r.try_get::<String, _>(7)?).unwrap_or_default(),
        status: r.try_get(8)?,
        created_at: r.try_get(9)?,
    })
}

pub async fn enrollment(db: &Db, program: i64, user: i64) -> sqlx::Result<Option<Enrollment>> {
    let sql = format!("{ENROLLMENT_SELECT} WHERE e.program_id = $1 AND e.user_id = $2");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(program)
        .bind(user)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| enrollment_from_row(&r))
        .transpose()
}

/// Enrollments newest first, one page.
pub async fn enrollments(
    db: &Db,
    program: i64,
    limit: i64,
    offset: i64,
) -> sqlx::Result<Vec<Enrollment>> {
    let sql = format!(
        "{ENROLLMENT_SELECT} WHERE e.program_id = $1 ORDER BY e.created_at DESC, e.id DESC LIMIT $2 OFFSET $3"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(program)
        .bind(limit)
        .bind(offset)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(enrollment_from_row)
        .collect()
}

/// Everything matching needs about the enrolled members of a program.
pub struct MatchingRows {
    /// (user id, name, role, capacity, answers JSON, department, organization, seniority,
    /// time zone, interests, goals)
    pub members: Vec<MemberRow>,
    /// (user id, skill name, level, can teach, wants to learn)
    pub skills: Vec<(i64, String, i64, bool, bool)>,
    pub languages: Vec<(i64, String)>,
    pub values: Vec<(i64, String)>,
    /// Pairs of enrolled members who were in a relationship before.
    pub past_pairs: Vec<(i64, i64)>,
    /// Members in an active relationship of this program, with their role there.
    pub active: Vec<(i64, String)>,
}

pub struct MemberRow {
    pub id: i64,
    pub name: String,
    pub role: String,
    pub capacity: i64,
    pub answers: String,
    pub department: Option<String>,
    pub organization: Option<String>,
    pub seniority: i64,
    pub time_zone: String,
    pub interests: String,
    pub goals: String,
}

pub async fn matching_rows(db: &Db, program: i64) -> sqlx::Result<MatchingRows> {
    // Every query starts from the program's enrollments and joins by member, so each engine
    // reads only the enrolled members' rows through the primary keys.
    const ENROLLED: &str = "enrollments e";
    const ENROLLED_WHERE: &str = "e.program_id = $1 AND e.status = 'enrolled'";
    let members = sqlx::query(
        "SELECT u.id, u.name, e.role, e.capacity, e.answers, d.name, o.name, u.seniority, u.time_zone, u.interests, u.goals \
         FROM enrollments e JOIN users u ON u.id = e.user_id LEFT JOIN departments d ON d.id = u.department_id \
         LEFT JOIN organizations o ON o.id = u.organization_id \
         WHERE e.program_id = $1 AND e.status = 'enrolled' AND u.active = 1 ORDER BY e.id",
    )
    .bind(program)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(MemberRow {
            id: r.try_get(0)?,
            name: r.try_get(1)?,
            role: r.try_get(2)?,
            capacity: r.try_get(3)?,
            answers: r.try_get(4)?,
            department: r.try_get(5)?,
            organization: r.try_get(6)?,
            seniority: r.try_get(7)?,
            time_zone: r.try_get(8)?,
            interests: r.try_get(9)?,
            goals: r.try_get(10)?,
        })
    })
    .collect::<sqlx::Result<_>>()?;
    let skills = sqlx::query(sqlx::AssertSqlSafe(format!(
        "SELECT ms.user_id, s.name, ms.level, ms.can_teach, ms.wants_to_learn FROM {ENROLLED} \
         JOIN member_skills ms ON ms.user_id = e.user_id JOIN skills s ON s.id = ms.skill_id WHERE {ENROLLED_WHERE}"
    )))
    .bind(program)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok((
            r.try_get(0)?,
            r.try_get(1)?,
            r.try_get(2)?,
            r.try_get::<i64, _>(3)? != 0,
            r.try_get::<i64, _>(4)? != 0,
        ))
    })
    .collect::<sqlx::Result<_>>()?;
    let languages = pairs(
        db,
        program,
        format!(
            "SELECT l.user_id, l.language FROM {ENROLLED} JOIN member_languages l ON l.user_id = e.user_id WHERE {ENROLLED_WHERE}"
        ),
    )
    .await?;
    let values = pairs(db, program, format!(
        "SELECT mv.user_id, v.name FROM {ENROLLED} JOIN member_values mv ON mv.user_id = e.user_id \
         JOIN org_values v ON v.id = mv.value_id WHERE {ENROLLED_WHERE}"
    ))
    .await?;
    let past_pairs = pairs(db, program, format!(
        "SELECT a.user_id, b.user_id FROM {ENROLLED} JOIN mentorship_members a ON a.user_id = e.user_id \
         JOIN mentorship_members b ON b.mentorship_id = a.mentorship_id AND b.user_id <> a.user_id WHERE {ENROLLED_WHERE}"
    ))
    .await?;
    let active = pairs(
        db,
        program,
        "SELECT mm.user_id, mm.role FROM mentorship_members mm JOIN mentorships m ON m.id = mm.mentorship_id \
         WHERE m.program_id = $1 AND m.status = 'active'"
            .to_string(),
    )
    .await?;
    Ok(MatchingRows {
        members,
        skills,
        languages,
        values,
        past_pairs,
        active,
    })
}

/// The program's enrolled members, and those of them already in an active relationship of the
/// program as mentee or peer.
pub async fn enrolled_and_matched(
    db: &Db,
    program: i64,
) -> sqlx::Result<(
    std::collections::HashSet<i64>,
    std::collections::HashSet<i64>,
)> {
    let enrolled = sqlx::query(
        "SELECT e.user_id FROM enrollments e JOIN users u ON u.id = e.user_id \
         WHERE e.program_id = $1 AND e.status = 'enrolled' AND u.active = 1",
    )
    .bind(program)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<sqlx::Result<_>>()?;
    let matched = sqlx::query(
        "SELECT mm.user_id FROM mentorship_members mm JOIN mentorships m ON m.id = mm.mentorship_id \
         WHERE m.program_id = $1 AND m.status = 'active' AND mm.role <> 'mentor'",
    )
    .bind(program)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect::<sqlx::Result<_>>()?;
    Ok((enrolled, matched))
}

/// Two-column rows of a query bound to the program id.
async fn pairs<A, B>(db: &Db, program: i64, sql: String) -> sqlx::Result<Vec<(A, B)>>
where
    A: for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
    B: for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(program)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}

/// A run's pair to store: (mentee, mentor, circle, score, locked, breakdown JSON).
pub type StoredPair = (i64, Option<i64>, Option<i64>, f64, bool, String);

pub async fn insert_run(
    db: &Db,
    program: i64,
    by: i64,
    pairs: &[StoredPair],
    total_score: f64,
    details: &RunDetails,
    duration_ms: i64,
) -> sqlx::Result<i64> {
    let mut tx = db.pool.begin().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO match_runs (program_id, created_by, created_at, pair_count, total_score, summary, duration_ms) \
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id",
    )
    .bind(program)
    .bind(by)
    .bind(now())
    .bind(pairs.len() as i64)
    .bind(total_score)
    .bind(serde_json::to_string(details).unwrap_or_default())
    .bind(duration_ms)
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    // Scores go in as text so one multi-row statement carries them on both engines (the
    // builder binds integers and text); the cast converts them.
    let rows: Vec<Vec<Param>> = pairs
        .iter()
        .map(|(mentee, mentor, circle, score, locked, breakdown)| {
            vec![
                Param::Int(id),
                Param::Int(*mentee),
                Param::OptInt(*mentor),
                Param::OptInt(*circle),
                Param::Text(format!("{score:.2}")),
                Param::Int(*locked as i64),
                Param::Text(breakdown.clone()),
            ]
        })
        .collect();
    insert_rows(
        &mut tx,
        db.backend,
        "INSERT INTO match_run_pairs (run_id, mentee_id, mentor_id, circle, score, locked, breakdown) VALUES ",
        match db.backend {
            crate::db::Backend::Postgres => "({}, {}, {}, {}, CAST({} AS DOUBLE PRECISION), {}, {})",
            crate::db::Backend::Sqlite => "({}, {}, {}, {}, CAST({} AS REAL), {}, {})",
        },
        "",
        rows,
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn set_run_duration(db: &Db, run: i64, duration_ms: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE match_runs SET duration_ms = $1 WHERE id = $2")
        .bind(duration_ms)
        .bind(run)
        .execute(&db.pool)
        .await?;
    Ok(())
}

const RUN_SELECT: &str = "SELECT id, program_id, created_at, pair_count, total_score, duration_ms, published_at FROM match_runs";

fn run_from_row(r: &AnyRow) -> sqlx::Result<RunSummary> {
    let pair_count: i64 = r.try_get(3)?;
    let total_score: f64 = r.try_get(4)?;
    Ok(RunSummary {
        id: r.try_get(0)?,
        program_id: r.try_get(1)?,
        created_at: r.try_get(2)?,
        pair_count,
        total_score,
        mean_score: if pair_count > 0 {
            ((total_score / pair_count as f64) * 100.0).round() / 100.0
        } else {
            0.0
        },
        duration_ms: r.try_get(5)?,
        published: r.try_get::<Option<i64>, _>(6)?.is_some(),
    })
}

pub async fn runs(db: &Db, program: i64) -> sqlx::Result<Vec<RunSummary>> {
    let sql = format!("{RUN_SELECT} WHERE program_id = $1 ORDER BY id DESC LIMIT 50");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(program)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(run_from_row)
        .collect()
}

pub async fn run(
    db: &Db,
    program: i64,
    run: i64,
) -> sqlx::Result<Option<(RunSummary, RunDetails)>> {
    sqlx::query(
        "SELECT id, program_id, created_at, pair_count, total_score, duration_ms, published_at, summary FROM match_runs WHERE id = $1 AND program_id = $2",
    )
        .bind(run)
        .bind(program)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| {
            Ok((
                run_from_row(&r)?,
                serde_json::from_str(&r.try_get::<String, _>(7)?).unwrap_or_default(),
            ))
        })
        .transpose()
}

/// One page of a run's pairs, lowest score first when `lowest_first` (what a lead reviews).
pub async fn run_pairs(db: &Db, run: i64, limit: i64, offset: i64) -> sqlx::Result<Vec<RunPair>> {
    sqlx::query(
        "SELECT p.mentee_id, e.name, p.mentor_id, COALESCE(m.name, ''), p.circle, p.score, p.locked, p.breakdown \
         FROM match_run_pairs p JOIN users e ON e.id = p.mentee_id LEFT JOIN users m ON m.id = p.mentor_id \
         WHERE p.run_id = $1 ORDER BY p.circle, m.name, e.name LIMIT $2 OFFSET $3",
    )
    .bind(run)
    .bind(limit)
    .bind(offset)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(RunPair {
            mentee_id: r.try_get(0)?,
            mentee_name: r.try_get(1)?,
            mentor_id: r.try_get(2)?,
            mentor_name: r.try_get(3)?,
            circle: r.try_get(4)?,
            score: r.try_get(5)?,
            locked: r.try_get::<i64, _>(6)? != 0,
            breakdown: serde_json::from_str(&r.try_get::<String, _>(7)?).ok(),
        })
    })
    .collect()
}

/// Every pair of a run without explanations: (mentee, mentor, circle, score).
pub async fn run_pair_list(
    db: &Db,
    run: i64,
) -> sqlx::Result<Vec<(i64, Option<i64>, Option<i64>, f64)>> {
    sqlx::query("SELECT mentee_id, mentor_id, circle, score FROM match_run_pairs WHERE run_id = $1")
        .bind(run)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?)))
        .collect()
}

pub async fn mark_published(db: &Db, run: i64) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE match_runs SET published_at = $1 WHERE id = $2 AND published_at IS NULL",
    )
    .bind(now())
    .bind(run)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn names(db: &Db, ids: &[i64]) -> sqlx::Result<HashMap<i64, String>> {
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        let list: Vec<String> = chunk.iter().map(|id| id.to_string()).collect();
        // Ids are integers formatted here, never text from a request.
        let sql = format!(
            "SELECT id, name FROM users WHERE id IN ({})",
            list.join(",")
        );
        for r in sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&db.pool)
            .await?
        {
            out.insert(r.try_get(0)?, r.try_get(1)?);
        }
    }
    Ok(out)
}

pub async fn adjustments(db: &Db, program: i64) -> sqlx::Result<Vec<Adjustment>> {
    sqlx::query(
        "SELECT a.mentee_id, a.mentor_id, a.kind, e.name, m.name FROM match_adjustments a \
         JOIN users e ON e.id = a.mentee_id JOIN users m ON m.id = a.mentor_id WHERE a.program_id = $1 ORDER BY a.kind, e.name",
    )
    .bind(program)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(Adjustment {
            mentee_id: r.try_get(0)?,
            mentor_id: r.try_get(1)?,
            kind: r.try_get(2)?,
            mentee_name: r.try_get(3)?,
            mentor_name: r.try_get(4)?,
        })
    })
    .collect()
}

/// Sets a pair's adjustment; a lock first drops the mentee's other locks (a mentee has one
/// mentor).
pub async fn set_adjustment(
    db: &Db,
    program: i64,
    by: i64,
    mentee: i64,
    mentor: i64,
    kind: &str,
) -> sqlx::Result<()> {
    let mut tx = db.pool.begin().await?;
    if kind == "lock" {
        sqlx::query(
            "DELETE FROM match_adjustments WHERE program_id = $1 AND mentee_id = $2 AND kind = 'lock'",
        )
        .bind(program)
        .bind(mentee)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "INSERT INTO match_adjustments (program_id, mentee_id, mentor_id, kind, created_by, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
         ON CONFLICT (program_id, mentee_id, mentor_id) DO UPDATE SET kind = excluded.kind",
    )
    .bind(program)
    .bind(mentee)
    .bind(mentor)
    .bind(kind)
    .bind(by)
    .bind(now())
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn remove_adjustment(
    db: &Db,
    program: i64,
    mentee: i64,
    mentor: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "DELETE FROM match_adjustments WHERE program_id = $1 AND mentee_id = $2 AND mentor_id = $3",
    )
    .bind(program)
    .bind(mentee)
    .bind(mentor)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn insert_request(
    db: &Db,
    program: i64,
    mentee: i64,
    mentor: i64,
    message: &str,
    score: f64,
) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO mentor_requests (program_id, mentee_id, mentor_id, message, status, score, created_at) \
         VALUES ($1, $2, $3, $4, 'pending', $5, $6) RETURNING id",
    )
    .bind(program)
    .bind(mentee)
    .bind(mentor)
    .bind(message)
    .bind(score)
    .bind(now())
    .fetch_one(&db.pool)
    .await?
    .try_get(0)
}

const REQUEST_SELECT: &str = "SELECT r.id, r.program_id, p.name, r.mentee_id, e.name, r.mentor_id, m.name, r.message, r.status, r.reason, r.score, r.created_at \
     FROM mentor_requests r JOIN programs p ON p.id = r.program_id JOIN users e ON e.id = r.mentee_id JOIN users m ON m.id = r.mentor_id";

fn request_from_row(r: &AnyRow) -> sqlx::Result<MentorRequest> {
    Ok(MentorRequest {
        id: r.try_get(0)?,
        program_id: r.try_get(1)?,
        program_name: r.try_get(2)?,
        mentee_id: r.try_get(3)?,
        mentee_name: r.try_get(4)?,
        mentor_id: r.try_get(5)?,
        mentor_name: r.try_get(6)?,
        message: r.try_get(7)?,
        status: r.try_get(8)?,
        reason: r.try_get(9)?,
        score: r.try_get(10)?,
        created_at: r.try_get(11)?,
    })
}

pub async fn request(db: &Db, id: i64) -> sqlx::Result<Option<MentorRequest>> {
    let sql = format!("{REQUEST_SELECT} WHERE r.id = $1");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| request_from_row(&r))
        .transpose()
}

/// Requests in a program involving the member (as mentee or mentor), newest first.
pub async fn requests_of(db: &Db, program: i64, member: i64) -> sqlx::Result<Vec<MentorRequest>> {
    let sql = format!(
        "{REQUEST_SELECT} WHERE r.program_id = $1 AND (r.mentee_id = $2 OR r.mentor_id = $2) ORDER BY r.id DESC LIMIT 200"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(program)
        .bind(member)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(request_from_row)
        .collect()
}

/// Moves a pending request to `status`; false when it was no longer pending.
pub async fn answer_request(db: &Db, id: i64, status: &str, reason: &str) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE mentor_requests SET status = $1, reason = $2, answered_at = $3 WHERE id = $4 AND status = 'pending'",
    )
    .bind(status)
    .bind(reason)
    .bind(now())
    .bind(id)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Per mentor of a program: (active mentees in this program, pending requests).
pub async fn mentor_load(db: &Db, program: i64) -> sqlx::Result<HashMap<i64, (i64, i64)>> {
    let mut load: HashMap<i64, (i64, i64)> = HashMap::new();
    for r in sqlx::query(
        "SELECT mm.user_id, COUNT(*) FROM mentorships m JOIN mentorship_members mm ON mm.mentorship_id = m.id AND mm.role = 'mentor' \
         JOIN mentorship_members me ON me.mentorship_id = m.id AND me.role = 'mentee' \
         WHERE m.program_id = $1 AND m.status = 'active' GROUP BY mm.user_id",
    )
    .bind(program)
    .fetch_all(&db.pool)
    .await?
    {
        load.entry(r.try_get(0)?).or_default().0 = r.try_get(1)?;
    }
    for r in sqlx::query(
        "SELECT mentor_id, COUNT(*) FROM mentor_requests WHERE program_id = $1 AND status = 'pending' GROUP BY mentor_id",
    )
    .bind(program)
    .fetch_all(&db.pool)
    .await?
    {
        load.entry(r.try_get(0)?).or_default().1 = r.try_get(1)?;
    }
    Ok(load)
}

/// Mentors who declined the mentee, or the mentee already asked, in this program.
pub async fn asked_mentors(db: &Db, program: i64, mentee: i64) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query("SELECT mentor_id, status FROM mentor_requests WHERE program_id = $1 AND mentee_id = $2 AND status <> 'withdrawn'")
        .bind(program)
        .bind(mentee)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}

/// The member's active relationship in the program, if any, with their role in it.
pub async fn active_relationship(
    db: &Db,
    program: i64,
    member: i64,
) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query(
        "SELECT m.id, mm.role FROM mentorships m JOIN mentorship_members mm ON mm.mentorship_id = m.id \
         WHERE m.program_id = $1 AND mm.user_id = $2 AND m.status = 'active'",
    )
    .bind(program)
    .bind(member)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect()
}

/// Adds a mentee to the mentor's existing group relationship in the program; false if none.
pub async fn join_group(db: &Db, program: i64, mentor: i64, mentee: i64) -> sqlx::Result<bool> {
    let group: Option<i64> = sqlx::query(
        "SELECT m.id FROM mentorships m JOIN mentorship_members mm ON mm.mentorship_id = m.id \
         WHERE m.program_id = $1 AND mm.user_id = $2 AND mm.role = 'mentor' AND m.status = 'active' AND m.kind = 'group'",
    )
    .bind(program)
    .bind(mentor)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| r.try_get(0))
    .transpose()?;
    let Some(group) = group else {
        return Ok(false);
    };
    sqlx::query(
        "INSERT INTO mentorship_members (mentorship_id, user_id, role) VALUES ($1, $2, 'mentee')",
    )
    .bind(group)
    .bind(mentee)
    .execute(&db.pool)
    .await?;
    Ok(true)
}

/// The follow-up figures (without the flagged lists).
pub async fn stats(db: &Db, program: i64) -> sqlx::Result<ProgramStats> {
    let one = |sql: &'static str| async move {
        sqlx::query(sql)
            .bind(program)
            .fetch_one(&db.pool)
            .await?
            .try_get::<i64, _>(0)
    };
    let mut s = ProgramStats {
        mentors_enrolled: one("SELECT COUNT(*) FROM enrollments WHERE program_id = $1 AND status = 'enrolled' AND role IN ('mentor', 'both')").await?,
        mentees_enrolled: one("SELECT COUNT(*) FROM enrollments WHERE program_id = $1 AND status = 'enrolled' AND role IN ('mentee', 'both')").await?,
        withdrawn: one("SELECT COUNT(*) FROM enrollments WHERE program_id = $1 AND status = 'withdrawn'").await?,
        matched: one("SELECT COUNT(DISTINCT mm.user_id) FROM mentorships m JOIN mentorship_members mm ON mm.mentorship_id = m.id \
                      WHERE m.program_id = $1 AND m.status = 'active' AND mm.role IN ('mentee', 'peer')").await?,
        active_relationships: one("SELECT COUNT(*) FROM mentorships WHERE program_id = $1 AND status = 'active'").await?,
        ended_relationships: one("SELECT COUNT(*) FROM mentorships WHERE program_id = $1 AND status = 'ended'").await?,
        ended_early: one("SELECT COUNT(*) FROM mentorships WHERE program_id = $1 AND status = 'ended' AND ended_early = 1").await?,
        checkins: one("SELECT COUNT(*) FROM checkins c JOIN mentorships m ON m.id = c.mentorship_id WHERE m.program_id = $1").await?,
        goals_set: one("SELECT COUNT(*) FROM mentorship_goals g JOIN mentorships m ON m.id = g.mentorship_id WHERE m.program_id = $1").await?,
        goals_agreed: one("SELECT COUNT(*) FROM mentorship_goals g JOIN mentorships m ON m.id = g.mentorship_id WHERE m.program_id = $1 AND g.agreed_at IS NOT NULL").await?,
        goals_met: one("SELECT COUNT(*) FROM mentorship_goals g JOIN mentorships m ON m.id = g.mentorship_id WHERE m.program_id = $1 AND g.met_at IS NOT NULL").await?,
        feedback_count: one("SELECT COUNT(*) FROM mentorship_feedback f JOIN mentorships m ON m.id = f.mentorship_id WHERE m.program_id = $1").await?,
        pending_requests: one("SELECT COUNT(*) FROM mentor_requests WHERE program_id = $1 AND status = 'pending'").await?,
        ..ProgramStats::default()
    };
    let row = sqlx::query(
        "SELECT AVG(CAST(f.rating AS DOUBLE PRECISION)) FROM mentorship_feedback f JOIN mentorships m ON m.id = f.mentorship_id WHERE m.program_id = $1",
    )
    .bind(program)
    .fetch_one(&db.pool)
    .await?;
    s.mean_rating = row.try_get::<Option<f64>, _>(0)?;
    Ok(s)
}

/// Active relationships whose last check-in (or start) is before `before`; or, with `rematch`,
/// relationships ended since `before` because a member asked for a re-match.
pub async fn flagged_relationships(
    db: &Db,
    program: i64,
    before: i64,
    rematch: bool,
) -> sqlx::Result<Vec<RelationshipFlag>> {
    let condition = if rematch {
        "EXISTS (SELECT 1 FROM mentorship_members r WHERE r.mentorship_id = m.id AND r.rematch_requested_at IS NOT NULL) AND m.ended_at >= $2"
    } else {
        "m.status = 'active' AND COALESCE(m.last_checkin_at, m.started_at) < $2"
    };
    let sql = format!(
        "SELECT m.id, m.started_at, m.last_checkin_at, m.last_reminded_at FROM mentorships m \
         WHERE m.program_id = $1 AND {condition} ORDER BY COALESCE(m.last_checkin_at, m.started_at) LIMIT 500"
    );
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(program)
        .bind(before)
        .fetch_all(&db.pool)
        .await?;
    let ids: Vec<i64> = rows
        .iter()
        .map(|r| r.try_get(0))
        .collect::<sqlx::Result<_>>()?;
    let mut names: HashMap<i64, Vec<String>> = HashMap::new();
    for chunk in ids.chunks(500) {
        let list: Vec<String> = chunk.iter().map(|id| id.to_string()).collect();
        // Ids are integers read from the database, never text from a request.
        let sql = format!(
            "SELECT mm.mentorship_id, u.name FROM mentorship_members mm JOIN users u ON u.id = mm.user_id \
             WHERE mm.mentorship_id IN ({}) ORDER BY mm.role, u.name",
            list.join(",")
        );
        for r in sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&db.pool)
            .await?
        {
            names.entry(r.try_get(0)?).or_default().push(r.try_get(1)?);
        }
    }
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get(0)?;
            Ok(RelationshipFlag {
                mentorship_id: id,
                members: names.remove(&id).unwrap_or_default().join(", "),
                started_at: r.try_get(1)?,
                last_checkin_at: r.try_get(2)?,
                last_reminded_at: r.try_get(3)?,
            })
        })
        .collect()
}

/// Members of the given relationships: (mentorship, user).
pub async fn members_of(db: &Db, mentorships: &[i64]) -> sqlx::Result<Vec<(i64, i64)>> {
    let mut out = Vec::new();
    for chunk in mentorships.chunks(500) {
        let list: Vec<String> = chunk.iter().map(|id| id.to_string()).collect();
        let sql = format!(
            "SELECT mentorship_id, user_id FROM mentorship_members WHERE mentorship_id IN ({})",
            list.join(",")
        );
        for r in sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&db.pool)
            .await?
        {
            out.push((r.try_get(0)?, r.try_get(1)?));
        }
    }
    Ok(out)
}

pub async fn mark_reminded(db: &Db, mentorships: &[i64]) -> sqlx::Result<()> {
    let at = now();
    for id in mentorships {
        sqlx::query("UPDATE mentorships SET last_reminded_at = $1 WHERE id = $2")
            .bind(at)
            .bind(*id)
            .execute(&db.pool)
            .await?;
    }
    Ok(())
}

/// Every relationship of the program for the CSV export: id, kind, status, started, ended,
/// end reason, score, last check-in, check-ins, goals, goals met, members "name (role)".
pub struct ExportRow {
    pub id: i64,
    pub status: String,
    pub started_at: i64,
    pub ended_at: Option<i64>,
    pub end_reason: String,
    pub score: Option<f64>,
    pub last_checkin_at: Option<i64>,
    pub checkins: i64,
    pub goals: i64,
    pub goals_met: i64,
    pub members: String,
}

pub async fn export_rows(db: &Db, program: i64) -> sqlx::Result<Vec<ExportRow>> {
    let rows = sqlx::query(
        "SELECT m.id, m.status, m.started_at, m.ended_at, m.end_reason, m.score, m.last_checkin_at, \
         (SELECT COUNT(*) FROM checkins c WHERE c.mentorship_id = m.id), \
         (SELECT COUNT(*) FROM mentorship_goals g WHERE g.mentorship_id = m.id), \
         (SELECT COUNT(*) FROM mentorship_goals g WHERE g.mentorship_id = m.id AND g.met_at IS NOT NULL) \
         FROM mentorships m WHERE m.program_id = $1 ORDER BY m.id",
    )
    .bind(program)
    .fetch_all(&db.pool)
    .await?;
    let mut members: HashMap<i64, Vec<String>> = HashMap::new();
    for r in sqlx::query(
        "SELECT mm.mentorship_id, u.name, mm.role FROM mentorship_members mm JOIN users u ON u.id = mm.user_id \
         JOIN mentorships m ON m.id = mm.mentorship_id WHERE m.program_id = $1 ORDER BY mm.role, u.name",
    )
    .bind(program)
    .fetch_all(&db.pool)
    .await?
    {
        let name: String = r.try_get(1)?;
        let role: String = r.try_get(2)?;
        members
            .entry(r.try_get(0)?)
            .or_default()
            .push(format!("{name} ({role})"));
    }
    rows.iter()
        .map(|r| {
            let id: i64 = r.try_get(0)?;
            Ok(ExportRow {
                id,
                status: r.try_get(1)?,
                started_at: r.try_get(2)?,
                ended_at: r.try_get(3)?,
                end_reason: r.try_get(4)?,
                score: r.try_get(5)?,
                last_checkin_at: r.try_get(6)?,
                checkins: r.try_get(7)?,
                goals: r.try_get(8)?,
                goals_met: r.try_get(9)?,
                members: members.remove(&id).unwrap_or_default().join("; "),
            })
        })
        .collect()
}

/// Organizations (home and partners): (id, name).
pub async fn organizations(db: &Db) -> sqlx::Result<Vec<(i64, String)>> {
    sqlx::query("SELECT id, name FROM organizations ORDER BY is_home DESC, name")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
        .collect()
}

/// Programs the member was invited to.
pub async fn invitations_of(db: &Db, user: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query("SELECT program_id FROM program_invitations WHERE user_id = $1")
        .bind(user)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| r.try_get(0))
        .collect()
}

/// Does the mentor already lead an active group in the program?
pub async fn join_group_exists(db: &Db, program: i64, mentor: i64) -> sqlx::Result<bool> {
    Ok(sqlx::query(
        "SELECT 1 FROM mentorships m JOIN mentorship_members mm ON mm.mentorship_id = m.id \
         WHERE m.program_id = $1 AND mm.user_id = $2 AND mm.role = 'mentor' AND m.status = 'active' AND m.kind = 'group'",
    )
    .bind(program)
    .bind(mentor)
    .fetch_optional(&db.pool)
    .await?
    .is_some())
}

/// Name, title and department of members, by id.
pub async fn member_cards(
    db: &Db,
    ids: &[i64],
) -> sqlx::Result<HashMap<i64, (String, String, Option<String>)>> {
    let mut out = HashMap::with_capacity(ids.len());
    for chunk in ids.chunks(500) {
        if chunk.is_empty() {
            continue;
        }
        let list: Vec<String> = chunk.iter().map(|id| id.to_string()).collect();
        // Ids are integers formatted here, never text from a request.
        let sql = format!(
            "SELECT u.id, u.name, u.title, d.name FROM users u LEFT JOIN departments d ON d.id = u.department_id WHERE u.id IN ({})",
            list.join(",")
        );
        for r in sqlx::query(sqlx::AssertSqlSafe(sql))
            .fetch_all(&db.pool)
            .await?
        {
            out.insert(r.try_get(0)?, (r.try_get(1)?, r.try_get(2)?, r.try_get(3)?));
        }
    }
    Ok(out)
}

/// Active members with these e-mail addresses: (id, e-mail).
pub async fn users_by_email(db: &Db, emails: &[String]) -> sqlx::Result<Vec<(i64, String)>> {
    let mut out = Vec::new();
    for email in emails {
        if let Some(r) = sqlx::query("SELECT id, email FROM users WHERE email = $1 AND active = 1")
            .bind(email)
            .fetch_optional(&db.pool)
            .await?
        {
            out.push((r.try_get(0)?, r.try_get(1)?));
        }
    }
    Ok(out)
}
