//! Relationship rules: only members see or touch a relationship (everyone else, leads and admins
//! included, is told it does not exist), what an ended relationship still allows, who may ask
//! for a re-match, when feedback opens, and who hears about what.

use super::model::*;
use super::store::{self, Ending, MentorshipRow};
use crate::auth::model::Viewer;
use crate::db::{Db, now};
use crate::notifications::model::NewNotification;
use crate::web::page::date;
use crate::{AppError, AppResult};

/// The member's role in the relationship; NotFound for anyone else, so that a relationship's
/// existence is not revealed to non-members.
pub async fn membership(db: &Db, viewer_id: i64, mentorship_id: i64) -> AppResult<MemberRole> {
    Ok(access(db, viewer_id, mentorship_id).await?.0)
}

async fn access(
    db: &Db,
    viewer_id: i64,
    mentorship_id: i64,
) -> AppResult<(MemberRole, MentorshipRow)> {
    store::for_member(db, mentorship_id, viewer_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Goals, check-ins and milestones belong to a running relationship; notes and feedback do not.
fn require_active(row: &MentorshipRow, what: &str) -> AppResult<()> {
    match row.status {
        MentorshipStatus::Active => Ok(()),
        MentorshipStatus::Ended => Err(AppError::conflict(format!(
            "this relationship has ended, so {what} can no longer be added; your private notes and feedback are still open"
        ))),
    }
}

fn feedback_open(row: &MentorshipRow, at: i64) -> bool {
    row.status == MentorshipStatus::Ended || row.program_ends_on.is_some_and(|ends| ends <= at)
}

fn link(mentorship_id: i64) -> String {
    format!("/mentorships/{mentorship_id}")
}

/// " in <program>" for messages; nothing for an informal relationship.
fn in_program(row: &MentorshipRow) -> String {
    row.program_name
        .as_deref()
        .map(|name| format!(" in {name}"))
        .unwrap_or_default()
}

/// The same message for every member but the viewer.
async fn notify_others(
    db: &Db,
    viewer: &Viewer,
    row: &MentorshipRow,
    kind: &str,
    message: &str,
) -> AppResult<Vec<NewNotification>> {
    Ok(store::members(db, row.id)
        .await?
        .into_iter()
        .filter(|m| m.id != viewer.id)
        .map(|m| NewNotification::new(m.id, kind, message, link(row.id)))
        .collect())
}

/// The program's lead hears that a relationship ended, with a link to the program (they do not
/// see the relationship itself). Nobody, when there is no program or the lead is a member.
async fn notify_lead(
    db: &Db,
    viewer: &Viewer,
    row: &MentorshipRow,
    kind: &str,
    message: String,
) -> AppResult<Option<NewNotification>> {
    let (Some(program_id), Some(lead)) = (row.program_id, row.program_lead) else {
        return Ok(None);
    };
    if lead == viewer.id || store::for_member(db, row.id, lead).await?.is_some() {
        return Ok(None);
    }
    Ok(Some(NewNotification::new(
        lead,
        kind,
        message,
        format!("/programs/{program_id}"),
    )))
}

pub async fn list(db: &Db, viewer: &Viewer) -> AppResult<Vec<MentorshipSummary>> {
    Ok(store::list_for(db, viewer.id).await?)
}

/// The relationship as the viewer sees it: shared content, and only their own notes and feedback.
pub async fn mentorship(db: &Db, viewer: &Viewer, mentorship_id: i64) -> AppResult<Mentorship> {
    let (my_role, row) = access(db, viewer.id, mentorship_id).await?;
    Ok(Mentorship {
        id: row.id,
        program_id: row.program_id,
        program_name: row.program_label(),
        program_ends_on: row.program_ends_on,
        kind: row.kind.clone(),
        status: row.status,
        started_at: row.started_at,
        ended_at: row.ended_at,
        end_reason: row.end_reason.clone(),
        ended_early: row.ended_early,
        last_checkin_at: row.last_checkin_at,
        my_role,
        members: store::members(db, row.id).await?,
        goals: store::goals(db, row.id).await?,
        checkins: store::checkins(db, row.id).await?,
        milestones: store::milestones(db, row.id).await?,
        my_notes: store::notes_of(db, row.id, viewer.id).await?,
        my_feedback: store::feedback_of(db, row.id, viewer.id).await?,
        feedback_open: feedback_open(&row, now()),
    })
}

/// Proposes a goal; another member agrees to it.
pub async fn propose_goal(
    db: &Db,
    viewer: &Viewer,
    mentorship_id: i64,
    input: &GoalInput,
) -> AppResult<Goal> {
    let (_, row) = access(db, viewer.id, mentorship_id).await?;
    require_active(&row, "goals")?;
    let goal = input.validate()?;
    let message = format!(
        "{} proposed a goal: “{}”. Agree to it if it suits you.",
        viewer.name, goal.title
    );
    let notifications = notify_others(db, viewer, &row, "mentorship.goal", &message).await?;
    let id = store::insert_goal(db, row.id, viewer.id, &goal, &notifications).await?;
    store::goal(db, row.id, id).await?.ok_or(AppError::NotFound)
}

async fn open_goal(
    db: &Db,
    viewer: &Viewer,
    mentorship_id: i64,
    goal_id: i64,
) -> AppResult<(MentorshipRow, Goal)> {
    let (_, row) = access(db, viewer.id, mentorship_id).await?;
    let goal = store::goal(db, row.id, goal_id)
        .await?
        .ok_or(AppError::NotFound)?;
    require_active(&row, "goals")?;
    Ok((row, goal))
}

/// Another member agrees to a proposed goal; agreeing twice changes nothing.
pub async fn agree_goal(
    db: &Db,
    viewer: &Viewer,
    mentorship_id: i64,
    goal_id: i64,
) -> AppResult<Goal> {
    let (row, goal) = open_goal(db, viewer, mentorship_id, goal_id).await?;
    if goal.proposed_by == Some(viewer.id) {
        return Err(AppError::conflict(
            "you proposed this goal; another member of the relationship agrees to it",
        ));
    }
    store::agree_goal(db, goal.id, viewer.id).await?;
    store::goal(db, row.id, goal.id)
        .await?
        .ok_or(AppError::NotFound)
}

pub async fn mark_goal_met(
    db: &Db,
    viewer: &Viewer,
    mentorship_id: i64,
    goal_id: i64,
) -> AppResult<Goal> {
    let (row, goal) = open_goal(db, viewer, mentorship_id, goal_id).await?;
    store::mark_goal_met(db, goal.id).await?;
    store::goal(db, row.id, goal.id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Logs a check-in; the other members hear about it (not its notes: those stay on the page).
pub async fn log_checkin(
    db: &Db,
    viewer: &Viewer,
    mentorship_id: i64,
    input: &CheckinInput,
) -> AppResult<Checkin> {
    let (_, row) = access(db, viewer.id, mentorship_id).await?;
    require_active(&row, "check-ins")?;
    let at = now();
    let checkin = input.validate(at)?;
    let message = format!(
        "{} logged a check-in held on {}.",
        viewer.name,
        date(checkin.held_on)
    );
    let notifications = notify_others(db, viewer, &row, "mentorship.checkin", &message).await?;
    let id = store::insert_checkin(db, row.id, viewer.id, &checkin, &notifications).await?;
    Ok(Checkin {
        id,
        held_on: checkin.held_on,
        author_id: Some(viewer.id),
        author_name: viewer.name.clone(),
        notes: checkin.notes,
        created_at: at,
    })
}

/// A private note, for its author's eyes only; allowed after the relationship ends too.
pub async fn add_note(
    db: &Db,
    viewer: &Viewer,
    mentorship_id: i64,
    input: &NoteInput,
) -> AppResult<PrivateNote> {
    let (_, row) = access(db, viewer.id, mentorship_id).await?;
    let body = input.validate()?;
    Ok(store::insert_note(db, row.id, viewer.id, &body).await?)
}

/// Deletes one of the viewer's own notes; anyone else's is not found.
pub async fn delete_note(
    db: &Db,
    viewer: &Viewer,
    mentorship_id: i64,
    note_id: i64,
) -> AppResult<()> {
    let (_, row) = access(db, viewer.id, mentorship_id).await?;
    if store::delete_note(db, row.id, note_id, viewer.id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

pub async fn add_milestone(
    db: &Db,
    viewer: &Viewer,
    mentorship_id: i64,
    input: &MilestoneInput,
) -> AppResult<Milestone> {
    let (_, row) = access(db, viewer.id, mentorship_id).await?;
    require_active(&row, "milestones")?;
    let milestone = input.validate(now())?;
    let id = store::insert_milestone(db, row.id, viewer.id, &milestone).await?;
    Ok(Milestone {
        id,
        title: milestone.title,
        reached_on: milestone.reached_on,
        created_by: Some(viewer.id),
        created_by_name: viewer.name.clone(),
    })
}

fn already_ended() -> AppError {
    AppError::conflict("this relationship has already ended")
}

/// Ends the relationship for everyone in it. "Early" means before the program's end; a
/// relationship outside any program has no planned end, so ending it is always early.
pub async fn end(db: &Db, viewer: &Viewer, mentorship_id: i64, input: &EndInput) -> AppResult<()> {
    let (_, row) = access(db, viewer.id, mentorship_id).await?;
    if row.status == MentorshipStatus::Ended {
        return Err(already_ended());
    }
    let reason = input.validate()?;
    let early = row.program_ends_on.is_none_or(|ends| now() < ends);
    let mut notifications = notify_others(
        db,
        viewer,
        &row,
        "mentorship.ended",
        &format!(
            "{} ended your mentoring relationship{}: {reason}",
            viewer.name,
            in_program(&row)
        ),
    )
    .await?;
    notifications.extend(
        notify_lead(
            db,
            viewer,
            &row,
            "mentorship.ended",
            format!(
                "{} ended a mentoring relationship{}{}: {reason}",
                viewer.name,
                in_program(&row),
                if early { " early" } else { "" }
            ),
        )
        .await?,
    );
    let ending = Ending {
        reason: &reason,
        early,
        rematch_by: None,
    };
    if store::end(db, row.id, &ending, &notifications).await? {
        Ok(())
    } else {
        Err(already_ended())
    }
}

/// A mentee or peer asks their program for someone else: the relationship ends, their request
/// is recorded for the program's matching, and the lead is told so they can act on it.
pub async fn request_rematch(
    db: &Db,
    viewer: &Viewer,
    mentorship_id: i64,
    input: &RematchInput,
) -> AppResult<()> {
    let (role, row) = access(db, viewer.id, mentorship_id).await?;
    if !role.may_request_rematch() {
        return Err(AppError::forbidden(
            "only a mentee or a peer can ask for a re-match; a mentor can end the relationship instead",
        ));
    }
    if row.status == MentorshipStatus::Ended {
        return Err(already_ended());
    }
    if row.program_id.is_none() {
        return Err(AppError::conflict(
            "this relationship is not part of a program, so there is no one to re-match you; end it instead",
        ));
    }
    let reason = input.validate()?;
    let end_reason = if reason.is_empty() {
        "re-match requested".to_string()
    } else {
        format!("re-match requested: {reason}")
    };
    let because = if reason.is_empty() {
        String::new()
    } else {
        format!(" ({reason})")
    };
    let at = now();
    let mut notifications = notify_others(
        db,
        viewer,
        &row,
        "mentorship.rematch",
        &format!(
            "{} asked for a re-match{}, so your relationship has ended{because}.",
            viewer.name,
            in_program(&row)
        ),
    )
    .await?;
    notifications.extend(
        notify_lead(
            db,
            viewer,
            &row,
            "mentorship.rematch",
            format!(
                "{} asked for a re-match{}{because}.",
                viewer.name,
                in_program(&row)
            ),
        )
        .await?,
    );
    let ending = Ending {
        reason: &end_reason,
        early: row.program_ends_on.is_none_or(|ends| at < ends),
        rematch_by: Some(viewer.id),
    };
    if store::end(db, row.id, &ending, &notifications).await? {
        Ok(())
    } else {
        Err(already_ended())
    }
}

/// Closing feedback, once the relationship or its program has ended; giving it again replaces it.
pub async fn give_feedback(
    db: &Db,
    viewer: &Viewer,
    mentorship_id: i64,
    input: &FeedbackInput,
) -> AppResult<Feedback> {
    let (_, row) = access(db, viewer.id, mentorship_id).await?;
    if !feedback_open(&row, now()) {
        return Err(AppError::conflict(
            "feedback opens when the relationship ends",
        ));
    }
    let (rating, comment) = input.validate()?;
    Ok(store::save_feedback(db, row.id, viewer.id, rating, &comment).await?)
}
