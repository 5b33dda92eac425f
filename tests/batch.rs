//! Batch mode: several files or directories in one call, one result per file, and one
//! file's failure reported without stopping the others.

mod common;

use common::fixture_path;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn opcit(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_opcit"))
        .args(args)
        .output()
        .expect("opcit runs")
}

/// A fresh directory for one test.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("opcit-batch-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn path(p: &Path) -> &str {
    p.to_str().expect("UTF-8 path")
}

/// A directory of inputs: two copies of paper notes, one nested, one bad file, one file that
/// is not text by its extension.
fn corpus(name: &str) -> PathBuf {
    let dir = temp_dir(name);
    let lines = std::fs::read(fixture_path("gcim-rcmp-2004-note-lines.txt")).expect("fixture");
    std::fs::create_dir_all(dir.join("nested")).expect("nested");
    std::fs::write(dir.join("a.txt"), &lines).expect("a");
    std::fs::write(dir.join("nested/b.md"), &lines).expect("b");
    std::fs::write(dir.join("broken.txt"), b"1 Hock\xe9, J.-P., 1989.\n").expect("broken");
    std::fs::write(dir.join("image.png"), b"\x89PNG").expect("png");
    std::fs::write(dir.join(".hidden.txt"), b"").expect("hidden");
    dir
}

#[test]
fn a_directory_into_an_output_directory() {
    let input = corpus("in");
    let output = temp_dir("out");
    let out = opcit(&[path(&input), "--to", "csl-json", "-o", path(&output)]);
    // the broken file fails, the others are written
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(
        err.contains("broken.txt: not valid UTF-8 at byte 6"),
        "{err}"
    );
    for written in ["a.csl.json", "nested/b.csl.json"] {
        let text = std::fs::read_to_string(output.join(written)).expect(written);
        let items: serde_json::Value = serde_json::from_str(&text).expect("CSL-JSON");
        assert_eq!(items.as_array().map(Vec::len), Some(28), "{written}");
    }
    assert!(!output.join("broken.csl.json").exists());
    assert!(!output.join("image.csl.json").exists());
    assert!(!output.join(".hidden.csl.json").exists());
}

#[test]
fn json_lines_without_an_output_directory() {
    let input = corpus("lines");
    let out = opcit(&[path(&input), "--to", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let files: Vec<&str> = lines.iter().filter_map(|l| l["file"].as_str()).collect();
    let a = input.join("a.txt");
    let b = input.join("nested/b.md");
    // in name order, whatever order the threads finish in
    assert_eq!(files, [path(&a), path(&b)]);
    assert!(
        lines
            .iter()
            .all(|l| l["notes"].as_array().map(Vec::len) == Some(43))
    );
}

#[test]
fn other_formats_are_concatenated_in_input_order() {
    let a = fixture_path("gcim-rcmp-2004-note-lines.txt");
    let b = fixture_path("styles/chicago.txt");
    let out = opcit(&[&a, &b, "--to", "csl-json"]);
    assert!(out.status.success());
    let one = |f: &str| opcit(&[f, "--to", "csl-json"]).stdout;
    assert_eq!(out.stdout, [one(&a), one(&b)].concat());
}

#[test]
fn one_missing_file_does_not_stop_the_others() {
    let a = fixture_path("gcim-rcmp-2004-note-lines.txt");
    let out = opcit(&["no/such/file.txt", &a, "--to", "json"]);
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.starts_with("opcit: no/such/file.txt: "), "{err}");
    let line: serde_json::Value = serde_json::from_slice(&out.stdout).expect("one JSON line");
    assert_eq!(line["file"], a.as_str());
}

#[test]
fn one_file_into_an_existing_directory() {
    let output = temp_dir("one");
    let a = fixture_path("gcim-rcmp-2004-note-lines.txt");
    let out = opcit(&[&a, "-o", path(&output), "--to", "json"]);
    assert!(out.status.success());
    let text =
        std::fs::read_to_string(output.join("gcim-rcmp-2004-note-lines.json")).expect("written");
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    assert_eq!(doc["notes"].as_array().map(Vec::len), Some(43));
}

#[test]
fn many_files_in_parallel() {
    let input = temp_dir("many");
    let lines = std::fs::read(fixture_path("gcim-rcmp-2004-note-lines.txt")).expect("fixture");
    for i in 0..12 {
        std::fs::write(input.join(format!("paper{i:02}.txt")), &lines).expect("copy");
    }
    let output = temp_dir("many-out");
    let out = opcit(&[path(&input), "-o", path(&output), "--to", "csl-json"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(out.stderr.is_empty());
    let written = std::fs::read_dir(&output).expect("output").count();
    assert_eq!(written, 12);
}

/// A FIFO in a directory would block the batch for ever: it is skipped, and said so.
#[cfg(unix)]
#[test]
fn a_fifo_in_a_directory_is_skipped_with_a_message() {
    let dir = temp_dir("fifo");
    let lines = std::fs::read(fixture_path("gcim-rcmp-2004-note-lines.txt")).expect("fixture");
    std::fs::write(dir.join("a.txt"), &lines).expect("a");
    let made = Command::new("mkfifo")
        .arg(dir.join("pipe.txt"))
        .status()
        .is_ok_and(|s| s.success());
    if !made {
        println!("mkfifo is not available: this test is skipped");
        return;
    }
    let out = opcit(&[path(&dir), "--to", "bibtex"]);
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("pipe.txt: skipped: not a regular file"),
        "{err}"
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("@"));
}

/// Links that lead back up the tree are followed once: each file is read once.
#[cfg(unix)]
#[test]
fn directory_link_cycles_are_visited_once() {
    let dir = temp_dir("cycle");
    let lines = std::fs::read(fixture_path("gcim-rcmp-2004-note-lines.txt")).expect("fixture");
    std::fs::create_dir_all(dir.join("sub")).expect("sub");
    std::fs::write(dir.join("sub/a.txt"), &lines).expect("a");
    std::os::unix::fs::symlink(&dir, dir.join("sub/up")).expect("link");
    std::os::unix::fs::symlink(dir.join("sub"), dir.join("self")).expect("link");
    let out = opcit(&[path(&dir), "--to", "json"]);
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(stdout.lines().count(), 1, "{stdout}");
}

/// Two inputs of one stem write two files, named the same on every run.
#[test]
fn inputs_of_one_stem_write_distinct_files() {
    let input = temp_dir("stems-in");
    let lines = std::fs::read(fixture_path("gcim-rcmp-2004-note-lines.txt")).expect("fixture");
    std::fs::create_dir_all(input.join("one")).expect("one");
    std::fs::create_dir_all(input.join("two")).expect("two");
    std::fs::write(input.join("one/notes.txt"), &lines).expect("one");
    std::fs::write(input.join("two/notes.txt"), &lines).expect("two");
    std::fs::write(input.join("one/notes.md"), &lines).expect("md");
    let output = temp_dir("stems-out");
    let one = input.join("one/notes.txt");
    let two = input.join("two/notes.txt");
    let md = input.join("one/notes.md");
    let out = opcit(&[
        path(&one),
        path(&two),
        path(&md),
        "--to",
        "bibtex",
        "-o",
        path(&output),
    ]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut written: Vec<String> = std::fs::read_dir(&output)
        .expect("output")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    written.sort();
    assert_eq!(
        written,
        ["notes.md.bib", "notes.txt-2.bib", "notes.txt.bib"]
    );
}

/// The keys of the entries of a BibTeX text, in order.
fn bib_keys(bib: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(bib)
        .lines()
        .filter(|l| l.starts_with('@'))
        .filter_map(|l| Some(l.split_once('{')?.1.trim_end_matches(',').to_string()))
        .collect()
}

fn repeated(keys: &[String]) -> Vec<&String> {
    let mut seen = std::collections::HashSet::new();
    keys.iter()
        .filter(|k| !seen.insert(k.to_lowercase()))
        .collect()
}

#[test]
fn a_batch_on_one_stream_has_unique_keys() {
    let fixtures = fixture_path("");
    for format in ["bibtex", "biblatex"] {
        let out = opcit(&[&fixtures, "--to", format]);
        let keys = bib_keys(&out.stdout);
        assert!(keys.len() > 1000, "{format}: {}", keys.len());
        assert_eq!(repeated(&keys), Vec::<&String>::new(), "{format}");
    }
    // the ids of the CSL-JSON arrays, and the citations with them
    let out = opcit(&[&fixtures, "--to", "json"]);
    let mut ids = Vec::new();
    for line in String::from_utf8_lossy(&out.stdout).lines() {
        let document: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let own: Vec<String> = document["references"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["id"].as_str().map(str::to_string))
            .collect();
        for note in document["notes"].as_array().into_iter().flatten() {
            for citation in note["citations"].as_array().into_iter().flatten() {
                if let Some(id) = citation["id"].as_str() {
                    assert!(own.iter().any(|o| o == id), "{id} cited, not listed");
                }
            }
        }
        ids.extend(own);
    }
    assert_eq!(repeated(&ids), Vec::<&String>::new());
}

#[test]
fn merge_gives_one_bibliography_of_all_inputs() {
    // the same paper as notes and as full text: the same 28 works
    let a = fixture_path("gcim-rcmp-2004.txt");
    let b = fixture_path("gcim-rcmp-2004-notes.txt");
    let out = opcit(&[&a, &b, "--to", "bibtex", "--merge"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(out.stdout, opcit(&[&a, "--to", "bibtex"]).stdout);
    // one output in every format
    for format in ["biblatex", "ris", "json", "yaml", "text", "csl-citations"] {
        let merged = opcit(&[&a, &b, "--to", format, "--merge"]);
        assert!(merged.status.success(), "{format}");
        let one = opcit(&[&a, "--to", format]);
        if format == "json" {
            let doc: serde_json::Value = serde_json::from_slice(&merged.stdout).expect("JSON");
            assert_eq!(doc["references"].as_array().map(Vec::len), Some(28));
            assert_eq!(doc["notes"].as_array().map(Vec::len), Some(86));
        } else if format == "csl-citations" {
            assert!(merged.stdout.len() > one.stdout.len(), "{format}");
        } else {
            assert_eq!(merged.stdout, one.stdout, "{format}");
        }
    }
    // a directory into one file
    let dir = temp_dir("merge");
    let fixtures = fixture_path("");
    let file = dir.join("all.json");
    let out = opcit(&[&fixtures, "--to", "csl-json", "--merge", "-o", path(&file)]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let text = std::fs::read_to_string(&file).expect("one file");
    let items: serde_json::Value = serde_json::from_str(&text).expect("one array");
    let ids: Vec<String> = items
        .as_array()
        .expect("an array")
        .iter()
        .filter_map(|i| i["id"].as_str().map(str::to_string))
        .collect();
    assert_eq!(repeated(&ids), Vec::<&String>::new());
    let all = bib_keys(&opcit(&[&fixtures, "--to", "bibtex"]).stdout);
    // the fixtures cite many works more than once: the paper alone four times
    assert!(
        ids.len() + 100 < all.len(),
        "{} of {}",
        ids.len(),
        all.len()
    );
}
