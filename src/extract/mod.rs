//! Extraction: sentences, gazetteer and rule-based recognition, resolution
//! of every way the corpus names an entity into one entity, and the relations
//! each sentence states between the entities it names.
//!
//! Documents are recognised in parallel; resolution then runs once over the
//! whole corpus so that a surname in one article can meet the full name in
//! another; relations are read per document, in parallel, from the resolved
//! mentions.

mod knowledge;
mod lexicon;
pub mod names;
mod recognize;
mod relations;
mod resolve;
pub mod text;
mod words;

use serde::{Deserialize, Serialize};

pub use knowledge::{Entry, Kind, Knowledge, KnowledgeError, Target};
pub use lexicon::{Lexicon, LexiconError};
pub use recognize::RecognizeOptions;
pub use relations::{Category, Polarity, Relation};
pub use resolve::{Entity, Mention, Role};
pub use text::Sentence;
pub use words::{WordSet, fold};

use crate::corpus::Corpus;
use crate::progress::{self, Cancelled, Monitor, Stage, par_map};

/// The entities of a corpus, their mentions, and each document's sentences.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// Sorted by id.
    pub entities: Vec<Entity>,
    /// Sorted by document and position.
    pub mentions: Vec<Mention>,
    /// Per document, the sentences outside boilerplate.
    pub sentences: Vec<Vec<Sentence>>,
    /// Relations stated in a sentence, sorted by document and sentence.
    pub relations: Vec<Relation>,
}

impl Extraction {
    /// The index of the entity with this id.
    pub fn entity_index(&self, id: &str) -> Option<usize> {
        self.entities
            .binary_search_by(|e| e.id.as_str().cmp(id))
            .ok()
    }

    /// Mentions of each entity, counted.
    pub fn mention_counts(&self) -> Vec<usize> {
        let mut counts = vec![0; self.entities.len()];
        for m in &self.mentions {
            counts[m.entity()] += 1;
        }
        counts
    }

    /// How many distinct entities each of `documents` documents mentions.
    pub fn entities_per_document(&self, documents: usize) -> Vec<usize> {
        runs(&self.mentions, documents, Mention::doc)
            .into_iter()
            .map(|mentions| {
                let mut ids: Vec<usize> = mentions.iter().map(|m| m.entity()).collect();
                ids.sort_unstable();
                ids.dedup();
                ids.len()
            })
            .collect()
    }

    /// The documents (indices, sorted) that mention each entity.
    pub fn documents_of(&self) -> Vec<Vec<usize>> {
        let mut docs: Vec<Vec<usize>> = vec![Vec::new(); self.entities.len()];
        for m in &self.mentions {
            let list = &mut docs[m.entity()];
            if list.last() != Some(&m.doc()) {
                list.push(m.doc());
            }
        }
        docs
    }

    /// The entity called `name`, ignoring case and accents: by id or
    /// canonical name first, else by the only entity with that alias.
    pub fn find_entity(&self, name: &str) -> Result<usize, LookupError> {
        let key = fold(name.trim());
        if let Some(i) = self
            .entities
            .iter()
            .position(|e| e.id == key || fold(&e.name) == key)
        {
            return Ok(i);
        }
        let found: Vec<usize> = (0..self.entities.len())
            .filter(|&i| self.entities[i].aliases.iter().any(|a| fold(a) == key))
            .collect();
        match found.as_slice() {
            [] => Err(LookupError::NotFound(name.to_owned())),
            [one] => Ok(*one),
            several => Err(LookupError::Ambiguous {
                name: name.to_owned(),
                candidates: several
                    .iter()
                    .map(|&i| self.entities[i].name.clone())
                    .collect(),
            }),
        }
    }

    /// Each document's mentions (slices of the sorted list), found in one
    /// pass over it.
    pub fn mentions_by_document(&self) -> Vec<&[Mention]> {
        runs(&self.mentions, self.sentences.len(), Mention::doc)
    }

    /// The mentions of document `doc` (a slice of the sorted list).
    pub fn mentions_in(&self, doc: usize) -> &[Mention] {
        let start = self.mentions.partition_point(|m| m.doc() < doc);
        let end = self.mentions.partition_point(|m| m.doc() <= doc);
        &self.mentions[start..end]
    }
}

/// Why [`Extraction::find_entity`] found no single entity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    #[error("no entity is called `{0}`")]
    NotFound(String),
    #[error("`{name}` may be any of: {}", .candidates.join(", "))]
    Ambiguous {
        name: String,
        /// Canonical names of the entities with that alias, by id.
        candidates: Vec<String>,
    },
}

/// Runs recognition on every document (in parallel) and resolves the result.
pub fn extract(
    corpus: &Corpus,
    knowledge: &Knowledge,
    options: RecognizeOptions,
    monitor: &dyn Monitor,
) -> Result<Extraction, Cancelled> {
    let mut findings = par_map(&corpus.documents, Stage::Extracting, monitor, |doc| {
        recognize::recognize(doc, knowledge, options)
    })?;
    progress::begin(monitor, Stage::Resolving)?;
    let resolved = resolve::resolve(knowledge, &corpus.documents, &mut findings);
    let sentences: Vec<Vec<Sentence>> = findings.into_iter().map(|f| f.sentences).collect();
    progress::begin(monitor, Stage::Relating)?;
    let relations = relations::find_all(knowledge, &corpus.documents, &sentences, &resolved);
    Ok(Extraction {
        entities: resolved.entities,
        mentions: resolved.mentions,
        sentences,
        relations,
    })
}

/// The items with key `key`, from a list sorted by key that is read front
/// to back with rising keys (`next` is where the previous call stopped).
fn next_run<'a, T>(
    items: &'a [T],
    next: &mut usize,
    key: usize,
    key_of: impl Fn(&T) -> usize,
) -> &'a [T] {
    let rest = &items[(*next).min(items.len())..];
    let skip = rest.iter().take_while(|x| key_of(x) < key).count();
    let len = rest[skip..].iter().take_while(|x| key_of(x) == key).count();
    *next += skip + len;
    &rest[skip..skip + len]
}

/// The items with each key `0..count`, from a list sorted by key, found in
/// one pass rather than searched for key by key (the mentions of a large
/// corpus are millions).
fn runs<T>(items: &[T], count: usize, key_of: impl Fn(&T) -> usize) -> Vec<&[T]> {
    let mut next = 0;
    (0..count)
        .map(|key| next_run(items, &mut next, key, &key_of))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_are_read_front_to_back() {
        let items = [0, 0, 2, 2, 3];
        let mut next = 0;
        let of = |x: &usize| *x;
        assert_eq!(next_run(&items, &mut next, 0, of), [0, 0]);
        assert!(next_run(&items, &mut next, 1, of).is_empty());
        assert_eq!(next_run(&items, &mut next, 2, of), [2, 2]);
        assert_eq!(next_run(&items, &mut next, 4, of), [] as [usize; 0]);
        let all = runs(&items, 5, of);
        let lens: Vec<usize> = all.iter().map(|r| r.len()).collect();
        assert_eq!(lens, [2, 0, 2, 1, 0]);
    }

    fn entity(name: &str, aliases: &[&str]) -> Entity {
        Entity {
            id: crate::slug(name),
            name: name.to_owned(),
            kind: Kind::Person,
            aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
            roles: Vec::new(),
        }
    }

    #[test]
    fn entities_are_found_by_id_name_or_unique_alias() {
        let ex = Extraction {
            entities: vec![
                entity("Hunter Biden", &["Biden"]),
                entity("Joe Biden", &["Biden", "President Biden"]),
                entity("Mălina Mîndruțescu", &["Mîndruțescu"]),
            ],
            ..Extraction::default()
        };
        assert_eq!(ex.find_entity("joe-biden"), Ok(1));
        assert_eq!(ex.find_entity(" JOE BIDEN "), Ok(1));
        assert_eq!(ex.find_entity("president biden"), Ok(1));
        assert_eq!(ex.find_entity("Malina Mindrutescu"), Ok(2));
        assert_eq!(ex.find_entity("mindrutescu"), Ok(2));
        assert_eq!(
            ex.find_entity("Nobody"),
            Err(LookupError::NotFound("Nobody".into()))
        );
        let ambiguous = ex.find_entity("biden").unwrap_err();
        assert_eq!(
            ambiguous.to_string(),
            "`biden` may be any of: Hunter Biden, Joe Biden"
        );
    }
}
