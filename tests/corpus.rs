//! Snapshots of the notes found in every style fixture (`fixtures/styles/*.txt`).
//!
//! Kept in a file of its own: `insta::glob!` collects failures process-wide.

use opcit::Options;

#[test]
fn style_fixtures() {
    insta::glob!("../fixtures/styles", "*.txt", |path| {
        let input = std::fs::read_to_string(path).expect("fixture readable");
        let doc = opcit::read_str(&input, &Options::default()).expect("document reads");
        let lines: Vec<String> = doc
            .notes
            .iter()
            .map(|n| {
                let spans: Vec<String> = n
                    .spans
                    .iter()
                    .map(|s| format!("{}..{}", s.start, s.end))
                    .collect();
                format!("{} [{}] {}", n.number, spans.join(", "), n.text)
            })
            .chain(
                doc.diagnostics
                    .iter()
                    .map(|d| format!("! {:?} {}", d.code, d.message)),
            )
            .collect();
        insta::assert_snapshot!(lines.join("\n"));
    });
}
