//! Loading every supported format and every kind of bad input from
//! `tests/fixtures/inputs/`: good files load, bad ones are skipped with a
//! specific reason, and neither stops the rest.

mod common;

use std::path::PathBuf;

use newsgraph::corpus::{Corpus, LoadOptions, load_paths};
use newsgraph::pipeline::{Analysis, Settings};

fn inputs() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/inputs")
}

fn load_inputs() -> Corpus {
    load_paths(&[inputs()], &LoadOptions::default(), &()).unwrap()
}

#[test]
fn good_files_load_in_name_order_with_titles_dates_and_urls() {
    let corpus = load_inputs();
    let titles: Vec<(&str, &str)> = corpus
        .documents
        .iter()
        .map(|d| (d.id.as_str(), d.title.as_str()))
        .collect();
    assert_eq!(
        titles,
        [
            ("article", "Summit in Warsaw"),
            ("articles-1", "Grain corridor reopens"),
            ("articles-3", "Second"),
            ("feed-1", "Line one"),
            ("feed-3", "Line three"),
            ("latin1", "Déclaration de Genève"),
            ("notes", "Arctic Council meets in Tromsø"),
            ("plain", "Ceasefire talks in Doha"),
            ("table-2", "Andes summit"),
            ("table-4", "Pacific"),
            ("utf16", "Talks in Kyiv"),
        ]
    );
    let html = &corpus.documents[0];
    assert_eq!(html.date.as_deref(), Some("2022-02-14T09:00:00Z"));
    assert_eq!(html.url.as_deref(), Some("https://news.example/warsaw"));
    assert!(html.text.contains("Lithuania & Latvia") && html.text.contains("\"energy security\""));
    assert!(
        !html.text.contains("Brazil")
            && !html.text.contains("Argentina")
            && !html.text.contains("Home")
    );
    let grain = &corpus.documents[1];
    assert_eq!(
        grain.path,
        format!("{}#1", inputs().join("articles.json").display())
    );
    assert_eq!(grain.date.as_deref(), Some("2022-07-22"));
    assert_eq!(grain.url.as_deref(), Some("https://news.example/grain"));
    assert!(corpus.documents[5].text.contains("François Delacroix"));
}

#[test]
fn bad_files_and_items_are_skipped_with_specific_reasons() {
    let corpus = load_inputs();
    assert_eq!(common::skip_reason(&corpus, "empty.txt"), "empty file");
    assert_eq!(common::skip_reason(&corpus, "blank.md"), "empty file");
    assert_eq!(
        common::skip_reason(&corpus, "scan.txt"),
        "binary file (PDF document)"
    );
    assert_eq!(
        common::skip_reason(&corpus, "photo.png"),
        "unsupported file type (.png)"
    );
    assert!(
        common::skip_reason(&corpus, "broken.json").starts_with("invalid JSON: EOF while parsing")
    );
    assert_eq!(
        common::skip_reason(&corpus, "articles.json#2"),
        "no text, content or body field"
    );
    assert!(common::skip_reason(&corpus, "feed.jsonl#2").starts_with("invalid JSON"));
    assert_eq!(
        common::skip_reason(&corpus, "table.csv#3"),
        "row has 1 fields, the header has 3"
    );
    assert_eq!(corpus.skipped.len(), 8, "{:#?}", corpus.skipped);
}

#[test]
fn oversized_files_are_skipped_and_the_rest_loads() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("big.txt"),
        "Chile and Peru. ".repeat(20_000),
    )
    .unwrap();
    std::fs::write(dir.path().join("small.txt"), "Chile and Peru met.").unwrap();
    let options = LoadOptions {
        max_file_bytes: 100_000,
        ..LoadOptions::default()
    };
    let corpus = load_paths(&[dir.path().to_owned()], &options, &()).unwrap();
    assert_eq!(corpus.documents.len(), 1);
    assert_eq!(
        corpus.skipped[0].reason,
        "too large: 312.5 KB (limit 97.7 KB)"
    );
}

#[test]
fn every_format_yields_entities_and_valid_spans() {
    let analysis = Analysis::run(
        load_inputs(),
        common::knowledge(),
        &Settings::default(),
        &(),
    )
    .unwrap();
    let found = |name: &str| analysis.extraction.entities.iter().any(|e| e.name == name);
    for name in [
        "Poland",
        "Lithuania",
        "Latvia",
        "Tomasz Brzezicki",
        "Turkey",
        "Egypt",
        "Japan",
        "Mexico",
        "Peru",
        "Fiji",
        "François Delacroix",
        "Ukraine",
        "Canada",
        "Arctic Council",
        "Qatar",
        "Sudan",
    ] {
        assert!(
            found(name),
            "{name} missing: {:?}",
            common::names(&analysis)
        );
    }
    for name in ["Brazil", "Argentina", "Reuters"] {
        assert!(!found(name), "{name} comes from hidden text or boilerplate");
    }
    for m in &analysis.extraction.mentions {
        let text = &analysis.corpus.documents[m.doc()].text;
        assert!(
            text.is_char_boundary(m.start())
                && text.is_char_boundary(m.end())
                && m.start() < m.end()
        );
    }
}
