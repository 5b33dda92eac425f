//! The files opcit reads, by their extension: one table for the command line's help, its
//! search of directories, its messages, and the formats a file's name tells.

use crate::extract::Format;

/// What a file's extension says it holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum FileType {
    /// Text (plain, as PDF extractors write it, Markdown or LaTeX): its kind is detected from
    /// its content unless `--input` names it.
    Text,
    /// A document whose text is extracted first.
    Document(Format),
}

/// The extensions of the files opcit reads, lower case and without the dot (they match in any
/// case), and what each holds: text first, then the extracted formats.
pub const EXTENSIONS: [(&str, FileType); 9] = [
    ("txt", FileType::Text),
    ("text", FileType::Text),
    ("md", FileType::Text),
    ("markdown", FileType::Text),
    ("tex", FileType::Text),
    ("latex", FileType::Text),
    ("pdf", FileType::Document(Format::Pdf)),
    ("docx", FileType::Document(Format::Docx)),
    ("odt", FileType::Document(Format::Odt)),
];

/// What a file with this extension (without the dot, any case) holds; `None` for one opcit
/// does not read.
pub fn file_type(extension: &str) -> Option<FileType> {
    EXTENSIONS
        .iter()
        .find(|(e, _)| e.eq_ignore_ascii_case(extension))
        .map(|&(_, kind)| kind)
}

/// The extensions of the files of one type, with their dot.
fn dotted(text: bool) -> Vec<String> {
    EXTENSIONS
        .iter()
        .filter(|(_, kind)| (*kind == FileType::Text) == text)
        .map(|(e, _)| format!(".{e}"))
        .collect()
}

/// Words joined by commas, the last two by `last` (`and`, `or`).
fn joined(words: &[String], last: &str) -> String {
    match words.split_last() {
        Some((end, [])) => end.clone(),
        Some((end, rest)) => format!("{} {last} {end}", rest.join(", ")),
        None => String::new(),
    }
}

/// Every extension of the table, with its dot, the last two joined by `last`:
/// `.txt, .text, …, .docx or .odt`.
pub fn extension_list(last: &str) -> String {
    let mut all = dotted(true);
    all.extend(dotted(false));
    joined(&all, last)
}

/// What the files are, for the command line's help: `text (.txt, …, .latex) or .pdf, .docx
/// and .odt files`.
pub fn description() -> String {
    format!(
        "text ({}) or {} files",
        dotted(true).join(", "),
        joined(&dotted(false), "and")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_read_as_sentences() {
        assert_eq!(
            description(),
            "text (.txt, .text, .md, .markdown, .tex, .latex) or .pdf, .docx and .odt files"
        );
        assert!(extension_list("or").ends_with(".latex, .pdf, .docx or .odt"));
        assert_eq!(joined(&[".a".into()], "or"), ".a");
    }
}
