//! Server configuration, from the command line or the environment.

use std::net::SocketAddr;

/// Everything `grove serve` needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    /// `sqlite://path` or `postgres://...`.
    pub database_url: String,
    pub bind: SocketAddr,
    /// Set `Secure` on cookies (behind HTTPS).
    pub secure_cookies: bool,
    /// Aggregates about people are hidden for groups smaller than this.
    pub min_group_size: i64,
}

impl Config {
    pub fn new(database_url: impl Into<String>, bind: SocketAddr) -> Self {
        Config {
            database_url: database_url.into(),
            bind,
            secure_cookies: false,
            min_group_size: 5,
        }
    }
}

/// Turns a plain file path into a SQLite URL; URLs pass through.
pub fn normalize_database_url(raw: &str) -> String {
    if raw.starts_with("sqlite:") || raw.starts_with("postgres:") || raw.starts_with("postgresql:")
    {
        raw.to_string()
    } else {
        format!("sqlite://{raw}")
    }
}
