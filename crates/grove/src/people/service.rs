//! Profile and directory rules: who sees what, who may edit what, what a valid profile is.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::time::{Duration, Instant};

use super::index::DirectoryIndex;
use super::model::*;
use super::store::{self, ProfileColumns, SkillEntry};
use crate::auth::model::Viewer;
use crate::db::Db;
use crate::db::dialect::search_words;
use crate::web::AppState;
use crate::{AppError, AppResult};

/// Whether the viewer sees the member's full profile: themself, admins, everyone for an
/// organization-wide profile, and connections for a connections-only one.
pub async fn sees_full_profile(
    db: &Db,
    viewer: &Viewer,
    member_id: i64,
    visibility: Visibility,
) -> AppResult<bool> {
    if viewer.id == member_id || viewer.is_admin() || visibility == Visibility::Organization {
        return Ok(true);
    }
    Ok(crate::connections::store::are_connected(db, viewer.id, member_id).await?)
}

pub async fn profile(db: &Db, viewer: &Viewer, member_id: i64) -> AppResult<Profile> {
    let row = store::profile_row(db, member_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !row.active && !viewer.is_admin() {
        return Err(AppError::NotFound);
    }
    let full = sees_full_profile(db, viewer, member_id, row.visibility).await?;
    let mut profile = Profile {
        id: row.id,
        name: row.name,
        pronouns: row.pronouns,
        title: row.title,
        department: row.department,
        organization: row.organization,
        restricted: !full,
        role: row.role,
        active: row.active,
        email: (viewer.id == member_id || viewer.is_admin()).then_some(row.email),
        manager: None,
        location: String::new(),
        time_zone: String::new(),
        languages: Vec::new(),
        bio: String::new(),
        bio_html: String::new(),
        skills: Vec::new(),
        interests: Vec::new(),
        goals: Vec::new(),
        values: Vec::new(),
        career: Vec::new(),
        mentoring: Mentoring::None,
        mentor_capacity: 0,
        visibility: row.visibility,
        suggestible: row.suggestible,
        joined_at: row.created_at,
    };
    if full {
        profile.manager = row.manager;
        profile.location = row.location;
        profile.time_zone = row.time_zone;
        let details = store::profile_details(db, member_id, viewer.id).await?;
        profile.languages = details.languages;
        profile.bio_html = crate::markdown::render(&row.bio);
        profile.bio = row.bio;
        profile.skills = details.skills;
        profile.interests = row.interests;
        profile.goals = row.goals;
        profile.values = details.values;
        profile.career = details.career;
        profile.mentoring = row.mentoring;
        profile.mentor_capacity = row.mentor_capacity;
    }
    Ok(profile)
}

/// Members edit their own profile; admins edit anyone's.
pub fn may_edit(viewer: &Viewer, member_id: i64) -> bool {
    viewer.id == member_id || viewer.is_admin()
}

pub async fn update_profile(
    db: &Db,
    viewer: &Viewer,
    member_id: i64,
    update: ProfileUpdate,
) -> AppResult<Profile> {
    if !may_edit(viewer, member_id) {
        return Err(AppError::forbidden("you can only edit your own profile"));
    }
    let current = store::profile_row(db, member_id)
        .await?
        .ok_or(AppError::NotFound)?;

    let name = match &update.name {
        Some(n) => crate::auth::model::validate_name("name", n)?,
        None => current.name,
    };
    let department_id = match update.department_id {
        Some(Some(id)) => {
            if !crate::admin::store::department_exists(db, id).await? {
                return Err(AppError::invalid("department_id", "no such department"));
            }
            Some(id)
        }
        Some(None) => None,
        None => current.department.map(|d| d.id),
    };
    let time_zone = match &update.time_zone {
        Some(tz) => check_time_zone(tz)?,
        None => current.time_zone,
    };
    let mentor_capacity = update.mentor_capacity.unwrap_or(current.mentor_capacity);
    if !(0..=20).contains(&mentor_capacity) {
        return Err(AppError::invalid(
            "mentor_capacity",
            "mentor capacity is 0 to 20 mentees",
        ));
    }
    let columns = ProfileColumns {
        name,
        pronouns: opt_len("pronouns", &update.pronouns, 40)?.unwrap_or(current.pronouns),
        title: opt_len("title", &update.title, 120)?.unwrap_or(current.title),
        department_id,
        location: opt_len("location", &update.location, 120)?.unwrap_or(current.location),
        time_zone,
        bio: opt_len("bio", &update.bio, MAX_BIO)?.unwrap_or(current.bio),
        interests: match &update.interests {
            Some(list) => clean_list("interests", list, MAX_LIST, 60)?,
            None => current.interests,
        },
        goals: match &update.goals {
            Some(list) => clean_list("goals", list, 10, 200)?,
            None => current.goals,
        },
        mentoring: update.mentoring.unwrap_or(current.mentoring),
        mentor_capacity,
        visibility: update.visibility.unwrap_or(current.visibility),
        suggestible: update.suggestible.unwrap_or(current.suggestible),
    };
    let languages = update
        .languages
        .as_ref()
        .map(|l| clean_list("languages", l, 12, 40))
        .transpose()?;
    let skills = match &update.skills {
        Some(list) => Some(resolve_skills(db, list).await?),
        None => None,
    };
    let value_ids = match &update.value_ids {
        Some(ids) => Some(check_values(db, ids).await?),
        None => None,
    };
    let career = update
        .career
        .as_ref()
        .map(|c| check_career(c))
        .transpose()?;
    store::save_profile(
        db,
        member_id,
        &columns,
        languages.as_deref(),
        skills.as_deref(),
        value_ids.as_deref(),
        career.as_deref(),
    )
    .await?;
    profile(db, viewer, member_id).await
}

fn opt_len(field: &str, value: &Option<String>, max: usize) -> AppResult<Option<String>> {
    value
        .as_deref()
        .map(|v| check_len(field, v, max))
        .transpose()
}

fn check_time_zone(tz: &str) -> AppResult<String> {
    let tz = tz.trim();
    let ok = tz.is_empty()
        || (tz.len() <= 64
            && tz.split('/').all(|part| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '+'))
            }));
    if ok {
        Ok(tz.to_string())
    } else {
        Err(AppError::invalid(
            "time_zone",
            "use a time zone name like Europe/Lisbon",
        ))
    }
}

async fn resolve_skills(db: &Db, list: &[SkillInput]) -> AppResult<Vec<SkillEntry>> {
    if list.len() > 60 {
        return Err(AppError::invalid("skills", "list at most 60 skills"));
    }
    let mut out: Vec<SkillEntry> = Vec::new();
    for (i, s) in list.iter().enumerate() {
        let field = format!("skills[{i}]");
        let skill_id = match (s.skill_id, s.skill.as_deref().map(str::trim).filter(|n| !n.is_empty())) {
            (Some(id), _) => crate::admin::store::skill_exists(db, id)
                .await?
                .then_some(id)
                .ok_or_else(|| AppError::invalid(format!("{field}.skill_id"), "no such skill"))?,
            (None, Some(name)) => crate::admin::store::resolve_skill(db, name).await?.ok_or_else(|| {
                AppError::invalid(
                    format!("{field}.skill"),
                    format!("“{name}” is not in the organization's skills list; pick one from the list or ask an admin to add it"),
                )
            })?,
            (None, None) => return Err(AppError::invalid(format!("{field}.skill"), "name the skill")),
        };
        if !(1..=5).contains(&s.level) {
            return Err(AppError::invalid(
                format!("{field}.level"),
                "level is 1 (beginner) to 5 (expert)",
            ));
        }
        if out.iter().any(|o| o.skill_id == skill_id) {
            return Err(AppError::invalid(
                format!("{field}.skill"),
                "this skill is listed twice",
            ));
        }
        out.push(SkillEntry {
            skill_id,
            level: s.level,
            can_teach: s.can_teach,
            wants_to_learn: s.wants_to_learn,
        });
    }
    Ok(out)
}

async fn check_values(db: &Db, ids: &[i64]) -> AppResult<Vec<i64>> {
    let known: Vec<i64> = crate::admin::store::values(db)
        .await?
        .into_iter()
        .map(|v| v.id)
        .collect();
    let mut out = Vec::new();
    for (i, id) in ids.iter().enumerate() {
        if !known.contains(id) {
            return Err(AppError::invalid(
                format!("value_ids[{i}]"),
                "not one of the organization's values",
            ));
        }
        if !out.contains(id) {
            out.push(*id);
        }
    }
    Ok(out)
}

fn check_career(roles: &[CareerRole]) -> AppResult<Vec<CareerRole>> {
    if roles.len() > 30 {
        return Err(AppError::invalid("career", "list at most 30 roles"));
    }
    roles
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let title = check_len(&format!("career[{i}].title"), &r.title, 120)?;
            if title.is_empty() {
                return Err(AppError::invalid(
                    format!("career[{i}].title"),
                    "name the role",
                ));
            }
            let start = check_month(&format!("career[{i}].start"), &r.start)?;
            let end = match r.end.as_deref().map(str::trim).filter(|e| !e.is_empty()) {
                Some(e) => Some(check_month(&format!("career[{i}].end"), e)?),
                None => None,
            };
            if end.as_ref().is_some_and(|e| e < &start) {
                return Err(AppError::invalid(
                    format!("career[{i}].end"),
                    "the end is before the start",
                ));
            }
            Ok(CareerRole {
                title,
                organization: check_len(
                    &format!("career[{i}].organization"),
                    &r.organization,
                    120,
                )?,
                start,
                end,
            })
        })
        .collect()
}

pub async fn directory(state: &AppState, query: &DirectoryQuery) -> AppResult<DirectoryPage> {
    let db = &state.db;
    let per_page = query.per_page.unwrap_or(20);
    if !(1..=100).contains(&per_page) {
        return Err(AppError::invalid("per_page", "per_page is 1 to 100"));
    }
    let page = query.page.unwrap_or(1);
    if !(1..=100_000).contains(&page) {
        return Err(AppError::invalid("page", "page starts at 1"));
    }
    let min_level = query.min_level.unwrap_or(1);
    if !(1..=5).contains(&min_level) {
        return Err(AppError::invalid("min_level", "level is 1 to 5"));
    }
    let index = state.cache.directory.index(db).await?;
    let skill_id = match query
        .skill
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => None,
        Some(s) => match s.parse::<i64>() {
            Ok(id) => Some(id),
            Err(_) => match index
                .as_ref()
                .and_then(|i| i.skill_id(&crate::admin::store::name_key(s)))
            {
                Some(id) => Some(id),
                // A skill added since the index was built, or none: an unknown skill matches
                // nobody rather than being ignored.
                None => Some(
                    crate::admin::store::resolve_skill(db, s)
                        .await?
                        .unwrap_or(-1),
                ),
            },
        },
    };
    let newest_first = match query.sort.as_deref() {
        None | Some("") | Some("name") => false,
        Some("newest") => true,
        Some(_) => return Err(AppError::invalid("sort", "sort by name or newest")),
    };
    let filter = DirectoryFilter {
        words: query.q.as_deref().map(search_words).unwrap_or_default(),
        department_id: query.department_id,
        skill_id,
        min_level,
        language: query.language.clone().filter(|s| !s.is_empty()),
        location: query.location.clone().filter(|s| !s.is_empty()),
        can_mentor: query.can_mentor.unwrap_or(false),
        newest_first,
        page,
        per_page,
    };
    if let Some(index) = index {
        let (members, matches) = index.search(&filter);
        return Ok(DirectoryPage::new(members, matches as i64, &filter));
    }
    Ok(store::directory(db, &filter).await?)
}

/// The directory index this process answers from, kept in step with the database. It looks at
/// the database's directory version at most once a second, and before answering again after a
/// change made by this process, then patches in the members changed since. Until the first
/// index is built, and after a change to many members at once, it has none: the directory is
/// answered through SQL while a new index builds in the background.
pub struct LiveDirectory {
    current: tokio::sync::watch::Sender<Option<Arc<DirectoryIndex>>>,
    /// Held while catching up with the database.
    sync: tokio::sync::Mutex<()>,
    /// [`store::directory_changes_committed_here`] when it last caught up.
    seen_here: AtomicU64,
    checked_at: std::sync::Mutex<Option<Instant>>,
    building: AtomicBool,
    last_build: std::sync::Mutex<Option<Duration>>,
}

impl Default for LiveDirectory {
    fn default() -> Self {
        LiveDirectory {
            current: tokio::sync::watch::Sender::new(None),
            sync: tokio::sync::Mutex::new(()),
            seen_here: AtomicU64::new(0),
            checked_at: std::sync::Mutex::new(None),
            building: AtomicBool::new(false),
            last_build: std::sync::Mutex::new(None),
        }
    }
}

/// How often each server looks for changes made by the others.
const CHECK_EVERY: Duration = Duration::from_secs(1);
/// Past this many patched members, a fresh index is built in the background.
const PATCH_LIMIT: usize = 2_000;
/// A request finding no index waits this long for one being built, if the last build was
/// quicker than that (a small organization) or none has finished yet, rather than going to SQL.
const BUILD_WAIT: Duration = Duration::from_millis(200);

impl LiveDirectory {
    /// The index to answer from, up to date with this process's own changes and at most about a
    /// second behind other servers'; None while there is none (answer through SQL).
    pub async fn index(self: &Arc<Self>, db: &Db) -> AppResult<Option<Arc<DirectoryIndex>>> {
        let here = store::directory_changes_committed_here();
        if here != self.seen_here.load(Ordering::SeqCst) {
            // Wait for a catch-up that starts after this process's last change.
            let _sync = self.sync.lock().await;
            if here > self.seen_here.load(Ordering::SeqCst) {
                self.catch_up(db).await?;
            }
        } else if self.check_due()
            && let Ok(_sync) = self.sync.try_lock()
            && self.check_due()
        {
            self.catch_up(db).await?;
        }
        let current = self.current.borrow().clone();
        if current.is_some() || !self.building.load(Ordering::SeqCst) {
            return Ok(current);
        }
        let quick = self
            .last_build
            .lock()
            .is_ok_and(|d| d.is_none_or(|d| d < BUILD_WAIT));
        if !quick {
            return Ok(None);
        }
        let mut built = self.current.subscribe();
        let _ = tokio::time::timeout(BUILD_WAIT, built.wait_for(Option::is_some)).await;
        Ok(self.current.borrow().clone())
    }

    /// Starts building an index now (at start-up) rather than on the first directory request.
    pub fn warm_up(self: &Arc<Self>, db: &Db) {
        self.build_in_background(db);
    }

    fn check_due(&self) -> bool {
        self.checked_at
            .lock()
            .map_or(true, |at| at.is_none_or(|at| at.elapsed() >= CHECK_EVERY))
    }

    /// Brings the index up to the database's directory version (called holding `sync`).
    async fn catch_up(self: &Arc<Self>, db: &Db) -> AppResult<()> {
        let here = store::directory_changes_committed_here();
        let current = self.current.borrow().clone();
        let next = match current {
            Some(index) => advance(db, index).await?,
            None => None,
        };
        if let Ok(mut at) = self.checked_at.lock() {
            *at = Some(Instant::now());
        }
        self.seen_here.store(here, Ordering::SeqCst);
        if next
            .as_ref()
            .is_none_or(|index| index.patched_members() > PATCH_LIMIT)
        {
            self.build_in_background(db);
        }
        self.current.send_replace(next);
        Ok(())
    }

    fn build_in_background(self: &Arc<Self>, db: &Db) {
        if self.building.swap(true, Ordering::SeqCst) {
            return;
        }
        let this = self.clone();
        let db = db.clone();
        tokio::spawn(async move {
            let started = Instant::now();
            loop {
                let (built, read) = match build_index(&db).await {
                    Ok(built) => built,
                    Err(err) => {
                        tracing::warn!("directory index not built: {err}");
                        break;
                    }
                };
                // Catch up with what changed while it was built, and take over.
                let _sync = this.sync.lock().await;
                match advance(&db, Arc::new(built)).await {
                    Ok(Some(index)) => {
                        tracing::info!(
                            "directory index built: {} members in {:.2?} ({:.2?} reading the database)",
                            index.members(),
                            started.elapsed(),
                            read
                        );
                        if let Ok(mut last) = this.last_build.lock() {
                            *last = Some(started.elapsed());
                        }
                        this.current.send_replace(Some(index));
                        break;
                    }
                    // Many members changed meanwhile: build again.
                    Ok(None) => continue,
                    Err(err) => {
                        tracing::warn!("directory index not built: {err}");
                        break;
                    }
                }
            }
            this.building.store(false, Ordering::SeqCst);
        });
    }
}

/// A new index, and how long reading the database took.
async fn build_index(db: &Db) -> AppResult<(DirectoryIndex, Duration)> {
    let started = Instant::now();
    let rows = store::directory_docs(db, None).await?;
    let read = started.elapsed();
    let index = tokio::task::spawn_blocking(move || {
        DirectoryIndex::build(rows.at.version, &rows.docs).with_skill_keys(rows.skill_keys)
    })
    .await
    .map_err(|e| AppError::Internal(e.into()))?;
    Ok((index, read))
}

/// `index` brought up to the database's directory version by patching in the members changed
/// since; None if many members changed at once since (a new index must be built).
async fn advance(db: &Db, index: Arc<DirectoryIndex>) -> AppResult<Option<Arc<DirectoryIndex>>> {
    let now = store::directory_version(db).await?;
    if now.reset > index.version {
        return Ok(None);
    }
    if now.version == index.version {
        return Ok(Some(index));
    }
    let rows = store::directory_docs(db, Some(index.version)).await?;
    if rows.at.reset > index.version {
        return Ok(None);
    }
    Ok(Some(Arc::new(index.patch(rows.at.version, &rows.docs))))
}

/// Filter choices change slowly; they are rebuilt from the database at most once a minute.
pub async fn facets(state: &AppState) -> AppResult<Facets> {
    const FRESH: Duration = Duration::from_secs(60);
    let stale = match state.cache.facets.read().await.as_ref() {
        Some((at, facets)) if at.elapsed() < FRESH => return Ok(facets.clone()),
        cached => cached.map(|(_, facets)| facets.clone()),
    };
    // One request refreshes them; the others keep the previous choices meanwhile rather than
    // all running the same queries at once.
    let _refreshing = match (state.cache.facets_refresh.try_lock(), stale) {
        (Ok(guard), _) => guard,
        (Err(_), Some(facets)) => return Ok(facets),
        (Err(_), None) => {
            let guard = state.cache.facets_refresh.lock().await;
            if let Some((_, facets)) = state.cache.facets.read().await.as_ref() {
                return Ok(facets.clone());
            }
            guard
        }
    };
    let facets = store::facets(&state.db).await?;
    *state.cache.facets.write().await = Some((Instant::now(), facets.clone()));
    Ok(facets)
}

/// Admins deactivate an account (its sessions end at once) or bring it back.
pub async fn set_active(db: &Db, viewer: &Viewer, member_id: i64, active: bool) -> AppResult<()> {
    crate::auth::service::require_admin(viewer)?;
    if viewer.id == member_id && !active {
        return Err(AppError::invalid(
            "id",
            "you cannot deactivate your own account",
        ));
    }
    if !store::set_active(db, member_id, active).await? {
        return Err(AppError::NotFound);
    }
    if !active {
        crate::auth::store::delete_sessions_of(db, member_id).await?;
    }
    crate::admin::store::audit(
        db,
        viewer.id,
        if active { "reactivate" } else { "deactivate" },
        &format!("member {member_id}"),
    )
    .await?;
    Ok(())
}
