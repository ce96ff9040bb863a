//! Text in and out for `grove match --input FILE --output FILE`: parse JSON (scored or
//! participant form) or CSV (scored rows), run, render JSON or CSV. Pure: strings only.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};

use crate::error::InputError;
use crate::participant::{Participant, ProgramSettings};
use crate::program::{MatchResult, match_program};
use crate::scored::{
    Mode, PairScoreEntry, ScoredMentee, ScoredMentor, ScoredProblem, ScoredSolution, solve_scored,
};

/// Input text formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum InputFormat {
    /// JSON: the scored form or `{"settings": {...}, "participants": [...]}`.
    Json,
    /// CSV: scored rows `mentee,mentor,score[,mentor_capacity]`.
    Csv,
}

/// Output text formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OutputFormat {
    /// The full result as pretty JSON.
    Json,
    /// One row per pair: `mentee,mentor,score,explanation`.
    Csv,
}

/// The participant form of the input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProgramInput {
    /// Program settings (every field optional).
    #[serde(default)]
    pub settings: ProgramSettings,
    /// Everyone enrolled.
    pub participants: Vec<Participant>,
}

/// A parsed input file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MatchInput {
    /// Scores given per pair.
    Scored(ScoredProblem),
    /// Participants and settings; Grove scores the pairs.
    Program(ProgramInput),
}

/// The result of [`run`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum MatchOutput {
    /// For a scored input.
    Scored(ScoredSolution),
    /// For a participant input.
    Program(Box<MatchResult>),
}

/// Parses an input file. JSON errors name the path of the field (`mentors[2].capacity`) and the
/// line; CSV errors name the column and line.
pub fn parse_input(text: &str, format: InputFormat) -> Result<MatchInput, InputError> {
    match format {
        InputFormat::Json => parse_json(text),
        InputFormat::Csv => parse_csv(text).map(MatchInput::Scored),
    }
}

fn parse_json(text: &str) -> Result<MatchInput, InputError> {
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| InputError {
        line: Some(e.line()),
        field: "(document)".into(),
        message: e.to_string(),
    })?;
    let is_program = value.get("participants").is_some();
    let is_scored = value.get("scores").is_some();
    // Deserialize from the text (not the value) so errors keep their line numbers.
    fn typed<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, InputError> {
        let mut de = serde_json::Deserializer::from_str(text);
        serde_path_to_error::deserialize(&mut de).map_err(|e| {
            let field = e.path().to_string();
            let inner = e.into_inner();
            let message = inner.to_string();
            let message = message
                .split(" at line ")
                .next()
                .unwrap_or(&message)
                .to_string();
            InputError {
                line: Some(inner.line()),
                field,
                message,
            }
        })
    }
    match (is_program, is_scored) {
        (true, false) => typed::<ProgramInput>(text).map(MatchInput::Program),
        (false, true) => typed::<ScoredProblem>(text).map(MatchInput::Scored),
        (true, true) => Err(InputError::new(
            "(document)",
            "give either \"scores\" or \"participants\", not both",
        )),
        (false, false) => Err(InputError::new(
            "(document)",
            "expected a scored problem (\"mentors\", \"mentees\", \"scores\") or a program (\"settings\", \"participants\")",
        )),
    }
}

/// Splits one CSV line into fields (double quotes may wrap a field; "" inside is a quote).
fn csv_fields(line: &str) -> Vec<String> {
    let mut fields = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, quoted) {
            ('"', true) if chars.peek() == Some(&'"') => {
                current.push('"');
                chars.next();
            }
            ('"', _) => quoted = !quoted,
            (',', false) => fields.push(std::mem::take(&mut current)),
            (c, _) => current.push(c),
        }
    }
    fields.push(current);
    fields.into_iter().map(|f| f.trim().to_string()).collect()
}

/// CSV: `mentee,mentor,score[,mentor_capacity]`, optional header row, `#` comment lines, and an
/// optional `# mode: stable` (or `optimal`) line. A mentor's capacity defaults to 1; when given on
/// several rows it must agree.
fn parse_csv(text: &str) -> Result<ScoredProblem, InputError> {
    let mut mode = Mode::Optimal;
    let mut mentors: Vec<ScoredMentor> = Vec::new();
    let mut mentor_at: HashMap<String, (usize, Option<(u32, usize)>)> = HashMap::new();
    let mut mentees: Vec<ScoredMentee> = Vec::new();
    let mut mentee_seen: HashMap<String, ()> = HashMap::new();
    let mut scores = Vec::new();
    let mut first_data_line = true;
    for (k, raw) in text.lines().enumerate() {
        let line_no = k + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        if let Some(comment) = line.strip_prefix('#') {
            if let Some(value) = comment.trim().strip_prefix("mode:") {
                mode = match value.trim() {
                    "optimal" => Mode::Optimal,
                    "stable" => Mode::Stable,
                    other => {
                        return Err(InputError::at_line(
                            line_no,
                            "mode",
                            format!("must be optimal or stable, got {other:?}"),
                        ));
                    }
                };
            }
            continue;
        }
        let fields = csv_fields(line);
        if first_data_line {
            first_data_line = false;
            if fields
                .get(2)
                .is_some_and(|f| f.eq_ignore_ascii_case("score"))
            {
                continue;
            }
        }
        if fields.len() < 3 || fields.len() > 4 {
            return Err(InputError::at_line(
                line_no,
                "row",
                format!(
                    "expected mentee,mentor,score[,mentor_capacity], got {} fields",
                    fields.len()
                ),
            ));
        }
        let (mentee, mentor) = (fields[0].clone(), fields[1].clone());
        if mentee.is_empty() {
            return Err(InputError::at_line(line_no, "mentee", "must not be empty"));
        }
        if mentor.is_empty() {
            return Err(InputError::at_line(line_no, "mentor", "must not be empty"));
        }
        let score: f64 = fields[2]
            .parse()
            .ok()
            .filter(|s: &f64| s.is_finite())
            .ok_or_else(|| {
                InputError::at_line(line_no, "score", format!("not a number: {:?}", fields[2]))
            })?;
        let capacity: Option<u32> = match fields.get(3).filter(|f| !f.is_empty()) {
            None => None,
            Some(text) => Some(text.parse().map_err(|_| {
                InputError::at_line(
                    line_no,
                    "mentor_capacity",
                    format!("not a whole number >= 0: {text:?}"),
                )
            })?),
        };
        if mentee_seen.insert(mentee.clone(), ()).is_none() {
            mentees.push(ScoredMentee { id: mentee.clone() });
        }
        let entry = mentor_at.entry(mentor.clone()).or_insert_with(|| {
            mentors.push(ScoredMentor {
                id: mentor.clone(),
                capacity: 1,
            });
            (mentors.len() - 1, None)
        });
        if let Some(c) = capacity {
            match entry.1 {
                Some((earlier, earlier_line)) if earlier != c => {
                    return Err(InputError::at_line(
                        line_no,
                        "mentor_capacity",
                        format!(
                            "mentor {mentor:?} has capacity {c} here but {earlier} on line {earlier_line}"
                        ),
                    ));
                }
                _ => {
                    entry.1 = Some((c, line_no));
                    mentors[entry.0].capacity = c;
                }
            }
        }
        scores.push((
            line_no,
            PairScoreEntry {
                mentee,
                mentor,
                score,
            },
        ));
    }
    let mut seen_pairs: HashMap<(&str, &str), usize> = HashMap::new();
    for (line_no, entry) in &scores {
        if let Some(first) =
            seen_pairs.insert((entry.mentee.as_str(), entry.mentor.as_str()), *line_no)
        {
            return Err(InputError::at_line(
                *line_no,
                "mentor",
                format!("pair already listed on line {first}"),
            ));
        }
    }
    Ok(ScoredProblem {
        mode,
        objective: Default::default(),
        mentors,
        mentees,
        scores: scores.into_iter().map(|(_, e)| e).collect(),
    })
}

/// Runs either form.
pub fn run(input: &MatchInput) -> Result<MatchOutput, InputError> {
    match input {
        MatchInput::Scored(problem) => solve_scored(problem).map(MatchOutput::Scored),
        MatchInput::Program(program) => match_program(&program.participants, &program.settings)
            .map(|r| MatchOutput::Program(Box::new(r))),
    }
}

fn csv_escape(field: &str) -> String {
    if field.contains([',', '"', '\n']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

/// Renders a result. CSV has one row per pair (`mentee,mentor,score,explanation`, the
/// explanation flattened as `criterion: evidence; ...`); in peer mode one row per member with the
/// circle number in the mentor column (`circle-1`).
pub fn render_output(output: &MatchOutput, format: OutputFormat) -> String {
    match format {
        OutputFormat::Json => serde_json::to_string_pretty(output)
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}")),
        OutputFormat::Csv => {
            let mut text = String::from("mentee,mentor,score,explanation\n");
            let mut row = |mentee: &str, mentor: &str, score: f64, explanation: &str| {
                text.push_str(&format!(
                    "{},{},{:.2},{}\n",
                    csv_escape(mentee),
                    csv_escape(mentor),
                    score,
                    csv_escape(explanation)
                ));
            };
            match output {
                MatchOutput::Scored(solution) => {
                    for pair in &solution.pairs {
                        row(&pair.mentee, &pair.mentor, pair.score, "");
                    }
                }
                MatchOutput::Program(result) => {
                    for pair in &result.pairs {
                        let mut parts: Vec<String> = pair
                            .breakdown
                            .contributions
                            .iter()
                            .map(|c| {
                                let name = serde_json::to_value(c.criterion)
                                    .ok()
                                    .and_then(|v| v.as_str().map(str::to_string))
                                    .unwrap_or_default();
                                format!("{name} {:.1}: {}", c.points, c.evidence.join(", "))
                            })
                            .collect();
                        parts.extend(pair.breakdown.bonus_evidence.iter().cloned());
                        row(&pair.mentee, &pair.mentor, pair.score, &parts.join("; "));
                    }
                    for (k, circle) in result.circles.iter().enumerate() {
                        for member in &circle.members {
                            row(
                                member,
                                &format!("circle-{}", k + 1),
                                circle.mean_score,
                                "peer circle",
                            );
                        }
                    }
                }
            }
            text
        }
    }
}
