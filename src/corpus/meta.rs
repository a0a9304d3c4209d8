//! Document metadata derived from the text: titles for plain-text files and
//! dates written in the text ("December 7, 2021", "7 December 2021",
//! "2021-12-07").

use super::Document;

/// Titles longer than this many characters are cut with an ellipsis.
const MAX_TITLE_CHARS: usize = 120;
/// Only this many leading bytes of a text are searched for a date.
const DATE_SEARCH_BYTES: usize = 1000;

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The file name without folders and extension.
pub fn file_stem(path: &str) -> &str {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    match name.rsplit_once('.') {
        Some((stem, _)) if !stem.is_empty() => stem,
        _ => name,
    }
}

/// Gives `doc` a title (first real line of the text, else its file name) and
/// a date found in its text when its source gave none.
pub fn fill_title_and_date(doc: &mut Document) {
    let title = super::formats::collapse_whitespace(&doc.title);
    doc.title = if title.is_empty() {
        title_from_text(doc).unwrap_or_else(|| file_stem(&doc.path).to_owned())
    } else {
        title
    };
    doc.title = shorten(&doc.title);
    if doc.date.is_none() {
        let mut end = doc.text.len().min(DATE_SEARCH_BYTES);
        while !doc.text.is_char_boundary(end) {
            end -= 1;
        }
        doc.date = find_date(&doc.text[..end]);
    }
}

/// The first non-empty line that is not boilerplate and not a tag line
/// ("#Analysis"), without Markdown heading marks.
fn title_from_text(doc: &Document) -> Option<String> {
    super::boilerplate::lines(&doc.text)
        .filter(|line| !doc.in_boilerplate(line))
        .map(|line| &doc.text[line])
        .find(|line| !is_tag_line(line))
        .map(|line| super::formats::collapse_whitespace(line.trim_start_matches('#')))
        .filter(|t| !t.is_empty())
}

/// "#Tag" or "#Tag / Author" (a hashtag, not a Markdown heading "# Title").
fn is_tag_line(line: &str) -> bool {
    line.strip_prefix('#')
        .is_some_and(|rest| rest.starts_with(|c: char| !c.is_whitespace() && c != '#'))
}

fn shorten(title: &str) -> String {
    match title.char_indices().nth(MAX_TITLE_CHARS) {
        Some((cut, _)) => format!("{}…", title[..cut].trim_end()),
        None => title.to_owned(),
    }
}

/// The first full date written in `text`, as `YYYY-MM-DD`.
pub fn find_date(text: &str) -> Option<String> {
    let mut words = text
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty());
    // The word and the two after it ("" past the end).
    let mut window = [""; 3];
    for slot in &mut window {
        *slot = words.next().unwrap_or("");
    }
    while !window[0].is_empty() {
        if may_start_date(&window)
            && let Some(date) = date_at(&window)
        {
            return Some(date);
        }
        window = [window[1], window[2], words.next().unwrap_or("")];
    }
    None
}

/// Every date starts with a digit (ISO, "D Month YYYY"), or with a month's
/// initial followed by a day, whose number may have a sign ("Month D YYYY").
fn may_start_date(words: &[&str; 3]) -> bool {
    let first = |word: &str| word.as_bytes().first().copied().unwrap_or(0);
    first(words[0]).is_ascii_digit()
        || is_month_initial(first(words[0]))
            && (first(words[1]).is_ascii_digit() || first(words[1]) == b'+')
}

fn is_month_initial(b: u8) -> bool {
    b"jfmasond".contains(&b.to_ascii_lowercase())
}

/// A date starting at `words[0]`: ISO, "Month D YYYY" or "D Month YYYY".
fn date_at(words: &[&str]) -> Option<String> {
    let first = words[0].trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
    if let Some(iso) = iso_date(first) {
        return Some(iso);
    }
    let at = |i: usize| words.get(i).copied().unwrap_or("");
    if let Some(month) = month(first) {
        return ymd(year(at(2))?, month, day(at(1))?);
    }
    let (d, month) = (day(first)?, month(at(1))?);
    ymd(year(at(2))?, month, d)
}

fn ymd(year: u32, month: u32, day: u32) -> Option<String> {
    Some(format!("{year:04}-{month:02}-{day:02}"))
}

fn iso_date(word: &str) -> Option<String> {
    let mut parts = word.get(..10)?.split('-');
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if y.len() != 4 || m.len() != 2 || d.len() != 2 {
        return None;
    }
    let (y, m, d) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    ((1900..2100).contains(&y) && (1..=12).contains(&m) && (1..=31).contains(&d))
        .then(|| ymd(y, m, d))?
}

fn month(word: &str) -> Option<u32> {
    let word = word.trim_end_matches('.');
    if !(3..=9).contains(&word.len()) || !word.is_ascii() || !is_month_initial(word.as_bytes()[0]) {
        return None;
    }
    MONTHS
        .iter()
        .position(|m| m.len() >= word.len() && m[..word.len()].eq_ignore_ascii_case(word))
        .map(|i| i as u32 + 1)
}

fn day(word: &str) -> Option<u32> {
    let word = word.trim_end_matches(['.', ',']);
    let digits = ["st", "nd", "rd", "th"]
        .iter()
        .find_map(|suffix| word.strip_suffix(suffix))
        .unwrap_or(word);
    let d: u32 = digits.parse().ok()?;
    (1..=31).contains(&d).then_some(d)
}

fn year(word: &str) -> Option<u32> {
    let word = word.trim_end_matches(|c: char| !c.is_ascii_digit());
    let y: u32 = word.parse().ok().filter(|_| word.len() == 4)?;
    (1900..2100).contains(&y).then_some(y)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str, boilerplate: Vec<std::ops::Range<usize>>) -> Document {
        Document {
            id: "d".into(),
            path: "dir/story.txt".into(),
            title: String::new(),
            date: None,
            url: None,
            text: text.into(),
            boilerplate,
        }
    }

    #[test]
    fn dates_in_common_news_forms() {
        assert_eq!(
            find_date("Posted 2021-12-07T10:00"),
            Some("2021-12-07".into())
        );
        assert_eq!(
            find_date("WASHINGTON, December 7, 2021 — talks"),
            Some("2021-12-07".into())
        );
        assert_eq!(
            find_date("On 1st Dec. 2021 Putin"),
            Some("2021-12-01".into())
        );
        assert_eq!(find_date("Jan. 10, 2022."), Some("2022-01-10".into()));
        assert_eq!(find_date("Last Monday, January 3rd, the group met"), None);
        assert_eq!(find_date("In May 2014 and March 30"), None);
        assert_eq!(find_date("Copyright 2021"), None);
        // A month's name is only read as a date's start before a day.
        assert_eq!(
            find_date("Many said, in March, on 4 March 2024, talks"),
            Some("2024-03-04".into())
        );
    }

    #[test]
    fn titles_skip_boilerplate_and_tag_lines() {
        let mut d = doc(
            "Banner banner\n#Analysis / Jane Doe\n\n## Real   title\nBody",
            std::iter::once(0..13).collect(),
        );
        fill_title_and_date(&mut d);
        assert_eq!(d.title, "Real title");
        let mut empty = doc("   ", vec![]);
        fill_title_and_date(&mut empty);
        assert_eq!(empty.title, "story");
        let mut long = doc(&"word ".repeat(60), vec![]);
        fill_title_and_date(&mut long);
        assert!(long.title.ends_with('…') && long.title.chars().count() <= MAX_TITLE_CHARS + 1);
    }

    #[test]
    fn file_stems() {
        assert_eq!(file_stem("a/b/000_x.txt"), "000_x");
        assert_eq!(file_stem("C:\\a\\feed.jsonl"), "feed");
        assert_eq!(file_stem(".hidden"), ".hidden");
    }
}
