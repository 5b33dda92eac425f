//! BibTeX and BibLaTeX read entry for entry by the real clients: biber (`biber --tool`) and
//! classic BibTeX (`bibtex` with `plain.bst`), on every fixture and on hostile values (braces
//! both ways, `@comment{`, `\input{…}`, `%`, backslashes, combining and right-to-left text).
//! The tools are skipped when missing, except with `CI` set, where they must be there.

mod common;
use common::tool;

use opcit::emit::{to_biblatex_string, to_bibtex_string};
use opcit::model::{Date, Field, ItemType, Name};
use opcit::{Document, Reference};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Every input fixture: the papers, the style samples, the marked-up files, the unseen and
/// held-out papers and reference lists.
fn fixture_files() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    let mut files = Vec::new();
    for dir in ["", "styles", "markup", "unseen", "heldout"] {
        let Ok(entries) = std::fs::read_dir(root.join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
            let readme = path.file_stem().is_some_and(|s| s == "README");
            if path.is_file() && ["txt", "md", "tex"].contains(&ext) && !readme {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

fn field(value: &str) -> Option<Field> {
    Some(Field::new(value, None))
}

fn person(family: &str, given: &str) -> Name {
    Name {
        family: Some(family.into()),
        given: Some(given.into()),
        ..Name::default()
    }
}

/// Values that break a naive writer.
const HOSTILE: [&str; 16] = [
    "A } B",
    "Unbalanced { title",
    "Close }{ open",
    "@comment{ and then",
    "Reading \\input{/etc/passwd} here",
    "50% of # and ~ & $ _ ^",
    "Trailing backslash \\",
    "The Concept of Law }} {{",
    "@book{evil, title={x}}",
    "Comment %{ hidden",
    "Balanced {IOM} and {x {y}} pairs",
    "Tiếng Việt có dấu",
    "ספר על משפט",
    "\u{200f}كتاب القانون\u{200e}",
    "Combining e\u{301} and a\u{308}\u{301} marks",
    "line\nbreak\tand \\\\ double",
];

/// One reference per hostile value, the value in its title, an author, its note and its
/// publisher, in every item type.
fn hostile() -> Document {
    let types = [
        ItemType::Book,
        ItemType::ArticleJournal,
        ItemType::Chapter,
        ItemType::Report,
        ItemType::Thesis,
        ItemType::Webpage,
        ItemType::Manuscript,
        ItemType::LegalCase,
        ItemType::PaperConference,
    ];
    let references = HOSTILE
        .iter()
        .enumerate()
        .map(|(i, value)| Reference {
            id: format!("hostile{i}"),
            item_type: types[i % types.len()],
            author: vec![
                person(value, "J."),
                Name {
                    literal: Some((*value).into()),
                    ..Name::default()
                },
                // what BibTeX reads as the end of a name part or of a name
                person("Doe, and Roe", "A, and B"),
            ],
            editor: vec![person("Ed}itor", "{A.")],
            title: field(value),
            container_title: field(value),
            publisher: field(value),
            publisher_place: field(value),
            note: field(value),
            volume: field("3"),
            page: field("37–73"),
            url: field("http://example.org/{a}%20b\\c d"),
            issued: Some(Date::from_year(2001)),
            ..Reference::default()
        })
        .collect();
    let mut document = Document {
        references,
        ..Document::default()
    };
    // ids a caller may set: unsafe characters in a key
    document.references[0].id = "bad key,{}\\%#".into();
    document.references[1].id = String::new();
    document
}

/// Every fixture's references and the hostile ones in one document, each key made unique by
/// the number of its file; made once for the tests that share it.
fn everything() -> &'static Document {
    static ALL: std::sync::OnceLock<Document> = std::sync::OnceLock::new();
    ALL.get_or_init(read_everything)
}

fn read_everything() -> Document {
    let mut all = hostile();
    for (i, path) in fixture_files().iter().enumerate() {
        let text = std::fs::read_to_string(path).expect("fixture");
        let document = common::read(&text, None);
        all.references
            .extend(document.references.into_iter().map(|r| Reference {
                id: format!("f{i}{}", r.id),
                ..r
            }));
    }
    all
}

/// A fresh directory for one check.
fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("opcit-bib-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// The keys of the entries of a `.bib` text, in order.
fn keys_of(bib: &str) -> Vec<String> {
    bib.lines()
        .filter(|l| l.starts_with('@'))
        .filter_map(|l| {
            let (_, rest) = l.split_once('{')?;
            Some(rest.trim_end_matches(',').to_string())
        })
        .collect()
}

/// What biber makes of `bib`, its data checked against its data model when `validate`: its
/// output file and its log.
fn biber(dir: &Path, bib: &str, validate: bool) -> (String, String) {
    std::fs::write(dir.join("in.bib"), bib).expect("bib");
    let validate = validate.then_some("--validate-datamodel");
    let out = Command::new("biber")
        .current_dir(dir)
        .args(["--tool", "--output-file=out.bib", "in.bib"])
        .args(validate)
        .output()
        .expect("biber runs");
    let log = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(out.status.success(), "biber failed:\n{log}");
    let read = std::fs::read_to_string(dir.join("out.bib")).expect("biber's output");
    (read, log)
}

fn assert_biber_reads_all(bib: &str, name: &str) {
    let (read, log) = biber(&temp_dir(name), bib, false);
    let problems: Vec<&str> = log
        .lines()
        .filter(|l| l.contains("ERROR") || l.contains("WARN"))
        .collect();
    assert!(problems.is_empty(), "{name}: {problems:#?}");
    let mut expected = keys_of(bib);
    let mut got = keys_of(&read);
    expected.sort();
    got.sort();
    assert_eq!(got, expected, "{name}: biber's entries");
}

fn assert_bibtex_reads_all(bib: &str, name: &str) {
    let dir = temp_dir(name);
    std::fs::write(dir.join("x.bib"), bib).expect("bib");
    std::fs::write(
        dir.join("x.aux"),
        "\\citation{*}\n\\bibstyle{plain}\n\\bibdata{x}\n",
    )
    .expect("aux");
    let out = Command::new("bibtex")
        .current_dir(&dir)
        .arg("x")
        .output()
        .expect("bibtex runs");
    let log = std::fs::read_to_string(dir.join("x.blg")).unwrap_or_default();
    // 0: fine, 1: warnings (an empty field the data lacks), 2 and more: errors
    assert!(out.status.code().is_some_and(|c| c < 2), "{name}:\n{log}");
    let bbl = std::fs::read_to_string(dir.join("x.bbl")).expect("x.bbl");
    let mut items: Vec<String> = bbl
        .lines()
        .filter_map(|l| l.strip_prefix("\\bibitem{"))
        .map(|k| k.trim_end_matches('}').to_string())
        .collect();
    let mut expected = keys_of(bib);
    items.sort();
    expected.sort();
    assert_eq!(items, expected, "{name}: bibtex's entries\n{log}");
}

#[test]
fn hostile_values_keep_every_entry_balanced() {
    for (name, bib) in [
        ("bibtex", to_bibtex_string(&hostile())),
        ("biblatex", to_biblatex_string(&hostile())),
    ] {
        assert_eq!(keys_of(&bib).len(), HOSTILE.len(), "{name}");
        for entry in bib.split("\n@") {
            let mut depth = 0i32;
            for c in entry.chars() {
                match c {
                    '{' => depth += 1,
                    '}' => depth -= 1,
                    _ => {}
                }
                assert!(depth >= 0, "{name}: a brace closes too soon in\n{entry}");
            }
            assert_eq!(depth, 0, "{name}: unbalanced\n{entry}");
            // one field a line: no value runs onto a line of its own
            for line in entry.lines().skip(1) {
                assert!(line.starts_with("  ") || line == "}", "{name}: {line}");
            }
        }
        for key in keys_of(&bib) {
            assert!(
                !key.is_empty()
                    && key
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || "-_:.".contains(c)),
                "{name}: key {key:?}"
            );
        }
    }
}

#[test]
fn biber_reads_every_entry() {
    if !tool("biber", "--version") {
        return;
    }
    let all = everything();
    assert_biber_reads_all(&to_biblatex_string(all), "biber-biblatex");
    assert_biber_reads_all(&to_bibtex_string(all), "biber-bibtex");
}

#[test]
fn biblatex_fits_biber_data_model() {
    if !tool("biber", "--version") {
        return;
    }
    let (_, log) = biber(
        &temp_dir("validate"),
        &to_biblatex_string(everything()),
        true,
    );
    // what the data lacks (a work without a year, a report without its type) is all that may
    // be missing; no field is of the wrong type or in an entry type without it
    let wrong: Vec<&str> = log
        .lines()
        .filter(|l| l.starts_with("WARN") && !l.contains("Missing mandatory field"))
        .collect();
    assert!(wrong.is_empty(), "{wrong:#?}");
}

#[test]
fn bibtex_reads_every_entry() {
    if !tool("bibtex", "--version") {
        return;
    }
    assert!(
        tool("kpsewhich", "plain.bst"),
        "plain.bst is missing (texlive-base has it)"
    );
    let all = everything();
    assert_bibtex_reads_all(&to_bibtex_string(all), "bibtex-bibtex");
    assert_bibtex_reads_all(&to_biblatex_string(all), "bibtex-biblatex");
}

/// A title as pandoc gives it back: without case (pandoc makes English titles sentence
/// case), its quotation marks alike, white space made single.
fn comparable(title: &str) -> String {
    title
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
        .replace(['‘', '’', '“', '”', '\'', '"'], "\"")
}

/// A hostile title as pandoc 2 reads it back: a brace without a partner (written
/// `\textbraceleft{}`, which pandoc 2 does not know) dropped.
fn without_lone_braces(title: &str) -> String {
    let mut open = Vec::new();
    let mut lone = Vec::new();
    for (i, c) in title.char_indices() {
        match c {
            '{' => open.push(i),
            '}' => match open.pop() {
                Some(_) => {}
                None => lone.push(i),
            },
            _ => {}
        }
    }
    lone.extend(open);
    title
        .char_indices()
        .filter(|(i, _)| !lone.contains(i))
        .map(|(_, c)| c)
        .collect()
}

#[test]
fn pandoc_reads_the_hostile_titles_back() {
    if !tool("pandoc", "--version") {
        return;
    }
    let document = hostile();
    for (format, bib) in [
        ("bibtex", to_bibtex_string(&document)),
        ("biblatex", to_biblatex_string(&document)),
    ] {
        let dir = temp_dir(&format!("pandoc-{format}"));
        std::fs::write(dir.join("x.bib"), &bib).expect("bib");
        let out = Command::new("pandoc")
            .current_dir(&dir)
            .args(["-f", format, "-t", "csljson", "x.bib"])
            .output()
            .expect("pandoc runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let items: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).expect("CSL-JSON");
        assert_eq!(items.len(), HOSTILE.len(), "{format}");
        for (item, value) in items.iter().zip(HOSTILE) {
            let title = item["title"].as_str().map(comparable);
            let expected = comparable(&without_lone_braces(value));
            assert_eq!(
                title.as_deref(),
                Some(expected.as_str()),
                "{format}: {value:?}"
            );
        }
    }
}
