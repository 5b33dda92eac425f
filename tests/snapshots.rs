//! Snapshots of the notes found in the fixtures.

mod common;

use common::{fixture, read};

#[test]
fn paper_notes() {
    let doc = read(&fixture("gcim-rcmp-2004.txt"), None);
    insta::assert_yaml_snapshot!(doc.notes);
}

#[test]
fn paper_diagnostics() {
    let doc = read(&fixture("gcim-rcmp-2004.txt"), None);
    insta::assert_yaml_snapshot!(doc.diagnostics);
}
