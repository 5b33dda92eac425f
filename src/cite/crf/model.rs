//! The trained CRF: lookup of feature weights, tagging, marginals.

use super::decode::{
    Chain, ExpChain, ForwardBackward, pruning_thresholds, stride_of, transition_margins, viterbi,
};
use super::{Constraints, CrfError, MAX_LABELS, Sequence};
use std::cell::RefCell;

/// A state feature weight: for one feature, the weight of one label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Entry {
    /// The label.
    pub label: u8,
    /// The weight as stored: the weight is `quantized × scale`.
    pub quantized: i16,
}

impl Entry {
    /// The entry in 24 bits: the label, then the weight.
    fn packed(self) -> u32 {
        u32::from(self.label) | u32::from(self.quantized as u16) << 8
    }
}

/// A stored state weight as a weight.
pub(crate) fn dequantize(quantized: i16, scale: f32) -> f32 {
    f32::from(quantized) * scale
}

/// Adds a packed entry's weight to its label's sum.
#[inline]
fn add_packed(sums: &mut [i32], packed: u32) {
    if let Some(sum) = sums.get_mut((packed & 0xFF) as usize) {
        *sum += i32::from((packed >> 8) as u16 as i16);
    }
}

/// A slot of the feature table: a feature id and its weights.
///
/// `data`'s low byte is the number of entries (0: the slot is empty). One or two entries are
/// kept in the slot itself (packed, from bit 8 and from bit 32), so that most lookups touch
/// one cache line; up to [`SPARSE_MAX`] are in `overflow`, from the index in the high 32 bits;
/// a feature with more has a dense row of weights in `dense` (the low byte is then
/// [`DENSE`], the high 32 bits where the row starts).
#[derive(Debug, Clone, Copy, Default)]
struct Slot {
    id: u64,
    data: u64,
}

/// The most entries a feature keeps as a list; one with more gets a dense row.
const SPARSE_MAX: usize = 8;

/// The low byte of a slot whose feature has a dense row.
const DENSE: u64 = 0x80;

/// The weights of the dense rows a token has are summed this many labels at a time, the sums
/// kept in registers across the rows (twelve vectors of four); a dense row is a whole number
/// of blocks long.
const DENSE_BLOCK: usize = 48;

/// The labels of a vector of the sums.
const QUAD: usize = 4;

/// A block of zero weights, for a dense row out of range.
static NO_WEIGHTS: [i32; DENSE_BLOCK] = [0; DENSE_BLOCK];

/// The length of a dense row for `labels` labels: the padded row of scores, rounded up to a
/// whole number of blocks.
fn dense_width(labels: usize) -> usize {
    stride_of(labels).div_ceil(DENSE_BLOCK) * DENSE_BLOCK
}

/// A trained linear-chain CRF.
///
/// Build one with [`Trainer::train`](super::Trainer::train) or [`Model::from_bytes`]. Tagging
/// takes a [`Sequence`] and reuses per-thread scratch buffers, so it allocates only its output
/// ([`Model::tag_into`] not even that).
#[derive(Debug, Clone)]
pub struct Model {
    labels: usize,
    /// `transitions[from * labels + to]`.
    transitions: Vec<f32>,
    /// The transitions transposed, `into[to * labels + from]`: a label's ways in, side by side.
    into: Vec<f32>,
    start: Vec<f32>,
    end: Vec<f32>,
    /// The quantization step of the state weights.
    scale: f32,
    /// The features with a weight, sorted.
    ids: Vec<u64>,
    /// Where each feature's entries start in `entries` (one more than `ids`).
    offsets: Vec<u32>,
    /// The state weights, feature after feature, by label.
    entries: Vec<Entry>,
    /// Open addressing over `ids` (a power of two long, at most two thirds full).
    table: Vec<Slot>,
    /// The packed entries of the features with 3 to [`SPARSE_MAX`].
    overflow: Vec<u32>,
    /// The dense rows of the features with more: a weight for every label and every padding
    /// label of a row of scores (see [`Padded::stride`]) and of a last block (see
    /// [`dense_width`]), already widened for the sums.
    dense: Vec<i32>,
    /// The transitions, start and end weights padded for Viterbi (see [`Chain`]).
    padded: Padded,
    /// `exp(transitions)`, and transposed, for the marginals.
    exp_forward: Vec<f64>,
    exp_backward: Vec<f64>,
}

/// The parts of a model, as trained or read.
pub(crate) struct Parts {
    pub labels: usize,
    pub transitions: Vec<f32>,
    pub start: Vec<f32>,
    pub end: Vec<f32>,
    pub scale: f32,
    /// Sorted, distinct feature ids.
    pub ids: Vec<u64>,
    /// One more than `ids`: where each feature's entries start.
    pub offsets: Vec<u32>,
    pub entries: Vec<Entry>,
}

/// The chain's weights padded to a whole number of vectors.
#[derive(Debug, Clone)]
struct Padded {
    stride: usize,
    transitions: Vec<f32>,
    /// The transitions transposed, each label's ways in padded the same way.
    into: Vec<f32>,
    start: Vec<f32>,
    end: Vec<f32>,
    /// For Viterbi's pruning: `thresholds[best * labels + other]`, how far a label `other` may
    /// trail the best one and still be the best way into some label of the next token (see
    /// [`Chain`]).
    thresholds: Vec<f32>,
}

impl Padded {
    fn new(labels: usize, transitions: &[f32], start: &[f32], end: &[f32]) -> Self {
        let stride = stride_of(labels);
        let pad = |row: &[f32]| {
            let mut padded = row.to_vec();
            padded.resize(stride, f32::NEG_INFINITY);
            padded
        };
        Padded {
            stride,
            transitions: transitions.chunks(labels.max(1)).flat_map(pad).collect(),
            into: transposed(labels, transitions)
                .chunks(labels.max(1))
                .flat_map(pad)
                .collect(),
            start: pad(start),
            end: pad(end),
            thresholds: pruning_thresholds(&transition_margins(labels, transitions)),
        }
    }
}

/// Scratch buffers for tagging, one set per thread.
#[derive(Default)]
struct Scratch {
    homes: Vec<Slot>,
    /// Where the dense rows of the token being scored start.
    dense_rows: Vec<u32>,
    sums: Vec<i32>,
    scores: Vec<f32>,
    delta: Vec<f32>,
    wide: Vec<f64>,
    forward_backward: ForwardBackward,
}

/// The most score cells (tokens × padded labels) a thread's [`Scratch`] keeps between
/// sequences: after a longer one its buffers are let go (a labeller tags at most a window of
/// a few thousand tokens at once).
const KEPT_CELLS: usize = 1 << 18;

impl Scratch {
    /// Lets the buffers go when a long sequence left them larger than [`KEPT_CELLS`].
    fn shrink(&mut self) {
        let cells = [
            self.sums.capacity(),
            self.scores.capacity(),
            self.delta.capacity(),
            self.wide.capacity(),
            self.homes.capacity() / 4,
        ];
        if cells.into_iter().any(|c| c > KEPT_CELLS) {
            *self = Scratch::default();
        }
    }
}

thread_local! {
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

/// Runs `f` with this thread's scratch buffers (fresh ones if they are in use).
fn with_scratch<R>(mut f: impl FnMut(&mut Scratch) -> R) -> R {
    let done = SCRATCH
        .try_with(|cell| {
            cell.try_borrow_mut().ok().map(|mut scratch| {
                let result = f(&mut scratch);
                scratch.shrink();
                result
            })
        })
        .ok()
        .flatten();
    match done {
        Some(result) => result,
        None => f(&mut Scratch::default()),
    }
}

/// The table slot a feature id hashes to (Fibonacci hashing: fine even for ids that are not
/// hashes).
fn home_slot(id: u64, bits: u32) -> usize {
    (id.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as usize
}

impl Model {
    /// Checks the parts and builds the lookup table.
    pub(crate) fn from_parts(parts: Parts) -> Result<Model, CrfError> {
        let labels = parts.labels;
        if labels == 0 || labels > MAX_LABELS {
            return Err(CrfError::LabelCount(labels));
        }
        check_parts(&parts)?;
        let exp_forward: Vec<f64> = parts
            .transitions
            .iter()
            .map(|&w| f64::from(w).exp())
            .collect();
        let mut exp_backward = vec![0.0; labels * labels];
        for from in 0..labels {
            for to in 0..labels {
                exp_backward[to * labels + from] = exp_forward[from * labels + to];
            }
        }
        let into = transposed(labels, &parts.transitions);
        let (table, overflow, dense) = build_table(&parts);
        let padded = Padded::new(labels, &parts.transitions, &parts.start, &parts.end);
        Ok(Model {
            labels,
            transitions: parts.transitions,
            into,
            start: parts.start,
            end: parts.end,
            scale: parts.scale,
            ids: parts.ids,
            offsets: parts.offsets,
            entries: parts.entries,
            table,
            overflow,
            dense,
            padded,
            exp_forward,
            exp_backward,
        })
    }

    /// The parts of the model, for writing it.
    pub(crate) fn parts(&self) -> (&[f32], &[f32], &[f32], f32) {
        (&self.transitions, &self.start, &self.end, self.scale)
    }

    /// Each feature id with its entries, in id order.
    pub(crate) fn features(&self) -> impl Iterator<Item = (u64, &[Entry])> + '_ {
        self.ids
            .iter()
            .zip(self.offsets.windows(2))
            .map(|(&id, range)| {
                let entries = self.entries.get(range[0] as usize..range[1] as usize);
                (id, entries.unwrap_or(&[]))
            })
    }

    /// The number of labels.
    pub fn num_labels(&self) -> usize {
        self.labels
    }

    /// The number of features that have a weight.
    pub fn num_features(&self) -> usize {
        self.ids.len()
    }

    /// The number of (feature, label) weights.
    pub fn num_weights(&self) -> usize {
        self.entries.len()
    }

    /// The weight of the transition from label `from` to label `to` (0 for labels out of range).
    pub fn transition(&self, from: u8, to: u8) -> f32 {
        let (from, to) = (usize::from(from), usize::from(to));
        if from >= self.labels || to >= self.labels {
            return 0.0;
        }
        self.transitions[from * self.labels + to]
    }

    /// The `n` features with the largest weights for `label`, largest first (ties by id).
    pub fn top_features(&self, label: u8, n: usize) -> Vec<(u64, f32)> {
        let mut found: Vec<(u64, f32)> = self
            .features()
            .filter_map(|(id, entries)| {
                let entry = entries.iter().find(|e| e.label == label)?;
                Some((id, dequantize(entry.quantized, self.scale)))
            })
            .collect();
        found.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
        found.truncate(n);
        found
    }

    /// Adds the weights of feature `id`, whose home slot held `first`, to `sums`, by label
    /// (nothing for an unknown feature); a feature with a dense row adds where it starts to
    /// `dense_rows` instead, for [`add_dense_rows`](Model::add_dense_rows).
    #[inline]
    fn add_feature(&self, id: u64, first: Slot, sums: &mut [i32], dense_rows: &mut Vec<u32>) {
        let mask = self.table.len() - 1;
        let mut slot = first;
        let mut index = home_slot(id, self.table.len().trailing_zeros());
        loop {
            let count = (slot.data & 0xFF) as usize;
            if count == 0 {
                return;
            }
            if slot.id == id {
                if count == DENSE as usize {
                    dense_rows.push((slot.data >> 32) as u32);
                } else if count > 2 {
                    let start = (slot.data >> 32) as usize;
                    let packed = self.overflow.get(start..start + count).unwrap_or(&[]);
                    packed.iter().for_each(|&p| add_packed(sums, p));
                } else {
                    add_packed(sums, (slot.data >> 8) as u32 & 0xFF_FFFF);
                    if count == 2 {
                        add_packed(sums, (slot.data >> 32) as u32 & 0xFF_FFFF);
                    }
                }
                return;
            }
            index = (index + 1) & mask;
            slot = self.table[index];
        }
    }

    /// Adds the dense rows of weights starting at `rows` to `sums` (a row of scores, a whole
    /// number of [`QUAD`]s long): a block of labels at a time, the block's sums over all the
    /// rows kept in registers.
    #[inline]
    fn add_dense_rows(&self, rows: &[u32], sums: &mut [i32]) {
        for (block, out) in sums.chunks_mut(DENSE_BLOCK).enumerate() {
            let mut block_sums = [[0i32; QUAD]; DENSE_BLOCK / QUAD];
            for &row in rows {
                let at = row as usize + block * DENSE_BLOCK;
                let weights = self
                    .dense
                    .get(at..at + DENSE_BLOCK)
                    .and_then(|w| <&[i32; DENSE_BLOCK]>::try_from(w).ok())
                    .unwrap_or(&NO_WEIGHTS);
                for (sums, weights) in block_sums.iter_mut().zip(weights.chunks_exact(QUAD)) {
                    for (sum, &weight) in sums.iter_mut().zip(weights) {
                        *sum += weight;
                    }
                }
            }
            for (out, block_sums) in out.chunks_exact_mut(QUAD).zip(block_sums) {
                for (sum, block_sum) in out.iter_mut().zip(block_sums) {
                    *sum += block_sum;
                }
            }
        }
    }

    /// The state scores of every token, `len × stride`.
    ///
    /// The home slots of all the features are read first, in one tight loop: the loads do not
    /// wait for each other, so the cache misses of a large model overlap.
    fn score(&self, sequence: &Sequence, scratch: &mut Scratch) {
        let stride = self.padded.stride;
        let (features, ends) = sequence.flat();
        let bits = self.table.len().trailing_zeros();
        let homes = &mut scratch.homes;
        homes.clear();
        homes.extend(features.iter().map(|&id| self.table[home_slot(id, bits)]));
        let sums = &mut scratch.sums;
        sums.clear();
        sums.resize(ends.len() * stride, 0);
        let dense_rows = &mut scratch.dense_rows;
        let mut start = 0;
        for (row, &end) in sums.chunks_exact_mut(stride).zip(ends) {
            let token = features.get(start..end).unwrap_or(&[]).iter();
            dense_rows.clear();
            for (&id, &first) in token.zip(&homes[start..]) {
                self.add_feature(id, first, row, dense_rows);
            }
            self.add_dense_rows(dense_rows, row);
            start = end;
        }
        scratch.scores.clear();
        scratch
            .scores
            .extend(sums.iter().map(|&sum| sum as f32 * self.scale));
    }

    fn chain(&self) -> Chain<'_> {
        Chain {
            labels: self.labels,
            stride: self.padded.stride,
            transitions: &self.padded.transitions,
            into: &self.padded.into,
            start: &self.padded.start,
            end: &self.padded.end,
            thresholds: &self.padded.thresholds,
        }
    }

    /// The best labelling of `sequence` (one label id per token), under the constraints if
    /// some labelling satisfies them, else without them.
    pub fn tag(&self, sequence: &Sequence, constraints: Option<&Constraints>) -> Vec<u8> {
        let mut out = Vec::with_capacity(sequence.len());
        self.tag_into(sequence, constraints, &mut out);
        out
    }

    /// [`tag`](Model::tag) into `out` (cleared first), allocating nothing once `out` has room.
    pub fn tag_into(
        &self,
        sequence: &Sequence,
        constraints: Option<&Constraints>,
        out: &mut Vec<u8>,
    ) {
        with_scratch(|scratch| {
            self.score(sequence, scratch);
            self.decode(scratch, constraints, out);
        });
    }

    /// Viterbi over the scores in `scratch`; `true` if the constraints were kept.
    fn decode(
        &self,
        scratch: &mut Scratch,
        constraints: Option<&Constraints>,
        out: &mut Vec<u8>,
    ) -> bool {
        let chain = self.chain();
        let (scores, delta) = (&scratch.scores, &mut scratch.delta);
        if viterbi(&chain, scores, constraints, delta, out) {
            return constraints.is_some();
        }
        viterbi(&chain, scores, None, delta, out);
        false
    }

    /// The best labelling, as [`tag`](Model::tag), and for each token the probability of its
    /// label given its neighbours' (in `(0, 1]`): a cheap stand-in for the marginal, from the
    /// token's scores and the transitions to the labels chosen before and after it.
    pub fn tag_with_confidence(
        &self,
        sequence: &Sequence,
        constraints: Option<&Constraints>,
    ) -> (Vec<u8>, Vec<f32>) {
        let mut labels = Vec::with_capacity(sequence.len());
        let mut confidence = Vec::with_capacity(sequence.len());
        with_scratch(|scratch| {
            self.score(sequence, scratch);
            self.decode(scratch, constraints, &mut labels);
            let (n, stride) = (self.labels, self.padded.stride);
            for (t, &label) in labels.iter().enumerate() {
                let row = &scratch.scores[t * stride..t * stride + n];
                let prev = t.checked_sub(1).map(|p| usize::from(labels[p]));
                let next = labels.get(t + 1).map(|&l| usize::from(l));
                let from = prev.map_or(&self.start[..], |p| &self.transitions[p * n..p * n + n]);
                let to = next.map_or(&self.end[..], |q| &self.into[q * n..q * n + n]);
                confidence.push(local_confidence(row, from, to, usize::from(label)));
            }
        });
        (labels, confidence)
    }

    /// The best labelling, as [`tag`](Model::tag), and the marginal probability of each chosen
    /// label (in `(0, 1]`; under the constraints when they were kept).
    pub fn tag_with_marginals(
        &self,
        sequence: &Sequence,
        constraints: Option<&Constraints>,
    ) -> (Vec<u8>, Vec<f32>) {
        let mut labels = Vec::with_capacity(sequence.len());
        let mut marginals = Vec::with_capacity(sequence.len());
        with_scratch(|scratch| {
            self.score(sequence, scratch);
            let kept = self.decode(scratch, constraints, &mut labels);
            self.marginals(
                scratch,
                kept.then_some(constraints).flatten(),
                &labels,
                &mut marginals,
            );
        });
        (labels, marginals)
    }

    /// The marginal of each chosen label, by forward–backward over the scores in `scratch`.
    fn marginals(
        &self,
        scratch: &mut Scratch,
        constraints: Option<&Constraints>,
        chosen: &[u8],
        out: &mut Vec<f32>,
    ) {
        let (labels, stride) = (self.labels, self.padded.stride);
        scratch.wide.clear();
        for row in scratch.scores.chunks_exact(stride) {
            scratch
                .wide
                .extend(row[..labels].iter().map(|&s| f64::from(s)));
        }
        let len = chosen.len();
        if len == 0 {
            return;
        }
        for (s, &w) in scratch.wide[..labels].iter_mut().zip(&self.start) {
            *s += f64::from(w);
        }
        for (s, &w) in scratch.wide[(len - 1) * labels..].iter_mut().zip(&self.end) {
            *s += f64::from(w);
        }
        let chain = ExpChain {
            labels,
            forward: &self.exp_forward,
            backward: &self.exp_backward,
        };
        let fb = &mut scratch.forward_backward;
        let ok = fb.run(&chain, &scratch.wide, constraints)
            || (constraints.is_some() && fb.run(&chain, &scratch.wide, None));
        out.clear();
        out.extend(chosen.iter().enumerate().map(|(t, &label)| {
            let p = if ok {
                fb.marginal(t, usize::from(label)) as f32
            } else {
                0.0
            };
            p.clamp(f32::MIN_POSITIVE, 1.0)
        }));
    }
}

/// Checks that the parts of a model fit together.
fn check_parts(parts: &Parts) -> Result<(), CrfError> {
    let labels = parts.labels;
    if parts.transitions.len() != labels * labels
        || parts.start.len() != labels
        || parts.end.len() != labels
    {
        return Err(CrfError::Corrupt("transition weights"));
    }
    let floats = parts
        .transitions
        .iter()
        .chain(&parts.start)
        .chain(&parts.end);
    if !floats.chain([&parts.scale]).all(|w| w.is_finite()) {
        return Err(CrfError::Corrupt("a weight is not finite"));
    }
    if !parts.ids.windows(2).all(|pair| pair[0] < pair[1]) {
        return Err(CrfError::Corrupt("feature ids out of order"));
    }
    let offsets_ok = parts.offsets.len() == parts.ids.len() + 1
        && parts.offsets.first() == Some(&0)
        && parts.offsets.windows(2).all(|pair| pair[0] < pair[1])
        && parts.offsets.last().map(|&end| end as usize) == Some(parts.entries.len());
    if !offsets_ok {
        return Err(CrfError::Corrupt("feature offsets"));
    }
    let entries_ok = parts.entries.iter().all(|e| usize::from(e.label) < labels);
    if !entries_ok {
        return Err(CrfError::Corrupt("state weights"));
    }
    Ok(())
}

/// The open-addressing table over the features (at most two thirds full: half the memory of
/// a half-full one, and the probes of a lookup stay within a cache line or two), the overflow
/// entries and the dense rows.
fn build_table(parts: &Parts) -> (Vec<Slot>, Vec<u32>, Vec<i32>) {
    let capacity = (parts.ids.len() + parts.ids.len() / 2)
        .next_power_of_two()
        .max(2);
    let bits = capacity.trailing_zeros();
    let width = dense_width(parts.labels);
    let mut table = vec![Slot::default(); capacity];
    let (mut overflow, mut dense) = (Vec::new(), Vec::new());
    for (&id, range) in parts.ids.iter().zip(parts.offsets.windows(2)) {
        let own = parts
            .entries
            .get(range[0] as usize..range[1] as usize)
            .unwrap_or(&[]);
        let data = match own {
            [] => continue,
            [one] => 1 | u64::from(one.packed()) << 8,
            [one, two] => 2 | u64::from(one.packed()) << 8 | u64::from(two.packed()) << 32,
            few if few.len() <= SPARSE_MAX => {
                let start = overflow.len() as u64;
                overflow.extend(few.iter().map(|e| e.packed()));
                few.len() as u64 | start << 32
            }
            many => {
                let start = dense.len() as u64;
                dense.resize(dense.len() + width, 0);
                for entry in many {
                    dense[start as usize + usize::from(entry.label)] = i32::from(entry.quantized);
                }
                DENSE | start << 32
            }
        };
        let mut index = home_slot(id, bits);
        while table[index].data & 0xFF != 0 {
            index = (index + 1) & (capacity - 1);
        }
        table[index] = Slot { id, data };
    }
    (table, overflow, dense)
}

/// The probability of label `label` given the labels around it: `row` the token's scores,
/// `from` the weights of the ways into each label from the label before (or the start
/// weights), `to` those from each label into the label after (or the end weights).
///
/// The exponentials are taken side by side (as vectors), then summed in label order.
fn local_confidence(row: &[f32], from: &[f32], to: &[f32], label: usize) -> f32 {
    let local = |y: usize| row[y] + from[y] + to[y];
    let best = local(label);
    let mut terms = [0f32; MAX_LABELS];
    let labels = row.len().min(MAX_LABELS);
    let ways = row.iter().zip(from).zip(to);
    for (term, ((&score, &from), &to)) in terms[..labels].iter_mut().zip(ways) {
        *term = rough_exp(score + from + to - best);
    }
    let total: f32 = terms[..labels].iter().sum();
    1.0 / total.max(1.0)
}

/// The `labels × labels` matrix `matrix` transposed.
fn transposed(labels: usize, matrix: &[f32]) -> Vec<f32> {
    let mut out = vec![0.0; matrix.len()];
    for from in 0..labels {
        for to in 0..labels {
            out[to * labels + from] = matrix[from * labels + to];
        }
    }
    out
}

/// `e^x` to within a few per cent, for a confidence (Schraudolph's approximation: the exponent
/// bits written directly); 0 below -80.
///
/// Without a branch or a saturating cast, so that a row of them is computed as vectors. For
/// `x` in `[-80, 80]` the bits are a whole number between 2^26 and 2^31, exact in the `f32`,
/// read from the low bits of the `f64` it becomes once 2^52 is added (the same bits as the
/// cast to `u32` gives, for every `f32`); below -80 they are computed and not used.
fn rough_exp(x: f32) -> f32 {
    let bits = x.min(80.0) * 12_102_203.0 + 1_065_353_216.0;
    let shifted = f64::from(bits) + TWO_TO_52;
    let value = f32::from_bits(shifted.to_bits() as u32);
    if x < -80.0 { 0.0 } else { value }
}

/// 2^52: a whole number below it, added to it as an `f64`, is the low bits of the sum.
const TWO_TO_52: f64 = 4_503_599_627_370_496.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rough_exponential_is_the_cast_one() {
        let cast = |x: f32| {
            if x < -80.0 {
                return 0.0;
            }
            f32::from_bits((x.min(80.0) * 12_102_203.0 + 1_065_353_216.0) as u32)
        };
        let specials = [
            f32::NAN,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::MAX,
            f32::MIN,
        ];
        let every_so_often = (0..=u32::MAX).step_by(9_973).map(f32::from_bits);
        for x in specials.into_iter().chain(every_so_often) {
            assert_eq!(rough_exp(x).to_bits(), cast(x).to_bits(), "{x}");
        }
    }
}
