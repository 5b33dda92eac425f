//! The citation parser: one reference on its own, and every note of the input parsed into
//! citations whose spans slice the original input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use opcit::{cite, notes, text};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let _ = opcit::parse_reference(input);
    let source = text::normalize(input);
    for note in &notes::find_notes(&source, None).notes {
        let parsed = cite::parse_note(&note.text(&source), &source);
        for citation in &parsed.citations {
            let span = citation.citation.span;
            assert!(input.get(span.start..span.end).is_some(), "{span:?}");
        }
    }
});
