//! The emit stage: write a [`Document`] in the format asked for.
//!
//! `json` is the full document (the contract other tools rely on); `csl-json` the references
//! (`csl-jsonl` one a line);
//! `bibtex`, `biblatex` and `ris` the references for reference managers ([`bibtex`], [`ris`]);
//! `csl-citations` the notes' citations as CSL citation clusters ([`csl`]); `yaml` hayagriva's
//! YAML; `text` and `html` a bibliography or the notes formatted in a CSL style
//! ([`format_bibliography`], [`format_notes`]).

pub mod bibtex;
pub mod csl;
mod format;
mod hayagriva;
pub mod ris;

use crate::error::Error;
use crate::model::{CslItem, Document};
use std::fmt;
use std::io::Write as _;
use std::str::FromStr;

pub use bibtex::{to_biblatex_string, to_bibtex_string};
pub use csl::{citations_without_reference, to_csl_citations_string};

pub use format::{
    DEFAULT_NOTE_STYLE, DEFAULT_STYLE, FormatOptions, Markup, format_bibliography, format_notes,
    style_names,
};
pub use hayagriva::{to_entry, to_library, to_yaml_string};
pub use ris::to_ris_string;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
#[non_exhaustive]
pub enum OutputFormat {
    /// The whole document: references, notes with citations and spans, diagnostics.
    #[default]
    Json,
    /// The references as a CSL-JSON array.
    CslJson,
    /// The references as CSL-JSON items, one a line (JSON lines): line N of a reference list
    /// gives line N.
    CslJsonl,
    /// BibTeX entries.
    Bibtex,
    /// BibLaTeX entries.
    Biblatex,
    /// The citations of every note as CSL citation clusters.
    CslCitations,
    /// RIS records.
    Ris,
    /// hayagriva's YAML.
    Yaml,
    /// A formatted bibliography as plain text.
    Text,
    /// A formatted bibliography as HTML.
    Html,
}

impl OutputFormat {
    /// Every format, in the order the command line lists them.
    pub const ALL: [OutputFormat; 10] = [
        OutputFormat::Json,
        OutputFormat::CslJson,
        OutputFormat::CslJsonl,
        OutputFormat::CslCitations,
        OutputFormat::Bibtex,
        OutputFormat::Biblatex,
        OutputFormat::Ris,
        OutputFormat::Yaml,
        OutputFormat::Text,
        OutputFormat::Html,
    ];

    /// The name used on the command line.
    pub fn name(self) -> &'static str {
        match self {
            OutputFormat::Json => "json",
            OutputFormat::CslJson => "csl-json",
            OutputFormat::CslJsonl => "csl-jsonl",
            OutputFormat::Bibtex => "bibtex",
            OutputFormat::Biblatex => "biblatex",
            OutputFormat::CslCitations => "csl-citations",
            OutputFormat::Ris => "ris",
            OutputFormat::Yaml => "yaml",
            OutputFormat::Text => "text",
            OutputFormat::Html => "html",
        }
    }
}

impl fmt::Display for OutputFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for OutputFormat {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OutputFormat::ALL
            .into_iter()
            .find(|f| f.name() == s)
            .ok_or_else(|| {
                let names: Vec<&str> = OutputFormat::ALL.iter().map(|f| f.name()).collect();
                format!("unknown format `{s}` (expected {})", names.join(", "))
            })
    }
}

/// The CSL seasons 1–4 as the words BibLaTeX and RIS write.
const SEASON_NAMES: [&str; 4] = ["Spring", "Summer", "Autumn", "Winter"];

/// The name of a CSL season, 1 (spring) to 4 (winter).
fn season_name(season: u8) -> Option<&'static str> {
    SEASON_NAMES
        .get(usize::from(season).checked_sub(1)?)
        .copied()
}

/// The document as pretty-printed JSON, ending with a line break.
pub fn to_json_string(document: &Document) -> String {
    // Serialising plain owned data to a String cannot fail.
    let mut out = serde_json::to_string_pretty(document).unwrap_or_default();
    out.push('\n');
    out
}

/// The references as a CSL-JSON array, whatever the input.
pub fn to_csl_json_string(document: &Document) -> String {
    let items: Vec<CslItem<'_>> = document.references.iter().map(CslItem).collect();
    // Serialising plain owned data to a String cannot fail.
    let mut out = serde_json::to_string_pretty(&items).unwrap_or_default();
    out.push('\n');
    out
}

/// The references as CSL-JSON lines, one item a line: for a reference list, line N of the
/// output is the reference of line N of the input.
pub fn to_csl_jsonl_string(document: &Document) -> String {
    let mut out = String::new();
    for item in document.references.iter().map(CslItem) {
        // Serialising plain owned data to a String cannot fail.
        out.push_str(&serde_json::to_string(&item).unwrap_or_default());
        out.push('\n');
    }
    out
}

/// The document in `format`.
pub fn to_format_string(document: &Document, format: OutputFormat) -> Result<String, Error> {
    match format {
        OutputFormat::Json => Ok(to_json_string(document)),
        OutputFormat::CslJson => Ok(to_csl_json_string(document)),
        OutputFormat::CslJsonl => Ok(to_csl_jsonl_string(document)),
        OutputFormat::CslCitations => Ok(to_csl_citations_string(document)),
        OutputFormat::Bibtex => Ok(to_bibtex_string(document)),
        OutputFormat::Biblatex => Ok(to_biblatex_string(document)),
        OutputFormat::Ris => Ok(to_ris_string(document)),
        OutputFormat::Yaml => to_yaml_string(document),
        OutputFormat::Text | OutputFormat::Html => {
            to_format_string_with(document, format, &FormatOptions::default())
        }
    }
}

/// Write the document in `format` to `out`. `json`, `csl-json` and `csl-jsonl` are written as
/// they are serialised, without the whole output in memory first; the other formats are made
/// whole ([`to_format_string_with`]) and then written. The bytes are those of
/// [`to_format_string_with`].
pub fn write_format(
    document: &Document,
    format: OutputFormat,
    options: &FormatOptions,
    out: &mut dyn std::io::Write,
) -> Result<(), Error> {
    let mut out = std::io::BufWriter::new(out);
    let written = match format {
        OutputFormat::Json => serde_json::to_writer_pretty(&mut out, document)
            .map_err(std::io::Error::from)
            .and_then(|()| out.write_all(b"\n")),
        OutputFormat::CslJson => {
            let items: Vec<CslItem<'_>> = document.references.iter().map(CslItem).collect();
            serde_json::to_writer_pretty(&mut out, &items)
                .map_err(std::io::Error::from)
                .and_then(|()| out.write_all(b"\n"))
        }
        OutputFormat::CslJsonl => document.references.iter().try_for_each(|r| {
            serde_json::to_writer(&mut out, &CslItem(r))
                .map_err(std::io::Error::from)
                .and_then(|()| out.write_all(b"\n"))
        }),
        other => {
            let text = to_format_string_with(document, other, options)?;
            out.write_all(text.as_bytes())
        }
    };
    Ok(written.and_then(|()| out.flush())?)
}

/// The document in `format`; `text` and `html` with `options` (style, locale, notes).
pub fn to_format_string_with(
    document: &Document,
    format: OutputFormat,
    options: &FormatOptions,
) -> Result<String, Error> {
    let markup = match format {
        OutputFormat::Text => Markup::Text,
        OutputFormat::Html => Markup::Html,
        other => return to_format_string(document, other),
    };
    let options = FormatOptions {
        markup,
        ..options.clone()
    };
    if options.notes {
        format_notes(document, &options)
    } else {
        format_bibliography(document, &options)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn written_formats_are_the_strings() {
        let options = crate::Options::default().with_parser(crate::cite::Parser::Rules);
        let text = "1 Ghosh, B., Managing migration, Oxford, OUP, 2000, p. 4.\n\
                    2 Ibid., p. 5.\n3 Ghosh, op. cit., p. 6.\n";
        let document = match crate::read_str(text, &options) {
            Ok(document) => document,
            Err(e) => panic!("{e}"),
        };
        for format in [
            OutputFormat::Json,
            OutputFormat::CslJson,
            OutputFormat::CslJsonl,
            OutputFormat::Bibtex,
        ] {
            let mut written = Vec::new();
            let done = write_format(&document, format, &FormatOptions::default(), &mut written);
            assert!(done.is_ok(), "{format:?}");
            let string = to_format_string(&document, format).unwrap_or_default();
            assert_eq!(String::from_utf8_lossy(&written), string, "{format:?}");
        }
    }
}
