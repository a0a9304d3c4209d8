//! The real app, driven headlessly through egui_kittest: widgets are found by
//! their labels and clicked or typed into, then the app's state is checked.

mod common;

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use newsgraph::app::{NewsgraphApp, Selection};
use newsgraph::extract::Kind;

fn harness() -> Harness<'static, NewsgraphApp> {
    let app = NewsgraphApp::with_analysis(common::seeds().clone());
    let mut harness = Harness::builder()
        .with_size([1500.0, 920.0])
        .build_ui_state(|ui, app: &mut NewsgraphApp| app.frame_ui(ui), app);
    harness.run_steps(3);
    harness
}

fn entity(app: &NewsgraphApp, name: &str) -> usize {
    let analysis = app.analysis().unwrap();
    let e = analysis
        .extraction
        .entities
        .iter()
        .position(|e| e.name == name);
    e.unwrap_or_else(|| panic!("no {name}"))
}

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
