use super::*;
use std::collections::HashMap;

/// A small deterministic random generator (xorshift64*).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn word(value: &str) -> u64 {
    feature_id("word", value)
}

/// Toy notes: `see` is a signal (0), capitalised words an author (1), digits a year (2),
/// `p` and the number after it a locator (3); `and` takes the label of the word before.
fn toy_data() -> Vec<TrainingSequence> {
    let notes: &[&[(&str, u8)]] = &[
        &[("see", 0), ("Smith", 1), ("2001", 2), ("p", 3), ("48", 3)],
        &[("Smith", 1), ("and", 1), ("Jones", 1), ("1999", 2)],
        &[("see", 0), ("Jones", 1), ("2010", 2)],
        &[("Jones", 1), ("2003", 2), ("p", 3), ("12", 3)],
        &[
            ("see", 0),
            ("Brown", 1),
            ("and", 1),
            ("Smith", 1),
            ("1987", 2),
            ("p", 3),
            ("9", 3),
        ],
        &[("2001", 2), ("and", 2), ("2003", 2)],
    ];
    notes
        .iter()
        .map(|note| {
            let tokens: Vec<Vec<u64>> = note.iter().map(|(w, _)| token_features(w)).collect();
            let labels = note.iter().map(|&(_, l)| l).collect();
            TrainingSequence::new(Sequence::from_tokens(&tokens), labels)
        })
        .collect()
}

fn token_features(text: &str) -> Vec<u64> {
    let shape = if text.chars().all(|c| c.is_ascii_digit()) {
        "digits"
    } else if text.starts_with(|c: char| c.is_uppercase()) {
        "Xx"
    } else {
        "x"
    };
    vec![
        word(text),
        feature_id("shape", shape),
        feature_id("bias", ""),
    ]
}

fn sequence_of(words: &[&str]) -> Sequence {
    let tokens: Vec<Vec<u64>> = words.iter().map(|w| token_features(w)).collect();
    Sequence::from_tokens(&tokens)
}

fn toy_model() -> Model {
    let mut trainer = Trainer::new(4);
    trainer.c2 = 0.05;
    trainer.threads = 1;
    trainer.train(&toy_data()).expect("the toy model trains")
}

#[test]
fn learns_a_toy_pattern() {
    let model = toy_model();
    assert_eq!(model.num_labels(), 4);
    let note = sequence_of(&["see", "Brown", "and", "Jones", "2020", "p", "7"]);
    assert_eq!(model.tag(&note, None), vec![0, 1, 1, 1, 2, 3, 3]);
    // Unknown features are ignored: an unseen capitalised word is still an author.
    let note = sequence_of(&["see", "Miller", "1990"]);
    assert_eq!(model.tag(&note, None), vec![0, 1, 2]);
    assert!(model.tag(&Sequence::new(), None).is_empty());
    let top = model.top_features(1, 3);
    assert!(top.iter().any(|&(id, _)| id == feature_id("shape", "Xx")));
}

#[test]
fn forced_labels_are_kept() {
    let model = toy_model();
    let note = sequence_of(&["see", "Brown", "2020"]);
    let mut constraints = Constraints::new();
    constraints.force(1, 3);
    let labels = model.tag(&note, Some(&constraints));
    assert_eq!(labels[1], 3);
    let (with_marginals, marginals) = model.tag_with_marginals(&note, Some(&constraints));
    assert_eq!(with_marginals, labels);
    // Under the constraint, token 1 can only be label 3.
    assert!((marginals[1] - 1.0).abs() < 1e-5);
    constraints.clear();
    constraints.allow_only(2, (1 << 0) | (1 << 3));
    assert!(matches!(model.tag(&note, Some(&constraints))[2], 0 | 3));
}

#[test]
fn a_span_keeps_one_label() {
    let model = toy_model();
    let note = sequence_of(&["see", "Brown", "2020", "p", "7"]);
    assert_eq!(model.tag(&note, None), vec![0, 1, 2, 3, 3]);
    let mut constraints = Constraints::new();
    constraints.same_label(1, 3);
    let labels = model.tag(&note, Some(&constraints));
    assert_eq!(labels[1], labels[2]);
    let (again, marginals) = model.tag_with_marginals(&note, Some(&constraints));
    assert_eq!(again, labels);
    assert!(marginals.iter().all(|&p| p > 0.0 && p <= 1.0));
}

#[test]
fn impossible_constraints_fall_back() {
    let model = toy_model();
    let note = sequence_of(&["see", "Brown", "2020"]);
    let free = model.tag(&note, None);
    let mut constraints = Constraints::new();
    constraints.force(0, 0);
    constraints.force(1, 2);
    constraints.same_as_previous(1);
    assert_eq!(model.tag(&note, Some(&constraints)), free);
    constraints.clear();
    constraints.allow_only(2, 1 << 40);
    assert_eq!(model.tag(&note, Some(&constraints)), free);
    let (labels, marginals) = model.tag_with_marginals(&note, Some(&constraints));
    assert_eq!(labels, free);
    assert!(marginals.iter().all(|&p| p > 0.0 && p <= 1.0));
}

#[test]
fn marginals_are_probabilities_and_agree_with_viterbi() {
    let model = toy_model();
    let note = sequence_of(&["see", "Smith", "and", "Jones", "1999", "p", "48"]);
    let (labels, marginals) = model.tag_with_marginals(&note, None);
    assert_eq!(labels, model.tag(&note, None));
    assert_eq!(marginals.len(), labels.len());
    assert!(
        marginals.iter().all(|&p| p > 0.5 && p <= 1.0),
        "{marginals:?}"
    );
}

/// Every labelling of a short sequence, scored by hand: Viterbi finds the best and the
/// marginals match the brute-force sums (with 3 labels, and with 10, where the common
/// features get dense rows of weights).
#[test]
fn viterbi_and_marginals_match_brute_force() {
    for labels in [3u64, 10] {
        let mut rng = Rng(7 + labels);
        let model = random_model(&mut rng, labels, 40, 40);
        let dense = model.features().any(|(_, entries)| entries.len() > 8);
        assert!(labels == 3 || dense, "some feature has a dense row");
        let note = random_sequence(&mut rng, 4, 6, 40);
        let (tagged, marginals) = model.tag_with_marginals(&note, None);
        let weights: HashMap<u64, Vec<model::Entry>> =
            model.features().map(|(id, e)| (id, e.to_vec())).collect();
        let mut scores = Vec::new();
        let n = labels as usize;
        for code in 0..n.pow(4) {
            let path: Vec<u8> = (0..4).map(|t| (code / n.pow(t) % n) as u8).collect();
            scores.push((path_score(&model, &weights, &note, &path), path));
        }
        let best = scores
            .iter()
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .expect("paths");
        assert_eq!(tagged, best.1);
        let z: f64 = scores.iter().map(|(s, _)| s.exp()).sum();
        for (t, (&label, &p)) in tagged.iter().zip(&marginals).enumerate() {
            let mass: f64 = scores
                .iter()
                .filter(|(_, path)| path[t] == label)
                .map(|(s, _)| s.exp())
                .sum();
            assert!(
                (mass / z - f64::from(p)).abs() < 1e-4,
                "token {t}: {} vs {p}",
                mass / z
            );
        }
    }
}

/// The score of a labelling, from the model's weights.
fn path_score(
    model: &Model,
    weights: &HashMap<u64, Vec<model::Entry>>,
    sequence: &Sequence,
    path: &[u8],
) -> f64 {
    let (_, start, end, scale) = model.parts();
    let mut score = 0.0f64;
    for (t, (token, &label)) in sequence.tokens().zip(path).enumerate() {
        for entry in token.iter().filter_map(|id| weights.get(id)).flatten() {
            if entry.label == label {
                score += f64::from(model::dequantize(entry.quantized, scale));
            }
        }
        if t > 0 {
            score += f64::from(model.transition(path[t - 1], label));
        }
    }
    score += f64::from(start[usize::from(path[0])]);
    score += f64::from(end[usize::from(path[path.len() - 1])]);
    score
}

fn random_sequence(rng: &mut Rng, len: usize, per_token: usize, vocabulary: u64) -> Sequence {
    let mut sequence = Sequence::new();
    for _ in 0..len {
        for _ in 0..per_token {
            sequence.push_feature(feature_id("f", &rng.below(vocabulary).to_string()));
        }
        sequence.end_token();
    }
    sequence
}

/// Random data where each label has its favourite features, and a model trained on it.
fn random_data(
    rng: &mut Rng,
    labels: u64,
    vocabulary: u64,
    sequences: usize,
) -> Vec<TrainingSequence> {
    (0..sequences)
        .map(|_| {
            let len = 1 + rng.below(12) as usize;
            let mut sequence = Sequence::new();
            let mut gold = Vec::new();
            let mut label = rng.below(labels);
            for _ in 0..len {
                if rng.below(3) == 0 {
                    label = rng.below(labels);
                }
                for _ in 0..5 {
                    let id = if rng.below(2) == 0 {
                        label * 1000 + rng.below(5)
                    } else {
                        rng.below(vocabulary)
                    };
                    sequence.push_feature(feature_id("f", &id.to_string()));
                }
                sequence.end_token();
                gold.push(label as u8);
            }
            TrainingSequence::new(sequence, gold).with_weight(0.5 + rng.below(3) as f64 * 0.25)
        })
        .collect()
}

fn random_model(rng: &mut Rng, labels: u64, vocabulary: u64, sequences: usize) -> Model {
    let data = random_data(rng, labels, vocabulary, sequences);
    let mut trainer = Trainer::new(labels as usize);
    trainer.max_iterations = 30;
    trainer.threads = 1;
    trainer.train(&data).expect("trains")
}

#[test]
fn bytes_round_trip() {
    let model = toy_model();
    let bytes = model.to_bytes();
    let again = Model::from_bytes(&bytes).expect("reads back");
    assert_eq!(again.to_bytes(), bytes);
    assert_eq!(again.num_weights(), model.num_weights());
    let note = sequence_of(&["see", "Brown", "and", "Jones", "2020", "p", "7"]);
    assert_eq!(again.tag(&note, None), model.tag(&note, None));
    assert_eq!(
        again.tag_with_marginals(&note, None),
        model.tag_with_marginals(&note, None)
    );
}

#[test]
fn bad_bytes_are_errors() {
    let bytes = toy_model().to_bytes();
    for len in 0..bytes.len() {
        assert!(
            Model::from_bytes(&bytes[..len]).is_err(),
            "prefix of {len} bytes"
        );
    }
    for index in 0..bytes.len() {
        let mut flipped = bytes.clone();
        flipped[index] ^= 0x21;
        assert!(Model::from_bytes(&flipped).is_err(), "byte {index} flipped");
    }
    let mut rng = Rng(3);
    for len in [0, 1, 10, 100, 1000] {
        let garbage: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
        assert!(Model::from_bytes(&garbage).is_err());
        let mut framed = b"OPCITCRF\x01\x00".to_vec();
        framed.extend(&garbage);
        assert!(Model::from_bytes(&framed).is_err());
    }
    assert!(matches!(
        Model::from_bytes(b"nonsense"),
        Err(CrfError::BadMagic)
    ));
}

#[test]
fn training_does_not_depend_on_the_threads() {
    let data = random_data(&mut Rng(11), 5, 300, 120);
    let mut trainer = Trainer::new(5);
    trainer.max_iterations = 15;
    trainer.threads = 1;
    let one = trainer.train(&data).expect("trains").to_bytes();
    trainer.threads = 2;
    let two = trainer.train(&data).expect("trains").to_bytes();
    trainer.threads = 3;
    let three = trainer.train(&data).expect("trains").to_bytes();
    assert!(one == two && two == three);
}

#[test]
fn l1_makes_the_model_sparser() {
    let data = random_data(&mut Rng(5), 4, 200, 80);
    let mut trainer = Trainer::new(4);
    trainer.max_iterations = 40;
    let dense = trainer.train(&data).expect("trains");
    trainer.c1 = 0.5;
    trainer.c2 = 0.0;
    let sparse = trainer.train(&data).expect("trains");
    assert!(
        sparse.num_weights() < dense.num_weights() / 2,
        "{} vs {}",
        sparse.num_weights(),
        dense.num_weights()
    );
    let note = random_sequence(&mut Rng(9), 10, 5, 200);
    assert_eq!(sparse.tag(&note, None).len(), 10);
}

#[test]
fn long_sequences_do_not_overflow() {
    let mut rng = Rng(13);
    let model = random_model(&mut rng, 6, 100, 40);
    let note = random_sequence(&mut rng, 5000, 8, 100);
    let (labels, marginals) = model.tag_with_marginals(&note, None);
    assert_eq!(labels.len(), 5000);
    assert!(
        marginals
            .iter()
            .all(|p| p.is_finite() && *p > 0.0 && *p <= 1.0)
    );
}

#[test]
fn bad_training_data_is_an_error() {
    let sequence = sequence_of(&["see", "Smith"]);
    let trainer = Trainer::new(2);
    let wrong_length = [TrainingSequence::new(sequence.clone(), vec![0])];
    assert!(matches!(
        trainer.train(&wrong_length),
        Err(CrfError::LengthMismatch { .. })
    ));
    let out_of_range = [TrainingSequence::new(sequence.clone(), vec![0, 2])];
    assert!(matches!(
        trainer.train(&out_of_range),
        Err(CrfError::LabelOutOfRange { label: 2, .. })
    ));
    let negative = [TrainingSequence::new(sequence.clone(), vec![0, 1]).with_weight(-1.0)];
    assert!(matches!(
        trainer.train(&negative),
        Err(CrfError::BadWeight { .. })
    ));
    assert!(matches!(trainer.train(&[]), Err(CrfError::NoData)));
    assert!(matches!(
        Trainer::new(65).train(&[]),
        Err(CrfError::LabelCount(65))
    ));
}

#[test]
fn feature_ids_are_stable() {
    // FNV-1a 64 of "" is the offset basis; of "a" a published test vector.
    assert_eq!(fnv1a(FNV_OFFSET, b""), 0xcbf2_9ce4_8422_2325);
    assert_eq!(fnv1a(FNV_OFFSET, b"a"), 0xaf63_dc4c_8601_ec8c);
    assert_eq!(feature_id("word", "see"), fnv1a(FNV_OFFSET, b"word\xFFsee"));
    assert_ne!(feature_id("ab", "c"), feature_id("a", "bc"));
}

#[test]
fn a_model_is_shared_between_threads() {
    fn shared<T: Send + Sync>() {}
    shared::<Model>();
    let model = std::sync::Arc::new(toy_model());
    let note = sequence_of(&["see", "Brown", "2020"]);
    let expected = model.tag(&note, None);
    let handles: Vec<_> = (0..2)
        .map(|_| {
            let (model, note) = (model.clone(), note.clone());
            std::thread::spawn(move || model.tag(&note, None))
        })
        .collect();
    for handle in handles {
        assert_eq!(handle.join().ok(), Some(expected.clone()));
    }
}

#[test]
fn features_after_the_last_token_are_ignored() {
    let model = toy_model();
    let mut note = sequence_of(&["see", "Brown"]);
    let tagged = model.tag(&note, None);
    note.push_feature(word("2020"));
    assert_eq!(note.len(), 2);
    assert_eq!(model.tag(&note, None), tagged);
    note.clear();
    assert!(note.is_empty() && model.tag(&note, None).is_empty());
}
