//! Training the citation labeller: the labelled data it learns from, the synthetic footnotes
//! rendered in CSL note styles, the trainer, and the evaluation that tells generalisation from
//! memory.
//!
//! Everything here is reproducible: the same data and settings give the same model, byte for
//! byte.

pub mod accuracy;
pub mod anystyle;
pub mod corpus;
pub mod documents;
pub mod eval;
pub mod examples;
pub mod linkedbooks;
pub mod notes_file;
pub mod shipped;
pub mod synth;

pub use notes_file::{Chunk, LabelledNote, Segment, from_notes_str, to_notes_string};
pub use synth::{SynthSettings, synthetic_notes};

use thiserror::Error;

/// Why training data could not be read.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum TrainError {
    /// A file could not be read.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The error.
        source: std::io::Error,
    },
    /// A data file (works, styles) holds something that cannot be used.
    #[error("{path}: {message}")]
    Data {
        /// The file.
        path: String,
        /// What is wrong.
        message: String,
    },
    /// The model could not be trained.
    #[error("training: {0}")]
    Model(#[from] crate::cite::crf::CrfError),
    /// A line of an annotated file is not in the format (`data/notes/FORMAT.md`), or of an
    /// AnyStyle XML file not in its format.
    #[error("line {line}: {message}")]
    Format {
        /// The line, from 1.
        line: usize,
        /// What is wrong.
        message: String,
    },
}
