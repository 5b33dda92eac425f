//! The cite stage: split each note into commentary and citations, and parse each citation into
//! CSL fields with spans.
//!
//! A note is cut into sentences (never inside a quotation or brackets). In each sentence the
//! reader looks for where a citation starts: after a signal (`See`, `Refer to`, `cf.`), after a
//! colon, after a quotation, or at a back-reference (`Ibid.`, `Ghosh, op. cit.`). A sentence that
//! only continues the citation before it (`Time for a New International Regime ?, New York,
//! Oxford University Press, p.48.`) is joined to it. What is left is commentary.

mod bluebook;
pub mod crf;
mod dates;
pub(crate) mod decode;
pub mod features;
mod fields;
pub mod label;
pub mod labeller;
pub mod language;
mod legal;
mod marks;
mod names;
pub mod normalize;
pub mod tables;
pub mod tags;
mod text;
pub mod tokens;

use crate::model::{
    Citation, CitationKind, Diagnostic, DiagnosticCode, Field, ItemType, Reference, Severity, Span,
};
use crate::notes::NoteText;
use crate::text::Normalized;
use fields::{Context, ParsedCitation};
use std::ops::Range;
use text::{inside, protected_ranges, skip_spaces};

pub(crate) use fields::PREVIOUS_NOTE;
pub(crate) use names::{family_of, name_list};

/// A citation read from a note: where it is, how it refers, and the fields it gives.
#[derive(Debug, Clone)]
pub struct ParsedNoteCitation {
    /// The citation as the model holds it (no `id` yet).
    pub citation: Citation,
    /// The fields written in the citation (for a back-reference: the author, year or title
    /// given before `op. cit.`). Spans are of the original input.
    pub item: Reference,
    /// The container was written as a back-reference (`in Ghosh, B., op. cit.`).
    pub container_backref: bool,
    /// The note a cross-reference points to (`supra note 12`).
    pub note_ref: Option<u32>,
    /// The short name the citation defines (`(hereinafter Report)`).
    pub alias: Option<String>,
    /// The citation's text, as read.
    pub text: String,
}

/// What the cite stage hands on for one note.
#[derive(Debug, Clone, Default)]
pub struct ParsedNote {
    /// The citations, in order.
    pub citations: Vec<ParsedNoteCitation>,
    /// Commentary that looked like a citation but could not be read.
    pub diagnostics: Vec<Diagnostic>,
}

/// Read one reference (a line of a bibliography): its fields, spans relative to `reference`,
/// and its key as `id` (`tuck1979`), the one a reference list of this one line gives it.
///
/// ```
/// let r = opcit::parse_reference("Tuck, Richard. Natural Rights Theories. Cambridge: Cambridge University Press, 1979.");
/// assert_eq!(r.title.map(|t| t.value).as_deref(), Some("Natural Rights Theories"));
/// assert_eq!(r.publisher.map(|p| p.value).as_deref(), Some("Cambridge University Press"));
/// assert_eq!(r.id, "tuck1979");
/// ```
pub fn parse_reference(reference: &str) -> Reference {
    parse_reference_with(reference, &Parser::Model)
}

/// [`parse_reference`] with another parser.
pub fn parse_reference_with(reference: &str, parser: &Parser) -> Reference {
    let mut item = read_reference_fields(reference, parser);
    item.language = language::language_of(&item);
    item.id = crate::resolve::keys(&[&item]).pop().unwrap_or_default();
    item
}

/// The fields of one reference, without an id.
fn read_reference_fields(reference: &str, parser: &Parser) -> Reference {
    let Some(labeller) = parser.labeller() else {
        return fields::parse_citation(reference, Context::Entry).item;
    };
    // the text as a reference-list line: its line breaks are spaces, offsets unchanged
    let flat = reference.replace('\n', " ");
    labeller
        .citations(&flat, normalize::Reading::Entry)
        .into_iter()
        .next()
        .map(|(_, parsed)| parsed.item)
        .unwrap_or_default()
}

/// Shift every span of a reference with `f`.
pub(crate) fn map_spans(item: &mut Reference, f: &dyn Fn(Span) -> Span) {
    for names in [&mut item.author, &mut item.editor, &mut item.translator] {
        for n in names.iter_mut() {
            n.span = n.span.map(f);
        }
    }
    if let Some(d) = item.issued.as_mut() {
        d.span = d.span.map(f);
    }
    for field in [
        &mut item.title,
        &mut item.container_title,
        &mut item.collection_title,
        &mut item.collection_number,
        &mut item.publisher,
        &mut item.publisher_place,
        &mut item.event_title,
        &mut item.event_place,
        &mut item.volume,
        &mut item.issue,
        &mut item.page,
        &mut item.edition,
        &mut item.number,
        &mut item.genre,
        &mut item.url,
        &mut item.doi,
        &mut item.isbn,
        &mut item.note,
    ] {
        if let Some(Field { span, .. }) = field.as_mut() {
            *span = span.map(f);
        }
    }
}

/// The confidence a citation needs, by how clearly it starts.
fn needed(strength: Start) -> f32 {
    match strength {
        Start::Strong => STRONG_START_CONFIDENCE,
        Start::Marked => STRONG_START_CONFIDENCE,
        Start::Weak => WEAK_START_CONFIDENCE,
    }
}

/// Words that open commentary, never a citation.
const COMMENTARY_OPENERS: &[&str] = &[
    "For",
    "As",
    "In",
    "On",
    "According",
    "Following",
    "However",
    "Though",
    "Although",
    "While",
    "This",
    "These",
    "That",
    "Those",
    "It",
    "Its",
    "We",
    "Our",
    "There",
    "When",
    "Where",
    "With",
    "Since",
    "Because",
    "If",
    "Moreover",
    "Furthermore",
    "Thus",
    "Also",
    "Such",
    "Both",
    "Here",
    "Projected",
    "Taken",
    "Among",
    "One",
    "Other",
    "Interestingly",
    "Even",
    "Despite",
    "An",
    "A",
];

/// Whether a candidate reads as a citation from its first word: no commentary opener, no
/// quotation taken for a title, no title that starts in lowercase or reads as prose.
fn is_clean(unit: &str, parsed: &ParsedCitation) -> bool {
    let first = unit
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(',');
    if COMMENTARY_OPENERS.contains(&first)
        && fields::skip_signal(unit, 0) == 0
        && !starts_strongly(unit, 0, unit.len())
    {
        return false;
    }
    if first.starts_with(['p', 'S']) && fields::locator_at(unit).is_some() {
        return false;
    }
    // `Aaron Friedberg : « … »`, `Colleen Thouez : Thouez, Colleen, 2004, …`: a name
    // introducing a quotation or the citation itself
    if let Some(colon) = unit.find(':')
        && unit[..colon].split_whitespace().count() <= 5
        && !unit[..colon].contains('(')
    {
        let after = skip_spaces(unit, colon + 1);
        if unit[after..].starts_with(|c: char| text::closing_quote(c).is_some())
            || starts_strongly(unit, after, unit.len())
        {
            return false;
        }
    }
    // `« quotation », Hollifield, J.F., 2001, …`: a quotation followed by its source
    if unit.starts_with(|c: char| text::closing_quote(c).is_some())
        && let Some(q) = text::quote_end(unit, 0)
    {
        let after = q + unit[q..].len() - unit[q..].trim_start_matches([',', '.', ' ', ';']).len();
        if after < unit.len() && (starts_strongly(unit, after, unit.len()) || q > MAX_TITLE_BYTES) {
            return false;
        }
    }
    // the name of an act is long and reads as prose (`Loi n° 2004-228 … encadrant …`)
    if matches!(
        parsed.item.item_type,
        ItemType::Legislation | ItemType::LegalCase
    ) {
        return true;
    }
    match &parsed.item.title {
        Some(t) => {
            let v = t.value.as_str();
            // `Sénat, Rapport n° 1 … de M. …, sur le projet de loi …`: a numbered report
            // of a body may go on in lowercase after its number
            let numbered_report = parsed.item.genre.is_some()
                && parsed.item.number.is_some()
                && !parsed.item.author.is_empty();
            // `Smith, J., 2001, « key value of migration »`: a quoted title after names and
            // a date may start in lowercase
            let quoted_after_names = parsed.quoted_title
                && !parsed.item.author.is_empty()
                && parsed.item.issued.is_some()
                && !unit.starts_with(|c: char| text::closing_quote(c).is_some());
            let starts_badly = v.starts_with(|c: char| c.is_lowercase() || ":;,".contains(c))
                && !numbered_report
                && !quoted_after_names;
            // a UN or agency document, known by its symbol and date, has a title in
            // sentence case (`Strengthening of the coordination of …, A/RES/46/182, 1991`)
            let document = parsed.item.number.is_some() && parsed.item.issued.is_some();
            // a long quotation that reads as prose is quoted text, not a title
            let quoted_prose = parsed.quoted_title && v.len() > MAX_QUOTED_PROSE_BYTES && prose(v);
            if quoted_prose {
                return false;
            }
            !starts_badly
                && v.len() <= MAX_TITLE_BYTES
                && (parsed.quoted_title || document || !prose(v))
        }
        None => true,
    }
}

/// A quoted title that reads as prose is at most this long; longer, it is a quotation.
const MAX_QUOTED_PROSE_BYTES: usize = 200;

/// Titles are shorter than this; a longer "title" is a quotation or prose.
const MAX_TITLE_BYTES: usize = 300;

/// How sure a citation must be to be kept when nothing but its content says it is one.
const WEAK_START_CONFIDENCE: f32 = 0.79;
/// How sure a citation must be when it starts like one (names and a date, a signal).
const STRONG_START_CONFIDENCE: f32 = 0.59;

/// Where a citation may start in a sentence, and how clearly.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Start {
    /// Only the content can tell.
    Weak,
    /// After a signal, a colon or a quotation.
    Marked,
    /// Names followed by a date, a quotation or a back-reference word.
    Strong,
}

/// What reads the citations of a note.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub enum Parser {
    /// The trained labeller built into opcit ([`labeller::Labeller::built_in`]); the rules
    /// when the build has no model.
    #[default]
    Model,
    /// A labeller of another model (one trained with `opcit-train`).
    Labeller(labeller::Labeller),
    /// The hand-written rules alone.
    Rules,
}

impl Parser {
    /// The labeller that reads, or `None` for the rules.
    pub fn labeller(&self) -> Option<labeller::Labeller> {
        match self {
            Parser::Model => labeller::Labeller::built_in(),
            Parser::Labeller(l) => Some(l.clone()),
            Parser::Rules => None,
        }
    }
}

/// Parse a note of a document of `kind` with `parser`.
pub fn parse_note_with(
    note: &NoteText,
    source: &Normalized,
    kind: Option<crate::notes::InputKind>,
    parser: &Parser,
) -> ParsedNote {
    // combining marks that NFC leaves on letters are read past, then put back
    let marked = marks::without_marks(note, source);
    let read = marked.as_ref().map_or(note, |(bare, _)| bare);
    let mut parsed = match parser.labeller() {
        Some(l) => parse_note_labelled(read, source, kind, &l),
        None => parse_note_as(read, source, kind),
    };
    if let Some((_, marks)) = &marked {
        marks.restore_note(&mut parsed);
    }
    parsed
}

/// Parse a note with the labeller: a reference-list line is one reference whole (an empty
/// one when nothing in it reads as a field); a footnote is split into its citations.
pub fn parse_note_labelled(
    note: &NoteText,
    source: &Normalized,
    kind: Option<crate::notes::InputKind>,
    labeller: &labeller::Labeller,
) -> ParsedNote {
    let flat = note.as_str().replace('\n', " ");
    let entry = kind == Some(crate::notes::InputKind::Refs);
    let reading = if entry {
        normalize::Reading::Entry
    } else {
        normalize::Reading::Note
    };
    let mut out = ParsedNote::default();
    let (cites, left) = labeller.tagged_citations(&flat, reading);
    for range in left {
        out.diagnostics.push(left_out(note, source, &flat, range));
    }
    // each citation read into its fields as it is kept: a long note's are not held twice
    out.citations.reserve_exact(cites.len());
    for tagged in cites {
        let parsed = normalize::assemble(&flat, &tagged, reading);
        out.citations
            .push(note_citation(note, source, &flat, tagged.range, parsed));
    }
    if entry && out.citations.is_empty() {
        let parsed = ParsedCitation {
            kind: None,
            item: Reference::default(),
            locator: None,
            confidence: 0.0,
            container_backref: false,
            quoted_title: false,
            note_ref: None,
            alias: None,
        };
        out.citations
            .push(note_citation(note, source, &flat, 0..flat.len(), parsed));
    }
    out
}

/// A citation read from `range` of a note's (flat) text, its spans made original.
fn note_citation(
    note: &NoteText,
    source: &Normalized,
    flat: &str,
    range: Range<usize>,
    parsed: ParsedCitation,
) -> ParsedNoteCitation {
    let mut item = parsed.item;
    map_spans(&mut item, &|s: Span| {
        note.original_span(s.start..s.end, source)
    });
    let (locator, label) = match parsed.locator {
        Some((value, label, _)) => (Some(value), Some(label)),
        None => (None, None),
    };
    ParsedNoteCitation {
        citation: Citation {
            id: None,
            kind: parsed.kind.unwrap_or(CitationKind::Full),
            locator,
            label,
            span: note.original_span(range.clone(), source),
            ambiguous: false,
            candidates: Vec::new(),
            confidence: parsed.confidence,
        },
        item,
        container_backref: parsed.container_backref,
        note_ref: parsed.note_ref,
        alias: parsed.alias,
        text: flat[range].to_string(),
    }
}

/// Parse a note of a document of `kind` with the rules: a reference-list line is one
/// reference whole; a footnote is split into its citations.
pub fn parse_note_as(
    note: &NoteText,
    source: &Normalized,
    kind: Option<crate::notes::InputKind>,
) -> ParsedNote {
    if kind != Some(crate::notes::InputKind::Refs) {
        return parse_note(note, source);
    }
    let text = note.as_str();
    let parsed = fields::parse_citation(text, Context::Entry);
    let mut item = parsed.item;
    map_spans(&mut item, &|s: Span| {
        note.original_span(s.start..s.end, source)
    });
    let citation = Citation {
        id: None,
        kind: CitationKind::Full,
        locator: None,
        label: None,
        span: note.original_span(0..text.len(), source),
        ambiguous: false,
        candidates: Vec::new(),
        confidence: parsed.confidence,
    };
    ParsedNote {
        citations: vec![ParsedNoteCitation {
            citation,
            item,
            container_backref: false,
            note_ref: None,
            alias: None,
            text: text.to_string(),
        }],
        diagnostics: Vec::new(),
    }
}

/// The citations the rules read in a note's (flat) text: each one's range and fields, spans
/// relative to its range.
pub(crate) fn rule_units(text: &str) -> Vec<(Range<usize>, ParsedCitation)> {
    rule_reading(text).0
}

/// The citations the rules read: each one's range and fields.
type RuleUnits = Vec<(Range<usize>, ParsedCitation)>;

/// [`rule_units`], and the ranges the rules read as a citation (names and a date or a title)
/// but did not keep, in sentences where they kept none.
fn rule_reading(text: &str) -> (RuleUnits, Vec<Range<usize>>) {
    let mut left_out = Vec::new();
    let _looks = fields::LookCache::new();
    let protected = protected_ranges(text);
    let sentences = sentences(text, &protected);
    // Units: citation ranges, in order.
    let mut units: Vec<(Range<usize>, ParsedCitation)> = Vec::new();
    let mut k = 0;
    while k < sentences.len() {
        let s = sentences[k].clone();
        k += 1;
        let mut candidates = citation_starts(text, s.clone(), &protected);
        candidates.sort_by_key(|c| c.0);
        // A sentence is read a bounded number of times, each time a bounded length: the work
        // per sentence stays linear in its length, whatever it holds.
        candidates.truncate(MAX_CANDIDATES);
        // `Sul punto, a partire dalla sentenza n. 120, cfr. E. Grosso, …`: a signal after a
        // comma closes the commentary that opens the sentence
        let comma_signals: Vec<usize> = candidates
            .iter()
            .filter(|&&(at, strength)| {
                strength >= Start::Marked && signal_after_comma(text, s.start, at)
            })
            .map(|&(at, _)| at)
            .collect();
        let mut accepted = false;
        let mut rejected = None;
        for (start, strength) in candidates {
            if strength == Start::Weak && comma_signals.iter().any(|&at| at > start) {
                continue;
            }
            let unit_end = s
                .end
                .min(floor_char_boundary(text, start + MAX_CITATION_BYTES));
            let unit = trim_unit(text, start..unit_end);
            if unit.is_empty() {
                continue;
            }
            let mut parsed = fields::parse_citation(&text[unit.clone()], Context::Note);
            let backref = parsed
                .kind
                .is_some_and(|kind| !matches!(kind, CitationKind::Full | CitationKind::Short));
            if !backref && !is_clean(&text[unit.clone()], &parsed) {
                if rejected.is_none() && looks_cited(&parsed, strength) {
                    rejected = Some(unit);
                }
                continue;
            }
            // the sentences after it that carry on its publication facts
            let mut unit = unit;
            let mut taken = 0;
            // `ders.: Titel. Untertitel. Ort: Verlag Jahr`: idem names a new work too
            let carries_work = !backref || parsed.kind == Some(CitationKind::Idem);
            while carries_work && ends_open(&parsed) {
                let Some(next) = sentences.get(k + taken) else {
                    break;
                };
                let mut through = next.end;
                if !continues_citation(text, next.clone()) {
                    // `Titel. Untertitel. Übers. von N. Ort: Verlag Jahr`: a subtitle, an
                    // edition or a translator between title and facts
                    let bridge = (0..MAX_BRIDGED_SENTENCES).find_map(|n| {
                        let between = sentences.get(k + taken..=k + taken + n)?;
                        let after = sentences.get(k + taken + n + 1)?;
                        let short = between.iter().all(|b| {
                            let t = &text[b.clone()];
                            t.split_whitespace().count() <= MAX_SUBTITLE_WORDS
                                && !prose(t)
                                && fields::skip_signal(t, 0) == 0
                        });
                        (short && continues_citation(text, after.clone()))
                            .then_some((n + 1, after.end))
                    });
                    match bridge {
                        Some((n, end)) => {
                            through = end;
                            taken += n;
                        }
                        None => break,
                    }
                }
                taken += 1;
                unit = unit.start..through;
                parsed = fields::parse_citation(&text[unit.clone()], Context::Note);
            }
            let short = parsed.kind == Some(CitationKind::Short);
            let threshold = if short {
                needed(Start::Strong)
            } else {
                needed(strength)
            };
            if backref || parsed.confidence >= threshold {
                units.push((unit, parsed));
                k += taken;
                accepted = true;
                break;
            }
            if rejected.is_none() && looks_cited(&parsed, strength) {
                rejected = Some(unit);
            }
        }
        if !accepted && let Some(r) = rejected {
            left_out.push(r);
        }
        // `…, p.9.` after a quotation: the locator of the citation before.
        if !accepted
            && let Some((_, last)) = units.last_mut()
            && last.locator.is_none()
            && let Some(loc) = trailing_locator(text, s.clone(), &protected)
        {
            last.locator = Some(loc);
        }
    }
    (units, left_out)
}

/// Whether the rules' reading of a candidate looks like a citation: names with a date or a
/// title, or after a signal.
fn looks_cited(parsed: &ParsedCitation, strength: Start) -> bool {
    let i = &parsed.item;
    !i.author.is_empty() && (i.issued.is_some() || i.title.is_some() || strength == Start::Marked)
}

/// The diagnostic of a range of a note that read as a citation but was not kept.
pub(crate) fn left_out(
    note: &NoteText,
    source: &Normalized,
    text: &str,
    range: Range<usize>,
) -> Diagnostic {
    let shown: String = text
        .get(range.clone())
        .unwrap_or("")
        .chars()
        .take(80)
        .collect();
    Diagnostic::new(
        Severity::Info,
        DiagnosticCode::Unparsed,
        format!("text that reads like a citation was not kept as one: {shown}"),
        Some(note.original_span(range, source)),
    )
}

/// Parse the citations of one footnote.
pub fn parse_note(note: &NoteText, source: &Normalized) -> ParsedNote {
    // Line breaks are spaces here; the offsets stay those of the note.
    let flat = note.as_str().replace('\n', " ");
    let text = flat.as_str();
    let (units, left) = rule_reading(text);
    let mut out = ParsedNote::default();
    for range in left {
        out.diagnostics.push(left_out(note, source, text, range));
    }
    out.citations.reserve_exact(units.len());
    for (unit, parsed) in units {
        let base = unit.start;
        let local = |r: Range<usize>| note.original_span(r.start + base..r.end + base, source);
        let mut item = parsed.item;
        map_spans(&mut item, &|s: Span| local(s.start..s.end));
        let (locator, label) = match parsed.locator {
            Some((value, label, _)) => (Some(value), Some(label)),
            None => (None, None),
        };
        let citation = Citation {
            id: None,
            kind: parsed.kind.unwrap_or(CitationKind::Full),
            locator,
            label,
            span: note.original_span(unit.clone(), source),
            ambiguous: false,
            candidates: Vec::new(),
            confidence: parsed.confidence,
        };
        out.citations.push(ParsedNoteCitation {
            citation,
            item,
            container_backref: parsed.container_backref,
            note_ref: parsed.note_ref,
            alias: parsed.alias,
            text: text[unit.clone()].to_string(),
        });
    }
    if out.citations.is_empty() && out.diagnostics.is_empty() && looks_bibliographic(text) {
        out.diagnostics.push(Diagnostic::new(
            Severity::Info,
            DiagnosticCode::Unparsed,
            "a note with a year and a title-like text, but no citation could be read",
            Some(note.original_span(0..text.len(), source)),
        ));
    }
    out
}

/// Whether a note without citations still looks as if it cites something.
fn looks_bibliographic(text: &str) -> bool {
    dates::find_date(text).is_some()
        && (text.contains(" p.") || text.contains("pp.") || text.contains("http"))
}

/// Whether the citation still waits for its publication facts (a title was read, but no
/// publisher, place, date after it, nor a locator or URL).
fn ends_open(p: &ParsedCitation) -> bool {
    let i = &p.item;
    p.locator.is_none()
        && i.publisher.is_none()
        && i.publisher_place.is_none()
        && i.url.is_none()
        && i.page.is_none()
        && i.volume.is_none()
        && i.number.is_none()
}

/// A sentence that carries on the citation before it: it starts with a place (`Tokyo: …`),
/// a title continuation, and holds publication facts but no names-and-date start and no
/// commentary.
fn continues_citation(text: &str, s: Range<usize>) -> bool {
    let t = text[s.clone()].trim();
    let Some(first) = t.chars().next() else {
        return false;
    };
    if !(first.is_uppercase() || first.is_ascii_digit()) {
        return false;
    }
    let words = t.split_whitespace().count();
    if words > 40 || fields::skip_signal(t, 0) > 0 {
        return false;
    }
    // `In: Merkur 39 (1985), S. 373–385`: the container of the title before
    if fields::container_marker_len(t).is_some() && !prose(t) {
        return true;
    }
    let first_word = t
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches(',');
    if COMMENTARY_OPENERS.contains(&first_word) && !["The", "A", "An"].contains(&first_word) {
        return false;
    }
    // it must hold facts: a place, a publisher, a year, a locator or a volume
    let parsed = fields::parse_citation(t, Context::Note);
    let i = &parsed.item;
    let facts = [
        i.publisher.is_some(),
        i.publisher_place.is_some(),
        i.issued.is_some(),
        parsed.locator.is_some(),
        i.event_title.is_some(),
        i.number.is_some(),
        i.genre.is_some(),
    ]
    .iter()
    .filter(|&&f| f)
    .count();
    // a citation of its own: names (a person, or a body named as one), a title and a date
    let body_named = i.author.iter().any(|n| {
        n.literal
            .as_deref()
            .is_some_and(|l| l.contains(' ') || l.chars().all(|c| c.is_uppercase()))
    });
    let starts_with_names = i.author.iter().any(|n| n.family.is_some())
        || body_named && i.title.is_some() && i.issued.is_some();
    let own_title = i
        .title
        .as_ref()
        .is_some_and(|_| t.starts_with(|c: char| text::closing_quote(c).is_some()));
    facts >= 2 && !starts_with_names && !own_title && !prose(t)
}

/// At most this many sentences (subtitle, edition, translator) are bridged between a title and
/// its publication facts.
const MAX_BRIDGED_SENTENCES: usize = 3;

/// At most this many places in a sentence are tried as the start of a citation.
const MAX_CANDIDATES: usize = 24;
/// A citation is read from at most this many bytes after its start.
const MAX_CITATION_BYTES: usize = 2000;

/// The largest char boundary of `text` at or before `i`.
fn floor_char_boundary(text: &str, i: usize) -> usize {
    let mut i = i.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// A sentence between a title and its publication facts is a subtitle up to this length.
const MAX_SUBTITLE_WORDS: usize = 15;

/// Text shorter than this is not judged as prose.
const PROSE_MIN_WORDS: usize = 12;

/// Whether text reads as prose: many lowercase words outside quotations, a verb-like run.
fn prose(t: &str) -> bool {
    let protected = protected_ranges(t);
    let mut lower = 0;
    let mut total = 0;
    let mut offset = 0;
    for w in t.split_whitespace() {
        let at = t[offset..].find(w).map_or(offset, |i| offset + i);
        offset = at + w.len();
        if inside(&protected, at) {
            continue;
        }
        total += 1;
        if w.chars().next().is_some_and(char::is_lowercase)
            && !tables::is_citation_lower_word(w.trim_end_matches([',', '.']))
        {
            lower += 1;
        }
    }
    total >= PROSE_MIN_WORDS && lower * 10 >= total * 7
}

/// Cut a note into sentences: at top-level `. ` before a capital, quote or digit, and at
/// top-level `; `.
fn sentences(text: &str, protected: &[Range<usize>]) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        // `… at 234 (quoting Skidmore v. Swift & Co., …)`: the quoted source is a citation of
        // its own
        if c == '('
            && i > start
            && !inside(protected, i)
            && fields::starts_with_word(&text[i..], tables::CITING_PARENTHETICALS).is_some()
        {
            out.push(start..i);
            start = i;
            continue;
        }
        if inside(protected, i) || i < start {
            continue;
        }
        let after = &text[i + c.len_utf8()..];
        let boundary = match c {
            '.' => {
                let next = after.trim_start_matches([' ', '\n']).chars().next();
                after.starts_with([' ', '\n'])
                    && next.is_some_and(|n| {
                        n.is_uppercase() || n.is_ascii_digit() || "«“‘„\"(".contains(n)
                    })
                    && (fields::is_sentence_period(text, i) || ends_backref(text, i + 1))
            }
            ';' => after.starts_with([' ', '\n']),
            ',' => {
                tables::CITED_IN
                    .iter()
                    .any(|w| after.trim_start().starts_with(w))
                    || compared_with(&text[start..i], after).is_some()
                    || fields::starts_with_word(after.trim_start(), tables::SUBSEQUENT_HISTORY)
                        .is_some()
            }
            _ => false,
        };
        if boundary {
            out.push(start..i + 1);
            start = i + 1;
        }
    }
    if start < text.len() {
        out.push(start..text.len());
    }
    out.into_iter()
        .map(|r| text::trim_range(text, r, ""))
        .filter(|r| !r.is_empty())
        .collect()
}

/// `Compare X, with Y`: after the comma that ends X, the length of `with` and its spaces,
/// when the sentence opened with `Compare`.
fn compared_with(sentence: &str, after: &str) -> Option<usize> {
    let sentence = sentence.trim_start_matches([' ', '\n', ';', '.']);
    let rest = after.trim_start();
    tables::COMPARE_SIGNALS.iter().find_map(|(open, with)| {
        (fields::starts_with_word(sentence, &[open]).is_some()
            && fields::starts_with_word(rest, &[with]).is_some())
        .then(|| after.len() - rest.len() + with.len())
    })
}

/// Whether a back-reference word (`op. cit.`, `Ibid.`) ends at `end`.
fn ends_backref(text: &str, end: usize) -> bool {
    let start = end.saturating_sub(12);
    (start..end).any(|i| {
        text.is_char_boundary(i) && fields::backref_at(text, i).is_some_and(|(_, e)| e == end)
    })
}

/// Trim a citation unit: spaces, a leading comma or colon, and the final `;`.
fn trim_unit(text: &str, r: Range<usize>) -> Range<usize> {
    let r = text::trim_range(text, r, "");
    let s = &text[r.clone()];
    let mut lead = s.len() - s.trim_start_matches([',', ':', '.', ';', ' ', '\n']).len();
    if let Some(w) = tables::CITED_IN.iter().find(|w| s[lead..].starts_with(*w)) {
        lead += w.len();
        lead += s[lead..].len() - s[lead..].trim_start().len();
    }
    // `overruled by Dobbs v. …`: the later decision
    if let Some(len) = fields::starts_with_word(&s[lead..], tables::SUBSEQUENT_HISTORY) {
        lead += len;
        lead += s[lead..].len() - s[lead..].trim_start().len();
    }
    // `with Walker, 576 U.S. at 210–12` after `Compare …,`
    if let Some(len) = fields::starts_with_word(&s[lead..], &["with"])
        && s[lead + len..].starts_with(' ')
        && s[lead + len..].trim_start().starts_with(char::is_uppercase)
    {
        lead += len;
        lead += s[lead..].len() - s[lead..].trim_start().len();
    }
    let end = r.start + s.trim_end_matches([';', ' ', '\n']).len();
    (r.start + lead).min(end)..end
}

/// Places in a sentence where a citation may start, best first.
fn citation_starts(text: &str, s: Range<usize>, protected: &[Range<usize>]) -> Vec<(usize, Start)> {
    let mut out: Vec<(usize, Start)> = Vec::new();
    let begin = skip_spaces(text, s.start);
    let after_signal = fields::skip_signal(text, begin);
    let signalled = after_signal > begin;
    let strength_at = |at: usize, base: Start| -> Start {
        if starts_strongly(text, at, s.end) {
            Start::Strong
        } else {
            base
        }
    };
    out.push((
        after_signal,
        strength_at(
            after_signal,
            if signalled {
                Start::Marked
            } else {
                Start::Weak
            },
        ),
    ));
    // inside the sentence: after `: `, after a signal word, after a quotation, at `in`
    let mut i = after_signal;
    while i < s.end {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        if inside(protected, i) {
            // jump to the end of the protected range
            let k = protected.partition_point(|r| r.end <= i);
            i = protected.get(k).map_or(i + c.len_utf8(), |r| r.end);
            if let Some(r) = protected.get(k)
                && text[r.start..].starts_with(|q: char| text::closing_quote(q).is_some())
                && r.end < s.end
            {
                let after = skip_spaces(text, r.end);
                let after = skip_spaces(
                    text,
                    after + text[after..].len()
                        - text[after..].trim_start_matches([',', '.', ';', ':']).len(),
                );
                let after = fields::skip_signal(text, after);
                if after < s.end {
                    out.push((after, strength_at(after, Start::Marked)));
                }
            }
            continue;
        }
        let prev_is_space = i == 0 || text[..i].ends_with([' ', '\n']);
        if c == ':' && text[i + 1..].starts_with([' ', '\n']) {
            let at = fields::skip_signal(text, skip_spaces(text, i + 1));
            out.push((at, strength_at(at, Start::Marked)));
        } else if prev_is_space && c.is_alphabetic() {
            let at_signal = fields::skip_signal(text, i);
            if at_signal > i {
                out.push((at_signal, strength_at(at_signal, Start::Marked)));
            } else if c.is_uppercase() && starts_strongly(text, i, s.end) {
                out.push((i, Start::Strong));
            }
        }
        i += c.len_utf8();
    }
    // a back-reference word closing a commentary sentence: `…, Ibid.` stands alone
    if let Some((pos, kind, _)) =
        fields::find_backref(&text[begin..s.end], &shift(protected, begin))
        && kind == CitationKind::Ibid
    {
        let pos = pos + begin;
        let before = text[begin..pos].trim_end();
        if before.ends_with(',') {
            return vec![(pos, Start::Strong)];
        }
    }
    out.sort_by(|a, b| a.0.cmp(&b.0).then(b.1.cmp(&a.1)));
    out.dedup_by_key(|x| x.0);
    out
}

/// Whether a signal written after a comma (`…, cfr. `, `…, voir `) ends at `at`.
fn signal_after_comma(text: &str, begin: usize, at: usize) -> bool {
    text[begin..at].match_indices(',').any(|(c, _)| {
        let i = skip_spaces(text, begin + c + 1);
        i < at && fields::skip_signal(text, i) == at
    })
}

/// Ranges moved to start at `base`.
fn shift(ranges: &[Range<usize>], base: usize) -> Vec<Range<usize>> {
    ranges
        .iter()
        .filter(|r| r.start >= base)
        .map(|r| r.start - base..r.end - base)
        .collect()
}

/// Whether a citation clearly starts at `at`: names followed by a date, a quotation, `op. cit.`,
/// an editor marker; `in Name (ed.)`; a URL.
fn starts_strongly(text: &str, at: usize, end: usize) -> bool {
    // a sentence of spaces only: skipping them passes its end
    let Some(rest) = text.get(at..end) else {
        return false;
    };
    if rest.starts_with("http") || rest.starts_with("www.") {
        return true;
    }
    if let Some(marker) = fields::container_marker_len(rest)
        && let Some(list) = names::name_list(text, at + marker, false)
        && list.role == names::Role::Editor
    {
        return true;
    }
    if let Some(list) = names::name_list(text, at, true)
        && list.end <= end
    {
        if list.role != names::Role::Author {
            return true;
        }
        let after = text[list.end..end].trim_start_matches([',', '.', ' ', '\n']);
        let dated = after
            .split_whitespace()
            .next()
            .is_some_and(|w| text::year_in_word(w).is_some() || tables::month_number(w).is_some());
        let quoted = after.starts_with(|c: char| text::closing_quote(c).is_some())
            && text::quote_end(after, 0).is_some_and(|q| {
                q <= MAX_TITLE_BYTES
                    && after[q..]
                        .trim_start()
                        .starts_with([',', '.', ';', ':', ')'])
                    || after[q..].trim().is_empty()
            });
        let backref = fields::backref_at(after, 0).is_some();
        return dated || quoted || backref;
    }
    false
}

/// A bare locator ending a sentence after a quotation: `« … », p.9.`
fn trailing_locator(
    text: &str,
    s: Range<usize>,
    protected: &[Range<usize>],
) -> Option<(String, crate::model::LocatorLabel, Range<usize>)> {
    let t = &text[s.clone()];
    let last_quote_end = protected
        .iter()
        .filter(|r| r.start >= s.start && r.end <= s.end)
        .map(|r| r.end)
        .max()?;
    let tail = &text[last_quote_end..s.end];
    let trimmed = tail.trim_start_matches([',', ' ', '\n', '.']);
    let at = s.end - t.len() + (t.len() - (s.end - last_quote_end)) + (tail.len() - trimmed.len());
    let (value, label, len) = fields::locator_at(trimmed)?;
    trimmed[len..]
        .trim()
        .trim_end_matches('.')
        .is_empty()
        .then(|| (value, label, at..at + len))
}
