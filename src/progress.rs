//! Progress reporting and cancellation for long jobs (loading, extraction),
//! shared by the CLI, the app's background worker and the tests.

/// The stage a long job is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Loading,
    Extracting,
    /// Resolving names into entities (one step).
    Resolving,
    /// Reading the stated relations (one step).
    Relating,
    /// Building the graph (one step).
    Building,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Loading => "Loading documents",
            Stage::Extracting => "Extracting entities",
            Stage::Resolving => "Merging names",
            Stage::Relating => "Reading stated relations",
            Stage::Building => "Building the graph",
        }
    }
}

/// Watches a long job: receives progress and may ask it to stop.
/// Called from worker threads, so it must be `Sync`.
pub trait Monitor: Sync {
    /// `done` of `total` items of `stage` are finished.
    fn report(&self, _stage: Stage, _done: usize, _total: usize) {}
    /// True when the job should stop as soon as it can.
    fn cancelled(&self) -> bool {
        false
    }
}

/// A monitor that ignores progress and never cancels.
impl Monitor for () {}

/// Starts `stage`, a single step of a job, unless the job was cancelled.
pub fn begin(monitor: &dyn Monitor, stage: Stage) -> Result<(), Cancelled> {
    if monitor.cancelled() {
        return Err(Cancelled);
    }
    monitor.report(stage, 0, 1);
    Ok(())
}

/// Maps `f` over `items` in parallel (keeping their order), reporting each
/// finished item as progress of `stage` and stopping early when cancelled.
pub fn par_map<T: Sync, R: Send>(
    items: &[T],
    stage: Stage,
    monitor: &dyn Monitor,
    f: impl Fn(&T) -> R + Sync,
) -> Result<Vec<R>, Cancelled> {
    use rayon::prelude::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    let done = AtomicUsize::new(0);
    items
        .par_iter()
        .with_max_len(crate::parallel::task_len(items.len()))
        .map(|item| {
            if monitor.cancelled() {
                return Err(Cancelled);
            }
            let result = f(item);
            monitor.report(stage, done.fetch_add(1, Ordering::Relaxed) + 1, items.len());
            Ok(result)
        })
        .collect()
}

/// A job stopped because its monitor asked it to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("cancelled")]
pub struct Cancelled;
