//! HTTP handlers for the admin pages and the organization's lists (HTML and JSON).

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::*;
use super::{service, store};
use crate::auth::model::{Invitation, Role, Viewer};
use crate::web::AppState;
use crate::web::error::ErrorBody;
use crate::web::extract::{ApiJson, FormFields};
use crate::web::page::{PageContext, redirect_with_notice};
use crate::web::session::Admin;
use crate::{AppError, AppResult};

pub fn pages() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/admin", get(admin_page))
        .route("/admin/skills", get(skills_page).post(skill_add_submit))
        .route("/admin/skills/{id}", post(skill_rename_submit))
        .route("/admin/skills/{id}/merge", post(skill_merge_submit))
        .route("/admin/departments", post(department_add_submit))
        .route("/admin/departments/{id}", post(department_rename_submit))
        .route(
            "/admin/departments/{id}/delete",
            post(department_delete_submit),
        )
        .route("/admin/values", post(value_add_submit))
        .route("/admin/values/{id}", post(value_edit_submit))
        .route("/admin/values/{id}/delete", post(value_delete_submit))
        .route("/admin/settings", post(settings_submit))
        .route("/admin/invitations", post(invite_submit))
        .route("/admin/members/{id}/role", post(role_submit))
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_departments, api_add_department))
        .routes(routes!(api_rename_department, api_delete_department))
        .routes(routes!(api_values, api_add_value))
        .routes(routes!(api_update_value, api_delete_value))
        .routes(routes!(api_skills, api_add_skill))
        .routes(routes!(api_rename_skill))
        .routes(routes!(api_merge_skill))
        .routes(routes!(api_set_role))
        .routes(routes!(api_settings, api_update_settings))
        .routes(routes!(api_audit_log))
}

// ---- HTML ----

#[derive(Template)]
#[template(path = "admin/templates/admin.html")]
struct AdminPage {
    page: PageContext,
    settings: OrgSettings,
    departments: Vec<Department>,
    values: Vec<OrgValue>,
    invitations: Vec<Invitation>,
    audit: Vec<AuditEntry>,
    invite_link: Option<String>,
    error: Option<AppError>,
}

async fn render_admin(
    state: &AppState,
    admin: &Viewer,
    page: PageContext,
    invite_link: Option<String>,
    error: Option<AppError>,
) -> AppResult<Response> {
    let status = error.as_ref().map(|e| e.status()).unwrap_or(StatusCode::OK);
    let html = AdminPage {
        page,
        settings: service::settings(&state.db).await?,
        departments: store::departments(&state.db).await?,
        values: store::values(&state.db).await?,
        invitations: crate::auth::service::invitations(&state.db, admin).await?,
        audit: store::audit_log(&state.db, 30).await?,
        invite_link,
        error,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok((status, Html(html)).into_response())
}

async fn admin_page(
    State(state): State<AppState>,
    Admin(admin): Admin,
    page: PageContext,
) -> AppResult<Response> {
    render_admin(&state, &admin, page, None, None).await
}

/// After an admin form: back to the page with a notice, or the page again with the error.
async fn admin_outcome<T>(
    state: &AppState,
    admin: &Viewer,
    page: PageContext,
    result: AppResult<T>,
    notice: &str,
) -> AppResult<Response> {
    match result {
        Ok(_) => Ok(redirect_with_notice("/admin", notice).into_response()),
        Err(err @ AppError::Invalid { .. }) => {
            render_admin(state, admin, page, None, Some(err)).await
        }
        Err(err) => Err(err),
    }
}

async fn department_add_submit(
    State(state): State<AppState>,
    Admin(admin): Admin,
    page: PageContext,
    FormFields(f): FormFields,
) -> AppResult<Response> {
    let r = service::add_department(&state.db, &admin, &f.text("name").unwrap_or_default()).await;
    admin_outcome(&state, &admin, page, r, "Department added").await
}

async fn department_rename_submit(
    State(state): State<AppState>,
    Admin(admin): Admin,
    page: PageContext,
    Path(id): Path<i64>,
    FormFields(f): FormFields,
) -> AppResult<Response> {
    let r = service::rename_department(&state.db, &admin, id, &f.text("name").unwrap_or_default())
        .await;
    admin_outcome(&state, &admin, page, r, "Department renamed").await
}

async fn department_delete_submit(
    State(state): State<AppState>,
    Admin(admin): Admin,
    page: PageContext,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let r = service::delete_department(&state.db, &admin, id).await;
    admin_outcome(&state, &admin, page, r, "Department deleted").await
}

async fn value_add_submit(
    State(state): State<AppState>,
    Admin(admin): Admin,
    page: PageContext,
    FormFields(f): FormFields,
) -> AppResult<Response> {
    let r = service::add_value(
        &state.db,
        &admin,
        &f.text("name").unwrap_or_default(),
        &f.text("description").unwrap_or_default(),
    )
    .await;
    admin_outcome(&state, &admin, page, r, "Value added").await
}

async fn value_edit_submit(
    State(state): State<AppState>,
    Admin(admin): Admin,
    page: PageContext,
    Path(id): Path<i64>,
    FormFields(f): FormFields,
) -> AppResult<Response> {
    let r = service::update_value(
        &state.db,
        &admin,
        id,
        &f.text("name").unwrap_or_default(),
        &f.text("description").unwrap_or_default(),
    )
    .await;
    admin_outcome(&state, &admin, page, r, "Value saved").await
}

async fn value_delete_submit(
    State(state): State<AppState>,
    Admin(admin): Admin,
    page: PageContext,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let r = service::delete_value(&state.db, &admin, id).await;
    admin_outcome(&state, &admin, page, r, "Value deleted").await
}

async fn settings_submit(
    State(state): State<AppState>,
    Admin(admin): Admin,
    page: PageContext,
    FormFields(f): FormFields,
) -> AppResult<Response> {
    let input = OrgSettings {
        organization_name: f.text("organization_name").unwrap_or_default(),
        signup_domains: f
            .text("signup_domains")
            .unwrap_or_default()
            .split([',', ' ', '\n'])
            .map(str::to_string)
            .collect(),
    };
    let r = service::update_settings(&state.db, &admin, input).await;
    admin_outcome(&state, &admin, page, r, "Settings saved").await
}

async fn invite_submit(
    State(state): State<AppState>,
    Admin(admin): Admin,
    page: PageContext,
    FormFields(f): FormFields,
) -> AppResult<Response> {
    let role = Role::parse("role", &f.text("role").unwrap_or_else(|| "member".into()));
    let result = match role {
        Ok(role) => {
            crate::auth::service::invite(
                &state.db,
                &admin,
                &f.text("email").unwrap_or_default(),
                role,
            )
            .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok((_, secret)) => {
            render_admin(
                &state,
                &admin,
                page,
                Some(format!("/invite/{secret}")),
                None,
            )
            .await
        }
        Err(err @ AppError::Invalid { .. }) => {
            render_admin(&state, &admin, page, None, Some(err)).await
        }
        Err(err) => Err(err),
    }
}

async fn role_submit(
    State(state): State<AppState>,
    Admin(admin): Admin,
    Path(id): Path<i64>,
    FormFields(f): FormFields,
) -> AppResult<Response> {
    let role = Role::parse("role", &f.text("role").unwrap_or_default())?;
    service::set_role(&state.db, &admin, id, role).await?;
    Ok(redirect_with_notice(&format!("/people/{id}"), "Role changed").into_response())
}

#[derive(Template)]
#[template(path = "admin/templates/skills.html")]
struct SkillsPage {
    page: PageContext,
    skills: Vec<Skill>,
    error: Option<AppError>,
}

async fn render_skills(
    state: &AppState,
    page: PageContext,
    error: Option<AppError>,
) -> AppResult<Response> {
    let status = error.as_ref().map(|e| e.status()).unwrap_or(StatusCode::OK);
    let html = SkillsPage {
        page,
        skills: store::skills(&state.db).await?,
        error,
    }
    .render()
    .map_err(anyhow::Error::from)?;
    Ok((status, Html(html)).into_response())
}

async fn skills_page(
    State(state): State<AppState>,
    Admin(_admin): Admin,
    page: PageContext,
) -> AppResult<Response> {
    render_skills(&state, page, None).await
}

async fn skills_outcome<T>(
    state: &AppState,
    page: PageContext,
    result: AppResult<T>,
    notice: &str,
) -> AppResult<Response> {
    match result {
        Ok(_) => Ok(redirect_with_notice("/admin/skills", notice).into_response()),
        Err(err @ AppError::Invalid { .. }) => render_skills(state, page, Some(err)).await,
        Err(err) => Err(err),
    }
}

async fn skill_add_submit(
    State(state): State<AppState>,
    Admin(admin): Admin,
    page: PageContext,
    FormFields(f): FormFields,
) -> AppResult<Response> {
    let r = service::add_skill(
        &state.db,
        &admin,
        &f.text("name").unwrap_or_default(),
        &f.text("category").unwrap_or_default(),
    )
    .await;
    skills_outcome(&state, page, r, "Skill added").await
}

async fn skill_rename_submit(
    State(state): State<AppState>,
    Admin(admin): Admin,
    page: PageContext,
    Path(id): Path<i64>,
    FormFields(f): FormFields,
) -> AppResult<Response> {
    let r = service::rename_skill(
        &state.db,
        &admin,
        id,
        &f.text("name").unwrap_or_default(),
        f.text("category").as_deref(),
    )
    .await;
    skills_outcome(&state, page, r, "Skill renamed").await
}

async fn skill_merge_submit(
    State(state): State<AppState>,
    Admin(admin): Admin,
    page: PageContext,
    Path(id): Path<i64>,
    FormFields(f): FormFields,
) -> AppResult<Response> {
    let into = match f.text("into") {
        None => Err(AppError::invalid("into", "choose the skill to merge into")),
        Some(name) => match name.parse::<i64>() {
            Ok(id) => Ok(id),
            Err(_) => store::resolve_skill(&state.db, &name)
                .await?
                .ok_or_else(|| AppError::invalid("into", format!("no skill named “{name}”"))),
        },
    };
    let r = match into {
        Ok(into) => service::merge_skills(&state.db, &admin, id, into).await,
        Err(e) => Err(e),
    };
    let notice = match &r {
        Ok(n) => format!("Skills merged; {n} profiles updated"),
        Err(_) => String::new(),
    };
    skills_outcome(&state, page, r, &notice).await
}

// ---- JSON API ----

/// Departments with their member counts.
#[utoipa::path(get, path = "/departments", tag = "admin", responses((status = 200, body = Vec<Department>)))]
async fn api_departments(
    State(state): State<AppState>,
    _viewer: Viewer,
) -> AppResult<Json<Vec<Department>>> {
    Ok(Json(store::departments(&state.db).await?))
}

#[derive(Serialize, ToSchema)]
pub struct CreatedId {
    pub id: i64,
}

/// Add a department (admins).
#[utoipa::path(post, path = "/departments", tag = "admin", request_body = NameInput,
    responses((status = 201, body = CreatedId), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_add_department(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiJson(input): ApiJson<NameInput>,
) -> AppResult<(StatusCode, Json<CreatedId>)> {
    let id = service::add_department(&state.db, &viewer, &input.name).await?;
    Ok((StatusCode::CREATED, Json(CreatedId { id })))
}

/// Rename a department (admins).
#[utoipa::path(put, path = "/departments/{id}", tag = "admin", params(("id" = i64, Path)), request_body = NameInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_rename_department(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<NameInput>,
) -> AppResult<StatusCode> {
    service::rename_department(&state.db, &viewer, id, &input.name).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Delete a department (admins); its members keep their profiles, without a department.
#[utoipa::path(delete, path = "/departments/{id}", tag = "admin", params(("id" = i64, Path)), responses((status = 204), (status = 403, body = ErrorBody)))]
async fn api_delete_department(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    service::delete_department(&state.db, &viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The organization's values.
#[utoipa::path(get, path = "/values", tag = "admin", responses((status = 200, body = Vec<OrgValue>)))]
async fn api_values(
    State(state): State<AppState>,
    _viewer: Viewer,
) -> AppResult<Json<Vec<OrgValue>>> {
    Ok(Json(store::values(&state.db).await?))
}

/// Add a value (admins).
#[utoipa::path(post, path = "/values", tag = "admin", request_body = NameInput,
    responses((status = 201, body = CreatedId), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_add_value(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiJson(input): ApiJson<NameInput>,
) -> AppResult<(StatusCode, Json<CreatedId>)> {
    let id = service::add_value(
        &state.db,
        &viewer,
        &input.name,
        input.description.as_deref().unwrap_or(""),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(CreatedId { id })))
}

/// Edit a value (admins).
#[utoipa::path(put, path = "/values/{id}", tag = "admin", params(("id" = i64, Path)), request_body = NameInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_update_value(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<NameInput>,
) -> AppResult<StatusCode> {
    service::update_value(
        &state.db,
        &viewer,
        id,
        &input.name,
        input.description.as_deref().unwrap_or(""),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Delete a value (admins).
#[utoipa::path(delete, path = "/values/{id}", tag = "admin", params(("id" = i64, Path)), responses((status = 204), (status = 403, body = ErrorBody)))]
async fn api_delete_value(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    service::delete_value(&state.db, &viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// The skills taxonomy, with member counts and synonyms.
#[utoipa::path(get, path = "/skills", tag = "admin", responses((status = 200, body = Vec<Skill>)))]
async fn api_skills(State(state): State<AppState>, _viewer: Viewer) -> AppResult<Json<Vec<Skill>>> {
    Ok(Json(store::skills(&state.db).await?))
}

/// Add a skill (admins).
#[utoipa::path(post, path = "/skills", tag = "admin", request_body = NameInput,
    responses((status = 201, body = CreatedId), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_add_skill(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiJson(input): ApiJson<NameInput>,
) -> AppResult<(StatusCode, Json<CreatedId>)> {
    let id = service::add_skill(
        &state.db,
        &viewer,
        &input.name,
        input.category.as_deref().unwrap_or(""),
    )
    .await?;
    Ok((StatusCode::CREATED, Json(CreatedId { id })))
}

/// Rename a skill (admins); the old name becomes a synonym.
#[utoipa::path(put, path = "/skills/{id}", tag = "admin", params(("id" = i64, Path)), request_body = NameInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_rename_skill(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<NameInput>,
) -> AppResult<StatusCode> {
    service::rename_skill(
        &state.db,
        &viewer,
        id,
        &input.name,
        input.category.as_deref(),
    )
    .await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct MergeResult {
    /// Profiles that listed the merged skill.
    pub profiles_updated: u64,
}

/// Merge a synonym into another skill across every profile (admins).
#[utoipa::path(post, path = "/skills/{id}/merge", tag = "admin", params(("id" = i64, Path)), request_body = MergeInput,
    responses((status = 200, body = MergeResult), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_merge_skill(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<MergeInput>,
) -> AppResult<Json<MergeResult>> {
    let profiles_updated = service::merge_skills(&state.db, &viewer, id, input.into).await?;
    Ok(Json(MergeResult { profiles_updated }))
}

/// Change a member's role (admins).
#[utoipa::path(put, path = "/members/{id}/role", tag = "admin", params(("id" = i64, Path)), request_body = RoleInput,
    responses((status = 204), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_set_role(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<RoleInput>,
) -> AppResult<StatusCode> {
    service::set_role(&state.db, &viewer, id, input.role).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Organization settings (admins).
#[utoipa::path(get, path = "/settings", tag = "admin", responses((status = 200, body = OrgSettings), (status = 403, body = ErrorBody)))]
async fn api_settings(
    State(state): State<AppState>,
    Admin(_admin): Admin,
) -> AppResult<Json<OrgSettings>> {
    Ok(Json(service::settings(&state.db).await?))
}

/// Change organization settings (admins).
#[utoipa::path(put, path = "/settings", tag = "admin", request_body = OrgSettings,
    responses((status = 200, body = OrgSettings), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_update_settings(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiJson(input): ApiJson<OrgSettings>,
) -> AppResult<Json<OrgSettings>> {
    Ok(Json(
        service::update_settings(&state.db, &viewer, input).await?,
    ))
}

/// The latest admin actions (admins).
#[utoipa::path(get, path = "/audit-log", tag = "admin", responses((status = 200, body = Vec<AuditEntry>), (status = 403, body = ErrorBody)))]
async fn api_audit_log(
    State(state): State<AppState>,
    Admin(_admin): Admin,
) -> AppResult<Json<Vec<AuditEntry>>> {
    Ok(Json(store::audit_log(&state.db, 200).await?))
}
