//! Two CSV tables, for spreadsheets and data frames: nodes (`id` and the
//! node attributes) and edges (`id`, `source`, `target`, `directed` and the
//! edge attributes). Lists are joined with "; ". A text cell starting with
//! `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, so a
//! spreadsheet shows it as text instead of running it as a formula.

use std::borrow::Cow;

use super::table::{Attr, EDGE_ATTRS, NODE_ATTRS, Value, edge_rows, node_rows};
use super::{ExportError, ExportInput};

/// The nodes table and the edges table.
pub fn tables(input: &ExportInput) -> Result<[Vec<u8>; 2], ExportError> {
    let nodes = node_rows(input);
    let edges = edge_rows(input);
    let node_table = table(
        &["id"],
        &NODE_ATTRS,
        nodes.iter().map(|n| (vec![n.id.as_str()], n.values())),
    )?;
    let edge_table = table(
        &["id", "source", "target", "directed"],
        &EDGE_ATTRS,
        edges.iter().map(|e| {
            let directed = if e.directed { "true" } else { "false" };
            (
                vec![e.id.as_str(), &e.source, &e.target, directed],
                e.values(),
            )
        }),
    )?;
    Ok([node_table, edge_table])
}

/// A table with columns `fields` then `attrs`, one row per item of `rows`.
fn table<'a, const N: usize>(
    fields: &[&str],
    attrs: &[Attr; N],
    rows: impl Iterator<Item = (Vec<&'a str>, [Value<'a>; N])>,
) -> Result<Vec<u8>, ExportError> {
    let failed = |e: ::csv::Error| ExportError::Render(e.to_string());
    let mut out = ::csv::Writer::from_writer(Vec::new());
    let header = fields.iter().copied().chain(attrs.iter().map(|a| a.name));
    out.write_record(header).map_err(failed)?;
    for (texts, values) in rows {
        let cells = texts
            .into_iter()
            .map(neutralised)
            .chain(values.iter().map(cell));
        let cells: Vec<Cow<str>> = cells.collect();
        out.write_record(cells.iter().map(|c| c.as_bytes()))
            .map_err(failed)?;
    }
    out.into_inner()
        .map_err(|e| ExportError::Render(e.error().to_string()))
}

/// The cell of a value: text neutralised, numbers as they are.
fn cell<'a>(value: &'a Value) -> Cow<'a, str> {
    let text = value.text();
    if value.is_text() {
        Cow::Owned(neutralised(&text).into_owned())
    } else {
        text
    }
}

/// `text` with a `'` in front if a spreadsheet would take it for a formula.
fn neutralised(text: &str) -> Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        Cow::Owned(format!("'{text}"))
    } else {
        Cow::Borrowed(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised() {
        assert_eq!(neutralised("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        for bad in ["+1", "-2+3", "@SUM(A1)", "\tx", "\rx"] {
            assert!(neutralised(bad).starts_with('\''), "{bad:?}");
        }
        assert_eq!(neutralised("NATO"), "NATO");
        assert_eq!(cell(&Value::Float(-2.5)), "-2.50");
        assert_eq!(cell(&Value::Text("-2")), "'-2");
    }
}
