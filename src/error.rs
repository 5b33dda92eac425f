//! Errors: what stops opcit from reading an input or writing an output.

use thiserror::Error;

/// Why an input could not be read or an output not written.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// The file or stream could not be read or written.
    #[error("{0}")]
    Io(#[from] std::io::Error),
    /// The input is not UTF-8; `offset` is the byte where it stops being so.
    #[error("not valid UTF-8 at byte {offset}")]
    InvalidUtf8 {
        /// The first byte that is not valid UTF-8.
        offset: usize,
    },
    /// The input is a binary file, not text: `what` names it when its first bytes do (`an ELF
    /// executable`, `a gzip archive`), else `binary data`.
    #[error("the input is {what}, not text")]
    Binary {
        /// What the file is.
        what: &'static str,
    },
    /// The input is UTF-16 text (a byte-order mark, or a NUL byte beside most characters).
    #[error("the input looks like UTF-16 text; convert it to UTF-8")]
    Utf16,
    /// A DOCX or ODT file whose package cannot be read: not a zip archive, a part missing or
    /// not XML.
    #[error("not a readable {format} file: {message}")]
    BadPackage {
        /// The format it was read as.
        format: &'static str,
        /// What is wrong with it.
        message: String,
    },
    /// A PDF that the text extractor could not read (a broken one).
    #[error("cannot read the PDF: {message}")]
    BadPdf {
        /// Why, as the extractor says it.
        message: String,
    },
    /// A PDF that opens only with a password.
    #[error("the PDF is encrypted with a password; decrypt it first (`qpdf --decrypt`)")]
    EncryptedPdf,
    /// A program opcit runs to read a format is not installed.
    #[error(
        "reading a {format} file needs the program `{program}` (Debian package {package}), \
         which is not installed"
    )]
    MissingProgram {
        /// The program.
        program: String,
        /// The format it reads.
        format: &'static str,
        /// The package that has it.
        package: &'static str,
    },
    /// A PDF, DOCX or ODT file without text: a scanned PDF, an empty document.
    #[error("the {format} file has no text (a scan? it needs OCR first)")]
    NoText {
        /// The format.
        format: &'static str,
    },
    /// The input is empty or holds only white space.
    #[error("the input is empty")]
    Empty,
    /// `--style` names no style opcit knows.
    #[error("unknown style `{name}`; known styles: {known}")]
    UnknownStyle {
        /// The name asked for.
        name: String,
        /// The names that can be used, comma-separated.
        known: String,
    },
    /// A CSL style file that cannot be read or used.
    #[error("cannot use the CSL style {path}: {message}")]
    BadStyle {
        /// The file.
        path: String,
        /// What is wrong with it.
        message: String,
    },
    /// `--locale` names no locale opcit has.
    #[error("unknown locale `{code}`; known locales: {known}")]
    UnknownLocale {
        /// The code asked for.
        code: String,
        /// The codes that can be used, comma-separated.
        known: String,
    },
    /// The style cannot render what was asked (a bibliography from a style without one).
    #[error("the style {style} {message}")]
    StyleCannot {
        /// The style.
        style: String,
        /// What it cannot do.
        message: String,
    },
    /// An output could not be written.
    #[error("cannot write {format}: {message}")]
    Write {
        /// The format.
        format: String,
        /// Why.
        message: String,
    },
}
