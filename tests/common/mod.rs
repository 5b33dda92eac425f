//! Helpers shared by the integration tests.
#![allow(dead_code)]

use opcit::{Document, InputKind, Options};

/// The path of a fixture.
pub fn fixture_path(name: &str) -> String {
    format!("{}/fixtures/{name}", env!("CARGO_MANIFEST_DIR"))
}

/// The text of a fixture.
pub fn fixture(name: &str) -> String {
    std::fs::read_to_string(fixture_path(name)).expect("fixture readable")
}

/// Read a fixture, with the input kind forced or detected.
pub fn read(text: &str, kind: Option<InputKind>) -> Document {
    let options = match kind {
        Some(kind) => Options::with_input(kind),
        None => Options::default(),
    };
    opcit::read_str(text, &options).expect("document reads")
}

/// The original text of a note: its spans sliced out of the input, joined by a line break.
pub fn sliced(input: &str, note: &opcit::Note) -> String {
    note.spans
        .iter()
        .map(|s| &input[s.start..s.end])
        .collect::<Vec<_>>()
        .join("\n")
}

/// Text with every run of white space made one space.
pub fn squash(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether the program `name` runs (`name arg` succeeds); in CI (`CI` set) it must, since
/// `.ci/run` installs it. Without it, a line says that its checks are skipped.
pub fn tool(name: &str, arg: &str) -> bool {
    let found = std::process::Command::new(name)
        .arg(arg)
        .output()
        .is_ok_and(|o| o.status.success());
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(found || !ci, "{name} is missing (.ci/run installs it)");
    if !found {
        println!("{name} is not installed: its checks are skipped");
    }
    found
}
