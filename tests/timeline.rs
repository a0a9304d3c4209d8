//! Story playback: the graph "as of" step `k` of the timeline is the graph
//! of a corpus made of only the first `k` documents in date order (checked
//! on corpora whose names resolve the same in every prefix, as the seeds').

mod common;

use std::collections::BTreeMap;

use newsgraph::graph::timeline::{filters_as_of, timeline_order};
use newsgraph::graph::view::{Filters, GraphView};
use newsgraph::pipeline::{Analysis, Settings};

/// Entity ids shown, with their mention counts.
type Nodes = BTreeMap<String, usize>;
/// Edges as (id, id) → weight.
type Edges = BTreeMap<(String, String), u32>;

fn shown(analysis: &Analysis, filters: &Filters) -> (Nodes, Edges) {
    let view = GraphView::build(analysis, filters);
    let id = |node: usize| analysis.extraction.entities[view.nodes[node]].id.clone();
    let nodes = (0..view.nodes.len())
        .map(|n| (id(n), view.mentions[n]))
        .collect();
    let edges = view
        .edges
        .iter()
        .map(|e| ((id(e.a), id(e.b)), e.weight))
        .collect();
    (nodes, edges)
}

/// Checks every step of the timeline of `files` against the pipeline run on
/// the first `k` files in timeline order; returns that order.
fn check_steps(files: &[(&str, &str)]) -> Vec<usize> {
    let settings = Settings::default();
    let full = common::analyze_files(files, &settings);
    let order = timeline_order(&full.corpus);
    for k in 0..=order.len() {
        let as_of = shown(&full, &filters_as_of(&Filters::default(), &order, k));
        let first: Vec<(&str, &str)> = order[..k].iter().map(|&d| files[d]).collect();
        let alone = common::analyze_files(&first, &settings);
        assert_eq!(as_of, shown(&alone, &Filters::default()), "step {k}");
    }
    order
}

#[test]
fn each_step_is_the_graph_of_the_documents_so_far() {
    let files = [
        (
            "late.txt",
            "January 5, 2022\n\nChile and Peru met. Chile and Bolivia talked.",
        ),
        (
            "undated.txt",
            "Talks\n\nPeru and Ecuador signed. Chile and Peru agreed.",
        ),
        (
            "december.json",
            r#"{"date": "Tue, 07 Dec 2021 10:00:00 GMT", "text": "France and Spain met. Peru and Spain talked."}"#,
        ),
        (
            "first.json",
            r#"{"date": "2021-12-01T08:00:00Z", "text": "Bolivia and Ecuador met."}"#,
        ),
    ];
    let ordered = check_steps(&files);
    assert_eq!(ordered, [3, 2, 0, 1]);
}

#[test]
fn undated_seeds_play_in_file_order() {
    let texts: Vec<(String, String)> = newsgraph::seeds::sources()
        .into_iter()
        .map(|s| (s.path, String::from_utf8(s.bytes).expect("UTF-8 seeds")))
        .collect();
    let files: Vec<(&str, &str)> = texts
        .iter()
        .map(|(path, text)| (path.as_str(), text.as_str()))
        .collect();
    assert_eq!(check_steps(&files), [0, 1, 2, 3, 4]);
}
