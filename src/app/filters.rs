//! The filter panel: kinds shown, minimum mentions, minimum edge weight,
//! the co-mention window, and which edges are shown (co-mentions; stated
//! relations by category and polarity). (Documents are included or left
//! out in the document list.)

use crate::extract::{Category, Kind, Polarity};
use crate::graph::Window;
use crate::graph::view::Filters;
use crate::scene::{Style, polarity_color};

use super::canvas::color;

/// Edits `filters`; returns true when they changed.
pub fn filters_ui(
    ui: &mut egui::Ui,
    filters: &mut Filters,
    style: &Style,
    max_mentions: usize,
    max_weight: u32,
) -> bool {
    let before = filters.clone();
    ui.label("Show kinds");
    ui.horizontal_wrapped(|ui| {
        for kind in Kind::ALL {
            let mut shown = filters.shows(kind);
            let text = egui::RichText::new(kind.as_str()).color(color(style.palette.kind(kind)));
            if ui.checkbox(&mut shown, text).changed() {
                filters.set_shows(kind, shown);
            }
        }
    });
    ui.add(
        egui::Slider::new(&mut filters.min_mentions, 1..=max_mentions.max(2))
            .text("Minimum mentions")
            .logarithmic(max_mentions > 50),
    );
    ui.add(
        egui::Slider::new(&mut filters.min_edge_weight, 1..=max_weight.max(2))
            .text("Minimum edge weight")
            .logarithmic(max_weight > 50),
    );
    ui.horizontal(|ui| {
        ui.label("Co-mention in the same");
        for window in Window::ALL {
            ui.radio_value(&mut filters.window, window, window.as_str());
        }
    });
    edge_filters_ui(ui, filters);
    *filters != before
}

/// Co-mention edges on or off; relations by category and by polarity.
fn edge_filters_ui(ui: &mut egui::Ui, filters: &mut Filters) {
    ui.checkbox(&mut filters.co_mentions, "co-mention edges");
    ui.label("Stated relations");
    ui.horizontal_wrapped(|ui| {
        for category in Category::ALL {
            let mut shown = filters.shows_category(category);
            if ui.checkbox(&mut shown, category.as_str()).changed() {
                filters.set_shows_category(category, shown);
            }
        }
    });
    ui.horizontal_wrapped(|ui| {
        for polarity in Polarity::ALL {
            let mut shown = filters.shows_polarity(polarity);
            let text =
                egui::RichText::new(polarity.as_str()).color(color(polarity_color(polarity)));
            if ui.checkbox(&mut shown, text).changed() {
                filters.set_shows_polarity(polarity, shown);
            }
        }
    });
}
