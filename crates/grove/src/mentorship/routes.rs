//! HTTP handlers for programs: pages for members and leads, and the JSON API.

use std::collections::BTreeMap;

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
use super::service::{self, MentorChoice};
use crate::auth::model::Viewer;
use crate::web::AppState;
use crate::web::error::ErrorBody;
use crate::web::extract::{ApiJson, Fields, FormFields, QueryFields};
use crate::web::page::{PageContext, date, redirect_with_notice};
use crate::{AppError, AppResult};

pub fn pages() -> axum::Router<AppState> {
    axum::Router::new()
        .route("/programs", get(programs_page))
        .route("/programs/new", get(new_page).post(new_submit))
        .route("/programs/{id}", get(program_page))
        .route("/programs/{id}/edit", get(edit_page).post(edit_submit))
        .route(
            "/programs/{id}/enroll",
            get(enroll_page).post(enroll_submit),
        )
        .route("/programs/{id}/withdraw", post(withdraw_submit))
        .route("/programs/{id}/close", post(close_submit))
        .route("/programs/{id}/reopen", post(reopen_submit))
        .route("/programs/{id}/end", post(end_submit))
        .route("/programs/{id}/invite", post(invite_submit))
        .route("/programs/{id}/runs", post(run_submit))
        .route("/programs/{id}/runs/{run}", get(run_page))
        .route("/programs/{id}/runs/{run}/publish", post(publish_submit))
        .route("/programs/{id}/compare", get(compare_page))
        .route("/programs/{id}/adjustments", post(adjust_submit))
        .route("/programs/{id}/adjustments/remove", post(unadjust_submit))
        .route("/programs/{id}/remind", post(remind_submit))
        .route("/programs/{id}/export.csv", get(export_csv))
        .route("/programs/{id}/mentors", get(mentors_page))
        .route("/programs/{id}/requests", post(request_submit))
        .route("/mentor-requests/{id}/accept", post(accept_submit))
        .route("/mentor-requests/{id}/decline", post(decline_submit))
        .route(
            "/mentor-requests/{id}/withdraw",
            post(withdraw_request_submit),
        )
}

pub fn api() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(api_programs, api_create))
        .routes(routes!(api_program, api_update))
        .routes(routes!(api_my_enrollment, api_enroll, api_withdraw))
        .routes(routes!(api_enrollments))
        .routes(routes!(api_close))
        .routes(routes!(api_reopen))
        .routes(routes!(api_end))
        .routes(routes!(api_invite))
        .routes(routes!(api_runs, api_run_matching))
        .routes(routes!(api_run))
        .routes(routes!(api_publish))
        .routes(routes!(api_compare))
        .routes(routes!(api_adjustments, api_adjust))
        .routes(routes!(api_remove_adjustment))
        .routes(routes!(api_stats))
        .routes(routes!(api_remind))
        .routes(routes!(api_export))
        .routes(routes!(api_mentors))
        .routes(routes!(api_requests, api_request_mentor))
        .routes(routes!(api_accept))
        .routes(routes!(api_decline))
        .routes(routes!(api_withdraw_request))
}

fn render(template: impl Template) -> AppResult<Html<String>> {
    Ok(Html(template.render().map_err(anyhow::Error::from)?))
}

fn render_with_status(status: StatusCode, template: impl Template) -> AppResult<Response> {
    Ok((status, render(template)?).into_response())
}

// ---- pages: list and program ----

#[derive(Template)]
#[template(path = "mentorship/templates/programs.html")]
struct ProgramsPage {
    page: PageContext,
    programs: Vec<ProgramListing>,
    may_lead: bool,
}

async fn programs_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
) -> AppResult<Html<String>> {
    let programs = service::programs(&state.db, &viewer).await?;
    render(ProgramsPage {
        page,
        programs,
        may_lead: service::may_lead(&viewer),
    })
}

#[derive(Template)]
#[template(path = "mentorship/templates/program.html")]
struct ProgramPage {
    page: PageContext,
    program: Program,
    enrollment: Option<Enrollment>,
    relationships: Vec<(i64, String)>,
    requests: Vec<MentorRequest>,
    lead: Option<LeadView>,
    invite: Option<FormError>,
}

struct LeadView {
    stats: ProgramStats,
    runs: Vec<RunSummary>,
    adjustments: Vec<Adjustment>,
    enrollments: Vec<Enrollment>,
}

impl ProgramPage {
    fn invite_error(&self) -> Option<String> {
        self.invite.as_ref().map(|i| i.error.user_message())
    }

    fn invite_typed(&self) -> &str {
        self.invite.as_ref().map(|i| i.typed.as_str()).unwrap_or("")
    }

    fn enrolled(&self) -> bool {
        self.enrollment
            .as_ref()
            .is_some_and(|e| e.status == "enrolled")
    }

    fn incoming(&self) -> Vec<&MentorRequest> {
        let me = self.page.viewer_id();
        self.requests
            .iter()
            .filter(|r| r.mentor_id == me && r.status == "pending")
            .collect()
    }

    fn outgoing(&self) -> Vec<&MentorRequest> {
        let me = self.page.viewer_id();
        self.requests.iter().filter(|r| r.mentee_id == me).collect()
    }
}

async fn program_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    render_program(&state, &viewer, page, id, None).await
}

/// A form on the program page that was refused: its field's message and what was typed.
struct FormError {
    error: AppError,
    typed: String,
}

async fn render_program(
    state: &AppState,
    viewer: &Viewer,
    page: PageContext,
    id: i64,
    invite: Option<FormError>,
) -> AppResult<Response> {
    let db = &state.db;
    let program = service::program(db, viewer, id).await?;
    let lead = if service::may_lead(viewer) {
        Some(LeadView {
            stats: service::stats(db, viewer, id, state.config.min_group_size).await?,
            runs: service::runs(db, viewer, id).await?,
            adjustments: service::adjustments(db, viewer, id).await?,
            enrollments: service::enrollments(db, viewer, id, 1).await?,
        })
    } else {
        None
    };
    let status = invite
        .as_ref()
        .map(|i| i.error.status())
        .unwrap_or(StatusCode::OK);
    render_with_status(
        status,
        ProgramPage {
            page,
            enrollment: service::my_enrollment(db, viewer, id).await?,
            relationships: super::store::active_relationship(db, id, viewer.id).await?,
            requests: service::my_requests(db, viewer, id).await?,
            program,
            lead,
            invite,
        },
    )
}

// ---- pages: program form ----

#[derive(Template)]
#[template(path = "mentorship/templates/program_form.html")]
struct ProgramFormPage {
    page: PageContext,
    /// None for a new program.
    program_id: Option<i64>,
    form: Fields,
    question_slots: Vec<usize>,
    departments: Vec<crate::admin::model::Department>,
    organizations: Vec<(i64, String)>,
    error: Option<AppError>,
}

impl ProgramFormPage {
    fn v(&self, name: &str) -> String {
        self.form.raw(name).unwrap_or_default()
    }
    fn q(&self, slot: &usize, name: &str) -> String {
        self.v(&format!("q{slot}_{name}"))
    }
    fn checked(&self, name: &str) -> bool {
        self.form.flag(name)
    }
    fn is(&self, name: &str, value: &str) -> bool {
        self.form.all(name).iter().any(|v| v == value)
    }
    fn qis(&self, slot: &usize, name: &str, value: &str) -> bool {
        self.is(&format!("q{slot}_{name}"), value)
    }
    fn criteria(&self) -> &'static [CriterionInfo] {
        &CRITERIA
    }
    fn field_error(&self, field: &str) -> Option<String> {
        self.error
            .as_ref()
            .filter(|e| {
                e.field()
                    .is_some_and(|f| f == field || f.starts_with(&format!("{field}.")))
            })
            .map(|e| e.user_message())
    }
    fn action(&self) -> String {
        match self.program_id {
            Some(id) => format!("/programs/{id}/edit"),
            None => "/programs/new".into(),
        }
    }
}

/// Form fields for a program (the new form's defaults, or an existing program).
fn program_fields(program: Option<&Program>) -> Fields {
    let mut pairs: Vec<(String, String)> = Vec::new();
    let mut put = |k: &str, v: String| pairs.push((k.to_string(), v));
    let today = crate::db::now();
    let criteria = program.map(|p| p.criteria.clone()).unwrap_or_default();
    match program {
        Some(p) => {
            put("name", p.name.clone());
            put("description", p.description.clone());
            put("kind", p.kind.as_str().into());
            put("group_size", p.group_size.to_string());
            put("matching_mode", p.matching_mode.as_str().into());
            put("enrollment_opens", p.enrollment_opens.clone());
            put("enrollment_closes", p.enrollment_closes.clone());
            put("matching_on", p.matching_on.clone());
            put("ends_on", p.ends_on.clone());
            put("audience", p.audience.as_str().into());
            for id in &p.audience_ids {
                put("audience_ids", id.to_string());
            }
            put("max_mentees", p.max_mentees.to_string());
            if p.capacity_from_profile {
                put("capacity_from_profile", "on".into());
            }
            if p.favour_bridges {
                put("favour_bridges", "on".into());
            }
            put("checkin_weeks", p.checkin_weeks.to_string());
            for (i, q) in p.questions.iter().enumerate() {
                put(&format!("q{i}_prompt"), q.prompt.clone());
                put(&format!("q{i}_kind"), q.kind.clone());
                put(&format!("q{i}_options"), q.options.join("\n"));
                put(&format!("q{i}_criterion"), q.criterion.clone());
                put(&format!("q{i}_asked_of"), q.asked_of.clone());
                if q.required {
                    put(&format!("q{i}_required"), "on".into());
                }
            }
        }
        None => {
            put("kind", "one_on_one".into());
            put("group_size", "4".into());
            put("matching_mode", "lead".into());
            put("enrollment_opens", date(today));
            put("enrollment_closes", date(today + 14 * 86_400));
            put("matching_on", date(today + 15 * 86_400));
            put("ends_on", date(today + 200 * 86_400));
            put("audience", "everyone".into());
            put("max_mentees", "2".into());
            put("capacity_from_profile", "on".into());
            put("checkin_weeks", "3".into());
        }
    }
    for info in &CRITERIA {
        let w = criteria.get(info.key);
        put(&format!("w_{}", info.key), format!("{}", w.weight));
        if w.must {
            put(&format!("must_{}", info.key), "on".into());
        }
    }
    put("cross_department", criteria.cross_department.clone());
    put("objective", criteria.objective.clone());
    put(
        "max_time_zone_hours",
        format!("{}", criteria.max_time_zone_hours),
    );
    Fields::new(pairs)
}

fn number(form: &Fields, name: &str) -> AppResult<f64> {
    let raw = form.text(name).unwrap_or_else(|| "0".into());
    raw.parse::<f64>()
        .ok()
        .filter(|v| v.is_finite())
        .ok_or_else(|| AppError::invalid(name, format!("“{raw}” is not a number")))
}

/// Reads the program form into the API's input, so both go through the same checks.
fn program_input(form: &Fields) -> AppResult<ProgramInput> {
    let mut criteria = MatchingCriteria {
        cross_department: form
            .text("cross_department")
            .unwrap_or_else(|| "prefer".into()),
        max_time_zone_hours: number(form, "max_time_zone_hours")?,
        ..MatchingCriteria::default()
    };
    for info in &CRITERIA {
        let field = format!("w_{}", info.key);
        let weight = number(form, &field).map_err(|_| {
            AppError::invalid(
                format!("criteria.{}.weight", info.key),
                "a weight is a number from 0 to 100",
            )
        })?;
        criteria.set(
            info.key,
            CriterionWeight {
                weight,
                must: form.flag(&format!("must_{}", info.key)),
            },
        );
    }
    let mut questions = Vec::new();
    for slot in 0..service::MAX_QUESTIONS {
        let Some(prompt) = form.text(&format!("q{slot}_prompt")) else {
            continue;
        };
        questions.push(QuestionInput {
            prompt,
            kind: form
                .text(&format!("q{slot}_kind"))
                .unwrap_or_else(|| "text".into()),
            options: form
                .raw(&format!("q{slot}_options"))
                .unwrap_or_default()
                .lines()
                .map(str::to_string)
                .collect(),
            criterion: form.text(&format!("q{slot}_criterion")).unwrap_or_default(),
            asked_of: form
                .text(&format!("q{slot}_asked_of"))
                .unwrap_or_else(|| "both".into()),
            required: form.flag(&format!("q{slot}_required")),
        });
    }
    let audience = form.text("audience").unwrap_or_else(|| "everyone".into());
    let ids_field = match audience.as_str() {
        "departments" => "department_ids",
        _ => "organization_ids",
    };
    let audience_ids = form
        .all(ids_field)
        .iter()
        .map(|v| {
            v.parse::<i64>()
                .map_err(|_| AppError::invalid("audience_ids", "choose from the list"))
        })
        .collect::<AppResult<Vec<i64>>>()?;
    Ok(ProgramInput {
        name: form.text("name").unwrap_or_default(),
        description: form.raw("description").unwrap_or_default(),
        kind: form.text("kind").unwrap_or_default(),
        group_size: form.int("group_size")?,
        matching_mode: form.text("matching_mode").unwrap_or_else(|| "lead".into()),
        enrollment_opens: form.text("enrollment_opens").unwrap_or_default(),
        enrollment_closes: form.text("enrollment_closes").unwrap_or_default(),
        matching_on: form.text("matching_on").unwrap_or_default(),
        ends_on: form.text("ends_on").unwrap_or_default(),
        audience,
        audience_ids,
        max_mentees: form.int("max_mentees")?.unwrap_or(2),
        capacity_from_profile: form.flag("capacity_from_profile"),
        favour_bridges: form.flag("favour_bridges"),
        criteria: Some(criteria),
        checkin_weeks: form.int("checkin_weeks")?.unwrap_or(3),
        questions,
    })
}

fn slots(form: &Fields) -> Vec<usize> {
    let used = (0..service::MAX_QUESTIONS)
        .filter(|i| {
            form.has(&format!("q{i}_prompt")) && form.text(&format!("q{i}_prompt")).is_some()
        })
        .map(|i| i + 1)
        .max()
        .unwrap_or(0);
    (0..(used + 2).min(service::MAX_QUESTIONS)).collect()
}

async fn form_page(
    state: &AppState,
    page: PageContext,
    program_id: Option<i64>,
    form: Fields,
    error: Option<AppError>,
) -> AppResult<Response> {
    let status = error.as_ref().map(|e| e.status()).unwrap_or(StatusCode::OK);
    let question_slots = slots(&form);
    render_with_status(
        status,
        ProgramFormPage {
            page,
            program_id,
            form,
            question_slots,
            departments: crate::admin::store::departments(&state.db).await?,
            organizations: super::store::organizations(&state.db).await?,
            error,
        },
    )
}

async fn new_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
) -> AppResult<Response> {
    if !service::may_lead(&viewer) {
        return Err(AppError::forbidden(
            "only program leads and admins create programs",
        ));
    }
    form_page(&state, page, None, program_fields(None), None).await
}

async fn new_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let result = match program_input(&form) {
        Ok(input) => service::create(&state.db, &viewer, &input).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(p) => Ok(
            redirect_with_notice(&format!("/programs/{}", p.id), "Program created").into_response(),
        ),
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            form_page(&state, page, None, form, Some(e)).await
        }
        Err(e) => Err(e),
    }
}

async fn edit_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let program = service::led_program(&state.db, &viewer, id).await?;
    form_page(&state, page, Some(id), program_fields(Some(&program)), None).await
}

async fn edit_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let result = match program_input(&form) {
        Ok(input) => service::update(&state.db, &viewer, id, &input).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => {
            Ok(redirect_with_notice(&format!("/programs/{id}"), "Program saved").into_response())
        }
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            form_page(&state, page, Some(id), form, Some(e)).await
        }
        Err(e) => Err(e),
    }
}

// ---- pages: enrollment ----

#[derive(Template)]
#[template(path = "mentorship/templates/enroll.html")]
struct EnrollPage {
    page: PageContext,
    program: Program,
    form: Fields,
    error: Option<AppError>,
}

impl EnrollPage {
    fn v(&self, name: &str) -> String {
        self.form.raw(name).unwrap_or_default()
    }
    fn answer(&self, q: &Question) -> String {
        self.v(&format!("a{}", q.id))
    }
    fn picked(&self, q: &Question, option: &str) -> bool {
        self.form
            .all(&format!("a{}", q.id))
            .iter()
            .any(|v| v == option)
    }
    fn role_is(&self, role: &str) -> bool {
        self.form.text("role").as_deref() == Some(role)
    }
    fn field_error(&self, field: &str) -> Option<String> {
        self.error
            .as_ref()
            .filter(|e| e.field() == Some(field))
            .map(|e| e.user_message())
    }
    fn question_error(&self, q: &Question) -> Option<String> {
        self.field_error(&format!("answers.{}", q.id))
    }
}

async fn enroll_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let db = &state.db;
    let program = service::program(db, &viewer, id).await?;
    let mut pairs: Vec<(String, String)> = Vec::new();
    match service::my_enrollment(db, &viewer, id)
        .await?
        .filter(|e| e.status == "enrolled")
    {
        Some(e) => {
            pairs.push(("role".into(), e.role.clone()));
            pairs.push(("capacity".into(), e.capacity.max(1).to_string()));
            for (q, answers) in e.answers {
                for a in answers {
                    pairs.push((format!("a{q}"), a));
                }
            }
        }
        None => {
            pairs.push(("role".into(), "mentee".into()));
            pairs.push((
                "capacity".into(),
                service::default_capacity(db, &viewer, &program)
                    .await?
                    .to_string(),
            ));
            for (q, answers) in service::prefilled_answers(db, &viewer, &program).await? {
                for a in answers {
                    pairs.push((format!("a{q}"), a));
                }
            }
        }
    }
    render_with_status(
        StatusCode::OK,
        EnrollPage {
            page,
            program,
            form: Fields::new(pairs),
            error: None,
        },
    )
}

fn enrollment_input(program: &Program, form: &Fields) -> AppResult<EnrollmentInput> {
    let mut answers = BTreeMap::new();
    for q in &program.questions {
        let given = form.all(&format!("a{}", q.id));
        if !given.is_empty() {
            answers.insert(q.id, given);
        }
    }
    Ok(EnrollmentInput {
        role: form.text("role").unwrap_or_default(),
        capacity: form.int("capacity")?,
        answers,
    })
}

async fn enroll_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let db = &state.db;
    let program = service::program(db, &viewer, id).await?;
    let result = match enrollment_input(&program, &form) {
        Ok(input) => service::enroll(db, &viewer, id, &input).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(
            redirect_with_notice(&format!("/programs/{id}"), "You are enrolled").into_response(),
        ),
        Err(
            error @ (AppError::Invalid { .. } | AppError::Conflict(_) | AppError::Forbidden(_)),
        ) => render_with_status(
            error.status(),
            EnrollPage {
                page,
                program,
                form,
                error: Some(error),
            },
        ),
        Err(e) => Err(e),
    }
}

async fn withdraw_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    service::withdraw(&state.db, &viewer, id).await?;
    Ok(
        redirect_with_notice(&format!("/programs/{id}"), "You withdrew from this program")
            .into_response(),
    )
}

async fn close_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    service::close_enrollment(&state.db, &viewer, id).await?;
    Ok(redirect_with_notice(&format!("/programs/{id}"), "Enrollment closed").into_response())
}

async fn reopen_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    service::reopen_enrollment(&state.db, &viewer, id).await?;
    Ok(redirect_with_notice(&format!("/programs/{id}"), "Enrollment reopened").into_response())
}

async fn end_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    service::end_program(&state.db, &viewer, id).await?;
    Ok(redirect_with_notice(&format!("/programs/{id}"), "Program ended").into_response())
}

async fn invite_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let typed = form.raw("emails").unwrap_or_default();
    match invite_by_email(&state, &viewer, id, &typed).await {
        Ok(n) => Ok(
            redirect_with_notice(&format!("/programs/{id}"), &format!("{n} invited"))
                .into_response(),
        ),
        Err(error @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            render_program(&state, &viewer, page, id, Some(FormError { error, typed })).await
        }
        Err(e) => Err(e),
    }
}

async fn invite_by_email(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    typed: &str,
) -> AppResult<usize> {
    let emails: Vec<String> = typed
        .split([',', '\n', ' ', ';'])
        .map(|e| e.trim().to_lowercase())
        .filter(|e| !e.is_empty())
        .collect();
    if emails.is_empty() {
        return Err(AppError::invalid(
            "emails",
            "type at least one e-mail address",
        ));
    }
    let found = super::store::users_by_email(&state.db, &emails).await?;
    if let Some(missing) = emails.iter().find(|e| !found.iter().any(|(_, m)| m == *e)) {
        return Err(AppError::invalid(
            "emails",
            format!("no active member has the e-mail {missing}"),
        ));
    }
    let ids: Vec<i64> = found.iter().map(|f| f.0).collect();
    service::invite(&state.db, viewer, id, &ids).await
}

// ---- pages: matching ----

async fn run_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let run = service::run_matching(&state, &viewer, id).await?;
    Ok(redirect_with_notice(
        &format!("/programs/{id}/runs/{run}"),
        "Matching ready for review",
    )
    .into_response())
}

#[derive(Template)]
#[template(path = "mentorship/templates/run.html")]
struct RunPage {
    page: PageContext,
    program: Program,
    detail: RunDetail,
}

#[derive(Deserialize, IntoParams)]
#[allow(dead_code)] // Documents the query; the handler reads it through QueryFields.
struct PageQuery {
    /// 1-based page of pairs.
    page: Option<i64>,
}

async fn run_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path((id, run)): Path<(i64, i64)>,
    QueryFields(query): QueryFields,
) -> AppResult<Html<String>> {
    let db = &state.db;
    let program = service::led_program(db, &viewer, id).await?;
    let detail = service::run_detail(db, &viewer, id, run, query.int("page")?.unwrap_or(1)).await?;
    render(RunPage {
        page,
        program,
        detail,
    })
}

async fn publish_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, run)): Path<(i64, i64)>,
) -> AppResult<Response> {
    let n = service::publish(&state.db, &viewer, id, run).await?;
    Ok(redirect_with_notice(
        &format!("/programs/{id}"),
        &format!("Published: {n} relationships started"),
    )
    .into_response())
}

#[derive(Template)]
#[template(path = "mentorship/templates/compare.html")]
struct ComparePage {
    page: PageContext,
    program: Program,
    comparison: RunComparison,
}

async fn compare_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
    QueryFields(query): QueryFields,
) -> AppResult<Html<String>> {
    let db = &state.db;
    let program = service::led_program(db, &viewer, id).await?;
    let a = query
        .int("a")?
        .ok_or_else(|| AppError::invalid("a", "choose the first run"))?;
    let b = query
        .int("b")?
        .ok_or_else(|| AppError::invalid("b", "choose the second run"))?;
    let comparison = service::compare(db, &viewer, id, a, b).await?;
    render(ComparePage {
        page,
        program,
        comparison,
    })
}

fn back_to(form: &Fields, fallback: String) -> String {
    form.text("back")
        .filter(|b| b.starts_with('/') && !b.starts_with("//"))
        .unwrap_or(fallback)
}

async fn adjust_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let back = back_to(&form, format!("/programs/{id}"));
    let result = async {
        let input = AdjustmentInput {
            mentee_id: form
                .int("mentee_id")?
                .ok_or_else(|| AppError::invalid("mentee_id", "choose a mentee"))?,
            mentor_id: form
                .int("mentor_id")?
                .ok_or_else(|| AppError::invalid("mentor_id", "type the mentor's member number"))?,
            kind: form.text("kind").unwrap_or_default(),
        };
        service::adjust(&state.db, &viewer, id, &input).await?;
        Ok::<_, AppError>(input.kind)
    }
    .await;
    let notice = match result {
        Ok(kind) => match kind.as_str() {
            "forbid" => "Pair forbidden: re-run the matching to apply it".to_string(),
            "move" => "Mentee moved: re-run the matching to apply it".to_string(),
            _ => "Pair locked: re-run the matching to match around it".to_string(),
        },
        // The form is one button on a long preview: go back to it, saying why nothing changed.
        Err(e @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            format!("Not applied: {}", e.user_message())
        }
        Err(e) => return Err(e),
    };
    Ok(redirect_with_notice(&back, &notice).into_response())
}

async fn unadjust_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let mentee = form
        .int("mentee_id")?
        .ok_or_else(|| AppError::invalid("mentee_id", "missing"))?;
    let mentor = form
        .int("mentor_id")?
        .ok_or_else(|| AppError::invalid("mentor_id", "missing"))?;
    service::remove_adjustment(&state.db, &viewer, id, mentee, mentor).await?;
    Ok(redirect_with_notice(&format!("/programs/{id}"), "Adjustment removed").into_response())
}

async fn remind_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let n = service::remind(&state.db, &viewer, id).await?;
    Ok(redirect_with_notice(
        &format!("/programs/{id}"),
        &format!("Reminded {n} relationships"),
    )
    .into_response())
}

async fn export_csv(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let csv = service::export_csv(&state.db, &viewer, id).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8".to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"program-{id}.csv\""),
            ),
        ],
        csv,
    )
        .into_response())
}

// ---- pages: self-service ----

#[derive(Template)]
#[template(path = "mentorship/templates/mentors.html")]
struct MentorsPage {
    page: PageContext,
    program: Program,
    choice: MentorChoice,
    error: Option<AppError>,
    message: String,
}

async fn mentors_page(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
) -> AppResult<Html<String>> {
    let program = service::program(&state.db, &viewer, id).await?;
    let choice = service::suggestions(&state, &viewer, id, 10).await?;
    render(MentorsPage {
        page,
        program,
        choice,
        error: None,
        message: String::new(),
    })
}

async fn request_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    page: PageContext,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let input = MentorRequestInput {
        mentor_id: form
            .int("mentor_id")?
            .ok_or_else(|| AppError::invalid("mentor_id", "choose a mentor"))?,
        message: form.raw("message").unwrap_or_default(),
    };
    match service::request_mentor(&state, &viewer, id, &input).await {
        Ok(_) => Ok(
            redirect_with_notice(&format!("/programs/{id}/mentors"), "Request sent")
                .into_response(),
        ),
        Err(error @ (AppError::Invalid { .. } | AppError::Conflict(_))) => {
            let program = service::program(&state.db, &viewer, id).await?;
            let choice = service::suggestions(&state, &viewer, id, 10).await?;
            render_with_status(
                error.status(),
                MentorsPage {
                    page,
                    program,
                    choice,
                    error: Some(error),
                    message: input.message,
                },
            )
        }
        Err(e) => Err(e),
    }
}

async fn accept_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let relationship = service::accept_request(&state.db, &viewer, id).await?;
    Ok(redirect_with_notice(
        &format!("/mentorships/{relationship}"),
        "Request accepted: your mentoring starts",
    )
    .into_response())
}

async fn decline_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    FormFields(form): FormFields,
) -> AppResult<Response> {
    let request = super::store::request(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    service::decline_request(
        &state.db,
        &viewer,
        id,
        &RequestAnswer {
            reason: form.raw("reason").unwrap_or_default(),
        },
    )
    .await?;
    Ok(redirect_with_notice(
        &format!("/programs/{}", request.program_id),
        "Request declined",
    )
    .into_response())
}

async fn withdraw_request_submit(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    let request = super::store::request(&state.db, id)
        .await?
        .ok_or(AppError::NotFound)?;
    service::withdraw_request(&state.db, &viewer, id).await?;
    Ok(redirect_with_notice(
        &format!("/programs/{}/mentors", request.program_id),
        "Request withdrawn",
    )
    .into_response())
}

// ---- JSON API ----

/// Programs I may see, newest first, with my part in each.
#[utoipa::path(get, path = "/programs", tag = "mentorship", responses((status = 200, body = [ProgramListing])))]
async fn api_programs(
    State(state): State<AppState>,
    viewer: Viewer,
) -> AppResult<Json<Vec<ProgramListing>>> {
    Ok(Json(service::programs(&state.db, &viewer).await?))
}

/// Create a program (leads and admins).
#[utoipa::path(post, path = "/programs", tag = "mentorship", request_body = ProgramInput,
    responses((status = 201, body = Program), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_create(
    State(state): State<AppState>,
    viewer: Viewer,
    ApiJson(input): ApiJson<ProgramInput>,
) -> AppResult<(StatusCode, Json<Program>)> {
    Ok((
        StatusCode::CREATED,
        Json(service::create(&state.db, &viewer, &input).await?),
    ))
}

/// A program with its questions and criteria.
#[utoipa::path(get, path = "/programs/{id}", tag = "mentorship", params(("id" = i64, Path)),
    responses((status = 200, body = Program), (status = 404, body = ErrorBody)))]
async fn api_program(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Json<Program>> {
    Ok(Json(service::program(&state.db, &viewer, id).await?))
}

/// Change a program (leads and admins); questions are fixed once people enrolled.
#[utoipa::path(put, path = "/programs/{id}", tag = "mentorship", params(("id" = i64, Path)), request_body = ProgramInput,
    responses((status = 200, body = Program), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_update(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<ProgramInput>,
) -> AppResult<Json<Program>> {
    Ok(Json(service::update(&state.db, &viewer, id, &input).await?))
}

/// My enrollment in a program.
#[utoipa::path(get, path = "/programs/{id}/enrollment", tag = "mentorship", params(("id" = i64, Path)),
    responses((status = 200, body = Enrollment), (status = 404, body = ErrorBody)))]
async fn api_my_enrollment(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Json<Enrollment>> {
    service::program(&state.db, &viewer, id).await?;
    service::my_enrollment(&state.db, &viewer, id)
        .await?
        .map(Json)
        .ok_or(AppError::NotFound)
}

/// Enroll (or change my enrollment) while enrollment is open.
#[utoipa::path(put, path = "/programs/{id}/enrollment", tag = "mentorship", params(("id" = i64, Path)), request_body = EnrollmentInput,
    responses((status = 200, body = Enrollment), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_enroll(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<EnrollmentInput>,
) -> AppResult<Json<Enrollment>> {
    Ok(Json(service::enroll(&state.db, &viewer, id, &input).await?))
}

/// Withdraw before being matched.
#[utoipa::path(delete, path = "/programs/{id}/enrollment", tag = "mentorship", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn api_withdraw(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    service::withdraw(&state.db, &viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Enrollments, newest first, 100 per page (leads).
#[utoipa::path(get, path = "/programs/{id}/enrollments", tag = "mentorship", params(("id" = i64, Path), PageQuery),
    responses((status = 200, body = [Enrollment]), (status = 403, body = ErrorBody)))]
async fn api_enrollments(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    QueryFields(query): QueryFields,
) -> AppResult<Json<Vec<Enrollment>>> {
    Ok(Json(
        service::enrollments(&state.db, &viewer, id, query.int("page")?.unwrap_or(1)).await?,
    ))
}

/// Close enrollment (leads).
#[utoipa::path(post, path = "/programs/{id}/close", tag = "mentorship", params(("id" = i64, Path)),
    responses((status = 200, body = Program), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn api_close(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Json<Program>> {
    Ok(Json(
        service::close_enrollment(&state.db, &viewer, id).await?,
    ))
}

/// Reopen enrollment closed by a lead (leads).
#[utoipa::path(post, path = "/programs/{id}/reopen", tag = "mentorship", params(("id" = i64, Path)),
    responses((status = 200, body = Program), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn api_reopen(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Json<Program>> {
    Ok(Json(
        service::reopen_enrollment(&state.db, &viewer, id).await?,
    ))
}

/// End the program (leads).
#[utoipa::path(post, path = "/programs/{id}/end", tag = "mentorship", params(("id" = i64, Path)),
    responses((status = 200, body = Program), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn api_end(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Json<Program>> {
    Ok(Json(service::end_program(&state.db, &viewer, id).await?))
}

/// How many members were newly invited.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct Invited {
    invited: usize,
}

/// Invite members by id (leads); each gets a notification.
#[utoipa::path(post, path = "/programs/{id}/invitations", tag = "mentorship", params(("id" = i64, Path)), request_body = InviteInput,
    responses((status = 200, body = Invited), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_invite(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<InviteInput>,
) -> AppResult<Json<Invited>> {
    Ok(Json(Invited {
        invited: service::invite(&state.db, &viewer, id, &input.user_ids).await?,
    }))
}

/// Matching runs, newest first (leads).
#[utoipa::path(get, path = "/programs/{id}/runs", tag = "mentorship", params(("id" = i64, Path)),
    responses((status = 200, body = [RunSummary]), (status = 403, body = ErrorBody)))]
async fn api_runs(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<RunSummary>>> {
    Ok(Json(service::runs(&state.db, &viewer, id).await?))
}

/// Run the matching around the locks and forbidden pairs (leads; after enrollment closed).
#[utoipa::path(post, path = "/programs/{id}/runs", tag = "mentorship", params(("id" = i64, Path)),
    responses((status = 201, body = RunDetail), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn api_run_matching(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<(StatusCode, Json<RunDetail>)> {
    let run = service::run_matching(&state, &viewer, id).await?;
    Ok((
        StatusCode::CREATED,
        Json(service::run_detail(&state.db, &viewer, id, run, 1).await?),
    ))
}

/// A run's preview: pairs (100 per page) with their breakdown, the unmatched and why, the
/// fairness report and the effect on the network (leads).
#[utoipa::path(get, path = "/programs/{id}/runs/{run}", tag = "mentorship", params(("id" = i64, Path), ("run" = i64, Path), PageQuery),
    responses((status = 200, body = RunDetail), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn api_run(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, run)): Path<(i64, i64)>,
    QueryFields(query): QueryFields,
) -> AppResult<Json<RunDetail>> {
    Ok(Json(
        service::run_detail(&state.db, &viewer, id, run, query.int("page")?.unwrap_or(1)).await?,
    ))
}

/// How many relationships publishing started.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct Published {
    relationships: usize,
}

/// Publish a run: the relationships start and everyone matched is notified (leads).
#[utoipa::path(post, path = "/programs/{id}/runs/{run}/publish", tag = "mentorship", params(("id" = i64, Path), ("run" = i64, Path)),
    responses((status = 200, body = Published), (status = 403, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn api_publish(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, run)): Path<(i64, i64)>,
) -> AppResult<Json<Published>> {
    Ok(Json(Published {
        relationships: service::publish(&state.db, &viewer, id, run).await?,
    }))
}

#[derive(Deserialize, IntoParams)]
#[allow(dead_code)] // Documents the query; the handler reads it through QueryFields.
struct CompareQuery {
    a: i64,
    b: i64,
}

/// Two runs side by side: pairs kept and mentees whose mentor changed (leads).
#[utoipa::path(get, path = "/programs/{id}/compare", tag = "mentorship", params(("id" = i64, Path), CompareQuery),
    responses((status = 200, body = RunComparison), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn api_compare(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    QueryFields(query): QueryFields,
) -> AppResult<Json<RunComparison>> {
    let a = query
        .int("a")?
        .ok_or_else(|| AppError::invalid("a", "the first run is required"))?;
    let b = query
        .int("b")?
        .ok_or_else(|| AppError::invalid("b", "the second run is required"))?;
    Ok(Json(service::compare(&state.db, &viewer, id, a, b).await?))
}

/// Locked and forbidden pairs (leads).
#[utoipa::path(get, path = "/programs/{id}/adjustments", tag = "mentorship", params(("id" = i64, Path)),
    responses((status = 200, body = [Adjustment]), (status = 403, body = ErrorBody)))]
async fn api_adjustments(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<Adjustment>>> {
    Ok(Json(service::adjustments(&state.db, &viewer, id).await?))
}

/// Lock, forbid, or move a mentee to a mentor (leads); applies at the next run.
#[utoipa::path(post, path = "/programs/{id}/adjustments", tag = "mentorship", params(("id" = i64, Path)), request_body = AdjustmentInput,
    responses((status = 200, body = [Adjustment]), (status = 403, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_adjust(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<AdjustmentInput>,
) -> AppResult<Json<Vec<Adjustment>>> {
    service::adjust(&state.db, &viewer, id, &input).await?;
    Ok(Json(service::adjustments(&state.db, &viewer, id).await?))
}

/// Remove a lock or forbidden pair (leads).
#[utoipa::path(delete, path = "/programs/{id}/adjustments/{mentee}/{mentor}", tag = "mentorship",
    params(("id" = i64, Path), ("mentee" = i64, Path), ("mentor" = i64, Path)),
    responses((status = 204), (status = 403, body = ErrorBody), (status = 404, body = ErrorBody)))]
async fn api_remove_adjustment(
    State(state): State<AppState>,
    viewer: Viewer,
    Path((id, mentee, mentor)): Path<(i64, i64, i64)>,
) -> AppResult<StatusCode> {
    service::remove_adjustment(&state.db, &viewer, id, mentee, mentor).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Follow-up: enrolled, matched, active, without check-in, goals, feedback (leads).
#[utoipa::path(get, path = "/programs/{id}/stats", tag = "mentorship", params(("id" = i64, Path)),
    responses((status = 200, body = ProgramStats), (status = 403, body = ErrorBody)))]
async fn api_stats(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Json<ProgramStats>> {
    Ok(Json(
        service::stats(&state.db, &viewer, id, state.config.min_group_size).await?,
    ))
}

/// How many relationships were reminded.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct Reminded {
    reminded: usize,
}

/// Remind relationships without a recent check-in (leads; at most weekly per relationship).
#[utoipa::path(post, path = "/programs/{id}/reminders", tag = "mentorship", params(("id" = i64, Path)),
    responses((status = 200, body = Reminded), (status = 403, body = ErrorBody)))]
async fn api_remind(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Json<Reminded>> {
    Ok(Json(Reminded {
        reminded: service::remind(&state.db, &viewer, id).await?,
    }))
}

/// The program's relationships as CSV (leads).
#[utoipa::path(get, path = "/programs/{id}/export.csv", tag = "mentorship", params(("id" = i64, Path)),
    responses((status = 200, content_type = "text/csv", body = String), (status = 403, body = ErrorBody)))]
async fn api_export(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Response> {
    export_csv(State(state), viewer, Path(id)).await
}

/// Suggested mentors, or my pending request (self-service programs; mentees).
#[derive(serde::Serialize, utoipa::ToSchema)]
struct MentorChoiceBody {
    pending: Option<MentorRequest>,
    suggestions: Vec<MentorSuggestion>,
}

/// Mentors ranked for me with the reasons (self-service programs).
#[utoipa::path(get, path = "/programs/{id}/mentors", tag = "mentorship", params(("id" = i64, Path)),
    responses((status = 200, body = MentorChoiceBody), (status = 409, body = ErrorBody)))]
async fn api_mentors(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Json<MentorChoiceBody>> {
    let choice = service::suggestions(&state, &viewer, id, 10).await?;
    Ok(Json(MentorChoiceBody {
        pending: choice.pending,
        suggestions: choice.suggestions,
    }))
}

/// My requests in a program (sent as a mentee, received as a mentor).
#[utoipa::path(get, path = "/programs/{id}/requests", tag = "mentorship", params(("id" = i64, Path)),
    responses((status = 200, body = [MentorRequest])))]
async fn api_requests(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Json<Vec<MentorRequest>>> {
    Ok(Json(service::my_requests(&state.db, &viewer, id).await?))
}

/// Ask a suggested mentor (self-service programs; one request at a time).
#[utoipa::path(post, path = "/programs/{id}/requests", tag = "mentorship", params(("id" = i64, Path)), request_body = MentorRequestInput,
    responses((status = 201, body = MentorRequest), (status = 409, body = ErrorBody), (status = 422, body = ErrorBody)))]
async fn api_request_mentor(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(input): ApiJson<MentorRequestInput>,
) -> AppResult<(StatusCode, Json<MentorRequest>)> {
    Ok((
        StatusCode::CREATED,
        Json(service::request_mentor(&state, &viewer, id, &input).await?),
    ))
}

/// The relationship a request started.
#[derive(serde::Serialize, utoipa::ToSchema)]
struct Accepted {
    mentorship_id: i64,
}

/// Accept a request (the mentor; refused at capacity).
#[utoipa::path(post, path = "/mentor-requests/{id}/accept", tag = "mentorship", params(("id" = i64, Path)),
    responses((status = 200, body = Accepted), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn api_accept(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<Json<Accepted>> {
    Ok(Json(Accepted {
        mentorship_id: service::accept_request(&state.db, &viewer, id).await?,
    }))
}

/// Decline a request, optionally with a reason (the mentor).
#[utoipa::path(post, path = "/mentor-requests/{id}/decline", tag = "mentorship", params(("id" = i64, Path)), request_body = RequestAnswer,
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn api_decline(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
    ApiJson(answer): ApiJson<RequestAnswer>,
) -> AppResult<StatusCode> {
    service::decline_request(&state.db, &viewer, id, &answer).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Withdraw my pending request (the mentee).
#[utoipa::path(post, path = "/mentor-requests/{id}/withdraw", tag = "mentorship", params(("id" = i64, Path)),
    responses((status = 204), (status = 404, body = ErrorBody), (status = 409, body = ErrorBody)))]
async fn api_withdraw_request(
    State(state): State<AppState>,
    viewer: Viewer,
    Path(id): Path<i64>,
) -> AppResult<StatusCode> {
    service::withdraw_request(&state.db, &viewer, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
