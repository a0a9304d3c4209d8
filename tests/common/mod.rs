//! The shared fixture for integration tests: the seed corpus analysed once,
//! the reference data loaded once, and helpers to analyse small texts.
#![allow(dead_code)]

use std::sync::OnceLock;

use newsgraph::assets::AssetSource;
use newsgraph::corpus::{LoadOptions, Source, load_sources};
use newsgraph::extract::{Entity, Knowledge};
use newsgraph::pipeline::{Analysis, Settings};

/// The built-in reference data.
pub fn knowledge() -> &'static Knowledge {
    static K: OnceLock<Knowledge> = OnceLock::new();
    K.get_or_init(|| Knowledge::load(&AssetSource::Embedded).expect("assets load"))
}

/// The embedded seed articles, analysed with default settings.
pub fn seeds() -> &'static Analysis {
    static A: OnceLock<Analysis> = OnceLock::new();
    A.get_or_init(|| {
        let corpus = newsgraph::seeds::corpus(&LoadOptions::default()).expect("seeds load");
        Analysis::run(corpus, knowledge(), &Settings::default(), &()).expect("not cancelled")
    })
}

/// Analyses in-memory files given as (path, text).
pub fn analyze_files(files: &[(&str, &str)], settings: &Settings) -> Analysis {
    let sources: Vec<Source> = files
        .iter()
        .map(|(path, text)| Source {
            path: path.to_string(),
            bytes: text.as_bytes().to_vec(),
        })
        .collect();
    let corpus = load_sources(&sources, &LoadOptions::default()).expect("load");
    Analysis::run(corpus, knowledge(), settings, &()).expect("not cancelled")
}

/// Analyses one text (as a .txt file) with default settings.
pub fn analyze(text: &str) -> Analysis {
    analyze_files(&[("test.txt", text)], &Settings::default())
}

/// The entity with this canonical name; panics with the list of names otherwise.
pub fn entity<'a>(a: &'a Analysis, name: &str) -> &'a Entity {
    a.extraction
        .entities
        .iter()
        .find(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entity named {name:?}; have {:?}", names(a)))
}

/// Canonical names of all entities.
pub fn names(a: &Analysis) -> Vec<String> {
    a.extraction
        .entities
        .iter()
        .map(|e| e.name.clone())
        .collect()
}

/// The entity a surface form was resolved to (by alias), if any.
pub fn entity_with_alias<'a>(a: &'a Analysis, alias: &str) -> Option<&'a Entity> {
    a.extraction
        .entities
        .iter()
        .find(|e| e.aliases.iter().any(|x| x == alias))
}

/// Whether an edge of any kind links the two named entities.
pub fn linked(a: &Analysis, x: &str, y: &str) -> bool {
    let (x, y) = (
        a.extraction.entity_index(&entity(a, x).id).unwrap(),
        a.extraction.entity_index(&entity(a, y).id).unwrap(),
    );
    a.graph.graph.edge_indices().any(|e| {
        let (s, t) = a.graph.endpoints(e);
        (s, t) == (x, y) || (s, t) == (y, x)
    })
}
