//! Recognition: giving kudos (page and API) and each refusal; a private community's kudos kept
//! inside it; reputation and leaderboards after knowledge activity (seeded with SQL until the
//! knowledge module writes it); leaving the leaderboard; badges by rule; the demo's kudos.

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::Row;

use crate::kit::{Client, TestApp};

const DAY: i64 = 86_400;

fn now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}

/// Adds one of the organization's values (as the admin); returns its id.
async fn value(admin: &mut Client, name: &str) -> i64 {
    let res = admin
        .post_json("/api/v1/values", json!({"name": name}))
        .await;
    assert!(res.status.is_success(), "value {name}: {}", res.text);
    res.json()["id"].as_i64().expect("value id")
}

async fn give(client: &mut Client, body: Value) -> crate::kit::Response {
    client.post_json("/api/v1/kudos", body).await
}

async fn notified(client: &Client, kind: &str) -> Vec<Value> {
    let res = client.get("/api/v1/notifications").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    res.json()["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .filter(|n| n["kind"] == kind)
                .cloned()
                .collect()
        })
        .unwrap_or_default()
}

/// A post written straight into the database, as the knowledge module would.
struct NewPost<'a> {
    kind: &'a str,
    author: i64,
    community: Option<i64>,
    tags: &'a [&'a str],
    status: &'a str,
    at: i64,
    hidden: bool,
}

impl Default for NewPost<'_> {
    fn default() -> Self {
        NewPost {
            kind: "question",
            author: 0,
            community: None,
            tags: &[],
            status: "published",
            at: now(),
            hidden: false,
        }
    }
}

async fn post(app: &TestApp, p: NewPost<'_>) -> i64 {
    let id: i64 = sqlx::query(
        "INSERT INTO posts (kind, community_id, author_id, title, body, tags, status, created_at, updated_at, \
         published_at, activity_at, hidden_at) VALUES ($1, $2, $3, $4, 'Body', $5, $6, $7, $7, $8, $7, $9) RETURNING id",
    )
    .bind(p.kind)
    .bind(p.community)
    .bind(p.author)
    .bind(format!("A {} about {}", p.kind, p.tags.join(" and ")))
    .bind(p.tags.join(" "))
    .bind(p.status)
    .bind(p.at)
    .bind((p.status == "published").then_some(p.at))
    .bind(p.hidden.then_some(p.at))
    .fetch_one(&app.db.pool)
    .await
    .expect("post")
    .try_get(0)
    .expect("id");
    for tag in p.tags {
        sqlx::query("INSERT INTO post_tags (post_id, tag) VALUES ($1, $2)")
            .bind(id)
            .bind(*tag)
            .execute(&app.db.pool)
            .await
            .expect("tag");
    }
    id
}

async fn answer(app: &TestApp, post_id: i64, author: i64, at: i64) -> i64 {
    sqlx::query(
        "INSERT INTO answers (post_id, author_id, body, created_at, updated_at) VALUES ($1, $2, 'An answer', $3, $3) RETURNING id",
    )
    .bind(post_id)
    .bind(author)
    .bind(at)
    .fetch_one(&app.db.pool)
    .await
    .expect("answer")
    .try_get(0)
    .expect("id")
}

async fn accept(app: &TestApp, post_id: i64, answer_id: i64, at: i64) {
    sqlx::query("UPDATE posts SET accepted_answer_id = $1, accepted_at = $2 WHERE id = $3")
        .bind(answer_id)
        .bind(at)
        .bind(post_id)
        .execute(&app.db.pool)
        .await
        .expect("accept");
}

/// A vote on a post (`answer` None) or an answer of it.
#[allow(clippy::too_many_arguments)]
async fn vote(
    app: &TestApp,
    voter: i64,
    post_id: i64,
    answer: Option<i64>,
    recipient: i64,
    value: i64,
    at: i64,
) {
    let (target, target_id) = match answer {
        Some(a) => ("answer", a),
        None => ("post", post_id),
    };
    sqlx::query(
        "INSERT INTO votes (user_id, target, target_id, post_id, recipient_id, value, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(voter)
    .bind(target)
    .bind(target_id)
    .bind(post_id)
    .bind(recipient)
    .bind(value)
    .bind(at)
    .execute(&app.db.pool)
    .await
    .expect("vote");
}

async fn recognition(client: &Client, member: i64) -> Value {
    let res = client
        .get(&format!("/api/v1/members/{member}/recognition"))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    res.json()
}

async fn board(client: &Client, query: &str) -> Value {
    let res = client.get(&format!("/api/v1/leaderboard{query}")).await;
    assert_eq!(res.status, StatusCode::OK, "{query}: {}", res.text);
    res.json()
}

/// (member id, points, rank) of each place.
fn places(board: &Value) -> Vec<(i64, i64, i64)> {
    board["entries"]
        .as_array()
        .map(|entries| {
            entries
                .iter()
                .map(|e| {
                    (
                        e["member"]["id"].as_i64().unwrap_or(0),
                        e["points"].as_i64().unwrap_or(0),
                        e["rank"].as_i64().unwrap_or(0),
                    )
                })
                .collect()
        })
        .unwrap_or_default()
}

fn points_for(recognition: &Value, reason: &str) -> (i64, i64) {
    recognition["reputation"]["breakdown"]
        .as_array()
        .and_then(|lines| lines.iter().find(|l| l["reason"] == reason))
        .map(|l| {
            (
                l["count"].as_i64().unwrap_or(0),
                l["points"].as_i64().unwrap_or(0),
            )
        })
        .unwrap_or((0, 0))
}

fn badge_names(recognition: &Value) -> Vec<String> {
    recognition["badges"]
        .as_array()
        .map(|b| {
            b.iter()
                .map(|b| b["name"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[tokio::test]
async fn members_give_kudos_on_the_page_and_through_the_api() {
    let app = TestApp::spawn().await;
    let mut admin = app.admin().await;
    let helpful = value(&mut admin, "Help each other").await;
    let curious = value(&mut admin, "Stay curious").await;
    let mut ana = app.member("Ana Lima").await;
    let ben = app.member("Ben Okafor").await;
    let _bea = app.member("Bea Okonkwo").await;
    let ben_id = ben.id().await;

    // The API.
    let res = give(
        &mut ana,
        json!({"to_id": ben_id, "value_id": helpful, "message": "Thanks for the **review**."}),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let kudos = res.json();
    assert_eq!(kudos["to"]["id"], ben_id);
    assert_eq!(kudos["from"]["name"], "Ana Lima");
    assert_eq!(kudos["value"]["name"], "Help each other");
    assert!(
        kudos["message_html"]
            .as_str()
            .is_some_and(|h| h.contains("<strong>review</strong>")),
        "{kudos}"
    );
    let told = notified(&ben, "recognition.kudos").await;
    assert_eq!(told.len(), 1, "{told:?}");
    assert!(
        told[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("Ana Lima") && m.contains("Help each other")),
        "{told:?}"
    );
    assert_eq!(
        told[0]["link"],
        format!("/people/{ben_id}/recognition#kudos-{}", kudos["id"])
    );

    // The page: `?to=` chooses the recipient, the form sends it.
    let page = ana.get(&format!("/kudos?to={ben_id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text.contains("To <strong>Ben Okafor</strong>"),
        "{}",
        page.text
    );
    let res = ana
        .submit(
            "/kudos",
            &[
                ("to_id", &ben_id.to_string()),
                ("value_id", &curious.to_string()),
                ("message", "You asked the question nobody dared to ask."),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    assert!(
        res.location
            .as_deref()
            .is_some_and(|l| l.starts_with("/kudos?notice="))
    );

    // A name typed: one match is enough; several ask to choose.
    let res = ana
        .submit(
            "/kudos",
            &[
                ("recipient", "okafor"),
                ("value_id", &helpful.to_string()),
                ("message", "Third time lucky."),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let res = ana
        .submit(
            "/kudos",
            &[
                ("recipient", "Ok"),
                ("value_id", &helpful.to_string()),
                ("message", "Which one?"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(res.text.contains("2 members match"), "{}", res.text);
    assert!(res.text.contains("Bea Okonkwo") && res.text.contains("Which one?"));

    // The list, everywhere, and by value.
    let page = ben.get("/kudos").await;
    assert!(
        page.text
            .contains("You asked the question nobody dared to ask.")
    );
    let all = ben.get("/api/v1/kudos").await.json();
    assert_eq!(all["total"], 3, "{all}");
    let curious_only = ben
        .get(&format!("/api/v1/kudos?value={curious}"))
        .await
        .json();
    assert_eq!(curious_only["total"], 1, "{curious_only}");
    let page = ben.get(&format!("/people/{ben_id}/recognition")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Third time lucky."), "{}", page.text);
    let mine = recognition(&ben, ben_id).await;
    assert_eq!(mine["kudos_received_count"], 3);
    assert_eq!(points_for(&mine, "kudos"), (3, 60));
    assert_eq!(mine["leaderboard_opt_out"], false);
}

#[tokio::test]
async fn kudos_refusals_name_the_field() {
    let app = TestApp::spawn().await;
    let mut admin = app.admin().await;
    let helpful = value(&mut admin, "Help each other").await;
    let mut ana = app.member("Ana Lima").await;
    let ana_id = ana.id().await;
    let ben = app.member("Ben Okafor").await;
    let ben_id = ben.id().await;
    let gone = app.member("Gil Gone").await;
    let gone_id = gone.id().await;
    let res = admin
        .post(&format!("/api/v1/members/{gone_id}/deactivate"))
        .await;
    assert!(res.status.is_success(), "{}", res.text);

    for (body, field, what) in [
        (
            json!({"to_id": ana_id, "value_id": helpful, "message": "Me!"}),
            "to_id",
            "yourself",
        ),
        (
            json!({"to_id": gone_id, "value_id": helpful, "message": "Hi"}),
            "to_id",
            "deactivated",
        ),
        (
            json!({"to_id": 999_999, "value_id": helpful, "message": "Hi"}),
            "to_id",
            "no member",
        ),
        (
            json!({"to_id": ben_id, "value_id": 999_999, "message": "Hi"}),
            "value_id",
            "values",
        ),
        (
            json!({"to_id": ben_id, "value_id": helpful}),
            "message",
            "missing",
        ),
        (
            json!({"to_id": ben_id, "value_id": helpful, "message": "   "}),
            "message",
            "required",
        ),
        (
            json!({"to_id": ben_id, "value_id": helpful, "message": "x".repeat(1001)}),
            "message",
            "1000",
        ),
        (
            json!({"to_id": ben_id, "value_id": helpful, "message": "Hi", "post_id": 424_242}),
            "post_id",
            "post",
        ),
    ] {
        let res = give(&mut ana, body.clone()).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{body}: {}",
            res.text
        );
        assert_eq!(res.error_field(), field, "{body}: {}", res.text);
        assert!(res.text.contains(what), "{body}: {}", res.text);
    }

    // A draft or hidden post cannot be named.
    let draft = post(
        &app,
        NewPost {
            kind: "article",
            author: ben_id,
            status: "draft",
            ..NewPost::default()
        },
    )
    .await;
    let res = give(
        &mut ana,
        json!({"to_id": ben_id, "value_id": helpful, "message": "Hi", "post_id": draft}),
    )
    .await;
    assert_eq!(res.error_field(), "post_id", "{}", res.text);

    // The page shows the form again, with the message beside the field and what was typed.
    let res = ana
        .submit(
            "/kudos",
            &[
                ("to_id", &ben_id.to_string()),
                ("value_id", &helpful.to_string()),
                ("message", ""),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", res.text);
    assert!(
        res.text.contains("id=\"kudos-message-error\""),
        "{}",
        res.text
    );
    assert!(res.text.contains("To <strong>Ben Okafor</strong>"));
    let res = ana
        .submit(
            "/kudos",
            &[
                ("to_id", &ben_id.to_string()),
                ("message", "Kept when refused"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text.contains("id=\"kudos-value_id-error\""),
        "{}",
        res.text
    );
    assert!(res.text.contains("Kept when refused"));
    let res = ana
        .submit(
            "/kudos",
            &[
                ("to_id", &ana_id.to_string()),
                ("value_id", &helpful.to_string()),
                ("message", "Me"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text.contains("yourself"), "{}", res.text);

    // Nothing was stored, and nobody was told.
    assert_eq!(ben.get("/api/v1/kudos").await.json()["total"], 0);
    assert!(notified(&ben, "recognition.kudos").await.is_empty());
    // Without a CSRF token, the form is refused.
    let res = ana
        .without_csrf()
        .submit(
            "/kudos",
            &[
                ("to_id", &ben_id.to_string()),
                ("value_id", &helpful.to_string()),
                ("message", "Hi"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn kudos_about_a_private_communitys_post_stay_inside_it() {
    let app = TestApp::spawn().await;
    let mut admin = app.admin().await;
    let helpful = value(&mut admin, "Help each other").await;
    let mut ana = app.member("Ana Lima").await;
    let ana_id = ana.id().await;
    let mut ben = app.member("Ben Okafor").await;
    let ben_id = ben.id().await;
    let mut cai = app.member("Cai Wong").await;
    let cai_id = cai.id().await;

    let res = ana
        .post_json(
            "/api/v1/communities",
            json!({"name": "Reorg working group", "visibility": "private"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    let community = res.json()["id"].as_i64().expect("id");
    let res = ana
        .post_json(
            &format!("/api/v1/communities/{community}/invitations"),
            json!({"user_id": ben_id}),
        )
        .await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text);
    let res = ben
        .post(&format!(
            "/api/v1/communities/{community}/invitations/accept"
        ))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let secret = post(
        &app,
        NewPost {
            kind: "article",
            author: ana_id,
            community: Some(community),
            tags: &["reorg"],
            ..NewPost::default()
        },
    )
    .await;

    // Someone outside cannot name the post; a member cannot name it to someone outside.
    let res = give(
        &mut cai,
        json!({"to_id": ana_id, "value_id": helpful, "message": "Hi", "post_id": secret}),
    )
    .await;
    assert_eq!(res.error_field(), "post_id", "{}", res.text);
    assert!(!res.text.contains("reorg"), "{}", res.text);
    let res = give(
        &mut ben,
        json!({"to_id": cai_id, "value_id": helpful, "message": "Hi", "post_id": secret}),
    )
    .await;
    assert_eq!(res.error_field(), "post_id", "{}", res.text);

    let res = give(
        &mut ben,
        json!({"to_id": ana_id, "value_id": helpful, "message": "Secret plan, well drafted", "post_id": secret}),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    assert_eq!(res.json()["post"]["id"], secret);

    // Members see it; Cai sees nothing of it anywhere.
    assert_eq!(ana.get("/api/v1/kudos").await.json()["total"], 1);
    assert_eq!(cai.get("/api/v1/kudos").await.json()["total"], 0);
    assert!(!cai.get("/kudos").await.text.contains("Secret plan"));
    let seen_by_cai = recognition(&cai, ana_id).await;
    assert_eq!(seen_by_cai["kudos_received_count"], 0, "{seen_by_cai}");
    assert_eq!(seen_by_cai["reputation"]["total"], 0, "{seen_by_cai}");
    assert!(
        !cai.get(&format!("/people/{ana_id}/recognition"))
            .await
            .text
            .contains("Secret plan")
    );
    let seen_by_ben = recognition(&ben, ana_id).await;
    assert_eq!(seen_by_ben["kudos_received_count"], 1);
    assert_eq!(seen_by_ben["reputation"]["total"], 30, "{seen_by_ben}");

    // Leaderboards: nothing of it organization-wide or on its tag; the community's own board
    // is for its members only.
    assert!(places(&board(&ben, "?period=all").await).is_empty());
    assert!(places(&board(&ben, "?period=all&tag=reorg").await).is_empty());
    let inside = board(&ben, &format!("?period=all&community={community}")).await;
    assert_eq!(places(&inside), vec![(ana_id, 30, 1)]);
    let res = cai
        .get(&format!("/api/v1/leaderboard?community={community}"))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = cai
        .get(&format!("/leaderboard?community={community}"))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(!res.text.contains("Reorg"));
}

#[tokio::test]
async fn reputation_and_leaderboards_follow_knowledge_activity() {
    let app = TestApp::spawn().await;
    let mut admin = app.admin().await;
    let helpful = value(&mut admin, "Help each other").await;
    let mut ana = app.member("Ana Lima").await;
    let ana_id = ana.id().await;
    let mut ben = app.member("Ben Okafor").await;
    let ben_id = ben.id().await;
    let cai = app.member("Cai Wong").await;
    let cai_id = cai.id().await;
    let t = now();
    let long_ago = t - 400 * DAY;

    // Ana asks (tag sql); Ben answers, Ana accepts (+15) and votes it up (+10); Cai votes it
    // down (-2).
    let question = post(
        &app,
        NewPost {
            author: ana_id,
            tags: &["sql"],
            ..NewPost::default()
        },
    )
    .await;
    let ben_answer = answer(&app, question, ben_id, t).await;
    accept(&app, question, ben_answer, t).await;
    vote(&app, ana_id, question, Some(ben_answer), ben_id, 1, t).await;
    vote(&app, cai_id, question, Some(ben_answer), ben_id, -1, t).await;
    // Ben published an article on rust long ago (+10), upvoted by Ana then (+5); his own vote
    // on it earns nothing.
    let article = post(
        &app,
        NewPost {
            kind: "article",
            author: ben_id,
            tags: &["rust"],
            at: long_ago,
            ..NewPost::default()
        },
    )
    .await;
    vote(&app, ana_id, article, None, ben_id, 1, long_ago).await;
    vote(&app, ben_id, article, None, ben_id, 1, long_ago).await;
    // Cai: a hidden article (and its upvote), a draft, and a hidden answer accepted: nothing.
    let hidden = post(
        &app,
        NewPost {
            kind: "best_practice",
            author: cai_id,
            hidden: true,
            ..NewPost::default()
        },
    )
    .await;
    vote(&app, ana_id, hidden, None, cai_id, 1, t).await;
    post(
        &app,
        NewPost {
            kind: "article",
            author: cai_id,
            status: "draft",
            ..NewPost::default()
        },
    )
    .await;
    let other = post(
        &app,
        NewPost {
            author: ana_id,
            ..NewPost::default()
        },
    )
    .await;
    let hidden_answer = answer(&app, other, cai_id, t).await;
    sqlx::query("UPDATE answers SET hidden_at = $1 WHERE id = $2")
        .bind(t)
        .bind(hidden_answer)
        .execute(&app.db.pool)
        .await
        .expect("hide");
    accept(&app, other, hidden_answer, t).await;
    // Ana asked a question that Ben upvoted (+5 for Ana); Ana thanks Ben with kudos (+20).
    vote(&app, ben_id, other, None, ana_id, 1, t).await;
    let res = give(
        &mut ana,
        json!({"to_id": ben_id, "value_id": helpful, "message": "Thank you"}),
    )
    .await;
    assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);

    let rep = recognition(&ana, ben_id).await;
    assert_eq!(points_for(&rep, "accepted_answer"), (1, 15), "{rep}");
    assert_eq!(points_for(&rep, "answer_upvote"), (1, 10));
    assert_eq!(points_for(&rep, "downvote"), (1, -2));
    assert_eq!(points_for(&rep, "published"), (1, 10));
    assert_eq!(points_for(&rep, "post_upvote"), (1, 5));
    assert_eq!(points_for(&rep, "kudos"), (1, 20));
    assert_eq!(rep["reputation"]["total"], 58);
    assert_eq!(rep["reputation"]["week"], 43, "the article is 400 days old");
    assert_eq!(recognition(&ana, cai_id).await["reputation"]["total"], 0);
    let page = ana.get(&format!("/people/{ben_id}/recognition")).await;
    assert!(
        page.text.contains("id=\"reputation-total\">58 "),
        "{}",
        page.text
    );

    // The boards: all time, this week, per tag.
    let all = board(&cai, "?period=all").await;
    assert_eq!(places(&all), vec![(ben_id, 58, 1), (ana_id, 5, 2)]);
    assert_eq!(all["my_points"], 0);
    let week = board(&cai, "?period=week").await;
    assert_eq!(places(&week), vec![(ben_id, 43, 1), (ana_id, 5, 2)]);
    let rust = board(&cai, "?period=all&tag=rust").await;
    assert_eq!(places(&rust), vec![(ben_id, 15, 1)]);
    let sql = board(&cai, "?period=all&tag=SQL").await;
    assert_eq!(places(&sql), vec![(ben_id, 23, 1)]);
    assert_eq!(
        cai.get("/api/v1/leaderboard?period=decade")
            .await
            .error_field(),
        "period"
    );
    let page = cai.get("/leaderboard?period=all").await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(page.text.contains("Ben Okafor") && page.text.contains("<td>58</td>"));

    // Ben hides from leaderboards: gone from every board, his points kept.
    let res = ben
        .put_json("/api/v1/me/leaderboard", json!({"opt_out": true}))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    assert_eq!(res.json()["opt_out"], true);
    assert_eq!(
        places(&board(&cai, "?period=all").await),
        vec![(ana_id, 5, 1)]
    );
    assert!(
        !cai.get("/leaderboard?period=all")
            .await
            .text
            .contains("Ben Okafor")
    );
    let mine = board(&ben, "?period=all").await;
    assert_eq!(
        (mine["my_points"].as_i64(), mine["opted_out"].as_bool()),
        (Some(58), Some(true))
    );
    assert_eq!(recognition(&ben, ben_id).await["reputation"]["total"], 58);
    let page = ben.get("/leaderboard").await;
    assert!(page.text.contains("Show me"), "{}", page.text);
    // ... and shows himself again with the page's button.
    let res = ben
        .submit(
            "/leaderboard/visibility",
            &[("opt_out", "0"), ("back", "period=all")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    assert!(
        res.location
            .as_deref()
            .is_some_and(|l| l.starts_with("/leaderboard?period=all&notice="))
    );
    assert_eq!(places(&board(&cai, "?period=all").await).len(), 2);
    let res = ben
        .submit("/leaderboard/visibility", &[("opt_out", "1")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(board(&ben, "").await["opted_out"], true);
    assert_eq!(
        ben.put_json("/api/v1/me/leaderboard", json!({}))
            .await
            .error_field(),
        "opt_out"
    );
}

#[tokio::test]
async fn badges_are_earned_by_rule() {
    let app = TestApp::spawn().await;
    let mut admin = app.admin().await;
    let helpful = value(&mut admin, "Help each other").await;
    let mut ana = app.member("Ana Lima").await;
    let ana_id = ana.id().await;
    let ben = app.member("Ben Okafor").await;
    let ben_id = ben.id().await;
    let cai = app.member("Cai Wong").await;
    let cai_id = cai.id().await;
    let t = now() - 20 * DAY;

    // Ben: ten accepted answers, six on rust questions and four on sql ones.
    for i in 0..10 {
        let tags: &[&str] = if i < 6 { &["rust", "tokio"] } else { &["sql"] };
        let q = post(
            &app,
            NewPost {
                author: ana_id,
                tags,
                at: t + i * DAY,
                ..NewPost::default()
            },
        )
        .await;
        let a = answer(&app, q, ben_id, t + i * DAY + 60).await;
        accept(&app, q, a, t + i * DAY + 120).await;
    }
    post(
        &app,
        NewPost {
            kind: "lesson_learned",
            author: ben_id,
            at: t,
            ..NewPost::default()
        },
    )
    .await;
    // Ana gives ten kudos.
    for i in 0..10 {
        let to = if i % 2 == 0 { ben_id } else { cai_id };
        let res = give(
            &mut ana,
            json!({"to_id": to, "value_id": helpful, "message": format!("Thanks #{i}")}),
        )
        .await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text);
    }
    // Last year Ben completed two mentorships and Cai one (and one ended early).
    let last_year: i64 = crate_date(now())[..4].parse::<i64>().expect("year") - 1;
    let mid_last_year = now() - 365 * DAY;
    let mid_last_year = if crate_date(mid_last_year)[..4] == last_year.to_string() {
        mid_last_year
    } else {
        mid_last_year - 30 * DAY
    };
    for (mentor, early) in [(ben_id, 0), (ben_id, 0), (cai_id, 0), (cai_id, 1)] {
        let m: i64 = sqlx::query(
            "INSERT INTO mentorships (kind, status, started_at, ended_at, ended_early) VALUES ('one_on_one', 'ended', $1, $2, $3) RETURNING id",
        )
        .bind(mid_last_year - 90 * DAY)
        .bind(mid_last_year)
        .bind(early)
        .fetch_one(&app.db.pool)
        .await
        .expect("mentorship")
        .try_get(0)
        .expect("id");
        for (user, role) in [(mentor, "mentor"), (ana_id, "mentee")] {
            sqlx::query(
                "INSERT INTO mentorship_members (mentorship_id, user_id, role) VALUES ($1, $2, $3)",
            )
            .bind(m)
            .bind(user)
            .bind(role)
            .execute(&app.db.pool)
            .await
            .expect("member");
        }
    }

    let ben_badges = badge_names(&recognition(&cai, ben_id).await);
    for expected in [
        "First answer".to_string(),
        "First article".to_string(),
        "Helpful".to_string(),
        "Tag expert: rust".to_string(),
        "Tag expert: tokio".to_string(),
        format!("Mentor of the year {last_year}"),
    ] {
        assert!(
            ben_badges.contains(&expected),
            "{expected} missing: {ben_badges:?}"
        );
    }
    assert!(
        !ben_badges.iter().any(|b| b == "Tag expert: sql"),
        "{ben_badges:?}"
    );
    assert!(!ben_badges.iter().any(|b| b == "Generous"));
    let rec = recognition(&cai, ben_id).await;
    let helpful_badge = rec["badges"]
        .as_array()
        .and_then(|b| b.iter().find(|b| b["key"] == "helpful"))
        .cloned()
        .expect("helpful");
    assert_eq!(
        helpful_badge["earned_at"],
        t + 9 * DAY + 120,
        "the tenth acceptance"
    );

    let ana_badges = badge_names(&recognition(&ben, ana_id).await);
    assert!(
        ana_badges.contains(&"Generous".to_string()),
        "{ana_badges:?}"
    );
    assert!(ana_badges.contains(&"First question".to_string()));
    assert!(
        !ana_badges
            .iter()
            .any(|b| b.starts_with("Mentor of the year"))
    );
    let cai_badges = badge_names(&recognition(&ben, cai_id).await);
    assert!(
        !cai_badges
            .iter()
            .any(|b| b.starts_with("Mentor of the year")),
        "one completed mentorship is not enough: {cai_badges:?}"
    );
    let page = cai.get(&format!("/people/{ben_id}/recognition")).await;
    assert!(page.text.contains("Tag expert: rust"), "{}", page.text);
}

/// "YYYY-MM-DD" of a Unix time, UTC.
fn crate_date(unix: i64) -> String {
    grove::web::page::date(unix)
}

#[tokio::test]
async fn the_demo_has_kudos_between_connected_members() {
    let app = TestApp::spawn().await;
    let sign_ins = grove::demo::load(&app.db, 200, 7).await.expect("demo");
    let count = |sql: &'static str| {
        let pool = app.db.pool.clone();
        async move {
            sqlx::query(sql)
                .fetch_one(&pool)
                .await
                .expect("count")
                .try_get::<i64, _>(0)
                .expect("int")
        }
    };
    let kudos = count("SELECT COUNT(*) FROM kudos").await;
    assert!(kudos > 20, "{kudos} kudos");
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM kudos k WHERE NOT EXISTS (SELECT 1 FROM connections c WHERE \
             c.status = 'accepted' AND ((c.user_a = k.from_id AND c.user_b = k.to_id) OR (c.user_a = k.to_id AND c.user_b = k.from_id)))"
        )
        .await,
        0,
        "kudos go between connected members"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM kudos WHERE value_id IS NULL").await,
        0
    );
    let mut member = app.anonymous();
    member
        .sign_in(&sign_ins.member, grove::demo::DEMO_PASSWORD)
        .await;
    let id = member.id().await;
    let mine = recognition(&member, id).await;
    assert!(mine["kudos_received_count"].as_i64() > Some(0), "{mine}");
    assert!(!places(&board(&member, "?period=all").await).is_empty());
    // The same seed gives the same kudos.
    let again = TestApp::spawn().await;
    grove::demo::load(&again.db, 200, 7).await.expect("demo");
    let n: i64 = sqlx::query("SELECT COUNT(*) FROM kudos")
        .fetch_one(&again.db.pool)
        .await
        .expect("count")
        .try_get(0)
        .expect("int");
    assert_eq!(n, kudos);
}
