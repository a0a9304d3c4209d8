//! The interface's fonts: egui's defaults, with the monospace font as the
//! last fallback of the proportional one, which has no arrows ("→" in
//! "Antony Blinken → met with → Sergei Lavrov" or "File → Skipped files").

/// Installs the fonts in `ctx`.
pub fn install(ctx: &egui::Context) {
    let mut fonts = egui::FontDefinitions::default();
    if let Some(family) = fonts.families.get_mut(&egui::FontFamily::Proportional) {
        family.push("Hack".to_owned());
    }
    ctx.set_fonts(fonts);
}
