//! Court decisions of civil-law courts and legislation, as footnotes cite them:
//! `Cass. civ. 1re, 12 janvier 1999, Bull. civ. I, n° 15`, `CE, 3 juillet 1996, Moussa Koné,
//! Rec. p. 255`, `BGH, Urteil vom 12.3.2015 – III ZR 207/14, NJW 2015, 1608`, `BVerfGE 65, 1
//! (43)`, `Loi n° 2004-228 du 15 mars 2004 …, JORF n°65 du 17 mars 2004, p. 5190`,
//! `Art. 1 Abs. 1 GG`. (Common-law cases, `Donoghue v Stevenson [1932] AC 562`, are read in
//! `fields`.)

use super::dates;
use super::fields::{locator_at, starts_with_word};
use super::tables;
use super::text::{skip_spaces, trim_range};
use crate::model::{Date, ItemType, LocatorLabel};
use nom::{
    IResult, Parser,
    character::complete::{char, digit1},
    combinator::{map_res, verify},
};
use std::ops::Range;

/// What a legal citation holds, as ranges of the citation's text.
#[derive(Debug, Default)]
pub(crate) struct LegalSource {
    /// `legal-case` or `legislation`.
    pub item_type: Option<ItemType>,
    /// The court, with its chamber (`Cass. civ. 1re`).
    pub court: Option<Range<usize>>,
    /// The parties of a decision, or the name of an act.
    pub title: Option<Range<usize>>,
    pub date: Option<(Date, Range<usize>)>,
    /// The decision's or the act's number (`III ZR 207/14`, `2004-228`).
    pub number: Option<Range<usize>>,
    /// The reporter or official journal (`Bull. civ. I`, `NJW`, `JORF`).
    pub container: Option<Range<usize>>,
    pub volume: Option<Range<usize>>,
    pub page: Option<Range<usize>>,
    /// A pin-point: a page in a decision, an article of an act.
    pub locator: Option<(Range<usize>, LocatorLabel)>,
}

/// A decision or an act that starts at `at` and ends by `end`.
pub(crate) fn legal_source(text: &str, at: usize, end: usize) -> Option<LegalSource> {
    let s = &text[at..end];
    if let Some(len) = starts_with_word(s, tables::COURTS) {
        // `Conseil d'État, Rapport public 1996`: a court's report is no decision
        let after = s[len..].trim_start_matches([',', ' ', '\n']);
        if starts_with_word(after, tables::COURT_PUBLICATIONS).is_some() {
            return None;
        }
        return decision(text, at, at + len, end);
    }
    if starts_with_word(s, tables::LEGISLATION_WORDS).is_some() {
        return act(text, at, end);
    }
    article_of_code(text, at, end)
}

/// The segments of `text[range]` between `, `, ` – ` and `; `, trimmed.
fn segments(text: &str, range: Range<usize>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = range.start;
    let s = &text[range.clone()];
    for (i, _) in s.match_indices([',', '–', '—', ';']) {
        let at = range.start + i;
        if at < start {
            continue;
        }
        out.push(trim_range(text, start..at, ".,"));
        start = at + text[at..].chars().next().map_or(1, char::len_utf8);
    }
    out.push(trim_range(text, start..range.end, ".,"));
    out.retain(|r| !r.is_empty());
    out
}

/// `12.3.2015`, `12/03/2015`: a numeric date, day first.
fn numeric_date(input: &str) -> IResult<&str, Date> {
    let number = |max: u32| {
        map_res(verify(digit1, |d: &str| d.len() <= 2), str::parse::<u32>).map(move |n| n.min(max))
    };
    let (rest, (day, sep, month)) = (
        number(31),
        nom::branch::alt((char('.'), char('/'))),
        number(12),
    )
        .parse_complete(input)?;
    let (rest, _) = char(sep).parse_complete(rest)?;
    let (rest, year) =
        map_res(verify(digit1, |d: &str| d.len() == 4), str::parse::<i32>).parse_complete(rest)?;
    let parts = vec![
        year,
        i32::try_from(month).unwrap_or(0),
        i32::try_from(day).unwrap_or(0),
    ];
    Ok((
        rest,
        Date {
            parts,
            ..Date::default()
        },
    ))
}

/// The first date in `text[range]`, written out or numeric, with its range.
fn date_in(text: &str, range: Range<usize>) -> Option<(Date, Range<usize>)> {
    let s = &text[range.clone()];
    for (i, c) in s.char_indices() {
        if c.is_ascii_digit()
            && s[..i].chars().last().is_none_or(|p| !p.is_alphanumeric())
            && let Ok((rest, d)) = numeric_date(&s[i..])
        {
            let len = s.len() - i - rest.len();
            return Some((d, range.start + i..range.start + i + len));
        }
    }
    // a whole date first (`du 15 mars 2004` after `n° 2004-228`), else the first year
    let mut first = None;
    let mut from = 0;
    while let Some((i, len, d)) = dates::find_date(&s[from..]) {
        let r = range.start + from + i..range.start + from + i + len;
        if d.parts.len() == 3 {
            return Some((d, r));
        }
        first.get_or_insert((d, r));
        from += i + len;
    }
    first
}

/// `III ZR 207/14`, `n° 15`, `170/1984`, `C-434/97`, `req. n° 123456`: a decision number.
fn decision_number(text: &str, range: Range<usize>) -> Option<Range<usize>> {
    let s = &text[range.clone()];
    let marker = starts_with_word(s, tables::DECISION_NUMBER_MARKERS).unwrap_or(0);
    let value = trim_range(text, skip_spaces(text, range.start + marker)..range.end, "");
    let v = &text[value.clone()];
    let digits = v.chars().any(|c| c.is_ascii_digit());
    let has_slash = v.contains('/') && v.split_whitespace().count() <= 4;
    (digits && (marker > 0 || has_slash)).then_some(value)
}

/// A court decision: the court from `at` to `court_end`, the rest by segments.
fn decision(text: &str, at: usize, court_end: usize, end: usize) -> Option<LegalSource> {
    let mut out = LegalSource {
        item_type: Some(ItemType::LegalCase),
        ..LegalSource::default()
    };
    // `BVerfGE 65, 1 (43)`: a court's own reports, volume and first page
    let after = skip_spaces(text, court_end);
    if let Some((volume, page, pin)) = volume_page_pin(text, after, end) {
        out.container = Some(at..court_end);
        out.volume = Some(volume);
        out.page = Some(page);
        out.locator = pin.map(|p| (p, LocatorLabel::Page));
        return Some(out);
    }
    let segs = segments(text, court_end..end);
    // the chamber goes with the court (`Cass. civ. 1re`, `CE, sect.`)
    let mut court = at..court_end;
    let mut rest: &[Range<usize>] = &segs;
    // `Cass. civ. 1re`, `CE, Ass.`, `Cass., sect. civ.`: the chamber, abbreviated
    let chamber = |r: &Range<usize>| {
        let t = &text[r.clone()];
        // segments lose their final period: look at the text after them
        !t.chars().any(|c| c.is_ascii_digit())
            && t.len() <= 20
            && t.split_whitespace().count() <= 3
            && (t.contains('.') || text[r.end..].starts_with('.'))
    };
    if let Some(first) = segs.first()
        && (!text[court_end..first.start].contains([',', '–', '—', ';']) || chamber(first))
        && date_in(text, first.clone()).is_none()
        && decision_number(text, first.clone()).is_none()
    {
        court = at..first.end;
        rest = &segs[1..];
    }
    out.court = Some(court);
    for seg in rest {
        read_decision_segment(text, seg.clone(), &mut out);
    }
    // `sent. n. 170/1984`, `STC 31/2010`: the year of a decision numbered by year
    if out.date.is_none()
        && let Some(n) = &out.number
        && let Some(slash) = text[n.clone()].rfind('/')
        && let year = &text[n.start + slash + 1..n.end]
        && year.len() == 4
        && let Ok(y) = year.parse::<i32>()
    {
        let at = n.start + slash + 1;
        out.date = Some((Date::from_year(y), at..at + 4));
    }
    // a decision is known by its date or its number
    (out.date.is_some() || out.number.is_some()).then_some(out)
}

fn read_decision_segment(text: &str, seg: Range<usize>, out: &mut LegalSource) {
    let s = &text[seg.clone()];
    // `FJ 9`, `Rn. 43`, `cons. 5`: a pin-point in the decision's numbered paragraphs
    if let Some(len) = starts_with_word(s, tables::DECISION_PINPOINTS)
        && out.locator.is_none()
    {
        let value = trim_range(text, skip_spaces(text, seg.start + len)..seg.end, "");
        if !value.is_empty() {
            out.locator = Some((value, LocatorLabel::Paragraph));
            return;
        }
    }
    let date = date_in(text, seg.clone());
    let full_date = date.as_ref().is_some_and(|(d, _)| d.parts.len() == 3);
    // `sent. n. 170/1984`: a number, though it ends with a year
    if out.number.is_none()
        && out.container.is_none()
        && !full_date
        && let Some(n) = decision_number(text, seg.clone())
    {
        out.number = Some(n);
        return;
    }
    // `décision n° 71-44 DC du 16 juillet 1971`: the number, then the date
    if out.number.is_none()
        && out.container.is_none()
        && let Some((_, date_range)) = &date
        && let Some(n) = decision_number(text, seg.start..date_range.start)
    {
        let number = trim_range(text, n, "");
        let words = &text[number.clone()];
        let cut = ["du", "vom", "of", "de", "del"]
            .iter()
            .filter_map(|w| words.strip_suffix(w).filter(|r| r.ends_with(' ')))
            .map(str::len)
            .next()
            .unwrap_or(words.len());
        out.number = Some(trim_range(text, number.start..number.start + cut, ""));
    }
    // `Urteil vom 12.3.2015`, `12 janvier 1999`
    if out.date.is_none()
        && let Some((d, r)) = date
        && !(d.parts.len() == 1 && out.container.is_some())
    {
        out.date = Some((d, r));
        return;
    }
    // `Rec. p. 255`, `p. 1608`
    if let Some(p) = s.find("p. ").or_else(|| s.find("S. "))
        && let Some((_, _, len)) = locator_at(&s[p..])
    {
        let value = trim_range(text, seg.start + p + 2..seg.start + p + len, "");
        if p > 0 && out.container.is_none() {
            out.container = Some(trim_range(text, seg.start..seg.start + p, ","));
        }
        if out.page.is_none() {
            out.page = Some(value);
        } else {
            out.locator = Some((value, LocatorLabel::Page));
        }
        return;
    }
    // `NJW 2015`, `Bull. civ. I`, `D. 1999`: a reporter and its volume or year
    if out.container.is_none() && s.starts_with(char::is_uppercase) {
        let digits = s.find(|c: char| c.is_ascii_digit());
        match digits {
            // a reporter is a short name (`NJW`, `Bull. civ. I`, `D.`)
            Some(d) if d > 0 && s[..d].split_whitespace().count() <= 4 => {
                out.container = Some(trim_range(text, seg.start..seg.start + d, ","));
                out.volume = Some(seg.start + d..seg.end);
            }
            Some(_) if out.title.is_none() && out.date.is_some() => out.title = Some(seg),
            Some(_) => {}
            None if out.title.is_none() && out.date.is_some() && !s.contains('.') => {
                // `CE, 3 juillet 1996, Moussa Koné`: the parties
                out.title = Some(seg);
                return;
            }
            None => out.container = Some(seg),
        }
        return;
    }
    // `n° 15` after a reporter, a bare first page, `(43)`
    let bare = s
        .trim_start_matches(['(', 'n', '°', '.', ' '])
        .trim_end_matches(')');
    if !bare.is_empty() && bare.chars().all(|c| c.is_ascii_digit() || c == '-') {
        let at = seg.start + (s.len() - s.trim_start_matches(['(', 'n', '°', '.', ' ']).len());
        let r = at..at + bare.len();
        if out.page.is_none() {
            out.page = Some(r);
        } else if out.locator.is_none() {
            out.locator = Some((r, LocatorLabel::Page));
        }
    }
}

/// A pin-point page, when there is one.
type Pin = Option<Range<usize>>;

/// `65, 1 (43)`: volume, first page, maybe a pin-point in brackets.
fn volume_page_pin(text: &str, at: usize, end: usize) -> Option<(Range<usize>, Range<usize>, Pin)> {
    let s = &text[at..end];
    let v = s.find(|c: char| !c.is_ascii_digit())?;
    if v == 0 || !s[v..].starts_with(", ") {
        return None;
    }
    let p_start = v + 2;
    let p = s[p_start..]
        .find(|c: char| !c.is_ascii_digit())
        .unwrap_or(s.len() - p_start);
    if p == 0 {
        return None;
    }
    let after = &s[p_start + p..];
    let mut pin = None;
    let mut used = p_start + p;
    if let Some(inner) = after.strip_prefix(" (")
        && let Some(close) = inner.find(')')
        && !inner[..close].is_empty()
        && inner[..close]
            .chars()
            .all(|c| c.is_ascii_digit() || c == '-' || c == 'f')
    {
        pin = Some(at + used + 2..at + used + 2 + close);
        used += 3 + close;
    }
    s[used..]
        .trim_matches(|c: char| c == '.' || c.is_whitespace())
        .is_empty()
        .then_some((at..at + v, at + p_start..at + p_start + p, pin))
}

/// An act: its name up to the official journal, its number and date, the journal's issue and
/// page.
fn act(text: &str, at: usize, end: usize) -> Option<LegalSource> {
    let mut out = LegalSource {
        item_type: Some(ItemType::Legislation),
        ..LegalSource::default()
    };
    let mut segs = segments(text, at..end);
    // `…, art. 2`: an article of the act is the locator
    if segs.len() > 1
        && let Some(last) = segs.last()
        && let Some((_, label, len)) = locator_at(&text[last.clone()])
        && label != LocatorLabel::Page
        && len == last.len()
    {
        out.locator = Some((last.clone(), label));
        segs.pop();
    }
    let journal = segs
        .iter()
        .position(|r| starts_with_word(&text[r.clone()], tables::OFFICIAL_JOURNALS).is_some());
    let title_end = journal.map_or(segs.len(), |j| j.max(1));
    let name = segs.first()?.start..segs[title_end - 1].end;
    out.title = Some(name.clone());
    // `n° 2004-228`, `No. 123`, `(EU) 2016/679`
    let s = &text[name.clone()];
    if let Some(m) = s.find(['°', '/']).or_else(|| s.find("No. ")) {
        let from = s[..m].rfind(' ').map_or(0, |i| i + 1);
        let from =
            if s[from..].starts_with(char::is_alphabetic) && s.as_bytes().get(m) != Some(&b'/') {
                skip_spaces(s, m + s[m..].chars().next().map_or(1, char::len_utf8))
            } else {
                from
            };
        let from = if s[from..].starts_with("No. ") {
            from + 4
        } else {
            from
        };
        let len = s[from..]
            .find(|c: char| c.is_whitespace() || c == ',')
            .unwrap_or(s.len() - from);
        if s[from..from + len].chars().any(|c| c.is_ascii_digit()) {
            out.number = Some(name.start + from..name.start + from + len);
        }
    }
    out.date = date_in(text, name.clone()).filter(|(d, _)| d.parts.len() == 3);
    if let Some(j) = journal {
        for seg in &segs[j..] {
            let t = &text[seg.clone()];
            if out.container.is_none() {
                let len = starts_with_word(t, tables::OFFICIAL_JOURNALS).unwrap_or(0);
                out.container = Some(seg.start..seg.start + len);
                // `JORF n°65`, `OJ L 119`
                let rest = &t[len..];
                if let Some(d) = rest.find(|c: char| c.is_ascii_digit()) {
                    let n = rest[d..]
                        .find(|c: char| !c.is_ascii_digit())
                        .unwrap_or(rest.len() - d);
                    out.volume = Some(seg.start + len + d..seg.start + len + d + n);
                }
            } else if let Some((_, label, vlen)) = locator_at(t) {
                let value_start = seg.start + t[..vlen].rfind(' ').map_or(0, |i| i + 1);
                let r = value_start..seg.start + vlen;
                if label == LocatorLabel::Page && out.page.is_none() {
                    out.page = Some(r);
                }
            }
        }
    }
    // `Law Commission, 2001, Report…` is no act: an act has a number, a date or a journal
    (out.number.is_some() || out.date.is_some() || out.container.is_some()).then_some(out)
}

/// `Art. 1 Abs. 1 GG`, `art. 8 CEDH`, `§ 823 BGB`: an article of a code known by its
/// abbreviation; the code is the work, the article the locator.
fn article_of_code(text: &str, at: usize, end: usize) -> Option<LegalSource> {
    let s = text[at..end].trim_end_matches(['.', ' ']);
    let (_, label, _) = locator_at(s)?;
    let code_start = s.rfind(' ')? + 1;
    let code = &s[code_start..];
    if !tables::LEGAL_CODES.contains(&code) {
        return None;
    }
    Some(LegalSource {
        item_type: Some(ItemType::Legislation),
        title: Some(at + code_start..at + s.len()),
        locator: Some((trim_range(text, at..at + code_start, ","), label)),
        ..LegalSource::default()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(&'static str, String)> {
        let Some(l) = legal_source(text, 0, text.len()) else {
            return Vec::new();
        };
        let v = |r: &Option<Range<usize>>| r.clone().map(|r| text[r].to_string());
        let mut out = Vec::new();
        for (k, r) in [
            ("court", &l.court),
            ("title", &l.title),
            ("number", &l.number),
            ("container", &l.container),
            ("volume", &l.volume),
            ("page", &l.page),
        ] {
            if let Some(x) = v(r) {
                out.push((k, x));
            }
        }
        if let Some((d, _)) = &l.date {
            out.push(("date", format!("{:?}", d.parts)));
        }
        if let Some((r, _)) = &l.locator {
            out.push(("locator", text[r.clone()].to_string()));
        }
        out
    }

    fn has(text: &str, expected: &[(&str, &str)]) {
        let got = read(text);
        for (k, v) in expected {
            assert!(
                got.iter().any(|(gk, gv)| gk == k && gv == v),
                "{k}={v} in {text}: {got:?}"
            );
        }
    }

    #[test]
    fn civil_law_decisions() {
        has(
            "Cass. civ. 1re, 12 janvier 1999, Bull. civ. I, n° 15",
            &[
                ("court", "Cass. civ. 1re"),
                ("date", "[1999, 1, 12]"),
                ("container", "Bull. civ. I"),
                ("page", "15"),
            ],
        );
        has(
            "CE, 3 juillet 1996, Moussa Koné, Rec. p. 255",
            &[
                ("court", "CE"),
                ("title", "Moussa Koné"),
                ("container", "Rec."),
                ("page", "255"),
            ],
        );
        has(
            "BGH, Urteil vom 12.3.2015 – III ZR 207/14, NJW 2015, 1608",
            &[
                ("court", "BGH"),
                ("date", "[2015, 3, 12]"),
                ("number", "III ZR 207/14"),
                ("container", "NJW"),
                ("page", "1608"),
            ],
        );
        has(
            "BVerfGE 65, 1 (43)",
            &[
                ("container", "BVerfGE"),
                ("volume", "65"),
                ("page", "1"),
                ("locator", "43"),
            ],
        );
        has(
            "Corte cost., sent. n. 170/1984",
            &[("court", "Corte cost."), ("number", "170/1984")],
        );
        has(
            "STC 31/2010, de 28 de junio",
            &[("court", "STC"), ("number", "31/2010")],
        );
    }

    #[test]
    fn legislation() {
        has(
            "Loi n° 2004-228 du 15 mars 2004 encadrant le port de signes religieux, JORF n°65 du 17 mars 2004, p. 5190",
            &[
                ("number", "2004-228"),
                ("date", "[2004, 3, 15]"),
                ("container", "JORF"),
                ("volume", "65"),
                ("page", "5190"),
            ],
        );
        has(
            "Regulation (EU) 2016/679 of the European Parliament and of the Council of 27 April 2016 on the protection of natural persons, OJ L 119, 4.5.2016, p. 1",
            &[
                ("number", "2016/679"),
                ("date", "[2016, 4, 27]"),
                ("container", "OJ L"),
                ("volume", "119"),
                ("page", "1"),
            ],
        );
        has(
            "Art. 1 Abs. 1 GG",
            &[("title", "GG"), ("locator", "Art. 1 Abs. 1")],
        );
    }

    #[test]
    fn other_text_is_no_legal_source() {
        assert!(read("Smith, J., 2001, Title, London, Verso.").is_empty());
        assert!(read("CE qui précède, voir plus haut.").is_empty());
    }
}
