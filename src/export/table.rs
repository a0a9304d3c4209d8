//! The nodes and edges every graph file writes, as rows of named
//! attributes: one place decides what GraphML, GEXF, node-link JSON and the
//! CSV tables contain. Rows are sorted (nodes by id, edges by source, target
//! and kind), so files are identical from run to run.

use std::borrow::Cow;

use super::ExportInput;
use crate::scene::{Palette, Rgba, node_radius};

/// How an attribute's values are typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttrType {
    Text,
    Int,
    Float,
}

impl AttrType {
    /// The type's name in GraphML and GEXF (the two agree).
    pub fn xml_name(self) -> &'static str {
        match self {
            AttrType::Text => "string",
            AttrType::Int => "long",
            AttrType::Float => "double",
        }
    }
}

/// A node or edge attribute.
#[derive(Debug, Clone, Copy)]
pub struct Attr {
    pub name: &'static str,
    pub ty: AttrType,
    /// GEXF has a place of its own for it (label, viz position, size and
    /// colour, edge weight), so it is not declared as an attribute there.
    pub gexf_native: bool,
}

const fn attr(name: &'static str, ty: AttrType, gexf_native: bool) -> Attr {
    Attr {
        name,
        ty,
        gexf_native,
    }
}

/// The attributes of a node, in the order of [`NodeRow::values`].
pub const NODE_ATTRS: [Attr; 9] = [
    attr("label", AttrType::Text, true),
    attr("kind", AttrType::Text, false),
    attr("mentions", AttrType::Int, false),
    attr("aliases", AttrType::Text, false),
    attr("roles", AttrType::Text, false),
    attr("x", AttrType::Float, true),
    attr("y", AttrType::Float, true),
    attr("size", AttrType::Float, true),
    attr("color", AttrType::Text, true),
];

/// The attributes of an edge, in the order of [`EdgeRow::values`].
pub const EDGE_ATTRS: [Attr; 3] = [
    attr("kind", AttrType::Text, false),
    attr("weight", AttrType::Int, true),
    attr("evidence", AttrType::Int, false),
];

/// One attribute value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Value<'a> {
    Text(&'a str),
    /// Written as one text, items separated by "; ", except in JSON.
    List(&'a [String]),
    Int(u64),
    Float(f32),
    /// Written as "#rrggbb".
    Color(Rgba),
}

impl Value<'_> {
    /// The value as text; floats with two decimals.
    pub fn text(&self) -> Cow<'_, str> {
        match *self {
            Value::Text(text) => Cow::Borrowed(text),
            Value::List(items) => Cow::Owned(items.join("; ")),
            Value::Int(n) => Cow::Owned(n.to_string()),
            Value::Float(x) => Cow::Owned(fixed(x)),
            Value::Color(c) => Cow::Owned(c.hex()),
        }
    }

    /// Whether the value comes from the corpus or the user (not a number).
    pub fn is_text(&self) -> bool {
        matches!(self, Value::Text(_) | Value::List(_))
    }

    /// The value as JSON; floats rounded to two decimals.
    pub fn json(&self) -> serde_json::Value {
        match *self {
            Value::Text(text) => text.into(),
            Value::List(items) => items.into(),
            Value::Int(n) => n.into(),
            Value::Float(x) => ((f64::from(x) * 100.0).round() / 100.0).into(),
            Value::Color(c) => c.hex().into(),
        }
    }
}

/// A number with two decimals (never "-0.00").
pub fn fixed(x: f32) -> String {
    let text = format!("{x:.2}");
    match text.as_str() {
        "-0.00" => "0.00".to_owned(),
        _ => text,
    }
}

/// A node as graph files write it.
#[derive(Debug, Clone, PartialEq)]
pub struct NodeRow {
    pub id: String,
    pub label: String,
    pub kind: &'static str,
    pub mentions: usize,
    pub aliases: Vec<String>,
    /// "title (owner)" or "title".
    pub roles: Vec<String>,
    /// Layout position (world units, y down).
    pub position: [f32; 2],
    /// Radius in world units.
    pub size: f32,
    /// The kind's colour, for the chosen theme.
    pub color: Rgba,
}

impl NodeRow {
    /// The values of [`NODE_ATTRS`].
    pub fn values(&self) -> [Value<'_>; 9] {
        [
            Value::Text(&self.label),
            Value::Text(self.kind),
            Value::Int(self.mentions as u64),
            Value::List(&self.aliases),
            Value::List(&self.roles),
            Value::Float(self.position[0]),
            Value::Float(self.position[1]),
            Value::Float(self.size),
            Value::Color(self.color),
        ]
    }
}

/// An edge as graph files write it.
#[derive(Debug, Clone, PartialEq)]
pub struct EdgeRow {
    /// "e0", "e1" … in row order.
    pub id: String,
    /// Node ids.
    pub source: String,
    pub target: String,
    pub directed: bool,
    pub kind: &'static str,
    pub weight: u32,
    /// Number of supporting sentences.
    pub evidence: usize,
}

impl EdgeRow {
    /// The values of [`EDGE_ATTRS`].
    pub fn values(&self) -> [Value<'_>; 3] {
        [
            Value::Text(self.kind),
            Value::Int(u64::from(self.weight)),
            Value::Int(self.evidence as u64),
        ]
    }
}

/// The view's nodes, sorted by id.
pub fn node_rows(input: &ExportInput) -> Vec<NodeRow> {
    let ExportInput {
        analysis,
        view,
        positions,
        options,
    } = *input;
    let entities = &analysis.extraction.entities;
    let palette = Palette::of(options.theme);
    let max = view.mentions.iter().copied().max().unwrap_or(1);
    let mut rows: Vec<NodeRow> = view
        .nodes
        .iter()
        .enumerate()
        .map(|(node, &e)| {
            let entity = &entities[e];
            let roles = entity.roles.iter().map(|role| match role.of {
                Some(of) => format!("{} ({})", role.title, entities[of].name),
                None => role.title.clone(),
            });
            NodeRow {
                id: entity.id.clone(),
                label: entity.name.clone(),
                kind: entity.kind.as_str(),
                mentions: view.mentions[node],
                aliases: entity.aliases.clone(),
                roles: roles.collect(),
                position: positions[node],
                size: node_radius(view.mentions[node], max),
                color: palette.kind(entity.kind),
            }
        })
        .collect();
    rows.sort_by(|a, b| a.id.cmp(&b.id));
    rows
}

/// The view's edges, sorted by source, target and kind, numbered in order.
pub fn edge_rows(input: &ExportInput) -> Vec<EdgeRow> {
    let ExportInput { analysis, view, .. } = *input;
    let id = |node: usize| analysis.extraction.entities[view.nodes[node]].id.clone();
    let mut rows: Vec<EdgeRow> = view
        .edges
        .iter()
        .filter_map(|e| {
            let edge = view.graph.graph.edge_weight(e.edge)?;
            Some(EdgeRow {
                id: String::new(),
                source: id(e.a),
                target: id(e.b),
                directed: edge.kind.is_directed(),
                kind: edge.kind.as_str(),
                weight: e.weight,
                evidence: edge.evidence.len(),
            })
        })
        .collect();
    rows.sort_by(|a, b| (&a.source, &a.target, a.kind).cmp(&(&b.source, &b.target, b.kind)));
    for (i, row) in rows.iter_mut().enumerate() {
        row.id = format!("e{i}");
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_as_text_and_json() {
        assert_eq!(fixed(-0.001), "0.00");
        assert_eq!(fixed(2.345_6), "2.35");
        let list = ["a".to_owned(), "b".to_owned()];
        assert_eq!(Value::List(&list).text(), "a; b");
        assert_eq!(Value::List(&list).json(), serde_json::json!(["a", "b"]));
        assert_eq!(Value::Float(1.005).json(), serde_json::json!(1.0));
        assert_eq!(Value::Color(Rgba::rgb(0, 114, 178)).text(), "#0072b2");
        assert!(Value::Text("x").is_text() && !Value::Int(3).is_text());
    }
}
