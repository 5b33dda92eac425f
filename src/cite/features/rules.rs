//! What the hand-written rules read in the note, as features: the tokens of each citation they
//! find, the first one with the citation's kind, and each token with the field the rules give
//! it.

use super::{id, pair};
use crate::cite::fields::ParsedCitation;
use crate::model::{CitationKind, Span};
use std::ops::Range;

/// For each token, the features of the rules' reading of `text`.
pub(super) fn rule_features(text: &str, tokens: &[Range<usize>]) -> Vec<Vec<u64>> {
    let mut out: Vec<Vec<u64>> = vec![Vec::new(); tokens.len()];
    for (unit, parsed) in crate::cite::rule_units(text) {
        let first = tokens.partition_point(|t| t.end <= unit.start);
        let kind = kind_name(parsed.kind);
        for (k, t) in tokens.iter().enumerate().skip(first) {
            if t.start >= unit.end {
                break;
            }
            let place = if k == first { "open" } else { "in" };
            out[k].push(id("rule", place));
            if k == first {
                out[k].push(id("rulekind", kind));
            }
        }
        for (name, range) in field_ranges(&parsed, unit.start) {
            let a = tokens.partition_point(|t| t.end <= range.start);
            for (k, t) in tokens.iter().enumerate().skip(a) {
                if t.start >= range.end {
                    break;
                }
                out[k].push(id("rulef", name));
                if k == a {
                    out[k].push(pair(id("rulef", name), id("rule", "first")));
                }
            }
        }
    }
    out
}

/// The fields of a rule citation with their ranges in the note.
fn field_ranges(p: &ParsedCitation, base: usize) -> Vec<(&'static str, Range<usize>)> {
    let at = |s: Span| s.start + base..s.end + base;
    let mut out = Vec::new();
    for (name, names) in p.item.name_fields() {
        for n in names {
            if let Some(s) = n.span {
                out.push((name, at(s)));
            }
        }
    }
    if let Some(s) = p.item.issued.as_ref().and_then(|d| d.span) {
        out.push(("issued", at(s)));
    }
    for (name, field) in p.item.text_fields() {
        if let Some(s) = field.and_then(|f| f.span) {
            out.push((name, at(s)));
        }
    }
    if let Some((_, _, r)) = &p.locator {
        out.push(("locator", r.start + base..r.end + base));
    }
    out
}

fn kind_name(kind: Option<CitationKind>) -> &'static str {
    match kind {
        None | Some(CitationKind::Full) => "full",
        Some(CitationKind::Short) => "short",
        Some(CitationKind::Ibid) => "ibid",
        Some(CitationKind::Idem) => "idem",
        Some(CitationKind::OpCit) => "opcit",
        Some(CitationKind::LocCit) => "loccit",
        Some(CitationKind::Supra) => "supra",
    }
}
