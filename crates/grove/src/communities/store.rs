//! SQL for communities. Who may see or do what is decided in the service; the reads here that
//! list communities still carry the privacy rule in their WHERE clause (a private community
//! only for its members), so no list or count can include one by accident.
//!
//! Every change of membership runs in one transaction that first touches the community's row
//! (taking its write lock on both engines), so two owners leaving at once cannot leave a
//! community without an owner, and `member_count` is recounted in the same transaction.

use sqlx::Row;
use sqlx::any::AnyRow;

use super::model::{
    CommunityMember, CommunityRole, CommunitySummary, Invitation, JoinRequest, ListFilter,
    ListQuery, NewCommunity, Visibility, name_key, slug, summary,
};
use crate::db::{Db, Param, SqlBuilder, now};
use crate::notifications::model::NewNotification;

type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// A community's own row.
#[derive(Debug, Clone)]
pub struct CommunityRow {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub visibility: Visibility,
    pub member_count: i64,
    pub created_at: i64,
}

impl CommunityRow {
    pub fn slug(&self) -> String {
        slug(self.id, &self.name)
    }

    pub fn fields(&self) -> NewCommunity {
        NewCommunity {
            name: self.name.clone(),
            description: self.description.clone(),
            visibility: self.visibility,
        }
    }
}

/// Where the viewer stands with a community.
#[derive(Debug, Clone, Copy, Default)]
pub struct Standing {
    pub role: Option<CommunityRole>,
    pub request_pending: bool,
    pub invited: bool,
}

pub async fn find(db: &Db, id: i64) -> sqlx::Result<Option<CommunityRow>> {
    sqlx::query(
        "SELECT id, name, description, visibility, member_count, created_at FROM communities WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| {
        Ok(CommunityRow {
            id: r.try_get("id")?,
            name: r.try_get("name")?,
            description: r.try_get("description")?,
            visibility: Visibility::from_db(&r.try_get::<String, _>("visibility")?),
            member_count: r.try_get("member_count")?,
            created_at: r.try_get("created_at")?,
        })
    })
    .transpose()
}

/// The member's role, pending request and invitation, in one round trip.
pub async fn standing(db: &Db, community_id: i64, user_id: i64) -> sqlx::Result<Standing> {
    let r = sqlx::query(
        "SELECT (SELECT role FROM community_members WHERE community_id = $1 AND user_id = $2) AS role, \
         (SELECT COUNT(*) FROM community_requests WHERE community_id = $1 AND user_id = $2 AND status = 'pending') AS pending, \
         (SELECT COUNT(*) FROM community_invitations WHERE community_id = $1 AND user_id = $2) AS invited",
    )
    .bind(community_id)
    .bind(user_id)
    .fetch_one(&db.pool)
    .await?;
    Ok(Standing {
        role: r
            .try_get::<Option<String>, _>("role")?
            .map(|s| CommunityRole::from_db(&s)),
        request_pending: r.try_get::<i64, _>("pending")? > 0,
        invited: r.try_get::<i64, _>("invited")? > 0,
    })
}

/// `%word%` for LIKE, with the wildcards in the word itself escaped.
fn like(word: &str) -> String {
    let mut out = String::with_capacity(word.len() + 2);
    out.push('%');
    for c in word.chars() {
        if matches!(c, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(c);
    }
    out.push('%');
    out
}

const SUMMARY_COLUMNS: &str = "c.id, c.name, c.description, c.visibility, c.member_count, m.role, \
     (SELECT COUNT(*) FROM community_requests r WHERE r.community_id = c.id AND r.user_id = $1 AND r.status = 'pending') AS pending";

/// `FROM ... WHERE ...` of the communities `viewer` may see: every open and by-request one, and
/// the private ones they are a member of. `$1` is the viewer.
fn visible_to(viewer: i64, select: &str) -> SqlBuilder {
    let mut b = SqlBuilder::new(format!("SELECT {select} "));
    b.bind(Param::Int(viewer));
    b.push(
        "FROM communities c LEFT JOIN community_members m ON m.community_id = c.id AND m.user_id = $1 \
         WHERE (c.visibility <> 'private' OR m.user_id IS NOT NULL)",
    );
    b
}

fn summary_from_row(r: &AnyRow) -> sqlx::Result<CommunitySummary> {
    let id: i64 = r.try_get("id")?;
    let name: String = r.try_get("name")?;
    let role = r
        .try_get::<Option<String>, _>("role")?
        .map(|s| CommunityRole::from_db(&s));
    Ok(CommunitySummary {
        id,
        slug: slug(id, &name),
        name,
        visibility: Visibility::from_db(&r.try_get::<String, _>("visibility")?),
        summary: summary(&r.try_get::<String, _>("description")?),
        member_count: r.try_get("member_count")?,
        joined: role.is_some(),
        my_role: role,
        request_pending: r.try_get::<i64, _>("pending")? > 0,
    })
}

/// One page of the communities the viewer may see that match the query, by name; and how many
/// match in all.
pub async fn list(
    db: &Db,
    viewer: i64,
    query: &ListQuery,
) -> sqlx::Result<(i64, Vec<CommunitySummary>)> {
    let filter = |b: &mut SqlBuilder| {
        if query.filter == ListFilter::Mine {
            b.push(" AND m.user_id IS NOT NULL");
        }
        for word in name_key(&query.q).split_whitespace() {
            b.push_bind(
                " AND c.name_key LIKE {} ESCAPE '\\'",
                Param::Text(like(word)),
            );
        }
    };
    let mut count = visible_to(viewer, "COUNT(*)");
    filter(&mut count);
    let total: i64 = count.build().fetch_one(&db.pool).await?.try_get(0)?;
    let mut page = visible_to(viewer, SUMMARY_COLUMNS);
    filter(&mut page);
    page.push(" ORDER BY c.name_key, c.id");
    page.push_bind(" LIMIT {}", Param::Int(query.per_page));
    page.push_bind(
        " OFFSET {}",
        Param::Int((query.page - 1).saturating_mul(query.per_page)),
    );
    let items = page
        .build()
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(summary_from_row)
        .collect::<sqlx::Result<_>>()?;
    Ok((total, items))
}

/// These communities as the viewer sees them in a list, in the order given; any the viewer may
/// not see are left out.
pub async fn summaries(db: &Db, viewer: i64, ids: &[i64]) -> sqlx::Result<Vec<CommunitySummary>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut b = visible_to(viewer, SUMMARY_COLUMNS);
    b.push(" AND c.id IN (");
    for (i, id) in ids.iter().enumerate() {
        if i > 0 {
            b.push(", ");
        }
        b.push_bind("{}", Param::Int(*id));
    }
    b.push(")");
    let found: Vec<CommunitySummary> = b
        .build()
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(summary_from_row)
        .collect::<sqlx::Result<_>>()?;
    Ok(ids
        .iter()
        .filter_map(|id| found.iter().find(|c| c.id == *id).cloned())
        .collect())
}

/// Whether a community the viewer can see (other than `except`) already has this name. A
/// private community the viewer is not in never counts: refusing the name would reveal it.
pub async fn visible_name_taken(
    db: &Db,
    viewer: i64,
    name: &str,
    except: i64,
) -> sqlx::Result<bool> {
    let mut b = visible_to(viewer, "COUNT(*)");
    b.push_bind(" AND c.name_key = {}", Param::Text(name_key(name)));
    b.push_bind(" AND c.id <> {}", Param::Int(except));
    Ok(b.build().fetch_one(&db.pool).await?.try_get::<i64, _>(0)? > 0)
}

/// Takes the community's row lock for the rest of the transaction; false if it is gone.
async fn lock(tx: &mut Tx, community_id: i64) -> sqlx::Result<bool> {
    Ok(
        sqlx::query("UPDATE communities SET member_count = member_count WHERE id = $1")
            .bind(community_id)
            .execute(&mut **tx)
            .await?
            .rows_affected()
            == 1,
    )
}

async fn recount(tx: &mut Tx, community_id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE communities SET member_count = (SELECT COUNT(*) FROM community_members WHERE community_id = $1) WHERE id = $1",
    )
    .bind(community_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn finish(
    db: &Db,
    mut tx: Tx,
    community_id: i64,
    notifications: &[NewNotification],
) -> sqlx::Result<()> {
    recount(&mut tx, community_id).await?;
    crate::notifications::store::insert_in(&mut tx, db.backend, notifications).await?;
    tx.commit().await
}

/// Makes `user` a member with `role` (nothing if they already are), and settles what led there:
/// their invitation is used up, and a pending request of theirs counts as approved.
async fn insert_member(
    tx: &mut Tx,
    community_id: i64,
    user_id: i64,
    role: CommunityRole,
) -> sqlx::Result<bool> {
    let at = now();
    let added = sqlx::query(
        "INSERT INTO community_members (community_id, user_id, role, joined_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (community_id, user_id) DO NOTHING",
    )
    .bind(community_id)
    .bind(user_id)
    .bind(role.as_str())
    .bind(at)
    .execute(&mut **tx)
    .await?
    .rows_affected()
        == 1;
    sqlx::query("DELETE FROM community_invitations WHERE community_id = $1 AND user_id = $2")
        .bind(community_id)
        .bind(user_id)
        .execute(&mut **tx)
        .await?;
    sqlx::query(
        "UPDATE community_requests SET status = 'approved', answered_at = $3 \
         WHERE community_id = $1 AND user_id = $2 AND status = 'pending'",
    )
    .bind(community_id)
    .bind(user_id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(added)
}

/// Creates a community with its creator as owner; returns its id.
pub async fn create(db: &Db, creator: i64, community: &NewCommunity) -> sqlx::Result<i64> {
    let mut tx = db.pool.begin().await?;
    let id: i64 = sqlx::query(
        "INSERT INTO communities (name, name_key, description, visibility, created_by, created_at, member_count) \
         VALUES ($1, $2, $3, $4, $5, $6, 0) RETURNING id",
    )
    .bind(&community.name)
    .bind(name_key(&community.name))
    .bind(&community.description)
    .bind(community.visibility.as_str())
    .bind(creator)
    .bind(now())
    .fetch_one(&mut *tx)
    .await?
    .try_get(0)?;
    insert_member(&mut tx, id, creator, CommunityRole::Owner).await?;
    finish(db, tx, id, &[]).await?;
    Ok(id)
}

/// Saves new settings. Requests still pending are closed when the community stops taking them.
pub async fn update(db: &Db, id: i64, community: &NewCommunity) -> sqlx::Result<()> {
    let mut tx = db.pool.begin().await?;
    sqlx::query(
        "UPDATE communities SET name = $1, name_key = $2, description = $3, visibility = $4 WHERE id = $5",
    )
    .bind(&community.name)
    .bind(name_key(&community.name))
    .bind(&community.description)
    .bind(community.visibility.as_str())
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if community.visibility != Visibility::Request {
        sqlx::query(
            "UPDATE community_requests SET status = 'closed', answered_at = $1 WHERE community_id = $2 AND status = 'pending'",
        )
        .bind(now())
        .bind(id)
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

pub async fn delete(db: &Db, id: i64) -> sqlx::Result<()> {
    sqlx::query("DELETE FROM communities WHERE id = $1")
        .bind(id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

/// Joins (an open community); false if already a member.
pub async fn join(db: &Db, community_id: i64, user_id: i64) -> sqlx::Result<bool> {
    let mut tx = db.pool.begin().await?;
    if !lock(&mut tx, community_id).await? {
        return Ok(false);
    }
    let added = insert_member(&mut tx, community_id, user_id, CommunityRole::Member).await?;
    finish(db, tx, community_id, &[]).await?;
    Ok(added)
}

/// Records a request to join; None if one is already pending.
pub async fn insert_request(
    db: &Db,
    community_id: i64,
    user_id: i64,
    message: &str,
    notifications: &[NewNotification],
) -> sqlx::Result<Option<i64>> {
    let mut tx = db.pool.begin().await?;
    let id: Option<i64> = sqlx::query(
        "INSERT INTO community_requests (community_id, user_id, message, status, created_at) VALUES ($1, $2, $3, 'pending', $4) \
         ON CONFLICT (community_id, user_id) WHERE status = 'pending' DO NOTHING RETURNING id",
    )
    .bind(community_id)
    .bind(user_id)
    .bind(message)
    .bind(now())
    .fetch_optional(&mut *tx)
    .await?
    .map(|r| r.try_get(0))
    .transpose()?;
    if id.is_some() {
        crate::notifications::store::insert_in(&mut tx, db.backend, notifications).await?;
    }
    tx.commit().await?;
    Ok(id)
}

/// A request of this community: who asked, and whether it is still pending.
pub async fn request(
    db: &Db,
    community_id: i64,
    request_id: i64,
) -> sqlx::Result<Option<(i64, bool)>> {
    sqlx::query(
        "SELECT user_id, status FROM community_requests WHERE id = $1 AND community_id = $2",
    )
    .bind(request_id)
    .bind(community_id)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| {
        Ok((
            r.try_get("user_id")?,
            r.try_get::<String, _>("status")? == "pending",
        ))
    })
    .transpose()
}

/// Approves a pending request: the requester becomes a member. False if it was no longer
/// pending (another moderator answered first).
pub async fn approve(
    db: &Db,
    community_id: i64,
    request_id: i64,
    by: i64,
    notifications: &[NewNotification],
) -> sqlx::Result<bool> {
    let mut tx = db.pool.begin().await?;
    if !lock(&mut tx, community_id).await? {
        return Ok(false);
    }
    let requester: Option<i64> = sqlx::query(
        "UPDATE community_requests SET status = 'approved', answered_by = $1, answered_at = $2 \
         WHERE id = $3 AND community_id = $4 AND status = 'pending' RETURNING user_id",
    )
    .bind(by)
    .bind(now())
    .bind(request_id)
    .bind(community_id)
    .fetch_optional(&mut *tx)
    .await?
    .map(|r| r.try_get(0))
    .transpose()?;
    let Some(requester) = requester else {
        return Ok(false);
    };
    insert_member(&mut tx, community_id, requester, CommunityRole::Member).await?;
    finish(db, tx, community_id, notifications).await?;
    Ok(true)
}

/// Declines a pending request; false if it was no longer pending.
pub async fn decline(
    db: &Db,
    community_id: i64,
    request_id: i64,
    by: i64,
    notifications: &[NewNotification],
) -> sqlx::Result<bool> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "UPDATE community_requests SET status = 'declined', answered_by = $1, answered_at = $2 \
         WHERE id = $3 AND community_id = $4 AND status = 'pending'",
    )
    .bind(by)
    .bind(now())
    .bind(request_id)
    .bind(community_id)
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if done {
        crate::notifications::store::insert_in(&mut tx, db.backend, notifications).await?;
    }
    tx.commit().await?;
    Ok(done)
}

/// Pending requests, oldest first.
pub async fn pending_requests(db: &Db, community_id: i64) -> sqlx::Result<Vec<JoinRequest>> {
    sqlx::query(
        "SELECT r.id, r.user_id, u.name, u.title, r.message, r.created_at FROM community_requests r \
         JOIN users u ON u.id = r.user_id WHERE r.community_id = $1 AND r.status = 'pending' ORDER BY r.id LIMIT 500",
    )
    .bind(community_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(JoinRequest {
            id: r.try_get("id")?,
            user_id: r.try_get("user_id")?,
            name: r.try_get("name")?,
            title: r.try_get("title")?,
            message: r.try_get("message")?,
            created_at: r.try_get("created_at")?,
        })
    })
    .collect()
}

/// Records an invitation; false if the member is already invited.
pub async fn invite(
    db: &Db,
    community_id: i64,
    user_id: i64,
    by: i64,
    notifications: &[NewNotification],
) -> sqlx::Result<bool> {
    let mut tx = db.pool.begin().await?;
    let done = sqlx::query(
        "INSERT INTO community_invitations (community_id, user_id, invited_by, created_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (community_id, user_id) DO NOTHING",
    )
    .bind(community_id)
    .bind(user_id)
    .bind(by)
    .bind(now())
    .execute(&mut *tx)
    .await?
    .rows_affected()
        == 1;
    if done {
        crate::notifications::store::insert_in(&mut tx, db.backend, notifications).await?;
    }
    tx.commit().await?;
    Ok(done)
}

/// Who sent the member's invitation (None if there is no invitation; Some(None) if the inviter's
/// account is gone).
pub async fn inviter(
    db: &Db,
    community_id: i64,
    user_id: i64,
) -> sqlx::Result<Option<Option<i64>>> {
    sqlx::query(
        "SELECT invited_by FROM community_invitations WHERE community_id = $1 AND user_id = $2",
    )
    .bind(community_id)
    .bind(user_id)
    .fetch_optional(&db.pool)
    .await?
    .map(|r| r.try_get(0))
    .transpose()
}

/// Accepts an invitation: the member joins. False if there was no invitation.
pub async fn accept_invitation(
    db: &Db,
    community_id: i64,
    user_id: i64,
    notifications: &[NewNotification],
) -> sqlx::Result<bool> {
    let mut tx = db.pool.begin().await?;
    if !lock(&mut tx, community_id).await? {
        return Ok(false);
    }
    let invited =
        sqlx::query("DELETE FROM community_invitations WHERE community_id = $1 AND user_id = $2")
            .bind(community_id)
            .bind(user_id)
            .execute(&mut *tx)
            .await?
            .rows_affected()
            == 1;
    if !invited {
        return Ok(false);
    }
    insert_member(&mut tx, community_id, user_id, CommunityRole::Member).await?;
    finish(db, tx, community_id, notifications).await?;
    Ok(true)
}

/// Declines (drops) an invitation; false if there was none.
pub async fn decline_invitation(db: &Db, community_id: i64, user_id: i64) -> sqlx::Result<bool> {
    Ok(
        sqlx::query("DELETE FROM community_invitations WHERE community_id = $1 AND user_id = $2")
            .bind(community_id)
            .bind(user_id)
            .execute(&db.pool)
            .await?
            .rows_affected()
            == 1,
    )
}

/// The member's invitations, newest first, with the communities' names: shown to the invitee
/// only, so a private community's name reaches no one else.
pub async fn invitations_for(db: &Db, user_id: i64) -> sqlx::Result<Vec<Invitation>> {
    sqlx::query(
        "SELECT c.id, c.name, c.visibility, u.name AS inviter, i.created_at FROM community_invitations i \
         JOIN communities c ON c.id = i.community_id LEFT JOIN users u ON u.id = i.invited_by \
         WHERE i.user_id = $1 ORDER BY i.created_at DESC, c.id",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        let id: i64 = r.try_get("id")?;
        let name: String = r.try_get("name")?;
        Ok(Invitation {
            community_id: id,
            slug: slug(id, &name),
            name,
            visibility: Visibility::from_db(&r.try_get::<String, _>("visibility")?),
            invited_by: r.try_get::<Option<String>, _>("inviter")?.unwrap_or_default(),
            created_at: r.try_get("created_at")?,
        })
    })
    .collect()
}

/// What happened to a change of membership.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    Done,
    NotMember,
    /// It would leave the community without an owner.
    LastOwner,
}

async fn role_in(
    tx: &mut Tx,
    community_id: i64,
    user_id: i64,
) -> sqlx::Result<Option<CommunityRole>> {
    sqlx::query("SELECT role FROM community_members WHERE community_id = $1 AND user_id = $2")
        .bind(community_id)
        .bind(user_id)
        .fetch_optional(&mut **tx)
        .await?
        .map(|r| Ok(CommunityRole::from_db(&r.try_get::<String, _>(0)?)))
        .transpose()
}

async fn owner_count(tx: &mut Tx, community_id: i64) -> sqlx::Result<i64> {
    sqlx::query("SELECT COUNT(*) FROM community_members WHERE community_id = $1 AND role = 'owner'")
        .bind(community_id)
        .fetch_one(&mut **tx)
        .await?
        .try_get(0)
}

/// Removes a member (leaving, or removed by an owner or moderator), unless they are its last
/// owner.
pub async fn remove_member(
    db: &Db,
    community_id: i64,
    user_id: i64,
    notifications: &[NewNotification],
) -> sqlx::Result<Change> {
    let mut tx = db.pool.begin().await?;
    if !lock(&mut tx, community_id).await? {
        return Ok(Change::NotMember);
    }
    match role_in(&mut tx, community_id, user_id).await? {
        None => return Ok(Change::NotMember),
        Some(CommunityRole::Owner) if owner_count(&mut tx, community_id).await? <= 1 => {
            return Ok(Change::LastOwner);
        }
        Some(_) => {}
    }
    sqlx::query("DELETE FROM community_members WHERE community_id = $1 AND user_id = $2")
        .bind(community_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    finish(db, tx, community_id, notifications).await?;
    Ok(Change::Done)
}

/// Gives a member another role, unless that leaves the community without an owner.
pub async fn set_role(
    db: &Db,
    community_id: i64,
    user_id: i64,
    role: CommunityRole,
    notifications: &[NewNotification],
) -> sqlx::Result<Change> {
    let mut tx = db.pool.begin().await?;
    if !lock(&mut tx, community_id).await? {
        return Ok(Change::NotMember);
    }
    match role_in(&mut tx, community_id, user_id).await? {
        None => return Ok(Change::NotMember),
        Some(current) if current == role => return Ok(Change::Done),
        Some(CommunityRole::Owner) if owner_count(&mut tx, community_id).await? <= 1 => {
            return Ok(Change::LastOwner);
        }
        Some(_) => {}
    }
    sqlx::query("UPDATE community_members SET role = $1 WHERE community_id = $2 AND user_id = $3")
        .bind(role.as_str())
        .bind(community_id)
        .bind(user_id)
        .execute(&mut *tx)
        .await?;
    finish(db, tx, community_id, notifications).await?;
    Ok(Change::Done)
}

/// Owners, then moderators, then everyone else; by name within each.
const MEMBER_ORDER: &str =
    "CASE cm.role WHEN 'owner' THEN 0 WHEN 'moderator' THEN 1 ELSE 2 END, u.name, u.id";

fn member_from_row(r: &AnyRow) -> sqlx::Result<CommunityMember> {
    Ok(CommunityMember {
        id: r.try_get("id")?,
        name: r.try_get("name")?,
        title: r.try_get("title")?,
        role: CommunityRole::from_db(&r.try_get::<String, _>("role")?),
        joined_at: r.try_get("joined_at")?,
    })
}

/// A page of members and how many there are.
pub async fn members(
    db: &Db,
    community_id: i64,
    limit: i64,
    offset: i64,
) -> sqlx::Result<(i64, Vec<CommunityMember>)> {
    let total: i64 = sqlx::query("SELECT COUNT(*) FROM community_members WHERE community_id = $1")
        .bind(community_id)
        .fetch_one(&db.pool)
        .await?
        .try_get(0)?;
    let sql = format!(
        "SELECT u.id, u.name, u.title, cm.role, cm.joined_at FROM community_members cm JOIN users u ON u.id = cm.user_id \
         WHERE cm.community_id = $1 ORDER BY {MEMBER_ORDER} LIMIT $2 OFFSET $3"
    );
    let items = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(community_id)
        .bind(limit)
        .bind(offset)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(member_from_row)
        .collect::<sqlx::Result<_>>()?;
    Ok((total, items))
}

/// Owners and moderators.
pub async fn leaders(db: &Db, community_id: i64) -> sqlx::Result<Vec<CommunityMember>> {
    let sql = format!(
        "SELECT u.id, u.name, u.title, cm.role, cm.joined_at FROM community_members cm JOIN users u ON u.id = cm.user_id \
         WHERE cm.community_id = $1 AND cm.role IN ('owner', 'moderator') ORDER BY {MEMBER_ORDER} LIMIT 200"
    );
    sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(community_id)
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(member_from_row)
        .collect()
}

/// An active member's name; None for anyone else.
pub async fn active_member(db: &Db, user_id: i64) -> sqlx::Result<Option<String>> {
    sqlx::query("SELECT name FROM users WHERE id = $1 AND active = 1")
        .bind(user_id)
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.try_get(0))
        .transpose()
}

pub async fn active_member_by_email(db: &Db, email: &str) -> sqlx::Result<Option<i64>> {
    sqlx::query("SELECT id FROM users WHERE email = $1 AND active = 1")
        .bind(email.trim().to_lowercase())
        .fetch_optional(&db.pool)
        .await?
        .map(|r| r.try_get(0))
        .transpose()
}

/// Members of every open and by-request community, by community: the co-membership the
/// suggestions are computed from. Private communities are never read here.
pub async fn suggestable_memberships(db: &Db) -> sqlx::Result<Vec<(i64, i64)>> {
    sqlx::query(
        "SELECT cm.community_id, cm.user_id FROM community_members cm JOIN communities c ON c.id = cm.community_id \
         WHERE c.visibility <> 'private' ORDER BY cm.community_id, cm.user_id",
    )
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| Ok((r.try_get(0)?, r.try_get(1)?)))
    .collect()
}

/// Communities the member is in or has asked to join: never suggested to them.
pub async fn joined_or_requested(db: &Db, user_id: i64) -> sqlx::Result<Vec<i64>> {
    sqlx::query(
        "SELECT community_id FROM community_members WHERE user_id = $1 \
         UNION SELECT community_id FROM community_requests WHERE user_id = $1 AND status = 'pending' \
         UNION SELECT community_id FROM community_suggestion_dismissals WHERE user_id = $1",
    )
    .bind(user_id)
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| r.try_get(0))
    .collect()
}

/// Stops suggesting community `community_id` to the member; idempotent.
pub async fn dismiss_suggestion(db: &Db, user_id: i64, community_id: i64) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO community_suggestion_dismissals (user_id, community_id, at) VALUES ($1, $2, $3) \
         ON CONFLICT (user_id, community_id) DO NOTHING",
    )
    .bind(user_id)
    .bind(community_id)
    .bind(now())
    .execute(&db.pool)
    .await?;
    Ok(())
}
