//! The text and notes stages: every found note's pieces lie inside the normalised text and
//! map back to the original input on character boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;
use opcit::{InputKind, notes, text};

fuzz_target!(|data: &[u8]| {
    let Some((&choice, rest)) = data.split_first() else {
        return;
    };
    let Ok(input) = std::str::from_utf8(rest) else {
        return;
    };
    let kind = match choice % 4 {
        0 => None,
        1 => Some(InputKind::PdfText),
        2 => Some(InputKind::Notes),
        _ => Some(InputKind::Refs),
    };
    let source = text::normalize(input);
    let found = notes::find_notes(&source, kind);
    for note in &found.notes {
        for piece in &note.pieces {
            assert!(source.text().get(piece.clone()).is_some(), "{piece:?}");
        }
        for span in note.spans(&source) {
            assert!(input.get(span.start..span.end).is_some(), "{span:?}");
        }
    }
});
