//! Mentorship programs: a lead creates a program (type, dates, audience, enrollment questions,
//! criteria), members enroll as mentors or mentees, and pairs are made either by the lead's
//! matching (previewed, adjusted, compared, published) or by mentees asking suggested mentors.
//! Publishing starts relationships (see `relationships`), which the lead follows up.

pub mod matching;
pub mod model;
pub mod routes;
pub mod service;
pub mod store;
