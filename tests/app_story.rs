//! Story playback and the path finder, driven through the real app with
//! egui_kittest, and the scene's path highlight and fade-in.

mod common;
mod ui;

use egui::Key;
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use newsgraph::app::NewsgraphApp;
use newsgraph::extract::Kind;
use newsgraph::graph::path::shortest_path;
use newsgraph::graph::timeline::{filters_as_of, timeline_order};
use newsgraph::graph::view::{Filters, GraphView};
use newsgraph::scene::{Camera, Emphasis, NodeLook, Scene, SceneInput, Style, Theme};
use ui::seeds_app as harness;

fn entity(name: &str) -> usize {
    let a = common::seeds();
    let id = &common::entity(a, name).id;
    a.extraction.entity_index(id).expect("index")
}

/// The entities the seeds' graph shows after the first `k` documents.
fn nodes_as_of(k: usize) -> Vec<usize> {
    let a = common::seeds();
    let filters = filters_as_of(&Filters::default(), &timeline_order(&a.corpus), k);
    GraphView::build(a, &filters).nodes
}

/// Moves the playback slider to step `k`.
fn set_step(harness: &mut Harness<'static, NewsgraphApp>, k: usize) {
    let slider = By::new().label("documents shown").role(Role::Slider);
    harness.get(slider).set_value_accesskit(k as f64);
    harness.run_steps(2);
}

fn start_playback(harness: &mut Harness<'static, NewsgraphApp>) {
    harness.get_by_label("Story").click();
    // The bar settles its height on its second frame.
    harness.run_steps(3);
    assert!(harness.state().playback_active());
}

#[test]
fn each_playback_step_shows_the_graph_of_the_documents_so_far() {
    let mut harness = harness();
    let all = harness.state().view().nodes.clone();
    start_playback(&mut harness);
    assert_eq!(harness.state().playback_step(), 1);
    let mut counts = Vec::new();
    for k in [0, 1, 2, 3, 4, 5, 2] {
        set_step(&mut harness, k);
        assert_eq!(harness.state().playback_step(), k);
        assert_eq!(harness.state().view().nodes, nodes_as_of(k), "step {k}");
        counts.push(harness.state().view().nodes.len());
    }
    assert_eq!(counts[0], 0, "no document, no node");
    assert!(
        counts.windows(2).take(5).all(|w| w[0] < w[1]),
        "every seed adds entities: {counts:?}"
    );
    assert_eq!(counts[5], all.len(), "the last step shows the whole graph");
    harness.get_by_label("Stop playback").click();
    harness.run_steps(2);
    assert!(!harness.state().playback_active());
    assert_eq!(
        harness.state().view().nodes,
        all,
        "stopping restores the graph"
    );
}

#[test]
fn arrows_and_buttons_step_the_story_and_show_its_document() {
    let mut harness = harness();
    let order = timeline_order(&common::seeds().corpus);
    start_playback(&mut harness);
    harness.key_press(Key::ArrowRight);
    harness.run_steps(2);
    assert_eq!(harness.state().playback_step(), 2);
    assert_eq!(harness.state().view().nodes, nodes_as_of(2));
    assert_eq!(harness.state().shown_document(), order[1]);
    harness.get_by_label("Forward ›").click();
    harness.run_steps(2);
    assert_eq!(harness.state().playback_step(), 3);
    harness.key_press(Key::ArrowLeft);
    harness.run_steps(2);
    harness.get_by_label("‹ Back").click();
    harness.run_steps(2);
    assert_eq!(harness.state().playback_step(), 1);
    assert_eq!(harness.state().shown_document(), order[0]);
    harness.get_by_label_contains("Document 1 of 5 · undated · Blinken Meets With NATO");
}

#[test]
fn nodes_that_stay_keep_their_places_and_new_ones_start_near_neighbours() {
    let mut harness = harness();
    start_playback(&mut harness);
    harness.run_steps(20);
    harness.get_by_label("Pause layout").click();
    harness.run_steps(2);
    let app = harness.state();
    let before: Vec<(usize, [f32; 2])> = app
        .view()
        .nodes
        .iter()
        .zip(app.layout_positions())
        .map(|(&e, &p)| (e, p))
        .collect();
    harness.key_press(Key::ArrowRight);
    harness.run_steps(2);
    let app = harness.state();
    let view = app.view();
    let at = |e: usize| view.node_of(e).map(|n| app.layout_positions()[n]);
    for &(e, p) in &before {
        assert_eq!(at(e), Some(p), "entity {e} stays where it was");
    }
    let old: Vec<usize> = before.iter().map(|&(e, _)| e).collect();
    let mut placed = 0;
    for (n, &e) in view.nodes.iter().enumerate() {
        let kept: Vec<[f32; 2]> = view
            .neighbours(n)
            .map(|(o, _)| view.nodes[o])
            .filter(|o| old.contains(o))
            .filter_map(at)
            .collect();
        if old.contains(&e) || kept.is_empty() {
            continue;
        }
        let count = kept.len() as f32;
        let mean = kept.iter().fold([0.0, 0.0], |m, q| {
            [m[0] + q[0] / count, m[1] + q[1] / count]
        });
        let p = app.layout_positions()[n];
        let off = ((p[0] - mean[0]).powi(2) + (p[1] - mean[1]).powi(2)).sqrt();
        assert!(
            off < 90.0,
            "entity {e} starts {off} from its neighbours' mean"
        );
        placed += 1;
    }
    assert!(placed >= 10, "{placed} new nodes checked");
}

#[test]
fn new_nodes_fade_in() {
    let mut harness = harness();
    start_playback(&mut harness);
    harness.run_steps(6);
    assert!(harness.state().emphasis().node_opacity.is_empty());
    let old = harness.state().view().nodes.clone();
    harness.key_press(Key::ArrowRight);
    harness.run_steps(1);
    let app = harness.state();
    let opacity = app.emphasis().node_opacity;
    assert_eq!(opacity.len(), app.view().nodes.len());
    for (n, e) in app.view().nodes.iter().enumerate() {
        if old.contains(e) {
            assert_eq!(opacity[n], 1.0, "a node that stays is opaque");
        } else {
            assert!(opacity[n] < 0.5, "a new node is faint at first");
        }
    }
    assert!(app.emphasis().edge_opacity.iter().any(|&a| a < 0.5));
    // Each step of the harness is a quarter of a second.
    harness.run_steps(3);
    assert!(harness.state().emphasis().node_opacity.is_empty());
}

#[test]
fn play_advances_a_document_every_second_and_a_half_until_the_end() {
    let mut harness = harness();
    start_playback(&mut harness);
    harness.get_by_label("Play").click();
    // The click, then the frame that runs its command.
    harness.run_steps(2);
    assert!(harness.state().playback_playing());
    harness.run_steps(4);
    assert_eq!(harness.state().playback_step(), 1, "not yet");
    harness.run_steps(2);
    assert_eq!(harness.state().playback_step(), 2);
    harness.run_steps(6);
    assert_eq!(harness.state().playback_step(), 3);
    harness.get_by_label("Pause").click();
    harness.run_steps(12);
    assert_eq!(harness.state().playback_step(), 3, "paused");
    harness.key_press(Key::P);
    harness.run_steps(20);
    assert_eq!(harness.state().playback_step(), 5);
    assert!(!harness.state().playback_playing(), "stops at the end");
    assert_eq!(harness.state().view().nodes, nodes_as_of(5));
}

#[test]
fn presentation_mode_keeps_the_playback_bar() {
    let mut harness = harness();
    harness.key_press(Key::T);
    harness.run_steps(2);
    assert!(harness.state().playback_active(), "T starts playback");
    harness.key_press(Key::F11);
    harness.run_steps(3);
    assert!(harness.state().presentation());
    assert!(harness.query_by_label("Documents").is_none());
    harness.get_by_label("Play");
    harness.get_by_label_contains("Document 1 of 5");
    harness.key_press(Key::ArrowRight);
    harness.run_steps(2);
    assert_eq!(harness.state().playback_step(), 2);
}

/// Selects `from` by search, opens the path finder from the inspector and
/// asks for the path to `to`.
fn find_path(harness: &mut Harness<'static, NewsgraphApp>, from: &str, to: &str) {
    harness.get_by_label("Search").focus();
    harness.get_by_label("Search").type_text(from);
    harness.run_steps(3);
    harness.get_by_label("Path to…").click();
    harness.run_steps(2);
    harness.get_by_label("To").type_text(to);
    harness.run_steps(2);
    harness.get_by_label("Show path").click();
    harness.run_steps(2);
}

#[test]
fn the_path_finder_lists_hops_with_sentences_and_highlights_them() {
    let mut harness = harness();
    find_path(&mut harness, "Baerbock", "Lavrov");
    let (baerbock, lavrov) = (entity("Annalena Baerbock"), entity("Sergei Lavrov"));
    let seeds = common::seeds();
    let app = harness.state();
    let found = app.found_path().expect("a path");
    assert_eq!((found.from, found.to), (baerbock, lavrov));
    let hops = found.hops.clone().expect("connected");
    assert_eq!(
        Some(&hops),
        shortest_path(seeds, app.view(), baerbock, lavrov).as_ref()
    );
    assert_eq!(hops.len(), 2);
    for hop in &hops {
        let evidence = hop.evidence.expect("a sentence");
        let sentence = seeds.evidence_text(&evidence);
        assert!(!sentence.is_empty());
        // Listed by the path finder (the inspector may list it too).
        assert!(harness.query_all_by_label(sentence).next().is_some());
    }

    let view = app.view();
    let emphasis = app.emphasis();
    let chain: Vec<usize> = [hops[0].from, hops[0].to, hops[1].to]
        .iter()
        .map(|&e| view.node_of(e).expect("shown"))
        .collect();
    assert_eq!(emphasis.path_nodes, chain);
    assert!(!emphasis.path_edges.is_empty());
    for &e in emphasis.path_edges {
        let edge = view.edges[e];
        assert!(
            chain
                .windows(2)
                .any(|p| [p[0], p[1]] == [edge.a, edge.b] || [p[1], p[0]] == [edge.a, edge.b])
        );
    }
    assert_eq!(
        emphasis.node, None,
        "the path stands out, not the selection"
    );

    let second = hops[1].evidence.expect("a sentence");
    harness
        .get_by_label(seeds.evidence_text(&second))
        .click_accesskit();
    harness.run_steps(2);
    assert_eq!(harness.state().shown_document(), second.doc());
}

#[test]
fn unconnected_entities_have_no_path() {
    let mut harness = harness();
    find_path(&mut harness, "Baerbock", "Larissa Cursaro");
    let app = harness.state();
    assert_eq!(app.found_path().expect("asked").hops, None);
    assert!(app.emphasis().path_nodes.is_empty());
    harness.get_by_label(
        "No path between Annalena Baerbock and Larissa Cursaro in the graph as shown.",
    );
}

#[test]
fn the_path_uses_the_graph_as_shown() {
    let mut harness = harness();
    start_playback(&mut harness);
    find_path(&mut harness, "Baerbock", "Lavrov");
    assert_eq!(harness.state().found_path().expect("asked").hops, None);
    harness.get_by_label("No path: Sergei Lavrov is not in the graph as shown.");
    // Playing on to the document that names him finds the path.
    set_step(&mut harness, 5);
    let found = harness.state().found_path().expect("asked");
    assert!(found.hops.as_ref().is_some_and(|h| !h.is_empty()));
}

#[test]
fn a_path_stands_out_and_new_nodes_are_faint_in_the_scene() {
    let (analysis, view) = common::hand_made(
        &[
            ("Chile", Kind::Country, 4),
            ("Peru", Kind::Country, 4),
            ("Bolivia", Kind::Country, 4),
            ("Ecuador", Kind::Country, 4),
        ],
        &[(0, 1, 1), (1, 2, 1), (2, 3, 1)],
    );
    let positions = [[0.0, 0.0], [100.0, 0.0], [200.0, 0.0], [300.0, 0.0]];
    let style = Style::new(Theme::Light);
    let camera = Camera::fit([0.0, -50.0], [300.0, 50.0], [800.0, 400.0], 40.0);
    let scene = |emphasis: Emphasis| {
        Scene::build(&SceneInput {
            analysis: &analysis,
            view: &view,
            positions: &positions,
            style: &style,
            camera: &camera,
            emphasis,
            look: NodeLook::default(),
        })
    };
    let plain = scene(Emphasis::default());
    let path = scene(Emphasis {
        path_nodes: &[0, 1],
        path_edges: &[0],
        ..Emphasis::default()
    });
    let edge = |s: &Scene, e: usize| s.edges.iter().find(|x| x.edge == e).cloned().unwrap();
    let node = |s: &Scene, n: usize| s.nodes.iter().find(|x| x.node == n).cloned().unwrap();
    assert!(edge(&path, 0).width > 2.0 * edge(&plain, 0).width);
    assert_eq!(edge(&path, 0).color, style.palette.selection);
    assert!(
        edge(&path, 2).color.3 < edge(&plain, 2).color.3,
        "off the path dims"
    );
    assert_eq!(node(&path, 1).fill, node(&plain, 1).fill);
    assert!(node(&path, 3).fill.3 < node(&plain, 3).fill.3);

    let fading = scene(Emphasis {
        node_opacity: &[1.0, 1.0, 1.0, 0.5],
        edge_opacity: &[1.0, 1.0, 0.0],
        ..Emphasis::default()
    });
    assert_eq!(node(&fading, 3).fill.3, node(&plain, 3).fill.3 / 2);
    assert_eq!(node(&fading, 2).fill, node(&plain, 2).fill);
    assert_eq!(edge(&fading, 2).color.3, 0);
}
