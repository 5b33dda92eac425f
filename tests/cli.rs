//! The command line: the main job, and one clear line and a non-zero exit for bad input.

mod common;

use common::fixture_path;
use std::io::Write;
use std::process::{Command, Output, Stdio};

fn opcit(args: &[&str], stdin: Option<&[u8]>) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_opcit"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("opcit starts");
    if let Some(bytes) = stdin {
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(bytes)
            .expect("stdin written");
    }
    drop(child.stdin.take());
    child.wait_with_output().expect("opcit ends")
}

fn temp_file(name: &str, bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("opcit-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("temp file");
    path.to_string_lossy().into_owned()
}

/// Standard error as text, checked to be one line.
fn one_line_error(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.lines().count(), 1, "stderr: {err}");
    assert!(out.stdout.is_empty());
    err
}

#[test]
fn json_of_the_bundled_paper() {
    let out = opcit(&[&fixture_path("gcim-rcmp-2004.txt"), "--to", "json"], None);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let notes = doc["notes"].as_array().expect("notes");
    assert_eq!(notes.len(), 43);
    assert_eq!(notes[9]["number"], 10);
    assert_eq!(notes[9]["spans"].as_array().map(Vec::len), Some(2));
    assert!(doc["references"].is_array());
    assert!(doc["diagnostics"].is_array());
    assert!(!String::from_utf8_lossy(&out.stdout).contains("null"));
}

#[test]
fn stdin_and_output_file() {
    let bytes = std::fs::read(fixture_path("gcim-rcmp-2004-note-lines.txt")).expect("fixture");
    let target = temp_file("out.json", b"");
    let out = opcit(&["-", "--to", "json", "-o", &target], Some(&bytes));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let doc: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&target).expect("output")).expect("JSON");
    assert_eq!(doc["notes"].as_array().map(Vec::len), Some(43));
}

#[test]
fn several_files_give_json_lines() {
    let a = fixture_path("gcim-rcmp-2004-note-gaps.txt");
    let b = fixture_path("gcim-rcmp-2004-note-lines.txt");
    let out = opcit(&[&a, &b, "--to", "json"], None);
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["file"], b.as_str());
    assert_eq!(lines[1]["notes"].as_array().map(Vec::len), Some(43));
}

#[test]
fn input_kind_can_be_forced() {
    let path = fixture_path("gcim-rcmp-2004-note-lines.txt");
    let out = opcit(&[&path, "--input", "refs", "--to", "json"], None);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(
        doc["notes"][0]["text"]
            .as_str()
            .map(|t| t.starts_with("1. ")),
        Some(true)
    );
}

#[test]
fn csl_json_of_a_reference_list_is_one_array_and_csl_jsonl_one_item_a_line() {
    let refs = "Hildebrand, Klaus. Das vergangene Reich. Frankreich, Großbritan-\n\
                lieber, Francis. Manual of Political Ethics. Boston: Little, 1839.\n\
                \n\
                Tuck, Richard. Natural Rights Theories. Cambridge, 1979.\n";
    let path = temp_file("refs.txt", refs.as_bytes());
    let out = opcit(&[&path, "--input", "refs", "--to", "csl-json"], None);
    assert!(out.status.success());
    let items: Vec<serde_json::Value> =
        serde_json::from_slice(&out.stdout).expect("one JSON array");
    assert_eq!(items.len(), 4);
    let out = opcit(&[&path, "--input", "refs", "--to", "csl-jsonl"], None);
    assert!(out.status.success());
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    assert_eq!(lines, items);
    // line 2 is item 2, not joined to line 1 by a de-hyphenation
    assert!(
        items[1].to_string().contains("Manual of Political Ethics"),
        "{}",
        items[1]
    );
    assert!(!items[0].to_string().contains("Manual"), "{}", items[0]);
    assert_eq!(
        items[2].as_object().map(|o| o.len()),
        Some(2),
        "{}",
        items[2]
    );
}

#[test]
fn missing_file() {
    let out = opcit(&["no/such/paper.txt"], None);
    assert_eq!(out.status.code(), Some(1));
    let err = one_line_error(&out);
    assert!(err.starts_with("opcit: no/such/paper.txt: "), "{err}");
}

#[test]
fn a_directory_without_text_files() {
    let out = opcit(&[&format!("{}/src", env!("CARGO_MANIFEST_DIR"))], None);
    assert_eq!(out.status.code(), Some(1));
    one_line_error(&out);
}

#[test]
fn invalid_utf8_names_the_byte() {
    let path = temp_file("latin1.txt", b"1 Hock\xe9, J.-P., 1989.\n");
    let out = opcit(&[&path], None);
    assert_eq!(out.status.code(), Some(1));
    let err = one_line_error(&out);
    assert!(err.contains("not valid UTF-8 at byte 6"), "{err}");
}

#[test]
fn empty_and_blank_inputs() {
    for (name, bytes) in [
        ("empty.txt", &b""[..]),
        ("blank.txt", b"  \n\t\n  \r\n"),
        ("bom.txt", b"\xef\xbb\xbf\n"),
    ] {
        let path = temp_file(name, bytes);
        let out = opcit(&[&path], None);
        assert_eq!(out.status.code(), Some(1), "{name}");
        let err = one_line_error(&out);
        assert!(err.contains("the input is empty"), "{err}");
    }
    let out = opcit(&["-"], Some(b""));
    assert!(one_line_error(&out).starts_with("opcit: <stdin>: the input is empty"));
}

#[test]
fn unknown_format_is_a_usage_error() {
    let out = opcit(&[&fixture_path("gcim-rcmp-2004.txt"), "--to", "docx"], None);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("unknown format `docx`"));
}

/// The extensions of the table, with their dot.
fn extensions() -> Vec<String> {
    opcit::files::EXTENSIONS
        .iter()
        .map(|(extension, _)| format!(".{extension}"))
        .collect()
}

#[test]
fn help_error_and_readme_list_every_extension_of_the_table() {
    assert!(extensions().len() >= 9);
    let help = String::from_utf8_lossy(&opcit(&["--help"], None).stdout).into_owned();
    let help = common::squash(&help);
    let out = opcit(&[&format!("{}/src", env!("CARGO_MANIFEST_DIR"))], None);
    let error = one_line_error(&out);
    let readme = std::fs::read_to_string(format!("{}/README.md", env!("CARGO_MANIFEST_DIR")))
        .expect("README");
    let readme = common::squash(&readme.replace('`', ""));
    for extension in extensions() {
        let word = |text: &str| {
            text.split(|c: char| c.is_whitespace() || c == ',' || c == ')' || c == '(')
                .any(|w| w == extension)
        };
        assert!(word(&help), "--help lacks {extension}: {help}");
        assert!(word(&error), "the error lacks {extension}: {error}");
        // both places of the README: what FILE may be, and what a directory is searched for
        let at_file = readme.find("- FILE:").expect("FILE in the README");
        let file_item = &readme[at_file..at_file + 400];
        assert!(word(file_item), "README's FILE lacks {extension}");
        let at_batch = readme.find("a directory (searched").expect("batch mode");
        assert!(
            word(&readme[at_batch..at_batch + 300]),
            "README lacks {extension}"
        );
    }
}

#[test]
fn the_table_tells_the_formats_by_extension() {
    use opcit::extract::Format;
    assert_eq!(
        opcit::files::file_type("PDF"),
        Some(opcit::files::FileType::Document(Format::Pdf))
    );
    assert_eq!(
        opcit::files::file_type("md"),
        Some(opcit::files::FileType::Text)
    );
    assert_eq!(opcit::files::file_type("rtf"), None);
    assert_eq!(Format::from_extension("Docx"), Some(Format::Docx));
    assert_eq!(Format::from_extension("txt"), None);
}

#[test]
fn a_long_input_prints_no_progress_when_standard_error_is_no_terminal() {
    let notes: String = (1..=1500)
        .map(|i| {
            format!(
                "{i} Smith, J., {}, Title {i}, London, Press, p. {i}.\n",
                1900 + i % 100
            )
        })
        .collect();
    let out = opcit(
        &["-", "--parser", "rules", "--input", "notes"],
        Some(notes.as_bytes()),
    );
    assert!(out.status.success());
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("@book{"));
}
