//! The machine-readable formats: snapshots of each on the bundled paper and on every style
//! fixture, and round trips through the readers people use (hayagriva and the biblatex crate,
//! citationberg, pandoc).

mod common;

use common::{fixture, read, squash};
use opcit::emit::{
    to_biblatex_string, to_bibtex_string, to_csl_citations_string, to_csl_json_string,
    to_ris_string,
};
use opcit::model::Language;
use opcit::{Document, InputKind};
use std::process::Command;
use unicode_normalization::UnicodeNormalization;

/// The bundled paper and every style fixture, by snapshot name.
const FIXTURES: [(&str, &str); 8] = [
    ("paper", "gcim-rcmp-2004.txt"),
    ("author-date", "styles/author-date.txt"),
    ("chicago", "styles/chicago.txt"),
    ("civil-law", "styles/civil-law.txt"),
    ("french", "styles/french.txt"),
    ("german", "styles/german.txt"),
    ("italian-spanish", "styles/italian-spanish.txt"),
    ("oxford", "styles/oxford.txt"),
];

/// A writer of one format.
type Writer = fn(&Document) -> String;

/// Each format by the name its snapshots carry.
const FORMATS: [(&str, Writer); 5] = [
    ("bibtex", to_bibtex_string),
    ("biblatex", to_biblatex_string),
    ("ris", to_ris_string),
    ("csl-json", to_csl_json_string),
    ("csl-citations", to_csl_citations_string),
];

fn documents() -> Vec<(&'static str, Document)> {
    FIXTURES
        .iter()
        .map(|(name, file)| (*name, read(&fixture(file), None)))
        .collect()
}

fn paper() -> Document {
    read(&fixture("gcim-rcmp-2004.txt"), None)
}

#[test]
fn snapshots_of_every_format() {
    for (name, document) in documents() {
        for (format, write) in FORMATS {
            insta::assert_snapshot!(format!("{name}.{format}"), write(&document));
        }
    }
}

/// Titles compared as text: NFC, white space made single.
fn same_text(text: &str) -> String {
    text.nfc()
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn bibtex_and_biblatex_read_back_with_hayagriva() {
    for (name, document) in documents() {
        for (format, bib) in [
            ("bibtex", to_bibtex_string(&document)),
            ("biblatex", to_biblatex_string(&document)),
        ] {
            let library = hayagriva::io::from_biblatex_str(&bib)
                .unwrap_or_else(|e| panic!("{name} {format}: {e:?}\n{bib}"));
            assert_eq!(library.len(), document.references.len(), "{name} {format}");
            for reference in &document.references {
                let entry = library
                    .get(&reference.id)
                    .unwrap_or_else(|| panic!("{name} {format}: {} missing", reference.id));
                let read_title = entry.title().map(|t| same_text(&t.value.to_str()));
                let title = reference.title.as_ref().map(|t| same_text(&t.value));
                assert_eq!(read_title, title, "{name} {format} {}", reference.id);
            }
        }
    }
}

#[test]
fn bibtex_of_the_paper() {
    let bib = to_bibtex_string(&paper());
    assert_eq!(bib.matches("\n@").count() + 1, 28);
    // Organisations are not split, accented letters are LaTeX commands, months are macros.
    assert!(bib.contains("author = {{UN Population Division}},"));
    assert!(bib.contains("author = {Hock{\\'{e}}, J.-P.},"));
    assert!(bib.contains("@techreport{klekowski2001,"));
    assert!(bib.contains("month = nov,"));
    let biblatex = to_biblatex_string(&paper());
    assert!(biblatex.contains("author = {Hocké, J.-P.},"));
    assert!(biblatex.contains("@report{klekowski2001,"));
    assert!(biblatex.contains("date = {2001-06-14},"));
}

#[test]
fn csl_json_reads_back_with_citationberg() {
    for (name, document) in documents() {
        let csl = to_csl_json_string(&document);
        let items: Vec<citationberg::json::Item> =
            serde_json::from_str(&csl).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(items.len(), document.references.len(), "{name}");
        for (item, reference) in items.iter().zip(&document.references) {
            let id = item.0.get("id").and_then(|v| v.to_str());
            assert_eq!(id.as_deref(), Some(reference.id.as_str()), "{name}");
            let title = item.0.get("title").and_then(|v| v.to_str());
            let expected = reference.title.as_ref().map(|t| t.value.as_str());
            assert_eq!(title.as_deref(), expected, "{name} {}", reference.id);
        }
    }
}

#[test]
fn csl_citations_are_one_cluster_per_citing_note() {
    let document = paper();
    let clusters: serde_json::Value =
        serde_json::from_str(&to_csl_citations_string(&document)).expect("JSON");
    let clusters = clusters.as_array().expect("an array");
    let citing: Vec<u32> = document
        .notes
        .iter()
        .filter(|n| n.citations.iter().any(|c| c.id.is_some()))
        .map(|n| n.number)
        .collect();
    assert_eq!(clusters.len(), citing.len());
    for (cluster, number) in clusters.iter().zip(&citing) {
        assert_eq!(cluster["properties"]["noteIndex"], *number);
        assert_eq!(cluster["citationID"], format!("note-{number}"));
        for item in cluster["citationItems"].as_array().expect("items") {
            let id = item["id"].as_str().expect("an id");
            assert!(document.reference(id).is_some(), "{id}");
        }
    }
    // Note 32: `See Ghosh, op. cit., p.237-238.`
    let note32 = clusters
        .iter()
        .find(|c| c["properties"]["noteIndex"] == 32)
        .expect("note 32");
    assert_eq!(
        note32["citationItems"],
        serde_json::json!([{"id": "ghosh2001", "locator": "237-238", "label": "page"}])
    );
    let items: usize = clusters
        .iter()
        .map(|c| c["citationItems"].as_array().map_or(0, Vec::len))
        .sum();
    let all: usize = document.notes.iter().map(|n| n.citations.len()).sum();
    assert_eq!(
        items + opcit::emit::citations_without_reference(&document),
        all
    );
}

#[test]
fn ris_records_of_the_paper() {
    let ris = to_ris_string(&paper());
    assert_eq!(ris.matches("TY  - ").count(), 28);
    assert_eq!(ris.matches("ER  - ").count(), 28);
    for line in ris.lines().filter(|l| !l.is_empty()) {
        assert!(
            line.len() >= 6 && &line[2..6] == "  - ",
            "not a RIS line: {line}"
        );
    }
    assert!(ris.contains("TY  - CHAP\nAU  - Overbeek, H.\nA2  - Ghosh, B.\n"));
    assert!(ris.contains("SP  - 37\nEP  - 73\n"));
}

/// pandoc, when it is there; in CI (`CI` set) it must be.
fn pandoc() -> bool {
    common::tool("pandoc", "--version")
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("opcit-emit-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, text).expect("temp file");
    path
}

fn run_pandoc(args: &[&str]) -> String {
    let out = Command::new("pandoc")
        .args(args)
        .output()
        .expect("pandoc runs");
    assert!(
        out.status.success(),
        "pandoc {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8")
}

/// pandoc's titles, compared without case (pandoc makes English titles sentence case, as CSL
/// wants them), without the case-protecting markup (`<span class="nocase">`) it may add, and
/// with every quotation mark alike (it writes quoted words with its own marks).
fn pandoc_title(text: &str) -> String {
    same_text(&strip_tags(text))
        .to_lowercase()
        .replace(['‘', '’', '“', '”', '\'', '"'], "\"")
}

/// Text without its HTML tags.
fn strip_tags(text: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in text.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn pandoc_reads_both_bibtex_flavours() {
    if !pandoc() {
        return;
    }
    let document = paper();
    for (format, bib) in [
        ("bibtex", to_bibtex_string(&document)),
        ("biblatex", to_biblatex_string(&document)),
    ] {
        let path = temp_file(&format!("paper.{format}.bib"), &bib);
        let json = run_pandoc(&["-f", format, "-t", "csljson", &path.to_string_lossy()]);
        let items: Vec<serde_json::Value> = serde_json::from_str(&json).expect("CSL-JSON");
        assert_eq!(items.len(), 28, "{format}");
        for reference in &document.references {
            let item = items
                .iter()
                .find(|i| i["id"] == reference.id.as_str())
                .unwrap_or_else(|| panic!("{format}: {} missing", reference.id));
            let title = item["title"].as_str().map(pandoc_title);
            let expected = reference.title.as_ref().map(|t| pandoc_title(&t.value));
            assert_eq!(title, expected, "{format} {}", reference.id);
        }
    }
}

#[test]
fn pandoc_citeproc_renders_the_csl_json_bibliography() {
    if !pandoc() {
        return;
    }
    let refs = temp_file("paper.json", &to_csl_json_string(&paper()));
    let markdown = temp_file("paper.md", "---\nnocite: '@*'\n---\n\n# References\n");
    let html = run_pandoc(&[
        "--citeproc",
        "--bibliography",
        &refs.to_string_lossy(),
        "-t",
        "html",
        &markdown.to_string_lossy(),
    ]);
    assert_eq!(html.matches("class=\"csl-entry\"").count(), 28, "{html}");
    assert!(html.contains("Overbeek"));
}

#[test]
fn pandoc_reads_the_csl_json_of_a_reference_list() {
    if !pandoc() {
        return;
    }
    let refs = "Tuck, Richard. Natural Rights Theories. Cambridge: Cambridge University Press, 1979.\n\
                \n\
                Hurrell, Andrew. Regionalism in Theoretical Perspective. Oxford, 1995.\n";
    let document = read(refs, Some(InputKind::Refs));
    let path = temp_file("refs.json", &to_csl_json_string(&document));
    let json = run_pandoc(&["-f", "csljson", "-t", "csljson", &path.to_string_lossy()]);
    let items: Vec<serde_json::Value> = serde_json::from_str(&json).expect("CSL-JSON");
    assert_eq!(items.len(), 3);
}

/// The bibliography pandoc's citeproc renders of a CSL-JSON text, in its default style.
fn pandoc_bibliography(name: &str, csl_json: &str) -> String {
    let refs = temp_file(&format!("{name}.json"), csl_json);
    let markdown = temp_file(&format!("{name}.md"), "---\nnocite: '@*'\n---\n");
    run_pandoc(&[
        "--citeproc",
        "--bibliography",
        &refs.to_string_lossy(),
        "-t",
        "plain",
        &markdown.to_string_lossy(),
    ])
}

#[test]
fn a_german_title_keeps_its_case_in_pandoc() {
    if !pandoc() {
        return;
    }
    let refs = "Müller, Karl: Die Großmachtstellung im Völkerrecht des neunzehnten Jahrhunderts, Berlin: Duncker & Humblot 1999.\n\
                Rossi, Mario, Il diritto dei migranti nella storia della Repubblica italiana, Roma, Laterza, 2005.\n";
    let document = read(refs, Some(InputKind::Refs));
    let languages: Vec<_> = document.references.iter().map(|r| r.language).collect();
    assert_eq!(languages, [Some(Language::German), Some(Language::Italian)]);
    let json = to_csl_json_string(&document);
    assert!(json.contains("\"language\": \"de\""), "{json}");
    let text = squash(&pandoc_bibliography("german", &json));
    assert!(
        text.contains("Die Großmachtstellung im Völkerrecht des neunzehnten Jahrhunderts"),
        "{text}"
    );
    assert!(
        text.contains("Il diritto dei migranti nella storia della"),
        "{text}"
    );
    // without the language, the default style title-cases it as English
    let mut items: Vec<serde_json::Value> = serde_json::from_str(&json).expect("CSL-JSON");
    for item in &mut items {
        item.as_object_mut().map(|o| o.remove("language"));
    }
    let bare = serde_json::to_string(&items).expect("JSON");
    let text = squash(&pandoc_bibliography("german-bare", &bare));
    assert!(text.contains("Großmachtstellung Im Völkerrecht"), "{text}");
}

#[test]
fn pandoc_citeproc_renders_a_case_as_a_case() {
    if !pandoc() {
        return;
    }
    let notes = "1 Chevron U.S.A., Inc. v. Natural Resources Defense Council, Inc., 467 U.S. 837 (1984).\n\
                 2 Ibid., at 842.\n";
    let document = read(notes, Some(InputKind::Notes));
    assert_eq!(document.references.len(), 1);
    let text = pandoc_bibliography("case", &to_csl_json_string(&document));
    // as a case: the name in roman, not quoted as an article's title would be
    assert!(text.contains("Chevron"), "{text}");
    assert!(!text.contains('“'), "{text}");
}

#[test]
fn the_command_line_prints_bibtex_by_default() {
    let path = common::fixture_path("gcim-rcmp-2004.txt");
    let out = Command::new(env!("CARGO_BIN_EXE_opcit"))
        .arg(&path)
        .output()
        .expect("opcit runs");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        to_bibtex_string(&paper())
    );
    let out = Command::new(env!("CARGO_BIN_EXE_opcit"))
        .args([path.as_str(), "--to", "csl-citations"])
        .output()
        .expect("opcit runs");
    assert!(out.status.success());
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        to_csl_citations_string(&paper())
    );
}
