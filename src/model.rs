//! The document model every stage fills in: [`Document`], [`Note`], [`Citation`], [`Reference`].
//!
//! References follow the CSL-JSON variables so that one model serves every view (CSL-JSON,
//! BibTeX, hayagriva). Every value that came from the input carries a [`Span`]: a byte range of
//! the **original** input, not of the normalised text.

use serde::ser::{SerializeMap, SerializeSeq};
use serde::{Serialize, Serializer};
use std::ops::Range;

/// A byte range `start..end` of the original input. Serialised as `[start, end]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span from `start` to `end`.
    pub fn new(start: usize, end: usize) -> Self {
        Span { start, end }
    }

    /// The span as a `Range`, to slice the original input with.
    pub fn range(self) -> Range<usize> {
        self.start..self.end
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        self.end - self.start
    }

    /// Whether the span covers no byte.
    pub fn is_empty(self) -> bool {
        self.end <= self.start
    }
}

impl From<Range<usize>> for Span {
    fn from(r: Range<usize>) -> Self {
        Span::new(r.start, r.end)
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut seq = serializer.serialize_seq(Some(2))?;
        seq.serialize_element(&self.start)?;
        seq.serialize_element(&self.end)?;
        seq.end()
    }
}

/// A whole processed document: the bibliography, the notes with their citations, and what
/// opcit has to say about the input. This is what `--to json` prints.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Document {
    /// One entry per distinct work, in order of first citation.
    pub references: Vec<Reference>,
    /// The footnotes, in document order.
    pub notes: Vec<Note>,
    /// Everything skipped, doubtful or repaired, in document order.
    pub diagnostics: Vec<Diagnostic>,
    /// The kind of input that was read.
    #[serde(skip)]
    pub input: Option<crate::notes::InputKind>,
    /// For a PDF, DOCX or ODT file: the text opcit made of it, into which every span points.
    /// Absent for a text input, whose spans point into the input itself.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source_text: Option<String>,
}

impl Document {
    /// The note with this number, if there is one.
    pub fn note(&self, number: u32) -> Option<&Note> {
        self.notes.iter().find(|n| n.number == number)
    }

    /// The reference with this id, if there is one.
    pub fn reference(&self, id: &str) -> Option<&Reference> {
        self.references.iter().find(|r| r.id == id)
    }

    /// The reference a citation resolves to.
    pub fn reference_of(&self, citation: &Citation) -> Option<&Reference> {
        citation.id.as_deref().and_then(|id| self.reference(id))
    }

    /// Every place the reference `id` is cited: each note and citation, in document order.
    pub fn citations_of<'a>(
        &'a self,
        id: &'a str,
    ) -> impl Iterator<Item = (&'a Note, &'a Citation)> + 'a {
        self.notes.iter().flat_map(move |note| {
            note.citations
                .iter()
                .filter(move |c| c.id.as_deref() == Some(id))
                .map(move |c| (note, c))
        })
    }
}

/// One footnote (or one line of a reference list), whole.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Note {
    /// The number as written (for a reference list: the line's rank, from 1).
    pub number: u32,
    /// The byte ranges of the original input that make up the note, marker excluded. A note
    /// that continues on the next page has two or more.
    pub spans: Vec<Span>,
    /// The note's normalised text, its pieces joined by a line break.
    pub text: String,
    /// The citations found in the note, in order.
    pub citations: Vec<Citation>,
}

/// How a citation refers to its work.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum CitationKind {
    /// A full citation: the work is described.
    Full,
    /// `Ibid.` and its kin: the work cited just before.
    Ibid,
    /// `Idem`: the same author as just before, a new work.
    Idem,
    /// `op. cit.` and its kin: a work of this author cited earlier.
    OpCit,
    /// `loc. cit.`: the same work and place as cited earlier.
    LocCit,
    /// `supra note 12`: the work cited in another note.
    Supra,
    /// A short form (`Hurrell, 1995, p. 40`).
    Short,
}

/// What a locator counts: CSL locator labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum LocatorLabel {
    /// Pages (`p. 48`, `S. 26`, `at 171`).
    Page,
    /// Paragraphs or sections marked `§`, `para.`.
    Paragraph,
    /// Sections.
    Section,
    /// Notes (`n. 7`).
    Note,
    /// Chapters.
    Chapter,
    /// Volumes.
    Volume,
    /// Lines.
    Line,
    /// Folios.
    Folio,
}

/// One citation of a work inside a note.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "kebab-case")]
pub struct Citation {
    /// The id of the reference it cites; absent when it could not be resolved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// How it refers to its work.
    pub kind: CitationKind,
    /// The pin-point locator (`48`, `237-238`), kept apart from the work's own pages.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub locator: Option<String>,
    /// What the locator counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label: Option<LocatorLabel>,
    /// Where the citation stands in the original input.
    pub span: Span,
    /// True when the target was a guess among several candidates.
    pub ambiguous: bool,
    /// The ranked candidates when `ambiguous`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub candidates: Vec<String>,
    /// How sure the parser is that this is a citation, from 0 to 1.
    pub confidence: f32,
}

/// A CSL item type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum ItemType {
    /// A journal article.
    ArticleJournal,
    /// A magazine article.
    ArticleMagazine,
    /// A newspaper article.
    ArticleNewspaper,
    /// Any other article, a press release.
    Article,
    /// A book.
    Book,
    /// A chapter of a book.
    Chapter,
    /// A paper given at a conference.
    PaperConference,
    /// A report, working or discussion paper.
    Report,
    /// A thesis.
    Thesis,
    /// A web page.
    Webpage,
    /// An unpublished manuscript.
    Manuscript,
    /// A court decision (`legal_case`: CSL spells it with an underscore).
    #[serde(rename = "legal_case")]
    LegalCase,
    /// A statute or treaty.
    Legislation,
    /// Anything else.
    #[default]
    Document,
}

/// The language of a work, when its title tells it clearly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum Language {
    /// German.
    German,
    /// French.
    French,
    /// Italian.
    Italian,
    /// Spanish.
    Spanish,
    /// English.
    English,
}

impl Language {
    /// The BCP 47 tag (`de`): CSL `language`, RIS `LA`, hayagriva `language`.
    pub fn tag(self) -> &'static str {
        match self {
            Language::German => "de",
            Language::French => "fr",
            Language::Italian => "it",
            Language::Spanish => "es",
            Language::English => "en",
        }
    }

    /// The name biber and babel know it by (`ngerman`): BibLaTeX and BibTeX `langid`.
    pub fn babel_name(self) -> &'static str {
        match self {
            Language::German => "ngerman",
            Language::French => "french",
            Language::Italian => "italian",
            Language::Spanish => "spanish",
            Language::English => "english",
        }
    }
}

/// A text value of a reference with the span it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Field {
    /// The cleaned value.
    pub value: String,
    /// Where it was read, when it came from the input.
    pub span: Option<Span>,
}

impl Field {
    /// A value read at `span`.
    pub fn new(value: impl Into<String>, span: Option<Span>) -> Self {
        Field {
            value: value.into(),
            span,
        }
    }
}

/// A personal or organisational name, as CSL-JSON name variables.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Name {
    /// Family name (`Overbeek`).
    pub family: Option<String>,
    /// Given names or initials (`H.`).
    pub given: Option<String>,
    /// Particle kept with the family name (`von` in `Klekowski von Koppenfels`).
    pub non_dropping_particle: Option<String>,
    /// Particle dropped when sorting (`de` in `Charles de Gaulle`).
    pub dropping_particle: Option<String>,
    /// Suffix (`Jr.`).
    pub suffix: Option<String>,
    /// An organisation or a name that must not be split (`UN Population Division`).
    pub literal: Option<String>,
    /// Where it was read.
    pub span: Option<Span>,
}

/// A date as CSL-JSON `date-parts` (year, month, day), with a season or the raw text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Date {
    /// Year, then month 1–12, then day 1–31.
    pub parts: Vec<i32>,
    /// Season 1–4 (spring to winter), when written so.
    pub season: Option<u8>,
    /// The date as written.
    pub raw: Option<String>,
    /// Where it was read.
    pub span: Option<Span>,
}

impl Date {
    /// A date of which only the year is known.
    pub fn from_year(year: i32) -> Self {
        Date {
            parts: vec![year],
            ..Date::default()
        }
    }
}

/// One work of the bibliography, with CSL-JSON variables.
///
/// Serialised as a CSL-JSON item plus a `spans` object that maps each variable to the byte
/// ranges of the original input it was read from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Reference {
    /// Stable, unique key (`overbeek2001`), usable as a BibTeX key.
    pub id: String,
    /// CSL `type`.
    pub item_type: ItemType,
    /// CSL `author`.
    pub author: Vec<Name>,
    /// CSL `editor`.
    pub editor: Vec<Name>,
    /// CSL `translator`.
    pub translator: Vec<Name>,
    /// CSL `title`.
    pub title: Option<Field>,
    /// CSL `container-title`: the book of a chapter, the journal of an article.
    pub container_title: Option<Field>,
    /// CSL `collection-title`: the series.
    pub collection_title: Option<Field>,
    /// CSL `collection-number`: the number in the series.
    pub collection_number: Option<Field>,
    /// CSL `publisher`.
    pub publisher: Option<Field>,
    /// CSL `publisher-place`.
    pub publisher_place: Option<Field>,
    /// CSL `event-title`: the conference or meeting.
    pub event_title: Option<Field>,
    /// CSL `event-place`.
    pub event_place: Option<Field>,
    /// CSL `issued`.
    pub issued: Option<Date>,
    /// CSL `volume`.
    pub volume: Option<Field>,
    /// CSL `issue`.
    pub issue: Option<Field>,
    /// CSL `page`: the work's own page range.
    pub page: Option<Field>,
    /// CSL `edition`.
    pub edition: Option<Field>,
    /// CSL `number`: report number or document symbol (`MC/INF/265`).
    pub number: Option<Field>,
    /// CSL `genre` (`Discussion Paper`, `Press Release`).
    pub genre: Option<Field>,
    /// CSL `URL`.
    pub url: Option<Field>,
    /// CSL `DOI`.
    pub doi: Option<Field>,
    /// CSL `ISBN`.
    pub isbn: Option<Field>,
    /// CSL `note`: what the reader wrote that fits no variable.
    pub note: Option<Field>,
    /// CSL `language`: told from the title, absent when unclear.
    pub language: Option<Language>,
}

impl Reference {
    /// The text variables with their CSL names, in a fixed order.
    pub fn text_fields(&self) -> [(&'static str, Option<&Field>); 18] {
        [
            ("title", self.title.as_ref()),
            ("container-title", self.container_title.as_ref()),
            ("collection-title", self.collection_title.as_ref()),
            ("collection-number", self.collection_number.as_ref()),
            ("publisher", self.publisher.as_ref()),
            ("publisher-place", self.publisher_place.as_ref()),
            ("event-title", self.event_title.as_ref()),
            ("event-place", self.event_place.as_ref()),
            ("volume", self.volume.as_ref()),
            ("issue", self.issue.as_ref()),
            ("page", self.page.as_ref()),
            ("edition", self.edition.as_ref()),
            ("number", self.number.as_ref()),
            ("genre", self.genre.as_ref()),
            ("URL", self.url.as_ref()),
            ("DOI", self.doi.as_ref()),
            ("ISBN", self.isbn.as_ref()),
            ("note", self.note.as_ref()),
        ]
    }

    /// The text variables, to change in place, in the order of [`Reference::text_fields`].
    pub fn text_fields_mut(&mut self) -> [&mut Option<Field>; 18] {
        [
            &mut self.title,
            &mut self.container_title,
            &mut self.collection_title,
            &mut self.collection_number,
            &mut self.publisher,
            &mut self.publisher_place,
            &mut self.event_title,
            &mut self.event_place,
            &mut self.volume,
            &mut self.issue,
            &mut self.page,
            &mut self.edition,
            &mut self.number,
            &mut self.genre,
            &mut self.url,
            &mut self.doi,
            &mut self.isbn,
            &mut self.note,
        ]
    }

    /// Whether any CSL variable has a value, `id` and `type` aside.
    pub fn has_variables(&self) -> bool {
        self.issued.is_some()
            || self
                .name_fields()
                .iter()
                .any(|(_, names)| !names.is_empty())
            || self.text_fields().iter().any(|(_, field)| field.is_some())
            || self.language.is_some()
    }

    /// The name variables with their CSL names.
    pub fn name_fields(&self) -> [(&'static str, &[Name]); 3] {
        [
            ("author", &self.author),
            ("editor", &self.editor),
            ("translator", &self.translator),
        ]
    }
}

/// Serialises a name as a CSL-JSON name object (`family`, `given`, particles, or `literal`).
struct CslName<'a>(&'a Name);

impl Serialize for CslName<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let n = self.0;
        let mut map = serializer.serialize_map(None)?;
        let parts = [
            ("family", &n.family),
            ("given", &n.given),
            ("non-dropping-particle", &n.non_dropping_particle),
            ("dropping-particle", &n.dropping_particle),
            ("suffix", &n.suffix),
            ("literal", &n.literal),
        ];
        for (key, value) in parts {
            if let Some(v) = value {
                map.serialize_entry(key, v)?;
            }
        }
        map.end()
    }
}

/// Serialises a date as CSL-JSON (`date-parts`, `season`, `raw`).
struct CslDate<'a>(&'a Date);

impl Serialize for CslDate<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let d = self.0;
        let mut map = serializer.serialize_map(None)?;
        if !d.parts.is_empty() {
            map.serialize_entry("date-parts", &[&d.parts])?;
        }
        if let Some(season) = d.season {
            map.serialize_entry("season", &season)?;
        }
        if let Some(raw) = &d.raw {
            map.serialize_entry("raw", raw)?;
        }
        map.end()
    }
}

/// The `spans` object of a serialised reference: variable name to the ranges it was read from.
struct FieldSpans<'a>(&'a Reference);

impl FieldSpans<'_> {
    fn entries(&self) -> Vec<(&'static str, Vec<Span>)> {
        let r = self.0;
        let mut out = Vec::new();
        for (key, names) in r.name_fields() {
            let spans: Vec<Span> = names.iter().filter_map(|n| n.span).collect();
            if !spans.is_empty() {
                out.push((key, spans));
            }
        }
        if let Some(span) = r.issued.as_ref().and_then(|d| d.span) {
            out.push(("issued", vec![span]));
        }
        for (key, field) in r.text_fields() {
            if let Some(span) = field.and_then(|f| f.span) {
                out.push((key, vec![span]));
            }
        }
        out
    }
}

impl Serialize for FieldSpans<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let entries = self.entries();
        let mut map = serializer.serialize_map(Some(entries.len()))?;
        for (key, spans) in entries {
            map.serialize_entry(key, &spans)?;
        }
        map.end()
    }
}

/// A reference as a plain CSL-JSON item: the variables without opcit's `spans`.
#[derive(Debug, Clone, Copy)]
pub struct CslItem<'a>(pub &'a Reference);

impl Serialize for CslItem<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_csl(serializer, false)
    }
}

impl Serialize for Reference {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.serialize_csl(serializer, true)
    }
}

impl Reference {
    fn serialize_csl<S: Serializer>(
        &self,
        serializer: S,
        with_spans: bool,
    ) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(None)?;
        map.serialize_entry("id", &self.id)?;
        map.serialize_entry("type", &self.item_type)?;
        for (key, names) in self.name_fields() {
            if !names.is_empty() {
                let names: Vec<CslName<'_>> = names.iter().map(CslName).collect();
                map.serialize_entry(key, &names)?;
            }
        }
        if let Some(date) = &self.issued {
            map.serialize_entry("issued", &CslDate(date))?;
        }
        for (key, field) in self.text_fields() {
            if let Some(f) = field {
                map.serialize_entry(key, &f.value)?;
            }
        }
        if let Some(language) = self.language {
            map.serialize_entry("language", language.tag())?;
        }
        let spans = FieldSpans(self);
        if with_spans && !spans.entries().is_empty() {
            map.serialize_entry("spans", &spans)?;
        }
        map.end()
    }
}

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// For information: a repair or a choice opcit made.
    Info,
    /// Something may be wrong or was skipped.
    Warning,
    /// Something could not be read.
    Error,
}

/// What a diagnostic is about, as a stable kebab-case code for pipelines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum DiagnosticCode {
    /// Note numbers skip one or more numbers.
    NoteNumberGap,
    /// Note numbers go back or start again.
    NoteNumberRestart,
    /// A note number appears twice.
    NoteNumberRepeated,
    /// No footnote was found.
    NoNotes,
    /// Text that was skipped (page furniture, text before the first note).
    SkippedText,
    /// The input kind was guessed.
    InputDetected,
    /// Text of a note that no citation parser could read.
    Unparsed,
    /// A back-reference without a target.
    Unresolved,
    /// A back-reference with several possible targets.
    Ambiguous,
    /// A back-reference whose author matched only with a spelling difference.
    LooseMatch,
    /// NUL bytes or other control characters in the input (a binary file?); they are kept.
    ControlCharacters,
    /// A Markdown footnote reference without a definition, or a definition never referenced.
    FootnoteUnmatched,
    /// A LaTeX citation command (`\cite{key}`): its reference is in a `.bib` file, not in the
    /// text, and is not read.
    CitationCommand,
    /// A DOCX or ODT file with footnotes and endnotes: the endnotes are numbered on after the
    /// footnotes.
    EndnotesNumberedOn,
}

/// A message about the input, with the span it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// How serious it is.
    pub severity: Severity,
    /// A stable code.
    pub code: DiagnosticCode,
    /// One line for a human.
    pub message: String,
    /// The part of the original input it concerns.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub span: Option<Span>,
}

impl Diagnostic {
    /// A diagnostic of this severity and code.
    pub fn new(
        severity: Severity,
        code: DiagnosticCode,
        message: impl Into<String>,
        span: Option<Span>,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            message: message.into(),
            span,
        }
    }
}
