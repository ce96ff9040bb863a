//! Mentoring relationships: only members see them; goals, check-ins, private notes, milestones,
//! ending, re-match and feedback.

use grove::relationships::model::{MemberRole, NewMentorship};
use grove::web::page::date;
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::Row;

use crate::kit::{Client, TestApp};

const DAY: i64 = 86_400;

fn now() -> i64 {
    grove::db::now()
}

/// A day relative to today, as forms and the API take it.
fn day(offset_days: i64) -> String {
    date(now() + offset_days * DAY)
}

/// A program led by `lead` that ends `ends_in_days` from now (negative: already over).
async fn program(app: &TestApp, lead: i64, ends_in_days: i64) -> i64 {
    sqlx::query(
        "INSERT INTO programs (name, kind, matching_mode, enrollment_opens, enrollment_closes, matching_on, ends_on, created_by, created_at) \
         VALUES ('Spring Mentoring', 'one_on_one', 'lead', $1, $1, $1, $2, $3, $1) RETURNING id",
    )
    .bind(now() - 30 * DAY)
    .bind(now() + ends_in_days * DAY)
    .bind(lead)
    .fetch_one(&app.db.pool)
    .await
    .expect("program")
    .try_get(0)
    .expect("id")
}

async fn mentorship(app: &TestApp, program_id: Option<i64>, members: &[(i64, MemberRole)]) -> i64 {
    let ids = grove::relationships::store::create_many(
        &app.db,
        &[NewMentorship {
            program_id,
            kind: "one_on_one".into(),
            score: Some(0.8),
            members: members.to_vec(),
        }],
    )
    .await
    .expect("create relationship");
    ids[0]
}

/// An admin, a program lead, a mentor and a mentee matched in the lead's program, and a stranger.
struct Story {
    app: TestApp,
    admin: Client,
    lead: Client,
    lead_id: i64,
    mentor: Client,
    mentor_id: i64,
    mentee: Client,
    mentee_id: i64,
    stranger: Client,
    program_id: i64,
    id: i64,
}

async fn story(program_ends_in_days: i64) -> Story {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let lead = app.member("Lee Lead").await;
    let mentor = app.member("Mia Mentor").await;
    let mentee = app.member("Tom Mentee").await;
    let stranger = app.member("Sam Stranger").await;
    let (lead_id, mentor_id, mentee_id) = (lead.id().await, mentor.id().await, mentee.id().await);
    let program_id = program(&app, lead_id, program_ends_in_days).await;
    let id = mentorship(
        &app,
        Some(program_id),
        &[
            (mentor_id, MemberRole::Mentor),
            (mentee_id, MemberRole::Mentee),
        ],
    )
    .await;
    Story {
        app,
        admin,
        lead,
        lead_id,
        mentor,
        mentor_id,
        mentee,
        mentee_id,
        stranger,
        program_id,
        id,
    }
}

impl Story {
    fn api(&self, rest: &str) -> String {
        format!("/api/v1/mentorships/{}{rest}", self.id)
    }

    fn page(&self, rest: &str) -> String {
        format!("/mentorships/{}{rest}", self.id)
    }
}

async fn notifications(client: &Client) -> Vec<Value> {
    let res = client.get("/api/v1/notifications").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    res.json()["items"].as_array().cloned().unwrap_or_default()
}

fn kinds(items: &[Value]) -> Vec<&str> {
    items.iter().filter_map(|n| n["kind"].as_str()).collect()
}

#[tokio::test]
async fn only_members_see_a_relationship_and_everyone_else_gets_not_found() {
    let mut s = story(90).await;

    let list = s.mentee.get("/api/v1/mentorships").await.json();
    assert_eq!(list[0]["id"], s.id);
    assert_eq!(list[0]["program_name"], "Spring Mentoring");
    assert_eq!(list[0]["my_role"], "mentee");
    assert_eq!(list[0]["others"][0]["name"], "Mia Mentor");
    assert_eq!(list[0]["open_goals"], 0);
    assert!(list[0]["last_checkin_at"].is_null());

    let res = s.mentor.get(&s.api("")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let body = res.json();
    assert_eq!(body["status"], "active");
    assert_eq!(body["my_role"], "mentor");
    assert_eq!(body["members"].as_array().map(Vec::len), Some(2));
    let page = s.mentee.get(&s.page("")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text
            .contains(&format!("href=\"/people/{}\"", s.mentor_id))
    );
    assert!(page.text.contains("Spring Mentoring"));
    assert!(
        s.mentee
            .get("/mentorships")
            .await
            .text
            .contains(&s.page("")),
        "the list links to the page"
    );

    // A stranger, an admin and the program's own lead are all told it does not exist.
    for outsider in [&s.stranger, &s.admin, &s.lead] {
        assert_eq!(outsider.get(&s.api("")).await.status, StatusCode::NOT_FOUND);
        assert_eq!(
            outsider.get(&s.page("")).await.status,
            StatusCode::NOT_FOUND
        );
        assert_eq!(
            outsider.get("/api/v1/mentorships/999999").await.status,
            StatusCode::NOT_FOUND,
            "a missing relationship looks the same"
        );
    }
    let res = s
        .stranger
        .post_json(
            &s.api("/checkins"),
            json!({"held_on": day(0), "notes": "sneaky"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = s
        .stranger
        .submit(&s.page("/notes"), &[("body", "sneaky")])
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(
        s.stranger
            .get("/api/v1/mentorships")
            .await
            .json()
            .as_array()
            .is_some_and(Vec::is_empty)
    );
    assert!(matches!(
        grove::relationships::service::membership(&s.app.db, s.lead_id, s.id).await,
        Err(grove::AppError::NotFound)
    ));
    assert!(matches!(
        grove::relationships::service::membership(&s.app.db, s.mentee_id, s.id).await,
        Ok(MemberRole::Mentee)
    ));

    // Outside any program a relationship is "Informal".
    let informal = mentorship(
        &s.app,
        None,
        &[
            (s.mentor_id, MemberRole::Peer),
            (s.mentee_id, MemberRole::Peer),
        ],
    )
    .await;
    let list = s.mentee.get("/api/v1/mentorships").await.json();
    let names: Vec<_> = list
        .as_array()
        .into_iter()
        .flatten()
        .map(|m| (m["id"].as_i64(), m["program_name"].as_str()))
        .collect();
    assert!(
        names.contains(&(Some(informal), Some("Informal"))),
        "{names:?}"
    );
}

#[tokio::test]
async fn goals_are_proposed_agreed_by_another_member_and_met() {
    let mut s = story(90).await;
    let res = s
        .mentee
        .post_json(
            &s.api("/goals"),
            json!({"title": "Give a conference talk", "target_on": day(60)}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let goal = res.json();
    let goal_id = goal["id"].as_i64().expect("goal id");
    assert_eq!(goal["proposed_by"], s.mentee_id);
    assert!(goal["agreed_at"].is_null());
    assert!(
        kinds(&notifications(&s.mentor).await).contains(&"mentorship.goal"),
        "the mentor hears of the proposal"
    );

    let res = s
        .mentee
        .post(&s.api(&format!("/goals/{goal_id}/agree")))
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(
        res.json()["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("you proposed this goal")
    );
    let res = s
        .mentee
        .submit(&s.page(&format!("/goals/{goal_id}/agree")), &[])
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "the page refuses it too");
    assert!(res.text.contains("you proposed this goal"));

    let res = s
        .mentor
        .post(&s.api(&format!("/goals/{goal_id}/agree")))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert!(res.json()["agreed_at"].is_i64());
    assert_eq!(
        s.stranger
            .post(&s.api(&format!("/goals/{goal_id}/agree")))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.mentor.post(&s.api("/goals/999999/agree")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        s.mentee.get("/api/v1/mentorships").await.json()[0]["open_goals"],
        1
    );

    let res = s
        .mentee
        .submit(&s.page(&format!("/goals/{goal_id}/met")), &[])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let body = s.mentor.get(&s.api("")).await.json();
    assert!(body["goals"][0]["met_at"].is_i64());
    assert_eq!(
        s.mentee.get("/api/v1/mentorships").await.json()[0]["open_goals"],
        0
    );

    let res = s
        .mentee
        .post_json(&s.api("/goals"), json!({"title": "x".repeat(201)}))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_field(), "title");
    let res = s
        .mentee
        .post_json(
            &s.api("/goals"),
            json!({"title": "Ok", "target_on": "next week"}),
        )
        .await;
    assert_eq!(res.error_field(), "target_on");

    // Milestones, from the page.
    let res = s
        .mentor
        .submit(
            &s.page("/milestones"),
            &[("title", "First talk accepted"), ("reached_on", &day(-1))],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let page = s.mentee.get(&s.page("")).await.text;
    assert!(page.contains("First talk accepted") && page.contains(&day(-1)));
    let res = s
        .mentor
        .post_json(
            &s.api("/milestones"),
            json!({"title": "Later", "reached_on": day(5)}),
        )
        .await;
    assert_eq!(
        res.error_field(),
        "reached_on",
        "a milestone is reached, not planned"
    );
}

#[tokio::test]
async fn a_checkin_moves_the_last_checkin_forward_and_notifies_the_other_member() {
    let mut s = story(90).await;
    let before = s
        .mentor
        .get("/api/v1/notifications/unread-count")
        .await
        .json()["unread"]
        .as_i64()
        .unwrap_or(-1);

    let res = s
        .mentee
        .post_json(
            &s.api("/checkins"),
            json!({"held_on": day(-2), "notes": "Talked about the talk outline."}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let held = res.json()["held_on"].as_i64().expect("held_on");
    assert_eq!(date(held), day(-2));
    let body = s.mentor.get(&s.api("")).await.json();
    assert_eq!(body["last_checkin_at"], held);
    assert_eq!(
        body["checkins"][0]["notes"],
        "Talked about the talk outline."
    );
    assert_eq!(body["checkins"][0]["author_name"], "Tom Mentee");
    assert_eq!(
        s.mentee.get("/api/v1/mentorships").await.json()[0]["last_checkin_at"],
        held
    );

    let after = s
        .mentor
        .get("/api/v1/notifications/unread-count")
        .await
        .json()["unread"]
        .as_i64()
        .unwrap_or(-1);
    assert_eq!(after, before + 1);
    let mentor_news = notifications(&s.mentor).await;
    assert_eq!(mentor_news[0]["kind"], "mentorship.checkin");
    assert_eq!(mentor_news[0]["link"], s.page(""));
    assert!(
        !kinds(&notifications(&s.mentee).await).contains(&"mentorship.checkin"),
        "the author is not notified of their own check-in"
    );
    assert!(
        notifications(&s.lead).await.is_empty(),
        "the lead hears nothing of check-ins"
    );

    // An older check-in logged late does not move the date back.
    let res = s
        .mentor
        .submit(
            &s.page("/checkins"),
            &[("held_on", &day(-10)), ("notes", "")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    assert_eq!(
        s.mentor.get(&s.api("")).await.json()["last_checkin_at"],
        held
    );

    for (held_on, why) in [
        (day(3), "future"),
        (day(-400), "over a year back"),
        ("2026-02-30".into(), "no such day"),
    ] {
        let res = s
            .mentee
            .post_json(&s.api("/checkins"), json!({"held_on": held_on}))
            .await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{why}");
        assert_eq!(res.error_field(), "held_on", "{why}");
    }
    let res = s
        .mentee
        .post_json(
            &s.api("/checkins"),
            json!({"held_on": day(0), "notes": "x".repeat(5001)}),
        )
        .await;
    assert_eq!(res.error_field(), "notes");
}

#[tokio::test]
async fn private_notes_are_read_and_deleted_by_their_author_only() {
    let mut s = story(90).await;
    let res = s
        .mentee
        .post_json(
            &s.api("/notes"),
            json!({"body": "Feeling unsure about asking for feedback"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let note_id = res.json()["id"].as_i64().expect("note id");
    let res = s
        .mentee
        .submit(
            &s.page("/notes"),
            &[("body", "Second thought, from the page")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);

    let mine = s.mentee.get(&s.api("")).await.json();
    assert_eq!(mine["my_notes"].as_array().map(Vec::len), Some(2));
    let page = s.mentee.get(&s.page("")).await.text;
    assert!(page.contains("Only you can see these"));
    assert!(page.contains("Feeling unsure about asking for feedback"));

    // The other member sees neither note, through the API or the page.
    let theirs = s.mentor.get(&s.api("")).await;
    assert!(
        theirs.json()["my_notes"]
            .as_array()
            .is_some_and(Vec::is_empty)
    );
    assert!(!theirs.text.contains("Feeling unsure"));
    let page = s.mentor.get(&s.page("")).await.text;
    assert!(!page.contains("Feeling unsure") && !page.contains("Second thought"));

    // Nor can they delete one: it is not found for them.
    let res = s.mentor.delete(&s.api(&format!("/notes/{note_id}"))).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = s
        .mentor
        .submit(&s.page(&format!("/notes/{note_id}/delete")), &[])
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = s
        .stranger
        .delete(&s.api(&format!("/notes/{note_id}")))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(
        s.mentee.get(&s.api("")).await.json()["my_notes"]
            .as_array()
            .map(Vec::len),
        Some(2),
        "still there"
    );

    let res = s.mentee.delete(&s.api(&format!("/notes/{note_id}"))).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    let res = s.mentee.delete(&s.api(&format!("/notes/{note_id}"))).await;
    assert_eq!(res.status, StatusCode::NOT_FOUND, "gone");
    let res = s
        .mentee
        .post_json(&s.api("/notes"), json!({"body": "   "}))
        .await;
    assert_eq!(res.error_field(), "body");
}

#[tokio::test]
async fn ending_early_refuses_new_work_but_keeps_notes_and_feedback_open() {
    let mut s = story(90).await;
    let res = s
        .mentor
        .post_json(&s.api("/end"), json!({"reason": "  "}))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_field(), "reason");

    let res = s
        .mentor
        .post_json(&s.api("/end"), json!({"reason": "I am changing roles"}))
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text);
    let body = s.mentee.get(&s.api("")).await.json();
    assert_eq!(body["status"], "ended");
    assert_eq!(body["ended_early"], true);
    assert_eq!(body["end_reason"], "I am changing roles");
    assert!(body["ended_at"].is_i64());
    let list = s.mentee.get("/api/v1/mentorships").await.json();
    assert_eq!(list[0]["status"], "ended");

    let mentee_news = notifications(&s.mentee).await;
    assert_eq!(mentee_news[0]["kind"], "mentorship.ended");
    assert!(
        mentee_news[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("I am changing roles")
    );
    let lead_news = notifications(&s.lead).await;
    assert_eq!(lead_news[0]["kind"], "mentorship.ended");
    assert_eq!(lead_news[0]["link"], format!("/programs/{}", s.program_id));
    assert!(notifications(&s.stranger).await.is_empty());

    let res = s
        .mentee
        .post_json(&s.api("/checkins"), json!({"held_on": day(0)}))
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(
        res.json()["error"]["message"]
            .as_str()
            .unwrap_or("")
            .contains("has ended")
    );
    assert_eq!(
        s.mentee
            .post_json(&s.api("/goals"), json!({"title": "More"}))
            .await
            .status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        s.mentee
            .post_json(
                &s.api("/milestones"),
                json!({"title": "More", "reached_on": day(0)})
            )
            .await
            .status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        s.mentor
            .post_json(&s.api("/end"), json!({"reason": "again"}))
            .await
            .status,
        StatusCode::CONFLICT
    );
    let res = s
        .mentee
        .post_json(&s.api("/notes"), json!({"body": "What I learned"}))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "notes stay open");
    let page = s.mentee.get(&s.page("")).await.text;
    assert!(
        !page.contains("Log check-in"),
        "no check-in form once ended"
    );
    assert!(page.contains("Send feedback"));
}

#[tokio::test]
async fn feedback_opens_when_the_relationship_ends_and_stays_with_its_author() {
    let mut s = story(90).await;
    let res = s
        .mentee
        .post_json(
            &s.api("/feedback"),
            json!({"rating": 5, "comment": "Great"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert_eq!(
        res.json()["error"]["message"],
        "feedback opens when the relationship ends"
    );

    s.mentor
        .post_json(&s.api("/end"), json!({"reason": "We met our goals"}))
        .await;
    let res = s
        .mentee
        .post_json(&s.api("/feedback"), json!({"rating": 6}))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_field(), "rating");
    let res = s
        .mentee
        .post_json(&s.api("/feedback"), json!({"rating": 0}))
        .await;
    assert_eq!(res.error_field(), "rating");

    let res = s
        .mentee
        .post_json(
            &s.api("/feedback"),
            json!({"rating": 4, "comment": "Very helpful"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let res = s
        .mentee
        .submit(
            &s.page("/feedback"),
            &[("rating", "2"), ("comment", "On reflection, less so")],
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::SEE_OTHER,
        "a second submission replaces the first"
    );
    let mine = s.mentee.get(&s.api("")).await.json();
    assert_eq!(mine["my_feedback"]["rating"], 2);
    assert_eq!(mine["my_feedback"]["comment"], "On reflection, less so");
    let rows: i64 =
        sqlx::query("SELECT COUNT(*) FROM mentorship_feedback WHERE mentorship_id = $1")
            .bind(s.id)
            .fetch_one(&s.app.db.pool)
            .await
            .expect("count")
            .try_get(0)
            .expect("count");
    assert_eq!(rows, 1, "one per member");

    let theirs = s.mentor.get(&s.api("")).await;
    assert!(
        theirs.json()["my_feedback"].is_null(),
        "the mentor does not see the mentee's rating"
    );
    assert!(!theirs.text.contains("On reflection"));
    assert!(
        !s.mentor
            .get(&s.page(""))
            .await
            .text
            .contains("On reflection")
    );

    // Once the program is over, feedback opens even while the relationship is still active.
    let mut later = story(-1).await;
    let res = later
        .mentor
        .post_json(&later.api("/feedback"), json!({"rating": 5}))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
}

#[tokio::test]
async fn a_mentee_asks_for_a_rematch_which_ends_it_and_tells_the_lead() {
    let mut s = story(90).await;
    let res = s.mentor.post_json(&s.api("/rematch"), json!({})).await;
    assert_eq!(
        res.status,
        StatusCode::FORBIDDEN,
        "a mentor ends it instead"
    );

    let res = s
        .mentee
        .post_json(
            &s.api("/rematch"),
            json!({"reason": "our schedules never line up"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text);
    let body = s.mentee.get(&s.api("")).await.json();
    assert_eq!(body["status"], "ended");
    assert_eq!(
        body["end_reason"],
        "re-match requested: our schedules never line up"
    );
    assert_eq!(body["ended_early"], true);

    let requested: Vec<(i64, Option<i64>)> = sqlx::query(
        "SELECT user_id, rematch_requested_at FROM mentorship_members WHERE mentorship_id = $1 ORDER BY user_id",
    )
    .bind(s.id)
    .fetch_all(&s.app.db.pool)
    .await
    .expect("members")
    .iter()
    .map(|r| (r.try_get(0).expect("user"), r.try_get(1).expect("at")))
    .collect();
    for (user, at) in requested {
        assert_eq!(
            at.is_some(),
            user == s.mentee_id,
            "only the asker is flagged"
        );
    }

    let lead_news = notifications(&s.lead).await;
    assert_eq!(lead_news[0]["kind"], "mentorship.rematch");
    assert_eq!(lead_news[0]["link"], format!("/programs/{}", s.program_id));
    assert!(
        lead_news[0]["message"]
            .as_str()
            .unwrap_or("")
            .contains("Tom Mentee")
    );
    assert_eq!(
        notifications(&s.mentor).await[0]["kind"],
        "mentorship.rematch"
    );
    assert_eq!(
        s.mentee
            .post_json(&s.api("/rematch"), json!({}))
            .await
            .status,
        StatusCode::CONFLICT,
        "already ended"
    );
}

#[tokio::test]
async fn a_refused_form_comes_back_with_the_message_beside_the_field_and_the_input_kept() {
    let mut s = story(90).await;
    let res = s
        .mentee
        .submit(&s.page("/goals"), &[("title", ""), ("target_on", &day(30))])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text
            .contains("<p class=\"field-error\" id=\"goal-title-error\">this cannot be empty</p>"),
        "{}",
        res.text
    );
    assert!(
        res.text.contains(&format!("value=\"{}\"", day(30))),
        "the target date typed is kept"
    );
    assert!(
        res.text.contains("href=\"#goal-title\""),
        "the summary links to the field"
    );

    let res = s
        .mentee
        .submit(
            &s.page("/checkins"),
            &[
                ("held_on", &day(5)),
                ("notes", "We planned the next quarter"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text
            .contains("id=\"checkin-held_on-error\">this date is in the future")
    );
    assert!(res.text.contains(">We planned the next quarter</textarea>"));
    assert!(
        s.mentee.get(&s.api("")).await.json()["checkins"]
            .as_array()
            .is_some_and(Vec::is_empty),
        "nothing stored"
    );

    let res = s.mentee.submit(&s.page("/end"), &[("reason", "")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text.contains("id=\"end-reason-error\""));
    assert_eq!(s.mentee.get(&s.api("")).await.json()["status"], "active");

    s.mentee
        .submit(&s.page("/end"), &[("reason", "Done")])
        .await;
    let res = s
        .mentee
        .submit(
            &s.page("/feedback"),
            &[("rating", "9"), ("comment", "kept")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text.contains("id=\"feedback-rating-error\""));
    assert!(res.text.contains(">kept</textarea>"));
}
