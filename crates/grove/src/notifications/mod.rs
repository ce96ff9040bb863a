//! Notifications: what happened that a member should know about (matched in a program, a
//! check-in logged, a request answered), read and unread in the app, and by e-mail (immediately
//! or as a daily digest) when the server has SMTP configured.

pub mod email;
pub mod model;
pub mod routes;
pub mod service;
pub mod store;
