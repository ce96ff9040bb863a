//! HTTP handlers for connections, follows and endorsements (HTML and JSON).

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::{ConnectionOverview, ConnectionRequest, EndorsementInput, Relationship};
use super::service;
use crate::AppResult;
use crate::auth::model::Viewer;
use crate::web::AppState;
use crate::web::error::ErrorBody;
use crate::web::extract::{ApiJson, FormFields};
use crate::web::page::{PageContext, redirect_with_notice};

pub fn pages() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/connections", get(connections_page))
        .route("/people/{id}/connect", post(connect_submit))
        .route("/people/{id}/accept", post(accept_submit))
        .route("/people/{id}/decline", post(decline_submit))
        .route("/people/{id}/disconnect", post(disconnect_submit))
        .route("/people/{id}/follow", post(follow_submit))
        .route("/people/{id}/unfollow", post(unfollow_submit))
        .route("/people/{id}/skills/{skill}/endorse", post(endorse_submit))
        .route(
            "/people/{id}/skills/{skill}/unendorse",
            post(unendorse_submit),
        )
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_overview, api_request))
        .routes(routes!(api_relationship, api_disconnect))
        .routes(routes!(api_accept))
        .routes(routes!(api_decline))
        .routes(routes!(api_follow, api_unfollow))
        .routes(routes!(api_endorse))
        .routes(routes!(api_unendorse))
}

#[derive(Template)]
#[template(path = "connections/templates/connections.html")]
struct ConnectionsPage {
    page: PageContext,
    overview: ConnectionOverview,
}

async fn connections_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
) -> AppResult<Response> {
    let overview = service::overview(&state.db, &viewer).await?;
    Ok(Html(
        ConnectionsPage { page, overview }
            .render()
            .map_err(anyhow::Error::from)?,
    )
    .into_response())
}

/// Where to go after a button: back to the page that asked (`back` field), else the profile.
fn back(form: &crate::web::extract::Fields, id: i64) -> String {
    form.text("back")
        .filter(|b| b.starts_with('/') && !b.starts_with("//"))
        .unwrap_or_else(|| format!("/people/{id}"))
}

async fn connect_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    service::request(
        &state.db,
        &viewer,
        id,
        &form.text("message").unwrap_or_default(),
    )
    .await?;
    Ok(redirect_with_notice(&back(&form, id), "Connection request sent").into_response())
}

async fn accept_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    service::accept(&state.db, &viewer, id).await?;
    Ok(redirect_with_notice(&back(&form, id), "You are now connected").into_response())
}

async fn decline_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    service::decline(&state.db, &viewer, id).await?;
    Ok(redirect_with_notice(&back(&form, id), "Request declined").into_response())
}

async fn disconnect_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    service::disconnect(&state.db, &viewer, id).await?;
    Ok(redirect_with_notice(&back(&form, id), "Done").into_response())
}

async fn follow_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    service::follow(&state.db, &viewer, id).await?;
    Ok(redirect_with_notice(&back(&form, id), "Following").into_response())
}

async fn unfollow_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    service::unfollow(&state.db, &viewer, id).await?;
    Ok(redirect_with_notice(&back(&form, id), "No longer following").into_response())
}

async fn endorse_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, skill)): Path<(i64, i64)>,
) -> AppResult<Response> {
    service::endorse(&state.db, &viewer, id, skill).await?;
    Ok(redirect_with_notice(&format!("/people/{id}"), "Skill endorsed").into_response())
}

async fn unendorse_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, skill)): Path<(i64, i64)>,
) -> AppResult<Response> {
    service::unendorse(&state.db, &viewer, id, skill).await?;
    Ok(redirect_with_notice(&format!("/people/{id}"), "Endorsement withdrawn").into_response())
}

// ---- JSON API ----

/// My connections, pending requests (both ways), and whom I follow.
#[utoipa::path(get, path = "/connections", tag = "connections", responses((status = 200, body = ConnectionOverview)))]
async fn api_overview(
    State(state): State<AppState>,
    viewer: Viewer,
) -> AppResult<Json<ConnectionOverview>> {
    Ok(Json(service::overview(&state.db, &viewer).await?))
}

/// Ask to connect (accepts at once if they already asked you).
#[utoipa::path(post, path = "/connections", tag = "connections", request_body = ConnectionRequest,
    responses((status = 200, body = Relationship), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_request(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiJson(input): ApiJson<ConnectionRequest>,
) -> AppResult<Json<Relationship>> {
    Ok(Json(
        service::request(&state.db, &viewer, input.user_id, &input.message).await?,
    ))
}

/// How I stand with a member.
#[utoipa::path(get, path = "/connections/{user_id}", tag = "connections", params(("user_id" = i64, Path)),
    responses((status = 200, body = Relationship)))]
async fn api_relationship(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(user_id): Path<i64>,
) -> AppResult<Json<Relationship>> {
    Ok(Json(
        service::relationship(&state.db, &viewer, user_id).await?,
    ))
}

/// Withdraw my request, decline theirs, or remove the connection.
#[utoipa::path(delete, path = "/connections/{user_id}", tag = "connections", params(("user_id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn api_disconnect(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(user_id): Path<i64>,
) -> AppResult<StatusCode> {
    service::disconnect(&state.db, &viewer, user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Accept a request the member sent me.
#[utoipa::path(post, path = "/connections/{user_id}/accept", tag = "connections", params(("user_id" = i64, Path)),
    responses((status = 204), (status = 422, body = ErrorBody)))]
async fn api_accept(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(user_id): Path<i64>,
) -> AppResult<StatusCode> {
    service::accept(&state.db, &viewer, user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Decline a request the member sent me.
#[utoipa::path(post, path = "/connections/{user_id}/decline", tag = "connections", params(("user_id" = i64, Path)),
    responses((status = 204), (status = 422, body = ErrorBody)))]
async fn api_decline(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(user_id): Path<i64>,
) -> AppResult<StatusCode> {
    service::decline(&state.db, &viewer, user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Follow a member.
#[utoipa::path(put, path = "/follows/{user_id}", tag = "connections", params(("user_id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn api_follow(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(user_id): Path<i64>,
) -> AppResult<StatusCode> {
    service::follow(&state.db, &viewer, user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Stop following a member.
#[utoipa::path(delete, path = "/follows/{user_id}", tag = "connections", params(("user_id" = i64, Path)), responses((status = 204)))]
async fn api_unfollow(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(user_id): Path<i64>,
) -> AppResult<StatusCode> {
    service::unfollow(&state.db, &viewer, user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Endorse a connection's skill.
#[utoipa::path(post, path = "/members/{id}/endorsements", tag = "connections", params(("id" = i64, Path)), request_body = EndorsementInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_endorse(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<EndorsementInput>,
) -> AppResult<StatusCode> {
    service::endorse(&state.db, &viewer, id, input.skill_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Withdraw my endorsement of a skill.
#[utoipa::path(delete, path = "/members/{id}/endorsements/{skill_id}", tag = "connections", params(("id" = i64, Path), ("skill_id" = i64, Path)),
    responses((status = 204)))]
async fn api_unendorse(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, skill_id)): Path<(i64, i64)>,
) -> AppResult<StatusCode> {
    service::unendorse(&state.db, &viewer, id, skill_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
