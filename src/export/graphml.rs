//! GraphML, for Cytoscape, yEd, networkx and igraph: one `<key>` per node
//! and edge attribute (label, kind, mentions, aliases, roles, x, y, size,
//! colour; kind, weight, evidence), an undirected graph whose directed edges
//! say so, node ids as in the `extract` report.

use std::io;

use quick_xml::Writer;
use quick_xml::events::BytesText;

use super::table::{Attr, EDGE_ATTRS, EdgeRow, NODE_ATTRS, NodeRow, Value, edge_rows, node_rows};
use super::xml::{clean, document};
use super::{ExportError, ExportInput};

/// The GraphML document of the view.
pub fn graphml(input: &ExportInput) -> Result<Vec<u8>, ExportError> {
    let nodes = node_rows(input);
    let edges = edge_rows(input);
    document(|w| {
        w.create_element("graphml")
            .with_attributes([
                ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
                ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
                (
                    "xsi:schemaLocation",
                    "http://graphml.graphdrawing.org/xmlns \
                     http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
                ),
            ])
            .write_inner_content(|w| {
                keys(w, "node", &NODE_ATTRS)?;
                keys(w, "edge", &EDGE_ATTRS)?;
                w.create_element("graph")
                    .with_attributes([("id", "G"), ("edgedefault", "undirected")])
                    .write_inner_content(|w| graph(w, &nodes, &edges))?;
                Ok(())
            })?;
        Ok(())
    })
}

fn graph(w: &mut Writer<Vec<u8>>, nodes: &[NodeRow], edges: &[EdgeRow]) -> io::Result<()> {
    for node in nodes {
        w.create_element("node")
            .with_attribute(("id", clean(&node.id).as_ref()))
            .write_inner_content(|w| data(w, "node", &NODE_ATTRS, &node.values()))?;
    }
    for edge in edges {
        let mut element = w.create_element("edge").with_attributes([
            ("id", edge.id.as_str()),
            ("source", &clean(&edge.source)),
            ("target", &clean(&edge.target)),
        ]);
        if edge.directed {
            element = element.with_attribute(("directed", "true"));
        }
        element.write_inner_content(|w| data(w, "edge", &EDGE_ATTRS, &edge.values()))?;
    }
    Ok(())
}

/// The id of the key of attribute `name` for `domain` ("node" or "edge").
fn key_id(domain: &str, name: &str) -> String {
    format!("{domain}_{name}")
}

fn keys(w: &mut Writer<Vec<u8>>, domain: &str, attrs: &[Attr]) -> io::Result<()> {
    for attr in attrs {
        w.create_element("key")
            .with_attributes([
                ("id", key_id(domain, attr.name).as_str()),
                ("for", domain),
                ("attr.name", attr.name),
                ("attr.type", attr.ty.xml_name()),
            ])
            .write_empty()?;
    }
    Ok(())
}

/// One `<data>` per attribute value (empty texts left out).
fn data(w: &mut Writer<Vec<u8>>, domain: &str, attrs: &[Attr], values: &[Value]) -> io::Result<()> {
    for (attr, value) in attrs.iter().zip(values) {
        let text = value.text();
        if text.is_empty() {
            continue;
        }
        w.create_element("data")
            .with_attribute(("key", key_id(domain, attr.name).as_str()))
            .write_text_content(BytesText::new(&clean(&text)))?;
    }
    Ok(())
}
