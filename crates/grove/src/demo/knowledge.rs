//! The demo's knowledge base: questions with answers, articles, best practices, lessons learned
//! and resources, written from templates over the skills taxonomy and the departments, by
//! members who hold the skill, in the demo's communities (mostly the public ones, some private,
//! some organization-wide); with comments, votes, revisions, bookmarks and follows, and a few
//! posts in other languages. The same seed gives the same content. Loaded in batches, so a
//! million posts fit in memory and load in minutes.

mod foreign;
mod text;

use std::collections::{HashMap, HashSet};

use grove_demo::DemoOrg;
use sqlx::Row;

use super::programs::Dice;
use crate::db::{Backend, Db, Param, insert_rows, now};
use crate::knowledge::model::PostKind;
use crate::knowledge::search::{bulk_statement, facets, index_text};
use foreign::FOREIGN;
use text::Slots;

const DAY: i64 = 86_400;
const HOUR: i64 = 3_600;
/// Posts generated and inserted at a time: large statements, bounded memory.
const BATCH: usize = 10_000;
/// At most one post in this many is one of the hand-written posts in another language (more in a
/// small demo, so that each of them appears).
const FOREIGN_EVERY: usize = 40;

/// How many posts `grove demo` writes for an organization of `members` when not told: a few
/// hundred for the 300-member demo.
pub fn default_posts(members: usize) -> usize {
    (members + members / 3).clamp(40, 5_000)
}

/// The lower-case, hyphenated tag for a skill name ("Accessibility (WCAG)" → "accessibility-wcag",
/// "C#" → "csharp").
pub fn tag_for(skill: &str) -> String {
    let lower = skill
        .to_lowercase()
        .replace("c#", "csharp")
        .replace("c++", "cpp")
        .replace(".net", "dotnet")
        .replace('&', " and ");
    let mut tag = String::with_capacity(lower.len());
    for c in lower.chars() {
        if c.is_alphanumeric() {
            tag.push(c);
        } else if !tag.is_empty() && !tag.ends_with('-') {
            tag.push('-');
        }
    }
    while tag.ends_with('-') {
        tag.pop();
    }
    tag
}

/// Where a post is published: a community (with its members, as member indices) or the whole
/// organization.
struct Venue {
    id: Option<i64>,
    private: bool,
    members: Vec<u32>,
}

/// What the loader draws from: the organization and its communities.
struct World<'a> {
    org: &'a DemoOrg,
    public: Vec<Venue>,
    private: Vec<Venue>,
    everyone: Venue,
    /// Per skill, the members who hold it at level 2 or more.
    holders: Vec<Vec<u32>>,
    tags: Vec<String>,
    /// Per language named on profiles, the members who speak it.
    speakers: HashMap<&'a str, Vec<u32>>,
    today: i64,
    posts: usize,
}

/// The rows of one batch of posts, ready for [`insert_rows`].
#[derive(Default)]
struct Rows {
    posts: Vec<Vec<Param>>,
    tags: Vec<Vec<Param>>,
    revisions: Vec<Vec<Param>>,
    answers: Vec<Vec<Param>>,
    comments: Vec<Vec<Param>>,
    votes: Vec<Vec<Param>>,
    bookmarks: Vec<Vec<Param>>,
    follows: Vec<Vec<Param>>,
    search: Vec<Vec<Param>>,
}

/// Ids handed out so far (answers and comments are referred to before they are inserted).
struct Ids {
    answer: i64,
    comment: i64,
}

/// Loads `posts` posts; members are `index + 1` in the database, communities are already there.
pub async fn load(
    db: &Db,
    conn: &mut sqlx::AnyConnection,
    org: &DemoOrg,
    posts: usize,
    seed: u64,
) -> anyhow::Result<()> {
    let backend = db.backend;
    let world = world(conn, org, posts).await?;
    backend.relax_checks_for_bulk_load(conn).await?;
    let restore = bulk_search_settings(conn, backend, posts).await?;
    tag_follows(conn, backend, &world, &mut Dice(seed ^ 0x0007_a9f0_1105)).await?;
    // On SQLite, any statement that writes several rows opens a savepoint, and the full-text
    // index writes its pending segment (and merges) at every savepoint of the transaction: the
    // search documents come in a second pass, after every other row, generated again from the
    // same seed.
    let passes: &[Pass] = match backend {
        Backend::Sqlite => &[Pass::Rows, Pass::Search],
        Backend::Postgres => &[Pass::Both],
    };
    let started = std::time::Instant::now();
    let mut vocabulary: HashSet<String> = HashSet::new();
    for &pass in passes {
        let mut dice = Dice(seed ^ 0x0006_e0a1_ed9e);
        let mut ids = Ids {
            answer: 0,
            comment: 0,
        };
        let mut start = 0;
        while start < posts {
            let end = (start + BATCH).min(posts);
            let mut rows = Rows::default();
            for p in start..end {
                post(&world, p, &mut dice, &mut ids, &mut rows);
            }
            if pass != Pass::Rows {
                collect_words(&rows.search, &mut vocabulary);
            }
            insert(conn, backend, rows, pass).await?;
            start = end;
            if start % 100_000 == 0 {
                tracing::info!(
                    "{start} of {posts} posts loaded ({pass:?}) in {:.1?}",
                    started.elapsed()
                );
            }
        }
    }
    // After every search document: on SQLite, a statement of several rows would make the
    // full-text index write its pending segment.
    let (head, row, tail) = crate::knowledge::search::WORDS_INSERT;
    let mut vocabulary: Vec<String> = vocabulary.into_iter().collect();
    vocabulary.sort_unstable();
    insert_rows(
        conn,
        backend,
        head,
        row,
        tail,
        vocabulary.into_iter().map(|w| vec![Param::Text(w)]),
    )
    .await?;
    for table in ["posts", "answers", "comments"] {
        backend.reset_id_sequence(conn, table).await?;
    }
    if backend == Backend::Sqlite && posts > 0 {
        sqlx::query(crate::knowledge::search::SQLITE_FILL_HEADINGS)
            .execute(&mut *conn)
            .await?;
    }
    if backend == Backend::Sqlite && posts > 0 && restore.is_none() {
        // One index segment after a small load. A large one already has few large segments (see
        // bulk_search_settings), and merging them all inside this transaction, whose pages are
        // all still in the write-ahead log, took over ten minutes for a million posts.
        for table in ["post_search", "post_headings"] {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "INSERT INTO {table} ({table}) VALUES ('optimize')"
            )))
            .execute(&mut *conn)
            .await?;
        }
    }
    if backend == Backend::Postgres && posts > 0 {
        // A bulk load leaves its index entries in the GIN index's pending list, which every
        // search then reads through linearly (72 MB for a million posts: 45 ms for a rare word).
        // Merging it once into the index proper takes seconds.
        for index in [
            "post_search_document",
            "post_search_title_terms",
            "post_search_heading_terms",
        ] {
            sqlx::query(sqlx::AssertSqlSafe(format!(
                "SELECT gin_clean_pending_list('{index}'::regclass)"
            )))
            .execute(&mut *conn)
            .await?;
        }
    }
    if let Some(cache_size) = restore {
        for sql in [
            "INSERT INTO post_search (post_search, rank) VALUES ('hashsize', 1048576)".to_string(),
            "INSERT INTO post_headings (post_headings, rank) VALUES ('hashsize', 1048576)"
                .to_string(),
            format!("PRAGMA cache_size = {cache_size}"),
        ] {
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut *conn)
                .await?;
        }
    }
    for table in [
        "posts",
        "post_tags",
        "answers",
        "comments",
        "votes",
        "post_search",
    ] {
        sqlx::query(sqlx::AssertSqlSafe(format!("ANALYZE {table}")))
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

/// For a large load. On SQLite: a bigger page cache, and a full-text index that keeps far more
/// in memory before it writes a segment (fewer segments to merge: about twice as fast); returns
/// the cache size to restore afterwards. On PostgreSQL: bigger GIN batches.
async fn bulk_search_settings(
    conn: &mut sqlx::AnyConnection,
    backend: Backend,
    posts: usize,
) -> anyhow::Result<Option<i64>> {
    if posts < 50_000 {
        return Ok(None);
    }
    if backend == Backend::Postgres {
        // The GIN index takes new documents into its pending list and merges them in batches:
        // bigger batches, fewer merges. Both settings end with the transaction.
        for sql in [
            "SET LOCAL gin_pending_list_limit = '256MB'",
            "SET LOCAL work_mem = '256MB'",
        ] {
            sqlx::query(sql).execute(&mut *conn).await?;
        }
        return Ok(None);
    }
    let cache_size: i64 = sqlx::query("PRAGMA cache_size")
        .fetch_one(&mut *conn)
        .await?
        .try_get(0)?;
    sqlx::query("PRAGMA cache_size = -262144")
        .execute(&mut *conn)
        .await?;
    for table in ["post_search", "post_headings"] {
        sqlx::query(sqlx::AssertSqlSafe(format!(
            "INSERT INTO {table} ({table}, rank) VALUES ('hashsize', 268435456)"
        )))
        .execute(&mut *conn)
        .await?;
    }
    Ok(Some(cache_size))
}

async fn world<'a>(
    conn: &mut sqlx::AnyConnection,
    org: &'a DemoOrg,
    posts: usize,
) -> anyhow::Result<World<'a>> {
    let mut public = Vec::new();
    let mut private = Vec::new();
    let mut members: HashMap<i64, Vec<u32>> = HashMap::new();
    for row in sqlx::query(
        "SELECT community_id, user_id FROM community_members ORDER BY community_id, user_id",
    )
    .fetch_all(&mut *conn)
    .await?
    {
        let community: i64 = row.try_get(0)?;
        let user: i64 = row.try_get(1)?;
        members.entry(community).or_default().push(user as u32 - 1);
    }
    for row in sqlx::query("SELECT id, visibility FROM communities ORDER BY id")
        .fetch_all(&mut *conn)
        .await?
    {
        let id: i64 = row.try_get(0)?;
        let visibility: String = row.try_get(1)?;
        let venue = Venue {
            id: Some(id),
            private: visibility == "private",
            members: members.remove(&id).unwrap_or_default(),
        };
        if venue.members.is_empty() {
            continue;
        }
        if venue.private {
            private.push(venue);
        } else {
            public.push(venue);
        }
    }
    let mut holders = vec![Vec::new(); org.skills.len()];
    let mut speakers: HashMap<&str, Vec<u32>> = HashMap::new();
    for (i, m) in org.members.iter().enumerate() {
        for s in &m.skills {
            if s.level >= 2 {
                holders[s.skill].push(i as u32);
            }
        }
        for l in &m.languages {
            speakers.entry(l.as_str()).or_default().push(i as u32);
        }
    }
    Ok(World {
        org,
        public,
        private,
        everyone: Venue {
            id: None,
            private: false,
            members: (0..org.members.len() as u32).collect(),
        },
        holders,
        tags: org.skills.iter().map(|s| tag_for(&s.name)).collect(),
        speakers,
        today: now() / DAY * DAY,
        posts,
    })
}

/// Members follow the tags of a few skills they are good at or want to learn.
async fn tag_follows(
    conn: &mut sqlx::AnyConnection,
    backend: Backend,
    world: &World<'_>,
    dice: &mut Dice,
) -> anyhow::Result<()> {
    let demo_member = world.org.demo_member();
    let mut rows = Vec::new();
    for (i, m) in world.org.members.iter().enumerate() {
        if i != demo_member && !dice.percent(25) {
            continue;
        }
        let mut chosen: Vec<usize> = Vec::new();
        let wanted = 1 + dice.below(3) as usize;
        for s in &m.skills {
            if chosen.len() >= wanted {
                break;
            }
            if (s.level >= 3 || s.wants_to_learn) && !chosen.contains(&s.skill) {
                chosen.push(s.skill);
            }
        }
        for s in chosen {
            rows.push(vec![
                Param::Int(i as i64 + 1),
                Param::Text(world.tags[s].clone()),
                Param::Int(world.today - dice.below(300) as i64 * DAY),
            ]);
        }
    }
    insert_rows(
        conn,
        backend,
        "INSERT INTO tag_follows (user_id, tag, created_at) VALUES ",
        "({}, {}, {})",
        " ON CONFLICT (user_id, tag) DO NOTHING",
        rows,
    )
    .await?;
    Ok(())
}

/// A member of `venue` other than those in `not`, drawn from `preferred` when it has some
/// members of the venue (skill holders answer and vote more), else from the whole venue.
fn someone(
    dice: &mut Dice,
    venue: &Venue,
    preferred: &[u32],
    not: &[u32],
    everyone: bool,
) -> Option<u32> {
    for attempt in 0..24 {
        let from_preferred = everyone && !preferred.is_empty() && attempt < 12;
        let pool = if from_preferred {
            preferred
        } else {
            &venue.members
        };
        if pool.is_empty() {
            return None;
        }
        let m = pool[dice.below(pool.len() as u64) as usize];
        if !not.contains(&m) {
            return Some(m);
        }
    }
    None
}

fn post(world: &World, p: usize, dice: &mut Dice, ids: &mut Ids, rows: &mut Rows) {
    let org = world.org;
    let id = p as i64 + 1;
    let every = (world.posts / (FOREIGN.len() + 1)).clamp(2, FOREIGN_EVERY);
    let foreign = (p % every == every / 5).then(|| &FOREIGN[(p / every) % FOREIGN.len()]);

    // Where, by whom, about what.
    let roll = dice.below(100);
    let venue = if roll < 58 && !world.public.is_empty() {
        &world.public[dice.below(world.public.len() as u64) as usize]
    } else if roll < 66 && !world.private.is_empty() {
        &world.private[dice.below(world.private.len() as u64) as usize]
    } else {
        &world.everyone
    };
    let mut author = venue.members[dice.below(venue.members.len() as u64) as usize];
    if let Some(f) = foreign
        && let Some(speakers) = world.speakers.get(f.language)
    {
        for _ in 0..32 {
            let m = speakers[dice.below(speakers.len() as u64) as usize];
            if venue.id.is_none() || venue.members.binary_search(&m).is_ok() {
                author = m;
                break;
            }
        }
    }
    let member = &org.members[author as usize];
    let strong: Vec<usize> = member
        .skills
        .iter()
        .filter(|s| s.level >= 3)
        .map(|s| s.skill)
        .collect();
    let skill = if strong.is_empty() {
        member.skills[dice.below(member.skills.len() as u64) as usize].skill
    } else {
        strong[dice.below(strong.len() as u64) as usize]
    };
    let other = member
        .skills
        .iter()
        .map(|s| s.skill)
        .filter(|&s| s != skill)
        .nth(dice.below(member.skills.len().max(2) as u64 - 1) as usize)
        .unwrap_or(skill);
    let category = &org.skills[skill].category;
    let things = text::things(category);
    let thing = dice.below(things.len() as u64) as usize;
    let slots = Slots {
        skill: &org.skills[skill].name,
        other: &org.skills[other].name,
        thing: things[thing],
        thing2: things[(thing + 1 + dice.below(things.len() as u64 - 1) as usize) % things.len()],
        dept: &org.departments[member.department].name,
        n: 2 + dice.below(9),
        weeks: 2 + dice.below(11),
    };

    let kind = match foreign {
        Some(f) => f.kind,
        None => match dice.below(100) {
            0..40 => "question",
            40..60 => "article",
            60..75 => "best_practice",
            75..90 => "lesson_learned",
            _ => "resource",
        },
    };
    let (title, body, tags) = match foreign {
        Some(f) => (
            f.title.to_string(),
            f.body.to_string(),
            f.tags.iter().map(|t| t.to_string()).collect(),
        ),
        None => {
            let mut tags = vec![world.tags[skill].clone()];
            if other != skill && dice.percent(55) {
                tags.push(world.tags[other].clone());
            }
            if dice.percent(15) {
                let extra = org.skills.len() as u64;
                let s = dice.below(extra) as usize;
                if org.skills[s].category == *category && !tags.contains(&world.tags[s]) {
                    tags.push(world.tags[s].clone());
                }
            }
            let tool = text::is_tool(slots.skill, category);
            let titles = match kind {
                "question" if tool && dice.percent(50) => text::TOOL_QUESTION_TITLES,
                "lesson_learned" if tool && dice.percent(50) => text::TOOL_LESSON_TITLES,
                "question" => text::QUESTION_TITLES,
                "article" => text::ARTICLE_TITLES,
                "best_practice" => text::BEST_PRACTICE_TITLES,
                "lesson_learned" => text::LESSON_TITLES,
                _ => text::RESOURCE_TITLES,
            };
            let mut title = String::new();
            text::fill(&mut title, dice.pick(titles), &slots);
            (title, body(kind, dice, &slots), tags)
        }
    };

    // When, and in what state.
    let span = 720 * DAY;
    let created = world.today - span + span * p as i64 / world.posts.max(1) as i64
        - dice.below(20 * HOUR as u64) as i64;
    let draft = foreign.is_none() && dice.percent(3);
    let hidden = !draft && foreign.is_none() && dice.percent(1);
    let locked = !draft && dice.below(200) == 0;
    let published = !draft;
    let later = |dice: &mut Dice, after: i64, within: i64| -> i64 {
        (after + HOUR + dice.below(within.max(1) as u64) as i64).min(world.today + DAY - 1)
    };

    // Revisions: the first, and for some posts one or two edits.
    let edits = if dice.percent(12) {
        1 + dice.below(2) as i64
    } else {
        0
    };
    let tags_text = tags.join(" ");
    let mut updated = created;
    for number in 1..=edits + 1 {
        let last = number == edits + 1;
        let version = if last {
            body.clone()
        } else {
            // Earlier versions lacked the last paragraph.
            body.rsplit_once("\n\n")
                .map(|(head, _)| head.to_string())
                .unwrap_or_else(|| body.clone())
        };
        if number > 1 {
            updated = later(dice, updated, 20 * DAY);
        }
        rows.revisions.push(vec![
            Param::Int(id),
            Param::Int(number),
            Param::Text(title.clone()),
            Param::Text(version),
            Param::Text(tags_text.clone()),
            Param::Int(author as i64 + 1),
            Param::Text(if number == 1 {
                String::new()
            } else {
                dice.pick(text::REVISION_NOTES).to_string()
            }),
            Param::Int(if number == 1 { created } else { updated }),
        ]);
    }
    for tag in &tags {
        rows.tags
            .push(vec![Param::Int(id), Param::Text(tag.clone())]);
    }

    let everyone = !venue.private;
    let preferred: &[u32] = &world.holders[skill];
    let mut activity = updated;
    let mut score = 0;
    let mut answer_count = 0;
    let mut comment_count = 0;
    let mut accepted: Option<(i64, i64)> = None;
    let mut followers = vec![author];
    let mut document_body = body.clone();

    if published {
        // Answers to questions.
        if kind == "question" {
            let wanted = match foreign {
                Some(f) => f.answers.len(),
                None => match dice.below(100) {
                    0..18 => 0,
                    18..48 => 1,
                    48..73 => 2,
                    73..90 => 3,
                    _ => 4,
                },
            };
            let mut answer_ids: Vec<(i64, u32, bool, i64)> = Vec::new();
            let mut taken = vec![author];
            let mut at = created;
            for a in 0..wanted {
                let Some(by) = someone(dice, venue, preferred, &taken, everyone) else {
                    break;
                };
                taken.push(by);
                ids.answer += 1;
                at = later(dice, at, 3 * DAY);
                let answer_hidden = foreign.is_none() && dice.percent(2);
                let text = match foreign {
                    Some(f) => f.answers[a].to_string(),
                    None => answer(dice, &slots),
                };
                let mut answer_score = 0;
                if !answer_hidden {
                    for _ in 0..dice.below(5) {
                        let Some(voter) = someone(dice, venue, preferred, &taken, everyone) else {
                            break;
                        };
                        taken.push(voter);
                        let value = if dice.percent(8) { -1 } else { 1 };
                        answer_score += value;
                        rows.votes.push(vote(
                            voter,
                            "answer",
                            ids.answer,
                            id,
                            by,
                            value,
                            later(dice, at, 5 * DAY),
                        ));
                    }
                    answer_count += 1;
                    document_body.push_str("\n\n");
                    document_body.push_str(&text);
                    activity = activity.max(at);
                    followers.push(by);
                }
                rows.answers.push(vec![
                    Param::Int(ids.answer),
                    Param::Int(id),
                    Param::Int(by as i64 + 1),
                    Param::Text(text),
                    Param::Int(answer_score),
                    Param::OptInt(answer_hidden.then_some(at + DAY)),
                    Param::Int(at),
                    Param::Int(at),
                ]);
                answer_ids.push((ids.answer, by, answer_hidden, at));
                // Comments on the answer.
                if !answer_hidden && dice.percent(25) {
                    let by_comment = someone(dice, venue, preferred, &[by], everyone);
                    if let Some(c) = by_comment {
                        let when = later(dice, at, 2 * DAY);
                        let hidden_comment = dice.percent(2);
                        comment(
                            rows,
                            ids,
                            id,
                            Some(ids.answer),
                            c,
                            dice,
                            &slots,
                            hidden_comment,
                            when,
                        );
                        if !hidden_comment {
                            comment_count += 1;
                            activity = activity.max(when);
                        }
                    }
                }
            }
            let visible: Vec<&(i64, u32, bool, i64)> = answer_ids.iter().filter(|a| !a.2).collect();
            if !visible.is_empty() && dice.percent(55) {
                let (answer_id, _, _, at) = visible[dice.below(visible.len() as u64) as usize];
                accepted = Some((*answer_id, later(dice, *at, 2 * DAY)));
            }
        }

        // Votes on the post.
        let voters = match dice.below(10) {
            0..3 => 0,
            3..8 => 1 + dice.below(4),
            _ => 4 + dice.below(9),
        };
        let mut taken = vec![author];
        for _ in 0..voters {
            let Some(voter) = someone(dice, venue, preferred, &taken, everyone) else {
                break;
            };
            taken.push(voter);
            let value = if dice.percent(7) { -1 } else { 1 };
            score += value;
            rows.votes.push(vote(
                voter,
                "post",
                id,
                id,
                author,
                value,
                later(dice, created, 30 * DAY),
            ));
        }

        // Comments on the post.
        let comments = match dice.below(10) {
            0..6 => 0,
            6..9 => 1,
            _ => 2 + dice.below(2),
        };
        let mut at = created;
        for _ in 0..comments {
            let Some(by) = someone(dice, venue, preferred, &[], everyone) else {
                break;
            };
            at = later(dice, at, 4 * DAY);
            let hidden_comment = dice.percent(2);
            comment(rows, ids, id, None, by, dice, &slots, hidden_comment, at);
            if !hidden_comment {
                comment_count += 1;
                activity = activity.max(at);
            }
        }

        // Bookmarks.
        if dice.percent(12) {
            let mut taken = vec![author];
            for _ in 0..1 + dice.below(3) {
                let Some(by) = someone(dice, venue, preferred, &taken, everyone) else {
                    break;
                };
                taken.push(by);
                rows.bookmarks.push(vec![
                    Param::Int(by as i64 + 1),
                    Param::Int(id),
                    Param::Int(later(dice, created, 60 * DAY)),
                ]);
            }
        }
    }
    followers.sort_unstable();
    followers.dedup();
    for f in followers {
        rows.follows.push(vec![
            Param::Int(f as i64 + 1),
            Param::Int(id),
            Param::Int(created),
        ]);
    }
    if published && !hidden {
        rows.search.push(vec![
            Param::Int(id),
            Param::Text(index_text(&title)),
            Param::Text(index_text(&tags_text)),
            Param::Text(index_text(&document_body)),
            Param::Text(facets(
                id,
                PostKind::from_db(kind),
                venue.id,
                &tags,
                answer_count,
            )),
        ]);
    }
    if let Some((_, at)) = accepted {
        activity = activity.max(at);
    }
    rows.posts.push(vec![
        Param::Int(id),
        Param::Text(kind.into()),
        Param::OptInt(venue.id),
        Param::Int(author as i64 + 1),
        Param::Text(title),
        Param::Text(body),
        Param::Text(tags_text),
        Param::Text(if published { "published" } else { "draft" }.into()),
        Param::Int(edits + 1),
        Param::Int(score),
        Param::Int(answer_count),
        Param::Int(comment_count),
        Param::OptInt(accepted.map(|a| a.0)),
        Param::OptInt(accepted.map(|a| a.1)),
        Param::OptInt(hidden.then_some(activity + HOUR)),
        Param::OptInt(locked.then_some(activity + HOUR)),
        Param::Int(created),
        Param::Int(updated),
        Param::OptInt(published.then_some(created)),
        Param::Int(activity),
    ]);
}

fn vote(
    voter: u32,
    target: &str,
    target_id: i64,
    post_id: i64,
    recipient: u32,
    value: i64,
    at: i64,
) -> Vec<Param> {
    vec![
        Param::Int(voter as i64 + 1),
        Param::Text(target.into()),
        Param::Int(target_id),
        Param::Int(post_id),
        Param::Int(recipient as i64 + 1),
        Param::Int(value),
        Param::Int(at),
    ]
}

#[allow(clippy::too_many_arguments)]
fn comment(
    rows: &mut Rows,
    ids: &mut Ids,
    post_id: i64,
    answer_id: Option<i64>,
    by: u32,
    dice: &mut Dice,
    slots: &Slots,
    hidden: bool,
    at: i64,
) {
    ids.comment += 1;
    let mut body = String::new();
    text::fill(&mut body, dice.pick(text::COMMENTS), slots);
    rows.comments.push(vec![
        Param::Int(ids.comment),
        Param::Int(post_id),
        Param::OptInt(answer_id),
        Param::Int(by as i64 + 1),
        Param::Text(body),
        Param::OptInt(hidden.then_some(at + HOUR)),
        Param::Int(at),
    ]);
}

/// `least` to `least + spread - 1` distinct items of `list`.
fn several<'a>(dice: &mut Dice, list: &[&'a str], least: usize, spread: u64) -> Vec<&'a str> {
    let k = least + dice.below(spread) as usize;
    let mut chosen: Vec<&str> = Vec::with_capacity(k);
    while chosen.len() < k.min(list.len()) {
        let item = dice.pick(list);
        if !chosen.contains(&item) {
            chosen.push(item);
        }
    }
    chosen
}

/// Sentences as one paragraph.
fn paragraph(out: &mut String, sentences: &[&str], slots: &Slots) {
    for (i, s) in sentences.iter().enumerate() {
        if i > 0 {
            out.push(' ');
        }
        text::fill(out, s, slots);
    }
    out.push_str("\n\n");
}

/// Items as a bulleted (or numbered) Markdown list.
fn list(out: &mut String, items: &[&str], slots: &Slots, numbered: bool) {
    for (i, item) in items.iter().enumerate() {
        if numbered {
            out.push_str(&format!("{}. ", i + 1));
        } else {
            out.push_str("- ");
        }
        text::fill(out, item, slots);
        out.push('\n');
    }
    out.push('\n');
}

/// The Markdown body of a post of `kind`: a few paragraphs and lists.
fn body(kind: &str, dice: &mut Dice, slots: &Slots) -> String {
    let mut out = String::with_capacity(900);
    let opener = dice.pick(text::OPENERS);
    let situations = several(dice, text::SITUATIONS, 1, 2);
    let mut first: Vec<&str> = vec![opener];
    first.extend(situations);
    if dice.below(500) == 0 {
        first.push(dice.pick(text::RARE));
    }
    paragraph(&mut out, &first, slots);
    match kind {
        "question" => {
            if dice.percent(60) {
                out.push_str("So far we have:\n\n");
                let steps = several(dice, text::STEPS, 2, 3);
                list(&mut out, &steps, slots, false);
            }
            paragraph(&mut out, &[dice.pick(text::ASKS)], slots);
        }
        "lesson_learned" => {
            let (before, after) = text::LESSON_HEADINGS[dice.below(4) as usize];
            out.insert_str(0, &format!("{before}\n\n"));
            out.push_str(after);
            out.push_str("\n\n");
            let lessons = several(dice, text::LESSONS, 3, 2);
            list(&mut out, &lessons, slots, false);
            paragraph(&mut out, &[dice.pick(text::CLOSINGS)], slots);
        }
        "resource" => {
            let links = several(dice, text::LINKS, 3, 3);
            list(&mut out, &links, slots, false);
            paragraph(&mut out, &[dice.pick(text::CLOSINGS)], slots);
        }
        _ => {
            out.push_str(dice.pick(text::HEADINGS));
            out.push_str("\n\n");
            let advice = several(dice, text::ADVICE, 3, 3);
            list(&mut out, &advice, slots, kind == "best_practice");
            if dice.percent(50) {
                let steps = several(dice, text::STEPS, 1, 2);
                let mut sentences: Vec<String> = Vec::new();
                for s in steps {
                    let mut t = String::from("We ");
                    text::fill(&mut t, s, slots);
                    t.push('.');
                    sentences.push(t);
                }
                let refs: Vec<&str> = sentences.iter().map(String::as_str).collect();
                paragraph(&mut out, &refs, slots);
            }
            paragraph(&mut out, &[dice.pick(text::CLOSINGS)], slots);
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// The Markdown body of an answer.
fn answer(dice: &mut Dice, slots: &Slots) -> String {
    let mut out = String::with_capacity(500);
    let mut first = vec![dice.pick(text::ANSWER_OPENERS)];
    if dice.percent(50) {
        first.push(dice.pick(text::ADVICE));
    }
    paragraph(&mut out, &first, slots);
    if dice.percent(50) {
        let advice = several(dice, text::ADVICE, 2, 2);
        list(&mut out, &advice, slots, false);
    }
    let closing = dice.pick(text::ANSWER_CLOSINGS);
    if !closing.is_empty() {
        paragraph(&mut out, &[closing], slots);
    }
    out.truncate(out.trim_end().len());
    out
}

/// Adds the words of the search documents in `search` (title, tags and text, already prepared
/// by `index_text`) to `vocabulary`.
fn collect_words(search: &[Vec<Param>], vocabulary: &mut HashSet<String>) {
    for document in search {
        for param in document.iter().skip(1).take(3) {
            if let Param::Text(text) = param {
                for word in crate::db::dialect::folded_words(text) {
                    if !vocabulary.contains(word) {
                        vocabulary.insert(word.to_string());
                    }
                }
            }
        }
    }
}

/// What a pass over the generated posts inserts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pass {
    Rows,
    Search,
    Both,
}

async fn insert(
    conn: &mut sqlx::AnyConnection,
    backend: Backend,
    rows: Rows,
    pass: Pass,
) -> sqlx::Result<()> {
    let Rows {
        posts,
        tags,
        revisions,
        answers,
        comments,
        votes,
        bookmarks,
        follows,
        search,
    } = rows;
    if pass != Pass::Search {
        insert_rows(
            conn,
            backend,
            "INSERT INTO posts (id, kind, community_id, author_id, title, body, tags, status, revision, score, \
             answer_count, comment_count, accepted_answer_id, accepted_at, hidden_at, locked_at, created_at, \
             updated_at, published_at, activity_at) VALUES ",
            "({}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {}, {})",
            "",
            posts,
        )
        .await?;
        insert_rows(
            conn,
            backend,
            "INSERT INTO post_tags (post_id, tag) VALUES ",
            "({}, {})",
            "",
            tags,
        )
        .await?;
        insert_rows(
            conn,
            backend,
            "INSERT INTO post_revisions (post_id, number, title, body, tags, author_id, note, created_at) VALUES ",
            "({}, {}, {}, {}, {}, {}, {}, {})",
            "",
            revisions,
        )
        .await?;
        insert_rows(
            conn,
            backend,
            "INSERT INTO answers (id, post_id, author_id, body, score, hidden_at, created_at, updated_at) VALUES ",
            "({}, {}, {}, {}, {}, {}, {}, {})",
            "",
            answers,
        )
        .await?;
        insert_rows(
            conn,
            backend,
            "INSERT INTO comments (id, post_id, answer_id, author_id, body, hidden_at, created_at) VALUES ",
            "({}, {}, {}, {}, {}, {}, {})",
            "",
            comments,
        )
        .await?;
        insert_rows(
            conn,
            backend,
            "INSERT INTO votes (user_id, target, target_id, post_id, recipient_id, value, created_at) VALUES ",
            "({}, {}, {}, {}, {}, {}, {})",
            "",
            votes,
        )
        .await?;
        insert_rows(
            conn,
            backend,
            "INSERT INTO bookmarks (user_id, post_id, created_at) VALUES ",
            "({}, {}, {})",
            "",
            bookmarks,
        )
        .await?;
        insert_rows(
            conn,
            backend,
            "INSERT INTO post_follows (user_id, post_id, created_at) VALUES ",
            "({}, {}, {})",
            "",
            follows,
        )
        .await?;
    }
    if pass == Pass::Rows {
        return Ok(());
    }
    let (head, row) = bulk_statement(backend);
    match backend {
        // A statement that inserts several rows into an FTS5 table opens a savepoint, and FTS5
        // writes its pending index segment at every savepoint (then merges segments): one row
        // per (cached, prepared) statement lets it collect a large segment in memory instead.
        Backend::Sqlite => {
            for document in search {
                insert_rows(conn, backend, head, row, "", [document]).await?;
            }
        }
        Backend::Postgres => {
            insert_rows(conn, backend, head, row, "", search).await?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_lower_case_and_hyphenated() {
        assert_eq!(tag_for("Accessibility (WCAG)"), "accessibility-wcag");
        assert_eq!(tag_for("C#"), "csharp");
        assert_eq!(tag_for("C++"), "cpp");
        assert_eq!(tag_for(".NET"), "dotnet");
        assert_eq!(
            tag_for("Diversity, equity and inclusion"),
            "diversity-equity-and-inclusion"
        );
        assert_eq!(tag_for("FP&A"), "fp-and-a");
        assert_eq!(tag_for("Kubernetes"), "kubernetes");
    }

    #[test]
    fn bodies_are_markdown_paragraphs_and_differ() {
        let slots = Slots {
            skill: "Kubernetes",
            other: "Helm",
            thing: "blue-green deployments",
            thing2: "autoscaling",
            dept: "Engineering",
            n: 3,
            weeks: 6,
        };
        let mut dice = Dice(1);
        let bodies: Vec<String> = [
            "question",
            "article",
            "best_practice",
            "lesson_learned",
            "resource",
        ]
        .iter()
        .map(|k| body(k, &mut dice, &slots))
        .collect();
        for b in &bodies {
            assert!(b.contains("\n\n"), "{b}");
            assert!(!b.contains('{'), "{b}");
        }
        let mut unique = bodies.clone();
        unique.dedup();
        assert_eq!(unique.len(), bodies.len());
    }
}
