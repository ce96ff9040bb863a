//! Server configuration, from the command line or the environment.

use std::net::SocketAddr;
use std::time::Duration;

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
    /// Where members reach Grove (`https://grove.example.org`), for links in e-mail; no
    /// trailing slash.
    pub public_url: String,
    /// E-mail for notifications; None sends (and queues) no mail.
    pub mail: Option<MailConfig>,
}

/// How Grove sends e-mail.
#[derive(Debug, Clone)]
pub struct MailConfig {
    /// `smtp://[user:pass@]host[:port][?tls=required|opportunistic]` or `smtps://...`.
    pub smtp_url: String,
    /// The From address, e.g. `Grove <grove@example.org>`.
    pub from: String,
    /// How often queued mail is looked for.
    pub interval: Duration,
}

impl MailConfig {
    pub fn new(smtp_url: impl Into<String>, from: impl Into<String>) -> Self {
        MailConfig {
            smtp_url: smtp_url.into(),
            from: from.into(),
            interval: Duration::from_secs(5),
        }
    }
}

impl Config {
    pub fn new(database_url: impl Into<String>, bind: SocketAddr) -> Self {
        Config {
            database_url: database_url.into(),
            bind,
            secure_cookies: false,
            min_group_size: 5,
            public_url: format!("http://{bind}"),
            mail: None,
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
