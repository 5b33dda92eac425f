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

/// `18(3)` read as a volume is volume 18, issue 3.
fn split_volume_issue(item: &mut Reference) {
    let Some(v) = item.volume.as_ref() else {
        return;
    };
    let Some((volume, rest)) = v.value.split_once('(') else {
        return;
    };
    let issue = rest.trim_end_matches(')');
    let plain = |s: &str| !s.is_empty() && s.chars().all(|c| c.is_alphanumeric() || c == '-');
    if plain(volume.trim()) && plain(issue) && item.issue.is_none() {
        let span = v.span;
        item.issue = Some(Field::new(issue, span));
        item.volume = Some(Field::new(volume.trim(), span));
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

/// Whether a container marker (`in`, `In:`, `dans`) opens the text between the end of run
/// `from` and the start of run `to` of `c`.
fn in_between(text: &str, c: &TaggedCitation, from: usize, to: usize) -> bool {
    let (start, end) = (c.runs[from].1.end, c.runs[to].1.start);
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
