//! Recognition: kudos (a member thanks another publicly, for one of the organization's values),
//! reputation computed from contributions to knowledge, badges earned by rule, and leaderboards
//! members can leave. Nothing but kudos is stored: points and badges are read from the knowledge
//! and mentorship tables each time, so they always agree with what is there (and what is hidden).

pub mod model;
pub mod routes;
pub mod service;
pub mod store;
