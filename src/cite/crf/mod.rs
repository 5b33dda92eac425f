//! A first-order linear-chain CRF: the engine of the citation labeller.
//!
//! The engine knows nothing of notes or of [`Label`](super::label::Label): a token is a list of
//! feature ids (`u64`, each with value 1.0; see [`feature_id`]), and a label is an id in
//! `0..num_labels` (at most 64). The caller tokenises, computes the features and maps the
//! label ids back.
//!
//! - [`Sequence`] holds the features of one sequence of tokens, flat; clear and refill it to
//!   tag many sequences without allocating.
//! - [`Trainer`] builds the feature set from the (feature, gold label) pairs of the data and
//!   maximises the regularised conditional log-likelihood with L-BFGS (OWL-QN when L1 is on).
//!   The result is the same, byte for byte, whatever the number of threads.
//! - [`Model`] tags (Viterbi), gives the marginal probability of each chosen label, honours
//!   [`Constraints`], and reads and writes a compact binary format ([`Model::to_bytes`]).
//!
//! ## What the caller must know
//!
//! - A feature listed twice on a token counts twice; a feature the model has no weight for is
//!   ignored. Compute ids with [`feature_id`] (stable across platforms and versions) or any
//!   other stable hash, the same way in training and tagging.
//! - The model file holds label ids, not names: keep the order of the label set stable (or
//!   store the names beside the model).
//! - [`Model`] is `Send + Sync`. Each thread tagging keeps its own scratch buffers
//!   (thread-local), so share one model (say in an `Arc`) and tag from as many threads as you
//!   like. Reuse one [`Sequence`] (and [`Constraints`]) per thread: `clear` keeps the memory.
//! - The marginal given for a token is that of its chosen label, in the distribution the
//!   labels were chosen from (constrained if the constraints were kept). A constraint that no
//!   labelling can meet makes the whole sequence decode without constraints.
//! - Only (feature, label) pairs seen in the training data get a weight (at least
//!   `min_feature_freq` times), as in CRFsuite; every transition, start and end weight exists.
//! - Training is deterministic: the same data, in the same order, with the same settings gives
//!   the same bytes whatever `threads` is.
//!
//! ```
//! use opcit::cite::crf::{feature_id, Sequence, Trainer, TrainingSequence};
//!
//! // Two labels: 0 for words, 1 for numbers.
//! let word = feature_id("shape", "word");
//! let number = feature_id("shape", "digits");
//! let sequence = Sequence::from_tokens(&[[word], [number], [word]]);
//! let data = vec![TrainingSequence::new(sequence.clone(), vec![0, 1, 0])];
//!
//! let model = Trainer::new(2).train(&data)?;
//! assert_eq!(model.tag(&sequence, None), vec![0, 1, 0]);
//!
//! let (labels, marginals) = model.tag_with_marginals(&sequence, None);
//! assert_eq!(labels, vec![0, 1, 0]);
//! assert!(marginals.iter().all(|&p| p > 0.5 && p <= 1.0));
//!
//! let bytes = model.to_bytes();
//! let again = opcit::cite::crf::Model::from_bytes(&bytes)?;
//! assert_eq!(again.to_bytes(), bytes);
//! # Ok::<(), opcit::cite::crf::CrfError>(())
//! ```

mod constraints;
mod decode;
mod format;
mod lbfgs;
mod model;
mod sequence;
pub mod train;

#[cfg(test)]
mod tests;

pub use constraints::Constraints;
pub use model::Model;
pub use sequence::Sequence;
pub use train::{Progress, Trainer, TrainingSequence};

/// The largest number of labels a model can have (a label set is a `u64` bit mask).
pub const MAX_LABELS: usize = 64;

/// What can go wrong when training a model or reading one.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum CrfError {
    /// The buffer ends before the model does.
    #[error("the model file is truncated")]
    Truncated,
    /// The buffer does not start with the model's magic bytes.
    #[error("not a CRF model file (bad magic bytes)")]
    BadMagic,
    /// The model file was written by a format version this build does not read.
    #[error("unsupported CRF model format version {0}")]
    UnsupportedVersion(u16),
    /// The checksum at the end of the file does not match its contents.
    #[error("the model file is corrupt (checksum mismatch)")]
    ChecksumMismatch,
    /// The model file is well framed but holds an impossible value.
    #[error("the model file is corrupt: {0}")]
    Corrupt(&'static str),
    /// The number of labels is 0 or more than [`MAX_LABELS`].
    #[error("a model has 1 to 64 labels, not {0}")]
    LabelCount(usize),
    /// A training sequence has a label id outside `0..num_labels`.
    #[error("training sequence {sequence}: label {label} is not below the label count")]
    LabelOutOfRange {
        /// The index of the sequence in the training data.
        sequence: usize,
        /// The label id found.
        label: u8,
    },
    /// A training sequence has not one label per token.
    #[error("training sequence {sequence}: {tokens} tokens but {labels} labels")]
    LengthMismatch {
        /// The index of the sequence in the training data.
        sequence: usize,
        /// Its number of tokens.
        tokens: usize,
        /// Its number of labels.
        labels: usize,
    },
    /// A training sequence's weight is negative, infinite or NaN.
    #[error("training sequence {sequence}: the weight must be finite and not negative")]
    BadWeight {
        /// The index of the sequence in the training data.
        sequence: usize,
    },
    /// There is nothing to train on (no tokens with a positive weight).
    #[error("no training data")]
    NoData,
    /// A training setting is out of its range.
    #[error("invalid training setting: {0}")]
    Setting(&'static str),
    /// The thread pool for training could not be built.
    #[error("could not start the training threads: {0}")]
    ThreadPool(String),
}

/// The id of a feature: FNV-1a 64 over `kind`, a `0xFF` byte and `value`.
///
/// The id is the same on every platform and in every version of this crate (`0xFF` never
/// occurs in UTF-8, so `("ab", "c")` and `("a", "bc")` differ).
///
/// ```
/// use opcit::cite::crf::feature_id;
/// assert_eq!(feature_id("word", "see"), feature_id("word", "see"));
/// assert_ne!(feature_id("word", "see"), feature_id("lower", "see"));
/// ```
pub const fn feature_id(kind: &str, value: &str) -> u64 {
    let hash = fnv1a(FNV_OFFSET, kind.as_bytes());
    let hash = fnv1a(hash, &[0xFF]);
    fnv1a(hash, value.as_bytes())
}

/// The FNV-1a 64 offset basis.
pub(crate) const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// Continues an FNV-1a 64 hash over `bytes`.
pub(crate) const fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(PRIME);
        i += 1;
    }
    hash
}
