//! Signing up, in and out; sessions, throttling, CSRF, tokens and invitations.

use reqwest::StatusCode;
use serde_json::json;

use crate::kit::{PASSWORD, TestApp};

#[tokio::test]
async fn first_account_becomes_admin_and_later_sign_up_needs_invitation_or_domain() {
    let app = TestApp::spawn().await;
    let admin = app.member("Ada Admin").await;
    assert_eq!(admin.get("/api/v1/me").await.json()["role"], "admin");

    let mut stranger = app.anonymous();
    let res = stranger
        .post_json(
            "/api/v1/accounts",
            json!({"name": "Sam", "email": "sam@elsewhere.org", "password": PASSWORD}),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN, "{}", res.text);

    let res = admin
        .put_json(
            "/api/v1/settings",
            json!({"organization_name": "Org", "signup_domains": ["example.org"]}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let res = stranger
        .post_json(
            "/api/v1/accounts",
            json!({"name": "Sam", "email": "sam@example.org", "password": PASSWORD}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    stranger.sign_in("sam@example.org", PASSWORD).await;
    assert_eq!(stranger.get("/api/v1/me").await.json()["role"], "member");
}

#[tokio::test]
async fn duplicate_email_and_weak_password_are_refused_with_the_field() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut c = app.anonymous();
    let res = c
        .post_json(
            "/api/v1/accounts",
            json!({"name": "Other", "email": "ADA.ADMIN@example.org", "password": PASSWORD}),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_field(), "email");
    let res = c
        .post_json(
            "/api/v1/accounts",
            json!({"name": "Bo", "email": "bo@example.org", "password": "short"}),
        )
        .await;
    assert_eq!(res.error_field(), "password");
    let res = c
        .post_json(
            "/api/v1/accounts",
            json!({"name": "Bo", "email": "bo@example.org"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(res.error_field(), "password");
}

#[tokio::test]
async fn html_sign_up_with_bad_input_shows_the_form_again_with_what_was_typed() {
    let app = TestApp::spawn().await;
    let mut browser = app.anonymous();
    let page = browser.visit("/signup").await;
    assert!(page.text.contains("first account becomes"), "{}", page.text);
    let csrf = page.form_csrf();
    let res = browser
        .submit_raw(
            "/signup",
            vec![
                ("csrf_token".into(), csrf),
                ("name".into(), "Ana Silva".into()),
                ("email".into(), "ana@example.org".into()),
                ("password".into(), "short".into()),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text.contains("at least 10 characters"));
    assert!(
        res.text.contains("value=\"Ana Silva\""),
        "the name typed is kept"
    );
    assert!(res.text.contains("value=\"ana@example.org\""));
}

#[tokio::test]
async fn wrong_password_is_refused_and_five_failures_lock_the_account_for_a_while() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut c = app.anonymous();
    for _ in 0..5 {
        let res = c.sign_in("ada.admin@example.org", "not the password").await;
        assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(res.error_field(), "password");
    }
    let res = c.sign_in("ada.admin@example.org", PASSWORD).await;
    assert_eq!(
        res.status,
        StatusCode::TOO_MANY_REQUESTS,
        "even the right password waits: {}",
        res.text
    );
}

#[tokio::test]
async fn html_sign_in_sets_a_session_cookie_and_sign_out_ends_it() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut browser = app.anonymous();
    let page = browser.visit("/login").await;
    let csrf = page.form_csrf();
    let res = browser
        .submit_raw(
            "/login",
            vec![
                ("csrf_token".into(), csrf.clone()),
                ("email".into(), "ada.admin@example.org".into()),
                ("password".into(), "wrong password!".into()),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text.contains("not right"));
    let res = browser
        .submit_raw(
            "/login",
            vec![
                ("csrf_token".into(), csrf),
                ("email".into(), "ada.admin@example.org".into()),
                ("password".into(), PASSWORD.into()),
                ("next".into(), "/people".into()),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location.as_deref(), Some("/people"));
    let me = browser.get("/api/v1/me").await.json();
    browser.csrf = me["csrf_token"].as_str().map(str::to_string);
    assert_eq!(browser.get("/people").await.status, StatusCode::OK);

    let res = browser.submit("/logout", &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let res = browser.get("/people").await;
    assert_eq!(
        res.status,
        StatusCode::SEE_OTHER,
        "signed out: pages redirect to sign in"
    );
    assert!(res.location.unwrap_or_default().starts_with("/login"));
}

#[tokio::test]
async fn state_changing_requests_without_the_csrf_token_are_refused() {
    let app = TestApp::spawn().await;
    let mut admin = app.admin().await;
    let id = admin.id().await;

    let res = admin
        .without_csrf()
        .patch_json(&format!("/api/v1/members/{id}"), json!({"title": "Hacked"}))
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = admin
        .clone()
        .submit_raw(
            &format!("/people/{id}/edit"),
            vec![("name".into(), "Hacked".into())],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = admin
        .clone()
        .submit_raw(
            &format!("/people/{id}/edit"),
            vec![
                ("name".into(), "Hacked".into()),
                ("csrf_token".into(), "forged".into()),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(
        admin.get(&format!("/api/v1/members/{id}")).await.json()["title"],
        "",
        "nothing changed"
    );

    let res = admin
        .patch_json(
            &format!("/api/v1/members/{id}"),
            json!({"title": "People Lead"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let _ = admin.submit("/logout", &[]).await;
}

#[tokio::test]
async fn access_tokens_authenticate_without_csrf_and_stop_working_when_revoked() {
    let app = TestApp::spawn().await;
    let mut admin = app.admin().await;
    let res = admin
        .post_json("/api/v1/me/tokens", json!({"name": ""}))
        .await;
    assert_eq!(res.error_field(), "name");
    let res = admin
        .post_json("/api/v1/me/tokens", json!({"name": "reporting script"}))
        .await;
    assert_eq!(res.status, StatusCode::CREATED);
    let body = res.json();
    let secret = body["secret"].as_str().expect("secret").to_string();
    let token_id = body["id"].as_i64().expect("id");

    let script = admin.with_token(&secret);
    assert_eq!(script.get("/api/v1/me").await.json()["name"], "Ada Admin");
    let id = script.get("/api/v1/me").await.json()["id"]
        .as_i64()
        .expect("id");
    let res = script
        .patch_json(
            &format!("/api/v1/members/{id}"),
            json!({"pronouns": "she/her"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let listed = admin.get("/api/v1/me/tokens").await.json();
    assert_eq!(listed.as_array().map(Vec::len), Some(1));
    assert!(
        listed[0].get("secret").is_none(),
        "the secret is never listed"
    );

    assert_eq!(
        admin
            .delete(&format!("/api/v1/me/tokens/{token_id}"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        script.get("/api/v1/me").await.status,
        StatusCode::UNAUTHORIZED
    );
}

#[tokio::test]
async fn an_invitation_link_creates_an_account_with_the_invited_role_once() {
    let app = TestApp::spawn().await;
    let mut admin = app.member("Ada Admin").await;
    let res = admin
        .post_json(
            "/api/v1/invitations",
            json!({"email": "lea@partner.example", "role": "lead"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let link = res.json()["link"].as_str().expect("link").to_string();
    let token = link.trim_start_matches("/invite/").to_string();

    let mut lea = app.anonymous();
    let page = lea.visit(&link).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("lea@partner.example"));
    let res = lea.post_json("/api/v1/accounts", json!({"name": "Lea", "email": "ignored@x.org", "password": PASSWORD, "invitation": token})).await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    lea.sign_in("lea@partner.example", PASSWORD).await;
    assert_eq!(lea.get("/api/v1/me").await.json()["role"], "lead");

    let mut again = app.anonymous();
    let res = again
        .post_json(
            "/api/v1/accounts",
            json!({"name": "Eve", "email": "eve@x.org", "password": PASSWORD, "invitation": token}),
        )
        .await;
    assert_eq!(res.error_field(), "invitation", "a link works once");

    let member = app.member_via_invite(&mut admin, "Mo").await;
    let res = member.get("/api/v1/invitations").await;
    assert_eq!(
        res.status,
        StatusCode::FORBIDDEN,
        "members cannot list invitations"
    );
}

impl TestApp {
    /// Invites and signs up a member through an invitation link.
    pub async fn member_via_invite(
        &self,
        admin: &mut crate::kit::Client,
        name: &str,
    ) -> crate::kit::Client {
        let email = format!("{}@invited.example", name.to_lowercase());
        let res = admin
            .post_json("/api/v1/invitations", json!({"email": email}))
            .await;
        let token = res.json()["link"]
            .as_str()
            .expect("link")
            .trim_start_matches("/invite/")
            .to_string();
        let mut c = self.anonymous();
        let res = c
            .post_json(
                "/api/v1/accounts",
                json!({"name": name, "email": email, "password": PASSWORD, "invitation": token}),
            )
            .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
        c.sign_in(&email, PASSWORD).await;
        c
    }
}

#[tokio::test]
async fn deactivated_members_are_signed_out_and_cannot_sign_in() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let bob = app.member("Bob Brown").await;
    let bob_id = bob.id().await;
    assert_eq!(
        bob.post(&format!("/api/v1/members/{bob_id}/deactivate"))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        admin
            .post(&format!("/api/v1/members/{bob_id}/deactivate"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(bob.get("/api/v1/me").await.status, StatusCode::UNAUTHORIZED);
    let res = app
        .anonymous()
        .sign_in("bob.brown@example.org", PASSWORD)
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(
        admin
            .post(&format!("/api/v1/members/{bob_id}/reactivate"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        app.anonymous()
            .sign_in("bob.brown@example.org", PASSWORD)
            .await
            .status,
        StatusCode::OK
    );
}
