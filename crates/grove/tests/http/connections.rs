//! Connection requests, follows and endorsements.

use reqwest::StatusCode;
use serde_json::json;

use crate::kit::TestApp;
use crate::people::create;

#[tokio::test]
async fn request_accept_and_remove_a_connection() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut ana = app.member("Ana Silva").await;
    let bob = app.member("Bob Brown").await;
    let (ana_id, bob_id) = (ana.id().await, bob.id().await);

    let res = ana
        .post_json(
            "/api/v1/connections",
            json!({"user_id": bob_id, "message": "Loved your talk"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json()["connection"], "request_sent");
    let res = ana
        .post_json("/api/v1/connections", json!({"user_id": bob_id}))
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT, "no duplicate requests");

    let bobs = bob.get("/api/v1/connections").await.json();
    assert_eq!(bobs["incoming"][0]["person"]["name"], "Ana Silva");
    assert_eq!(bobs["incoming"][0]["message"], "Loved your talk");
    assert_eq!(
        ana.get("/api/v1/connections").await.json()["outgoing"][0]["person"]["id"],
        bob_id
    );

    assert_eq!(
        ana.post(&format!("/api/v1/connections/{bob_id}/accept"))
            .await
            .status,
        StatusCode::UNPROCESSABLE_ENTITY,
        "the asker cannot accept"
    );
    assert_eq!(
        bob.post(&format!("/api/v1/connections/{ana_id}/accept"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        ana.get(&format!("/api/v1/connections/{bob_id}"))
            .await
            .json()["connection"],
        "connected"
    );
    assert_eq!(
        bob.get("/api/v1/connections").await.json()["connections"][0]["person"]["name"],
        "Ana Silva"
    );

    assert_eq!(
        ana.delete(&format!("/api/v1/connections/{bob_id}"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        bob.get(&format!("/api/v1/connections/{ana_id}"))
            .await
            .json()["connection"],
        "none"
    );
    assert_eq!(
        ana.post_json("/api/v1/connections", json!({"user_id": ana_id}))
            .await
            .error_field(),
        "user_id"
    );
    assert_eq!(
        ana.post_json("/api/v1/connections", json!({"user_id": 99999}))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn decline_and_withdraw_requests_from_the_web_pages() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut ana = app.member("Ana Silva").await;
    let mut bob = app.member("Bob Brown").await;
    let (ana_id, bob_id) = (ana.id().await, bob.id().await);

    let res = ana
        .submit(
            &format!("/people/{bob_id}/connect"),
            &[("message", "Hi Bob")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = bob.get("/connections").await;
    assert!(page.text.contains("Requests for you") && page.text.contains("Hi Bob"));
    let res = bob
        .submit(
            &format!("/people/{ana_id}/decline"),
            &[("back", "/connections")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        ana.get(&format!("/api/v1/connections/{bob_id}"))
            .await
            .json()["connection"],
        "none"
    );

    ana.submit(&format!("/people/{bob_id}/connect"), &[]).await;
    let res = ana
        .submit(&format!("/people/{bob_id}/disconnect"), &[])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(
        bob.get("/api/v1/connections").await.json()["incoming"]
            .as_array()
            .is_some_and(Vec::is_empty),
        "withdrawn"
    );

    // Asking someone who already asked you connects you.
    ana.submit(&format!("/people/{bob_id}/connect"), &[]).await;
    bob.submit(&format!("/people/{ana_id}/connect"), &[]).await;
    assert_eq!(
        ana.get(&format!("/api/v1/connections/{bob_id}"))
            .await
            .json()["connection"],
        "connected"
    );
    let profile = ana.get(&format!("/people/{bob_id}")).await;
    assert!(profile.text.contains("Remove connection"));
}

#[tokio::test]
async fn follow_and_unfollow() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let ana = app.member("Ana Silva").await;
    let bob = app.member("Bob Brown").await;
    let bob_id = bob.id().await;
    assert_eq!(
        ana.put_json(&format!("/api/v1/follows/{bob_id}"), json!({}))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        ana.get("/api/v1/connections").await.json()["following"][0]["name"],
        "Bob Brown"
    );
    assert_eq!(bob.get("/api/v1/connections").await.json()["followers"], 1);
    assert_eq!(
        ana.delete(&format!("/api/v1/follows/{bob_id}"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(bob.get("/api/v1/connections").await.json()["followers"], 0);
}

#[tokio::test]
async fn only_connections_endorse_and_only_skills_the_member_lists() {
    let app = TestApp::spawn().await;
    let mut admin = app.admin().await;
    let rust = create(&mut admin, "/api/v1/skills", json!({"name": "Rust"})).await;
    let go = create(&mut admin, "/api/v1/skills", json!({"name": "Go"})).await;
    let mut ana = app.member("Ana Silva").await;
    let mut bob = app.member("Bob Brown").await;
    let (ana_id, bob_id) = (ana.id().await, bob.id().await);
    ana.patch_json(
        &format!("/api/v1/members/{ana_id}"),
        json!({"skills": [{"skill": "Rust", "level": 4}]}),
    )
    .await;

    let res = bob
        .post_json(
            &format!("/api/v1/members/{ana_id}/endorsements"),
            json!({"skill_id": rust}),
        )
        .await;
    assert_eq!(
        res.status,
        StatusCode::FORBIDDEN,
        "strangers cannot endorse"
    );

    bob.post_json("/api/v1/connections", json!({"user_id": ana_id}))
        .await;
    ana.post(&format!("/api/v1/connections/{bob_id}/accept"))
        .await;
    let res = bob
        .post_json(
            &format!("/api/v1/members/{ana_id}/endorsements"),
            json!({"skill_id": go}),
        )
        .await;
    assert_eq!(res.error_field(), "skill_id", "Ana does not list Go");
    let res = bob
        .post_json(
            &format!("/api/v1/members/{ana_id}/endorsements"),
            json!({"skill_id": rust}),
        )
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT);
    let skills = bob.get(&format!("/api/v1/members/{ana_id}")).await.json()["skills"].clone();
    assert_eq!(skills[0]["endorsements"], 1);
    assert_eq!(skills[0]["endorsed_by_me"], true);
    assert_eq!(
        ana.post_json(
            &format!("/api/v1/members/{ana_id}/endorsements"),
            json!({"skill_id": rust})
        )
        .await
        .error_field(),
        "user_id"
    );

    let res = bob
        .submit(&format!("/people/{ana_id}/skills/{rust}/unendorse"), &[])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        bob.get(&format!("/api/v1/members/{ana_id}")).await.json()["skills"][0]["endorsements"],
        0
    );
}
