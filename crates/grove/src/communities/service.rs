//! Community rules: who may see a community and its members, who may join, ask, invite, answer,
//! change roles and remove, and who hears about what.
//!
//! Privacy: a private community does not exist for anyone who is not a member — lists, counts,
//! pages, the API and suggestions behave as if it did not; the one exception is a member it
//! invites, who sees its name and description to accept or decline. Admins get no exception.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::Instant;

use grove_graph::{BlendWeights, GroupQuery, ProfileSignal, PushOptions, Reason};

use super::model::*;
use super::store::{self, Change, CommunityRow, Standing};
use crate::auth::model::Viewer;
use crate::db::Db;
use crate::network::service::{GRAPH_MAX_AGE, OrgGraph};
use crate::notifications::model::NewNotification;
use crate::web::AppState;
use crate::{AppError, AppResult};

/// A community the viewer may know about, with where they stand in it.
struct Access {
    row: CommunityRow,
    standing: Standing,
}

impl Access {
    fn role(&self) -> Option<CommunityRole> {
        self.standing.role
    }

    fn link(&self) -> String {
        format!("/communities/{}", self.row.slug())
    }

    fn permissions(&self) -> Permissions {
        let role = self.role();
        let visibility = self.row.visibility;
        Permissions {
            join: role.is_none() && visibility == Visibility::Open,
            request: role.is_none()
                && visibility == Visibility::Request
                && !self.standing.request_pending,
            leave: role.is_some(),
            see_members: role.is_some() || visibility == Visibility::Open,
            moderate: role.is_some_and(CommunityRole::moderates),
            manage: role == Some(CommunityRole::Owner),
        }
    }

    /// Members of the community, and everyone for a community that is not private.
    fn insider(self) -> AppResult<Access> {
        if self.row.visibility == Visibility::Private && self.role().is_none() {
            return Err(AppError::NotFound);
        }
        Ok(self)
    }

    fn moderator(self) -> AppResult<Access> {
        let access = self.insider()?;
        if access.permissions().moderate {
            Ok(access)
        } else {
            Err(AppError::forbidden(format!(
                "only the owners and moderators of {} can do this",
                access.row.name
            )))
        }
    }

    fn owner(self) -> AppResult<Access> {
        let access = self.insider()?;
        if access.permissions().manage {
            Ok(access)
        } else {
            Err(AppError::forbidden(format!(
                "only the owners of {} can do this",
                access.row.name
            )))
        }
    }
}

/// The community addressed by `key` (an id or a slug), if the viewer may know it exists: a
/// private one only for its members and the members it invited. NotFound otherwise, the same
/// answer as for a community that does not exist.
async fn access(db: &Db, viewer: &Viewer, key: &str) -> AppResult<Access> {
    let id = parse_key(key).ok_or(AppError::NotFound)?;
    let row = store::find(db, id).await?.ok_or(AppError::NotFound)?;
    let standing = store::standing(db, id, viewer.id).await?;
    if row.visibility == Visibility::Private && standing.role.is_none() && !standing.invited {
        return Err(AppError::NotFound);
    }
    Ok(Access { row, standing })
}

pub async fn list(db: &Db, viewer: &Viewer, query: &ListQuery) -> AppResult<CommunityList> {
    let (total, items) = store::list(db, viewer.id, query).await?;
    Ok(CommunityList {
        total,
        page: query.page,
        per_page: query.per_page,
        items,
    })
}

/// A community's page as the viewer may see it.
pub async fn community(db: &Db, viewer: &Viewer, key: &str) -> AppResult<Community> {
    let access = access(db, viewer, key).await?;
    describe(db, &access).await
}

async fn describe(db: &Db, access: &Access) -> AppResult<Community> {
    let row = &access.row;
    let insider = row.visibility != Visibility::Private || access.role().is_some();
    Ok(Community {
        id: row.id,
        name: row.name.clone(),
        slug: row.slug(),
        description: row.description.clone(),
        description_html: crate::markdown::render(&row.description),
        visibility: row.visibility,
        member_count: row.member_count,
        created_at: row.created_at,
        my_role: access.role(),
        request_pending: access.standing.request_pending,
        invited: access.standing.invited,
        permissions: access.permissions(),
        leaders: if insider {
            store::leaders(db, row.id).await?
        } else {
            Vec::new()
        },
    })
}

async fn require_free_name(db: &Db, viewer: &Viewer, name: &str, except: i64) -> AppResult<()> {
    if store::visible_name_taken(db, viewer.id, name, except).await? {
        return Err(AppError::invalid(
            "name",
            format!("a community called “{name}” already exists; join it, or choose another name"),
        ));
    }
    Ok(())
}

/// Any member creates a community and becomes its owner.
pub async fn create(db: &Db, viewer: &Viewer, input: &CommunityInput) -> AppResult<Community> {
    let new = input.validate()?;
    require_free_name(db, viewer, &new.name, 0).await?;
    let id = store::create(db, viewer.id, &new).await?;
    community(db, viewer, &id.to_string()).await
}

/// Owners change the name, description and visibility.
pub async fn update(
    db: &Db,
    viewer: &Viewer,
    key: &str,
    patch: &CommunityPatch,
) -> AppResult<Community> {
    let access = access(db, viewer, key).await?.owner()?;
    let new = patch.apply(&access.row.fields())?;
    if name_key(&new.name) != name_key(&access.row.name) {
        require_free_name(db, viewer, &new.name, access.row.id).await?;
    }
    store::update(db, access.row.id, &new).await?;
    community(db, viewer, &access.row.id.to_string()).await
}

/// Owners delete a community, with its memberships, requests and invitations.
pub async fn delete(db: &Db, viewer: &Viewer, key: &str) -> AppResult<()> {
    let access = access(db, viewer, key).await?.owner()?;
    Ok(store::delete(db, access.row.id).await?)
}

fn already_member(access: &Access) -> AppError {
    AppError::conflict(format!("you are already a member of {}", access.row.name))
}

/// Joins an open community. A by-request one takes a request instead; a private one, an
/// invitation.
pub async fn join(db: &Db, viewer: &Viewer, key: &str) -> AppResult<Community> {
    let access = access(db, viewer, key).await?;
    if access.role().is_some() {
        return Err(already_member(&access));
    }
    match access.row.visibility {
        Visibility::Open => {}
        Visibility::Request => {
            return Err(AppError::conflict(format!(
                "{} takes requests: ask to join, and an owner or moderator will answer",
                access.row.name
            )));
        }
        Visibility::Private => {
            return Err(AppError::conflict(
                "this community is joined by invitation: accept your invitation",
            ));
        }
    }
    if !store::join(db, access.row.id, viewer.id).await? {
        return Err(already_member(&access));
    }
    community(db, viewer, &access.row.id.to_string()).await
}

/// Asks to join a by-request community; its owners and moderators hear about it.
pub async fn request(
    db: &Db,
    viewer: &Viewer,
    key: &str,
    input: &RequestInput,
) -> AppResult<Community> {
    let access = access(db, viewer, key).await?;
    if access.role().is_some() {
        return Err(already_member(&access));
    }
    match access.row.visibility {
        Visibility::Request => {}
        Visibility::Open => {
            return Err(AppError::conflict(format!(
                "{} is open: join it directly",
                access.row.name
            )));
        }
        Visibility::Private => {
            return Err(AppError::conflict(
                "this community is joined by invitation: accept your invitation",
            ));
        }
    }
    let pending = || {
        AppError::conflict(format!(
            "you have already asked to join {}; an owner or moderator will answer",
            access.row.name
        ))
    };
    if access.standing.request_pending {
        return Err(pending());
    }
    let message = input.validate()?;
    let text = if message.is_empty() {
        format!("{} asked to join {}.", viewer.name, access.row.name)
    } else {
        format!(
            "{} asked to join {}: “{message}”",
            viewer.name, access.row.name
        )
    };
    let notifications: Vec<NewNotification> = store::leaders(db, access.row.id)
        .await?
        .into_iter()
        .map(|l| NewNotification::new(l.id, "community.request", text.clone(), access.link()))
        .collect();
    if store::insert_request(db, access.row.id, viewer.id, &message, &notifications)
        .await?
        .is_none()
    {
        return Err(pending());
    }
    community(db, viewer, &access.row.id.to_string()).await
}

/// Pending requests (owners and moderators).
pub async fn requests(db: &Db, viewer: &Viewer, key: &str) -> AppResult<Vec<JoinRequest>> {
    let access = access(db, viewer, key).await?.moderator()?;
    Ok(store::pending_requests(db, access.row.id).await?)
}

async fn pending_request(db: &Db, access: &Access, request_id: i64) -> AppResult<i64> {
    match store::request(db, access.row.id, request_id).await? {
        None => Err(AppError::NotFound),
        Some((_, false)) => Err(answered()),
        Some((user, true)) => Ok(user),
    }
}

fn answered() -> AppError {
    AppError::conflict("this request has already been answered")
}

/// Approves a request (owners and moderators): the requester joins and is told.
pub async fn approve(db: &Db, viewer: &Viewer, key: &str, request_id: i64) -> AppResult<()> {
    let access = access(db, viewer, key).await?.moderator()?;
    let requester = pending_request(db, &access, request_id).await?;
    let notification = NewNotification::new(
        requester,
        "community.approved",
        format!(
            "{} approved your request: you are now a member of {}.",
            viewer.name, access.row.name
        ),
        access.link(),
    );
    if store::approve(db, access.row.id, request_id, viewer.id, &[notification]).await? {
        Ok(())
    } else {
        Err(answered())
    }
}

/// Declines a request (owners and moderators); the requester is told.
pub async fn decline(db: &Db, viewer: &Viewer, key: &str, request_id: i64) -> AppResult<()> {
    let access = access(db, viewer, key).await?.moderator()?;
    let requester = pending_request(db, &access, request_id).await?;
    let notification = NewNotification::new(
        requester,
        "community.declined",
        format!("Your request to join {} was declined.", access.row.name),
        access.link(),
    );
    if store::decline(db, access.row.id, request_id, viewer.id, &[notification]).await? {
        Ok(())
    } else {
        Err(answered())
    }
}

/// Invites a member (owners and moderators); the invitee is told — for a private community, the
/// only notification that names it to someone outside.
pub async fn invite(db: &Db, viewer: &Viewer, key: &str, user_id: i64) -> AppResult<()> {
    let access = access(db, viewer, key).await?.moderator()?;
    let Some(name) = store::active_member(db, user_id).await? else {
        return Err(AppError::invalid("user_id", "no active member has this id"));
    };
    let standing = store::standing(db, access.row.id, user_id).await?;
    if standing.role.is_some() {
        return Err(AppError::conflict(format!(
            "{name} is already a member of {}",
            access.row.name
        )));
    }
    let already = || AppError::conflict(format!("{name} is already invited"));
    if standing.invited {
        return Err(already());
    }
    let notification = NewNotification::new(
        user_id,
        "community.invited",
        format!(
            "{} invited you to join {}{}. Accept or decline the invitation on its page.",
            viewer.name,
            access.row.name,
            if access.row.visibility == Visibility::Private {
                " (a private community)"
            } else {
                ""
            }
        ),
        access.link(),
    );
    if store::invite(db, access.row.id, user_id, viewer.id, &[notification]).await? {
        Ok(())
    } else {
        Err(already())
    }
}

/// The invitations waiting for the viewer.
pub async fn invitations(db: &Db, viewer: &Viewer) -> AppResult<Vec<Invitation>> {
    Ok(store::invitations_for(db, viewer.id).await?)
}

fn no_invitation(access: &Access) -> AppError {
    AppError::conflict(format!("you have no invitation to {}", access.row.name))
}

/// Accepts an invitation: the viewer joins, and whoever invited them hears (if still a member).
pub async fn accept_invitation(db: &Db, viewer: &Viewer, key: &str) -> AppResult<Community> {
    let access = access(db, viewer, key).await?;
    if access.role().is_some() {
        return Err(already_member(&access));
    }
    if !access.standing.invited {
        return Err(no_invitation(&access));
    }
    let mut notifications = Vec::new();
    if let Some(Some(inviter)) = store::inviter(db, access.row.id, viewer.id).await?
        && store::standing(db, access.row.id, inviter)
            .await?
            .role
            .is_some()
    {
        notifications.push(NewNotification::new(
            inviter,
            "community.joined",
            format!(
                "{} accepted your invitation and joined {}.",
                viewer.name, access.row.name
            ),
            access.link(),
        ));
    }
    if !store::accept_invitation(db, access.row.id, viewer.id, &notifications).await? {
        return Err(no_invitation(&access));
    }
    community(db, viewer, &access.row.id.to_string()).await
}

/// Declines an invitation. Nobody is told; a private community disappears again for the viewer.
pub async fn decline_invitation(db: &Db, viewer: &Viewer, key: &str) -> AppResult<()> {
    let access = access(db, viewer, key).await?;
    if !store::decline_invitation(db, access.row.id, viewer.id).await? {
        return Err(no_invitation(&access));
    }
    Ok(())
}

/// Leaves a community; its last owner cannot (409) until someone else is an owner.
pub async fn leave(db: &Db, viewer: &Viewer, key: &str) -> AppResult<()> {
    let access = access(db, viewer, key).await?.insider()?;
    match store::remove_member(db, access.row.id, viewer.id, &[]).await? {
        Change::Done => Ok(()),
        Change::NotMember => Err(AppError::conflict(format!(
            "you are not a member of {}",
            access.row.name
        ))),
        Change::LastOwner => Err(AppError::conflict(format!(
            "you are the last owner of {}: make another member an owner first (transfer ownership), then leave",
            access.row.name
        ))),
    }
}

pub const MEMBERS_PER_PAGE: i64 = 100;

/// A page of members: for everyone in an open community, for members only otherwise.
pub async fn members(
    db: &Db,
    viewer: &Viewer,
    key: &str,
    page: i64,
    per_page: i64,
) -> AppResult<MemberPage> {
    let access = access(db, viewer, key).await?.insider()?;
    if !access.permissions().see_members {
        return Err(AppError::forbidden(format!(
            "only members of {} see who is in it",
            access.row.name
        )));
    }
    if page < 1 {
        return Err(AppError::invalid("page", "page starts at 1"));
    }
    if !(1..=200).contains(&per_page) {
        return Err(AppError::invalid("per_page", "per_page is 1 to 200"));
    }
    let (total, items) = store::members(
        db,
        access.row.id,
        per_page,
        (page - 1).saturating_mul(per_page),
    )
    .await?;
    Ok(MemberPage {
        total,
        page,
        per_page,
        items,
    })
}

/// Owners give a member another role (owner, moderator, member); the member is told. The last
/// owner cannot step down until someone else is an owner.
pub async fn set_role(
    db: &Db,
    viewer: &Viewer,
    key: &str,
    user_id: i64,
    role: CommunityRole,
) -> AppResult<()> {
    let access = access(db, viewer, key).await?.owner()?;
    let name = store::active_member(db, user_id).await?.unwrap_or_default();
    let mut notifications = Vec::new();
    if user_id != viewer.id {
        notifications.push(NewNotification::new(
            user_id,
            "community.role",
            format!(
                "{} made you {} of {}.",
                viewer.name,
                match role {
                    CommunityRole::Owner => "an owner",
                    CommunityRole::Moderator => "a moderator",
                    CommunityRole::Member => "a member (no longer owner or moderator)",
                },
                access.row.name
            ),
            access.link(),
        ));
    }
    match store::set_role(db, access.row.id, user_id, role, &notifications).await? {
        Change::Done => Ok(()),
        Change::NotMember => Err(AppError::NotFound),
        Change::LastOwner => Err(AppError::conflict(if user_id == viewer.id {
            format!(
                "you are the last owner of {}: make another member an owner first",
                access.row.name
            )
        } else {
            format!("{name} is the last owner: make another member an owner first")
        })),
    }
}

/// Removes a member: owners remove anyone (but the last owner), moderators plain members only.
/// Removing yourself is leaving.
pub async fn remove(db: &Db, viewer: &Viewer, key: &str, user_id: i64) -> AppResult<()> {
    if user_id == viewer.id {
        return leave(db, viewer, key).await;
    }
    let access = access(db, viewer, key).await?.moderator()?;
    let Some(target_role) = store::standing(db, access.row.id, user_id).await?.role else {
        return Err(AppError::NotFound);
    };
    if access.role() == Some(CommunityRole::Moderator) && target_role != CommunityRole::Member {
        return Err(AppError::forbidden(
            "moderators remove plain members only; ask an owner",
        ));
    }
    // Once removed they are outside: a private community is not named to them.
    let notification = if access.row.visibility == Visibility::Private {
        NewNotification::new(
            user_id,
            "community.removed",
            "You are no longer a member of a private community.",
            "",
        )
    } else {
        NewNotification::new(
            user_id,
            "community.removed",
            format!("{} removed you from {}.", viewer.name, access.row.name),
            access.link(),
        )
    };
    match store::remove_member(db, access.row.id, user_id, &[notification]).await? {
        Change::Done => Ok(()),
        Change::NotMember => Err(AppError::NotFound),
        Change::LastOwner => Err(AppError::conflict(
            "this is the last owner: make another member an owner first",
        )),
    }
}

/// The members of every open and by-request community as nodes of one organization graph: the
/// co-membership suggestions are computed from. Cached with the graph it was mapped onto, and
/// rebuilt with it or after [`GRAPH_MAX_AGE`]; what must be exact per request (the viewer's own
/// communities and requests, and each suggestion's visibility) is read live.
pub struct CoMembership {
    graph_built: Instant,
    built: Instant,
    /// Community ids, by group index.
    ids: Vec<i64>,
    /// Sorted member nodes, by group index.
    groups: Vec<Vec<u32>>,
}

impl CoMembership {
    fn is_fresh_for(&self, org: &OrgGraph) -> bool {
        self.graph_built == org.built && self.built.elapsed() < GRAPH_MAX_AGE
    }
}

async fn co_membership(state: &AppState, org: &OrgGraph) -> AppResult<Arc<CoMembership>> {
    // One request rebuilds; the others wait for it rather than read the same rows again.
    let mut cached = state.cache.communities.lock().await;
    if let Some(c) = cached.as_ref()
        && c.is_fresh_for(org)
    {
        return Ok(c.clone());
    }
    let mut ids: Vec<i64> = Vec::new();
    let mut groups: Vec<Vec<u32>> = Vec::new();
    for (community, user) in store::suggestable_memberships(&state.db).await? {
        if ids.last() != Some(&community) {
            ids.push(community);
            groups.push(Vec::new());
        }
        if let (Some(&node), Some(members)) = (org.index.get(&user), groups.last_mut()) {
            members.push(node);
        }
    }
    for members in &mut groups {
        members.sort_unstable();
        members.dedup();
    }
    let fresh = Arc::new(CoMembership {
        graph_built: org.built,
        built: Instant::now(),
        ids,
        groups,
    });
    *cached = Some(fresh.clone());
    Ok(fresh)
}

/// Stops suggesting a community the viewer may see (one they cannot see is not found).
pub async fn dismiss_suggestion(db: &Db, viewer: &Viewer, key: &str) -> AppResult<()> {
    let community = community(db, viewer, key).await?;
    Ok(store::dismiss_suggestion(db, viewer.id, community.id).await?)
}

/// Communities the viewer may want to join, ranked by grove-graph's `suggest_groups` from
/// where their connections are (and, for open communities, who), how close the members are to
/// them in the network, and how many members share their department. Private communities are
/// never read, and communities the viewer is in, has asked to join or dismissed are never
/// suggested.
pub async fn suggest(
    state: &AppState,
    viewer: &Viewer,
    limit: usize,
) -> AppResult<Vec<SuggestedCommunity>> {
    let org = crate::network::service::graph(state).await?;
    let Some(&me) = org.index.get(&viewer.id) else {
        return Ok(Vec::new());
    };
    let db = &state.db;
    let co = co_membership(state, &org).await?;
    let (ids, groups) = (&co.ids, &co.groups);
    let skip: HashSet<i64> = store::joined_or_requested(db, viewer.id)
        .await?
        .into_iter()
        .collect();
    let excluded: Vec<u32> = ids
        .iter()
        .enumerate()
        .filter(|(_, id)| skip.contains(id))
        .map(|(g, _)| g as u32)
        .collect();
    // Colleagues of the viewer's own department, counted only from the minimum group size up,
    // as every aggregate about people is.
    let min_group = state.config.min_group_size.max(1) as usize;
    let department = org.department_of.get(me as usize).copied().flatten();
    let profile: Vec<ProfileSignal> = match department {
        None => Vec::new(),
        Some(d) => groups
            .iter()
            .enumerate()
            .filter_map(|(g, members)| {
                let same = members
                    .iter()
                    .filter(|&&m| org.department_of.get(m as usize).copied().flatten() == Some(d))
                    .count();
                (same >= min_group).then(|| ProfileSignal {
                    candidate: g as u32,
                    score: 0.5 * same as f64 / members.len().max(1) as f64,
                    reasons: vec![format!(
                        "{same} members work in {}, like you",
                        org.department_names
                            .get(d as usize)
                            .cloned()
                            .unwrap_or_default()
                    )],
                })
            })
            .collect(),
    };
    let query = GroupQuery {
        member: me,
        limit,
        groups,
        excluded: &excluded,
        profile: &profile,
        weights: BlendWeights::default(),
        push: PushOptions::default(),
    };
    let suggestions = grove_graph::suggest_groups(&org.graph, &query)
        .map_err(|e| anyhow::anyhow!("community suggestions: {e}"))?;
    let chosen: Vec<i64> = suggestions.iter().map(|s| ids[s.id as usize]).collect();
    // Read back as the viewer sees them: the privacy rule is applied once more, so a community
    // made private since the memberships were read is not shown.
    let summaries = store::summaries(db, viewer.id, &chosen).await?;
    let name = |m: u32| org.names.get(m as usize).cloned().unwrap_or_default();
    let department_name = |g: u32| {
        org.department_names
            .get(g as usize)
            .cloned()
            .unwrap_or_default()
    };
    Ok(suggestions
        .iter()
        .filter_map(|s| {
            let community = summaries
                .iter()
                .find(|c| c.id == ids[s.id as usize])?
                .clone();
            if community.visibility == Visibility::Private || community.joined {
                return None;
            }
            // Where the viewer's connections are says the most; the engine lists profile
            // reasons (here: the department) first.
            let mut ordered: Vec<&Reason> = s.reasons.iter().collect();
            ordered.sort_by_key(|r| !matches!(r, Reason::ConnectionsInGroup { .. }));
            let reasons = ordered
                .into_iter()
                .map(|reason| match reason {
                    // Who is in a by-request community is for its members to see: say how many.
                    Reason::ConnectionsInGroup { count, .. }
                        if community.visibility != Visibility::Open =>
                    {
                        if *count == 1 {
                            "1 of your connections is a member".to_string()
                        } else {
                            format!("{count} of your connections are members")
                        }
                    }
                    Reason::NearInNetwork { .. } => {
                        "its members are close to you in the network".to_string()
                    }
                    other => other.describe(&name, &department_name),
                })
                .collect();
            Some(SuggestedCommunity {
                community,
                score: s.score,
                reasons,
            })
        })
        .collect())
}
