//! HTTP-level tests of Grove, run against a real server and a real database: a SQLite file by
//! default, PostgreSQL when GROVE_TEST_POSTGRES_URL names a server (each test on its own database).

mod kit;

mod accounts;
mod admin;
mod api;
mod cli;
mod communities;
mod connections;
mod email;
mod knowledge;
mod knowledge_demo;
mod mentorship;
mod moderation;
mod network;
mod notifications;
mod people;
mod recognition;
mod relationships;
