//! Resolves what the recognizer found in every document into one set of
//! entities for the corpus:
//!
//! * gazetteer matches are their entry (capitals used for their state were
//!   already mapped to the country);
//! * people's full names are clustered by the rule in [`super::names`], and
//!   linked to known officials;
//! * a surname written alone ("Blinken", "Mr Putin", "President Biden") goes
//!   to the person of that surname named in the same document (the nearest
//!   one before it if there are several), else to the only such person in
//!   the corpus; with no evidence either way a titled surname becomes its own
//!   entity and a bare capitalised word is not a mention;
//! * an acronym ("TSP") goes to an organization in the same document whose
//!   initials it is ("True Story Project");
//! * organizations and places found by rule are one entity per name.

use std::collections::{BTreeMap, BTreeSet};

use rayon::iter::{
    IndexedParallelIterator, IntoParallelIterator, IntoParallelRefIterator,
    IntoParallelRefMutIterator, ParallelExtend, ParallelIterator,
};
use rayon::slice::{ParallelSlice, ParallelSliceMut};
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::knowledge::{Kind, Knowledge};
use super::names;
use super::recognize::{
    Candidate, DocFindings, Found, Owner, PersonName, RawRole, Ref, split_name,
};
use crate::corpus::{Document, collapse_whitespace};
use crate::parallel::{first_of_each, prefault, task_len};

/// An office: a title and, when the text says so, whose office it is.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Role {
    pub title: String,
    /// Index of the country or organization the office belongs to.
    pub of: Option<usize>,
}

/// A resolved entity.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Stable id: a slug of the canonical name.
    pub id: String,
    /// Canonical name.
    pub name: String,
    pub kind: Kind,
    /// Every surface form seen in the corpus, sorted.
    pub aliases: Vec<String>,
    pub roles: Vec<Role>,
}

/// A mention of an entity: a byte range of a document's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mention {
    entity: u32,
    doc: u32,
    sentence: u32,
    start: u32,
    end: u32,
}

impl Mention {
    /// A mention of `entity` at bytes `range` of sentence `sentence` of
    /// document `doc`. Kept in 32 bits (a large corpus has millions of
    /// mentions): no document reaches 4 GB (see
    /// [`crate::corpus::MAX_DOCUMENT_BYTES`]), nor does any count.
    pub fn new(entity: usize, doc: usize, sentence: usize, range: Range<usize>) -> Mention {
        Mention {
            entity: entity as u32,
            doc: doc as u32,
            sentence: sentence as u32,
            start: range.start as u32,
            end: range.end as u32,
        }
    }

    /// The index of the entity mentioned.
    pub fn entity(&self) -> usize {
        self.entity as usize
    }

    /// Points the mention at another entity.
    pub fn set_entity(&mut self, entity: usize) {
        self.entity = entity as u32;
    }

    /// The document's index.
    pub fn doc(&self) -> usize {
        self.doc as usize
    }

    /// Index of the sentence in the document's sentence list.
    pub fn sentence(&self) -> usize {
        self.sentence as usize
    }

    /// The mention's bytes in the document.
    pub fn range(&self) -> Range<usize> {
        self.start as usize..self.end as usize
    }

    /// The mention's first byte.
    pub fn start(&self) -> usize {
        self.start as usize
    }

    /// The byte after the mention.
    pub fn end(&self) -> usize {
        self.end as usize
    }
}

/// An office stated for a person in one sentence ("German Foreign Minister
/// Annalena Baerbock", "Jens Stoltenberg, NATO Secretary General").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatedRole {
    /// The entity holding the office.
    pub holder: usize,
    pub title: String,
    /// The country or organization whose office it is, when stated.
    pub owner: Option<usize>,
    pub doc: usize,
    /// Index of the sentence in the document's sentence list.
    pub sentence: usize,
    /// Bytes of the phrase that states it: owner, title and name.
    pub span: Range<usize>,
}

/// Entities sorted by id, mentions sorted by document and position, and the
/// roles stated in each sentence, in corpus order.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Resolved {
    pub entities: Vec<Entity>,
    pub mentions: Vec<Mention>,
    pub stated_roles: Vec<StatedRole>,
}

/// What a mention resolves to before entity ids exist.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
enum Key {
    Entry(usize),
    Org(String),
    Place(String),
    Person(usize),
}

/// Accumulates one entity.
#[derive(Debug)]
struct Builder {
    key: Key,
    kind: Kind,
    /// The distinct names it was written with, sorted, and the most
    /// frequent (the first seen of equals): filled once the first pass is
    /// done.
    names: Vec<String>,
    most_written: Option<String>,
    /// Surface forms, sorted: filled from the mentions once all are known.
    aliases: Vec<String>,
    /// Offices stated for it, each once, in the order first stated: filled
    /// from the stated roles when the entities are finished.
    roles: Vec<(String, Option<Key>)>,
    titled: bool,
}

/// A role as stated, with the holder's entity index before renumbering.
struct Stated {
    holder: usize,
    role: Box<RawRole>,
    owner: Option<Key>,
    doc: usize,
    sentence: usize,
}

/// All entities under construction, by key.
#[derive(Default)]
struct Registry {
    index: HashMap<Key, usize>,
    builders: Vec<Builder>,
    mentions: Vec<Mention>,
    /// Roles as stated, with the holder's entity index before renumbering.
    stated: Vec<Stated>,
    /// The names mentions were written with (entity, name), in corpus
    /// order, to be counted in [`Registry::count_written`].
    written: Vec<(usize, String)>,
}

impl Registry {
    /// An empty registry with room for every mention of `findings`: the
    /// list is large on a large corpus, and growing it would copy it.
    fn for_findings(findings: &[DocFindings]) -> Registry {
        let mentions = findings
            .par_iter()
            .map(|f| f.found.len() + f.surnames.len() + f.acronyms.len())
            .sum();
        let mut mentions = Vec::with_capacity(mentions);
        prefault(&mut mentions, Mention::new(0, 0, 0, 0..0));
        Registry {
            mentions,
            ..Registry::default()
        }
    }

    /// The entity of `key`, new (of kind `kind`) if the key is.
    fn entity(&mut self, key: &Key, kind: Kind) -> usize {
        if let Some(&entity) = self.index.get(key) {
            return entity;
        }
        let entity = self.builders.len();
        self.index.insert(key.clone(), entity);
        self.builders.push(Builder {
            key: key.clone(),
            kind,
            names: Vec::new(),
            most_written: None,
            aliases: Vec::new(),
            roles: Vec::new(),
            titled: false,
        });
        entity
    }

    fn mention(&mut self, key: Key, kind: Kind, doc: usize, range: Range<usize>, sentence: usize) {
        let entity = self.entity(&key, kind);
        self.mentions
            .push(Mention::new(entity, doc, sentence, range));
    }

    /// The first pass over the findings: every finding but the surnames
    /// and acronyms left for the second becomes a mention; entities are
    /// numbered in corpus order. Returns where each document's mentions lie
    /// in the list.
    fn first_pass(
        &mut self,
        k: &Knowledge,
        people: &mut People,
        docs: &[Document],
        findings: &mut [DocFindings],
        full_clusters: &[Vec<usize>],
    ) -> Vec<Range<usize>> {
        let entities = self.number_all(k, people, docs, findings, full_clusters);
        let start = self.mentions.len();
        let mut end = start;
        let ranges: Vec<Range<usize>> = findings
            .iter()
            .map(|f| {
                end += f.found.len();
                end - f.found.len()..end
            })
            .collect();
        self.mentions.resize(end, Mention::new(0, 0, 0, 0..0));
        let runs = runs_of(&mut self.mentions[start..], &ranges);
        // Each document's mentions are written in place, in parallel, and
        // its findings released, so that the findings and the entities are
        // not both held in full.
        let passes: Vec<FirstPass> = findings
            .par_iter_mut()
            .with_max_len(task_len(docs.len()))
            .zip(entities)
            .zip(runs)
            .enumerate()
            .fold(
                FirstPass::default,
                |mut pass, (doc, ((f, entities), run))| {
                    let found = std::mem::take(&mut f.found);
                    pass.add(doc, &docs[doc].text, found, &entities, run);
                    pass
                },
            )
            .collect();
        // Sized once, as the lists are large on a large corpus.
        self.written
            .reserve_exact(passes.iter().map(|p| p.written.len()).sum());
        self.stated
            .reserve_exact(passes.iter().map(|p| p.stated.len()).sum());
        for pass in passes {
            self.written.par_extend(pass.written);
            for entity in pass.titled {
                self.builders[entity].titled = true;
            }
            self.stated.par_extend(pass.stated);
        }
        ranges
    }

    /// The entity of every finding of every document. Each document is
    /// keyed on its own, in parallel; only numbering the keys and resolving
    /// the surnames written alone go in corpus order. The documents are
    /// keyed a slice at a time, so that only two slices' keys are held: the
    /// next slice is keyed while this one is numbered.
    fn number_all(
        &mut self,
        k: &Knowledge,
        people: &mut People,
        docs: &[Document],
        findings: &[DocFindings],
        full_clusters: &[Vec<usize>],
    ) -> Vec<Vec<u32>> {
        const SLICE: usize = 4096;
        let key_slice = |first: usize| -> Vec<DocKeys> {
            (first..(first + SLICE).min(findings.len()))
                .into_par_iter()
                .map(|d| DocKeys::of(k, &docs[d].text, &findings[d].found, &full_clusters[d]))
                .collect()
        };
        let mut entities = Vec::with_capacity(findings.len());
        let mut keys = key_slice(0);
        for first in (0..findings.len()).step_by(SLICE) {
            let current = std::mem::take(&mut keys);
            let number_current = || {
                for (doc, keys) in (first..).zip(current) {
                    entities.push(self.number(people, keys, &findings[doc].found, doc));
                }
            };
            keys = rayon::join(|| key_slice(first + SLICE), number_current).0;
        }
        entities
    }

    /// The entity of each of one document's findings (`found`, keyed as
    /// `keys`): keys are numbered in order of first finding, surnames
    /// written alone resolved in order.
    fn number(
        &mut self,
        people: &mut People,
        keys: DocKeys,
        found: &[Found],
        doc: usize,
    ) -> Vec<u32> {
        let mut entity_of: Vec<Option<usize>> = vec![None; keys.distinct.len()];
        let mut surnames = keys.surnames;
        keys.pending
            .iter()
            .zip(found)
            .map(|(&pending, f)| {
                let entity = match pending {
                    Pending::Known(local) => {
                        let local = local as usize;
                        *entity_of[local].get_or_insert_with(|| {
                            let (key, kind) = &keys.distinct[local];
                            self.entity(key, *kind)
                        })
                    }
                    Pending::Surname(i) => {
                        let (key, initial) = std::mem::take(&mut surnames[i as usize]);
                        let position = f.span.start();
                        let cluster = people
                            .resolve_surname(&key, initial, doc, position)
                            .unwrap_or_else(|| people.surname_cluster(key, doc, position));
                        self.entity(&Key::Person(cluster), Kind::Person)
                    }
                };
                entity as u32
            })
            .collect()
    }

    /// Gives each entity the distinct names it was written with and the
    /// most frequent of them, the first seen of equals.
    fn count_written(&mut self) {
        let written = std::mem::take(&mut self.written);
        let counts = count_distinct(&written, |(entity, name)| (*entity, name.as_str()));
        let mut best: HashMap<usize, (&str, usize, usize)> = HashMap::default();
        for (&(entity, name), &(count, first)) in &counts {
            self.builders[entity].names.push(name.to_owned());
            let top = best.entry(entity).or_insert((name, count, first));
            if (count, std::cmp::Reverse(first)) > (top.1, std::cmp::Reverse(top.2)) {
                *top = (name, count, first);
            }
        }
        for (entity, (name, _, _)) in best {
            self.builders[entity].most_written = Some(name.to_owned());
        }
        for b in &mut self.builders {
            b.names.sort_unstable();
        }
    }

    /// Gives each entity the offices stated for it, each once, in the order
    /// first stated.
    fn collect_roles(&mut self) {
        let firsts = first_of_each(&self.stated, |s| {
            (s.holder, s.role.title.as_str(), s.owner.as_ref())
        });
        for s in firsts {
            self.builders[s.holder]
                .roles
                .push((s.role.title.clone(), s.owner.clone()));
        }
    }

    /// Gives each entity its aliases: the distinct texts of its mentions.
    /// Collected once every mention is known, rather than looked up in a
    /// set for each mention as it comes.
    fn collect_aliases(&mut self, docs: &[Document]) {
        let distinct = count_distinct(&self.mentions, |m| {
            (m.entity(), &docs[m.doc()].text[m.range()])
        });
        for (entity, alias) in distinct.into_keys() {
            self.builders[entity].aliases.push(alias.to_owned());
        }
        for b in &mut self.builders {
            b.aliases.sort_unstable();
        }
    }
}

/// Resolves the findings of every document (in corpus order) into entities.
pub fn resolve(k: &Knowledge, docs: &[Document], findings: &mut [DocFindings]) -> Resolved {
    let mut people = People::new(k);
    people.add_full_names(&keyed_full_names(findings));
    people.merge_similar();
    // Each document's full names' clusters, in order.
    let full_clusters: Vec<Vec<usize>> = people
        .in_doc
        .par_iter()
        .map(|names| names.iter().map(|&(_, cluster)| cluster).collect())
        .collect();
    let mut registry = Registry::for_findings(findings);
    let first_pass = registry.first_pass(k, &mut people, docs, findings, &full_clusters);
    registry.count_written();
    let lone_surnames = resolve_lone_surnames(&people, docs, findings);
    for (doc, (f, surnames)) in findings.iter().zip(lone_surnames).enumerate() {
        let text = &docs[doc].text;
        let start = registry.mentions.len();
        for (cluster, c) in surnames {
            let key = Key::Person(cluster);
            registry.mention(key, Kind::Person, doc, c.range(), c.sentence());
        }
        if !f.acronyms.is_empty() {
            let mut in_doc: Vec<usize> = registry.mentions[first_pass[doc].clone()]
                .iter()
                .chain(&registry.mentions[start..])
                .map(Mention::entity)
                .collect();
            in_doc.sort_unstable();
            in_doc.dedup();
            resolve_acronyms(k, &mut registry, &in_doc, doc, text, &f.acronyms);
        }
    }
    registry.collect_aliases(docs);
    finish(k, registry, &people, &first_pass)
}

/// The person each surname written alone (and left for the second pass)
/// refers to, where the evidence says: each document's, in order, with
/// the cluster of the person. Worked out in parallel, as the people are
/// all known by then.
fn resolve_lone_surnames(
    people: &People,
    docs: &[Document],
    findings: &[DocFindings],
) -> Vec<Vec<(usize, Candidate)>> {
    findings
        .par_iter()
        .with_max_len(task_len(findings.len()))
        .enumerate()
        .map(|(doc, f)| {
            let text = &docs[doc].text;
            let mut key = String::new();
            let mut resolve = |c: &Candidate| {
                names::key_into(&text[c.range()], &mut key);
                if !people.knows_surname(&key) {
                    return None;
                }
                people.resolve_surname(&key, None, doc, c.start())
            };
            f.surnames
                .iter()
                .filter_map(|c| resolve(c).map(|cluster| (cluster, *c)))
                .collect()
        })
        .collect()
}

/// What a finding resolves to, as far as its own document tells.
#[derive(Clone, Copy)]
enum Pending {
    /// The document's distinct key with this index.
    Known(u32),
    /// The document's surname written alone with this index: who it refers
    /// to depends on the people of the documents before.
    Surname(u32),
}

/// A document's findings keyed on their own (in parallel with the other
/// documents): its distinct keys with their kinds, in order of first
/// finding, its surnames written alone (by key, with the initial written
/// before), and what each finding resolves to.
struct DocKeys<'a> {
    distinct: Vec<(Key, Kind)>,
    surnames: Vec<(String, Option<&'a str>)>,
    pending: Vec<Pending>,
}

impl<'a> DocKeys<'a> {
    /// The keys of `found` (in a document whose text is `text`), whose full
    /// names belong to the clusters `clusters` in order.
    fn of(k: &Knowledge, text: &str, found: &'a [Found], clusters: &[usize]) -> DocKeys<'a> {
        let mut index: HashMap<Key, (u32, Kind)> = HashMap::default();
        let mut surnames = Vec::new();
        let mut clusters = clusters.iter();
        let pending = found
            .iter()
            .map(|f| {
                let (key, kind) = match &f.what {
                    Ref::Entry(e) => (Key::Entry(*e), k.entries[*e].kind),
                    Ref::Org => (Key::Org(org_key(&text[f.span.range()])), Kind::Organization),
                    Ref::Place => (Key::Place(text[f.span.range()].to_owned()), Kind::Place),
                    Ref::Person(name) if has_given_name(name) => {
                        let cluster = clusters.next().expect("a cluster for each full name");
                        (Key::Person(*cluster), Kind::Person)
                    }
                    Ref::Person(name) => {
                        surnames.push((names::key(&name.surname), name.given.as_deref()));
                        return Pending::Surname(surnames.len() as u32 - 1);
                    }
                };
                let next = index.len() as u32;
                Pending::Known(index.entry(key).or_insert((next, kind)).0)
            })
            .collect();
        let mut distinct: Vec<(u32, Key, Kind)> = index
            .into_iter()
            .map(|(key, (local, kind))| (local, key, kind))
            .collect();
        distinct.sort_unstable_by_key(|d| d.0);
        DocKeys {
            distinct: distinct
                .into_iter()
                .map(|(_, key, kind)| (key, kind))
                .collect(),
            surnames,
            pending,
        }
    }
}

/// What the first pass over a run of documents gathers beside their
/// mentions.
#[derive(Default)]
struct FirstPass {
    written: Vec<(usize, String)>,
    titled: Vec<usize>,
    stated: Vec<Stated>,
}

impl FirstPass {
    /// Passes over document `doc` (whose text is `text`): its findings
    /// `found`, whose entities are `entities`, become its mentions (written
    /// to `mentions`); what it gathers beside them is added to this run's.
    fn add(
        &mut self,
        doc: usize,
        text: &str,
        found: Vec<Found>,
        entities: &[u32],
        mentions: &mut [Mention],
    ) {
        let each = found.into_iter().zip(entities).zip(mentions);
        for ((found, &entity), mention) in each {
            let entity = entity as usize;
            let (range, sentence) = (found.span.range(), found.span.sentence());
            *mention = Mention::new(entity, doc, sentence, range.clone());
            // Written names compete for their entity's name: those of
            // organizations, places and people's full names.
            let written = match found.what {
                Ref::Entry(_) => None,
                Ref::Org | Ref::Place => Some(text[range.clone()].to_owned()),
                Ref::Person(name) => has_given_name(&name).then(|| display(&name)),
            };
            if let Some(name) = written {
                self.written.push((entity, name));
            }
            if found.titled {
                self.titled.push(entity);
            }
            if let Some(role) = found.role {
                let owner = role.owner.as_ref().map(|o| match o {
                    Owner::Entry(e) => Key::Entry(*e),
                    Owner::Org(name) => Key::Org(org_key(name)),
                });
                self.stated.push(Stated {
                    holder: entity,
                    role,
                    owner,
                    doc,
                    sentence,
                });
            }
        }
    }
}

/// The distinct (entity, text) pairs of `items`, counted in parallel: how
/// often each occurs, and the index of its first occurrence.
fn count_distinct<'a, T: Sync>(
    items: &'a [T],
    pair: impl Fn(&'a T) -> (usize, &'a str) + Sync,
) -> HashMap<(usize, &'a str), (usize, usize)> {
    type Counts<'a> = HashMap<(usize, &'a str), (usize, usize)>;
    const CHUNK: usize = 1 << 14;
    items
        .par_chunks(CHUNK)
        .enumerate()
        .map(|(chunk, items)| {
            let mut counts = Counts::default();
            for (i, item) in items.iter().enumerate() {
                let first = chunk * CHUNK + i;
                counts.entry(pair(item)).or_insert((0, first)).0 += 1;
            }
            counts
        })
        .reduce(Counts::default, |mut a, mut b| {
            if a.len() < b.len() {
                std::mem::swap(&mut a, &mut b);
            }
            for (pair, (count, first)) in b {
                let total = a.entry(pair).or_insert((0, first));
                total.0 += count;
                total.1 = total.1.min(first);
            }
            a
        })
}

/// A full given name, not missing and not an initial.
fn has_given_name(name: &PersonName) -> bool {
    name.given
        .as_deref()
        .is_some_and(|g| names::key(g).len() > 1)
}

/// The key of an organization named by rule: white space collapsed, no leading "the".
fn org_key(name: &str) -> String {
    let collapsed = collapse_whitespace(name);
    collapsed
        .strip_prefix("the ")
        .or_else(|| collapsed.strip_prefix("The "))
        .unwrap_or(&collapsed)
        .to_owned()
}

/// Acronyms that are the initials of an organization named in the same
/// document (whose entities, sorted, are `in_doc`).
fn resolve_acronyms(
    k: &Knowledge,
    registry: &mut Registry,
    in_doc: &[usize],
    doc: usize,
    text: &str,
    acronyms: &[Candidate],
) {
    let mut by_initials: BTreeMap<String, Key> = BTreeMap::new();
    for &entity in in_doc {
        let b = &registry.builders[entity];
        if b.kind != Kind::Organization {
            continue;
        }
        let forms: Vec<&str> = match &b.key {
            Key::Entry(e) => std::iter::once(&k.entries[*e].name)
                .chain(&k.entries[*e].aliases)
                .map(String::as_str)
                .collect(),
            // Organizations found by rule: the names they were written with.
            _ => b.names.iter().map(String::as_str).collect(),
        };
        for form in forms {
            by_initials
                .entry(initials(form))
                .or_insert_with(|| b.key.clone());
        }
    }
    for c in acronyms {
        if let Some(key) = by_initials.get(&text[c.range()]) {
            registry.mention(
                key.clone(),
                Kind::Organization,
                doc,
                c.range(),
                c.sentence(),
            );
        }
    }
}

/// Initials of the capitalised words of a name: "True Story Project" → "TSP".
fn initials(name: &str) -> String {
    name.split([' ', '-'])
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect()
}

// ---------------------------------------------------------------- people

/// A distinct way of writing a full name: keys of given name and surname.
#[derive(Debug)]
struct Form {
    given: Option<String>,
    surname: String,
}

/// One person: the forms merged into it.
#[derive(Debug, Default, Clone)]
struct Cluster {
    official: Option<usize>,
    given: HashSet<String>,
    surnames: HashSet<String>,
}

/// Clusters people's names with a union-find over full-name forms.
struct People {
    parent: Vec<usize>,
    forms: Vec<Form>,
    official_of_form: Vec<Option<usize>>,
    /// Forms by their [`form_key`].
    by_form: HashMap<String, usize>,
    /// One form of each known official, to join text forms to.
    form_of_official: HashMap<usize, usize>,
    /// Full-name mentions of each document as (position, form) until
    /// clusters exist, then as (position, cluster).
    in_doc: Vec<Vec<(usize, usize)>>,
    clusters: Vec<Cluster>,
    cluster_of_form: Vec<usize>,
    surname_index: HashMap<String, Vec<usize>>,
    /// People known only by surname: surname key → cluster.
    surname_only: HashMap<String, usize>,
}

impl People {
    fn new(k: &Knowledge) -> People {
        let mut people = People {
            parent: Vec::new(),
            forms: Vec::new(),
            official_of_form: Vec::new(),
            by_form: HashMap::default(),
            form_of_official: HashMap::default(),
            in_doc: Vec::new(),
            clusters: Vec::new(),
            cluster_of_form: Vec::new(),
            surname_index: HashMap::default(),
            surname_only: HashMap::default(),
        };
        for (e, entry) in k.entries.iter().enumerate() {
            if !matches!(entry.kind, Kind::Official | Kind::Person) {
                continue;
            }
            for form in std::iter::once(&entry.name).chain(&entry.aliases) {
                let name = split_name(form, k);
                let mut key = String::new();
                form_key(&name, &mut key);
                let id = people.form(&name, key);
                people.link_official(id, e);
            }
        }
        people
    }

    /// The form of `name`, whose [`form_key`] is `key` (new if the key is).
    fn form(&mut self, name: &PersonName, key: String) -> usize {
        match self.by_form.get(&key) {
            Some(&id) => id,
            None => self.new_form(name, key),
        }
    }

    fn new_form(&mut self, name: &PersonName, key: String) -> usize {
        let id = self.forms.len();
        self.forms.push(Form {
            given: name.given.as_deref().map(names::key),
            surname: names::key(&name.surname),
        });
        self.official_of_form.push(None);
        self.parent.push(id);
        self.by_form.insert(key, id);
        id
    }

    fn link_official(&mut self, form: usize, official: usize) {
        self.official_of_form[form] = Some(official);
        match self.form_of_official.get(&official) {
            Some(&first) => self.union(first, form),
            None => {
                self.form_of_official.insert(official, form);
            }
        }
    }

    fn find(&mut self, mut x: usize) -> usize {
        while self.parent[x] != x {
            self.parent[x] = self.parent[self.parent[x]];
            x = self.parent[x];
        }
        x
    }

    fn union(&mut self, a: usize, b: usize) {
        let (a, b) = (self.find(a), self.find(b));
        if a != b {
            self.parent[a.max(b)] = a.min(b);
        }
    }

    /// Registers the full names of every document (`names`, with their
    /// positions and form keys): forms are numbered in corpus order of
    /// first writing, and each document's names listed as (position, form).
    ///
    /// Each key's first writing is found in parallel and numbered in order;
    /// every name then finds its form in parallel.
    fn add_full_names(&mut self, names: &[Vec<(usize, &PersonName, String)>]) {
        let all: Vec<&(usize, &PersonName, String)> = names.iter().flatten().collect();
        for (_, name, key) in first_of_each(&all, |n| n.2.as_str()) {
            self.form(name, key.clone());
        }
        self.in_doc = names
            .par_iter()
            .map(|doc| {
                let form = |(position, _, key): &(usize, &PersonName, String)| {
                    (*position, self.by_form[key])
                };
                doc.iter().map(form).collect()
            })
            .collect();
        for (doc, names) in names.iter().enumerate() {
            for (i, (_, name, _)) in names.iter().enumerate() {
                if let Some(e) = name.official {
                    self.link_official(self.in_doc[doc][i].1, e);
                }
            }
        }
    }

    /// Merges forms whose surnames match and given names are compatible
    /// (never two different known officials), then builds the clusters and
    /// the surname index.
    fn merge_similar(&mut self) {
        let mut buckets: HashMap<String, Vec<usize>> = HashMap::default();
        for (id, form) in self.forms.iter().enumerate() {
            for v in names::deletion_variants(&form.surname) {
                buckets.entry(v).or_default().push(id);
            }
        }
        let mut pairs = Vec::new();
        for ids in buckets.values() {
            for (i, &a) in ids.iter().enumerate() {
                for &b in &ids[i + 1..] {
                    if self.similar(a, b) {
                        pairs.push((a, b));
                    }
                }
            }
        }
        for (a, b) in pairs {
            self.union(a, b);
        }
        let mut cluster_of_root: HashMap<usize, usize> = HashMap::default();
        for id in 0..self.forms.len() {
            let root = self.find(id);
            let next = self.clusters.len();
            let cluster = *cluster_of_root.entry(root).or_insert(next);
            if cluster == next {
                self.clusters.push(Cluster::default());
            }
            let c = &mut self.clusters[cluster];
            c.official = c.official.or(self.official_of_form[id]);
            c.given.extend(self.forms[id].given.clone());
            c.surnames.insert(self.forms[id].surname.clone());
            self.cluster_of_form.push(cluster);
        }
        for (cluster, c) in self.clusters.iter().enumerate() {
            for surname in &c.surnames {
                self.surname_index
                    .entry(surname.clone())
                    .or_default()
                    .push(cluster);
            }
        }
        for mentions in &mut self.in_doc {
            for (_, form) in mentions.iter_mut() {
                *form = self.cluster_of_form[*form];
            }
        }
    }

    fn similar(&self, a: usize, b: usize) -> bool {
        let (fa, fb) = (&self.forms[a], &self.forms[b]);
        let (oa, ob) = (self.official_of_form[a], self.official_of_form[b]);
        let officials_differ = oa.is_some() && ob.is_some() && oa != ob;
        !officials_differ
            && names::keys_match(&fa.surname, &fb.surname)
            && names::given_compatible(fa.given.as_deref(), fb.given.as_deref())
    }

    /// Whether any person has a surname with this key.
    fn knows_surname(&self, key: &str) -> bool {
        self.surname_index.contains_key(key) || self.surname_only.contains_key(key)
    }

    /// The person a surname (given by its key) written alone, or after an
    /// initial, refers to, if the evidence says.
    fn resolve_surname(
        &self,
        key: &str,
        initial: Option<&str>,
        doc: usize,
        position: usize,
    ) -> Option<usize> {
        let initial = initial.map(names::key);
        let fits = |c: &usize| {
            let given = &self.clusters[*c].given;
            initial.as_deref().is_none_or(|i| {
                given
                    .iter()
                    .any(|g| names::given_compatible(Some(i), Some(g)))
            })
        };
        let mut candidates: Vec<usize> = self
            .surname_index
            .get(key)
            .into_iter()
            .flatten()
            .copied()
            .chain(self.surname_only.get(key).copied())
            .filter(fits)
            .collect();
        candidates.sort_unstable();
        candidates.dedup();
        let in_doc: Vec<(usize, usize)> = self
            .in_doc
            .get(doc)
            .into_iter()
            .flatten()
            .copied()
            .filter(|(_, c)| candidates.contains(c))
            .collect();
        let before = in_doc
            .iter()
            .filter(|(pos, _)| *pos < position)
            .max_by_key(|(pos, _)| *pos);
        match (before.or(in_doc.first()), candidates.as_slice()) {
            (Some(&(_, c)), _) => Some(c),
            (None, [only]) => Some(*only),
            _ => None,
        }
    }

    /// The person known only by the surname whose key is `key` (created
    /// on first use).
    fn surname_cluster(&mut self, key: String, doc: usize, position: usize) -> usize {
        let next = self.clusters.len();
        let cluster = *self.surname_only.entry(key.clone()).or_insert(next);
        if cluster == next {
            self.clusters.push(Cluster {
                official: None,
                given: HashSet::default(),
                surnames: std::iter::once(key).collect(),
            });
        }
        self.in_doc[doc].push((position, cluster));
        cluster
    }
}

/// Each document's full names (with a given name), in order: where each is
/// written, the name and its form key (worked out in parallel).
fn keyed_full_names(findings: &[DocFindings]) -> Vec<Vec<(usize, &PersonName, String)>> {
    findings
        .par_iter()
        .with_max_len(task_len(findings.len()))
        .map(|f| {
            f.found
                .iter()
                .filter_map(|found| match &found.what {
                    Ref::Person(name) if has_given_name(name) => {
                        let mut key = String::new();
                        form_key(name, &mut key);
                        Some((found.span.start(), &**name, key))
                    }
                    _ => None,
                })
                .collect()
        })
        .collect()
}

/// The keys of a name's given name and surname in one string (keys are
/// letters and digits, so the separators cannot clash).
fn form_key(name: &PersonName, out: &mut String) {
    out.clear();
    match &name.given {
        Some(given) => names::push_key(given, out),
        None => out.push('\u{1}'),
    }
    out.push('\0');
    names::push_key(&name.surname, out);
}

/// "Antony Blinken" (initials dropped); "Xi Jinping" for family-name-first names.
fn display(name: &PersonName) -> String {
    match &name.given {
        Some(g) if names::key(g).len() > 1 && name.surname_first => format!("{} {g}", name.surname),
        Some(g) if names::key(g).len() > 1 => format!("{g} {}", name.surname),
        _ => name.surname.to_string(),
    }
}

// ---------------------------------------------------------------- finishing

/// Gives the entities their names, kinds and ids, sorted by id, and puts
/// the mentions (whose first pass lies in `first_pass` for each document)
/// in document order.
fn finish(
    k: &Knowledge,
    mut registry: Registry,
    people: &People,
    first_pass: &[Range<usize>],
) -> Resolved {
    registry.collect_roles();
    let mut drafts: Vec<(String, Kind)> = Vec::new();
    for b in &registry.builders {
        let name = canonical_name(k, b, people);
        let kind = match &b.key {
            Key::Person(c)
                if people.clusters[*c].official.is_some() || b.titled || !b.roles.is_empty() =>
            {
                Kind::Official
            }
            _ => b.kind,
        };
        drafts.push((name, kind));
    }
    let ids = assign_ids(&drafts);
    let mut order: Vec<usize> = (0..drafts.len()).collect();
    order.sort_by(|&a, &b| ids[a].cmp(&ids[b]));
    let mut new_index = vec![0; drafts.len()];
    for (new, &old) in order.iter().enumerate() {
        new_index[old] = new;
    }
    let key_to_new: HashMap<&Key, usize> = registry
        .index
        .iter()
        .map(|(key, &e)| (key, new_index[e]))
        .collect();
    let entities = order
        .iter()
        .map(|&old| {
            let b = &registry.builders[old];
            let (name, kind) = &drafts[old];
            Entity {
                id: ids[old].clone(),
                name: name.clone(),
                kind: *kind,
                aliases: b.aliases.clone(),
                roles: roles(&b.roles, &key_to_new),
            }
        })
        .collect();
    // Renumbered in place: on a large corpus the mentions are the biggest list.
    let mut mentions = std::mem::take(&mut registry.mentions);
    mentions
        .par_iter_mut()
        .for_each(|m| m.set_entity(new_index[m.entity()]));
    order_mentions(&mut mentions, first_pass);
    let stated = std::mem::take(&mut registry.stated);
    let mut stated_roles: Vec<StatedRole> = stated
        .into_par_iter()
        .map(|s| {
            let RawRole { title, span, .. } = *s.role;
            StatedRole {
                holder: new_index[s.holder],
                title,
                owner: s.owner.as_ref().and_then(|o| key_to_new.get(o).copied()),
                doc: s.doc,
                sentence: s.sentence,
                span,
            }
        })
        .collect();
    stated_roles.par_sort_by_key(|r| (r.doc, r.sentence, r.span.start));
    Resolved {
        entities,
        mentions,
        stated_roles,
    }
}

/// Sorts the mentions by document and position, stably (of two at one
/// place, the one found first comes first). Each document's mentions of the
/// first pass lie together (`first_pass`), in document order, so each
/// document's are sorted on their own, in parallel; the few of the second
/// pass, listed after all of those, are sorted and merged in from the back.
fn order_mentions(mentions: &mut Vec<Mention>, first_pass: &[Range<usize>]) {
    let key = |m: &Mention| (m.doc, m.start, m.end);
    let mut later = mentions.split_off(first_pass.last().map_or(0, |r| r.end));
    runs_of(mentions, first_pass)
        .into_par_iter()
        .for_each(|run| run.sort_by_key(key));
    later.sort_by_key(key);
    let mut read = mentions.len();
    mentions.extend_from_slice(&later);
    let mut write = mentions.len();
    while let Some(&last) = later.last() {
        write -= 1;
        if read > 0 && key(&mentions[read - 1]) > key(&last) {
            mentions[write] = mentions[read - 1];
            read -= 1;
        } else {
            mentions[write] = last;
            later.pop();
        }
    }
}

/// The consecutive runs of `list` as long as `ranges` (which follow one
/// another from the start of `list`), to be worked on in parallel.
fn runs_of<'a, T>(list: &'a mut [T], ranges: &[Range<usize>]) -> Vec<&'a mut [T]> {
    let mut runs = Vec::with_capacity(ranges.len());
    let mut rest = list;
    for range in ranges {
        let (run, tail) = rest.split_at_mut(range.len());
        runs.push(run);
        rest = tail;
    }
    runs
}

fn canonical_name(k: &Knowledge, b: &Builder, people: &People) -> String {
    match &b.key {
        Key::Entry(e) => k.entries[*e].name.clone(),
        Key::Person(c) => match people.clusters[*c].official {
            Some(e) => k.entries[e].name.clone(),
            None => b
                .most_written
                .clone()
                .unwrap_or_else(|| b.aliases.first().cloned().unwrap_or_default()),
        },
        Key::Org(name) | Key::Place(name) => b.most_written.clone().unwrap_or_else(|| name.clone()),
    }
}

/// Unique slug ids; a clash adds the kind, then a number.
fn assign_ids(drafts: &[(String, Kind)]) -> Vec<String> {
    let mut count: HashMap<String, usize> = HashMap::default();
    for (name, _) in drafts {
        *count.entry(crate::slug(name)).or_default() += 1;
    }
    let mut order: Vec<usize> = (0..drafts.len()).collect();
    order.sort_by(|&a, &b| (&drafts[a].0, drafts[a].1).cmp(&(&drafts[b].0, drafts[b].1)));
    let mut used = HashSet::default();
    let mut ids = vec![String::new(); drafts.len()];
    for i in order {
        let (name, kind) = &drafts[i];
        let base = crate::slug(name);
        let mut id = if count[&base] > 1 {
            format!("{base}-{}", kind.as_str())
        } else {
            base
        };
        let stem = id.clone();
        let mut n = 2;
        while !used.insert(id.clone()) {
            id = format!("{stem}-{n}");
            n += 1;
        }
        ids[i] = id;
    }
    ids
}

/// Roles with owners resolved; an owner-less role is dropped when the same
/// title is known with an owner, and a title that is the start of a longer
/// one with the same owner ("Secretary" / "Secretary General") is dropped.
fn roles(raw: &[(String, Option<Key>)], key_to_new: &HashMap<&Key, usize>) -> Vec<Role> {
    let resolved: BTreeSet<Role> = raw
        .iter()
        .map(|(title, owner)| Role {
            title: title.clone(),
            of: owner.as_ref().and_then(|o| key_to_new.get(o).copied()),
        })
        .collect();
    let mut by_title: BTreeMap<String, Vec<Option<usize>>> = BTreeMap::new();
    for r in &resolved {
        by_title
            .entry(r.title.to_lowercase())
            .or_default()
            .push(r.of);
    }
    resolved
        .iter()
        .filter(|r| {
            r.of.is_some()
                || by_title[&r.title.to_lowercase()]
                    .iter()
                    .all(Option::is_none)
        })
        .filter(|r| {
            let lower = r.title.to_lowercase();
            !resolved.iter().any(|o| {
                let other = o.title.to_lowercase();
                other.len() > lower.len()
                    && other.starts_with(&format!("{lower} "))
                    && (o.of == r.of || r.of.is_none())
            })
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Mentions of entity `entity` in `doc` at each start in `starts`.
    fn at(entity: usize, doc: usize, starts: &[usize]) -> Vec<Mention> {
        starts
            .iter()
            .map(|&s| Mention::new(entity, doc, 0, s..s + 3))
            .collect()
    }

    #[test]
    fn mentions_are_ordered_as_a_stable_sort_would_order_them() {
        // First pass: documents 0, 1, 2 in turn, each out of text order.
        let mut mentions = at(0, 0, &[40, 3, 17]);
        mentions.extend(at(1, 1, &[9, 2]));
        mentions.extend(at(2, 2, &[5]));
        let first_pass = [0..3, 3..5, 5..6];
        // Second pass: one at the same place as a first-pass mention (it
        // must come after it), and others between and after.
        mentions.extend(at(7, 0, &[17, 1]));
        mentions.extend(at(8, 2, &[60, 5]));
        let mut expected = mentions.clone();
        expected.sort_by_key(|m| (m.doc(), m.start(), m.end()));

        order_mentions(&mut mentions, &first_pass);

        assert_eq!(mentions, expected);
        let tie: Vec<usize> = mentions
            .iter()
            .filter(|m| m.doc() == 0 && m.start() == 17)
            .map(Mention::entity)
            .collect();
        assert_eq!(tie, [0, 7]);
    }
}
