//! The inspector: details of the selected entity (aliases, roles, mentions,
//! degree, documents, stated relations, neighbours, next/previous mention)
//! or of the selected edge (its evidence sentences, each opening its
//! document; for a relation, what it states).

use std::ops::Range;

use egui::{RichText, ScrollArea};

use super::relations;
use crate::graph::Evidence;
use crate::graph::view::GraphView;
use crate::pipeline::Analysis;

/// What is selected, by entity indices (stable while filters change).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Selection {
    #[default]
    None,
    Entity(usize),
    /// An edge, by its two entities (smaller index first).
    Edge(usize, usize),
    /// A stated relation edge, by its entities and the first relation
    /// stating it (an index into the extraction's relations).
    Relation {
        source: usize,
        target: usize,
        first: usize,
    },
}

impl Selection {
    pub fn edge(a: usize, b: usize) -> Selection {
        Selection::Edge(a.min(b), a.max(b))
    }

    /// The selected entity, if one is.
    pub fn entity(&self) -> Option<usize> {
        match *self {
            Selection::Entity(e) => Some(e),
            _ => None,
        }
    }

    /// The selected entities.
    pub fn entities(&self) -> Vec<usize> {
        match *self {
            Selection::None => Vec::new(),
            Selection::Entity(e) => vec![e],
            Selection::Edge(a, b) => vec![a, b],
            Selection::Relation { source, target, .. } => vec![source, target],
        }
    }
}

/// What the user asked for in the inspector.
#[derive(Debug, Clone, PartialEq)]
pub enum InspectorEvent {
    Select(Selection),
    /// Show this document scrolled to a byte offset.
    Show {
        doc: usize,
        at: usize,
    },
    /// Show an evidence sentence highlighted.
    ShowEvidence {
        doc: usize,
        sentence: Range<usize>,
    },
    /// Find a path from this entity to another.
    PathFrom(usize),
}

/// Details of the selection.
pub fn inspector_ui(
    ui: &mut egui::Ui,
    analysis: &Analysis,
    view: &GraphView,
    selection: Selection,
    mention_cursor: &mut Option<usize>,
) -> Option<InspectorEvent> {
    match selection {
        Selection::None => {
            ui.weak("Click a node or an edge, a highlighted name in the text, or search by name.");
            None
        }
        Selection::Entity(e) => entity_ui(ui, analysis, view, e, mention_cursor),
        Selection::Edge(a, b) => edge_ui(ui, analysis, view, a, b),
        Selection::Relation { .. } => relations::relation_ui(ui, analysis, view, selection),
    }
}

fn entity_ui(
    ui: &mut egui::Ui,
    analysis: &Analysis,
    view: &GraphView,
    e: usize,
    cursor: &mut Option<usize>,
) -> Option<InspectorEvent> {
    let ex = &analysis.extraction;
    let entity = &ex.entities[e];
    let mut event = None;
    ui.heading(&entity.name);
    let node = view.node_of(e);
    let mentions: Vec<&crate::extract::Mention> =
        ex.mentions.iter().filter(|m| m.entity() == e).collect();
    let degree = node.map_or(0, |n| view.neighbours(n).count());
    ui.label(format!(
        "{} · {} mentions · degree {degree}",
        entity.kind.as_str(),
        mentions.len()
    ));
    if node.is_none() {
        ui.weak("Not in the graph: hidden by the filters or by a correction.");
    }
    if ui
        .button("Path to…")
        .on_hover_text("How this entity is connected to another")
        .clicked()
    {
        event = Some(InspectorEvent::PathFrom(e));
    }
    ui.label(RichText::new("Written as").strong());
    ui.label(entity.aliases.join(" · "));
    if !entity.roles.is_empty() {
        ui.label(RichText::new("Roles").strong());
        for role in &entity.roles {
            let of = role
                .of
                .map(|o| format!(" of {}", ex.entities[o].name))
                .unwrap_or_default();
            ui.label(format!("{}{of}", role.title));
        }
    }
    ui.horizontal(|ui| {
        let step = |delta: isize, cursor: &mut Option<usize>| {
            let n = mentions.len() as isize;
            let next = cursor.map_or(if delta > 0 { 0 } else { n - 1 }, |c| {
                (c as isize + delta).rem_euclid(n)
            });
            *cursor = Some(next as usize);
            let m = mentions[next as usize];
            InspectorEvent::Show {
                doc: m.doc(),
                at: m.start(),
            }
        };
        if ui.button("Previous mention").clicked() && !mentions.is_empty() {
            event = Some(step(-1, cursor));
        }
        if ui.button("Next mention").clicked() && !mentions.is_empty() {
            event = Some(step(1, cursor));
        }
        if let Some(c) = cursor {
            ui.weak(format!("{} / {}", *c + 1, mentions.len()));
        }
    });
    ui.label(RichText::new("Documents").strong());
    let mut docs: Vec<usize> = mentions.iter().map(|m| m.doc()).collect();
    docs.dedup();
    for doc in docs {
        let title = &analysis.corpus.documents[doc].title;
        if ui.link(title).clicked()
            && let Some(m) = mentions.iter().find(|m| m.doc() == doc)
        {
            event = Some(InspectorEvent::Show { doc, at: m.start() });
        }
    }
    if let Some(shown) = relations::relations_ui(ui, analysis, view, e, None) {
        event = Some(shown);
    }
    if let Some(n) = node {
        ui.label(RichText::new("Linked to").strong());
        let mut neighbours: Vec<(usize, u32)> = view
            .neighbours(n)
            .map(|(o, edge)| (view.nodes[o], edge.weight))
            .collect();
        neighbours.sort_by(|a, b| {
            b.1.cmp(&a.1)
                .then(ex.entities[a.0].name.cmp(&ex.entities[b.0].name))
        });
        ScrollArea::vertical()
            .id_salt("neighbours")
            .max_height(220.0)
            .show(ui, |ui| {
                for (other, weight) in neighbours {
                    let text = format!("{} ({weight})", ex.entities[other].name);
                    if ui.link(text).clicked() {
                        event = Some(InspectorEvent::Select(Selection::edge(e, other)));
                    }
                }
            });
    }
    event
}

fn edge_ui(
    ui: &mut egui::Ui,
    analysis: &Analysis,
    view: &GraphView,
    a: usize,
    b: usize,
) -> Option<InspectorEvent> {
    let ex = &analysis.extraction;
    let mut event = None;
    ui.horizontal_wrapped(|ui| {
        for (i, e) in [a, b].into_iter().enumerate() {
            if i == 1 {
                ui.heading("—");
            }
            if ui
                .link(RichText::new(&ex.entities[e].name).heading())
                .clicked()
            {
                event = Some(InspectorEvent::Select(Selection::Entity(e)));
            }
        }
    });
    let (na, nb) = (
        petgraph::graph::NodeIndex::new(a),
        petgraph::graph::NodeIndex::new(b),
    );
    let edge = view
        .graph
        .graph
        .edges_connecting(na, nb)
        .find(|e| !e.weight().kind.is_relation());
    if let Some(stated) = relations::relations_ui(ui, analysis, view, a, Some(b)) {
        event = Some(stated);
    }
    let Some(edge) = edge else {
        ui.weak("Not linked in the included documents.");
        return event;
    };
    let data = edge.weight();
    ui.label(format!(
        "co-mentioned in {} {}s",
        data.weight,
        view.graph.window.as_str()
    ));
    ui.label(RichText::new("Evidence").strong());
    ScrollArea::vertical().id_salt("evidence").show(ui, |ui| {
        if let Some(shown) = evidence_ui(ui, analysis, &data.evidence) {
            event = Some(shown);
        }
    });
    event
}

/// Evidence sentences under their documents' titles; clicking one shows it.
pub fn evidence_ui(
    ui: &mut egui::Ui,
    analysis: &Analysis,
    evidence: &[Evidence],
) -> Option<InspectorEvent> {
    let mut event = None;
    for ev in evidence {
        let title = &analysis.corpus.documents[ev.doc()].title;
        ui.weak(title);
        if ui.link(analysis.evidence_text(ev)).clicked() {
            event = Some(InspectorEvent::ShowEvidence {
                doc: ev.doc(),
                sentence: ev.range(),
            });
        }
        ui.add_space(6.0);
    }
    event
}
