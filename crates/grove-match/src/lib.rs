//! grove-match: compatibility scoring and matching solvers for Grove's mentorship programs.
//! Pure: plain data in, plain data out, no I/O, deterministic.
//!
//! - [`scored`]: the caller gives pair scores; optimal or stable matching ([`solve_scored`]).
//! - [`optimal`]: exact maximum-weight b-matching on candidate graphs or dense matrices.
//! - [`stable`]: mentee-proposing deferred acceptance and a blocking-pair check.
//! - [`error`]: [`InputError`], naming the field (and line) at fault.

pub mod error;
pub mod optimal;
pub mod scored;
pub mod stable;

pub use error::InputError;
pub use optimal::{Assignment, CandidateGraph, Objective, solve_dense, solve_optimal};
pub use scored::{Mode, ScoredProblem, ScoredSolution, solve_scored};
pub use stable::{StableAssignment, blocking_pairs, solve_stable};
