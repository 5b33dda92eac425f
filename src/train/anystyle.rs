//! The AnyStyle training data (`data/anystyle/core.xml`, `good.xml`; BSD-2, see the `LICENSE`
//! beside them): reference strings tagged field by field, read as [`LabelledNote`]s.
//!
//! Each `<sequence>` is one note of one chunk. AnyStyle's tags map to our labels:
//!
//! | AnyStyle | label |
//! |---|---|
//! | `author`, `editor`, `translator`, `title`, `container-title`, `collection-title`, `publisher`, `volume`, `edition`, `genre`, `note`, `url`, `doi`, `isbn`, `citation-number` | the label of the same name |
//! | `journal` | `container-title` |
//! | `date` | `issued` |
//! | `location` | `publisher-place` |
//! | `pages` | `page` (a reference list gives the work's own pages) |
//! | `source` (the database or site a work is found in: `In Wikipedia.`, `Dissertation Abstracts International, 61(4-B), 2193.`) | `container-title` |
//! | `medium` (`[DVD].`, `Print.`, `PDF`) | `genre`, the kind of document |
//! | `director`, `producer` (the makers of a film) | `author` |
//!
//! AnyStyle's `volume` often holds the issue too (`20(2),`, `vol. 32, no. 3,`); it is split
//! into `volume` and `issue` where the issue is plainly marked, as `data/notes/FORMAT.md` does.

use quick_xml::Reader;
use quick_xml::events::Event;

use super::{Chunk, LabelledNote, Segment, TrainError};
use crate::cite::label::Label;

/// One tagged field of an AnyStyle sequence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AnystyleField {
    /// The AnyStyle tag (`author`, `journal`, …).
    pub tag: String,
    /// The text, entities decoded, white space collapsed to single spaces.
    pub text: String,
}

/// The label an AnyStyle tag maps to (see the module docs), if it is a known tag.
pub fn label_of_tag(tag: &str) -> Option<Label> {
    Some(match tag {
        "author" | "director" | "producer" => Label::Author,
        "editor" => Label::Editor,
        "translator" => Label::Translator,
        "title" => Label::Title,
        "journal" | "container-title" | "source" => Label::ContainerTitle,
        "collection-title" => Label::CollectionTitle,
        "date" => Label::Issued,
        "location" => Label::PublisherPlace,
        "publisher" => Label::Publisher,
        "volume" => Label::Volume,
        "pages" => Label::Page,
        "edition" => Label::Edition,
        "genre" | "medium" => Label::Genre,
        "note" => Label::Note,
        "url" => Label::Url,
        "doi" => Label::Doi,
        "isbn" => Label::Isbn,
        "citation-number" => Label::CitationNumber,
        _ => return None,
    })
}

/// Read the sequences of an AnyStyle XML file: for each `<sequence>`, its fields in order.
pub fn read_sequences(xml: &str) -> Result<Vec<Vec<AnystyleField>>, TrainError> {
    let mut reader = Reader::from_str(xml);
    let mut sequences: Vec<Vec<AnystyleField>> = Vec::new();
    let mut field: Option<AnystyleField> = None;
    let mut in_sequence = false;
    loop {
        let at = reader.buffer_position();
        let bad = |message: String| xml_error(xml, at, message);
        match reader.read_event().map_err(|e| bad(e.to_string()))? {
            Event::Start(start) => {
                let name = String::from_utf8_lossy(start.name().as_ref()).into_owned();
                match (name.as_str(), in_sequence, field.is_some()) {
                    ("dataset", false, _) => {}
                    ("sequence", false, _) => {
                        in_sequence = true;
                        sequences.push(Vec::new());
                    }
                    (_, true, false) => {
                        field = Some(AnystyleField {
                            tag: name,
                            text: String::new(),
                        })
                    }
                    _ => return Err(bad(format!("unexpected <{name}>"))),
                }
            }
            Event::End(end) => {
                if end.name().as_ref() == b"sequence" {
                    in_sequence = false;
                } else if let Some(mut done) = field.take() {
                    done.text = collapse_spaces(&done.text);
                    if let Some(seq) = sequences.last_mut() {
                        seq.push(done);
                    }
                }
            }
            Event::Text(text) => {
                let text = text.decode().map_err(|e| bad(e.to_string()))?;
                push_text(&mut field, &text, &bad)?;
            }
            Event::GeneralRef(reference) => {
                let name = reference.decode().map_err(|e| bad(e.to_string()))?;
                let decoded = match reference.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => quick_xml::escape::resolve_predefined_entity(&name)
                        .ok_or_else(|| bad(format!("unknown entity &{name};")))?
                        .to_string(),
                };
                push_text(&mut field, &decoded, &bad)?;
            }
            Event::CData(data) => {
                let text = data.decode().map_err(|e| bad(e.to_string()))?;
                push_text(&mut field, &text, &bad)?;
            }
            Event::Eof => break,
            _ => {}
        }
    }
    Ok(sequences)
}

/// Add text to the open field; text outside a field must be white space.
fn push_text(
    field: &mut Option<AnystyleField>,
    text: &str,
    bad: &dyn Fn(String) -> TrainError,
) -> Result<(), TrainError> {
    match field {
        Some(f) => f.text.push_str(text),
        None if text.trim().is_empty() => {}
        None => return Err(bad(format!("text outside a field: `{}`", text.trim()))),
    }
    Ok(())
}

fn xml_error(xml: &str, at: u64, message: String) -> TrainError {
    let at = usize::try_from(at).unwrap_or(usize::MAX).min(xml.len());
    let line = xml.as_bytes()[..at].iter().filter(|&&b| b == b'\n').count() + 1;
    TrainError::Format { line, message }
}

/// White space runs to one space, trimmed.
pub(crate) fn collapse_spaces(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Read an AnyStyle XML file as labelled notes, numbered from 1, with `source` as their source.
///
/// ```
/// let xml = "<dataset><sequence><author>Hart, H. L. A.</author><date>(1961).</date>\
///            <title>The concept of law.</title><location>Oxford:</location>\
///            <publisher>Clarendon Press.</publisher></sequence></dataset>";
/// let notes = opcit::train::anystyle::from_anystyle_xml(xml, "anystyle:x")?;
/// assert_eq!(notes[0].text(), "Hart, H. L. A. (1961). The concept of law. Oxford: Clarendon Press.");
/// # Ok::<(), opcit::train::TrainError>(())
/// ```
pub fn from_anystyle_xml(xml: &str, source: &str) -> Result<Vec<LabelledNote>, TrainError> {
    let sequences = read_sequences(xml)?;
    let mut notes = Vec::with_capacity(sequences.len());
    for (i, fields) in sequences.iter().enumerate() {
        let mut chunk = Chunk::default();
        for field in fields {
            if field.text.is_empty() {
                continue;
            }
            let label = label_of_tag(&field.tag).ok_or_else(|| TrainError::Format {
                line: 0,
                message: format!("sequence {}: unknown AnyStyle tag <{}>", i + 1, field.tag),
            })?;
            if label == Label::Volume {
                chunk.segments.extend(split_volume(&field.text));
            } else {
                chunk.segments.push(Segment {
                    label,
                    text: field.text.clone(),
                });
            }
        }
        notes.push(LabelledNote {
            source: source.to_string(),
            number: (i + 1).to_string(),
            chunks: vec![chunk],
        });
    }
    Ok(notes)
}

/// Split an AnyStyle volume into volume and issue where the issue is plainly marked:
/// `20(2),` → `20` + `(2),`; `vol. 32, no. 3,` → `vol. 32,` + `no. 3,`.
fn split_volume(text: &str) -> Vec<Segment> {
    let segment = |label, text: &str| Segment {
        label,
        text: text.trim().to_string(),
    };
    if let Some(at) = issue_start(text) {
        let (volume, issue) = text.split_at(at);
        if volume.chars().any(|c| c.is_ascii_digit()) && !volume.trim().is_empty() {
            return vec![segment(Label::Volume, volume), segment(Label::Issue, issue)];
        }
    }
    vec![segment(Label::Volume, text)]
}

/// Where the issue of a volume field starts: at `(` after a digit, or at an issue word.
fn issue_start(text: &str) -> Option<usize> {
    const ISSUE_WORDS: &[&str] = &["no.", "no ", "nr.", "n.", "n°", "issue", "heft", "h."];
    let starts_with_word = |rest: &str| {
        ISSUE_WORDS.iter().any(|w| {
            rest.as_bytes()
                .get(..w.len())
                .is_some_and(|head| head.eq_ignore_ascii_case(w.as_bytes()))
        })
    };
    for (at, c) in text.char_indices() {
        if c == '('
            && text[..at]
                .trim_end()
                .ends_with(|d: char| d.is_ascii_digit())
        {
            return Some(at);
        }
        let after_break = at > 0 && text[..at].ends_with([' ', ',']);
        if after_break
            && starts_with_word(&text[at..])
            && text[at..].chars().any(|d| d.is_ascii_digit())
        {
            return Some(at);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn entities_are_decoded_and_volumes_split() {
        let xml = "<dataset>\n<sequence>\n<author>Romero, C., &amp; Dweck, C.</author>\n\
                   <volume>20(2),</volume>\n</sequence>\n<sequence><volume>vol. 32, no. 3,</volume>\
                   </sequence></dataset>";
        let notes = from_anystyle_xml(xml, "t").expect("reads");
        assert_eq!(notes.len(), 2);
        let segs: Vec<_> = notes[0].segments().collect();
        assert_eq!(segs[0].text, "Romero, C., & Dweck, C.");
        assert_eq!(
            (segs[1].label, segs[1].text.as_str()),
            (Label::Volume, "20")
        );
        assert_eq!(
            (segs[2].label, segs[2].text.as_str()),
            (Label::Issue, "(2),")
        );
        let segs: Vec<_> = notes[1].segments().collect();
        assert_eq!(segs[0].text, "vol. 32,");
        assert_eq!(segs[1].text, "no. 3,");
    }

    #[test]
    fn bad_xml_says_where() {
        let err =
            from_anystyle_xml("<dataset>\n<sequence>\n<b><i>x</i></b>", "t").expect_err("nested");
        assert!(err.to_string().starts_with("line 3"), "{err}");
    }

    #[test]
    fn the_real_files_read() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/data/anystyle/");
        for (file, count) in [("core.xml", 1514), ("good.xml", 4663)] {
            let xml = std::fs::read_to_string(format!("{dir}{file}")).expect("the file");
            let notes = from_anystyle_xml(&xml, file).expect("reads");
            assert_eq!(notes.len(), count, "{file}");
            assert!(
                notes
                    .iter()
                    .all(|n| n.chunks.len() == 1 && !n.chunks[0].segments.is_empty())
            );
            let text = crate::train::to_notes_string(&notes);
            assert_eq!(
                crate::train::from_notes_str(&text).expect("round trip"),
                notes
            );
        }
    }
}
