//! The labels of the citation labeller: one per token of a note, covering the whole note (signals,
//! commentary, back-references, cross-references, locators) and every CSL field the model knows.
//!
//! The names are those of the annotated training files (`data/notes/FORMAT.md`), which are the
//! CSL variable names where there is one.

/// What a token of a note is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Label {
    /// A word that introduces a citation (`See`, `Vgl.`, `cfr.`).
    Signal,
    /// The author's prose.
    Commentary,
    /// Quoted text from the source, not a title.
    Quotation,
    /// Words that point back to a work cited before (`Ibid.`, `op. cit.`, `a.a.O.`, `ders.`).
    Backref,
    /// A cross-reference to another note (`supra note 12`, `(n 3)`, `(Fn. 4)`).
    NoteRef,
    /// The pin-point cited (`p. 48`, `S. 85 f.`, `at 9`).
    Locator,
    /// The number of an entry in a numbered reference list (`[13]`).
    CitationNumber,
    /// CSL `author`.
    Author,
    /// CSL `editor`.
    Editor,
    /// CSL `translator`.
    Translator,
    /// CSL `title`.
    Title,
    /// CSL `container-title`.
    ContainerTitle,
    /// CSL `collection-title`.
    CollectionTitle,
    /// CSL `collection-number`.
    CollectionNumber,
    /// CSL `number`.
    Number,
    /// CSL `edition`.
    Edition,
    /// CSL `publisher`.
    Publisher,
    /// CSL `publisher-place`.
    PublisherPlace,
    /// CSL `issued`.
    Issued,
    /// CSL `volume`.
    Volume,
    /// CSL `issue`.
    Issue,
    /// CSL `page`: the work's own pages.
    Page,
    /// CSL `genre`.
    Genre,
    /// CSL `authority`: the court or jurisdiction.
    Authority,
    /// CSL `event-title`.
    EventTitle,
    /// CSL `URL`.
    Url,
    /// CSL `DOI`.
    Doi,
    /// CSL `ISBN`.
    Isbn,
    /// CSL `note`: other facts of the reference.
    Note,
}

impl Label {
    /// Every label, in a fixed order (the order of the model's label ids).
    pub const ALL: [Label; 29] = [
        Label::Signal,
        Label::Commentary,
        Label::Quotation,
        Label::Backref,
        Label::NoteRef,
        Label::Locator,
        Label::CitationNumber,
        Label::Author,
        Label::Editor,
        Label::Translator,
        Label::Title,
        Label::ContainerTitle,
        Label::CollectionTitle,
        Label::CollectionNumber,
        Label::Number,
        Label::Edition,
        Label::Publisher,
        Label::PublisherPlace,
        Label::Issued,
        Label::Volume,
        Label::Issue,
        Label::Page,
        Label::Genre,
        Label::Authority,
        Label::EventTitle,
        Label::Url,
        Label::Doi,
        Label::Isbn,
        Label::Note,
    ];

    /// The label's name in the annotated files.
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Signal => "signal",
            Label::Commentary => "commentary",
            Label::Quotation => "quotation",
            Label::Backref => "backref",
            Label::NoteRef => "note-ref",
            Label::Locator => "locator",
            Label::CitationNumber => "citation-number",
            Label::Author => "author",
            Label::Editor => "editor",
            Label::Translator => "translator",
            Label::Title => "title",
            Label::ContainerTitle => "container-title",
            Label::CollectionTitle => "collection-title",
            Label::CollectionNumber => "collection-number",
            Label::Number => "number",
            Label::Edition => "edition",
            Label::Publisher => "publisher",
            Label::PublisherPlace => "publisher-place",
            Label::Issued => "issued",
            Label::Volume => "volume",
            Label::Issue => "issue",
            Label::Page => "page",
            Label::Genre => "genre",
            Label::Authority => "authority",
            Label::EventTitle => "event-title",
            Label::Url => "url",
            Label::Doi => "doi",
            Label::Isbn => "isbn",
            Label::Note => "note",
        }
    }

    /// The label of this name, if there is one.
    pub fn from_name(name: &str) -> Option<Label> {
        Label::ALL.into_iter().find(|l| l.as_str() == name)
    }

    /// The label's index in [`Label::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// Whether the label is part of a citation (not a signal, commentary or quotation).
    pub fn in_citation(self) -> bool {
        !matches!(self, Label::Signal | Label::Commentary | Label::Quotation)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_in_order() {
        for (i, l) in Label::ALL.into_iter().enumerate() {
            assert_eq!(l.index(), i);
            assert_eq!(Label::from_name(l.as_str()), Some(l));
        }
    }
}
