//! Project files: round trips, damaged and foreign files, newer versions,
//! the version 1 fixture, failed saves, and the embedded corpus.

mod common;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use common::seeds;
use newsgraph::corpus::LoadOptions;
use newsgraph::corrections::{self, Correction, Corrections};
use newsgraph::extract::{self, Kind, RecognizeOptions};
use newsgraph::graph::Window;
use newsgraph::graph::view::Filters;
use newsgraph::project::{
    self, FormatError, PROJECT_VERSION, Project, ProjectCorpus, ProjectError, ProjectFilters,
    ProjectSelection,
};
use newsgraph::scene::{Camera, Theme};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/projects")
        .join(name)
}

/// A project using every field, on the seeds.
fn sample() -> Project {
    let docs = &seeds().corpus.documents;
    let filters = Filters {
        min_mentions: 2,
        excluded_docs: [1, 3].into(),
        window: Window::Paragraph,
        ..Filters::default()
    };
    let mut filters = ProjectFilters::new(&filters, docs);
    filters.kinds.remove(&Kind::Place);
    Project {
        corpus: ProjectCorpus {
            seeds: true,
            paths: vec![PathBuf::from("more/articles")],
            embedded: Some(project::embed_corpus(docs)),
        },
        corrections: Corrections::from(vec![
            Correction::Merge {
                from: "US Embassy".into(),
                into: "United States".into(),
            },
            Correction::SetKind {
                entity: "Bucharest Nine".into(),
                kind: Kind::Place,
            },
        ]),
        pinned: [("nato".to_owned(), [1.5, -2.25])].into(),
        positions: [
            ("nato".to_owned(), [1.5, -2.25]),
            ("russia".to_owned(), [0.1, 3e7]),
        ]
        .into(),
        filters,
        camera: Some(Camera {
            center: [10.0, -4.5],
            zoom: 0.75,
            size: [1024.0, 768.0],
        }),
        selection: Some(ProjectSelection::Edge("nato".into(), "russia".into())),
        theme: Theme::Dark,
        ..Project::default()
    }
}

#[test]
fn a_saved_project_loads_equal_and_saves_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("session.newsgraph");
    let project = sample();
    project.save(&path).unwrap();
    let loaded = Project::load(&path).unwrap();
    assert_eq!(loaded, project);
    let first = std::fs::read(&path).unwrap();
    loaded.save(&path).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), first);
    assert!(first.starts_with(b"{\n  \"format\": \"newsgraph-project\",\n  \"version\": 2,"));
    assert_eq!(common::file_names(dir.path()), ["session.newsgraph"]);
}

#[test]
fn a_truncated_file_is_reported_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("cut.newsgraph");
    sample().save(&path).unwrap();
    let whole = std::fs::read(&path).unwrap();
    std::fs::write(&path, &whole[..whole.len() / 2]).unwrap();
    let error = Project::load(&path).unwrap_err();
    let message = error.to_string();
    assert!(message.contains("truncated or corrupt"), "{message}");
    assert!(message.contains("line"), "{message}");
    assert!(
        message.starts_with(&path.display().to_string()),
        "{message}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), &whole[..whole.len() / 2]);
    assert_eq!(common::file_names(dir.path()), ["cut.newsgraph"]);
}

#[test]
fn a_damaged_file_says_where() {
    let text = std::fs::read_to_string(fixture("v1.newsgraph")).unwrap();
    let damaged = text
        .replace("\"version\": 1", "\"version\": 2")
        .replace("\"min_mentions\": 2", "\"min_mentions\": \"two\"");
    let error = Project::from_json(damaged.as_bytes()).unwrap_err();
    assert!(matches!(error, FormatError::Corrupt(_)));
    let message = error.to_string();
    assert!(
        message.starts_with("the project file is corrupt: invalid type"),
        "{message}"
    );
    let line = 1 + damaged[..damaged.find("\"two\"").unwrap()]
        .matches('\n')
        .count();
    assert!(
        message.contains(&format!("at line {line} column")),
        "{message}"
    );
}

#[test]
fn other_files_are_not_projects() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.json");
    std::fs::write(&path, br#"{"documents": [], "entities": []}"#).unwrap();
    let message = Project::load(&path).unwrap_err().to_string();
    assert_eq!(
        message,
        format!("{}: not a newsgraph project", path.display())
    );
    let missing = dir.path().join("missing.newsgraph");
    assert!(matches!(
        Project::load(&missing),
        Err(ProjectError::Read { .. })
    ));
}

#[test]
fn a_newer_version_is_refused_clearly() {
    let text = br#"{"format": "newsgraph-project", "version": 7, "shape": "unknown"}"#;
    let message = Project::from_json(text).unwrap_err().to_string();
    assert_eq!(
        message,
        format!(
            "project version 7 is newer than this newsgraph ({PROJECT_VERSION}); update newsgraph"
        )
    );
}

#[test]
fn a_version_1_file_is_upgraded_without_being_touched() {
    let path = fixture("v1.newsgraph");
    let before = std::fs::read(&path).unwrap();
    let project = Project::load(&path).unwrap();
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert_eq!(project.version, PROJECT_VERSION);
    assert_eq!(
        project.corpus,
        ProjectCorpus {
            seeds: true,
            paths: Vec::new(),
            embedded: None
        }
    );
    assert_eq!(project.corrections.ops.len(), 2);
    assert_eq!(project.pinned["nato"], [120.5, -40.25]);
    assert!(project.positions.is_empty());
    assert_eq!(project.camera, None);
    assert_eq!(
        project.selection,
        Some(ProjectSelection::Entity("nato".into()))
    );
    assert_eq!(project.theme, Theme::Dark);
    let expected: BTreeSet<Kind> = [Kind::Country, Kind::Official, Kind::Organization].into();
    assert_eq!(project.filters.kinds, expected);
    assert_eq!(
        project.filters.excluded_docs,
        ["seeds/004_16c6900c97e56b99.txt".to_owned()].into()
    );
    // On the seeds, the saved path is the fifth document.
    let filters = project.filters.to_filters(&seeds().corpus.documents);
    assert_eq!(filters.excluded_docs, [4].into());
    assert_eq!(
        (filters.window, filters.min_mentions),
        (Window::Paragraph, 2)
    );
    assert!(!filters.shows(Kind::Place) && filters.shows(Kind::Country));
    // The upgraded corrections apply to the seeds.
    let a = seeds();
    let c = corrections::apply(&a.extraction, &a.corpus.documents, &project.corrections);
    assert!(c.unapplied.is_empty());
    assert_eq!(c.hidden.len(), 1);
}

#[test]
fn saving_into_a_missing_folder_fails_and_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("absent/session.newsgraph");
    let error = sample().save(&path).unwrap_err();
    assert!(matches!(error, ProjectError::Write { .. }));
    assert!(error.to_string().starts_with("cannot save "), "{error}");
    assert!(common::file_names(dir.path()).is_empty());
}

#[test]
fn a_failed_save_keeps_the_previous_file() {
    let dir = tempfile::tempdir().unwrap();
    // The target is a folder: the rename at the end fails.
    let folder = dir.path().join("taken.newsgraph");
    std::fs::create_dir(&folder).unwrap();
    assert!(sample().save(&folder).is_err());
    assert!(folder.is_dir() && common::file_names(&folder).is_empty());
    assert_eq!(common::file_names(dir.path()), ["taken.newsgraph"]);
    // The write itself fails half-way: a path JSON cannot hold.
    let path = dir.path().join("session.newsgraph");
    Project::default().save(&path).unwrap();
    let before = std::fs::read(&path).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::ffi::OsStrExt;
        let mut broken = sample();
        let bad = std::ffi::OsStr::from_bytes(b"not-utf8-\xff");
        broken.corpus.paths.push(PathBuf::from(bad));
        assert!(broken.save(&path).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert_eq!(
            common::file_names(dir.path()),
            ["session.newsgraph", "taken.newsgraph"]
        );
    }
    assert_eq!(Project::load(&path).unwrap(), Project::default());
}

#[test]
fn filters_name_documents_by_path() {
    let docs = &seeds().corpus.documents;
    let filters = Filters {
        excluded_docs: [0, 2].into(),
        min_edge_weight: 3,
        ..Filters::default()
    };
    let saved = ProjectFilters::new(&filters, docs);
    assert_eq!(
        saved.excluded_docs,
        [docs[0].path.clone(), docs[2].path.clone()].into()
    );
    assert_eq!(saved.to_filters(docs), filters);
    // The same documents in another order keep their exclusion.
    let reversed: Vec<_> = docs.iter().rev().cloned().collect();
    assert_eq!(saved.to_filters(&reversed).excluded_docs, [2, 4].into());
    assert_eq!(
        ProjectFilters::default().to_filters(docs),
        Filters::default()
    );
}

#[test]
fn an_embedded_corpus_reloads_the_same_documents_and_entities() {
    let a = seeds();
    let embedded = project::embed_corpus(&a.corpus.documents);
    let corpus = project::load_embedded(&embedded, &LoadOptions::default()).unwrap();
    assert_eq!(corpus.documents, a.corpus.documents);
    let again = extract::extract(
        &corpus,
        common::knowledge(),
        RecognizeOptions::default(),
        &(),
    )
    .unwrap();
    assert_eq!(again, a.extraction);
}
