//! newsgraph: turns a pile of news articles into a graph of countries,
//! officials, people, organizations and places, linked by co-mention and by
//! stated relation, with the sentences behind every edge.
//!
//! The headless core runs one way: [`corpus`] (load and decode) →
//! [`extract`] (sentences, recognition, resolution) → [`graph`] (entities,
//! edges, evidence) → [`layout`] and [`scene`] (what a picture of the graph
//! contains), with [`look`] (node size and colour by a graph measure or
//! community) and [`charts`] (the numbers behind plots). [`corrections`] replays a user's fixes (merges, renames …) on
//! an extraction, and [`project`] saves a whole session to a file. No module
//! of the core depends on the GUI; [`app`] is the desktop app built on it.

pub mod app;
pub mod assets;
pub mod charts;
pub mod cli;
pub mod corpus;
pub mod corrections;
pub mod export;
pub mod extract;
pub mod graph;
pub mod layout;
pub mod look;
pub mod parallel;
pub mod pipeline;
pub mod progress;
pub mod project;
pub mod scene;
pub mod seeds;

/// A lower-case ASCII id for a name: "Antony J. Blinken" → "antony-j-blinken".
pub fn slug(name: &str) -> String {
    let ascii = deunicode::deunicode(name).to_lowercase();
    let mut slug = String::with_capacity(ascii.len());
    for c in ascii.chars() {
        if c.is_ascii_alphanumeric() || c == '_' {
            slug.push(c);
        } else if !slug.is_empty() && !slug.ends_with('-') && c != '.' && c != '\'' {
            slug.push('-');
        }
    }
    let trimmed = slug.trim_end_matches('-');
    if trimmed.is_empty() {
        "x".to_owned()
    } else {
        trimmed.to_owned()
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn slugs_are_ascii_and_stable() {
        assert_eq!(super::slug("Antony J. Blinken"), "antony-j-blinken");
        assert_eq!(super::slug("U.S."), "us");
        assert_eq!(super::slug("Mălina Mîndruțescu"), "malina-mindrutescu");
        assert_eq!(super::slug("NATO-Russia Council"), "nato-russia-council");
        assert_eq!(super::slug("Côte d'Ivoire"), "cote-divoire");
        assert_eq!(super::slug("000_aa0dcd6d74b77a94"), "000_aa0dcd6d74b77a94");
        assert_eq!(super::slug("!!!"), "x");
    }
}
