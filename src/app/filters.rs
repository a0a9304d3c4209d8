//! The filter panel: kinds shown, minimum mentions, minimum edge weight and
//! the co-mention window. (Documents are included or left out in the
//! document list.)

use crate::extract::Kind;
use crate::graph::Window;
use crate::graph::view::Filters;
use crate::scene::Style;

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
    *filters != before
}
