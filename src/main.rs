//! The `opcit` command line: footnotes in, bibliography out.

mod batch;

use clap::Parser;
use opcit::emit::FormatOptions;
use opcit::{Document, Error, InputKind, Options, OutputFormat};
use serde::Serialize;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

/// Turn the footnotes of a paper into a bibliography.
#[derive(Debug, Parser)]
#[command(name = "opcit", version, about)]
struct Cli {
    /// Input files or directories (`-` reads standard input): the help names the extensions
    /// of [`opcit::files::EXTENSIONS`].
    #[arg(required = true, value_name = "FILE", help = files_help())]
    files: Vec<String>,

    /// Output format: bibtex (the default), biblatex, ris, csl-json (one array), csl-jsonl
    /// (one item a line), csl-citations, json, yaml, text, html.
    #[arg(long = "to", value_name = "FORMAT", default_value = "bibtex")]
    to: OutputFormat,

    /// Kind of input: pdf-text, notes, refs, markdown, latex, docx, odt (detected when absent;
    /// PDF, DOCX and ODT files are told by their first bytes and their extension).
    #[arg(long, value_name = "KIND")]
    input: Option<InputKind>,

    /// Style of `--to text|html`: a name (apa, chicago-author-date, chicago-notes,
    /// chicago-notes-ibid, chicago-shortened-notes, mla, ieee, harvard-cite-them-right,
    /// turabian-fullnote-8, … ; an unknown name lists them all) or a CSL file. Default:
    /// chicago-author-date, or chicago-notes-ibid with --notes.
    #[arg(long, value_name = "NAME|FILE.csl")]
    style: Option<String>,

    /// Locale of `--to text|html`, such as en-GB, de-DE, fr-FR (default: the style's).
    #[arg(long, value_name = "xx-XX")]
    locale: Option<String>,

    /// With `--to text|html`: re-render every footnote's citations in a note style (Ibid.,
    /// short notes), one line per note, instead of the bibliography.
    #[arg(long)]
    notes: bool,

    /// Write to this file instead of standard output; with several inputs or a directory,
    /// into this directory, one file per input (with --merge, always this one file).
    #[arg(short, long, value_name = "FILE")]
    output: Option<PathBuf>,

    /// One bibliography of all the inputs, in every format: a work cited in several inputs
    /// (the same authors and a like title, or the same URL) is one entry, with one key. Without
    /// it, several inputs on one stream get keys unique across the stream (`smith2001a` when
    /// an earlier input took `smith2001`).
    #[arg(long)]
    merge: bool,

    /// What reads the citations: `model` (the trained labeller, the default) or `rules` (the
    /// hand-written rules alone).
    #[arg(long, value_name = "PARSER", default_value = "model")]
    parser: ParserName,

    /// Read the citations with this model file (one `opcit-train model` wrote) instead of
    /// the built-in one.
    #[arg(long, value_name = "FILE.crf")]
    model: Option<PathBuf>,
}

/// The help of the input files: what [`opcit::files::EXTENSIONS`] lists.
fn files_help() -> String {
    format!(
        "Input files or directories (`-` reads standard input): {}; directories are searched \
         for all of these",
        opcit::files::description()
    )
}

/// The parsers `--parser` names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ParserName {
    /// The trained labeller.
    Model,
    /// The hand-written rules.
    Rules,
}

/// The parser the flags ask for.
fn parser(cli: &Cli) -> Result<opcit::cite::Parser, String> {
    if let Some(path) = &cli.model {
        let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let labeller = opcit::cite::labeller::Labeller::from_bytes(&bytes)
            .map_err(|e| format!("{}: {e}", path.display()))?;
        return Ok(opcit::cite::Parser::Labeller(labeller));
    }
    Ok(match cli.parser {
        ParserName::Model => opcit::cite::Parser::Model,
        ParserName::Rules => opcit::cite::Parser::Rules,
    })
}

/// Exit code for a file that could not be read.
const EXIT_INPUT: u8 = 1;
/// Exit code for a usage error or a format that is not available.
const EXIT_USAGE: u8 = 2;

/// One document of a several-file run, as one JSON line.
#[derive(Serialize)]
struct FileDocument<'a> {
    file: &'a str,
    #[serde(flatten)]
    document: &'a Document,
}

fn exit_code(error: &Error) -> u8 {
    match error {
        Error::UnknownStyle { .. }
        | Error::BadStyle { .. }
        | Error::UnknownLocale { .. }
        | Error::StyleCannot { .. } => EXIT_USAGE,
        _ => EXIT_INPUT,
    }
}

/// The style, locale and notes flags of `--to text|html`.
fn format_options(cli: &Cli) -> FormatOptions {
    let mut format = FormatOptions::default().with_notes(cli.notes);
    format.style.clone_from(&cli.style);
    format.locale.clone_from(&cli.locale);
    format
}

/// The format the file's name says ([`opcit::extract::Format::named_by`]), unless `--input`
/// says what the file is.
fn named_format(cli: &Cli, name: &str, bytes: &[u8]) -> Option<opcit::extract::Format> {
    if cli.input.is_some() {
        return None;
    }
    opcit::extract::Format::named_by(std::path::Path::new(name), bytes)
}

/// Read one input, with a bar of its notes on a terminal when `alone` (the only input).
fn read_document(
    cli: &Cli,
    parser: &opcit::cite::Parser,
    name: &str,
    bytes: Vec<u8>,
    alone: bool,
) -> Result<Document, Error> {
    let mut options = Options::default().with_parser(parser.clone());
    options.input = cli.input;
    let bar = batch::NoteBar::new(alone);
    let document = match named_format(cli, name, &bytes) {
        Some(format) => {
            let extracted = opcit::extract::extract(&bytes, format)?;
            opcit::read_extracted_with_progress(extracted, &options, &bar)
        }
        None => opcit::read_owned_bytes_with_progress(bytes, &options, &bar),
    };
    bar.finish();
    document
}

/// A document in the format asked for; as one JSON line with its file name when `lines`.
fn format_document(
    cli: &Cli,
    name: &str,
    document: &Document,
    lines: bool,
) -> Result<String, Error> {
    if lines && cli.to == OutputFormat::Json {
        let line = FileDocument {
            file: name,
            document,
        };
        let mut out = serde_json::to_string(&line).unwrap_or_default();
        out.push('\n');
        return Ok(out);
    }
    let out = opcit::emit::to_format_string_with(document, cli.to, &format_options(cli))?;
    let left_out = opcit::emit::citations_without_reference(document);
    if cli.to == OutputFormat::CslCitations && left_out > 0 {
        let (what, verb) = if left_out == 1 {
            ("citation", "is")
        } else {
            ("citations", "are")
        };
        eprintln!(
            "opcit: {name}: {left_out} {what} without a reference {verb} left out of the \
             clusters (see the diagnostics of --to json)"
        );
    }
    Ok(out)
}

/// Where one stream of results goes: standard output, each result as soon as it is ready, or
/// one file, all of them at the end.
struct Stream<'a> {
    file: Option<&'a std::path::Path>,
    collected: String,
    written: std::io::Result<()>,
}

impl<'a> Stream<'a> {
    fn new(file: Option<&'a std::path::Path>) -> Self {
        Stream {
            file,
            collected: String::new(),
            written: Ok(()),
        }
    }

    fn write(&mut self, text: &str) {
        if self.file.is_some() {
            self.collected.push_str(text);
        } else if self.written.is_ok() {
            let mut stdout = std::io::stdout().lock();
            self.written = stdout
                .write_all(text.as_bytes())
                .and_then(|()| stdout.flush());
        }
    }

    /// Write `document` to standard output as it is serialised, without the whole output in
    /// memory first, when it goes there in a format written so ([`opcit::emit::write_format`]);
    /// `Some` (of nothing more to write) when it did.
    fn write_document(&mut self, cli: &Cli, document: &Document, lines: bool) -> Option<String> {
        let streamed = matches!(
            cli.to,
            OutputFormat::Json | OutputFormat::CslJson | OutputFormat::CslJsonl
        );
        if self.file.is_some() || lines || !streamed {
            return None;
        }
        if self.written.is_ok() {
            let mut stdout = std::io::stdout().lock();
            let written =
                opcit::emit::write_format(document, cli.to, &format_options(cli), &mut stdout);
            self.written = written.map_err(|e| match e {
                Error::Io(e) => e,
                other => std::io::Error::other(other.to_string()),
            });
        }
        Some(String::new())
    }

    /// Write the file, when there is one with something in it; what went wrong.
    fn finish(self) -> std::io::Result<()> {
        self.written?;
        match self.file {
            Some(path) if !self.collected.is_empty() => std::fs::write(path, self.collected)
                .map_err(|e| std::io::Error::new(e.kind(), format!("{}: {e}", path.display()))),
            _ => Ok(()),
        }
    }
}

/// Run the batch: each input's result into the output directory, or all of them on one
/// stream. The failures, each reported.
fn run(
    cli: &Cli,
    parser: &opcit::cite::Parser,
    inputs: &[batch::Input],
    directory: Option<&std::path::Path>,
    several: bool,
    stream: &mut Stream<'_>,
) -> Vec<batch::Failure> {
    let alone = !several && inputs.len() == 1;
    let read = |input: &batch::Input, bytes| read_document(cli, parser, &input.name, bytes, alone);
    if let Some(dir) = directory {
        let ext = batch::extension(cli.to);
        return batch::run(
            inputs,
            |input, bytes| {
                let text = format_document(cli, &input.name, &read(input, bytes)?, false)?;
                batch::write_into(dir, input, ext, &text)
            },
            |_, ()| {},
        );
    }
    if !cli.merge && matches!(cli.to, OutputFormat::Text | OutputFormat::Html) {
        // no key shows in a formatted bibliography: each is formatted as it is read
        return batch::run(
            inputs,
            |input, bytes| format_document(cli, &input.name, &read(input, bytes)?, several),
            |_, text| stream.write(&text),
        );
    }
    let mut late = Vec::new();
    let mut emit = |name: &str, document: &Document, lines: bool| match stream
        .write_document(cli, document, lines)
        .map_or_else(|| format_document(cli, name, document, lines), Ok)
    {
        Ok(text) => stream.write(&text),
        Err(error) => {
            let failure = batch::Failure {
                name: name.to_string(),
                error,
            };
            batch::report(&failure);
            late.push(failure);
        }
    };
    let mut failures = if cli.merge {
        let mut documents = Vec::new();
        let failures = batch::run(inputs, read, |_, document| documents.push(document));
        let names: Vec<&str> = inputs.iter().map(|i| i.name.as_str()).collect();
        emit(&names.join(", "), &opcit::combine::merge(documents), false);
        failures
    } else {
        let mut keys = opcit::combine::KeySpace::new();
        batch::run(inputs, read, |input, mut document| {
            keys.claim(&mut document);
            emit(&input.name, &document, several);
        })
    };
    failures.append(&mut late);
    failures
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let formatted = matches!(cli.to, OutputFormat::Text | OutputFormat::Html);
    if !formatted && (cli.style.is_some() || cli.locale.is_some() || cli.notes) {
        eprintln!("opcit: --style, --locale and --notes apply only to --to text and --to html");
        return ExitCode::from(EXIT_USAGE);
    }
    if formatted && let Err(error) = format_options(&cli).check() {
        eprintln!("opcit: {error}");
        return ExitCode::from(EXIT_USAGE);
    }
    let parser = match parser(&cli) {
        Ok(p) => p,
        Err(message) => {
            eprintln!("opcit: {message}");
            return ExitCode::from(EXIT_USAGE);
        }
    };
    let (inputs, mut failures) = batch::inputs(&cli.files);
    failures.iter().for_each(batch::report);
    // Several inputs, a directory, or an output directory that exists: one output per input,
    // unless they are merged into one.
    let several = inputs.len() + failures.len() > 1
        || cli.files.iter().any(|f| std::path::Path::new(f).is_dir());
    let directory = cli
        .output
        .as_deref()
        .filter(|o| !cli.merge && (several || o.is_dir()));
    let mut stream = Stream::new(cli.output.as_deref().filter(|_| directory.is_none()));
    failures.extend(run(&cli, &parser, &inputs, directory, several, &mut stream));
    if let Err(e) = stream.finish() {
        eprintln!("opcit: cannot write the output: {e}");
        return ExitCode::from(EXIT_INPUT);
    }
    match failures.iter().map(|f| exit_code(&f.error)).max() {
        Some(code) => ExitCode::from(code),
        None => ExitCode::SUCCESS,
    }
}
