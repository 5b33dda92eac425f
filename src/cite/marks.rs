//! Combining marks that stay on the letters of a note after NFC (`S̈m̈ïẗḧ`, a mark on a letter
//! that has no composed form): the note is read without them, as its letters alone would be, and the marks
//! are put back into the values read, whose spans then take them in.

use super::{ParsedNote, ParsedNoteCitation};
use crate::model::{Field, Name, Span};
use crate::notes::NoteText;
use crate::text::Normalized;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A character of a note read without its marks.
#[derive(Debug, Clone)]
struct Letter {
    /// The character as read.
    c: char,
    /// Where it starts in the original input.
    start: usize,
    /// Where it ends there, the marks after it included.
    end: usize,
    /// The marks it lost: those of its letter as read, and those written after it.
    marks: String,
}

/// The marks of a note, by the characters they follow.
#[derive(Debug, Clone)]
pub(crate) struct Marks {
    letters: Vec<Letter>,
}

/// The note without its combining marks, and the marks to put back; `None` when it has none.
///
/// When the marks are many (on half the letters or more: `S̈m̈ïẗḧ`), every letter is
/// read as its base letter, so that the note reads as if it had no mark at all; a note with a
/// few is read with its composed letters, only the marks left over taken out.
pub(crate) fn without_marks(note: &NoteText, source: &Normalized) -> Option<(NoteText, Marks)> {
    let text = note.as_str();
    let marks = text.chars().filter(|&c| is_combining_mark(c)).count();
    if marks == 0 {
        return None;
    }
    let dense =
        marked_letters(text) * DENSE_MARKS >= text.chars().filter(|c| c.is_alphabetic()).count();
    let (bare, kept) = note.mapped(|c| {
        if is_combining_mark(c) {
            None
        } else if dense {
            c.nfd().next()
        } else {
            Some(c)
        }
    });
    let mut out = Vec::with_capacity(kept.len());
    for (k, &(at, i)) in kept.iter().enumerate() {
        let (Some(c), Some(b)) = (
            text.get(i..).and_then(|t| t.chars().next()),
            bare.as_str().get(at..).and_then(|t| t.chars().next()),
        ) else {
            continue;
        };
        let own = i + c.len_utf8();
        let next = kept.get(k + 1).map_or(text.len(), |&(_, j)| j).max(own);
        let mut marks: String = if b == c {
            String::new()
        } else {
            c.nfd().skip(1).collect()
        };
        marks.push_str(text.get(own..next).unwrap_or(""));
        out.push(Letter {
            c: b,
            start: bare.original_span(at..at + b.len_utf8(), source).start,
            end: note.original_span(i..next, source).end,
            marks,
        });
    }
    Some((bare, Marks { letters: out }))
}

/// Marks on one letter in this many, or more, are read past with every diacritic.
const DENSE_MARKS: usize = 2;

/// The letters of a text that carry a mark: a composed one (`é`) or one written after them.
fn marked_letters(text: &str) -> usize {
    let mut chars = text.chars().peekable();
    let mut n = 0;
    while let Some(c) = chars.next() {
        let after = chars.peek().copied().is_some_and(is_combining_mark);
        if c.is_alphabetic() && (after || c.nfd().nth(1).is_some()) {
            n += 1;
        }
    }
    n
}

impl Marks {
    /// The letters that start inside `span`.
    fn inside(&self, span: Span) -> &[Letter] {
        let from = self.letters.partition_point(|l| l.start < span.start);
        let to = self.letters.partition_point(|l| l.start < span.end);
        self.letters.get(from..to.max(from)).unwrap_or(&[])
    }

    /// `value`, read from `span`, with the marks of its letters put back: each character of
    /// the value takes the marks of the next letter of the span that it is (in any case).
    fn restore(&self, value: &str, span: Span) -> String {
        let letters = self.inside(span);
        let mut out = String::with_capacity(value.len() * 2);
        let mut cursor = 0;
        for c in value.chars() {
            out.push(c);
            let same = |l: &Letter| l.c == c || l.c.to_lowercase().eq(c.to_lowercase());
            if let Some(k) = letters
                .get(cursor..)
                .and_then(|ls| ls.iter().position(same))
            {
                out.push_str(&letters[cursor + k].marks);
                cursor += k + 1;
            }
        }
        out.nfc().collect()
    }

    /// `span` with the marks after its last letter taken in.
    fn extend(&self, span: Span) -> Span {
        match self.inside(span).last() {
            Some(l) if l.end > span.end => Span::new(span.start, l.end),
            _ => span,
        }
    }

    fn field(&self, field: &mut Option<Field>) {
        if let Some(f) = field
            && let Some(span) = f.span
        {
            f.value = self.restore(&f.value, span);
            f.span = Some(self.extend(span));
        }
    }

    fn name(&self, name: &mut Name) {
        let Some(span) = name.span else {
            return;
        };
        for part in [
            &mut name.family,
            &mut name.given,
            &mut name.non_dropping_particle,
            &mut name.dropping_particle,
            &mut name.suffix,
            &mut name.literal,
        ]
        .into_iter()
        .flatten()
        {
            *part = self.restore(part, span);
        }
        name.span = Some(self.extend(span));
    }

    fn citation(&self, pc: &mut ParsedNoteCitation) {
        let span = pc.citation.span;
        pc.text = self.restore(&pc.text, span);
        if let Some(alias) = pc.alias.as_mut() {
            *alias = self.restore(alias, span);
        }
        pc.citation.span = self.extend(span);
        let item = &mut pc.item;
        for names in [&mut item.author, &mut item.editor, &mut item.translator] {
            names.iter_mut().for_each(|n| self.name(n));
        }
        if let Some(date) = item.issued.as_mut()
            && let Some(span) = date.span
        {
            date.raw = date.raw.as_deref().map(|r| self.restore(r, span));
            date.span = Some(self.extend(span));
        }
        for field in item.text_fields_mut() {
            self.field(field);
        }
    }

    /// Put the marks back into every value of a note read without them.
    pub(crate) fn restore_note(&self, parsed: &mut ParsedNote) {
        parsed.citations.iter_mut().for_each(|c| self.citation(c));
    }
}
