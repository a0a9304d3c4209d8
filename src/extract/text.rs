//! Splits a document into paragraphs and sentences, and a sentence into
//! word tokens with byte spans.
//!
//! Paragraphs are runs of lines between blank lines. Unless the document is
//! hard-wrapped (most lines 40–100 characters long, none longer), every line
//! is its own paragraph, so a sentence never runs across a line break.
//!
//! A sentence ends at `.`, `!`, `?` or `…` (plus closing quotes or brackets)
//! followed by white space and a capital letter, digit or opening quote. A
//! full stop does not end a sentence after an abbreviation from
//! `assets/rules/abbreviations.txt`, an initial ("Antony J. Blinken") or a
//! dotted acronym ("U.S."), unless the next word is a function word ("...
//! by the U.S. The talks").

use std::ops::Range;

/// A sentence: its byte range in the document and its paragraph's index.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Sentence {
    pub range: Range<usize>,
    pub paragraph: usize,
}

/// Word lists the splitter needs, lower-cased.
#[derive(Debug, Clone, Default)]
pub struct SplitRules {
    pub abbreviations: super::words::WordSet,
    pub function_words: super::words::WordSet,
}

/// The sentences of `text` that contain a letter, in order.
pub fn sentences(text: &str, rules: &SplitRules) -> Vec<Sentence> {
    let mut out = Vec::new();
    for (paragraph, range) in paragraphs(text).into_iter().enumerate() {
        split_paragraph(text, range, paragraph, rules, &mut out);
    }
    out
}

/// The paragraphs of `text` as byte ranges of non-blank text.
pub fn paragraphs(text: &str) -> Vec<Range<usize>> {
    let lines: Vec<Range<usize>> = line_ranges(text).collect();
    let wrapped = is_hard_wrapped(text, &lines);
    let mut out: Vec<Range<usize>> = Vec::new();
    let mut previous_end: Option<usize> = None;
    for line in lines {
        let body = &text[line.clone()];
        if body.trim().is_empty() {
            previous_end = None;
            continue;
        }
        let start = line.start + (body.len() - body.trim_start().len());
        let end = line.start + body.trim_end().len();
        match (wrapped, previous_end, out.last_mut()) {
            (true, Some(_), Some(last)) => last.end = end,
            _ => out.push(start..end),
        }
        previous_end = Some(end);
    }
    out
}

fn line_ranges(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    let mut start = 0;
    text.split_inclusive('\n').map(move |line| {
        let range = start..start + line.trim_end_matches(['\n', '\r']).len();
        start += line.len();
        range
    })
}

/// Most non-empty lines 40–100 characters long and none longer than 100.
fn is_hard_wrapped(text: &str, lines: &[Range<usize>]) -> bool {
    let lengths: Vec<usize> = lines
        .iter()
        // Counted up to one past the longest wrapped line.
        .map(|l| text[l.clone()].trim().chars().take(101).count())
        .filter(|&n| n > 0)
        .collect();
    lengths.len() >= 4
        && lengths.iter().all(|&n| n <= 100)
        && lengths.iter().filter(|&&n| n >= 40).count() * 10 >= lengths.len() * 6
}

fn split_paragraph(
    text: &str,
    range: Range<usize>,
    paragraph: usize,
    rules: &SplitRules,
    out: &mut Vec<Sentence>,
) {
    let para = &text[range.clone()];
    let mut start = 0;
    let mut i = 0;
    for stop in terminals(para) {
        // Already taken into the run of the previous stop.
        if stop < i {
            continue;
        }
        i = stop;
        let Some(c) = para[i..].chars().next() else {
            break;
        };
        // Take the whole run of terminal punctuation and closing marks.
        let run = para[i..]
            .char_indices()
            .take_while(|&(j, next)| {
                j == 0
                    || matches!(
                        next,
                        '.' | '!' | '?' | '…' | '"' | '\'' | '”' | '’' | ')' | ']' | '»'
                    )
            })
            .last()
            .map_or(0, |(j, next)| j + next.len_utf8());
        let end = i + run;
        if ends_sentence(para, i, end, c, rules) {
            push_sentence(range.start, para, start..end, paragraph, out);
            start = end;
        }
        i = end;
    }
    push_sentence(range.start, para, start..para.len(), paragraph, out);
}

/// Where terminal punctuation stands in `para`, in order: ASCII `.`, `!`,
/// `?` and the ellipsis `…` (E2 80 A6), each found with a vectorised byte
/// search.
fn terminals(para: &str) -> impl Iterator<Item = usize> + '_ {
    let bytes = para.as_bytes();
    let mut ascii = memchr::memchr3_iter(b'.', b'!', b'?', bytes).peekable();
    let mut ellipses = memchr::memchr_iter(0xE2, bytes)
        .filter(|&at| bytes[at..].starts_with("…".as_bytes()))
        .peekable();
    std::iter::from_fn(move || match (ascii.peek(), ellipses.peek()) {
        (Some(a), Some(e)) if e < a => ellipses.next(),
        (Some(_), _) => ascii.next(),
        (None, _) => ellipses.next(),
    })
}

/// Whether the punctuation run `stop..end` (starting with `c`) ends a sentence.
fn ends_sentence(para: &str, stop: usize, end: usize, c: char, rules: &SplitRules) -> bool {
    let rest = &para[end..];
    if !rest.starts_with(char::is_whitespace) {
        return false;
    }
    let next_word = rest.trim_start();
    let opener = next_word.chars().next().is_some_and(|n| {
        n.is_uppercase() || n.is_ascii_digit() || matches!(n, '"' | '“' | '‘' | '\'' | '(' | '«')
    });
    if !opener {
        return false;
    }
    if c != '.' || end - stop > 1 {
        return true;
    }
    let word = word_before(&para[..stop]);
    let abbreviation = rules.abbreviations.contains(word);
    let initial = word.chars().count() == 1 && word.chars().all(char::is_uppercase);
    let acronym = word.contains('.') && word.split('.').all(|p| p.chars().count() <= 1);
    if !(abbreviation || initial || acronym) {
        return true;
    }
    // After "U.S." a function word ("The", "But") still starts a new sentence.
    let next: String = next_word
        .chars()
        .take_while(|c| c.is_alphabetic())
        .collect();
    acronym && rules.function_words.contains(&next)
}

/// The word (letters, digits and inner dots) right before byte `end`.
fn word_before(text: &str) -> &str {
    let start = text
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_alphanumeric() || *c == '.')
        .last()
        .map_or(text.len(), |(i, _)| i);
    &text[start..]
}

fn push_sentence(
    offset: usize,
    para: &str,
    range: Range<usize>,
    paragraph: usize,
    out: &mut Vec<Sentence>,
) {
    let piece = &para[range.clone()];
    let lead = piece.len() - piece.trim_start().len();
    let body = piece.trim();
    if body.chars().any(char::is_alphabetic) {
        let start = offset + range.start + lead;
        out.push(Sentence {
            range: start..start + body.len(),
            paragraph,
        });
    }
}

/// What a token is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenKind {
    /// Letters and digits, with inner apostrophes ("O'Brien") and the dots of
    /// an initial or acronym ("J.", "U.S.").
    Word,
    /// A possessive ending: "'s", "’s", or a lone apostrophe after an "s".
    Possessive,
    /// Any other single character that is not white space.
    Punct,
}

/// A token with its byte range in the document.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: TokenKind,
    /// White space separates this token from the one before.
    pub space_before: bool,
}

impl Token {
    pub fn text<'a>(&self, doc: &'a str) -> &'a str {
        &doc[self.start..self.end]
    }
}

fn is_apostrophe(c: char) -> bool {
    c == '\'' || c == '’'
}

/// The lower-case token texts of a phrase ("build-up" → "build", "-", "up"),
/// the key under which title and verb phrases are looked up.
pub fn lowercase_tokens(phrase: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    tokenize(phrase, 0..phrase.len(), &mut tokens);
    tokens
        .iter()
        .map(|t| t.text(phrase).to_lowercase())
        .collect()
}

/// Tokenises `range` of `text` into `out` (cleared first).
pub fn tokenize(text: &str, range: Range<usize>, out: &mut Vec<Token>) {
    out.clear();
    let s = &text[range.clone()];
    let bytes = s.as_bytes();
    let mut space = true;
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let c = if b < 128 {
            char::from(b)
        } else {
            s[i..].chars().next().unwrap_or(' ')
        };
        let punctuation = is_common_punctuation(c);
        if !punctuation && c.is_whitespace() {
            space = true;
            i += c.len_utf8();
            continue;
        }
        let (end, kind) = if !punctuation && c.is_alphanumeric() {
            (word_end(s, i), TokenKind::Word)
        } else if is_apostrophe(c) && !space && possessive_len(s, i) > 0 {
            (i + possessive_len(s, i), TokenKind::Possessive)
        } else {
            (i + c.len_utf8(), TokenKind::Punct)
        };
        out.push(Token {
            start: range.start + i,
            end: range.start + end,
            kind,
            space_before: space,
        });
        space = false;
        i = end;
    }
}

/// The end of the word starting at `start`: letters and digits, inner
/// apostrophes ("O'Brien") and the dots of initials and acronyms.
fn word_end(s: &str, start: usize) -> usize {
    let bytes = s.as_bytes();
    let mut i = start;
    let mut end = start;
    while i < bytes.len() {
        let run = ascii_alphanumeric_run(&bytes[i..]);
        if run > 0 {
            i += run;
            end = i;
            continue;
        }
        let b = bytes[i];
        // Any other ASCII byte but an apostrophe or a dot ends the word.
        if b.is_ascii() && b != b'\'' && b != b'.' {
            break;
        }
        let Some(c) = s[i..].chars().next() else {
            break;
        };
        if !is_common_punctuation(c) && c.is_alphanumeric() {
            i += c.len_utf8();
            end = i;
        } else if is_apostrophe(c) && inner_apostrophe(s, start, i, c) {
            i += c.len_utf8();
        } else if c == '.' && is_dotted(s, start, i) {
            end = i + 1;
            i += 1;
            // Single letters separated by dots: keep going ("U.S.A.").
            if !bytes.get(i).is_some_and(u8::is_ascii_alphabetic)
                || bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric)
            {
                break;
            }
        } else {
            break;
        }
    }
    end
}

/// Dashes, curly quotes, bullets and ellipses (U+2010 to U+2027): common in
/// news, and neither space nor letter, so known without the Unicode tables.
fn is_common_punctuation(c: char) -> bool {
    ('\u{2010}'..='\u{2027}').contains(&c)
}

/// Length of the run of ASCII letters and digits at the start of `bytes`,
/// read eight bytes at a time.
fn ascii_alphanumeric_run(bytes: &[u8]) -> usize {
    const LOW: u64 = u64::MAX / 0xFF;
    const HIGH: u64 = LOW * 0x80;
    // Per byte below 0x80, the high bit of `x + LOW * (0x80 - lo)` says
    // whether it is at least `lo`; no sum carries into the next byte. A
    // byte of 0x80 or more may carry into the bytes after it, but it ends
    // the run itself, so those bytes are never read.
    let at_least = |x: u64, lo: u8| x.wrapping_add(LOW * (0x80 - u64::from(lo)));
    let within = |x: u64, lo: u8, hi: u8| at_least(x, lo) & !at_least(x, hi + 1);
    let mut run = 0;
    while let Some(chunk) = bytes.get(run..run + 8) {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or_default());
        // `| 0x20` lower-cases capitals (and maps no other byte into a-z).
        let alphanumeric =
            (within(x | (LOW * 0x20), b'a', b'z') | within(x, b'0', b'9')) & !x & HIGH;
        let stop = !alphanumeric & HIGH;
        if stop != 0 {
            return run + stop.trailing_zeros() as usize / 8;
        }
        run += 8;
    }
    run + bytes[run..]
        .iter()
        .take_while(|b| b.is_ascii_alphanumeric())
        .count()
}

/// An apostrophe inside a word, followed by a letter that does not start a
/// possessive or a contraction: "O'Brien", "d'Ivoire" (not "Russia's", "don't").
fn inner_apostrophe(s: &str, start: usize, i: usize, c: char) -> bool {
    let mut rest = s[i + c.len_utf8()..].chars();
    let (next, after) = (rest.next(), rest.next());
    let possessive = matches!(next, Some('s' | 'S')) && !after.is_some_and(char::is_alphanumeric);
    next.is_some_and(char::is_alphabetic) && !possessive && !s[start..i].ends_with('n')
}

/// A dot at `dot` belongs to an initial or acronym: the letters since the last
/// dot (or word start) are a single letter, a capital ("J.", "U.S.") or one
/// in a dotted run ("e.g.").
fn is_dotted(s: &str, start: usize, dot: usize) -> bool {
    let part = s[start..dot].rsplit('.').next().unwrap_or("");
    let mut chars = part.chars();
    let single = matches!((chars.next(), chars.next()), (Some(c), None) if c.is_alphabetic());
    let in_run = s[start..dot].contains('.')
        || s.as_bytes()
            .get(dot + 1)
            .is_some_and(u8::is_ascii_alphabetic);
    single && (part.chars().all(char::is_uppercase) || in_run)
}

/// Length in bytes of a possessive ending starting at the apostrophe `i`.
fn possessive_len(s: &str, i: usize) -> usize {
    let apostrophe = s[i..].chars().next().map_or(1, char::len_utf8);
    let rest = &s[i + apostrophe..];
    let mut it = rest.chars();
    match (it.next(), it.next()) {
        (Some('s' | 'S'), next) if !next.is_some_and(char::is_alphanumeric) => apostrophe + 1,
        (next, _) if !next.is_some_and(char::is_alphanumeric) && s[..i].ends_with(['s', 'S']) => {
            apostrophe
        }
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_punctuation_is_neither_space_nor_letter() {
        for c in '\u{2010}'..='\u{2027}' {
            assert!(is_common_punctuation(c));
            assert!(!c.is_whitespace() && !c.is_alphanumeric(), "{c:?}");
        }
        assert!(!is_common_punctuation('\u{2028}') && '\u{2028}'.is_whitespace());
    }

    #[test]
    fn alphanumeric_runs_read_eight_bytes_at_a_time_match_a_byte_by_byte_count() {
        let naive = |bytes: &[u8]| {
            bytes
                .iter()
                .take_while(|b| b.is_ascii_alphanumeric())
                .count()
        };
        // Every byte value, at every position of an otherwise alphanumeric
        // run longer than one chunk, and runs of every length.
        for stop in 0..=u8::MAX {
            for at in 0..20 {
                let mut bytes = b"Abc9xyZ0Qrs5tuVw1Kdefg".to_vec();
                bytes[at] = stop;
                assert_eq!(
                    ascii_alphanumeric_run(&bytes),
                    naive(&bytes),
                    "{stop:#x} at {at}"
                );
            }
        }
        for len in 0..20 {
            let bytes = b"aZ09bY18cX27dW36eV45".get(..len).unwrap_or_default();
            assert_eq!(ascii_alphanumeric_run(bytes), len);
        }
        // A multi-byte character after a carry-prone byte run.
        let text = "Zelenskyy\u{2019}s Kyiv".as_bytes();
        assert_eq!(ascii_alphanumeric_run(text), 9);
    }

    fn rules() -> SplitRules {
        let abbreviations = ["mr", "gen", "jan", "st"].into_iter().collect();
        let function_words = ["the", "but", "he"].into_iter().collect();
        SplitRules {
            abbreviations,
            function_words,
        }
    }

    fn split(text: &str) -> Vec<&str> {
        sentences(text, &rules())
            .into_iter()
            .map(|s| &text[s.range])
            .collect()
    }

    #[test]
    fn abbreviations_initials_and_acronyms_do_not_split() {
        assert_eq!(
            split(
                "Last Monday, U.S. Secretary of State Antony J. Blinken met Mr. Lavrov in Washington D.C. on Jan. 3. Then he left."
            ),
            [
                "Last Monday, U.S. Secretary of State Antony J. Blinken met Mr. Lavrov in Washington D.C. on Jan. 3.",
                "Then he left."
            ]
        );
        assert_eq!(
            split("Sanctions were imposed by the U.S. The talks failed!"),
            ["Sanctions were imposed by the U.S.", "The talks failed!"]
        );
        assert_eq!(
            split("He said: “It is real.” Stoltenberg agreed… Really? Yes. 3.5 percent."),
            [
                "He said: “It is real.”",
                "Stoltenberg agreed…",
                "Really?",
                "Yes.",
                "3.5 percent."
            ]
        );
        assert_eq!(split("no capital. after this"), ["no capital. after this"]);
    }

    #[test]
    fn terminal_punctuation_is_found_in_order() {
        // "…" is E2 80 A6; the curly quotes (E2 80 9C/9D) and the dash
        // (E2 80 93) share its first byte but are no terminals.
        let para = "“A…” – b.c!…?";
        let expected: Vec<usize> = para
            .char_indices()
            .filter(|(_, c)| matches!(c, '.' | '!' | '?' | '…'))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(terminals(para).collect::<Vec<_>>(), expected);
        assert_eq!(expected.len(), 5);
        assert_eq!(terminals("no stop here").count(), 0);
    }

    #[test]
    fn lines_are_paragraphs_unless_hard_wrapped() {
        let text = "Title line\nFirst paragraph here. Second sentence\n\n. .\nLast line";
        let s = sentences(text, &rules());
        let got: Vec<_> = s
            .iter()
            .map(|s| (&text[s.range.clone()], s.paragraph))
            .collect();
        assert_eq!(
            got,
            [
                ("Title line", 0),
                ("First paragraph here.", 1),
                ("Second sentence", 1),
                ("Last line", 3)
            ]
        );
        let wrapped = "NATO foreign ministers gathered virtually on Friday to\n\
                       prepare their responses to the military build-up near\n\
                       Ukraine amid general skepticism over the willingness of\n\
                       Moscow to defuse and negotiate seriously with the West.\n\n\
                       A second paragraph that is long enough to count here.";
        let s = sentences(wrapped, &rules());
        assert_eq!(s.len(), 2);
        assert!(wrapped[s[0].range.clone()].ends_with("with the West."));
        assert_eq!(s[1].paragraph, 1);
    }

    fn tokens(text: &str) -> Vec<(&str, TokenKind, bool)> {
        let mut out = Vec::new();
        tokenize(text, 0..text.len(), &mut out);
        out.iter()
            .map(|t| (t.text(text), t.kind, t.space_before))
            .collect()
    }

    #[test]
    fn tokens_keep_acronyms_initials_and_split_possessives() {
        use TokenKind::*;
        assert_eq!(
            tokens("U.S. Antony J. Blinken’s talks, NATO-Russia allies' O'Brien don't."),
            [
                ("U.S.", Word, true),
                ("Antony", Word, true),
                ("J.", Word, true),
                ("Blinken", Word, true),
                ("’s", Possessive, false),
                ("talks", Word, true),
                (",", Punct, false),
                ("NATO", Word, true),
                ("-", Punct, false),
                ("Russia", Word, false),
                ("allies", Word, true),
                ("'", Possessive, false),
                ("O'Brien", Word, true),
                ("don", Word, true),
                ("'", Punct, false),
                ("t", Word, false),
                (".", Punct, false),
            ]
        );
        assert_eq!(tokens("Washington D.C. 3.5")[1].0, "D.C.");
        assert_eq!(tokens("end.Next")[0].0, "end");
    }
}
