//! Field values as users expect them: titles without their quotes and `in`, numbers without
//! their markers (`vol.`, `Nr.`, `pp.`, `S.`), editions as a number (`2. Aufl.` → `2`), links
//! without `available at`, locators with their label.

use crate::cite::{dates, fields, tables, text::clean_value};
use crate::model::{Date, LocatorLabel};

/// Words that open a container and are not part of its title.
const CONTAINER_LEADS: &[&str] = &[
    "In:",
    "in:",
    "In :",
    "in :",
    "[in:]",
    "In",
    "in",
    "Dans :",
    "Dans:",
    "dans :",
    "dans:",
    "Dans",
    "dans",
    "En:",
    "en:",
    "En",
    "en",
    "Aus:",
    "aus:",
    "published in",
    "Published in",
    "= ",
];

/// A title, container, series, publisher or place: quotes, brackets around the whole, leads
/// and trailing punctuation off.
pub(crate) fn text_value(s: &str, container: bool) -> String {
    let mut s = s.trim();
    if container {
        s = strip_word(s, CONTAINER_LEADS);
    }
    // `'Procedure', in`: the word that opens what follows is not the value's
    for tail in [
        ", in", " in", ", In:", " In:", ", in:", " in:", ", dans", ", en",
    ] {
        if let Some(rest) = s.strip_suffix(tail) {
            s = rest;
            break;
        }
    }
    let mut v = clean_value(s);
    // `'The Politics of Legal Aid'`: straight single quotes around the whole
    if v.len() > 2 && v.starts_with('\'') && v.ends_with('\'') && !v[1..v.len() - 1].contains('\'')
    {
        v = clean_value(&v[1..v.len() - 1]);
    }
    for (open, close) in [('(', ')'), ('[', ']')] {
        if v.starts_with(open) && v.ends_with(close) && v[1..v.len() - 1].find(close).is_none() {
            v = clean_value(&v[1..v.len() - 1]);
        }
    }
    let v = v
        .trim_start_matches(['(', '[', ','])
        .trim_end_matches([':', ',', ';', '(', '['])
        .trim();
    // a closing bracket with no opening one is the citation's, not the value's
    let v = if v.ends_with(')') && !v.contains('(') {
        v.trim_end_matches(')')
    } else if v.ends_with(']') && !v.contains('[') {
        v.trim_end_matches(']')
    } else {
        v
    };
    clean_value(v)
}

/// `s` without one of `leads` (a whole word) at its start.
fn strip_word<'a>(s: &'a str, leads: &[&str]) -> &'a str {
    for lead in leads {
        if let Some(rest) = s.strip_prefix(lead)
            && (lead.ends_with([':', ' ']) || rest.starts_with([' ', ':', '\n']))
        {
            return rest.trim_start_matches([' ', ':']);
        }
    }
    s
}

/// Markers before a volume, issue, page or number value.
const NUMBER_MARKERS: &[&str] = &[
    "vols.",
    "Vols.",
    "vol.",
    "Vol.",
    "vol",
    "Vol",
    "Bd.",
    "Bde.",
    "Band",
    "t.",
    "T.",
    "tome",
    "tomo",
    "Jg.",
    "Jahrgang",
    "anno",
    "año",
    "année",
    "nos.",
    "Nos.",
    "no.",
    "No.",
    "no",
    "No",
    "n°",
    "N°",
    "n.°",
    "nº",
    "Nº",
    "n.",
    "N.",
    "Nr.",
    "Nr",
    "Heft",
    "H.",
    "Issue",
    "issue",
    "iss.",
    "fasc.",
    "Fasc.",
    "núm.",
    "Núm.",
    "num.",
    "Number",
    "number",
    "pp.",
    "pp",
    "p.",
    "p",
    "S.",
    "Ss.",
    "pages",
    "page",
    "pag.",
    "pagg.",
    "págs.",
    "pág.",
    "col.",
    "coll.",
    "at",
    "Report No.",
    "Report No",
    "Doc.",
    "U.N. Doc.",
    "UN Doc.",
];

/// A volume, issue, page or number: brackets and markers off, dashes of ranges as hyphens.
pub(crate) fn number_value(s: &str) -> String {
    let closed = closed_ranges(s);
    let mut v = balanced_end(
        closed
            .trim()
            .trim_start_matches(|c: char| "(),;:.[]".contains(c)),
    );
    loop {
        let before = v.len();
        for m in NUMBER_MARKERS {
            if let Some(rest) = v.strip_prefix(m)
                && (m.ends_with('.')
                    || m.ends_with('°')
                    || m.ends_with('º')
                    || rest.starts_with(' '))
                && !rest.trim().is_empty()
            {
                v = rest.trim_start();
                break;
            }
        }
        v = balanced_end(v.trim_start_matches(|c: char| "(),;:[]".contains(c)));
        if v.len() == before {
            break;
        }
    }
    // `702 p. (Psychologie)`: a series in brackets after the number is not part of it
    let v = match v.find(" (") {
        Some(i)
            if v[..i].chars().any(|c| c.is_ascii_digit())
                && v[i + 2..].starts_with(char::is_alphabetic) =>
        {
            v[..i].trim_end()
        }
        _ => v,
    };
    let v = v.trim_end_matches('.');
    v.replace(['–', '—'], "-")
}

/// An edition as a number where it has one (`2nd edn` → `2`, `2. Aufl.` → `2`, `18e éd.` →
/// `18`), else the words (`Revised edition` → `Revised`).
pub(crate) fn edition_value(s: &str) -> String {
    let digits: String = s
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if !digits.is_empty() && digits.len() <= 3 {
        return digits;
    }
    let lower = s.to_lowercase();
    for (word, n) in ORDINAL_WORDS {
        if lower.contains(word) {
            return n.to_string();
        }
    }
    let v = clean_value(s);
    let words: Vec<&str> = v
        .split_whitespace()
        .filter(|w| !tables::EDITION_MARKERS.contains(w) && !is_edition_word(w))
        .collect();
    if words.is_empty() { v } else { words.join(" ") }
}

/// Whether a word names an edition (`edition`, `Auflage`, `éd.`).
fn is_edition_word(w: &str) -> bool {
    let w = w
        .trim_matches(|c: char| ",.;:()".contains(c))
        .to_lowercase();
    matches!(
        w.as_str(),
        "ed" | "edn"
            | "edition"
            | "éd"
            | "édition"
            | "aufl"
            | "auflage"
            | "ed."
            | "edizione"
            | "edición"
            | "ausg"
            | "ausgabe"
    )
}

/// Ordinal words of editions, lower-cased, with their number.
const ORDINAL_WORDS: &[(&str, u32)] = &[
    ("first", 1),
    ("second", 2),
    ("third", 3),
    ("fourth", 4),
    ("fifth", 5),
    ("sixth", 6),
    ("seventh", 7),
    ("eighth", 8),
    ("ninth", 9),
    ("tenth", 10),
    ("erste", 1),
    ("zweite", 2),
    ("dritte", 3),
    ("vierte", 4),
    ("fünfte", 5),
    ("deuxième", 2),
    ("troisième", 3),
    ("seconda", 2),
    ("terza", 3),
    ("segunda", 2),
    ("tercera", 3),
];

/// A date from a run labelled `issued`.
pub(crate) fn date_value(s: &str) -> Option<Date> {
    // `1734 ‑ 1739, 2012.`: pages read with the date; the date is after them
    if let Some(i) = s.rfind(['-', '–', '‑'])
        && s[..i].trim_end().ends_with(|c: char| c.is_ascii_digit())
        && let Some((_, after)) = s[i..].split_once(',')
        && after.chars().any(|c| c.is_ascii_digit())
        && let Some(d) = date_value(after)
    {
        return Some(d);
    }
    if let Some(d) = dates::whole_date(s) {
        return Some(d);
    }
    if let Some((_, _, d)) = dates::find_date(s) {
        return Some(d);
    }
    let year = s
        .split(|c: char| !c.is_ascii_digit())
        .find(|w| w.len() == 4 && w.parse::<i32>().is_ok_and(|y| (1400..=2039).contains(&y)))?;
    Some(Date {
        parts: vec![year.parse().ok()?],
        raw: None,
        season: None,
        span: None,
    })
}

/// A pin-point: its value and what it counts (`p. 48` → `48`, page; `§ 3` → `3`, section;
/// `Rn. 5` → `5`, paragraph; `(281 f)` → `281 f`, page).
pub(crate) fn locator_value(s: &str) -> (String, LocatorLabel) {
    let closed = closed_ranges(s);
    let s = closed.as_ref();
    // `[29]–[33]`: numbered paragraphs
    if s.trim_start().starts_with('[') {
        let bare: String = s.chars().filter(|c| !matches!(c, '[' | ']')).collect();
        let bare = bare.trim().trim_end_matches([')', ',', ';', '.', ':']);
        if bare.chars().any(|c| c.is_ascii_digit())
            && bare
                .chars()
                .all(|c| c.is_ascii_digit() || "–-, ".contains(c))
        {
            return (number_value(bare), LocatorLabel::Paragraph);
        }
    }
    let t = balanced_end(
        s.trim()
            .trim_start_matches(['(', '[', ','])
            .trim_end_matches([',', ';', '.', ':']),
    );
    let t = t.strip_prefix("at ").unwrap_or(t);
    let t = t.strip_prefix("in particular ").unwrap_or(t);
    // `580 (Lord Atkin)`: a remark in brackets after the pin-point is not part of it
    let t = match t.find(" (") {
        Some(i) if t[..i].chars().any(|c| c.is_ascii_digit()) => t[..i].trim_end_matches(','),
        _ => t,
    };

    if let Some((value, label, len)) = fields::locator_at(t) {
        // `S. 85 f.`, `12 ff.`: the pages that follow, written apart
        let rest = t[len..].trim_start();
        let following = ["ff.", "ff", "f.", "f"].iter().find(|f| {
            rest.strip_prefix(**f)
                .is_some_and(|r| !r.starts_with(char::is_alphanumeric))
        });
        if let Some(f) = following
            && !value.ends_with('f')
            && !value.ends_with("f.")
        {
            let written = if f.starts_with("ff") { "ff." } else { "f." };
            return (format!("{value} {written}"), label);
        }
        return (value, label);
    }
    let label = locator_label(t);
    let value = number_value(t.trim_start_matches(['§', ' ']));
    let value = value
        .split_whitespace()
        .skip_while(|w| w.chars().all(char::is_alphabetic) && w.len() <= 6 && !is_following(w))
        .collect::<Vec<_>>()
        .join(" ");
    let value = if value.is_empty() {
        clean_value(t)
    } else {
        value
    };
    (value, label)
}

/// `s. 3(1))` → `s. 3(1)`: closing brackets at the end that close nothing opened, and the
/// punctuation before them, left out.
fn balanced_end(mut t: &str) -> &str {
    loop {
        t = t.trim_end_matches([',', ';', '.', ':', ' ']);
        let unopened = |close: char, open: char| {
            t.ends_with(close) && t.matches(open).count() < t.matches(close).count()
        };
        if unopened(')', '(') || unopened(']', '[') {
            t = &t[..t.len() - 1];
        } else {
            return t.trim();
        }
    }
}

/// `100 - 101` → `100-101`: a range written with spaces around its dash (OCR, hand-set type).
/// Borrowed when there is none.
fn closed_ranges(s: &str) -> std::borrow::Cow<'_, str> {
    if !["- ", "– ", "‑ "].iter().any(|d| s.contains(d)) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find(' ') {
        let (before, after) = rest.split_at(i);
        out.push_str(before);
        let dash = ["- ", "– ", "‑ "]
            .iter()
            .find_map(|d| after[1..].strip_prefix(d));
        match dash {
            Some(next)
                if before.ends_with(|c: char| c.is_ascii_digit())
                    && next.starts_with(|c: char| c.is_ascii_digit()) =>
            {
                out.push('-');
                rest = next;
            }
            _ => {
                out.push(' ');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// `f.`, `ff.`, `sq.`: the pages that follow.
fn is_following(w: &str) -> bool {
    matches!(
        w.trim_end_matches('.'),
        "f" | "ff" | "sq" | "sqq" | "ss" | "seq" | "sgg" | "segg"
    )
}

/// What a locator counts, from the word before its number.
fn locator_label(t: &str) -> LocatorLabel {
    let first = t
        .split_whitespace()
        .next()
        .unwrap_or("")
        .trim_end_matches('.')
        .to_lowercase();
    match first.as_str() {
        _ if t.starts_with('§') => LocatorLabel::Paragraph,
        "para" | "paras" | "par" | "rn" | "rz" | "tz" | "randnr" | "cons" | "fj" | "punto" => {
            LocatorLabel::Paragraph
        }
        "n" | "nn" | "note" | "fn" | "anm" => LocatorLabel::Note,
        "ch" | "chs" | "chap" | "chapter" | "cap" | "kap" => LocatorLabel::Chapter,
        "s" | "sec" | "sect" | "section" | "art" | "article" | "artt" => LocatorLabel::Section,
        "vol" | "bd" => LocatorLabel::Volume,
        "fol" | "fols" | "c" | "cc" => LocatorLabel::Folio,
        "l" | "ll" | "line" => LocatorLabel::Line,
        _ => LocatorLabel::Page,
    }
}

/// A URL without what announces it and the punctuation after it.
pub(crate) fn url_value(s: &str) -> String {
    let start = s
        .find("http")
        .or_else(|| s.find("www."))
        .or_else(|| s.find("ftp:"))
        .unwrap_or(0);
    let u = s[start..].split_whitespace().next().unwrap_or("");
    let u = u
        .trim_start_matches('<')
        .trim_end_matches(['>', '.', ',', ';', ')', ']']);
    u.to_string()
}

/// A DOI without `doi:` or the resolver.
pub(crate) fn doi_value(s: &str) -> String {
    let start = s.find("10.").unwrap_or(0);
    let d = s[start..].split_whitespace().next().unwrap_or("");
    d.trim_end_matches(['.', ',', ';', ')', ']', '>'])
        .to_string()
}

/// The note number of a cross-reference (`supra note 12` → 12, `(n 3)` → 3, `(Fn. 4)` → 4).
pub(crate) fn note_number(s: &str) -> Option<u32> {
    let lower = s.to_lowercase();
    if tables::PREVIOUS_NOTE_REFERENCES
        .iter()
        .any(|w| lower.contains(&w.to_lowercase()))
    {
        return Some(fields::PREVIOUS_NOTE);
    }
    let digits: String = s
        .trim_start_matches(|c: char| !c.is_ascii_digit())
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if digits.is_empty() || digits.len() > 6 {
        return None;
    }
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_cleaned() {
        assert_eq!(
            text_value("« Globalization, Sovereignty »,", false),
            "Globalization, Sovereignty"
        );
        assert_eq!(
            text_value("in Quaderni di SIDIblog,", true),
            "Quaderni di SIDIblog"
        );
        assert_eq!(text_value("In: Merkur", true), "Merkur");
        assert_eq!(text_value("'Procedure', in", false), "Procedure");
        assert_eq!(number_value("vol. 9,"), "9");
        assert_eq!(number_value("pp. 473–511,"), "473-511");
        assert_eq!(number_value("(3)"), "3");
        assert_eq!(number_value("Nr. 6/1982"), "6/1982");
        assert_eq!(edition_value("2nd edn.,"), "2");
        assert_eq!(edition_value("2. Aufl."), "2");
        assert_eq!(edition_value("third edition"), "3");
        assert_eq!(
            locator_value("p. 48."),
            ("48".to_string(), LocatorLabel::Page)
        );
        assert_eq!(number_value("pag. 100 - 101;"), "100-101");
        assert_eq!(number_value("702 p. (Psychologie)"), "702 p");
        assert_eq!(number_value("64 (1988)"), "64 (1988)");
    }

    #[test]
    fn pin_points_keep_what_they_count() {
        let value = |s: &str| locator_value(s).0;
        assert_eq!(
            locator_value("[29]–[33]"),
            ("29-33".to_string(), LocatorLabel::Paragraph)
        );
        assert_eq!(value("580 (Lord Atkin)"), "580");
        assert_eq!(value("s 3(1)"), "3(1)");
        assert_eq!(value("at 234"), "234");
        assert_eq!(value("S. 85 f."), "85 f.");
    }

    #[test]
    fn a_date_after_pages_is_the_date() {
        let year = |s: &str| date_value(s).map(|d| d.parts[0]);
        assert_eq!(year("1734 ‑ 1739, 2012."), Some(2012));
        assert_eq!(year("(1988),"), Some(1988));
        assert_eq!(
            locator_value("(281 f)."),
            ("281 f".to_string(), LocatorLabel::Page)
        );
        assert_eq!(
            locator_value("S. 85 f."),
            ("85 f.".to_string(), LocatorLabel::Page)
        );
        assert_eq!(
            locator_value("§ 3"),
            ("3".to_string(), LocatorLabel::Paragraph)
        );
        assert_eq!(locator_value("at 9"), ("9".to_string(), LocatorLabel::Page));
        assert_eq!(
            url_value("available at <https://x.org/a>."),
            "https://x.org/a"
        );
        assert_eq!(doi_value("doi:10.1017/S0020."), "10.1017/S0020");
        assert_eq!(note_number("(Fn. 4)"), Some(4));
        assert_eq!(note_number("supra note 12,"), Some(12));
        assert_eq!(date_value("(1972),").map(|d| d.parts), Some(vec![1972]));
    }
}
