//! The training corpus: every labelled source in `data/`, read into notes, each source with
//! its family (real footnotes, reference lists, synthetic notes) and its weight.

use super::examples::{Example, example_of};
use super::{LabelledNote, TrainError, from_notes_str, linkedbooks};
use crate::cite::crf::{Sequence, TrainingSequence};
use crate::cite::features::{FeatureSet, note_features};
use crate::cite::normalize::Reading;
use rayon::prelude::*;
use std::path::{Path, PathBuf};

/// What kind of data a source is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Family {
    /// Footnotes of real publications, annotated by hand (`data/notes/fossil/`).
    Real,
    /// The project's own fixture papers, annotated by hand (`data/notes/fixtures/`).
    Fixture,
    /// Footnotes written in the house styles of real publications (`data/notes/written/`).
    Written,
    /// Reference lists: AnyStyle's training data.
    AnyStyle,
    /// Italian humanities references: LinkedBooks.
    LinkedBooks,
    /// Footnotes rendered in CSL note styles.
    Synthetic,
}

impl Family {
    /// The family's name.
    pub fn name(self) -> &'static str {
        match self {
            Family::Real => "real",
            Family::Fixture => "fixture",
            Family::Written => "written",
            Family::AnyStyle => "anystyle",
            Family::LinkedBooks => "linkedbooks",
            Family::Synthetic => "synthetic",
        }
    }
}

/// One source of labelled notes.
#[derive(Debug, Clone)]
pub struct Source {
    /// Its name: the publication, the data set, or `synth:STYLE`.
    pub name: String,
    /// Its family.
    pub family: Family,
    /// Its notes.
    pub notes: Vec<LabelledNote>,
    /// Whether models train on it (a test part is only measured).
    pub trains: bool,
}

impl Source {
    /// How the source's notes are read: reference lists as entries, footnotes as notes.
    pub fn reading(&self) -> Reading {
        let list = matches!(self.family, Family::AnyStyle | Family::LinkedBooks)
            || self.name == "styles-author-date";
        if list { Reading::Entry } else { Reading::Note }
    }
}

/// How much each family's notes count in training.
#[derive(Debug, Clone, Copy)]
pub struct Weights {
    /// Real annotated footnotes.
    pub real: f64,
    /// Annotated fixture papers.
    pub fixture: f64,
    /// Written footnotes.
    pub written: f64,
    /// AnyStyle reference lists.
    pub anystyle: f64,
    /// LinkedBooks references.
    pub linkedbooks: f64,
    /// Synthetic footnotes.
    pub synthetic: f64,
}

impl Default for Weights {
    fn default() -> Self {
        Weights {
            real: 3.0,
            fixture: 2.0,
            written: 2.0,
            anystyle: 1.0,
            linkedbooks: 0.5,
            synthetic: 0.5,
        }
    }
}

impl Weights {
    /// The weight of a family's notes.
    pub fn of(&self, family: Family) -> f64 {
        match family {
            Family::Real => self.real,
            Family::Fixture => self.fixture,
            Family::Written => self.written,
            Family::AnyStyle => self.anystyle,
            Family::LinkedBooks => self.linkedbooks,
            Family::Synthetic => self.synthetic,
        }
    }
}

/// Read a file of `dir`.
fn read(path: &Path) -> Result<Vec<u8>, TrainError> {
    std::fs::read(path).map_err(|source| TrainError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// The annotated `.notes` files under `dir/notes/SUB/`, one source per file, in name order.
pub fn annotated_sources(
    data: &Path,
    sub: &str,
    family: Family,
) -> Result<Vec<Source>, TrainError> {
    let dir = data.join("notes").join(sub);
    let mut files: Vec<PathBuf> = match std::fs::read_dir(&dir) {
        Ok(entries) => entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "notes"))
            .collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    let mut out = Vec::new();
    for path in files {
        let bytes = read(&path)?;
        let text = String::from_utf8_lossy(&bytes);
        let notes = from_notes_str(&text).map_err(|e| TrainError::Io {
            path: path.display().to_string(),
            source: std::io::Error::other(e.to_string()),
        })?;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        out.push(Source {
            name,
            family,
            notes,
            trains: true,
        });
    }
    Ok(out)
}

/// The share of the LinkedBooks references, from the end, kept for testing: no model trains
/// on them.
const LINKEDBOOKS_TEST_SHARE: f64 = 0.1;

/// The LinkedBooks references: a training source, and its last tenth as a test source.
pub fn linkedbooks_sources(data: &Path) -> Result<Vec<Source>, TrainError> {
    let bytes = read(&data.join("linkedbooks").join("clean_train.txt.gz"))?;
    let conll = linkedbooks::read_gz(&bytes)?;
    let mut notes = linkedbooks::from_linkedbooks_conll(&conll, "linkedbooks");
    let split = notes.len() - (notes.len() as f64 * LINKEDBOOKS_TEST_SHARE) as usize;
    let test = notes.split_off(split);
    Ok(vec![
        Source {
            name: "linkedbooks".into(),
            family: Family::LinkedBooks,
            notes,
            trains: true,
        },
        Source {
            name: "linkedbooks-test".into(),
            family: Family::LinkedBooks,
            notes: test,
            trains: false,
        },
    ])
}

/// AnyStyle's training files (`core.xml`, `good.xml`), one source each.
pub fn anystyle_sources(data: &Path) -> Result<Vec<Source>, TrainError> {
    let mut out = Vec::new();
    for name in ["core", "good"] {
        let bytes = read(&data.join("anystyle").join(format!("{name}.xml")))?;
        let xml = String::from_utf8_lossy(&bytes);
        let source = format!("anystyle-{name}");
        out.push(Source {
            notes: super::anystyle::from_anystyle_xml(&xml, &source)?,
            name: source,
            family: Family::AnyStyle,
            trains: true,
        });
    }
    Ok(out)
}

/// Synthetic documents rendered in each CSL style for the shipped model.
pub const DOCUMENTS_PER_STYLE: usize = 3;

/// The synthetic footnotes, one source per CSL style, in style order.
pub fn synthetic_sources(
    data: &Path,
    documents_per_style: usize,
) -> Result<Vec<Source>, TrainError> {
    let mut settings = super::synth::SynthSettings::new(data);
    settings.documents_per_style = documents_per_style;
    let notes = super::synth::synthetic_notes(&settings)?;
    let mut out: Vec<Source> = Vec::new();
    for note in notes {
        match out.last_mut() {
            Some(s) if s.name == note.source => s.notes.push(note),
            _ => out.push(Source {
                name: note.source.clone(),
                family: Family::Synthetic,
                notes: vec![note],
                trains: true,
            }),
        }
    }
    Ok(out)
}

/// Every source of `data/`: the hand-made ones and the synthetic footnotes.
pub fn all_sources(data: &Path, documents_per_style: usize) -> Result<Vec<Source>, TrainError> {
    let mut out = hand_sources(data)?;
    out.extend(synthetic_sources(data, documents_per_style)?);
    Ok(out)
}

/// Every source of `data/` but the synthetic notes, in a fixed order.
pub fn hand_sources(data: &Path) -> Result<Vec<Source>, TrainError> {
    let mut out = annotated_sources(data, "fossil", Family::Real)?;
    out.extend(annotated_sources(data, "fixtures", Family::Fixture)?);
    out.extend(annotated_sources(data, "written", Family::Written)?);
    out.extend(anystyle_sources(data)?);
    out.extend(linkedbooks_sources(data)?);
    Ok(out)
}

/// One note as a training sequence.
pub fn training_sequence(
    example: &Example,
    set: FeatureSet,
    reading: Reading,
    weight: f64,
) -> TrainingSequence {
    let mut features = Sequence::new();
    note_features(&example.text, &example.tokens, set, reading, &mut features);
    let tags = example.tags.iter().map(|t| t.id()).collect();
    TrainingSequence::new(features, tags).with_weight(weight)
}

/// The training sequences of the notes of `sources` that `keep` keeps (given the source and
/// the note's index in it), in order.
pub fn training_sequences(
    sources: &[Source],
    set: FeatureSet,
    weights: &Weights,
    keep: &(dyn Fn(&Source, usize) -> bool + Sync),
) -> Vec<TrainingSequence> {
    let items: Vec<(&LabelledNote, Reading, f64)> = sources
        .iter()
        .filter(|s| s.trains)
        .flat_map(|s| {
            let w = weights.of(s.family);
            let reading = s.reading();
            s.notes
                .iter()
                .enumerate()
                .filter(move |(i, _)| keep(s, *i))
                .map(move |(_, n)| (n, reading, w))
        })
        .filter(|(_, _, w)| *w > 0.0)
        .collect();
    items
        .par_iter()
        .map(|(n, r, w)| training_sequence(&example_of(n), set, *r, *w))
        .filter(|s| !s.features.is_empty())
        .collect()
}
