//! The JSON report of `newsgraph extract`: documents, entities, mentions,
//! edges and skipped files, with ids instead of indices and everything
//! sorted, so two runs on the same input are byte-identical (measures are
//! rounded to [`DECIMALS`] decimals). An export
//! writes the same report restricted to what a filtered view shows.
//!
//! The report of a large corpus runs to gigabytes: its items are made as
//! they are written and rendered on all threads a batch at a time, each
//! batch written in order, byte for byte as `serde_json` would write the
//! whole.

use std::io::{BufWriter, Write};
use std::ops::Range;

use petgraph::graph::{EdgeIndex, NodeIndex};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

use super::{ExportError, ExportInput};
use crate::extract::{Extraction, Kind, Mention};
use crate::graph::stats::{EdgeWeighting, GraphStats, NodeStats};
use crate::graph::view::GraphView;
use crate::graph::{EntityGraph, RelationLabel};
use crate::pipeline::Analysis;

/// Decimals kept of the floating-point measures.
pub const DECIMALS: i32 = 6;

/// The whole report, as read back: [`write_report`] writes these fields.
#[derive(Debug, Clone, PartialEq, Deserialize)]
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
    /// What a relation edge states, its fields written inline.
    #[serde(flatten, default, skip_serializing_if = "Option::is_none")]
    pub relation: Option<RelationLabel>,
    /// Number of windows (co-mention) or sentences (relation) behind it.
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

/// What a report covers: some entities, some documents, some edges.
struct Scope<'a> {
    /// Included entities, by entity index.
    entities: Vec<bool>,
    /// Included documents, by document index.
    documents: Vec<bool>,
    graph: &'a EntityGraph,
    edges: Vec<EdgeIndex>,
}

/// The report of what a scope covers, each item made as it is written:
/// the report of a large corpus runs to gigabytes and is never held whole.
struct ReportOf<'a> {
    analysis: &'a Analysis,
    scope: Scope<'a>,
    stats: GraphStats,
    /// Each entity's included mentions: how many, and in which documents.
    counts: Vec<usize>,
    documents_of: Vec<Vec<usize>>,
}

impl<'a> ReportOf<'a> {
    /// The report of the whole of `analysis`.
    fn new(analysis: &'a Analysis) -> ReportOf<'a> {
        let graph = &analysis.graph;
        ReportOf::of(
            analysis,
            Scope {
                entities: vec![true; analysis.extraction.entities.len()],
                documents: vec![true; analysis.corpus.documents.len()],
                graph,
                edges: graph.graph.edge_indices().collect(),
            },
        )
    }

    /// The report of what `view` shows: its entities (with their mentions
    /// in the included documents), the included documents, its edges.
    fn for_view(analysis: &'a Analysis, view: &'a GraphView) -> ReportOf<'a> {
        let mut entities = vec![false; analysis.extraction.entities.len()];
        for &e in &view.nodes {
            entities[e] = true;
        }
        let documents = (0..analysis.corpus.documents.len())
            .map(|d| !view.excluded_docs.contains(&d))
            .collect();
        ReportOf::of(
            analysis,
            Scope {
                entities,
                documents,
                graph: &view.graph,
                edges: view.edges.iter().map(|e| e.edge).collect(),
            },
        )
    }

    fn of(analysis: &'a Analysis, mut scope: Scope<'a>) -> ReportOf<'a> {
        let ex = &analysis.extraction;
        let mut counts = vec![0; ex.entities.len()];
        let mut documents_of: Vec<Vec<usize>> = vec![Vec::new(); ex.entities.len()];
        for m in ex.mentions.iter().filter(|m| scope.includes(m)) {
            counts[m.entity()] += 1;
            let list = &mut documents_of[m.entity()];
            if list.last() != Some(&m.doc()) {
                list.push(m.doc());
            }
        }
        // Sorted by the ids of source and target, through each id's rank.
        let rank = id_ranks(ex);
        let graph = &scope.graph.graph;
        let key = |e: EdgeIndex| {
            let (a, b) = graph.edge_endpoints(e)?;
            let kind = &graph[e].kind;
            Some((
                rank[a.index()],
                rank[b.index()],
                kind.as_str(),
                kind.relation(),
            ))
        };
        scope.edges.par_sort_by(|&a, &b| key(a).cmp(&key(b)));
        ReportOf {
            analysis,
            stats: GraphStats::of_analysis(analysis, EdgeWeighting::Count),
            scope,
            counts,
            documents_of,
        }
    }

    /// Document `i`, if the scope includes it.
    fn document(&self, i: usize) -> Option<DocumentOut> {
        let d = &self.analysis.corpus.documents[i];
        self.scope.documents[i].then(|| DocumentOut {
            id: d.id.clone(),
            path: d.path.clone(),
            title: d.title.clone(),
            date: d.date.clone(),
            url: d.url.clone(),
            chars: d.text.chars().count(),
        })
    }

    /// Entity `i`, if the scope includes it.
    fn entity(&self, i: usize) -> Option<EntityOut> {
        let docs = &self.analysis.corpus.documents;
        let ex = &self.analysis.extraction;
        let e = &ex.entities[i];
        self.scope.entities[i].then(|| EntityOut {
            id: e.id.clone(),
            name: e.name.clone(),
            kind: e.kind,
            aliases: e.aliases.clone(),
            mentions: self.counts[i],
            documents: self.documents_of[i]
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
            measures: self
                .stats
                .of_entity(i)
                .map(MeasuresOut::new)
                .unwrap_or_default(),
        })
    }

    /// Mention `i`, if the scope includes it.
    fn mention(&self, i: usize) -> Option<MentionOut> {
        let docs = &self.analysis.corpus.documents;
        let ex = &self.analysis.extraction;
        let m = &ex.mentions[i];
        self.scope.includes(m).then(|| MentionOut {
            entity: ex.entities[m.entity()].id.clone(),
            document: docs[m.doc()].id.clone(),
            start: m.start(),
            end: m.end(),
            text: docs[m.doc()].text[m.range()].to_owned(),
        })
    }

    /// The `i`-th of the scope's edges, sorted by source, target and kind.
    fn edge(&self, i: usize) -> Option<EdgeOut> {
        let docs = &self.analysis.corpus.documents;
        let id = |i: NodeIndex| self.analysis.extraction.entities[i.index()].id.clone();
        let graph = &self.scope.graph.graph;
        let e = self.scope.edges[i];
        let (a, b) = graph.edge_endpoints(e)?;
        let edge = &graph[e];
        Some(EdgeOut {
            source: id(a),
            target: id(b),
            kind: edge.kind.as_str().to_owned(),
            directed: edge.kind.is_relation(),
            relation: edge.kind.relation().cloned(),
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
    }

    /// Skipped file or item `i`.
    fn skipped(&self, i: usize) -> Option<SkippedOut> {
        let s = &self.analysis.corpus.skipped[i];
        Some(SkippedOut {
            path: s.path.clone(),
            reason: s.reason.clone(),
        })
    }
}

/// Each entity's place among the distinct entity ids in order.
fn id_ranks(ex: &Extraction) -> Vec<usize> {
    let id = |i: usize| ex.entities[i].id.as_str();
    let mut order: Vec<usize> = (0..ex.entities.len()).collect();
    order.sort_by_key(|&i| id(i));
    let mut rank = vec![0; order.len()];
    for pair in order.windows(2) {
        rank[pair[1]] = rank[pair[0]] + usize::from(id(pair[1]) != id(pair[0]));
    }
    rank
}

impl Scope<'_> {
    fn includes(&self, m: &Mention) -> bool {
        self.entities[m.entity()] && self.documents[m.doc()]
    }
}

/// Writes the report of the whole of `analysis` as pretty JSON with a
/// final line break.
pub fn write_report(out: &mut dyn Write, analysis: &Analysis) -> std::io::Result<()> {
    write_json(out, &ReportOf::new(analysis))
}

/// Writes `report` as pretty JSON: the fields of [`Report`] in its order,
/// byte for byte what `serde_json::to_writer_pretty` writes, followed by a
/// line break. The items of each list are rendered on all threads.
fn write_json(out: &mut dyn Write, report: &ReportOf) -> std::io::Result<()> {
    let (corpus, ex) = (&report.analysis.corpus, &report.analysis.extraction);
    let mut object = ObjectOut::new(BufWriter::with_capacity(1 << 16, out));
    object.list("documents", corpus.documents.len(), |i| report.document(i))?;
    object.list("entities", ex.entities.len(), |i| report.entity(i))?;
    object.list("mentions", ex.mentions.len(), |i| report.mention(i))?;
    object.list("edges", report.scope.edges.len(), |i| report.edge(i))?;
    object.list("skipped", corpus.skipped.len(), |i| report.skipped(i))?;
    object.finish()
}

/// A JSON object written one field at a time, each field a list, laid out
/// as `serde_json::to_writer_pretty` lays it out, with a final line break.
struct ObjectOut<W: Write> {
    out: W,
    empty: bool,
}

impl<W: Write> ObjectOut<W> {
    fn new(out: W) -> Self {
        ObjectOut { out, empty: true }
    }

    /// Writes the field `name`, the list of what `item` gives for
    /// `0..count` (see [`write_list`]).
    fn list<T: Serialize>(
        &mut self,
        name: &str,
        count: usize,
        item: impl Fn(usize) -> Option<T> + Sync,
    ) -> std::io::Result<()> {
        let open = std::mem::take(&mut self.empty);
        self.out.write_all(if open { b"{\n" } else { b",\n" })?;
        write_list(&mut self.out, name, count, item)
    }

    /// Closes the object and flushes what was written.
    fn finish(mut self) -> std::io::Result<()> {
        self.out
            .write_all(if self.empty { b"{}\n" } else { b"\n}\n" })?;
        self.out.flush()
    }
}

/// Items of a list rendered by one task.
const PIECE_ITEMS: usize = 1 << 8;

/// Items of a list rendered before they are written, so that a list of
/// gigabytes is never held whole.
const BATCH_ITEMS: usize = 1 << 12;

/// Writes the field `name` of the report: the list of what `item` gives
/// for `0..count`, rendered on all threads a batch at a time and written in
/// order.
fn write_list<T: Serialize>(
    out: &mut impl Write,
    name: &str,
    count: usize,
    item: impl Fn(usize) -> Option<T> + Sync,
) -> std::io::Result<()> {
    write!(out, "  \"{name}\": [")?;
    let mut empty = true;
    for batch in (0..count).step_by(BATCH_ITEMS) {
        let end = (batch + BATCH_ITEMS).min(count);
        let pieces = (batch..end)
            .into_par_iter()
            .step_by(PIECE_ITEMS)
            .map(|start| render_items(start..(start + PIECE_ITEMS).min(end), &item))
            .collect::<std::io::Result<Vec<_>>>()?;
        for piece in pieces.iter().filter(|p| !p.is_empty()) {
            // Each item comes after a comma but the first.
            let skip = usize::from(std::mem::take(&mut empty));
            out.write_all(&piece[skip..])?;
        }
    }
    out.write_all(if empty { b"]" } else { b"\n  ]" })
}

/// What `item` gives for `range`, each after a comma and a line break and
/// indented as an item of a list in the report.
fn render_items<T: Serialize>(
    range: Range<usize>,
    item: &impl Fn(usize) -> Option<T>,
) -> std::io::Result<Vec<u8>> {
    const INDENT: &[u8] = b"    ";
    let (mut piece, mut rendered) = (Vec::new(), Vec::new());
    for value in range.filter_map(item) {
        rendered.clear();
        serde_json::to_writer_pretty(&mut rendered, &value).map_err(std::io::Error::other)?;
        // JSON strings hold no raw line breaks: every line break is
        // between the rendered lines, each of which is indented.
        for (k, line) in rendered.split(|&b| b == b'\n').enumerate() {
            piece.extend_from_slice(if k == 0 { b",\n" } else { b"\n" });
            piece.extend_from_slice(INDENT);
            piece.extend_from_slice(line);
        }
    }
    Ok(piece)
}

/// The `extract` report of what the export's view shows, as JSON.
pub(super) fn view_json(input: &ExportInput) -> Result<Vec<u8>, ExportError> {
    let mut bytes = Vec::new();
    write_json(&mut bytes, &ReportOf::for_view(input.analysis, input.view))
        .map_err(|e| ExportError::Render(e.to_string()))?;
    Ok(bytes)
}

/// `x` rounded to [`DECIMALS`] decimals.
fn rounded(x: f64) -> f64 {
    let scale = 10f64.powi(DECIMALS);
    (x * scale).round() / scale
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize)]
    struct Item {
        name: String,
        tags: Vec<String>,
        none: Option<u8>,
    }

    #[derive(Serialize)]
    struct Lists {
        items: Vec<Item>,
        empty: Vec<Item>,
    }

    fn item(i: usize) -> Item {
        Item {
            name: format!("line\nbreak \"{i}\""),
            tags: (0..i % 3).map(|t| t.to_string()).collect(),
            none: None,
        }
    }

    #[test]
    fn lists_are_written_as_serde_json_writes_them() {
        // Over several batches, with the first pieces left out whole.
        let count = 3 * BATCH_ITEMS + 5;
        let kept = |i: usize| i >= 2 * PIECE_ITEMS + 7 && i % 7 != 3;
        let lists = Lists {
            items: (0..count).filter(|&i| kept(i)).map(item).collect(),
            empty: Vec::new(),
        };
        let mut out = Vec::new();
        let mut object = ObjectOut::new(&mut out);
        object
            .list("items", count, |i| kept(i).then(|| item(i)))
            .unwrap();
        object.list("empty", 10, |_| None::<Item>).unwrap();
        object.finish().unwrap();
        let expected = serde_json::to_string_pretty(&lists).unwrap() + "\n";
        assert!(String::from_utf8(out).unwrap() == expected);
    }
}
