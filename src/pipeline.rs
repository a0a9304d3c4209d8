//! The whole headless engine in one call: a loaded corpus in, entities,
//! mentions and the entity graph out. The CLI, the app's worker, the tests
//! and the benchmarks all go through here.

use std::sync::Arc;

use crate::corpus::Corpus;
use crate::extract::{self, Extraction, Knowledge, RecognizeOptions};
use crate::graph::{EntityGraph, Window};
use crate::progress::{self, Cancelled, Monitor, Stage};

/// Choices that change what the engine produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Settings {
    pub recognize: RecognizeOptions,
    pub window: Window,
    /// A wider co-mention window than the sentence under which pairs of
    /// entities would share more windows than this (see
    /// [`EntityGraph::shared_windows`]) gives way to the sentence window;
    /// `None` builds the graph under `window` whatever it costs.
    pub max_shared_windows: Option<u64>,
}

impl Settings {
    /// The window the graph of `extraction` is built with: `window`, or the
    /// sentence window if `window` would share more than
    /// `max_shared_windows` windows between two entities.
    fn window_for(&self, extraction: &Extraction) -> Window {
        let too_many =
            |limit| EntityGraph::check_window(extraction, self.window, |_| true, limit).is_err();
        match self.max_shared_windows {
            Some(limit) if self.window != Window::Sentence && too_many(limit) => Window::Sentence,
            _ => self.window,
        }
    }
}

/// A corpus with its extraction and graph.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub corpus: Corpus,
    pub extraction: Extraction,
    /// Shared with the views built from it (cloning it is costly on a
    /// large corpus).
    pub graph: Arc<EntityGraph>,
}

impl Analysis {
    /// Extracts entities from `corpus` and builds the graph (under the
    /// window [`Settings`] allow: see [`Settings::max_shared_windows`]).
    pub fn run(
        corpus: Corpus,
        knowledge: &Knowledge,
        settings: &Settings,
        monitor: &dyn Monitor,
    ) -> Result<Analysis, Cancelled> {
        // Run on a thread of rayon's pool, so that each of the many parallel
        // steps inside is a local split rather than a job handed over from
        // outside the pool (a wake-up and a sleep each, which cost a fifth
        // of the time on two threads).
        rayon::scope(|_| Self::run_in_pool(corpus, knowledge, settings, monitor))
    }

    /// [`Analysis::run`], on a thread of rayon's pool.
    fn run_in_pool(
        corpus: Corpus,
        knowledge: &Knowledge,
        settings: &Settings,
        monitor: &dyn Monitor,
    ) -> Result<Analysis, Cancelled> {
        let extraction = extract::extract(&corpus, knowledge, settings.recognize, monitor)?;
        progress::begin(monitor, Stage::Building)?;
        let window = settings.window_for(&extraction);
        let graph = Arc::new(EntityGraph::build(&extraction, window));
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
            graph: Arc::new(EntityGraph::build(&extraction, self.graph.window)),
            extraction,
        }
    }

    /// The sentence text of an evidence span.
    pub fn evidence_text(&self, evidence: &crate::graph::Evidence) -> &str {
        self.corpus.documents[evidence.doc()]
            .text
            .get(evidence.range())
            .unwrap_or("")
    }

    /// Checks what every consumer of an analysis relies on: each sentence,
    /// mention, relation and evidence span is a non-empty char-boundary
    /// range of its document; mentions lie inside their sentence; relation
    /// and evidence spans are whole sentences (for a sentence-window graph);
    /// every index points at something. The property tests and fuzz targets
    /// call it; the first broken rule is the error.
    pub fn verify_spans(&self) -> Result<(), String> {
        let docs = &self.corpus.documents;
        let ex = &self.extraction;
        if ex.sentences.len() != docs.len() {
            return Err(format!(
                "{} sentence lists for {} documents",
                ex.sentences.len(),
                docs.len()
            ));
        }
        let text = |doc: usize| {
            docs.get(doc)
                .map(|d| d.text.as_str())
                .ok_or(format!("no document {doc}"))
        };
        let sentence = |doc: usize, i: usize| {
            ex.sentences[doc]
                .get(i)
                .map(|s| s.range.clone())
                .ok_or(format!("no sentence {i} in document {doc}"))
        };
        for (doc, sentences) in ex.sentences.iter().enumerate() {
            for s in sentences {
                check_span(text(doc)?, &s.range, "sentence")?;
            }
        }
        for m in &ex.mentions {
            check_span(text(m.doc())?, &m.range(), "mention")?;
            let s = sentence(m.doc(), m.sentence())?;
            if m.start() < s.start || s.end < m.end() || m.entity() >= ex.entities.len() {
                return Err(format!(
                    "mention {}..{} outside its sentence {s:?} or entity",
                    m.start(),
                    m.end()
                ));
            }
        }
        for r in &ex.relations {
            check_span(text(r.doc)?, &(r.start..r.end), "relation")?;
            if sentence(r.doc, r.sentence)? != (r.start..r.end)
                || r.source.max(r.target) >= ex.entities.len()
            {
                return Err(format!(
                    "relation {}..{} is not its sentence",
                    r.start, r.end
                ));
            }
        }
        for edge in self.graph.graph.edge_weights() {
            if edge.evidence.is_empty() {
                return Err("an edge without evidence".to_owned());
            }
            for e in &edge.evidence {
                check_span(text(e.doc())?, &e.range(), "evidence")?;
                if self.graph.window == crate::graph::Window::Sentence
                    && !ex.sentences[e.doc()].iter().any(|s| s.range == e.range())
                {
                    return Err(format!("evidence {:?} is not one sentence", e.range()));
                }
            }
        }
        Ok(())
    }
}

/// An error unless `range` is a non-empty char-boundary range of `text`.
fn check_span(text: &str, range: &std::ops::Range<usize>, what: &str) -> Result<(), String> {
    if range.start >= range.end || range.end > text.len() {
        return Err(format!(
            "{what} {range:?} outside a text of {} bytes",
            text.len()
        ));
    }
    if !(text.is_char_boundary(range.start) && text.is_char_boundary(range.end)) {
        return Err(format!("{what} {range:?} splits a character"));
    }
    Ok(())
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

#[cfg(test)]
mod tests {
    use std::sync::Mutex;

    use super::*;
    use crate::assets::AssetSource;
    use crate::corpus::LoadOptions;

    /// Cancels the job when `stage` starts; remembers what it was told.
    struct CancelAt {
        stage: Stage,
        seen: Mutex<Vec<Stage>>,
    }

    impl Monitor for CancelAt {
        fn report(&self, stage: Stage, _done: usize, _total: usize) {
            let mut seen = self.seen.lock().unwrap();
            if seen.last() != Some(&stage) {
                seen.push(stage);
            }
        }

        fn cancelled(&self) -> bool {
            self.seen.lock().unwrap().contains(&self.stage)
        }
    }

    #[test]
    fn a_cancel_is_heard_between_the_stages_after_recognition() {
        let knowledge = Knowledge::load(&AssetSource::Embedded).unwrap();
        // A cancel that comes while `stage` runs stops the job before the
        // next stage starts.
        for stage in [Stage::Resolving, Stage::Relating] {
            let corpus = crate::seeds::corpus(&LoadOptions::default()).unwrap();
            let monitor = CancelAt {
                stage,
                seen: Mutex::new(Vec::new()),
            };
            let result = Analysis::run(corpus, &knowledge, &Settings::default(), &monitor);
            assert_eq!(result.err(), Some(Cancelled), "{stage:?}");
            assert_eq!(monitor.seen.lock().unwrap().last(), Some(&stage));
        }
    }
}
