//! The tags the model gives each token: a [`Label`], and for the first token of a citation,
//! whether it begins one (`B-author`, `B-backref` …). Splitting a note into citations then
//! follows from the tags.

use super::label::Label;

/// Labels a citation may begin with, each with a `B-` tag of its own. A citation that begins
/// with another label is told from its neighbour by the commentary or signal between them.
pub const BEGIN_LABELS: [Label; 15] = [
    Label::Author,
    Label::Editor,
    Label::Title,
    Label::ContainerTitle,
    Label::Backref,
    Label::NoteRef,
    Label::Locator,
    Label::Number,
    Label::Genre,
    Label::Volume,
    Label::Url,
    Label::CitationNumber,
    Label::Issued,
    Label::Publisher,
    Label::Authority,
];

/// How many tags there are: every label, and the `B-` tags.
pub const TAG_COUNT: usize = Label::ALL.len() + BEGIN_LABELS.len();

/// A tag: a label, and whether the token begins a citation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tag {
    /// The label.
    pub label: Label,
    /// Whether the token is the first of a citation.
    pub begins: bool,
}

impl Tag {
    /// The tag of a token labelled `label`, first of its citation when `begins` (a label that
    /// has no `B-` tag gives the plain tag).
    pub fn new(label: Label, begins: bool) -> Self {
        let begins = begins && BEGIN_LABELS.contains(&label);
        Tag { label, begins }
    }

    /// The tag's id in the model.
    pub fn id(self) -> u8 {
        if self.begins
            && let Some(k) = BEGIN_LABELS.iter().position(|&l| l == self.label)
        {
            return (Label::ALL.len() + k) as u8;
        }
        self.label.index() as u8
    }

    /// The tag of a model id, if it is one.
    pub fn from_id(id: u8) -> Option<Tag> {
        let id = usize::from(id);
        if let Some(&label) = Label::ALL.get(id) {
            return Some(Tag {
                label,
                begins: false,
            });
        }
        BEGIN_LABELS.get(id - Label::ALL.len()).map(|&label| Tag {
            label,
            begins: true,
        })
    }

    /// The tag's name (`author`, `B-author`).
    pub fn name(self) -> String {
        if self.begins {
            format!("B-{}", self.label.as_str())
        } else {
            self.label.as_str().to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for id in 0..TAG_COUNT as u8 {
            let tag = Tag::from_id(id).expect("a tag");
            assert_eq!(tag.id(), id);
        }
        assert!(Tag::from_id(TAG_COUNT as u8).is_none());
        assert!(!Tag::new(Label::Page, true).begins);
        assert_eq!(Tag::new(Label::Author, true).name(), "B-author");
    }
}
