//! HTTP handlers for suggestions, experts and network health (HTML and JSON).

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use utoipa::IntoParams;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::*;
use super::service;
use crate::AppResult;
use crate::auth::model::Viewer;
use crate::web::AppState;
use crate::web::error::ErrorBody;
use crate::web::extract::{FormFields, QueryFields};
use crate::web::page::{PageContext, redirect_with_notice};

pub fn pages() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/suggestions/{id}/dismiss", post(dismiss_submit))
        .route("/experts", get(experts_page))
        .route("/admin/network", get(health_page))
        .route("/admin/network.csv", get(health_csv))
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_suggestions))
        .routes(routes!(api_dismiss))
        .routes(routes!(api_experts))
        .routes(routes!(api_health))
}

async fn dismiss_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    service::dismiss(&state, &viewer, id).await?;
    let back = form
        .text("back")
        .filter(|b| b.starts_with('/') && !b.starts_with("//"))
        .unwrap_or_else(|| "/".into());
    Ok(redirect_with_notice(&back, "Suggestion dismissed").into_response())
}

#[derive(Template)]
#[template(path = "network/templates/experts.html")]
struct ExpertsPage {
    page: PageContext,
    topic: String,
    result: Option<ExpertSearch>,
}

async fn experts_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    QueryFields(q): QueryFields,
) -> AppResult<Response> {
    let topic = q.text("topic").unwrap_or_default();
    let result = if topic.is_empty() {
        None
    } else {
        Some(service::find_experts(&state, &viewer, &topic, 20).await?)
    };
    Ok(Html(
        ExpertsPage {
            page,
            topic,
            result,
        }
        .render()
        .map_err(anyhow::Error::from)?,
    )
    .into_response())
}

#[derive(Template)]
#[template(path = "network/templates/health.html")]
struct HealthPage {
    page: PageContext,
    report: std::sync::Arc<NetworkHealth>,
    /// Ties between the most connected pair of departments (at least 1), the heat map's top.
    busiest_pair: f64,
}

impl HealthPage {
    /// A cell's share of the busiest pair of departments, 0..1 on a square-root scale so small
    /// counts stay visible.
    fn intensity(&self, ties: &Option<u64>) -> Option<f64> {
        ties.map(|t| (t as f64 / self.busiest_pair).sqrt())
    }

    /// The heat-map cell colour: darker green for more ties, grey where suppressed.
    fn cell_fill(&self, ties: &Option<u64>) -> String {
        match self.intensity(ties) {
            None => "#e5e5e5".into(),
            Some(x) => format!("hsl(152, 56%, {:.0}%)", 96.0 - 70.0 * x),
        }
    }

    fn text_fill(&self, ties: &Option<u64>) -> &'static str {
        if self.intensity(ties).is_some_and(|x| x > 0.55) {
            "#ffffff"
        } else {
            "#1c2421"
        }
    }

    /// E-I bar: x and width on a 0..400 axis where 200 is zero.
    fn ei_bar(&self, ei: &Option<f64>) -> (f64, f64) {
        let v = ei.unwrap_or(0.0).clamp(-1.0, 1.0);
        if v < 0.0 {
            (200.0 + v * 200.0, -v * 200.0)
        } else {
            (200.0, v * 200.0)
        }
    }
    fn fmt(&self, v: &Option<f64>) -> String {
        v.map(|x| format!("{x:+.2}")).unwrap_or_else(|| "—".into())
    }
}

async fn health_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
) -> AppResult<Response> {
    let report = service::health(&state, &viewer).await?;
    let busiest_pair = report
        .matrix_ties
        .iter()
        .flatten()
        .flatten()
        .copied()
        .max()
        .unwrap_or(1)
        .max(1) as f64;
    Ok(Html(
        HealthPage {
            page,
            report,
            busiest_pair,
        }
        .render()
        .map_err(anyhow::Error::from)?,
    )
    .into_response())
}

async fn health_csv(State(state): State<AppState>, viewer: Viewer) -> AppResult<Response> {
    let report = service::health(&state, &viewer).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"network-health.csv\"",
            ),
        ],
        service::health_csv(&report),
    )
        .into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct SuggestionParams {
    /// How many (1-50, default 10).
    limit: Option<i64>,
}

/// People you may want to know, with reasons.
#[utoipa::path(get, path = "/suggestions/people", tag = "network", params(SuggestionParams),
    responses((status = 200, body = Vec<RankedMember>), (status = 422, body = ErrorBody)))]
async fn api_suggestions(
    State(state): State<AppState>,
    viewer: Viewer,
    QueryFields(q): QueryFields,
) -> AppResult<Json<Vec<RankedMember>>> {
    let limit = q.int("limit")?.unwrap_or(10);
    if !(1..=50).contains(&limit) {
        return Err(crate::AppError::invalid("limit", "limit is 1 to 50"));
    }
    Ok(Json(
        service::suggest_people(&state, &viewer, limit as usize).await?,
    ))
}

/// Dismiss a suggestion; that member is not suggested to you again.
#[utoipa::path(post, path = "/suggestions/people/{id}/dismiss", tag = "network", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn api_dismiss(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    service::dismiss(&state, &viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct ExpertParams {
    /// A skill from the taxonomy (synonyms resolve).
    topic: String,
}

/// Find an expert on a topic, ranked by evidence and closeness to you.
#[utoipa::path(get, path = "/experts", tag = "network", params(ExpertParams),
    responses((status = 200, body = ExpertSearch), (status = 422, body = ErrorBody)))]
async fn api_experts(
    State(state): State<AppState>,
    viewer: Viewer,
    QueryFields(q): QueryFields,
) -> AppResult<Json<ExpertSearch>> {
    Ok(Json(
        service::find_experts(&state, &viewer, &q.text("topic").unwrap_or_default(), 20).await?,
    ))
}

/// Network health (admins): aggregates only, small groups suppressed.
#[utoipa::path(get, path = "/network/health", tag = "network",
    responses((status = 200, body = NetworkHealth), (status = 403, body = ErrorBody)))]
async fn api_health(
    State(state): State<AppState>,
    viewer: Viewer,
) -> AppResult<Json<NetworkHealth>> {
    Ok(Json(
        service::health(&state, &viewer).await?.as_ref().clone(),
    ))
}
