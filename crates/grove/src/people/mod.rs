//! Member profiles and the directory: who people are, what they know and want to learn, and
//! how to find them.

pub mod index;
pub mod model;
pub mod routes;
pub mod service;
pub mod store;
