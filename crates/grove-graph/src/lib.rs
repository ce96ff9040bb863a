//! grove-graph
