//! The model opcit ships, and the one call that builds it from `data/`.

use super::TrainError;
use super::corpus::{self, Source, Weights};
use crate::cite::crf::Trainer;
use crate::cite::features::FeatureSet;
use crate::cite::labeller::Labeller;
use std::path::Path;

/// How a labeller is trained: its features, the trainer, the weight of each family of data,
/// the synthetic documents per style.
#[derive(Debug, Clone)]
pub struct ModelSettings {
    /// The features the model reads.
    pub features: FeatureSet,
    /// The trainer.
    pub trainer: Trainer,
    /// The weight of each family.
    pub weights: Weights,
    /// Synthetic documents rendered in each CSL style.
    pub documents_per_style: usize,
    /// The share of a document's sampled notes the rules must read as the model does for the
    /// rules to read it ([`Labeller::trusting_rules`]), kept in the model file.
    pub trust_rules: Option<f32>,
}

impl Default for ModelSettings {
    /// The settings of the shipped model, `data/model/opcit.crf`.
    fn default() -> Self {
        ModelSettings {
            features: super::accuracy::TABLES_AND_READERS,
            trainer: super::accuracy::default_trainer(),
            weights: Weights::default(),
            documents_per_style: corpus::DOCUMENTS_PER_STYLE,
            trust_rules: Some(super::accuracy::RULES_SHARE),
        }
    }
}

/// Train a labeller on every source of `data` but those named in `leave_out`; `log` hears
/// what is read.
pub fn train_labeller(
    data: &Path,
    settings: &ModelSettings,
    leave_out: &[String],
    log: &mut dyn FnMut(&str),
) -> Result<Labeller, TrainError> {
    let sources = corpus::all_sources(data, settings.documents_per_style)?;
    for s in sources
        .iter()
        .filter(|s| s.family != corpus::Family::Synthetic)
    {
        log(&format!(
            "{:<12} {:<40} {:>6} notes",
            s.family.name(),
            s.name,
            s.notes.len()
        ));
    }
    let synthetic: Vec<&Source> = sources
        .iter()
        .filter(|s| s.family == corpus::Family::Synthetic)
        .collect();
    log(&format!(
        "{:<12} {:<40} {:>6} notes",
        "synthetic",
        format!("{} styles", synthetic.len()),
        synthetic.iter().map(|s| s.notes.len()).sum::<usize>()
    ));
    let keep = |s: &Source, _: usize| !leave_out.contains(&s.name);
    let sequences =
        corpus::training_sequences(&sources, settings.features, &settings.weights, &keep);
    let tokens: usize = sequences.iter().map(|s| s.labels.len()).sum();
    log(&format!("{} sequences, {tokens} tokens", sequences.len()));
    let model = settings.trainer.train(&sequences)?;
    Ok(Labeller::from_model(model, settings.features).trusting_rules(settings.trust_rules))
}
