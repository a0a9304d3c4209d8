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

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
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

    /// The scope of the first pattern the trimmed `line` starts with.
    fn matches(&self, line: &str) -> Option<Scope> {
        let words = line.split_whitespace().count();
        let lower = line.to_lowercase();
        self.patterns.iter().find_map(|(pattern, scope)| {
            let rest = lower.strip_prefix(pattern.as_str())?;
            let boundary = !rest.starts_with(char::is_alphanumeric);
            let short = match scope {
                Scope::Line => words <= MAX_PATTERN_LINE_WORDS,
                Scope::Rest => words <= MAX_HEADING_WORDS,
            };
            (boundary && short).then_some(*scope)
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

/// Marks boilerplate in every text; returns, per text, the sorted, disjoint
/// byte ranges of its boilerplate lines.
pub fn mark(texts: &[&str], rules: &BoilerplateRules) -> Vec<Vec<Range<usize>>> {
    let shared = lines_shared_across(texts);
    texts
        .iter()
        .map(|text| mark_one(text, rules, &shared))
        .collect()
}

fn mark_one(text: &str, rules: &BoilerplateRules, shared: &SharedLines) -> Vec<Range<usize>> {
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for line in lines(text) {
        *counts.entry(&text[line]).or_default() += 1;
    }
    let mut marked = Vec::new();
    for line in lines(text) {
        let body = &text[line.clone()];
        match rules.matches(body) {
            Some(Scope::Rest) => {
                marked.push(line.start..text.trim_end().len());
                break;
            }
            Some(Scope::Line) => marked.push(line),
            None if is_banner(body)
                || counts[body] >= 3 && body.split_whitespace().count() >= 2
                || shared.contains(body) =>
            {
                marked.push(line)
            }
            None => {}
        }
    }
    marked
}

/// A line made of one phrase repeated: "Subscribe now! Subscribe now! Subscribe now!".
fn is_banner(line: &str) -> bool {
    let segments: Vec<&str> = line
        .split(['!', '.', '?', '|', '•', '·'])
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    if segments.len() < 3 {
        return false;
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for s in &segments {
        *counts.entry(s).or_default() += 1;
    }
    counts
        .iter()
        .any(|(s, &n)| n >= 3 && n * 3 >= segments.len() * 2 && s.split_whitespace().count() >= 2)
}

/// Lines repeated across documents, as hashes.
struct SharedLines(std::collections::HashSet<u64>);

impl SharedLines {
    fn contains(&self, line: &str) -> bool {
        !self.0.is_empty() && self.0.contains(&hash_line(line))
    }
}

fn hash_line(line: &str) -> u64 {
    let mut h = DefaultHasher::new();
    line.hash(&mut h);
    h.finish()
}

/// Short lines found in three or more documents, and any line found in more
/// than half of them (for corpora of four documents or more).
fn lines_shared_across(texts: &[&str]) -> SharedLines {
    // line hash -> (documents containing it, last document counted, is short)
    let mut seen: HashMap<u64, (usize, usize, bool)> = HashMap::new();
    for (doc, text) in texts.iter().enumerate() {
        for line in lines(text) {
            let body = &text[line];
            let short = body.split_whitespace().count() <= SHORT_LINE_WORDS;
            let entry = seen
                .entry(hash_line(body))
                .or_insert((0, usize::MAX, short));
            if entry.1 != doc {
                entry.0 += 1;
                entry.1 = doc;
            }
        }
    }
    let half = texts.len() / 2;
    SharedLines(
        seen.into_iter()
            .filter(|(_, (docs, _, short))| {
                *short && *docs >= 3 || texts.len() >= 4 && *docs > half
            })
            .map(|(hash, _)| hash)
            .collect(),
    )
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
