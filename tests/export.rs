//! Exports read back: every format parses with an independent reader and
//! holds the view's nodes and edges with their attributes; pictures have the
//! asked size and are not blank; output is deterministic; names with markup
//! or spreadsheet formulas come out literally and harmlessly; failed exports
//! leave nothing behind; the CLI writes every format.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;
use std::sync::OnceLock;

use newsgraph::export::json::{self, Report};
use newsgraph::export::{self, ExportError, ExportInput, Format, ImageOptions, png, svg};
use newsgraph::extract::Kind;
use newsgraph::graph::view::{Filters, GraphView, LAYOUT_SEED};
use newsgraph::pipeline::Analysis;
use newsgraph::scene::{NodeShape, Rgba, Scene, SceneEdge, SceneNode, Style, Theme};
use quick_xml::XmlVersion;
use quick_xml::escape::resolve_xml_entity;
use quick_xml::events::{BytesStart, Event};
use resvg::tiny_skia::Pixmap;
use serde_json::Value;

/// The seeds' view with default filters, and its settled layout.
fn seeds_view() -> &'static (GraphView, Vec<[f32; 2]>) {
    static VIEW: OnceLock<(GraphView, Vec<[f32; 2]>)> = OnceLock::new();
    VIEW.get_or_init(|| {
        let view = GraphView::build(common::seeds(), &Filters::default());
        let positions = view.settled_layout(LAYOUT_SEED).positions().to_vec();
        (view, positions)
    })
}

fn seeds_input(options: &ImageOptions) -> ExportInput<'_> {
    let (view, positions) = seeds_view();
    ExportInput {
        analysis: common::seeds(),
        view,
        positions,
        options,
    }
}

/// Renders one file of `format` (the first for CSV).
fn render(format: Format, input: &ExportInput) -> Vec<u8> {
    export::render(format, input).unwrap().swap_remove(0)
}

/// An XML element: name, attributes, text directly inside it.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    text: String,
}

impl Element {
    fn attr(&self, name: &str) -> &str {
        self.attrs.get(name).map_or("", String::as_str)
    }
}

fn element(start: &BytesStart) -> Element {
    Element {
        name: start.name().0.to_owned(),
        attrs: start
            .attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                let value = a.normalized_value(XmlVersion::Explicit1_0);
                (
                    a.key.0.to_owned(),
                    value.expect("escaped value").into_owned(),
                )
            })
            .collect(),
        text: String::new(),
    }
}

/// Every element of an XML document in document order; panics unless the
/// document is well-formed.
fn elements(xml: &[u8]) -> Vec<Element> {
    let text = std::str::from_utf8(xml).expect("UTF-8");
    let mut reader = quick_xml::Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let (mut out, mut open) = (Vec::<Element>::new(), Vec::new());
    loop {
        let piece = match reader.read_event().expect("well-formed XML") {
            Event::Start(e) => {
                out.push(element(&e));
                open.push(out.len() - 1);
                continue;
            }
            Event::Empty(e) => {
                out.push(element(&e));
                continue;
            }
            Event::End(_) => {
                open.pop();
                continue;
            }
            Event::Text(t) => t.xml10_content().into_owned(),
            Event::GeneralRef(r) => match r.resolve_char_ref().expect("char ref") {
                Some(c) => c.to_string(),
                None => resolve_xml_entity(&r.xml10_content())
                    .expect("known entity")
                    .to_owned(),
            },
            Event::Eof => break,
            _ => continue,
        };
        if let Some(&i) = open.last() {
            out[i].text.push_str(&piece);
        }
    }
    assert!(open.is_empty(), "unclosed elements");
    out
}

fn named<'a>(elements: &'a [Element], name: &str) -> Vec<&'a Element> {
    elements.iter().filter(|e| e.name == name).collect()
}

/// Entity id → (name, kind, mentions) of the seeds' view.
fn expected_nodes() -> BTreeMap<String, (String, &'static str, usize)> {
    let (view, _) = seeds_view();
    let entities = &common::seeds().extraction.entities;
    view.nodes
        .iter()
        .zip(&view.mentions)
        .map(|(&e, &m)| {
            let entity = &entities[e];
            (
                entity.id.clone(),
                (entity.name.clone(), entity.kind.as_str(), m),
            )
        })
        .collect()
}

/// (source id, target id) → weight of the seeds' view.
fn expected_edges() -> BTreeMap<(String, String), u32> {
    let (view, _) = seeds_view();
    let entities = &common::seeds().extraction.entities;
    let id = |n: usize| entities[view.nodes[n]].id.clone();
    view.edges
        .iter()
        .map(|e| ((id(e.a), id(e.b)), e.weight))
        .collect()
}

#[test]
fn graphml_holds_every_node_and_edge_with_attributes() {
    let options = ImageOptions::default();
    let doc = elements(&render(Format::GraphMl, &seeds_input(&options)));
    let keys: BTreeMap<String, String> = named(&doc, "key")
        .iter()
        .map(|k| (k.attr("id").to_owned(), k.attr("attr.name").to_owned()))
        .collect();
    for name in [
        "label", "kind", "mentions", "aliases", "roles", "x", "y", "color",
    ] {
        assert!(keys.values().any(|v| v == name), "no key {name}");
    }
    // Node data follow their node in document order.
    let mut nodes: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut current = String::new();
    for e in &doc {
        match e.name.as_str() {
            "node" => current = e.attr("id").to_owned(),
            "edge" => current.clear(),
            "data" if !current.is_empty() => {
                let key = keys[e.attr("key")].clone();
                nodes
                    .entry(current.clone())
                    .or_default()
                    .insert(key, e.text.clone());
            }
            _ => {}
        }
    }
    let expected = expected_nodes();
    assert_eq!(nodes.len(), expected.len());
    for (id, (name, kind, mentions)) in &expected {
        let data = &nodes[id];
        assert_eq!(data["label"], *name);
        assert_eq!(data["kind"], *kind);
        assert_eq!(data["mentions"], mentions.to_string());
        assert!(data["x"].parse::<f32>().is_ok() && data["color"].starts_with('#'));
    }
    assert_eq!(
        nodes["antony-blinken"]["roles"],
        "Secretary of State (United States)"
    );
    let edges: BTreeMap<(String, String), String> = named(&doc, "edge")
        .iter()
        .map(|e| {
            let ends = (e.attr("source").to_owned(), e.attr("target").to_owned());
            (ends, e.attr("id").to_owned())
        })
        .collect();
    let expected_edges = expected_edges();
    assert_eq!(edges.len(), expected_edges.len());
    assert!(expected_edges.keys().all(|k| edges.contains_key(k)));
    assert_eq!(named(&doc, "graph")[0].attr("edgedefault"), "undirected");
}

#[test]
fn gexf_has_viz_attributes_and_weights() {
    let options = ImageOptions::default();
    let doc = elements(&render(Format::Gexf, &seeds_input(&options)));
    assert_eq!(doc[0].name, "gexf");
    assert_eq!(doc[0].attr("version"), "1.3");
    assert_eq!(doc[0].attr("xmlns:viz"), "http://gexf.net/1.3/viz");
    let declared: BTreeSet<&str> = named(&doc, "attribute")
        .iter()
        .map(|a| a.attr("id"))
        .collect();
    assert!(declared.is_superset(&["kind", "mentions", "aliases", "roles", "evidence"].into()));
    let nodes = named(&doc, "node");
    let expected = expected_nodes();
    assert_eq!(nodes.len(), expected.len());
    for node in &nodes {
        assert_eq!(expected[node.attr("id")].0, node.attr("label"));
    }
    for viz in ["viz:color", "viz:size", "viz:position"] {
        assert_eq!(named(&doc, viz).len(), expected.len(), "{viz}");
    }
    let blue = named(&doc, "viz:color")
        .iter()
        .any(|c| (c.attr("r"), c.attr("g"), c.attr("b")) == ("0", "114", "178"));
    assert!(blue, "countries are Okabe–Ito blue");
    let weights: BTreeMap<(String, String), u32> = named(&doc, "edge")
        .iter()
        .map(|e| {
            let ends = (e.attr("source").to_owned(), e.attr("target").to_owned());
            (ends, e.attr("weight").parse().unwrap())
        })
        .collect();
    assert_eq!(weights, expected_edges());
}

#[test]
fn node_link_json_reads_like_networkx_expects() {
    let options = ImageOptions::default();
    let json: Value =
        serde_json::from_slice(&render(Format::NodeLink, &seeds_input(&options))).unwrap();
    // Relation edges are directed and run beside co-mention edges.
    assert_eq!(json["directed"], true);
    assert_eq!(json["multigraph"], true);
    assert_eq!(json["graph"]["window"], "sentence");
    let expected = expected_nodes();
    let nodes = json["nodes"].as_array().unwrap();
    assert_eq!(nodes.len(), expected.len());
    for node in nodes {
        let (name, kind, mentions) = &expected[node["id"].as_str().unwrap()];
        assert_eq!(node["label"], name.as_str());
        assert_eq!(node["kind"], *kind);
        assert_eq!(node["mentions"], *mentions);
        assert!(node["aliases"].is_array() && node["x"].is_number());
    }
    let links: BTreeMap<(String, String), u32> = json["links"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let end = |k: &str| l[k].as_str().unwrap().to_owned();
            (
                (end("source"), end("target")),
                l["weight"].as_u64().unwrap() as u32,
            )
        })
        .collect();
    assert_eq!(links, expected_edges());
}

#[test]
fn json_is_the_extract_report_of_the_view() {
    let options = ImageOptions::default();
    let report: Report =
        serde_json::from_slice(&render(Format::Json, &seeds_input(&options))).unwrap();
    let expected = expected_nodes();
    assert_eq!(report.entities.len(), expected.len());
    for e in &report.entities {
        assert_eq!(expected[&e.id].2, e.mentions);
    }
    assert_eq!(report.edges.len(), seeds_view().0.edges.len());
    let mut extract = Vec::new();
    json::write_report(&mut extract, common::seeds()).unwrap();
    let whole: Report = serde_json::from_slice(&extract).unwrap();
    assert_eq!(report, whole, "nothing filtered out");
}

#[test]
fn json_follows_the_filters() {
    let analysis = common::seeds();
    let filters = Filters {
        min_mentions: 5,
        excluded_docs: [0].into(),
        ..Filters::default()
    };
    let view = GraphView::build(analysis, &filters);
    let positions = vec![[0.0, 0.0]; view.nodes.len()];
    let options = ImageOptions::default();
    let input = ExportInput {
        analysis,
        view: &view,
        positions: &positions,
        options: &options,
    };
    let report: Report = serde_json::from_slice(&render(Format::Json, &input)).unwrap();
    assert_eq!(report.documents.len(), analysis.corpus.documents.len() - 1);
    assert_eq!(report.entities.len(), view.nodes.len());
    assert!(report.entities.iter().all(|e| e.mentions >= 5));
    let excluded = &analysis.corpus.documents[0].id;
    assert!(report.mentions.iter().all(|m| &m.document != excluded));
    assert_eq!(report.edges.len(), view.edges.len());
}

#[test]
fn csv_tables_hold_nodes_and_edges() {
    let options = ImageOptions::default();
    let tables = export::render(Format::Csv, &seeds_input(&options)).unwrap();
    let mut nodes = csv::Reader::from_reader(tables[0].as_slice());
    let header: Vec<String> = nodes.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        header,
        [
            "id", "label", "kind", "mentions", "aliases", "roles", "x", "y", "size", "color"
        ]
    );
    let expected = expected_nodes();
    let rows: Vec<csv::StringRecord> = nodes.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), expected.len());
    for row in &rows {
        let (name, kind, mentions) = &expected[&row[0]];
        assert_eq!((&row[1], &row[2]), (name.as_str(), *kind));
        assert_eq!(row[3].parse::<usize>().unwrap(), *mentions);
    }
    let mut edges = csv::Reader::from_reader(tables[1].as_slice());
    assert_eq!(
        edges.headers().unwrap(),
        vec![
            "id", "source", "target", "directed", "kind", "weight", "evidence"
        ]
    );
    let weights: BTreeMap<(String, String), u32> = edges
        .records()
        .map(|r| {
            let r = r.unwrap();
            ((r[1].to_owned(), r[2].to_owned()), r[5].parse().unwrap())
        })
        .collect();
    assert_eq!(weights, expected_edges());
}

#[test]
fn svg_shows_nodes_edges_labels_legend_and_title() {
    let options = ImageOptions {
        title: Some("Seeds & co".into()),
        ..ImageOptions::default()
    };
    let doc = elements(svg::graph_svg(&seeds_input(&options)).unwrap().as_bytes());
    let root = &doc[0];
    assert_eq!((root.attr("width"), root.attr("height")), ("1920", "1080"));
    assert!(root.attr("font-family").contains("DejaVu Sans"));
    let (view, _) = seeds_view();
    let segments: usize = named(&doc, "path")
        .iter()
        .map(|p| p.attr("d").matches('M').count())
        .sum();
    assert_eq!(segments, view.edges.len());
    let symbols = named(&doc, "circle").len() + named(&doc, "polygon").len();
    let arrowheads = view.edges.iter().filter(|e| e.relation).count();
    assert_eq!(
        symbols,
        view.nodes.len() + Kind::ALL.len() + arrowheads,
        "nodes, legend and arrowheads"
    );
    let texts: Vec<&str> = named(&doc, "text")
        .iter()
        .map(|t| t.text.as_str())
        .collect();
    for kind in Kind::ALL {
        assert!(texts.contains(&kind.as_str()), "legend lacks {kind:?}");
    }
    for name in ["Russia", "Antony Blinken", "NATO", "Seeds & co"] {
        assert!(texts.contains(&name), "no label {name}");
    }
    assert_eq!(named(&doc, "title")[0].text, "Seeds & co");
    let transparent = ImageOptions {
        transparent: true,
        ..ImageOptions::default()
    };
    let doc = elements(
        svg::graph_svg(&seeds_input(&transparent))
            .unwrap()
            .as_bytes(),
    );
    assert_eq!(named(&doc, "rect").len(), 1, "the legend's frame only");
}

#[test]
fn svg_draws_arrowheads_for_directed_edges() {
    let style = Style::new(Theme::Light);
    let edge = |arrow| SceneEdge {
        edge: 0,
        from: [100.0, 100.0],
        to: [300.0, 100.0],
        width: 2.0,
        color: Rgba::rgb(10, 20, 30),
        arrow,
    };
    let node = SceneNode {
        node: 0,
        center: [320.0, 100.0],
        radius: 20.0,
        fill: Rgba::rgb(0, 114, 178),
        outline: Rgba::rgb(0, 0, 0),
        outline_width: 1.0,
        shape: NodeShape::Circle,
    };
    let options = ImageOptions {
        width: 400,
        height: 200,
        ..ImageOptions::default()
    };
    let picture = |arrow| {
        let scene = Scene {
            size: [400.0, 200.0],
            edges: vec![edge(arrow)],
            nodes: vec![node.clone()],
            labels: Vec::new(),
        };
        elements(svg::scene_svg(&scene, &style, &options).unwrap().as_bytes())
    };
    let plain = picture(false);
    let legend_polygons = named(&plain, "polygon").len();
    assert_eq!(
        named(&plain, "path")[0].attr("d"),
        "M100.00 100.00L300.00 100.00"
    );
    let arrow = picture(true);
    let polygons = named(&arrow, "polygon");
    assert_eq!(polygons.len(), legend_polygons + 1);
    let head = polygons[0];
    assert!(
        head.attr("points").starts_with("300.00,100.00 "),
        "tip at `to`"
    );
    assert_eq!(head.attr("fill"), "#0a141e");
    let d = named(&arrow, "path")[0].attr("d");
    let line_end: f32 = d["M100.00 100.00L".len()..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    assert!(line_end < 300.0, "the line stops at the head's base: {d}");
}

/// Names that are markup, formulas or control characters.
const NASTY: [&str; 5] = [
    "<script>alert(\"x\")</script>",
    "\"R&D\" Council",
    "=HYPERLINK(\"http://example.com\",\"x\")",
    "-2+3",
    "Bell\u{7}Tab\tEnd",
];

fn nasty() -> &'static (Analysis, GraphView) {
    static NASTY_GRAPH: OnceLock<(Analysis, GraphView)> = OnceLock::new();
    NASTY_GRAPH.get_or_init(|| {
        let entities: Vec<(&str, Kind, usize)> = NASTY
            .iter()
            .zip(Kind::ALL)
            .map(|(&name, kind)| (name, kind, 3))
            .collect();
        common::hand_made(&entities, &[(0, 1, 2), (1, 2, 1), (3, 4, 1)])
    })
}

fn nasty_input(options: &ImageOptions) -> ExportInput<'_> {
    static POSITIONS: [[f32; 2]; 5] = [
        [0.0, 0.0],
        [400.0, 0.0],
        [0.0, 300.0],
        [400.0, 300.0],
        [200.0, 150.0],
    ];
    let (analysis, view) = nasty();
    ExportInput {
        analysis,
        view,
        positions: &POSITIONS,
        options,
    }
}

/// The names as XML keeps them: control characters become spaces.
fn shown(name: &str) -> String {
    name.replace(['\u{7}', '\t'], " ")
}

#[test]
fn markup_and_control_characters_come_out_literally() {
    let options = ImageOptions {
        title: Some("<b>&</b>".into()),
        ..ImageOptions::default()
    };
    let input = nasty_input(&options);
    let svg = elements(&render(Format::Svg, &input));
    let texts: Vec<&str> = named(&svg, "text")
        .iter()
        .map(|t| t.text.as_str())
        .collect();
    for name in NASTY {
        assert!(texts.contains(&shown(name).as_str()), "SVG lacks {name:?}");
    }
    assert!(texts.contains(&"<b>&</b>"));
    let graphml = elements(&render(Format::GraphMl, &input));
    let data: Vec<&str> = named(&graphml, "data")
        .iter()
        .map(|d| d.text.as_str())
        .collect();
    let gexf = elements(&render(Format::Gexf, &input));
    let labels: Vec<&str> = named(&gexf, "node")
        .iter()
        .map(|n| n.attr("label"))
        .collect();
    for name in NASTY {
        assert!(
            data.contains(&shown(name).as_str()),
            "GraphML lacks {name:?}"
        );
        assert!(
            labels.contains(&shown(name).as_str()),
            "GEXF lacks {name:?}"
        );
    }
    let json: Value = serde_json::from_slice(&render(Format::NodeLink, &input)).unwrap();
    let json_labels: Vec<&str> = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["label"].as_str().unwrap())
        .collect();
    for name in NASTY {
        assert!(json_labels.contains(&name), "node-link lacks {name:?}");
    }
}

#[test]
fn csv_cells_cannot_run_as_formulas() {
    let options = ImageOptions::default();
    let tables = export::render(Format::Csv, &nasty_input(&options)).unwrap();
    let mut nodes = csv::Reader::from_reader(tables[0].as_slice());
    let labels: Vec<String> = nodes.records().map(|r| r.unwrap()[1].to_owned()).collect();
    assert!(labels.contains(&"'=HYPERLINK(\"http://example.com\",\"x\")".to_owned()));
    assert!(labels.contains(&"'-2+3".to_owned()));
    assert!(labels.contains(&"<script>alert(\"x\")</script>".to_owned()));
    assert!(labels.iter().all(|c| !c.starts_with(['=', '+', '-', '@'])));
    let text = String::from_utf8(tables[0].clone()).unwrap();
    assert!(text.contains("-2+3") && !text.contains(",-2+3"), "{text}");
}

/// Share of pixels unlike the corner pixel, and number of distinct colours.
fn variety(png: &[u8]) -> (Pixmap, f32, usize) {
    let pixmap = Pixmap::decode_png(png).expect("a PNG");
    let pixels = pixmap.pixels();
    let corner = pixels[pixels.len() - 1];
    let other = pixels.iter().filter(|&&p| p != corner).count();
    let colours: BTreeSet<[u8; 4]> = pixels
        .iter()
        .map(|p| [p.red(), p.green(), p.blue(), p.alpha()])
        .collect();
    let share = other as f32 / pixels.len() as f32;
    (pixmap, share, colours.len())
}

#[test]
fn png_has_the_asked_size_and_is_not_blank() {
    let options = ImageOptions {
        width: 800,
        height: 450,
        scale: 2.0,
        ..ImageOptions::default()
    };
    let (pixmap, share, colours) = variety(&png::graph_png(&seeds_input(&options)).unwrap());
    assert_eq!((pixmap.width(), pixmap.height()), (1600, 900));
    assert!(share > 0.03, "only {share} of the pixels are drawn");
    assert!(colours > 200, "{colours} colours");
    let corner = pixmap.pixel(1599, 899).unwrap();
    assert_eq!(
        (corner.red(), corner.alpha()),
        (0xFA, 255),
        "light background"
    );
    let clear = ImageOptions {
        transparent: true,
        theme: Theme::Dark,
        ..options
    };
    let (pixmap, _, _) = variety(&png::graph_png(&seeds_input(&clear)).unwrap());
    assert_eq!(pixmap.pixel(1599, 899).unwrap().alpha(), 0);
}

#[test]
fn png_draws_text_with_the_shipped_font() {
    // Two pictures that differ only in their title differ in pixels.
    let scene = Scene {
        size: [300.0, 120.0],
        ..Scene::default()
    };
    let style = Style::new(Theme::Light);
    let picture = |title: &str| {
        let options = ImageOptions {
            width: 300,
            height: 120,
            title: Some(title.into()),
            ..ImageOptions::default()
        };
        let svg = svg::scene_svg(&scene, &style, &options).unwrap();
        Pixmap::decode_png(&png::svg_to_png(&svg).unwrap()).unwrap()
    };
    let (a, b) = (picture("Alpha"), picture("Omega"));
    let differ = a
        .pixels()
        .iter()
        .zip(b.pixels())
        .filter(|(x, y)| x != y)
        .count();
    assert!(differ > 50, "{differ} pixels differ");
}

#[test]
fn exports_are_deterministic() {
    let options = ImageOptions {
        width: 640,
        height: 360,
        ..ImageOptions::default()
    };
    let fresh = || {
        let view = GraphView::build(common::seeds(), &Filters::default());
        let positions = view.settled_layout(LAYOUT_SEED).positions().to_vec();
        (view, positions)
    };
    let (a, b) = (fresh(), fresh());
    for format in [
        Format::Svg,
        Format::Png,
        Format::GraphMl,
        Format::Gexf,
        Format::Json,
        Format::NodeLink,
        Format::Csv,
    ] {
        let bytes = |(view, positions): &(GraphView, Vec<[f32; 2]>)| {
            let input = ExportInput {
                analysis: common::seeds(),
                view,
                positions,
                options: &options,
            };
            export::render(format, &input).unwrap()
        };
        assert_eq!(bytes(&a), bytes(&b), "{format:?} differs between runs");
    }
}

#[test]
fn failed_exports_leave_no_file_and_say_why() {
    let dir = tempfile::tempdir().unwrap();
    let options = ImageOptions::default();
    let input = seeds_input(&options);
    let missing = dir.path().join("missing/graph.svg");
    let err = export::export(&missing, Format::Svg, &input).unwrap_err();
    assert!(matches!(err, ExportError::NoFolder { .. }));
    assert!(err.to_string().contains("missing") && err.to_string().contains("does not exist"));
    std::fs::create_dir(dir.path().join("graph.png")).unwrap();
    let folder = dir.path().join("graph.png");
    let err = export::export(&folder, Format::Png, &input).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!("{} is a folder, not a file name", folder.display())
    );
    let huge = ImageOptions {
        scale: 100.0,
        ..ImageOptions::default()
    };
    let target = dir.path().join("huge.png");
    let err = export::export(&target, Format::Png, &seeds_input(&huge)).unwrap_err();
    assert!(err.to_string().starts_with("bad image size"), "{err}");
    let (view, positions) = seeds_view();
    let short = ExportInput {
        positions: &positions[1..],
        ..seeds_input(&options)
    };
    let err = export::export(&dir.path().join("short.svg"), Format::Svg, &short).unwrap_err();
    assert_eq!(
        err.to_string(),
        format!(
            "the layout does not fit the graph: {} finite positions needed, {} given",
            view.nodes.len(),
            view.nodes.len() - 1
        )
    );
    assert_eq!(
        common::file_names(dir.path()),
        ["graph.png"],
        "nothing else written"
    );
    assert!(common::file_names(&folder).is_empty());
}

#[test]
fn csv_export_writes_two_tables() {
    let dir = tempfile::tempdir().unwrap();
    let options = ImageOptions::default();
    let written = export::export(
        &dir.path().join("g.csv"),
        Format::Csv,
        &seeds_input(&options),
    )
    .unwrap();
    assert_eq!(written.len(), 2);
    assert_eq!(
        common::file_names(dir.path()),
        ["g.edges.csv", "g.nodes.csv"]
    );
}

fn newsgraph() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
}

#[test]
fn cli_writes_every_format() {
    let dir = tempfile::tempdir().unwrap();
    let outputs = [
        ("graph.png", false),
        ("graph.svg", false),
        ("graph.graphml", false),
        ("graph.gexf", false),
        ("graph.json", false),
        ("links.json", true),
        ("graph.csv", false),
    ];
    for (name, node_link) in outputs {
        let mut command = newsgraph();
        command
            .args(["export", "--width", "800", "--height", "600", "-o"])
            .arg(dir.path().join(name));
        if node_link {
            command.arg("--node-link");
        }
        let out = command.output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(out.status.success(), "{name}: {stderr}");
        assert!(stderr.contains("wrote"), "{name}: {stderr}");
    }
    assert_eq!(
        common::file_names(dir.path()),
        [
            "graph.edges.csv",
            "graph.gexf",
            "graph.graphml",
            "graph.json",
            "graph.nodes.csv",
            "graph.png",
            "graph.svg",
            "links.json"
        ]
    );
    let png = std::fs::read(dir.path().join("graph.png")).unwrap();
    let pixmap = Pixmap::decode_png(&png).unwrap();
    assert_eq!((pixmap.width(), pixmap.height()), (800, 600));
    let links: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("links.json")).unwrap()).unwrap();
    assert!(links["links"].as_array().is_some_and(|l| !l.is_empty()));
    let report: Value =
        serde_json::from_slice(&std::fs::read(dir.path().join("graph.json")).unwrap()).unwrap();
    assert!(report["entities"].as_array().is_some_and(|e| !e.is_empty()));
}

#[test]
fn cli_export_errors_are_one_line() {
    let dir = tempfile::tempdir().unwrap();
    let cases = [
        (
            vec!["-o", "/no/such/folder/graph.png"],
            "newsgraph: folder /no/such/folder does not exist\n",
        ),
        (
            vec!["-o", "graph.pdf"],
            "newsgraph: cannot tell the format of graph.pdf: use .svg, .png, .graphml, .gexf, .json or .csv\n",
        ),
        (
            vec!["-o", "graph.svg", "--node-link"],
            "newsgraph: --node-link needs a .json output file\n",
        ),
        (
            vec!["-o", "graph.png", "--scale", "0"],
            "newsgraph: bad image size: 1920×1080 at scale 0 is not between 1 and 16384 pixels a side\n",
        ),
    ];
    for (args, message) in cases {
        let out = newsgraph()
            .arg("export")
            .args(&args)
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(!out.status.success(), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stderr), message, "{args:?}");
    }
    assert!(common::file_names(dir.path()).is_empty());
}

#[test]
fn an_empty_graph_exports_too() {
    let (analysis, view) = common::hand_made(&[], &[]);
    let options = ImageOptions {
        width: 200,
        height: 150,
        ..ImageOptions::default()
    };
    let input = ExportInput {
        analysis: &analysis,
        view: &view,
        positions: &[],
        options: &options,
    };
    for format in [
        Format::Svg,
        Format::Png,
        Format::GraphMl,
        Format::Gexf,
        Format::NodeLink,
    ] {
        assert!(!render(format, &input).is_empty(), "{format:?}");
    }
    let tables = export::render(Format::Csv, &input).unwrap();
    assert_eq!(
        tables[1],
        b"id,source,target,directed,kind,weight,evidence\n"
    );
}
