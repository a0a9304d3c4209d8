//! Loads a corpus: walks files and folders, decodes each file, reads the
//! articles out of it, marks boilerplate and gives every document an id, a
//! title and, where known, a date.
//!
//! Bad input never stops a load: every file or item that cannot be read is
//! listed in [`Corpus::skipped`] with a specific reason.

mod boilerplate;
mod decode;
mod formats;
mod meta;
mod walk;

use std::borrow::Cow;
use std::ops::Range;
use std::path::PathBuf;

use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

pub use boilerplate::BoilerplateRules;
pub use decode::{DecodeError, Encoding, decode};
pub use formats::{Format, collapse_whitespace};
pub use meta::find_date;

use crate::assets::{AssetError, AssetSource};
use crate::progress::{Cancelled, Monitor, Stage, par_map};

/// One article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Document {
    /// Stable id, unique in the corpus (from the file name).
    pub id: String,
    /// Where it came from; `file#N` for the N-th item of a collection file.
    pub path: String,
    pub title: String,
    /// The date as given by the source or found in the text, if any.
    pub date: Option<String>,
    pub url: Option<String>,
    /// The text exactly as decoded; every span is a byte range into it.
    pub text: String,
    /// Byte ranges of boilerplate lines, sorted and disjoint.
    pub boilerplate: Vec<Range<usize>>,
}

impl Document {
    /// Whether the byte `range` overlaps boilerplate.
    pub fn in_boilerplate(&self, range: &Range<usize>) -> bool {
        self.boilerplate
            .iter()
            .any(|b| b.start < range.end && range.start < b.end)
    }
}

/// A file or item that was not loaded, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// Documents in load order plus everything skipped.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Corpus {
    pub documents: Vec<Document>,
    pub skipped: Vec<Skipped>,
}

/// Options for loading.
#[derive(Debug, Clone)]
pub struct LoadOptions {
    /// Files larger than this many bytes are skipped; in collection files
    /// (JSON, JSON Lines, CSV) the limit applies to each article instead.
    pub max_file_bytes: u64,
    /// Collection files larger than this many bytes are skipped.
    pub max_collection_bytes: u64,
    /// Where the boilerplate patterns come from.
    pub assets: AssetSource,
}

/// The largest document text: positions in a document are kept in 32 bits
/// (the graph holds millions of them), whatever the size limits are set to.
pub const MAX_DOCUMENT_BYTES: usize = u32::MAX as usize;

/// The default size limit: 50 MB.
pub const DEFAULT_MAX_FILE_BYTES: u64 = 50 * 1024 * 1024;

/// The default size limit of a collection file (a scraper's dump): 2 GB.
pub const DEFAULT_MAX_COLLECTION_BYTES: u64 = 2 * 1024 * 1024 * 1024;

impl Default for LoadOptions {
    fn default() -> Self {
        LoadOptions {
            max_file_bytes: DEFAULT_MAX_FILE_BYTES,
            max_collection_bytes: DEFAULT_MAX_COLLECTION_BYTES,
            assets: AssetSource::Embedded,
        }
    }
}

/// A failure that stops a whole load (bad input never does).
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error(transparent)]
    Assets(#[from] AssetError),
    #[error(transparent)]
    Cancelled(#[from] Cancelled),
}

/// A file's name and bytes, for loading from memory (the embedded seeds).
#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// Loads every supported file under `paths` (files or folders, recursively).
pub fn load_paths(
    paths: &[PathBuf],
    options: &LoadOptions,
    monitor: &dyn Monitor,
) -> Result<Corpus, LoadError> {
    let walked = walk::collect(paths);
    let results = par_map(&walked.files, Stage::Loading, monitor, |path| {
        read_file(path, options)
    })?;
    assemble(results, walked.skipped, options)
}

/// Loads documents from in-memory files, as if read from disk.
pub fn load_sources(sources: &[Source], options: &LoadOptions) -> Result<Corpus, LoadError> {
    let results = sources
        .iter()
        .map(|s| {
            parse_bytes(
                &s.path,
                Cow::Borrowed(&s.bytes),
                format_of(&s.path),
                options.max_file_bytes,
            )
        })
        .collect();
    assemble(results, Vec::new(), options)
}

/// Articles read from one file, or why the file was skipped.
type FileResult = Result<FileArticles, Skipped>;

struct FileArticles {
    path: String,
    format: Format,
    articles: Vec<formats::RawArticle>,
    item_errors: Vec<formats::ItemError>,
}

fn format_of(path: &str) -> Format {
    std::path::Path::new(path)
        .extension()
        .and_then(|e| e.to_str())
        .and_then(Format::from_extension)
        .unwrap_or(Format::Text)
}

fn read_file(path: &std::path::Path, options: &LoadOptions) -> FileResult {
    let name = path.display().to_string();
    let format = format_of(&name);
    let max_bytes = if format.is_collection() {
        options.max_collection_bytes
    } else {
        options.max_file_bytes
    };
    let skip = |reason: String| Skipped {
        path: name.clone(),
        reason,
    };
    let size = std::fs::metadata(path)
        .map_err(|e| skip(format!("cannot read: {e}")))?
        .len();
    if size > max_bytes {
        return Err(skip(format!(
            "too large: {} (limit {})",
            human_size(size),
            human_size(max_bytes)
        )));
    }
    let bytes = read_whole(path).map_err(|e| skip(format!("cannot read: {e}")))?;
    parse_bytes(&name, Cow::Owned(bytes), format, options.max_file_bytes)
}

/// Files at least this large are read in pieces on several threads.
const PARALLEL_READ_BYTES: u64 = 16 << 20;

/// Reads a whole file. A large one is read in pieces on all threads: on one
/// thread, copying out of the page cache into fresh memory runs at about
/// half a gigabyte a second, which would leave the other cores idle at the
/// start of a large load.
fn read_whole(path: &std::path::Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    let mut bytes = if len >= PARALLEL_READ_BYTES {
        read_in_pieces(&file, len)?
    } else {
        Vec::new()
    };
    // The rest: all of a small file, and whatever a large one grew by.
    file.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// The first `len` bytes of `file`, read in pieces in parallel; `file`'s
/// position is left after them.
#[cfg(unix)]
fn read_in_pieces(mut file: &std::fs::File, len: u64) -> std::io::Result<Vec<u8>> {
    use std::io::{Seek, SeekFrom};
    use std::os::unix::fs::FileExt;
    const PIECE: usize = 4 << 20;
    let size = usize::try_from(len).map_err(std::io::Error::other)?;
    let mut bytes = vec![0; size];
    bytes
        .par_chunks_mut(PIECE)
        .enumerate()
        .try_for_each(|(i, piece)| file.read_exact_at(piece, (i * PIECE) as u64))?;
    file.seek(SeekFrom::Start(len))?;
    Ok(bytes)
}

/// Elsewhere a large file is read in one piece like any other.
#[cfg(not(unix))]
fn read_in_pieces(_: &std::fs::File, _: u64) -> std::io::Result<Vec<u8>> {
    Ok(Vec::new())
}

/// Parses a file's bytes; articles of a collection longer than
/// `max_article_bytes` are skipped items.
fn parse_bytes(path: &str, bytes: Cow<[u8]>, format: Format, max_article_bytes: u64) -> FileResult {
    let skip = |reason: String| Skipped {
        path: path.to_owned(),
        reason,
    };
    let (text, _) = decode(bytes).map_err(|e| skip(e.to_string()))?;
    let mut parsed = formats::parse(format, &text).map_err(skip)?;
    drop(text);
    // Articles of a collection have their own limit; no document may
    // reach the size positions are kept in.
    let limit = if format.is_collection() {
        max_article_bytes.min(MAX_DOCUMENT_BYTES as u64)
    } else {
        MAX_DOCUMENT_BYTES as u64
    };
    skip_large_articles(&mut parsed, limit);
    if parsed.articles.is_empty() && parsed.errors.is_empty() {
        return Err(skip("no articles found".into()));
    }
    Ok(FileArticles {
        path: path.to_owned(),
        format,
        articles: parsed.articles,
        item_errors: parsed.errors,
    })
}

/// Moves the articles longer than `max_bytes` to the item errors.
fn skip_large_articles(parsed: &mut formats::Parsed, max_bytes: u64) {
    let (large, kept): (Vec<_>, Vec<_>) = std::mem::take(&mut parsed.articles)
        .into_iter()
        .partition(|a| a.text.len() as u64 > max_bytes);
    parsed.articles = kept;
    parsed
        .errors
        .extend(large.into_iter().map(|a| formats::ItemError {
            item: a.item.unwrap_or(0),
            reason: format!(
                "article too large: {} (limit {})",
                human_size(a.text.len() as u64),
                human_size(max_bytes)
            ),
        }));
    parsed.errors.sort_by_key(|e| e.item);
}

/// Formats a byte count for messages: "62.3 MB".
pub fn human_size(bytes: u64) -> String {
    const MB: f64 = 1024.0 * 1024.0;
    if bytes as f64 >= MB {
        format!("{:.1} MB", bytes as f64 / MB)
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}

/// Turns per-file results into documents: ids, boilerplate, titles, dates.
fn assemble(
    results: Vec<FileResult>,
    mut skipped: Vec<Skipped>,
    options: &LoadOptions,
) -> Result<Corpus, LoadError> {
    let rules = BoilerplateRules::load(&options.assets)?;
    let mut ids = IdAllocator::default();
    let mut documents = Vec::new();
    for result in results {
        let file = match result {
            Ok(file) => file,
            Err(s) => {
                skipped.push(s);
                continue;
            }
        };
        for error in file.item_errors {
            skipped.push(Skipped {
                path: format!("{}#{}", file.path, error.item),
                reason: error.reason,
            });
        }
        let collection = file.format.is_collection();
        for article in file.articles {
            let (path, id) = match article.item.filter(|_| collection) {
                Some(item) => (
                    format!("{}#{item}", file.path),
                    ids.allocate(&format!("{}-{item}", meta::file_stem(&file.path))),
                ),
                None => (file.path.clone(), ids.allocate(meta::file_stem(&file.path))),
            };
            documents.push(Document {
                id,
                path,
                title: article.title.unwrap_or_default(),
                date: article.date,
                url: article.url,
                text: article.text,
                boilerplate: Vec::new(),
            });
        }
    }
    finish_documents(&mut documents, &rules);
    Ok(Corpus { documents, skipped })
}

/// A corpus of documents read earlier (the texts a project file embeds):
/// boilerplate is marked afresh, titles and dates filled in where missing.
pub fn from_documents(
    mut documents: Vec<Document>,
    options: &LoadOptions,
) -> Result<Corpus, LoadError> {
    let rules = BoilerplateRules::load(&options.assets)?;
    finish_documents(&mut documents, &rules);
    Ok(Corpus {
        documents,
        skipped: Vec::new(),
    })
}

/// Marks the boilerplate of a whole corpus and gives every document a title
/// and, when the text states one, a date.
fn finish_documents(documents: &mut [Document], rules: &BoilerplateRules) {
    let texts: Vec<&str> = documents.iter().map(|d| d.text.as_str()).collect();
    let marks = boilerplate::mark(&texts, rules);
    documents
        .par_iter_mut()
        .zip(marks)
        .for_each(|(doc, marked)| {
            doc.boilerplate = marked;
            meta::fill_title_and_date(doc);
        });
}

/// Hands out unique document ids derived from file names: the second
/// "story" becomes "story-2", the third "story-3".
#[derive(Default)]
struct IdAllocator {
    used: FxHashSet<String>,
    next_suffix: FxHashMap<String, usize>,
}

impl IdAllocator {
    fn allocate(&mut self, base: &str) -> String {
        let base = crate::slug(base);
        let mut id = base.clone();
        while !self.used.insert(id.clone()) {
            let n = self.next_suffix.entry(base.clone()).or_insert(2);
            id = format!("{base}-{n}");
            *n += 1;
        }
        id
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_large_file_read_in_pieces_is_read_whole() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("large.jsonl");
        // Not a whole number of pieces, and no piece like the next.
        let len = PARALLEL_READ_BYTES as usize + 12_345;
        let bytes: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
        std::fs::write(&path, &bytes).unwrap();
        assert!(read_whole(&path).unwrap() == bytes);
        let small = dir.path().join("small.txt");
        std::fs::write(&small, b"Small file.").unwrap();
        assert_eq!(read_whole(&small).unwrap(), b"Small file.");
    }

    fn source(path: &str, text: &str) -> Source {
        Source {
            path: path.into(),
            bytes: text.as_bytes().to_vec(),
        }
    }

    #[test]
    fn ids_are_unique_and_collections_number_their_items() {
        let corpus = load_sources(
            &[
                source("a/story.txt", "Title\n\nBody."),
                source("b/story.txt", "Other\n\nBody."),
                source("feed.jsonl", "{\"text\":\"x\"}\n{\"text\":\"y\"}\nbad\n"),
            ],
            &LoadOptions::default(),
        )
        .unwrap();
        let ids: Vec<_> = corpus.documents.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["story", "story-2", "feed-1", "feed-2"]);
        assert_eq!(corpus.documents[3].path, "feed.jsonl#2");
        assert_eq!(
            corpus.skipped,
            [Skipped {
                path: "feed.jsonl#3".into(),
                reason: "invalid JSON: expected value at line 1 column 1".into()
            }]
        );
    }

    #[test]
    fn undecodable_sources_are_skipped_with_reasons() {
        let corpus = load_sources(
            &[
                source("empty.txt", ""),
                Source {
                    path: "scan.pdf".into(),
                    bytes: b"%PDF-1.4 binary".to_vec(),
                },
                source("broken.json", "{\"text\": "),
                source("ok.md", "# Heading\n\nText."),
            ],
            &LoadOptions::default(),
        )
        .unwrap();
        assert_eq!(corpus.documents.len(), 1);
        assert_eq!(corpus.documents[0].title, "Heading");
        let reasons: Vec<_> = corpus.skipped.iter().map(|s| s.reason.as_str()).collect();
        assert_eq!(reasons[0], "empty file");
        assert_eq!(reasons[1], "binary file (PDF document)");
        assert!(reasons[2].starts_with("invalid JSON"), "{}", reasons[2]);
    }
}
