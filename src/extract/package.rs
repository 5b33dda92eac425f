//! What DOCX and ODT share: a zip package, and a document of body paragraphs and notes turned
//! into one text with the notes' ranges.
//!
//! The text is the body, one paragraph a block (blank lines between), a note's place in it
//! marked `[n]`; then the notes, one a block, each `[n] ` and its paragraphs (one a line). This
//! is the shape of pandoc's plain text. Footnotes are numbered 1, 2, … in the order the body
//! refers to them, as Word and LibreOffice number them. Endnotes, which word processors number
//! apart (often i, ii, …), come after the footnotes: numbered 1, 2, … when the document has no
//! footnotes, else on from the last footnote's number, with a diagnostic, so that every number
//! names one note. A note with a mark of its own (`*`) is in the text but is not a numbered
//! note: it is reported as skipped.

use super::{Extracted, Format};
use crate::Error;
use crate::model::{Diagnostic, DiagnosticCode, Severity, Span};
use crate::notes::{FoundNote, FoundNotes};
use std::io::{Cursor, Read};

/// The largest part of a package read: a bigger one is taken for a zip bomb.
const MAX_PART_BYTES: u64 = 256 << 20;

/// A zip package (DOCX, ODT) being read.
pub(crate) struct Package<'a> {
    zip: zip::ZipArchive<Cursor<&'a [u8]>>,
    format: Format,
}

impl<'a> Package<'a> {
    /// Open the package; an error when the bytes are not a readable zip archive.
    pub(crate) fn open(bytes: &'a [u8], format: Format) -> Result<Self, Error> {
        let zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| Error::BadPackage {
            format: format.name(),
            message: format!("not a readable zip archive ({e})"),
        })?;
        Ok(Package { zip, format })
    }

    /// The text of the part `name`; `None` when the package has no such part.
    pub(crate) fn part(&mut self, name: &str) -> Result<Option<String>, Error> {
        let bad = |message: String| Error::BadPackage {
            format: self.format.name(),
            message: format!("{name}: {message}"),
        };
        let entry = match self.zip.by_name(name) {
            Ok(entry) => entry,
            Err(zip::result::ZipError::FileNotFound) => return Ok(None),
            Err(e) => return Err(bad(e.to_string())),
        };
        let mut text = String::new();
        entry
            .take(MAX_PART_BYTES + 1)
            .read_to_string(&mut text)
            .map_err(|e| bad(e.to_string()))?;
        if text.len() as u64 > MAX_PART_BYTES {
            return Err(bad(format!("larger than {MAX_PART_BYTES} bytes")));
        }
        Ok(Some(text))
    }

    /// The text of the part `name`, which the package must have.
    pub(crate) fn required_part(&mut self, name: &str) -> Result<String, Error> {
        self.part(name)?.ok_or_else(|| Error::BadPackage {
            format: self.format.name(),
            message: format!("no {name} in the package"),
        })
    }
}

/// A piece of a paragraph: text, or the place of a note.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Inline {
    /// Text as it reads.
    Text(String),
    /// A reference to a note: its index in [`Story::notes`].
    Mark(usize),
}

/// A paragraph: its pieces in order.
pub(crate) type Paragraph = Vec<Inline>;

/// Footnote or endnote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum NoteClass {
    /// At the foot of the page.
    Footnote,
    /// At the end of the document.
    Endnote,
}

/// A note of the package.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PackageNote {
    /// Footnote or endnote.
    pub(crate) class: NoteClass,
    /// The mark the author gave it instead of a number (`*`).
    pub(crate) custom_mark: Option<String>,
    /// Its paragraphs; `None` when the body refers to a note the package does not have.
    pub(crate) paragraphs: Option<Vec<Paragraph>>,
}

/// A document read from a package: its body and its notes, in the order the body refers to
/// them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Story {
    /// The body's paragraphs.
    pub(crate) body: Vec<Paragraph>,
    /// The notes.
    pub(crate) notes: Vec<PackageNote>,
}

/// The labels of the notes (`1`, `*`) and their numbers, and the diagnostic of endnotes
/// numbered on after the footnotes.
fn number_notes(notes: &[PackageNote]) -> (Vec<String>, Vec<Option<u32>>, Option<Diagnostic>) {
    let numbered = |class| {
        notes
            .iter()
            .filter(|n| n.class == class && n.custom_mark.is_none())
            .count() as u32
    };
    let (footnotes, endnotes) = (numbered(NoteClass::Footnote), numbered(NoteClass::Endnote));
    let mut next = [1, if footnotes > 0 { footnotes + 1 } else { 1 }];
    let mut labels = Vec::with_capacity(notes.len());
    let mut numbers = Vec::with_capacity(notes.len());
    for note in notes {
        let number = match (&note.custom_mark, note.class) {
            (Some(_), _) => None,
            (None, class) => {
                let counter = &mut next[usize::from(class == NoteClass::Endnote)];
                *counter += 1;
                Some(*counter - 1)
            }
        };
        labels.push(match (&note.custom_mark, number) {
            (Some(mark), _) => mark.clone(),
            (None, Some(n)) => n.to_string(),
            (None, None) => String::new(),
        });
        numbers.push(number);
    }
    let diagnostic = (footnotes > 0 && endnotes > 0).then(|| {
        Diagnostic::new(
            Severity::Info,
            DiagnosticCode::EndnotesNumberedOn,
            format!(
                "the {endnotes} endnotes are numbered {} to {} after the {footnotes} footnotes",
                footnotes + 1,
                footnotes + endnotes
            ),
            None,
        )
    });
    (labels, numbers, diagnostic)
}

/// One paragraph as text: its marks as `[label]`, normalised, trimmed.
fn paragraph_text(paragraph: &Paragraph, labels: &[String]) -> String {
    let mut raw = String::new();
    for inline in paragraph {
        match inline {
            Inline::Text(text) => raw.push_str(text),
            Inline::Mark(i) => {
                raw.push('[');
                raw.push_str(labels.get(*i).map_or("", String::as_str));
                raw.push(']');
            }
        }
    }
    crate::text::normalize(&raw).text().trim().to_string()
}

/// Append a block to the text, a blank line after the one before.
fn push_block(text: &mut String, block: &str) {
    if !text.is_empty() {
        text.push_str("\n\n");
    }
    text.push_str(block);
}

/// The text of a document read from a package, and its notes as the notes stage hands them on.
pub(crate) fn to_extracted(story: &Story, format: Format) -> Extracted {
    let (labels, numbers, numbered_on) = number_notes(&story.notes);
    let mut text = String::new();
    for paragraph in &story.body {
        let block = paragraph_text(paragraph, &labels);
        if !block.is_empty() {
            push_block(&mut text, &block);
        }
    }
    let mut found = FoundNotes {
        kind: Some(format.input_kind()),
        ..FoundNotes::default()
    };
    found.diagnostics.extend(numbered_on);
    for class in [NoteClass::Footnote, NoteClass::Endnote] {
        for (i, note) in story.notes.iter().enumerate() {
            if note.class == class {
                push_note(&mut text, &mut found, note, (&labels, i), numbers[i]);
            }
        }
    }
    if found.notes.is_empty() {
        found.diagnostics.push(Diagnostic::new(
            Severity::Warning,
            DiagnosticCode::NoNotes,
            format!("the {} file has no footnotes or endnotes", format.name()),
            None,
        ));
    }
    Extracted {
        text,
        layout: None,
        notes: Some(found),
        format: Some(format),
    }
}

/// Append a note to the text and, when it has a number, to the found notes.
fn push_note(
    text: &mut String,
    found: &mut FoundNotes,
    note: &PackageNote,
    (labels, index): (&[String], usize),
    number: Option<u32>,
) {
    let label = labels.get(index).map_or("", String::as_str);
    let Some(paragraphs) = &note.paragraphs else {
        found.diagnostics.push(Diagnostic::new(
            Severity::Warning,
            DiagnosticCode::FootnoteUnmatched,
            format!("note [{label}] is referred to but not in the package; skipped"),
            None,
        ));
        return;
    };
    let lines: Vec<String> = paragraphs
        .iter()
        .map(|p| paragraph_text(p, labels))
        .filter(|p| !p.is_empty())
        .collect();
    push_block(text, &format!("[{label}] "));
    let start = text.len();
    text.push_str(&lines.join("\n"));
    let range = start..text.len();
    match number {
        Some(number) => found.notes.push(FoundNote {
            number,
            pieces: vec![range],
            markup: Vec::new(),
        }),
        None => found.diagnostics.push(Diagnostic::new(
            Severity::Info,
            DiagnosticCode::SkippedText,
            format!("note marked `{label}` has no number; skipped"),
            Some(Span::new(range.start, range.end)),
        )),
    }
}
