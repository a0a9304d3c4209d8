//! Node size and colour by a graph measure or by community: the per-node
//! values a scene draws instead of its defaults (size by mentions, colour by
//! kind), the colours of communities and other categories, and the
//! communities a legend lists. The canvas and the export share them.

use serde::{Deserialize, Serialize};

use crate::graph::stats::{GraphStats, Metric};
use crate::graph::view::GraphView;
use crate::scene::{NodeLook, Rgba, radius_of_share};

/// What a node's colour shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColorBy {
    /// The entity's kind (country, official …).
    #[default]
    Kind,
    /// The entity's Louvain community.
    Community,
}

impl ColorBy {
    pub const ALL: [ColorBy; 2] = [ColorBy::Kind, ColorBy::Community];

    pub fn as_str(self) -> &'static str {
        match self {
            ColorBy::Kind => "kind",
            ColorBy::Community => "community",
        }
    }
}

/// How nodes are sized and coloured.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub struct Encoding {
    /// The measure a node's area grows with.
    pub size: Metric,
    pub color: ColorBy,
}

impl Encoding {
    /// Whether drawing it takes graph measures (mentions and kinds do not).
    pub fn needs_stats(self) -> bool {
        self.size != Metric::Mentions || self.color == ColorBy::Community
    }
}

/// Colours told apart by colour-blind readers: Okabe–Ito (without black),
/// then Paul Tol's muted scheme.
const CATEGORICAL: [Rgba; 13] = [
    Rgba::rgb(0xE6, 0x9F, 0x00), // orange
    Rgba::rgb(0x56, 0xB4, 0xE9), // sky blue
    Rgba::rgb(0x00, 0x9E, 0x73), // bluish green
    Rgba::rgb(0xF0, 0xE4, 0x42), // yellow
    Rgba::rgb(0x00, 0x72, 0xB2), // blue
    Rgba::rgb(0xD5, 0x5E, 0x00), // vermillion
    Rgba::rgb(0xCC, 0x79, 0xA7), // reddish purple
    Rgba::rgb(0x33, 0x22, 0x88), // indigo
    Rgba::rgb(0x88, 0x22, 0x55), // wine
    Rgba::rgb(0x44, 0xAA, 0x99), // teal
    Rgba::rgb(0x99, 0x99, 0x33), // olive
    Rgba::rgb(0xAA, 0x44, 0x99), // purple
    Rgba::rgb(0x11, 0x77, 0x33), // green
];

/// The fill of nodes whose measures are not known yet (while they are
/// computed for a new view).
pub const UNKNOWN: Rgba = Rgba::rgb(0x9A, 0x9A, 0x9A);

/// The colour of the category ranked `rank` (0 first): the palette above,
/// then hues a golden angle apart.
pub fn categorical_color(rank: usize) -> Rgba {
    if let Some(&c) = CATEGORICAL.get(rank) {
        return c;
    }
    let hue = ((rank - CATEGORICAL.len()) as f32 * 137.508) % 360.0;
    let lightness = if rank.is_multiple_of(2) { 0.45 } else { 0.6 };
    hsl(hue, 0.55, lightness)
}

/// A colour from hue (degrees), saturation and lightness (0..1).
fn hsl(hue: f32, saturation: f32, lightness: f32) -> Rgba {
    let chroma = (1.0 - (2.0 * lightness - 1.0).abs()) * saturation;
    let h = hue / 60.0;
    let x = chroma * (1.0 - (h % 2.0 - 1.0).abs());
    let (r, g, b) = match h as u32 {
        0 => (chroma, x, 0.0),
        1 => (x, chroma, 0.0),
        2 => (0.0, chroma, x),
        3 => (0.0, x, chroma),
        4 => (x, 0.0, chroma),
        _ => (chroma, 0.0, x),
    };
    let m = lightness - chroma / 2.0;
    let byte = |v: f32| ((v + m).clamp(0.0, 1.0) * 255.0).round() as u8;
    Rgba::rgb(byte(r), byte(g), byte(b))
}

/// One community, as a legend lists it.
#[derive(Debug, Clone, PartialEq)]
pub struct Community {
    /// The community's number in [`GraphStats`].
    pub id: usize,
    /// Its members (entity indices), most mentioned first, ties by index.
    pub members: Vec<usize>,
    pub color: Rgba,
}

/// The communities of `stats`, largest first (ties by number), each with
/// the colour of its rank.
pub fn communities(stats: &GraphStats) -> Vec<Community> {
    let mut members = vec![Vec::new(); stats.community_count];
    for (node, s) in stats.nodes.iter().enumerate() {
        members[s.community].push(node);
    }
    let mut order: Vec<usize> = (0..members.len()).collect();
    order.sort_by(|&a, &b| members[b].len().cmp(&members[a].len()).then(a.cmp(&b)));
    order
        .into_iter()
        .enumerate()
        .map(|(rank, id)| {
            let mut nodes = std::mem::take(&mut members[id]);
            nodes.sort_by(|&a, &b| {
                stats.nodes[b]
                    .mentions
                    .cmp(&stats.nodes[a].mentions)
                    .then(a.cmp(&b))
            });
            Community {
                id,
                members: nodes.into_iter().map(|n| stats.entities[n]).collect(),
                color: categorical_color(rank),
            }
        })
        .collect()
}

/// Node sizes and colours for the nodes of a view, owned; lend them to a
/// scene with [`NodeLooks::look`].
#[derive(Debug, Clone, PartialEq, Default)]
pub struct NodeLooks {
    /// Radius of each view node in world units; none: by mentions.
    pub radius: Option<Vec<f32>>,
    /// Fill of each view node; none: by kind.
    pub fill: Option<Vec<Rgba>>,
}

impl NodeLooks {
    /// The looks `encoding` gives the nodes of `view`. `stats` may measure
    /// an earlier view: nodes are matched by entity, and nodes it lacks get
    /// the smallest size and the [`UNKNOWN`] colour. Without stats, the
    /// defaults.
    pub fn build(view: &GraphView, stats: Option<&GraphStats>, encoding: Encoding) -> NodeLooks {
        let Some(stats) = stats else {
            return NodeLooks::default();
        };
        let measured: Vec<Option<usize>> = view
            .nodes
            .iter()
            .map(|&e| stats.entities.binary_search(&e).ok())
            .collect();
        NodeLooks {
            radius: (encoding.size != Metric::Mentions)
                .then(|| radii(stats, &measured, encoding.size)),
            fill: (encoding.color == ColorBy::Community).then(|| community_fills(stats, &measured)),
        }
    }

    /// The looks as a scene takes them.
    pub fn look(&self) -> NodeLook<'_> {
        NodeLook {
            radius: self.radius.as_deref(),
            fill: self.fill.as_deref(),
        }
    }
}

/// Radii by `metric`: area in proportion to the largest value shown.
fn radii(stats: &GraphStats, measured: &[Option<usize>], metric: Metric) -> Vec<f32> {
    let value = |m: &Option<usize>| m.map_or(0.0, |n| stats.nodes[n].get(metric).max(0.0));
    let max = measured.iter().map(value).fold(0.0, f64::max);
    measured
        .iter()
        .map(|m| {
            let share = if max > 0.0 { value(m) / max } else { 0.0 };
            radius_of_share(share as f32)
        })
        .collect()
}

/// Fills by community colour.
fn community_fills(stats: &GraphStats, measured: &[Option<usize>]) -> Vec<Rgba> {
    let mut color = vec![UNKNOWN; stats.community_count];
    for c in communities(stats) {
        color[c.id] = c.color;
    }
    measured
        .iter()
        .map(|m| m.map_or(UNKNOWN, |n| color[stats.nodes[n].community]))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::graph::stats::EdgeWeighting;
    use crate::graph::view::Filters;
    use crate::pipeline::{Analysis, analyze_texts};

    /// Triangles Bolivia–Chile–Peru and France–Germany–Italy–Spain (a
    /// four-clique) joined by Chile–France.
    fn two_groups() -> Analysis {
        analyze_texts(&[(
            "a.txt",
            "Chile, Peru and Bolivia met. France, Germany, Spain and Italy met. \
             Chile and France talked. Chile spoke.",
        )])
    }

    fn node(a: &Analysis, view: &GraphView, id: &str) -> usize {
        view.node_of(a.extraction.entity_index(id).expect("entity"))
            .expect("shown")
    }

    #[test]
    fn the_palette_is_distinct_and_deterministic() {
        let colors: Vec<Rgba> = (0..40).map(categorical_color).collect();
        for (i, a) in colors.iter().enumerate() {
            for b in &colors[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(categorical_color(0), Rgba::rgb(0xE6, 0x9F, 0x00));
        assert_eq!(categorical_color(20), categorical_color(20));
        assert_eq!(hsl(0.0, 1.0, 0.5), Rgba::rgb(255, 0, 0));
        assert_eq!(hsl(240.0, 1.0, 0.5), Rgba::rgb(0, 0, 255));
    }

    #[test]
    fn communities_come_largest_first_with_their_best_known_members() {
        let a = two_groups();
        let stats = GraphStats::of_analysis(&a, EdgeWeighting::Count);
        assert_eq!(stats.community_count, 2);
        let found = communities(&stats);
        let names = |c: &Community| -> Vec<&str> {
            c.members
                .iter()
                .map(|&e| a.extraction.entities[e].name.as_str())
                .collect()
        };
        assert_eq!(names(&found[0]).len(), 4, "the four-clique first");
        assert_eq!(names(&found[1])[0], "Chile", "named most often");
        assert_eq!(found[0].color, categorical_color(0));
        assert_eq!(found[1].color, categorical_color(1));
    }

    #[test]
    fn looks_follow_the_encoding() {
        let a = two_groups();
        let filters = Filters::default();
        let view = GraphView::build(&a, &filters);
        let stats = GraphStats::compute(&a, &filters, &view, EdgeWeighting::Count);
        assert_eq!(
            NodeLooks::build(&view, Some(&stats), Encoding::default()),
            NodeLooks::default(),
            "mentions and kinds need no override"
        );
        let by_betweenness = Encoding {
            size: Metric::Betweenness,
            color: ColorBy::Community,
        };
        let looks = NodeLooks::build(&view, Some(&stats), by_betweenness);
        let radius = looks.radius.expect("radii");
        let (chile, peru, france) = (
            node(&a, &view, "chile"),
            node(&a, &view, "peru"),
            node(&a, &view, "france"),
        );
        // France joins three others to three, Chile two to four.
        assert_eq!(radius[france], radius_of_share(1.0), "France bridges most");
        assert!((radius[chile] - radius_of_share(8.0 / 9.0)).abs() < 1e-4);
        assert_eq!(radius[peru], radius_of_share(0.0), "Peru bridges nothing");
        let fill = looks.fill.expect("fills");
        assert_eq!(fill[chile], fill[peru]);
        assert_ne!(fill[chile], fill[france]);
    }

    #[test]
    fn stats_of_an_earlier_view_match_nodes_by_entity() {
        let a = two_groups();
        let all = Filters::default();
        let stats =
            GraphStats::compute(&a, &all, &GraphView::build(&a, &all), EdgeWeighting::Count);
        let fewer = Filters {
            min_mentions: 2,
            ..Filters::default()
        };
        let view = GraphView::build(&a, &fewer);
        let encoding = Encoding {
            size: Metric::Degree,
            color: ColorBy::Community,
        };
        let looks = NodeLooks::build(&view, Some(&stats), encoding);
        assert_eq!(looks.radius.as_ref().map(Vec::len), Some(view.nodes.len()));
        let (chile, france) = (node(&a, &view, "chile"), node(&a, &view, "france"));
        // Degrees in the whole graph: Chile 3, France 4.
        let radius = looks.radius.unwrap();
        assert_eq!(radius[france], radius_of_share(1.0));
        assert_eq!(radius[chile], radius_of_share(0.75));
        assert_ne!(looks.fill.unwrap()[chile], UNKNOWN);
        assert_eq!(
            NodeLooks::build(&view, None, encoding),
            NodeLooks::default()
        );
    }
}
