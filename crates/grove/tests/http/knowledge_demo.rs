//! The demo's knowledge base: published posts with answers and votes whose counts add up, and a
//! search document for exactly the posts search may show.

use grove::db::Backend;
use sqlx::Row;

use crate::kit::TestApp;

async fn count(app: &TestApp, sql: &'static str) -> i64 {
    sqlx::query(sql)
        .fetch_one(&app.db.pool)
        .await
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .try_get::<i64, _>(0)
        .expect("int")
}

/// Posts whose search document matches `words` (already as the index holds them).
async fn found(app: &TestApp, words: &str) -> Vec<i64> {
    let sql = match app.db.backend {
        Backend::Sqlite => {
            "SELECT rowid FROM post_search WHERE post_search MATCH $1 ORDER BY rowid"
        }
        Backend::Postgres => {
            "SELECT post_id FROM post_search WHERE document @@ to_tsquery('simple', $1) ORDER BY post_id"
        }
    };
    let query = match app.db.backend {
        Backend::Sqlite => format!("\"{words}\""),
        Backend::Postgres => words.to_string(),
    };
    sqlx::query(sql)
        .bind(query)
        .fetch_all(&app.db.pool)
        .await
        .expect("search")
        .iter()
        .map(|r| r.try_get::<i64, _>(0).expect("id"))
        .collect()
}

#[tokio::test]
async fn the_demo_has_a_consistent_searchable_knowledge_base() {
    let app = TestApp::spawn().await;
    grove::demo::load(&app.db, 300, 7).await.expect("demo");

    let published = count(
        &app,
        "SELECT COUNT(*) FROM posts WHERE status = 'published'",
    )
    .await;
    assert!(
        (250..=500).contains(&published),
        "{published} published posts"
    );
    assert!(count(&app, "SELECT COUNT(*) FROM posts WHERE status = 'draft'").await > 0);
    for kind in [
        "question",
        "article",
        "best_practice",
        "lesson_learned",
        "resource",
    ] {
        let n: i64 = sqlx::query("SELECT COUNT(*) FROM posts WHERE kind = $1")
            .bind(kind)
            .fetch_one(&app.db.pool)
            .await
            .expect("count")
            .try_get(0)
            .expect("int");
        assert!(n > 5, "only {n} posts of kind {kind}");
    }
    assert!(
        count(
            &app,
            "SELECT COUNT(*) FROM posts WHERE kind = 'question' AND accepted_answer_id IS NOT NULL"
        )
        .await
            > 10
    );
    assert!(
        count(
            &app,
            "SELECT COUNT(*) FROM posts WHERE kind = 'question' AND status = 'published' AND answer_count = 0"
        )
        .await
            > 0,
        "some questions wait for an answer"
    );
    assert!(
        count(
            &app,
            "SELECT COUNT(*) FROM posts WHERE community_id IS NULL"
        )
        .await
            > 0
    );
    assert!(
        count(
            &app,
            "SELECT COUNT(*) FROM posts p JOIN communities c ON c.id = p.community_id WHERE c.visibility = 'private'"
        )
        .await
            > 0
    );
    assert!(count(&app, "SELECT COUNT(*) FROM comments").await > 0);
    assert!(count(&app, "SELECT COUNT(*) FROM bookmarks").await > 0);
    assert!(count(&app, "SELECT COUNT(*) FROM tag_follows").await > 0);
    assert!(
        count(&app, "SELECT COUNT(*) FROM posts WHERE revision > 1").await > 0,
        "some posts were edited"
    );

    // Every count and score is what the rows say.
    for (what, sql) in [
        (
            "post scores",
            "SELECT COUNT(*) FROM posts p WHERE p.score <> \
             (SELECT COALESCE(SUM(v.value), 0) FROM votes v WHERE v.target = 'post' AND v.target_id = p.id)",
        ),
        (
            "answer scores",
            "SELECT COUNT(*) FROM answers a WHERE a.score <> \
             (SELECT COALESCE(SUM(v.value), 0) FROM votes v WHERE v.target = 'answer' AND v.target_id = a.id)",
        ),
        (
            "answer counts",
            "SELECT COUNT(*) FROM posts p WHERE p.answer_count <> \
             (SELECT COUNT(*) FROM answers a WHERE a.post_id = p.id AND a.hidden_at IS NULL)",
        ),
        (
            "comment counts",
            "SELECT COUNT(*) FROM posts p WHERE p.comment_count <> \
             (SELECT COUNT(*) FROM comments c WHERE c.post_id = p.id AND c.hidden_at IS NULL)",
        ),
        (
            "revisions",
            "SELECT COUNT(*) FROM posts p WHERE p.revision <> \
             (SELECT COUNT(*) FROM post_revisions r WHERE r.post_id = p.id)",
        ),
        (
            "latest revisions",
            "SELECT COUNT(*) FROM posts p JOIN post_revisions r ON r.post_id = p.id AND r.number = p.revision \
             WHERE r.body <> p.body OR r.title <> p.title OR r.tags <> p.tags",
        ),
        (
            "tags",
            "SELECT COUNT(*) FROM posts p WHERE p.tags = '' OR NOT EXISTS \
             (SELECT 1 FROM post_tags t WHERE t.post_id = p.id)",
        ),
        (
            "accepted answers",
            "SELECT COUNT(*) FROM posts p WHERE p.accepted_answer_id IS NOT NULL AND NOT EXISTS \
             (SELECT 1 FROM answers a WHERE a.id = p.accepted_answer_id AND a.post_id = p.id AND a.hidden_at IS NULL)",
        ),
        (
            "votes by authors on their own posts",
            "SELECT COUNT(*) FROM votes v JOIN posts p ON p.id = v.post_id \
             WHERE v.target = 'post' AND v.user_id = p.author_id",
        ),
        (
            "drafts with answers, votes or comments",
            "SELECT COUNT(*) FROM posts p WHERE p.status = 'draft' AND \
             (p.answer_count > 0 OR p.score <> 0 OR p.comment_count > 0 OR p.published_at IS NOT NULL)",
        ),
        (
            "people outside a private community taking part in it",
            "SELECT COUNT(*) FROM posts p JOIN communities c ON c.id = p.community_id AND c.visibility = 'private' \
             JOIN answers a ON a.post_id = p.id \
             WHERE NOT EXISTS (SELECT 1 FROM community_members m WHERE m.community_id = c.id AND m.user_id = a.author_id)",
        ),
    ] {
        assert_eq!(count(&app, sql).await, 0, "{what} do not add up");
    }
    assert!(
        count(&app, "SELECT COUNT(*) FROM votes WHERE value = -1").await > 0
            && count(&app, "SELECT COUNT(*) FROM votes WHERE value = 1").await
                > count(&app, "SELECT COUNT(*) FROM votes WHERE value = -1").await * 5,
        "mostly up-votes, a few down-votes"
    );

    // Authors write about what they know: nearly every post (all but the hand-written ones in
    // other languages) carries the tag of a skill its author holds.
    let skills_of: std::collections::HashMap<i64, Vec<String>> = sqlx::query(
        "SELECT ms.user_id, s.name FROM member_skills ms JOIN skills s ON s.id = ms.skill_id",
    )
    .fetch_all(&app.db.pool)
    .await
    .expect("skills")
    .iter()
    .fold(Default::default(), |mut map, r| {
        let user: i64 = r.try_get(0).expect("user");
        let name: String = r.try_get(1).expect("name");
        map.entry(user)
            .or_insert_with(Vec::new)
            .push(grove::demo::tag_for(&name));
        map
    });
    let posts = sqlx::query("SELECT author_id, tags FROM posts")
        .fetch_all(&app.db.pool)
        .await
        .expect("posts");
    let on_their_skills = posts
        .iter()
        .filter(|r| {
            let author: i64 = r.try_get(0).expect("author");
            let tags: String = r.try_get(1).expect("tags");
            let held = skills_of.get(&author).cloned().unwrap_or_default();
            tags.split(' ').any(|t| held.iter().any(|h| h == t))
        })
        .count();
    assert!(
        on_their_skills * 100 >= posts.len() * 95,
        "{on_their_skills} of {} posts are on their author's skills",
        posts.len()
    );

    // Search holds the published, visible posts and nothing else.
    let searchable = count(
        &app,
        "SELECT COUNT(*) FROM posts WHERE status = 'published' AND hidden_at IS NULL",
    )
    .await;
    let (documents, strays) = match app.db.backend {
        Backend::Sqlite => (
            "SELECT COUNT(*) FROM post_search",
            "SELECT COUNT(*) FROM post_search s JOIN posts p ON p.id = s.rowid \
             WHERE p.status <> 'published' OR p.hidden_at IS NOT NULL",
        ),
        Backend::Postgres => (
            "SELECT COUNT(*) FROM post_search",
            "SELECT COUNT(*) FROM post_search s JOIN posts p ON p.id = s.post_id \
             WHERE p.status <> 'published' OR p.hidden_at IS NOT NULL",
        ),
    };
    assert_eq!(count(&app, documents).await, searchable);
    assert_eq!(count(&app, strays).await, 0);
    assert!(
        count(
            &app,
            "SELECT COUNT(*) FROM posts WHERE hidden_at IS NOT NULL"
        )
        .await
            > 0
    );

    // Words in other languages and scripts are there to be found, accents folded.
    for words in [
        "equipe",
        "gestion",
        "integracao",
        "ubergabe",
        "知识",
        "管理",
        "ナレ",
    ] {
        assert!(
            !found(&app, words).await.is_empty(),
            "nothing found for {words}"
        );
    }
    assert!(!found(&app, "kubernetes").await.is_empty() || !found(&app, "team").await.is_empty());
    // Answers are part of their question's document.
    let answer_only = found(&app, "padrinho").await;
    assert!(
        !answer_only.is_empty(),
        "an answer's words find its question"
    );
}

#[tokio::test]
async fn the_demo_loads_as_many_posts_as_asked() {
    let app = TestApp::spawn().await;
    grove::demo::load_with_posts(&app.db, 60, 1_200, 3)
        .await
        .expect("demo");
    assert_eq!(count(&app, "SELECT COUNT(*) FROM posts").await, 1_200);
    // Ids continue after the loaded rows.
    let max: i64 = count(&app, "SELECT MAX(id) FROM answers").await;
    let res = sqlx::query(
        "INSERT INTO answers (post_id, author_id, body, created_at, updated_at) VALUES (1, 1, 'x', 0, 0) RETURNING id",
    )
    .fetch_one(&app.db.pool)
    .await
    .expect("insert");
    assert_eq!(res.try_get::<i64, _>(0).expect("id"), max + 1);
}
