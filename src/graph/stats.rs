//! Network measures of what the user looks at: per entity degree, weighted
//! degree, PageRank, betweenness, connected component and Louvain community,
//! plus the graph's modularity, computed with [`super::metrics`] on a
//! [`GraphView`] (or on the whole graph).
//!
//! Edge strength is the co-mention count or, to keep hubs (entities named
//! everywhere) from dominating, an association measure over the co-mention
//! windows ([`EdgeWeighting`]). Every weighting gives every edge a positive
//! weight, so degree, components and paths do not depend on it.
//!
//! Betweenness is exact up to [`EXACT_BETWEENNESS_MAX_NODES`] nodes and
//! estimated from [`DEFAULT_BETWEENNESS_PIVOTS`] pivot sources above that;
//! pivots and Louvain's visiting order come from [`METRICS_SEED`], so the
//! same input always gives the same numbers.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use super::metrics::{
    self, DEFAULT_BETWEENNESS_PIVOTS, DEFAULT_DAMPING, DEFAULT_MAX_ITERATIONS, DEFAULT_TOLERANCE,
    EXACT_BETWEENNESS_MAX_NODES, WeightedGraph,
};
use super::view::{Filters, GraphView};
use super::{Window, parse_choice};
use crate::extract::Extraction;
use crate::pipeline::Analysis;

/// Seed of Louvain's visiting order and of betweenness pivot sampling.
pub const METRICS_SEED: u64 = 1;

/// How strong an edge between two entities is.
///
/// With `co` = windows naming both, `a`, `b` = windows naming each and `N`
/// = all windows of the included documents (windows = the co-mention
/// window: sentences, paragraphs or documents):
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EdgeWeighting {
    /// `co`, the co-mention count.
    #[default]
    Count,
    /// `co / (a + b - co)`, in `(0, 1]`: the share of the windows naming
    /// either entity that name both.
    Jaccard,
    /// `(1 + NPMI) / 2`, in `(0, 1]`, with `NPMI = ln(co·N / (a·b)) /
    /// -ln(co/N)`: 1/2 when the two are named together as often as chance
    /// predicts, towards 1 when they are only named together.
    Npmi,
}

impl EdgeWeighting {
    pub const ALL: [EdgeWeighting; 3] = [
        EdgeWeighting::Count,
        EdgeWeighting::Jaccard,
        EdgeWeighting::Npmi,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            EdgeWeighting::Count => "count",
            EdgeWeighting::Jaccard => "jaccard",
            EdgeWeighting::Npmi => "npmi",
        }
    }

    /// The strength of an edge (see the variants) from window counts.
    pub fn weight(self, co: f64, a: f64, b: f64, total: f64) -> f64 {
        match self {
            EdgeWeighting::Count => co,
            EdgeWeighting::Jaccard => metrics::jaccard(co, a, b),
            EdgeWeighting::Npmi => (1.0 + metrics::npmi(co, a, b, total)) / 2.0,
        }
    }
}

impl FromStr for EdgeWeighting {
    type Err = String;
    fn from_str(s: &str) -> Result<EdgeWeighting, String> {
        parse_choice(s, &EdgeWeighting::ALL, EdgeWeighting::as_str, "weighting")
    }
}

/// A per-entity measure to rank, size or colour by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Metric {
    /// Mentions in the included documents.
    #[default]
    Mentions,
    /// Number of distinct neighbours.
    Degree,
    /// Sum of the weights of the entity's edges.
    WeightedDegree,
    /// Weighted PageRank (damping 0.85); sums to 1 over the graph.
    #[serde(rename = "pagerank")]
    PageRank,
    /// Normalised betweenness (edge length = 1 / weight), in `[0, 1]`.
    Betweenness,
}

impl Metric {
    pub const ALL: [Metric; 5] = [
        Metric::Mentions,
        Metric::Degree,
        Metric::WeightedDegree,
        Metric::PageRank,
        Metric::Betweenness,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Metric::Mentions => "mentions",
            Metric::Degree => "degree",
            Metric::WeightedDegree => "weighted-degree",
            Metric::PageRank => "pagerank",
            Metric::Betweenness => "betweenness",
        }
    }
}

impl FromStr for Metric {
    type Err = String;
    fn from_str(s: &str) -> Result<Metric, String> {
        parse_choice(s, &Metric::ALL, Metric::as_str, "metric")
    }
}

/// How many windows name each entity, and how many windows there are, in
/// the documents counted.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WindowCounts {
    /// Indexed by entity.
    pub per_entity: Vec<usize>,
    pub total: usize,
}

impl WindowCounts {
    /// Counts `window`s over the documents `include` accepts, in one pass
    /// over their mentions.
    pub fn count(
        extraction: &Extraction,
        window: Window,
        include: impl Fn(usize) -> bool,
    ) -> WindowCounts {
        let mut per_entity = vec![0; extraction.entities.len()];
        let mut last_window = vec![(usize::MAX, usize::MAX); extraction.entities.len()];
        let mut total = 0;
        let mentions = extraction.mentions_by_document();
        for (doc, sentences) in extraction.sentences.iter().enumerate() {
            if !include(doc) {
                continue;
            }
            total += window.count(sentences);
            for m in mentions[doc] {
                let here = (doc, window.unit(m.sentence(), sentences));
                if last_window[m.entity()] != here {
                    last_window[m.entity()] = here;
                    per_entity[m.entity()] += 1;
                }
            }
        }
        WindowCounts { per_entity, total }
    }
}

/// The weight of each edge of `view` (in `view.edges` order) under
/// `weighting`; `filters` are the filters `view` was built with (their
/// left-out documents are not counted).
pub fn edge_weights(
    analysis: &Analysis,
    filters: &Filters,
    view: &GraphView,
    weighting: EdgeWeighting,
) -> Vec<f64> {
    if weighting == EdgeWeighting::Count {
        return count_weights(view);
    }
    let counts = WindowCounts::count(&analysis.extraction, view.graph.window, |doc| {
        !filters.excluded_docs.contains(&doc)
    });
    let windows = |node: usize| counts.per_entity[view.nodes[node]] as f64;
    view.edges
        .iter()
        .map(|e| {
            let co = f64::from(e.weight);
            weighting.weight(co, windows(e.a), windows(e.b), counts.total as f64)
        })
        .collect()
}

/// The co-mention count of each edge of `view`.
pub(super) fn count_weights(view: &GraphView) -> Vec<f64> {
    view.edges.iter().map(|e| f64::from(e.weight)).collect()
}

/// `view` as a [`WeightedGraph`] on its nodes, with `weights` per edge.
pub(super) fn weighted_graph(view: &GraphView, weights: &[f64]) -> WeightedGraph {
    let edges = view.edges.iter().zip(weights).map(|(e, &w)| (e.a, e.b, w));
    WeightedGraph::new(view.nodes.len(), edges)
}

/// The measures of one node.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct NodeStats {
    pub mentions: usize,
    pub degree: usize,
    pub weighted_degree: f64,
    pub pagerank: f64,
    pub betweenness: f64,
    /// Connected component, numbered from 0 in order of each component's
    /// first entity (by id).
    pub component: usize,
    /// Louvain community, numbered from 0 in order of first appearance.
    pub community: usize,
}

impl NodeStats {
    /// The value of `metric`.
    pub fn get(&self, metric: Metric) -> f64 {
        match metric {
            Metric::Mentions => self.mentions as f64,
            Metric::Degree => self.degree as f64,
            Metric::WeightedDegree => self.weighted_degree,
            Metric::PageRank => self.pagerank,
            Metric::Betweenness => self.betweenness,
        }
    }
}

/// The measures of every node of a view, and of the graph.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GraphStats {
    pub weighting: EdgeWeighting,
    /// Entity index of each node, ascending (the view's nodes).
    pub entities: Vec<usize>,
    /// The measures of each node, in the same order.
    pub nodes: Vec<NodeStats>,
    /// Distinct linked pairs of nodes.
    pub edge_count: usize,
    /// Connected components (an isolated node is one).
    pub component_count: usize,
    /// Louvain communities (an isolated node is one).
    pub community_count: usize,
    /// Modularity of the communities under `weighting`.
    pub modularity: f64,
    /// Whether betweenness was estimated from sampled pivots.
    pub sampled_betweenness: bool,
}

impl GraphStats {
    /// Measures `view`, built from `analysis` with `filters`.
    pub fn compute(
        analysis: &Analysis,
        filters: &Filters,
        view: &GraphView,
        weighting: EdgeWeighting,
    ) -> GraphStats {
        let graph = weighted_graph(view, &edge_weights(analysis, filters, view, weighting));
        let sample = (graph.node_count() > EXACT_BETWEENNESS_MAX_NODES)
            .then_some((DEFAULT_BETWEENNESS_PIVOTS, METRICS_SEED));
        let community = metrics::louvain(&graph, METRICS_SEED);
        let nodes = node_stats(view, &graph, &community, sample);
        GraphStats {
            weighting,
            entities: view.nodes.clone(),
            edge_count: graph.edge_count(),
            component_count: label_count(nodes.iter().map(|s| s.component)),
            community_count: label_count(community.iter().copied()),
            modularity: metrics::modularity(&graph, &community),
            sampled_betweenness: sample.is_some(),
            nodes,
        }
    }

    /// Measures the whole graph of `analysis` (every entity, its window).
    pub fn of_analysis(analysis: &Analysis, weighting: EdgeWeighting) -> GraphStats {
        let filters = Filters::all(analysis.graph.window);
        let view = GraphView::build(analysis, &filters);
        GraphStats::compute(analysis, &filters, &view, weighting)
    }

    /// The measures of entity `entity`, if it is a node.
    pub fn of_entity(&self, entity: usize) -> Option<&NodeStats> {
        let node = self.entities.binary_search(&entity).ok()?;
        self.nodes.get(node)
    }

    /// Nodes by decreasing `metric`, ties by entity id (entity index).
    pub fn ranking(&self, metric: Metric) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.nodes.len()).collect();
        order.sort_by(|&x, &y| {
            let (vx, vy) = (self.nodes[x].get(metric), self.nodes[y].get(metric));
            vy.total_cmp(&vx)
                .then(self.entities[x].cmp(&self.entities[y]))
        });
        order
    }
}

/// Per-node measures of `graph` (the weighted form of `view`).
fn node_stats(
    view: &GraphView,
    graph: &WeightedGraph,
    community: &[usize],
    sample: Option<(usize, u64)>,
) -> Vec<NodeStats> {
    let degree = metrics::degree(graph);
    let strength = metrics::weighted_degree(graph);
    let pagerank = metrics::pagerank(
        graph,
        DEFAULT_DAMPING,
        DEFAULT_TOLERANCE,
        DEFAULT_MAX_ITERATIONS,
    );
    let betweenness = metrics::betweenness(graph, sample);
    let component = metrics::components(graph);
    (0..graph.node_count())
        .map(|i| NodeStats {
            mentions: view.mentions[i],
            degree: degree[i],
            weighted_degree: strength[i],
            pagerank: pagerank[i],
            betweenness: betweenness[i],
            component: component[i],
            community: community[i],
        })
        .collect()
}

/// The number of labels numbered `0..count`.
fn label_count(labels: impl Iterator<Item = usize>) -> usize {
    labels.max().map_or(0, |max| max + 1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::analyze_texts;

    const EPS: f64 = 1e-9;

    /// Bolivia – Chile = Peru – Ecuador (Chile–Peru named together twice),
    /// in four sentences; Chile and Peru are each named in three.
    fn chain() -> Analysis {
        analyze_texts(&[
            (
                "a.txt",
                "Chile and Peru met. Chile and Bolivia talked. Peru and Chile agreed.",
            ),
            ("b.txt", "Peru and Ecuador signed."),
        ])
    }

    /// Triangles Bolivia–Chile–Peru and France–Germany–Italy joined by
    /// Chile–France.
    fn two_triangles() -> Analysis {
        analyze_texts(&[(
            "a.txt",
            "Chile, Peru and Bolivia met. France, Germany and Italy met. Chile and France talked.",
        )])
    }

    fn stats(a: &Analysis, weighting: EdgeWeighting) -> GraphStats {
        GraphStats::of_analysis(a, weighting)
    }

    fn entity(a: &Analysis, id: &str) -> usize {
        a.extraction.entity_index(id).expect("entity")
    }

    fn column(s: &GraphStats, metric: Metric) -> Vec<f64> {
        s.nodes.iter().map(|n| n.get(metric)).collect()
    }

    fn assert_close(actual: &[f64], expected: &[f64]) {
        assert_eq!(actual.len(), expected.len(), "{actual:?}");
        for (a, e) in actual.iter().zip(expected) {
            assert!((a - e).abs() < 1e-6, "{actual:?} != {expected:?}");
        }
    }

    #[test]
    fn counts_on_a_chain_by_hand() {
        let a = chain();
        let s = stats(&a, EdgeWeighting::Count);
        // Nodes by id: bolivia, chile, ecuador, peru.
        assert_eq!(s.entities.len(), 4);
        assert_eq!(column(&s, Metric::Mentions), [1.0, 3.0, 1.0, 3.0]);
        assert_eq!(column(&s, Metric::Degree), [1.0, 2.0, 1.0, 2.0]);
        assert_eq!(column(&s, Metric::WeightedDegree), [1.0, 3.0, 1.0, 3.0]);
        // Chile and Peru each lie between 2 of the 3 pairs without them.
        assert_close(
            &column(&s, Metric::Betweenness),
            &[0.0, 2.0 / 3.0, 0.0, 2.0 / 3.0],
        );
        // r_B = 0.0375 + 0.85·r_C/3 and r_B + r_C = 1/2 (symmetry).
        let hub = 0.4625 / (1.0 + 0.85 / 3.0);
        let leaf = 0.5 - hub;
        assert_close(&column(&s, Metric::PageRank), &[leaf, hub, leaf, hub]);
        assert_eq!((s.edge_count, s.component_count), (3, 1));
        assert!(s.nodes.iter().all(|n| n.component == 0));
        assert!(!s.sampled_betweenness);
    }

    #[test]
    fn two_triangles_are_two_communities() {
        let a = two_triangles();
        let s = stats(&a, EdgeWeighting::Count);
        // Nodes by id: bolivia, chile, france, germany, italy, peru.
        let community: Vec<usize> = s.nodes.iter().map(|n| n.community).collect();
        assert_eq!(community, [0, 0, 1, 1, 1, 0]);
        assert_eq!(s.community_count, 2);
        // m = 7, each triangle L = 3, D = 7: Q = 2·(3/7 - 1/4).
        assert!((s.modularity - 5.0 / 14.0).abs() < EPS);
        // Chile and France each carry 6 of the 10 pairs without them.
        assert_close(
            &column(&s, Metric::Betweenness),
            &[0.0, 0.6, 0.6, 0.0, 0.0, 0.0],
        );
        assert_eq!(column(&s, Metric::Degree), [2.0, 3.0, 3.0, 2.0, 2.0, 2.0]);
        let top: Vec<usize> = s.ranking(Metric::Betweenness)[..2]
            .iter()
            .map(|&n| s.entities[n])
            .collect();
        assert_eq!(top, [entity(&a, "chile"), entity(&a, "france")]);
    }

    #[test]
    fn association_weights_by_hand_tame_the_hub_pair() {
        let a = chain();
        let filters = Filters::default();
        let view = GraphView::build(&a, &filters);
        let pairs: Vec<(usize, usize)> = view.edges.iter().map(|e| (e.a, e.b)).collect();
        // Edges: bolivia–chile (1), chile–peru (2), ecuador–peru (1).
        assert_eq!(pairs, [(0, 1), (1, 3), (2, 3)]);
        let weights = |w| edge_weights(&a, &filters, &view, w);
        assert_eq!(weights(EdgeWeighting::Count), [1.0, 2.0, 1.0]);
        // Windows: 4 sentences; Chile and Peru in 3, Bolivia and Ecuador in 1.
        assert_close(
            &weights(EdgeWeighting::Jaccard),
            &[1.0 / 3.0, 2.0 / 4.0, 1.0 / 3.0],
        );
        let npmi = |co: f64, x: f64, y: f64| (co * 4.0 / (x * y)).ln() / -(co / 4.0).ln();
        let rescaled = |v: f64| (1.0 + v) / 2.0;
        let expected = [
            rescaled(npmi(1.0, 1.0, 3.0)),
            rescaled(npmi(2.0, 3.0, 3.0)),
            rescaled(npmi(1.0, 3.0, 1.0)),
        ];
        let found = weights(EdgeWeighting::Npmi);
        assert_close(&found, &expected);
        assert!(found[1] < 0.5 && found[0] > 0.5, "{found:?}");
    }

    #[test]
    fn weighting_changes_strength_but_not_shape() {
        let a = two_triangles();
        let count = stats(&a, EdgeWeighting::Count);
        for weighting in [EdgeWeighting::Jaccard, EdgeWeighting::Npmi] {
            let other = stats(&a, weighting);
            assert_eq!(other.weighting, weighting);
            assert_eq!(other.edge_count, count.edge_count);
            assert_eq!(
                column(&other, Metric::Degree),
                column(&count, Metric::Degree)
            );
            let components =
                |s: &GraphStats| s.nodes.iter().map(|n| n.component).collect::<Vec<_>>();
            assert_eq!(components(&other), components(&count));
            assert!((column(&other, Metric::PageRank).iter().sum::<f64>() - 1.0).abs() < EPS);
        }
    }

    #[test]
    fn window_counts_per_window_and_included_documents() {
        let a = analyze_texts(&[
            (
                "a.txt",
                "Chile and Peru met. Chile spoke.\nPeru left.\n\nBolivia waited.",
            ),
            ("b.txt", "Chile and Bolivia signed."),
        ]);
        let ids = ["bolivia", "chile", "peru"].map(|id| entity(&a, id));
        let count = |window, include: &dyn Fn(usize) -> bool| {
            let c = WindowCounts::count(&a.extraction, window, include);
            (ids.map(|e| c.per_entity[e]), c.total)
        };
        let all = |_| true;
        assert_eq!(count(Window::Sentence, &all), ([2, 3, 2], 5));
        assert_eq!(count(Window::Paragraph, &all), ([2, 2, 2], 4));
        assert_eq!(count(Window::Document, &all), ([2, 2, 1], 2));
        let first = |doc| doc == 0;
        assert_eq!(count(Window::Sentence, &first), ([1, 2, 2], 4));
    }

    #[test]
    fn left_out_documents_leave_the_measures() {
        let a = chain();
        let filters = Filters {
            excluded_docs: [1].into(),
            ..Filters::default()
        };
        let view = GraphView::build(&a, &filters);
        let s = GraphStats::compute(&a, &filters, &view, EdgeWeighting::Jaccard);
        assert!(s.of_entity(entity(&a, "ecuador")).is_none());
        let peru = s.of_entity(entity(&a, "peru")).expect("peru shown");
        // Peru: 2 of 3 sentences, all with Chile (3 sentences): 2 / (2 + 3 - 2).
        assert_eq!((peru.mentions, peru.degree), (2, 1));
        assert!((peru.weighted_degree - 2.0 / 3.0).abs() < EPS);
    }

    #[test]
    fn ranking_breaks_ties_by_id_and_names_parse() {
        let a = chain();
        let s = stats(&a, EdgeWeighting::Count);
        assert_eq!(s.ranking(Metric::Degree), [1, 3, 0, 2]);
        assert_eq!(s.ranking(Metric::Mentions), [1, 3, 0, 2]);
        for metric in Metric::ALL {
            assert_eq!(metric.as_str().parse(), Ok(metric));
        }
        for weighting in EdgeWeighting::ALL {
            assert_eq!(weighting.as_str().parse(), Ok(weighting));
        }
        assert_eq!(
            "rank".parse::<Metric>(),
            Err("unknown metric `rank` (use mentions, degree, weighted-degree, pagerank or betweenness)".into())
        );
        assert_eq!(
            "page".parse::<Window>(),
            Err("unknown window `page` (use sentence, paragraph or document)".into())
        );
    }
}
