//! Who is asking: a session cookie (stored hashed in the database, so any server process can
//! read it) or a personal access token in `Authorization: Bearer`.

use axum::extract::{FromRequestParts, Request, State};
use axum::http::header;
use axum::http::request::Parts;
use axum::middleware::Next;
use axum::response::Response;

use super::AppState;
use crate::AppError;
use crate::auth::model::{Role, Viewer};

pub const SESSION_COOKIE: &str = "grove_session";
pub const CSRF_COOKIE: &str = "grove_csrf";

/// Reads a cookie from the request headers.
pub fn cookie<'a>(parts: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    parts
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Resolves the viewer once per request and stores `Option<Viewer>` in the extensions.
pub async fn load_viewer(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let headers = request.headers();
    let bearer = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::to_string);
    let session = cookie(headers, SESSION_COOKIE).map(str::to_string);
    let viewer = match (bearer, session) {
        (Some(token), _) => {
            match crate::auth::service::viewer_from_token(&state.db, &token).await {
                Ok(Some(v)) => Some(v),
                Ok(None) => {
                    return AppError::Unauthorized
                        .into_response_with("invalid or revoked access token");
                }
                Err(err) => return axum::response::IntoResponse::into_response(err),
            }
        }
        (None, Some(id)) => match crate::auth::service::viewer_from_session(&state.db, &id).await {
            Ok(v) => v,
            Err(err) => return axum::response::IntoResponse::into_response(err),
        },
        (None, None) => None,
    };
    request.extensions_mut().insert(viewer);
    next.run(request).await
}

impl AppError {
    fn into_response_with(self, message: &str) -> Response {
        use axum::response::IntoResponse;
        let mut response = self.into_response();
        *response.body_mut() = axum::body::Body::from(
            serde_json::json!({"error": {"code": "unauthorized", "message": message}}).to_string(),
        );
        response
    }
}

/// The signed-in member; handlers that take it refuse anonymous requests (401, or a redirect to
/// the sign-in page for HTML).
impl<S: Send + Sync> FromRequestParts<S> for Viewer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        parts
            .extensions
            .get::<Option<Viewer>>()
            .cloned()
            .flatten()
            .ok_or(AppError::Unauthorized)
    }
}

/// The viewer if signed in.
pub struct MaybeViewer(pub Option<Viewer>);

impl<S: Send + Sync> FromRequestParts<S> for MaybeViewer {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        Ok(MaybeViewer(
            parts.extensions.get::<Option<Viewer>>().cloned().flatten(),
        ))
    }
}

/// An admin; anyone else is refused with 403.
pub struct Admin(pub Viewer);

impl<S: Send + Sync> FromRequestParts<S> for Admin {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let viewer = Viewer::from_request_parts(parts, state).await?;
        if viewer.role == Role::Admin {
            Ok(Admin(viewer))
        } else {
            Err(AppError::forbidden("only organization admins can do this"))
        }
    }
}

/// Builds a `Set-Cookie` value with the attributes every Grove cookie carries.
pub fn set_cookie(
    name: &str,
    value: &str,
    max_age_secs: i64,
    secure: bool,
    http_only: bool,
) -> String {
    let mut cookie = format!("{name}={value}; Path=/; Max-Age={max_age_secs}; SameSite=Lax");
    if http_only {
        cookie.push_str("; HttpOnly");
    }
    if secure {
        cookie.push_str("; Secure");
    }
    cookie
}
