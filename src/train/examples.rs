//! Labelled notes as the labeller sees them: the note's text, its tokens, and each token's tag.

use super::LabelledNote;
use crate::cite::label::Label;
use crate::cite::tags::Tag;
use crate::cite::tokens::tokenize;
use std::ops::Range;

/// One note ready for training or scoring.
#[derive(Debug, Clone)]
pub struct Example {
    /// The note's text (its segments joined by spaces).
    pub text: String,
    /// The tokens, as byte ranges of `text`.
    pub tokens: Vec<Range<usize>>,
    /// The gold tag of each token.
    pub tags: Vec<Tag>,
}

/// The example of a labelled note. Each token takes the label of the segment it starts in;
/// the first token of a chunk with a citation label begins the citation.
pub fn example_of(note: &LabelledNote) -> Example {
    let mut text = String::new();
    // (byte range, label, chunk index) of each segment
    let mut segments: Vec<(Range<usize>, Label, usize)> = Vec::new();
    for (ci, chunk) in note.chunks.iter().enumerate() {
        for s in &chunk.segments {
            if !text.is_empty() {
                text.push(' ');
            }
            let start = text.len();
            text.push_str(&s.text);
            segments.push((start..text.len(), s.label, ci));
        }
    }
    let tokens = tokenize(&text);
    let mut tags = Vec::with_capacity(tokens.len());
    let mut seg = 0;
    let mut begun: Option<usize> = None;
    for t in &tokens {
        while seg + 1 < segments.len() && segments[seg].0.end <= t.start {
            seg += 1;
        }
        let (_, label, chunk) = segments[seg].clone();
        let begins = label.in_citation() && begun != Some(chunk);
        if label.in_citation() {
            begun = Some(chunk);
        }
        tags.push(Tag::new(label, begins));
    }
    Example { text, tokens, tags }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::train::from_notes_str;

    #[test]
    fn tokens_take_their_segment_label_and_chunks_begin_citations() {
        let notes = from_notes_str(
            "# note s 1\nsignal\tSee\nauthor\tSmith,\ntitle\tA Book,\nlocator\tp.4;\n--\nbackref\tIbid.\n",
        )
        .expect("reads");
        let ex = example_of(&notes[0]);
        let names: Vec<String> = ex.tags.iter().map(|t| t.name()).collect();
        assert_eq!(
            names,
            [
                "signal",
                "B-author",
                "title",
                "title",
                "locator",
                "B-backref"
            ]
        );
    }
}
