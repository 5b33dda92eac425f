//! Markdown footnotes found as pandoc finds them: none inside code spans, fenced or indented
//! code blocks, or HTML comments; definitions with indented paragraphs and lazy lines; inline
//! notes `^[…]`; labels that are words. The documents are in `tests/documents/markdown/`.
//!
//! Each document's notes are written out here (a test that runs everywhere) and, where pandoc
//! is installed, compared with the notes pandoc finds in it (`.ci/run` installs pandoc; with
//! `CI` set a missing pandoc fails).

mod common;

use common::squash;
use opcit::{InputKind, Options};
use serde_json::Value;
use std::path::PathBuf;
use std::process::Command;

/// The documents and their notes, in order, as a reader sees them.
const DOCUMENTS: [(&str, &[&str]); 3] = [
    (
        "sovereignty.md",
        &[
            "Sassen, S., 1996, Losing Control? Sovereignty in an Age of Globalization, New York, \
             Columbia University Press, p. 63.",
            "Hollifield, J. F., 2004, « The Emerging Migration State », International Migration \
             Review, 38(3), p. 885-912. On its history see Zolberg, A., 2006, A Nation by \
             Design, Cambridge (Mass.), Harvard University Press. And, more briefly, \
             Hollifield, op. cit., p. 890.",
            "Soysal, Y., 1994, Limits of Citizenship, Chicago, University of Chicago Press, p. 12.",
            "Joppke, C., 1998, « Why Liberal States Accept Unwanted Immigration », World \
             Politics, 50(2), p. 266-293.",
            "Guiraudon, V., 2000, Les politiques d'immigration en Europe, Paris, L'Harmattan.",
            "Huysmans, J., 2006, The Politics of Insecurity, London, Routledge.",
            "Walzer, M., 1983, Spheres of Justice, New York, Basic Books, p. 31-63.",
        ],
    ),
    (
        "rechtsgeschichte.md",
        &[
            "Koselleck, R., 1967, Preußen zwischen Reform und Revolution, Stuttgart, Klett, S. 17.",
            "Stolleis, M., 1988, Geschichte des öffentlichen Rechts in Deutschland, Bd. 1, \
             München, Beck. Dazu auch Stolleis, a. a. O., S. 40.",
            "Ebd., S. 41.",
            "Grimm, D., 1987, Recht und Staat der bürgerlichen Gesellschaft, Frankfurt a. M., \
             Suhrkamp, S. 53.",
            "Wieacker, F., 1967, Privatrechtsgeschichte der Neuzeit, 2. Aufl., Göttingen, \
             Vandenhoeck & Ruprecht.",
            "Mohnhaupt, H., 2000, « Historische Vergleichung im Bereich von Staat und Recht », \
             Frankfurt a. M., Klostermann. Zweiter Absatz: Vgl. Grimm, a. a. O., S. 60. \
             Dritter Absatz: Koselleck, a. a. O., S. 20.",
        ],
    ),
    (
        "droit-compare.md",
        &[
            "CE, 8 décembre 1978, GISTI, Rec. p. 493.",
            "Lochak, D., 1985, Étrangers : de quel droit ?, Paris, PUF, p. 45.",
            "Genevois, B., 1979, « Le droit des étrangers à mener une vie familiale normale », \
             AJDA, p. 38.",
            "Julien-Laferrière, F., 2000, Droit des étrangers, Paris, PUF, p. 112. Voir aussi \
             Lochak, op. cit., p. 50.",
            "Weil, P., 2004, La France et ses étrangers, Paris, Gallimard, p. 9.",
        ],
    ),
];

/// The other Markdown documents of the repository, from its root.
const OTHER_DOCUMENTS: [&str; 2] = [
    "../../../fixtures/markup/chicago-essay.md",
    "../footnotes.md",
];

fn path(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/documents/markdown")
        .join(name)
}

/// Our notes of a document, each with its white space made single spaces.
fn our_notes(name: &str) -> Vec<String> {
    let input = std::fs::read_to_string(path(name)).expect("the document");
    let document = opcit::read_str(&input, &Options::default()).expect("reads");
    assert_eq!(document.input, Some(InputKind::Markdown), "{name}");
    document.notes.iter().map(|n| squash(&n.text)).collect()
}

#[test]
fn the_notes_are_those_a_reader_sees() {
    for (name, expected) in DOCUMENTS {
        let expected: Vec<String> = expected.iter().map(|n| squash(n)).collect();
        assert_eq!(our_notes(name), expected, "{name}");
    }
}

#[test]
fn detected_without_a_kind_and_read_with_markdown_alike() {
    for (name, _) in DOCUMENTS {
        let input = std::fs::read_to_string(path(name)).expect("the document");
        let forced =
            opcit::read_str(&input, &Options::with_input(InputKind::Markdown)).expect("reads");
        let texts: Vec<String> = forced.notes.iter().map(|n| squash(&n.text)).collect();
        assert_eq!(texts, our_notes(name), "{name}");
    }
}

/// Whether pandoc runs; in CI it must.
fn have_pandoc() -> bool {
    common::tool("pandoc", "--version")
}

/// The text of pandoc JSON inlines and blocks: strings and code as written, a link as `text
/// (url)` (an autolink as its URL), every break and block boundary a space; a note inside a note is left out.
fn plain(value: &Value, out: &mut String) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| plain(v, out)),
        Value::Object(object) => {
            let content = object.get("c").unwrap_or(&Value::Null);
            match object.get("t").and_then(Value::as_str) {
                Some("Str") => out.push_str(content.as_str().unwrap_or_default()),
                Some("Code") => out.push_str(content[1].as_str().unwrap_or_default()),
                Some("Space" | "SoftBreak" | "LineBreak") => out.push(' '),
                Some("Link") => {
                    let mut text = String::new();
                    plain(&content[1], &mut text);
                    let url = content[2][0].as_str().unwrap_or_default();
                    out.push_str(&text);
                    // an autolink `<url>` reads as its URL, once
                    if text != url {
                        out.push_str(&format!(" ({url})"));
                    }
                }
                Some("Note") => {}
                Some("Para" | "Plain") => {
                    plain(content, out);
                    out.push(' ');
                }
                _ => plain(content, out),
            }
        }
        _ => {}
    }
}

/// Every note pandoc finds in a tree, in order.
fn pandoc_notes_in(value: &Value, notes: &mut Vec<String>) {
    match value {
        Value::Array(items) => items.iter().for_each(|v| pandoc_notes_in(v, notes)),
        Value::Object(object) if object.get("t").and_then(Value::as_str) == Some("Note") => {
            let mut text = String::new();
            plain(object.get("c").unwrap_or(&Value::Null), &mut text);
            notes.push(squash(&text));
        }
        Value::Object(object) => object.values().for_each(|v| pandoc_notes_in(v, notes)),
        _ => {}
    }
}

/// The notes pandoc finds in a document (its Markdown, without smart quotes and dashes, which
/// opcit keeps as written).
fn pandoc_notes(name: &str) -> Vec<String> {
    let out = Command::new("pandoc")
        .args(["-f", "markdown-smart", "-t", "json"])
        .arg(path(name))
        .output()
        .expect("pandoc runs");
    assert!(out.status.success(), "pandoc -t json {name}");
    let tree: Value = serde_json::from_slice(&out.stdout).expect("pandoc's JSON");
    let mut notes = Vec::new();
    pandoc_notes_in(&tree["blocks"], &mut notes);
    notes
}

#[test]
fn the_notes_are_those_pandoc_finds() {
    if !have_pandoc() {
        return;
    }
    let names = DOCUMENTS.iter().map(|(name, _)| *name);
    for name in names.chain(OTHER_DOCUMENTS) {
        assert_eq!(our_notes(name), pandoc_notes(name), "{name}");
    }
}

#[test]
fn the_written_out_notes_are_pandoc_s() {
    if !have_pandoc() {
        return;
    }
    for (name, expected) in DOCUMENTS {
        let expected: Vec<String> = expected.iter().map(|n| squash(n)).collect();
        assert_eq!(pandoc_notes(name), expected, "{name}");
    }
}
