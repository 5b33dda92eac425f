//! Footnotes of paged PDF text as one decision over the whole document.
//!
//! Every line that could open a note is a candidate: a number at the start of a line
//! (`12 Text`, `12. Text`, a glued `12Text`, a superscript `¹²`), or a number alone on its
//! line with the text on the next one. Each candidate is scored by what makes a footnote
//! zone: the lines after it on its page are notes too, it sits low on the page, the line
//! before it ends a sentence, it is not an entry of a table of contents. Then the best
//! increasing run of numbers 1..N is chosen by dynamic programming, each next number earning
//! more than a skipped one, so that one odd line never stops the count and a numbered heading
//! cannot outbid the real note of its number.
//!
//! A chosen note runs to the next blank line, the next chosen note or the end of its page; a
//! block between two notes of a page carries on the first, and the block just above the first
//! note of a page carries on the last note of the page before when that note was left
//! unfinished.

use super::{Line, Lines, NoteSink, ends_sentence, furniture_key, marker, symbol_note};
use crate::model::Severity;
use crate::text::Normalized;
use std::collections::{HashMap, HashSet};

/// A line that could open a note.
#[derive(Debug, Clone, Copy)]
struct Candidate {
    /// The line with the number.
    line: usize,
    /// The line where the note's text starts (the next one for a number alone on its line).
    text_line: usize,
    /// Where the text starts on `text_line`, in bytes from the line start.
    text_from: usize,
    number: u32,
    page: usize,
}

/// Note numbers alone on their line have at most this many digits.
const MAX_ALONE_DIGITS: usize = 3;
/// A run may skip this many numbers.
const MAX_SKIP: u32 = 3;
/// What the next number in sequence earns a run.
const NEXT_NUMBER: f64 = 3.0;
/// What each skipped number costs.
const SKIPPED_NUMBER: f64 = 2.0;
/// What a run that does not start at 1 costs.
const LATE_START: f64 = 3.0;
/// What starting the numbering again at 1 costs (a new chapter).
const RESTART: f64 = 6.0;
/// Numbered headings are at most this long.
const HEADING_MAX_CHARS: usize = 60;
/// Unnumbered notes (`* Professor of Law`) are looked for on this many first pages.
const SYMBOL_NOTE_PAGES: usize = 2;
/// A continuation block above the first note of a page has at most this many lines.
const MAX_CONTINUATION_LINES: usize = 16;

/// Whether the text should be read by this finder: paged (form feeds) and without footnote
/// rules, which the page reader follows.
pub(super) fn applies(lines: &Lines<'_>) -> bool {
    lines.lines.iter().any(|l| l.text.contains('\u{c}')) && !lines.lines.iter().any(Line::is_rule)
}

/// The pages' first lines and, per line, its page.
struct Pages {
    page_of: Vec<usize>,
}

impl Pages {
    fn of(lines: &[Line<'_>]) -> Self {
        let mut page = 0;
        let page_of = lines
            .iter()
            .enumerate()
            .map(|(i, l)| {
                if i > 0 && l.text.contains('\u{c}') {
                    page += 1;
                }
                page
            })
            .collect();
        Pages { page_of }
    }
}

/// The text of a line as read on its page: after a form feed.
fn page_text<'a>(line: &Line<'a>) -> Line<'a> {
    match line.text.rfind('\u{c}') {
        Some(ff) => Line {
            text: &line.text[ff + 1..],
            start: line.start + ff + 1,
        },
        None => *line,
    }
}

/// A number alone on its line (`12`), as some extractors set a note number apart.
fn alone_number(text: &str) -> Option<u32> {
    let t = text.trim();
    (!t.is_empty() && t.len() <= MAX_ALONE_DIGITS && t.bytes().all(|b| b.is_ascii_digit()))
        .then(|| t.parse().ok())
        .flatten()
        .filter(|&n| n > 0)
}

/// A table-of-contents entry: a page number at the end after dot leaders or a wide gap.
fn contents_entry(text: &str) -> bool {
    let t = text.trim_end();
    let body = t.trim_end_matches(|c: char| c.is_ascii_digit());
    let before = body.trim_end();
    body.len() < t.len()
        && (before.ends_with("..") || before.ends_with('…') || body.len() - before.len() >= 3)
}

/// Whether the last piece of the last note read so far was left unfinished ([`finished`]).
fn last_note_unfinished(sink: &NoteSink<'_>) -> bool {
    sink.notes
        .last()
        .and_then(|n| n.pieces.last())
        .and_then(|p| sink.source.text().get(p.clone()))
        .is_some_and(|t| !finished(t))
}

/// Whether a note's text ends as a finished note does: with a full stop, a closing mark or a
/// web address; not with a word, a number, a comma or a hyphen.
fn finished(text: &str) -> bool {
    let t = text.trim_end();
    let last_word = t.rsplit(char::is_whitespace).next().unwrap_or("");
    t.ends_with(['.', '!', '?', ')', ']', '"', '”', '»', '’', '\''])
        || last_word.contains("://")
        || last_word.starts_with("www.")
}

struct Finder<'a> {
    lines: Vec<Line<'a>>,
    pages: Pages,
    furniture: HashSet<String>,
}

impl<'a> Finder<'a> {
    fn blank(&self, i: usize) -> bool {
        self.lines[i].is_blank()
    }

    fn is_furniture(&self, i: usize) -> bool {
        let l = &self.lines[i];
        l.is_page_number() || self.furniture.contains(&furniture_key(l.text))
    }

    /// The next non-blank line after `i` on the same page.
    fn next_content(&self, i: usize) -> Option<usize> {
        let page = self.pages.page_of[i];
        (i + 1..self.lines.len())
            .take_while(|&j| self.pages.page_of[j] == page)
            .find(|&j| !self.blank(j))
    }

    fn candidate_at(&self, i: usize) -> Option<Candidate> {
        let line = &self.lines[i];
        let page = self.pages.page_of[i];
        if let Some(m) = marker(line.text) {
            return Some(Candidate {
                line: i,
                text_line: i,
                text_from: m.text_start,
                number: m.number,
                page,
            });
        }
        let number = alone_number(line.text)?;
        let next = self.next_content(i)?;
        if marker(self.lines[next].text).is_some() || alone_number(self.lines[next].text).is_some()
        {
            return None;
        }
        Some(Candidate {
            line: i,
            text_line: next,
            text_from: 0,
            number,
            page,
        })
    }

    /// How much a candidate looks like the start of a footnote, whatever its number.
    fn score(
        &self,
        c: &Candidate,
        opens: &HashSet<usize>,
        repeated: &HashSet<&str>,
        page_end: &[usize],
    ) -> f64 {
        let text = self.lines[c.text_line]
            .text
            .get(c.text_from..)
            .unwrap_or("");
        let mut score = 0.0;
        if contents_entry(text) {
            score -= 6.0;
        }
        if self.heading_like(c, text, repeated) {
            score -= 2.0;
        }
        // The blocks after it on the page: notes too, or body text.
        let end = page_end[c.page];
        let (mut numbered, mut unnumbered) = (0, 0);
        let mut block_start = false;
        for j in c.text_line + 1..end {
            if self.blank(j) {
                block_start = true;
                continue;
            }
            if opens.contains(&j) {
                numbered += 1;
            } else if block_start && !self.is_furniture(j) {
                unnumbered += 1;
            }
            block_start = false;
        }
        score += match (numbered, unnumbered) {
            (_, 0) => 2.0,
            (n, u) if n >= 2 * u => 1.0,
            _ => -1.5,
        };
        // Inside a block, after a line that does not end a sentence: a wrapped line.
        if c.line > 0 && !self.blank(c.line - 1) && !ends_sentence(self.lines[c.line - 1].text) {
            score -= 1.5;
        }
        if text.starts_with(|ch: char| ch.is_lowercase()) {
            score -= 0.5;
        }
        let page_start = page_end[..c.page].last().copied().unwrap_or(0);
        let span = (end - page_start).max(1) as f64;
        score + (c.line - page_start) as f64 / span
    }
}

impl Finder<'_> {
    /// A numbered heading or a line of a table of contents: a short line that does not end a
    /// sentence, set apart by a blank line, or a text that two candidates share (the heading
    /// and its entry in the contents).
    fn heading_like(&self, c: &Candidate, text: &str, repeated: &HashSet<&str>) -> bool {
        let t = text.trim();
        let apart = self.lines.get(c.text_line + 1).is_none_or(Line::is_blank);
        repeated.contains(t)
            || (apart
                && t.chars().count() <= HEADING_MAX_CHARS
                && !ends_sentence(t)
                && c.line == c.text_line)
    }
}

/// The texts that more than one candidate has.
fn repeated_texts<'a>(finder: &Finder<'a>, candidates: &[Candidate]) -> HashSet<&'a str> {
    let mut seen = HashSet::new();
    let mut repeated = HashSet::new();
    for c in candidates {
        let line = &finder.lines[c.text_line];
        let text = line.text.get(c.text_from..).unwrap_or("").trim();
        if !text.is_empty() && !seen.insert(text) {
            repeated.insert(text);
        }
    }
    repeated
}

/// The best increasing run of candidates: indices into `candidates`.
fn best_run(candidates: &[Candidate], scores: &[f64]) -> Vec<usize> {
    let mut best = vec![f64::NEG_INFINITY; candidates.len()];
    let mut from: Vec<Option<usize>> = vec![None; candidates.len()];
    // The best run so far ending at each number, and the best ending at a number ≥ 5.
    let mut by_number: HashMap<u32, usize> = HashMap::new();
    let mut best_long: Option<usize> = None;
    for (i, c) in candidates.iter().enumerate() {
        let mut value = if c.number == 1 {
            0.0
        } else {
            -LATE_START - c.number.min(20) as f64 * 0.25
        };
        let mut previous = None;
        for skip in 0..=MAX_SKIP {
            let Some(n) = c.number.checked_sub(1 + skip) else {
                break;
            };
            if let Some(&j) = by_number.get(&n) {
                let v = best[j] + NEXT_NUMBER - SKIPPED_NUMBER * f64::from(skip);
                if v > value {
                    value = v;
                    previous = Some(j);
                }
            }
        }
        if c.number == 1
            && let Some(j) = best_long
            && best[j] - RESTART > value
        {
            value = best[j] - RESTART;
            previous = Some(j);
        }
        best[i] = value + scores[i];
        from[i] = previous;
        let keep = by_number.get(&c.number).is_none_or(|&j| best[j] < best[i]);
        if keep {
            by_number.insert(c.number, i);
        }
        if c.number >= 5 && best_long.is_none_or(|j| best[j] < best[i]) {
            best_long = Some(i);
        }
    }
    let Some(mut at) = (0..best.len()).max_by(|&a, &b| best[a].total_cmp(&best[b])) else {
        return Vec::new();
    };
    if best[at] <= 0.0 {
        return Vec::new();
    }
    let mut run = vec![at];
    while let Some(p) = from[at] {
        run.push(p);
        at = p;
    }
    run.reverse();
    run
}

/// Read the notes of paged PDF text.
pub(super) fn read(source: &Normalized, lines: &Lines<'_>) -> super::FoundNotes {
    let pages = Pages::of(&lines.lines);
    let lines: Vec<Line<'_>> = lines.lines.iter().map(page_text).collect();
    let furniture = super::furniture(&lines);
    let finder = Finder {
        lines,
        pages,
        furniture,
    };
    let page_count = finder.pages.page_of.last().map_or(0, |p| p + 1);
    let mut page_end = vec![0; page_count];
    for (i, &p) in finder.pages.page_of.iter().enumerate() {
        page_end[p] = i + 1;
    }
    let candidates: Vec<Candidate> = (0..finder.lines.len())
        .filter(|&i| !finder.blank(i))
        .filter_map(|i| finder.candidate_at(i))
        .collect();
    let opens: HashSet<usize> = candidates.iter().map(|c| c.line).collect();
    let repeated = repeated_texts(&finder, &candidates);
    let scores: Vec<f64> = candidates
        .iter()
        .map(|c| finder.score(c, &opens, &repeated, &page_end))
        .collect();
    let run: Vec<Candidate> = best_run(&candidates, &scores)
        .into_iter()
        .map(|i| candidates[i])
        .collect();
    finder.collect(source, &run, &page_end)
}

impl<'a> Finder<'a> {
    /// The notes of the chosen run, each with its lines.
    fn collect(
        &self,
        source: &Normalized,
        run: &[Candidate],
        page_end: &[usize],
    ) -> super::FoundNotes {
        let mut sink = NoteSink::new(source);
        self.skip_symbol_notes(&mut sink);
        let starts: HashSet<usize> = run.iter().map(|c| c.line).collect();
        for (k, c) in run.iter().enumerate() {
            let next = run.get(k + 1);
            let first = &self.lines[c.text_line];
            sink.start(c.number, first, first.content_from(c.text_from));
            let stop = match next {
                Some(n) if n.page == c.page => n.line,
                _ => page_end[c.page],
            };
            self.extend_note(c.text_line + 1, stop, &starts, &mut sink);
            if let Some(n) = next.filter(|n| n.page > c.page) {
                self.continuation_before(n, c, &mut sink, &starts);
            }
        }
        sink.finish()
    }

    /// Add the lines from `from` up to `stop` to the current note: the block it is in, and
    /// the blocks that follow it before the next note of the page.
    fn extend_note(&self, from: usize, stop: usize, starts: &HashSet<usize>, sink: &mut NoteSink) {
        let ends_with_next = stop < self.lines.len() && starts.contains(&stop);
        let mut j = from;
        while j < stop {
            if self.blank(j) {
                // A block between two notes carries on the first only when it was left
                // unfinished (a column of body text can stand between two zones).
                let unfinished = last_note_unfinished(sink);
                sink.interrupt();
                if !ends_with_next || !unfinished {
                    return;
                }
            } else if self.is_furniture(j) {
                sink.skip(Severity::Info, &self.lines[j], "page furniture");
                if !ends_with_next {
                    return;
                }
            } else if self.lines[j].text.trim_start().starts_with('©') {
                sink.skip(Severity::Info, &self.lines[j], "a copyright line");
                if !ends_with_next {
                    return;
                }
            } else {
                sink.extend(self.lines[j].content_from(0));
            }
            j += 1;
        }
    }

    /// Report the unnumbered notes of the first pages (`* Professor of Law …`, `† …`),
    /// which are not read as notes.
    fn skip_symbol_notes(&self, sink: &mut NoteSink) {
        let first_pages =
            (0..self.lines.len()).take_while(|&i| self.pages.page_of[i] < SYMBOL_NOTE_PAGES);
        for i in first_pages {
            if symbol_note(self.lines[i].text) {
                sink.skip(Severity::Info, &self.lines[i], "an unnumbered note");
            }
        }
    }

    /// The block just above the first note `first` of a page carries on `last`, the note
    /// before it, when `last` was left unfinished.
    fn continuation_before(
        &self,
        first: &Candidate,
        last: &Candidate,
        sink: &mut NoteSink,
        starts: &HashSet<usize>,
    ) {
        let unfinished = last_note_unfinished(sink);
        if !unfinished || first.line == 0 {
            return;
        }
        let mut end = first.line;
        while end > 0 && self.blank(end - 1) {
            end -= 1;
        }
        let mut start = end;
        while start > 0 && !self.blank(start - 1) && self.pages.page_of[start - 1] == first.page {
            start -= 1;
        }
        let block = start..end;
        let belongs = !block.is_empty()
            && (block.len() <= MAX_CONTINUATION_LINES
                || self.lines[start]
                    .text
                    .trim_start()
                    .starts_with(char::is_lowercase))
            && self.pages.page_of[start] == first.page
            && self.pages.page_of[start] > last.page
            && !block
                .clone()
                .any(|j| starts.contains(&j) || self.is_furniture(j))
            && {
                let text = self.lines[start].text.trim_start();
                let close = self.lines[end - 1].text.trim_end();
                text.starts_with(|c: char| c.is_lowercase())
                    || close.ends_with(['.', ')'])
                    || close.ends_with(|c: char| c.is_ascii_digit())
            };
        if belongs {
            sink.interrupt();
            for j in block {
                sink.extend(self.lines[j].content_from(0));
            }
            sink.interrupt();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_number_alone_is_a_candidate_only_before_text() {
        assert_eq!(alone_number(" 12 "), Some(12));
        assert_eq!(alone_number("1234"), None);
        assert_eq!(alone_number("0"), None);
    }

    #[test]
    fn contents_entries_are_told_by_their_page_numbers() {
        assert!(contents_entry("1. Introduction ........ 690"));
        assert!(contents_entry("Abstract                 3"));
        assert!(contents_entry("2. Kant -Nietzsche -Heidegger ........ 6"));
        assert!(!contents_entry("See Smith, Law (1990), 12"));
    }

    #[test]
    fn a_note_left_unfinished_ends_in_a_word() {
        assert!(!finished("One of the three, possible"));
        assert!(!finished("Disziplinarmacht-"));
        assert!(finished("at 48."));
        assert!(finished("https://perma.cc/FUW8-ALCV"));
    }
}
