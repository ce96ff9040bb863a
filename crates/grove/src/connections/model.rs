//! Connection types.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A member as shown in connection lists.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct PersonRef {
    pub id: i64,
    pub name: String,
    pub title: String,
}

/// A connection or a pending request, with the other person.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct ConnectionEntry {
    pub person: PersonRef,
    /// The note sent with the request.
    pub message: String,
    /// When requested (pending) or accepted.
    pub since: i64,
}

/// Everything on the viewer's connections page.
#[derive(Clone, Debug, Serialize, ToSchema, Default)]
pub struct ConnectionOverview {
    pub connections: Vec<ConnectionEntry>,
    /// Requests others sent the viewer.
    pub incoming: Vec<ConnectionEntry>,
    /// Requests the viewer sent.
    pub outgoing: Vec<ConnectionEntry>,
    pub following: Vec<PersonRef>,
    pub followers: i64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum ConnectionState {
    Myself,
    None,
    Connected,
    RequestSent,
    RequestReceived,
}

/// How the viewer stands with another member.
#[derive(Clone, Debug, Serialize, ToSchema)]
pub struct Relationship {
    pub connection: ConnectionState,
    pub following: bool,
}

impl Relationship {
    pub fn is_connected(&self) -> bool {
        self.connection == ConnectionState::Connected
    }
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct ConnectionRequest {
    pub user_id: i64,
    /// A short note (optional, up to 500 characters).
    #[serde(default)]
    pub message: String,
}

#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct EndorsementInput {
    pub skill_id: i64,
}
