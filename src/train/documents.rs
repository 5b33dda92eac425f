//! Whole documents scored with the shared scorer (`score.py`, kept outside the repository and
//! called as a program): the bundled paper, the fixture papers, the held-out papers, and the
//! one-reference-per-line sets.

use crate::cite::Parser;
use crate::notes::InputKind;
use crate::{Options, emit};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A document and its gold.
#[derive(Debug, Clone)]
pub struct Scored {
    /// Its name in the report.
    pub name: String,
    /// The input file.
    pub input: PathBuf,
    /// How to read it (detected when absent).
    pub kind: Option<InputKind>,
    /// The gold file: a document gold, or a `.jsonl` of one reference a line.
    pub gold: PathBuf,
}

impl Scored {
    fn new(name: &str, input: PathBuf, kind: Option<InputKind>, gold: PathBuf) -> Self {
        Scored {
            name: name.into(),
            input,
            kind,
            gold,
        }
    }

    /// Whether the gold is one reference a line.
    pub fn is_refs(&self) -> bool {
        self.kind == Some(InputKind::Refs)
    }
}

/// The fixture papers with a gold: the bundled paper and the unseen fixtures.
pub fn fixture_documents(repo: &Path, shared: &Path) -> Vec<Scored> {
    let mut out = vec![Scored::new(
        "bundled paper",
        repo.join("fixtures/gcim-rcmp-2004.txt"),
        None,
        shared.join("data/gcim-rcmp-2004.gold.json"),
    )];
    for name in [
        "un-policy-paper",
        "revue-francaise",
        "rivista-italiana",
        "law-review-article",
    ] {
        out.push(Scored::new(
            &format!("unseen/{name}"),
            repo.join(format!("fixtures/unseen/{name}.txt")),
            None,
            repo.join(format!("fixtures/unseen/{name}.gold.json")),
        ));
    }
    out
}

/// The held-out documents, never trained or tuned on: the papers of `fixtures/heldout/` and
/// its German and Italian references, and AnyStyle's gold references (`gold.jsonl`, a dev set).
pub fn held_out_documents(repo: &Path, shared: &Path) -> Vec<Scored> {
    let mut out = Vec::new();
    for name in [
        "socio-legal-en",
        "rechtssoziologie-de",
        "legal-history-mixed",
    ] {
        out.push(Scored::new(
            &format!("heldout/{name}"),
            repo.join(format!("fixtures/heldout/{name}.txt")),
            Some(InputKind::Notes),
            repo.join(format!("fixtures/heldout/{name}.gold.json")),
        ));
    }
    for name in ["german-refs", "italian-refs"] {
        out.push(Scored::new(
            &format!("heldout/{name}"),
            repo.join(format!("fixtures/heldout/{name}.txt")),
            Some(InputKind::Refs),
            repo.join(format!("fixtures/heldout/{name}.jsonl")),
        ));
    }
    out.push(Scored::new(
        "AnyStyle gold",
        PathBuf::new(),
        Some(InputKind::Refs),
        shared.join("data/anystyle/gold.jsonl"),
    ));
    out
}

/// The last line of the shared scorer on `doc` read by `parser`: `field_f1=… citation_f1=…
/// backref_acc=…` for a document, `field_f1=… fully_right=…` for references.
pub fn score(doc: &Scored, parser: &Parser, shared: &Path) -> Result<String, String> {
    let text = if doc.input.as_os_str().is_empty() {
        refs_of_gold(&doc.gold)?
    } else {
        std::fs::read_to_string(&doc.input).map_err(|e| format!("{}: {e}", doc.input.display()))?
    };
    let mut options = Options::default().with_parser(parser.clone());
    options.input = doc.kind;
    let document = crate::read_str(&text, &options).map_err(|e| e.to_string())?;
    let predicted = if doc.is_refs() {
        emit::to_format_string(&document, emit::OutputFormat::CslJsonl)
            .map_err(|e| e.to_string())?
    } else {
        emit::to_json_string(&document)
    };
    let tmp = std::env::temp_dir().join(format!("opcit-accuracy-{}.json", std::process::id()));
    std::fs::write(&tmp, predicted).map_err(|e| format!("{}: {e}", tmp.display()))?;
    let scorer = shared.join("eval/score.py");
    let mut command = Command::new("python3");
    command.arg(&scorer);
    if doc.is_refs() {
        command.arg("--refs");
    }
    let output = command
        .arg(&doc.gold)
        .arg(&tmp)
        .output()
        .map_err(|e| format!("{}: {e}", scorer.display()))?;
    let _ = std::fs::remove_file(&tmp);
    let stdout = String::from_utf8_lossy(&output.stdout);
    stdout
        .lines()
        .last()
        .map(str::to_string)
        .ok_or_else(|| format!("{}: no output", scorer.display()))
}

/// The texts of a `.jsonl` gold of references, one a line.
fn refs_of_gold(gold: &Path) -> Result<String, String> {
    let data = std::fs::read_to_string(gold).map_err(|e| format!("{}: {e}", gold.display()))?;
    let mut out = String::new();
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let value: serde_json::Value =
            serde_json::from_str(line).map_err(|e| format!("{}: {e}", gold.display()))?;
        let text = value.get("text").and_then(|t| t.as_str()).unwrap_or("");
        out.push_str(&text.replace('\n', " "));
        out.push('\n');
    }
    Ok(out)
}
