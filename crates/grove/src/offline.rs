//! Commands that work on files: `grove match` (mentorship matching on a JSON or CSV file) and
//! `grove analyze` (network report on an edge list, or on the database's own network). They
//! write their output only when everything succeeded, so a bad input never leaves a half file.

use std::path::{Path, PathBuf};

use anyhow::{Context, bail};
use sqlx::Row;

use crate::db::Db;

fn is_csv(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("csv"))
}

/// Writes next to the target and renames, so readers never see a partial file.
fn write_atomically(path: &Path, text: &str) -> anyhow::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".partial");
    let tmp = PathBuf::from(tmp);
    std::fs::write(&tmp, text).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("cannot write {}", path.display()))
}

/// `grove match --input FILE --output FILE`: formats follow the file extensions (.csv or JSON).
pub fn run_match(input: &Path, output: &Path) -> anyhow::Result<String> {
    let text = std::fs::read_to_string(input)
        .with_context(|| format!("cannot read {}", input.display()))?;
    let format = if is_csv(input) {
        grove_match::InputFormat::Csv
    } else {
        grove_match::InputFormat::Json
    };
    let parsed = grove_match::parse_input(&text, format)
        .map_err(|e| anyhow::anyhow!("{}: {e}", input.display()))?;
    let result =
        grove_match::run(&parsed).map_err(|e| anyhow::anyhow!("{}: {e}", input.display()))?;
    let out_format = if is_csv(output) {
        grove_match::OutputFormat::Csv
    } else {
        grove_match::OutputFormat::Json
    };
    write_atomically(output, &grove_match::render_output(&result, out_format))?;
    Ok(match &result {
        grove_match::MatchOutput::Scored(s) => {
            format!(
                "{} pairs, total score {:.2}, {} unmatched",
                s.pairs.len(),
                s.total,
                s.unmatched.len()
            )
        }
        grove_match::MatchOutput::Program(r) => {
            format!("{} pairs, {} unmatched", r.pairs.len(), r.unmatched.len())
        }
    })
}

/// Options of `grove analyze`.
pub struct AnalyzeArgs {
    pub edges: Option<PathBuf>,
    pub groups: Option<PathBuf>,
    pub suggest: Option<usize>,
    pub min_group_size: usize,
    pub output: PathBuf,
}

/// `grove analyze`: the network report for an edge list, or for the organization in the database
/// (connections, with departments as groups) when no `--edges` file is given.
pub async fn run_analyze(args: AnalyzeArgs, db: Option<&Db>) -> anyhow::Result<String> {
    let (edges, groups) = match (&args.edges, db) {
        (Some(path), _) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            let edges = grove_graph::parse_edges_csv(&text)
                .map_err(|e| anyhow::anyhow!("{}: {e}", path.display()))?;
            let groups = match &args.groups {
                Some(g) => {
                    let text = std::fs::read_to_string(g)
                        .with_context(|| format!("cannot read {}", g.display()))?;
                    Some(
                        grove_graph::parse_groups_csv(&text)
                            .map_err(|e| anyhow::anyhow!("{}: {e}", g.display()))?,
                    )
                }
                None => None,
            };
            (edges, groups)
        }
        (None, Some(db)) => organization_network(db).await?,
        (None, None) => bail!("give --edges FILE, or a database to analyze"),
    };
    let options = grove_graph::AnalyzeOptions {
        suggest: args.suggest,
        min_group_size: args.min_group_size,
        ..Default::default()
    };
    let report = grove_graph::analyze(&edges, groups.as_deref(), &options)
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    write_atomically(&args.output, &serde_json::to_string_pretty(&report)?)?;
    Ok(format!(
        "{} members, {} ties, modularity {:.3}, {} groups reported",
        report.nodes.len(),
        edges.len(),
        report.modularity,
        report.groups.len()
    ))
}

/// Accepted connections as ties (member ids as strings) and departments as groups.
async fn organization_network(
    db: &Db,
) -> anyhow::Result<(
    Vec<grove_graph::EdgeRow>,
    Option<Vec<grove_graph::GroupRow>>,
)> {
    let edges = sqlx::query(
        "SELECT c.user_a, c.user_b FROM connections c JOIN users a ON a.id = c.user_a JOIN users b ON b.id = c.user_b \
         WHERE c.status = 'accepted' AND a.active = 1 AND b.active = 1",
    )
    .fetch_all(&db.pool)
    .await?
    .iter()
    .map(|r| {
        Ok(grove_graph::EdgeRow {
            source: r.try_get::<i64, _>(0)?.to_string(),
            target: r.try_get::<i64, _>(1)?.to_string(),
            weight: 1.0,
        })
    })
    .collect::<sqlx::Result<Vec<_>>>()?;
    let groups = sqlx::query("SELECT u.id, d.name FROM users u JOIN departments d ON d.id = u.department_id WHERE u.active = 1")
        .fetch_all(&db.pool)
        .await?
        .iter()
        .map(|r| Ok(grove_graph::GroupRow { node: r.try_get::<i64, _>(0)?.to_string(), group: r.try_get(1)? }))
        .collect::<sqlx::Result<Vec<_>>>()?;
    Ok((edges, Some(groups)))
}
