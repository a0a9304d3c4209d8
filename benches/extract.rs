//! Throughput of the whole engine (load + extract + graph) on a corpus made
//! by repeating the seed articles to at least 20 MB.

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsgraph::assets::AssetSource;
use newsgraph::corpus::{LoadOptions, Source, load_sources};
use newsgraph::extract::Knowledge;
use newsgraph::pipeline::{Analysis, Settings};

/// The allocator the `newsgraph` binary uses, so that the figure is the
/// one users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Size of the benchmark corpus.
const TARGET_BYTES: usize = 20 * 1024 * 1024;

/// The seeds repeated under distinct file names until `TARGET_BYTES`.
fn repeated_seeds() -> Vec<Source> {
    let seeds = newsgraph::seeds::sources();
    let mut out = Vec::new();
    let mut bytes = 0;
    for copy in 0.. {
        for s in &seeds {
            bytes += s.bytes.len();
            out.push(Source {
                path: format!("copy{copy}/{}", s.path),
                bytes: s.bytes.clone(),
            });
        }
        if bytes >= TARGET_BYTES {
            break;
        }
    }
    out
}

fn engine(c: &mut Criterion) {
    let knowledge = Knowledge::load(&AssetSource::Embedded).unwrap();
    let sources = repeated_seeds();
    let bytes: usize = sources.iter().map(|s| s.bytes.len()).sum();
    let mut group = c.benchmark_group("engine");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("load+extract+graph 20MB", |b| {
        b.iter(|| {
            let corpus = load_sources(&sources, &LoadOptions::default()).unwrap();
            Analysis::run(corpus, &knowledge, &Settings::default(), &()).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, engine);
criterion_main!(benches);
