//! Stated relations in the app, driven headlessly through egui_kittest: the
//! inspector lists an entity's relations both ways with their sentences,
//! the filter panel hides relations by category and polarity (and
//! co-mentions), and clicking a relation or its sentence selects it or
//! opens its document. The relations are taken from the analysis of the
//! seed articles, not written down here.

mod common;
mod ui;

use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::{By, Queryable};
use newsgraph::app::{NewsgraphApp, Selection};
use newsgraph::extract::{Category, Polarity};
use newsgraph::graph::RelationLabel;
use newsgraph::graph::view::GraphView;
use newsgraph::pipeline::Analysis;
use ui::seeds_app as harness;

/// A relation edge of the whole seed graph: its ends, what it states, and
/// its sentences as (document, text).
struct Stated {
    source: usize,
    target: usize,
    label: RelationLabel,
    evidence: Vec<(usize, String)>,
}

impl Stated {
    /// "Source → phrase → Target", as the inspector writes it.
    fn line(&self, a: &Analysis) -> String {
        let name = |e: usize| &a.extraction.entities[e].name;
        format!(
            "{} → {} → {}",
            name(self.source),
            self.label.phrase(),
            name(self.target)
        )
    }
}

fn stated(a: &Analysis) -> Vec<Stated> {
    let g = &a.graph;
    g.graph
        .edge_indices()
        .filter_map(|e| {
            let label = g.graph[e].kind.relation()?.clone();
            let (source, target) = g.endpoints(e);
            let evidence = g.graph[e]
                .evidence
                .iter()
                .map(|ev| (ev.doc(), a.evidence_text(ev).to_owned()))
                .collect();
            Some(Stated {
                source,
                target,
                label,
                evidence,
            })
        })
        .collect()
}

/// Selects an entity by typing its name in the search field.
fn search(harness: &mut Harness<'static, NewsgraphApp>, name: &str) {
    harness.get_by_label("Search").focus();
    harness.get_by_label("Search").type_text(name);
    harness.run_steps(3);
}

/// Clicks the filter checkbox named `name`.
fn toggle(harness: &mut Harness<'static, NewsgraphApp>, name: &str) {
    harness
        .get(By::new().role(Role::CheckBox).label(name))
        .click();
    harness.run_steps(3);
}

/// Clicks (through accessibility, so it need not be scrolled into sight)
/// the first link reading `text`.
fn click_link(harness: &mut Harness<'static, NewsgraphApp>, text: &str) {
    let link = By::new().role(Role::Link).label(text);
    let found = harness.query_all(link).next();
    found
        .unwrap_or_else(|| panic!("no link “{text}”"))
        .click_accesskit();
    harness.run_steps(3);
}

/// The number of plain labels reading `text`.
fn labels(harness: &Harness<'static, NewsgraphApp>, text: &str) -> usize {
    harness
        .query_all(By::new().role(Role::Label).label(text))
        .count()
}

/// The entity with the most relations among those stated both by it and
/// of it (ties to the first).
fn entity_with_both_directions(all: &[Stated]) -> usize {
    let count = |e: usize, outgoing: bool| {
        all.iter()
            .filter(|s| {
                if outgoing {
                    s.source == e
                } else {
                    s.target == e
                }
            })
            .count()
    };
    let candidates = all.iter().map(|s| s.source);
    let best = candidates
        .filter(|&e| count(e, false) > 0)
        .max_by_key(|&e| (count(e, true) + count(e, false), std::cmp::Reverse(e)));
    best.expect("the seeds state relations both by and of some entity")
}

#[test]
fn the_inspector_lists_an_entitys_relations_both_ways() {
    let a = common::seeds();
    let all = stated(a);
    let entity = entity_with_both_directions(&all);
    let mut harness = harness();
    search(&mut harness, &a.extraction.entities[entity].name);
    assert_eq!(harness.state().selection(), Selection::Entity(entity));
    let mine: Vec<&Stated> = all
        .iter()
        .filter(|s| s.source == entity || s.target == entity)
        .collect();
    assert!(mine.iter().any(|s| s.target == entity), "incoming");
    assert!(mine.iter().any(|s| s.source == entity), "outgoing");
    harness.get_by_label(&format!("Stated relations ({})", mine.len()));
    for s in &mine {
        let line = s.line(a);
        assert!(
            harness.query_all_by_label(&line).next().is_some(),
            "the inspector lists “{line}”"
        );
        for (_, sentence) in &s.evidence {
            let link = By::new().role(Role::Link).label(sentence);
            assert!(
                harness.query_all(link).next().is_some(),
                "with its sentence “{sentence}”"
            );
        }
    }
    let unrelated = all
        .iter()
        .find(|s| s.source != entity && s.target != entity)
        .expect("other relations");
    assert!(
        harness.query_by_label(&unrelated.line(a)).is_none(),
        "only the entity's own relations"
    );
}

/// The relation view edges as (source, target, label), sorted.
fn relations_shown(view: &GraphView) -> Vec<(usize, usize, RelationLabel)> {
    let mut out: Vec<_> = view
        .edges
        .iter()
        .filter_map(|e| {
            let label = view.graph.graph[e.edge].kind.relation()?.clone();
            Some((view.nodes[e.a], view.nodes[e.b], label))
        })
        .collect();
    out.sort();
    out
}

fn co_mentions_shown(view: &GraphView) -> usize {
    view.edges.iter().filter(|e| !e.relation).count()
}

#[test]
fn category_and_polarity_filters_remove_exactly_those_relation_edges() {
    let mut harness = harness();
    let before = relations_shown(harness.state().view());
    let co_mentions = co_mentions_shown(harness.state().view());
    let forceful = |r: &(usize, usize, RelationLabel)| r.2.category == Category::Force;
    assert!(before.iter().any(forceful), "the seeds state uses of force");

    toggle(&mut harness, "force");
    let expected: Vec<_> = before.iter().filter(|r| !forceful(r)).cloned().collect();
    assert_eq!(relations_shown(harness.state().view()), expected);
    assert_eq!(co_mentions_shown(harness.state().view()), co_mentions);
    toggle(&mut harness, "force");
    assert_eq!(relations_shown(harness.state().view()), before);

    let hostile = |r: &(usize, usize, RelationLabel)| r.2.polarity == Polarity::Conflictual;
    assert!(before.iter().any(hostile) && !before.iter().all(hostile));
    toggle(&mut harness, "conflictual");
    let expected: Vec<_> = before.iter().filter(|r| !hostile(r)).cloned().collect();
    assert_eq!(relations_shown(harness.state().view()), expected);
    assert!(
        !harness
            .state()
            .filters()
            .shows_polarity(Polarity::Conflictual)
    );
    toggle(&mut harness, "conflictual");

    toggle(&mut harness, "co-mention edges");
    assert_eq!(co_mentions_shown(harness.state().view()), 0);
    assert_eq!(relations_shown(harness.state().view()), before);
}

#[test]
fn clicking_a_relation_selects_it_and_its_sentence_opens_the_document() {
    let a = common::seeds();
    let all = stated(a);
    let entity = entity_with_both_directions(&all);
    let mut harness = harness();
    search(&mut harness, &a.extraction.entities[entity].name);
    // A relation of the entity stated in another document than the one shown.
    let shown = harness.state().shown_document();
    let (s, (doc, sentence)) = all
        .iter()
        .filter(|s| s.source == entity || s.target == entity)
        .find_map(|s| Some((s, s.evidence.iter().find(|(doc, _)| *doc != shown)?)))
        .expect("a relation stated in another document");
    click_link(&mut harness, sentence);
    assert_eq!(harness.state().shown_document(), *doc);

    let category = s.label.category.as_str();
    let before = labels(&harness, category);
    click_link(&mut harness, &s.line(a));
    let Selection::Relation {
        source,
        target,
        first,
    } = harness.state().selection()
    else {
        panic!("a relation is selected: {:?}", harness.state().selection());
    };
    assert_eq!((source, target), (s.source, s.target));
    assert_eq!(RelationLabel::of(&a.extraction.relations[first]), s.label);
    assert_eq!(
        labels(&harness, category),
        before + 1,
        "its category is shown"
    );
    // Each end is a link that selects it.
    let other = if s.source == entity {
        s.target
    } else {
        s.source
    };
    click_link(&mut harness, &a.extraction.entities[other].name);
    assert_eq!(harness.state().selection(), Selection::Entity(other));
}

#[test]
fn a_selected_relation_hidden_by_the_filters_says_so() {
    let a = common::seeds();
    let all = stated(a);
    let s = &all[0];
    let mut harness = harness();
    search(&mut harness, &a.extraction.entities[s.source].name);
    click_link(&mut harness, &s.line(a));
    let hidden = "Hidden by the current filters.";
    assert!(harness.query_by_label(hidden).is_none());
    toggle(&mut harness, s.label.category.as_str());
    assert!(matches!(
        harness.state().selection(),
        Selection::Relation { .. }
    ));
    harness.get_by_label(hidden);
}
