//! Mentorship programs.
