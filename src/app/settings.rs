//! The user's preferences that outlive a session (UI scale, theme, recent
//! projects), kept in `settings.json` beside eframe's window state and
//! written atomically. Window size and panel layout are eframe's own.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::export::write_atomic;
use crate::scene::Theme;

/// The smallest and largest UI scale offered.
pub const UI_SCALE_RANGE: std::ops::RangeInclusive<f32> = 0.75..=2.5;

/// Preferences remembered between runs.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Multiplies the size of everything in the window (high-DPI screens,
    /// projectors).
    pub ui_scale: f32,
    pub theme: Theme,
    /// Most recent first.
    pub recent_projects: Vec<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            ui_scale: 1.0,
            theme: Theme::Light,
            recent_projects: Vec::new(),
        }
    }
}

impl Settings {
    /// Reads `path`; a missing or unreadable file gives the defaults.
    pub fn load(path: &Path) -> Settings {
        let mut settings: Settings = std::fs::read(path)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default();
        if !settings.ui_scale.is_finite() {
            settings.ui_scale = 1.0;
        }
        settings.ui_scale = settings
            .ui_scale
            .clamp(*UI_SCALE_RANGE.start(), *UI_SCALE_RANGE.end());
        settings
    }

    /// Writes `path` atomically.
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        let json = serde_json::to_vec_pretty(self).map_err(std::io::Error::other)?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        write_atomic(path, |out| out.write_all(&json))
    }
}

/// Where the settings live: the platform's data folder for newsgraph.
pub fn default_path() -> Option<PathBuf> {
    eframe::storage_dir(super::APP_ID).map(|dir| dir.join("settings.json"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_and_clamps() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join("settings.json");
        assert_eq!(Settings::load(&path), Settings::default());
        let s = Settings {
            ui_scale: 1.5,
            theme: Theme::Dark,
            recent_projects: vec!["a.newsgraph".into()],
        };
        s.save(&path).unwrap();
        assert_eq!(Settings::load(&path), s);
        std::fs::write(&path, r#"{"ui_scale": 40.0}"#).unwrap();
        assert_eq!(Settings::load(&path).ui_scale, 2.5);
        std::fs::write(&path, "not json").unwrap();
        assert_eq!(Settings::load(&path), Settings::default());
    }
}
