//! BibTeX and BibLaTeX: each reference becomes a `biblatex::Entry` (the crate's entry types and
//! their BibTeX fallbacks), written out by opcit.
//!
//! The values are written here, not by the crate's `to_bibtex_string`: the crate escapes `~`, `^`
//! and `\` as `\~`, `\^` and `\\` (an accent on the next letter, a line break) and cannot write
//! the LaTeX letter commands that classic BibTeX needs to sort and abbreviate `Hocké`.
//!
//! - Entry types: `@book`, `@incollection` (`booktitle`, `editor`), `@article`
//!   (`journaltitle`, BibTeX `journal`), `@report` (BibTeX `@techreport`) with `number` and
//!   `institution`, `@inproceedings`, `@thesis` (`@phdthesis`), `@online` (`@misc`),
//!   `@unpublished`, and `@misc` for press releases, court decisions, statutes and the rest.
//! - BibLaTeX entries keep to biber's default data model (`biber --validate-datamodel` finds
//!   only what the data lacks): a book by its editors alone is a `@collection`; a volume is a
//!   number (`II` → `2`); a field the entry type does not have moves to `howpublished` for a
//!   `@misc` (a court decision's `BVerfGE 65, 1`) and to the note otherwise (a report's
//!   series).
//! - Organisations are written in braces (`{UN Population Division}`) so they are not split
//!   into given and family names; so are family names of several words, and acronyms in titles
//!   (`{IOM}`) so that a style changing the case of a title keeps them.
//! - `& % $ # _` are escaped with a backslash, `~ ^ \` as `\textasciitilde{}`,
//!   `\textasciicircum{}`, `\textbackslash{}` (so `\input{…}` in the input is text, never a
//!   command).
//! - Every value's braces balance, as BibTeX and biber count them (`\{` counts): a brace of the
//!   text with its partner in the same value is written `\{ \}`, one without
//!   `\textbraceleft{}`, `\textbraceright{}`. A line break or tab is a space: every field is
//!   one line, so nothing of a value (`@comment{`) can ever stand where an entry begins.
//! - Keys keep ASCII letters, digits and `- _ : .` only, and are unique without case.
//! - BibLaTeX keeps UTF-8 (biber reads it). BibTeX writes accented Latin letters as LaTeX
//!   commands (`Hock{\'{e}}`), which classic BibTeX needs to sort and to make initials; every
//!   other character stays UTF-8.

use crate::model::{Document, Field, ItemType, Name, Reference};
use biblatex::{Chunk, Chunks, Entry, EntryType, Spanned};
use std::fmt::Write;
use unicode_normalization::UnicodeNormalization;

/// The two dialects.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Flavour {
    Bibtex,
    Biblatex,
}

/// The order fields are written in; every field opcit sets is listed.
const FIELD_ORDER: [&str; 32] = [
    "author",
    "editor",
    "translator",
    "title",
    "booktitle",
    "journaltitle",
    "journal",
    "eventtitle",
    "venue",
    "series",
    "volume",
    "number",
    "issue",
    "pages",
    "edition",
    "type",
    "institution",
    "school",
    "organization",
    "publisher",
    "howpublished",
    "location",
    "address",
    "date",
    "year",
    "month",
    "day",
    "isbn",
    "langid",
    "doi",
    "url",
    "note",
];

/// The fields opcit writes that biber's default data model allows in each BibLaTeX entry
/// type (`biber --validate-datamodel`), besides [`ALL_TYPES_FIELDS`].
const BIBLATEX_FIELDS: [(&str, &[&str]); 11] = [
    (
        "article",
        &[
            "author",
            "editor",
            "translator",
            "title",
            "journaltitle",
            "series",
            "volume",
            "number",
            "issue",
            "pages",
        ],
    ),
    (
        "book",
        &[
            "author",
            "editor",
            "translator",
            "title",
            "series",
            "volume",
            "number",
            "pages",
            "edition",
            "publisher",
            "location",
            "isbn",
        ],
    ),
    (
        "collection",
        &[
            "editor",
            "translator",
            "title",
            "series",
            "volume",
            "number",
            "pages",
            "edition",
            "publisher",
            "location",
            "isbn",
        ],
    ),
    (
        "incollection",
        &[
            "author",
            "editor",
            "translator",
            "title",
            "booktitle",
            "series",
            "volume",
            "number",
            "pages",
            "edition",
            "publisher",
            "location",
            "isbn",
        ],
    ),
    (
        "inproceedings",
        &[
            "author",
            "editor",
            "title",
            "booktitle",
            "eventtitle",
            "venue",
            "series",
            "volume",
            "number",
            "pages",
            "organization",
            "publisher",
            "location",
            "isbn",
        ],
    ),
    (
        "report",
        &[
            "author",
            "title",
            "number",
            "pages",
            "type",
            "institution",
            "location",
        ],
    ),
    (
        "thesis",
        &[
            "author",
            "title",
            "pages",
            "type",
            "institution",
            "location",
        ],
    ),
    ("online", &["author", "editor", "title", "organization"]),
    (
        "unpublished",
        &[
            "author",
            "title",
            "eventtitle",
            "venue",
            "type",
            "howpublished",
            "location",
        ],
    ),
    (
        "misc",
        &[
            "author",
            "editor",
            "title",
            "type",
            "organization",
            "howpublished",
            "location",
        ],
    ),
    // not written by opcit; listed so that no type is left unchecked
    ("proceedings", &["editor", "title", "publisher", "location"]),
];

/// The fields biber's data model allows in every entry type, of those opcit writes.
const ALL_TYPES_FIELDS: [&str; 8] = [
    "date", "year", "month", "day", "doi", "url", "note", "langid",
];

/// What a field moved to the note or to `howpublished` is written after.
const MOVED_LABELS: [(&str, &str); 4] = [
    ("volume", "vol. "),
    ("number", "no. "),
    ("issue", "no. "),
    ("pages", "p. "),
];

/// The fields of a `@misc` that say where it was published (a court decision's reporter,
/// volume and page), moved to its `howpublished`.
const MISC_PUBLISHED: [&str; 7] = [
    "journaltitle",
    "booktitle",
    "series",
    "volume",
    "number",
    "issue",
    "pages",
];

/// The roman digits and their values.
const ROMAN_DIGITS: [(char, u32); 7] = [
    ('I', 1),
    ('V', 5),
    ('X', 10),
    ('L', 50),
    ('C', 100),
    ('D', 500),
    ('M', 1000),
];

/// The roman numerals a number is written with, largest first.
const ROMAN_NUMERALS: [(u32, &str); 13] = [
    (1000, "M"),
    (900, "CM"),
    (500, "D"),
    (400, "CD"),
    (100, "C"),
    (90, "XC"),
    (50, "L"),
    (40, "XL"),
    (10, "X"),
    (9, "IX"),
    (5, "V"),
    (4, "IV"),
    (1, "I"),
];

/// BibTeX's month macros, January first.
const MONTH_MACROS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Combining marks and the LaTeX accent command for each.
const LATEX_ACCENTS: [(char, &str); 14] = [
    ('\u{300}', "`"),
    ('\u{301}', "'"),
    ('\u{302}', "^"),
    ('\u{303}', "~"),
    ('\u{304}', "="),
    ('\u{306}', "u"),
    ('\u{307}', "."),
    ('\u{308}', "\""),
    ('\u{30a}', "r"),
    ('\u{30b}', "H"),
    ('\u{30c}', "v"),
    ('\u{323}', "d"),
    ('\u{327}', "c"),
    ('\u{328}', "k"),
];

/// Letters that LaTeX writes as a command of their own.
const LATEX_LETTERS: [(char, &str); 11] = [
    ('ß', "{\\ss}"),
    ('æ', "{\\ae}"),
    ('Æ', "{\\AE}"),
    ('œ', "{\\oe}"),
    ('Œ', "{\\OE}"),
    ('ø', "{\\o}"),
    ('Ø', "{\\O}"),
    ('ł', "{\\l}"),
    ('Ł', "{\\L}"),
    ('ı', "{\\i}"),
    ('ȷ', "{\\j}"),
];

/// The references as BibTeX entries, keyed by their ids.
pub fn to_bibtex_string(document: &Document) -> String {
    write_all(document, Flavour::Bibtex)
}

/// The references as BibLaTeX entries, keyed by their ids.
pub fn to_biblatex_string(document: &Document) -> String {
    write_all(document, Flavour::Biblatex)
}

fn write_all(document: &Document, flavour: Flavour) -> String {
    let mut out = String::new();
    let keys = safe_keys(document);
    for (i, (reference, key)) in document.references.iter().zip(keys).enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut entry = entry(reference, flavour);
        entry.key = key;
        write_entry(&mut out, &entry, flavour);
    }
    out
}

/// The characters a key keeps: what BibTeX, biber and pandoc all read as part of a key.
fn key_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.')
}

/// The keys of the references: their ids with only [`key_char`]s (opcit makes such ids; a
/// caller may set others), `ref` for an empty one, and a suffix (`-2`) on one taken already.
fn safe_keys(document: &Document) -> Vec<String> {
    let mut taken = std::collections::HashSet::new();
    document
        .references
        .iter()
        .map(|r| {
            let mut base: String = r.id.chars().filter(|&c| key_char(c)).collect();
            if base.is_empty() {
                base = "ref".to_string();
            }
            let mut key = base.clone();
            let mut n = 1;
            // BibTeX compares keys without case
            while !taken.insert(key.to_lowercase()) {
                n += 1;
                key = format!("{base}-{n}");
            }
            key
        })
        .collect()
}

/// The BibLaTeX type of an item type; BibTeX takes the crate's fallback of it.
fn entry_type(item_type: ItemType) -> EntryType {
    match item_type {
        ItemType::ArticleJournal | ItemType::ArticleMagazine | ItemType::ArticleNewspaper => {
            EntryType::Article
        }
        ItemType::Book => EntryType::Book,
        ItemType::Chapter => EntryType::InCollection,
        ItemType::PaperConference => EntryType::InProceedings,
        ItemType::Report => EntryType::Report,
        ItemType::Thesis => EntryType::Thesis,
        ItemType::Webpage => EntryType::Online,
        ItemType::Manuscript => EntryType::Unpublished,
        // Press releases, court decisions, statutes: the standard BibLaTeX styles print
        // @jurisdiction and @legislation as @misc, and the crate writes no such type.
        ItemType::Article | ItemType::LegalCase | ItemType::Legislation | ItemType::Document => {
            EntryType::Misc
        }
    }
}

fn text(value: &str) -> Spanned<Chunk> {
    Spanned::detached(Chunk::Normal(value.to_string()))
}

fn protected(value: &str) -> Spanned<Chunk> {
    Spanned::detached(Chunk::Verbatim(value.to_string()))
}

/// A title: plain text with its acronyms (`IOM`, `ECPR`) protected from case changes.
fn title_chunks(value: &str) -> Chunks {
    let mut chunks = Vec::new();
    let mut plain = String::new();
    for word in value.split_inclusive(|c: char| !c.is_alphanumeric()) {
        let core = word.trim_end_matches(|c: char| !c.is_alphanumeric());
        if core.chars().filter(|c| c.is_uppercase()).count() >= 2 {
            if !plain.is_empty() {
                chunks.push(text(&plain));
                plain.clear();
            }
            chunks.push(protected(core));
            plain.push_str(&word[core.len()..]);
        } else {
            plain.push_str(word);
        }
    }
    if !plain.is_empty() {
        chunks.push(text(&plain));
    }
    chunks
}

/// One name as BibTeX writes it: `von Last, Jr, First`, or `{Organisation}`.
fn name_chunks(name: &Name) -> Chunks {
    let family = match (&name.literal, &name.family) {
        (Some(literal), _) => return vec![protected(literal)],
        (None, Some(family)) => family,
        (None, None) => return name.given.as_deref().map(protected).into_iter().collect(),
    };
    let mut chunks = Vec::new();
    let particles: Vec<&str> = [&name.dropping_particle, &name.non_dropping_particle]
        .into_iter()
        .flatten()
        .map(String::as_str)
        .collect();
    if !particles.is_empty() {
        chunks.push(text(&format!("{} ", particles.join(" "))));
    }
    // A family name of several words stays one name (`Klekowski von Koppenfelds`).
    chunks.push(
        if family.contains(char::is_whitespace) || splits_a_name(family) {
            protected(family)
        } else {
            text(family)
        },
    );
    if let Some(suffix) = &name.suffix {
        chunks.push(text(", "));
        chunks.push(name_part(suffix));
        if name.given.is_none() {
            chunks.push(text(","));
        }
    }
    if let Some(given) = &name.given {
        chunks.push(text(", "));
        chunks.push(name_part(given));
    }
    chunks
}

/// Whether a part of a name holds what BibTeX reads as the end of a name part or of a name:
/// a comma, or the word `and`.
fn splits_a_name(part: &str) -> bool {
    part.contains(',')
        || part
            .split_whitespace()
            .any(|w| w.eq_ignore_ascii_case("and"))
}

/// A given name or suffix: in braces when it would split the name.
fn name_part(part: &str) -> Spanned<Chunk> {
    if splits_a_name(part) {
        protected(part)
    } else {
        text(part)
    }
}

fn set_names(entry: &mut Entry, key: &str, names: &[Name]) {
    let mut chunks = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if i > 0 {
            chunks.push(text(" and "));
        }
        chunks.extend(name_chunks(name));
    }
    if !chunks.is_empty() {
        entry.set(key, chunks);
    }
}

fn set_text(entry: &mut Entry, key: &str, value: Option<&str>) {
    if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
        entry.set(key, vec![text(value)]);
    }
}

fn set_title(entry: &mut Entry, key: &str, value: Option<&str>) {
    if let Some(value) = value.filter(|v| !v.trim().is_empty()) {
        entry.set(key, title_chunks(value));
    }
}

fn value(field: &Option<Field>) -> Option<&str> {
    field.as_ref().map(|f| f.value.as_str())
}

/// A page range with BibTeX's `--` between its ends (`37-73`, `37–73` → `37--73`).
fn pages(page: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in page.chars() {
        if matches!(
            c,
            '-' | '\u{2010}' | '\u{2011}' | '\u{2012}' | '\u{2013}' | '\u{2014}'
        ) {
            dash = true;
            continue;
        }
        if dash {
            out.push_str("--");
            dash = false;
        }
        out.push(c);
    }
    if dash {
        out.push_str("--");
    }
    out
}

/// The entry of one reference.
fn entry(r: &Reference, flavour: Flavour) -> Entry {
    let mut biblatex_type = entry_type(r.item_type);
    let bibtex = flavour == Flavour::Bibtex;
    let kind = if bibtex {
        biblatex_type.to_bibtex()
    } else {
        // a book by its editors alone is BibLaTeX's @collection (BibTeX's @book takes either)
        if biblatex_type == EntryType::Book && r.author.is_empty() && !r.editor.is_empty() {
            biblatex_type = EntryType::Collection;
        }
        biblatex_type.clone()
    };
    let mut e = Entry::new(r.id.clone(), kind.clone());
    // What fits no field of the entry goes to its note, so that nothing is lost.
    let mut notes: Vec<String> = value(&r.note).map(str::to_string).into_iter().collect();

    set_names(&mut e, "author", &r.author);
    set_names(&mut e, "editor", &r.editor);
    set_names(&mut e, "translator", &r.translator);
    set_title(&mut e, "title", value(&r.title));

    let is_article = biblatex_type == EntryType::Article;
    let container = if is_article || r.item_type == ItemType::LegalCase {
        if bibtex { "journal" } else { "journaltitle" }
    } else {
        "booktitle"
    };
    set_title(&mut e, container, value(&r.container_title));
    match (
        value(&r.event_title),
        biblatex_type == EntryType::InProceedings,
    ) {
        (Some(event), true) if r.container_title.is_none() => {
            set_title(&mut e, "booktitle", Some(event))
        }
        (event, _) => set_title(&mut e, "eventtitle", event),
    }
    set_text(&mut e, "venue", value(&r.event_place));

    // `number` is the issue of an article, else the report's number, else the number in
    // its series.
    let (number, issue) = if is_article {
        match (value(&r.issue), value(&r.number)) {
            (Some(issue), Some(number)) => (Some(number), Some(issue.to_string())),
            (issue, number) => (issue.or(number), None),
        }
    } else {
        (value(&r.number), value(&r.issue).map(str::to_string))
    };
    let series_number = value(&r.collection_number);
    let series = match (value(&r.collection_title), series_number) {
        (Some(series), Some(n)) if number.is_some() => Some(format!("{series}, {n}")),
        (Some(series), _) => Some(series.to_string()),
        (None, Some(n)) if number.is_some() => {
            notes.push(format!("No. {n} in its series"));
            None
        }
        (None, _) => None,
    };
    set_title(&mut e, "series", series.as_deref());
    set_text(&mut e, "number", number.or(series_number));
    set_text(&mut e, "volume", value(&r.volume));
    set_text(&mut e, "pages", value(&r.page).map(pages).as_deref());
    set_text(&mut e, "edition", value(&r.edition));
    set_text(&mut e, "type", value(&r.genre));

    let publisher_key = match biblatex_type {
        EntryType::Report => "institution",
        EntryType::Thesis if bibtex => "school",
        EntryType::Thesis => "institution",
        EntryType::Unpublished => "howpublished",
        EntryType::Online | EntryType::Misc => "organization",
        _ => "publisher",
    };
    set_text(&mut e, publisher_key, value(&r.publisher));
    set_text(
        &mut e,
        if bibtex { "address" } else { "location" },
        value(&r.publisher_place),
    );

    let mut issue = issue;
    if let Some(date) = &r.issued {
        // BibLaTeX's manual puts a season in `issue`.
        if let Some(season) = date.season.and_then(super::season_name) {
            match issue {
                None => issue = Some(season.to_string()),
                Some(_) => notes.push(season.to_string()),
            }
        }
        match date.parts.as_slice() {
            [] => notes.extend(date.raw.clone()),
            parts if bibtex => {
                for (key, part) in ["year", "month", "day"].into_iter().zip(parts) {
                    set_text(&mut e, key, Some(&part.to_string()));
                }
            }
            parts => {
                let iso: Vec<String> = parts
                    .iter()
                    .enumerate()
                    .map(|(i, p)| {
                        if i == 0 {
                            format!("{p:04}")
                        } else {
                            format!("{p:02}")
                        }
                    })
                    .collect();
                set_text(&mut e, "date", Some(&iso.join("-")));
            }
        }
    }
    set_text(&mut e, "issue", issue.as_deref());
    set_text(&mut e, "isbn", value(&r.isbn));
    set_text(&mut e, "langid", r.language.map(|l| l.babel_name()));
    if let Some(doi) = value(&r.doi) {
        e.set_doi(doi.to_string());
    }
    if let Some(url) = value(&r.url) {
        e.set_url(url.to_string());
    }
    if !bibtex {
        fit_data_model(&mut e, &mut notes);
    }
    if !notes.is_empty() {
        set_text(&mut e, "note", Some(&notes.join(". ")));
    }
    e
}

/// The plain text of a field.
fn plain(chunks: &[Spanned<Chunk>]) -> String {
    chunks.iter().map(|c| c.v.get()).collect()
}

/// Keep a BibLaTeX entry to biber's data model: a volume is a number (`II` → `2`; one that
/// is none goes to the note), and a field its type does not have moves, to `howpublished`
/// for a `@misc` (a court decision's reporter, volume and page: `U.S. 467, 837`), else to
/// the note, with its label (`vol. 3`).
fn fit_data_model(e: &mut Entry, notes: &mut Vec<String>) {
    let kind = e.entry_type.to_string();
    let Some((_, allowed)) = BIBLATEX_FIELDS.iter().find(|(t, _)| *t == kind) else {
        return;
    };
    let allowed = |key: &str| allowed.contains(&key) || ALL_TYPES_FIELDS.contains(&key);
    if allowed("volume")
        && let Some(volume) = e.fields.get("volume").map(|c| plain(c))
        && volume.parse::<u32>().is_err()
    {
        match from_roman(&volume) {
            Some(n) => set_text(e, "volume", Some(&n.to_string())),
            None => {
                e.fields.remove("volume");
                notes.push(format!("vol. {volume}"));
            }
        }
    }
    let mut published: Vec<String> = Vec::new();
    let mut container = false;
    for key in FIELD_ORDER.iter().filter(|k| !allowed(k)) {
        let Some(value) = e.fields.remove(*key).map(|c| plain(&c)) else {
            continue;
        };
        let label = MOVED_LABELS
            .iter()
            .find(|(k, _)| k == key)
            .map_or("", |(_, label)| *label);
        if kind != "misc" || !MISC_PUBLISHED.contains(key) {
            notes.push(format!("{label}{value}"));
        } else if matches!(*key, "journaltitle" | "booktitle" | "series") {
            container = true;
            published.push(value);
        } else if container && *key == "volume" {
            // `U.S. 467`, `BVerfGE 65`
            let last = published.len() - 1;
            published[last] = format!("{} {value}", published[last]);
        } else if container {
            published.push(value);
        } else {
            published.push(format!("{label}{value}"));
        }
    }
    if !published.is_empty() {
        set_text(e, "howpublished", Some(&published.join(", ")));
    }
}

/// A roman numeral's value (`XIV` → 14, `iv` → 4), when it is one written the usual way.
fn from_roman(numeral: &str) -> Option<u32> {
    let digit = |c: char| {
        ROMAN_DIGITS
            .iter()
            .find(|(d, _)| *d == c.to_ascii_uppercase())
            .map(|(_, v)| *v)
    };
    let values: Vec<u32> = numeral.chars().map(digit).collect::<Option<_>>()?;
    let mut total = 0;
    for (i, v) in values.iter().enumerate() {
        match values.get(i + 1) {
            Some(next) if next > v => total -= *v as i64,
            _ => total += *v as i64,
        }
    }
    let total = u32::try_from(total).ok().filter(|&t| t > 0)?;
    // only the usual spelling: `IIII` and `IC` are not numerals here
    let same_case = numeral.chars().all(|c| c.is_ascii_uppercase())
        || numeral.chars().all(|c| c.is_ascii_lowercase());
    (same_case && to_roman(total).eq_ignore_ascii_case(numeral)).then_some(total)
}

/// A number as a roman numeral, upper case.
fn to_roman(mut n: u32) -> String {
    let mut out = String::new();
    for (value, numeral) in ROMAN_NUMERALS {
        while n >= value {
            out.push_str(numeral);
            n -= value;
        }
    }
    out
}

fn write_entry(out: &mut String, entry: &Entry, flavour: Flavour) {
    let _ = writeln!(out, "@{}{{{},", entry.entry_type, entry.key);
    let known = FIELD_ORDER
        .iter()
        .filter_map(|key| entry.fields.get_key_value(*key));
    let others = entry
        .fields
        .iter()
        .filter(|(key, _)| !FIELD_ORDER.contains(&key.as_str()));
    for (key, chunks) in known.chain(others) {
        let _ = writeln!(out, "  {key} = {},", field_value(key, chunks, flavour));
    }
    out.push_str("}\n");
}

/// A field's value as written after `=`.
fn field_value(key: &str, chunks: &[Spanned<Chunk>], flavour: Flavour) -> String {
    let plain: String = chunks.iter().map(|c| c.v.get()).collect();
    if matches!(key, "url" | "doi") {
        return format!("{{{}}}", verbatim(&plain));
    }
    if key == "month" && flavour == Flavour::Bibtex {
        let month = plain
            .parse::<usize>()
            .ok()
            .and_then(|m| MONTH_MACROS.get(m.wrapping_sub(1)));
        if let Some(month) = month {
            return (*month).to_string();
        }
    }
    // The braces of a title pair across its chunks; those of a name only within one, so that
    // an escaped pair never holds the ` and ` between two names.
    let names = matches!(key, "author" | "editor" | "translator");
    let mut escaper = Escaper::new(&plain, flavour);
    let mut out = String::from("{");
    for chunk in chunks {
        let value = chunk.v.get();
        if names {
            escaper = Escaper::new(value, flavour);
        }
        match &chunk.v {
            Chunk::Verbatim(_) => {
                out.push('{');
                escaper.push(&mut out, value);
                out.push('}');
            }
            _ => escaper.push(&mut out, value),
        }
    }
    out.push('}');
    out
}

/// A URL or DOI: written as is, except the characters that would unbalance the braces or
/// break the line, percent-encoded.
fn verbatim(value: &str) -> String {
    let mut out = String::new();
    for c in value.chars() {
        match c {
            '\\' => out.push_str("%5C"),
            '{' => out.push_str("%7B"),
            '}' => out.push_str("%7D"),
            c if c.is_whitespace() || c.is_control() => {
                let mut bytes = [0; 4];
                for b in c.encode_utf8(&mut bytes).bytes() {
                    let _ = write!(out, "%{b:02X}");
                }
            }
            c => out.push(c),
        }
    }
    out
}

/// Which characters of `text` are braces with a partner: a `{` closed later in the text and
/// its `}`.
fn paired_braces(text: &str) -> Vec<bool> {
    let mut paired = vec![false; text.chars().count()];
    let mut open = Vec::new();
    for (i, c) in text.chars().enumerate() {
        match c {
            '{' => open.push(i),
            '}' => {
                if let Some(j) = open.pop() {
                    paired[i] = true;
                    paired[j] = true;
                }
            }
            _ => {}
        }
    }
    paired
}

/// Escapes a value chunk by chunk: LaTeX's special characters, and the braces of the text so
/// that the braces of the value stay balanced for BibTeX and biber, which count `\{` as a
/// brace. A pair is written `\{ \}` (what pandoc reads); a brace without a partner
/// `\textbraceleft{}` or `\textbraceright{}` (what LaTeX and biber read; pandoc 2 drops it).
struct Escaper {
    flavour: Flavour,
    paired: Vec<bool>,
    at: usize,
}

impl Escaper {
    /// An escaper for `text`, the whole of what it will be given.
    fn new(text: &str, flavour: Flavour) -> Self {
        Escaper {
            flavour,
            paired: paired_braces(text),
            at: 0,
        }
    }

    /// Append the next piece of the text, escaped.
    fn push(&mut self, out: &mut String, value: &str) {
        for c in value.chars() {
            let paired = self.paired.get(self.at).copied().unwrap_or(false);
            self.at += 1;
            match c {
                '{' if !paired => out.push_str("\\textbraceleft{}"),
                '}' if !paired => out.push_str("\\textbraceright{}"),
                '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                    out.push('\\');
                    out.push(c);
                }
                '~' => out.push_str("\\textasciitilde{}"),
                '^' => out.push_str("\\textasciicircum{}"),
                '\\' => out.push_str("\\textbackslash{}"),
                // a line break or tab: one field stays on one line
                c if c.is_control() => out.push(' '),
                c if c.is_ascii() || self.flavour == Flavour::Biblatex => out.push(c),
                c => push_latex_letter(out, c),
            }
        }
    }
}

/// A non-ASCII character as a LaTeX command when there is one (`é` → `{\'{e}}`), else as is.
fn push_latex_letter(out: &mut String, c: char) {
    if let Some((_, command)) = LATEX_LETTERS.iter().find(|(letter, _)| *letter == c) {
        out.push_str(command);
        return;
    }
    let mut decomposed = std::iter::once(c).nfd();
    let base = decomposed.next().filter(char::is_ascii_alphabetic);
    let accents: Option<Vec<&str>> = decomposed
        .map(|mark| {
            LATEX_ACCENTS
                .iter()
                .find(|(m, _)| *m == mark)
                .map(|(_, command)| *command)
        })
        .collect();
    match (base, accents) {
        (Some(base), Some(accents)) if !accents.is_empty() => {
            let mut letter = base.to_string();
            for accent in accents {
                letter = format!("\\{accent}{{{letter}}}");
            }
            out.push('{');
            out.push_str(&letter);
            out.push('}');
        }
        _ => out.push(c),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Field;

    fn escaped(value: &str, flavour: Flavour) -> String {
        let mut out = String::new();
        Escaper::new(value, flavour).push(&mut out, value);
        out
    }

    #[test]
    fn special_characters_are_escaped() {
        assert_eq!(
            escaped("AT&T 50% $3 #1 a_b {x} ~ ^ \\", Flavour::Biblatex),
            "AT\\&T 50\\% \\$3 \\#1 a\\_b \\{x\\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}"
        );
    }

    #[test]
    fn braces_balance_whatever_the_text() {
        assert_eq!(
            escaped("A } B {x} { C", Flavour::Bibtex),
            "A \\textbraceright{} B \\{x\\} \\textbraceleft{} C"
        );
        assert_eq!(
            escaped("}{ \\input{/etc/passwd}\nnext", Flavour::Biblatex),
            "\\textbraceright{}\\textbraceleft{} \\textbackslash{}input\\{/etc/passwd\\} next"
        );
        // a pair across the chunks of a title, a lone brace in a name
        let chunks = title_chunks("{The IOM} and }");
        assert_eq!(
            field_value("title", &chunks, Flavour::Biblatex),
            "{\\{The {IOM}\\} and \\textbraceright{}}"
        );
    }

    #[test]
    fn keys_keep_safe_characters_and_stay_unique() {
        let reference = |id: &str| Reference {
            id: id.into(),
            ..Reference::default()
        };
        let document = Document {
            references: vec![
                reference("a b,{c}"),
                reference(""),
                reference("abc"),
                reference("ABC"),
            ],
            ..Document::default()
        };
        assert_eq!(safe_keys(&document), ["abc", "ref", "abc-2", "ABC-3"]);
    }

    #[test]
    fn bibtex_writes_accented_letters_as_commands() {
        assert_eq!(escaped("Hocké", Flavour::Bibtex), "Hock{\\'{e}}");
        assert_eq!(
            escaped("Français Straße", Flavour::Bibtex),
            "Fran{\\c{c}}ais Stra{\\ss}e"
        );
        assert_eq!(escaped("Hocké – ’", Flavour::Biblatex), "Hocké – ’");
        assert_eq!(
            escaped("Łódź 東京", Flavour::Bibtex),
            "{\\L}{\\'{o}}d{\\'{z}} 東京"
        );
    }

    #[test]
    fn acronyms_in_titles_are_protected() {
        let chunks = title_chunks("The IOM and Human Rights (HRW)");
        let written = field_value("title", &chunks, Flavour::Biblatex);
        assert_eq!(written, "{The {IOM} and Human Rights ({HRW})}");
    }

    #[test]
    fn names_keep_organisations_and_particles_whole() {
        let org = Name {
            literal: Some("UN Population Division".into()),
            ..Name::default()
        };
        let person = Name {
            family: Some("Koppenfels".into()),
            non_dropping_particle: Some("von".into()),
            given: Some("Amanda".into()),
            suffix: Some("Jr.".into()),
            ..Name::default()
        };
        let several = Name {
            family: Some("Klekowski von Koppenfelds".into()),
            given: Some("A.".into()),
            ..Name::default()
        };
        let mut entry = Entry::new("k".into(), EntryType::Book);
        set_names(&mut entry, "author", &[org, person, several]);
        let chunks = entry.fields.get("author").expect("authors");
        assert_eq!(
            field_value("author", chunks, Flavour::Biblatex),
            "{{UN Population Division} and von Koppenfels, Jr., Amanda and {Klekowski von Koppenfelds}, A.}"
        );
    }

    #[test]
    fn roman_volumes_become_numbers() {
        assert_eq!(from_roman("XIV"), Some(14));
        assert_eq!(from_roman("iv"), Some(4));
        assert_eq!(from_roman("MCMLXXXIV"), Some(1984));
        assert_eq!(from_roman("IIII"), None);
        assert_eq!(from_roman("Iv"), None);
        assert_eq!(from_roman("web"), None);
        assert_eq!(from_roman(""), None);
    }

    #[test]
    fn biblatex_fields_fit_their_entry_type() {
        let case = Reference {
            id: "k".into(),
            item_type: ItemType::LegalCase,
            title: Some(Field::new("Chevron v. NRDC", None)),
            container_title: Some(Field::new("U.S.", None)),
            volume: Some(Field::new("467", None)),
            page: Some(Field::new("837", None)),
            ..Reference::default()
        };
        let written = to_biblatex_string(&Document {
            references: vec![case],
            ..Document::default()
        });
        assert!(
            written.contains("howpublished = {U.S. 467, 837},"),
            "{written}"
        );
        assert!(!written.contains("journaltitle"), "{written}");
        let report = Reference {
            id: "r".into(),
            item_type: ItemType::Report,
            title: Some(Field::new("Report", None)),
            collection_title: Some(Field::new("Working Papers", None)),
            volume: Some(Field::new("II", None)),
            ..Reference::default()
        };
        let written = to_biblatex_string(&Document {
            references: vec![report],
            ..Document::default()
        });
        // a report has neither series nor volume in biber's data model
        assert!(
            written.contains("note = {Working Papers. vol. II},"),
            "{written}"
        );
    }

    #[test]
    fn page_ranges_get_double_dashes() {
        assert_eq!(pages("37-73"), "37--73");
        assert_eq!(pages("80–1"), "80--1");
        assert_eq!(pages("5"), "5");
    }
}
