//! networkx node-link JSON: `{"directed", "multigraph", "graph", "nodes",
//! "links"}`, each node with its `id` and attributes, each link with
//! `source`, `target` and attributes. The edge list is under "links", the
//! key older networkx reads by default; networkx 3.4 and later read it with
//! `nx.node_link_graph(data, edges="links")`.

use serde_json::{Map, Value as Json, json};

use super::table::{Attr, EDGE_ATTRS, NODE_ATTRS, Value, edge_rows, node_rows};
use super::{ExportError, ExportInput};

/// The node-link JSON of the view, pretty-printed, ending with a line break.
pub fn node_link(input: &ExportInput) -> Result<Vec<u8>, ExportError> {
    let nodes = node_rows(input);
    let edges = edge_rows(input);
    let mut pairs: Vec<(&str, &str)> = edges
        .iter()
        .map(|e| (e.source.as_str(), e.target.as_str()))
        .collect();
    pairs.sort_unstable();
    let multigraph = pairs.windows(2).any(|w| w[0] == w[1]);
    let mut graph = Map::new();
    graph.insert("window".into(), input.view.graph.window.as_str().into());
    if let Some(title) = &input.options.title {
        graph.insert("name".into(), title.as_str().into());
    }
    let document = json!({
        "directed": edges.iter().any(|e| e.directed),
        "multigraph": multigraph,
        "graph": graph,
        "nodes": nodes
            .iter()
            .map(|n| object(&[("id", &n.id)], &NODE_ATTRS, &n.values()))
            .collect::<Vec<_>>(),
        "links": edges
            .iter()
            .map(|e| {
                let ends = [("source", e.source.as_str()), ("target", &e.target)];
                object(&ends, &EDGE_ATTRS, &e.values())
            })
            .collect::<Vec<_>>(),
    });
    let mut bytes =
        serde_json::to_vec_pretty(&document).map_err(|e| ExportError::Render(e.to_string()))?;
    bytes.push(b'\n');
    Ok(bytes)
}

/// A JSON object of text fields (ids) and attribute values.
fn object(fields: &[(&str, &str)], attrs: &[Attr], values: &[Value]) -> Json {
    let mut map = Map::new();
    for &(name, text) in fields {
        map.insert(name.into(), text.into());
    }
    for (attr, value) in attrs.iter().zip(values) {
        map.insert(attr.name.into(), value.json());
    }
    Json::Object(map)
}
