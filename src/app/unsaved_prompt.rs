//! The modal question asked before unsaved changes would be lost (closing
//! the window, opening another corpus or project): Save, Don't save or
//! Cancel.

use super::commands::Command;

/// What waits for the answer.
#[derive(Debug, Clone, PartialEq)]
pub enum After {
    Close,
    Run(Command),
}

/// The user's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Answer {
    Save,
    Discard,
    Cancel,
}

/// The prompt, shown while it exists.
#[derive(Debug, Clone, PartialEq)]
pub struct UnsavedPrompt {
    pub after: After,
}

impl UnsavedPrompt {
    pub fn prompt_ui(&self, ctx: &egui::Context) -> Option<Answer> {
        let question = match self.after {
            After::Close => "Save changes before closing?",
            After::Run(_) => "Save changes before opening?",
        };
        let modal = egui::Modal::new(egui::Id::unique("unsaved changes")).show(ctx, |ui| {
            ui.set_width(380.0);
            ui.heading(question);
            ui.label("The corrections, pinned nodes or filters of this session are not saved.");
            ui.add_space(8.0);
            let mut answer = None;
            ui.horizontal(|ui| {
                for (text, choice) in [
                    ("Save", Answer::Save),
                    ("Don't save", Answer::Discard),
                    ("Cancel", Answer::Cancel),
                ] {
                    if ui.button(text).clicked() {
                        answer = Some(choice);
                    }
                }
            });
            answer
        });
        let escaped = modal.should_close() && modal.inner.is_none();
        if escaped {
            Some(Answer::Cancel)
        } else {
            modal.inner
        }
    }
}
