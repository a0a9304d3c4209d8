//! The JSON report of `newsgraph extract`: documents, entities, mentions,
//! edges and skipped files, with ids instead of indices and everything
//! sorted, so two runs on the same input are byte-identical (measures are
//! rounded to [`DECIMALS`] decimals).

use serde::{Deserialize, Serialize};

use crate::extract::Kind;
use crate::graph::stats::{EdgeWeighting, GraphStats, NodeStats};
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

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EdgeOut {
    pub source: String,
    pub target: String,
    pub kind: String,
    pub weight: u32,
    pub evidence: Vec<EvidenceOut>,
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

impl Report {
    /// Builds the report of `analysis`.
    pub fn new(analysis: &Analysis) -> Report {
        let docs = &analysis.corpus.documents;
        let ex = &analysis.extraction;
        let entity_id = |i: usize| ex.entities[i].id.clone();
        let counts = ex.mention_counts();
        let documents_of = ex.documents_of();
        let stats = GraphStats::of_analysis(analysis, EdgeWeighting::Count);
        let entities = ex
            .entities
            .iter()
            .enumerate()
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
                        of: r.of.map(entity_id),
                    })
                    .collect(),
                measures: stats.of_entity(i).map(MeasuresOut::new).unwrap_or_default(),
            })
            .collect();
        let mentions = ex
            .mentions
            .iter()
            .map(|m| MentionOut {
                entity: entity_id(m.entity),
                document: docs[m.doc].id.clone(),
                start: m.start,
                end: m.end,
                text: docs[m.doc].text[m.start..m.end].to_owned(),
            })
            .collect();
        let mut edges: Vec<EdgeOut> = analysis
            .graph
            .graph
            .edge_indices()
            .map(|e| {
                let (a, b) = analysis.graph.endpoints(e);
                let edge = &analysis.graph.graph[e];
                EdgeOut {
                    source: entity_id(a),
                    target: entity_id(b),
                    kind: edge.kind.as_str().to_owned(),
                    weight: edge.weight,
                    evidence: edge
                        .evidence
                        .iter()
                        .map(|ev| EvidenceOut {
                            document: docs[ev.doc].id.clone(),
                            start: ev.start,
                            end: ev.end,
                        })
                        .collect(),
                }
            })
            .collect();
        edges.sort_by(|a, b| (&a.source, &a.target, &a.kind).cmp(&(&b.source, &b.target, &b.kind)));
        Report {
            documents: docs
                .iter()
                .map(|d| DocumentOut {
                    id: d.id.clone(),
                    path: d.path.clone(),
                    title: d.title.clone(),
                    date: d.date.clone(),
                    url: d.url.clone(),
                    chars: d.text.chars().count(),
                })
                .collect(),
            entities,
            mentions,
            edges,
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

/// `x` rounded to [`DECIMALS`] decimals.
fn rounded(x: f64) -> f64 {
    let scale = 10f64.powi(DECIMALS);
    (x * scale).round() / scale
}
