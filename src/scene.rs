//! What a picture of the graph contains, in screen coordinates: edges,
//! nodes (shaped by kind; coloured by kind and sized by mentions unless a
//! [`NodeLook`] says otherwise) and the labels that fit without overlapping;
//! the selected relation edge is labelled with what it states. The app's
//! canvas paints a scene with egui and
//! the image export writes the same scene as SVG, so exports match the
//! screen.

use std::str::FromStr;

use serde::{Deserialize, Serialize};

use crate::extract::{Kind, Polarity};
use crate::graph::view::{GraphView, kind_index};
use crate::pipeline::Analysis;

/// A colour, 8 bits per channel, not premultiplied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Rgba(pub u8, pub u8, pub u8, pub u8);

impl Rgba {
    pub const fn rgb(r: u8, g: u8, b: u8) -> Rgba {
        Rgba(r, g, b, 255)
    }

    /// The same colour with its alpha multiplied by `factor` (0..1).
    pub fn faded(self, factor: f32) -> Rgba {
        Rgba(
            self.0,
            self.1,
            self.2,
            (f32::from(self.3) * factor.clamp(0.0, 1.0)) as u8,
        )
    }

    /// The same colour with alpha `a`.
    pub const fn with_alpha(self, a: u8) -> Rgba {
        Rgba(self.0, self.1, self.2, a)
    }

    /// "#rrggbb".
    pub fn hex(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }

    /// Alpha as 0..1.
    pub fn opacity(self) -> f32 {
        f32::from(self.3) / 255.0
    }
}

/// Light or dark background.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum Theme {
    #[default]
    Light,
    Dark,
}

impl Theme {
    pub const ALL: [Theme; 2] = [Theme::Light, Theme::Dark];

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
        }
    }
}

impl FromStr for Theme {
    type Err = String;
    fn from_str(s: &str) -> Result<Theme, String> {
        Theme::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| format!("unknown theme `{s}` (use light or dark)"))
    }
}

/// How a node is outlined, so kinds stay apart in greyscale too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeShape {
    Circle,
    Square,
    Diamond,
    Triangle,
    Hexagon,
}

/// The shape of each kind.
pub fn shape_of(kind: Kind) -> NodeShape {
    match kind {
        Kind::Country => NodeShape::Square,
        Kind::Official => NodeShape::Circle,
        Kind::Person => NodeShape::Diamond,
        Kind::Organization => NodeShape::Hexagon,
        Kind::Place => NodeShape::Triangle,
    }
}

/// The corners of a polygonal node shape around `center` (none for a circle).
/// Shapes are sized to look as large as a circle of the same radius.
pub fn shape_points(shape: NodeShape, center: [f32; 2], radius: f32) -> Vec<[f32; 2]> {
    let (corners, scale, turn) = match shape {
        NodeShape::Circle => return Vec::new(),
        NodeShape::Square => (4, 1.25, 0.125),
        NodeShape::Diamond => (4, 1.3, 0.0),
        NodeShape::Triangle => (3, 1.45, -0.25),
        NodeShape::Hexagon => (6, 1.1, 0.0),
    };
    (0..corners)
        .map(|i| {
            let angle = std::f32::consts::TAU * (i as f32 / corners as f32 + turn);
            [
                center[0] + radius * scale * angle.cos(),
                center[1] + radius * scale * angle.sin(),
            ]
        })
        .collect()
}

/// The colours of a picture.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    pub background: Rgba,
    pub text: Rgba,
    /// Drawn behind label text so it stays legible over edges.
    pub halo: Rgba,
    pub edge: Rgba,
    pub edge_highlight: Rgba,
    /// Node colours in the order of [`Kind::ALL`] (Okabe–Ito, colour-blind safe).
    pub kinds: [Rgba; 5],
    pub node_outline: Rgba,
    pub selection: Rgba,
}

impl Palette {
    pub fn of(theme: Theme) -> Palette {
        let okabe_ito = [
            Rgba::rgb(0x00, 0x72, 0xB2), // country: blue
            Rgba::rgb(0xD5, 0x5E, 0x00), // official: vermillion
            Rgba::rgb(0xCC, 0x79, 0xA7), // person: reddish purple
            Rgba::rgb(0x00, 0x9E, 0x73), // organization: bluish green
            Rgba::rgb(0xE6, 0x9F, 0x00), // place: orange
        ];
        match theme {
            Theme::Light => Palette {
                background: Rgba::rgb(0xFA, 0xFA, 0xF7),
                text: Rgba::rgb(0x1A, 0x1A, 0x1A),
                halo: Rgba(0xFA, 0xFA, 0xF7, 0xD8),
                edge: Rgba(0x55, 0x5B, 0x66, 0x70),
                edge_highlight: Rgba(0x20, 0x20, 0x28, 0xE0),
                kinds: okabe_ito,
                node_outline: Rgba(0x20, 0x20, 0x20, 0xC0),
                selection: Rgba::rgb(0x00, 0x00, 0x00),
            },
            Theme::Dark => Palette {
                background: Rgba::rgb(0x16, 0x18, 0x1D),
                text: Rgba::rgb(0xF0, 0xF0, 0xEC),
                halo: Rgba(0x16, 0x18, 0x1D, 0xD8),
                edge: Rgba(0xB8, 0xBE, 0xC8, 0x60),
                edge_highlight: Rgba(0xF0, 0xF0, 0xF0, 0xE0),
                kinds: [
                    Rgba::rgb(0x56, 0xB4, 0xE9), // sky blue reads better on dark
                    okabe_ito[1],
                    okabe_ito[2],
                    okabe_ito[3],
                    okabe_ito[4],
                ],
                node_outline: Rgba(0xF0, 0xF0, 0xF0, 0xB0),
                selection: Rgba::rgb(0xFF, 0xFF, 0xFF),
            },
        }
    }

    pub fn kind(&self, kind: Kind) -> Rgba {
        self.kinds[kind_index(kind)]
    }
}

/// Sizes and colours of a picture.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Style {
    pub palette: Palette,
    /// Label font size in screen pixels for the largest nodes.
    pub label_size: f32,
    /// Multiplies node radii and edge widths (thicker for projectors).
    pub scale: f32,
}

impl Style {
    pub fn new(theme: Theme) -> Style {
        Style {
            palette: Palette::of(theme),
            label_size: 13.0,
            scale: 1.0,
        }
    }

    /// For a projector: larger labels, thicker nodes and edges, and more
    /// contrast (opaque edges and label halos).
    pub fn presentation(theme: Theme) -> Style {
        let mut palette = Palette::of(theme);
        palette.edge = palette.edge.with_alpha(0xC0);
        palette.halo = palette.halo.with_alpha(0xF4);
        palette.node_outline = palette.node_outline.with_alpha(0xFF);
        Style {
            palette,
            label_size: 20.0,
            scale: 1.3,
        }
    }
}

/// The colour of a relation edge: green cooperative, grey neutral, red
/// conflictual (Okabe–Ito hues).
pub fn polarity_color(polarity: Polarity) -> Rgba {
    match polarity {
        Polarity::Cooperative => Rgba(0x00, 0x9E, 0x73, 0xD0),
        Polarity::Neutral => Rgba(0x56, 0x6B, 0x80, 0xD0),
        Polarity::Conflictual => Rgba(0xD5, 0x5E, 0x00, 0xD0),
    }
}

/// Radius in world units of a node with `mentions` when the largest has `max`.
pub fn node_radius(mentions: usize, max: usize) -> f32 {
    radius_of_share(mentions as f32 / max.max(1) as f32)
}

/// Radius in world units of a node whose measure is `share` (0..1) of the
/// largest node's: the area grows with the measure.
pub fn radius_of_share(share: f32) -> f32 {
    5.0 + 23.0 * share.clamp(0.0, 1.0).sqrt()
}

/// Width in screen pixels of an edge of `weight` when the heaviest has `max`.
pub fn edge_width(weight: u32, max: u32) -> f32 {
    let share = weight as f32 / max.max(1) as f32;
    0.8 + 5.2 * share.sqrt()
}

/// Maps world coordinates (layout positions) to screen pixels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Camera {
    /// World point shown at the centre of the viewport.
    pub center: [f32; 2],
    /// Screen pixels per world unit.
    pub zoom: f32,
    /// Viewport size in screen pixels.
    pub size: [f32; 2],
}

impl Default for Camera {
    fn default() -> Self {
        Camera {
            center: [0.0, 0.0],
            zoom: 1.0,
            size: [800.0, 600.0],
        }
    }
}

impl Camera {
    pub fn to_screen(&self, p: [f32; 2]) -> [f32; 2] {
        [
            (p[0] - self.center[0]) * self.zoom + self.size[0] / 2.0,
            (p[1] - self.center[1]) * self.zoom + self.size[1] / 2.0,
        ]
    }

    pub fn to_world(&self, p: [f32; 2]) -> [f32; 2] {
        [
            (p[0] - self.size[0] / 2.0) / self.zoom + self.center[0],
            (p[1] - self.size[1] / 2.0) / self.zoom + self.center[1],
        ]
    }

    /// The camera that shows the world box `min..max` whole, with a margin
    /// of `margin` pixels on every side.
    pub fn fit(min: [f32; 2], max: [f32; 2], size: [f32; 2], margin: f32) -> Camera {
        let span = [(max[0] - min[0]).max(1.0), (max[1] - min[1]).max(1.0)];
        let room = [
            (size[0] - 2.0 * margin).max(10.0),
            (size[1] - 2.0 * margin).max(10.0),
        ];
        Camera {
            center: [(min[0] + max[0]) / 2.0, (min[1] + max[1]) / 2.0],
            zoom: (room[0] / span[0]).min(room[1] / span[1]).clamp(0.01, 20.0),
            size,
        }
    }

    /// The camera showing at least what this one shows, centred the same,
    /// in a viewport of `size`.
    pub fn resized(&self, size: [f32; 2]) -> Camera {
        let ratio = (size[0] / self.size[0].max(1.0)).min(size[1] / self.size[1].max(1.0));
        Camera {
            center: self.center,
            zoom: self.zoom * ratio,
            size,
        }
    }

    /// Zooms by `factor` keeping the world point under `screen` fixed.
    pub fn zoom_at(&mut self, screen: [f32; 2], factor: f32) {
        let before = self.to_world(screen);
        self.zoom = (self.zoom * factor).clamp(0.01, 50.0);
        let after = self.to_world(screen);
        self.center[0] += before[0] - after[0];
        self.center[1] += before[1] - after[1];
    }
}

/// What stands out: the selection (its node and neighbours stay bright, the
/// rest dims), a path (its nodes and edges bright and thick, the rest dims),
/// and nodes and edges still fading in.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Emphasis<'a> {
    /// A view node.
    pub node: Option<usize>,
    /// A view edge.
    pub edge: Option<usize>,
    /// The view nodes of a path; when there are any, they alone stay bright.
    pub path_nodes: &'a [usize],
    /// The view edges of the path, ascending.
    pub path_edges: &'a [usize],
    /// The opacity (0..1) of each view node; empty when all are opaque.
    pub node_opacity: &'a [f32],
    /// The opacity (0..1) of each view edge; empty when all are opaque.
    pub edge_opacity: &'a [f32],
}

impl SceneEdge {
    /// For an arrow, where its line stops and the corners of its head (tip at
    /// `to`, which the scene puts on the target node's rim).
    pub fn arrowhead(&self) -> Option<([f32; 2], [[f32; 2]; 3])> {
        let (dx, dy) = (self.to[0] - self.from[0], self.to[1] - self.from[1]);
        let length = (dx * dx + dy * dy).sqrt();
        if !self.arrow || length < 1e-3 {
            return None;
        }
        let (ux, uy) = (dx / length, dy / length);
        let head = (3.0 * self.width + 7.0).min(length);
        let half = head * 0.45;
        let base = [self.to[0] - ux * head, self.to[1] - uy * head];
        let corners = [
            self.to,
            [base[0] - uy * half, base[1] + ux * half],
            [base[0] + uy * half, base[1] - ux * half],
        ];
        Some((base, corners))
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct SceneNode {
    /// View node index.
    pub node: usize,
    pub center: [f32; 2],
    pub radius: f32,
    pub fill: Rgba,
    pub outline: Rgba,
    pub outline_width: f32,
    pub shape: NodeShape,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SceneEdge {
    /// View edge index.
    pub edge: usize,
    pub from: [f32; 2],
    /// The target end; for an arrow, on the rim of the target node, where
    /// the arrowhead's tip goes.
    pub to: [f32; 2],
    pub width: f32,
    pub color: Rgba,
    /// Draw an arrowhead at `to` (the view edge is directed).
    pub arrow: bool,
}

/// What a label names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LabelOf {
    /// A view node, by its name.
    Node(usize),
    /// A view edge, by what it states.
    Edge(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct SceneLabel {
    pub of: LabelOf,
    pub text: String,
    /// Centre of the label's box.
    pub center: [f32; 2],
    pub size: f32,
    pub color: Rgba,
    pub halo: Rgba,
}

/// Everything to draw, back to front: edges, nodes, labels (the selected
/// edge's first).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Scene {
    pub size: [f32; 2],
    pub edges: Vec<SceneEdge>,
    pub nodes: Vec<SceneNode>,
    pub labels: Vec<SceneLabel>,
}

/// Width of a label in pixels, estimated from its character count (the
/// fonts used average a little over half an em per character).
pub fn label_width(text: &str, size: f32) -> f32 {
    text.chars().count() as f32 * size * 0.56
}

/// Nodes never shrink below this radius on screen, however far out the zoom.
const MIN_SCREEN_RADIUS: f32 = 2.5;

/// This many of the largest (or selected) nodes are labelled even where the
/// label has to cross other nodes.
const ALWAYS_LABELLED: usize = 8;

/// At most this many labels are tried per frame (largest nodes first).
const MAX_LABEL_TRIES: usize = 1500;

/// Per-node size and colour chosen instead of the defaults (size by
/// mentions, colour by kind), indexed by view node. A slice of the wrong
/// length is ignored.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct NodeLook<'a> {
    /// Radius of each node in world units.
    pub radius: Option<&'a [f32]>,
    /// Fill of each node.
    pub fill: Option<&'a [Rgba]>,
}

/// Everything the scene needs about the graph.
pub struct SceneInput<'a> {
    pub analysis: &'a Analysis,
    pub view: &'a GraphView,
    /// World position of each view node.
    pub positions: &'a [[f32; 2]],
    pub style: &'a Style,
    pub camera: &'a Camera,
    pub emphasis: Emphasis<'a>,
    pub look: NodeLook<'a>,
}

impl Scene {
    /// Builds the scene: culls what is off screen, dims what the emphasis
    /// leaves out, and places labels largest node first where they fit.
    pub fn build(input: &SceneInput) -> Scene {
        let SceneInput {
            analysis,
            view,
            positions,
            style,
            camera,
            emphasis,
            look,
        } = *input;
        let radius: Vec<f32> = world_radii(view, look.radius)
            .into_iter()
            .map(|r| (r * camera.zoom).max(MIN_SCREEN_RADIUS) * style.scale)
            .collect();
        let fills = look.fill.filter(|f| f.len() == view.nodes.len());
        let lit = lit_nodes(view, emphasis);
        let screen: Vec<[f32; 2]> = positions.iter().map(|&p| camera.to_screen(p)).collect();
        let visible = |p: [f32; 2], r: f32| {
            p[0] + r >= 0.0
                && p[1] + r >= 0.0
                && p[0] - r <= camera.size[0]
                && p[1] - r <= camera.size[1]
        };
        let mut scene = Scene {
            size: camera.size,
            ..Scene::default()
        };
        scene.edges = edges(view, &screen, &radius, style, emphasis, &lit, camera.size);
        for (node, &center) in screen.iter().enumerate() {
            if !visible(center, radius[node]) {
                continue;
            }
            let kind = analysis.extraction.entities[view.nodes[node]].kind;
            let dim = if lit[node] { 1.0 } else { 0.25 };
            let selected = emphasis.node == Some(node);
            scene.nodes.push(SceneNode {
                node,
                center,
                radius: radius[node],
                fill: fills
                    .map_or(style.palette.kind(kind), |f| f[node])
                    .faded(dim),
                outline: if selected {
                    style.palette.selection
                } else {
                    style.palette.node_outline.faded(dim)
                },
                outline_width: if selected { 3.0 } else { 1.0 } * style.scale,
                shape: shape_of(kind),
            });
        }
        let edge_label = emphasis
            .edge
            .and_then(|i| scene.edges.iter().find(|e| e.edge == i))
            .and_then(|e| relation_label(input, e));
        scene.labels = labels(input, &screen, &radius, &lit, edge_label);
        outline_path(&mut scene, emphasis, style);
        fade_in(&mut scene, emphasis);
        scene
    }
}

/// For a relation edge, its phrase ("met with", "not deploy") over a halo at
/// the middle of its line.
pub fn relation_label(input: &SceneInput, edge: &SceneEdge) -> Option<SceneLabel> {
    let view_edge = input.view.edges.get(edge.edge)?;
    let relation = input
        .view
        .graph
        .graph
        .edge_weight(view_edge.edge)?
        .kind
        .relation()?;
    let palette = &input.style.palette;
    Some(SceneLabel {
        of: LabelOf::Edge(edge.edge),
        text: relation.phrase(),
        center: [
            (edge.from[0] + edge.to[0]) / 2.0,
            (edge.from[1] + edge.to[1]) / 2.0,
        ],
        size: input.style.label_size,
        color: palette.text,
        halo: palette.halo.with_alpha(0xF0),
    })
}

/// The box a label takes (x0, y0, x1, y1).
fn label_rect(center: [f32; 2], text: &str, size: f32) -> [f32; 4] {
    let width = label_width(text, size);
    [
        center[0] - width / 2.0,
        center[1] - size * 0.6,
        center[0] + width / 2.0,
        center[1] + size * 0.6,
    ]
}

/// The radius of each view node in world units: `chosen` when it has one
/// per node, else by mentions.
fn world_radii(view: &GraphView, chosen: Option<&[f32]>) -> Vec<f32> {
    match chosen {
        Some(radii) if radii.len() == view.nodes.len() => radii.to_vec(),
        _ => {
            let max = view.mentions.iter().copied().max().unwrap_or(1);
            view.mentions.iter().map(|&m| node_radius(m, max)).collect()
        }
    }
}

/// Outlines the nodes of a path like a selected node.
fn outline_path(scene: &mut Scene, emphasis: Emphasis, style: &Style) {
    for n in &mut scene.nodes {
        if emphasis.path_nodes.contains(&n.node) {
            n.outline = style.palette.selection;
            n.outline_width = n.outline_width.max(2.5 * style.scale);
        }
    }
}

/// Fades the nodes, labels and edges that are still appearing.
fn fade_in(scene: &mut Scene, emphasis: Emphasis) {
    let opacity = |all: &[f32], i: usize| all.get(i).copied().unwrap_or(1.0);
    for n in &mut scene.nodes {
        let a = opacity(emphasis.node_opacity, n.node);
        n.fill = n.fill.faded(a);
        n.outline = n.outline.faded(a);
    }
    for l in &mut scene.labels {
        let a = match l.of {
            LabelOf::Node(node) => opacity(emphasis.node_opacity, node),
            LabelOf::Edge(edge) => opacity(emphasis.edge_opacity, edge),
        };
        l.color = l.color.faded(a);
        l.halo = l.halo.faded(a);
    }
    for e in &mut scene.edges {
        e.color = e.color.faded(opacity(emphasis.edge_opacity, e.edge));
    }
}

/// Which view nodes stay bright: all without a selection, else the selected
/// node and the nodes its shown edges reach, or the selected edge's ends.
fn lit_nodes(view: &GraphView, emphasis: Emphasis) -> Vec<bool> {
    let n = view.nodes.len();
    if !emphasis.path_nodes.is_empty() {
        let mut lit = vec![false; n];
        for &node in emphasis.path_nodes.iter().filter(|&&p| p < n) {
            lit[node] = true;
        }
        return lit;
    }
    if let Some(node) = emphasis.node.filter(|&n| n < view.nodes.len()) {
        let mut lit = vec![false; n];
        lit[node] = true;
        for e in view.edges.iter().filter(|e| e.a == node || e.b == node) {
            lit[e.a] = true;
            lit[e.b] = true;
        }
        return lit;
    }
    if let Some(edge) = emphasis.edge.and_then(|e| view.edges.get(e)) {
        let mut lit = vec![false; n];
        lit[edge.a] = true;
        lit[edge.b] = true;
        return lit;
    }
    vec![true; n]
}

fn edges(
    view: &GraphView,
    screen: &[[f32; 2]],
    radius: &[f32],
    style: &Style,
    emphasis: Emphasis,
    lit: &[bool],
    size: [f32; 2],
) -> Vec<SceneEdge> {
    let max_weight = view.edges.iter().map(|e| e.weight).max().unwrap_or(1);
    let mut out = Vec::new();
    let mut highlighted = Vec::new();
    for (i, e) in view.edges.iter().enumerate() {
        let (from, to) = (screen[e.a], screen[e.b]);
        let off_screen = from[0].max(to[0]) < 0.0
            || from[1].max(to[1]) < 0.0
            || from[0].min(to[0]) > size[0]
            || from[1].min(to[1]) > size[1];
        if off_screen {
            continue;
        }
        let on_path = emphasis.path_edges.binary_search(&i).is_ok();
        let touches = on_path
            || emphasis.node.is_some_and(|n| e.a == n || e.b == n)
            || emphasis.edge == Some(i);
        let any_emphasis =
            emphasis.node.is_some() || emphasis.edge.is_some() || !emphasis.path_nodes.is_empty();
        let color = if on_path {
            style.palette.selection
        } else if touches {
            style.palette.edge_highlight
        } else if any_emphasis || !(lit[e.a] && lit[e.b]) {
            style.palette.edge.faded(0.35)
        } else {
            style.palette.edge
        };
        let kind = view.graph.graph.edge_weight(e.edge).map(|edge| &edge.kind);
        let arrow = kind.is_some_and(|k| k.is_directed());
        let color = match kind.and_then(|k| k.relation()) {
            Some(r) if !touches => {
                let dimmed = color != style.palette.edge;
                polarity_color(r.polarity).faded(if dimmed { 0.3 } else { 1.0 })
            }
            _ => color,
        };
        let edge = SceneEdge {
            edge: i,
            from,
            to: if arrow {
                rim(from, to, radius[e.b])
            } else {
                to
            },
            arrow,
            width: edge_width(e.weight, max_weight)
                * style.scale
                * if on_path {
                    2.2
                } else if emphasis.edge == Some(i) {
                    1.6
                } else {
                    1.0
                },
            color,
        };
        if touches {
            highlighted.push(edge)
        } else {
            out.push(edge)
        }
    }
    out.extend(highlighted);
    out
}

/// The point at distance `radius` from `to` towards `from` (`to` itself when
/// the two are closer than that).
fn rim(from: [f32; 2], to: [f32; 2], radius: f32) -> [f32; 2] {
    let (dx, dy) = (from[0] - to[0], from[1] - to[1]);
    let length = (dx * dx + dy * dy).sqrt();
    if length <= radius {
        return to;
    }
    [to[0] + dx * radius / length, to[1] + dy * radius / length]
}

/// Places labels without overlap: `first` (the selected edge's), then the
/// emphasised nodes', then by size.
fn labels(
    input: &SceneInput,
    screen: &[[f32; 2]],
    radius: &[f32],
    lit: &[bool],
    first: Option<SceneLabel>,
) -> Vec<SceneLabel> {
    let SceneInput {
        analysis,
        view,
        style,
        camera,
        emphasis,
        ..
    } = *input;
    let mut order: Vec<usize> = (0..view.nodes.len()).collect();
    order.sort_by(|&a, &b| {
        let key = |n: usize| (emphasis.node != Some(n), !lit[n]);
        key(a)
            .cmp(&key(b))
            .then(radius[b].total_cmp(&radius[a]))
            .then(view.mentions[b].cmp(&view.mentions[a]))
            .then(a.cmp(&b))
    });
    let mut placed = LabelGrid::new(camera.size);
    // Labels never cover a node.
    for (node, &c) in screen.iter().enumerate() {
        let r = radius[node];
        if c[0] + r >= 0.0
            && c[1] + r >= 0.0
            && c[0] - r <= camera.size[0]
            && c[1] - r <= camera.size[1]
        {
            placed.take([c[0] - r, c[1] - r, c[0] + r, c[1] + r], Some(node));
        }
    }
    let mut out = Vec::new();
    if let Some(label) = first {
        placed.take(label_rect(label.center, &label.text, label.size), None);
        out.push(label);
    }
    for (rank, &node) in order.iter().take(MAX_LABEL_TRIES).enumerate() {
        // The most important labels may cross other nodes (never other labels).
        let over_nodes = rank < ALWAYS_LABELLED;
        let center = screen[node];
        if center[0] < 0.0
            || center[1] < 0.0
            || center[0] > camera.size[0]
            || center[1] > camera.size[1]
        {
            continue;
        }
        let text = &analysis.extraction.entities[view.nodes[node]].name;
        let size = (style.label_size * (0.8 + 0.2 * radius[node] / 20.0))
            .clamp(style.label_size * 0.85, style.label_size * 1.5);
        let width = label_width(text, size);
        let (r, gap) = (radius[node], 3.0);
        // Below, above, right, left of the node, or across a large node: the
        // first place that is free.
        let across = if r * 2.0 > size {
            center
        } else {
            [f32::NAN, f32::NAN]
        };
        let candidates = [
            [center[0], center[1] + r + gap + size * 0.6],
            [center[0], center[1] - r - gap - size * 0.6],
            [center[0] + r + gap + width / 2.0, center[1]],
            [center[0] - r - gap - width / 2.0, center[1]],
            across,
        ];
        let rect = |c: [f32; 2]| label_rect(c, text, size);
        let inside = |r: [f32; 4]| {
            r[0] >= 0.0 && r[1] >= 0.0 && r[2] <= camera.size[0] && r[3] <= camera.size[1]
        };
        let Some(label_center) = candidates
            .into_iter()
            .filter(|&c| c[0].is_finite() && inside(rect(c)))
            .find(|&c| placed.try_place(rect(c), node, over_nodes))
        else {
            continue;
        };
        let dim = if lit[node] { 1.0 } else { 0.35 };
        out.push(SceneLabel {
            of: LabelOf::Node(node),
            text: text.clone(),
            center: label_center,
            size,
            color: style.palette.text.faded(dim),
            halo: style.palette.halo.faded(dim),
        });
    }
    out
}

/// Rectangles already taken by labels, bucketed in a coarse grid.
struct LabelGrid {
    cell: f32,
    cols: usize,
    rows: usize,
    /// Taken rectangles, with the node they belong to (labels belong to none).
    cells: Vec<Vec<([f32; 4], Option<usize>)>>,
}

impl LabelGrid {
    fn new(size: [f32; 2]) -> LabelGrid {
        let cell = 64.0;
        let cols = (size[0] / cell).ceil().max(1.0) as usize;
        let rows = (size[1] / cell).ceil().max(1.0) as usize;
        LabelGrid {
            cell,
            cols,
            rows,
            cells: vec![Vec::new(); cols * rows],
        }
    }

    fn span(&self, lo: f32, hi: f32, n: usize) -> std::ops::RangeInclusive<usize> {
        let clamp = |v: f32| ((v / self.cell).floor().max(0.0) as usize).min(n - 1);
        clamp(lo)..=clamp(hi)
    }

    /// Takes `rect` (x0, y0, x1, y1) for a label of `node` if it overlaps
    /// no other label, and (unless `over_nodes`) no node but its own.
    fn try_place(&mut self, rect: [f32; 4], node: usize, over_nodes: bool) -> bool {
        let (cols, rows) = (
            self.span(rect[0], rect[2], self.cols),
            self.span(rect[1], rect[3], self.rows),
        );
        let overlaps = |(o, owner): &([f32; 4], Option<usize>)| {
            let obstacle = match owner {
                None => true,
                Some(n) => *n != node && !over_nodes,
            };
            obstacle && rect[0] < o[2] && o[0] < rect[2] && rect[1] < o[3] && o[1] < rect[3]
        };
        for r in rows.clone() {
            for c in cols.clone() {
                if self.cells[r * self.cols + c].iter().any(overlaps) {
                    return false;
                }
            }
        }
        self.take(rect, None);
        true
    }

    /// Marks `rect` as taken (by a node, or by a label).
    fn take(&mut self, rect: [f32; 4], owner: Option<usize>) {
        let (cols, rows) = (
            self.span(rect[0], rect[2], self.cols),
            self.span(rect[1], rect[3], self.rows),
        );
        for r in rows {
            for c in cols.clone() {
                self.cells[r * self.cols + c].push((rect, owner));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn camera_round_trips_and_zooms_towards_the_cursor() {
        let mut cam = Camera {
            center: [10.0, -5.0],
            zoom: 2.0,
            size: [800.0, 600.0],
        };
        let p = [33.0, 12.0];
        let s = cam.to_screen(p);
        let back = cam.to_world(s);
        assert!((back[0] - p[0]).abs() < 1e-4 && (back[1] - p[1]).abs() < 1e-4);
        cam.zoom_at(s, 1.5);
        let s2 = cam.to_screen(p);
        assert!((s2[0] - s[0]).abs() < 1e-3 && (s2[1] - s[1]).abs() < 1e-3);
        assert_eq!(cam.zoom, 3.0);
    }

    #[test]
    fn a_resized_camera_shows_at_least_as_much() {
        let cam = Camera {
            center: [5.0, 5.0],
            zoom: 2.0,
            size: [800.0, 600.0],
        };
        let wide = cam.resized([1600.0, 900.0]);
        assert_eq!((wide.center, wide.zoom), ([5.0, 5.0], 3.0));
        let corners = [[0.0, 0.0], [800.0, 600.0]].map(|p| wide.to_screen(cam.to_world(p)));
        assert!(corners[0][0] >= 0.0 && corners[0][1] >= 0.0);
        assert!(corners[1][0] <= 1600.0 && corners[1][1] <= 900.0);
    }

    #[test]
    fn fit_shows_the_whole_box() {
        let cam = Camera::fit([-100.0, -50.0], [100.0, 50.0], [800.0, 600.0], 20.0);
        let a = cam.to_screen([-100.0, -50.0]);
        let b = cam.to_screen([100.0, 50.0]);
        assert!(a[0] >= 19.9 && a[1] >= 19.9 && b[0] <= 780.1 && b[1] <= 580.1);
        assert!(
            (a[0] - 20.0).abs() < 0.1,
            "the wide side touches the margin"
        );
    }

    #[test]
    fn labels_never_overlap() {
        let mut grid = LabelGrid::new([200.0, 100.0]);
        assert!(grid.try_place([10.0, 10.0, 90.0, 30.0], 0, false));
        assert!(!grid.try_place([80.0, 20.0, 150.0, 40.0], 1, false));
        assert!(grid.try_place([90.0, 10.0, 150.0, 30.0], 1, false));
        assert!(grid.try_place([10.0, 30.0, 90.0, 50.0], 2, false));
        grid.take([150.0, 50.0, 170.0, 70.0], Some(3));
        assert!(
            !grid.try_place([140.0, 55.0, 160.0, 65.0], 4, false),
            "other nodes block"
        );
        assert!(
            grid.try_place([140.0, 55.0, 160.0, 66.0], 3, false),
            "a label may cross its own node"
        );
        assert!(
            !grid.try_place([140.0, 56.0, 160.0, 66.0], 4, true),
            "labels always block"
        );
        assert!(
            grid.try_place([150.0, 67.0, 170.0, 69.0], 4, true),
            "important labels cross nodes"
        );
    }

    #[test]
    fn arrows_end_on_the_rim() {
        assert_eq!(rim([0.0, 0.0], [100.0, 0.0], 20.0), [80.0, 0.0]);
        assert_eq!(rim([0.0, 0.0], [3.0, 4.0], 10.0), [3.0, 4.0]);
    }

    #[test]
    fn sizes_grow_with_mentions_and_weight() {
        assert!(node_radius(1, 100) < node_radius(50, 100));
        assert_eq!(node_radius(100, 100), 28.0);
        assert!(edge_width(1, 10) < edge_width(10, 10));
        assert_eq!(Rgba::rgb(0, 0x72, 0xB2).hex(), "#0072b2");
        assert_eq!(Rgba::rgb(1, 2, 3).faded(0.5).3, 127);
    }
}
