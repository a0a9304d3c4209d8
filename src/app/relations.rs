//! Stated relations in the inspector: the selected entity's relations in
//! both directions ("Antony Blinken → met with → Sergei Lavrov"), each with
//! its sentences, and the details of a selected relation edge (label,
//! category, polarity, negation, hedging). Also maps between a relation
//! selection and the edge the canvas draws for it.

use egui::{RichText, ScrollArea};
use petgraph::Direction;
use petgraph::graph::{EdgeIndex, NodeIndex};
use petgraph::visit::EdgeRef;

use super::inspector::{InspectorEvent, Selection, evidence_ui};
use crate::graph::RelationLabel;
use crate::graph::view::GraphView;
use crate::pipeline::Analysis;

/// The selection of the edge the canvas draws as view edge `edge`: a
/// relation, or the co-mention of its two entities.
pub fn selection_of(analysis: &Analysis, view: &GraphView, edge: usize) -> Selection {
    let Some(e) = view.edges.get(edge) else {
        return Selection::None;
    };
    let (a, b) = (view.nodes[e.a], view.nodes[e.b]);
    if e.relation {
        relation_selection(analysis, view, e.edge).unwrap_or(Selection::None)
    } else {
        Selection::edge(a, b)
    }
}

/// The selection of the relation edge `edge` of the view's graph: its
/// entities and the first relation stating it.
fn relation_selection(analysis: &Analysis, view: &GraphView, edge: EdgeIndex) -> Option<Selection> {
    let label = view.graph.graph.edge_weight(edge)?.kind.relation()?;
    let (source, target) = view.graph.endpoints(edge);
    let first =
        analysis.extraction.relations.iter().position(|r| {
            (r.source, r.target) == (source, target) && RelationLabel::of(r) == *label
        })?;
    Some(Selection::Relation {
        source,
        target,
        first,
    })
}

/// The edge of the view's graph that a relation selection stands for.
fn graph_edge(analysis: &Analysis, view: &GraphView, selection: Selection) -> Option<EdgeIndex> {
    let Selection::Relation {
        source,
        target,
        first,
    } = selection
    else {
        return None;
    };
    let label = RelationLabel::of(analysis.extraction.relations.get(first)?);
    view.graph
        .graph
        .edges_connecting(NodeIndex::new(source), NodeIndex::new(target))
        .find(|e| e.weight().kind.relation() == Some(&label))
        .map(|e| e.id())
}

/// The view edge (as the canvas numbers them) of a relation selection, if
/// the filters show it.
pub fn view_edge(analysis: &Analysis, view: &GraphView, selection: Selection) -> Option<usize> {
    let edge = graph_edge(analysis, view, selection)?;
    view.edges.iter().position(|e| e.edge == edge)
}

/// "Source → label → Target".
fn sentence(analysis: &Analysis, view: &GraphView, edge: EdgeIndex) -> Option<String> {
    let label = view.graph.graph[edge].kind.relation()?;
    let (source, target) = view.graph.endpoints(edge);
    let name = |e: usize| &analysis.extraction.entities[e].name;
    Some(format!(
        "{} → {} → {}",
        name(source),
        label.phrase(),
        name(target)
    ))
}

/// The relation edges of `entity` in the included documents: those it
/// states first (by label, then other entity), then those stated of it.
fn relations_of(view: &GraphView, entity: usize) -> Vec<EdgeIndex> {
    let graph = &view.graph.graph;
    let node = NodeIndex::new(entity);
    let mut out = Vec::new();
    for direction in [Direction::Outgoing, Direction::Incoming] {
        let mut edges: Vec<(&RelationLabel, usize, EdgeIndex)> = graph
            .edges_directed(node, direction)
            .filter_map(|e| {
                let label = e.weight().kind.relation()?;
                let (source, target) = view.graph.endpoints(e.id());
                let other = if source == entity { target } else { source };
                Some((label, other, e.id()))
            })
            .collect();
        edges.sort();
        out.extend(edges.into_iter().map(|(_, _, e)| e));
    }
    out
}

/// The relations of `entity` (only those with `other`, if given), each a
/// link to the relation edge followed by its sentences (each opening its
/// document).
pub fn relations_ui(
    ui: &mut egui::Ui,
    analysis: &Analysis,
    view: &GraphView,
    entity: usize,
    other: Option<usize>,
) -> Option<InspectorEvent> {
    let edges: Vec<EdgeIndex> = relations_of(view, entity)
        .into_iter()
        .filter(|&e| {
            let (source, target) = view.graph.endpoints(e);
            other.is_none_or(|o| source == o || target == o)
        })
        .collect();
    if edges.is_empty() {
        return None;
    }
    ui.label(RichText::new(format!("Stated relations ({})", edges.len())).strong());
    let mut event = None;
    for edge in edges {
        if let Some(clicked) = relation_row_ui(ui, analysis, view, edge) {
            event = Some(clicked);
        }
    }
    event
}

/// One relation: its sentence as a link selecting the edge, then the
/// sentences stating it.
fn relation_row_ui(
    ui: &mut egui::Ui,
    analysis: &Analysis,
    view: &GraphView,
    edge: EdgeIndex,
) -> Option<InspectorEvent> {
    let text = sentence(analysis, view, edge)?;
    let mut event = None;
    if ui.link(text).clicked() {
        event = relation_selection(analysis, view, edge).map(InspectorEvent::Select);
    }
    ui.indent(("relation", edge.index()), |ui| {
        if let Some(shown) = evidence_ui(ui, analysis, &view.graph.graph[edge].evidence) {
            event = Some(shown);
        }
    });
    event
}

/// Details of a selected relation edge: its ends (links selecting them),
/// what it states, and its sentences.
pub fn relation_ui(
    ui: &mut egui::Ui,
    analysis: &Analysis,
    view: &GraphView,
    selection: Selection,
) -> Option<InspectorEvent> {
    let Some(edge) = graph_edge(analysis, view, selection) else {
        ui.weak("Not stated in the included documents.");
        return None;
    };
    let data = &view.graph.graph[edge];
    let label = data.kind.relation()?;
    let (source, target) = view.graph.endpoints(edge);
    let mut event = None;
    ui.horizontal_wrapped(|ui| {
        for (i, e) in [source, target].into_iter().enumerate() {
            if i == 1 {
                ui.heading(format!("→ {} →", label.phrase()));
            }
            let name = RichText::new(&analysis.extraction.entities[e].name).heading();
            if ui.link(name).clicked() {
                event = Some(InspectorEvent::Select(Selection::Entity(e)));
            }
        }
    });
    let yes_no = |flag: bool| if flag { "yes" } else { "no" };
    egui::Grid::new("relation").num_columns(2).show(ui, |ui| {
        let rows = [
            ("label", label.label.as_str()),
            ("category", label.category.as_str()),
            ("polarity", label.polarity.as_str()),
            ("negated", yes_no(label.negated)),
            ("hedged", yes_no(label.hedged)),
        ];
        for (name, value) in rows {
            ui.weak(name);
            ui.label(value);
            ui.end_row();
        }
    });
    if view_edge(analysis, view, selection).is_none() {
        ui.weak("Hidden by the current filters.");
    }
    let plural = if data.weight == 1 { "" } else { "s" };
    ui.label(format!("stated in {} sentence{plural}", data.weight));
    ui.label(RichText::new("Evidence").strong());
    ScrollArea::vertical().id_salt("evidence").show(ui, |ui| {
        if let Some(shown) = evidence_ui(ui, analysis, &data.evidence) {
            event = Some(shown);
        }
    });
    event
}
