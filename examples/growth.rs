//! Write the growth benchmark's inputs (BENCHMARKS.md, "Growth"): inputs that once made opcit
//! quadratic or made its memory outgrow the input, each at 1×, 2×, 4× and 8× a base size.
//! Deterministic: the same files on every run.
//!
//! ```text
//! cargo run --release --example growth -- DIR            # every input, 1× 2× 4× 8×
//! cargo run --release --example growth -- DIR quotes 8   # one input at one multiple
//! ```
//!
//! Files are named `DIR/NAME-K.txt` (`K` the multiple); `batch` writes a directory
//! `DIR/batch-K/` of small files. `benches/growth.sh` times them through the CLI.

use std::fmt::Write as _;
use std::path::Path;

/// One kind of input: its name, its base count and how to write `count` units of it.
struct Input {
    name: &'static str,
    /// What the count counts, for the table.
    unit: &'static str,
    base: usize,
    write: fn(usize) -> String,
}

/// Every input, in the order of BENCHMARKS.md.
const INPUTS: &[Input] = &[
    Input {
        name: "quotes",
        unit: "quote pairs",
        base: 2_500,
        write: quotes,
    },
    Input {
        name: "nospace",
        unit: "citations",
        base: 3_125,
        write: nospace,
    },
    Input {
        name: "noauthor",
        unit: "notes",
        base: 2_500,
        write: noauthor,
    },
    Input {
        name: "opcit",
        unit: "works",
        base: 6_250,
        write: opcit,
    },
    Input {
        name: "manycites",
        unit: "citations",
        base: 11_250,
        write: manycites,
    },
    Input {
        name: "ibid",
        unit: "notes",
        base: 12_500,
        write: ibid,
    },
    Input {
        name: "refs",
        unit: "references",
        base: 15_000,
        write: refs,
    },
];

/// Files of the `batch` input at 1× (each a small paper's notes).
const BATCH_BASE: usize = 125;

/// A distinct capitalised word for `k`: syllables in base 20, at least three.
fn word(mut k: usize) -> String {
    const SYLLABLES: [&str; 20] = [
        "ba", "ke", "lo", "mi", "nu", "ra", "se", "ti", "vo", "da", "fe", "go", "hu", "ja", "pe",
        "ri", "so", "tu", "za", "mo",
    ];
    let mut out = String::new();
    for _ in 0..3 {
        out.push_str(SYLLABLES[k % 20]);
        k /= 20;
    }
    while k > 0 {
        out.push_str(SYLLABLES[k % 20]);
        k /= 20;
    }
    let mut chars = out.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// One note opening with an author and then `n` pairs of unclosed quotes, « and “.
fn quotes(n: usize) -> String {
    let mut out = String::from("1 Smith, J., ");
    for _ in 0..n {
        out.push_str("« “ ");
    }
    out.push_str("London, 2001.\n");
    out
}

/// One note of `n` citations written without a space.
fn nospace(n: usize) -> String {
    let mut out = String::from("1 ");
    for _ in 0..n {
        out.push_str("Smith,J.,2001,«Title»,London,Press,p.4;");
    }
    out.push('\n');
    out
}

/// `n` notes, each a distinct work with a title and no author; every title shares its
/// longest word (`situation`), so that one index bucket holds every work.
fn noauthor(n: usize) -> String {
    let mut out = String::new();
    for k in 0..n {
        let _ = writeln!(
            out,
            "{} « {} {} situation », Paris, {}, p. {}.",
            k + 1,
            word(k),
            word(k + 7),
            1900 + k % 120,
            k % 300 + 1
        );
    }
    out
}

/// `n` works by distinct authors, each cited in full and then again with op. cit.
fn opcit(n: usize) -> String {
    let mut out = String::new();
    for k in 0..n {
        let _ = writeln!(
            out,
            "{} J. {}, {} {}, Paris, Gallimard, {}, p. {}.",
            2 * k + 1,
            word(k),
            word(k + 3),
            word(k + 5),
            1900 + k % 120,
            k % 300 + 1
        );
        let _ = writeln!(
            out,
            "{} {}, op. cit., p. {}.",
            2 * k + 2,
            word(k),
            k % 50 + 2
        );
    }
    out
}

/// One note of `n` citations of distinct works, separated by semicolons.
fn manycites(n: usize) -> String {
    let mut out = String::from("1 ");
    for k in 0..n {
        let _ = write!(
            out,
            "{} J., {}, Paris, {}; ",
            word(k),
            word(k + 11),
            1900 + k % 120
        );
    }
    out.push_str("Smith J., The end, London, 2001.\n");
    out
}

/// One cited work, then `n` notes of `Ibid.` with a page.
fn ibid(n: usize) -> String {
    let mut out = String::from("1 J. Smith, The History of Things, London, Penguin, 2001, p. 4.\n");
    for k in 0..n {
        let _ = writeln!(out, "{} Ibid., p. {}.", k + 2, k % 400 + 1);
    }
    out
}

/// A reference list (`--input refs`) of `n` references by distinct authors.
fn refs(n: usize) -> String {
    let mut out = String::new();
    for k in 0..n {
        let _ = writeln!(
            out,
            "{}, J. ({}). {} of the {} {}. London: {} Press.",
            word(k),
            1900 + k % 120,
            word(k + 2),
            word(k + 4),
            word(k + 6),
            word(k + 8)
        );
    }
    out
}

/// The `k`-th file of the `batch` input: a few notes of a small paper.
fn batch_file(k: usize) -> String {
    format!(
        "1 J. {a}, {t} {u}, Paris, Gallimard, {y}, p. 4.\n\
         2 Ibid., p. 7.\n\
         3 M. {b}, « {u} {t} », Revue {a}, vol. 3, {y}, p. 12-30.\n\
         4 {a}, op. cit., p. 9.\n",
        a = word(k),
        b = word(k + 1),
        t = word(k + 2),
        u = word(k + 3),
        y = 1900 + k % 120
    )
}

fn write_one(dir: &Path, name: &str, multiple: usize) -> Result<(), String> {
    let fail = |e: std::io::Error| format!("{}: {e}", dir.display());
    if name == "batch" {
        let sub = dir.join(format!("batch-{multiple}"));
        std::fs::create_dir_all(&sub).map_err(fail)?;
        for k in 0..BATCH_BASE * multiple {
            std::fs::write(sub.join(format!("{k:05}.txt")), batch_file(k)).map_err(fail)?;
        }
        return Ok(());
    }
    let input = INPUTS
        .iter()
        .find(|i| i.name == name)
        .ok_or(format!("no input {name}"))?;
    let count = input.base * multiple;
    let text = (input.write)(count);
    let path = dir.join(format!("{name}-{multiple}.txt"));
    std::fs::write(&path, &text).map_err(fail)?;
    eprintln!(
        "{}: {count} {}, {} bytes",
        path.display(),
        input.unit,
        text.len()
    );
    Ok(())
}

fn run() -> Result<(), String> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = Path::new(args.first().ok_or("usage: growth DIR [NAME [MULTIPLE]]")?);
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let names: Vec<&str> = match args.get(1) {
        Some(name) => vec![name.as_str()],
        None => INPUTS.iter().map(|i| i.name).chain(["batch"]).collect(),
    };
    let multiples: Vec<usize> = match args.get(2) {
        Some(m) => vec![m.parse().map_err(|e| format!("multiple: {e}"))?],
        None => vec![1, 2, 4, 8],
    };
    for name in names {
        for &multiple in &multiples {
            write_one(dir, name, multiple)?;
        }
    }
    Ok(())
}

fn main() {
    if let Err(e) = run() {
        eprintln!("growth: {e}");
        std::process::exit(1);
    }
}
