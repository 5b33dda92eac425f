//! Viterbi decoding and forward–backward over a chain of `labels` labels.
//!
//! State scores are `len × labels`, row-major (token after token). Transition matrices are
//! `labels × labels`, row = the previous token's label.

use super::{Constraints, MAX_LABELS};

/// The transition, start and end weights of a chain, for Viterbi, padded to `stride` labels
/// (a multiple of [`LANES`]) with `-inf` so that the inner loops run on whole vectors.
pub(crate) struct Chain<'a> {
    /// The number of labels.
    pub labels: usize,
    /// The row length: `labels` rounded up to a multiple of [`LANES`].
    pub stride: usize,
    /// `transitions[from * stride + to]`, `labels × stride`.
    pub transitions: &'a [f32],
    /// The same transposed, `into[to * stride + from]`: the ways into each label side by side.
    pub into: &'a [f32],
    /// The weight of each label on the first token (`stride` long).
    pub start: &'a [f32],
    /// The weight of each label on the last token (`stride` long).
    pub end: &'a [f32],
    /// `thresholds[a * labels + b]`, from [`pruning_thresholds`]: when label `a` scores best on
    /// a token and `b` trails it by more than this, no label of the next token has its best
    /// predecessor in `b` (see [`contenders`]).
    pub thresholds: &'a [f32],
}

/// The labels a Viterbi loop takes at once: four vectors of [`QUAD`], kept in registers.
pub(crate) const LANES: usize = 16;

/// The labels of one vector.
const QUAD: usize = 4;

/// `labels` rounded up to a multiple of [`LANES`].
pub(crate) fn stride_of(labels: usize) -> usize {
    labels.div_ceil(LANES) * LANES
}

/// What constrains one token, with the label count's mask applied.
fn token_rules(constraints: Option<&Constraints>, token: usize, all: u64) -> (u64, bool) {
    match constraints {
        Some(c) => (c.allowed(token) & all, c.is_same_as_previous(token)),
        None => (all, false),
    }
}

/// The mask of all labels of a chain of `labels` labels.
pub(crate) fn all_labels(labels: usize) -> u64 {
    if labels >= 64 {
        u64::MAX
    } else {
        (1u64 << labels) - 1
    }
}

/// The best labelling of a sequence under the constraints, in `out`; `false` (and `out`
/// unspecified) when the constraints allow none. `scores` has `stride`-long rows; `delta` is
/// scratch space.
pub(crate) fn viterbi(
    chain: &Chain<'_>,
    scores: &[f32],
    constraints: Option<&Constraints>,
    delta: &mut Vec<f32>,
    out: &mut Vec<u8>,
) -> bool {
    let (labels, stride) = (chain.labels, chain.stride);
    let len = scores.len() / stride.max(1);
    out.clear();
    if len == 0 || labels == 0 {
        return true;
    }
    delta.clear();
    delta.resize(len * stride, f32::NEG_INFINITY);
    let all = all_labels(labels);
    for t in 0..len {
        let (allowed, same) = token_rules(constraints, t, all);
        let (before, rest) = delta.split_at_mut(t * stride);
        let current = &mut rest[..stride];
        let row = &scores[t * stride..(t + 1) * stride];
        if t == 0 {
            current.copy_from_slice(chain.start);
        } else {
            let previous = &before[(t - 1) * stride..];
            best_predecessors(chain, previous, same, current);
        }
        if allowed == all {
            current
                .iter_mut()
                .zip(row)
                .for_each(|(value, &score)| *value += score);
        } else {
            for (label, (value, &score)) in current.iter_mut().zip(row).enumerate() {
                *value = if label < labels && allowed >> label & 1 == 1 {
                    *value + score
                } else {
                    f32::NEG_INFINITY
                };
            }
        }
    }
    backtrack(chain, delta, constraints, len, out)
}

/// `current[to] = max over from of previous[from] + transitions[from][to]` (only `from == to`
/// when the token keeps the label before).
fn best_predecessors(chain: &Chain<'_>, previous: &[f32], same: bool, current: &mut [f32]) {
    let stride = chain.stride;
    if same {
        current.fill(f32::NEG_INFINITY);
        for (to, value) in current.iter_mut().enumerate().take(chain.labels) {
            *value = previous[to] + chain.transitions[to * stride + to];
        }
        return;
    }
    let kept = contenders(chain, previous);
    for (block, values) in current.chunks_exact_mut(LANES).enumerate() {
        let mut best = [[f32::NEG_INFINITY; QUAD]; LANES / QUAD];
        // the kept labels in increasing order
        let mut rest = kept;
        while rest != 0 {
            let from = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            let p = previous[from];
            let start = from * stride + block * LANES;
            let Some(weights) = chain.transitions.get(start..start + LANES) else {
                continue;
            };
            for (best, weights) in best.iter_mut().zip(weights.chunks_exact(QUAD)) {
                for (b, &w) in best.iter_mut().zip(weights) {
                    let candidate = p + w;
                    *b = if candidate > *b { candidate } else { *b };
                }
            }
        }
        for (values, best) in values.chunks_exact_mut(QUAD).zip(best) {
            values.copy_from_slice(&best);
        }
    }
}

/// The labels of the token before that may be the best predecessor of some label, as a mask
/// (bit `l` for label `l`): those that trail the best one by less than the transitions can
/// make up for.
///
/// Label `b` is left out when `previous[b] - previous[a]`, rounded to `f32`, is below
/// `thresholds[a][b]` for the best label `a`: then the exact difference is at most
/// `margins[a][b]` (see [`pruning_thresholds`]), so `previous[b] + transitions[b][to] <=
/// previous[a] + transitions[a][to]` for every `to`, in exact arithmetic and so also once
/// rounded to `f32` (rounding keeps the order), and the maxima are the same as over all labels.
fn contenders(chain: &Chain<'_>, previous: &[f32]) -> u64 {
    let labels = chain.labels.min(MAX_LABELS);
    let scores = &previous[..labels];
    let best = argmax(scores).unwrap_or(0);
    let top = scores[best];
    let thresholds = &chain.thresholds[best * labels..(best + 1) * labels];
    // the tests side by side (`|`, not `||`: no branch, so they run as vectors)
    let mut keep = [false; MAX_LABELS];
    for ((keep, &score), &threshold) in keep.iter_mut().zip(scores).zip(thresholds) {
        // a label ruled out (-inf) adds nothing; `!(a < b)`, not `a >= b`: a NaN gap (every
        // score -inf) keeps the label
        let trails = (score == f32::NEG_INFINITY) | (score - top < threshold);
        *keep = !trails;
    }
    keep[best] = true;
    mask_of(&keep[..labels])
}

/// The flags as bits, flag `i` as bit `i` (at most 64 flags).
///
/// Eight at a time: eight bytes of 0 or 1 as one `u64`, times `0x0102_0408_1020_4080`, have
/// byte `i`'s bit at bit `56 + i` and nothing else in the top byte (the other products of the
/// multiplication land on distinct bits below it or past the top).
fn mask_of(flags: &[bool]) -> u64 {
    let mut mask = 0u64;
    for (index, chunk) in flags.chunks(8).take(8).enumerate() {
        let mut bytes = [0u8; 8];
        for (byte, &flag) in bytes.iter_mut().zip(chunk) {
            *byte = u8::from(flag);
        }
        let bits = u64::from_le_bytes(bytes).wrapping_mul(0x0102_0408_1020_4080) >> 56;
        mask |= bits << (8 * index);
    }
    mask
}

/// `margins[a * labels + b]`: the least, over the labels `to`, of `transitions[a → to] -
/// transitions[b → to]`, in `f64` (where the differences of two `f32` are exact).
pub(crate) fn transition_margins(labels: usize, transitions: &[f32]) -> Vec<f64> {
    let weight = |from: usize, to: usize| f64::from(transitions[from * labels + to]);
    let mut margins = Vec::with_capacity(labels * labels);
    for a in 0..labels {
        for b in 0..labels {
            let least = (0..labels)
                .map(|to| weight(a, to) - weight(b, to))
                .fold(f64::INFINITY, f64::min);
            margins.push(least);
        }
    }
    margins
}

/// The margins of [`transition_margins`] lowered to `f32` thresholds that a difference of two
/// `f32` scores, rounded, may be compared with: below the threshold, the exact difference is
/// below the margin.
///
/// A gap that is not below the margin lies between the margin and 0 (the best label's own
/// gap), so rounding it moves it by at most `2^-24 × |margin|`; the threshold is lower than
/// the margin by far more (`1e-5 × (1 + |margin|)`), rounded down.
pub(crate) fn pruning_thresholds(margins: &[f64]) -> Vec<f32> {
    margins
        .iter()
        .map(|&margin| {
            let lowered = margin - 1e-5 * (1.0 + margin.abs());
            let threshold = lowered as f32;
            if f64::from(threshold) > lowered {
                threshold.next_down()
            } else {
                threshold
            }
        })
        .collect()
}

/// Picks the best last label and walks back, recomputing each best predecessor.
fn backtrack(
    chain: &Chain<'_>,
    delta: &[f32],
    constraints: Option<&Constraints>,
    len: usize,
    out: &mut Vec<u8>,
) -> bool {
    let (labels, stride) = (chain.labels, chain.stride);
    let mut sums = [0f32; MAX_LABELS];
    let sums = &mut sums[..labels.min(MAX_LABELS)];
    let last = &delta[(len - 1) * stride..];
    add_into(sums, last, chain.end);
    let Some(mut label) = argmax(sums) else {
        return false;
    };
    out.resize(len, 0);
    for t in (0..len).rev() {
        out[t] = label as u8;
        if t == 0 {
            break;
        }
        let (_, same) = token_rules(constraints, t, u64::MAX);
        if !same {
            let previous = &delta[(t - 1) * stride..];
            let into = chain.into.get(label * stride..).unwrap_or(&[]);
            add_into(sums, previous, into);
            match argmax(sums) {
                Some(from) => label = from,
                None => return false,
            }
        }
    }
    true
}

/// `sums[i] = a[i] + b[i]`, as far as `sums` goes (`-inf` where `a` or `b` ends before).
fn add_into(sums: &mut [f32], a: &[f32], b: &[f32]) {
    sums.fill(f32::NEG_INFINITY);
    for ((sum, &x), &y) in sums.iter_mut().zip(a).zip(b) {
        *sum = x + y;
    }
}

/// The index of the first largest finite value (not `-inf`; NaN is passed over).
///
/// The maximum is found lane by lane, as a vector would, then its first place.
#[inline]
fn argmax(values: &[f32]) -> Option<usize> {
    let mut lanes = [f32::NEG_INFINITY; QUAD];
    let chunks = values.chunks_exact(QUAD);
    let rest = chunks.remainder();
    for chunk in chunks {
        for (lane, &value) in lanes.iter_mut().zip(chunk) {
            *lane = if value > *lane { value } else { *lane };
        }
    }
    let top =
        lanes.iter().chain(rest).fold(
            f32::NEG_INFINITY,
            |top, &value| if value > top { value } else { top },
        );
    if top == f32::NEG_INFINITY {
        return None;
    }
    values.iter().position(|&value| value == top)
}

/// Forward–backward with per-token scaling, in `f64`: never overflows, whatever the length.
#[derive(Debug, Default)]
pub(crate) struct ForwardBackward {
    labels: usize,
    len: usize,
    /// Scaled forward probabilities; each row sums to 1.
    alpha: Vec<f64>,
    /// Backward probabilities, scaled by the same factors.
    beta: Vec<f64>,
    /// `exp(score - row max)`, 0 for labels not allowed.
    psi: Vec<f64>,
    /// The forward scaling factor of each token.
    scale: Vec<f64>,
    /// Scratch: a row of sums.
    row: Vec<f64>,
    /// The log of the partition function.
    log_z: f64,
}

/// The exponentiated transitions of a chain, for forward–backward.
pub(crate) struct ExpChain<'a> {
    /// The number of labels.
    pub labels: usize,
    /// `exp(transitions[from * labels + to])`.
    pub forward: &'a [f64],
    /// The same, transposed: `exp(transitions[to * labels + from])`.
    pub backward: &'a [f64],
}

impl ForwardBackward {
    /// Runs forward–backward over `scores` (`len × labels`; the start weights already added to
    /// the first row and the end weights to the last). `false` when the constraints allow no
    /// labelling (or the probabilities underflow).
    pub fn run(
        &mut self,
        chain: &ExpChain<'_>,
        scores: &[f64],
        constraints: Option<&Constraints>,
    ) -> bool {
        let labels = chain.labels;
        self.labels = labels;
        self.len = scores.len() / labels.max(1);
        self.log_z = 0.0;
        if self.len == 0 || labels == 0 {
            return true;
        }
        let cells = self.len * labels;
        for buffer in [&mut self.alpha, &mut self.beta, &mut self.psi] {
            buffer.clear();
            buffer.resize(cells, 0.0);
        }
        self.scale.clear();
        self.scale.resize(self.len, 1.0);
        self.row.clear();
        self.row.resize(labels, 0.0);
        self.exponentiate(scores, constraints) && self.forward(chain, constraints) && {
            self.backward(chain, constraints);
            true
        }
    }

    /// Fills `psi`, adding each row's maximum to `log_z`.
    fn exponentiate(&mut self, scores: &[f64], constraints: Option<&Constraints>) -> bool {
        let labels = self.labels;
        let all = all_labels(labels);
        for t in 0..self.len {
            let (allowed, _) = token_rules(constraints, t, all);
            let row = &scores[t * labels..(t + 1) * labels];
            let is_allowed = |label: usize| allowed >> label & 1 == 1;
            let max = row
                .iter()
                .enumerate()
                .filter(|&(label, _)| is_allowed(label))
                .map(|(_, &s)| s)
                .fold(f64::NEG_INFINITY, f64::max);
            if !max.is_finite() {
                return false;
            }
            self.log_z += max;
            let psi = &mut self.psi[t * labels..(t + 1) * labels];
            for (label, (p, &s)) in psi.iter_mut().zip(row).enumerate() {
                *p = if is_allowed(label) {
                    (s - max).exp()
                } else {
                    0.0
                };
            }
        }
        true
    }

    /// The scaled forward pass.
    fn forward(&mut self, chain: &ExpChain<'_>, constraints: Option<&Constraints>) -> bool {
        let labels = self.labels;
        for t in 0..self.len {
            let (before, rest) = self.alpha.split_at_mut(t * labels);
            let current = &mut rest[..labels];
            let psi = &self.psi[t * labels..(t + 1) * labels];
            if t == 0 {
                current.copy_from_slice(psi);
            } else {
                let previous = &before[(t - 1) * labels..];
                let (_, same) = token_rules(constraints, t, u64::MAX);
                propagate(chain.forward, labels, previous, same, current);
                for (a, &p) in current.iter_mut().zip(psi) {
                    *a *= p;
                }
            }
            let sum: f64 = current.iter().sum();
            if !(sum > 0.0 && sum.is_finite()) {
                return false;
            }
            let inverse = 1.0 / sum;
            current.iter_mut().for_each(|a| *a *= inverse);
            self.scale[t] = sum;
            self.log_z += sum.ln();
        }
        true
    }

    /// The backward pass, scaled by the forward factors.
    fn backward(&mut self, chain: &ExpChain<'_>, constraints: Option<&Constraints>) {
        let labels = self.labels;
        let last = (self.len - 1) * labels;
        self.beta[last..].fill(1.0);
        for t in (1..self.len).rev() {
            let inverse = 1.0 / self.scale[t];
            let psi = &self.psi[t * labels..(t + 1) * labels];
            let (before, rest) = self.beta.split_at_mut(t * labels);
            for ((v, &p), &b) in self.row.iter_mut().zip(psi).zip(&rest[..labels]) {
                *v = p * b * inverse;
            }
            let previous = &mut before[(t - 1) * labels..];
            let (_, same) = token_rules(constraints, t, u64::MAX);
            propagate(chain.backward, labels, &self.row, same, previous);
        }
    }

    /// The log of the partition function (after a successful [`run`](Self::run)).
    pub fn log_z(&self) -> f64 {
        self.log_z
    }

    /// The probability that token `t` has label `label`.
    pub fn marginal(&self, t: usize, label: usize) -> f64 {
        let index = t * self.labels + label;
        self.alpha[index] * self.beta[index]
    }

    /// The marginals of token `t`, one per label, into `out`.
    pub fn marginals_of(&self, t: usize, out: &mut [f64]) {
        let range = t * self.labels..(t + 1) * self.labels;
        for ((m, &a), &b) in out
            .iter_mut()
            .zip(&self.alpha[range.clone()])
            .zip(&self.beta[range])
        {
            *m = a * b;
        }
    }

    /// Adds `weight ×` the expected count of each transition to `out` (`labels × labels`),
    /// using `outer` as scratch (no constraints).
    pub fn add_transition_counts(
        &mut self,
        chain: &ExpChain<'_>,
        weight: f64,
        outer: &mut Vec<f64>,
        out: &mut [f64],
    ) {
        let labels = self.labels;
        outer.clear();
        outer.resize(labels * labels, 0.0);
        for t in 1..self.len {
            let inverse = 1.0 / self.scale[t];
            let cells = t * labels..(t + 1) * labels;
            for ((u, &p), &b) in self
                .row
                .iter_mut()
                .zip(&self.psi[cells.clone()])
                .zip(&self.beta[cells])
            {
                *u = p * b * inverse;
            }
            let previous = &self.alpha[(t - 1) * labels..t * labels];
            for (from, &a) in previous.iter().enumerate() {
                let counts = &mut outer[from * labels..(from + 1) * labels];
                for (c, &u) in counts.iter_mut().zip(&self.row) {
                    *c += a * u;
                }
            }
        }
        for ((o, &c), &m) in out.iter_mut().zip(outer.iter()).zip(chain.forward) {
            *o += weight * m * c;
        }
    }
}

/// `out[to] = sum over from of input[from] * matrix[from * labels + to]` (only `from == to`
/// when the token keeps the label before).
fn propagate(matrix: &[f64], labels: usize, input: &[f64], same: bool, out: &mut [f64]) {
    if same {
        for (label, (o, &x)) in out.iter_mut().zip(input).enumerate() {
            *o = x * matrix[label * labels + label];
        }
        return;
    }
    out.fill(0.0);
    for (from, &x) in input.iter().enumerate() {
        if x == 0.0 {
            continue;
        }
        let row = &matrix[from * labels..(from + 1) * labels];
        for (o, &m) in out.iter_mut().zip(row) {
            *o += x * m;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The best predecessors over every label, without pruning.
    fn every_predecessor(chain: &Chain<'_>, previous: &[f32]) -> Vec<f32> {
        let stride = chain.stride;
        (0..stride)
            .map(|to| {
                let rows = chain.transitions.chunks_exact(stride).zip(previous);
                rows.fold(f32::NEG_INFINITY, |best, (row, &p)| {
                    let candidate = p + row[to];
                    if candidate > best { candidate } else { best }
                })
            })
            .collect()
    }

    #[test]
    fn flags_become_their_bits() {
        for seed in 0..200u64 {
            let len = (seed % 65) as usize;
            let flags: Vec<bool> = (0..len)
                .map(|i| (seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (i % 61)) & 1 == 1)
                .collect();
            let expected = flags
                .iter()
                .enumerate()
                .fold(0u64, |mask, (i, &f)| mask | u64::from(f) << i);
            assert_eq!(mask_of(&flags), expected, "{flags:?}");
        }
        assert_eq!(mask_of(&[true; 64]), u64::MAX);
    }

    #[test]
    fn pruned_predecessors_are_the_same_as_all() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut uniform = move |range: f32| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed >> 40) as f32 / (1u64 << 24) as f32 * 2.0 * range - range
        };
        for labels in [1, 3, 44, 64] {
            let stride = stride_of(labels);
            let weights: Vec<f32> = (0..labels * labels).map(|_| uniform(8.0)).collect();
            let mut transitions = Vec::new();
            for row in weights.chunks(labels) {
                transitions.extend_from_slice(row);
                transitions.resize(transitions.len() + stride - labels, f32::NEG_INFINITY);
            }
            let thresholds = pruning_thresholds(&transition_margins(labels, &weights));
            let edge = vec![0.0; stride];
            let chain = Chain {
                labels,
                stride,
                transitions: &transitions,
                into: &[],
                start: &edge,
                end: &edge,
                thresholds: &thresholds,
            };
            for round in 0..200 {
                let mut previous: Vec<f32> = (0..stride).map(|_| uniform(40.0) - 500.0).collect();
                // some labels ruled out, and once all of them
                for (label, p) in previous.iter_mut().enumerate() {
                    if label >= labels || round == 7 || (round % 3 == 0 && label % 5 == 1) {
                        *p = f32::NEG_INFINITY;
                    }
                }
                let mut current = vec![0.0; stride];
                best_predecessors(&chain, &previous, false, &mut current);
                assert_eq!(
                    current,
                    every_predecessor(&chain, &previous),
                    "{labels} labels"
                );
            }
        }
    }
}
