//! Running the organization: its values, the skills taxonomy (with synonyms merged into every
//! profile), departments, roles, invitations, sign-up settings, and the audit log.

pub mod model;
pub mod routes;
pub mod service;
pub mod store;
