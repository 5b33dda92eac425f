//! The emitters: every format renders; the JSON ones parse back.
#![no_main]

use libfuzzer_sys::fuzz_target;
use opcit::{Options, OutputFormat, emit};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(document) = opcit::read_str(input, &Options::default()) else {
        return;
    };
    for format in OutputFormat::ALL {
        match emit::to_format_string(&document, format) {
            Ok(out) => {
                if matches!(
                    format,
                    OutputFormat::Json | OutputFormat::CslJson | OutputFormat::CslCitations
                ) {
                    let parsed = serde_json::from_str::<serde_json::Value>(&out);
                    assert!(parsed.is_ok(), "{format}: {out}");
                }
                if format == OutputFormat::CslJsonl {
                    for line in out.lines() {
                        let parsed = serde_json::from_str::<serde_json::Value>(line);
                        assert!(parsed.is_ok(), "{format}: {line}");
                    }
                }
            }
            Err(other) => panic!("{format}: {other}"),
        }
    }
});
