//! The CSL outputs against the official CSL schemas (`tests/schema/`, MIT): the CSL-JSON of
//! every fixture against `csl-data.json`, its citation clusters against `csl-citation.json`.
//! The schemas are read from the repository; nothing is fetched.

mod common;

use common::{fixture_path, read};
use jsonschema::{Registry, Validator};
use opcit::emit::{to_csl_citations_string, to_csl_json_string, to_csl_jsonl_string};
use opcit::{Document, InputKind};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// The `$id` under which `csl-citation.json` refers to `csl-data.json`.
const CSL_DATA_ID: &str =
    "https://resource.citationstyles.org/schema/v1.0/input/json/csl-data.json";

fn schema(name: &str) -> Value {
    let path = format!("{}/tests/schema/{name}", env!("CARGO_MANIFEST_DIR"));
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// A validator of `csl-data.json` (an array of items).
fn csl_data() -> Validator {
    jsonschema::options()
        .offline()
        .build(&schema("csl-data.json"))
        .expect("csl-data.json compiles")
}

/// A validator of `csl-citation.json` (one cluster), with `csl-data.json` it refers to.
fn csl_citation() -> Validator {
    let registry = Registry::new()
        .add(CSL_DATA_ID, schema("csl-data.json"))
        .and_then(|builder| builder.prepare())
        .expect("csl-data.json registers");
    jsonschema::options()
        .offline()
        .with_registry(&registry)
        .build(&schema("csl-citation.json"))
        .expect("csl-citation.json compiles")
}

/// The schema's errors on `instance`, one a line, with where they are.
fn errors(validator: &Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{}: {e}", e.instance_path()))
        .collect()
}

/// The files of a fixture directory with one of `extensions`, sorted.
fn files(dir: &str, extensions: &[&str]) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(fixture_path(dir)) else {
        return Vec::new();
    };
    let mut out: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.extension()
                .and_then(|e| e.to_str())
                .is_some_and(|e| extensions.contains(&e))
        })
        .collect();
    out.sort();
    out
}

/// Every fixture document, read as the accuracy report reads it (a reference list as one,
/// anything else with its kind detected), by file name.
fn fixture_documents() -> Vec<(String, Document)> {
    let mut paths = Vec::new();
    for dir in ["", "styles", "unseen", "heldout", "markup"] {
        paths.extend(files(dir, &["txt", "md", "tex"]));
    }
    assert!(paths.len() >= 20, "fixtures found: {paths:?}");
    paths
        .iter()
        .map(|path| {
            let text = std::fs::read_to_string(path).expect("fixture readable");
            let kind = is_reference_list(path).then_some(InputKind::Refs);
            (path.display().to_string(), read(&text, kind))
        })
        .collect()
}

fn is_reference_list(path: &Path) -> bool {
    path.file_stem()
        .and_then(|s| s.to_str())
        .is_some_and(|s| s.ends_with("-refs"))
}

/// Inputs that give the types and variables the fixtures may not: cases, statutes, a reference
/// list with an empty line and a line of no fields.
const EDGE_INPUTS: [(&str, InputKind); 2] = [
    (
        "1 Chevron U.S.A., Inc. v. Natural Resources Defense Council, Inc., 467 U.S. 837 (1984).\n\
         2 BVerfGE 65, 1 (Volkszählung).\n\
         3 Regulation (EU) 2016/679 of 27 April 2016, OJ L 119/1.\n\
         4 Ibid., at 842.\n",
        InputKind::Notes,
    ),
    (
        "Tuck, Richard. Natural Rights Theories. Cambridge: Cambridge University Press, 1979.\n\
         \n\
         …\n\
         Hurrell, Andrew, ed. Regionalism in World Politics. Oxford, 1995.\n",
        InputKind::Refs,
    ),
];

/// The fixtures and the edge inputs, read once for all the tests.
fn all_documents() -> &'static [(String, Document)] {
    static DOCUMENTS: OnceLock<Vec<(String, Document)>> = OnceLock::new();
    DOCUMENTS.get_or_init(|| {
        let mut out = fixture_documents();
        for (i, (text, kind)) in EDGE_INPUTS.iter().enumerate() {
            out.push((format!("edge input {i}"), read(text, Some(*kind))));
        }
        out
    })
}

#[test]
fn the_csl_json_of_every_fixture_is_valid_to_the_schema() {
    let validator = csl_data();
    let mut invalid = Vec::new();
    for (name, document) in all_documents() {
        let csl: Value = serde_json::from_str(&to_csl_json_string(document))
            .unwrap_or_else(|e| panic!("{name}: not JSON: {e}"));
        assert!(csl.is_array(), "{name}: not one array");
        invalid.extend(
            errors(&validator, &csl)
                .into_iter()
                .map(|e| format!("{name} {e}")),
        );
    }
    assert!(invalid.is_empty(), "{}", invalid.join("\n"));
}

#[test]
fn every_csl_json_line_is_an_item_valid_to_the_schema() {
    let validator = csl_data();
    for (name, document) in all_documents() {
        let lines = to_csl_jsonl_string(document);
        assert_eq!(lines.lines().count(), document.references.len(), "{name}");
        let items: Vec<Value> = lines
            .lines()
            .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{name}: {e}: {l}")))
            .collect();
        let errors = errors(&validator, &Value::Array(items));
        assert!(errors.is_empty(), "{name}: {}", errors.join("\n"));
    }
}

#[test]
fn the_citation_clusters_of_every_fixture_are_valid_to_the_schema() {
    let validator = csl_citation();
    let mut invalid = Vec::new();
    let mut clusters_seen = 0;
    for (name, document) in all_documents() {
        let clusters: Vec<Value> = serde_json::from_str(&to_csl_citations_string(document))
            .unwrap_or_else(|e| panic!("{name}: not a JSON array: {e}"));
        clusters_seen += clusters.len();
        for cluster in &clusters {
            invalid.extend(
                errors(&validator, cluster)
                    .into_iter()
                    .map(|e| format!("{name} {}: {e}", cluster["citationID"])),
            );
        }
    }
    assert!(clusters_seen > 100, "{clusters_seen} clusters");
    assert!(invalid.is_empty(), "{}", invalid.join("\n"));
}

#[test]
fn a_court_decision_is_a_legal_case() {
    let (text, kind) = EDGE_INPUTS[0];
    let document = read(text, Some(kind));
    let csl: Value = serde_json::from_str(&to_csl_json_string(&document)).expect("JSON");
    let types: Vec<&str> = csl
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|item| item["type"].as_str())
        .collect();
    assert!(types.contains(&"legal_case"), "{types:?}");
    assert!(!types.contains(&"legal-case"), "{types:?}");
}

#[test]
fn the_schemas_reject_what_they_should() {
    // The validators are not vacuous: the old spelling and a cluster without `schema` fail.
    let item = serde_json::json!([{"id": "a", "type": "legal-case"}]);
    assert!(!csl_data().is_valid(&item));
    let cluster = serde_json::json!({"citationID": "note-1", "citationItems": [{"id": "a"}]});
    assert!(!csl_citation().is_valid(&cluster));
}
