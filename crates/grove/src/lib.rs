//! Grove: a self-hosted network for knowledge sharing, mentorship and support.
//!
//! One folder per module of the product map (see docs/architecture.md); each holds its types
//! (`model.rs`), its SQL (`store.rs`), its rules (`service.rs`) and its HTTP handlers (`routes.rs`).

pub mod admin;
pub mod auth;
pub mod communities;
pub mod config;
pub mod connections;
pub mod db;
pub mod demo;
pub mod error;
pub mod knowledge;
pub mod markdown;
pub mod mentorship;
pub mod moderation;
pub mod network;
pub mod notifications;
pub mod offline;
pub mod people;
pub mod recognition;
pub mod relationships;
pub mod web;

pub use config::Config;
pub use error::{AppError, AppResult};
