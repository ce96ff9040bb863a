//! Mentorship programs: a lead's program from enrollment to published pairs, enrollment
//! refusals, and self-service requests.

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::Row;

use crate::kit::{Client, TestApp};
use crate::people::create;

/// An admin, a lead, and the skills Rust and Public speaking.
async fn org(app: &TestApp) -> (Client, Client) {
    let mut admin = app.admin().await;
    for skill in ["Rust", "Public speaking"] {
        create(&mut admin, "/api/v1/skills", json!({"name": skill})).await;
    }
    let lead = app.member("Lee Lead").await;
    let lead_id = lead.id().await;
    let res = admin
        .put_json(
            &format!("/api/v1/members/{lead_id}/role"),
            json!({"role": "lead"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text);
    (admin, lead)
}

/// A member with a profile: teaches or wants to learn Rust, speaks English.
async fn person(app: &TestApp, name: &str, teaches: bool, seniority_title: &str) -> Client {
    let client = app.member(name).await;
    let id = client.id().await;
    let skill = if teaches {
        json!({"skill": "Rust", "level": 5, "can_teach": true})
    } else {
        json!({"skill": "Rust", "level": 1, "wants_to_learn": true})
    };
    let res = client
        .patch_json(
            &format!("/api/v1/members/{id}"),
            json!({"title": seniority_title, "languages": ["English"], "time_zone": "Europe/Lisbon",
                   "skills": [skill], "goals": ["leadership"], "mentoring": if teaches {"mentor"} else {"mentee"},
                   "mentor_capacity": if teaches {1} else {0}}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    client
}

fn day(offset_days: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    grove::web::page::date(now + offset_days * 86_400)
}

fn program_body(name: &str, mode: &str) -> Value {
    json!({
        "name": name, "description": "Six months of learning together.", "kind": "one_on_one",
        "matching_mode": mode, "enrollment_opens": day(-1), "enrollment_closes": day(10),
        "matching_on": day(11), "ends_on": day(180), "max_mentees": 2,
        "questions": [
            {"prompt": "What do you want to focus on?", "kind": "choice", "options": ["leadership", "architecture"],
             "criterion": "goals", "required": true},
            {"prompt": "Anything else we should know?", "kind": "text"}
        ]
    })
}

async fn notifications_of(app: &TestApp, user: i64, kind: &str) -> i64 {
    sqlx::query("SELECT COUNT(*) FROM notifications WHERE user_id = $1 AND kind = $2")
        .bind(user)
        .bind(kind)
        .fetch_one(&app.db.pool)
        .await
        .expect("count")
        .try_get(0)
        .expect("count")
}

#[tokio::test]
async fn a_lead_runs_a_program_from_enrollment_to_published_pairs() {
    let app = TestApp::spawn().await;
    let (_admin, mut lead) = org(&app).await;
    let mut mentors = Vec::new();
    for name in ["Mia Mentor", "Max Mentor"] {
        mentors.push(person(&app, name, true, "Principal Engineer").await);
    }
    let mut mentees = Vec::new();
    for name in ["Eva Mentee", "Eli Mentee", "Ema Mentee"] {
        mentees.push(person(&app, name, false, "Junior Engineer").await);
    }

    let res = lead
        .post_json("/api/v1/programs", program_body("Rust mentoring", "lead"))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let program = res.json();
    let id = program["id"].as_i64().expect("id");
    let focus = program["questions"][0]["id"].as_i64().expect("question id");
    assert_eq!(program["enrollment_open"], true);

    // A member cannot create programs.
    let res = mentees[0]
        .clone()
        .post_json("/api/v1/programs", program_body("Mine", "lead"))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    for m in &mentors {
        let res = m
            .put_json(
                &format!("/api/v1/programs/{id}/enrollment"),
                json!({"role": "mentor", "capacity": 1, "answers": {focus.to_string(): ["leadership"]}}),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    }
    for m in &mentees {
        let res = m
            .put_json(
                &format!("/api/v1/programs/{id}/enrollment"),
                json!({"role": "mentee", "answers": {focus.to_string(): ["leadership"]}}),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    }
    let enrollments = lead
        .get(&format!("/api/v1/programs/{id}/enrollments"))
        .await
        .json();
    assert_eq!(enrollments.as_array().map(Vec::len), Some(5));

    // Matching waits for enrollment to close.
    assert_eq!(
        lead.post(&format!("/api/v1/programs/{id}/runs"))
            .await
            .status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        lead.post(&format!("/api/v1/programs/{id}/close"))
            .await
            .status,
        StatusCode::OK
    );
    let late = app.member("Lou Late").await;
    let res = late
        .put_json(
            &format!("/api/v1/programs/{id}/enrollment"),
            json!({"role": "mentee", "answers": {focus.to_string(): ["leadership"]}}),
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::CONFLICT,
        "enrolling after the window"
    );

    let res = lead.post(&format!("/api/v1/programs/{id}/runs")).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let first = res.json();
    let first_id = first["run"]["id"].as_i64().expect("run id");
    assert_eq!(
        first["run"]["pair_count"], 2,
        "two mentors with one place each"
    );
    assert_eq!(first["unmatched"].as_array().map(Vec::len), Some(1));
    assert!(
        first["unmatched"][0]["reason"]
            .as_str()
            .is_some_and(|r| !r.is_empty()),
        "the unmatched mentee has a reason"
    );
    let pair = &first["pairs"][0];
    let evidence = pair["breakdown"]["contributions"].to_string();
    assert!(
        evidence.contains("Rust"),
        "the breakdown names the skill: {evidence}"
    );
    assert!(first["fairness"]["groups"].is_array());

    // A member cannot open the lead's preview.
    let res = mentees[0]
        .get(&format!("/api/v1/programs/{id}/runs/{first_id}"))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = mentees[0]
        .get(&format!("/programs/{id}/runs/{first_id}"))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let page = lead.get(&format!("/programs/{id}/runs/{first_id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Unmatched, and why"));

    // Move the unmatched mentee to Mia and forbid one of the first run's pairs; re-run.
    let mia = mentors[0].id().await;
    let max = mentors[1].id().await;
    let unmatched = first["unmatched"][0]["id"].as_i64().expect("id");
    let res = lead
        .post_json(
            &format!("/api/v1/programs/{id}/adjustments"),
            json!({"mentee_id": unmatched, "mentor_id": mia, "kind": "move"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let res = lead
        .post_json(
            &format!("/api/v1/programs/{id}/adjustments"),
            json!({"mentee_id": unmatched, "mentor_id": unmatched, "kind": "lock"}),
        )
        .await;
    assert_eq!(res.error_field(), "mentor_id");
    let second = lead
        .post(&format!("/api/v1/programs/{id}/runs"))
        .await
        .json();
    let second_id = second["run"]["id"].as_i64().expect("run id");
    let pairs = second["pairs"].as_array().cloned().unwrap_or_default();
    assert!(
        pairs
            .iter()
            .any(|p| p["mentee_id"] == unmatched && p["mentor_id"] == mia && p["locked"] == true),
        "the locked pair is kept: {pairs:?}"
    );
    assert!(
        pairs
            .iter()
            .all(|p| p["mentor_id"] != mia || p["mentee_id"] == unmatched),
        "Mia's one place went to the locked mentee"
    );
    let cmp = lead
        .get(&format!(
            "/api/v1/programs/{id}/compare?a={first_id}&b={second_id}"
        ))
        .await
        .json();
    assert!(cmp["changed_mentees"].as_u64().unwrap_or(0) >= 1, "{cmp}");

    // Publishing creates the relationships and tells both sides.
    let res = lead
        .post(&format!("/api/v1/programs/{id}/runs/{second_id}/publish"))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json()["relationships"], 2);
    assert_eq!(
        lead.post(&format!("/api/v1/programs/{id}/runs/{second_id}/publish"))
            .await
            .status,
        StatusCode::CONFLICT
    );
    assert_eq!(notifications_of(&app, mia, "mentorship.matched").await, 1);
    assert_eq!(
        notifications_of(&app, unmatched, "mentorship.matched").await,
        1
    );
    assert_eq!(
        notifications_of(&app, max, "mentorship.matched").await,
        1,
        "Max got the other mentee"
    );
    let stats = lead
        .get(&format!("/api/v1/programs/{id}/stats"))
        .await
        .json();
    assert_eq!(stats["matched"], 2);
    assert_eq!(stats["active_relationships"], 2);
    assert_eq!(
        lead.get(&format!("/api/v1/programs/{id}")).await.json()["phase"],
        "running"
    );
    let csv = lead.get(&format!("/programs/{id}/export.csv")).await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(
        csv.text.lines().count(),
        3,
        "a header and two relationships"
    );

    // The moved mentee finds their relationship from the program page.
    let mut mentee_ids = Vec::new();
    for m in &mentees {
        mentee_ids.push(m.id().await);
    }
    let k = mentee_ids
        .iter()
        .position(|m| *m == unmatched)
        .expect("a mentee");
    let page = mentees[k].visit(&format!("/programs/{id}")).await;
    assert!(page.text.contains("/mentorships/"), "{}", page.text);
    // Matched members cannot withdraw any more.
    let res = mentees[k]
        .delete(&format!("/api/v1/programs/{id}/enrollment"))
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn enrollment_refusals_and_the_form_again_with_the_message() {
    let app = TestApp::spawn().await;
    let (mut admin, mut lead) = org(&app).await;
    let sales = create(&mut admin, "/api/v1/departments", json!({"name": "Sales"})).await;

    // Bad program input names the field.
    let mut bad = program_body("Broken", "lead");
    bad["ends_on"] = json!(day(5));
    let res = lead.post_json("/api/v1/programs", bad).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_field(), "ends_on");
    let mut bad = program_body("Broken", "lead");
    bad["questions"][0]["options"] = json!(["only one"]);
    assert_eq!(
        lead.post_json("/api/v1/programs", bad).await.error_field(),
        "questions[0].options"
    );
    let mut bad = program_body("Broken", "lead");
    bad["criteria"] = json!({"skills": {"weight": 400}});
    assert_eq!(
        lead.post_json("/api/v1/programs", bad).await.error_field(),
        "criteria.skills.weight"
    );

    let program = lead
        .post_json("/api/v1/programs", program_body("Open to all", "lead"))
        .await
        .json();
    let id = program["id"].as_i64().expect("id");
    let focus = program["questions"][0]["id"].as_i64().expect("question id");
    let mut ana = person(&app, "Ana Mentor", true, "Engineer").await;

    let res = ana
        .put_json(
            &format!("/api/v1/programs/{id}/enrollment"),
            json!({"role": "mentor", "capacity": 5, "answers": {focus.to_string(): ["leadership"]}}),
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "over the program's capacity"
    );
    assert_eq!(res.error_field(), "capacity");
    let res = ana
        .put_json(
            &format!("/api/v1/programs/{id}/enrollment"),
            json!({"role": "mentor", "capacity": 1}),
        )
        .await;
    assert_eq!(
        res.error_field(),
        format!("answers.{focus}"),
        "required question"
    );
    let res = ana
        .put_json(
            &format!("/api/v1/programs/{id}/enrollment"),
            json!({"role": "mentor", "capacity": 1, "answers": {focus.to_string(): ["juggling"]}}),
        )
        .await;
    assert_eq!(
        res.error_field(),
        format!("answers.{focus}"),
        "not an option"
    );

    // The HTML form comes back with the message and what was typed.
    let form = ana.visit(&format!("/programs/{id}/enroll")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.text.contains("value=\"leadership\" checked"),
        "prefilled from the profile's goals"
    );
    let res = ana
        .submit(
            &format!("/programs/{id}/enroll"),
            &[("role", "mentor"), ("capacity", "9")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text.contains("take 1 to 2 mentees"), "{}", res.text);
    assert!(res.text.contains("value=\"9\""), "what was typed is kept");
    let res = ana
        .submit(
            &format!("/programs/{id}/enroll"),
            &[
                ("role", "mentor"),
                ("capacity", "2"),
                (&format!("a{focus}"), "leadership"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let mine = ana
        .get(&format!("/api/v1/programs/{id}/enrollment"))
        .await
        .json();
    assert_eq!(mine["capacity"], 2);
    assert_eq!(mine["answers"][focus.to_string()], json!(["leadership"]));
    // Withdraw before matching.
    assert_eq!(
        ana.delete(&format!("/api/v1/programs/{id}/enrollment"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );

    // A program for Sales: others cannot see or join it, unless invited.
    let mut body = program_body("Sales only", "lead");
    body["audience"] = json!("departments");
    body["audience_ids"] = json!([sales]);
    let sales_program = lead.post_json("/api/v1/programs", body).await.json();
    let sid = sales_program["id"].as_i64().expect("id");
    assert_eq!(
        ana.get(&format!("/api/v1/programs/{sid}")).await.status,
        StatusCode::NOT_FOUND
    );
    let listed = ana.get("/api/v1/programs").await.json();
    assert!(
        listed
            .as_array()
            .is_some_and(|l| l.iter().all(|p| p["id"] != sid)),
        "not listed for others"
    );
    let ana_id = ana.id().await;
    let res = lead
        .post_json(
            &format!("/api/v1/programs/{sid}/invitations"),
            json!({"user_ids": [ana_id]}),
        )
        .await;
    assert_eq!(res.json()["invited"], 1);
    assert_eq!(notifications_of(&app, ana_id, "program.invited").await, 1);
    let res = ana
        .put_json(
            &format!("/api/v1/programs/{sid}/enrollment"),
            json!({"role": "mentee", "answers": {sales_program["questions"][0]["id"].to_string(): ["architecture"]}}),
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::OK,
        "invited members may join: {}",
        res.text
    );

    // Inviting someone unknown from the page: the form again, with the message and the text.
    let mut page = lead.clone();
    page.visit(&format!("/programs/{sid}")).await;
    let res = page
        .submit(
            &format!("/programs/{sid}/invite"),
            &[("emails", "ana.mentor@example.org, nobody@example.org")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text
            .contains("no active member has the e-mail nobody@example.org")
    );
    assert!(
        res.text
            .contains("ana.mentor@example.org, nobody@example.org</textarea>")
    );

    // Not yet open.
    let mut body = program_body("Next year", "lead");
    body["enrollment_opens"] = json!(day(30));
    body["enrollment_closes"] = json!(day(40));
    body["matching_on"] = json!(day(41));
    let later = lead.post_json("/api/v1/programs", body).await.json();
    let res = ana
        .put_json(
            &format!("/api/v1/programs/{}/enrollment", later["id"]),
            json!({"role": "mentee", "answers": {later["questions"][0]["id"].to_string(): ["leadership"]}}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.text.contains("opens on"), "{}", res.text);

    // A lead's HTML form with a mistake comes back with the message.
    let mut page = lead.clone();
    page.visit("/programs/new").await;
    let res = page
        .submit(
            "/programs/new",
            &[
                ("name", ""),
                ("kind", "one_on_one"),
                ("enrollment_opens", "2027-01-01"),
                ("enrollment_closes", "2027-01-10"),
                ("matching_on", "2027-01-11"),
                ("ends_on", "2027-06-01"),
                ("w_skills", "40"),
                ("w_languages", "10"),
                ("cross_department", "prefer"),
                ("max_time_zone_hours", "8"),
                ("max_mentees", "2"),
                ("checkin_weeks", "3"),
                ("q0_prompt", "Your focus?"),
                ("q0_kind", "choice"),
                ("q0_options", "a\nb"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text.contains("this is required"), "{}", res.text);
    assert!(
        res.text.contains("Your focus?"),
        "the questions typed are kept"
    );
}

#[tokio::test]
async fn self_service_mentees_ask_and_mentors_answer() {
    let app = TestApp::spawn().await;
    let (_admin, mut lead) = org(&app).await;
    let program = lead
        .post_json(
            "/api/v1/programs",
            program_body("Pick your mentor", "self_service"),
        )
        .await
        .json();
    let id = program["id"].as_i64().expect("id");
    let focus = program["questions"][0]["id"]
        .as_i64()
        .expect("question id")
        .to_string();
    let mut mia = person(&app, "Mia Mentor", true, "Principal Engineer").await;
    let max = person(&app, "Max Mentor", true, "Staff Engineer").await;
    let mut eva = person(&app, "Eva Mentee", false, "Junior Engineer").await;
    let mut eli = person(&app, "Eli Mentee", false, "Junior Engineer").await;
    for (m, role) in [
        (&mia, "mentor"),
        (&max, "mentor"),
        (&eva, "mentee"),
        (&eli, "mentee"),
    ] {
        let res = m
            .put_json(
                &format!("/api/v1/programs/{id}/enrollment"),
                json!({"role": role, "capacity": 2, "answers": {focus.clone(): ["leadership"]}}),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    }
    let (mia_id, max_id, eva_id) = (mia.id().await, max.id().await, eva.id().await);

    let choice = eva
        .get(&format!("/api/v1/programs/{id}/mentors"))
        .await
        .json();
    let suggestions = choice["suggestions"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert_eq!(suggestions.len(), 2, "{choice}");
    assert!(
        suggestions[0]["reasons"].to_string().contains("Rust"),
        "reasons name what they teach: {choice}"
    );
    // The mentors page works without JavaScript.
    let page = eva.visit(&format!("/programs/{id}/mentors")).await;
    assert!(page.text.contains("Ask Mia Mentor"), "{}", page.text);

    let res = eva
        .post_json(
            &format!("/api/v1/programs/{id}/requests"),
            json!({"mentor_id": mia_id, "message": "I want to learn Rust"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let eva_request = res.json()["id"].as_i64().expect("id");
    assert_eq!(
        notifications_of(&app, mia_id, "mentorship.request").await,
        1
    );
    let res = eva
        .post_json(
            &format!("/api/v1/programs/{id}/requests"),
            json!({"mentor_id": max_id}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "one request at a time");
    let res = eli
        .post_json(
            &format!("/api/v1/programs/{id}/requests"),
            json!({"mentor_id": mia_id, "message": "Me too"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let eli_request = res.json()["id"].as_i64().expect("id");

    // Only the mentor answers; Mia lowers her capacity to one, then accepts Eva.
    assert_eq!(
        eli.post(&format!("/api/v1/mentor-requests/{eva_request}/accept"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let res = mia
        .put_json(
            &format!("/api/v1/programs/{id}/enrollment"),
            json!({"role": "mentor", "capacity": 1, "answers": {focus.clone(): ["leadership"]}}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let res = mia
        .post(&format!("/api/v1/mentor-requests/{eva_request}/accept"))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert!(res.json()["mentorship_id"].as_i64().is_some_and(|m| m > 0));
    assert_eq!(
        notifications_of(&app, eva_id, "mentorship.accepted").await,
        1
    );
    let res = mia
        .post(&format!("/api/v1/mentor-requests/{eli_request}/accept"))
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "a mentor over capacity");
    assert!(res.text.contains("capacity"), "{}", res.text);

    // Mia declines Eli with a reason; Eli is told and sees the next suggestions without her.
    let res = mia
        .post_json(
            &format!("/api/v1/mentor-requests/{eli_request}/decline"),
            json!({"reason": "I am full this term"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    let eli_id = eli.id().await;
    assert_eq!(
        notifications_of(&app, eli_id, "mentorship.declined").await,
        1
    );
    let next = eli
        .get(&format!("/api/v1/programs/{id}/mentors"))
        .await
        .json();
    let ids: Vec<i64> = next["suggestions"]
        .as_array()
        .map(|s| s.iter().filter_map(|x| x["mentor_id"].as_i64()).collect())
        .unwrap_or_default();
    assert_eq!(ids, vec![max_id], "{next}");
    // Eva, matched, gets no more suggestions.
    assert_eq!(
        eva.get(&format!("/api/v1/programs/{id}/mentors"))
            .await
            .status,
        StatusCode::CONFLICT
    );
    let stats = lead
        .get(&format!("/api/v1/programs/{id}/stats"))
        .await
        .json();
    assert_eq!(stats["active_relationships"], 1);
    // The lead of a self-service program has no matching to run.
    lead.post(&format!("/api/v1/programs/{id}/close")).await;
    assert_eq!(
        lead.post(&format!("/api/v1/programs/{id}/runs"))
            .await
            .status,
        StatusCode::CONFLICT
    );
}

#[tokio::test]
async fn the_demo_has_a_program_to_join_and_one_running() {
    let app = TestApp::spawn().await;
    let sign_ins = grove::demo::load(&app.db, 300, 7).await.expect("demo");
    let mut lead = app.anonymous();
    lead.sign_in(&sign_ins.lead, grove::demo::DEMO_PASSWORD)
        .await;
    let programs = lead.get("/api/v1/programs").await.json();
    let list = programs.as_array().cloned().unwrap_or_default();
    assert_eq!(list.len(), 2, "{programs}");
    let open = list
        .iter()
        .find(|p| p["phase"] == "open")
        .expect("open program");
    let running = list
        .iter()
        .find(|p| p["phase"] == "running")
        .expect("running program");
    assert_eq!(open["enrollment_open"], true);
    assert_eq!(
        open["enrolled"], 40,
        "30 mentees and 10 mentors of 300 members"
    );

    let stats = lead
        .get(&format!("/api/v1/programs/{}/stats", running["id"]))
        .await
        .json();
    assert!(
        stats["active_relationships"].as_i64().unwrap_or(0) >= 15,
        "{stats}"
    );
    assert!(stats["checkins"].as_i64().unwrap_or(0) > 20, "{stats}");
    assert!(stats["goals_met"].as_i64().unwrap_or(0) > 0, "{stats}");
    assert!(
        stats["feedback_count"].as_i64().unwrap_or(0) >= 4,
        "{stats}"
    );
    assert!(
        !stats["without_checkin"]
            .as_array()
            .is_some_and(Vec::is_empty),
        "some pairs went quiet, for the lead to follow up: {stats}"
    );
    let page = lead.visit(&format!("/programs/{}", running["id"])).await;
    assert!(
        page.text.contains("No check-in for 3 weeks"),
        "{}",
        page.text
    );

    // The demo member is in the running program and may join the open one.
    let mut member = app.anonymous();
    member
        .sign_in(&sign_ins.member, grove::demo::DEMO_PASSWORD)
        .await;
    let page = member.visit(&format!("/programs/{}", running["id"])).await;
    assert!(page.text.contains("/mentorships/"), "{}", page.text);
    let page = member.visit(&format!("/programs/{}", open["id"])).await;
    assert!(
        page.text
            .contains(&format!("/programs/{}/enroll", open["id"]))
    );

    // The lead closes enrollment and matches the open program on demo data, bridging silos.
    let id = open["id"].as_i64().expect("id");
    assert_eq!(
        lead.post(&format!("/api/v1/programs/{id}/close"))
            .await
            .status,
        StatusCode::OK
    );
    let run = lead.post(&format!("/api/v1/programs/{id}/runs")).await;
    assert_eq!(run.status, StatusCode::CREATED, "{}", run.text);
    let run = run.json();
    assert!(
        run["run"]["pair_count"].as_i64().unwrap_or(0) >= 15,
        "{run}"
    );
    assert_eq!(run["network"]["favour_bridges"], true);
    assert!(
        run["network"]["cross_department_pairs"]
            .as_i64()
            .unwrap_or(0)
            > 0,
        "{run}"
    );
    let html = lead
        .visit(&format!("/programs/{id}/runs/{}", run["run"]["id"]))
        .await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(html.text.contains("Effect on the network"));
}

#[tokio::test]
async fn group_and_peer_programs_publish_one_relationship_per_group_or_circle() {
    let app = TestApp::spawn().await;
    let (_admin, mut lead) = org(&app).await;
    let mentor = person(&app, "Mia Mentor", true, "Principal Engineer").await;
    let mut mentees = Vec::new();
    for name in ["Eva Mentee", "Eli Mentee", "Ema Mentee", "Ed Mentee"] {
        mentees.push(person(&app, name, false, "Junior Engineer").await);
    }
    let members_of = |app: &TestApp, program: i64| {
        let pool = app.db.pool.clone();
        async move {
            sqlx::query(
                "SELECT m.id, COUNT(*) FROM mentorships m JOIN mentorship_members mm ON mm.mentorship_id = m.id \
                 WHERE m.program_id = $1 GROUP BY m.id ORDER BY m.id",
            )
            .bind(program)
            .fetch_all(&pool)
            .await
            .expect("relationships")
            .iter()
            .map(|r| r.try_get::<i64, _>(1).expect("count"))
            .collect::<Vec<i64>>()
        }
    };

    // A group of up to three mentees: three of the four join Mia's group.
    let mut body = program_body("Team leads circle", "lead");
    body["kind"] = json!("group");
    body["group_size"] = json!(3);
    body["questions"] = json!([]);
    let id = lead.post_json("/api/v1/programs", body).await.json()["id"]
        .as_i64()
        .expect("id");
    let res = mentor
        .put_json(
            &format!("/api/v1/programs/{id}/enrollment"),
            json!({"role": "mentor", "capacity": 1}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    for m in &mentees {
        m.put_json(
            &format!("/api/v1/programs/{id}/enrollment"),
            json!({"role": "mentee"}),
        )
        .await;
    }
    lead.post(&format!("/api/v1/programs/{id}/close")).await;
    let run = lead
        .post(&format!("/api/v1/programs/{id}/runs"))
        .await
        .json();
    assert_eq!(run["run"]["pair_count"], 3, "{run}");
    let run_id = run["run"]["id"].as_i64().expect("run");
    let res = lead
        .post(&format!("/api/v1/programs/{id}/runs/{run_id}/publish"))
        .await;
    assert_eq!(res.json()["relationships"], 1, "{}", res.text);
    assert_eq!(
        members_of(&app, id).await,
        vec![4],
        "the mentor and three mentees"
    );

    // Peer circles of two: four peers, two circles; locks make no sense there.
    let mut body = program_body("Peer learning", "lead");
    body["kind"] = json!("peer");
    body["group_size"] = json!(2);
    body["questions"] = json!([]);
    let id = lead.post_json("/api/v1/programs", body).await.json()["id"]
        .as_i64()
        .expect("id");
    let mut ids = Vec::new();
    for m in &mentees {
        let res = m
            .put_json(
                &format!("/api/v1/programs/{id}/enrollment"),
                json!({"role": "mentee"}),
            )
            .await;
        assert_eq!(res.json()["role"], "both", "everyone is a peer");
        ids.push(m.id().await);
    }
    let res = lead
        .post_json(
            &format!("/api/v1/programs/{id}/adjustments"),
            json!({"mentee_id": ids[0], "mentor_id": ids[1], "kind": "lock"}),
        )
        .await;
    assert_eq!(res.error_field(), "kind");
    lead.post(&format!("/api/v1/programs/{id}/close")).await;
    let run = lead
        .post(&format!("/api/v1/programs/{id}/runs"))
        .await
        .json();
    assert_eq!(
        run["run"]["pair_count"], 4,
        "one row per member of a circle: {run}"
    );
    let run_id = run["run"]["id"].as_i64().expect("run");
    let res = lead
        .post(&format!("/api/v1/programs/{id}/runs/{run_id}/publish"))
        .await;
    assert_eq!(res.json()["relationships"], 2, "{}", res.text);
    assert_eq!(members_of(&app, id).await, vec![2, 2]);
}
