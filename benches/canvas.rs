//! Per-frame CPU work of the graph canvas on synthetic graphs: one layout
//! step, building the scene (culling, dimming, label placement), painting it
//! with egui and tessellating the shapes into triangles; and the layout step
//! alone on 10,000 nodes / 50,000 edges.

use criterion::{Criterion, criterion_group, criterion_main};
use newsgraph::app::paint;
use newsgraph::extract::{Entity, Extraction, Kind};
use newsgraph::graph::view::{GraphView, ViewEdge};
use newsgraph::layout::Layout;
use newsgraph::pipeline::Analysis;
use newsgraph::scene::{Camera, Emphasis, NodeLook, Scene, SceneInput, Style, Theme};
use petgraph::graph::EdgeIndex;

/// A deterministic random graph: `n` entities of every kind, `m` edges,
/// mention counts with a long tail.
fn synthetic(n: usize, m: usize) -> (Analysis, GraphView) {
    let mut state = 0x9E37_79B9_7F4A_7C15_u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    let entities = (0..n)
        .map(|i| Entity {
            id: format!("e{i}"),
            name: format!("Entity number {i}"),
            kind: Kind::ALL[i % 5],
            aliases: Vec::new(),
            roles: Vec::new(),
        })
        .collect();
    let analysis = Analysis {
        extraction: Extraction {
            entities,
            ..Extraction::default()
        },
        ..Analysis::default()
    };
    let edges = (0..m)
        .map(|i| {
            let a = (next() % n as u64) as usize;
            let b = (a + 1 + (next() % 40) as usize) % n;
            ViewEdge {
                a,
                b,
                weight: 1 + (next() % 5) as u32,
                edge: EdgeIndex::new(i),
                relation: false,
            }
        })
        .collect();
    let view = GraphView {
        nodes: (0..n).collect(),
        mentions: (0..n).map(|i| 1 + 1000 / (1 + i % 300)).collect(),
        edges,
        graph: Default::default(),
        excluded_docs: Default::default(),
    };
    (analysis, view)
}

fn frame(c: &mut Criterion, n: usize, m: usize) {
    let (analysis, view) = synthetic(n, m);
    let mut layout: Layout = view.layout(&[], 7);
    layout.run(100);
    let (min, max) = layout.bounds().unwrap();
    let camera = Camera::fit(min, max, [1600.0, 1000.0], 48.0);
    let style = Style::new(Theme::Light);
    let ctx = egui::Context::default();
    let rect = egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1600.0, 1000.0));
    let input = || egui::RawInput {
        screen_rect: Some(rect),
        ..Default::default()
    };
    c.bench_function(&format!("canvas frame {n} nodes / {m} edges"), |b| {
        b.iter(|| {
            if layout.is_settled() {
                layout.reheat(1.0);
            }
            layout.step();
            let scene = Scene::build(&SceneInput {
                analysis: &analysis,
                view: &view,
                positions: layout.positions(),
                style: &style,
                camera: &camera,
                emphasis: Emphasis::default(),
                look: NodeLook::default(),
            });
            let output = ctx.run_ui(input(), |ui| paint(ui.painter(), rect, &scene, &style));
            ctx.tessellate(output.shapes, output.pixels_per_point)
        })
    });
}

fn frames(c: &mut Criterion) {
    frame(c, 1_000, 3_000);
    frame(c, 10_000, 30_000);
}

fn layout_only(c: &mut Criterion) {
    let (_, view) = synthetic(10_000, 50_000);
    let mut layout = view.layout(&[], 7);
    c.bench_function("layout step 10000 nodes / 50000 edges", |b| {
        b.iter(|| {
            if layout.is_settled() {
                layout.reheat(1.0);
            }
            layout.step()
        })
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(30);
    targets = frames, layout_only
}
criterion_main!(benches);
