//! What the fuzz targets run: bytes in, through a loader or the extractor,
//! and the spans of the result checked with `Analysis::verify_spans`. A
//! panic, a hang or a broken span is a finding.

use std::sync::OnceLock;

use newsgraph::assets::AssetSource;
use newsgraph::corpus::{self, Corpus, LoadOptions, Source};
use newsgraph::extract::Knowledge;
use newsgraph::pipeline::{Analysis, Settings};

fn knowledge() -> &'static Knowledge {
    static K: OnceLock<Knowledge> = OnceLock::new();
    K.get_or_init(|| Knowledge::load(&AssetSource::Embedded).expect("the built-in assets load"))
}

fn analyse_and_check(corpus: Corpus) {
    let analysis =
        Analysis::run(corpus, knowledge(), &Settings::default(), &()).expect("not cancelled");
    if let Err(broken) = analysis.verify_spans() {
        panic!("{broken}");
    }
}

/// Loads `data` as a file with extension `ext`; what loads is analysed.
pub fn load_and_check(ext: &str, data: &[u8]) {
    let source = Source {
        path: format!("input.{ext}"),
        bytes: data.to_vec(),
    };
    if let Ok(corpus) = corpus::load_sources(&[source], &LoadOptions::default()) {
        analyse_and_check(corpus);
    }
}

/// Decodes `data`; a decoded text must be valid and non-empty input must
/// not vanish silently.
pub fn decode_and_check(data: &[u8]) {
    if let Ok((text, _encoding)) = corpus::decode(data) {
        assert!(
            text.len() <= data.len() * 3 + 3,
            "decoding grew {} bytes to {}",
            data.len(),
            text.len()
        );
    }
}

/// Runs the extractor on `data` read as UTF-8 text (invalid bytes
/// replaced), so that every input reaches recognition.
pub fn extract_and_check(data: &[u8]) {
    load_and_check("txt", String::from_utf8_lossy(data).as_bytes());
}
