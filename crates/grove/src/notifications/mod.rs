//! In-app notifications: what happened that a member should know about (matched in a program,
//! a mentor request, an invitation), read and unread.

pub mod model;
pub mod store;
