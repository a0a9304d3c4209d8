//! The whole headless engine in one call: a loaded corpus in, entities,
//! mentions and the entity graph out. The CLI, the app's worker, the tests
//! and the benchmarks all go through here.

use crate::corpus::Corpus;
use crate::extract::{self, Extraction, Knowledge, RecognizeOptions};
use crate::graph::{EntityGraph, Window};
use crate::progress::{Cancelled, Monitor, Stage};

/// Choices that change what the engine produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Settings {
    pub recognize: RecognizeOptions,
    pub window: Window,
}

/// A corpus with its extraction and graph.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub corpus: Corpus,
    pub extraction: Extraction,
    pub graph: EntityGraph,
}

impl Analysis {
    /// Extracts entities from `corpus` and builds the graph.
    pub fn run(
        corpus: Corpus,
        knowledge: &Knowledge,
        settings: &Settings,
        monitor: &dyn Monitor,
    ) -> Result<Analysis, Cancelled> {
        let extraction = extract::extract(&corpus, knowledge, settings.recognize, monitor)?;
        monitor.report(Stage::Building, 0, 1);
        let graph = EntityGraph::build(&extraction, settings.window);
        monitor.report(Stage::Building, 1, 1);
        Ok(Analysis {
            corpus,
            extraction,
            graph,
        })
    }

    /// The same corpus with another extraction of it (a corrected one), its
    /// graph built with the same co-mention window.
    pub fn with_extraction(&self, extraction: Extraction) -> Analysis {
        Analysis {
            corpus: self.corpus.clone(),
            graph: EntityGraph::build(&extraction, self.graph.window),
            extraction,
        }
    }

    /// The sentence text of an evidence span.
    pub fn evidence_text(&self, evidence: &crate::graph::Evidence) -> &str {
        self.corpus.documents[evidence.doc]
            .text
            .get(evidence.start..evidence.end)
            .unwrap_or("")
    }
}

/// Analyses small in-memory files, given as (path, text), for unit tests.
#[cfg(test)]
pub(crate) fn analyze_texts(files: &[(&str, &str)]) -> Analysis {
    use crate::assets::AssetSource;
    use crate::corpus::{LoadOptions, Source, load_sources};
    static KNOWLEDGE: std::sync::OnceLock<Knowledge> = std::sync::OnceLock::new();
    let knowledge =
        KNOWLEDGE.get_or_init(|| Knowledge::load(&AssetSource::Embedded).expect("assets load"));
    let sources: Vec<Source> = files
        .iter()
        .map(|(path, text)| Source {
            path: (*path).to_owned(),
            bytes: text.as_bytes().to_vec(),
        })
        .collect();
    let corpus = load_sources(&sources, &LoadOptions::default()).expect("load");
    Analysis::run(corpus, knowledge, &Settings::default(), &()).expect("not cancelled")
}
