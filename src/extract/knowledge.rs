//! The reference data the extractor works with, loaded from `assets/` (and
//! any user gazetteers): gazetteer entries compiled into one Aho-Corasick
//! automaton, the word lists behind the name and organization rules, and the
//! relation lexicon.

use std::collections::HashMap;
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind, StartKind};
use serde::{Deserialize, Serialize};

use rustc_hash::FxHashSet;

use super::lexicon::{Lexicon, LexiconError};
use super::text::{SplitRules, Token, TokenKind, lowercase_tokens, tokenize};
pub use super::words::{PhraseTrie, WordMap, WordSet};
use crate::assets::{AssetError, AssetSource, Table};

/// What an entity is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Country,
    Official,
    Person,
    Organization,
    Place,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Country,
        Kind::Official,
        Kind::Person,
        Kind::Organization,
        Kind::Place,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Country => "country",
            Kind::Official => "official",
            Kind::Person => "person",
            Kind::Organization => "organization",
            Kind::Place => "place",
        }
    }

    pub fn parse(s: &str) -> Option<Kind> {
        Kind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim().to_lowercase())
    }
}

/// A gazetteer entry: a known country, organization, place or official.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub kind: Kind,
    pub name: String,
    pub aliases: Vec<String>,
}

/// What a gazetteer surface form stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// The entry itself.
    Entry(usize),
    /// A country named by its demonym ("German").
    Demonym(usize),
    /// A capital: the government of `country` or, used as a place, `city`.
    Capital { country: usize, city: usize },
    /// A seat of government ("the Kremlin") standing for `country`.
    Seat(usize),
}

/// A user gazetteer or assets file that could not be used.
#[derive(Debug, thiserror::Error)]
pub enum KnowledgeError {
    #[error(transparent)]
    Asset(#[from] AssetError),
    #[error(transparent)]
    Lexicon(#[from] LexiconError),
    #[error("cannot read gazetteer {path}: {source}")]
    Read {
        path: String,
        source: std::io::Error,
    },
    #[error(
        "{file} line {line}: unknown kind `{kind}` (use country, official, person, organization or place)"
    )]
    BadKind {
        file: String,
        line: usize,
        kind: String,
    },
    #[error("cannot build the gazetteer matcher: {0}")]
    Matcher(String),
}

/// What a word is, as bit flags: its case and the word lists it is in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WordClass(u16);

impl WordClass {
    pub const CAPITAL: u16 = 1;
    pub const LOWER: u16 = 2;
    pub const FUNCTION: u16 = 4;
    pub const HEAD: u16 = 8;
    pub const GIVEN: u16 = 16;
    pub const HONORIFIC: u16 = 32;
    pub const TITLE_START: u16 = 64;
    pub const FAMILY_FIRST: u16 = 128;
    /// A whole title starts here (set by the scan of a sentence).
    pub const TITLE: u16 = 256;
    /// Some gazetteer form starts with this word (compared folded).
    pub const FORM_START: u16 = 512;

    pub fn is(self, bit: u16) -> bool {
        self.0 & bit != 0
    }

    pub fn with(self, bit: u16) -> WordClass {
        WordClass(self.0 | bit)
    }
}

/// Everything the extractor knows before reading a text.
pub struct Knowledge {
    pub entries: Vec<Entry>,
    patterns: Vec<String>,
    targets: Vec<Target>,
    /// Anchored: forms are only looked for where a token starts.
    matcher: AhoCorasick,
    /// The first bytes of the forms, to skip tokens no form starts like.
    form_starts: [bool; 256],
    /// Title phrases, by their tokens, to the canonical title.
    titles: PhraseTrie<String>,
    /// Modifiers that stay part of a title ("Deputy").
    modifiers: PhraseTrie<()>,
    /// What each listed word is: function word, given name, title start ...
    classes: WordMap<u16>,
    /// Name particles, case-sensitive ("von", "Von").
    pub particles: FxHashSet<String>,
    pub locatives: Vec<Vec<String>>,
    pub split: SplitRules,
    /// Verb and noun phrases that state relations, and their cue words.
    pub lexicon: Lexicon,
}

/// Builds the pattern table while files are read.
#[derive(Default)]
struct Builder {
    entries: Vec<Entry>,
    forms: HashMap<String, Target>,
    /// The entries from user gazetteers, read first: `entries[..user]`.
    user: usize,
}

impl Builder {
    fn entry(&mut self, kind: Kind, name: &str, aliases: Vec<String>) -> usize {
        if let Some(id) = self.user_entry(name) {
            self.extend(id, name, aliases);
            return id;
        }
        let id = self.entries.len();
        for form in std::iter::once(name).chain(aliases.iter().map(String::as_str)) {
            self.form(form, Target::Entry(id), false);
        }
        self.entries.push(Entry {
            kind,
            name: name.to_owned(),
            aliases,
        });
        id
    }

    /// Registers a surface form (and its spelling with a typographic
    /// apostrophe); the first registration wins unless `force`.
    fn form(&mut self, form: &str, target: Target, force: bool) {
        if form.is_empty() {
            return;
        }
        let curly = form.contains('\'').then(|| form.replace('\'', "’"));
        for f in std::iter::once(form.to_owned()).chain(curly) {
            if force {
                self.forms.insert(f, target);
            } else {
                self.forms.entry(f).or_insert(target);
            }
        }
    }

    /// The user entry that has `name` as its name or one of its aliases.
    fn user_entry(&self, name: &str) -> Option<usize> {
        self.find(name).filter(|&id| id < self.user)
    }

    /// Adds a reference entry's name and aliases to user entry `id`; forms
    /// another entry already has stay with it.
    fn extend(&mut self, id: usize, name: &str, aliases: Vec<String>) {
        for form in std::iter::once(name.to_owned()).chain(aliases) {
            self.form(&form, Target::Entry(id), false);
            let entry = &mut self.entries[id];
            if form != entry.name && !entry.aliases.contains(&form) {
                entry.aliases.push(form);
            }
        }
    }

    fn find(&self, form: &str) -> Option<usize> {
        match self.forms.get(form) {
            Some(Target::Entry(e)) => Some(*e),
            _ => None,
        }
    }

    fn table(&mut self, table: &Table, kind: Kind) -> Result<(), AssetError> {
        let (name, aliases) = (table.column("name")?, table.optional_column("aliases"));
        for row in table.rows() {
            let values = aliases.map(|a| row.values(a).map(str::to_owned).collect());
            self.entry(kind, row.cell(name), values.unwrap_or_default());
        }
        Ok(())
    }

    fn countries(&mut self, table: &Table) -> Result<(), AssetError> {
        let name = table.column("name")?;
        let aliases = table.column("aliases")?;
        let demonyms = table.column("demonyms")?;
        let capitals = table.column("capitals")?;
        let seats = table.column("seats")?;
        for row in table.rows() {
            let id = self.entry(
                Kind::Country,
                row.cell(name),
                row.values(aliases).map(str::to_owned).collect(),
            );
            for demonym in row.values(demonyms) {
                self.form(demonym, Target::Demonym(id), false);
            }
            for seat in row.values(seats) {
                self.form(seat, Target::Seat(id), false);
            }
            for capital in row.values(capitals) {
                let city = match self.find(capital) {
                    Some(city) => city,
                    None => self.entry(Kind::Place, capital, Vec::new()),
                };
                self.form(capital, Target::Capital { country: id, city }, true);
            }
        }
        Ok(())
    }
}

impl Knowledge {
    /// Loads the reference data from `source`.
    pub fn load(source: &AssetSource) -> Result<Knowledge, KnowledgeError> {
        Self::load_with(source, &[])
    }

    /// Loads the reference data plus user gazetteers (tables with columns
    /// `kind`, `name` and `aliases`), whose entries take precedence: a
    /// reference entry named like a user entry, or by one of its aliases, is
    /// that entry (the user's name and kind win, the reference data's other
    /// forms join it), so a user row can rename or re-kind a known entity.
    pub fn load_with(source: &AssetSource, user: &[&Path]) -> Result<Knowledge, KnowledgeError> {
        let mut b = Builder::default();
        for path in user {
            let text = std::fs::read_to_string(path).map_err(|e| KnowledgeError::Read {
                path: path.display().to_string(),
                source: e,
            })?;
            user_gazetteer(&mut b, &Table::parse(&path.display().to_string(), &text)?)?;
        }
        b.user = b.entries.len();
        b.table(&source.table("gazetteer/places.tsv")?, Kind::Place)?;
        b.countries(&source.table("gazetteer/countries.tsv")?)?;
        b.table(
            &source.table("gazetteer/organizations.tsv")?,
            Kind::Organization,
        )?;
        b.table(&source.table("gazetteer/officials.tsv")?, Kind::Official)?;
        Self::compile(b, source)
    }

    fn compile(b: Builder, source: &AssetSource) -> Result<Knowledge, KnowledgeError> {
        let mut forms: Vec<(String, Target)> = b.forms.into_iter().collect();
        forms.sort_by(|a, b| a.0.cmp(&b.0));
        let (patterns, targets): (Vec<String>, Vec<Target>) = forms.into_iter().unzip();
        // Searches are anchored and short (a token or a few), so a compact
        // NFA (well under 1 MB, where a DFA of these forms takes 30 MB and
        // misses the cache at each step) is both faster to build and to run.
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(AhoCorasickKind::ContiguousNFA))
            .start_kind(StartKind::Anchored)
            .build(&patterns)
            .map_err(|e| KnowledgeError::Matcher(e.to_string()))?;
        let mut form_starts = [false; 256];
        for pattern in &patterns {
            if let Some(&first) = pattern.as_bytes().first() {
                form_starts[usize::from(first)] = true;
            }
        }
        let words = |name: &str| -> Result<WordSet, AssetError> {
            Ok(source.list(name)?.into_iter().collect())
        };
        let mut classes = WordMap::default();
        let mut tokens = Vec::new();
        for pattern in &patterns {
            if let Some(word) = first_word(pattern, &mut tokens) {
                *classes.entry(word, 0) |= WordClass::FORM_START;
            }
        }
        for (file, class) in [
            ("rules/function_words.txt", WordClass::FUNCTION),
            ("rules/given_names.txt", WordClass::GIVEN),
            ("rules/family_name_first.txt", WordClass::FAMILY_FIRST),
            ("rules/honorifics.txt", WordClass::HONORIFIC),
            ("rules/org_heads.txt", WordClass::HEAD),
        ] {
            for word in source.list(file)? {
                *classes.entry(word.trim_end_matches('.'), 0) |= class;
            }
        }
        let mut knowledge = Knowledge {
            entries: b.entries,
            patterns,
            targets,
            matcher,
            form_starts,
            titles: PhraseTrie::default(),
            modifiers: PhraseTrie::default(),
            classes,
            particles: source
                .list("rules/name_particles.txt")?
                .into_iter()
                .collect(),
            locatives: source
                .list("rules/locatives.txt")?
                .iter()
                .map(|l| {
                    l.to_lowercase()
                        .split_whitespace()
                        .map(str::to_owned)
                        .collect()
                })
                .collect(),
            split: SplitRules {
                abbreviations: words("rules/abbreviations.txt")?,
                function_words: words("rules/function_words.txt")?,
            },
            lexicon: Lexicon::load(source)?,
        };
        knowledge.load_titles(source)?;
        Ok(knowledge)
    }

    fn load_titles(&mut self, source: &AssetSource) -> Result<(), AssetError> {
        let table = source.table("rules/titles.tsv")?;
        let (name, aliases) = (table.column("name")?, table.column("aliases")?);
        for row in table.rows() {
            let title = row.cell(name);
            for form in std::iter::once(title).chain(row.values(aliases)) {
                let key = lowercase_tokens(form);
                if let Some(first) = key.first() {
                    *self.classes.entry(first, 0) |= WordClass::TITLE_START;
                    self.titles
                        .insert(key.iter().map(String::as_str), title.to_owned());
                }
            }
        }
        for modifier in source.list("rules/title_modifiers.txt")? {
            let key = lowercase_tokens(&modifier);
            if let Some(first) = key.first() {
                *self.classes.entry(first, 0) |= WordClass::TITLE_START;
                self.modifiers.insert(key.iter().map(String::as_str), ());
            }
        }
        Ok(())
    }

    /// The longest gazetteer form that starts exactly at byte `start` of
    /// `text` and ends by `limit`: its end and target.
    pub fn gazetteer_form_at(
        &self,
        text: &str,
        start: usize,
        limit: usize,
    ) -> Option<(usize, Target)> {
        if !self.form_starts[usize::from(*text.as_bytes().get(start)?)] {
            return None;
        }
        let input = aho_corasick::Input::new(text)
            .range(start..limit)
            .anchored(aho_corasick::Anchored::Yes);
        let m = self.matcher.try_find(input).ok()??;
        Some((m.end(), self.targets[m.pattern().as_usize()]))
    }

    /// The title starting at token `i` (after any modifiers such as "Deputy"):
    /// the token index after it and the title as written, normalised to its
    /// canonical spelling with the modifiers kept ("Deputy Foreign Minister").
    pub fn title_at(&self, text: &str, tokens: &[Token], i: usize) -> Option<(usize, String)> {
        if !self
            .word_class(tokens.get(i)?.text(text))
            .is(WordClass::TITLE_START)
        {
            return None;
        }
        let words = |j: usize| tokens.get(j..).unwrap_or(&[]).iter().map(|t| t.text(text));
        let mut j = i;
        let mut title = String::new();
        while let Some((len, ())) = self.modifiers.longest(words(j)) {
            title.push_str(&title_case(&lower_join(text, &tokens[j..j + len])));
            title.push(' ');
            j += len;
        }
        let (len, canonical) = self.titles.longest(words(j))?;
        title.push_str(canonical);
        Some((j + len, title))
    }

    /// What `word` is: its case, and the word lists it is in.
    pub fn word_class(&self, word: &str) -> WordClass {
        let mut bits = self.classes.get(word).copied().unwrap_or(0);
        if word.chars().next().is_some_and(char::is_uppercase) {
            bits |= WordClass::CAPITAL;
        } else {
            // Given names, honorifics and head nouns count only when capitalised.
            bits &= !(WordClass::GIVEN
                | WordClass::HONORIFIC
                | WordClass::HEAD
                | WordClass::FAMILY_FIRST);
        }
        let lower = if word.is_ascii() {
            word.bytes().any(|b| b.is_ascii_lowercase())
        } else {
            word.chars().any(char::is_lowercase)
        };
        if lower {
            bits |= WordClass::LOWER;
        }
        WordClass(bits)
    }

    /// Number of gazetteer surface forms, for diagnostics.
    pub fn pattern_count(&self) -> usize {
        self.patterns.len()
    }
}

fn user_gazetteer(b: &mut Builder, table: &Table) -> Result<(), KnowledgeError> {
    let kind = table.column("kind")?;
    let name = table.column("name")?;
    let aliases = table.optional_column("aliases");
    for row in table.rows() {
        let k = Kind::parse(row.cell(kind)).ok_or_else(|| KnowledgeError::BadKind {
            file: table.name().to_owned(),
            line: row.line,
            kind: row.cell(kind).to_owned(),
        })?;
        let values = aliases.map(|a| row.values(a).map(str::to_owned).collect());
        b.entry(k, row.cell(name), values.unwrap_or_default());
    }
    Ok(())
}

fn lower_join(text: &str, tokens: &[Token]) -> String {
    let words: Vec<String> = tokens.iter().map(|t| t.text(text).to_lowercase()).collect();
    words.join(" ")
}

/// "first deputy" → "First Deputy".
fn title_case(s: &str) -> String {
    s.split(' ')
        .map(|w| {
            let mut c = w.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The first token of `phrase`, when it is a word.
fn first_word<'a>(phrase: &'a str, tokens: &mut Vec<Token>) -> Option<&'a str> {
    tokenize(phrase, 0..phrase.len(), tokens);
    tokens
        .first()
        .filter(|t| t.kind == TokenKind::Word)
        .map(|t| t.text(phrase))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_user_rows(rows: &str) -> Knowledge {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("mine.tsv");
        std::fs::write(&path, format!("kind\tname\taliases\n{rows}")).unwrap();
        Knowledge::load_with(&AssetSource::Embedded, &[path.as_path()]).unwrap()
    }

    fn named<'a>(k: &'a Knowledge, name: &str) -> Vec<&'a Entry> {
        k.entries.iter().filter(|e| e.name == name).collect()
    }

    #[test]
    fn words_that_start_a_form_are_marked_whatever_their_case() {
        let k = with_user_rows("organization\tZyxwv Quorum\t\n");
        let starts = |w: &str| k.word_class(w).is(WordClass::FORM_START);
        // First words of forms (a user's, a country's, a capital's, an
        // acronym with dots), in any case; not later words, nor other words.
        for word in ["Zyxwv", "zyxwv", "Germany", "Kremlin", "U.S."] {
            assert!(starts(word), "{word}");
        }
        for word in ["Quorum", "Tuesday", "talks"] {
            assert!(!starts(word), "{word}");
        }
        let hit = k.gazetteer_form_at("the Zyxwv Quorum met", 4, 20);
        assert_eq!(hit.map(|(end, _)| end), Some(16));
    }

    #[test]
    fn a_user_row_renaming_a_known_entity_takes_over_its_forms() {
        let k = with_user_rows("country\tUSA\tUnited States|US Embassy\n");
        assert!(named(&k, "United States").is_empty());
        let usa = named(&k, "USA");
        assert_eq!(usa.len(), 1);
        assert!(
            usa[0]
                .aliases
                .iter()
                .any(|a| a == "United States of America")
        );
        assert!(usa[0].aliases.iter().any(|a| a == "US Embassy"));
    }

    #[test]
    fn a_user_row_named_like_a_known_entity_sets_its_kind() {
        let k = with_user_rows("place\tNATO\t\n");
        let nato = named(&k, "NATO");
        assert_eq!(nato.len(), 1);
        assert_eq!(nato[0].kind, Kind::Place);
        assert!(
            nato[0]
                .aliases
                .iter()
                .any(|a| a == "North Atlantic Alliance")
        );
    }
}
