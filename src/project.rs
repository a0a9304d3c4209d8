//! The `.newsgraph` project file: what was loaded, the corrections made to
//! the extraction, the picture (node positions, pins, camera, selection,
//! theme) and the filters, so reopening a project shows the same graph.
//!
//! The file is pretty-printed UTF-8 JSON with sorted maps, so saving the same
//! project twice gives the same bytes. It starts with
//! `"format": "newsgraph-project"` and a `version`. Entities are named by
//! id and documents by path, never by index, so the file stays valid when
//! the corpus is loaded again. Only the corrections themselves are saved,
//! not what was undone. Positions that are not finite numbers are left out.
//!
//! Versions:
//!
//! * **1**, the first published layout: `corpus` (`seeds`, `paths`),
//!   `corrections` (`ops`), `pinned`, `filters` (`kinds`, `min_mentions`,
//!   `min_edge_weight`, `excluded`: paths of the documents left out,
//!   `window`), `selection`, `theme`.
//! * **2** (current): adds `corpus.embedded` (the documents' texts, so the
//!   file is self-contained), `positions` (every node's position) and
//!   `camera`; `filters.excluded` is renamed `filters.excluded_docs`.
//!   Later additions with defaults, so files without them still load:
//!   `filters.co_mentions` (co-mention edges shown; true),
//!   `filters.categories` and `filters.polarities` (the relation categories
//!   and polarities shown; all).
//!
//! Loading an older file upgrades it in memory, one version at a time
//! (`migrate_v1`); loading never writes. A file from a newer newsgraph is
//! refused with a message saying so. Saving goes through
//! [`crate::export::write_atomic`], so a failed save leaves the previous
//! file as it was.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::corpus::{self, Corpus, Document, LoadError, LoadOptions};
use crate::corrections::Corrections;
use crate::extract::{Category, Kind, Polarity};
use crate::graph::Window;
use crate::graph::view::Filters;
use crate::scene::{Camera, Theme};

/// The version this newsgraph writes.
pub const PROJECT_VERSION: u32 = 2;

/// The file name extension of projects.
pub const EXTENSION: &str = "newsgraph";

/// The value of the `format` field that marks a project file.
const FORMAT: &str = "newsgraph-project";

/// A saved session.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Project {
    /// [`PROJECT_VERSION`] in memory; older files are upgraded on loading.
    pub version: u32,
    pub corpus: ProjectCorpus,
    pub corrections: Corrections,
    /// Pinned nodes by entity id.
    #[serde(serialize_with = "finite_points")]
    pub pinned: BTreeMap<String, [f32; 2]>,
    /// Every node's position by entity id.
    #[serde(serialize_with = "finite_points")]
    pub positions: BTreeMap<String, [f32; 2]>,
    pub filters: ProjectFilters,
    #[serde(serialize_with = "finite_camera")]
    pub camera: Option<Camera>,
    pub selection: Option<ProjectSelection>,
    pub theme: Theme,
}

impl Default for Project {
    fn default() -> Self {
        Project {
            version: PROJECT_VERSION,
            corpus: ProjectCorpus::default(),
            corrections: Corrections::default(),
            pinned: BTreeMap::new(),
            positions: BTreeMap::new(),
            filters: ProjectFilters::default(),
            camera: None,
            selection: None,
            theme: Theme::default(),
        }
    }
}

/// What the project was made from.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectCorpus {
    /// The embedded seed articles were loaded.
    pub seeds: bool,
    /// Files and folders read, as given.
    pub paths: Vec<PathBuf>,
    /// The documents themselves, when saved with the project; a loader
    /// prefers them to reading `seeds` and `paths` again.
    pub embedded: Option<Vec<EmbeddedDoc>>,
}

/// A document saved inside a project.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbeddedDoc {
    pub id: String,
    pub path: String,
    pub title: String,
    pub date: Option<String>,
    pub url: Option<String>,
    pub text: String,
}

/// The documents of a corpus, to embed in a project.
pub fn embed_corpus(docs: &[Document]) -> Vec<EmbeddedDoc> {
    docs.iter()
        .map(|d| EmbeddedDoc {
            id: d.id.clone(),
            path: d.path.clone(),
            title: d.title.clone(),
            date: d.date.clone(),
            url: d.url.clone(),
            text: d.text.clone(),
        })
        .collect()
}

/// The corpus of embedded documents, boilerplate marked as when it was
/// loaded from its files.
pub fn load_embedded(docs: &[EmbeddedDoc], options: &LoadOptions) -> Result<Corpus, LoadError> {
    let documents = docs
        .iter()
        .map(|d| Document {
            id: d.id.clone(),
            path: d.path.clone(),
            title: d.title.clone(),
            date: d.date.clone(),
            url: d.url.clone(),
            text: d.text.clone(),
            boilerplate: Vec::new(),
        })
        .collect();
    corpus::from_documents(documents, options)
}

/// The filters, with documents named by path.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProjectFilters {
    /// Kinds shown.
    pub kinds: BTreeSet<Kind>,
    pub min_mentions: usize,
    pub min_edge_weight: u32,
    /// Paths of the documents left out.
    pub excluded_docs: BTreeSet<String>,
    pub window: Window,
    /// Co-mention edges shown.
    #[serde(default = "shown")]
    pub co_mentions: bool,
    /// Relation categories shown.
    #[serde(default = "all_categories")]
    pub categories: BTreeSet<Category>,
    /// Relation polarities shown.
    #[serde(default = "all_polarities")]
    pub polarities: BTreeSet<Polarity>,
}

fn shown() -> bool {
    true
}

fn all_categories() -> BTreeSet<Category> {
    Category::ALL.into()
}

fn all_polarities() -> BTreeSet<Polarity> {
    Polarity::ALL.into()
}

impl Default for ProjectFilters {
    fn default() -> Self {
        ProjectFilters::new(&Filters::default(), &[])
    }
}

impl ProjectFilters {
    /// `filters` as saved; `docs` are the corpus its document indices refer to.
    pub fn new(filters: &Filters, docs: &[Document]) -> ProjectFilters {
        ProjectFilters {
            kinds: Kind::ALL
                .into_iter()
                .filter(|&k| filters.shows(k))
                .collect(),
            min_mentions: filters.min_mentions,
            min_edge_weight: filters.min_edge_weight,
            excluded_docs: filters
                .excluded_docs
                .iter()
                .filter_map(|&i| docs.get(i).map(|d| d.path.clone()))
                .collect(),
            window: filters.window,
            co_mentions: filters.co_mentions,
            categories: Category::ALL
                .into_iter()
                .filter(|&c| filters.shows_category(c))
                .collect(),
            polarities: Polarity::ALL
                .into_iter()
                .filter(|&p| filters.shows_polarity(p))
                .collect(),
        }
    }

    /// The filters for corpus `docs`; paths it lacks are ignored.
    pub fn to_filters(&self, docs: &[Document]) -> Filters {
        let mut filters = Filters {
            min_mentions: self.min_mentions,
            min_edge_weight: self.min_edge_weight,
            excluded_docs: (0..docs.len())
                .filter(|&i| self.excluded_docs.contains(&docs[i].path))
                .collect(),
            window: self.window,
            co_mentions: self.co_mentions,
            ..Filters::default()
        };
        for kind in Kind::ALL {
            filters.set_shows(kind, self.kinds.contains(&kind));
        }
        for category in Category::ALL {
            filters.set_shows_category(category, self.categories.contains(&category));
        }
        for polarity in Polarity::ALL {
            filters.set_shows_polarity(polarity, self.polarities.contains(&polarity));
        }
        filters
    }
}

/// What was selected, by entity id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectSelection {
    Entity(String),
    Edge(String, String),
}

/// A project that could not be saved or loaded.
#[derive(Debug, thiserror::Error)]
pub enum ProjectError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot save {}: {source}", path.display())]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{}: {problem}", path.display())]
    Invalid { path: PathBuf, problem: FormatError },
}

/// What is wrong with the contents of a project file.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    #[error("not a newsgraph project")]
    NotAProject,
    #[error(
        "the project file is truncated or corrupt: it ends early, at line {line}, column {column}"
    )]
    Truncated { line: usize, column: usize },
    #[error("the project file is corrupt: {0}")]
    Corrupt(serde_json::Error),
    #[error("the project file is corrupt: it has no valid version number")]
    NoVersion,
    #[error(
        "project version {0} is newer than this newsgraph ({PROJECT_VERSION}); update newsgraph"
    )]
    Newer(u64),
}

/// The file as written: the format marker, then the project.
#[derive(Serialize)]
struct ProjectFile<'a> {
    format: &'static str,
    #[serde(flatten)]
    project: &'a Project,
}

impl Project {
    /// Writes the project to `path` atomically.
    pub fn save(&self, path: &Path) -> Result<(), ProjectError> {
        let file = ProjectFile {
            format: FORMAT,
            project: self,
        };
        crate::export::write_atomic(path, |w| {
            serde_json::to_writer_pretty(&mut *w, &file)?;
            w.write_all(b"\n")
        })
        .map_err(|source| ProjectError::Write {
            path: path.to_owned(),
            source,
        })
    }

    /// Reads the project at `path`, upgrading an older version.
    pub fn load(path: &Path) -> Result<Project, ProjectError> {
        let bytes = std::fs::read(path).map_err(|source| ProjectError::Read {
            path: path.to_owned(),
            source,
        })?;
        Project::from_json(&bytes).map_err(|problem| ProjectError::Invalid {
            path: path.to_owned(),
            problem,
        })
    }

    /// Parses the contents of a project file.
    pub fn from_json(bytes: &[u8]) -> Result<Project, FormatError> {
        let value: Value = serde_json::from_slice(bytes).map_err(|e| syntax_problem(bytes, e))?;
        let Value::Object(mut root) = value else {
            return Err(FormatError::NotAProject);
        };
        let version = version_of(&root)?;
        if version == u64::from(PROJECT_VERSION) {
            // Parsed again from the text so that errors give line and column.
            return serde_json::from_slice(bytes).map_err(FormatError::Corrupt);
        }
        for step in MIGRATIONS.iter().skip(version.saturating_sub(1) as usize) {
            step(&mut root);
        }
        serde_json::from_value(Value::Object(root)).map_err(FormatError::Corrupt)
    }
}

/// Why a file is not JSON: cut short, not JSON at all, or damaged.
fn syntax_problem(bytes: &[u8], error: serde_json::Error) -> FormatError {
    let first = bytes.iter().find(|b| !b.is_ascii_whitespace());
    if error.is_eof() {
        FormatError::Truncated {
            line: error.line(),
            column: error.column(),
        }
    } else if first != Some(&b'{') {
        FormatError::NotAProject
    } else {
        FormatError::Corrupt(error)
    }
}

/// The version of a project file's top-level object.
fn version_of(root: &Map<String, Value>) -> Result<u64, FormatError> {
    if root.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(FormatError::NotAProject);
    }
    match root.get("version").and_then(Value::as_u64) {
        Some(v) if v > u64::from(PROJECT_VERSION) => Err(FormatError::Newer(v)),
        Some(v) if v >= 1 => Ok(v),
        _ => Err(FormatError::NoVersion),
    }
}

/// `MIGRATIONS[v - 1]` upgrades a version `v` file to version `v + 1`.
const MIGRATIONS: [fn(&mut Map<String, Value>); PROJECT_VERSION as usize - 1] = [migrate_v1];

/// Version 1 → 2: no embedded texts, positions or camera yet; the excluded
/// documents' paths were `filters.excluded`.
fn migrate_v1(root: &mut Map<String, Value>) {
    root.insert("version".into(), 2.into());
    root.insert("positions".into(), Value::Object(Map::new()));
    root.insert("camera".into(), Value::Null);
    if let Some(corpus) = root.get_mut("corpus").and_then(Value::as_object_mut) {
        corpus.insert("embedded".into(), Value::Null);
    }
    if let Some(filters) = root.get_mut("filters").and_then(Value::as_object_mut) {
        let excluded = filters
            .remove("excluded")
            .unwrap_or_else(|| Value::Array(Vec::new()));
        filters.insert("excluded_docs".into(), excluded);
    }
}

fn is_finite(point: &[f32; 2]) -> bool {
    point.iter().all(|c| c.is_finite())
}

/// Serialises the points with finite coordinates (JSON has no NaN).
fn finite_points<S: Serializer>(
    points: &BTreeMap<String, [f32; 2]>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.collect_map(points.iter().filter(|(_, p)| is_finite(p)))
}

/// Serialises the camera if all its numbers are finite.
fn finite_camera<S: Serializer>(camera: &Option<Camera>, serializer: S) -> Result<S::Ok, S::Error> {
    camera
        .filter(|c| is_finite(&c.center) && is_finite(&c.size) && c.zoom.is_finite())
        .serialize(serializer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(value: Value) -> Vec<u8> {
        serde_json::to_vec(&value).unwrap()
    }

    #[test]
    fn non_finite_positions_are_left_out() {
        let mut p = Project::default();
        p.positions.insert("a".into(), [1.0, f32::NAN]);
        p.positions.insert("b".into(), [1.0, 2.0]);
        p.camera = Some(Camera {
            zoom: f32::INFINITY,
            ..Camera::default()
        });
        let text = serde_json::to_vec(&ProjectFile {
            format: FORMAT,
            project: &p,
        })
        .unwrap();
        let back = Project::from_json(&text).unwrap();
        assert_eq!(back.positions, [("b".to_owned(), [1.0, 2.0])].into());
        assert_eq!(back.camera, None);
    }

    #[test]
    fn edge_filters_round_trip() {
        let mut filters = Filters {
            co_mentions: false,
            ..Filters::default()
        };
        filters.set_shows_category(Category::Role, false);
        filters.set_shows_polarity(Polarity::Neutral, false);
        let saved = ProjectFilters::new(&filters, &[]);
        assert!(!saved.categories.contains(&Category::Role));
        assert_eq!(saved.polarities.len(), 2);
        let text = serde_json::to_string(&saved).unwrap();
        let back: ProjectFilters = serde_json::from_str(&text).unwrap();
        assert_eq!(back.to_filters(&[]), filters);
    }

    #[test]
    fn headers_are_checked_before_the_body() {
        let problem = |v: Value| Project::from_json(&json(v)).unwrap_err().to_string();
        assert_eq!(problem(serde_json::json!([1])), "not a newsgraph project");
        assert_eq!(
            problem(serde_json::json!({"version": 2})),
            "not a newsgraph project"
        );
        assert_eq!(
            problem(serde_json::json!({"format": FORMAT, "version": "2"})),
            "the project file is corrupt: it has no valid version number"
        );
        assert_eq!(
            problem(serde_json::json!({"format": FORMAT, "version": 0})),
            "the project file is corrupt: it has no valid version number"
        );
        assert!(
            problem(serde_json::json!({"format": FORMAT, "version": 1})).contains("missing field")
        );
        assert_eq!(
            Project::from_json(b"plain text").unwrap_err().to_string(),
            "not a newsgraph project"
        );
        assert!(matches!(
            Project::from_json(b""),
            Err(FormatError::Truncated { .. })
        ));
    }
}
