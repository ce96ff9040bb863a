//! Moderation rules: who may flag what, who moderates which content, what each action changes
//! and who hears about it.
//!
//! Who moderates: content in a community, that community's owners and moderators, and admins;
//! organization-wide content, admins only. A private community's content exists only for its
//! members, admins included (as everywhere in Grove): an admin who is not a member of a private
//! community neither sees nor moderates its content, and it is 404 for them as for anyone outside.

use super::model::*;
use super::store::{self, Content};
use crate::auth::model::Viewer;
use crate::communities::model::Visibility;
use crate::db::Db;
use crate::notifications::model::NewNotification;
use crate::{AppError, AppResult};

/// Whether the viewer moderates content of this community (None: organization-wide content):
/// for post pages, to show moderator controls and hidden content.
pub async fn can_moderate(db: &Db, viewer: &Viewer, community_id: Option<i64>) -> AppResult<bool> {
    let Some(community_id) = community_id else {
        return Ok(viewer.is_admin());
    };
    let role = store::role_in(db, community_id, viewer.id).await?;
    if matches!(role.as_deref(), Some("owner" | "moderator")) {
        return Ok(true);
    }
    if !viewer.is_admin() {
        return Ok(false);
    }
    if role.is_some() {
        return Ok(true);
    }
    Ok(crate::communities::store::find(db, community_id)
        .await?
        .is_some_and(|c| c.visibility != Visibility::Private))
}

/// Whether the viewer may see content in this content's community at all (a private one: its
/// members only).
async fn may_see(db: &Db, viewer: &Viewer, content: &Content) -> AppResult<bool> {
    match (content.community_id, content.visibility) {
        (Some(community_id), Some(Visibility::Private)) => {
            Ok(store::role_in(db, community_id, viewer.id).await?.is_some())
        }
        _ => Ok(true),
    }
}

/// "post “Title”", "answer to “Title”", "comment on “Title”".
fn describe(content: &Content) -> String {
    match content.target {
        Target::Post => format!("post “{}”", content.post_title),
        Target::Answer => format!("answer to “{}”", content.post_title),
        Target::Comment => format!("comment on “{}”", content.post_title),
    }
}

fn post_link(post_id: i64) -> String {
    format!("/knowledge/{post_id}")
}

/// The content a member may flag: published, in a community they may see, and not hidden.
/// Under `post_id` when given (the page it was flagged from).
pub async fn flaggable(
    db: &Db,
    viewer: &Viewer,
    post_id: Option<i64>,
    target: Target,
    target_id: i64,
) -> AppResult<Content> {
    let content = store::content(db, target, target_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !content.published
        || post_id.is_some_and(|p| p != content.post_id)
        || !may_see(db, viewer, &content).await?
    {
        return Err(AppError::NotFound);
    }
    if content.hidden || content.parent_hidden {
        // Only its author and moderators still see hidden content; for everyone else it is gone.
        let sees_hidden = content.author_id == Some(viewer.id)
            || can_moderate(db, viewer, content.community_id).await?;
        return Err(if sees_hidden {
            AppError::conflict(format!(
                "this {} is hidden already",
                content.target.as_str()
            ))
        } else {
            AppError::NotFound
        });
    }
    Ok(content)
}

/// Any member who can see a post, answer or comment flags it, once while the flag is open.
pub async fn flag(
    db: &Db,
    viewer: &Viewer,
    post_id: Option<i64>,
    input: &FlagInput,
) -> AppResult<Flag> {
    let note = input.validate()?;
    let content = flaggable(db, viewer, post_id, input.target, input.target_id).await?;
    if content.author_id == Some(viewer.id) {
        return Err(AppError::invalid(
            "target_id",
            format!(
                "you wrote this {}: edit or delete it rather than flag it",
                content.target.as_str()
            ),
        ));
    }
    store::insert_flag(db, &content, viewer.id, input.reason, &note)
        .await?
        .ok_or_else(|| {
            AppError::conflict(format!(
                "you have already flagged this {}; the moderators will look at it",
                content.target.as_str()
            ))
        })
}

/// The content, if the viewer moderates it: 404 when they may not see it, 403 when they see it
/// but do not moderate it.
async fn moderated(db: &Db, viewer: &Viewer, target: Target, id: i64) -> AppResult<Content> {
    let content = store::content(db, target, id)
        .await?
        .ok_or(AppError::NotFound)?;
    // A draft is its author's alone; nobody moderates it.
    if !content.published || !may_see(db, viewer, &content).await? {
        return Err(AppError::NotFound);
    }
    if !can_moderate(db, viewer, content.community_id).await? {
        return Err(AppError::forbidden(match &content.community_name {
            Some(name) => format!(
                "only the owners and moderators of {name}, and admins, moderate its content"
            ),
            None => "only admins moderate organization-wide content".to_string(),
        }));
    }
    Ok(content)
}

fn nothing_to_do(content: &Content, action: Action) -> AppError {
    let what = content.target.as_str();
    AppError::conflict(match action {
        Action::Hide => format!("this {what} is hidden already"),
        Action::Restore => format!("this {what} is not hidden"),
        Action::Dismiss => format!("this {what} has no open flags"),
        Action::Lock => "this thread is locked already".to_string(),
        Action::Unlock => "this thread is not locked".to_string(),
    })
}

/// Hides, restores or dismisses the flags on a post, answer or comment; locks or unlocks a
/// post's thread (`target` is then the post). One transaction: the change, its flags, the
/// counts and search document, the log entry and the author's notification.
pub async fn act(
    db: &Db,
    viewer: &Viewer,
    target: Target,
    id: i64,
    action: Action,
    input: &ActionInput,
) -> AppResult<LogEntry> {
    let reason = input.validate()?;
    if matches!(action, Action::Lock | Action::Unlock) && target != Target::Post {
        return Err(AppError::invalid(
            "target",
            "only a post's thread is locked",
        ));
    }
    let content = moderated(db, viewer, target, id).await?;
    let mut notifications = Vec::new();
    if let Some(author) = content.author_id
        && author != viewer.id
    {
        let why = if reason.is_empty() {
            String::new()
        } else {
            format!(" (reason: {reason})")
        };
        match action {
            Action::Hide => notifications.push(NewNotification::new(
                author,
                "moderation.hidden",
                format!(
                    "A moderator hid your {}{why}. Only you, the moderators and admins see it now.",
                    describe(&content)
                ),
                post_link(content.post_id),
            )),
            Action::Restore => notifications.push(NewNotification::new(
                author,
                "moderation.restored",
                format!(
                    "A moderator restored your {}{why}: everyone who can see the thread sees it again.",
                    describe(&content)
                ),
                post_link(content.post_id),
            )),
            _ => {}
        }
    }
    let log_id = store::apply(db, viewer.id, &content, action, &reason, &notifications)
        .await?
        .ok_or_else(|| nothing_to_do(&content, action))?;
    store::log_entry_by_id(db, viewer.id, log_id)
        .await?
        .ok_or(AppError::NotFound)
}

/// Whether the viewer moderates anything at all: admins, and owners and moderators of a
/// community. The queue and the log are theirs.
async fn moderator_anywhere(db: &Db, viewer: &Viewer) -> AppResult<()> {
    if viewer.is_admin() || store::moderates_any(db, viewer.id).await? {
        Ok(())
    } else {
        Err(AppError::forbidden(
            "moderation is for the owners and moderators of communities, and admins",
        ))
    }
}

pub const QUEUE_PER_PAGE: i64 = 20;
pub const LOG_PER_PAGE: i64 = 50;

/// The open flags the viewer may act on, grouped by content, most flagged first.
pub async fn queue(db: &Db, viewer: &Viewer, page: i64, per_page: i64) -> AppResult<Queue> {
    moderator_anywhere(db, viewer).await?;
    let (total, rows) = store::queue(
        db,
        viewer.id,
        viewer.is_admin(),
        per_page,
        (page - 1).saturating_mul(per_page),
    )
    .await?;
    let mut post_ids: Vec<i64> = rows.iter().map(|r| r.post_id).collect();
    post_ids.sort_unstable();
    post_ids.dedup();
    let flags = store::open_flags(db, &post_ids).await?;
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        // Deleted since the page was counted: left out.
        let Some(content) = store::content(db, row.target, row.target_id).await? else {
            continue;
        };
        let notes: Vec<FlagNote> = flags
            .iter()
            .filter(|(t, id, _)| *t == row.target && *id == row.target_id)
            .map(|(_, _, note)| note.clone())
            .collect();
        let mut reasons: Vec<ReasonCount> = FlagReason::ALL
            .iter()
            .map(|&reason| ReasonCount {
                reason,
                count: notes.iter().filter(|n| n.reason == reason).count() as i64,
            })
            .filter(|r| r.count > 0)
            .collect();
        reasons.sort_by_key(|r| -r.count);
        let excerpt = match content.target {
            Target::Post => excerpt(&format!("{}: {}", content.post_title, content.body)),
            _ => excerpt(&content.body),
        };
        items.push(QueueItem {
            target: row.target,
            target_id: row.target_id,
            post_id: row.post_id,
            post_title: content.post_title,
            community_id: content.community_id,
            community_name: content.community_name,
            author_id: content.author_id,
            author: content.author,
            excerpt,
            hidden: content.hidden,
            locked: content.locked,
            flag_count: row.flag_count,
            reasons,
            flags: notes,
            first_flagged_at: row.first_flagged_at,
            link: post_link(row.post_id),
        });
    }
    Ok(Queue {
        total,
        page,
        per_page,
        items,
    })
}

/// The moderation log, newest first: admins see every entry, community owners and moderators
/// those of their communities.
pub async fn log(db: &Db, viewer: &Viewer, page: i64, per_page: i64) -> AppResult<LogPage> {
    moderator_anywhere(db, viewer).await?;
    let (total, items) = store::log(
        db,
        viewer.id,
        viewer.is_admin(),
        per_page,
        (page - 1).saturating_mul(per_page),
    )
    .await?;
    Ok(LogPage {
        total,
        page,
        per_page,
        items,
    })
}
