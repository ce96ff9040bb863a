//! The whole-organization report behind `grove analyze`: CSV parsing helpers that name the line
//! and column of any mistake, and [`analyze`], which runs every batch metric and returns one
//! serializable [`Report`] keyed by the caller's own ids.

use crate::centrality::{BetweennessOptions, PageRankOptions, betweenness, pagerank};
use crate::community::{CommunityOptions, louvain};
use crate::error::ParseError;
use crate::graph::Graph;
use crate::groups::{adjusted_rand_index, analyze_groups, normalized_mutual_information};
use crate::health::{
    BridgeIndex, BridgeKind, BridgeOptions, bridging_suggestions, brokers, periphery,
};
use crate::recommend::{PeopleQuery, suggest_people};
use crate::structure::{articulation_points, clustering, connected_components};
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// One row of `edges.csv`: a tie between two members named by the caller's ids.
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct EdgeRow {
    /// Id of one member.
    pub source: String,
    /// Id of the other member.
    pub target: String,
    /// Strength of the tie (1 when the column is absent); finite and >= 0.
    pub weight: f64,
}

/// One row of `groups.csv`: the group (department, location...) of a member.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct GroupRow {
    /// Member id, as in the edges.
    pub node: String,
    /// Group name.
    pub group: String,
}

/// Split one CSV line into fields; double quotes may wrap a field (with `""` for a quote), so ids
/// and group names containing commas survive a spreadsheet export.
fn split_csv_line(line: &str, line_no: usize) -> Result<Vec<String>, ParseError> {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut chars = line.chars().peekable();
    let mut quoted = false;
    while let Some(c) = chars.next() {
        match (quoted, c) {
            (true, '"') if chars.peek() == Some(&'"') => {
                field.push('"');
                chars.next();
            }
            (true, '"') => quoted = false,
            (false, '"') if field.trim().is_empty() => {
                field.clear();
                quoted = true;
            }
            (false, ',') => fields.push(std::mem::take(&mut field)),
            (_, c) => field.push(c),
        }
    }
    if quoted {
        return Err(ParseError::new(
            line_no,
            "line",
            "a quoted field is not closed",
        ));
    }
    fields.push(field);
    Ok(fields.into_iter().map(|f| f.trim().to_string()).collect())
}

/// Lines of a CSV text after its header, numbered from 1 at the header; blank lines skipped.
fn csv_rows(
    text: &str,
    header: &[&str],
    optional: usize,
) -> Result<Vec<(usize, Vec<String>)>, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut lines = text
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l))
        .filter(|(_, l)| !l.trim().is_empty());
    let Some((hline, hdr)) = lines.next() else {
        return Err(ParseError::new(
            1,
            "header",
            format!(
                "the file is empty; expected the header {}",
                header.join(",")
            ),
        ));
    };
    let names: Vec<String> = split_csv_line(hdr, hline)?
        .into_iter()
        .map(|h| h.to_lowercase())
        .collect();
    let required = header.len() - optional;
    let ok = names.len() >= required
        && names.len() <= header.len()
        && names.iter().zip(header).all(|(a, b)| a == b);
    if !ok {
        let wanted = if optional > 0 {
            format!(
                "{}[,{}]",
                header[..required].join(","),
                header[required..].join(",")
            )
        } else {
            header.join(",")
        };
        return Err(ParseError::new(
            hline,
            "header",
            format!("expected {wanted}, found {}", names.join(",")),
        ));
    }
    let width = names.len();
    lines
        .map(|(no, line)| {
            let fields = split_csv_line(line, no)?;
            if fields.len() != width {
                return Err(ParseError::new(
                    no,
                    "line",
                    format!("expected {width} fields, found {}", fields.len()),
                ));
            }
            for (f, name) in fields.iter().zip(header) {
                if f.is_empty() {
                    return Err(ParseError::new(no, *name, "is empty"));
                }
            }
            Ok((no, fields))
        })
        .collect()
}

/// Parse `edges.csv` with header `source,target[,weight]`.
pub fn parse_edges_csv(text: &str) -> Result<Vec<EdgeRow>, ParseError> {
    csv_rows(text, &["source", "target", "weight"], 1)?
        .into_iter()
        .map(|(no, mut f)| {
            let weight = match f.get(2) {
                Some(w) => match w.parse::<f64>() {
                    Ok(x) if x.is_finite() && x >= 0.0 => x,
                    _ => {
                        return Err(ParseError::new(
                            no,
                            "weight",
                            format!("{w:?} is not a number >= 0"),
                        ));
                    }
                },
                None => 1.0,
            };
            f.truncate(2);
            let target = f.pop().unwrap_or_default();
            let source = f.pop().unwrap_or_default();
            Ok(EdgeRow {
                source,
                target,
                weight,
            })
        })
        .collect()
}

/// Parse `groups.csv` with header `node,group`. A member may appear once.
pub fn parse_groups_csv(text: &str) -> Result<Vec<GroupRow>, ParseError> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    csv_rows(text, &["node", "group"], 0)?
        .into_iter()
        .map(|(no, mut f)| {
            let group = f.pop().unwrap_or_default();
            let node = f.pop().unwrap_or_default();
            if let Some(first) = seen.insert(node.clone(), no) {
                return Err(ParseError::new(
                    no,
                    "node",
                    format!("{node:?} already has a group on line {first}"),
                ));
            }
            Ok(GroupRow { node, group })
        })
        .collect()
}

/// Settings for [`analyze`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct AnalyzeOptions {
    /// When set, up to this many "people you may want to know" per member.
    pub suggest: Option<usize>,
    /// Groups (and communities) with fewer members get no aggregate figures. At least 1.
    pub min_group_size: usize,
    /// How many introductions to suggest.
    pub bridges: usize,
    /// Contacts must span at least this many groups for a member to count as a broker.
    pub broker_min_groups: usize,
    /// At most this many brokers are listed, highest betweenness first.
    pub brokers: usize,
    /// PageRank settings.
    pub pagerank: PageRankOptions,
    /// Betweenness settings (exact up to a size, sampled above).
    pub betweenness: BetweennessOptions,
    /// Community detection settings.
    pub communities: CommunityOptions,
}

impl Default for AnalyzeOptions {
    fn default() -> Self {
        Self {
            suggest: None,
            min_group_size: 5,
            bridges: 20,
            broker_min_groups: 2,
            brokers: 50,
            pagerank: PageRankOptions::default(),
            betweenness: BetweennessOptions::default(),
            communities: CommunityOptions {
                runs: 4,
                ..CommunityOptions::default()
            },
        }
    }
}

/// Figures for one member.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeReport {
    /// The caller's id.
    pub id: String,
    /// Number of distinct contacts.
    pub degree: usize,
    /// PageRank (all members sum to 1).
    pub pagerank: f64,
    /// Normalized betweenness (exact or sampled; see `betweenness_method`).
    pub betweenness: f64,
    /// Local clustering coefficient.
    pub clustering: f64,
    /// Community number.
    pub community: u32,
    /// Connected component number.
    pub component: u32,
}

/// Figures for one group of `groups.csv`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GroupReport {
    /// Group name.
    pub group: String,
    /// Number of members.
    pub size: usize,
    /// `true` when the group is below the minimum size and the figures below are withheld.
    pub suppressed: bool,
    /// Krackhardt's E-I index.
    pub ei_index: Option<f64>,
    /// Internal ties / possible internal pairs.
    pub internal_density: Option<f64>,
    /// Ties inside the group.
    pub internal_ties: Option<u64>,
    /// Ties leaving the group.
    pub external_ties: Option<u64>,
}

/// Ties between groups, rows and columns in the order of `groups`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TieMatrixReport {
    /// Group names.
    pub groups: Vec<String>,
    /// Tie counts (`null` where a group is below the minimum size).
    pub ties: Vec<Vec<Option<u64>>>,
    /// Densities (ties per possible pair).
    pub density: Vec<Vec<Option<f64>>>,
}

/// How betweenness was computed.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BetweennessMethod {
    /// `true` when exact.
    pub exact: bool,
    /// Number of source nodes used.
    pub sources: usize,
    /// 95% bound on the error of one value (0 when exact).
    pub error_bound_per_node: f64,
    /// 95% bound on the error of all values at once (0 when exact).
    pub error_bound_all_nodes: f64,
}

/// Connected components summary.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentsReport {
    /// Number of components.
    pub count: usize,
    /// Sizes, largest first.
    pub sizes: Vec<usize>,
}

/// How well the communities found match the groups given.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverlapReport {
    /// Normalized mutual information, 0..=1.
    pub nmi: f64,
    /// Adjusted Rand index (about 0 for chance, 1 identical).
    pub adjusted_rand: f64,
}

/// A broker, by id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BrokerReport {
    /// Member id.
    pub id: String,
    /// Normalized betweenness.
    pub betweenness: f64,
    /// Distinct groups among their contacts (communities when no groups were given).
    pub groups_reached: usize,
}

/// An E-I change, by group name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EiChangeReport {
    /// Group name.
    pub group: String,
    /// E-I now.
    pub before: f64,
    /// E-I with the introduction.
    pub after: f64,
}

/// A suggested introduction, by id.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BridgeReport {
    /// One member.
    pub a: String,
    /// The other.
    pub b: String,
    /// `bring_in` or `cross_silo`.
    pub kind: BridgeKind,
    /// Bridge bonus, 0..=1.
    pub score: f64,
    /// Change in the number of components.
    pub components_change: i64,
    /// Members newly reachable.
    pub reach_gain: usize,
    /// E-I of both groups before and after (empty when not shown).
    pub ei_change: Vec<EiChangeReport>,
}

/// A suggestion in the report, by id, with reasons in words.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SuggestionReport {
    /// Suggested member id.
    pub id: String,
    /// Blended score.
    pub score: f64,
    /// Reasons in words.
    pub reasons: Vec<String>,
}

/// Everything `grove analyze` writes to `report.json`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Report {
    /// Number of members (edge ends and group members).
    pub node_count: usize,
    /// Number of distinct ties.
    pub edge_count: usize,
    /// Per-member figures, in order of first appearance in the edges, then the groups.
    pub nodes: Vec<NodeReport>,
    /// Modularity of the communities found.
    pub modularity: f64,
    /// Number of communities.
    pub community_count: usize,
    /// How betweenness was computed.
    pub betweenness_method: BetweennessMethod,
    /// Connected components.
    pub components: ComponentsReport,
    /// Per-group figures (empty without groups).
    pub groups: Vec<GroupReport>,
    /// E-I index over all grouped members (absent without groups).
    pub ei_index: Option<f64>,
    /// Ties between groups (absent without groups).
    pub tie_matrix: Option<TieMatrixReport>,
    /// Communities versus groups (absent without groups).
    pub community_group_overlap: Option<OverlapReport>,
    /// Brokers, highest betweenness first.
    pub brokers: Vec<BrokerReport>,
    /// Members with no tie.
    pub isolated: Vec<String>,
    /// Members with one tie or outside the largest component.
    pub peripheral: Vec<String>,
    /// Members whose departure would disconnect others.
    pub articulation_points: Vec<String>,
    /// Suggested introductions.
    pub bridges: Vec<BridgeReport>,
    /// Per member id, people they may want to know (only when asked for).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub suggestions: Option<BTreeMap<String, Vec<SuggestionReport>>>,
}

/// Run every batch metric on an edge list (and optional groups) and return one report keyed by the
/// caller's ids. Members that appear only in `groups` are included as isolated members.
pub fn analyze(
    edges: &[EdgeRow],
    groups: Option<&[GroupRow]>,
    options: &AnalyzeOptions,
) -> Result<Report, ParseError> {
    if options.min_group_size == 0 {
        return Err(ParseError::new(0, "min_group_size", "must be at least 1"));
    }
    let mut ids: Vec<String> = Vec::new();
    let mut index: HashMap<String, u32> = HashMap::new();
    let mut intern = |id: &str, ids: &mut Vec<String>| -> u32 {
        if let Some(&i) = index.get(id) {
            return i;
        }
        let i = ids.len() as u32;
        ids.push(id.to_string());
        index.insert(id.to_string(), i);
        i
    };
    let mut pairs = Vec::with_capacity(edges.len());
    for (i, e) in edges.iter().enumerate() {
        if e.source.is_empty() {
            return Err(ParseError::new(0, format!("edges[{i}].source"), "is empty"));
        }
        if e.target.is_empty() {
            return Err(ParseError::new(0, format!("edges[{i}].target"), "is empty"));
        }
        if !(e.weight.is_finite() && e.weight >= 0.0) {
            return Err(ParseError::new(
                0,
                format!("edges[{i}].weight"),
                "must be a finite number >= 0",
            ));
        }
        let a = intern(&e.source, &mut ids);
        let b = intern(&e.target, &mut ids);
        pairs.push((a, b, e.weight));
    }
    let mut group_names: Vec<String> = Vec::new();
    let mut group_of_named: Vec<(u32, u32)> = Vec::new();
    if let Some(rows) = groups {
        let mut gidx: HashMap<&str, u32> = HashMap::new();
        for (i, r) in rows.iter().enumerate() {
            if r.node.is_empty() {
                return Err(ParseError::new(0, format!("groups[{i}].node"), "is empty"));
            }
            let v = intern(&r.node, &mut ids);
            let next = group_names.len() as u32;
            let g = *gidx.entry(r.group.as_str()).or_insert(next);
            if g == next {
                group_names.push(r.group.clone());
            }
            group_of_named.push((v, g));
        }
    }
    let n = ids.len();
    let graph = Graph::from_weighted_pairs(n, &pairs)?;
    let group_of: Option<Vec<Option<u32>>> = groups.map(|_| {
        let mut g = vec![None; n];
        for &(v, grp) in &group_of_named {
            g[v as usize] = Some(grp);
        }
        g
    });

    let pr = pagerank(&graph, &options.pagerank);
    let bc = betweenness(&graph, &options.betweenness);
    let comms = louvain(&graph, &options.communities);
    let comps = connected_components(&graph);
    let clus = clustering(&graph);
    let nodes = (0..n)
        .map(|v| NodeReport {
            id: ids[v].clone(),
            degree: graph.degree(v as u32),
            pagerank: pr[v],
            betweenness: bc.values[v],
            clustering: clus[v],
            community: comms.of_node[v],
            component: comps.of_node[v],
        })
        .collect();

    let mut sizes = comps.sizes.clone();
    sizes.sort_unstable_by(|a, b| b.cmp(a));
    let (group_reports, ei_index, tie_matrix, overlap) = match &group_of {
        Some(g) => {
            let ga = analyze_groups(&graph, g, options.min_group_size)?;
            let reports = ga
                .groups
                .iter()
                .map(|s| GroupReport {
                    group: group_names[s.group as usize].clone(),
                    size: s.size,
                    suppressed: s.suppressed,
                    ei_index: s.ei_index,
                    internal_density: s.internal_density,
                    internal_ties: s.internal_ties,
                    external_ties: s.external_ties,
                })
                .collect();
            let (a, b): (Vec<u32>, Vec<u32>) = (0..n)
                .filter_map(|v| g[v].map(|grp| (comms.of_node[v], grp)))
                .unzip();
            let overlap = OverlapReport {
                nmi: normalized_mutual_information(&a, &b),
                adjusted_rand: adjusted_rand_index(&a, &b),
            };
            let matrix = TieMatrixReport {
                groups: group_names.clone(),
                ties: ga.ties,
                density: ga.density,
            };
            (reports, Some(ga.ei_index), Some(matrix), Some(overlap))
        }
        None => (Vec::new(), None, None, None),
    };
    // Without groups, brokers are judged against the communities found.
    let community_groups: Vec<Option<u32>> = comms.of_node.iter().map(|&c| Some(c)).collect();
    let broker_groups = group_of.as_deref().unwrap_or(&community_groups);
    let broker_list = brokers(
        &graph,
        &bc.values,
        broker_groups,
        options.broker_min_groups,
        options.brokers,
    )?
    .into_iter()
    .map(|b| BrokerReport {
        id: ids[b.member as usize].clone(),
        betweenness: b.betweenness,
        groups_reached: b.groups_reached,
    })
    .collect();
    let edge = periphery(&graph, &comps);
    let name = |list: Vec<u32>| {
        list.into_iter()
            .map(|v| ids[v as usize].clone())
            .collect::<Vec<_>>()
    };
    let bridge_index = BridgeIndex::new(&graph, Some(broker_groups))?;
    let bridge_names = |g: u32| -> String {
        if group_of.is_some() {
            group_names[g as usize].clone()
        } else {
            format!("community {g}")
        }
    };
    let bridges = bridging_suggestions(
        &graph,
        &bridge_index,
        &BridgeOptions {
            count: options.bridges,
            per_member: 2,
            min_group_size: options.min_group_size,
        },
    )
    .into_iter()
    .map(|s| BridgeReport {
        a: ids[s.a as usize].clone(),
        b: ids[s.b as usize].clone(),
        kind: s.kind,
        score: s.score,
        components_change: s.components_change,
        reach_gain: s.reach_gain,
        ei_change: s
            .ei_change
            .map(|c| {
                c.iter()
                    .map(|e| EiChangeReport {
                        group: bridge_names(e.group),
                        before: e.before,
                        after: e.after,
                    })
                    .collect()
            })
            .unwrap_or_default(),
    })
    .collect();

    let suggestions = match options.suggest {
        Some(k) => {
            let mut all = BTreeMap::new();
            let describe_member = |m: u32| ids[m as usize].clone();
            let describe_group = |g: u32| group_names.get(g as usize).cloned().unwrap_or_default();
            for v in 0..n as u32 {
                let mut q = PeopleQuery::new(v, k);
                q.group_of = group_of.as_deref();
                let list = suggest_people(&graph, &q)?
                    .into_iter()
                    .map(|s| SuggestionReport {
                        id: ids[s.id as usize].clone(),
                        score: s.score,
                        reasons: s
                            .reasons
                            .iter()
                            .map(|r| r.describe(&describe_member, &describe_group))
                            .collect(),
                    })
                    .collect();
                all.insert(ids[v as usize].clone(), list);
            }
            Some(all)
        }
        None => None,
    };

    Ok(Report {
        node_count: n,
        edge_count: graph.edge_count(),
        nodes,
        modularity: comms.modularity,
        community_count: comms.count,
        betweenness_method: BetweennessMethod {
            exact: bc.exact,
            sources: bc.sources,
            error_bound_per_node: bc.error_bound_per_node,
            error_bound_all_nodes: bc.error_bound_all_nodes,
        },
        components: ComponentsReport {
            count: comps.count(),
            sizes,
        },
        groups: group_reports,
        ei_index,
        tie_matrix,
        community_group_overlap: overlap,
        brokers: broker_list,
        isolated: name(edge.isolated),
        peripheral: name(edge.peripheral),
        articulation_points: name(articulation_points(&graph)),
        bridges,
        suggestions,
    })
}
