//! Graph measures of the current view ([`GraphStats`]: PageRank,
//! betweenness, communities …), computed on a background thread when
//! something on screen needs them, and kept until the view changes. One
//! computation runs at a time; when the view changed meanwhile, the next
//! one starts as soon as it ends. The last stats stay available (matched
//! by entity) until fresh ones arrive, so node sizes do not jump back.

use std::sync::Arc;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use crate::graph::stats::{EdgeWeighting, GraphStats};
use crate::graph::view::{Filters, GraphView};
use crate::pipeline::Analysis;

/// The measures of the current view, and the computation under way.
#[derive(Default)]
pub struct MetricsCache {
    /// Counts the views the app has built.
    view: u64,
    /// The analysis measured, so a new corpus starts afresh.
    analysis: Option<Arc<Analysis>>,
    /// The latest stats and the view they measure.
    latest: Option<(u64, Arc<GraphStats>)>,
    /// A computation for a view, and where its result will come.
    running: Option<(u64, Receiver<GraphStats>)>,
    /// A view whose computation failed (not retried).
    failed: Option<u64>,
    /// Counts arrivals of stats.
    version: u64,
}

impl MetricsCache {
    /// The app built a new view: the stats no longer measure it.
    pub fn view_changed(&mut self) {
        self.view += 1;
    }

    /// Collects a finished computation and, when `wanted`, starts one for
    /// the current view if none runs. `wake` is called from the thread when
    /// it is done.
    pub fn update(
        &mut self,
        wanted: bool,
        analysis: &Arc<Analysis>,
        filters: &Filters,
        view: &GraphView,
        wake: impl Fn() + Send + 'static,
    ) {
        if !self
            .analysis
            .as_ref()
            .is_some_and(|a| Arc::ptr_eq(a, analysis))
        {
            *self = MetricsCache {
                view: self.view,
                analysis: Some(analysis.clone()),
                ..MetricsCache::default()
            };
        }
        self.collect();
        let fresh = self.current().is_some() || self.failed == Some(self.view);
        if !wanted || fresh || self.running.is_some() {
            return;
        }
        let (sender, receiver) = channel();
        let (analysis, filters, view) = (analysis.clone(), filters.clone(), view.clone());
        std::thread::spawn(move || {
            let stats = GraphStats::compute(&analysis, &filters, &view, EdgeWeighting::Count);
            // The app may have moved on; then nobody listens.
            let _ = sender.send(stats);
            wake();
        });
        self.running = Some((self.view, receiver));
    }

    fn collect(&mut self) {
        let Some((view, receiver)) = &self.running else {
            return;
        };
        match receiver.try_recv() {
            Ok(stats) => {
                self.latest = Some((*view, Arc::new(stats)));
                self.version += 1;
                self.running = None;
            }
            Err(TryRecvError::Empty) => {}
            Err(TryRecvError::Disconnected) => {
                self.failed = Some(*view);
                self.running = None;
            }
        }
    }

    /// The stats of the current view, once computed.
    pub fn current(&self) -> Option<&GraphStats> {
        self.latest
            .as_ref()
            .filter(|(view, _)| *view == self.view)
            .map(|(_, stats)| stats.as_ref())
    }

    /// The latest stats, perhaps of an earlier view.
    pub fn latest(&self) -> Option<&GraphStats> {
        self.latest.as_ref().map(|(_, stats)| stats.as_ref())
    }

    /// Whether stats for the current view are being computed.
    pub fn computing(&self) -> bool {
        self.running.is_some() && self.current().is_none()
    }

    /// Changes whenever the view or the latest stats change, so what is
    /// derived from them knows when to be rebuilt.
    pub fn key(&self) -> (u64, u64) {
        (self.view, self.version)
    }
}

impl super::NewsgraphApp {
    /// Collects or starts the measures of the view when something shown
    /// needs them, and refreshes the node looks that follow from them.
    pub(super) fn update_measures(&mut self, ctx: &egui::Context) {
        let Some(analysis) = &self.analysis else {
            return;
        };
        let wanted = self.node_style.needs_stats() || self.plots.needs_stats();
        let ctx = ctx.clone();
        self.metrics
            .update(wanted, analysis, &self.filters, &self.view, move || {
                ctx.request_repaint()
            });
        self.node_style.refresh(&self.view, &self.metrics);
    }

    /// The measures of the current view, once computed.
    pub fn graph_stats(&self) -> Option<&GraphStats> {
        self.metrics.current()
    }
}
