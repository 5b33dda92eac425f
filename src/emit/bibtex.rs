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
const FIELD_ORDER: [&str; 31] = [
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
    "doi",
    "url",
    "note",
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
    let biblatex_type = entry_type(r.item_type);
    let bibtex = flavour == Flavour::Bibtex;
    let kind = if bibtex {
        biblatex_type.to_bibtex()
    } else {
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
    if let Some(doi) = value(&r.doi) {
        e.set_doi(doi.to_string());
    }
    if let Some(url) = value(&r.url) {
        e.set_url(url.to_string());
    }
    if !notes.is_empty() {
        set_text(&mut e, "note", Some(&notes.join(". ")));
    }
    e
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
    fn page_ranges_get_double_dashes() {
        assert_eq!(pages("37-73"), "37--73");
        assert_eq!(pages("80–1"), "80--1");
        assert_eq!(pages("5"), "5");
    }
}
