//! The part of the graph a user looks at: entities and edges that pass the
//! filters (kinds, minimum mentions, minimum edge weight, documents left out,
//! co-mention window, co-mention edges shown, relation categories and
//! polarities shown, entities hidden by a correction), with mention counts
//! taken over the included documents.
//! Co-mention and relation edges between the same two entities stay separate
//! view edges; a relation edge knows it is one and points from `a` to `b`.

use std::collections::BTreeSet;
use std::sync::Arc;

use petgraph::graph::EdgeIndex;
use serde::{Deserialize, Serialize};

use super::{EdgeKind, EntityGraph, TooManyWindows, Window};
use crate::extract::{Category, Kind, Polarity};
use crate::layout::{Layout, LayoutParams};
use crate::pipeline::Analysis;
use crate::scene::node_radius;

/// Ideal edge length of the layout, in the same units as node radii.
const EDGE_LENGTH: f32 = 90.0;

/// Pull of the layout towards the centre: ten times the layout module's
/// default, so that isolated entities and small components stay near the
/// main component instead of shrinking it to a corner of the picture.
const GRAVITY: f32 = 1.0;

/// The layout seed of the app and of `newsgraph export`, so both draw the
/// same picture.
pub const LAYOUT_SEED: u64 = 7;

/// A layout that has not settled after this many steps is used as it is.
const MAX_LAYOUT_STEPS: usize = 5_000;

/// What the user chose to see.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Filters {
    /// Kinds shown, in the order of [`Kind::ALL`].
    pub kinds: [bool; 5],
    /// Entities with fewer mentions (in the included documents) are hidden.
    pub min_mentions: usize,
    /// Edges with a lower weight are hidden.
    pub min_edge_weight: u32,
    /// Indices of documents left out.
    pub excluded_docs: BTreeSet<usize>,
    pub window: Window,
    /// Show co-mention edges.
    #[serde(default = "shown")]
    pub co_mentions: bool,
    /// Relation categories shown, in the order of [`Category::ALL`].
    #[serde(default = "all_shown")]
    pub categories: [bool; Category::ALL.len()],
    /// Relation polarities shown, in the order of [`Polarity::ALL`].
    #[serde(default = "all_shown")]
    pub polarities: [bool; Polarity::ALL.len()],
    /// Indices of entities hidden by a correction.
    #[serde(default)]
    pub hidden: BTreeSet<usize>,
}

fn shown() -> bool {
    true
}

fn all_shown<const N: usize>() -> [bool; N] {
    [true; N]
}

impl Default for Filters {
    fn default() -> Self {
        Filters {
            kinds: [true; 5],
            min_mentions: 1,
            min_edge_weight: 1,
            excluded_docs: BTreeSet::new(),
            window: Window::Sentence,
            co_mentions: true,
            categories: all_shown(),
            polarities: all_shown(),
            hidden: BTreeSet::new(),
        }
    }
}

/// At most this many entities are drawn by default (the most mentioned);
/// the filters can bring back the rest.
pub const READABLE_NODES: usize = 400;

/// At most this many edges are drawn by default (the heaviest).
pub const READABLE_EDGES: usize = 1600;

/// The lowest threshold that `values` (sorted from high to low) pass at
/// most `limit` times: the `limit`-th value, raised by one if ties with
/// it would let more through.
fn threshold_keeping(values: &[u64], limit: usize) -> u64 {
    if values.len() <= limit || limit == 0 {
        return 1;
    }
    let at = values[limit - 1];
    if values[limit] == at { at + 1 } else { at }
}

impl Filters {
    /// `self` with the minimum mentions and edge weight raised, if needed,
    /// so that a large graph stays readable: at most [`READABLE_NODES`]
    /// entities and [`READABLE_EDGES`] edges. A small graph keeps `self` as
    /// it is.
    pub fn readable(&self, analysis: &Analysis) -> Filters {
        let mut counts: Vec<u64> = analysis
            .extraction
            .mention_counts()
            .into_iter()
            .map(|c| c as u64)
            .collect();
        counts.sort_unstable_by(|a, b| b.cmp(a));
        let min_mentions = threshold_keeping(&counts, READABLE_NODES) as usize;
        let mut filters = self.clone();
        filters.min_mentions = filters.min_mentions.max(min_mentions);
        let view = GraphView::build(analysis, &filters);
        let mut weights: Vec<u64> = view.edges.iter().map(|e| u64::from(e.weight)).collect();
        weights.sort_unstable_by(|a, b| b.cmp(a));
        let min_weight =
            u32::try_from(threshold_keeping(&weights, READABLE_EDGES)).unwrap_or(u32::MAX);
        filters.min_edge_weight = filters.min_edge_weight.max(min_weight);
        filters
    }

    /// Filters that show every entity and edge of a graph built with
    /// `window`.
    pub fn all(window: Window) -> Filters {
        Filters {
            window,
            ..Filters::default()
        }
    }

    pub fn shows(&self, kind: Kind) -> bool {
        self.kinds[kind_index(kind)]
    }

    pub fn set_shows(&mut self, kind: Kind, shown: bool) {
        self.kinds[kind_index(kind)] = shown;
    }

    pub fn shows_category(&self, category: Category) -> bool {
        self.categories[position(&Category::ALL, category)]
    }

    pub fn set_shows_category(&mut self, category: Category, shown: bool) {
        self.categories[position(&Category::ALL, category)] = shown;
    }

    pub fn shows_polarity(&self, polarity: Polarity) -> bool {
        self.polarities[position(&Polarity::ALL, polarity)]
    }

    pub fn set_shows_polarity(&mut self, polarity: Polarity, shown: bool) {
        self.polarities[position(&Polarity::ALL, polarity)] = shown;
    }

    /// Whether edges of this kind are shown: co-mentions if ticked,
    /// relations if both their category and their polarity are.
    pub fn shows_edge(&self, kind: &EdgeKind) -> bool {
        match kind.relation() {
            None => self.co_mentions,
            Some(r) => self.shows_category(r.category) && self.shows_polarity(r.polarity),
        }
    }
}

/// The position of `item` in `all` (which lists every value).
fn position<T: PartialEq>(all: &[T], item: T) -> usize {
    all.iter().position(|x| *x == item).unwrap_or(0)
}

/// The position of `kind` in [`Kind::ALL`].
pub fn kind_index(kind: Kind) -> usize {
    position(&Kind::ALL, kind)
}

/// An edge of the view between two view nodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ViewEdge {
    /// The source of a relation; for a co-mention, the smaller entity.
    pub a: usize,
    /// The target of a relation.
    pub b: usize,
    pub weight: u32,
    /// The edge in [`GraphView::graph`], for its evidence and, for a
    /// relation, its label.
    pub edge: EdgeIndex,
    /// A stated relation, directed from `a` to `b`; otherwise an undirected
    /// co-mention.
    pub relation: bool,
}

/// The filtered graph.
#[derive(Debug, Clone, Default)]
pub struct GraphView {
    /// Entity index of each view node, ascending.
    pub nodes: Vec<usize>,
    /// Mentions of each view node in the included documents.
    pub mentions: Vec<usize>,
    pub edges: Vec<ViewEdge>,
    /// The co-mention graph of the included documents (all entities).
    pub graph: Arc<EntityGraph>,
    /// Indices of the documents left out.
    pub excluded_docs: BTreeSet<usize>,
}

/// The most shared windows (see [`EntityGraph::shared_windows`]) that
/// [`GraphView::try_build`] rebuilds the graph with when the co-mention
/// window changes. Building takes about 45 bytes for each (its place in
/// the sorted list of windows and two evidence sentences), so this keeps
/// that under 2 GB.
pub const MAX_SHARED_WINDOWS: u64 = 40_000_000;

impl GraphView {
    /// [`GraphView::build`], unless `filters` change the co-mention window
    /// to one under which the documents they include share more than
    /// `limit` windows between two entities (see
    /// [`EntityGraph::shared_windows`]): counting them takes a fraction of
    /// the time and none of the memory of building the graph.
    pub fn try_build(
        analysis: &Analysis,
        filters: &Filters,
        limit: u64,
    ) -> Result<GraphView, TooManyWindows> {
        if filters.window != analysis.graph.window {
            let included = |doc: usize| !filters.excluded_docs.contains(&doc);
            EntityGraph::check_window(&analysis.extraction, filters.window, included, limit)?;
        }
        Ok(GraphView::build(analysis, filters))
    }

    /// Whether building the view with `filters` rebuilds the graph (the
    /// costly part on a large corpus) rather than sharing the analysis's.
    pub fn rebuilds_graph(analysis: &Analysis, filters: &Filters) -> bool {
        !filters.excluded_docs.is_empty() || filters.window != analysis.graph.window
    }

    /// Applies `filters` to `analysis`.
    pub fn build(analysis: &Analysis, filters: &Filters) -> GraphView {
        let ex = &analysis.extraction;
        let included = |doc: usize| !filters.excluded_docs.contains(&doc);
        let mut counts = vec![0usize; ex.entities.len()];
        for m in ex.mentions.iter().filter(|m| included(m.doc())) {
            counts[m.entity()] += 1;
        }
        let nodes: Vec<usize> = (0..ex.entities.len())
            .filter(|&e| {
                counts[e] > 0
                    && counts[e] >= filters.min_mentions
                    && filters.shows(ex.entities[e].kind)
                    && !filters.hidden.contains(&e)
            })
            .collect();
        let mut node_of = vec![usize::MAX; ex.entities.len()];
        for (i, &e) in nodes.iter().enumerate() {
            node_of[e] = i;
        }
        let graph = if GraphView::rebuilds_graph(analysis, filters) {
            Arc::new(EntityGraph::build_for(ex, filters.window, included))
        } else {
            Arc::clone(&analysis.graph)
        };
        // Room for every edge (untouched memory costs nothing), so that a
        // view of a large graph is not copied as its list grows.
        let mut edges = Vec::with_capacity(graph.graph.edge_count());
        edges.extend(graph.graph.edge_indices().filter_map(|edge| {
            let (a, b) = graph.endpoints(edge);
            let data = &graph.graph[edge];
            let (a, b, weight) = (node_of[a], node_of[b], data.weight);
            let relation = data.kind.is_relation();
            let shown = a != usize::MAX
                && b != usize::MAX
                && weight >= filters.min_edge_weight
                && filters.shows_edge(&data.kind);
            shown.then_some(ViewEdge {
                a,
                b,
                weight,
                edge,
                relation,
            })
        }));
        edges.shrink_to_fit();
        GraphView {
            mentions: nodes.iter().map(|&e| counts[e]).collect(),
            nodes,
            edges,
            graph,
            excluded_docs: filters.excluded_docs.clone(),
        }
    }

    /// A fresh layout run until it settles: the picture the canvas shows
    /// once it stops moving.
    pub fn settled_layout(&self, seed: u64) -> Layout {
        let mut layout = self.layout(&[], seed);
        layout.run(MAX_LAYOUT_STEPS);
        layout
    }

    /// A force-directed layout of the view. Nodes with a start position in
    /// `start` (indexed by view node) begin there; pass an empty slice for a
    /// fresh layout. Node sizes follow [`crate::scene::node_radius`].
    pub fn layout(&self, start: &[Option<[f32; 2]>], seed: u64) -> Layout {
        let max = self.mentions.iter().copied().max().unwrap_or(1);
        let radii: Vec<f32> = self.mentions.iter().map(|&m| node_radius(m, max)).collect();
        let edges: Vec<(u32, u32, f32)> = self
            .edges
            .iter()
            .map(|e| (e.a as u32, e.b as u32, e.weight as f32))
            .collect();
        let params = LayoutParams {
            edge_length: EDGE_LENGTH,
            gravity: GRAVITY,
            ..LayoutParams::default()
        };
        if start.iter().any(Option::is_some) {
            Layout::with_positions(start, &edges, &radii, seed, params)
        } else {
            Layout::new(self.nodes.len(), &edges, &radii, seed, params)
        }
    }

    /// The view node of entity `entity`, if shown.
    pub fn node_of(&self, entity: usize) -> Option<usize> {
        self.nodes.binary_search(&entity).ok()
    }

    /// View nodes co-mentioned with `node`, with the edges, in edge order.
    /// Relation edges are left out: they only link entities named in one
    /// sentence, which are co-mentioned at least as often.
    pub fn neighbours(&self, node: usize) -> impl Iterator<Item = (usize, &ViewEdge)> {
        self.edges
            .iter()
            .filter(|e| !e.relation)
            .filter_map(move |e| {
                if e.a == node {
                    Some((e.b, e))
                } else if e.b == node {
                    Some((e.a, e))
                } else {
                    None
                }
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::analyze_texts;

    fn analysis() -> Analysis {
        analyze_texts(&[
            (
                "a.txt",
                "Chile and Peru met. Chile and Bolivia talked. Peru and Chile agreed.",
            ),
            ("b.txt", "Peru and Ecuador signed."),
        ])
    }

    fn names(a: &Analysis, v: &GraphView) -> Vec<String> {
        v.nodes
            .iter()
            .map(|&e| a.extraction.entities[e].name.clone())
            .collect()
    }

    #[test]
    fn filters_select_nodes_and_edges() {
        let a = analysis();
        let all = GraphView::build(&a, &Filters::default());
        assert_eq!(names(&a, &all), ["Bolivia", "Chile", "Ecuador", "Peru"]);
        assert_eq!(all.edges.len(), 3);
        let heavy = GraphView::build(
            &a,
            &Filters {
                min_edge_weight: 2,
                ..Filters::default()
            },
        );
        assert_eq!(heavy.edges.len(), 1);
        assert_eq!(heavy.edges[0].weight, 2);
        let frequent = GraphView::build(
            &a,
            &Filters {
                min_mentions: 3,
                ..Filters::default()
            },
        );
        assert_eq!(names(&a, &frequent), ["Chile", "Peru"]);
        let mut no_countries = Filters::default();
        no_countries.set_shows(Kind::Country, false);
        assert!(GraphView::build(&a, &no_countries).nodes.is_empty());
    }

    #[test]
    fn hidden_entities_leave_with_their_edges() {
        let a = analysis();
        let chile = a.extraction.entity_index("chile").unwrap();
        let v = GraphView::build(
            &a,
            &Filters {
                hidden: [chile].into(),
                ..Filters::default()
            },
        );
        assert_eq!(names(&a, &v), ["Bolivia", "Ecuador", "Peru"]);
        assert_eq!(v.edges.len(), 1, "only Peru–Ecuador stays");
    }

    #[test]
    fn excluded_documents_drop_their_mentions_and_edges() {
        let a = analysis();
        let filters = Filters {
            excluded_docs: [1].into(),
            ..Filters::default()
        };
        let v = GraphView::build(&a, &filters);
        assert_eq!(names(&a, &v), ["Bolivia", "Chile", "Peru"]);
        let peru = v
            .node_of(a.extraction.entity_index("peru").unwrap())
            .unwrap();
        assert_eq!(v.mentions[peru], 2);
        assert_eq!(v.neighbours(peru).count(), 1);
    }

    #[test]
    fn relation_edges_are_kept_apart_and_directed() {
        let a = analyze_texts(&[("a.txt", "Peru invaded Chile.")]);
        let v = GraphView::build(&a, &Filters::default());
        let node = |id: &str| v.node_of(a.extraction.entity_index(id).unwrap()).unwrap();
        let (chile, peru) = (node("chile"), node("peru"));
        assert_eq!(v.edges.len(), 2);
        let relation = v.edges.iter().find(|e| e.relation).unwrap();
        assert_eq!((relation.a, relation.b), (peru, chile));
        assert!(v.edges.iter().any(|e| !e.relation));
        assert_eq!(v.neighbours(chile).count(), 1);
    }

    #[test]
    fn edge_filters_hide_co_mentions_and_relations_by_category_and_polarity() {
        let a = analyze_texts(&[("a.txt", "Peru invaded Chile. Chile met with Bolivia.")]);
        let relations = |filters: &Filters| -> Vec<String> {
            let v = GraphView::build(&a, filters);
            let mut labels: Vec<String> = v
                .edges
                .iter()
                .filter_map(|e| v.graph.graph[e.edge].kind.relation())
                .map(|r| r.phrase())
                .collect();
            labels.sort();
            labels
        };
        let co_mentions = |filters: &Filters| {
            let v = GraphView::build(&a, filters);
            v.edges.iter().filter(|e| !e.relation).count()
        };
        let all = Filters::default();
        assert_eq!(relations(&all), ["invaded", "met with"]);
        assert_eq!(co_mentions(&all), 2);
        let mut filters = all.clone();
        filters.set_shows_polarity(Polarity::Conflictual, false);
        assert_eq!(relations(&filters), ["met with"]);
        assert_eq!(co_mentions(&filters), 2, "co-mentions stay");
        let mut filters = all.clone();
        filters.set_shows_category(Category::Consult, false);
        assert!(!filters.shows_category(Category::Consult));
        assert_eq!(relations(&filters), ["invaded"]);
        let filters = Filters {
            co_mentions: false,
            ..all
        };
        assert_eq!(relations(&filters), ["invaded", "met with"]);
        assert_eq!(co_mentions(&filters), 0);
    }

    #[test]
    fn relation_phrases_say_when_negated_or_hedged() {
        let phrase = |negated, hedged| {
            crate::graph::RelationLabel {
                label: "invaded".into(),
                category: Category::Force,
                polarity: Polarity::Conflictual,
                negated,
                hedged,
            }
            .phrase()
        };
        assert_eq!(phrase(false, false), "invaded");
        assert_eq!(phrase(true, false), "not invaded");
        assert_eq!(phrase(false, true), "invaded (hedged)");
        assert_eq!(phrase(true, true), "not invaded (hedged)");
    }

    #[test]
    fn filters_without_the_edge_fields_read_as_showing_every_edge() {
        let json = r#"{"kinds":[true,true,true,true,true],"min_mentions":1,
            "min_edge_weight":1,"excluded_docs":[],"window":"sentence"}"#;
        let filters: Filters = serde_json::from_str(json).unwrap();
        assert_eq!(filters, Filters::default());
    }

    #[test]
    fn document_window_links_everything_in_a_document() {
        let a = analysis();
        let v = GraphView::build(
            &a,
            &Filters {
                window: Window::Document,
                ..Filters::default()
            },
        );
        let chile = v
            .node_of(a.extraction.entity_index("chile").unwrap())
            .unwrap();
        let bolivia = v
            .node_of(a.extraction.entity_index("bolivia").unwrap())
            .unwrap();
        assert!(v.edges.iter().any(|e| (e.a, e.b) == (bolivia, chile)));
        assert_eq!(
            v.edges
                .iter()
                .find(|e| (e.a, e.b) == (bolivia, chile))
                .unwrap()
                .weight,
            1
        );
    }
}
