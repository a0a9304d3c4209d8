//! Marks site boilerplate (banners, photo credits, share buttons, "related
//! articles" lists) so that it does not dominate the graph.
//!
//! A line is boilerplate when one of these holds:
//! 1. it starts with a pattern from `assets/rules/boilerplate.tsv` (scope
//!    `line`, twelve words or fewer); a short heading with scope `rest` marks
//!    everything from it to the end of the document;
//! 2. it is a banner: one phrase repeated three or more times;
//! 3. it occurs three or more times in its document;
//! 4. it is short (twelve words or fewer) and occurs in three or more
//!    documents, or it occurs in more than half of the documents of a corpus
//!    of four or more.
//!
//! Boilerplate stays in the text (the viewer shows it dimmed); the extractor
//! skips it.

use std::hash::BuildHasher;

use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};
use std::ops::Range;

use crate::assets::{AssetError, AssetSource};

/// Lines longer than this many words are never matched by a pattern.
const MAX_PATTERN_LINE_WORDS: usize = 12;
/// A heading that starts a "rest of the document" section has at most this many words.
const MAX_HEADING_WORDS: usize = 6;
/// Lines with at most this many words count as short.
const SHORT_LINE_WORDS: usize = 12;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    Line,
    Rest,
}

/// The boilerplate patterns, lower-cased.
#[derive(Debug, Clone)]
pub struct BoilerplateRules {
    patterns: Vec<(String, Scope)>,
}

impl BoilerplateRules {
    /// Reads `rules/boilerplate.tsv` from `source`.
    pub fn load(source: &AssetSource) -> Result<Self, AssetError> {
        let table = source.table("rules/boilerplate.tsv")?;
        let (pattern, scope) = (table.column("pattern")?, table.column("scope")?);
        let patterns = table
            .rows()
            .map(|row| {
                let scope = if row.cell(scope) == "rest" {
                    Scope::Rest
                } else {
                    Scope::Line
                };
                (row.cell(pattern).to_lowercase(), scope)
            })
            .filter(|(p, _)| !p.is_empty())
            .collect();
        Ok(BoilerplateRules { patterns })
    }

    /// The scope of the first pattern the trimmed line starts with; `words`
    /// is its word count (capped).
    fn matches(&self, line: &str, words: usize) -> Option<Scope> {
        if words > MAX_PATTERN_LINE_WORDS {
            return None;
        }
        let bytes = line.as_bytes();
        self.patterns.iter().find_map(|(pattern, scope)| {
            let p = pattern.as_bytes();
            let prefix = bytes.len() >= p.len()
                && bytes[..p.len()].eq_ignore_ascii_case(p)
                && line.is_char_boundary(p.len());
            let short = *scope == Scope::Line || words <= MAX_HEADING_WORDS;
            let boundary = || !line[p.len()..].starts_with(char::is_alphanumeric);
            (prefix && short && boundary()).then_some(*scope)
        })
    }
}

/// The non-empty lines of `text` as trimmed byte ranges.
pub fn lines(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    text.split_inclusive('\n').filter_map(move |line| {
        let begin = start;
        start += line.len();
        let lead = line.len() - line.trim_start().len();
        let body = line.trim();
        (!body.is_empty()).then(|| begin + lead..begin + lead + body.len())
    })
}

/// A line with what boilerplate detection needs to know about it.
struct Line {
    range: Range<usize>,
    hash: u64,
    /// Word count, capped just above the largest limit used.
    words: usize,
}

fn describe_lines(text: &str) -> Vec<Line> {
    lines(text)
        .map(|range| {
            let body = &text[range.clone()];
            Line {
                hash: hash_line(body),
                words: body.split_whitespace().take(SHORT_LINE_WORDS + 1).count(),
                range,
            }
        })
        .collect()
}

/// Marks boilerplate in every text; returns, per text, the sorted, disjoint
/// byte ranges of its boilerplate lines.
pub fn mark(texts: &[&str], rules: &BoilerplateRules) -> Vec<Vec<Range<usize>>> {
    let described: Vec<Vec<Line>> = texts.par_iter().map(|t| describe_lines(t)).collect();
    let shared = lines_shared_across(&described);
    texts
        .par_iter()
        .zip(&described)
        .map(|(text, lines)| mark_one(text, lines, rules, &shared))
        .collect()
}

fn mark_one(
    text: &str,
    lines: &[Line],
    rules: &BoilerplateRules,
    shared: &FxHashSet<u64>,
) -> Vec<Range<usize>> {
    let mut counts: FxHashMap<u64, usize> = FxHashMap::default();
    for line in lines {
        *counts.entry(line.hash).or_default() += 1;
    }
    let mut marked = Vec::new();
    for line in lines {
        let body = &text[line.range.clone()];
        match rules.matches(body, line.words) {
            Some(Scope::Rest) => {
                marked.push(line.range.start..text.trim_end().len());
                break;
            }
            Some(Scope::Line) => marked.push(line.range.clone()),
            None if counts[&line.hash] >= 3 && line.words >= 2
                || shared.contains(&line.hash)
                || is_banner(body) =>
            {
                marked.push(line.range.clone())
            }
            None => {}
        }
    }
    marked
}

/// Separators between the phrases of a banner.
/// The pieces of `line` between banner separators (`! . ? | • ·`), found
/// byte by byte: the ASCII ones cannot occur inside a multi-byte character.
fn banner_segments(line: &str) -> impl Iterator<Item = &str> {
    let bytes = line.as_bytes();
    let (mut start, mut i, mut done) = (0, 0, false);
    // The bytes a separator can start with: most bytes are skipped on one
    // table lookup.
    const STARTS: [bool; 256] = {
        let mut starts = [false; 256];
        let mut k = 0;
        while k < 6 {
            starts[[b'!', b'.', b'?', b'|', 0xE2, 0xC2][k] as usize] = true;
            k += 1;
        }
        starts
    };
    std::iter::from_fn(move || {
        while i < bytes.len() {
            if !STARTS[usize::from(bytes[i])] {
                i += 1;
                continue;
            }
            let separator = match bytes[i] {
                b'!' | b'.' | b'?' | b'|' => 1,
                0xE2 if bytes[i + 1..].starts_with(&[0x80, 0xA2]) => 3,
                0xC2 if bytes[i + 1..].starts_with(&[0xB7]) => 2,
                _ => 0,
            };
            if separator > 0 {
                let piece = &line[start..i];
                i += separator;
                start = i;
                return Some(piece);
            }
            i += 1;
        }
        (!std::mem::replace(&mut done, true)).then(|| &line[start..])
    })
}

/// A line made of one phrase repeated: "Subscribe now! Subscribe now! Subscribe now!".
fn is_banner(line: &str) -> bool {
    let segments: Vec<&str> = banner_segments(line)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if segments.len() < 3 {
        return false;
    }
    // The majority vote finds the only phrase that can fill two thirds of the line.
    let mut candidate = "";
    let mut votes = 0usize;
    for &s in &segments {
        if votes == 0 {
            candidate = s;
        }
        votes = if s == candidate { votes + 1 } else { votes - 1 };
    }
    let n = segments.iter().filter(|&&s| s == candidate).count();
    n >= 3 && n * 3 >= segments.len() * 2 && candidate.split_whitespace().nth(1).is_some()
}

fn hash_line(line: &str) -> u64 {
    FxBuildHasher.hash_one(line)
}

/// Hashes of short lines found in three or more documents, and of any line
/// found in more than half of them (for corpora of four documents or more).
fn lines_shared_across(docs: &[Vec<Line>]) -> FxHashSet<u64> {
    // line hash -> (documents containing it, last document counted, is short)
    let mut seen: FxHashMap<u64, (usize, usize, bool)> = FxHashMap::default();
    for (doc, lines) in docs.iter().enumerate() {
        for line in lines {
            let short = line.words <= SHORT_LINE_WORDS;
            let entry = seen.entry(line.hash).or_insert((0, usize::MAX, short));
            if entry.1 != doc {
                entry.0 += 1;
                entry.1 = doc;
            }
        }
    }
    let half = docs.len() / 2;
    seen.into_iter()
        .filter(|(_, (count, _, short))| *short && *count >= 3 || docs.len() >= 4 && *count > half)
        .map(|(hash, _)| hash)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules() -> BoilerplateRules {
        BoilerplateRules::load(&AssetSource::Embedded).unwrap()
    }

    fn marked_lines<'a>(text: &'a str, ranges: &[Range<usize>]) -> Vec<&'a str> {
        ranges.iter().map(|r| &text[r.clone()]).collect()
    }

    #[test]
    fn banner_segments_split_like_the_separator_characters() {
        for line in [
            "Subscribe now! Subscribe now! Subscribe now!",
            "Home | News • World · Sport… end?",
            "",
            "..",
            "Zürich · Genève • Kyiv",
        ] {
            let by_chars: Vec<&str> = line.split(['!', '.', '?', '|', '•', '·']).collect();
            assert_eq!(
                banner_segments(line).collect::<Vec<_>>(),
                by_chars,
                "{line}"
            );
        }
    }

    #[test]
    fn patterns_banners_and_related_sections() {
        let text = "Buy now! Buy now! Buy now! Buy now!\nTitle of the story\n\nGermany and France met.\n\
                    Photo source: Reuters\nPhotography is an art that Germans love.\n\
                    Check Also\n\nTen games from Sega\nMore text";
        let marked = mark(&[text], &rules()).remove(0);
        let lines = marked_lines(text, &marked);
        assert_eq!(lines[0], "Buy now! Buy now! Buy now! Buy now!");
        assert_eq!(lines[1], "Photo source: Reuters");
        assert!(lines[2].starts_with("Check Also") && lines[2].ends_with("More text"));
        assert_eq!(lines.len(), 3);
    }

    #[test]
    fn long_lines_do_not_match_patterns() {
        let text = "Share prices fell sharply in Moscow and Kyiv after the talks collapsed on Monday evening.";
        assert!(mark(&[text], &rules())[0].is_empty());
    }

    #[test]
    fn lines_repeated_within_and_across_documents() {
        let a = "Daily Bulletin\nRussia and NATO met.\nwatch the video\nwatch the video\nwatch the video";
        let b = "Daily Bulletin\nUkraine spoke.";
        let c = "Daily Bulletin\nLatvia hosted talks.";
        let marked = mark(&[a, b, c], &rules());
        assert_eq!(
            marked_lines(a, &marked[0]),
            [
                "Daily Bulletin",
                "watch the video",
                "watch the video",
                "watch the video"
            ]
        );
        assert_eq!(marked_lines(b, &marked[1]), ["Daily Bulletin"]);
        let two = mark(&[a, b], &rules());
        assert_eq!(marked_lines(b, &two[1]), Vec::<&str>::new());
    }
}
