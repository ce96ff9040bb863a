//! Communities: creating one, joining, asking and answering, invitations, roles, leaving; a
//! private community's invisibility to everyone outside it; suggested communities; the demo's.

use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::Row;

use crate::kit::{Client, Response, TestApp};

/// Creates a community through the API; returns its JSON.
async fn create(client: &mut Client, name: &str, visibility: &str) -> Value {
    let res = client
        .post_json(
            "/api/v1/communities",
            json!({"name": name, "description": format!("All about **{name}**."), "visibility": visibility}),
        )
        .await;
    assert_eq!(res.status, StatusCode::CREATED, "{name}: {}", res.text);
    res.json()
}

fn api(community: &Value, rest: &str) -> String {
    format!("/api/v1/communities/{}{rest}", community["id"])
}

fn page(community: &Value) -> String {
    format!("/communities/{}", community["slug"].as_str().expect("slug"))
}

async fn notifications(client: &Client) -> Vec<Value> {
    let res = client.get("/api/v1/notifications").await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    res.json()["items"].as_array().cloned().unwrap_or_default()
}

/// The notifications of one kind.
async fn notified(client: &Client, kind: &str) -> Vec<String> {
    notifications(client)
        .await
        .iter()
        .filter(|n| n["kind"] == kind)
        .map(|n| n["message"].as_str().unwrap_or("").to_string())
        .collect()
}

/// Every notification's message and link, for "nothing names it" checks.
async fn everything_notified(client: &Client) -> String {
    notifications(client)
        .await
        .iter()
        .map(|n| format!("{} {}", n["message"], n["link"]))
        .collect::<Vec<_>>()
        .join("\n")
}

async fn list(client: &Client, query: &str) -> Value {
    let res = client.get(&format!("/api/v1/communities{query}")).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    res.json()
}

fn names(list: &Value) -> Vec<String> {
    list["items"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|c| c["name"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn assert_status(res: &Response, status: StatusCode, what: &str) {
    assert_eq!(res.status, status, "{what}: {}", res.text);
}

async fn connect(a: &mut Client, b: &mut Client) {
    let (a_id, b_id) = (a.id().await, b.id().await);
    let res = a
        .post_json("/api/v1/connections", json!({"user_id": b_id}))
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    let res = b.post(&format!("/api/v1/connections/{a_id}/accept")).await;
    assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text);
}

#[tokio::test]
async fn members_create_communities_and_bad_fields_are_named() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut ana = app.member("Ana Owner").await;
    let ana_id = ana.id().await;

    let open = create(&mut ana, "Rust guild", "open").await;
    assert_eq!(open["visibility"], "open");
    assert_eq!(open["my_role"], "owner");
    assert_eq!(open["member_count"], 1);
    assert_eq!(open["slug"], format!("{}-rust-guild", open["id"]));
    assert_eq!(open["permissions"]["manage"], true);
    assert_eq!(open["leaders"][0]["id"], ana_id);
    assert!(
        open["description_html"]
            .as_str()
            .is_some_and(|h| h.contains("<strong>Rust guild</strong>")),
        "{open}"
    );
    let by_request = create(&mut ana, "Security champions", "request").await;
    assert_eq!(by_request["visibility"], "request");
    let private = create(&mut ana, "Reorg working group", "private").await;
    assert_eq!(private["visibility"], "private");
    assert_eq!(private["my_role"], "owner");

    // The API names the field at fault.
    for (body, field) in [
        (json!({"visibility": "open"}), "name"),
        (json!({"name": "  ", "visibility": "open"}), "name"),
        (
            json!({"name": "x".repeat(81), "visibility": "open"}),
            "name",
        ),
        (
            json!({"name": "Fine", "visibility": "secret"}),
            "visibility",
        ),
        (json!({"name": "Fine"}), "visibility"),
        (
            json!({"name": "Fine", "visibility": "open", "description": "d".repeat(5001)}),
            "description",
        ),
        (json!({"name": "rust GUILD", "visibility": "open"}), "name"),
    ] {
        let res = ana.post_json("/api/v1/communities", body.clone()).await;
        assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, &body.to_string());
        assert_eq!(res.error_field(), field, "{body}");
    }
    assert_eq!(list(&ana, "").await["total"], 3, "nothing half-created");

    // The HTML form comes back with the message beside the field and what was typed.
    let form = ana.get("/communities/new").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(
        form.text
            .contains("name=\"visibility\" value=\"open\" checked")
    );
    let res = ana
        .submit(
            "/communities/new",
            &[
                ("name", ""),
                ("description", "Typed *carefully*"),
                ("visibility", "request"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text.contains("give the community a name"),
        "{}",
        res.text
    );
    assert!(res.text.contains("id=\"community-name-error\""));
    assert!(
        res.text.contains("Typed *carefully*"),
        "kept the description"
    );
    assert!(
        res.text.contains("value=\"request\" checked"),
        "kept the choice"
    );
    let long = "y".repeat(90);
    let res = ana
        .submit(
            "/communities/new",
            &[("name", long.as_str()), ("visibility", "open")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text.contains("use at most 80 characters (this has 90)"));
    assert!(res.text.contains(&long), "kept the name");

    // A good form creates it, and the page renders the Markdown sanitized.
    let res = ana
        .submit(
            "/communities/new",
            &[
                ("name", "Data & analytics"),
                (
                    "description",
                    "**Dashboards** and models <script>alert(1)</script>",
                ),
                ("visibility", "open"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let location = res.location.clone().unwrap_or_default();
    assert!(location.contains("-data-analytics"), "{location}");
    let res = ana.get(&location).await;
    assert_eq!(res.status, StatusCode::OK);
    assert!(res.text.contains("<strong>Dashboards</strong>"));
    assert!(!res.text.contains("<script>alert(1)"));
    assert!(res.text.contains("Community created"));
    assert_eq!(list(&ana, "").await["total"], 4);

    // A community is addressed by its id or its slug; a slug made before a rename still works.
    let by_id = ana.get(&api(&open, "")).await.json();
    let by_slug = ana
        .get(&format!(
            "/api/v1/communities/{}",
            open["slug"].as_str().unwrap_or("")
        ))
        .await
        .json();
    assert_eq!(by_id["id"], by_slug["id"]);
    let renamed = ana
        .patch_json(&api(&open, ""), json!({"name": "Rustaceans"}))
        .await;
    assert_status(&renamed, StatusCode::OK, "rename");
    assert_eq!(renamed.json()["slug"], format!("{}-rustaceans", open["id"]));
    assert_eq!(renamed.json()["visibility"], "open", "left out, so kept");
    assert_eq!(ana.get(&page(&open)).await.status, StatusCode::OK);
}

#[tokio::test]
async fn anyone_joins_an_open_community_and_sees_its_members() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut ana = app.member("Ana Owner").await;
    let bob = app.member("Bob Joiner").await;
    let cai = app.member("Cai Onlooker").await;
    let bob_id = bob.id().await;
    let open = create(&mut ana, "Rust guild", "open").await;
    let by_request = create(&mut ana, "Security champions", "request").await;

    let before = list(&bob, "").await;
    assert_eq!(before["items"][0]["name"], "Rust guild");
    assert_eq!(before["items"][0]["joined"], false);
    assert_eq!(before["items"][0]["summary"], "All about Rust guild.");

    let res = bob.post(&api(&open, "/join")).await;
    assert_status(&res, StatusCode::OK, "join");
    assert_eq!(res.json()["my_role"], "member");
    assert_eq!(res.json()["member_count"], 2);
    assert_eq!(
        bob.post(&api(&open, "/join")).await.status,
        StatusCode::CONFLICT,
        "already a member"
    );
    let res = bob.post(&api(&by_request, "/join")).await;
    assert_status(
        &res,
        StatusCode::CONFLICT,
        "a by-request community takes requests",
    );
    assert!(res.text.contains("ask to join"), "{}", res.text);

    let mine = list(&bob, "?filter=mine").await;
    assert_eq!(names(&mine), vec!["Rust guild"]);
    assert_eq!(mine["total"], 1);
    assert_eq!(mine["items"][0]["joined"], true);
    assert_eq!(names(&list(&bob, "?q=GUILD").await), vec!["Rust guild"]);
    assert_eq!(list(&bob, "?q=guild%25").await["total"], 0, "% is a letter");
    let res = bob.get("/api/v1/communities?filter=everything").await;
    assert_eq!(res.error_field(), "filter");

    // Everyone sees an open community's members; only members see a by-request one's.
    let members = cai.get(&api(&open, "/members")).await;
    assert_status(&members, StatusCode::OK, "open members");
    let members = members.json();
    assert_eq!(members["total"], 2);
    assert_eq!(members["items"][0]["role"], "owner", "owners first");
    assert_eq!(members["items"][1]["id"], bob_id);
    assert!(cai.get(&page(&open)).await.text.contains("Bob Joiner"));
    assert_eq!(
        cai.get(&api(&by_request, "/members")).await.status,
        StatusCode::FORBIDDEN
    );
    let request_page = cai.get(&page(&by_request)).await;
    assert!(request_page.text.contains("Only members see who"));
    assert!(
        request_page.text.contains("Ana Owner"),
        "its owner is shown"
    );

    // The page's button joins without JavaScript.
    let mut cai = cai;
    let res = cai.submit(&format!("{}/join", page(&open)), &[]).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    assert_eq!(cai.get(&api(&open, "")).await.json()["member_count"], 3);

    assert_eq!(
        bob.post(&api(&open, "/leave")).await.status,
        StatusCode::NO_CONTENT
    );
    let after = bob.get(&api(&open, "")).await.json();
    assert_eq!(after["member_count"], 2);
    assert!(after["my_role"].is_null());
    assert_eq!(
        bob.post(&api(&open, "/leave")).await.status,
        StatusCode::CONFLICT,
        "not a member any more"
    );
}

#[tokio::test]
async fn requests_are_approved_or_declined_and_the_requester_hears() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut ana = app.member("Ana Owner").await;
    let mut mo = app.member("Mo Moderator").await;
    let mut bob = app.member("Bob Asker").await;
    let mut cai = app.member("Cai Asker").await;
    let mut dee = app.member("Dee Asker").await;
    let (mo_id, bob_id) = (mo.id().await, bob.id().await);
    let c = create(&mut ana, "Security champions", "request").await;

    // Mo asks, Ana approves and makes Mo a moderator.
    let res = mo.post_json(&api(&c, "/requests"), json!({})).await;
    assert_status(&res, StatusCode::CREATED, "request");
    assert_eq!(res.json()["request_pending"], true);
    assert_eq!(res.json()["permissions"]["request"], false);
    let requests = ana.get(&api(&c, "/requests")).await.json();
    let mo_request = requests[0]["id"].as_i64().expect("request id");
    assert_eq!(requests[0]["user_id"], mo_id);
    assert_eq!(
        ana.post(&api(&c, &format!("/requests/{mo_request}/approve")))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let res = ana
        .put_json(
            &api(&c, &format!("/members/{mo_id}/role")),
            json!({"role": "moderator"}),
        )
        .await;
    assert_status(&res, StatusCode::NO_CONTENT, "make moderator");

    // Bob asks with a message; the owner and the moderator hear, with the message.
    let res = bob
        .post_json(
            &api(&c, "/requests"),
            json!({"message": "I run our threat-modelling sessions"}),
        )
        .await;
    assert_status(&res, StatusCode::CREATED, "request with message");
    for leader in [&ana, &mo] {
        let heard = notified(leader, "community.request").await;
        assert!(
            heard.iter().any(|m| m.contains("Bob Asker")
                && m.contains("Security champions")
                && m.contains("threat-modelling")),
            "{heard:?}"
        );
    }
    let again = bob.post_json(&api(&c, "/requests"), json!({})).await;
    assert_status(&again, StatusCode::CONFLICT, "one pending request");
    let res = cai
        .post_json(&api(&c, "/requests"), json!({"message": "m".repeat(501)}))
        .await;
    assert_status(&res, StatusCode::UNPROCESSABLE_ENTITY, "long message");
    assert_eq!(res.error_field(), "message");

    // Only owners and moderators see and answer requests.
    let bob_request = ana.get(&api(&c, "/requests")).await.json()[0]["id"]
        .as_i64()
        .expect("id");
    assert_eq!(
        cai.get(&api(&c, "/requests")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        cai.post(&api(&c, &format!("/requests/{bob_request}/approve")))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    // The moderator approves; Bob hears and now sees the members.
    assert_eq!(
        bob.get(&api(&c, "/members")).await.status,
        StatusCode::FORBIDDEN,
        "not yet a member"
    );
    assert_eq!(
        mo.post(&api(&c, &format!("/requests/{bob_request}/approve")))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let heard = notified(&bob, "community.approved").await;
    assert!(
        heard.iter().any(|m| m.contains("Security champions")),
        "{heard:?}"
    );
    let now_member = bob.get(&api(&c, "")).await.json();
    assert_eq!(now_member["my_role"], "member");
    assert_eq!(now_member["member_count"], 3);
    let members = bob.get(&api(&c, "/members")).await;
    assert_status(&members, StatusCode::OK, "members");
    assert!(members.text.contains("Mo Moderator"));
    assert_eq!(
        mo.post(&api(&c, &format!("/requests/{bob_request}/approve")))
            .await
            .status,
        StatusCode::CONFLICT,
        "already answered"
    );

    // A plain member cannot approve.
    dee.post_json(&api(&c, "/requests"), json!({})).await;
    let dee_request = ana.get(&api(&c, "/requests")).await.json()[0]["id"]
        .as_i64()
        .expect("id");
    assert_eq!(
        bob.post(&api(&c, &format!("/requests/{dee_request}/approve")))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        bob.get(&api(&c, "/requests")).await.status,
        StatusCode::FORBIDDEN
    );

    // Declined through the page: Dee hears, and is not a member.
    let res = ana
        .submit(&format!("{}/requests/{dee_request}/decline", page(&c)), &[])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let heard = notified(&dee, "community.declined").await;
    assert!(
        heard.iter().any(|m| m.contains("Security champions")),
        "{heard:?}"
    );
    assert!(dee.get(&api(&c, "")).await.json()["my_role"].is_null());
    assert_eq!(
        ana.post(&api(&c, &format!("/requests/{dee_request}/approve")))
            .await
            .status,
        StatusCode::CONFLICT
    );
    assert_eq!(
        ana.post(&api(&c, "/requests/999999/approve")).await.status,
        StatusCode::NOT_FOUND
    );

    // The page's request form comes back with the message beside the field, text kept.
    let long = "z".repeat(600);
    let res = cai
        .submit(&format!("{}/request", page(&c)), &[("message", &long)])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text.contains("id=\"request-message-error\""),
        "{}",
        res.text
    );
    assert!(res.text.contains(&long));
    let res = cai
        .submit(&format!("{}/request", page(&c)), &[("message", "Please")])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let moderator_page = mo.get(&page(&c)).await;
    assert!(moderator_page.text.contains("Cai Asker") && moderator_page.text.contains("Approve"));
    let owners_and_bob = ana.get(&api(&c, "/members")).await.json();
    assert!(owners_and_bob.to_string().contains(&bob_id.to_string()));
}

#[tokio::test]
async fn a_private_community_is_invisible_to_everyone_outside_it() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let mut ana = app.member("Ana Owner").await;
    let bob = app.member("Bob Invitee").await;
    let mut cai = app.member("Cai Outsider").await;
    let (ana_id, bob_id, cai_id) = (ana.id().await, bob.id().await, cai.id().await);
    let secret_name = "Project Nightingale";
    let private = create(&mut ana, secret_name, "private").await;
    let open = create(&mut ana, "Rust guild", "open").await;
    create(&mut ana, "Security champions", "request").await;

    // Its members see it in their list and counts.
    let own = list(&ana, "").await;
    assert_eq!(own["total"], 3);
    assert!(names(&own).contains(&secret_name.to_string()));

    // Everyone else, the admin included: not listed, not counted, not found.
    let missing = ana.get("/api/v1/communities/999999").await;
    for outsider in [&bob, &cai, &admin] {
        let seen = list(outsider, "").await;
        assert_eq!(seen["total"], 2, "{seen}");
        assert!(!names(&seen).contains(&secret_name.to_string()));
        assert_eq!(list(outsider, "?q=nightingale").await["total"], 0);
        assert_eq!(list(outsider, "?filter=mine").await["total"], 0);
        let by_id = outsider.get(&api(&private, "")).await;
        assert_eq!(by_id.status, StatusCode::NOT_FOUND);
        assert_eq!(
            by_id.text, missing.text,
            "looks like a community that does not exist"
        );
        for path in [
            format!(
                "/api/v1/communities/{}",
                private["slug"].as_str().unwrap_or("")
            ),
            api(&private, "/members"),
            api(&private, "/requests"),
        ] {
            assert_eq!(
                outsider.get(&path).await.status,
                StatusCode::NOT_FOUND,
                "{path}"
            );
        }
        assert_eq!(
            outsider.get(&page(&private)).await.status,
            StatusCode::NOT_FOUND
        );
        let mut outsider = outsider.clone();
        for path in [
            "/join",
            "/leave",
            "/invitations/accept",
            "/invitations/decline",
        ] {
            let res = outsider.post(&api(&private, path)).await;
            assert_eq!(res.status, StatusCode::NOT_FOUND, "{path}");
        }
        let res = outsider
            .post_json(&api(&private, "/requests"), json!({}))
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        let res = outsider
            .patch_json(&api(&private, ""), json!({"name": "Mine now"}))
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        let res = outsider
            .post_json(&api(&private, "/invitations"), json!({"user_id": cai_id}))
            .await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);
        assert_eq!(
            outsider
                .delete(&api(&private, &format!("/members/{ana_id}")))
                .await
                .status,
            StatusCode::NOT_FOUND
        );
        let html = outsider.get("/communities").await;
        assert_eq!(html.status, StatusCode::OK);
        assert!(!html.text.contains(secret_name));
        assert!(html.text.contains("2 communities"), "the page's count too");
    }
    // Its name does not block another community's: refusing it would reveal it.
    let res = cai
        .post_json(
            "/api/v1/communities",
            json!({"name": "project nightingale", "visibility": "open"}),
        )
        .await;
    assert_status(&res, StatusCode::CREATED, "same name as a hidden community");
    let decoy = res.json();
    assert_eq!(
        cai.delete(&api(&decoy, "")).await.status,
        StatusCode::NO_CONTENT
    );

    // An invitation: the invitee alone hears its name, and may look at it to answer.
    let res = ana
        .post_json(&api(&private, "/invitations"), json!({"user_id": bob_id}))
        .await;
    assert_status(&res, StatusCode::NO_CONTENT, "invite");
    let res = ana
        .post_json(&api(&private, "/invitations"), json!({"user_id": bob_id}))
        .await;
    assert_status(&res, StatusCode::CONFLICT, "already invited");
    let res = ana
        .post_json(&api(&private, "/invitations"), json!({"user_id": 999999}))
        .await;
    assert_eq!(res.error_field(), "user_id");
    let heard = notified(&bob, "community.invited").await;
    assert!(heard.iter().any(|m| m.contains(secret_name)), "{heard:?}");
    let invitations = bob.get("/api/v1/communities/invitations").await.json();
    assert_eq!(invitations[0]["name"], secret_name);
    assert_eq!(invitations[0]["visibility"], "private");
    let seen = bob.get(&api(&private, "")).await;
    assert_status(&seen, StatusCode::OK, "the invitee sees it to answer");
    assert_eq!(seen.json()["invited"], true);
    assert_eq!(seen.json()["permissions"]["see_members"], false);
    assert_eq!(seen.json()["leaders"], json!([]), "not who is in it");
    assert_eq!(
        bob.get(&api(&private, "/members")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        list(&bob, "").await["total"],
        2,
        "not listed until accepted"
    );
    let invitee_page = bob.get("/communities").await;
    assert!(
        invitee_page.text.contains("Invitations for you")
            && invitee_page.text.contains(secret_name)
    );

    // Accepted: a member now, who sees it everywhere; whoever invited hears.
    let res = bob.post(&api(&private, "/invitations/accept")).await;
    assert_status(&res, StatusCode::OK, "accept");
    assert_eq!(res.json()["my_role"], "member");
    assert_eq!(res.json()["member_count"], 2);
    assert_eq!(list(&bob, "").await["total"], 3);
    assert!(names(&list(&bob, "?filter=mine").await).contains(&secret_name.to_string()));
    let members = bob.get(&api(&private, "/members")).await;
    assert_status(&members, StatusCode::OK, "members");
    assert_eq!(members.json()["total"], 2);
    assert!(
        notified(&ana, "community.joined")
            .await
            .iter()
            .any(|m| m.contains("Bob Invitee"))
    );
    assert_eq!(
        bob.post(&api(&private, "/invitations/accept")).await.status,
        StatusCode::CONFLICT
    );

    // Declining an invitation makes it disappear again.
    let res = ana
        .post_json(&api(&private, "/invitations"), json!({"user_id": cai_id}))
        .await;
    assert_status(&res, StatusCode::NO_CONTENT, "invite cai");
    assert_eq!(cai.get(&api(&private, "")).await.status, StatusCode::OK);
    assert_eq!(
        cai.post(&api(&private, "/invitations/decline"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(
        cai.get(&api(&private, "")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        cai.get("/api/v1/communities/invitations").await.json(),
        json!([])
    );

    // Nobody outside ever got a notification naming it; a removed member is not told its name.
    assert!(!everything_notified(&admin).await.contains("Nightingale"));
    let res = ana
        .delete(&api(&private, &format!("/members/{bob_id}")))
        .await;
    assert_status(&res, StatusCode::NO_CONTENT, "remove");
    let removed = notified(&bob, "community.removed").await;
    assert_eq!(removed.len(), 1);
    assert!(!removed[0].contains(secret_name), "{removed:?}");
    assert_eq!(
        bob.get(&api(&private, "")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(list(&bob, "").await["total"], 2);

    // Made private later, an open community disappears the same way.
    let res = ana
        .patch_json(&api(&open, ""), json!({"visibility": "private"}))
        .await;
    assert_status(&res, StatusCode::OK, "make private");
    assert_eq!(cai.get(&api(&open, "")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(list(&cai, "").await["total"], 1);
}

#[tokio::test]
async fn the_last_owner_cannot_leave_and_only_owners_change_roles() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut ana = app.member("Ana Owner").await;
    let mut bob = app.member("Bob Member").await;
    let mut cai = app.member("Cai Member").await;
    let mut dee = app.member("Dee Member").await;
    let (ana_id, bob_id, cai_id, dee_id) = (
        ana.id().await,
        bob.id().await,
        cai.id().await,
        dee.id().await,
    );
    let c = create(&mut ana, "Rust guild", "open").await;
    for member in [&mut bob, &mut cai, &mut dee] {
        assert_eq!(member.post(&api(&c, "/join")).await.status, StatusCode::OK);
    }

    // The last owner cannot leave, by the API or the page; the message says what to do.
    let res = ana.post(&api(&c, "/leave")).await;
    assert_status(&res, StatusCode::CONFLICT, "last owner leaves");
    assert!(
        res.json()["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("last owner") && m.contains("transfer ownership"))
    );
    let res = ana.submit(&format!("{}/leave", page(&c)), &[]).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(res.text.contains("transfer ownership"), "{}", res.text);
    let res = ana
        .put_json(
            &api(&c, &format!("/members/{ana_id}/role")),
            json!({"role": "member"}),
        )
        .await;
    assert_status(&res, StatusCode::CONFLICT, "last owner steps down");

    // A member changes nobody's role and removes nobody.
    let res = bob
        .put_json(
            &api(&c, &format!("/members/{bob_id}/role")),
            json!({"role": "owner"}),
        )
        .await;
    assert_status(&res, StatusCode::FORBIDDEN, "member promotes self");
    assert_eq!(
        bob.delete(&api(&c, &format!("/members/{cai_id}")))
            .await
            .status,
        StatusCode::FORBIDDEN
    );
    let res = bob
        .patch_json(&api(&c, ""), json!({"name": "Bob's guild"}))
        .await;
    assert_status(&res, StatusCode::FORBIDDEN, "member edits");

    // The owner makes Bob a moderator; he hears. A moderator removes plain members only.
    let res = ana
        .put_json(
            &api(&c, &format!("/members/{bob_id}/role")),
            json!({"role": "moderator"}),
        )
        .await;
    assert_status(&res, StatusCode::NO_CONTENT, "moderator");
    assert!(
        notified(&bob, "community.role")
            .await
            .iter()
            .any(|m| m.contains("a moderator of Rust guild"))
    );
    let res = ana
        .put_json(
            &api(&c, &format!("/members/{dee_id}/role")),
            json!({"role": "moderator"}),
        )
        .await;
    assert_status(&res, StatusCode::NO_CONTENT, "second moderator");
    let res = ana
        .put_json(
            &api(&c, &format!("/members/{dee_id}/role")),
            json!({"role": "boss"}),
        )
        .await;
    assert_eq!(res.error_field(), "role");
    assert_eq!(
        bob.delete(&api(&c, &format!("/members/{dee_id}")))
            .await
            .status,
        StatusCode::FORBIDDEN,
        "a moderator does not remove a moderator"
    );
    assert_eq!(
        bob.delete(&api(&c, &format!("/members/{ana_id}")))
            .await
            .status,
        StatusCode::FORBIDDEN,
        "nor an owner"
    );
    let res = bob
        .put_json(
            &api(&c, &format!("/members/{cai_id}/role")),
            json!({"role": "moderator"}),
        )
        .await;
    assert_status(
        &res,
        StatusCode::FORBIDDEN,
        "moderators do not change roles",
    );
    let res = bob.delete(&api(&c, &format!("/members/{cai_id}"))).await;
    assert_status(&res, StatusCode::NO_CONTENT, "moderator removes a member");
    assert!(
        notified(&cai, "community.removed")
            .await
            .iter()
            .any(|m| m.contains("Rust guild"))
    );
    assert_eq!(
        bob.delete(&api(&c, &format!("/members/{cai_id}")))
            .await
            .status,
        StatusCode::NOT_FOUND,
        "no longer a member"
    );
    let page_of_moderator = bob.get(&page(&c)).await.text;
    assert!(page_of_moderator.contains("Invite a member"));
    assert!(!page_of_moderator.contains(&format!("/members/{dee_id}/remove")));

    // Ownership is handed over through the page; then the old owner may leave.
    let res = ana
        .submit(
            &format!("{}/members/{dee_id}/role", page(&c)),
            &[("role", "owner")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    assert_eq!(
        ana.post(&api(&c, "/leave")).await.status,
        StatusCode::NO_CONTENT
    );
    let now = dee.get(&api(&c, "/members")).await.json();
    assert_eq!(now["total"], 2);
    assert_eq!(now["items"][0]["id"], dee_id);
    assert_eq!(now["items"][0]["role"], "owner");
    let res = dee
        .put_json(
            &api(&c, &format!("/members/{dee_id}/role")),
            json!({"role": "member"}),
        )
        .await;
    assert_status(&res, StatusCode::CONFLICT, "new last owner steps down");
    let res = dee
        .patch_json(&api(&c, ""), json!({"description": "Weekly *crab* talks"}))
        .await;
    assert_status(&res, StatusCode::OK, "owner edits");
    assert!(
        res.json()["description_html"]
            .as_str()
            .is_some_and(|h| h.contains("<em>crab</em>"))
    );
    let res = dee.patch_json(&api(&c, ""), json!({"name": ""})).await;
    assert_eq!(res.error_field(), "name");
    // The page's edit form, refused, keeps what was typed.
    let res = dee
        .submit(
            &format!("{}/edit", page(&c)),
            &[
                ("name", ""),
                ("description", "draft text"),
                ("visibility", "open"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text.contains("draft text") && res.text.contains("give the community a name"));
    assert_eq!(
        bob.get(&format!("{}/edit", page(&c))).await.status,
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn suggested_communities_follow_connections_and_never_show_private_or_joined_ones() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let mut viewer = app.member("Vic Viewer").await;
    let mut a = app.member("Amy Alpha").await;
    let mut b = app.member("Ben Beta").await;
    let mut c = app.member("Cora Gamma").await;
    let mut far = app.member("Fay Faraway").await;
    connect(&mut viewer, &mut a).await;
    connect(&mut viewer, &mut b).await;
    connect(&mut viewer, &mut c).await;

    let open = create(&mut a, "Kotlin circle", "open").await;
    b.post(&api(&open, "/join")).await;
    c.post(&api(&open, "/join")).await;
    let by_request = create(&mut a, "Hiring panel", "request").await;
    let private = create(&mut a, "Quiet room", "private").await;
    for member in [&b, &c] {
        let id = member.id().await;
        a.post_json(&api(&private, "/invitations"), json!({"user_id": id}))
            .await;
    }
    b.post(&api(&private, "/invitations/accept")).await;
    c.post(&api(&private, "/invitations/accept")).await;
    let joined = create(&mut a, "Book club", "open").await;
    b.post(&api(&joined, "/join")).await;
    viewer.post(&api(&joined, "/join")).await;
    create(&mut far, "Far away", "open").await;

    let res = viewer.get("/api/v1/communities/suggested").await;
    assert_status(&res, StatusCode::OK, "suggested");
    let suggested = res.json();
    let list = suggested.as_array().expect("list");
    let names: Vec<&str> = list
        .iter()
        .filter_map(|s| s["community"]["name"].as_str())
        .collect();
    assert_eq!(names.first(), Some(&"Kotlin circle"), "{suggested}");
    assert!(names.contains(&"Hiring panel"), "{suggested}");
    assert!(!names.contains(&"Quiet room"), "never a private community");
    assert!(!names.contains(&"Book club"), "never one already joined");
    let reasons = list[0]["reasons"].to_string();
    assert!(
        reasons.contains("3 of your connections are members")
            && reasons.contains("Amy Alpha")
            && reasons.contains("Ben Beta"),
        "{reasons}"
    );
    // Who is in a by-request community is said only as a number.
    let hiring = list
        .iter()
        .find(|s| s["community"]["name"] == "Hiring panel")
        .expect("hiring");
    assert_eq!(
        hiring["reasons"],
        json!(["1 of your connections is a member"])
    );
    assert_eq!(hiring["community"]["visibility"], "request");
    assert_eq!(hiring["community"]["member_count"], 1);

    // The page shows them; a request sent takes the community off the suggestions.
    let html = viewer.get("/communities").await.text;
    assert!(html.contains("Communities you may want to join") && html.contains("Kotlin circle"));
    assert!(html.contains("3 of your connections are members: "));
    assert!(!html.contains("Quiet room"));
    // The home page shows them too, with a dismiss button that takes one off for good.
    let home = viewer.get("/").await.text;
    assert!(home.contains("Communities you may want to join") && home.contains("Kotlin circle"));
    let res = viewer
        .submit(&format!("{}/dismiss", page(&by_request)), &[("back", "/")])
        .await;
    assert_status(&res, StatusCode::SEE_OTHER, "dismiss");
    assert!(!viewer.get("/").await.text.contains("Hiring panel"));
    let res = viewer.post(&api(&open, "/dismiss")).await;
    assert_status(&res, StatusCode::NO_CONTENT, "dismiss through the API");
    let res = viewer.post("/api/v1/communities/424242/dismiss").await;
    assert_status(&res, StatusCode::NOT_FOUND, "unknown community");
    let after = viewer.get("/api/v1/communities/suggested").await.json();
    assert!(
        after.as_array().is_some_and(|l| l
            .iter()
            .all(|s| s["community"]["name"] != "Hiring panel"
                && s["community"]["name"] != "Kotlin circle")),
        "dismissed: {after}"
    );
    viewer
        .post_json(&api(&by_request, "/requests"), json!({}))
        .await;
    viewer.post(&api(&open, "/join")).await;
    let after = viewer.get("/api/v1/communities/suggested").await.json();
    assert!(
        after.as_array().is_some_and(|l| l
            .iter()
            .all(|s| s["community"]["name"] != "Hiring panel"
                && s["community"]["name"] != "Kotlin circle")),
        "{after}"
    );
    assert_eq!(
        viewer
            .get("/api/v1/communities/suggested?limit=0")
            .await
            .error_field(),
        "limit"
    );
}

#[tokio::test]
async fn the_demo_fills_communities_with_members() {
    let app = TestApp::spawn().await;
    let sign_ins = grove::demo::load(&app.db, 300, 7).await.expect("demo");
    let db = &app.db.pool;
    let count = |sql: &'static str| async move {
        sqlx::query(sql)
            .fetch_one(db)
            .await
            .expect("count")
            .try_get::<i64, _>(0)
            .expect("int")
    };
    let communities = count("SELECT COUNT(*) FROM communities").await;
    assert!((6..=10).contains(&communities), "{communities} communities");
    assert!(count("SELECT COUNT(*) FROM community_members").await > 100);
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM communities c WHERE NOT EXISTS \
             (SELECT 1 FROM community_members m WHERE m.community_id = c.id AND m.role = 'owner')"
        )
        .await,
        0,
        "every community has an owner"
    );
    assert_eq!(
        count(
            "SELECT COUNT(*) FROM communities c WHERE c.member_count <> \
             (SELECT COUNT(*) FROM community_members m WHERE m.community_id = c.id)"
        )
        .await,
        0,
        "member counts are right"
    );
    for visibility in ["open", "request", "private"] {
        let n: i64 = sqlx::query("SELECT COUNT(*) FROM communities WHERE visibility = $1")
            .bind(visibility)
            .fetch_one(db)
            .await
            .expect("count")
            .try_get(0)
            .expect("int");
        assert!(n >= 1, "no {visibility} community");
    }

    let mut member = app.anonymous();
    member
        .sign_in(&sign_ins.member, grove::demo::DEMO_PASSWORD)
        .await;
    let private: i64 = count("SELECT COUNT(*) FROM communities WHERE visibility = 'private'").await;
    let member_id = member.id().await;
    let private_of_member: i64 = sqlx::query(
        "SELECT COUNT(*) FROM communities c JOIN community_members m ON m.community_id = c.id \
         WHERE c.visibility = 'private' AND m.user_id = $1",
    )
    .bind(member_id)
    .fetch_one(db)
    .await
    .expect("count")
    .try_get(0)
    .expect("int");
    let seen = list(&member, "?per_page=100").await;
    assert_eq!(
        seen["total"].as_i64(),
        Some(communities - private + private_of_member)
    );
    assert!(
        seen["items"]
            .as_array()
            .is_some_and(|items| items.iter().all(|c| c["member_count"].as_i64() > Some(1)))
    );
    let suggested = member.get("/api/v1/communities/suggested").await.json();
    assert!(
        suggested.as_array().is_some_and(|l| !l.is_empty()),
        "the demo member gets suggestions: {suggested}"
    );
    assert!(
        member
            .get("/communities")
            .await
            .text
            .contains("Communities you may want to join")
    );
}
