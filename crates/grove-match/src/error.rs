//! The one error type of the crate: bad input, named by field (and line for CSV).

use std::fmt;

/// Input that cannot be matched as given. `field` names the offending field the way a person
/// would find it in the file (`mentors[2].capacity`, `score`), `line` is 1-based for CSV and
/// for JSON syntax errors.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InputError {
    /// 1-based line of the input text, when the error can be tied to one.
    pub line: Option<usize>,
    /// The field at fault, as a path into the input (`scores[4].mentor`).
    pub field: String,
    /// What is wrong, in words for the person who wrote the file.
    pub message: String,
}

impl InputError {
    /// An error about `field`, not tied to a line.
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> Self {
        InputError {
            line: None,
            field: field.into(),
            message: message.into(),
        }
    }

    /// An error about `field` on 1-based `line` of the input text.
    pub fn at_line(line: usize, field: impl Into<String>, message: impl Into<String>) -> Self {
        InputError {
            line: Some(line),
            field: field.into(),
            message: message.into(),
        }
    }
}

impl fmt::Display for InputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "line {line}: {}: {}", self.field, self.message),
            None => write!(f, "{}: {}", self.field, self.message),
        }
    }
}

impl std::error::Error for InputError {}
