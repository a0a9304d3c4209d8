//! The Plots panel (View → Plots, or Plots in the toolbar), under the
//! canvas: the top entities by mentions or a graph measure (click a bar to
//! select the entity), mentions per document by kind, stated relations per
//! document by category or polarity, and the degree distribution, all of
//! the current view. The numbers come from [`crate::charts`]; this draws
//! them with egui_plot, each with its own legend row above the plot.

use egui::{Color32, Panel, Role, ScrollArea, Sense, Stroke, Vec2, WidgetInfo};
use egui_plot::{
    Axis, AxisHints, Bar, BarChart, GridInput, GridMark, Plot, PlotBounds, PlotResponse,
};

use super::canvas::color;
use super::node_style::metric_label;
use crate::charts::{self, Histogram, Ranked, Stacked};
use crate::extract::{Category, Kind, Polarity};
use crate::graph::stats::{GraphStats, Metric};
use crate::graph::view::GraphView;
use crate::look::categorical_color;
use crate::pipeline::Analysis;
use crate::scene::{Style, polarity_color};

/// Height of one bar of the top entities, in points (room for its name).
const ROW_HEIGHT: f32 = 18.0;
/// Room for the value axis under the bars.
const AXIS_ROOM: f32 = 48.0;
/// Names on the top entities' axis are cut to this many characters.
const NAME_CHARS: usize = 28;
/// The degree histogram has at most this many bars.
const DEGREE_BINS: usize = 60;
/// Counts on a value axis are at least this many points apart.
const COUNT_SPACING: f64 = 28.0;
/// Bars fill this share of their slot.
const BAR_WIDTH: f64 = 0.7;

/// The title and value axis of a per-document chart.
struct Titles {
    title: &'static str,
    values: &'static str,
}

const MENTIONS: Titles = Titles {
    title: "Mentions per document",
    values: "mentions of the entities shown",
};

const RELATIONS: Titles = Titles {
    title: "Stated relations per document",
    values: "relations between the entities shown",
};

/// What the plots show.
pub struct PlotsInput<'a> {
    pub analysis: &'a Analysis,
    pub view: &'a GraphView,
    /// The stats of this view, once computed.
    pub stats: Option<&'a GraphStats>,
    /// Changes whenever the view or its stats change.
    pub key: (u64, u64),
    pub style: &'a Style,
    /// The selected entity, outlined in the top entities.
    pub selected: Option<usize>,
}

/// A plot of the panel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tab {
    TopEntities,
    Mentions,
    Relations,
    Degrees,
}

impl Tab {
    const ALL: [Tab; 4] = [
        Tab::TopEntities,
        Tab::Mentions,
        Tab::Relations,
        Tab::Degrees,
    ];

    fn label(self) -> &'static str {
        match self {
            Tab::TopEntities => "Top entities",
            Tab::Mentions => "Mentions per document",
            Tab::Relations => "Relations per document",
            Tab::Degrees => "Degree distribution",
        }
    }
}

/// What the relation bars are split by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RelationParts {
    Category,
    Polarity,
}

/// The numbers of the plot shown.
enum Chart {
    /// None while the measure is computed.
    Top(Option<Vec<Ranked>>),
    Mentions(Stacked<Kind>),
    Categories(Stacked<Category>),
    Polarities(Stacked<Polarity>),
    Degrees(Histogram),
}

/// What a chart was built from.
type ChartKey = ((u64, u64), Tab, usize, Metric, RelationParts);

/// The state of the Plots panel.
pub struct Plots {
    pub open: bool,
    tab: Tab,
    /// How many top entities are shown.
    top_n: usize,
    rank_by: Metric,
    relation_parts: RelationParts,
    chart: Option<(ChartKey, Chart)>,
}

impl Default for Plots {
    fn default() -> Self {
        Plots {
            open: false,
            tab: Tab::TopEntities,
            top_n: 15,
            rank_by: Metric::Mentions,
            relation_parts: RelationParts::Category,
            chart: None,
        }
    }
}

impl Plots {
    /// Whether the plot shown takes graph measures.
    pub fn needs_stats(&self) -> bool {
        self.open && self.tab == Tab::TopEntities && self.rank_by != Metric::Mentions
    }

    /// The panel, when open; returns the entity whose bar was clicked.
    pub fn panel_ui(&mut self, ui: &mut egui::Ui, input: PlotsInput) -> Option<usize> {
        if !self.open {
            return None;
        }
        Panel::bottom("plots")
            .resizable(true)
            .default_size(400.0)
            .size_range(160.0..=900.0)
            .show(ui, |ui| self.plots_ui(ui, &input))
            .inner
    }

    fn plots_ui(&mut self, ui: &mut egui::Ui, input: &PlotsInput) -> Option<usize> {
        ui.horizontal_wrapped(|ui| {
            for tab in Tab::ALL {
                ui.selectable_value(&mut self.tab, tab, tab.label());
            }
        });
        ui.horizontal_wrapped(|ui| self.options_ui(ui));
        self.refresh(input);
        let Some((_, chart)) = &self.chart else {
            return None;
        };
        let analysis = input.analysis;
        match chart {
            Chart::Top(Some(ranked)) => return top_ui(ui, input, ranked, self.rank_by),
            Chart::Top(None) => {
                ui.horizontal(|ui| {
                    ui.spinner();
                    ui.label(format!("Computing {}…", metric_label(self.rank_by)));
                });
            }
            Chart::Mentions(s) => stacked_ui(ui, analysis, s, MENTIONS, |k| {
                (k.as_str(), color(input.style.palette.kind(k)))
            }),
            Chart::Categories(s) => stacked_ui(ui, analysis, s, RELATIONS, |c| {
                let rank = Category::ALL.iter().position(|&x| x == c).unwrap_or(0);
                (c.as_str(), color(categorical_color(rank)))
            }),
            Chart::Polarities(s) => stacked_ui(ui, analysis, s, RELATIONS, |p| {
                (p.as_str(), color(polarity_color(p)))
            }),
            Chart::Degrees(h) => degrees_ui(ui, h, input.style),
        }
        None
    }

    /// The choices of the plot shown.
    fn options_ui(&mut self, ui: &mut egui::Ui) {
        match self.tab {
            Tab::TopEntities => {
                ui.add(egui::Slider::new(&mut self.top_n, 5..=50).text("Entities shown"));
                egui::ComboBox::from_label("Rank by")
                    .selected_text(metric_label(self.rank_by))
                    .show_ui(ui, |ui| {
                        for metric in Metric::ALL {
                            ui.selectable_value(&mut self.rank_by, metric, metric_label(metric));
                        }
                    });
            }
            Tab::Relations => {
                ui.label("Split by");
                ui.radio_value(
                    &mut self.relation_parts,
                    RelationParts::Category,
                    "category",
                );
                ui.radio_value(
                    &mut self.relation_parts,
                    RelationParts::Polarity,
                    "polarity",
                );
            }
            Tab::Mentions => {
                ui.weak("Mentions of the entities shown in each included document, by kind");
            }
            Tab::Degrees => {
                ui.weak("How many entities shown have each number of distinct neighbours");
            }
        }
    }

    /// Rebuilds the chart's numbers when the view, its stats or a choice
    /// changed.
    fn refresh(&mut self, input: &PlotsInput) {
        let key = (
            input.key,
            self.tab,
            self.top_n,
            self.rank_by,
            self.relation_parts,
        );
        if self.chart.as_ref().is_some_and(|(k, _)| *k == key) {
            return;
        }
        let (analysis, view) = (input.analysis, input.view);
        let chart = match (self.tab, self.relation_parts) {
            (Tab::TopEntities, _) => Chart::Top(charts::top_entities(
                view,
                input.stats,
                self.rank_by,
                self.top_n,
            )),
            (Tab::Mentions, _) => Chart::Mentions(charts::mentions_by_kind(analysis, view)),
            (Tab::Relations, RelationParts::Category) => {
                Chart::Categories(charts::relations_by_category(analysis, view))
            }
            (Tab::Relations, RelationParts::Polarity) => {
                Chart::Polarities(charts::relations_by_polarity(analysis, view))
            }
            (Tab::Degrees, _) => Chart::Degrees(charts::degree_histogram(view, DEGREE_BINS)),
        };
        self.chart = Some((key, chart));
    }
}

/// The plot settings every chart shares: no panning or zooming (the bounds
/// are set to the data); hovering a bar tells its value (on the `values`
/// axis), and nothing is told between bars.
fn fixed_plot(id: &str, values: Axis) -> Plot<'static> {
    Plot::new(id)
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(values == Axis::X)
        .show_y(values == Axis::Y)
        .show_crosshair(false)
        .label_formatter(|_| None)
}

/// Names the plot for screen readers (and tests) with what it shows.
fn describe<R>(response: &PlotResponse<R>, summary: &str) {
    response
        .response
        .widget_info(|| WidgetInfo::labeled(Role::Figure, true, summary));
}

/// A row of coloured swatches with their names.
fn legend_ui(ui: &mut egui::Ui, entries: &[(&str, Color32)]) {
    ui.horizontal_wrapped(|ui| {
        for &(name, fill) in entries {
            let (swatch, _) = ui.allocate_exact_size(Vec2::splat(12.0), Sense::hover());
            ui.painter().rect_filled(swatch, 2.0, fill);
            ui.label(name);
            ui.add_space(8.0);
        }
    });
}

/// Grid marks on whole numbers at least `min_points` apart.
fn integer_marks(min_points: f64) -> impl Fn(GridInput) -> Vec<GridMark> {
    move |input| {
        // `base_step_size` is the value of 8 points.
        let Some(step) = whole_step(input.base_step_size * min_points / 8.0) else {
            return Vec::new();
        };
        let (lo, hi) = input.bounds;
        let (first, last) = ((lo / step).ceil() as i64, (hi / step).floor() as i64);
        (first..=last)
            .map(|k| GridMark {
                value: k as f64 * step,
                step_size: step,
            })
            .collect()
    }
}

/// The smallest of 1, 2, 5, 10, 20, 50 … that is at least `at_least`.
fn whole_step(at_least: f64) -> Option<f64> {
    if !at_least.is_finite() {
        return None;
    }
    let mut power = 1.0;
    loop {
        for factor in [1.0, 2.0, 5.0] {
            if factor * power >= at_least {
                return Some(factor * power);
            }
        }
        power *= 10.0;
    }
}

/// The index `0..n` a plot coordinate falls on, if it is on a bar (bars
/// are [`BAR_WIDTH`] wide around whole numbers).
fn bar_at(coordinate: f64, n: usize) -> Option<usize> {
    let nearest = coordinate.round();
    let on_bar = (coordinate - nearest).abs() <= BAR_WIDTH / 2.0;
    (on_bar && nearest >= 0.0 && (nearest as usize) < n).then_some(nearest as usize)
}

/// `s` cut to `max` characters, with an ellipsis when cut.
fn shortened(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut cut: String = s.chars().take(max - 1).collect();
    cut.push('…');
    cut
}

/// A measure's value as the plots write it.
fn format_value(metric: Metric, value: f64) -> String {
    match metric {
        Metric::Mentions | Metric::Degree => format!("{value:.0}"),
        Metric::WeightedDegree => format!("{value:.2}"),
        Metric::PageRank | Metric::Betweenness => format!("{value:.4}"),
    }
}

/// The top entities as horizontal bars, first on top, coloured by kind;
/// returns the entity whose bar was clicked.
fn top_ui(
    ui: &mut egui::Ui,
    input: &PlotsInput,
    ranked: &[Ranked],
    metric: Metric,
) -> Option<usize> {
    let entities = &input.analysis.extraction.entities;
    let kinds: Vec<Kind> = Kind::ALL
        .into_iter()
        .filter(|&k| ranked.iter().any(|r| entities[r.entity].kind == k))
        .collect();
    let legend: Vec<(&str, Color32)> = kinds
        .iter()
        .map(|&k| (k.as_str(), color(input.style.palette.kind(k))))
        .collect();
    legend_ui(ui, &legend);
    let names: Vec<String> = ranked
        .iter()
        .map(|r| shortened(&entities[r.entity].name, NAME_CHARS))
        .collect();
    let summary = format!(
        "Top {} entities by {}: {}",
        ranked.len(),
        metric_label(metric),
        ranked
            .iter()
            .map(|r| format!(
                "{} {}",
                entities[r.entity].name,
                format_value(metric, r.value)
            ))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let charts: Vec<BarChart> = kinds
        .iter()
        .map(|&kind| {
            let bars = ranked
                .iter()
                .enumerate()
                .filter(|(_, r)| entities[r.entity].kind == kind)
                .map(|(rank, r)| {
                    let outline = if input.selected == Some(r.entity) {
                        Stroke::new(2.5, color(input.style.palette.selection))
                    } else {
                        Stroke::new(1.0, color(input.style.palette.node_outline))
                    };
                    Bar::new(-(rank as f64), r.value)
                        .name(&entities[r.entity].name)
                        .fill(color(input.style.palette.kind(kind)))
                        .stroke(outline)
                        .width(BAR_WIDTH)
                })
                .collect();
            BarChart::new(kind.as_str(), bars)
                .horizontal()
                .element_formatter(Box::new(move |bar, _| {
                    format!(
                        "{}\n{} {}",
                        bar.name,
                        format_value(metric, bar.value),
                        metric_label(metric)
                    )
                }))
        })
        .collect();
    let n = ranked.len();
    let max = ranked.iter().map(|r| r.value).fold(0.0, f64::max);
    let name_width = names.iter().map(|s| s.chars().count()).max().unwrap_or(4) as f32 * 7.5;
    let y_axis = AxisHints::new_y()
        .formatter(move |mark, _| {
            let row = -mark.value;
            bar_at(row, n)
                .filter(|&r| (row - r as f64).abs() < 1e-6)
                .map(|r| names[r].clone())
                .unwrap_or_default()
        })
        .label_spacing(12.0..=14.0)
        .min_thickness(name_width + 12.0);
    let response = ScrollArea::vertical()
        .id_salt("top entities")
        .show(ui, |ui| {
            fixed_plot("top entities", Axis::X)
                .height(n as f32 * ROW_HEIGHT + AXIS_ROOM)
                .custom_y_axes(vec![y_axis])
                .y_grid_spacer(integer_marks(ROW_HEIGHT as f64 / 2.0))
                .show_grid([true, false])
                .x_axis_label(metric_label(metric))
                .show(ui, |plot| {
                    plot.set_plot_bounds(PlotBounds::from_min_max(
                        [0.0, 0.5 - n as f64],
                        [if max > 0.0 { max * 1.05 } else { 1.0 }, 0.5],
                    ));
                    for chart in charts {
                        plot.add(chart);
                    }
                })
        })
        .inner;
    describe(&response, &summary);
    let click = response
        .response
        .clicked()
        .then(|| response.response.interact_pointer_pos())
        .flatten()?;
    let row = -response.transform.value_from_position(click).y;
    bar_at(row, n).map(|rank| ranked[rank].entity)
}

/// One stacked bar per included document, numbered as in the corpus.
fn stacked_ui<K: Copy>(
    ui: &mut egui::Ui,
    analysis: &Analysis,
    stacked: &Stacked<K>,
    titles: Titles,
    part: impl Fn(K) -> (&'static str, Color32),
) {
    let title = titles.title;
    let legend: Vec<(&str, Color32)> = stacked.parts.iter().map(|(k, _)| part(*k)).collect();
    if legend.is_empty() {
        ui.label(format!(
            "{title}: none in the documents and entities shown."
        ));
        return;
    }
    legend_ui(ui, &legend);
    let docs = &stacked.docs;
    let totals = stacked.totals();
    let summary = format!(
        "{title}: {}",
        docs.iter()
            .zip(&totals)
            .map(|(d, t)| format!("#{} {t}", d + 1))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let mut charts: Vec<BarChart> = Vec::new();
    for (key, values) in &stacked.parts {
        let (name, fill) = part(*key);
        let bars = values
            .iter()
            .enumerate()
            .map(|(i, &v)| {
                Bar::new(i as f64, v)
                    .name(format!(
                        "#{} {}",
                        docs[i] + 1,
                        analysis.corpus.documents[docs[i]].title
                    ))
                    .fill(fill)
                    .stroke(Stroke::new(0.5, Color32::from_black_alpha(90)))
                    .width(BAR_WIDTH)
            })
            .collect();
        let chart = BarChart::new(name, bars)
            .element_formatter(Box::new(move |bar, _| {
                format!("{}\n{name}: {}", bar.name, bar.value)
            }))
            .stack_on(&charts.iter().collect::<Vec<_>>());
        charts.push(chart);
    }
    let numbers = docs.clone();
    let x_axis = AxisHints::new_x()
        .label("document (as numbered in the corpus; hover a bar for its title)")
        .formatter(move |mark, _| {
            bar_at(mark.value, numbers.len())
                .map(|i| (numbers[i] + 1).to_string())
                .unwrap_or_default()
        })
        .label_spacing(18.0..=22.0);
    let max = totals.iter().copied().fold(1.0, f64::max);
    let response = fixed_plot(title, Axis::Y)
        .custom_x_axes(vec![x_axis])
        .x_grid_spacer(integer_marks(28.0))
        .y_grid_spacer(integer_marks(COUNT_SPACING))
        .show_grid([false, true])
        .y_axis_label(titles.values)
        .show(ui, |plot| {
            plot.set_plot_bounds(PlotBounds::from_min_max(
                [-0.6, 0.0],
                [docs.len() as f64 - 0.4, max * 1.05],
            ));
            for chart in charts {
                plot.add(chart);
            }
        });
    describe(&response, &summary);
}

/// How many entities have each degree.
fn degrees_ui(ui: &mut egui::Ui, histogram: &Histogram, style: &Style) {
    let w = histogram.bin_width;
    let fill = color(categorical_color(4));
    legend_ui(ui, &[("entities with this many distinct neighbours", fill)]);
    let range = |i: usize| match w {
        1 => format!("degree {i}"),
        _ => format!("degree {}–{}", i * w, (i + 1) * w - 1),
    };
    let summary = format!(
        "Degree distribution: {}",
        histogram
            .counts
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(i, c)| format!("{} {c}", range(i)))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let bars = histogram
        .counts
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            Bar::new((i * w) as f64 + (w - 1) as f64 / 2.0, c as f64)
                .name(range(i))
                .fill(fill)
                .stroke(Stroke::new(0.5, color(style.palette.node_outline)))
                .width(w as f64 * 0.85)
        })
        .collect();
    let chart = BarChart::new("entities", bars).element_formatter(Box::new(|bar, _| {
        format!("{}: {} entities", bar.name, bar.value)
    }));
    let max = histogram.counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let width = (histogram.counts.len() * w).max(1) as f64;
    let response = fixed_plot("degree distribution", Axis::Y)
        .custom_x_axes(vec![
            AxisHints::new_x()
                .label("degree (distinct neighbours)")
                .label_spacing(24.0..=30.0),
        ])
        .x_grid_spacer(integer_marks(32.0))
        .y_grid_spacer(integer_marks(COUNT_SPACING))
        .y_axis_label("entities")
        .show(ui, |plot| {
            plot.set_plot_bounds(PlotBounds::from_min_max(
                [-0.6 * w as f64, 0.0],
                [width - 0.4, max * 1.05],
            ));
            plot.add(chart);
        });
    describe(&response, &summary);
}

impl super::NewsgraphApp {
    /// The Plots panel under the canvas; a clicked bar selects its entity.
    pub(super) fn plots_panel_ui(&mut self, ui: &mut egui::Ui, analysis: &Analysis, now: f64) {
        let input = PlotsInput {
            analysis,
            view: &self.view,
            stats: self.metrics.current(),
            key: self.metrics.key(),
            style: &self.style,
            selected: match self.selection {
                super::Selection::Entity(e) => Some(e),
                _ => None,
            },
        };
        if let Some(entity) = self.plots.panel_ui(ui, input) {
            self.select_and_centre(entity, now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_are_found_by_coordinate() {
        assert_eq!(bar_at(0.0, 3), Some(0));
        assert_eq!(bar_at(2.3, 3), Some(2));
        assert_eq!(bar_at(1.5, 3), None, "between bars");
        assert_eq!(bar_at(3.0, 3), None, "past the last");
        assert_eq!(bar_at(-0.2, 3), Some(0));
        assert_eq!(bar_at(-1.0, 3), None);
    }

    #[test]
    fn steps_are_whole_and_round() {
        assert_eq!(whole_step(0.01), Some(1.0));
        assert_eq!(whole_step(1.0), Some(1.0));
        assert_eq!(whole_step(1.2), Some(2.0));
        assert_eq!(whole_step(37.0), Some(50.0));
        assert_eq!(whole_step(f64::INFINITY), None);
        let marks = integer_marks(8.0)(GridInput {
            bounds: (-0.6, 4.4),
            base_step_size: 0.5,
        });
        let values: Vec<f64> = marks.iter().map(|m| m.value).collect();
        assert_eq!(values, [0.0, 1.0, 2.0, 3.0, 4.0]);
    }

    #[test]
    fn long_names_are_shortened() {
        assert_eq!(shortened("NATO", 28), "NATO");
        assert_eq!(shortened("abcdef", 4), "abc…");
        assert_eq!(format_value(Metric::PageRank, 0.172_06), "0.1721");
        assert_eq!(format_value(Metric::Mentions, 101.0), "101");
    }
}
