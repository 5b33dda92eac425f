//! Write synthetic footnotes in the `.notes` format (`data/notes/FORMAT.md`) to standard output,
//! and the run's report to standard error.
//!
//! ```text
//! cargo run --release --example synth -- --seed 1 --per-style 1 > /tmp/synth.notes
//! cargo run --release --example synth -- --styles oscola,annales --notes 10-20
//! cargo run --release --example synth -- --leave-out oscola
//! ```

use opcit::train::synth::{StyleChoice, SynthSettings, synthesize};

fn main() {
    if let Err(e) = run() {
        eprintln!("synth: {e}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let mut settings = SynthSettings::default();
    let mut args = std::env::args().skip(1);
    let list = |v: String| v.split(',').map(str::to_string).collect::<Vec<_>>();
    while let Some(flag) = args.next() {
        let mut value = || args.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--seed" => settings.seed = value()?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--per-style" => {
                settings.documents_per_style =
                    value()?.parse().map_err(|e| format!("--per-style: {e}"))?
            }
            "--notes" => {
                let v = value()?;
                let (lo, hi) = v.split_once('-').ok_or("--notes LO-HI")?;
                let n = |s: &str| s.parse::<usize>().map_err(|e| format!("--notes: {e}"));
                settings.notes_per_document = (n(lo)?, n(hi)?);
            }
            "--styles" => settings.styles = StyleChoice::Only(list(value()?)),
            "--leave-out" => settings.styles = StyleChoice::AllBut(list(value()?)),
            "--anystyle-share" => {
                settings.items.anystyle_share = value()?
                    .parse()
                    .map_err(|e| format!("--anystyle-share: {e}"))?
            }
            other => return Err(format!("unknown argument `{other}`")),
        }
    }
    let start = std::time::Instant::now();
    let run = synthesize(&settings).map_err(|e| e.to_string())?;
    print!("{}", opcit::train::to_notes_string(&run.notes));
    eprint!("{}", run.report.summary());
    eprintln!(
        "{} notes in {:.1} s",
        run.notes.len(),
        start.elapsed().as_secs_f64()
    );
    Ok(())
}
