//! Stated relations between entities, found sentence by sentence among the
//! mentions already resolved there:
//!
//! * **roles**: an official and the country or organization whose office they
//!   hold, as the recognizer read it ("German Foreign Minister Annalena
//!   Baerbock", "Jens Stoltenberg, NATO Secretary General"), or owned through
//!   a possessive pronoun ("Russia and its president, Vladimir Putin");
//! * **actions**: actor → verb or event noun of `assets/lexicon/verbs.tsv` →
//!   target, within one clause: "Blinken and Baerbock met Lavrov", "Crimea,
//!   which Russia annexed", "Ukraine was invaded by Russia", "the Russian
//!   invasion of Ukraine and annexation of Crimea", "US-Russia talks";
//! * **membership**: a country member of, or ally in, an organization
//!   ("Latvia, a NATO ally", "NATO's members include Canada", "Poland joined
//!   NATO", "Ukraine is not a NATO member").
//!
//! A role phrase is one participant: the owner named inside it ("German" in
//! "German Foreign Minister Annalena Baerbock") is neither actor nor target.
//! The actor is the entity right before the verb (over auxiliaries, adverbs
//! and negation, or the head noun it names: "Russian troops"; or the country
//! of an unnamed office: "the US Secretary of State"), with those coordinated
//! with it. A relative pronoun stands for its antecedent, a pronoun for the
//! first entity of its kind in the sentence; a verb after "and" or "to" shares
//! the actor of the verb before it in the clause (or of the nearest subject:
//! "NATO would not expand ... and deploy"), and a participle that opens its
//! clause takes the subject of the main clause ("While visiting Ghana, X
//! said"). The target follows the verb directly or after one of its
//! prepositions (or, for a demand, is the subject of the clause demanded:
//! "demanded that Israel withdraw"), and is never looked for across a clause
//! boundary, a comma that does not list entities, or another verb of the
//! lexicon. An event noun takes its actor from before it ("Russia's",
//! "Russian", "US-" in "US-Russia talks", or the subject of a light verb:
//! "held talks with"). Negation ("would not deploy") and hedging ("if",
//! "could", "wants", "accused ... of") become flags; nothing is dropped for
//! them.
//!
//! Each sentence is read in time linear in its length: cue words are looked
//! up once per token, predicates found with one trie walk per token, and
//! every search is bounded by a clause boundary or a small window.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::knowledge::{Kind, Knowledge};
use super::lexicon::{Cues, FormOf, Lexicon, Part, Predicate};
use super::resolve::{Mention, Resolved, StatedRole};
use super::text::{Sentence, Token, TokenKind, tokenize};
use super::{next_run, runs};
use crate::corpus::Document;
use crate::parallel::flat_map_ordered;

/// Most tokens between a verb and its preposition or target.
const MAX_GAP: usize = 8;
/// Most adjectives between an event noun and its actor.
const MAX_ADJECTIVES: usize = 3;
/// Most words of an appositive phrase between an entity and "which".
const MAX_APPOSITIVE: usize = 4;
/// Most words of an office ("Deputy Secretary of State").
const MAX_TITLE_WORDS: usize = 6;
/// Most tokens between a copula and the noun it links ("is an ally ..., but
/// not a NATO member").
const MAX_COPULA_DISTANCE: usize = 12;

/// What a relation says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Category {
    /// Meet, talk, call, invite, visit, host, brief.
    Consult,
    /// Support, aid, arm, cooperate, make a deal.
    Cooperate,
    /// Demand, urge, ask, insist, request.
    Demand,
    /// Warn, threaten, respond with counter-measures.
    Threaten,
    /// Accuse, criticise, condemn.
    Accuse,
    /// Sanction, expel, destabilise.
    Coerce,
    /// Seize, annex, invade, attack, deploy forces.
    Force,
    /// An office the source holds in the target.
    Role,
    /// The source country is a member of, or ally in, the target organization.
    Membership,
}

impl Category {
    pub const ALL: [Category; 9] = [
        Category::Consult,
        Category::Cooperate,
        Category::Demand,
        Category::Threaten,
        Category::Accuse,
        Category::Coerce,
        Category::Force,
        Category::Role,
        Category::Membership,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Category::Consult => "consult",
            Category::Cooperate => "cooperate",
            Category::Demand => "demand",
            Category::Threaten => "threaten",
            Category::Accuse => "accuse",
            Category::Coerce => "coerce",
            Category::Force => "force",
            Category::Role => "role",
            Category::Membership => "membership",
        }
    }

    pub fn parse(s: &str) -> Option<Category> {
        let s = s.trim().to_lowercase();
        Category::ALL.into_iter().find(|c| c.as_str() == s)
    }
}

/// Whether a relation is friendly, neutral or hostile.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Polarity {
    Cooperative,
    Neutral,
    Conflictual,
}

impl Polarity {
    pub const ALL: [Polarity; 3] = [
        Polarity::Cooperative,
        Polarity::Neutral,
        Polarity::Conflictual,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Polarity::Cooperative => "cooperative",
            Polarity::Neutral => "neutral",
            Polarity::Conflictual => "conflictual",
        }
    }

    pub fn parse(s: &str) -> Option<Polarity> {
        let s = s.trim().to_lowercase();
        Polarity::ALL.into_iter().find(|p| p.as_str() == s)
    }
}

/// A relation stated in one sentence, from `source` to `target` (entity
/// indices).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Relation {
    pub source: usize,
    pub target: usize,
    /// The normalised verb or noun phrase ("met with", "invasion of",
    /// "Secretary of State of", "member of").
    pub label: String,
    pub category: Category,
    pub polarity: Polarity,
    /// The text says it does not (or will not) happen.
    pub negated: bool,
    /// Conditional, possible, intended, demanded or alleged.
    pub hedged: bool,
    pub doc: usize,
    /// Index of the sentence in the document's sentence list.
    pub sentence: usize,
    /// Byte span of the sentence.
    pub start: usize,
    pub end: usize,
}

/// The relations of every document (in parallel), in corpus order.
pub(super) fn find_all(
    k: &Knowledge,
    docs: &[Document],
    sentences: &[Vec<Sentence>],
    resolved: &Resolved,
) -> Vec<Relation> {
    let kinds: Vec<Kind> = resolved.entities.iter().map(|e| e.kind).collect();
    let count = docs.len().min(sentences.len());
    let mentions = runs(&resolved.mentions, count, Mention::doc);
    let roles = runs(&resolved.stated_roles, count, |r| r.doc);
    flat_map_ordered(count, |doc, out| {
        let input = DocInput {
            doc,
            text: &docs[doc].text,
            sentences: &sentences[doc],
            mentions: mentions[doc],
            roles: roles[doc],
        };
        find(k, &kinds, &input, out);
    })
}

/// What the relation pass reads of one document.
struct DocInput<'a> {
    doc: usize,
    text: &'a str,
    sentences: &'a [Sentence],
    /// The document's mentions, in order.
    mentions: &'a [Mention],
    /// The document's stated roles, in order.
    roles: &'a [StatedRole],
}

/// Adds the relations stated in one document to `out`, sentence by sentence.
fn find(k: &Knowledge, kinds: &[Kind], input: &DocInput, out: &mut Vec<Relation>) {
    let (mut tokens, mut buffers, mut said) = (Vec::new(), Buffers::default(), Vec::new());
    let (mut next_mention, mut next_role) = (0, 0);
    for (index, sentence) in input.sentences.iter().enumerate() {
        let mentions = next_run(input.mentions, &mut next_mention, index, Mention::sentence);
        let roles = next_run(input.roles, &mut next_role, index, |r| r.sentence);
        said.extend(roles.iter().filter_map(role_relation));
        if mentions.iter().any(|m| m.entity() != mentions[0].entity()) {
            tokenize(input.text, sentence.range.clone(), &mut tokens);
            let scan = Scan::new(k, kinds, input.text, &tokens, mentions, roles, buffers);
            buffers = scan.run(&mut said);
        }
        said.sort();
        said.dedup();
        out.extend(
            said.drain(..)
                .map(|s| s.relation(input.doc, index, &sentence.range)),
        );
    }
}

/// An office with its owner stated: "Secretary of State of" the United States.
fn role_relation(role: &StatedRole) -> Option<Said> {
    let owner = role.owner.filter(|&o| o != role.holder)?;
    Some(Said {
        source: role.holder,
        target: owner,
        label: format!("{} of", role.title),
        category: Category::Role,
        polarity: Polarity::Neutral,
        negated: false,
        hedged: false,
    })
}

/// A relation found in a sentence, before it gets its place.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Said {
    source: usize,
    target: usize,
    label: String,
    category: Category,
    polarity: Polarity,
    negated: bool,
    hedged: bool,
}

impl Said {
    fn relation(self, doc: usize, sentence: usize, range: &Range<usize>) -> Relation {
        Relation {
            source: self.source,
            target: self.target,
            label: self.label,
            category: self.category,
            polarity: self.polarity,
            negated: self.negated,
            hedged: self.hedged,
            doc,
            sentence,
            start: range.start,
            end: range.end,
        }
    }
}

/// A participant: an entity mention (or a whole role phrase) over tokens
/// `start..end`.
#[derive(Debug, Clone, Copy)]
struct Unit {
    entity: usize,
    start: usize,
    end: usize,
}

/// A verb or event noun of the lexicon over tokens `start..end`.
#[derive(Debug, Clone, Copy)]
struct Pred<'a> {
    start: usize,
    end: usize,
    forms: &'a [FormOf],
}

/// A predicate resolved to its participants (unit indices).
struct Statement<'a> {
    predicate: &'a Predicate,
    /// Where the predicate starts (token).
    at: usize,
    preposition: Option<&'a str>,
    actors: Vec<usize>,
    targets: Vec<usize>,
}

/// A predicate read, for verbs coordinated after it.
struct Done {
    /// Where the predicate starts (token).
    start: usize,
    /// The token after the predicate and its targets.
    end: usize,
    actors: Vec<usize>,
}

/// The per-token tables of a sentence's reading, kept from one sentence of
/// a document to the next so that their memory is reused.
#[derive(Default)]
struct Buffers {
    units: Vec<Unit>,
    /// The unit covering each token.
    unit_at: Vec<Option<usize>>,
    cues: Vec<Cues>,
    done: Vec<Done>,
}

impl Buffers {
    /// The buffers emptied, with no unit over any of `tokens` tokens.
    fn cleared(mut self, tokens: usize) -> Buffers {
        self.units.clear();
        self.unit_at.clear();
        self.unit_at.resize(tokens, None);
        self.cues.clear();
        self.done.clear();
        self
    }
}

/// The reading of one sentence.
struct Scan<'a> {
    k: &'a Knowledge,
    lex: &'a Lexicon,
    kinds: &'a [Kind],
    text: &'a str,
    tokens: &'a [Token],
    /// The sentence's per-token tables.
    tables: Buffers,
    preds: Vec<Pred<'a>>,
}

impl<'a> Scan<'a> {
    fn new(
        k: &'a Knowledge,
        kinds: &'a [Kind],
        text: &'a str,
        tokens: &'a [Token],
        mentions: &[Mention],
        roles: &[StatedRole],
        buffers: Buffers,
    ) -> Scan<'a> {
        let mut scan = Scan {
            k,
            lex: &k.lexicon,
            kinds,
            text,
            tokens,
            tables: buffers.cleared(tokens.len()),
            preds: Vec::new(),
        };
        scan.add_units(mentions, roles);
        let mut cues = std::mem::take(&mut scan.tables.cues);
        cues.extend((0..tokens.len()).map(|i| scan.cue_of(i)));
        scan.tables.cues = cues;
        scan.find_predicates();
        scan
    }

    /// Reads the predicates in order; each one, found or not, leaves its
    /// actors for the verbs coordinated after it.
    fn run(mut self, out: &mut Vec<Said>) -> Buffers {
        self.pronoun_roles(out);
        for p in 0..self.preds.len() {
            let pred = self.preds[p];
            let done = match self.statement(p) {
                Some(statement) => {
                    self.emit(&statement, out);
                    let end = statement
                        .targets
                        .iter()
                        .map(|&t| self.tables.units[t].end)
                        .max();
                    Done {
                        start: pred.start,
                        end: end.unwrap_or(pred.end).max(pred.end),
                        actors: statement.actors,
                    }
                }
                None if self.has_verb_form(pred) => Done {
                    start: pred.start,
                    end: pred.end,
                    actors: self.actors_before(pred.start),
                },
                None => continue,
            };
            if !done.actors.is_empty() {
                self.tables.done.push(done);
            }
        }
        self.tables
    }

    fn has_verb_form(&self, pred: Pred) -> bool {
        pred.forms
            .iter()
            .any(|f| self.lex.predicates[f.predicate].part == Part::Verb)
    }

    // ------------------------------------------------------------ tokens

    fn word(&self, i: usize) -> &'a str {
        self.tokens.get(i).map_or("", |t| t.text(self.text))
    }

    fn is(&self, i: usize, word: &str) -> bool {
        self.word(i).eq_ignore_ascii_case(word)
    }

    fn cue(&self, i: usize, bit: u16) -> bool {
        self.tables.cues.get(i).is_some_and(|c| c.is(bit))
    }

    /// What token `i` is, looked up once: its cues, and whether it is a
    /// content word (a noun or adjective that is no entity, no function word
    /// and no cue other than a hedge) and starts in lower case.
    fn cue_of(&self, i: usize) -> Cues {
        let t = &self.tokens[i];
        let w = t.text(self.text);
        let cues = match t.kind {
            TokenKind::Word if w == "t" && i > 0 && is_apostrophe(self.word(i - 1)) => {
                self.lex.cues("n't")
            }
            TokenKind::Word => self.lex.cues(w),
            _ if matches!(w, ";" | ":" | "(" | ")" | "—" | "–") => {
                return Cues::default().with(Cues::BOUNDARY);
            }
            _ => return Cues::default(),
        };
        let grammatical = Cues::FUNCTION
            | Cues::NEGATION
            | Cues::BOUNDARY
            | Cues::SKIP
            | Cues::DETERMINER
            | Cues::LIGHT
            | Cues::PERSON
            | Cues::GROUP
            | Cues::COPULA
            | Cues::LIST;
        let mut cues = cues;
        if self.tables.unit_at[i].is_none() && !cues.is(grammatical) {
            cues = cues.with(Cues::CONTENT);
        }
        if w.starts_with(char::is_lowercase) {
            cues = cues.with(Cues::LOWER);
        }
        cues
    }

    /// A clause boundary: a boundary word or mark, or a comma.
    fn boundary(&self, i: usize) -> bool {
        self.cue(i, Cues::BOUNDARY) || self.word(i) == ","
    }

    fn is_function(&self, i: usize) -> bool {
        self.cue(i, Cues::FUNCTION)
    }

    /// A noun or adjective ("military", "troops", "possible"), capitalised
    /// or not.
    fn is_content(&self, i: usize) -> bool {
        self.cue(i, Cues::CONTENT)
    }

    fn is_lower_content(&self, i: usize) -> bool {
        self.cue(i, Cues::CONTENT) && self.cue(i, Cues::LOWER)
    }

    fn is_number(&self, i: usize) -> bool {
        self.word(i).starts_with(|c: char| c.is_ascii_digit())
    }

    fn is_quote(&self, i: usize) -> bool {
        matches!(self.word(i), "\"" | "“" | "”" | "‘" | "’" | "'")
    }

    fn is_possessive(&self, i: usize) -> bool {
        self.tokens
            .get(i)
            .is_some_and(|t| t.kind == TokenKind::Possessive)
    }

    /// A hyphen inside a word ("post-Soviet").
    fn is_inner_hyphen(&self, i: usize) -> bool {
        self.word(i) == "-"
            && !self.tokens[i].space_before
            && self.tokens.get(i + 1).is_some_and(|t| !t.space_before)
    }

    /// An adverb in -ly ("fully", "increasingly").
    fn is_adverb(&self, i: usize) -> bool {
        let w = self.word(i);
        w.len() > 4 && w.ends_with("ly") && self.is_lower_content(i)
    }

    // ------------------------------------------------------------ units

    /// The tokens `start..end` covering the byte range.
    fn token_span(&self, range: &Range<usize>) -> Option<(usize, usize)> {
        let start = self.tokens.partition_point(|t| t.start < range.start);
        let end = self.tokens.partition_point(|t| t.start < range.end);
        (start < end).then_some((start, end))
    }

    /// One unit per mention; a role phrase becomes its holder's unit, and a
    /// name glued to a word by a hyphen ("post-Soviet", "Kremlin-led") is
    /// left out.
    fn add_units(&mut self, mentions: &[Mention], roles: &[StatedRole]) {
        let mut units = std::mem::take(&mut self.tables.units);
        units.extend(mentions.iter().filter_map(|m| {
            let (start, end) = self.token_span(&(m.range()))?;
            Some(Unit {
                entity: m.entity(),
                start,
                end,
            })
        }));
        for role in roles {
            if let Some((start, end)) = self.token_span(&role.span) {
                absorb(&mut units, role.holder, start, end);
            }
        }
        units.retain(|u| !self.is_glued(u));
        for (i, u) in units.iter().enumerate() {
            for t in u.start..u.end {
                self.tables.unit_at[t] = Some(i);
            }
        }
        self.tables.units = units;
    }

    /// "post-Soviet", "Kremlin-led": the name modifies a word it is joined to.
    fn is_glued(&self, u: &Unit) -> bool {
        let lower = |i: usize| self.word(i).starts_with(char::is_lowercase);
        let before = u.start >= 2 && self.is_inner_hyphen(u.start - 1) && lower(u.start - 2);
        let after = self.is_inner_hyphen(u.end) && lower(u.end + 1);
        before || after
    }

    /// The unit whose last token is `i`.
    fn unit_ending(&self, i: usize) -> Option<usize> {
        let u = self.tables.unit_at.get(i).copied().flatten()?;
        (self.tables.units[u].end == i + 1).then_some(u)
    }

    /// The unit whose first token is `i`.
    fn unit_starting(&self, i: usize) -> Option<usize> {
        let u = self.tables.unit_at.get(i).copied().flatten()?;
        (self.tables.units[u].start == i).then_some(u)
    }

    // ------------------------------------------------------------ predicates

    fn find_predicates(&mut self) {
        let mut i = 0;
        while i < self.tokens.len() {
            i += match self.predicate_at(i) {
                Some(pred) => {
                    self.preds.push(pred);
                    pred.end - pred.start
                }
                None => 1,
            };
        }
    }

    fn predicate_at(&self, i: usize) -> Option<Pred<'a>> {
        if self.tables.unit_at[i].is_some() || !self.cue(i, Cues::PHRASE_START) {
            return None;
        }
        let words = self.tokens[i..].iter().map(|t| t.text(self.text));
        let (len, forms) = self.lex.longest(words)?;
        let free = (i..i + len).all(|t| self.tables.unit_at[t].is_none());
        free.then_some(Pred {
            start: i,
            end: i + len,
            forms,
        })
    }

    fn predicate_starting(&self, i: usize) -> Option<&Pred<'a>> {
        let at = self.preds.binary_search_by_key(&i, |p| p.start).ok()?;
        self.preds.get(at)
    }

    /// The first reading of predicate `p` (in lexicon order) that finds both
    /// an actor and a target.
    fn statement(&self, p: usize) -> Option<Statement<'a>> {
        let pred = self.preds[p];
        pred.forms.iter().find_map(|form| {
            let entry = &self.lex.predicates[form.predicate];
            match (entry.part, entry.category) {
                (Part::Noun, Category::Membership) => self.membership(pred, entry),
                (Part::Noun, _) => self.noun(pred, entry),
                (Part::Verb, _) => self.verb(pred, entry, form.past),
            }
        })
    }

    // ------------------------------------------------------------ verbs

    /// Actor, verb, target; passives ("was invaded by"); targets that are
    /// the antecedent of a relative clause ("Crimea, which Russia annexed").
    fn verb(&self, pred: Pred, entry: &'a Predicate, past: bool) -> Option<Statement<'a>> {
        let statement = |actors, targets, preposition| Statement {
            predicate: entry,
            at: pred.start,
            preposition,
            actors,
            targets,
        };
        if past && let Some(agents) = self.by_agent(pred.end) {
            let patients = self.actors_before(pred.start);
            return (!patients.is_empty()).then(|| statement(agents, patients, None));
        }
        let mut actors = self.actors_before(pred.start);
        if actors.is_empty() && entry.category == Category::Membership {
            // "the OSCE, a group of 57 countries, including Ukraine"
            actors.extend(self.antecedent(pred.start, false));
        }
        if actors.is_empty() {
            actors = self.fronted_participle_actors(pred);
        }
        let first = *actors.first()?;
        if let Some((targets, preposition)) = self.object(entry, pred.end) {
            return Some(statement(actors, targets, preposition));
        }
        let target = self
            .relative_antecedent(first)
            .or_else(|| self.demanded_of(entry, pred.end))?;
        Some(statement(actors, vec![target], None))
    }

    /// "While visiting NATO troops, Stoltenberg said ...": a participle that
    /// opens its clause has the actor of the main clause after the comma.
    fn fronted_participle_actors(&self, pred: Pred) -> Vec<usize> {
        let before = (0..pred.start).rev().find(|&j| !self.cue(j, Cues::SKIP));
        let opens = before.is_none_or(|j| self.cue(j, Cues::BOUNDARY) || self.word(j) == ",");
        if !self.word(pred.start).ends_with("ing") || !opens {
            return Vec::new();
        }
        let comma = (pred.end..self.tokens.len()).find(|&j| self.word(j) == ",");
        comma
            .and_then(|c| self.noun_phrase_unit(c + 1, false))
            .map(|u| vec![u])
            .unwrap_or_default()
    }

    /// "demanded guarantees that NATO ...": the entity a demand is made of,
    /// as the subject of the clause that states it.
    fn demanded_of(&self, entry: &Predicate, from: usize) -> Option<usize> {
        if entry.category != Category::Demand {
            return None;
        }
        let that = (from..self.tokens.len().min(from + MAX_GAP))
            .take_while(|&j| self.is(j, "that") || self.in_object_phrase(j))
            .find(|&j| self.is(j, "that"))?;
        self.noun_phrase_unit(that + 1, false)
    }

    /// "by Russia" after a past participle: the agents of a passive.
    fn by_agent(&self, from: usize) -> Option<Vec<usize>> {
        let j = (from..self.tokens.len()).find(|&j| !self.is_adverb(j))?;
        if !self.is(j, "by") {
            return None;
        }
        self.noun_phrase_unit(j + 1, false)
            .map(|u| self.coordinated_after(u))
    }

    /// The target of a verb ending at token `from`: the entity right after
    /// it (over determiners and an object noun phrase), or after one of its
    /// prepositions ("submitted a list of demands to NATO").
    fn object(&self, entry: &'a Predicate, from: usize) -> Option<(Vec<usize>, Option<&'a str>)> {
        for j in from..self.tokens.len().min(from + MAX_GAP) {
            if let Some(u) = self.unit_starting(j) {
                let direct = entry.direct && self.direct_object(entry, u);
                return direct.then(|| (self.coordinated_after(u), None));
            }
            if let Some(preposition) = entry.preposition(self.word(j)) {
                let u = self.noun_phrase_unit(j + 1, false)?;
                return Some((self.coordinated_after(u), Some(preposition)));
            }
            if !self.in_object_phrase(j) {
                return None;
            }
        }
        None
    }

    /// "met Russia's" is not meeting Russia; "condemned Russia's invasion"
    /// still condemns Russia.
    fn direct_object(&self, entry: &Predicate, u: usize) -> bool {
        entry.category != Category::Consult || !self.is_possessive(self.tables.units[u].end)
    }

    /// A token inside the object noun phrase between a verb and its
    /// preposition: determiners, numbers, nouns and adjectives, "of",
    /// possessives and quotes, but no verb of the lexicon (unless used as a
    /// noun after "of", a determiner or a number).
    fn in_object_phrase(&self, j: usize) -> bool {
        let verb_here = self.predicate_starting(j).is_some()
            && !(j > 0
                && (self.is(j - 1, "of")
                    || self.cue(j - 1, Cues::DETERMINER)
                    || self.is_number(j - 1)));
        !verb_here && self.in_noun_phrase(j)
    }

    fn in_noun_phrase(&self, j: usize) -> bool {
        self.cue(j, Cues::DETERMINER)
            || self.is_content(j)
            || self.is_number(j)
            || self.is_quote(j)
            || self.is_possessive(j)
            || self.is_inner_hyphen(j)
            || self.is(j, "of")
    }

    /// The entity that starts the noun phrase at token `j`, after
    /// determiners, quotes, numbers and a few adjectives, or that a title
    /// introduces ("its president, Vladimir Putin"). With `chain`, also the
    /// entity a short phrase leads to ("the crisis in Kazakhstan").
    fn noun_phrase_unit(&self, mut j: usize, chain: bool) -> Option<usize> {
        let mut adjectives = 0;
        let mut first_word = None;
        while j < self.tokens.len() {
            if let Some(u) = self.unit_starting(j) {
                return Some(u);
            }
            let modifier = self.cue(j, Cues::DETERMINER)
                || self.is_quote(j)
                || self.is_number(j)
                || self.is_inner_hyphen(j)
                || (chain && adjectives > 0 && (self.is(j, "of") || self.is(j, "in")));
            if self.word(j) == "," {
                return first_word.and_then(|w| self.titled_apposition(w, j));
            }
            if self.is_content(j) && self.predicate_starting(j).is_none() {
                adjectives += 1;
                first_word.get_or_insert(j);
            } else if !modifier {
                return None;
            }
            if adjectives > MAX_ADJECTIVES {
                return None;
            }
            j += 1;
        }
        None
    }

    /// "its president, Vladimir Putin": the person after the comma at
    /// `comma` when the words from `first` to it are a title.
    fn titled_apposition(&self, first: usize, comma: usize) -> Option<usize> {
        let (end, _) = self.k.title_at(self.text, self.tokens, first)?;
        let u = self.unit_starting(comma + 1).filter(|_| end == comma)?;
        matches!(
            self.kinds[self.tables.units[u].entity],
            Kind::Official | Kind::Person
        )
        .then_some(u)
    }

    // ------------------------------------------------------------ actors

    /// The actors of a predicate starting at token `at` (see the module
    /// documentation).
    fn actors_before(&self, at: usize) -> Vec<usize> {
        let actors = self.nearest_actors(at);
        if actors.is_empty() && at > 0 && self.is(at - 1, "to") {
            // "would not deploy forces to aid Ukraine"
            return self.shared_actors(at - 1);
        }
        actors
    }

    fn nearest_actors(&self, at: usize) -> Vec<usize> {
        let gerund = self.word(at).ends_with("ing");
        let mut j = at;
        while j > 0 {
            j -= 1;
            if let Some(u) = self.unit_ending(j) {
                return self.coordinated_before(u);
            }
            if !self.steps_over(j, gerund) {
                return self.actors_at(j);
            }
        }
        Vec::new()
    }

    /// Words between an actor and its verb: auxiliaries, negation, adverbs,
    /// verbs of intention ("intend on invading"), and "of" before a gerund
    /// ("accused NATO of deploying").
    fn steps_over(&self, j: usize, gerund: bool) -> bool {
        self.cue(j, Cues::SKIP)
            || self.is_adverb(j)
            || (gerund && self.is(j, "of"))
            || (self.is(j, "on") && j > 0 && self.cue(j - 1, Cues::HEDGE))
    }

    /// The actors when the search for them stops at token `j`.
    fn actors_at(&self, j: usize) -> Vec<usize> {
        if self.cue(j, Cues::PERSON | Cues::GROUP) && !self.cue(j, Cues::DETERMINER) {
            return self.pronoun(j).into_iter().collect();
        }
        let w = self.word(j);
        match w {
            _ if is_any(w, &["which", "who"]) => self.antecedent(j, false).into_iter().collect(),
            _ if w.eq_ignore_ascii_case("that") => self.antecedent(j, true).into_iter().collect(),
            _ if is_any(w, &["and", "or"]) => {
                let shared = self.shared_actors(j);
                if shared.is_empty() {
                    self.clause_subject(j)
                } else {
                    shared
                }
            }
            "," => j
                .checked_sub(1)
                .and_then(|i| self.unit_ending(i))
                .map(|u| self.coordinated_before(u))
                .unwrap_or_default(),
            _ => {
                let head = self.head_noun_actor(j);
                if head.is_empty() {
                    self.titled_owner(j)
                } else {
                    head
                }
            }
        }
    }

    /// "The US Secretary of State has ...": a country or organization named
    /// before an office that ends at token `j` acts through it.
    fn titled_owner(&self, j: usize) -> Vec<usize> {
        let Some(u) = (j.saturating_sub(MAX_TITLE_WORDS)..j)
            .rev()
            .find_map(|i| self.unit_ending(i))
        else {
            return Vec::new();
        };
        let title = self
            .k
            .title_at(self.text, self.tokens, self.tables.units[u].end);
        match title {
            Some((end, _)) if end == j + 1 => vec![u],
            _ => Vec::new(),
        }
    }

    /// After "and" with no verb of the lexicon before it: the nearest entity
    /// before, in the same clause (commas allowed), that is the subject of a
    /// verb ("NATO would not expand further east and deploy weapons").
    fn clause_subject(&self, and: usize) -> Vec<usize> {
        for j in (0..and).rev() {
            if self.cue(j, Cues::BOUNDARY) {
                break;
            }
            if let Some(u) = self.unit_ending(j).filter(|&u| self.is_subject(u)) {
                return self.coordinated_before(u);
            }
        }
        Vec::new()
    }

    /// A unit followed by a verb of the lexicon, or by an auxiliary, negation
    /// or adverb and then a word ("NATO would not expand").
    fn is_subject(&self, u: usize) -> bool {
        let end = self.tables.units[u].end;
        let after = (end..self.tokens.len())
            .find(|&i| !(self.cue(i, Cues::SKIP) || self.is_adverb(i)))
            .unwrap_or(self.tokens.len());
        self.predicate_starting(after).is_some() || (after > end && self.is_lower_content(after))
    }

    /// "Russian military troops", "NATO's 30 members": an entity naming the
    /// head noun right before the verb.
    fn head_noun_actor(&self, j: usize) -> Vec<usize> {
        let mut i = j;
        let mut words = 0;
        while (self.is_lower_content(i) || self.is_number(i)) && words < 3 {
            words += 1;
            match i.checked_sub(1) {
                Some(before) => i = before,
                None => return Vec::new(),
            }
        }
        if words == 0 {
            return Vec::new();
        }
        if self.is_possessive(i) && i > 0 {
            i -= 1;
        }
        self.unit_ending(i)
            .map(|u| self.coordinated_before(u))
            .unwrap_or_default()
    }

    /// "he", "they": the first entity of the sentence that a pronoun of this
    /// kind can stand for.
    fn pronoun(&self, j: usize) -> Option<usize> {
        let person = self.cue(j, Cues::PERSON);
        self.tables.units.iter().position(|u| {
            let kind = self.kinds[u.entity];
            if person {
                matches!(kind, Kind::Official | Kind::Person)
            } else {
                matches!(kind, Kind::Country | Kind::Organization)
            }
        })
    }

    /// After "and" (or "to") before a verb: the actors of the predicate
    /// before it in the same clause ("Russia invaded Ukraine and annexed
    /// Crimea").
    fn shared_actors(&self, and: usize) -> Vec<usize> {
        self.tables
            .done
            .iter()
            .rev()
            .find(|d| d.end <= and && !(d.start..and).any(|i| self.boundary(i)))
            .map(|d| d.actors.clone())
            .unwrap_or_default()
    }

    /// The entity a relative word at token `rel` ("which", "including")
    /// refers back to: the one right before it, over a preposition ("in
    /// which"), commas, brackets and a short appositive ("the OSCE, a group
    /// of 57 countries, including"). With `strict`, only right before it.
    fn antecedent(&self, rel: usize, strict: bool) -> Option<usize> {
        let mut words = 0;
        let mut j = rel;
        while j > 0 {
            j -= 1;
            if let Some(u) = self.unit_ending(j) {
                return Some(u);
            }
            if strict {
                return None;
            }
            if self.is_lower_content(j) {
                words += 1;
                if words > MAX_APPOSITIVE {
                    return None;
                }
                continue;
            }
            let passable = matches!(self.word(j), "," | "(" | ")" | "of")
                || self.cue(j, Cues::DETERMINER)
                || self.is_number(j)
                || (j + 1 == rel && self.is_function(j));
            if !passable {
                return None;
            }
        }
        None
    }

    /// "Crimea, which Russia annexed": the antecedent when a relative pronoun
    /// stands right before the actors.
    fn relative_antecedent(&self, actor: usize) -> Option<usize> {
        let rel = self.tables.units[actor].start.checked_sub(1)?;
        let w = self.word(rel);
        if is_any(w, &["which", "whom"]) {
            self.antecedent(rel, false)
        } else if w.eq_ignore_ascii_case("that") {
            self.antecedent(rel, true)
        } else {
            None
        }
    }

    /// `u` with the entities listed before it: "Blinken and Baerbock",
    /// "Finland, Sweden and Norway", "NATO members, Russia and Ukraine". The
    /// last separator must be "and" or "or".
    fn coordinated_before(&self, u: usize) -> Vec<usize> {
        let mut list = vec![u];
        let mut start = self.tables.units[u].start;
        while let Some((before, comma)) = self.separator_before(start) {
            if comma && list.len() == 1 {
                break;
            }
            let unit = self.unit_ending(before).or_else(|| {
                let noun = self.is_lower_content(before);
                noun.then(|| before.checked_sub(1).and_then(|b| self.unit_ending(b)))
                    .flatten()
            });
            let Some(v) = unit else { break };
            list.push(v);
            start = self.tables.units[v].start;
        }
        list.reverse();
        list
    }

    /// The separator ending right before token `start`: the token before it
    /// and whether it is a bare comma.
    fn separator_before(&self, start: usize) -> Option<(usize, bool)> {
        let j = start.checked_sub(1)?;
        let conjunction = self.is(j, "and") || self.is(j, "or") || self.word(j) == "&";
        if conjunction {
            let j = if j > 0 && self.word(j - 1) == "," {
                j - 1
            } else {
                j
            };
            return Some((j.checked_sub(1)?, false));
        }
        (self.word(j) == ",").then_some((j.checked_sub(1)?, true))
    }

    /// `u` with the entities listed after it: "the US and NATO allies",
    /// "Finland, Sweden and Norway". A list of commas only is no list.
    fn coordinated_after(&self, u: usize) -> Vec<usize> {
        let mut list = vec![u];
        let mut last_conjunction = 0;
        let mut end = self.tables.units[u].end;
        loop {
            let j = if self.is_lower_content(end) {
                end + 1
            } else {
                end
            };
            let (next, conjunction) = match self.word(j) {
                "," if self.is(j + 1, "and") || self.is(j + 1, "or") => (j + 2, true),
                "," => (j + 1, false),
                w if w.eq_ignore_ascii_case("and") || w.eq_ignore_ascii_case("or") => (j + 1, true),
                _ => break,
            };
            let Some(v) = self.noun_phrase_unit(next, false) else {
                break;
            };
            list.push(v);
            if conjunction {
                last_conjunction = list.len() - 1;
            }
            end = self.tables.units[v].end;
        }
        list.truncate(last_conjunction + 1);
        list
    }

    // ------------------------------------------------------------ nouns

    /// Event nouns: "Russia's build-up near Ukraine", "the Russian invasion
    /// of Ukraine", "US-Russia talks", "Moscow's NATO demands", "engage in
    /// talks with Washington".
    fn noun(&self, pred: Pred, entry: &'a Predicate) -> Option<Statement<'a>> {
        let (actors, modifier) = self.noun_actors(pred.start);
        let (targets, preposition) = match self.noun_target(entry, pred.end) {
            Some(found) => found,
            None => (vec![modifier?], None),
        };
        (!actors.is_empty()).then_some(Statement {
            predicate: entry,
            at: pred.start,
            preposition,
            actors,
            targets,
        })
    }

    /// The target after an event noun and one of its prepositions.
    fn noun_target(
        &self,
        entry: &'a Predicate,
        end: usize,
    ) -> Option<(Vec<usize>, Option<&'a str>)> {
        let j = (end..self.tokens.len()).find(|&j| !self.is_quote(j))?;
        let preposition = entry.preposition(self.word(j))?;
        let u = self.noun_phrase_unit(j + 1, true)?;
        Some((self.coordinated_after(u), Some(preposition)))
    }

    /// The actors of an event noun starting at token `at`, and an entity
    /// modifying it that may be its target ("NATO" in "Moscow's NATO
    /// demands").
    fn noun_actors(&self, at: usize) -> (Vec<usize>, Option<usize>) {
        let mut j = at;
        let mut adjectives = 0;
        while j > 0 && adjectives <= MAX_ADJECTIVES {
            j -= 1;
            if let Some(u) = self.unit_ending(j) {
                return self.noun_modifiers(u);
            }
            if self.is_possessive(j) {
                let owner = j.checked_sub(1).and_then(|i| self.unit_ending(i));
                return (owner.map(|u| vec![u]).unwrap_or_default(), None);
            }
            if self.cue(j, Cues::PERSON | Cues::GROUP) {
                return (self.pronoun(j).into_iter().collect(), None);
            }
            if self.cue(j, Cues::LIGHT) {
                return (self.actors_before(j), None);
            }
            if (self.is(j, "in") || self.is(j, "on")) && j > 0 && self.cue(j - 1, Cues::LIGHT) {
                return (self.actors_before(j - 1), None);
            }
            if self.is(j, "and") {
                return (self.shared_actors(j), None);
            }
            if self.is_lower_content(j) {
                adjectives += 1;
            } else if !(self.cue(j, Cues::DETERMINER) || self.is_quote(j)) {
                break;
            }
        }
        (Vec::new(), None)
    }

    /// An entity `u` right before an event noun: the actor ("the Russian
    /// invasion"), or the target after an actor ("US-Russia talks",
    /// "Moscow's NATO demands", "his NATO demands").
    fn noun_modifiers(&self, u: usize) -> (Vec<usize>, Option<usize>) {
        let start = self.tables.units[u].start;
        let Some(j) = start.checked_sub(1) else {
            return (vec![u], None);
        };
        let first = if self.is_inner_hyphen(j) || self.is_possessive(j) {
            j.checked_sub(1).and_then(|i| self.unit_ending(i))
        } else if self.cue(j, Cues::PERSON | Cues::GROUP) {
            self.pronoun(j)
        } else {
            None
        };
        match first {
            Some(actor) => (vec![actor], Some(u)),
            None => (vec![u], None),
        }
    }

    // ------------------------------------------------------------ membership

    /// Member nouns: "Latvia, a NATO ally", "NATO's 30 members include Canada",
    /// "Ukraine is not a member of NATO", "NATO members Poland and Romania".
    fn membership(&self, pred: Pred, entry: &'a Predicate) -> Option<Statement<'a>> {
        let (organization, phrase_start) = self.member_organization(entry, pred)?;
        let members = self
            .listed_members(pred.end)
            .or_else(|| self.described_member(phrase_start))?;
        Some(Statement {
            predicate: entry,
            at: pred.start,
            preposition: None,
            actors: members,
            targets: vec![organization],
        })
    }

    /// The organization of a member noun ("NATO's 30 members", "a member of
    /// NATO") and where the noun phrase starts.
    fn member_organization(&self, entry: &Predicate, pred: Pred) -> Option<(usize, usize)> {
        if entry.preposition(self.word(pred.end)).is_some() {
            let u = self.noun_phrase_unit(pred.end + 1, false)?;
            return Some((u, pred.start));
        }
        let mut j = pred.start.checked_sub(1)?;
        while self.is_number(j) || self.cue(j, Cues::DETERMINER) {
            j = j.checked_sub(1)?;
        }
        if self.is_possessive(j) {
            j = j.checked_sub(1)?;
        }
        let u = self.unit_ending(j)?;
        Some((u, self.tables.units[u].start))
    }

    /// The countries named right after a member noun, or after "include" or
    /// "including" ("members only include two, the United States and Canada").
    fn listed_members(&self, end: usize) -> Option<Vec<usize>> {
        let mut j = end;
        while self.cue(j, Cues::SKIP) {
            j += 1;
        }
        if let Some(u) = self.unit_starting(j) {
            return Some(self.coordinated_after(u));
        }
        if !self.cue(j, Cues::LIST) {
            return None;
        }
        j += 1;
        while self.is_number(j)
            || self.cue(j, Cues::DETERMINER) && self.tables.unit_at[j].is_none()
            || matches!(self.word(j), "," | ":")
        {
            j += 1;
        }
        self.noun_phrase_unit(j, false)
            .map(|u| self.coordinated_after(u))
    }

    /// The country a member noun phrase starting at `start` describes: in
    /// apposition ("Latvia, a NATO ally") or after a copula ("Ukraine is ...
    /// but not a NATO member").
    fn described_member(&self, start: usize) -> Option<Vec<usize>> {
        let mut j = start.checked_sub(1)?;
        while self.cue(j, Cues::DETERMINER | Cues::NEGATION) {
            j = j.checked_sub(1)?;
        }
        if self.word(j) == "," {
            let u = self.unit_ending(j.checked_sub(1)?)?;
            return Some(vec![u]);
        }
        let copula = (j.saturating_sub(MAX_COPULA_DISTANCE)..=j)
            .rev()
            .take_while(|&i| self.tables.unit_at[i].is_none() && !self.cue(i, Cues::LIST))
            .find(|&i| self.cue(i, Cues::COPULA))?;
        let actors = self.actors_before(copula);
        (!actors.is_empty()).then_some(actors)
    }

    // ------------------------------------------------------------ roles

    /// "Russia and its president, Vladimir Putin": an office owned through a
    /// possessive pronoun by the nearest country or organization before it
    /// in the clause.
    fn pronoun_roles(&self, out: &mut Vec<Said>) {
        for i in 0..self.tokens.len() {
            if !(self.cue(i, Cues::GROUP) && self.cue(i, Cues::DETERMINER)) {
                continue;
            }
            let Some((end, title)) = self.k.title_at(self.text, self.tokens, i + 1) else {
                continue;
            };
            let name = end + usize::from(self.word(end) == ",");
            let holder = self
                .unit_starting(name)
                .map(|u| self.tables.units[u].entity)
                .filter(|&e| matches!(self.kinds[e], Kind::Official | Kind::Person));
            if let (Some(holder), Some(owner)) = (holder, self.owner_before(i)) {
                out.push(Said {
                    source: holder,
                    target: owner,
                    label: format!("{title} of"),
                    category: Category::Role,
                    polarity: Polarity::Neutral,
                    negated: false,
                    hedged: false,
                });
            }
        }
    }

    /// The nearest country or organization before token `i` in its clause.
    fn owner_before(&self, i: usize) -> Option<usize> {
        (0..i)
            .rev()
            .take_while(|&j| !self.cue(j, Cues::BOUNDARY))
            .find_map(|j| self.unit_ending(j))
            .map(|u| self.tables.units[u].entity)
            .filter(|&e| matches!(self.kinds[e], Kind::Country | Kind::Organization))
    }

    // ------------------------------------------------------------ output

    /// Adds one relation per actor and target the statement links.
    fn emit(&self, statement: &Statement, out: &mut Vec<Said>) {
        let entry = statement.predicate;
        let (negated, hedged) = self.flags(statement);
        let label = entry.label(statement.preposition);
        for &a in &statement.actors {
            for &t in &statement.targets {
                let (source, target) = (self.tables.units[a].entity, self.tables.units[t].entity);
                if let Some((source, target)) = self.oriented(entry.category, source, target) {
                    out.push(Said {
                        source,
                        target,
                        label: label.clone(),
                        category: entry.category,
                        polarity: entry.polarity,
                        negated,
                        hedged,
                    });
                }
            }
        }
    }

    /// The pair as a relation of this category, if the kinds allow it:
    /// membership always goes from a country to an organization; places are
    /// only the targets of force ("annexed Crimea").
    fn oriented(&self, category: Category, a: usize, b: usize) -> Option<(usize, usize)> {
        let (ka, kb) = (self.kinds[a], self.kinds[b]);
        if a == b {
            return None;
        }
        if category == Category::Membership {
            return match (ka, kb) {
                (Kind::Country, Kind::Organization) => Some((a, b)),
                (Kind::Organization, Kind::Country) => Some((b, a)),
                _ => None,
            };
        }
        let actor = !matches!(ka, Kind::Place);
        let target = !matches!(kb, Kind::Place) || category == Category::Force;
        (actor && target).then_some((a, b))
    }

    /// Negated: a negation between the actor and the predicate. Hedged: a
    /// hedge cue from the start of the clause to the predicate, or at the
    /// start of the sentence ("If ..., NATO will respond").
    fn flags(&self, statement: &Statement) -> (bool, bool) {
        let at = statement.at;
        let before = |units: &[usize]| {
            units
                .iter()
                .map(|&u| self.tables.units[u])
                .filter(|u| u.end <= at)
                .map(|u| (u.start, u.end))
                .collect::<Vec<_>>()
        };
        let (actors, targets) = (before(&statement.actors), before(&statement.targets));
        let nearest = actors
            .iter()
            .map(|u| u.1)
            .max()
            .or_else(|| targets.iter().map(|u| u.1).max());
        let leftmost = actors
            .iter()
            .chain(&targets)
            .map(|u| u.0)
            .min()
            .unwrap_or(at);
        let clause = self.clause_start(leftmost);
        let negated = (nearest.unwrap_or(clause)..at).any(|i| self.cue(i, Cues::NEGATION));
        let hedged = (clause..at).any(|i| self.cue(i, Cues::HEDGE)) || self.cue(0, Cues::HEDGE);
        (negated, hedged)
    }

    /// The clause boundary at or before token `from` (0 when none).
    fn clause_start(&self, from: usize) -> usize {
        (0..from).rev().find(|&i| self.boundary(i)).unwrap_or(0)
    }
}

/// Makes the unit of `holder` inside tokens `start..end` cover the whole
/// role phrase, and drops the other units inside it.
fn absorb(units: &mut Vec<Unit>, holder: usize, start: usize, end: usize) {
    let inside = |u: &Unit| u.start >= start && u.end <= end;
    let Some(h) = units.iter().position(|u| inside(u) && u.entity == holder) else {
        return;
    };
    units[h].start = start;
    units[h].end = end;
    let mut i = 0;
    units.retain(|u| {
        i += 1;
        i - 1 == h || !inside(u)
    });
}

/// `w` is one of `words`, ignoring case.
fn is_any(w: &str, words: &[&str]) -> bool {
    words.iter().any(|x| x.eq_ignore_ascii_case(w))
}

fn is_apostrophe(w: &str) -> bool {
    w == "'" || w == "’"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_and_polarities_parse_their_names() {
        for c in Category::ALL {
            assert_eq!(Category::parse(c.as_str()), Some(c));
        }
        for p in Polarity::ALL {
            assert_eq!(Polarity::parse(&p.as_str().to_uppercase()), Some(p));
        }
        assert_eq!(Category::parse("embrace"), None);
    }

    #[test]
    fn a_role_phrase_becomes_its_holders_unit() {
        let unit = |entity, start, end| Unit { entity, start, end };
        let mut units = vec![unit(7, 0, 1), unit(3, 3, 5), unit(9, 6, 7)];
        absorb(&mut units, 3, 0, 5);
        let got: Vec<_> = units.iter().map(|u| (u.entity, u.start, u.end)).collect();
        assert_eq!(got, [(3, 0, 5), (9, 6, 7)]);
    }
}
