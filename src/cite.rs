//! The cite stage: split each note into commentary and citations, and parse each citation into
//! CSL fields.
//!
//! Not written yet: [`parse_note`] finds no citation, so every note comes out with an empty
//! `citations` list. The notes themselves are complete.

use crate::model::Citation;
use crate::notes::NoteText;
use crate::text::Normalized;

/// The citations of one note, in order. Finds none until the citation parser lands.
pub fn parse_note(note: &NoteText, source: &Normalized) -> Vec<Citation> {
    let _ = (note, source);
    Vec::new()
}
