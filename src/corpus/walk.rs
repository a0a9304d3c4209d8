//! Expands the paths a user gives into the list of files to read: folders are
//! walked recursively in name order, following symbolic links but detecting
//! loops; hidden entries inside folders are ignored; files of unsupported
//! types inside folders are listed as skipped.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

use super::{Format, Skipped};

/// The files to read and what was skipped while looking for them.
#[derive(Debug, Default)]
pub struct Walked {
    pub files: Vec<PathBuf>,
    pub skipped: Vec<Skipped>,
}

/// Collects files under `paths`. A file named directly is read whatever its
/// extension (as plain text when unknown); inside folders only supported
/// extensions are read.
pub fn collect(paths: &[PathBuf]) -> Walked {
    let mut walked = Walked::default();
    let mut seen = HashSet::new();
    for path in paths {
        match std::fs::metadata(path) {
            Err(e) => walked.skip(path, format!("cannot read: {e}")),
            Ok(meta) if meta.is_dir() => walk_dir(path, &mut walked, &mut seen),
            Ok(_) => walked.add(path.clone(), &mut seen),
        }
    }
    walked
}

fn walk_dir(dir: &Path, walked: &mut Walked, seen: &mut HashSet<PathBuf>) {
    let entries = WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_hidden(e.file_name()));
    for entry in entries {
        match entry {
            Err(e) => {
                let path = e.path().unwrap_or(dir).to_owned();
                let reason = match e.loop_ancestor() {
                    Some(ancestor) => format!("symbolic link loop back to {}", ancestor.display()),
                    None => format!(
                        "cannot read: {}",
                        e.io_error().map_or(e.to_string(), |io| io.to_string())
                    ),
                };
                walked.skip(&path, reason);
            }
            Ok(entry) if entry.file_type().is_dir() => {}
            Ok(entry) => {
                let path = entry.into_path();
                let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
                if Format::from_extension(ext).is_some() {
                    walked.add(path, seen);
                } else if ext.is_empty() {
                    walked.skip(&path, "unsupported file type (no extension)".into());
                } else {
                    walked.skip(&path, format!("unsupported file type (.{ext})"));
                }
            }
        }
    }
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_str().is_some_and(|n| n.starts_with('.'))
}

impl Walked {
    fn add(&mut self, path: PathBuf, seen: &mut HashSet<PathBuf>) {
        let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.insert(key) {
            self.files.push(path);
        }
    }

    fn skip(&mut self, path: &Path, reason: String) {
        self.skipped.push(Skipped {
            path: path.display().to_string(),
            reason,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_sorted_skips_hidden_unsupported_and_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("sub")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        for name in [
            "b.txt",
            "a.html",
            "sub/c.jsonl",
            ".git/config.txt",
            "photo.jpg",
            "README",
        ] {
            std::fs::write(root.join(name), "x").unwrap();
        }
        let walked = collect(&[
            root.to_owned(),
            root.join("b.txt"),
            root.join("missing.txt"),
        ]);
        let names: Vec<_> = walked
            .files
            .iter()
            .map(|p| p.strip_prefix(root).unwrap().to_str().unwrap().to_owned())
            .collect();
        assert_eq!(names, ["a.html", "b.txt", "sub/c.jsonl"]);
        let reasons: Vec<_> = walked.skipped.iter().map(|s| s.reason.as_str()).collect();
        assert_eq!(reasons.len(), 3, "{reasons:?}");
        assert!(reasons.contains(&"unsupported file type (.jpg)"));
        assert!(reasons.contains(&"unsupported file type (no extension)"));
        assert!(reasons.iter().any(|r| r.starts_with("cannot read:")));
    }

    #[cfg(unix)]
    #[test]
    fn symlink_loops_are_reported_not_followed_forever() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/story.txt"), "x").unwrap();
        std::os::unix::fs::symlink(root, root.join("a/loop")).unwrap();
        let walked = collect(&[root.to_owned()]);
        assert_eq!(walked.files.len(), 1);
        assert!(walked.skipped[0].reason.starts_with("symbolic link loop"));
    }
}
