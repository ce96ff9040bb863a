//! HTTP handlers for moderation (HTML and JSON). Every rule, including who may moderate what,
//! lives in the service; a refused form comes back with the message beside the field.

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::*;
use super::service::{self, LOG_PER_PAGE, QUEUE_PER_PAGE};
use super::store::Content;
use crate::auth::model::Viewer;
use crate::web::AppState;
use crate::web::error::ErrorBody;
use crate::web::extract::{ApiJson, Fields, FormFields, QueryFields};
use crate::web::page::{PageContext, redirect_with_notice};
use crate::{AppError, AppResult};

pub fn pages() -> axum::Router<AppState> {
    axum::Router::new()
        .route(
            "/knowledge/{post_id}/flag",
            get(flag_page).post(flag_submit),
        )
        .route("/knowledge/{post_id}/lock", post(lock_submit))
        .route("/knowledge/{post_id}/unlock", post(unlock_submit))
        .route("/moderation", get(queue_page))
        .route("/moderation/log", get(log_page))
        .route("/moderation/{target}/{id}/{action}", post(action_submit))
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_flag))
        .routes(routes!(api_queue))
        .routes(routes!(api_log))
        .routes(routes!(api_hide))
        .routes(routes!(api_restore))
        .routes(routes!(api_dismiss))
        .routes(routes!(api_lock))
        .routes(routes!(api_unlock))
}

fn render(t: impl Template) -> AppResult<Html<String>> {
    Ok(Html(t.render().map_err(anyhow::Error::from)?))
}

fn post_id(key: &str) -> AppResult<i64> {
    post_key(key).ok_or(AppError::NotFound)
}

fn post_page(post_id: i64) -> String {
    format!("/knowledge/{post_id}")
}

/// A `next` form field: a path in Grove to go back to, or None (never another site).
fn local_path(form: &Fields) -> Option<String> {
    form.text("next")
        .filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.contains('\\'))
}

fn target_label(target: &Target) -> &'static str {
    match target {
        Target::Post => "Post",
        Target::Answer => "Answer",
        Target::Comment => "Comment",
    }
}

// ---- HTML: flag ----

#[derive(Template)]
#[template(path = "moderation/templates/flag.html")]
struct FlagPage {
    page: PageContext,
    content: Content,
    excerpt: String,
    form: Fields,
    error: Option<AppError>,
}

impl FlagPage {
    fn action(&self) -> String {
        format!("/knowledge/{}/flag", self.content.post_id)
    }

    fn back(&self) -> String {
        post_page(self.content.post_id)
    }

    fn what(&self) -> &'static str {
        self.content.target.as_str()
    }

    fn reasons(&self) -> [FlagReason; 4] {
        FlagReason::ALL
    }

    fn checked(&self, reason: &FlagReason) -> bool {
        self.form.text("reason").as_deref() == Some(reason.as_str())
    }

    fn note(&self) -> String {
        self.form.raw("note").unwrap_or_default()
    }

    fn field_error(&self, field: &str) -> Option<String> {
        self.error
            .as_ref()
            .filter(|e| e.field() == Some(field))
            .map(|e| e.user_message())
    }

    /// A refusal not about one field (a flag already open).
    fn general_error(&self) -> Option<String> {
        self.error
            .as_ref()
            .filter(|e| !matches!(e.field(), Some("reason" | "note")))
            .map(|e| e.user_message())
    }
}

fn flag_page_response(
    page: PageContext,
    content: Content,
    form: Fields,
    error: Option<AppError>,
) -> AppResult<Response> {
    let status = error
        .as_ref()
        .map(AppError::status)
        .unwrap_or(StatusCode::OK);
    let excerpt = excerpt(&content.body);
    Ok((
        status,
        render(FlagPage {
            page,
            content,
            excerpt,
            form,
            error,
        })?,
    )
        .into_response())
}

/// The target of a flag form or link: `target` and `target_id`, each named when wrong.
fn flag_target(fields: &Fields) -> AppResult<(Target, i64)> {
    let target = Target::parse("target", &fields.text("target").unwrap_or_default())?;
    let target_id = fields
        .int("target_id")?
        .ok_or_else(|| AppError::invalid("target_id", "say what to flag"))?;
    Ok((target, target_id))
}

async fn flag_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(key): Path<String>,
    QueryFields(q): QueryFields,
) -> AppResult<Response> {
    let post_id = post_id(&key)?;
    let (target, target_id) = flag_target(&q)?;
    let content = service::flaggable(&state.db, &viewer, Some(post_id), target, target_id).await?;
    let form = Fields::new(vec![
        ("target".into(), target.as_str().into()),
        ("target_id".into(), target_id.to_string()),
    ]);
    flag_page_response(page, content, form, None)
}

async fn flag_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(key): Path<String>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let post_id = post_id(&key)?;
    let (target, target_id) = flag_target(&form)?;
    let result = match form.text("reason") {
        None => Err(AppError::invalid(
            "reason",
            "choose why this should be looked at",
        )),
        Some(reason) => match FlagReason::parse("reason", &reason) {
            Err(e) => Err(e),
            Ok(reason) => {
                let input = FlagInput {
                    target,
                    target_id,
                    reason,
                    note: form.raw("note").unwrap_or_default(),
                };
                service::flag(&state.db, &viewer, Some(post_id), &input).await
            }
        },
    };
    match result {
        Ok(_) => Ok(redirect_with_notice(
            &post_page(post_id),
            "Thank you: the moderators will look at it",
        )
        .into_response()),
        Err(error @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let content =
                service::flaggable(&state.db, &viewer, Some(post_id), target, target_id).await?;
            flag_page_response(page, content, form, Some(error))
        }
        Err(error) => Err(error),
    }
}

// ---- HTML: the queue, actions, the log ----

#[derive(Template)]
#[template(path = "moderation/templates/queue.html")]
struct QueuePage {
    page: PageContext,
    queue: Queue,
    /// A refused action: why.
    error: Option<String>,
}

impl QueuePage {
    fn page_link(&self, n: i64) -> String {
        format!("/moderation?page={n}")
    }

    fn label(&self, target: &Target) -> &'static str {
        target_label(target)
    }

    fn action(&self, item: &QueueItem, action: &str) -> String {
        format!(
            "/moderation/{}/{}/{action}",
            item.target.as_str(),
            item.target_id
        )
    }

    fn key(&self, item: &QueueItem) -> String {
        format!("{}-{}", item.target.as_str(), item.target_id)
    }
}

async fn show_queue(
    state: &AppState,
    viewer: &Viewer,
    page: PageContext,
    n: i64,
    error: Option<AppError>,
) -> AppResult<Response> {
    let (n, per_page) = paging(Some(n), None, QUEUE_PER_PAGE)?;
    let queue = service::queue(&state.db, viewer, n, per_page).await?;
    let status = error
        .as_ref()
        .map(AppError::status)
        .unwrap_or(StatusCode::OK);
    let html = render(QueuePage {
        page,
        queue,
        error: error.map(|e| e.user_message()),
    })?;
    Ok((status, html).into_response())
}

async fn queue_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    QueryFields(q): QueryFields,
) -> AppResult<Response> {
    let n = q.int("page")?.unwrap_or(1);
    show_queue(&state, &viewer, page, n, None).await
}

/// After an action: back where the form was (`next`, else the queue) with a notice; a refusal
/// shows the queue again with the reason (or, from another page, goes back with it).
async fn after_action(
    state: &AppState,
    viewer: &Viewer,
    page: PageContext,
    form: &Fields,
    default_back: String,
    result: AppResult<LogEntry>,
) -> AppResult<Response> {
    let back = local_path(form).unwrap_or(default_back);
    match result {
        Ok(entry) => {
            let notice = match entry.action {
                Action::Hide => "Hidden",
                Action::Restore => "Restored",
                Action::Dismiss => "Flags dismissed",
                Action::Lock => "Thread locked",
                Action::Unlock => "Thread unlocked",
            };
            Ok(redirect_with_notice(&back, notice).into_response())
        }
        Err(error @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            if back == "/moderation" || back.starts_with("/moderation?") {
                show_queue(state, viewer, page, 1, Some(error)).await
            } else {
                Ok(redirect_with_notice(&back, &error.user_message()).into_response())
            }
        }
        Err(error) => Err(error),
    }
}

async fn action_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path((target, id, action)): Path<(String, i64, String)>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let action = match Action::parse(&action) {
        Some(a @ (Action::Hide | Action::Restore | Action::Dismiss)) => a,
        _ => return Err(AppError::NotFound),
    };
    let target = Target::parse("target", &target).map_err(|_| AppError::NotFound)?;
    let input = ActionInput {
        reason: form.raw("reason"),
    };
    let result = service::act(&state.db, &viewer, target, id, action, &input).await;
    after_action(
        &state,
        &viewer,
        page,
        &form,
        "/moderation".to_string(),
        result,
    )
    .await
}

async fn lock_or_unlock(
    state: AppState,
    viewer: Viewer,
    page: PageContext,
    key: String,
    form: Fields,
    action: Action,
) -> AppResult<Response> {
    let post_id = post_id(&key)?;
    let input = ActionInput {
        reason: form.raw("reason"),
    };
    let result = service::act(&state.db, &viewer, Target::Post, post_id, action, &input).await;
    after_action(&state, &viewer, page, &form, post_page(post_id), result).await
}

async fn lock_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(key): Path<String>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    lock_or_unlock(state, viewer, page, key, form, Action::Lock).await
}

async fn unlock_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(key): Path<String>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    lock_or_unlock(state, viewer, page, key, form, Action::Unlock).await
}

#[derive(Template)]
#[template(path = "moderation/templates/log.html")]
struct LogTemplate {
    page: PageContext,
    log: LogPage,
}

impl LogTemplate {
    fn page_link(&self, n: i64) -> String {
        format!("/moderation/log?page={n}")
    }

    fn label(&self, target: &Target) -> &'static str {
        target_label(target)
    }
}

async fn log_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    QueryFields(q): QueryFields,
) -> AppResult<Response> {
    let (n, per_page) = paging(q.int("page")?, None, LOG_PER_PAGE)?;
    let log = service::log(&state.db, &viewer, n, per_page).await?;
    Ok(render(LogTemplate { page, log })?.into_response())
}

// ---- JSON API ----

/// Flag a post, answer or comment you can see, for the moderators. One open flag per member
/// and target (409 for a second); hidden content and your own cannot be flagged.
#[utoipa::path(post, path = "/flags", tag = "moderation", request_body = FlagInput,
    responses((status = 201, body = Flag), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_flag(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiJson(input): ApiJson<FlagInput>,
) -> AppResult<(StatusCode, Json<Flag>)> {
    let flag = service::flag(&state.db, &viewer, None, &input).await?;
    Ok((StatusCode::CREATED, Json(flag)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Documents the query; the handlers read it through QueryFields.
struct PageParams {
    /// From 1.
    page: Option<i64>,
    /// 1 to 100 (queue: default 20; log: default 50).
    per_page: Option<i64>,
}

/// The moderation queue: open flags on content you moderate, grouped by content, most flagged
/// first (community owners and moderators, and admins; 403 for others).
#[utoipa::path(get, path = "/moderation/queue", tag = "moderation", params(PageParams),
    responses((status = 200, body = Queue), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_queue(
    State(state): State<AppState>,
    viewer: Viewer,
    QueryFields(q): QueryFields,
) -> AppResult<Json<Queue>> {
    let (page, per_page) = paging(q.int("page")?, q.int("per_page")?, QUEUE_PER_PAGE)?;
    Ok(Json(
        service::queue(&state.db, &viewer, page, per_page).await?,
    ))
}

/// The moderation log, newest first: admins see every entry, community owners and moderators
/// their communities' (403 for others).
#[utoipa::path(get, path = "/moderation/log", tag = "moderation", params(PageParams),
    responses((status = 200, body = LogPage), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_log(
    State(state): State<AppState>,
    viewer: Viewer,
    QueryFields(q): QueryFields,
) -> AppResult<Json<LogPage>> {
    let (page, per_page) = paging(q.int("page")?, q.int("per_page")?, LOG_PER_PAGE)?;
    Ok(Json(
        service::log(&state.db, &viewer, page, per_page).await?,
    ))
}

async fn api_act(
    state: &AppState,
    viewer: &Viewer,
    target: &str,
    id: i64,
    action: Action,
    input: Option<ActionInput>,
) -> AppResult<Json<LogEntry>> {
    let target = Target::parse("target", target)?;
    let input = input.unwrap_or_default();
    Ok(Json(
        service::act(&state.db, viewer, target, id, action, &input).await?,
    ))
}

/// A JSON body that may be left out entirely.
fn optional_body(body: axum::body::Bytes) -> AppResult<Option<ActionInput>> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    serde_json::from_slice(&body)
        .map(Some)
        .map_err(|e| AppError::invalid("reason", e.to_string()))
}

/// Hide a post, answer or comment: only its author, the moderators and admins see it; it
/// leaves search and the counts. Its open flags become `actioned`; the author is notified.
#[utoipa::path(post, path = "/moderation/{target}/{id}/hide", tag = "moderation",
    params(("target" = Target, Path), ("id" = i64, Path)), request_body(content = ActionInput, description = "Optional"),
    responses((status = 200, body = LogEntry), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_hide(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((target, id)): Path<(String, i64)>,
    body: axum::body::Bytes,
) -> AppResult<Json<LogEntry>> {
    let input = optional_body(body)?;
    api_act(&state, &viewer, &target, id, Action::Hide, input).await
}

/// Restore hidden content: everyone who may see the thread sees it again. Its open flags become
/// `dismissed`; the author is notified.
#[utoipa::path(post, path = "/moderation/{target}/{id}/restore", tag = "moderation",
    params(("target" = Target, Path), ("id" = i64, Path)), request_body(content = ActionInput, description = "Optional"),
    responses((status = 200, body = LogEntry), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_restore(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((target, id)): Path<(String, i64)>,
    body: axum::body::Bytes,
) -> AppResult<Json<LogEntry>> {
    let input = optional_body(body)?;
    api_act(&state, &viewer, &target, id, Action::Restore, input).await
}

/// Dismiss the open flags on a post, answer or comment without changing it (409 if none).
#[utoipa::path(post, path = "/moderation/{target}/{id}/dismiss", tag = "moderation",
    params(("target" = Target, Path), ("id" = i64, Path)), request_body(content = ActionInput, description = "Optional"),
    responses((status = 200, body = LogEntry), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_dismiss(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((target, id)): Path<(String, i64)>,
    body: axum::body::Bytes,
) -> AppResult<Json<LogEntry>> {
    let input = optional_body(body)?;
    api_act(&state, &viewer, &target, id, Action::Dismiss, input).await
}

/// Lock a post's thread: no new answers, comments or votes. The post's open flags become
/// `actioned`.
#[utoipa::path(post, path = "/posts/{id}/lock", tag = "moderation",
    params(("id" = i64, Path)), request_body(content = ActionInput, description = "Optional"),
    responses((status = 200, body = LogEntry), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_lock(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> AppResult<Json<LogEntry>> {
    let input = optional_body(body)?;
    api_act(&state, &viewer, "post", id, Action::Lock, input).await
}

/// Unlock a post's thread.
#[utoipa::path(post, path = "/posts/{id}/unlock", tag = "moderation",
    params(("id" = i64, Path)), request_body(content = ActionInput, description = "Optional"),
    responses((status = 200, body = LogEntry), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_unlock(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    body: axum::body::Bytes,
) -> AppResult<Json<LogEntry>> {
    let input = optional_body(body)?;
    api_act(&state, &viewer, "post", id, Action::Unlock, input).await
}
