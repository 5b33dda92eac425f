//! DOCX: the body of `word/document.xml` and the notes of `word/footnotes.xml` and
//! `word/endnotes.xml`.
//!
//! Text is the text of the runs (`w:t`); `w:tab` reads as a space, `w:br` and `w:cr` as a line
//! break, `w:noBreakHyphen` as `-`. A field reads as its result (its instruction, `w:instrText`,
//! is not text); a hyperlink as the text shown. Deleted text (`w:del`, `w:moveFrom`), hidden
//! runs (`w:vanish`) and the fallback copies of `mc:AlternateContent` are left out. A note's own
//! mark (`w:footnoteRef`) is not text; the separator notes are skipped. Footnotes are numbered
//! in the order `word/document.xml` refers to them, as Word numbers them; see
//! [`super::package`] for endnotes and marks of the author's own.

use super::package::{Inline, NoteClass, Package, PackageNote, Paragraph, Story, to_extracted};
use super::xml::{LeftOut, attribute, bad_part, characters, is_on};
use super::{Extracted, Format};
use crate::Error;
use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;

/// What a WordprocessingML part holds, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    /// Text of a run.
    Text(String),
    /// The end of a paragraph.
    ParagraphEnd,
    /// A reference to a note; `custom_mark` is the mark the author typed instead of a number.
    Reference {
        class: NoteClass,
        id: String,
        custom_mark: Option<String>,
    },
    /// The start of a note of `footnotes.xml` or `endnotes.xml`; `separator` for the
    /// separator notes, which are not text.
    NoteStart { id: String, separator: bool },
    /// The end of a note.
    NoteEnd,
}

/// Elements whose whole content is left out.
const SKIPPED: [&[u8]; 4] = [b"mc:Fallback", b"w:del", b"w:moveFrom", b"w:instrText"];

/// The state of the reader of one part.
#[derive(Default)]
struct PieceReader {
    pieces: Vec<Piece>,
    /// The elements left out.
    skipped: LeftOut,
    /// Inside a `w:t`.
    in_text: bool,
    /// Inside a run, and whether it is hidden.
    in_run: bool,
    hidden: bool,
    /// The index of a reference with a mark of its own whose run is still open.
    open_custom: Option<usize>,
}

impl PieceReader {
    /// Add text: to the open custom mark, or to the part's text.
    fn push_text(&mut self, text: &str) {
        if self.hidden {
            return;
        }
        if let Some(Some(Piece::Reference {
            custom_mark: Some(mark),
            ..
        })) = self.open_custom.map(|i| self.pieces.get_mut(i))
        {
            mark.push_str(text);
            return;
        }
        match self.pieces.last_mut() {
            Some(Piece::Text(last)) => last.push_str(text),
            _ => self.pieces.push(Piece::Text(text.to_string())),
        }
    }

    /// An element opens (`empty`: and closes at once).
    fn start(&mut self, element: &BytesStart<'_>, empty: bool) {
        let name = element.name();
        let name = name.as_ref();
        if self.skipped.opens(name, empty, &SKIPPED) {
            return;
        }
        match name {
            b"w:t" => self.in_text = !empty,
            b"w:r" => {
                self.in_run = !empty;
                self.hidden = false;
            }
            b"w:vanish" if self.in_run => {
                self.hidden = !matches!(
                    attribute(element, b"w:val").as_deref(),
                    Some("0" | "false" | "off")
                )
            }
            b"w:tab" | b"w:ptab" if self.in_run => self.push_text(" "),
            b"w:br" | b"w:cr" if self.in_run => self.push_text("\n"),
            b"w:noBreakHyphen" if self.in_run => self.push_text("-"),
            b"w:sym" if self.in_run => self.push_symbol(element),
            b"w:footnoteReference" | b"w:endnoteReference" if self.in_run => {
                self.push_reference(element, name == b"w:endnoteReference");
            }
            b"w:footnote" | b"w:endnote" => self.pieces.push(Piece::NoteStart {
                id: attribute(element, b"w:id").unwrap_or_default(),
                separator: attribute(element, b"w:type").is_some_and(|t| t != "normal"),
            }),
            b"w:p" if empty => self.pieces.push(Piece::ParagraphEnd),
            _ => {}
        }
    }

    /// An element closes.
    fn end(&mut self, name: &[u8]) {
        if self.skipped.closes() {
            return;
        }
        match name {
            b"w:t" => self.in_text = false,
            b"w:r" => {
                self.in_run = false;
                self.hidden = false;
                self.open_custom = None;
            }
            b"w:p" => self.pieces.push(Piece::ParagraphEnd),
            b"w:footnote" | b"w:endnote" => self.pieces.push(Piece::NoteEnd),
            _ => {}
        }
    }

    /// A `w:sym` character, unless it is in the private use area of a symbol font.
    fn push_symbol(&mut self, element: &BytesStart<'_>) {
        let symbol = attribute(element, b"w:char")
            .and_then(|hex| u32::from_str_radix(&hex, 16).ok())
            .filter(|&code| !(0xE000..=0xF8FF).contains(&code))
            .and_then(char::from_u32);
        if let Some(c) = symbol {
            self.push_text(c.encode_utf8(&mut [0; 4]));
        }
    }

    /// A reference to a note.
    fn push_reference(&mut self, element: &BytesStart<'_>, endnote: bool) {
        let custom = is_on(element, b"w:customMarkFollows");
        self.pieces.push(Piece::Reference {
            class: if endnote {
                NoteClass::Endnote
            } else {
                NoteClass::Footnote
            },
            id: attribute(element, b"w:id").unwrap_or_default(),
            custom_mark: custom.then(String::new),
        });
        if custom {
            self.open_custom = Some(self.pieces.len() - 1);
        }
    }
}

/// The pieces of a WordprocessingML part.
fn read_pieces(xml: &str, part: &str) -> Result<Vec<Piece>, Error> {
    let mut reader = Reader::from_str(xml);
    let mut state = PieceReader::default();
    loop {
        let event = reader.read_event().map_err(|e| bad_part("DOCX", part, e))?;
        match &event {
            Event::Start(element) => state.start(element, false),
            Event::Empty(element) => state.start(element, true),
            Event::End(element) => state.end(element.name().as_ref()),
            Event::Eof => break,
            _ if state.in_text && !state.skipped.inside() => {
                if let Some(text) = characters(&event) {
                    state.push_text(&crate::text::without_invisible(&text));
                }
            }
            _ => {}
        }
    }
    Ok(state.pieces)
}

/// The notes of a document, each under its class and id, as indexes of [`Story::notes`].
type NoteIndex = HashMap<(NoteClass, String), usize>;

/// The body's paragraphs; each note referred to is added to `notes` at its first reference.
fn body_paragraphs(
    pieces: Vec<Piece>,
    notes: &mut Vec<PackageNote>,
    index: &mut NoteIndex,
) -> Vec<Paragraph> {
    let mut paragraphs = Vec::new();
    let mut paragraph = Paragraph::new();
    for piece in pieces {
        match piece {
            Piece::Text(text) => paragraph.push(Inline::Text(text)),
            Piece::ParagraphEnd => paragraphs.push(std::mem::take(&mut paragraph)),
            Piece::Reference {
                class,
                id,
                custom_mark,
            } => {
                let at = *index.entry((class, id)).or_insert_with(|| {
                    notes.push(PackageNote {
                        class,
                        custom_mark: custom_mark.filter(|m| !m.trim().is_empty()),
                        paragraphs: None,
                    });
                    notes.len() - 1
                });
                paragraph.push(Inline::Mark(at));
            }
            Piece::NoteStart { .. } | Piece::NoteEnd => {}
        }
    }
    paragraphs.push(paragraph);
    paragraphs
}

/// Give the notes of `class` referred to by the body the paragraphs of a notes part.
fn fill_notes(pieces: Vec<Piece>, class: NoteClass, notes: &mut [PackageNote], index: &NoteIndex) {
    let mut current: Option<(usize, Vec<Paragraph>)> = None;
    let mut paragraph = Paragraph::new();
    for piece in pieces {
        match piece {
            Piece::NoteStart { id, separator } => {
                paragraph.clear();
                current = index
                    .get(&(class, id))
                    .filter(|_| !separator)
                    .map(|&at| (at, Vec::new()));
            }
            Piece::NoteEnd => {
                if let Some((at, paragraphs)) = current.take()
                    && let Some(note) = notes.get_mut(at)
                {
                    note.paragraphs = Some(without_mark(paragraphs, note.custom_mark.as_deref()));
                }
            }
            Piece::Text(text) => paragraph.push(Inline::Text(text)),
            Piece::Reference { class, id, .. } => {
                if let Some(&at) = index.get(&(class, id)) {
                    paragraph.push(Inline::Mark(at));
                }
            }
            Piece::ParagraphEnd => {
                if let Some((_, paragraphs)) = current.as_mut() {
                    paragraphs.push(std::mem::take(&mut paragraph));
                }
            }
        }
    }
}

/// A note's paragraphs without the mark of the author's own that starts its text.
fn without_mark(mut paragraphs: Vec<Paragraph>, mark: Option<&str>) -> Vec<Paragraph> {
    if let Some(mark) = mark
        && let Some(Inline::Text(first)) = paragraphs.first_mut().and_then(|p| p.first_mut())
        && let Some(rest) = first.trim_start().strip_prefix(mark)
    {
        *first = rest.to_string();
    }
    paragraphs
}

/// Read a DOCX file.
pub(crate) fn extract(bytes: &[u8]) -> Result<Extracted, Error> {
    let mut package = Package::open(bytes, Format::Docx)?;
    let document = package.required_part("word/document.xml")?;
    let mut story = Story::default();
    let mut index = NoteIndex::new();
    let pieces = read_pieces(&document, "word/document.xml")?;
    drop(document);
    story.body = body_paragraphs(pieces, &mut story.notes, &mut index);
    for (class, part) in [
        (NoteClass::Footnote, "word/footnotes.xml"),
        (NoteClass::Endnote, "word/endnotes.xml"),
    ] {
        if let Some(xml) = package.part(part)? {
            fill_notes(read_pieces(&xml, part)?, class, &mut story.notes, &index);
        }
    }
    Ok(to_extracted(&story, Format::Docx))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_tabs_breaks_and_fields_read_as_text() {
        let xml = r#"<w:document><w:body><w:p><w:pPr><w:tabs><w:tab w:pos="720"/></w:tabs></w:pPr>
            <w:r><w:t>A</w:t><w:tab/><w:t xml:space="preserve">b &amp; c</w:t><w:br/></w:r>
            <w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>HYPERLINK "x"</w:instrText></w:r>
            <w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>shown</w:t></w:r>
            <w:r><w:fldChar w:fldCharType="end"/></w:r><w:del><w:r><w:delText>gone</w:delText></w:r></w:del>
            <w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r>
            <w:r><w:footnoteReference w:id="2"/></w:r></w:p></w:body></w:document>"#;
        let pieces = read_pieces(xml, "word/document.xml").expect("reads");
        assert_eq!(
            pieces,
            vec![
                Piece::Text("A b & c\nshown".to_string()),
                Piece::Reference {
                    class: NoteClass::Footnote,
                    id: "2".to_string(),
                    custom_mark: None
                },
                Piece::ParagraphEnd,
            ]
        );
    }

    #[test]
    fn a_custom_mark_is_the_text_of_its_run() {
        let xml = r#"<w:p><w:r><w:footnoteReference w:customMarkFollows="1" w:id="1"/><w:t>*</w:t></w:r><w:r><w:t>after</w:t></w:r></w:p>"#;
        let pieces = read_pieces(xml, "word/document.xml").expect("reads");
        assert_eq!(
            pieces.first(),
            Some(&Piece::Reference {
                class: NoteClass::Footnote,
                id: "1".to_string(),
                custom_mark: Some("*".to_string())
            })
        );
        assert_eq!(pieces.get(1), Some(&Piece::Text("after".to_string())));
    }

    #[test]
    fn bidi_marks_and_zero_width_characters_are_dropped() {
        let xml =
            "<w:p><w:r><w:t>\u{200F}Smith\u{200E}, \u{202B}Titel\u{202C}\u{200B}</w:t></w:r></w:p>";
        let pieces = read_pieces(xml, "word/document.xml").expect("reads");
        assert_eq!(
            pieces.first(),
            Some(&Piece::Text("Smith, Titel".to_string()))
        );
    }
}
