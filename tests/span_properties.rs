//! Property tests over generated documents: whatever the input (any format,
//! any mix of names, punctuation, non-ASCII text and stray bytes), every span
//! the engine reports is a char-boundary range inside its document, every
//! mention and relation lies inside its sentence, and every evidence span of
//! the graph is exactly one sentence of its document.

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

/// Panics unless `start..end` is a non-empty char-boundary range of `text`.
fn check_span(text: &str, start: usize, end: usize, what: &str) {
    assert!(
        start < end && end <= text.len(),
        "{what} {start}..{end} outside a text of {} bytes",
        text.len()
    );
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what} {start}..{end} splits a character"
    );
}

fn check(analysis: &Analysis) {
    let docs = &analysis.corpus.documents;
    let ex = &analysis.extraction;
    assert_eq!(ex.sentences.len(), docs.len());
    for (doc, sentences) in ex.sentences.iter().enumerate() {
        for s in sentences {
            check_span(&docs[doc].text, s.range.start, s.range.end, "sentence");
        }
    }
    let sentence = |doc: usize, i: usize| ex.sentences[doc][i].range.clone();
    for m in &ex.mentions {
        check_span(&docs[m.doc].text, m.start, m.end, "mention");
        let s = sentence(m.doc, m.sentence);
        assert!(
            s.start <= m.start && m.end <= s.end,
            "mention outside its sentence"
        );
        assert!(m.entity < ex.entities.len());
    }
    for r in &ex.relations {
        check_span(&docs[r.doc].text, r.start, r.end, "relation");
        assert_eq!(
            r.start..r.end,
            sentence(r.doc, r.sentence),
            "relation span is its sentence"
        );
        assert!(r.source < ex.entities.len() && r.target < ex.entities.len());
    }
    for edge in analysis.graph.graph.edge_weights() {
        assert!(!edge.evidence.is_empty(), "an edge without evidence");
        for e in &edge.evidence {
            check_span(&docs[e.doc].text, e.start, e.end, "evidence");
            assert!(
                ex.sentences[e.doc]
                    .iter()
                    .any(|s| s.range == (e.start..e.end)),
                "evidence {}..{} is not one sentence",
                e.start,
                e.end
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn every_span_is_a_char_range_inside_its_document_and_sentence(
        files in proptest::collection::vec(file(), 1..4)
    ) {
        if let Some(analysis) = analyse(&files) {
            check(&analysis);
        }
    }
}

#[test]
fn the_seeds_satisfy_the_same_properties() {
    check(common::seeds());
}
