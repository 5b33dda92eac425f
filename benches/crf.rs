//! Criterion benchmark of the CRF engine (`cite::crf`) on synthetic data shaped like the
//! labeller's: 30 labels that follow a Markov chain, 40 features per token drawn from 40
//! feature kinds of very different vocabulary sizes (log-uniformly, so a few values are common
//! and most are rare, as with words), half of them tied to the token's label.
//!
//! A model is trained once, outside the timing, on `TRAIN_TOKENS` tokens; then tagging notes
//! of 30 tokens (Viterbi alone, and with the marginals) and one evaluation-heavy short
//! training run are timed.
//!
//! ```text
//! cargo bench --bench crf
//! OPCIT_CRF_TRAIN_TOKENS=1000000 OPCIT_CRF_VERBOSE=1 cargo bench --bench crf -- crf/tag
//! ```
//!
//! Throughput is in tokens (criterion's "elements").

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use opcit::cite::crf::{Model, Sequence, Trainer, TrainingSequence, feature_id};
use std::hint::black_box;
use std::time::Duration;

const LABELS: u64 = 30;
const KINDS: usize = 40;
const NOTE_TOKENS: usize = 30;
const TRAIN_TOKENS: usize = 200_000;

/// A small deterministic generator (xorshift64*), so that every run sees the same data.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }

    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// A value in `0..n`, log-uniformly: small values are common, large ones rare.
    fn log_uniform(&mut self, n: u64) -> u64 {
        ((n as f64).powf(self.unit()) as u64)
            .saturating_sub(1)
            .min(n - 1)
    }
}

/// The vocabulary size of each feature kind: words and their neighbours (large), prefixes
/// and suffixes (middling), shapes, positions and flags (small).
fn vocabulary(kind: usize) -> u64 {
    match kind % 4 {
        0 => 40_000,
        1 => 5_000,
        2 => 300,
        _ => 12,
    }
}

/// Appends one token with label `label` to `sequence`.
fn push_token(rng: &mut Rng, sequence: &mut Sequence, label: u64, names: &[String]) {
    for (kind, name) in names.iter().enumerate() {
        let size = vocabulary(kind);
        let value = if rng.below(2) == 0 {
            // Tied to the label: a value from the label's own share of the vocabulary.
            let share = (size / LABELS).max(1);
            label * share + rng.log_uniform(share)
        } else {
            rng.log_uniform(size)
        };
        sequence.push_feature(feature_id(name, &value.to_string()));
    }
    sequence.end_token();
}

/// Sequences of `len` tokens each, `tokens` tokens in all.
fn generate(rng: &mut Rng, tokens: usize, len: usize) -> Vec<TrainingSequence> {
    let names: Vec<String> = (0..KINDS).map(|k| format!("kind{k}")).collect();
    let mut data = Vec::new();
    let mut label = rng.below(LABELS);
    for _ in 0..tokens / len {
        let mut sequence = Sequence::with_capacity(len, len * KINDS);
        let mut gold = Vec::with_capacity(len);
        for _ in 0..len {
            if rng.below(10) < 3 {
                label = (label + 1 + rng.log_uniform(LABELS - 1)) % LABELS;
            }
            push_token(rng, &mut sequence, label, &names);
            gold.push(label as u8);
        }
        data.push(TrainingSequence::new(sequence, gold));
    }
    data
}

/// The model of the synthetic data, with the training time per evaluation on stderr.
fn trained_model(data: &[TrainingSequence]) -> Model {
    let mut trainer = Trainer::new(LABELS as usize);
    trainer.max_iterations = 25;
    trainer.threads = 2;
    trainer.verbose = std::env::var_os("OPCIT_CRF_VERBOSE").is_some();
    let mut first: Option<(f64, usize)> = None;
    let mut last = (0.0, 0);
    let model = trainer
        .train_with_progress(data, &mut |p| {
            first.get_or_insert((p.seconds, p.evaluations));
            last = (p.seconds, p.evaluations);
        })
        .expect("the synthetic model trains");
    if let Some((seconds, evaluations)) = first {
        let per = (last.0 - seconds) / (last.1 - evaluations).max(1) as f64;
        eprintln!(
            "crf bench: trained on {} tokens: {:.1} s to the first iteration, then {per:.2} s per evaluation ({} evaluations)",
            data.iter().map(|s| s.labels.len()).sum::<usize>(),
            seconds,
            last.1
        );
    }
    model
}

fn tagging(c: &mut Criterion) {
    let tokens = std::env::var("OPCIT_CRF_TRAIN_TOKENS")
        .ok()
        .and_then(|t| t.parse().ok())
        .unwrap_or(TRAIN_TOKENS);
    let train = generate(&mut Rng(1), tokens, 40);
    let model = trained_model(&train);
    let bytes = model.to_bytes();
    eprintln!(
        "crf bench: {} features, {} weights, {} bytes ({:.0} bytes per 100k weights)",
        model.num_features(),
        model.num_weights(),
        bytes.len(),
        bytes.len() as f64 * 100_000.0 / model.num_weights() as f64
    );
    let notes: Vec<Sequence> = generate(&mut Rng(2), 100 * NOTE_TOKENS, NOTE_TOKENS)
        .into_iter()
        .map(|s| s.features)
        .collect();
    let tokens: usize = notes.iter().map(Sequence::len).sum();
    let mut group = c.benchmark_group("crf");
    group.throughput(Throughput::Elements(tokens as u64));
    group.bench_function("tag", |b| {
        let mut out = Vec::with_capacity(NOTE_TOKENS);
        b.iter(|| {
            for note in &notes {
                model.tag_into(black_box(note), None, &mut out);
                black_box(&out);
            }
        })
    });
    group.bench_function("tag_with_marginals", |b| {
        b.iter(|| {
            for note in &notes {
                black_box(model.tag_with_marginals(black_box(note), None));
            }
        })
    });
    group.bench_function("from_bytes", |b| {
        b.iter(|| black_box(Model::from_bytes(black_box(&bytes)).expect("reads")))
    });
    group.finish();
}

fn training(c: &mut Criterion) {
    let data = generate(&mut Rng(3), 20_000, 40);
    let mut group = c.benchmark_group("crf_train");
    group.sample_size(10);
    group.throughput(Throughput::Elements(20_000 * 5));
    group.bench_function("5_iterations_20k_tokens", |b| {
        let mut trainer = Trainer::new(LABELS as usize);
        trainer.max_iterations = 5;
        trainer.threads = 2;
        b.iter(|| black_box(trainer.train(&data).expect("trains")))
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .measurement_time(Duration::from_secs(5))
        .warm_up_time(Duration::from_secs(1))
}

criterion_group! {
    name = benches;
    config = config();
    targets = tagging, training
}
criterion_main!(benches);
