//! How an [`AppError`] reaches the user: JSON `{"error": {"code", "message", "field"}}` for the
//! API, an error page (or a redirect to sign in) for the HTML pages.

use askama::Template;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Serialize;
use utoipa::ToSchema;

use super::page::PageContext;
use crate::AppError;

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden(_) => StatusCode::FORBIDDEN,
            AppError::Invalid { .. } => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) => StatusCode::CONFLICT,
            AppError::TooManyRequests(_) => StatusCode::TOO_MANY_REQUESTS,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

/// The JSON body of every API error.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    /// not_found, unauthorized, forbidden, invalid, conflict, too_many_requests, internal
    pub code: &'static str,
    pub message: String,
    /// The input field at fault, for `invalid`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
}

/// Marks a response as an error so HTML routes can turn it into a page.
#[derive(Clone)]
struct RenderedError {
    message: String,
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(err) = &self {
            tracing::error!("internal error: {err:#}");
        }
        let status = self.status();
        let message = self.user_message();
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code(),
                message: message.clone(),
                field: self.field().map(str::to_string),
            },
        };
        let mut response = (status, axum::Json(body)).into_response();
        response.extensions_mut().insert(RenderedError { message });
        response
    }
}

#[derive(Template)]
#[template(path = "web/templates/error.html")]
struct ErrorPage {
    page: PageContext,
    status: u16,
    title: &'static str,
    message: String,
}

/// On HTML routes, replaces JSON error bodies with an error page; 401 becomes a sign-in redirect.
pub async fn html_errors(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let page = PageContext::from_request(&request);
    let response = next.run(request).await;
    let Some(error) = response.extensions().get::<RenderedError>().cloned() else {
        return response;
    };
    let status = response.status();
    if status == StatusCode::UNAUTHORIZED {
        return Redirect::to(&format!("/login?next={}", crate::web::page::encode(&path)))
            .into_response();
    }
    let title = match status {
        StatusCode::NOT_FOUND => "Not found",
        StatusCode::FORBIDDEN => "Not allowed",
        StatusCode::CONFLICT => "Conflict",
        StatusCode::TOO_MANY_REQUESTS => "Too many attempts",
        StatusCode::UNPROCESSABLE_ENTITY => "Please check your input",
        _ => "Something went wrong",
    };
    let html = ErrorPage {
        page,
        status: status.as_u16(),
        title,
        message: error.message,
    }
    .render()
    .unwrap_or_else(|_| "error".to_string());
    let mut out = (status, Html(html)).into_response();
    out.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    out
}
