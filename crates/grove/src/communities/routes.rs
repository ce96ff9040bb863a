//! HTTP handlers for communities (HTML and JSON). Every rule, including who may see what, lives
//! in the service; a refused form comes back with the message beside the field.

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
use super::service::{self, MEMBERS_PER_PAGE};
use crate::auth::model::Viewer;
use crate::web::AppState;
use crate::web::error::ErrorBody;
use crate::web::extract::{ApiJson, Fields, FormFields, QueryFields};
use crate::web::page::{PageContext, encode, redirect_with_notice};
use crate::{AppError, AppResult};

pub fn pages() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/communities", get(list_page))
        .route("/communities/new", get(new_page).post(new_submit))
        .route("/communities/{key}", get(community_page))
        .route("/communities/{key}/edit", get(edit_page).post(edit_submit))
        .route("/communities/{key}/delete", post(delete_submit))
        .route("/communities/{key}/join", post(join_submit))
        .route("/communities/{key}/request", post(request_submit))
        .route("/communities/{key}/leave", post(leave_submit))
        .route("/communities/{key}/dismiss", post(dismiss_submit))
        .route(
            "/communities/{key}/requests/{request}/approve",
            post(approve_submit),
        )
        .route(
            "/communities/{key}/requests/{request}/decline",
            post(decline_submit),
        )
        .route("/communities/{key}/invitations", post(invite_submit))
        .route(
            "/communities/{key}/invitations/accept",
            post(accept_invitation_submit),
        )
        .route(
            "/communities/{key}/invitations/decline",
            post(decline_invitation_submit),
        )
        .route("/communities/{key}/members/{user}/role", post(role_submit))
        .route(
            "/communities/{key}/members/{user}/remove",
            post(remove_submit),
        )
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_list, api_create))
        .routes(routes!(api_suggested))
        .routes(routes!(api_dismiss))
        .routes(routes!(api_invitations))
        .routes(routes!(api_community, api_update, api_delete))
        .routes(routes!(api_join))
        .routes(routes!(api_leave))
        .routes(routes!(api_requests, api_request))
        .routes(routes!(api_approve))
        .routes(routes!(api_decline))
        .routes(routes!(api_invite))
        .routes(routes!(api_accept_invitation))
        .routes(routes!(api_decline_invitation))
        .routes(routes!(api_members))
        .routes(routes!(api_set_role))
        .routes(routes!(api_remove))
}

fn render(t: impl Template) -> AppResult<Html<String>> {
    Ok(Html(t.render().map_err(anyhow::Error::from)?))
}

fn page_link(key: &str) -> String {
    format!("/communities/{}", encode(key))
}

// ---- HTML: the list ----

#[derive(Template)]
#[template(path = "communities/templates/list.html")]
struct ListPage {
    page: PageContext,
    query: ListQuery,
    list: CommunityList,
    invitations: Vec<Invitation>,
    suggestions: Vec<SuggestedCommunity>,
}

impl ListPage {
    fn is_mine(&self) -> bool {
        self.query.filter == ListFilter::Mine
    }

    fn page_link(&self, n: i64) -> String {
        format!(
            "/communities?filter={}&q={}&page={n}",
            self.query.filter.as_str(),
            encode(&self.query.q)
        )
    }
}

fn list_query(q: &Fields) -> AppResult<ListQuery> {
    ListQuery::new(
        q.text("filter").as_deref(),
        q.text("q").as_deref(),
        q.int("page")?,
        q.int("per_page")?,
    )
}

async fn list_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    QueryFields(q): QueryFields,
) -> AppResult<Response> {
    let query = list_query(&q)?;
    let list = service::list(&state.db, &viewer, &query).await?;
    let invitations = service::invitations(&state.db, &viewer).await?;
    let suggestions = service::suggest(&state, &viewer, 5).await?;
    Ok(render(ListPage {
        page,
        query,
        list,
        invitations,
        suggestions,
    })?
    .into_response())
}

// ---- HTML: new and edit ----

#[derive(Template)]
#[template(path = "communities/templates/form.html")]
struct FormPage {
    page: PageContext,
    /// The community being edited: (slug, name); None for a new one.
    editing: Option<(String, String)>,
    form: Fields,
    error: Option<AppError>,
}

impl FormPage {
    fn v(&self, name: &str) -> String {
        self.form.raw(name).unwrap_or_default()
    }

    fn field_error(&self, field: &str) -> Option<String> {
        self.error
            .as_ref()
            .filter(|e| e.field() == Some(field))
            .map(|e| e.user_message())
    }

    fn action(&self) -> String {
        match &self.editing {
            Some((slug, _)) => format!("/communities/{slug}/edit"),
            None => "/communities/new".into(),
        }
    }

    fn visibilities(&self) -> [Visibility; 3] {
        Visibility::ALL
    }

    fn checked(&self, v: &Visibility) -> bool {
        self.form.text("visibility").as_deref() == Some(v.as_str())
    }
}

fn form_fields(community: Option<&Community>) -> Fields {
    let pairs = match community {
        Some(c) => vec![
            ("name".to_string(), c.name.clone()),
            ("description".to_string(), c.description.clone()),
            ("visibility".to_string(), c.visibility.as_str().to_string()),
        ],
        None => vec![("visibility".to_string(), "open".to_string())],
    };
    Fields::new(pairs)
}

fn form_page(
    page: PageContext,
    editing: Option<(String, String)>,
    form: Fields,
    error: Option<AppError>,
) -> AppResult<Response> {
    let status = error
        .as_ref()
        .map(AppError::status)
        .unwrap_or(StatusCode::OK);
    Ok((
        status,
        render(FormPage {
            page,
            editing,
            form,
            error,
        })?,
    )
        .into_response())
}

fn visibility_field(form: &Fields) -> AppResult<Visibility> {
    match form.text("visibility") {
        Some(v) => Visibility::parse("visibility", &v),
        None => Err(AppError::invalid(
            "visibility",
            "choose who can see and join the community",
        )),
    }
}

async fn new_page(_viewer: Viewer, page: PageContext) -> AppResult<Response> {
    form_page(page, None, form_fields(None), None)
}

async fn new_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let result = match visibility_field(&form) {
        Ok(visibility) => {
            let input = CommunityInput {
                name: form.raw("name").unwrap_or_default(),
                description: form.raw("description").unwrap_or_default(),
                visibility,
            };
            service::create(&state.db, &viewer, &input).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(c) => Ok(redirect_with_notice(
            &page_link(&c.slug),
            "Community created; you are its owner",
        )
        .into_response()),
        Err(e @ AppError::Invalid { .. }) => form_page(page, None, form, Some(e)),
        Err(e) => Err(e),
    }
}

async fn edit_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(key): Path<String>,
) -> AppResult<Response> {
    let community = service::community(&state.db, &viewer, &key).await?;
    if !community.permissions.manage {
        return Err(AppError::forbidden(format!(
            "only the owners of {} can do this",
            community.name
        )));
    }
    let editing = Some((community.slug.clone(), community.name.clone()));
    form_page(page, editing, form_fields(Some(&community)), None)
}

async fn edit_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(key): Path<String>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let result = match visibility_field(&form) {
        Ok(visibility) => {
            let patch = CommunityPatch {
                name: Some(form.raw("name").unwrap_or_default()),
                description: Some(form.raw("description").unwrap_or_default()),
                visibility: Some(visibility),
            };
            service::update(&state.db, &viewer, &key, &patch).await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(c) => Ok(redirect_with_notice(&page_link(&c.slug), "Community saved").into_response()),
        Err(e @ AppError::Invalid { .. }) => {
            let current = service::community(&state.db, &viewer, &key).await?;
            form_page(page, Some((current.slug, current.name)), form, Some(e))
        }
        Err(e) => Err(e),
    }
}

async fn dismiss_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(key): Path<String>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    service::dismiss_suggestion(&state.db, &viewer, &key).await?;
    let back = form
        .text("back")
        .filter(|b| b.starts_with('/') && !b.starts_with("//"))
        .unwrap_or_else(|| "/communities".into());
    Ok(redirect_with_notice(&back, "Suggestion dismissed").into_response())
}

async fn delete_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(key): Path<String>,
) -> AppResult<Response> {
    service::delete(&state.db, &viewer, &key).await?;
    Ok(redirect_with_notice("/communities", "Community deleted").into_response())
}

// ---- HTML: a community ----

/// A form the page sends back because it was refused: which form, what was typed, why.
struct Refused {
    form: &'static str,
    fields: Fields,
    error: AppError,
}

#[derive(Template)]
#[template(path = "communities/templates/community.html")]
struct CommunityPage {
    page: PageContext,
    community: Community,
    members: Option<MemberPage>,
    requests: Vec<JoinRequest>,
    refused: Option<Refused>,
}

impl CommunityPage {
    fn refused_in(&self, form: &str) -> Option<&Refused> {
        self.refused.as_ref().filter(|r| r.form == form)
    }

    fn field_error(&self, form: &str, field: &str) -> Option<String> {
        self.refused_in(form)
            .filter(|r| r.error.field() == Some(field))
            .map(|r| r.error.user_message())
    }

    fn typed(&self, form: &str, field: &str) -> String {
        self.refused_in(form)
            .and_then(|r| r.fields.raw(field))
            .unwrap_or_default()
    }

    /// Where the error summary's link leads.
    fn error_anchor(&self) -> String {
        self.refused
            .as_ref()
            .map(|r| match r.error.field() {
                Some(field) => format!("{}-{field}", r.form),
                None => r.form.to_string(),
            })
            .unwrap_or_default()
    }

    fn is_me(&self, id: &i64) -> bool {
        *id == self.page.viewer_id()
    }

    fn roles(&self) -> [CommunityRole; 3] {
        CommunityRole::ALL
    }

    /// Owners remove anyone else; moderators remove plain members.
    fn may_remove(&self, member: &CommunityMember) -> bool {
        !self.is_me(&member.id)
            && match self.community.my_role {
                Some(CommunityRole::Owner) => true,
                Some(CommunityRole::Moderator) => member.role == CommunityRole::Member,
                _ => false,
            }
    }

    fn members_link(&self, n: i64) -> String {
        format!("/communities/{}?page={n}#members", self.community.slug)
    }
}

async fn show(
    state: &AppState,
    viewer: &Viewer,
    page: PageContext,
    key: &str,
    members_page: i64,
    refused: Option<Refused>,
) -> AppResult<Response> {
    let community = service::community(&state.db, viewer, key).await?;
    let members = if community.permissions.see_members {
        Some(service::members(&state.db, viewer, key, members_page, MEMBERS_PER_PAGE).await?)
    } else {
        None
    };
    let requests = if community.permissions.moderate {
        service::requests(&state.db, viewer, key).await?
    } else {
        Vec::new()
    };
    let status = refused
        .as_ref()
        .map(|r| r.error.status())
        .unwrap_or(StatusCode::OK);
    let html = render(CommunityPage {
        page,
        community,
        members,
        requests,
        refused,
    })?;
    Ok((status, html).into_response())
}

async fn community_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(key): Path<String>,
    QueryFields(q): QueryFields,
) -> AppResult<Response> {
    let members_page = q.int("page")?.unwrap_or(1);
    show(&state, &viewer, page, &key, members_page, None).await
}

/// After a form: back to the page with a notice, or the page again with the refusal (a bad
/// field, or a conflict such as the last owner leaving) and what was typed.
async fn after_submit(
    state: &AppState,
    viewer: &Viewer,
    page: PageContext,
    key: &str,
    (form, fields): (&'static str, Fields),
    result: AppResult<&'static str>,
) -> AppResult<Response> {
    match result {
        Ok(notice) => Ok(redirect_with_notice(&page_link(key), notice).into_response()),
        Err(error @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let refused = Refused {
                form,
                fields,
                error,
            };
            show(state, viewer, page, key, 1, Some(refused)).await
        }
        Err(error) => Err(error),
    }
}

async fn join_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(key): Path<String>,
) -> AppResult<Response> {
    let result = service::join(&state.db, &viewer, &key).await;
    let result = result.map(|_| "Welcome: you are now a member");
    after_submit(
        &state,
        &viewer,
        page,
        &key,
        ("join", Fields::default()),
        result,
    )
    .await
}

async fn request_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(key): Path<String>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let input = RequestInput {
        message: form.raw("message").unwrap_or_default(),
    };
    let result = service::request(&state.db, &viewer, &key, &input).await;
    let result = result.map(|_| "Request sent; an owner or moderator will answer");
    after_submit(&state, &viewer, page, &key, ("request", form), result).await
}

async fn leave_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(key): Path<String>,
) -> AppResult<Response> {
    match service::leave(&state.db, &viewer, &key).await {
        // A private community is gone for someone who left it: back to the list.
        Ok(()) => {
            Ok(redirect_with_notice("/communities", "You left the community").into_response())
        }
        Err(e) => {
            after_submit(
                &state,
                &viewer,
                page,
                &key,
                ("leave", Fields::default()),
                Err(e),
            )
            .await
        }
    }
}

async fn approve_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path((key, request)): Path<(String, i64)>,
) -> AppResult<Response> {
    let result = service::approve(&state.db, &viewer, &key, request).await;
    let result = result.map(|_| "Request approved");
    after_submit(
        &state,
        &viewer,
        page,
        &key,
        ("requests", Fields::default()),
        result,
    )
    .await
}

async fn decline_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path((key, request)): Path<(String, i64)>,
) -> AppResult<Response> {
    let result = service::decline(&state.db, &viewer, &key, request).await;
    let result = result.map(|_| "Request declined");
    after_submit(
        &state,
        &viewer,
        page,
        &key,
        ("requests", Fields::default()),
        result,
    )
    .await
}

async fn invite_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(key): Path<String>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let result = match form.text("email") {
        None => Err(AppError::invalid(
            "email",
            "enter the e-mail address of the member to invite",
        )),
        Some(email) => match super::store::active_member_by_email(&state.db, &email).await? {
            None => Err(AppError::invalid(
                "email",
                format!("no active member has the e-mail address {email}"),
            )),
            Some(user) => service::invite(&state.db, &viewer, &key, user).await,
        },
    };
    let result = result.map(|_| "Invitation sent");
    after_submit(&state, &viewer, page, &key, ("invite", form), result).await
}

async fn accept_invitation_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(key): Path<String>,
) -> AppResult<Response> {
    let result = service::accept_invitation(&state.db, &viewer, &key).await;
    let result = result.map(|_| "Welcome: you are now a member");
    after_submit(
        &state,
        &viewer,
        page,
        &key,
        ("invitation", Fields::default()),
        result,
    )
    .await
}

async fn decline_invitation_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(key): Path<String>,
) -> AppResult<Response> {
    service::decline_invitation(&state.db, &viewer, &key).await?;
    Ok(redirect_with_notice("/communities", "Invitation declined").into_response())
}

async fn role_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path((key, user)): Path<(String, i64)>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let result = match CommunityRole::parse("role", &form.text("role").unwrap_or_default()) {
        Ok(role) => service::set_role(&state.db, &viewer, &key, user, role).await,
        Err(e) => Err(e),
    };
    let result = result.map(|_| "Role changed");
    after_submit(&state, &viewer, page, &key, ("members", form), result).await
}

async fn remove_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path((key, user)): Path<(String, i64)>,
) -> AppResult<Response> {
    let leaving = user == viewer.id;
    match service::remove(&state.db, &viewer, &key, user).await {
        Ok(()) if leaving => {
            Ok(redirect_with_notice("/communities", "You left the community").into_response())
        }
        result => {
            let result = result.map(|_| "Member removed");
            after_submit(
                &state,
                &viewer,
                page,
                &key,
                ("members", Fields::default()),
                result,
            )
            .await
        }
    }
}

// ---- JSON API ----

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)] // Documents the query; the handler reads it through QueryFields.
struct ListParams {
    /// `all` (default): every community you may see; `mine`: yours.
    filter: Option<String>,
    /// Words the name contains (case-insensitive).
    q: Option<String>,
    /// From 1.
    page: Option<i64>,
    /// 1 to 100, default 50.
    per_page: Option<i64>,
}

/// Communities you may see, by name: every open and by-request community, and the private ones
/// you are a member of. `total` counts the same set.
#[utoipa::path(get, path = "/communities", tag = "communities", params(ListParams),
    responses((status = 200, body = CommunityList), (status = 422, body = ErrorBody)))]
async fn api_list(
    State(state): State<AppState>,
    viewer: Viewer,
    QueryFields(q): QueryFields,
) -> AppResult<Json<CommunityList>> {
    let query = list_query(&q)?;
    Ok(Json(service::list(&state.db, &viewer, &query).await?))
}

/// Create a community; you become its owner.
#[utoipa::path(post, path = "/communities", tag = "communities", request_body = CommunityInput,
    responses((status = 201, body = Community), (status = 422, body = ErrorBody)))]
async fn api_create(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiJson(input): ApiJson<CommunityInput>,
) -> AppResult<(StatusCode, Json<Community>)> {
    let community = service::create(&state.db, &viewer, &input).await?;
    Ok((StatusCode::CREATED, Json(community)))
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct SuggestedParams {
    /// How many (1-50, default 10).
    limit: Option<i64>,
}

/// Communities you may want to join, with reasons: open and by-request ones only, never one you
/// are in or have asked to join.
#[utoipa::path(get, path = "/communities/suggested", tag = "communities", params(SuggestedParams),
    responses((status = 200, body = Vec<SuggestedCommunity>), (status = 422, body = ErrorBody)))]
async fn api_suggested(
    State(state): State<AppState>,
    viewer: Viewer,
    QueryFields(q): QueryFields,
) -> AppResult<Json<Vec<SuggestedCommunity>>> {
    let limit = q.int("limit")?.unwrap_or(10);
    if !(1..=50).contains(&limit) {
        return Err(AppError::invalid("limit", "limit is 1 to 50"));
    }
    Ok(Json(
        service::suggest(&state, &viewer, limit as usize).await?,
    ))
}

/// Stop suggesting this community to you.
#[utoipa::path(post, path = "/communities/{key}/dismiss", tag = "communities",
    responses((status = 204), (status = 404, body = ErrorBody)))]
async fn api_dismiss(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(key): Path<String>,
) -> AppResult<StatusCode> {
    service::dismiss_suggestion(&state.db, &viewer, &key).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Invitations waiting for your answer.
#[utoipa::path(get, path = "/communities/invitations", tag = "communities",
    responses((status = 200, body = Vec<Invitation>)))]
async fn api_invitations(
    State(state): State<AppState>,
    viewer: Viewer,
) -> AppResult<Json<Vec<Invitation>>> {
    Ok(Json(service::invitations(&state.db, &viewer).await?))
}

/// A community. A private community is 404 for anyone but its members (and a member it invited).
#[utoipa::path(get, path = "/communities/{id}", tag = "communities",
    params(("id" = String, Path, description = "The community's id or slug")),
    responses((status = 200, body = Community), (status = 404, body = ErrorBody)))]
async fn api_community(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> AppResult<Json<Community>> {
    Ok(Json(service::community(&state.db, &viewer, &id).await?))
}

/// Change a community's name, description or visibility (owners). Fields left out stay.
#[utoipa::path(patch, path = "/communities/{id}", tag = "communities",
    params(("id" = String, Path, description = "The community's id or slug")), request_body = CommunityPatch,
    responses((status = 200, body = Community), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_update(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    ApiJson(patch): ApiJson<CommunityPatch>,
) -> AppResult<Json<Community>> {
    Ok(Json(
        service::update(&state.db, &viewer, &id, &patch).await?,
    ))
}

/// Delete a community with its memberships, requests and invitations (owners).
#[utoipa::path(delete, path = "/communities/{id}", tag = "communities",
    params(("id" = String, Path, description = "The community's id or slug")),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn api_delete(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    service::delete(&state.db, &viewer, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Join an open community (409 for a by-request or private one: ask, or accept an invitation).
#[utoipa::path(post, path = "/communities/{id}/join", tag = "communities",
    params(("id" = String, Path, description = "The community's id or slug")),
    responses((status = 200, body = Community), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn api_join(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> AppResult<Json<Community>> {
    Ok(Json(service::join(&state.db, &viewer, &id).await?))
}

/// Leave a community. The last owner gets 409: make another member an owner first.
#[utoipa::path(post, path = "/communities/{id}/leave", tag = "communities",
    params(("id" = String, Path, description = "The community's id or slug")),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn api_leave(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    service::leave(&state.db, &viewer, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Pending requests to join, oldest first (owners and moderators).
#[utoipa::path(get, path = "/communities/{id}/requests", tag = "communities",
    params(("id" = String, Path, description = "The community's id or slug")),
    responses((status = 200, body = Vec<JoinRequest>), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn api_requests(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> AppResult<Json<Vec<JoinRequest>>> {
    Ok(Json(service::requests(&state.db, &viewer, &id).await?))
}

/// Ask to join a by-request community, with an optional message; its owners and moderators are
/// notified.
#[utoipa::path(post, path = "/communities/{id}/requests", tag = "communities",
    params(("id" = String, Path, description = "The community's id or slug")), request_body = RequestInput,
    responses((status = 201, body = Community), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_request(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<RequestInput>,
) -> AppResult<(StatusCode, Json<Community>)> {
    let community = service::request(&state.db, &viewer, &id, &input).await?;
    Ok((StatusCode::CREATED, Json(community)))
}

/// Approve a request (owners and moderators): the member joins and is notified.
#[utoipa::path(post, path = "/communities/{id}/requests/{request_id}/approve", tag = "communities",
    params(("id" = String, Path, description = "The community's id or slug"), ("request_id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn api_approve(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, request_id)): Path<(String, i64)>,
) -> AppResult<StatusCode> {
    service::approve(&state.db, &viewer, &id, request_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Decline a request (owners and moderators); the member is notified.
#[utoipa::path(post, path = "/communities/{id}/requests/{request_id}/decline", tag = "communities",
    params(("id" = String, Path, description = "The community's id or slug"), ("request_id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn api_decline(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, request_id)): Path<(String, i64)>,
) -> AppResult<StatusCode> {
    service::decline(&state.db, &viewer, &id, request_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Invite a member (owners and moderators); they are notified and accept or decline.
#[utoipa::path(post, path = "/communities/{id}/invitations", tag = "communities",
    params(("id" = String, Path, description = "The community's id or slug")), request_body = InvitationInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_invite(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    ApiJson(input): ApiJson<InvitationInput>,
) -> AppResult<StatusCode> {
    service::invite(&state.db, &viewer, &id, input.user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Accept your invitation: you join.
#[utoipa::path(post, path = "/communities/{id}/invitations/accept", tag = "communities",
    params(("id" = String, Path, description = "The community's id or slug")),
    responses((status = 200, body = Community), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn api_accept_invitation(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> AppResult<Json<Community>> {
    Ok(Json(
        service::accept_invitation(&state.db, &viewer, &id).await?,
    ))
}

/// Decline your invitation; nobody is notified.
#[utoipa::path(post, path = "/communities/{id}/invitations/decline", tag = "communities",
    params(("id" = String, Path, description = "The community's id or slug")),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn api_decline_invitation(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
) -> AppResult<StatusCode> {
    service::decline_invitation(&state.db, &viewer, &id).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
struct MemberParams {
    /// From 1.
    page: Option<i64>,
    /// 1 to 200, default 100.
    per_page: Option<i64>,
}

/// Members: owners, then moderators, then by name. Everyone sees an open community's members;
/// only members see a by-request or private one's (403 / 404 for others).
#[utoipa::path(get, path = "/communities/{id}/members", tag = "communities",
    params(("id" = String, Path, description = "The community's id or slug"), MemberParams),
    responses((status = 200, body = MemberPage), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_members(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<String>,
    QueryFields(q): QueryFields,
) -> AppResult<Json<MemberPage>> {
    let page = q.int("page")?.unwrap_or(1);
    let per_page = q.int("per_page")?.unwrap_or(MEMBERS_PER_PAGE);
    Ok(Json(
        service::members(&state.db, &viewer, &id, page, per_page).await?,
    ))
}

/// Give a member another role (owners). The last owner cannot step down (409).
#[utoipa::path(put, path = "/communities/{id}/members/{user_id}/role", tag = "communities",
    params(("id" = String, Path, description = "The community's id or slug"), ("user_id" = i64, Path)), request_body = RoleInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_set_role(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, user_id)): Path<(String, i64)>,
    ApiJson(input): ApiJson<RoleInput>,
) -> AppResult<StatusCode> {
    service::set_role(&state.db, &viewer, &id, user_id, input.role).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Remove a member: owners remove anyone but the last owner, moderators plain members only.
/// Removing yourself is leaving.
#[utoipa::path(delete, path = "/communities/{id}/members/{user_id}", tag = "communities",
    params(("id" = String, Path, description = "The community's id or slug"), ("user_id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn api_remove(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, user_id)): Path<(String, i64)>,
) -> AppResult<StatusCode> {
    service::remove(&state.db, &viewer, &id, user_id).await?;
    Ok(StatusCode::NO_CONTENT)
}
