//! grove-match
