//! The tokens the labeller labels: runs of non-space characters, split after a comma or a
//! semicolon glued to the next word (`Press,p.48` is `Press,` and `p.48`).
//!
//! ```
//! # use opcit::cite::tokens::tokenize;
//! let text = "Ghosh, op. cit.,p.237-238; 1,000 «Title»,London";
//! let words: Vec<&str> = tokenize(text).into_iter().map(|r| &text[r]).collect();
//! assert_eq!(words, ["Ghosh,", "op.", "cit.,", "p.237-238;", "1,000", "«Title»,", "London"]);
//! ```

use std::ops::Range;

/// The tokens of `text`, as byte ranges, in order.
pub fn tokenize(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::with_capacity(text.len() / 6 + 1);
    let mut start: Option<usize> = None;
    let mut chars = text.char_indices().peekable();
    let mut prev = ' ';
    while let Some((i, c)) = chars.next() {
        let before = std::mem::replace(&mut prev, c);
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push(s..i);
            }
            continue;
        }
        let s = *start.get_or_insert(i);
        let next = chars.peek().map(|&(_, n)| n);
        if matches!(c, ',' | ';') && next.is_some_and(|n| glued_word(before, c, n)) {
            let end = i + c.len_utf8();
            out.push(s..end);
            start = None;
        }
    }
    if let Some(s) = start {
        out.push(s..text.len());
    }
    out
}

/// Whether `next`, right after the separator `sep` (itself after `before`), opens a new word:
/// a letter, a quote, a bracket, or a number after a word (`1,000` and `3,4` stay whole, as
/// does `,,`).
fn glued_word(before: char, sep: char, next: char) -> bool {
    if next.is_whitespace() || next == sep {
        return false;
    }
    if next.is_ascii_digit() {
        return sep == ';' || !before.is_ascii_digit();
    }
    next.is_alphabetic() || "«“‘„\"([".contains(next)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<&str> {
        tokenize(text).into_iter().map(|r| &text[r]).collect()
    }

    #[test]
    fn splits_at_spaces_and_glued_separators() {
        assert_eq!(words("  a  b\nc "), ["a", "b", "c"]);
        assert_eq!(
            words("Smith,J.,2001,«T»"),
            ["Smith,", "J.,", "2001,", "«T»"]
        );
        assert_eq!(words("pp. 3,4;5"), ["pp.", "3,4;", "5"]);
        assert_eq!(words(""), Vec::<&str>::new());
        assert_eq!(words("ü,é"), ["ü,", "é"]);
    }
}
