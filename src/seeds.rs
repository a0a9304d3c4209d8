//! The default corpus: the articles in `seeds/`, embedded in the binary so
//! newsgraph runs from any directory.

use crate::corpus::{Corpus, LoadError, LoadOptions, Source, load_sources};

macro_rules! seed_files {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_bytes!(concat!("../seeds/", $name)))),*]
    };
}

/// The seed articles as (file name, bytes).
pub const FILES: &[(&str, &[u8])] = seed_files![
    "000_aa0dcd6d74b77a94.txt",
    "001_495692b0e2157d16.txt",
    "002_87e0c3a6fa8d2636.txt",
    "003_4ba1c61a50a83e94.txt",
    "004_16c6900c97e56b99.txt",
];

/// The seed articles as in-memory files under `seeds/`.
pub fn sources() -> Vec<Source> {
    FILES
        .iter()
        .map(|(name, bytes)| Source {
            path: format!("seeds/{name}"),
            bytes: bytes.to_vec(),
        })
        .collect()
}

/// Loads the embedded seeds.
pub fn corpus(options: &LoadOptions) -> Result<Corpus, LoadError> {
    load_sources(&sources(), options)
}
