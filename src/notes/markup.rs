//! Footnotes of Markdown and LaTeX documents.
//!
//! Markdown: footnote definitions (`[^label]: text`, continued on indented lines) and inline
//! notes (`^[text]`), numbered in the order the body refers to them, as a reader sees them.
//! The document is parsed by pulldown-cmark (CommonMark with footnotes), so that, as for
//! pandoc, nothing in a code span, a fenced or indented code block, HTML or a metadata block
//! is a note or a reference.
//! LaTeX: `\footnote{…}` and `\footnotetext{…}` (with an optional `[n]`), numbered on.
//! Markup inside a note (emphasis, links, LaTeX commands, accents, `--`, `~`) is handed on as
//! [`MarkupEdit`]s, so the note's text reads clean and its spans still point into the input.

use super::{FoundNote, FoundNotes, Lines, MarkupEdit};
use crate::cite::tables;
use crate::model::{Diagnostic, DiagnosticCode, Severity};
use crate::text::Normalized;
use nom::{
    IResult, Parser,
    bytes::complete::{tag, take_while_m_n, take_while1},
    sequence::{delimited, preceded},
};
use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;
use unicode_normalization::UnicodeNormalization;

// ---------------------------------------------------------------------------------------------
// Detection

/// Whether the text has Markdown footnote definitions.
pub(super) fn looks_like_markdown(lines: &Lines<'_>) -> bool {
    lines.lines.iter().any(|l| definition(l.text).is_ok())
}

/// Whether the text has LaTeX footnotes.
pub(super) fn looks_like_latex(text: &str) -> bool {
    text.contains("\\footnote{") || text.contains("\\footnote[") || text.contains("\\footnotetext")
}

// ---------------------------------------------------------------------------------------------
// Markdown

/// `[^label]: ` at the start of a line, after at most three spaces: the label.
fn definition(line: &str) -> IResult<&str, &str> {
    preceded(
        take_while_m_n(0, 3, |c| c == ' '),
        delimited(tag("[^"), footnote_label, tag("]:")),
    )
    .parse(line)
}

/// A footnote label: no spaces, no brackets.
fn footnote_label(input: &str) -> IResult<&str, &str> {
    take_while1(|c: char| c != ']' && c != '[' && !c.is_whitespace()).parse(input)
}

/// A note of a Markdown document before it is numbered.
struct MarkdownNote {
    /// The label of a definition; none for an inline note.
    label: Option<String>,
    text: Range<usize>,
    /// Where the definition or inline note starts, for messages.
    at: usize,
}

/// What a CommonMark parser finds of a Markdown document's notes, as byte ranges of its text.
#[derive(Default)]
struct MarkdownParts {
    /// The footnote definitions, in order.
    definitions: Vec<MarkdownNote>,
    /// The references to defined labels (`[^label]`) outside definitions: the label and the
    /// reference.
    references: Vec<(String, Range<usize>)>,
    /// Where nothing is a note or a reference: code spans and blocks, HTML, metadata, and the
    /// definitions themselves.
    opaque: Opaque,
}

/// Ranges of a text, sorted and disjoint.
#[derive(Default)]
struct Opaque(Vec<Range<usize>>);

impl Opaque {
    /// The ranges, overlapping ones merged.
    fn of(mut ranges: Vec<Range<usize>>) -> Self {
        ranges.sort_by_key(|r| r.start);
        let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
        for range in ranges {
            match merged.last_mut() {
                Some(last) if range.start < last.end => last.end = last.end.max(range.end),
                _ => merged.push(range),
            }
        }
        Opaque(merged)
    }

    /// The end of the range that holds `at`, if one does.
    fn end_at(&self, at: usize) -> Option<usize> {
        let i = self.0.partition_point(|r| r.end <= at);
        self.0.get(i).filter(|r| r.start <= at).map(|r| r.end)
    }
}

/// Parse a Markdown document with pulldown-cmark (CommonMark, footnotes as GitHub and pandoc
/// read them), keeping what the notes stage needs.
fn markdown_parts(text: &str) -> MarkdownParts {
    use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
    let options = Options::ENABLE_FOOTNOTES | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS;
    let mut parts = MarkdownParts::default();
    let mut opaque = Vec::new();
    // the definitions that the parser is inside: a note in a note is not read on its own
    let mut depth = 0usize;
    for (event, range) in Parser::new_ext(text, options).into_offset_iter() {
        match event {
            Event::Start(Tag::FootnoteDefinition(label)) => {
                if depth == 0 {
                    parts
                        .definitions
                        .push(definition_note(text, &label, range.clone()));
                    opaque.push(range);
                }
                depth += 1;
            }
            Event::End(TagEnd::FootnoteDefinition) => depth = depth.saturating_sub(1),
            Event::FootnoteReference(label) if depth == 0 => {
                parts.references.push((label.into_string(), range));
            }
            Event::Code(_) | Event::Html(_) | Event::InlineHtml(_) => opaque.push(range),
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock | Tag::MetadataBlock(_)) => {
                opaque.push(range);
            }
            _ => {}
        }
    }
    parts.opaque = Opaque::of(opaque);
    parts
}

/// A definition's note: the text after its `[^label]:`, white space trimmed.
fn definition_note(text: &str, label: &str, range: Range<usize>) -> MarkdownNote {
    let whole = &text[range.clone()];
    let after_marker = whole.find("]:").map_or(0, |i| i + 2);
    let content = &whole[after_marker..];
    let start = range.start + after_marker + (content.len() - content.trim_start().len());
    let end = (range.start + whole.trim_end().len()).max(start);
    MarkdownNote {
        label: Some(label.to_string()),
        text: start..end,
        at: range.start,
    }
}

/// The inline notes (`^[text]`) outside code, HTML and definitions, in order: each closes
/// within its paragraph, its brackets paired.
fn inline_notes(text: &str, opaque: &Opaque) -> Vec<MarkdownNote> {
    let mut notes = Vec::new();
    let mut at = 0;
    while let Some(found) = text[at..].find("^[") {
        let i = at + found;
        at = i + 1;
        if let Some(end) = opaque.end_at(i) {
            at = end;
            continue;
        }
        if i > 0 && text.as_bytes()[i - 1] == b'\\' {
            continue;
        }
        if let Some(len) = inline_note_len(text, i + 2, opaque) {
            notes.push(MarkdownNote {
                label: None,
                text: i + 2..i + 2 + len,
                at: i,
            });
            at = i + 2 + len + 1;
        }
    }
    notes
}

/// The length of an inline note's text from `from` (after its `^[`) to its `]`: brackets
/// paired, backslash escapes and code skipped; none when its paragraph ends first.
fn inline_note_len(text: &str, from: usize, opaque: &Opaque) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut i = from;
    while i < bytes.len() {
        if let Some(end) = opaque.end_at(i) {
            i = end;
            continue;
        }
        match bytes[i] {
            b'\\' => i += 1,
            b'[' => depth += 1,
            b']' if depth == 0 => return Some(i - from),
            b']' => depth -= 1,
            b'\n'
                if text[i + 1..]
                    .split('\n')
                    .next()
                    .is_some_and(|l| l.trim().is_empty()) =>
            {
                return None;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// The references (`[^label]`) outside code, HTML and definitions that the parser did not take
/// for references (their label has no definition), for messages.
fn unmatched_references(text: &str, parts: &MarkdownParts) -> Vec<(String, usize)> {
    let taken: std::collections::HashSet<usize> =
        parts.references.iter().map(|(_, r)| r.start).collect();
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(offset) = text[at..].find("[^") {
        let i = at + offset;
        at = i + 2;
        if let Some(end) = parts.opaque.end_at(i) {
            at = end;
            continue;
        }
        if let Ok((_, label)) = delimited(tag("[^"), footnote_label, tag("]")).parse(&text[i..])
            && !taken.contains(&i)
        {
            found.push((label.to_string(), i));
        }
    }
    found
}

/// Read a Markdown document's footnotes.
pub(super) fn read_markdown(source: &Normalized) -> FoundNotes {
    let text = source.text();
    let parts = markdown_parts(text);
    let mut diagnostics = Vec::new();
    for (label, at) in unmatched_references(text, &parts) {
        diagnostics.push(Diagnostic::new(
            Severity::Warning,
            DiagnosticCode::FootnoteUnmatched,
            format!("footnote [^{label}] is referred to but never defined"),
            Some(source.original_span(at..at + label.len() + 3)),
        ));
    }
    // References in the body, in order: labels (the first reference of each), inline notes.
    let inline = inline_notes(text, &parts.opaque);
    let mut order: Vec<MarkdownNote> = Vec::new();
    let mut referenced: HashMap<String, usize> = HashMap::new();
    let mut inline = inline.into_iter().peekable();
    for (label, range) in parts.references {
        while let Some(note) = inline.next_if(|n| n.at < range.start) {
            order.push(note);
        }
        if order
            .last()
            .is_some_and(|n| n.label.is_none() && range.end <= n.text.end + 1)
        {
            continue; // a reference inside an inline note
        }
        if !referenced.contains_key(&label) {
            referenced.insert(label.clone(), order.len());
            order.push(MarkdownNote {
                label: Some(label),
                text: 0..0,
                at: range.start,
            });
        }
    }
    order.extend(inline);
    let notes = number_markdown_notes(
        source,
        order,
        &referenced,
        parts.definitions,
        &mut diagnostics,
    );
    FoundNotes {
        kind: None,
        notes,
        diagnostics,
    }
}

/// Number the definitions by their first reference (inline notes where they stand); the
/// definitions never referred to follow, each with a diagnostic.
fn number_markdown_notes(
    source: &Normalized,
    order: Vec<MarkdownNote>,
    referenced: &HashMap<String, usize>,
    definitions: Vec<MarkdownNote>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Vec<FoundNote> {
    let text = source.text();
    let mut defined: Vec<Option<MarkdownNote>> = (0..order.len()).map(|_| None).collect();
    let mut unreferenced = Vec::new();
    for note in definitions {
        let label = note.label.as_deref().unwrap_or("");
        match referenced.get(label) {
            Some(&i) if defined[i].is_none() => defined[i] = Some(note),
            Some(_) => diagnostics.push(Diagnostic::new(
                Severity::Warning,
                DiagnosticCode::NoteNumberRepeated,
                format!("footnote [^{label}] is defined twice; the first definition is read"),
                Some(source.original_span(note.at..note.text.end)),
            )),
            None => {
                diagnostics.push(Diagnostic::new(
                    Severity::Info,
                    DiagnosticCode::FootnoteUnmatched,
                    format!("footnote [^{label}] is never referred to; numbered after the others"),
                    Some(source.original_span(note.at..note.text.end)),
                ));
                unreferenced.push(note);
            }
        }
    }
    let numbered = order
        .into_iter()
        .zip(defined)
        .filter_map(|(reference, definition)| match reference.label {
            None => Some(reference),
            Some(ref label) => {
                if definition.is_none() {
                    diagnostics.push(Diagnostic::new(
                        Severity::Warning,
                        DiagnosticCode::FootnoteUnmatched,
                        format!("footnote [^{label}] is referred to but never defined"),
                        Some(source.original_span(reference.at..reference.at + label.len() + 3)),
                    ));
                }
                definition
            }
        })
        .chain(unreferenced);
    numbered
        .zip(1..)
        .map(|(note, number)| FoundNote {
            number,
            markup: markdown_markup(text, note.text.clone()),
            pieces: vec![note.text],
        })
        .collect()
}

/// Add an edit.
fn push_edit(edits: &mut Vec<MarkupEdit>, range: Range<usize>, replacement: Cow<'static, str>) {
    edits.push(MarkupEdit { range, replacement });
}

/// The length of the text before the `close` that ends an opened `open`, pairs nested and
/// backslash escapes skipped: `[…]` in Markdown, `{…}` in LaTeX.
fn closing_len(s: &str, open: char, close: char) -> Option<usize> {
    let mut depth = 0usize;
    let mut escaped = false;
    for (i, c) in s.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            c if c == open => depth += 1,
            c if c == close && depth == 0 => return Some(i),
            c if c == close => depth -= 1,
            _ => {}
        }
    }
    None
}

/// The length of the text before the `]` that closes an opened `[`.
fn bracketed_len(s: &str) -> Option<usize> {
    closing_len(s, '[', ']')
}

/// Markdown markup in a note: emphasis marks, escapes, code marks, `<autolinks>`, and
/// `[text](url)` links, read as `text (url)`.
fn markdown_markup(text: &str, range: Range<usize>) -> Vec<MarkupEdit> {
    let mut edits = Vec::new();
    let remove = |edits: &mut Vec<MarkupEdit>, r: Range<usize>, with: &'static str| {
        push_edit(edits, r, Cow::Borrowed(with));
    };
    let s = &text[range.clone()];
    let bytes = s.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let at = range.start + i;
        match bytes[i] {
            b'\\' if bytes.get(i + 1).is_some_and(u8::is_ascii_punctuation) => {
                remove(&mut edits, at..at + 1, "");
                i += 2;
                continue;
            }
            b'*' | b'`' => {
                let run = bytes[i..].iter().take_while(|&&b| b == bytes[i]).count();
                remove(&mut edits, at..at + run, "");
                i += run;
                continue;
            }
            b'_' => {
                let run = bytes[i..].iter().take_while(|&&b| b == b'_').count();
                let before = s[..i].chars().next_back();
                let after = s[i + run..].chars().next();
                let at_word_edge = !before.is_some_and(char::is_alphanumeric)
                    || !after.is_some_and(char::is_alphanumeric);
                // a long run is a same-author dash (`______`), not emphasis
                if run <= 2 && at_word_edge {
                    remove(&mut edits, at..at + run, "");
                }
                i += run;
                continue;
            }
            b'<' if s[i + 1..].starts_with("http") || s[i + 1..].starts_with("www.") => {
                if let Some(close) = s[i..].find('>').filter(|&c| !s[i..i + c].contains(' ')) {
                    remove(&mut edits, at..at + 1, "");
                    remove(&mut edits, at + close..at + close + 1, "");
                    i += close + 1;
                    continue;
                }
            }
            b'[' => {
                if let Some(len) = bracketed_len(&s[i + 1..]) {
                    let close = i + 1 + len;
                    if s[close..].starts_with("](")
                        && let Some(url_len) = s[close + 2..].find(')')
                    {
                        remove(&mut edits, at..at + 1, "");
                        remove(
                            &mut edits,
                            range.start + close..range.start + close + 2,
                            " (",
                        );
                        // the link text may hold emphasis; the URL is kept as written
                        edits.extend(markdown_markup(text, at + 1..range.start + close));
                        i = close + 2 + url_len + 1;
                        continue;
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    edits.sort_by_key(|e| e.range.start);
    edits
}

// ---------------------------------------------------------------------------------------------
// LaTeX

/// Read a LaTeX document's footnotes.
pub(super) fn read_latex(source: &Normalized) -> FoundNotes {
    let text = source.text();
    let mut notes: Vec<FoundNote> = Vec::new();
    let mut diagnostics = Vec::new();
    let mut at = 0;
    while let Some(found) = text[at..].find(['\\', '%']) {
        let i = at + found;
        if text[i..].starts_with('%') {
            at = text[i..].find('\n').map_or(text.len(), |n| i + n + 1);
            continue;
        }
        let name = command_name(&text[i + 1..]);
        at = i + 1 + name.len().max(1).min(text.len() - i - 1);
        if name != "footnote" && name != "footnotetext" {
            continue;
        }
        let mut j = i + 1 + name.len();
        let mut number = None;
        if text[j..].starts_with('[')
            && let Some(close) = text[j..].find(']')
        {
            number = text[j + 1..j + close].trim().parse::<u32>().ok();
            j += close + 1;
        }
        j += text[j..].len() - text[j..].trim_start().len();
        if !text[j..].starts_with('{') {
            continue;
        }
        let content_start = j + 1;
        let content_end = match group_len(&text[content_start..]) {
            Some(len) => content_start + len,
            None => {
                diagnostics.push(Diagnostic::new(
                    Severity::Warning,
                    DiagnosticCode::SkippedText,
                    format!("\\{name} is not closed; its note runs to the end of the paragraph"),
                    Some(source.original_span(i..content_start)),
                ));
                let paragraph = text[content_start..]
                    .find("\n\n")
                    .map_or(&text[content_start..], |n| {
                        &text[content_start..content_start + n]
                    });
                content_start + paragraph.trim_end().len()
            }
        };
        let number = number.unwrap_or_else(|| notes.last().map_or(1, |n| n.number + 1));
        let (markup, cited) = latex_markup(text, content_start..content_end);
        for key in cited {
            diagnostics.push(Diagnostic::new(
                Severity::Warning,
                DiagnosticCode::CitationCommand,
                format!(
                    "note {number}: `{}` refers to a .bib entry, which is not read",
                    &text[key.clone()]
                ),
                Some(source.original_span(key)),
            ));
        }
        let content = content_start..content_end;
        notes.push(FoundNote {
            number,
            pieces: vec![content],
            markup,
        });
        at = (content_end + 1).min(text.len());
    }
    FoundNotes {
        kind: None,
        notes,
        diagnostics,
    }
}

/// The name of the command after a backslash: letters, or one other character.
fn command_name(s: &str) -> &str {
    let letters = s.bytes().take_while(u8::is_ascii_alphabetic).count();
    match letters {
        0 => s.chars().next().map_or("", |c| &s[..c.len_utf8()]),
        n => &s[..n],
    }
}

/// The length of a brace group's content, from after its `{` to before its `}`.
fn group_len(s: &str) -> Option<usize> {
    closing_len(s, '{', '}')
}

/// The markup of a LaTeX note and the citation commands in it (whole, for messages).
fn latex_markup(text: &str, range: Range<usize>) -> (Vec<MarkupEdit>, Vec<Range<usize>>) {
    let mut edits: Vec<MarkupEdit> = Vec::new();
    let mut cited = Vec::new();
    // what each open brace closes with
    let mut closers: Vec<&'static str> = Vec::new();
    let s = &text[range.clone()];
    let mut i = 0;
    while i < s.len() {
        let at = range.start + i;
        let rest = &s[i..];
        let Some(c) = rest.chars().next() else { break };
        match c {
            '%' => {
                let len = rest.find('\n').map_or(rest.len(), |n| n + 1);
                push_edit(&mut edits, at..at + len, Cow::Borrowed(""));
                i += len;
            }
            '~' => {
                push_edit(&mut edits, at..at + 1, Cow::Borrowed(" "));
                i += 1;
            }
            '-' if rest.starts_with("---") => {
                push_edit(&mut edits, at..at + 3, Cow::Borrowed("—"));
                i += 3;
            }
            '-' if rest.starts_with("--") => {
                push_edit(&mut edits, at..at + 2, Cow::Borrowed("–"));
                i += 2;
            }
            '`' if rest.starts_with("``") => {
                push_edit(&mut edits, at..at + 2, Cow::Borrowed("“"));
                i += 2;
            }
            '`' => {
                push_edit(&mut edits, at..at + 1, Cow::Borrowed("‘"));
                i += 1;
            }
            '\'' if rest.starts_with("''") => {
                push_edit(&mut edits, at..at + 2, Cow::Borrowed("”"));
                i += 2;
            }
            '{' => {
                closers.push("");
                push_edit(&mut edits, at..at + 1, Cow::Borrowed(""));
                i += 1;
            }
            '}' => {
                push_edit(
                    &mut edits,
                    at..at + 1,
                    Cow::Borrowed(closers.pop().unwrap_or("")),
                );
                i += 1;
            }
            '\\' => {
                let command = read_command(&rest[1..]);
                let len = 1 + command.len;
                match command.kind {
                    Command::Replace(with) => push_edit(&mut edits, at..at + len, with),
                    Command::Open(closer) => {
                        closers.push(closer);
                        push_edit(
                            &mut edits,
                            at..at + len,
                            Cow::Borrowed(closer_opening(closer)),
                        );
                    }
                    Command::Verbatim { content } => {
                        // `\url{…}`: the command and the braces go, the content stays as written
                        push_edit(&mut edits, at..at + 1 + content.start, Cow::Borrowed(""));
                        let mut end = 1 + content.end;
                        if let Some(text_group) = rest[end + 1..]
                            .starts_with('{')
                            .then(|| group_len(&rest[end + 2..]))
                            .flatten()
                        {
                            // `\href{url}{text}`: the text follows the URL
                            push_edit(&mut edits, at + end..at + end + 2, Cow::Borrowed(" "));
                            let text_start = at + end + 2;
                            let (inner, inner_cited) =
                                latex_markup(text, text_start..text_start + text_group);
                            edits.extend(inner);
                            cited.extend(inner_cited);
                            end += 2 + text_group;
                        }
                        push_edit(&mut edits, at + end..at + end + 1, Cow::Borrowed(""));
                        i += end + 1;
                        continue;
                    }
                    Command::Citation => {
                        cited.push(at..at + len);
                        push_edit(&mut edits, at..at + len, Cow::Borrowed(""));
                    }
                }
                i += len;
            }
            _ => i += c.len_utf8(),
        }
    }
    // keep the order and drop what overlaps an earlier edit
    edits.sort_by_key(|e| e.range.start);
    let mut end = 0;
    edits.retain(|e| {
        let keep = e.range.start >= end;
        if keep {
            end = e.range.end;
        }
        keep
    });
    (edits, cited)
}

/// The opening of a group that closes with `closer`.
fn closer_opening(closer: &str) -> &'static str {
    if closer == "”" { "“" } else { "" }
}

/// What a LaTeX command reads as.
enum Command {
    /// Replaced by a text (a symbol, an accented letter, nothing).
    Replace(Cow<'static, str>),
    /// The command and its opening brace; the group closes with the given text.
    Open(&'static str),
    /// A command whose argument is kept as written, at this range after the backslash.
    Verbatim { content: Range<usize> },
    /// A citation command with its arguments.
    Citation,
}

/// A command read after its backslash: what it is and how many bytes it takes.
struct ReadCommand {
    kind: Command,
    len: usize,
}

/// Read the command after a backslash.
fn read_command(s: &str) -> ReadCommand {
    let name = command_name(s);
    let replace = |with: &'static str, len: usize| ReadCommand {
        kind: Command::Replace(Cow::Borrowed(with)),
        len,
    };
    if name.is_empty() {
        return replace("", 0);
    }
    let after = &s[name.len()..];
    // `\'e`, `\'{e}`, `\c{c}`, `\c c`
    if let Some(&(_, mark)) = tables::LATEX_ACCENTS.iter().find(|(a, _)| *a == name)
        && let Some((letter, len)) =
            accented_letter(after, !name.starts_with(|c: char| c.is_ascii_alphabetic()))
    {
        let composed: String = [letter, mark]
            .into_iter()
            .collect::<String>()
            .nfc()
            .collect();
        return ReadCommand {
            kind: Command::Replace(Cow::Owned(composed)),
            len: name.len() + len,
        };
    }
    let alphabetic = name.starts_with(|c: char| c.is_ascii_alphabetic());
    if !alphabetic {
        return match name {
            "\\" => replace(" ", 1),
            "," | " " | ";" | ":" => replace(" ", 1),
            "/" | "@" | "-" => replace("", 1),
            "&" => replace("&", 1),
            "%" => replace("%", 1),
            "$" => replace("$", 1),
            "#" => replace("#", 1),
            "_" => replace("_", 1),
            "{" => replace("{", 1),
            "}" => replace("}", 1),
            _ => replace("", name.len()),
        };
    }
    // a control word takes the spaces after it
    let spaces = after.len() - after.trim_start_matches([' ', '\t']).len();
    let options = options_len(after);
    if tables::LATEX_CITATION_COMMANDS.contains(&name) {
        let mut len = name.len() + options;
        while let Some(group) = s[len..].strip_prefix('{').and_then(group_len) {
            len += group + 2;
        }
        return ReadCommand {
            kind: Command::Citation,
            len,
        };
    }
    if tables::LATEX_VERBATIM_COMMANDS.contains(&name)
        && let Some(group) = s[name.len() + options..]
            .strip_prefix('{')
            .and_then(group_len)
    {
        let start = name.len() + options + 1;
        return ReadCommand {
            kind: Command::Verbatim {
                content: start..start + group,
            },
            len: start + group + 1,
        };
    }
    if let Some(&(_, with)) = tables::LATEX_SYMBOLS.iter().find(|(n, _)| *n == name) {
        // `\ldots{}`: empty braces after a symbol go with it
        let braces = if after[spaces..].starts_with("{}") {
            2
        } else {
            0
        };
        return replace(with, name.len() + spaces + braces);
    }
    if tables::LATEX_DECLARATIONS.contains(&name) {
        return replace("", name.len() + spaces);
    }
    if after[options..].starts_with('{') {
        let closer = if tables::LATEX_QUOTE_COMMANDS.contains(&name) {
            "”"
        } else {
            ""
        };
        return ReadCommand {
            kind: Command::Open(closer),
            len: name.len() + options + 1,
        };
    }
    replace("", name.len() + spaces)
}

/// The length of `[…]` options right after a command, if any.
fn options_len(s: &str) -> usize {
    let mut len = 0;
    while s[len..].starts_with('[') {
        match s[len..].find(']') {
            Some(close) => len += close + 1,
            None => break,
        }
    }
    len
}

/// The letter an accent command puts its mark on, and the bytes it takes: `{e}`, `e`, or (after
/// a letter command such as `\c`) ` e`; `{\i}` is a plain `i`.
fn accented_letter(s: &str, symbol_accent: bool) -> Option<(char, usize)> {
    if let Some(inner) = s.strip_prefix('{') {
        let len = group_len(inner)?;
        let letter = match &inner[..len] {
            "\\i" => 'i',
            "\\j" => 'j',
            other => {
                let mut chars = other.chars();
                let c = chars.next()?;
                if chars.next().is_some() {
                    return None;
                }
                c
            }
        };
        return Some((letter, len + 2));
    }
    let trimmed = if symbol_accent {
        s
    } else {
        s.strip_prefix(' ')?
    };
    let c = trimmed.chars().next().filter(|c| c.is_alphabetic())?;
    Some((c, s.len() - trimmed.len() + c.len_utf8()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::normalize;

    fn notes_of(input: &str, read: fn(&Normalized) -> FoundNotes) -> Vec<(u32, String)> {
        let source = normalize(input);
        read(&source)
            .notes
            .iter()
            .map(|n| (n.number, n.text(&source).as_str().to_string()))
            .collect()
    }

    fn markdown(source: &Normalized) -> FoundNotes {
        read_markdown(source)
    }

    #[test]
    fn markdown_notes_are_numbered_as_referred_to() {
        let input = "Text.[^b] More.^[Inline *note*, p. 3.] End.[^a]\n\n\
                     [^a]: Second, *A Title*, 2001.\n\
                     [^b]: First, [UN site](http://www.un.org), \\_x\\_ __Bold__.\n    Continued.\n\n\
                     Body again.\n";
        assert_eq!(
            notes_of(input, markdown),
            vec![
                (
                    1,
                    "First, UN site (http://www.un.org), _x_ Bold.\n    Continued.".into()
                ),
                (2, "Inline note, p. 3.".into()),
                (3, "Second, A Title, 2001.".into()),
            ]
        );
    }

    #[test]
    fn markdown_code_and_comments_hold_no_notes() {
        let input = "A `[^a]` and ^[First, 2001.] \\^[not a note] [^a] [^none].\n\n\
                     ```\n[^b]: Fenced, 1999.\n```\n\n    [^b]: Indented.\n\n\
                     <!-- [^a] ^[hidden] -->\n\n\
                     [^a]: Second, 2002.\n\n[^b]: Third, 2003.\n";
        let source = normalize(input);
        let found = read_markdown(&source);
        let texts: Vec<String> = found
            .notes
            .iter()
            .map(|n| n.text(&source).as_str().to_string())
            .collect();
        assert_eq!(texts, ["First, 2001.", "Second, 2002.", "Third, 2003."]);
        let messages: Vec<&str> = found
            .diagnostics
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert!(
            messages.contains(&"footnote [^none] is referred to but never defined"),
            "{messages:?}"
        );
        assert!(
            messages.contains(&"footnote [^b] is never referred to; numbered after the others"),
            "{messages:?}"
        );
        assert_eq!(messages.len(), 2, "{messages:?}");
    }

    #[test]
    fn latex_notes_read_clean() {
        let input = "Body.\\footnote{Overbeek, H., 2001, \\enquote{Globalization}, in \
                     Ghosh, B. (ed.), \\emph{Managing Migration}, New York, OUP, p.~48--50.} \
                     More.\\footnote[7]{Hocké, J.-P., {\\em Beyond} \\url{http://a.org/~b} \
                     \\'Etudes \\c{c}a \\\"{o} \\ss{} \\og x\\fg{}.} % comment \\footnote{no}\n\
                     \\footnote{\\cite[p.~4]{key} Ibid.}";
        let source = normalize(input);
        let found = read_latex(&source);
        let texts: Vec<(u32, String)> = found
            .notes
            .iter()
            .map(|n| (n.number, n.text(&source).as_str().to_string()))
            .collect();
        assert_eq!(
            texts,
            vec![
                (
                    1,
                    "Overbeek, H., 2001, “Globalization”, in Ghosh, B. (ed.), Managing Migration, \
                     New York, OUP, p. 48–50."
                        .into()
                ),
                (
                    7,
                    "Hocké, J.-P., Beyond http://a.org/~b Études ça ö ß « x ».".into()
                ),
                (8, " Ibid.".into()),
            ]
        );
        assert_eq!(found.diagnostics.len(), 1, "{:?}", found.diagnostics);
    }

    #[test]
    fn latex_spans_point_into_the_input() {
        let input = "A.\\footnote{See \\emph{Managing Migration}, p.~5.}";
        let source = normalize(input);
        let note = &read_latex(&source).notes[0];
        let text = note.text(&source);
        let at = text.as_str().find("Managing").unwrap_or(0);
        let span = text.original_span(at..at + "Managing Migration".len(), &source);
        assert_eq!(&input[span.start..span.end], "Managing Migration");
        let whole = text.original_span(0..text.as_str().len(), &source);
        assert_eq!(
            &input[whole.start..whole.end],
            "See \\emph{Managing Migration}, p.~5."
        );
    }

    #[test]
    fn odd_latex_does_not_panic() {
        for input in [
            "\\footnote{",
            "\\footnote[",
            "\\footnote[x]{a}",
            "\\footnote{\\",
            "\\footnote{\\'}",
            "\\footnote{\\'{}}",
            "\\footnote{\\href{a}",
            "\\footnote{\\url{a}{b}}",
            "\\footnote{}}}}",
            "\\footnote{é\\c}",
            "\\footnote{\\cite[}",
        ] {
            let source = normalize(input);
            for note in read_latex(&source).notes {
                let _ = note.text(&source);
            }
        }
    }
}
