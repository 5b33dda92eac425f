//! Our model as hayagriva entries: a [`Reference`] becomes a [`hayagriva::Entry`], its
//! container a parent entry (the book of a chapter, the journal of an article, the proceedings
//! of a paper), its series a parent of the book, its event a parent conference.
//!
//! hayagriva's YAML is written from these entries, and its CSL processor formats them.

use crate::error::Error;
use crate::model::{Date, Document, Field, ItemType, Name, Reference};
use hayagriva::types::{
    EntryType, FormatString, MaybeTyped, Numeric, PageRanges, Person, PersonRole, PersonsWithRoles,
    Publisher, QualifiedUrl,
};
use hayagriva::{Entry, Library};
use std::str::FromStr;

/// Where the parts of a work go: the entry type of the work and of its container.
struct Shape {
    /// The entry type of the work itself.
    own: EntryType,
    /// The entry type of its container, when it has one (or always needs one).
    container: Option<EntryType>,
    /// Whether the work needs its container even without a container title (hayagriva tells a
    /// conference paper by its proceedings parent).
    container_always: bool,
}

fn shape(item_type: ItemType) -> Shape {
    use EntryType as E;
    let (own, container, container_always) = match item_type {
        ItemType::ArticleJournal | ItemType::ArticleMagazine | ItemType::Article => {
            (E::Article, Some(E::Periodical), false)
        }
        ItemType::ArticleNewspaper => (E::Article, Some(E::Newspaper), false),
        ItemType::Chapter => (E::Chapter, Some(E::Anthology), true),
        ItemType::PaperConference => (E::Article, Some(E::Proceedings), true),
        ItemType::Book => (E::Book, None, false),
        ItemType::Report => (E::Report, Some(E::Book), false),
        ItemType::Thesis => (E::Thesis, None, false),
        ItemType::Webpage => (E::Web, Some(E::Web), false),
        ItemType::Manuscript => (E::Manuscript, None, false),
        ItemType::LegalCase => (E::Case, Some(E::Book), false),
        ItemType::Legislation => (E::Legislation, None, false),
        ItemType::Document => (E::Misc, None, false),
    };
    Shape {
        own,
        container,
        container_always,
    }
}

/// Whether entries of this type hold a publisher, editors and a series (a book-like volume).
fn is_volume(entry_type: &EntryType) -> bool {
    matches!(
        entry_type,
        EntryType::Book | EntryType::Anthology | EntryType::Proceedings
    )
}

fn text(field: &Field) -> FormatString {
    FormatString::with_value(field.value.as_str())
}

/// A title with its short form for short notes: the main title, without its subtitle.
fn title(field: &Field) -> FormatString {
    let mut title = text(field);
    let full = field.value.trim();
    let main = full
        .find([':', '.', '?', '!'])
        .map(|end| {
            let mark = &full[end..end + 1];
            let keep = if mark == "?" || mark == "!" { mark } else { "" };
            format!("{}{keep}", full[..end].trim_end())
        })
        .filter(|main| main.len() < full.len() && main.split_whitespace().count() > 1);
    if let Some(main) = main {
        title.short = Some(Box::new(FormatString::with_value(main).value));
    }
    title
}

fn numeric(field: &Field) -> MaybeTyped<Numeric> {
    let Ok(value) = MaybeTyped::from_str(field.value.trim());
    value
}

fn person(name: &Name) -> Person {
    if let Some(literal) = &name.literal {
        return Person {
            name: literal.split_whitespace().collect::<Vec<_>>().join(" "),
            given_name: None,
            prefix: None,
            suffix: None,
            comma_suffix: false,
            alias: None,
        };
    }
    // hayagriva keeps a non-dropping particle in the family name and calls the dropping one
    // the prefix.
    let family = [
        name.non_dropping_particle.as_deref(),
        name.family.as_deref(),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" ");
    Person {
        name: family,
        given_name: name.given.clone(),
        prefix: name.dropping_particle.clone(),
        suffix: name.suffix.clone(),
        comma_suffix: false,
        alias: None,
    }
}

fn persons(names: &[Name]) -> Vec<Person> {
    names.iter().map(person).collect()
}

/// The date, when it has a year; hayagriva counts months and days from 0.
fn date(date: &Date) -> Option<hayagriva::types::Date> {
    let year = *date.parts.first()?;
    let part = |i: usize, max: i32| {
        date.parts
            .get(i)
            .filter(|v| (1..=max).contains(*v))
            .and_then(|v| u8::try_from(v - 1).ok())
    };
    let month = part(1, 12);
    Some(hayagriva::types::Date {
        year,
        month,
        day: month.and(part(2, 31)),
        approximate: false,
        season: date
            .season
            .and_then(|s| hayagriva::citationberg::taxonomy::Season::try_from_csl_number(s).ok()),
    })
}

/// The URL, repaired when it was written `http//:host` or `www.host`.
fn url(value: &str) -> Option<QualifiedUrl> {
    let value = value.trim();
    let repaired = if let Some(rest) = value.strip_prefix("http//:") {
        format!("http://{rest}")
    } else if value.starts_with("www.") {
        format!("http://{value}")
    } else {
        value.to_string()
    };
    QualifiedUrl::from_str(&repaired).ok()
}

/// The hayagriva entry of a reference. Every variable of the reference lands somewhere: what
/// hayagriva has no place for (a date without a year, a URL it cannot read) joins the note.
pub fn to_entry(reference: &Reference) -> Entry {
    let shape = shape(reference.item_type);
    let mut entry = Entry::new(&reference.id, shape.own);
    let mut container = shape
        .container
        .filter(|_| shape.container_always || reference.container_title.is_some())
        .map(|kind| Entry::new(&reference.id, kind));
    // The volume that holds a publisher, editors and a series: the book of a chapter, or the
    // book itself.
    let volume_is_container = container
        .as_ref()
        .is_some_and(|c| is_volume(c.entry_type()));
    let mut extra = Vec::new();

    if let Some(field) = &reference.title {
        entry.set_title(title(field));
    }
    if !reference.author.is_empty() {
        entry.set_authors(persons(&reference.author));
    }
    if let Some(issued) = &reference.issued {
        match date(issued) {
            Some(d) => entry.set_date(d),
            None => extra.extend(issued.raw.clone()),
        }
    }
    if !reference.translator.is_empty() {
        entry.set_affiliated(vec![PersonsWithRoles {
            names: persons(&reference.translator),
            role: PersonRole::Translator,
        }]);
    }
    if let Some(page) = &reference.page {
        let Ok(pages) = MaybeTyped::<PageRanges>::from_str(page.value.trim());
        entry.set_page_range(pages);
    }
    if let Some(genre) = &reference.genre {
        entry.set_genre(text(genre));
    }
    if let Some(number) = &reference.number {
        entry.set_keyed_serial_number("serial", number.value.clone());
    }
    if let Some(doi) = &reference.doi {
        entry.set_doi(doi.value.clone());
    }
    if let Some(isbn) = &reference.isbn {
        entry.set_isbn(isbn.value.clone());
    }
    if let Some(language) = reference.language
        && let Ok(id) = language.tag().parse::<unic_langid::LanguageIdentifier>()
    {
        entry.set_language(id);
    }
    if let Some(link) = &reference.url {
        match url(&link.value) {
            Some(u) => entry.set_url(u),
            None => extra.push(link.value.clone()),
        }
    }

    // The parts that belong to the volume when the work sits in one.
    let holder = match container.as_mut() {
        Some(c) => {
            if let Some(field) = &reference.container_title {
                c.set_title(title(field));
            }
            c
        }
        None => &mut entry,
    };
    if let Some(volume) = &reference.volume {
        holder.set_volume(numeric(volume));
    }
    if let Some(issue) = &reference.issue {
        holder.set_issue(numeric(issue));
    }
    let volume_holder = if volume_is_container {
        holder
    } else {
        &mut entry
    };
    if !reference.editor.is_empty() {
        volume_holder.set_editors(persons(&reference.editor));
    }
    if let Some(edition) = &reference.edition {
        volume_holder.set_edition(numeric(edition));
    }
    if reference.publisher.is_some() || reference.publisher_place.is_some() {
        volume_holder.set_publisher(Publisher::new(
            reference.publisher.as_ref().map(text),
            reference.publisher_place.as_ref().map(text),
        ));
    }
    if let Some(series) = series(reference, *volume_holder.entry_type()) {
        let mut parents = volume_holder.parents().to_vec();
        parents.push(series);
        volume_holder.set_parents(parents);
    }

    if let Some(note) = &reference.note {
        extra.insert(0, note.value.clone());
    }
    if !extra.is_empty() {
        entry.set_note(FormatString::with_value(extra.join("; ")));
    }

    let mut parents = Vec::new();
    parents.extend(container);
    parents.extend(event(reference, &entry));
    if !parents.is_empty() {
        entry.set_parents(parents);
    }
    entry
}

/// The series as a parent of the volume that belongs to it, of the volume's own type, with its
/// number as the volume (hayagriva's `collection-number`). hayagriva finds the series of a
/// report (or any work that is not a volume) only through a volume without a title between them.
fn series(reference: &Reference, holder: EntryType) -> Option<Entry> {
    let title = reference.collection_title.as_ref()?;
    let kind = if is_volume(&holder) {
        holder
    } else {
        EntryType::Book
    };
    let mut series = Entry::new(&reference.id, kind);
    series.set_title(text(title));
    if let Some(number) = &reference.collection_number {
        series.set_volume(numeric(number));
    }
    if is_volume(&holder) {
        return Some(series);
    }
    let mut between = Entry::new(&reference.id, kind);
    between.set_parents(vec![series]);
    Some(between)
}

/// The event (a conference, a meeting) as a parent. An article's container is looked up among
/// its parents before a conference, so an article's event is a `misc` parent.
fn event(reference: &Reference, entry: &Entry) -> Option<Entry> {
    if reference.event_title.is_none() && reference.event_place.is_none() {
        return None;
    }
    let kind = if entry.entry_type() == &EntryType::Article
        && reference.item_type != ItemType::PaperConference
    {
        EntryType::Misc
    } else {
        EntryType::Conference
    };
    let mut event = Entry::new(&reference.id, kind);
    if let Some(title) = &reference.event_title {
        event.set_title(text(title));
    }
    if let Some(place) = &reference.event_place {
        event.set_location(text(place));
    }
    Some(event)
}

/// The references as a hayagriva library, in the document's order.
pub fn to_library(document: &Document) -> Library {
    document.references.iter().map(to_entry).collect()
}

/// The references as hayagriva's YAML.
pub fn to_yaml_string(document: &Document) -> Result<String, Error> {
    hayagriva::io::to_yaml_str(&to_library(document)).map_err(|e| Error::Write {
        format: "yaml".to_string(),
        message: e.to_string(),
    })
}
