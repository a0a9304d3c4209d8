//! Word lists that are looked up case- and accent-insensitively, millions of
//! times per corpus, without allocating for ASCII words.

use rustc_hash::FxHashMap;

/// Longest folded word kept inline as a packed key.
const PACKED_BYTES: usize = 15;
/// Longest folded word whose packed key fits in 64 bits.
const SHORT_BYTES: usize = 7;

/// Every byte's top bit, and every byte's lowest bit, of a packed key.
const HIGH_BITS: u128 = u128::MAX / 0xFF * 0x80;
const LOW_BITS: u128 = u128::MAX / 0xFF;

/// An ASCII word of at most [`PACKED_BYTES`] bytes packed into one integer,
/// first byte lowest, ASCII capitals lower-cased, the length in the top
/// byte, so that most lookups hash one integer and follow no pointer.
/// `None` for longer or non-ASCII words.
fn packed(word: &[u8]) -> Option<u128> {
    if word.len() > PACKED_BYTES {
        return None;
    }
    let raw = load_le(word);
    if raw & HIGH_BITS != 0 {
        return None;
    }
    // Bytes are below 0x80, so these sums never carry into the next byte:
    // a top bit is set where the byte is at least `A`, resp. past `Z`.
    let from_a = raw + LOW_BITS * (0x80 - u128::from(b'A'));
    let past_z = raw + LOW_BITS * (0x80 - u128::from(b'Z') - 1);
    let capitals = from_a & !past_z & HIGH_BITS;
    // 0x80 >> 2 is 0x20, the bit that makes an ASCII capital lower case.
    Some((raw | capitals >> 2) | (word.len() as u128) << 120)
}

/// Up to 16 bytes as a little-endian integer, read as two overlapping
/// words (bytes read twice are equal, so OR-ing them is harmless) rather
/// than copied to the stack byte by byte.
fn load_le(bytes: &[u8]) -> u128 {
    let n = bytes.len();
    let word = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap_or_default());
    let half = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap_or_default());
    match n {
        0 => 0,
        1..=3 => {
            let byte = |at: usize| u128::from(bytes[at]) << (8 * at);
            byte(0) | byte(n / 2) | byte(n - 1)
        }
        4..=7 => u128::from(half(0)) | u128::from(half(n - 4)) << (8 * (n - 4)),
        _ => u128::from(word(0)) | u128::from(word(n - 8)) << (8 * (n - 8)),
    }
}

/// A packed key in the narrowest integer that holds it.
enum Key {
    /// At most [`SHORT_BYTES`] bytes, the length in the top byte.
    Short(u64),
    Medium(u128),
}

impl Key {
    fn of(packed: u128) -> Key {
        let len = (packed >> 120) as usize;
        if len <= SHORT_BYTES {
            // The word's bytes fill at most the low seven bytes.
            Key::Short(packed as u64 | (len as u64) << 56)
        } else {
            Key::Medium(packed)
        }
    }
}

/// Words compared after folding (ASCII transliteration, lower case) mapped
/// to values: "Mălina" finds "malina", "THE" finds "the".
///
/// Most words are looked up in a table keyed by 64-bit integers: its
/// entries are half the size of 128-bit ones, so more of a large word list
/// stays in the processor's cache.
#[derive(Debug, Clone)]
pub struct WordMap<V> {
    /// Words of at most [`SHORT_BYTES`] bytes, by packed key.
    short: FxHashMap<u64, V>,
    /// Words of at most [`PACKED_BYTES`] bytes, by packed key.
    medium: FxHashMap<u128, V>,
    /// Longer words, folded.
    long: FxHashMap<String, V>,
}

impl<V> Default for WordMap<V> {
    fn default() -> Self {
        WordMap {
            short: FxHashMap::default(),
            medium: FxHashMap::default(),
            long: FxHashMap::default(),
        }
    }
}

impl<V> WordMap<V> {
    /// The value of `word`, after folding.
    pub fn get(&self, word: &str) -> Option<&V> {
        match packed(word.as_bytes()) {
            Some(key) => self.get_packed(key),
            None if word.is_ascii() => self.get_long(word),
            None => {
                let folded = fold(word);
                match packed(folded.as_bytes()) {
                    Some(key) => self.get_packed(key),
                    None => self.get_long(&folded),
                }
            }
        }
    }

    fn get_packed(&self, packed: u128) -> Option<&V> {
        match Key::of(packed) {
            Key::Short(key) => self.short.get(&key),
            Key::Medium(key) => self.medium.get(&key),
        }
    }

    /// Lookup of an ASCII word longer than [`PACKED_BYTES`], ignoring case.
    fn get_long(&self, word: &str) -> Option<&V> {
        if self.long.is_empty() {
            None
        } else {
            self.long.get(&word.to_ascii_lowercase())
        }
    }

    /// The value of `word`, inserting `default` first if it is missing.
    pub fn entry(&mut self, word: &str, default: V) -> &mut V {
        let folded = fold(word);
        match packed(folded.as_bytes()).map(Key::of) {
            Some(Key::Short(key)) => self.short.entry(key).or_insert(default),
            Some(Key::Medium(key)) => self.medium.entry(key).or_insert(default),
            None => self.long.entry(folded).or_insert(default),
        }
    }

    pub fn len(&self) -> usize {
        self.short.len() + self.medium.len() + self.long.len()
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
    fn short_and_long_words_are_distinct_keys() {
        let long = "Internationalisation";
        let set: WordSet = ["a", "ab", "abcdefg", "abcdefgh", long, "abcdefghijklmno"]
            .into_iter()
            .collect();
        assert!(set.contains("A") && set.contains("AB") && !set.contains("abc"));
        assert!(set.contains("ABCDEFG") && set.contains("abcdefgH") && !set.contains("abcdef"));
        assert!(set.contains("INTERNATIONALISATION") && !set.contains("Internationalisations"));
        assert!(set.contains("ABCDEFGHIJKLMNO") && !set.contains("abcdefghijklmn"));
        assert!(!set.contains("") && !set.contains("a\0") && !set.contains("abcdefg\0"));
        assert_eq!(set.len(), 6);
    }

    #[test]
    fn packed_keys_lower_case_capitals_only() {
        // The neighbours of A–Z and a–z (@ [ ` {) must not change.
        let key = |w: &str| packed(w.as_bytes());
        assert_eq!(key("AZ@[`{az09"), key("az@[`{az09"));
        assert_ne!(key("@"), key("`"));
        assert_ne!(key("["), key("{"));
        let every_ascii: Vec<u8> = (0..0x80).collect();
        for chunk in every_ascii.chunks(PACKED_BYTES) {
            let lower: Vec<u8> = chunk.iter().map(u8::to_ascii_lowercase).collect();
            let expected = lower
                .iter()
                .rev()
                .fold(0u128, |key, &b| key << 8 | u128::from(b));
            assert_eq!(packed(chunk), Some(expected | (chunk.len() as u128) << 120));
        }
        for n in 0..=16 {
            let bytes: Vec<u8> = (1..=n as u8).collect();
            let mut padded = [0u8; 16];
            padded[..n].copy_from_slice(&bytes);
            assert_eq!(load_le(&bytes), u128::from_le_bytes(padded));
        }
        assert_eq!(key("Mălina"), None);
        assert_eq!(key("abcdefghijklmnop"), None);
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
