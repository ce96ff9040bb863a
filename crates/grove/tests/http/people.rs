//! Profiles, visibility and the directory.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::kit::{Client, TestApp};

/// Adds a taxonomy entry through the API and returns its id.
pub async fn create(admin: &mut Client, path: &str, body: Value) -> i64 {
    let res = admin.post_json(path, body).await;
    assert_eq!(res.status, StatusCode::CREATED, "{path}: {}", res.text);
    res.json()["id"].as_i64().expect("id")
}

#[tokio::test]
async fn a_member_fills_in_their_profile_and_others_see_it() {
    let app = TestApp::spawn().await;
    let mut admin = app.admin().await;
    let eng = create(
        &mut admin,
        "/api/v1/departments",
        json!({"name": "Engineering"}),
    )
    .await;
    create(
        &mut admin,
        "/api/v1/skills",
        json!({"name": "Rust", "category": "Engineering"}),
    )
    .await;
    create(
        &mut admin,
        "/api/v1/skills",
        json!({"name": "Public speaking"}),
    )
    .await;
    let curiosity = create(&mut admin, "/api/v1/values", json!({"name": "Curiosity"})).await;

    let ana = app.member("Ana Silva").await;
    let id = ana.id().await;
    let res = ana
        .patch_json(
            &format!("/api/v1/members/{id}"),
            json!({
                "title": "Senior Engineer", "pronouns": "she/her", "department_id": eng, "location": "Lisbon, Portugal",
                "time_zone": "Europe/Lisbon", "languages": ["Portuguese", "English"],
                "bio": "I build **payments**. <script>alert(1)</script>",
                "skills": [{"skill": "rust", "level": 5, "can_teach": true}, {"skill": "Public speaking", "level": 2, "wants_to_learn": true}],
                "interests": ["climbing"], "goals": ["Get better at public speaking"], "value_ids": [curiosity],
                "career": [{"title": "Engineer", "organization": "Acme", "start": "2019-02", "end": "2022-06"}],
                "mentoring": "mentor", "mentor_capacity": 2
            }),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);

    let bob = app.member("Bob Brown").await;
    let seen = bob.get(&format!("/api/v1/members/{id}")).await.json();
    assert_eq!(seen["restricted"], false);
    assert_eq!(seen["title"], "Senior Engineer");
    assert_eq!(seen["department"]["name"], "Engineering");
    assert_eq!(
        seen["skills"][0]["name"], "Rust",
        "strongest first; names resolve case-insensitively"
    );
    assert_eq!(seen["skills"][0]["can_teach"], true);
    assert_eq!(seen["values"][0]["name"], "Curiosity");
    assert_eq!(seen["career"][0]["end"], "2022-06");
    assert!(
        seen["email"].is_null(),
        "e-mail is for the member and admins"
    );
    let bio_html = seen["bio_html"].as_str().unwrap_or("");
    assert!(
        bio_html.contains("<strong>payments</strong>") && !bio_html.contains("<script"),
        "{bio_html}"
    );

    let page = bob.get(&format!("/people/{id}")).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        page.text.contains("Senior Engineer")
            && page.text.contains("Rust")
            && page.text.contains("Lisbon")
    );
    assert!(!page.text.contains("<script>alert(1)"));
}

#[tokio::test]
async fn nobody_edits_someone_elses_profile_but_an_admin() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let ana = app.member("Ana Silva").await;
    let mut bob = app.member("Bob Brown").await;
    let ana_id = ana.id().await;

    let res = bob
        .patch_json(
            &format!("/api/v1/members/{ana_id}"),
            json!({"title": "Intern"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = bob
        .submit(
            &format!("/people/{ana_id}/edit"),
            &[("name", "Ana"), ("title", "Intern")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(
        bob.get(&format!("/people/{ana_id}/edit")).await.status,
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        ana.get(&format!("/api/v1/members/{ana_id}")).await.json()["title"],
        ""
    );

    let res = admin
        .patch_json(
            &format!("/api/v1/members/{ana_id}"),
            json!({"title": "Staff Engineer"}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(
        ana.get(&format!("/api/v1/members/{ana_id}")).await.json()["title"],
        "Staff Engineer"
    );
}

#[tokio::test]
async fn bad_profile_input_names_the_field_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let mut admin = app.admin().await;
    create(&mut admin, "/api/v1/skills", json!({"name": "Rust"})).await;
    let ana = app.member("Ana Silva").await;
    let path = format!("/api/v1/members/{}", ana.id().await);
    let cases = [
        (
            json!({"skills": [{"skill": "Rust", "level": 9}]}),
            "skills[0].level",
        ),
        (
            json!({"skills": [{"skill": "Cobol", "level": 3}]}),
            "skills[0].skill",
        ),
        (
            json!({"skills": [{"skill": "Rust", "level": "high"}]}),
            "skills[0].level",
        ),
        (json!({"mentor_capacity": 50}), "mentor_capacity"),
        (json!({"mentoring": "sometimes"}), "mentoring"),
        (
            json!({"career": [{"title": "Dev", "start": "2020-13"}]}),
            "career[0].start",
        ),
        (json!({"department_id": 999}), "department_id"),
        (json!({"value_ids": [12345]}), "value_ids[0]"),
        (json!({"time_zone": "Lisbon; DROP TABLE"}), "time_zone"),
        (json!({"name": ""}), "name"),
        (json!({"favourite_colour": "green"}), "favourite_colour"),
    ];
    for (body, field) in cases {
        let mut with_title = body.clone();
        with_title["title"] = json!("Changed");
        let res = ana.patch_json(&path, with_title).await;
        assert!(res.status.is_client_error(), "{body}: {}", res.status);
        assert_eq!(res.error_field(), field, "{body}: {}", res.text);
    }
    assert_eq!(
        ana.get(&path).await.json()["title"],
        "",
        "a refused edit stores nothing"
    );
}

#[tokio::test]
async fn the_html_profile_form_comes_back_with_the_message_and_keeps_what_was_typed() {
    let app = TestApp::spawn().await;
    let mut admin = app.admin().await;
    create(&mut admin, "/api/v1/skills", json!({"name": "Rust"})).await;
    let mut ana = app.member("Ana Silva").await;
    let id = ana.id().await;
    let form = ana.get(&format!("/people/{id}/edit")).await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.text.contains("skill_name_0"));

    let res = ana
        .submit(
            &format!("/people/{id}/edit"),
            &[
                ("name", "Ana Silva"),
                ("title", "Engineer"),
                ("bio", "My long bio that must not be lost"),
                ("skill_name_0", "Haskell"),
                ("skill_level_0", "4"),
                ("mentoring", "none"),
                ("mentor_capacity", "0"),
                ("visibility", "organization"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text.contains("not in the organization"), "{}", res.text);
    assert!(res.text.contains("My long bio that must not be lost"));
    assert!(res.text.contains("value=\"Haskell\""));

    let res = ana
        .submit(
            &format!("/people/{id}/edit"),
            &[
                ("name", "Ana Silva"),
                ("title", "Engineer"),
                ("skill_name_0", "Rust"),
                ("skill_level_0", "4"),
                ("skill_teach_0", "true"),
                ("mentoring", "both"),
                ("mentor_capacity", "3"),
                ("visibility", "organization"),
                ("languages", "English, Portuguese"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text);
    let profile = ana.get(&format!("/api/v1/members/{id}")).await.json();
    assert_eq!(profile["skills"][0]["level"], 4);
    assert_eq!(profile["mentoring"], "both");
    assert_eq!(profile["languages"], json!(["English", "Portuguese"]));
}

#[tokio::test]
async fn a_connections_only_profile_is_a_name_card_to_strangers_and_hidden_from_search() {
    let app = TestApp::spawn().await;
    let _admin = app.admin().await;
    let ana = app.member("Ana Silva").await;
    let ana_id = ana.id().await;
    ana.patch_json(
        &format!("/api/v1/members/{ana_id}"),
        json!({"title": "Engineer", "bio": "Secret hobby: xylophone", "location": "Porto", "visibility": "connections"}),
    )
    .await;
    let mut bob = app.member("Bob Brown").await;

    let seen = bob.get(&format!("/api/v1/members/{ana_id}")).await.json();
    assert_eq!(seen["restricted"], true);
    assert_eq!(seen["title"], "Engineer");
    assert_eq!(seen["bio"], "");
    assert_eq!(seen["location"], "");
    let page = bob.get(&format!("/people/{ana_id}")).await;
    assert!(page.text.contains("connections only") && !page.text.contains("xylophone"));
    let found = bob.get("/api/v1/members?q=xylophone").await.json();
    assert_eq!(
        found["total"], 0,
        "search does not reveal what the profile hides"
    );
    assert_eq!(
        bob.get("/api/v1/members?q=ana").await.json()["total"],
        1,
        "the name card stays findable"
    );

    bob.post_json("/api/v1/connections", json!({"user_id": ana_id}))
        .await;
    let bob_id = bob.id().await;
    let mut ana = ana;
    assert_eq!(
        ana.post(&format!("/api/v1/connections/{bob_id}/accept"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let seen = bob.get(&format!("/api/v1/members/{ana_id}")).await.json();
    assert_eq!(seen["restricted"], false);
    assert_eq!(seen["bio"], "Secret hobby: xylophone");
    let _ = ana.submit("/logout", &[]).await;
}

#[tokio::test]
async fn the_directory_filters_sorts_and_pages() {
    let app = TestApp::spawn().await;
    let mut admin = app.admin().await;
    let eng = create(
        &mut admin,
        "/api/v1/departments",
        json!({"name": "Engineering"}),
    )
    .await;
    let fin = create(
        &mut admin,
        "/api/v1/departments",
        json!({"name": "Finance"}),
    )
    .await;
    create(&mut admin, "/api/v1/skills", json!({"name": "Kubernetes"})).await;
    create(
        &mut admin,
        "/api/v1/skills",
        json!({"name": "Financial modelling"}),
    )
    .await;
    let people = [
        (
            "Ana Silva",
            eng,
            "Kubernetes",
            5,
            "Portuguese",
            "Lisbon",
            "mentor",
        ),
        (
            "Bruno Costa",
            eng,
            "Kubernetes",
            2,
            "Portuguese",
            "Porto",
            "mentee",
        ),
        (
            "Chen Wei",
            fin,
            "Financial modelling",
            4,
            "Mandarin",
            "Singapore",
            "both",
        ),
        (
            "Dana Ávila",
            fin,
            "Financial modelling",
            3,
            "Spanish",
            "Madrid",
            "none",
        ),
    ];
    for (name, dept, skill, level, language, location, mentoring) in people {
        let c = app.member(name).await;
        let id = c.id().await;
        let res = c
            .patch_json(
                &format!("/api/v1/members/{id}"),
                json!({"department_id": dept, "skills": [{"skill": skill, "level": level}], "languages": [language],
                       "location": location, "mentoring": mentoring, "mentor_capacity": 1, "title": format!("{skill} person")}),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    }
    let names = |v: Value| -> Vec<String> {
        v["members"]
            .as_array()
            .map(|a| {
                a.iter()
                    .map(|m| m["name"].as_str().unwrap_or("").to_string())
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(
        names(
            admin
                .get(&format!("/api/v1/members?department_id={eng}"))
                .await
                .json()
        ),
        ["Ana Silva", "Bruno Costa"]
    );
    assert_eq!(
        names(
            admin
                .get("/api/v1/members?skill=kubernetes&min_level=4")
                .await
                .json()
        ),
        ["Ana Silva"]
    );
    assert_eq!(
        names(admin.get("/api/v1/members?language=Mandarin").await.json()),
        ["Chen Wei"]
    );
    assert_eq!(
        names(admin.get("/api/v1/members?location=Madrid").await.json()),
        ["Dana Ávila"]
    );
    assert_eq!(
        names(admin.get("/api/v1/members?can_mentor=true").await.json()),
        ["Ana Silva", "Chen Wei"]
    );
    assert_eq!(
        names(admin.get("/api/v1/members?q=kube").await.json()),
        ["Ana Silva", "Bruno Costa"],
        "prefix search on skills"
    );
    assert_eq!(
        names(admin.get("/api/v1/members?q=avila").await.json()),
        ["Dana Ávila"],
        "accents folded"
    );
    assert_eq!(
        names(admin.get("/api/v1/members?q=ana%20lisbon").await.json()),
        ["Ana Silva"],
        "every word must match"
    );
    assert_eq!(
        admin.get("/api/v1/members?skill=Cobol").await.json()["total"],
        0,
        "an unknown skill matches nobody"
    );

    let page1 = admin.get("/api/v1/members?per_page=2&page=1").await.json();
    let page3 = admin.get("/api/v1/members?per_page=2&page=3").await.json();
    assert_eq!(page1["total"], 5);
    assert_eq!(names(page1), ["Ada Admin", "Ana Silva"]);
    assert_eq!(names(page3), ["Dana Ávila"]);
    assert_eq!(
        names(
            admin
                .get("/api/v1/members?sort=newest&per_page=1")
                .await
                .json()
        ),
        ["Dana Ávila"]
    );

    assert_eq!(
        admin
            .get("/api/v1/members?per_page=1000")
            .await
            .error_field(),
        "per_page"
    );
    assert_eq!(
        admin
            .get("/api/v1/members?min_level=7&skill=Kubernetes")
            .await
            .error_field(),
        "min_level"
    );
    assert_eq!(
        admin.get("/api/v1/members?page=abc").await.error_field(),
        "page"
    );

    let html = admin
        .get(&format!("/people?department_id={fin}&can_mentor=true"))
        .await;
    assert_eq!(html.status, StatusCode::OK);
    assert!(
        html.text.contains("Chen Wei")
            && !html.text.contains("Dana Ávila")
            && !html.text.contains("Bruno Costa")
    );
    assert_eq!(
        app.anonymous().get("/api/v1/members").await.status,
        StatusCode::UNAUTHORIZED
    );
}

fn total(page: Value) -> i64 {
    page["total"].as_i64().unwrap_or(-1)
}

#[tokio::test]
async fn the_directory_shows_each_change_at_once() {
    let app = TestApp::spawn().await;
    let mut admin = app.admin().await;
    create(&mut admin, "/api/v1/skills", json!({"name": "Kubernetes"})).await;
    let eng = create(
        &mut admin,
        "/api/v1/departments",
        json!({"name": "Engineering"}),
    )
    .await;
    let ana = app.member("Ana Silva").await;
    let ana_id = ana.id().await;
    // The directory has answered (and built its index) before the changes below.
    assert_eq!(total(admin.get("/api/v1/members").await.json()), 2);
    create(&mut admin, "/api/v1/skills", json!({"name": "Terraform"})).await;

    let res = ana
        .patch_json(
            &format!("/api/v1/members/{ana_id}"),
            json!({"title": "Platform engineer", "department_id": eng, "location": "Lisbon", "languages": ["Portuguese"],
                   "skills": [{"skill": "Kubernetes", "level": 4}, {"skill": "Terraform", "level": 2}], "bio": "I juggle.",
                   "mentoring": "mentor", "mentor_capacity": 1}),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text);
    for query in [
        "q=platf",
        "q=juggle",
        "q=lisbon%20kube",
        "skill=Kubernetes&min_level=4",
        "skill=terraform",
        "language=Portuguese",
        "location=Lisbon",
        "can_mentor=true",
    ] {
        let found = ana.get(&format!("/api/v1/members?{query}")).await.json();
        assert_eq!(
            total(found.clone()),
            1,
            "{query}: the edit is found at once"
        );
        assert_eq!(found["members"][0]["name"], "Ana Silva");
    }
    let card = &ana
        .get(&format!("/api/v1/members?department_id={eng}"))
        .await
        .json()["members"][0];
    assert_eq!(card["top_skills"], json!(["Kubernetes", "Terraform"]));
    assert_eq!(card["department"], "Engineering");

    let _bruno = app.member("Bruno Costa").await;
    assert_eq!(
        total(admin.get("/api/v1/members?q=bruno").await.json()),
        1,
        "a new member is listed at once"
    );

    assert_eq!(
        admin
            .post(&format!("/api/v1/members/{ana_id}/deactivate"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    assert_eq!(total(admin.get("/api/v1/members?q=ana").await.json()), 0);
    assert_eq!(total(admin.get("/api/v1/members").await.json()), 2);
    admin
        .post(&format!("/api/v1/members/{ana_id}/reactivate"))
        .await;
    assert_eq!(total(admin.get("/api/v1/members?q=ana").await.json()), 1);

    // Renaming a department renames it on every card.
    admin
        .put_json(
            &format!("/api/v1/departments/{eng}"),
            json!({"name": "Platform"}),
        )
        .await;
    let card = &admin.get("/api/v1/members?q=ana").await.json()["members"][0];
    assert_eq!(card["department"], "Platform");
    admin.delete(&format!("/api/v1/departments/{eng}")).await;
    assert_eq!(
        total(
            admin
                .get(&format!("/api/v1/members?department_id={eng}"))
                .await
                .json()
        ),
        0
    );
}

#[tokio::test]
async fn a_connections_only_member_is_never_found_by_what_they_hide() {
    let app = TestApp::spawn().await;
    let mut admin = app.admin().await;
    create(
        &mut admin,
        "/api/v1/skills",
        json!({"name": "Cryptography"}),
    )
    .await;
    let ana = app.member("Ana Silva").await;
    let ana_id = ana.id().await;
    let mut bob = app.member("Bob Brown").await;
    let carla = app.member("Carla Dias").await;
    assert_eq!(total(bob.get("/api/v1/members").await.json()), 4);
    ana.patch_json(
        &format!("/api/v1/members/{ana_id}"),
        json!({"title": "Analyst", "skills": [{"skill": "Cryptography", "level": 5}], "languages": ["Twi"],
               "location": "Accra", "bio": "Secret hobby: xylophone", "visibility": "connections",
               "mentoring": "mentor", "mentor_capacity": 2}),
    )
    .await;
    let bob_id = bob.id().await;
    bob.post_json("/api/v1/connections", json!({"user_id": ana_id}))
        .await;
    ana.post(&format!("/api/v1/connections/{bob_id}/accept"))
        .await;
    assert_eq!(
        bob.get(&format!("/api/v1/members/{ana_id}")).await.json()["restricted"],
        false,
        "Bob is a connection"
    );

    let hidden = [
        "can_mentor=true",
        "skill=Cryptography",
        "language=Twi",
        "location=Accra",
        "q=xylophone",
        "q=crypto",
        "q=accra",
    ];
    for viewer in [&carla, &bob, &admin] {
        for query in hidden {
            assert_eq!(
                total(viewer.get(&format!("/api/v1/members?{query}")).await.json()),
                0,
                "{query}: the directory never filters on what a profile hides, for anyone"
            );
        }
        let found = viewer.get("/api/v1/members?q=ana%20analyst").await.json();
        assert_eq!(total(found.clone()), 1, "the name card stays findable");
        let card = &found["members"][0];
        assert_eq!(card["restricted"], true);
        assert_eq!(card["location"], "");
        assert_eq!(card["top_skills"], json!([]));
        assert_eq!(card["mentoring"], "none", "not the directory's to tell");
    }

    ana.patch_json(
        &format!("/api/v1/members/{ana_id}"),
        json!({"visibility": "organization"}),
    )
    .await;
    for query in hidden {
        assert_eq!(
            total(carla.get(&format!("/api/v1/members?{query}")).await.json()),
            1,
            "{query}: shared with everyone again, found at once"
        );
    }
}

#[tokio::test]
async fn another_server_on_the_same_database_sees_changes_within_seconds() {
    let app = TestApp::spawn().await;
    let admin = app.admin().await;
    let other = app.another_server().await;
    let admin_there = admin.on(&other);
    assert_eq!(
        total(admin_there.get("/api/v1/members").await.json()),
        1,
        "the other server has answered (and built its index) before the change"
    );
    let zanele = app.member("Zanele Dlamini").await;
    let id = zanele.id().await;
    zanele
        .patch_json(
            &format!("/api/v1/members/{id}"),
            json!({"title": "Actuary"}),
        )
        .await;
    let started = std::time::Instant::now();
    while total(admin_there.get("/api/v1/members?q=actuary").await.json()) != 1 {
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "the other server did not catch up"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
