//! The "Save project" window: the project file's path (typed, or chosen in
//! the system's dialog) and whether to embed the article texts.

use std::path::{Path, PathBuf};

use super::correction_dialog::dialog_window;
use crate::project::EXTENSION;

/// The window's state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SaveDialog {
    path: String,
    embed: bool,
    /// Give the path field the keyboard on the first frame.
    focus: bool,
}

/// What the user chose.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SaveChoice {
    Save {
        path: PathBuf,
        embed: bool,
    },
    /// Choose the file in the system's dialog.
    Browse {
        embed: bool,
    },
    Cancel,
}

impl SaveDialog {
    /// The dialog for a project saved at `path` before, if it was.
    pub fn new(path: Option<&Path>, embed: bool) -> SaveDialog {
        SaveDialog {
            path: path.map(|p| p.display().to_string()).unwrap_or_default(),
            embed,
            focus: true,
        }
    }

    pub fn dialog_ui(&mut self, ctx: &egui::Context) -> Option<SaveChoice> {
        let mut choice = None;
        let mut open = true;
        dialog_window("Save project".to_owned(), ctx)
            .open(&mut open)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    let label = ui.label("Project file");
                    let field = egui::TextEdit::singleline(&mut self.path)
                        .hint_text(format!("/path/to/session.{EXTENSION}"))
                        .desired_width(320.0);
                    let field = ui.add(field).labelled_by(label.id);
                    if std::mem::take(&mut self.focus) {
                        field.request_focus();
                    }
                    if ui.button("Browse…").clicked() {
                        choice = Some(SaveChoice::Browse { embed: self.embed });
                    }
                });
                ui.checkbox(&mut self.embed, "Embed article texts")
                    .on_hover_text("The project opens without the original files, but is larger");
                ui.horizontal(|ui| {
                    let path = self.path.trim();
                    let save = egui::Button::new("Save");
                    if ui.add_enabled(!path.is_empty(), save).clicked() {
                        choice = Some(SaveChoice::Save {
                            path: with_extension(PathBuf::from(path)),
                            embed: self.embed,
                        });
                    }
                    if ui.button("Cancel").clicked() {
                        choice = Some(SaveChoice::Cancel);
                    }
                });
            });
        if open {
            choice
        } else {
            Some(SaveChoice::Cancel)
        }
    }
}

/// `path`, ending in `.newsgraph` if it had no extension.
pub fn with_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_some() {
        path
    } else {
        path.with_extension(EXTENSION)
    }
}
