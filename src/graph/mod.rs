//! The entity graph: one node per entity, co-mention edges between entities
//! named in the same window (sentence, paragraph or document), weighted by
//! the number of windows they share, and directed relation edges for what
//! the sentences state (one per source, target, label, negation and
//! hedging, weighted by the number of sentences stating it), each with its
//! evidence sentences.

pub mod metrics;
pub mod path;
pub mod stats;
pub mod timeline;
pub mod view;

use std::ops::Range;
use std::str::FromStr;

use petgraph::graph::{DiGraph, EdgeIndex, NodeIndex};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

use crate::extract::{Category, Extraction, Mention, Polarity, Relation, Sentence};
use crate::parallel::{flat_map_ordered, flat_map_parts, prefault};

/// The unit within which two mentions count as a co-mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Window {
    #[default]
    Sentence,
    Paragraph,
    Document,
}

impl Window {
    pub const ALL: [Window; 3] = [Window::Sentence, Window::Paragraph, Window::Document];

    pub fn as_str(self) -> &'static str {
        match self {
            Window::Sentence => "sentence",
            Window::Paragraph => "paragraph",
            Window::Document => "document",
        }
    }

    /// The window, within one document whose sentences are `sentences`, of
    /// a mention in sentence `sentence`: the sentence, its paragraph, or the
    /// document (always 0).
    pub fn unit(self, sentence: usize, sentences: &[Sentence]) -> usize {
        match self {
            Window::Sentence => sentence,
            Window::Paragraph => sentences[sentence].paragraph,
            Window::Document => 0,
        }
    }

    /// The number of windows in one document whose sentences are
    /// `sentences` (a document without sentences has none).
    pub fn count(self, sentences: &[Sentence]) -> usize {
        match self {
            Window::Sentence => sentences.len(),
            Window::Paragraph => sentences
                .chunk_by(|a, b| a.paragraph == b.paragraph)
                .count(),
            Window::Document => usize::from(!sentences.is_empty()),
        }
    }
}

impl FromStr for Window {
    type Err = String;
    fn from_str(s: &str) -> Result<Window, String> {
        parse_choice(s, &Window::ALL, |w| w.as_str(), "window")
    }
}

/// The item of `all` whose name (`as_str`) is `s`, or an error naming the
/// choices: "unknown window `page` (use sentence, paragraph or document)".
pub(crate) fn parse_choice<T: Copy>(
    s: &str,
    all: &[T],
    as_str: impl Fn(T) -> &'static str,
    what: &str,
) -> Result<T, String> {
    if let Some(&found) = all.iter().find(|&&item| as_str(item) == s) {
        return Ok(found);
    }
    let names: Vec<&str> = all.iter().map(|&item| as_str(item)).collect();
    let choices = match names.split_last() {
        Some((last, rest)) if !rest.is_empty() => format!("{} or {last}", rest.join(", ")),
        _ => names.concat(),
    };
    Err(format!("unknown {what} `{s}` (use {choices})"))
}

/// A sentence that supports an edge: its document and byte span.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Evidence {
    doc: u32,
    start: u32,
    end: u32,
}

impl Evidence {
    /// Bytes `range` of document `doc`. Kept in 32 bits (a large graph holds
    /// millions of these): no document reaches 4 GB (see
    /// [`crate::corpus::MAX_DOCUMENT_BYTES`]), nor does any count.
    pub fn new(doc: usize, range: Range<usize>) -> Evidence {
        Evidence {
            doc: doc as u32,
            start: range.start as u32,
            end: range.end as u32,
        }
    }

    /// The document's index.
    pub fn doc(&self) -> usize {
        self.doc as usize
    }

    /// The sentence's bytes in the document.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }
}

/// What a relation edge states (see [`crate::extract::Relation`]).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct RelationLabel {
    /// The normalised verb or noun phrase ("met with", "member of").
    pub label: String,
    pub category: Category,
    pub polarity: Polarity,
    pub negated: bool,
    pub hedged: bool,
}

impl RelationLabel {
    /// What `relation` states, without where.
    pub fn of(relation: &Relation) -> RelationLabel {
        RelationLabel {
            label: relation.label.clone(),
            category: relation.category,
            polarity: relation.polarity,
            negated: relation.negated,
            hedged: relation.hedged,
        }
    }

    /// The label as a reader should take it: "met with", "not deploy",
    /// "warned (hedged)".
    pub fn phrase(&self) -> String {
        let not = if self.negated { "not " } else { "" };
        let hedged = if self.hedged { " (hedged)" } else { "" };
        format!("{not}{}{hedged}", self.label)
    }
}

/// What an edge says.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum EdgeKind {
    /// Named in the same window (undirected; stored with source < target).
    CoMention,
    /// Stated in the text, directed from the actor (or office holder, or
    /// member) to the entity acted upon (or whose office or membership it
    /// is). Boxed, so that the many co-mention edges of a large graph stay
    /// small.
    Relation(Box<RelationLabel>),
}

impl EdgeKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            EdgeKind::CoMention => "co-mention",
            EdgeKind::Relation(_) => "relation",
        }
    }

    /// What a relation edge states; `None` for a co-mention.
    pub fn relation(&self) -> Option<&RelationLabel> {
        match self {
            EdgeKind::CoMention => None,
            EdgeKind::Relation(r) => Some(r.as_ref()),
        }
    }

    /// Relation edges are directed; co-mention edges are not.
    pub fn is_relation(&self) -> bool {
        self.relation().is_some()
    }

    /// Whether the edge points from its source to its target.
    pub fn is_directed(&self) -> bool {
        self.is_relation()
    }
}

/// An edge between two entities (indices into the extraction's entities).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Edge {
    pub kind: EdgeKind,
    /// Number of windows (or statements) supporting the edge.
    pub weight: u32,
    /// Supporting sentences in corpus order (a boxed slice: a large graph
    /// has millions of edges, and no capacity to keep).
    pub evidence: Box<[Evidence]>,
}

/// A co-mention window under which the graph would be too large to build.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "Co-mention in the same {} would mean {} windows shared by two entities, \
     more than the {} this app builds a graph from; the graph stays as it \
     was. Leave documents out, or choose a narrower window.",
    .window.as_str(), amount(*.shared), amount(*.limit)
)]
pub struct TooManyWindows {
    pub window: Window,
    /// The windows two entities would share.
    pub shared: u64,
    pub limit: u64,
}

/// "76.0 million" for large counts, the number itself for small ones.
pub(crate) fn amount(count: u64) -> String {
    if count >= 1_000_000 {
        format!("{:.1} million", count as f64 / 1e6)
    } else {
        count.to_string()
    }
}

/// Entities as nodes (node index = entity index) and their edges.
#[derive(Debug, Clone, Default)]
pub struct EntityGraph {
    pub graph: DiGraph<usize, Edge>,
    pub window: Window,
}

impl EntityGraph {
    /// Builds the graph of `extraction`, with co-mentions in `window`.
    pub fn build(extraction: &Extraction, window: Window) -> EntityGraph {
        Self::build_for(extraction, window, |_| true)
    }

    /// How many windows two distinct entities share in the documents
    /// `include` accepts, counted once per pair and window: the items the
    /// co-mention edges are built from (their weights add up to it), which
    /// the memory and time of building them grow with.
    pub fn shared_windows(
        extraction: &Extraction,
        window: Window,
        include: impl Fn(usize) -> bool + Sync,
    ) -> u64 {
        let mentions = extraction.mentions_by_document();
        let pairs = |names: u64| names * names.saturating_sub(1) / 2;
        (0..extraction.sentences.len())
            .into_par_iter()
            .filter(|&doc| include(doc))
            .map_init(Vec::new, |first, doc| {
                windows_of(mentions[doc], &extraction.sentences[doc], window)
                    .map(|unit| {
                        first_mentions(unit, first);
                        pairs(first.len() as u64)
                    })
                    .sum::<u64>()
            })
            .sum()
    }

    /// Whether the documents `include` accepts share at most `limit`
    /// windows between two entities under `window` (see
    /// [`EntityGraph::shared_windows`]); if not, how many they share.
    pub fn check_window(
        extraction: &Extraction,
        window: Window,
        include: impl Fn(usize) -> bool + Sync,
        limit: u64,
    ) -> Result<(), TooManyWindows> {
        let shared = EntityGraph::shared_windows(extraction, window, include);
        if shared > limit {
            return Err(TooManyWindows {
                window,
                shared,
                limit,
            });
        }
        Ok(())
    }

    /// Builds the graph from the documents `include` accepts: co-mention
    /// edges first, then relation edges, each sorted by their key.
    pub fn build_for(
        extraction: &Extraction,
        window: Window,
        include: impl Fn(usize) -> bool + Sync,
    ) -> EntityGraph {
        let mut graph = DiGraph::with_capacity(extraction.entities.len(), 0);
        for i in 0..extraction.entities.len() {
            graph.add_node(i);
        }
        add_co_mentions(&mut graph, extraction, window, &include);
        add_relations(&mut graph, extraction, &include);
        EntityGraph { graph, window }
    }

    /// The edge's two entity indices.
    pub fn endpoints(&self, edge: EdgeIndex) -> (usize, usize) {
        let (a, b) = self
            .graph
            .edge_endpoints(edge)
            .expect("edge index from this graph");
        (a.index(), b.index())
    }

    /// Number of distinct neighbours of each entity (either direction).
    pub fn degrees(&self) -> Vec<usize> {
        let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); self.graph.node_count()];
        for e in self.graph.edge_indices() {
            let (a, b) = self.endpoints(e);
            neighbours[a].push(b);
            neighbours[b].push(a);
        }
        neighbours
            .into_iter()
            .map(|mut n| {
                n.sort_unstable();
                n.dedup();
                n.len()
            })
            .collect()
    }
}

/// A relation's edge key (source, target, rank of its label among the
/// labels in sort order, category, polarity, negated, hedged) and its
/// sentence.
type RelationKey = (u32, u32, u32, Category, Polarity, bool, bool, Evidence);

/// Adds one edge per distinct relation (source, target and what it
/// states), sorted by that, with every sentence stating it. The relations
/// are sorted by small integer keys rather than gathered in a map, so that
/// a large corpus needs no copy of their labels.
fn add_relations(
    graph: &mut DiGraph<usize, Edge>,
    extraction: &Extraction,
    include: &(impl Fn(usize) -> bool + Sync),
) {
    let relations = &extraction.relations;
    let included = || relations.par_iter().filter(|r| include(r.doc));
    // Few distinct labels among many relations: gathered in sets, then sorted.
    let distinct = included()
        .fold(FxHashSet::default, |mut labels, r| {
            labels.insert(r.label.as_str());
            labels
        })
        .reduce(FxHashSet::default, |mut a, b| {
            a.extend(b);
            a
        });
    let mut labels: Vec<&str> = distinct.into_iter().collect();
    labels.sort_unstable();
    let rank: FxHashMap<&str, u32> = labels.iter().zip(0..).map(|(&l, r)| (l, r)).collect();
    let mut keys: Vec<RelationKey> = included()
        .map(|r| {
            let label = rank[r.label.as_str()];
            let (source, target) = (r.source as u32, r.target as u32);
            let sentence = Evidence::new(r.doc, r.start..r.end);
            (
                source, target, label, r.category, r.polarity, r.negated, r.hedged, sentence,
            )
        })
        .collect();
    // The sentence comes last: each edge's sentences are in corpus order.
    keys.par_sort_unstable();
    let edge_of = |k: &RelationKey| (k.0, k.1, k.2, k.3, k.4, k.5, k.6);
    let same_edge = |x: &RelationKey, y: &RelationKey| edge_of(x) == edge_of(y);
    add_edges(
        graph,
        keys.chunk_by(same_edge),
        |group| relation_edge(&labels, group),
        |k| (k.0, k.1),
    );
}

/// The relation edge of the relations whose keys are `group` (all stating
/// the same), with `labels` by rank.
fn relation_edge(labels: &[&str], group: &[RelationKey]) -> Edge {
    let &(_, _, label, category, polarity, negated, hedged, _) = &group[0];
    let label = RelationLabel {
        label: labels[label as usize].to_owned(),
        category,
        polarity,
        negated,
        hedged,
    };
    let mut evidence = Vec::with_capacity(group.len());
    for &(.., sentence) in group {
        if evidence.last() != Some(&sentence) {
            evidence.push(sentence);
        }
    }
    Edge {
        kind: EdgeKind::Relation(Box::new(label)),
        weight: evidence.len() as u32,
        evidence: evidence.into_boxed_slice(),
    }
}

/// Adds one edge per group, built from it by `edge` (in parallel), between
/// the entities its first key names (`ends`). The edges are built and added
/// a batch at a time, so that they are never all held twice.
fn add_edges<'a, K: Sync + 'a>(
    graph: &mut DiGraph<usize, Edge>,
    mut groups: impl Iterator<Item = &'a [K]>,
    edge: impl Fn(&[K]) -> Edge + Sync,
    ends: impl Fn(&K) -> (u32, u32),
) {
    const BATCH: usize = 1 << 16;
    let mut batch: Vec<&[K]> = Vec::with_capacity(BATCH);
    loop {
        batch.clear();
        batch.extend(groups.by_ref().take(BATCH));
        if batch.is_empty() {
            return;
        }
        let edges: Vec<Edge> = batch.par_iter().map(|group| edge(group)).collect();
        // Grown by doubling, not to the exact size at each batch: an exact
        // size would copy every edge already added each time.
        graph.reserve_edges(edges.len());
        for (group, edge) in batch.iter().zip(edges) {
            let (a, b) = ends(&group[0]);
            graph.add_edge(NodeIndex::new(a as usize), NodeIndex::new(b as usize), edge);
        }
    }
}

/// Two entities sharing a window: (entity a, entity b, document, number
/// of the sentence of the earlier first mention, of the later one), with
/// a < b and sentences numbered across the corpus (see [`SentenceTable`]).
/// Indices are stored in 32 bits, as no document reaches 4 GB (see
/// [`crate::corpus::MAX_DOCUMENT_BYTES`]) and no corpus holds that many
/// documents, sentences or entities.
type Occurrence = (u32, u32, u32, u32, u32);

/// Every sentence's bytes in one table, numbered across the corpus
/// document by document, so that building millions of edges reads one
/// compact list rather than each document's own.
struct SentenceTable {
    /// The number of each document's first sentence.
    first: Vec<u32>,
    /// Start and end byte of each sentence.
    spans: Vec<(u32, u32)>,
}

impl SentenceTable {
    fn of(sentences: &[Vec<Sentence>]) -> SentenceTable {
        let mut first = Vec::with_capacity(sentences.len());
        let mut count = 0;
        for doc in sentences {
            first.push(count as u32);
            count += doc.len();
        }
        let spans = flat_map_ordered(sentences.len(), |doc, out| {
            let span = |s: &Sentence| (s.range.start as u32, s.range.end as u32);
            out.extend(sentences[doc].iter().map(span));
        });
        SentenceTable { first, spans }
    }

    /// Sentence `number` of document `doc` as evidence.
    fn evidence(&self, doc: u32, number: u32) -> Evidence {
        let (start, end) = self.spans[number as usize];
        Evidence { doc, start, end }
    }
}

/// The co-mention edges are built for this many slices of the entities
/// in turn, so that the list of shared windows is held a slice at a time.
const ENTITY_SLICES: usize = 2;

/// Adds the co-mention edges of the included documents, sorted by their
/// two entities; each has one unit of weight per window shared, and the
/// sentences of both first mentions in each window as evidence, in
/// document order.
///
/// Every shared window is listed once and the list sorted, rather than
/// counted in a map: on a large corpus this takes a fraction of the memory.
fn add_co_mentions(
    graph: &mut DiGraph<usize, Edge>,
    extraction: &Extraction,
    window: Window,
    include: &impl Fn(usize) -> bool,
) {
    let slice = extraction.entities.len().div_ceil(ENTITY_SLICES).max(1);
    let docs: Vec<usize> = (0..extraction.sentences.len())
        .filter(|&d| include(d))
        .collect();
    let mentions = extraction.mentions_by_document();
    let table = SentenceTable::of(&extraction.sentences);
    for first in (0..extraction.entities.len()).step_by(slice) {
        let entities = first..first + slice;
        let parts = flat_map_parts(docs.len(), |i, out| {
            let doc = docs[i];
            let sentences = &extraction.sentences[doc];
            let first = table.first[doc];
            occurrences(
                mentions[doc],
                sentences,
                (doc, first),
                window,
                &entities,
                out,
            );
        });
        let shared = sort_by_pair(parts, &entities);
        let same_pair = |x: &Occurrence, y: &Occurrence| (x.0, x.1) == (y.0, y.1);
        add_edges(
            graph,
            shared.chunk_by(same_pair),
            |group| co_mention(&table, group),
            |o| (o.0, o.1),
        );
    }
}

/// The windows of `parts` (lists in document order) in one list, ordered
/// by pair of entities and, within a pair, in document order: the
/// order of the whole tuples, as a pair shares each window once.
///
/// A counting sort on the first entity (in `entities`), then each first
/// entity's windows sorted by the second: a fraction of the cost of
/// comparing whole tuples. Each thread takes a run of first entities with
/// about an equal share of the windows.
fn sort_by_pair(parts: Vec<Vec<Occurrence>>, entities: &Range<usize>) -> Vec<Occurrence> {
    let bucket = |o: &Occurrence| o.0 as usize - entities.start;
    let counts = parts
        .par_iter()
        .fold(
            || vec![0; entities.len()],
            |mut counts, part| {
                for o in part {
                    counts[bucket(o)] += 1;
                }
                counts
            },
        )
        .reduce(
            || vec![0; entities.len()],
            |mut a, b| {
                a.iter_mut().zip(b).for_each(|(a, b)| *a += b);
                a
            },
        );
    // Where each first entity's windows start in `out`, and where they end.
    let mut starts = Vec::with_capacity(counts.len() + 1);
    starts.push(0);
    for &count in &counts {
        starts.push(starts[starts.len() - 1] + count);
    }
    let total = starts[counts.len()];
    let mut out = Vec::with_capacity(total);
    prefault(&mut out, (0, 0, 0, 0, 0));
    out.resize(total, (0, 0, 0, 0, 0));
    let threads = rayon::current_num_threads();
    let mut shares = Vec::with_capacity(threads);
    let (mut rest, mut from) = (out.as_mut_slice(), 0);
    for share in 1..=threads {
        let to = starts
            .partition_point(|&s| s < total * share / threads)
            .max(from);
        let to = to.min(counts.len());
        let (windows, tail) = std::mem::take(&mut rest).split_at_mut(starts[to] - starts[from]);
        shares.push((from..to, windows));
        (rest, from) = (tail, to);
    }
    shares.into_par_iter().for_each(|(firsts, windows)| {
        let mut next: Vec<usize> = starts[firsts.clone()]
            .iter()
            .map(|s| s - starts[firsts.start])
            .collect();
        for o in parts.iter().flatten() {
            let b = bucket(o);
            if firsts.contains(&b) {
                let slot = &mut next[b - firsts.start];
                windows[*slot] = *o;
                *slot += 1;
            }
        }
        let mut rest = windows;
        for &count in &counts[firsts] {
            let (same_first, tail) = std::mem::take(&mut rest).split_at_mut(count);
            // Stable: each pair's windows stay in document order.
            same_first.sort_by_key(|o| o.1);
            rest = tail;
        }
    });
    out
}

/// The co-mention edge of the windows one pair shares.
fn co_mention(table: &SentenceTable, group: &[Occurrence]) -> Edge {
    let mut evidence = Vec::with_capacity(group.len());
    for &(_, _, doc, x, y) in group {
        evidence.push(table.evidence(doc, x));
        if y != x {
            evidence.push(table.evidence(doc, y));
        }
    }
    Edge {
        kind: EdgeKind::CoMention,
        weight: group.len() as u32,
        evidence: evidence.into_boxed_slice(),
    }
}

/// Lists the windows each pair of distinct entities shares in document
/// `doc` (with `mentions` and `sentences`, the first of which has number
/// `first` in the corpus), for pairs whose first entity is in `entities`.
fn occurrences(
    mentions: &[Mention],
    sentences: &[Sentence],
    (doc, first_sentence): (usize, u32),
    window: Window,
    entities: &Range<usize>,
    out: &mut Vec<Occurrence>,
) {
    let mut first = Vec::new();
    for unit in windows_of(mentions, sentences, window) {
        first_mentions(unit, &mut first);
        for (i, &(a, sa)) in first.iter().enumerate() {
            if !entities.contains(&a) {
                continue;
            }
            for &(b, sb) in &first[i + 1..] {
                let (x, y) = (sa.min(sb) as u32, sa.max(sb) as u32);
                let (x, y) = (first_sentence + x, first_sentence + y);
                out.push((a as u32, b as u32, doc as u32, x, y));
            }
        }
    }
}

/// The mentions of one document (`mentions`, in order, with the
/// document's `sentences`) grouped by the window they are in.
fn windows_of<'m>(
    mentions: &'m [Mention],
    sentences: &[Sentence],
    window: Window,
) -> impl Iterator<Item = &'m [Mention]> {
    let unit_of = move |m: &Mention| window.unit(m.sentence(), sentences);
    mentions.chunk_by(move |x, y| unit_of(x) == unit_of(y))
}

/// Each entity named in `unit` once, with the sentence of its first
/// mention there, by entity, in `out`.
fn first_mentions(unit: &[Mention], out: &mut Vec<(usize, usize)>) {
    out.clear();
    out.extend(unit.iter().map(|m| (m.entity(), m.sentence())));
    out.sort_unstable();
    out.dedup_by_key(|(entity, _)| *entity);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_sorted_by_pair_match_sorted_tuples() {
        // Windows of 300 documents in document order, pairs drawn from a
        // small generator, split into parts of uneven length.
        let mut seed = 7u64;
        let mut next = |n: u64| {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 33) % n) as u32
        };
        let entities = 10..50;
        let mut windows = Vec::new();
        for doc in 0..300 {
            for sentence in 0..next(6) {
                let a = 10 + next(40);
                let b = a + 1 + next(20);
                windows.push((a, b, doc, sentence, sentence + next(2)));
            }
        }
        let mut parts = Vec::new();
        let mut rest = windows.as_slice();
        while !rest.is_empty() {
            let (part, tail) = rest.split_at((next(90) as usize).min(rest.len()));
            parts.push(part.to_vec());
            rest = tail;
        }
        let sorted = sort_by_pair(parts, &entities);
        windows.sort_unstable();
        assert_eq!(sorted, windows);
    }
}
