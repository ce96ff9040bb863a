//! What `grove analyze` does, without the application: parse the CSV files, run [`analyze`],
//! print the JSON report, and the time taken on stderr.
//! Usage: analyze_csv <edges.csv> [groups.csv] [--suggest K] [--min-group-size N]
use grove_graph::{AnalyzeOptions, analyze, parse_edges_csv, parse_groups_csv};
use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let mut files = Vec::new();
    let mut options = AnalyzeOptions::default();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        match a.as_str() {
            "--suggest" => options.suggest = Some(it.next().ok_or("--suggest needs K")?.parse()?),
            "--min-group-size" => {
                options.min_group_size = it.next().ok_or("--min-group-size needs N")?.parse()?
            }
            file => files.push(file.to_string()),
        }
    }
    let edges_path = files
        .first()
        .ok_or("usage: analyze_csv <edges.csv> [groups.csv]")?;
    let t = Instant::now();
    let edges = parse_edges_csv(&std::fs::read_to_string(edges_path)?)?;
    let groups = match files.get(1) {
        Some(p) => Some(parse_groups_csv(&std::fs::read_to_string(p)?)?),
        None => None,
    };
    let parsed = t.elapsed().as_secs_f64();
    let report = analyze(&edges, groups.as_deref(), &options)?;
    let analyzed = t.elapsed().as_secs_f64() - parsed;
    println!("{}", serde_json::to_string(&report)?);
    eprintln!(
        "parse {parsed:.2} s, analyze {analyzed:.2} s, {} nodes, {} ties",
        report.node_count, report.edge_count
    );
    Ok(())
}
