//! Where a token stands: in a quotation or brackets, at the start or end of the note, after a
//! sentence end.

use super::{id, word};
use crate::cite::text::closing_quote;
use std::ops::Range;

/// For each token, the features of its place in the note (`groups`: its quotations and
/// brackets, [`protected_ranges`](crate::cite::text::protected_ranges)), into `out` (a list for
/// each token, empty).
pub(super) fn token_context(
    text: &str,
    tokens: &[Range<usize>],
    groups: &[Range<usize>],
    out: &mut [Vec<u64>],
) {
    let n = tokens.len();
    mark_groups(text, tokens, groups, out);
    for (i, r) in tokens.iter().enumerate() {
        let f = &mut out[i];
        if i == 0 {
            f.push(id("pos", "first"));
        }
        if i + 1 == n {
            f.push(id("pos", "last"));
        }
        f.push(id("decile", decile(i, n)));
        f.push(id("notelen", note_length(n)));
        if i > 0 {
            let prev = &text[tokens[i - 1].clone()];
            if let Some(end) = sentence_end(prev) {
                f.push(id("after", end));
            }
        }
        let w = &text[r.clone()];
        if w.ends_with(';') {
            f.push(id("ends", ";"));
        }
    }
}

/// Marks tokens inside quotations and brackets, with where the group opens and closes and
/// how long it is.
fn mark_groups(text: &str, tokens: &[Range<usize>], groups: &[Range<usize>], out: &mut [Vec<u64>]) {
    let mut first = 0;
    for g in groups {
        let kind = match text[g.start..].chars().next() {
            Some(c) if closing_quote(c).is_some() => "q",
            _ => "b",
        };
        // tokens overlapping the group, found from where the last group's search stopped
        while first < tokens.len() && tokens[first].end <= g.start {
            first += 1;
        }
        let mut last = first;
        while last < tokens.len() && tokens[last].start < g.end {
            last += 1;
        }
        let inside = last - first;
        let size = match inside {
            0 | 1 => "1",
            2..=3 => "2-3",
            4..=10 => "4-10",
            11..=25 => "11-25",
            _ => "26+",
        };
        for (k, f) in out.iter_mut().enumerate().take(last).skip(first) {
            let place = if k == first {
                "open"
            } else if k + 1 == last {
                "close"
            } else {
                "in"
            };
            f.push(id(kind, place));
            f.push(id(kind, size));
        }
    }
}

/// `0` to `9`: which tenth of the note the token is in.
fn decile(i: usize, n: usize) -> &'static str {
    const D: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
    D[(i * 10 / n.max(1)).min(9)]
}

/// A bucket of the note's length in tokens.
fn note_length(n: usize) -> &'static str {
    match n {
        0..=3 => "1-3",
        4..=10 => "4-10",
        11..=30 => "11-30",
        31..=80 => "31-80",
        _ => "81+",
    }
}

/// What the token before ends a sentence with, if it does: `.` (not after an initial or a
/// short abbreviation), `:`, `?`, `!`.
fn sentence_end(prev: &str) -> Option<&'static str> {
    let t = prev.trim_end_matches(['»', '”', '’', '"', ')']);
    if t.ends_with(':') {
        return Some(":");
    }
    if t.ends_with(['?', '!']) {
        return Some("?");
    }
    if t.ends_with('.') {
        let core = word::core(t);
        let short = core.chars().count() <= 3 && core.chars().any(char::is_alphabetic);
        return Some(if word::is_initial(t) || short {
            ".abbr"
        } else {
            "."
        });
    }
    None
}
