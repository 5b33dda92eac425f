//! Snapshots of what opcit reads in every style fixture (`fixtures/styles/*.txt`), every
//! held-out paper (`fixtures/unseen/*.txt`, whose `.gold.json` files are left out) and every
//! Markdown and LaTeX fixture (`fixtures/markup/`): each note's citations (kind, target,
//! locator) and the bibliography as CSL-JSON, one item a line.
//!
//! Kept in a file of its own: `insta::glob!` collects failures process-wide.

use opcit::Options;
use opcit::model::CslItem;

#[test]
fn style_fixtures() {
    insta::glob!("../fixtures/styles", "*.txt", |path| {
        insta::assert_snapshot!(reading(path));
    });
}

#[test]
fn markup_fixtures() {
    insta::glob!("../fixtures/markup", "*.*", |path| {
        insta::assert_snapshot!(reading(path));
    });
}

#[test]
fn unseen_papers() {
    insta::glob!("../fixtures/unseen", "*.txt", |path| {
        insta::assert_snapshot!(reading(path));
    });
}

/// What opcit reads in a fixture, one line a note, citation or reference.
fn reading(path: &std::path::Path) -> String {
    let input = std::fs::read_to_string(path).expect("fixture readable");
    let doc = opcit::read_str(&input, &Options::default()).expect("document reads");
    let mut lines = Vec::new();
    for note in &doc.notes {
        lines.push(format!("{} {}", note.number, note.text));
        for c in &note.citations {
            let mut line = format!(
                "    {} -> {}",
                serde_json::to_string(&c.kind)
                    .unwrap_or_default()
                    .trim_matches('"'),
                c.id.as_deref().unwrap_or("?")
            );
            if let Some(locator) = &c.locator {
                line.push_str(&format!(" @ {locator}"));
            }
            if c.ambiguous {
                line.push_str(&format!(" (ambiguous: {})", c.candidates.join(", ")));
            }
            lines.push(line);
        }
    }
    lines.push(String::from("--- references"));
    for r in &doc.references {
        lines.push(serde_json::to_string(&CslItem(r)).unwrap_or_default());
    }
    lines.push(String::from("--- diagnostics"));
    for d in &doc.diagnostics {
        lines.push(format!("{:?} {}", d.code, d.message));
    }
    lines.join("\n")
}
