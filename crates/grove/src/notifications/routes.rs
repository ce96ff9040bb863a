//! HTTP handlers for notifications (HTML and JSON).

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::{NotificationPage, UnreadCount};
use super::service;
use crate::auth::model::Viewer;
use crate::web::AppState;
use crate::web::error::ErrorBody;
use crate::web::extract::{Fields, QueryFields};
use crate::web::page::{PageContext, redirect_with_notice};
use crate::{AppError, AppResult};

pub fn pages() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/notifications", get(list_page))
        .route("/notifications/{id}/read", post(read_submit))
        .route("/notifications/read-all", post(read_all_submit))
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_list))
        .routes(routes!(api_read))
        .routes(routes!(api_read_all))
        .routes(routes!(api_unread_count))
}

/// `before` and `unread` from a query string.
fn list_query(q: &Fields) -> AppResult<(Option<i64>, bool)> {
    let unread = match q.text("unread").as_deref() {
        None | Some("false") | Some("0") => false,
        Some("true") | Some("1") => true,
        Some(_) => return Err(AppError::invalid("unread", "use true or false")),
    };
    Ok((q.int("before")?, unread))
}

#[derive(Template)]
#[template(path = "notifications/templates/notifications.html")]
struct ListPage {
    page: PageContext,
    list: NotificationPage,
    /// Showing an older page (a link back to the newest is offered).
    older: bool,
}

async fn list_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    QueryFields(q): QueryFields,
) -> AppResult<Response> {
    let (before, unread) = list_query(&q)?;
    let list = service::list(&state.db, &viewer, before, unread).await?;
    let html = ListPage {
        page,
        list,
        older: before.is_some(),
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html).into_response())
}

/// Marks the notification read and follows its link.
async fn read_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let link = service::read(&state.db, &viewer, id).await?;
    Ok(Redirect::to(service::safe_link(&link)).into_response())
}

async fn read_all_submit(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    service::read_all(&state.db, &viewer).await?;
    Ok(redirect_with_notice("/notifications", "All notifications marked as read").into_response())
}

// ---- JSON API ----

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct ListParams {
    /// Only unread notifications.
    unread: Option<bool>,
    /// Notifications older than this id (the previous page's `next_before`).
    before: Option<i64>,
}

/// My notifications, newest first, 50 a page.
#[utoipa::path(get, path = "/notifications", tag = "notifications", params(ListParams),
    responses((status = 200, body = NotificationPage), (status = 422, body = ErrorBody)))]
async fn api_list(
    State(state): State<AppState>,
    viewer: Viewer,
    QueryFields(q): QueryFields,
) -> AppResult<Json<NotificationPage>> {
    let (before, unread) = list_query(&q)?;
    Ok(Json(
        service::list(&state.db, &viewer, before, unread).await?,
    ))
}

/// Mark one of my notifications read.
#[utoipa::path(post, path = "/notifications/{id}/read", tag = "notifications", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn api_read(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    service::read(&state.db, &viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Mark all my notifications read.
#[utoipa::path(post, path = "/notifications/read-all", tag = "notifications",
    responses((status = 204)))]
async fn api_read_all(State(state): State<AppState>, viewer: Viewer) -> AppResult<StatusCode> {
    service::read_all(&state.db, &viewer).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// How many of my notifications are unread.
#[utoipa::path(get, path = "/notifications/unread-count", tag = "notifications",
    responses((status = 200, body = UnreadCount)))]
async fn api_unread_count(
    State(state): State<AppState>,
    viewer: Viewer,
) -> AppResult<Json<UnreadCount>> {
    Ok(Json(UnreadCount {
        unread: service::unread_count(&state.db, &viewer).await?,
    }))
}
