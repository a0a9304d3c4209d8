//! The `newsgraph` command line: the extract JSON schema, determinism, and
//! one-line errors with a non-zero exit status.

use std::process::Command;

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
