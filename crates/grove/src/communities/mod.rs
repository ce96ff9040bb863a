//! Communities of practice and groups: open (anyone joins), by request (owners and moderators
//! answer), or private (invisible to everyone outside; joined by invitation only). Members have
//! a role: owner, moderator or member. Communities to join are suggested from where a member's
//! network already is.

pub mod model;
pub mod routes;
pub mod service;
pub mod store;
