//! Read the fields of one citation: names, date, title, container, series, publisher, place,
//! volume, issue, pages, numbers, URL and the pin-point locator.
//!
//! The reader is a left-to-right labeller. The names at the start are read with
//! [`names::name_list`]; the rest is cut into segments at top-level delimiters (never inside a
//! quotation or brackets), and each segment is labelled by what it looks like and where it
//! stands.

use super::dates;
use super::names::{self, NameList, Role};
use super::tables;
use super::text::{clean_value, inside, protected_ranges, skip_spaces, trim_range, year_in_word};
use crate::model::{CitationKind, Date, Field, ItemType, LocatorLabel, Name, Reference, Span};
use std::ops::Range;

/// What one citation holds, with ranges relative to the citation text.
#[derive(Debug, Clone, Default)]
pub(crate) struct ParsedCitation {
    /// Full, or the kind of back-reference.
    pub kind: Option<CitationKind>,
    /// The fields, spans relative to the citation text.
    pub item: Reference,
    /// The pin-point locator.
    pub locator: Option<(String, LocatorLabel, Range<usize>)>,
    /// How much of a citation this looks like, 0 to 1.
    pub confidence: f32,
    /// The container was written `in Name, op. cit.`: the container is a work cited before.
    pub container_backref: bool,
    /// The title was written in quotation marks.
    pub quoted_title: bool,
    /// The note a cross-reference points to (`supra note 12`, `(n 3)`, `wie Anm. 1`).
    pub note_ref: Option<u32>,
    /// The short name the citation defines (`(hereinafter Report)`).
    pub alias: Option<String>,
}

/// How the parts of a citation are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `Overbeek, H., 2001, « Title », in …, New York, Press, p.48.`
    Comma,
    /// `Chirkov, V. (2009). Title. Journal, 33(2), 87-93.`
    Period,
}

/// Whether the parse is of a footnote (locators allowed) or a reference-list entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Context {
    /// A citation in a footnote: a final page is a locator.
    Note,
    /// An entry of a reference list: pages are the work's own.
    Entry,
}

fn field(text: &str, range: Range<usize>) -> Option<Field> {
    let value = clean_value(&text[range.clone()]);
    (!value.is_empty()).then(|| Field::new(value, Some(Span::new(range.start, range.end))))
}

/// The back-reference word at `at`, if one starts there: its kind and end.
pub(crate) fn backref_at(text: &str, at: usize) -> Option<(CitationKind, usize)> {
    let rest = text.get(at..)?;
    static WORDS: std::sync::OnceLock<tables::ByFirstByte<(&str, CitationKind)>> =
        std::sync::OnceLock::new();
    let words = WORDS.get_or_init(|| {
        let of = |words: &'static [&'static str], kind| words.iter().map(move |&w| (w, kind));
        tables::ByFirstByte::new(
            of(tables::LOC_CIT, CitationKind::LocCit)
                .chain(of(tables::OP_CIT, CitationKind::OpCit))
                .chain(of(tables::IBID, CitationKind::Ibid)),
            |e| e.0,
        )
    });
    let mut best: Option<(CitationKind, usize)> = None;
    for &(w, kind) in words.opening(rest) {
        if rest.starts_with(w) {
            let end = at + w.len();
            let next = text[end..].chars().next();
            let boundary = w.ends_with('.') || next.is_none_or(|c| !c.is_alphanumeric());
            if boundary && best.is_none_or(|(_, e)| end > e) {
                best = Some((kind, end));
            }
        }
    }
    best
}

/// Find the first back-reference word in `text` at a word start, outside quotations.
pub(crate) fn find_backref(
    text: &str,
    protected: &[Range<usize>],
) -> Option<(usize, CitationKind, usize)> {
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        if prev.is_none_or(|p| !p.is_alphanumeric())
            && !inside(protected, i)
            && let Some((kind, end)) = backref_at(text, i)
        {
            // `cit.` alone is Italian op. cit.; it must not be the tail of `op. cit.`
            return Some((i, kind, end));
        }
        prev = Some(c);
    }
    None
}

/// `(hereinafter Report)`, `[hereinafter “the Report”]`, `(désormais RCMP)`: where the
/// bracket opens and the alias.
fn hereinafter(text: &str) -> Option<(usize, String)> {
    for (open, close) in [('(', ')'), ('[', ']')] {
        let mut from = 0;
        while let Some(i) = text[from..].find(open) {
            let at = from + i;
            from = at + 1;
            let inner = &text[at + 1..];
            let Some(word_len) = starts_with_word(inner, tables::HEREINAFTER) else {
                continue;
            };
            let rest = inner[word_len..].trim_start_matches([' ', ':', ',']);
            let Some(end) = rest.find(close) else {
                continue;
            };
            let alias = clean_value(&rest[..end]);
            if !alias.is_empty() {
                return Some((at, alias));
            }
        }
    }
    None
}

/// The note number a cross-reference gives for the note before
/// ([`tables::PREVIOUS_NOTE_REFERENCES`]).
pub(crate) const PREVIOUS_NOTE: u32 = 0;

/// A cross-reference to a note in `text`: its start, the note number ([`PREVIOUS_NOTE`] for
/// the note before) and its end (a closing bracket included).
fn find_note_ref(text: &str) -> Option<(usize, u32, usize)> {
    for (i, _) in text.char_indices() {
        let at_word = text[..i]
            .chars()
            .last()
            .is_none_or(|p| !p.is_alphanumeric());
        if !at_word {
            continue;
        }
        if !b"sSa(wvcCvVnlpP".contains(&text.as_bytes()[i]) {
            continue;
        }
        if let Some(len) = starts_with_word(&text[i..], tables::PREVIOUS_NOTE_REFERENCES) {
            return Some((i, PREVIOUS_NOTE, i + len));
        }
        let Some(len) = tables::NOTE_REFERENCES
            .iter()
            .filter(|w| text[i..].starts_with(**w))
            .map(|w| w.len())
            .max()
        else {
            continue;
        };
        let j = skip_spaces(text, i + len);
        let n = digits_len(&text[j..]);
        // note numbers run to six digits, as the notes stage reads them
        if n == 0 || n > 6 {
            continue;
        }
        let Ok(number) = text[j..j + n].parse::<u32>() else {
            continue;
        };
        let mut end = j + n;
        if text[i..].starts_with('(') && text[end..].starts_with(')') {
            end += 1;
        }
        return Some((i, number, end));
    }
    None
}

/// Read a locator at the start of `s` (`p.48`, `pp. 80–1`, `S. 26`, `§39`, `at 171`, `n. 7`):
/// the value, the label and the length read.
pub(crate) fn locator_at(s: &str) -> Option<(String, LocatorLabel, usize)> {
    static LABELS: std::sync::OnceLock<tables::ByFirstByte<(&str, &str)>> =
        std::sync::OnceLock::new();
    let labels = LABELS
        .get_or_init(|| tables::ByFirstByte::new(tables::LOCATOR_LABELS.iter().copied(), |e| e.0));
    let mut best: Option<(&str, &str)> = None;
    for &(word, label) in labels.opening(s) {
        if s.starts_with(word) && best.is_none_or(|(w, _)| word.len() > w.len()) {
            let after = &s[word.len()..];
            let boundary =
                word.ends_with('.') || word.ends_with('§') || after.starts_with([' ', '\u{a0}']);
            if boundary {
                best = Some((word, label));
            }
        }
    }
    let (word, label) = best?;
    let rest = &s[word.len()..];
    let value_start = word.len() + rest.len() - rest.trim_start().len();
    let value = page_value(&s[value_start..])?;
    let label = match label {
        "paragraph" => LocatorLabel::Paragraph,
        "note" => LocatorLabel::Note,
        "chapter" => LocatorLabel::Chapter,
        "volume" => LocatorLabel::Volume,
        "line" => LocatorLabel::Line,
        "folio" => LocatorLabel::Folio,
        "section" => LocatorLabel::Section,
        _ => LocatorLabel::Page,
    };
    Some((
        normalise_range(&s[value_start..value_start + value]),
        label,
        value_start + value,
    ))
}

/// The length of a page value at the start of `s`: `48`, `8-9`, `80–1`, `xii`, `237-238`,
/// `12f.`, `12 ff.`, `3, 5`.
fn page_value(s: &str) -> Option<usize> {
    let is_page_char = |c: char| c.is_ascii_digit() || "ivxlcdmIVXLCDM".contains(c);
    let first = s.chars().next()?;
    if !is_page_char(first) {
        return None;
    }
    let mut end = 0;
    let mut seen_digit = false;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_ascii_digit() {
            seen_digit = true;
            end = i + 1;
        } else if "ivxlcdmIVXLCDM".contains(c) && !seen_digit {
            end = i + 1;
        } else if RANGE_DASHES.contains(&c) && chars.peek().is_some_and(|&(_, n)| is_page_char(n)) {
            continue;
        } else if c == 'f' && end == i {
            // 12f., 12ff.
            end = i + 1;
            if s[i + 1..].starts_with('f') {
                end += 1;
            }
            if s[end..].starts_with('.') {
                end += 1;
            }
            break;
        } else {
            break;
        }
    }
    // `77 ss.`, `45 sq.`: the pages that follow, written after a space
    if seen_digit
        && let Some(rest) = s[end..].strip_prefix(' ')
        && let Some(len) = starts_with_word(rest, tables::FOLLOWING_PAGES)
    {
        end += 1 + len;
    }
    // roman numerals only count when they make a word (xii, not "in")
    let next = s[end..].chars().next();
    if !seen_digit && next.is_some_and(char::is_alphabetic) {
        return None;
    }
    (end > 0).then_some(end)
}

/// The dashes written between the ends of a range: hyphen, en and em dash, non-breaking hyphen,
/// minus sign.
const RANGE_DASHES: [char; 5] = ['-', '–', '—', '\u{2011}', '\u{2212}'];

/// `80–1` stays; the other dashes become hyphens.
fn normalise_range(s: &str) -> String {
    s.replace(&RANGE_DASHES[1..], "-")
}

/// Whether a page range is long enough to be a work's own pages (`37-73`), not a pin-point.
fn is_work_range(value: &str) -> bool {
    let mut parts = value.split('-');
    let (Some(a), Some(b)) = (parts.next(), parts.next()) else {
        return false;
    };
    let (Ok(a), Ok(b)) = (a.parse::<u32>(), b.parse::<u32>()) else {
        return false;
    };
    b > a && b - a >= MIN_WORK_PAGES
}

/// A page range at least this long is the work's own pages, not a pin-point.
const MIN_WORK_PAGES: u32 = 10;

/// Words that announce a link at the end of a reference, lowercased.
const LINK_LEADS: &[&str] = &[
    "doi",
    "url",
    "retrieved from",
    "available at",
    "available from",
    "available online at",
    "accessed at",
    "disponible en",
    "disponible sur",
    "abrufbar unter",
    "online unter",
];

/// URLs and DOIs in the text, with their ranges (a broken `http//:` scheme and a bare
/// `www.` host included).
fn find_urls(text: &str) -> Vec<(Range<usize>, bool)> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let at_word = prev.is_none_or(|p| p.is_whitespace() || "(<[".contains(p));
        prev = Some(c);
        if !at_word || !(c == 'h' || c == 'w' || c == 'd' || c == 'D') {
            continue;
        }
        let rest = &text[i..];
        let is_url = rest.starts_with("http://")
            || rest.starts_with("https://")
            || rest.starts_with("http//:")
            || rest.starts_with("www.");
        let is_doi =
            rest.starts_with("doi:") || rest.starts_with("DOI:") || rest.starts_with("10.");
        if !(is_url || is_doi) {
            continue;
        }
        let len = rest.find(char::is_whitespace).unwrap_or(rest.len());
        let raw = &rest[..len];
        let trimmed = raw.trim_end_matches(|c: char| ".,;:)>]".contains(c));
        if trimmed.len() < 5 {
            continue;
        }
        let doi = is_doi || trimmed.contains("doi.org/10.");
        if out
            .last()
            .is_some_and(|(r, _): &(Range<usize>, bool)| r.end > i)
        {
            continue;
        }
        out.push((i..i + trimmed.len(), doi));
    }
    out
}

/// A document symbol (`SG/SM/9064`, `E/CN.9/1997/5`, `MC/INF/265`).
fn is_document_symbol(s: &str) -> bool {
    let parts: Vec<&str> = s.split('/').collect();
    parts.len() >= 2
        && parts[0].chars().all(|c| c.is_ascii_uppercase())
        && !parts[0].is_empty()
        && parts
            .iter()
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || c == '.'))
        && s.chars().any(|c| c.is_ascii_digit())
}

/// A volume, issue and page group: `18(3) :5`, `33(2), 87-93`, `61, 327–335`, `1(6) 740-753`,
/// `5: 1882-1889`, `43:17: 6691`, `8, no. 1`.
#[derive(Debug, Default)]
struct VolumeGroup {
    volume: Option<Range<usize>>,
    issue: Option<Range<usize>>,
    page: Option<Range<usize>>,
}

fn digits_len(s: &str) -> usize {
    s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len())
}

/// Read a volume group at `at` in `text`; the group and its end.
fn volume_group(text: &str, at: usize) -> Option<(VolumeGroup, usize)> {
    let s = &text[at..];
    let mut g = VolumeGroup::default();
    let mut i = 0;
    // optional volume marker
    for m in tables::VOLUME_MARKERS {
        if s.starts_with(m) && s[m.len()..].starts_with([' ', '.']) {
            i = skip_spaces(s, m.len()).max(m.len());
            break;
        }
    }
    let n = digits_len(&s[i..]);
    if n == 0 || n > 4 {
        return None;
    }
    // `2006, 106, 3055–3079`: a year before the volume is the date
    let after_number = &s[i + n..];
    if year_in_word(&s[i..i + n]).is_some()
        && after_number.starts_with(", ")
        && after_number[2..].starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    g.volume = Some(at + i..at + i + n);
    i += n;
    // `37.2 (2011): 315-347`: volume and issue joined by a period (MLA)
    if s[i..].starts_with('.')
        && let n = digits_len(&s[i + 1..])
        && (1..=3).contains(&n)
        && (s[i + 1 + n..].is_empty()
            || s[i + 1 + n..].starts_with([' ', ':', ','])
                && s[i + 1 + n..].trim_start().starts_with(['(', ':', ',']))
    {
        g.issue = Some(at + i + 1..at + i + 1 + n);
        i += 1 + n;
    }
    // (issue)
    let j = skip_spaces(s, i);
    if g.issue.is_none()
        && s[j..].starts_with('(')
        && let Some(close) = s[j..].find(')')
    {
        let inner = &s[j + 1..j + close];
        if !inner.is_empty()
            && inner.len() <= 12
            && year_in_word(inner).is_none()
            && dates::whole_date(inner).is_none()
        {
            g.issue = Some(at + j + 1..at + j + close);
            i = j + close + 1;
        }
    }
    // `43:17: 6691`: volume, issue and page joined by colons
    if g.issue.is_none()
        && s[i..].starts_with(':')
        && let n = digits_len(&s[i + 1..])
        && n > 0
        && s[i + 1 + n..].starts_with(':')
    {
        g.issue = Some(at + i + 1..at + i + 1 + n);
        i += 1 + n;
    }
    // `19, 4 (July 1988): 195–201`: an issue between the volume and a date in brackets
    if g.issue.is_none()
        && s[i..].starts_with(", ")
        && let n = digits_len(&s[i + 2..])
        && (1..=2).contains(&n)
        && s[i + 2 + n..].starts_with(" (")
        && let Some(close) = s[i + 2 + n..].find(')')
        && dates::whole_date(&s[i + 4 + n..i + 2 + n + close]).is_some()
    {
        g.issue = Some(at + i + 2..at + i + 2 + n);
        i += 2 + n;
    }
    // , no. 3
    let j = skip_spaces(s, if s[i..].starts_with(',') { i + 1 } else { i });
    if g.issue.is_none() {
        for m in tables::ISSUE_MARKERS {
            if s[j..].starts_with(m) {
                let k = skip_spaces(s, j + m.len());
                let n = digits_len(&s[k..]);
                if n > 0 {
                    g.issue = Some(at + k..at + k + n);
                    i = k + n;
                }
                break;
            }
        }
    }
    // : pages, or , pages
    let mut j = skip_spaces(s, i);
    let mut had_sep = false;
    while s[j..].starts_with([':', ',', ';']) {
        j = skip_spaces(s, j + 1);
        had_sep = true;
    }
    let after_colon = s[i..].trim_start().starts_with(':');
    if let Some(m) = ["pp. ", "p. ", "pp.", "p."]
        .iter()
        .find(|m| s[j..].starts_with(**m))
    {
        j = skip_spaces(s, j + m.len());
    }
    if (had_sep || j > i)
        && let Some(len) = page_value(&s[j..])
        && s[j..].starts_with(|c: char| c.is_ascii_digit())
    {
        let value = &s[j..j + len];
        // a year after the volume is a date, not pages (but `174(5):1559` is a page)
        if after_colon || year_in_word(value).is_none() || value.contains(RANGE_DASHES) {
            g.page = Some(at + j..at + j + len);
            i = j + len;
        }
    }
    let end = at + i;
    let after = text[end..].chars().next();
    if after.is_some_and(char::is_alphanumeric) {
        return None;
    }
    Some((g, end))
}

/// A segment of the citation, between top-level delimiters.
#[derive(Debug, Clone)]
struct Segment {
    range: Range<usize>,
    /// The delimiter that ends it (`,`, `.`, `:`, `;`, `(`, or none at the end).
    delim: char,
}

/// Whether the period at `at` ends a sentence (not an abbreviation, an initial or a number).
pub(crate) fn is_sentence_period(text: &str, at: usize) -> bool {
    let before = &text[..at];
    let word_start = before
        .rfind(|c: char| c.is_whitespace() || c == '(')
        .map_or(0, |i| {
            i + before[i..].chars().next().map_or(1, char::len_utf8)
        });
    let word = &text[word_start..=at];
    // `Rev. ed. London`, `3rd ed. Homewood`: an edition statement ends its sentence
    if matches!(word, "ed." | "edn." | "éd.")
        && text[..word_start]
            .split_whitespace()
            .next_back()
            .is_some_and(is_edition_qualifier)
        && text[at + 1..].trim_start().starts_with(char::is_uppercase)
    {
        return true;
    }
    if tables::is_abbreviation(word) {
        return false;
    }
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    // initials: J.  J.-P.  J.F.
    if !letters.is_empty()
        && letters.len() <= 3
        && letters.iter().all(|c| c.is_uppercase())
        && word.matches('.').count() >= letters.len()
    {
        return false;
    }
    // `J. Cell. Sci. 3`: a short capitalised abbreviation before another one or a number
    let next_word = text[at + 1..]
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches([',', ';', ':']);
    let is_abbreviation = |w: &str, min: usize, max: usize| {
        w.ends_with('.')
            && w.matches('.').count() == 1
            && w.starts_with(char::is_uppercase)
            && (min..=max).contains(&w.chars().filter(|c| c.is_alphabetic()).count())
    };
    let next_abbreviation = is_abbreviation(next_word, 2, 10)
        || next_word.starts_with(|c: char| c.is_ascii_digit()) && next_word.len() <= 5;
    if is_abbreviation(word, 2, 5) && next_abbreviation {
        return false;
    }
    // `Curr. Opin. Neurobiol. 23`: a longer abbreviation inside a run of them
    let previous_word = text[..word_start]
        .split_whitespace()
        .next_back()
        .unwrap_or("");
    if is_abbreviation(word, 2, 10) && is_abbreviation(previous_word, 1, 10) && next_abbreviation {
        return false;
    }
    true
}

/// `Basic Business Finance, 3rd ed.`: an edition statement at the end of the title is the edition.
fn split_title_edition(b: &mut Builder<'_>) {
    let text = b.text;
    let Some(span) = b.out.item.title.as_ref().and_then(|t| t.span) else {
        return;
    };
    if b.out.item.edition.is_some() || span.end > text.len() {
        return;
    }
    let title = &text[span.start..span.end];
    let Some((head, tail)) = title.rsplit_once(", ") else {
        return;
    };
    let statement = tail.trim_end_matches('.');
    let words = statement.split_whitespace().count();
    if (2..=3).contains(&words)
        && tables::has_edition_word(statement)
        && statement
            .split_whitespace()
            .next()
            .is_some_and(is_edition_qualifier)
    {
        let at = span.start + head.len();
        b.out.item.title = field(text, span.start..at);
        b.set(|r| &mut r.edition, at + 2..span.end);
    }
}

/// `5., rev. Aufl.`: the comma between an edition's number and its qualifier, at `at`.
fn ordinal_before_edition(text: &str, at: usize) -> bool {
    let before = text[..at].rsplit(' ').next().unwrap_or("");
    let after = text[at + 1..].trim_start();
    before.ends_with('.')
        && before.len() <= 4
        && before.starts_with(|c: char| c.is_ascii_digit())
        && after
            .split_whitespace()
            .next()
            .is_some_and(is_edition_qualifier)
}

/// A word written before `ed.` in an edition statement: `2nd`, `3e`, `Rev.`, `revised`.
fn is_edition_qualifier(w: &str) -> bool {
    w.starts_with(|c: char| c.is_ascii_digit()) && w.len() <= 5
        || tables::EDITION_QUALIFIERS.contains(&w.trim_end_matches('.').to_lowercase().as_str())
}

/// Cut `text[range]` into segments at top-level commas, semicolons and, where `periods`,
/// sentence periods; brackets that follow text start a segment of their own.
fn segments(
    text: &str,
    range: Range<usize>,
    periods: bool,
    protected: &[Range<usize>],
) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut start = range.start;
    let mut i = range.start;
    while i < range.end {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        // skip protected groups whole
        let pi = protected.partition_point(|r| r.end <= i);
        if let Some(r) = protected.get(pi)
            && r.start == i
        {
            let is_bracket = c == '(' || c == '[';
            // `33(2)`, and `9 (1)` after a volume number, stay with what precedes them
            let glued = text[..i].ends_with(|p: char| p.is_alphanumeric())
                || (c == '(' || c == '[')
                    && text[..i].trim_end().ends_with(|p: char| p.is_ascii_digit())
                    && text[i + 1..].starts_with(|d: char| d.is_ascii_digit())
                    && protected.get(pi).is_some_and(|r| {
                        dates::whole_date(&text[r.start + 1..r.end - 1]).is_none()
                    });
            if is_bracket && !glued && !text[start..i].trim().is_empty() {
                out.push(Segment {
                    range: start..i,
                    delim: '(',
                });
                start = i;
            }
            i = r.end.min(range.end);
            // `(unpublished paper) Institut d’études politiques`: text after a group stands alone
            if is_bracket
                && text[i..range.end].starts_with(' ')
                && text[skip_spaces(text, i)..].starts_with(char::is_alphanumeric)
            {
                out.push(Segment {
                    range: start..i,
                    delim: ')',
                });
                start = i;
            }
            continue;
        }
        let next = text[i + c.len_utf8()..].chars().next();
        let boundary = match c {
            ',' | ';' => {
                next.is_none_or(char::is_whitespace)
                    && !text[i..].starts_with(",,")
                    && !(c == ','
                        && (region_colon_at(text, i + 1) || ordinal_before_edition(text, i)))
            }
            '.' => {
                next.is_none_or(char::is_whitespace)
                    && is_sentence_period(text, i)
                    && (periods || place_colon_at(text, skip_spaces(text, i + 1)))
            }
            '?' | '!' => {
                periods
                    && next.is_some_and(char::is_whitespace)
                    && text[skip_spaces(text, i + 1)..].starts_with(char::is_uppercase)
            }
            ' ' if text[i..].starts_with(" in ") && i > start => {
                // `… Transparency International in Ann M. Florini (ed.) The Third Force`
                names::name_list(text, i + 4, false).is_some_and(|l| l.role == Role::Editor)
            }
            _ => false,
        };
        if boundary {
            out.push(Segment {
                range: start..i,
                delim: c,
            });
            start = i + 1;
        }
        i += c.len_utf8();
    }
    if start < range.end {
        out.push(Segment {
            range: start..range.end,
            delim: ' ',
        });
    }
    out.into_iter()
        .map(|s| Segment {
            range: trim_range(text, s.range, ""),
            delim: s.delim,
        })
        .filter(|s| !s.range.is_empty())
        .collect()
}

/// The delimiter that marks the first sentence of a period-style entry: its title, whatever it
/// looks like.
const TITLE_SENTENCE: char = 'T';

/// Whether a sentence may be a whole title (not a container marker, a date, a place).
fn look_is_title(s: &str) -> bool {
    match look(s) {
        Look::Text => true,
        Look::Series | Look::Event | Look::Publisher => s.split_whitespace().count() > 3,
        _ => false,
    }
}

/// A region or country after a place: `CA`, `USA`, `Mass.`, `China`, `California`.
fn is_region(s: &str) -> bool {
    let t = s.trim().trim_end_matches(['.', ':']);
    // a postal code (`CA`, `NY`) not in the table; three capitals are a region only when the
    // table has them (`USA`), else a body (`Geneva, IOM, 2003`) or a publisher (`Paris, PUF`)
    let short_code = t.len() == 2
        && t.chars().all(|c| c.is_ascii_uppercase())
        && !tables::is_organisation(t)
        && !tables::is_publisher(t);
    short_code || tables::is_place_region(t) || tables::is_place(t) && !t.contains(' ')
}

/// `, CA:` or `, Mass.:` after a place: the comma joins the place and its region.
fn region_colon_at(text: &str, at: usize) -> bool {
    let rest = text[at..].trim_start();
    // only a short word can be a region: look no further than its length
    let window = &rest.as_bytes()[..rest.len().min(8)];
    let word_len = window.iter().position(|&b| b == b':').unwrap_or(0);
    let word = &rest[..word_len];
    (1..=6).contains(&word.len())
        && !word.contains(' ')
        && word.starts_with(|c: char| c.is_ascii_uppercase())
        && (word.chars().all(|c| c.is_ascii_uppercase() || c == '.') || word.ends_with('.'))
}

/// Whether the segments from `from` on are at most a date: publication facts end there.
fn ends_facts(segs: &[Segment], from: usize) -> bool {
    segs.get(from..).is_some_and(|rest| rest.len() <= 1)
}

/// `Town: Publisher`, the town unknown to the tables but written like one: the colon.
fn town_colon_publisher(s: &str) -> Option<usize> {
    let t = s.trim();
    let colon = t.find(": ")?;
    let (town, publisher) = (t[..colon].trim_end(), t[colon + 1..].trim());
    let offset = s.len() - s.trim_start().len();
    (is_town(town)
        && publisher.starts_with(char::is_uppercase)
        && (1..=6).contains(&publisher.split_whitespace().count())
        && !publisher.contains(['.', ':', '?', '!', '(', ')'])
        && !publisher.chars().any(|c| c.is_ascii_digit()))
    .then_some(offset + colon)
}

/// One to three capitalised words, as a town's name is written (`Holborn`, `Grand Rapids`).
fn is_town(s: &str) -> bool {
    let words = s.split_whitespace().count();
    (1..=3).contains(&words)
        && s.split_whitespace()
            .all(|w| w.starts_with(char::is_uppercase) && w.chars().all(char::is_alphabetic))
}

/// Whether `Place:` starts at `at` (`Tokyo: Japan Center…`).
fn place_colon_at(text: &str, at: usize) -> bool {
    let rest = &text[at..];
    let window = &rest.as_bytes()[..rest.len().min(42)];
    window
        .windows(2)
        .position(|w| w == b": ")
        .is_some_and(|colon| tables::is_place(&rest[..colon]))
}

/// What a segment looks like.
#[derive(Debug, Clone, PartialEq)]
enum Look {
    Date(Date),
    Locator(String, LocatorLabel),
    Volume,
    Pages,
    Symbol,
    Genre,
    Series,
    Event,
    Publisher,
    Place,
    PlacePublisher(usize),
    Edition,
    Container,
    EditedBy,
    Quoted,
    Bracket,
    Issue,
    /// `115 Yale LJ 1346`: volume, journal, first page (law reviews).
    VolumeJournalPage,
    Text,
    Skip,
}

/// The length of the longest of `words` that opens `s`, ending at a word boundary; a space in
/// a phrase matches any run of white space (`For further \nanalysis, see`).
pub(crate) fn starts_with_word(s: &str, words: &[&str]) -> Option<usize> {
    let first = *s.as_bytes().first()?;
    words
        .iter()
        .filter(|w| w.as_bytes().first() == Some(&first))
        .filter_map(|w| {
            let len = match_phrase(s, w)?;
            let boundary = s[len..].chars().next().is_none_or(|c| !c.is_alphanumeric())
                || w.ends_with(['.', '(', ':']);
            boundary.then_some(len)
        })
        .max()
}

/// Whether `s` lowercased starts with `prefix` (lowercase), lowercasing only as much of `s`
/// as the prefix needs.
fn starts_with_lowercased(s: &str, prefix: &str) -> bool {
    let mut lower = s.chars().flat_map(char::to_lowercase);
    prefix.chars().all(|p| lower.next() == Some(p))
}

/// The length of `s` matched by `phrase`, white space matching white space of any length.
fn match_phrase(s: &str, phrase: &str) -> Option<usize> {
    if !phrase.contains(' ') {
        return s.starts_with(phrase).then_some(phrase.len());
    }
    let mut at = 0;
    for (k, part) in phrase.split(' ').enumerate() {
        if k > 0 {
            let spaces = s[at..].len() - s[at..].trim_start().len();
            if spaces == 0 {
                return None;
            }
            at += spaces;
        }
        if !s[at..].starts_with(part) {
            return None;
        }
        at += part.len();
    }
    Some(at)
}

std::thread_local! {
    /// What the segments of the note being read look like: the candidate readings of a note
    /// share most of their segments, so each is looked at once. `None` outside a note.
    static LOOKS: std::cell::RefCell<Option<std::collections::HashMap<Box<str>, Look, tables::WordHash>>> =
        const { std::cell::RefCell::new(None) };
}

/// While alive, the looks of segments are remembered; they are forgotten when it is dropped.
/// One is held while a note is read, so the memory stays that of one note.
pub(crate) struct LookCache(());

impl LookCache {
    pub(crate) fn new() -> Self {
        LOOKS.with(|c| {
            let mut c = c.borrow_mut();
            match c.as_mut() {
                Some(map) => map.clear(),
                None => *c = Some(std::collections::HashMap::default()),
            }
        });
        LookCache(())
    }
}

impl Drop for LookCache {
    fn drop(&mut self) {
        LOOKS.with(|c| {
            if let Ok(mut c) = c.try_borrow_mut() {
                *c = None;
            }
        });
    }
}

/// What a segment looks like, remembered for the note being read.
fn look(s: &str) -> Look {
    let key = s.trim();
    let hit = LOOKS.with(|c| {
        c.try_borrow()
            .ok()
            .and_then(|c| c.as_ref().and_then(|map| map.get(key).cloned()))
    });
    if let Some(l) = hit {
        return l;
    }
    let l = look_uncached(key);
    LOOKS.with(|c| {
        if let Ok(mut c) = c.try_borrow_mut()
            && let Some(map) = c.as_mut()
        {
            map.insert(key.into(), l.clone());
        }
    });
    l
}

fn look_uncached(s: &str) -> Look {
    let t = s.trim();
    if t.is_empty() {
        return Look::Skip;
    }
    if let Some(d) = dates::whole_date(t) {
        return Look::Date(d);
    }
    if let Some((value, label, len)) = locator_at(t)
        && label != LocatorLabel::Volume
        && t[len..].trim().trim_end_matches('.').is_empty()
    {
        return Look::Locator(value, label);
    }
    if t.starts_with(|c: char| super::text::closing_quote(c).is_some()) {
        return Look::Quoted;
    }
    if t.starts_with('(') && super::text::bracket_end(t, 0) == Some(t.trim_end_matches('.').len()) {
        return Look::Bracket;
    }
    // `no. 3 (1999): 45–67`, `(2013): 33-60`, `4 (July 1988): 195–201`
    if (starts_with_word(t, tables::ISSUE_MARKERS).is_some()
        || t.starts_with(|c: char| c == '(' || c.is_ascii_digit()))
        && issue_tail(t, 0).is_some()
    {
        return Look::Issue;
    }
    if volume_journal_page(t).is_some() {
        return Look::VolumeJournalPage;
    }
    if [
        "available at",
        "available from",
        "available on",
        "accessed",
        "retrieved",
        "consulted",
        "last accessed",
        "online:",
        "consulté",
        "consultado",
        "zugriff",
        "abgerufen",
        "(accessed",
    ]
    .iter()
    .any(|p| starts_with_lowercased(t, p))
    {
        return Look::Skip;
    }
    if let Some(len) = starts_with_word(t, tables::CONTAINER_MARKERS)
        && t.split_whitespace().count() > 1
        && !t[len..]
            .trim_start_matches([':', ' '])
            .starts_with(char::is_lowercase)
    {
        return Look::Container;
    }
    if tables::is_document_part(t.trim_end_matches('.')) {
        return Look::Skip;
    }
    if ["ISBN", "ISSN", "PMID", "PMCID", "NIHMSID", "PubMed"]
        .iter()
        .any(|p| t.starts_with(p))
    {
        return Look::Skip;
    }
    if starts_with_word(t, tables::TRANSLATOR_MARKERS).is_some() && !t.starts_with('(') {
        return Look::EditedBy;
    }
    if starts_with_word(t, tables::EDITED_BY).is_some() {
        return Look::EditedBy;
    }
    if t.split('/').count() >= 2 && t.split_whitespace().count() == 1 && is_document_symbol(t) {
        return Look::Symbol;
    }
    if t.starts_with(|c: char| c.is_ascii_digit())
        && page_value(t).is_some_and(|len| t[len..].trim().trim_end_matches('.').is_empty())
        && t.contains(RANGE_DASHES)
    {
        return Look::Pages;
    }
    if let Some((g, end)) = volume_group(t, 0)
        && t[end..].trim().trim_end_matches('.').is_empty()
    {
        // `5:497–525` is a volume and its pages
        return if g.page.is_none()
            && t.contains(RANGE_DASHES)
            && !t.contains('(')
            && t.split_whitespace().count() == 1
        {
            Look::Pages
        } else {
            Look::Volume
        };
    }
    if starts_with_word(t, tables::GENRES).is_some() {
        return Look::Genre;
    }
    if t.split_whitespace()
        .next()
        .is_some_and(is_edition_qualifier)
        && tables::has_edition_word(t)
    {
        return Look::Edition;
    }
    if let Some(colon) = t.find(": ") {
        let (place, publisher) = (&t[..colon], &t[colon + 2..]);
        let place = place.trim();
        let regional = place
            .split_once(", ")
            .is_some_and(|(_, region)| region_colon_at(&format!("{region}:"), 0));
        // `Evreux : FLAMMARION`: an unknown town before a known publisher
        let town = (1..=3).contains(&place.split_whitespace().count())
            && place
                .split_whitespace()
                .all(|w| w.starts_with(char::is_uppercase))
            && tables::is_publisher(publisher.trim().trim_end_matches(['.', ',']));
        if (tables::is_place(place) || regional || town) && !publisher.trim().is_empty() {
            return Look::PlacePublisher(colon);
        }
    }
    let without_year = t
        .rsplit_once(' ')
        .filter(|(_, y)| dates::whole_date(y).is_some())
        .map_or(t, |(p, _)| p);
    if tables::is_place(t)
        || tables::is_place(t.trim_end_matches('.'))
        || tables::is_place(without_year)
    {
        return Look::Place;
    }
    if tables::has_series_word(t) || series_name(t).is_some() {
        return Look::Series;
    }
    // `OUP 1965` (OSCOLA): a publisher and its year
    if tables::is_publisher(t)
        || (without_year.len() < t.len() && tables::is_publisher(without_year))
    {
        return Look::Publisher;
    }
    if tables::has_event_word(t) {
        return Look::Event;
    }
    Look::Text
}

/// `coll. « Quadrige »`, `collana Saggi`: the series' name after its marker, without the
/// quotation marks, as a range of `t`.
fn series_name(t: &str) -> Option<Range<usize>> {
    let len = starts_with_word(t, tables::SERIES_MARKERS)?;
    let start = skip_spaces(t, len);
    let rest = t[start..].trim_end_matches(['.', ' ']);
    if rest.is_empty()
        || !rest.starts_with(|c: char| c.is_uppercase() || super::text::closing_quote(c).is_some())
    {
        return None;
    }
    let end = start + rest.len();
    match rest.chars().next().and_then(super::text::closing_quote) {
        Some(_) => {
            let q = super::text::quote_end(rest, 0)?;
            // the quotation is the whole name: `« Quadrige »`
            (rest[q..].trim().is_empty()).then(|| {
                let open = rest.chars().next().map_or(1, char::len_utf8);
                let close = rest[..q].chars().next_back().map_or(1, char::len_utf8);
                let inner = &rest[open..q - close];
                let lead = inner.len() - inner.trim_start().len();
                start + open + lead..start + open + inner.trim_end().len()
            })
        }
        None => Some(start..end),
    }
}

/// The citation being built.
struct Builder<'a> {
    text: &'a str,
    out: ParsedCitation,
    context: Context,
    page_candidates: Vec<(String, LocatorLabel, Range<usize>)>,
    /// The title was written in quotation marks.
    quoted_title: bool,
    /// A container (`in …`) was opened.
    in_container: bool,
    /// Only the title has been read since the names (its continuation may follow).
    title_open: bool,
    evidence: f32,
    /// A year range read after the title, used only when no other date turns up.
    weak_date: Option<(Date, Range<usize>)>,
    /// The quotations and brackets of the text, found once.
    protected: Vec<Range<usize>>,
}

impl<'a> Builder<'a> {
    fn set(&mut self, slot: fn(&mut Reference) -> &mut Option<Field>, range: Range<usize>) -> bool {
        let f = field(self.text, range);
        let target = slot(&mut self.out.item);
        if target.is_none() && f.is_some() {
            *target = f;
            return true;
        }
        false
    }

    fn set_date(&mut self, mut date: Date, range: Range<usize>) {
        if self.out.item.issued.is_none() {
            date.raw = None;
            date.span = Some(Span::new(range.start, range.end));
            self.out.item.issued = Some(date);
            self.evidence += 1.0;
        }
    }

    fn names(&mut self, list: &NameList) {
        let names: Vec<Name> = list.located();
        let item = &mut self.out.item;
        let slot = match list.role {
            Role::Author => &mut item.author,
            Role::Editor => &mut item.editor,
            Role::Translator => &mut item.translator,
        };
        if slot.is_empty() {
            *slot = names;
        }
    }

    /// Extend the title to the end of `range`.
    fn extend_title(&mut self, range: Range<usize>) {
        extend_field(self.text, &mut self.out.item.title, range);
    }

    /// Extend the container title to the end of `range`.
    fn extend_container(&mut self, range: Range<usize>) {
        extend_field(self.text, &mut self.out.item.container_title, range);
    }
}

/// Make `slot` run from its own start (or `range`'s, when empty) to the end of `range`.
fn extend_field(text: &str, slot: &mut Option<Field>, range: Range<usize>) {
    let start = slot
        .as_ref()
        .and_then(|f| f.span)
        .map_or(range.start, |s| s.start);
    *slot = field(text, start..range.end);
}

/// Parse one citation (a footnote citation or a reference-list entry).
pub(crate) fn parse_citation(text: &str, context: Context) -> ParsedCitation {
    let mut b = Builder {
        text,
        out: ParsedCitation::default(),
        context,
        page_candidates: Vec::new(),
        quoted_title: false,
        in_container: false,
        title_open: false,
        evidence: 0.0,
        weak_date: None,
        protected: protected_ranges(text),
    };
    let protected = b.protected.clone();
    let mut end = text.trim_end().len();
    // URLs first: they hold commas and periods of their own.
    let urls = find_urls(text);
    for (r, doi) in &urls {
        let value = &text[r.clone()];
        if *doi {
            let v = value.trim_start_matches("doi:").trim_start_matches("DOI:");
            let v = v.rfind("10.").map_or(v, |i| &v[i..]);
            if b.out.item.doi.is_none() {
                b.out.item.doi = Some(Field::new(v, Some(Span::new(r.start, r.end))));
            }
        } else if b.out.item.url.is_none() {
            b.out.item.url = Some(Field::new(value, Some(Span::new(r.start, r.end))));
        }
        b.evidence += 1.0;
    }
    // `(hereinafter Report)`: a short name for later citations, not part of the work.
    if let Some((at, alias)) = hereinafter(&text[..end]) {
        b.out.alias = Some(alias);
        end = text[..at].trim_end().len();
    }
    // Cut the text at the first URL: what follows a URL is rarely part of the work.
    let body_end = urls.iter().map(|(r, _)| r.start).min().unwrap_or(end);
    end = end.min(body_end);
    // `DOI: 10.…`, `Retrieved from http://…`: the words that announced the link
    loop {
        let before =
            text[..end].trim_end_matches(|c: char| c.is_whitespace() || c == ':' || c == ',');
        // the leads are ASCII: the last chars, as many as the longest lead has, decide
        let longest = LINK_LEADS.iter().map(|l| l.len()).max().unwrap_or(0);
        let tail_start = before
            .char_indices()
            .rev()
            .nth(longest.saturating_sub(1))
            .map_or(0, |(i, _)| i);
        let lower = before[tail_start..].to_lowercase();
        match LINK_LEADS.iter().find(|l| lower.ends_with(*l)) {
            Some(l) => end = before.len() - l.len(),
            None => break,
        }
    }
    if !urls.is_empty() {
        b.evidence += 2.0;
        // `IMP’s Website at http://…`: the site's owner.
        let before = text[..end].trim_end();
        for tail in [
            " Website at",
            " website at",
            " web site at",
            " Website",
            " website",
            " homepage at",
            " site at",
        ] {
            if let Some(owner) = before.strip_suffix(tail)
                && let Some(owner) = owner.strip_suffix("’s").or(owner.strip_suffix("'s"))
            {
                let owner_start = skip_signal(text, owner.rfind(' ').map_or(0, |i| i + 1));
                let owner_end = owner.len();
                if owner_start < owner_end {
                    b.evidence += 1.0;
                    b.out.item.author = vec![Name {
                        literal: Some(text[owner_start..owner_end].to_string()),
                        span: Some(Span::new(owner_start, owner_end)),
                        ..Name::default()
                    }];
                }
                end = 0;
                break;
            }
        }
    }
    let mut at = skip_spaces(text, 0);
    // A leading number of a numbered reference list: [12], (17), 12.
    if context == Context::Entry {
        at = skip_citation_number(text, at);
    }
    // A leading signal phrase.
    at = skip_signal(text, at).min(end);
    // A cross-reference: `Phillips (n 3) 80`, `Hart, supra note 1, at 94`, `Name (wie Anm. 3)`.
    if let Some((pos, number, ref_end)) = find_note_ref(&text[..end]) {
        b.out.note_ref = Some(number);
        let mut parsed = parse_backref(b, at, pos, CitationKind::Supra, ref_end, end);
        parsed.note_ref = Some(number);
        return parsed;
    }
    // A US decision or its short form: `Mead, 533 U.S. at 234`; a US code section or
    // register page: `5 U.S.C. § 553 (2018)`.
    if let Some(case) = super::bluebook::us_case(text, at, end) {
        return us_case_citation(b, case);
    }
    if let Some(code) = super::bluebook::us_code(text, at, end) {
        return us_code_citation(b, code);
    }
    // `Cass R. Sunstein, Incompletely Theorized Agreements, 108 Harv. L. Rev. 1733, 1740
    // (1995)`, `John Hart Ely, Democracy and Distrust 87 (1980)`: Bluebook articles and books
    // `EPA, Waters of the United States (WOTUS) Rulemaking, https://…`: a body's web page
    if context == Context::Note
        && b.out.item.url.is_some()
        && b.out.item.author.is_empty()
        && let Some((owner, title)) = super::bluebook::us_web(text, at, end)
    {
        b.out.item.author = vec![Name {
            literal: Some(clean_value(&text[owner.clone()])),
            span: Some(Span::new(owner.start, owner.end)),
            ..Name::default()
        }];
        b.out.item.title = field(text, title);
        b.out.item.item_type = ItemType::Webpage;
        b.out.kind = Some(CitationKind::Full);
        b.out.confidence = 0.9;
        return b.out;
    }
    // `; and Ernest Gellhorn, …`: the last of a list of citations
    let names_at = match text[at..end].strip_prefix("and ") {
        Some(rest) if rest.starts_with(char::is_uppercase) => at + 4,
        _ => at,
    };
    if context == Context::Note
        && let Some(list) = bluebook_authors(text, names_at, end)
    {
        let from = skip_spaces(text, list.end + 1);
        if b.out.item.url.is_some()
            && let Some(work) = super::bluebook::us_periodical(text, from, end)
        {
            // `Adam Liptak, Title, N.Y. Times (June 28, 2024), https://…`
            return us_work_citation(b, &list, work, ItemType::ArticleNewspaper);
        }
        if b.out.item.url.is_some()
            && let Some(title) = super::bluebook::us_web_title(text, from, end)
        {
            // `Jane Doe, A Page, https://…`
            let work = super::bluebook::UsWork {
                title,
                ..Default::default()
            };
            return us_work_citation(b, &list, work, ItemType::Webpage);
        }
        if let Some(work) = super::bluebook::us_article(text, from, end) {
            return us_work_citation(b, &list, work, ItemType::ArticleJournal);
        }
        if let Some(work) = super::bluebook::us_book(text, from, end) {
            let t = if work.container.is_some() {
                ItemType::Chapter
            } else {
                ItemType::Book
            };
            return us_work_citation(b, &list, work, t);
        }
    }
    if context == Context::Note
        && let Some(work) = super::bluebook::us_document(text, at, end)
    {
        let list = NameList {
            names: Vec::new(),
            role: Role::Author,
            end: at,
            corporate: false,
        };
        return us_work_citation(b, &list, work, ItemType::Report);
    }
    // A court decision: `Donoghue v Stevenson [1932] AC 562 (HL) 580`,
    // `Brown v Board of Education, 347 US 483, 495 (1954)`.
    if let Some(case) = legal_case(text, at, end) {
        return case_citation(b, case);
    }
    // `Cass. civ. 1re, 12 janvier 1999, …`, `Loi n° 2004-228 du 15 mars 2004`, `Art. 1 GG`
    if let Some(source) = super::legal::legal_source(text, at, end) {
        return legal_citation(b, source);
    }
    // `Id., Histoire de la folie…`: same author, a new work (legal `Id. at 5` stays ibid.)
    let idem_title = ["Id., ", "Id. , ", "Íd., ", "Id.: "].iter().find_map(|w| {
        text[at..end]
            .starts_with(w)
            .then(|| at + w.len())
            .filter(|&t| {
                text[t..end].starts_with(|c: char| {
                    c.is_uppercase() || super::text::closing_quote(c).is_some()
                }) && locator_at(&text[t..end]).is_none()
            })
    });
    if let Some(title_at) = idem_title {
        b.out.kind = Some(CitationKind::Idem);
        at = title_at;
    } else
    // A back-reference: `Ibid., p. 5`, `Ghosh, op. cit., p.237-238`.
    if let Some((pos, kind, kind_end)) = find_backref(&text[..end], &protected) {
        let before = text.get(at..pos).unwrap_or("").trim().trim_end_matches(',');
        let in_container =
            before.ends_with(" in") || before.ends_with("in Ghosh") || contains_in_marker(before);
        if !in_container || kind == CitationKind::Ibid {
            return parse_backref(b, at, pos, kind, kind_end, end);
        }
    }
    // Names at the start.
    let mut style = Style::Comma;
    let genre_first = starts_with_word(&text[at..], tables::GENRES).is_some();
    if genre_first || at >= end || b.out.kind == Some(CitationKind::Idem) {
        // `Press Release, SG/SM/9064, …`: no names
    } else if let Some(dash_end) = idem_dash(&text[..end], at) {
        b.out.kind = Some(CitationKind::Idem);
        at = dash_end;
    } else if let Some(len) = starts_with_word(&text[at..], tables::IDEM)
        && !text[at..].starts_with("Id.,")
    {
        // `ders.: Strukturwandel…`, `Id., Autre titre`: same author, new work
        b.out.kind = Some(CitationKind::Idem);
        at = skip_spaces(text, at + len);
        if text[at..].starts_with([':', ',']) {
            at = skip_spaces(text, at + 1);
        }
    } else if let Some(list) = names::name_list(text, at, true) {
        // `Anderson, Imagined Communities, 44.`, `Gellner, Nations and Nationalism, 55.`: in a
        // note, "given names" followed only by a page, or by a lowercase word, are a title
        let list = match names::family_before_title(text, &list) {
            Some(family)
                if context == Context::Note
                    && (title_not_names(&text[list.end..end])
                        || acronym_before_title(&family, &list, &text[list.end..end])) =>
            {
                family
            }
            _ => list,
        };
        let followed_by_title_or_date = {
            let rest = text[list.end..].trim_start_matches([',', '.', ':', ' ']);
            !rest.is_empty()
        };
        if followed_by_title_or_date {
            b.names(&list);
            b.evidence += 1.0;
            at = list.end;
            if list.corporate && list.role == Role::Author {
                // `Conseil …, Commission de …, Suite à donner …`: a sub-body follows.
                at = skip_sub_body(text, at);
            }
        }
    } else if starts_with_word(&text[at..], tables::CONTAINER_MARKERS).is_some() {
        // `in Ghosh, B. (ed.), Managing Migration…`: the book itself.
        let after = skip_spaces(
            text,
            at + starts_with_word(&text[at..], tables::CONTAINER_MARKERS).unwrap_or(0),
        );
        if let Some(list) = names::name_list(text, after, false)
            && list.role == Role::Editor
        {
            b.names(&list);
            b.evidence += 1.0;
            at = list.end;
        }
    }
    // Skipping spaces and punctuation after the names may have passed the citation's end.
    at = at.min(end);
    // The separator after the names tells the style.
    let after_names = text[at..end].trim_start();
    if b.out.item.author.len() + b.out.item.editor.len() > 0 {
        // `Brown, Natasha B. 1998. The role…`: a date closed by a period
        let dated_period = dates::date(after_names).is_ok_and(|(rest, _)| rest.starts_with('.'));
        // `Koselleck, Reinhart: Vergangene Zukunft. Frankfurt a.M. 1979` (German humanities)
        let sep_period = after_names.starts_with('.')
            || after_names.starts_with(':')
            || dated_period
            || (after_names.starts_with('(') && text[at..].contains(")."))
            || (after_names.starts_with('(') && context == Context::Entry);
        if sep_period {
            style = Style::Period;
        }
    }
    // a reference-list entry is read sentence by sentence whatever follows its names
    if context == Context::Entry {
        style = Style::Period;
    }
    // A date right after the names.
    let a = skip_spaces(text, at);
    let a = if text[a..].starts_with([',', '.', ':']) {
        skip_spaces(text, a + 1)
    } else {
        a
    };
    if a < end
        && let Ok((rest, date)) = dates::date(&text[a..end])
    {
        let len = end - a - rest.len();
        // `UNHCR, 2003 Global Refugee Trends, …, 15 June 2004`: in a note, a year followed by
        // words starts the title
        let starts_title = context == Context::Note
            && date.parts.len() == 1
            && rest.starts_with(' ')
            && rest.trim_start().starts_with(char::is_alphabetic);
        if rest.chars().next().is_none_or(|c| !c.is_alphanumeric()) && !starts_title {
            b.set_date(date, a..a + len);
            at = a + len;
        }
    }
    let body_start = at + text[at..end.max(at)].len()
        - text[at..end.max(at)]
            .trim_start_matches([',', '.', ':', ';', ' ', '\n'])
            .len();
    let body = body_start.min(end)..end;
    // A reference-list entry is cut at its sentences whatever its style.
    let periods = style == Style::Period || context == Context::Entry;
    let mut segs = segments(text, body.clone(), periods, &protected);
    if style == Style::Period {
        // the title is the whole first sentence, commas and brackets included
        let pieces = segments(text, body.clone(), true, &protected);
        let first_sentence = pieces
            .iter()
            .find(|s| s.delim == '.' || s.delim == ' ')
            .zip(pieces.first())
            .map(|(last, first)| first.range.start..last.range.end);
        if let Some(title) = first_sentence
            && !text[title.end..body.end]
                .trim_matches(|c: char| c.is_whitespace() || ".,;".contains(c))
                .is_empty()
            && !text[title.clone()].starts_with(|c: char| super::text::closing_quote(c).is_some())
            && look_is_title(&text[title.clone()])
        {
            segs.retain(|s| s.range.start >= title.end || s.range.end <= title.start);
            segs.insert(
                0,
                Segment {
                    range: title,
                    delim: TITLE_SENTENCE,
                },
            );
        }
    }
    label_segments(&mut b, &segs, style);
    finish(b)
}

/// The length of a container marker (`in`, `In:`, `dans`) opening `s`, with its space.
pub(crate) fn container_marker_len(s: &str) -> Option<usize> {
    let len = starts_with_word(s, tables::CONTAINER_MARKERS)?;
    s[len..]
        .starts_with([' ', '\n'])
        .then(|| skip_spaces(s, len))
}

fn contains_in_marker(s: &str) -> bool {
    s.split_whitespace()
        .any(|w| w == "in" || w == "In" || w == "In:" || w == "dans")
}

/// `[12]`, `(17)`, `12.`, `12 ` at the start of a reference-list entry.
fn skip_citation_number(text: &str, at: usize) -> usize {
    let s = &text[at..];
    let (open, close) = match s.chars().next() {
        Some('[') => (1, ']'),
        Some('(') => (1, ')'),
        _ => (0, '.'),
    };
    let n = digits_len(&s[open..]);
    if n == 0 || n > 4 {
        return at;
    }
    let after = &s[open + n..];
    if open == 1 {
        if after.starts_with(close) {
            return skip_spaces(text, at + open + n + 1);
        }
        return at;
    }
    if after.starts_with(". ") || after.starts_with(' ') && year_in_word(&s[..n]).is_none() {
        return skip_spaces(text, at + n + 1);
    }
    at
}

/// Skip signal phrases (`See`, `See also :`, `Refer to`, `cf.`) at `at`.
pub(crate) fn skip_signal(text: &str, mut at: usize) -> usize {
    loop {
        static SIGNALS: std::sync::OnceLock<tables::ByFirstByte<&str>> = std::sync::OnceLock::new();
        let signals = SIGNALS
            .get_or_init(|| tables::ByFirstByte::new(tables::SIGNALS.iter().copied(), |w| w));
        let rest = &text[at..];
        let Some(len) = starts_with_word(rest, signals.opening(rest)) else {
            return at;
        };
        let mut next = skip_spaces(text, at + len);
        if text[next..].starts_with([':', ',']) {
            next = skip_spaces(text, next + 1);
        }
        if next == at {
            return at;
        }
        at = next;
    }
}

/// What follows a name in a note shows that its "given names" were a title of a short form:
/// nothing but a page (`, 44.`), or a lowercase word going on to a page (`and Nationalism, 55.`).
fn title_not_names(rest: &str) -> bool {
    let rest = rest
        .trim_start_matches([',', ' '])
        .trim_end_matches(['.', ' ']);
    let is_page =
        |s: &str| !s.is_empty() && s.chars().all(|c| c.is_ascii_digit() || "-–, ".contains(c));
    if is_page(rest) {
        return true;
    }
    let lowercase_on = rest
        .split(' ')
        .next()
        .is_some_and(tables::is_name_conjunction);
    lowercase_on
        && !rest.contains(['(', ':'])
        && rest
            .rsplit_once(", ")
            .is_some_and(|(_, page)| is_page(page))
}

/// `UNHCR, Statistical Yearbook 2003 (Geneva: …)`: an acronym, then two or more words read as
/// given names that run on into a year or the publication facts, are an organisation and a
/// title.
fn acronym_before_title(family: &NameList, list: &NameList, rest: &str) -> bool {
    let acronym = family.corporate;
    let given_words = list
        .names
        .first()
        .and_then(|n| n.name.given.as_deref())
        .map_or(0, |g| g.split(' ').count());
    acronym
        && given_words >= 2
        && rest
            .trim_start()
            .starts_with(|c: char| c.is_ascii_digit() || c == '(')
}

/// `———.` or `__________ .` (same author as above): the end of the dash and its punctuation.
fn idem_dash(text: &str, at: usize) -> Option<usize> {
    let s = &text[at..];
    let n = s
        .chars()
        .take_while(|c| "—–_-".contains(*c))
        .map(char::len_utf8)
        .sum::<usize>();
    if s[..n].chars().count() < 2 {
        return None;
    }
    let rest = s[n..].trim_start_matches([' ', '.', ',']);
    Some(at + s.len() - rest.len())
}

/// After a corporate author, a comma and another corporate name (`Commission de la Population
/// et du Développement`) is a sub-body, not a second author.
fn skip_sub_body(text: &str, at: usize) -> usize {
    if !text[at..].starts_with(", ") {
        return at;
    }
    match names::name_list(text, at + 2, true) {
        Some(list) if list.corporate && tables::is_organisation(&text[at + 2..list.end]) => {
            let rest = text[list.end..].trim_start_matches([',', ' ']);
            if rest.is_empty()
                || year_in_word(rest.split_whitespace().next().unwrap_or("")).is_some()
            {
                at
            } else {
                list.end
            }
        }
        _ => at,
    }
}

/// `115 Yale LJ 1346` or `71 Harv L Rev 593`: the ranges of volume, journal and page in `t`.
fn volume_journal_page(t: &str) -> Option<(Range<usize>, Range<usize>, Range<usize>)> {
    let t = t.trim_end_matches('.');
    let v = digits_len(t);
    if v == 0 || v > 4 || !t[v..].starts_with(' ') {
        return None;
    }
    let last_space = t.rfind(' ').filter(|&l| l > v + 1)?;
    let page = &t[last_space + 1..];
    if page.is_empty() || !page.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let journal = t[v + 1..last_space].trim();
    let ok = journal.starts_with(char::is_uppercase)
        && journal.split_whitespace().count() <= 8
        && journal
            .chars()
            .all(|c| c.is_alphabetic() || " .&'’".contains(c))
        && tables::month_number(journal).is_none();
    ok.then(|| {
        let j = v + 1 + (t[v + 1..].len() - t[v + 1..].trim_start().len());
        (0..v, j..j + journal.len(), last_space + 1..t.len())
    })
}

/// The parts of a court decision, as ranges of the citation text.
struct LegalCase {
    name: Range<usize>,
    year: Option<(i32, Range<usize>)>,
    volume: Option<Range<usize>>,
    reporter: Option<Range<usize>>,
    page: Option<Range<usize>>,
    pin: Option<Range<usize>>,
}

/// Read a case name (`Parties v Parties`) and its report at `at`.
fn legal_case(text: &str, at: usize, end: usize) -> Option<LegalCase> {
    let s = &text[at..end];
    let v = [" v ", " v. ", " vs. ", " c. ", " contre "]
        .iter()
        .filter_map(|sep| s.find(sep).map(|i| (i, sep.len())))
        .min()?;
    let first_party = &s[..v.0];
    if v.0 == 0
        || v.0 > 80
        || !first_party.starts_with(char::is_uppercase)
        || first_party.contains([',', ';', '“', '«'])
    {
        return None;
    }
    let after = v.0 + v.1;
    if !s[after..].starts_with(char::is_uppercase) {
        return None;
    }
    // the name ends at the report: `[`, `(`, `,` or the first number
    let name_end = s[after..]
        .find(|c: char| c == '[' || c == '(' || c == ',' || c.is_ascii_digit())
        .map_or(s.len(), |i| after + i);
    let name = trim_range(text, at..at + name_end, ",. ");
    let mut case = LegalCase {
        name,
        year: None,
        volume: None,
        reporter: None,
        page: None,
        pin: None,
    };
    // the rest: numbers, a reporter abbreviation, a year in brackets
    let mut numbers: Vec<Range<usize>> = Vec::new();
    let mut i = name_end;
    while i < s.len() {
        let rest = &s[i..];
        let c = rest.chars().next()?;
        if c == '[' || c == '(' {
            let close = rest.find([']', ')']).unwrap_or(rest.len());
            let inner = &rest[1..close.max(1)];
            if let Some(y) = year_in_word(inner) {
                case.year.get_or_insert((y, at + i + 1..at + i + close));
            }
            i += close + 1;
        } else if c.is_ascii_digit() {
            let n = digits_len(rest);
            numbers.push(at + i..at + i + n);
            i += n;
        } else if c.is_uppercase() && case.reporter.is_none() && !numbers.is_empty()
            || c.is_uppercase() && case.reporter.is_none() && case.year.is_some()
        {
            // `AC`, `US`, `Harv L Rev`, `UKHL`: letters, dots and spaces up to a number
            let len = rest
                .find(|c: char| c.is_ascii_digit() || c == ',' || c == '(' || c == '[' || c == ';')
                .unwrap_or(rest.len());
            case.reporter = Some(trim_range(text, at + i..at + i + len, " ."));
            if let Some(v) = numbers.pop() {
                case.volume = Some(v);
            }
            numbers.clear();
            i += len;
        } else {
            i += c.len_utf8();
        }
        if case.reporter.is_some() && numbers.len() >= 2 && case.year.is_some() {
            break;
        }
    }
    case.reporter.as_ref()?;
    let mut numbers = numbers
        .into_iter()
        .filter(|r| year_in_word(&text[r.clone()]).is_none() || case.year.is_some());
    case.page = numbers.next();
    case.pin = numbers.next();
    Some(case)
}

/// A decision of a civil-law court or an act: the court is the author, as a body.
fn legal_citation(mut b: Builder<'_>, source: super::legal::LegalSource) -> ParsedCitation {
    let text = b.text;
    if let Some(t) = source.item_type {
        b.out.item.item_type = t;
    }
    if let Some(r) = source.court {
        b.out.item.author = vec![Name {
            literal: Some(clean_value(&text[r.clone()])),
            span: Some(Span::new(r.start, r.end)),
            ..Name::default()
        }];
    }
    for (slot, range) in [
        (&mut b.out.item.title, source.title),
        (&mut b.out.item.number, source.number),
        (&mut b.out.item.container_title, source.container),
        (&mut b.out.item.volume, source.volume),
        (&mut b.out.item.page, source.page),
    ] {
        if let Some(r) = range {
            *slot = field(text, r);
        }
    }
    if let Some((d, r)) = source.date {
        b.set_date(d, r);
    }
    if let Some((r, label)) = source.locator {
        b.out.locator = Some((normalise_range(&text[r.clone()]), label, r));
    }
    b.out.kind = Some(CitationKind::Full);
    b.out.confidence = 0.8;
    b.out
}

fn case_citation(mut b: Builder<'_>, case: LegalCase) -> ParsedCitation {
    let text = b.text;
    b.out.item.item_type = ItemType::LegalCase;
    b.out.item.title = field(text, case.name);
    if let Some(r) = case.reporter {
        b.out.item.container_title = field(text, r);
    }
    if let Some(r) = case.volume {
        b.out.item.volume = field(text, r);
    }
    if let Some(r) = case.page {
        b.out.item.page = field(text, r);
    }
    if let Some((y, r)) = case.year {
        b.set_date(Date::from_year(y), r);
    }
    if let Some(r) = case.pin {
        b.out.locator = Some((text[r.clone()].to_string(), LocatorLabel::Page, r));
    }
    b.out.kind = Some(CitationKind::Full);
    b.out.confidence = 0.8;
    b.out
}

/// A US decision (`Rust v. Sullivan, 500 U.S. 173, 193 (1991)`) or its short form
/// (`Rust, 500 U.S. at 194`).
fn us_case_citation(mut b: Builder<'_>, case: super::bluebook::UsCase) -> ParsedCitation {
    let text = b.text;
    b.out.item.item_type = ItemType::LegalCase;
    b.out.item.title = field(text, case.name);
    b.out.item.container_title = field(text, case.reporter);
    b.out.item.volume = field(text, case.volume);
    if let Some(r) = case.number {
        b.out.item.number = field(text, r);
    }
    if let Some(r) = case.page {
        b.out.item.page = field(text, r);
    }
    if let Some((y, r)) = case.year {
        b.set_date(Date::from_year(y), r);
    }
    if let Some(r) = case.pin {
        b.out.locator = Some((normalise_range(&text[r.clone()]), LocatorLabel::Page, r));
    }
    b.out.kind = Some(if case.short {
        CitationKind::Short
    } else {
        CitationKind::Full
    });
    b.out.confidence = 0.9;
    b.out
}

/// The authors of a Bluebook citation, followed by `, ` and the title: `Richard H. Fallon, Jr.
/// et al.,` reads as Fallon (Jr.), the authors left unnamed dropped.
fn bluebook_authors(text: &str, at: usize, end: usize) -> Option<NameList> {
    let mut list = names::name_list(text, at, true)?;
    if list.role != Role::Author || list.end >= end {
        return None;
    }
    let mut names_end = list.end;
    if let Some(rest) = text[names_end..end].strip_prefix(", ")
        && let Some(suffix) = names::NAME_SUFFIXES
            .iter()
            .find(|x| rest.starts_with(**x) && rest[x.len()..].starts_with([',', ' ']))
    {
        if let Some(last) = list.names.last_mut() {
            last.name.suffix = Some(suffix.to_string());
            last.range.end = names_end + 2 + suffix.len();
        }
        names_end += 2 + suffix.len();
    }
    let rest = text[names_end..end].trim_start_matches([',', ' ']);
    if let Some(len) = starts_with_word(rest, tables::ET_AL) {
        names_end = end - rest.len() + len;
    }
    list.end = names_end;
    text[names_end..end].starts_with(", ").then_some(list)
}

/// A Bluebook article, book or chapter, its authors read.
fn us_work_citation(
    mut b: Builder<'_>,
    authors: &NameList,
    work: super::bluebook::UsWork,
    item_type: ItemType,
) -> ParsedCitation {
    let text = b.text;
    b.names(authors);
    b.out.item.item_type = item_type;
    b.out.item.title = field(text, work.title);
    if work.number.is_some() {
        b.out.item.item_type = ItemType::Report;
    }
    if let Some(r) = work.date
        && let Some((from, len, d)) = dates::find_date(&text[r.clone()])
    {
        b.set_date(d, r.start + from..r.start + from + len);
    }
    for (slot, range) in [
        (&mut b.out.item.container_title, work.container),
        (&mut b.out.item.volume, work.volume),
        (&mut b.out.item.page, work.page),
        (&mut b.out.item.edition, work.edition),
        (&mut b.out.item.publisher, work.publisher),
        (&mut b.out.item.number, work.number),
    ] {
        if let Some(r) = range {
            *slot = field(text, r);
        }
    }
    if let Some(r) = work.editors
        && let Some(list) = names::name_list(&text[..r.end], r.start, false)
    {
        b.out.item.editor = list.located();
    }
    if let Some((y, r)) = work.year {
        b.set_date(Date::from_year(y), r);
    }
    if let Some(r) = work.pin {
        let label = if work.pin_is_section {
            LocatorLabel::Section
        } else {
            LocatorLabel::Page
        };
        b.out.locator = Some((normalise_range(&text[r.clone()]), label, r));
    }
    b.out.kind = Some(CitationKind::Full);
    b.out.confidence = 0.9;
    b.out
}

/// A US code section (`42 U.S.C. § 1983 (2018)`) or a rule in the Federal Register
/// (`Clean Water Rule, 80 Fed. Reg. 37,054 (June 29, 2015)`).
fn us_code_citation(mut b: Builder<'_>, code: super::bluebook::UsCode) -> ParsedCitation {
    let text = b.text;
    b.out.item.item_type = ItemType::Legislation;
    b.out.item.title = field(text, code.name.unwrap_or(code.cite));
    b.out.item.container_title = field(text, code.code);
    b.out.item.volume = field(text, code.volume);
    if let Some(r) = code.page {
        b.out.item.page = field(text, r);
    }
    if let Some(r) = code.date
        && let Some((from, len, d)) = dates::find_date(&text[r.clone()])
    {
        b.set_date(d, r.start + from..r.start + from + len);
    }
    b.out.kind = Some(CitationKind::Full);
    b.out.confidence = 0.9;
    b.out
}

/// A back-reference citation: `Ibid.`, `Ghosh, op. cit., p.237-238.`,
/// `Klekowski von Koppenfels, Amanda, 2001, p. 28, op. cit.`
fn parse_backref(
    mut b: Builder<'_>,
    start: usize,
    pos: usize,
    kind: CitationKind,
    kind_end: usize,
    end: usize,
) -> ParsedCitation {
    let text = b.text;
    b.out.kind = Some(kind);
    b.evidence += 2.0;
    // What precedes the word: the author, a year, a short title, maybe a locator.
    let before = start..pos;
    if let Some(list) = names::name_list(text, before.start, true)
        && list.end <= pos
    {
        // `Weil, Qu’est-ce qu’un Français ?, op. cit.`: what follows the "given names" is more
        // of a title, not a year
        let title_on = text[list.end..pos]
            .trim_start_matches([',', ' '])
            .starts_with(|c: char| !c.is_ascii_digit() && c != '(');
        let list = match names::family_before_title(text, &list) {
            Some(family) if title_on => family,
            _ => list,
        };
        b.names(&list);
        let rest = list.end..pos;
        hint_rest(&mut b, rest);
    } else if !text[before.clone()].trim().is_empty() {
        // `Weil, ouvr. cité`, `Weil, Qu’est-ce qu’un Français ?, op. cit.`: a family name alone
        // (also when it is a common word elsewhere), then a year or a short title
        match names::family_alone(&text[..pos], before.start) {
            Some(family) => {
                b.names(&family);
                hint_rest(&mut b, family.end..pos);
            }
            None => hint_rest(&mut b, before),
        }
    }
    // What follows: a locator.
    let after = skip_spaces(text, kind_end);
    let after = if text[after..].starts_with(',') {
        skip_spaces(text, after + 1)
    } else {
        after
    }
    .min(end);
    if let Some((value, label, len)) = locator_at(&text[after..end]) {
        b.out.locator = Some((value, label, after..after + len));
    } else if matches!(kind, CitationKind::Ibid | CitationKind::Supra)
        && let Some(len) = page_value(&text[after..end])
    {
        // legal and Chicago: `Ibid., 52.`, `ibid 100–01`
        b.out.locator = Some((
            normalise_range(&text[after..after + len]),
            LocatorLabel::Page,
            after..after + len,
        ));
    }
    finish(b)
}

/// The year, short title and locator written before `op. cit.`.
fn hint_rest(b: &mut Builder<'_>, range: Range<usize>) {
    let text = b.text;
    let protected = std::mem::take(&mut b.protected);
    for seg in segments(text, range, false, &protected) {
        match look(&text[seg.range.clone()]) {
            Look::Date(d) => b.set_date(d, seg.range.clone()),
            Look::Locator(value, label) if b.out.locator.is_none() => {
                b.out.locator = Some((value, label, seg.range.clone()));
            }
            Look::Text | Look::Quoted if b.out.item.title.is_none() => {
                b.out.item.title = field(text, seg.range.clone());
            }
            _ => {}
        }
    }
    b.protected = protected;
}

/// Label the segments after the names and the date.
fn label_segments(b: &mut Builder<'_>, segs: &[Segment], style: Style) {
    let text = b.text;
    let mut i = 0;
    while i < segs.len() {
        let seg = &segs[i];
        let s = &text[seg.range.clone()];
        let next_look = segs.get(i + 1).map(|n| look(&text[n.range.clone()]));
        let look_here = if seg.delim == TITLE_SENTENCE && b.out.item.title.is_none() {
            Look::Text
        } else {
            look(s)
        };
        // a title goes on over a comma, not over a sentence's end in a reference list
        let after_sentence = i > 0 && segs[i - 1].delim == '.' && b.context == Context::Entry;
        let title_was_open = b.title_open && !after_sentence;
        b.title_open = false;
        match look_here {
            Look::Skip => {
                // `accessed March 3, 2024`: the rest of the access date is no publication date
                let lower = s.trim_start().to_lowercase();
                if [
                    "accessed",
                    "retrieved",
                    "consulted",
                    "last accessed",
                    "consulté",
                    "consultado",
                    "zugriff",
                    "abgerufen",
                ]
                .iter()
                .any(|p| lower.starts_with(p))
                    && segs
                        .get(i + 1)
                        .is_some_and(|n| matches!(look(&text[n.range.clone()]), Look::Date(_)))
                {
                    i += 1;
                }
            }
            Look::Bracket => bracket_segment(b, seg.range.clone(), style),
            Look::VolumeJournalPage => {
                let offset = seg.range.start + (s.len() - s.trim_start().len());
                if let Some((v, j, p)) = volume_journal_page(s.trim_start()) {
                    let shift = |r: Range<usize>| r.start + offset..r.end + offset;
                    b.set(|r| &mut r.volume, shift(v));
                    b.set(|r| &mut r.container_title, shift(j));
                    b.set(|r| &mut r.page, shift(p));
                    b.evidence += 1.5;
                }
            }
            Look::Issue => {
                let offset = seg.range.start + (s.len() - s.trim_start().len());
                if let Some(mut tail) = issue_tail(&text[..seg.range.end], offset) {
                    // a bare number before any volume is the volume
                    if b.out.item.volume.is_none()
                        && text[offset..].starts_with(|c: char| c.is_ascii_digit())
                        && let Some(r) = tail.issue.take()
                    {
                        b.set(|r| &mut r.volume, r);
                    }
                    apply_tail(b, tail);
                }
            }
            Look::Date(d) => {
                let range_of_years = s.contains(['-', '–']) && !s.chars().any(char::is_alphabetic);
                if range_of_years && b.out.item.title.is_some() {
                    // `Brazil, 1889–1930` after a title: the period studied, unless nothing better
                    if b.weak_date.is_none() {
                        b.weak_date = Some((d, seg.range.clone()));
                    }
                    // `Cours au Collège de France (1977-1978), Paris`: the years in the title
                    if title_was_open {
                        b.extend_title(seg.range.clone());
                        b.title_open = true;
                    }
                } else if b.out.item.issued.is_none() {
                    b.set_date(d, seg.range.clone());
                } else if b.out.item.title.is_none() {
                    b.out.item.title = field(text, seg.range.clone());
                }
            }
            Look::Locator(_, LocatorLabel::Note)
                if b.out.item.container_title.is_some() && b.out.item.issue.is_none() =>
            {
                // `«Quaderni storici», XII (1977), n. 35`: in a journal, `n.` is the issue
                let t = s.trim();
                let offset = seg.range.start + (s.len() - s.trim_start().len());
                let digits_at = t.find(|c: char| c.is_ascii_digit()).unwrap_or(0);
                // `n° 105-106`: a double issue
                let n = page_value(&t[digits_at..]).unwrap_or_else(|| digits_len(&t[digits_at..]));
                b.set(|r| &mut r.issue, offset + digits_at..offset + digits_at + n);
            }
            Look::Locator(value, label) => {
                b.page_candidates.push((value, label, seg.range.clone()));
                b.evidence += 1.0;
            }
            Look::Pages | Look::Volume
                if b.context == Context::Note
                    && i + 1 == segs.len()
                    && (b.out.item.issued.is_some() || b.out.item.container_title.is_none())
                    && b.out.item.title.is_some()
                    && !s.contains('(') =>
            {
                // `(Cambridge: Cambridge University Press, 1979), 45.`: the pin-point
                let t = s.trim();
                let offset = seg.range.start + (s.len() - s.trim_start().len());
                let len = page_value(t).unwrap_or(t.len());
                let value = normalise_range(&t[..len]);
                b.page_candidates
                    .push((value, LocatorLabel::Page, offset..offset + len));
                b.evidence += 1.0;
            }
            Look::Pages => {
                let t = s.trim();
                let offset = seg.range.start + (s.len() - s.trim_start().len());
                let len = page_value(t).unwrap_or(t.len());
                let value = normalise_range(&t[..len]);
                let r = offset..offset + len;
                if b.out.item.volume.is_some()
                    || b.out.item.container_title.is_some()
                    || b.context == Context::Entry
                {
                    if b.out.item.page.is_none() {
                        b.out.item.page = Some(Field::new(value, Some(Span::new(r.start, r.end))));
                    }
                } else {
                    b.page_candidates.push((value, LocatorLabel::Page, r));
                }
                b.evidence += 1.0;
            }
            Look::Volume => {
                if let Some((g, _)) = volume_group(s.trim(), 0) {
                    let offset = seg.range.start + (s.len() - s.trim_start().len());
                    let shift = |r: Range<usize>| r.start + offset..r.end + offset;
                    // `19, 4 (July 1988): 195–201`: a number between the volume and a dated
                    // bracket is the issue
                    let dated_bracket_next = segs.get(i + 1).is_some_and(|n| {
                        text[n.range.clone()].trim_start().starts_with('(')
                            && matches!(
                                next_look,
                                Some(Look::Issue | Look::Bracket | Look::Date(_))
                            )
                    });
                    if b.out.item.volume.is_some()
                        && b.out.item.issue.is_none()
                        && g.issue.is_none()
                        && g.page.is_none()
                        && dated_bracket_next
                        && let Some(v) = g.volume.clone()
                        // `9, 155 (1997)` in physics is a page
                        && v.len() <= 2
                    {
                        b.set(|r| &mut r.issue, shift(v));
                    } else if look_here == Look::Pages
                        || (b.out.item.volume.is_some() && g.issue.is_none() && g.page.is_none())
                    {
                        let whole = shift(
                            g.volume.clone().unwrap_or(0..0).start
                                ..g.page.clone().or(g.volume.clone()).unwrap_or(0..0).end,
                        );
                        let value = normalise_range(&text[whole.clone()]);
                        if b.out.item.volume.is_some()
                            || b.out.item.container_title.is_some()
                            || b.context == Context::Entry
                        {
                            if b.out.item.page.is_none() {
                                b.out.item.page = Some(Field::new(
                                    value,
                                    Some(Span::new(whole.start, whole.end)),
                                ));
                            }
                        } else {
                            b.page_candidates.push((value, LocatorLabel::Page, whole));
                        }
                    } else {
                        if let Some(v) = g.volume {
                            b.set(|r| &mut r.volume, shift(v));
                        }
                        if let Some(v) = g.issue {
                            b.set(|r| &mut r.issue, shift(v));
                        }
                        if let Some(v) = g.page {
                            let r = shift(v);
                            let value = normalise_range(&text[r.clone()]);
                            b.out.item.page =
                                Some(Field::new(value, Some(Span::new(r.start, r.end))));
                        }
                    }
                    b.evidence += 1.0;
                } else if b.out.item.title.is_none() {
                    b.out.item.title = field(text, seg.range.clone());
                }
            }
            Look::Symbol => {
                b.set(|r| &mut r.number, seg.range.clone());
                b.evidence += 1.0;
            }
            Look::Genre
                if i == 0
                    && b.out.item.title.is_none()
                    && b.out.item.author.is_empty()
                    && !segs[1..]
                        .iter()
                        .any(|n| look(&text[n.range.clone()]) == Look::Quoted) =>
            {
                // `Final Report, Commission on Human Security, …`: the genre is the title
                b.out.item.title = field(text, seg.range.clone());
                b.title_open = true;
            }
            Look::Genre => {
                let t = s.trim();
                let len = starts_with_word(t, tables::GENRES).unwrap_or(t.len());
                let offset = seg.range.start + (s.len() - s.trim_start().len());
                let after_genre = t[len..].trim_start();
                // `Report of the Committee on …`: a title that opens with a genre word
                let numbered = after_genre
                    .trim_start_matches(|c: char| "nN°o.º ".contains(c))
                    .starts_with(|c: char| c.is_ascii_digit());
                if b.out.item.title.is_none()
                    && !numbered
                    && after_genre.starts_with(char::is_lowercase)
                {
                    b.out.item.title = field(text, seg.range.clone());
                    b.title_open = true;
                    b.evidence += 0.5;
                    i += 1;
                    continue;
                }
                b.set(|r| &mut r.genre, offset..offset + len);
                let rest = after_genre.trim_start_matches(|c: char| "nN°o.º ".contains(c));
                // the marker before the number (`n°`, `No.`) is no word's start: `of` is no `o`
                let marker_ok = rest.starts_with(|c: char| c.is_ascii_digit())
                    || !after_genre[..after_genre.len() - rest.len()]
                        .chars()
                        .any(char::is_alphabetic);
                if !rest.is_empty()
                    && marker_ok
                    && rest
                        .chars()
                        .next()
                        .is_some_and(|c| c.is_ascii_alphanumeric())
                {
                    let r_start = seg.range.start + s.len() - rest.len();
                    let r_end = trim_range(text, r_start..seg.range.end, ".").end;
                    // `Rapport n° 1`, `Working Paper No. 12`: a numbered document
                    if b.set(|r| &mut r.number, r_start..r_end) {
                        b.evidence += 0.5;
                    }
                }
                // `“Title”, New Issues in Refugee Research, Working Paper No. 45, UNHCR`: the
                // name before a numbered paper is its series, not a container
                let item = &mut b.out.item;
                let before = i
                    .checked_sub(1)
                    .and_then(|k| segs.get(k))
                    .map(|p| p.range.clone());
                let from_before = |f: &Option<Field>| {
                    f.as_ref().and_then(|c| c.span).is_some_and(|sp| {
                        before
                            .as_ref()
                            .is_some_and(|r| sp.start >= r.start && sp.end <= r.end)
                    })
                };
                let open = item.volume.is_none()
                    && item.editor.is_empty()
                    && item.collection_title.is_none()
                    && item.number.is_some()
                    && !b.in_container;
                if open && from_before(&item.container_title) {
                    item.collection_title = item.container_title.take();
                    item.collection_number = item.number.take();
                } else if open && item.title.is_some() && from_before(&item.note) {
                    item.collection_title = item.note.take();
                    item.collection_number = item.number.take();
                }
                b.evidence += 0.5;
            }
            // `Contributions to Mineralogy and Petrology, v. 125, pp. 359-374`: a journal
            Look::Series
                if b.out.item.container_title.is_none()
                    && b.out.item.title.is_some()
                    && matches!(next_look, Some(Look::Volume))
                    && segs.get(i + 2).is_some_and(|n| {
                        matches!(
                            look(&text[n.range.clone()]),
                            Look::Pages | Look::Locator(_, LocatorLabel::Page)
                        )
                    }) =>
            {
                journal_text(b, seg.range.clone());
            }
            Look::Series => {
                if b.out.item.collection_title.is_none() {
                    let t = s.trim_start();
                    let offset = seg.range.start + (s.len() - t.len());
                    let name = series_name(t)
                        .map_or(seg.range.clone(), |r| offset + r.start..offset + r.end);
                    b.set(|r| &mut r.collection_title, name);
                    // the number in the series: `n°3`, `No. 5`, `vol. 2`
                    if let Some(n) = segs.get(i + 1) {
                        let ns = text[n.range.clone()].trim();
                        let digits_at = ns.find(|c: char| c.is_ascii_digit());
                        let marker = &ns[..digits_at.unwrap_or(0)];
                        // a bare year after the series is the date, not its number
                        let bare_year = marker.is_empty() && dates::whole_date(ns).is_some();
                        // `18e éd.` after the series is an edition, not its number
                        let whole_number = digits_at.is_some_and(|d| {
                            ns[d + digits_len(&ns[d..])..]
                                .trim_end_matches('.')
                                .is_empty()
                        });
                        if let Some(d) = digits_at
                            && !bare_year
                            && whole_number
                            && marker.len() <= 5
                            && marker.chars().all(|c| "nN°o.º Nr".contains(c) || c == ' ')
                        {
                            let start = n.range.start
                                + (text[n.range.clone()].len()
                                    - text[n.range.clone()].trim_start().len())
                                + d;
                            let len = digits_len(&text[start..]);
                            b.set(|r| &mut r.collection_number, start..start + len);
                            i += 1;
                        }
                    }
                    b.evidence += 0.5;
                } else {
                    b.set(|r| &mut r.note, seg.range.clone());
                }
            }
            // `« Titre », Actes de la recherche en sciences sociales, vol. 129`: a journal
            Look::Event
                if b.quoted_title
                    && b.out.item.container_title.is_none()
                    && !b.in_container
                    && matches!(next_look, Some(Look::Volume | Look::Issue)) =>
            {
                journal_text(b, seg.range.clone());
            }
            Look::Event => {
                if b.out.item.title.is_none() && !b.in_container {
                    b.out.item.title = field(text, seg.range.clone());
                    b.title_open = true;
                } else {
                    b.set(|r| &mut r.event_title, seg.range.clone());
                    b.evidence += 0.5;
                }
            }
            Look::Publisher => {
                if b.out.item.title.is_none()
                    && b.out.item.author.is_empty()
                    && b.out.item.editor.is_empty()
                    && style == Style::Comma
                    && i == 0
                {
                    b.out.item.title = field(text, seg.range.clone());
                    b.title_open = true;
                } else {
                    // `Clarendon Press 1994`: a publisher and its year
                    let mut range = seg.range.clone();
                    let t = text[range.clone()].trim_end_matches(['.', ' ']);
                    if let Some(last) = t.rsplit(' ').next()
                        && let Some(date) = dates::whole_date(last)
                        && t.len() > last.len()
                    {
                        let year_start = range.start + t.len() - last.len();
                        b.set_date(date, year_start..year_start + last.len());
                        range = range.start..year_start;
                        range = trim_range(text, range, ",");
                    }
                    if !b.set(|r| &mut r.publisher, range.clone()) {
                        b.set(|r| &mut r.note, range);
                    }
                }
                b.evidence += 1.0;
            }
            Look::Place => {
                // `Beijing, China`, `Berkeley, CA, USA`: the place with its region or country
                let mut range = seg.range.clone();
                while let Some(next) = segs.get(i + 1)
                    && b.out.item.publisher_place.is_none()
                    && is_region(&text[next.range.clone()])
                {
                    range.end = next.range.end;
                    i += 1;
                }
                place_with_date(b, range);
                b.evidence += 1.0;
            }
            Look::PlacePublisher(colon) => {
                let offset = seg.range.start + (s.len() - s.trim_start().len());
                place_with_date(b, offset..offset + colon);
                let pubr = trim_range(text, offset + colon + 1..seg.range.end, "");
                place_publishers(b, pubr);
                b.evidence += 1.5;
            }
            Look::Edition => {
                b.set(|r| &mut r.edition, seg.range.clone());
            }
            Look::Container => {
                let t = s.trim_start();
                let offset = seg.range.start + (s.len() - t.len());
                let marker = starts_with_word(t, tables::CONTAINER_MARKERS).unwrap_or(0);
                let after = skip_spaces(text, offset + marker);
                let after = if text[after..].starts_with(':') {
                    skip_spaces(text, after + 1)
                } else {
                    after
                }
                .min(seg.range.end);
                b.in_container = true;
                b.evidence += 1.0;
                // `in Ghosh, B. (ed.)`: the editors run over several segments.
                let container_names = names::name_list(text, after, false).filter(|list| {
                    let rest = text[list.end..].trim_start_matches([',', ' ', '\n']);
                    list.role == Role::Editor
                        || rest.starts_with("op.")
                        || backref_at(rest, 0).is_some()
                        || rest
                            .split_whitespace()
                            .next()
                            .is_some_and(|w| year_in_word(w).is_some())
                });
                if let Some(list) = container_names {
                    let list_end = list.end;
                    if list.role == Role::Editor {
                        let item = &mut b.out.item;
                        if item.editor.is_empty() {
                            item.editor = list.located();
                        }
                    } else if !text[list.end..]
                        .trim_start_matches([',', ' ', '\n'])
                        .starts_with("op.")
                        && backref_at(text[list.end..].trim_start_matches([',', ' ', '\n']), 0)
                            .is_none()
                    {
                        // `in Zincone, G., 2002, Immigration politics…`: the volume's editor and date
                        let item = &mut b.out.item;
                        if item.editor.is_empty() {
                            item.editor = list.located();
                        }
                        let mut list_end = list.end;
                        let d = skip_spaces(
                            text,
                            list_end + usize::from(text[list_end..].starts_with(',')),
                        );
                        if let Ok((rest, _)) = dates::date(&text[d..]) {
                            list_end = text.len() - rest.len();
                        }
                        while i + 1 < segs.len() && segs[i + 1].range.start < list_end {
                            i += 1;
                        }
                        i += 1;
                        continue;
                    } else {
                        // `in Ghosh, B., op. cit.`
                        b.out.container_backref = true;
                        let item = &mut b.out.item;
                        item.editor = list.located();
                    }
                    // skip the segments the list covered, then read the rest of the one it ends in
                    while i + 1 < segs.len() && segs[i + 1].range.start < list_end {
                        i += 1;
                    }
                    let rest = trim_range(text, list_end..segs[i].range.end, ",.:");
                    if !rest.is_empty() && !text[rest.clone()].trim_start().starts_with("op.") {
                        container_text(b, rest);
                    }
                } else {
                    // `in International Security, 18(3) :5`, `In: Zeitschrift 12 (1999)`
                    container_text(b, after..seg.range.end);
                }
            }
            Look::EditedBy => {
                let t = s.trim_start();
                let offset = seg.range.start + (s.len() - t.len());
                let marker = starts_with_word(t, tables::EDITED_BY).unwrap_or(0);
                let translator_marker = starts_with_word(t, tables::TRANSLATOR_MARKERS);
                let marker = translator_marker.unwrap_or(marker);
                if let Some(list) = names::name_list(text, offset + marker, false) {
                    let item = &mut b.out.item;
                    let slot = if translator_marker.is_some() {
                        &mut item.translator
                    } else {
                        &mut item.editor
                    };
                    if slot.is_empty() {
                        *slot = list.located();
                    }
                    while i + 1 < segs.len() && segs[i + 1].range.start < list.end {
                        i += 1;
                    }
                }
            }
            Look::Quoted => {
                let t = s.trim();
                let offset = seg.range.start + (s.len() - s.trim_start().len());
                let qend = super::text::quote_end(t, 0).unwrap_or(t.len());
                // `“Like” and language ideology: …`: a quoted word opens an unquoted title
                let after_quote = &t[qend..];
                let quoted_words = t[..qend].split_whitespace().count();
                if b.out.item.title.is_none()
                    && quoted_words <= 4
                    && after_quote.starts_with(' ')
                    && after_quote.trim_start().starts_with(char::is_lowercase)
                    && t[..qend]
                        .chars()
                        .rev()
                        .nth(1)
                        .is_some_and(char::is_alphanumeric)
                {
                    b.out.item.title = field(text, seg.range.clone());
                    b.title_open = true;
                    i += 1;
                    continue;
                }
                if b.out.item.title.is_none() {
                    b.out.item.title = field(text, offset..offset + qend);
                    b.quoted_title = true;
                    b.out.quoted_title = true;
                } else if b.out.item.container_title.is_none()
                    && (b.in_container
                        || !(b.quoted_title
                            || b.out.item.author.is_empty() && b.out.item.editor.is_empty()))
                {
                    // `Micro-analisi e storia sociale, «Quaderni storici», XII (1977)`: a journal
                    b.out.item.container_title = field(text, offset..offset + qend);
                } else {
                    b.set(|r| &mut r.note, seg.range.clone());
                }
                // `“Meaning and Understanding,” History and Theory 8` in one segment
                let rest = trim_range(text, offset + qend..seg.range.end, ",.:");
                let written = &text[rest.clone()];
                if b.context == Context::Note
                    && i + 1 == segs.len()
                    && page_value(written) == Some(written.len())
                {
                    // `Wendt, “Anarchy Is What States Make of It,” 395.`: a short form's page
                    b.out.locator = Some((normalise_range(written), LocatorLabel::Page, rest));
                    b.evidence += 1.0;
                } else if !rest.is_empty() {
                    journal_text(b, rest);
                }
            }
            // `Holborn, England: Four Square, 1967`: a town before its country and publisher
            Look::Text
                if b.out.item.title.is_some()
                    && b.out.item.publisher_place.is_none()
                    && seg.delim == ','
                    && is_town(s)
                    && let Some(next) = segs.get(i + 1)
                    && let Some(colon) = match &next_look {
                        Some(Look::PlacePublisher(colon)) => Some(*colon),
                        Some(Look::Text) if ends_facts(segs, i + 2) => {
                            town_colon_publisher(&text[next.range.clone()])
                        }
                        _ => None,
                    } =>
            {
                let t = &text[next.range.clone()];
                let offset = next.range.start + (t.len() - t.trim_start().len());
                let place = trim_range(text, seg.range.start..offset + colon, "");
                place_with_date(b, place);
                place_publishers(b, trim_range(text, offset + colon + 1..next.range.end, ""));
                b.evidence += 1.5;
                i += 1;
            }
            // `Breslau: Cohn & Weigert.` at the end: an unknown town and its publisher
            Look::Text
                if b.out.item.title.is_some()
                    && b.out.item.publisher.is_none()
                    && style == Style::Period
                    && !b.in_container
                    && ends_facts(segs, i + 1)
                    && let Some(colon) = town_colon_publisher(s) =>
            {
                let offset = seg.range.start + (s.len() - s.trim_start().len());
                place_with_date(b, offset..offset + colon);
                place_publishers(b, trim_range(text, offset + colon + 1..seg.range.end, ""));
                b.evidence += 1.0;
            }
            Look::Text => {
                text_segment(b, seg, next_look.as_ref(), title_was_open, style);
            }
        }
        i += 1;
    }
}

/// The parts after a volume: `no. 1 (1969): 3–53`, `(1969): 3–53`, `(Spring 1982), 12-20`.
#[derive(Debug, Default)]
struct Tail {
    issue: Option<Range<usize>>,
    date: Option<(Date, Range<usize>)>,
    page: Option<Range<usize>>,
}

/// Read an issue, a date in brackets and pages at `at`; at least one of them.
fn issue_tail(text: &str, at: usize) -> Option<Tail> {
    let mut tail = Tail::default();
    let mut i = skip_spaces(text, at);
    // `4 (July 1988): 195–201`: a bare number before a date in brackets
    let bare = digits_len(&text[i..]);
    if (1..=2).contains(&bare)
        && text[i + bare..].starts_with(" (")
        && let Some(close) = super::text::bracket_end(text, i + bare + 1)
        && dates::whole_date(&text[i + bare + 2..close - 1]).is_some()
    {
        tail.issue = Some(i..i + bare);
        i += bare;
    } else if let Some(len) = starts_with_word(&text[i..], tables::ISSUE_MARKERS) {
        let k = skip_spaces(text, i + len);
        let n = digits_len(&text[k..]);
        if n == 0 {
            return None;
        }
        tail.issue = Some(k..k + n);
        i = k + n;
    }
    let j = skip_spaces(text, i);
    if text[j..].starts_with('(')
        && let Some(close) = super::text::bracket_end(text, j)
        && let Some(date) = dates::whole_date(&text[j + 1..close - 1])
    {
        tail.date = Some((date, j..close));
        i = close;
    }
    let mut j = skip_spaces(text, i);
    let mut sep = false;
    while text[j..].starts_with([':', ',']) {
        j = skip_spaces(text, j + 1);
        sep = true;
    }
    if sep {
        let k = locator_at(&text[j..]).map_or(j, |_| {
            let w = text[j..].find(|c: char| c.is_ascii_digit()).unwrap_or(0);
            j + w
        });
        if let Some(len) = page_value(&text[k..])
            && text[k..].starts_with(|c: char| c.is_ascii_digit())
        {
            tail.page = Some(k..k + len);
            i = k + len;
        }
    }
    let rest = text[i..].trim().trim_end_matches('.');
    let found = tail.issue.is_some() || tail.date.is_some() || tail.page.is_some();
    (found && rest.is_empty()).then_some(tail)
}

fn apply_tail(b: &mut Builder<'_>, tail: Tail) {
    if let Some(r) = tail.issue {
        b.set(|r| &mut r.issue, r);
    }
    if let Some((d, r)) = tail.date {
        b.set_date(d, r);
    }
    if let Some(r) = tail.page {
        let value = normalise_range(&b.text[r.clone()]);
        if b.out.item.page.is_none() {
            b.out.item.page = Some(Field::new(value, Some(Span::new(r.start, r.end))));
        }
    }
    b.evidence += 1.0;
}

/// A group in brackets: publication facts `(Cambridge: Cambridge University Press, 1979)`, a
/// date, a genre `(unpublished paper)`; anything else is a note.
fn bracket_segment(b: &mut Builder<'_>, range: Range<usize>, style: Style) {
    let text = b.text;
    let inner = trim_range(text, range.start + 1..range.end - 1, ")");
    let inner = trim_range(
        text,
        inner.start
            ..text[..inner.end]
                .trim_end_matches(')')
                .len()
                .max(inner.start),
        "",
    );
    let segs = segments(text, inner.clone(), false, &b.protected);
    let readable = segs.first().is_some_and(|s| {
        !matches!(
            look(&text[s.range.clone()]),
            Look::Text | Look::Quoted | Look::Container
        )
    });
    if readable {
        label_segments(b, &segs, style);
        return;
    }
    // `(Cmnd 247, 1957)`, `(Law Com No 205, 1990)`: a document number, then the date
    if let [.., before, last] = segs.as_slice()
        && let Look::Date(date) = look(&text[last.range.clone()])
    {
        b.set_date(date, trim_range(text, last.range.clone(), ""));
        b.set(|r| &mut r.note, inner.start..before.range.end);
        return;
    }
    b.set(|r| &mut r.note, inner);
}

/// An unlabelled segment: the title, its continuation, a journal, a container or a corporate
/// author written after the title.
fn text_segment(
    b: &mut Builder<'_>,
    seg: &Segment,
    next: Option<&Look>,
    title_was_open: bool,
    style: Style,
) {
    let text = b.text;
    let s = text[seg.range.clone()].trim();
    let starts_lower = s.chars().next().is_some_and(char::is_lowercase);
    let followed_by_volume = matches!(next, Some(Look::Volume | Look::Pages));
    if b.out.item.title.is_none() {
        // A short segment followed by a volume after a date is a journal (`1997, ApJ, 475, 163`).
        let short = s.split_whitespace().count() <= 4;
        let numbers_next = followed_by_volume || matches!(next, Some(Look::Date(_)));
        if short && numbers_next && (b.out.item.issued.is_some() || s.contains(". ")) {
            // `1997, ApJ, 475, 163`, `Nano Lett. 2010, 10, 1082`
            journal_text(b, seg.range.clone());
            return;
        }
        if short
            && followed_by_volume
            && b.out.item.issued.is_none()
            && let Some((at, len, date)) = dates::find_date(s)
            && at > 0
            && at + len == s.len()
        {
            let offset = seg.range.start
                + (text[seg.range.clone()].len() - text[seg.range.clone()].trim_start().len());
            b.out.item.container_title = field(text, offset..offset + at);
            b.set_date(date, offset + at..offset + at + len);
            return;
        }
        b.out.item.title = field(text, seg.range.clone());
        b.title_open = !b.quoted_title;
        // `History and Theory 8` after a quoted title is handled by the quoted branch.
        return;
    }
    // `«Quaderni storici», XII (1977)`: a volume in roman numerals after a journal
    let roman = s.split(" (").next().unwrap_or(s);
    if b.out.item.container_title.is_some()
        && b.out.item.volume.is_none()
        && (1..=6).contains(&roman.len())
        && roman.chars().all(|c| "IVXLCDM".contains(c))
    {
        let offset = seg.range.start
            + (text[seg.range.clone()].len() - text[seg.range.clone()].trim_start().len());
        b.set(|r| &mut r.volume, offset..offset + roman.len());
        if let Some((at, len, date)) = dates::find_date(&s[roman.len()..]) {
            let start = offset + roman.len() + at;
            b.set_date(date, start..start + len);
        }
        return;
    }
    // `Palais des Nations (5 June 2002)`: a venue, its date in brackets after it
    if seg.delim == '(' && matches!(next, Some(Look::Date(_))) && b.out.item.event_title.is_some() {
        b.set(|r| &mut r.note, seg.range.clone());
        return;
    }
    if b.in_container && b.out.item.container_title.is_none() {
        container_text(b, seg.range.clone());
        return;
    }
    // `Palais des Nations (5 June 2002)`: a venue and its date
    if let Some(open) = s.find('(')
        && let Some((at, len, date)) = dates::find_date(&s[open..])
    {
        let offset = seg.range.start
            + (text[seg.range.clone()].len() - text[seg.range.clone()].trim_start().len());
        let start = offset + open + at;
        b.set_date(date, start..start + len);
        b.set(|r| &mut r.note, seg.range.clone());
        return;
    }
    if b.in_container && starts_lower {
        b.extend_container(seg.range.clone());
        return;
    }
    if b.out.item.author.is_empty()
        && b.out.item.editor.is_empty()
        && tables::is_organisation(s)
        && !starts_lower
        && !matches!(next, Some(Look::Place))
    {
        let literal = clean_value(s);
        b.out.item.author = vec![Name {
            literal: Some(literal),
            span: Some(Span::new(seg.range.start, seg.range.end)),
            ..Name::default()
        }];
        return;
    }
    let publisher_like = matches!(next, Some(Look::Place | Look::Date(_)) | None)
        && (tables::is_organisation(s) || is_corporate_name(s))
        && b.out.item.publisher.is_none()
        && !starts_lower;
    if publisher_like && style == Style::Comma {
        b.set(|r| &mut r.publisher, seg.range.clone());
        return;
    }
    if title_was_open
        && !followed_by_volume
        && (starts_lower || style == Style::Comma)
        && !is_corporate_name(s)
    {
        b.extend_title(seg.range.clone());
        b.title_open = true;
        return;
    }
    // `Elektron 10(1): 25-29`: a journal with its volume
    if b.out.item.container_title.is_none()
        && !starts_lower
        && trailing_volume(text, seg.range.clone()).is_some()
    {
        journal_text(b, seg.range.clone());
        return;
    }
    // `Journal of the American Pharmacists Association 1999, 39, 683–687`
    if b.out.item.container_title.is_none()
        && b.out.item.issued.is_none()
        && followed_by_volume
        && let Some((at, len, date)) = dates::find_date(s)
        && at > 0
        && at + len == s.len()
    {
        let offset = seg.range.start
            + (text[seg.range.clone()].len() - text[seg.range.clone()].trim_start().len());
        b.out.item.container_title = field(text, offset..offset + at);
        b.set_date(date, offset + at..offset + at + len);
        return;
    }
    // `Titel. Untertitel. Ort: Verlag Jahr`: a subtitle before the publication facts
    if title_was_open
        && style == Style::Period
        && b.out.item.container_title.is_none()
        && matches!(
            next,
            Some(Look::Place | Look::PlacePublisher(_) | Look::EditedBy | Look::Edition)
        )
    {
        b.extend_title(seg.range.clone());
        return;
    }
    let after_quoted_title =
        b.quoted_title && b.out.item.publisher.is_none() && b.out.item.event_title.is_none();
    let numbers_next = followed_by_volume
        || matches!(
            next,
            Some(Look::Date(_) | Look::Issue | Look::Locator(_, LocatorLabel::Note))
        );
    // `Journal of the American Statistics Association, 76, 817-823`: a volume after it makes a
    // journal of any name
    if b.out.item.container_title.is_none()
        && (followed_by_volume
            || numbers_next && style == Style::Period
            || (style == Style::Period || after_quoted_title && numbers_next)
                && !tables::is_organisation(s))
    {
        journal_text(b, seg.range.clone());
        return;
    }
    if b.out.item.author.is_empty() && b.out.item.editor.is_empty() && tables::is_organisation(s) {
        let literal = clean_value(s);
        b.out.item.author = vec![Name {
            literal: Some(literal),
            span: Some(Span::new(seg.range.start, seg.range.end)),
            ..Name::default()
        }];
        return;
    }
    if matches!(next, Some(Look::Place | Look::Date(_)) | None)
        && (tables::is_organisation(s) || s.split_whitespace().count() <= 4)
        && b.out.item.publisher.is_none()
        && s.chars().next().is_some_and(char::is_uppercase)
    {
        b.set(|r| &mut r.publisher, seg.range.clone());
        return;
    }
    b.set(|r| &mut r.note, seg.range.clone());
}

/// A name of a body: capitalised words (joiners aside) ending with an organisation word
/// (`Fleishman Civil Society Fellowship Programme`).
fn is_corporate_name(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    words
        .last()
        .is_some_and(|w| tables::is_organisation_word(w))
        && words.iter().all(|w| {
            w.starts_with(char::is_uppercase)
                || ["of", "for", "on", "and", "the", "de", "des", "du", "la"].contains(w)
        })
}

/// Text after `in`: a journal with its volume, or a book title.
fn container_text(b: &mut Builder<'_>, range: Range<usize>) {
    let text = b.text;
    if let Some((name_end, g, tail)) = trailing_volume(text, range.clone()) {
        b.out.item.container_title = field(text, range.start..name_end);
        apply_volume(b, g);
        if let Some(tail) = tail {
            apply_tail(b, tail);
        }
        return;
    }
    if b.out.item.container_title.is_none() {
        b.out.item.container_title = field(text, range);
    } else {
        b.extend_container(range);
    }
}

/// A journal name followed by its volume (`History and Theory 8, no. 1 (1969): 3–53`).
fn journal_text(b: &mut Builder<'_>, range: Range<usize>) {
    let text = b.text;
    // `The Review of Economic Studies pp. 169–190`: pages written after the name
    let s = &text[range.clone()];
    if let Some(at) = s.find(" pp. ").or_else(|| s.find(" p. "))
        && let Some((value, _, len)) = locator_at(s[at + 1..].trim_start())
        && at + 1 + len >= s.trim_end_matches('.').len()
    {
        let name = range.start..range.start + at;
        if b.out.item.container_title.is_none() {
            b.out.item.container_title = field(text, name);
        }
        if b.out.item.page.is_none() {
            let start = range.start + at + 1;
            b.out.item.page = Some(Field::new(value, Some(Span::new(start, start + len))));
        }
        return;
    }
    if let Some((name_end, g, tail)) = trailing_volume(text, range.clone()) {
        if b.out.item.container_title.is_none() {
            b.out.item.container_title = field(text, range.start..name_end);
        }
        apply_volume(b, g);
        if let Some(tail) = tail {
            apply_tail(b, tail);
        }
        return;
    }
    // `Chem. Rev. 2006`: the journal and its year
    let t = text[range.clone()].trim_end();
    if let Some((name, year)) = t.rsplit_once(' ')
        && let Some(date) = dates::whole_date(year)
        && !name.trim().is_empty()
        && b.out.item.container_title.is_none()
    {
        let year_start = range.start + name.len() + 1;
        b.out.item.container_title = field(text, range.start..range.start + name.len());
        b.set_date(date, year_start..year_start + year.len());
        return;
    }
    if b.out.item.container_title.is_none() {
        b.out.item.container_title = field(text, range);
    } else {
        b.set(|r| &mut r.note, range);
    }
}

fn apply_volume(b: &mut Builder<'_>, g: VolumeGroup) {
    if let Some(v) = g.volume {
        b.set(|r| &mut r.volume, v);
    }
    if let Some(v) = g.issue {
        b.set(|r| &mut r.issue, v);
    }
    if let Some(v) = g.page {
        let value = normalise_range(&b.text[v.clone()]);
        if b.out.item.page.is_none() {
            b.out.item.page = Some(Field::new(value, Some(Span::new(v.start, v.end))));
        }
    }
    b.evidence += 1.0;
}

/// Find a volume group that ends `range` after some words: the end of the name and the group.
fn trailing_volume(text: &str, range: Range<usize>) -> Option<(usize, VolumeGroup, Option<Tail>)> {
    let s = &text[range.clone()];
    for (i, c) in s.char_indices() {
        if c.is_ascii_digit() && i > 0 && s[..i].ends_with(' ') {
            let at = range.start + i;
            // a volume marker just before (`vol. 12`)
            let name_end = range.start + s[..i].trim_end().len();
            if let Some((g, end)) = volume_group(&text[..range.end], at)
                // `Chem. Rev. 2006`: a year alone after the name is a date, not a volume
                && !(g.issue.is_none()
                    && g.page.is_none()
                    && g.volume.as_ref().is_some_and(|v| year_in_word(&text[v.clone()]).is_some()))
            {
                let rest = text[end..range.end].trim();
                let rest_ok = rest.is_empty() || dates::whole_date(rest).is_some();
                if rest_ok && name_end > range.start {
                    let name_end = range.start
                        + text[range.start..name_end]
                            .trim_end_matches([',', ' '])
                            .len();
                    return Some((name_end, g, None));
                }
                if name_end > range.start
                    && let Some(tail) = issue_tail(&text[..range.end], end)
                {
                    let name_end = range.start
                        + text[range.start..name_end]
                            .trim_end_matches([',', ' '])
                            .len();
                    return Some((name_end, g, Some(tail)));
                }
            }
        }
    }
    None
}

/// A date written as the last word of `range` (`Frankfurt a.M. 1979`, `Suhrkamp 1984`) is the
/// citation's date: set it, and give back the range without it.
fn take_trailing_date(b: &mut Builder<'_>, range: Range<usize>) -> Range<usize> {
    let text = b.text;
    let t = text[range.clone()].trim_end_matches(['.', ' ']);
    if let Some(last) = t.rsplit(' ').next()
        && t.len() > last.len()
        && let Some(date) = dates::whole_date(last)
    {
        let year_start = range.start + t.len() - last.len();
        b.set_date(date, year_start..year_start + last.len());
        return trim_range(text, range.start..year_start, ",");
    }
    range
}

/// A place, maybe with a date in brackets (`Berne (14-15 June 2001)`, `Geneva`).
fn place_with_date(b: &mut Builder<'_>, range: Range<usize>) {
    let text = b.text;
    // `Frankfurt a.M. 1979`: a place and its year
    let range = take_trailing_date(b, range);
    let s = &text[range.clone()];
    if let Some(open) = s.find('(') {
        if let Some((at, len, date)) = dates::find_date(&s[open..]) {
            let start = range.start + open + at;
            b.set_date(date, start..start + len);
        }
        let place = trim_range(text, range.start..range.start + open, "");
        if b.out.item.publisher_place.is_none() {
            b.set(|r| &mut r.publisher_place, place);
        }
        return;
    }
    if b.out.item.publisher_place.is_none() {
        b.set(|r| &mut r.publisher_place, range);
    } else {
        b.set(|r| &mut r.event_place, range);
    }
}

/// `Japan Center for International Exchange and Washington: Carnegie Endowment…`: the first
/// publisher only.
fn place_publishers(b: &mut Builder<'_>, range: Range<usize>) {
    let text = b.text;
    // `Suhrkamp 1984`: the year after the publisher (German style)
    let range = take_trailing_date(b, range);
    let s = &text[range.clone()];
    let mut cut = s.len();
    for sep in [" and ", " & ", "; "] {
        if let Some(i) = s.find(sep)
            && s[i + sep.len()..].contains(": ")
        {
            cut = cut.min(i);
        }
    }
    b.set(|r| &mut r.publisher, range.start..range.start + cut);
}

/// Decide the locator, the page, the type and the confidence.
fn finish(mut b: Builder<'_>) -> ParsedCitation {
    split_title_edition(&mut b);
    if b.out.item.issued.is_none()
        && let Some((d, r)) = b.weak_date.take()
    {
        b.set_date(d, r);
    }
    if b.out.item.issued.is_none() && b.out.kind.is_none() && b.context == Context::Entry {
        // a year standing alone somewhere (`Science 1995, 267`, `Seuil, 2001.`), the last one
        let text = b.text;
        let mut found = None;
        let mut start = 0;
        for w in text.split(|c: char| c.is_whitespace() || c == ',' || c == ';') {
            let at = start;
            start += w.len() + 1;
            let trimmed = w.trim_matches(|c: char| "().[]:".contains(c));
            if trimmed.len() == 4
                && let Some(y) = year_in_word(trimmed)
                && let Some(i) = w.find(trimmed)
            {
                found = Some((y, at + i..at + i + 4));
            }
        }
        if let Some((y, r)) = found {
            b.set_date(Date::from_year(y), r);
        }
    }
    let has_container = b.out.item.container_title.is_some()
        || !b.out.item.editor.is_empty() && !b.out.item.author.is_empty();
    let candidates = std::mem::take(&mut b.page_candidates);
    for (value, label, range) in candidates {
        let work_range = b.context == Context::Entry
            || (has_container
                && label == LocatorLabel::Page
                && is_work_range(&value)
                && b.out.item.page.is_none());
        if work_range {
            if b.out.item.page.is_none() {
                b.out.item.page = Some(Field::new(value, Some(Span::new(range.start, range.end))));
            }
        } else if b.out.locator.is_none() {
            b.out.locator = Some((value, label, range));
        }
    }
    let item = &mut b.out.item;
    // `Final Report, Commission on Human Security, …`: a genre word that is all the title there is
    if item.title.is_none()
        && let Some(genre) = item.genre.take()
    {
        if item.author.is_empty() && item.number.is_some() || genre.value.contains("Release") {
            item.genre = Some(genre);
        } else {
            item.title = Some(genre);
        }
    }
    // `Guiding Principles on Internal Displacement, E/CN.4/1998/53/Add.2, 11 February 1998`:
    // a document known by its title and symbol, the title read as a body's name
    if item.title.is_none()
        && item.number.is_some()
        && item.url.is_none()
        && let [only] = item.author.as_slice()
        && only.literal.as_deref().is_some_and(|l| {
            l.split_whitespace().count() >= 2
                && !tables::is_organisation(l)
                && !is_corporate_name(l)
        })
    {
        let name = item.author.remove(0);
        item.title = name.literal.map(|l| Field::new(l, name.span));
        b.evidence += 1.0;
    }
    item.item_type = infer_type(item);
    // `Ídem.` alone: the same as before
    if b.out.kind == Some(CitationKind::Idem) && item.title.is_none() {
        b.out.kind = Some(CitationKind::Ibid);
    }
    if b.out.kind.is_none() {
        b.out.kind = Some(if is_short_form(item) && b.context == Context::Note {
            CitationKind::Short
        } else {
            CitationKind::Full
        });
    }
    if item.title.is_some() {
        b.evidence += 1.0;
    }
    b.out.confidence = (b.evidence / 5.0).min(1.0);
    b.out
}

/// `Tuck, Natural Rights Theories, 58.`: names and a short title, nothing that describes the
/// publication.
fn is_short_form(item: &Reference) -> bool {
    let described = item.issued.is_some()
        || item.container_title.is_some()
        || item.publisher.is_some()
        || item.publisher_place.is_some()
        || item.volume.is_some()
        || item.url.is_some()
        || item.number.is_some()
        || item.event_title.is_some()
        || item.genre.is_some()
        || item.collection_title.is_some();
    !described
        && !item.author.is_empty()
        && item
            .title
            .as_ref()
            .is_some_and(|t| t.value.split_whitespace().count() <= 12)
}

/// The CSL type from the fields found.
fn infer_type(item: &Reference) -> ItemType {
    let genre = item
        .genre
        .as_ref()
        .map(|g| g.value.to_lowercase())
        .unwrap_or_default();
    if genre.contains("press") {
        return ItemType::Article;
    }
    if genre.contains("unpublished") || genre.contains("mimeo") || genre.contains("manuscript") {
        return ItemType::Manuscript;
    }
    if genre.contains("thesis")
        || genre.contains("thèse")
        || genre.contains("diss")
        || genre.contains("tesi")
    {
        return ItemType::Thesis;
    }
    let has_volume = item.volume.is_some() || item.issue.is_some();
    if item.container_title.is_some() {
        if !item.editor.is_empty() || item.publisher.is_some() && !has_volume {
            return if item.event_title.is_some() {
                ItemType::PaperConference
            } else {
                ItemType::Chapter
            };
        }
        if has_volume || item.page.is_some() || item.editor.is_empty() {
            return ItemType::ArticleJournal;
        }
    }
    if item.event_title.is_some() && genre.is_empty() {
        return ItemType::PaperConference;
    }
    let corporate = item.author.iter().any(|n| n.literal.is_some());
    if !genre.is_empty() || item.number.is_some() || item.collection_number.is_some() || corporate {
        return ItemType::Report;
    }
    if item.title.is_none() && item.url.is_some() {
        return ItemType::Webpage;
    }
    if item.publisher.is_some() || item.publisher_place.is_some() || !item.editor.is_empty() {
        return ItemType::Book;
    }
    if item.url.is_some() {
        return ItemType::Webpage;
    }
    ItemType::Document
}

#[cfg(test)]
mod tests {
    use super::*;

    fn get(p: &ParsedCitation, key: &str) -> String {
        let item = &p.item;
        if key == "author" || key == "editor" {
            let names = if key == "author" {
                &item.author
            } else {
                &item.editor
            };
            return names
                .iter()
                .map(names::family_of)
                .collect::<Vec<_>>()
                .join("; ");
        }
        if key == "issued" {
            return item
                .issued
                .as_ref()
                .map(|d| format!("{:?}", d.parts))
                .unwrap_or_default();
        }
        item.text_fields()
            .iter()
            .find(|(k, _)| *k == key)
            .and_then(|(_, f)| f.map(|f| f.value.clone()))
            .unwrap_or_default()
    }

    #[test]
    fn continental_chapter() {
        let t = "Overbeek, H., 2001, « Globalization, Sovereignty, and Transnational Regulation : Reshaping the Governance of International Migration », in Ghosh, B. (ed.), Managing Migration. Time for a New International Regime ?, New York, Oxford University Press, p.48.";
        let p = parse_citation(t, Context::Note);
        assert_eq!(get(&p, "author"), "Overbeek");
        assert_eq!(get(&p, "editor"), "Ghosh");
        assert_eq!(get(&p, "issued"), "[2001]");
        assert!(get(&p, "title").starts_with("Globalization, Sovereignty"));
        assert_eq!(
            get(&p, "container-title"),
            "Managing Migration. Time for a New International Regime?"
        );
        assert_eq!(get(&p, "publisher"), "Oxford University Press");
        assert_eq!(get(&p, "publisher-place"), "New York");
        assert_eq!(p.locator.as_ref().map(|l| l.0.as_str()), Some("48"));
        assert_eq!(p.item.item_type, ItemType::Chapter);
    }

    #[test]
    fn apa_article() {
        let t = "Chirkov, V. (2009). Introduction to the special issue on Critical Acculturation Psychology. International Journal of Intercultural Relations, 33(2), 87-93.";
        let p = parse_citation(t, Context::Entry);
        assert_eq!(get(&p, "author"), "Chirkov");
        assert_eq!(
            get(&p, "title"),
            "Introduction to the special issue on Critical Acculturation Psychology"
        );
        assert_eq!(
            get(&p, "container-title"),
            "International Journal of Intercultural Relations"
        );
        assert_eq!(get(&p, "volume"), "33");
        assert_eq!(get(&p, "issue"), "2");
        assert_eq!(get(&p, "page"), "87-93");
    }

    #[test]
    fn chicago_book_note() {
        let t = "Richard Tuck, Natural Rights Theories: Their Origin and Development (Cambridge: Cambridge University Press, 1979), 45.";
        let p = parse_citation(t, Context::Note);
        assert_eq!(get(&p, "author"), "Tuck");
        assert_eq!(
            get(&p, "title"),
            "Natural Rights Theories: Their Origin and Development"
        );
        assert_eq!(get(&p, "publisher"), "Cambridge University Press");
        assert_eq!(get(&p, "publisher-place"), "Cambridge");
        assert_eq!(get(&p, "issued"), "[1979]");
        assert_eq!(p.locator.as_ref().map(|l| l.0.as_str()), Some("45"));
    }

    #[test]
    fn back_references() {
        let p = parse_citation("Ghosh, op. cit., p.237-238.", Context::Note);
        assert_eq!(p.kind, Some(CitationKind::OpCit));
        assert_eq!(get(&p, "author"), "Ghosh");
        assert_eq!(p.locator.as_ref().map(|l| l.0.as_str()), Some("237-238"));
        let p = parse_citation(
            "Klekowski von Koppenfels, Amanda, 2001, p. 28, op. cit.",
            Context::Note,
        );
        assert_eq!(p.kind, Some(CitationKind::OpCit));
        assert_eq!(get(&p, "issued"), "[2001]");
        assert_eq!(p.locator.as_ref().map(|l| l.0.as_str()), Some("28"));
        let p = parse_citation("Ibid., p. 14.", Context::Note);
        assert_eq!(p.kind, Some(CitationKind::Ibid));
        assert_eq!(p.locator.as_ref().map(|l| l.0.as_str()), Some("14"));
    }

    /// Each case: a reference line and the fields expected, as `key=value`.
    #[test]
    fn journal_volume_shapes() {
        let cases: &[(&str, &[(&str, &str)])] = &[
            (
                "Stokke, Andreas. “Lying and Asserting.” Journal of Philosophy 110.1 (2013): 33-60.",
                &[
                    ("container-title", "Journal of Philosophy"),
                    ("volume", "110"),
                    ("issue", "1"),
                    ("page", "33-60"),
                ],
            ),
            (
                "Fischel, Daniel L. “Planning for Book Reprints,” Journal of Scholarly Publishing 19, 4 (July 1988): 195–201.",
                &[("volume", "19"), ("issue", "4"), ("page", "195-201")],
            ),
            (
                "Thompson, L. M., Spray, J. G., Pseudotachylyte petrogenesis: constraints from the Sudbury impact structure. Contributions to Mineralogy and Petrology, v. 125, pp. 359-374. 1996.",
                &[
                    (
                        "container-title",
                        "Contributions to Mineralogy and Petrology",
                    ),
                    ("volume", "125"),
                    ("page", "359-374"),
                ],
            ),
            (
                "Schultz, W. (2013). Updating dopamine reward signals. Curr. Opin. Neurobiol. 23, 229–238.",
                &[
                    ("container-title", "Curr. Opin. Neurobiol"),
                    ("volume", "23"),
                    ("page", "229-238"),
                ],
            ),
            (
                "Allio, Cédric. 2016. « Interurban population distribution and commute modes ». The Annals of Regional Science 57 (1): 125\u{2011}44.",
                &[("volume", "57"), ("issue", "1"), ("page", "125-44")],
            ),
            (
                "[68] Suk-Hwan Suh and Albert B. Bishop. Collision-avoidance trajectory planning using tube concept: Analysis and simulation. Journal of Robotic Systems, 5:497–525, 1988.",
                &[("volume", "5"), ("page", "497-525")],
            ),
            (
                "D’Arcy, A. (2007). “Like” and language ideology: disentangling fact from fiction. American Speech, 82 (4), 386-416.",
                &[
                    (
                        "title",
                        "“Like” and language ideology: disentangling fact from fiction",
                    ),
                    ("container-title", "American Speech"),
                ],
            ),
            (
                "Aldiss, Brian. Earthworks. Holborn, England: Four Square, 1967.",
                &[
                    ("publisher-place", "Holborn, England"),
                    ("publisher", "Four Square"),
                ],
            ),
            (
                "Wernicke, Carl. 1874. Der aphasische Symptomencomplex: Eine psychologische Studie auf anatomischer Basis. Breslan: Cohn & Weigert.",
                &[
                    ("publisher-place", "Breslan"),
                    ("publisher", "Cohn & Weigert"),
                ],
            ),
        ];
        for (text, expected) in cases {
            let p = parse_citation(text, Context::Entry);
            for (key, value) in *expected {
                assert_eq!(get(&p, key), *value, "{key} of {text}");
            }
        }
    }
}
