//! Accounts and access: sign-up (first account becomes admin, then invitations or open sign-up
//! by e-mail domain), sign-in with throttling, sessions, personal access tokens, roles.

pub mod model;
pub mod password;
pub mod routes;
pub mod service;
pub mod store;
pub mod token;
