//! Mentoring relationships: a mentor and a mentee, a mentor's group, or a peer circle, created
//! when a program publishes its matching or a mentor accepts a request. The members agree goals,
//! log check-ins, keep private notes, mark milestones and give feedback at the end. Only the
//! members ever see a relationship; leads and admins get aggregates elsewhere.

pub mod model;
pub mod routes;
pub mod service;
pub mod store;
