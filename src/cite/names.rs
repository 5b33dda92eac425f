//! Lists of personal and corporate names at the start of a citation: `Overbeek, H.`,
//! `Loescher, G., Monahan, L. (eds.)`, `Ann M. Florini (ed.)`, `Klekowski von Koppenfels, Amanda`,
//! `Beck, Ulrich, Anthony Giddens, and Scott Lash`, `UN Population Division`.

use super::tables;
use super::text::{skip_spaces, word_at, year_in_word};
use crate::model::{Name, Span};
use std::ops::Range;

/// What the names of a list are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Author,
    Editor,
    Translator,
}

/// A name read from the text, with its range.
#[derive(Debug, Clone)]
pub(crate) struct ReadName {
    pub name: Name,
    pub range: Range<usize>,
}

/// A list of names and where it ends.
#[derive(Debug, Clone)]
pub(crate) struct NameList {
    pub names: Vec<ReadName>,
    pub role: Role,
    /// One past the list, its role marker included.
    pub end: usize,
    /// Whether the list holds a corporate name only.
    pub corporate: bool,
}

impl NameList {
    /// The names with their spans set to where they were read.
    pub(crate) fn located(&self) -> Vec<Name> {
        self.names
            .iter()
            .map(|n| Name {
                span: Some(Span::new(n.range.start, n.range.end)),
                ..n.name.clone()
            })
            .collect()
    }
}

/// The shape of one name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Shape {
    /// `Overbeek, H.`
    Inverted,
    /// `Ann M. Florini`, `H. Overbeek`
    Direct,
    /// `Lindholm ML`
    Compact,
    /// `UN Population Division`
    Corporate,
}

/// Word kinds used by the name grammar.
fn is_initial(w: &str) -> bool {
    let w = w.trim_end_matches(',');
    // `MB.`, `JF.`: capitals run together, closed by a period
    if let Some(caps) = w.strip_suffix('.')
        && (2..=3).contains(&caps.chars().count())
        && caps.chars().all(char::is_uppercase)
    {
        return true;
    }
    let mut letters = 0;
    let mut chars = w.chars().peekable();
    // J.  J.-P.  J.F.  Th.  J
    while let Some(c) = chars.next() {
        if c.is_uppercase() {
            letters += 1;
            // an optional second lowercase letter (Th., Ch.)
            if chars.peek().is_some_and(|n| n.is_lowercase()) {
                chars.next();
                if chars.peek() != Some(&'.') {
                    return false;
                }
            }
            match chars.peek() {
                Some('.') => {
                    chars.next();
                    if chars.peek() == Some(&'-') {
                        chars.next();
                    }
                }
                None => {}
                Some('-') => {
                    chars.next();
                }
                _ => return false,
            }
        } else {
            return false;
        }
    }
    (1..=4).contains(&letters) && (w.contains('.') || letters == 1)
}

/// `ML`, `SD`, `J.P`: initials written together after a family name (Vancouver).
fn is_compact_initials(w: &str) -> bool {
    let w = w.trim_end_matches([',', '.']);
    !w.is_empty()
        && w.chars().count() <= 3
        && w.chars().all(|c| c.is_uppercase() || c == '.')
        && w.chars().next().is_some_and(char::is_uppercase)
}

/// A capitalised name word: `Overbeek`, `Hocké`, `Martin-Facklam`, `O'Brien`, `LaPorta`.
/// A family name in capitals (`HOUIN`, `FAUSSER`), as some styles write it.
fn is_capitals_name(w: &str) -> bool {
    let w = w.trim_end_matches(',');
    w.chars().count() >= 2
        && w.chars().all(|c| c.is_uppercase() || "-'’".contains(c))
        && !tables::is_non_name_word(w)
}

fn is_name_word(w: &str) -> bool {
    let w = w.trim_end_matches(',');
    let mut chars = w.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    first.is_uppercase()
        && w.chars().count() >= 2
        && w.chars().all(|c| c.is_alphabetic() || "-'’".contains(c))
        && w.chars().any(char::is_lowercase)
}

/// A word that may open a name: a name word that is not a sentence word (`The`, `Voir`, `Die`).
/// Later words of a name may be such words (`Sajal K Das`).
fn opens_name(w: &str) -> bool {
    is_name_word(w) && !tables::is_non_name_word(w.trim_end_matches(','))
}

fn is_particle(w: &str) -> bool {
    tables::is_name_particle(w)
}

/// Whether `w` lowercased is a particle (`De`, `VAN`): ASCII words are lowercased on the stack.
fn is_particle_lowercased(w: &str) -> bool {
    let mut buf = [0u8; 16];
    match buf.get_mut(..w.len()) {
        Some(lower) if w.is_ascii() => {
            lower.copy_from_slice(w.as_bytes());
            lower.make_ascii_lowercase();
            std::str::from_utf8(lower).is_ok_and(is_particle)
        }
        _ => is_particle(&w.to_lowercase()),
    }
}

/// An all-capitals acronym (`IOM`, `HRW`, `UNHCR`, `OSCE/ODIHR`).
fn is_acronym(w: &str) -> bool {
    let w = w.trim_end_matches(',');
    // counted no further than one past the most an acronym has
    let letters = w.chars().filter(|c| c.is_alphabetic()).take(11).count();
    (2..=10).contains(&letters)
        && w.chars()
            .all(|c| c.is_uppercase() || c.is_ascii_digit() || "/-&".contains(c))
        && w.chars().next().is_some_and(char::is_uppercase)
}

/// `CHEVALLIER (Jacques),`, `TOCQUEVILLE (Alexis de).`, `Rivero (J.),`: French bibliographies
/// write the family name first and the given names in brackets after it. `words` are the words
/// from `start` up to the bracket.
fn bracketed_given(text: &str, start: usize, words: &[Range<usize>]) -> Option<ReadName> {
    let w = |r: &Range<usize>| &text[r.clone()];
    let last = words.last()?;
    let capitals = words
        .iter()
        .all(|r| is_capitals_name(w(r)) || is_particle(w(r)));
    let plain = words
        .iter()
        .all(|r| is_name_word(w(r)) || is_particle(w(r)));
    if words.len() > 3 || !(capitals || plain) || !text[last.end..].starts_with(" (") {
        return None;
    }
    let open = last.end + 2;
    let close = open + text[open..].find(')')?;
    let inside = &text[open..close];
    let given: Vec<&str> = inside.split_whitespace().collect();
    let names_only = !given.is_empty()
        && given.len() <= 4
        && given
            .first()
            .is_some_and(|g| is_initial(g) || opens_name(g))
        && given
            .iter()
            .all(|g| is_initial(g) || is_name_word(g) || is_particle(g))
        && role_marker(text, last.end).is_none();
    // a date or a place may stand in brackets after a name too: only a name closed by `,`, `.`
    // or `:` is one
    let after = &text[close + 1..];
    if !names_only || !(after.is_empty() || after.starts_with([',', '.', ':'])) {
        return None;
    }
    let (particle, given) = match given.split_last() {
        Some((p, rest)) if !rest.is_empty() && is_particle(p) => {
            (Some((*p).to_string()), rest.join(" "))
        }
        _ => (None, given.join(" ")),
    };
    let name = Name {
        family: Some(text[start..last.end].to_string()),
        given: Some(given),
        dropping_particle: particle,
        ..Name::default()
    };
    Some(ReadName {
        name,
        range: start..close + 1,
    })
}

/// Suffixes written after a family name.
pub(crate) const NAME_SUFFIXES: &[&str] = &["Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV"];

/// Lowercase words that may join the words of a corporate name.
const CORPORATE_JOINERS: &[&str] = &[
    "of", "on", "for", "and", "the", "de", "des", "du", "la", "le", "les", "et", "für", "der",
    "die", "und", "di", "del", "della", "degli", "y", "e", "en", "in", "to", "d’", "d'",
];

/// The words of the text from `start`, each with its range, up to a comma, a semicolon, a
/// parenthesis, a colon or a quote.
fn words_until_break(text: &str, start: usize) -> Words {
    let mut out = Words::default();
    let mut i = skip_spaces(text, start);
    while out.len() < MAX_NAME_WORDS
        && let Some(w) = word_at(text, i)
    {
        let word = &text[w.clone()];
        if word.starts_with(['(', '«', '“', '‘', '"', '„', '[']) {
            break;
        }
        // `Horkheimer, Max/Adorno, Theodor W.`: a slash ends the name
        let word = word.split('/').next().unwrap_or(word);
        let trimmed_end = w.start + word.trim_end_matches([',', ';', ':', ')']).len();
        if trimmed_end > w.start {
            out.push(w.start..trimmed_end);
        }
        if trimmed_end < w.start + word.len() || word.len() < w.end - w.start {
            break;
        }
        // `Lash. Reflexive`: a full word with a period ends the name
        if word.ends_with('.')
            && !is_initial(word)
            && (word.chars().filter(|c| c.is_alphabetic()).count() > 2
                || is_particle(&word[..word.len() - 1]))
        {
            if let Some(last) = out.last_mut() {
                last.end -= 1;
            }
            break;
        }
        i = skip_spaces(text, w.end);
    }
    out
}

/// The words of a name, at most [`MAX_NAME_WORDS`], held without allocating.
struct Words {
    ranges: [Range<usize>; MAX_NAME_WORDS],
    len: usize,
}

impl Default for Words {
    fn default() -> Self {
        Words {
            ranges: std::array::from_fn(|_| 0..0),
            len: 0,
        }
    }
}

impl Words {
    fn push(&mut self, r: Range<usize>) {
        if let Some(slot) = self.ranges.get_mut(self.len) {
            *slot = r;
            self.len += 1;
        }
    }

    fn truncate(&mut self, len: usize) {
        self.len = self.len.min(len);
    }

    fn pop(&mut self) {
        self.len = self.len.saturating_sub(1);
    }

    fn last_mut(&mut self) -> Option<&mut Range<usize>> {
        let len = self.len;
        self.ranges[..len].last_mut()
    }
}

impl std::ops::Deref for Words {
    type Target = [Range<usize>];

    fn deref(&self) -> &[Range<usize>] {
        &self.ranges[..self.len]
    }
}

/// No name (corporate names included) runs longer than this many words.
const MAX_NAME_WORDS: usize = 14;

/// Read one name at `start`. Returns the name and the end of its text.
fn name_at(text: &str, start: usize, allowed: &[Shape]) -> Option<(Shape, ReadName)> {
    let all_words = words_until_break(text, start);
    let w = |r: &Range<usize>| &text[r.clone()];
    // A person's name stops at `and`, `&`, `et`, `und`; a corporate name may hold them.
    let mut person_len = all_words
        .iter()
        .position(|r| tables::is_name_conjunction(w(r)))
        .unwrap_or(all_words.len());
    // `J. Ortega y Gasset,`: a Spanish double family name, not two people
    if person_len + 2 == all_words.len()
        && matches!(w(&all_words[person_len]), "y" | "i")
        && is_name_word(w(&all_words[person_len + 1]))
        && person_len >= 1
        && !is_initial(w(&all_words[person_len + 1]))
    {
        let family_start = person_len - 1;
        let given = &all_words[..family_start];
        if allowed.contains(&Shape::Direct)
            && !given.is_empty()
            && given.iter().all(|r| is_initial(w(r)) || opens_name(w(r)))
            && is_name_word(w(&all_words[family_start]))
        {
            let last = &all_words[all_words.len() - 1];
            let name = Name {
                family: Some(text[all_words[family_start].start..last.end].to_string()),
                given: Some(text[given[0].start..given[given.len() - 1].end].to_string()),
                ..Name::default()
            };
            let range = given[0].start..last.end;
            return Some((Shape::Direct, ReadName { name, range }));
        }
        person_len = all_words.len();
    }
    // `CHEVALLIER (Jacques)`, `DURKHEIM (Émile)`: the family name, then the given names in brackets
    if allowed.contains(&Shape::Inverted)
        && let Some(read) = bracketed_given(text, start, &all_words)
    {
        return Some((Shape::Inverted, read));
    }
    let words = &all_words[..person_len];
    let first = all_words.first()?;
    // `Blyth Jr., C.`: a suffix after the family name
    let suffix = words
        .last()
        .filter(|r| words.len() >= 2 && NAME_SUFFIXES.contains(&w(r)))
        .cloned();
    let words = if suffix.is_some() {
        &words[..words.len() - 1]
    } else {
        words
    };
    // Inverted: Family, Given
    if allowed.contains(&Shape::Inverted)
        && words.len() <= 4
        && (words.iter().enumerate().all(|(i, r)| {
            is_name_word(w(r))
                || is_particle(w(r))
                || i == 0 && words.len() >= 2 && is_particle_lowercased(w(r))
        }) || words.len() == 1 && is_capitals_name(w(first)))
        && !words.iter().any(|r| tables::is_organisation_word(w(r)))
        && words
            .last()
            .is_some_and(|r| is_name_word(w(r)) || is_capitals_name(w(r)))
        && (!is_particle(w(first)) || words.len() >= 2)
        && (is_name_word(w(first))
            || is_particle_lowercased(w(first))
            || is_capitals_name(w(first)))
    {
        let family_end = suffix.as_ref().or(words.last()).map_or(start, |r| r.end);
        if text[family_end..].starts_with(',') {
            let mut given_words = words_until_break(text, family_end + 1);
            // `Curtis, Richard L. Updating the Problems`: a full word after an initial opens the title
            // (`Heinemann, H. Erich.`: the last word closed by a period is a name too)
            let closed =
                |r: &Range<usize>| w(r).ends_with('.') || text[r.end..].starts_with(['.', ';']);
            if let Some(cut) = given_words
                .windows(2)
                .position(|p| is_initial(w(&p[0])) && w(&p[0]).ends_with('.') && !closed(&p[1]))
            {
                given_words.truncate(cut + 1);
            }
            // `Goethe, Johann Wolfgang von.`: a particle after the given names
            let trailing_particle = given_words
                .last()
                .filter(|r| given_words.len() > 1 && is_particle(w(r)))
                .cloned();
            if trailing_particle.is_some() {
                given_words.pop();
            }
            // `Nordhaus, William D. 1975.`: the given names end where the names end
            if let Some(cut) = given_words.iter().position(|r| {
                let g = w(r);
                tables::is_name_conjunction(g) || !(is_initial(g) || is_name_word(g))
            }) && cut > 0
            {
                given_words.truncate(cut);
            }
            let full_given = given_words.iter().filter(|r| !is_initial(w(r))).count();
            let full_family = words.iter().filter(|r| !is_particle(w(r))).count();
            let given_end = trailing_particle
                .as_ref()
                .or(given_words.last())
                .map_or(family_end, |r| r.end);
            // `Lobo, Eulalia Maria Lahmeyer.`: more given names when a period closes them
            let closed_given = text[given_end..].starts_with('.');
            let max_given = if closed_given && full_family == 1 {
                4
            } else {
                2
            };
            let given_ok = !given_words.is_empty()
                && given_words
                    .first()
                    .is_some_and(|r| is_initial(w(r)) || opens_name(w(r)))
                && given_words.len() <= max_given.max(3)
                && full_given <= max_given
                && (full_family < 2
                    || full_given == 0
                    || full_given == 1 && words.iter().any(|r| is_particle(w(r))))
                && given_words.iter().all(|r| {
                    let g = w(r);
                    // `Allemagne, France, Pays-Bas`: a country is no given name
                    is_initial(g)
                        || (is_name_word(g) && !tables::is_place(g) && !tables::is_place_region(g))
                })
                && !given_words.iter().any(|r| is_particle(w(r)));
            let followed_ok = given_words.last().is_some_and(|r| {
                let after = &text[given_end..];
                after.is_empty()
                    || after.starts_with([',', ';', '(', ')', ':', '.', '/'])
                    // `Beck, Ulrich and Anthony Giddens`, not `Ligemor, Border and refugee`
                    || [" and ", " & ", " et ", " und "].iter().any(|c| {
                        after.starts_with(c) && after[c.len()..].starts_with(char::is_uppercase)
                    })
                    || after.starts_with(" (")
                    || after
                        .split_whitespace()
                        .next()
                        .is_some_and(|y| year_in_word(y).is_some())
                    || text[r.clone()].ends_with('.')
            });
            if given_ok && followed_ok {
                let family_words: Vec<&str> = words.iter().map(w).collect();
                let (particle, family) = split_particle(&family_words);
                let given_text_end = given_words.last().map_or(family_end, |r| r.end);
                let given = text[given_words[0].start..given_text_end].to_string();
                let name = Name {
                    family: Some(family),
                    given: Some(given),
                    non_dropping_particle: particle,
                    dropping_particle: trailing_particle.as_ref().map(|r| w(r).to_string()),
                    suffix: suffix.as_ref().map(|r| w(r).to_string()),
                    ..Name::default()
                };
                return Some((
                    Shape::Inverted,
                    ReadName {
                        name,
                        range: first.start..given_end,
                    },
                ));
            }
        }
    }
    // Compact: Family INITIALS (`Lindholm ML`, `Bruggen M.,`)
    // in a list of such names, the last one may end the list: `Dingwell JB. Dynamic…`
    let in_compact_list = allowed == [Shape::Compact];
    // the first name of a citation (`Majeska G. 1984.`, `Shariq H. Energy…`)
    let opening = allowed.len() >= 3;
    let compact_with_periods = |r: &Range<usize>| {
        let after = text[r.end..].trim_start();
        is_initial(w(r))
            && (after.starts_with([',', ';'])
                || after.starts_with("et al")
                || in_compact_list && w(r).ends_with('.')
                || opening
                    && w(r).ends_with('.')
                    && after.split(' ').next().is_some_and(|y| {
                        year_in_word(y).is_some()
                            // `Shariq H. Energy…`, but `Joseph A. Schumpeter,` is a direct name
                            || opens_name(y) && name_at(text, start, &[Shape::Direct]).is_none()
                    }))
    };
    // `de Foucault B.`, `DE HEERING A.`: a particle before the family name
    let family_at = usize::from(words.len() == 3 && is_particle_lowercased(w(first)));
    if allowed.contains(&Shape::Compact)
        && words.len() >= 2 + family_at
        && (words.len() == 2 + family_at
            || (in_compact_list || opening) && w(&words[family_at + 1]).ends_with('.'))
        && (is_name_word(w(&words[family_at])) || is_capitals_name(w(&words[family_at])))
        && let initials = &words[family_at + 1]
        && (is_compact_initials(w(initials)) && !w(initials).ends_with('.')
            || compact_with_periods(initials))
    {
        let family_words: Vec<&str> = words[..=family_at].iter().map(w).collect();
        let (particle, family) = split_particle(&family_words);
        let name = Name {
            family: Some(family),
            given: Some(w(initials).trim_end_matches('.').to_string()),
            non_dropping_particle: particle,
            ..Name::default()
        };
        return Some((
            Shape::Compact,
            ReadName {
                name,
                range: first.start..initials.end,
            },
        ));
    }
    // Direct: Given [Initials] [particle] Family
    if allowed.contains(&Shape::Direct) && (2..=5).contains(&words.len()) {
        let last = words.last()?;
        let body = &words[..words.len() - 1];
        let given_count = body.iter().take_while(|r| !is_particle(w(r))).count();
        let ok = given_count >= 1
            && (is_initial(w(first)) || opens_name(w(first)) || is_compact_initials(w(first)))
            && body[..given_count]
                .iter()
                .all(|r| is_initial(w(r)) || is_name_word(w(r)) || is_compact_initials(w(r)))
            && body[given_count..].iter().all(|r| is_particle(w(r)))
            && (is_name_word(w(last)) || is_capitals_name(w(last)))
            && !tables::is_place(&text[first.start..last.end])
            && !(words.len() == 2
                && tables::is_place(w(last))
                && !is_initial(w(first))
                && tables::is_place(w(first)))
            && !words.iter().any(|r| tables::is_organisation_word(w(r)))
            && !(words.len() >= 4 && body.iter().all(|r| is_name_word(w(r))));
        if ok {
            let given = text[first.start..body[given_count - 1].end].to_string();
            let particle = (given_count < body.len())
                .then(|| text[body[given_count].start..body[body.len() - 1].end].to_string());
            let name = Name {
                family: Some(w(last).to_string()),
                given: Some(given),
                non_dropping_particle: particle,
                suffix: suffix.as_ref().map(|r| w(r).to_string()),
                ..Name::default()
            };
            let last_end = suffix.as_ref().map_or(last.end, |r| r.end);
            return Some((
                Shape::Direct,
                ReadName {
                    name,
                    range: first.start..last_end,
                },
            ));
        }
    }
    // Corporate
    if allowed.contains(&Shape::Corporate) {
        let words = &all_words;
        let mut end = 0;
        let mut count = 0;
        for (i, r) in words.iter().enumerate() {
            let word = w(r);
            let ok = if i == 0 {
                (opens_name(word) || is_acronym(word)) && !tables::is_place(word)
            } else {
                is_name_word(word) || is_acronym(word) || CORPORATE_JOINERS.contains(&word)
            };
            if !ok {
                break;
            }
            if !CORPORATE_JOINERS.contains(&word) {
                end = r.end;
            }
            count = i + 1;
        }
        if count > 0 && count == words.len() && end > first.start {
            let literal = text[first.start..end].to_string();
            let name = Name {
                literal: Some(literal),
                ..Name::default()
            };
            return Some((
                Shape::Corporate,
                ReadName {
                    name,
                    range: first.start..end,
                },
            ));
        }
    }
    None
}

/// Split `von Koppenfels`-like particles off a family name written as words.
fn split_particle(words: &[&str]) -> (Option<String>, String) {
    // Keep multi-word family names whole (`Klekowski von Koppenfels`): the particle is only
    // split when it comes first.
    if words.len() >= 2 && is_particle(words[0]) {
        let n = words.iter().take_while(|w| is_particle(w)).count();
        return (Some(words[..n].join(" ")), words[n..].join(" "));
    }
    (None, words.join(" "))
}

/// A role marker at `at` (`(ed.)`, `, eds.`, `(Hrsg.)`): the role and the end of the marker.
pub(crate) fn role_marker(text: &str, at: usize) -> Option<(Role, usize)> {
    let rest = text.get(at..)?;
    let trimmed = rest.trim_start_matches(|c: char| c == ',' || c.is_whitespace());
    let offset = at + rest.len() - trimmed.len();
    static MARKERS: std::sync::OnceLock<tables::ByFirstByte<(&str, Role)>> =
        std::sync::OnceLock::new();
    let markers = MARKERS.get_or_init(|| {
        let of = |markers: &'static [&'static str], role| markers.iter().map(move |&m| (m, role));
        tables::ByFirstByte::new(
            of(tables::EDITOR_MARKERS, Role::Editor)
                .chain(of(tables::TRANSLATOR_MARKERS, Role::Translator)),
            |e| e.0,
        )
    });
    for &(m, role) in markers.opening(trimmed) {
        if trimmed.starts_with(m) {
            let end = offset + m.len();
            let after = text[end..].chars().next();
            let bracketed = m.starts_with('(');
            if bracketed || after.is_none_or(|c| !c.is_alphanumeric()) {
                return Some((role, end));
            }
        }
    }
    None
}

/// No list of names is read further than this many names: reading a list stays bounded
/// wherever a citation is tried.
const MAX_LIST_NAMES: usize = 100;

/// Separators between the names of a list, longest first.
const SEPARATORS: &[&str] = &[
    "; & ", "; and ", ", and ", ", & ", ", et ", ", und ", " and ", " & ", " et ", " und ", " y ",
    " e ", "; ", " ; ", ",, ", " , ", ", ", "/", " a nd ",
];

/// Read a list of names at `start`. `corporate` allows a corporate name.
pub(crate) fn name_list(text: &str, start: usize, corporate: bool) -> Option<NameList> {
    let start = skip_spaces(text, start);
    let shapes: &[Shape] = if corporate {
        &[
            Shape::Inverted,
            Shape::Compact,
            Shape::Direct,
            Shape::Corporate,
        ]
    } else {
        &[Shape::Inverted, Shape::Compact, Shape::Direct]
    };
    let (first_shape, first) = name_at(text, start, shapes)?;
    let mut names = vec![first];
    let mut end = names[0].range.end;
    let mut role = Role::Author;
    let corporate_list = first_shape == Shape::Corporate;
    while names.len() < MAX_LIST_NAMES {
        if let Some((r, marker_end)) = role_marker(text, end) {
            role = r;
            end = marker_end;
            break;
        }
        if let Some(after) = et_al(text, end) {
            end = after;
            if let Some((r, marker_end)) = role_marker(text, end) {
                role = r;
                end = marker_end;
            }
            break;
        }
        if corporate_list {
            break;
        }
        if first_shape == Shape::Inverted
            && let Some(next) = period_listed_name(text, end, names.last().map(|n| &n.name))
        {
            end = next.range.end;
            names.push(next);
            continue;
        }
        let Some(sep) = SEPARATORS.iter().find(|s| text[end..].starts_with(*s)) else {
            break;
        };
        let next_start = end + sep.len();
        // `Brunner/Conze/Koselleck`: a slash joins names as `and` does
        let and_joined = !sep.trim().is_empty() && !matches!(sep.trim(), "," | ";" | ",,");
        let other = [first_shape];
        let allowed: &[Shape] = match first_shape {
            Shape::Inverted => &[Shape::Inverted, Shape::Direct],
            _ => &other,
        };
        let Some((shape, next)) = name_at(text, next_start, allowed) else {
            break;
        };
        // `Richard Tuck, Natural Rights Theories:` is a name and a title, not two names.
        if shape == Shape::Direct && !and_joined {
            let initials_first = text[next.range.clone()]
                .split(' ')
                .next()
                .is_some_and(is_initial);
            // another name joined by `and`, `;` or `/` (not `Global Governance and the New
            // Wars`, a title after a name)
            let continues = SEPARATORS[..SEPARATORS.len() - 3].iter().any(|s| {
                text[next.range.end..].starts_with(s)
                    && s.trim() != ","
                    && name_at(text, next.range.end + s.len(), allowed).is_some()
            }) || text[next.range.end..].starts_with(", and ")
                || text[next.range.end..].starts_with(", & ")
                || role_marker(text, next.range.end).is_some()
                || et_al(text, next.range.end).is_some();
            let after = text[next.range.end..].trim_start();
            let ends_well = after.is_empty() || after.starts_with(['.', ',', '(']);
            // `Yann LeCun, Sumit Chopra, Raia Hadsell, and Fu-Jie Huang.`: an `and` ahead
            let list_rest = &text[next.range.end..];
            let list_end = sentence_end(list_rest)
                .or_else(|| list_rest.find(['“', '«', '"', ':']))
                .unwrap_or(list_rest.len());
            // … and a name after it (`Mark Duffield, Global Governance and the New Wars` is a
            // name and a title)
            let and_ahead = [" and ", " & "].iter().any(|w| {
                list_rest[..list_end].find(w).is_some_and(|at| {
                    let name_at_pos = next.range.end + at + w.len();
                    name_at(text, name_at_pos, &[Shape::Direct, Shape::Inverted]).is_some()
                })
            });
            // `Eldar, Eran, and Ori Ganor, Roee Admon, …, and Talma Hendler`
            let continues = continues
                || and_ahead && (first_shape == Shape::Direct || list_rest.starts_with(", "));
            // `Droettboom, Michael, Ichiro Fujinaga, 2001,`: the list ends at a date or a period
            let after_trim = after.trim_start_matches([',', '(', ' ']);
            let dated = after_trim
                .split([' ', ',', ')', '.'])
                .next()
                .is_some_and(|y| year_in_word(y).is_some());
            let continues = continues || dated || after.starts_with(". ") || after == ".";
            if (!initials_first || !ends_well) && !continues {
                break;
            }
        }
        end = next.range.end;
        names.push(next);
    }
    Some(NameList {
        names,
        role,
        end,
        corporate: corporate_list,
    })
}

/// `Anderson, Imagined Communities, 44.`: a short form whose title reads as an inverted
/// name's given names. The list cut back to the family name, when it is one name of full words.
pub(crate) fn family_before_title(text: &str, list: &NameList) -> Option<NameList> {
    let [only] = list.names.as_slice() else {
        return None;
    };
    let given = only.name.given.as_deref()?;
    let family = only.name.family.as_deref()?;
    let written = text.get(only.range.clone())?;
    let comma = written.find(", ")?;
    let full_words = given
        .split(' ')
        .all(|w| w.chars().count() > 2 && !is_initial(w) && !w.contains('.'));
    if list.role != Role::Author || !full_words || !written[..comma].ends_with(family) {
        return None;
    }
    let end = only.range.start + comma;
    // `UNHCR, Statistical Yearbook`: an acronym is an organisation
    let acronym = family.chars().all(|c| c.is_ascii_uppercase()) && tables::is_organisation(family);
    let name = if acronym {
        Name {
            literal: Some(family.to_string()),
            span: only.name.span,
            ..Name::default()
        }
    } else {
        Name {
            given: None,
            ..only.name.clone()
        }
    };
    Some(NameList {
        names: vec![ReadName {
            name,
            range: only.range.start..end,
        }],
        role: Role::Author,
        end,
        corporate: acronym,
    })
}

/// A family name alone before a comma: `Weil, ` in `Weil, ouvr. cité` or `Weil, Qu’est-ce
/// qu’un Français ?, op. cit.` (at most three words, particles included, none abbreviated; a
/// word that is not a name elsewhere is one here).
pub(crate) fn family_alone(text: &str, start: usize) -> Option<NameList> {
    let start = skip_spaces(text, start);
    let rest = text.get(start..)?;
    let comma = rest.find(',')?;
    let written = &rest[..comma];
    let words: Vec<&str> = written.split(' ').collect();
    let last = words.last()?;
    let name_like = words.len() <= 3
        && last.starts_with(char::is_uppercase)
        && words.iter().all(|w| {
            w.chars().count() >= 2
                && w.chars().all(|c| c.is_alphabetic() || "-'’".contains(c))
                && (w.starts_with(char::is_uppercase) || is_particle(w))
        });
    if !name_like {
        return None;
    }
    let end = start + comma;
    Some(NameList {
        names: vec![ReadName {
            name: Name {
                family: Some(written.to_string()),
                ..Name::default()
            },
            range: start..end,
        }],
        role: Role::Author,
        end,
        corporate: false,
    })
}

/// A name after a period in a list of inverted names written in capitals or with initials only:
/// `ROUSSILLON, René. CHABERT, Catherine.`, `Heinrichs, SC. Koob, GF.`
fn period_listed_name(text: &str, end: usize, previous: Option<&Name>) -> Option<ReadName> {
    let previous = previous?;
    let rest = &text[end..];
    let start = if rest.starts_with(". ") {
        end + 2
    } else if rest.starts_with(' ') && text[..end].ends_with('.') {
        end + 1
    } else {
        return None;
    };
    let (shape, next) = name_at(text, start, &[Shape::Inverted])?;
    let capitals = |n: &Name| n.family.as_deref().is_some_and(is_capitals_name);
    let initials = |n: &Name| {
        n.given.as_deref().is_some_and(|g| {
            g.split(' ')
                .all(|w| is_initial(w) || is_compact_initials(w))
        })
    };
    let alike =
        capitals(previous) && capitals(&next.name) || initials(previous) && initials(&next.name);
    (shape == Shape::Inverted && alike).then_some(next)
}

/// The first `. ` that closes a sentence, not an initial (`Phillip B. Gibbons`).
fn sentence_end(s: &str) -> Option<usize> {
    s.match_indices(". ").map(|(i, _)| i).find(|&i| {
        let word = s[..=i].rsplit(' ').next().unwrap_or("");
        !is_initial(word)
    })
}

/// `et al.` and its kin after a name: the end of the marker.
fn et_al(text: &str, at: usize) -> Option<usize> {
    let rest = text.get(at..)?;
    let trimmed = rest.trim_start_matches([',', ';', ' ']);
    let offset = at + rest.len() - trimmed.len();
    tables::ET_AL
        .iter()
        .find(|m| trimmed.starts_with(*m))
        .map(|m| offset + m.len())
}

/// A family name for keys and matching: the family (particle included) or the literal.
pub(crate) fn family_of(name: &Name) -> String {
    match (&name.family, &name.literal) {
        (Some(f), _) => match &name.non_dropping_particle {
            Some(p) => format!("{p} {f}"),
            None => f.clone(),
        },
        (None, Some(l)) => l.clone(),
        (None, None) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> (Vec<String>, Role, &str) {
        let list = name_list(text, 0, true).unwrap_or_else(|| panic!("no names in {text:?}"));
        let names = list
            .names
            .iter()
            .map(|n| {
                let f = family_of(&n.name);
                match &n.name.given {
                    Some(g) => format!("{f}|{g}"),
                    None => f,
                }
            })
            .collect();
        (names, list.role, &text[list.end..])
    }

    #[test]
    fn inverted_names() {
        assert_eq!(read("Overbeek, H., 2001").0, ["Overbeek|H."]);
        assert_eq!(read("Hocké, J.-P., 1989").0, ["Hocké|J.-P."]);
        let (names, role, rest) = read("Loescher, G., Monahan, L. (eds.), Refugees");
        assert_eq!(names, ["Loescher|G.", "Monahan|L."]);
        assert_eq!(role, Role::Editor);
        assert_eq!(rest, ", Refugees");
        assert_eq!(
            read("Klekowski von Koppenfels, Amanda, 2001").0,
            ["Klekowski von Koppenfels|Amanda"]
        );
        assert_eq!(read("Krasner, Stephen D. (ed.), 1991").1, Role::Editor);
        assert_eq!(
            read("Beck, Ulrich, Anthony Giddens, and Scott Lash. Reflexive").0,
            ["Beck|Ulrich", "Giddens|Anthony", "Lash|Scott"]
        );
    }

    #[test]
    fn direct_and_corporate_names() {
        assert_eq!(read("Ann M. Florini (ed.) The Third").0, ["Florini|Ann M."]);
        assert_eq!(
            read("Richard Tuck, Natural Rights Theories: Their").0,
            ["Tuck|Richard"]
        );
        assert_eq!(
            read("UN Population Division, 2002").0,
            ["UN Population Division"]
        );
        assert_eq!(read("HRW, The IOM and Human Rights").0, ["HRW"]);
        assert_eq!(
            read("A. Beveratos, R. Brouri, and P. Grangier, “Single").0,
            ["Beveratos|A.", "Brouri|R.", "Grangier|P."]
        );
        assert_eq!(
            read("Lindholm ML, Traff S, Granath F, et al. Mortality")
                .0
                .len(),
            3
        );
    }

    #[test]
    fn lists_in_less_common_shapes() {
        // several given names, a particle after them
        assert_eq!(
            read("Lobo, Eulalia Maria Lahmeyer. História").0,
            ["Lobo|Eulalia Maria Lahmeyer"]
        );
        assert_eq!(read("Campos, Haroldo de. Morfologia").0, ["Campos|Haroldo"]);
        assert_eq!(
            read("Valence, Françoise de, Médecins").0,
            ["Valence|Françoise"]
        );
        // names closed by periods, in capitals or with initials
        assert_eq!(
            read("ROUSSILLON, René. CHABERT, Catherine. Manuel").0,
            ["ROUSSILLON|René", "CHABERT|Catherine"]
        );
        assert_eq!(
            read("Heinrichs, SC. Koob, GF. (2004)").0,
            ["Heinrichs|SC.", "Koob|GF."]
        );
        // semicolons, a lone family name with an initial, double commas
        assert_eq!(
            read("Capirci, Olga; Caselli, M. Cristina; & Volterra, Virginia. 2005").0,
            ["Capirci|Olga", "Caselli|M. Cristina", "Volterra|Virginia"]
        );
        assert_eq!(read("Majeska G. 1984. Russian").0, ["Majeska|G"]);
        assert_eq!(read("de Foucault B., 2009.").0, ["de Foucault|B"]);
        assert_eq!(read("Owen CR,, Buker EO,, Bell JF. 1964.").0.len(), 3);
        // a direct name is not a family name with an initial
        assert_eq!(
            read("Joseph A. Schumpeter, Capitalism").0,
            ["Schumpeter|Joseph A."]
        );
        // a list of direct names with middle initials up to its `and`
        assert_eq!(
            read(
                "Shimin Chen, Michael Kozuch, Phillip B. Gibbons, and Evangelos Vlachos. Flexible"
            )
            .0
            .len(),
            4
        );
        // a title after an inverted name is not more given names
        assert_eq!(
            read("Tuck, Natural Rights Theories, 58.").2,
            ", Natural Rights Theories, 58."
        );
    }
}
