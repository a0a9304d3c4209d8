//! The export dialogs. **Export image** writes a PNG or SVG picture of the
//! current view (as the canvas frames it) or of the whole graph, at a chosen
//! size and scale, on a solid or transparent background, in the light or
//! dark palette, with an optional title. **Export graph** writes the graph
//! as filtered to GraphML, GEXF, JSON (the `extract` report), node-link
//! JSON or CSV tables. The file is typed in or chosen with a native save
//! dialog (on its own thread); the format follows its extension. The export
//! runs on a background thread and a message says where it wrote or why it
//! failed.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use egui::RichText;

use super::status::{Level, StatusQueue};
use super::task::{Progress, Task};
use crate::export::{self, ExportError, ExportInput, Format, ImageOptions};
use crate::graph::view::GraphView;
use crate::pipeline::Analysis;
use crate::scene::{Camera, Emphasis, NodeLook, Rgba, Scene, SceneInput, Style, Theme};

/// Which dialog is open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    Image,
    Graph,
}

/// Which part of the graph a picture shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Extent {
    /// What the canvas shows, as it frames it.
    CurrentView,
    /// Every node, fitted to the picture.
    WholeGraph,
}

/// Picture sizes offered, in pixels at scale 1.
const SIZES: [[u32; 2]; 3] = [[1920, 1080], [1280, 720], [3840, 2160]];

/// Pixels per unit offered.
const SCALES: [f32; 3] = [1.0, 2.0, 3.0];

/// Graph formats offered, with their names and file extensions.
const GRAPH_FORMATS: [(Format, &str, &str); 5] = [
    (Format::GraphMl, "GraphML", "graphml"),
    (Format::Gexf, "GEXF (Gephi)", "gexf"),
    (Format::Json, "JSON (extract report)", "json"),
    (Format::NodeLink, "node-link JSON (networkx)", "json"),
    (Format::Csv, "CSV (nodes and edges tables)", "csv"),
];

/// What the app shows now: what an export draws.
pub struct ExportSource<'a> {
    pub analysis: &'a Arc<Analysis>,
    pub view: &'a GraphView,
    /// The layout's positions of the view's nodes.
    pub positions: &'a [[f32; 2]],
    /// How the canvas frames the graph, and what it emphasises.
    pub camera: Camera,
    pub emphasis: Emphasis<'a>,
    /// Node sizes and colours when they follow a measure or communities.
    pub look: NodeLook<'a>,
}

/// What the user chose in a dialog.
struct Choice {
    path: PathBuf,
    format: Format,
    options: ImageOptions,
    /// A picture of the current view rather than of the whole graph.
    current_view: bool,
}

/// Everything an export job needs, owned, to run on another thread.
struct Request {
    analysis: Arc<Analysis>,
    view: GraphView,
    positions: Vec<[f32; 2]>,
    path: PathBuf,
    format: Format,
    options: ImageOptions,
    /// For a picture of the current view: the canvas's camera and emphasis
    /// (the selected node and edge and the path found; fading is left out).
    frame: Option<(Camera, Option<usize>, Option<usize>)>,
    path_nodes: Vec<usize>,
    path_edges: Vec<usize>,
    /// The canvas's node radii and fills, when not the default.
    radius: Option<Vec<f32>>,
    fill: Option<Vec<Rgba>>,
}

impl Request {
    fn new(source: &ExportSource, choice: Choice) -> Request {
        Request {
            analysis: source.analysis.clone(),
            view: source.view.clone(),
            positions: source.positions.to_vec(),
            path: choice.path,
            format: choice.format,
            options: choice.options,
            frame: choice.current_view.then_some((
                source.camera,
                source.emphasis.node,
                source.emphasis.edge,
            )),
            path_nodes: source.emphasis.path_nodes.to_vec(),
            path_edges: source.emphasis.path_edges.to_vec(),
            radius: source.look.radius.map(<[f32]>::to_vec),
            fill: source.look.fill.map(<[Rgba]>::to_vec),
        }
    }
}

/// What an export job reports: the files written, or why it failed.
type Outcome = Result<Vec<PathBuf>, String>;

/// The dialogs' choices, and the export running.
pub struct ExportDialog {
    open: Option<ExportKind>,
    image_path: String,
    graph_path: String,
    /// `.json` means node-link JSON rather than the `extract` report.
    node_link: bool,
    size: [u32; 2],
    custom_size: bool,
    scale: f32,
    transparent: bool,
    theme: Theme,
    title: String,
    extent: Extent,
    /// The answer of a native save dialog.
    browse: Option<Task<Option<PathBuf>>>,
    /// The export running, and where it writes.
    job: Option<(Task<Outcome>, PathBuf)>,
}

impl Default for ExportDialog {
    fn default() -> Self {
        let folder = std::env::current_dir().unwrap_or_default();
        let path = |name: &str| folder.join(name).display().to_string();
        ExportDialog {
            open: None,
            image_path: path("newsgraph.png"),
            graph_path: path("newsgraph.graphml"),
            node_link: false,
            size: SIZES[0],
            custom_size: false,
            scale: 1.0,
            transparent: false,
            theme: Theme::Light,
            title: String::new(),
            extent: Extent::CurrentView,
            browse: None,
            job: None,
        }
    }
}

impl ExportDialog {
    /// Opens a dialog; pictures start in the app's `theme`.
    pub fn open(&mut self, kind: ExportKind, theme: Theme) {
        self.open = Some(kind);
        self.theme = theme;
    }

    /// Whether an export is running.
    pub fn busy(&self) -> bool {
        self.job.is_some()
    }

    /// The open dialog, and the news of a running export.
    pub fn dialog_ui(
        &mut self,
        ctx: &egui::Context,
        source: &ExportSource,
        status: &mut StatusQueue,
        now: f64,
    ) {
        self.poll(status, now);
        let Some(kind) = self.open else { return };
        let mut open = true;
        let mut close = false;
        let mut chosen = None;
        let title = match kind {
            ExportKind::Image => "Export image",
            ExportKind::Graph => "Export graph",
        };
        egui::Window::new(title)
            .anchor(egui::Align2::CENTER_CENTER, [0.0, 0.0])
            .collapsible(false)
            .auto_sized()
            .open(&mut open)
            .show(ctx, |ui| {
                let choice = match kind {
                    ExportKind::Image => self.image_ui(ui),
                    ExportKind::Graph => self.graph_ui(ui, source.view),
                };
                match self.buttons_ui(ui, choice.is_some()) {
                    Some(true) => chosen = choice,
                    Some(false) => close = true,
                    None => {}
                }
            });
        if !open || close || chosen.is_some() {
            self.open = None;
        }
        if let Some(choice) = chosen {
            let text = format!("Exporting to {}…", choice.path.display());
            status.push(now, Level::Info, text);
            self.start(ctx, Request::new(source, choice));
        }
    }

    /// Export (enabled when `ready` and no export runs) and Cancel: true
    /// when Export was clicked, false for Cancel.
    fn buttons_ui(&self, ui: &mut egui::Ui, ready: bool) -> Option<bool> {
        // The rule spans the settings above, not the whole screen (in a
        // window sized to its content it would widen it).
        ui.set_max_width(ui.min_rect().width());
        ui.separator();
        ui.horizontal(|ui| {
            let export = ui.add_enabled(ready && !self.busy(), egui::Button::new("Export"));
            let cancel = ui.button("Cancel");
            if self.busy() {
                ui.spinner();
                ui.weak("an export is running");
            }
            if export.clicked() {
                Some(true)
            } else {
                cancel.clicked().then_some(false)
            }
        })
        .inner
    }

    /// The picture's settings; the choice if they are valid.
    fn image_ui(&mut self, ui: &mut egui::Ui) -> Option<Choice> {
        egui::Grid::new("export image")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                self.path_ui(ui, ExportKind::Image);
                ui.end_row();
                let format = self.image_format_ui(ui);
                ui.end_row();
                self.size_ui(ui);
                ui.end_row();
                let options = self.options();
                self.scale_ui(ui, &options);
                ui.end_row();
                self.look_ui(ui);
                let valid = options.pixel_size().is_ok();
                format.filter(|_| valid).map(|format| Choice {
                    path: PathBuf::from(self.image_path.trim()),
                    format,
                    options,
                    current_view: self.extent == Extent::CurrentView,
                })
            })
            .inner
    }

    /// The file to write, typed or chosen with Browse….
    fn path_ui(&mut self, ui: &mut egui::Ui, kind: ExportKind) {
        if let Some(browse) = &self.browse {
            match browse.poll() {
                Progress::Running => {}
                Progress::Done(picked) => {
                    if let Some(picked) = picked {
                        *self.path_mut(kind) = picked.display().to_string();
                    }
                    self.browse = None;
                }
                Progress::Failed(_) => self.browse = None,
            }
        }
        let label = ui.label("Save as");
        ui.horizontal(|ui| {
            let edit = egui::TextEdit::singleline(self.path_mut(kind)).desired_width(340.0);
            ui.add(edit).labelled_by(label.id);
            if ui.button("Browse…").clicked() {
                self.browse = Some(ask_save_path(ui.ctx(), &self.path(kind), kind));
            }
        });
    }

    fn path(&self, kind: ExportKind) -> String {
        match kind {
            ExportKind::Image => self.image_path.clone(),
            ExportKind::Graph => self.graph_path.clone(),
        }
    }

    fn path_mut(&mut self, kind: ExportKind) -> &mut String {
        match kind {
            ExportKind::Image => &mut self.image_path,
            ExportKind::Graph => &mut self.graph_path,
        }
    }

    /// PNG or SVG, as the file's extension says; choosing one changes it.
    fn image_format_ui(&mut self, ui: &mut egui::Ui) -> Option<Format> {
        let format = Format::from_path(Path::new(self.image_path.trim()))
            .ok()
            .filter(|f| matches!(f, Format::Png | Format::Svg));
        ui.label("Format");
        ui.horizontal(|ui| {
            for (choice, name, extension) in
                [(Format::Png, "PNG", "png"), (Format::Svg, "SVG", "svg")]
            {
                if ui.radio(format == Some(choice), name).clicked() {
                    set_extension(&mut self.image_path, extension);
                }
            }
            if format.is_none() {
                ui.colored_label(ui.visuals().error_fg_color, "name a .png or .svg file");
            }
        });
        format
    }

    /// A preset size or a custom one.
    fn size_ui(&mut self, ui: &mut egui::Ui) {
        ui.label("Size");
        ui.horizontal(|ui| {
            for size in SIZES {
                let chosen = !self.custom_size && self.size == size;
                if ui
                    .radio(chosen, format!("{} × {}", size[0], size[1]))
                    .clicked()
                {
                    self.size = size;
                    self.custom_size = false;
                }
            }
            if ui.radio(self.custom_size, "custom").clicked() {
                self.custom_size = true;
            }
            if self.custom_size {
                for (i, name) in ["width", "height"].into_iter().enumerate() {
                    let label = ui.label(name);
                    let drag = egui::DragValue::new(&mut self.size[i]).range(1..=16_384);
                    ui.add(drag).labelled_by(label.id);
                }
            }
        });
    }

    /// 1×, 2× or 3×, and the size in pixels that makes.
    fn scale_ui(&mut self, ui: &mut egui::Ui, options: &ImageOptions) {
        ui.label("Scale");
        ui.horizontal(|ui| {
            for scale in SCALES {
                ui.radio_value(&mut self.scale, scale, format!("{scale}×"));
            }
            match options.pixel_size() {
                Ok([w, h]) => ui.weak(format!("{w} × {h} pixels")),
                Err(e) => ui.colored_label(ui.visuals().error_fg_color, e.to_string()),
            };
        });
    }

    /// Background, palette, title and extent.
    fn look_ui(&mut self, ui: &mut egui::Ui) {
        ui.label("Background");
        ui.horizontal(|ui| {
            ui.radio_value(&mut self.transparent, false, "solid");
            ui.radio_value(&mut self.transparent, true, "transparent");
        });
        ui.end_row();
        ui.label("Palette");
        ui.horizontal(|ui| {
            for theme in Theme::ALL {
                ui.radio_value(&mut self.theme, theme, theme.as_str());
            }
        });
        ui.end_row();
        let label = ui.label("Title");
        let edit = egui::TextEdit::singleline(&mut self.title).hint_text("none");
        ui.add(edit).labelled_by(label.id);
        ui.end_row();
        ui.label("Show");
        ui.horizontal(|ui| {
            ui.radio_value(&mut self.extent, Extent::CurrentView, "current view");
            ui.radio_value(&mut self.extent, Extent::WholeGraph, "whole graph");
        });
        ui.end_row();
    }

    fn options(&self) -> ImageOptions {
        let title = self.title.trim();
        ImageOptions {
            width: self.size[0],
            height: self.size[1],
            scale: self.scale,
            theme: self.theme,
            transparent: self.transparent,
            title: (!title.is_empty()).then(|| title.to_owned()),
        }
    }

    /// The graph file's settings; the choice if they are valid.
    fn graph_ui(&mut self, ui: &mut egui::Ui, view: &GraphView) -> Option<Choice> {
        let format = egui::Grid::new("export graph")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                self.path_ui(ui, ExportKind::Graph);
                ui.end_row();
                let format = self.graph_format_ui(ui);
                ui.end_row();
                format
            })
            .inner;
        ui.weak(format!(
            "The graph as filtered: {} entities, {} edges.",
            view.nodes.len(),
            view.edges.len()
        ));
        format.map(|format| Choice {
            path: PathBuf::from(self.graph_path.trim()),
            format,
            options: ImageOptions {
                theme: self.theme,
                ..ImageOptions::default()
            },
            current_view: false,
        })
    }

    /// The format the file's extension says (and, for `.json`, the choice
    /// of report or node-link); choosing one changes the extension.
    fn graph_format_ui(&mut self, ui: &mut egui::Ui) -> Option<Format> {
        let format = match Format::from_path(Path::new(self.graph_path.trim())) {
            Ok(Format::Json) if self.node_link => Some(Format::NodeLink),
            Ok(Format::Png | Format::Svg) | Err(_) => None,
            Ok(format) => Some(format),
        };
        ui.label("Format");
        ui.vertical(|ui| {
            for (choice, name, extension) in GRAPH_FORMATS {
                if ui.radio(format == Some(choice), name).clicked() {
                    set_extension(&mut self.graph_path, extension);
                    self.node_link = choice == Format::NodeLink;
                }
            }
            if format.is_none() {
                let hint = "name a .graphml, .gexf, .json or .csv file";
                ui.label(RichText::new(hint).color(ui.visuals().error_fg_color));
            }
        });
        format
    }

    /// Runs `request` on a new thread.
    fn start(&mut self, ctx: &egui::Context, request: Request) {
        let path = request.path.clone();
        let task = Task::spawn(ctx, move || run(&request).map_err(|e| e.to_string()));
        self.job = Some((task, path));
    }

    /// Reports a finished export.
    fn poll(&mut self, status: &mut StatusQueue, now: f64) {
        let Some((task, path)) = &self.job else {
            return;
        };
        let (level, text) = match task.poll() {
            Progress::Running => return,
            Progress::Done(Ok(written)) => (Level::Info, format!("Exported to {}", list(&written))),
            Progress::Done(Err(e)) => (Level::Error, format!("Export failed: {e}")),
            Progress::Failed(why) => (
                Level::Error,
                format!("Export to {} stopped: {why}", path.display()),
            ),
        };
        status.push(now, level, text);
        self.job = None;
    }
}

/// Writes what `request` asks for; returns the files written.
fn run(request: &Request) -> Result<Vec<PathBuf>, ExportError> {
    let Some((camera, node, edge)) = request.frame else {
        let input = ExportInput {
            analysis: &request.analysis,
            view: &request.view,
            positions: &request.positions,
            options: &request.options,
        };
        return export::export(&request.path, request.format, &input);
    };
    let options = &request.options;
    let style = Style::new(options.theme);
    let size = [options.width as f32, options.height as f32];
    let scene = Scene::build(&SceneInput {
        analysis: &request.analysis,
        view: &request.view,
        positions: &request.positions,
        style: &style,
        camera: &camera.resized(size),
        emphasis: Emphasis {
            node,
            edge,
            path_nodes: &request.path_nodes,
            path_edges: &request.path_edges,
            ..Emphasis::default()
        },
        look: NodeLook {
            radius: request.radius.as_deref(),
            fill: request.fill.as_deref(),
        },
    });
    export::export_scene(&request.path, request.format, &scene, &style, options).map(|p| vec![p])
}

/// "a" or "a and b".
fn list(paths: &[PathBuf]) -> String {
    let names: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    names.join(" and ")
}

/// Replaces the extension of the path in `text` (adding a file name to an
/// empty one).
fn set_extension(text: &mut String, extension: &str) {
    let trimmed = text.trim();
    let path = if trimmed.is_empty() {
        PathBuf::from("newsgraph")
    } else {
        PathBuf::from(trimmed)
    };
    *text = path.with_extension(extension).display().to_string();
}

/// Opens a native save dialog on its own thread, starting at `current`;
/// the task gives the path chosen, if any.
fn ask_save_path(ctx: &egui::Context, current: &str, kind: ExportKind) -> Task<Option<PathBuf>> {
    let current = PathBuf::from(current.trim());
    Task::spawn(ctx, move || {
        let mut dialog = rfd::FileDialog::new().set_title("Export to");
        if let Some(name) = current.file_name() {
            dialog = dialog.set_file_name(name.to_string_lossy());
        }
        if let Some(folder) = current.parent().filter(|f| f.is_dir()) {
            dialog = dialog.set_directory(folder);
        }
        dialog = match kind {
            ExportKind::Image => dialog.add_filter("Pictures", &["png", "svg"]),
            ExportKind::Graph => {
                dialog.add_filter("Graph files", &["graphml", "gexf", "json", "csv"])
            }
        };
        dialog.save_file()
    })
}
