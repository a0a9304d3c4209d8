//! The graph canvas: paints a [`Scene`] with egui's painter and turns mouse
//! input into camera moves (pan, zoom towards the cursor), node drags (which
//! pin the node) and selections; a hovered relation edge shows its label. The layout itself runs in the core; the
//! canvas only draws and reports what the user did.

use egui::epaint::{CircleShape, Mesh};
use egui::{
    Align2, Color32, CornerRadius, FontId, Pos2, Rect, Sense, Shape, Stroke, StrokeKind, Vec2,
};

use crate::extract::Kind;
use crate::graph::view::GraphView;
use crate::layout::Layout;
use crate::pipeline::Analysis;
use crate::scene::{
    Camera, Emphasis, LabelOf, NodeLook, NodeShape, Rgba, Scene, SceneInput, SceneNode, Style,
    relation_label, shape_of, shape_points,
};

/// What the user did on the canvas this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CanvasEvent {
    SelectNode(usize),
    SelectEdge(usize),
    ClearSelection,
    /// A node was dragged to a new place and pinned there.
    Pinned(usize),
}

/// Camera and pointer state of the canvas.
#[derive(Debug, Clone)]
pub struct GraphCanvas {
    pub camera: Camera,
    /// Keep the whole graph in view (until the user pans or zooms).
    pub auto_fit: bool,
    /// The node being dragged, if any.
    dragging: Option<usize>,
    /// Pixels kept free under the graph when fitting (for a caption).
    pub bottom_margin: f32,
    /// Where the canvas was drawn last, in screen points.
    pub rect: Rect,
}

impl Default for GraphCanvas {
    fn default() -> Self {
        GraphCanvas {
            camera: Camera::default(),
            auto_fit: true,
            dragging: None,
            bottom_margin: 0.0,
            rect: Rect::NOTHING,
        }
    }
}

/// What the canvas draws.
pub struct CanvasInput<'a> {
    pub analysis: &'a Analysis,
    pub view: &'a GraphView,
    pub layout: &'a mut Layout,
    pub style: &'a Style,
    pub emphasis: Emphasis<'a>,
    /// Node sizes and colours other than by mentions and kind.
    pub look: NodeLook<'a>,
}

pub fn color(c: Rgba) -> Color32 {
    Color32::from_rgba_unmultiplied(c.0, c.1, c.2, c.3)
}

fn pos(p: [f32; 2], origin: Pos2) -> Pos2 {
    Pos2::new(origin.x + p[0], origin.y + p[1])
}

impl GraphCanvas {
    /// Fits the camera to the layout's bounds in a viewport of `size`, to the
    /// right of the legend when the viewport is wide enough to spare it, and
    /// above the bottom margin.
    pub fn fit(&mut self, layout: &Layout, size: [f32; 2]) {
        if let Some((min, max)) = layout.bounds() {
            let room = if size[0] > 4.0 * LEGEND_WIDTH {
                LEGEND_WIDTH
            } else {
                0.0
            };
            let below = self.bottom_margin;
            let mut camera = Camera::fit(min, max, [size[0] - room, size[1] - below], 48.0);
            camera.center[0] -= room / 2.0 / camera.zoom;
            camera.center[1] += below / 2.0 / camera.zoom;
            camera.size = size;
            self.camera = camera;
        }
    }

    /// Multiplies the zoom around the viewport centre.
    pub fn zoom(&mut self, factor: f32) {
        let centre = [self.camera.size[0] / 2.0, self.camera.size[1] / 2.0];
        self.camera.zoom_at(centre, factor);
        self.auto_fit = false;
    }

    /// Where a world point is on the screen, as last drawn.
    pub fn screen_position(&self, point: [f32; 2]) -> Pos2 {
        let [x, y] = self.camera.to_screen(point);
        self.rect.min + Vec2::new(x, y)
    }

    /// Centres the camera on a world point.
    pub fn centre_on(&mut self, point: [f32; 2]) {
        self.camera.center = point;
        self.auto_fit = false;
    }

    /// Draws the graph and handles input; returns what the user selected.
    pub fn canvas_ui(&mut self, ui: &mut egui::Ui, input: CanvasInput) -> Option<CanvasEvent> {
        let (response, painter) = ui.allocate_painter(ui.available_size(), Sense::click_and_drag());
        let rect = response.rect;
        self.rect = rect;
        self.camera.size = [rect.width(), rect.height()];
        if self.auto_fit {
            self.fit(input.layout, self.camera.size);
        }
        let scene_input = SceneInput {
            analysis: input.analysis,
            view: input.view,
            positions: input.layout.positions(),
            style: input.style,
            camera: &self.camera,
            emphasis: input.emphasis,
            look: input.look,
        };
        let mut scene = Scene::build(&scene_input);
        let pointer = response
            .hover_pos()
            .map(|p| [p.x - rect.min.x, p.y - rect.min.y]);
        let hit = pointer.and_then(|p| hit_test(&scene, p));
        if let Some(Hit::Edge(edge)) = hit {
            label_hovered_edge(&mut scene, &scene_input, edge);
        }
        let event = self.interact(ui, &response, rect, input.layout, hit);
        paint(&painter, rect, &scene, input.style);
        legend_ui(&painter, rect, input.style, input.look.fill.is_none());
        if self.dragging.is_none()
            && let Some(Hit::Node(node)) = hit
        {
            response
                .on_hover_ui_at_pointer(|ui| node_tooltip_ui(ui, input.analysis, input.view, node));
        }
        event
    }

    fn interact(
        &mut self,
        ui: &egui::Ui,
        response: &egui::Response,
        rect: Rect,
        layout: &mut Layout,
        hit: Option<Hit>,
    ) -> Option<CanvasEvent> {
        let local = |p: Pos2| [p.x - rect.min.x, p.y - rect.min.y];
        if response.drag_started() {
            self.dragging = match hit {
                Some(Hit::Node(node)) => Some(node),
                _ => None,
            };
        }
        if response.dragged() {
            match (self.dragging, response.interact_pointer_pos()) {
                (Some(node), Some(p)) => {
                    layout.pin(node, true);
                    layout.set_position(node, self.camera.to_world(local(p)));
                    layout.reheat(0.15);
                }
                _ => {
                    let d = response.drag_delta();
                    self.camera.center[0] -= d.x / self.camera.zoom;
                    self.camera.center[1] -= d.y / self.camera.zoom;
                    self.auto_fit = false;
                }
            }
        }
        if response.drag_stopped()
            && let Some(node) = self.dragging.take()
        {
            return Some(CanvasEvent::Pinned(node));
        }
        if response.hovered() {
            let (scroll, pinch) = ui.input(|i| (i.smooth_scroll_delta.y, i.zoom_delta()));
            let factor = (scroll * 0.002).exp() * pinch;
            if (factor - 1.0).abs() > 1e-4
                && let Some(p) = response.hover_pos()
            {
                self.camera.zoom_at(local(p), factor);
                self.auto_fit = false;
            }
        }
        if !response.clicked() {
            return None;
        }
        Some(match hit {
            Some(Hit::Node(node)) => CanvasEvent::SelectNode(node),
            Some(Hit::Edge(edge)) => CanvasEvent::SelectEdge(edge),
            None => CanvasEvent::ClearSelection,
        })
    }
}

/// Adds the label of the hovered relation edge, unless it has one (as the
/// selected edge).
fn label_hovered_edge(scene: &mut Scene, input: &SceneInput, edge: usize) {
    if scene.labels.iter().any(|l| l.of == LabelOf::Edge(edge)) {
        return;
    }
    let label = scene
        .edges
        .iter()
        .find(|e| e.edge == edge)
        .and_then(|e| relation_label(input, e));
    scene.labels.extend(label);
}

/// What is under the pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hit {
    Node(usize),
    Edge(usize),
}

/// The node under `p` (nearest centre within its radius plus a margin), else
/// the edge within a few pixels (of equally near ones, the one drawn on top:
/// a relation over the co-mention of the same two entities).
fn hit_test(scene: &Scene, p: [f32; 2]) -> Option<Hit> {
    let d2 = |a: [f32; 2]| (a[0] - p[0]).powi(2) + (a[1] - p[1]).powi(2);
    let node = scene
        .nodes
        .iter()
        .filter(|n| d2(n.center) <= (n.radius + 3.0).powi(2))
        .min_by(|a, b| d2(a.center).total_cmp(&d2(b.center)));
    if let Some(n) = node {
        return Some(Hit::Node(n.node));
    }
    scene
        .edges
        .iter()
        .rev()
        .map(|e| (e, segment_distance(p, e.from, e.to)))
        .filter(|(e, d)| *d <= e.width / 2.0 + 4.0)
        .min_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(e, _)| Hit::Edge(e.edge))
}

/// Distance from `p` to the segment `a`–`b`.
fn segment_distance(p: [f32; 2], a: [f32; 2], b: [f32; 2]) -> f32 {
    let (dx, dy) = (b[0] - a[0], b[1] - a[1]);
    let len2 = dx * dx + dy * dy;
    let t = if len2 > 0.0 {
        (((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len2).clamp(0.0, 1.0)
    } else {
        0.0
    };
    ((a[0] + t * dx - p[0]).powi(2) + (a[1] + t * dy - p[1]).powi(2)).sqrt()
}

fn circle(center: Pos2, radius: f32, fill: Color32, stroke: Stroke) -> Shape {
    Shape::Circle(CircleShape {
        center,
        radius,
        fill,
        stroke,
    })
}

/// Paints a scene into `rect`.
pub fn paint(painter: &egui::Painter, rect: Rect, scene: &Scene, style: &Style) {
    let origin = rect.min;
    painter.rect_filled(rect, CornerRadius::ZERO, color(style.palette.background));
    let large = scene.edges.len() > MESH_EDGES_ABOVE;
    let mut mesh = Mesh::default();
    let mut shapes =
        Vec::with_capacity(scene.nodes.len() + if large { 1 } else { scene.edges.len() });
    for e in &scene.edges {
        let head = e.arrowhead();
        let end = head.map_or(e.to, |(base, _)| base);
        let (a, b) = (pos(e.from, origin), pos(end, origin));
        if let Some((_, corners)) = head {
            let points = corners.iter().map(|&p| pos(p, origin)).collect();
            shapes.push(Shape::convex_polygon(points, color(e.color), Stroke::NONE));
        }
        if large {
            push_segment(&mut mesh, a, b, e.width, color(e.color));
        } else {
            shapes.push(Shape::line_segment(
                [a, b],
                Stroke::new(e.width, color(e.color)),
            ));
        }
    }
    for n in &scene.nodes {
        if large && n.radius < MESH_NODES_BELOW {
            push_node(
                &mut mesh,
                n.shape,
                pos(n.center, origin),
                n.radius,
                color(n.fill),
            );
        } else {
            shapes.push(node_shape(n, origin));
        }
    }
    // The mesh (edges and dots) goes under the full-quality nodes.
    painter.add(Shape::mesh(mesh));
    painter.extend(shapes);
    for label in &scene.labels {
        let galley = painter.layout_no_wrap(
            label.text.clone(),
            FontId::proportional(label.size),
            color(label.color),
        );
        let at = pos(label.center, origin) - galley.size() / 2.0;
        painter.rect_filled(
            Rect::from_min_size(at, galley.size()).expand(2.0),
            CornerRadius::same(3),
            color(label.halo),
        );
        painter.galley(at, galley, color(label.color));
    }
}

/// Above this many edges, edges and small nodes are drawn as one plain
/// triangle mesh: no anti-aliasing, but a fraction of the tessellation cost,
/// which keeps frames of 10,000-node graphs smooth.
const MESH_EDGES_ABOVE: usize = 2_000;
/// Nodes smaller than this (in pixels) are drawn without outline in the mesh.
const MESH_NODES_BELOW: f32 = 4.0;

/// A node in its kind's shape, with its outline.
fn node_shape(n: &SceneNode, origin: Pos2) -> Shape {
    let stroke = Stroke::new(n.outline_width, color(n.outline));
    match n.shape {
        NodeShape::Circle => circle(pos(n.center, origin), n.radius, color(n.fill), stroke),
        shape => {
            let points = shape_points(shape, n.center, n.radius)
                .into_iter()
                .map(|p| pos(p, origin))
                .collect();
            Shape::convex_polygon(points, color(n.fill), stroke)
        }
    }
}

/// Appends a line segment of `width` pixels as a quad.
fn push_segment(mesh: &mut Mesh, a: Pos2, b: Pos2, width: f32, fill: Color32) {
    let d = b - a;
    let length = d.length();
    if length < 0.01 {
        return;
    }
    let half = Vec2::new(-d.y, d.x) * (width.max(1.0) * 0.5 / length);
    let first = mesh.vertices.len() as u32;
    for p in [a + half, a - half, b - half, b + half] {
        mesh.colored_vertex(p, fill);
    }
    mesh.add_triangle(first, first + 1, first + 2);
    mesh.add_triangle(first, first + 2, first + 3);
}

/// Appends a small node as a filled polygon (circles as octagons).
fn push_node(mesh: &mut Mesh, shape: NodeShape, center: Pos2, radius: f32, fill: Color32) {
    let corners = match shape {
        NodeShape::Circle => (0..8)
            .map(|i| {
                let angle = std::f32::consts::TAU * i as f32 / 8.0;
                [
                    center.x + radius * angle.cos(),
                    center.y + radius * angle.sin(),
                ]
            })
            .collect(),
        shape => shape_points(shape, [center.x, center.y], radius),
    };
    let first = mesh.vertices.len() as u32;
    for [x, y] in &corners {
        mesh.colored_vertex(Pos2::new(*x, *y), fill);
    }
    for i in 1..corners.len().saturating_sub(1) as u32 {
        mesh.add_triangle(first, first + i, first + i + 1);
    }
}

/// Width of the legend box plus its margins.
const LEGEND_WIDTH: f32 = 150.0;

/// The kind legend in the canvas's top-left corner; its shapes are grey
/// unless nodes are coloured by kind.
fn legend_ui(painter: &egui::Painter, rect: Rect, style: &Style, kind_colors: bool) {
    let row = 20.0;
    let size = Vec2::new(LEGEND_WIDTH - 20.0, row * Kind::ALL.len() as f32 + 10.0);
    let frame = Rect::from_min_size(rect.min + Vec2::splat(10.0), size);
    painter.rect(
        frame,
        CornerRadius::same(6),
        color(style.palette.halo),
        Stroke::new(1.0, color(style.palette.edge)),
        StrokeKind::Inside,
    );
    for (i, kind) in Kind::ALL.into_iter().enumerate() {
        let centre = [frame.min.x + 16.0, frame.min.y + 15.0 + i as f32 * row];
        let fill = color(if kind_colors {
            style.palette.kind(kind)
        } else {
            crate::look::UNKNOWN
        });
        let stroke = Stroke::new(1.0, color(style.palette.node_outline));
        match shape_of(kind) {
            NodeShape::Circle => {
                painter.add(circle(Pos2::new(centre[0], centre[1]), 6.0, fill, stroke));
            }
            shape => {
                let points = shape_points(shape, centre, 6.0)
                    .into_iter()
                    .map(|p| Pos2::new(p[0], p[1]))
                    .collect();
                painter.add(Shape::convex_polygon(points, fill, stroke));
            }
        }
        painter.text(
            Pos2::new(centre[0] + 14.0, centre[1]),
            Align2::LEFT_CENTER,
            kind.as_str(),
            FontId::proportional(13.0),
            color(style.palette.text),
        );
    }
}

fn node_tooltip_ui(ui: &mut egui::Ui, analysis: &Analysis, view: &GraphView, node: usize) {
    let entity = &analysis.extraction.entities[view.nodes[node]];
    ui.strong(&entity.name);
    ui.label(format!(
        "{} · {} mentions",
        entity.kind.as_str(),
        view.mentions[node]
    ));
    for role in &entity.roles {
        let of = role
            .of
            .map(|o| format!(" of {}", analysis.extraction.entities[o].name))
            .unwrap_or_default();
        ui.label(format!("{}{of}", role.title));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distance_to_segments() {
        assert_eq!(segment_distance([5.0, 3.0], [0.0, 0.0], [10.0, 0.0]), 3.0);
        assert_eq!(segment_distance([-4.0, 3.0], [0.0, 0.0], [10.0, 0.0]), 5.0);
        assert_eq!(segment_distance([1.0, 1.0], [1.0, 1.0], [1.0, 1.0]), 0.0);
    }
}
