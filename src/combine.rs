//! Several documents at once, as the command line writes a batch to one stream: keys unique
//! across all of them ([`KeySpace`]), or one bibliography of all of them ([`merge`]).

use crate::model::{Citation, Document, Reference};
use std::collections::{HashMap, HashSet};

/// The keys given out so far to the documents of one stream. [`KeySpace::claim`] gives a
/// document's references keys no earlier document has, the same on every run for the same
/// documents in the same order.
#[derive(Debug, Clone, Default)]
pub struct KeySpace {
    taken: HashSet<String>,
}

impl KeySpace {
    /// No key taken yet.
    pub fn new() -> Self {
        KeySpace::default()
    }

    /// Rename the references of `document` whose keys an earlier document took, and its
    /// citations with them. A taken key gets the next free suffix after its year, as two
    /// works of one document do (`smith2001` → `smith2001a`, `smith2001b` → `smith2001c`);
    /// keys are compared without case, as BibTeX does.
    pub fn claim(&mut self, document: &mut Document) {
        let own: HashSet<String> = document
            .references
            .iter()
            .map(|r| r.id.to_lowercase())
            .collect();
        let mut renamed: HashMap<String, String> = HashMap::new();
        for reference in &mut document.references {
            if self.taken.contains(&reference.id.to_lowercase()) {
                let base = without_suffix(&reference.id);
                let free = (0..)
                    .map(|n| format!("{base}{}", crate::resolve::suffix(n)))
                    .find(|k| {
                        let k = k.to_lowercase();
                        !self.taken.contains(&k) && !own.contains(&k)
                    })
                    .unwrap_or_default();
                renamed.insert(reference.id.clone(), free.clone());
                reference.id = free;
            }
            self.taken.insert(reference.id.to_lowercase());
        }
        if !renamed.is_empty() {
            rename_citations(document, |id| renamed.get(id).cloned());
        }
    }
}

/// A key without the letters that tell apart the works of one year (`smith2001b` →
/// `smith2001`); a key without a year as it is.
fn without_suffix(key: &str) -> &str {
    let stem = key.trim_end_matches(|c: char| c.is_ascii_lowercase());
    if stem.ends_with(|c: char| c.is_ascii_digit()) {
        stem
    } else {
        key
    }
}

/// Give every citation of `document` the id `new` maps its id to, when it maps it.
fn rename_citations(document: &mut Document, new: impl Fn(&str) -> Option<String>) {
    let rename = |id: &mut String| {
        if let Some(n) = new(id) {
            *id = n;
        }
    };
    for citation in document.notes.iter_mut().flat_map(|n| &mut n.citations) {
        rename_citation(citation, &rename);
    }
}

fn rename_citation(citation: &mut Citation, rename: &impl Fn(&mut String)) {
    if let Some(id) = &mut citation.id {
        rename(id);
    }
    citation.candidates.iter_mut().for_each(rename);
}

/// One document of several: one bibliography in which a work cited by several documents
/// (as [`crate::resolve`] tells the same work: the same creators and a like title, or the
/// same URL) is one reference, merged from all its forms; keys made anew over it. The notes
/// and diagnostics of every document follow one another, the citations with the new keys;
/// their spans point into the input each came from. The input kind is kept when all share
/// it.
pub fn merge(documents: Vec<Document>) -> Document {
    let items: Vec<&Reference> = documents.iter().flat_map(|d| &d.references).collect();
    let (works, work_of) = crate::resolve::distinct_works(&items);
    let ids = crate::resolve::keys(&works.iter().collect::<Vec<_>>());
    let references: Vec<Reference> = works
        .into_iter()
        .zip(&ids)
        .map(|(work, id)| {
            let mut reference = Reference {
                id: id.clone(),
                ..work
            };
            // the language of the work as merged from all its forms
            reference.language = crate::cite::language::language_of(&reference);
            reference
        })
        .collect();
    let mut work_ids = work_of
        .iter()
        .map(|&w| ids.get(w).cloned().unwrap_or_default());
    let mut merged = Document {
        references,
        input: documents.first().and_then(|d| d.input),
        ..Document::default()
    };
    let same_kind = documents.iter().all(|d| d.input == merged.input);
    for mut document in documents {
        let new: HashMap<String, String> = document
            .references
            .iter()
            .map(|r| (r.id.clone(), work_ids.next().unwrap_or_default()))
            .collect();
        rename_citations(&mut document, |id| new.get(id).cloned());
        for citation in document.notes.iter_mut().flat_map(|n| &mut n.citations) {
            citation.candidates.dedup();
        }
        merged.notes.append(&mut document.notes);
        merged.diagnostics.append(&mut document.diagnostics);
    }
    if !same_kind {
        merged.input = None;
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Field, Name};

    fn reference(id: &str, family: &str, title: &str) -> Reference {
        Reference {
            id: id.into(),
            author: vec![Name {
                family: Some(family.into()),
                ..Name::default()
            }],
            title: Some(Field::new(title, None)),
            issued: Some(crate::model::Date::from_year(2001)),
            ..Reference::default()
        }
    }

    fn document(references: Vec<Reference>) -> Document {
        Document {
            references,
            ..Document::default()
        }
    }

    #[test]
    fn keys_stay_unique_across_documents() {
        let mut keys = KeySpace::new();
        let mut first = document(vec![
            reference("smith2001a", "Smith", "One"),
            reference("smith2001b", "Smith", "Two"),
            reference("gcim", "GCIM", "Site"),
        ]);
        let mut second = document(vec![
            reference("smith2001a", "Smith", "Three"),
            reference("gcim", "GCIM", "Site"),
            reference("smith2001b", "Smith", "Four"),
            reference("smith2001", "Smith", "Five"),
        ]);
        second.notes.push(crate::model::Note {
            number: 1,
            spans: Vec::new(),
            text: String::new(),
            citations: vec![Citation {
                id: Some("smith2001b".into()),
                kind: crate::model::CitationKind::Full,
                locator: None,
                label: None,
                span: crate::model::Span::default(),
                ambiguous: false,
                candidates: Vec::new(),
                confidence: 1.0,
            }],
        });
        keys.claim(&mut first);
        keys.claim(&mut second);
        let ids: Vec<&str> = second.references.iter().map(|r| r.id.as_str()).collect();
        // `smith2001` is free: no earlier document took it
        assert_eq!(ids, ["smith2001c", "gcima", "smith2001d", "smith2001"]);
        assert_eq!(
            second.notes[0].citations[0].id.as_deref(),
            Some("smith2001d")
        );
        assert_eq!(without_suffix("ref"), "ref");
    }

    #[test]
    fn merge_keeps_one_reference_per_work() {
        let a = document(vec![
            reference("smith2001", "Smith", "The Law of Nations"),
            reference("jones2001", "Jones", "Other"),
        ]);
        let b = document(vec![
            reference("smith2001", "Smith", "The law of nations"),
            reference("smith2001b", "Smith", "Something Else Entirely"),
        ]);
        let merged = merge(vec![a, b]);
        let ids: Vec<&str> = merged.references.iter().map(|r| r.id.as_str()).collect();
        assert_eq!(ids, ["smith2001a", "jones2001", "smith2001b"]);
    }
}
