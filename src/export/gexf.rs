//! GEXF 1.3, for Gephi: nodes with their label, `viz:position`, `viz:size`
//! and `viz:color`, the other attributes declared in `<attributes>`, and
//! weighted edges. Positions are the layout's with y turned up (Gephi's y
//! axis points up), so Gephi shows the picture the app shows.

use std::io;

use quick_xml::Writer;
use quick_xml::events::BytesText;

use super::table::{
    Attr, EDGE_ATTRS, EdgeRow, NODE_ATTRS, NodeRow, Value, edge_rows, fixed, node_rows,
};
use super::xml::{clean, document};
use super::{ExportError, ExportInput};

/// The GEXF document of the view.
pub fn gexf(input: &ExportInput) -> Result<Vec<u8>, ExportError> {
    let nodes = node_rows(input);
    let edges = edge_rows(input);
    let description = input.options.title.as_deref().unwrap_or("newsgraph");
    document(|w| {
        w.create_element("gexf")
            .with_attributes([
                ("xmlns", "http://gexf.net/1.3"),
                ("xmlns:viz", "http://gexf.net/1.3/viz"),
                ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
                (
                    "xsi:schemaLocation",
                    "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
                ),
                ("version", "1.3"),
            ])
            .write_inner_content(|w| {
                w.create_element("meta").write_inner_content(|w| {
                    w.create_element("creator")
                        .write_text_content(BytesText::new("newsgraph"))?;
                    w.create_element("description")
                        .write_text_content(BytesText::new(&clean(description)))?;
                    Ok(())
                })?;
                w.create_element("graph")
                    .with_attributes([("defaultedgetype", "undirected"), ("mode", "static")])
                    .write_inner_content(|w| graph(w, &nodes, &edges))?;
                Ok(())
            })?;
        Ok(())
    })
}

fn graph(w: &mut Writer<Vec<u8>>, nodes: &[NodeRow], edges: &[EdgeRow]) -> io::Result<()> {
    declare(w, "node", &NODE_ATTRS)?;
    declare(w, "edge", &EDGE_ATTRS)?;
    w.create_element("nodes").write_inner_content(|w| {
        for node in nodes {
            w.create_element("node")
                .with_attributes([("id", &*clean(&node.id)), ("label", &clean(&node.label))])
                .write_inner_content(|w| {
                    values(w, &NODE_ATTRS, &node.values())?;
                    viz(w, node)
                })?;
        }
        Ok(())
    })?;
    w.create_element("edges").write_inner_content(|w| {
        for edge in edges {
            let weight = edge.weight.to_string();
            let mut element = w.create_element("edge").with_attributes([
                ("id", edge.id.as_str()),
                ("source", &clean(&edge.source)),
                ("target", &clean(&edge.target)),
                ("weight", &weight),
            ]);
            if edge.directed {
                element = element.with_attribute(("type", "directed"));
            }
            element.write_inner_content(|w| values(w, &EDGE_ATTRS, &edge.values()))?;
        }
        Ok(())
    })?;
    Ok(())
}

/// The attributes GEXF has no place of its own for.
fn declared(attrs: &[Attr]) -> impl Iterator<Item = (usize, &Attr)> {
    attrs.iter().enumerate().filter(|(_, a)| !a.gexf_native)
}

fn declare(w: &mut Writer<Vec<u8>>, class: &str, attrs: &[Attr]) -> io::Result<()> {
    w.create_element("attributes")
        .with_attributes([("class", class), ("mode", "static")])
        .write_inner_content(|w| {
            for (_, attr) in declared(attrs) {
                w.create_element("attribute")
                    .with_attributes([
                        ("id", attr.name),
                        ("title", attr.name),
                        ("type", attr.ty.xml_name()),
                    ])
                    .write_empty()?;
            }
            Ok(())
        })?;
    Ok(())
}

fn values(w: &mut Writer<Vec<u8>>, attrs: &[Attr], values: &[Value]) -> io::Result<()> {
    w.create_element("attvalues").write_inner_content(|w| {
        for (i, attr) in declared(attrs) {
            let Some(value) = values.get(i) else {
                continue;
            };
            w.create_element("attvalue")
                .with_attributes([("for", attr.name), ("value", &clean(&value.text()))])
                .write_empty()?;
        }
        Ok(())
    })?;
    Ok(())
}

fn viz(w: &mut Writer<Vec<u8>>, node: &NodeRow) -> io::Result<()> {
    let [r, g, b] = [node.color.0, node.color.1, node.color.2].map(|c| c.to_string());
    w.create_element("viz:color")
        .with_attributes([("r", r.as_str()), ("g", &g), ("b", &b)])
        .write_empty()?;
    let [x, y] = [node.position[0], -node.position[1]].map(fixed);
    w.create_element("viz:position")
        .with_attributes([("x", x.as_str()), ("y", &y), ("z", "0.00")])
        .write_empty()?;
    w.create_element("viz:size")
        .with_attribute(("value", fixed(node.size).as_str()))
        .write_empty()?;
    Ok(())
}
