//! The JSON report of `newsgraph extract`: documents, entities, mentions,
//! edges and skipped files, with ids instead of indices and everything
//! sorted, so two runs on the same input are byte-identical.

use serde::{Deserialize, Serialize};

use crate::extract::{Category, Kind, Polarity};
use crate::pipeline::Analysis;

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

impl Report {
    /// Builds the report of `analysis`.
    pub fn new(analysis: &Analysis) -> Report {
        let docs = &analysis.corpus.documents;
        let ex = &analysis.extraction;
        let entity_id = |i: usize| ex.entities[i].id.clone();
        let counts = ex.mention_counts();
        let documents_of = ex.documents_of();
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
                            document: docs[ev.doc].id.clone(),
                            start: ev.start,
                            end: ev.end,
                        })
                        .collect(),
                }
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
