//! Writes what the engine produced: the `extract` JSON report, pictures of
//! the graph (SVG, PNG) and graph files for other tools (GraphML, GEXF,
//! node-link JSON, CSV tables).
//!
//! [`export`] is the one entry point: it takes the filtered [`GraphView`]
//! with its layout positions, so an export shows what the app shows. Every
//! file is written atomically: to a temporary file in the same folder,
//! synced, then renamed over the target, so a failed export never leaves a
//! half-written file. A target that is not a regular file (`/dev/null`, a
//! named pipe) is written into directly instead of being replaced.

mod csv;
mod gexf;
mod graphml;
pub mod json;
mod nodelink;
pub mod png;
pub mod svg;
mod table;
mod xml;

use std::io::{BufWriter, Write};
use std::path::{MAIN_SEPARATOR, Path, PathBuf};

use tempfile::NamedTempFile;

use crate::graph::view::GraphView;
use crate::pipeline::Analysis;
use crate::scene::{Scene, Style, Theme};

/// What an export writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// A picture of the graph as SVG, with real text.
    Svg,
    /// The same picture rasterised.
    Png,
    /// GraphML (Cytoscape, yEd, networkx).
    GraphMl,
    /// GEXF 1.3 with positions, sizes and colours (Gephi).
    Gexf,
    /// The `extract` report of the entities and edges shown.
    Json,
    /// networkx node-link JSON (`node_link_graph(data, edges="links")`).
    NodeLink,
    /// Two tables: nodes and edges.
    Csv,
}

impl Format {
    /// The format `path` asks for, by its extension: `.svg`, `.png`,
    /// `.graphml`, `.gexf`, `.json` (the `extract` report; node-link JSON is
    /// only ever chosen explicitly) or `.csv`. A folder (one that exists, or
    /// a path ending in `/`) means CSV tables inside it.
    pub fn from_path(path: &Path) -> Result<Format, ExportError> {
        if names_folder(path) {
            return Ok(Format::Csv);
        }
        let extension = path
            .extension()
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match extension.as_deref() {
            Some("svg") => Ok(Format::Svg),
            Some("png") => Ok(Format::Png),
            Some("graphml") => Ok(Format::GraphMl),
            Some("gexf") => Ok(Format::Gexf),
            Some("json") => Ok(Format::Json),
            Some("csv") => Ok(Format::Csv),
            _ => Err(ExportError::UnknownFormat {
                path: path.to_owned(),
            }),
        }
    }
}

/// Whether `path` names a folder: it exists as one, or ends with a separator.
fn names_folder(path: &Path) -> bool {
    let text = path.as_os_str().to_string_lossy();
    path.is_dir() || text.ends_with('/') || text.ends_with(MAIN_SEPARATOR)
}

/// How a picture is drawn; graph files take their node colours from `theme`
/// and their graph name from `title`.
#[derive(Debug, Clone, PartialEq)]
pub struct ImageOptions {
    /// Size in SVG user units (CSS pixels).
    pub width: u32,
    pub height: u32,
    /// Pixels per unit: 1920×1080 at scale 2 is a 3840×2160 image.
    pub scale: f32,
    pub theme: Theme,
    /// Leave the background out.
    pub transparent: bool,
    /// Drawn at the top of pictures.
    pub title: Option<String>,
}

impl Default for ImageOptions {
    fn default() -> Self {
        ImageOptions {
            width: 1920,
            height: 1080,
            scale: 1.0,
            theme: Theme::Light,
            transparent: false,
            title: None,
        }
    }
}

/// Largest side of an image, in pixels.
const MAX_SIDE: u32 = 16_384;
/// Largest image, in pixels (512 MiB of RGBA).
const MAX_PIXELS: u64 = 1 << 27;

impl ImageOptions {
    /// The image size in pixels: width × scale by height × scale.
    pub fn pixel_size(&self) -> Result<[u32; 2], ExportError> {
        let scaled = |side: u32| (side as f32 * self.scale).round();
        let [w, h] = [scaled(self.width), scaled(self.height)];
        let valid = self.scale.is_finite() && w >= 1.0 && h >= 1.0;
        if !valid || w > MAX_SIDE as f32 || h > MAX_SIDE as f32 {
            return Err(ExportError::ImageSize(format!(
                "{}×{} at scale {} is not between 1 and {MAX_SIDE} pixels a side",
                self.width, self.height, self.scale
            )));
        }
        let [w, h] = [w as u32, h as u32];
        if u64::from(w) * u64::from(h) > MAX_PIXELS {
            return Err(ExportError::ImageSize(format!(
                "{w}×{h} pixels is more than {MAX_PIXELS}"
            )));
        }
        Ok([w, h])
    }
}

/// Everything an export needs.
#[derive(Clone, Copy)]
pub struct ExportInput<'a> {
    pub analysis: &'a Analysis,
    /// The graph as filtered.
    pub view: &'a GraphView,
    /// World position of each view node (the layout's positions).
    pub positions: &'a [[f32; 2]],
    pub options: &'a ImageOptions,
}

impl ExportInput<'_> {
    /// Checks that there is one finite position per view node.
    fn check(&self) -> Result<(), ExportError> {
        let finite = self.positions.iter().flatten().all(|v| v.is_finite());
        if self.positions.len() != self.view.nodes.len() || !finite {
            return Err(ExportError::Positions {
                positions: self.positions.len(),
                nodes: self.view.nodes.len(),
            });
        }
        Ok(())
    }
}

/// Why an export failed.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error(
        "cannot tell the format of {}: use .svg, .png, .graphml, .gexf, .json or .csv",
        path.display()
    )]
    UnknownFormat { path: PathBuf },
    #[error("{} is not a picture: use .svg or .png", path.display())]
    NotAPicture { path: PathBuf },
    #[error("{} is a folder, not a file name", path.display())]
    IsFolder { path: PathBuf },
    #[error("folder {} does not exist", path.display())]
    NoFolder { path: PathBuf },
    #[error("bad image size: {0}")]
    ImageSize(String),
    #[error(
        "the layout does not fit the graph: {nodes} finite positions needed, {positions} given"
    )]
    Positions { positions: usize, nodes: usize },
    #[error("cannot draw the image: {0}")]
    Render(String),
    #[error("cannot write {}: {cause}", path.display())]
    Write {
        path: PathBuf,
        cause: std::io::Error,
    },
}

/// Writes `input` to `path` as `format` and returns the files written (two
/// for CSV: see [`output_paths`]). Nothing is written unless everything
/// could be rendered.
pub fn export(
    path: &Path,
    format: Format,
    input: &ExportInput,
) -> Result<Vec<PathBuf>, ExportError> {
    let targets = output_paths(path, format)?;
    let contents = render(format, input)?;
    let files: Vec<(PathBuf, Vec<u8>)> = targets.iter().cloned().zip(contents).collect();
    write_files_atomic(&files)?;
    Ok(targets)
}

/// Writes a picture of `scene` (built at `options.width` ×
/// `options.height`: the app's current view, say) to `path` as SVG or PNG.
pub fn export_scene(
    path: &Path,
    format: Format,
    scene: &Scene,
    style: &Style,
    options: &ImageOptions,
) -> Result<PathBuf, ExportError> {
    output_paths(path, format)?;
    let svg = svg::scene_svg(scene, style, options)?;
    let bytes = match format {
        Format::Svg => svg.into_bytes(),
        Format::Png => png::svg_to_png(&svg)?,
        _ => {
            return Err(ExportError::NotAPicture {
                path: path.to_owned(),
            });
        }
    };
    write_files_atomic(&[(path.to_owned(), bytes)])?;
    Ok(path.to_owned())
}

/// The files an export to `path` writes. CSV writes two tables: into a
/// folder, `nodes.csv` and `edges.csv`; for `graph.csv`, `graph.nodes.csv`
/// and `graph.edges.csv`. Fails if the folder is missing or `path` is a
/// folder where a file is needed.
pub fn output_paths(path: &Path, format: Format) -> Result<Vec<PathBuf>, ExportError> {
    let tables =
        |dir: &Path, prefix: &str| ["nodes", "edges"].map(|t| dir.join(format!("{prefix}{t}.csv")));
    let paths = match format {
        Format::Csv if names_folder(path) => tables(path, "").to_vec(),
        Format::Csv => {
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            tables(parent(path), &format!("{stem}.")).to_vec()
        }
        _ => vec![path.to_owned()],
    };
    for p in &paths {
        if p.is_dir() {
            return Err(ExportError::IsFolder { path: p.clone() });
        }
        if !parent(p).is_dir() {
            return Err(ExportError::NoFolder {
                path: parent(p).to_owned(),
            });
        }
    }
    Ok(paths)
}

/// The folder a file goes into ("." for a bare file name).
fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// The contents of each file of an export, in the order of [`output_paths`].
pub fn render(format: Format, input: &ExportInput) -> Result<Vec<Vec<u8>>, ExportError> {
    input.check()?;
    Ok(match format {
        Format::Svg => vec![svg::graph_svg(input)?.into_bytes()],
        Format::Png => vec![png::graph_png(input)?],
        Format::GraphMl => vec![graphml::graphml(input)?],
        Format::Gexf => vec![gexf::gexf(input)?],
        Format::Json => vec![json::view_json(input)?],
        Format::NodeLink => vec![nodelink::node_link(input)?],
        Format::Csv => csv::tables(input)?.to_vec(),
    })
}

/// Writes a file atomically with `write`, which receives a buffered writer.
pub fn write_atomic(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    prepare(path, write)?.commit()
}

/// Writes several files: all are written and synced to temporary files
/// first, then renamed into place.
fn write_files_atomic(files: &[(PathBuf, Vec<u8>)]) -> Result<(), ExportError> {
    let failed = |path: &Path| {
        let path = path.to_owned();
        move |cause| ExportError::Write { path, cause }
    };
    let mut prepared = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        prepared.push(prepare(path, |w| w.write_all(bytes)).map_err(failed(path))?);
    }
    for ((path, _), written) in files.iter().zip(prepared) {
        written.commit().map_err(failed(path))?;
    }
    Ok(())
}

/// How a file is put in place.
#[derive(Debug, PartialEq, Eq)]
enum Destination {
    /// A regular file, new or existing, at this path (symbolic links
    /// followed, so a link stays a link): replaced by renaming a temporary
    /// file onto it.
    File(PathBuf),
    /// Something that exists and is not a regular file (a device such as
    /// `/dev/null`, a named pipe): written straight into, because renaming
    /// onto it would replace the device itself.
    Special,
}

impl Destination {
    fn of(path: &Path) -> Self {
        match std::fs::metadata(path) {
            Ok(meta) if !meta.is_file() => Self::Special,
            Ok(_) => Self::File(std::fs::canonicalize(path).unwrap_or_else(|_| path.to_owned())),
            Err(_) => Self::File(path.to_owned()),
        }
    }
}

/// A file whose contents are written, waiting to be put in place.
enum Prepared {
    /// A synced temporary file, to be renamed onto `path`.
    Staged { temp: NamedTempFile, path: PathBuf },
    /// Already written into its special destination.
    Done,
}

impl Prepared {
    fn commit(self) -> std::io::Result<()> {
        match self {
            Self::Staged { temp, path } => temp.persist(path).map(drop).map_err(|e| e.error),
            Self::Done => Ok(()),
        }
    }
}

/// Writes what `write` writes to where `path` leads: a synced temporary file
/// next to a regular file, or straight into a special file.
fn prepare(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<Prepared> {
    match Destination::of(path) {
        Destination::File(path) => Ok(Prepared::Staged {
            temp: stage(&path, write)?,
            path,
        }),
        Destination::Special => {
            let file = std::fs::OpenOptions::new().write(true).open(path)?;
            write_buffered(&file, write)?;
            Ok(Prepared::Done)
        }
    }
}

/// A synced temporary file next to `path` holding what `write` wrote.
fn stage(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<NamedTempFile> {
    let mut builder = tempfile::Builder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        // Read-write for everyone less the umask, like any new file.
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let temp = builder.tempfile_in(parent(path))?;
    write_buffered(temp.as_file(), write)?;
    temp.as_file().sync_all()?;
    Ok(temp)
}

/// Runs `write` on a buffered writer into `file` and flushes it.
fn write_buffered(
    file: &std::fs::File,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut out = BufWriter::new(file);
    write(&mut out)?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_failed_write_keeps_the_old_file_and_leaves_no_temp() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.json");
        write_atomic(&path, |w| w.write_all(b"old")).unwrap();
        let failed = write_atomic(&path, |w| {
            w.write_all(b"half")?;
            Err(std::io::Error::other("disk full"))
        });
        assert_eq!(failed.unwrap_err().to_string(), "disk full");
        assert_eq!(std::fs::read(&path).unwrap(), b"old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
        write_atomic(&path, |w| w.write_all(b"new")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"new");
    }

    #[cfg(unix)]
    #[test]
    fn a_link_stays_a_link_and_its_target_gets_the_new_contents() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        std::fs::write(&target, b"old").unwrap();
        std::os::unix::fs::symlink(&target, &link).unwrap();
        write_atomic(&link, |w| w.write_all(b"new")).unwrap();
        assert!(link.symlink_metadata().unwrap().file_type().is_symlink());
        assert_eq!(std::fs::read(&target).unwrap(), b"new");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_written_into_not_replaced() {
        use std::os::unix::fs::FileTypeExt;
        let null = Path::new("/dev/null");
        // Checked first, so that a wrong answer never gets to replace it.
        assert_eq!(Destination::of(null), Destination::Special);
        write_atomic(null, |w| w.write_all(b"gone")).unwrap();
        let kind = null.metadata().unwrap().file_type();
        assert!(kind.is_char_device(), "{kind:?}");
        let dir = tempfile::tempdir().unwrap();
        let new = dir.path().join("new.json");
        assert_eq!(Destination::of(&new), Destination::File(new.clone()));
    }

    #[test]
    fn formats_come_from_extensions_and_folders() {
        let dir = tempfile::tempdir().unwrap();
        let of = |p: &str| Format::from_path(Path::new(p)).ok();
        assert_eq!(of("a/graph.PNG"), Some(Format::Png));
        assert_eq!(of("graph.svg"), Some(Format::Svg));
        assert_eq!(of("graph.graphml"), Some(Format::GraphMl));
        assert_eq!(of("graph.gexf"), Some(Format::Gexf));
        assert_eq!(of("graph.json"), Some(Format::Json));
        assert_eq!(of("graph.csv"), Some(Format::Csv));
        assert_eq!(of("tables/"), Some(Format::Csv));
        assert_eq!(Format::from_path(dir.path()).ok(), Some(Format::Csv));
        let unknown = Format::from_path(Path::new("graph.pdf")).unwrap_err();
        assert!(unknown.to_string().contains("graph.pdf"), "{unknown}");
        assert!(of("graph").is_none());
    }

    #[test]
    fn csv_goes_to_two_files() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("graph.csv");
        assert_eq!(
            output_paths(&file, Format::Csv).unwrap(),
            [
                dir.path().join("graph.nodes.csv"),
                dir.path().join("graph.edges.csv")
            ]
        );
        assert_eq!(
            output_paths(dir.path(), Format::Csv).unwrap(),
            [dir.path().join("nodes.csv"), dir.path().join("edges.csv")]
        );
        assert!(matches!(
            output_paths(dir.path(), Format::Png),
            Err(ExportError::IsFolder { .. })
        ));
        assert!(matches!(
            output_paths(&dir.path().join("no/graph.png"), Format::Png),
            Err(ExportError::NoFolder { .. })
        ));
    }

    #[test]
    fn a_scene_is_written_as_a_picture_only() {
        let dir = tempfile::tempdir().unwrap();
        let scene = Scene {
            size: [200.0, 100.0],
            ..Scene::default()
        };
        let style = Style::new(Theme::Dark);
        let options = ImageOptions {
            width: 200,
            height: 100,
            ..ImageOptions::default()
        };
        let svg = dir.path().join("view.svg");
        let written = export_scene(&svg, Format::Svg, &scene, &style, &options).unwrap();
        assert_eq!(written, svg);
        let text = std::fs::read_to_string(&svg).unwrap();
        assert!(text.contains(&style.palette.background.hex()), "{text}");
        let graphml = dir.path().join("view.graphml");
        let refused = export_scene(&graphml, Format::GraphMl, &scene, &style, &options);
        assert!(matches!(refused, Err(ExportError::NotAPicture { .. })));
        assert!(!graphml.exists());
    }

    #[test]
    fn image_sizes_are_checked() {
        let size = |width, height, scale| {
            ImageOptions {
                width,
                height,
                scale,
                ..ImageOptions::default()
            }
            .pixel_size()
        };
        assert_eq!(size(1920, 1080, 2.0).unwrap(), [3840, 2160]);
        assert_eq!(size(1000, 500, 1.5).unwrap(), [1500, 750]);
        assert!(size(0, 100, 1.0).is_err());
        assert!(size(100, 100, f32::NAN).is_err());
        assert!(size(100, 100, -1.0).is_err());
        assert!(size(16_000, 16_000, 1.0).is_err());
    }
}
