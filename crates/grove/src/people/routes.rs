//! HTTP handlers for the home page, the directory and profiles (HTML and JSON).

use askama::Template;
use axum::Json;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::model::*;
use super::service;
use crate::admin::model::{Department, OrgValue, Skill};
use crate::auth::model::Viewer;
use crate::connections::model::{ConnectionOverview, Relationship};
use crate::web::AppState;
use crate::web::error::ErrorBody;
use crate::web::extract::{ApiJson, Fields, FormFields, QueryFields};
use crate::web::page::{PageContext, encode, redirect_with_notice};
use crate::{AppError, AppResult};

pub fn pages() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/", get(home_page))
        .route("/people", get(directory_page))
        .route("/people/{id}", get(profile_page))
        .route("/people/{id}/edit", get(edit_page).post(edit_submit))
        .route("/settings/profile", get(own_edit_page))
        .route("/people/{id}/deactivate", post(deactivate_submit))
        .route("/people/{id}/reactivate", post(reactivate_submit))
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_directory))
        .routes(routes!(api_facets))
        .routes(routes!(api_profile, api_update_profile))
        .routes(routes!(api_deactivate))
        .routes(routes!(api_reactivate))
}

fn render(t: impl Template) -> AppResult<Html<String>> {
    Ok(Html(t.render().map_err(anyhow::Error::from)?))
}

// ---- HTML ----

#[derive(Template)]
#[template(path = "people/templates/home.html")]
struct HomePage {
    page: PageContext,
    overview: ConnectionOverview,
    me: Profile,
    suggestions: Vec<crate::network::model::RankedMember>,
    /// Communities the viewer may want to join.
    groups: Vec<crate::communities::model::SuggestedCommunity>,
    /// Unanswered questions suggested to the viewer.
    waiting: Vec<crate::knowledge::model::PostSummary>,
    /// The latest knowledge activity.
    latest: Vec<crate::knowledge::model::PostSummary>,
}

async fn home_page(State(state): State<AppState>, page: PageContext) -> AppResult<Response> {
    let Some(viewer) = page.viewer.clone() else {
        return Ok(Redirect::to("/login").into_response());
    };
    let overview = crate::connections::service::overview(&state.db, &viewer).await?;
    let me = service::profile(&state.db, &viewer, viewer.id).await?;
    let suggestions = crate::network::service::suggest_people(&state, &viewer, 6).await?;
    let (waiting, latest) = crate::knowledge::service::for_home(&state.db, &viewer).await?;
    let groups = crate::communities::service::suggest(&state, &viewer, 3).await?;
    Ok(render(HomePage {
        page,
        overview,
        me,
        suggestions,
        groups,
        waiting,
        latest,
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "people/templates/directory.html")]
struct DirectoryPageView {
    page: PageContext,
    query: DirectoryQuery,
    result: DirectoryPage,
    facets: Facets,
    query_string: String,
}

impl DirectoryPageView {
    fn selected_department(&self, id: &i64) -> bool {
        self.query.department_id == Some(*id)
    }
    fn page_link(&self, page: i64) -> String {
        format!("/people?{}page={page}", self.query_string)
    }
}

fn directory_query(q: &Fields) -> AppResult<DirectoryQuery> {
    Ok(DirectoryQuery {
        q: q.text("q"),
        department_id: q.int("department_id")?,
        skill: q.text("skill"),
        min_level: q.int("min_level")?,
        language: q.text("language"),
        location: q.text("location"),
        can_mentor: Some(q.flag("can_mentor")),
        sort: q.text("sort"),
        page: q.int("page")?,
        per_page: q.int("per_page")?,
    })
}

async fn directory_page(
    State(state): State<AppState>,
    _viewer: Viewer,
    page: PageContext,
    QueryFields(fields): QueryFields,
) -> AppResult<Response> {
    let query = directory_query(&fields)?;
    let result = service::directory(&state, &query).await?;
    let facets = service::facets(&state).await?;
    let mut query_string = String::new();
    for key in [
        "q",
        "department_id",
        "skill",
        "min_level",
        "language",
        "location",
        "can_mentor",
        "sort",
    ] {
        if let Some(v) = fields.text(key) {
            query_string.push_str(&format!("{key}={}&", encode(&v)));
        }
    }
    Ok(render(DirectoryPageView {
        page,
        query,
        result,
        facets,
        query_string,
    })?
    .into_response())
}

#[derive(Template)]
#[template(path = "people/templates/profile.html")]
struct ProfilePage {
    page: PageContext,
    profile: Profile,
    relationship: Relationship,
    can_edit: bool,
    /// The viewer's own profile: it shows their suggestions, as the home page does.
    mine: bool,
    suggestions: Vec<crate::network::model::RankedMember>,
    groups: Vec<crate::communities::model::SuggestedCommunity>,
}

async fn profile_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    // Independent reads, on two pooled connections at once.
    let (profile, relationship) = tokio::try_join!(
        service::profile(&state.db, &viewer, id),
        crate::connections::service::relationship(&state.db, &viewer, id)
    )?;
    let can_edit = service::may_edit(&viewer, id);
    let mine = viewer.id == id;
    let (suggestions, groups) = if mine {
        (
            crate::network::service::suggest_people(&state, &viewer, 6).await?,
            crate::communities::service::suggest(&state, &viewer, 3).await?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(render(ProfilePage {
        page,
        profile,
        relationship,
        can_edit,
        mine,
        suggestions,
        groups,
    })?
    .into_response())
}

/// The edit form's contents as text, so a refused submission comes back exactly as typed.
#[derive(Default)]
struct ProfileForm {
    name: String,
    pronouns: String,
    title: String,
    department_id: Option<i64>,
    location: String,
    time_zone: String,
    languages: String,
    bio: String,
    interests: String,
    goals: String,
    value_ids: Vec<i64>,
    mentoring: String,
    mentor_capacity: String,
    visibility: String,
    suggestible: bool,
    skills: Vec<(String, String, bool, bool)>,
    career: Vec<(String, String, String, String)>,
}

const EXTRA_SKILL_ROWS: usize = 4;
const EXTRA_CAREER_ROWS: usize = 2;

impl ProfileForm {
    fn from_profile(p: &Profile) -> Self {
        let mut skills: Vec<_> = p
            .skills
            .iter()
            .map(|s| {
                (
                    s.name.clone(),
                    s.level.to_string(),
                    s.can_teach,
                    s.wants_to_learn,
                )
            })
            .collect();
        skills.extend((0..EXTRA_SKILL_ROWS).map(|_| (String::new(), "3".into(), false, false)));
        let mut career: Vec<_> = p
            .career
            .iter()
            .map(|c| {
                (
                    c.title.clone(),
                    c.organization.clone(),
                    c.start.clone(),
                    c.end.clone().unwrap_or_default(),
                )
            })
            .collect();
        career.extend((0..EXTRA_CAREER_ROWS).map(|_| Default::default()));
        ProfileForm {
            name: p.name.clone(),
            pronouns: p.pronouns.clone(),
            title: p.title.clone(),
            department_id: p.department.as_ref().map(|d| d.id),
            location: p.location.clone(),
            time_zone: p.time_zone.clone(),
            languages: p.languages.join(", "),
            bio: p.bio.clone(),
            interests: p.interests.join(", "),
            goals: p.goals.join("\n"),
            value_ids: p.values.iter().map(|v| v.id).collect(),
            mentoring: p.mentoring.as_str().into(),
            mentor_capacity: p.mentor_capacity.to_string(),
            visibility: p.visibility.as_str().into(),
            suggestible: p.suggestible,
            skills,
            career,
        }
    }

    fn from_fields(f: &Fields) -> Self {
        let rows = |prefix: &str| {
            (0..200)
                .take_while(|i| f.has(&format!("{prefix}_{i}")))
                .count()
        };
        let mut skills: Vec<_> = (0..rows("skill_name"))
            .map(|i| {
                (
                    f.text(&format!("skill_name_{i}")).unwrap_or_default(),
                    f.text(&format!("skill_level_{i}"))
                        .unwrap_or_else(|| "3".into()),
                    f.flag(&format!("skill_teach_{i}")),
                    f.flag(&format!("skill_learn_{i}")),
                )
            })
            .collect();
        if skills.iter().all(|s| !s.0.is_empty()) {
            skills.push((String::new(), "3".into(), false, false));
        }
        let career = (0..rows("career_title"))
            .map(|i| {
                (
                    f.text(&format!("career_title_{i}")).unwrap_or_default(),
                    f.text(&format!("career_org_{i}")).unwrap_or_default(),
                    f.text(&format!("career_start_{i}")).unwrap_or_default(),
                    f.text(&format!("career_end_{i}")).unwrap_or_default(),
                )
            })
            .collect();
        ProfileForm {
            name: f.text("name").unwrap_or_default(),
            pronouns: f.text("pronouns").unwrap_or_default(),
            title: f.text("title").unwrap_or_default(),
            department_id: f.text("department_id").and_then(|d| d.parse().ok()),
            location: f.text("location").unwrap_or_default(),
            time_zone: f.text("time_zone").unwrap_or_default(),
            languages: f.text("languages").unwrap_or_default(),
            bio: f.raw("bio").unwrap_or_default(),
            interests: f.text("interests").unwrap_or_default(),
            goals: f.raw("goals").unwrap_or_default(),
            value_ids: f
                .all("value_ids")
                .iter()
                .filter_map(|v| v.parse().ok())
                .collect(),
            mentoring: f.text("mentoring").unwrap_or_else(|| "none".into()),
            mentor_capacity: f.text("mentor_capacity").unwrap_or_else(|| "0".into()),
            visibility: f
                .text("visibility")
                .unwrap_or_else(|| "organization".into()),
            suggestible: f.flag("suggestible"),
            skills,
            career,
        }
    }

    /// The form as a profile update; field names in errors match the API's.
    fn to_update(&self) -> AppResult<ProfileUpdate> {
        let split = |s: &str| {
            s.split([',', '\n'])
                .map(|x| x.trim().to_string())
                .filter(|x| !x.is_empty())
                .collect::<Vec<_>>()
        };
        let mut skills = Vec::new();
        for (i, (name, level, teach, learn)) in self.skills.iter().enumerate() {
            if name.is_empty() {
                continue;
            }
            let level = level
                .parse()
                .map_err(|_| AppError::invalid(format!("skills[{i}].level"), "level is 1 to 5"))?;
            skills.push(SkillInput {
                skill: Some(name.clone()),
                skill_id: None,
                level,
                can_teach: *teach,
                wants_to_learn: *learn,
            });
        }
        let career = self
            .career
            .iter()
            .filter(|c| !(c.0.is_empty() && c.1.is_empty() && c.2.is_empty() && c.3.is_empty()))
            .map(|c| CareerRole {
                title: c.0.clone(),
                organization: c.1.clone(),
                start: c.2.clone(),
                end: Some(c.3.clone()),
            })
            .collect();
        Ok(ProfileUpdate {
            name: Some(self.name.clone()),
            pronouns: Some(self.pronouns.clone()),
            title: Some(self.title.clone()),
            department_id: Some(self.department_id),
            location: Some(self.location.clone()),
            time_zone: Some(self.time_zone.clone()),
            languages: Some(split(&self.languages)),
            bio: Some(self.bio.clone()),
            interests: Some(split(&self.interests)),
            goals: Some(
                self.goals
                    .lines()
                    .map(|l| l.trim().to_string())
                    .filter(|l| !l.is_empty())
                    .collect(),
            ),
            value_ids: Some(self.value_ids.clone()),
            career: Some(career),
            mentoring: Some(Mentoring::parse("mentoring", &self.mentoring)?),
            mentor_capacity: Some(
                self.mentor_capacity.parse().map_err(|_| {
                    AppError::invalid("mentor_capacity", "enter a number of mentees")
                })?,
            ),
            visibility: Some(Visibility::parse("visibility", &self.visibility)?),
            suggestible: Some(self.suggestible),
            skills: Some(skills),
        })
    }
}

#[derive(Template)]
#[template(path = "people/templates/edit.html")]
struct EditPage {
    page: PageContext,
    member_id: i64,
    form: ProfileForm,
    departments: Vec<Department>,
    values: Vec<OrgValue>,
    skills: Vec<Skill>,
    error: Option<AppError>,
}

impl EditPage {
    fn field_error(&self, field: &str) -> Option<String> {
        self.error
            .as_ref()
            .filter(|e| {
                e.field().is_some_and(|f| {
                    f == field
                        || f.starts_with(&format!("{field}["))
                        || f.starts_with(&format!("{field}."))
                })
            })
            .map(|e| e.user_message())
    }
    fn row_error(&self, list: &str, i: &usize) -> Option<String> {
        let prefix = format!("{list}[{i}]");
        self.error
            .as_ref()
            .filter(|e| e.field().is_some_and(|f| f.starts_with(&prefix)))
            .map(|e| e.user_message())
    }
    fn has_value(&self, id: &i64) -> bool {
        self.form.value_ids.contains(id)
    }
    fn is_department(&self, id: &i64) -> bool {
        self.form.department_id == Some(*id)
    }
}

async fn edit_form(
    state: &AppState,
    page: PageContext,
    member_id: i64,
    form: ProfileForm,
    error: Option<AppError>,
) -> AppResult<Response> {
    let status = error.as_ref().map(|e| e.status()).unwrap_or(StatusCode::OK);
    let html = render(EditPage {
        page,
        member_id,
        form,
        departments: crate::admin::store::departments(&state.db).await?,
        values: crate::admin::store::values(&state.db).await?,
        skills: crate::admin::store::skills(&state.db).await?,
        error,
    })?;
    Ok((status, html).into_response())
}

async fn own_edit_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
) -> AppResult<Response> {
    let id = viewer.id;
    edit_page(State(state), viewer, page, Path(id)).await
}

async fn edit_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    if !service::may_edit(&viewer, id) {
        return Err(AppError::forbidden("you can only edit your own profile"));
    }
    let profile = service::profile(&state.db, &viewer, id).await?;
    edit_form(&state, page, id, ProfileForm::from_profile(&profile), None).await
}

async fn edit_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
    FormFields(fields): FormFields,
) -> AppResult<Response> {
    let form = ProfileForm::from_fields(&fields);
    let result = match form.to_update() {
        Ok(update) => service::update_profile(&state.db, &viewer, id, update).await,
        Err(err) => Err(err),
    };
    match result {
        Ok(_) => {
            Ok(redirect_with_notice(&format!("/people/{id}"), "Profile saved").into_response())
        }
        Err(err @ AppError::Invalid { .. }) => edit_form(&state, page, id, form, Some(err)).await,
        Err(err) => Err(err),
    }
}

async fn deactivate_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    service::set_active(&state.db, &viewer, id, false).await?;
    Ok(redirect_with_notice(&format!("/people/{id}"), "Account deactivated").into_response())
}

async fn reactivate_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    service::set_active(&state.db, &viewer, id, true).await?;
    Ok(redirect_with_notice(&format!("/people/{id}"), "Account reactivated").into_response())
}

// ---- JSON API ----

/// Search the directory.
#[utoipa::path(get, path = "/members", tag = "people", params(DirectoryQuery),
    responses((status = 200, body = DirectoryPage), (status = 422, body = ErrorBody)))]
async fn api_directory(
    State(state): State<AppState>,
    _viewer: Viewer,
    QueryFields(fields): QueryFields,
) -> AppResult<Json<DirectoryPage>> {
    let mut query = directory_query(&fields)?;
    query.can_mentor = match fields.text("can_mentor").as_deref() {
        None => None,
        Some("true") | Some("1") => Some(true),
        Some("false") | Some("0") => Some(false),
        Some(_) => return Err(AppError::invalid("can_mentor", "use true or false")),
    };
    Ok(Json(service::directory(&state, &query).await?))
}

/// Choices for the directory's filters.
#[utoipa::path(get, path = "/members/facets", tag = "people", responses((status = 200, body = Facets)))]
async fn api_facets(State(state): State<AppState>, _viewer: Viewer) -> AppResult<Json<Facets>> {
    Ok(Json(service::facets(&state).await?))
}

/// A member's profile, as far as the caller may see it (`restricted` when shared with connections only).
#[utoipa::path(get, path = "/members/{id}", tag = "people", params(("id" = i64, Path)),
    responses((status = 200, body = Profile), (status = 404, body = ErrorBody)))]
async fn api_profile(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Json<Profile>> {
    Ok(Json(service::profile(&state.db, &viewer, id).await?))
}

/// Edit a profile (your own, or anyone's as an admin). Fields left out stay as they are;
/// lists given replace the stored list.
#[utoipa::path(patch, path = "/members/{id}", tag = "people", params(("id" = i64, Path)), request_body = ProfileUpdate,
    responses((status = 200, body = Profile), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_update_profile(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(update): ApiJson<ProfileUpdate>,
) -> AppResult<Json<Profile>> {
    Ok(Json(
        service::update_profile(&state.db, &viewer, id, update).await?,
    ))
}

/// Deactivate an account (admins); its sessions end at once.
#[utoipa::path(post, path = "/members/{id}/deactivate", tag = "people", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody)))]
async fn api_deactivate(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    service::set_active(&state.db, &viewer, id, false).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Reactivate an account (admins).
#[utoipa::path(post, path = "/members/{id}/reactivate", tag = "people", params(("id" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody)))]
async fn api_reactivate(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    service::set_active(&state.db, &viewer, id, true).await?;
    Ok(StatusCode::NO_CONTENT)
}
