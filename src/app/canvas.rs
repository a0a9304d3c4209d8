//! The graph canvas: paints a [`Scene`] with egui's painter and turns mouse
//! input into camera moves (pan, zoom towards the cursor), node drags (which
//! pin the node) and selections. The layout itself runs in the core; the
//! canvas only draws and reports what the user did.

use egui::epaint::CircleShape;
use egui::{
    Align2, Color32, CornerRadius, FontId, Pos2, Rect, Sense, Shape, Stroke, StrokeKind, Vec2,
};

use crate::extract::Kind;
use crate::graph::view::GraphView;
use crate::layout::Layout;
use crate::pipeline::Analysis;
use crate::scene::{
    Camera, Emphasis, NodeShape, Rgba, Scene, SceneInput, Style, shape_of, shape_points,
};

/// What the user did on the canvas this frame.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CanvasEvent {
    SelectNode(usize),
    SelectEdge(usize),
    ClearSelection,
}

/// Camera and pointer state of the canvas.
#[derive(Debug, Clone)]
pub struct GraphCanvas {
    pub camera: Camera,
    /// Keep the whole graph in view (until the user pans or zooms).
    pub auto_fit: bool,
    /// The node being dragged, if any.
    dragging: Option<usize>,
}

impl Default for GraphCanvas {
    fn default() -> Self {
        GraphCanvas {
            camera: Camera::default(),
            auto_fit: true,
            dragging: None,
        }
    }
}

/// What the canvas draws.
pub struct CanvasInput<'a> {
    pub analysis: &'a Analysis,
    pub view: &'a GraphView,
    pub layout: &'a mut Layout,
    pub style: &'a Style,
    pub emphasis: Emphasis,
}

pub fn color(c: Rgba) -> Color32 {
    Color32::from_rgba_unmultiplied(c.0, c.1, c.2, c.3)
}

fn pos(p: [f32; 2], origin: Pos2) -> Pos2 {
    Pos2::new(origin.x + p[0], origin.y + p[1])
}

impl GraphCanvas {
    /// Fits the camera to the layout's bounds in a viewport of `size`.
    pub fn fit(&mut self, layout: &Layout, size: [f32; 2]) {
        if let Some((min, max)) = layout.bounds() {
            self.camera = Camera::fit(min, max, size, 48.0);
        }
    }

    /// Multiplies the zoom around the viewport centre.
    pub fn zoom(&mut self, factor: f32) {
        let centre = [self.camera.size[0] / 2.0, self.camera.size[1] / 2.0];
        self.camera.zoom_at(centre, factor);
        self.auto_fit = false;
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
        self.camera.size = [rect.width(), rect.height()];
        if self.auto_fit {
            self.fit(input.layout, self.camera.size);
        }
        let scene = Scene::build(&SceneInput {
            analysis: input.analysis,
            view: input.view,
            positions: input.layout.positions(),
            style: input.style,
            camera: &self.camera,
            emphasis: input.emphasis,
        });
        let pointer = response
            .hover_pos()
            .map(|p| [p.x - rect.min.x, p.y - rect.min.y]);
        let hit = pointer.and_then(|p| hit_test(&scene, p));
        let event = self.interact(ui, &response, rect, input.layout, hit);
        paint(&painter, rect, &scene, input.style);
        legend_ui(&painter, rect, input.style);
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
        if response.drag_stopped() {
            self.dragging = None;
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

/// What is under the pointer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Hit {
    Node(usize),
    Edge(usize),
}

/// The node under `p` (nearest centre within its radius plus a margin), else
/// the edge within a few pixels.
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
    let mut shapes = Vec::with_capacity(scene.edges.len() + scene.nodes.len() * 2);
    for e in &scene.edges {
        shapes.push(Shape::line_segment(
            [pos(e.from, origin), pos(e.to, origin)],
            Stroke::new(e.width, color(e.color)),
        ));
    }
    for n in &scene.nodes {
        let stroke = Stroke::new(n.outline_width, color(n.outline));
        let centre = pos(n.center, origin);
        match n.shape {
            NodeShape::Circle => shapes.push(circle(centre, n.radius, color(n.fill), stroke)),
            shape => {
                let points = shape_points(shape, n.center, n.radius)
                    .into_iter()
                    .map(|p| pos(p, origin))
                    .collect();
                shapes.push(Shape::convex_polygon(points, color(n.fill), stroke));
            }
        }
    }
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

/// The kind legend in the canvas's top-left corner.
fn legend_ui(painter: &egui::Painter, rect: Rect, style: &Style) {
    let row = 20.0;
    let size = Vec2::new(130.0, row * Kind::ALL.len() as f32 + 10.0);
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
        let fill = color(style.palette.kind(kind));
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
