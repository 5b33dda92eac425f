//! The whole pipeline up to the resolver: `read_str` fails only on an empty input, and every
//! span of the document slices the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use opcit::{Error, Options};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    match opcit::read_str(input, &Options::default()) {
        Ok(document) => {
            let slices = |s: opcit::Span| input.get(s.start..s.end).is_some();
            for note in &document.notes {
                assert!(note.spans.iter().all(|&s| slices(s)));
                assert!(note.citations.iter().all(|c| slices(c.span)));
                for citation in &note.citations {
                    if let Some(id) = &citation.id {
                        assert!(document.reference(id).is_some(), "{id}");
                    }
                }
            }
            assert!(document.diagnostics.iter().all(|d| d.span.is_none_or(slices)));
        }
        Err(Error::Empty) => assert!(input.trim_start_matches('\u{feff}').trim().is_empty()),
        Err(other) => panic!("read_str failed: {other}"),
    }
});
