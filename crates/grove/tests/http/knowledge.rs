//! Knowledge: asking, answering, voting, accepting, commenting; drafts and revisions; search
//! (accents, CJK, filters, highlights); privacy of a private community's posts everywhere;
//! Markdown that cannot carry script; unanswered questions routed to likely experts.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::kit::{Client, Response, TestApp};

fn assert_status(res: &Response, status: StatusCode, what: &str) {
    assert_eq!(res.status, status, "{what}: {}", res.text);
}

async fn publish(client: &mut Client, body: Value) -> Value {
    let res = client.post_json("/api/v1/posts", body).await;
    assert_status(&res, StatusCode::CREATED, "publish");
    res.json()
}

async fn notified(client: &Client, kind: &str) -> Vec<String> {
    let res = client.get("/api/v1/notifications").await;
    assert_status(&res, StatusCode::OK, "notifications");
    res.json()["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .filter(|n| n["kind"] == kind)
        .map(|n| n["message"].as_str().unwrap_or("").to_string())
        .collect()
}

async fn search(client: &Client, query: &str) -> Value {
    let res = client.get(&format!("/api/v1/search?{query}")).await;
    assert_status(&res, StatusCode::OK, query);
    res.json()
}

/// Gives the engine its statistics on the search index, as autovacuum would.
async fn analyze(app: &TestApp) {
    let analyze = match app.db.backend {
        grove::db::Backend::Sqlite => "ANALYZE",
        grove::db::Backend::Postgres => "ANALYZE post_search",
    };
    sqlx::query(analyze)
        .execute(&app.db.pool)
        .await
        .expect("analyze");
}

fn titles(results: &Value) -> Vec<String> {
    results["items"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|i| i["title"].as_str().unwrap_or("").to_string())
        .collect()
}

#[tokio::test]
async fn a_question_is_answered_voted_on_accepted_and_discussed() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut ana = app.member("Ana Silva").await;
    let mut bob = app.member("Bob Stone").await;
    let mut cai = app.member("Cai Wen").await;

    let q = publish(
        &mut ana,
        json!({"kind": "question", "title": "How do we roll out Kubernetes upgrades safely?",
               "body": "We run **three** clusters. What is your rollout order?", "tags": ["Kubernetes", "ci cd"]}),
    )
    .await;
    assert_eq!(q["tags"], json!(["kubernetes", "ci-cd"]));
    let id = q["id"].as_i64().expect("id");

    let res = bob
        .post_json(
            &format!("/api/v1/posts/{id}/answers"),
            json!({"body": "Staging first, then canary. cc @ana.silva"}),
        )
        .await;
    assert_status(&res, StatusCode::CREATED, "answer");
    let answer = res.json()["id"].as_i64().expect("answer id");
    let heard = notified(&ana, "knowledge.answer").await;
    assert!(
        heard.iter().any(|m| m.contains("Bob Stone answered")),
        "{heard:?}"
    );
    // The asker was mentioned too, but is told once per kind of event.
    assert_eq!(notified(&ana, "knowledge.mention").await.len(), 1);

    // Votes: one per member, not on one's own, and taken back with 0.
    let res = bob
        .put_json(
            &format!("/api/v1/answers/{answer}/vote"),
            json!({"value": 1}),
        )
        .await;
    assert_status(&res, StatusCode::FORBIDDEN, "own answer");
    let res = ana
        .put_json(
            &format!("/api/v1/answers/{answer}/vote"),
            json!({"value": 1}),
        )
        .await;
    assert_eq!(res.json()["score"], 1);
    let res = ana
        .put_json(
            &format!("/api/v1/answers/{answer}/vote"),
            json!({"value": 1}),
        )
        .await;
    assert_eq!(res.json()["score"], 1, "voting twice counts once");
    let res = cai
        .put_json(
            &format!("/api/v1/answers/{answer}/vote"),
            json!({"value": -1}),
        )
        .await;
    assert_eq!(res.json()["score"], 0);
    let res = cai
        .put_json(
            &format!("/api/v1/answers/{answer}/vote"),
            json!({"value": 0}),
        )
        .await;
    assert_eq!(res.json()["score"], 1);
    let res = cai
        .put_json(&format!("/api/v1/posts/{id}/vote"), json!({"value": 5}))
        .await;
    assert_eq!(res.error_field(), "value");

    // Only the asker accepts.
    let res = cai
        .put_json(
            &format!("/api/v1/posts/{id}/accepted"),
            json!({"answer_id": answer}),
        )
        .await;
    assert_status(&res, StatusCode::FORBIDDEN, "not the asker");
    let res = ana
        .put_json(
            &format!("/api/v1/posts/{id}/accepted"),
            json!({"answer_id": 999999}),
        )
        .await;
    assert_eq!(res.error_field(), "answer_id");
    let res = ana
        .put_json(
            &format!("/api/v1/posts/{id}/accepted"),
            json!({"answer_id": answer}),
        )
        .await;
    assert_status(&res, StatusCode::NO_CONTENT, "accept");
    assert!(!notified(&bob, "knowledge.accepted").await.is_empty());

    // Comments reach the followers (the asker, the answerer), not the commenter.
    let res = cai
        .post_json(
            &format!("/api/v1/posts/{id}/comments"),
            json!({"answer_id": answer, "body": "Canary for how long?"}),
        )
        .await;
    assert_status(&res, StatusCode::CREATED, "comment");
    assert!(!notified(&ana, "knowledge.comment").await.is_empty());
    assert!(!notified(&bob, "knowledge.comment").await.is_empty());
    assert!(notified(&cai, "knowledge.comment").await.is_empty());
    let res = cai
        .post_json(
            &format!("/api/v1/posts/{id}/comments"),
            json!({"body": "  "}),
        )
        .await;
    assert_eq!(res.error_field(), "body");

    // The answerer edits their answer; nobody else may, and an empty one is refused.
    let res = bob
        .patch_json(
            &format!("/api/v1/answers/{answer}"),
            json!({"body": "Staging first, then a 10% canary for a day."}),
        )
        .await;
    assert_status(&res, StatusCode::NO_CONTENT, "edit own answer");
    let res = cai
        .patch_json(
            &format!("/api/v1/answers/{answer}"),
            json!({"body": "mine now"}),
        )
        .await;
    assert_status(&res, StatusCode::FORBIDDEN, "someone else's answer");
    let res = bob
        .patch_json(&format!("/api/v1/answers/{answer}"), json!({"body": " "}))
        .await;
    assert_eq!(res.error_field(), "body");
    assert!(
        bob.get(&format!("/knowledge/answers/{answer}/edit"))
            .await
            .text
            .contains("10% canary")
    );
    assert_eq!(
        titles(&search(&cai, "q=canary").await).len(),
        1,
        "search sees the edit"
    );

    let post = cai.get(&format!("/api/v1/posts/{id}")).await.json();
    assert_eq!(post["accepted"], true);
    assert_eq!(post["answers"][0]["accepted"], true);
    assert_eq!(post["answers"][0]["score"], 1);
    assert_eq!(
        post["answers"][0]["comments"][0]["body"],
        "Canary for how long?"
    );
    assert_eq!(post["answer_count"], 1);

    // Articles take no answers.
    let art = publish(&mut cai, json!({"kind": "lesson_learned", "title": "What we learned from the outage", "body": "Check the backups."})).await;
    let res = bob
        .post_json(
            &format!("/api/v1/posts/{}/answers", art["id"]),
            json!({"body": "Nice"}),
        )
        .await;
    assert_eq!(res.error_field(), "body");

    // Bad input names the field.
    for (body, field) in [
        (
            json!({"kind": "question", "title": "Hi", "body": "x"}),
            "title",
        ),
        (
            json!({"kind": "poem", "title": "A long enough title", "body": "x"}),
            "kind",
        ),
        (
            json!({"kind": "question", "title": "A long enough title", "body": "x", "tags": ["a","b","c","d","e","f"]}),
            "tags",
        ),
        (
            json!({"kind": "question", "title": "A long enough title", "body": ""}),
            "body",
        ),
        (
            json!({"kind": "question", "title": "A long enough title", "body": "x", "community_id": 424242}),
            "community_id",
        ),
    ] {
        let res = ana.post_json("/api/v1/posts", body).await;
        assert_eq!(
            res.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{field}: {}",
            res.text
        );
        assert_eq!(res.error_field(), field);
    }
}

#[tokio::test]
async fn the_html_forms_write_answer_and_show_refusals_with_what_was_typed() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut ana = app.member("Ana Silva").await;
    let mut bob = app.member("Bob Stone").await;
    ana.visit("/knowledge/new?kind=question").await;
    let res = ana
        .submit(
            "/knowledge/new",
            &[
                ("kind", "question"),
                ("title", "Hm"),
                ("body", "My long careful text"),
                ("tags", "rust"),
            ],
        )
        .await;
    assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "short title");
    assert!(res.text.contains("at least 5 characters"), "{}", res.text);
    assert!(res.text.contains("My long careful text"), "typed text kept");
    let res = ana
        .submit(
            "/knowledge/new",
            &[
                ("kind", "question"),
                ("title", "Which Rust web framework?"),
                ("body", "Axum or actix?"),
                ("tags", "rust, web"),
            ],
        )
        .await;
    assert_status(&res, StatusCode::SEE_OTHER, "published");
    let location = res.location.clone().expect("location");
    let link = location.split('?').next().unwrap_or_default().to_string();
    let page = bob.visit(&link).await;
    assert!(page.text.contains("Which Rust web framework?"));
    assert!(page.text.contains("Your answer"));
    let res = bob
        .submit(&format!("{link}/answers"), &[("body", "  ")])
        .await;
    assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "empty answer");
    assert!(res.text.contains("write something first"));
    let res = bob
        .submit(
            &format!("{link}/answers"),
            &[("body", "Axum, with **askama**.")],
        )
        .await;
    assert_status(&res, StatusCode::SEE_OTHER, "answered");
    let res = bob
        .submit(&format!("{link}/bookmark"), &[("on", "true")])
        .await;
    assert_status(&res, StatusCode::SEE_OTHER, "bookmarked");
    let saved = bob.visit("/knowledge/saved").await;
    assert!(saved.text.contains("Which Rust web framework?"));
    let page = ana.visit(&link).await;
    assert!(page.text.contains("<strong>askama</strong>"));
    assert!(page.text.contains("Accept this answer"));
    let feed = ana.visit("/knowledge?kind=question").await;
    assert!(feed.text.contains("Which Rust web framework?"));
    let tag = ana.visit("/knowledge/tags/rust").await;
    assert!(tag.text.contains("Which Rust web framework?"));
    let res = ana
        .submit("/knowledge/tags/rust/follow", &[("follow", "true")])
        .await;
    assert_status(&res, StatusCode::SEE_OTHER, "follow tag");
    let res = bob
        .submit(
            "/knowledge/new",
            &[
                ("kind", "article"),
                ("title", "Rust error handling in practice"),
                ("body", "Use thiserror."),
                ("tags", "rust"),
            ],
        )
        .await;
    assert_status(&res, StatusCode::SEE_OTHER, "article");
    assert!(
        !notified(&ana, "knowledge.tag").await.is_empty(),
        "tag followers hear of new posts"
    );
}

#[tokio::test]
async fn drafts_stay_private_and_revisions_show_their_changes_and_restore() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut ana = app.member("Ana Silva").await;
    let bob = app.member("Bob Stone").await;
    let draft = publish(
        &mut ana,
        json!({"kind": "best_practice", "title": "Code review checklist", "body": "Line one\nLine two", "tags": ["reviews"], "draft": true}),
    )
    .await;
    let id = draft["id"].as_i64().expect("id");
    assert_eq!(draft["draft"], true);
    assert_status(
        &bob.get(&format!("/api/v1/posts/{id}")).await,
        StatusCode::NOT_FOUND,
        "draft of another",
    );
    assert!(titles(&search(&bob, "q=checklist").await).is_empty());
    assert!(
        titles(&search(&ana, "q=checklist").await).is_empty(),
        "drafts are not searchable"
    );
    assert_eq!(ana.get("/api/v1/me/drafts").await.json()[0]["id"], id);

    let res = ana
        .patch_json(&format!("/api/v1/posts/{id}"), json!({"body": "Line one\nLine 2 changed\nLine three", "note": "clearer", "publish": true}))
        .await;
    assert_status(&res, StatusCode::OK, "publish");
    assert_eq!(res.json()["draft"], false);
    assert_eq!(
        titles(&search(&bob, "q=checklist").await),
        ["Code review checklist"]
    );
    let res = bob
        .patch_json(&format!("/api/v1/posts/{id}"), json!({"title": "Mine now"}))
        .await;
    assert_status(&res, StatusCode::FORBIDDEN, "not the author");

    let history = bob
        .get(&format!("/api/v1/posts/{id}/revisions"))
        .await
        .json();
    assert_eq!(history[0]["number"], 2);
    assert_eq!(history[0]["note"], "clearer");
    let detail = bob
        .get(&format!("/api/v1/posts/{id}/revisions/2"))
        .await
        .json();
    let ops: Vec<String> = detail["diff"]
        .as_array()
        .cloned()
        .unwrap_or_default()
        .iter()
        .map(|l| {
            format!(
                "{}:{}",
                l["op"].as_str().unwrap_or(""),
                l["text"].as_str().unwrap_or("")
            )
        })
        .collect();
    assert!(ops.contains(&"removed:Line two".to_string()), "{ops:?}");
    assert!(ops.contains(&"added:Line 2 changed".to_string()), "{ops:?}");
    assert!(ops.contains(&"same:Line one".to_string()), "{ops:?}");
    let page = bob.get(&format!("/knowledge/{id}/revisions/2")).await;
    assert!(page.text.contains("Line 2 changed"));

    let res = ana
        .post(&format!("/api/v1/posts/{id}/revisions/1/restore"))
        .await;
    assert_status(&res, StatusCode::OK, "restore");
    let post = bob.get(&format!("/api/v1/posts/{id}")).await.json();
    assert_eq!(post["body"], "Line one\nLine two");
    assert_eq!(post["revision"], 3);
    assert!(
        titles(&search(&bob, "q=three").await).is_empty(),
        "search follows the restore"
    );
    let page = bob.get(&format!("/knowledge/{id}/history")).await;
    assert!(page.text.contains("Restored revision 1"));
}

#[tokio::test]
async fn search_folds_accents_finds_cjk_filters_and_marks_what_it_found() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut ana = app.member("Ana Silva").await;
    let bob = app.member("Bob Stone").await;
    publish(&mut ana, json!({"kind": "article", "title": "Gestión del cambio en equipos", "body": "La **gestión** del cambio empieza por escuchar.", "tags": ["change"]})).await;
    publish(&mut ana, json!({"kind": "question", "title": "如何做好知识管理？", "body": "我们的团队需要知识管理的方法。", "tags": ["知识管理"]})).await;
    let rust = publish(&mut ana, json!({"kind": "question", "title": "Rust async runtimes compared", "body": "Tokio or smol for services?", "tags": ["rust"]})).await;

    let found = search(&bob, "q=gestion").await;
    assert_eq!(titles(&found), ["Gestión del cambio en equipos"]);
    assert!(
        found["items"][0]["title_html"]
            .as_str()
            .unwrap_or("")
            .contains("<mark>Gestión</mark>")
    );
    assert!(
        found["items"][0]["snippet"]
            .as_str()
            .unwrap_or("")
            .contains("<mark>gestión</mark>")
    );
    assert_eq!(titles(&search(&bob, "q=GESTIÓN%20cambio").await).len(), 1);
    let cjk = search(&bob, "q=知识").await;
    assert_eq!(titles(&cjk), ["如何做好知识管理？"]);
    assert!(
        cjk["items"][0]["snippet"]
            .as_str()
            .unwrap_or("")
            .contains("<mark>知识</mark>")
    );
    assert_eq!(titles(&search(&bob, "q=管理").await).len(), 1);
    assert_eq!(
        titles(&search(&bob, "q=tok").await),
        ["Rust async runtimes compared"],
        "prefix"
    );

    // Answers are searched with their question; filters narrow.
    let mut bob = bob;
    let res = bob
        .post_json(
            &format!("/api/v1/posts/{}/answers", rust["id"]),
            json!({"body": "We chose glommio for io_uring."}),
        )
        .await;
    assert_status(&res, StatusCode::CREATED, "answer");
    assert_eq!(
        titles(&search(&bob, "q=glommio").await),
        ["Rust async runtimes compared"]
    );
    assert_eq!(titles(&search(&bob, "q=rust&kind=article").await).len(), 0);
    assert_eq!(titles(&search(&bob, "q=rust&answered=true").await).len(), 1);
    assert_eq!(
        titles(&search(&bob, "q=rust&kind=question&answered=true").await).len(),
        1
    );
    // Only questions are answered or not.
    assert_eq!(
        titles(&search(&bob, "q=rust&kind=article&answered=true").await).len(),
        0
    );
    assert_eq!(
        titles(&search(&bob, "q=rust&answered=false").await).len(),
        0
    );
    assert_eq!(
        titles(&search(&bob, "tag=rust").await),
        ["Rust async runtimes compared"]
    );
    // Words and a tag: the post must hold both, as its tags are now, not as they were.
    assert_eq!(titles(&search(&bob, "q=tokio&tag=rust").await).len(), 1);
    assert_eq!(titles(&search(&bob, "q=tokio&tag=change").await).len(), 0);
    let res = ana
        .patch_json(
            &format!("/api/v1/posts/{}", rust["id"]),
            json!({"tags": ["async"]}),
        )
        .await;
    assert_status(&res, StatusCode::OK, "retag");
    assert_eq!(titles(&search(&bob, "q=tokio&tag=rust").await).len(), 0);
    assert_eq!(titles(&search(&bob, "q=tokio&tag=async").await).len(), 1);
    assert_eq!(
        search(&bob, "q=ana").await["people"][0]["name"],
        "Ana Silva"
    );
    let res = bob.get("/api/v1/search?q=x&from=yesterday").await;
    assert_eq!(res.error_field(), "from");
    let res = bob.get("/api/v1/search?q=x&kind=poem").await;
    assert_eq!(res.error_field(), "kind");
    let page = bob.get("/search?q=gestion").await;
    assert!(page.text.contains("<mark>Gestión</mark>"), "{}", page.text);

    // A match in the title ranks above newer matches in the text only.
    publish(
        &mut ana,
        json!({"kind": "article", "title": "Rollout checklist", "body": "Steps."}),
    )
    .await;
    publish(
        &mut ana,
        json!({"kind": "article", "title": "Team news", "body": "The rollout went well."}),
    )
    .await;
    publish(&mut ana, json!({"kind": "resource", "title": "Slides from the offsite", "body": "See the rollout part."})).await;
    publish(&mut ana, json!({"kind": "article", "title": "Quarterly plan", "body": "Nothing new.", "tags": ["rollout"]})).await;
    // Title first, then tags, then the text newest first; a prefix as typed ranks the same.
    let expected = [
        "Rollout checklist",
        "Quarterly plan",
        "Slides from the offsite",
        "Team news",
    ];
    assert_eq!(titles(&search(&bob, "q=rollout").await), expected);
    assert_eq!(titles(&search(&bob, "q=rollo").await), expected);
    // A whole word also finds the longer words it begins, as a prefix does on every engine.
    publish(&mut ana, json!({"kind": "article", "title": "Blue-green", "body": "Our deployments run twice a day."})).await;
    assert_eq!(
        titles(&search(&bob, "q=deploy").await),
        ["Blue-green"],
        "deploy finds deployments"
    );

    // Pages run on from one rank to the next without losing or repeating a post.
    for n in 1..=21 {
        publish(
            &mut ana,
            json!({"kind": "article", "title": format!("Note {n}"), "body": "About kaizen."}),
        )
        .await;
    }
    publish(
        &mut ana,
        json!({"kind": "article", "title": "Kaizen basics", "body": "Small steps."}),
    )
    .await;
    let first = search(&bob, "q=kaizen").await;
    let mut seen = titles(&first);
    assert_eq!(seen.len(), 20);
    assert_eq!(seen[0], "Kaizen basics");
    assert_eq!(seen[1], "Note 21");
    assert_eq!(first["next_page"], 2);
    let second = search(&bob, "q=kaizen&page=2").await;
    assert_eq!(titles(&second), ["Note 2", "Note 1"]);
    assert!(second["next_page"].is_null());
    seen.extend(titles(&second));
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 22);
    let res = bob.get("/api/v1/search?q=kaizen&page=51").await;
    assert_eq!(res.error_field(), "page");

    // Related content: the other Rust post.
    let other = publish(&mut ana, json!({"kind": "resource", "title": "Rust async book", "body": "A good read.", "tags": ["rust"]})).await;
    let post = bob
        .get(&format!("/api/v1/posts/{}", other["id"]))
        .await
        .json();
    assert_eq!(post["related"][0]["title"], "Rust async runtimes compared");
}

#[tokio::test]
async fn a_private_communitys_posts_never_reach_outsiders() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut ana = app.member("Ana Silva").await;
    let mut out = app.member("Otto Outsider").await;
    let res = ana
        .post_json(
            "/api/v1/communities",
            json!({"name": "Reorg group", "description": "", "visibility": "private"}),
        )
        .await;
    assert_status(&res, StatusCode::CREATED, "community");
    let community = res.json()["id"].as_i64().expect("community id");
    // Otto follows the tag, so a leak would show in his notifications.
    let res = out.put_json("/api/v1/tags/layoffs/follow", json!({})).await;
    assert_status(&res, StatusCode::NO_CONTENT, "follow tag");
    let secret = publish(
        &mut ana,
        json!({"kind": "question", "title": "Confidential headcount plan", "body": "Which teams merge? @otto.outsider", "tags": ["layoffs"], "community_id": community}),
    )
    .await;
    let id = secret["id"].as_i64().expect("id");
    assert_status(
        &out.get(&format!("/api/v1/posts/{id}")).await,
        StatusCode::NOT_FOUND,
        "api",
    );
    assert_status(
        &out.get(&format!("/knowledge/{id}")).await,
        StatusCode::NOT_FOUND,
        "page",
    );
    assert!(
        titles(&search(&out, "q=headcount").await).is_empty(),
        "search"
    );
    assert!(
        titles(&search(&out, "tag=layoffs").await).is_empty(),
        "tag filter"
    );
    let feed = out.get("/api/v1/posts").await.json();
    assert_eq!(feed["items"], json!([]), "feed");
    assert!(
        !out.get("/api/v1/tags").await.text.contains("layoffs"),
        "tag counts"
    );
    assert!(!out.get("/knowledge").await.text.contains("Confidential"));
    let notifications = out.get("/api/v1/notifications").await.text;
    assert!(!notifications.contains("Confidential"), "{notifications}");
    let res = out
        .post_json(
            &format!("/api/v1/posts/{id}/answers"),
            json!({"body": "guess"}),
        )
        .await;
    assert_status(&res, StatusCode::NOT_FOUND, "answer");
    let res = out
        .put_json(&format!("/api/v1/posts/{id}/bookmark"), json!({}))
        .await;
    assert_status(&res, StatusCode::NOT_FOUND, "bookmark");
    // Posting into it is refused without naming it.
    let res = out
        .post_json("/api/v1/posts", json!({"kind": "question", "title": "Sneaking in here", "body": "x", "community_id": community}))
        .await;
    assert_eq!(res.error_field(), "community_id");
    assert!(!res.text.contains("Reorg"));
    // Members see it.
    assert_eq!(
        titles(&search(&ana, "q=headcount").await),
        ["Confidential headcount plan"]
    );
}

#[tokio::test]
async fn markdown_cannot_carry_script_anywhere() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut ana = app.member("Ana Silva").await;
    let mut bob = app.member("Bob Stone").await;
    // Known payloads (from the OWASP XSS filter evasion cheat sheet and Markdown-specific ones).
    let payloads = [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<svg onload=alert(1)>",
        "<iframe src=\"javascript:alert(1)\"></iframe>",
        "[click](javascript:alert(1))",
        "[click](JaVaScRiPt:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "![x](javascript:alert(1))",
        "<a href=\"javascript:alert(1)\">x</a>",
        "<div style=\"background:url(javascript:alert(1))\">x</div>",
        "<body onload=alert(1)>",
        "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
        "<object data=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\"></object>",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<details open ontoggle=alert(1)>",
        "<input autofocus onfocus=alert(1)>",
        "\"><script>alert(1)</script>",
        "<a href=\"vbscript:msgbox(1)\">x</a>",
    ];
    let body = payloads.join("\n\n");
    let post = publish(&mut ana, json!({"kind": "question", "title": "Payloads <script>alert(1)</script>", "body": body, "tags": ["security"]})).await;
    let id = post["id"].as_i64().expect("id");
    let res = bob
        .post_json(
            &format!("/api/v1/posts/{id}/answers"),
            json!({"body": body}),
        )
        .await;
    assert_status(&res, StatusCode::CREATED, "answer");
    let res = bob
        .post_json(
            &format!("/api/v1/posts/{id}/comments"),
            json!({"body": body}),
        )
        .await;
    assert_status(&res, StatusCode::CREATED, "comment");
    for page in [
        bob.get(&format!("/knowledge/{id}")).await.text,
        bob.get("/search?q=payloads").await.text,
        bob.get("/knowledge").await.text,
    ] {
        let lower = page.to_lowercase();
        for bad in [
            "<script",
            "onerror=",
            "onload=",
            "ontoggle=",
            "onfocus=",
            "javascript:",
            "vbscript:",
            "<iframe",
            "<object",
            "data:text/html",
            "<svg",
            "<math",
        ] {
            let at = lower.find(bad).unwrap_or(0);
            assert!(
                !lower.contains(bad),
                "{bad} survived in a page: {}",
                &page[at.saturating_sub(200)..(at + 100).min(page.len())]
            );
        }
    }
    let json = bob.get(&format!("/api/v1/posts/{id}")).await.json();
    for html in [
        &json["body_html"],
        &json["answers"][0]["body_html"],
        &json["comments"][0]["body_html"],
    ] {
        let html = html.as_str().unwrap_or("").to_lowercase();
        assert!(!html.is_empty());
        for bad in [
            "<script",
            "onerror",
            "onload",
            "javascript:",
            "<iframe",
            "<object",
            "data:text/html",
        ] {
            assert!(!html.contains(bad), "{bad} survived in {html}");
        }
    }
}

#[tokio::test]
async fn unanswered_questions_go_to_members_who_know_unless_they_mute_it() {
    let app = TestApp::spawn().await;
    let mut admin = app.admin().await;
    let res = admin
        .post_json("/api/v1/skills", json!({"name": "Kubernetes"}))
        .await;
    assert_status(&res, StatusCode::CREATED, "skill");
    let mut ana = app.member("Ana Silva").await;
    let kim = app.member("Kim Expert").await;
    let lee = app.member("Lee Muted").await;
    let novice = app.member("Nov Ice").await;
    for (client, level) in [(&kim, 5), (&lee, 4), (&novice, 1)] {
        let id = client.id().await;
        let res = client
            .patch_json(
                &format!("/api/v1/members/{id}"),
                json!({"skills": [{"skill": "Kubernetes", "level": level}]}),
            )
            .await;
        assert_status(&res, StatusCode::OK, "skills");
    }
    sqlx::query("INSERT INTO member_settings (user_id, mute_question_routing) VALUES ($1, 1)")
        .bind(lee.id().await)
        .execute(&app.db.pool)
        .await
        .expect("mute");
    let q = publish(&mut ana, json!({"kind": "question", "title": "Why do my pods restart?", "body": "OOMKilled.", "tags": ["kubernetes"]})).await;
    let res = ana
        .post("/api/v1/questions/route-unanswered?older_than_hours=0")
        .await;
    assert_status(&res, StatusCode::FORBIDDEN, "members cannot trigger it");
    let res = admin
        .post("/api/v1/questions/route-unanswered?older_than_hours=0")
        .await;
    assert_status(&res, StatusCode::OK, "route");
    let routed = res.json();
    assert_eq!(routed.as_array().map(Vec::len), Some(1), "{routed}");
    assert_eq!(routed[0]["user_id"], kim.id().await);
    assert_eq!(routed[0]["post_id"], q["id"]);
    let heard = notified(&kim, "knowledge.route").await;
    assert!(heard[0].contains("level 5 in Kubernetes"), "{heard:?}");
    let home = kim.get("/").await.text;
    assert!(
        home.contains("Questions you may be able to answer")
            && home.contains("Why do my pods restart?")
    );
    assert!(
        !lee.get("/")
            .await
            .text
            .contains("Questions you may be able to answer")
    );
    assert!(notified(&lee, "knowledge.route").await.is_empty(), "muted");
    assert!(
        notified(&novice, "knowledge.route").await.is_empty(),
        "level 1"
    );
    // Asked once only: a question is considered once, even when an expert joins later.
    let late = app.member("Lat Expert").await;
    let id = late.id().await;
    let res = late
        .patch_json(
            &format!("/api/v1/members/{id}"),
            json!({"skills": [{"skill": "Kubernetes", "level": 5}]}),
        )
        .await;
    assert_status(&res, StatusCode::OK, "skills");
    let res = admin
        .post("/api/v1/questions/route-unanswered?older_than_hours=0")
        .await;
    assert_eq!(res.json(), json!([]));
    // A new question reaches both experts.
    publish(&mut ana, json!({"kind": "question", "title": "Helm or Kustomize?", "body": "Which one?", "tags": ["kubernetes"]})).await;
    let res = admin
        .post("/api/v1/questions/route-unanswered?older_than_hours=0")
        .await;
    assert_eq!(
        res.json().as_array().map(Vec::len),
        Some(2),
        "kim and the late expert"
    );
}

#[tokio::test]
async fn search_answers_the_same_once_the_engine_has_statistics() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut ana = app.member("Ana Silva").await;
    let bob = app.member("Bob Stone").await;
    for n in 1..=24 {
        let body = if n % 8 == 0 {
            "Retro notes with a hansei section."
        } else {
            "Retro notes."
        };
        publish(
            &mut ana,
            json!({"kind": "article", "title": format!("Retro {n}"), "body": body}),
        )
        .await;
    }
    // With statistics, PostgreSQL searches rare words through its GIN index alone and common
    // ones by walking the newest posts (see knowledge/search.rs); the answers do not change.
    analyze(&app).await;
    assert_eq!(
        titles(&search(&bob, "q=hansei").await),
        ["Retro 24", "Retro 16", "Retro 8"]
    );
    let common = search(&bob, "q=retro").await;
    assert_eq!(titles(&common)[0], "Retro 24");
    assert_eq!(titles(&common).len(), 20);
    assert_eq!(
        titles(&search(&bob, "q=retro&page=2").await),
        ["Retro 4", "Retro 3", "Retro 2", "Retro 1"]
    );
    assert_eq!(titles(&search(&bob, "q=hansei+retro").await).len(), 3);
}

#[tokio::test]
async fn a_word_few_titles_hold_is_found_newest_first_once_the_engine_has_statistics() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut ana = app.member("Ana Silva").await;
    let bob = app.member("Bob Stone").await;
    // Two titles in 150 with "kaizen": too few to walk the newest posts for it, so PostgreSQL
    // asks its index for the newest blocks' titles with the word (see knowledge/search.rs).
    for n in 1..=150 {
        let title = match n {
            40 => "Kaizen board for the support team".to_string(),
            130 => "Our kaizen board, a year on".to_string(),
            _ => format!("Weekly note {n}"),
        };
        publish(
            &mut ana,
            json!({"kind": "article", "title": title, "body": "Notes from the week."}),
        )
        .await;
    }
    analyze(&app).await;
    let both = [
        "Our kaizen board, a year on",
        "Kaizen board for the support team",
    ];
    for query in ["q=kaizen", "q=kaiz", "q=kaizen+board", "q=board+kaiz"] {
        assert_eq!(titles(&search(&bob, query).await), both, "{query}");
    }
    assert_eq!(
        titles(&search(&bob, "q=kaizen+support").await),
        ["Kaizen board for the support team"]
    );
    assert_eq!(
        titles(&search(&bob, "q=weekly+note+77").await)[0],
        "Weekly note 77"
    );
}

#[tokio::test]
async fn a_word_only_in_an_old_body_is_found_among_many_titles_with_the_other_word() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut ana = app.member("Ana Silva").await;
    let bob = app.member("Bob Stone").await;
    // Before statistics, PostgreSQL expects every word in every title, so the first statement
    // holds the titles' round alone; it finds nothing with both words and the search must ask
    // again with every round (see pg_ranking in knowledge/search.rs).
    for n in 1..=120 {
        let body = if n == 5 {
            "Notes from the week, with the pagoda diagram."
        } else {
            "Notes from the week."
        };
        publish(
            &mut ana,
            json!({"kind": "article", "title": format!("Weekly note {n}"), "body": body}),
        )
        .await;
    }
    for query in ["q=weekly+pagoda", "q=pagoda", "q=note+pagod"] {
        assert_eq!(
            titles(&search(&bob, query).await),
            ["Weekly note 5"],
            "{query}"
        );
    }
    let weekly = search(&bob, "q=weekly").await;
    assert_eq!(titles(&weekly)[0], "Weekly note 120");
    assert_eq!(weekly["next_page"], 2);
}

#[tokio::test]
async fn many_private_matches_neither_leak_nor_shorten_an_outsiders_page() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut ana = app.member("Ana Silva").await;
    let mut bob = app.member("Bob Stone").await;
    let out = app.member("Otto Outsider").await;
    for n in 1..=25 {
        let who = if n % 5 == 0 { &mut bob } else { &mut ana };
        publish(
            who,
            json!({"kind": "article", "title": format!("Retro public {n}"), "body": "Notes."}),
        )
        .await;
    }
    let res = ana
        .post_json(
            "/api/v1/communities",
            json!({"name": "Board", "description": "", "visibility": "private"}),
        )
        .await;
    assert_status(&res, StatusCode::CREATED, "community");
    let community = res.json()["id"].as_i64().expect("community id");
    // Newer than every public one: on PostgreSQL they fill the first matches the index ranks,
    // and the page must be made of what comes after them.
    for n in 1..=40 {
        publish(
            &mut ana,
            json!({"kind": "article", "title": format!("Retro secret {n}"), "body": "Notes.", "community_id": community}),
        )
        .await;
    }
    let first = search(&out, "q=retro").await;
    let expected: Vec<String> = (6..=25)
        .rev()
        .map(|n| format!("Retro public {n}"))
        .collect();
    assert_eq!(titles(&first), expected);
    assert_eq!(first["next_page"], 2);
    let second = search(&out, "q=retro&page=2").await;
    assert_eq!(
        titles(&second),
        [
            "Retro public 5",
            "Retro public 4",
            "Retro public 3",
            "Retro public 2",
            "Retro public 1"
        ]
    );
    assert!(second["next_page"].is_null());
    // A filter that is not an index word (the author) still pages through every match.
    let bob_id = first["items"][0]["author"]["id"]
        .as_i64()
        .expect("author id");
    assert_eq!(
        titles(&search(&out, &format!("q=retro&author={bob_id}")).await),
        [
            "Retro public 25",
            "Retro public 20",
            "Retro public 15",
            "Retro public 10",
            "Retro public 5"
        ]
    );
    // The member sees the secret ones first.
    assert_eq!(titles(&search(&ana, "q=retro").await)[0], "Retro secret 40");
}
