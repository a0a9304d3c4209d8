//! Story playback: the graph as it stood after the first `k` documents in
//! timeline order, with a bar to play, pause and step through it. Nodes and
//! edges that a step adds fade in; nodes that stay keep their places.

use std::collections::{HashMap, HashSet};

use egui::{Panel, RichText};

use super::{Command, NewsgraphApp};
use crate::graph::timeline::{document_days, filters_as_of, timeline_order};
use crate::graph::view::{Filters, GraphView, ViewEdge};
use crate::pipeline::Analysis;
use crate::scene::Emphasis;

/// Seconds a new node or edge takes to fade in.
const FADE_SECONDS: f64 = 0.6;

/// Seconds between two steps while playing.
const STEP_SECONDS: f64 = 1.5;

/// An edge by its entities (source of a relation first) and whether it is a
/// relation, which stays the same while views are rebuilt.
type EdgeKey = (usize, usize, bool);

/// The entities and edges a view shows.
#[derive(Debug, Clone, Default)]
struct Shown {
    nodes: HashSet<usize>,
    edges: HashSet<EdgeKey>,
}

impl Shown {
    fn of(view: &GraphView) -> Shown {
        Shown {
            nodes: view.nodes.iter().copied().collect(),
            edges: view.edges.iter().map(|e| edge_key(view, e)).collect(),
        }
    }
}

fn edge_key(view: &GraphView, e: &ViewEdge) -> EdgeKey {
    (view.nodes[e.a], view.nodes[e.b], e.relation)
}

/// The playback state.
#[derive(Debug, Clone, Default)]
pub struct StoryPlayer {
    active: bool,
    /// Document indices in timeline order.
    order: Vec<usize>,
    /// The calendar day of each document, if it has one.
    days: Vec<Option<String>>,
    /// How many documents of `order` are shown.
    step: usize,
    /// The time of the next step while playing.
    next_step_at: Option<f64>,
    /// When each entity that is still fading in appeared.
    node_since: HashMap<usize, f64>,
    /// When each edge that is still fading in appeared.
    edge_since: HashMap<EdgeKey, f64>,
    /// The opacity of each view node this frame; empty when all are opaque.
    node_opacity: Vec<f32>,
    /// The opacity of each view edge this frame; empty when all are opaque.
    edge_opacity: Vec<f32>,
}

impl StoryPlayer {
    /// Playback of `analysis` at its first document, paused.
    pub fn start(analysis: &Analysis) -> StoryPlayer {
        let order = timeline_order(&analysis.corpus);
        StoryPlayer {
            active: true,
            step: order.len().min(1),
            days: document_days(&analysis.corpus),
            order,
            ..StoryPlayer::default()
        }
    }

    pub fn is_active(&self) -> bool {
        self.active
    }

    pub fn is_playing(&self) -> bool {
        self.next_step_at.is_some()
    }

    /// How many documents are shown.
    pub fn step(&self) -> usize {
        self.step
    }

    /// The filters of the view: `base` as of the current step while active.
    pub fn filters(&self, base: &Filters) -> Filters {
        if self.active {
            filters_as_of(base, &self.order, self.step)
        } else {
            base.clone()
        }
    }

    /// Moves to step `step` (clamped); false when it was there already.
    pub fn go_to(&mut self, step: usize) -> bool {
        let step = step.min(self.order.len());
        let moved = step != self.step;
        self.step = step;
        if step == self.order.len() {
            self.next_step_at = None;
        }
        moved
    }

    /// The last document shown, if any.
    pub fn document(&self) -> Option<usize> {
        self.step.checked_sub(1).map(|i| self.order[i])
    }

    /// Plays from where it is (from the start when at the end), or pauses.
    /// Returns the step to show now, if it changes.
    pub fn play_pause(&mut self, now: f64) -> Option<usize> {
        if self.next_step_at.take().is_some() {
            return None;
        }
        self.next_step_at = Some(now + STEP_SECONDS);
        (self.step == self.order.len()).then_some(1)
    }

    /// Remembers when the entities and edges `view` shows and `before` did
    /// not appeared, so they fade in.
    fn appeared(&mut self, before: &Shown, view: &GraphView, now: f64) {
        self.node_since.retain(|_, t| now - *t < FADE_SECONDS);
        self.edge_since.retain(|_, t| now - *t < FADE_SECONDS);
        for &e in view.nodes.iter().filter(|e| !before.nodes.contains(e)) {
            self.node_since.insert(e, now);
        }
        for key in view.edges.iter().map(|e| edge_key(view, e)) {
            if !before.edges.contains(&key) {
                self.edge_since.insert(key, now);
            }
        }
    }

    /// While playing, the command that takes the next step once it is due;
    /// asks for a repaint then.
    pub fn due(&mut self, ctx: &egui::Context, now: f64) -> Option<Command> {
        let at = self.next_step_at?;
        if now < at {
            ctx.request_repaint_after_secs((at - now) as f32);
            return None;
        }
        self.next_step_at = Some(at.max(now - STEP_SECONDS) + STEP_SECONDS);
        ctx.request_repaint();
        Some(Command::PlaybackTo(self.step + 1))
    }

    /// Works out the opacity of every node and edge of `view` at `now`, and
    /// asks for repaints while some are fading in.
    pub fn fade(&mut self, ctx: &egui::Context, view: &GraphView, now: f64) {
        let ramp = |since: Option<&f64>| {
            since.map_or(1.0, |t| ((now - t) / FADE_SECONDS).clamp(0.0, 1.0) as f32)
        };
        self.node_since.retain(|_, t| now - *t < FADE_SECONDS);
        self.edge_since.retain(|_, t| now - *t < FADE_SECONDS);
        self.node_opacity.clear();
        self.edge_opacity.clear();
        if self.node_since.is_empty() && self.edge_since.is_empty() {
            return;
        }
        ctx.request_repaint();
        let nodes = view.nodes.iter().map(|e| ramp(self.node_since.get(e)));
        self.node_opacity.extend(nodes);
        let edges = view
            .edges
            .iter()
            .map(|e| ramp(self.edge_since.get(&edge_key(view, e))));
        self.edge_opacity.extend(edges);
    }

    /// `emphasis` with the opacities of this frame.
    pub fn emphasis<'a>(&'a self, emphasis: Emphasis<'a>) -> Emphasis<'a> {
        Emphasis {
            node_opacity: &self.node_opacity,
            edge_opacity: &self.edge_opacity,
            ..emphasis
        }
    }

    /// The playback bar: back, play or pause, forward, the step slider, the
    /// current document's date and title, and a button to stop.
    pub fn bar_ui(&self, ui: &mut egui::Ui, analysis: &Analysis, commands: &mut Vec<Command>) {
        Panel::bottom("playback").show(ui, |ui| {
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                if ui
                    .button("‹ Back")
                    .on_hover_text("Left arrow key")
                    .clicked()
                {
                    commands.push(Command::PlaybackTo(self.step.saturating_sub(1)));
                }
                let play = if self.is_playing() { "Pause" } else { "Play" };
                if ui.button(play).on_hover_text("P").clicked() {
                    commands.push(Command::PlayPause);
                }
                if ui
                    .button("Forward ›")
                    .on_hover_text("Right arrow key")
                    .clicked()
                {
                    commands.push(Command::PlaybackTo(self.step + 1));
                }
                let mut step = self.step;
                ui.spacing_mut().slider_width = (ui.available_width() - 320.0).max(120.0);
                let slider = egui::Slider::new(&mut step, 0..=self.order.len())
                    .text("documents shown")
                    .integer();
                if ui.add(slider).changed() {
                    commands.push(Command::PlaybackTo(step));
                }
                if ui.button("Stop playback").on_hover_text("T").clicked() {
                    commands.push(Command::TogglePlayback);
                }
            });
            // One line, so the bar keeps its height from step to step.
            let caption = RichText::new(self.caption(analysis)).size(16.0);
            ui.add(egui::Label::new(caption).truncate());
            ui.add_space(2.0);
        });
    }

    /// "Document 2 of 5 · 2021-12-07 · Title", or what step 0 shows.
    fn caption(&self, analysis: &Analysis) -> String {
        let Some(doc) = self.document() else {
            return format!(
                "Before the first of {} documents: press Play or the right arrow key",
                self.order.len()
            );
        };
        let day = self.days[doc].as_deref().unwrap_or("undated");
        let title = &analysis.corpus.documents[doc].title;
        format!(
            "Document {} of {} · {day} · {title}",
            self.step,
            self.order.len()
        )
    }
}

impl NewsgraphApp {
    /// Shows the graph as of step `step` of the story.
    pub(super) fn go_to_step(&mut self, step: usize, now: f64) {
        if self.story.go_to(step) {
            self.show_story(now);
        }
    }

    /// Starts playback at the first document, or stops it and shows the
    /// whole filtered graph again.
    pub(super) fn toggle_playback(&mut self, now: f64) {
        let Some(analysis) = self.analysis.clone() else {
            return;
        };
        self.story = if self.story.is_active() {
            StoryPlayer::default()
        } else {
            StoryPlayer::start(&analysis)
        };
        // The camera stays on the whole graph while the story grows in it.
        self.canvas.auto_fit = !self.story.is_active();
        self.show_story(now);
    }

    /// Rebuilds the view for the story's step, fading in what it adds, and
    /// shows the step's last document.
    fn show_story(&mut self, now: f64) {
        let before = Shown::of(&self.view);
        self.rebuild_view(false);
        self.story.appeared(&before, &self.view, now);
        if let Some(doc) = self.story.document() {
            self.viewer.show(doc, 0, None);
        }
    }

    /// Plays or pauses the story, starting playback if it is off.
    pub(super) fn play_pause(&mut self, now: f64) {
        if !self.story.is_active() {
            self.toggle_playback(now);
        }
        if let Some(step) = self.story.play_pause(now) {
            self.go_to_step(step, now);
        }
    }

    /// Whether story playback is on.
    pub fn playback_active(&self) -> bool {
        self.story.is_active()
    }

    /// Whether the story is playing.
    pub fn playback_playing(&self) -> bool {
        self.story.is_playing()
    }

    /// How many documents playback shows.
    pub fn playback_step(&self) -> usize {
        self.story.step()
    }
}
