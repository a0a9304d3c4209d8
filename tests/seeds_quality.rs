//! Precision and recall of entity recognition on the seed articles, per kind,
//! against the hand-made list in `tests/fixtures/seeds_entities.tsv`. Fails
//! below 0.95 or when one listed entity is split over several.

mod common;

use std::collections::HashMap;

use newsgraph::assets::Table;
use newsgraph::extract::{Entity, Kind};

struct Gold {
    kind: Kind,
    name: String,
    aliases: Vec<String>,
}

fn gold() -> Vec<Gold> {
    let text = include_str!("fixtures/seeds_entities.tsv");
    let table = Table::parse("seeds_entities.tsv", text).unwrap();
    let (kind, name, aliases) = (
        table.column("kind").unwrap(),
        table.column("name").unwrap(),
        table.column("aliases").unwrap(),
    );
    table
        .rows()
        .map(|r| Gold {
            kind: Kind::parse(r.cell(kind)).unwrap(),
            name: r.cell(name).to_owned(),
            aliases: r.values(aliases).map(str::to_owned).collect(),
        })
        .collect()
}

/// Predicted entities that are this gold entity: same canonical name, or an
/// alias no other gold entity uses.
fn matches<'a>(
    g: &Gold,
    shared: &HashMap<&str, usize>,
    predicted: &'a [Entity],
) -> Vec<&'a Entity> {
    predicted
        .iter()
        .filter(|p| {
            p.name == g.name
                || g.aliases
                    .iter()
                    .any(|a| shared[a.as_str()] == 1 && p.aliases.contains(a))
        })
        .collect()
}

#[test]
fn seed_entities_precision_and_recall_per_kind() {
    let analysis = common::seeds();
    let predicted = &analysis.extraction.entities;
    let gold = gold();
    let mut shared: HashMap<&str, usize> = HashMap::new();
    for g in &gold {
        for a in &g.aliases {
            *shared.entry(a.as_str()).or_default() += 1;
        }
    }
    let mut failures = Vec::new();
    println!(
        "{:<14} {:>9} {:>9}   gold  found",
        "kind", "precision", "recall"
    );
    for kind in Kind::ALL {
        let gold_k: Vec<&Gold> = gold.iter().filter(|g| g.kind == kind).collect();
        let mut found = 0;
        for g in &gold_k {
            let m = matches(g, &shared, predicted);
            if m.len() > 1 {
                let names: Vec<_> = m
                    .iter()
                    .map(|e| format!("{} ({:?})", e.name, e.kind))
                    .collect();
                failures.push(format!("{} is split over {}", g.name, names.join(", ")));
            }
            if m.iter().any(|e| e.kind == kind) {
                found += 1;
            } else {
                println!("  missed {:?} {}", kind, g.name);
            }
        }
        let pred_k: Vec<&Entity> = predicted.iter().filter(|p| p.kind == kind).collect();
        let correct = pred_k
            .iter()
            .filter(|p| {
                let ok = gold_k
                    .iter()
                    .any(|g| matches(g, &shared, predicted).iter().any(|e| e.id == p.id));
                if !ok {
                    println!("  unexpected {:?} {} {:?}", kind, p.name, p.aliases);
                }
                ok
            })
            .count();
        let precision = ratio(correct, pred_k.len());
        let recall = ratio(found, gold_k.len());
        println!(
            "{:<14} {:>9.3} {:>9.3}   {:>4} {:>6}",
            kind.as_str(),
            precision,
            recall,
            gold_k.len(),
            pred_k.len()
        );
        if precision < 0.95 || recall < 0.95 {
            failures.push(format!(
                "{kind:?}: precision {precision:.3}, recall {recall:.3}"
            ));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 1.0 } else { a as f64 / b as f64 }
}
