//! Pictures of the graph as PNG: the SVG of [`super::svg`] rasterised with
//! resvg. Text is set in the DejaVu Sans font shipped in `assets/fonts/`
//! and built into the binary; no system font is ever loaded, so the same
//! input gives the same pixels on every machine.

use std::sync::{Arc, OnceLock};

use resvg::tiny_skia::{Pixmap, Transform};
use resvg::usvg::{self, fontdb};

use super::svg::{FONT_FAMILY, graph_svg};
use super::{ExportError, ExportInput};

/// DejaVu Sans (licence: `assets/fonts/LICENSE-DejaVu.txt`).
static FONT: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// The whole view as PNG, `options.scale` pixels per unit.
pub fn graph_png(input: &ExportInput) -> Result<Vec<u8>, ExportError> {
    svg_to_png(&graph_svg(input)?)
}

/// Rasterises an SVG at the size its `width` and `height` give.
pub fn svg_to_png(svg: &str) -> Result<Vec<u8>, ExportError> {
    let failed = |e: &dyn std::fmt::Display| ExportError::Render(e.to_string());
    let options = usvg::Options {
        font_family: FONT_FAMILY.to_owned(),
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| failed(&e))?;
    let size = tree.size().to_int_size();
    let mut pixmap = Pixmap::new(size.width(), size.height()).ok_or_else(|| {
        failed(&format!(
            "no room for {}×{} pixels",
            size.width(),
            size.height()
        ))
    })?;
    resvg::render(&tree, Transform::identity(), &mut pixmap.as_mut());
    encode(&pixmap).map_err(|e| failed(&e))
}

/// A pixmap as RGBA PNG, compressed fast (an order of magnitude faster
/// than the default level for a 4K image, about a fifth larger).
fn encode(pixmap: &Pixmap) -> Result<Vec<u8>, png::EncodingError> {
    let rgba: Vec<u8> = pixmap
        .pixels()
        .iter()
        .flat_map(|p| {
            let c = p.demultiply();
            [c.red(), c.green(), c.blue(), c.alpha()]
        })
        .collect();
    let mut bytes = Vec::new();
    let mut encoder = png::Encoder::new(&mut bytes, pixmap.width(), pixmap.height());
    encoder.set_color(png::ColorType::Rgba);
    encoder.set_depth(png::BitDepth::Eight);
    encoder.set_compression(png::Compression::Fast);
    encoder.set_filter(png::Filter::Adaptive);
    let mut writer = encoder.write_header()?;
    writer.write_image_data(&rgba)?;
    writer.finish()?;
    Ok(bytes)
}

/// The shipped font, loaded once.
fn fonts() -> Arc<fontdb::Database> {
    static FONTS: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    FONTS
        .get_or_init(|| {
            let mut db = fontdb::Database::new();
            db.load_font_data(FONT.to_vec());
            db.set_sans_serif_family(FONT_FAMILY);
            Arc::new(db)
        })
        .clone()
}
