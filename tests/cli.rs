//! The `newsgraph` command line: the extract JSON schema, determinism,
//! `stats` and `path` on the seeds, and one-line errors with a non-zero exit
//! status.

mod common;

use std::process::{Command, Output};

use serde_json::Value;

fn newsgraph() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
}

#[test]
fn extract_writes_the_documented_schema_deterministically() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("a.json"), dir.path().join("b.json"));
    for out in [&first, &second] {
        let status = newsgraph()
            .args(["extract", "-o"])
            .arg(out)
            .current_dir(dir.path())
            .status()
            .unwrap();
        assert!(status.success());
    }
    let bytes = std::fs::read(&first).unwrap();
    assert_eq!(bytes, std::fs::read(&second).unwrap(), "two runs differ");
    let json: Value = serde_json::from_slice(&bytes).unwrap();
    let docs = json["documents"].as_array().unwrap();
    assert_eq!(docs.len(), 5);
    for key in ["id", "path", "title", "date", "chars"] {
        assert!(docs[0].get(key).is_some(), "documents lack {key}");
    }
    let entities = json["entities"].as_array().unwrap();
    let blinken = entities
        .iter()
        .find(|e| e["id"] == "antony-blinken")
        .unwrap();
    assert_eq!(blinken["kind"], "official");
    assert_eq!(blinken["roles"][0]["of"], "united-states");
    assert!(blinken["mentions"].as_u64().unwrap() >= 10);
    let ids: Vec<&str> = entities.iter().map(|e| e["id"].as_str().unwrap()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "entities sorted by id");
    let mention = &json["mentions"][0];
    for key in ["entity", "document", "start", "end", "text"] {
        assert!(mention.get(key).is_some(), "mentions lack {key}");
    }
    let edges = json["edges"].as_array().unwrap();
    let edge = &edges[0];
    assert_eq!(edge["kind"], "co-mention");
    assert_eq!(edge["directed"], false);
    assert!(edge.get("label").is_none());
    assert!(edge["evidence"][0]["document"].is_string());
    let annexed = edges
        .iter()
        .find(|e| e["kind"] == "relation" && e["target"] == "crimea" && e["label"] == "annexed")
        .expect("a relation edge for the annexation of Crimea");
    assert_eq!(annexed["directed"], true);
    assert_eq!(annexed["category"], "force");
    assert_eq!(annexed["polarity"], "conflictual");
    assert_eq!(annexed["negated"], false);
    assert_eq!(annexed["hedged"], false);
    assert!(annexed["weight"].as_u64().unwrap() >= 1);
    assert!(annexed["evidence"][0]["start"].is_u64());
    assert!(json["skipped"].as_array().unwrap().is_empty());
    assert!(blinken["degree"].as_u64().unwrap() >= 10);
    assert!(blinken["pagerank"].as_f64().unwrap() > 0.0);
    for key in ["weighted_degree", "betweenness", "community", "component"] {
        assert!(blinken.get(key).is_some(), "entities lack {key}");
    }
}

#[test]
fn extract_reads_paths_and_lists_skipped_files() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("a.txt"), "Chile and Peru signed a treaty.").unwrap();
    std::fs::write(dir.path().join("b.txt"), "").unwrap();
    let out = newsgraph()
        .args(["extract", "--window", "document"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert!(out.status.success());
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["documents"].as_array().unwrap().len(), 1);
    assert_eq!(json["skipped"][0]["reason"], "empty file");
    assert!(String::from_utf8_lossy(&out.stderr).contains("b.txt: empty file"));
}

#[test]
fn errors_are_one_line_and_exit_non_zero() {
    let out = newsgraph()
        .args(["extract", "/no/such/folder"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.ends_with("newsgraph: no documents could be read (1 skipped)\n"),
        "{stderr}"
    );
    let bad_window = newsgraph()
        .args(["extract", "--window", "page"])
        .output()
        .unwrap();
    assert!(!bad_window.status.success());
}

/// Runs `newsgraph ARGS`; returns stdout, asserting success.
fn run_ok(args: &[&str]) -> String {
    let out = newsgraph().args(args).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Runs `newsgraph ARGS`, asserting failure; returns stderr.
fn run_err(args: &[&str]) -> String {
    let Output { status, stderr, .. } = newsgraph().args(args).output().unwrap();
    assert!(!status.success());
    String::from_utf8(stderr).unwrap()
}

/// The names in the table rows of `newsgraph stats` output, in order.
fn ranked_names(table: &str) -> Vec<String> {
    let header = table.lines().position(|l| l.starts_with("rank")).unwrap();
    table
        .lines()
        .skip(header + 1)
        .map(|row| {
            let fields: Vec<&str> = row
                .split("  ")
                .map(str::trim)
                .filter(|f| !f.is_empty())
                .collect();
            fields[1].to_owned()
        })
        .collect()
}

#[test]
fn stats_ranks_the_seed_hubs_first() {
    let text = run_ok(&["stats", "--top", "4"]);
    let first = text.lines().next().unwrap();
    let entities = common::seeds().extraction.entities.len();
    assert!(first.starts_with(&format!("{entities} nodes, ")), "{first}");
    assert!(
        first.contains(" components, ") && first.contains(" modularity "),
        "{first}"
    );
    assert!(text.contains("weighting: count, window: sentence, betweenness: exact"));
    let mut top = ranked_names(&text);
    top.sort();
    assert_eq!(top, ["NATO", "Russia", "Ukraine", "United States"]);
    let by_mentions = run_ok(&[
        "stats",
        "--sort",
        "mentions",
        "--weighting",
        "npmi",
        "--top",
        "1",
    ]);
    assert_eq!(ranked_names(&by_mentions), ["Russia"]);
    assert!(by_mentions.contains("weighting: npmi"));
    assert_eq!(run_ok(&["stats"]), run_ok(&["stats"]), "two runs differ");
    assert!(run_err(&["stats", "--sort", "fame"]).contains("unknown metric `fame`"));
}

#[test]
fn path_links_baerbock_to_lavrov_with_sentences_naming_both() {
    let text = run_ok(&["path", "--from", "annalena baerbock", "--to", "LAVROV"]);
    let seeds = common::seeds();
    let lines: Vec<&str> = text.lines().filter(|l| !l.is_empty()).collect();
    assert!(
        lines[0].starts_with("Annalena Baerbock → Sergei Lavrov: "),
        "{text}"
    );
    let hops: Vec<&[&str]> = lines[1..].chunks(2).collect();
    assert!(!hops.is_empty() && hops.len() <= 3, "{text}");
    for hop in hops {
        let link = hop[0].split_once(". ").unwrap().1;
        let (pair, _) = link.rsplit_once(" (").unwrap();
        let (a, b) = pair.split_once(" — ").unwrap();
        let sentence = hop[1];
        for name in [a, b] {
            let aliases = &common::entity(seeds, name).aliases;
            assert!(
                aliases
                    .iter()
                    .any(|alias| sentence.contains(alias.as_str())),
                "{sentence} does not name {name} ({aliases:?})"
            );
        }
    }
}

#[test]
fn path_errors_name_the_problem() {
    let unknown = run_err(&["path", "--from", "Nobody Atall", "--to", "NATO"]);
    assert_eq!(
        unknown,
        "newsgraph: --from: no entity is called `Nobody Atall`\n"
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.txt"),
        "Chile and Peru met.\n\nFrance and Spain talked.",
    )
    .unwrap();
    let folder = dir.path().to_str().unwrap();
    let apart = run_err(&["path", folder, "--from", "chile", "--to", "spain"]);
    assert_eq!(
        apart,
        "newsgraph: Chile and Spain are not connected (co-mention window: sentence)\n"
    );
    let linked = run_ok(&[
        "path", folder, "--window", "document", "--from", "chile", "--to", "spain",
    ]);
    assert!(linked.starts_with("Chile → Spain: 1 hop\n"), "{linked}");
}
