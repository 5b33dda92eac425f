//! The `text` stage: repair the raw text of a PDF-extracted document and keep an exact map from
//! the repaired ("normalised") text back to byte offsets of the original input.
//!
//! Repairs, in order:
//!
//! 1. a leading BOM, zero-width characters (U+FEFF, U+200B, U+200C, U+200D) and the format
//!    marks of bidirectional text (U+200E, U+200F, U+202A..U+202E, U+2066..U+2069) are dropped;
//! 2. CRLF and lone CR become LF;
//! 3. the text is put in Unicode NFC, chunk by chunk so that the map stays exact;
//! 4. the Latin ligatures U+FB00..U+FB06 are expanded;
//! 5. soft hyphens are dropped and odd spaces (NBSP, thin space, ...) become a plain space;
//! 6. `©` used as a quote mark becomes `“`, `”` or `’`;
//! 7. stray spaces just inside an opening quote and between a closing quote and `,` `.` `;` `:`
//!    are removed;
//! 8. words hyphenated across a line end are joined, keeping or dropping the hyphen.
//!
//! Every repair but the last keeps the number of line breaks, because the next stage reads lines.
//! [`normalize_lines`] leaves out the last, for a text whose every line stands alone.
//!
//! The map is a sorted list of edit anchors, one per non-identity edit; the identity runs in between
//! are implied. Anchors are stored compactly (a few bytes each, with a block index for binary
//! search), so even an edit on every line (CRLF) costs little memory.
//!
//! Cost: pass 1 (steps 1-5) is one scan that copies nothing unless it edits; pass 2 (steps 6-8)
//! runs only if pass 1 saw a quote-like character or a hyphen not followed by a letter, and is
//! applied in place in pass 1's buffer. A text with nothing to repair costs one scan and one copy.
//! Everything is linear; peak memory is about the input plus one copy plus the map.

use crate::model::Span;
use std::collections::HashMap;
use std::ops::Range;
use unicode_normalization::char::canonical_combining_class;
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

// ---------------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------------

/// Latin ligatures and their expansion.
const LIGATURES: &[(char, &str)] = &[
    ('\u{FB00}', "ff"),
    ('\u{FB01}', "fi"),
    ('\u{FB02}', "fl"),
    ('\u{FB03}', "ffi"),
    ('\u{FB04}', "ffl"),
    ('\u{FB05}', "st"),
    ('\u{FB06}', "st"),
];

/// The only word list of the module: a line ending in `word-` followed by a line that starts with
/// one of these words is a suspended hyphen (`pre-` / `and post-war`), not a broken word, so the
/// lines are not joined, unless the joined word is attested in the document.
const SUSPENDED_HYPHEN_WORDS: &[&str] = &["and", "or", "nor", "und", "oder", "et", "ou"];

/// Characters that may precede an opening `‘` or `“` (besides whitespace and the start of text).
const BEFORE_OPENING_QUOTE: &[char] = &[
    '(', '[', '{', '<', '«', '‹', '—', '–', '-', '/', '‘', '“', '„', '"', '\'',
];

/// Non-ASCII characters counted as punctuation around a `©` used as a quote mark.
const EXTRA_PUNCTUATION: &[char] = &[
    '«', '»', '‹', '›', '‘', '’', '‚', '“', '”', '„', '–', '—', '…', '¡', '¿', '·',
];

/// Characters whose presence makes the context repairs (steps 6 and 7) worth running.
const CONTEXT_CHARS: &[char] = &['©', '»', '‘', '’', '“', '”', '„'];

// ---------------------------------------------------------------------------------------------
// The map
// ---------------------------------------------------------------------------------------------

/// One non-identity edit: `norm..norm + norm_len` of the output replaces
/// `orig..orig + orig_len` of the input. Anchors are sorted and do not overlap (they may touch).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Anchor {
    norm: usize,
    orig: usize,
    norm_len: usize,
    orig_len: usize,
}

impl Anchor {
    fn norm_end(&self) -> usize {
        self.norm + self.norm_len
    }

    fn orig_end(&self) -> usize {
        self.orig + self.orig_len
    }
}

/// Number of anchors per entry of the index of [`Anchors`].
const BLOCK: usize = 32;

/// Index entry of a block of [`BLOCK`] anchors.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Block {
    /// Normalised offset of the block's first anchor.
    first_norm: usize,
    /// Normalised end of the anchor before the block (0 for the first block).
    prev_norm: usize,
    /// Original end of the anchor before the block (0 for the first block).
    prev_orig: usize,
    /// Byte offset of the block in `Anchors::data`.
    offset: usize,
}

/// A compact sorted list of anchors. Each anchor is stored as three LEB128 numbers (length of the
/// identity run before it, normalised length, original length), usually three bytes, and every
/// [`BLOCK`] anchors an index entry allows a binary search. Even a text with an edit on every line
/// (CRLF) keeps the map at a few bytes per line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
struct Anchors {
    data: Vec<u8>,
    blocks: Vec<Block>,
    len: usize,
    /// End (normalised, original) of the last anchor.
    end_norm: usize,
    end_orig: usize,
}

fn write_varint(data: &mut Vec<u8>, mut v: usize) {
    loop {
        let byte = (v & 0x7f) as u8;
        v >>= 7;
        if v == 0 {
            data.push(byte);
            return;
        }
        data.push(byte | 0x80);
    }
}

fn read_varint(data: &[u8], pos: &mut usize) -> Option<usize> {
    let mut v = 0usize;
    let mut shift = 0u32;
    loop {
        let byte = *data.get(*pos)?;
        *pos += 1;
        if shift >= usize::BITS {
            return None;
        }
        v |= usize::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(v);
        }
        shift += 7;
    }
}

impl Anchors {
    fn len(&self) -> usize {
        self.len
    }

    fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Append an anchor; it must start at or after the end of the last one, with identity runs
    /// of equal length on both sides.
    fn push(&mut self, a: Anchor) {
        debug_assert!(a.norm >= self.end_norm && a.orig >= self.end_orig);
        debug_assert_eq!(a.norm - self.end_norm, a.orig - self.end_orig);
        let gap = a.norm.saturating_sub(self.end_norm);
        if self.len.is_multiple_of(BLOCK) {
            self.blocks.push(Block {
                first_norm: self.end_norm + gap,
                prev_norm: self.end_norm,
                prev_orig: self.end_orig,
                offset: self.data.len(),
            });
        }
        write_varint(&mut self.data, gap);
        write_varint(&mut self.data, a.norm_len);
        write_varint(&mut self.data, a.orig_len);
        self.end_norm += gap + a.norm_len;
        self.end_orig += gap + a.orig_len;
        self.len += 1;
    }

    fn iter(&self) -> AnchorIter<'_> {
        self.iter_block(0)
    }

    fn iter_block(&self, b: usize) -> AnchorIter<'_> {
        match self.blocks.get(b) {
            Some(h) => AnchorIter {
                data: &self.data,
                pos: h.offset,
                norm: h.prev_norm,
                orig: h.prev_orig,
            },
            None => AnchorIter {
                data: &[],
                pos: 0,
                norm: 0,
                orig: 0,
            },
        }
    }

    /// An iterator starting at the block of the last anchor that starts before `p` (or at the
    /// first block): no anchor before it matters for a lookup at `p`.
    fn around(&self, p: usize) -> AnchorIter<'_> {
        let b = self
            .blocks
            .partition_point(|h| h.first_norm < p)
            .saturating_sub(1);
        self.iter_block(b)
    }
}

/// Decodes anchors in order; `norm`/`orig` are the end of the previous anchor.
struct AnchorIter<'a> {
    data: &'a [u8],
    pos: usize,
    norm: usize,
    orig: usize,
}

impl Iterator for AnchorIter<'_> {
    type Item = Anchor;

    fn next(&mut self) -> Option<Anchor> {
        let gap = read_varint(self.data, &mut self.pos)?;
        let norm_len = read_varint(self.data, &mut self.pos)?;
        let orig_len = read_varint(self.data, &mut self.pos)?;
        let a = Anchor {
            norm: self.norm + gap,
            orig: self.orig + gap,
            norm_len,
            orig_len,
        };
        self.norm = a.norm_end();
        self.orig = a.orig_end();
        Some(a)
    }
}

/// The normalised text of a document plus the map back to the original bytes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Normalized {
    text: String,
    anchors: Anchors,
}

impl Normalized {
    /// The normalised text.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// A text that needs no repair, taken as it is: every offset maps to itself. The text of a
    /// DOCX or ODT file is made clean (see [`crate::extract`]).
    pub fn from_clean(text: String) -> Normalized {
        Normalized {
            text,
            anchors: Anchors::default(),
        }
    }

    /// Whether normalisation changed nothing (the text is the original input).
    pub fn is_identity(&self) -> bool {
        self.anchors.is_empty()
    }

    /// Original byte offset of a normalised *start* offset.
    ///
    /// A start inside a replaced chunk (e.g. the `i` of a ligature `ﬁ` expanded to `fi`) maps to
    /// the chunk's original start; a start right at deleted text maps after the deletion. Offsets
    /// past the end are clamped and offsets inside a character are moved back to its start, so the
    /// result is always a char boundary of the original input.
    pub fn original_start(&self, normalized: usize) -> usize {
        let p = floor_boundary(&self.text, normalized);
        let it = self.anchors.around(p);
        let (mut base_norm, mut base_orig) = (it.norm, it.orig);
        for a in it {
            if a.norm > p {
                break;
            }
            if a.norm_end() > p {
                return a.orig;
            }
            base_norm = a.norm_end();
            base_orig = a.orig_end();
        }
        base_orig + p.saturating_sub(base_norm)
    }

    /// Original byte offset of a normalised *end* offset (exclusive end).
    ///
    /// An end inside a replaced chunk maps to the chunk's original end; an end right at deleted
    /// text maps before the deletion. Offsets past the end are clamped and offsets inside a
    /// character are moved to its end, so the result is always a char boundary of the original.
    pub fn original_end(&self, normalized: usize) -> usize {
        let p = ceil_boundary(&self.text, normalized);
        let it = self.anchors.around(p);
        let (mut base_norm, mut base_orig) = (it.norm, it.orig);
        for a in it {
            if a.norm >= p {
                break;
            }
            base_norm = a.norm_end();
            base_orig = a.orig_end();
        }
        base_orig + p.saturating_sub(base_norm)
    }

    /// The original span of a normalised range (uses [`Self::original_start`] and
    /// [`Self::original_end`]). An empty or inverted range gives an empty span at the original
    /// start; the span never has `end < start`.
    pub fn original_span(&self, normalized: Range<usize>) -> Span {
        let start = self.original_start(normalized.start);
        if normalized.end <= normalized.start {
            return Span::new(start, start);
        }
        let end = self.original_end(normalized.end).max(start);
        Span::new(start, end)
    }
}

fn floor_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_boundary(s: &str, i: usize) -> usize {
    let mut i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Compose the map of a first pass (`outer`: intermediate -> original) with the map of a second
/// pass over its output (`inner`: final -> intermediate) into final -> original, streaming.
///
/// Edits of the two passes that overlap in the intermediate text are merged into one anchor.
fn compose(outer: &Anchors, inner: &Anchors) -> Anchors {
    // Intervals in intermediate coordinates: outer `norm..norm_end`, inner `orig..orig_end`.
    // At equal starts an empty outer interval (a deletion) goes first and stays on its own.
    fn next_is_outer(a: Option<&Anchor>, b: Option<&Anchor>) -> Option<bool> {
        match (a, b) {
            (Some(a), Some(b)) => Some(a.norm < b.orig || (a.norm == b.orig && a.norm_len == 0)),
            (Some(_), None) => Some(true),
            (None, Some(_)) => Some(false),
            (None, None) => None,
        }
    }
    let mut out = Anchors::default();
    let mut outer = outer.iter().peekable();
    let mut inner = inner.iter().peekable();
    // End of the last consumed outer anchor (intermediate, original) and inner anchor
    // (intermediate, final); identity holds after them.
    let (mut a_mid, mut a_orig) = (0usize, 0usize);
    let (mut b_mid, mut b_fin) = (0usize, 0usize);
    while let Some(first_is_outer) = next_is_outer(outer.peek(), inner.peek()) {
        let group_start = if first_is_outer {
            outer.peek().map_or(0, |a| a.norm)
        } else {
            inner.peek().map_or(0, |b| b.orig)
        };
        let orig_start = a_orig + group_start.saturating_sub(a_mid);
        let fin_start = b_fin + group_start.saturating_sub(b_mid);
        let mut group_end = group_start;
        let mut first = true;
        while let Some(is_outer) = next_is_outer(outer.peek(), inner.peek()) {
            let next = if is_outer { outer.peek() } else { inner.peek() };
            let (start, end) = match (is_outer, next) {
                (true, Some(a)) => (a.norm, a.norm_end()),
                (false, Some(b)) => (b.orig, b.orig_end()),
                (_, None) => break,
            };
            if !first && start >= group_end {
                break;
            }
            first = false;
            if is_outer {
                if let Some(a) = outer.next() {
                    a_mid = a.norm_end();
                    a_orig = a.orig_end();
                }
            } else if let Some(b) = inner.next() {
                b_mid = b.orig_end();
                b_fin = b.norm_end();
            }
            group_end = group_end.max(end);
        }
        let orig_end = a_orig + group_end.saturating_sub(a_mid);
        let fin_end = b_fin + group_end.saturating_sub(b_mid);
        out.push(Anchor {
            norm: fin_start,
            orig: orig_start,
            norm_len: fin_end.saturating_sub(fin_start),
            orig_len: orig_end.saturating_sub(orig_start),
        });
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Output builder
// ---------------------------------------------------------------------------------------------

/// Pending anchors are moved to the compact list once there are this many (and no open NFC chunk
/// refers to them).
const PENDING_ANCHORS: usize = 256;

/// Builds the output of one pass lazily: identity runs are copied only once an edit happens, so a
/// pass without edits allocates nothing.
struct Builder<'a> {
    src: &'a str,
    out: String,
    /// Committed anchors.
    anchors: Anchors,
    /// Recent anchors, still editable (coalescing, NFC chunk rewrite).
    pending: Vec<Anchor>,
    /// Source offset up to which output has been produced.
    copied: usize,
}

impl<'a> Builder<'a> {
    fn new(src: &'a str) -> Self {
        Builder {
            src,
            out: String::new(),
            anchors: Anchors::default(),
            pending: Vec::new(),
            copied: 0,
        }
    }

    /// Number of anchors so far.
    fn count(&self) -> usize {
        self.anchors.len() + self.pending.len()
    }

    /// Commit the pending anchors if there are many; callers guarantee no open chunk needs them.
    fn maybe_commit(&mut self) {
        if self.pending.len() >= PENDING_ANCHORS {
            self.commit();
        }
    }

    fn commit(&mut self) {
        for a in self.pending.drain(..) {
            self.anchors.push(a);
        }
    }

    /// Replace `range` of the source by `replacement`. Edits must come in order; an edit that
    /// overlaps an earlier one or is not on char boundaries is ignored.
    fn edit(&mut self, range: Range<usize>, replacement: &str) {
        if range.start < self.copied || self.src.get(range.clone()).is_none() {
            return;
        }
        let Some(gap) = self.src.get(self.copied..range.start) else {
            return;
        };
        if self.out.capacity() == 0 {
            self.out.reserve(self.src.len() + self.src.len() / 64 + 16);
        }
        self.out.push_str(gap);
        let norm = self.out.len();
        self.copied = range.end;
        if replacement.is_empty()
            && let Some(last) = self.pending.last_mut()
            && last.norm_len == 0
            && last.norm == norm
            && last.orig_end() == range.start
        {
            last.orig_len += range.len();
            return;
        }
        self.pending.push(Anchor {
            norm,
            orig: range.start,
            norm_len: replacement.len(),
            orig_len: range.len(),
        });
        self.out.push_str(replacement);
    }

    /// Put `start..end` in NFC. `start` is a chunk boundary and `first_anchor` the number of
    /// anchors that existed when the chunk began (all of them end at or before `start`, and none
    /// of the chunk's anchors has been committed).
    fn renormalize(&mut self, start: usize, first_anchor: usize, end: usize) {
        if self.copied <= start {
            // No edit inside the chunk: it is still a slice of the source.
            let Some(chunk) = self.src.get(start..end) else {
                return;
            };
            if is_nfc_quick(chunk.chars()) == IsNormalized::Yes {
                return;
            }
            let nfc: String = chunk.nfc().collect();
            if nfc != chunk {
                self.edit(start..end, &nfc);
            }
            return;
        }
        // Edits inside the chunk: its output is `out[out_start..]` plus the pending source.
        let Some(tail) = self.src.get(self.copied..end) else {
            return;
        };
        self.out.push_str(tail);
        self.copied = end;
        let k = first_anchor.saturating_sub(self.anchors.len());
        let (prev_norm, prev_orig) = match k.checked_sub(1).and_then(|j| self.pending.get(j)) {
            Some(a) => (a.norm_end(), a.orig_end()),
            None => (self.anchors.end_norm, self.anchors.end_orig),
        };
        let out_start = prev_norm + start.saturating_sub(prev_orig);
        let Some(chunk) = self.out.get(out_start..) else {
            return;
        };
        if is_nfc_quick(chunk.chars()) == IsNormalized::Yes {
            return;
        }
        let nfc: String = chunk.nfc().collect();
        if nfc == chunk {
            return;
        }
        self.out.truncate(out_start);
        self.pending.truncate(k);
        self.pending.push(Anchor {
            norm: out_start,
            orig: start,
            norm_len: nfc.len(),
            orig_len: end - start,
        });
        self.out.push_str(&nfc);
    }

    /// The output and its anchors, or `None` when nothing was edited.
    fn finish(mut self) -> Option<(String, Anchors)> {
        if self.count() == 0 {
            return None;
        }
        self.commit();
        self.out.push_str(self.src.get(self.copied..).unwrap_or(""));
        Some((self.out, self.anchors))
    }
}

/// Apply sorted edits to `text` in place (no second copy of the text): each edit replaces a range
/// of `text` by a static string. Returns the new text and its map to `text`.
fn apply_in_place(text: String, edits: &[(Range<usize>, &'static str)]) -> (String, Anchors) {
    let old_len = text.len();
    let valid = |r: &Range<usize>| {
        r.start <= r.end && text.is_char_boundary(r.start) && text.is_char_boundary(r.end)
    };
    // Replacements may be longer than what they replace (`©` -> `“`): shift the text right by the
    // total growth first, so that writing never overtakes reading.
    let growth: usize = edits
        .iter()
        .filter(|(r, _)| valid(r))
        .map(|(r, rep)| rep.len().saturating_sub(r.len()))
        .sum();
    let ok: Vec<bool> = edits.iter().map(|(r, _)| valid(r)).collect();
    let mut buf = text.into_bytes();
    if growth > 0 {
        buf.resize(old_len + growth, 0);
        buf.copy_within(0..old_len, growth);
    }
    let mut anchors = Anchors::default();
    let (mut read, mut write) = (0usize, 0usize);
    for ((range, rep), ok) in edits.iter().zip(ok) {
        if !ok || range.start < read {
            continue;
        }
        buf.copy_within(growth + read..growth + range.start, write);
        write += range.start - read;
        anchors.push(Anchor {
            norm: write,
            orig: range.start,
            norm_len: rep.len(),
            orig_len: range.len(),
        });
        if let Some(dst) = buf.get_mut(write..write + rep.len()) {
            dst.copy_from_slice(rep.as_bytes());
        }
        write += rep.len();
        read = range.end;
    }
    buf.copy_within(growth + read..growth + old_len, write);
    write += old_len - read;
    buf.truncate(write);
    let text = String::from_utf8(buf)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
    (text, anchors)
}

// ---------------------------------------------------------------------------------------------
// Entry point
// ---------------------------------------------------------------------------------------------

/// Normalise a whole document.
///
/// The result's [`Normalized::text`] is the repaired text; [`Normalized::original_span`] maps any
/// range of it back to the bytes of `input` that produced it.
pub fn normalize(input: &str) -> Normalized {
    normalize_with(input, HyphenatedLines::Join)
}

/// Normalise a text whose every line stands alone (a reference list): as [`normalize`], but no
/// line is joined to the next, so the result has the lines of the input, one for one.
pub fn normalize_lines(input: &str) -> Normalized {
    normalize_with(input, HyphenatedLines::Keep)
}

/// What normalisation does with a word hyphenated across a line end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HyphenatedLines {
    /// Join the two lines (step 8, and a soft hyphen's line break).
    Join,
    /// Keep both lines as they are: the hyphen ends its line.
    Keep,
}

fn normalize_with(input: &str, hyphenated: HyphenatedLines) -> Normalized {
    let (first, needs_context) = repair_chars(input, hyphenated);
    match first {
        None => {
            let edits = if needs_context {
                context_edits(input, hyphenated)
            } else {
                Vec::new()
            };
            let mut b = Builder::new(input);
            for (range, replacement) in edits {
                b.edit(range, replacement);
                b.maybe_commit();
            }
            match b.finish() {
                Some((text, anchors)) => Normalized { text, anchors },
                None => Normalized {
                    text: input.to_owned(),
                    anchors: Anchors::default(),
                },
            }
        }
        Some((text, outer)) => {
            let edits = if needs_context {
                context_edits(&text, hyphenated)
            } else {
                Vec::new()
            };
            if edits.is_empty() {
                return Normalized {
                    text,
                    anchors: outer,
                };
            }
            let (text, inner) = apply_in_place(text, &edits);
            drop(edits);
            let anchors = compose(&outer, &inner);
            Normalized { text, anchors }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Pass 1: character repairs (steps 1-5)
// ---------------------------------------------------------------------------------------------

enum CharRepair {
    Keep,
    Delete,
    Replace(&'static str),
}

fn char_repair(c: char) -> CharRepair {
    match c {
        '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{AD}' => CharRepair::Delete,
        // the marks and embeddings of bidirectional text: they order the display, they are
        // no part of a word
        '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
            CharRepair::Delete
        }
        '\u{A0}' | '\u{2000}'..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}' => {
            CharRepair::Replace(" ")
        }
        '\u{FB00}'..='\u{FB06}' => LIGATURES
            .iter()
            .find(|(l, _)| *l == c)
            .map_or(CharRepair::Keep, |(_, s)| CharRepair::Replace(s)),
        _ => CharRepair::Keep,
    }
}

/// `text` without the invisible characters the text stage drops (zero-width characters, the
/// soft hyphen, the marks and embeddings of bidirectional text), for text that is not
/// normalised by [`normalize`]: the notes of DOCX and ODT packages.
///
/// ```
/// assert_eq!(opcit::text::without_invisible("\u{200F}Smith\u{200B}"), "Smith");
/// ```
pub fn without_invisible(text: &str) -> std::borrow::Cow<'_, str> {
    let dropped = |c: char| matches!(char_repair(c), CharRepair::Delete);
    if text.chars().any(dropped) {
        text.chars()
            .filter(|&c| !dropped(c))
            .collect::<String>()
            .into()
    } else {
        text.into()
    }
}

/// The NFC chunk being scanned: it starts at a character that is an NFC-quick-check-Yes starter.
struct Chunk {
    start: usize,
    first_anchor: usize,
    last_cc: u8,
    dirty: bool,
}

impl Chunk {
    fn at(start: usize, first_anchor: usize) -> Self {
        Chunk {
            start,
            first_anchor,
            last_cc: 0,
            dirty: false,
        }
    }
}

/// A soft hyphen at `hyphen` that ends a line (`word\u{AD}` + spaces + line break) before a
/// lowercase letter: returns the offset of that letter, so that the soft hyphen, the spaces and the
/// line break are removed together (a hyphenation join).
fn soft_hyphen_line_join(text: &str, hyphen: usize) -> Option<usize> {
    let before = text.get(..hyphen)?.chars().next_back()?;
    if !before.is_alphanumeric() {
        return None;
    }
    let bytes = text.as_bytes();
    let mut j = skip_blanks(bytes, hyphen + '\u{AD}'.len_utf8());
    match bytes.get(j) {
        Some(b'\r') if bytes.get(j + 1) == Some(&b'\n') => j += 2,
        Some(b'\r' | b'\n') => j += 1,
        _ => return None,
    }
    let next = text.get(j..)?.chars().next()?;
    next.is_lowercase().then_some(j)
}

/// Steps 1-5. Returns the repaired text and its anchors (`None` if nothing changed), and whether
/// the text may need the context repairs of pass 2.
fn repair_chars(input: &str, hyphenated: HyphenatedLines) -> (Option<(String, Anchors)>, bool) {
    let bytes = input.as_bytes();
    let len = bytes.len();
    let mut b = Builder::new(input);
    let mut needs_context = false;
    let mut chunk = Chunk::at(0, 0);
    let mut i = 0;
    while i < len {
        let run = bytes[i..]
            .iter()
            .position(|&x| x >= 0x80 || x == b'\r' || (!needs_context && x == b'-'))
            .unwrap_or(len - i);
        if run > 0 {
            // Plain ASCII: every character is an NFC boundary.
            if chunk.dirty {
                b.renormalize(chunk.start, chunk.first_anchor, i);
            }
            i += run;
            b.maybe_commit();
            chunk = Chunk::at(i - 1, b.count());
            continue;
        }
        let byte = bytes[i];
        if byte == b'-' || byte == b'\r' {
            if chunk.dirty {
                b.renormalize(chunk.start, chunk.first_anchor, i);
            }
            b.maybe_commit();
            chunk = Chunk::at(i, b.count());
            if byte == b'-' {
                // A hyphen followed by something other than a letter or digit may end a line.
                if !bytes.get(i + 1).is_some_and(u8::is_ascii_alphanumeric) {
                    needs_context = true;
                }
            } else if bytes.get(i + 1) == Some(&b'\n') {
                b.edit(i..i + 1, "");
            } else {
                b.edit(i..i + 1, "\n");
            }
            i += 1;
            continue;
        }
        let Some(c) = input.get(i..).and_then(|s| s.chars().next()) else {
            break;
        };
        let clen = c.len_utf8();
        if CONTEXT_CHARS.contains(&c) {
            needs_context = true;
        }
        match char_repair(c) {
            CharRepair::Delete => {
                // Deleted text is no chunk boundary: it joins the current chunk.
                let end = if c == '\u{AD}' && hyphenated == HyphenatedLines::Join {
                    soft_hyphen_line_join(input, i).unwrap_or(i + clen)
                } else {
                    i + clen
                };
                b.edit(i..end, "");
                i = end;
                continue;
            }
            CharRepair::Replace(s) => {
                if chunk.dirty {
                    b.renormalize(chunk.start, chunk.first_anchor, i);
                }
                b.maybe_commit();
                chunk = Chunk::at(i, b.count());
                b.edit(i..i + clen, s);
            }
            CharRepair::Keep => {
                let cc = canonical_combining_class(c);
                let yes = is_nfc_quick(std::iter::once(c)) == IsNormalized::Yes;
                if cc == 0 && yes {
                    if chunk.dirty {
                        b.renormalize(chunk.start, chunk.first_anchor, i);
                    }
                    b.maybe_commit();
                    chunk = Chunk::at(i, b.count());
                } else {
                    if !yes || (cc != 0 && chunk.last_cc > cc) {
                        chunk.dirty = true;
                    }
                    chunk.last_cc = cc;
                }
            }
        }
        i += clen;
    }
    if chunk.dirty {
        b.renormalize(chunk.start, chunk.first_anchor, len);
    }
    (b.finish(), needs_context)
}

// ---------------------------------------------------------------------------------------------
// Pass 2: context repairs (steps 6-8)
// ---------------------------------------------------------------------------------------------

fn skip_blanks(bytes: &[u8], mut j: usize) -> usize {
    while matches!(bytes.get(j), Some(b' ' | b'\t')) {
        j += 1;
    }
    j
}

fn is_punct(c: char) -> bool {
    c.is_ascii_punctuation() || EXTRA_PUNCTUATION.contains(&c)
}

fn char_before(text: &str, i: usize) -> Option<char> {
    text.get(..i)?.chars().next_back()
}

fn char_at(text: &str, i: usize) -> Option<char> {
    text.get(i..)?.chars().next()
}

/// Finds paragraph starts (the line after a blank line) incrementally, so that all queries
/// together scan the text once.
#[derive(Default)]
struct Paragraphs {
    pos: usize,
    seen_newline: bool,
    line_blank: bool,
    start: usize,
}

impl Paragraphs {
    /// Continue scanning at `pos`, which lies inside a non-blank line (at an opening `©`).
    fn skip_to(&mut self, pos: usize) {
        if pos > self.pos {
            self.pos = pos;
            self.seen_newline = false;
            self.line_blank = false;
        }
    }

    /// The start of the paragraph containing `to` (queries must not go backwards).
    fn start_before(&mut self, text: &str, to: usize) -> usize {
        let bytes = text.as_bytes();
        let to = to.min(bytes.len());
        for (k, &b) in bytes.get(self.pos..to).unwrap_or(&[]).iter().enumerate() {
            match b {
                b'\n' => {
                    if self.seen_newline && self.line_blank {
                        self.start = self.pos + k;
                    }
                    self.seen_newline = true;
                    self.line_blank = true;
                }
                b' ' | b'\t' => {}
                _ => self.line_blank = false,
            }
        }
        self.pos = self.pos.max(to);
        self.start
    }
}

#[derive(Default)]
struct QuoteState {
    /// Offset of the last `©` turned into an opening quote and not closed yet.
    open_copyright: Option<usize>,
    paragraphs: Paragraphs,
}

/// Spaces between a closing quote ending at `after` and a following `,` `.` `;` `:`.
fn closer_spaces(bytes: &[u8], after: usize) -> Option<Range<usize>> {
    let j = skip_blanks(bytes, after);
    if j == after {
        return None;
    }
    match bytes.get(j) {
        Some(b',' | b';' | b':') => Some(after..j),
        Some(b'.') if bytes.get(j + 1) != Some(&b'.') => Some(after..j),
        _ => None,
    }
}

/// Steps 6 and 7 for the character starting at byte `i` (a lead byte 0xC2 or 0xE2).
fn quote_repair(
    text: &str,
    i: usize,
    state: &mut QuoteState,
    edits: &mut Vec<(Range<usize>, &'static str)>,
) {
    let bytes = text.as_bytes();
    let Some(c) = char_at(text, i) else {
        return;
    };
    let after = i + c.len_utf8();
    match c {
        '©' => {
            let prev = char_before(text, i);
            let next = char_at(text, after);
            let space_before = prev.is_none_or(char::is_whitespace);
            let space_after = next.is_none_or(char::is_whitespace);
            if space_before && space_after {
                return; // a real copyright sign
            }
            if next.is_some_and(char::is_alphabetic) && (space_before || prev.is_some_and(is_punct))
            {
                edits.push((i..after, "“"));
                state.open_copyright = Some(i);
            } else if prev.is_some_and(|p| p.is_alphanumeric() || is_punct(p))
                && (space_after || next.is_some_and(is_punct))
            {
                let quote = match state.open_copyright.take() {
                    Some(open) => {
                        // Only the text since the opening matters: skip ahead to it.
                        state.paragraphs.skip_to(open);
                        if state.paragraphs.start_before(text, i) <= open {
                            "”"
                        } else {
                            "’"
                        }
                    }
                    None => "’",
                };
                edits.push((i..after, quote));
                if let Some(r) = closer_spaces(bytes, after) {
                    edits.push((r, ""));
                }
            }
        }
        '‘' | '“' | '„' => {
            if c != '„' {
                // `‘` and `“` also close (German, or glued to a word): only treat them as openers
                // after whitespace or opening punctuation.
                let prev = char_before(text, i);
                if !prev.is_none_or(|p| p.is_whitespace() || BEFORE_OPENING_QUOTE.contains(&p)) {
                    return;
                }
            }
            let j = skip_blanks(bytes, after);
            if j > after && char_at(text, j).is_some_and(char::is_alphanumeric) {
                edits.push((after..j, ""));
            }
        }
        '”' | '’' | '»' => {
            if let Some(r) = closer_spaces(bytes, after) {
                edits.push((r, ""));
            }
        }
        _ => {}
    }
}

/// A line ending in `word-` (plus optional blanks) at the line break `newline`, followed by a line
/// starting directly with a letter (an uppercase one keeps the hyphen: `North-\nAmerica`).
struct Candidate {
    hyphen: usize,
    newline: usize,
    left: Range<usize>,
    right: Range<usize>,
}

fn hyphen_candidate(text: &str, newline: usize) -> Option<Candidate> {
    let bytes = text.as_bytes();
    let start = newline + 1;
    if !char_at(text, start)?.is_alphabetic() {
        return None;
    }
    let mut k = newline;
    while k > 0 && matches!(bytes.get(k - 1), Some(b' ' | b'\t')) {
        k -= 1;
    }
    let hyphen = k.checked_sub(1)?;
    if bytes.get(hyphen) != Some(&b'-') {
        return None;
    }
    let mut left_start = hyphen;
    for (idx, ch) in text.get(..hyphen)?.char_indices().rev() {
        if ch.is_alphanumeric() || ch == '-' {
            left_start = idx;
        } else {
            break;
        }
    }
    while left_start < hyphen && bytes.get(left_start) == Some(&b'-') {
        left_start += 1;
    }
    if !char_before(text, hyphen).is_some_and(char::is_alphanumeric) {
        return None;
    }
    let mut right_end = start;
    for (idx, ch) in text.get(start..)?.char_indices() {
        if ch.is_alphanumeric() || ch == '-' {
            right_end = start + idx + ch.len_utf8();
        } else {
            break;
        }
    }
    while right_end > start && bytes.get(right_end - 1) == Some(&b'-') {
        right_end -= 1;
    }
    Some(Candidate {
        hyphen,
        newline,
        left: left_start..hyphen,
        right: start..right_end,
    })
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Join {
    KeepHyphen,
    DropHyphen,
    /// Decided later by the document's habit.
    Habit,
    /// Not a broken word: leave the line break.
    Leave,
}

/// Count, over the words of `text` (runs of letters, digits and inner hyphens, lowercased), the
/// occurrences of the words that are keys of `slots`; the result is indexed by slot.
fn count_words(text: &str, slots: &HashMap<String, usize>) -> Vec<usize> {
    let mut counts = vec![0; slots.len()];
    if slots.is_empty() {
        return counts;
    }
    let max_len = slots.keys().map(String::len).max().unwrap_or(0);
    let mut lengths = vec![false; max_len + 1];
    for key in slots.keys() {
        if let Some(slot) = lengths.get_mut(key.len()) {
            *slot = true;
        }
    }
    // ASCII filter: first bytes (lowercase) that start some key.
    let mut firsts = [false; 128];
    for key in slots.keys() {
        match key.as_bytes().first() {
            Some(&b) if b < 0x80 => firsts[usize::from(b)] = true,
            _ => firsts.fill(true),
        }
    }
    let bytes = text.as_bytes();
    let mut buf = String::new();
    let mut count = |token: &str, ascii: bool| {
        let token = token.trim_matches('-');
        buf.clear();
        if ascii {
            let first = token.as_bytes().first().map(u8::to_ascii_lowercase);
            if !lengths.get(token.len()).copied().unwrap_or(false)
                || !first.is_some_and(|b| firsts.get(usize::from(b)).copied().unwrap_or(false))
            {
                return;
            }
            buf.push_str(token);
            buf.make_ascii_lowercase();
        } else {
            buf.extend(token.chars().flat_map(char::to_lowercase));
        }
        if let Some(n) = slots.get(buf.as_str()).and_then(|&k| counts.get_mut(k)) {
            *n += 1;
        }
    };
    // Token start and whether the token is ASCII so far.
    let mut start: Option<usize> = None;
    let mut ascii = true;
    let mut i = 0;
    while let Some(&b) = bytes.get(i) {
        let (word, len) = if b < 0x80 {
            (b.is_ascii_alphanumeric() || b == b'-', 1)
        } else {
            match char_at(text, i) {
                Some(c) => (c.is_alphanumeric(), c.len_utf8()),
                None => (false, 1),
            }
        };
        if word {
            if start.is_none() {
                start = Some(i);
                ascii = true;
            }
            ascii &= b < 0x80;
        } else if let Some(s) = start.take() {
            count(text.get(s..i).unwrap_or(""), ascii);
        }
        i += len;
    }
    if let Some(s) = start {
        count(text.get(s..).unwrap_or(""), ascii);
    }
    counts
}

/// Step 8: decide every candidate and return the deletions that join the lines.
fn hyphen_edits(text: &str, candidates: &[Candidate]) -> Vec<(Range<usize>, &'static str)> {
    struct Pending {
        /// Slots of the joined and hyphenated forms in `counts`.
        joined: usize,
        hyphenated: usize,
        weak_keep: bool,
        suspended: bool,
    }
    let mut decisions: Vec<(Join, Option<Pending>)> = Vec::with_capacity(candidates.len());
    // Each distinct form once: form -> slot, and the occurrence count of every slot.
    let mut slots: HashMap<String, usize> = HashMap::new();
    let mut slot = |form: String| -> usize {
        let next = slots.len();
        *slots.entry(form).or_insert(next)
    };
    for c in candidates {
        let left = text.get(c.left.clone()).unwrap_or("");
        let right = text.get(c.right.clone()).unwrap_or("");
        if left.chars().all(|ch| ch.is_ascii_digit())
            || left.contains('-')
            || right.contains('-')
            || right.starts_with(char::is_uppercase)
        {
            decisions.push((Join::KeepHyphen, None));
            continue;
        }
        let left_lower = left.to_lowercase();
        let right_lower = right.to_lowercase();
        let joined = format!("{left_lower}{right_lower}");
        let hyphenated = format!("{left_lower}-{right_lower}");
        let (joined, hyphenated) = (slot(joined), slot(hyphenated));
        // A single letter (`X-ray`, `e-mail`) or an acronym (`UN-led`) is not a hyphenation
        // fragment: keep the hyphen unless the document says otherwise.
        let mut chars = left.chars();
        let single = chars.next().is_some() && chars.next().is_none();
        let acronym = left.chars().any(char::is_uppercase)
            && left
                .chars()
                .all(|ch| ch.is_uppercase() || ch.is_ascii_digit());
        decisions.push((
            Join::Habit,
            Some(Pending {
                joined,
                hyphenated,
                weak_keep: single || acronym,
                suspended: SUSPENDED_HYPHEN_WORDS.contains(&right),
            }),
        ));
    }
    let counts = count_words(text, &slots);
    drop(slots);
    let (mut votes_keep, mut votes_drop) = (0usize, 0usize);
    for (join, pending) in &mut decisions {
        let Some(p) = pending else {
            continue;
        };
        let joined = counts.get(p.joined).copied().unwrap_or(0);
        let hyphenated = counts.get(p.hyphenated).copied().unwrap_or(0);
        *join = if joined > hyphenated {
            votes_drop += 1;
            Join::DropHyphen
        } else if p.suspended && joined == 0 {
            Join::Leave
        } else if hyphenated > joined {
            votes_keep += 1;
            Join::KeepHyphen
        } else if p.weak_keep {
            Join::KeepHyphen
        } else {
            Join::Habit
        };
    }
    let habit = if votes_keep > votes_drop {
        Join::KeepHyphen
    } else {
        Join::DropHyphen
    };
    let mut edits = Vec::with_capacity(candidates.len());
    for (c, (join, _)) in candidates.iter().zip(&decisions) {
        let join = if *join == Join::Habit { habit } else { *join };
        match join {
            Join::KeepHyphen => edits.push((c.hyphen + 1..c.newline + 1, "")),
            Join::DropHyphen => edits.push((c.hyphen..c.newline + 1, "")),
            Join::Habit | Join::Leave => {}
        }
    }
    edits
}

/// Steps 6-8 over the output of pass 1, in one scan plus (only when some line ends in `word-`) one
/// word count. Returns the edits, sorted and not overlapping.
fn context_edits(text: &str, hyphenated: HyphenatedLines) -> Vec<(Range<usize>, &'static str)> {
    let mut edits: Vec<(Range<usize>, &'static str)> = Vec::new();
    let mut candidates = Vec::new();
    let mut quotes = QuoteState::default();
    let join = hyphenated == HyphenatedLines::Join;
    for (i, &b) in text.as_bytes().iter().enumerate() {
        match b {
            b'\n' if join => {
                if let Some(c) = hyphen_candidate(text, i) {
                    candidates.push(c);
                }
            }
            0xC2 | 0xE2 => quote_repair(text, i, &mut quotes, &mut edits),
            _ => {}
        }
    }
    if !candidates.is_empty() {
        edits.extend(hyphen_edits(text, &candidates));
        edits.sort_by_key(|(r, _)| r.start);
    }
    edits
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

#[cfg(test)]
mod tests {
    use super::*;

    /// Check the map's invariants: anchors sorted and in bounds, identity runs equal, every
    /// char-boundary offset maps to a char boundary of the original, monotonically.
    fn check_map(input: &str, n: &Normalized) {
        let text = n.text();
        let (mut fin, mut orig) = (0, 0);
        for a in n.anchors.iter() {
            assert!(
                a.norm >= fin && a.orig >= orig,
                "anchors out of order: {:?}",
                n.anchors
            );
            assert_eq!(a.norm - fin, a.orig - orig, "identity run lengths differ");
            assert_eq!(
                &text[fin..a.norm],
                &input[orig..a.orig],
                "identity run differs"
            );
            assert!(text.is_char_boundary(a.norm) && text.is_char_boundary(a.norm_end()));
            assert!(input.is_char_boundary(a.orig) && input.is_char_boundary(a.orig_end()));
            fin = a.norm_end();
            orig = a.orig_end();
        }
        assert_eq!(&text[fin..], &input[orig..], "final identity run differs");
        let mut last_start = 0;
        let mut last_end = 0;
        for p in (0..=text.len()).filter(|&p| text.is_char_boundary(p)) {
            let (s, e) = (n.original_start(p), n.original_end(p));
            assert!(input.is_char_boundary(s) && input.is_char_boundary(e));
            assert!(s >= last_start && e >= last_end, "map not monotonic at {p}");
            last_start = s;
            last_end = e;
        }
        for p in (0..=text.len()).filter(|&p| text.is_char_boundary(p)) {
            for q in (p..=text.len())
                .filter(|&q| text.is_char_boundary(q))
                .take(8)
            {
                let span = n.original_span(p..q);
                assert!(span.start <= span.end);
                let _ = &input[span.range()];
            }
        }
    }

    /// Normalise `input`, check the map, and check that each normalised `needle` (first
    /// occurrence) maps back to the expected original text.
    fn assert_spans(input: &str, expected_text: &str, cases: &[(&str, &str)]) -> Normalized {
        let n = normalize(input);
        assert_eq!(n.text(), expected_text);
        check_map(input, &n);
        for (needle, original) in cases {
            let start = n
                .text()
                .find(needle)
                .unwrap_or_else(|| panic!("{needle:?} not in {:?}", n.text()));
            let span = n.original_span(start..start + needle.len());
            assert_eq!(&input[span.range()], *original, "span of {needle:?}");
        }
        n
    }

    fn fixture() -> (String, Normalized) {
        let input = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/gcim-rcmp-2004.txt"
        ))
        .unwrap();
        let n = normalize(&input);
        (input, n)
    }

    #[test]
    fn fast_path_is_identity() {
        let input = "Plain text, nothing to fix.\nSecond line - with a dash.\n";
        let n = assert_spans(
            input,
            input,
            &[("nothing", "nothing"), ("dash.\n", "dash.\n")],
        );
        assert!(n.is_identity());
        assert_eq!(n.original_span(3..9), Span::new(3, 9));
        assert_eq!(n.original_span(0..1000), Span::new(0, input.len()));
        let empty = normalize("");
        assert_eq!(empty.text(), "");
        assert_eq!(empty.original_span(0..0), Span::new(0, 0));
        // Non-ASCII NFC text with quotes used normally is also untouched.
        let input = "Café “quoted” — l’été, naïve.\n";
        assert!(assert_spans(input, input, &[]).is_identity());
    }

    #[test]
    fn bom_and_zero_width() {
        let input = "\u{FEFF}Title\nzero\u{200B}width and\u{200D}joiner\u{200C}.";
        let n = assert_spans(
            input,
            "Title\nzerowidth andjoiner.",
            &[
                ("Title", "Title"),
                ("zero", "zero"),
                ("width", "width"),
                ("zerowidth", "zero\u{200B}width"),
                ("joiner", "joiner"),
            ],
        );
        // A start right at a deletion starts after it, an end right at it ends before it.
        assert_eq!(n.original_start(0), 3);
        assert_eq!(n.original_end(10), "\u{FEFF}Title\nzero".len());
    }

    #[test]
    fn bidi_marks() {
        let input = "\u{200F}Smith\u{200E}, \u{202B}Titel\u{202C} \u{2067}x\u{2069}.";
        let n = assert_spans(
            input,
            "Smith, Titel x.",
            &[("Smith", "Smith"), ("Titel", "Titel"), ("x", "x")],
        );
        assert_eq!(n.original_start(0), '\u{200F}'.len_utf8());
    }

    #[test]
    fn crlf_and_lone_cr() {
        let input = "one\r\ntwo\rthree\r\n";
        let n = assert_spans(
            input,
            "one\ntwo\nthree\n",
            &[
                ("one", "one"),
                ("one\n", "one\r\n"),
                ("two\n", "two\r"),
                ("\nthree", "\rthree"),
                ("three\n", "three\r\n"),
            ],
        );
        assert_eq!(n.text().matches('\n').count(), 3);
    }

    #[test]
    fn nfc() {
        let input = "caf e\u{301} and ne\u{301}e";
        let n = assert_spans(
            input,
            "caf é and née",
            &[
                ("é", "e\u{301}"),
                ("and", "and"),
                ("née", "ne\u{301}e"),
                ("n", "n"),
            ],
        );
        // A partly covered chunk maps to the whole chunk.
        let e = n.text().find('é').unwrap();
        assert_eq!(&input[n.original_span(e..e + 1).range()], "e\u{301}");
        // Reordering of combining marks, and a mark at the very start.
        let input = "q\u{301}\u{323}x";
        assert_spans(input, "q\u{323}\u{301}x", &[("x", "x")]);
        let input = "\u{301}a";
        assert_spans(input, "\u{301}a", &[("a", "a")]);
        // A zero-width joiner between a letter and its accent is dropped before composing.
        assert_spans(
            "e\u{200D}\u{301}!",
            "é!",
            &[("é", "e\u{200D}\u{301}"), ("!", "!")],
        );
        // Already-NFC combining sequences are left as they are.
        let input = "ə\u{301} ok";
        assert!(normalize(input).is_identity());
    }

    #[test]
    fn ligatures() {
        let input = "ﬁnal eﬀort, ﬂow, oﬃce, baﬄe, ﬅ ﬆ";
        let n = assert_spans(
            input,
            "final effort, flow, office, baffle, st st",
            &[
                ("final", "ﬁnal"),
                ("fi", "ﬁ"),
                ("nal", "nal"),
                ("effort", "eﬀort"),
                ("office", "oﬃce"),
                ("baffle", "baﬄe"),
            ],
        );
        // A range covering only the `i` of `fi` maps to the whole ligature.
        assert_eq!(&input[n.original_span(1..2).range()], "ﬁ");
        assert_eq!(&input[n.original_span(1..5).range()], "ﬁnal");
        assert_eq!(&input[n.original_span(0..1).range()], "ﬁ");
    }

    #[test]
    fn soft_hyphen_and_spaces() {
        let input = "deci\u{AD}sion\u{A0}here,\u{2009}there\u{202F}and\u{3000}tab\tstays";
        assert_spans(
            input,
            "decision here, there and tab\tstays",
            &[
                ("deci", "deci"),
                ("sion", "sion"),
                ("decision", "deci\u{AD}sion"),
                (" here", "\u{A0}here"),
                ("tab\t", "tab\t"),
            ],
        );
        // A soft hyphen at a line end before a lowercase letter is a hyphenation join.
        let input = "a deci\u{AD}\r\nsion.\nAb\u{AD}\nCd";
        assert_spans(
            input,
            "a decision.\nAb\nCd",
            &[
                ("decision", "deci\u{AD}\r\nsion"),
                ("deci", "deci"),
                ("Ab\n", "Ab\u{AD}\n"),
            ],
        );
    }

    #[test]
    fn copyright_as_quote() {
        let input = "The research paper series ©Global Migration Perspectives© is published";
        assert_spans(
            input,
            "The research paper series “Global Migration Perspectives” is published",
            &[
                ("“", "©"),
                ("”", "©"),
                ("“Global", "©Global"),
                ("Perspectives” is", "Perspectives© is"),
            ],
        );
        assert_spans(
            "around which actors© \nexpectations converge",
            "around which actors’ \nexpectations converge",
            &[("’", "©")],
        );
        // Real copyright signs stay.
        let input = "© 2004 GCIM\nText © IOM\n©2004";
        assert!(normalize(input).is_identity());
        // An opening in an earlier paragraph does not pair.
        assert_spans(
            "a ©word\n\nthe actors© views",
            "a “word\n\nthe actors’ views",
            &[],
        );
        assert_spans("(©Title©), x", "(“Title”), x", &[("“Title”", "©Title©")]);
        // A closing © followed by stray spaces before punctuation.
        assert_spans("the ©Title© , x", "the “Title”, x", &[("”,", "© ,")]);
    }

    #[test]
    fn quote_spaces() {
        let input = "Both ‘ region’  and “ IGC”14, “ like-minded”  states, “  The Title";
        assert_spans(
            input,
            "Both ‘region’  and “IGC”14, “like-minded”  states, “The Title",
            &[
                ("‘region’", "‘ region’"),
                ("region", "region"),
                ("“IGC”", "“ IGC”"),
                ("“", "“"),
                ("“I", "“ I"),
                ("“The", "“  The"),
            ],
        );
        let input = "The Missing Regime” , in Ghosh; change’ , then ‘x’ ; and ” . end";
        assert_spans(
            input,
            "The Missing Regime”, in Ghosh; change’, then ‘x’; and ”. end",
            &[("Regime”,", "Regime” ,"), ("”", "”"), (",", ",")],
        );
        // French guillemets keep their spacing; German closing “ is not an opener.
        let input = "« Regionalisation » is « text » and „Wort“ und „ Fall“";
        assert_spans(
            input,
            "« Regionalisation » is « text » and „Wort“ und „Fall“",
            &[],
        );
        // Ellipses and apostrophes are left alone.
        let input = "the students’ ... and l’ État";
        assert!(normalize(input).is_identity());
    }

    #[test]
    fn hyphenation_drop_by_evidence() {
        let input = "The deci-\nsion was taken. The decision stands.";
        let n = assert_spans(
            input,
            "The decision was taken. The decision stands.",
            &[
                ("The decision was", "The deci-\nsion was"),
                ("deci", "deci"),
                ("sion was", "sion was"),
                ("The deci", "The deci"),
            ],
        );
        // A span ending just before the deletion ends before it; one covering both sides covers it.
        let d = n.text().find("deci").unwrap();
        assert_eq!(n.original_span(d..d + 4), Span::new(4, 8));
        assert_eq!(n.original_span(d..d + 5), Span::new(4, 11));
        assert_eq!(n.original_span(d + 4..d + 8), Span::new(10, 14));
    }

    #[test]
    fn hyphenation_keep_rules() {
        // The right word has a hyphen.
        assert_spans(
            "As a result of a step-\nby-step approach",
            "As a result of a step-by-step approach",
            &[
                ("step-by-step", "step-\nby-step"),
                ("step-", "step-"),
                ("by-step", "by-step"),
            ],
        );
        // The left word has a hyphen; trailing spaces go too.
        assert_spans(
            "states vis-à-  \nvis migration",
            "states vis-à-vis migration",
            &[("vis-à-vis", "vis-à-  \nvis")],
        );
        // Digits on the left; an acronym; a single letter.
        assert_spans("the 1990-\nstyle", "the 1990-style", &[]);
        assert_spans("UN-\nled talks", "UN-led talks", &[]);
        assert_spans("an X-\nray", "an X-ray", &[]);
        // The hyphenated form is attested.
        assert_spans(
            "co-\noperation and co-operation",
            "co-operation and co-operation",
            &[("co-operation and", "co-\noperation and")],
        );
        // No evidence at all: drop.
        assert_spans("an ordi-\nnary text", "an ordinary text", &[]);
    }

    #[test]
    fn hyphenation_habit_and_non_joins() {
        // Two attested hyphenated pairs make the unattested `cost-\nbenefit` keep its hyphen.
        let input = "inter-\nstate co-\noperation cost-\nbenefit; inter-state co-operation.";
        assert_spans(
            input,
            "inter-state co-operation cost-benefit; inter-state co-operation.",
            &[("cost-benefit", "cost-\nbenefit")],
        );
        // ...and attested joins make it drop.
        let input = "deci-\nsion pro-\ngram cost-\nbenefit; decision program.";
        assert_spans(
            input,
            "decision program costbenefit; decision program.",
            &[],
        );
        // Lines that are never joined.
        for input in [
            "pages 12-\n15",
            "word-\n continued",
            "word-\n\nnext",
            "pre-\nand post-war",
            "a -\nb",
            "dash --\nnext",
            "word-",
        ] {
            let n = normalize(input);
            assert_eq!(n.text(), input);
            check_map(input, &n);
        }
        // An uppercase right part keeps the hyphen.
        assert_spans("Europe, North-\nAmerica", "Europe, North-America", &[]);
        // The joined word wins over the suspended-hyphen rule when attested.
        assert_spans("col-\nor and color", "color and color", &[]);
        // CRLF and NBSP before the line break are handled.
        assert_spans(
            "deci-\u{A0}\r\nsion decision",
            "decision decision",
            &[("decision ", "deci-\u{A0}\r\nsion ")],
        );
    }

    #[test]
    fn map_composes_passes() {
        // Pass-1 edits (ligature, NBSP, CR) next to and inside pass-2 edits.
        let input = "eﬀi-\u{A0}\r\ncient eﬃcient; the ‘\u{A0}ﬁrst’\u{A0}, ok";
        let n = assert_spans(
            input,
            "efficient efficient; the ‘first’, ok",
            &[
                ("efficient ", "eﬀi-\u{A0}\r\ncient "),
                ("ef", "eﬀ"),
                ("cient e", "cient e"),
                ("first", "ﬁrst"),
                ("‘first", "‘\u{A0}ﬁrst"),
                ("’,", "’\u{A0},"),
                (", ok", ", ok"),
            ],
        );
        assert_eq!(n.text().matches('\n').count(), 0);
    }

    #[test]
    fn offsets_are_clamped_and_on_boundaries() {
        let input = "ﬁé\u{A0}x";
        let n = normalize(input);
        assert_eq!(n.text(), "fié x");
        for p in 0..n.text().len() + 3 {
            let (s, e) = (n.original_start(p), n.original_end(p));
            assert!(input.is_char_boundary(s) && input.is_char_boundary(e));
            assert!(s <= input.len() && e <= input.len());
        }
        #[allow(clippy::reversed_empty_ranges)]
        let inverted = 5..2;
        assert_eq!(
            n.original_span(inverted),
            Span::new(n.original_start(5), n.original_start(5))
        );
        assert_eq!(n.original_span(0..usize::MAX), Span::new(0, input.len()));
    }

    /// The lookups of the naive definition, over a plain list of anchors.
    fn naive_start(anchors: &[Anchor], p: usize) -> usize {
        let k = anchors.partition_point(|a| a.norm_end() <= p);
        if let Some(a) = anchors.get(k).filter(|a| a.norm <= p) {
            return a.orig;
        }
        match k.checked_sub(1).map(|j| anchors[j]) {
            Some(a) => a.orig_end() + (p - a.norm_end()),
            None => p,
        }
    }

    fn naive_end(anchors: &[Anchor], p: usize) -> usize {
        let k = anchors.partition_point(|a| a.norm < p);
        match k.checked_sub(1).map(|j| anchors[j]) {
            Some(a) => a.orig_end() + p.saturating_sub(a.norm_end()),
            None => p,
        }
    }

    #[test]
    fn many_anchors_and_both_passes() {
        // One CRLF per line (pass 1), joins and quotes (pass 2), NFC chunks with inner deletions:
        // many blocks, commits of pending anchors, and the in-place application with growth.
        let unit = "a deci-\r\nsion, the ©Name© , e\u{AD}\u{301}x ‘ q’ ,\u{A0}ﬁn\r\n";
        let input = format!("{}decision\n", unit.repeat(300));
        let n = normalize(&input);
        let expected_unit = "a decision, the “Name”, éx ‘q’, fin\n";
        assert_eq!(n.text(), format!("{}decision\n", expected_unit.repeat(300)));
        assert!(n.anchors.len() > 10 * BLOCK);
        check_map(&input, &n);
        let list: Vec<Anchor> = n.anchors.iter().collect();
        assert_eq!(list.len(), n.anchors.len());
        for p in 0..=n.text().len() {
            if n.text().is_char_boundary(p) {
                assert_eq!(n.original_start(p), naive_start(&list, p), "start {p}");
                assert_eq!(n.original_end(p), naive_end(&list, p), "end {p}");
            }
        }
        let last = n.text().rfind("“Name”").unwrap();
        let span = n.original_span(last..last + "“Name”,".len());
        assert_eq!(&input[span.range()], "©Name© ,");
    }

    #[test]
    fn pseudo_random_inputs_keep_the_map_consistent() {
        const PIECES: &[&str] = &[
            "a",
            "Word",
            " ",
            "-",
            "-\n",
            "- \n",
            "\n",
            "\r\n",
            "\r",
            "\u{AD}",
            "\u{AD}\n",
            "\u{A0}",
            "\u{200B}",
            "\u{FEFF}",
            "ﬁ",
            "ﬄ",
            "e\u{301}",
            "\u{301}",
            "\u{323}",
            "©",
            "‘ ",
            "“ ",
            "” ,",
            "’ .",
            "» ;",
            "„ ",
            "é",
            "1",
            "x-",
            "\n\n",
            "co",
            "operation",
            "co-operation",
            "\u{1100}",
            "\u{1161}",
            "\u{0958}",
        ];
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for _ in 0..300 {
            let len = (next() % 40) as usize;
            let input: String = (0..len)
                .map(|_| PIECES[(next() % PIECES.len() as u64) as usize])
                .collect();
            let n = normalize(&input);
            check_map(&input, &n);
            let list: Vec<Anchor> = n.anchors.iter().collect();
            for p in 0..=n.text().len() {
                if n.text().is_char_boundary(p) {
                    assert_eq!(
                        n.original_start(p),
                        naive_start(&list, p),
                        "{input:?} start {p}"
                    );
                    assert_eq!(n.original_end(p), naive_end(&list, p), "{input:?} end {p}");
                }
            }
            // The text is NFC and has no CR, BOM, zero-width space, soft hyphen or ligature.
            assert!(
                unicode_normalization::is_nfc(n.text()),
                "{input:?} -> {:?}",
                n.text()
            );
            assert!(
                !n.text()
                    .contains(['\r', '\u{FEFF}', '\u{200B}', '\u{AD}', 'ﬁ', '\u{A0}'])
            );
        }
    }

    #[test]
    fn reference_paper() {
        let (input, n) = fixture();
        let text = n.text();
        let find = |needle: &str| -> Span {
            let start = text
                .find(needle)
                .unwrap_or_else(|| panic!("{needle:?} not in the normalised paper"));
            n.original_span(start..start + needle.len())
        };
        let original = |needle: &str| input[find(needle).range()].to_string();
        assert_eq!(
            original("As a result of a step-by-step approach"),
            "As a result of a step-\nby-step approach"
        );
        assert_eq!(
            original("the beginnings of co-operation in the field"),
            "the beginnings of co-\noperation in the field"
        );
        assert_eq!(original("cost-benefit analysis"), "cost-\nbenefit analysis");
        assert_eq!(
            original("states vis-à-vis migration"),
            "states vis-à-\nvis migration"
        );
        assert_eq!(
            original("strengthening inter-state co-operation in this"),
            "strengthening inter-\nstate co-operation in this"
        );
        assert_eq!(
            original("an inter-governmental context"),
            "an inter-\ngovernmental context"
        );
        assert!(text.contains("Europe, North-America"));
        assert_eq!(
            original("series “Global Migration Perspectives” is"),
            "series ©Global Migration Perspectives© is"
        );
        assert_eq!(original("actors’ \nexpectations"), "actors© \nexpectations");
        assert_eq!(original("« Both ‘region’"), "« Both ‘ region’");
        assert_eq!(original("the “IGC”14"), "the “ IGC”14");
        assert_eq!(original("“like-minded”"), "“ like-minded”");
        assert_eq!(original("The Missing Regime”,"), "The Missing Regime” ,");
        assert_eq!(original("further change’,"), "further change’ ,");
        assert!(text.contains("« international regime »"));
        // Only the hyphenation joins remove line breaks.
        let joins = [
            "of co-operation in",
            "multilateral co-operation is",
            "inter-state co-operation",
            "models of co-operation",
            "such co-operation.",
            "cost-benefit",
            "vis-à-vis",
            "step-by-step",
            "inter-governmental context",
            "North-America",
        ];
        for j in joins {
            assert!(text.contains(j), "{j:?} missing");
        }
        assert_eq!(
            text.matches('\n').count(),
            input.matches('\n').count() - joins.len()
        );
        check_map(&input, &n);
    }
}
