//! Formatted output through hayagriva: bibliographies in several styles, footnotes re-rendered
//! with Ibid. and short notes, hayagriva's YAML, and the errors of `--style` and `--locale`.

mod common;

use common::{fixture, fixture_path, read};
use opcit::emit::{FormatOptions, Markup, format_bibliography, format_notes, to_yaml_string};
use opcit::model::CitationKind;
use opcit::{Document, Error};
use std::process::Command;

fn paper() -> Document {
    read(&fixture("gcim-rcmp-2004.txt"), None)
}

fn text(style: &str) -> FormatOptions {
    FormatOptions::new(Markup::Text).with_style(style)
}

/// Styles whose bibliography of the paper is snapshot.
const STYLES: [&str; 7] = [
    "apa",
    "chicago-notes",
    "chicago-author-date",
    "chicago-notes-ibid",
    "mla",
    "ieee",
    "harvard-cite-them-right",
];

#[test]
fn paper_bibliography_in_each_style() {
    let doc = paper();
    for style in STYLES {
        let out = format_bibliography(&doc, &text(style)).expect("formats");
        assert_eq!(out.lines().count(), 28, "{style}: one line per reference");
        insta::assert_snapshot!(format!("paper_bibliography_{style}"), out);
    }
}

#[test]
fn paper_bibliography_html() {
    let options = FormatOptions::new(Markup::Html).with_style("apa");
    let out = format_bibliography(&paper(), &options).expect("formats");
    assert_eq!(out.matches("<div class=\"csl-entry\">").count(), 28);
    assert!(!out.contains(" & "), "text is escaped");
    insta::assert_snapshot!(out);
}

#[test]
fn default_style_is_chicago_author_date() {
    let doc = paper();
    let default = format_bibliography(&doc, &FormatOptions::new(Markup::Text)).expect("formats");
    let chicago = format_bibliography(&doc, &text("chicago-author-date")).expect("formats");
    assert_eq!(default, chicago);
}

/// The note numbers whose rendered line is exactly `Ibid.` or starts with `Ibid.,`.
fn ibid_notes(out: &str) -> Vec<u32> {
    out.lines()
        .filter_map(|line| {
            let (number, body) = line.split_once(' ')?;
            (body == "Ibid." || body.starts_with("Ibid., "))
                .then(|| number.parse().ok())
                .flatten()
        })
        .collect()
}

#[test]
fn paper_notes_with_ibid() {
    let doc = paper();
    let out = format_notes(&doc, &text("chicago-notes-ibid")).expect("formats");
    let cited: Vec<u32> = doc
        .notes
        .iter()
        .filter(|n| !n.citations.is_empty())
        .map(|n| n.number)
        .collect();
    let numbers: Vec<u32> = out
        .lines()
        .filter_map(|l| l.split_whitespace().next()?.parse().ok())
        .collect();
    assert_eq!(numbers, cited, "one line per citing note, in order");
    // The paper writes Ibid. in notes 15 and 16. Note 15 follows a note citing two works, so
    // the CSL rules give a short note there; note 16 follows note 15's single work.
    let written: Vec<u32> = doc
        .notes
        .iter()
        .filter(|n| n.citations.iter().any(|c| c.kind == CitationKind::Ibid))
        .map(|n| n.number)
        .collect();
    assert_eq!(written, [15, 16]);
    assert_eq!(ibid_notes(&out), [16]);
    assert!(out.contains("\n15 Channac, “The evolution of international"));
    // A later citation of a work is short; the first is full.
    assert!(out.contains("\n41 Ghosh, Managing Migration, 239.\n"));
    assert!(out.contains("\n32 B. Ghosh, ed., Managing Migration."));
    insta::assert_snapshot!(out);
}

#[test]
fn paper_notes_in_cmos_short_notes() {
    let out = format_notes(&paper(), &text("chicago-notes")).expect("formats");
    assert!(ibid_notes(&out).is_empty(), "CMOS 18 has no Ibid.");
    assert!(out.contains("\n16 Channac, “The Evolution of International"));
    insta::assert_snapshot!(out);
}

#[test]
fn notes_in_another_locale() {
    let options = text("chicago-notes-ibid").with_locale("de-DE");
    let out = format_notes(&paper(), &options).expect("formats");
    assert!(out.contains("\n16 Ebd.\n"), "{out}");
    assert!(out.contains("Hrsg. G. Loescher und L. Monahan"));
}

#[test]
fn a_csl_file_works_like_its_name() {
    let doc = paper();
    let path = format!(
        "{}/styles/chicago-notes-ibid.csl",
        env!("CARGO_MANIFEST_DIR")
    );
    let by_file = format_notes(&doc, &text(&path)).expect("formats");
    let by_name = format_notes(&doc, &text("chicago-notes-ibid")).expect("formats");
    assert_eq!(by_file, by_name);
}

#[test]
fn yaml_reads_back() {
    let doc = paper();
    let yaml = to_yaml_string(&doc).expect("yaml");
    let library = hayagriva::io::from_yaml_str(&yaml).expect("hayagriva reads its YAML");
    assert_eq!(library.len(), 28);
    let chapter = library.get("overbeek2001").expect("chapter");
    assert_eq!(chapter.entry_type(), &hayagriva::types::EntryType::Chapter);
    let book = chapter.parents().first().expect("the book");
    assert_eq!(
        book.title().map(|t| t.value.to_string()).as_deref(),
        Some("Managing Migration. Time for a New International Regime?")
    );
    insta::assert_snapshot!(yaml);
}

#[test]
fn style_fixtures() {
    let dir = fixture_path("styles");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 7);
    for name in names {
        let doc = read(&fixture(&format!("styles/{name}")), None);
        let stem = name.trim_end_matches(".txt");
        let bibliography = format_bibliography(&doc, &text("chicago-notes-ibid")).expect("formats");
        assert_eq!(bibliography.lines().count(), doc.references.len());
        insta::assert_snapshot!(format!("style_{stem}_bibliography"), bibliography);
        let apa = format_bibliography(&doc, &text("apa")).expect("formats");
        insta::assert_snapshot!(format!("style_{stem}_apa"), apa);
        let notes = format_notes(&doc, &text("chicago-notes-ibid")).expect("formats");
        insta::assert_snapshot!(format!("style_{stem}_notes"), notes);
    }
}

#[test]
fn unknown_style_and_locale_are_errors() {
    let doc = paper();
    let err = format_bibliography(&doc, &text("nonesuch")).expect_err("unknown");
    assert!(matches!(err, Error::UnknownStyle { .. }));
    assert!(err.to_string().contains("chicago-notes-ibid"), "{err}");
    let err = format_bibliography(&doc, &text("apa").with_locale("xx-YY")).expect_err("locale");
    assert!(matches!(err, Error::UnknownLocale { .. }));
    let bad = std::env::temp_dir().join(format!("opcit-format-{}.csl", std::process::id()));
    std::fs::write(&bad, "<style").expect("written");
    let err = format_bibliography(&doc, &text(&bad.to_string_lossy())).expect_err("bad CSL");
    assert!(matches!(err, Error::BadStyle { .. }), "{err}");
    let _ = std::fs::remove_file(bad);
}

fn opcit(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_opcit"))
        .args(args)
        .output()
        .expect("opcit runs")
}

#[test]
fn command_line() {
    let paper = fixture_path("gcim-rcmp-2004.txt");
    let out = opcit(&[&paper, "--to", "text", "--style", "apa"]);
    assert!(out.status.success());
    assert_eq!(String::from_utf8_lossy(&out.stdout).lines().count(), 28);

    let out = opcit(&[&paper, "--to", "text", "--notes"]);
    let notes = String::from_utf8_lossy(&out.stdout);
    assert!(
        notes.contains("\n16 Ibid.\n"),
        "chicago-notes-ibid is the notes' default"
    );

    for args in [
        vec![paper.as_str(), "--to", "text", "--style", "nonesuch"],
        vec![paper.as_str(), "--to", "text", "--locale", "xx-YY"],
        vec![paper.as_str(), "--to", "json", "--notes"],
    ] {
        let out = opcit(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(err.lines().count(), 1, "{err}");
    }
}
