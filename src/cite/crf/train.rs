//! Training: the feature set, the regularised log-likelihood and its gradient, in parallel and
//! reproducibly.
//!
//! The weights are laid out as: transitions (`from × labels + to`), start weights, end
//! weights, then one weight per (feature, label) pair seen in the data, by feature id and
//! label. The gradient is summed over a fixed number of chunks of sequences (the chunks do
//! not depend on the number of threads), combined along a fixed binary tree: the sums, and so
//! the trained model, are the same bit for bit with 1 thread or 16.

use super::decode::{ExpChain, ForwardBackward};
use super::lbfgs::{self, Iteration, Settings, Stop};
use super::model::{Entry, Model, Parts};
use super::{CrfError, MAX_LABELS, Sequence};
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Mutex;
use std::time::Instant;

/// One training example: a sequence of tokens, the gold label of each, and a weight.
#[derive(Debug, Clone, PartialEq)]
pub struct TrainingSequence {
    /// The features of each token.
    pub features: Sequence,
    /// The gold label id of each token (as many as tokens, each below the label count).
    pub labels: Vec<u8>,
    /// How much the sequence counts (1.0 by default; use it to balance data sources).
    pub weight: f64,
}

impl TrainingSequence {
    /// A sequence with weight 1.0.
    pub fn new(features: Sequence, labels: Vec<u8>) -> Self {
        Self {
            features,
            labels,
            weight: 1.0,
        }
    }

    /// The same sequence with another weight.
    pub fn with_weight(mut self, weight: f64) -> Self {
        self.weight = weight;
        self
    }
}

/// Where training is, after each L-BFGS iteration.
#[derive(Debug, Clone, Copy, PartialEq)]
#[non_exhaustive]
pub struct Progress {
    /// The iteration, from 1.
    pub iteration: usize,
    /// The objective: the weighted negative log-likelihood plus the regularisation.
    pub objective: f64,
    /// The norm of the (pseudo-)gradient.
    pub gradient_norm: f64,
    /// The line search's step.
    pub step: f64,
    /// Evaluations of the objective so far.
    pub evaluations: usize,
    /// Seconds since training started (the feature set included).
    pub seconds: f64,
}

/// The settings of training; [`Trainer::new`] gives the defaults, then set the fields.
///
/// The model maximises the weighted conditional log-likelihood minus `c1 ‖w‖₁ + c2 ‖w‖²`,
/// like CRFsuite's `lbfgs` trainer.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Trainer {
    /// The number of labels (1 to 64): label ids are `0..num_labels`.
    pub num_labels: usize,
    /// The L1 coefficient (default 0). Above 0, training uses OWL-QN and the model is sparse.
    pub c1: f64,
    /// The L2 coefficient (default 1.0).
    pub c2: f64,
    /// The most L-BFGS iterations (default 300).
    pub max_iterations: usize,
    /// Stop when the objective improved by less than this fraction over the last `period`
    /// iterations (default 1e-5).
    pub epsilon: f64,
    /// See `epsilon` (default 10).
    pub period: usize,
    /// The number of past steps L-BFGS remembers (default 6).
    pub memory: usize,
    /// Keep only the (feature, label) pairs seen at least this often (default 1).
    pub min_feature_freq: u32,
    /// Drop state weights smaller than this in magnitude from the model (default 1e-4).
    pub prune_threshold: f64,
    /// The number of threads; 0 for one per core (default 0). The model does not depend on it.
    pub threads: usize,
    /// Log each iteration to stderr (default false).
    pub verbose: bool,
}

/// The number of chunks the gradient is summed over (fixed, so the result is too).
const CHUNKS: usize = 16;

impl Trainer {
    /// The default settings for `num_labels` labels.
    pub fn new(num_labels: usize) -> Self {
        Self {
            num_labels,
            c1: 0.0,
            c2: 1.0,
            max_iterations: 300,
            epsilon: 1e-5,
            period: 10,
            memory: 6,
            min_feature_freq: 1,
            prune_threshold: 1e-4,
            threads: 0,
            verbose: false,
        }
    }

    /// Trains a model (logging to stderr if `verbose`).
    pub fn train(&self, data: &[TrainingSequence]) -> Result<Model, CrfError> {
        let verbose = self.verbose;
        self.train_with_progress(data, &mut |p: &Progress| {
            if verbose {
                eprintln!(
                    "crf: iteration {:>4}  objective {:.6e}  |g| {:.3e}  step {:.3e}  evaluations {}  {:.1} s",
                    p.iteration, p.objective, p.gradient_norm, p.step, p.evaluations, p.seconds
                );
            }
        })
    }

    /// Trains a model, calling `progress` after each iteration.
    pub fn train_with_progress(
        &self,
        data: &[TrainingSequence],
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<Model, CrfError> {
        self.check_settings()?;
        check_data(data, self.num_labels)?;
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(self.threads)
            .build()
            .map_err(|e| CrfError::ThreadPool(e.to_string()))?;
        self.train_in_pool(&pool, data, progress)
    }

    fn check_settings(&self) -> Result<(), CrfError> {
        if self.num_labels == 0 || self.num_labels > MAX_LABELS {
            return Err(CrfError::LabelCount(self.num_labels));
        }
        let checks = [
            (
                self.c1.is_finite() && self.c1 >= 0.0,
                "c1 must be finite and not negative",
            ),
            (
                self.c2.is_finite() && self.c2 >= 0.0,
                "c2 must be finite and not negative",
            ),
            (
                self.epsilon.is_finite() && self.epsilon >= 0.0,
                "epsilon must be finite and not negative",
            ),
            (self.period > 0, "period must be at least 1"),
            (self.memory > 0, "memory must be at least 1"),
            (
                self.prune_threshold.is_finite() && self.prune_threshold >= 0.0,
                "prune_threshold must be finite and not negative",
            ),
        ];
        match checks.iter().find(|(ok, _)| !ok) {
            Some((_, message)) => Err(CrfError::Setting(message)),
            None => Ok(()),
        }
    }

    fn train_in_pool(
        &self,
        pool: &rayon::ThreadPool,
        data: &[TrainingSequence],
        progress: &mut dyn FnMut(&Progress),
    ) -> Result<Model, CrfError> {
        let started = Instant::now();
        let features = FeatureSet::build(data, self.num_labels, self.min_feature_freq);
        let corpus = pool.install(|| Corpus::encode(data, &features));
        if corpus.sequences.is_empty() {
            return Err(CrfError::NoData);
        }
        if self.verbose {
            eprintln!(
                "crf: {} sequences, {} tokens, {} features, {} weights, {:.1} s",
                corpus.sequences.len(),
                corpus.tokens,
                features.ids.len(),
                features.num_weights(),
                started.elapsed().as_secs_f64()
            );
        }
        let objective = Objective::new(&features, &corpus, self.c2);
        let mut weights = vec![0.0; features.num_weights()];
        let settings = Settings {
            memory: self.memory,
            max_iterations: self.max_iterations,
            epsilon: self.epsilon,
            period: self.period,
            c1: self.c1,
            max_line_search: 20,
        };
        let mut evaluate = |w: &[f64], g: &mut [f64]| pool.install(|| objective.evaluate(w, g));
        let mut report = |i: &Iteration| {
            progress(&Progress {
                iteration: i.iteration,
                objective: i.objective,
                gradient_norm: i.gradient_norm,
                step: i.step,
                evaluations: i.evaluations,
                seconds: started.elapsed().as_secs_f64(),
            })
        };
        let stop = lbfgs::minimize(&mut weights, &settings, &mut evaluate, &mut report);
        if self.verbose {
            let why = match stop {
                Stop::Converged => "converged",
                Stop::MaxIterations => "reached the iteration limit",
                Stop::LineSearchFailed => "stopped: the line search failed",
            };
            eprintln!("crf: {why} after {:.1} s", started.elapsed().as_secs_f64());
        }
        features.into_model(&weights, self.prune_threshold)
    }
}

/// Checks the label count, the lengths, labels and weights of the data.
fn check_data(data: &[TrainingSequence], labels: usize) -> Result<(), CrfError> {
    for (index, sequence) in data.iter().enumerate() {
        if sequence.labels.len() != sequence.features.len() {
            return Err(CrfError::LengthMismatch {
                sequence: index,
                tokens: sequence.features.len(),
                labels: sequence.labels.len(),
            });
        }
        if let Some(&label) = sequence.labels.iter().find(|&&l| usize::from(l) >= labels) {
            return Err(CrfError::LabelOutOfRange {
                sequence: index,
                label,
            });
        }
        if !(sequence.weight.is_finite() && sequence.weight >= 0.0) {
            return Err(CrfError::BadWeight { sequence: index });
        }
    }
    Ok(())
}

/// A hasher for ids that are already hashes (and small tuples of them): a multiply and a
/// final mix, no per-byte work.
#[derive(Default)]
pub(crate) struct IdHasher(u64);

impl Hasher for IdHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &byte in bytes {
            self.write_u64(u64::from(byte));
        }
    }

    fn write_u8(&mut self, value: u8) {
        self.write_u64(u64::from(value));
    }

    fn write_u32(&mut self, value: u32) {
        self.write_u64(u64::from(value));
    }

    fn write_u64(&mut self, value: u64) {
        self.0 = (self.0.rotate_left(23) ^ value).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }

    fn finish(&self) -> u64 {
        let h = self.0 ^ (self.0 >> 32);
        h.wrapping_mul(0xFF51_AFD7_ED55_8CCD) ^ (h >> 29)
    }
}

type IdMap<K, V> = HashMap<K, V, BuildHasherDefault<IdHasher>>;

/// A feature id, a label, and how often they were seen together.
type Pair = (u64, u8, u32);

/// The (feature, label) pairs that get a weight.
struct FeatureSet {
    labels: usize,
    /// The distinct feature ids, the most frequent first.
    ids: Vec<u64>,
    /// Where each feature's labels start in `pair_labels` (one more than `ids`).
    offsets: Vec<u32>,
    /// The label of each pair, by feature then label.
    pair_labels: Vec<u8>,
    /// Feature id → index in `ids`.
    index: IdMap<u64, u32>,
    /// The state weights of dense rows whose (feature, label) pair was never seen: kept at 0.
    frozen: Vec<u32>,
}

impl FeatureSet {
    /// The pairs seen at least `min_freq` times in the data.
    fn build(data: &[TrainingSequence], labels: usize, min_freq: u32) -> FeatureSet {
        let mut counts: IdMap<(u64, u8), u32> = IdMap::default();
        for sequence in data.iter().filter(|s| s.weight > 0.0) {
            for (token, &label) in sequence.features.tokens().zip(&sequence.labels) {
                for &id in token {
                    *counts.entry((id, label)).or_insert(0) += 1;
                }
            }
        }
        let mut pairs: Vec<Pair> = counts
            .into_iter()
            .filter(|&(_, count)| count >= min_freq)
            .map(|((id, label), count)| (id, label, count))
            .collect();
        pairs.sort_unstable();
        FeatureSet::from_pairs(labels, &pairs)
    }

    /// The feature set of the sorted (feature, label, count) pairs, the most frequent features
    /// first: their weights and counts then share a few cache lines.
    fn from_pairs(labels: usize, pairs: &[Pair]) -> FeatureSet {
        // (total count, id, the feature's pairs), most frequent first, then by id.
        let mut groups: Vec<(u64, u64, &[Pair])> = pairs
            .chunk_by(|a, b| a.0 == b.0)
            .map(|group| {
                (
                    group.iter().map(|p| u64::from(p.2)).sum(),
                    group[0].0,
                    group,
                )
            })
            .collect();
        groups.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        let mut set = FeatureSet {
            labels,
            ids: Vec::with_capacity(groups.len()),
            offsets: Vec::with_capacity(groups.len() + 1),
            pair_labels: Vec::with_capacity(pairs.len()),
            index: IdMap::default(),
            frozen: Vec::new(),
        };
        set.index.reserve(groups.len());
        set.offsets.push(0);
        for (_, id, group) in groups {
            set.index.insert(id, set.ids.len() as u32);
            set.ids.push(id);
            if 2 * group.len() >= labels {
                set.push_dense(group);
            } else {
                set.pair_labels.extend(group.iter().map(|p| p.1));
            }
            set.offsets.push(set.pair_labels.len() as u32);
        }
        set
    }

    /// Gives a feature seen with many labels a weight for every label (a dense row, summed
    /// with whole vectors); those of labels it was not seen with are frozen at 0.
    fn push_dense(&mut self, group: &[Pair]) {
        let start = self.pair_labels.len();
        let mut seen = group.iter().map(|p| p.1).peekable();
        for label in 0..self.labels as u8 {
            if seen.next_if_eq(&label).is_none() {
                self.frozen.push((start + usize::from(label)) as u32);
            }
            self.pair_labels.push(label);
        }
    }

    /// Whether a feature's range is a dense row (then its labels are `0..labels`, in order).
    fn is_dense(&self, range: &std::ops::Range<usize>) -> bool {
        range.len() == self.labels
    }

    /// Where the state weights start in the weight vector.
    fn base(&self) -> usize {
        self.labels * self.labels + 2 * self.labels
    }

    fn num_weights(&self) -> usize {
        self.base() + self.pair_labels.len()
    }

    /// The range of feature `attribute`'s pairs.
    fn range(&self, attribute: u32) -> std::ops::Range<usize> {
        let a = attribute as usize;
        self.offsets[a] as usize..self.offsets[a + 1] as usize
    }

    /// The model of the trained weights: state weights below `threshold` dropped, the rest
    /// quantized to `i16` with one scale.
    fn into_model(self, weights: &[f64], threshold: f64) -> Result<Model, CrfError> {
        let labels = self.labels;
        let base = self.base();
        let to_f32 =
            |range: std::ops::Range<usize>| weights[range].iter().map(|&w| w as f32).collect();
        let state = &weights[base..];
        let kept = |w: f64| w.abs() >= threshold && w != 0.0;
        let largest = state
            .iter()
            .filter(|&&w| kept(w))
            .fold(0.0f64, |m, w| m.max(w.abs()));
        let scale = if largest > 0.0 {
            largest as f32 / 32767.0
        } else {
            1.0
        };
        let mut kept_features: Vec<(u64, Vec<Entry>)> = Vec::new();
        for (a, &id) in self.ids.iter().enumerate() {
            let entries: Vec<Entry> = self
                .range(a as u32)
                .filter_map(|k| {
                    let w = state[k];
                    let quantized = ((w as f32) / scale).round().clamp(-32767.0, 32767.0) as i16;
                    let label = self.pair_labels[k];
                    (kept(w) && quantized != 0).then_some(Entry { label, quantized })
                })
                .collect();
            if !entries.is_empty() {
                kept_features.push((id, entries));
            }
        }
        kept_features.sort_unstable_by_key(|&(id, _)| id);
        let (mut ids, mut offsets, mut entries) = (Vec::new(), vec![0u32], Vec::new());
        for (id, own) in kept_features {
            ids.push(id);
            entries.extend(own);
            offsets.push(entries.len() as u32);
        }
        Model::from_parts(Parts {
            labels,
            transitions: to_f32(0..labels * labels),
            start: to_f32(labels * labels..labels * labels + labels),
            end: to_f32(labels * labels + labels..base),
            scale,
            ids,
            offsets,
            entries,
        })
    }
}

/// A training sequence with its features replaced by feature indices.
struct Encoded<'a> {
    /// The feature indices of all tokens, flat.
    attributes: Vec<u32>,
    /// Where each token ends in `attributes`.
    ends: Vec<u32>,
    labels: &'a [u8],
    weight: f64,
}

impl Encoded<'_> {
    fn len(&self) -> usize {
        self.ends.len()
    }

    /// The feature indices of each token.
    fn tokens(&self) -> impl Iterator<Item = &[u32]> + '_ {
        let starts = std::iter::once(0).chain(self.ends.iter().copied());
        starts
            .zip(&self.ends)
            .map(|(s, &e)| &self.attributes[s as usize..e as usize])
    }
}

/// The training data, encoded, in fixed chunks.
struct Corpus<'a> {
    sequences: Vec<Encoded<'a>>,
    tokens: usize,
    /// The sequences of each chunk: `chunks[i]..chunks[i + 1]`.
    chunks: Vec<usize>,
}

impl<'a> Corpus<'a> {
    fn encode(data: &'a [TrainingSequence], features: &FeatureSet) -> Corpus<'a> {
        use rayon::prelude::*;
        let sequences: Vec<Encoded<'a>> = data
            .par_iter()
            .filter(|s| s.weight > 0.0 && !s.labels.is_empty())
            .map(|s| encode_one(s, features))
            .collect();
        let tokens = sequences.iter().map(Encoded::len).sum();
        let chunks = chunk_bounds(&sequences, tokens);
        Corpus {
            sequences,
            tokens,
            chunks,
        }
    }
}

fn encode_one<'a>(sequence: &'a TrainingSequence, features: &FeatureSet) -> Encoded<'a> {
    let mut attributes = Vec::with_capacity(sequence.features.tokens().map(<[u64]>::len).sum());
    let mut ends = Vec::with_capacity(sequence.features.len());
    for token in sequence.features.tokens() {
        attributes.extend(token.iter().filter_map(|id| features.index.get(id)));
        ends.push(attributes.len() as u32);
    }
    Encoded {
        attributes,
        ends,
        labels: &sequence.labels,
        weight: sequence.weight,
    }
}

/// Cuts the sequences into at most [`CHUNKS`] runs of about equal token counts.
fn chunk_bounds(sequences: &[Encoded<'_>], tokens: usize) -> Vec<usize> {
    let count = CHUNKS.min(sequences.len()).max(1);
    let mut bounds = vec![0];
    let mut seen = 0usize;
    for (index, sequence) in sequences.iter().enumerate() {
        seen += sequence.len();
        let target = tokens * bounds.len() / count;
        if seen >= target && bounds.len() < count && index + 1 < sequences.len() {
            bounds.push(index + 1);
        }
    }
    bounds.push(sequences.len());
    bounds
}

/// The negative log-likelihood and its gradient.
struct Objective<'a> {
    features: &'a FeatureSet,
    corpus: &'a Corpus<'a>,
    c2: f64,
    /// The weighted counts of every weight's feature on the gold labelling.
    observed: Vec<f64>,
    /// Zeroed gradient buffers, reused across chunks and evaluations.
    pool: Mutex<Vec<Vec<f64>>>,
}

/// Per-chunk scratch for the gradient.
#[derive(Default)]
struct Workspace {
    scores: Vec<f64>,
    outer: Vec<f64>,
    forward_backward: ForwardBackward,
}

impl<'a> Objective<'a> {
    fn new(features: &'a FeatureSet, corpus: &'a Corpus<'a>, c2: f64) -> Self {
        let observed = observed_counts(features, corpus);
        Self {
            features,
            corpus,
            c2,
            observed,
            pool: Mutex::new(Vec::new()),
        }
    }

    /// The objective at `weights`, its gradient in `gradient`.
    fn evaluate(&self, weights: &[f64], gradient: &mut [f64]) -> f64 {
        let labels = self.features.labels;
        let forward: Vec<f64> = weights[..labels * labels].iter().map(|w| w.exp()).collect();
        let mut backward = vec![0.0; labels * labels];
        for from in 0..labels {
            for to in 0..labels {
                backward[to * labels + from] = forward[from * labels + to];
            }
        }
        let chain = ExpChain {
            labels,
            forward: &forward,
            backward: &backward,
        };
        let chunks = self.corpus.chunks.len() - 1;
        let (log_z, expected) = self.sum_chunks(&chain, weights, 0..chunks);
        let mut value = log_z - lbfgs::dot(weights, &self.observed);
        for (((g, &e), &o), &w) in gradient
            .iter_mut()
            .zip(&expected)
            .zip(&self.observed)
            .zip(weights)
        {
            *g = e - o + 2.0 * self.c2 * w;
        }
        let base = self.features.base();
        for &k in &self.features.frozen {
            if let Some(g) = gradient.get_mut(base + k as usize) {
                *g = 0.0;
            }
        }
        value += self.c2 * lbfgs::dot(weights, weights);
        self.give_back(expected);
        value
    }

    /// The sum of `weight × log Z` and of the expected counts over the chunks in `range`,
    /// halving the range down to single chunks (a fixed tree whatever the threads).
    fn sum_chunks(
        &self,
        chain: &ExpChain<'_>,
        weights: &[f64],
        range: std::ops::Range<usize>,
    ) -> (f64, Vec<f64>) {
        if range.len() <= 1 {
            return self.chunk(chain, weights, range.start);
        }
        let middle = range.start + range.len() / 2;
        let ((z_left, mut left), (z_right, right)) = rayon::join(
            || self.sum_chunks(chain, weights, range.start..middle),
            || self.sum_chunks(chain, weights, middle..range.end),
        );
        left.iter_mut().zip(&right).for_each(|(l, r)| *l += r);
        self.give_back(right);
        (z_left + z_right, left)
    }

    fn take_buffer(&self) -> Vec<f64> {
        let spare = self.pool.lock().ok().and_then(|mut pool| pool.pop());
        match spare {
            Some(mut buffer) => {
                buffer.fill(0.0);
                buffer
            }
            None => vec![0.0; self.features.num_weights()],
        }
    }

    fn give_back(&self, buffer: Vec<f64>) {
        if let Ok(mut pool) = self.pool.lock() {
            pool.push(buffer);
        }
    }

    /// `weight × log Z` and the expected counts of one chunk.
    fn chunk(&self, chain: &ExpChain<'_>, weights: &[f64], chunk: usize) -> (f64, Vec<f64>) {
        let mut expected = self.take_buffer();
        let mut workspace = Workspace::default();
        let mut log_z = 0.0;
        let bounds = &self.corpus.chunks;
        let sequences = self
            .corpus
            .sequences
            .get(bounds[chunk]..bounds[chunk + 1])
            .unwrap_or(&[]);
        for sequence in sequences {
            log_z += self.add_sequence(chain, weights, sequence, &mut workspace, &mut expected);
        }
        (log_z, expected)
    }

    /// Adds one sequence's expected counts to `expected`; its `weight × log Z`.
    fn add_sequence(
        &self,
        chain: &ExpChain<'_>,
        weights: &[f64],
        sequence: &Encoded<'_>,
        work: &mut Workspace,
        expected: &mut [f64],
    ) -> f64 {
        let labels = self.features.labels;
        let base = self.features.base();
        let (len, weight) = (sequence.len(), sequence.weight);
        self.state_scores(weights, sequence, &mut work.scores);
        if !work.forward_backward.run(chain, &work.scores, None) {
            return f64::INFINITY;
        }
        let (state_start, state_end) = (labels * labels, labels * labels + labels);
        for (t, token) in sequence.tokens().enumerate() {
            let mut marginals = [0.0f64; MAX_LABELS];
            work.forward_backward
                .marginals_of(t, &mut marginals[..labels]);
            for &attribute in token {
                let range = self.features.range(attribute);
                let pair_labels = &self.features.pair_labels[range.clone()];
                let out = &mut expected[base + range.start..base + range.end];
                if self.features.is_dense(&range) {
                    out.iter_mut()
                        .zip(&marginals)
                        .for_each(|(e, m)| *e += weight * m);
                    continue;
                }
                for (e, &label) in out.iter_mut().zip(pair_labels) {
                    *e += weight * marginals[usize::from(label) % MAX_LABELS];
                }
            }
            let marginals = &marginals[..labels];
            let edge = if t == 0 { Some(state_start) } else { None };
            let edge = edge.into_iter().chain((t == len - 1).then_some(state_end));
            for offset in edge {
                for (e, &m) in expected[offset..offset + labels].iter_mut().zip(marginals) {
                    *e += weight * m;
                }
            }
        }
        let transitions = &mut expected[..labels * labels];
        work.forward_backward
            .add_transition_counts(chain, weight, &mut work.outer, transitions);
        weight * work.forward_backward.log_z()
    }

    /// The state scores of a sequence, start and end weights included.
    fn state_scores(&self, weights: &[f64], sequence: &Encoded<'_>, scores: &mut Vec<f64>) {
        let labels = self.features.labels;
        let base = self.features.base();
        let len = sequence.len();
        scores.clear();
        scores.resize(len * labels, 0.0);
        for (row, token) in scores.chunks_exact_mut(labels).zip(sequence.tokens()) {
            let mut sums = [0.0f64; MAX_LABELS];
            for &attribute in token {
                let range = self.features.range(attribute);
                let pair_labels = &self.features.pair_labels[range.clone()];
                let pair_weights = &weights[base + range.start..base + range.end];
                if self.features.is_dense(&range) {
                    sums.iter_mut().zip(pair_weights).for_each(|(s, w)| *s += w);
                    continue;
                }
                for (&label, &w) in pair_labels.iter().zip(pair_weights) {
                    sums[usize::from(label) % MAX_LABELS] += w;
                }
            }
            row.copy_from_slice(&sums[..labels]);
        }
        let start = &weights[labels * labels..labels * labels + labels];
        let end = &weights[labels * labels + labels..base];
        scores[..labels]
            .iter_mut()
            .zip(start)
            .for_each(|(s, w)| *s += w);
        scores[(len - 1) * labels..]
            .iter_mut()
            .zip(end)
            .for_each(|(s, w)| *s += w);
    }
}

/// The weighted count of every weight's feature on the gold labellings.
fn observed_counts(features: &FeatureSet, corpus: &Corpus<'_>) -> Vec<f64> {
    let labels = features.labels;
    let base = features.base();
    let mut observed = vec![0.0; features.num_weights()];
    for sequence in &corpus.sequences {
        let weight = sequence.weight;
        let gold = sequence.labels;
        for (token, &label) in sequence.tokens().zip(gold) {
            for &attribute in token {
                let range = features.range(attribute);
                let found = features.pair_labels[range.clone()]
                    .iter()
                    .position(|&l| l == label);
                if let Some(k) = found {
                    observed[base + range.start + k] += weight;
                }
            }
        }
        for pair in gold.windows(2) {
            observed[usize::from(pair[0]) * labels + usize::from(pair[1])] += weight;
        }
        if let (Some(&first), Some(&last)) = (gold.first(), gold.last()) {
            observed[labels * labels + usize::from(first)] += weight;
            observed[labels * labels + labels + usize::from(last)] += weight;
        }
    }
    observed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cite::crf::feature_id;

    /// The analytic gradient matches central differences of the objective.
    #[test]
    fn the_gradient_is_right() {
        let mut seed = 0x1234_5678_u64;
        let mut next = move |n: u64| {
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            (seed >> 33) % n
        };
        let data: Vec<TrainingSequence> = (0..6)
            .map(|_| {
                let len = 1 + next(5) as usize;
                let tokens: Vec<Vec<u64>> = (0..len)
                    .map(|_| {
                        (0..3)
                            .map(|_| feature_id("f", &next(8).to_string()))
                            .collect()
                    })
                    .collect();
                let labels = (0..len).map(|_| next(3) as u8).collect();
                TrainingSequence::new(Sequence::from_tokens(&tokens), labels)
                    .with_weight(0.5 + next(3) as f64)
            })
            .collect();
        let features = FeatureSet::build(&data, 3, 1);
        let corpus = Corpus::encode(&data, &features);
        let objective = Objective::new(&features, &corpus, 0.3);
        let n = features.num_weights();
        let mut weights: Vec<f64> = (0..n).map(|_| next(2001) as f64 / 1000.0 - 1.0).collect();
        let base = features.base();
        let frozen: Vec<usize> = features.frozen.iter().map(|&k| base + k as usize).collect();
        assert!(
            !frozen.is_empty(),
            "the data gives some feature a dense row"
        );
        for &k in &frozen {
            weights[k] = 0.0;
        }
        let mut gradient = vec![0.0; n];
        objective.evaluate(&weights, &mut gradient);
        assert!(frozen.iter().all(|&k| gradient[k] == 0.0));
        let mut scratch = vec![0.0; n];
        for k in (0..n).filter(|k| !frozen.contains(k)) {
            let h = 1e-5;
            let (mut up, mut down) = (weights.clone(), weights.clone());
            up[k] += h;
            down[k] -= h;
            let numeric = (objective.evaluate(&up, &mut scratch)
                - objective.evaluate(&down, &mut scratch))
                / (2.0 * h);
            assert!(
                (numeric - gradient[k]).abs() < 1e-5 * (1.0 + numeric.abs()),
                "weight {k}: {numeric} vs {}",
                gradient[k]
            );
        }
    }
}
