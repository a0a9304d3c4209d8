//! Reads articles out of the supported file formats: plain text and Markdown,
//! HTML (visible text only), JSON, JSON Lines and CSV.
//!
//! A format parser returns every article it could read plus a list of the
//! items (rows, lines, objects) it had to skip and why; only a file that cannot
//! be parsed at all is an error.

use html5gum::{DefaultEmitter, Token, Tokenizer};
use serde_json::{Map, Value};

/// The file formats newsgraph reads, chosen by file extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Html,
    Json,
    JsonLines,
    Csv,
}

impl Format {
    /// The format for a file extension (case-insensitive), if supported.
    pub fn from_extension(ext: &str) -> Option<Format> {
        match ext.to_ascii_lowercase().as_str() {
            "txt" | "text" | "md" | "markdown" => Some(Format::Text),
            "html" | "htm" | "xhtml" => Some(Format::Html),
            "json" => Some(Format::Json),
            "jsonl" | "ndjson" => Some(Format::JsonLines),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    /// Whether one file of this format may hold many articles.
    pub fn is_collection(self) -> bool {
        matches!(self, Format::Json | Format::JsonLines | Format::Csv)
    }
}

/// One article as read from a file, before boilerplate marking and titling.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RawArticle {
    /// Position inside a collection file (1-based line, row or item number).
    pub item: Option<usize>,
    pub title: Option<String>,
    pub date: Option<String>,
    pub url: Option<String>,
    pub text: String,
}

/// An item of a collection file that could not be read.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemError {
    pub item: usize,
    pub reason: String,
}

/// What a file yielded.
#[derive(Debug, Default)]
pub struct Parsed {
    pub articles: Vec<RawArticle>,
    pub errors: Vec<ItemError>,
}

/// Field names recognised in JSON objects and CSV headers, in priority order.
const TEXT_FIELDS: &[&str] = &["text", "content", "body"];
const TITLE_FIELDS: &[&str] = &["title", "headline"];
const DATE_FIELDS: &[&str] = &["date", "published", "publishedAt"];
const URL_FIELDS: &[&str] = &["url", "link"];

/// Parses decoded `text` as `format`. Errors only when nothing at all can be read.
pub fn parse(format: Format, text: &str) -> Result<Parsed, String> {
    match format {
        Format::Text => Ok(Parsed {
            articles: vec![RawArticle {
                text: text.to_owned(),
                ..RawArticle::default()
            }],
            errors: Vec::new(),
        }),
        Format::Html => Ok(Parsed {
            articles: vec![html_article(text)],
            errors: Vec::new(),
        }),
        Format::Json => parse_json(text),
        Format::JsonLines => Ok(parse_json_lines(text)),
        Format::Csv => parse_csv(text),
    }
}

// ---------------------------------------------------------------- HTML

/// Elements whose content is never visible article text.
const HIDDEN_ELEMENTS: &[&str] = &[
    "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas", "head",
    "nav", "button", "select", "textarea",
];

/// Elements that start a new paragraph.
const BLOCK_ELEMENTS: &[&str] = &[
    "p",
    "div",
    "section",
    "article",
    "header",
    "footer",
    "aside",
    "main",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "ul",
    "ol",
    "li",
    "table",
    "tr",
    "blockquote",
    "pre",
    "figure",
    "figcaption",
    "hr",
    "dl",
    "dt",
    "dd",
    "address",
    "details",
    "summary",
    "body",
    "form",
    "fieldset",
    "caption",
];

/// Collects the visible text of an HTML page, its title and metadata.
#[derive(Default)]
struct HtmlText {
    out: String,
    hidden: Vec<String>,
    capture: Option<(String, String)>,
    title: Option<String>,
    h1: Option<String>,
    date: Option<String>,
    url: Option<String>,
}

fn html_article(html: &str) -> RawArticle {
    let mut emitter = DefaultEmitter::default();
    emitter.naively_switch_states(true);
    let mut page = HtmlText::default();
    for token in Tokenizer::new_with_emitter(html, emitter).flatten() {
        match token {
            Token::StartTag(tag) => {
                let name = String::from_utf8_lossy(&tag.name).to_ascii_lowercase();
                let attr = |key: &str| {
                    tag.attributes
                        .get(key.as_bytes())
                        .map(|v| String::from_utf8_lossy(v).trim().to_owned())
                };
                page.start_tag(&name, tag.self_closing, &attr);
            }
            Token::EndTag(tag) => {
                page.end_tag(&String::from_utf8_lossy(&tag.name).to_ascii_lowercase())
            }
            Token::String(s) => page.text(&String::from_utf8_lossy(&s)),
            _ => {}
        }
    }
    page.finish()
}

impl HtmlText {
    fn start_tag(&mut self, name: &str, self_closing: bool, attr: &dyn Fn(&str) -> Option<String>) {
        match name {
            "meta" => self.meta(attr),
            "link" if attr("rel").as_deref() == Some("canonical") => {
                self.url = self.url.take().or_else(|| attr("href"));
            }
            "time" => self.date = self.date.take().or_else(|| attr("datetime")),
            "title" | "h1" if self.capture.is_none() => {
                self.capture = Some((name.to_owned(), String::new()));
            }
            "br" => self.out.push('\n'),
            _ => {}
        }
        if HIDDEN_ELEMENTS.contains(&name) && !self_closing {
            self.hidden.push(name.to_owned());
        }
        if BLOCK_ELEMENTS.contains(&name) {
            self.paragraph_break();
        }
    }

    fn meta(&mut self, attr: &dyn Fn(&str) -> Option<String>) {
        let key = attr("property")
            .or_else(|| attr("name"))
            .or_else(|| attr("itemprop"))
            .unwrap_or_default()
            .to_ascii_lowercase();
        let content = attr("content").filter(|c| !c.is_empty());
        match key.as_str() {
            "article:published_time" | "date" | "pubdate" | "datepublished" | "dc.date" => {
                self.date = self.date.take().or(content);
            }
            "og:url" => self.url = self.url.take().or(content),
            "og:title" if self.title.is_none() => self.title = content,
            _ => {}
        }
    }

    fn end_tag(&mut self, name: &str) {
        if let Some(pos) = self.hidden.iter().rposition(|h| h == name) {
            self.hidden.truncate(pos);
        }
        if let Some((capturing, text)) = self.capture.take() {
            if capturing == name {
                let text = collapse_whitespace(&text);
                let slot = if name == "title" {
                    &mut self.title
                } else {
                    &mut self.h1
                };
                if slot.is_none() && !text.is_empty() {
                    *slot = Some(text);
                }
            } else {
                self.capture = Some((capturing, text));
            }
        }
        if BLOCK_ELEMENTS.contains(&name) {
            self.paragraph_break();
        }
    }

    fn text(&mut self, s: &str) {
        if let Some((_, captured)) = &mut self.capture {
            captured.push_str(s);
        }
        if !self.hidden.is_empty() {
            return;
        }
        for (i, word) in s.split(|c: char| c.is_whitespace()).enumerate() {
            let starts_with_space = i > 0 || s.starts_with(char::is_whitespace);
            if starts_with_space && !self.out.is_empty() && !self.out.ends_with(['\n', ' ']) {
                self.out.push(' ');
            }
            self.out.push_str(word);
        }
    }

    fn paragraph_break(&mut self) {
        let trimmed = self.out.trim_end_matches([' ', '\n']).len();
        self.out.truncate(trimmed);
        if !self.out.is_empty() {
            self.out.push_str("\n\n");
        }
    }

    fn finish(self) -> RawArticle {
        let text: Vec<&str> = self.out.lines().map(str::trim).collect();
        let text = text.join("\n");
        let text = text.trim().to_owned();
        RawArticle {
            item: None,
            title: self.title.or(self.h1),
            date: self.date,
            url: self.url,
            text,
        }
    }
}

/// Replaces every run of whitespace with one space and trims the ends.
pub fn collapse_whitespace(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

// ---------------------------------------------------------------- JSON

fn parse_json(text: &str) -> Result<Parsed, String> {
    let value: Value = serde_json::from_str(text).map_err(|e| format!("invalid JSON: {e}"))?;
    let items: Vec<Value> = match value {
        Value::Array(items) => items,
        Value::Object(object) if has_any(&object, TEXT_FIELDS) => vec![Value::Object(object)],
        Value::Object(object) => match object.into_iter().find(|(_, v)| v.is_array()) {
            Some((_, Value::Array(items))) => items,
            _ => return Err("JSON object has no text, content or body field".into()),
        },
        _ => return Err("JSON holds neither an article object nor a list of them".into()),
    };
    let mut parsed = Parsed::default();
    for (i, item) in items.into_iter().enumerate() {
        match item {
            Value::Object(object) => parsed.push(i + 1, article_from_object(object)),
            _ => parsed.push(i + 1, Err("not a JSON object".into())),
        }
    }
    Ok(parsed)
}

/// Reads one article per line; the lines of a large dump are parsed in
/// parallel.
fn parse_json_lines(text: &str) -> Parsed {
    use rayon::prelude::*;
    let lines: Vec<(usize, &str)> = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty())
        .collect();
    let articles: Vec<Result<RawArticle, String>> = lines
        .par_iter()
        .map(|(_, line)| match serde_json::from_str::<Value>(line) {
            Ok(Value::Object(object)) => article_from_object(object),
            Ok(_) => Err("not a JSON object".into()),
            Err(e) => Err(format!("invalid JSON: {e}")),
        })
        .collect();
    let mut parsed = Parsed::default();
    for ((i, _), article) in lines.iter().zip(articles) {
        parsed.push(i + 1, article);
    }
    parsed
}

fn has_any(object: &Map<String, Value>, fields: &[&str]) -> bool {
    fields.iter().any(|f| object.contains_key(*f))
}

/// The article of a JSON object; its strings are moved out, not copied.
fn article_from_object(mut object: Map<String, Value>) -> Result<RawArticle, String> {
    let mut field = |names: &[&str]| {
        names.iter().find_map(|name| match object.remove(*name) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        })
    };
    let text = field(TEXT_FIELDS).ok_or("no text, content or body field")?;
    Ok(RawArticle {
        item: None,
        title: field(TITLE_FIELDS),
        date: field(DATE_FIELDS),
        url: field(URL_FIELDS),
        text,
    })
}

impl Parsed {
    fn push(&mut self, item: usize, article: Result<RawArticle, String>) {
        match article {
            Ok(article) => self.articles.push(RawArticle {
                item: Some(item),
                ..article
            }),
            Err(reason) => self.errors.push(ItemError { item, reason }),
        }
    }
}

// ---------------------------------------------------------------- CSV

fn parse_csv(text: &str) -> Result<Parsed, String> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(false)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| format!("unreadable CSV header: {e}"))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let column = |names: &[&str]| {
        names
            .iter()
            .find_map(|name| headers.iter().position(|h| *h == name.to_ascii_lowercase()))
    };
    let text_column =
        column(TEXT_FIELDS).ok_or("CSV header names no text, content or body column")?;
    let (title, date, url) = (
        column(TITLE_FIELDS),
        column(DATE_FIELDS),
        column(URL_FIELDS),
    );
    let mut parsed = Parsed::default();
    for (i, record) in reader.records().enumerate() {
        let row = i + 2;
        let article = match record {
            Err(e) => Err(csv_error(&e)),
            Ok(record) => {
                let cell = |c: Option<usize>| {
                    c.and_then(|c| record.get(c))
                        .map(str::trim)
                        .filter(|s| !s.is_empty())
                        .map(str::to_owned)
                };
                match cell(Some(text_column)) {
                    Some(text) => Ok(RawArticle {
                        item: None,
                        title: cell(title),
                        date: cell(date),
                        url: cell(url),
                        text,
                    }),
                    None => Err("empty text cell".to_owned()),
                }
            }
        };
        parsed.push(row, article);
    }
    Ok(parsed)
}

fn csv_error(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("row has {len} fields, the header has {expected_len}"),
        _ => format!("malformed CSV row: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_keeps_visible_text_title_and_metadata() {
        let html = r#"<!doctype html><html><head><title>Summit &amp; talks</title>
            <meta property="article:published_time" content="2022-01-07T10:00:00Z">
            <link rel="canonical" href="https://example.org/a">
            <style>p { color: red }</style><script>var NATO = "hidden";</script></head>
            <body><nav>Home | World</nav><h1>Ignored heading</h1>
            <p>Foreign ministers met in <b>Riga</b>.</p><p>Second&nbsp;paragraph<br>new line</p>
            <script>document.write("Russia")</script></body></html>"#;
        let a = html_article(html);
        assert_eq!(a.title.as_deref(), Some("Summit & talks"));
        assert_eq!(a.date.as_deref(), Some("2022-01-07T10:00:00Z"));
        assert_eq!(a.url.as_deref(), Some("https://example.org/a"));
        assert_eq!(
            a.text,
            "Ignored heading\n\nForeign ministers met in Riga.\n\nSecond paragraph\nnew line"
        );
        assert!(!a.text.contains("NATO") && !a.text.contains("Home"));
    }

    #[test]
    fn html_title_falls_back_to_h1() {
        let a = html_article("<body><h1>Talks in <i>Geneva</i></h1><p>Text.</p></body>");
        assert_eq!(a.title.as_deref(), Some("Talks in Geneva"));
    }

    #[test]
    fn json_array_object_and_wrapped_list() {
        let p = parse(
            Format::Json,
            r#"[{"headline":"A","content":"Text A","publishedAt":"2022-01-03","link":"u"},
               {"title":"B"}, 3, {"body":"Text C"}]"#,
        )
        .unwrap();
        assert_eq!(p.articles.len(), 2);
        assert_eq!(p.articles[0].title.as_deref(), Some("A"));
        assert_eq!(p.articles[0].date.as_deref(), Some("2022-01-03"));
        assert_eq!(p.articles[0].url.as_deref(), Some("u"));
        assert_eq!(p.articles[1].item, Some(4));
        assert_eq!(
            p.errors,
            vec![
                ItemError {
                    item: 2,
                    reason: "no text, content or body field".into()
                },
                ItemError {
                    item: 3,
                    reason: "not a JSON object".into()
                }
            ]
        );
        let single = parse(Format::Json, r#"{"text":"Only one"}"#).unwrap();
        assert_eq!(single.articles.len(), 1);
        let wrapped = parse(Format::Json, r#"{"articles":[{"text":"x"},{"text":"y"}]}"#).unwrap();
        assert_eq!(wrapped.articles.len(), 2);
        assert!(parse(Format::Json, "{\"a\": ").is_err());
        assert!(parse(Format::Json, "42").is_err());
    }

    #[test]
    fn json_lines_skip_bad_lines_only() {
        let p = parse(
            Format::JsonLines,
            "{\"text\":\"one\"}\n\n{broken\n[1]\n{\"text\":\"two\",\"date\":\"2021-12-07\"}\n",
        )
        .unwrap();
        assert_eq!(p.articles.len(), 2);
        assert_eq!(p.articles[1].item, Some(5));
        assert_eq!(p.errors.len(), 2);
        assert_eq!(p.errors[0].item, 3);
        assert!(p.errors[0].reason.starts_with("invalid JSON"));
        assert_eq!(p.errors[1].reason, "not a JSON object");
    }

    #[test]
    fn csv_reads_named_columns_and_reports_ragged_rows() {
        let p = parse(
            Format::Csv,
            "Headline,Body,Date\nA,\"Text, with comma\",2022-01-03\nB,short\nC,,2022\nD,Text D,\n",
        )
        .unwrap();
        assert_eq!(p.articles.len(), 2);
        assert_eq!(p.articles[0].text, "Text, with comma");
        assert_eq!(p.articles[0].title.as_deref(), Some("A"));
        assert_eq!(p.articles[1].item, Some(5));
        assert_eq!(p.articles[1].date, None);
        assert_eq!(p.errors[0].item, 3);
        assert_eq!(p.errors[0].reason, "row has 2 fields, the header has 3");
        assert_eq!(p.errors[1].reason, "empty text cell");
        assert!(parse(Format::Csv, "a,b\n1,2\n").is_err());
    }
}
