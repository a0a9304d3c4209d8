//! The path finder: a window with two searchable entity pickers that finds
//! how the two are connected in the graph as shown, highlights the path on
//! the canvas and lists its hops, each with the sentence behind it.

use egui::{RichText, ScrollArea, TextEdit};

use super::inspector::InspectorEvent;
use super::{NewsgraphApp, search};
use crate::graph::path::{PathHop, shortest_path};
use crate::graph::view::GraphView;
use crate::pipeline::Analysis;
use crate::scene::Emphasis;

/// A text field that finds an entity by any of its names, with the best
/// matches offered below it.
#[derive(Debug, Clone, Default)]
struct EntityPicker {
    query: String,
    entity: Option<usize>,
}

impl EntityPicker {
    fn set(&mut self, analysis: &Analysis, entity: usize) {
        self.entity = Some(entity);
        self.query = analysis.extraction.entities[entity].name.clone();
    }

    /// The field and, until an entity is chosen, up to six matches to pick
    /// from. An exact name or alias picks its entity at once, Enter the best
    /// match. True when Enter was pressed in the field.
    fn picker_ui(
        &mut self,
        ui: &mut egui::Ui,
        label: &str,
        analysis: &Analysis,
        counts: &[usize],
        focus: bool,
    ) -> bool {
        let (matches, submitted) = ui
            .horizontal(|ui| {
                let label = ui.add_sized([40.0, 20.0], egui::Label::new(label));
                let field = TextEdit::singleline(&mut self.query)
                    .hint_text("name or alias")
                    .desired_width(260.0);
                let response = ui.add(field).labelled_by(label.id);
                if focus {
                    response.request_focus();
                }
                let matches = search(analysis, counts, &self.query);
                if response.changed() {
                    self.entity = matches.first().filter(|m| m.1).map(|m| m.0);
                }
                let enter = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                (matches, enter)
            })
            .inner;
        if submitted
            && self.entity.is_none()
            && let Some(&(best, _)) = matches.first()
        {
            self.set(analysis, best);
        }
        ui.indent(label, |ui| match self.entity {
            Some(e) => {
                let entity = &analysis.extraction.entities[e];
                ui.weak(format!("{} ({})", entity.name, entity.kind.as_str()));
            }
            None if self.query.trim().is_empty() => {}
            None if matches.is_empty() => {
                ui.weak("No entity by that name.");
            }
            None => {
                ui.horizontal_wrapped(|ui| {
                    for &(e, _) in matches.iter().take(6) {
                        if ui
                            .small_button(&analysis.extraction.entities[e].name)
                            .clicked()
                        {
                            self.set(analysis, e);
                        }
                    }
                });
            }
        });
        submitted
    }
}

/// A path found between two entities in a view.
#[derive(Debug, Clone, PartialEq)]
pub struct FoundPath {
    pub from: usize,
    pub to: usize,
    /// The hops, or none when the two are not connected in the view.
    pub hops: Option<Vec<PathHop>>,
    /// The view nodes on the path, in order.
    nodes: Vec<usize>,
    /// The view edges between consecutive nodes of the path, ascending.
    edges: Vec<usize>,
}

impl FoundPath {
    fn find(analysis: &Analysis, view: &GraphView, from: usize, to: usize) -> FoundPath {
        let hops = shortest_path(analysis, view, from, to);
        let nodes: Vec<usize> = match &hops {
            Some(h) if !h.is_empty() => h
                .iter()
                .map(|hop| hop.from)
                .chain([to])
                .filter_map(|e| view.node_of(e))
                .collect(),
            _ => Vec::new(),
        };
        let edges = view
            .edges
            .iter()
            .enumerate()
            .filter(|(_, e)| {
                nodes
                    .windows(2)
                    .any(|p| (e.a, e.b) == (p[0], p[1]) || (e.a, e.b) == (p[1], p[0]))
            })
            .map(|(i, _)| i)
            .collect();
        FoundPath {
            from,
            to,
            hops,
            nodes,
            edges,
        }
    }
}

/// The path finder window's state.
#[derive(Debug, Clone, Default)]
pub struct PathFinder {
    open: bool,
    from: EntityPicker,
    to: EntityPicker,
    /// Put the keyboard in the "To" field (else in "From") on the next frame.
    focus: Option<bool>,
    found: Option<FoundPath>,
}

impl PathFinder {
    /// Opens the window, from `from` when given.
    pub fn open(&mut self, analysis: &Analysis, from: Option<usize>) {
        self.open = true;
        if let Some(e) = from {
            self.from.set(analysis, e);
        }
        self.focus = Some(from.is_some());
    }

    /// Finds the path again in a view that changed.
    pub fn refresh(&mut self, analysis: &Analysis, view: &GraphView) {
        if let Some(found) = &self.found {
            self.found = Some(FoundPath::find(analysis, view, found.from, found.to));
        }
    }

    pub fn found(&self) -> Option<&FoundPath> {
        self.found.as_ref()
    }

    /// `emphasis` with the path standing out instead of the selection.
    pub fn emphasis<'a>(&'a self, emphasis: Emphasis<'a>) -> Emphasis<'a> {
        match &self.found {
            Some(found) if !found.nodes.is_empty() => Emphasis {
                node: None,
                edge: None,
                path_nodes: &found.nodes,
                path_edges: &found.edges,
                ..emphasis
            },
            _ => emphasis,
        }
    }

    /// The window; returns what the user asked to see in the viewer.
    pub fn window_ui(
        &mut self,
        ctx: &egui::Context,
        analysis: &Analysis,
        view: &GraphView,
        counts: &[usize],
    ) -> Option<InspectorEvent> {
        let mut open = self.open;
        let mut event = None;
        egui::Window::new("Path between two entities")
            .open(&mut open)
            .default_width(420.0)
            .default_pos(ctx.content_rect().left_top() + egui::vec2(480.0, 70.0))
            .show(ctx, |ui| {
                event = self.contents_ui(ui, analysis, view, counts)
            });
        self.open = open;
        if !open {
            self.found = None;
        }
        event
    }

    fn contents_ui(
        &mut self,
        ui: &mut egui::Ui,
        analysis: &Analysis,
        view: &GraphView,
        counts: &[usize],
    ) -> Option<InspectorEvent> {
        let focus = self.focus.take();
        let enter = self
            .from
            .picker_ui(ui, "From", analysis, counts, focus == Some(false))
            | self
                .to
                .picker_ui(ui, "To", analysis, counts, focus == Some(true));
        ui.horizontal(|ui| {
            let ends = self.from.entity.zip(self.to.entity);
            let button = ui.add_enabled(ends.is_some(), egui::Button::new("Show path"));
            if (button.clicked() || enter)
                && let Some((from, to)) = ends
            {
                self.found = Some(FoundPath::find(analysis, view, from, to));
            }
            ui.weak("in the graph as shown (filters and playback apply)");
        });
        ui.separator();
        let found = self.found.as_ref()?;
        hops_ui(ui, analysis, view, found)
    }
}

/// The result: "no path", or the hops with their sentences (click one to
/// open it in the viewer).
fn hops_ui(
    ui: &mut egui::Ui,
    analysis: &Analysis,
    view: &GraphView,
    found: &FoundPath,
) -> Option<InspectorEvent> {
    let name = |e: usize| analysis.extraction.entities[e].name.as_str();
    let (from, to) = (name(found.from), name(found.to));
    let hops = match &found.hops {
        None if view.node_of(found.from).is_none() || view.node_of(found.to).is_none() => {
            let hidden = if view.node_of(found.from).is_none() {
                from
            } else {
                to
            };
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("No path: {hidden} is not in the graph as shown."),
            );
            return None;
        }
        None => {
            ui.colored_label(
                ui.visuals().warn_fg_color,
                format!("No path between {from} and {to} in the graph as shown."),
            );
            return None;
        }
        Some(hops) if hops.is_empty() => {
            ui.label("Pick two different entities.");
            return None;
        }
        Some(hops) => hops,
    };
    let plural = if hops.len() == 1 { "" } else { "s" };
    ui.label(RichText::new(format!("From {from} to {to}: {} hop{plural}", hops.len())).strong());
    let mut event = None;
    ScrollArea::vertical()
        .id_salt("path hops")
        .max_height(420.0)
        .show(ui, |ui| {
            for (i, hop) in hops.iter().enumerate() {
                let times = if hop.weight == 1 { "" } else { "s" };
                ui.label(format!(
                    "{}. {} — {} ({} co-mention{times})",
                    i + 1,
                    name(hop.from),
                    name(hop.to),
                    hop.weight
                ));
                if let Some(ev) = hop.evidence {
                    ui.weak(&analysis.corpus.documents[ev.doc()].title);
                    if ui.link(analysis.evidence_text(&ev)).clicked() {
                        event = Some(InspectorEvent::ShowEvidence {
                            doc: ev.doc(),
                            sentence: ev.range(),
                        });
                    }
                }
                ui.add_space(6.0);
            }
        });
    event
}

impl NewsgraphApp {
    /// Opens the path finder from the selected entity, if one is.
    pub(super) fn open_path_finder(&mut self, from: Option<usize>) {
        if let Some(analysis) = &self.analysis {
            self.path_finder.open(analysis, from);
        }
    }

    /// The path finder's window, when open.
    pub(super) fn path_finder_ui(&mut self, ctx: &egui::Context, now: f64) {
        let Some(analysis) = self.analysis.clone() else {
            return;
        };
        let counts = &self.totals.mention_counts;
        let event = self
            .path_finder
            .window_ui(ctx, &analysis, &self.view, counts);
        self.inspector_event(event, now);
    }

    /// The path last found, if the path finder is open.
    pub fn found_path(&self) -> Option<&FoundPath> {
        self.path_finder.found()
    }
}
