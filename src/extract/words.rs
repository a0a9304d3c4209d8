//! Word lists that are looked up case- and accent-insensitively, millions of
//! times per corpus, without allocating for ASCII words.

use rustc_hash::FxHashMap;

/// Hash of a word's folded form computed straight from its bytes (ASCII
/// letters lower-cased on the fly), so lookups never allocate for ASCII words.
fn folded_hash(folded_ascii: &[u8]) -> u64 {
    folded_ascii
        .iter()
        .fold(0xcbf2_9ce4_8422_2325, |h: u64, &b| {
            (h.rotate_left(5) ^ u64::from(b.to_ascii_lowercase()))
                .wrapping_mul(0x517c_c1b7_2722_0a95)
        })
}

/// Words compared after folding (ASCII transliteration, lower case) mapped
/// to values: "Mălina" finds "malina", "THE" finds "the".
#[derive(Debug, Clone)]
pub struct WordMap<V> {
    /// Folded hash → index in `entries`.
    index: FxHashMap<u64, usize>,
    entries: Vec<(String, V)>,
    /// Words whose hash collides with an earlier word's (almost never used).
    overflow: FxHashMap<String, V>,
}

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        WordMap {
            index: FxHashMap::default(),
            entries: Vec::new(),
            overflow: FxHashMap::default(),
        }
    }
}

impl<V> WordMap<V> {
    /// The value of `word`, after folding.
    pub fn get(&self, word: &str) -> Option<&V> {
        if word.is_ascii() {
            self.get_folded(word)
        } else {
            self.get_folded(&fold(word))
        }
    }

    /// Lookup of an ASCII word, ignoring case.
    fn get_folded(&self, word: &str) -> Option<&V> {
        let found = self
            .index
            .get(&folded_hash(word.as_bytes()))
            .map(|&i| &self.entries[i])
            .filter(|(w, _)| w.eq_ignore_ascii_case(word))
            .map(|(_, v)| v);
        if found.is_some() || self.overflow.is_empty() {
            return found;
        }
        self.overflow.get(&word.to_ascii_lowercase())
    }

    /// The value of `word`, inserting `default` first if it is missing.
    pub fn entry(&mut self, word: &str, default: V) -> &mut V {
        let folded = fold(word);
        let hash = folded_hash(folded.as_bytes());
        match self.index.get(&hash) {
            Some(&i) if self.entries[i].0 == folded => &mut self.entries[i].1,
            Some(_) => self.overflow.entry(folded).or_insert(default),
            None => {
                self.index.insert(hash, self.entries.len());
                self.entries.push((folded, default));
                let last = self.entries.len() - 1;
                &mut self.entries[last].1
            }
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len() + self.overflow.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A set of words compared after folding.
pub type WordSet = WordMap<()>;

impl WordSet {
    /// Whether `word` is in the set, after folding.
    pub fn contains(&self, word: &str) -> bool {
        self.get(word).is_some()
    }

    pub fn insert(&mut self, word: &str) {
        self.entry(word, ());
    }
}

impl<S: AsRef<str>> FromIterator<S> for WordSet {
    fn from_iter<I: IntoIterator<Item = S>>(iter: I) -> Self {
        let mut set = WordSet::default();
        for w in iter {
            set.insert(w.as_ref());
        }
        set
    }
}

/// Phrases of words (compared after folding) mapped to values, matched
/// longest-first against a run of words without allocating.
#[derive(Debug, Clone)]
pub struct PhraseTrie<V> {
    children: Vec<WordMap<usize>>,
    values: Vec<Option<V>>,
}

impl<V> Default for PhraseTrie<V> {
    fn default() -> Self {
        PhraseTrie {
            children: vec![WordMap::default()],
            values: vec![None],
        }
    }
}

impl<V> PhraseTrie<V> {
    /// Adds a phrase given as its words; an existing value is kept.
    pub fn insert<'w>(&mut self, words: impl IntoIterator<Item = &'w str>, value: V) {
        let mut node = 0;
        for word in words {
            let next = self.values.len();
            let child = *self.children[node].entry(word, next);
            if child == next {
                self.children.push(WordMap::default());
                self.values.push(None);
            }
            node = child;
        }
        if self.values[node].is_none() {
            self.values[node] = Some(value);
        }
    }

    /// The longest phrase at the start of `words`: its length in words and value.
    pub fn longest<'w>(&self, words: impl IntoIterator<Item = &'w str>) -> Option<(usize, &V)> {
        let mut node = 0;
        let mut best = None;
        for (len, word) in words.into_iter().enumerate() {
            let Some(&next) = self.children[node].get(word) else {
                break;
            };
            node = next;
            if let Some(v) = &self.values[node] {
                best = Some((len + 1, v));
            }
        }
        best
    }
}

/// Lower-case ASCII folding: "Mălina" → "malina".
pub fn fold(s: &str) -> String {
    if s.is_ascii() {
        s.to_ascii_lowercase()
    } else {
        deunicode::deunicode(s).to_lowercase()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_ignore_case_and_accents() {
        let set: WordSet = ["Mălina", "the", "Sheikh"].into_iter().collect();
        assert!(set.contains("Malina") && set.contains("MĂLINA") && set.contains("mălina"));
        assert!(set.contains("The") && set.contains("THE"));
        assert!(set.contains("sheikh"));
        assert!(!set.contains("them"));
        assert!(!set.contains(&"x".repeat(100)));
        assert_eq!(set.len(), 3);
    }

    #[test]
    fn phrase_trie_finds_the_longest_phrase() {
        let mut trie = PhraseTrie::default();
        trie.insert(["Secretary"], 1);
        trie.insert(["Secretary", "of", "State"], 2);
        trie.insert(["Secretary", "General"], 3);
        assert_eq!(
            trie.longest(["secretary", "of", "state", "Blinken"]),
            Some((3, &2))
        );
        assert_eq!(trie.longest(["Secretary", "of", "Defense"]), Some((1, &1)));
        assert_eq!(trie.longest(["SECRETARY", "GENERAL"]), Some((2, &3)));
        assert_eq!(trie.longest(["President"]), None);
    }
}
