//! Concrete facts about the seed articles, checked by reading them: which
//! entities exist with which kind, which written forms are merged, which
//! roles the texts state, and which co-mention edges exist with what evidence.

mod common;

use common::{entity, linked, seeds};
use newsgraph::extract::Kind;
use newsgraph::pipeline::Analysis;

fn roles(a: &Analysis, name: &str) -> Vec<(String, Option<String>)> {
    entity(a, name)
        .roles
        .iter()
        .map(|r| {
            (
                r.title.clone(),
                r.of.map(|i| a.extraction.entities[i].name.clone()),
            )
        })
        .collect()
}

fn has_role(a: &Analysis, name: &str, title: &str, of: &str) -> bool {
    roles(a, name)
        .iter()
        .any(|(t, o)| t == title && o.as_deref() == Some(of))
}

fn mentions(a: &Analysis, name: &str) -> usize {
    let i = a.extraction.entity_index(&entity(a, name).id).unwrap();
    a.extraction.mention_counts()[i]
}

#[test]
fn documents_titles_and_boilerplate() {
    let a = seeds();
    let docs = &a.corpus.documents;
    assert_eq!(docs.len(), 5);
    assert_eq!(docs[0].id, "000_aa0dcd6d74b77a94");
    assert_eq!(
        docs[0].title,
        "Blinken Meets With NATO Allies To Discuss Russia’s Military Along Ukrainian Border"
    );
    // The banner line and the "#Analize / author" tag line are not the title.
    assert_eq!(docs[3].title, "NATO meets to discuss Russia");
    let banner = &docs[3].text[docs[3].boilerplate[0].clone()];
    assert!(banner.starts_with("Verifica Menajeria de Fake News Apasa Aici!"));
    let marked: Vec<&str> = docs[3]
        .boilerplate
        .iter()
        .map(|r| &docs[3].text[r.clone()])
        .collect();
    assert!(marked.contains(&"Photo source: Reuters"));
    // "Check Also" starts a link list that runs to the end of the article.
    let last = docs[1].boilerplate.last().unwrap();
    assert!(docs[1].text[last.clone()].starts_with("Check Also"));
    assert_eq!(last.end, docs[1].text.trim_end().len());
}

#[test]
fn officials_with_merged_names_and_stated_roles() {
    let a = seeds();
    let blinken = entity(a, "Antony Blinken");
    assert_eq!(blinken.kind, Kind::Official);
    for alias in [
        "Antony Blinken",
        "Antony J. Blinken",
        "Antony Blinked",
        "Blinken",
    ] {
        assert!(
            blinken.aliases.contains(&alias.to_owned()),
            "{alias}: {:?}",
            blinken.aliases
        );
    }
    assert!(has_role(
        a,
        "Antony Blinken",
        "Secretary of State",
        "United States"
    ));
    assert!(has_role(a, "Jens Stoltenberg", "Secretary General", "NATO"));
    assert!(has_role(
        a,
        "Annalena Baerbock",
        "Foreign Minister",
        "Germany"
    ));
    assert!(has_role(
        a,
        "Sergei Ryabkov",
        "Deputy Foreign Minister",
        "Russia"
    ));
    assert!(has_role(a, "Sergei Lavrov", "Foreign Minister", "Russia"));
    assert!(has_role(a, "Dmytro Kuleba", "Foreign Minister", "Ukraine"));
    assert!(has_role(a, "Vladimir Putin", "President", "Russia"));
    assert!(has_role(a, "Volodymyr Zelensky", "President", "Ukraine"));
    let putin = entity(a, "Vladimir Putin");
    for alias in ["Vladimir Putin", "Vladimir V. Putin", "Putin"] {
        assert!(
            putin.aliases.contains(&alias.to_owned()),
            "{alias}: {:?}",
            putin.aliases
        );
    }
    assert!(
        entity(a, "Alexander Lukashenko")
            .aliases
            .contains(&"Aleksandr Lukachenko".to_owned())
    );
    assert!(
        entity(a, "Volodymyr Zelensky")
            .aliases
            .contains(&"Volodymyr Zelenskyi".to_owned())
    );
    assert_eq!(entity(a, "Joe Biden").aliases, ["Biden", "Joe Biden"]);
}

#[test]
fn bylines_are_people_not_officials() {
    let a = seeds();
    for name in ["Larissa Cursaro", "Dianne Stinson", "Mălina Mîndruțescu"] {
        assert_eq!(entity(a, name).kind, Kind::Person, "{name}");
    }
}

#[test]
fn capitals_seats_and_demonyms_resolve_to_countries_or_places() {
    let a = seeds();
    let russia = entity(a, "Russia");
    for alias in ["Russia", "Russian", "Moscow", "Kremlin"] {
        assert!(russia.aliases.contains(&alias.to_owned()), "{alias}");
    }
    let us = entity(a, "United States");
    for alias in ["U.S.", "US", "United States", "Washington", "American"] {
        assert!(us.aliases.contains(&alias.to_owned()), "{alias}");
    }
    assert!(entity(a, "Ukraine").aliases.contains(&"Kiev".to_owned()));
    // "the Latvian capital, Riga", "the Riga meeting", "north of Riga", "in Riga" twice.
    assert_eq!(entity(a, "Riga").kind, Kind::Place);
    assert_eq!(mentions(a, "Riga"), 5);
    // Only "its military liaison mission in Moscow" is the city.
    assert_eq!(entity(a, "Moscow").kind, Kind::Place);
    assert_eq!(mentions(a, "Moscow"), 1);
    assert_eq!(entity(a, "Germany").aliases, ["German"]);
}

#[test]
fn organizations_acronyms_and_long_forms() {
    let a = seeds();
    let osce = entity(a, "OSCE");
    assert!(
        osce.aliases
            .contains(&"Organization for Security and Cooperation in Europe".to_owned())
    );
    assert_eq!(
        entity(a, "True Story Project").aliases,
        ["TSP", "True Story Project"]
    );
    assert_eq!(entity(a, "NATO-Russia Council").kind, Kind::Organization);
    assert_eq!(mentions(a, "NATO-Russia Council"), 4);
    for absent in ["Reuters", "Getty Images", "Twitter", "Sega", "Xbox"] {
        assert!(
            a.extraction.entities.iter().all(|e| e.name != absent),
            "{absent} comes from boilerplate"
        );
    }
}

#[test]
fn co_mention_edges_carry_their_sentences() {
    let a = seeds();
    assert!(linked(a, "Antony Blinken", "Annalena Baerbock"));
    assert!(linked(a, "Russia", "Crimea"));
    assert!(!linked(a, "Larissa Cursaro", "Russia"));
    let (blinken, baerbock) = (
        a.extraction
            .entity_index(&entity(a, "Antony Blinken").id)
            .unwrap(),
        a.extraction
            .entity_index(&entity(a, "Annalena Baerbock").id)
            .unwrap(),
    );
    let edge = a
        .graph
        .graph
        .edge_indices()
        .find(|&e| a.graph.endpoints(e) == (blinken.min(baerbock), blinken.max(baerbock)))
        .unwrap();
    let sentences: Vec<&str> = a.graph.graph[edge]
        .evidence
        .iter()
        .map(|ev| a.evidence_text(ev))
        .collect();
    assert_eq!(a.graph.graph[edge].weight as usize, sentences.len());
    assert!(sentences.iter().any(|s| s.starts_with(
        "Shortly after the meeting with the Bucharest Nine, Secretary of State Blinken invited German Foreign Minister Annalena Baerbock"
    )));
}

#[test]
fn every_span_is_a_valid_range_and_evidence_is_one_sentence() {
    let a = seeds();
    for m in &a.extraction.mentions {
        let doc = &a.corpus.documents[m.doc()];
        let sentence = &a.extraction.sentences[m.doc()][m.sentence()].range;
        assert!(doc.text.is_char_boundary(m.start()) && doc.text.is_char_boundary(m.end()));
        assert!(sentence.start <= m.start() && m.end() <= sentence.end);
        assert!(!doc.in_boilerplate(&(m.range())));
    }
    for e in a.graph.graph.edge_indices() {
        for ev in &a.graph.graph[e].evidence {
            assert!(
                a.extraction.sentences[ev.doc()]
                    .iter()
                    .any(|s| s.range == ev.range())
            );
        }
    }
}
