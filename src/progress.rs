//! Progress reporting and cancellation for long jobs (loading, extraction),
//! shared by the CLI, the app's background worker and the tests.

/// The stage a long job is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Loading,
    Extracting,
    Building,
}

impl Stage {
    pub fn label(self) -> &'static str {
        match self {
            Stage::Loading => "Loading documents",
            Stage::Extracting => "Extracting entities",
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

/// A job stopped because its monitor asked it to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("cancelled")]
pub struct Cancelled;
