//! Exports from the app, driven headlessly through egui_kittest: the dialogs
//! open from the File menu and Ctrl+E, a path is typed in, Export runs the
//! export on a background thread, and the files written are read back:
//! pictures have the chosen size and theme and show the view's names, graph
//! files hold the view as filtered, and a failed export says so and leaves
//! nothing behind.

mod common;
mod ui;

use std::path::Path;
use std::time::Duration;

use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use newsgraph::app::NewsgraphApp;
use newsgraph::extract::Kind;
use newsgraph::scene::{Palette, Theme};
use quick_xml::events::Event;
use ui::seeds_app as harness;

/// Opens a File menu item.
fn file_menu(harness: &mut Harness<'static, NewsgraphApp>, item: &str) {
    harness.get_by_label("File").click();
    harness.run_steps(2);
    harness.get_by_label(item).click();
    harness.run_steps(3);
}

/// Types `path` into the dialog, clicks `choices` (radio buttons), clicks
/// Export and steps the app until the export has finished.
fn export_to(harness: &mut Harness<'static, NewsgraphApp>, path: &Path, choices: &[&str]) {
    let text = path.display().to_string();
    harness
        .get_by_label("Save as")
        .set_text_value_accesskit(&text);
    harness.run_steps(2);
    for choice in choices {
        harness.get_by_label(choice).click();
        harness.run_steps(2);
    }
    harness.get_by_label("Export").click();
    harness.run_steps(2);
    let (limit, pause) = (Duration::from_secs(300), Duration::from_millis(20));
    ui::step_until(harness, limit, pause, "export hangs", |app| {
        !app.export_busy()
    });
    harness.run_steps(2);
}

/// Names of the entities the app's view shows.
fn shown_names(app: &NewsgraphApp) -> Vec<String> {
    let a = app.analysis().unwrap();
    let view = app.view();
    view.nodes
        .iter()
        .map(|&e| a.extraction.entities[e].name.clone())
        .collect()
}

#[test]
fn ctrl_e_exports_a_png_of_the_chosen_size_in_the_apps_theme() {
    let mut harness = harness();
    harness.get_by_label("View").click();
    harness.run_steps(2);
    harness.get_by_label("Dark theme").click();
    harness.run_steps(2);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::E);
    harness.run_steps(2);
    harness.get_by_label("Export image");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("view.png");
    export_to(&mut harness, &path, &["1280 × 720"]);
    harness.get_by_label_contains("Exported to");
    assert!(
        harness.query_by_label("Export image").is_none(),
        "the dialog closed"
    );

    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(&path).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut pixels = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut pixels).unwrap();
    assert_eq!((info.width, info.height), (1280, 720));
    let rgba: Vec<[u8; 4]> = pixels
        .chunks_exact(4)
        .map(|p| [p[0], p[1], p[2], p[3]])
        .collect();
    let background = Palette::of(Theme::Dark).background;
    let dark = [background.0, background.1, background.2, 255];
    assert_eq!(rgba[rgba.len() - 1], dark, "the app's dark palette");
    let drawn = rgba.iter().filter(|&&p| p != dark).count();
    assert!(
        drawn > rgba.len() / 100,
        "only {drawn} pixels are not background"
    );
}

#[test]
fn an_svg_of_the_whole_graph_names_what_the_view_shows() {
    let mut harness = harness();
    harness.get_by_label("place").click();
    harness.run_steps(3);
    file_menu(&mut harness, "Export image…");
    let dir = tempfile::tempdir().unwrap();
    // The format follows the extension typed; the SVG radio button agrees.
    let path = dir.path().join("graph.svg");
    export_to(&mut harness, &path, &["whole graph"]);
    let svg = std::fs::read_to_string(&path).unwrap();
    let names = shown_names(harness.state());
    let a = harness.state().analysis().unwrap();
    let escaped = |name: &str| name.replace('&', "&amp;").replace('<', "&lt;");
    for big in ["Russia", "NATO", "Ukraine", "United States"] {
        assert!(svg.contains(&format!(">{big}</text>")), "{big} is labelled");
    }
    let labelled = names
        .iter()
        .filter(|n| svg.contains(&format!(">{}</text>", escaped(n))))
        .count();
    assert!(
        labelled * 2 > names.len(),
        "{labelled} of {} labelled",
        names.len()
    );
    for place in a
        .extraction
        .entities
        .iter()
        .filter(|e| e.kind == Kind::Place)
    {
        assert!(
            !svg.contains(&format!(">{}</text>", escaped(&place.name))),
            "{} is hidden by the filters",
            place.name
        );
    }
}

/// The number of `<node>` and `<edge>` elements of a GraphML file.
fn graphml_counts(xml: &str) -> (usize, usize) {
    let mut reader = quick_xml::Reader::from_str(xml);
    let (mut nodes, mut edges) = (0, 0);
    loop {
        match reader.read_event().unwrap() {
            Event::Start(e) | Event::Empty(e) => match e.name().as_ref() {
                "node" => nodes += 1,
                "edge" => edges += 1,
                _ => {}
            },
            Event::Eof => return (nodes, edges),
            _ => {}
        }
    }
}

#[test]
fn exported_graph_files_hold_the_view_as_filtered() {
    let mut harness = harness();
    let all = harness.state().view().nodes.len();
    harness.get_by_label("official").click();
    harness.run_steps(3);
    let (nodes, edges) = {
        let view = harness.state().view();
        (view.nodes.len(), view.edges.len())
    };
    assert!(nodes < all);

    file_menu(&mut harness, "Export graph…");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("graph.graphml");
    export_to(&mut harness, &path, &[]);
    let xml = std::fs::read_to_string(&path).unwrap();
    assert_eq!(graphml_counts(&xml), (nodes, edges));

    // Choosing a format changes the extension: node-link JSON, then CSV.
    file_menu(&mut harness, "Export graph…");
    export_to(&mut harness, &path, &["node-link JSON (networkx)"]);
    let json: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("graph.json")).unwrap()).unwrap();
    assert_eq!(json["nodes"].as_array().unwrap().len(), nodes);
    assert_eq!(json["links"].as_array().unwrap().len(), edges);

    file_menu(&mut harness, "Export graph…");
    export_to(&mut harness, &path, &["CSV (nodes and edges tables)"]);
    let rows = |name: &str| {
        let mut table = csv::Reader::from_path(dir.path().join(name)).unwrap();
        table.records().map(Result::unwrap).count()
    };
    assert_eq!(rows("graph.nodes.csv"), nodes);
    assert_eq!(rows("graph.edges.csv"), edges);
}

#[test]
fn a_failed_export_says_why_and_writes_nothing() {
    let mut harness = harness();
    file_menu(&mut harness, "Export graph…");
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no such folder");
    export_to(&mut harness, &missing.join("graph.gexf"), &[]);
    harness.get_by_label_contains("Export failed");
    harness.get_by_label_contains("does not exist");
    assert!(!missing.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}
