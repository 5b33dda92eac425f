//! The features of a sequence of tokens, stored flat.

/// The features of a sequence of tokens: one flat list of feature ids and where each token's
/// features start.
///
/// Reuse one `Sequence` for many notes: [`clear`](Sequence::clear) keeps the memory, so
/// filling and tagging a note allocates nothing but the output. A feature listed twice for a
/// token counts twice.
///
/// ```
/// use opcit::cite::crf::{feature_id, Sequence};
/// let mut sequence = Sequence::new();
/// sequence.push_token(&[feature_id("word", "see"), feature_id("shape", "Xx")]);
/// sequence.push_feature(feature_id("word", "ibid"));
/// sequence.end_token();
/// assert_eq!(sequence.len(), 2);
/// assert_eq!(sequence.token(1), Some(&[feature_id("word", "ibid")][..]));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sequence {
    /// The feature ids of all tokens, token after token.
    features: Vec<u64>,
    /// Where each token ends in `features` (the first starts at 0).
    ends: Vec<usize>,
}

impl Default for Sequence {
    fn default() -> Self {
        Self::new()
    }
}

impl Sequence {
    /// An empty sequence.
    pub fn new() -> Self {
        Self {
            features: Vec::new(),
            ends: Vec::new(),
        }
    }

    /// An empty sequence with room for `tokens` tokens and `features` features in all.
    pub fn with_capacity(tokens: usize, features: usize) -> Self {
        Self {
            features: Vec::with_capacity(features),
            ends: Vec::with_capacity(tokens),
        }
    }

    /// A sequence of the given tokens, each a list of feature ids.
    pub fn from_tokens<T: AsRef<[u64]>>(tokens: &[T]) -> Self {
        let total = tokens.iter().map(|token| token.as_ref().len()).sum();
        let mut sequence = Self::with_capacity(tokens.len(), total);
        for token in tokens {
            sequence.push_token(token.as_ref());
        }
        sequence
    }

    /// Removes every token, keeping the memory.
    pub fn clear(&mut self) {
        self.features.clear();
        self.ends.clear();
    }

    /// Appends a token with these features.
    pub fn push_token(&mut self, features: &[u64]) {
        self.features.extend_from_slice(features);
        self.end_token();
    }

    /// Adds a feature to the token being built (ended by [`end_token`](Sequence::end_token)).
    /// Features not followed by `end_token` belong to no token and are ignored.
    pub fn push_feature(&mut self, feature: u64) {
        self.features.push(feature);
    }

    /// Ends the token being built: the features pushed since the last token are its own.
    pub fn end_token(&mut self) {
        self.ends.push(self.features.len());
    }

    /// The number of tokens.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there is no token.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The features of token `index`, if there is such a token.
    pub fn token(&self, index: usize) -> Option<&[u64]> {
        let end = *self.ends.get(index)?;
        let start = self.start_of(index);
        self.features.get(start..end)
    }

    /// The tokens' features, in order.
    pub fn tokens(&self) -> impl ExactSizeIterator<Item = &[u64]> + '_ {
        (0..self.len()).map(|index| self.token(index).unwrap_or(&[]))
    }

    /// All the tokens' features, flat, and where each token ends in them.
    pub(crate) fn flat(&self) -> (&[u64], &[usize]) {
        (&self.features, &self.ends)
    }

    /// Where token `index` starts in the flat list.
    fn start_of(&self, index: usize) -> usize {
        match index.checked_sub(1) {
            Some(previous) => self.ends.get(previous).copied().unwrap_or(0),
            None => 0,
        }
    }
}
