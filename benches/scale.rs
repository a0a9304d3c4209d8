//! The whole engine (load + extract + graph) on synthetic corpora of 1,000
//! and 10,000 articles with thousands of distinct officials; the 100,000
//! article figure is measured on the CLI (see README, "Performance").

#[path = "support/synthetic_corpus.rs"]
mod synthetic_corpus;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use newsgraph::assets::AssetSource;
use newsgraph::corpus::{LoadOptions, Source, load_sources};
use newsgraph::extract::Knowledge;
use newsgraph::pipeline::{Analysis, Settings};

fn articles(count: usize) -> Vec<Source> {
    let vocabulary = synthetic_corpus::Vocabulary::new(20_000);
    (0..count)
        .map(|i| Source {
            path: format!("article{i:06}.txt"),
            bytes: vocabulary.article(i).1.into_bytes(),
        })
        .collect()
}

fn scale(c: &mut Criterion) {
    let knowledge = Knowledge::load(&AssetSource::Embedded).unwrap();
    let mut group = c.benchmark_group("scale");
    group.sample_size(10);
    for count in [1_000, 10_000] {
        let sources = articles(count);
        let bytes: usize = sources.iter().map(|s| s.bytes.len()).sum();
        group.throughput(Throughput::Bytes(bytes as u64));
        group.bench_function(format!("{count} articles"), |b| {
            b.iter(|| {
                let corpus = load_sources(&sources, &LoadOptions::default()).unwrap();
                Analysis::run(corpus, &knowledge, &Settings::default(), &()).unwrap()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, scale);
criterion_main!(benches);
