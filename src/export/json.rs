//! The JSON report of `newsgraph extract`: documents, entities, mentions,
//! edges and skipped files, with ids instead of indices and everything
//! sorted, so two runs on the same input are byte-identical (measures are
//! rounded to [`DECIMALS`] decimals). An export
//! writes the same report restricted to what a filtered view shows.

use std::io::Write;

use petgraph::graph::EdgeIndex;
use serde::{Deserialize, Serialize};

use super::{ExportError, ExportInput};
use crate::extract::{Category, Kind, Mention, Polarity};
use crate::graph::EntityGraph;
use crate::graph::stats::{EdgeWeighting, GraphStats, NodeStats};
use crate::graph::view::GraphView;
use crate::pipeline::Analysis;

/// Decimals kept of the floating-point measures.
pub const DECIMALS: i32 = 6;

/// The whole report.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Report {
    pub documents: Vec<DocumentOut>,
    pub entities: Vec<EntityOut>,
    pub mentions: Vec<MentionOut>,
    pub edges: Vec<EdgeOut>,
    pub skipped: Vec<SkippedOut>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DocumentOut {
    pub id: String,
    pub path: String,
    pub title: String,
    pub date: Option<String>,
    pub url: Option<String>,
    /// Length of the text in characters.
    pub chars: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EntityOut {
    pub id: String,
    pub name: String,
    pub kind: Kind,
    pub aliases: Vec<String>,
    pub mentions: usize,
    pub documents: Vec<String>,
    pub roles: Vec<RoleOut>,
    #[serde(flatten)]
    pub measures: MeasuresOut,
}

/// Graph measures of an entity, with co-mention counts as edge weights.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MeasuresOut {
    pub degree: usize,
    pub weighted_degree: f64,
    pub pagerank: f64,
    pub betweenness: f64,
    pub community: usize,
    pub component: usize,
}

impl MeasuresOut {
    fn new(node: &NodeStats) -> MeasuresOut {
        MeasuresOut {
            degree: node.degree,
            weighted_degree: rounded(node.weighted_degree),
            pagerank: rounded(node.pagerank),
            betweenness: rounded(node.betweenness),
            community: node.community,
            component: node.component,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RoleOut {
    pub title: String,
    /// Id of the country or organization, if stated.
    pub of: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MentionOut {
    pub entity: String,
    pub document: String,
    /// Byte offsets into the document's text.
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// An edge: a co-mention (undirected) or a stated relation (directed from
/// `source` to `target`, with the fields that say what it states).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EdgeOut {
    pub source: String,
    pub target: String,
    pub kind: String,
    pub directed: bool,
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<RelationOut>,
    /// Number of windows (co-mention) or sentences (relation) behind it.
    pub weight: u32,
    pub evidence: Vec<EvidenceOut>,
}

/// What a relation edge states.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RelationOut {
    pub label: String,
    pub category: Category,
    pub polarity: Polarity,
    pub negated: bool,
    pub hedged: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EvidenceOut {
    pub document: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SkippedOut {
    pub path: String,
    pub reason: String,
}

/// What a report covers: some entities, some documents, some edges.
struct Scope<'a> {
    /// Included entities, by entity index.
    entities: Vec<bool>,
    /// Included documents, by document index.
    documents: Vec<bool>,
    graph: &'a EntityGraph,
    edges: Vec<EdgeIndex>,
}

impl Report {
    /// Builds the report of `analysis`.
    pub fn new(analysis: &Analysis) -> Report {
        let graph = &analysis.graph;
        Report::of(
            analysis,
            &Scope {
                entities: vec![true; analysis.extraction.entities.len()],
                documents: vec![true; analysis.corpus.documents.len()],
                graph,
                edges: graph.graph.edge_indices().collect(),
            },
        )
    }

    /// The report of what `view` shows: its entities (with their mentions
    /// in the included documents), the included documents, its edges.
    pub fn for_view(analysis: &Analysis, view: &GraphView) -> Report {
        let mut entities = vec![false; analysis.extraction.entities.len()];
        for &e in &view.nodes {
            entities[e] = true;
        }
        let documents = (0..analysis.corpus.documents.len())
            .map(|d| !view.excluded_docs.contains(&d))
            .collect();
        Report::of(
            analysis,
            &Scope {
                entities,
                documents,
                graph: &view.graph,
                edges: view.edges.iter().map(|e| e.edge).collect(),
            },
        )
    }

    fn of(analysis: &Analysis, scope: &Scope) -> Report {
        let docs = &analysis.corpus.documents;
        let ex = &analysis.extraction;
        let mentions: Vec<&Mention> = ex
            .mentions
            .iter()
            .filter(|m| scope.entities[m.entity()] && scope.documents[m.doc()])
            .collect();
        Report {
            documents: docs
                .iter()
                .zip(&scope.documents)
                .filter(|(_, included)| **included)
                .map(|(d, _)| DocumentOut {
                    id: d.id.clone(),
                    path: d.path.clone(),
                    title: d.title.clone(),
                    date: d.date.clone(),
                    url: d.url.clone(),
                    chars: d.text.chars().count(),
                })
                .collect(),
            entities: entities(analysis, scope, &mentions),
            mentions: mentions
                .iter()
                .map(|m| MentionOut {
                    entity: ex.entities[m.entity()].id.clone(),
                    document: docs[m.doc()].id.clone(),
                    start: m.start(),
                    end: m.end(),
                    text: docs[m.doc()].text[m.range()].to_owned(),
                })
                .collect(),
            edges: edges(analysis, scope),
            skipped: analysis
                .corpus
                .skipped
                .iter()
                .map(|s| SkippedOut {
                    path: s.path.clone(),
                    reason: s.reason.clone(),
                })
                .collect(),
        }
    }
}

/// The included entities with their counts over `mentions`.
fn entities(analysis: &Analysis, scope: &Scope, mentions: &[&Mention]) -> Vec<EntityOut> {
    let docs = &analysis.corpus.documents;
    let ex = &analysis.extraction;
    let stats = GraphStats::of_analysis(analysis, EdgeWeighting::Count);
    let mut counts = vec![0; ex.entities.len()];
    let mut documents_of: Vec<Vec<usize>> = vec![Vec::new(); ex.entities.len()];
    for m in mentions {
        counts[m.entity()] += 1;
        let list = &mut documents_of[m.entity()];
        if list.last() != Some(&m.doc()) {
            list.push(m.doc());
        }
    }
    ex.entities
        .iter()
        .enumerate()
        .filter(|(i, _)| scope.entities[*i])
        .map(|(i, e)| EntityOut {
            id: e.id.clone(),
            name: e.name.clone(),
            kind: e.kind,
            aliases: e.aliases.clone(),
            mentions: counts[i],
            documents: documents_of[i]
                .iter()
                .map(|&d| docs[d].id.clone())
                .collect(),
            roles: e
                .roles
                .iter()
                .map(|r| RoleOut {
                    title: r.title.clone(),
                    of: r.of.map(|o| ex.entities[o].id.clone()),
                })
                .collect(),
            measures: stats.of_entity(i).map(MeasuresOut::new).unwrap_or_default(),
        })
        .collect()
}

/// The scope's edges, sorted by source, target and kind.
fn edges(analysis: &Analysis, scope: &Scope) -> Vec<EdgeOut> {
    let docs = &analysis.corpus.documents;
    let id = |i: usize| analysis.extraction.entities[i].id.clone();
    let mut edges: Vec<EdgeOut> = scope
        .edges
        .iter()
        .filter_map(|&e| {
            let (a, b) = scope.graph.graph.edge_endpoints(e)?;
            let edge = &scope.graph.graph[e];
            Some(EdgeOut {
                source: id(a.index()),
                target: id(b.index()),
                kind: edge.kind.as_str().to_owned(),
                directed: edge.kind.is_relation(),
                relation: edge.kind.relation().map(|r| RelationOut {
                    label: r.label.clone(),
                    category: r.category,
                    polarity: r.polarity,
                    negated: r.negated,
                    hedged: r.hedged,
                }),
                weight: edge.weight,
                evidence: edge
                    .evidence
                    .iter()
                    .map(|ev| EvidenceOut {
                        document: docs[ev.doc()].id.clone(),
                        start: ev.range().start,
                        end: ev.range().end,
                    })
                    .collect(),
            })
        })
        .collect();
    edges.sort_by(|a, b| {
        (&a.source, &a.target, &a.kind, &a.relation).cmp(&(
            &b.source,
            &b.target,
            &b.kind,
            &b.relation,
        ))
    });
    edges
}

/// Writes `report` as pretty JSON with a final line break.
pub fn write_report(out: &mut dyn Write, report: &Report) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, report).map_err(std::io::Error::other)?;
    writeln!(out)
}

/// The `extract` report of what the export's view shows, as JSON.
pub(super) fn view_json(input: &ExportInput) -> Result<Vec<u8>, ExportError> {
    let mut bytes = Vec::new();
    write_report(&mut bytes, &Report::for_view(input.analysis, input.view))
        .map_err(|e| ExportError::Render(e.to_string()))?;
    Ok(bytes)
}

/// `x` rounded to [`DECIMALS`] decimals.
fn rounded(x: f64) -> f64 {
    let scale = 10f64.powi(DECIMALS);
    (x * scale).round() / scale
}
