//! The relation lexicon: verb and noun phrases that state a relation between
//! two entities (`assets/lexicon/verbs.tsv`), matched on tokens with a phrase
//! trie, and the cue words read around them (`assets/lexicon/cues.tsv`):
//! negation, hedging, clause boundaries, auxiliaries, determiners, light
//! verbs, pronouns, copulas and member lists. Function words
//! (`rules/function_words.txt`) are cues too, so one lookup tells the
//! relation finder all it needs to know about a word.

use std::collections::BTreeMap;

use super::relations::{Category, Polarity};
use super::text::lowercase_tokens;
use super::words::{PhraseTrie, WordMap};
use crate::assets::{AssetError, AssetSource, Row, Table};

const VERBS: &str = "lexicon/verbs.tsv";
const CUES: &str = "lexicon/cues.tsv";
const FUNCTION_WORDS: &str = "rules/function_words.txt";

/// A lexicon file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum LexiconError {
    #[error(transparent)]
    Asset(#[from] AssetError),
    #[error("{file} line {line}: unknown {column} `{value}`")]
    Unknown {
        file: String,
        line: usize,
        column: &'static str,
        value: String,
    },
}

/// Whether a phrase is a verb or an event noun.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    Verb,
    Noun,
}

/// One row of the lexicon.
#[derive(Debug, Clone, PartialEq)]
pub struct Predicate {
    pub part: Part,
    /// Lower-case prepositions that introduce the target.
    pub prepositions: Vec<String>,
    /// The target may follow the phrase directly.
    pub direct: bool,
    pub category: Category,
    pub polarity: Polarity,
    /// A verb's past tense or the noun, completed by the preposition found.
    stem: String,
    /// `stem` is the whole label (the `label` column was given).
    fixed: bool,
}

impl Predicate {
    /// The edge label, with the preposition that introduced the target.
    pub fn label(&self, preposition: Option<&str>) -> String {
        match preposition {
            Some(p) if !self.fixed => format!("{} {p}", self.stem),
            _ => self.stem.clone(),
        }
    }

    /// The preposition of this predicate that `word` is, if any.
    pub fn preposition(&self, word: &str) -> Option<&str> {
        self.prepositions
            .iter()
            .find(|p| p.eq_ignore_ascii_case(word))
            .map(String::as_str)
    }
}

/// A written form of a predicate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FormOf {
    /// Index into [`Lexicon::predicates`].
    pub predicate: usize,
    /// A verb's past tense or participle (needed for passives).
    pub past: bool,
}

/// What a cue word does, as bit flags.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Cues(u16);

impl Cues {
    pub const NEGATION: u16 = 1;
    pub const HEDGE: u16 = 2;
    pub const BOUNDARY: u16 = 4;
    pub const SKIP: u16 = 8;
    pub const DETERMINER: u16 = 16;
    pub const LIGHT: u16 = 32;
    pub const PERSON: u16 = 64;
    pub const GROUP: u16 = 128;
    pub const COPULA: u16 = 256;
    pub const LIST: u16 = 512;
    /// In `rules/function_words.txt`.
    pub const FUNCTION: u16 = 1024;
    /// The first word of a phrase in the verbs table.
    pub const PHRASE_START: u16 = 8192;
    /// Set per token by the relation finder: a noun or adjective.
    pub const CONTENT: u16 = 2048;
    /// Set per token by the relation finder: starts with a lower-case letter.
    pub const LOWER: u16 = 4096;

    const NAMES: [(&'static str, u16); 10] = [
        ("negation", Self::NEGATION),
        ("hedge", Self::HEDGE),
        ("boundary", Self::BOUNDARY),
        ("skip", Self::SKIP),
        ("determiner", Self::DETERMINER),
        ("light", Self::LIGHT),
        ("person", Self::PERSON),
        ("group", Self::GROUP),
        ("copula", Self::COPULA),
        ("list", Self::LIST),
    ];

    pub fn is(self, bit: u16) -> bool {
        self.0 & bit != 0
    }

    pub fn with(self, bit: u16) -> Cues {
        Cues(self.0 | bit)
    }

    fn parse(name: &str) -> Option<u16> {
        Self::NAMES
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, bit)| *bit)
    }
}

/// The verb and noun phrases, and the cue words.
#[derive(Debug, Clone, Default)]
pub struct Lexicon {
    pub predicates: Vec<Predicate>,
    forms: PhraseTrie<Vec<FormOf>>,
    cues: WordMap<Cues>,
}

impl Lexicon {
    /// Loads `lexicon/verbs.tsv` and `lexicon/cues.tsv` from `source`.
    pub fn load(source: &AssetSource) -> Result<Lexicon, LexiconError> {
        let mut lexicon = Lexicon::default();
        let mut forms: BTreeMap<Vec<String>, Vec<FormOf>> = BTreeMap::new();
        let table = source.table(VERBS)?;
        let columns = Columns::of(&table)?;
        for row in table.rows() {
            let predicate = lexicon.predicates.len();
            let (entry, written) = columns.predicate(&row)?;
            for (form, past) in written {
                forms
                    .entry(lowercase_tokens(&form))
                    .or_default()
                    .push(FormOf { predicate, past });
            }
            lexicon.predicates.push(entry);
        }
        lexicon.load_cues(&source.table(CUES)?)?;
        for (key, value) in forms {
            if let Some(first) = key.first() {
                lexicon.cues.entry(first, Cues::default()).0 |= Cues::PHRASE_START;
            }
            lexicon.forms.insert(key.iter().map(String::as_str), value);
        }
        for word in source.list(FUNCTION_WORDS)? {
            lexicon.cues.entry(&word, Cues::default()).0 |= Cues::FUNCTION;
        }
        Ok(lexicon)
    }

    fn load_cues(&mut self, table: &Table) -> Result<(), LexiconError> {
        let (word, cues) = (table.column("word")?, table.column("cues")?);
        for row in table.rows() {
            let mut bits = 0;
            for name in row.values(cues) {
                bits |= Cues::parse(name).ok_or_else(|| unknown(CUES, &row, "cue", name))?;
            }
            self.cues.entry(row.cell(word), Cues::default()).0 |= bits;
        }
        Ok(())
    }

    /// The longest phrase at the start of `words`: its length in words and
    /// the predicates it is a form of.
    pub fn longest<'w>(
        &self,
        words: impl IntoIterator<Item = &'w str>,
    ) -> Option<(usize, &[FormOf])> {
        self.forms
            .longest(words)
            .map(|(len, forms)| (len, forms.as_slice()))
    }

    /// What `word` cues.
    pub fn cues(&self, word: &str) -> Cues {
        self.cues.get(word).copied().unwrap_or_default()
    }
}

/// The column indices of the verbs table.
struct Columns {
    phrase: usize,
    forms: usize,
    preposition: usize,
    part: usize,
    category: usize,
    polarity: usize,
    label: Option<usize>,
}

impl Columns {
    fn of(table: &Table) -> Result<Columns, AssetError> {
        Ok(Columns {
            phrase: table.column("phrase")?,
            forms: table.column("forms")?,
            preposition: table.column("preposition")?,
            part: table.column("part")?,
            category: table.column("category")?,
            polarity: table.column("polarity")?,
            label: table.optional_column("label"),
        })
    }

    /// A row's predicate and its written forms (each with whether it is a
    /// past tense).
    fn predicate(&self, row: &Row) -> Result<(Predicate, Vec<(String, bool)>), LexiconError> {
        let part = match row.cell(self.part) {
            "verb" => Part::Verb,
            "noun" => Part::Noun,
            other => return Err(unknown(VERBS, row, "part", other)),
        };
        let category = row.cell(self.category);
        let category =
            Category::parse(category).ok_or_else(|| unknown(VERBS, row, "category", category))?;
        let polarity = row.cell(self.polarity);
        let polarity =
            Polarity::parse(polarity).ok_or_else(|| unknown(VERBS, row, "polarity", polarity))?;
        let phrase = row.cell(self.phrase).to_lowercase();
        let given: Vec<String> = row.values(self.forms).map(str::to_lowercase).collect();
        let forms = match part {
            Part::Verb => verb_forms(&phrase, &given),
            Part::Noun => noun_forms(&phrase, &given),
        };
        let past = forms.iter().find(|(_, past)| *past).map(|(f, _)| f.clone());
        let label = self.label.map(|c| row.cell(c)).filter(|l| !l.is_empty());
        let stem = label.map(str::to_owned).or(past).unwrap_or(phrase);
        let mut prepositions: Vec<String> = row
            .values(self.preposition)
            .map(str::to_lowercase)
            .collect();
        let direct = prepositions.is_empty() || prepositions.iter().any(|p| p == "-");
        prepositions.retain(|p| p != "-");
        let predicate = Predicate {
            part,
            prepositions,
            direct,
            category,
            polarity,
            stem,
            fixed: label.is_some(),
        };
        Ok((predicate, forms))
    }
}

fn unknown(file: &str, row: &Row, column: &'static str, value: &str) -> LexiconError {
    LexiconError::Unknown {
        file: file.to_owned(),
        line: row.line,
        column,
        value: value.to_owned(),
    }
}

/// The base form and the inflected forms of a verb phrase, marking the past
/// tense: the given forms (past first), else regular ones of its first word.
fn verb_forms(phrase: &str, given: &[String]) -> Vec<(String, bool)> {
    let mut out = vec![(phrase.to_owned(), false)];
    if given.is_empty() {
        let (head, rest) = phrase.split_once(' ').unwrap_or((phrase, ""));
        let tail = |w: String| {
            if rest.is_empty() {
                w
            } else {
                format!("{w} {rest}")
            }
        };
        out.push((tail(past(head)), true));
        out.push((tail(plural(head)), false));
        out.push((tail(gerund(head)), false));
    } else {
        for (i, form) in given.iter().enumerate() {
            let past = i == 0 || form.ends_with("ed") || form.ends_with("en");
            out.push((form.clone(), past));
        }
    }
    out
}

/// The singular and plural of a noun phrase: the given forms, else the
/// regular plural of its last word.
fn noun_forms(phrase: &str, given: &[String]) -> Vec<(String, bool)> {
    let mut out = vec![(phrase.to_owned(), false)];
    if given.is_empty() {
        let (rest, last) = phrase
            .rsplit_once(' ')
            .map_or(("", phrase), |(r, l)| (r, l));
        let plural = plural(last);
        out.push((
            if rest.is_empty() {
                plural
            } else {
                format!("{rest} {plural}")
            },
            false,
        ));
    } else {
        out.extend(given.iter().map(|f| (f.clone(), false)));
    }
    out.dedup();
    out
}

/// A consonant followed by "y" ("occupy", not "deploy").
fn consonant_y(word: &str) -> Option<&str> {
    let stem = word.strip_suffix('y')?;
    let before = stem.chars().last()?;
    (!"aeiou".contains(before)).then_some(stem)
}

fn past(word: &str) -> String {
    if let Some(stem) = consonant_y(word) {
        format!("{stem}ied")
    } else if word.ends_with('e') {
        format!("{word}d")
    } else {
        format!("{word}ed")
    }
}

fn plural(word: &str) -> String {
    if let Some(stem) = consonant_y(word) {
        format!("{stem}ies")
    } else if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|e| word.ends_with(e))
    {
        format!("{word}es")
    } else {
        format!("{word}s")
    }
}

fn gerund(word: &str) -> String {
    match word.strip_suffix('e') {
        Some(stem) if !word.ends_with("ee") => format!("{stem}ing"),
        _ => format!("{word}ing"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regular_inflections() {
        let forms = |p: &str| -> Vec<String> {
            verb_forms(p, &[])
                .into_iter()
                .map(|(f, _)| f)
                .collect::<Vec<_>>()
        };
        assert_eq!(forms("annex"), ["annex", "annexed", "annexes", "annexing"]);
        assert_eq!(forms("seize"), ["seize", "seized", "seizes", "seizing"]);
        assert_eq!(
            forms("occupy"),
            ["occupy", "occupied", "occupies", "occupying"]
        );
        assert_eq!(forms("deploy")[1], "deployed");
        assert_eq!(forms("reach out")[1], "reached out");
        let nouns: Vec<String> = noun_forms("member state", &[])
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(nouns, ["member state", "member states"]);
        assert_eq!(plural("build-up"), "build-ups");
    }

    #[test]
    fn the_embedded_lexicon_loads_and_matches_forms() {
        let lex = Lexicon::load(&AssetSource::Embedded).unwrap();
        let (len, forms) = lex.longest(["reached", "out", "to"]).unwrap();
        assert_eq!(len, 2);
        let p = &lex.predicates[forms[0].predicate];
        assert_eq!(p.label(Some("to")), "reached out to");
        assert_eq!(p.category, Category::Consult);
        let (_, forms) = lex.longest(["Met"]).unwrap();
        assert!(forms[0].past);
        assert_eq!(lex.predicates[forms[0].predicate].label(None), "met");
        assert!(lex.longest(["build", "-", "up"]).is_some());
        assert!(lex.cues("Would").is(Cues::HEDGE));
        assert!(lex.cues("not").is(Cues::NEGATION));
    }

    #[test]
    fn bad_rows_name_the_file_line_and_value() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("lexicon")).unwrap();
        std::fs::write(
            dir.path().join(VERBS),
            "phrase\tforms\tpreposition\tpart\tcategory\tpolarity\nhug\t\t-\tverb\tembrace\tcooperative\n",
        )
        .unwrap();
        let err = Lexicon::load(&AssetSource::Dir(dir.path().to_owned())).unwrap_err();
        assert_eq!(
            err.to_string(),
            "lexicon/verbs.tsv line 2: unknown category `embrace`"
        );
    }
}
