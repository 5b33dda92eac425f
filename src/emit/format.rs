//! Formatted output through hayagriva's CSL processor: the bibliography in a citation style, or
//! every footnote's citations re-rendered in a note style.
//!
//! Styles are hayagriva's archived CSL styles by name (`apa`, `chicago-notes`, …), opcit's own
//! `chicago-notes-ibid`, or a CSL file. Locales are the CSL locales hayagriva ships.

use super::hayagriva::to_entry;
use crate::error::Error;
use crate::model::{Citation, Document, LocatorLabel, Note};
use hayagriva::archive::{ArchivedStyle, locales};
use hayagriva::citationberg::taxonomy::Locator;
use hayagriva::citationberg::{IndependentStyle, Locale, LocaleCode, Style};
use std::sync::{Arc, Mutex, OnceLock};

use hayagriva::{
    BibliographyDriver, BibliographyRequest, BufWriteFormat, CitationItem, CitationRequest, Elem,
    ElemChild, ElemChildren, Entry, Formatted, LocatorPayload, Rendered, SpecificLocator,
};

/// The style of a bibliography when none is asked for.
pub const DEFAULT_STYLE: &str = "chicago-author-date";
/// The style of re-rendered notes when none is asked for.
pub const DEFAULT_NOTE_STYLE: &str = "chicago-notes-ibid";
/// opcit's own style: traditional Chicago full notes, short notes, and Ibid.
const CHICAGO_NOTES_IBID: &str = include_str!("../../styles/chicago-notes-ibid.csl");

/// How formatted output is marked up.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum Markup {
    /// Plain text, one entry or note a line.
    #[default]
    Text,
    /// HTML, one `div` an entry or note.
    Html,
}

/// What formatted output looks like.
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct FormatOptions {
    /// A style name or the path of a CSL file; [`DEFAULT_STYLE`] (or [`DEFAULT_NOTE_STYLE`]
    /// for notes) when absent.
    pub style: Option<String>,
    /// A locale such as `de-DE`; the style's own default when absent.
    pub locale: Option<String>,
    /// Plain text or HTML.
    pub markup: Markup,
    /// Render the footnotes' citations rather than the bibliography (used by
    /// [`to_format_string_with`](super::to_format_string_with)).
    pub notes: bool,
}

impl FormatOptions {
    /// Options for this markup, with the default style and locale.
    pub fn new(markup: Markup) -> Self {
        FormatOptions {
            markup,
            ..FormatOptions::default()
        }
    }

    /// The same options with a style name or CSL file.
    pub fn with_style(mut self, style: impl Into<String>) -> Self {
        self.style = Some(style.into());
        self
    }

    /// The same options with a locale.
    pub fn with_locale(mut self, locale: impl Into<String>) -> Self {
        self.locale = Some(locale.into());
        self
    }

    /// Check the style and the locale, so that a wrong one is reported before any work.
    pub fn check(&self) -> Result<(), Error> {
        let default = if self.notes {
            DEFAULT_NOTE_STYLE
        } else {
            DEFAULT_STYLE
        };
        Setup::new(self, default).map(|_| ())
    }

    /// The same options, rendering the notes (`true`) or the bibliography.
    pub fn with_notes(mut self, notes: bool) -> Self {
        self.notes = notes;
        self
    }
}

/// Every style name `--style` knows: opcit's own, then hayagriva's archived styles, sorted.
pub fn style_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = ArchivedStyle::all()
        .iter()
        .flat_map(|s| s.names().iter().copied())
        .collect();
    names.push(DEFAULT_NOTE_STYLE);
    names.sort_unstable();
    names.dedup();
    names
}

/// Whether a `--style` value names a file rather than a style.
fn is_path(spec: &str) -> bool {
    spec.to_ascii_lowercase().ends_with(".csl")
        || spec.contains(std::path::MAIN_SEPARATOR)
        || spec.contains('/')
}

fn bad_style(path: &str, message: impl Into<String>) -> Error {
    Error::BadStyle {
        path: path.to_string(),
        message: message.into(),
    }
}

/// The styles read so far by name (not the CSL files): a batch of documents reads each once.
static NAMED_STYLES: Mutex<Vec<(String, Arc<IndependentStyle>)>> = Mutex::new(Vec::new());

/// The locales hayagriva ships, read once.
static LOCALES: OnceLock<Vec<Locale>> = OnceLock::new();

#[cfg(test)]
thread_local! {
    /// How many times a style or the locales were read (not taken from memory).
    static LOADS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Count one read of a style or of the locales (in tests).
fn loaded() {
    #[cfg(test)]
    LOADS.with(|n| n.set(n.get() + 1));
}

/// The locales, read on first use.
fn shipped_locales() -> &'static [Locale] {
    LOCALES.get_or_init(|| {
        loaded();
        locales()
    })
}

/// The style a `--style` value names, read once per process when it is a name (a CSL file is
/// read each time: it may change).
fn style(spec: &str) -> Result<Arc<IndependentStyle>, Error> {
    if is_path(spec) {
        return load_style(spec).map(Arc::new);
    }
    // a poisoned lock only means another thread panicked while it held the list
    let mut named = NAMED_STYLES.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, style)) = named.iter().find(|(name, _)| name == spec) {
        return Ok(Arc::clone(style));
    }
    let style = Arc::new(load_style(spec)?);
    named.push((spec.to_string(), Arc::clone(&style)));
    Ok(style)
}

/// The style a `--style` value names. A dependent CSL file is used with its parent when the
/// parent is an archived style.
fn load_style(spec: &str) -> Result<IndependentStyle, Error> {
    loaded();
    if spec == DEFAULT_NOTE_STYLE {
        return IndependentStyle::from_xml(CHICAGO_NOTES_IBID)
            .map_err(|e| bad_style(DEFAULT_NOTE_STYLE, e.to_string()));
    }
    if !is_path(spec) {
        let Some(archived) = ArchivedStyle::by_name(spec) else {
            return Err(Error::UnknownStyle {
                name: spec.to_string(),
                known: style_names().join(", "),
            });
        };
        return match archived.get() {
            Style::Independent(style) => Ok(style),
            Style::Dependent(_) => Err(bad_style(spec, "is a dependent style")),
        };
    }
    let xml = std::fs::read_to_string(spec).map_err(|e| bad_style(spec, e.to_string()))?;
    let parsed =
        Style::from_xml(&xml).map_err(|e| bad_style(spec, format!("{e}: {}", e.source)))?;
    match parsed {
        Style::Independent(style) => Ok(style),
        Style::Dependent(dependent) => {
            let parent = &dependent.parent_link.href;
            let archived = ArchivedStyle::by_id(parent).ok_or_else(|| {
                bad_style(
                    spec,
                    format!(
                        "its parent style {parent} is not one opcit has; use the parent's file"
                    ),
                )
            })?;
            match archived.get() {
                Style::Independent(mut style) => {
                    if dependent.default_locale.is_some() {
                        style.default_locale = dependent.default_locale;
                    }
                    Ok(style)
                }
                Style::Dependent(_) => Err(bad_style(spec, "its parent is a dependent style")),
            }
        }
    }
}

/// The locale asked for, checked against the locales hayagriva ships: an exact code, or a
/// language they have (`de` for `de-DE`).
fn locale_code(code: Option<&str>, files: &[Locale]) -> Result<Option<LocaleCode>, Error> {
    let Some(code) = code else {
        return Ok(None);
    };
    let known: Vec<&str> = files
        .iter()
        .filter_map(|l| l.lang.as_ref().map(|c| c.0.as_str()))
        .collect();
    let language = |c: &str| c.split('-').next().unwrap_or(c).to_ascii_lowercase();
    let wanted = language(code);
    if known
        .iter()
        .any(|k| k.eq_ignore_ascii_case(code) || language(k) == wanted)
    {
        Ok(Some(LocaleCode(code.to_string())))
    } else {
        let mut known: Vec<&str> = known;
        known.sort_unstable();
        Err(Error::UnknownLocale {
            code: code.to_string(),
            known: known.join(", "),
        })
    }
}

/// A style, its locale and the locale files, ready to render.
struct Setup {
    style: Arc<IndependentStyle>,
    name: String,
    locale: Option<LocaleCode>,
    locales: &'static [Locale],
    /// Whether the locale puts a period or comma inside closing quotation marks (en-US).
    punctuation_in_quote: bool,
}

impl Setup {
    fn new(options: &FormatOptions, default: &str) -> Result<Self, Error> {
        let name = options.style.as_deref().unwrap_or(default);
        let style = style(name)?;
        let locales = shipped_locales();
        let locale = locale_code(options.locale.as_deref(), locales)?;
        let lang = locale
            .clone()
            .or_else(|| style.default_locale.clone())
            .unwrap_or_else(LocaleCode::en_us);
        let punctuation_in_quote = style
            .locale
            .iter()
            .chain(locales)
            .filter(|l| l.lang.as_ref().is_none_or(|c| c.0 == lang.0))
            .find_map(|l| l.style_options.and_then(|o| o.punctuation_in_quote))
            .unwrap_or(false);
        Ok(Setup {
            style,
            name: name.to_string(),
            locale,
            locales,
            punctuation_in_quote,
        })
    }

    /// Rendered CSL output as text or HTML; HTML text is escaped (hayagriva writes it raw).
    fn write(&self, children: &ElemChildren, markup: Markup) -> String {
        let mut out = String::new();
        // Writing to a String cannot fail.
        let _ = match markup {
            Markup::Text => children.write_buf(&mut out, BufWriteFormat::Plain),
            Markup::Html => escaped(children).write_buf(&mut out, BufWriteFormat::Html),
        };
        tidy_punctuation(&out, self.punctuation_in_quote)
    }

    fn request<'a>(
        &'a self,
        items: Vec<CitationItem<'a, Entry>>,
        note: Option<usize>,
    ) -> CitationRequest<'a, Entry> {
        CitationRequest::new(items, &self.style, self.locale.clone(), self.locales, note)
    }

    /// Run the driver, with a fault of the CSL processor turned into an error: a user's style
    /// may ask it for what it cannot do.
    fn finish(&self, driver: BibliographyDriver<'_, Entry>) -> Result<Rendered, Error> {
        let request = BibliographyRequest::new(&self.style, self.locale.clone(), self.locales);
        let run = std::panic::AssertUnwindSafe(|| driver.finish(request));
        std::panic::catch_unwind(run).map_err(|_| Error::StyleCannot {
            style: self.name.clone(),
            message: "made the CSL processor fail".to_string(),
        })
    }
}

/// The bibliography of the document in a style: every reference once, in the style's order.
pub fn format_bibliography(document: &Document, options: &FormatOptions) -> Result<String, Error> {
    let setup = Setup::new(options, DEFAULT_STYLE)?;
    let entries: Vec<Entry> = document.references.iter().map(to_entry).collect();
    let mut driver = BibliographyDriver::new();
    for entry in &entries {
        driver.citation(setup.request(vec![CitationItem::with_entry(entry)], None));
    }
    let rendered = setup.finish(driver)?;
    let Some(bibliography) = rendered.bibliography else {
        return Err(Error::StyleCannot {
            style: setup.name,
            message: "has no bibliography; use --notes".to_string(),
        });
    };
    let mut out = String::new();
    if options.markup == Markup::Html {
        out.push_str("<div class=\"csl-bib-body\">\n");
    }
    for item in &bibliography.items {
        let content = setup.write(&item.content, options.markup);
        let first = item
            .first_field
            .as_ref()
            .map(|f| setup.write(&ElemChildren(vec![f.clone()]), options.markup));
        match (options.markup, first) {
            (Markup::Text, Some(first)) => out.push_str(&format!("{first} {content}\n")),
            (Markup::Text, None) => out.push_str(&format!("{content}\n")),
            (Markup::Html, Some(first)) => out.push_str(&format!(
                "  <div class=\"csl-entry\"><div class=\"csl-left-margin\">{first}</div>\
                 <div class=\"csl-right-inline\">{content}</div></div>\n"
            )),
            (Markup::Html, None) => {
                out.push_str(&format!("  <div class=\"csl-entry\">{content}</div>\n"))
            }
        }
    }
    if options.markup == Markup::Html {
        out.push_str("</div>\n");
    }
    Ok(out)
}

/// The locator of a citation for hayagriva; a locator without a label counts pages.
fn locator(citation: &Citation) -> Option<SpecificLocator<'_>> {
    let value = citation.locator.as_deref()?;
    let kind = match citation.label.unwrap_or(LocatorLabel::Page) {
        LocatorLabel::Page => Locator::Page,
        LocatorLabel::Paragraph => Locator::Paragraph,
        LocatorLabel::Section => Locator::Section,
        LocatorLabel::Note => Locator::Note,
        LocatorLabel::Chapter => Locator::Chapter,
        LocatorLabel::Volume => Locator::Volume,
        LocatorLabel::Line => Locator::Line,
        LocatorLabel::Folio => Locator::Folio,
    };
    Some(SpecificLocator(kind, LocatorPayload::Str(value)))
}

/// A note that cites something: its place among all notes, the citations hayagriva renders,
/// and the ones it cannot (unresolved).
struct CitedNote<'a> {
    place: usize,
    note: &'a Note,
    items: Vec<CitationItem<'a, Entry>>,
    unresolved: Vec<&'a Citation>,
}

/// Every footnote's citations re-rendered in a note style, one line per note that cites
/// something, starting with the note number. Notes that cite nothing are left out; a citation
/// opcit could not resolve is written `[unresolved KIND]`.
///
/// Positions follow the CSL rules: the first citation of a work is full, later ones are
/// subsequent (short), and a citation of the work cited just before is `ibid` — when it is in
/// the same note, or first in its note and the previous note cites only that work. A note with
/// several works, or a note citing nothing, ends the run of `Ibid.`s, so an `Ibid.` never
/// leaves the reader to guess among works.
pub fn format_notes(document: &Document, options: &FormatOptions) -> Result<String, Error> {
    let setup = Setup::new(options, DEFAULT_NOTE_STYLE)?;
    let entries: Vec<Entry> = document.references.iter().map(to_entry).collect();
    // the first reference of each id, as a search from the start finds it
    let mut by_id: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for (i, r) in document.references.iter().enumerate() {
        by_id.entry(r.id.as_str()).or_insert(i);
    }
    let entry_of = |citation: &Citation| {
        let id = citation.id.as_deref()?;
        entries.get(*by_id.get(id)?)
    };
    let cited: Vec<CitedNote<'_>> = document
        .notes
        .iter()
        .enumerate()
        .filter(|(_, note)| !note.citations.is_empty())
        .map(|(place, note)| {
            let items = note
                .citations
                .iter()
                .filter_map(|c| entry_of(c).map(|e| CitationItem::with_locator(e, locator(c))))
                .collect();
            let unresolved = note
                .citations
                .iter()
                .filter(|c| entry_of(c).is_none())
                .collect();
            CitedNote {
                place,
                note,
                items,
                unresolved,
            }
        })
        .collect();

    // A hidden citation of an entry no note cites ends a run of Ibid.
    let no_ibid = Entry::new("opcit-no-ibid", hayagriva::types::EntryType::Misc);
    let mut driver = BibliographyDriver::new();
    let rendering: Vec<&CitedNote<'_>> = cited.iter().filter(|c| !c.items.is_empty()).collect();
    for (i, cited) in rendering.iter().enumerate() {
        let mut items = cited.items.clone();
        let next_follows = rendering
            .get(i + 1)
            .is_some_and(|next| next.place == cited.place + 1);
        if items.len() > 1 || !next_follows {
            items.push(CitationItem::new(&no_ibid, None, None, true, None));
        }
        let number = usize::try_from(cited.note.number).ok();
        driver.citation(setup.request(items, number));
    }
    let rendered = setup.finish(driver)?;

    let mut citations = rendered.citations.iter();
    let mut out = String::new();
    for CitedNote {
        note,
        items,
        unresolved,
        ..
    } in &cited
    {
        let mut parts = Vec::new();
        if !items.is_empty()
            && let Some(citation) = citations.next()
        {
            parts.push(setup.write(&citation.citation, options.markup));
        }
        parts.extend(
            unresolved
                .iter()
                .map(|c| format!("[unresolved {}]", kind_name(c))),
        );
        let number = note.number;
        let body = parts.join(" ");
        match options.markup {
            Markup::Text => out.push_str(&format!("{number} {body}\n")),
            Markup::Html => out.push_str(&format!(
                "<div class=\"csl-entry\" id=\"note-{number}\">\
                 <span class=\"note-number\">{number}</span> {body}</div>\n"
            )),
        }
    }
    Ok(out)
}

fn kind_name(citation: &Citation) -> String {
    serde_json::to_value(citation.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Drop the punctuation a style adds after a mark that already ends the text, as CSL
/// processors do: `Regime?.` and `Regime?,` become `Regime?`, `ed..` becomes `ed.` (an ellipsis
/// stays). HTML tags between the two marks are looked through. With `in_quote`, a period or
/// comma right after a closing quotation mark moves inside it (`“Title”.` → `“Title.”`).
fn tidy_punctuation(text: &str, in_quote: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut last: Option<char> = None;
    let mut before_last: Option<char> = None;
    let mut in_tag = false;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if in_tag || c == '<' {
            in_tag = c != '>';
            out.push(c);
            continue;
        }
        let after_end_mark = matches!(last, Some('?' | '!')) && matches!(c, '.' | ',');
        let doubled_period =
            c == '.' && last == Some('.') && before_last != Some('.') && chars.peek() != Some(&'.');
        if after_end_mark || doubled_period {
            continue;
        }
        if in_quote && matches!(c, '.' | ',') && out.ends_with('”') {
            out.pop();
            out.push(c);
            out.push('”');
            before_last = Some(c);
            last = Some('”');
            continue;
        }
        out.push(c);
        before_last = last;
        last = Some(c);
    }
    out
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

fn escaped(children: &ElemChildren) -> ElemChildren {
    let text = |f: &Formatted| Formatted {
        text: escape(&f.text),
        formatting: f.formatting,
    };
    ElemChildren(
        children
            .0
            .iter()
            .map(|child| match child {
                ElemChild::Text(f) => ElemChild::Text(text(f)),
                ElemChild::Elem(e) => ElemChild::Elem(Elem {
                    children: escaped(&e.children),
                    display: e.display,
                    meta: e.meta.clone(),
                }),
                ElemChild::Markup(m) => ElemChild::Markup(escape(m)),
                ElemChild::Link { text: t, url } => ElemChild::Link {
                    text: text(t),
                    url: escape(url),
                },
                other => other.clone(),
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_style_and_the_locales_are_read_once() {
        let document = crate::read_str(
            "1 J. Smith, The History of Things, London, Penguin, 2001, p. 4.\n",
            &crate::Options::default(),
        );
        let Ok(document) = document else {
            panic!("the note is read");
        };
        let options = FormatOptions::new(Markup::Text).with_style("ieee");
        let first = format_bibliography(&document, &options);
        LOADS.with(|n| n.set(0));
        let again = format_bibliography(&document, &options);
        assert_eq!(LOADS.with(std::cell::Cell::get), 0);
        assert!(first.is_ok());
        assert_eq!(first.ok(), again.ok());
    }
}
