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
use crate::progress::{Cancelled, Monitor, Stage, par_map};

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
        let mut counts = vec![0; documents];
        for (doc, count) in counts.iter_mut().enumerate() {
            let mut ids: Vec<usize> = self.mentions_in(doc).iter().map(|m| m.entity()).collect();
            ids.sort_unstable();
            ids.dedup();
            *count = ids.len();
        }
        counts
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
    let resolved = resolve::resolve(knowledge, &corpus.documents, &mut findings);
    let sentences: Vec<Vec<Sentence>> = findings.into_iter().map(|f| f.sentences).collect();
    let relations = relations::find_all(knowledge, &corpus.documents, &sentences, &resolved);
    Ok(Extraction {
        entities: resolved.entities,
        mentions: resolved.mentions,
        sentences,
        relations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

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
