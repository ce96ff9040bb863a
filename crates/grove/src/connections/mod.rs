//! Connections between members (request, accept, decline, withdraw, remove), follows, and
//! endorsements of a connection's skills.

pub mod model;
pub mod routes;
pub mod service;
pub mod store;
