//! `newsgraph stats` (entities ranked by graph measures, with their
//! communities) and `newsgraph path` (the shortest chain of edges between
//! two entities, with a sentence for each link).

use std::fmt::Write;

use anyhow::{Context, bail};

use super::Input;
use crate::corpus::collapse_whitespace;
use crate::graph::metrics::{DEFAULT_BETWEENNESS_PIVOTS, EXACT_BETWEENNESS_MAX_NODES};
use crate::graph::path::{PathHop, shortest_path};
use crate::graph::stats::{EdgeWeighting, GraphStats, Metric, NodeStats};
use crate::graph::view::{Filters, GraphView};
use crate::pipeline::Analysis;

/// What `newsgraph stats` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StatsOptions {
    /// How many entities to list.
    pub top: usize,
    /// The measure to rank by.
    pub sort: Metric,
    pub weighting: EdgeWeighting,
}

/// `newsgraph stats`: prints the measures table.
pub fn stats(input: &Input, options: &StatsOptions) -> anyhow::Result<()> {
    let analysis = input.analyze()?;
    print!("{}", stats_text(&analysis, options));
    Ok(())
}

/// The text printed by `newsgraph stats`: a summary line of the graph, then
/// the top entities by `options.sort` in an aligned table.
pub fn stats_text(analysis: &Analysis, options: &StatsOptions) -> String {
    let stats = GraphStats::of_analysis(analysis, options.weighting);
    let mut out = graph_line(analysis, &stats);
    let rows: Vec<usize> = stats
        .ranking(options.sort)
        .into_iter()
        .take(options.top)
        .collect();
    let entities = &analysis.extraction.entities;
    let name_width = rows
        .iter()
        .map(|&node| entities[stats.entities[node]].name.chars().count())
        .fold("name".len(), usize::max);
    let _ = writeln!(
        out,
        "\n{:>4}  {:<name_width$}  {:<12}  {:>8}  {:>6}  {:>8}  {:>8}  {:>11}  {:>9}",
        "rank",
        "name",
        "kind",
        "mentions",
        "degree",
        "weighted",
        "pagerank",
        "betweenness",
        "community"
    );
    for (rank, &node) in rows.iter().enumerate() {
        let entity = &entities[stats.entities[node]];
        let _ = writeln!(
            out,
            "{:>4}  {:<name_width$}  {:<12}  {}",
            rank + 1,
            entity.name,
            entity.kind.as_str(),
            measures(&stats.nodes[node], options.weighting)
        );
    }
    out
}

/// "50 nodes, 162 edges, 1 component, 4 communities, modularity 0.1234",
/// then the weighting, window and how betweenness was computed.
fn graph_line(analysis: &Analysis, stats: &GraphStats) -> String {
    let betweenness = if stats.sampled_betweenness {
        format!(
            "estimated from {DEFAULT_BETWEENNESS_PIVOTS} sources (more than \
             {EXACT_BETWEENNESS_MAX_NODES} nodes)"
        )
    } else {
        "exact".to_owned()
    };
    format!(
        "{}, {}, {}, {}, modularity {:.4}\nweighting: {}, window: {}, betweenness: {betweenness}\n",
        counted(stats.entities.len(), "node", "nodes"),
        counted(stats.edge_count, "edge", "edges"),
        counted(stats.component_count, "component", "components"),
        counted(stats.community_count, "community", "communities"),
        stats.modularity,
        stats.weighting.as_str(),
        analysis.graph.window.as_str(),
    )
}

/// The numeric columns of one row.
fn measures(node: &NodeStats, weighting: EdgeWeighting) -> String {
    let decimals = if weighting == EdgeWeighting::Count {
        0
    } else {
        3
    };
    format!(
        "{:>8}  {:>6}  {:>8.decimals$}  {:>8.4}  {:>11.4}  {:>9}",
        node.mentions,
        node.degree,
        node.weighted_degree,
        node.pagerank,
        node.betweenness,
        node.community
    )
}

/// "1 edge", "3 edges".
fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// `newsgraph path`: prints the path between the entities named `from` and
/// `to`; an error when either is unknown or they are not connected.
pub fn path(input: &Input, from: &str, to: &str) -> anyhow::Result<()> {
    let analysis = input.analyze()?;
    print!("{}", path_text(&analysis, from, to)?);
    Ok(())
}

/// The text printed by `newsgraph path`: a line per hop, each followed by
/// its evidence sentence and the document it is from.
pub fn path_text(analysis: &Analysis, from: &str, to: &str) -> anyhow::Result<String> {
    let ex = &analysis.extraction;
    let start = ex.find_entity(from).context("--from")?;
    let end = ex.find_entity(to).context("--to")?;
    let filters = Filters::all(analysis.graph.window);
    let view = GraphView::build(analysis, &filters);
    let name = |e: usize| ex.entities[e].name.as_str();
    let Some(hops) = shortest_path(analysis, &view, start, end) else {
        bail!(
            "{} and {} are not connected (co-mention window: {})",
            name(start),
            name(end),
            filters.window.as_str()
        );
    };
    let mut out = format!(
        "{} → {}: {}\n",
        name(start),
        name(end),
        counted(hops.len(), "hop", "hops")
    );
    for (i, hop) in hops.iter().enumerate() {
        let _ = writeln!(
            out,
            "\n{}. {} — {} ({})",
            i + 1,
            name(hop.from),
            name(hop.to),
            counted(hop.weight as usize, "co-mention", "co-mentions")
        );
        let _ = writeln!(out, "   {}", evidence_line(analysis, hop));
    }
    Ok(out)
}

/// `[document id] sentence`, whitespace collapsed.
fn evidence_line(analysis: &Analysis, hop: &PathHop) -> String {
    let Some(evidence) = hop.evidence else {
        return "(no evidence sentence)".to_owned();
    };
    let doc = analysis
        .corpus
        .documents
        .get(evidence.doc())
        .map_or("?", |d| d.id.as_str());
    format!(
        "[{doc}] {}",
        collapse_whitespace(analysis.evidence_text(&evidence))
    )
}
