//! Loading and extraction on a background thread: the job reports progress
//! over a channel, wakes the UI with `request_repaint`, and can be cancelled.
//! A panic in the job is caught and reported as an error; the app keeps its
//! previous state.

use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::task::panic_text;
use crate::assets::AssetSource;
use crate::corpus::{self, LoadOptions, Source};
use crate::extract::Knowledge;
use crate::pipeline::{Analysis, Settings};
use crate::progress::{Monitor, Stage};
use crate::project::{self, EmbeddedDoc};

/// What to load.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct CorpusSpec {
    /// Include the embedded seed articles.
    pub seeds: bool,
    /// Files and folders to read.
    pub paths: Vec<PathBuf>,
    /// Documents saved in a project, read instead of the seeds and the
    /// paths they were saved from.
    pub embedded: Option<Embedded>,
}

/// Documents a project carried with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Embedded {
    pub docs: Arc<Vec<EmbeddedDoc>>,
    /// How many of the spec's paths (from the first) the documents stand for.
    pub covers: usize,
}

impl CorpusSpec {
    pub fn seeds() -> CorpusSpec {
        CorpusSpec {
            seeds: true,
            ..CorpusSpec::default()
        }
    }

    /// Files and folders only.
    pub fn paths(paths: Vec<PathBuf>) -> CorpusSpec {
        CorpusSpec {
            paths,
            ..CorpusSpec::default()
        }
    }
}

/// A message from the job to the UI.
pub enum Message {
    Progress {
        stage: Stage,
        done: usize,
        total: usize,
    },
    Finished(Result<Box<Analysis>, String>),
}

/// A running job, as the UI sees it.
pub struct Job {
    pub spec: CorpusSpec,
    receiver: Receiver<Message>,
    cancel: Arc<AtomicBool>,
    /// The last progress reported.
    pub progress: Option<(Stage, usize, usize)>,
}

/// The reference data, loaded once and shared by every job.
pub type SharedKnowledge = Arc<Mutex<Option<Arc<Knowledge>>>>;

impl Job {
    /// Starts loading `spec` on a new thread; `wake` is called after each
    /// message (the app passes `request_repaint`).
    pub fn start(
        spec: CorpusSpec,
        settings: Settings,
        knowledge: SharedKnowledge,
        wake: impl Fn() + Send + Sync + 'static,
    ) -> Job {
        let job_spec = spec.clone();
        Job::spawn(spec, wake, move |reporter| {
            run(&job_spec, &settings, &knowledge, reporter)
        })
    }

    /// Runs `work` on a new thread as the job loading `spec`; a panic in
    /// it finishes the job with an "internal error".
    pub(super) fn spawn(
        spec: CorpusSpec,
        wake: impl Fn() + Send + Sync + 'static,
        work: impl FnOnce(&Reporter) -> Result<Box<Analysis>, String> + Send + 'static,
    ) -> Job {
        let (sender, receiver) = channel();
        let cancel = Arc::new(AtomicBool::new(false));
        let reporter = Reporter {
            sender: Mutex::new(sender),
            cancel: cancel.clone(),
            wake: Box::new(wake),
            last: Mutex::new(Instant::now() - Duration::from_secs(1)),
        };
        std::thread::spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&reporter)))
                .unwrap_or_else(|panic| Err(format!("internal error: {}", panic_text(&panic))));
            reporter.send(Message::Finished(result));
        });
        Job {
            spec,
            receiver,
            cancel,
            progress: None,
        }
    }

    /// Asks the job to stop; it finishes with an error "cancelled".
    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// Messages received since the last call.
    pub fn poll(&mut self) -> Vec<Message> {
        let messages: Vec<Message> = self.receiver.try_iter().collect();
        for m in &messages {
            if let Message::Progress { stage, done, total } = m {
                self.progress = Some((*stage, *done, *total));
            }
        }
        messages
    }
}

/// The job itself: reference data (once), corpus, engine.
fn run(
    spec: &CorpusSpec,
    settings: &Settings,
    shared: &SharedKnowledge,
    reporter: &Reporter,
) -> Result<Box<Analysis>, String> {
    let knowledge = knowledge(shared)?;
    let options = LoadOptions::default();
    let read = spec.embedded.as_ref().map_or(0, |e| e.covers);
    let mut corpus = corpus::load_paths(spec.paths.get(read..).unwrap_or(&[]), &options, reporter)
        .map_err(|e| e.to_string())?;
    let first = match &spec.embedded {
        Some(embedded) => Some(project::load_embedded(&embedded.docs, &options)),
        None if spec.seeds => {
            let seeds: Vec<Source> = crate::seeds::sources();
            Some(corpus::load_sources(&seeds, &options))
        }
        None => None,
    };
    if let Some(first) = first {
        let mut first = first.map_err(|e| e.to_string())?;
        first.documents.append(&mut corpus.documents);
        first.skipped.append(&mut corpus.skipped);
        corpus = first;
    }
    let analysis =
        Analysis::run(corpus, &knowledge, settings, reporter).map_err(|e| e.to_string())?;
    Ok(Box::new(analysis))
}

fn knowledge(shared: &SharedKnowledge) -> Result<Arc<Knowledge>, String> {
    let mut slot = shared
        .lock()
        .map_err(|_| "reference data lock poisoned".to_owned())?;
    if let Some(k) = slot.as_ref() {
        return Ok(k.clone());
    }
    let k = Arc::new(Knowledge::load(&AssetSource::Embedded).map_err(|e| e.to_string())?);
    *slot = Some(k.clone());
    Ok(k)
}

/// Forwards progress to the UI, at most every 50 ms within a stage.
pub(super) struct Reporter {
    sender: Mutex<Sender<Message>>,
    cancel: Arc<AtomicBool>,
    wake: Box<dyn Fn() + Send + Sync>,
    last: Mutex<Instant>,
}

impl Reporter {
    fn send(&self, message: Message) {
        if let Ok(sender) = self.sender.lock() {
            // The UI may have dropped the job (a newer one replaced it).
            let _ = sender.send(message);
        }
        (self.wake)();
    }
}

impl Monitor for Reporter {
    fn report(&self, stage: Stage, done: usize, total: usize) {
        let due = self.last.lock().is_ok_and(|mut last| {
            // The start and end of a stage always go through.
            let due = last.elapsed() >= Duration::from_millis(50) || done == 0 || done == total;
            if due {
                *last = Instant::now();
            }
            due
        });
        if due {
            self.send(Message::Progress { stage, done, total });
        }
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait(job: &mut Job) -> Result<Box<Analysis>, String> {
        loop {
            for m in job.poll() {
                if let Message::Finished(result) = m {
                    return result;
                }
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn a_job_loads_the_seeds_and_reports_progress() {
        let mut job = Job::start(
            CorpusSpec::seeds(),
            Settings::default(),
            SharedKnowledge::default(),
            || {},
        );
        let analysis = wait(&mut job).unwrap();
        assert_eq!(analysis.corpus.documents.len(), 5);
        assert!(job.progress.is_some());
    }

    #[test]
    fn a_job_reports_the_start_of_each_stage() {
        let mut job = Job::start(
            CorpusSpec::seeds(),
            Settings::default(),
            SharedKnowledge::default(),
            || {},
        );
        let mut stages = Vec::new();
        loop {
            for m in job.poll() {
                match m {
                    Message::Progress { stage, .. } if stages.last() != Some(&stage) => {
                        stages.push(stage)
                    }
                    Message::Finished(result) => {
                        assert!(result.is_ok());
                        // The seeds are read from the binary: no files to load.
                        let expected = [
                            Stage::Extracting,
                            Stage::Resolving,
                            Stage::Relating,
                            Stage::Building,
                        ];
                        assert_eq!(stages, expected);
                        return;
                    }
                    _ => {}
                }
            }
            std::thread::sleep(Duration::from_millis(5));
        }
    }

    #[test]
    fn embedded_documents_stand_for_the_paths_they_cover() {
        let dir = tempfile::tempdir().unwrap();
        let added = dir.path().join("added.txt");
        std::fs::write(&added, "Chile and Peru met.").unwrap();
        let docs = vec![EmbeddedDoc {
            id: "kept".into(),
            path: "gone/kept.txt".into(),
            title: "Kept".into(),
            date: None,
            url: None,
            text: "Bolivia and Ecuador talked.".into(),
        }];
        let spec = CorpusSpec {
            seeds: true,
            paths: vec![dir.path().join("gone"), added],
            embedded: Some(Embedded {
                docs: Arc::new(docs),
                covers: 1,
            }),
        };
        let mut job = Job::start(spec, Settings::default(), SharedKnowledge::default(), || {});
        let analysis = wait(&mut job).unwrap();
        let titles: Vec<&str> = analysis
            .corpus
            .documents
            .iter()
            .map(|d| d.title.as_str())
            .collect();
        assert_eq!(titles, ["Kept", "Chile and Peru met."]);
        assert!(analysis.corpus.skipped.is_empty());
    }

    #[test]
    fn a_cancelled_job_says_so() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..50 {
            std::fs::write(dir.path().join(format!("{i}.txt")), "Chile and Peru met.").unwrap();
        }
        let spec = CorpusSpec::paths(vec![dir.path().to_owned()]);
        let mut job = Job::start(spec, Settings::default(), SharedKnowledge::default(), || {});
        job.cancel();
        assert_eq!(wait(&mut job).err().as_deref(), Some("cancelled"));
    }
}
