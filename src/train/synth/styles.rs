//! The CSL note styles (`data/csl-note-styles/note-styles.tar.gz`, CC BY-SA 3.0), read from the
//! archive at run time and parsed with citationberg.

use std::io::Read;
use std::path::Path;

use hayagriva::citationberg::{IndependentStyle, LocaleCode};

use crate::train::TrainError;

/// A style ready to render.
#[derive(Debug)]
pub struct NoteStyle {
    /// The file name without `.csl`.
    pub id: String,
    /// The parsed style.
    pub style: IndependentStyle,
    /// Its default locale (`en-US` when it names none).
    pub locale: LocaleCode,
}

impl NoteStyle {
    /// The language of the locale (`de`).
    pub fn lang(&self) -> &str {
        self.locale.0.split('-').next().unwrap_or("en")
    }

    /// The region of the locale (`GB`), or empty.
    pub fn region(&self) -> &str {
        self.locale.0.split('-').nth(1).unwrap_or("")
    }
}

/// A style that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StyleFailure {
    /// The style's id.
    pub id: String,
    /// What went wrong.
    pub reason: String,
}

/// The styles of the archive whose ids pass `keep`, sorted by id, and the ones that failed to
/// parse.
pub fn load_styles(
    archive: &Path,
    keep: &dyn Fn(&str) -> bool,
) -> Result<(Vec<NoteStyle>, Vec<StyleFailure>), TrainError> {
    let io = |source| TrainError::Io {
        path: archive.display().to_string(),
        source,
    };
    let file = std::fs::File::open(archive).map_err(io)?;
    let mut tar = tar::Archive::new(flate2::read::GzDecoder::new(file));
    let mut sources: Vec<(String, String)> = Vec::new();
    for entry in tar.entries().map_err(io)? {
        let mut entry = entry.map_err(io)?;
        let path = entry.path().map_err(io)?.to_string_lossy().into_owned();
        let Some(name) = Path::new(&path).file_name().and_then(|n| n.to_str()) else {
            continue;
        };
        let Some(id) = name.strip_suffix(".csl").map(str::to_string) else {
            continue;
        };
        if !keep(&id) {
            continue;
        }
        let mut xml = String::new();
        entry.read_to_string(&mut xml).map_err(io)?;
        sources.push((id, xml));
    }
    sources.sort_by(|a, b| a.0.cmp(&b.0));
    let mut styles = Vec::new();
    let mut failures = Vec::new();
    for (id, xml) in sources {
        match IndependentStyle::from_xml(&xml) {
            Ok(style) => {
                let locale = style
                    .default_locale
                    .clone()
                    .unwrap_or_else(LocaleCode::en_us);
                styles.push(NoteStyle { id, style, locale });
            }
            Err(e) => failures.push(StyleFailure {
                id,
                reason: format!("does not parse: {e}"),
            }),
        }
    }
    Ok((styles, failures))
}
