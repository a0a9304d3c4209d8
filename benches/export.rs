//! Export of a large graph to a 4K PNG: 10,000 nodes and 30,000 edges in
//! 100 clusters, drawn at 1920×1080 and scale 2 (3840×2160 pixels): scene,
//! SVG, rasterisation and PNG encoding.

#[path = "../tests/common/mod.rs"]
mod common;

use criterion::{Criterion, criterion_group, criterion_main};
use newsgraph::export::{ExportInput, ImageOptions, png, svg};
use newsgraph::extract::Kind;

const NODES: usize = 10_000;
const EDGES: usize = 30_000;
const CLUSTERS: usize = 100;

/// SplitMix64: a small deterministic generator.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn unit(&mut self) -> f32 {
        (self.next() >> 40) as f32 / (1u64 << 24) as f32
    }
}

/// A graph to draw: names, edges `(a, b, weight)` and positions.
struct Synthetic {
    names: Vec<String>,
    edges: Vec<(usize, usize, u32)>,
    positions: Vec<[f32; 2]>,
}

/// Edges mostly inside a node's cluster; positions scattered around
/// cluster centres.
fn synthetic() -> Synthetic {
    let mut rng = Rng(42);
    let names = (0..NODES).map(|i| format!("Entity {i:05}")).collect();
    let centres: Vec<[f32; 2]> = (0..CLUSTERS)
        .map(|_| [rng.unit() * 8000.0, rng.unit() * 4500.0])
        .collect();
    let positions = (0..NODES)
        .map(|i| {
            let c = centres[i % CLUSTERS];
            [c[0] + rng.unit() * 400.0, c[1] + rng.unit() * 400.0]
        })
        .collect();
    let mut edges = Vec::with_capacity(EDGES);
    while edges.len() < EDGES {
        let a = rng.below(NODES);
        let b = if rng.below(10) == 0 {
            rng.below(NODES)
        } else {
            (a + CLUSTERS * (1 + rng.below(NODES / CLUSTERS - 1))) % NODES
        };
        if a != b {
            edges.push((a, b, 1 + rng.below(5) as u32));
        }
    }
    Synthetic {
        names,
        edges,
        positions,
    }
}

fn export(c: &mut Criterion) {
    let Synthetic {
        names,
        edges,
        positions,
    } = synthetic();
    // Kinds in turn, mention counts heavy-tailed.
    let entities: Vec<(&str, Kind, usize)> = names
        .iter()
        .enumerate()
        .map(|(i, name)| (name.as_str(), Kind::ALL[i % 5], 1 + 1000 / (i + 1)))
        .collect();
    let (analysis, view) = common::hand_made(&entities, &edges);
    let options = ImageOptions {
        scale: 2.0,
        ..ImageOptions::default()
    };
    let input = ExportInput {
        analysis: &analysis,
        view: &view,
        positions: &positions,
        options: &options,
    };
    let mut group = c.benchmark_group("export");
    group.sample_size(10);
    group.bench_function("svg 10k nodes 30k edges", |b| {
        b.iter(|| svg::graph_svg(&input).unwrap())
    });
    group.bench_function("png 10k nodes 30k edges 3840x2160", |b| {
        b.iter(|| png::graph_png(&input).unwrap())
    });
    group.finish();
}

criterion_group!(benches, export);
criterion_main!(benches);
