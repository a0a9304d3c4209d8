//! All graph measures (degree, weighted degree, PageRank, betweenness,
//! components, Louvain communities, modularity) of synthetic corpora: one
//! whose graph has 10,000 entities and 30,000 co-mention edges (betweenness
//! sampled), with co-mention counts and with NPMI weights (which adds
//! counting windows per entity); and one of 2,000 entities and 6,000 edges,
//! the largest with exact betweenness.

use std::collections::HashSet;

use criterion::{Criterion, criterion_group, criterion_main};
use newsgraph::extract::{Entity, Extraction, Kind, Mention, Sentence};
use newsgraph::graph::stats::{EdgeWeighting, GraphStats};
use newsgraph::graph::view::{Filters, GraphView};
use newsgraph::graph::{EntityGraph, Window};
use newsgraph::pipeline::Analysis;

/// Sentences per synthetic document.
const SENTENCES_PER_DOC: usize = 30;

/// xorshift64: a deterministic stream of pseudo-random numbers.
struct Rng(u64);

impl Rng {
    fn below(&mut self, bound: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % bound as u64) as usize
    }
}

/// `edges` distinct pairs of `nodes` entities: a random tree (so every entity is named
/// and the graph is connected), then pairs whose second end is, half the
/// time, an earlier endpoint (preferential attachment: hubs, as in news).
fn pairs(rng: &mut Rng, nodes: usize, edges: usize) -> Vec<(usize, usize)> {
    let mut seen = HashSet::new();
    let mut ends: Vec<usize> = Vec::new();
    let mut out = Vec::with_capacity(edges);
    let mut tree = 1..nodes;
    while out.len() < edges {
        let (a, b) = match tree.next() {
            Some(v) => (v, rng.below(v)),
            None if rng.below(2) == 0 => (rng.below(nodes), ends[rng.below(ends.len())]),
            None => (rng.below(nodes), rng.below(nodes)),
        };
        if a != b && seen.insert((a.min(b), a.max(b))) {
            ends.extend([a, b]);
            out.push((a, b));
        }
    }
    out
}

/// A corpus of `nodes` entities where each of `edges` pairs is named
/// together in 1–3 sentences of two mentions each.
fn synthetic(nodes: usize, edges: usize) -> Analysis {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut sentences: Vec<Vec<Sentence>> = Vec::new();
    let mut mentions = Vec::new();
    for (a, b) in pairs(&mut rng, nodes, edges) {
        for _ in 0..=rng.below(3) {
            if sentences
                .last()
                .is_none_or(|doc| doc.len() == SENTENCES_PER_DOC)
            {
                sentences.push(Vec::new());
            }
            let doc = sentences.len() - 1;
            let list = sentences.last_mut().expect("pushed above");
            let (sentence, start) = (list.len(), list.len() * 100);
            list.push(Sentence {
                range: start..start + 50,
                paragraph: sentence,
            });
            for (entity, offset) in [(a, 0), (b, 20)] {
                let at = start + offset;
                mentions.push(Mention::new(entity, doc, sentence, at..at + 10));
            }
        }
    }
    let entities = (0..nodes)
        .map(|i| Entity {
            id: format!("e{i:05}"),
            name: format!("Entity {i}"),
            kind: Kind::ALL[i % 5],
            aliases: Vec::new(),
            roles: Vec::new(),
        })
        .collect();
    let extraction = Extraction {
        entities,
        mentions,
        sentences,
        ..Extraction::default()
    };
    let graph = std::sync::Arc::new(EntityGraph::build(&extraction, Window::Sentence));
    Analysis {
        extraction,
        graph,
        ..Analysis::default()
    }
}

/// Benchmarks [`GraphStats::compute`] on the whole synthetic graph.
fn measures(c: &mut Criterion, nodes: usize, edges: usize, weightings: &[EdgeWeighting]) {
    let analysis = synthetic(nodes, edges);
    let filters = Filters::default();
    let view = GraphView::build(&analysis, &filters);
    assert_eq!((view.nodes.len(), view.edges.len()), (nodes, edges));
    let mut group = c.benchmark_group(format!("metrics {nodes} nodes / {edges} edges"));
    group.sample_size(10);
    for &weighting in weightings {
        group.bench_function(weighting.as_str(), |b| {
            b.iter(|| GraphStats::compute(&analysis, &filters, &view, weighting))
        });
    }
    group.finish();
}

fn all_measures(c: &mut Criterion) {
    measures(
        c,
        10_000,
        30_000,
        &[EdgeWeighting::Count, EdgeWeighting::Npmi],
    );
    measures(c, 2_000, 6_000, &[EdgeWeighting::Count]);
}

criterion_group!(benches, all_measures);
criterion_main!(benches);
