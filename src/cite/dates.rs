//! Dates as citations write them: `2001`, `November 2003`, `09 December 2003`,
//! `10 janvier 1997`, `Spring 1982`, `(1991)`, `14-15 June 2001`, `December 9, 2003`.

use super::tables;
use super::text::year_in_word;
use crate::model::Date;
use nom::{
    IResult, Parser,
    branch::alt,
    bytes::complete::take_while1,
    character::complete::{char, digit1, space0, space1},
    combinator::{map_res, opt, verify},
    sequence::{preceded, terminated},
};

/// A year of four digits with an optional letter (`1995b`).
fn year(input: &str) -> IResult<&str, i32> {
    let (rest, digits) = verify(digit1, |d: &str| d.len() == 4).parse_complete(input)?;
    let (rest, _) = opt(verify(
        take_while1(|c: char| c.is_ascii_lowercase()),
        |s: &str| s.len() == 1,
    ))
    .parse_complete(rest)?;
    match year_in_word(digits) {
        Some(y) => Ok((rest, y)),
        None => Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        ))),
    }
}

/// A day of the month, `1` to `31`, with an optional `er`/`.`/`th` (`1er`, `5.`, `5th`).
fn day(input: &str) -> IResult<&str, i32> {
    let (rest, d) = verify(
        map_res(verify(digit1, |d: &str| d.len() <= 2), str::parse::<i32>),
        |d| (1..=31).contains(d),
    )
    .parse_complete(input)?;
    let (rest, _) = opt(alt((
        nom::bytes::complete::tag("er"),
        nom::bytes::complete::tag("st"),
        nom::bytes::complete::tag("nd"),
        nom::bytes::complete::tag("rd"),
        nom::bytes::complete::tag("th"),
        nom::bytes::complete::tag("."),
    )))
    .parse_complete(rest)?;
    Ok((rest, d))
}

/// A word of letters (and a final period), for month and season names.
fn name_word(input: &str) -> IResult<&str, &str> {
    let (rest, w) = take_while1(|c: char| c.is_alphabetic() || c == '.').parse_complete(input)?;
    Ok((rest, w))
}

fn month(input: &str) -> IResult<&str, i32> {
    let (rest, w) = name_word(input)?;
    match tables::month_number(w) {
        Some(m) => Ok((rest, i32::from(m))),
        None => Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        ))),
    }
}

fn season(input: &str) -> IResult<&str, u8> {
    let (rest, w) = name_word(input)?;
    match tables::season_number(w) {
        Some(s) => Ok((rest, s)),
        None => Err(nom::Err::Error(nom::error::Error::new(
            input,
            nom::error::ErrorKind::Verify,
        ))),
    }
}

fn dash(input: &str) -> IResult<&str, char> {
    alt((char('-'), char('–'), char('—'))).parse_complete(input)
}

/// `9 December 2003`, `14-15 June 2001`, `1er janvier 1997`.
fn day_month_year(input: &str) -> IResult<&str, Date> {
    let (rest, (d, _, _, m, _, y)) =
        (day, opt(preceded(dash, day)), space1, month, space1, year).parse_complete(input)?;
    Ok((rest, parts(vec![y, m, d])))
}

/// `December 9, 2003`, `Dec. 9 2003`.
fn month_day_year(input: &str) -> IResult<&str, Date> {
    let (rest, (m, _, d, _, _, y)) =
        (month, space1, day, opt(char(',')), space1, year).parse_complete(input)?;
    Ok((rest, parts(vec![y, m, d])))
}

/// `2010 Mar 18`, `2010 Mar` (Vancouver).
fn year_month_day(input: &str) -> IResult<&str, Date> {
    let (rest, (y, _, m, d)) =
        (year, space1, month, opt(preceded(space1, day))).parse_complete(input)?;
    let mut p = vec![y, m];
    if let Some(d) = d {
        p.push(d);
    }
    Ok((rest, parts(p)))
}

/// `November 2003`, `Nov. 2003`, `June, 2001`.
fn month_year(input: &str) -> IResult<&str, Date> {
    let (rest, (m, _, _, y)) = (month, opt(char(',')), space1, year).parse_complete(input)?;
    Ok((rest, parts(vec![y, m])))
}

/// `Spring 1982`, `Spring, 1967`.
fn season_year(input: &str) -> IResult<&str, Date> {
    let (rest, (s, _, _, y)) = (season, opt(char(',')), space1, year).parse_complete(input)?;
    let mut date = parts(vec![y]);
    date.season = Some(s);
    Ok((rest, date))
}

/// `2001`, `(1991)`, `2002-2004` (the first year).
fn year_only(input: &str) -> IResult<&str, Date> {
    let (rest, y) = terminated(year, opt(preceded(dash, digit1))).parse_complete(input)?;
    Ok((rest, parts(vec![y])))
}

fn parts(parts: Vec<i32>) -> Date {
    Date {
        parts,
        ..Date::default()
    }
}

/// A date at the start of `input`: the date and the rest.
pub(crate) fn date(input: &str) -> IResult<&str, Date> {
    let (input, paren) = opt(terminated(char('('), space0)).parse_complete(input)?;
    let (rest, date) = alt((
        day_month_year,
        month_day_year,
        year_month_day,
        month_year,
        season_year,
        year_only,
    ))
    .parse_complete(input)?;
    let rest = match paren {
        Some(_) => preceded(space0, char(')')).parse_complete(rest)?.0,
        None => rest,
    };
    Ok((rest, date))
}

/// A date that is the whole of `text` (punctuation around it allowed).
pub(crate) fn whole_date(text: &str) -> Option<Date> {
    let t = text
        .trim()
        .trim_matches(|c: char| ",.;:".contains(c))
        .trim();
    match date(t) {
        Ok((rest, d)) if rest.trim().is_empty() => Some(d),
        _ => None,
    }
}

/// Whether the word opening `input` is a month or a season name: the only words a date
/// opens with.
fn opens_date_word(input: &str) -> bool {
    name_word(input)
        .is_ok_and(|(_, w)| tables::month_number(w).is_some() || tables::season_number(w).is_some())
}

/// The first date found anywhere in `text`, at a word start, with its byte offset and length.
pub(crate) fn find_date(text: &str) -> Option<(usize, usize, Date)> {
    let mut prev: Option<char> = None;
    for (i, c) in text.char_indices() {
        let at_word = prev.is_none_or(|p| !p.is_alphanumeric());
        if at_word
            && (c.is_ascii_digit() || c == '(' || c.is_alphabetic() && opens_date_word(&text[i..]))
            && let Ok((rest, d)) = date(&text[i..])
        {
            let len = text.len() - i - rest.len();
            if rest.chars().next().is_none_or(|n| !n.is_alphanumeric()) {
                return Some((i, len, d));
            }
        }
        prev = Some(c);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts_of(text: &str) -> Vec<i32> {
        whole_date(text).map(|d| d.parts).unwrap_or_default()
    }

    #[test]
    fn dates_in_five_languages() {
        assert_eq!(parts_of("2001"), [2001]);
        assert_eq!(parts_of("(1991)"), [1991]);
        assert_eq!(parts_of("November 2003"), [2003, 11]);
        assert_eq!(parts_of("09 December 2003"), [2003, 12, 9]);
        assert_eq!(parts_of("10 janvier 1997"), [1997, 1, 10]);
        assert_eq!(parts_of("3. März 1999"), [1999, 3, 3]);
        assert_eq!(parts_of("12 gennaio 1990"), [1990, 1, 12]);
        assert_eq!(parts_of("5 de mayo"), Vec::<i32>::new());
        assert_eq!(parts_of("14-15 June 2001"), [2001, 6, 14]);
        assert_eq!(parts_of("December 9, 2003"), [2003, 12, 9]);
        assert_eq!(whole_date("Spring 1982").and_then(|d| d.season), Some(1));
        assert_eq!(parts_of("1995b"), [1995]);
    }

    #[test]
    fn dates_inside_text() {
        let (at, len, d) = find_date("Palais des Nations (5 June 2002)").unwrap_or_default();
        assert_eq!((at, len, d.parts), (19, 13, vec![2002, 6, 5]));
        assert!(find_date("230 million people, 12 regions").is_none());
    }
}
