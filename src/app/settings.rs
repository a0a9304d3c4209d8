//! The user's preferences that outlive a session (UI scale, theme, recent
//! projects), kept in `settings.json` beside eframe's window state and
//! written atomically. Window size and panel layout are eframe's own.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::export::write_atomic;
use crate::scene::Theme;

/// How many recent projects are remembered.
pub const MAX_RECENT: usize = 8;

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

    /// Puts `project` first among the recent projects, once, keeping at
    /// most [`MAX_RECENT`].
    pub fn remember_project(&mut self, project: &Path) {
        self.recent_projects.retain(|p| p != project);
        self.recent_projects.insert(0, project.to_owned());
        self.recent_projects.truncate(MAX_RECENT);
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
    fn recent_projects_are_unique_newest_first_and_few() {
        let mut s = Settings::default();
        for i in 0..10 {
            s.remember_project(Path::new(&format!("{i}.newsgraph")));
        }
        s.remember_project(Path::new("5.newsgraph"));
        let names: Vec<String> = s
            .recent_projects
            .iter()
            .map(|p| p.display().to_string())
            .collect();
        assert_eq!(names.len(), MAX_RECENT);
        assert_eq!(names[..3], ["5.newsgraph", "9.newsgraph", "8.newsgraph"]);
        assert!(!names.contains(&"1.newsgraph".to_owned()));
    }

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
