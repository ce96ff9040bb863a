//! HTTP-level tests of Grove, run against a real server and a real database: a SQLite file by
//! default, PostgreSQL when GROVE_TEST_POSTGRES_URL names a server (each test on its own database).

mod kit;

mod accounts;
mod admin;
mod api;
mod cli;
mod communities;
mod connections;
mod knowledge_demo;
mod mentorship;
mod network;
mod notifications;
mod people;
mod relationships;
