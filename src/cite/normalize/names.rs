//! Name lists as users expect them: a run labelled `author`, `editor` or `translator` split
//! into names, each into family and given names (particles kept), role words and `in` left out.

use crate::cite::names as reader;
use crate::cite::tables;
use crate::cite::text::clean_value;
use crate::model::{Name, Span};
use std::ops::Range;

/// Words before a name list that are not names (`in`, `edited by`, `hg. von`, `a cura di`).
const LEADS: &[&str] = &[
    "In:",
    "in:",
    "In",
    "in",
    "[in:]",
    "[In:]",
    "dans",
    "Dans",
    "en",
    "En",
    "edited by",
    "Edited by",
    "ed. by",
    "eds.",
    "eds",
    "ed.",
    "Ed.",
    "hg. von",
    "hg. v.",
    "Hg. v.",
    "hrsg. von",
    "hrsg. v.",
    "Hrsg. v.",
    "herausgegeben von",
    "a cura di",
    "A cura di",
    "by",
    "By",
    "trans.",
    "Trans.",
    "transl.",
    "translated by",
    "Translated by",
    "übers. von",
    "übersetzt von",
    "trad.",
    "tr.",
    "sous la direction de",
    "sous la dir. de",
    "dir.",
    "éd. par",
    "edición de",
    "ed. de",
    "coord.",
    "comp.",
];

/// The names of the run `range` of `text` (byte ranges of the note), spans set.
pub(crate) fn names_of(text: &str, range: Range<usize>) -> Vec<Name> {
    let range = strip_trailing_roles(text, strip_leads(text, range));
    if range.is_empty() {
        return Vec::new();
    }
    let run = &text[range.clone()];
    let run_end = range.start + run.trim_end_matches(trailing_noise).len();
    if is_body(&text[range.start..run_end]) {
        return vec![Name {
            literal: Some(clean_value(&text[range.start..run_end])),
            span: Some(Span::new(range.start, run_end)),
            ..Name::default()
        }];
    }
    if let Some(list) = reader::name_list(text, range.start, true)
        && list.end + 2 >= run_end
        && list.end <= range.end + 1
        && !list.names.is_empty()
    {
        return list.located();
    }
    suffixes_joined(split_names(text, range))
}

/// `Fallon, Richard H., Jr.`: a suffix read as a name of its own belongs to the name before.
fn suffixes_joined(names: Vec<Name>) -> Vec<Name> {
    let mut out: Vec<Name> = Vec::with_capacity(names.len());
    for n in names {
        let written = n.family.as_deref().or(n.literal.as_deref()).unwrap_or("");
        let suffix = matches!(
            written.trim_end_matches('.'),
            "Jr" | "Sr" | "II" | "III" | "IV"
        );
        match out.last_mut() {
            Some(before) if suffix && n.given.is_none() && before.suffix.is_none() => {
                before.suffix = Some(written.to_string());
            }
            _ => out.push(n),
        }
    }
    out
}

/// Whether a run names a body, not people: an acronym among its words (`IOM Migration Policy
/// and Research`), or an organisation word (`Conseil Economique et Social …`), and no
/// initials or `Family, Given` pairs.
fn is_body(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    if words.len() < 2 || undotted_initials(s) {
        return false;
    }
    let initials = words
        .iter()
        .any(|w| crate::cite::features::is_initial_word(w));
    let acronym = words.iter().any(|w| {
        let w = w.trim_matches(|c: char| !c.is_alphanumeric());
        w.chars().count() >= 2 && w.chars().all(|c| c.is_uppercase())
    });
    let organisation = tables::is_organisation(s)
        || words
            .iter()
            .any(|w| tables::is_organisation_word(w.trim_matches(|c: char| !c.is_alphanumeric())));
    !initials && (acronym || organisation)
}

/// `HLA Hart`, `AG Guest and JR Spencer`: people written with initials run together, each
/// name two words, the first in capitals, the second not.
fn undotted_initials(s: &str) -> bool {
    if tables::is_organisation(s) {
        return false;
    }
    let mut people = vec![s];
    for sep in [" and ", " & ", ", "] {
        people = people.iter().flat_map(|p| p.split(sep)).collect();
    }
    people.iter().all(|p| {
        let words: Vec<&str> = p.split_whitespace().collect();
        let initials =
            |w: &str| (2..=4).contains(&w.chars().count()) && w.chars().all(|c| c.is_uppercase());
        let family = |w: &str| {
            w.starts_with(char::is_uppercase) && w.chars().skip(1).any(char::is_lowercase)
        };
        words.len() == 2 && initials(words[0]) && family(words[1])
    })
}

/// The run without the role words after the names (`AG Guest (ed)`, `T. Parsons, Trans.)`)
/// and without a bracket opened before them and not closed.
fn strip_trailing_roles(text: &str, mut range: Range<usize>) -> Range<usize> {
    loop {
        let s = &text[range.clone()];
        let mut trimmed = s.trim_end_matches(|c: char| c.is_whitespace() || ",;:".contains(c));
        if let Some(t) = trimmed.strip_suffix(").") {
            trimmed = &trimmed[..t.len() + 1];
        }
        range.end = range.start + trimmed.len();
        if trimmed.len() > 1 && trimmed.starts_with('(') && trimmed.ends_with(')') {
            range = range.start + 1..range.end - 1;
            continue;
        }
        let bracket_left = trimmed.starts_with('(') && !trimmed.contains(')');
        let bracket_right = trimmed.ends_with(')') && !trimmed.contains('(');
        if bracket_left {
            range.start += 1;
            continue;
        }
        if bracket_right {
            range.end -= 1;
            continue;
        }
        let Some(role) = TRAILING_ROLES.iter().find(|r| {
            trimmed
                .strip_suffix(**r)
                .is_some_and(|before| before.ends_with([' ', ',', '.']))
        }) else {
            return range;
        };
        range.end -= role.len();
    }
}

/// Role words that may close a name list.
const TRAILING_ROLES: &[&str] = &[
    "(eds.)", "(eds)", "(ed.)", "(ed)", "(Eds.)", "(Eds)", "(Ed.)", "(Ed)", "(Hrsg.)", "(Hrsg)",
    "(Hg.)", "(Hg)", "(dir.)", "(dirs.)", "(coord.)", "(éd.)", "(éds.)", "(trans.)", "(trans)",
    "eds.", "eds", "ed.", "Trans.", "trans.", "Trans", "trans", "Hrsg.", "Hg.", "et al.", "et al",
    "u.a.", "u. a.",
];

/// Punctuation and role words after a list (`(eds.),`, `:`).
fn trailing_noise(c: char) -> bool {
    c.is_whitespace() || ",;:.".contains(c)
}

/// The run without the words before the names.
fn strip_leads(text: &str, mut range: Range<usize>) -> Range<usize> {
    loop {
        let s = &text[range.clone()];
        let trimmed = s.trim_start_matches(|c: char| c.is_whitespace() || c == ',');
        range.start += s.len() - trimmed.len();
        let Some(lead) = LEADS.iter().find(|l| {
            trimmed.starts_with(*l)
                && trimmed[l.len()..].starts_with(|c: char| c.is_whitespace() || c == ':')
        }) else {
            return range;
        };
        range.start += lead.len();
    }
}

/// Separators between names, tried in order.
const SEPARATORS: &[&str] = &[
    "; ", " and ", " & ", " und ", " u. ", " et ", " e ", " y ", " and/or ", "/", " – ", ", ",
];

/// Role words and marks inside a list, left out of the names.
const ROLE_WORDS: &[&str] = &[
    "(eds.)",
    "(eds)",
    "(ed.)",
    "(ed)",
    "(Hrsg.)",
    "(Hrsg)",
    "(Hg.)",
    "(Hg)",
    "(dir.)",
    "(dirs.)",
    "(a cura di)",
    "(coord.)",
    "(comp.)",
    "(éd.)",
    "(éds.)",
    "(trans.)",
    "eds.",
    "ed.",
    "Hrsg.",
    "Hg.",
    "et al.",
    "et al",
    "u.a.",
    "u. a.",
    "e altri",
    "y otros",
];

/// Split a list the name reader could not read: at `;`, `and`, `/`, and at commas, pairing
/// `Family, Given` when the parts alternate so.
fn split_names(text: &str, range: Range<usize>) -> Vec<Name> {
    let mut parts: Vec<Range<usize>> = vec![range];
    for sep in SEPARATORS {
        parts = parts
            .into_iter()
            .flat_map(|r| split_at(text, r, sep))
            .collect();
    }
    let parts: Vec<Range<usize>> = parts
        .into_iter()
        .map(|r| clean_part(text, r))
        .filter(|r| !r.is_empty())
        .collect();
    let mut names = Vec::new();
    let mut i = 0;
    while i < parts.len() {
        let here = &text[parts[i].clone()];
        let next_given = parts
            .get(i + 1)
            .is_some_and(|r| looks_given(&text[r.clone()]));
        if next_given && (!here.contains(' ') || here.chars().all(char::is_uppercase)) {
            let given = &text[parts[i + 1].clone()];
            names.push(Name {
                family: Some(clean_value(here)),
                given: Some(clean_value(given)),
                span: Some(Span::new(parts[i].start, parts[i + 1].end)),
                ..Name::default()
            });
            i += 2;
            continue;
        }
        names.push(direct_name(here, parts[i].clone()));
        i += 1;
    }
    names
}

/// `r` split at each `sep` outside brackets.
fn split_at(text: &str, r: Range<usize>, sep: &str) -> Vec<Range<usize>> {
    let s = &text[r.clone()];
    let mut out = Vec::new();
    let mut start = 0;
    let mut depth = 0i32;
    for (i, c) in s.char_indices() {
        match c {
            '(' | '[' => depth += 1,
            ')' | ']' => depth -= 1,
            _ => {}
        }
        if i >= start && depth <= 0 && s[i..].starts_with(sep) {
            out.push(r.start + start..r.start + i);
            start = i + sep.len();
        }
    }
    out.push(r.start + start..r.end);
    out
}

/// A part without role words, brackets and punctuation at its ends.
fn clean_part(text: &str, mut r: Range<usize>) -> Range<usize> {
    loop {
        let s = &text[r.clone()];
        let trimmed = s.trim_matches(|c: char| c.is_whitespace() || ",;:".contains(c));
        let lead = s.len()
            - s.trim_start_matches(|c: char| c.is_whitespace() || ",;:".contains(c))
                .len();
        r = r.start + lead..r.start + lead + trimmed.len();
        let s = &text[r.clone()];
        let Some(word) = ROLE_WORDS
            .iter()
            .find(|w| s.ends_with(*w) || s.starts_with(*w))
        else {
            return r;
        };
        if s.ends_with(word) {
            r.end -= word.len();
        } else {
            r.start += word.len();
        }
    }
}

/// Whether a part is given names (initials, or one or two capitalised words) more than a name.
fn looks_given(s: &str) -> bool {
    let words: Vec<&str> = s.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 3
        && words.iter().all(|w| {
            crate::cite::features::is_initial_word(w)
                || w.chars().count() > 1
                    && w.starts_with(char::is_uppercase)
                    && tables::is_given_name(w.trim_end_matches('.'))
        })
}

/// A name written given names first (`Richard Tuck`, `H.L.A. Hart`, `Jean-Pierre Hocké`), or
/// an organisation.
fn direct_name(s: &str, r: Range<usize>) -> Name {
    let span = Some(Span::new(r.start, r.end));
    let words: Vec<&str> = s.split_whitespace().collect();
    // `Müller/Schmidt`: a family name alone
    if let [word] = words[..]
        && word.starts_with(char::is_uppercase)
        && word.chars().any(char::is_lowercase)
        && !tables::is_organisation(word)
    {
        return Name {
            family: Some(clean_value(word)),
            span,
            ..Name::default()
        };
    }
    let personal = words.len() >= 2
        && words.len() <= 5
        && !tables::is_organisation(s)
        && words
            .iter()
            .all(|w| w.starts_with(char::is_uppercase) || tables::NAME_PARTICLES.contains(w));
    if !personal {
        return Name {
            literal: Some(clean_value(s)),
            span,
            ..Name::default()
        };
    }
    // the family name is the last word, with the particles before it
    let mut k = words.len() - 1;
    while k > 1 && tables::is_name_particle(words[k - 1]) {
        k -= 1;
    }
    let (particle, family) = if k < words.len() - 1 {
        (
            Some(words[k..words.len() - 1].join(" ")),
            words[words.len() - 1],
        )
    } else {
        (None, words[k])
    };
    Name {
        family: Some(clean_value(family)),
        given: Some(words[..k].join(" ")),
        non_dropping_particle: particle,
        span,
        ..Name::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn families(s: &str) -> Vec<String> {
        names_of(s, 0..s.len())
            .iter()
            .map(|n| n.family.clone().or(n.literal.clone()).unwrap_or_default())
            .collect()
    }

    #[test]
    fn lists_are_split() {
        assert_eq!(
            families("S. P. Turner, R. A. Factor,"),
            ["Turner", "Factor"]
        );
        assert_eq!(
            families("in Böhle/Voß/Wachtler (Hrsg),"),
            ["Böhle", "Voß", "Wachtler"]
        );
        assert_eq!(families("Overbeek, H.,"), ["Overbeek"]);
        assert_eq!(
            families("International Labour Organization (ILO),").len(),
            1
        );
    }

    #[test]
    fn initials_roles_and_suffixes() {
        let first = |s: &str| {
            names_of(s, 0..s.len())
                .into_iter()
                .next()
                .unwrap_or_default()
        };
        let hart = first("HLA Hart,");
        assert_eq!(
            (hart.family.as_deref(), hart.given.as_deref()),
            (Some("Hart"), Some("HLA"))
        );
        assert_eq!(first("AG Guest (ed),").family.as_deref(), Some("Guest"));
        assert_eq!(
            first("(T. Parsons, Trans.).").family.as_deref(),
            Some("Parsons")
        );
        assert_eq!(
            families("(Geoffrey R. Stone, Richard A. Epstein & Cass R. Sunstein eds.,"),
            ["Stone", "Epstein", "Sunstein"]
        );
        let fallon = names_of("Richard H. Fallon, Jr.,", 0..23);
        assert_eq!(fallon.len(), 1);
        assert_eq!(fallon[0].suffix.as_deref(), Some("Jr"));
        assert_eq!(families("Müller/Schmidt"), ["Müller", "Schmidt"]);
    }
}
