//! HTTP handlers for recognition (HTML and JSON): kudos, a member's recognition, leaderboards.
//! Every rule, including who may see what, lives in the service; a refused form comes back with
//! the message beside the field and what was typed.

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
use super::service;
use crate::auth::model::Viewer;
use crate::web::AppState;
use crate::web::error::ErrorBody;
use crate::web::extract::{ApiJson, Fields, FormFields, QueryFields};
use crate::web::page::{PageContext, encode, redirect_with_notice};
use crate::{AppError, AppResult};

pub fn pages() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/kudos", get(kudos_page).post(kudos_submit))
        .route("/people/{id}/recognition", get(recognition_page))
        .route("/leaderboard", get(leaderboard_page))
        .route("/leaderboard/visibility", post(visibility_submit))
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_kudos, api_give))
        .routes(routes!(api_recognition))
        .routes(routes!(api_leaderboard))
        .routes(routes!(api_set_leaderboard))
}

fn render(t: impl Template) -> AppResult<Html<String>> {
    Ok(Html(t.render().map_err(anyhow::Error::from)?))
}

// ---- HTML: kudos ----

#[derive(Template)]
#[template(path = "recognition/templates/kudos.html")]
struct KudosPage {
    page: PageContext,
    values: Vec<ValueRef>,
    /// The value the list is filtered by.
    value_filter: Option<i64>,
    list: KudosList,
    /// What the give form holds (typed, or prefilled).
    form: Fields,
    /// The recipient already chosen (`?to=ID`, or a choice made).
    to: Option<PersonRef>,
    /// Members whose name matches what was typed, to choose from.
    choices: Vec<PersonRef>,
    error: Option<AppError>,
}

impl KudosPage {
    fn v(&self, name: &str) -> String {
        self.form.raw(name).unwrap_or_default()
    }

    fn field_error(&self, field: &str) -> Option<String> {
        self.error
            .as_ref()
            .filter(|e| e.field() == Some(field))
            .map(|e| e.user_message())
    }

    /// The error summary's link target.
    fn error_anchor(&self) -> String {
        match self.error.as_ref().and_then(|e| e.field()) {
            Some("to_id") | Some("recipient") => "kudos-recipient".into(),
            Some(field) => format!("kudos-{field}"),
            None => "give".into(),
        }
    }

    fn value_chosen(&self, id: &i64) -> bool {
        self.form.text("value_id") == Some(id.to_string())
    }

    fn is_filter(&self, id: &i64) -> bool {
        self.value_filter == Some(*id)
    }

    fn page_link(&self, n: i64) -> String {
        match self.value_filter {
            Some(v) => format!("/kudos?value={v}&page={n}"),
            None => format!("/kudos?page={n}"),
        }
    }
}

async fn show_kudos(
    state: &AppState,
    viewer: &Viewer,
    page: PageContext,
    q: &Fields,
    form: Fields,
    error: Option<AppError>,
) -> AppResult<Response> {
    let value_filter = q.int("value")?;
    let query = KudosQuery::new(value_filter, None, None, q.int("page")?, None)?;
    let list = service::list(&state.db, viewer, &query).await?;
    let values = service::values(&state.db).await?;
    let mut error = error;
    let mut to = None;
    if let Some(id) = form.int("to_id").ok().flatten() {
        match service::recipient(&state.db, viewer, id).await {
            Ok(person) => to = Some(person),
            Err(e @ AppError::Invalid { .. }) => {
                error.get_or_insert(e);
            }
            Err(e) => return Err(e),
        }
    }
    let choices = match (&to, form.text("recipient")) {
        (None, Some(typed)) => service::find_recipients(&state.db, viewer, &typed)
            .await
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    let status = error
        .as_ref()
        .map(AppError::status)
        .unwrap_or(StatusCode::OK);
    let html = render(KudosPage {
        page,
        values,
        value_filter,
        list,
        form,
        to,
        choices,
        error,
    })?;
    Ok((status, html).into_response())
}

/// Recent kudos, and the form to give one: `?to=ID` chooses the recipient, `?recipient=words`
/// lists the members whose name matches.
async fn kudos_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    QueryFields(q): QueryFields,
) -> AppResult<Response> {
    let mut pairs = Vec::new();
    if let Some(to) = q.text("to") {
        pairs.push(("to_id".to_string(), to));
    }
    if let Some(typed) = q.text("recipient") {
        pairs.push(("recipient".to_string(), typed));
    }
    show_kudos(&state, &viewer, page, &q, Fields::new(pairs), None).await
}

/// The recipient of a kudos typed into the form: the member chosen (`to_id`), or the one member
/// whose name contains what was typed (`recipient`).
async fn chosen_recipient(state: &AppState, viewer: &Viewer, form: &Fields) -> AppResult<i64> {
    if let Some(id) = form.int("to_id")? {
        return Ok(id);
    }
    let Some(typed) = form.text("recipient") else {
        return Err(AppError::invalid(
            "recipient",
            "choose who you thank: type part of their name",
        ));
    };
    let found = service::find_recipients(&state.db, viewer, &typed).await?;
    match found.as_slice() {
        [one] => Ok(one.id),
        [] => Err(AppError::invalid(
            "recipient",
            format!("no active member's name contains “{typed}”"),
        )),
        many => Err(AppError::invalid(
            "recipient",
            format!("{} members match “{typed}”: choose one below", many.len()),
        )),
    }
}

async fn kudos_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let result = async {
        let to_id = chosen_recipient(&state, &viewer, &form).await?;
        let Some(value_id) = form.int("value_id")? else {
            return Err(AppError::invalid(
                "value_id",
                "choose one of the organization's values",
            ));
        };
        let input = KudosInput {
            to_id,
            value_id,
            message: form.raw("message").unwrap_or_default(),
            post_id: form.int("post_id")?,
        };
        service::give(&state.db, &viewer, &input).await
    }
    .await;
    match result {
        Ok(kudos) => Ok(redirect_with_notice(
            "/kudos",
            &format!("Kudos sent to {}", kudos.to.name),
        )
        .into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            show_kudos(&state, &viewer, page, &Fields::default(), form, Some(e)).await
        }
        Err(e) => Err(e),
    }
}

// ---- HTML: a member's recognition ----

#[derive(Template)]
#[template(path = "recognition/templates/member.html")]
struct MemberPage {
    page: PageContext,
    recognition: Recognition,
}

impl MemberPage {
    fn is_me(&self) -> bool {
        self.recognition.member.id == self.page.viewer_id()
    }
}

async fn recognition_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let recognition = service::recognition(&state.db, &viewer, id).await?;
    Ok(render(MemberPage { page, recognition })?.into_response())
}

// ---- HTML: leaderboards ----

#[derive(Template)]
#[template(path = "recognition/templates/leaderboard.html")]
struct LeaderboardPage {
    page: PageContext,
    board: Leaderboard,
    /// The query string of this board, to come back to it after the toggle.
    back: String,
}

impl LeaderboardPage {
    fn periods(&self) -> [Period; 4] {
        Period::ALL
    }

    fn period_link(&self, period: &Period) -> String {
        let mut link = format!("/leaderboard?period={}", period.as_str());
        if let Some(c) = &self.board.community {
            link.push_str(&format!("&community={}", c.id));
        }
        if let Some(t) = &self.board.tag {
            link.push_str(&format!("&tag={}", encode(t)));
        }
        link
    }

    fn tag_value(&self) -> String {
        self.board.tag.clone().unwrap_or_default()
    }
}

fn leaderboard_query(q: &Fields) -> AppResult<LeaderboardQuery> {
    LeaderboardQuery::new(
        q.text("period").as_deref(),
        q.int("community")?,
        q.text("tag").as_deref(),
    )
}

async fn leaderboard_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    QueryFields(q): QueryFields,
) -> AppResult<Response> {
    let query = leaderboard_query(&q)?;
    let board = service::leaderboard(&state.db, &viewer, &query).await?;
    let mut back = format!("period={}", board.period.as_str());
    if let Some(c) = &board.community {
        back.push_str(&format!("&community={}", c.id));
    }
    if let Some(t) = &board.tag {
        back.push_str(&format!("&tag={}", encode(t)));
    }
    Ok(render(LeaderboardPage { page, board, back })?.into_response())
}

async fn visibility_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let opt_out = form.flag("opt_out");
    service::set_leaderboard_opt_out(&state.db, &viewer, opt_out).await?;
    // Back to the board it was set from; only a query string of our own making is followed.
    let back = form
        .text("back")
        .filter(|b| {
            b.bytes()
                .all(|c| c.is_ascii_alphanumeric() || b"=&%-_.".contains(&c))
        })
        .unwrap_or_default();
    let notice = if opt_out {
        "You are hidden from leaderboards; you still earn points and badges"
    } else {
        "You are shown on leaderboards again"
    };
    let to = if back.is_empty() {
        "/leaderboard".to_string()
    } else {
        format!("/leaderboard?{back}")
    };
    Ok(redirect_with_notice(&to, notice).into_response())
}

// ---- JSON API ----

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Documents the query; the handler reads it through QueryFields.
struct KudosParams {
    /// Only kudos for this value.
    value: Option<i64>,
    /// Only kudos received by this member.
    to: Option<i64>,
    /// Only kudos given by this member.
    from: Option<i64>,
    /// From 1.
    page: Option<i64>,
    /// 1 to 100, default 30.
    per_page: Option<i64>,
}

/// Kudos across the organization, newest first. A kudos about a private community's post is
/// listed only for that community's members.
#[utoipa::path(get, path = "/kudos", tag = "recognition", params(KudosParams),
    responses((status = 200, body = KudosList), (status = 422, body = ErrorBody)))]
async fn api_kudos(
    State(state): State<AppState>,
    viewer: Viewer,
    QueryFields(q): QueryFields,
) -> AppResult<Json<KudosList>> {
    let query = KudosQuery::new(
        q.int("value")?,
        q.int("to")?,
        q.int("from")?,
        q.int("page")?,
        q.int("per_page")?,
    )?;
    Ok(Json(service::list(&state.db, &viewer, &query).await?))
}

/// Give kudos: thank another active member publicly, for one of the organization's values,
/// optionally about a post. They are notified.
#[utoipa::path(post, path = "/kudos", tag = "recognition", request_body = KudosInput,
    responses((status = 201, body = Kudos), (status = 422, body = ErrorBody)))]
async fn api_give(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiJson(input): ApiJson<KudosInput>,
) -> AppResult<(StatusCode, Json<Kudos>)> {
    let kudos = service::give(&state.db, &viewer, &input).await?;
    Ok((StatusCode::CREATED, Json(kudos)))
}

/// A member's recognition: reputation with its breakdown, badges, kudos received. Counts only
/// content you may see.
#[utoipa::path(get, path = "/members/{id}/recognition", tag = "recognition",
    params(("id" = i64, Path, description = "The member's id")),
    responses((status = 200, body = Recognition), (status = 404, body = ErrorBody)))]
async fn api_recognition(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Json<Recognition>> {
    Ok(Json(service::recognition(&state.db, &viewer, id).await?))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct LeaderboardParams {
    /// `week`, `month` (default), `year` or `all`: the current calendar period, in UTC.
    period: Option<String>,
    /// One community's board (a private community's: for its members only).
    community: Option<i64>,
    /// One tag's board.
    tag: Option<String>,
}

/// The top 20 members by points. Organization-wide and per-tag boards count no private
/// community's content; members who opted out never appear.
#[utoipa::path(get, path = "/leaderboard", tag = "recognition", params(LeaderboardParams),
    responses((status = 200, body = Leaderboard), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_leaderboard(
    State(state): State<AppState>,
    viewer: Viewer,
    QueryFields(q): QueryFields,
) -> AppResult<Json<Leaderboard>> {
    let query = leaderboard_query(&q)?;
    Ok(Json(
        service::leaderboard(&state.db, &viewer, &query).await?,
    ))
}

/// Hide yourself from leaderboards (`opt_out: true`) or show yourself again. You keep earning
/// points and badges either way.
#[utoipa::path(put, path = "/me/leaderboard", tag = "recognition", request_body = LeaderboardSetting,
    responses((status = 200, body = LeaderboardSetting), (status = 422, body = ErrorBody)))]
async fn api_set_leaderboard(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiJson(input): ApiJson<LeaderboardSetting>,
) -> AppResult<Json<LeaderboardSetting>> {
    Ok(Json(
        service::set_leaderboard_opt_out(&state.db, &viewer, input.opt_out).await?,
    ))
}
