//! RIS records, written by hand (one `TAG  - value` a line, `ER  - ` closing each record).
//!
//! Tags: `TY` (type), `AU` authors, `ED` editors (`A2` for the editors of the book or journal
//! a chapter, paper or article is in), `A4` translators, `TI`, `T2` (book, journal or
//! conference), `T3` series (with its number), `PY` year and `DA` date (`YYYY/MM/DD/`), `VL`,
//! `IS`, `SP`/`EP`, `ET`, `PB`, `CY`, `M1` number, `M3` genre, `SN` ISBN, `LA` language, `DO`, `UR`, and
//! `N1` for the note and whatever fits no tag (the event and its place when the paper has a
//! book of its own, a season). Names are `Family, Given, Suffix`; organisations as written.

use crate::model::{Document, Field, ItemType, Name, Reference};
use std::fmt::Write;

/// The RIS type of each item type.
const RIS_TYPES: [(ItemType, &str); 14] = [
    (ItemType::ArticleJournal, "JOUR"),
    (ItemType::ArticleMagazine, "MGZN"),
    (ItemType::ArticleNewspaper, "NEWS"),
    (ItemType::Article, "GEN"),
    (ItemType::Book, "BOOK"),
    (ItemType::Chapter, "CHAP"),
    (ItemType::PaperConference, "CPAPER"),
    (ItemType::Report, "RPRT"),
    (ItemType::Thesis, "THES"),
    (ItemType::Webpage, "ELEC"),
    (ItemType::Manuscript, "UNPD"),
    (ItemType::LegalCase, "CASE"),
    (ItemType::Legislation, "STAT"),
    (ItemType::Document, "GEN"),
];

/// The references as RIS records, in bibliography order.
pub fn to_ris_string(document: &Document) -> String {
    let mut out = String::new();
    for (i, reference) in document.references.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        write_record(&mut out, reference);
    }
    out
}

fn tag(out: &mut String, tag: &str, value: &str) {
    // A value is one line: line breaks inside it become spaces.
    let value = value.split_whitespace().collect::<Vec<_>>().join(" ");
    if !value.is_empty() {
        let _ = writeln!(out, "{tag}  - {value}");
    }
}

fn field(out: &mut String, name: &str, value: &Option<Field>) {
    if let Some(f) = value {
        tag(out, name, &f.value);
    }
}

fn name(n: &Name) -> String {
    if let Some(literal) = &n.literal {
        return literal.clone();
    }
    let family: Vec<&str> = [&n.dropping_particle, &n.non_dropping_particle, &n.family]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let family = family.join(" ");
    match (&n.given, &n.suffix) {
        (Some(given), _) if family.is_empty() => given.clone(),
        (Some(given), Some(suffix)) => format!("{family}, {given}, {suffix}"),
        (Some(given), None) => format!("{family}, {given}"),
        (None, Some(suffix)) => format!("{family}, , {suffix}"),
        (None, None) => family,
    }
}

fn names(out: &mut String, name_tag: &str, list: &[Name]) {
    for n in list {
        tag(out, name_tag, &name(n));
    }
}

fn write_record(out: &mut String, r: &Reference) {
    let ty = RIS_TYPES
        .iter()
        .find(|(t, _)| *t == r.item_type)
        .map_or("GEN", |(_, code)| code);
    tag(out, "TY", ty);
    let mut notes: Vec<String> = r.note.iter().map(|n| n.value.clone()).collect();
    names(out, "AU", &r.author);
    // The editors of a part's container are secondary authors; a book's are its editors.
    let in_container = matches!(
        r.item_type,
        ItemType::Chapter
            | ItemType::PaperConference
            | ItemType::ArticleJournal
            | ItemType::ArticleMagazine
            | ItemType::ArticleNewspaper
    );
    names(out, if in_container { "A2" } else { "ED" }, &r.editor);
    names(out, "A4", &r.translator);
    field(out, "TI", &r.title);
    match (&r.container_title, &r.event_title) {
        (Some(container), Some(event)) => {
            tag(out, "T2", &container.value);
            notes.push(format!("Event: {}", event.value));
        }
        (container, event) => field(out, "T2", &container.clone().or(event.clone())),
    }
    match (&r.collection_title, &r.collection_number) {
        (Some(series), Some(n)) => tag(out, "T3", &format!("{}, {}", series.value, n.value)),
        (series, None) => field(out, "T3", series),
        (None, Some(n)) => notes.push(format!("No. {} in its series", n.value)),
    }
    if let Some(date) = &r.issued {
        write_date(out, date, &mut notes);
    }
    field(out, "VL", &r.volume);
    field(out, "IS", &r.issue);
    if let Some(page) = &r.page {
        let (start, end) = split_range(&page.value);
        tag(out, "SP", start);
        tag(out, "EP", end);
    }
    field(out, "ET", &r.edition);
    field(out, "PB", &r.publisher);
    match (&r.publisher_place, &r.event_place) {
        (Some(place), Some(event_place)) => {
            tag(out, "CY", &place.value);
            notes.push(format!("Event place: {}", event_place.value));
        }
        (place, event_place) => field(out, "CY", &place.clone().or(event_place.clone())),
    }
    field(out, "M1", &r.number);
    field(out, "M3", &r.genre);
    field(out, "SN", &r.isbn);
    if let Some(language) = r.language {
        tag(out, "LA", language.tag());
    }
    field(out, "DO", &r.doi);
    field(out, "UR", &r.url);
    for note in &notes {
        tag(out, "N1", note);
    }
    out.push_str("ER  - \n");
}

/// `PY` the year, `DA` the whole date as `YYYY/MM/DD/` with a season after the last slash.
fn write_date(out: &mut String, date: &crate::model::Date, notes: &mut Vec<String>) {
    let season = date.season.and_then(super::season_name);
    let Some(year) = date.parts.first() else {
        notes.extend(date.raw.clone());
        return;
    };
    tag(out, "PY", &format!("{year:04}"));
    if date.parts.len() > 1 || season.is_some() {
        let mut da = format!("{year:04}/");
        for part in &date.parts[1..] {
            let _ = write!(da, "{part:02}/");
        }
        for _ in date.parts.len()..3 {
            da.push('/');
        }
        da.push_str(season.unwrap_or_default());
        tag(out, "DA", &da);
    }
}

/// The two ends of a page range (`37-73`, `80–1`); the end is empty for a single page.
fn split_range(page: &str) -> (&str, &str) {
    match page.split_once(['-', '\u{2013}', '\u{2014}']) {
        Some((start, end)) => (
            start.trim(),
            end.trim_start_matches(['-', '\u{2013}']).trim(),
        ),
        None => (page.trim(), ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_family_given_suffix() {
        let n = Name {
            family: Some("Koppenfels".into()),
            non_dropping_particle: Some("von".into()),
            given: Some("Amanda".into()),
            suffix: Some("Jr.".into()),
            ..Name::default()
        };
        assert_eq!(name(&n), "von Koppenfels, Amanda, Jr.");
        let org = Name {
            literal: Some("IOM".into()),
            ..Name::default()
        };
        assert_eq!(name(&org), "IOM");
    }

    #[test]
    fn page_ranges_split() {
        assert_eq!(split_range("37-73"), ("37", "73"));
        assert_eq!(split_range("80–1"), ("80", "1"));
        assert_eq!(split_range("12--15"), ("12", "15"));
        assert_eq!(split_range("5"), ("5", ""));
    }
}
