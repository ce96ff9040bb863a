//! Knowledge rules: who may see, write, answer, vote, accept and edit; what notifies whom.
//!
//! A post is seen by everyone in the organization, except: a private community's posts by its
//! members only; a draft by its author only; a hidden post by its author, the community's
//! moderators and admins only. Anyone who cannot see a post gets "not found", never "forbidden",
//! so its existence does not leak.

use std::collections::HashSet;

use super::model::*;
use super::store::{self, Mark, NewPost, PostRow};
use crate::auth::model::Viewer;
use crate::communities::model::Visibility;
use crate::db::{Db, Param};
use crate::notifications::model::NewNotification;
use crate::notifications::store as notifications;
use crate::web::AppState;
use crate::{AppError, AppResult};

/// How the viewer stands with a post's community.
struct Standing {
    member: bool,
    moderator: bool,
}

async fn standing(db: &Db, viewer: &Viewer, community_id: Option<i64>) -> AppResult<Standing> {
    let role = match community_id {
        Some(c) => crate::moderation::store::role_in(db, c, viewer.id).await?,
        None => None,
    };
    Ok(Standing {
        member: community_id.is_none() || role.is_some(),
        moderator: viewer.is_admin() || matches!(role.as_deref(), Some("owner" | "moderator")),
    })
}

/// The post if the viewer may see it, with their standing; otherwise not found.
async fn visible_post(db: &Db, viewer: &Viewer, id: i64) -> AppResult<(PostRow, Standing)> {
    let post = store::find(db, id).await?.ok_or(AppError::NotFound)?;
    let s = &post.summary;
    let standing = standing(db, viewer, s.community.as_ref().map(|c| c.id)).await?;
    let mine = s.author.as_ref().is_some_and(|a| a.id == viewer.id);
    let private = s.community.as_ref().is_some_and(|c| c.private);
    if (private && !standing.member)
        || (s.draft && !mine)
        || (s.hidden && !mine && !standing.moderator)
    {
        return Err(AppError::NotFound);
    }
    Ok((post, standing))
}

fn is_author(post: &PostSummary, viewer: &Viewer) -> bool {
    post.author.as_ref().is_some_and(|a| a.id == viewer.id)
}

/// The handles mentioned in a text: `@word.word` (letters, digits, dots).
pub fn mentions(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find('@') {
        let before = rest[..at].chars().next_back();
        rest = &rest[at + 1..];
        if before.is_some_and(|c| c.is_alphanumeric()) {
            continue; // an e-mail address
        }
        let end = rest
            .find(|c: char| !(c.is_alphanumeric() || c == '.'))
            .unwrap_or(rest.len());
        let h = crate::db::dialect::fold(rest[..end].trim_end_matches('.'));
        if h.len() >= 2 && !out.contains(&h) {
            out.push(h);
        }
    }
    out
}

// ---- reading ----

/// Whether the viewer moderates anything: an admin, or an owner or moderator of a community.
pub async fn moderates_anything(db: &Db, viewer: &Viewer) -> AppResult<bool> {
    Ok(viewer.is_admin() || crate::moderation::store::moderates_any(db, viewer.id).await?)
}

pub async fn feed(
    db: &Db,
    viewer: &Viewer,
    filter: &PostFilter,
    sort: FeedSort,
) -> AppResult<PostPage> {
    let mut items = store::feed(db, viewer.id, filter, sort).await?;
    Ok(page_of(&mut items, filter.page))
}

fn page_of(items: &mut Vec<PostSummary>, page: i64) -> PostPage {
    let more = items.len() as i64 > PAGE_SIZE;
    items.truncate(PAGE_SIZE as usize);
    PostPage {
        items: std::mem::take(items),
        page: page.max(1),
        next_page: more.then_some(page.max(1) + 1),
    }
}

/// What the home page shows of knowledge: questions suggested to the viewer that still wait
/// for an answer, and the latest activity.
pub async fn for_home(db: &Db, viewer: &Viewer) -> AppResult<(Vec<PostSummary>, Vec<PostSummary>)> {
    let waiting = store::routed_to(db, viewer.id, 5).await?;
    let mut latest = store::feed(db, viewer.id, &PostFilter::default(), FeedSort::Activity).await?;
    latest.truncate(5);
    Ok((waiting, latest))
}

pub async fn drafts(db: &Db, viewer: &Viewer) -> AppResult<Vec<PostSummary>> {
    Ok(store::drafts(db, viewer.id).await?)
}

pub async fn bookmarks(db: &Db, viewer: &Viewer) -> AppResult<Vec<PostSummary>> {
    Ok(store::bookmarks(db, viewer.id).await?)
}

pub async fn followed_tags(db: &Db, viewer: &Viewer) -> AppResult<Vec<String>> {
    Ok(store::followed_tags(db, viewer.id).await?)
}

pub async fn top_tags(db: &Db, viewer: &Viewer, limit: i64) -> AppResult<Vec<TagCount>> {
    Ok(store::top_tags(db, viewer.id, limit)
        .await?
        .into_iter()
        .map(|(tag, posts)| TagCount { tag, posts })
        .collect())
}

/// A post with its answers, comments, the viewer's votes and marks, and related posts.
pub async fn post(db: &Db, viewer: &Viewer, id: i64) -> AppResult<Post> {
    let (row, standing) = visible_post(db, viewer, id).await?;
    let s = &row.summary;
    let mine = is_author(s, viewer);
    let open = !s.draft && !s.locked && !s.hidden;
    let mut answers = if s.kind.is_question() {
        store::answers(db, id, viewer.id).await?
    } else {
        Vec::new()
    };
    answers.retain(|a| {
        !a.hidden || standing.moderator || a.author.as_ref().is_some_and(|u| u.id == viewer.id)
    });
    let mut comments = store::comments(db, id).await?;
    comments.retain(|c| {
        !c.hidden || standing.moderator || c.author.as_ref().is_some_and(|u| u.id == viewer.id)
    });
    for answer in &mut answers {
        answer.accepted = row.accepted_answer_id == Some(answer.id);
        answer.comments = comments
            .iter()
            .filter(|c| c.answer_id == Some(answer.id))
            .cloned()
            .collect();
    }
    // The accepted answer first, then by score.
    answers.sort_by_key(|a| (!a.accepted, -a.score, a.id));
    let comments = comments
        .into_iter()
        .filter(|c| c.answer_id.is_none())
        .collect();
    let related = if s.draft {
        Vec::new()
    } else {
        super::search::related(db, viewer.id, s).await?
    };
    Ok(Post {
        body_html: crate::markdown::render(&row.body),
        body: row.body.clone(),
        revision: row.revision,
        updated_at: row.updated_at,
        my_vote: store::my_vote(db, viewer.id, "post", id).await?,
        bookmarked: store::has(db, Mark::Bookmark, viewer.id, &Param::Int(id)).await?,
        following: store::has(db, Mark::FollowPost, viewer.id, &Param::Int(id)).await?,
        accepted_answer_id: row.accepted_answer_id,
        permissions: PostPermissions {
            edit: mine || standing.moderator,
            answer: open && s.kind.is_question() && standing.member,
            comment: open && standing.member,
            vote: open && !mine,
            accept: mine && s.kind.is_question() && !s.locked,
            moderate: standing.moderator,
        },
        answers,
        comments,
        related,
        summary: row.summary,
    })
}

// ---- writing ----

/// Publishes (or saves as a draft) a new post. Posting in a community takes being its member.
pub async fn create(db: &Db, viewer: &Viewer, input: &PostInput) -> AppResult<PostSummary> {
    let text = PostText::new(&input.title, &input.body, &input.tags)?;
    if let Some(c) = input.community_id {
        let community = crate::communities::store::find(db, c).await?;
        let role = crate::moderation::store::role_in(db, c, viewer.id).await?;
        match (community, role) {
            (Some(_), Some(_)) => {}
            // A private community the viewer is not in does not exist for them.
            (Some(found), None) if found.visibility != Visibility::Private => {
                return Err(AppError::invalid(
                    "community_id",
                    "join the community before posting in it",
                ));
            }
            _ => {
                return Err(AppError::invalid("community_id", "no such community"));
            }
        }
    }
    let mut tx = db.pool.begin().await?;
    let id = store::insert_post(
        &mut tx,
        db.backend,
        &NewPost {
            kind: input.kind,
            community_id: input.community_id,
            author_id: viewer.id,
            text: &text,
            draft: input.draft,
        },
    )
    .await?;
    tx.commit().await?;
    let (row, _) = visible_post(db, viewer, id).await?;
    if !input.draft {
        notify_published(db, viewer, &row.summary, &text.body).await?;
    }
    Ok(row.summary)
}

/// Saves a new revision (author, community moderators, admins); a draft's author may publish it.
pub async fn update(
    db: &Db,
    viewer: &Viewer,
    id: i64,
    patch: &PostPatch,
) -> AppResult<PostSummary> {
    let (row, standing) = visible_post(db, viewer, id).await?;
    if !is_author(&row.summary, viewer) && !standing.moderator {
        return Err(AppError::forbidden(
            "only the author and the community's moderators can edit this",
        ));
    }
    let text = PostText::new(
        patch.title.as_deref().unwrap_or(&row.summary.title),
        patch.body.as_deref().unwrap_or(&row.body),
        patch.tags.as_deref().unwrap_or(&row.summary.tags),
    )?;
    let note = patch.note.as_deref().unwrap_or("").trim();
    if note.chars().count() > 200 {
        return Err(AppError::invalid("note", "keep the note to 200 characters"));
    }
    let mut tx = db.pool.begin().await?;
    let published = store::revise(
        &mut tx,
        db.backend,
        id,
        &text,
        viewer.id,
        note,
        patch.publish,
    )
    .await?;
    tx.commit().await?;
    let (row, _) = visible_post(db, viewer, id).await?;
    if published {
        notify_published(db, viewer, &row.summary, &text.body).await?;
    }
    Ok(row.summary)
}

/// Deletes a draft (its author) or any post (admins).
pub async fn delete(db: &Db, viewer: &Viewer, id: i64) -> AppResult<()> {
    let (row, _) = visible_post(db, viewer, id).await?;
    if !(viewer.is_admin() || row.summary.draft && is_author(&row.summary, viewer)) {
        return Err(AppError::forbidden(
            "only drafts can be deleted by their author; ask an admin or a moderator to hide a post",
        ));
    }
    Ok(store::delete_post(db, id).await?)
}

pub async fn revisions(
    db: &Db,
    viewer: &Viewer,
    id: i64,
) -> AppResult<(PostSummary, Vec<Revision>)> {
    let (row, _) = visible_post(db, viewer, id).await?;
    Ok((row.summary, store::revisions(db, id).await?))
}

/// A revision with the line diff from `compare` (default: the revision before it).
pub async fn revision(
    db: &Db,
    viewer: &Viewer,
    id: i64,
    number: i64,
    compare: Option<i64>,
) -> AppResult<(PostSummary, RevisionDetail)> {
    let (row, _) = visible_post(db, viewer, id).await?;
    let (revision, body) = store::revision_body(db, id, number)
        .await?
        .ok_or(AppError::NotFound)?;
    let base = compare.unwrap_or(number - 1);
    let before = if base >= 1 && base != number {
        store::revision_body(db, id, base).await?
    } else {
        None
    };
    let compared_with = before.as_ref().map(|(r, _)| r.number);
    let diff = match &before {
        Some((r, old)) => super::diff::lines(
            &format!("# {}\n\n{}", r.title, old),
            &format!("# {}\n\n{}", revision.title, body),
        ),
        None => super::diff::lines("", &format!("# {}\n\n{}", revision.title, body)),
    };
    Ok((
        row.summary,
        RevisionDetail {
            revision,
            body,
            compared_with,
            diff,
        },
    ))
}

/// Makes an old revision the current text again, as a new revision.
pub async fn restore(db: &Db, viewer: &Viewer, id: i64, number: i64) -> AppResult<PostSummary> {
    let (revision, body) = store::revision_body(db, id, number)
        .await?
        .ok_or(AppError::NotFound)?;
    update(
        db,
        viewer,
        id,
        &PostPatch {
            title: Some(revision.title),
            body: Some(body),
            tags: Some(revision.tags),
            note: Some(format!("Restored revision {number}")),
            publish: false,
        },
    )
    .await
}

pub async fn answer(db: &Db, viewer: &Viewer, post_id: i64, body: &str) -> AppResult<i64> {
    let p = post(db, viewer, post_id).await?;
    if !p.summary.kind.is_question() {
        return Err(AppError::invalid(
            "body",
            "only questions take answers; comment instead",
        ));
    }
    if !p.permissions.answer {
        return Err(refusal(&p.summary));
    }
    let body = check_body("body", body, MAX_BODY)?;
    let id = store::insert_answer(db, post_id, viewer.id, &body).await?;
    // The answerer follows the question from now on.
    store::set_mark(db, Mark::FollowPost, viewer.id, &Param::Int(post_id), true).await?;
    let message = format!("{} answered \"{}\"", viewer.name, p.summary.title);
    notify_followers(
        db,
        viewer,
        &p.summary,
        "knowledge.answer",
        &message,
        &format!("/knowledge/{post_id}#answer-{id}"),
    )
    .await?;
    notify_mentions(db, viewer, &p.summary, &body).await?;
    Ok(id)
}

/// Changes an answer's text: its author (while the thread is open), or a moderator.
pub async fn edit_answer(db: &Db, viewer: &Viewer, answer_id: i64, body: &str) -> AppResult<i64> {
    let (post_id, author, _) = store::answer_owner(db, answer_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = post(db, viewer, post_id).await?;
    // An answer the viewer cannot see (hidden, not theirs) does not exist for them.
    if !p.answers.iter().any(|a| a.id == answer_id) {
        return Err(AppError::NotFound);
    }
    let mine = author == Some(viewer.id);
    if !(p.permissions.moderate || mine && !p.summary.locked) {
        return Err(AppError::forbidden(if mine {
            "this thread is locked"
        } else {
            "only the author and moderators can edit an answer"
        }));
    }
    let body = check_body("body", body, MAX_BODY)?;
    store::update_answer(db, answer_id, post_id, &body).await?;
    Ok(post_id)
}

/// The text of an answer the viewer may edit, with its question.
pub async fn answer_for_edit(
    db: &Db,
    viewer: &Viewer,
    answer_id: i64,
) -> AppResult<(PostSummary, Answer)> {
    let (post_id, _, _) = store::answer_owner(db, answer_id)
        .await?
        .ok_or(AppError::NotFound)?;
    let p = post(db, viewer, post_id).await?;
    let answer = p
        .answers
        .iter()
        .find(|a| a.id == answer_id)
        .cloned()
        .ok_or(AppError::NotFound)?;
    let mine = answer.author.as_ref().is_some_and(|a| a.id == viewer.id);
    if !(p.permissions.moderate || mine && !p.summary.locked) {
        return Err(AppError::forbidden(
            "only the author and moderators can edit an answer",
        ));
    }
    Ok((p.summary, answer))
}

/// Why the viewer may not add to a post they can see.
fn refusal(post: &PostSummary) -> AppError {
    if post.locked {
        AppError::forbidden("this thread is locked")
    } else if post.draft {
        AppError::forbidden("publish the draft first")
    } else if post.hidden {
        AppError::forbidden("this post is hidden by a moderator")
    } else {
        AppError::forbidden("join the community to take part")
    }
}

pub async fn comment(
    db: &Db,
    viewer: &Viewer,
    post_id: i64,
    input: &CommentInput,
) -> AppResult<i64> {
    let p = post(db, viewer, post_id).await?;
    if !p.permissions.comment {
        return Err(refusal(&p.summary));
    }
    if let Some(a) = input.answer_id
        && !p.answers.iter().any(|x| x.id == a && !x.hidden)
    {
        return Err(AppError::invalid(
            "answer_id",
            "no such answer on this post",
        ));
    }
    let body = check_body("body", &input.body, MAX_COMMENT)?;
    let id = store::insert_comment(db, post_id, input.answer_id, viewer.id, &body).await?;
    let message = format!("{} commented on \"{}\"", viewer.name, p.summary.title);
    notify_followers(
        db,
        viewer,
        &p.summary,
        "knowledge.comment",
        &message,
        &format!("/knowledge/{post_id}#comment-{id}"),
    )
    .await?;
    notify_mentions(db, viewer, &p.summary, &body).await?;
    Ok(id)
}

/// Votes on a post or one of its answers: 1, -1, or 0 to take a vote back. Returns the score.
pub async fn vote(
    db: &Db,
    viewer: &Viewer,
    post_id: i64,
    answer_id: Option<i64>,
    value: i64,
) -> AppResult<i64> {
    if !(-1..=1).contains(&value) {
        return Err(AppError::invalid(
            "value",
            "vote 1 (up), -1 (down) or 0 (take back)",
        ));
    }
    let p = post(db, viewer, post_id).await?;
    if p.summary.draft || p.summary.locked || p.summary.hidden {
        return Err(refusal(&p.summary));
    }
    let (target, target_id, recipient) = match answer_id {
        Some(a) => {
            let answer = p
                .answers
                .iter()
                .find(|x| x.id == a && !x.hidden)
                .ok_or(AppError::NotFound)?;
            ("answer", a, answer.author.as_ref().map(|u| u.id))
        }
        None => ("post", post_id, p.summary.author.as_ref().map(|u| u.id)),
    };
    if recipient == Some(viewer.id) {
        return Err(AppError::forbidden("you cannot vote on what you wrote"));
    }
    Ok(store::set_vote(db, viewer.id, target, target_id, post_id, recipient, value).await?)
}

/// The asker accepts one answer of their question (or none).
pub async fn accept(
    db: &Db,
    viewer: &Viewer,
    post_id: i64,
    answer_id: Option<i64>,
) -> AppResult<()> {
    let p = post(db, viewer, post_id).await?;
    if !p.permissions.accept {
        return Err(AppError::forbidden("only the asker can accept an answer"));
    }
    let Some(a) = answer_id else {
        return Ok(store::set_accepted(db, post_id, None).await?);
    };
    let answer = p
        .answers
        .iter()
        .find(|x| x.id == a && !x.hidden)
        .ok_or_else(|| AppError::invalid("answer_id", "no such answer on this question"))?;
    store::set_accepted(db, post_id, Some(a)).await?;
    if let Some(author) = answer.author.as_ref().filter(|u| u.id != viewer.id) {
        notifications::notify(
            db,
            NewNotification::new(
                author.id,
                "knowledge.accepted",
                format!(
                    "{} accepted your answer to \"{}\"",
                    viewer.name, p.summary.title
                ),
                format!("/knowledge/{post_id}#answer-{a}"),
            ),
        )
        .await?;
    }
    Ok(())
}

/// Bookmarks or follows a post the viewer can see, or stops.
pub async fn mark_post(
    db: &Db,
    viewer: &Viewer,
    post_id: i64,
    mark: Mark,
    on: bool,
) -> AppResult<()> {
    visible_post(db, viewer, post_id).await?;
    Ok(store::set_mark(db, mark, viewer.id, &Param::Int(post_id), on).await?)
}

pub async fn follow_tag(db: &Db, viewer: &Viewer, tag: &str, on: bool) -> AppResult<String> {
    let tag = normalize_tag(tag)?;
    store::set_mark(
        db,
        Mark::FollowTag,
        viewer.id,
        &Param::Text(tag.clone()),
        on,
    )
    .await?;
    Ok(tag)
}

pub async fn follows_tag(db: &Db, viewer: &Viewer, tag: &str) -> AppResult<bool> {
    Ok(store::has(
        db,
        Mark::FollowTag,
        viewer.id,
        &Param::Text(tag.to_string()),
    )
    .await?)
}

// ---- notifications ----

async fn notify_published(
    db: &Db,
    viewer: &Viewer,
    post: &PostSummary,
    body: &str,
) -> AppResult<()> {
    if !post.tags.is_empty() {
        let followers = store::followers(db, post.id, &post.tags).await?;
        let message = format!(
            "New {} in {}: \"{}\"",
            post.kind.label().to_lowercase(),
            post.tags.join(", "),
            post.title
        );
        send(
            db,
            viewer,
            post,
            &followers,
            "knowledge.tag",
            &message,
            &format!("/knowledge/{}", post.id),
        )
        .await?;
    }
    notify_mentions(db, viewer, post, body).await
}

async fn notify_followers(
    db: &Db,
    viewer: &Viewer,
    post: &PostSummary,
    kind: &str,
    message: &str,
    link: &str,
) -> AppResult<()> {
    let followers = store::followers(db, post.id, &[]).await?;
    send(db, viewer, post, &followers, kind, message, link).await
}

async fn notify_mentions(
    db: &Db,
    viewer: &Viewer,
    post: &PostSummary,
    text: &str,
) -> AppResult<()> {
    let handles = mentions(text);
    if handles.is_empty() {
        return Ok(());
    }
    let mentioned = store::members_by_handle(db, &handles).await?;
    let message = format!("{} mentioned you in \"{}\"", viewer.name, post.title);
    send(
        db,
        viewer,
        post,
        &mentioned,
        "knowledge.mention",
        &message,
        &format!("/knowledge/{}", post.id),
    )
    .await
}

/// Notifies those of `user_ids` who may see the post, never the viewer.
async fn send(
    db: &Db,
    viewer: &Viewer,
    post: &PostSummary,
    user_ids: &[i64],
    kind: &str,
    message: &str,
    link: &str,
) -> AppResult<()> {
    let ids: Vec<i64> = user_ids
        .iter()
        .copied()
        .filter(|id| *id != viewer.id)
        .collect();
    let private = post.community.as_ref().is_some_and(|c| c.private);
    let recipients =
        store::who_may_see(db, post.community.as_ref().map(|c| c.id), private, &ids).await?;
    let items: Vec<NewNotification> = recipients
        .into_iter()
        .map(|id| NewNotification::new(id, kind, message, link))
        .collect();
    if !items.is_empty() {
        notifications::notify_many(db, &items).await?;
    }
    Ok(())
}

// ---- unanswered questions ----

/// How many members an unanswered question is suggested to.
pub const ROUTES_PER_QUESTION: i64 = 3;

/// How many questions one round of the router considers at most.
const ROUTED_PER_ROUND: i64 = 50;

/// Suggests questions unanswered for `after_secs` to the members most likely to know (their
/// skill level on the question's tags, their accepted answers there), who may see the question
/// and have not muted such suggestions; each gets one notification. Each question is considered
/// once. Returns who was asked.
pub async fn route_unanswered(db: &Db, after_secs: i64) -> AppResult<Vec<RoutedQuestion>> {
    let before = crate::db::now() - after_secs;
    let mut routed = Vec::new();
    for question in store::unanswered(db, before, ROUTED_PER_ROUND).await? {
        let mut candidates = store::likely_experts(db, question.id, &question.tags).await?;
        if let Some(author) = &question.author {
            candidates.retain(|(id, _, _)| *id != author.id);
        }
        // Strongest evidence first; one line of reason per member (their best).
        candidates.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        let mut seen = HashSet::new();
        candidates.retain(|(id, _, _)| seen.insert(*id));
        let community = question.community.as_ref();
        let private = community.is_some_and(|c| c.private);
        // Who may see it, a few candidates at a time: a popular tag has thousands of them and
        // three are asked.
        let mut chosen = Vec::new();
        for chunk in candidates.chunks(16) {
            let ids: Vec<i64> = chunk.iter().map(|c| c.0).collect();
            let allowed = store::who_may_see(db, community.map(|c| c.id), private, &ids).await?;
            chosen.extend(
                chunk
                    .iter()
                    .filter(|c| allowed.contains(&c.0))
                    .take(ROUTES_PER_QUESTION as usize - chosen.len())
                    .cloned(),
            );
            if chosen.len() >= ROUTES_PER_QUESTION as usize {
                break;
            }
        }
        for (user_id, _, reason) in chosen {
            store::record_route(db, question.id, user_id, &reason).await?;
            notifications::notify(
                db,
                NewNotification::new(
                    user_id,
                    "knowledge.route",
                    format!(
                        "Can you answer \"{}\"? Suggested to you: {reason}",
                        question.title
                    ),
                    format!("/knowledge/{}", question.id),
                ),
            )
            .await?;
            routed.push(RoutedQuestion {
                post_id: question.id,
                user_id,
                reason,
            });
        }
        store::mark_routed(db, question.id).await?;
    }
    Ok(routed)
}

/// Runs [`route_unanswered`] every ten minutes, the first time ten minutes after start (a
/// server restarted often does not add rounds), for questions unanswered for a day.
pub fn spawn_router(state: AppState) {
    tokio::spawn(async move {
        let period = std::time::Duration::from_secs(600);
        let mut tick = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
        loop {
            tick.tick().await;
            if let Err(e) = route_unanswered(&state.db, 24 * 3600).await {
                tracing::warn!("routing unanswered questions failed: {e}");
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn handles_fold_names_and_mentions_skip_email_addresses() {
        assert_eq!(handle("José Núñez"), "jose.nunez");
        assert_eq!(
            mentions("thanks @jose.nunez and @Ana. mail ana@example.org"),
            ["jose.nunez", "ana"]
        );
    }
}
