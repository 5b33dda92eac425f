//! Annotated footnotes in the `.notes` format of `data/notes/FORMAT.md`: a header line per note,
//! one `LABEL<TAB>TEXT` line per segment, `--` between the citations of a note.
//!
//! ```
//! use opcit::train::{from_notes_str, to_notes_string};
//! let file = "# note paper 3\nsignal\tVgl\nauthor\tLuhmann,\ntitle\tRechtssoziologie\nissued\t(1972),\nlocator\t239.\n\n";
//! let notes = from_notes_str(file)?;
//! assert_eq!(notes[0].text(), "Vgl Luhmann, Rechtssoziologie (1972), 239.");
//! assert_eq!(to_notes_string(&notes), file);
//! # Ok::<(), opcit::train::TrainError>(())
//! ```

use super::TrainError;
use crate::cite::label::Label;

/// A piece of a note's text with its label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// What the text is.
    pub label: Label,
    /// The text, without leading or trailing white space.
    pub text: String,
}

/// The text of a note between two citation boundaries: at most one citation, with its signals
/// and commentary.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Chunk {
    /// The segments, in order.
    pub segments: Vec<Segment>,
}

/// One annotated note.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LabelledNote {
    /// Where it comes from: a publication, a data set, or `synth:STYLE` for a rendered note.
    pub source: String,
    /// The note's number or name within its source.
    pub number: String,
    /// Its chunks, in order.
    pub chunks: Vec<Chunk>,
}

impl LabelledNote {
    /// The note's text: its segments joined by one space.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for segment in self.segments() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&segment.text);
        }
        out
    }

    /// Every segment, in order.
    pub fn segments(&self) -> impl Iterator<Item = &Segment> {
        self.chunks.iter().flat_map(|c| c.segments.iter())
    }
}

/// Read the notes of an annotated file.
pub fn from_notes_str(input: &str) -> Result<Vec<LabelledNote>, TrainError> {
    let mut notes: Vec<LabelledNote> = Vec::new();
    let bad = |line: usize, message: String| TrainError::Format { line, message };
    for (i, line) in input.lines().enumerate() {
        let line_no = i + 1;
        if let Some(header) = line.strip_prefix("# note ") {
            let mut parts = header.split_whitespace();
            let (Some(source), Some(number)) = (parts.next(), parts.next()) else {
                return Err(bad(
                    line_no,
                    "a note header needs a source and a number".into(),
                ));
            };
            notes.push(LabelledNote {
                source: source.to_string(),
                number: number.to_string(),
                chunks: vec![Chunk::default()],
            });
            continue;
        }
        if line.trim().is_empty() {
            continue;
        }
        let Some(note) = notes.last_mut() else {
            return Err(bad(line_no, "text before the first note header".into()));
        };
        if line == "--" {
            note.chunks.push(Chunk::default());
            continue;
        }
        let Some((name, text)) = line.split_once('\t') else {
            return Err(bad(
                line_no,
                format!("no TAB between label and text: `{line}`"),
            ));
        };
        let label = Label::from_name(name)
            .ok_or_else(|| bad(line_no, format!("unknown label `{name}`")))?;
        let text = text.trim();
        if text.is_empty() {
            return Err(bad(line_no, format!("a `{name}` segment without text")));
        }
        if let Some(chunk) = note.chunks.last_mut() {
            chunk.segments.push(Segment {
                label,
                text: text.to_string(),
            });
        }
    }
    for note in &mut notes {
        note.chunks.retain(|c| !c.segments.is_empty());
    }
    Ok(notes)
}

/// Write notes in the annotated format.
pub fn to_notes_string(notes: &[LabelledNote]) -> String {
    let mut out = String::new();
    for note in notes {
        out.push_str(&format!("# note {} {}\n", note.source, note.number));
        for (i, chunk) in note.chunks.iter().enumerate() {
            if i > 0 {
                out.push_str("--\n");
            }
            for s in &chunk.segments {
                out.push_str(s.label.as_str());
                out.push('\t');
                out.push_str(&s.text);
                out.push('\n');
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chunks_are_split_at_dashes() {
        let notes = from_notes_str(
            "# note s 1\nauthor\tA,\ntitle\tT;\n--\nbackref\tIbid.\n\n# note s 2\ncommentary\tNo.\n",
        )
        .expect("reads");
        assert_eq!(notes.len(), 2);
        assert_eq!(notes[0].chunks.len(), 2);
        assert_eq!(notes[0].text(), "A, T; Ibid.");
        assert_eq!(notes[1].chunks[0].segments[0].label, Label::Commentary);
    }

    #[test]
    fn bad_lines_say_where() {
        let err = from_notes_str("# note s 1\nauthor A\n").expect_err("no tab");
        assert!(err.to_string().starts_with("line 2:"));
        let err = from_notes_str("# note s 1\nwriter\tA\n").expect_err("bad label");
        assert!(err.to_string().contains("unknown label"));
    }
}
