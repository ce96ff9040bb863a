//! Program rules: who may run, see and join a program; enrollment checks; matching runs, the
//! lead's adjustments and publishing; follow-up; and self-service requests.

use std::collections::{BTreeMap, HashMap};

use super::matching;
use super::model::*;
use super::store::{self, ProgramColumns};
use crate::auth::model::{Role, Viewer};
use crate::db::{Db, now};
use crate::notifications::model::NewNotification;
use crate::notifications::store as notifications;
use crate::relationships::model::{MemberRole, NewMentorship};
use crate::web::AppState;
use crate::{AppError, AppResult};

/// Enrollment questions a program may ask.
pub const MAX_QUESTIONS: usize = 20;
const DAY: i64 = 86_400;
/// A mentor with one free place left is suggested only to mentees who rank them this high.
pub const LAST_PLACE_TOP: usize = 3;

/// Leads and admins run programs.
pub fn may_lead(viewer: &Viewer) -> bool {
    matches!(viewer.role, Role::Lead | Role::Admin)
}

fn require_lead(viewer: &Viewer) -> AppResult<()> {
    if may_lead(viewer) {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "only program leads and admins can do this",
        ))
    }
}

fn text(field: &str, value: &str, min: usize, max: usize) -> AppResult<String> {
    let value = value.trim();
    let len = value.chars().count();
    if len < min {
        return Err(AppError::invalid(field, "this is required"));
    }
    if len > max {
        return Err(AppError::invalid(
            field,
            format!("at most {max} characters"),
        ));
    }
    Ok(value.to_string())
}

/// Checks a lead's program form and turns it into columns.
pub fn check_program(input: &ProgramInput) -> AppResult<ProgramColumns> {
    let name = text("name", &input.name, 1, 120)?;
    let description = text("description", &input.description, 0, 5000)?;
    let kind = ProgramKind::parse("kind", input.kind.trim())?;
    let group_size = match kind {
        ProgramKind::Group | ProgramKind::Peer => {
            let size = input
                .group_size
                .unwrap_or(if kind == ProgramKind::Peer { 4 } else { 5 });
            let (low, high) = if kind == ProgramKind::Peer {
                (2, 12)
            } else {
                (2, 30)
            };
            if !(low..=high).contains(&size) {
                return Err(AppError::invalid(
                    "group_size",
                    format!(
                        "a {} is {low} to {high} people",
                        if kind == ProgramKind::Peer {
                            "circle"
                        } else {
                            "group"
                        }
                    ),
                ));
            }
            size
        }
        _ => 0,
    };
    let matching_mode = MatchingMode::parse("matching_mode", input.matching_mode.trim())?;
    if matching_mode == MatchingMode::SelfService && kind == ProgramKind::Peer {
        return Err(AppError::invalid(
            "matching_mode",
            "peer circles are formed by the lead's matching",
        ));
    }
    let opens = parse_date("enrollment_opens", &input.enrollment_opens)?;
    let closes = parse_date("enrollment_closes", &input.enrollment_closes)?;
    let matching_on = parse_date("matching_on", &input.matching_on)?;
    let ends_on = parse_date("ends_on", &input.ends_on)?;
    if closes < opens {
        return Err(AppError::invalid(
            "enrollment_closes",
            "enrollment must close on or after the day it opens",
        ));
    }
    if matching_on < closes {
        return Err(AppError::invalid(
            "matching_on",
            "matching comes on or after the close of enrollment",
        ));
    }
    if ends_on <= matching_on {
        return Err(AppError::invalid(
            "ends_on",
            "the program ends after the matching date",
        ));
    }
    let audience = Audience::parse("audience", input.audience.trim())?;
    if audience != Audience::Everyone && input.audience_ids.is_empty() {
        return Err(AppError::invalid(
            "audience_ids",
            "choose at least one department or organization",
        ));
    }
    if !(1..=20).contains(&input.max_mentees) {
        return Err(AppError::invalid(
            "max_mentees",
            "a mentor takes 1 to 20 mentees",
        ));
    }
    if !(1..=26).contains(&input.checkin_weeks) {
        return Err(AppError::invalid(
            "checkin_weeks",
            "flag relationships after 1 to 26 weeks without a check-in",
        ));
    }
    let criteria = input.criteria.clone().unwrap_or_default();
    criteria.validate()?;
    if input.questions.len() > MAX_QUESTIONS {
        return Err(AppError::invalid(
            "questions",
            format!("at most {MAX_QUESTIONS} questions"),
        ));
    }
    let mut questions = Vec::with_capacity(input.questions.len());
    for (i, q) in input.questions.iter().enumerate() {
        let field = |f: &str| format!("questions[{i}].{f}");
        let prompt = text(&field("prompt"), &q.prompt, 1, 300)?;
        if !["choice", "choices", "text"].contains(&q.kind.as_str()) {
            return Err(AppError::invalid(
                field("kind"),
                "choose choice, choices or text",
            ));
        }
        let options: Vec<String> = q
            .options
            .iter()
            .map(|o| o.trim().to_string())
            .filter(|o| !o.is_empty())
            .collect();
        if q.kind != "text" && options.len() < 2 {
            return Err(AppError::invalid(
                field("options"),
                "a choice question needs at least two options",
            ));
        }
        if options.len() > 50 || options.iter().any(|o| o.chars().count() > 100) {
            return Err(AppError::invalid(
                field("options"),
                "at most 50 options of up to 100 characters",
            ));
        }
        if !["", "goals", "interests", "values", "skills"].contains(&q.criterion.as_str()) {
            return Err(AppError::invalid(
                field("criterion"),
                "choose goals, interests, values, skills or nothing",
            ));
        }
        if !["mentor", "mentee", "both"].contains(&q.asked_of.as_str()) {
            return Err(AppError::invalid(
                field("asked_of"),
                "choose mentor, mentee or both",
            ));
        }
        questions.push(QuestionInput {
            prompt,
            kind: q.kind.clone(),
            options,
            criterion: q.criterion.clone(),
            asked_of: q.asked_of.clone(),
            required: q.required,
        });
    }
    Ok(ProgramColumns {
        name,
        description,
        kind,
        group_size,
        matching_mode,
        enrollment_opens: opens,
        enrollment_closes: closes,
        matching_on,
        ends_on,
        audience,
        audience_ids: input.audience_ids.clone(),
        max_mentees: input.max_mentees,
        capacity_from_profile: input.capacity_from_profile,
        favour_bridges: input.favour_bridges,
        criteria,
        checkin_weeks: input.checkin_weeks,
        questions,
    })
}

pub async fn create(db: &Db, viewer: &Viewer, input: &ProgramInput) -> AppResult<Program> {
    require_lead(viewer)?;
    let columns = check_program(input)?;
    check_audience_ids(db, &columns).await?;
    let id = store::insert_program(db, viewer.id, &columns).await?;
    crate::admin::store::audit(db, viewer.id, "program.create", &columns.name).await?;
    store::program(db, id).await?.ok_or(AppError::NotFound)
}

async fn check_audience_ids(db: &Db, columns: &ProgramColumns) -> AppResult<()> {
    let known: Vec<i64> = match columns.audience {
        Audience::Everyone => return Ok(()),
        Audience::Departments => crate::admin::store::departments(db)
            .await?
            .into_iter()
            .map(|d| d.id)
            .collect(),
        Audience::Organizations => store::organizations(db)
            .await?
            .into_iter()
            .map(|o| o.0)
            .collect(),
    };
    match columns.audience_ids.iter().find(|id| !known.contains(id)) {
        Some(id) => Err(AppError::invalid(
            "audience_ids",
            format!("no department or organization with id {id}"),
        )),
        None => Ok(()),
    }
}

pub async fn update(db: &Db, viewer: &Viewer, id: i64, input: &ProgramInput) -> AppResult<Program> {
    require_lead(viewer)?;
    let current = store::program(db, id).await?.ok_or(AppError::NotFound)?;
    let columns = check_program(input)?;
    check_audience_ids(db, &columns).await?;
    let enrolled = store::stats(db, id).await?;
    let anyone = enrolled.mentors_enrolled + enrolled.mentees_enrolled + enrolled.withdrawn > 0;
    // Answers are stored by question: once people answered, the questions stay as they are.
    let same_questions = columns.questions.len() == current.questions.len()
        && columns
            .questions
            .iter()
            .zip(&current.questions)
            .all(|(a, b)| a.prompt == b.prompt && a.kind == b.kind && a.options == b.options);
    if anyone && !same_questions {
        return Err(AppError::conflict(
            "people have enrolled: the enrollment questions can no longer change",
        ));
    }
    if anyone && columns.kind != current.kind {
        return Err(AppError::conflict(
            "people have enrolled: the program's type can no longer change",
        ));
    }
    store::update_program(db, id, &columns, !anyone).await?;
    store::program(db, id).await?.ok_or(AppError::NotFound)
}

/// May the viewer join this program (audience or invitation)?
async fn in_audience(db: &Db, viewer: &Viewer, program: &Program) -> AppResult<bool> {
    if program.audience == Audience::Everyone {
        return Ok(true);
    }
    let Some((dept, org, _)) = store::member_placement(db, viewer.id).await? else {
        return Ok(false);
    };
    let target = match program.audience {
        Audience::Departments => dept,
        _ => org,
    };
    Ok(target.is_some_and(|t| program.audience_ids.contains(&t))
        || store::is_invited(db, program.id, viewer.id).await?)
}

/// A program the viewer may see: leads see all; members see those open to them, and any they
/// enrolled in or were invited to. Others are not found.
pub async fn program(db: &Db, viewer: &Viewer, id: i64) -> AppResult<Program> {
    let program = store::program(db, id).await?.ok_or(AppError::NotFound)?;
    if may_lead(viewer)
        || in_audience(db, viewer, &program).await?
        || store::enrollment(db, id, viewer.id).await?.is_some()
    {
        Ok(program)
    } else {
        Err(AppError::NotFound)
    }
}

/// A program a lead manages.
pub async fn led_program(db: &Db, viewer: &Viewer, id: i64) -> AppResult<Program> {
    let program = program(db, viewer, id).await?;
    require_lead(viewer)?;
    Ok(program)
}

/// Programs the viewer may see.
pub async fn programs(db: &Db, viewer: &Viewer) -> AppResult<Vec<ProgramListing>> {
    let (dept, org) = store::member_placement(db, viewer.id)
        .await?
        .map(|(d, o, _)| (d, o))
        .unwrap_or((None, None));
    let invited = store::invitations_of(db, viewer.id).await?;
    let lead = may_lead(viewer);
    Ok(store::programs(db, viewer.id)
        .await?
        .into_iter()
        .filter(|(p, _, mine)| {
            lead || mine.is_some()
                || invited.contains(&p.id)
                || match p.audience {
                    Audience::Everyone => true,
                    Audience::Departments => dept.is_some_and(|d| p.audience_ids.contains(&d)),
                    Audience::Organizations => org.is_some_and(|o| p.audience_ids.contains(&o)),
                }
        })
        .map(|(p, enrolled, my_role)| ProgramListing {
            id: p.id,
            name: p.name,
            kind: p.kind,
            matching_mode: p.matching_mode,
            phase: p.phase,
            enrollment_open: p.enrollment_open,
            enrollment_closes: p.enrollment_closes,
            ends_on: p.ends_on,
            enrolled,
            my_role,
        })
        .collect())
}

/// The viewer's enrollment in a program, if any.
pub async fn my_enrollment(
    db: &Db,
    viewer: &Viewer,
    program: i64,
) -> AppResult<Option<Enrollment>> {
    Ok(store::enrollment(db, program, viewer.id).await?)
}

/// The capacity a mentor's form starts with: their profile's, within the program's maximum.
pub async fn default_capacity(db: &Db, viewer: &Viewer, program: &Program) -> AppResult<i64> {
    let profile = store::member_placement(db, viewer.id)
        .await?
        .map(|p| p.2)
        .unwrap_or(0);
    Ok(if program.capacity_from_profile && profile > 0 {
        profile.min(program.max_mentees)
    } else {
        program.max_mentees
    })
}

/// Answers prefilled from the profile: goals, interests and values the profile already holds
/// (choice options that match them, or the text itself).
pub async fn prefilled_answers(
    db: &Db,
    viewer: &Viewer,
    program: &Program,
) -> AppResult<BTreeMap<i64, Vec<String>>> {
    let Some(row) = crate::people::store::profile_row(db, viewer.id).await? else {
        return Ok(BTreeMap::new());
    };
    let values: Vec<String> = crate::people::store::values(db, viewer.id)
        .await?
        .into_iter()
        .map(|v| v.name)
        .collect();
    let skills: Vec<String> = crate::people::store::skills(db, viewer.id, viewer.id)
        .await?
        .into_iter()
        .map(|s| s.name)
        .collect();
    let split = |text: &str| -> Vec<String> {
        crate::people::store::split_lines(text)
            .into_iter()
            .flat_map(|l| {
                l.split(',')
                    .map(|t| t.trim().to_string())
                    .collect::<Vec<_>>()
            })
            .filter(|t| !t.is_empty())
            .collect()
    };
    let mut answers = BTreeMap::new();
    for q in &program.questions {
        let held: Vec<String> = match q.criterion.as_str() {
            "goals" => row.goals.iter().flat_map(|g| split(g)).collect(),
            "interests" => row.interests.iter().flat_map(|g| split(g)).collect(),
            "values" => values.clone(),
            "skills" => skills.clone(),
            _ => continue,
        };
        let answer: Vec<String> = if q.kind == "text" {
            if held.is_empty() {
                continue;
            }
            vec![held.join(", ")]
        } else {
            q.options
                .iter()
                .filter(|o| held.iter().any(|h| h.eq_ignore_ascii_case(o)))
                .take(if q.kind == "choice" { 1 } else { usize::MAX })
                .cloned()
                .collect()
        };
        if !answer.is_empty() {
            answers.insert(q.id, answer);
        }
    }
    Ok(answers)
}

/// Enrolls the viewer (or changes their enrollment) while enrollment is open.
pub async fn enroll(
    db: &Db,
    viewer: &Viewer,
    program_id: i64,
    input: &EnrollmentInput,
) -> AppResult<Enrollment> {
    let program = program(db, viewer, program_id).await?;
    if !in_audience(db, viewer, &program).await? {
        return Err(AppError::forbidden(
            "this program is open to other departments or organizations; ask its lead for an invitation",
        ));
    }
    if !program.enrollment_open {
        return Err(AppError::conflict(match program.phase {
            Phase::Open if parse_date("", &program.enrollment_opens)? > now() => {
                format!("enrollment opens on {}", program.enrollment_opens)
            }
            _ => format!(
                "enrollment for this program closed on {}",
                program.enrollment_closes
            ),
        }));
    }
    let role = if program.is_peer() {
        "both".to_string()
    } else {
        match input.role.trim() {
            r @ ("mentor" | "mentee" | "both") => r.to_string(),
            _ => {
                return Err(AppError::invalid(
                    "role",
                    "enroll as mentor, mentee or both",
                ));
            }
        }
    };
    let mentors = !program.is_peer() && role != "mentee";
    let capacity = if mentors {
        let capacity = match input.capacity {
            Some(c) => c,
            None => default_capacity(db, viewer, &program).await?,
        };
        if capacity < 1 || capacity > program.max_mentees {
            return Err(AppError::invalid(
                "capacity",
                format!(
                    "mentors in this program take 1 to {} mentees",
                    program.max_mentees
                ),
            ));
        }
        capacity
    } else {
        0
    };
    let mut answers = BTreeMap::new();
    for q in &program.questions {
        let given: Vec<String> = input
            .answers
            .get(&q.id)
            .map(|a| {
                a.iter()
                    .map(|s| s.trim().to_string())
                    .filter(|s| !s.is_empty())
                    .collect()
            })
            .unwrap_or_default();
        let field = format!("answers.{}", q.id);
        if !q.asks(&role) {
            continue;
        }
        if given.is_empty() {
            if q.required {
                return Err(AppError::invalid(
                    field,
                    format!("please answer “{}”", q.prompt),
                ));
            }
            continue;
        }
        match q.kind.as_str() {
            "text" => {
                if given.len() > 1 || given[0].chars().count() > 1000 {
                    return Err(AppError::invalid(
                        field,
                        "one answer of up to 1,000 characters",
                    ));
                }
            }
            kind => {
                if kind == "choice" && given.len() > 1 {
                    return Err(AppError::invalid(field, "choose one option"));
                }
                if let Some(bad) = given.iter().find(|a| !q.options.contains(a)) {
                    return Err(AppError::invalid(
                        field,
                        format!("“{bad}” is not one of the options"),
                    ));
                }
            }
        }
        answers.insert(q.id, given);
    }
    if let Some(q) = input
        .answers
        .keys()
        .find(|id| !program.questions.iter().any(|q| q.id == **id))
    {
        return Err(AppError::invalid(
            format!("answers.{q}"),
            "no such question in this program",
        ));
    }
    store::upsert_enrollment(db, program.id, viewer.id, &role, capacity, &answers).await?;
    store::enrollment(db, program.id, viewer.id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Withdraws the viewer before they are matched.
pub async fn withdraw(db: &Db, viewer: &Viewer, program_id: i64) -> AppResult<()> {
    let program = program(db, viewer, program_id).await?;
    if !store::active_relationship(db, program.id, viewer.id)
        .await?
        .is_empty()
    {
        return Err(AppError::conflict(
            "you are already matched in this program; end the relationship from its page instead",
        ));
    }
    if matches!(program.phase, Phase::Ended) {
        return Err(AppError::conflict("this program has ended"));
    }
    if !store::withdraw(db, program.id, viewer.id).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

pub async fn close_enrollment(db: &Db, viewer: &Viewer, id: i64) -> AppResult<Program> {
    let program = led_program(db, viewer, id).await?;
    if program.phase != Phase::Open {
        return Err(AppError::conflict("enrollment is already closed"));
    }
    store::set_phase(db, id, Phase::Closed).await?;
    crate::admin::store::audit(db, viewer.id, "program.close", &program.name).await?;
    store::program(db, id).await?.ok_or(AppError::NotFound)
}

pub async fn reopen_enrollment(db: &Db, viewer: &Viewer, id: i64) -> AppResult<Program> {
    let program = led_program(db, viewer, id).await?;
    if program.phase != Phase::Closed {
        return Err(AppError::conflict(
            "only a program whose enrollment was closed can reopen it",
        ));
    }
    store::set_phase(db, id, Phase::Open).await?;
    store::program(db, id).await?.ok_or(AppError::NotFound)
}

pub async fn end_program(db: &Db, viewer: &Viewer, id: i64) -> AppResult<Program> {
    let program = led_program(db, viewer, id).await?;
    if program.phase == Phase::Ended {
        return Err(AppError::conflict("this program has already ended"));
    }
    store::set_phase(db, id, Phase::Ended).await?;
    crate::admin::store::audit(db, viewer.id, "program.end", &program.name).await?;
    store::program(db, id).await?.ok_or(AppError::NotFound)
}

/// Invites members; returns how many were newly invited (each gets a notification).
pub async fn invite(db: &Db, viewer: &Viewer, id: i64, users: &[i64]) -> AppResult<usize> {
    let program = led_program(db, viewer, id).await?;
    if users.is_empty() || users.len() > 500 {
        return Err(AppError::invalid(
            "user_ids",
            "invite 1 to 500 members at a time",
        ));
    }
    let fresh = store::invite(db, id, viewer.id, users).await?;
    let items: Vec<NewNotification> = fresh
        .iter()
        .map(|u| {
            NewNotification::new(
                *u,
                "program.invited",
                format!(
                    "{} invited you to the program “{}”",
                    viewer.name, program.name
                ),
                format!("/programs/{id}"),
            )
        })
        .collect();
    notifications::notify_many(db, &items).await?;
    Ok(fresh.len())
}

pub async fn enrollments(
    db: &Db,
    viewer: &Viewer,
    id: i64,
    page: i64,
) -> AppResult<Vec<Enrollment>> {
    led_program(db, viewer, id).await?;
    Ok(store::enrollments(db, id, 100, (page.max(1) - 1) * 100).await?)
}

/// Runs the matching (lead-run programs, after enrollment closed).
pub async fn run_matching(state: &AppState, viewer: &Viewer, id: i64) -> AppResult<i64> {
    let program = led_program(&state.db, viewer, id).await?;
    if program.is_self_service() {
        return Err(AppError::conflict(
            "members of a self-service program choose their mentors; there is no matching to run",
        ));
    }
    match program.phase {
        Phase::Open => Err(AppError::conflict(
            "close enrollment before running the matching",
        )),
        Phase::Ended => Err(AppError::conflict("this program has ended")),
        Phase::Closed | Phase::Running => matching::run(state, &program, viewer.id).await,
    }
}

pub async fn runs(db: &Db, viewer: &Viewer, id: i64) -> AppResult<Vec<RunSummary>> {
    led_program(db, viewer, id).await?;
    Ok(store::runs(db, id).await?)
}

pub const PAIRS_PER_PAGE: i64 = 100;

pub async fn run_detail(
    db: &Db,
    viewer: &Viewer,
    id: i64,
    run: i64,
    page: i64,
) -> AppResult<RunDetail> {
    led_program(db, viewer, id).await?;
    let (summary, details) = store::run(db, id, run).await?.ok_or(AppError::NotFound)?;
    let pages = ((summary.pair_count + PAIRS_PER_PAGE - 1) / PAIRS_PER_PAGE).max(1);
    let page = page.clamp(1, pages);
    let pairs = store::run_pairs(db, run, PAIRS_PER_PAGE, (page - 1) * PAIRS_PER_PAGE).await?;
    Ok(RunDetail {
        run: summary,
        mentees: details.mentees,
        mentors: details.mentors,
        lowest_score: details.lowest_score,
        unmatched: details.unmatched,
        fairness: details.fairness,
        network: details.network,
        locks: details.locks,
        forbids: details.forbids,
        pairs,
        page,
        pages,
    })
}

pub async fn compare(
    db: &Db,
    viewer: &Viewer,
    id: i64,
    a: i64,
    b: i64,
) -> AppResult<RunComparison> {
    let is_peer = led_program(db, viewer, id).await?.is_peer();
    let (run_a, _) = store::run(db, id, a).await?.ok_or(AppError::NotFound)?;
    let (run_b, _) = store::run(db, id, b).await?.ok_or(AppError::NotFound)?;
    let key = |p: &(i64, Option<i64>, Option<i64>, f64)| (p.0, (p.1.or(p.2), p.3));
    let pairs_a: HashMap<i64, (Option<i64>, f64)> =
        store::run_pair_list(db, a).await?.iter().map(key).collect();
    let pairs_b: HashMap<i64, (Option<i64>, f64)> =
        store::run_pair_list(db, b).await?.iter().map(key).collect();
    let mut mentees: Vec<i64> = pairs_a.keys().chain(pairs_b.keys()).copied().collect();
    mentees.sort_unstable();
    mentees.dedup();
    let mut same = 0;
    // (mentee, their match in a, in b): a match is (mentor or circle, score).
    type Match = Option<(Option<i64>, f64)>;
    let mut changed: Vec<(i64, Match, Match)> = Vec::new();
    for m in mentees {
        let (x, y) = (pairs_a.get(&m).copied(), pairs_b.get(&m).copied());
        if x.map(|p| p.0) == y.map(|p| p.0) {
            same += 1;
        } else {
            changed.push((m, x, y));
        }
    }
    let changed_mentees = changed.len();
    changed.truncate(200);
    let mut ids: Vec<i64> = changed.iter().map(|c| c.0).collect();
    for (_, x, y) in &changed {
        ids.extend(x.and_then(|p| p.0));
        ids.extend(y.and_then(|p| p.0));
    }
    let names = store::names(db, &ids).await?;
    let label = |p: Option<(Option<i64>, f64)>| {
        p.and_then(|(partner, _)| partner).map(|partner| {
            if is_peer {
                format!("circle {partner}")
            } else {
                names.get(&partner).cloned().unwrap_or_default()
            }
        })
    };
    let changes = changed
        .into_iter()
        .map(|(m, x, y)| PairChange {
            mentee_id: m,
            mentee_name: names.get(&m).cloned().unwrap_or_default(),
            mentor_a: label(x),
            score_a: x.map(|p| p.1),
            mentor_b: label(y),
            score_b: y.map(|p| p.1),
        })
        .collect();
    Ok(RunComparison {
        a: run_a,
        b: run_b,
        same_pairs: same,
        changed_mentees,
        changes,
    })
}

pub async fn adjustments(db: &Db, viewer: &Viewer, id: i64) -> AppResult<Vec<Adjustment>> {
    led_program(db, viewer, id).await?;
    Ok(store::adjustments(db, id).await?)
}

/// Locks, forbids or moves a pair; both people must be enrolled on the right side.
pub async fn adjust(db: &Db, viewer: &Viewer, id: i64, input: &AdjustmentInput) -> AppResult<()> {
    let program = led_program(db, viewer, id).await?;
    let kind = match input.kind.as_str() {
        "lock" | "move" => "lock",
        "forbid" => "forbid",
        _ => return Err(AppError::invalid("kind", "choose lock, forbid or move")),
    };
    if program.is_peer() && kind == "lock" {
        return Err(AppError::invalid(
            "kind",
            "peer circles are formed as a whole; forbid pairs instead",
        ));
    }
    if input.mentee_id == input.mentor_id {
        return Err(AppError::invalid(
            "mentor_id",
            "a person cannot mentor themselves",
        ));
    }
    let mentee = store::enrollment(db, id, input.mentee_id)
        .await?
        .filter(|e| e.status == "enrolled" && (program.is_peer() || e.role != "mentor"));
    if mentee.is_none() {
        return Err(AppError::invalid(
            "mentee_id",
            "not enrolled as a mentee in this program",
        ));
    }
    let mentor = store::enrollment(db, id, input.mentor_id)
        .await?
        .filter(|e| e.status == "enrolled" && (program.is_peer() || e.role != "mentee"));
    if mentor.is_none() {
        return Err(AppError::invalid(
            "mentor_id",
            "not enrolled as a mentor in this program",
        ));
    }
    store::set_adjustment(db, id, viewer.id, input.mentee_id, input.mentor_id, kind).await?;
    Ok(())
}

pub async fn remove_adjustment(
    db: &Db,
    viewer: &Viewer,
    id: i64,
    mentee: i64,
    mentor: i64,
) -> AppResult<()> {
    led_program(db, viewer, id).await?;
    if !store::remove_adjustment(db, id, mentee, mentor).await? {
        return Err(AppError::NotFound);
    }
    Ok(())
}

/// Publishes a run: creates the relationships (members already matched in the program since
/// are skipped), notifies everyone matched, and starts the program. Returns how many
/// relationships were created.
pub async fn publish(db: &Db, viewer: &Viewer, id: i64, run: i64) -> AppResult<usize> {
    let program = led_program(db, viewer, id).await?;
    let (summary, _) = store::run(db, id, run).await?.ok_or(AppError::NotFound)?;
    if summary.published {
        return Err(AppError::conflict("this run is already published"));
    }
    if program.phase == Phase::Ended {
        return Err(AppError::conflict("this program has ended"));
    }
    let pairs = store::run_pair_list(db, run).await?;
    // Someone matched by an earlier publication (or a later change) keeps that relationship.
    let (enrolled, busy) = store::enrolled_and_matched(db, id).await?;
    let kind = program.kind.as_str().to_string();
    let mut items: Vec<NewMentorship> = Vec::new();
    let mut to_join: Vec<(i64, i64)> = Vec::new();
    match program.kind {
        ProgramKind::Peer => {
            let mut circles: BTreeMap<i64, Vec<(i64, f64)>> = BTreeMap::new();
            for (member, _, circle, score) in &pairs {
                if let Some(c) = circle
                    && enrolled.contains(member)
                    && !busy.contains(member)
                {
                    circles.entry(*c).or_default().push((*member, *score));
                }
            }
            for members in circles.into_values().filter(|m| m.len() >= 2) {
                items.push(NewMentorship {
                    program_id: Some(id),
                    kind: kind.clone(),
                    score: members.first().map(|m| m.1),
                    members: members.iter().map(|m| (m.0, MemberRole::Peer)).collect(),
                });
            }
        }
        ProgramKind::Group => {
            let mut groups: BTreeMap<i64, Vec<(i64, f64)>> = BTreeMap::new();
            for (mentee, mentor, _, score) in &pairs {
                if let Some(mentor) = mentor
                    && enrolled.contains(mentee)
                    && enrolled.contains(mentor)
                    && !busy.contains(mentee)
                {
                    groups.entry(*mentor).or_default().push((*mentee, *score));
                }
            }
            for (mentor, mentees) in groups {
                if store::join_group_exists(db, id, mentor).await? {
                    to_join.extend(mentees.iter().map(|m| (mentor, m.0)));
                    continue;
                }
                let mean = mentees.iter().map(|m| m.1).sum::<f64>() / mentees.len() as f64;
                let mut members = vec![(mentor, MemberRole::Mentor)];
                members.extend(mentees.iter().map(|m| (m.0, MemberRole::Mentee)));
                items.push(NewMentorship {
                    program_id: Some(id),
                    kind: kind.clone(),
                    score: Some((mean * 100.0).round() / 100.0),
                    members,
                });
            }
        }
        ProgramKind::OneOnOne | ProgramKind::Reverse => {
            for (mentee, mentor, _, score) in &pairs {
                if let Some(mentor) = mentor
                    && enrolled.contains(mentee)
                    && enrolled.contains(mentor)
                    && !busy.contains(mentee)
                {
                    items.push(NewMentorship {
                        program_id: Some(id),
                        kind: kind.clone(),
                        score: Some(*score),
                        members: vec![(*mentor, MemberRole::Mentor), (*mentee, MemberRole::Mentee)],
                    });
                }
            }
        }
    }
    if !store::mark_published(db, run).await? {
        return Err(AppError::conflict("this run is already published"));
    }
    let ids = crate::relationships::store::create_many(db, &items).await?;
    for (mentor, mentee) in &to_join {
        store::join_group(db, id, *mentor, *mentee).await?;
    }
    let mut notes = Vec::new();
    for (item, rel) in items.iter().zip(&ids) {
        for (user, _) in &item.members {
            let others: Vec<i64> = item
                .members
                .iter()
                .map(|m| m.0)
                .filter(|u| u != user)
                .collect();
            notes.push((*user, others, *rel));
        }
    }
    let mut everyone: Vec<i64> = notes.iter().flat_map(|n| n.1.iter().copied()).collect();
    everyone.sort_unstable();
    everyone.dedup();
    let names = store::names(db, &everyone).await?;
    let items: Vec<NewNotification> = notes
        .into_iter()
        .map(|(user, others, rel)| {
            let who: Vec<&str> = others
                .iter()
                .filter_map(|o| names.get(o).map(String::as_str))
                .collect();
            NewNotification::new(
                user,
                "mentorship.matched",
                format!(
                    "You are matched with {} in “{}”",
                    who.join(", "),
                    program.name
                ),
                format!("/mentorships/{rel}"),
            )
        })
        .chain(to_join.iter().flat_map(|(mentor, mentee)| {
            [
                NewNotification::new(
                    *mentee,
                    "mentorship.matched",
                    format!("You joined a mentoring group in “{}”", program.name),
                    "/mentorships".to_string(),
                ),
                NewNotification::new(
                    *mentor,
                    "mentorship.matched",
                    format!("A new mentee joined your group in “{}”", program.name),
                    "/mentorships".to_string(),
                ),
            ]
        }))
        .collect();
    notifications::notify_many(db, &items).await?;
    if program.phase != Phase::Running {
        store::set_phase(db, id, Phase::Running).await?;
    }
    crate::admin::store::audit(
        db,
        viewer.id,
        "program.publish",
        &format!(
            "{}: run {run}, {} relationships",
            program.name,
            ids.len() + to_join.len()
        ),
    )
    .await?;
    Ok(ids.len() + to_join.len())
}

/// The lead's follow-up figures; ratings only from the minimum group size up.
pub async fn stats(
    db: &Db,
    viewer: &Viewer,
    id: i64,
    min_group_size: i64,
) -> AppResult<ProgramStats> {
    let program = led_program(db, viewer, id).await?;
    let mut stats = store::stats(db, id).await?;
    if stats.feedback_count < min_group_size.max(1) {
        stats.mean_rating = None;
    } else {
        stats.mean_rating = stats.mean_rating.map(|r| (r * 10.0).round() / 10.0);
    }
    let before = now() - program.checkin_weeks * 7 * DAY;
    stats.without_checkin = store::flagged_relationships(db, id, before, false).await?;
    stats.rematch_requests = store::flagged_relationships(db, id, now() - 90 * DAY, true).await?;
    Ok(stats)
}

/// Reminds the members of relationships without a recent check-in; returns how many
/// relationships were reminded. A relationship is reminded at most once a week.
pub async fn remind(db: &Db, viewer: &Viewer, id: i64) -> AppResult<usize> {
    let program = led_program(db, viewer, id).await?;
    let before = now() - program.checkin_weeks * 7 * DAY;
    let due: Vec<i64> = store::flagged_relationships(db, id, before, false)
        .await?
        .into_iter()
        .filter(|f| f.last_reminded_at.is_none_or(|r| r < now() - 7 * DAY))
        .map(|f| f.mentorship_id)
        .collect();
    let members = store::members_of(db, &due).await?;
    let items: Vec<NewNotification> = members
        .iter()
        .map(|(rel, user)| {
            NewNotification::new(
                *user,
                "mentorship.reminder",
                format!(
                    "No check-in for {} weeks in “{}”: log your last conversation, or ask for a re-match if it is not working",
                    program.checkin_weeks, program.name
                ),
                format!("/mentorships/{rel}"),
            )
        })
        .collect();
    notifications::notify_many(db, &items).await?;
    store::mark_reminded(db, &due).await?;
    Ok(due.len())
}

/// The relationships of a program as CSV (no check-in notes or private notes: those belong to
/// the members).
pub async fn export_csv(db: &Db, viewer: &Viewer, id: i64) -> AppResult<String> {
    led_program(db, viewer, id).await?;
    let rows = store::export_rows(db, id).await?;
    let mut out = String::from(
        "relationship,status,members,started,ended,end_reason,score,last_checkin,checkins,goals,goals_met\n",
    );
    let field = |s: &str| {
        // Quote every text field; a leading formula character is defused for spreadsheets.
        let s = if s.starts_with(['=', '+', '-', '@']) {
            format!("'{s}")
        } else {
            s.to_string()
        };
        format!("\"{}\"", s.replace('"', "\"\""))
    };
    let day = |t: Option<i64>| t.map(crate::web::page::date).unwrap_or_default();
    for r in rows {
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{},{},{},{}\n",
            r.id,
            r.status,
            field(&r.members),
            day(Some(r.started_at)),
            day(r.ended_at),
            field(&r.end_reason),
            r.score.map(|s| format!("{s:.2}")).unwrap_or_default(),
            day(r.last_checkin_at),
            r.checkins,
            r.goals,
            r.goals_met
        ));
    }
    Ok(out)
}

// ---- self-service ----

/// What a mentee sees in a self-service program: a pending request, or mentors to ask.
pub struct MentorChoice {
    pub pending: Option<MentorRequest>,
    pub suggestions: Vec<MentorSuggestion>,
}

/// Mentors ranked for the viewer, best first, with reasons. Mentors with no free place (their
/// pending requests count against it) are left out; a mentor with one place left is shown only
/// where they rank among the viewer's top [`LAST_PLACE_TOP`]. Mentors who declined the viewer
/// (or whom the viewer already asked) are not shown again.
pub async fn suggestions(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    limit: usize,
) -> AppResult<MentorChoice> {
    let db = &state.db;
    let program = program(db, viewer, id).await?;
    if !program.is_self_service() {
        return Err(AppError::conflict(
            "in this program the lead makes the matches",
        ));
    }
    let mine = store::enrollment(db, id, viewer.id)
        .await?
        .filter(|e| e.status == "enrolled" && e.role != "mentor");
    if mine.is_none() {
        return Err(AppError::conflict(
            "enroll as a mentee to see suggested mentors",
        ));
    }
    if !store::active_relationship(db, id, viewer.id)
        .await?
        .iter()
        .all(|(_, role)| role == "mentor")
    {
        return Err(AppError::conflict(
            "you already have a mentor in this program",
        ));
    }
    let requests = store::requests_of(db, id, viewer.id).await?;
    if let Some(pending) = requests
        .iter()
        .find(|r| r.mentee_id == viewer.id && r.status == "pending")
    {
        return Ok(MentorChoice {
            pending: Some(pending.clone()),
            suggestions: Vec::new(),
        });
    }
    let asked: Vec<i64> = store::asked_mentors(db, id, viewer.id)
        .await?
        .into_iter()
        .map(|(m, _)| m)
        .collect();
    let rows = store::matching_rows(db, id).await?;
    let load = store::mentor_load(db, id).await?;
    let prepared = matching::prepare(&program, rows, &[])?;
    let settings = matching::settings_for(&program);
    let Some(mentee) = prepared.everyone.get(&viewer.id) else {
        return Ok(MentorChoice {
            pending: None,
            suggestions: Vec::new(),
        });
    };
    let mut ranked: Vec<(f64, i64, grove_match::PairScore, i64)> = Vec::new();
    for (mentor_id, mentor) in &prepared.everyone {
        if *mentor_id == viewer.id || !mentor.role.mentors() || asked.contains(mentor_id) {
            continue;
        }
        let capacity = if program.kind == ProgramKind::Group {
            program.group_size
        } else {
            prepared
                .participants
                .iter()
                .find(|p| p.id == mentor.id)
                .map(|p| i64::from(p.capacity))
                .unwrap_or(0)
                + load.get(mentor_id).map(|l| l.0).unwrap_or(0)
        };
        let (active, pending) = load.get(mentor_id).copied().unwrap_or((0, 0));
        let free = capacity - active - pending;
        if free <= 0 {
            continue;
        }
        let score = grove_match::score_pair(mentee, mentor, &settings);
        if !score.allowed {
            continue;
        }
        ranked.push((score.score, *mentor_id, score, free));
    }
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    // A mentor's last free place is offered only to the mentees they fit best (where they rank
    // in the top few), so it is not raced by everyone at once.
    let mut position = 0;
    ranked.retain(|r| {
        position += 1;
        r.3 > 1 || position <= LAST_PLACE_TOP
    });
    ranked.truncate(limit);
    let ids: Vec<i64> = ranked.iter().map(|r| r.1).collect();
    let cards = store::member_cards(db, &ids).await?;
    let suggestions = ranked
        .into_iter()
        .map(|(score, mentor_id, breakdown, free)| {
            let (name, title, department) = cards.get(&mentor_id).cloned().unwrap_or_default();
            let mut reasons: Vec<String> = breakdown
                .contributions
                .iter()
                .filter(|c| c.points > 0.0)
                .flat_map(|c| c.evidence.iter().cloned())
                .collect();
            reasons.truncate(5);
            MentorSuggestion {
                mentor_id,
                name,
                title,
                department,
                score,
                reasons,
                places_left: free,
            }
        })
        .collect();
    Ok(MentorChoice {
        pending: None,
        suggestions,
    })
}

/// A mentee asks a mentor (self-service programs).
pub async fn request_mentor(
    state: &AppState,
    viewer: &Viewer,
    id: i64,
    input: &MentorRequestInput,
) -> AppResult<MentorRequest> {
    let db = &state.db;
    let message = text("message", &input.message, 0, 1000)?;
    let choice = suggestions(state, viewer, id, usize::MAX).await?;
    if choice.pending.is_some() {
        return Err(AppError::conflict(
            "you already have a request waiting for an answer; withdraw it to ask someone else",
        ));
    }
    let asked = store::asked_mentors(db, id, viewer.id).await?;
    if asked.iter().any(|(m, _)| *m == input.mentor_id) {
        return Err(AppError::conflict(
            "you already asked this mentor in this program",
        ));
    }
    let Some(suggestion) = choice
        .suggestions
        .iter()
        .find(|s| s.mentor_id == input.mentor_id)
    else {
        return Err(AppError::conflict(
            "this mentor has no free place for you in this program right now",
        ));
    };
    let program = store::program(db, id).await?.ok_or(AppError::NotFound)?;
    let request_id = store::insert_request(
        db,
        id,
        viewer.id,
        input.mentor_id,
        &message,
        suggestion.score,
    )
    .await?;
    notifications::notify(
        db,
        NewNotification::new(
            input.mentor_id,
            "mentorship.request",
            format!(
                "{} asks you to be their mentor in “{}”",
                viewer.name, program.name
            ),
            format!("/programs/{id}"),
        ),
    )
    .await?;
    store::request(db, request_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Requests in a program involving the viewer.
pub async fn my_requests(db: &Db, viewer: &Viewer, id: i64) -> AppResult<Vec<MentorRequest>> {
    program(db, viewer, id).await?;
    Ok(store::requests_of(db, id, viewer.id).await?)
}

async fn pending_request_for(
    db: &Db,
    viewer: &Viewer,
    request: i64,
    as_mentor: bool,
) -> AppResult<MentorRequest> {
    let r = store::request(db, request)
        .await?
        .ok_or(AppError::NotFound)?;
    let mine = if as_mentor { r.mentor_id } else { r.mentee_id };
    if mine != viewer.id {
        return Err(AppError::NotFound);
    }
    if r.status != "pending" {
        return Err(AppError::conflict(format!(
            "this request was already {}",
            r.status
        )));
    }
    Ok(r)
}

/// The mentor accepts: the relationship starts, unless they are full.
pub async fn accept_request(db: &Db, viewer: &Viewer, request: i64) -> AppResult<i64> {
    let r = pending_request_for(db, viewer, request, true).await?;
    let program = store::program(db, r.program_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let enrollment = store::enrollment(db, r.program_id, viewer.id)
        .await?
        .filter(|e| e.status == "enrolled");
    let capacity = match (&enrollment, program.kind) {
        (Some(_), ProgramKind::Group) => program.group_size,
        (Some(e), _) => e.capacity,
        (None, _) => 0,
    };
    let active = store::mentor_load(db, r.program_id)
        .await?
        .get(&viewer.id)
        .map(|l| l.0)
        .unwrap_or(0);
    if active >= capacity {
        return Err(AppError::conflict(format!(
            "you are at capacity ({capacity} mentees in this program); decline, or raise your capacity in your enrollment first"
        )));
    }
    if !store::active_relationship(db, r.program_id, r.mentee_id)
        .await?
        .iter()
        .all(|(_, role)| role == "mentor")
    {
        store::answer_request(db, request, "withdrawn", "already matched").await?;
        return Err(AppError::conflict(
            "this mentee has a mentor in this program already",
        ));
    }
    if !store::answer_request(db, request, "accepted", "").await? {
        return Err(AppError::conflict("this request was already answered"));
    }
    let relationship = if program.kind == ProgramKind::Group
        && store::join_group(db, r.program_id, viewer.id, r.mentee_id).await?
    {
        store::active_relationship(db, r.program_id, r.mentee_id)
            .await?
            .first()
            .map(|x| x.0)
            .unwrap_or(0)
    } else {
        crate::relationships::store::create_many(
            db,
            &[NewMentorship {
                program_id: Some(r.program_id),
                kind: program.kind.as_str().to_string(),
                score: Some(r.score),
                members: vec![
                    (viewer.id, MemberRole::Mentor),
                    (r.mentee_id, MemberRole::Mentee),
                ],
            }],
        )
        .await?
        .first()
        .copied()
        .unwrap_or(0)
    };
    if program.phase == Phase::Open || program.phase == Phase::Closed {
        store::set_phase(db, r.program_id, Phase::Running).await?;
    }
    notifications::notify(
        db,
        NewNotification::new(
            r.mentee_id,
            "mentorship.accepted",
            format!(
                "{} accepted to be your mentor in “{}”",
                viewer.name, program.name
            ),
            format!("/mentorships/{relationship}"),
        ),
    )
    .await?;
    Ok(relationship)
}

/// The mentor declines, optionally saying why; the mentee is pointed to their next suggestions.
pub async fn decline_request(
    db: &Db,
    viewer: &Viewer,
    request: i64,
    answer: &RequestAnswer,
) -> AppResult<()> {
    let reason = text("reason", &answer.reason, 0, 500)?;
    let r = pending_request_for(db, viewer, request, true).await?;
    if !store::answer_request(db, request, "declined", &reason).await? {
        return Err(AppError::conflict("this request was already answered"));
    }
    let why = if reason.is_empty() {
        String::new()
    } else {
        format!(" (“{reason}”)")
    };
    notifications::notify(
        db,
        NewNotification::new(
            r.mentee_id,
            "mentorship.declined",
            format!(
                "{} cannot mentor you in “{}”{why}; here are your next suggestions",
                r.mentor_name, r.program_name
            ),
            format!("/programs/{}/mentors", r.program_id),
        ),
    )
    .await?;
    Ok(())
}

/// The mentee withdraws a request still waiting.
pub async fn withdraw_request(db: &Db, viewer: &Viewer, request: i64) -> AppResult<()> {
    pending_request_for(db, viewer, request, false).await?;
    if !store::answer_request(db, request, "withdrawn", "").await? {
        return Err(AppError::conflict("this request was already answered"));
    }
    Ok(())
}
