//! Recognition rules: who may thank whom and for what, which kudos a member may see, how
//! reputation and badges are counted, and who shows on which leaderboard.
//!
//! Privacy: a kudos about a private community's post is seen only by that community's members;
//! reputation and badges, as a viewer sees them, count only content the viewer may see; the
//! organization-wide and per-tag leaderboards count no private community's content, and a private
//! community's leaderboard does not exist for anyone outside it.

use std::collections::BTreeMap;

use super::model::*;
use super::store::{self, KudosFilter, NewKudos, Scope, SeenBy};
use crate::auth::model::Viewer;
use crate::communities::model::{Visibility, slug};
use crate::db::{Db, now};
use crate::notifications::model::NewNotification;
use crate::web::page::{date, parse_date};
use crate::{AppError, AppResult};

/// The organization's values, for the kudos form.
pub async fn values(db: &Db) -> AppResult<Vec<ValueRef>> {
    Ok(crate::admin::store::values(db)
        .await?
        .into_iter()
        .map(|v| ValueRef {
            id: v.id,
            name: v.name,
        })
        .collect())
}

/// Active members (not the viewer) whose name contains the typed words: recipients to choose.
pub async fn find_recipients(db: &Db, viewer: &Viewer, typed: &str) -> AppResult<Vec<PersonRef>> {
    let typed = typed.trim();
    if typed.is_empty() {
        return Ok(Vec::new());
    }
    if typed.chars().count() > 100 {
        return Err(AppError::invalid(
            "recipient",
            "search for at most 100 characters",
        ));
    }
    Ok(store::members_named(db, typed, viewer.id, 20).await?)
}

/// An active member other than the viewer, by id: the recipient of a kudos.
pub async fn recipient(db: &Db, viewer: &Viewer, to_id: i64) -> AppResult<PersonRef> {
    if to_id == viewer.id {
        return Err(AppError::invalid(
            "to_id",
            "you cannot give kudos to yourself: thank someone who helped you",
        ));
    }
    match store::person(db, to_id).await? {
        Some((person, true)) => Ok(person),
        Some((person, false)) => Err(AppError::invalid(
            "to_id",
            format!(
                "{}'s account is deactivated: kudos go to active members",
                person.name
            ),
        )),
        None => Err(AppError::invalid("to_id", "no member has this id")),
    }
}

/// Gives a kudos; its recipient is notified.
pub async fn give(db: &Db, viewer: &Viewer, input: &KudosInput) -> AppResult<Kudos> {
    let to = recipient(db, viewer, input.to_id).await?;
    let Some(value) = store::value(db, input.value_id).await? else {
        return Err(AppError::invalid(
            "value_id",
            "choose one of the organization's values",
        ));
    };
    let message = input.validated_message()?;
    if let Some(post_id) = input.post_id {
        let unknown = || AppError::invalid("post_id", "no published post you can see has this id");
        let post = store::post(db, post_id).await?.ok_or_else(unknown)?;
        if !post.published || post.hidden {
            return Err(unknown());
        }
        if let Some((community, Visibility::Private)) = post.community {
            if !store::is_member(db, community, viewer.id).await? {
                return Err(unknown());
            }
            // A kudos its own recipient could not see would thank no one.
            if !store::is_member(db, community, to.id).await? {
                return Err(AppError::invalid(
                    "post_id",
                    format!(
                        "“{}” is in a private community {} is not a member of: give the kudos without the post",
                        post.title, to.name
                    ),
                ));
            }
        }
    }
    let excerpt: String = message.chars().take(120).collect();
    let excerpt = if excerpt.chars().count() < message.chars().count() {
        format!("{}…", excerpt.trim_end())
    } else {
        excerpt
    };
    let text = format!(
        "{} gave you kudos for {}: “{excerpt}”",
        viewer.name, value.name
    );
    let new = NewKudos {
        from_id: viewer.id,
        to_id: to.id,
        value_id: value.id,
        message,
        post_id: input.post_id,
    };
    let id = store::insert_kudos(db, &new, |id| {
        NewNotification::new(
            to.id,
            "recognition.kudos",
            text,
            format!("/people/{}/recognition#kudos-{id}", to.id),
        )
    })
    .await?;
    let filter = KudosFilter {
        id: Some(id),
        ..KudosFilter::default()
    };
    store::kudos(db, viewer.id, &filter, 1, 0)
        .await?
        .1
        .into_iter()
        .next()
        .ok_or(AppError::NotFound)
}

/// Kudos the viewer may see, newest first.
pub async fn list(db: &Db, viewer: &Viewer, query: &KudosQuery) -> AppResult<KudosList> {
    let filter = KudosFilter {
        id: None,
        value: query.value,
        to: query.to,
        from: query.from,
    };
    let (total, items) = store::kudos(
        db,
        viewer.id,
        &filter,
        query.per_page,
        (query.page - 1).saturating_mul(query.per_page),
    )
    .await?;
    Ok(KudosList {
        total,
        page: query.page,
        per_page: query.per_page,
        items,
    })
}

/// A member's reputation as the viewer may see it: only content outside private communities,
/// and inside the private communities the viewer is a member of.
async fn reputation(db: &Db, viewer: &Viewer, member_id: i64) -> AppResult<Reputation> {
    let at = now();
    let scope = Scope::seen_by(viewer.id);
    let in_period = |period: Period| Scope {
        since: period.since(at),
        ..scope.clone()
    };
    let lines = store::breakdown(db, &scope, member_id).await?;
    let breakdown: Vec<ReputationLine> = Reason::ALL
        .into_iter()
        .map(|reason| {
            let (count, points) = lines
                .iter()
                .find(|(r, _, _)| *r == reason)
                .map(|(_, c, p)| (*c, *p))
                .unwrap_or((0, 0));
            ReputationLine {
                reason,
                label: reason.label().to_string(),
                count,
                each: reason.points(),
                points,
            }
        })
        .collect();
    Ok(Reputation {
        total: breakdown.iter().map(|l| l.points).sum(),
        week: store::points_of(db, &in_period(Period::Week), member_id).await?,
        month: store::points_of(db, &in_period(Period::Month), member_id).await?,
        year: store::points_of(db, &in_period(Period::Year), member_id).await?,
        breakdown,
    })
}

pub const HELPFUL_ANSWERS: usize = 10;
pub const TAG_EXPERT_ANSWERS: usize = 5;
pub const KUDOS_BADGE_COUNT: usize = 10;
pub const MENTOR_OF_THE_YEAR_MIN: i64 = 2;

fn badge(key: impl Into<String>, name: impl Into<String>, description: &str, at: i64) -> Badge {
    Badge {
        key: key.into(),
        name: name.into(),
        description: description.to_string(),
        earned_at: at,
    }
}

/// The badges a member earned, as the viewer may see them (the same content rule as for
/// reputation), by the date earned. Each rule is documented in docs/recognition.md.
async fn badges(db: &Db, viewer: &Viewer, member_id: i64) -> AppResult<Vec<Badge>> {
    let mut out = Vec::new();
    let (answer, question, article) = store::firsts(db, viewer.id, member_id).await?;
    if let Some(at) = answer {
        out.push(badge(
            "first_answer",
            "First answer",
            "answered a question for the first time",
            at,
        ));
    }
    if let Some(at) = question {
        out.push(badge(
            "first_question",
            "First question",
            "asked a question for the first time",
            at,
        ));
    }
    if let Some(at) = article {
        out.push(badge(
            "first_article",
            "First article",
            "published a first article, best practice, lesson learned or resource",
            at,
        ));
    }
    let accepted = store::accepted_answers(db, viewer.id, member_id).await?;
    if let Some((at, _)) = accepted.get(HELPFUL_ANSWERS - 1) {
        out.push(badge(
            "helpful",
            "Helpful",
            "10 answers accepted by the people who asked",
            *at,
        ));
    }
    let mut by_tag: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for (at, tags) in &accepted {
        for tag in tags {
            by_tag.entry(tag.as_str()).or_default().push(*at);
        }
    }
    for (tag, times) in by_tag {
        if let Some(at) = times.get(TAG_EXPERT_ANSWERS - 1) {
            out.push(badge(
                format!("tag_expert:{tag}"),
                format!("Tag expert: {tag}"),
                "5 or more accepted answers on questions with this tag",
                *at,
            ));
        }
    }
    let received = store::kudos_times(db, viewer.id, member_id, false).await?;
    if let Some(at) = received.get(KUDOS_BADGE_COUNT - 1) {
        out.push(badge(
            "appreciated",
            "Appreciated",
            "received 10 kudos",
            *at,
        ));
    }
    let given = store::kudos_times(db, viewer.id, member_id, true).await?;
    if let Some(at) = given.get(KUDOS_BADGE_COUNT - 1) {
        out.push(badge("generous", "Generous", "gave 10 kudos", *at));
    }
    out.extend(mentor_of_the_year(db, member_id).await?);
    out.sort_by(|a, b| a.earned_at.cmp(&b.earned_at).then(a.key.cmp(&b.key)));
    Ok(out)
}

/// "Mentor of the year": for each finished calendar year (UTC), the mentors who completed the
/// most mentorships that ended that year (not early), at least 2; ties share it. Earned when the
/// year ends.
async fn mentor_of_the_year(db: &Db, member_id: i64) -> AppResult<Vec<Badge>> {
    let this_year: i64 = date(now())[..4].parse().unwrap_or(0);
    let mut per_year: BTreeMap<i64, i64> = BTreeMap::new();
    for ended in store::completed_mentorships(db, member_id).await? {
        if let Ok(year) = date(ended)[..4].parse::<i64>() {
            *per_year.entry(year).or_default() += 1;
        }
    }
    let mut out = Vec::new();
    for (year, count) in per_year {
        if year >= this_year || count < MENTOR_OF_THE_YEAR_MIN {
            continue;
        }
        let (Some(start), Some(end)) = (
            parse_date(&format!("{year:04}-01-01")),
            parse_date(&format!("{:04}-01-01", year + 1)),
        ) else {
            continue;
        };
        if count >= store::most_completed_mentorships(db, start, end).await? {
            out.push(badge(
                format!("mentor_of_the_year:{year}"),
                format!("Mentor of the year {year}"),
                "completed the most mentorships of anyone that year (at least 2)",
                end,
            ));
        }
    }
    Ok(out)
}

pub const RECENT_KUDOS: i64 = 20;

/// A member's recognition: reputation, badges and the kudos they received, as the viewer may
/// see them. A deactivated member's page exists for admins only, as their profile does.
pub async fn recognition(db: &Db, viewer: &Viewer, member_id: i64) -> AppResult<Recognition> {
    let (member, active) = store::person(db, member_id)
        .await?
        .ok_or(AppError::NotFound)?;
    if !active && !viewer.is_admin() {
        return Err(AppError::NotFound);
    }
    let received = KudosFilter {
        to: Some(member_id),
        ..KudosFilter::default()
    };
    let (kudos_received_count, kudos_received) =
        store::kudos(db, viewer.id, &received, RECENT_KUDOS, 0).await?;
    let given = KudosFilter {
        from: Some(member_id),
        ..KudosFilter::default()
    };
    let (kudos_given_count, _) = store::kudos(db, viewer.id, &given, 1, 0).await?;
    Ok(Recognition {
        reputation: reputation(db, viewer, member_id).await?,
        badges: badges(db, viewer, member_id).await?,
        kudos_received_count,
        kudos_given_count,
        kudos_received,
        leaderboard_opt_out: if member_id == viewer.id {
            Some(store::opted_out(db, viewer.id).await?)
        } else {
            None
        },
        member,
    })
}

/// A leaderboard. A community's board exists only for those who may see the community (a
/// private one: its members; 404 for everyone else, as for the community itself).
pub async fn leaderboard(
    db: &Db,
    viewer: &Viewer,
    query: &LeaderboardQuery,
) -> AppResult<Leaderboard> {
    let community = match query.community {
        None => None,
        Some(id) => {
            let row = crate::communities::store::find(db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            if row.visibility == Visibility::Private && !store::is_member(db, id, viewer.id).await?
            {
                return Err(AppError::NotFound);
            }
            Some(CommunityRef {
                id: row.id,
                slug: slug(row.id, &row.name),
                name: row.name,
            })
        }
    };
    let since = query.period.since(now());
    let scope = Scope {
        since,
        community: community.as_ref().map(|c| c.id),
        tag: query.tag.clone(),
        seen_by: SeenBy::Everyone,
    };
    let top = store::leaderboard(db, &scope, LEADERBOARD_SIZE).await?;
    let mut entries: Vec<LeaderboardEntry> = Vec::with_capacity(top.len());
    for (i, (member, points)) in top.into_iter().enumerate() {
        let rank = match entries.last() {
            Some(previous) if previous.points == points => previous.rank,
            _ => i as i64 + 1,
        };
        entries.push(LeaderboardEntry {
            rank,
            member,
            points,
        });
    }
    Ok(Leaderboard {
        period: query.period,
        since,
        tag: query.tag.clone(),
        entries,
        my_points: store::points_of(db, &scope, viewer.id).await?,
        opted_out: store::opted_out(db, viewer.id).await?,
        community,
    })
}

/// Hides the viewer from leaderboards, or shows them again.
pub async fn set_leaderboard_opt_out(
    db: &Db,
    viewer: &Viewer,
    opt_out: bool,
) -> AppResult<LeaderboardSetting> {
    store::set_opted_out(db, viewer.id, opt_out).await?;
    Ok(LeaderboardSetting { opt_out })
}
