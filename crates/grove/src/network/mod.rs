//! The organization's network, through grove-graph: people you may want to know, finding an
//! expert, and (for admins) the health of the network. The graph is built from the database and
//! cached; see [`service::GRAPH_MAX_AGE`] for when it is rebuilt.

pub mod model;
pub mod routes;
pub mod service;
pub mod store;
