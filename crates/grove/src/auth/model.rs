//! Account types and the validation of what people type when they sign up.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::AppError;

/// What a member may do: members use Grove, leads run programs and events, admins run the org.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Member,
    Lead,
    Admin,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Member => "member",
            Role::Lead => "lead",
            Role::Admin => "admin",
        }
    }

    pub fn parse(field: &str, value: &str) -> Result<Role, AppError> {
        match value {
            "member" => Ok(Role::Member),
            "lead" => Ok(Role::Lead),
            "admin" => Ok(Role::Admin),
            _ => Err(AppError::invalid(
                field,
                "role must be member, lead or admin",
            )),
        }
    }

    /// Reads a role stored by Grove itself.
    pub fn from_db(value: &str) -> Role {
        Role::parse("role", value).unwrap_or(Role::Member)
    }
}

/// The signed-in member making a request.
#[derive(Clone, Debug)]
pub struct Viewer {
    pub id: i64,
    pub name: String,
    pub role: Role,
    /// Present for cookie sessions; token-authenticated requests need none.
    pub csrf_token: Option<String>,
    /// Unread notifications, loaded with the viewer for the navigation bar.
    pub unread_notifications: i64,
}

impl Viewer {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// What someone fills in to create an account.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct SignUp {
    pub name: String,
    pub email: String,
    pub password: String,
    /// The token from an invitation link, when signing up through one.
    #[serde(default)]
    pub invitation: Option<String>,
}

/// E-mail and password, for signing in.
#[derive(Debug, Clone, Deserialize, ToSchema)]
pub struct Credentials {
    pub email: String,
    pub password: String,
}

pub const MIN_PASSWORD_LEN: usize = 10;

/// Lower-cases and checks an e-mail address.
pub fn normalize_email(field: &str, raw: &str) -> Result<String, AppError> {
    let email = raw.trim().to_lowercase();
    let valid = email.len() <= 254
        && !email.contains(char::is_whitespace)
        && email.split_once('@').is_some_and(|(local, domain)| {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
        });
    if valid {
        Ok(email)
    } else {
        Err(AppError::invalid(
            field,
            "enter an e-mail address like name@example.org",
        ))
    }
}

pub fn validate_password(field: &str, password: &str) -> Result<(), AppError> {
    if password.chars().count() < MIN_PASSWORD_LEN {
        return Err(AppError::invalid(
            field,
            format!("use at least {MIN_PASSWORD_LEN} characters"),
        ));
    }
    if password.len() > 1024 {
        return Err(AppError::invalid(field, "use at most 1024 characters"));
    }
    Ok(())
}

pub fn validate_name(field: &str, raw: &str) -> Result<String, AppError> {
    let name = raw.trim();
    if name.is_empty() {
        return Err(AppError::invalid(field, "enter a name"));
    }
    if name.chars().count() > 120 {
        return Err(AppError::invalid(field, "use at most 120 characters"));
    }
    Ok(name.to_string())
}

/// A personal access token as listed to its owner (the secret is shown once, at creation).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AccessToken {
    pub id: i64,
    pub name: String,
    pub created_at: i64,
    pub last_used_at: Option<i64>,
}

/// An invitation link sent by an admin.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct Invitation {
    pub id: i64,
    pub email: String,
    pub role: Role,
    pub created_at: i64,
    pub expires_at: i64,
    pub accepted: bool,
}
