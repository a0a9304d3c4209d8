//! The reference data the extractor works with, loaded from `assets/` (and
//! any user gazetteers): gazetteer entries compiled into one Aho-Corasick
//! automaton, and the word lists behind the name and organization rules.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use serde::{Deserialize, Serialize};

use super::text::{SplitRules, Token, tokenize};
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

/// Everything the extractor knows before reading a text.
pub struct Knowledge {
    pub entries: Vec<Entry>,
    patterns: Vec<String>,
    targets: Vec<Target>,
    matcher: AhoCorasick,
    titles: HashMap<String, String>,
    title_firsts: HashSet<String>,
    title_max_tokens: usize,
    modifiers: HashMap<String, usize>,
    pub given_names: HashSet<String>,
    pub family_first: HashSet<String>,
    pub particles: HashSet<String>,
    pub honorifics: HashSet<String>,
    pub org_heads: HashSet<String>,
    pub function_words: HashSet<String>,
    pub locatives: Vec<Vec<String>>,
    pub split: SplitRules,
}

/// Builds the pattern table while files are read.
#[derive(Default)]
struct Builder {
    entries: Vec<Entry>,
    forms: HashMap<String, Target>,
}

impl Builder {
    fn entry(&mut self, kind: Kind, name: &str, aliases: Vec<String>) -> usize {
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
    /// `kind`, `name` and `aliases`), whose entries take precedence.
    pub fn load_with(source: &AssetSource, user: &[&Path]) -> Result<Knowledge, KnowledgeError> {
        let mut b = Builder::default();
        for path in user {
            let text = std::fs::read_to_string(path).map_err(|e| KnowledgeError::Read {
                path: path.display().to_string(),
                source: e,
            })?;
            user_gazetteer(&mut b, &Table::parse(&path.display().to_string(), &text)?)?;
        }
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
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::Standard)
            .kind(Some(AhoCorasickKind::DFA))
            .build(&patterns)
            .map_err(|e| KnowledgeError::Matcher(e.to_string()))?;
        let lower_set = |name: &str| -> Result<HashSet<String>, AssetError> {
            Ok(source
                .list(name)?
                .iter()
                .map(|w| w.to_lowercase())
                .collect())
        };
        let function_words = lower_set("rules/function_words.txt")?;
        let abbreviations = lower_set("rules/abbreviations.txt")?;
        let mut knowledge = Knowledge {
            entries: b.entries,
            patterns,
            targets,
            matcher,
            titles: HashMap::new(),
            title_firsts: HashSet::new(),
            title_max_tokens: 0,
            modifiers: HashMap::new(),
            given_names: source
                .list("rules/given_names.txt")?
                .iter()
                .map(|n| fold(n))
                .collect(),
            family_first: source
                .list("rules/family_name_first.txt")?
                .iter()
                .map(|n| fold(n))
                .collect(),
            particles: lower_set("rules/name_particles.txt")?,
            honorifics: source
                .list("rules/honorifics.txt")?
                .iter()
                .map(|h| h.trim_end_matches('.').to_lowercase())
                .collect(),
            org_heads: source.list("rules/org_heads.txt")?.into_iter().collect(),
            function_words: function_words.clone(),
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
                abbreviations,
                function_words,
            },
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
                let key = token_key(form);
                if key.is_empty() {
                    continue;
                }
                self.title_max_tokens = self.title_max_tokens.max(key.len());
                self.title_firsts.insert(key[0].clone());
                self.titles
                    .entry(key.join(" "))
                    .or_insert_with(|| title.to_owned());
            }
        }
        for modifier in source.list("rules/title_modifiers.txt")? {
            let key = token_key(&modifier);
            self.modifiers.insert(key.join(" "), key.len());
        }
        Ok(())
    }

    /// Gazetteer matches in `text[range]`: (byte start, byte end, target), all
    /// overlapping candidates, unsorted.
    pub fn gazetteer_hits(
        &self,
        text: &str,
        range: std::ops::Range<usize>,
    ) -> Vec<(usize, usize, Target)> {
        let hay = &text[range.clone()];
        self.matcher
            .find_overlapping_iter(hay)
            .map(|m| {
                (
                    range.start + m.start(),
                    range.start + m.end(),
                    self.targets[m.pattern().as_usize()],
                )
            })
            .collect()
    }

    /// The title starting at token `i` (after any modifiers such as "Deputy"):
    /// the token index after it and the title as written, normalised to its
    /// canonical spelling with the modifiers kept ("Deputy Foreign Minister").
    pub fn title_at(&self, text: &str, tokens: &[Token], i: usize) -> Option<(usize, String)> {
        let mut j = i;
        let mut prefix = Vec::new();
        while let Some(len) = self.longest(text, tokens, j, |key| self.modifiers.contains_key(key))
        {
            prefix.push(title_case(&lower_join(text, &tokens[j..j + len])));
            j += len;
        }
        let len = self.longest(text, tokens, j, |key| self.titles.contains_key(key))?;
        let title = &self.titles[&lower_join(text, &tokens[j..j + len])];
        prefix.push(title.clone());
        Some((j + len, prefix.join(" ")))
    }

    /// The longest run of tokens from `i` whose lower-cased text satisfies `known`.
    fn longest(
        &self,
        text: &str,
        tokens: &[Token],
        i: usize,
        known: impl Fn(&str) -> bool,
    ) -> Option<usize> {
        let first = tokens.get(i)?.text(text).to_lowercase();
        if !self.title_firsts.contains(&first) && !self.modifiers.contains_key(&first) {
            return None;
        }
        let max = self.title_max_tokens.min(tokens.len() - i);
        (1..=max)
            .rev()
            .find(|&len| known(&lower_join(text, &tokens[i..i + len])))
    }

    /// Whether `word` (any case) is a function word.
    pub fn is_function_word(&self, word: &str) -> bool {
        self.function_words.contains(&word.to_lowercase())
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

/// Lower-cased token texts of a phrase, as used for title keys.
fn token_key(phrase: &str) -> Vec<String> {
    let mut tokens = Vec::new();
    tokenize(phrase, 0..phrase.len(), &mut tokens);
    tokens
        .iter()
        .map(|t| t.text(phrase).to_lowercase())
        .collect()
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

/// Lower-case ASCII folding of a name: "Mălina" → "malina".
pub fn fold(s: &str) -> String {
    deunicode::deunicode(s).to_lowercase()
}
