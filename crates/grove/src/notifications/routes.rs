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

use super::model::{EmailMode, NotificationPage, NotificationSettings, SettingsInput, UnreadCount};
use super::service;
use crate::auth::model::Viewer;
use crate::web::AppState;
use crate::web::error::ErrorBody;
use crate::web::extract::{ApiJson, Fields, FormFields, QueryFields};
use crate::web::page::{PageContext, redirect_with_notice};
use crate::{AppError, AppResult};

pub fn pages() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/notifications", get(list_page))
        .route("/notifications/{id}/read", post(read_submit))
        .route("/notifications/read-all", post(read_all_submit))
        .route(
            "/notifications/settings",
            get(settings_page).post(settings_submit),
        )
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_list))
        .routes(routes!(api_read))
        .routes(routes!(api_read_all))
        .routes(routes!(api_unread_count))
        .routes(routes!(api_settings, api_update_settings))
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

#[derive(Template)]
#[template(path = "notifications/templates/settings.html")]
struct SettingsPage {
    page: PageContext,
    settings: NotificationSettings,
    /// This server sends e-mail (SMTP is configured).
    mail_on: bool,
    error: Option<AppError>,
}

impl SettingsPage {
    fn modes(&self) -> [EmailMode; 3] {
        EmailMode::ALL
    }
}

fn settings_html(
    state: &AppState,
    page: PageContext,
    settings: NotificationSettings,
    error: Option<AppError>,
) -> AppResult<Response> {
    let status = error
        .as_ref()
        .map(AppError::status)
        .unwrap_or(StatusCode::OK);
    let html = SettingsPage {
        page,
        settings,
        mail_on: state.config.mail.is_some(),
        error,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok((status, Html(html)).into_response())
}

async fn settings_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
) -> AppResult<Response> {
    let settings = service::settings(&state.db, &viewer).await?;
    settings_html(&state, page, settings, None)
}

async fn settings_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let mute = form.flag("mute_question_routing");
    let mode = match form.text("email_mode") {
        Some(v) => EmailMode::parse("email_mode", &v),
        None => Err(AppError::invalid(
            "email_mode",
            "choose how you want e-mail about your notifications",
        )),
    };
    match mode {
        Ok(email_mode) => {
            let input = SettingsInput {
                email_mode: Some(email_mode),
                mute_question_routing: Some(mute),
            };
            service::update_settings(&state.db, &viewer, &input).await?;
            Ok(
                redirect_with_notice("/notifications/settings", "Notification settings saved")
                    .into_response(),
            )
        }
        Err(e) => {
            // The form again as it was sent, with the message.
            let mut shown = service::settings(&state.db, &viewer).await?;
            shown.mute_question_routing = mute;
            settings_html(&state, page, shown, Some(e))
        }
    }
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

/// My notification settings: e-mail (off, immediate, daily digest) and question suggestions.
#[utoipa::path(get, path = "/me/notification-settings", tag = "notifications",
    responses((status = 200, body = NotificationSettings)))]
async fn api_settings(
    State(state): State<AppState>,
    viewer: Viewer,
) -> AppResult<Json<NotificationSettings>> {
    Ok(Json(service::settings(&state.db, &viewer).await?))
}

/// Change my notification settings; fields left out stay as they are.
#[utoipa::path(put, path = "/me/notification-settings", tag = "notifications",
    request_body = SettingsInput,
    responses((status = 200, body = NotificationSettings), (status = 422, body = ErrorBody)))]
async fn api_update_settings(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiJson(input): ApiJson<SettingsInput>,
) -> AppResult<Json<NotificationSettings>> {
    Ok(Json(
        service::update_settings(&state.db, &viewer, &input).await?,
    ))
}
