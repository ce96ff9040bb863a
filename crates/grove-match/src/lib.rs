//! grove-match: compatibility scoring and matching solvers for Grove's mentorship programs.
//! Pure: plain data in, plain data out, no I/O, deterministic.
//!
//! - [`scored`]: the caller gives pair scores; optimal or stable matching ([`solve_scored`]).
//! - [`participant`] and [`scoring`]: profiles, program settings, the explained pair score.
//! - [`program`]: a whole program run with reasons for everyone unmatched ([`match_program`]);
//!   peer circles live in `peer`.
//! - [`fairness`]: score and unmatched spread across groups.
//! - [`optimal`]: exact maximum-weight b-matching on candidate graphs or dense matrices.
//! - [`stable`]: mentee-proposing deferred acceptance and a blocking-pair check.
//! - [`io`]: parse JSON/CSV input, render JSON/CSV output, [`run`] either form.
//! - [`error`]: [`InputError`], naming the field (and line) at fault.

pub mod error;
pub mod fairness;
pub mod io;
pub mod optimal;
pub mod participant;
mod peer;
pub mod program;
pub mod scored;
pub mod scoring;
pub mod stable;

pub use error::InputError;
pub use fairness::{FairnessReport, GroupFairness, LowPair, ScoreSummary, fairness_report};
pub use io::{
    InputFormat, MatchInput, MatchOutput, OutputFormat, ProgramInput, parse_input, render_output,
    run,
};
pub use optimal::{Assignment, CandidateGraph, Objective, solve_dense, solve_optimal};
pub use participant::{
    BridgeBonus, BridgeMember, Criteria, CriterionSetting, CrossDepartment, PairBonus, Participant,
    ProgramMode, ProgramSettings, Role, Skill,
};
pub use program::{Circle, Group, MatchResult, MatchedPair, Unmatched, match_program};
pub use scored::{Mode, ScoredProblem, ScoredSolution, solve_scored};
pub use scoring::{Contribution, Criterion, PairScore, score_pair};
pub use stable::{StableAssignment, blocking_pairs, solve_stable};
