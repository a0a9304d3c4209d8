//! The app's analysis features, driven headlessly through egui_kittest:
//! node size by a graph measure, colour by community with its legend, and
//! the Plots panel (top entities, per-document charts) following the filters.

mod common;
mod ui;

use std::time::Duration;

use egui::{Event, Modifiers, PointerButton, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use newsgraph::app::{NewsgraphApp, Selection};
use newsgraph::charts;
use newsgraph::graph::stats::{EdgeWeighting, GraphStats};
use newsgraph::scene::{Camera, Emphasis, Scene, SceneInput, Style, Theme, shape_of};
use ui::seeds_app as harness;

/// Steps frames until the background thread has measured the view.
fn wait_for_stats(harness: &mut Harness<'static, NewsgraphApp>) {
    let (limit, pause) = (Duration::from_secs(10), Duration::from_millis(10));
    let what = "the measures never arrived";
    ui::step_until(harness, limit, pause, what, |app| {
        app.graph_stats().is_some()
    });
    harness.run_steps(2);
}

/// The accessible name of the chart whose name starts with `start`.
fn chart_label(harness: &Harness<'static, NewsgraphApp>, start: &str) -> String {
    let node = harness.get_by_label_contains(start);
    node.accesskit_node().label().unwrap_or_default()
}

/// The scene of the whole view, at a zoom where no node is clamped to the
/// smallest size, with the node sizes and colours the app chose.
fn scene(app: &NewsgraphApp) -> Scene {
    let style = Style::new(Theme::Light);
    let camera = Camera {
        center: [0.0, 0.0],
        zoom: 1.0,
        size: [4000.0, 4000.0],
    };
    let positions = vec![[0.0, 0.0]; app.view().nodes.len()];
    Scene::build(&SceneInput {
        analysis: app.analysis().unwrap(),
        view: app.view(),
        positions: &positions,
        style: &style,
        camera: &camera,
        emphasis: Emphasis::default(),
        look: app.node_look(),
    })
}

/// The measures of the app's view, computed here independently.
fn expected_stats(app: &NewsgraphApp) -> GraphStats {
    GraphStats::compute(
        app.analysis().unwrap(),
        app.filters(),
        app.view(),
        EdgeWeighting::Count,
    )
}

#[test]
fn the_plots_panel_lists_the_most_mentioned_entities_of_the_view() {
    let mut harness = harness();
    assert!(harness.query_by_label_contains("Top 15 entities").is_none());
    harness.get_by_label("Plots").click();
    harness.run_steps(3);
    let app = harness.state();
    let top = (0..app.view().nodes.len())
        .max_by(|&a, &b| {
            app.view().mentions[a]
                .cmp(&app.view().mentions[b])
                .then(b.cmp(&a))
        })
        .unwrap();
    let name = &app.analysis().unwrap().extraction.entities[app.view().nodes[top]].name;
    let label = chart_label(&harness, "Top 15 entities by mentions");
    let first = format!(": {name} {},", app.view().mentions[top]);
    assert!(label.contains(&first), "{label} starts with {first}");
    assert_eq!(label.matches(", ").count(), 14, "15 entities: {label}");

    // The View menu toggles it too.
    harness.get_by_label("View").click();
    harness.run_steps(2);
    harness.get_all_by_label("Plots").last().unwrap().click();
    harness.run_steps(3);
    assert!(harness.query_by_label_contains("Top 15 entities").is_none());
}

#[test]
fn clicking_a_bar_selects_its_entity() {
    let mut harness = harness();
    harness.get_by_label("Plots").click();
    harness.run_steps(3);
    let app = harness.state();
    let ranked = charts::top_entities(app.view(), None, Default::default(), 15).unwrap();
    let rect = harness
        .get_by_label_contains("Top 15 entities by mentions")
        .rect();
    // Rows are stacked top down, first entity on top; click the third.
    let row = rect.height() / ranked.len() as f32;
    let at = Pos2::new(rect.left() + 8.0, rect.top() + 2.5 * row);
    harness.event(Event::PointerMoved(at));
    for pressed in [true, false] {
        harness.event(Event::PointerButton {
            pos: at,
            button: PointerButton::Primary,
            pressed,
            modifiers: Modifiers::default(),
        });
    }
    harness.run_steps(3);
    assert_eq!(
        harness.state().selection(),
        Selection::Entity(ranked[2].entity)
    );
}

#[test]
fn size_by_pagerank_orders_the_nodes_by_pagerank() {
    let mut harness = harness();
    let by_mentions = scene(harness.state());
    harness.get_by_label("Size by").click();
    harness.run_steps(2);
    harness.get_by_label("PageRank").click();
    wait_for_stats(&mut harness);
    let app = harness.state();
    let stats = expected_stats(app);
    let radius: Vec<f32> = scene(app).nodes.iter().map(|n| n.radius).collect();
    let old: Vec<f32> = by_mentions.nodes.iter().map(|n| n.radius).collect();
    assert_eq!(radius.len(), stats.nodes.len());
    let pagerank = |n: usize| stats.nodes[n].pagerank;
    let mut reordered = false;
    for a in 0..radius.len() {
        for b in 0..radius.len() {
            if pagerank(a) > pagerank(b) {
                assert!(radius[a] > radius[b], "nodes {a} and {b}");
                reordered |= old[a] < old[b];
            }
        }
    }
    assert!(reordered, "PageRank orders some nodes unlike mentions");
}

#[test]
fn colour_by_community_colours_each_community_and_lists_them() {
    let mut harness = harness();
    harness.get_by_label("community").click();
    wait_for_stats(&mut harness);
    let app = harness.state();
    let stats = expected_stats(app);
    assert_eq!(app.graph_stats(), Some(&stats));
    let scene = scene(app);
    let entities = &app.analysis().unwrap().extraction.entities;
    for a in &scene.nodes {
        let kind = entities[app.view().nodes[a.node]].kind;
        assert_eq!(a.shape, shape_of(kind), "shapes still tell the kind");
        for b in &scene.nodes {
            let same = stats.nodes[a.node].community == stats.nodes[b.node].community;
            assert_eq!(a.fill == b.fill, same, "nodes {} and {}", a.node, b.node);
        }
    }
    assert!(stats.community_count > 1);
    harness.get_by_label(&format!("{} communities", stats.community_count));
    // The largest community comes first, with its size.
    let mut sizes = vec![0; stats.community_count];
    for n in &stats.nodes {
        sizes[n.community] += 1;
    }
    let largest = sizes.iter().max().unwrap();
    harness.get_by_label_contains(&format!("1. {largest} entities: "));
}

#[test]
fn plots_follow_the_documents_left_out() {
    let mut harness = harness();
    harness.get_by_label("Plots").click();
    harness.run_steps(2);
    harness.get_by_label("Mentions per document").click();
    harness.run_steps(3);
    let before = chart_label(&harness, "Mentions per document:");
    assert!(before.contains("#3 "), "{before}");
    let title = harness.state().analysis().unwrap().corpus.documents[2]
        .title
        .clone();
    harness
        .get_by_label(&format!("Include “{title}” in the graph"))
        .click();
    harness.run_steps(3);
    let after = chart_label(&harness, "Mentions per document:");
    assert!(!after.contains("#3 "), "{after}");
    let app = harness.state();
    let expected = charts::mentions_by_kind(app.analysis().unwrap(), app.view());
    assert_eq!(expected.docs, [0, 1, 3, 4]);
    let totals: Vec<String> = expected
        .docs
        .iter()
        .zip(expected.totals())
        .map(|(d, t)| format!("#{} {t}", d + 1))
        .collect();
    assert_eq!(
        after,
        format!("Mentions per document: {}", totals.join(", "))
    );
    assert_ne!(before, after);
}
