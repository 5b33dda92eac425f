//! opcit turns the footnotes of scholarly and policy papers into a clean bibliography.
//!
//! The work is a pipeline of stages, each a module with a typed hand-off:
//!
//! 0. [`extract`]: the text of a PDF, DOCX or ODT file (and the notes of a DOCX or ODT);
//! 1. [`text`]: normalise the input (Unicode NFC and the repairs PDF text needs) and keep a map
//!    back to the original bytes;
//! 2. [`notes`]: find every footnote, whole, even across page breaks;
//! 3. [`cite`]: split each note into citations and parse their fields;
//! 4. [`resolve`]: link back-references and build one bibliography;
//! 5. [`emit`]: write JSON, CSL-JSON, BibTeX, BibLaTeX, RIS, CSL citation clusters, hayagriva
//!    YAML, and text or HTML in a CSL style.
//!
//! The model they fill in is in [`model`]. Every value that came from the input keeps its
//! [`Span`], a byte range of the **original** input.
//!
//! ```
//! // Two footnotes of the bundled paper, as a numbered list.
//! let notes = "5 Overbeek, H., 2001, « Globalization, Sovereignty, and Transnational Regulation », \
//!              in Ghosh, B. (ed.), Managing Migration. Time for a New International Regime ?, \
//!              New York, Oxford University Press, p.48.\n\
//!              32 See Ghosh, op. cit., p.237-238.\n";
//! let document = opcit::read_str(notes, &opcit::Options::default())?;
//!
//! // parse: note 5 cites a chapter; its fields keep their spans into the input
//! let chapter = document.reference("overbeek2001").expect("the chapter");
//! assert_eq!(chapter.container_title.as_ref().map(|t| t.value.as_str()),
//!            Some("Managing Migration. Time for a New International Regime?"));
//! let span = chapter.title.as_ref().and_then(|t| t.span).expect("a span");
//! assert!(notes[span.start..span.end].starts_with("« Globalization"));
//!
//! // resolve: `Ghosh, op. cit.` means the volume edited by Ghosh, cited only as a container
//! let op_cit = &document.note(32).expect("note 32").citations[0];
//! assert_eq!(op_cit.id.as_deref(), Some("ghosh2001"));
//! assert_eq!(op_cit.locator.as_deref(), Some("237-238"));
//! assert_eq!(document.citations_of("ghosh2001").count(), 1);
//!
//! // emit
//! let csl = opcit::emit::to_csl_json_string(&document);
//! assert!(csl.contains("\"id\": \"ghosh2001\""));
//! # Ok::<(), opcit::Error>(())
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod cite;
pub mod combine;
pub mod emit;
mod error;
pub mod extract;
pub mod files;
pub mod model;
pub mod notes;
pub mod resolve;
pub mod text;
pub mod train;

pub use cite::parse_reference;
pub use emit::OutputFormat;
pub use error::Error;
pub use model::{Citation, Document, Note, Reference, Span};
pub use notes::InputKind;
use rayon::prelude::*;

/// How to read an input.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct Options {
    /// The kind of input; detected when absent.
    pub input: Option<InputKind>,
    /// What reads the citations.
    pub parser: cite::Parser,
}

impl Options {
    /// Options that read the input as `kind`.
    pub fn with_input(kind: InputKind) -> Self {
        Options {
            input: Some(kind),
            ..Options::default()
        }
    }

    /// These options with the citations read by `parser`.
    pub fn with_parser(self, parser: cite::Parser) -> Self {
        Options { parser, ..self }
    }
}

/// Check that `bytes` are UTF-8 and return them as text. UTF-16 text and binary files are told
/// apart, so that the error says what the input is.
pub fn text_from_bytes(bytes: &[u8]) -> Result<&str, Error> {
    let text = std::str::from_utf8(bytes);
    // A signature counts only for bytes that are no text: not UTF-8, or with a NUL byte at
    // the start (`MZ…` may open a note).
    let head = &bytes[..bytes.len().min(UTF16_SNIFF_BYTES)];
    let signature = BINARY_SIGNATURES
        .iter()
        .find(|(magic, _)| bytes.starts_with(magic));
    if let Some(&(_, what)) = signature
        && (text.is_err() || head.contains(&0))
    {
        return Err(Error::Binary { what });
    }
    if looks_like_utf16(bytes) {
        return Err(Error::Utf16);
    }
    text.map_err(|e| {
        if looks_binary(bytes) {
            Error::Binary {
                what: "binary data",
            }
        } else {
            Error::InvalidUtf8 {
                offset: e.valid_up_to(),
            }
        }
    })
}

/// The first bytes of binary files people may pass for text, and what each file is.
const BINARY_SIGNATURES: &[(&[u8], &str)] = &[
    (b"\x7fELF", "an ELF executable"),
    (b"MZ", "a Windows executable"),
    (b"\xcf\xfa\xed\xfe", "a Mach-O executable"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"BZh", "a bzip2 archive"),
    (b"\xfd7zXZ\x00", "an xz archive"),
    (b"\x28\xb5\x2f\xfd", "a zstd archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"Rar!", "a RAR archive"),
    (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        "an old Word or Office file (save it as DOCX)",
    ),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"SQLite format 3\x00", "an SQLite database"),
];

/// Whether bytes that are not UTF-8 look like binary data rather than text in another
/// encoding: a NUL byte, or many control bytes, at the start.
fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(UTF16_SNIFF_BYTES)];
    let control = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0c))
        .count();
    head.contains(&0) || control * 10 > head.len()
}

/// How many leading bytes [`looks_like_utf16`] looks at.
const UTF16_SNIFF_BYTES: usize = 1024;

/// A UTF-16 byte-order mark, or (without one) NUL bytes in two thirds of the even or of the odd
/// bytes of the start and hardly any in the others: ASCII text as UTF-16 has one in every
/// other byte.
fn looks_like_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return true;
    }
    // Text in UTF-16 has its NUL bytes on one side of each pair: the high bytes of ASCII.
    let head = &bytes[..bytes.len().min(UTF16_SNIFF_BYTES)];
    let nuls_at = |parity: usize| {
        head.iter()
            .skip(parity)
            .step_by(2)
            .filter(|&&b| b == 0)
            .count()
    };
    let pairs = head.len() / 2;
    head.len() >= 4
        && (0..2)
            .any(|parity| nuls_at(parity) * 3 >= pairs * 2 && nuls_at(1 - parity) * 10 <= pairs)
}

/// A diagnostic for the NUL bytes and other control characters of `input` (line breaks, tabs
/// and form feeds excepted), with the span of the first; none when there are none.
fn control_characters(input: &str) -> Option<model::Diagnostic> {
    let is_odd = |c: char| c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}');
    let (first, c) = input.char_indices().find(|&(_, c)| is_odd(c))?;
    let count = input.chars().filter(|&c| is_odd(c)).count();
    Some(model::Diagnostic::new(
        model::Severity::Warning,
        model::DiagnosticCode::ControlCharacters,
        format!(
            "the input holds {count} control characters (a binary file?); they are kept as text"
        ),
        Some(Span::new(first, first + c.len_utf8())),
    ))
}

/// What the pipeline tells of its progress as it reads: the cite stage, the slow one, reads the
/// notes a chunk at a time and reports each chunk done.
///
/// A closure `Fn(done, total)` is one.
pub trait Progress: Sync {
    /// `done` of the document's `total` notes are read. The first call comes once the notes are
    /// found (`done` 0), the last has `done == total`; `done` never goes down.
    fn notes_read(&self, done: usize, total: usize);
}

impl<F: Fn(usize, usize) + Sync> Progress for F {
    fn notes_read(&self, done: usize, total: usize) {
        self(done, total);
    }
}

/// No progress to tell.
struct Quiet;

impl Progress for Quiet {
    fn notes_read(&self, _done: usize, _total: usize) {}
}

/// Run the whole pipeline on a document's text.
///
/// The notes are read in parallel on rayon's global thread pool; the result does not depend on
/// how many threads it has.
///
/// Fails only when the input is empty or white space; everything else that goes wrong is a
/// diagnostic in the returned document.
pub fn read_str(input: &str, options: &Options) -> Result<Document, Error> {
    read_str_with_progress(input, options, &Quiet)
}

/// [`read_str`], telling `progress` how many notes are read.
pub fn read_str_with_progress(
    input: &str,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Document, Error> {
    let (source, control) = prepare(input, options.input)?;
    read_normalized(source, control, options, progress)
}

/// Check that an input is not empty, normalise it for its kind, and look for control
/// characters in it.
fn prepare(
    input: &str,
    kind: Option<InputKind>,
) -> Result<(text::Normalized, Option<model::Diagnostic>), Error> {
    if input.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(Error::Empty);
    }
    Ok((normalize_for(input, kind), control_characters(input)))
}

/// Normalise a text of `kind` (detected when absent): a reference list keeps its lines one for
/// one (no word hyphenated at a line end is joined to the next line, which is the next
/// reference); any other text has its hyphenated words joined.
fn normalize_for(input: &str, kind: Option<InputKind>) -> text::Normalized {
    if kind == Some(InputKind::Refs) {
        return text::normalize_lines(input);
    }
    let source = text::normalize(input);
    let joined_lines = line_breaks(source.text()) < line_breaks(input);
    if kind.is_none() && joined_lines && notes::detect_kind_of(&source) == InputKind::Refs {
        return text::normalize_lines(input);
    }
    source
}

/// The number of line breaks of a text: LF, CRLF and a lone CR each count once.
fn line_breaks(text: &str) -> usize {
    let bytes = text.as_bytes();
    bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count()
}

/// The pipeline after the text stage.
fn read_normalized(
    source: text::Normalized,
    control: Option<model::Diagnostic>,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Document, Error> {
    let found = notes::find_notes(&source, options.input);
    read_found(source, found, control, options, progress)
}

/// The pipeline after the notes stage.
///
/// The notes are read a chunk at a time (in parallel within a chunk) and each chunk is handed
/// to the resolver before the next is read, so that the cite stage's readings (every field
/// of every citation, with its spans) are never all in memory at once.
fn read_found(
    source: text::Normalized,
    mut found: notes::FoundNotes,
    control: Option<model::Diagnostic>,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Document, Error> {
    let parser = document_parser(&options.parser, &found, &source);
    let mut diagnostics = std::mem::take(&mut found.diagnostics);
    diagnostics.extend(control);
    let kind = found.kind;
    let mut notes = Vec::with_capacity(found.notes.len());
    let mut cited = Cited::new(kind);
    let chunk = NOTES_PER_CHUNK.max(NOTES_PER_THREAD * rayon::current_num_threads());
    let total = found.notes.len();
    progress.notes_read(0, total);
    for found_notes in found.notes.chunks(chunk) {
        let read: Vec<_> = found_notes
            .par_iter()
            .map(|found_note| read_note(found_note, &source, kind, &parser))
            .collect();
        for (note, parsed) in read {
            diagnostics.extend(parsed.diagnostics);
            cited.add(resolve::CitedNote {
                number: note.number,
                citations: parsed.citations,
            });
            notes.push(note);
        }
        progress.notes_read(notes.len(), total);
    }
    // The notes' places and the normalised text are not needed past the cite stage: free
    // them before the bibliography is built.
    drop(found.notes);
    drop(source);
    let mut resolved = cited.finish();
    for reference in &mut resolved.references {
        reference.language = cite::language::language_of(reference);
    }
    for (note, citations) in notes.iter_mut().zip(resolved.citations) {
        note.citations = citations;
    }
    diagnostics.extend(resolved.diagnostics);
    Ok(Document {
        references: resolved.references,
        notes,
        diagnostics,
        input: kind,
        source_text: None,
    })
}

/// The fewest notes the cite stage reads at a time.
const NOTES_PER_CHUNK: usize = 256;

/// The notes of a chunk per thread, at least: enough for every thread to keep busy.
const NOTES_PER_THREAD: usize = 32;

/// One note found in the input, with its citations as the cite stage reads them.
fn read_note(
    found_note: &notes::FoundNote,
    source: &text::Normalized,
    kind: Option<InputKind>,
    parser: &cite::Parser,
) -> (Note, cite::ParsedNote) {
    let text = found_note.text(source);
    let parsed = cite_guarded(&text, source, kind, found_note, parser);
    let note = Note {
        number: found_note.number,
        spans: found_note.spans(source),
        text: text.as_str().to_string(),
        citations: Vec::new(),
    };
    (note, parsed)
}

/// Where the read notes go: the resolver, note by note; or, for a reference list (each entry
/// its own reference), [`resolve::ReferenceList`], entry by entry.
enum Cited {
    Notes(Box<resolve::Resolution>),
    Entries(resolve::ReferenceList),
}

impl Cited {
    fn new(kind: Option<InputKind>) -> Self {
        if kind == Some(InputKind::Refs) {
            Cited::Entries(resolve::ReferenceList::new())
        } else {
            Cited::Notes(Box::default())
        }
    }

    fn add(&mut self, note: resolve::CitedNote) {
        match self {
            Cited::Notes(resolution) => resolution.add(&note),
            Cited::Entries(entries) => entries.add(&note),
        }
    }

    fn finish(self) -> resolve::Resolved {
        match self {
            Cited::Notes(resolution) => resolution.finish(),
            Cited::Entries(entries) => entries.finish(),
        }
    }
}

/// Run the pipeline on the text of a PDF, DOCX or ODT file ([`extract::extract`]). The
/// document's spans point into [`extract::Extracted::text`], which it keeps as
/// [`Document::source_text`].
///
/// A DOCX or ODT file's notes are the package's; a PDF's text is read as `options.input` says
/// (PDF text when it names no text kind).
pub fn read_extracted(extracted: extract::Extracted, options: &Options) -> Result<Document, Error> {
    read_extracted_with_progress(extracted, options, &Quiet)
}

/// [`read_extracted`], telling `progress` how many notes are read.
pub fn read_extracted_with_progress(
    extracted: extract::Extracted,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Document, Error> {
    let extract::Extracted {
        text,
        layout,
        notes,
        ..
    } = extracted;
    let control = control_characters(&text);
    let (source, found) = match notes {
        Some(found) => (text::Normalized::from_clean(text.clone()), found),
        None => {
            let kind = options
                .input
                .filter(|k| !matches!(k, InputKind::Docx | InputKind::Odt))
                .unwrap_or(InputKind::PdfText);
            let source = normalize_for(&text, Some(kind));
            let found = notes::find_notes_with_layout(&source, Some(kind), layout.as_ref());
            (source, found)
        }
    };
    let mut document = read_found(source, found, control, options, progress)?;
    document.source_text = Some(text);
    Ok(document)
}

/// The parser of a document: the rules when the labeller leaves to them a document in a style
/// they were written for ([`cite::labeller::Labeller::rules_read`]), else the one asked for.
fn document_parser(
    parser: &cite::Parser,
    found: &notes::FoundNotes,
    source: &text::Normalized,
) -> cite::Parser {
    if found.kind == Some(InputKind::Refs) {
        return parser.clone();
    }
    let Some(labeller) = parser.labeller() else {
        return parser.clone();
    };
    let texts: Vec<String> = found
        .notes
        .iter()
        .take(4 * cite::labeller::AGREEMENT_SAMPLE)
        .map(|n| n.text(source).as_str().replace('\n', " "))
        .collect();
    if labeller.rules_read(texts.iter().map(String::as_str)) {
        cite::Parser::Rules
    } else {
        parser.clone()
    }
}

/// The cite stage on one note, with a fault in the citation reader turned into a diagnostic:
/// one note that cannot be read must not cost the others.
fn cite_guarded(
    text: &notes::NoteText,
    source: &text::Normalized,
    kind: Option<InputKind>,
    note: &notes::FoundNote,
    parser: &cite::Parser,
) -> cite::ParsedNote {
    let run = std::panic::AssertUnwindSafe(|| cite::parse_note_with(text, source, kind, parser));
    std::panic::catch_unwind(run).unwrap_or_else(|_| cite::ParsedNote {
        citations: Vec::new(),
        diagnostics: vec![model::Diagnostic::new(
            model::Severity::Error,
            model::DiagnosticCode::Unparsed,
            format!(
                "note {}: internal error while reading its citations; skipped",
                note.number
            ),
            note.spans(source).first().copied(),
        )],
    })
}

/// Run the whole pipeline on raw bytes: a PDF, DOCX or ODT file (told by its first bytes, or
/// by `options.input`) is extracted first ([`read_extracted`]); anything else must be UTF-8
/// text.
pub fn read_bytes(bytes: &[u8], options: &Options) -> Result<Document, Error> {
    if let Some(format) = extract::format_of_input(bytes, options.input)? {
        return read_extracted(extract::extract(bytes, format)?, options);
    }
    read_str(text_from_bytes(bytes)?, options)
}

/// [`read_bytes`], taking the bytes: they are freed as soon as the text is normalised, so that
/// the rest of the pipeline runs with one copy of the input in memory, not two.
pub fn read_owned_bytes(bytes: Vec<u8>, options: &Options) -> Result<Document, Error> {
    read_owned_bytes_with_progress(bytes, options, &Quiet)
}

/// [`read_owned_bytes`], telling `progress` how many notes are read.
pub fn read_owned_bytes_with_progress(
    bytes: Vec<u8>,
    options: &Options,
    progress: &dyn Progress,
) -> Result<Document, Error> {
    if let Some(format) = extract::format_of_input(&bytes, options.input)? {
        let extracted = extract::extract(&bytes, format)?;
        drop(bytes);
        return read_extracted_with_progress(extracted, options, progress);
    }
    let (source, control) = prepare(text_from_bytes(&bytes)?, options.input)?;
    drop(bytes);
    read_normalized(source, control, options, progress)
}
