//! A piece of work run on its own thread (applying corrections, reading or
//! writing a project), polled by the UI each frame. The thread wakes the UI
//! when it is done; a task dropped before it finishes is forgotten.

use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// Work running on a background thread, with its result to come.
pub struct Task<T> {
    receiver: Receiver<T>,
}

impl<T: Send + 'static> Task<T> {
    /// Runs `work` on a new thread and repaints `ctx` when it is done.
    pub fn spawn(ctx: &egui::Context, work: impl FnOnce() -> T + Send + 'static) -> Task<T> {
        let (sender, receiver) = channel();
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            // The UI may have dropped the task (a newer one replaced it).
            let _ = sender.send(work());
            ctx.request_repaint();
        });
        Task { receiver }
    }

    /// Whether the work is done.
    pub fn poll(&self) -> Progress<T> {
        match self.receiver.try_recv() {
            Ok(result) => Progress::Done(result),
            Err(TryRecvError::Empty) => Progress::Running,
            Err(TryRecvError::Disconnected) => Progress::Failed,
        }
    }
}

/// Where a [`Task`] is.
pub enum Progress<T> {
    Running,
    Done(T),
    /// The thread panicked.
    Failed,
}
