//! The `newsgraph` command: parses the command line and calls the core.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Parser, Subcommand};
use newsgraph::cli::{self, Input, StatsOptions};
use newsgraph::export::ImageOptions;
use newsgraph::graph::Window;
use newsgraph::graph::stats::{EdgeWeighting, Metric};
use newsgraph::graph::view::LAYOUT_SEED;
use newsgraph::scene::Theme;

/// Turn news articles into a graph of countries, officials and organizations.
#[derive(Parser)]
#[command(name = "newsgraph", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand)]
enum Command {
    /// Open the app on files or folders (no path: the built-in seed articles).
    Open {
        /// Files or folders to read.
        paths: Vec<PathBuf>,
    },
    /// Print the top entities and edges of a corpus.
    Summary {
        #[command(flatten)]
        input: InputArgs,
        /// How many entities and edges to list.
        #[arg(long, default_value_t = 15)]
        top: usize,
    },
    /// Run the engine and write entities, mentions and edges as JSON.
    Extract {
        #[command(flatten)]
        input: InputArgs,
        /// Write to this file instead of standard output.
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Lay the graph out and write it as an image or a graph file.
    Export {
        #[command(flatten)]
        input: InputArgs,
        /// Output file; the extension picks the format: .png .svg .graphml .gexf .json .csv
        /// (CSV writes FILE.nodes.csv and FILE.edges.csv; a folder gets nodes.csv and edges.csv).
        #[arg(short, long, value_name = "FILE")]
        output: PathBuf,
        /// With a .json output: networkx node-link JSON instead of the extract report.
        #[arg(long)]
        node_link: bool,
        #[command(flatten)]
        image: ImageArgs,
        /// Layout seed (the app uses the default).
        #[arg(long, default_value_t = LAYOUT_SEED)]
        seed: u64,
    },
    /// Rank entities by graph measures (PageRank, betweenness, degree) with their communities.
    Stats {
        #[command(flatten)]
        input: InputArgs,
        /// How many entities to list.
        #[arg(long, default_value_t = 20)]
        top: usize,
        /// Rank by mentions, degree, weighted-degree, pagerank or betweenness.
        #[arg(long, default_value = "pagerank")]
        sort: Metric,
        /// Edge strength: count (co-mentions), jaccard or npmi.
        #[arg(long, default_value = "count")]
        weighting: EdgeWeighting,
    },
    /// Print the shortest chain of co-mentions between two entities, with a sentence for each link.
    Path {
        #[command(flatten)]
        input: InputArgs,
        /// The first entity: its name, id or any spelling found in the text.
        #[arg(long)]
        from: String,
        /// The last entity.
        #[arg(long)]
        to: String,
    },
}

#[derive(Args)]
struct ImageArgs {
    /// Image width in CSS pixels.
    #[arg(long, default_value_t = 1920)]
    width: u32,
    /// Image height in CSS pixels.
    #[arg(long, default_value_t = 1080)]
    height: u32,
    /// PNG pixels per CSS pixel (2 turns 1920×1080 into 3840×2160).
    #[arg(long, default_value_t = 1.0)]
    scale: f32,
    /// Colours: light or dark.
    #[arg(long, default_value = "light", value_parser = parse_theme)]
    theme: Theme,
    /// Title drawn at the top of the image.
    #[arg(long)]
    title: Option<String>,
    /// Leave the background transparent.
    #[arg(long)]
    transparent: bool,
}

impl From<ImageArgs> for ImageOptions {
    fn from(a: ImageArgs) -> ImageOptions {
        ImageOptions {
            width: a.width,
            height: a.height,
            scale: a.scale,
            theme: a.theme,
            transparent: a.transparent,
            title: a.title,
        }
    }
}

#[derive(Args)]
struct InputArgs {
    /// Files or folders to read (.txt .md .html .json .jsonl .csv); none: the built-in seed articles.
    paths: Vec<PathBuf>,
    /// Co-mention window.
    #[arg(long, default_value = "sentence", value_parser = parse_window)]
    window: Window,
    /// Read reference data from this folder instead of the built-in assets.
    #[arg(long, value_name = "DIR")]
    assets: Option<PathBuf>,
    /// Add entries from a gazetteer table (columns: kind, name, aliases). Repeatable.
    #[arg(long = "gazetteer", value_name = "FILE")]
    gazetteers: Vec<PathBuf>,
    /// Skip files larger than this many megabytes.
    #[arg(long, value_name = "MB")]
    max_file_mb: Option<u64>,
    /// Do not count demonyms ("Russian troops") as mentions of their country.
    #[arg(long)]
    no_demonyms: bool,
}

fn parse_window(s: &str) -> Result<Window, String> {
    s.parse()
}

fn parse_theme(s: &str) -> Result<Theme, String> {
    s.parse()
}

impl From<InputArgs> for Input {
    fn from(a: InputArgs) -> Input {
        Input {
            paths: a.paths,
            assets: a.assets,
            gazetteers: a.gazetteers,
            max_file_mb: a.max_file_mb,
            window: a.window,
            no_demonyms: a.no_demonyms,
        }
    }
}

/// Runs the desktop app.
fn open(paths: Vec<PathBuf>) -> anyhow::Result<()> {
    let spec = newsgraph::app::CorpusSpec {
        seeds: paths.is_empty(),
        ..newsgraph::app::CorpusSpec::paths(paths)
    };
    newsgraph::app::run(spec).map_err(|e| anyhow::anyhow!("cannot open the window: {e}"))
}

/// mimalloc returns freed memory to the system and does not split the heap
/// into per-thread arenas that keep it: on a large corpus the peak memory is
/// lower than with the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let result = match Cli::parse().command {
        None => open(Vec::new()),
        Some(Command::Open { paths }) => open(paths),
        Some(Command::Summary { input, top }) => cli::summary(&input.into(), top),
        Some(Command::Extract { input, output }) => cli::extract(&input.into(), output.as_deref()),
        Some(Command::Export {
            input,
            output,
            node_link,
            image,
            seed,
        }) => cli::export(
            &input.into(),
            &cli::ExportArgs {
                output,
                node_link,
                image: image.into(),
                seed,
            },
        ),
        Some(Command::Stats {
            input,
            top,
            sort,
            weighting,
        }) => cli::stats(
            &input.into(),
            &StatsOptions {
                top,
                sort,
                weighting,
            },
        ),
        Some(Command::Path { input, from, to }) => cli::path(&input.into(), &from, &to),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("newsgraph: {e:#}");
            ExitCode::FAILURE
        }
    }
}
