//! Property tests over generated documents: whatever the input (any format,
//! any mix of names, punctuation, non-ASCII text and stray bytes), every span
//! the engine reports is a char-boundary range inside its document, every
//! mention and relation lies inside its sentence, and every evidence span of
//! the graph is exactly one sentence of its document
//! ([`Analysis::verify_spans`]).

mod common;

use newsgraph::corpus::{LoadOptions, Source, load_sources};
use newsgraph::pipeline::{Analysis, Settings};
use proptest::prelude::*;

/// Pieces documents are made of: names the gazetteers know, offices, verbs
/// of the relation lexicon, abbreviations, punctuation, markup, quotes,
/// non-ASCII letters and whitespace of every kind.
const PIECES: &[&str] = &[
    "NATO",
    "Russia",
    "the United States",
    "U.S.",
    "Secretary of State",
    "Antony J. Blinken",
    "Blinken",
    "German Foreign Minister",
    "Annalena Baerbock",
    "President",
    "Vladimir Putin",
    "Ukraine's",
    "Jens Stoltenberg, NATO Secretary General,",
    "met with",
    "warned",
    "did not",
    "annexed",
    "Crimea",
    "if",
    "would invade",
    "and",
    "the",
    "Mr.",
    "Dr.",
    "e.g.",
    ".",
    ",",
    ";",
    "?!",
    "\"",
    "«",
    "»",
    "’s",
    "—",
    "(",
    ")",
    "\n",
    "\n\n",
    "\r\n",
    "\t",
    " ",
    "Zürich",
    "Mălina Mîndruțescu",
    "Κυριάκος",
    "北京",
    "🙂",
    "\u{200b}",
    "\u{feff}",
    "<b>",
    "</b>",
    "<script>NATO</script>",
    "&amp;",
    "Photo source: Reuters",
    "Check Also",
];

/// File extensions, so that every loader sees the generated text.
const FORMATS: &[&str] = &["txt", "md", "html", "json", "jsonl", "csv"];

/// A generated file: text from pieces, wrapped in its format, with optional
/// stray bytes spliced in.
fn file() -> impl Strategy<Value = Source> {
    (
        proptest::collection::vec(0..PIECES.len(), 0..80),
        0..FORMATS.len(),
        proptest::collection::vec((any::<usize>(), any::<u8>()), 0..3),
    )
        .prop_map(|(pieces, format, stray)| {
            let text: String = pieces
                .iter()
                .map(|&i| PIECES[i])
                .collect::<Vec<_>>()
                .join(" ");
            let ext = FORMATS[format];
            let mut bytes = wrap(ext, &text).into_bytes();
            for (at, byte) in stray {
                if !bytes.is_empty() {
                    let at = at % bytes.len();
                    bytes[at] = byte;
                }
            }
            Source {
                path: format!("generated.{ext}"),
                bytes,
            }
        })
}

/// `text` as a file of format `ext`.
fn wrap(ext: &str, text: &str) -> String {
    let json = serde_json::json!({ "title": "Generated", "text": text }).to_string();
    match ext {
        "html" => {
            format!("<html><head><title>Generated</title></head><body><p>{text}</p></body></html>")
        }
        "json" => format!("[{json}, {json}]"),
        "jsonl" => format!("{json}\n{json}\n"),
        "csv" => format!("title,text\nGenerated,\"{}\"\n", text.replace('"', "\"\"")),
        _ => text.to_owned(),
    }
}

fn analyse(sources: &[Source]) -> Option<Analysis> {
    let corpus = load_sources(sources, &LoadOptions::default()).ok()?;
    Some(
        Analysis::run(corpus, common::knowledge(), &Settings::default(), &())
            .expect("not cancelled"),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn every_span_is_a_char_range_inside_its_document_and_sentence(
        files in proptest::collection::vec(file(), 1..4)
    ) {
        if let Some(analysis) = analyse(&files) {
            prop_assert_eq!(analysis.verify_spans(), Ok(()));
        }
    }
}

#[test]
fn the_seeds_satisfy_the_same_properties() {
    assert_eq!(common::seeds().verify_spans(), Ok(()));
}
