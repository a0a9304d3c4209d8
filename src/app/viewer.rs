//! The document viewer: the list of documents (title, entity count, include
//! toggle) and the selected document's text with every mention highlighted
//! in its kind's colour. Clicking a mention selects its entity; an evidence
//! sentence can be highlighted and scrolled to.

use std::ops::Range;

use egui::{Align, Color32, RichText, ScrollArea, Sense};

use super::canvas::color;
use crate::corpus::Document;
use crate::extract::Mention;
use crate::graph::view::Filters;
use crate::pipeline::Analysis;
use crate::scene::Style;

/// Which document is shown and what to point at in it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct DocumentViewer {
    pub doc: usize,
    /// Byte offset to scroll to on the next frame.
    pub scroll_to: Option<usize>,
    /// A sentence to highlight (evidence of a selected edge).
    pub evidence: Option<Range<usize>>,
    /// The document drawn on the last frame.
    drawn: Option<usize>,
}

/// What the user did in the viewer.
#[derive(Debug, Clone, PartialEq)]
pub enum ViewerEvent {
    /// A highlighted mention was clicked: select this entity.
    SelectEntity(usize),
    /// Documents included or left out changed.
    FiltersChanged,
}

impl DocumentViewer {
    /// Shows `doc` scrolled to `at`, optionally highlighting a sentence.
    pub fn show(&mut self, doc: usize, at: usize, evidence: Option<Range<usize>>) {
        self.doc = doc;
        self.scroll_to = Some(at);
        self.evidence = evidence;
    }

    /// The list of documents with their titles and entity counts; only the
    /// rows in sight are laid out, so long corpora stay smooth.
    pub fn documents_ui(
        &mut self,
        ui: &mut egui::Ui,
        analysis: &Analysis,
        entity_counts: &[usize],
        filters: &mut Filters,
    ) -> Option<ViewerEvent> {
        let mut event = None;
        let row_height = ui.spacing().interact_size.y + ui.spacing().item_spacing.y;
        let documents = &analysis.corpus.documents;
        ScrollArea::vertical()
            .id_salt("documents")
            .auto_shrink([false, true])
            .show_rows(ui, row_height, documents.len(), |ui, rows| {
                for i in rows {
                    let count = entity_counts.get(i).copied().unwrap_or(0);
                    if self.document_row_ui(ui, i, &documents[i], count, filters) {
                        event = Some(ViewerEvent::FiltersChanged);
                    }
                }
            });
        event
    }

    /// One row of the list; true when its include box was toggled.
    fn document_row_ui(
        &mut self,
        ui: &mut egui::Ui,
        i: usize,
        d: &Document,
        entities: usize,
        filters: &mut Filters,
    ) -> bool {
        ui.horizontal(|ui| {
            let mut included = !filters.excluded_docs.contains(&i);
            let toggle = ui
                .checkbox(&mut included, "")
                .on_hover_text(format!("Include “{}” in the graph", d.title));
            if toggle.changed() {
                if included {
                    filters.excluded_docs.remove(&i);
                } else {
                    filters.excluded_docs.insert(i);
                }
            }
            let label = format!("{} ({entities})", d.title);
            let button = egui::Button::selectable(self.doc == i, label).truncate();
            if ui.add(button).on_hover_text(&d.path).clicked() {
                self.doc = i;
                self.scroll_to = Some(0);
                self.evidence = None;
            }
            toggle.changed()
        })
        .inner
    }

    /// The selected document's text with mentions highlighted; mentions of
    /// `selected` (an entity) stand out.
    pub fn text_ui(
        &mut self,
        ui: &mut egui::Ui,
        analysis: &Analysis,
        style: &Style,
        selected: &[usize],
    ) -> Option<ViewerEvent> {
        let Some(doc) = analysis.corpus.documents.get(self.doc) else {
            ui.label("No document.");
            return None;
        };
        ui.heading(&doc.title);
        if let Some(date) = &doc.date {
            ui.weak(date);
        }
        ui.separator();
        let mentions = analysis.extraction.mentions_in(self.doc);
        let mut event = None;
        // A text drawn for the first time does not know its height yet, so
        // the scroll is asked for again on the next frame.
        let scroll_to = if self.drawn == Some(self.doc) {
            self.scroll_to.take()
        } else {
            self.scroll_to
        };
        self.drawn = Some(self.doc);
        ScrollArea::vertical()
            .id_salt(("text", self.doc))
            .auto_shrink([false, false])
            .show(ui, |ui| {
                ui.spacing_mut().item_spacing = egui::vec2(0.0, 6.0);
                let mut line_start = 0;
                for line in doc.text.split('\n') {
                    let range = line_start..line_start + line.len();
                    line_start = range.end + 1;
                    if line.trim().is_empty() {
                        continue;
                    }
                    let in_line: Vec<&Mention> = mentions
                        .iter()
                        .filter(|m| m.start() >= range.start && m.end() <= range.end)
                        .collect();
                    let line_view = Line {
                        text: &doc.text,
                        range,
                        mentions: &in_line,
                        boilerplate: doc
                            .in_boilerplate(&(line_start - line.len() - 1..line_start - 1)),
                        evidence: self.evidence.clone(),
                        scroll_to,
                    };
                    if let Some(e) = line_view.line_ui(ui, analysis, style, selected) {
                        event = Some(e);
                    }
                }
            });
        event
    }
}

/// One line of a document and what to draw on it.
struct Line<'a> {
    text: &'a str,
    range: Range<usize>,
    mentions: &'a [&'a Mention],
    boilerplate: bool,
    evidence: Option<Range<usize>>,
    scroll_to: Option<usize>,
}

impl Line<'_> {
    fn line_ui(
        &self,
        ui: &mut egui::Ui,
        analysis: &Analysis,
        style: &Style,
        selected: &[usize],
    ) -> Option<ViewerEvent> {
        let mut event = None;
        ui.horizontal_wrapped(|ui| {
            ui.spacing_mut().item_spacing.x = 0.0;
            let mut at = self.range.start;
            for m in self.mentions {
                self.plain_ui(ui, at..m.start());
                let entity = &analysis.extraction.entities[m.entity()];
                let chosen = selected.contains(&m.entity());
                let mut fill =
                    style
                        .palette
                        .kind(entity.kind)
                        .faded(if chosen { 0.85 } else { 0.35 });
                if self.boilerplate {
                    fill = fill.faded(0.3);
                }
                let mut text = RichText::new(&self.text[m.range()]).background_color(color(fill));
                if chosen {
                    text = text.strong().underline();
                }
                let response = ui
                    .add(egui::Label::new(text).sense(Sense::click()))
                    .on_hover_text(format!("{} ({})", entity.name, entity.kind.as_str()));
                self.scroll_if_here(&response, m.range());
                if response.clicked() {
                    event = Some(ViewerEvent::SelectEntity(m.entity()));
                }
                at = m.end();
            }
            self.plain_ui(ui, at..self.range.end);
        });
        event
    }

    /// Text without mentions, split where the evidence sentence starts and ends.
    fn plain_ui(&self, ui: &mut egui::Ui, range: Range<usize>) {
        let mut cuts = vec![range.start, range.end];
        if let Some(ev) = &self.evidence {
            cuts.extend([ev.start, ev.end].into_iter().filter(|c| range.contains(c)));
        }
        cuts.sort_unstable();
        cuts.dedup();
        for piece in cuts.windows(2) {
            let piece = piece[0]..piece[1];
            let mut text = RichText::new(&self.text[piece.clone()]);
            if self.boilerplate {
                text = text.weak().italics();
            }
            if self
                .evidence
                .as_ref()
                .is_some_and(|ev| ev.start <= piece.start && piece.end <= ev.end)
            {
                text = text.background_color(Color32::from_rgba_unmultiplied(255, 220, 80, 90));
            }
            let response = ui.label(text);
            self.scroll_if_here(&response, piece);
        }
    }

    fn scroll_if_here(&self, response: &egui::Response, range: Range<usize>) {
        if self
            .scroll_to
            .is_some_and(|at| range.start <= at && at < range.end.max(range.start + 1))
        {
            response.scroll_to_me(Some(Align::Center));
        }
    }
}
