//! The trained labeller: the built-in model, the training data in `data/`, and training that
//! gives the same model byte for byte.

use opcit::cite::Parser;
use opcit::cite::crf::Trainer;
use opcit::cite::features::FeatureSet;
use opcit::cite::labeller::Labeller;
use opcit::cite::tags::TAG_COUNT;
use opcit::train::corpus::{self, Family, Weights};
use std::path::{Path, PathBuf};

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("data")
}

#[test]
fn the_built_in_model_loads_with_every_tag() {
    let labeller = Labeller::built_in().expect("the built-in model");
    assert_eq!(labeller.model().num_labels(), TAG_COUNT);
    let again = Labeller::from_bytes(&labeller.to_bytes()).expect("reads back");
    assert_eq!(again.to_bytes(), labeller.to_bytes());
}

#[test]
fn a_bad_model_file_is_an_error() {
    assert!(Labeller::from_bytes(b"").is_err());
    assert!(Labeller::from_bytes(b"OPCITLBL\x01").is_err());
    let mut bytes = Labeller::built_in().expect("model").to_bytes();
    bytes.truncate(bytes.len() / 2);
    assert!(Labeller::from_bytes(&bytes).is_err());
}

#[test]
fn every_annotated_file_reads() {
    for (sub, family) in [
        ("fossil", Family::Real),
        ("fixtures", Family::Fixture),
        ("written", Family::Written),
    ] {
        let sources = corpus::annotated_sources(&data(), sub, family).expect("reads");
        assert!(!sources.is_empty(), "{sub}");
        for s in &sources {
            assert!(!s.notes.is_empty(), "{}", s.name);
            for n in &s.notes {
                assert!(n.segments().next().is_some(), "{} {}", s.name, n.number);
            }
        }
    }
}

#[test]
fn the_model_reads_continental_german_and_oscola_notes() {
    let notes = "1 Overbeek, H., 2001, « Globalization, Sovereignty », in Ghosh, B. (ed.), Managing Migration, New York, Oxford University Press, p.48.
2 Vgl. Luhmann, Rechtssoziologie, 2. Aufl. 1983, S. 85 f.
3 HLA Hart, The Concept of Law (2nd edn, Clarendon Press 1994) 94.
4 Ibid., p. 50.
";
    let options = opcit::Options::with_input(opcit::InputKind::Notes).with_parser(Parser::Model);
    let doc = opcit::read_str(notes, &options).expect("reads");
    let first = doc
        .reference_of(&doc.notes[0].citations[0])
        .expect("a work");
    assert_eq!(first.author[0].family.as_deref(), Some("Overbeek"));
    assert_eq!(
        first.container_title.as_ref().map(|t| t.value.as_str()),
        Some("Managing Migration")
    );
    assert_eq!(doc.notes[0].citations[0].locator.as_deref(), Some("48"));
    let luhmann = doc
        .reference_of(&doc.notes[1].citations[0])
        .expect("a work");
    assert_eq!(
        luhmann.edition.as_ref().map(|e| e.value.as_str()),
        Some("2")
    );
    assert_eq!(doc.notes[1].citations[0].locator.as_deref(), Some("85 f."));
    let hart = doc
        .reference_of(&doc.notes[2].citations[0])
        .expect("a work");
    assert_eq!(
        hart.title.as_ref().map(|t| t.value.as_str()),
        Some("The Concept of Law")
    );
    let ibid = &doc.notes[3].citations[0];
    assert_eq!(ibid.kind, opcit::model::CitationKind::Ibid);
    assert_eq!(ibid.id.as_deref(), Some(hart.id.as_str()));
}

/// The back-references of the shapes, read by the model: note references, `a.a.O.
/// (Anm. 1)`, a chapter `in:` a collection cited in an earlier note, `op. cit., n. 6,` with
/// the locator after it, `in id.`, `Above, n. 6`.
#[test]
fn the_model_resolves_note_references_and_containers_cited_before() {
    let notes = "1 K. Meier, Rechtstatsachen im Zivilprozeß, KZfSS 35 (1983) 212 ff.
2 Müller/Schmidt (Hrsg.), Recht und Gesellschaft, Berlin 1990.
3 Meier (Fn. 1), 215.
4 Weber, Recht als Beruf, in: Müller/Schmidt (Fn. 2), 171 ff.
5 Meier, a.a.O. (Anm. 1), S. 220.
6 M. King, 'The Politics of Legal Aid' (1981) 44 Mod. Law Rev. 1 at 9.
7 Ibid., p. 12.
8 King, op. cit., n. 6, pp. 80–1.
9 Above, n. 6, 14.
";
    let options = opcit::Options::with_input(opcit::InputKind::Notes).with_parser(Parser::Model);
    let doc = opcit::read_str(notes, &options).expect("reads");
    let cited = |n: usize| {
        let c = &doc.notes[n].citations[0];
        (
            c.id.clone().unwrap_or_default(),
            c.locator.clone().unwrap_or_default(),
        )
    };
    let meier = doc
        .reference_of(&doc.notes[0].citations[0])
        .expect("a work");
    assert_eq!(
        meier.container_title.as_ref().map(|t| t.value.as_str()),
        Some("KZfSS")
    );
    assert_eq!(meier.volume.as_ref().map(|v| v.value.as_str()), Some("35"));
    assert_eq!(cited(2), (meier.id.clone(), "215".into()));
    assert_eq!(cited(4), (meier.id.clone(), "220".into()));
    let chapter = doc
        .reference_of(&doc.notes[3].citations[0])
        .expect("a work");
    assert_eq!(
        chapter.title.as_ref().map(|t| t.value.as_str()),
        Some("Recht als Beruf")
    );
    assert_eq!(
        chapter.container_title.as_ref().map(|t| t.value.as_str()),
        Some("Recht und Gesellschaft")
    );
    assert_eq!(chapter.editor[1].family.as_deref(), Some("Schmidt"));
    let king = doc
        .reference_of(&doc.notes[5].citations[0])
        .expect("a work");
    assert_eq!(king.volume.as_ref().map(|v| v.value.as_str()), Some("44"));
    assert_eq!(cited(5), (king.id.clone(), "9".into()));
    assert_eq!(cited(6), (king.id.clone(), "12".into()));
    assert_eq!(cited(7), (king.id.clone(), "80-1".into()));
    assert_eq!(cited(8), (king.id.clone(), "14".into()));
}

/// A small model of two annotated files, trained with `threads` threads.
fn small_model(threads: usize) -> Vec<u8> {
    let sources: Vec<corpus::Source> =
        corpus::annotated_sources(&data(), "fixtures", Family::Fixture)
            .expect("reads")
            .into_iter()
            .filter(|s| s.name == "styles-german" || s.name == "styles-oxford")
            .collect();
    let set = opcit::train::accuracy::TABLES_AND_READERS;
    let sequences = corpus::training_sequences(&sources, set, &Weights::default(), &|_, _| true);
    let mut trainer = Trainer::new(TAG_COUNT);
    trainer.c1 = 0.1;
    trainer.c2 = 0.1;
    trainer.max_iterations = 15;
    trainer.threads = threads;
    let model = trainer.train(&sequences).expect("trains");
    Labeller::from_model(model, set).to_bytes()
}

#[test]
fn training_gives_the_same_bytes_whatever_the_threads() {
    assert_eq!(small_model(1), small_model(2));
}

#[test]
fn a_plain_model_reads_no_tables() {
    let bytes = small_model(1);
    let labeller = Labeller::from_bytes(&bytes).expect("reads");
    assert_ne!(labeller.features(), FeatureSet::PLAIN);
}

/// The shipped model rebuilt from `data/` with the settings of `opcit-train model` is the
/// file in the repository, byte for byte. It trains the whole model (about 15 minutes on
/// two cores): `cargo test --release --test labeller -- --ignored`.
#[test]
#[ignore]
fn the_shipped_model_rebuilds_byte_for_byte() {
    let settings = opcit::train::shipped::ModelSettings::default();
    let labeller = opcit::train::shipped::train_labeller(&data(), &settings, &[], &mut |_| {})
        .expect("trains");
    let rebuilt = labeller.to_bytes();
    let shipped = std::fs::read(data().join("model/opcit.crf")).expect("the model file");
    assert!(
        rebuilt == shipped,
        "the rebuilt model differs from data/model/opcit.crf"
    );
}
