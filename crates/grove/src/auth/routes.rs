//! HTTP handlers for signing up, in and out, access tokens and invitations (HTML and JSON).

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::{AccessToken, Credentials, Invitation, Role, SignUp, Viewer};
use super::service::{self, SignupMode};
use crate::web::AppState;
use crate::web::error::ErrorBody;
use crate::web::extract::{ApiJson, FormFields};
use crate::web::page::{PageContext, redirect_with_notice};
use crate::web::session::{SESSION_COOKIE, cookie, set_cookie};
use crate::{AppError, AppResult};

pub fn pages() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/login", get(login_page).post(login_submit))
        .route("/logout", post(logout_submit))
        .route("/signup", get(signup_page).post(signup_submit))
        .route("/invite/{token}", get(invitation_page))
        .route(
            "/settings/tokens",
            get(tokens_page).post(token_create_submit),
        )
        .route("/settings/tokens/{id}/revoke", post(token_revoke_submit))
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_log_in, api_log_out))
        .routes(routes!(api_sign_up))
        .routes(routes!(api_me))
        .routes(routes!(api_tokens, api_create_token))
        .routes(routes!(api_revoke_token))
        .routes(routes!(api_invitations, api_invite))
}

fn session_cookie(state: &AppState, secret: &str) -> HeaderValue {
    let value = set_cookie(
        SESSION_COOKIE,
        secret,
        service::SESSION_DAYS * 86_400,
        state.config.secure_cookies,
        true,
    );
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

fn cleared_session_cookie(state: &AppState) -> HeaderValue {
    let value = set_cookie(SESSION_COOKIE, "", 0, state.config.secure_cookies, true);
    HeaderValue::from_str(&value).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// Only same-site paths are followed after sign-in.
fn safe_next(next: Option<String>) -> String {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//"))
        .unwrap_or_else(|| "/".into())
}

// ---- HTML ----

#[derive(Template)]
#[template(path = "auth/templates/login.html")]
struct LoginPage {
    page: PageContext,
    email: String,
    next: String,
    error: Option<AppError>,
}

async fn login_page(
    page: PageContext,
    crate::web::extract::QueryFields(q): crate::web::extract::QueryFields,
) -> AppResult<Response> {
    if page.signed_in() {
        return Ok(Redirect::to("/").into_response());
    }
    let next = safe_next(q.text("next"));
    Ok(Html(
        LoginPage {
            page,
            email: String::new(),
            next,
            error: None,
        }
        .render()
        .map_err(anyhow::Error::from)?,
    )
    .into_response())
}

async fn login_submit(
    State(state): State<AppState>,
    page: PageContext,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let email = form.text("email").unwrap_or_default();
    let next = safe_next(form.text("next"));
    let credentials = Credentials {
        email: email.clone(),
        password: form.raw("password").unwrap_or_default(),
    };
    match service::log_in(&state.db, credentials).await {
        Ok(session) => {
            let mut response = Redirect::to(&next).into_response();
            response
                .headers_mut()
                .append(header::SET_COOKIE, session_cookie(&state, &session.secret));
            Ok(response)
        }
        Err(
            err
            @ (AppError::Invalid { .. } | AppError::TooManyRequests(_) | AppError::Forbidden(_)),
        ) => {
            let status = err.status();
            let html = LoginPage {
                page,
                email,
                next,
                error: Some(err),
            }
            .render()
            .map_err(anyhow::Error::from)?;
            Ok((status, Html(html)).into_response())
        }
        Err(err) => Err(err),
    }
}

async fn logout_submit(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    if let Some(secret) = cookie(&headers, SESSION_COOKIE) {
        service::log_out(&state.db, secret).await?;
    }
    let mut response = Redirect::to("/login").into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, cleared_session_cookie(&state));
    Ok(response)
}

#[derive(Template)]
#[template(path = "auth/templates/signup.html")]
struct SignupPage {
    page: PageContext,
    mode: SignupMode,
    name: String,
    email: String,
    invitation: String,
    error: Option<AppError>,
}

impl SignupPage {
    fn field_error(&self, field: &str) -> Option<String> {
        self.error
            .as_ref()
            .filter(|e| e.field() == Some(field))
            .map(|e| e.user_message())
    }
}

async fn signup_page(State(state): State<AppState>, page: PageContext) -> AppResult<Response> {
    let mode = service::signup_mode(&state.db).await?;
    let html = SignupPage {
        page,
        mode,
        name: String::new(),
        email: String::new(),
        invitation: String::new(),
        error: None,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html).into_response())
}

async fn invitation_page(
    State(state): State<AppState>,
    page: PageContext,
    Path(token): Path<String>,
) -> AppResult<Response> {
    let invitation = service::open_invitation(&state.db, &token)
        .await
        .map_err(|_| {
            AppError::invalid(
                "invitation",
                "this invitation link has expired or was already used; ask an admin for a new one",
            )
        })?;
    let html = SignupPage {
        page,
        mode: SignupMode::InvitationOnly,
        name: String::new(),
        email: invitation.email,
        invitation: token,
        error: None,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok(Html(html).into_response())
}

async fn signup_submit(
    State(state): State<AppState>,
    page: PageContext,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let input = SignUp {
        name: form.text("name").unwrap_or_default(),
        email: form.text("email").unwrap_or_default(),
        password: form.raw("password").unwrap_or_default(),
        invitation: form.text("invitation"),
    };
    let (name, email, invitation) = (
        input.name.clone(),
        input.email.clone(),
        input.invitation.clone().unwrap_or_default(),
    );
    let password = input.password.clone();
    match service::sign_up(&state.db, input).await {
        Ok(_) => {
            let session = service::log_in(
                &state.db,
                Credentials {
                    email: email.clone(),
                    password,
                },
            )
            .await?;
            let mut response = redirect_with_notice(
                "/settings/profile",
                "Welcome to Grove! Tell people about yourself.",
            )
            .into_response();
            response
                .headers_mut()
                .append(header::SET_COOKIE, session_cookie(&state, &session.secret));
            Ok(response)
        }
        Err(err @ (AppError::Invalid { .. } | AppError::Forbidden(_))) => {
            let mode = service::signup_mode(&state.db).await?;
            let status = err.status();
            let html = SignupPage {
                page,
                mode,
                name,
                email,
                invitation,
                error: Some(err),
            }
            .render()
            .map_err(anyhow::Error::from)?;
            Ok((status, Html(html)).into_response())
        }
        Err(err) => Err(err),
    }
}

#[derive(Template)]
#[template(path = "auth/templates/tokens.html")]
struct TokensPage {
    page: PageContext,
    tokens: Vec<AccessToken>,
    new_secret: Option<String>,
    error: Option<AppError>,
}

async fn tokens_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
) -> AppResult<Response> {
    let tokens = service::tokens(&state.db, &viewer).await?;
    Ok(Html(
        TokensPage {
            page,
            tokens,
            new_secret: None,
            error: None,
        }
        .render()
        .map_err(anyhow::Error::from)?,
    )
    .into_response())
}

async fn token_create_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let result =
        service::create_token(&state.db, &viewer, &form.text("name").unwrap_or_default()).await;
    let tokens = service::tokens(&state.db, &viewer).await?;
    let (status, html) = match result {
        Ok((_, secret)) => (
            StatusCode::OK,
            TokensPage {
                page,
                tokens,
                new_secret: Some(secret),
                error: None,
            },
        ),
        Err(err @ AppError::Invalid { .. }) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            TokensPage {
                page,
                tokens,
                new_secret: None,
                error: Some(err),
            },
        ),
        Err(err) => return Err(err),
    };
    Ok((status, Html(html.render().map_err(anyhow::Error::from)?)).into_response())
}

async fn token_revoke_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    service::revoke_token(&state.db, &viewer, id).await?;
    Ok(redirect_with_notice("/settings/tokens", "Token revoked").into_response())
}

// ---- JSON API ----

/// The signed-in member and the token to send as `X-CSRF-Token` with cookie-authenticated writes.
#[derive(Serialize, ToSchema)]
pub struct SessionInfo {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// Null when authenticated by access token (no CSRF token needed).
    pub csrf_token: Option<String>,
}

impl From<Viewer> for SessionInfo {
    fn from(v: Viewer) -> Self {
        SessionInfo {
            id: v.id,
            name: v.name,
            role: v.role,
            csrf_token: v.csrf_token,
        }
    }
}

/// Sign in; sets the session cookie.
#[utoipa::path(post, path = "/session", tag = "auth", request_body = Credentials,
    responses((status = 200, body = SessionInfo), (status = 422, body = ErrorBody), (status = 429, body = ErrorBody)))]
async fn api_log_in(
    State(state): State<AppState>,
    ApiJson(credentials): ApiJson<Credentials>,
) -> AppResult<Response> {
    let session = service::log_in(&state.db, credentials).await?;
    let mut response = Json(SessionInfo::from(session.viewer)).into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, session_cookie(&state, &session.secret));
    Ok(response)
}

/// Sign out of this session.
#[utoipa::path(delete, path = "/session", tag = "auth", responses((status = 204)))]
async fn api_log_out(State(state): State<AppState>, headers: HeaderMap) -> AppResult<Response> {
    if let Some(secret) = cookie(&headers, SESSION_COOKIE) {
        service::log_out(&state.db, secret).await?;
    }
    let mut response = StatusCode::NO_CONTENT.into_response();
    response
        .headers_mut()
        .append(header::SET_COOKIE, cleared_session_cookie(&state));
    Ok(response)
}

#[derive(Serialize, ToSchema)]
pub struct Created {
    pub id: i64,
}

/// Create an account (the first one becomes admin; then by invitation or open sign-up domain).
#[utoipa::path(post, path = "/accounts", tag = "auth", request_body = SignUp,
    responses((status = 201, body = Created), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_sign_up(
    State(state): State<AppState>,
    ApiJson(input): ApiJson<SignUp>,
) -> AppResult<(StatusCode, Json<Created>)> {
    let id = service::sign_up(&state.db, input).await?;
    Ok((StatusCode::CREATED, Json(Created { id })))
}

/// Who am I.
#[utoipa::path(get, path = "/me", tag = "auth", responses((status = 200, body = SessionInfo), (status = 401, body = ErrorBody)))]
async fn api_me(viewer: Viewer) -> Json<SessionInfo> {
    Json(viewer.into())
}

/// My personal access tokens.
#[utoipa::path(get, path = "/me/tokens", tag = "auth", responses((status = 200, body = Vec<AccessToken>)))]
async fn api_tokens(
    State(state): State<AppState>,
    viewer: Viewer,
) -> AppResult<Json<Vec<AccessToken>>> {
    Ok(Json(service::tokens(&state.db, &viewer).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct NewToken {
    pub name: String,
}

/// The token with its secret, shown this once.
#[derive(Serialize, ToSchema)]
pub struct CreatedToken {
    #[serde(flatten)]
    pub token: AccessToken,
    pub secret: String,
}

/// Create a personal access token.
#[utoipa::path(post, path = "/me/tokens", tag = "auth", request_body = NewToken,
    responses((status = 201, body = CreatedToken), (status = 422, body = ErrorBody)))]
async fn api_create_token(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiJson(input): ApiJson<NewToken>,
) -> AppResult<(StatusCode, Json<CreatedToken>)> {
    let (token, secret) = service::create_token(&state.db, &viewer, &input.name).await?;
    Ok((StatusCode::CREATED, Json(CreatedToken { token, secret })))
}

/// Revoke one of my tokens.
#[utoipa::path(delete, path = "/me/tokens/{id}", tag = "auth", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn api_revoke_token(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    service::revoke_token(&state.db, &viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Invitations sent (admins).
#[utoipa::path(get, path = "/invitations", tag = "auth", responses((status = 200, body = Vec<Invitation>), (status = 403, body = ErrorBody)))]
async fn api_invitations(
    State(state): State<AppState>,
    viewer: Viewer,
) -> AppResult<Json<Vec<Invitation>>> {
    Ok(Json(service::invitations(&state.db, &viewer).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct NewInvitation {
    pub email: String,
    #[serde(default = "default_role")]
    pub role: Role,
}

fn default_role() -> Role {
    Role::Member
}

#[derive(Serialize, ToSchema)]
pub struct CreatedInvitation {
    #[serde(flatten)]
    pub invitation: Invitation,
    /// The path of the link to send, e.g. `/invite/3f2a...`; shown this once.
    pub link: String,
}

/// Invite someone by e-mail (admins).
#[utoipa::path(post, path = "/invitations", tag = "auth", request_body = NewInvitation,
    responses((status = 201, body = CreatedInvitation), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_invite(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiJson(input): ApiJson<NewInvitation>,
) -> AppResult<(StatusCode, Json<CreatedInvitation>)> {
    let (invitation, secret) =
        service::invite(&state.db, &viewer, &input.email, input.role).await?;
    Ok((
        StatusCode::CREATED,
        Json(CreatedInvitation {
            invitation,
            link: format!("/invite/{secret}"),
        }),
    ))
}
