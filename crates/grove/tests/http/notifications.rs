//! In-app notifications: listed newest first, read one by one or all at once, counted in the
//! navigation, and private to their member.

use grove::notifications::model::NewNotification;
use reqwest::StatusCode;

use crate::kit::TestApp;

async fn send(app: &TestApp, user_id: i64, count: usize) {
    let items: Vec<_> = (0..count)
        .map(|i| {
            NewNotification::new(
                user_id,
                "mentorship.checkin",
                format!("Update number {i}"),
                format!("/mentorships/{i}"),
            )
        })
        .collect();
    grove::notifications::store::notify_many(&app.db, &items)
        .await
        .expect("notify");
}

async fn unread(client: &crate::kit::Client) -> i64 {
    client
        .get("/api/v1/notifications/unread-count")
        .await
        .json()["unread"]
        .as_i64()
        .expect("count")
}

#[tokio::test]
async fn notifications_are_listed_read_one_by_one_or_all_and_counted() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut ana = app.member("Ana Silva").await;
    let mut bob = app.member("Bob Brown").await;
    let (ana_id, bob_id) = (ana.id().await, bob.id().await);
    send(&app, ana_id, 3).await;
    send(&app, bob_id, 1).await;

    assert_eq!(unread(&ana).await, 3);
    let list = ana.get("/api/v1/notifications").await.json();
    let items = list["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 3);
    assert_eq!(items[0]["message"], "Update number 2", "newest first");
    assert_eq!(items[0]["read"], false);
    assert!(list["next_before"].is_null());

    let home = ana.get("/notifications").await;
    assert_eq!(home.status, StatusCode::OK);
    assert!(
        home.text
            .contains("Notifications (3<span class=\"visually-hidden\"> unread</span>)")
    );
    assert!(
        home.text.contains("<strong>Update number 2</strong>"),
        "unread stands out"
    );
    assert!(
        ana.get("/people")
            .await
            .text
            .contains("href=\"/mentorships\"")
    );

    // Opening one from the page marks it read and follows its link.
    let first = items[0]["id"].as_i64().expect("id");
    let res = ana
        .submit(&format!("/notifications/{first}/read"), &[])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.location.as_deref(), Some("/mentorships/2"));
    assert_eq!(unread(&ana).await, 2);
    let only_unread = ana.get("/api/v1/notifications?unread=true").await.json();
    assert_eq!(only_unread["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(
        ana.get("/api/v1/notifications?unread=maybe")
            .await
            .error_field(),
        "unread"
    );

    let second = items[1]["id"].as_i64().expect("id");
    assert_eq!(
        ana.post(&format!("/api/v1/notifications/{second}/read"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(unread(&ana).await, 1);

    // Bob cannot read, or mark read, Ana's notifications.
    let third = items[2]["id"].as_i64().expect("id");
    assert_eq!(
        bob.post(&format!("/api/v1/notifications/{third}/read"))
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        bob.submit(&format!("/notifications/{third}/read"), &[])
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(unread(&ana).await, 1, "still unread");
    let bobs = bob.get("/api/v1/notifications").await.json();
    assert_eq!(bobs["items"].as_array().map(Vec::len), Some(1));
    assert!(
        !bob.get("/notifications")
            .await
            .text
            .contains("Update number 2")
    );

    let res = ana.submit("/notifications/read-all", &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(unread(&ana).await, 0);
    assert_eq!(unread(&bob).await, 1, "only Ana's were marked");
    assert!(
        !ana.get("/notifications")
            .await
            .text
            .contains("Notifications (")
    );
    send(&app, ana_id, 1).await;
    assert_eq!(
        ana.post("/api/v1/notifications/read-all").await.status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(unread(&ana).await, 0);
}

#[tokio::test]
async fn notifications_come_fifty_to_a_page() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let ana = app.member("Ana Silva").await;
    send(&app, ana.id().await, 120).await;

    let mut seen = Vec::new();
    let mut path = "/api/v1/notifications".to_string();
    let mut sizes = Vec::new();
    loop {
        let page = ana.get(&path).await.json();
        let items = page["items"].as_array().cloned().unwrap_or_default();
        sizes.push(items.len());
        seen.extend(items.iter().filter_map(|n| n["id"].as_i64()));
        match page["next_before"].as_i64() {
            Some(before) => path = format!("/api/v1/notifications?before={before}"),
            None => break,
        }
    }
    assert_eq!(sizes, [50, 50, 20]);
    let mut sorted = seen.clone();
    sorted.sort_unstable_by(|a, b| b.cmp(a));
    sorted.dedup();
    assert_eq!(sorted, seen, "newest first, none twice");

    let html = ana.get("/notifications").await.text;
    assert!(html.contains("Older notifications"));
    assert_eq!(
        html.matches("action=\"/notifications/").count(),
        50 + 1,
        "fifty, plus read-all"
    );
}

#[tokio::test]
async fn a_link_to_another_site_is_never_followed() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut ana = app.member("Ana Silva").await;
    let ana_id = ana.id().await;
    grove::notifications::store::notify(
        &app.db,
        NewNotification::new(ana_id, "test", "Elsewhere", "//evil.example/"),
    )
    .await
    .expect("notify");
    let id = ana.get("/api/v1/notifications").await.json()["items"][0]["id"]
        .as_i64()
        .expect("id");
    let res = ana.submit(&format!("/notifications/{id}/read"), &[]).await;
    assert_eq!(res.location.as_deref(), Some("/notifications"));
}
