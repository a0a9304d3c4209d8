//! The shared fixture for integration tests (and the export benchmark): the
//! seed corpus analysed once, the reference data loaded once, helpers to
//! analyse small texts, and graphs made by hand.
#![allow(dead_code)]

use std::sync::OnceLock;

use newsgraph::assets::AssetSource;
use newsgraph::corpus::{LoadOptions, Source, load_sources};
use newsgraph::extract::{Entity, Extraction, Kind, Knowledge};
use newsgraph::graph::view::{GraphView, ViewEdge};
use newsgraph::graph::{Edge, EdgeKind, EntityGraph};
use newsgraph::pipeline::{Analysis, Settings};
use petgraph::graph::{DiGraph, NodeIndex};

/// The names of the files in `dir`, sorted.
pub fn file_names(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Why the file whose path ends with `file` was skipped.
pub fn skip_reason(corpus: &newsgraph::corpus::Corpus, file: &str) -> String {
    corpus
        .skipped
        .iter()
        .find(|s| s.path.ends_with(file))
        .map(|s| s.reason.clone())
        .unwrap_or_else(|| panic!("{file} not skipped: {:#?}", corpus.skipped))
}

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

/// A graph made by hand, with no documents: entities `(name, kind,
/// mentions)` (ids are slugs of the names plus their index, so they are
/// unique) and co-mention edges `(a, b, weight)` between entity indices.
/// The view shows all of it.
pub fn hand_made(
    entities: &[(&str, Kind, usize)],
    edges: &[(usize, usize, u32)],
) -> (Analysis, GraphView) {
    let mut graph = DiGraph::with_capacity(entities.len(), edges.len());
    for i in 0..entities.len() {
        graph.add_node(i);
    }
    let view_edges = edges
        .iter()
        .map(|&(a, b, weight)| {
            let edge = Edge {
                kind: EdgeKind::CoMention,
                weight,
                evidence: Box::default(),
            };
            let index = graph.add_edge(NodeIndex::new(a), NodeIndex::new(b), edge);
            ViewEdge {
                a,
                b,
                weight,
                edge: index,
                relation: false,
            }
        })
        .collect();
    let graph = EntityGraph {
        graph,
        window: Default::default(),
    };
    let extraction = Extraction {
        entities: entities
            .iter()
            .enumerate()
            .map(|(i, &(name, kind, _))| Entity {
                id: format!("{}-{i}", newsgraph::slug(name)),
                name: name.to_owned(),
                kind,
                aliases: vec![name.to_owned()],
                roles: Vec::new(),
            })
            .collect(),
        ..Extraction::default()
    };
    let graph = std::sync::Arc::new(graph);
    let view = GraphView {
        nodes: (0..entities.len()).collect(),
        mentions: entities.iter().map(|e| e.2).collect(),
        edges: view_edges,
        graph: graph.clone(),
        excluded_docs: Default::default(),
    };
    let analysis = Analysis {
        corpus: Default::default(),
        extraction,
        graph,
    };
    (analysis, view)
}
