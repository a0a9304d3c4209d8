//! Finds mentions in one document, sentence by sentence: gazetteer matches,
//! then rules for organizations, officials (title + name), people (honorific
//! or given name + name, bylines), appositions that give a role, and places
//! named as "near X, Country". Names are not resolved across the corpus here;
//! that is [`super::resolve`]'s job.
//!
//! Rules apply in this order and a token claimed by one is not reused:
//! 1. gazetteer surface forms (the longest at each token, ending on a token
//!    boundary);
//! 2. organizations by head noun ("... Organization", "Ministry of ...");
//! 3. title-led names ("German Foreign Minister Annalena Baerbock",
//!    "the Secretary General of NATO, the Norwegian Jens Stoltenberg");
//! 4. honorific-led names ("Mr Putin") and bylines ("By Jane Doe");
//! 5. given-name-led names ("Larissa Cursaro"), with an apposition that may
//!    give a role ("Jens Stoltenberg, NATO Secretary General");
//! 6. places written "near Valuyki, Russia".
//!
//! Capitalised words left over are kept as candidates for bare surnames, and
//! all-capital words as candidates for acronyms.

use std::borrow::Borrow;
use std::ops::Range;

use super::knowledge::{Kind, Knowledge, Target, WordClass};
use super::text::{Sentence, Token, TokenKind, sentences, tokenize};
use crate::corpus::Document;

/// Most name parts (given names, surname) a person's name may have.
const MAX_NAME_PARTS: usize = 4;
/// Most words of a place name found by rule.
const MAX_PLACE_WORDS: usize = 3;

/// What a mention refers to before corpus-wide resolution.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Ref {
    /// A gazetteer entry.
    Entry(usize),
    /// A person by name (boxed: most mentions are gazetteer entries, and
    /// the findings of a large corpus are held at once).
    Person(Box<PersonName>),
    /// An organization found by rule (its name is the mention's text).
    Org,
    /// A place found by rule (its name is the mention's text).
    Place,
}

/// A person's name as written, split into its parts.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct PersonName {
    /// First given name, if written.
    pub given: Option<Box<str>>,
    pub surname: Box<str>,
    /// Written family name first ("Xi Jinping").
    pub surname_first: bool,
    /// The gazetteer entry when the name is a known official's.
    pub official: Option<usize>,
}

/// An office held, as written in the text.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RawRole {
    pub title: String,
    pub owner: Option<Owner>,
    /// Bytes of the whole phrase: owner, title and name ("German Foreign
    /// Minister Annalena Baerbock"), or name and apposition.
    pub span: Range<usize>,
}

/// Whose office it is: a gazetteer country or organization, or an
/// organization found by rule.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Owner {
    Entry(usize),
    Org(String),
}

/// A mention found in a document.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    pub span: Span,
    pub what: Ref,
    /// A role stated next to the name (for people; boxed as it is rare).
    pub role: Option<Box<RawRole>>,
    /// Introduced by an office or title (so the person is an official).
    pub titled: bool,
}

/// Bytes of a document and the index of their sentence, kept in 32 bits:
/// the findings of a whole corpus are held until resolution, and no
/// document reaches 4 GB (see [`crate::corpus::MAX_DOCUMENT_BYTES`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    start: u32,
    end: u32,
    sentence: u32,
}

impl Span {
    /// Bytes `range` of sentence `sentence`.
    pub fn new(range: Range<usize>, sentence: usize) -> Span {
        Span {
            start: range.start as u32,
            end: range.end as u32,
            sentence: sentence as u32,
        }
    }

    /// The bytes.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The first byte.
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// Index of the sentence in the document's sentence list.
    pub fn sentence(&self) -> usize {
        self.sentence as usize
    }
}

/// A word that may name something once the whole corpus is known.
pub type Candidate = Span;

/// Everything found in one document.
#[derive(Debug, Clone, Default)]
pub struct DocFindings {
    pub sentences: Vec<Sentence>,
    pub found: Vec<Found>,
    /// Capitalised words not otherwise recognised (bare surnames?).
    pub surnames: Vec<Candidate>,
    /// All-capital words not otherwise recognised (acronyms?).
    pub acronyms: Vec<Candidate>,
}

/// Options that change what counts as a mention.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RecognizeOptions {
    /// A demonym ("Russian troops") counts as a mention of its country.
    pub demonyms: bool,
}

impl Default for RecognizeOptions {
    fn default() -> Self {
        RecognizeOptions { demonyms: true }
    }
}

/// What one thread's recognition reuses from one document to the next.
#[derive(Default)]
struct Scratch {
    tokens: Vec<Token>,
    buffers: Buffers,
    /// The findings of the document being read, before they are copied
    /// out at their exact size.
    found: Vec<Found>,
    surnames: Vec<Candidate>,
    acronyms: Vec<Candidate>,
}

thread_local! {
    /// Growing each document's lists from empty would touch fresh memory
    /// several times over (the findings of a large corpus run to gigabytes);
    /// reused lists are warm.
    static SCRATCH: std::cell::RefCell<Scratch> = std::cell::RefCell::default();
}

/// Finds the mentions in `doc`, skipping its boilerplate.
pub fn recognize(doc: &Document, k: &Knowledge, options: RecognizeOptions) -> DocFindings {
    let mut sentences: Vec<Sentence> = sentences(&doc.text, &k.split)
        .into_iter()
        .filter(|s| !doc.in_boilerplate(&s.range))
        .collect();
    // Held for the whole corpus until resolution: no spare capacity.
    sentences.shrink_to_fit();
    SCRATCH.with_borrow_mut(|scratch| {
        let Scratch {
            tokens,
            buffers,
            found,
            surnames,
            acronyms,
        } = scratch;
        // Empty unless a panic cut the previous document short.
        found.clear();
        surnames.clear();
        acronyms.clear();
        for (index, sentence) in sentences.iter().enumerate() {
            tokenize(&doc.text, sentence.range.clone(), tokens);
            let scan = Scan::new(
                k,
                &doc.text,
                tokens,
                index,
                options,
                std::mem::take(buffers),
            );
            *buffers = scan.run(found, surnames, acronyms);
        }
        DocFindings {
            found: take_exact(found),
            surnames: take_exact(surnames),
            acronyms: take_exact(acronyms),
            sentences,
        }
    })
}

/// Moves `list`'s elements into a new list of exactly their size, leaving
/// `list` empty with its capacity kept for the next document.
fn take_exact<T>(list: &mut Vec<T>) -> Vec<T> {
    let mut out = Vec::with_capacity(list.len());
    out.append(list);
    out
}

/// A gazetteer hit aligned to tokens `start..end`.
#[derive(Debug, Clone, Copy)]
struct Hit {
    start: usize,
    end: usize,
    target: Target,
}

/// A name found at some token: its token span and parsed name.
struct NameSpan {
    end: usize,
    start_byte: usize,
    end_byte: usize,
    name: PersonName,
}

/// The per-token tables of a sentence scan, kept from one sentence to the
/// next so that their memory is reused.
#[derive(Default)]
struct Buffers {
    /// For each token, the index in `found` of the mention that claimed it.
    claim: Vec<Option<usize>>,
    /// For each token, the gazetteer hit starting there.
    hits: Vec<Hit>,
    /// For each token, what kind of word it is.
    classes: Vec<WordClass>,
    /// For each token, the title starting there: (token after it, title).
    titles: Vec<(usize, usize, String)>,
    found: Vec<Found>,
    /// Mentions replaced by a longer one over the same tokens ("US" in "US Embassy").
    replaced: Vec<bool>,
}

impl Buffers {
    /// The buffers emptied, with every token of `tokens` unclaimed.
    fn cleared(mut self, tokens: usize) -> Buffers {
        self.claim.clear();
        self.claim.resize(tokens, None);
        self.hits.clear();
        self.classes.clear();
        self.titles.clear();
        self.found.clear();
        self.replaced.clear();
        self
    }
}

/// The scan of one sentence.
struct Scan<'a> {
    k: &'a Knowledge,
    text: &'a str,
    tokens: &'a [Token],
    sentence: usize,
    options: RecognizeOptions,
    /// The sentence's per-token tables.
    tables: Buffers,
    /// Title-case headline: names after titles are kept short.
    headline: bool,
}

impl<'a> Scan<'a> {
    fn new(
        k: &'a Knowledge,
        text: &'a str,
        tokens: &'a [Token],
        sentence: usize,
        options: RecognizeOptions,
        buffers: Buffers,
    ) -> Self {
        let mut tables = buffers.cleared(tokens.len());
        tables.classes.extend(tokens.iter().map(|t| match t.kind {
            TokenKind::Word => k.word_class(t.text(text)),
            _ => WordClass::default(),
        }));
        for (i, class) in tables.classes.iter_mut().enumerate() {
            if class.is(WordClass::TITLE_START)
                && let Some((end, title)) = k.title_at(text, tokens, i)
            {
                *class = class.with(WordClass::TITLE);
                tables.titles.push((i, end, title));
            }
        }
        let mut scan = Scan {
            k,
            text,
            tokens,
            sentence,
            options,
            headline: is_headline(text, tokens, &tables.classes),
            tables,
        };
        scan.align_hits();
        scan
    }

    /// The gazetteer hit starting at token `i`.
    fn hit_at(&self, i: usize) -> Option<Hit> {
        let at = self
            .tables
            .hits
            .binary_search_by_key(&i, |h| h.start)
            .ok()?;
        Some(self.tables.hits[at])
    }

    /// The title starting at token `i`: (token after it, title).
    fn title_at(&self, i: usize) -> Option<(usize, String)> {
        let at = self.tables.titles.binary_search_by_key(&i, |t| t.0).ok()?;
        Some((self.tables.titles[at].1, self.tables.titles[at].2.clone()))
    }

    fn word(&self, i: usize) -> &'a str {
        self.tokens.get(i).map_or("", |t| t.text(self.text))
    }

    fn is_word(&self, i: usize, w: &str) -> bool {
        self.tokens.get(i).is_some_and(|t| {
            t.kind != TokenKind::Possessive && t.text(self.text).eq_ignore_ascii_case(w)
        })
    }

    /// Keeps, left to right, the longest gazetteer form at each token that
    /// also ends on a token boundary; tokens inside a kept form start none.
    /// A form that ends inside a word is not kept, and no shorter form at
    /// the same token is tried.
    fn align_hits(&mut self) {
        let Some(last) = self.tokens.last() else {
            return;
        };
        let mut next = 0;
        for (i, t) in self.tokens.iter().enumerate() {
            if t.start < next {
                continue;
            }
            // A word starts a form only if some form starts with that word.
            if t.kind == TokenKind::Word && !self.tables.classes[i].is(WordClass::FORM_START) {
                continue;
            }
            let Some((e, target)) = self.k.gazetteer_form_at(self.text, t.start, last.end) else {
                continue;
            };
            let ends_here = self.tokens[i..]
                .iter()
                .take_while(|u| u.end <= e)
                .position(|u| u.end == e);
            if let Some(len) = ends_here {
                self.tables.hits.push(Hit {
                    start: i,
                    end: i + len + 1,
                    target,
                });
                next = e;
            }
        }
    }

    fn run(
        mut self,
        found: &mut Vec<Found>,
        surnames: &mut Vec<Candidate>,
        acronyms: &mut Vec<Candidate>,
    ) -> Buffers {
        self.claim_hits();
        self.organizations();
        let mut i = 0;
        while i < self.tokens.len() {
            i = self.person_at(i).unwrap_or(i + 1);
        }
        self.places();
        self.leftovers(surnames, acronyms);
        found.extend(
            self.tables
                .found
                .drain(..)
                .zip(&self.tables.replaced)
                .filter(|(_, r)| !**r)
                .map(|(f, _)| f),
        );
        self.tables
    }

    fn push(
        &mut self,
        tokens: Range<usize>,
        what: Ref,
        role: Option<RawRole>,
        titled: bool,
    ) -> usize {
        let range = self.tokens[tokens.start].start..self.tokens[tokens.end - 1].end;
        self.push_bytes(tokens, range, what, role, titled)
    }

    fn push_bytes(
        &mut self,
        tokens: Range<usize>,
        range: Range<usize>,
        what: Ref,
        role: Option<RawRole>,
        titled: bool,
    ) -> usize {
        let index = self.tables.found.len();
        for t in tokens {
            if let Some(old) = self.tables.claim[t].replace(index) {
                self.tables.replaced[old] = true;
            }
        }
        self.tables.replaced.push(false);
        self.tables.found.push(Found {
            span: Span::new(range, self.sentence),
            what,
            role: role.map(Box::new),
            titled,
        });
        index
    }

    // ------------------------------------------------------------ gazetteer

    fn claim_hits(&mut self) {
        for at in 0..self.tables.hits.len() {
            let hit = self.tables.hits[at];
            let what = match hit.target {
                Target::Entry(e) if self.k.entries[e].kind == Kind::Official => {
                    let name = split_name(&self.k.entries[e].name, self.k);
                    Ref::Person(Box::new(PersonName {
                        official: Some(e),
                        ..name
                    }))
                }
                Target::Entry(e) | Target::Seat(e) => Ref::Entry(e),
                Target::Demonym(country) => {
                    if !self.options.demonyms {
                        continue;
                    }
                    Ref::Entry(country)
                }
                Target::Capital { country, city } => {
                    if self.is_city(hit, country) {
                        Ref::Entry(city)
                    } else {
                        Ref::Entry(country)
                    }
                }
            };
            self.push(hit.start..hit.end, what, None, false);
        }
    }

    /// A capital names the city after a locative word ("in Riga") or before
    /// its own country ("Moscow, Russia"), but not in the possessive
    /// ("in Moscow's playbook" is the government's).
    fn is_city(&self, hit: Hit, country: usize) -> bool {
        let possessive = self
            .tokens
            .get(hit.end)
            .is_some_and(|t| t.kind == TokenKind::Possessive);
        !possessive
            && (self.is_locative_before(hit.start) || self.country_follows(hit.end, country))
    }

    /// "in Riga", "north of the city of Riga", "the Latvian capital, Riga".
    fn is_locative_before(&self, i: usize) -> bool {
        let mut j = i;
        if j > 0 && self.word(j - 1) == "," {
            j -= 1;
        }
        if j > 0 && self.is_word(j - 1, "the") {
            j -= 1;
        }
        self.k.locatives.iter().any(|phrase| {
            j >= phrase.len()
                && phrase
                    .iter()
                    .zip(&self.tokens[j - phrase.len()..j])
                    .all(|(w, t)| t.text(self.text).eq_ignore_ascii_case(w))
        })
    }

    /// "Moscow, Russia": the city followed by its own country.
    fn country_follows(&self, end: usize, country: usize) -> bool {
        self.word(end) == ","
            && self
                .hit_at(end + 1)
                .is_some_and(|h| h.target == Target::Entry(country))
    }

    // ------------------------------------------------------------ organizations

    /// A capitalised word, or a gazetteer place/country/demonym that may
    /// modify an organization's head noun ("US Embassy").
    fn org_word(&self, i: usize) -> bool {
        let t = &self.tokens[i];
        match self.tables.claim[i].map(|c| &self.tables.found[c].what) {
            None => {
                let class = self.tables.classes[i];
                t.kind == TokenKind::Word
                    && class.is(WordClass::CAPITAL)
                    && !class.is(WordClass::FUNCTION)
            }
            Some(Ref::Entry(e)) => matches!(self.k.entries[*e].kind, Kind::Country | Kind::Place),
            Some(_) => false,
        }
    }

    fn is_connector(&self, i: usize) -> bool {
        matches!(
            self.word(i),
            "of" | "for" | "and" | "the" | "in" | "on" | "&" | "-"
        )
    }

    fn organizations(&mut self) {
        let mut i = 0;
        while i < self.tokens.len() {
            match self.organization_at(i) {
                Some(end) => {
                    self.push(i..end, Ref::Org, None, false);
                    i = end;
                }
                None => i += 1,
            }
        }
    }

    /// The end of an organization name starting at token `i`.
    fn organization_at(&self, i: usize) -> Option<usize> {
        if !self.org_word(i)
            || (i > 0 && self.org_word(i - 1) && self.tables.claim[i - 1].is_none())
        {
            return None;
        }
        // The run of organization words joined by connectors.
        let mut run_end = i + 1;
        let mut j = i + 1;
        while j < self.tokens.len() {
            if self.org_word(j) {
                j += 1;
                run_end = j;
            } else if self.is_connector(j) && (self.word(j) != "-" || !self.tokens[j].space_before)
            {
                j += 1;
            } else {
                break;
            }
        }
        if j == run_end
            && let Some(end) = self.longer_known_org(i, run_end)
        {
            return Some(end);
        }
        let head = (i..run_end).rev().find(|&h| self.is_head(h))?;
        // Before the head only "and", "&" and hyphens join words ("Food and
        // Agriculture Organization"); "the Baltic states in the Alliance" is no name.
        if (i..head).any(|t| self.is_connector(t) && !matches!(self.word(t), "and" | "&" | "-")) {
            return None;
        }
        // Head first: "Ministry of Defence", "Organization for Security ...".
        let end = if head + 1 < run_end && matches!(self.word(head + 1), "of" | "for") {
            run_end
        } else {
            head + 1
        };
        let words = (i..end).filter(|&t| self.org_word(t)).count();
        (words >= 2).then_some(end)
    }

    /// Name words before a known organization that ends in a head noun make
    /// a different, longer name: "Russian Security Council", "Baltic Grid
    /// Security Council" are not the UN Security Council.
    fn longer_known_org(&self, i: usize, hit_start: usize) -> Option<usize> {
        let claim = self.tables.claim.get(hit_start).copied().flatten()?;
        let Ref::Entry(e) = self.tables.found[claim].what else {
            return None;
        };
        let end = self.claim_end(hit_start, claim);
        let ends_in_head = self.k.word_class(self.word(end - 1)).is(WordClass::HEAD);
        let own_words = (i..hit_start).any(|t| match self.tables.claim[t] {
            None => true,
            Some(c) => matches!(self.tables.found[c].what, Ref::Entry(x) if self.k.entries[x].kind == Kind::Country),
        });
        (self.k.entries[e].kind == Kind::Organization && ends_in_head && own_words).then_some(end)
    }

    fn is_head(&self, i: usize) -> bool {
        self.tables.claim[i].is_none() && self.tables.classes[i].is(WordClass::HEAD)
    }

    // ------------------------------------------------------------ people

    /// Tries the person rules at token `i`; returns the token after what they consumed.
    fn person_at(&mut self, i: usize) -> Option<usize> {
        match self.tables.claim[i] {
            Some(claim) if matches!(self.tables.found[claim].what, Ref::Person(_)) => {
                Some(self.official_apposition(i, claim))
            }
            Some(_) => None,
            None if !self.tables.classes[i].is(WordClass::CAPITAL | WordClass::TITLE_START) => None,
            None => self
                .titled_person(i)
                .or_else(|| self.honorific_person(i))
                .or_else(|| self.named_person(i)),
        }
    }

    /// The token after the mention that claimed token `i`.
    fn claim_end(&self, i: usize, claim: usize) -> usize {
        (i..self.tokens.len())
            .find(|&t| self.tables.claim[t] != Some(claim))
            .unwrap_or(self.tokens.len())
    }

    /// A known official's full name (a gazetteer hit) may be followed by an
    /// apposition stating a role.
    fn official_apposition(&mut self, i: usize, claim: usize) -> usize {
        let end = self.claim_end(i, claim);
        match self.apposition(end, self.tables.found[claim].span.start()) {
            Some((after, role)) => {
                self.tables.found[claim].role = Some(Box::new(role));
                self.tables.found[claim].titled = true;
                after
            }
            None => end,
        }
    }

    /// `[Owner] Title [of Owner][, the Demonym] Name`.
    fn titled_person(&mut self, i: usize) -> Option<usize> {
        if self.tables.claim[i].is_some() {
            return None;
        }
        let (mut j, title) = self.title_at(i)?;
        let before = self.owner_before(i);
        let start = before.as_ref().map_or(self.tokens[i].start, |(s, _)| *s);
        let mut owner = before.map(|(_, o)| o);
        if self.is_word(j, "of") {
            let after = j + 1 + usize::from(self.is_word(j + 1, "the"));
            if let Some((end, of)) = self.owner_at(after) {
                owner = Some(of);
                j = end;
                if self.word(j) == "," {
                    j += 1 + usize::from(self.is_word(j + 1, "the"));
                    j = self.skip_demonym(j);
                }
            }
        }
        let limit = if self.headline { 1 } else { MAX_NAME_PARTS };
        let name = self.name_at(j, limit)?;
        let span = start..name.end_byte;
        let role = RawRole { title, owner, span };
        Some(self.push_person(j, name, Some(role), true))
    }

    /// The owner of an office written before its title ("German",
    /// "Ukraine's", "NATO"): the byte where it starts, and the owner.
    fn owner_before(&self, title: usize) -> Option<(usize, Owner)> {
        let mut j = title.checked_sub(1)?;
        if self.tokens[j].kind == TokenKind::Possessive {
            j = j.checked_sub(1)?;
        }
        let claim = self.tables.claim[j]?;
        Some((
            self.tables.found[claim].span.start(),
            self.owner_ref(claim)?,
        ))
    }

    /// An owner mention starting at token `i`: (token after it, owner).
    fn owner_at(&self, i: usize) -> Option<(usize, Owner)> {
        let claim = self.tables.claim.get(i).copied().flatten()?;
        Some((self.claim_end(i, claim), self.owner_ref(claim)?))
    }

    fn owner_ref(&self, claim: usize) -> Option<Owner> {
        match &self.tables.found[claim].what {
            Ref::Entry(e)
                if matches!(self.k.entries[*e].kind, Kind::Country | Kind::Organization) =>
            {
                Some(Owner::Entry(*e))
            }
            Ref::Org => {
                let range = self.tables.found[claim].span.range();
                Some(Owner::Org(self.text[range].to_owned()))
            }
            _ => None,
        }
    }

    fn skip_demonym(&self, j: usize) -> usize {
        match self.hit_at(j) {
            Some(Hit {
                end,
                target: Target::Demonym(_),
                ..
            }) => end,
            _ => j,
        }
    }

    /// `Mr Putin`, `Dr. Jane Doe`, and bylines `By Jane Doe`.
    fn honorific_person(&mut self, i: usize) -> Option<usize> {
        let word = self.word(i);
        let honorific = self.tables.classes[i].is(WordClass::HONORIFIC);
        let byline = i == 0 && matches!(word, "By" | "About" | "Author") && self.is_line_start();
        if !honorific && !byline {
            return None;
        }
        let j = i + 1 + usize::from(self.word(i + 1) == "." || self.word(i + 1) == ":");
        let name = self.name_at(j, MAX_NAME_PARTS)?;
        if byline && (name.name.given.is_none() || name.end != self.tokens.len()) {
            return None;
        }
        Some(self.push_person(j, name, None, false))
    }

    /// The sentence starts a line (bylines are lines of their own).
    fn is_line_start(&self) -> bool {
        let start = self.tokens[0].start;
        start == 0 || self.text[..start].ends_with('\n')
    }

    /// `Given [Initial] Surname`, then an apposition that may state a role.
    fn named_person(&mut self, i: usize) -> Option<usize> {
        let given = self.tables.classes[i].is(WordClass::GIVEN);
        let name = self
            .name_at(i, MAX_NAME_PARTS)
            .filter(|n| n.name.given.is_some())?;
        let appos = self.apposition(name.end, name.start_byte);
        if !given && appos.is_none() {
            return None;
        }
        let (after, role) = appos.unzip();
        let titled = role.is_some();
        let end = self.push_person(i, name, role, titled);
        Some(after.unwrap_or(end))
    }

    /// `, [the] [Owner['s]] Title [of [the] Owner]` after a name that starts
    /// at byte `name_start`.
    fn apposition(&self, i: usize, name_start: usize) -> Option<(usize, RawRole)> {
        if self.word(i) != "," {
            return None;
        }
        let mut j = i + 1 + usize::from(self.is_word(i + 1, "the"));
        let mut owner = None;
        if let Some((end, of)) = self.owner_at(j) {
            owner = Some(of);
            j = end
                + usize::from(
                    self.tokens
                        .get(end)
                        .is_some_and(|t| t.kind == TokenKind::Possessive),
                );
        }
        let (mut end, title) = self.title_at(j)?;
        if self.is_word(end, "of") {
            let after = end + 1 + usize::from(self.is_word(end + 1, "the"));
            if let Some((e, of)) = self.owner_at(after) {
                owner = Some(of);
                end = e;
            }
        }
        let span = name_start..self.tokens[end - 1].end;
        Some((end, RawRole { title, owner, span }))
    }

    fn push_person(
        &mut self,
        start: usize,
        name: NameSpan,
        role: Option<RawRole>,
        titled: bool,
    ) -> usize {
        if let Some(claim) = self.tables.claim[start] {
            // The name is a known official's gazetteer hit: add what the rule learnt.
            if role.is_some() {
                self.tables.found[claim].role = role.map(Box::new);
            }
            self.tables.found[claim].titled |= titled;
            return name.end;
        }
        let range = name.start_byte..name.end_byte;
        self.push_bytes(
            start..name.end,
            range,
            Ref::Person(Box::new(name.name)),
            role,
            titled,
        );
        name.end
    }

    /// A capitalised word that can be part of a name.
    fn name_word(&self, i: usize) -> bool {
        let Some(class) = self.tables.classes.get(i) else {
            return false;
        };
        class.is(WordClass::CAPITAL)
            && class.is(WordClass::LOWER)
            && !class.is(WordClass::FUNCTION)
            && !class.is(WordClass::HEAD)
            && self.tables.claim[i].is_none()
            && !class.is(WordClass::TITLE)
    }

    fn is_initial(&self, i: usize) -> bool {
        let w = self.word(i);
        w.len() == 2 && w.ends_with('.') && w.starts_with(|c: char| c.is_uppercase())
    }

    /// A person's name starting at token `i`, with at most `limit` parts
    /// (two when the first is a known given name in a headline).
    fn name_at(&self, i: usize, limit: usize) -> Option<NameSpan> {
        if let Some(claim) = self.tables.claim.get(i).copied().flatten() {
            if let Ref::Person(name) = &self.tables.found[claim].what {
                let end = self.claim_end(i, claim);
                let range = self.tables.found[claim].span.range();
                return Some(NameSpan {
                    end,
                    start_byte: range.start,
                    end_byte: range.end,
                    name: PersonName::clone(name),
                });
            }
            return None;
        }
        let given_first = self
            .tables
            .classes
            .get(i)
            .is_some_and(|c| c.is(WordClass::GIVEN));
        let limit = if self.headline && given_first {
            limit.max(2)
        } else {
            limit
        }
        .min(MAX_NAME_PARTS);
        let mut parts = [""; MAX_NAME_PARTS];
        let mut count = 0;
        let mut j = i;
        let mut end = i;
        while j < self.tokens.len() && count < limit {
            if self.is_initial(j) && count > 0 {
                j += 1;
                continue;
            }
            let particles = (j..self.tokens.len())
                .take_while(|&p| {
                    self.k.particles.contains(self.word(p)) && self.tokens[p].space_before
                })
                .count();
            if particles > 0 && (count == 0 || !self.name_word(j + particles)) {
                break;
            }
            if !self.name_word(j + particles) {
                break;
            }
            let mut part_end = j + particles + 1;
            while self.word(part_end) == "-"
                && !self.tokens[part_end].space_before
                && self.name_word(part_end + 1)
                && !self.tokens[part_end + 1].space_before
            {
                part_end += 2;
            }
            parts[count] = &self.text[self.tokens[j].start..self.tokens[part_end - 1].end];
            count += 1;
            j = part_end;
            end = j;
        }
        if count == 0 {
            return None;
        }
        let name = name_from_parts(&parts[..count], self.k);
        Some(NameSpan {
            end,
            start_byte: self.tokens[i].start,
            end_byte: self.tokens[end - 1].end,
            name,
        })
    }

    // ------------------------------------------------------------ places

    /// `in/near X, Country` where X is an unknown capitalised name.
    fn places(&mut self) {
        let mut i = 0;
        while i < self.tokens.len() {
            let words = (i..self.tokens.len().min(i + MAX_PLACE_WORDS))
                .take_while(|&t| self.name_word(t))
                .count();
            let end = i + words;
            let country = self.hit_at(end + 1);
            let is_country = country.is_some_and(
                |h| matches!(h.target, Target::Entry(e) if self.k.entries[e].kind == Kind::Country),
            );
            if words > 0 && self.word(end) == "," && is_country && self.is_locative_before(i) {
                self.push(i..end, Ref::Place, None, false);
            }
            i = end.max(i + 1);
        }
    }

    // ------------------------------------------------------------ leftovers

    fn leftovers(&self, surnames: &mut Vec<Candidate>, acronyms: &mut Vec<Candidate>) {
        for (i, t) in self.tokens.iter().enumerate() {
            if self.tables.claim[i].is_some() || t.kind != TokenKind::Word {
                continue;
            }
            let w = t.text(self.text);
            let candidate = Candidate::new(t.start..t.end, self.sentence);
            if self.name_word(i) {
                surnames.push(candidate);
            } else if is_acronym(w) {
                acronyms.push(candidate);
            }
        }
    }
}

/// Two to six capital letters, not a Roman numeral.
fn is_acronym(word: &str) -> bool {
    (2..=6).contains(&word.len())
        && word.chars().all(|c| c.is_ascii_uppercase())
        && !word
            .chars()
            .all(|c| matches!(c, 'I' | 'V' | 'X' | 'L' | 'C' | 'M'))
}

/// A title-case headline ("Blinken Meets With NATO Allies"): a function word
/// capitalised inside the line, or no final punctuation and most longer
/// words capitalised.
fn is_headline(text: &str, tokens: &[Token], classes: &[WordClass]) -> bool {
    let last = tokens.last().map_or("", |t| t.text(text));
    let unpunctuated = !matches!(last, "." | "!" | "?" | "…" | "”" | "\"" | "’" | "'" | ")");
    let (mut long, mut capitals, mut capital_function_word) = (0, 0, false);
    let mut first = true;
    for (t, c) in tokens.iter().zip(classes) {
        if t.kind != TokenKind::Word {
            continue;
        }
        let w = t.text(text);
        if !first && c.is(WordClass::CAPITAL) && c.is(WordClass::FUNCTION) && c.is(WordClass::LOWER)
        {
            capital_function_word = true;
        }
        first = false;
        // Capitals are only counted for an unpunctuated line.
        if unpunctuated && w.len() >= 3 && is_all_letters(w) {
            long += 1;
            capitals += usize::from(c.is(WordClass::CAPITAL));
        }
    }
    let mostly_capitals = long >= 3 && capitals * 10 >= long * 7;
    capital_function_word || unpunctuated && mostly_capitals
}

/// Whether every character of `word` is a letter (checked byte by byte for
/// ASCII words, the common case).
fn is_all_letters(word: &str) -> bool {
    if word.is_ascii() {
        word.bytes().all(|b| b.is_ascii_alphabetic())
    } else {
        word.chars().all(char::is_alphabetic)
    }
}

/// Splits a full name written in a gazetteer ("Ursula von der Leyen").
pub fn split_name(name: &str, k: &Knowledge) -> PersonName {
    let mut parts: Vec<String> = Vec::new();
    let mut particle = String::new();
    for word in name.split_whitespace() {
        if k.particles.contains(word) && !parts.is_empty() {
            particle.push_str(word);
            particle.push(' ');
        } else if !(word.len() == 2 && word.ends_with('.')) {
            parts.push(format!("{particle}{word}"));
            particle.clear();
        }
    }
    name_from_parts(&parts, k)
}

/// Given name and surname from name parts; family-name-first names
/// ("Xi Jinping") keep their first part as the surname.
fn name_from_parts<S: Borrow<str>>(parts: &[S], k: &Knowledge) -> PersonName {
    let first: &str = parts[0].borrow();
    if parts.len() == 1 {
        return PersonName {
            given: None,
            surname: first.into(),
            surname_first: false,
            official: None,
        };
    }
    let class = k.word_class(first);
    if class.is(WordClass::FAMILY_FIRST) && !class.is(WordClass::GIVEN) {
        return PersonName {
            given: Some(parts[1..].join(" ").into()),
            surname: first.into(),
            surname_first: true,
            official: None,
        };
    }
    PersonName {
        given: Some(first.into()),
        surname: parts[parts.len() - 1].borrow().into(),
        surname_first: false,
        official: None,
    }
}
