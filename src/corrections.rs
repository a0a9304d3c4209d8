//! User corrections of an extraction: merge two entities, rename one, change
//! its kind, hide it, give it another name, or split a name off into an
//! entity of its own.
//!
//! A correction names entities by their canonical name or any alias
//! (compared case-insensitively; a canonical name wins over an alias, and
//! among equals the entity that sorts first by id), never by index, so the
//! same list applies to the extraction of any corpus. [`apply`] replays the
//! whole list, in order, on a copy of the engine's extraction; undo and redo
//! are a replay of a shorter or longer list. A correction that finds no
//! entity is reported in [`Corrected::unapplied`] and changes nothing.
//!
//! * **Merge** `from` into `into`: every mention of `from` becomes a mention
//!   of `into`, which gains `from`'s name, aliases and roles; `from` is gone.
//! * **Rename**: the old name stays as an alias; the id becomes the slug of
//!   the new name (made unique).
//! * **Set kind**, **Hide**, **Unhide**: hidden entities stay in the
//!   extraction and are listed in [`Corrected::hidden`] for views to drop.
//! * **Add alias**: every whole-word, case-sensitive occurrence of the alias
//!   inside an extracted sentence that overlaps no mention becomes a mention.
//! * **Split alias**: mentions written as the alias move to a new entity of
//!   the same kind named by the alias.
//!
//! [`to_gazetteer`] writes the corrected entities as a user gazetteer table,
//! so the corrections carry over to the next corpus through `--gazetteer`.
//! [`lineage`] tells which entity became which between two corrected
//! extractions, so a view can keep its positions and selection.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use crate::corpus::{Document, collapse_whitespace};
use crate::extract::{Entity, Extraction, Kind, Mention};

/// One correction, naming entities by name or alias.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Correction {
    Merge { from: String, into: String },
    Rename { entity: String, to: String },
    SetKind { entity: String, kind: Kind },
    Hide { entity: String },
    Unhide { entity: String },
    AddAlias { entity: String, alias: String },
    SplitAlias { entity: String, alias: String },
}

impl fmt::Display for Correction {
    /// A description for menus: Merge “US” into “United States”.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Correction::Merge { from, into } => write!(f, "Merge “{from}” into “{into}”"),
            Correction::Rename { entity, to } => write!(f, "Rename “{entity}” to “{to}”"),
            Correction::SetKind { entity, kind } => {
                write!(f, "Make “{entity}” {}", kind.as_str())
            }
            Correction::Hide { entity } => write!(f, "Hide “{entity}”"),
            Correction::Unhide { entity } => write!(f, "Unhide “{entity}”"),
            Correction::AddAlias { entity, alias } => {
                write!(f, "Add alias “{alias}” to “{entity}”")
            }
            Correction::SplitAlias { entity, alias } => {
                write!(f, "Split “{alias}” off “{entity}”")
            }
        }
    }
}

/// The corrections made so far, with the undone ones kept for redo. Only
/// `ops` is saved.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Corrections {
    pub ops: Vec<Correction>,
    #[serde(skip)]
    redo: Vec<Correction>,
}

impl From<Vec<Correction>> for Corrections {
    /// A list of corrections with nothing to redo.
    fn from(ops: Vec<Correction>) -> Corrections {
        Corrections {
            ops,
            redo: Vec::new(),
        }
    }
}

impl Corrections {
    /// Records a new correction; what was undone can no longer be redone.
    pub fn apply(&mut self, op: Correction) {
        self.ops.push(op);
        self.redo.clear();
    }

    /// Takes back the last correction.
    pub fn undo(&mut self) -> Option<Correction> {
        let op = self.ops.pop()?;
        self.redo.push(op.clone());
        Some(op)
    }

    /// Makes the last undone correction again.
    pub fn redo(&mut self) -> Option<Correction> {
        let op = self.redo.pop()?;
        self.ops.push(op.clone());
        Some(op)
    }

    pub fn can_undo(&self) -> bool {
        !self.ops.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// "Undo Merge “US” into “United States”", for the menu.
    pub fn undo_label(&self) -> Option<String> {
        self.ops.last().map(|op| format!("Undo {op}"))
    }

    /// "Redo Merge “US” into “United States”", for the menu.
    pub fn redo_label(&self) -> Option<String> {
        self.redo.last().map(|op| format!("Redo {op}"))
    }
}

/// Why a correction changed nothing.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("no entity is named “{0}”")]
    UnknownEntity(String),
    #[error("“{0}” and “{1}” are the same entity")]
    SameEntity(String, String),
    #[error("the new name is empty")]
    EmptyName,
    #[error("“{alias}” is not a name of “{entity}”")]
    NotAnAlias { entity: String, alias: String },
    #[error("“{0}” is the entity's own name; rename the entity first")]
    OwnName(String),
}

/// A correction that was skipped, with its position in the list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unapplied {
    pub index: usize,
    pub op: Correction,
    pub problem: Problem,
}

/// An extraction with the corrections applied.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Corrected {
    /// Entities sorted by id, mentions by document and position.
    pub extraction: Extraction,
    /// Indices of the hidden entities.
    pub hidden: BTreeSet<usize>,
    /// Corrections that found no entity (or made no sense), in list order.
    pub unapplied: Vec<Unapplied>,
    /// The entities the corrections changed (merged into, renamed, kind
    /// set, alias added, split off), each with the names the corrections
    /// gave it: merged entities' names and aliases, old names, added aliases.
    pub touched: BTreeMap<usize, BTreeSet<String>>,
}

/// Replays `corrections` on a copy of `extraction`; `docs` are the corpus's
/// documents, whose texts adding an alias searches.
pub fn apply(extraction: &Extraction, docs: &[Document], corrections: &Corrections) -> Corrected {
    let mut work = Work::new(extraction.clone(), docs);
    let mut unapplied = Vec::new();
    for (index, op) in corrections.ops.iter().enumerate() {
        if let Err(problem) = work.apply(op) {
            unapplied.push(Unapplied {
                index,
                op: op.clone(),
                problem,
            });
        }
    }
    let mut corrected = work.finish();
    corrected.unapplied = unapplied;
    corrected
}

/// Rewrites every entity index stored in `extraction` with `map`. Any new
/// field holding entity indices is remapped here.
fn remap(extraction: &mut Extraction, map: impl Fn(usize) -> usize) {
    for m in &mut extraction.mentions {
        m.set_entity(map(m.entity()));
    }
    for role in extraction.entities.iter_mut().flat_map(|e| &mut e.roles) {
        role.of = role.of.map(&map);
    }
    for r in &mut extraction.relations {
        (r.source, r.target) = (map(r.source), map(r.target));
    }
    // A relation between two entities merged into one says nothing more.
    extraction.relations.retain(|r| r.source != r.target);
}

/// What the corrections know about an entity besides the entity itself.
#[derive(Debug, Clone, Default)]
struct Slot {
    removed: bool,
    hidden: bool,
    /// `Some` once a correction changed the entity: the names it gave it.
    touched: Option<BTreeSet<String>>,
}

impl Slot {
    fn touch(&mut self) -> &mut BTreeSet<String> {
        self.touched.get_or_insert_with(BTreeSet::new)
    }
}

/// The extraction being corrected. Entity indices stay stable during the
/// replay (a merged entity is only marked removed); [`Work::finish`] drops
/// removed entities and sorts.
struct Work<'a> {
    ex: Extraction,
    slots: Vec<Slot>,
    docs: &'a [Document],
}

impl<'a> Work<'a> {
    fn new(ex: Extraction, docs: &'a [Document]) -> Work<'a> {
        let slots = vec![Slot::default(); ex.entities.len()];
        Work { ex, slots, docs }
    }

    fn apply(&mut self, op: &Correction) -> Result<(), Problem> {
        match op {
            Correction::Merge { from, into } => self.merge(from, into),
            Correction::Rename { entity, to } => self.rename(entity, to),
            Correction::SetKind { entity, kind } => self.set_kind(entity, *kind),
            Correction::Hide { entity } => self.set_hidden(entity, true),
            Correction::Unhide { entity } => self.set_hidden(entity, false),
            Correction::AddAlias { entity, alias } => self.add_alias(entity, alias),
            Correction::SplitAlias { entity, alias } => self.split_alias(entity, alias),
        }
    }

    /// The entity called `name`: canonical names before aliases, exact
    /// spelling before other case, then the first by id.
    fn find(&self, name: &str) -> Result<usize, Problem> {
        let wanted = name.trim();
        let rank = |e: &Entity| {
            let names = std::iter::once(&e.name).chain(&e.aliases);
            names
                .enumerate()
                .filter_map(|(i, n)| {
                    let alias = usize::from(i > 0);
                    if n == wanted {
                        Some(2 * alias)
                    } else {
                        same_name(n, wanted).then_some(2 * alias + 1)
                    }
                })
                .min()
        };
        self.live()
            .filter_map(|e| rank(&self.ex.entities[e]).map(|r| (r, e)))
            .min()
            .map(|(_, e)| e)
            .ok_or_else(|| Problem::UnknownEntity(wanted.to_owned()))
    }

    /// Indices of the entities not merged away.
    fn live(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.slots.len()).filter(|&e| !self.slots[e].removed)
    }

    fn merge(&mut self, from: &str, into: &str) -> Result<(), Problem> {
        let (a, b) = (self.find(from)?, self.find(into)?);
        if a == b {
            return Err(Problem::SameEntity(from.to_owned(), into.to_owned()));
        }
        let gone = self.ex.entities[a].clone();
        let names: Vec<String> = std::iter::once(gone.name).chain(gone.aliases).collect();
        let old = std::mem::take(&mut self.slots[a]);
        let target = &mut self.ex.entities[b];
        target.aliases.extend(names.iter().cloned());
        target.aliases.sort();
        target.aliases.dedup();
        target.roles.extend(gone.roles);
        self.slots[b]
            .touch()
            .extend(names.into_iter().chain(old.touched.into_iter().flatten()));
        self.slots[a].removed = true;
        remap(&mut self.ex, |e| if e == a { b } else { e });
        Ok(())
    }

    fn rename(&mut self, entity: &str, to: &str) -> Result<(), Problem> {
        let e = self.find(entity)?;
        let to = non_empty(to)?;
        let old = std::mem::replace(&mut self.ex.entities[e].name, to.to_owned());
        self.ex.entities[e].id = self.unique_id(to, self.ex.entities[e].kind, Some(e));
        insert_sorted(&mut self.ex.entities[e].aliases, &old);
        self.slots[e].touch().insert(old);
        Ok(())
    }

    fn set_kind(&mut self, entity: &str, kind: Kind) -> Result<(), Problem> {
        let e = self.find(entity)?;
        self.ex.entities[e].kind = kind;
        self.slots[e].touch();
        Ok(())
    }

    fn set_hidden(&mut self, entity: &str, hidden: bool) -> Result<(), Problem> {
        let e = self.find(entity)?;
        self.slots[e].hidden = hidden;
        Ok(())
    }

    /// A slug id for `name` that no other live entity has: the slug, else
    /// with the kind added, else numbered.
    fn unique_id(&self, name: &str, kind: Kind, except: Option<usize>) -> String {
        let taken: HashSet<&str> = self
            .live()
            .filter(|&e| Some(e) != except)
            .map(|e| self.ex.entities[e].id.as_str())
            .collect();
        let base = crate::slug(name);
        let with_kind = format!("{base}-{}", kind.as_str());
        let numbered = (2..).map(|n| format!("{with_kind}-{n}"));
        [base, with_kind.clone()]
            .into_iter()
            .chain(numbered)
            .find(|id| !taken.contains(id.as_str()))
            .unwrap_or_default()
    }

    fn add_alias(&mut self, entity: &str, alias: &str) -> Result<(), Problem> {
        let e = self.find(entity)?;
        let alias = non_empty(alias)?;
        insert_sorted(&mut self.ex.entities[e].aliases, alias);
        self.slots[e].touch().insert(alias.to_owned());
        let found = occurrences(&self.ex, self.docs, alias, e);
        self.ex.mentions.extend(found);
        self.ex
            .mentions
            .sort_by_key(|m| (m.doc(), m.start(), m.end()));
        Ok(())
    }

    fn split_alias(&mut self, entity: &str, alias: &str) -> Result<(), Problem> {
        let e = self.find(entity)?;
        let alias = non_empty(alias)?;
        let original = &self.ex.entities[e];
        if same_name(&original.name, alias) {
            return Err(Problem::OwnName(alias.to_owned()));
        }
        let (forms, kept): (Vec<String>, Vec<String>) = original
            .aliases
            .iter()
            .cloned()
            .partition(|a| same_name(a, alias));
        let Some(name) = forms.first().cloned() else {
            return Err(Problem::NotAnAlias {
                entity: original.name.clone(),
                alias: alias.to_owned(),
            });
        };
        let kind = original.kind;
        self.ex.entities[e].aliases = kept;
        if let Some(given) = &mut self.slots[e].touched {
            given.retain(|g| !forms.contains(g));
        }
        let new = self.add_entity(Entity {
            id: self.unique_id(&name, kind, None),
            name,
            kind,
            aliases: forms.clone(),
            roles: Vec::new(),
        });
        let docs = self.docs;
        for m in self.ex.mentions.iter_mut().filter(|m| m.entity() == e) {
            if mention_text(docs, m).is_some_and(|t| forms.iter().any(|f| f == t)) {
                m.set_entity(new);
            }
        }
        Ok(())
    }

    fn add_entity(&mut self, entity: Entity) -> usize {
        self.ex.entities.push(entity);
        self.slots.push(Slot {
            touched: Some(BTreeSet::new()),
            ..Slot::default()
        });
        self.ex.entities.len() - 1
    }

    /// Drops merged entities, sorts entities by id and mentions by position,
    /// and renumbers every index.
    fn finish(self) -> Corrected {
        let Work { mut ex, slots, .. } = self;
        let mut new_index = vec![usize::MAX; slots.len()];
        let mut rows: Vec<(usize, Entity, Slot)> = std::mem::take(&mut ex.entities)
            .into_iter()
            .zip(slots)
            .enumerate()
            .filter(|(_, (_, slot))| !slot.removed)
            .map(|(old, (entity, slot))| (old, entity, slot))
            .collect();
        rows.sort_by(|a, b| a.1.id.cmp(&b.1.id));
        for (new, (old, _, _)) in rows.iter().enumerate() {
            new_index[*old] = new;
        }
        let mut corrected = Corrected::default();
        for (new, (_, entity, slot)) in rows.into_iter().enumerate() {
            if slot.hidden {
                corrected.hidden.insert(new);
            }
            if let Some(given) = slot.touched {
                corrected.touched.insert(new, given);
            }
            ex.entities.push(entity);
        }
        remap(&mut ex, |e| new_index[e]);
        ex.mentions.sort_by_key(|m| (m.doc(), m.start(), m.end()));
        for entity in &mut ex.entities {
            entity.roles.sort();
            entity.roles.dedup();
        }
        corrected.extraction = ex;
        corrected
    }
}

/// Whether two names are equal ignoring case.
fn same_name(a: &str, b: &str) -> bool {
    a.chars()
        .flat_map(char::to_lowercase)
        .eq(b.chars().flat_map(char::to_lowercase))
}

fn non_empty(name: &str) -> Result<&str, Problem> {
    Some(name.trim())
        .filter(|n| !n.is_empty())
        .ok_or(Problem::EmptyName)
}

fn insert_sorted(list: &mut Vec<String>, item: &str) {
    if let Err(at) = list.binary_search_by(|x| x.as_str().cmp(item)) {
        list.insert(at, item.to_owned());
    }
}

/// The text of a mention, if the documents hold it.
fn mention_text<'d>(docs: &'d [Document], m: &Mention) -> Option<&'d str> {
    docs.get(m.doc())?.text.get(m.range())
}

/// Whole-word occurrences of `alias` in the extracted sentences of every
/// document that overlap no mention, as mentions of `entity`.
fn occurrences(ex: &Extraction, docs: &[Document], alias: &str, entity: usize) -> Vec<Mention> {
    let mut found = Vec::new();
    for (doc, (sentences, document)) in ex.sentences.iter().zip(docs).enumerate() {
        let covered = covered_spans(ex.mentions_in(doc));
        for (sentence, s) in sentences.iter().enumerate() {
            let Some(slice) = document.text.get(s.range.clone()) else {
                continue;
            };
            for (offset, _) in slice.match_indices(alias) {
                let (start, end) = (s.range.start + offset, s.range.start + offset + alias.len());
                if whole_word(&document.text, start, end) && !overlaps(&covered, start, end) {
                    found.push(Mention::new(entity, doc, sentence, start..end));
                }
            }
        }
    }
    found
}

/// The byte spans the mentions cover, merged where they overlap, in order.
fn covered_spans(mentions: &[Mention]) -> Vec<(usize, usize)> {
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for m in mentions {
        match spans.last_mut() {
            Some(last) if m.start() < last.1 => last.1 = last.1.max(m.end()),
            _ => spans.push((m.start(), m.end())),
        }
    }
    spans
}

fn overlaps(covered: &[(usize, usize)], start: usize, end: usize) -> bool {
    let before = covered.partition_point(|s| s.0 < end);
    before > 0 && covered[before - 1].1 > start
}

/// Whether `text[start..end]` is not part of a longer word.
fn whole_word(text: &str, start: usize, end: usize) -> bool {
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    !word(text[..start].chars().next_back()) && !word(text[end..].chars().next())
}

/// How the entities of two extractions of one corpus correspond, such as
/// the extractions before and after a correction (or its undo).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lineage {
    /// For each entity after, the entity before that it continues: the one
    /// with the same id, else (a renamed entity) the entity that disappeared
    /// whose mentions it holds most of. An entity split off continues none.
    pub before: Vec<Option<usize>>,
    /// For each entity before, the entity after that it became: the one
    /// with the same id, else (merged or renamed) the one holding most of
    /// its mentions.
    pub after: Vec<Option<usize>>,
}

/// The [`Lineage`] from `before` to `after`, two extractions of the same
/// corpus.
pub fn lineage(before: &Extraction, after: &Extraction) -> Lineage {
    let same_id = |from: &Extraction, to: &Extraction| -> Vec<Option<usize>> {
        let ids = from.entities.iter().map(|e| to.entity_index(&e.id));
        ids.collect()
    };
    let (mut back, mut forth) = (same_id(after, before), same_id(before, after));
    let shared = shared_mentions(before, after);
    let best = |pairs: &mut dyn Iterator<Item = (usize, usize)>| {
        // The most shared mentions, then the smaller index.
        pairs
            .max_by_key(|&(e, n)| (n, std::cmp::Reverse(e)))
            .map(|p| p.0)
    };
    for (a, slot) in back.iter_mut().enumerate().filter(|(_, s)| s.is_none()) {
        let vanished = shared
            .iter()
            .filter(|&(&(b, to), _)| to == a && forth[b].is_none());
        *slot = best(&mut vanished.map(|(&(b, _), &n)| (b, n)));
    }
    for (b, slot) in forth.iter_mut().enumerate().filter(|(_, s)| s.is_none()) {
        let heirs = shared.range((b, 0)..=(b, usize::MAX));
        *slot = best(&mut heirs.map(|(&(_, a), &n)| (a, n)));
    }
    Lineage {
        before: back,
        after: forth,
    }
}

/// For each pair (entity before, entity after), the number of mentions
/// (the same document and span) the two have in common.
fn shared_mentions(before: &Extraction, after: &Extraction) -> BTreeMap<(usize, usize), usize> {
    let owner: HashMap<(usize, usize, usize), usize> = after
        .mentions
        .iter()
        .map(|m| ((m.doc(), m.start(), m.end()), m.entity()))
        .collect();
    let mut shared = BTreeMap::new();
    for m in &before.mentions {
        if let Some(&a) = owner.get(&(m.doc(), m.start(), m.end())) {
            *shared.entry((m.entity(), a)).or_insert(0) += 1;
        }
    }
    shared
}

/// Explains the table [`to_gazetteer`] writes.
const GAZETTEER_HEADER: &str = "\
# User gazetteer for newsgraph, written from corrections of an extraction.
# Load it with `newsgraph --gazetteer FILE` (or in the app) to apply the
# same merges, names and kinds to another corpus.
#
# Format: UTF-8, one entry per line, cells separated by a single TAB character
# (not spaces). Lines starting with # are comments; blank lines are ignored.
# The first non-comment line is the header. Cells holding several values
# separate them with | and no spaces around it.
#
# Columns:
#   kind     country, official, person, organization or place.
#   name     the name in the graph. A built-in entry with this name, or named
#            by one of the aliases, becomes this entry.
#   aliases  the names the corrections gave the entity (merged entities,
#            former names, added aliases); matched case-sensitively on whole
#            words.

kind\tname\taliases
";

/// The entities the corrections changed, as a user gazetteer table (the
/// format of `assets/gazetteer/`, columns `kind`, `name`, `aliases`), rows
/// sorted by name. Each row's aliases are the names the corrections gave the
/// entity that it still has.
pub fn to_gazetteer(corrected: &Corrected) -> String {
    let rows: BTreeSet<(String, &str, String)> = corrected
        .touched
        .iter()
        .filter_map(|(&e, given)| {
            let entity = corrected.extraction.entities.get(e)?;
            let name = collapse_whitespace(&entity.name);
            let aliases: BTreeSet<String> = given
                .iter()
                .filter(|g| entity.aliases.contains(g) && !g.contains('|'))
                .map(|g| collapse_whitespace(g))
                .filter(|g| !g.is_empty() && *g != name)
                .collect();
            let aliases = aliases.into_iter().collect::<Vec<_>>().join("|");
            (!name.is_empty()).then_some((name, entity.kind.as_str(), aliases))
        })
        .collect();
    let mut out = GAZETTEER_HEADER.to_owned();
    for (name, kind, aliases) in rows {
        out.push_str(&format!("{kind}\t{name}\t{aliases}\n"));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::assets::AssetSource;
    use crate::corpus::{LoadOptions, Source, load_sources};
    use crate::extract::Knowledge;
    use crate::pipeline::{Analysis, Settings};

    fn analysis(text: &str) -> Analysis {
        static K: std::sync::OnceLock<Knowledge> = std::sync::OnceLock::new();
        let k = K.get_or_init(|| Knowledge::load(&AssetSource::Embedded).unwrap());
        let source = Source {
            path: "a.txt".into(),
            bytes: text.as_bytes().to_vec(),
        };
        let corpus = load_sources(&[source], &LoadOptions::default()).unwrap();
        Analysis::run(corpus, k, &Settings::default(), &()).unwrap()
    }

    fn run(a: &Analysis, ops: Vec<Correction>) -> Corrected {
        apply(&a.extraction, &a.corpus.documents, &Corrections::from(ops))
    }

    fn names(c: &Corrected) -> Vec<&str> {
        let entities = &c.extraction.entities;
        entities.iter().map(|e| e.name.as_str()).collect()
    }

    const TEXT: &str = "Report\n\nChile and Peru met. Chile and Bolivia talked. \
                        The chilean side and Peru agreed in Lima.";

    #[test]
    fn no_corrections_change_nothing() {
        let a = analysis(TEXT);
        let c = run(&a, Vec::new());
        assert_eq!(c.extraction, a.extraction);
        assert!(c.hidden.is_empty() && c.unapplied.is_empty() && c.touched.is_empty());
    }

    #[test]
    fn names_are_found_by_alias_and_case() {
        let a = analysis(TEXT);
        let c = run(
            &a,
            vec![Correction::Hide {
                entity: " chile ".into(),
            }],
        );
        let chile = c.extraction.entity_index("chile").unwrap();
        assert_eq!(c.hidden, [chile].into());
    }

    #[test]
    fn merging_moves_mentions_and_keeps_the_sort_order() {
        let a = analysis(TEXT);
        let c = run(
            &a,
            vec![Correction::Merge {
                from: "Peru".into(),
                into: "Bolivia".into(),
            }],
        );
        assert!(!names(&c).contains(&"Peru"));
        let bolivia = c.extraction.entity_index("bolivia").unwrap();
        assert_eq!(c.extraction.mention_counts()[bolivia], 3);
        assert_eq!(c.extraction.entities[bolivia].aliases, ["Bolivia", "Peru"]);
        let ids: Vec<&str> = c
            .extraction
            .entities
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        assert!(ids.is_sorted());
    }

    #[test]
    fn adding_an_alias_finds_whole_words_outside_mentions() {
        let a = analysis(TEXT);
        let c = run(
            &a,
            vec![Correction::AddAlias {
                entity: "Chile".into(),
                alias: "chilean".into(),
            }],
        );
        let chile = c.extraction.entity_index("chile").unwrap();
        assert_eq!(c.extraction.mention_counts()[chile], 3);
        let added = c
            .extraction
            .mentions
            .iter()
            .find(|m| &a.corpus.documents[0].text[m.range()] == "chilean")
            .unwrap();
        assert_eq!(added.entity(), chile);
        let sentence = &c.extraction.sentences[0][added.sentence()];
        assert!(sentence.range.contains(&added.start()));
        let none = run(
            &a,
            vec![Correction::AddAlias {
                entity: "Chile".into(),
                alias: "Chil".into(),
            }],
        );
        assert_eq!(none.extraction.mentions, a.extraction.mentions);
    }

    #[test]
    fn covered_spans_merge_and_answer_overlaps() {
        let m = |start, end| Mention::new(0, 0, 0, start..end);
        let spans = covered_spans(&[m(0, 5), m(3, 8), m(10, 12)]);
        assert_eq!(spans, [(0, 8), (10, 12)]);
        assert!(overlaps(&spans, 7, 9));
        assert!(!overlaps(&spans, 8, 10));
        assert!(overlaps(&spans, 11, 20));
        assert!(!overlaps(&spans, 12, 20));
    }

    #[test]
    fn bad_corrections_are_reported_in_order() {
        let a = analysis(TEXT);
        let c = run(
            &a,
            vec![
                Correction::Merge {
                    from: "Chile".into(),
                    into: "chile".into(),
                },
                Correction::Rename {
                    entity: "Peru".into(),
                    to: "  ".into(),
                },
                Correction::SplitAlias {
                    entity: "Peru".into(),
                    alias: "Peru".into(),
                },
                Correction::SplitAlias {
                    entity: "Peru".into(),
                    alias: "Chile".into(),
                },
            ],
        );
        let problems: Vec<String> = c.unapplied.iter().map(|u| u.problem.to_string()).collect();
        assert_eq!(
            problems,
            [
                "“Chile” and “chile” are the same entity",
                "the new name is empty",
                "“Peru” is the entity's own name; rename the entity first",
                "“Chile” is not a name of “Peru”",
            ]
        );
        assert_eq!(c.extraction, a.extraction);
    }

    #[test]
    fn renaming_to_a_taken_slug_keeps_ids_unique() {
        let a = analysis(TEXT);
        let c = run(
            &a,
            vec![Correction::Rename {
                entity: "Peru".into(),
                to: "Chile".into(),
            }],
        );
        let ids: Vec<&str> = c
            .extraction
            .entities
            .iter()
            .map(|e| e.id.as_str())
            .collect();
        assert_eq!(ids, ["bolivia", "chile", "chile-country", "lima"]);
    }

    #[test]
    fn lineage_follows_merges_renames_and_splits() {
        let a = analysis(TEXT);
        let before = &a.extraction;
        let index = |ex: &Extraction, id: &str| ex.entity_index(id).unwrap();
        let merged = run(
            &a,
            vec![Correction::Merge {
                from: "Peru".into(),
                into: "Bolivia".into(),
            }],
        )
        .extraction;
        let l = lineage(before, &merged);
        let bolivia = index(&merged, "bolivia");
        assert_eq!(l.after[index(before, "peru")], Some(bolivia));
        assert_eq!(l.before[bolivia], Some(index(before, "bolivia")));
        // Undoing the merge: Peru comes back and continues nothing shown.
        let undone = lineage(&merged, before);
        assert_eq!(undone.before[index(before, "peru")], None);
        assert_eq!(undone.after[bolivia], Some(index(before, "bolivia")));

        let renamed = run(
            &a,
            vec![Correction::Rename {
                entity: "Chile".into(),
                to: "Republic of Chile".into(),
            }],
        )
        .extraction;
        let l = lineage(before, &renamed);
        let republic = index(&renamed, "republic-of-chile");
        assert_eq!(l.before[republic], Some(index(before, "chile")));
        assert_eq!(l.after[index(before, "chile")], Some(republic));

        let alias = Correction::AddAlias {
            entity: "Chile".into(),
            alias: "chilean".into(),
        };
        let aliased = run(&a, vec![alias.clone()]).extraction;
        let split = Correction::SplitAlias {
            entity: "Chile".into(),
            alias: "chilean".into(),
        };
        let parted = run(&a, vec![alias, split]).extraction;
        let l = lineage(&aliased, &parted);
        assert_eq!(l.before[index(&parted, "chilean")], None);
        assert_eq!(
            l.before[index(&parted, "chile")],
            Some(index(&aliased, "chile"))
        );
    }

    #[test]
    fn history_undoes_and_redoes() {
        let mut h = Corrections::default();
        let op = Correction::Hide {
            entity: "Peru".into(),
        };
        assert!(!h.can_undo() && h.undo().is_none());
        h.apply(op.clone());
        assert_eq!(h.undo_label().as_deref(), Some("Undo Hide “Peru”"));
        assert_eq!(h.undo(), Some(op.clone()));
        assert!(h.can_redo() && !h.can_undo());
        assert_eq!(h.redo_label().as_deref(), Some("Redo Hide “Peru”"));
        assert_eq!(h.redo(), Some(op.clone()));
        h.undo();
        h.apply(Correction::Unhide {
            entity: "Peru".into(),
        });
        assert!(!h.can_redo());
    }

    #[test]
    fn corrections_serialise_tagged() {
        let c = Corrections::from(vec![Correction::SetKind {
            entity: "Lima".into(),
            kind: Kind::Country,
        }]);
        let json = serde_json::to_string(&c).unwrap();
        assert_eq!(
            json,
            r#"{"ops":[{"op":"set_kind","entity":"Lima","kind":"country"}]}"#
        );
        assert_eq!(serde_json::from_str::<Corrections>(&json).unwrap(), c);
    }
}
