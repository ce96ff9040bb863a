//! In-app notifications: what happened that a member should know about (matched in a program,
//! a check-in logged, a relationship ended), read and unread.

pub mod model;
pub mod routes;
pub mod service;
pub mod store;
