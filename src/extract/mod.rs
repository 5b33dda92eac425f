//! Documents that are not text: PDF, DOCX and ODT files, turned into a text the pipeline reads.
//!
//! Each format gives an [`Extracted`]: the text opcit made of the file, which becomes the
//! document's input (every span of a PDF, DOCX or ODT input is a byte range of this text, which
//! `--to json` prints as `source_text`), and what the format knows beyond the text:
//!
//! - a **PDF** is read by poppler's `pdftotext -bbox-layout` (run as a program): the text is
//!   laid out as the `pdf-text` reader expects (one line per PDF text line, a blank line between
//!   text blocks, a form feed before every page after the first), and the [`Layout`] keeps the
//!   page, position and height of every line and word for the notes stage;
//! - a **DOCX** or **ODT** file has real footnotes and endnotes: they are read from the package
//!   and handed on as [`FoundNotes`], so the notes stage's text finders are not used.

use crate::Error;
use crate::notes::{FoundNotes, InputKind};
use std::ops::Range;

mod docx;
mod odt;
mod package;
mod pdf;
mod xml;

/// The file formats opcit extracts a text from, besides text itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Format {
    /// A PDF file, read with `pdftotext`.
    Pdf,
    /// A Word document (Office Open XML).
    Docx,
    /// An OpenDocument text.
    Odt,
}

impl Format {
    /// The format's usual name.
    pub fn name(self) -> &'static str {
        match self {
            Format::Pdf => "PDF",
            Format::Docx => "DOCX",
            Format::Odt => "ODT",
        }
    }

    /// The format of a file from its extension (without the dot, any case), as
    /// [`crate::files::EXTENSIONS`] has it.
    pub fn from_extension(extension: &str) -> Option<Format> {
        match crate::files::file_type(extension)? {
            crate::files::FileType::Document(format) => Some(format),
            crate::files::FileType::Text => None,
        }
    }

    /// The format a file's name says (`.pdf`, `.docx`, `.odt`) when its bytes do not say
    /// what it is: such a file is read as that format, so that a broken one gets the format's
    /// error rather than one about text.
    pub fn named_by(path: &std::path::Path, bytes: &[u8]) -> Option<Format> {
        if matches!(Format::from_bytes(bytes), Ok(Some(_))) {
            return None;
        }
        Format::from_extension(path.extension()?.to_str()?)
    }

    /// The format of a file from its first bytes: `%PDF-`, or a zip archive (`PK\x03\x04`)
    /// that holds `word/` parts (DOCX) or says it is an OpenDocument text. `Ok(None)` for
    /// anything else (text); an error for a zip archive that is neither.
    pub fn from_bytes(bytes: &[u8]) -> Result<Option<Format>, Error> {
        if bytes.starts_with(b"%PDF-") {
            return Ok(Some(Format::Pdf));
        }
        if !bytes.starts_with(b"PK\x03\x04") {
            return Ok(None);
        }
        if contains(bytes, b"application/vnd.oasis.opendocument.text") {
            Ok(Some(Format::Odt))
        } else if contains(bytes, b"word/") {
            Ok(Some(Format::Docx))
        } else {
            Err(Error::BadPackage {
                format: "DOCX or ODT",
                message: "a zip archive without a Word or OpenDocument text in it".to_string(),
            })
        }
    }

    /// The kind of input the document is read as: DOCX and ODT have theirs, a PDF's text is
    /// PDF text.
    pub fn input_kind(self) -> InputKind {
        match self {
            Format::Pdf => InputKind::PdfText,
            Format::Docx => InputKind::Docx,
            Format::Odt => InputKind::Odt,
        }
    }
}

/// Whether `needle` occurs in `haystack`.
fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The format a read must extract: what `kind` asks for (`docx`, `odt`), else what the bytes
/// are. `Ok(None)`: the bytes are text.
pub fn format_of_input(bytes: &[u8], kind: Option<InputKind>) -> Result<Option<Format>, Error> {
    let asked = match kind {
        Some(InputKind::Docx) => Some(Format::Docx),
        Some(InputKind::Odt) => Some(Format::Odt),
        _ => None,
    };
    match (asked, Format::from_bytes(bytes)) {
        (Some(format), Ok(None) | Err(_)) => Err(Error::BadPackage {
            format: format.name(),
            message: "not a zip archive".to_string(),
        }),
        (Some(format), Ok(Some(_))) => Ok(Some(format)),
        (None, found) => found,
    }
}

/// What a PDF, DOCX or ODT file gives the pipeline.
#[derive(Debug, Clone, Default)]
pub struct Extracted {
    /// The text made of the file: the document's input, into which every span points.
    pub text: String,
    /// The geometry of the text's lines and words (PDF only).
    pub layout: Option<Layout>,
    /// The notes, when the format has real ones (DOCX, ODT): ranges of [`Extracted::text`],
    /// which is used unnormalised (it is clean already).
    pub notes: Option<FoundNotes>,
    /// The format it came from.
    pub format: Option<Format>,
}

/// Extract the text (and the notes or the layout) of a file in `format`.
pub fn extract(bytes: &[u8], format: Format) -> Result<Extracted, Error> {
    let extracted = match format {
        Format::Pdf => pdf::extract(bytes)?,
        Format::Docx => docx::extract(bytes)?,
        Format::Odt => odt::extract(bytes)?,
    };
    if extracted.text.trim().is_empty() {
        return Err(Error::NoText {
            format: format.name(),
        });
    }
    Ok(Extracted {
        format: Some(format),
        ..extracted
    })
}

/// Where the text of a PDF was on its pages: pages, lines and words, in text order.
///
/// Coordinates are PDF points from the top left corner of the page (y grows downwards), as
/// `pdftotext -bbox-layout` gives them. Every range is a byte range of [`Extracted::text`] (the
/// original input), not of the normalised text: the notes stage maps a line of the normalised
/// text back with [`crate::text::Normalized::original_start`] and looks it up with
/// [`Layout::line_at`].
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Layout {
    /// The pages, in order; [`LineGeometry::page`] indexes this.
    pub pages: Vec<PageSize>,
    /// The lines, in text order (which is reading order: columns one after the other).
    pub lines: Vec<LineGeometry>,
    /// The words, in text order; [`LineGeometry::words`] indexes this.
    pub words: Vec<WordGeometry>,
}

impl Layout {
    /// The line whose text holds the byte `offset` of the extracted text, if any.
    pub fn line_at(&self, offset: usize) -> Option<&LineGeometry> {
        let i = self.lines.partition_point(|l| l.range.end < offset);
        self.lines.get(i).filter(|l| l.range.contains(&offset))
    }

    /// The words of a line.
    pub fn words_of(&self, line: &LineGeometry) -> &[WordGeometry] {
        self.words.get(line.words.clone()).unwrap_or_default()
    }
}

/// The size of a page, in points.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct PageSize {
    /// Width.
    pub width: f32,
    /// Height.
    pub height: f32,
}

/// A box on a page, in points from its top left corner.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct BoundingBox {
    /// Left edge.
    pub x: f32,
    /// Top edge.
    pub y: f32,
    /// Width.
    pub width: f32,
    /// Height: for a line or a word, about its font size.
    pub height: f32,
}

impl BoundingBox {
    /// The bottom edge.
    pub fn bottom(&self) -> f32 {
        self.y + self.height
    }

    /// The right edge.
    pub fn right(&self) -> f32 {
        self.x + self.width
    }
}

/// One text line of a PDF page.
#[derive(Debug, Clone, PartialEq)]
pub struct LineGeometry {
    /// The line's bytes in the extracted text, line break excluded.
    pub range: Range<usize>,
    /// The page, an index of [`Layout::pages`] (0 is the first page).
    pub page: usize,
    /// The text block the line is in, counted over the whole document: lines of one block are
    /// one paragraph or one note for `pdftotext`.
    pub block: usize,
    /// Where the line is: `height` is a proxy for its font size.
    pub bbox: BoundingBox,
    /// Its words, an index range of [`Layout::words`].
    pub words: Range<usize>,
}

/// One word of a PDF line: a superscript note marker is smaller and higher than its line.
#[derive(Debug, Clone, PartialEq)]
pub struct WordGeometry {
    /// The word's bytes in the extracted text.
    pub range: Range<usize>,
    /// Where it is.
    pub bbox: BoundingBox,
}
