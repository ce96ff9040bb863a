//! Moderation of knowledge content: members flag posts, answers and comments; a community's
//! owners and moderators (and admins; organization-wide content: admins only) work through the
//! queue of open flags, hide and restore content, lock threads; every action is in the audit log.

pub mod model;
pub mod routes;
pub mod service;
pub mod store;
