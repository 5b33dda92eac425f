//! Small readers over citation text: words, quotes, brackets and top-level delimiters.
//!
//! Offsets are byte offsets into the text given; every function stays on char boundaries.

use std::ops::Range;

/// The offset of the first non-space at or after `at`.
pub(crate) fn skip_spaces(text: &str, at: usize) -> usize {
    let rest = text.get(at..).unwrap_or("");
    at + rest.len() - rest.trim_start().len()
}

/// The word (a run of non-space characters) starting at `at`, if any; none when the run is
/// longer than [`MAX_WORD_BYTES`] (no word of a name is), so that a note written without
/// spaces is not searched to its end from every place in it.
pub(crate) fn word_at(text: &str, at: usize) -> Option<Range<usize>> {
    let rest = text.get(at..)?;
    let mut limit = rest.len().min(MAX_WORD_BYTES + 1);
    while !rest.is_char_boundary(limit) {
        limit -= 1;
    }
    let len = match rest[..limit].find(char::is_whitespace) {
        Some(len) => len,
        None if limit == rest.len() => rest.len(),
        None => return None,
    };
    (len > 0).then(|| at..at + len)
}

/// The longest run of non-space characters [`word_at`] gives.
pub(crate) const MAX_WORD_BYTES: usize = 512;

/// The year of a word that is a year (`(1995b).` gives 1995).
pub(crate) fn year_in_word(w: &str) -> Option<i32> {
    let w = w.trim_matches(|c: char| "()[],.;:".contains(c));
    let digits = &w[..w.len() - w.trim_start_matches(|c: char| c.is_ascii_digit()).len()];
    let suffix = &w[digits.len()..];
    let year: i32 = digits.parse().ok()?;
    let suffix_ok =
        suffix.is_empty() || (suffix.len() == 1 && suffix.chars().all(|c| c.is_ascii_lowercase()));
    (digits.len() == 4 && (1400..=2039).contains(&year) && suffix_ok).then_some(year)
}

/// The closing quote for an opening one.
pub(crate) fn closing_quote(open: char) -> Option<char> {
    match open {
        '«' => Some('»'),
        '“' => Some('”'),
        '‘' => Some('’'),
        '„' => Some('“'),
        '"' => Some('"'),
        '‹' => Some('›'),
        _ => None,
    }
}

/// The end (one past the closing mark) of the quotation opening at `at`.
///
/// `’` followed by a letter is an apostrophe, not a closing quote. Nested quotes of another
/// kind are skipped. Without a closing mark there is no quotation.
pub(crate) fn quote_end(text: &str, at: usize) -> Option<usize> {
    quote_scan(text, at).ok()
}

/// [`quote_end`], or where its search stopped when the quotation does not close (a paragraph
/// break or the end of the text): a quotation opened by the same mark anywhere before that
/// place does not close either, for its search sees the same text.
fn quote_scan(text: &str, at: usize) -> Result<usize, usize> {
    #[cfg(test)]
    tests::QUOTE_SCANS.with(|n| n.set(n.get() + 1));
    let Some(open) = text.get(at..).and_then(|t| t.chars().next()) else {
        return Err(text.len());
    };
    let Some(close) = closing_quote(open) else {
        return Err(text.len());
    };
    let body_start = at + open.len_utf8();
    let mut depth = 0usize;
    let mut last_close = None;
    let mut stop = text.len();
    let mut chars = text[body_start..].char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let pos = body_start + i;
        let next = chars.peek().map(|&(_, n)| n);
        if c == close && !(close == '’' && next.is_some_and(char::is_alphabetic)) {
            if depth == 0 {
                return Ok(pos + c.len_utf8());
            }
            depth -= 1;
            last_close = Some(pos + c.len_utf8());
        } else if c == open && open != close {
            depth += 1;
        } else if c == '\n' && text[pos..].starts_with("\n\n") {
            stop = pos;
            break;
        }
    }
    // An inner opening mark that never closed (`“Response … entitled: “ The … Concerns”`):
    // the last closing mark ends the quotation.
    last_close.ok_or(stop)
}

/// The end of the bracketed group opening at `at` (`(`, `[`), nested groups included.
pub(crate) fn bracket_end(text: &str, at: usize) -> Option<usize> {
    let open = text.get(at..)?.chars().next()?;
    let close = match open {
        '(' => ')',
        '[' => ']',
        _ => return None,
    };
    let mut depth = 0usize;
    for (i, c) in text[at..].char_indices() {
        if c == open {
            depth += 1;
        } else if c == close {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Some(at + i + 1);
            }
        }
    }
    None
}

/// Where quotations and bracketed groups lie in the text: a sorted list of ranges.
///
/// Only quotations that close are kept; an unclosed mark is ordinary text. The scan is linear:
/// a group that does not close is not searched again.
pub(crate) fn protected_ranges(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut i = 0;
    let mut failed_quote: Option<char> = None;
    // the marks whose quotations did not close, and up to where that holds
    let mut unclosed: Vec<(char, usize)> = Vec::new();
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        let opens_quote = closing_quote(c).is_some()
            && failed_quote != Some(c)
            && !(c == '‘' && i > 0 && text[..i].chars().last().is_some_and(char::is_alphanumeric))
            && !(c == '"' && out.last().is_some_and(|r: &Range<usize>| r.end == i));
        let end = if opens_quote {
            // a mark that failed before this place fails again: the text is not searched
            // again (interleaved unclosed `« “ « “` cost a search to the end each)
            let known = unclosed.iter().any(|&(m, stop)| m == c && i < stop);
            let end = if known {
                None
            } else {
                match quote_scan(text, i) {
                    Ok(end) => Some(end),
                    Err(stop) => {
                        unclosed.retain(|&(m, _)| m != c);
                        unclosed.push((c, stop));
                        None
                    }
                }
            };
            if end.is_none() {
                failed_quote = Some(c);
            }
            end
        } else if c == '(' || c == '[' {
            // search no further than the longest group kept: an unclosed bracket costs a
            // bounded scan, not one to the end of the note
            let mut limit = (i + MAX_BRACKET_BYTES + 1).min(text.len());
            while !text.is_char_boundary(limit) {
                limit -= 1;
            }
            bracket_end(&text[..limit], i)
        } else {
            None
        };
        match end {
            Some(end) => {
                out.push(i..end);
                i = end;
            }
            None => i += c.len_utf8(),
        }
    }
    out
}

/// Brackets longer than this are not treated as one group (a stray `(` would swallow the note).
const MAX_BRACKET_BYTES: usize = 600;

/// Whether `at` lies strictly inside one of the sorted `ranges`.
pub(crate) fn inside(ranges: &[Range<usize>], at: usize) -> bool {
    let i = ranges.partition_point(|r| r.end <= at);
    ranges.get(i).is_some_and(|r| r.start < at && at < r.end)
}

/// Trim spaces and the given punctuation from both ends of a range of `text`.
pub(crate) fn trim_range(text: &str, range: Range<usize>, punct: &str) -> Range<usize> {
    let Some(s) = text.get(range.clone()) else {
        // an inverted range (spaces skipped past its end): empty, where it ends
        let at = range.end.min(text.len());
        let at = (0..=at)
            .rev()
            .find(|&i| text.is_char_boundary(i))
            .unwrap_or(0);
        return at..at;
    };
    let start_trimmed = s.trim_start_matches(|c: char| c.is_whitespace() || punct.contains(c));
    let start = range.start + s.len() - start_trimmed.len();
    let end_trimmed =
        start_trimmed.trim_end_matches(|c: char| c.is_whitespace() || punct.contains(c));
    start..start + end_trimmed.len()
}

/// Clean a field value: collapse white space, drop spaces before `:;?!` and around quotes,
/// and strip the wrapping quotes.
pub(crate) fn clean_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split_whitespace() {
        if !out.is_empty() {
            let glue = word.starts_with([':', ';', '?', '!', ',', '.', ')', '»', '”'])
                && !word.starts_with("...")
                || out.ends_with(['(', '«', '“', '‘', '„']);
            if !glue {
                out.push(' ');
            }
        }
        out.push_str(word);
    }
    let mut v = out.as_str();
    loop {
        let before = v.len();
        if let Some(open) = v.chars().next()
            && let Some(close) = closing_quote(open)
            && v.ends_with(close)
            && v.len() > open.len_utf8() + close.len_utf8()
        {
            v = &v[open.len_utf8()..v.len() - close.len_utf8()];
            v = v.trim();
        }
        v = v.trim_end_matches([',', ';', ' ']);
        if v.len() == before {
            break;
        }
    }
    // A lone trailing period is punctuation, unless it ends an abbreviation or an initial.
    if let Some(stripped) = v.strip_suffix('.') {
        let last = stripped.rsplit([' ', '.']).next().unwrap_or("");
        let initial = last.chars().count() == 1 && last.chars().all(char::is_uppercase);
        if !initial && !stripped.ends_with('.') {
            v = stripped;
        }
    }
    v.trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    thread_local! {
        /// How many times a quotation's closing mark was searched for.
        pub(super) static QUOTE_SCANS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    #[test]
    fn a_word_is_at_most_max_word_bytes() {
        assert_eq!(word_at("Smith, J.", 0), Some(0..6));
        assert_eq!(word_at("Smith", 0), Some(0..5));
        let long = "Smith,J.,2001,«Title»;".repeat(100);
        assert_eq!(word_at(&long, 0), None);
        let exact = "é".repeat(MAX_WORD_BYTES / 2);
        assert_eq!(word_at(&exact, 0), Some(0..MAX_WORD_BYTES));
        assert_eq!(word_at(&format!("{exact} x"), 0), Some(0..MAX_WORD_BYTES));
        assert_eq!(word_at(&format!("{exact}x y"), 0), None);
    }

    #[test]
    fn unclosed_quotes_are_searched_once_per_mark() {
        let text = format!("Smith, J., {}London.", "« “ ".repeat(1000));
        QUOTE_SCANS.with(|n| n.set(0));
        assert!(protected_ranges(&text).is_empty());
        // one search for `«`, one for `“`, not one per mark
        assert_eq!(QUOTE_SCANS.with(std::cell::Cell::get), 2);
    }

    #[test]
    fn an_unclosed_mark_is_searched_again_after_a_paragraph_break() {
        let text = "« a “ b\n\n« c » d";
        let ranges = protected_ranges(text);
        let quoted: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(quoted, ["« c »"]);
    }

    #[test]
    fn quotes_and_apostrophes() {
        let t = "« Today’s ‘ regime’ » rest";
        assert_eq!(quote_end(t, 0), Some(t.find(" rest").unwrap_or(0)));
        let t = "‘Migration and the ‘New’ Order’ x";
        assert_eq!(
            &t[..quote_end(t, 0).unwrap_or(0)],
            "‘Migration and the ‘New’ Order’"
        );
    }

    #[test]
    fn values_are_cleaned() {
        assert_eq!(clean_value("« Regime ? »,"), "Regime?");
        assert_eq!(clean_value("Level : Strategies"), "Level: Strategies");
        assert_eq!(
            clean_value("Oxford University Press."),
            "Oxford University Press"
        );
        assert_eq!(clean_value("Stephen D."), "Stephen D.");
    }

    #[test]
    fn years() {
        assert_eq!(year_in_word("(1995b)."), Some(1995));
        assert_eq!(year_in_word("2001,"), Some(2001));
        assert_eq!(year_in_word("230"), None);
        assert_eq!(year_in_word("12345"), None);
    }
}
