//! Synthetic footnotes: real works cited in documents of 10–30 notes, rendered in the CSL note
//! styles of `data/csl-note-styles/` with hayagriva, each segment labelled by tracking which
//! field produced it ([`track`]).
//!
//! A document is one style and a pool of about fifteen works (from `data/items/works.json` and
//! from the AnyStyle reference strings), cited with repeats so that the style's first,
//! subsequent, `ibid` and cross-reference forms appear; in the style's language, signals,
//! commentary and quotations from the phrase banks (`data/synth/phrases.tsv`) stand before
//! some cites and after some notes. Everything is drawn from one seeded generator per style
//! and document, so the same settings give the same notes, byte for byte.
//!
//! ```no_run
//! use opcit::train::synth::{SynthSettings, synthesize};
//! let mut settings = SynthSettings::default();
//! settings.documents_per_style = 1;
//! let run = synthesize(&settings)?;
//! eprintln!("{}", run.report.summary());
//! print!("{}", opcit::train::to_notes_string(&run.notes));
//! # Ok::<(), opcit::train::TrainError>(())
//! ```

mod anystyle_items;
mod document;
pub mod items;
pub mod prng;
pub mod styles;
mod tables;
pub mod track;

use std::path::{Path, PathBuf};

use rayon::prelude::*;

use crate::cite::label::Label;
use crate::train::{Chunk, LabelledNote, Segment, TrainError};
use document::{Banks, Corpus, DocShape, NotePlan, plan_document, render_document};
use items::{Work, read_works, works_from_anystyle};
use prng::SplitMix64;
use styles::{NoteStyle, StyleFailure, load_styles};
pub use track::Coverage;
use track::{CiteInfo, label_note};

/// Which styles to render.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum StyleChoice {
    /// Every style of the archive.
    #[default]
    All,
    /// Only these style ids (file names without `.csl`).
    Only(Vec<String>),
    /// Every style but these (for leave-one-style-out evaluation).
    AllBut(Vec<String>),
}

impl StyleChoice {
    fn keeps(&self, id: &str) -> bool {
        match self {
            StyleChoice::All => true,
            StyleChoice::Only(ids) => ids.iter().any(|i| i == id),
            StyleChoice::AllBut(ids) => !ids.iter().any(|i| i == id),
        }
    }
}

/// Where the cited works come from.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemSources {
    /// A CSL-JSON array of works (`data/items/works.json`).
    pub works: Option<PathBuf>,
    /// AnyStyle XML files whose sequences become works.
    pub anystyle: Vec<PathBuf>,
    /// The share of a document's works drawn from the AnyStyle works (0 to 1).
    pub anystyle_share: f64,
}

/// How to make synthetic notes.
#[derive(Debug, Clone, PartialEq)]
pub struct SynthSettings {
    /// The seed of every random choice.
    pub seed: u64,
    /// Documents rendered in each style.
    pub documents_per_style: usize,
    /// The number of notes of a document, at least and at most.
    pub notes_per_document: (usize, usize),
    /// The styles to use.
    pub styles: StyleChoice,
    /// The archive of CSL styles (`data/csl-note-styles/note-styles.tar.gz`).
    pub styles_archive: PathBuf,
    /// The works to cite.
    pub items: ItemSources,
    /// A note is dropped when more than this share of its rendered words was labelled by a
    /// fallback rather than a field match or a rule.
    pub max_unexplained: f64,
}

impl SynthSettings {
    /// The settings for the data files under `data_dir` (a checkout's `data/`): seed 1, two
    /// documents per style of 10–30 notes, every style, a third of the works from AnyStyle.
    pub fn new(data_dir: &Path) -> SynthSettings {
        SynthSettings {
            seed: 1,
            documents_per_style: 2,
            notes_per_document: (10, 30),
            styles: StyleChoice::All,
            styles_archive: data_dir.join("csl-note-styles/note-styles.tar.gz"),
            items: ItemSources {
                works: Some(data_dir.join("items/works.json")),
                anystyle: vec![
                    data_dir.join("anystyle/core.xml"),
                    data_dir.join("anystyle/good.xml"),
                ],
                anystyle_share: 0.35,
            },
            max_unexplained: 0.10,
        }
    }
}

impl Default for SynthSettings {
    /// [`SynthSettings::new`] on this crate's own `data/`.
    fn default() -> Self {
        SynthSettings::new(Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/data")))
    }
}

/// What happened in one style.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct StyleReport {
    /// The style id.
    pub id: String,
    /// Its locale.
    pub locale: String,
    /// Notes kept.
    pub notes: usize,
    /// Notes dropped because too few of their words were explained.
    pub dropped: usize,
    /// Documents whose rendering failed (the renderer panicked).
    pub failed_documents: usize,
    /// How the words of the kept notes were labelled.
    pub coverage: Coverage,
    /// How the words of all rendered notes, dropped ones included, were labelled.
    pub coverage_all: Coverage,
}

impl StyleReport {
    /// Whether tracking is unreliable in this style: more than half its notes were dropped.
    pub fn unreliable(&self) -> bool {
        self.dropped > self.notes
    }
}

/// What a run did: per style, and the inputs it skipped.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SynthReport {
    /// The styles rendered, in id order.
    pub styles: Vec<StyleReport>,
    /// The styles that could not be parsed.
    pub failed_styles: Vec<StyleFailure>,
    /// Hand-written works read.
    pub works: usize,
    /// Works made from AnyStyle sequences.
    pub anystyle_works: usize,
    /// AnyStyle sequences left out (no title, or nothing to attribute it to).
    pub anystyle_skipped: usize,
}

impl SynthReport {
    /// A plain-text summary: totals, the failed and unreliable styles, coverage per style.
    pub fn summary(&self) -> String {
        let mut out = self.totals();
        for f in &self.failed_styles {
            out.push_str(&format!("failed style {}: {}\n", f.id, f.reason));
        }
        for s in self
            .styles
            .iter()
            .filter(|s| s.unreliable() || s.failed_documents > 0)
        {
            out.push_str(&format!(
                "unreliable style {}: {} kept, {} dropped, {} documents failed\n",
                s.id, s.notes, s.dropped, s.failed_documents
            ));
        }
        out.push_str("style\tlocale\tkept\tdropped\tfield%\trule%\tfallback%\n");
        for s in &self.styles {
            let c = &s.coverage_all;
            out.push_str(&format!(
                "{}\t{}\t{}\t{}\t{:.1}\t{:.1}\t{:.1}\n",
                s.id,
                s.locale,
                s.notes,
                s.dropped,
                percent(c.field, c),
                percent(c.rule, c),
                percent(c.fallback, c)
            ));
        }
        out
    }

    /// The counts of styles, works and notes, and the coverage of all styles together.
    pub fn totals(&self) -> String {
        let mut kept_words = Coverage::default();
        let mut all_words = Coverage::default();
        let (mut kept, mut dropped) = (0, 0);
        for s in &self.styles {
            kept_words.add(&s.coverage);
            all_words.add(&s.coverage_all);
            kept += s.notes;
            dropped += s.dropped;
        }
        let mut out = format!(
            "styles: {} rendered, {} failed to parse\n\
             works: {} hand-written, {} from AnyStyle ({} sequences skipped)\n\
             notes: {kept} kept, {dropped} dropped\n",
            self.styles.len(),
            self.failed_styles.len(),
            self.works,
            self.anystyle_works,
            self.anystyle_skipped,
        );
        for (name, c) in [("kept notes", &kept_words), ("all notes", &all_words)] {
            out.push_str(&format!(
                "words of {name}: {} — field {:.1} %, rule {:.1} %, fallback {:.1} %\n",
                c.words(),
                percent(c.field, c),
                percent(c.rule, c),
                percent(c.fallback, c)
            ));
        }
        out
    }
}

fn percent(n: u64, of: &Coverage) -> f64 {
    100.0 * n as f64 / of.words().max(1) as f64
}

/// The notes of a run and its report.
#[derive(Debug, Clone, Default)]
pub struct Synthesis {
    /// The notes, style by style in id order, document by document.
    pub notes: Vec<LabelledNote>,
    /// What happened.
    pub report: SynthReport,
}

/// Make synthetic notes; see [`synthesize`] for the report of the styles that failed and the
/// notes dropped.
pub fn synthetic_notes(settings: &SynthSettings) -> Result<Vec<LabelledNote>, TrainError> {
    Ok(synthesize(settings)?.notes)
}

/// Make synthetic notes, with a report of what was rendered, dropped and skipped.
pub fn synthesize(settings: &SynthSettings) -> Result<Synthesis, TrainError> {
    let (corpus, mut report) = read_corpus(&settings.items)?;
    let (styles, failures) =
        load_styles(&settings.styles_archive, &|id| settings.styles.keeps(id))?;
    report.failed_styles = failures;
    let locales = hayagriva::archive::locales();
    let per_style: Vec<(Vec<LabelledNote>, StyleReport)> = styles
        .par_iter()
        .map(|style| style_notes(style, &corpus, &locales, settings))
        .collect();
    let mut notes = Vec::new();
    for (n, r) in per_style {
        notes.extend(n);
        report.styles.push(r);
    }
    Ok(Synthesis { notes, report })
}

/// The works of the sources, checked.
fn read_corpus(sources: &ItemSources) -> Result<(Corpus, SynthReport), TrainError> {
    let read = |path: &Path| {
        std::fs::read_to_string(path).map_err(|source| TrainError::Io {
            path: path.display().to_string(),
            source,
        })
    };
    let mut report = SynthReport::default();
    let hand: Vec<Work> = match &sources.works {
        Some(path) => read_works(&read(path)?, &path.display().to_string())?,
        None => Vec::new(),
    };
    report.works = hand.len();
    let mut derived = Vec::new();
    for path in &sources.anystyle {
        let sequences = crate::train::anystyle::read_sequences(&read(path)?)?;
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .unwrap_or("anystyle");
        let works = works_from_anystyle(&sequences, &format!("anystyle-{name}"));
        report.anystyle_skipped += sequences.len() - works.len();
        derived.extend(works);
    }
    report.anystyle_works = derived.len();
    if hand.is_empty() && derived.is_empty() {
        return Err(TrainError::Data {
            path: "items".into(),
            message: "no works to cite".into(),
        });
    }
    Ok((Corpus::new(hand, derived), report))
}

/// The notes of one style's documents.
fn style_notes(
    style: &NoteStyle,
    corpus: &Corpus,
    locales: &[hayagriva::citationberg::Locale],
    settings: &SynthSettings,
) -> (Vec<LabelledNote>, StyleReport) {
    let banks = Banks::of(style.lang(), style.region());
    let shape = DocShape {
        notes: settings.notes_per_document,
        pool: (12, 18),
        anystyle_share: settings.items.anystyle_share,
    };
    let mut report = StyleReport {
        id: style.id.clone(),
        locale: style.locale.0.clone(),
        ..StyleReport::default()
    };
    let mut notes = Vec::new();
    for doc in 1..=settings.documents_per_style {
        let mut rng = SplitMix64::derive(settings.seed, &style.id, doc as u64);
        let plan = plan_document(corpus, style, &banks, shape, &mut rng);
        let rendered = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            render_document(&plan, corpus, style, locales)
        }));
        let Ok(rendered) = rendered else {
            report.failed_documents += 1;
            continue;
        };
        for (note, out) in plan.iter().zip(&rendered) {
            let Some((chunks, coverage)) = note_chunks(note, out.as_ref(), corpus) else {
                report.dropped += 1;
                continue;
            };
            report.coverage_all.add(&coverage);
            if coverage.unexplained() > settings.max_unexplained {
                report.dropped += 1;
                continue;
            }
            report.coverage.add(&coverage);
            report.notes += 1;
            notes.push(LabelledNote {
                source: format!("synth:{}", style.id),
                number: format!("d{doc}-{}", note.number),
                chunks,
            });
        }
    }
    (notes, report)
}

/// The labelled chunks of one rendered note.
fn note_chunks(
    note: &NotePlan,
    rendered: Option<&hayagriva::ElemChildren>,
    corpus: &Corpus,
) -> Option<(Vec<Chunk>, Coverage)> {
    if let Some(text) = &note.alone {
        let segment = Segment {
            label: Label::Commentary,
            text: text.clone(),
        };
        return Some((
            vec![Chunk {
                segments: vec![segment],
            }],
            Coverage::default(),
        ));
    }
    let cites: Vec<CiteInfo<'_>> = note
        .cites
        .iter()
        .map(|c| CiteInfo {
            work: &corpus.works[c.work],
            locator: c.locator.as_ref().map(|(_, v)| v.as_str()),
            first_note: c.first_note,
            before: c.before.clone(),
        })
        .collect();
    let (chunks, coverage) = label_note(rendered?, &cites, note.after.as_deref())?;
    (!chunks.is_empty()).then_some((chunks, coverage))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn settings(styles: &[&str], seed: u64) -> SynthSettings {
        SynthSettings {
            seed,
            documents_per_style: 1,
            notes_per_document: (12, 16),
            styles: StyleChoice::Only(styles.iter().map(|s| s.to_string()).collect()),
            ..SynthSettings::default()
        }
    }

    /// The segments of a run with this label, as text.
    fn texts(notes: &[LabelledNote], style: &str, label: Label) -> Vec<String> {
        notes
            .iter()
            .filter(|n| n.source == format!("synth:{style}"))
            .flat_map(|n| n.segments())
            .filter(|s| s.label == label)
            .map(|s| s.text.clone())
            .collect()
    }

    #[test]
    fn the_same_settings_give_the_same_bytes() {
        let s = settings(&["oscola", "annales"], 7);
        let a = crate::train::to_notes_string(&synthetic_notes(&s).expect("runs"));
        let b = crate::train::to_notes_string(&synthetic_notes(&s).expect("runs"));
        assert_eq!(a, b);
        let other = settings(&["oscola", "annales"], 8);
        let c = crate::train::to_notes_string(&synthetic_notes(&other).expect("runs"));
        assert_ne!(a, c);
        let notes = synthetic_notes(&s).expect("runs");
        assert_eq!(crate::train::from_notes_str(&a).expect("reads back"), notes);
    }

    #[test]
    fn styles_render_with_their_own_forms() {
        let styles = [
            "oscola",
            "zeitschrift-fur-ostmitteleuropa-forschung",
            "annales",
            "g-giappichelli-editore",
        ];
        let run = synthesize(&settings(&styles, 3)).expect("runs");
        assert_eq!(run.report.styles.len(), 4, "{}", run.report.summary());
        let notes = &run.notes;
        let oscola_refs = texts(notes, "oscola", Label::NoteRef);
        assert!(
            oscola_refs.iter().any(|t| t.starts_with("(n ")),
            "{oscola_refs:?}"
        );
        let german = texts(
            notes,
            "zeitschrift-fur-ostmitteleuropa-forschung",
            Label::Backref,
        );
        assert!(german.iter().any(|t| t.starts_with("Ebd.")), "{german:?}");
        let french = texts(notes, "annales", Label::Backref);
        assert!(
            french
                .iter()
                .any(|t| t.starts_with("op. cit") || t.starts_with("Ibid.")),
            "{french:?}"
        );
        let italian = texts(notes, "g-giappichelli-editore", Label::Backref);
        assert!(
            italian
                .iter()
                .any(|t| t.starts_with("cit") || t.starts_with("ibidem")),
            "{italian:?}"
        );
        for n in notes {
            assert!(n.source.starts_with("synth:") && n.number.starts_with("d1-"));
            assert!(n.chunks.iter().all(|c| !c.segments.is_empty()));
        }
    }

    #[test]
    fn leaving_a_style_out_leaves_it_out() {
        let choice = StyleChoice::AllBut(vec!["oscola".into()]);
        assert!(!choice.keeps("oscola") && choice.keeps("annales"));
        assert!(StyleChoice::Only(vec!["oscola".into()]).keeps("oscola"));
        assert!(StyleChoice::All.keeps("anything"));
    }

    #[test]
    fn the_works_file_is_real_and_complete() {
        let path = SynthSettings::default().items.works.expect("a works file");
        let json = std::fs::read_to_string(&path).expect("reads");
        let works = read_works(&json, "works.json").expect("valid works");
        assert!(works.len() >= 400, "{}", works.len());
        assert!(works.iter().all(|w| w.language.is_some()));
        for lang in ["de", "fr", "it", "es", "en"] {
            assert!(
                works.iter().filter(|w| w.lang() == lang).count() >= 40,
                "{lang}"
            );
        }
        for kind in [
            "book",
            "chapter",
            "article-journal",
            "legal_case",
            "legislation",
            "report",
            "thesis",
            "webpage",
        ] {
            assert!(works.iter().any(|w| w.kind == kind), "{kind}");
        }
        let mut ids: Vec<&str> = works.iter().map(|w| w.id.as_str()).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), works.len(), "ids are unique");
    }

    /// 20,000 notes, for timing: `cargo test --release -- --ignored twenty_thousand`.
    #[test]
    #[ignore]
    fn twenty_thousand_notes() {
        let s = SynthSettings {
            documents_per_style: 3,
            ..SynthSettings::default()
        };
        let start = std::time::Instant::now();
        let run = synthesize(&s).expect("runs");
        eprintln!(
            "{}{} notes in {:?}",
            run.report.totals(),
            run.notes.len(),
            start.elapsed()
        );
        assert!(run.notes.len() >= 20_000);
    }
}
