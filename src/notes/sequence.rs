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
/// Page numbers are looked for among this many lines at the top and at the bottom of a page.
const PAGE_NUMBER_EDGE_LINES: usize = 3;
/// Page numbers count the pages on at least this many pages (and a third of them).
const MIN_PAGE_NUMBERS: usize = 3;

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
    let mut words = t.rsplit(char::is_whitespace);
    let last_word = words.next().unwrap_or("");
    // A web address wrapped over two lines ends its note too: `https://perma.cc/9STS-` and
    // `2VTU` on the next line.
    let wrapped_address = t.rsplit('\n').next().is_some_and(|l| !l.contains(' '))
        && words.next().is_some_and(web_address);
    t.ends_with(['.', '!', '?', ')', ']', '"', '”', '»', '’', '\''])
        || web_address(last_word)
        || wrapped_address
}

/// Whether a line of text calls one of the notes `numbers` as body text does: the number
/// alone between words (`Once Upon a Crime 24 was notable`, `Annex 151 .`).
fn calls_note(text: &str, numbers: std::ops::RangeInclusive<u32>) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(2).any(|pair| {
        pair[0].ends_with(char::is_alphabetic)
            && pair[1]
                .trim_end_matches([',', '.', ';', ':'])
                .parse::<u32>()
                .is_ok_and(|n| numbers.contains(&n))
    })
}

/// Whether a word is a web address or a DOI.
fn web_address(word: &str) -> bool {
    word.contains("://") || word.starts_with("www.") || word.starts_with("doi.org/")
}

struct Finder<'a> {
    lines: Vec<Line<'a>>,
    pages: Pages,
    furniture: HashSet<String>,
    /// The lines that are page numbers ([`page_number_lines`]).
    page_numbers: HashSet<usize>,
    /// The size of each line's type, when the text came from a PDF file.
    type_size: Option<TypeSize>,
}

/// The size of the type of each line, and of the body text.
struct TypeSize {
    lines: Vec<Option<f32>>,
    /// The size most lines of the upper parts of the pages have (the notes are below).
    body: f32,
}

/// The body's type size is read from this top share of each page's lines.
const BODY_SHARE_OF_PAGE: f64 = 0.4;

/// Type at least this much smaller than the body's (in points) is a note's.
const SMALLER_TYPE: f32 = 0.5;

impl TypeSize {
    fn of(sizes: &[Option<f32>], pages: &Pages) -> Self {
        // The body's size: the most common one, to the half point, in the upper part of the
        // pages (on pages of long notes, most lines are the notes').
        let mut page_lines: HashMap<usize, usize> = HashMap::new();
        for &p in &pages.page_of {
            *page_lines.entry(p).or_default() += 1;
        }
        let mut counts: HashMap<i32, usize> = HashMap::new();
        let mut at = 0;
        for (i, size) in sizes.iter().enumerate() {
            let page = pages.page_of.get(i).copied().unwrap_or(0);
            at = if i > 0 && pages.page_of.get(i - 1) == Some(&page) {
                at + 1
            } else {
                0
            };
            let lines = page_lines.get(&page).copied().unwrap_or(1) as f64;
            if let Some(size) = size
                && (at as f64) < BODY_SHARE_OF_PAGE * lines
            {
                *counts.entry((size * 2.0).round() as i32).or_default() += 1;
            }
        }
        let body = counts
            .into_iter()
            .max_by_key(|&(half_points, n)| (n, half_points))
            .map_or(0.0, |(half_points, _)| half_points as f32 / 2.0);
        TypeSize {
            lines: sizes.to_vec(),
            body,
        }
    }

    /// Whether line `i` is set smaller than the body (`None` when its size is unknown).
    fn smaller(&self, i: usize) -> Option<bool> {
        let size = self.lines.get(i).copied().flatten()?;
        Some(size <= self.body - SMALLER_TYPE)
    }
}

/// The numbers alone on a line near the top or the bottom of their page that count the pages:
/// the number less the page's index is the same on enough pages (`103` under a running head
/// is the page number, not note 103 with the body text as its text).
fn page_number_lines(lines: &[Line<'_>], pages: &Pages) -> HashSet<usize> {
    let mut edge_numbers: Vec<(usize, i64)> = Vec::new();
    let mut by_page: Vec<Vec<usize>> = Vec::new();
    for (i, &p) in pages.page_of.iter().enumerate() {
        if by_page.len() <= p {
            by_page.resize_with(p + 1, Vec::new);
        }
        if !lines[i].is_blank() {
            by_page[p].push(i);
        }
    }
    for (p, content) in by_page.iter().enumerate() {
        let edge = PAGE_NUMBER_EDGE_LINES.min(content.len());
        let top = content[..edge].iter();
        let bottom = content[content.len() - edge..].iter();
        for &i in top.chain(bottom) {
            let Ok(value) = lines[i].text.trim().parse::<u32>() else {
                continue;
            };
            edge_numbers.push((i, i64::from(value) - p as i64));
        }
    }
    let mut counts: HashMap<i64, usize> = HashMap::new();
    for &(_, offset) in &edge_numbers {
        *counts.entry(offset).or_default() += 1;
    }
    let needed = (by_page.len() / 3).max(MIN_PAGE_NUMBERS);
    edge_numbers
        .into_iter()
        .filter(|(_, offset)| counts.get(offset).is_some_and(|&n| n >= needed))
        .map(|(i, _)| i)
        .collect()
}

impl<'a> Finder<'a> {
    fn blank(&self, i: usize) -> bool {
        self.lines[i].is_blank()
    }

    /// Whether the block after the blank line `blank`, up to `stop`, is set in a note's type
    /// throughout (known only for a PDF file).
    fn block_in_note_type(&self, blank: usize, stop: usize) -> bool {
        let mut block = (blank..stop)
            .skip_while(|&j| self.blank(j))
            .take_while(|&j| !self.blank(j))
            .peekable();
        block.peek().is_some()
            && block.all(|j| !self.is_furniture(j) && self.smaller_type(j) == Some(true))
    }

    /// Whether line `i` is set smaller than the body, when the text came from a PDF file.
    fn smaller_type(&self, i: usize) -> Option<bool> {
        self.type_size.as_ref().and_then(|t| t.smaller(i))
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
        if self.page_numbers.contains(&i) {
            return None;
        }
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
        // In a PDF file, notes are set smaller than the body.
        match self.smaller_type(c.text_line) {
            Some(true) => score += 1.0,
            Some(false) => score -= 1.5,
            None => {}
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

/// Read the notes of paged PDF text; `sizes`, from a PDF's layout, is the size of each line's
/// type.
pub(super) fn read(
    source: &Normalized,
    lines: &Lines<'_>,
    sizes: Option<&[Option<f32>]>,
) -> super::FoundNotes {
    let pages = Pages::of(&lines.lines);
    let type_size = sizes.map(|sizes| TypeSize::of(sizes, &pages));
    let lines: Vec<Line<'_>> = lines.lines.iter().map(page_text).collect();
    let furniture = super::furniture(&lines);
    let page_numbers = page_number_lines(&lines, &pages);
    let finder = Finder {
        lines,
        pages,
        furniture,
        page_numbers,
        type_size,
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
            if let Some(zone) = self.next_page_zone(c, &run[k + 1..], page_end) {
                self.continuation(c, zone, &mut sink, &starts);
            }
        }
        sink.finish()
    }

    /// Where the continuation of `last`, when it is the last note of its page, would be: on
    /// the next page, above its first note (`after` are the notes after `last`).
    fn next_page_zone(
        &self,
        last: &Candidate,
        after: &[Candidate],
        page_end: &[usize],
    ) -> Option<Zone> {
        let page = last.page + 1;
        match after.first() {
            Some(n) if n.page == last.page => None,
            Some(n) if n.page == page => {
                let last_on_page = after
                    .iter()
                    .take_while(|m| m.page == page)
                    .last()
                    .map_or(n.number, |m| m.number);
                Some(Zone {
                    page,
                    end: n.line,
                    before_note: true,
                    calls: n.number..=last_on_page,
                })
            }
            _ => page_end.get(page).map(|&end| Zone {
                page,
                end,
                before_note: false,
                calls: last.number + 1..=last.number + 1,
            }),
        }
    }

    /// Add the lines from `from` up to `stop` to the current note: the block it is in, and
    /// the blocks that follow it before the next note of the page.
    fn extend_note(&self, from: usize, stop: usize, starts: &HashSet<usize>, sink: &mut NoteSink) {
        let ends_with_next = stop < self.lines.len() && starts.contains(&stop);
        let mut j = from;
        while j < stop {
            if self.blank(j) {
                // A block between two notes carries on the first only when it was left
                // unfinished (a column of body text can stand between two zones), or, in a
                // PDF file, when it is set in the notes' type (a note's second paragraph).
                let unfinished = last_note_unfinished(sink);
                sink.interrupt();
                let carries_on = (ends_with_next && unfinished) || self.block_in_note_type(j, stop);
                if !carries_on {
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

    /// The block that carries on `last`, the last note of its page, when it was left
    /// unfinished: the block just above the first note of the next page, or, when that page
    /// has none, its last block if it opens in the middle of a sentence.
    fn continuation(
        &self,
        last: &Candidate,
        next_page: Zone,
        sink: &mut NoteSink,
        starts: &HashSet<usize>,
    ) {
        if !last_note_unfinished(sink) {
            return;
        }
        let mut end = next_page.end;
        while end > 0
            && (self.blank(end - 1) || (!next_page.before_note && self.is_furniture(end - 1)))
        {
            end -= 1;
        }
        let mut start = end;
        while start > 0 && !self.blank(start - 1) && self.pages.page_of[start - 1] == next_page.page
        {
            start -= 1;
        }
        let block = start..end;
        if block.is_empty() || self.pages.page_of[start] != next_page.page {
            return;
        }
        let opens_mid_sentence = self.lines[start]
            .text
            .trim_start()
            .starts_with(char::is_lowercase);
        let close = self.lines[end - 1].text.trim_end();
        let belongs = (block.len() <= MAX_CONTINUATION_LINES || opens_mid_sentence)
            && next_page.page > last.page
            && (opens_mid_sentence
                || (next_page.before_note
                    && (close.ends_with(['.', ')'])
                        || close.ends_with(|c: char| c.is_ascii_digit()))))
            && !block
                .clone()
                .any(|j| starts.contains(&j) || self.is_furniture(j))
            && !block
                .clone()
                .any(|j| calls_note(self.lines[j].text, next_page.calls.clone()))
            && !block.clone().any(|j| self.smaller_type(j) == Some(false));
        if belongs {
            sink.interrupt();
            for j in block {
                sink.extend(self.lines[j].content_from(0));
            }
            sink.interrupt();
        }
    }
}

/// Where the continuation of a note is looked for on the page after it.
struct Zone {
    page: usize,
    /// The line the block must end before: the page's first note, or the page's end.
    end: usize,
    /// Whether `end` is a note (or the end of the page).
    before_note: bool,
    /// The numbers of the notes the page's body text may call.
    calls: std::ops::RangeInclusive<u32>,
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
    fn body_text_calls_the_notes_of_its_page() {
        assert!(calls_note("book Once Upon a Crime 24 was notable", 20..=24));
        assert!(calls_note("as established in UNDRIP 105.", 104..=106));
        assert!(!calls_note("Law Review 24, pp. 1-30", 30..=33));
        assert!(!calls_note("see above, p. 24", 20..=24));
    }

    #[test]
    fn a_note_left_unfinished_ends_in_a_word() {
        assert!(!finished("One of the three, possible"));
        assert!(!finished("Disziplinarmacht-"));
        assert!(finished("at 48."));
        assert!(finished("https://perma.cc/FUW8-ALCV"));
        assert!(finished("Newsletter, 2(1). https://perma.cc/9STS-\n2VTU"));
        assert!(finished("Review 12 (2019), doi.org/10.1000/\nxyz.123"));
        assert!(!finished("available at https://example.org and\nelsewhere"));
    }
}
