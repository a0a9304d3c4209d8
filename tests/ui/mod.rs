//! The app driven headlessly for the UI tests (egui_kittest): a harness on
//! an analysis, stepping frames until background work is done, and entities
//! looked up by name in the app's analysis.
#![allow(dead_code)]

use std::time::{Duration, Instant};

use egui_kittest::Harness;
use newsgraph::app::NewsgraphApp;
use newsgraph::pipeline::Analysis;

/// The app showing `analysis` in a 1500×920 window, after its first frames.
pub fn app_on(analysis: Analysis) -> Harness<'static, NewsgraphApp> {
    let app = NewsgraphApp::with_analysis(analysis);
    let mut harness = Harness::builder()
        .with_size([1500.0, 920.0])
        .build_ui_state(|ui, app: &mut NewsgraphApp| app.frame_ui(ui), app);
    harness.run_steps(3);
    harness
}

/// The app on the seed articles.
pub fn seeds_app() -> Harness<'static, NewsgraphApp> {
    app_on(crate::common::seeds().clone())
}

/// Steps frames, pausing `pause` between them, until `done` holds; panics
/// with `what` after `limit`.
pub fn step_until(
    harness: &mut Harness<'static, NewsgraphApp>,
    limit: Duration,
    pause: Duration,
    what: &str,
    done: impl Fn(&NewsgraphApp) -> bool,
) {
    let start = Instant::now();
    while !done(harness.state()) {
        assert!(start.elapsed() < limit, "{what}");
        std::thread::sleep(pause);
        harness.step();
    }
}

/// The index of the entity called `name` in the app's analysis.
pub fn entity(app: &NewsgraphApp, name: &str) -> usize {
    let analysis = app.analysis().expect("an analysis");
    let e = analysis
        .extraction
        .entities
        .iter()
        .position(|e| e.name == name);
    e.unwrap_or_else(|| panic!("no {name}"))
}
