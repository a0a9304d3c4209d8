//! Projects in the app: saving the session to a `.newsgraph` file and
//! opening one (read on a background thread, the corpus loaded by the
//! worker, the corrections applied, then positions, pins, filters, camera,
//! selection and theme restored), recent projects, and the unsaved-changes
//! bookkeeping: the window title's "•", the question before closing or
//! opening something else.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::commands::{Command, ProjectCommand};
use super::inspector::Selection;
use super::save_dialog::{SaveChoice, SaveDialog};
use super::status::Level;
use super::task::{Progress, Task};
use super::unsaved_prompt::{After, Answer, UnsavedPrompt};
use super::worker::Embedded;
use super::{CorpusSpec, NewsgraphApp};
use crate::corrections::Corrections;
use crate::graph::view::{Filters, GraphView};
use crate::pipeline::Analysis;
use crate::project::{self, EXTENSION, Project, ProjectCorpus, ProjectFilters, ProjectSelection};

/// The title of the window when no project is open and nothing changed.
const APP_TITLE: &str = "newsgraph";

/// The project of the session and whether it changed since it was saved.
pub struct Projects {
    /// The file the session was opened from or last saved to.
    path: Option<PathBuf>,
    /// Embed the article texts when saving.
    embed: bool,
    /// Counts the changes made (corrections, pins, documents added).
    revision: u64,
    /// The revision and the filters when last saved or opened.
    saved: (u64, Filters),
    /// A project read from its file, waiting for its corpus to load.
    opening: Option<(CorpusSpec, PathBuf, Box<Project>)>,
    /// A project whose picture is restored once its corrections are applied.
    restore: Option<Box<Project>>,
    reading: Option<(PathBuf, Task<Result<Project, String>>)>,
    saving: Option<Saving>,
    dialog: Option<SaveDialog>,
    prompt: Option<UnsavedPrompt>,
    /// What to do once a save asked by the prompt succeeds.
    after_save: Option<After>,
    /// The user chose not to save: the next command may drop the changes.
    confirmed: bool,
    /// The window may close.
    closing: bool,
    /// The window title last sent.
    title: String,
}

impl Default for Projects {
    fn default() -> Self {
        Projects {
            path: None,
            embed: false,
            revision: 0,
            saved: (0, Filters::default()),
            opening: None,
            restore: None,
            reading: None,
            saving: None,
            dialog: None,
            prompt: None,
            after_save: None,
            confirmed: false,
            closing: false,
            title: APP_TITLE.to_owned(),
        }
    }
}

/// A save in progress and the state it saves.
struct Saving {
    path: PathBuf,
    revision: u64,
    filters: Filters,
    task: Task<Result<(), String>>,
}

impl Projects {
    /// Records a change that the project file does not have yet.
    pub fn touch(&mut self) {
        self.revision += 1;
    }

    /// A new session, not from a project: nothing to save yet.
    pub fn forget(&mut self, filters: &Filters) {
        self.path = None;
        self.saved = (self.revision, filters.clone());
    }

    /// The project being opened, if its corpus (`spec`) is what just loaded.
    pub fn opened(&mut self, spec: &CorpusSpec, filters: &Filters) -> Option<Box<Project>> {
        if self.opening.as_ref().is_none_or(|(s, _, _)| s != spec) {
            return None;
        }
        let (_, path, project) = self.opening.take()?;
        self.embed = project.corpus.embedded.is_some();
        self.path = Some(path);
        self.saved = (self.revision, filters.clone());
        self.restore = Some(project.clone());
        Some(project)
    }

    pub fn take_restore(&mut self) -> Option<Box<Project>> {
        self.restore.take()
    }

    pub fn busy(&self) -> bool {
        self.reading.is_some() || self.saving.is_some() || self.restore.is_some()
    }
}

/// `paths` to open: a single project file is opened as a project, anything
/// else goes to `otherwise` (load or add the files).
pub fn open_command(paths: Vec<PathBuf>, otherwise: fn(Vec<PathBuf>) -> Command) -> Command {
    match paths.as_slice() {
        [one] if one.extension().is_some_and(|e| e == EXTENSION) => {
            Command::Project(ProjectCommand::OpenAt(one.clone()))
        }
        _ => otherwise(paths),
    }
}

impl NewsgraphApp {
    pub fn is_dirty(&self) -> bool {
        let (revision, filters) = &self.projects.saved;
        *revision != self.projects.revision || *filters != self.filters
    }

    pub fn project_path(&self) -> Option<&Path> {
        self.projects.path.as_deref()
    }

    pub fn recent_projects(&self) -> &[PathBuf] {
        &self.settings.recent_projects
    }

    /// Loading, correcting, reading or writing in the background.
    pub fn busy(&self) -> bool {
        self.job.is_some() || self.edits.busy() || self.projects.busy()
    }

    /// Queues a command as a menu item or shortcut would.
    pub fn push_command(&mut self, command: Command) {
        self.commands.push(command);
    }

    /// "• name.newsgraph — newsgraph" ("•" while changes are unsaved).
    pub fn window_title(&self) -> String {
        let name = self.projects.path.as_ref().and_then(|p| p.file_name());
        let dirty = self.is_dirty();
        match (name, dirty) {
            (None, false) => APP_TITLE.to_owned(),
            (None, true) => format!("• Untitled — {APP_TITLE}"),
            (Some(name), _) => format!(
                "{}{} — {APP_TITLE}",
                if dirty { "• " } else { "" },
                name.to_string_lossy()
            ),
        }
    }

    /// The session as a project; `None` before anything is loaded.
    pub fn project(&self, embed: bool) -> Option<Project> {
        let analysis = self.analysis.as_ref()?;
        let docs = &analysis.corpus.documents;
        let id = |e: usize| analysis.extraction.entities[e].id.clone();
        let placed = self.view.nodes.iter().enumerate();
        let positions = self.layout.positions();
        Some(Project {
            corpus: ProjectCorpus {
                seeds: self.spec.seeds,
                paths: self.spec.paths.clone(),
                embedded: embed.then(|| project::embed_corpus(docs)),
            },
            corrections: Corrections::from(self.edits.history.ops.clone()),
            pinned: placed
                .clone()
                .filter(|&(n, _)| self.layout.is_pinned(n))
                .map(|(n, &e)| (id(e), positions[n]))
                .collect(),
            positions: placed.map(|(n, &e)| (id(e), positions[n])).collect(),
            filters: ProjectFilters::new(&self.filters, docs),
            camera: Some(self.canvas.camera),
            selection: match self.selection {
                Selection::None => None,
                Selection::Entity(e) => Some(ProjectSelection::Entity(id(e))),
                Selection::Edge(a, b)
                | Selection::Relation {
                    source: a,
                    target: b,
                    ..
                } => Some(ProjectSelection::Edge(id(a), id(b))),
            },
            theme: self.settings.theme,
            ..Project::default()
        })
    }

    pub(super) fn run_project(&mut self, ctx: &egui::Context, command: ProjectCommand, now: f64) {
        match command {
            ProjectCommand::Save => match self.projects.path.clone() {
                Some(path) => self.save_project(ctx, path, self.projects.embed, now),
                None => self.show_save_dialog(),
            },
            ProjectCommand::SaveAs => self.show_save_dialog(),
            ProjectCommand::SaveTo { path, embed } => self.save_project(ctx, path, embed, now),
            ProjectCommand::Open => self.ask(ctx, || {
                rfd::FileDialog::new()
                    .set_title("Open project")
                    .add_filter("newsgraph project", &[EXTENSION])
                    .pick_file()
                    .map(|path| Command::Project(ProjectCommand::OpenAt(path)))
            }),
            ProjectCommand::OpenAt(path) => {
                let file = path.clone();
                let task = Task::spawn(ctx, move || {
                    Project::load(&file).map_err(|e| format!("Cannot open the project: {e}"))
                });
                self.projects.reading = Some((path, task));
            }
            ProjectCommand::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
        }
    }

    fn show_save_dialog(&mut self) {
        let dialog = SaveDialog::new(self.projects.path.as_deref(), self.projects.embed);
        self.projects.dialog = Some(dialog);
    }

    fn save_project(&mut self, ctx: &egui::Context, path: PathBuf, embed: bool, now: f64) {
        let Some(project) = self.project(embed) else {
            self.status
                .push(now, Level::Warning, "Nothing to save yet.");
            return;
        };
        self.projects.embed = embed;
        let file = path.clone();
        let task = Task::spawn(ctx, move || project.save(&file).map_err(|e| e.to_string()));
        self.projects.saving = Some(Saving {
            path,
            revision: self.projects.revision,
            filters: self.filters.clone(),
            task,
        });
    }

    /// Whether `command` would drop unsaved changes; if so, it waits for
    /// the user's answer.
    pub(super) fn held_until_saved(&mut self, ctx: &egui::Context, command: &Command) -> bool {
        let replaces = matches!(
            command,
            Command::Load(_) | Command::Project(ProjectCommand::OpenAt(_))
        );
        if !replaces || std::mem::take(&mut self.projects.confirmed) || !self.is_dirty() {
            return false;
        }
        self.ask_to_save(ctx, After::Run(command.clone()));
        true
    }

    /// Shows the unsaved-changes prompt (over any open menu).
    fn ask_to_save(&mut self, ctx: &egui::Context, after: After) {
        egui::Popup::close_all(ctx);
        self.projects.prompt = Some(UnsavedPrompt { after });
    }

    /// Background work on projects, the close button and the title.
    pub(super) fn poll_projects(&mut self, ctx: &egui::Context, now: f64) {
        self.poll_reading(ctx, now);
        self.poll_saving(now);
        if ctx.input(|i| i.viewport().close_requested())
            && !self.projects.closing
            && self.is_dirty()
        {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
            self.ask_to_save(ctx, After::Close);
        }
        let title = self.window_title();
        if title != self.projects.title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.projects.title = title;
        }
    }

    fn poll_reading(&mut self, ctx: &egui::Context, now: f64) {
        let Some((path, task)) = &self.projects.reading else {
            return;
        };
        let project = match task.poll() {
            Progress::Running => return,
            Progress::Done(Ok(project)) => project,
            Progress::Done(Err(e)) => {
                self.projects.reading = None;
                self.status.push(now, Level::Error, e);
                return;
            }
            Progress::Failed(why) => {
                self.projects.reading = None;
                let text = format!("Cannot open the project: {why}");
                self.status.push(now, Level::Error, text);
                return;
            }
        };
        let path = path.clone();
        self.projects.reading = None;
        let corpus = &project.corpus;
        let spec = CorpusSpec {
            seeds: corpus.seeds,
            paths: corpus.paths.clone(),
            embedded: corpus.embedded.clone().map(|docs| Embedded {
                docs: Arc::new(docs),
                covers: corpus.paths.len(),
            }),
        };
        self.status
            .push(now, Level::Info, format!("Opening {}…", path.display()));
        let window = project.filters.window;
        self.projects.opening = Some((spec.clone(), path, Box::new(project)));
        self.start_load(ctx, spec, window);
    }

    fn poll_saving(&mut self, now: f64) {
        let Some(saving) = &self.projects.saving else {
            return;
        };
        let result = match saving.task.poll() {
            Progress::Running => return,
            Progress::Done(result) => result,
            Progress::Failed(why) => Err(why),
        };
        let Some(saving) = self.projects.saving.take() else {
            return;
        };
        let after = self.projects.after_save.take();
        if let Err(e) = result {
            self.status.push(now, Level::Error, e);
            return;
        }
        self.projects.saved = (saving.revision, saving.filters);
        self.remember_project(&saving.path);
        let saved = format!("Saved {}", saving.path.display());
        self.status.push(now, Level::Info, saved);
        self.projects.path = Some(saving.path);
        if let Some(after) = after {
            self.continue_after(after);
        }
    }

    /// Puts `path` first in File → Recent projects, saved at once.
    fn remember_project(&mut self, path: &Path) {
        self.settings.remember_project(path);
        self.settings_dirty = true;
        self.save_settings();
    }

    /// Closes the window or runs the command that waited for the prompt.
    fn continue_after(&mut self, after: After) {
        match after {
            After::Close => {
                self.projects.closing = true;
                self.commands.push(Command::Project(ProjectCommand::Quit));
            }
            After::Run(command) => {
                self.projects.confirmed = true;
                self.commands.push(command);
            }
        }
    }

    /// Restores what `project` saved on `analysis`, its corrected corpus.
    pub(super) fn restore(
        &mut self,
        ctx: &egui::Context,
        project: &Project,
        analysis: &Analysis,
        now: f64,
    ) {
        let ex = &analysis.extraction;
        let index = |id: &String| ex.entity_index(id);
        let hidden = std::mem::take(&mut self.filters.hidden);
        self.filters = project.filters.to_filters(&analysis.corpus.documents);
        self.filters.hidden = hidden;
        // The project's window, unless its graph was too large to build
        // under it (the load said so).
        self.filters.window = analysis.graph.window;
        let view = GraphView::build(analysis, &self.filters);
        let place = |e: usize| {
            let id = &ex.entities[e].id;
            let pinned = project.pinned.get(id);
            let at = pinned.or_else(|| project.positions.get(id));
            at.map(|&p| (p, pinned.is_some()))
        };
        let everywhere = view.nodes.iter().all(|&e| place(e).is_some());
        self.place_view(view, place);
        if everywhere {
            // Every node is where it was saved: nothing moves.
            self.layout.reheat(0.0);
        }
        if let Some(camera) = project.camera {
            self.canvas.camera = camera;
            self.canvas.auto_fit = false;
        }
        self.select(match &project.selection {
            Some(ProjectSelection::Entity(e)) => {
                index(e).map_or(Selection::None, Selection::Entity)
            }
            Some(ProjectSelection::Edge(a, b)) => match (index(a), index(b)) {
                (Some(a), Some(b)) => Selection::edge(a, b),
                _ => Selection::None,
            },
            None => Selection::None,
        });
        if self.settings.theme != project.theme {
            self.settings.theme = project.theme;
            self.settings_dirty = true;
            self.restyle(ctx);
        }
        self.projects.saved = (self.projects.revision, self.filters.clone());
        if let Some(path) = self.projects.path.clone() {
            self.remember_project(&path);
            let opened = format!("Opened {}", path.display());
            self.status.push(now, Level::Info, opened);
        }
    }

    // ------------------------------------------------------------ menus and windows

    /// A spinner in the toolbar while corrections are applied or a project
    /// is read or written.
    pub(super) fn background_ui(&self, ui: &mut egui::Ui) {
        let work = if self.projects.reading.is_some() {
            "Reading the project…"
        } else if self.projects.saving.is_some() {
            "Saving the project…"
        } else if self.edits.busy() {
            "Applying corrections…"
        } else {
            return;
        };
        ui.spinner();
        ui.weak(work);
    }

    /// The project items of the File menu.
    pub(super) fn project_menu_ui(&mut self, ui: &mut egui::Ui) {
        self.command_button(ui, true, "Open project…", ProjectCommand::Open);
        ui.menu_button("Recent projects", |ui| {
            if self.settings.recent_projects.is_empty() {
                ui.weak("No project saved or opened yet.");
            }
            for path in self.settings.recent_projects.clone() {
                let name = path.file_name().unwrap_or(path.as_os_str());
                let text = name.to_string_lossy();
                let hover = path.display().to_string();
                if ui.button(text).on_hover_text(hover).clicked() {
                    self.commands
                        .push(Command::Project(ProjectCommand::OpenAt(path)));
                }
            }
        });
        ui.separator();
        let loaded = self.analysis.is_some();
        self.command_button(ui, loaded, "Save project", ProjectCommand::Save);
        self.command_button(ui, loaded, "Save project as…", ProjectCommand::SaveAs);
    }

    /// The save dialog and the unsaved-changes prompt.
    pub(super) fn project_windows_ui(&mut self, ctx: &egui::Context) {
        let choice = self.projects.dialog.as_mut().and_then(|d| d.dialog_ui(ctx));
        match choice {
            None => {}
            Some(SaveChoice::Save { path, embed }) => {
                self.projects.dialog = None;
                self.commands
                    .push(Command::Project(ProjectCommand::SaveTo { path, embed }));
            }
            Some(SaveChoice::Browse { embed }) => {
                self.projects.dialog = None;
                self.ask(ctx, move || {
                    rfd::FileDialog::new()
                        .set_title("Save project")
                        .set_file_name(format!("session.{EXTENSION}"))
                        .add_filter("newsgraph project", &[EXTENSION])
                        .save_file()
                        .map(|path| {
                            let path = super::save_dialog::with_extension(path);
                            Command::Project(ProjectCommand::SaveTo { path, embed })
                        })
                });
            }
            Some(SaveChoice::Cancel) => {
                self.projects.dialog = None;
                self.projects.after_save = None;
            }
        }
        self.prompt_ui(ctx);
    }

    fn prompt_ui(&mut self, ctx: &egui::Context) {
        let Some(prompt) = &self.projects.prompt else {
            return;
        };
        let Some(answer) = prompt.prompt_ui(ctx) else {
            return;
        };
        let Some(prompt) = self.projects.prompt.take() else {
            return;
        };
        match answer {
            Answer::Save => {
                self.projects.after_save = Some(prompt.after);
                self.commands.push(Command::Project(ProjectCommand::Save));
            }
            Answer::Discard => self.continue_after(prompt.after),
            Answer::Cancel => {}
        }
    }
}
