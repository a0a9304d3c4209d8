//! How two entities are connected: the shortest chain of edges between them
//! in a [`GraphView`], each link with one sentence that supports it.

use super::Evidence;
use super::metrics;
use super::stats::{count_weights, weighted_graph};
use super::view::GraphView;
use crate::extract::Extraction;
use crate::pipeline::Analysis;

/// One link of a path: two entities (indices into the extraction's
/// entities) and the evidence of their edge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PathHop {
    pub from: usize,
    pub to: usize,
    /// The edge's weight (co-mention count).
    pub weight: u32,
    /// The edge's first evidence sentence that names both entities, else
    /// its first evidence sentence (with a paragraph or document window the
    /// two may be named in different sentences).
    pub evidence: Option<Evidence>,
}

/// The path from entity `from` to entity `to` through the edges of `view`
/// with the fewest hops; among those, the one with the most co-mentions in
/// total, then the one through smaller entity indices (see
/// [`metrics::shortest_path`]). `None` when either entity is not in the view
/// or they are not connected; an empty path when `from == to`.
pub fn shortest_path(
    analysis: &Analysis,
    view: &GraphView,
    from: usize,
    to: usize,
) -> Option<Vec<PathHop>> {
    let (start, end) = (view.node_of(from)?, view.node_of(to)?);
    let graph = weighted_graph(view, &count_weights(view));
    let nodes = metrics::shortest_path(&graph, start, end)?;
    nodes
        .windows(2)
        .map(|pair| hop(analysis, view, pair[0], pair[1]))
        .collect()
}

/// The hop between view nodes `a` and `b` over their heaviest edge (the
/// first one on ties).
fn hop(analysis: &Analysis, view: &GraphView, a: usize, b: usize) -> Option<PathHop> {
    let edge = view
        .neighbours(a)
        .filter(|&(other, _)| other == b)
        .map(|(_, edge)| edge)
        .reduce(|best, e| if e.weight > best.weight { e } else { best })?;
    let (from, to) = (view.nodes[a], view.nodes[b]);
    let evidence = &view.graph.graph.edge_weight(edge.edge)?.evidence;
    let ex = &analysis.extraction;
    Some(PathHop {
        from,
        to,
        weight: edge.weight,
        evidence: evidence
            .iter()
            .find(|ev| names(ex, ev, from) && names(ex, ev, to))
            .or(evidence.first())
            .copied(),
    })
}

/// Whether the span of `evidence` holds a mention of `entity`.
fn names(extraction: &Extraction, evidence: &Evidence, entity: usize) -> bool {
    let span = evidence.range();
    extraction
        .mentions_in(evidence.doc())
        .iter()
        .any(|m| m.entity() == entity && m.start() >= span.start && m.end() <= span.end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::Window;
    use crate::graph::view::Filters;
    use crate::pipeline::analyze_texts;

    const TEXT: &str = "Chile and Peru met. Chile and Bolivia talked. Peru and Chile agreed.";

    fn entity(a: &Analysis, id: &str) -> usize {
        a.extraction.entity_index(id).expect("entity")
    }

    fn hops(a: &Analysis, view: &GraphView, from: &str, to: &str) -> Option<Vec<PathHop>> {
        shortest_path(a, view, entity(a, from), entity(a, to))
    }

    fn text<'a>(a: &'a Analysis, hop: &PathHop) -> &'a str {
        hop.evidence.map_or("", |ev| a.evidence_text(&ev))
    }

    #[test]
    fn path_hops_carry_their_sentences() {
        let a = analyze_texts(&[
            ("a.txt", TEXT),
            ("b.txt", "Peru and Ecuador signed. France and Spain met."),
        ]);
        let view = GraphView::build(&a, &Filters::default());
        let path = hops(&a, &view, "bolivia", "ecuador").expect("connected");
        let chain: Vec<(usize, usize, u32)> =
            path.iter().map(|h| (h.from, h.to, h.weight)).collect();
        let [bolivia, chile, peru, ecuador] =
            ["bolivia", "chile", "peru", "ecuador"].map(|id| entity(&a, id));
        assert_eq!(
            chain,
            [(bolivia, chile, 1), (chile, peru, 2), (peru, ecuador, 1)]
        );
        let sentences: Vec<&str> = path.iter().map(|h| text(&a, h)).collect();
        assert_eq!(
            sentences,
            [
                "Chile and Bolivia talked.",
                "Chile and Peru met.",
                "Peru and Ecuador signed."
            ]
        );
        assert_eq!(hops(&a, &view, "chile", "france"), None);
        assert_eq!(hops(&a, &view, "chile", "chile"), Some(Vec::new()));
    }

    #[test]
    fn entities_outside_the_view_have_no_path() {
        let a = analyze_texts(&[("a.txt", TEXT), ("b.txt", "Peru and Ecuador signed.")]);
        let filters = Filters {
            excluded_docs: [1].into(),
            ..Filters::default()
        };
        let view = GraphView::build(&a, &filters);
        assert_eq!(hops(&a, &view, "chile", "ecuador"), None);
    }

    #[test]
    fn evidence_naming_both_is_preferred() {
        let a = analyze_texts(&[(
            "a.txt",
            "Chile spoke. Bolivia listened.\nChile and Bolivia agreed.",
        )]);
        let view = GraphView::build(&a, &Filters::all(Window::Paragraph));
        let path = hops(&a, &view, "chile", "bolivia").expect("linked");
        assert_eq!(path.len(), 1);
        assert_eq!(text(&a, &path[0]), "Chile and Bolivia agreed.");
    }
}
