//! From a tagged citation to its fields, cleaned: the normalizers of the labeller. Names are
//! split ([`names`]), values cleaned ([`values`]); what the citation is (a full citation, a
//! short form, a back-reference) and the item's type follow from the labels it has.

mod names;
mod values;

use super::decode::TaggedCitation;
use super::fields::ParsedCitation;
use super::label::Label;
use super::tables;
use crate::model::{CitationKind, Field, ItemType, Reference, Span};
use std::ops::Range;

/// What a citation's tokens are read for: a footnote (pin-points are locators) or an entry of
/// a reference list (they are the work's pages).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// A footnote.
    Note,
    /// A reference-list entry.
    Entry,
}

/// The fields of a tagged citation, cleaned, spans in bytes of `text`.
pub(crate) fn assemble(text: &str, c: &TaggedCitation, reading: Reading) -> ParsedCitation {
    let compact = compact_volume_and_pages(text, c);
    let c = compact.as_ref().unwrap_or(c);
    let fixed = second_title_as_container(text, c);
    let c = fixed.as_ref().unwrap_or(c);
    let mut item = Reference::default();
    let field = |label: Label, clean: &dyn Fn(&str) -> String| -> Option<Field> {
        let r = c.first(label)?;
        let value = clean(&text[r.clone()]);
        (!value.is_empty()).then(|| Field::new(value, Some(span(&r))))
    };
    let text_field = |label| field(label, &|s| values::text_value(s, false));
    item.title = text_field(Label::Title);
    item.container_title = field(Label::ContainerTitle, &|s| values::text_value(s, true));
    item.collection_title = field(Label::CollectionTitle, &|s| {
        values::text_value(strip_series_marker(s), true)
    });
    item.collection_number = field(Label::CollectionNumber, &values::number_value);
    item.publisher = text_field(Label::Publisher);
    item.publisher_place = text_field(Label::PublisherPlace);
    item.event_title = text_field(Label::EventTitle);
    item.volume = field(Label::Volume, &values::number_value);
    item.issue = field(Label::Issue, &values::number_value);
    item.page = field(Label::Page, &values::number_value);
    item.edition = field(Label::Edition, &values::edition_value);
    item.number = field(Label::Number, &|s| values::text_value(s, false));
    item.genre = text_field(Label::Genre);
    item.url = field(Label::Url, &values::url_value);
    item.doi = field(Label::Doi, &values::doi_value);
    item.isbn = field(Label::Isbn, &|s| {
        values::text_value(s.trim_start_matches("ISBN").trim_start_matches(':'), false)
    });
    item.note = text_field(Label::Note);
    if let Some(r) = c.first(Label::Issued) {
        item.issued = values::date_value(&text[r.clone()]).map(|mut d| {
            d.span = Some(span(&r));
            d
        });
    }
    for (label, names) in [
        (Label::Author, &mut item.author),
        (Label::Editor, &mut item.editor),
        (Label::Translator, &mut item.translator),
    ] {
        if let Some(r) = c.first(label) {
            *names = names::names_of(text, r);
        }
    }
    // `———.`: the names of the entry before, written as a dash
    let dashed = dashes_only(&item.author);
    if dashed {
        item.author.clear();
    }
    split_volume_issue(&mut item);
    volume_before_pages(&mut item);
    place_and_publisher(&mut item);
    year_as_volume(&mut item);
    // `Müller/Schmidt (Hrsg.), Recht und Gesellschaft, Berlin 1990`: a book read as the
    // container of a chapter with no title is the title
    if item.title.is_none()
        && (!item.editor.is_empty() || item.publisher.is_some() || item.publisher_place.is_some())
    {
        item.title = item.container_title.take();
    }
    let court_first =
        c.position(Label::Authority) < c.position(Label::Title) || !c.has(Label::Title);
    if item.author.is_empty()
        && court_first
        && let Some(r) = c.first(Label::Authority)
    {
        // a court that decided, or the body that enacted
        item.author = vec![crate::model::Name {
            literal: Some(values::text_value(&text[r.clone()], false)),
            span: Some(span(&r)),
            ..Default::default()
        }];
    }
    let mut locator = c.first(Label::Locator).map(|r| {
        let (value, label) = values::locator_value(&text[r.clone()]);
        (value, label, r)
    });
    if reading == Reading::Entry
        && item.page.is_none()
        && let Some((value, _, r)) = locator.take()
    {
        item.page = Some(Field::new(value, Some(span(&r))));
    }
    let note_ref = c
        .first(Label::NoteRef)
        .and_then(|r| values::note_number(&text[r]));
    item.item_type = item_type(&item, c);
    if item.item_type == ItemType::LegalCase {
        courts_after_the_name(text, &mut item, c);
    }
    if item.item_type == ItemType::Legislation && item.title.is_none() {
        // `5 U.S.C. § 553`: the code section is the title, and its section no pin-point
        item.title = code_section(text, c);
        if item.title.is_some() {
            locator = None;
        }
    }
    let (kind, container_backref) = if dashed && reading == Reading::Entry {
        (CitationKind::Idem, false)
    } else {
        kind_of(text, c, &item, note_ref)
    };
    let pinpoint = locator.as_ref().map(|(_, _, r)| r);
    let kind = match kind {
        CitationKind::Full if is_pinpoint_short(text, &item, pinpoint) => CitationKind::Short,
        // an act cited by its title is cited in full
        CitationKind::Short if item.item_type == ItemType::Legislation => CitationKind::Full,
        kind => kind,
    };
    ParsedCitation {
        kind: Some(kind),
        item,
        locator,
        confidence: c.confidence,
        container_backref,
        quoted_title: false,
        note_ref,
        alias: None,
    }
}

/// `Title, in Editor (ed.), Book`: a second title after the editors (or after `in`), in a
/// citation without a container, is the container's. The citation with that run relabelled,
/// or `None` when there is nothing to change.
fn second_title_as_container(text: &str, c: &TaggedCitation) -> Option<TaggedCitation> {
    if c.has(Label::ContainerTitle) {
        return None;
    }
    let titles: Vec<usize> = c
        .runs
        .iter()
        .enumerate()
        .filter(|(_, (l, _))| *l == Label::Title)
        .map(|(i, _)| i)
        .collect();
    let (&first, &second) = (titles.first()?, titles.get(1)?);
    let editors_between = c.runs[first..second]
        .iter()
        .any(|(l, _)| *l == Label::Editor);
    let run = &text[c.runs[second].1.clone()];
    let after_in = ["in ", "In ", "in: ", "In: ", "dans "]
        .iter()
        .any(|m| run.starts_with(m));
    (editors_between || after_in).then(|| {
        let mut fixed = c.clone();
        fixed.runs[second].0 = Label::ContainerTitle;
        fixed
    })
}

/// `Journal Title, 31(12):2023–2048`: the volume, issue and pages of an article written as one
/// word are split into their runs; when the citation has no container, the last sentence of
/// its title before them is the journal. The citation so relabelled, or `None`.
fn compact_volume_and_pages(text: &str, c: &TaggedCitation) -> Option<TaggedCitation> {
    if c.has(Label::Volume) || c.has(Label::Page) {
        return None;
    }
    // the last word of a run: the labeller may have read it with the title
    let last_word = |r: &Range<usize>| {
        let run = text[r.clone()].trim_end();
        let start = run.rfind(' ').map_or(0, |i| i + 1);
        r.start + start..r.start + run.len()
    };
    let (at, parts) = c.runs.iter().enumerate().find_map(|(i, (label, r))| {
        let candidate = matches!(
            label,
            Label::Number | Label::Locator | Label::Title | Label::Note
        );
        candidate
            .then(|| compact_parts(text, last_word(r)))
            .flatten()
            .map(|p| (i, p))
    })?;
    let mut fixed = c.clone();
    let (volume, issue, pages) = parts;
    let (label, whole) = fixed.runs[at].clone();
    let rest = whole.start..volume.start;
    let kept = usize::from(!text[rest.clone()].trim().is_empty());
    let mut runs = Vec::new();
    if kept == 1 {
        runs.push((label, rest));
    }
    runs.push((Label::Volume, volume));
    runs.extend(issue.map(|r| (Label::Issue, r)));
    runs.push((Label::Page, pages));
    fixed.runs.splice(at..=at, runs);
    if !c.has(Label::ContainerTitle)
        && let Some(t) = fixed.runs[..at + kept]
            .iter()
            .rposition(|(l, _)| *l == Label::Title)
    {
        let r = fixed.runs[t].1.clone();
        let title = text[r.clone()].trim_end_matches([' ', ',']);
        if let Some(i) = title.trim_end_matches('.').rfind(". ")
            && title[i + 2..].starts_with(char::is_uppercase)
        {
            let split = r.start + i + 1;
            fixed.runs[t].1 = r.start..split;
            fixed
                .runs
                .insert(t + 1, (Label::ContainerTitle, split + 1..r.end));
        }
    }
    Some(fixed)
}

/// `31(12):2023–2048.` → the ranges of `31`, `12` and `2023–2048`.
#[allow(clippy::type_complexity)]
fn compact_parts(
    text: &str,
    r: Range<usize>,
) -> Option<(Range<usize>, Option<Range<usize>>, Range<usize>)> {
    let word = &text[r.clone()];
    let word = word.trim_end_matches(['.', ',', ';']);
    let (head, pages) = word.split_once(':')?;
    let pages_ok = !pages.is_empty()
        && pages.starts_with(|c: char| c.is_ascii_digit())
        && pages
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "–-".contains(c));
    let (volume, issue) = match head.split_once('(') {
        Some((v, i)) => (v, Some(i.strip_suffix(')')?)),
        None => (head, None),
    };
    let volume_ok = !volume.is_empty() && volume.chars().all(|c| c.is_ascii_digit());
    let issue_ok =
        issue.is_none_or(|i| !i.is_empty() && i.chars().all(|c| c.is_alphanumeric() || c == '/'));
    if !(pages_ok && volume_ok && issue_ok) {
        return None;
    }
    let start = r.start + (text[r.clone()].len() - text[r.clone()].trim_start().len());
    let v = start..start + volume.len();
    let i = issue.map(|i| v.end + 1..v.end + 1 + i.len());
    let p_start = start + head.len() + 1;
    Some((v, i, p_start..p_start + pages.len()))
}

/// Whether a list of names is dashes and no letter (`———`, `–––––`).
fn dashes_only(names: &[crate::model::Name]) -> bool {
    let written = |n: &crate::model::Name| {
        [&n.literal, &n.family, &n.given]
            .into_iter()
            .flatten()
            .flat_map(|s| s.chars())
            .collect::<String>()
    };
    !names.is_empty()
        && names
            .iter()
            .all(|n| !written(n).chars().any(char::is_alphanumeric))
}

/// `18(3)` read as a volume (or as an issue) is volume 18, issue 3.
fn split_volume_issue(item: &mut Reference) {
    if item.volume.is_none() && item.issue.as_ref().is_some_and(|i| i.value.contains('(')) {
        item.volume = item.issue.take();
    }
    // `ETL 64 (1988)`: a year read as the issue is the date
    if let Some(year) = item.issue.as_ref().and_then(|i| as_year(&i.value)) {
        item.issued
            .get_or_insert_with(|| crate::model::Date::from_year(year));
        item.issue = None;
    }
    let Some(v) = item.volume.clone() else {
        return;
    };
    // `2010; 20(5)`, `Mar 18;29(11)`: the date before the volume (Vancouver)
    let value = match v.value.rsplit_once(';') {
        Some((date, volume)) if date.chars().any(|c| c.is_ascii_digit()) => {
            if item.issued.is_none() {
                item.issued = values::date_value(date);
            }
            volume.trim()
        }
        _ => v.value.as_str(),
    };
    let number = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '-');
    let (volume, issue) = match value.split_once('(') {
        Some((volume, rest)) => (volume.trim(), Some(rest.trim_end_matches(')'))),
        None => (value, None),
    };
    // `54, R17292-R17295`, `128, agosto`: the volume, then what the next field should hold
    let (volume, after) = match volume.split_once(", ") {
        Some((volume, after)) if number(volume) => (volume, Some(after.trim())),
        _ => (volume, None),
    };
    if let Some(pages) = after
        && item.page.is_none()
        && pages.contains(['-', '–'])
    {
        item.page = Some(Field::new(pages, v.span));
    }
    match issue {
        // `ETL 64 (1988)`: the year in brackets is the date
        Some(year) if as_year(year).is_some() => {
            item.issued = item.issued.take().or_else(|| values::date_value(year));
        }
        Some(issue) if number(volume) && number(issue) && item.issue.is_none() => {
            item.issue = Some(Field::new(issue, v.span));
        }
        Some(_) => return,
        None => {}
    }
    item.volume = Some(Field::new(volume, v.span));
}

/// `Paris, Ellipse` read as the place is the place and the publisher; `Gentleman. New York`
/// is the place after the sentence the labeller read with it.
fn place_and_publisher(item: &mut Reference) {
    let Some(place) = item.publisher_place.clone() else {
        return;
    };
    let value = place.value.as_str();
    if let Some((before, after)) = value.rsplit_once(". ")
        && !before.is_empty()
        && tables::is_place(after)
        && !tables::is_place(value)
    {
        item.publisher_place = Some(Field::new(after, place.span));
        return;
    }
    if item.publisher.is_none()
        && let Some((city, rest)) = value.split_once(", ")
        && tables::is_place(city)
        && !tables::is_place(rest)
        && !tables::is_place_region(rest)
        && rest.starts_with(char::is_uppercase)
    {
        item.publisher = Some(Field::new(rest, place.span));
        item.publisher_place = Some(Field::new(city, place.span));
    }
}

/// A year alone (`1988`, `(1988)`).
fn as_year(s: &str) -> Option<i32> {
    let t = s.trim_matches(['(', ')', ' ', '.', ',']);
    (t.len() == 4)
        .then(|| t.parse::<i32>().ok())
        .flatten()
        .filter(|y| (1500..=2100).contains(y))
}

/// `Journal 213, 89-107`, `Zeitschrift 4/5, 48-53`, `Book 3 (pp. 167-193)`: a number before
/// the pages of a work in a container, read with them, is the volume.
fn volume_before_pages(item: &mut Reference) {
    let (Some(p), None, Some(_)) = (&item.page, &item.volume, &item.container_title) else {
        return;
    };
    let split = p
        .value
        .split_once(", ")
        .or_else(|| p.value.split_once(" ("))
        .map(|(v, rest)| (v.trim(), rest.trim_start_matches(['(', ' '])));
    let Some((volume, pages)) = split else {
        return;
    };
    let number = |s: &str| {
        !s.is_empty() && s.len() <= 6 && s.chars().all(|c| c.is_ascii_digit() || c == '/')
    };
    let pages = pages
        .trim_start_matches("pp.")
        .trim_start_matches("p.")
        .trim();
    let range = pages.contains(['-', '–']) && pages.starts_with(|c: char| c.is_alphanumeric());
    if number(volume) && range {
        let span = p.span;
        item.volume = Some(Field::new(volume, span));
        item.page = Some(Field::new(pages, span));
    }
}

/// A byte range as a span.
fn span(r: &Range<usize>) -> Span {
    Span::new(r.start, r.end)
}

/// `coll. « Quadrige »` → `« Quadrige »`.
fn strip_series_marker(s: &str) -> &str {
    let t = s.trim_start_matches(['(', ' ']);
    for m in tables::SERIES_MARKERS {
        if let Some(rest) = t.strip_prefix(m)
            && rest.starts_with([' ', '.'])
        {
            return rest.trim_start_matches(['.', ' ']);
        }
    }
    s
}

/// How the citation refers to its work, and whether its container is a back-reference
/// (`'Title' in id., p. 97`, `in: Müller/Schmidt (Fn. 3)`).
fn kind_of(
    text: &str,
    c: &TaggedCitation,
    item: &Reference,
    note_ref: Option<u32>,
) -> (CitationKind, bool) {
    let backref = c.first(Label::Backref).map(|r| &text[r]);
    let title_at = c.position(Label::Title);
    // a back-reference or note reference after the title and `in` stands for the container
    let container_ref = title_at.is_some_and(|t| {
        [Label::Backref, Label::NoteRef]
            .iter()
            .filter_map(|&l| c.position(l))
            .any(|p| p > t && in_between(text, c, t, p))
            && !c.has(Label::ContainerTitle)
    }) && (backref.is_some_and(|b| backref_kind(b) != CitationKind::LocCit)
        || note_ref.is_some());
    if container_ref {
        return (CitationKind::Full, true);
    }
    // `a.a.O. (Anm. 3)`, `Baker, op. cit., n. 7`: the work of that note
    if note_ref.is_some() && backref.is_none_or(|b| backref_kind(b) != CitationKind::Ibid) {
        return (CitationKind::Supra, false);
    }
    if let Some(b) = backref {
        let kind = backref_kind(b);
        // `ders., Titel`: the same author, another work
        if matches!(kind, CitationKind::Ibid | CitationKind::Idem)
            && item.title.is_some()
            && c.position(Label::Backref) < title_at
        {
            return (CitationKind::Idem, false);
        }
        if kind == CitationKind::Idem && item.title.is_none() {
            return (CitationKind::Ibid, false);
        }
        return (kind, false);
    }
    if note_ref.is_some() {
        return (CitationKind::Supra, false);
    }
    (
        if is_short(item) {
            CitationKind::Short
        } else {
            CitationKind::Full
        },
        false,
    )
}

/// Whether a container marker (`in`, `In:`, `dans`) comes after run `from` of `c` (or is its
/// last word) and by the end of run `to` (which may hold it: `in id.`).
fn in_between(text: &str, c: &TaggedCitation, from: usize, to: usize) -> bool {
    let last_word = text[c.runs[from].1.clone()].trim_end().rfind(' ');
    let start = c.runs[from].1.start + last_word.map_or(0, |i| i + 1);
    let end = c.runs[to].1.end;
    let Some(between) = text.get(start..end) else {
        return false;
    };
    between
        .split(|ch: char| ch.is_whitespace() || ",;".contains(ch))
        .any(|w| tables::CONTAINER_MARKERS.contains(&w))
}

/// The kind of a back-reference word.
fn backref_kind(word: &str) -> CitationKind {
    let w = word.trim();
    if let Some((kind, _)) = super::fields::backref_at(w, 0) {
        return kind;
    }
    if super::fields::starts_with_word(w, tables::IDEM).is_some() {
        return CitationKind::Idem;
    }
    let lower = w.to_lowercase();
    if lower.starts_with("supra") || lower.starts_with("above") || lower.starts_with("oben") {
        return CitationKind::Supra;
    }
    if lower.contains("cit") || lower.contains("a.a.o") || lower.starts_with("aao") {
        return CitationKind::OpCit;
    }
    CitationKind::Ibid
}

/// A short form: a name or a title and a locator, no facts of publication.
fn is_short(item: &Reference) -> bool {
    let facts = [
        item.container_title.is_some(),
        item.publisher.is_some(),
        item.publisher_place.is_some(),
        item.issued.is_some(),
        item.volume.is_some(),
        item.number.is_some(),
        item.url.is_some(),
        item.doi.is_some(),
        item.edition.is_some(),
        item.page.is_some(),
    ];
    !facts.contains(&true) && (!item.author.is_empty() || item.title.is_some())
}

/// `Chevron, 467 U.S. at 843`, `Cortez, 2011 BYU L. Rev. at 1375`: a report or journal cited
/// at a pin-point (`at`) with neither a date nor a first page is a short form.
fn is_pinpoint_short(text: &str, item: &Reference, locator: Option<&Range<usize>>) -> bool {
    item.issued.is_none()
        && item.page.is_none()
        && item.volume.is_some()
        && item.container_title.is_some()
        && (item.title.is_some() || !item.author.is_empty())
        && locator.is_some_and(|r| text[r.clone()].trim_start().starts_with("at "))
}

/// `2011 BYU L. Rev. 1371`, `NJW 1983, 212`: a year where the volume goes, and no other date,
/// is the date.
fn year_as_volume(item: &mut Reference) {
    let Some(v) = item.volume.as_ref() else {
        return;
    };
    let year = v
        .value
        .parse::<i32>()
        .ok()
        .filter(|y| (1700..=2100).contains(y));
    if let (Some(y), None, Some(_)) = (year, &item.issued, &item.container_title) {
        let mut date = crate::model::Date::from_year(y);
        date.span = v.span;
        item.issued = Some(date);
        item.volume = None;
    }
}

/// `Donoghue v Stevenson [1932] AC 562 (HL)`, `717 F.3d 947 (D.C. Cir. 2013)`: names read
/// after a case's name are its court, kept as a note, not its authors.
fn courts_after_the_name(text: &str, item: &mut Reference, c: &TaggedCitation) {
    let Some(title_at) = c.position(Label::Title) else {
        return;
    };
    if let Some(at) = c.position(Label::Authority)
        && at > title_at
        && item.note.is_none()
    {
        let r = c.runs[at].1.clone();
        let court = values::text_value(&text[r.clone()], false);
        item.note = (!court.is_empty()).then(|| Field::new(court, Some(span(&r))));
    }
    for (label, names) in [
        (Label::Author, &mut item.author),
        (Label::Editor, &mut item.editor),
    ] {
        let after = c.position(label).is_some_and(|p| p > title_at);
        if after && !names.is_empty() && item.note.is_none() {
            let court: Vec<String> = names
                .iter()
                .filter_map(|n| n.literal.clone().or_else(|| n.family.clone()))
                .collect();
            let span = names.first().and_then(|n| n.span);
            item.note = Some(Field::new(court.join(", "), span));
        }
        if after {
            names.clear();
        }
    }
}

/// The text of a code section, `5 U.S.C. § 553`: from the volume to the end of the locator.
fn code_section(text: &str, c: &TaggedCitation) -> Option<Field> {
    let start = c
        .first(Label::Volume)
        .or_else(|| c.first(Label::ContainerTitle))?;
    let end = c
        .first(Label::Locator)
        .or_else(|| c.first(Label::ContainerTitle))?;
    let value = values::text_value(text.get(start.start..end.end)?, false);
    (!value.is_empty()).then(|| Field::new(value, Some(Span::new(start.start, end.end))))
}

/// `Human Rights Act 1998`, `Family Law Act 1975 (Cth)`, `Loi n° 2004-228`: the title of an
/// act, a word of acts and a year or a number.
fn is_statute_title(title: &str) -> bool {
    let words: Vec<&str> = title.split_whitespace().collect();
    let act = words.iter().any(|w| tables::LEGISLATION_WORDS.contains(w));
    let dated = words
        .iter()
        .any(|w| w.trim_matches(|c: char| !c.is_ascii_digit()).len() >= 4);
    act && dated && !crate::cite::bluebook::is_case_name(title)
}

/// Whether a container is a code or register of US law (`U.S.C.`, `Fed. Reg.`).
fn is_code(container: &str) -> bool {
    let c = container.trim_end_matches('.');
    tables::US_CODES
        .iter()
        .any(|k| k.trim_end_matches('.') == c)
}

/// The CSL type from the fields there are.
fn item_type(item: &Reference, c: &TaggedCitation) -> ItemType {
    let genre = item
        .genre
        .as_ref()
        .map(|g| g.value.to_lowercase())
        .unwrap_or_default();
    if genre.contains("thesis")
        || genre.contains("diss")
        || genre.contains("thèse")
        || genre.contains("tesi")
    {
        return ItemType::Thesis;
    }
    if c.has(Label::Authority) && item.container_title.is_some() {
        return ItemType::LegalCase;
    }
    let container = item.container_title.as_ref().map(|f| f.value.as_str());
    let statute = item.author.is_empty()
        && item
            .title
            .as_ref()
            .is_some_and(|t| is_statute_title(&t.value));
    if container.is_some_and(is_code) || statute {
        return ItemType::Legislation;
    }
    let reported = container.is_some() || item.volume.is_some() || item.page.is_some();
    if reported
        && item.author.is_empty()
        && item
            .title
            .as_ref()
            .is_some_and(|t| crate::cite::bluebook::is_case_name(&t.value))
    {
        return ItemType::LegalCase;
    }
    if item.event_title.is_some() {
        return ItemType::PaperConference;
    }
    if item.container_title.is_some() {
        let book =
            !item.editor.is_empty() || item.publisher.is_some() || item.publisher_place.is_some();
        if book {
            return ItemType::Chapter;
        }
        return ItemType::ArticleJournal;
    }
    if !genre.is_empty() || item.number.is_some() {
        return ItemType::Report;
    }
    if item.url.is_some() && item.publisher.is_none() && item.issued.is_none() {
        return ItemType::Webpage;
    }
    if item.publisher.is_some() || item.publisher_place.is_some() || item.edition.is_some() {
        return ItemType::Book;
    }
    if item.title.is_some() && !item.editor.is_empty() && item.author.is_empty() {
        return ItemType::Book;
    }
    ItemType::Document
}
