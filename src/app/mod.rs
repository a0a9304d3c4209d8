//! The desktop app: the graph canvas beside the document viewer, with
//! filters, search, an inspector for the selection, and loading on a
//! background thread. The app only calls the headless core.

mod canvas;
mod commands;
mod correction_dialog;
mod edits;
mod export_dialog;
mod filters;
mod fonts;
mod inspector;
mod metrics;
mod node_style;
mod path_finder;
mod plots;
mod projects;
mod relations;
mod save_dialog;
mod settings;
mod status;
mod story;
mod task;
mod unsaved_prompt;
mod viewer;
mod worker;

use std::path::PathBuf;
use std::sync::Arc;

use egui::{Align2, Panel, ProgressBar, RichText};

pub use canvas::{CanvasEvent, GraphCanvas, paint};
pub use commands::{Ask, Command, EditCommand, ProjectCommand, SHORTCUTS};
pub use inspector::Selection;
pub use path_finder::FoundPath;
pub use worker::CorpusSpec;

use crate::graph::view::{Filters, GraphView, LAYOUT_SEED, MAX_SHARED_WINDOWS};
use crate::graph::{TooManyWindows, Window, amount};
use crate::layout::{Layout, LayoutParams};
use crate::pipeline::{Analysis, Settings};
use crate::scene::{Emphasis, Style, Theme};
use export_dialog::{ExportKind, ExportSource};
use inspector::InspectorEvent;
use status::{Level, StatusQueue};
use viewer::{DocumentViewer, ViewerEvent};
use worker::{Job, Message, SharedKnowledge};

/// The name under which eframe and [`settings`] store what is remembered.
const APP_ID: &str = "newsgraph";

/// Presentation mode enlarges the whole interface by this factor.
const PRESENTATION_ZOOM: f32 = 1.25;

/// Opens the app window on `spec`.
pub fn run(spec: CorpusSpec) -> eframe::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("newsgraph")
            .with_inner_size([1500.0, 920.0])
            .with_min_inner_size([800.0, 500.0])
            .with_drag_and_drop(true),
        persist_window: true,
        ..Default::default()
    };
    eframe::run_native(
        APP_ID,
        options,
        Box::new(move |cc| Ok(Box::new(NewsgraphApp::new(&cc.egui_ctx, spec)))),
    )
}

/// Numbers about the analysis the panels show every frame, computed once.
#[derive(Debug, Clone, Default)]
struct Totals {
    /// Entities per document.
    entities_per_document: Vec<usize>,
    /// Mentions per entity.
    mention_counts: Vec<usize>,
    max_mentions: usize,
    max_edge_weight: u32,
}

impl Totals {
    fn of(analysis: &Analysis) -> Totals {
        let ex = &analysis.extraction;
        let mention_counts = ex.mention_counts();
        Totals {
            entities_per_document: ex.entities_per_document(analysis.corpus.documents.len()),
            max_mentions: mention_counts.iter().copied().max().unwrap_or(1),
            mention_counts,
            max_edge_weight: analysis
                .graph
                .graph
                .edge_weights()
                .map(|e| e.weight)
                .max()
                .unwrap_or(1),
        }
    }
}

/// Above this many mentions, a view that rebuilds the graph (documents
/// left out, another window) is built on a background thread.
const LARGE_CORPUS_MENTIONS: usize = 50_000;

/// A view, or why the filters asked for a graph too large to build.
type ViewResult = Result<GraphView, TooManyWindows>;

/// The state of the app.
pub struct NewsgraphApp {
    analysis: Option<Arc<Analysis>>,
    totals: Totals,
    knowledge: SharedKnowledge,
    /// What is loaded (or loading).
    spec: CorpusSpec,
    job: Option<Job>,
    filters: Filters,
    view: GraphView,
    layout: Layout,
    layout_paused: bool,
    canvas: GraphCanvas,
    viewer: DocumentViewer,
    selection: Selection,
    mention_cursor: Option<usize>,
    search: String,
    focus_search: bool,
    show_skipped: bool,
    show_shortcuts: bool,
    status: StatusQueue,
    commands: Vec<Command>,
    /// Derived from the theme and presentation mode.
    style: Style,
    settings: settings::Settings,
    /// Where the settings are saved; none in tests.
    settings_path: Option<PathBuf>,
    settings_dirty: bool,
    presentation: bool,
    /// Paths picked in a native dialog (which runs on its own thread).
    dialog: Option<task::Task<Option<Command>>>,
    export: export_dialog::ExportDialog,
    /// The fonts are installed on the first frame.
    fonts_installed: bool,
    /// Wakes the UI from background work (set on the first frame).
    repaint: Option<egui::Context>,
    /// A view of a large graph being built on a background thread, and
    /// whether its nodes start afresh.
    pending_view: Option<(task::Task<ViewResult>, bool)>,
    /// The most shared windows a change of co-mention window may build a
    /// graph from.
    max_shared_windows: u64,
    /// Why the last change of filters was refused, until it is shown.
    refused_view: Option<TooManyWindows>,
    /// The co-mention window the corpus being loaded was asked for.
    loading_window: Window,
    metrics: metrics::MetricsCache,
    node_style: node_style::NodeStyle,
    plots: plots::Plots,
    story: story::StoryPlayer,
    path_finder: path_finder::PathFinder,
    edits: edits::Edits,
    projects: projects::Projects,
}

impl NewsgraphApp {
    /// The app loading `spec` in the background.
    pub fn new(ctx: &egui::Context, spec: CorpusSpec) -> NewsgraphApp {
        let mut app = NewsgraphApp::empty();
        app.settings_path = settings::default_path();
        if let Some(path) = &app.settings_path {
            app.settings = settings::Settings::load(path);
        }
        app.restyle(ctx);
        app.start_job(ctx, spec);
        app
    }

    /// The app showing an analysis already made (used by tests).
    pub fn with_analysis(analysis: Analysis) -> NewsgraphApp {
        let mut app = NewsgraphApp::empty();
        app.spec = CorpusSpec::seeds();
        app.set_analysis(analysis, 0.0);
        app
    }

    fn empty() -> NewsgraphApp {
        NewsgraphApp {
            analysis: None,
            totals: Totals::default(),
            knowledge: SharedKnowledge::default(),
            spec: CorpusSpec::default(),
            job: None,
            filters: Filters::default(),
            view: GraphView::default(),
            layout: Layout::new(0, &[], &[], LAYOUT_SEED, LayoutParams::default()),
            layout_paused: false,
            canvas: GraphCanvas::default(),
            viewer: DocumentViewer::default(),
            selection: Selection::None,
            mention_cursor: None,
            search: String::new(),
            focus_search: false,
            show_skipped: false,
            show_shortcuts: false,
            status: StatusQueue::default(),
            commands: Vec::new(),
            style: Style::new(Theme::Light),
            settings: settings::Settings::default(),
            settings_path: None,
            settings_dirty: false,
            presentation: false,
            dialog: None,
            export: export_dialog::ExportDialog::default(),
            fonts_installed: false,
            repaint: None,
            pending_view: None,
            max_shared_windows: MAX_SHARED_WINDOWS,
            refused_view: None,
            loading_window: Window::default(),
            metrics: Default::default(),
            node_style: Default::default(),
            plots: Default::default(),
            story: story::StoryPlayer::default(),
            path_finder: path_finder::PathFinder::default(),
            edits: edits::Edits::default(),
            projects: projects::Projects::default(),
        }
    }

    // ------------------------------------------------------------ accessors for tests

    pub fn analysis(&self) -> Option<&Analysis> {
        self.analysis.as_deref()
    }

    pub fn view(&self) -> &GraphView {
        &self.view
    }

    /// Lowers the most shared windows a change of co-mention window may
    /// build a graph from (normally [`MAX_SHARED_WINDOWS`]).
    pub fn limit_shared_windows(&mut self, limit: u64) {
        self.max_shared_windows = limit;
    }

    pub fn selection(&self) -> Selection {
        self.selection
    }

    pub fn filters(&self) -> &Filters {
        &self.filters
    }

    pub fn shown_document(&self) -> usize {
        self.viewer.doc
    }

    /// World positions of the view's nodes.
    pub fn layout_positions(&self) -> &[[f32; 2]] {
        self.layout.positions()
    }

    /// Where an entity's node is on the screen, if shown.
    pub fn node_on_screen(&self, entity: usize) -> Option<egui::Pos2> {
        let node = self.view.node_of(entity)?;
        Some(self.canvas.screen_position(self.layout.positions()[node]))
    }

    pub fn layout_paused(&self) -> bool {
        self.layout_paused
    }

    pub fn canvas_zoom(&self) -> f32 {
        self.canvas.camera.zoom
    }

    /// Whether a view is being built on a background thread.
    pub fn updating_view(&self) -> bool {
        self.pending_view.is_some()
    }

    pub fn presentation(&self) -> bool {
        self.presentation
    }

    pub fn theme(&self) -> Theme {
        self.settings.theme
    }

    /// Whether an export is running.
    pub fn export_busy(&self) -> bool {
        self.export.busy()
    }

    pub fn layout_settled(&self) -> bool {
        self.layout.is_settled() || self.layout_paused
    }

    // ------------------------------------------------------------ loading

    /// Loads `spec` in the background, with the co-mention window shown.
    fn start_job(&mut self, ctx: &egui::Context, spec: CorpusSpec) {
        self.start_load(ctx, spec, self.filters.window);
    }

    /// Loads `spec` in the background, its graph built under `window` unless
    /// that would be too large (then under the sentence window).
    fn start_load(&mut self, ctx: &egui::Context, spec: CorpusSpec, window: Window) {
        if let Some(old) = self.job.take() {
            old.cancel();
        }
        let ctx = ctx.clone();
        let settings = Settings {
            window,
            max_shared_windows: Some(self.max_shared_windows),
            ..Settings::default()
        };
        self.loading_window = window;
        self.job = Some(Job::start(
            spec,
            settings,
            self.knowledge.clone(),
            move || ctx.request_repaint(),
        ));
    }

    fn poll_job(&mut self, now: f64) {
        let Some(job) = self.job.as_mut() else { return };
        let spec = job.spec.clone();
        for message in job.poll() {
            if let Message::Finished(result) = message {
                self.job = None;
                match result {
                    Ok(analysis) => {
                        self.spec = spec;
                        self.take_window_of(&analysis, now);
                        self.set_analysis(*analysis, now);
                    }
                    Err(e) if e == "cancelled" => {
                        self.status.push(now, Level::Info, "Loading cancelled.")
                    }
                    Err(e) => self
                        .status
                        .push(now, Level::Error, format!("Loading failed: {e}")),
                }
                return;
            }
        }
    }

    /// Shows the co-mention window the graph of a corpus just loaded was
    /// built with, saying why if it is not the one asked for.
    fn take_window_of(&mut self, analysis: &Analysis, now: f64) {
        let built = analysis.graph.window;
        if built != self.loading_window {
            let text = format!(
                "Co-mention in the same {} would mean more than {} windows shared by two \
                 entities in this corpus, more than this app builds a graph from; the graph \
                 uses the {} window instead.",
                self.loading_window.as_str(),
                amount(self.max_shared_windows),
                built.as_str()
            );
            self.status.push(now, Level::Warning, text);
        }
        self.filters.window = built;
    }

    fn set_analysis(&mut self, analysis: Analysis, now: f64) {
        let skipped = analysis.corpus.skipped.len();
        let message = format!(
            "Loaded {} documents, {} entities{}",
            analysis.corpus.documents.len(),
            analysis.extraction.entities.len(),
            if skipped > 0 {
                format!("; {skipped} files skipped (see File → Skipped files)")
            } else {
                String::new()
            }
        );
        self.status.push(
            now,
            if skipped > 0 {
                Level::Warning
            } else {
                Level::Info
            },
            message,
        );
        self.filters.excluded_docs.clear();
        self.filters.hidden.clear();
        self.filters = self.readable_filters(&analysis, now);
        self.totals = Totals::of(&analysis);
        self.analysis = Some(Arc::new(analysis));
        self.selection = Selection::None;
        self.viewer = DocumentViewer::default();
        self.canvas.auto_fit = true;
        self.story = story::StoryPlayer::default();
        self.path_finder = path_finder::PathFinder::default();
        self.rebuild_view(false);
        self.after_load();
    }

    /// The filters with their minimums raised so that a large graph stays
    /// readable, saying so when they are.
    fn readable_filters(&mut self, analysis: &Analysis, now: f64) -> Filters {
        let base = Filters {
            min_mentions: 1,
            min_edge_weight: 1,
            ..self.filters.clone()
        };
        let readable = base.readable(analysis);
        if readable != base {
            let text = format!(
                "A large graph: showing entities with at least {} mentions and edges of \
                 weight {} or more. Lower the filters to see more.",
                readable.min_mentions, readable.min_edge_weight
            );
            self.status.push(now, Level::Info, text);
        }
        readable
    }

    /// Applies the filters; nodes that stay keep their positions unless `fresh`.
    fn rebuild_view(&mut self, fresh: bool) {
        let Some(analysis) = self.analysis.clone() else {
            return;
        };
        let filters = self.story.filters(&self.filters);
        let limit = self.max_shared_windows;
        if let Some(ctx) = &self.repaint
            && analysis.extraction.mentions.len() > LARGE_CORPUS_MENTIONS
            && GraphView::rebuilds_graph(&analysis, &filters)
        {
            let build = move || GraphView::try_build(&analysis, &filters, limit);
            self.pending_view = Some((task::Task::spawn(ctx, build), fresh));
            return;
        }
        self.pending_view = None;
        let view = GraphView::try_build(&analysis, &filters, limit);
        self.show_built_view(view, fresh);
    }

    /// Shows a view just built; if the graph would have been too large,
    /// goes back to the window of the graph shown and keeps the reason for
    /// the next frame's message.
    fn show_built_view(&mut self, view: ViewResult, fresh: bool) {
        match view {
            Ok(view) => self.show_view(view, fresh),
            Err(too_large) => {
                self.filters.window = self.view.graph.window;
                self.refused_view = Some(too_large);
                if let Some(ctx) = &self.repaint {
                    ctx.request_repaint();
                }
            }
        }
    }

    /// Shows a view built on a background thread, once it is ready, and
    /// says why a view was not built.
    fn poll_view(&mut self, now: f64) {
        if let Some((pending, fresh)) = &self.pending_view {
            let fresh = *fresh;
            match pending.poll() {
                task::Progress::Running => {}
                task::Progress::Done(view) => {
                    self.pending_view = None;
                    self.show_built_view(view, fresh);
                }
                task::Progress::Failed(why) => {
                    self.pending_view = None;
                    self.status.push(
                        now,
                        Level::Error,
                        format!("Updating the graph failed: {why}"),
                    );
                }
            }
        }
        if let Some(why) = self.refused_view.take() {
            self.status.push(now, Level::Warning, why.to_string());
        }
    }

    /// Shows `view`; nodes that stay keep their places unless `fresh`.
    fn show_view(&mut self, view: GraphView, fresh: bool) {
        let old = if fresh { Vec::new() } else { self.placement() };
        self.place_view(view, |e| old.get(e).copied().flatten());
    }

    /// The position of each entity's node and whether it is pinned, by
    /// entity (none for entities not shown).
    fn placement(&self) -> Vec<Option<([f32; 2], bool)>> {
        let count = self
            .analysis
            .as_ref()
            .map_or(0, |a| a.extraction.entities.len());
        let mut placed = vec![None; count];
        for (node, &e) in self.view.nodes.iter().enumerate() {
            if let Some(slot) = placed.get_mut(e) {
                *slot = Some((self.layout.positions()[node], self.layout.is_pinned(node)));
            }
        }
        placed
    }

    /// Shows `view`, each node starting where `place` puts its entity
    /// (pinned there if it says so) or, if nowhere, near its neighbours.
    fn place_view(&mut self, view: GraphView, place: impl Fn(usize) -> Option<([f32; 2], bool)>) {
        let placed: Vec<Option<([f32; 2], bool)>> = view.nodes.iter().map(|&e| place(e)).collect();
        let start: Vec<Option<[f32; 2]>> = placed.iter().map(|p| p.map(|p| p.0)).collect();
        self.layout = view.layout(&start, LAYOUT_SEED);
        for (node, p) in placed.iter().enumerate() {
            self.layout.pin(node, p.is_some_and(|p| p.1));
        }
        self.view = view;
        self.metrics.view_changed();
        if let Some(analysis) = self.analysis.clone() {
            self.path_finder.refresh(&analysis, &self.view);
        }
    }

    // ------------------------------------------------------------ commands

    fn run_commands(&mut self, ctx: &egui::Context, now: f64) {
        for command in std::mem::take(&mut self.commands) {
            if self.held_until_saved(ctx, &command) {
                continue;
            }
            match command {
                Command::OpenFolder => self.ask_paths(ctx, true),
                Command::OpenFiles => self.ask_paths(ctx, false),
                Command::Load(paths) => self.start_job(ctx, CorpusSpec::paths(paths)),
                Command::Add(paths) => {
                    let mut spec = self.spec.clone();
                    spec.paths.extend(paths);
                    self.status.push(now, Level::Info, "Adding files…");
                    self.start_job(ctx, spec);
                }
                Command::CancelLoad => {
                    if let Some(job) = &self.job {
                        job.cancel();
                    }
                }
                Command::FitView => self.canvas.auto_fit = true,
                Command::ToggleLayout => self.layout_paused = !self.layout_paused,
                Command::Relayout => {
                    self.rebuild_view(true);
                    self.layout_paused = false;
                    self.canvas.auto_fit = true;
                }
                Command::ZoomIn => self.canvas.zoom(1.25),
                Command::ZoomOut => self.canvas.zoom(0.8),
                Command::ClearSelection => self.select(Selection::None),
                Command::FocusSearch => self.focus_search = true,
                Command::ToggleSkipped => self.show_skipped = !self.show_skipped,
                Command::TogglePresentation => {
                    self.presentation = !self.presentation;
                    self.canvas.bottom_margin = if self.presentation { 90.0 } else { 0.0 };
                    ctx.send_viewport_cmd(egui::ViewportCommand::Fullscreen(self.presentation));
                    self.canvas.auto_fit = true;
                    self.restyle(ctx);
                }
                Command::ToggleTheme => {
                    self.settings.theme = match self.settings.theme {
                        Theme::Light => Theme::Dark,
                        Theme::Dark => Theme::Light,
                    };
                    self.settings_dirty = true;
                    self.restyle(ctx);
                }
                Command::PreviousDocument if self.story.is_active() => {
                    self.go_to_step(self.story.step().saturating_sub(1), now)
                }
                Command::NextDocument if self.story.is_active() => {
                    self.go_to_step(self.story.step() + 1, now)
                }
                Command::PreviousDocument => self.step_document(-1),
                Command::NextDocument => self.step_document(1),
                Command::TogglePlots => self.plots.open = !self.plots.open,
                Command::ShowShortcuts => self.show_shortcuts = true,
                Command::ExportImage => self.export.open(ExportKind::Image, self.settings.theme),
                Command::ExportGraph => self.export.open(ExportKind::Graph, self.settings.theme),
                Command::FindPath => self.open_path_finder(self.selection.entity()),
                Command::TogglePlayback => self.toggle_playback(now),
                Command::PlayPause => self.play_pause(now),
                Command::PlaybackTo(step) => self.go_to_step(step, now),
                Command::Edit(command) => self.run_edit(ctx, command, now),
                Command::Project(command) => self.run_project(ctx, command, now),
            }
        }
    }

    /// Applies the theme, presentation mode and UI scale.
    fn restyle(&mut self, ctx: &egui::Context) {
        let theme = self.settings.theme;
        self.style = if self.presentation {
            Style::presentation(theme)
        } else {
            Style::new(theme)
        };
        ctx.set_theme(match theme {
            Theme::Light => egui::Theme::Light,
            Theme::Dark => egui::Theme::Dark,
        });
        // The UI scale is ours to remember, not egui's Ctrl+/- zoom.
        ctx.options_mut(|o| o.zoom_with_keyboard = false);
        let zoom = self.expected_zoom();
        if (ctx.zoom_factor() - zoom).abs() > 1e-3 {
            ctx.set_zoom_factor(zoom);
        }
    }

    /// Shows the document `by` places before or after the current one.
    fn step_document(&mut self, by: isize) {
        let count = self
            .analysis
            .as_ref()
            .map_or(0, |a| a.corpus.documents.len());
        if count == 0 {
            return;
        }
        let doc = self.viewer.doc.saturating_add_signed(by).min(count - 1);
        self.viewer.show(doc, 0, None);
    }

    /// Writes the settings if they changed (called by eframe now and then
    /// and on exit).
    fn save_settings(&mut self) {
        if !std::mem::take(&mut self.settings_dirty) {
            return;
        }
        if let Some(path) = &self.settings_path
            && let Err(e) = self.settings.save(path)
        {
            eprintln!("cannot save settings to {}: {e}", path.display());
        }
    }

    /// Asks for a folder, or for files or a project file, to open.
    fn ask_paths(&mut self, ctx: &egui::Context, folder: bool) {
        self.ask(ctx, move || {
            let dialog =
                rfd::FileDialog::new().set_title(if folder { "Open folder" } else { "Open files" });
            let paths: Option<Vec<PathBuf>> = if folder {
                dialog.pick_folder().map(|p| vec![p])
            } else {
                dialog
                    .add_filter(
                        "Articles or a project",
                        &[
                            "txt",
                            "md",
                            "html",
                            "htm",
                            "json",
                            "jsonl",
                            "csv",
                            crate::project::EXTENSION,
                        ],
                    )
                    .pick_files()
            };
            let paths = paths.filter(|p| !p.is_empty())?;
            Some(projects::open_command(paths, Command::Load))
        });
    }

    /// Runs a native dialog on its own thread; its answer arrives as a command.
    fn ask(
        &mut self,
        ctx: &egui::Context,
        dialog: impl FnOnce() -> Option<Command> + Send + 'static,
    ) {
        self.dialog = Some(task::Task::spawn(ctx, dialog));
    }

    /// Queues what a native dialog answered, once it has.
    fn poll_dialog(&mut self, now: f64) {
        let Some(dialog) = &self.dialog else { return };
        match dialog.poll() {
            task::Progress::Running => return,
            task::Progress::Done(command) => self.commands.extend(command),
            task::Progress::Failed(why) => {
                let text = format!("The file dialog failed: {why}");
                self.status.push(now, Level::Error, text);
            }
        }
        self.dialog = None;
    }

    fn select(&mut self, selection: Selection) {
        self.selection = selection;
        self.mention_cursor = None;
        if selection == Selection::None {
            self.viewer.evidence = None;
        }
    }

    /// The resizable panel with what is known about the selection.
    fn inspector_panel_ui(&mut self, ui: &mut egui::Ui, analysis: &Analysis, now: f64) {
        Panel::top("inspector")
            .resizable(true)
            .default_size(400.0)
            .size_range(160.0..=700.0)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("inspector")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        self.correction_actions_ui(ui);
                        let event = inspector::inspector_ui(
                            ui,
                            analysis,
                            &self.view,
                            self.selection,
                            &mut self.mention_cursor,
                        );
                        self.inspector_event(event, now);
                    });
            });
    }

    /// Selects an entity, centres the canvas on it and shows a document that
    /// mentions it.
    fn select_and_centre(&mut self, entity: usize, now: f64) {
        self.select(Selection::Entity(entity));
        if let Some(analysis) = &self.analysis {
            let ex = &analysis.extraction;
            let here = ex
                .mentions_in(self.viewer.doc)
                .iter()
                .find(|m| m.entity() == entity);
            if let Some(m) = here.or_else(|| ex.mentions.iter().find(|m| m.entity() == entity)) {
                self.viewer.show(m.doc(), m.start(), None);
            }
        }
        match self.view.node_of(entity) {
            Some(node) => self.canvas.centre_on(self.layout.positions()[node]),
            None => self.status.push(
                now,
                Level::Warning,
                "That entity is hidden by the current filters.",
            ),
        }
    }

    // ------------------------------------------------------------ the frame

    /// Draws the whole app and handles its input.
    pub fn frame_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        if !std::mem::replace(&mut self.fonts_installed, true) {
            fonts::install(&ctx);
        }
        let now = ctx.input(|i| i.time);
        self.repaint.get_or_insert_with(|| ctx.clone());
        self.poll_view(now);
        self.poll_job(now);
        self.poll_edits(&ctx, now);
        self.poll_projects(&ctx, now);
        self.poll_dialog(now);
        let dropped: Vec<PathBuf> = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .collect()
        });
        if !dropped.is_empty() {
            self.commands
                .push(projects::open_command(dropped, Command::Add));
        }
        self.commands.extend(commands::pressed(&ctx));
        self.commands.extend(self.story.due(&ctx, now));
        self.run_commands(&ctx, now);
        self.update_measures(&ctx);
        if !self.layout_paused && !self.layout.is_settled() {
            self.layout.step();
            ctx.request_repaint();
        }
        if !self.presentation {
            self.menu_ui(ui);
        }
        self.toolbar_ui(ui, now);
        if self.analysis.is_some() {
            self.panels_ui(ui, now);
        } else {
            egui::CentralPanel::default().show(ui, |ui| {
                ui.centered_and_justified(|ui| ui.heading("Loading…"));
            });
        }
        self.windows_ui(&ctx);
        self.export_ui(&ctx, now);
        self.path_finder_ui(&ctx, now);
        self.edit_windows_ui(&ctx);
        self.project_windows_ui(&ctx);
        self.toasts_ui(&ctx, now);
    }

    /// The export dialog (with what the canvas shows now) and the export
    /// running.
    fn export_ui(&mut self, ctx: &egui::Context, now: f64) {
        let Some(analysis) = &self.analysis else {
            return;
        };
        // The dialog and the messages are borrowed apart from the rest.
        let mut dialog = std::mem::take(&mut self.export);
        let mut status = std::mem::take(&mut self.status);
        let source = ExportSource {
            analysis,
            view: &self.view,
            positions: self.layout.positions(),
            camera: self.canvas.camera,
            emphasis: self.emphasis(),
            look: self.node_style.look(),
        };
        dialog.dialog_ui(ctx, &source, &mut status, now);
        self.export = dialog;
        self.status = status;
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        Panel::top("menu").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                ui.menu_button("File", |ui| {
                    if ui.button("Open folder…").clicked() {
                        self.commands.push(Command::OpenFolder);
                    }
                    self.command_button(ui, true, "Open files…", Command::OpenFiles);
                    self.project_menu_ui(ui);
                    ui.separator();
                    if ui.button("Export image…").clicked() {
                        self.commands.push(Command::ExportImage);
                    }
                    if ui.button("Export graph…").clicked() {
                        self.commands.push(Command::ExportGraph);
                    }
                    ui.separator();
                    let skipped = self.analysis.as_ref().map_or(0, |a| a.corpus.skipped.len());
                    if ui.button(format!("Skipped files ({skipped})")).clicked() {
                        self.commands.push(Command::ToggleSkipped);
                    }
                    ui.separator();
                    self.command_button(ui, true, "Quit", ProjectCommand::Quit);
                });
                ui.menu_button("Edit", |ui| self.edit_menu_ui(ui));
                ui.menu_button("View", |ui| {
                    if ui.button("Fit to view").clicked() {
                        self.commands.push(Command::FitView);
                    }
                    if ui.button("Re-layout").clicked() {
                        self.commands.push(Command::Relayout);
                    }
                    if ui.button("Plots").clicked() {
                        self.commands.push(Command::TogglePlots);
                    }
                    ui.separator();
                    if ui.button("Presentation mode (F11)").clicked() {
                        self.commands.push(Command::TogglePresentation);
                    }
                    if ui.button("Story playback (T)").clicked() {
                        self.commands.push(Command::TogglePlayback);
                    }
                    if ui.button("Find path… (Ctrl+P)").clicked() {
                        self.commands.push(Command::FindPath);
                    }
                    let other = match self.settings.theme {
                        Theme::Light => "Dark theme",
                        Theme::Dark => "Light theme",
                    };
                    if ui.button(other).clicked() {
                        self.commands.push(Command::ToggleTheme);
                    }
                    ui.separator();
                    self.ui_scale_ui(ui);
                });
                ui.menu_button("Help", |ui| {
                    if ui.button("Keyboard shortcuts").clicked() {
                        self.show_shortcuts = true;
                    }
                });
            });
        });
    }

    fn ui_scale_ui(&mut self, ui: &mut egui::Ui) {
        ui.label("Interface size");
        let mut scale = self.settings.ui_scale;
        let slider = egui::Slider::new(&mut scale, settings::UI_SCALE_RANGE)
            .step_by(0.05)
            .custom_formatter(|v, _| format!("{:.0} %", v * 100.0));
        // Applied when the slider is let go, so it does not move under the pointer.
        if ui.add(slider).changed() {
            self.settings.ui_scale = scale;
        }
        if ui.input(|i| !i.pointer.any_down())
            && (ui.ctx().zoom_factor() - self.expected_zoom()).abs() > 1e-3
        {
            self.settings_dirty = true;
            let ctx = ui.ctx().clone();
            self.restyle(&ctx);
        }
    }

    fn expected_zoom(&self) -> f32 {
        self.settings.ui_scale
            * if self.presentation {
                PRESENTATION_ZOOM
            } else {
                1.0
            }
    }

    fn toolbar_ui(&mut self, ui: &mut egui::Ui, now: f64) {
        Panel::top("toolbar").show(ui, |ui| {
            ui.horizontal(|ui| {
                if ui
                    .button("Fit")
                    .on_hover_text("Fit the graph to the view (F)")
                    .clicked()
                {
                    self.commands.push(Command::FitView);
                }
                let pause = if self.layout_paused {
                    "Resume layout"
                } else {
                    "Pause layout"
                };
                if ui.button(pause).on_hover_text("Space").clicked() {
                    self.commands.push(Command::ToggleLayout);
                }
                if ui.button("Re-layout").clicked() {
                    self.commands.push(Command::Relayout);
                }
                let present = if self.presentation {
                    "Exit presentation"
                } else {
                    "Present"
                };
                if ui
                    .button(present)
                    .on_hover_text("Full screen, large labels, side panels hidden (F11)")
                    .clicked()
                {
                    self.commands.push(Command::TogglePresentation);
                }
                if ui
                    .selectable_label(self.plots.open, "Plots")
                    .on_hover_text("Charts of the entities, documents and degrees shown")
                    .clicked()
                {
                    self.commands.push(Command::TogglePlots);
                }
                if ui
                    .selectable_label(self.story.is_active(), "Story")
                    .on_hover_text("Play the graph back document by document, in date order (T)")
                    .clicked()
                {
                    self.commands.push(Command::TogglePlayback);
                }
                if ui
                    .button("Find path")
                    .on_hover_text("How two entities are connected (Ctrl+P)")
                    .clicked()
                {
                    self.commands.push(Command::FindPath);
                }
                ui.separator();
                self.search_ui(ui, now);
                ui.separator();
                self.progress_ui(ui);
                self.background_ui(ui);
            });
        });
    }

    fn search_ui(&mut self, ui: &mut egui::Ui, now: f64) {
        let label = ui.label("Search");
        let response = ui.add(
            egui::TextEdit::singleline(&mut self.search)
                .hint_text("name or alias (Ctrl+F)")
                .desired_width(220.0),
        );
        let response = response.labelled_by(label.id);
        if std::mem::take(&mut self.focus_search) {
            response.request_focus();
        }
        let Some(analysis) = self.analysis.clone() else {
            return;
        };
        let submitted = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
        let listing = response.has_focus() && !self.search.is_empty();
        if !(response.changed() || submitted || listing) {
            return;
        }
        let matches = search(&analysis, &self.totals.mention_counts, &self.search);
        if (response.changed() || submitted)
            && let Some(&(best, exact)) = matches.first()
            && (exact || submitted)
        {
            self.select_and_centre(best, now);
        }
        if listing {
            for &(entity, _) in matches.iter().take(6) {
                if ui
                    .small_button(&analysis.extraction.entities[entity].name)
                    .clicked()
                {
                    self.select_and_centre(entity, now);
                }
            }
        }
    }

    fn progress_ui(&mut self, ui: &mut egui::Ui) {
        let Some(job) = &self.job else {
            if self.pending_view.is_some() {
                ui.spinner();
                ui.weak("Updating the graph…");
            } else if let Some(a) = &self.analysis {
                ui.weak(format!(
                    "{} documents · {} of {} entities shown · {} edges",
                    a.corpus.documents.len(),
                    self.view.nodes.len(),
                    a.extraction.entities.len(),
                    self.view.edges.len()
                ));
            }
            return;
        };
        let (text, fraction) = match job.progress {
            // A single step: no count to show.
            Some((stage, _, 1)) => (format!("{}…", stage.label()), None),
            Some((stage, done, total)) => (
                format!("{} {done}/{total}", stage.label()),
                Some(done as f32 / total.max(1) as f32),
            ),
            None => ("Starting…".to_owned(), None),
        };
        let bar = ProgressBar::new(fraction.unwrap_or(1.0)).animate(fraction.is_none());
        ui.add(bar.text(text).desired_width(260.0));
        if ui.button("Cancel").clicked() {
            self.commands.push(Command::CancelLoad);
        }
    }

    fn panels_ui(&mut self, ui: &mut egui::Ui, now: f64) {
        let Some(analysis) = self.analysis.clone() else {
            return;
        };
        if !self.presentation {
            self.left_panel_ui(ui, &analysis);
            self.right_panel_ui(ui, &analysis, now);
            self.plots_panel_ui(ui, &analysis, now);
        }
        if self.story.is_active() {
            self.story.bar_ui(ui, &analysis, &mut self.commands);
        }
        self.canvas_panel_ui(ui, &analysis);
    }

    /// Filters and the list of documents.
    fn left_panel_ui(&mut self, ui: &mut egui::Ui, analysis: &Analysis) {
        Panel::left("left")
            .resizable(true)
            .default_size(270.0)
            .size_range(220.0..=560.0)
            .show(ui, |ui| {
                egui::CollapsingHeader::new("Filters")
                    .default_open(true)
                    .show(ui, |ui| {
                        if filters::filters_ui(
                            ui,
                            &mut self.filters,
                            &self.style,
                            self.totals.max_mentions,
                            self.totals.max_edge_weight,
                        ) {
                            self.rebuild_view(false);
                        }
                    });
                self.node_style.style_ui(ui, &self.metrics);
                ui.separator();
                ui.label(RichText::new("Documents").strong());
                if self.viewer.documents_ui(
                    ui,
                    analysis,
                    &self.totals.entities_per_document,
                    &mut self.filters,
                ) == Some(ViewerEvent::FiltersChanged)
                {
                    self.rebuild_view(false);
                }
            });
    }

    /// The inspector above the document text.
    fn right_panel_ui(&mut self, ui: &mut egui::Ui, analysis: &Analysis, now: f64) {
        Panel::right("right")
            .resizable(true)
            .default_size(440.0)
            .size_range(300.0..=900.0)
            .show(ui, |ui| {
                if self.selection == Selection::None {
                    // Nothing to inspect: a one-line hint leaves the room to the text.
                    Panel::top("inspector_hint").show(ui, |ui| {
                        inspector::inspector_ui(
                            ui,
                            analysis,
                            &self.view,
                            self.selection,
                            &mut self.mention_cursor,
                        );
                    });
                } else {
                    self.inspector_panel_ui(ui, analysis, now);
                }
                egui::CentralPanel::default().show(ui, |ui| {
                    let selected = self.selection.entities();
                    if let Some(ViewerEvent::SelectEntity(e)) =
                        self.viewer.text_ui(ui, analysis, &self.style, &selected)
                    {
                        self.select_and_centre(e, now);
                    }
                });
            });
    }

    fn canvas_panel_ui(&mut self, ui: &mut egui::Ui, analysis: &Analysis) {
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| {
                self.story.fade(ui.ctx(), &self.view, ui.input(|i| i.time));
                let selection = self.selection_emphasis();
                let emphasis = self.story.emphasis(self.path_finder.emphasis(selection));
                let event = self.canvas.canvas_ui(
                    ui,
                    canvas::CanvasInput {
                        analysis,
                        view: &self.view,
                        layout: &mut self.layout,
                        style: &self.style,
                        emphasis,
                        look: self.node_style.look(),
                    },
                );
                match event {
                    Some(CanvasEvent::SelectNode(n)) => {
                        self.select(Selection::Entity(self.view.nodes[n]))
                    }
                    Some(CanvasEvent::SelectEdge(e)) => {
                        self.select(relations::selection_of(analysis, &self.view, e))
                    }
                    Some(CanvasEvent::ClearSelection) => self.select(Selection::None),
                    Some(CanvasEvent::Pinned(_)) => self.projects.touch(),
                    None => {}
                }
                let stats = self.metrics.latest();
                self.node_style
                    .community_legend_ui(ui, analysis, stats, &self.style);
                if self.presentation && !self.story.is_active() {
                    self.caption_ui(ui, analysis);
                }
            });
    }

    /// In presentation mode, the current document's title under the graph
    /// (the arrow keys step through the documents).
    fn caption_ui(&self, ui: &egui::Ui, analysis: &Analysis) {
        let Some(doc) = analysis.corpus.documents.get(self.viewer.doc) else {
            return;
        };
        let text = format!(
            "{}/{} · {}",
            self.viewer.doc + 1,
            analysis.corpus.documents.len(),
            doc.title
        );
        let rect = ui.max_rect();
        let painter = ui.painter();
        let galley = painter.layout(
            text,
            egui::FontId::proportional(20.0),
            canvas::color(self.style.palette.text),
            rect.width() - 80.0,
        );
        let at = egui::pos2(
            rect.center().x - galley.size().x / 2.0,
            rect.max.y - galley.size().y - 24.0,
        );
        painter.rect_filled(
            egui::Rect::from_min_size(at, galley.size()).expand(8.0),
            egui::CornerRadius::same(6),
            canvas::color(self.style.palette.halo),
        );
        painter.galley(at, galley, canvas::color(self.style.palette.text));
    }

    /// What the canvas emphasises: the selection, or the path found, with
    /// what is fading in.
    pub fn emphasis(&self) -> Emphasis<'_> {
        self.story
            .emphasis(self.path_finder.emphasis(self.selection_emphasis()))
    }

    fn selection_emphasis(&self) -> Emphasis<'static> {
        match self.selection {
            Selection::None => Emphasis::default(),
            Selection::Entity(e) => Emphasis {
                node: self.view.node_of(e),
                ..Emphasis::default()
            },
            Selection::Edge(a, b) => Emphasis {
                edge: self.view_edge(a, b),
                ..Emphasis::default()
            },
            Selection::Relation { .. } => Emphasis {
                edge: self
                    .analysis
                    .as_deref()
                    .and_then(|a| relations::view_edge(a, &self.view, self.selection)),
                ..Emphasis::default()
            },
        }
    }

    /// The co-mention view edge between two entities, if shown.
    fn view_edge(&self, a: usize, b: usize) -> Option<usize> {
        let (a, b) = (self.view.node_of(a)?, self.view.node_of(b)?);
        self.view
            .edges
            .iter()
            .position(|e| !e.relation && ((e.a, e.b) == (a, b) || (e.a, e.b) == (b, a)))
    }

    fn inspector_event(&mut self, event: Option<InspectorEvent>, now: f64) {
        match event {
            Some(InspectorEvent::Select(Selection::Entity(e))) => self.select_and_centre(e, now),
            Some(InspectorEvent::Select(selection)) => self.select(selection),
            Some(InspectorEvent::Show { doc, at }) => self.viewer.show(doc, at, None),
            Some(InspectorEvent::ShowEvidence { doc, sentence }) => {
                self.viewer.show(doc, sentence.start, Some(sentence));
            }
            Some(InspectorEvent::PathFrom(e)) => self.open_path_finder(Some(e)),
            None => {}
        }
    }

    fn windows_ui(&mut self, ctx: &egui::Context) {
        if let Some(analysis) = &self.analysis {
            egui::Window::new("Skipped files")
                .open(&mut self.show_skipped)
                .show(ctx, |ui| {
                    if analysis.corpus.skipped.is_empty() {
                        ui.label("Nothing was skipped.");
                    }
                    egui::ScrollArea::vertical().show(ui, |ui| {
                        egui::Grid::new("skipped").striped(true).show(ui, |ui| {
                            for s in &analysis.corpus.skipped {
                                ui.label(&s.path);
                                ui.label(&s.reason);
                                ui.end_row();
                            }
                        });
                    });
                });
        }
        egui::Window::new("Keyboard shortcuts")
            .open(&mut self.show_shortcuts)
            .show(ctx, |ui| {
                egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                    for (shortcut, _, what) in SHORTCUTS {
                        ui.monospace(ctx.format_shortcut(shortcut));
                        ui.label(*what);
                        ui.end_row();
                    }
                });
            });
    }

    fn toasts_ui(&mut self, ctx: &egui::Context, now: f64) {
        let toasts = self.status.current(now).to_vec();
        if toasts.is_empty() {
            return;
        }
        egui::Area::new(egui::Id::unique("toasts"))
            .anchor(Align2::RIGHT_BOTTOM, [-12.0, -12.0])
            .show(ctx, |ui| {
                for t in &toasts {
                    let color = match t.level {
                        Level::Info => ui.visuals().text_color(),
                        Level::Warning => ui.visuals().warn_fg_color,
                        Level::Error => ui.visuals().error_fg_color,
                    };
                    egui::Frame::popup(ui.style()).show(ui, |ui| ui.colored_label(color, &t.text));
                }
            });
        if let Some(next) = self.status.next_expiry() {
            ctx.request_repaint_after(std::time::Duration::from_secs_f64((next - now).max(0.05)));
        }
    }
}

/// Entities whose name or an alias contains `query` (ignoring case), best
/// first: exact matches (flagged true), then prefixes, then by mentions.
fn search(analysis: &Analysis, counts: &[usize], query: &str) -> Vec<(usize, bool)> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let mut hits: Vec<(usize, u8)> = analysis
        .extraction
        .entities
        .iter()
        .enumerate()
        .filter_map(|(i, e)| {
            let forms = std::iter::once(&e.name)
                .chain(&e.aliases)
                .map(|f| f.to_lowercase());
            forms
                .map(|f| {
                    if f == q {
                        0
                    } else if f.starts_with(&q) {
                        1
                    } else if f.contains(&q) {
                        2
                    } else {
                        3
                    }
                })
                .min()
                .filter(|&rank| rank < 3)
                .map(|rank| (i, rank))
        })
        .collect();
    hits.sort_by(|a, b| a.1.cmp(&b.1).then(counts[b.0].cmp(&counts[a.0])));
    hits.into_iter().map(|(i, rank)| (i, rank == 0)).collect()
}

impl eframe::App for NewsgraphApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.frame_ui(ui);
    }

    fn save(&mut self, _storage: &mut dyn eframe::Storage) {
        self.save_settings();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_on_the_worker_is_an_error_and_the_app_keeps_its_state() {
        let analysis = crate::pipeline::analyze_texts(&[("a.txt", "Chile and Peru met in Lima.")]);
        let mut app = NewsgraphApp::with_analysis(analysis);
        let nodes = app.view.nodes.clone();
        let spec = CorpusSpec::paths(vec![PathBuf::from("elsewhere")]);
        app.job = Some(Job::spawn(spec, || {}, |_| panic!("index out of bounds")));
        let mut now = 1.0;
        while app.job.is_some() {
            std::thread::sleep(std::time::Duration::from_millis(2));
            app.poll_job(now);
            now += 0.01;
        }
        let toasts = app.status.current(now);
        assert!(
            toasts.iter().any(|t| t.level == Level::Error
                && t.text == "Loading failed: internal error: index out of bounds"),
            "{toasts:?}"
        );
        let kept = app.analysis.as_ref().expect("the analysis is kept");
        assert_eq!(kept.corpus.documents.len(), 1);
        assert_eq!(app.view.nodes, nodes);
        assert!(app.spec.seeds, "the loaded corpus is still the one shown");
    }
}
