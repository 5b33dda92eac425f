//! Works made from AnyStyle sequences: each tagged field split into the CSL variables it holds.

use crate::model::Name;
use crate::train::anystyle::AnystyleField;

use super::items::{Work, WorkDate, WorkName};
use super::tables::{LANGUAGE_HINTS, ROLE_PREFIXES, ROLE_SUFFIXES, word_ordinal};

/// The work of one AnyStyle sequence, or `None` when it lacks a title or anyone or anything
/// to attribute it to.
pub(crate) fn work_of(fields: &[AnystyleField], id: &str) -> Option<Work> {
    let first = |tag: &str| {
        fields
            .iter()
            .find(|f| f.tag == tag)
            .map(|f| f.text.as_str())
    };
    let mut w = Work {
        id: id.to_string(),
        title: first("title").map(clean_title).filter(|t| !t.is_empty()),
        ..Work::default()
    };
    w.author = first("author")
        .or_else(|| first("director"))
        .map(names_of)
        .unwrap_or_default();
    w.editor = first("editor").map(names_of).unwrap_or_default();
    w.translator = first("translator").map(names_of).unwrap_or_default();
    w.issued = fields
        .iter()
        .filter(|f| f.tag == "date")
        .find_map(|f| year_in(&f.text))
        .map(WorkDate::year);
    let journal = first("journal").map(clean_plain);
    let container = first("container-title").map(|c| clean_plain(strip_in(c)));
    w.container_title = journal
        .clone()
        .or(container)
        .or_else(|| first("source").map(clean_plain));
    w.collection_title = first("collection-title").map(clean_plain);
    w.publisher = first("publisher").map(clean_plain);
    w.publisher_place = first("location").map(clean_plain);
    if let Some(v) = first("volume") {
        (w.volume, w.issue) = volume_issue(v);
    }
    w.page = first("pages").and_then(page_range);
    w.edition = first("edition").and_then(edition_number);
    w.genre = first("genre").map(clean_plain);
    w.note = first("note").map(clean_plain).filter(|n| n.len() < 60);
    w.url = first("url")
        .map(clean_plain)
        .filter(|u| u.starts_with("http"));
    w.doi = first("doi").map(clean_doi).filter(|d| d.starts_with("10."));
    w.isbn =
        first("isbn").map(|i| clean_plain(i.trim_start_matches("ISBN").trim_start_matches(':')));
    w.title_short = w.title.as_deref().and_then(short_title);
    w.kind = kind_of(&w, journal.is_some()).to_string();
    w.language = Some(guess_language(w.title.as_deref().unwrap_or_default()).to_string());
    let attributed = !w.author.is_empty() || !w.editor.is_empty() || w.container_title.is_some();
    let empty = |s: &Option<String>| s.as_deref().is_none_or(str::is_empty);
    let ok = !empty(&w.title) && attributed && w.check().is_ok();
    ok.then_some(w)
}

/// The type of a work from the fields it has.
fn kind_of(w: &Work, has_journal: bool) -> &'static str {
    let lower = |s: &Option<String>| s.as_deref().unwrap_or_default().to_lowercase();
    let genre = lower(&w.genre);
    let title = lower(&w.title);
    let container = lower(&w.container_title);
    if ["thesis", "dissertation", "diss.", "thèse", "tesi"]
        .iter()
        .any(|t| genre.contains(t))
    {
        "thesis"
    } else if has_journal {
        "article-journal"
    } else if !container.is_empty() {
        let conference = [
            "proceedings",
            "conference",
            "symposium",
            "workshop",
            "congress",
        ];
        if conference.iter().any(|c| container.contains(c)) {
            "paper-conference"
        } else if !w.editor.is_empty() || w.publisher.is_some() {
            "chapter"
        } else {
            "article-journal"
        }
    } else if ["report", "working paper", "discussion paper"]
        .iter()
        .any(|r| genre.contains(r) || title.contains(r))
    {
        "report"
    } else if w.url.is_some() && w.publisher.is_none() {
        "webpage"
    } else {
        "book"
    }
}

/// Trim the punctuation and brackets a reference list puts around a field, and drop markup
/// (`<italic>`).
fn clean_plain(s: &str) -> String {
    let s = strip_tags(s);
    let t = s.trim().trim_end_matches([',', ';', ':', '.']).trim();
    let t = t
        .trim_start_matches(['(', '['])
        .trim_end_matches([')', ']']);
    t.trim_end_matches([',', ';', ':']).trim().to_string()
}

/// The text without `<…>` tags.
fn strip_tags(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(open) = rest.find('<') {
        let Some(close) = rest[open..].find('>') else {
            break;
        };
        out.push_str(&rest[..open]);
        rest = &rest[open + close + 1..];
    }
    out.push_str(rest);
    out
}

/// A title without its quotation marks, closing punctuation (a final `?` or `!` stays) and
/// markup.
fn clean_title(s: &str) -> String {
    let s = strip_tags(s);
    let s = s.as_str();
    const QUOTES: &[char] = &['"', '“', '”', '‘', '’', '«', '»', '„', '\''];
    let t = s.trim().trim_end_matches([',', ';', ':', '.']).trim();
    let t = t
        .trim_matches(QUOTES)
        .trim()
        .trim_end_matches([',', ';', ':', '.']);
    t.trim_matches(QUOTES).trim().to_string()
}

/// `In ` before a container title.
fn strip_in(s: &str) -> &str {
    for p in ["In: ", "in: ", "In ", "in "] {
        if let Some(rest) = s.strip_prefix(p) {
            return rest;
        }
    }
    s
}

/// The part of a long title before its subtitle, as its short form.
fn short_title(title: &str) -> Option<String> {
    let main = title.split([':', '.', '?']).next()?.trim();
    let long = title.split_whitespace().count() > 6;
    (long && main.len() < title.len() && main.split_whitespace().count() >= 2)
        .then(|| main.to_string())
}

/// The first plausible year in a date field.
fn year_in(s: &str) -> Option<i32> {
    s.split(|c: char| !c.is_ascii_digit())
        .filter(|d| d.len() == 4)
        .filter_map(|d| d.parse::<i32>().ok())
        .find(|y| (1500..=2030).contains(y))
}

/// The names of a name field, read by the cite stage's name reader; the role words around
/// them (`In`, `(Eds.)`, `edited by`) are dropped. A short field that does not read as names
/// becomes one literal name.
fn names_of(text: &str) -> Vec<WorkName> {
    let mut t = text.trim().trim_start_matches(['&', ' ']);
    while let Some(rest) = ROLE_PREFIXES.iter().find_map(|p| t.strip_prefix(p)) {
        t = rest.trim_start();
    }
    loop {
        let trimmed = t.trim_end_matches([',', '.', ';', ' ']);
        match ROLE_SUFFIXES.iter().find_map(|s| trimmed.strip_suffix(s)) {
            Some(rest) => t = rest.trim_end_matches([',', ' ']),
            None => break,
        }
    }
    let t = t.trim().trim_end_matches([',', ';']).trim();
    let read = crate::cite::name_list(t, 0, true);
    if let Some(list) = read.filter(|l| {
        t.get(l.end..)
            .is_some_and(|rest| rest.trim_matches(['.', ',', ' ']).is_empty())
    }) {
        let names: Vec<WorkName> = list.names.iter().map(|n| work_name(&n.name)).collect();
        if names
            .iter()
            .all(|n| n.family.is_some() || n.literal.is_some())
        {
            return names;
        }
    }
    let literal = t.trim_end_matches('.').trim();
    if literal.is_empty() || literal.len() > 60 || literal.contains(|c: char| c.is_ascii_digit()) {
        return Vec::new();
    }
    vec![WorkName {
        literal: Some(literal.to_string()),
        ..WorkName::default()
    }]
}

fn work_name(n: &Name) -> WorkName {
    WorkName {
        family: n.family.clone(),
        given: n.given.clone(),
        non_dropping_particle: n.non_dropping_particle.clone(),
        dropping_particle: n.dropping_particle.clone(),
        suffix: n.suffix.clone(),
        literal: n.literal.clone(),
    }
}

/// Volume and issue of an AnyStyle volume field: `20(2),`, `vol. 32, no. 3,`, `Vol. 9,`.
fn volume_issue(text: &str) -> (Option<String>, Option<String>) {
    let numbers: Vec<&str> = text
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let lower = text.to_lowercase();
    let only_issue = ["no.", "no ", "nr.", "issue", "heft", "n°"]
        .iter()
        .any(|w| lower.starts_with(w));
    match numbers.as_slice() {
        [] => (None, None),
        [one] if only_issue => (None, Some(one.to_string())),
        [one] => (Some(one.to_string()), None),
        [v, i, ..] => (Some(v.to_string()), Some(i.to_string())),
    }
}

/// A page range `N-M` or a page `N` from a pages field (`pp. 1761–1800).`).
fn page_range(text: &str) -> Option<String> {
    let t = text
        .trim()
        .trim_start_matches("pp.")
        .trim_start_matches("p.")
        .trim();
    let mut parts = t
        .split(['-', '–', '—', '‑'])
        .map(|p| p.trim_matches(|c: char| !c.is_ascii_digit()));
    let start = parts.next().filter(|s| !s.is_empty() && s.len() < 6)?;
    if !start.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    match parts.next() {
        Some(end)
            if !end.is_empty() && end.len() < 6 && end.chars().all(|c| c.is_ascii_digit()) =>
        {
            Some(format!("{start}-{end}"))
        }
        _ => Some(start.to_string()),
    }
}

/// The number of an edition field (`2nd ed.`, `(3rd ed.),`, `second edition`), if it has one.
fn edition_number(text: &str) -> Option<String> {
    let t = text.trim_matches(|c: char| !c.is_alphanumeric());
    let first = t.split_whitespace().next()?;
    let digits: String = first.chars().take_while(|c| c.is_ascii_digit()).collect();
    if !digits.is_empty() {
        return Some(digits);
    }
    word_ordinal(&first.to_lowercase()).map(|n| n.to_string())
}

fn clean_doi(text: &str) -> String {
    let t = clean_plain(text);
    let t = t
        .trim_start_matches("doi:")
        .trim_start_matches("DOI:")
        .trim();
    let t = t
        .trim_start_matches("https://doi.org/")
        .trim_start_matches("http://dx.doi.org/");
    t.to_string()
}

/// A language code for a title, from its commonest short words (`en-US` when none is telling).
fn guess_language(title: &str) -> &'static str {
    let mut best = ("en-US", 0);
    for (code, words) in LANGUAGE_HINTS {
        let hits = title
            .split(|c: char| !c.is_alphanumeric() && c != '\'')
            .filter(|w| words.contains(&w.to_lowercase().as_str()))
            .count();
        if hits > best.1 {
            best = (code, hits);
        }
    }
    if best.1 >= 2 { best.0 } else { "en-US" }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(tag: &str, text: &str) -> AnystyleField {
        AnystyleField {
            tag: tag.into(),
            text: text.into(),
        }
    }

    #[test]
    fn a_chapter_is_split_into_csl() {
        let fields = [
            field("author", "Solon, G."),
            field("date", "(1999)."),
            field("title", "Intergenerational mobility in the labor market."),
            field("editor", "In O. Ashenfelter and D. Card (Eds.),"),
            field("container-title", "Handbook of labor economics"),
            field("volume", "(Vol. 3, Part A,"),
            field("pages", "pp. 1761–1800)."),
            field("location", "Amsterdam:"),
            field("publisher", "Elsevier."),
        ];
        let w = work_of(&fields, "t-1").expect("a work");
        assert_eq!(w.kind, "chapter");
        assert_eq!(w.author[0].family.as_deref(), Some("Solon"));
        assert_eq!(w.editor.len(), 2, "{:?}", w.editor);
        assert_eq!(w.editor[1].family.as_deref(), Some("Card"));
        assert_eq!(w.issued.as_ref().and_then(WorkDate::year_of), Some(1999));
        assert_eq!(
            w.title.as_deref(),
            Some("Intergenerational mobility in the labor market")
        );
        assert_eq!(w.page.as_deref(), Some("1761-1800"));
        assert_eq!(w.volume.as_deref(), Some("3"));
        assert_eq!(w.publisher.as_deref(), Some("Elsevier"));
    }

    #[test]
    fn volumes_issues_and_editions() {
        assert_eq!(
            volume_issue("20(2),"),
            (Some("20".into()), Some("2".into()))
        );
        assert_eq!(
            volume_issue("vol. 32, no. 3,"),
            (Some("32".into()), Some("3".into()))
        );
        assert_eq!(volume_issue("No. 12"), (None, Some("12".into())));
        assert_eq!(edition_number("(2nd ed.)."), Some("2".into()));
        assert_eq!(edition_number("second edition,"), Some("2".into()));
        assert_eq!(edition_number("Preprint"), None);
        assert_eq!(
            guess_language("Die Entstehung der Rechtsordnung und des Staates"),
            "de-DE"
        );
    }
}
