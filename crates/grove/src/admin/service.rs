//! Admin rules: only admins change the organization's lists, names stay unique and readable,
//! the last admin cannot step down, and every change is written to the audit log.

use super::model::*;
use super::store::{self, name_key};
use crate::auth::model::{Role, Viewer};
use crate::auth::service::{SIGNUP_DOMAINS, require_admin};
use crate::db::Db;
use crate::{AppError, AppResult};

const ORG_NAME: &str = "organization_name";

fn clean_name(field: &str, raw: &str, max: usize) -> AppResult<String> {
    let name = raw.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(AppError::invalid(field, "enter a name"));
    }
    if name.chars().count() > max {
        return Err(AppError::invalid(
            field,
            format!("use at most {max} characters"),
        ));
    }
    Ok(name)
}

fn unique_or(err: sqlx::Error, what: &str) -> AppError {
    match err {
        sqlx::Error::Database(e) if e.is_unique_violation() => {
            AppError::invalid("name", format!("{what} with this name already exists"))
        }
        other => other.into(),
    }
}

pub async fn add_department(db: &Db, admin: &Viewer, name: &str) -> AppResult<i64> {
    require_admin(admin)?;
    let name = clean_name("name", name, 80)?;
    let id = store::insert_department(db, &name)
        .await
        .map_err(|e| unique_or(e, "a department"))?;
    store::audit(db, admin.id, "add department", &name).await?;
    Ok(id)
}

pub async fn rename_department(db: &Db, admin: &Viewer, id: i64, name: &str) -> AppResult<()> {
    require_admin(admin)?;
    let name = clean_name("name", name, 80)?;
    if !store::rename_department(db, id, &name)
        .await
        .map_err(|e| unique_or(e, "a department"))?
    {
        return Err(AppError::NotFound);
    }
    store::audit(db, admin.id, "rename department", &format!("{id} → {name}")).await?;
    Ok(())
}

pub async fn delete_department(db: &Db, admin: &Viewer, id: i64) -> AppResult<()> {
    require_admin(admin)?;
    if !store::delete_department(db, id).await? {
        return Err(AppError::NotFound);
    }
    store::audit(db, admin.id, "delete department", &id.to_string()).await?;
    Ok(())
}

pub async fn add_value(db: &Db, admin: &Viewer, name: &str, description: &str) -> AppResult<i64> {
    require_admin(admin)?;
    let name = clean_name("name", name, 60)?;
    let description = crate::people::model::check_len("description", description, 300)?;
    let id = store::insert_value(db, &name, &description)
        .await
        .map_err(|e| unique_or(e, "a value"))?;
    store::audit(db, admin.id, "add value", &name).await?;
    Ok(id)
}

pub async fn update_value(
    db: &Db,
    admin: &Viewer,
    id: i64,
    name: &str,
    description: &str,
) -> AppResult<()> {
    require_admin(admin)?;
    let name = clean_name("name", name, 60)?;
    let description = crate::people::model::check_len("description", description, 300)?;
    if !store::update_value(db, id, &name, &description)
        .await
        .map_err(|e| unique_or(e, "a value"))?
    {
        return Err(AppError::NotFound);
    }
    store::audit(db, admin.id, "edit value", &name).await?;
    Ok(())
}

pub async fn delete_value(db: &Db, admin: &Viewer, id: i64) -> AppResult<()> {
    require_admin(admin)?;
    if !store::delete_value(db, id).await? {
        return Err(AppError::NotFound);
    }
    store::audit(db, admin.id, "delete value", &id.to_string()).await?;
    Ok(())
}

pub async fn add_skill(db: &Db, admin: &Viewer, name: &str, category: &str) -> AppResult<i64> {
    require_admin(admin)?;
    let name = clean_name("name", name, 80)?;
    let category = crate::people::model::check_len("category", category, 60)?;
    if let Some(existing) = store::resolve_skill(db, &name).await? {
        return Err(AppError::invalid(
            "name",
            format!("this skill already exists (id {existing}), possibly as a synonym"),
        ));
    }
    let id = store::insert_skill(db, &name, &category)
        .await
        .map_err(|e| unique_or(e, "a skill"))?;
    store::audit(db, admin.id, "add skill", &name).await?;
    Ok(id)
}

pub async fn rename_skill(
    db: &Db,
    admin: &Viewer,
    id: i64,
    name: &str,
    category: Option<&str>,
) -> AppResult<()> {
    require_admin(admin)?;
    let name = clean_name("name", name, 80)?;
    if let Some(other) = store::resolve_skill(db, &name).await?
        && other != id
    {
        return Err(AppError::invalid(
            "name",
            "another skill already has this name; merge them instead",
        ));
    }
    if !store::rename_skill(db, id, &name, category)
        .await
        .map_err(|e| unique_or(e, "a skill"))?
    {
        return Err(AppError::NotFound);
    }
    store::audit(db, admin.id, "rename skill", &format!("{id} → {name}")).await?;
    Ok(())
}

/// Merges a synonym into the skill that stays; returns how many profiles changed.
pub async fn merge_skills(db: &Db, admin: &Viewer, from: i64, into: i64) -> AppResult<u64> {
    require_admin(admin)?;
    if from == into {
        return Err(AppError::invalid(
            "into",
            "choose a different skill to merge into",
        ));
    }
    if !store::skill_exists(db, from).await? {
        return Err(AppError::NotFound);
    }
    if !store::skill_exists(db, into).await? {
        return Err(AppError::invalid("into", "no such skill"));
    }
    let changed = store::merge_skills(db, from, into).await?;
    store::audit(
        db,
        admin.id,
        "merge skills",
        &format!("{from} into {into}; {changed} profiles"),
    )
    .await?;
    Ok(changed)
}

pub async fn set_role(db: &Db, admin: &Viewer, user_id: i64, role: Role) -> AppResult<()> {
    require_admin(admin)?;
    if user_id == admin.id && role != Role::Admin && store::count_admins(db).await? <= 1 {
        return Err(AppError::invalid(
            "role",
            "you are the only admin; make someone else admin first",
        ));
    }
    if !store::set_role(db, user_id, role.as_str()).await? {
        return Err(AppError::NotFound);
    }
    store::audit(
        db,
        admin.id,
        "set role",
        &format!("member {user_id} → {}", role.as_str()),
    )
    .await?;
    Ok(())
}

pub async fn settings(db: &Db) -> AppResult<OrgSettings> {
    let auth = crate::auth::store::setting;
    Ok(OrgSettings {
        organization_name: auth(db, ORG_NAME).await?.unwrap_or_else(|| "Grove".into()),
        signup_domains: auth(db, SIGNUP_DOMAINS)
            .await?
            .unwrap_or_default()
            .split(',')
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty())
            .collect(),
    })
}

pub async fn update_settings(
    db: &Db,
    admin: &Viewer,
    input: OrgSettings,
) -> AppResult<OrgSettings> {
    require_admin(admin)?;
    let name = clean_name("organization_name", &input.organization_name, 120)?;
    let mut domains = Vec::new();
    for (i, d) in input.signup_domains.iter().enumerate() {
        let d = name_key(d.trim_start_matches('@'));
        if d.is_empty() {
            continue;
        }
        let ok = d.contains('.')
            && d.chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '-');
        if !ok {
            return Err(AppError::invalid(
                format!("signup_domains[{i}]"),
                format!("“{d}” is not a domain like example.org"),
            ));
        }
        domains.push(d);
    }
    crate::auth::store::set_setting(db, ORG_NAME, &name).await?;
    crate::auth::store::set_setting(db, SIGNUP_DOMAINS, &domains.join(",")).await?;
    store::audit(
        db,
        admin.id,
        "settings",
        &format!("sign-up domains: {}", domains.join(", ")),
    )
    .await?;
    settings(db).await
}
