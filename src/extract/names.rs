//! The similarity rule for people's names, used to merge the ways a corpus
//! writes one person.
//!
//! Names are compared on a transliteration key: ASCII-folded, lower-cased,
//! with common transliteration alternatives reduced to one spelling
//! ("ks"→"x", "kh"→"h", "ph"→"f", "w"→"v", "j"/"y"→"i", doubled letters
//! single). Two surnames match when their keys are equal, or, when both keys
//! have at least six letters, start with the same letter and differ by one
//! edit (insertion, deletion, substitution or transposition: Lukashenko /
//! Lukachenko, Blinken / Blinked). Two given names are compatible when either
//! is missing, one is the initial of the other, or they match by the same rule.
//! Two full names are one person only when the surnames match AND the given
//! names are compatible, so different people who share a surname ("Joe
//! Biden", "Jill Biden") stay apart.

/// Shortest key length for which a one-edit difference is allowed.
const MIN_FUZZY_LEN: usize = 6;

/// The transliteration key of a name part.
pub fn key(name: &str) -> String {
    let mut out = String::new();
    key_into(name, &mut out);
    out
}

/// Writes the transliteration key of `name` into `out` (cleared first),
/// without allocating for ASCII names once `out` has grown.
pub fn key_into(name: &str, out: &mut String) {
    out.clear();
    push_key(name, out);
}

/// Appends the transliteration key of `name` to `out`.
pub fn push_key(name: &str, out: &mut String) {
    // A key is at most as long as the name: grown once, not by doubling.
    out.reserve(name.len());
    let folded;
    let ascii = if name.is_ascii() {
        name
    } else {
        folded = super::words::fold(name);
        &folded
    };
    let mut letters = ascii
        .bytes()
        .filter(u8::is_ascii_alphanumeric)
        .map(|b| b.to_ascii_lowercase())
        .peekable();
    while let Some(b) = letters.next() {
        let next = letters.peek().copied();
        let pair = match (b, next) {
            (b'k', Some(b's')) => Some(b'x'),
            (b'k', Some(b'h')) => Some(b'h'),
            (b'p', Some(b'h')) => Some(b'f'),
            (b'c', Some(b'k')) => Some(b'k'),
            _ => None,
        };
        let c = match (pair, b) {
            (Some(c), _) => {
                letters.next();
                c
            }
            (None, b'w') => b'v',
            (None, b'j' | b'y') => b'i',
            (None, c) => c,
        };
        if out.as_bytes().last() != Some(&c) {
            out.push(char::from(c));
        }
    }
}

/// Keys that match: equal, or long enough and one edit apart with the same first letter.
pub fn keys_match(a: &str, b: &str) -> bool {
    a == b
        || a.len() >= MIN_FUZZY_LEN
            && b.len() >= MIN_FUZZY_LEN
            && a.as_bytes()[0] == b.as_bytes()[0]
            && within_one_edit(a.as_bytes(), b.as_bytes())
}

/// Whether `a` becomes `b` by at most one insertion, deletion,
/// substitution or swap of two neighbours (a Damerau-Levenshtein distance
/// of at most 1), in one pass over the two.
fn within_one_edit(a: &[u8], b: &[u8]) -> bool {
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let i = short.iter().zip(long).take_while(|(x, y)| x == y).count();
    match long.len() - short.len() {
        0 if i == short.len() => true,
        0 => {
            let substituted = short[i + 1..] == long[i + 1..];
            let swapped = i + 1 < short.len()
                && (short[i], short[i + 1]) == (long[i + 1], long[i])
                && short[i + 2..] == long[i + 2..];
            substituted || swapped
        }
        1 => short[i..] == long[i + 1..],
        _ => false,
    }
}

/// Given names (as keys) are compatible: missing, initial, or matching.
pub fn given_compatible(a: Option<&str>, b: Option<&str>) -> bool {
    match (a, b) {
        (Some(a), Some(b)) if a.len() == 1 || b.len() == 1 => a.as_bytes()[0] == b.as_bytes()[0],
        (Some(a), Some(b)) => keys_match(a, b),
        _ => true,
    }
}

/// The strings one edit away by deletion (plus the key itself), for finding
/// candidate matches without comparing every pair.
pub fn deletion_variants(key: &str) -> Vec<String> {
    let mut out = vec![key.to_owned()];
    if key.len() >= MIN_FUZZY_LEN {
        for i in 0..key.len() {
            let mut v = key.to_owned();
            v.remove(i);
            out.push(v);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) -> bool {
        keys_match(&key(a), &key(b))
    }

    #[test]
    fn transliteration_variants_and_typos_match() {
        assert!(same("Zelensky", "Zelenskyy"));
        assert!(same("Zelenskyi", "Zelenskiy"));
        assert!(same("Lukashenko", "Lukachenko"));
        assert!(same("Blinken", "Blinked"));
        assert!(same("Sergei", "Sergey"));
        assert!(same("Aleksandr", "Alexander"));
        assert!(same("Mîndruțescu", "Mindrutescu"));
        assert!(same("Dmitry", "Dmytro"));
    }

    #[test]
    fn different_names_do_not_match() {
        assert!(!same("Biden", "Bidel"), "short names need an exact key");
        assert!(!same("Joe", "Jill"));
        assert!(!same("Lavrov", "Zavrov"), "first letters differ");
        assert!(!same("Stoltenberg", "Sternberg"));
        assert!(!same("Putin", "Pushkin"));
    }

    #[test]
    fn given_names_compatibility() {
        assert!(given_compatible(Some("a"), Some("antoni")));
        assert!(given_compatible(None, Some("ioe")));
        assert!(!given_compatible(Some("ioe"), Some("hunter")));
        assert!(!given_compatible(Some("b"), Some("antoni")));
    }

    #[test]
    fn one_edit_is_the_damerau_levenshtein_distance_of_one() {
        // Every pair of strings of up to five letters from "abc".
        let mut words = vec![String::new()];
        for len in 1..=5 {
            let shorter: Vec<String> = words
                .iter()
                .filter(|w| w.len() == len - 1)
                .cloned()
                .collect();
            words.extend(
                shorter
                    .iter()
                    .flat_map(|w| ["a", "b", "c"].map(|c| format!("{w}{c}"))),
            );
        }
        for a in &words {
            for b in &words {
                let expected = strsim::damerau_levenshtein(a, b) <= 1;
                assert_eq!(
                    within_one_edit(a.as_bytes(), b.as_bytes()),
                    expected,
                    "{a:?} {b:?}"
                );
            }
        }
    }

    #[test]
    fn deletion_variants_meet_for_one_edit() {
        let a = deletion_variants(&key("Lukashenko"));
        let b = deletion_variants(&key("Lukachenko"));
        assert!(a.iter().any(|v| b.contains(v)));
    }
}
