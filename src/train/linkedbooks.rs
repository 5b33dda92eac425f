//! The LinkedBooks references (`data/linkedbooks/`, Italian humanities, MIT) as labelled
//! notes.
//!
//! The data is CoNLL: one token a line (`token field type span`), CR line ends, `b-r`/`i-r`/
//! `e-r` marking the tokens of each reference, `o` the text between references. Its fields
//! become labels here:
//!
//! | LinkedBooks | label |
//! |---|---|
//! | `author` | `author` (`editor` when it holds `a cura di`, `ed.`) |
//! | `editor` | `editor` |
//! | `title` | `title`; `container-title` after the conjunction `in` |
//! | `conjunction` (`in`) | the label of what follows |
//! | `publicationplace`, `publisher`, `year` | `publisher-place`, `publisher`, `issued` |
//! | `pagination`, `column`, `ref`, `numbered_ref` | `page` in a reference with a container or volume, else `locator` |
//! | `volume`, `tomo` | `volume` |
//! | `publicationnumber-year` | `issued` for a year, `issue` after `n.`, else `volume` |
//! | `publicationspecifications` | `edition` when it names one, else `note` |
//! | `series` | `collection-title` |
//! | `abbreviation` | `backref` (`cit.`, `op. cit.`, `ivi`, `ibid.`, `id.`); `author` for `AA. VV.`; `locator` for `p.`/`pp.` |
//! | archival fields (`archive_lib`, `archivalreference`, `box`, `filza`, …), `attachment`, `date` | `note` |
//! | `o` inside a reference | the label beside it |
//!
//! The tokens are split at punctuation and carry no spacing; the text is rebuilt with the
//! spacing of print (`Dall ’ Acqua ,` as `Dall’Acqua,`) for two references in three and with a
//! space between all tokens for the third, so that the labeller learns both.

use super::{Chunk, LabelledNote, Segment, TrainError};
use crate::cite::label::Label;
use std::io::Read;

/// One token of the data with its field.
struct Token<'a> {
    text: &'a str,
    field: &'a str,
}

/// Read the gzip-compressed CoNLL file.
pub fn read_gz(bytes: &[u8]) -> Result<String, TrainError> {
    let mut out = String::new();
    flate2::read::GzDecoder::new(bytes)
        .read_to_string(&mut out)
        .map_err(|source| TrainError::Io {
            path: "linkedbooks".into(),
            source,
        })?;
    Ok(out)
}

/// Every reference of the data as a labelled note of one chunk, in order (`number` is the
/// reference's rank from 1).
pub fn from_linkedbooks_conll(data: &str, source: &str) -> Vec<LabelledNote> {
    let mut out = Vec::new();
    let mut current: Option<Vec<Token<'_>>> = None;
    let finish = |tokens: Vec<Token<'_>>, out: &mut Vec<LabelledNote>| {
        let n = out.len() + 1;
        if let Some(chunk) = reference_chunk(&tokens, !n.is_multiple_of(3)) {
            out.push(LabelledNote {
                source: source.to_string(),
                number: n.to_string(),
                chunks: vec![chunk],
            });
        }
    };
    for line in data.split(['\r', '\n']) {
        let mut parts = line.split(' ');
        let (Some(text), Some(field), Some(_), Some(span), None) = (
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
            parts.next(),
        ) else {
            continue;
        };
        if text == "-DOCSTART-" {
            continue;
        }
        if span == "b-r"
            && let Some(done) = current.take()
        {
            finish(done, &mut out);
        }
        match span {
            "b-r" => current = Some(vec![Token { text, field }]),
            "i-r" | "e-r" => {
                if let Some(c) = current.as_mut() {
                    c.push(Token { text, field });
                }
            }
            _ => {
                if let Some(done) = current.take() {
                    finish(done, &mut out);
                }
            }
        }
    }
    if let Some(done) = current.take() {
        finish(done, &mut out);
    }
    out
}

/// The labelled chunk of one reference; `print_spacing` chooses how the text is rebuilt.
fn reference_chunk(tokens: &[Token<'_>], print_spacing: bool) -> Option<Chunk> {
    let contained = tokens.iter().any(|t| {
        t.field == "conjunction" || matches!(t.field, "volume" | "publicationnumber-year" | "tomo")
    });
    let mut labels: Vec<Option<Label>> = tokens
        .iter()
        .enumerate()
        .map(|(i, _)| token_label(tokens, i, contained))
        .collect();
    fill_from_neighbours(tokens, &mut labels);
    let mut segments: Vec<Segment> = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let label = labels[i].unwrap_or(Label::Note);
        let glue = i > 0 && print_spacing && glued(tokens[i - 1].text, t.text);
        match segments.last_mut() {
            Some(s) if s.label == label => {
                if !glue {
                    s.text.push(' ');
                }
                s.text.push_str(t.text);
            }
            Some(s) if glue => {
                // the label changes inside a printed word: keep the word with the first label
                s.text.push_str(t.text);
            }
            _ => segments.push(Segment {
                label,
                text: t.text.to_string(),
            }),
        }
    }
    segments.retain(|s| !s.text.trim().is_empty());
    (!segments.is_empty()).then_some(Chunk { segments })
}

/// The label of token `i`, or `None` when it takes a neighbour's.
fn token_label(tokens: &[Token<'_>], i: usize, contained: bool) -> Option<Label> {
    let t = &tokens[i];
    let after_in = in_container(tokens, i);
    let pages = if contained {
        Label::Page
    } else {
        Label::Locator
    };
    Some(match t.field {
        "author" if field_has(tokens, i, &["cura", "ed", "eds", "Hrsg", "dir"]) => Label::Editor,
        "author" => Label::Author,
        "editor" => Label::Editor,
        "title" if after_in => Label::ContainerTitle,
        "title" => Label::Title,
        "publicationplace" => Label::PublisherPlace,
        "publisher" => Label::Publisher,
        "year" => Label::Issued,
        "pagination" | "column" | "ref" | "numbered_ref" => pages,
        "volume" | "tomo" => Label::Volume,
        "series" => Label::CollectionTitle,
        "publicationnumber-year" => issue_part(tokens, i),
        "publicationspecifications" if field_has(tokens, i, &["ed", "edizione", "éd"]) => {
            Label::Edition
        }
        "abbreviation" => abbreviation_label(tokens, i),
        "conjunction" | "o" => return None,
        _ => Label::Note,
    })
}

/// Whether token `i` comes after an `in` that follows a title, or right after an `in`
/// (`Titolo, in A. Rossi (a cura di), Volume`: the container, editors between or not).
fn in_container(tokens: &[Token<'_>], i: usize) -> bool {
    let before = &tokens[..i];
    let Some(k) = before.iter().rposition(is_in) else {
        return false;
    };
    let titled = before[..k].iter().any(|p| p.field == "title");
    let right_after = before[k + 1..].iter().all(|p| p.field == "title");
    titled || right_after
}

/// The conjunction `in` (labelled so, or left unlabelled).
fn is_in(t: &Token<'_>) -> bool {
    (t.field == "conjunction" || t.field == "o") && matches!(t.text, "in" | "In" | "in:" | "In:")
}

/// Whether the run of tokens of the same field around `i` holds one of `words`.
fn field_has(tokens: &[Token<'_>], i: usize, words: &[&str]) -> bool {
    let field = tokens[i].field;
    let start = tokens[..i]
        .iter()
        .rev()
        .take_while(|t| t.field == field)
        .count();
    tokens[i - start..]
        .iter()
        .take_while(|t| t.field == field)
        .any(|t| words.contains(&t.text))
}

/// A part of `XXXVI (1963)`, `n. 3 (1990)`: the year, the issue after `n.`, else the volume.
fn issue_part(tokens: &[Token<'_>], i: usize) -> Label {
    let t = tokens[i].text;
    let is_year = t.len() == 4 && t.chars().all(|c| c.is_ascii_digit());
    if is_year {
        return Label::Issued;
    }
    let after_number_word = tokens[..i]
        .iter()
        .rev()
        .take(3)
        .any(|p| matches!(p.text, "n" | "no" | "nr" | "fasc" | "num"));
    if after_number_word || matches!(t, "n" | "no" | "nr" | "fasc" | "num") {
        Label::Issue
    } else {
        Label::Volume
    }
}

/// `cit.`, `ivi`: a back-reference; `AA. VV.` at the start: the authors; `p.`: a locator.
fn abbreviation_label(tokens: &[Token<'_>], i: usize) -> Label {
    let t = tokens[i].text;
    let at_start = tokens[..i].iter().all(|p| p.field == "abbreviation");
    let authors = tokens[..=i]
        .iter()
        .any(|p| matches!(p.text, "AA" | "VV" | "Aa" | "Vv"));
    if at_start && authors {
        Label::Author
    } else if matches!(t, "p" | "pp" | "pag" | "pagg") {
        Label::Locator
    } else {
        Label::Backref
    }
}

/// Tokens without a label of their own take one: punctuation the label before it, words the
/// label after them.
fn fill_from_neighbours(tokens: &[Token<'_>], labels: &mut [Option<Label>]) {
    for i in 0..labels.len() {
        if labels[i].is_some() {
            continue;
        }
        let punct = !tokens[i].text.chars().any(char::is_alphanumeric);
        let before = labels[..i].iter().rev().flatten().next().copied();
        let after = labels[i + 1..].iter().flatten().next().copied();
        labels[i] = if punct {
            before.or(after)
        } else {
            after.or(before)
        };
    }
}

/// Whether `next` is printed against `prev`, without a space.
fn glued(prev: &str, next: &str) -> bool {
    let closing = [
        ",", ".", ";", ":", ")", "]", "»", "”", "’", "'", ".,", "),", ").", ".;", "?", "!", "...",
        "..", ".:", ",»", ".»", "»,", "».",
    ];
    let opening = ["(", "[", "«", "“", "’", "'"];
    closing.contains(&next)
        || opening.contains(&prev)
        || next.starts_with([',', '.', ';', ')', ']', '»'])
            && !next.chars().any(char::is_alphanumeric)
        || prev == "-" && next.starts_with(char::is_lowercase)
        || next == "-" && prev.ends_with(char::is_lowercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_title_after_in_and_editors_is_the_container() {
        let rows = [
            ("Agazzi", "author"),
            (",", "author"),
            ("Edilizia", "title"),
            (",", "title"),
            ("in", "conjunction"),
            ("F", "author"),
            (".", "author"),
            ("Rossi", "author"),
            ("(", "author"),
            ("a", "author"),
            ("cura", "author"),
            ("di", "author"),
            (")", "author"),
            (",", "author"),
            ("Atti", "title"),
            ("del", "title"),
            ("Convegno", "title"),
            (",", "title"),
            ("Venezia", "publicationplace"),
            ("2000", "year"),
        ];
        let mut data = String::new();
        for (k, (t, f)) in rows.iter().enumerate() {
            let span = if k == 0 {
                "b-r"
            } else if k + 1 == rows.len() {
                "e-r"
            } else {
                "i-r"
            };
            data.push_str(&format!("{t} {f} i-secondary {span}\r"));
        }
        let notes = from_linkedbooks_conll(&data, "lb");
        let labels: Vec<Label> = notes[0].segments().map(|s| s.label).collect();
        assert_eq!(
            labels,
            [
                Label::Author,
                Label::Title,
                Label::Editor,
                Label::ContainerTitle,
                Label::PublisherPlace,
                Label::Issued
            ]
        );
    }

    #[test]
    fn references_become_labelled_notes() {
        let data = "-DOCSTART- -X- -X- o\r\rCESSI author b-secondary b-r\r, author i-secondary i-r\rLe title i-secondary i-r\rorigini title i-secondary i-r\r, title i-secondary i-r\rNapoli publicationplace i-secondary i-r\r1951 year i-secondary i-r\r, year i-secondary i-r\rp pagination i-secondary i-r\r. pagination i-secondary i-r\r34 pagination e-secondary i-r\r. pagination e-secondary e-r\rtesto o o o\r";
        let notes = from_linkedbooks_conll(data, "lb");
        assert_eq!(notes.len(), 1);
        assert_eq!(notes[0].text(), "CESSI, Le origini, Napoli 1951, p. 34.");
        let labels: Vec<Label> = notes[0].segments().map(|s| s.label).collect();
        assert_eq!(
            labels,
            [
                Label::Author,
                Label::Title,
                Label::PublisherPlace,
                Label::Issued,
                Label::Locator
            ]
        );
    }
}
