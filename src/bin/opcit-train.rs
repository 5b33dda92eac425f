//! `opcit-train`: rebuild the labeller's model from the data in `data/`, byte for byte, and
//! measure it.
//!
//! ```text
//! opcit-train model [--data DIR] [--out FILE] [--leave-out SOURCE]... [--threads N]
//! ```

use clap::{Parser, Subcommand};
use opcit::cite::features::FeatureSet;
use opcit::train::accuracy;
use opcit::train::corpus;
use opcit::train::eval::{self, Scores};
use opcit::train::shipped::{ModelSettings, train_labeller};
use std::path::PathBuf;
use std::process::ExitCode;

/// Train and measure opcit's citation labeller.
#[derive(Debug, Parser)]
#[command(name = "opcit-train", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Train the model on every source in the data directory.
    Model {
        /// The data directory.
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// Where to write the model.
        #[arg(long, default_value = "data/model/opcit.crf")]
        out: PathBuf,
        /// Leave a source out of training (by name; repeatable).
        #[arg(long = "leave-out", value_name = "SOURCE")]
        leave_out: Vec<String>,
        /// Training threads (0: one per core). The model does not depend on it.
        #[arg(long, default_value_t = 0)]
        threads: usize,
        /// The most L-BFGS iterations.
        #[arg(long, default_value_t = 300)]
        max_iterations: usize,
        /// Synthetic documents rendered in each CSL style.
        #[arg(long, default_value_t = corpus::DOCUMENTS_PER_STYLE)]
        documents_per_style: usize,
        /// The features: `plain` (the tokens' looks and places), `tables` (and the word
        /// tables and rule readers), `all` (and the rules' whole reading).
        #[arg(long, default_value = "tables")]
        features: String,
        /// The L1 coefficient (sparser models).
        #[arg(long, default_value_t = 0.1)]
        c1: f64,
        /// The L2 coefficient.
        #[arg(long, default_value_t = 0.1)]
        c2: f64,
        /// The weight of the AnyStyle reference lists (the other families keep theirs).
        #[arg(long)]
        weight_anystyle: Option<f64>,
        /// Log each iteration.
        #[arg(long)]
        verbose: bool,
    },
    /// Leave each source out of training in turn, score the model and the rules on it, and
    /// write the report (ACCURACY.md).
    Accuracy {
        /// The data directory.
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// Where to write the report.
        #[arg(long, default_value = "ACCURACY.md")]
        out: PathBuf,
        /// Only these held-out parts (by name; all when none).
        #[arg(long = "part", value_name = "PART")]
        parts: Vec<String>,
        /// The most L-BFGS iterations of each model.
        #[arg(long, default_value_t = 100)]
        max_iterations: usize,
        /// At most this many notes of each synthetic style and of LinkedBooks per model.
        #[arg(long, default_value_t = 5000)]
        cap: usize,
        /// Groups of synthetic styles left out in turn.
        #[arg(long, default_value_t = 5)]
        style_folds: usize,
        /// Training threads (0: one per core).
        #[arg(long, default_value_t = 0)]
        threads: usize,
        /// Synthetic documents rendered in each CSL style.
        #[arg(long, default_value_t = 2)]
        documents_per_style: usize,
        /// The shared directory with the scorer (`eval/score.py`) and the golds of the
        /// bundled paper and of AnyStyle; the documents are scored when it is there.
        #[arg(long, default_value = "../shared")]
        shared: PathBuf,
        /// The shipped model, scored on the documents.
        #[arg(long, default_value = "data/model/opcit.crf")]
        model: PathBuf,
        /// Keep the evaluation models here, and read them from here instead of training
        /// them again.
        #[arg(long)]
        models_dir: Option<PathBuf>,
    },
    /// Score a model and the rules on annotated sources.
    Score {
        /// The data directory.
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// The model file.
        #[arg(long, default_value = "data/model/opcit.crf")]
        model: PathBuf,
        /// The sources to score (by name; all annotated sources when none).
        #[arg(long = "source", value_name = "SOURCE")]
        sources: Vec<String>,
        /// Print each field's scores.
        #[arg(long)]
        fields: bool,
        /// Also score the model taking the rules' reading where they are this sure.
        #[arg(long)]
        trust_rules: Option<f32>,
        /// Print the model's mismatches to this file.
        #[arg(long)]
        errors: Option<PathBuf>,
    },
    /// Time the features of each line of a file, by feature set.
    Features {
        /// The file, one note a line.
        file: PathBuf,
        /// Only this feature set (plain, tables, all).
        #[arg(long)]
        set: Option<String>,
    },
    /// Write the notes of a source as one reference a line, in the format of AnyStyle's gold
    /// (`{"text": …, "fields": {…}}`, each field the first text of its label, a locator as the
    /// page): `NAME.jsonl`,
    /// and `NAME.txt` with the texts, for the shared scorer's `--refs`.
    Export {
        /// The data directory.
        #[arg(long, default_value = "data")]
        data: PathBuf,
        /// The source (by name).
        #[arg(long)]
        source: String,
        /// The directory the two files go to.
        #[arg(long, default_value = ".")]
        out_dir: PathBuf,
    },
    /// Print the tags a model gives each token of each line of standard input.
    Tag {
        /// The model file.
        #[arg(long, default_value = "data/model/opcit.crf")]
        model: PathBuf,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("opcit-train: {message}");
            ExitCode::FAILURE
        }
    }
}

/// What the report measures and how, before its tables.
fn accuracy_preamble(settings: &accuracy::Settings) -> String {
    let variants: Vec<String> = settings
        .variants
        .iter()
        .map(|v| format!("`{}`", v.name))
        .collect();
    format!(
        "# Accuracy of the citation reader\n\n\
Written by `cargo run --release --bin opcit-train -- accuracy` (this file is its output; the\n\
models and the data are described in `data/CARD.md`).\n\n\
## How it is measured\n\n\
Each held-out part is left out of training, a model is trained on all the rest, and the\n\
model and the hand-written rules are scored on the part: each real publication alone\n\
(`data/notes/fossil/`, never written or tuned for), the fixture papers together (the rules were\n\
written against them), the written notes by language, the last tenth of LinkedBooks (never\n\
trained on), and the synthetic notes in groups of CSL styles (`styles-fold-N`: the styles of the\n\
fold are left out of training and rendered notes of those styles are scored). The evaluation\n\
models are trained as the shipped one is, but with at most {} L-BFGS iterations and at most\n\
{} notes of each synthetic style and of LinkedBooks, so they are a little weaker.\n\n\
Parsers: `rules` (the hand-written rules alone), and the variants {}: `model alone` reads the\n\
token's looks and place only; `{}` adds the word tables and what the rule readers find at each\n\
token; `model, rules for the rules' styles` leaves a document to the rules when they read at least\n\
{:.0} % of its first {} notes as the model does.\n\n\
Scores: a citation is found when a predicted citation overlaps it; each field of a found\n\
citation is right when its cleaned value matches the gold's as the shared scorer matches them\n\
(titles and places at token F1 ≥ 0.85, names by family names, dates by year, numbers without\n\
punctuation); fields of missed and of spurious citations count as missed and as wrong. `kind` is\n\
the back-reference kind (ibid., op. cit., supra, idem). Precision, recall and F1 are\n\
micro-averaged.\n\n## Held-out parts\n\n",
        settings.trainer.max_iterations,
        settings.cap_per_source,
        variants.join(", "),
        accuracy::CHOSEN,
        accuracy::RULES_SHARE * 100.0,
        opcit::cite::labeller::AGREEMENT_SAMPLE,
    )
}

/// The documents scored with the shared scorer: the fixture papers by the rules, by a model
/// trained without them and by the shipped model; the held-out documents by the rules and the
/// shipped model.
fn documents_report(
    shared: &std::path::Path,
    shipped: &opcit::cite::labeller::Labeller,
    without_fixtures: Option<&opcit::cite::labeller::Labeller>,
    log: &mut dyn FnMut(&str),
) -> Result<String, String> {
    use opcit::cite::Parser;
    use opcit::train::documents;
    let repo = std::path::Path::new(".");
    let mut out = String::from(
        "\n## Documents, scored with the shared scorer\n\n| document | parser | scores |\n|---|---|---|\n",
    );
    let mut line = |doc: &documents::Scored, name: &str, parser: &Parser, out: &mut String| {
        let scores =
            documents::score(doc, parser, shared).unwrap_or_else(|e| format!("error: {e}"));
        log(&format!("{}: {name}: {scores}", doc.name));
        out.push_str(&format!("| {} | {name} | {scores} |\n", doc.name));
    };
    for doc in documents::fixture_documents(repo, shared) {
        line(&doc, "rules", &Parser::Rules, &mut out);
        if let Some(l) = without_fixtures {
            line(
                &doc,
                "model trained without the fixtures",
                &Parser::Labeller(l.clone()),
                &mut out,
            );
        }
        line(
            &doc,
            "shipped model (trained on it)",
            &Parser::Labeller(shipped.clone()),
            &mut out,
        );
    }
    for doc in documents::held_out_documents(repo, shared) {
        line(&doc, "rules", &Parser::Rules, &mut out);
        line(
            &doc,
            "shipped model",
            &Parser::Labeller(shipped.clone()),
            &mut out,
        );
    }
    Ok(out)
}

/// The FNV-1a 64 hash of a file's bytes, to tell two builds of the model apart.
fn checksum(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The feature set a name gives.
fn feature_set(name: &str) -> Result<FeatureSet, String> {
    match name {
        "plain" => Ok(FeatureSet::PLAIN),
        "tables" => Ok(accuracy::TABLES_AND_READERS),
        "all" => Ok(FeatureSet::ALL),
        other => Err(format!(
            "unknown feature set `{other}` (plain, tables, all)"
        )),
    }
}

/// The labeller of a model file.
fn load(path: &std::path::Path) -> Result<opcit::cite::labeller::Labeller, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    opcit::cite::labeller::Labeller::from_bytes(&bytes)
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn run(command: Command) -> Result<(), String> {
    match command {
        Command::Model {
            data,
            out,
            leave_out,
            threads,
            max_iterations,
            c1,
            c2,
            features,
            documents_per_style,
            weight_anystyle,
            verbose,
        } => {
            let mut settings = ModelSettings {
                features: feature_set(&features)?,
                documents_per_style,
                ..ModelSettings::default()
            };
            settings.trainer.threads = threads;
            settings.trainer.max_iterations = max_iterations;
            settings.trainer.verbose = verbose;
            settings.trainer.c1 = c1;
            settings.trainer.c2 = c2;
            if let Some(w) = weight_anystyle {
                settings.weights.anystyle = w;
            }
            let labeller = train_labeller(&data, &settings, &leave_out, &mut |l| eprintln!("{l}"))
                .map_err(|e| e.to_string())?;
            let bytes = labeller.to_bytes();
            let model = labeller.model();
            std::fs::write(&out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
            eprintln!(
                "{}: {} bytes, {} features, {} weights, FNV-1a {:016x}",
                out.display(),
                bytes.len(),
                model.num_features(),
                model.num_weights(),
                checksum(&bytes)
            );
            Ok(())
        }
        Command::Accuracy {
            data,
            out,
            parts,
            max_iterations,
            cap,
            style_folds,
            threads,
            documents_per_style,
            shared,
            model,
            models_dir,
        } => {
            let sources =
                corpus::all_sources(&data, documents_per_style).map_err(|e| e.to_string())?;
            let mut all = accuracy::held_out_parts(&sources, style_folds);
            if !parts.is_empty() {
                all.retain(|p| parts.contains(&p.name));
            }
            let mut trainer = accuracy::default_trainer();
            trainer.max_iterations = max_iterations;
            trainer.threads = threads;
            let mut settings = accuracy::Settings::new(trainer);
            settings.cap_per_source = cap;
            settings.models_dir = models_dir;
            let started = std::time::Instant::now();
            let mut log = |line: &str| {
                eprintln!("[{:>6.0} s] {line}", started.elapsed().as_secs_f64());
            };
            let (rows, trained) =
                accuracy::run(&sources, &all, &settings, &mut log).map_err(|e| e.to_string())?;
            let mut report = accuracy_preamble(&settings);
            report.push_str(&accuracy::to_markdown(&rows));
            if shared.join("eval/score.py").is_file() {
                let shipped = load(&model)?;
                let fixtures: Vec<String> = sources
                    .iter()
                    .filter(|s| s.family == corpus::Family::Fixture)
                    .map(|s| s.name.clone())
                    .collect();
                let without = trained
                    .iter()
                    .find(|(e, f, _)| *e == fixtures && *f == accuracy::TABLES_AND_READERS)
                    .map(|(_, _, l)| l.clone());
                report.push_str(&documents_report(
                    &shared,
                    &shipped,
                    without.as_ref(),
                    &mut log,
                )?);
            }
            let before = std::fs::read_to_string(&out).unwrap_or_default();
            let kept = written_by_hand(&before);
            if !kept.is_empty() {
                report.push('\n');
                report.push_str(kept);
            }
            std::fs::write(&out, report).map_err(|e| format!("{}: {e}", out.display()))?;
            eprintln!("wrote {}", out.display());
            Ok(())
        }
        Command::Score {
            data,
            model,
            sources,
            fields,
            trust_rules,
            errors,
        } => {
            let labeller = load(&model)?;
            let all = corpus::hand_sources(&data).map_err(|e| e.to_string())?;
            let chosen: Vec<&corpus::Source> = all
                .iter()
                .filter(|s| {
                    if sources.is_empty() {
                        s.family != corpus::Family::LinkedBooks
                    } else {
                        sources.contains(&s.name)
                    }
                })
                .collect();
            let mut parsers = vec![
                ("rules", opcit::cite::Parser::Rules),
                ("model", opcit::cite::Parser::Labeller(labeller.clone())),
            ];
            if trust_rules.is_some() {
                parsers.push((
                    "combined",
                    opcit::cite::Parser::Labeller(labeller.trusting_rules(trust_rules)),
                ));
            }
            let mut totals = vec![Scores::default(); parsers.len()];
            for s in &chosen {
                let reading = s.reading();
                let mut line = format!("{:<36}", s.name);
                for (k, (_, p)) in parsers.iter().enumerate() {
                    let sc = eval::score(&s.notes, p, reading);
                    line.push_str(&format!(
                        "  cit {:.3} fld {:.3}",
                        sc.citations.f1(),
                        sc.all_fields().f1()
                    ));
                    totals[k].add(&sc);
                }
                println!("{line}");
            }
            if let Some(path) = errors {
                let all = totals[1].errors.join("\n");
                std::fs::write(&path, all).map_err(|e| format!("{}: {e}", path.display()))?;
            }
            for (k, (name, _)) in parsers.iter().enumerate() {
                let t = &totals[k];
                println!(
                    "{name:<8} notes {}  citations P {:.3} R {:.3} F1 {:.3}  fields P {:.3} R {:.3} F1 {:.3}  backref kinds {}/{}",
                    t.notes,
                    t.citations.precision(),
                    t.citations.recall(),
                    t.citations.f1(),
                    t.all_fields().precision(),
                    t.all_fields().recall(),
                    t.all_fields().f1(),
                    t.backref_kinds.right,
                    t.backref_kinds.gold
                );
                if fields {
                    for (f, c) in &t.fields {
                        println!(
                            "    {f:<18} P {:.3} R {:.3} F1 {:.3}  ({} / {} / {})",
                            c.precision(),
                            c.recall(),
                            c.f1(),
                            c.right,
                            c.predicted,
                            c.gold
                        );
                    }
                }
            }
            Ok(())
        }
        Command::Features { file, set: only } => {
            let text = std::fs::read_to_string(&file).map_err(|e| e.to_string())?;
            let lines: Vec<&str> = text.lines().collect();
            for (name, set) in [
                ("plain", FeatureSet::PLAIN),
                (
                    "tables",
                    FeatureSet {
                        readers: false,
                        rules: false,
                        ..FeatureSet::ALL
                    },
                ),
                ("tables+readers", accuracy::TABLES_AND_READERS),
                ("all", FeatureSet::ALL),
            ] {
                if only
                    .as_deref()
                    .is_some_and(|o| feature_set(o).ok() != Some(set))
                {
                    continue;
                }
                let started = std::time::Instant::now();
                let mut seq = opcit::cite::crf::Sequence::new();
                let mut n = 0;
                let mut check = 0u64;
                for line in &lines {
                    let tokens = opcit::cite::tokens::tokenize(line);
                    opcit::cite::features::note_features(
                        line,
                        &tokens,
                        set,
                        opcit::cite::normalize::Reading::Note,
                        &mut seq,
                    );
                    n += seq.len();
                    for t in seq.tokens() {
                        for &f in t {
                            check = check.rotate_left(5) ^ f;
                        }
                    }
                }
                let s = started.elapsed().as_secs_f64();
                println!(
                    "{name:<16} {n} tokens in {s:.3} s: {:.0} tokens/s, {:.2} MB/s, checksum {check:016x}",
                    n as f64 / s,
                    text.len() as f64 / s / 1e6
                );
            }
            Ok(())
        }
        Command::Export {
            data,
            source,
            out_dir,
        } => {
            let sources = corpus::all_sources(&data, 0).map_err(|e| e.to_string())?;
            let s = sources
                .iter()
                .find(|s| s.name == source)
                .ok_or_else(|| format!("no source `{source}`"))?;
            let (mut jsonl, mut txt) = (String::new(), String::new());
            for note in &s.notes {
                let mut fields = serde_json::Map::new();
                for seg in note.segments() {
                    // a reference line's pin-point is its page, as opcit reads entries
                    let name = match seg.label.as_str() {
                        "url" => "URL",
                        "doi" => "DOI",
                        "locator" => "page",
                        other => other,
                    };
                    fields
                        .entry(name)
                        .or_insert_with(|| seg.text.clone().into());
                }
                let text = note.text().replace('\n', " ");
                let line = serde_json::json!({ "text": text, "fields": fields });
                jsonl.push_str(&format!("{line}\n"));
                txt.push_str(&format!("{text}\n"));
            }
            let write = |ext: &str, body: &str| {
                let path = out_dir.join(format!("{source}.{ext}"));
                std::fs::write(&path, body).map_err(|e| format!("{}: {e}", path.display()))
            };
            write("jsonl", &jsonl)?;
            write("txt", &txt)?;
            eprintln!("{} references of {source}", s.notes.len());
            Ok(())
        }
        Command::Tag { model } => {
            let labeller = load(&model)?;
            for line in std::io::stdin().lines() {
                let line = line.map_err(|e| e.to_string())?;
                let tokens = opcit::cite::tokens::tokenize(&line);
                let (tags, marginals) =
                    labeller.tag(&line, &tokens, opcit::cite::normalize::Reading::Note);
                let mut out = String::new();
                for ((t, tag), p) in tokens.iter().zip(&tags).zip(&marginals) {
                    out.push_str(&format!(
                        "{}/{}{} ",
                        &line[t.clone()],
                        tag.name(),
                        if *p < 0.6 { "?" } else { "" }
                    ));
                }
                println!("{out}\n");
            }
            Ok(())
        }
    }
}

/// The line after which `ACCURACY.md` is written by hand (figures measured with the shared
/// scripts, such as footnote finding): `accuracy` keeps what follows it.
const WRITTEN_BY_HAND: &str =
    "<!-- written by hand from here on: kept by `opcit-train accuracy` -->";

/// The part of an earlier report that was written by hand, from [`WRITTEN_BY_HAND`] on.
fn written_by_hand(report: &str) -> &str {
    report.find(WRITTEN_BY_HAND).map_or("", |at| &report[at..])
}
