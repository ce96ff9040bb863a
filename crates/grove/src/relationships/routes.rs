//! HTTP handlers for relationships (HTML and JSON). Every rule, including who may see what,
//! lives in the service; a refused form comes back with the message beside the field.

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::*;
use super::service;
use crate::auth::model::Viewer;
use crate::db::now;
use crate::web::AppState;
use crate::web::error::ErrorBody;
use crate::web::extract::{ApiJson, Fields, FormFields};
use crate::web::page::{PageContext, date, redirect_with_notice};
use crate::{AppError, AppResult};

pub fn pages() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/mentorships", get(list_page))
        .route("/mentorships/{id}", get(mentorship_page))
        .route("/mentorships/{id}/goals", post(goal_submit))
        .route("/mentorships/{id}/goals/{goal}/agree", post(agree_submit))
        .route("/mentorships/{id}/goals/{goal}/met", post(met_submit))
        .route("/mentorships/{id}/checkins", post(checkin_submit))
        .route("/mentorships/{id}/notes", post(note_submit))
        .route(
            "/mentorships/{id}/notes/{note}/delete",
            post(note_delete_submit),
        )
        .route("/mentorships/{id}/milestones", post(milestone_submit))
        .route("/mentorships/{id}/end", post(end_submit))
        .route("/mentorships/{id}/rematch", post(rematch_submit))
        .route("/mentorships/{id}/feedback", post(feedback_submit))
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_list))
        .routes(routes!(api_mentorship))
        .routes(routes!(api_propose_goal))
        .routes(routes!(api_agree_goal))
        .routes(routes!(api_goal_met))
        .routes(routes!(api_checkin))
        .routes(routes!(api_add_note))
        .routes(routes!(api_delete_note))
        .routes(routes!(api_milestone))
        .routes(routes!(api_end))
        .routes(routes!(api_rematch))
        .routes(routes!(api_feedback))
}

fn render(t: impl Template) -> AppResult<Html<String>> {
    Ok(Html(t.render().map_err(anyhow::Error::from)?))
}

fn page_link(id: i64) -> String {
    format!("/mentorships/{id}")
}

// ---- HTML ----

#[derive(Template)]
#[template(path = "relationships/templates/list.html")]
struct ListPage {
    page: PageContext,
    mentorships: Vec<MentorshipSummary>,
}

impl ListPage {
    /// Active relationships, then ended ones, each under its heading.
    fn sections(&self) -> Vec<(&'static str, Vec<&MentorshipSummary>)> {
        [
            ("Active", MentorshipStatus::Active),
            ("Ended", MentorshipStatus::Ended),
        ]
        .into_iter()
        .map(|(heading, status)| {
            let list = self
                .mentorships
                .iter()
                .filter(|m| m.status == status)
                .collect();
            (heading, list)
        })
        .collect()
    }
}

async fn list_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
) -> AppResult<Response> {
    let mentorships = service::list(&state.db, &viewer).await?;
    Ok(render(ListPage { page, mentorships })?.into_response())
}

/// A form the page sends back because its input was refused: which form, what was typed, why.
struct Refused {
    form: &'static str,
    fields: Fields,
    error: AppError,
}

#[derive(Template)]
#[template(path = "relationships/templates/mentorship.html")]
struct MentorshipPage {
    page: PageContext,
    mentorship: Mentorship,
    refused: Option<Refused>,
    today: String,
}

impl MentorshipPage {
    fn refused_in(&self, form: &str) -> Option<&Refused> {
        self.refused.as_ref().filter(|r| r.form == form)
    }

    /// The message for a field of a form, if that is what was refused.
    fn field_error(&self, form: &str, field: &str) -> Option<String> {
        self.refused_in(form)
            .filter(|r| r.error.field() == Some(field))
            .map(|r| r.error.user_message())
    }

    /// What the member typed into a refused form, so nothing is lost; blank otherwise.
    fn typed(&self, form: &str, field: &str) -> String {
        self.refused_in(form)
            .and_then(|r| r.fields.raw(field))
            .unwrap_or_default()
    }

    /// The id of the input an error summary links to.
    fn error_anchor(&self) -> String {
        self.refused
            .as_ref()
            .map(|r| format!("{}-{}", r.form, r.error.field().unwrap_or("")))
            .unwrap_or_default()
    }

    fn is_me(&self, member_id: &i64) -> bool {
        *member_id == self.page.viewer_id()
    }

    fn can_agree(&self, goal: &Goal) -> bool {
        self.mentorship.is_active()
            && goal.agreed_at.is_none()
            && goal.proposed_by != Some(self.page.viewer_id())
    }

    fn held_on_value(&self) -> String {
        match self.refused_in("checkin") {
            Some(r) => r.fields.raw("held_on").unwrap_or_default(),
            None => self.today.clone(),
        }
    }

    fn reached_on_value(&self) -> String {
        match self.refused_in("milestone") {
            Some(r) => r.fields.raw("reached_on").unwrap_or_default(),
            None => self.today.clone(),
        }
    }

    fn rating_checked(&self, rating: &i64) -> bool {
        match self.refused_in("feedback") {
            Some(r) => r.fields.text("rating") == Some(rating.to_string()),
            None => self
                .mentorship
                .my_feedback
                .as_ref()
                .is_some_and(|f| f.rating == *rating),
        }
    }

    fn feedback_comment(&self) -> String {
        match self.refused_in("feedback") {
            Some(r) => r.fields.raw("comment").unwrap_or_default(),
            None => self
                .mentorship
                .my_feedback
                .as_ref()
                .map(|f| f.comment.clone())
                .unwrap_or_default(),
        }
    }

    fn may_request_rematch(&self) -> bool {
        self.mentorship.is_active()
            && self.mentorship.program_id.is_some()
            && self.mentorship.my_role.may_request_rematch()
    }
}

async fn show(
    state: &AppState,
    viewer: &Viewer,
    page: PageContext,
    id: i64,
    refused: Option<Refused>,
) -> AppResult<Response> {
    let mentorship = service::mentorship(&state.db, viewer, id).await?;
    let status = if refused.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    let html = render(MentorshipPage {
        page,
        mentorship,
        refused,
        today: date(now()),
    })?;
    Ok((status, html).into_response())
}

async fn mentorship_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    show(&state, &viewer, page, id, None).await
}

/// After a form: back to the page with a notice, or the page again with the refused input.
async fn after_submit(
    state: &AppState,
    viewer: &Viewer,
    page: PageContext,
    id: i64,
    (form, fields): (&'static str, Fields),
    result: AppResult<&'static str>,
) -> AppResult<Response> {
    match result {
        Ok(notice) => Ok(redirect_with_notice(&page_link(id), notice).into_response()),
        Err(error @ AppError::Invalid { .. }) => {
            let refused = Refused {
                form,
                fields,
                error,
            };
            show(state, viewer, page, id, Some(refused)).await
        }
        Err(error) => Err(error),
    }
}

async fn goal_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let input = GoalInput {
        title: form.raw("title").unwrap_or_default(),
        target_on: form.text("target_on"),
    };
    let result = service::propose_goal(&state.db, &viewer, id, &input).await;
    let result = result.map(|_| "Goal proposed; another member can now agree to it");
    after_submit(&state, &viewer, page, id, ("goal", form), result).await
}

async fn agree_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, goal)): Path<(i64, i64)>,
) -> AppResult<Response> {
    service::agree_goal(&state.db, &viewer, id, goal).await?;
    Ok(redirect_with_notice(&page_link(id), "Goal agreed").into_response())
}

async fn met_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, goal)): Path<(i64, i64)>,
) -> AppResult<Response> {
    service::mark_goal_met(&state.db, &viewer, id, goal).await?;
    Ok(redirect_with_notice(&page_link(id), "Goal marked as met").into_response())
}

async fn checkin_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let input = CheckinInput {
        held_on: form.text("held_on").unwrap_or_default(),
        notes: form.raw("notes").unwrap_or_default(),
    };
    let result = service::log_checkin(&state.db, &viewer, id, &input).await;
    let result = result.map(|_| "Check-in logged");
    after_submit(&state, &viewer, page, id, ("checkin", form), result).await
}

async fn note_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let input = NoteInput {
        body: form.raw("body").unwrap_or_default(),
    };
    let result = service::add_note(&state.db, &viewer, id, &input).await;
    let result = result.map(|_| "Private note saved");
    after_submit(&state, &viewer, page, id, ("note", form), result).await
}

async fn note_delete_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, note)): Path<(i64, i64)>,
) -> AppResult<Response> {
    service::delete_note(&state.db, &viewer, id, note).await?;
    Ok(redirect_with_notice(&page_link(id), "Private note deleted").into_response())
}

async fn milestone_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let input = MilestoneInput {
        title: form.raw("title").unwrap_or_default(),
        reached_on: form.text("reached_on").unwrap_or_default(),
    };
    let result = service::add_milestone(&state.db, &viewer, id, &input).await;
    let result = result.map(|_| "Milestone added");
    after_submit(&state, &viewer, page, id, ("milestone", form), result).await
}

async fn end_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let input = EndInput {
        reason: form.raw("reason").unwrap_or_default(),
    };
    let result = service::end(&state.db, &viewer, id, &input).await;
    let result = result.map(|_| "The relationship has ended");
    after_submit(&state, &viewer, page, id, ("end", form), result).await
}

async fn rematch_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let input = RematchInput {
        reason: form.raw("reason").unwrap_or_default(),
    };
    let result = service::request_rematch(&state.db, &viewer, id, &input).await;
    let result = result.map(|_| "Re-match requested; the program's lead has been told");
    after_submit(&state, &viewer, page, id, ("rematch", form), result).await
}

async fn feedback_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    // A missing or unreadable rating is refused by the same rule as one out of range.
    let rating = form
        .text("rating")
        .and_then(|r| r.parse().ok())
        .unwrap_or(0);
    let input = FeedbackInput {
        rating,
        comment: form.raw("comment").unwrap_or_default(),
    };
    let result = service::give_feedback(&state.db, &viewer, id, &input).await;
    let result = result.map(|_| "Thank you for your feedback");
    after_submit(&state, &viewer, page, id, ("feedback", form), result).await
}

// ---- JSON API ----

/// My relationships: active first, then ended.
#[utoipa::path(get, path = "/mentorships", tag = "mentorships",
    responses((status = 200, body = Vec<MentorshipSummary>)))]
async fn api_list(
    State(state): State<AppState>,
    viewer: Viewer,
) -> AppResult<Json<Vec<MentorshipSummary>>> {
    Ok(Json(service::list(&state.db, &viewer).await?))
}

/// A relationship I am a member of, with my own private notes and feedback only. Anyone else
/// gets 404.
#[utoipa::path(get, path = "/mentorships/{id}", tag = "mentorships", params(("id" = i64, Path)),
    responses((status = 200, body = Mentorship), (status = 404, body = ErrorBody)))]
async fn api_mentorship(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Json<Mentorship>> {
    Ok(Json(service::mentorship(&state.db, &viewer, id).await?))
}

/// Propose a goal; another member agrees to it.
#[utoipa::path(post, path = "/mentorships/{id}/goals", tag = "mentorships", params(("id" = i64, Path)), request_body = GoalInput,
    responses((status = 201, body = Goal), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_propose_goal(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<GoalInput>,
) -> AppResult<(StatusCode, Json<Goal>)> {
    let goal = service::propose_goal(&state.db, &viewer, id, &input).await?;
    Ok((StatusCode::CREATED, Json(goal)))
}

/// Agree to a goal another member proposed (409 for your own).
#[utoipa::path(post, path = "/mentorships/{id}/goals/{goal_id}/agree", tag = "mentorships",
    params(("id" = i64, Path), ("goal_id" = i64, Path)),
    responses((status = 200, body = Goal), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn api_agree_goal(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, goal_id)): Path<(i64, i64)>,
) -> AppResult<Json<Goal>> {
    Ok(Json(
        service::agree_goal(&state.db, &viewer, id, goal_id).await?,
    ))
}

/// Mark a goal as met.
#[utoipa::path(post, path = "/mentorships/{id}/goals/{goal_id}/met", tag = "mentorships",
    params(("id" = i64, Path), ("goal_id" = i64, Path)),
    responses((status = 200, body = Goal), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn api_goal_met(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, goal_id)): Path<(i64, i64)>,
) -> AppResult<Json<Goal>> {
    Ok(Json(
        service::mark_goal_met(&state.db, &viewer, id, goal_id).await?,
    ))
}

/// Log a check-in; the other members are notified. Its notes are shared with the members only.
#[utoipa::path(post, path = "/mentorships/{id}/checkins", tag = "mentorships", params(("id" = i64, Path)), request_body = CheckinInput,
    responses((status = 201, body = Checkin), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_checkin(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<CheckinInput>,
) -> AppResult<(StatusCode, Json<Checkin>)> {
    let checkin = service::log_checkin(&state.db, &viewer, id, &input).await?;
    Ok((StatusCode::CREATED, Json(checkin)))
}

/// Keep a private note: only you will ever read it.
#[utoipa::path(post, path = "/mentorships/{id}/notes", tag = "mentorships", params(("id" = i64, Path)), request_body = NoteInput,
    responses((status = 201, body = PrivateNote), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_add_note(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<NoteInput>,
) -> AppResult<(StatusCode, Json<PrivateNote>)> {
    let note = service::add_note(&state.db, &viewer, id, &input).await?;
    Ok((StatusCode::CREATED, Json(note)))
}

/// Delete one of your private notes (anyone else's is not found).
#[utoipa::path(delete, path = "/mentorships/{id}/notes/{note_id}", tag = "mentorships",
    params(("id" = i64, Path), ("note_id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn api_delete_note(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, note_id)): Path<(i64, i64)>,
) -> AppResult<StatusCode> {
    service::delete_note(&state.db, &viewer, id, note_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Record a milestone reached.
#[utoipa::path(post, path = "/mentorships/{id}/milestones", tag = "mentorships", params(("id" = i64, Path)), request_body = MilestoneInput,
    responses((status = 201, body = Milestone), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_milestone(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<MilestoneInput>,
) -> AppResult<(StatusCode, Json<Milestone>)> {
    let milestone = service::add_milestone(&state.db, &viewer, id, &input).await?;
    Ok((StatusCode::CREATED, Json(milestone)))
}

/// End the relationship, with a reason; the other members and the program's lead are notified.
#[utoipa::path(post, path = "/mentorships/{id}/end", tag = "mentorships", params(("id" = i64, Path)), request_body = EndInput,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_end(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<EndInput>,
) -> AppResult<StatusCode> {
    service::end(&state.db, &viewer, id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Ask the program for a re-match (mentees and peers): the relationship ends and the lead is told.
#[utoipa::path(post, path = "/mentorships/{id}/rematch", tag = "mentorships", params(("id" = i64, Path)), request_body = RematchInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_rematch(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<RematchInput>,
) -> AppResult<StatusCode> {
    service::request_rematch(&state.db, &viewer, id, &input).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Give (or replace) your closing feedback, once the relationship or its program has ended.
/// Other members never see it.
#[utoipa::path(post, path = "/mentorships/{id}/feedback", tag = "mentorships", params(("id" = i64, Path)), request_body = FeedbackInput,
    responses((status = 200, body = Feedback), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_feedback(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<FeedbackInput>,
) -> AppResult<Json<Feedback>> {
    Ok(Json(
        service::give_feedback(&state.db, &viewer, id, &input).await?,
    ))
}
