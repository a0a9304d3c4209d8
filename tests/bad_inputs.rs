//! A folder of hostile inputs (`tests/fixtures/bad/`, plus a 60 MB single
//! line and a symbolic link loop made here): each is skipped with its reason
//! or loaded with what can be read, and the good file beside them still loads.

mod common;

use std::path::Path;

use newsgraph::corpus::{Corpus, LoadOptions, load_paths};
use newsgraph::pipeline::{Analysis, Settings};

/// The fixtures copied into a temporary folder, with the generated extras.
fn hostile_folder() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bad");
    for entry in std::fs::read_dir(fixtures).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    let line = "Chile and Peru met. ".repeat(3 * 1024 * 1024);
    std::fs::write(dir.path().join("one-line.txt"), line).unwrap();
    std::fs::create_dir(dir.path().join("nested")).unwrap();
    std::os::unix::fs::symlink(dir.path(), dir.path().join("nested/loop")).unwrap();
    dir
}

fn load(dir: &Path) -> Corpus {
    load_paths(&[dir.to_owned()], &LoadOptions::default(), &()).unwrap()
}

fn text<'a>(corpus: &'a Corpus, file: &str) -> &'a str {
    let doc = corpus.documents.iter().find(|d| d.path.ends_with(file));
    &doc.unwrap_or_else(|| panic!("{file} not loaded")).text
}

#[test]
fn hostile_files_are_skipped_with_their_reason() {
    let dir = hostile_folder();
    let corpus = load(dir.path());
    assert_eq!(
        common::skip_reason(&corpus, "binary.txt"),
        "binary file (contains NUL bytes)"
    );
    assert_eq!(common::skip_reason(&corpus, "zero.json"), "empty file");
    assert!(
        common::skip_reason(&corpus, "nested.json")
            .starts_with("invalid JSON: recursion limit exceeded"),
        "{}",
        common::skip_reason(&corpus, "nested.json")
    );
    assert!(common::skip_reason(&corpus, "one-line.txt").starts_with("too large: 60.0 MB"));
    assert_eq!(
        common::skip_reason(&corpus, "ragged.csv#3"),
        "row has 1 fields, the header has 3"
    );
    assert_eq!(
        common::skip_reason(&corpus, "ragged.csv#4"),
        "row has 5 fields, the header has 3"
    );
    assert!(common::skip_reason(&corpus, "loop").starts_with("symbolic link loop"));
    assert_eq!(corpus.skipped.len(), 7, "{:#?}", corpus.skipped);
}

#[test]
fn what_can_be_read_is_loaded_beside_them() {
    let dir = hostile_folder();
    let corpus = load(dir.path());
    assert!(text(&corpus, "good.txt").contains("Switzerland hosted Austria"));
    let damaged = text(&corpus, "mixed-utf8.txt");
    assert!(
        damaged.starts_with("Chile’s president met Peru’s"),
        "{damaged}"
    );
    assert!(damaged.contains('\u{FFFD}'));
    assert!(text(&corpus, "utf16-no-bom.txt").starts_with("Canada and Mexico signed"));
    let html = text(&corpus, "scripts.html");
    assert!(html.contains("Norway hosted Sweden and Finland."));
    for hidden in ["alert", "color: red", "document.write", "Germany"] {
        assert!(
            !html.contains(hidden),
            "script or style text leaked: {html}"
        );
    }
    assert!(text(&corpus, "ragged.csv#2").contains("Canada and Mexico met."));
    assert!(text(&corpus, "ragged.csv#5").contains("Japan and Korea met."));
    assert_eq!(corpus.documents.len(), 6);

    let analysis = Analysis::run(corpus, common::knowledge(), &Settings::default(), &()).unwrap();
    let names: Vec<&str> = analysis
        .extraction
        .entities
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    for name in ["Chile", "Peru", "Brazil", "Canada", "Norway", "Switzerland"] {
        assert!(names.contains(&name), "{name} missing from {names:?}");
    }
    assert!(!names.contains(&"Germany"), "found inside a script");
}
