//! SQL for relationships. Every read here is scoped to one relationship, and private notes and
//! feedback to one author: nothing in this file can load another member's notes.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::model::{
    Checkin, Feedback, Goal, INFORMAL, Member, MemberRole, MentorshipStatus, MentorshipSummary,
    Milestone, NewCheckin, NewGoal, NewMentorship, NewMilestone, PrivateNote,
};
use crate::db::{Db, Param, insert_rows, now};
use crate::notifications::model::NewNotification;

/// Creates relationships with their members in one transaction; returns their ids in order.
pub async fn create_many(db: &Db, items: &[NewMentorship]) -> sqlx::Result<Vec<i64>> {
    let at = now();
    let mut tx = db.pool.begin().await?;
    let mut ids = Vec::with_capacity(items.len());
    for item in items {
        let id: i64 = sqlx::query(
            "INSERT INTO mentorships (program_id, kind, status, score, started_at) VALUES ($1, $2, 'active', $3, $4) RETURNING id",
        )
        .bind(item.program_id)
        .bind(&item.kind)
        .bind(item.score)
        .bind(at)
        .fetch_one(&mut *tx)
        .await?
        .try_get(0)?;
        ids.push(id);
    }
    let mut rows: Vec<Vec<Param>> = Vec::new();
    for (item, id) in items.iter().zip(&ids) {
        for (user, role) in &item.members {
            rows.push(vec![
                Param::Int(*id),
                Param::Int(*user),
                Param::Text(role.as_str().to_string()),
            ]);
        }
    }
    insert_rows(
        &mut tx,
        db.backend,
        "INSERT INTO mentorship_members (mentorship_id, user_id, role) VALUES ",
        "({}, {}, {})",
        "",
        rows,
    )
    .await?;
    tx.commit().await?;
    Ok(ids)
}

/// A relationship's own row, with what its program says about it.
#[derive(Debug, Clone)]
pub struct MentorshipRow {
    pub id: i64,
    pub program_id: Option<i64>,
    pub program_name: Option<String>,
    pub program_ends_on: Option<i64>,
    /// The program's creator, its lead.
    pub program_lead: Option<i64>,
    pub kind: String,
    pub status: MentorshipStatus,
    pub started_at: i64,
    pub ended_at: Option<i64>,
    pub end_reason: String,
    pub ended_early: bool,
    pub last_checkin_at: Option<i64>,
}

impl MentorshipRow {
    pub fn program_label(&self) -> String {
        self.program_name
            .clone()
            .unwrap_or_else(|| INFORMAL.to_string())
    }
}

/// The viewer's role in a relationship, with the relationship; None when they are not a member
/// (or there is no such relationship: callers must not tell the two apart).
pub async fn for_member(
    db: &Db,
    mentorship_id: i64,
    user_id: i64,
) -> sqlx::Result<Option<(MemberRole, MentorshipRow)>> {
    sqlx::query(
        "SELECT mine.role, m.id, m.program_id, p.name AS program_name, p.ends_on, p.created_by, m.kind, m.status, \
         m.started_at, m.ended_at, m.end_reason, m.ended_early, m.last_checkin_at \
         FROM mentorship_members mine JOIN mentorships m ON m.id = mine.mentorship_id \
         LEFT JOIN programs p ON p.id = m.program_id \
         WHERE mine.mentorship_id = $1 AND mine.user_id = $2",
    )
    .bind(mentorship_id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| {
        let role = MemberRole::from_db(&r.try_get::<String, _>("role")?);
        Ok((
            role,
            MentorshipRow {
                id: r.try_get("id")?,
                program_id: r.try_get("program_id")?,
                program_name: r.try_get("program_name")?,
                program_ends_on: r.try_get("ends_on")?,
                program_lead: r.try_get("created_by")?,
                kind: r.try_get("kind")?,
                status: MentorshipStatus::from_db(&r.try_get::<String, _>("status")?),
                started_at: r.try_get("started_at")?,
                ended_at: r.try_get("ended_at")?,
                end_reason: r.try_get("end_reason")?,
                ended_early: r.try_get::<i64, _>("ended_early")? != 0,
                last_checkin_at: r.try_get("last_checkin_at")?,
            },
        ))
    })
    .transpose()
}

fn member_from_row(r: &AnyRow) -> sqlx::Result<Member> {
    Ok(Member {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        title: r.try_get("title")?,
        role: MemberRole::from_db(&r.try_get::<String, _>("role")?),
    })
}

/// Mentors first, then by name.
const MEMBER_ORDER: &str = "CASE mm.role WHEN 'mentor' THEN 0 ELSE 1 END, u.name, u.id";

pub async fn members(db: &Db, mentorship_id: i64) -> sqlx::Result<Vec<Member>> {
    let sql = format!(
        "SELECT u.id, u.name, u.title, mm.role FROM mentorship_members mm JOIN users u ON u.id = mm.user_id \
         WHERE mm.mentorship_id = $1 ORDER BY {MEMBER_ORDER}"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(mentorship_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(member_from_row)
        .collect()
}

/// The member's relationships, active first, newest first; two queries however many there are.
pub async fn list_for(db: &Db, user_id: i64) -> sqlx::Result<Vec<MentorshipSummary>> {
    let mut list: Vec<MentorshipSummary> = sqlx::query(
        "SELECT m.id, m.program_id, p.name AS program_name, m.kind, m.status, m.started_at, m.ended_at, \
         m.last_checkin_at, mine.role, \
         (SELECT COUNT(*) FROM mentorship_goals g WHERE g.mentorship_id = m.id AND g.met_at IS NULL) AS open_goals \
         FROM mentorship_members mine JOIN mentorships m ON m.id = mine.mentorship_id \
         LEFT JOIN programs p ON p.id = m.program_id \
         WHERE mine.user_id = $1 \
         ORDER BY CASE m.status WHEN 'active' THEN 0 ELSE 1 END, m.started_at DESC, m.id DESC",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(MentorshipSummary {
            id: r.try_get("id")?,
            program_id: r.try_get("program_id")?,
            program_name: r
                .try_get::<Option<String>, _>("program_name")?
                .unwrap_or_else(|| INFORMAL.to_string()),
            kind: r.try_get("kind")?,
            status: MentorshipStatus::from_db(&r.try_get::<String, _>("status")?),
            my_role: MemberRole::from_db(&r.try_get::<String, _>("role")?),
            others: Vec::new(),
            started_at: r.try_get("started_at")?,
            ended_at: r.try_get("ended_at")?,
            last_checkin_at: r.try_get("last_checkin_at")?,
            open_goals: r.try_get("open_goals")?,
        })
    })
    .collect::<sqlx::Result<_>>()?;
    if list.is_empty() {
        return Ok(list);
    }
    let sql = format!(
        "SELECT mm.mentorship_id, u.id, u.name, u.title, mm.role FROM mentorship_members mine \
         JOIN mentorship_members mm ON mm.mentorship_id = mine.mentorship_id AND mm.user_id <> mine.user_id \
         JOIN users u ON u.id = mm.user_id \
         WHERE mine.user_id = $1 ORDER BY {MEMBER_ORDER}"
    );
    let others = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(user_id)
        .fetch_all(&db.pool)
        .await?;
    let position: std::collections::HashMap<i64, usize> =
        list.iter().enumerate().map(|(i, m)| (m.id, i)).collect();
    for r in &others {
        let mentorship_id: i64 = r.try_get("mentorship_id")?;
        if let Some(&i) = position.get(&mentorship_id) {
            list[i].others.push(member_from_row(r)?);
        }
    }
    Ok(list)
}

fn goal_from_row(r: &AnyRow) -> sqlx::Result<Goal> {
    Ok(Goal {
        id: r.try_get("id")?,
        title: r.try_get("title")?,
        target_on: r.try_get("target_on")?,
        proposed_by: r.try_get("created_by")?,
        proposed_by_name: r.try_get::<Option<String>, _>("name")?.unwrap_or_default(),
        created_at: r.try_get("created_at")?,
        agreed_at: r.try_get("agreed_at")?,
        met_at: r.try_get("met_at")?,
    })
}

const GOAL_COLUMNS: &str = "g.id, g.title, g.target_on, g.created_by, u.name, g.created_at, g.agreed_at, g.met_at \
     FROM mentorship_goals g LEFT JOIN users u ON u.id = g.created_by";

/// Open goals first, in the order they were proposed.
pub async fn goals(db: &Db, mentorship_id: i64) -> sqlx::Result<Vec<Goal>> {
    let sql = format!(
        "SELECT {GOAL_COLUMNS} WHERE g.mentorship_id = $1 \
         ORDER BY CASE WHEN g.met_at IS NULL THEN 0 ELSE 1 END, g.id"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(mentorship_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(goal_from_row)
        .collect()
}

pub async fn goal(db: &Db, mentorship_id: i64, goal_id: i64) -> sqlx::Result<Option<Goal>> {
    let sql = format!("SELECT {GOAL_COLUMNS} WHERE g.id = $1 AND g.mentorship_id = $2");
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(goal_id)
        .bind(mentorship_id)
        .fetch_optional(&db.pool)
        .await?
        .as_ref()
        .map(goal_from_row)
        .transpose()
}

/// Stores a goal and the notifications about it together.
pub async fn insert_goal(
    db: &Db,
    mentorship_id: i64,
    author: i64,
    goal: &NewGoal,
    notifications: &[NewNotification],
) -> sqlx::Result<i64> {
    let mut tx = db.pool.begin().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO mentorship_goals (mentorship_id, title, target_on, created_by, created_at) \
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(mentorship_id)
    .bind(&goal.title)
    .bind(goal.target_on)
    .bind(author)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    crate::notifications::store::insert_in(&mut tx, db.backend, notifications).await?;
    tx.commit().await?;
    Ok(id)
}

/// Sets `agreed_at` unless already set; never for the proposer (the rule is checked by the
/// service, and held here too so two racing requests cannot break it).
pub async fn agree_goal(db: &Db, goal_id: i64, member: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE mentorship_goals SET agreed_at = $1 WHERE id = $2 AND agreed_at IS NULL \
         AND (created_by IS NULL OR created_by <> $3)",
    )
    .bind(now())
    .bind(goal_id)
    .bind(member)
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn mark_goal_met(db: &Db, goal_id: i64) -> sqlx::Result<()> {
    sqlx::query("UPDATE mentorship_goals SET met_at = $1 WHERE id = $2 AND met_at IS NULL")
        .bind(now())
        .bind(goal_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Newest first.
pub async fn checkins(db: &Db, mentorship_id: i64) -> sqlx::Result<Vec<Checkin>> {
    sqlx::query(
        "SELECT c.id, c.held_on, c.author_id, u.name, c.notes, c.created_at FROM checkins c \
         LEFT JOIN users u ON u.id = c.author_id WHERE c.mentorship_id = $1 ORDER BY c.held_on DESC, c.id DESC",
    )
    .bind(mentorship_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(Checkin {
            id: r.try_get("id")?,
            held_on: r.try_get("held_on")?,
            author_id: r.try_get("author_id")?,
            author_name: r.try_get::<Option<String>, _>("name")?.unwrap_or_default(),
            notes: r.try_get("notes")?,
            created_at: r.try_get("created_at")?,
        })
    })
    .collect()
}

/// Stores a check-in, moves the relationship's last check-in forward (never back: an older
/// check-in logged late does not hide a newer one), and stores the notifications, together.
pub async fn insert_checkin(
    db: &Db,
    mentorship_id: i64,
    author: i64,
    checkin: &NewCheckin,
    notifications: &[NewNotification],
) -> sqlx::Result<i64> {
    let mut tx = db.pool.begin().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO checkins (mentorship_id, author_id, held_on, notes, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(mentorship_id)
    .bind(author)
    .bind(checkin.held_on)
    .bind(&checkin.notes)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    sqlx::query(
        "UPDATE mentorships SET last_checkin_at = $1 WHERE id = $2 AND (last_checkin_at IS NULL OR last_checkin_at < $1)",
    )
    .bind(checkin.held_on)
    .bind(mentorship_id)
    .execute(&mut *tx)
    .await?;
    crate::notifications::store::insert_in(&mut tx, db.backend, notifications).await?;
    tx.commit().await?;
    Ok(id)
}

/// The author's own notes in a relationship, newest first.
pub async fn notes_of(db: &Db, mentorship_id: i64, author: i64) -> sqlx::Result<Vec<PrivateNote>> {
    sqlx::query(
        "SELECT id, body, created_at FROM mentorship_notes WHERE mentorship_id = $1 AND author_id = $2 ORDER BY id DESC",
    )
    .bind(mentorship_id)
    .bind(author)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(PrivateNote {
            id: r.try_get("id")?,
            body: r.try_get("body")?,
            created_at: r.try_get("created_at")?,
        })
    })
    .collect()
}

pub async fn insert_note(
    db: &Db,
    mentorship_id: i64,
    author: i64,
    body: &str,
) -> sqlx::Result<PrivateNote> {
    let created_at = now();
    let id: i64 = sqlx::query(
        "INSERT INTO mentorship_notes (mentorship_id, author_id, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(mentorship_id)
    .bind(author)
    .bind(body)
    .bind(created_at)
    .fetch_one(&db.pool)
    .await?
    .try_get(0)?;
    Ok(PrivateNote {
        id,
        body: body.to_string(),
        created_at,
    })
}

/// Deletes a note only if `author` wrote it; false otherwise.
pub async fn delete_note(
    db: &Db,
    mentorship_id: i64,
    note_id: i64,
    author: i64,
) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "DELETE FROM mentorship_notes WHERE id = $1 AND mentorship_id = $2 AND author_id = $3",
    )
    .bind(note_id)
    .bind(mentorship_id)
    .bind(author)
    .execute(&db.pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// In the order reached.
pub async fn milestones(db: &Db, mentorship_id: i64) -> sqlx::Result<Vec<Milestone>> {
    sqlx::query(
        "SELECT ms.id, ms.title, ms.reached_on, ms.created_by, u.name FROM milestones ms \
         LEFT JOIN users u ON u.id = ms.created_by WHERE ms.mentorship_id = $1 ORDER BY ms.reached_on, ms.id",
    )
    .bind(mentorship_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(Milestone {
            id: r.try_get("id")?,
            title: r.try_get("title")?,
            reached_on: r.try_get("reached_on")?,
            created_by: r.try_get("created_by")?,
            created_by_name: r.try_get::<Option<String>, _>("name")?.unwrap_or_default(),
        })
    })
    .collect()
}

pub async fn insert_milestone(
    db: &Db,
    mentorship_id: i64,
    author: i64,
    milestone: &NewMilestone,
) -> sqlx::Result<i64> {
    sqlx::query(
        "INSERT INTO milestones (mentorship_id, title, reached_on, created_by, created_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(mentorship_id)
    .bind(&milestone.title)
    .bind(milestone.reached_on)
    .bind(author)
    .bind(now())
    .fetch_one(&db.pool)
    .await?
    .try_get(0)
}

/// How a relationship ends.
pub struct Ending<'a> {
    pub reason: &'a str,
    pub early: bool,
    /// The member asking their program for a re-match, if that is why it ends.
    pub rematch_by: Option<i64>,
}

/// Ends an active relationship, records a re-match request, and stores the notifications, all
/// together; false if it had already ended (two members ending it at once).
pub async fn end(
    db: &Db,
    mentorship_id: i64,
    ending: &Ending<'_>,
    notifications: &[NewNotification],
) -> sqlx::Result<bool> {
    let at = now();
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE mentorships SET status = 'ended', ended_at = $1, end_reason = $2, ended_early = $3 \
         WHERE id = $4 AND status = 'active'",
    )
    .bind(at)
    .bind(ending.reason)
    .bind(i64::from(ending.early))
    .bind(mentorship_id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    if let Some(member) = ending.rematch_by {
        sqlx::query(
            "UPDATE mentorship_members SET rematch_requested_at = $1 WHERE mentorship_id = $2 AND user_id = $3",
        )
        .bind(at)
        .bind(mentorship_id)
        .bind(member)
        .execute(&mut *tx)
        .await?;
    }
    crate::notifications::store::insert_in(&mut tx, db.backend, notifications).await?;
    tx.commit().await?;
    Ok(true)
}

pub async fn feedback_of(
    db: &Db,
    mentorship_id: i64,
    author: i64,
) -> sqlx::Result<Option<Feedback>> {
    sqlx::query(
        "SELECT rating, comment, created_at FROM mentorship_feedback WHERE mentorship_id = $1 AND author_id = $2",
    )
    .bind(mentorship_id)
    .bind(author)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| {
        Ok(Feedback {
            rating: r.try_get("rating")?,
            comment: r.try_get("comment")?,
            submitted_at: r.try_get("created_at")?,
        })
    })
    .transpose()
}

/// One feedback per member: submitting again replaces it.
pub async fn save_feedback(
    db: &Db,
    mentorship_id: i64,
    author: i64,
    rating: i64,
    comment: &str,
) -> sqlx::Result<Feedback> {
    let at = now();
    sqlx::query(
        "INSERT INTO mentorship_feedback (mentorship_id, author_id, rating, comment, created_at) VALUES ($1, $2, $3, $4, $5) \
         ON CONFLICT (mentorship_id, author_id) DO UPDATE SET rating = excluded.rating, comment = excluded.comment, \
         created_at = excluded.created_at",
    )
    .bind(mentorship_id)
    .bind(author)
    .bind(rating)
    .bind(comment)
    .bind(at)
    .execute(&db.pool)
    .await?;
    Ok(Feedback {
        rating,
        comment: comment.to_string(),
        submitted_at: at,
    })
}
