//! The small window that completes a correction of one entity: the entity
//! to merge it into (picked from a search), its new name, or an alias to add.

use super::commands::Ask;
use crate::corrections::Correction;
use crate::pipeline::Analysis;

/// How many entities the merge picker lists.
const PICKS: usize = 8;

/// A window for a dialog, in the upper middle of the screen.
pub fn dialog_window(title: String, ctx: &egui::Context) -> egui::Window<'static> {
    let at = ctx.content_rect().center_top() + egui::vec2(0.0, 140.0);
    egui::Window::new(title)
        .collapsible(false)
        .resizable(false)
        .pivot(egui::Align2::CENTER_TOP)
        .default_pos(at)
}

/// The dialog's state.
#[derive(Debug, Clone, PartialEq)]
pub struct CorrectionDialog {
    ask: Ask,
    /// The entity corrected, by name.
    entity: String,
    text: String,
    /// Give the text field the keyboard on the first frame.
    focus: bool,
}

/// What became of the dialog this frame.
#[derive(Debug, Clone, PartialEq)]
pub enum DialogOutcome {
    Open,
    Closed,
    Done(Correction),
}

impl CorrectionDialog {
    pub fn new(ask: Ask, entity: String) -> CorrectionDialog {
        let text = match ask {
            Ask::Rename => entity.clone(),
            Ask::MergeInto | Ask::AddAlias => String::new(),
        };
        CorrectionDialog {
            ask,
            entity,
            text,
            focus: true,
        }
    }

    fn title(&self) -> String {
        let name = &self.entity;
        match self.ask {
            Ask::MergeInto => format!("Merge “{name}” into…"),
            Ask::Rename => format!("Rename “{name}”"),
            Ask::AddAlias => format!("Add an alias to “{name}”"),
        }
    }

    /// Shows the dialog; `counts` are the mentions of each entity, to rank
    /// the merge picker's matches.
    pub fn dialog_ui(
        &mut self,
        ctx: &egui::Context,
        analysis: &Analysis,
        counts: &[usize],
    ) -> DialogOutcome {
        let mut open = true;
        let mut outcome = DialogOutcome::Open;
        dialog_window(self.title(), ctx)
            .id(egui::Id::unique("correction dialog"))
            .open(&mut open)
            .show(ctx, |ui| {
                outcome = match self.ask {
                    Ask::MergeInto => self.picker_ui(ui, analysis, counts),
                    Ask::Rename | Ask::AddAlias => self.name_ui(ui),
                };
            });
        if open { outcome } else { DialogOutcome::Closed }
    }

    /// The labelled text field; true when Enter was pressed in it.
    fn field_ui(&mut self, ui: &mut egui::Ui, label: &str, hint: &str) -> bool {
        let response = ui
            .horizontal(|ui| {
                let label = ui.label(label);
                ui.add(egui::TextEdit::singleline(&mut self.text).hint_text(hint))
                    .labelled_by(label.id)
            })
            .inner;
        if std::mem::take(&mut self.focus) {
            // Typing replaces the name offered.
            response.request_focus();
            if let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), response.id) {
                let all = egui::text_selection::CCursorRange::select_all_str(&self.text);
                state.cursor.set_char_range(Some(all));
                state.store(ui.ctx(), response.id);
            }
        }
        response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter))
    }

    /// A new name or an alias.
    fn name_ui(&mut self, ui: &mut egui::Ui) -> DialogOutcome {
        let (label, hint, action) = match self.ask {
            Ask::Rename => ("New name", "the name to show", "Rename"),
            _ => ("Alias", "another spelling in the texts", "Add alias"),
        };
        let entered = self.field_ui(ui, label, hint);
        if self.ask == Ask::AddAlias {
            ui.weak("Every whole-word occurrence of it (case-sensitive) becomes a mention.");
        }
        let text = self.text.trim();
        let valid = !text.is_empty() && (self.ask != Ask::Rename || text != self.entity);
        let mut outcome = DialogOutcome::Open;
        ui.horizontal(|ui| {
            let confirm = ui.add_enabled(valid, egui::Button::new(action)).clicked();
            if valid && (confirm || entered) {
                outcome = DialogOutcome::Done(self.correction(text.to_owned()));
            }
            if ui.button("Cancel").clicked() {
                outcome = DialogOutcome::Closed;
            }
        });
        outcome
    }

    fn correction(&self, text: String) -> Correction {
        let entity = self.entity.clone();
        match self.ask {
            Ask::MergeInto => Correction::Merge {
                from: entity,
                into: text,
            },
            Ask::Rename => Correction::Rename { entity, to: text },
            Ask::AddAlias => Correction::AddAlias {
                entity,
                alias: text,
            },
        }
    }

    /// Search for the entity to merge into and pick it from the matches.
    fn picker_ui(
        &mut self,
        ui: &mut egui::Ui,
        analysis: &Analysis,
        counts: &[usize],
    ) -> DialogOutcome {
        let entered = self.field_ui(ui, "Merge into", "name or alias");
        let entities = &analysis.extraction.entities;
        let matches = super::search(analysis, counts, &self.text);
        let picks: Vec<usize> = matches
            .into_iter()
            .map(|(e, _)| e)
            .filter(|&e| entities[e].name != self.entity)
            .take(PICKS)
            .collect();
        let mut outcome = match picks.first() {
            // Enter takes the best match.
            Some(&best) if entered => {
                DialogOutcome::Done(self.correction(entities[best].name.clone()))
            }
            _ => DialogOutcome::Open,
        };
        for e in picks {
            let entity = &entities[e];
            let label = format!("{} ({})", entity.name, entity.kind.as_str());
            let hover = format!(
                "{} mentions · {}",
                counts.get(e).copied().unwrap_or(0),
                entity.aliases.join(" · ")
            );
            if ui.button(label).on_hover_text(hover).clicked() {
                outcome = DialogOutcome::Done(self.correction(entity.name.clone()));
            }
        }
        if self.text.trim().is_empty() {
            ui.weak("Type to find the entity that stays; this one's mentions and names join it.");
        }
        if ui.button("Cancel").clicked() {
            outcome = DialogOutcome::Closed;
        }
        outcome
    }
}
