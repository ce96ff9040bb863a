//! grove-demo
