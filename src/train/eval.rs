//! Measuring a parser on labelled notes: citations found, and each field's precision, recall
//! and F1, the values compared as the shared scorer compares them (after cleaning, token F1 of
//! titles ≥ 0.85, family names, years, numbers without punctuation).

use super::LabelledNote;
use super::examples::example_of;
use crate::cite::decode::TaggedCitation;
use crate::cite::label::Label;
use crate::cite::normalize::{Reading, assemble};
use crate::cite::{ParsedNoteCitation, Parser, parse_note_with};
use crate::model::{CitationKind, Name, Reference};
use crate::notes::{FoundNote, InputKind};
use std::collections::BTreeMap;
use std::ops::Range;

/// Counts of one measure: right, predicted, gold.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Counts {
    /// Predicted and right.
    pub right: usize,
    /// Predicted.
    pub predicted: usize,
    /// In the gold.
    pub gold: usize,
}

impl Counts {
    /// Precision.
    pub fn precision(&self) -> f64 {
        ratio(self.right, self.predicted)
    }

    /// Recall.
    pub fn recall(&self) -> f64 {
        ratio(self.right, self.gold)
    }

    /// F1.
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }

    fn add(&mut self, other: Counts) {
        self.right += other.right;
        self.predicted += other.predicted;
        self.gold += other.gold;
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 { 0.0 } else { a as f64 / b as f64 }
}

/// The scores of a parser on a set of notes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Scores {
    /// Notes read.
    pub notes: usize,
    /// Citations: found with an overlapping span.
    pub citations: Counts,
    /// Back-references and cross-references whose kind was read right, of those matched.
    pub backref_kinds: Counts,
    /// Each field, by its CSL name (`locator` and `note-ref` too).
    pub fields: BTreeMap<&'static str, Counts>,
    /// The first mismatches, for reading: `field: gold → predicted | note`.
    pub errors: Vec<String>,
}

/// At most this many mismatches are kept in [`Scores::errors`].
const MAX_ERRORS: usize = 5000;

impl Scores {
    /// All fields together.
    pub fn all_fields(&self) -> Counts {
        let mut c = Counts::default();
        for v in self.fields.values() {
            c.add(*v);
        }
        c
    }

    /// Add other scores to these.
    pub fn add(&mut self, other: &Scores) {
        self.notes += other.notes;
        self.citations.add(other.citations);
        self.backref_kinds.add(other.backref_kinds);
        for (k, v) in &other.fields {
            self.fields.entry(k).or_default().add(*v);
        }
        let room = MAX_ERRORS.saturating_sub(self.errors.len());
        self.errors.extend(other.errors.iter().take(room).cloned());
    }
}

/// The fields scored, by CSL name.
pub const FIELDS: [&str; 18] = [
    "author",
    "editor",
    "title",
    "container-title",
    "collection-title",
    "publisher",
    "publisher-place",
    "issued",
    "volume",
    "issue",
    "page",
    "edition",
    "number",
    "URL",
    "DOI",
    "locator",
    "note-ref",
    "kind",
];

/// A citation's values to compare.
struct Values {
    range: Range<usize>,
    kind: CitationKind,
    item: Reference,
    locator: Option<String>,
    note_ref: Option<u32>,
}

/// Score `parser` on `notes`.
pub fn score(notes: &[LabelledNote], parser: &Parser, reading: Reading) -> Scores {
    let mut out = Scores::default();
    for note in notes {
        out.add(&score_note(note, parser, reading));
    }
    out
}

/// The gold citations of a note: one per chunk that has citation labels.
fn gold_citations(note: &LabelledNote, reading: Reading) -> (String, Vec<Values>) {
    let example = example_of(note);
    let text = example.text.clone();
    let mut out = Vec::new();
    let mut at = 0;
    for chunk in &note.chunks {
        let mut runs: Vec<(Label, Range<usize>)> = Vec::new();
        for s in &chunk.segments {
            let start = text[at..].find(&s.text).map_or(at, |i| at + i);
            let end = start + s.text.len();
            at = end;
            if !s.label.in_citation() {
                continue;
            }
            match runs.last_mut() {
                Some((l, r)) if *l == s.label => r.end = end,
                _ => runs.push((s.label, start..end)),
            }
        }
        let (Some(first), Some(last)) = (runs.first(), runs.last()) else {
            continue;
        };
        let tagged = TaggedCitation {
            range: first.1.start..last.1.end,
            runs: runs.clone(),
            confidence: 1.0,
        };
        let parsed = assemble(&text, &tagged, reading);
        out.push(Values {
            range: tagged.range.clone(),
            kind: parsed.kind.unwrap_or(CitationKind::Full),
            locator: parsed.locator.map(|l| l.0),
            note_ref: parsed.note_ref,
            item: parsed.item,
        });
    }
    (text, out)
}

/// The citations `parser` reads in `text`.
fn predicted(text: &str, parser: &Parser, reading: Reading) -> Vec<Values> {
    let source = crate::text::normalize(text);
    let whole = 0..source.text().len();
    let found = FoundNote {
        number: 1,
        pieces: std::iter::once(whole).collect(),
        markup: Vec::new(),
    };
    let note_text = found.text(&source);
    let kind = (reading == Reading::Entry).then_some(InputKind::Refs);
    let parsed = parse_note_with(&note_text, &source, kind, parser);
    parsed.citations.into_iter().map(values_of).collect()
}

fn values_of(c: ParsedNoteCitation) -> Values {
    Values {
        range: c.citation.span.start..c.citation.span.end,
        kind: c.citation.kind,
        locator: c.citation.locator,
        note_ref: c.note_ref,
        item: c.item,
    }
}

/// Score one note.
fn score_note(note: &LabelledNote, parser: &Parser, reading: Reading) -> Scores {
    let (text, gold) = gold_citations(note, reading);
    let pred = predicted(&text, parser, reading);
    let mut out = Scores {
        notes: 1,
        ..Scores::default()
    };
    out.citations.gold = gold.len();
    out.citations.predicted = pred.len();
    let mut used = vec![false; pred.len()];
    for g in &gold {
        let best = pred
            .iter()
            .enumerate()
            .filter(|(i, _)| !used[*i])
            .map(|(i, p)| (overlap(&g.range, &p.range), i))
            .filter(|(o, _)| *o > 0)
            .max();
        let p = best.map(|(_, i)| {
            used[i] = true;
            &pred[i]
        });
        if p.is_some() {
            out.citations.right += 1;
        } else {
            let t = text.get(g.range.clone()).unwrap_or("");
            out.errors.push(format!("MISSED citation: {t}"));
        }
        compare(g, p, &mut out, &text);
    }
    for (i, p) in pred.iter().enumerate() {
        if !used[i] {
            compare_unmatched(p, &mut out);
            let t = text.get(p.range.clone()).unwrap_or("");
            out.errors.push(format!("EXTRA citation: {t}"));
        }
    }
    out
}

fn overlap(a: &Range<usize>, b: &Range<usize>) -> usize {
    a.end.min(b.end).saturating_sub(a.start.max(b.start))
}

/// Each field's value of a citation, as text to compare; names as their family names.
fn field_values(v: &Values) -> BTreeMap<&'static str, String> {
    let mut out = BTreeMap::new();
    let i = &v.item;
    let names = |ns: &[Name]| -> Option<String> {
        let fams: Vec<String> = ns
            .iter()
            .map(crate::cite::family_of)
            .filter(|f| !f.is_empty())
            .collect();
        (!fams.is_empty()).then(|| fams.join("; "))
    };
    let mut put = |k: &'static str, s: Option<String>| {
        if let Some(s) = s.filter(|s| !s.trim().is_empty()) {
            out.insert(k, s);
        }
    };
    put("author", names(&i.author));
    put("editor", names(&i.editor));
    let text = |f: &Option<crate::model::Field>| f.as_ref().map(|f| f.value.clone());
    put("title", text(&i.title));
    put("container-title", text(&i.container_title));
    put("collection-title", text(&i.collection_title));
    put("publisher", text(&i.publisher));
    put("publisher-place", text(&i.publisher_place));
    put(
        "issued",
        i.issued
            .as_ref()
            .and_then(|d| d.parts.first())
            .map(|y| y.to_string()),
    );
    put("volume", text(&i.volume));
    put("issue", text(&i.issue));
    put("page", text(&i.page));
    put("edition", text(&i.edition));
    put("number", text(&i.number));
    put("URL", text(&i.url));
    put("DOI", text(&i.doi));
    put("locator", v.locator.clone());
    put("note-ref", v.note_ref.map(|n| n.to_string()));
    let kind = match v.kind {
        CitationKind::Full | CitationKind::Short => None,
        other => Some(format!("{other:?}")),
    };
    put("kind", kind);
    out
}

fn compare(g: &Values, p: Option<&Values>, out: &mut Scores, text: &str) {
    let gv = field_values(g);
    let pv = p.map(field_values).unwrap_or_default();
    for f in FIELDS {
        let c = out.fields.entry(f).or_default();
        let (a, b) = (gv.get(f), pv.get(f));
        if a.is_some() {
            c.gold += 1;
        }
        if b.is_some() {
            c.predicted += 1;
        }
        match (a, b) {
            (Some(a), Some(b)) if same(f, a, b) => c.right += 1,
            (None, None) => {}
            _ if p.is_some() => {
                let t = text.get(g.range.clone()).unwrap_or("");
                out.errors.push(format!(
                    "{f}: {} → {} | {t}",
                    a.map_or("-", String::as_str),
                    b.map_or("-", String::as_str)
                ));
            }
            _ => {}
        }
    }
    if gv.contains_key("kind") && p.is_some() {
        out.backref_kinds.gold += 1;
        out.backref_kinds.predicted += 1;
        if gv.get("kind") == pv.get("kind") {
            out.backref_kinds.right += 1;
        }
    }
}

fn compare_unmatched(p: &Values, out: &mut Scores) {
    for f in field_values(p).keys() {
        out.fields.entry(f).or_default().predicted += 1;
    }
}

/// Whether two values of a field are the same, as the shared scorer judges.
fn same(field: &str, a: &str, b: &str) -> bool {
    let (na, nb) = (norm(a), norm(b));
    match field {
        "title" | "container-title" | "collection-title" | "publisher" | "publisher-place" => {
            na == nb || token_f1(&na, &nb) >= 0.85
        }
        "author" | "editor" => {
            let fa: Vec<String> = a.split("; ").map(norm).collect();
            let fb: Vec<String> = b.split("; ").map(norm).collect();
            fa.len() == fb.len()
                && fa
                    .iter()
                    .zip(&fb)
                    .all(|(x, y)| x == y || token_f1(x, y) >= 0.8)
        }
        _ => squash(&na) == squash(&nb),
    }
}

/// Lower case, quotes and punctuation as spaces, one space between words.
fn norm(s: &str) -> String {
    let lowered: String = s
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| {
            if c.is_alphanumeric() || c == '-' || c == '/' {
                c
            } else {
                ' '
            }
        })
        .collect();
    lowered.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Only letters and digits.
fn squash(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Token F1 of two normalised strings.
fn token_f1(a: &str, b: &str) -> f64 {
    let ta: Vec<&str> = a.split([' ', '-', '/']).filter(|t| !t.is_empty()).collect();
    let mut tb: Vec<&str> = b.split([' ', '-', '/']).filter(|t| !t.is_empty()).collect();
    if ta.is_empty() || tb.is_empty() {
        return 0.0;
    }
    let (la, lb) = (ta.len(), tb.len());
    let mut common = 0;
    for t in ta {
        if let Some(i) = tb.iter().position(|x| *x == t) {
            tb.swap_remove(i);
            common += 1;
        }
    }
    if common == 0 {
        return 0.0;
    }
    let (p, r) = (common as f64 / la as f64, common as f64 / lb as f64);
    2.0 * p * r / (p + r)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::from_notes_str;

    #[test]
    fn the_rules_score_on_a_note() {
        let notes = from_notes_str(
            "# note s 1\nauthor\tTuck, Richard.\ntitle\tNatural Rights Theories.\npublisher-place\tCambridge:\npublisher\tCambridge University Press,\nissued\t1979.\n",
        )
        .expect("reads");
        let s = score(&notes, &Parser::Rules, Reading::Entry);
        assert_eq!(s.citations.right, 1);
        assert_eq!(s.fields["title"].right, 1);
        assert_eq!(s.fields["publisher"].right, 1);
        assert!(s.all_fields().f1() > 0.9);
    }
}
