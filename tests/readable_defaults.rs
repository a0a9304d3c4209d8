//! A large corpus opens readable: the default filters keep the most
//! mentioned entities and the heaviest edges, and lowering the filters
//! brings everything back. Leaving a document out of a large corpus
//! rebuilds the graph on a background thread. A small corpus is shown
//! whole.

mod common;
mod ui;

#[path = "../benches/support/synthetic_corpus.rs"]
mod synthetic_corpus;

use std::sync::OnceLock;
use std::time::Duration;

use egui_kittest::kittest::Queryable;
use newsgraph::app::NewsgraphApp;
use newsgraph::graph::view::{Filters, GraphView, READABLE_EDGES, READABLE_NODES};
use newsgraph::pipeline::{Analysis, Settings};

/// A few hundred synthetic articles naming thousands of entities.
fn large() -> &'static Analysis {
    static A: OnceLock<Analysis> = OnceLock::new();
    A.get_or_init(|| {
        let vocabulary = synthetic_corpus::Vocabulary::new(3_000);
        let articles: Vec<(String, String)> = (0..700)
            .map(|i| (format!("a{i}.txt"), vocabulary.article(i).1))
            .collect();
        let files: Vec<(&str, &str)> = articles
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_str()))
            .collect();
        common::analyze_files(&files, &Settings::default())
    })
}

#[test]
fn a_large_graph_opens_with_its_most_mentioned_entities_and_heaviest_edges() {
    let analysis = large();
    let all = GraphView::build(analysis, &Filters::default());
    assert!(
        all.nodes.len() > 2 * READABLE_NODES,
        "{} entities",
        all.nodes.len()
    );
    let filters = Filters::default().readable(analysis);
    let view = GraphView::build(analysis, &filters);
    assert!(!view.nodes.is_empty() && view.nodes.len() <= READABLE_NODES);
    assert!(view.edges.len() <= READABLE_EDGES);
    assert!(filters.min_mentions > 1);
    // Every entity shown is mentioned at least as often as every one hidden.
    let counts = analysis.extraction.mention_counts();
    let least_shown = view.nodes.iter().map(|&e| counts[e]).min().unwrap();
    let most_hidden = all
        .nodes
        .iter()
        .filter(|e| !view.nodes.contains(e))
        .map(|&e| counts[e])
        .max()
        .unwrap();
    assert!(least_shown > most_hidden);
    // Lowering the filters again shows everything.
    let lowered = Filters {
        min_mentions: 1,
        min_edge_weight: 1,
        ..filters
    };
    assert_eq!(GraphView::build(analysis, &lowered).nodes, all.nodes);
}

#[test]
fn the_app_opens_a_large_corpus_with_the_readable_filters() {
    let app = NewsgraphApp::with_analysis(large().clone());
    assert_eq!(app.filters(), &Filters::default().readable(large()));
    assert!(app.view().nodes.len() <= READABLE_NODES);
}

#[test]
fn a_small_graph_is_shown_whole() {
    let seeds = common::seeds();
    assert_eq!(Filters::default().readable(seeds), Filters::default());
}

#[test]
fn leaving_a_document_out_of_a_large_corpus_updates_the_graph_in_the_background() {
    let mut harness = ui::app_on(large().clone());
    let title = large().corpus.documents[0].title.clone();
    let before = harness.state().view().nodes.clone();
    harness
        .get_by_label(&format!("Include “{title}” in the graph"))
        .click();
    harness.step();
    // The frame after the click is drawn at once, the old view still shown.
    assert!(harness.state().updating_view());
    assert_eq!(harness.state().view().nodes, before);
    let (limit, pause) = (Duration::from_secs(10), Duration::from_millis(5));
    let what = "the view was never rebuilt";
    ui::step_until(&mut harness, limit, pause, what, |app| !app.updating_view());
    let app = harness.state();
    assert!(!app.updating_view());
    assert!(app.view().excluded_docs.contains(&0));
    assert_eq!(
        app.view().nodes,
        GraphView::build(large(), app.filters()).nodes
    );
}
