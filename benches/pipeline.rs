//! Criterion benchmarks of the pipeline: each stage on the bundled paper, the whole pipeline on
//! large generated inputs, and a pathological note made of quotations and brackets.
//!
//! Every run is kept short (10 samples, 3 s of measurement); the groups on megabytes of input
//! take longer than that and criterion says so. Run one group with a filter:
//!
//! ```text
//! cargo bench --bench pipeline -- stages/
//! cargo bench --bench pipeline -- end_to_end_large/
//! cargo bench --bench pipeline -- pathological_note/
//! cargo bench --bench pipeline -- pathological_one_sentence/
//! ```
//!
//! `BENCHMARKS.md` records the figures, before and after, with the machine and the profile.
//!
//! Throughput is the size of the input, in bytes, for every benchmark (a stage's figure is what
//! it costs per byte of the paper, not per byte of what it is handed).

use criterion::{
    BenchmarkId, Criterion, SamplingMode, Throughput, criterion_group, criterion_main,
};
use opcit::{InputKind, Options, cite, emit, notes, resolve, text};
use std::hint::black_box;
use std::time::Duration;

/// The bundled paper: PDF text, 43 footnotes.
const PAPER: &str = include_str!("../fixtures/gcim-rcmp-2004.txt");

/// The footnotes of [`PAPER`].
const PAPER_NOTES: usize = 43;

/// One unit of the pathological note: quotations, brackets and a parenthetical citation.
const UNIT: &str = "« Title (ed.) », “x” [y] (Name, 2001, p. 3) ";

fn config() -> Criterion {
    Criterion::default()
        .sample_size(10)
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1))
}

/// The number of a footnote line (`12 Text`) and the text after the number.
fn footnote_number(line: &str) -> Option<(usize, &str)> {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits == 0 || !line[digits..].starts_with(' ') {
        return None;
    }
    Some((line[..digits].parse().ok()?, &line[digits..]))
}

/// [`PAPER`] repeated until the text is at least `min_len` bytes long, the footnote lines
/// renumbered so that numbering runs on from one copy to the next; and the number of copies.
fn repeated_paper(min_len: usize) -> (String, usize) {
    let mut out = String::with_capacity(min_len + PAPER.len());
    let mut copies = 0;
    while out.len() < min_len {
        let offset = copies * PAPER_NOTES;
        for line in PAPER.split_inclusive('\n') {
            match footnote_number(line) {
                Some((n, rest)) => {
                    out.push_str(&(n + offset).to_string());
                    out.push_str(rest);
                }
                None => out.push_str(line),
            }
        }
        if !out.ends_with('\n') {
            out.push('\n');
        }
        copies += 1;
    }
    (out, copies)
}

/// One note (`1 …` on one line) of at least `min_len` bytes made of [`UNIT`]s; with `strays`,
/// an unbalanced `«` after every 7th unit and an unbalanced `(` after every 11th.
fn pathological_note(min_len: usize, strays: bool) -> String {
    let mut out = String::with_capacity(min_len + 2 * UNIT.len());
    out.push_str("1 ");
    let mut i = 0;
    while out.len() < min_len {
        out.push_str(UNIT);
        if strays && i % 7 == 3 {
            out.push_str("« ");
        }
        if strays && i % 11 == 5 {
            out.push_str("( ");
        }
        i += 1;
    }
    out.push('\n');
    out
}

/// The whole pipeline, as the CLI runs it with `--to csl-json`.
fn end_to_end(input: &str, options: &Options) -> String {
    let document = opcit::read_str(input, options).expect("a non-empty input");
    emit::to_csl_json_string(&document)
}

/// A size for a benchmark id: `100KB`, `1MB`.
fn size_label(bytes: usize) -> String {
    if bytes >= 1_000_000 {
        format!("{}MB", bytes / 1_000_000)
    } else {
        format!("{}KB", bytes / 1_000)
    }
}

/// Each stage on the bundled paper, with what it is handed prepared outside the timing.
fn stages(c: &mut Criterion) {
    let source = text::normalize(PAPER);
    let found = notes::find_notes(&source, None);
    assert_eq!(found.notes.len(), PAPER_NOTES, "the paper's footnotes");
    let texts: Vec<notes::NoteText> = found.notes.iter().map(|n| n.text(&source)).collect();
    let cited: Vec<resolve::CitedNote> = found
        .notes
        .iter()
        .zip(&texts)
        .map(|(note, text)| resolve::CitedNote {
            number: note.number,
            citations: cite::parse_note(text, &source).citations,
        })
        .collect();
    let document = opcit::read_str(PAPER, &Options::default()).expect("the paper reads");

    let mut group = c.benchmark_group("stages");
    group.throughput(Throughput::Bytes(PAPER.len() as u64));
    group.bench_function("normalize", |b| {
        b.iter(|| text::normalize(black_box(PAPER)))
    });
    group.bench_function("find_notes", |b| {
        b.iter(|| notes::find_notes(black_box(&source), None))
    });
    group.bench_function("cite", |b| {
        b.iter(|| {
            black_box(&texts)
                .iter()
                .map(|t| cite::parse_note(t, &source))
                .collect::<Vec<_>>()
        })
    });
    group.bench_function("resolve", |b| {
        b.iter(|| resolve::resolve(black_box(&cited)))
    });
    group.bench_function("emit_csl_json", |b| {
        b.iter(|| emit::to_csl_json_string(black_box(&document)))
    });
    group.bench_function("end_to_end", |b| {
        b.iter(|| end_to_end(black_box(PAPER), &Options::default()))
    });
    group.finish();
}

/// The whole pipeline on the paper repeated to 1 MB and 10 MB.
fn end_to_end_large(c: &mut Criterion) {
    let mut group = c.benchmark_group("end_to_end_large");
    group.sampling_mode(SamplingMode::Flat);
    for size in [1_000_000, 10_000_000] {
        let (input, copies) = repeated_paper(size);
        let found = notes::find_notes(&text::normalize(&input), None);
        assert_eq!(
            found.notes.len(),
            copies * PAPER_NOTES,
            "every copy's footnotes"
        );
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(size_label(size)),
            &input,
            |b, input| b.iter(|| end_to_end(black_box(input), &Options::default())),
        );
    }
    group.finish();
}

/// One note of quotations and brackets, read as `--input notes`, at growing sizes: the time
/// should grow with the size, no faster.
fn pathological(c: &mut Criterion, name: &str, strays: bool, sizes: &[usize]) {
    let options = Options::with_input(InputKind::Notes);
    let mut group = c.benchmark_group(name);
    group.sampling_mode(SamplingMode::Flat);
    for &size in sizes {
        let input = pathological_note(size, strays);
        let found = notes::find_notes(&text::normalize(&input), options.input);
        assert_eq!(found.notes.len(), 1, "one note");
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(size_label(size)),
            &input,
            |b, input| b.iter(|| end_to_end(black_box(input), &options)),
        );
    }
    group.finish();
}

/// With unbalanced `«` and `(` among the units (the stray `«` makes the rest of the note one
/// quotation).
fn pathological_note_group(c: &mut Criterion) {
    pathological(c, "pathological_note", true, &[100_000, 300_000, 1_000_000]);
}

/// Balanced units only: the note is one long sentence of many quotations and brackets.
fn pathological_one_sentence_group(c: &mut Criterion) {
    pathological(
        c,
        "pathological_one_sentence",
        false,
        &[10_000, 100_000, 1_000_000],
    );
}

criterion_group! {
    name = benches;
    config = config();
    targets = stages, end_to_end_large, pathological_note_group, pathological_one_sentence_group
}
criterion_main!(benches);
