//! The notes stage: find every footnote of a document, whole.
//!
//! Five kinds of text are read (see [`InputKind`]; the notes of DOCX and ODT files come from
//! their packages, [`crate::extract`]): PDF-extracted text with footnote zones at
//! the foot of each page, a list of numbered footnotes, a reference list with one reference per
//! line, and Markdown and LaTeX documents with footnotes. Each found note is a list of pieces
//! of the normalised text; a note that continues on the next page has one piece per page. The
//! markup inside a Markdown or LaTeX note comes with it as [`MarkupEdit`]s, which
//! [`FoundNote::text`] applies.

use crate::model::{Diagnostic, DiagnosticCode, Severity, Span};
use crate::text::Normalized;
use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::{tag, take_while1},
    character::complete::{char, digit1, space0, space1},
    combinator::{map_res, peek, verify},
    sequence::{delimited, terminated},
};
use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::str::FromStr;

mod markup;
mod sequence;

/// What kind of document the input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InputKind {
    /// Text extracted from a PDF: body text, a separator line, then numbered footnotes, page
    /// after page.
    PdfText,
    /// A list of numbered footnotes, one a line or one a paragraph (`12 Text`, `12. Text`,
    /// `[12] Text`, `12) Text`).
    Notes,
    /// A reference list: one reference per line.
    Refs,
    /// A Markdown document with footnotes (`[^1]: Text`, `^[Text]`).
    Markdown,
    /// A LaTeX document with footnotes (`\footnote{Text}`).
    Latex,
    /// A Word document (`.docx`): its notes are read from the package, not found in a text
    /// (see [`crate::extract`]).
    Docx,
    /// An OpenDocument text (`.odt`): its notes are read from the package.
    Odt,
}

impl InputKind {
    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            InputKind::PdfText => "pdf-text",
            InputKind::Notes => "notes",
            InputKind::Refs => "refs",
            InputKind::Markdown => "markdown",
            InputKind::Latex => "latex",
            InputKind::Docx => "docx",
            InputKind::Odt => "odt",
        }
    }
}

impl fmt::Display for InputKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for InputKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "pdf-text" => Ok(InputKind::PdfText),
            "notes" => Ok(InputKind::Notes),
            "refs" => Ok(InputKind::Refs),
            "markdown" => Ok(InputKind::Markdown),
            "latex" => Ok(InputKind::Latex),
            "docx" => Ok(InputKind::Docx),
            "odt" => Ok(InputKind::Odt),
            other => Err(format!(
                "unknown input kind `{other}` (expected pdf-text, notes, refs, markdown, latex, \
                 docx or odt)"
            )),
        }
    }
}

/// A note found in the normalised text: its number and the ranges that make it up.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FoundNote {
    /// The number as written (Markdown and LaTeX notes: as the reader sees it).
    pub number: u32,
    /// Ranges of the normalised text, marker excluded, in order.
    pub pieces: Vec<Range<usize>>,
    /// Markup inside the pieces (Markdown emphasis, LaTeX commands) and what it reads as, in
    /// order and not overlapping: the note's text has the replacement in its place.
    pub markup: Vec<MarkupEdit>,
}

/// A range of the normalised text that a note reads differently: `\emph{` as nothing, `--` as
/// `–`, `\'e` as `é`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MarkupEdit {
    /// The markup, in the normalised text.
    pub range: Range<usize>,
    /// What it reads as.
    pub replacement: Cow<'static, str>,
}

impl FoundNote {
    /// The note's text: its pieces joined by a line break, its markup replaced, with the map
    /// back to the input.
    pub fn text(&self, source: &Normalized) -> NoteText {
        let mut text = String::new();
        let mut map = Vec::with_capacity(self.pieces.len() + 2 * self.markup.len());
        let mut edits = self.markup.iter().peekable();
        for (i, piece) in self.pieces.iter().enumerate() {
            if i > 0 {
                text.push('\n');
            }
            let mut at = piece.start;
            while let Some(edit) = edits.next_if(|e| e.range.start < piece.end) {
                let start = edit.range.start.max(at);
                push_copy(&mut text, &mut map, source.text(), at..start);
                map.push(Segment {
                    text: text.len(),
                    normalized: start,
                    replaced_end: Some(edit.range.end.max(start)),
                });
                text.push_str(&edit.replacement);
                at = edit.range.end.max(start).min(piece.end);
            }
            push_copy(&mut text, &mut map, source.text(), at..piece.end);
        }
        NoteText { text, map }
    }

    /// The byte ranges of the original input that make up the note.
    pub fn spans(&self, source: &Normalized) -> Vec<Span> {
        self.pieces
            .iter()
            .map(|p| source.original_span(p.clone()))
            .collect()
    }
}

/// Copy a range of the normalised text into a note's text, and map it.
fn push_copy(text: &mut String, map: &mut Vec<Segment>, source: &str, range: Range<usize>) {
    if let Some(copied) = source.get(range.clone()) {
        map.push(Segment {
            text: text.len(),
            normalized: range.start,
            replaced_end: None,
        });
        text.push_str(copied);
    }
}

/// A part of a note's text: copied from the normalised text, or a replacement for markup.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Segment {
    /// Where it starts in the note's text.
    text: usize,
    /// Where its source starts in the normalised text.
    normalized: usize,
    /// For a replacement, where the markup it replaces ends.
    replaced_end: Option<usize>,
}

/// The text of one note, with the way back to the normalised (and so the original) input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoteText {
    text: String,
    /// The note's text part by part, in order.
    map: Vec<Segment>,
}

impl NoteText {
    /// The text.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// The part of the text an offset is in.
    fn segment(&self, local: usize) -> Option<&Segment> {
        let i = self.map.partition_point(|s| s.text <= local);
        i.checked_sub(1).and_then(|i| self.map.get(i))
    }

    /// The normalised-document offset where a range of this text starts.
    fn normalized_start(&self, local: usize) -> usize {
        match self.segment(local) {
            Some(s) if s.replaced_end.is_some() => s.normalized,
            Some(s) => s.normalized + (local - s.text),
            None => local,
        }
    }

    /// The normalised-document offset where a range of this text ending at `local` ends.
    fn normalized_end(&self, local: usize) -> usize {
        match self.segment(local.saturating_sub(1)) {
            Some(Segment {
                replaced_end: Some(end),
                ..
            }) => *end,
            Some(s) => s.normalized + (local - s.text),
            None => local,
        }
    }

    /// This text with each character as `read` gives it (`None`: left out), mapped to the
    /// same input; with, for each character kept, its offset in the new text and in this one.
    pub(crate) fn mapped(
        &self,
        read: impl Fn(char) -> Option<char>,
    ) -> (NoteText, Vec<(usize, usize)>) {
        let mut text = String::with_capacity(self.text.len());
        let mut map: Vec<Segment> = Vec::new();
        let mut kept = Vec::with_capacity(self.text.len());
        // whether the last segment copies this text on to here
        let mut run_open = false;
        let mut segment_at = usize::MAX;
        for (i, c) in self.text.char_indices() {
            let Some(r) = read(c) else {
                run_open = false;
                continue;
            };
            let segment = self.segment(i).copied();
            let start = segment.map_or(usize::MAX, |s| s.text);
            let normalized = match segment {
                Some(s) if s.replaced_end.is_some() => s.normalized,
                Some(s) => s.normalized + (i - s.text),
                None => i,
            };
            if let Some(s) = segment.filter(|s| s.replaced_end.is_some()) {
                if !run_open || start != segment_at {
                    map.push(Segment {
                        text: text.len(),
                        ..s
                    });
                }
                run_open = true;
            } else if r != c {
                map.push(Segment {
                    text: text.len(),
                    normalized,
                    replaced_end: Some(normalized + c.len_utf8()),
                });
                run_open = false;
            } else if !run_open || start != segment_at {
                map.push(Segment {
                    text: text.len(),
                    normalized,
                    replaced_end: None,
                });
                run_open = true;
            }
            segment_at = start;
            kept.push((text.len(), i));
            text.push(r);
        }
        (NoteText { text, map }, kept)
    }

    /// The original span of a range of this text.
    pub fn original_span(&self, local: Range<usize>, source: &Normalized) -> Span {
        let start = self.normalized_start(local.start);
        let end = if local.end > local.start {
            self.normalized_end(local.end)
        } else {
            start
        };
        source.original_span(start..end)
    }
}

/// What the notes stage hands on: the notes, the kind it read, and its diagnostics.
#[derive(Debug, Clone, Default)]
pub struct FoundNotes {
    /// The kind of input that was read.
    pub kind: Option<InputKind>,
    /// The notes, in document order.
    pub notes: Vec<FoundNote>,
    /// What was skipped or doubtful.
    pub diagnostics: Vec<Diagnostic>,
}

/// Find the notes of a normalised document read from a PDF file, whose `layout` tells where
/// each line was on its page (byte ranges of the original input: map a normalised offset back
/// with [`Normalized::original_start`], then [`crate::extract::Layout::line_at`]). The finder
/// reads the size of each line's type from it: notes are set smaller than the body.
pub fn find_notes_with_layout(
    source: &Normalized,
    kind: Option<InputKind>,
    layout: Option<&crate::extract::Layout>,
) -> FoundNotes {
    // The text of a PDF file is paged PDF text even when it has one page and no form feed.
    if let Some(layout) = layout.filter(|_| kind == Some(InputKind::PdfText)) {
        let lines = Lines::of_pages(source.text());
        let sizes = type_sizes(source, &lines, layout);
        return finish(
            sequence::read(source, &lines, Some(&sizes)),
            InputKind::PdfText,
            false,
        );
    }
    find_notes(source, kind)
}

/// The size of each line's type, as the median height of its words on the PDF page (a
/// superscript marker does not count); `None` for lines the layout does not have.
fn type_sizes(
    source: &Normalized,
    lines: &Lines<'_>,
    layout: &crate::extract::Layout,
) -> Vec<Option<f32>> {
    lines
        .lines
        .iter()
        .map(|line| {
            let first = line.text.len() - line.text.trim_start().len();
            let geometry = layout.line_at(source.original_start(line.start + first))?;
            let mut heights: Vec<f32> = layout
                .words_of(geometry)
                .iter()
                .map(|w| w.bbox.height)
                .collect();
            heights.sort_by(f32::total_cmp);
            heights.get(heights.len() / 2).copied()
        })
        .collect()
}

/// The kind of a normalised document, as [`find_notes`] detects it when given none.
pub fn detect_kind_of(source: &Normalized) -> InputKind {
    detect_kind(source.text(), &Lines::of(source.text()))
}

/// Find the notes of a normalised document. With `kind` absent the kind is detected.
pub fn find_notes(source: &Normalized, kind: Option<InputKind>) -> FoundNotes {
    let lines = Lines::of(source.text());
    let (kind, detected) = match kind {
        Some(k) => (k, false),
        None => (detect_kind(source.text(), &lines), true),
    };
    let found = match kind {
        InputKind::PdfText if sequence::applies(&lines) => {
            sequence::read(source, &Lines::of_pages(source.text()), None)
        }
        InputKind::PdfText => PageReader::new(source, &lines).read(),
        InputKind::Notes => read_numbered_list(source, &lines),
        InputKind::Refs => read_reference_lines(&lines),
        InputKind::Markdown => markup::read_markdown(source),
        InputKind::Latex => markup::read_latex(source),
        // A package's notes come from the package (`crate::extract`), never from a text.
        InputKind::Docx | InputKind::Odt => FoundNotes::default(),
    };
    finish(found, kind, detected)
}

/// Set the kind read, and tell what was detected or that nothing was found.
fn finish(mut found: FoundNotes, kind: InputKind, detected: bool) -> FoundNotes {
    found.kind = Some(kind);
    if detected {
        found.diagnostics.insert(
            0,
            Diagnostic::new(
                Severity::Info,
                DiagnosticCode::InputDetected,
                format!("read as {kind} (use --input to choose)"),
                None,
            ),
        );
    }
    if found.notes.is_empty() {
        found.diagnostics.push(Diagnostic::new(
            Severity::Warning,
            DiagnosticCode::NoNotes,
            format!("no note found when reading the input as {kind}"),
            None,
        ));
    }
    found
}

// ---------------------------------------------------------------------------------------------
// Lines

/// One line of the normalised text: its range without the line break.
#[derive(Debug, Clone, Copy)]
struct Line<'a> {
    text: &'a str,
    start: usize,
}

impl<'a> Line<'a> {
    fn end(&self) -> usize {
        self.start + self.text.len()
    }

    /// The range of the line's text from byte `from` (relative), trailing blanks trimmed.
    fn content_from(&self, from: usize) -> Range<usize> {
        let rest = self.text.get(from..).unwrap_or("");
        let leading = rest.len() - rest.trim_start().len();
        let trimmed = rest.trim();
        let start = self.start + from + leading;
        start..start + trimmed.len()
    }

    fn is_blank(&self) -> bool {
        self.text.trim().is_empty()
    }

    /// A footnote rule: a long run of spaces (the rule as extracted), or of `_`, `-`, `—`, `─`.
    fn is_rule(&self) -> bool {
        let t = self.text.trim_end_matches(['\r']);
        if t.chars().all(|c| c == ' ' || c == '\t') {
            return t.len() >= MIN_RULE_SPACES;
        }
        let body = t.trim();
        body.chars().count() >= MIN_RULE_MARKS
            && body
                .chars()
                .all(|c| matches!(c, '_' | '-' | '—' | '─' | '–' | '¯' | ' '))
    }

    /// Starts with one space and then text: the first line of a page in some extractors.
    fn starts_with_single_space(&self) -> bool {
        let mut chars = self.text.chars();
        chars.next() == Some(' ') && chars.next().is_some_and(|c| !c.is_whitespace())
    }

    /// A bare page number or page label (`12`, `- 12 -`, `Page 12`, `12 / 40`).
    fn is_page_number(&self) -> bool {
        let t = self.text.trim();
        let t = t
            .strip_prefix("Page ")
            .or(t.strip_prefix("page "))
            .unwrap_or(t);
        // No page is numbered `04`: `04-12` is the end of a date or a web address.
        let zero_led = t
            .split(|c: char| !c.is_ascii_digit())
            .any(|group| group.len() > 1 && group.starts_with('0'));
        !t.is_empty()
            && t.len() <= 12
            && t.chars().any(|c| c.is_ascii_digit())
            && t.chars()
                .all(|c| c.is_ascii_digit() || " -–—/|".contains(c))
            && !zero_led
    }
}

/// Whitespace-only lines at least this long are footnote rules.
const MIN_RULE_SPACES: usize = 10;
/// Lines of rule characters at least this long are footnote rules.
const MIN_RULE_MARKS: usize = 5;

struct Lines<'a> {
    lines: Vec<Line<'a>>,
}

impl<'a> Lines<'a> {
    fn of(text: &'a str) -> Self {
        let mut lines = Vec::new();
        let mut start = 0;
        for piece in text.split('\n') {
            lines.push(Line { text: piece, start });
            start += piece.len() + 1;
        }
        Lines { lines }
    }

    /// The lines of paged text, a line that runs into a form feed (`end of page\u{c}Next`, as
    /// some extractors write it) cut before the form feed, so that its first part stays on its
    /// page.
    fn of_pages(text: &'a str) -> Self {
        let mut lines = Vec::new();
        for line in Lines::of(text).lines {
            let mut rest = line;
            while let Some((cut, _)) = rest
                .text
                .char_indices()
                .skip(1)
                .find(|&(_, c)| c == '\u{c}')
            {
                lines.push(Line {
                    text: &rest.text[..cut],
                    start: rest.start,
                });
                rest = Line {
                    text: &rest.text[cut..],
                    start: rest.start + cut,
                };
            }
            lines.push(rest);
        }
        Lines { lines }
    }
}

// ---------------------------------------------------------------------------------------------
// Note markers

/// A note marker at the start of a line: the number and where the note's text begins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Marker {
    number: u32,
    text_start: usize,
}

/// Note numbers have at most this many digits (a long list of notes runs past 9,999).
const MAX_NOTE_DIGITS: usize = 6;

fn note_number(input: &str) -> IResult<&str, u32> {
    map_res(
        verify(digit1, |d: &str| d.len() <= MAX_NOTE_DIGITS),
        str::parse,
    )
    .parse_complete(input)
}

/// `[12]`, `(12)`
fn bracketed_number(input: &str) -> IResult<&str, u32> {
    alt((
        delimited(char('['), note_number, char(']')),
        delimited(char('('), note_number, char(')')),
    ))
    .parse_complete(input)
}

/// `12.`, `12)`
fn punctuated_number(input: &str) -> IResult<&str, u32> {
    terminated(note_number, alt((tag("."), tag(")")))).parse_complete(input)
}

/// The first character of a note's text: not a digit, not a space (so `12 000` or `3.5` are
/// not markers), unless the text opens with a number and a capitalised word, as a note that
/// cites a statute does (`36 42 U.S.C. § 1983`, `29 80 Fed. Reg. 37,054`).
fn note_text_start(input: &str) -> IResult<&str, char> {
    peek(alt((
        verify(nom::character::complete::anychar, |c: &char| {
            !c.is_whitespace() && !c.is_ascii_digit()
        }),
        terminated(
            verify(nom::character::complete::anychar, |c: &char| {
                c.is_ascii_digit() && *c != '0'
            }),
            (
                nom::character::complete::digit0,
                char(' '),
                verify(nom::character::complete::anychar, |c: &char| {
                    c.is_uppercase()
                }),
            ),
        ),
    )))
    .parse_complete(input)
}

/// Glued note numbers have at most this many digits (`12This paper`).
const MAX_GLUED_DIGITS: usize = 3;

/// `12This paper`, `3“Quote`: a superscript note number that PDF extraction glued to its text,
/// followed by a capital letter or an opening quotation mark.
fn glued_number(input: &str) -> IResult<&str, u32> {
    terminated(
        map_res(
            verify(digit1, |d: &str| d.len() <= MAX_GLUED_DIGITS),
            str::parse,
        ),
        peek(verify(nom::character::complete::anychar, |c: &char| {
            c.is_uppercase() || "«“‘\"„".contains(*c)
        })),
    )
    .parse_complete(input)
}

/// The superscript digits, in the order of their values 0 to 9.
const SUPERSCRIPT_DIGITS: [char; 10] = ['⁰', '¹', '²', '³', '⁴', '⁵', '⁶', '⁷', '⁸', '⁹'];

/// `¹²`: a note number written in superscript digits, as some PDF extractions give it.
fn superscript_number(input: &str) -> IResult<&str, u32> {
    map_res(
        verify(
            take_while1(|c: char| SUPERSCRIPT_DIGITS.contains(&c)),
            |d: &str| d.chars().count() <= MAX_NOTE_DIGITS,
        ),
        |d: &str| {
            d.chars()
                .filter_map(|c| SUPERSCRIPT_DIGITS.iter().position(|&s| s == c))
                .map(|v| v.to_string())
                .collect::<String>()
                .parse::<u32>()
        },
    )
    .parse_complete(input)
}

/// A marker: optional indent, then `12 `, `12. `, `12) `, `[12] `, `(12) `, a glued `12` or a
/// superscript `¹²`, then text.
fn marker(line: &str) -> Option<Marker> {
    let parsed: IResult<&str, u32> = (
        space0,
        alt((
            terminated(bracketed_number, space0),
            terminated(punctuated_number, space0),
            terminated(note_number, space1),
            glued_number,
            terminated(superscript_number, space0),
        )),
        note_text_start,
    )
        .map(|(_, n, _)| n)
        .parse_complete(line);
    let (rest, number) = parsed.ok()?;
    Some(Marker {
        number,
        text_start: line.len() - rest.len(),
    })
}

/// The marks of unnumbered notes: the author's note on a first page (`* Professor of Law`), a
/// dedication or a co-author's note (`† `, `‡ `).
const SYMBOL_NOTE_MARKS: &[char] = &['*', '†', '‡'];

/// Whether a line starts an unnumbered note marked with a symbol (`* Associate Professor`).
fn symbol_note(line: &str) -> bool {
    let t = line.trim_start();
    let rest = t.trim_start_matches(SYMBOL_NOTE_MARKS);
    let marks = t.len() - rest.len();
    marks > 0
        && t[..marks].chars().count() <= 3
        && rest.starts_with(' ')
        && rest.trim_start().starts_with(|c: char| c.is_alphabetic())
}

/// Whether a line ends a sentence or a citation, so that a number on the next line more
/// likely starts a note than continues a sentence.
fn ends_sentence(text: &str) -> bool {
    text.trim_end()
        .chars()
        .last()
        .is_none_or(|c| ".;:!?)]”»\"'’".contains(c) || c.is_ascii_digit())
}

// ---------------------------------------------------------------------------------------------
// Shared bookkeeping

/// Collects notes and diagnostics, and checks the numbering.
struct NoteSink<'a> {
    source: &'a Normalized,
    notes: Vec<FoundNote>,
    diagnostics: Vec<Diagnostic>,
    /// Whether the last line read belongs to the last note (so the next line extends its piece).
    continuing: bool,
}

impl<'a> NoteSink<'a> {
    fn new(source: &'a Normalized) -> Self {
        NoteSink {
            source,
            notes: Vec::new(),
            diagnostics: Vec::new(),
            continuing: false,
        }
    }

    fn last_number(&self) -> Option<u32> {
        self.notes.last().map(|n| n.number)
    }

    /// Whether the last note's number is one less than the note's before it.
    fn runs_backwards(&self) -> bool {
        match self.notes.as_slice() {
            [.., before, last] => last.number + 1 == before.number,
            _ => false,
        }
    }

    fn span_of(&self, line: &Line<'_>) -> Span {
        self.source.original_span(line.start..line.end())
    }

    /// Start a note; diagnose a gap, a restart or a repeat.
    fn start(&mut self, number: u32, line: &Line<'_>, text: Range<usize>) {
        if let Some(last) = self.last_number() {
            let span = Some(self.span_of(line));
            if number == last {
                self.diagnostics.push(Diagnostic::new(
                    Severity::Warning,
                    DiagnosticCode::NoteNumberRepeated,
                    format!("note {number} appears twice"),
                    span,
                ));
            } else if number < last {
                self.diagnostics.push(Diagnostic::new(
                    Severity::Warning,
                    DiagnosticCode::NoteNumberRestart,
                    format!("note {number} follows note {last}: the numbering goes back"),
                    span,
                ));
            } else if number > last + 1 {
                self.diagnostics.push(Diagnostic::new(
                    Severity::Info,
                    DiagnosticCode::NoteNumberGap,
                    format!("note {number} follows note {last}: numbers are missing"),
                    span,
                ));
            }
        }
        self.notes.push(FoundNote {
            number,
            pieces: vec![text],
            markup: Vec::new(),
        });
        self.continuing = true;
    }

    /// Add a line to the last note. Returns false when there is no note to add to.
    fn extend(&mut self, text: Range<usize>) -> bool {
        let continuing = self.continuing;
        let Some(note) = self.notes.last_mut() else {
            return false;
        };
        if !text.is_empty() {
            match note.pieces.last_mut() {
                Some(piece) if continuing => piece.end = text.end,
                _ => note.pieces.push(text),
            }
        }
        self.continuing = true;
        true
    }

    /// The next line does not continue the current piece.
    fn interrupt(&mut self) {
        self.continuing = false;
    }

    fn skip(&mut self, severity: Severity, line: &Line<'_>, why: &str) {
        self.diagnostics.push(Diagnostic::new(
            severity,
            DiagnosticCode::SkippedText,
            format!("skipped {why}: {}", preview(line.text)),
            Some(self.span_of(line)),
        ));
        self.interrupt();
    }

    fn finish(mut self) -> FoundNotes {
        for note in &mut self.notes {
            note.pieces.retain(|p| !p.is_empty());
        }
        FoundNotes {
            kind: None,
            notes: self.notes,
            diagnostics: self.diagnostics,
        }
    }
}

/// The first few words of a line, for a message.
fn preview(text: &str) -> String {
    let t = text.trim();
    match t.char_indices().nth(40) {
        Some((i, _)) => format!("`{}…`", &t[..i]),
        None => format!("`{t}`"),
    }
}

// ---------------------------------------------------------------------------------------------
// Detection

/// Guess the kind of input: footnote rules or page breaks make PDF text; a run of numbered
/// lines makes a list of notes; anything else is a reference list.
fn detect_kind(text: &str, lines: &Lines<'_>) -> InputKind {
    if markup::looks_like_latex(text) {
        return InputKind::Latex;
    }
    if markup::looks_like_markdown(lines) {
        return InputKind::Markdown;
    }
    let all = &lines.lines;
    let has_zone = all.iter().enumerate().any(|(i, l)| {
        l.is_rule()
            && all
                .iter()
                .skip(i + 1)
                .find(|n| !n.is_blank())
                .is_some_and(|n| marker(n.text).is_some())
    });
    if has_zone || all.iter().any(|l| l.text.contains('\u{c}')) {
        return InputKind::PdfText;
    }
    let first = all.iter().find(|l| !l.is_blank());
    if first.is_some_and(|l| marker(l.text).is_some()) {
        return InputKind::Notes;
    }
    let mut increasing = 0;
    let mut last = 0;
    for m in all.iter().filter_map(|l| marker(l.text)) {
        if m.number > last {
            increasing += 1;
            last = m.number;
        }
    }
    if increasing >= 3 {
        InputKind::Notes
    } else {
        InputKind::Refs
    }
}

// ---------------------------------------------------------------------------------------------
// PDF text

/// Where the page reader is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Zone {
    /// Body text: skipped.
    Body,
    /// Below a footnote rule. `indented` tells whether the zone's lines start with a space,
    /// once its first line is seen.
    Notes { indented: Option<bool> },
}

/// Reads PDF-extracted text page by page: body text, then a footnote rule, then the notes.
struct PageReader<'a> {
    lines: &'a [Line<'a>],
    sink: NoteSink<'a>,
    zone: Zone,
    /// Lines repeated on many pages (running heads), after digits are blanked out.
    furniture: std::collections::HashSet<String>,
    /// Whether the document uses rules at all; without, a zone starts at a numbered line after
    /// a blank line on a page.
    has_rules: bool,
    /// Without rules, on pages told apart by form feeds or page numbers: the line where each
    /// page's footnote zone begins (see [`PageReader::plan_zones`]), and the first line of
    /// every page. Empty when the document has rules or no pages.
    zone_starts: std::collections::HashSet<usize>,
    page_starts: std::collections::HashSet<usize>,
    /// Inside an unnumbered note marked with a symbol (`* Professor of Law`), skipped.
    in_symbol_note: bool,
}

/// A short line seen this many times is a running head or foot.
const FURNITURE_REPEATS: usize = 3;
/// Running heads are shorter than this.
const FURNITURE_MAX_LEN: usize = 100;
/// A note number may skip this many numbers and still start a note.
const MAX_NOTE_GAP: u32 = 3;

fn furniture_key(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

/// The lines repeated at page edges (running heads and feet), as [`furniture_key`]s.
fn furniture(lines: &[Line<'_>]) -> std::collections::HashSet<String> {
    // Running heads and feet stand at a page edge: next to a form feed, or just before a
    // footnote rule or the first line of a page. Only such lines are counted.
    let all = lines;
    let at_page_edge = |i: usize| {
        let next = all.get(i + 1);
        let prev = i.checked_sub(1).and_then(|p| all.get(p));
        all[i].text.contains('\u{c}')
            || next.is_some_and(|n| {
                n.text.starts_with('\u{c}') || n.is_rule() || n.starts_with_single_space()
            })
            || prev.is_some_and(|p| p.text.contains('\u{c}'))
    };
    let mut counts = std::collections::HashMap::<String, usize>::new();
    for (i, l) in all.iter().enumerate() {
        let t = l
            .text
            .trim_matches(|c: char| c.is_whitespace() || c == '\u{c}');
        if !t.is_empty() && t.len() <= FURNITURE_MAX_LEN && !l.is_rule() && at_page_edge(i) {
            *counts.entry(furniture_key(t)).or_default() += 1;
        }
    }
    counts
        .into_iter()
        .filter(|&(_, n)| n >= FURNITURE_REPEATS)
        .map(|(k, _)| k)
        .collect()
}

impl<'a> PageReader<'a> {
    fn new(source: &'a Normalized, lines: &'a Lines<'a>) -> Self {
        let furniture = furniture(&lines.lines);
        let mut reader = PageReader {
            lines: &lines.lines,
            sink: NoteSink::new(source),
            zone: Zone::Body,
            furniture,
            has_rules: lines.lines.iter().any(Line::is_rule),
            zone_starts: Default::default(),
            page_starts: Default::default(),
            in_symbol_note: false,
        };
        if !reader.has_rules {
            reader.plan_zones();
        }
        reader
    }

    /// The pages of the document as ranges of line indices: a page ends before a line with a
    /// form feed and after a bare page number. None when there is only one page.
    fn pages(&self) -> Option<Vec<Range<usize>>> {
        let all = self.lines;
        let mut pages = Vec::new();
        let mut start = 0;
        for (i, l) in all.iter().enumerate() {
            if l.text.contains('\u{c}') && i > start {
                pages.push(start..i);
                start = i;
            }
            if l.is_page_number() && !l.text.contains('\u{c}') {
                pages.push(start..i + 1);
                start = i + 1;
            }
        }
        if start < all.len() {
            pages.push(start..all.len());
        }
        (pages.len() > 1).then_some(pages)
    }

    /// The text of a line as read on its page: after a form feed.
    fn page_text<'b>(line: &Line<'b>) -> &'b str {
        line.text
            .rfind('\u{c}')
            .map_or(line.text, |ff| &line.text[ff + 1..])
    }

    /// Without footnote rules, find each page's footnote zone: the blocks of lines (parted by
    /// blank lines and page furniture) at the foot of the page of which every one starts with
    /// the next note number. The first note of the zone may also follow, in the same block, a
    /// few lines that carry on the last note of the page before. Where no such run of blocks
    /// is found, the last block that starts with the next note number opens the zone.
    fn plan_zones(&mut self) {
        let Some(pages) = self.pages() else {
            return;
        };
        let all = self.lines;
        let mut expected = 1;
        for page in pages {
            self.page_starts.insert(page.start);
            // Blocks of content lines, as index ranges.
            let mut blocks: Vec<Vec<usize>> = Vec::new();
            let mut open = false;
            for i in page.clone() {
                let l = Line {
                    text: Self::page_text(&all[i]),
                    start: all[i].start,
                };
                if l.is_blank() || self.is_furniture(&l) {
                    open = false;
                    continue;
                }
                match blocks.last_mut() {
                    Some(b) if open => b.push(i),
                    _ => blocks.push(vec![i]),
                }
                open = true;
            }
            let number_at = |i: usize| marker(Self::page_text(&all[i])).map(|m| m.number);
            // Follow the notes from line `j` of block `k` whose number is `n`; the last number
            // when every later block starts a note, None otherwise.
            let chain = |k: usize, j: usize, n: u32| -> Option<u32> {
                let mut last = n;
                for (bk, block) in blocks.iter().enumerate().skip(k) {
                    for (pos, &i) in block.iter().enumerate() {
                        if bk == k && i <= j {
                            continue;
                        }
                        let follows = |m: u32| m > last && m <= last + 1 + MAX_NOTE_GAP;
                        match number_at(i) {
                            Some(m)
                                if follows(m) && (pos == 0 || ends_sentence(all[i - 1].text)) =>
                            {
                                last = m;
                            }
                            _ if pos == 0 => return None,
                            _ => {}
                        }
                    }
                }
                Some(last)
            };
            let mut planned = None;
            for (k, block) in blocks.iter().enumerate() {
                let first = block.iter().position(|&i| number_at(i).is_some());
                let Some(pos) = first else { continue };
                let j = block[pos];
                if number_at(j) != Some(expected) {
                    continue;
                }
                let carries_on = pos > 0
                    && expected > 1
                    && block[..pos]
                        .iter()
                        .all(|&i| number_at(i).is_none_or(|n| n < expected))
                    && ends_sentence(all[j - 1].text);
                // An unnumbered author's note (`* Professor of Law …`) may head the zone.
                let after_symbol_note = pos > 0
                    && symbol_note(Self::page_text(&all[block[0]]))
                    && block[..pos].iter().all(|&i| number_at(i).is_none());
                if pos > 0 && !carries_on && !after_symbol_note {
                    continue;
                }
                if let Some(last) = chain(k, j, expected) {
                    planned = Some((block[0], last));
                    break;
                }
            }
            if planned.is_none() {
                planned = blocks
                    .iter()
                    .rev()
                    .find(|b| number_at(b[0]) == Some(expected))
                    .map(|b| (b[0], expected));
            }
            if let Some((start, last)) = planned {
                self.zone_starts.insert(start);
                expected = last + 1;
            }
        }
    }

    fn expected(&self) -> u32 {
        self.sink.last_number().map_or(1, |n| n + 1)
    }

    /// A marker on this line that plausibly starts the next note.
    fn note_start(&self, line: &Line<'_>, previous: Option<&Line<'_>>) -> Option<Marker> {
        let m = marker(line.text)?;
        let expected = self.expected();
        let after_break = previous.is_none_or(|p| ends_sentence(p.text));
        let plausible = m.number == expected
            || (m.number > expected && m.number <= expected + MAX_NOTE_GAP && after_break)
            // the numbering starts again (a new chapter): only right below a rule
            || (m.number == 1 && expected > 1 && previous.is_none());
        plausible.then_some(m)
    }

    fn is_furniture(&self, line: &Line<'_>) -> bool {
        line.is_page_number() || self.furniture.contains(&furniture_key(line.text))
    }

    fn read(mut self) -> FoundNotes {
        let lines = self.lines;
        // The last line read in the current zone, to judge sentence ends.
        let mut previous: Option<Line<'_>> = None;
        for (i, raw) in lines.iter().enumerate() {
            let mut line = *raw;
            // A form feed starts a new page: what precedes it on the line ends the old page.
            if self.page_starts.contains(&i) {
                self.zone = Zone::Body;
                self.in_symbol_note = false;
                self.sink.interrupt();
                previous = None;
            }
            if let Some(ff) = line.text.rfind('\u{c}') {
                self.zone = Zone::Body;
                self.in_symbol_note = false;
                self.sink.interrupt();
                line = Line {
                    text: &line.text[ff + 1..],
                    start: line.start + ff + 1,
                };
                previous = None;
            }
            if line.is_rule() {
                if self.zone == Zone::Body {
                    self.zone = Zone::Notes { indented: None };
                    self.sink.interrupt();
                    previous = None;
                }
                continue;
            }
            match self.zone {
                Zone::Body => {
                    // Without rules, the zone planned for the page opens; without pages, a
                    // numbered line after a blank line opens a zone.
                    let opens = if self.page_starts.is_empty() {
                        !self.has_rules
                            && i > 0
                            && lines[i - 1].is_blank()
                            && marker(line.text).is_some_and(|m| m.number == self.expected())
                    } else {
                        self.zone_starts.contains(&i)
                    };
                    if opens {
                        self.zone = Zone::Notes { indented: None };
                        self.read_zone_line(&line, None);
                        previous = Some(line);
                    }
                }
                Zone::Notes { .. } => {
                    if self.read_zone_line(&line, previous.as_ref()) {
                        previous = Some(line);
                    } else {
                        previous = None;
                    }
                }
            }
        }
        self.sink.finish()
    }

    /// Read one line of a footnote zone. Returns whether it was part of a note.
    fn read_zone_line(&mut self, line: &Line<'_>, previous: Option<&Line<'_>>) -> bool {
        if line.is_blank() {
            return previous.is_some();
        }
        if let Some(m) = self.note_start(line, previous) {
            self.in_symbol_note = false;
            self.note_zone_indent(line);
            let text = line.content_from(m.text_start);
            self.sink.start(m.number, line, text);
            return true;
        }
        let Zone::Notes { indented } = self.zone else {
            return false;
        };
        // A line that starts with one space below an unindented zone is the next page's body.
        if indented == Some(false) && line.starts_with_single_space() {
            self.zone = Zone::Body;
            self.in_symbol_note = false;
            self.sink.interrupt();
            return false;
        }
        if self.is_furniture(line) {
            self.sink.skip(Severity::Info, line, "page furniture");
            return false;
        }
        // An unnumbered note (`* Professor of Law …`) that opens the zone, with its lines.
        if self.in_symbol_note || (symbol_note(line.text) && !self.sink.continuing) {
            self.in_symbol_note = true;
            self.note_zone_indent(line);
            self.sink.skip(Severity::Info, line, "an unnumbered note");
            return true;
        }
        self.note_zone_indent(line);
        if self.sink.extend(line.content_from(0)) {
            true
        } else {
            self.sink.skip(
                Severity::Warning,
                line,
                "text below a footnote rule before any note",
            );
            false
        }
    }

    fn note_zone_indent(&mut self, line: &Line<'_>) {
        if let Zone::Notes { indented: None } = self.zone {
            self.zone = Zone::Notes {
                indented: Some(line.text.starts_with(char::is_whitespace)),
            };
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Numbered lists

/// A note number on a wrapped line starts a new note only within this distance of the last.
const MAX_LIST_STEP: u32 = 50;

/// Read a list of numbered notes: a marker at the start of a paragraph always starts a note;
/// inside a paragraph it does when its number plausibly follows the last one (or, in a list
/// numbered backwards, precedes it by one).
fn read_numbered_list(source: &Normalized, lines: &Lines<'_>) -> FoundNotes {
    let mut sink = NoteSink::new(source);
    let mut previous: Option<&Line<'_>> = None;
    for line in &lines.lines {
        if line.is_blank() {
            previous = None;
            continue;
        }
        let starts = marker(line.text).filter(|m| match (previous, sink.last_number()) {
            (None, _) | (_, None) => true,
            (Some(p), Some(last)) => {
                (m.number > last && (m.number <= last + MAX_LIST_STEP || ends_sentence(p.text)))
                    // a list numbered backwards: one less, after a finished sentence or
                    // once the list has gone back by one already
                    || (m.number + 1 == last && (ends_sentence(p.text) || sink.runs_backwards()))
            }
        });
        match starts {
            Some(m) => sink.start(m.number, line, line.content_from(m.text_start)),
            None => {
                if !sink.extend(line.content_from(0)) {
                    sink.skip(Severity::Warning, line, "text before the first note");
                }
            }
        }
        previous = Some(line);
    }
    sink.finish()
}

/// Read a reference list, its entries numbered from 1: every line up to the last that is not
/// blank is one entry, a blank line an empty one, so that entry N is line N of the input (the
/// blank lines that end the text are no entries).
fn read_reference_lines(lines: &Lines<'_>) -> FoundNotes {
    let entries = lines
        .lines
        .iter()
        .rposition(|l| !l.is_blank())
        .map_or(0, |last| last + 1);
    let notes = lines
        .lines
        .iter()
        .take(entries)
        .zip(1..)
        .map(|(l, number)| FoundNote {
            number,
            pieces: vec![l.content_from(0)],
            markup: Vec::new(),
        })
        .collect();
    FoundNotes {
        kind: None,
        notes,
        diagnostics: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_in_every_form() {
        for (line, number) in [
            ("12 Text", 12),
            ("12. Text", 12),
            ("[12] Text", 12),
            ("12) Text", 12),
            ("(12) Text", 12),
            ("  3  « Quote", 3),
            ("12.Text", 12),
            ("12This paper", 12),
            ("3«Quote", 3),
            ("¹² Text", 12),
            ("³Text", 3),
        ] {
            let m = marker(line).unwrap_or_else(|| panic!("no marker in {line:?}"));
            assert_eq!(m.number, number, "{line}");
            assert!(line[m.text_start..].starts_with(['T', '«']), "{line}");
        }
    }

    #[test]
    fn numbers_that_are_not_markers() {
        for line in [
            "2030 12 more",
            "3.5 percent",
            "1234567 Text",
            "2030Text",
            "3d edition",
            "Text 12",
            "12",
            "12 ",
        ] {
            assert_eq!(marker(line), None, "{line}");
        }
    }

    #[test]
    fn a_line_that_runs_into_a_form_feed_is_cut_before_it() {
        let text = "é last line of a page\u{c}First line\nnext\u{c}\u{c}x";
        let lines: Vec<&str> = Lines::of_pages(text).lines.iter().map(|l| l.text).collect();
        assert_eq!(
            lines,
            [
                "é last line of a page",
                "\u{c}First line",
                "next",
                "\u{c}",
                "\u{c}x"
            ]
        );
        for line in Lines::of_pages(text).lines {
            assert_eq!(&text[line.start..line.start + line.text.len()], line.text);
        }
    }

    #[test]
    fn rules_and_page_numbers() {
        let line = |text| Line { text, start: 0 };
        assert!(line("                                                ").is_rule());
        assert!(line("______________").is_rule());
        assert!(!line("   ").is_rule());
        assert!(line("- 12 -").is_page_number());
        assert!(!line("04-12").is_page_number());
        assert!(line("Page 3").is_page_number());
        assert!(!line("12 Text").is_page_number());
    }
}
