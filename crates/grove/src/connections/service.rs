//! Connection rules: whom one may ask, who answers, who may endorse what.

use super::model::{ConnectionOverview, ConnectionState, Relationship};
use super::store;
use crate::auth::model::Viewer;
use crate::db::Db;
use crate::{AppError, AppResult};

async fn require_member(db: &Db, id: i64) -> AppResult<()> {
    if store::active_member_exists(db, id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

pub async fn relationship(db: &Db, viewer: &Viewer, other: i64) -> AppResult<Relationship> {
    if viewer.id == other {
        return Ok(Relationship {
            connection: ConnectionState::Myself,
            following: false,
        });
    }
    let connection = match store::pair_row(db, viewer.id, other).await? {
        None => ConnectionState::None,
        Some(p) if p.accepted => ConnectionState::Connected,
        Some(p) if p.requester_id == viewer.id => ConnectionState::RequestSent,
        Some(_) => ConnectionState::RequestReceived,
    };
    Ok(Relationship {
        connection,
        following: store::is_following(db, viewer.id, other).await?,
    })
}

/// Sends a connection request. Asking someone who already asked you accepts their request.
pub async fn request(
    db: &Db,
    viewer: &Viewer,
    other: i64,
    message: &str,
) -> AppResult<Relationship> {
    if other == viewer.id {
        return Err(AppError::invalid(
            "user_id",
            "you cannot connect with yourself",
        ));
    }
    let message = message.trim();
    if message.chars().count() > 500 {
        return Err(AppError::invalid("message", "use at most 500 characters"));
    }
    require_member(db, other).await?;
    match relationship(db, viewer, other).await?.connection {
        ConnectionState::Connected => return Err(AppError::conflict("you are already connected")),
        ConnectionState::RequestSent => {
            return Err(AppError::conflict(
                "you already sent a request; wait for an answer",
            ));
        }
        ConnectionState::RequestReceived => {
            store::accept(db, other, viewer.id).await?;
        }
        _ => {
            if !store::insert_request(db, viewer.id, other, message).await? {
                return Err(AppError::conflict("a request between you already exists"));
            }
        }
    }
    relationship(db, viewer, other).await
}

pub async fn accept(db: &Db, viewer: &Viewer, requester: i64) -> AppResult<()> {
    if store::accept(db, requester, viewer.id).await? {
        Ok(())
    } else {
        Err(AppError::invalid(
            "user_id",
            "there is no pending request from this member",
        ))
    }
}

pub async fn decline(db: &Db, viewer: &Viewer, requester: i64) -> AppResult<()> {
    if store::delete(db, viewer.id, requester, Some(requester)).await? {
        Ok(())
    } else {
        Err(AppError::invalid(
            "user_id",
            "there is no pending request from this member",
        ))
    }
}

pub async fn withdraw(db: &Db, viewer: &Viewer, addressee: i64) -> AppResult<()> {
    if store::delete(db, viewer.id, addressee, Some(viewer.id)).await? {
        Ok(())
    } else {
        Err(AppError::invalid(
            "user_id",
            "you have no pending request to this member",
        ))
    }
}

pub async fn remove(db: &Db, viewer: &Viewer, other: i64) -> AppResult<()> {
    if store::delete(db, viewer.id, other, None).await? {
        Ok(())
    } else {
        Err(AppError::invalid(
            "user_id",
            "you are not connected with this member",
        ))
    }
}

/// Cancels whatever stands between the viewer and `other`: withdraws a request they sent,
/// declines one they received, or removes the connection.
pub async fn disconnect(db: &Db, viewer: &Viewer, other: i64) -> AppResult<()> {
    match relationship(db, viewer, other).await?.connection {
        ConnectionState::RequestSent => withdraw(db, viewer, other).await,
        ConnectionState::RequestReceived => decline(db, viewer, other).await,
        ConnectionState::Connected => remove(db, viewer, other).await,
        _ => Err(AppError::NotFound),
    }
}

pub async fn follow(db: &Db, viewer: &Viewer, other: i64) -> AppResult<()> {
    if other == viewer.id {
        return Err(AppError::invalid("user_id", "you cannot follow yourself"));
    }
    require_member(db, other).await?;
    Ok(store::follow(db, viewer.id, other).await?)
}

pub async fn unfollow(db: &Db, viewer: &Viewer, other: i64) -> AppResult<()> {
    Ok(store::unfollow(db, viewer.id, other).await?)
}

/// Only a connection can endorse, and only a skill the member lists.
pub async fn endorse(db: &Db, viewer: &Viewer, member: i64, skill_id: i64) -> AppResult<()> {
    if member == viewer.id {
        return Err(AppError::invalid("user_id", "you cannot endorse yourself"));
    }
    if !store::are_connected(db, viewer.id, member).await? {
        return Err(AppError::forbidden("only connections can endorse skills"));
    }
    if !store::has_skill(db, member, skill_id).await? {
        return Err(AppError::invalid(
            "skill_id",
            "this member does not list that skill",
        ));
    }
    Ok(store::endorse(db, viewer.id, member, skill_id).await?)
}

pub async fn unendorse(db: &Db, viewer: &Viewer, member: i64, skill_id: i64) -> AppResult<()> {
    Ok(store::unendorse(db, viewer.id, member, skill_id).await?)
}

pub async fn overview(db: &Db, viewer: &Viewer) -> AppResult<ConnectionOverview> {
    Ok(ConnectionOverview {
        connections: store::entries(db, viewer.id, "accepted", false).await?,
        incoming: store::entries(db, viewer.id, "pending", true).await?,
        outgoing: store::entries(db, viewer.id, "pending", false).await?,
        following: store::following(db, viewer.id).await?,
        followers: store::follower_count(db, viewer.id).await?,
    })
}
