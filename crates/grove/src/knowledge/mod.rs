//! Knowledge sharing: articles, best practices, lessons learned and resources; questions with
//! answers; comments, votes, bookmarks and follows; revisions and drafts; full-text search with
//! highlights and filters; related content; unanswered questions routed to likely experts.
//! Posts of a private community are seen by its members only, everywhere.

pub mod diff;
pub mod model;
pub mod routes;
pub mod search;
pub mod service;
pub mod store;
