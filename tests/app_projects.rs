//! Corrections and projects in the real app, driven headlessly through
//! egui_kittest: merging, renaming and hiding from the inspector with undo,
//! saving a project through the save window and opening it in a fresh app,
//! bad project files, the unsaved-changes flag and prompt, the gazetteer,
//! and a project whose co-mention window would make too large a graph.

mod common;
mod ui;

use std::collections::BTreeSet;
use std::path::Path;
use std::time::Duration;

use egui::{Key, Modifiers, ViewportCommand, ViewportEvent, ViewportId};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use newsgraph::app::{Command, EditCommand, NewsgraphApp, ProjectCommand, Selection};
use newsgraph::graph::Window;
use newsgraph::project::Project;
use ui::{entity, seeds_app as harness};

/// Steps until nothing runs in the background any more.
fn settle(harness: &mut Harness<'static, NewsgraphApp>) {
    // The first frame carries out what the test just asked for.
    harness.step();
    let (limit, pause) = (Duration::from_secs(30), Duration::from_millis(5));
    let what = "background work did not finish";
    ui::step_until(harness, limit, pause, what, |app| !app.busy());
    harness.run_steps(2);
}

fn has_entity(app: &NewsgraphApp, name: &str) -> bool {
    let entities = &app.analysis().unwrap().extraction.entities;
    entities.iter().any(|e| e.name == name)
}

/// The names of the nodes shown.
fn node_names(app: &NewsgraphApp) -> BTreeSet<String> {
    let entities = &app.analysis().unwrap().extraction.entities;
    let nodes = app.view().nodes.iter();
    nodes.map(|&e| entities[e].name.clone()).collect()
}

/// The names of the entities co-mentioned with `name` in the view.
fn neighbours(app: &NewsgraphApp, name: &str) -> BTreeSet<String> {
    let entities = &app.analysis().unwrap().extraction.entities;
    let view = app.view();
    let node = view.node_of(entity(app, name)).unwrap();
    let names = view.neighbours(node).map(|(n, _)| view.nodes[n]);
    names.map(|e| entities[e].name.clone()).collect()
}

fn mentions(app: &NewsgraphApp, name: &str) -> usize {
    let analysis = app.analysis().unwrap();
    analysis.extraction.mention_counts()[entity(app, name)]
}

fn position(app: &NewsgraphApp, name: &str) -> Option<[f32; 2]> {
    let node = app.view().node_of(entity(app, name))?;
    Some(app.layout_positions()[node])
}

/// Selects an entity by typing its name in the search field.
fn select(harness: &mut Harness<'static, NewsgraphApp>, name: &str) {
    harness
        .get_by_label("Search")
        .set_text_value_accesskit(name);
    harness.run_steps(3);
    let e = entity(harness.state(), name);
    assert_eq!(harness.state().selection(), Selection::Entity(e), "{name}");
}

/// Clicks the widget labelled `label` (a menu item's label may end in its
/// shortcut) and lets the UI answer.
fn click(harness: &mut Harness<'static, NewsgraphApp>, label: &str) {
    let nodes = harness.query_all_by_label_contains(label);
    let starts = |n: &egui_kittest::Node<'_>| {
        use egui_kittest::kittest::NodeT;
        let text = n.accesskit_node().label().unwrap_or_default();
        text == label || text.starts_with(&format!("{label} Ctrl+"))
    };
    let mut found: Vec<_> = nodes.filter(starts).collect();
    assert_eq!(found.len(), 1, "one widget labelled “{label}”");
    found.remove(0).click();
    harness.run_steps(3);
}

fn undo(harness: &mut Harness<'static, NewsgraphApp>) {
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    settle(harness);
}

fn close_window(harness: &mut Harness<'static, NewsgraphApp>) -> Vec<ViewportCommand> {
    let viewport = harness.input_mut().viewports.entry(ViewportId::ROOT);
    viewport.or_default().events.push(ViewportEvent::Close);
    harness.step();
    sent(harness)
}

/// The viewport commands the app sent in the last frame.
fn sent(harness: &Harness<'static, NewsgraphApp>) -> Vec<ViewportCommand> {
    let output = harness.output().viewport_output.get(&ViewportId::ROOT);
    output.map(|o| o.commands.clone()).unwrap_or_default()
}

#[test]
fn merging_through_the_inspector_joins_mentions_and_edges_and_undo_restores() {
    let mut harness = harness();
    click(&mut harness, "Pause layout");
    let app = harness.state();
    let nodes = node_names(app);
    let edges = app.view().edges.len();
    let (us, embassy) = ("United States", "US Embassy");
    let sum = mentions(app, us) + mentions(app, embassy);
    let mut union: BTreeSet<String> = &neighbours(app, us) | &neighbours(app, embassy);
    union.remove(us);
    union.remove(embassy);
    let kept_at = position(app, us).unwrap();

    select(&mut harness, embassy);
    click(&mut harness, "Merge into…");
    harness.get_by_label("Merge into").type_text("United");
    harness.run_steps(2);
    click(&mut harness, "United States (country)");
    settle(&mut harness);

    let app = harness.state();
    assert!(!has_entity(app, embassy));
    let merged = entity(app, us);
    let mut expected = nodes.clone();
    expected.remove(embassy);
    assert_eq!(node_names(app), expected);
    assert_eq!(mentions(app, us), sum);
    assert_eq!(neighbours(app, us), union);
    assert_eq!(position(app, us), Some(kept_at), "the kept node stays put");
    // The selection follows the merged entity, so the viewer highlights
    // its mentions, the ones written "US Embassy" among them.
    assert_eq!(app.selection(), Selection::Entity(merged));
    let analysis = app.analysis().unwrap();
    let written = |m: &&newsgraph::extract::Mention| {
        &analysis.corpus.documents[m.doc()].text[m.range()] == embassy
    };
    let embassy_mentions: Vec<_> = analysis
        .extraction
        .mentions
        .iter()
        .filter(written)
        .collect();
    assert!(!embassy_mentions.is_empty());
    assert!(embassy_mentions.iter().all(|m| m.entity() == merged));

    click(&mut harness, "Edit");
    let undo_label = "Undo Merge “US Embassy” into “United States”";
    assert_eq!(harness.query_all_by_label_contains(undo_label).count(), 1);
    harness.key_press(Key::Escape);
    harness.run_steps(1);

    // Help lists Ctrl+Z for undo, and Ctrl+Z undoes.
    harness.key_press(Key::F1);
    harness.run_steps(2);
    harness.get_by_label("Undo the last correction");
    harness.get_by_label("Ctrl+Z");
    undo(&mut harness);
    let app = harness.state();
    assert_eq!(node_names(app), nodes);
    assert_eq!(app.view().edges.len(), edges);
    assert_eq!(mentions(app, embassy) + mentions(app, us), sum);
    assert!(app.corrections().ops.is_empty());

    // Redo, with either shortcut.
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    settle(&mut harness);
    assert!(!has_entity(harness.state(), embassy), "Ctrl+Shift+Z redoes");
    undo(&mut harness);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    settle(&mut harness);
    assert!(!has_entity(harness.state(), embassy), "Ctrl+Y redoes");
}

#[test]
fn renaming_and_hiding_work_and_undo() {
    let mut harness = harness();
    let mentions_before = mentions(harness.state(), "Annalena Baerbock");
    select(&mut harness, "Annalena Baerbock");
    click(&mut harness, "Rename…");
    // The current name is offered, selected: typing replaces it.
    harness
        .get_by_label("New name")
        .type_text("Minister Baerbock");
    harness.run_steps(1);
    click(&mut harness, "Rename");
    settle(&mut harness);
    let app = harness.state();
    let renamed = entity(app, "Minister Baerbock");
    let record = &app.analysis().unwrap().extraction.entities[renamed];
    assert!(record.aliases.contains(&"Annalena Baerbock".to_owned()));
    assert_eq!(mentions(app, "Minister Baerbock"), mentions_before);
    assert_eq!(app.selection(), Selection::Entity(renamed));
    assert!(node_names(app).contains("Minister Baerbock"));
    undo(&mut harness);
    assert!(has_entity(harness.state(), "Annalena Baerbock"));
    assert!(!has_entity(harness.state(), "Minister Baerbock"));

    let crimea = entity(harness.state(), "Crimea");
    select(&mut harness, "Crimea");
    click(&mut harness, "Hide");
    settle(&mut harness);
    assert!(!node_names(harness.state()).contains("Crimea"));
    assert!(harness.state().filters().hidden.contains(&crimea));
    // The hidden list unhides it.
    harness.key_press(Key::Escape);
    click(&mut harness, "Edit");
    click(&mut harness, "Hidden entities (1)…");
    harness.get_by_label("Crimea (place)");
    click(&mut harness, "Unhide");
    settle(&mut harness);
    assert!(node_names(harness.state()).contains("Crimea"));
    undo(&mut harness);
    assert!(
        !node_names(harness.state()).contains("Crimea"),
        "undo hides it again"
    );
    undo(&mut harness);
    assert!(node_names(harness.state()).contains("Crimea"));
    assert!(harness.state().corrections().ops.is_empty());
}

/// Drags a node by a little on the canvas, which pins it.
fn drag_node(harness: &mut Harness<'static, NewsgraphApp>, e: usize) {
    let from = harness.state().node_on_screen(e).unwrap();
    harness.hover_at(from);
    harness.run_steps(1);
    harness.drag_at(from);
    harness.run_steps(1);
    for step in 1..=12 {
        harness.hover_at(from + egui::vec2(4.0 * step as f32, 3.0 * step as f32));
        harness.run_steps(1);
    }
    harness.drop_at(from + egui::vec2(48.0, 36.0));
    harness.run_steps(2);
}

fn save_through_the_window(harness: &mut Harness<'static, NewsgraphApp>, path: &Path) {
    click(harness, "File");
    click(harness, "Save project as…");
    harness
        .get_by_label("Project file")
        .set_text_value_accesskit(&path.display().to_string());
    harness.run_steps(1);
    click(harness, "Save");
    settle(harness);
}

#[test]
fn a_saved_project_opens_in_a_fresh_app_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("class.newsgraph");
    let mut harness = harness();
    click(&mut harness, "Pause layout");
    click(&mut harness, "place");
    let russia = entity(harness.state(), "Russia");
    drag_node(&mut harness, russia);
    let (view, layout) = (harness.state().view(), harness.state().layout_positions());
    let node = view.node_of(russia).unwrap();
    let pinned_at = layout[node];
    assert!(harness.state().is_dirty(), "a pinned node is unsaved");
    select(&mut harness, "US Embassy");
    click(&mut harness, "Hide");
    settle(&mut harness);
    select(&mut harness, "Sergei Lavrov");
    assert!(harness.state().is_dirty());
    assert!(harness.state().window_title().starts_with("• "));

    save_through_the_window(&mut harness, &path);
    let app = harness.state();
    assert_eq!(app.project_path(), Some(path.as_path()));
    assert!(!app.is_dirty());
    assert_eq!(app.window_title(), "class.newsgraph — newsgraph");
    assert_eq!(app.recent_projects(), std::slice::from_ref(&path));
    let saved = app.project(false).unwrap();
    assert_eq!(saved.pinned["russia"], pinned_at);
    assert_eq!(saved.corrections.ops.len(), 1);
    let nodes = node_names(app);

    let mut fresh = self::harness();
    fresh
        .state_mut()
        .push_command(Command::Project(ProjectCommand::OpenAt(path.clone())));
    settle(&mut fresh);
    let app = fresh.state();
    let mut opened = app.project(false).unwrap();
    // The canvas's size follows the panels around it; the view does not.
    let (camera, was) = (opened.camera.take().unwrap(), saved.camera.unwrap());
    assert_eq!((camera.center, camera.zoom), (was.center, was.zoom));
    assert_eq!(
        opened,
        Project {
            camera: None,
            ..saved
        }
    );
    assert_eq!(node_names(app), nodes);
    assert!(!nodes.contains("US Embassy") && !nodes.contains("Crimea"));
    assert_eq!(
        app.selection(),
        Selection::Entity(entity(app, "Sergei Lavrov"))
    );
    assert!(!app.filters().shows(newsgraph::extract::Kind::Place));
    assert_eq!(app.project_path(), Some(path.as_path()));
    assert!(!app.is_dirty());

    // Ctrl+S saves a changed project to its file at once.
    click(&mut fresh, "organization");
    assert!(fresh.state().is_dirty(), "a filter change is unsaved");
    fresh.key_press_modifiers(Modifiers::COMMAND, Key::S);
    settle(&mut fresh);
    assert!(!fresh.state().is_dirty());
    let reread = Project::load(&path).unwrap();
    let kinds = &reread.filters.kinds;
    assert!(!kinds.contains(&newsgraph::extract::Kind::Organization));
}

#[test]
fn an_embedded_project_opens_without_its_files() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("embedded.newsgraph");
    let mut harness = harness();
    click(&mut harness, "File");
    click(&mut harness, "Save project as…");
    harness
        .get_by_label("Project file")
        .set_text_value_accesskit(&path.display().to_string());
    click(&mut harness, "Embed article texts");
    click(&mut harness, "Save");
    settle(&mut harness);
    let project = Project::load(&path).unwrap();
    let embedded = project.corpus.embedded.expect("texts embedded");
    assert_eq!(embedded.len(), 5);

    let mut fresh = self::harness();
    let open = Command::Project(ProjectCommand::OpenAt(path.clone()));
    fresh.state_mut().push_command(open);
    settle(&mut fresh);
    let docs = &fresh.state().analysis().unwrap().corpus.documents;
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    let seeds = &common::seeds().corpus.documents;
    assert_eq!(
        texts,
        seeds.iter().map(|d| d.text.as_str()).collect::<Vec<_>>()
    );
}

#[test]
fn a_bad_project_file_is_reported_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut harness = harness();
    let nodes = node_names(harness.state());
    let cases = [
        (
            "cut.newsgraph",
            "{\"format\": \"newsgraph-project\", \"ver",
            "truncated",
        ),
        (
            "newer.newsgraph",
            r#"{"format": "newsgraph-project", "version": 9}"#,
            "project version 9 is newer than this newsgraph",
        ),
    ];
    for (name, text, message) in cases {
        let path = dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let open = Command::Project(ProjectCommand::OpenAt(path));
        harness.state_mut().push_command(open);
        settle(&mut harness);
        harness.get_by_label_contains(message);
        assert_eq!(node_names(harness.state()), nodes);
        assert_eq!(harness.state().project_path(), None);
    }
}

#[test]
fn unsaved_changes_mark_the_title_and_are_asked_about() {
    let mut harness = harness();
    assert!(!harness.state().is_dirty());
    assert_eq!(harness.state().window_title(), "newsgraph");
    assert!(!close_window(&mut harness).contains(&ViewportCommand::CancelClose));
    assert!(
        harness
            .query_by_label("Save changes before closing?")
            .is_none()
    );

    select(&mut harness, "Crimea");
    click(&mut harness, "Hide");
    settle(&mut harness);
    assert!(harness.state().is_dirty());
    assert_eq!(harness.state().window_title(), "• Untitled — newsgraph");

    assert!(close_window(&mut harness).contains(&ViewportCommand::CancelClose));
    harness.run_steps(1);
    harness.get_by_label("Save changes before closing?");
    click(&mut harness, "Cancel");
    assert!(
        harness
            .query_by_label("Save changes before closing?")
            .is_none()
    );

    // Opening something else asks too; Cancel keeps the session.
    let elsewhere = Command::Load(vec!["somewhere/else".into()]);
    harness.state_mut().push_command(elsewhere);
    harness.run_steps(2);
    harness.get_by_label("Save changes before opening?");
    click(&mut harness, "Cancel");
    assert!(!harness.state().busy(), "nothing is loading");

    close_window(&mut harness);
    harness.run_steps(1);
    harness.get_by_label("Don't save").click();
    let mut closed = false;
    for _ in 0..3 {
        harness.step();
        closed |= sent(&harness).contains(&ViewportCommand::Close);
    }
    assert!(closed, "Don't save closes the window");
}

#[test]
fn corrections_save_as_a_gazetteer_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fixes.tsv");
    let mut harness = harness();
    let merge = newsgraph::corrections::Correction::Merge {
        from: "US Embassy".into(),
        into: "United States".into(),
    };
    let state = harness.state_mut();
    state.push_command(Command::Edit(EditCommand::Apply(merge)));
    state.push_command(Command::Edit(EditCommand::SaveGazetteerTo(path.clone())));
    settle(&mut harness);
    let table = std::fs::read_to_string(&path).unwrap();
    let row = table
        .lines()
        .find(|l| l.starts_with("country\tUnited States\t"));
    let row = row.expect("a row for the merged entity");
    assert!(
        row.split('\t')
            .nth(2)
            .unwrap()
            .split('|')
            .any(|a| a == "US Embassy")
    );
}

#[test]
fn a_project_opens_under_its_window_unless_the_graph_would_be_too_large() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("wide.newsgraph");
    let mut harness = harness();
    click(&mut harness, "paragraph");
    settle(&mut harness);
    assert_eq!(harness.state().view().graph.window, Window::Paragraph);
    save_through_the_window(&mut harness, &path);
    let open = || Command::Project(ProjectCommand::OpenAt(path.clone()));

    // Built under the project's window as it loads.
    let mut fresh = self::harness();
    fresh.state_mut().push_command(open());
    settle(&mut fresh);
    let app = fresh.state();
    assert_eq!(app.analysis().unwrap().graph.window, Window::Paragraph);
    assert_eq!(app.filters().window, Window::Paragraph);
    assert_eq!(app.view().graph.window, Window::Paragraph);

    // Under the sentence window, and saying why, if that would be too large.
    let mut small = self::harness();
    small.state_mut().limit_shared_windows(10);
    small.state_mut().push_command(open());
    settle(&mut small);
    let app = small.state();
    assert_eq!(app.analysis().unwrap().graph.window, Window::Sentence);
    assert_eq!(app.filters().window, Window::Sentence);
    assert_eq!(app.view().graph.window, Window::Sentence);
    small.get_by_label_contains("Co-mention in the same paragraph would mean more than 10 windows");
}
