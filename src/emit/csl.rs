//! The citations as CSL citation clusters, the input of a CSL processor's citation calls
//! (citeproc-js `processCitationCluster`, citeproc-rs, Zotero's and pandoc's JSON).
//!
//! One cluster per note that cites a known work, in document order:
//!
//! ```json
//! {"schema": "https://resource.citationstyles.org/schema/latest/input/json/csl-citation.json",
//!  "citationID": "note-32",
//!  "citationItems": [{"id": "ghosh2001", "locator": "237-238", "label": "page"}],
//!  "properties": {"noteIndex": 32}}
//! ```
//!
//! A citation without an id (an unresolved back-reference) cannot be rendered and is left out;
//! [`citations_without_reference`] counts them, the command line says how many on standard
//! error, and each has its diagnostic in `--to json`.

use crate::model::{Citation, Document, LocatorLabel};
use serde::Serialize;
use std::collections::HashMap;

/// The `schema` every cluster names, as `csl-citation.json` requires.
pub const CSL_CITATION_SCHEMA: &str =
    "https://resource.citationstyles.org/schema/latest/input/json/csl-citation.json";

#[derive(Serialize)]
struct Cluster<'a> {
    schema: &'static str,
    #[serde(rename = "citationID")]
    citation_id: String,
    #[serde(rename = "citationItems")]
    citation_items: Vec<ClusterItem<'a>>,
    properties: Properties,
}

#[derive(Serialize)]
struct ClusterItem<'a> {
    id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    locator: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    label: Option<LocatorLabel>,
}

#[derive(Serialize)]
struct Properties {
    #[serde(rename = "noteIndex")]
    note_index: u32,
}

fn item(citation: &Citation) -> Option<ClusterItem<'_>> {
    Some(ClusterItem {
        id: citation.id.as_deref()?,
        locator: citation.locator.as_deref(),
        label: citation.locator.as_ref().and(citation.label),
    })
}

/// The citations as a JSON array of CSL citation clusters, one per note that cites a known
/// work, in document order. Cluster ids are `note-N` (`note-N-2` for a second note numbered N).
pub fn to_csl_citations_string(document: &Document) -> String {
    let mut seen: HashMap<u32, usize> = HashMap::new();
    let clusters: Vec<Cluster<'_>> = document
        .notes
        .iter()
        .filter_map(|note| {
            let items: Vec<ClusterItem<'_>> = note.citations.iter().filter_map(item).collect();
            if items.is_empty() {
                return None;
            }
            let count = seen.entry(note.number).or_default();
            *count += 1;
            let citation_id = match *count {
                1 => format!("note-{}", note.number),
                n => format!("note-{}-{n}", note.number),
            };
            Some(Cluster {
                schema: CSL_CITATION_SCHEMA,
                citation_id,
                citation_items: items,
                properties: Properties {
                    note_index: note.number,
                },
            })
        })
        .collect();
    // Serialising plain owned data to a String cannot fail.
    let mut out = serde_json::to_string_pretty(&clusters).unwrap_or_default();
    out.push('\n');
    out
}

/// How many citations have no reference and so are left out of the citation clusters.
pub fn citations_without_reference(document: &Document) -> usize {
    document
        .notes
        .iter()
        .flat_map(|note| &note.citations)
        .filter(|c| c.id.is_none())
        .count()
}
