//! The reference data in `assets/` (gazetteers, rule word lists, the verb
//! lexicon): embedded in the binary, optionally replaced by a folder the user
//! points to, and parsed from its two plain-text formats.
//!
//! * List files (`.txt`): one entry per line; `#` starts a comment line.
//! * Table files (`.tsv`): comment lines, then a header line of tab-separated
//!   column names, then one entry per line. A cell may hold several values
//!   separated by `|`.

use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// A problem with a reference data file.
#[derive(Debug, thiserror::Error)]
pub enum AssetError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{name}: no header line")]
    NoHeader { name: String },
    #[error("{name} line {line}: {count} cells, the header has {expected}")]
    CellCount {
        name: String,
        line: usize,
        count: usize,
        expected: usize,
    },
    #[error("{name}: missing column `{column}`")]
    MissingColumn { name: String, column: String },
    #[error("unknown asset {0}")]
    Unknown(String),
}

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../assets/", $name)))),*]
    };
}

/// Every text asset, by its path under `assets/`.
const EMBEDDED: &[(&str, &str)] = embedded![
    "gazetteer/countries.tsv",
    "gazetteer/places.tsv",
    "gazetteer/organizations.tsv",
    "gazetteer/officials.tsv",
    "rules/titles.tsv",
    "rules/title_modifiers.txt",
    "rules/honorifics.txt",
    "rules/org_heads.txt",
    "rules/given_names.txt",
    "rules/family_name_first.txt",
    "rules/name_particles.txt",
    "rules/abbreviations.txt",
    "rules/boilerplate.tsv",
    "rules/locatives.txt",
    "rules/function_words.txt",
    "lexicon/verbs.tsv",
    "lexicon/cues.tsv",
];

/// Where reference data is read from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum AssetSource {
    /// The copies built into the binary.
    #[default]
    Embedded,
    /// A folder laid out like `assets/`; files missing from it fall back to
    /// the embedded copies.
    Dir(PathBuf),
}

impl AssetSource {
    /// The text of the asset at `name` (a path under `assets/`).
    pub fn read(&self, name: &str) -> Result<Cow<'static, str>, AssetError> {
        if let AssetSource::Dir(dir) = self {
            let path = dir.join(name);
            if path.exists() {
                return std::fs::read_to_string(&path)
                    .map(Cow::Owned)
                    .map_err(|source| AssetError::Read { path, source });
            }
        }
        EMBEDDED
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, text)| Cow::Borrowed(*text))
            .ok_or_else(|| AssetError::Unknown(name.to_owned()))
    }

    /// The entries of a list file.
    pub fn list(&self, name: &str) -> Result<Vec<String>, AssetError> {
        Ok(parse_list(&self.read(name)?))
    }

    /// The rows of a table file.
    pub fn table(&self, name: &str) -> Result<Table, AssetError> {
        Table::parse(name, &self.read(name)?)
    }
}

/// The entries of a list file: trimmed non-empty lines that are not comments.
pub fn parse_list(text: &str) -> Vec<String> {
    content_lines(text)
        .map(|(_, l)| l.trim().to_owned())
        .collect()
}

fn content_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
}

/// A parsed table file.
#[derive(Debug, Clone)]
pub struct Table {
    name: String,
    columns: Vec<String>,
    rows: Vec<(usize, Vec<String>)>,
}

impl Table {
    /// Parses a table file; `name` is used in error messages.
    pub fn parse(name: &str, text: &str) -> Result<Table, AssetError> {
        let mut lines = content_lines(text);
        let (_, header) = lines.next().ok_or_else(|| AssetError::NoHeader {
            name: name.to_owned(),
        })?;
        let columns: Vec<String> = header.split('\t').map(|c| c.trim().to_owned()).collect();
        let mut rows = Vec::new();
        for (line, text) in lines {
            let cells: Vec<String> = text.split('\t').map(|c| c.trim().to_owned()).collect();
            if cells.len() > columns.len() {
                return Err(AssetError::CellCount {
                    name: name.to_owned(),
                    line,
                    count: cells.len(),
                    expected: columns.len(),
                });
            }
            rows.push((line, cells));
        }
        Ok(Table {
            name: name.to_owned(),
            columns,
            rows,
        })
    }

    /// The index of `column`, or an error naming the file.
    pub fn column(&self, column: &str) -> Result<usize, AssetError> {
        self.columns
            .iter()
            .position(|c| c == column)
            .ok_or_else(|| AssetError::MissingColumn {
                name: self.name.clone(),
                column: column.to_owned(),
            })
    }

    /// The index of `column` if the table has it.
    pub fn optional_column(&self, column: &str) -> Option<usize> {
        self.columns.iter().position(|c| c == column)
    }

    /// The rows, each as a line number and a cell accessor.
    pub fn rows(&self) -> impl Iterator<Item = Row<'_>> {
        self.rows
            .iter()
            .map(|(line, cells)| Row { line: *line, cells })
    }

    /// The file's name, for messages.
    pub fn name(&self) -> &str {
        &self.name
    }
}

/// One row of a table.
#[derive(Debug, Clone, Copy)]
pub struct Row<'a> {
    pub line: usize,
    cells: &'a [String],
}

impl<'a> Row<'a> {
    /// The cell in column `index` (empty when the row is short).
    pub fn cell(&self, index: usize) -> &'a str {
        self.cells.get(index).map_or("", String::as_str)
    }

    /// The `|`-separated values of the cell in column `index`.
    pub fn values(&self, index: usize) -> impl Iterator<Item = &'a str> {
        self.cell(index)
            .split('|')
            .map(str::trim)
            .filter(|v| !v.is_empty())
    }
}

/// Whether `path` looks like an assets folder (used to validate `--assets`).
pub fn is_assets_dir(path: &Path) -> bool {
    ["gazetteer", "rules", "lexicon"]
        .iter()
        .any(|folder| path.join(folder).is_dir())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_parse_header_cells_and_values() {
        let t = Table::parse("t.tsv", "# note\n\nname\taliases\nA\tB|C\nD\n").unwrap();
        let rows: Vec<_> = t.rows().collect();
        assert_eq!(rows.len(), 2);
        let aliases = t.column("aliases").unwrap();
        assert_eq!(rows[0].values(aliases).collect::<Vec<_>>(), ["B", "C"]);
        assert_eq!(rows[1].cell(aliases), "");
        assert_eq!(rows[1].line, 5);
        assert!(t.column("kind").is_err());
        assert!(Table::parse("t.tsv", "a\tb\n1\t2\t3\n").is_err());
        assert!(Table::parse("t.tsv", "# only\n").is_err());
    }

    #[test]
    fn every_embedded_asset_parses() {
        for (name, text) in EMBEDDED {
            if name.ends_with(".tsv") {
                Table::parse(name, text).unwrap();
            } else {
                assert!(!parse_list(text).is_empty(), "{name} is empty");
            }
        }
    }

    #[test]
    fn a_folder_overrides_embedded_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("rules")).unwrap();
        std::fs::write(dir.path().join("rules/locatives.txt"), "# mine\nbeside\n").unwrap();
        let source = AssetSource::Dir(dir.path().to_owned());
        assert_eq!(source.list("rules/locatives.txt").unwrap(), ["beside"]);
        assert!(source.list("rules/abbreviations.txt").unwrap().len() > 10);
        assert!(is_assets_dir(dir.path()));
    }
}
