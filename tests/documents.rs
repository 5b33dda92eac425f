//! PDF, DOCX and ODT files, made here from the sources in `tests/documents/`: DOCX and ODT by
//! pandoc from Markdown, PDFs by groff (`-ms -Tpdf`), read back with `pdftotext`. Each
//! document's notes are checked against the notes its source has.
//!
//! Without pandoc, groff or pdftotext the tests that need them are skipped with a message,
//! except with `CI` set, where they fail (`.ci/run` installs them).

mod common;

use common::squash;
use opcit::extract::{Extracted, Format};
use opcit::{Document, Error, InputKind, Options};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The notes of `tests/documents/footnotes.md`, as a word processor shows them.
const MARKDOWN_NOTES: [&str; 6] = [
    "Overbeek, H., 2001, « Globalization, Sovereignty, and Transnational Regulation », in \
     Ghosh, B. (ed.), Managing Migration, New York, Oxford University Press, p. 48.",
    "See Ghosh, op. cit., p. 237-238.",
    "Saskia Sassen, Losing Control? Sovereignty in an Age of Globalization (New York: Columbia \
     University Press, 1996), 63.\nThe second paragraph of the same note: James F. Hollifield, \
     “The Emerging Migration State,” International Migration Review 38, no. 3 (2004): 885–912.",
    "UNHCR, Global Trends 2004, available at \
     https://www.unhcr.org/statistics/global-trends-2004.html.",
    "Ibid., p. 12, calling it “the first duty”.",
    "Michael Walzer, Spheres of Justice (New York: Basic Books, 1983), 31–63.",
];

/// Whether `program` runs; in CI (`CI` set) it must.
fn have(program: &str) -> bool {
    common::tool(
        program,
        if program == "pdftotext" {
            "-v"
        } else {
            "--version"
        },
    )
}

fn source(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/documents")
        .join(name)
}

fn temp_dir() -> PathBuf {
    let dir = std::env::temp_dir().join(format!("opcit-documents-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

/// pandoc's conversion of a Markdown file of `tests/documents/` to `extension`.
fn pandoc(markdown: &str, extension: &str) -> Vec<u8> {
    let out = temp_dir().join(format!("{markdown}.{extension}"));
    let status = Command::new("pandoc")
        .arg(source(markdown))
        .arg("-o")
        .arg(&out)
        .status()
        .expect("pandoc runs");
    assert!(status.success(), "pandoc {markdown} -o {}", out.display());
    std::fs::read(&out).expect("pandoc's output")
}

/// groff's PDF of an ms source of `tests/documents/`.
fn groff(ms: &str) -> Vec<u8> {
    let out = Command::new("groff")
        .args(["-ms", "-Tpdf"])
        .arg(source(ms))
        .output()
        .expect("groff runs");
    assert!(out.status.success(), "groff -ms -Tpdf {ms}");
    assert!(
        out.stdout.starts_with(b"%PDF-"),
        "groff made no PDF of {ms}"
    );
    out.stdout
}

/// The numbered notes of an ms source (`.FS` … `.FE`; `.FS *` is not numbered), as groff
/// sets them.
fn notes_of_ms(ms: &str) -> Vec<(u32, String)> {
    let text = std::fs::read_to_string(source(ms)).expect("ms source");
    let mut notes = Vec::new();
    let mut open: Option<Vec<&str>> = None;
    for line in text.lines() {
        if let Some(rest) = line.strip_prefix(".FS") {
            open = rest.trim().is_empty().then(Vec::new);
        } else if line.starts_with(".FE") {
            if let Some(lines) = open.take() {
                let note = lines
                    .join(" ")
                    .replace("\\(lq", "“")
                    .replace("\\(rq", "”")
                    .replace("\\('e", "é")
                    .replace("\\('i", "í")
                    .replace('\'', "’");
                notes.push((notes.len() as u32 + 1, note));
            }
        } else if let Some(lines) = open.as_mut() {
            lines.push(line);
        }
    }
    notes
}

/// Every note of `document`, whole: its spans slice its text out of the extracted text (a
/// word broken after a hyphen at a line end joined, as normalisation joins it).
fn assert_spans_point_into_the_source_text(document: &Document) {
    let text = document.source_text.as_deref().expect("a source text");
    for note in &document.notes {
        let sliced: Vec<&str> = note.spans.iter().map(|s| &text[s.start..s.end]).collect();
        let sliced = sliced.join("\n").replace("-\n", "-");
        assert_eq!(squash(&sliced), squash(&note.text), "{}", note.number);
    }
}

fn assert_markdown_notes(document: &Document, kind: InputKind) {
    assert_eq!(document.input, Some(kind));
    let found: Vec<(u32, &str)> = document
        .notes
        .iter()
        .map(|n| (n.number, n.text.as_str()))
        .collect();
    let expected: Vec<(u32, &str)> = (1..).zip(MARKDOWN_NOTES).collect();
    assert_eq!(found, expected);
    assert_spans_point_into_the_source_text(document);
    assert!(document.reference("overbeek2001").is_some());
}

#[test]
fn docx_footnotes_are_read_whole_with_their_numbers() {
    if !have("pandoc") {
        return;
    }
    let docx = pandoc("footnotes.md", "docx");
    let document = opcit::read_bytes(&docx, &Options::default()).expect("reads");
    assert_markdown_notes(&document, InputKind::Docx);
    let text = document.source_text.as_deref().unwrap_or_default();
    assert!(
        text.contains("sovereignty.[1] The literature is large,[2]"),
        "{text}"
    );
}

#[test]
fn odt_footnotes_are_read_whole_with_their_numbers() {
    if !have("pandoc") {
        return;
    }
    let odt = pandoc("footnotes.md", "odt");
    let document = opcit::read_bytes(&odt, &Options::default()).expect("reads");
    assert_markdown_notes(&document, InputKind::Odt);
}

#[test]
fn a_docx_without_notes_says_so() {
    if !have("pandoc") {
        return;
    }
    let docx = pandoc("no-notes.md", "docx");
    let document = opcit::read_bytes(&docx, &Options::default()).expect("reads");
    assert!(document.notes.is_empty());
    assert!(
        document
            .diagnostics
            .iter()
            .any(|d| d.code == opcit::model::DiagnosticCode::NoNotes),
        "{:?}",
        document.diagnostics
    );
}

#[test]
fn a_corrupt_package_is_a_clear_error() {
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend_from_slice(b"word/document.xml and then nothing a zip reader can use");
    let error = opcit::read_bytes(&bytes, &Options::default()).expect_err("fails");
    assert!(matches!(error, Error::BadPackage { .. }), "{error:?}");
    let message = error.to_string();
    assert!(message.starts_with("not a readable DOCX file"), "{message}");
    assert!(!message.contains('\n'));
    // text asked to be read as DOCX
    let error =
        opcit::read_bytes(b"plain text", &Options::with_input(InputKind::Docx)).expect_err("fails");
    assert!(matches!(error, Error::BadPackage { .. }), "{error:?}");
}

/// The PDF of an ms source, extracted, with its notes as written.
fn extracted_pdf(ms: &str) -> Option<(Extracted, Vec<(u32, String)>)> {
    if !have("groff") || !have("pdftotext") {
        return None;
    }
    let extracted = opcit::extract::extract(&groff(ms), Format::Pdf).expect("extracts");
    Some((extracted, notes_of_ms(ms)))
}

/// The lines of a text, white space squashed, and the whole text squashed.
fn squashed_lines(text: &str) -> (Vec<String>, String) {
    let lines = text.split(['\n', '\u{c}']).map(squash).collect();
    (lines, squash(text))
}

/// Every note of `notes` but `except` is in the text, whole and in one piece, on a line of its
/// own that starts with its number.
fn assert_notes_in_text(text: &str, notes: &[(u32, String)], except: &[u32]) {
    let (lines, flat) = squashed_lines(text);
    for (number, note) in notes.iter().filter(|(n, _)| !except.contains(n)) {
        let words: Vec<&str> = note.split_whitespace().take(4).collect();
        let start = format!("{number} {}", words.join(" "));
        assert!(
            lines.iter().any(|l| l.starts_with(&start)),
            "note {number} does not start a line: {start}"
        );
        assert!(flat.contains(&squash(note)), "note {number} is not whole");
    }
}

#[test]
fn a_one_column_pdf_is_laid_out_as_pdf_text() {
    let Some((extracted, notes)) = extracted_pdf("one-column.ms") else {
        return;
    };
    let text = &extracted.text;
    assert_eq!(notes.len(), 7);
    // note 4 runs over to page 2: its two parts are each whole
    assert_notes_in_text(text, &notes, &[4]);
    assert!(text.contains("\n4 Daniel Thym, “Residence as de facto Citizenship?"));
    assert!(text.contains("\nof it is carried over to the foot of the next page"));
    assert_eq!(text.matches('\u{c}').count(), 1, "two pages");
    assert!(text.contains("\n* The author teaches law at the University of Nowhere."));
    for heading in [
        "1. Introduction",
        "2. The courts and the border",
        "4. Conclusion",
    ] {
        assert_eq!(
            text.matches(heading).count(),
            2,
            "{heading}: contents and heading"
        );
    }
}

#[test]
fn a_pdf_layout_has_every_line_with_its_page_and_size() {
    let Some((extracted, _)) = extracted_pdf("one-column.ms") else {
        return;
    };
    let (text, layout) = (&extracted.text, extracted.layout.expect("a layout"));
    assert_eq!(layout.pages.len(), 2);
    assert!(
        layout
            .pages
            .iter()
            .all(|p| p.width > 500.0 && p.height > 700.0)
    );
    let mut last_page = 0;
    for line in &layout.lines {
        assert!(!text[line.range.clone()].trim().is_empty());
        assert!(line.page >= last_page && line.page < 2);
        last_page = line.page;
        let words = layout.words_of(line);
        assert_eq!(words.first().map(|w| w.range.start), Some(line.range.start));
        assert_eq!(words.last().map(|w| w.range.end), Some(line.range.end));
    }
    let height_of = |start: &str| {
        let at = text.find(start).expect("the line");
        layout.line_at(at).expect("its geometry").bbox
    };
    let body = height_of("Migration has long been studied");
    let note = height_of("1 Hans Kelsen");
    assert!(note.height < body.height, "notes are set smaller");
    assert!(note.y > body.y, "notes are below the body");
    let marker = layout.words_of(
        layout
            .line_at(text.find("1 Hans").unwrap_or(0))
            .expect("line"),
    );
    assert!(
        marker[0].bbox.height < marker[1].bbox.height,
        "the marker is smaller"
    );
}

#[test]
fn a_two_column_pdf_is_read_column_by_column() {
    let Some((extracted, notes)) = extracted_pdf("two-columns.ms") else {
        return;
    };
    let text = &extracted.text;
    assert_eq!(notes.len(), 6);
    // note 3 ends with a URL broken after a hyphen at a line end
    assert_notes_in_text(text, &notes, &[3]);
    assert!(text.contains("\n3 The guidelines of the journal are at\nhttps://www.example.org/"));
    let at = |s: &str| text.find(s).unwrap_or_else(|| panic!("{s}"));
    // the first column, its notes, then the second column and its notes
    assert!(at("1. The problem") < at("2. What the columns hide"));
    assert!(at("2. What the columns hide") < at("1 Anthony Grafton"));
    assert!(at("4 Chuck Zerby") < at("That position is what the PDF knows"));
    assert!(at("3. Conclusion") < at("5 Ibid., 41."));
}

/// Read a PDF made of an ms source; the document and the notes written in it.
fn read_pdf(ms: &str) -> Option<(Document, Vec<(u32, String)>)> {
    if !have("groff") || !have("pdftotext") {
        return None;
    }
    let document = opcit::read_bytes(&groff(ms), &Options::default()).expect("reads");
    Some((document, notes_of_ms(ms)))
}

/// Every note written is found, whole, with its number, and no other.
fn assert_notes_found(document: &Document, notes: &[(u32, String)]) {
    assert_spans_point_into_the_source_text(document);
    let found: Vec<(u32, String)> = document
        .notes
        .iter()
        .map(|n| (n.number, squash(&n.text.replace("-\n", "-"))))
        .collect();
    let expected: Vec<(u32, String)> = notes.iter().map(|(n, t)| (*n, squash(t))).collect();
    assert_eq!(found, expected);
}

#[test]
fn a_pdf_is_read_as_pdf_text_with_spans_into_its_text() {
    let Some((document, _)) = read_pdf("two-columns.ms") else {
        return;
    };
    assert_eq!(document.input, Some(InputKind::PdfText));
    assert_spans_point_into_the_source_text(&document);
    assert!(!document.notes.is_empty());
}

#[test]
fn the_notes_of_a_one_column_pdf_are_found() {
    let Some((document, notes)) = read_pdf("one-column.ms") else {
        return;
    };
    assert_notes_found(&document, &notes);
}

#[test]
fn the_notes_of_a_two_column_pdf_are_found() {
    let Some((document, notes)) = read_pdf("two-columns.ms") else {
        return;
    };
    assert_notes_found(&document, &notes);
}

/// The Markdown notes, through pandoc's ms and groff's PDF: a note of two paragraphs is read
/// whole (its second paragraph is set in the notes' type).
#[test]
fn a_pdf_of_the_markdown_notes_keeps_each_paragraph_of_a_note() {
    if !have("pandoc") || !have("groff") || !have("pdftotext") {
        return;
    }
    let ms = temp_dir().join("footnotes.ms");
    let status = Command::new("pandoc")
        .arg(source("footnotes.md"))
        .args(["-s", "-t", "ms", "-o"])
        .arg(&ms)
        .status()
        .expect("pandoc runs");
    assert!(status.success());
    let pdf = Command::new("groff")
        .args(["-k", "-ms", "-Tpdf"])
        .arg(&ms)
        .output()
        .expect("groff runs");
    assert!(pdf.status.success());
    let document = opcit::read_bytes(&pdf.stdout, &Options::default()).expect("reads");
    let found: Vec<(u32, String)> = document
        .notes
        .iter()
        .map(|n| (n.number, squash(&n.text)))
        .collect();
    let expected: Vec<(u32, String)> = (1..).zip(MARKDOWN_NOTES.map(squash)).collect();
    assert_eq!(found, expected);
}

#[test]
fn a_numbered_list_in_the_body_type_is_no_note() {
    let Some((document, notes)) = read_pdf("body-list.ms") else {
        return;
    };
    assert_notes_found(&document, &notes);
}

#[test]
fn a_pdf_without_text_is_a_clear_error() {
    if !have("groff") || !have("pdftotext") {
        return;
    }
    let error = opcit::read_bytes(&groff("no-text.ms"), &Options::default()).expect_err("fails");
    assert!(
        matches!(error, Error::NoText { format: "PDF" }),
        "{error:?}"
    );
}

#[test]
fn a_broken_pdf_is_a_clear_error() {
    if !have("pdftotext") {
        return;
    }
    let error =
        opcit::read_bytes(b"%PDF-1.4\nnothing else", &Options::default()).expect_err("fails");
    assert!(matches!(error, Error::BadPdf { .. }), "{error:?}");
    assert!(!error.to_string().contains('\n'));
}

#[test]
fn an_encrypted_pdf_is_a_clear_error_and_one_without_a_user_password_is_read() {
    if !have("groff") || !have("pdftotext") || !have("qpdf") {
        return;
    }
    let dir = temp_dir();
    let plain = dir.join("plain.pdf");
    std::fs::write(&plain, groff("one-column.ms")).expect("write");
    let encrypt = |user: &str, name: &str| {
        let out = dir.join(name);
        let status = Command::new("qpdf")
            .args(["--encrypt", user, "owner-secret", "256", "--"])
            .arg(&plain)
            .arg(&out)
            .status()
            .expect("qpdf runs");
        assert!(status.success());
        std::fs::read(out).expect("read")
    };
    let locked = encrypt("user-secret", "locked.pdf");
    let error = opcit::read_bytes(&locked, &Options::default()).expect_err("fails");
    assert!(matches!(error, Error::EncryptedPdf), "{error:?}");
    assert!(!error.to_string().contains('\n'));
    // Restricted (an owner password only): it opens, and its notes are read.
    let restricted = encrypt("", "restricted.pdf");
    let document = opcit::read_bytes(&restricted, &Options::default()).expect("reads");
    assert_eq!(document.notes.len(), notes_of_ms("one-column.ms").len());
}

/// Run the command line.
fn opcit(args: &[&str], env: &[(&str, &str)]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_opcit"))
        .args(args)
        .envs(env.iter().copied())
        .output()
        .expect("opcit runs")
}

/// Standard error, checked to be one line.
fn one_line_error(out: &std::process::Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert_eq!(err.lines().count(), 1, "stderr: {err}");
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    err
}

fn write_temp(name: &str, bytes: &[u8]) -> String {
    let path = temp_dir().join(name);
    std::fs::write(&path, bytes).expect("temp file");
    path.to_string_lossy().into_owned()
}

#[test]
fn the_command_line_names_a_corrupt_file_and_fails() {
    let docx = write_temp("corrupt.docx", b"PK\x03\x04 this is no zip archive");
    let err = one_line_error(&opcit(&[&docx], &[]));
    assert!(
        err.contains("corrupt.docx: not a readable DOCX file"),
        "{err}"
    );
    // by its extension, a file that is not what it says
    let odt = write_temp("text.odt", b"only text");
    let err = one_line_error(&opcit(&[&odt], &[]));
    assert!(err.contains("text.odt: not a readable ODT file"), "{err}");
}

#[test]
fn the_command_line_names_the_missing_pdf_program() {
    let pdf = write_temp("missing-program.pdf", b"%PDF-1.4\n");
    let missing = [("OPCIT_PDFTOTEXT", "/nonexistent/pdftotext")];
    let err = one_line_error(&opcit(&[&pdf], &missing));
    assert!(
        err.contains("needs the program `/nonexistent/pdftotext` (Debian package poppler-utils)"),
        "{err}"
    );
}

#[test]
fn the_command_line_reads_pdf_and_docx_files_and_directories_of_them() {
    if !have("pandoc") || !have("groff") || !have("pdftotext") {
        return;
    }
    let dir = temp_dir().join("batch");
    std::fs::create_dir_all(&dir).expect("batch dir");
    std::fs::write(dir.join("a.docx"), pandoc("footnotes.md", "docx")).expect("docx");
    std::fs::write(dir.join("b.pdf"), groff("two-columns.ms")).expect("pdf");
    let dir = dir.to_string_lossy().into_owned();
    let out = opcit(&[&dir, "--to", "json"], &[]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<serde_json::Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON line"))
        .collect();
    assert_eq!(lines.len(), 2);
    for line in &lines {
        let text = line["source_text"].as_str().expect("source_text");
        for note in line["notes"].as_array().expect("notes") {
            let span = &note["spans"][0];
            let (start, end) = (span[0].as_u64().unwrap_or(0), span[1].as_u64().unwrap_or(0));
            let sliced = text
                .get(start as usize..end as usize)
                .expect("a span of the text");
            assert!(!sliced.is_empty());
        }
    }
    assert_eq!(lines[0]["notes"].as_array().map(Vec::len), Some(6));
    let single = opcit(&[&format!("{dir}/a.docx")], &[]);
    assert!(String::from_utf8_lossy(&single.stdout).contains("@incollection{overbeek2001"));
}

#[test]
fn text_inputs_have_no_source_text() {
    let document =
        opcit::read_str("1 See Ghosh, op. cit., p. 237.\n", &Options::default()).expect("reads");
    assert!(document.source_text.is_none());
    let json = serde_json::to_string(&document).expect("json");
    assert!(!json.contains("source_text"));
}

#[test]
fn help_lists_the_document_extensions() {
    let out = opcit(&["--help"], &[]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(squash(&help).contains(".pdf, .docx and .odt"), "{help}");
    assert!(help.contains("docx, odt"), "{help}");
}
