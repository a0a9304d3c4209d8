//! Data safety: a `newsgraph` process killed at any moment while it writes
//! never leaves a truncated file behind. The file it was replacing is either
//! intact or replaced by a complete new one, because every write goes to a
//! synced temporary file that is renamed into place.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::Duration;

const PREVIOUS: &[u8] = b"the previous file, which must survive";

fn newsgraph() -> Command {
    Command::new(env!("CARGO_BIN_EXE_newsgraph"))
}

/// Runs `args` and kills the process after `delay`; true when it had
/// finished by itself (successfully) before the kill.
fn run_and_kill(args: &[&str], out: &Path, delay: Duration) -> bool {
    let mut child = newsgraph()
        .args(args)
        .arg("-o")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("newsgraph starts");
    std::thread::sleep(delay);
    let finished = matches!(child.try_wait(), Ok(Some(status)) if status.success());
    let _ = child.kill();
    let _ = child.wait();
    finished
}

/// Kills the writer at increasing delays; after each kill the output is the
/// previous file or a complete new one that `complete` accepts.
fn assert_never_torn(args: &[&str], name: &str, complete: impl Fn(&[u8])) {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join(name);
    for ms in [0, 15, 40, 80, 150, 300, 600, 1200, 2400] {
        std::fs::write(&out, PREVIOUS).unwrap();
        let finished = run_and_kill(args, &out, Duration::from_millis(ms));
        let bytes = std::fs::read(&out).expect("the output path still holds a file");
        if bytes == PREVIOUS {
            assert!(!finished, "a finished run left the old file after {ms} ms");
            continue;
        }
        complete(&bytes);
    }
    // A run left alone replaces the file.
    std::fs::write(&out, PREVIOUS).unwrap();
    let status = newsgraph()
        .args(args)
        .arg("-o")
        .arg(&out)
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
    complete(&std::fs::read(&out).unwrap());
}

#[test]
fn a_killed_png_export_leaves_the_old_picture_or_a_whole_new_one() {
    let args = [
        "export", "--width", "1920", "--height", "1080", "--scale", "2",
    ];
    assert_never_torn(&args, "graph.png", |bytes| {
        let picture = resvg::tiny_skia::Pixmap::decode_png(bytes).expect("every row present");
        assert_eq!((picture.width(), picture.height()), (3840, 2160));
    });
}

#[test]
fn a_killed_extract_leaves_the_old_json_or_a_whole_new_one() {
    assert_never_torn(&["extract"], "seeds.json", |bytes| {
        let json: serde_json::Value = serde_json::from_slice(bytes).expect("complete JSON");
        assert_eq!(json["documents"].as_array().map(Vec::len), Some(5));
    });
}
