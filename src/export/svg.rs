//! Pictures of the graph as SVG. [`scene_svg`] writes a [`Scene`], the same
//! one the app's canvas paints, so an export looks like the screen: the
//! background, edges (with arrowheads where directed), nodes shaped and
//! coloured by kind, labels as real text over a halo, the kind legend and
//! an optional title. [`graph_svg`] draws the whole view, fitted to the
//! image. Numbers have two decimals, so the output is deterministic.

use std::collections::HashMap;
use std::fmt::{self, Write};

use super::table::fixed;
use super::xml::escape;
use super::{ExportError, ExportInput, ImageOptions};
use crate::extract::Kind;
use crate::scene::{
    Camera, Emphasis, NodeLook, NodeShape, Rgba, Scene, SceneEdge, SceneInput, Style, node_radius,
    shape_of, shape_points,
};

/// The font pictures name (shipped in `assets/fonts/` for PNG export).
pub const FONT_FAMILY: &str = "DejaVu Sans";

/// Free space around the graph, in pixels.
const MARGIN: f32 = 40.0;
/// Width kept free on the left for the legend.
const LEGEND_ROOM: f32 = 150.0;
/// Height kept free at the top for a title.
const TITLE_ROOM: f32 = 48.0;
/// Legend geometry, as on the canvas: corner, width, row height, symbol radius.
const LEGEND_AT: f32 = 10.0;
const LEGEND_WIDTH: f32 = 130.0;
const LEGEND_ROW: f32 = 20.0;
const LEGEND_SYMBOL: f32 = 6.0;
/// Font sizes of the legend and the title.
const LEGEND_FONT: f32 = 13.0;
const TITLE_FONT: f32 = 22.0;
/// Text baseline below the vertical centre of a line, in ems.
const BASELINE: f32 = 0.36;

/// The whole view as SVG, fitted into `options.width` × `options.height`
/// with room for the legend and title.
pub fn graph_svg(input: &ExportInput) -> Result<String, ExportError> {
    input.check()?;
    let options = input.options;
    let style = Style::new(options.theme);
    let camera = fit(input);
    let scene = Scene::build(&SceneInput {
        analysis: input.analysis,
        view: input.view,
        positions: input.positions,
        style: &style,
        camera: &camera,
        emphasis: Emphasis::default(),
        look: NodeLook::default(),
    });
    scene_svg(&scene, &style, options)
}

/// The camera that shows every node whole, centred in the image less the
/// legend's column and the title's row.
fn fit(input: &ExportInput) -> Camera {
    let options = input.options;
    let size = [options.width as f32, options.height as f32];
    let top = if options.title.is_some() {
        TITLE_ROOM
    } else {
        0.0
    };
    let room = [size[0] - LEGEND_ROOM, size[1] - top];
    let max = input.view.mentions.iter().copied().max().unwrap_or(1);
    let reach = node_radius(max, max);
    let mut lo = [f32::MAX; 2];
    let mut hi = [f32::MIN; 2];
    for p in input.positions {
        for axis in 0..2 {
            lo[axis] = lo[axis].min(p[axis] - reach);
            hi[axis] = hi[axis].max(p[axis] + reach);
        }
    }
    if input.positions.is_empty() {
        (lo, hi) = ([0.0; 2], [0.0; 2]);
    }
    let mut camera = Camera::fit(lo, hi, room, MARGIN);
    camera.size = size;
    camera.center[0] -= LEGEND_ROOM / 2.0 / camera.zoom;
    camera.center[1] -= top / 2.0 / camera.zoom;
    camera
}

/// A scene as SVG. The scene fills the image: build it at `options.width`
/// × `options.height`; the image is `options.scale` times that in pixels.
pub fn scene_svg(
    scene: &Scene,
    style: &Style,
    options: &ImageOptions,
) -> Result<String, ExportError> {
    let pixels = options.pixel_size()?;
    let mut out = String::with_capacity(
        400 + 130 * scene.edges.len() + 150 * scene.nodes.len() + 200 * scene.labels.len(),
    );
    write_svg(&mut out, scene, style, options, pixels)
        .map_err(|e| ExportError::Render(e.to_string()))?;
    Ok(out)
}

fn write_svg(
    out: &mut String,
    scene: &Scene,
    style: &Style,
    options: &ImageOptions,
    [pw, ph]: [u32; 2],
) -> fmt::Result {
    let [w, h] = scene.size.map(fixed);
    let palette = &style.palette;
    writeln!(
        out,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{pw}\" height=\"{ph}\" \
         viewBox=\"0 0 {w} {h}\" font-family=\"'{FONT_FAMILY}', sans-serif\">"
    )?;
    if let Some(title) = &options.title {
        writeln!(out, "<title>{}</title>", escape(title))?;
    }
    if !options.transparent {
        write!(out, "<rect width=\"{w}\" height=\"{h}\"")?;
        paint(out, "fill", palette.background)?;
        writeln!(out, "/>")?;
    }
    edges(out, &scene.edges)?;
    nodes(out, scene)?;
    labels(out, scene)?;
    legend(out, style)?;
    if let Some(title) = &options.title {
        let at = [scene.size[0] / 2.0, TITLE_ROOM / 2.0];
        let halo = palette.halo;
        writeln!(out, "<g text-anchor=\"middle\">")?;
        text(out, title, at, TITLE_FONT, palette.text, halo)?;
        writeln!(out, "</g>")?;
    }
    writeln!(out, "</svg>")
}

/// ` fill="#rrggbb"` (or stroke), with an opacity unless opaque.
fn paint(out: &mut String, attr: &str, color: Rgba) -> fmt::Result {
    write!(out, " {attr}=\"{}\"", color.hex())?;
    if color.3 < 255 {
        write!(out, " {attr}-opacity=\"{}\"", fixed(color.opacity()))?;
    }
    Ok(())
}

/// The edges, one `<path>` per stroke colour and width (in order of first
/// appearance), then the arrowheads. One path per stroke draws a graph of
/// 30,000 edges several times faster than one element per edge; where edges
/// of one stroke overlap, the overlap is not darker.
fn edges(out: &mut String, edges: &[SceneEdge]) -> fmt::Result {
    writeln!(out, "<g fill=\"none\" stroke-linecap=\"round\">")?;
    let mut strokes: Vec<((Rgba, String), Vec<&SceneEdge>)> = Vec::new();
    let mut index: HashMap<(Rgba, String), usize> = HashMap::new();
    for e in edges {
        let key = (e.color, fixed(e.width));
        let i = *index.entry(key.clone()).or_insert_with(|| {
            strokes.push((key, Vec::new()));
            strokes.len() - 1
        });
        strokes[i].1.push(e);
    }
    for ((color, width), group) in &strokes {
        write!(out, "<path d=\"")?;
        for e in group {
            let end = e.arrowhead().map_or(e.to, |(base, _)| base);
            let [x1, y1, x2, y2] = [e.from[0], e.from[1], end[0], end[1]].map(fixed);
            write!(out, "M{x1} {y1}L{x2} {y2}")?;
        }
        write!(out, "\"")?;
        paint(out, "stroke", *color)?;
        writeln!(out, " stroke-width=\"{width}\"/>")?;
    }
    for (e, (_, head)) in edges.iter().filter_map(|e| Some((e, e.arrowhead()?))) {
        polygon(out, &head)?;
        paint(out, "fill", e.color)?;
        writeln!(out, " stroke=\"none\"/>")?;
    }
    writeln!(out, "</g>")
}

/// `<polygon points="…"` (left open for paint attributes).
fn polygon(out: &mut String, points: &[[f32; 2]]) -> fmt::Result {
    write!(out, "<polygon points=\"")?;
    for (i, p) in points.iter().enumerate() {
        let sep = if i == 0 { "" } else { " " };
        write!(out, "{sep}{},{}", fixed(p[0]), fixed(p[1]))?;
    }
    write!(out, "\"")
}

/// A node symbol: `<circle` or `<polygon` with its fill and outline.
fn symbol(
    out: &mut String,
    shape: NodeShape,
    center: [f32; 2],
    radius: f32,
    [fill, outline]: [Rgba; 2],
    outline_width: f32,
) -> fmt::Result {
    match shape {
        NodeShape::Circle => write!(
            out,
            "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"",
            fixed(center[0]),
            fixed(center[1]),
            fixed(radius)
        )?,
        shape => polygon(out, &shape_points(shape, center, radius))?,
    }
    paint(out, "fill", fill)?;
    paint(out, "stroke", outline)?;
    writeln!(out, " stroke-width=\"{}\"/>", fixed(outline_width))
}

fn nodes(out: &mut String, scene: &Scene) -> fmt::Result {
    writeln!(out, "<g stroke-linejoin=\"round\">")?;
    for n in &scene.nodes {
        let colors = [n.fill, n.outline];
        symbol(out, n.shape, n.center, n.radius, colors, n.outline_width)?;
    }
    writeln!(out, "</g>")
}

fn labels(out: &mut String, scene: &Scene) -> fmt::Result {
    writeln!(out, "<g text-anchor=\"middle\">")?;
    for l in &scene.labels {
        text(out, &l.text, l.center, l.size, l.color, l.halo)?;
    }
    writeln!(out, "</g>")
}

/// One line of text centred vertically on `at`, over a halo drawn as a
/// wide stroke beneath the glyphs.
fn text(
    out: &mut String,
    text: &str,
    at: [f32; 2],
    size: f32,
    color: Rgba,
    halo: Rgba,
) -> fmt::Result {
    write!(
        out,
        "<text x=\"{}\" y=\"{}\" font-size=\"{}\"",
        fixed(at[0]),
        fixed(at[1] + BASELINE * size),
        fixed(size)
    )?;
    paint(out, "fill", color)?;
    paint(out, "stroke", halo)?;
    writeln!(
        out,
        " stroke-width=\"{}\" stroke-linejoin=\"round\" paint-order=\"stroke\">{}</text>",
        fixed(size * 0.3),
        escape(text)
    )
}

/// The kind legend in the top-left corner, as on the canvas.
fn legend(out: &mut String, style: &Style) -> fmt::Result {
    let palette = &style.palette;
    let height = LEGEND_ROW * Kind::ALL.len() as f32 + 10.0;
    write!(
        out,
        "<g>\n<rect x=\"{at}\" y=\"{at}\" width=\"{}\" height=\"{}\" rx=\"6\"",
        fixed(LEGEND_WIDTH),
        fixed(height),
        at = fixed(LEGEND_AT)
    )?;
    paint(out, "fill", palette.halo)?;
    paint(out, "stroke", palette.edge)?;
    writeln!(out, " stroke-width=\"1\"/>")?;
    for (i, kind) in Kind::ALL.into_iter().enumerate() {
        let center = [LEGEND_AT + 16.0, LEGEND_AT + 15.0 + i as f32 * LEGEND_ROW];
        let colors = [palette.kind(kind), palette.node_outline];
        symbol(out, shape_of(kind), center, LEGEND_SYMBOL, colors, 1.0)?;
        write!(
            out,
            "<text x=\"{}\" y=\"{}\" font-size=\"{}\"",
            fixed(center[0] + 14.0),
            fixed(center[1] + BASELINE * LEGEND_FONT),
            fixed(LEGEND_FONT)
        )?;
        paint(out, "fill", palette.text)?;
        writeln!(out, ">{}</text>", kind.as_str())?;
    }
    writeln!(out, "</g>")
}
