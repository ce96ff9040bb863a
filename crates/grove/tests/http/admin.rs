//! The organization's values, skills taxonomy, departments and roles.

use reqwest::StatusCode;
use serde_json::json;

use crate::kit::TestApp;
use crate::people::create;

#[tokio::test]
async fn members_cannot_change_the_organization() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut bob = app.member("Bob Brown").await;
    for path in ["/api/v1/values", "/api/v1/skills", "/api/v1/departments"] {
        let res = bob.post_json(path, json!({"name": "Anything"})).await;
        assert_eq!(res.status, StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(
        bob.put_json(
            "/api/v1/settings",
            json!({"organization_name": "X", "signup_domains": []})
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(bob.get("/admin").await.status, StatusCode::FORBIDDEN);
    assert_eq!(
        bob.submit("/admin/values", &[("name", "Greed")])
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let id = bob.id().await;
    assert_eq!(
        bob.put_json(
            &format!("/api/v1/members/{id}/role"),
            json!({"role": "admin"})
        )
        .await
        .status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn admins_keep_the_values_list() {
    let app = TestApp::spawn().await;
    let mut admin = app.admin().await;
    let id = create(
        &mut admin,
        "/api/v1/values",
        json!({"name": "Integrity", "description": "Do what we say"}),
    )
    .await;
    assert_eq!(
        admin
            .post_json("/api/v1/values", json!({"name": "integrity"}))
            .await
            .status,
        StatusCode::CREATED,
        "values are case-sensitive names"
    );
    assert_eq!(
        admin
            .post_json("/api/v1/values", json!({"name": "Integrity"}))
            .await
            .error_field(),
        "name"
    );
    assert_eq!(
        admin
            .post_json("/api/v1/values", json!({"name": "  "}))
            .await
            .error_field(),
        "name"
    );
    assert_eq!(
        admin
            .put_json(&format!("/api/v1/values/{id}"), json!({"name": "Honesty"}))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        admin.get("/api/v1/values").await.json()[0]["name"],
        "Honesty"
    );
    assert_eq!(
        admin.delete(&format!("/api/v1/values/{id}")).await.status,
        StatusCode::NO_CONTENT
    );

    let res = admin
        .submit(
            "/admin/values",
            &[("name", "Curiosity"), ("description", "Ask why")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let res = admin.submit("/admin/values", &[("name", "")]).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text.contains("enter a name"));
    let page = admin.get("/admin").await;
    assert!(
        page.text.contains("Curiosity") && page.text.contains("add value"),
        "the audit log shows the change"
    );
}

#[tokio::test]
async fn merging_a_synonym_carries_into_every_profile_and_search() {
    let app = TestApp::spawn().await;
    let mut admin = app.admin().await;
    let k8s = create(&mut admin, "/api/v1/skills", json!({"name": "K8s"})).await;
    let kubernetes = create(&mut admin, "/api/v1/skills", json!({"name": "Kubernetes"})).await;
    let ana = app.member("Ana Silva").await;
    let bob = app.member("Bob Brown").await;
    let (ana_id, bob_id) = (ana.id().await, bob.id().await);
    ana.patch_json(
        &format!("/api/v1/members/{ana_id}"),
        json!({"skills": [{"skill": "K8s", "level": 5, "can_teach": true}]}),
    )
    .await;
    bob.patch_json(
        &format!("/api/v1/members/{bob_id}"),
        json!({"skills": [{"skill": "K8s", "level": 4}, {"skill": "Kubernetes", "level": 2, "wants_to_learn": true}]}),
    )
    .await;

    let mut admin2 = admin.clone();
    assert_eq!(
        admin2
            .post_json(&format!("/api/v1/skills/{k8s}/merge"), json!({"into": k8s}))
            .await
            .error_field(),
        "into"
    );
    let res = admin2
        .post_json(
            &format!("/api/v1/skills/{k8s}/merge"),
            json!({"into": kubernetes}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json()["profiles_updated"], 2);

    let ana_skills = admin.get(&format!("/api/v1/members/{ana_id}")).await.json()["skills"].clone();
    assert_eq!(ana_skills[0]["name"], "Kubernetes");
    assert_eq!(ana_skills[0]["level"], 5);
    assert_eq!(ana_skills[0]["can_teach"], true);
    let bob_skills = admin.get(&format!("/api/v1/members/{bob_id}")).await.json()["skills"].clone();
    assert_eq!(
        bob_skills.as_array().map(Vec::len),
        Some(1),
        "one entry when the member had both"
    );
    assert_eq!(bob_skills[0]["level"], 4, "the higher level stays");
    assert_eq!(bob_skills[0]["wants_to_learn"], true);

    let skills = admin.get("/api/v1/skills").await.json();
    assert_eq!(skills.as_array().map(Vec::len), Some(1));
    assert_eq!(skills[0]["aliases"], json!(["k8s"]));
    // The synonym still resolves when members type it.
    let res = ana
        .patch_json(
            &format!("/api/v1/members/{ana_id}"),
            json!({"skills": [{"skill": "k8s", "level": 3}]}),
        )
        .await;
    assert_eq!(res.json()["skills"][0]["name"], "Kubernetes");
    assert_eq!(
        admin.get("/api/v1/members?skill=K8s").await.json()["total"],
        2
    );
    assert_eq!(
        admin.get("/api/v1/members?q=kubernetes").await.json()["total"],
        2,
        "search sees the merged name"
    );

    assert_eq!(
        admin
            .post_json("/api/v1/skills", json!({"name": "k8s"}))
            .await
            .error_field(),
        "name",
        "a synonym is taken"
    );
    assert_eq!(
        admin
            .put_json(
                &format!("/api/v1/skills/{kubernetes}"),
                json!({"name": "Kubernetes (K8s)"})
            )
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        admin.get("/api/v1/members?skill=kubernetes").await.json()["total"],
        2,
        "the old name keeps resolving"
    );

    let page = admin.get("/admin/skills").await;
    assert!(page.text.contains("Kubernetes (K8s)"));
}

#[tokio::test]
async fn departments_and_roles() {
    let app = TestApp::spawn().await;
    let mut admin = app.admin().await;
    let eng = create(
        &mut admin,
        "/api/v1/departments",
        json!({"name": "Engineering"}),
    )
    .await;
    assert_eq!(
        admin
            .post_json("/api/v1/departments", json!({"name": "Engineering"}))
            .await
            .error_field(),
        "name"
    );
    let bob = app.member("Bob Brown").await;
    let bob_id = bob.id().await;
    bob.patch_json(
        &format!("/api/v1/members/{bob_id}"),
        json!({"department_id": eng}),
    )
    .await;
    assert_eq!(
        admin.get("/api/v1/departments").await.json()[0]["members"],
        1
    );
    assert_eq!(
        admin
            .put_json(
                &format!("/api/v1/departments/{eng}"),
                json!({"name": "R&D"})
            )
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        bob.get(&format!("/api/v1/members/{bob_id}")).await.json()["department"]["name"],
        "R&D"
    );
    assert_eq!(
        admin
            .delete(&format!("/api/v1/departments/{eng}"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert!(bob.get(&format!("/api/v1/members/{bob_id}")).await.json()["department"].is_null());

    assert_eq!(
        admin
            .put_json(
                &format!("/api/v1/members/{bob_id}/role"),
                json!({"role": "lead"})
            )
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(bob.get("/api/v1/me").await.json()["role"], "lead");
    assert_eq!(
        admin
            .put_json(
                &format!("/api/v1/members/{bob_id}/role"),
                json!({"role": "king"})
            )
            .await
            .error_field(),
        "role"
    );
    let admin_id = admin.id().await;
    assert_eq!(
        admin
            .put_json(
                &format!("/api/v1/members/{admin_id}/role"),
                json!({"role": "member"})
            )
            .await
            .error_field(),
        "role",
        "the last admin stays"
    );
    let log = admin.get("/api/v1/audit-log").await.json();
    assert!(
        log.as_array()
            .is_some_and(|l| l.iter().any(|e| e["action"] == "set role"))
    );
}
