//! People you may want to know, finding an expert, network health.

use reqwest::StatusCode;
use serde_json::json;

use crate::kit::{Client, TestApp};
use crate::people::create;

async fn connect(a: &mut Client, b: &mut Client) {
    let b_id = b.id().await;
    let a_id = a.id().await;
    a.post_json("/api/v1/connections", json!({"user_id": b_id}))
        .await;
    assert_eq!(
        b.post(&format!("/api/v1/connections/{a_id}/accept"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn suggestions_come_with_reasons_and_respect_dismissals_and_opt_outs() {
    let app = TestApp::spawn().await;
    let mut admin = app.admin().await;
    create(&mut admin, "/api/v1/skills", json!({"name": "Rust"})).await;
    let mut ana = app.member("Ana Silva").await;
    let mut bob = app.member("Bob Brown").await;
    let mut cai = app.member("Cai Chen").await;
    let mut dee = app.member("Dee Diaz").await;
    let (ana_id, cai_id, dee_id) = (ana.id().await, cai.id().await, dee.id().await);
    ana.patch_json(
        &format!("/api/v1/members/{ana_id}"),
        json!({"skills": [{"skill": "Rust", "level": 1, "wants_to_learn": true}]}),
    )
    .await;
    cai.patch_json(
        &format!("/api/v1/members/{cai_id}"),
        json!({"skills": [{"skill": "Rust", "level": 5, "can_teach": true}]}),
    )
    .await;
    dee.patch_json(
        &format!("/api/v1/members/{dee_id}"),
        json!({"suggestible": false}),
    )
    .await;
    connect(&mut ana, &mut bob).await;
    connect(&mut bob, &mut cai).await;
    connect(&mut bob, &mut dee).await;

    let suggestions = ana.get("/api/v1/suggestions/people").await.json();
    let list = suggestions.as_array().expect("list").clone();
    let first = list.first().expect("a suggestion");
    assert_eq!(first["id"], cai_id, "{suggestions}");
    let reasons = first["reasons"].to_string();
    assert!(
        reasons.contains("Bob Brown"),
        "names the mutual connection: {reasons}"
    );
    assert!(
        reasons.contains("teaches Rust"),
        "says what Cai teaches: {reasons}"
    );
    assert!(list.iter().all(|s| s["id"] != dee_id), "opted out");
    assert!(
        list.iter()
            .all(|s| s["id"] != ana_id && s["name"] != "Bob Brown"),
        "not myself, not my connections"
    );

    let home = ana.get("/").await;
    assert!(home.text.contains("People you may want to know") && home.text.contains("Cai Chen"));
    let own = ana.get(&format!("/people/{ana_id}")).await.text;
    assert!(
        own.contains("People you may want to know") && own.contains("Cai Chen"),
        "own profile"
    );
    let other = ana.get(&format!("/people/{cai_id}")).await.text;
    assert!(
        !other.contains("People you may want to know"),
        "not on someone else's profile"
    );
    let res = ana
        .submit(&format!("/suggestions/{cai_id}/dismiss"), &[("back", "/")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let after = ana.get("/api/v1/suggestions/people").await.json();
    assert!(
        after
            .as_array()
            .is_some_and(|l| l.iter().all(|s| s["id"] != cai_id)),
        "dismissed: {after}"
    );
    assert_eq!(
        ana.get("/api/v1/suggestions/people?limit=500")
            .await
            .error_field(),
        "limit"
    );
}

#[tokio::test]
async fn find_an_expert_ranks_evidence_and_closeness() {
    let app = TestApp::spawn().await;
    let mut admin = app.admin().await;
    create(&mut admin, "/api/v1/skills", json!({"name": "Kubernetes"})).await;
    let mut ana = app.member("Ana Silva").await;
    let expert = app.member("Eve Expert").await;
    let novice = app.member("Nat Novice").await;
    let mut ana_friend = app.member("Fay Friend").await;
    let e_id = expert.id().await;
    let n_id = novice.id().await;
    expert
        .patch_json(
            &format!("/api/v1/members/{e_id}"),
            json!({"skills": [{"skill": "Kubernetes", "level": 5, "can_teach": true}]}),
        )
        .await;
    novice
        .patch_json(
            &format!("/api/v1/members/{n_id}"),
            json!({"skills": [{"skill": "Kubernetes", "level": 2}]}),
        )
        .await;
    connect(&mut ana, &mut ana_friend).await;
    // Quinn has no Kubernetes skill on their profile, but answered a Kubernetes question well.
    let mut quinn = app.member("Quinn Answerer").await;
    let res = ana
        .post_json("/api/v1/posts", json!({"kind": "question", "title": "Pods keep restarting", "body": "Why?", "tags": ["kubernetes"]}))
        .await;
    let question = res.json()["id"].as_i64().expect("question");
    let res = quinn
        .post_json(
            &format!("/api/v1/posts/{question}/answers"),
            json!({"body": "Memory limits."}),
        )
        .await;
    let answer = res.json()["id"].as_i64().expect("answer");
    ana.put_json(
        &format!("/api/v1/posts/{question}/accepted"),
        json!({"answer_id": answer}),
    )
    .await;

    let found = ana.get("/api/v1/experts?topic=kubernetes").await.json();
    let quinn_found = found["experts"]
        .as_array()
        .and_then(|l| l.iter().find(|e| e["name"] == "Quinn Answerer").cloned())
        .expect("an accepted answer is evidence");
    assert!(
        quinn_found["reasons"]
            .to_string()
            .contains("1 accepted answer on Kubernetes"),
        "{quinn_found}"
    );
    assert_eq!(found["skill"], "Kubernetes");
    assert_eq!(found["experts"][0]["name"], "Eve Expert", "{found}");
    assert!(
        found["experts"][0]["reasons"]
            .to_string()
            .contains("level 5/5")
    );
    assert_eq!(
        ana.get("/api/v1/experts?topic=").await.error_field(),
        "topic"
    );
    assert_eq!(
        ana.get("/api/v1/experts?topic=Basket%20weaving")
            .await
            .json()["experts"],
        json!([])
    );
    let page = ana.get("/experts?topic=Kubernetes").await;
    assert!(page.text.contains("Eve Expert") && page.text.contains("Nat Novice"));
}

#[tokio::test]
async fn network_health_is_for_admins_and_hides_small_departments() {
    let app = TestApp::spawn().await;
    let mut admin = app.admin().await;
    let big = create(
        &mut admin,
        "/api/v1/departments",
        json!({"name": "Engineering"}),
    )
    .await;
    let small = create(&mut admin, "/api/v1/departments", json!({"name": "Legal"})).await;
    let mut members = Vec::new();
    for i in 0..7 {
        let c = app.member(&format!("Eng {i}")).await;
        let id = c.id().await;
        c.patch_json(
            &format!("/api/v1/members/{id}"),
            json!({"department_id": if i < 5 { big } else { small }}),
        )
        .await;
        members.push(c);
    }
    for i in 0..6 {
        let (left, right) = members.split_at_mut(i + 1);
        connect(&mut left[i], &mut right[0]).await;
    }
    let member = &members[0];
    assert_eq!(
        member.get("/api/v1/network/health").await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        member.get("/admin/network").await.status,
        StatusCode::FORBIDDEN
    );

    let report = admin.get("/api/v1/network/health").await.json();
    assert_eq!(report["min_group_size"], 5);
    let departments = report["departments"]
        .as_array()
        .expect("departments")
        .clone();
    let legal = departments
        .iter()
        .find(|d| d["group"] == "Legal")
        .expect("legal");
    assert_eq!(legal["suppressed"], true);
    assert!(legal["ei_index"].is_null(), "no aggregate for a group of 2");
    let eng = departments
        .iter()
        .find(|d| d["group"] == "Engineering")
        .expect("eng");
    assert!(eng["ei_index"].as_f64().is_some());
    assert!(
        report["isolated"].as_u64().is_some_and(|n| n >= 1),
        "the admin has no ties"
    );

    let page = admin.get("/admin/network").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("<svg") && page.text.contains("Ties between departments"));
    let csv = admin.get("/admin/network.csv").await;
    assert!(
        csv.text
            .starts_with("department,members,ei_index,internal_density")
    );
    assert!(
        csv.text.contains("Legal,2,suppressed,suppressed"),
        "{}",
        csv.text
    );
}
