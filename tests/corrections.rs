//! Corrections on the seed articles: each operation, undo and redo, bad
//! operations, the same corrections on another corpus, and the gazetteer
//! export loaded back into the engine.

mod common;

use std::collections::BTreeSet;

use common::{analyze, seeds};
use newsgraph::assets::AssetSource;
use newsgraph::corpus::{LoadOptions, Source, load_sources};
use newsgraph::corrections::{self, Corrected, Correction, Corrections, Problem};
use newsgraph::extract::{Extraction, Kind, Knowledge};
use newsgraph::graph::{EntityGraph, Window};
use newsgraph::pipeline::{Analysis, Settings};

fn correct(a: &Analysis, ops: &[Correction]) -> Corrected {
    let corrections = Corrections::from(ops.to_vec());
    corrections::apply(&a.extraction, &a.corpus.documents, &corrections)
}

fn merge(from: &str, into: &str) -> Correction {
    Correction::Merge {
        from: from.into(),
        into: into.into(),
    }
}

fn rename(entity: &str, to: &str) -> Correction {
    Correction::Rename {
        entity: entity.into(),
        to: to.into(),
    }
}

fn index(ex: &Extraction, name: &str) -> usize {
    ex.entities
        .iter()
        .position(|e| e.name == name)
        .unwrap_or_else(|| panic!("no entity {name:?}"))
}

fn mentions(ex: &Extraction, name: &str) -> usize {
    ex.mention_counts()[index(ex, name)]
}

/// The sentences (document, sentence) that mention any of `entities`.
fn sentences_of(ex: &Extraction, entities: &[usize]) -> BTreeSet<(usize, usize)> {
    ex.mentions
        .iter()
        .filter(|m| entities.contains(&m.entity()))
        .map(|m| (m.doc(), m.sentence()))
        .collect()
}

/// Co-mention neighbours of `entity` with the edge weights.
fn weights(ex: &Extraction, entity: usize) -> Vec<(String, u32)> {
    let graph = EntityGraph::build(ex, Window::Sentence);
    let mut out: Vec<(String, u32)> = graph
        .graph
        .edge_indices()
        .filter(|&e| !graph.graph[e].kind.is_relation())
        .filter_map(|e| {
            let (a, b) = graph.endpoints(e);
            let other = if a == entity { b } else { a };
            (a == entity || b == entity)
                .then(|| (ex.entities[other].name.clone(), graph.graph[e].weight))
        })
        .collect();
    out.sort();
    out
}

/// Checks the invariants every extraction keeps.
fn assert_well_formed(ex: &Extraction) {
    let ids: Vec<&str> = ex.entities.iter().map(|e| e.id.as_str()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "ids sorted and unique");
    let keys: Vec<(usize, usize)> = ex.mentions.iter().map(|m| (m.doc(), m.start())).collect();
    assert!(keys.is_sorted(), "mentions sorted");
    let roles = ex.entities.iter().flat_map(|e| &e.roles);
    assert!(roles.filter_map(|r| r.of).all(|of| of < ex.entities.len()));
    assert!(ex.mentions.iter().all(|m| m.entity() < ex.entities.len()));
}

#[test]
fn merging_combines_mentions_aliases_and_edges() {
    let a = seeds();
    let ex = &a.extraction;
    let (us, embassy) = (index(ex, "United States"), index(ex, "US Embassy"));
    let c = correct(a, &[merge("us embassy", "United States")]);
    let fixed = &c.extraction;
    assert_well_formed(fixed);
    assert_eq!(fixed.entities.len(), ex.entities.len() - 1);
    assert!(!fixed.entities.iter().any(|e| e.name == "US Embassy"));
    let merged = index(fixed, "United States");
    assert_eq!(
        mentions(fixed, "United States"),
        mentions(ex, "United States") + mentions(ex, "US Embassy")
    );
    assert!(
        fixed.entities[merged]
            .aliases
            .contains(&"US Embassy".to_owned())
    );
    assert!(fixed.entities[merged].aliases.contains(&"U.S.".to_owned()));
    // Each neighbour's weight is the number of sentences naming it together
    // with either of the two merged entities.
    for (name, weight) in weights(fixed, merged) {
        let neighbour = index(ex, &name);
        let together = sentences_of(ex, &[us, embassy])
            .intersection(&sentences_of(ex, &[neighbour]))
            .count();
        assert_eq!(weight as usize, together, "{name}");
    }
    let before: BTreeSet<String> = [us, embassy]
        .iter()
        .flat_map(|&e| weights(ex, e))
        .map(|(n, _)| n)
        .filter(|n| n != "United States" && n != "US Embassy")
        .collect();
    let after: BTreeSet<String> = weights(fixed, merged).into_iter().map(|(n, _)| n).collect();
    assert_eq!(after, before);
}

#[test]
fn renaming_keeps_the_old_name_and_every_reference() {
    let a = seeds();
    let c = correct(a, &[rename("United States", "USA")]);
    let fixed = &c.extraction;
    assert_well_formed(fixed);
    let usa = fixed.entity_index("usa").expect("re-slugged id");
    assert_eq!(fixed.entities[usa].name, "USA");
    assert!(
        fixed.entities[usa]
            .aliases
            .contains(&"United States".to_owned())
    );
    assert_eq!(
        mentions(fixed, "USA"),
        mentions(&a.extraction, "United States")
    );
    let blinken = &fixed.entities[index(fixed, "Antony Blinken")];
    assert_eq!(blinken.roles[0].of, Some(usa));
    // The old name still finds the entity.
    let again = correct(
        a,
        &[
            rename("United States", "USA"),
            rename("united states", "America"),
        ],
    );
    assert_eq!(
        again.extraction.entities[index(&again.extraction, "America")].id,
        "america"
    );
}

#[test]
fn setting_a_kind_and_hiding() {
    let a = seeds();
    let kind = Correction::SetKind {
        entity: "Bucharest Nine".into(),
        kind: Kind::Place,
    };
    let hide = Correction::Hide {
        entity: "Russia".into(),
    };
    let c = correct(a, &[kind, hide.clone()]);
    let b9 = index(&c.extraction, "Bucharest Nine");
    assert_eq!(c.extraction.entities[b9].kind, Kind::Place);
    assert_eq!(c.hidden, [index(&c.extraction, "Russia")].into());
    let unhide = Correction::Unhide {
        entity: "Russia".into(),
    };
    let shown = correct(a, &[hide, unhide]);
    assert!(shown.hidden.is_empty());
    assert_eq!(shown.extraction, a.extraction);
}

#[test]
fn adding_an_alias_finds_new_mentions() {
    let a = seeds();
    let op = Correction::AddAlias {
        entity: "NATO".into(),
        alias: "Alliance".into(),
    };
    let c = correct(a, &[op]);
    let fixed = &c.extraction;
    assert_well_formed(fixed);
    let nato = index(fixed, "NATO");
    assert!(
        fixed.entities[nato]
            .aliases
            .contains(&"Alliance".to_owned())
    );
    assert_eq!(mentions(fixed, "NATO"), mentions(&a.extraction, "NATO") + 6);
    for m in fixed
        .mentions
        .iter()
        .filter(|m| !a.extraction.mentions.contains(m))
    {
        let doc = &a.corpus.documents[m.doc()];
        assert_eq!(&doc.text[m.range()], "Alliance");
        assert_eq!(m.entity(), nato);
        assert!(
            fixed.sentences[m.doc()][m.sentence()]
                .range
                .contains(&m.start())
        );
    }
    for pair in fixed.mentions.windows(2) {
        assert!(pair[0].doc() != pair[1].doc() || pair[0].end() <= pair[1].start());
    }
}

#[test]
fn splitting_an_alias_makes_an_entity_of_it() {
    let a = seeds();
    let op = Correction::SplitAlias {
        entity: "Russia".into(),
        alias: "kremlin".into(),
    };
    let c = correct(a, &[op]);
    let fixed = &c.extraction;
    assert_well_formed(fixed);
    let kremlin = &fixed.entities[index(fixed, "Kremlin")];
    assert_eq!(
        (kremlin.id.as_str(), kremlin.kind),
        ("kremlin", Kind::Country)
    );
    let russia = &fixed.entities[index(fixed, "Russia")];
    assert!(!russia.aliases.contains(&"Kremlin".to_owned()));
    let written = |name: &str| {
        let e = index(fixed, name);
        let texts = fixed.mentions.iter().filter(|m| m.entity() == e);
        texts
            .map(|m| a.corpus.documents[m.doc()].text[m.range()].to_owned())
            .collect::<BTreeSet<_>>()
    };
    assert_eq!(written("Kremlin"), ["Kremlin".to_owned()].into());
    assert!(!written("Russia").contains("Kremlin"));
    assert_eq!(
        mentions(fixed, "Kremlin") + mentions(fixed, "Russia"),
        mentions(&a.extraction, "Russia")
    );
}

#[test]
fn undo_restores_the_previous_extraction_and_redo_reapplies() {
    let a = seeds();
    let apply = |h: &Corrections| corrections::apply(&a.extraction, &a.corpus.documents, h);
    let mut history = Corrections::default();
    let mut states = vec![apply(&history)];
    for op in [
        merge("US Embassy", "United States"),
        rename("United States", "USA"),
        Correction::AddAlias {
            entity: "NATO".into(),
            alias: "Alliance".into(),
        },
        Correction::SplitAlias {
            entity: "USA".into(),
            alias: "Washington".into(),
        },
    ] {
        history.apply(op);
        states.push(apply(&history));
    }
    assert_eq!(states[0].extraction, a.extraction);
    for previous in states.iter().rev().skip(1) {
        history.undo();
        assert_eq!(&apply(&history), previous);
    }
    assert!(!history.can_undo());
    while history.redo().is_some() {}
    assert_eq!(&apply(&history), states.last().unwrap());
}

#[test]
fn corrections_naming_unknown_entities_are_reported_and_change_nothing() {
    let a = seeds();
    let ops = [
        merge("Atlantis", "NATO"),
        Correction::Hide {
            entity: "Nobody".into(),
        },
    ];
    let c = correct(a, &ops);
    assert_eq!(c.extraction, a.extraction);
    assert!(c.hidden.is_empty());
    let reported: Vec<(usize, Problem)> = c
        .unapplied
        .iter()
        .map(|u| (u.index, u.problem.clone()))
        .collect();
    assert_eq!(
        reported,
        [
            (0, Problem::UnknownEntity("Atlantis".into())),
            (1, Problem::UnknownEntity("Nobody".into()))
        ]
    );
    assert_eq!(
        c.unapplied[0].problem.to_string(),
        "no entity is named “Atlantis”"
    );
}

#[test]
fn the_same_corrections_apply_to_another_corpus_by_name() {
    let ops = [
        merge("US Embassy", "United States"),
        rename("United States", "USA"),
        merge("Bucharest Nine", "NATO"),
    ];
    let other = analyze(
        "Embassy news\n\nThe US Embassy in Riga said the United States backs Latvia. \
         Officials of the United States met Latvia.",
    );
    let c = correct(&other, &ops);
    assert_well_formed(&c.extraction);
    let names: Vec<&str> = c
        .extraction
        .entities
        .iter()
        .map(|e| e.name.as_str())
        .collect();
    assert_eq!(names, ["Latvia", "Riga", "USA"]);
    assert_eq!(mentions(&c.extraction, "USA"), 3);
    assert_eq!(c.unapplied.len(), 1);
    assert_eq!(c.unapplied[0].index, 2);
}

#[test]
fn the_gazetteer_export_carries_a_merge_to_a_fresh_corpus() {
    let a = seeds();
    let c = correct(
        a,
        &[
            merge("US Embassy", "United States"),
            rename("United States", "USA"),
            Correction::Hide {
                entity: "NATO".into(),
            },
        ],
    );
    let table = corrections::to_gazetteer(&c);
    let rows: Vec<&str> = table
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .collect();
    assert_eq!(
        rows,
        [
            "kind\tname\taliases",
            "country\tUSA\tUS Embassy|United States"
        ]
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corrections.tsv");
    std::fs::write(&path, &table).unwrap();
    let k = Knowledge::load_with(&AssetSource::Embedded, &[path.as_path()]).unwrap();
    let fresh = Source {
        path: "fresh.txt".into(),
        bytes: "Embassy news\n\nThe US Embassy in Riga said the United States of America \
                backs NATO."
            .as_bytes()
            .to_vec(),
    };
    let corpus = load_sources(&[fresh], &LoadOptions::default()).unwrap();
    let analysis = Analysis::run(corpus, &k, &Settings::default(), &()).unwrap();
    let ex = &analysis.extraction;
    let names: Vec<&str> = ex.entities.iter().map(|e| e.name.as_str()).collect();
    assert_eq!(names, ["NATO", "Riga", "USA"]);
    assert_eq!(mentions(ex, "USA"), 2);
    assert!(
        ex.entities[index(ex, "USA")]
            .aliases
            .contains(&"US Embassy".to_owned())
    );
    // Without the table the embassy is an organization of its own.
    let plain = analyze("Embassy news\n\nThe US Embassy in Riga said so.");
    assert_eq!(
        common::entity(&plain, "US Embassy").kind,
        Kind::Organization
    );
}
