//! One queue for the messages the app shows the user (loaded, skipped,
//! failed), each kept on screen for a while. Time is passed in, so tests are
//! deterministic.

/// How a message looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Info,
    Warning,
    Error,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    pub level: Level,
    pub text: String,
    /// Time (seconds, app clock) after which it is dropped.
    pub until: f64,
}

/// Messages shown to the user, newest last.
#[derive(Debug, Clone, Default)]
pub struct StatusQueue {
    toasts: Vec<Toast>,
}

/// How long a message stays, by level.
fn lifetime(level: Level) -> f64 {
    match level {
        Level::Info => 4.0,
        Level::Warning => 8.0,
        Level::Error => 15.0,
    }
}

impl StatusQueue {
    pub fn push(&mut self, now: f64, level: Level, text: impl Into<String>) {
        self.toasts.push(Toast {
            level,
            text: text.into(),
            until: now + lifetime(level),
        });
    }

    /// Drops expired messages and returns the rest.
    pub fn current(&mut self, now: f64) -> &[Toast] {
        self.toasts.retain(|t| t.until > now);
        &self.toasts
    }

    /// The time the next message expires, to schedule a repaint.
    pub fn next_expiry(&self) -> Option<f64> {
        self.toasts.iter().map(|t| t.until).reduce(f64::min)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_expire_by_level() {
        let mut q = StatusQueue::default();
        q.push(0.0, Level::Info, "loaded");
        q.push(1.0, Level::Error, "failed");
        assert_eq!(q.current(3.0).len(), 2);
        assert_eq!(q.next_expiry(), Some(4.0));
        assert_eq!(q.current(5.0).len(), 1);
        assert_eq!(q.current(5.0)[0].text, "failed");
        assert!(q.current(16.5).is_empty());
    }
}
