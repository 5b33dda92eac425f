//! The native part of the `opcit` Python package: `opcit._opcit`.
//!
//! It reads documents with the opcit library, with the GIL released while the library works,
//! and hands documents back as JSON text, which the pure-Python layer (`opcit/__init__.py`)
//! turns into lists and dicts. Errors of the library become Python exceptions: bad input a
//! subclass of `ValueError`, a file that cannot be read an `OSError`.
// pyo3's macros expand to `unsafe` blocks; this file itself has none.
#![deny(missing_docs)]

use opcit::emit::{FormatOptions, Markup};
use opcit::{Error, InputKind, OutputFormat};
use pyo3::create_exception;
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use std::path::PathBuf;

create_exception!(
    opcit,
    InputError,
    PyValueError,
    "The input cannot be read as a document."
);
create_exception!(
    opcit,
    EmptyInputError,
    InputError,
    "The input is empty or only white space."
);
create_exception!(
    opcit,
    EncodingError,
    InputError,
    "The input is not UTF-8 text: invalid UTF-8 (with its `offset`), UTF-16 or binary data."
);
create_exception!(
    opcit,
    FormatError,
    PyValueError,
    "A PDF, DOCX or ODT file that cannot be read."
);
create_exception!(
    opcit,
    StyleError,
    PyValueError,
    "An unknown or unusable CSL style or locale."
);

/// The Python exception for a library error.
fn to_py_err(py: Python<'_>, error: Error) -> PyErr {
    let message = error.to_string();
    match error {
        Error::Io(e) => match e.raw_os_error() {
            Some(errno) => PyOSError::new_err((errno, message)),
            None => PyOSError::new_err(message),
        },
        Error::Empty => EmptyInputError::new_err(message),
        Error::InvalidUtf8 { offset } => {
            let err = EncodingError::new_err(message);
            // Setting an attribute on a fresh exception object cannot fail in practice; if it
            // did, the exception still says the offset in its message.
            let _ = err.value(py).setattr("offset", offset);
            err
        }
        Error::Binary { .. } | Error::Utf16 => EncodingError::new_err(message),
        Error::UnknownStyle { .. }
        | Error::BadStyle { .. }
        | Error::UnknownLocale { .. }
        | Error::StyleCannot { .. } => StyleError::new_err(message),
        Error::MissingProgram { .. } => PyOSError::new_err(message),
        Error::BadPackage { .. }
        | Error::BadPdf { .. }
        | Error::EncryptedPdf
        | Error::NoText { .. } => FormatError::new_err(message),
        _ => InputError::new_err(message),
    }
}

/// The options for `input`, a name as the command line's `--input` takes it.
fn options(input: Option<&str>) -> PyResult<opcit::Options> {
    let mut options = opcit::Options::default();
    if let Some(name) = input {
        let kind: InputKind = name.parse().map_err(PyValueError::new_err)?;
        options.input = Some(kind);
    }
    Ok(options)
}

/// A document read by opcit. The Python `opcit.Document` wraps it.
#[pyclass(frozen, module = "opcit._opcit", name = "NativeDocument")]
struct NativeDocument {
    document: opcit::Document,
}

#[pymethods]
impl NativeDocument {
    /// The document as `opcit --to json` prints it.
    fn to_json(&self, py: Python<'_>) -> String {
        py.detach(|| opcit::emit::to_json_string(&self.document))
    }

    /// The document in the output format named `format` (`bibtex`, `csl-json`, …); `text` and
    /// `html` with a CSL style, a locale, and the notes rather than the bibliography.
    #[pyo3(signature = (format, style=None, locale=None, notes=false))]
    fn to_format(
        &self,
        py: Python<'_>,
        format: &str,
        style: Option<String>,
        locale: Option<String>,
        notes: bool,
    ) -> PyResult<String> {
        let format: OutputFormat = format.parse().map_err(PyValueError::new_err)?;
        let mut options = FormatOptions::new(Markup::Text).with_notes(notes);
        options.style = style;
        options.locale = locale;
        py.detach(|| opcit::emit::to_format_string_with(&self.document, format, &options))
            .map_err(|e| to_py_err(py, e))
    }
}

/// Read a document from text (`str`) or from the bytes of a file (`bytes`: text, PDF, DOCX or
/// ODT, told by their first bytes).
#[pyfunction]
#[pyo3(signature = (text, input=None))]
fn read_str(
    py: Python<'_>,
    text: &Bound<'_, PyAny>,
    input: Option<&str>,
) -> PyResult<NativeDocument> {
    let options = options(input)?;
    let document = if let Ok(bytes) = text.cast::<PyBytes>() {
        let bytes = bytes.as_bytes();
        py.detach(|| opcit::read_bytes(bytes, &options))
    } else {
        let text: String = text.extract()?;
        py.detach(|| opcit::read_str(&text, &options))
    };
    document
        .map(|document| NativeDocument { document })
        .map_err(|e| to_py_err(py, e))
}

/// Read a document from a file, as the command line reads it: by its first bytes, and a file
/// named `.pdf`, `.docx` or `.odt` as that format when its bytes do not say what it is.
#[pyfunction]
#[pyo3(signature = (path, input=None))]
fn read_file(py: Python<'_>, path: PathBuf, input: Option<&str>) -> PyResult<NativeDocument> {
    let options = options(input)?;
    // `OSError(errno, strerror, filename)` is `FileNotFoundError`, `PermissionError`, … by
    // its errno, as Python's own `open` raises them.
    let bytes = py.detach(|| std::fs::read(&path)).map_err(|e| {
        let errno = e.raw_os_error().unwrap_or(0);
        PyOSError::new_err((errno, e.to_string(), path.display().to_string()))
    })?;
    let named = options
        .input
        .is_none()
        .then(|| opcit::extract::Format::named_by(&path, &bytes))
        .flatten();
    let read = py.detach(|| match named {
        Some(format) => opcit::extract::extract(&bytes, format)
            .and_then(|extracted| opcit::read_extracted(extracted, &options)),
        None => opcit::read_owned_bytes(bytes, &options),
    });
    read.map(|document| NativeDocument { document })
        .map_err(|e| to_py_err(py, e))
}

/// One reference, parsed on its own, as the JSON of an item of `--to json` (CSL-JSON with
/// `spans`), with a non-empty `id`.
#[pyfunction]
fn parse_reference(py: Python<'_>, text: &str) -> String {
    py.detach(|| {
        let reference = opcit::parse_reference(text);
        // Serialising plain owned data to a String cannot fail.
        serde_json::to_string(&reference).unwrap_or_default()
    })
}

/// The native module.
#[pymodule]
fn _opcit(module: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = module.py();
    module.add_class::<NativeDocument>()?;
    module.add_function(wrap_pyfunction!(read_str, module)?)?;
    module.add_function(wrap_pyfunction!(read_file, module)?)?;
    module.add_function(wrap_pyfunction!(parse_reference, module)?)?;
    module.add("InputError", py.get_type::<InputError>())?;
    module.add("EmptyInputError", py.get_type::<EmptyInputError>())?;
    module.add("EncodingError", py.get_type::<EncodingError>())?;
    module.add("FormatError", py.get_type::<FormatError>())?;
    module.add("StyleError", py.get_type::<StyleError>())?;
    Ok(())
}
