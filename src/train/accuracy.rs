//! The evaluation that tells generalisation from memory: each source (or group of sources) is
//! left out of training, a model is trained on the rest, and the model and the rules are
//! scored on what was left out. `opcit-train accuracy` runs it and writes `ACCURACY.md`.

use super::LabelledNote;
use super::corpus::{Family, Source, Weights, training_sequences};
use super::eval::{self, FIELDS, Scores};
use crate::cite::Parser;
use crate::cite::crf::{CrfError, Trainer};
use crate::cite::features::FeatureSet;
use crate::cite::labeller::Labeller;
use crate::cite::tags::TAG_COUNT;

/// A part of the data left out of training and scored.
#[derive(Debug, Clone)]
pub struct HeldOut {
    /// Its name in the report.
    pub name: String,
    /// Its family.
    pub family: Family,
    /// The sources it is made of.
    pub sources: Vec<String>,
}

/// The held-out parts: each real publication alone, the fixture papers together, the written
/// notes by language, the synthetic notes in `style_folds` groups of styles.
pub fn held_out_parts(sources: &[Source], style_folds: usize) -> Vec<HeldOut> {
    let mut out = Vec::new();
    let names = |f: &dyn Fn(&Source) -> bool| -> Vec<String> {
        sources
            .iter()
            .filter(|s| f(s))
            .map(|s| s.name.clone())
            .collect()
    };
    for s in sources.iter().filter(|s| s.family == Family::Real) {
        out.push(HeldOut {
            name: s.name.clone(),
            family: Family::Real,
            sources: vec![s.name.clone()],
        });
    }
    let fixtures = names(&|s| s.family == Family::Fixture);
    if !fixtures.is_empty() {
        out.push(HeldOut {
            name: "fixtures".into(),
            family: Family::Fixture,
            sources: fixtures,
        });
    }
    for (name, prefixes) in [
        ("written-en", &["w-en-"][..]),
        ("written-de-it", &["w-de-", "w-ch-", "w-it-"][..]),
        ("written-fr-es", &["w-fr-", "w-es-"][..]),
    ] {
        let part = names(&|s| {
            s.family == Family::Written && prefixes.iter().any(|p| s.name.starts_with(p))
        });
        if !part.is_empty() {
            out.push(HeldOut {
                name: name.into(),
                family: Family::Written,
                sources: part,
            });
        }
    }
    let tests = names(&|s| !s.trains);
    for t in tests {
        let family = sources
            .iter()
            .find(|s| s.name == t)
            .map_or(Family::LinkedBooks, |s| s.family);
        out.push(HeldOut {
            name: t.clone(),
            family,
            sources: vec![t],
        });
    }
    let styles = names(&|s| s.family == Family::Synthetic);
    if style_folds > 0 && !styles.is_empty() {
        for k in 0..style_folds {
            let fold: Vec<String> = styles
                .iter()
                .enumerate()
                .filter(|(i, _)| i % style_folds == k)
                .map(|(_, n)| n.clone())
                .collect();
            out.push(HeldOut {
                name: format!("styles-fold-{}", k + 1),
                family: Family::Synthetic,
                sources: fold,
            });
        }
    }
    out
}

/// How the models of the evaluation are trained.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The trainer (labels, regularisation, iterations, threads).
    pub trainer: Trainer,
    /// The weight of each family.
    pub weights: Weights,
    /// The variants compared: a name, a feature set (a model of its own) and the trust in
    /// the rules ([`Labeller::trusting_rules`]).
    pub variants: Vec<Variant>,
    /// At most this many notes of each synthetic style and of LinkedBooks go into an
    /// evaluation model (every one goes into the shipped model).
    pub cap_per_source: usize,
    /// Where the evaluation models are kept, to score them again without training: a model
    /// found there under its name is read, not trained.
    pub models_dir: Option<std::path::PathBuf>,
}

/// One way of reading citations that the evaluation compares.
#[derive(Debug, Clone)]
pub struct Variant {
    /// Its name in the report.
    pub name: String,
    /// The features its model reads.
    pub features: FeatureSet,
    /// Its trust in the rules.
    pub trust_rules: Option<f32>,
}

impl Variant {
    fn new(name: &str, features: FeatureSet, trust_rules: Option<f32>) -> Self {
        Variant {
            name: name.into(),
            features,
            trust_rules,
        }
    }
}

/// The share of a document's sampled notes the rules must read as the model does for the
/// rules to read the document.
pub const RULES_SHARE: f32 = 0.85;

/// The name of the design opcit ships: the model with the word tables and the rule readers
/// as features.
pub const CHOSEN: &str = "model + tables + readers";

/// The word tables and the rule readers, not the rules' whole reading.
pub const TABLES_AND_READERS: FeatureSet = FeatureSet {
    tables: true,
    readers: true,
    rules: false,
};

impl Settings {
    /// The settings of the shipped model, with the variants compared.
    pub fn new(trainer: Trainer) -> Self {
        Settings {
            trainer,
            weights: Weights::default(),
            variants: vec![
                Variant::new("model alone", FeatureSet::PLAIN, None),
                Variant::new(CHOSEN, TABLES_AND_READERS, None),
                Variant::new(
                    "model, rules for the rules' styles",
                    TABLES_AND_READERS,
                    Some(RULES_SHARE),
                ),
            ],
            cap_per_source: usize::MAX,
            models_dir: None,
        }
    }
}

/// The trainer of the shipped model.
pub fn default_trainer() -> Trainer {
    let mut t = Trainer::new(TAG_COUNT);
    t.c1 = 0.1;
    t.c2 = 0.1;
    t.max_iterations = 300;
    t
}

/// The scores of one parser on one held-out part.
#[derive(Debug, Clone)]
pub struct Row {
    /// The part.
    pub part: String,
    /// Its family.
    pub family: Family,
    /// The parser (`rules`, or a variant's name).
    pub parser: String,
    /// The scores.
    pub scores: Scores,
}

/// Whether note `i` of `s` goes into an evaluation model: all of a hand-annotated source, the
/// first `cap` of the others.
fn within_cap(s: &Source, i: usize, cap: usize) -> bool {
    matches!(s.family, Family::Real | Family::Fixture | Family::Written) || i < cap
}

/// Train a labeller on `sources` without the part `left_out`.
pub fn train_without(
    sources: &[Source],
    left_out: &[String],
    set: FeatureSet,
    settings: &Settings,
) -> Result<Labeller, CrfError> {
    let cap = settings.cap_per_source;
    let keep = |s: &Source, i: usize| !left_out.contains(&s.name) && within_cap(s, i, cap);
    let data = training_sequences(sources, set, &settings.weights, &keep);
    let model = settings.trainer.train(&data)?;
    Ok(Labeller::from_model(model, set))
}

/// The models an evaluation trained: each with the training sources it was trained without
/// and its features.
pub type Trained = Vec<(Vec<String>, FeatureSet, Labeller)>;

/// The model trained without `excluded` on `features`: read from the models directory when
/// it is there, else trained (and kept there).
fn kept_or_trained(
    sources: &[Source],
    part: &str,
    excluded: &[String],
    features: FeatureSet,
    settings: &Settings,
) -> Result<Labeller, CrfError> {
    let path = settings.models_dir.as_ref().map(|dir| {
        let name = if excluded.is_empty() { "none" } else { part };
        dir.join(format!("without-{name}-{}.crf", features.to_byte()))
    });
    if let Some(p) = &path
        && let Ok(bytes) = std::fs::read(p)
        && let Ok(l) = Labeller::from_bytes(&bytes)
    {
        return Ok(l);
    }
    let l = train_without(sources, excluded, features, settings)?;
    if let Some(p) = &path {
        // keeping it is a convenience: a model that cannot be written is trained again
        let _ = std::fs::create_dir_all(p.parent().unwrap_or(p));
        let _ = std::fs::write(p, l.to_bytes());
    }
    Ok(l)
}

/// Score the rules and every variant on each held-out part, training one model per variant
/// and part. `log` hears of each step.
pub fn run(
    sources: &[Source],
    parts: &[HeldOut],
    settings: &Settings,
    log: &mut dyn FnMut(&str),
) -> Result<(Vec<Row>, Trained), CrfError> {
    let mut rows = Vec::new();
    let mut trained: Trained = Vec::new();
    for part in parts {
        let excluded: Vec<String> = part
            .sources
            .iter()
            .filter(|n| sources.iter().any(|s| s.name == **n && s.trains))
            .cloned()
            .collect();
        let held: Vec<&Source> = sources
            .iter()
            .filter(|s| part.sources.contains(&s.name))
            .collect();
        let rules = score_sources(&held, &Parser::Rules);
        log(&format!(
            "{}: rules fields F1 {:.3}",
            part.name,
            rules.all_fields().f1()
        ));
        rows.push(Row {
            part: part.name.clone(),
            family: part.family,
            parser: "rules".into(),
            scores: rules,
        });
        for v in &settings.variants {
            let cached = trained
                .iter()
                .find(|(e, f, _)| *e == excluded && *f == v.features);
            let labeller = match cached {
                Some((_, _, l)) => l.clone(),
                None => {
                    let l = kept_or_trained(sources, &part.name, &excluded, v.features, settings)?;
                    trained.push((excluded.clone(), v.features, l.clone()));
                    l
                }
            };
            let parser = Parser::Labeller(labeller.trusting_rules(v.trust_rules));
            let scores = score_sources(&held, &parser);
            log(&format!(
                "{}: {} fields F1 {:.3}",
                part.name,
                v.name,
                scores.all_fields().f1()
            ));
            rows.push(Row {
                part: part.name.clone(),
                family: part.family,
                parser: v.name.clone(),
                scores,
            });
        }
    }
    Ok((rows, trained))
}

/// The scores of a parser on the notes of some sources, each read as its kind is. A source is
/// a document: a labeller that leaves documents of the rules' styles to the rules does so here
/// (see [`Labeller::rules_read`]).
pub fn score_sources(sources: &[&Source], parser: &Parser) -> Scores {
    let mut out = Scores::default();
    for s in sources {
        let texts: Vec<String> = s.notes.iter().map(LabelledNote::text).collect();
        let rules = s.reading() == crate::cite::normalize::Reading::Note
            && parser
                .labeller()
                .is_some_and(|l| l.rules_read(texts.iter().map(String::as_str)));
        let parser = if rules { &Parser::Rules } else { parser };
        out.add(&eval::score(&s.notes, parser, s.reading()));
    }
    out
}

/// The rows as Markdown tables: one line per part and parser, then the totals per family and
/// parser with each field's precision, recall and F1.
pub fn to_markdown(rows: &[Row]) -> String {
    let mut out = String::new();
    out.push_str("| held-out part | family | parser | notes | citations F1 | fields P | fields R | fields F1 | back-ref kinds |\n");
    out.push_str("|---|---|---|---|---|---|---|---|---|\n");
    for r in rows {
        out.push_str(&row_line(&r.part, r.family.name(), &r.parser, &r.scores));
    }
    let mut families: Vec<Family> = rows.iter().map(|r| r.family).collect();
    families.sort();
    families.dedup();
    let mut parsers: Vec<&str> = Vec::new();
    for r in rows {
        if !parsers.contains(&r.parser.as_str()) {
            parsers.push(&r.parser);
        }
    }
    out.push_str("\nTotals per family (micro-averaged over the held-out parts):\n\n");
    out.push_str("| family | parser | notes | citations F1 | fields P | fields R | fields F1 | back-ref kinds |\n");
    out.push_str("|---|---|---|---|---|---|---|---|\n");
    for f in &families {
        for p in &parsers {
            let mut total = Scores::default();
            for r in rows.iter().filter(|r| r.family == *f && r.parser == *p) {
                total.add(&r.scores);
            }
            let line = row_line("", f.name(), p, &total);
            out.push_str(line.trim_start_matches("| "));
        }
    }
    for f in &families {
        out.push_str(&format!(
            "\nPer field, {} (precision / recall / F1):\n\n",
            f.name()
        ));
        out.push_str("| field |");
        for p in &parsers {
            out.push_str(&format!(" {p} |"));
        }
        out.push_str("\n|---|");
        for _ in &parsers {
            out.push_str("---|");
        }
        out.push('\n');
        for field in FIELDS {
            out.push_str(&format!("| {field} |"));
            for p in &parsers {
                let mut total = Scores::default();
                for r in rows.iter().filter(|r| r.family == *f && r.parser == *p) {
                    total.add(&r.scores);
                }
                let c = total.fields.get(field).copied().unwrap_or_default();
                out.push_str(&format!(
                    " {:.2} / {:.2} / {:.2} |",
                    c.precision(),
                    c.recall(),
                    c.f1()
                ));
            }
            out.push('\n');
        }
    }
    out
}

fn row_line(part: &str, family: &str, parser: &str, s: &Scores) -> String {
    let f = s.all_fields();
    format!(
        "| {part} | {family} | {parser} | {} | {:.3} | {:.3} | {:.3} | {:.3} | {}/{} |\n",
        s.notes,
        s.citations.f1(),
        f.precision(),
        f.recall(),
        f.f1(),
        s.backref_kinds.right,
        s.backref_kinds.gold
    )
}
