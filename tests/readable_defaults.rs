//! A large corpus opens readable: the default filters keep the most
//! mentioned entities and the heaviest edges, and lowering the filters
//! brings everything back. Leaving a document out of a large corpus
//! rebuilds the graph on a background thread. A small corpus is shown
//! whole. A wider co-mention window is refused, with a reason, when the
//! graph it asks for would be too large to build, and an analysis asked
//! for such a window builds its graph under the sentence window.

mod common;
mod ui;

#[path = "../benches/support/synthetic_corpus.rs"]
mod synthetic_corpus;

use std::sync::OnceLock;
use std::time::Duration;

use egui_kittest::kittest::Queryable;
use newsgraph::app::NewsgraphApp;
use newsgraph::corpus::LoadOptions;
use newsgraph::graph::view::{Filters, GraphView, READABLE_EDGES, READABLE_NODES};
use newsgraph::graph::{EdgeKind, EntityGraph, TooManyWindows, Window};
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

#[test]
fn shared_windows_add_up_to_the_co_mention_weights() {
    let ex = &large().extraction;
    for window in Window::ALL {
        for include in [|_: usize| true, |doc: usize| !doc.is_multiple_of(3)] {
            let graph = EntityGraph::build_for(ex, window, include);
            let weights: u64 = graph
                .graph
                .edge_weights()
                .filter(|e| e.kind == EdgeKind::CoMention)
                .map(|e| u64::from(e.weight))
                .sum();
            let shared = EntityGraph::shared_windows(ex, window, include);
            assert_eq!(shared, weights, "{}", window.as_str());
        }
    }
}

#[test]
fn a_window_sharing_more_than_the_limit_is_refused() {
    let analysis = large();
    let shared = EntityGraph::shared_windows(&analysis.extraction, Window::Document, |_| true);
    let wider = Filters {
        window: Window::Document,
        ..Filters::default()
    };
    let refused = GraphView::try_build(analysis, &wider, shared - 1).unwrap_err();
    assert_eq!(
        refused,
        TooManyWindows {
            window: Window::Document,
            shared,
            limit: shared - 1
        }
    );
    assert!(
        refused
            .to_string()
            .starts_with("Co-mention in the same document")
    );
    let built = GraphView::try_build(analysis, &wider, shared).unwrap();
    assert_eq!(built.edges, GraphView::build(analysis, &wider).edges);
    // The window the analysis was built with is never refused.
    assert!(GraphView::try_build(analysis, &Filters::default(), 0).is_ok());
}

#[test]
fn the_app_keeps_its_graph_when_a_wider_window_would_be_too_large() {
    let mut harness = ui::app_on(large().clone());
    harness.state_mut().limit_shared_windows(1_000);
    let before = harness.state().view().edges.clone();
    harness.get_by_label("document").click();
    let (limit, pause) = (Duration::from_secs(10), Duration::from_millis(5));
    let what = "the window change was never answered";
    harness.step();
    ui::step_until(&mut harness, limit, pause, what, |app| !app.updating_view());
    harness.run_steps(2);
    let app = harness.state();
    assert_eq!(app.filters().window, Window::Sentence);
    assert_eq!(app.view().graph.window, Window::Sentence);
    assert_eq!(app.view().edges, before);
    harness.get_by_label_contains("Co-mention in the same document would mean");
}

#[test]
fn an_analysis_gives_way_to_the_sentence_window_above_the_limit() {
    let seeds = common::seeds();
    let shared = EntityGraph::shared_windows(&seeds.extraction, Window::Document, |_| true);
    let window_built = |max_shared_windows| {
        let corpus = newsgraph::seeds::corpus(&LoadOptions::default()).unwrap();
        let settings = Settings {
            window: Window::Document,
            max_shared_windows,
            ..Settings::default()
        };
        let analysis = Analysis::run(corpus, common::knowledge(), &settings, &()).unwrap();
        analysis.graph.window
    };
    assert_eq!(window_built(Some(shared - 1)), Window::Sentence);
    assert_eq!(window_built(Some(shared)), Window::Document);
    assert_eq!(window_built(None), Window::Document);
}
