//! How nodes are drawn: the Style section of the left panel (size by
//! mentions or a graph measure, colour by kind or community), the node
//! sizes and colours that follow from it for the current view, and the
//! legend of communities drawn over the canvas under the kind legend.

use egui::{CornerRadius, Frame, RichText, Sense, Stroke, UiBuilder, Vec2};

use super::canvas::color;
use super::metrics::MetricsCache;
use crate::graph::stats::{GraphStats, Metric};
use crate::graph::view::GraphView;
use crate::look::{ColorBy, Community, Encoding, NodeLooks, communities};
use crate::pipeline::Analysis;
use crate::scene::{NodeLook, Style};

/// The legend lists this many communities; the rest are counted.
const LEGEND_ROWS: usize = 8;
/// And this many names of each.
const LEGEND_NAMES: usize = 3;

/// The words the app uses for a measure.
pub fn metric_label(metric: Metric) -> &'static str {
    match metric {
        Metric::Mentions => "mentions",
        Metric::Degree => "degree",
        Metric::WeightedDegree => "weighted degree",
        Metric::PageRank => "PageRank",
        Metric::Betweenness => "betweenness",
    }
}

/// The user's choice of node size and colour, and what it gives the view.
#[derive(Debug, Default)]
pub struct NodeStyle {
    pub encoding: Encoding,
    looks: NodeLooks,
    /// The communities of the latest stats, largest first.
    communities: Vec<Community>,
    /// What `looks` was built from (the metrics' key and the encoding).
    built: Option<((u64, u64), Encoding)>,
}

impl NodeStyle {
    /// Whether the choice takes graph measures.
    pub fn needs_stats(&self) -> bool {
        self.encoding.needs_stats()
    }

    /// Rebuilds the node looks when the view, its stats or the choice changed.
    pub fn refresh(&mut self, view: &GraphView, metrics: &MetricsCache) {
        let key = (metrics.key(), self.encoding);
        if self.built == Some(key) {
            return;
        }
        self.looks = NodeLooks::build(view, metrics.latest(), self.encoding);
        self.communities = metrics.latest().map(communities).unwrap_or_default();
        self.built = Some(key);
    }

    /// Node sizes and colours for the scene.
    pub fn look(&self) -> NodeLook<'_> {
        self.looks.look()
    }

    /// The Style section: size by, colour by.
    pub fn style_ui(&mut self, ui: &mut egui::Ui, metrics: &MetricsCache) {
        egui::CollapsingHeader::new("Style")
            .default_open(true)
            .show(ui, |ui| {
                egui::ComboBox::from_label("Size by")
                    .selected_text(metric_label(self.encoding.size))
                    .show_ui(ui, |ui| {
                        for metric in Metric::ALL {
                            ui.selectable_value(
                                &mut self.encoding.size,
                                metric,
                                metric_label(metric),
                            );
                        }
                    });
                ui.horizontal(|ui| {
                    ui.label("Colour by");
                    for by in ColorBy::ALL {
                        ui.radio_value(&mut self.encoding.color, by, by.as_str());
                    }
                });
                if self.needs_stats() && metrics.computing() {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.weak("Measuring the graph…");
                    });
                }
            });
    }

    /// The communities' colours, sizes and best-known members, over the
    /// top-left of the canvas (`rect`), under the kind legend.
    pub fn community_legend_ui(
        &self,
        ui: &mut egui::Ui,
        analysis: &Analysis,
        stats: Option<&GraphStats>,
        style: &Style,
    ) {
        if self.encoding.color != ColorBy::Community {
            return;
        }
        let rect = ui.max_rect();
        let at = rect.min + Vec2::new(10.0, 130.0);
        let room = egui::Rect::from_min_max(at, rect.max - Vec2::splat(10.0));
        ui.scope_builder(UiBuilder::new().max_rect(room), |ui| {
            Frame::new()
                .fill(color(style.palette.halo))
                .stroke(Stroke::new(1.0, color(style.palette.edge)))
                .corner_radius(CornerRadius::same(6))
                .inner_margin(8)
                .show(ui, |ui| {
                    ui.set_max_width(260.0);
                    let text = color(style.palette.text);
                    match stats {
                        Some(stats) => self.rows_ui(ui, analysis, stats, text),
                        None => {
                            ui.label(RichText::new("Finding communities…").color(text));
                        }
                    }
                });
        });
    }

    fn rows_ui(
        &self,
        ui: &mut egui::Ui,
        analysis: &Analysis,
        stats: &GraphStats,
        text: egui::Color32,
    ) {
        ui.label(
            RichText::new(format!("{} communities", stats.community_count))
                .color(text)
                .strong(),
        )
        .on_hover_text(format!(
            "Louvain communities of the graph shown (modularity {:.3})",
            stats.modularity
        ));
        for (rank, c) in self.communities.iter().take(LEGEND_ROWS).enumerate() {
            let names: Vec<&str> = c
                .members
                .iter()
                .take(LEGEND_NAMES)
                .map(|&e| analysis.extraction.entities[e].name.as_str())
                .collect();
            let more = if c.members.len() > LEGEND_NAMES {
                ", …"
            } else {
                ""
            };
            ui.horizontal(|ui| {
                let (swatch, _) = ui.allocate_exact_size(Vec2::splat(12.0), Sense::hover());
                ui.painter()
                    .rect_filled(swatch, CornerRadius::same(2), color(c.color));
                let size = match c.members.len() {
                    1 => "1 entity".to_owned(),
                    n => format!("{n} entities"),
                };
                let line = format!("{}. {size}: {}{more}", rank + 1, names.join(", "));
                ui.add(egui::Label::new(RichText::new(line).color(text)).truncate());
            });
        }
        let rest = self.communities.len().saturating_sub(LEGEND_ROWS);
        if rest > 0 {
            ui.label(RichText::new(format!("+ {rest} smaller communities")).color(text));
        }
    }
}

impl super::NewsgraphApp {
    /// The node sizes and colours the canvas draws.
    pub fn node_look(&self) -> NodeLook<'_> {
        self.node_style.look()
    }
}
