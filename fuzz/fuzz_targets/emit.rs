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
                if matches!(format, OutputFormat::Json | OutputFormat::CslJson) {
                    let parsed = serde_json::from_str::<serde_json::Value>(&out).or_else(|_| {
                        // one item a line for a reference list
                        out.lines()
                            .map(serde_json::from_str::<serde_json::Value>)
                            .collect::<Result<Vec<_>, _>>()
                            .map(serde_json::Value::from)
                    });
                    assert!(parsed.is_ok(), "{format}: {out}");
                }
            }
            Err(other) => panic!("{format}: {other}"),
        }
    }
});
