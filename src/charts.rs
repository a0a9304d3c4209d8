//! The numbers behind the app's plots, taken from what the user looks at
//! (the entities of the current view and the documents it includes): the
//! entities ranked by a measure, mentions per document by kind, stated
//! relations per document by category or polarity, and how degrees are
//! distributed. Only numbers: drawing them is the app's job.

use crate::extract::{Category, Kind, Polarity};
use crate::graph::stats::{GraphStats, Metric};
use crate::graph::view::GraphView;
use crate::pipeline::Analysis;

/// An entity and its value of a measure.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ranked {
    pub entity: usize,
    pub value: f64,
}

/// The (at most) `n` entities of `view` with the highest `metric`, ties by
/// entity index. Mentions are the view's own; the other measures come from
/// `stats`, which must measure this view: without it (or with stats of
/// other nodes) there is no ranking.
pub fn top_entities(
    view: &GraphView,
    stats: Option<&GraphStats>,
    metric: Metric,
    n: usize,
) -> Option<Vec<Ranked>> {
    let values: Vec<f64> = if metric == Metric::Mentions {
        view.mentions.iter().map(|&m| m as f64).collect()
    } else {
        let stats = stats.filter(|s| s.entities == view.nodes)?;
        stats.nodes.iter().map(|s| s.get(metric)).collect()
    };
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    Some(
        order
            .into_iter()
            .take(n)
            .map(|node| Ranked {
                entity: view.nodes[node],
                value: values[node],
            })
            .collect(),
    )
}

/// A count per included document, split into parts (one stacked bar per
/// document).
#[derive(Debug, Clone, PartialEq)]
pub struct Stacked<K> {
    /// The documents the view includes, in corpus order.
    pub docs: Vec<usize>,
    /// Each part with its count per document of `docs`, in the order of
    /// the part's kind (`Kind::ALL`, `Category::ALL` …); parts that are
    /// zero in every document are left out.
    pub parts: Vec<(K, Vec<f64>)>,
}

impl<K> Stacked<K> {
    /// The whole bar of each document of `docs`.
    pub fn totals(&self) -> Vec<f64> {
        (0..self.docs.len())
            .map(|i| self.parts.iter().map(|(_, v)| v[i]).sum())
            .collect()
    }
}

/// Counts `items` (document, part) into the documents `view` includes.
fn stacked<K: Copy + PartialEq>(
    documents: usize,
    view: &GraphView,
    keys: &[K],
    items: impl Iterator<Item = (usize, K)>,
) -> Stacked<K> {
    let docs: Vec<usize> = (0..documents)
        .filter(|d| !view.excluded_docs.contains(d))
        .collect();
    let mut position = vec![None; documents];
    for (i, &d) in docs.iter().enumerate() {
        position[d] = Some(i);
    }
    let mut counts = vec![vec![0.0; docs.len()]; keys.len()];
    for (doc, key) in items {
        let (Some(Some(i)), Some(k)) = (position.get(doc), keys.iter().position(|&x| x == key))
        else {
            continue;
        };
        counts[k][*i] += 1.0;
    }
    let parts = keys
        .iter()
        .copied()
        .zip(counts)
        .filter(|(_, c)| c.iter().any(|&v| v > 0.0))
        .collect();
    Stacked { docs, parts }
}

/// Mentions of the view's entities in each included document, by kind.
pub fn mentions_by_kind(analysis: &Analysis, view: &GraphView) -> Stacked<Kind> {
    let ex = &analysis.extraction;
    let shown = ex
        .mentions
        .iter()
        .filter(|m| view.node_of(m.entity()).is_some())
        .map(|m| (m.doc(), ex.entities[m.entity()].kind));
    stacked(analysis.corpus.documents.len(), view, &Kind::ALL, shown)
}

/// Relations stated in each included document between two entities of the
/// view, by category.
pub fn relations_by_category(analysis: &Analysis, view: &GraphView) -> Stacked<Category> {
    let shown = shown_relations(analysis, view).map(|r| (r.doc, r.category));
    stacked(analysis.corpus.documents.len(), view, &Category::ALL, shown)
}

/// Relations stated in each included document between two entities of the
/// view, by polarity.
pub fn relations_by_polarity(analysis: &Analysis, view: &GraphView) -> Stacked<Polarity> {
    let shown = shown_relations(analysis, view).map(|r| (r.doc, r.polarity));
    stacked(analysis.corpus.documents.len(), view, &Polarity::ALL, shown)
}

fn shown_relations<'a>(
    analysis: &'a Analysis,
    view: &'a GraphView,
) -> impl Iterator<Item = &'a crate::extract::Relation> {
    analysis
        .extraction
        .relations
        .iter()
        .filter(|r| view.node_of(r.source).is_some() && view.node_of(r.target).is_some())
}

/// The number of distinct neighbours of each view node (over co-mention
/// and relation edges alike).
pub fn degrees(view: &GraphView) -> Vec<usize> {
    let mut pairs: Vec<(usize, usize)> = view
        .edges
        .iter()
        .filter(|e| e.a != e.b)
        .map(|e| (e.a.min(e.b), e.a.max(e.b)))
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let mut degree = vec![0; view.nodes.len()];
    for (a, b) in pairs {
        degree[a] += 1;
        degree[b] += 1;
    }
    degree
}

/// How many nodes have each degree, in bins of equal width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Histogram {
    /// Bin `i` holds degrees `i·bin_width .. (i+1)·bin_width`.
    pub bin_width: usize,
    pub counts: Vec<usize>,
}

/// The degree distribution of `view` in at most `max_bins` bins (one per
/// degree when they fit).
pub fn degree_histogram(view: &GraphView, max_bins: usize) -> Histogram {
    let degrees = degrees(view);
    let Some(&max) = degrees.iter().max() else {
        return Histogram {
            bin_width: 1,
            counts: Vec::new(),
        };
    };
    let bin_width = (max + 1).div_ceil(max_bins.max(1));
    let mut counts = vec![0; max / bin_width + 1];
    for d in degrees {
        counts[d / bin_width] += 1;
    }
    Histogram { bin_width, counts }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::stats::EdgeWeighting;
    use crate::graph::view::Filters;
    use crate::pipeline::analyze_texts;

    /// Two documents; Peru and Chile in both, a relation in the first.
    fn two_docs() -> Analysis {
        analyze_texts(&[
            (
                "a.txt",
                "Peru invaded Chile. Chile and Peru met. Chile and Bolivia talked. \
                 Antony Blinken visited Chile.",
            ),
            ("b.txt", "Peru and Ecuador signed. NATO welcomed Peru."),
        ])
    }

    fn names(a: &Analysis, ranked: &[Ranked]) -> Vec<(String, f64)> {
        ranked
            .iter()
            .map(|r| (a.extraction.entities[r.entity].name.clone(), r.value))
            .collect()
    }

    fn part<K: PartialEq>(s: &Stacked<K>, key: K) -> Option<&[f64]> {
        s.parts
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v.as_slice())
    }

    #[test]
    fn top_entities_follow_mentions_or_the_stats_of_the_view() {
        let a = two_docs();
        let filters = Filters::default();
        let view = GraphView::build(&a, &filters);
        let top = top_entities(&view, None, Metric::Mentions, 2).unwrap();
        assert_eq!(
            names(&a, &top),
            [("Chile".to_owned(), 4.0), ("Peru".to_owned(), 4.0)],
            "ties by entity index"
        );
        assert_eq!(top_entities(&view, None, Metric::Degree, 2), None);
        let stats = GraphStats::compute(&a, &filters, &view, EdgeWeighting::Count);
        let by_degree = top_entities(&view, Some(&stats), Metric::Degree, 10).unwrap();
        assert_eq!(by_degree.len(), view.nodes.len());
        assert_eq!(names(&a, &by_degree)[0], ("Chile".to_owned(), 3.0));
        let left_out = Filters {
            excluded_docs: [1].into(),
            ..Filters::default()
        };
        let other = GraphView::build(&a, &left_out);
        assert_eq!(
            top_entities(&other, Some(&stats), Metric::Degree, 2),
            None,
            "stats of another view"
        );
        let top = top_entities(&other, None, Metric::Mentions, 2).unwrap();
        assert_eq!(names(&a, &top)[1], ("Peru".to_owned(), 2.0));
    }

    #[test]
    fn mentions_stack_by_kind_in_the_included_documents() {
        let a = two_docs();
        let view = GraphView::build(&a, &Filters::default());
        let s = mentions_by_kind(&a, &view);
        assert_eq!(s.docs, [0, 1]);
        assert_eq!(part(&s, Kind::Country), Some(&[7.0, 3.0][..]));
        assert_eq!(part(&s, Kind::Official), Some(&[1.0, 0.0][..]));
        assert_eq!(part(&s, Kind::Organization), Some(&[0.0, 1.0][..]));
        assert_eq!(part(&s, Kind::Place), None, "no places: no part");
        assert_eq!(s.totals(), [8.0, 4.0]);
        let mut filters = Filters {
            excluded_docs: [0].into(),
            ..Filters::default()
        };
        filters.set_shows(Kind::Organization, false);
        let s = mentions_by_kind(&a, &GraphView::build(&a, &filters));
        assert_eq!(s.docs, [1]);
        assert_eq!(s.parts, [(Kind::Country, vec![3.0])]);
    }

    #[test]
    fn relations_stack_by_category_and_polarity() {
        let a = two_docs();
        let view = GraphView::build(&a, &Filters::default());
        let force = a
            .extraction
            .relations
            .iter()
            .filter(|r| r.doc == 0 && r.category == Category::Force)
            .count();
        assert_eq!(force, 1, "{:?}", a.extraction.relations);
        let by_category = relations_by_category(&a, &view);
        assert_eq!(part(&by_category, Category::Force), Some(&[1.0, 0.0][..]));
        let by_polarity = relations_by_polarity(&a, &view);
        assert_eq!(by_polarity.totals(), by_category.totals());
        assert_eq!(
            part(&by_polarity, Polarity::Conflictual).map(|v| v[0]),
            Some(1.0)
        );
        let mut no_countries = Filters::default();
        no_countries.set_shows(Kind::Country, false);
        let hidden = relations_by_category(&a, &GraphView::build(&a, &no_countries));
        assert!(hidden.parts.is_empty(), "relations need both ends shown");
    }

    #[test]
    fn degrees_count_distinct_neighbours_in_bins() {
        let a = two_docs();
        let filters = Filters::default();
        let view = GraphView::build(&a, &filters);
        let stats = GraphStats::compute(&a, &filters, &view, EdgeWeighting::Count);
        let expected: Vec<usize> = stats.nodes.iter().map(|s| s.degree).collect();
        assert_eq!(degrees(&view), expected);
        let h = degree_histogram(&view, 50);
        assert_eq!(h.bin_width, 1);
        assert_eq!(h.counts.iter().sum::<usize>(), view.nodes.len());
        for (d, &count) in h.counts.iter().enumerate() {
            assert_eq!(count, expected.iter().filter(|&&x| x == d).count());
        }
        let coarse = degree_histogram(&view, 2);
        assert_eq!(coarse.counts.len(), 2);
        assert_eq!(coarse.counts.iter().sum::<usize>(), view.nodes.len());
        let empty = degree_histogram(&GraphView::default(), 10);
        assert!(empty.counts.is_empty());
    }
}
