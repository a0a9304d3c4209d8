//! A piece of work run on its own thread (applying corrections, reading or
//! writing a project, exporting), polled by the UI each frame. The thread
//! wakes the UI when it is done; a panic in it is caught and reported as
//! the task's failure, so the app keeps its state; a task dropped before it
//! finishes is forgotten.

use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// Work running on a background thread, with its result to come.
pub struct Task<T> {
    receiver: Receiver<Result<T, String>>,
}

impl<T: Send + 'static> Task<T> {
    /// Runs `work` on a new thread and repaints `ctx` when it is done.
    pub fn spawn(ctx: &egui::Context, work: impl FnOnce() -> T + Send + 'static) -> Task<T> {
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(work))
                .map_err(|panic| panic_text(&panic));
            // The UI may have dropped the task (a newer one replaced it).
            let _ = sender.send(result);
            ctx.request_repaint();
        });
        Task { receiver }
    }

    /// Whether the work is done.
    pub fn poll(&self) -> Progress<T> {
        match self.receiver.try_recv() {
            Ok(Ok(result)) => Progress::Done(result),
            Ok(Err(panic)) => Progress::Failed(format!("internal error: {panic}")),
            Err(TryRecvError::Empty) => Progress::Running,
            Err(TryRecvError::Disconnected) => Progress::Failed("internal error".to_owned()),
        }
    }
}

/// Where a [`Task`] is.
pub enum Progress<T> {
    Running,
    Done(T),
    /// The thread panicked; what it said.
    Failed(String),
}

/// The message of a caught panic.
pub fn panic_text(panic: &Box<dyn std::any::Any + Send>) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finish<T: Send + 'static>(task: &Task<T>) -> Progress<T> {
        loop {
            match task.poll() {
                Progress::Running => std::thread::sleep(std::time::Duration::from_millis(2)),
                done => return done,
            }
        }
    }

    #[test]
    fn a_task_gives_its_result() {
        let task = Task::spawn(&egui::Context::default(), || 6 * 7);
        assert!(matches!(finish(&task), Progress::Done(42)));
    }

    #[test]
    fn a_panicking_task_fails_with_the_panic_message() {
        let task: Task<()> = Task::spawn(&egui::Context::default(), || panic!("no such entity"));
        match finish(&task) {
            Progress::Failed(why) => assert_eq!(why, "internal error: no such entity"),
            _ => panic!("the panic was not reported"),
        }
    }
}
