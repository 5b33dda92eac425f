//! US citations in Bluebook form: court decisions by volume, reporter and page
//! (`Chevron U.S.A. Inc. v. Natural Res. Def. Council, Inc., 467 U.S. 837, 842–43 (1984)`),
//! their short forms (`Chevron, 467 U.S. at 843`), and code sections and register pages
//! (`5 U.S.C. § 553 (2018)`, `80 Fed. Reg. 37,054 (June 29, 2015)`).

use super::tables;
use super::text::{skip_spaces, trim_range, year_in_word};
use nom::{
    IResult, Parser,
    bytes::complete::tag,
    character::complete::{char, digit1},
    combinator::{opt, recognize},
    multi::many0,
    sequence::preceded,
};
use std::ops::Range;

/// A case name is at most this long.
const MAX_CASE_NAME_BYTES: usize = 240;
/// A short case form names the case in at most this many words (`Chevron`, `Am. Meat Inst.`).
const MAX_SHORT_NAME_WORDS: usize = 5;

/// A US decision or its short form, as ranges of the citation's text.
#[derive(Debug)]
pub(crate) struct UsCase {
    pub name: Range<usize>,
    /// The docket number of an unreported decision (`No. 19-cv-1234`).
    pub number: Option<Range<usize>>,
    pub volume: Range<usize>,
    pub reporter: Range<usize>,
    /// The first page; none in a short form.
    pub page: Option<Range<usize>>,
    /// The pin-point page (`842–43`, or `843` after `at`).
    pub pin: Option<Range<usize>>,
    pub year: Option<Year>,
    /// `Chevron, 467 U.S. at 843`.
    pub short: bool,
}

/// A code section or a register page, as ranges of the citation's text.
#[derive(Debug)]
pub(crate) struct UsCode {
    /// The name of a rule or act written before the citation (`Clean Water Rule: …`).
    pub name: Option<Range<usize>>,
    /// The citation itself (`5 U.S.C. § 553`).
    pub cite: Range<usize>,
    pub volume: Range<usize>,
    pub code: Range<usize>,
    /// The page of a register (`37,054`).
    pub page: Option<Range<usize>>,
    /// The date in brackets after it: the year of the code's edition, the day of the register.
    pub date: Option<Range<usize>>,
}

/// The longest of `words` that opens `s` and is followed by a space.
fn table_word(s: &str, words: &[&str]) -> Option<usize> {
    words
        .iter()
        .filter(|w| s.starts_with(**w) && s[w.len()..].starts_with(' '))
        .map(|w| w.len())
        .max()
}

/// A page number, or a range of them (`842–43`, `1382-83`), or a number with thousands
/// separators (`37,054`).
fn page_number(input: &str) -> IResult<&str, &str> {
    recognize((
        digit1,
        many0(preceded(char(','), digit_group)),
        opt((nom::branch::alt((tag("–"), tag("-"), tag("—"))), digit1)),
    ))
    .parse_complete(input)
}

/// Three digits after a thousands separator, not followed by another digit.
fn digit_group(input: &str) -> IResult<&str, &str> {
    let (rest, d) = digit1.parse_complete(input)?;
    if d.len() == 3 {
        Ok((rest, d))
    } else {
        Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Digit,
        )))
    }
}

/// `467 U.S.` at `at`: the volume and the reporter (or code) of `words`, with the position
/// after the space that follows it.
fn volume_and(
    text: &str,
    at: usize,
    words: &[&str],
) -> Option<(Range<usize>, Range<usize>, usize)> {
    let rest = text.get(at..)?;
    let (after, volume) = digit1::<&str, nom::error::Error<&str>>
        .parse_complete(rest)
        .ok()?;
    if volume.len() > 4 || !after.starts_with(' ') {
        return None;
    }
    let r = at + volume.len() + 1;
    let len = table_word(&text[r..], words)?;
    Some((
        at..at + volume.len(),
        r..r + len,
        skip_spaces(text, r + len),
    ))
}

/// A year and where it was read.
type Year = (i32, Range<usize>);

/// The year in the brackets that open at `at` (`(1984)`, `(D.C. Cir. 2013)`), with the
/// brackets' inside and the position after them.
fn bracketed_year(text: &str, at: usize) -> Option<(Year, Range<usize>, usize)> {
    let rest = text.get(at..)?;
    if !rest.starts_with('(') {
        return None;
    }
    let close = rest.find(')')?;
    let inner = at + 1..at + close;
    let mut found = None;
    let mut offset = inner.start;
    for w in text[inner.clone()].split(' ') {
        let word = w.trim_end_matches([',', '.']);
        if word.len() == 4
            && let Some(y) = year_in_word(word)
        {
            found = Some((y, offset..offset + 4));
        }
        offset += w.len() + 1;
    }
    found.map(|y| (y, inner, at + close + 1))
}

/// Whether a case name reads as one: parties on both sides of `v.`, or `In re …`.
pub(crate) fn is_case_name(name: &str) -> bool {
    let parties = name
        .find(" v. ")
        .or_else(|| name.find(" v "))
        .is_some_and(|i| {
            i > 0
                && name[i..]
                    .trim_start_matches([' ', 'v', '.'])
                    .starts_with(char::is_uppercase)
        });
    parties
        || tables::US_CASE_OPENERS
            .iter()
            .any(|o| name.starts_with(o) && name[o.len()..].starts_with(' '))
}

/// A US decision or its short form, starting at `at` and ending by `end`.
pub(crate) fn us_case(text: &str, at: usize, end: usize) -> Option<UsCase> {
    let s = text.get(at..end)?;
    if !s.starts_with(char::is_uppercase) {
        return None;
    }
    // the report follows the first comma that is followed by one
    let (comma, (volume, reporter, after)) = s
        .match_indices(',')
        .take_while(|(i, _)| *i <= MAX_CASE_NAME_BYTES)
        .find_map(|(i, _)| {
            volume_and(text, skip_spaces(text, at + i + 1), tables::US_REPORTERS)
                .map(|r| (at + i, r))
        })?;
    let mut name = trim_range(text, at..comma, " ,");
    // `Smith v. Jones, No. 19-cv-1234, 2020 WL 1234567`: the docket number
    let mut number = None;
    if let Some(i) = text[name.clone()].rfind(", No. ") {
        let n = name.start + i + 6;
        number = Some(n..name.end);
        name = trim_range(text, name.start..name.start + i, " ,");
    }
    let name_text = &text[name.clone()];
    if name.is_empty() || name_text.contains(';') {
        return None;
    }
    let mut case = UsCase {
        name,
        number,
        volume,
        reporter,
        page: None,
        pin: None,
        year: None,
        short: false,
    };
    let mut i = after;
    if let Some(rest) = text[i..end].strip_prefix("at ") {
        // `Chevron, 467 U.S. at 843`
        let (tail, pin) = page_number(rest).ok()?;
        if name_text.split_whitespace().count() > MAX_SHORT_NAME_WORDS && !is_case_name(name_text) {
            return None;
        }
        let p = i + 3;
        case.pin = Some(p..p + pin.len());
        case.short = true;
        i = end - tail.len();
    } else {
        if !is_case_name(name_text) {
            return None;
        }
        let (tail, page) = page_number(&text[i..end]).ok()?;
        case.page = Some(i..i + page.len());
        i = end - tail.len();
        // `, 842–43`: the pin-point; `, at *3` in a database
        let star = text[i..end].starts_with(", at *");
        let lead = if star { 6 } else { 2 };
        if let Some(rest) = text[i..end].get(lead..)
            && (star || text[i..end].starts_with(", "))
            && let Ok((tail, pin)) = page_number(rest)
        {
            let p = i + lead;
            case.pin = Some(p..p + pin.len());
            i = end - tail.len();
        }
    }
    // `(D.C. Cir. 2013)`, `(1984)`: the court and the year
    let b = skip_spaces(text, i).min(end);
    if let Some((year, _, _)) = bracketed_year(&text[..end], b) {
        case.year = Some(year);
    }
    Some(case)
}

/// A US code section or a register page starting at `at`: `5 U.S.C. § 553 (2018)`,
/// `Clean Water Rule: Definition of …, 80 Fed. Reg. 37,054 (June 29, 2015)`.
pub(crate) fn us_code(text: &str, at: usize, end: usize) -> Option<UsCode> {
    let s = text.get(at..end)?;
    // the citation opens the unit, or follows a name and a comma
    let (name, start) = if s.starts_with(|c: char| c.is_ascii_digit()) {
        (None, at)
    } else {
        // `…, 80 Fed. Reg.`, `… “Waters of the United States,” 80 Fed. Reg.`
        let (comma, start) = s.match_indices(',').find_map(|(i, _)| {
            let after = &s[i + 1..];
            let quote = after.len() - after.trim_start_matches(['”', '"', '’']).len();
            if !after[quote..].starts_with(' ') {
                return None;
            }
            let j = skip_spaces(text, at + i + 1 + quote);
            volume_and(text, j, tables::US_CODES).map(|_| (at + i, j))
        })?;
        (Some(trim_range(text, at..comma, " ,")), start)
    };
    let (volume, code, after) = volume_and(text, start, tables::US_CODES)?;
    let mut i = after;
    let mut page = None;
    if let Some(rest) = text[i..end]
        .strip_prefix("§§")
        .or_else(|| text[i..end].strip_prefix('§'))
    {
        // `§ 706(2)(A)`, `§§ 1981–1983`: the section, to the next space
        let from = skip_spaces(text, end - rest.len());
        let len = text[from..end].find([' ', ';']).unwrap_or(end - from);
        i = from + text[from..from + len].trim_end_matches([',', '.']).len();
    } else if let Some(rest) = text[i..end].strip_prefix("pt. ") {
        let (tail, _) = digit1::<&str, nom::error::Error<&str>>
            .parse_complete(rest)
            .ok()?;
        i = end - tail.len();
    } else {
        let (tail, p) = page_number(&text[i..end]).ok()?;
        page = Some(i..i + p.len());
        i = end - tail.len();
    }
    let cite = start..i;
    let b = skip_spaces(text, i).min(end);
    let date = text[b..end].starts_with('(').then(|| {
        let close = text[b..end].find(')').map_or(end, |c| b + c);
        b + 1..close
    });
    // a date, a year of the code's edition: nothing else
    let date = date.filter(|d| {
        text[d.clone()]
            .split([' ', ','])
            .any(|w| year_in_word(w).is_some() && w.len() == 4)
    });
    Some(UsCode {
        name,
        cite,
        volume,
        code,
        page,
        date,
    })
}

/// A journal is named in at most this many words (`Geo. Wash. L. Rev.`).
const MAX_JOURNAL_WORDS: usize = 10;

/// An article in a journal cited by volume (`Title, 108 Harv. L. Rev. 1733, 1740 (1995)`), or
/// a book or chapter (`Title 87 (1980)`, `Title, in Book 255, 260 (Eds. eds., 1992)`), read
/// after the authors' names.
#[derive(Debug, Default)]
pub(crate) struct UsWork {
    pub title: Range<usize>,
    /// The journal of an article, the book of a chapter.
    pub container: Option<Range<usize>>,
    pub volume: Option<Range<usize>>,
    /// The first page of an article or chapter.
    pub page: Option<Range<usize>>,
    pub pin: Option<Range<usize>>,
    pub year: Option<Year>,
    /// The editors of the book a chapter is in (`Geoffrey R. Stone … eds.`).
    pub editors: Option<Range<usize>>,
    /// The ordinal of an edition (`7` of `7th ed.`).
    pub edition: Option<Range<usize>>,
    /// The body that issued a report (`Cong. Rsch. Serv.`).
    pub publisher: Option<Range<usize>>,
    /// A report's or document's number (`R44954`, `B-326944`).
    pub number: Option<Range<usize>>,
    /// The date of a document (`Dec. 14, 2015`).
    pub date: Option<Range<usize>>,
    /// The pin-point is a section (`§ 3.2`), not a page.
    pub pin_is_section: bool,
}

/// Whether a word is a document number: letters and digits, maybe hyphens, with a digit
/// (`R44954`, `B-326944`, `GAO-16-28`), not a bare number.
fn is_document_number(w: &str) -> bool {
    w.chars().any(|c| c.is_ascii_digit())
        && w.chars().any(|c| c.is_ascii_uppercase())
        && w.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        && w.starts_with(|c: char| c.is_ascii_uppercase())
}

/// `Cong. Rsch. Serv., R44954, Chevron Deference: A Primer`: the issuer, the number and
/// the title of a report.
fn issuer_and_number(
    text: &str,
    r: Range<usize>,
) -> Option<(Range<usize>, Range<usize>, Range<usize>)> {
    let s = &text[r.clone()];
    let first = s.find(", ")?;
    let second = first + 2 + s[first + 2..].find(", ")?;
    let number = &s[first + 2..second];
    let issuer = &s[..first];
    let issuer_ok = !issuer.is_empty()
        && issuer
            .split_whitespace()
            .all(|w| w.starts_with(char::is_uppercase));
    (is_document_number(number) && issuer_ok).then(|| {
        (
            r.start..r.start + first,
            r.start + first + 2..r.start + second,
            trim_range(text, r.start + second + 2..r.end, " ,"),
        )
    })
}

/// A document known by its title, number and date: `Envtl. Prot. Agency—Application of
/// Publicity or Propaganda and Anti-Lobbying Provisions, B-326944 (Comp. Gen. Dec. 14, 2015)`.
pub(crate) fn us_document(text: &str, at: usize, end: usize) -> Option<UsWork> {
    let s = text.get(at..end)?;
    let (comma, len) = s.match_indices(", ").find_map(|(i, _)| {
        let n = at + i + 2;
        let len = text[n..end].find(' ')?;
        (is_document_number(&text[n..n + len]) && text[n + len..end].starts_with(" ("))
            .then_some((i, len))
    })?;
    let n = at + comma + 2;
    let open = n + len + 1;
    let close = open + text[open..end].find(')')?;
    if !ends_citation(&text[close + 1..end]) {
        return None;
    }
    let inner = &text[open + 1..close];
    // the date: a month, a day and a year at the end of the brackets
    let month = inner
        .split_whitespace()
        .position(|w| tables::month_number(w).is_some())?;
    let from = open
        + 1
        + inner
            .split_whitespace()
            .take(month)
            .map(|w| w.len() + 1)
            .sum::<usize>();
    let from = skip_spaces(text, from.min(close));
    let title = trim_range(text, at..at + comma, " ,");
    (!title.is_empty() && year_in_word(text[from..close].rsplit(' ').next()?).is_some()).then(
        || UsWork {
            title,
            number: Some(n..n + len),
            date: Some(from..close),
            ..UsWork::default()
        },
    )
}

/// A newspaper or magazine article on line: `Supreme Court Strikes Down Chevron, N.Y. Times
/// (June 28, 2024),` read after the authors up to `end`, where the address starts.
pub(crate) fn us_periodical(text: &str, at: usize, end: usize) -> Option<UsWork> {
    let s = text.get(at..end)?.trim_end().trim_end_matches(',');
    let open = s.strip_suffix(')')?.rfind('(')?;
    let inner = at + open + 1..at + s.len() - 1;
    if !text[inner.clone()]
        .split_whitespace()
        .any(|w| tables::month_number(w).is_some())
    {
        return None;
    }
    let before = trim_range(text, at..at + open, " ");
    let comma = text[before.clone()].rfind(", ")?;
    let container = trim_range(text, before.start + comma + 2..before.end, " ");
    let title = trim_range(text, before.start..before.start + comma, " ,");
    (is_journal(&text[container.clone()]) && !title.is_empty()).then(|| UsWork {
        title,
        container: Some(container),
        date: Some(inner),
        ..UsWork::default()
    })
}

/// A web page of a body: `EPA, Waters of the United States (WOTUS) Rulemaking,
/// https://www.epa.gov/…`: the owner and the title.
pub(crate) fn us_web(text: &str, at: usize, end: usize) -> Option<(Range<usize>, Range<usize>)> {
    let s = text.get(at..end)?;
    let i = s.find(", ")?;
    let owner = &s[..i];
    let words = owner.split_whitespace().count();
    let named = (1..=MAX_OWNER_WORDS).contains(&words)
        && owner.split_whitespace().all(|w| {
            w.starts_with(char::is_uppercase) || ["of", "for", "and", "the", "&"].contains(&w)
        });
    if !named {
        return None;
    }
    let title = us_web_title(text, at + i + 2, end)?;
    Some((at..at + i, title))
}

/// The owner of a web page is named in at most this many words.
const MAX_OWNER_WORDS: usize = 6;

/// A web page: `Waters of the United States (WOTUS) Rulemaking, https://www.epa.gov/…`, read
/// after its owner up to `end`, where the address starts: the title runs to the comma before
/// it.
pub(crate) fn us_web_title(text: &str, at: usize, end: usize) -> Option<Range<usize>> {
    let s = text.get(at..end)?.trim_end();
    let address = text[end..].trim_start();
    let linked = address.starts_with("http") || address.starts_with("www.");
    let body = s.strip_suffix(',')?;
    let title = trim_range(text, at..at + body.len(), " ,");
    (linked && !title.is_empty() && !body.contains(", ")).then_some(title)
}

/// Whether `s` reads as an abbreviated journal name: capitalised words and abbreviations.
fn is_journal(s: &str) -> bool {
    let words = s.split_whitespace().count();
    s.starts_with(char::is_uppercase)
        && (1..=MAX_JOURNAL_WORDS).contains(&words)
        && s.chars().all(|c| c.is_alphabetic() || " .&'’".contains(c))
        && s.split_whitespace().all(|w| {
            w.starts_with(char::is_uppercase) || ["&", "of", "on", "and", "the"].contains(&w)
        })
        && tables::month_number(s).is_none()
}

/// What may follow a citation: nothing, its final period, a parenthetical or the next one.
fn ends_citation(rest: &str) -> bool {
    let r = rest.trim_start().trim_start_matches('.').trim_start();
    r.is_empty() || r.starts_with(['(', ';', '['])
}

/// An article: `Title, 108 Harv. L. Rev. 1733, 1740 (1995)` or, in a journal numbered by
/// year, `Title, 1989 Duke L.J. 511, 516–17`, read from `at` (after the authors).
pub(crate) fn us_article(text: &str, at: usize, end: usize) -> Option<UsWork> {
    let s = text.get(at..end)?;
    s.match_indices(", ").find_map(|(i, _)| {
        let v = at + i + 2;
        let (rest, volume) = digit1::<&str, nom::error::Error<&str>>
            .parse_complete(&text[v..end])
            .ok()?;
        if volume.len() > 4 || !rest.starts_with(' ') {
            return None;
        }
        let j = v + volume.len() + 1;
        // the journal runs to the first page: a space and a number
        let page_at = text[j..end]
            .match_indices(' ')
            .map(|(k, _)| j + k + 1)
            .find(|&k| text[k..end].starts_with(|c: char| c.is_ascii_digit()))?;
        let journal = trim_range(text, j..page_at, " ");
        if !is_journal(&text[journal.clone()])
            || table_word(&text[j..end], tables::US_REPORTERS).is_some()
            || table_word(&text[j..end], tables::US_CODES).is_some()
        {
            return None;
        }
        let (tail, page) = page_number(&text[page_at..end]).ok()?;
        let mut work = UsWork {
            title: trim_range(text, at..at + i, " ,"),
            container: Some(journal),
            volume: Some(v..v + volume.len()),
            page: Some(page_at..page_at + page.len()),
            ..UsWork::default()
        };
        let mut k = end - tail.len();
        if let Some(rest) = text[k..end].strip_prefix(", ")
            && let Ok((tail, pin)) = page_number(rest)
        {
            work.pin = Some(k + 2..k + 2 + pin.len());
            k = end - tail.len();
        }
        let b = skip_spaces(text, k).min(end);
        match bracketed_year(&text[..end], b) {
            // `(1995)`: the year alone, or `(forthcoming 2025)`
            Some((year, inner, after)) if text[inner.clone()].split_whitespace().count() <= 2 => {
                work.year = Some(year);
                k = after;
            }
            _ => {
                // a journal numbered by year: the volume is the year
                let y = year_in_word(volume).filter(|_| volume.len() == 4)?;
                work.year = Some((y, v..v + 4));
                work.volume = None;
            }
        }
        (ends_citation(&text[k..end]) && !work.title.is_empty()).then_some(work)
    })
}

/// The content of a book's closing brackets: `1980`, `7th ed. 2015`,
/// `Geoffrey R. Stone, Richard A. Epstein & Cass R. Sunstein eds., 1992`.
fn book_facts(text: &str, inner: Range<usize>, work: &mut UsWork) -> bool {
    let mut from = inner.start;
    let s = &text[inner.clone()];
    for marker in [" eds., ", " ed., ", " eds. ", " ed. "] {
        if let Some(i) = s.find(marker)
            && !s[..i]
                .trim_end()
                .ends_with(|c: char| c.is_ascii_digit() || c == 'h' || c == 'd')
        {
            work.editors = Some(inner.start..inner.start + i);
            from = inner.start + i + marker.len();
            break;
        }
    }
    let rest = text[from..inner.end].trim();
    let words: Vec<&str> = rest.split_whitespace().collect();
    let year_word = |w: &str| w.len() == 4 && year_in_word(w).is_some();
    match words.as_slice() {
        [y] if year_word(y) => {}
        [ordinal, ed, y] if year_word(y) && (*ed == "ed." || *ed == "edition") => {
            let digits = ordinal.len()
                - ordinal
                    .trim_start_matches(|c: char| c.is_ascii_digit())
                    .len();
            if digits == 0 {
                return false;
            }
            let o = from + (text[from..].len() - text[from..].trim_start().len());
            work.edition = Some(o..o + digits);
        }
        _ => return false,
    }
    let y = inner.end - 4;
    work.year = year_in_word(&text[y..inner.end]).map(|v| (v, y..inner.end));
    work.year.is_some()
}

/// A book or a chapter: `Democracy and Distrust 87 (1980)`, `Hart and Wechsler's … 45 (7th ed.
/// 2015)`, `Free Speech Now, in The Bill of Rights in the Modern State 255, 260 (… eds.,
/// 1992)`, read from `at` (after the authors).
pub(crate) fn us_book(text: &str, at: usize, end: usize) -> Option<UsWork> {
    let s = text.get(at..end)?;
    let open = s.find('(')?;
    let o = at + open;
    let close = o + text[o..end].find(')')?;
    let mut work = UsWork::default();
    if !book_facts(text, o + 1..close, &mut work) || !ends_citation(&text[close + 1..end]) {
        return None;
    }
    // the pin-point (and a chapter's first page) before the brackets
    let before = trim_range(text, at..o, " ");
    let b = &text[before.clone()];
    let mut numbers: Vec<Range<usize>> = Vec::new();
    let mut title_end = before.end;
    loop {
        let t = text[before.start..title_end].trim_end_matches(',');
        let Some(sp) = t.rfind(' ') else { break };
        let word = &t[sp + 1..];
        let head = t[..sp].trim_end();
        // `Economic Analysis of Law § 3.2`: a section
        let section = head.ends_with('§')
            && word.starts_with(|c: char| c.is_ascii_digit())
            && word
                .chars()
                .all(|c| c.is_ascii_digit() || ".–-".contains(c));
        let page = matches!(page_number(word), Ok(("", _)));
        if !(section || page) || numbers.len() >= 2 {
            break;
        }
        let w = before.start + sp + 1;
        numbers.insert(0, w..w + word.len());
        title_end = before.start + sp;
        if section {
            title_end = before.start + head.trim_end_matches('§').len();
            work.pin_is_section = true;
            break;
        }
    }
    let mut title = trim_range(text, before.start..title_end, " ,");
    // `Cong. Rsch. Serv., R44954, Chevron Deference: …`: a report, by its issuer and number
    if let Some((issuer, number, rest)) = issuer_and_number(text, title.clone()) {
        work.publisher = Some(issuer);
        work.number = Some(number);
        title = rest;
    }
    // a book's title is not quoted and holds at most one comma outside a chapter's `, in`
    let commas = text[title.clone()].matches(", ").count();
    let chapter = text[title.clone()].contains(", in ");
    if title.is_empty()
        || b.is_empty()
        || text[title.clone()].starts_with(|c: char| super::text::closing_quote(c).is_some())
        || commas > 1 + usize::from(chapter)
    {
        return None;
    }
    if let Some(i) = text[title.clone()].find(", in ") {
        // a chapter: its title, then the book with the chapter's first page
        let c = title.start + i + 5;
        work.title = trim_range(text, title.start..title.start + i, " ,");
        work.container = Some(trim_range(text, c..title.end, " ,"));
        let mut n = numbers.into_iter();
        work.page = n.next();
        work.pin = n.next();
    } else {
        if numbers.len() > 1 {
            return None;
        }
        work.title = title;
        work.pin = numbers.pop();
    }
    Some(work)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at<'a>(text: &'a str, r: &Range<usize>) -> &'a str {
        &text[r.clone()]
    }

    #[test]
    fn full_case() {
        let t =
            "Chevron U.S.A. Inc. v. Natural Res. Def. Council, Inc., 467 U.S. 837, 842–43 (1984)";
        let c = us_case(t, 0, t.len()).expect("a case");
        assert_eq!(
            at(t, &c.name),
            "Chevron U.S.A. Inc. v. Natural Res. Def. Council, Inc."
        );
        assert_eq!(at(t, &c.volume), "467");
        assert_eq!(at(t, &c.reporter), "U.S.");
        assert_eq!(c.page.as_ref().map(|p| at(t, p)), Some("837"));
        assert_eq!(c.pin.as_ref().map(|p| at(t, p)), Some("842–43"));
        assert_eq!(c.year.map(|y| y.0), Some(1984));
        assert!(!c.short);
    }

    #[test]
    fn circuit_case() {
        let t = "Nat'l Ass'n of Mfrs. v. NLRB, 717 F.3d 947, 957 (D.C. Cir. 2013)";
        let c = us_case(t, 0, t.len()).expect("a case");
        assert_eq!(at(t, &c.reporter), "F.3d");
        assert_eq!(c.year.map(|y| y.0), Some(2013));
    }

    #[test]
    fn short_case() {
        let t = "Chevron, 467 U.S. at 843";
        let c = us_case(t, 0, t.len()).expect("a short form");
        assert!(c.short);
        assert_eq!(c.pin.as_ref().map(|p| at(t, p)), Some("843"));
        // a journal is not a reporter
        let t = "Cass R. Sunstein, Incompletely Theorized Agreements, 108 Harv. L. Rev. 1733";
        assert!(us_case(t, 0, t.len()).is_none());
    }

    #[test]
    fn articles_and_books() {
        let t = "Incompletely Theorized Agreements, 108 Harv. L. Rev. 1733, 1740 (1995).";
        let w = us_article(t, 0, t.len()).expect("an article");
        assert_eq!(at(t, &w.title), "Incompletely Theorized Agreements");
        assert_eq!(
            w.container.as_ref().map(|r| at(t, r)),
            Some("Harv. L. Rev.")
        );
        assert_eq!(w.pin.as_ref().map(|r| at(t, r)), Some("1740"));
        assert_eq!(w.year.map(|y| y.0), Some(1995));
        let t = "Judicial Deference to Administrative Interpretations of Law, 1989 Duke L.J. 511, 516–17.";
        let w = us_article(t, 0, t.len()).expect("an article in a journal numbered by year");
        assert!(w.volume.is_none());
        assert_eq!(w.year.map(|y| y.0), Some(1989));
        let t = "Hart and Wechsler's The Federal Courts and the Federal System 45 (7th ed. 2015).";
        let w = us_book(t, 0, t.len()).expect("a book");
        assert_eq!(w.edition.as_ref().map(|r| at(t, r)), Some("7"));
        assert_eq!(w.pin.as_ref().map(|r| at(t, r)), Some("45"));
        let t = "Free Speech Now, in The Bill of Rights in the Modern State 255, 260 (Geoffrey R. Stone, Richard A. Epstein & Cass R. Sunstein eds., 1992).";
        let w = us_book(t, 0, t.len()).expect("a chapter");
        assert_eq!(at(t, &w.title), "Free Speech Now");
        assert_eq!(
            w.container.as_ref().map(|r| at(t, r)),
            Some("The Bill of Rights in the Modern State")
        );
        assert_eq!(w.page.as_ref().map(|r| at(t, r)), Some("255"));
        assert_eq!(w.pin.as_ref().map(|r| at(t, r)), Some("260"));
        // a place and a publisher in the brackets: another style
        let t = "The Concept of Law (2nd edn, Clarendon Press 1994) 94.";
        assert!(us_book(t, 0, t.len()).is_none());
    }

    #[test]
    fn code_sections() {
        let t = "5 U.S.C. § 706(2)(A) (2018)";
        let c = us_code(t, 0, t.len()).expect("a section");
        assert_eq!(at(t, &c.cite), "5 U.S.C. § 706(2)(A)");
        assert_eq!(c.date.as_ref().map(|d| at(t, d)), Some("2018"));
        let t = "Clean Water Rule: Definition of “Waters of the United States,” 80 Fed. Reg. 37,054 (June 29, 2015)";
        let c = us_code(t, 0, t.len()).expect("a rule in the register");
        assert_eq!(c.date.as_ref().map(|d| at(t, d)), Some("June 29, 2015"));
        let t = "Clean Water Rule, 80 Fed. Reg. 37,054 (June 29, 2015)";
        let c = us_code(t, 0, t.len()).expect("a register page");
        assert_eq!(c.page.as_ref().map(|p| at(t, p)), Some("37,054"));
        assert_eq!(c.name.as_ref().map(|p| at(t, p)), Some("Clean Water Rule"));
    }
}
