//! CSRF protection for every state-changing request made with a session cookie. A signed-in
//! member's token is stored with their session; before sign-in a random cookie is echoed by the
//! form (double submit). Requests with an access token carry no ambient credential and skip it.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::session::{CSRF_COOKIE, cookie, set_cookie};
use crate::AppError;
use crate::auth::model::Viewer;

pub const CSRF_FIELD: &str = "csrf_token";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// The token pages embed in their forms when nobody is signed in.
#[derive(Clone)]
pub struct AnonymousCsrf(pub String);

pub async fn protect(request: Request, next: Next) -> Response {
    let viewer = request
        .extensions()
        .get::<Option<Viewer>>()
        .cloned()
        .flatten();
    let by_token = request.headers().contains_key(header::AUTHORIZATION);
    let anon_cookie = cookie(request.headers(), CSRF_COOKIE).map(str::to_string);
    let safe = matches!(
        *request.method(),
        Method::GET | Method::HEAD | Method::OPTIONS
    );

    // An anonymous JSON request carries no ambient credential, and browsers cannot send one
    // cross-site without a CORS preflight, which Grove never grants.
    let anonymous_json = viewer.is_none()
        && request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("application/json"));
    if !safe && !by_token && !anonymous_json {
        let expected = match &viewer {
            Some(v) => v.csrf_token.clone(),
            None => anon_cookie.clone(),
        };
        let (request_checked, provided) = match provided_token(request).await {
            Ok(x) => x,
            Err(response) => return response,
        };
        let ok = matches!((&expected, &provided), (Some(e), Some(p)) if constant_time_eq(e, p));
        if !ok {
            return AppError::forbidden(
                "the form expired or did not come from Grove (missing or wrong CSRF token); reload the page and try again",
            )
            .into_response();
        }
        return next.run(request_checked).await;
    }

    let mut request = request;
    let new_cookie = if viewer.is_none() && anon_cookie.is_none() {
        Some(crate::auth::token::random_token())
    } else {
        None
    };
    if let Some(token) = anon_cookie.clone().or_else(|| new_cookie.clone()) {
        request.extensions_mut().insert(AnonymousCsrf(token));
    }
    let mut response = next.run(request).await;
    if let Some(token) = new_cookie
        && let Ok(value) =
            HeaderValue::from_str(&set_cookie(CSRF_COOKIE, &token, 60 * 60 * 24, false, true))
    {
        response.headers_mut().append(header::SET_COOKIE, value);
    }
    response
}

/// Finds the token in the header or, for a urlencoded form, in its `csrf_token` field; the body
/// is read and put back so the handler still sees it.
async fn provided_token(request: Request) -> Result<(Request, Option<String>), Response> {
    if let Some(value) = request
        .headers()
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
    {
        let token = value.to_string();
        return Ok((request, Some(token)));
    }
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Ok((request, None));
    }
    let (parts, body) = request.into_parts();
    let bytes = to_bytes(body, 2 * 1024 * 1024)
        .await
        .map_err(|_| AppError::invalid("body", "the form is too large").into_response())?;
    let token = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .ok()
        .and_then(|pairs| {
            pairs
                .into_iter()
                .find(|(k, _)| k == CSRF_FIELD)
                .map(|(_, v)| v)
        });
    Ok((Request::from_parts(parts, Body::from(bytes)), token))
}

fn constant_time_eq(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}
