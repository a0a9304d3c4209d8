//! Corrections in the app: the engine's analysis is kept as it came, the
//! user's corrections (with undo and redo) are replayed on it on a
//! background thread after every change, and the corrected analysis replaces
//! the one shown, nodes keeping their places (a merged node takes the place
//! of the one kept) and the selection following its entity. The Edit menu,
//! the inspector's correction buttons and the list of hidden entities are
//! drawn here.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

use egui::RichText;

use super::commands::{Ask, Command, EditCommand};
use super::correction_dialog::{CorrectionDialog, DialogOutcome, dialog_window};
use super::inspector::Selection;
use super::status::Level;
use super::task::{Progress, Task};
use super::{CorpusSpec, NewsgraphApp, Totals};
use crate::corrections::{self, Correction, Corrections, Lineage, Unapplied};
use crate::extract::Kind;
use crate::graph::view::GraphView;
use crate::pipeline::Analysis;

/// The corrections of the analysis shown and what they are applied to.
#[derive(Default)]
pub struct Edits {
    /// The analysis as the engine made it.
    original: Option<Arc<Analysis>>,
    /// What `original` was loaded from.
    spec: CorpusSpec,
    pub history: Corrections,
    /// The last change was a new correction (not an undo or redo).
    fresh: bool,
    /// The corrections must be applied again (after a load).
    stale: bool,
    derivation: Option<Task<Derived>>,
    /// Writing the corrections as a gazetteer table.
    export: Option<Task<Result<String, String>>>,
    dialog: Option<CorrectionDialog>,
    show_hidden: bool,
}

/// The corrected analysis, made on a background thread.
struct Derived {
    analysis: Analysis,
    hidden: BTreeSet<usize>,
    unapplied: Vec<Unapplied>,
    /// From the analysis shown when the work started.
    lineage: Lineage,
    /// How many corrections were applied.
    ops: usize,
}

impl Edits {
    /// Whether corrections are being applied.
    pub fn busy(&self) -> bool {
        self.stale || self.derivation.is_some() || self.export.is_some()
    }
}

impl NewsgraphApp {
    pub fn corrections(&self) -> &Corrections {
        &self.edits.history
    }

    pub(super) fn run_edit(&mut self, ctx: &egui::Context, command: EditCommand, now: f64) {
        match command {
            EditCommand::Apply(op) => {
                self.edits.history.apply(op);
                self.edits.fresh = true;
                self.corrections_changed(ctx);
            }
            EditCommand::Undo => self.step_history(ctx, now, Corrections::undo, "undo"),
            EditCommand::Redo => self.step_history(ctx, now, Corrections::redo, "redo"),
            EditCommand::Ask(ask) => {
                if let (Selection::Entity(e), Some(a)) = (self.selection, &self.analysis) {
                    let name = a.extraction.entities[e].name.clone();
                    self.edits.dialog = Some(CorrectionDialog::new(ask, name));
                }
            }
            EditCommand::ToggleHiddenList => self.edits.show_hidden = !self.edits.show_hidden,
            EditCommand::SaveGazetteer => self.ask(ctx, || {
                rfd::FileDialog::new()
                    .set_title("Save corrections as gazetteer")
                    .set_file_name("corrections.tsv")
                    .add_filter("Gazetteer table", &["tsv", "txt"])
                    .save_file()
                    .map(|path| Command::Edit(EditCommand::SaveGazetteerTo(path)))
            }),
            EditCommand::SaveGazetteerTo(path) => self.save_gazetteer(ctx, path),
        }
    }

    fn step_history(
        &mut self,
        ctx: &egui::Context,
        now: f64,
        step: fn(&mut Corrections) -> Option<Correction>,
        what: &str,
    ) {
        if step(&mut self.edits.history).is_none() {
            self.status
                .push(now, Level::Info, format!("Nothing to {what}."));
            return;
        }
        self.edits.fresh = false;
        self.corrections_changed(ctx);
    }

    fn corrections_changed(&mut self, ctx: &egui::Context) {
        self.projects.touch();
        self.derive(ctx);
    }

    /// Starts applying the corrections to the original analysis.
    fn derive(&mut self, ctx: &egui::Context) {
        self.edits.stale = false;
        let (Some(original), Some(shown)) = (self.edits.original.clone(), self.analysis.clone())
        else {
            return;
        };
        let history = self.edits.history.clone();
        self.edits.derivation = Some(Task::spawn(ctx, move || {
            let docs = &original.corpus.documents;
            let corrected = corrections::apply(&original.extraction, docs, &history);
            Derived {
                lineage: corrections::lineage(&shown.extraction, &corrected.extraction),
                analysis: original.with_extraction(corrected.extraction),
                hidden: corrected.hidden,
                unapplied: corrected.unapplied,
                ops: history.ops.len(),
            }
        }));
    }

    /// Starts over from a freshly loaded analysis: a project's corrections,
    /// the same corrections when documents were added, none otherwise.
    pub(super) fn after_load(&mut self) {
        let before = std::mem::replace(&mut self.edits.spec, self.spec.clone());
        let added = self.edits.original.is_some()
            && before.seeds == self.spec.seeds
            && before.embedded == self.spec.embedded
            && self.spec.paths.starts_with(&before.paths);
        self.edits.original = self.analysis.clone();
        self.edits.fresh = false;
        // Work on the previous analysis no longer applies.
        self.edits.derivation = None;
        if let Some(project) = self.projects.opened(&self.spec, &self.filters) {
            self.edits.history = Corrections::from(project.corrections.ops.clone());
            self.edits.stale = true;
        } else if added {
            self.projects.touch();
            self.edits.stale = !self.edits.history.ops.is_empty();
        } else {
            self.edits.history = Corrections::default();
            self.projects.forget(&self.filters);
        }
    }

    /// Applies what the background work finished.
    pub(super) fn poll_edits(&mut self, ctx: &egui::Context, now: f64) {
        if self.edits.stale && self.job.is_none() {
            self.derive(ctx);
        }
        if let Some(task) = &self.edits.derivation {
            match task.poll() {
                Progress::Running => {}
                Progress::Done(derived) => {
                    self.edits.derivation = None;
                    self.show_derived(ctx, derived, now);
                }
                Progress::Failed(why) => {
                    self.edits.derivation = None;
                    let text = format!("Applying the corrections failed: {why}");
                    self.status.push(now, Level::Error, text);
                }
            }
        }
        if let Some(task) = &self.edits.export {
            let result = match task.poll() {
                Progress::Running => return,
                Progress::Done(result) => result,
                Progress::Failed(why) => Err(why),
            };
            self.edits.export = None;
            self.report(now, result);
        }
    }

    /// A message for the user: `Ok` as information, `Err` as an error.
    pub(super) fn report(&mut self, now: f64, result: Result<String, String>) {
        match result {
            Ok(message) => self.status.push(now, Level::Info, message),
            Err(message) => self.status.push(now, Level::Error, message),
        }
    }

    fn show_derived(&mut self, ctx: &egui::Context, derived: Derived, now: f64) {
        self.report_unapplied(&derived.unapplied, derived.ops, now);
        let analysis = Arc::new(derived.analysis);
        self.totals = Totals::of(&analysis);
        self.filters.hidden = derived.hidden;
        if let Some(project) = self.projects.take_restore() {
            self.analysis = Some(analysis.clone());
            self.restore(ctx, &project, &analysis, now);
            return;
        }
        let old = self.placement();
        let lineage = &derived.lineage;
        let view = GraphView::build(&analysis, &self.story.filters(&self.filters));
        let before = |e: usize| lineage.before.get(e).copied().flatten();
        self.place_view(view, |e| {
            before(e).and_then(|b| old.get(b).copied().flatten())
        });
        let after = |e: usize| lineage.after.get(e).copied().flatten();
        self.selection = match self.selection {
            Selection::None => Selection::None,
            Selection::Entity(e) => after(e).map_or(Selection::None, Selection::Entity),
            // Relations are renumbered by a correction: keep their two ends.
            Selection::Edge(a, b)
            | Selection::Relation {
                source: a,
                target: b,
                ..
            } => match (after(a), after(b)) {
                (Some(a), Some(b)) if a != b => Selection::edge(a, b),
                (Some(e), _) | (_, Some(e)) => Selection::Entity(e),
                (None, None) => Selection::None,
            },
        };
        self.mention_cursor = None;
        self.analysis = Some(analysis);
    }

    /// Tells the user about corrections that did nothing; a new one is
    /// taken back.
    fn report_unapplied(&mut self, unapplied: &[Unapplied], ops: usize, now: f64) {
        let fresh = std::mem::take(&mut self.edits.fresh);
        let Some(last) = unapplied.last() else { return };
        if fresh && last.index + 1 == ops {
            let mut ops = std::mem::take(&mut self.edits.history.ops);
            ops.pop();
            self.edits.history = Corrections::from(ops);
            let text = format!("{}: {}.", last.op, last.problem);
            self.status.push(now, Level::Error, text);
            return;
        }
        let text = format!(
            "{} corrections did nothing, the first: {}: {}.",
            unapplied.len(),
            unapplied[0].op,
            unapplied[0].problem
        );
        self.status.push(now, Level::Warning, text);
    }

    fn save_gazetteer(&mut self, ctx: &egui::Context, path: PathBuf) {
        let Some(original) = self.edits.original.clone() else {
            return;
        };
        let history = self.edits.history.clone();
        self.edits.export = Some(Task::spawn(ctx, move || {
            let docs = &original.corpus.documents;
            let corrected = corrections::apply(&original.extraction, docs, &history);
            let table = corrections::to_gazetteer(&corrected);
            crate::export::write_atomic(&path, |w| w.write_all(table.as_bytes()))
                .map(|()| format!("Saved the corrections to {}", path.display()))
                .map_err(|e| format!("Cannot save {}: {e}", path.display()))
        }));
    }

    // ------------------------------------------------------------ menus and buttons

    /// The Edit menu: undo, redo, corrections of the selected entity.
    pub(super) fn edit_menu_ui(&mut self, ui: &mut egui::Ui) {
        let history = &self.edits.history;
        let undo = history.undo_label();
        let redo = history.redo_label();
        let undo_text = undo.as_deref().unwrap_or("Undo");
        let redo_text = redo.as_deref().unwrap_or("Redo");
        self.command_button(ui, undo.is_some(), undo_text, EditCommand::Undo);
        self.command_button(ui, redo.is_some(), redo_text, EditCommand::Redo);
        ui.separator();
        match (self.selection, self.analysis.clone()) {
            (Selection::Entity(e), Some(analysis)) => {
                ui.label(RichText::new(&analysis.extraction.entities[e].name).strong());
                self.entity_actions_ui(ui, &analysis, e);
            }
            _ => {
                ui.weak("Select an entity to correct it.");
            }
        }
        ui.separator();
        let hidden = format!("Hidden entities ({})…", self.filters.hidden.len());
        self.command_button(ui, true, &hidden, EditCommand::ToggleHiddenList);
        let any = !self.edits.history.ops.is_empty();
        let gazetteer = "Save corrections as gazetteer…";
        self.command_button(ui, any, gazetteer, EditCommand::SaveGazetteer);
    }

    /// The correction buttons above the inspector's entity details.
    pub(super) fn correction_actions_ui(&mut self, ui: &mut egui::Ui) {
        let (Selection::Entity(e), Some(analysis)) = (self.selection, self.analysis.clone()) else {
            return;
        };
        ui.horizontal_wrapped(|ui| self.entity_actions_ui(ui, &analysis, e));
        ui.separator();
    }

    /// Merge, rename, change kind, hide or unhide, add and split aliases.
    fn entity_actions_ui(&mut self, ui: &mut egui::Ui, analysis: &Analysis, e: usize) {
        let entity = &analysis.extraction.entities[e];
        let name = &entity.name;
        self.command_button(ui, true, "Merge into…", EditCommand::Ask(Ask::MergeInto));
        self.command_button(ui, true, "Rename…", EditCommand::Ask(Ask::Rename));
        ui.menu_button("Change kind", |ui| {
            for kind in Kind::ALL.into_iter().filter(|&k| k != entity.kind) {
                let op = Correction::SetKind {
                    entity: name.clone(),
                    kind,
                };
                self.command_button(ui, true, kind.as_str(), EditCommand::Apply(op));
            }
        });
        let (label, op) = if self.filters.hidden.contains(&e) {
            let unhide = Correction::Unhide {
                entity: name.clone(),
            };
            ("Unhide", unhide)
        } else {
            let hide = Correction::Hide {
                entity: name.clone(),
            };
            ("Hide", hide)
        };
        self.command_button(ui, true, label, EditCommand::Apply(op));
        self.command_button(ui, true, "Add alias…", EditCommand::Ask(Ask::AddAlias));
        let others: Vec<&String> = entity.aliases.iter().filter(|a| *a != name).collect();
        ui.add_enabled_ui(!others.is_empty(), |ui| {
            ui.menu_button("Split alias off", |ui| {
                for alias in others {
                    let op = Correction::SplitAlias {
                        entity: name.clone(),
                        alias: alias.clone(),
                    };
                    self.command_button(ui, true, alias, EditCommand::Apply(op));
                }
            })
            .response
            .on_hover_text("Make the mentions written so an entity of their own");
        });
    }

    /// A button queueing `command`, with its keyboard shortcut if it has one.
    pub(super) fn command_button(
        &mut self,
        ui: &mut egui::Ui,
        enabled: bool,
        label: &str,
        command: impl Into<Command>,
    ) {
        let command = command.into();
        let mut button = egui::Button::new(label);
        if let Some(shortcut) = super::commands::shortcut_of(&command) {
            button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
        }
        if ui.add_enabled(enabled, button).clicked() {
            self.commands.push(command);
        }
    }

    /// The correction dialog and the list of hidden entities.
    pub(super) fn edit_windows_ui(&mut self, ctx: &egui::Context) {
        if let (Some(dialog), Some(analysis)) = (&mut self.edits.dialog, &self.analysis) {
            match dialog.dialog_ui(ctx, analysis, &self.totals.mention_counts) {
                DialogOutcome::Open => {}
                DialogOutcome::Closed => self.edits.dialog = None,
                DialogOutcome::Done(op) => {
                    self.edits.dialog = None;
                    self.commands.push(Command::Edit(EditCommand::Apply(op)));
                }
            }
        }
        self.hidden_list_ui(ctx);
    }

    fn hidden_list_ui(&mut self, ctx: &egui::Context) {
        let Some(analysis) = self.analysis.clone() else {
            return;
        };
        let mut open = self.edits.show_hidden;
        dialog_window("Hidden entities".to_owned(), ctx)
            .open(&mut open)
            .show(ctx, |ui| {
                if self.filters.hidden.is_empty() {
                    ui.weak("No entity is hidden. Hide one from the Edit menu or the inspector.");
                }
                egui::Grid::new("hidden").striped(true).show(ui, |ui| {
                    for &e in &self.filters.hidden {
                        let entity = &analysis.extraction.entities[e];
                        ui.label(format!("{} ({})", entity.name, entity.kind.as_str()));
                        let op = Correction::Unhide {
                            entity: entity.name.clone(),
                        };
                        if ui.button("Unhide").clicked() {
                            self.commands.push(Command::Edit(EditCommand::Apply(op)));
                        }
                        ui.end_row();
                    }
                });
            });
        self.edits.show_hidden = open;
    }
}
