//! The headless commands behind `newsgraph`'s subcommands. Errors here are
//! `anyhow` errors: `main` prints them as one line and exits non-zero.

mod stats;

pub use stats::{StatsOptions, path, path_text, stats, stats_text};

use std::io::Write;
use std::mem::ManuallyDrop;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

use crate::assets::{AssetSource, is_assets_dir};
use crate::corpus::{self, Corpus, LoadOptions};
use crate::export::{self, ExportInput, Format, ImageOptions, json};
use crate::extract::{Knowledge, RecognizeOptions};
use crate::graph::Window;
use crate::graph::view::{Filters, GraphView};
use crate::pipeline::{Analysis, Settings};

/// Options shared by every command that reads a corpus.
#[derive(Debug, Clone, Default)]
pub struct Input {
    /// Files and folders; none means the embedded seeds.
    pub paths: Vec<PathBuf>,
    /// A folder laid out like `assets/` replacing the built-in reference data.
    pub assets: Option<PathBuf>,
    /// Extra gazetteer tables (columns kind, name, aliases).
    pub gazetteers: Vec<PathBuf>,
    /// Files larger than this are skipped.
    pub max_file_mb: Option<u64>,
    pub window: Window,
    /// Do not count demonyms ("Russian") as mentions of their country.
    pub no_demonyms: bool,
}

impl Input {
    fn asset_source(&self) -> anyhow::Result<AssetSource> {
        match &self.assets {
            None => Ok(AssetSource::Embedded),
            Some(dir) if is_assets_dir(dir) => Ok(AssetSource::Dir(dir.clone())),
            Some(dir) => bail!(
                "{} is not an assets folder (no gazetteer/, rules/ or lexicon/ inside)",
                dir.display()
            ),
        }
    }

    fn settings(&self) -> Settings {
        Settings {
            recognize: RecognizeOptions {
                demonyms: !self.no_demonyms,
            },
            window: self.window,
            // Asked for on the command line: built whatever it costs.
            max_shared_windows: None,
        }
    }

    /// Loads the corpus and runs the engine; reports skipped files on stderr.
    ///
    /// The analysis is never freed: each command uses it until the process
    /// exits, when the system reclaims its memory at once, whereas freeing
    /// its millions of allocations one by one would take a quarter of a
    /// second on a corpus of 100,000 articles.
    pub fn analyze(&self) -> anyhow::Result<ManuallyDrop<Analysis>> {
        let assets = self.asset_source()?;
        let gazetteers: Vec<&Path> = self.gazetteers.iter().map(PathBuf::as_path).collect();
        let knowledge =
            Knowledge::load_with(&assets, &gazetteers).context("cannot load reference data")?;
        let options = LoadOptions {
            max_file_bytes: self
                .max_file_mb
                .map_or(corpus::DEFAULT_MAX_FILE_BYTES, |mb| {
                    mb.saturating_mul(1024 * 1024)
                }),
            assets,
            ..LoadOptions::default()
        };
        let corpus = self.load(&options)?;
        for s in &corpus.skipped {
            eprintln!("skipped {}: {}", s.path, s.reason);
        }
        if corpus.documents.is_empty() {
            bail!(
                "no documents could be read ({} skipped)",
                corpus.skipped.len()
            );
        }
        let analysis = Analysis::run(corpus, &knowledge, &self.settings(), &())?;
        Ok(ManuallyDrop::new(analysis))
    }

    fn load(&self, options: &LoadOptions) -> anyhow::Result<Corpus> {
        if self.paths.is_empty() {
            Ok(crate::seeds::corpus(options)?)
        } else {
            Ok(corpus::load_paths(&self.paths, options, &())?)
        }
    }
}

/// `newsgraph extract`: writes the JSON report to `output` or stdout.
pub fn extract(input: &Input, output: Option<&Path>) -> anyhow::Result<()> {
    let analysis = input.analyze()?;
    match output {
        Some(path) => export::write_atomic(path, |w| json::write_report(w, &analysis))
            .with_context(|| format!("cannot write {}", path.display())),
        None => {
            // The report is buffered as it is written.
            let mut out = std::io::stdout().lock();
            json::write_report(&mut out, &analysis)?;
            out.flush()?;
            Ok(())
        }
    }
}

/// What `newsgraph export` writes, and how.
#[derive(Debug, Clone)]
pub struct ExportArgs {
    /// The file (or, for CSV, folder) to write; its extension picks the format.
    pub output: PathBuf,
    /// Write networkx node-link JSON instead of the `extract` report.
    pub node_link: bool,
    pub image: ImageOptions,
    /// Layout seed.
    pub seed: u64,
}

impl ExportArgs {
    /// The format the output path and `--node-link` ask for.
    fn format(&self) -> anyhow::Result<Format> {
        match (Format::from_path(&self.output)?, self.node_link) {
            (Format::Json, true) => Ok(Format::NodeLink),
            (_, true) => bail!("--node-link needs a .json output file"),
            (format, false) => Ok(format),
        }
    }
}

/// `newsgraph export`: lays the graph out until it settles and writes it;
/// lists the files written on stderr.
pub fn export(input: &Input, args: &ExportArgs) -> anyhow::Result<()> {
    let format = args.format()?;
    // Fail on a bad path or size before the slow part.
    export::output_paths(&args.output, format)?;
    args.image.pixel_size()?;
    let analysis = input.analyze()?;
    let filters = Filters {
        window: input.window,
        ..Filters::default()
    };
    let view = GraphView::build(&analysis, &filters);
    let layout = view.settled_layout(args.seed);
    let written = export::export(
        &args.output,
        format,
        &ExportInput {
            analysis: &analysis,
            view: &view,
            positions: layout.positions(),
            options: &args.image,
        },
    )?;
    for path in written {
        eprintln!("wrote {}", path.display());
    }
    Ok(())
}

/// `newsgraph summary`: the top entities and edges as text.
pub fn summary(input: &Input, top: usize) -> anyhow::Result<()> {
    let analysis = input.analyze()?;
    print!("{}", summary_text(&analysis, top));
    Ok(())
}

/// The `top` first of `items` in the order of `key` (keys are distinct),
/// in that order: kept in a bounded heap rather than sorted all together,
/// as a large graph has millions of edges.
fn top_by<T: Ord, K: Ord>(
    items: impl Iterator<Item = T>,
    top: usize,
    key: impl Fn(&T) -> K,
) -> Vec<T> {
    // The last of those kept is on top, to be dropped for a better one.
    let mut kept = std::collections::BinaryHeap::with_capacity(top + 1);
    for item in items {
        let key = key(&item);
        // Most items are no better than the last kept: no heap work for them.
        if kept.len() == top && kept.peek().is_some_and(|(last, _)| key >= *last) {
            continue;
        }
        kept.push((key, item));
        if kept.len() > top {
            kept.pop();
        }
    }
    kept.into_sorted_vec()
        .into_iter()
        .map(|(_, item)| item)
        .collect()
}

/// The summary printed by `newsgraph summary`.
pub fn summary_text(analysis: &Analysis, top: usize) -> String {
    use std::fmt::Write;
    let ex = &analysis.extraction;
    let counts = ex.mention_counts();
    let mut out = String::new();
    let g = &analysis.graph;
    let relation_edges = g
        .graph
        .edge_weights()
        .filter(|e| e.kind.is_relation())
        .count();
    let _ = writeln!(
        out,
        "{} documents, {} entities, {} mentions, {} edges of which {relation_edges} stated relations ({} skipped)\n",
        analysis.corpus.documents.len(),
        ex.entities.len(),
        ex.mentions.len(),
        g.graph.edge_count(),
        analysis.corpus.skipped.len()
    );
    let entities = top_by(0..ex.entities.len(), top, |&i| {
        (std::cmp::Reverse(counts[i]), &ex.entities[i].id)
    });
    let _ = writeln!(out, "Top entities (mentions):");
    for &i in &entities {
        let e = &ex.entities[i];
        let _ = writeln!(
            out,
            "  {:>4}  {:<32} {}",
            counts[i],
            e.name,
            e.kind.as_str()
        );
    }
    // Heaviest first; of equals, by their entities, then in graph order.
    let heaviest = |relation: bool| {
        let edges = g.graph.edge_indices();
        let edges = edges.filter(|&e| g.graph[e].kind.is_relation() == relation);
        top_by(edges, top, |&e| {
            (std::cmp::Reverse(g.graph[e].weight), g.endpoints(e), e)
        })
    };
    let (relations, co_mentions) = (heaviest(true), heaviest(false));
    let _ = writeln!(out, "\nTop edges (co-mentions by {}):", g.window.as_str());
    for &e in &co_mentions {
        let (a, b) = g.endpoints(e);
        let _ = writeln!(
            out,
            "  {:>4}  {} — {}",
            g.graph[e].weight, ex.entities[a].name, ex.entities[b].name
        );
    }
    let _ = writeln!(out, "\nTop stated relations (sentences):");
    for &e in &relations {
        let (a, b) = g.endpoints(e);
        let label = g.graph[e].kind.relation().map_or("", |r| r.label.as_str());
        let _ = writeln!(
            out,
            "  {:>4}  {} → {label} → {}",
            g.graph[e].weight, ex.entities[a].name, ex.entities[b].name
        );
    }
    out
}
