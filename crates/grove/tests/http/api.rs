//! The API as a whole: its OpenAPI document matches the routes, errors have one shape.

use reqwest::StatusCode;
use serde_json::json;

use crate::kit::TestApp;

#[tokio::test]
async fn every_documented_operation_is_routed() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let doc = app.anonymous().get("/api/v1/openapi.json").await.json();
    assert!(doc["openapi"].as_str().unwrap_or("").starts_with("3."));
    let paths = doc["paths"].as_object().expect("paths");
    assert!(paths.len() >= 25, "only {} paths documented", paths.len());
    for must in [
        "/members",
        "/members/{id}",
        "/connections",
        "/skills/{id}/merge",
        "/me/tokens",
        "/session",
        "/invitations",
        "/programs",
        "/programs/{id}/runs/{run}",
    ] {
        assert!(paths.contains_key(must), "{must} missing from the document");
    }
    let mut checked = 0;
    for (path, ops) in paths {
        for method in ops.as_object().expect("ops").keys() {
            let url = format!(
                "/api/v1{}",
                path.replace("{id}", "999999")
                    .replace("{user_id}", "999999")
                    .replace("{skill_id}", "1")
                    .replace("{run}", "999999")
                    .replace("{mentee}", "999999")
                    .replace("{mentor}", "999999")
            );
            let res = match method.as_str() {
                "get" => admin.get(&url).await,
                "delete" => {
                    if url.ends_with("/session") {
                        continue;
                    }
                    admin.delete(&url).await
                }
                "post" => admin.clone().post_json(&url, json!({})).await,
                "put" => admin.put_json(&url, json!({})).await,
                "patch" => admin.patch_json(&url, json!({})).await,
                other => panic!("unexpected method {other}"),
            };
            assert_ne!(res.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {url}");
            if res.status == StatusCode::NOT_FOUND {
                assert!(
                    path.contains('{'),
                    "{method} {path} is documented but not routed"
                );
            }
            checked += 1;
        }
    }
    assert!(checked >= 35, "checked {checked}");
    let res = admin.get("/api/v1/no-such-thing").await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert_eq!(res.json()["error"]["code"], "not_found");
}

#[tokio::test]
async fn malformed_json_is_a_422_naming_the_body() {
    let app = TestApp::spawn().await;
    let mut admin = app.admin().await;
    let res = admin
        .post_json("/api/v1/values", json!("just a string"))
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.json()["error"]["code"], "invalid");
    let res = admin
        .post_json("/api/v1/departments", json!({"name": 42}))
        .await;
    assert_eq!(res.error_field(), "name");
}

#[tokio::test]
async fn migrations_apply_once() {
    let app = TestApp::spawn().await;
    assert_eq!(grove::db::migrate(&app.db).await.expect("migrate again"), 0);
}

#[tokio::test]
async fn the_demo_organization_loads_and_every_role_can_sign_in() {
    let app = TestApp::spawn().await;
    let sign_ins = grove::demo::load(&app.db, 80, 2).await.expect("demo");
    let mut admin = app.anonymous();
    assert_eq!(
        admin
            .sign_in(&sign_ins.admin, grove::demo::DEMO_PASSWORD)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(admin.get("/api/v1/me").await.json()["role"], "admin");
    let mut lead = app.anonymous();
    lead.sign_in(&sign_ins.lead, grove::demo::DEMO_PASSWORD)
        .await;
    assert_eq!(lead.get("/api/v1/me").await.json()["role"], "lead");
    let mut member = app.anonymous();
    member
        .sign_in(&sign_ins.member, grove::demo::DEMO_PASSWORD)
        .await;
    let overview = member.get("/api/v1/connections").await.json();
    assert!(
        overview["connections"]
            .as_array()
            .is_some_and(|c| !c.is_empty()),
        "the demo member has a network"
    );
    assert_eq!(
        member.get("/api/v1/members?per_page=1").await.json()["total"],
        80
    );
    assert!(
        member
            .get("/api/v1/skills")
            .await
            .json()
            .as_array()
            .is_some_and(|s| s.len() > 200)
    );

    // New rows after a bulk load with explicit ids get fresh ids (PostgreSQL sequences moved on).
    let res = admin
        .post_json(
            "/api/v1/departments",
            json!({"name": "Brand new department"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let res = admin
        .post_json(
            "/api/v1/invitations",
            json!({"email": "newcomer@example.org"}),
        )
        .await;
    let token = res.json()["link"]
        .as_str()
        .unwrap_or("")
        .trim_start_matches("/invite/")
        .to_string();
    let res = app
        .anonymous()
        .post_json("/api/v1/accounts", json!({"name": "Newcomer", "email": "newcomer@example.org", "password": crate::kit::PASSWORD, "invitation": token}))
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.json()["id"], 81);
    assert!(
        grove::demo::load(&app.db, 10, 1).await.is_err(),
        "never into a database with members"
    );
}
