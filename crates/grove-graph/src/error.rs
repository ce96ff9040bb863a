//! Errors returned by grove-graph: every one names the field (and, for CSV, the line) that was wrong,
//! so the application can show it to the person who supplied the data.

use std::fmt;

/// Bad input in a CSV file or in plain data handed to the engine.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ParseError {
    /// 1-based line number in the CSV text; 0 when the input did not come from a CSV line.
    pub line: usize,
    /// Name of the column or field that was wrong (`source`, `weight`, `member`, ...).
    pub field: String,
    /// What was wrong, in words a person can act on.
    pub message: String,
}

impl ParseError {
    /// An error about `field` on CSV `line` (use 0 when there is no line).
    pub fn new(line: usize, field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            line,
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "line {}: {}: {}", self.line, self.field, self.message)
        } else {
            write!(f, "{}: {}", self.field, self.message)
        }
    }
}

impl std::error::Error for ParseError {}

/// Plain data that does not fit the graph (a node index out of range, a negative weight, ...).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GraphError {
    /// The field that was wrong, e.g. `edges[12].target` or `member`.
    pub field: String,
    /// What was wrong.
    pub message: String,
}

impl GraphError {
    /// An error about `field`.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl std::error::Error for GraphError {}

impl From<GraphError> for ParseError {
    fn from(e: GraphError) -> Self {
        ParseError::new(0, e.field, e.message)
    }
}
