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
    /// The input is UTF-16 text (a byte-order mark, or a NUL byte beside most characters).
    #[error("the input looks like UTF-16 text; convert it to UTF-8")]
    Utf16,
    /// The input is empty or holds only white space.
    #[error("the input is empty")]
    Empty,
    /// The output format is planned but not written yet.
    #[error("--to {format} is not implemented yet")]
    NotImplemented {
        /// The format asked for.
        format: String,
    },
}
