//! The engine's result does not depend on how many threads run it: entity
//! numbering, lone surnames resolved against the people of earlier
//! documents, mentions, relations and edges come out the same on one thread
//! as on several.

mod common;

use common::{analyze_files, entity_with_alias};
use newsgraph::graph::Edge;
use newsgraph::pipeline::{Analysis, Settings};

/// Documents in which who a name refers to depends on the documents before.
const DOCS: [(&str, &str); 4] = [
    (
        "1.txt",
        "German Foreign Minister Annalena Baerbock met Polish Foreign Minister \
         Radosław Sikorski in Warsaw. NATO and the OSCE welcomed the talks.",
    ),
    (
        "2.txt",
        "Baerbock later told reporters in Berlin that Germany supports Ukraine. \
         Mr Kowalczyk of the European Commission disagreed.",
    ),
    (
        "3.txt",
        "Sikorski met Ukrainian Defence Minister Oleksii Reznikov in Kyiv. \
         Reznikov thanked Poland and Germany.",
    ),
    (
        "4.txt",
        "The European Commission and NATO said Russia threatened Ukraine. \
         Baerbock and Sikorski condemned Russia.",
    ),
];

/// The documents analysed on a pool of `threads` threads.
fn analyze_on(threads: usize) -> Analysis {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool");
    pool.install(|| analyze_files(&DOCS, &Settings::default()))
}

/// Every edge as (source, target, edge), in graph order.
fn edges(a: &Analysis) -> Vec<(usize, usize, Edge)> {
    let g = &a.graph.graph;
    g.edge_indices()
        .map(|e| {
            let (s, t) = a.graph.endpoints(e);
            (s, t, g[e].clone())
        })
        .collect()
}

#[test]
fn one_thread_and_four_give_the_same_result() {
    let (one, four) = (analyze_on(1), analyze_on(4));
    assert!(
        one.extraction.entities.len() > 8,
        "{:?}",
        one.extraction.entities
    );
    assert!(!one.extraction.relations.is_empty());
    assert_eq!(one.extraction, four.extraction);
    assert_eq!(edges(&one), edges(&four));
}

#[test]
fn lone_surnames_in_later_documents_go_to_people_named_before() {
    let a = analyze_on(4);
    let baerbock = entity_with_alias(&a, "Baerbock").expect("Baerbock resolved");
    assert_eq!(baerbock.name, "Annalena Baerbock");
    let sikorski = entity_with_alias(&a, "Sikorski").expect("Sikorski resolved");
    assert_eq!(sikorski.name, "Radosław Sikorski");
    let index = |name: &str| {
        let found = a.extraction.entities.iter().position(|e| e.name == name);
        found.expect("entity present")
    };
    let (baerbock, sikorski) = (index("Annalena Baerbock"), index("Radosław Sikorski"));
    // Every document names both, the first in full and the rest by surname.
    for (who, docs) in [(baerbock, [0, 1, 3]), (sikorski, [0, 2, 3])] {
        for doc in docs {
            let named = a
                .extraction
                .mentions_in(doc)
                .iter()
                .any(|m| m.entity() == who);
            assert!(
                named,
                "document {doc} names {}",
                a.extraction.entities[who].name
            );
        }
    }
}
