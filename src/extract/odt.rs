//! ODT: the body and the notes (`text:note`) of `content.xml`.
//!
//! Paragraphs are `text:p` and `text:h`; `text:s` reads as its spaces, `text:tab` as a space,
//! `text:line-break` as a line break, and runs of white space in the XML as one space, as ODF
//! says. A note is where the body refers to it: its mark (`text:note-citation`) is not text,
//! its body (`text:note-body`) is the note. Annotations and tracked changes are left out.
//! Notes are numbered as in [`super::package`].

use super::package::{Inline, NoteClass, Package, PackageNote, Paragraph, Story, to_extracted};
use super::xml::{LeftOut, attribute, bad_part, characters};
use super::{Extracted, Format};
use crate::Error;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// Elements whose whole content is left out.
const SKIPPED: [&[u8]; 4] = [
    b"office:annotation",
    b"text:tracked-changes",
    b"text:note-citation",
    b"office:forms",
];

/// The state of the reader of `content.xml`.
#[derive(Default)]
struct ContentReader {
    story: Story,
    /// The elements left out.
    skipped: LeftOut,
    /// The paragraphs being read, innermost last, each with the note it belongs to (`None`:
    /// the body).
    open: Vec<(Option<usize>, Paragraph)>,
    /// The notes being read, innermost last.
    notes: Vec<usize>,
}

impl ContentReader {
    /// Add text to the innermost open paragraph.
    fn push(&mut self, inline: Inline) {
        let Some((_, paragraph)) = self.open.last_mut() else {
            return;
        };
        match (paragraph.last_mut(), inline) {
            (Some(Inline::Text(last)), Inline::Text(text)) => last.push_str(&text),
            (_, inline) => paragraph.push(inline),
        }
    }

    fn start(&mut self, element: &BytesStart<'_>, empty: bool) {
        let name = element.name();
        let name = name.as_ref();
        if self.skipped.opens(name, empty, &SKIPPED) {
            return;
        }
        match name {
            b"text:p" | b"text:h" if !empty => {
                self.open
                    .push((self.notes.last().copied(), Paragraph::new()));
            }
            b"text:s" => {
                let count = attribute(element, b"text:c")
                    .and_then(|c| c.parse::<usize>().ok())
                    .unwrap_or(1)
                    .min(100);
                self.push(Inline::Text(" ".repeat(count)));
            }
            b"text:tab" => self.push(Inline::Text(" ".to_string())),
            b"text:line-break" => self.push(Inline::Text("\n".to_string())),
            b"text:note" if !empty => self.open_note(element),
            _ => {}
        }
    }

    /// A note starts where the body refers to it.
    fn open_note(&mut self, element: &BytesStart<'_>) {
        let class = match attribute(element, b"text:note-class").as_deref() {
            Some("endnote") => NoteClass::Endnote,
            _ => NoteClass::Footnote,
        };
        let at = self.story.notes.len();
        self.story.notes.push(PackageNote {
            class,
            custom_mark: None,
            paragraphs: Some(Vec::new()),
        });
        self.push(Inline::Mark(at));
        self.notes.push(at);
    }

    fn end(&mut self, name: &[u8]) {
        if self.skipped.closes() {
            return;
        }
        match name {
            b"text:p" | b"text:h" => self.close_paragraph(),
            b"text:note" => {
                self.notes.pop();
            }
            _ => {}
        }
    }

    fn close_paragraph(&mut self) {
        let Some((note, paragraph)) = self.open.pop() else {
            return;
        };
        let paragraphs = match note {
            None => Some(&mut self.story.body),
            Some(at) => self
                .story
                .notes
                .get_mut(at)
                .and_then(|n| n.paragraphs.as_mut()),
        };
        if let Some(paragraphs) = paragraphs {
            paragraphs.push(paragraph);
        }
    }

    /// The mark of the author's own of a note whose citation has a `text:label`.
    fn label_note(&mut self, element: &BytesStart<'_>) {
        if let (Some(label), Some(&at)) = (attribute(element, b"text:label"), self.notes.last())
            && let Some(note) = self.story.notes.get_mut(at)
        {
            note.custom_mark = Some(label);
        }
    }
}

/// Runs of XML white space as one space.
fn collapse_white_space(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut in_space = false;
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
            if !in_space {
                out.push(' ');
            }
            in_space = true;
        } else {
            out.push(c);
            in_space = false;
        }
    }
    out
}

/// The body and notes of `content.xml`.
fn read_content(xml: &str) -> Result<Story, Error> {
    let mut reader = Reader::from_str(xml);
    let mut state = ContentReader::default();
    loop {
        let event = reader
            .read_event()
            .map_err(|e| bad_part("ODT", "content.xml", e))?;
        match &event {
            Event::Start(element) | Event::Empty(element)
                if element.name().as_ref() == b"text:note-citation" =>
            {
                state.label_note(element);
                state.start(element, matches!(event, Event::Empty(_)));
            }
            Event::Start(element) => state.start(element, false),
            Event::Empty(element) => state.start(element, true),
            Event::End(element) => state.end(element.name().as_ref()),
            Event::Eof => break,
            _ if !state.skipped.inside() => {
                if let Some(text) = characters(&event) {
                    state.push(Inline::Text(collapse_white_space(
                        &crate::text::without_invisible(&text),
                    )));
                }
            }
            _ => {}
        }
    }
    Ok(state.story)
}

/// Read an ODT file.
pub(crate) fn extract(bytes: &[u8]) -> Result<Extracted, Error> {
    let mut package = Package::open(bytes, Format::Odt)?;
    let content = package.required_part("content.xml")?;
    let story = read_content(&content)?;
    Ok(to_extracted(&story, Format::Odt))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_note_is_read_where_the_body_refers_to_it() {
        let xml = r#"<office:body><office:text><text:p>Body<text:s text:c="2"/>text<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>The
              note.</text:p></text:note-body></text:note> goes on.</text:p></office:text></office:body>"#;
        let story = read_content(xml).expect("reads");
        assert_eq!(
            story.body,
            vec![vec![
                Inline::Text("Body  text".to_string()),
                Inline::Mark(0),
                Inline::Text(" goes on.".to_string()),
            ]]
        );
        assert_eq!(
            story.notes[0].paragraphs,
            Some(vec![vec![Inline::Text("The note.".to_string())]])
        );
    }
}
