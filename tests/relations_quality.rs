//! Precision and recall of relation extraction on the seed articles, overall
//! and per category, against the hand-made list in
//! `tests/fixtures/seeds_relations.tsv`. A predicted relation matches a gold
//! row when the document, the category, both entities (by canonical name or
//! alias) and the sentence (it contains the row's excerpt) agree. Fails below
//! precision 0.9 or recall 0.7.

mod common;

use std::collections::BTreeMap;

use newsgraph::assets::Table;
use newsgraph::extract::{Category, Entity, Relation};
use newsgraph::pipeline::Analysis;

struct Gold {
    doc: String,
    source: String,
    category: Category,
    target: String,
    negated: bool,
    hedged: bool,
    excerpt: String,
}

fn gold() -> Vec<Gold> {
    let text = include_str!("fixtures/seeds_relations.tsv");
    let table = Table::parse("seeds_relations.tsv", text).unwrap();
    let column = |name: &str| table.column(name).unwrap();
    let (doc, source, relation, target) = (
        column("doc"),
        column("source"),
        column("relation"),
        column("target"),
    );
    let (negated, hedged, excerpt) = (column("negated"), column("hedged"), column("excerpt"));
    table
        .rows()
        .map(|r| {
            let category = r.cell(relation).rsplit('/').next().unwrap_or("");
            Gold {
                doc: r.cell(doc).to_owned(),
                source: r.cell(source).to_owned(),
                category: Category::parse(category)
                    .unwrap_or_else(|| panic!("line {}: category {category}", r.line)),
                target: r.cell(target).to_owned(),
                negated: r.cell(negated) == "true",
                hedged: r.cell(hedged) == "true",
                excerpt: r.cell(excerpt).to_owned(),
            }
        })
        .collect()
}

/// A predicted relation as the test compares it.
struct Predicted<'a> {
    doc: &'a str,
    source: &'a Entity,
    target: &'a Entity,
    relation: &'a Relation,
    sentence: &'a str,
}

/// One prediction per document, sentence, entity pair and category.
fn predicted(a: &Analysis) -> Vec<Predicted<'_>> {
    let ex = &a.extraction;
    let mut seen = std::collections::BTreeSet::new();
    ex.relations
        .iter()
        .filter(|r| seen.insert((r.doc, r.sentence, r.source, r.target, r.category)))
        .map(|r| {
            let doc = &a.corpus.documents[r.doc];
            Predicted {
                doc: doc.path.rsplit('/').next().unwrap_or(&doc.path),
                source: &ex.entities[r.source],
                target: &ex.entities[r.target],
                relation: r,
                sentence: doc.text.get(r.start..r.end).unwrap_or(""),
            }
        })
        .collect()
}

fn names(e: &Entity, name: &str) -> bool {
    e.name == name || e.aliases.iter().any(|a| a == name)
}

fn matches(g: &Gold, p: &Predicted) -> bool {
    g.doc == p.doc
        && g.category == p.relation.category
        && names(p.source, &g.source)
        && names(p.target, &g.target)
        && p.sentence.contains(&g.excerpt)
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}

#[derive(Default)]
struct Count {
    gold: usize,
    found: usize,
    predicted: usize,
    correct: usize,
}

#[test]
fn seed_relations_precision_and_recall() {
    let analysis = common::seeds();
    let gold = gold();
    let predicted = predicted(analysis);
    let mut counts: BTreeMap<Category, Count> = BTreeMap::new();
    let (mut same_negation, mut same_hedge, mut pairs) = (0, 0, 0);
    for g in &gold {
        let count = counts.entry(g.category).or_default();
        count.gold += 1;
        match predicted.iter().find(|p| matches(g, p)) {
            Some(p) => {
                count.found += 1;
                pairs += 1;
                same_negation += usize::from(p.relation.negated == g.negated);
                same_hedge += usize::from(p.relation.hedged == g.hedged);
            }
            None => println!(
                "  missed  {} {} —{}→ {}   «{}»",
                &g.doc[..3],
                g.source,
                g.category.as_str(),
                g.target,
                g.excerpt
            ),
        }
    }
    for p in &predicted {
        let count = counts.entry(p.relation.category).or_default();
        count.predicted += 1;
        if gold.iter().any(|g| matches(g, p)) {
            count.correct += 1;
        } else {
            println!(
                "  wrong   {} {} —{} ({})→ {}   «{}»",
                &p.doc[..3],
                p.source.name,
                p.relation.label,
                p.relation.category.as_str(),
                p.target.name,
                p.sentence
            );
        }
    }
    println!(
        "\n{:<12} {:>9} {:>9}   gold  found  predicted",
        "category", "precision", "recall"
    );
    let mut total = Count::default();
    for (category, c) in &counts {
        println!(
            "{:<12} {:>9.3} {:>9.3}   {:>4} {:>6} {:>10}",
            category.as_str(),
            ratio(c.correct, c.predicted),
            ratio(c.found, c.gold),
            c.gold,
            c.found,
            c.predicted
        );
        total.gold += c.gold;
        total.found += c.found;
        total.predicted += c.predicted;
        total.correct += c.correct;
    }
    let precision = ratio(total.correct, total.predicted);
    let recall = ratio(total.found, total.gold);
    println!(
        "{:<12} {:>9.3} {:>9.3}   {:>4} {:>6} {:>10}",
        "all", precision, recall, total.gold, total.found, total.predicted
    );
    println!(
        "flags on found relations: negation agrees {same_negation}/{pairs}, hedging agrees {same_hedge}/{pairs}"
    );
    assert!(
        precision >= 0.9 && recall >= 0.7,
        "precision {precision:.3}, recall {recall:.3}"
    );
}
