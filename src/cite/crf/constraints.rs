//! What decoding may choose: allowed labels per token, and tokens that keep the label before.

/// Limits on the labels decoding may choose.
///
/// Per token: a set of allowed labels (a bit mask, bit `l` for label `l`; all allowed by
/// default), and whether the token must have the same label as the token before it (it may not
/// start a new label: a quoted title or a bracket that must not be split). Tokens past the end
/// of the constraints are free; constraints past the end of the sequence are ignored, and so is
/// "same as before" on the first token.
///
/// [`Model::tag`](super::Model::tag) and [`Model::tag_with_marginals`](super::Model::tag_with_marginals)
/// honour both; when the constraints leave no possible labelling, they decode without them.
///
/// ```
/// use opcit::cite::crf::Constraints;
/// let mut constraints = Constraints::new();
/// constraints.force(0, 3); // token 0 is label 3
/// constraints.allow_only(1, (1 << 3) | (1 << 5)); // token 1 is label 3 or 5
/// constraints.same_as_previous(2); // token 2 has token 1's label
/// assert_eq!(constraints.allowed(0), 1 << 3);
/// assert_eq!(constraints.allowed(7), u64::MAX);
/// assert!(constraints.is_same_as_previous(2));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Constraints {
    /// The allowed labels of each token.
    allowed: Vec<u64>,
    /// Whether each token keeps the previous token's label.
    same: Vec<bool>,
}

impl Constraints {
    /// No constraint.
    pub fn new() -> Self {
        Self::default()
    }

    /// Removes every constraint, keeping the memory.
    pub fn clear(&mut self) {
        self.allowed.clear();
        self.same.clear();
    }

    /// Token `token` may only have one of the labels in `mask` (bit `l` for label `l`).
    /// Applied on top of what was allowed before (the sets are intersected).
    pub fn allow_only(&mut self, token: usize, mask: u64) {
        self.grow(token);
        if let Some(allowed) = self.allowed.get_mut(token) {
            *allowed &= mask;
        }
    }

    /// Token `token` must have label `label` (a label of 64 or more allows nothing).
    pub fn force(&mut self, token: usize, label: u8) {
        let mask = 1u64.checked_shl(u32::from(label)).unwrap_or(0);
        self.allow_only(token, mask);
    }

    /// Token `token` must have the same label as token `token - 1`.
    pub fn same_as_previous(&mut self, token: usize) {
        self.grow(token);
        if let Some(same) = self.same.get_mut(token) {
            *same = true;
        }
    }

    /// Tokens `start..end` all have one label (every token after the first keeps the label of
    /// the one before).
    pub fn same_label(&mut self, start: usize, end: usize) {
        for token in start.saturating_add(1)..end {
            self.same_as_previous(token);
        }
    }

    /// The labels token `token` may have.
    pub fn allowed(&self, token: usize) -> u64 {
        self.allowed.get(token).copied().unwrap_or(u64::MAX)
    }

    /// Whether token `token` must keep the label of the token before.
    pub fn is_same_as_previous(&self, token: usize) -> bool {
        token > 0 && self.same.get(token).copied().unwrap_or(false)
    }

    /// Makes room for constraints on token `token`.
    fn grow(&mut self, token: usize) {
        if token >= self.allowed.len() {
            let len = token.saturating_add(1);
            self.allowed.resize(len, u64::MAX);
            self.same.resize(len, false);
        }
    }
}
