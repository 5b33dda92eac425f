//! Batch mode of the command line: several files or directories in one call, read in parallel.
//!
//! Directories are searched recursively for the files of [`opcit::files::EXTENSIONS`] (hidden
//! entries are skipped), in name order. Each input is read and rendered on rayon's thread pool; with an
//! output directory each result is written there at once, otherwise the results are printed in
//! the order of the inputs, each as soon as the ones before it are done. A file that fails is reported on standard error and the others go
//! on; the caller turns the failures into the exit code.

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use opcit::{Error, OutputFormat};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

/// One input: standard input or a file, with where its output goes in an output directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    /// The name in messages and JSON lines: the path as given or found, or `<stdin>`.
    pub name: String,
    /// The file; `None` for standard input.
    pub path: Option<PathBuf>,
    /// The output's path inside an output directory, without extension.
    pub stem: PathBuf,
}

/// A failure: which input, and why.
#[derive(Debug)]
pub struct Failure {
    /// The input's name.
    pub name: String,
    /// What went wrong.
    pub error: Error,
}

/// The inputs named on the command line, directories expanded. A directory that cannot be
/// listed, or holds no text file, is a failure; the other inputs are still returned. What a
/// directory holds that is not a regular file (a FIFO, a device, a socket) is skipped and
/// reported on standard error; each directory is visited once, however many links lead to it.
/// Two inputs that would write the same file in an output directory get distinct stems.
pub fn inputs(args: &[String]) -> (Vec<Input>, Vec<Failure>) {
    let mut inputs = Vec::new();
    let mut failures = Vec::new();
    let mut visited = HashSet::new();
    for arg in args {
        let path = Path::new(arg);
        if arg == "-" {
            inputs.push(Input {
                name: "<stdin>".to_string(),
                path: None,
                stem: PathBuf::from("stdin"),
            });
        } else if path.is_dir() {
            let mut found = Vec::new();
            match walk(path, &mut found, &mut visited) {
                Ok(()) if found.is_empty() => failures.push(Failure {
                    name: arg.clone(),
                    error: Error::Io(std::io::Error::other(format!(
                        "a directory with no {} file",
                        opcit::files::extension_list("or")
                    ))),
                }),
                Ok(()) => inputs.extend(found.into_iter().map(|file| {
                    let relative = file.strip_prefix(path).unwrap_or(&file);
                    Input {
                        name: file.to_string_lossy().into_owned(),
                        stem: relative.with_extension(""),
                        path: Some(file),
                    }
                })),
                Err(error) => failures.push(Failure {
                    name: arg.clone(),
                    error: Error::Io(error),
                }),
            }
        } else {
            inputs.push(Input {
                name: arg.clone(),
                stem: PathBuf::from(path.file_stem().unwrap_or(path.as_os_str())),
                path: Some(path.to_path_buf()),
            });
        }
    }
    distinct_stems(&mut inputs);
    (inputs, failures)
}

/// Give inputs that share a stem (`a/notes.txt` and `b/notes.txt` given by name, `x.txt` and
/// `x.md` in one directory) distinct ones, the same on every run: the file name with its
/// extension, then a counter in input order (`notes.txt-2`).
fn distinct_stems(inputs: &mut [Input]) {
    let mut count: HashMap<PathBuf, usize> = HashMap::new();
    for input in inputs.iter() {
        *count.entry(input.stem.clone()).or_default() += 1;
    }
    let mut taken: HashSet<PathBuf> = HashSet::new();
    for input in inputs.iter_mut() {
        if count.get(&input.stem).is_some_and(|&n| n > 1)
            && let Some(name) = input.path.as_deref().and_then(Path::file_name)
        {
            input.stem.set_file_name(name);
        }
        let base = input.stem.clone();
        let mut k = 1;
        while !taken.insert(input.stem.clone()) {
            k += 1;
            let mut name = base.clone().into_os_string();
            name.push(format!("-{k}"));
            input.stem = PathBuf::from(name);
        }
    }
}

/// The input files under `dir`, recursively, in name order; hidden entries skipped, and
/// directories already in `visited` (by their canonical path) not entered again.
fn walk(
    dir: &Path,
    found: &mut Vec<PathBuf>,
    visited: &mut HashSet<PathBuf>,
) -> std::io::Result<()> {
    if !visited.insert(std::fs::canonicalize(dir)?) {
        return Ok(());
    }
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)?
        .map(|entry| entry.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    entries.sort();
    for path in entries {
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        let wanted = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| opcit::files::file_type(e).is_some());
        if hidden {
            continue;
        }
        // `metadata` follows links: a link to a file is read, a link to a directory entered.
        let Ok(meta) = std::fs::metadata(&path) else {
            if wanted {
                eprintln!("opcit: {}: skipped: a broken link", path.display());
            }
            continue;
        };
        if meta.is_dir() {
            walk(&path, found, visited)?;
        } else if wanted && meta.is_file() {
            found.push(path);
        } else if wanted {
            eprintln!("opcit: {}: skipped: not a regular file", path.display());
        }
    }
    Ok(())
}

/// The extension of an output file in `format`.
pub fn extension(format: OutputFormat) -> &'static str {
    match format {
        OutputFormat::CslJson => "csl.json",
        OutputFormat::CslJsonl => "csl.jsonl",
        OutputFormat::CslCitations => "citations.json",
        OutputFormat::Bibtex | OutputFormat::Biblatex => "bib",
        OutputFormat::Ris => "ris",
        OutputFormat::Yaml => "yaml",
        OutputFormat::Text => "txt",
        OutputFormat::Html => "html",
        _ => "json",
    }
}

/// The bytes of an input.
pub fn read(input: &Input) -> Result<Vec<u8>, Error> {
    match &input.path {
        Some(path) => Ok(std::fs::read(path)?),
        None => {
            let mut bytes = Vec::new();
            std::io::stdin().read_to_end(&mut bytes)?;
            Ok(bytes)
        }
    }
}

/// Render every input in parallel with `render` (the input and its bytes to a result); each
/// result goes to `emit` in input order as soon as it can (a slow input holds back only the
/// ones after it). Returns the failures, each already reported on standard error.
pub fn run<T, F>(inputs: &[Input], render: F, mut emit: impl FnMut(&Input, T)) -> Vec<Failure>
where
    T: Send,
    F: Fn(&Input, Vec<u8>) -> Result<T, Error> + Sync,
{
    let bar = progress_bar(inputs.len());
    let render_one = |input: &Input| {
        let result = read(input)
            .and_then(|bytes| render(input, bytes))
            .map_err(|error| Failure {
                name: input.name.clone(),
                error,
            });
        if let Err(failure) = &result {
            bar.suspend(|| report(failure));
        }
        bar.inc(1);
        result
    };
    let (sender, receiver) = std::sync::mpsc::channel();
    let mut failures = Vec::new();
    std::thread::scope(|scope| {
        scope.spawn(|| {
            inputs
                .par_iter()
                .enumerate()
                .for_each_with(sender, |sender, (i, input)| {
                    // The receiver outlives the senders: a send cannot fail.
                    let _ = sender.send((i, render_one(input)));
                });
        });
        let mut waiting = BTreeMap::new();
        let mut next = 0;
        for (i, result) in receiver {
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&next) {
                match result {
                    Ok(value) => emit(&inputs[next], value),
                    Err(failure) => failures.push(failure),
                }
                next += 1;
            }
        }
    });
    bar.finish_and_clear();
    failures
}

/// One line on standard error for a failed input.
pub fn report(failure: &Failure) {
    eprintln!("opcit: {}: {}", failure.name, failure.error);
}

/// Write one result into the output directory `dir`, as the input's stem with extension
/// `ext`.
pub fn write_into(dir: &Path, input: &Input, ext: &str, text: &str) -> Result<(), Error> {
    let mut target = dir.join(&input.stem).into_os_string();
    target.push(".");
    target.push(ext);
    let target = PathBuf::from(target);
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    std::fs::write(&target, text)?;
    Ok(())
}

/// A progress bar on standard error when it is a terminal and there are several inputs;
/// otherwise a hidden one.
fn progress_bar(len: usize) -> ProgressBar {
    if len < 2 || !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} files {elapsed}") {
        bar.set_style(style);
    }
    bar
}

/// How long one input is read before its bar shows: a quick one never flickers one.
const NOTE_BAR_AFTER: Duration = Duration::from_millis(500);

/// A progress bar of the notes read of one input, on standard error when it is a terminal,
/// shown once the input has taken [`NOTE_BAR_AFTER`]; hidden otherwise.
pub struct NoteBar {
    bar: ProgressBar,
    started: Instant,
    /// Whether the bar may show: standard error is a terminal.
    enabled: bool,
    shown: AtomicBool,
}

impl NoteBar {
    /// A bar for one input; `enabled` when it may show at all (one input, not a batch, whose
    /// bar counts files).
    pub fn new(enabled: bool) -> Self {
        let bar = ProgressBar::hidden();
        if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} notes {elapsed}") {
            bar.set_style(style);
        }
        NoteBar {
            bar,
            started: Instant::now(),
            enabled: enabled && std::io::stderr().is_terminal(),
            shown: AtomicBool::new(false),
        }
    }

    /// Clear the bar from the terminal.
    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}

impl opcit::Progress for NoteBar {
    fn notes_read(&self, done: usize, total: usize) {
        self.bar.set_length(total as u64);
        self.bar.set_position(done as u64);
        let due = self.enabled && done < total && self.started.elapsed() >= NOTE_BAR_AFTER;
        if due && !self.shown.swap(true, Ordering::Relaxed) {
            self.bar.set_draw_target(ProgressDrawTarget::stderr());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_format_has_an_extension() {
        for format in OutputFormat::ALL {
            assert!(!extension(format).is_empty());
        }
        assert_eq!(extension(OutputFormat::Json), "json");
        assert_eq!(extension(OutputFormat::Bibtex), "bib");
    }

    #[test]
    fn a_directory_gives_its_text_files_in_order() {
        let dir = format!("{}/fixtures", env!("CARGO_MANIFEST_DIR"));
        let (inputs, failures) = inputs(&[dir]);
        assert!(failures.is_empty());
        let stems: Vec<String> = inputs
            .iter()
            .map(|i| i.stem.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            stems.first().map(String::as_str),
            Some("gcim-rcmp-2004-note-gaps")
        );
        assert!(stems.contains(&"styles/chicago".to_string()), "{stems:?}");
        // `styles/sources.md` is Markdown: taken too
        assert!(stems.contains(&"styles/sources".to_string()), "{stems:?}");
    }
}
