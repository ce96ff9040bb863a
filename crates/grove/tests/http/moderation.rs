//! Moderation: members flag posts, answers and comments; community moderators and admins work
//! through the queue of what they moderate, hide and restore content (which leaves and returns
//! to search and the counts), lock threads; every action is in the audit log with its actor.

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::Row;

use crate::kit::{Client, Response, TestApp};

/// Knowledge content written through the knowledge API, as members write it.
mod content {
    use reqwest::StatusCode;
    use serde_json::{Value, json};

    use crate::kit::Client;

    async fn created(author: &mut Client, path: &str, body: Value) -> i64 {
        let res = author.post_json(path, body).await;
        assert_eq!(res.status, StatusCode::CREATED, "{path}: {}", res.text);
        res.json()["id"].as_i64().expect("id")
    }

    /// A published question by `author`, in `community` (None: organization-wide).
    pub async fn post(author: &mut Client, community: Option<i64>, title: &str, body: &str) -> i64 {
        let question =
            json!({"kind": "question", "title": title, "body": body, "community_id": community});
        created(author, "/api/v1/posts", question).await
    }

    pub async fn answer(author: &mut Client, post: i64, body: &str) -> i64 {
        let path = format!("/api/v1/posts/{post}/answers");
        created(author, &path, json!({ "body": body })).await
    }

    pub async fn comment(author: &mut Client, post: i64, body: &str) -> i64 {
        let path = format!("/api/v1/posts/{post}/comments");
        created(author, &path, json!({ "body": body })).await
    }
}

fn assert_status(res: &Response, status: StatusCode, what: &str) {
    assert_eq!(res.status, status, "{what}: {}", res.text);
}

/// Creates a community through the API; returns its id.
async fn community(owner: &mut Client, name: &str, visibility: &str) -> i64 {
    let res = owner
        .post_json(
            "/api/v1/communities",
            json!({"name": name, "visibility": visibility}),
        )
        .await;
    assert_status(&res, StatusCode::CREATED, name);
    res.json()["id"].as_i64().expect("id")
}

async fn join(member: &mut Client, community: i64) {
    let res = member
        .post(&format!("/api/v1/communities/{community}/join"))
        .await;
    assert_status(&res, StatusCode::OK, "join");
}

async fn make_moderator(owner: &Client, community: i64, user: i64) {
    let res = owner
        .put_json(
            &format!("/api/v1/communities/{community}/members/{user}/role"),
            json!({"role": "moderator"}),
        )
        .await;
    assert_status(&res, StatusCode::NO_CONTENT, "make moderator");
}

async fn flag(client: &mut Client, target: &str, id: i64, reason: &str) -> Response {
    client
        .post_json(
            "/api/v1/flags",
            json!({"target": target, "target_id": id, "reason": reason, "note": "please look"}),
        )
        .await
}

async fn queue(client: &Client) -> Value {
    let res = client.get("/api/v1/moderation/queue").await;
    assert_status(&res, StatusCode::OK, "queue");
    res.json()
}

/// (target, target_id) of every item in a queue.
fn queued(queue: &Value) -> Vec<(String, i64)> {
    queue["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| {
                    (
                        i["target"].as_str().unwrap_or("").to_string(),
                        i["target_id"].as_i64().unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

async fn in_search(app: &TestApp, post: i64) -> bool {
    let sql = match app.db.backend {
        grove::db::Backend::Sqlite => "SELECT COUNT(*) FROM post_search WHERE rowid = $1",
        grove::db::Backend::Postgres => "SELECT COUNT(*) FROM post_search WHERE post_id = $1",
    };
    sqlx::query(sql)
        .bind(post)
        .fetch_one(&app.db.pool)
        .await
        .expect("search")
        .try_get::<i64, _>(0)
        .expect("count")
        > 0
}

async fn post_counts(app: &TestApp, post: i64) -> (i64, i64) {
    let r = sqlx::query("SELECT answer_count, comment_count FROM posts WHERE id = $1")
        .bind(post)
        .fetch_one(&app.db.pool)
        .await
        .expect("post");
    (
        r.try_get("answer_count").expect("answers"),
        r.try_get("comment_count").expect("comments"),
    )
}

async fn flag_statuses(app: &TestApp, target: &str, id: i64) -> Vec<String> {
    sqlx::query("SELECT status FROM flags WHERE target = $1 AND target_id = $2 ORDER BY id")
        .bind(target)
        .bind(id)
        .fetch_all(&app.db.pool)
        .await
        .expect("flags")
        .iter()
        .map(|r| r.try_get::<String, _>(0).expect("status"))
        .collect()
}

async fn notified(client: &Client, kind: &str) -> Vec<String> {
    let res = client.get("/api/v1/notifications").await;
    assert_status(&res, StatusCode::OK, "notifications");
    res.json()["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter(|n| n["kind"] == kind)
                .map(|n| n["message"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn members_flag_content_once_and_bad_fields_are_named() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut ana = app.member("Ana Author").await;
    let mut ben = app.member("Ben Reader").await;
    let post = content::post(&mut ana, None, "Deploying on Fridays", "Is it ever fine?").await;
    let answer = content::answer(&mut ben, post, "Only with feature flags.").await;
    let comment = content::comment(&mut ben, post, "Buy cheap watches here").await;

    // The API: a flag comes back open.
    let res = flag(&mut ben, "post", post, "off_topic").await;
    assert_status(&res, StatusCode::CREATED, "flag a post");
    let body = res.json();
    assert_eq!(body["status"], "open");
    assert_eq!(body["post_id"], post);
    assert_eq!(body["reason"], "off_topic");
    assert_eq!(body["note"], "please look");
    let res = flag(&mut ana, "comment", comment, "spam").await;
    assert_status(&res, StatusCode::CREATED, "flag a comment");

    // Once per member and target while it is open.
    let res = flag(&mut ben, "post", post, "spam").await;
    assert_status(&res, StatusCode::CONFLICT, "second flag");
    assert!(res.text.contains("already flagged"), "{}", res.text);

    // Bad fields are named.
    let res = flag(&mut ben, "answer", answer, "rude").await;
    assert!(res.status.is_client_error(), "{}", res.text);
    assert_eq!(res.error_field(), "reason");
    let res = flag(&mut ben, "vote", answer, "spam").await;
    assert!(res.status.is_client_error(), "{}", res.text);
    assert_eq!(res.error_field(), "target");
    let res = ben
        .post_json(
            "/api/v1/flags",
            json!({"target": "post", "target_id": post, "reason": "other", "note": "x".repeat(1001)}),
        )
        .await;
    assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "long note");
    assert_eq!(res.error_field(), "note");
    // Nobody flags their own writing, or what does not exist.
    let res = flag(&mut ben, "answer", answer, "spam").await;
    assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "own answer");
    assert_eq!(res.error_field(), "target_id");
    let res = flag(&mut ben, "answer", answer + 1000, "spam").await;
    assert_status(&res, StatusCode::NOT_FOUND, "no such answer");

    // HTML: the form page, a refused reason shown beside the field, then the flag and back to
    // the post.
    let page = ana
        .get(&format!(
            "/knowledge/{post}/flag?target=answer&target_id={answer}"
        ))
        .await;
    assert_status(&page, StatusCode::OK, "flag page");
    assert!(
        page.text.contains("Only with feature flags."),
        "{}",
        page.text
    );
    assert!(page.text.contains("name=\"reason\""), "{}", page.text);
    let res = ana
        .submit(
            &format!("/knowledge/{post}/flag"),
            &[
                ("target", "answer"),
                ("target_id", &answer.to_string()),
                ("reason", "rude"),
            ],
        )
        .await;
    assert_status(
        &res,
        StatusCode::UNPROCESSABLE_ENTITY,
        "bad reason in the form",
    );
    assert!(res.text.contains("flag-reason-error"), "{}", res.text);
    let res = ana
        .submit(
            &format!("/knowledge/{post}/flag"),
            &[
                ("target", "answer"),
                ("target_id", &answer.to_string()),
                ("reason", "offensive"),
                ("note", "condescending"),
            ],
        )
        .await;
    assert_status(&res, StatusCode::SEE_OTHER, "flag through the form");
    let location = res.location.clone().unwrap_or_default();
    assert!(
        location.starts_with(&format!("/knowledge/{post}?notice=")),
        "{location}"
    );
    // The same flag again: the form says so.
    let res = ana
        .submit(
            &format!("/knowledge/{post}/flag"),
            &[
                ("target", "answer"),
                ("target_id", &answer.to_string()),
                ("reason", "spam"),
            ],
        )
        .await;
    assert_status(&res, StatusCode::CONFLICT, "second flag through the form");
    assert!(res.text.contains("already flagged"), "{}", res.text);
    // An answer flagged under another post's address is not found there.
    let other = content::post(&mut ben, None, "Other", "Other body").await;
    let res = ana
        .submit(
            &format!("/knowledge/{other}/flag"),
            &[
                ("target", "answer"),
                ("target_id", &answer.to_string()),
                ("reason", "spam"),
            ],
        )
        .await;
    assert_status(&res, StatusCode::NOT_FOUND, "answer under another post");
    assert_eq!(flag_statuses(&app, "answer", answer).await, vec!["open"]);
}

#[tokio::test]
async fn the_queue_shows_each_moderator_what_they_moderate() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let mut olga = app.member("Olga Owner").await;
    let mut mo = app.member("Mo Moderator").await;
    let mut mia = app.member("Mia Member").await;
    let mut pat = app.member("Pat Poster").await;
    let mo_id = mo.id().await;
    let rust = community(&mut olga, "Rust guild", "open").await;
    let go = community(&mut olga, "Go guild", "open").await;
    for c in [rust, go] {
        join(&mut mia, c).await;
        join(&mut pat, c).await;
    }
    join(&mut mo, rust).await;
    make_moderator(&olga, rust, mo_id).await;

    let in_rust = content::post(&mut pat, Some(rust), "Lifetimes", "Buy followers now").await;
    let in_go = content::post(&mut pat, Some(go), "Goroutines", "Cheap pills").await;
    let org_wide = content::post(&mut pat, None, "Holiday rota", "Nobody reads this").await;
    for (post, reason) in [(in_rust, "spam"), (in_go, "spam"), (org_wide, "off_topic")] {
        let res = flag(&mut mia, "post", post, reason).await;
        assert_status(&res, StatusCode::CREATED, "flag");
    }
    let res = flag(&mut olga, "post", in_rust, "offensive").await;
    assert_status(&res, StatusCode::CREATED, "second flag on the same post");

    // A plain member has no queue, on the API or the page.
    let res = mia.get("/api/v1/moderation/queue").await;
    assert_status(&res, StatusCode::FORBIDDEN, "member's queue");
    let res = mia.get("/moderation").await;
    assert_status(&res, StatusCode::FORBIDDEN, "member's queue page");

    // A community moderator sees their community's flags only, grouped by content.
    let q = queue(&mo).await;
    assert_eq!(queued(&q), vec![("post".to_string(), in_rust)], "{q}");
    let item = &q["items"][0];
    assert_eq!(item["flag_count"], 2);
    assert_eq!(item["community_name"], "Rust guild");
    assert_eq!(item["author"], "Pat Poster");
    assert!(
        item["excerpt"]
            .as_str()
            .is_some_and(|e| e.contains("Buy followers")),
        "{item}"
    );
    let reasons: Vec<&str> = item["reasons"]
        .as_array()
        .map(|r| r.iter().filter_map(|r| r["reason"].as_str()).collect())
        .unwrap_or_default();
    assert_eq!(reasons.len(), 2, "{item}");
    assert!(
        reasons.contains(&"spam") && reasons.contains(&"offensive"),
        "{item}"
    );
    assert_eq!(item["link"], format!("/knowledge/{in_rust}"));

    // The owner of both communities sees both, not the organization-wide one.
    let mut both = queued(&queue(&olga).await);
    both.sort();
    let mut expected = vec![("post".to_string(), in_rust), ("post".to_string(), in_go)];
    expected.sort();
    assert_eq!(both, expected);

    // Admins see organization-wide content too; the most flagged comes first.
    let q = queue(&admin).await;
    assert_eq!(q["total"], 3, "{q}");
    assert_eq!(q["items"][0]["target_id"], in_rust);
    assert!(queued(&q).contains(&("post".to_string(), org_wide)), "{q}");
    assert_eq!(
        queue(&mo).await["items"]
            .as_array()
            .map(|i| i.iter().any(|i| i["target_id"] == org_wide)),
        Some(false)
    );

    // The page lists the same, with its actions.
    let page = mo.get("/moderation").await;
    assert_status(&page, StatusCode::OK, "queue page");
    assert!(page.text.contains("Lifetimes"), "{}", page.text);
    assert!(!page.text.contains("Goroutines"), "{}", page.text);
    assert!(
        page.text
            .contains(&format!("/moderation/post/{in_rust}/hide"))
    );
}

#[tokio::test]
async fn hiding_takes_content_out_of_search_and_counts_and_restoring_brings_it_back() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let mut olga = app.member("Olga Owner").await;
    let mut pat = app.member("Pat Poster").await;
    let mut ann = app.member("Ann Answerer").await;
    let rust = community(&mut olga, "Rust guild", "open").await;
    join(&mut pat, rust).await;
    join(&mut ann, rust).await;
    let post = content::post(
        &mut pat,
        Some(rust),
        "Borrow checker",
        "Why does it complain?",
    )
    .await;
    let a1 = content::answer(&mut ann, post, "Because of aliasing.").await;
    let _a2 = content::answer(&mut ann, post, "Read the book.").await;
    let c1 = content::comment(&mut ann, post, "Nice question").await;
    assert!(in_search(&app, post).await);
    assert_eq!(post_counts(&app, post).await, (2, 1));
    let res = flag(&mut ann, "post", post, "spam").await;
    assert_status(&res, StatusCode::CREATED, "flag");

    // The owner hides the post (HTML, from the queue): it leaves search, its flag is actioned,
    // the author hears, and the queue is empty.
    let res = olga
        .submit(
            &format!("/moderation/post/{post}/hide"),
            &[("reason", "advertising"), ("next", "/moderation")],
        )
        .await;
    assert_status(&res, StatusCode::SEE_OTHER, "hide");
    assert!(
        !in_search(&app, post).await,
        "a hidden post is not searchable"
    );
    assert_eq!(flag_statuses(&app, "post", post).await, vec!["actioned"]);
    assert_eq!(queue(&olga).await["total"], 0);
    let told = notified(&pat, "moderation.hidden").await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(
        told[0].contains("Borrow checker") && told[0].contains("advertising"),
        "{told:?}"
    );
    // Hidden already: a conflict, shown on the queue page.
    let res = olga
        .submit(
            &format!("/moderation/post/{post}/hide"),
            &[("next", "/moderation")],
        )
        .await;
    assert_status(&res, StatusCode::CONFLICT, "hide twice");
    assert!(res.text.contains("hidden already"), "{}", res.text);
    // The log offers to restore it.
    let log_page = olga.get("/moderation/log").await;
    assert_status(&log_page, StatusCode::OK, "log page");
    assert!(
        log_page
            .text
            .contains(&format!("/moderation/post/{post}/restore")),
        "{}",
        log_page.text
    );
    let log = olga.get("/api/v1/moderation/log").await.json();
    assert_eq!(log["items"][0]["hidden_now"], true, "{log}");
    // Nobody flags what they can no longer see.
    let res = flag(&mut olga, "post", post, "spam").await;
    assert_status(
        &res,
        StatusCode::CONFLICT,
        "flag hidden content as its moderator",
    );

    // Restored (API, by an admin): back in search; the author hears.
    let res = admin
        .clone()
        .post_json(
            &format!("/api/v1/moderation/post/{post}/restore"),
            json!({}),
        )
        .await;
    assert_status(&res, StatusCode::OK, "restore");
    assert_eq!(res.json()["action"], "restore");
    assert!(
        in_search(&app, post).await,
        "a restored post is searchable again"
    );
    assert_eq!(notified(&pat, "moderation.restored").await.len(), 1);
    let res = admin
        .clone()
        .post_json(
            &format!("/api/v1/moderation/post/{post}/restore"),
            json!({}),
        )
        .await;
    assert_status(&res, StatusCode::CONFLICT, "restore twice");

    // Hiding an answer recounts the visible answers; its text leaves the post's document.
    let res = olga
        .post_json(
            &format!("/api/v1/moderation/answer/{a1}/hide"),
            json!({"reason": "wrong"}),
        )
        .await;
    assert_status(&res, StatusCode::OK, "hide answer");
    assert_eq!(post_counts(&app, post).await, (1, 1));
    assert!(in_search(&app, post).await, "the post stays searchable");
    assert_eq!(notified(&ann, "moderation.hidden").await.len(), 1);
    let res = olga
        .post(&format!("/api/v1/moderation/comment/{c1}/hide"))
        .await;
    assert_status(&res, StatusCode::OK, "hide comment without a body");
    assert_eq!(post_counts(&app, post).await, (1, 0));
    let res = olga
        .post(&format!("/api/v1/moderation/answer/{a1}/restore"))
        .await;
    assert_status(&res, StatusCode::OK, "restore answer");
    assert_eq!(post_counts(&app, post).await, (2, 0));

    // A reason too long is named.
    let res = olga
        .post_json(
            &format!("/api/v1/moderation/comment/{c1}/restore"),
            json!({"reason": "x".repeat(501)}),
        )
        .await;
    assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "long reason");
    assert_eq!(res.error_field(), "reason");

    // Dismissing closes the flags without changing the content.
    let res = flag(&mut pat, "answer", a1, "off_topic").await;
    assert_status(&res, StatusCode::CREATED, "flag answer");
    let res = olga
        .post(&format!("/api/v1/moderation/answer/{a1}/dismiss"))
        .await;
    assert_status(&res, StatusCode::OK, "dismiss");
    assert_eq!(flag_statuses(&app, "answer", a1).await, vec!["dismissed"]);
    assert_eq!(post_counts(&app, post).await, (2, 0));
    let res = olga
        .post(&format!("/api/v1/moderation/answer/{a1}/dismiss"))
        .await;
    assert_status(&res, StatusCode::CONFLICT, "nothing to dismiss");
}

#[tokio::test]
async fn locks_and_every_action_are_in_the_log_with_their_actor() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let mut olga = app.member("Olga Owner").await;
    let mut mo = app.member("Mo Moderator").await;
    let mut pat = app.member("Pat Poster").await;
    let mo_id = mo.id().await;
    let rust = community(&mut olga, "Rust guild", "open").await;
    let go = community(&mut olga, "Go guild", "open").await;
    join(&mut mo, rust).await;
    make_moderator(&olga, rust, mo_id).await;
    join(&mut pat, rust).await;
    join(&mut pat, go).await;
    let post = content::post(&mut pat, Some(rust), "Async traits", "When?").await;
    let go_post = content::post(&mut pat, Some(go), "Generics", "Finally").await;
    let org_wide = content::post(&mut pat, None, "Office move", "Boxes").await;

    // The moderator locks through the post page's form; the post records it.
    let res = mo
        .submit(&format!("/knowledge/{post}/lock"), &[("reason", "heated")])
        .await;
    assert_status(&res, StatusCode::SEE_OTHER, "lock");
    assert!(
        res.location
            .as_deref()
            .is_some_and(|l| l.starts_with(&format!("/knowledge/{post}?notice="))),
        "{:?}",
        res.location
    );
    let locked: Option<i64> = sqlx::query("SELECT locked_at FROM posts WHERE id = $1")
        .bind(post)
        .fetch_one(&app.db.pool)
        .await
        .expect("post")
        .try_get(0)
        .expect("locked_at");
    assert!(locked.is_some());
    let res = mo.post(&format!("/api/v1/posts/{post}/lock")).await;
    assert_status(&res, StatusCode::CONFLICT, "lock twice");
    let res = mo.post(&format!("/api/v1/posts/{post}/unlock")).await;
    assert_status(&res, StatusCode::OK, "unlock");
    assert_eq!(res.json()["action"], "unlock");
    let res = olga.post(&format!("/api/v1/posts/{go_post}/lock")).await;
    assert_status(&res, StatusCode::OK, "owner locks in the other community");
    let res = admin.post(&format!("/api/v1/posts/{org_wide}/lock")).await;
    assert_status(&res, StatusCode::OK, "admin locks organization-wide");

    // The community moderator's log: their community's entries, newest first, with the actor.
    let res = mo.get("/api/v1/moderation/log").await;
    assert_status(&res, StatusCode::OK, "log");
    let log = res.json();
    assert_eq!(log["total"], 2, "{log}");
    assert_eq!(log["items"][0]["action"], "unlock");
    assert_eq!(log["items"][1]["action"], "lock");
    assert_eq!(log["items"][1]["actor"], "Mo Moderator");
    assert_eq!(log["items"][1]["actor_id"], mo_id);
    assert_eq!(log["items"][1]["reason"], "heated");
    assert_eq!(log["items"][1]["post_id"], post);
    assert_eq!(log["items"][1]["community_name"], "Rust guild");

    // Admins see everything, with paging.
    let res = admin.get("/api/v1/moderation/log?per_page=2").await;
    assert_status(&res, StatusCode::OK, "admin log");
    let log = res.json();
    assert_eq!(log["total"], 4, "{log}");
    assert_eq!(log["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(log["items"][0]["actor"], "Ada Admin");
    let res = admin.get("/api/v1/moderation/log?per_page=2&page=2").await;
    assert_eq!(res.json()["items"][1]["actor"], "Mo Moderator");
    let page = admin.get("/moderation/log").await;
    assert_status(&page, StatusCode::OK, "log page");
    assert!(page.text.contains("Mo Moderator") && page.text.contains("Office move"));
    let res = admin.get("/api/v1/moderation/log?per_page=0").await;
    assert_eq!(res.error_field(), "per_page");

    // Plain members have no log.
    let res = pat.get("/api/v1/moderation/log").await;
    assert_status(&res, StatusCode::FORBIDDEN, "member's log");
}

#[tokio::test]
async fn only_the_contents_moderators_may_act_on_it() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let mut olga = app.member("Olga Owner").await;
    let mut mo = app.member("Mo Moderator").await;
    let mut mia = app.member("Mia Member").await;
    let mo_id = mo.id().await;
    let rust = community(&mut olga, "Rust guild", "open").await;
    let go = community(&mut olga, "Go guild", "open").await;
    let secret = community(&mut olga, "Reorg", "private").await;
    join(&mut mo, go).await;
    make_moderator(&olga, go, mo_id).await;
    join(&mut mia, rust).await;
    let post = content::post(&mut mia, Some(rust), "Macros", "Declarative or procedural?").await;
    let org_wide = content::post(&mut mia, None, "Parking", "Spots").await;
    let hidden_away = content::post(&mut olga, Some(secret), "Plans", "Secret plans").await;

    // A moderator of another community, and a plain member of this one, are refused.
    for client in [&mo, &mia] {
        let res = client
            .post(&format!("/api/v1/moderation/post/{post}/hide"))
            .await;
        assert_status(&res, StatusCode::FORBIDDEN, "hide elsewhere");
        let res = client.post(&format!("/api/v1/posts/{post}/lock")).await;
        assert_status(&res, StatusCode::FORBIDDEN, "lock elsewhere");
    }
    let res = mo
        .submit(&format!("/moderation/post/{post}/hide"), &[])
        .await;
    assert_status(
        &res,
        StatusCode::FORBIDDEN,
        "hide elsewhere through the form",
    );
    // Organization-wide content is for admins.
    let res = olga
        .post(&format!("/api/v1/moderation/post/{org_wide}/hide"))
        .await;
    assert_status(
        &res,
        StatusCode::FORBIDDEN,
        "owner on organization-wide content",
    );
    // A private community's content does not exist outside it, for admins too.
    let res = admin
        .post(&format!("/api/v1/moderation/post/{hidden_away}/hide"))
        .await;
    assert_status(
        &res,
        StatusCode::NOT_FOUND,
        "admin outside a private community",
    );
    let res = flag(&mut mo, "post", hidden_away, "spam").await;
    assert_status(
        &res,
        StatusCode::NOT_FOUND,
        "flag in a private community from outside",
    );
    let res = olga
        .post(&format!("/api/v1/moderation/post/{hidden_away}/hide"))
        .await;
    assert_status(&res, StatusCode::OK, "its owner hides it");
    // Nothing was changed by the refusals.
    assert!(in_search(&app, post).await);
    let log = admin.get("/api/v1/moderation/log").await.json();
    assert_eq!(log["total"], 1, "{log}");
    assert_eq!(log["items"][0]["community_name"], Value::Null, "{log}");
    assert_eq!(log["items"][0]["post_title"], Value::Null, "{log}");
}
