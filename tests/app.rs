//! The real app, driven headlessly through egui_kittest: widgets are found by
//! their labels and clicked or typed into, then the app's state is checked.

mod common;
mod ui;

use egui_kittest::kittest::Queryable;
use newsgraph::app::{NewsgraphApp, Selection};
use newsgraph::extract::Kind;
use ui::{entity, seeds_app as harness};

#[test]
fn starts_on_the_seeds_with_nodes_and_documents() {
    let harness = harness();
    let app = harness.state();
    assert_eq!(app.analysis().unwrap().corpus.documents.len(), 5);
    assert!(
        app.view().nodes.len() >= 45,
        "{} nodes",
        app.view().nodes.len()
    );
    assert!(app.view().edges.len() > 100);
    for title in [
        "NATO meets to discuss Russia",
        "NATO Hopes to Meet With Russia in January",
    ] {
        assert!(
            harness.get_all_by_label_contains(title).count() >= 1,
            "{title} listed"
        );
    }
}

#[test]
fn typing_an_alias_in_search_selects_the_entity() {
    let mut harness = harness();
    harness.get_by_label("Search").focus();
    harness.get_by_label("Search").type_text("Lavrov");
    harness.run_steps(3);
    let lavrov = entity(harness.state(), "Sergei Lavrov");
    assert_eq!(harness.state().selection(), Selection::Entity(lavrov));
    // The inspector shows the entity's roles.
    harness.get_by_label_contains("Foreign Minister of Russia");
}

#[test]
fn toggling_a_kind_removes_its_nodes() {
    let mut harness = harness();
    let officials = |app: &NewsgraphApp| {
        let a = app.analysis().unwrap();
        app.view()
            .nodes
            .iter()
            .filter(|&&e| a.extraction.entities[e].kind == Kind::Official)
            .count()
    };
    assert!(officials(harness.state()) >= 10);
    harness.get_by_label("official").click();
    harness.run_steps(3);
    assert_eq!(officials(harness.state()), 0);
    assert!(!harness.state().filters().shows(Kind::Official));
    assert!(!harness.state().view().nodes.is_empty(), "other kinds stay");
    harness.get_by_label("official").click();
    harness.run_steps(3);
    assert!(officials(harness.state()) >= 10);
}

#[test]
fn clicking_a_mention_selects_its_entity() {
    let mut harness = harness();
    harness
        .get_all_by_label("Annalena Baerbock")
        .next()
        .unwrap()
        .click();
    harness.run_steps(3);
    let baerbock = entity(harness.state(), "Annalena Baerbock");
    assert_eq!(harness.state().selection(), Selection::Entity(baerbock));
    harness.get_by_label_contains("Foreign Minister of Germany");
}

#[test]
fn selecting_an_edge_shows_its_evidence_and_opens_the_document() {
    let mut harness = harness();
    harness.get_by_label("Search").focus();
    harness.get_by_label("Search").type_text("Norway");
    harness.run_steps(3);
    // The neighbour list may be scrolled out of sight: use the accessibility action.
    harness
        .get_by_label_contains("Jens Stoltenberg (")
        .click_accesskit();
    harness.run_steps(3);
    let (norway, stoltenberg) = (
        entity(harness.state(), "Norway"),
        entity(harness.state(), "Jens Stoltenberg"),
    );
    assert_eq!(
        harness.state().selection(),
        Selection::edge(norway, stoltenberg)
    );
    assert_eq!(
        harness.state().shown_document(),
        2,
        "searching opens a document that mentions the entity"
    );
    // In the documents list, a title is followed by its entity count.
    harness
        .get_by_label_contains("Russia’s Military Along Ukrainian Border (")
        .click();
    harness.run_steps(3);
    assert_eq!(harness.state().shown_document(), 0);
    let evidence = "For the Secretary General of NATO, the Norwegian Jens Stoltenberg";
    harness.get_by_label_contains(evidence).click_accesskit();
    harness.run_steps(3);
    assert_eq!(
        harness.state().shown_document(),
        2,
        "the evidence's document opens"
    );
}

#[test]
fn filters_keep_the_positions_of_nodes_that_stay() {
    let mut harness = harness();
    harness.run_steps(30);
    harness.get_by_label("Pause layout").click();
    harness.run_steps(2);
    let position =
        |app: &NewsgraphApp, e: usize| app.view().node_of(e).map(|n| app.layout_positions()[n]);
    let russia = entity(harness.state(), "Russia");
    let crimea = entity(harness.state(), "Crimea");
    let before = position(harness.state(), russia).unwrap();
    harness.get_by_label("place").click();
    harness.run_steps(2);
    assert_eq!(position(harness.state(), crimea), None, "places are hidden");
    assert_eq!(position(harness.state(), russia), Some(before));
}

#[test]
fn keyboard_shortcuts_do_what_the_help_says() {
    use egui::Key;
    let mut harness = harness();
    harness.key_press(Key::F1);
    harness.run_steps(2);
    for (_, _, what) in newsgraph::app::SHORTCUTS {
        assert!(
            harness.query_all_by_label(what).next().is_some(),
            "the help lists “{what}”"
        );
    }

    harness.key_press(Key::ArrowRight);
    harness.run_steps(2);
    assert_eq!(
        harness.state().shown_document(),
        1,
        "→ shows the next document"
    );
    harness.key_press(Key::ArrowLeft);
    harness.run_steps(2);
    assert_eq!(harness.state().shown_document(), 0, "← the previous one");

    let zoom = harness.state().canvas_zoom();
    harness.key_press(Key::Plus);
    harness.run_steps(2);
    assert!(harness.state().canvas_zoom() > zoom, "+ zooms in");

    harness.key_press(Key::Space);
    harness.run_steps(2);
    assert!(harness.state().layout_paused(), "Space pauses the layout");

    harness.get_by_label("Search").focus();
    harness.get_by_label("Search").type_text("Lavrov");
    harness.run_steps(3);
    assert_ne!(harness.state().selection(), Selection::None);
    harness.key_press(Key::Escape);
    harness.run_steps(2);
    assert_eq!(
        harness.state().selection(),
        Selection::None,
        "Esc clears it"
    );
}

#[test]
fn presentation_mode_hides_the_side_panels() {
    let mut harness = harness();
    assert!(harness.query_by_label("Documents").is_some());
    harness.key_press(egui::Key::F11);
    harness.run_steps(3);
    assert!(harness.state().presentation());
    assert!(harness.query_by_label("Documents").is_none());
    assert!(harness.query_by_label("Filters").is_none());
    harness.get_by_label("Exit presentation").click();
    harness.run_steps(3);
    assert!(!harness.state().presentation());
    assert!(harness.query_by_label("Documents").is_some());
}

#[test]
fn the_theme_switches_from_the_view_menu() {
    let mut harness = harness();
    assert_eq!(harness.state().theme(), newsgraph::scene::Theme::Light);
    harness.get_by_label("View").click();
    harness.run_steps(2);
    harness.get_by_label("Dark theme").click();
    harness.run_steps(2);
    assert_eq!(harness.state().theme(), newsgraph::scene::Theme::Dark);
}
