//! Writes a synthetic corpus of N articles as JSON Lines, for measuring
//! newsgraph at scale:
//!
//! ```text
//! cargo run --release --example make_corpus -- 100000 /tmp/corpus.jsonl
//! /usr/bin/time -v target/release/newsgraph extract /tmp/corpus.jsonl -o /dev/null
//! ```

#[path = "../benches/support/synthetic_corpus.rs"]
mod synthetic_corpus;

use std::io::{BufWriter, Write};

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let count: usize = args.next().unwrap_or_else(|| "1000".into()).parse()?;
    let path = args.next().unwrap_or_else(|| "corpus.jsonl".into());
    let vocabulary = synthetic_corpus::Vocabulary::new(20_000);
    let mut out = BufWriter::new(std::fs::File::create(&path)?);
    for i in 0..count {
        let (title, text) = vocabulary.article(i);
        let date = format!("2022-{:02}-{:02}", 1 + i % 12, 1 + i % 28);
        let line = serde_json::json!({ "title": title, "date": date, "text": text });
        writeln!(out, "{line}")?;
    }
    out.flush()?;
    eprintln!("wrote {count} articles to {path}");
    Ok(())
}
