//! The rules of getting in: who may sign up, sign-in throttling, sessions, tokens, invitations.

use super::model::{AccessToken, Credentials, Invitation, Role, SignUp, Viewer};
use super::{password, store, token};
use crate::db::{Db, now};
use crate::{AppError, AppResult};

pub const SESSION_DAYS: i64 = 30;
const THROTTLE_WINDOW_SECS: i64 = 15 * 60;
const THROTTLE_MAX_FAILURES: i64 = 5;
const INVITATION_DAYS: i64 = 14;
/// Comma-separated e-mail domains whose owners may sign up without an invitation.
pub const SIGNUP_DOMAINS: &str = "signup_domains";

/// Creates an account. The very first account becomes the org admin; after that, people join
/// through an invitation or with an e-mail address in one of the open sign-up domains.
pub async fn sign_up(db: &Db, input: SignUp) -> AppResult<i64> {
    let name = super::model::validate_name("name", &input.name)?;
    let mut email = super::model::normalize_email("email", &input.email)?;
    super::model::validate_password("password", &input.password)?;

    let mut role = Role::Member;
    let mut invitation_id = None;
    if store::count_users(db).await? == 0 {
        role = Role::Admin;
    } else if let Some(secret) = input.invitation.as_deref().filter(|s| !s.is_empty()) {
        let invitation = store::open_invitation(db, &token::digest(secret))
            .await?
            .ok_or_else(|| {
                AppError::invalid(
                    "invitation",
                    "this invitation link has expired or was already used",
                )
            })?;
        email = invitation.email.clone();
        role = invitation.role;
        invitation_id = Some(invitation.id);
    } else if !open_signup_allows(db, &email).await? {
        return Err(AppError::forbidden(
            "sign-up is by invitation for this organization; ask an admin for an invitation link",
        ));
    }
    let id = create_account(db, &email, &name, &input.password, role).await?;
    if let Some(invitation_id) = invitation_id {
        store::mark_invitation_accepted(db, invitation_id).await?;
    }
    Ok(id)
}

/// Creates an account directly (the command line, the demo loader, sign-up).
pub async fn create_account(
    db: &Db,
    email: &str,
    name: &str,
    password: &str,
    role: Role,
) -> AppResult<i64> {
    let email = super::model::normalize_email("email", email)?;
    super::model::validate_password("password", password)?;
    if store::email_taken(db, &email).await? {
        return Err(AppError::Invalid {
            field: "email".into(),
            message: "an account with this e-mail already exists".into(),
        });
    }
    let hash = password::hash_blocking(password.to_string()).await?;
    match store::insert_user(db, &email, name, &hash, role).await {
        Ok(id) => Ok(id),
        // Two sign-ups racing for one address: the unique index decides.
        Err(sqlx::Error::Database(e)) if e.is_unique_violation() => Err(AppError::Invalid {
            field: "email".into(),
            message: "an account with this e-mail already exists".into(),
        }),
        Err(e) => Err(e.into()),
    }
}

async fn open_signup_allows(db: &Db, email: &str) -> AppResult<bool> {
    let domains = store::setting(db, SIGNUP_DOMAINS)
        .await?
        .unwrap_or_default();
    let domain = email.rsplit('@').next().unwrap_or("");
    Ok(domains
        .split(',')
        .map(str::trim)
        .any(|d| !d.is_empty() && d.eq_ignore_ascii_case(domain)))
}

/// Whether anyone could create an account now without an invitation (for the sign-up page).
pub async fn signup_mode(db: &Db) -> AppResult<SignupMode> {
    if store::count_users(db).await? == 0 {
        return Ok(SignupMode::FirstAdmin);
    }
    let domains = store::setting(db, SIGNUP_DOMAINS)
        .await?
        .unwrap_or_default();
    let domains: Vec<String> = domains
        .split(',')
        .map(|d| d.trim().to_string())
        .filter(|d| !d.is_empty())
        .collect();
    Ok(if domains.is_empty() {
        SignupMode::InvitationOnly
    } else {
        SignupMode::Domains(domains)
    })
}

pub enum SignupMode {
    FirstAdmin,
    Domains(Vec<String>),
    InvitationOnly,
}

/// A new session: the secret for the cookie and the viewer it signs in.
pub struct NewSession {
    pub secret: String,
    pub viewer: Viewer,
}

/// Checks the password and opens a session. Five failures for one account within 15 minutes
/// lock it for the rest of that window, whatever the password.
pub async fn log_in(db: &Db, credentials: Credentials) -> AppResult<NewSession> {
    let email = credentials.email.trim().to_lowercase();
    if email.is_empty() {
        return Err(AppError::invalid("email", "enter your e-mail address"));
    }
    if store::recent_failures(db, &email, now() - THROTTLE_WINDOW_SECS).await?
        >= THROTTLE_MAX_FAILURES
    {
        return Err(AppError::TooManyRequests(
            "too many failed sign-ins for this account; wait 15 minutes and try again".into(),
        ));
    }
    let account = store::account_by_email(db, &email).await?;
    let ok = match &account {
        Some(a) => password::verify_blocking(credentials.password, a.password_hash.clone()).await,
        None => {
            // Same work either way, so timing does not reveal which e-mails have accounts.
            let _ = password::hash_blocking(credentials.password).await;
            false
        }
    };
    let Some(account) = account.filter(|_| ok) else {
        store::record_failure(db, &email).await?;
        return Err(AppError::invalid(
            "password",
            "the e-mail or password is not right",
        ));
    };
    if !account.active {
        return Err(AppError::forbidden(
            "this account has been deactivated; ask an admin",
        ));
    }
    store::clear_failures(db, &email).await?;
    open_session(db, account.id, account.name, account.role).await
}

pub async fn open_session(
    db: &Db,
    user_id: i64,
    name: String,
    role: Role,
) -> AppResult<NewSession> {
    let secret = token::random_token();
    let csrf = token::random_token();
    store::insert_session(
        db,
        &token::digest(&secret),
        user_id,
        &csrf,
        now() + SESSION_DAYS * 86_400,
    )
    .await?;
    Ok(NewSession {
        secret,
        viewer: Viewer {
            id: user_id,
            name,
            role,
            csrf_token: Some(csrf),
            unread_notifications: 0,
        },
    })
}

pub async fn log_out(db: &Db, secret: &str) -> AppResult<()> {
    store::delete_session(db, &token::digest(secret)).await?;
    Ok(())
}

pub async fn viewer_from_session(db: &Db, secret: &str) -> AppResult<Option<Viewer>> {
    Ok(store::viewer_by_session(db, &token::digest(secret)).await?)
}

pub async fn viewer_from_token(db: &Db, secret: &str) -> AppResult<Option<Viewer>> {
    Ok(store::viewer_by_token(db, &token::digest(secret.trim())).await?)
}

/// A token's secret is shown once; Grove keeps only its hash.
pub async fn create_token(
    db: &Db,
    viewer: &Viewer,
    name: &str,
) -> AppResult<(AccessToken, String)> {
    let name = name.trim();
    if name.is_empty() || name.chars().count() > 80 {
        return Err(AppError::invalid(
            "name",
            "name the token (1 to 80 characters), e.g. “reporting script”",
        ));
    }
    let secret = format!("grove_{}", token::random_token());
    let token = store::insert_token(db, viewer.id, name, &token::digest(&secret)).await?;
    Ok((token, secret))
}

pub async fn tokens(db: &Db, viewer: &Viewer) -> AppResult<Vec<AccessToken>> {
    Ok(store::tokens_of(db, viewer.id).await?)
}

pub async fn revoke_token(db: &Db, viewer: &Viewer, token_id: i64) -> AppResult<()> {
    if store::revoke_token(db, viewer.id, token_id).await? {
        Ok(())
    } else {
        Err(AppError::NotFound)
    }
}

/// Admins invite by e-mail; the link (shown once) lets that person create their account.
pub async fn invite(
    db: &Db,
    admin: &Viewer,
    email: &str,
    role: Role,
) -> AppResult<(Invitation, String)> {
    require_admin(admin)?;
    let email = super::model::normalize_email("email", email)?;
    if store::email_taken(db, &email).await? {
        return Err(AppError::invalid(
            "email",
            "this person already has an account",
        ));
    }
    let secret = token::random_token();
    let invitation = store::insert_invitation(
        db,
        &token::digest(&secret),
        &email,
        role,
        admin.id,
        now() + INVITATION_DAYS * 86_400,
    )
    .await?;
    Ok((invitation, secret))
}

pub async fn invitations(db: &Db, admin: &Viewer) -> AppResult<Vec<Invitation>> {
    require_admin(admin)?;
    Ok(store::invitations(db).await?)
}

pub async fn open_invitation(db: &Db, secret: &str) -> AppResult<Invitation> {
    store::open_invitation(db, &token::digest(secret))
        .await?
        .ok_or(AppError::NotFound)
}

pub fn require_admin(viewer: &Viewer) -> AppResult<()> {
    if viewer.is_admin() {
        Ok(())
    } else {
        Err(AppError::forbidden("only organization admins can do this"))
    }
}
