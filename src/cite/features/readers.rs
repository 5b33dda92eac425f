//! What the rule readers find at each token: a list of names, a back-reference, a locator, a
//! signal, a date, a role marker, a container marker, a court decision or an act. Each reader
//! is tried where a token starts; the tokens it covers get a feature saying so, the first one
//! another.

use super::id;
use super::lexicon::{Class, Classes};
use crate::cite::names::{self, Role};
use crate::cite::{dates, fields, legal};
use crate::model::CitationKind;
use std::ops::Range;

/// For each token, the features of the rule readers, into `out` (a list for each token,
/// empty).
///
/// The costly readers are tried only where they may succeed: dates at a digit or a month,
/// name lists where a citation may start (the note's start, after a signal, `in`, a role word,
/// `;`, `:` or a sentence end), court decisions and acts at a court's or an act's word.
pub(super) fn reader_features(
    text: &str,
    tokens: &[Range<usize>],
    words: &[&str],
    classes: &[Classes],
    out: &mut [Vec<u64>],
) {
    for (i, r) in tokens.iter().enumerate() {
        let at = r.start;
        let w = words[i];
        let Some(first) = w.chars().next() else {
            continue;
        };
        let here = classes[i];
        let before = i.checked_sub(1).map(|p| (words[p], classes[p]));
        let backref =
            Class::Ibid.bit() | Class::Idem.bit() | Class::OpCit.bit() | Class::LocCit.bit();
        if here & backref != 0
            && let Some((kind, end)) = fields::backref_at(text, at)
        {
            mark(out, tokens, i, end, "backref", kind_name(kind));
        }
        if (here & Class::LocatorLabel.bit() != 0 || glued_label(w))
            && let Some((_, label, len)) = fields::locator_at(&text[at..])
        {
            mark(out, tokens, i, at + len, "locator", label_name(label));
        }
        if here & Class::Signal.bit() != 0 {
            let signal_end = fields::skip_signal(text, at);
            if signal_end > at {
                mark(out, tokens, i, signal_end, "signal", "");
            }
        }
        let datelike = first.is_ascii_digit()
            || w.starts_with('(') && w[1..].starts_with(|c: char| c.is_ascii_digit())
            || here & (Class::Month.bit() | Class::Season.bit()) != 0;
        if datelike && let Ok((rest, _)) = dates::date(&text[at..]) {
            let end = text.len() - rest.len();
            if end > at {
                mark(out, tokens, i, end, "date", "");
            }
        }
        if here & (Class::Editor.bit() | Class::Translator.bit()) != 0
            && let Some((role, end)) = names::role_marker(text, at)
        {
            mark(out, tokens, i, end, "role", role_name(role));
        }
        if here & Class::Container.bit() != 0
            && let Some(len) = fields::container_marker_len(&text[at..])
        {
            mark(out, tokens, i, at + len, "container", "");
        }
        if first.is_uppercase()
            && may_open_names(before)
            && let Some(list) = names::name_list(text, at, true)
        {
            let kind = if list.corporate {
                "body"
            } else {
                role_name(list.role)
            };
            mark(out, tokens, i, list.end, "names", kind);
        }
        if here & (Class::Court.bit() | Class::Legislation.bit()) != 0 {
            let end = legal_end(text, at);
            if let Some(source) = legal::legal_source(text, at, end) {
                mark_legal(out, tokens, &source);
            }
        }
    }
}

/// A locator's label glued to its number (`p.48`, `S.12`, `§39`).
fn glued_label(w: &str) -> bool {
    if w.starts_with('§') {
        return true;
    }
    let letters = w.len()
        - w.trim_start_matches(|c: char| c.is_ascii_alphabetic())
            .len();
    (1..=4).contains(&letters)
        && w[letters..].starts_with('.')
        && w[letters + 1..].starts_with(|c: char| c.is_ascii_digit())
}

/// Whether a list of names may start after the token `before` (none: the note's start).
fn may_open_names(before: Option<(&str, Classes)>) -> bool {
    let Some((w, classes)) = before else {
        return true;
    };
    let opener = Class::Signal.bit()
        | Class::Container.bit()
        | Class::Editor.bit()
        | Class::Translator.bit()
        | Class::CitedIn.bit();
    classes & opener != 0
        || w.ends_with([';', ':', '(', '[', '.'])
        || w.ends_with("),")
        || w.ends_with(',') && w.chars().any(|c| c.is_ascii_digit())
}

/// How far a court decision or an act starting at `at` is looked for: to the end of its
/// sentence, at most a few hundred bytes.
fn legal_end(text: &str, at: usize) -> usize {
    let limit = (at + 300).min(text.len());
    let mut end = limit;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    text[at..end].find("; ").map_or(end, |i| at + i)
}

/// Give the tokens from `i` to the one holding byte `end - 1` the feature `kind` (the first
/// `kind:open`), with `value`.
fn mark(
    out: &mut [Vec<u64>],
    tokens: &[Range<usize>],
    i: usize,
    end: usize,
    kind: &str,
    value: &str,
) {
    let mut k = i;
    while k < tokens.len() && tokens[k].start < end {
        let place = if k == i { "open" } else { "in" };
        out[k].push(id(kind, place));
        if !value.is_empty() {
            out[k].push(super::pair(id(kind, value), id(kind, place)));
        }
        k += 1;
    }
}

/// Give the tokens a legal reader found their field as a feature.
fn mark_legal(out: &mut [Vec<u64>], tokens: &[Range<usize>], s: &legal::LegalSource) {
    let parts = [
        ("court", &s.court),
        ("title", &s.title),
        ("number", &s.number),
        ("container", &s.container),
        ("volume", &s.volume),
        ("page", &s.page),
    ];
    for (name, range) in parts {
        if let Some(r) = range {
            mark_range(out, tokens, r, name);
        }
    }
    if let Some((_, r)) = &s.date {
        mark_range(out, tokens, r, "date");
    }
    if let Some((r, _)) = &s.locator {
        mark_range(out, tokens, r, "locator");
    }
}

/// Give the tokens overlapping `r` the feature `legal=name`.
fn mark_range(out: &mut [Vec<u64>], tokens: &[Range<usize>], r: &Range<usize>, name: &str) {
    let first = tokens.partition_point(|t| t.end <= r.start);
    for (k, t) in tokens.iter().enumerate().skip(first) {
        if t.start >= r.end {
            break;
        }
        out[k].push(id("legal", name));
    }
}

fn kind_name(kind: CitationKind) -> &'static str {
    match kind {
        CitationKind::Ibid => "ibid",
        CitationKind::OpCit => "opcit",
        CitationKind::LocCit => "loccit",
        CitationKind::Idem => "idem",
        CitationKind::Supra => "supra",
        CitationKind::Short => "short",
        _ => "full",
    }
}

fn label_name(label: crate::model::LocatorLabel) -> &'static str {
    use crate::model::LocatorLabel as L;
    match label {
        L::Page => "page",
        L::Paragraph => "paragraph",
        L::Section => "section",
        L::Note => "note",
        L::Chapter => "chapter",
        L::Volume => "volume",
        L::Line => "line",
        L::Folio => "folio",
    }
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::Author => "author",
        Role::Editor => "editor",
        Role::Translator => "translator",
    }
}
