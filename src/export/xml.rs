//! Text that goes into XML (SVG, GraphML, GEXF): characters XML 1.0 does
//! not allow are dropped (other control characters become spaces), and the
//! rest is escaped where it is written.

use std::borrow::Cow;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, Event};

use super::ExportError;

/// `text` without characters XML 1.0 forbids: tabs, line breaks and other
/// control characters become spaces, U+FFFE and U+FFFF are dropped.
pub fn clean(text: &str) -> Cow<'_, str> {
    let control = |c: char| c.is_control() || c == '\u{FFFE}' || c == '\u{FFFF}';
    if !text.chars().any(control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .filter(|&c| c != '\u{FFFE}' && c != '\u{FFFF}')
            .map(|c| if c.is_control() { ' ' } else { c })
            .collect(),
    )
}

/// `text` cleaned and escaped for an attribute value or element content.
pub fn escape(text: &str) -> String {
    quick_xml::escape::escape(clean(text).as_ref()).into_owned()
}

/// An XML document in memory, indented, starting with the declaration and
/// ending with a line break; `body` writes the elements.
pub fn document(
    body: impl FnOnce(&mut Writer<Vec<u8>>) -> std::io::Result<()>,
) -> Result<Vec<u8>, ExportError> {
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    writer
        .write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))
        .and_then(|()| body(&mut writer))
        .map_err(|e| ExportError::Render(e.to_string()))?;
    let mut bytes = writer.into_inner();
    bytes.push(b'\n');
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_go_and_markup_is_escaped() {
        assert_eq!(clean("plain"), "plain");
        assert_eq!(clean("a\u{1}b\tc\u{FFFF}"), "a b c");
        assert_eq!(
            escape("<script>\"R&D\" 'x'\u{0}"),
            "&lt;script&gt;&quot;R&amp;D&quot; &apos;x&apos; "
        );
    }
}
