//! Labels by tracking: which field of which work produced each piece of a rendered note.
//!
//! hayagriva's output is a tree whose elements say which CSL construct made them: one element
//! per cited item (`Entry`), per name list and name (with the name variable), per date, per
//! `cs:text` or `cs:number` variable, per `cs:label`. A name or a date is labelled by its
//! element. The text of a `cs:text` or `cs:number` element is one variable's value with its
//! affixes, so it is matched, token by token and without case or punctuation, against the
//! work's fields, the locator and the number of the note that first cited the work; the best
//! match gives the label. Text outside any variable (terms such as `ibid`, `op. cit.`, `in`,
//! `ed.`, and the punctuation between fields) is labelled by the tables of [`super::tables`]
//! and by the fields next to it. Punctuation goes with the text before it; opening brackets
//! and quotation marks with the text after.
//!
//! Each word of the rendered text is counted as explained by a field match, by a rule, or not
//! explained (a fallback that takes its neighbour's label); the notes with too many of the
//! last are dropped by the caller.

use hayagriva::citationberg::taxonomy::NameVariable;
use hayagriva::{ElemChild, ElemChildren, ElemMeta};

use super::items::Work;
use super::tables::{
    ACCESS_WORDS, AFFIX_WORDS, BACKREF_WORDS, CONNECTOR_WORDS, KNOWN_WORDS, NO_DATE_WORDS,
    NOTE_REF_WORDS, PLAIN_PHRASES, ROLE_WORDS, SEE_WORDS, word_ordinal,
};
use crate::cite::label::Label;
use crate::train::{Chunk, Segment};

/// What the tracker knows about one cite of a note.
#[derive(Debug, Clone)]
pub(crate) struct CiteInfo<'a> {
    /// The work cited.
    pub work: &'a Work,
    /// The pin-point given to the renderer.
    pub locator: Option<&'a str>,
    /// The note that first cited the work, if an earlier one did.
    pub first_note: Option<usize>,
    /// Labelled prose to put before the cite (commentary, signal, quotation).
    pub before: Vec<(Label, String)>,
}

/// How the words of the rendered text were labelled.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Words matched to a field of the work (or read from a name or date element).
    pub field: u64,
    /// Words labelled by a rule (terms, role and label words).
    pub rule: u64,
    /// Words not explained, labelled as their neighbour.
    pub fallback: u64,
}

impl Coverage {
    /// `n` words matched to a field.
    pub fn field(n: u64) -> Coverage {
        Coverage {
            field: n,
            ..Coverage::default()
        }
    }

    /// `n` words labelled by a rule.
    pub fn rule(n: u64) -> Coverage {
        Coverage {
            rule: n,
            ..Coverage::default()
        }
    }

    /// `n` words not explained.
    pub fn fallback(n: u64) -> Coverage {
        Coverage {
            fallback: n,
            ..Coverage::default()
        }
    }

    /// All words counted.
    pub fn words(&self) -> u64 {
        self.field + self.rule + self.fallback
    }

    /// Add another count.
    pub fn add(&mut self, other: &Coverage) {
        self.field += other.field;
        self.rule += other.rule;
        self.fallback += other.fallback;
    }

    /// The share of words not explained (0 for no words).
    pub fn unexplained(&self) -> f64 {
        match self.words() {
            0 => 0.0,
            n => self.fallback as f64 / n as f64,
        }
    }
}

/// The kind of element a piece of text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum BoxKind {
    Names,
    Date,
    Text,
    Number,
    Label,
    CitationNumber,
}

/// A piece of rendered text and where it came from.
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    entry: Option<usize>,
    boxed: Option<(usize, BoxKind)>,
    name_var: Option<NameVariable>,
}

#[derive(Debug, Clone, Copy, Default)]
struct Ctx {
    entry: Option<usize>,
    boxed: Option<(usize, BoxKind)>,
    name_var: Option<NameVariable>,
}

/// The pieces of a rendered citation, in order, with the plain text they write.
fn flatten(children: &[ElemChild], ctx: Ctx, boxes: &mut usize, out: &mut Vec<Piece>) {
    for child in children {
        let text = match child {
            ElemChild::Text(t) => t.text.as_str(),
            ElemChild::Markup(m) => m.as_str(),
            ElemChild::Link { text, .. } => text.text.as_str(),
            ElemChild::Transparent { .. } => continue,
            ElemChild::Elem(e) => {
                let mut inner = ctx;
                let mut new_box = |kind| {
                    *boxes += 1;
                    Some((*boxes, kind))
                };
                match &e.meta {
                    Some(ElemMeta::Entry(i)) => inner.entry = Some(*i),
                    Some(ElemMeta::Names(vars)) => {
                        inner.boxed = new_box(BoxKind::Names);
                        inner.name_var = match vars.as_slice() {
                            [(_, v)] => Some(*v),
                            _ => None,
                        };
                    }
                    Some(ElemMeta::Name(var, _)) => inner.name_var = Some(*var),
                    Some(ElemMeta::Date) => inner.boxed = new_box(BoxKind::Date),
                    Some(ElemMeta::Text | ElemMeta::CitationLabel) => {
                        inner.boxed = new_box(BoxKind::Text)
                    }
                    Some(ElemMeta::Number) => inner.boxed = new_box(BoxKind::Number),
                    Some(ElemMeta::Label) => inner.boxed = new_box(BoxKind::Label),
                    Some(ElemMeta::CitationNumber) => {
                        inner.boxed = new_box(BoxKind::CitationNumber)
                    }
                    None => {}
                }
                let block = e.display.is_some();
                if block {
                    push_piece(out, " ", ctx);
                }
                flatten(&e.children.0, inner, boxes, out);
                if block {
                    push_piece(out, " ", ctx);
                }
                continue;
            }
        };
        push_piece(out, text, ctx);
    }
}

fn push_piece(out: &mut Vec<Piece>, text: &str, ctx: Ctx) {
    if text.is_empty() {
        return;
    }
    let text = char_references(text);
    out.push(Piece {
        text,
        entry: ctx.entry,
        boxed: ctx.boxed,
        name_var: ctx.name_var,
    });
}

/// The text with the character references some styles write literally (`&#160;`, `&#9;`)
/// decoded; a tab or a no-break space becomes a space.
fn char_references(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("&#") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let end = after.find(';').filter(|&e| e > 0 && e < 8);
        let code = end.and_then(|e| match after[..e].strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok(),
            None => after[..e].parse::<u32>().ok(),
        });
        match (code.and_then(char::from_u32), end) {
            (Some(c), Some(e)) => {
                out.push(if c.is_whitespace() { ' ' } else { c });
                rest = &after[e + 1..];
            }
            _ => {
                out.push_str("&#");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A way to label a span from its neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Rule {
    /// A `cs:label`: the label of the number it names.
    LabelBox,
    /// A table word that may go with these labels, the field after it first.
    Affix(&'static [Label]),
    /// `in`, `dans`: with the container or editors after it.
    Connector,
    /// `ed.`, `trans.` outside the names: with the nearest editors or translators.
    Role,
    /// `n`, `note`, `supra`: with the note number after it.
    NoteRef,
    /// `accessed`, `available at`: with the URL or access date after it.
    Access,
    /// Always this label (`ibid` is a back-reference, `n.d.` a date).
    Fixed(Label),
    /// A known word in a variable's affixes: the variable's label.
    Home,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Labelled: from a field element (`true`) or from prose or a rule (`false`).
    Done { from_box: bool },
    /// To be labelled by the first of the span's rules that applies.
    Pending,
    /// White space and punctuation, to be given to a neighbour.
    Punct,
}

#[derive(Debug, Clone)]
struct Span {
    text: String,
    chunk: usize,
    label: Label,
    state: State,
    /// The kind of field element, for boxes.
    kind: Option<BoxKind>,
    words: Coverage,
    /// The rules of a pending span, in order.
    rules: Vec<Rule>,
    /// For the affixes of a variable, the variable's label: preferred, and the fallback.
    home: Option<Label>,
}

impl Span {
    fn punct(text: &str, chunk: usize) -> Span {
        Span {
            text: text.to_string(),
            chunk,
            label: Label::Note,
            state: State::Punct,
            kind: None,
            words: Coverage::default(),
            rules: Vec::new(),
            home: None,
        }
    }

    fn pending(text: &str, chunk: usize, kind: Option<BoxKind>, rules: Vec<Rule>) -> Span {
        Span {
            state: State::Pending,
            kind,
            rules,
            ..Span::punct(text, chunk)
        }
    }

    fn done(
        text: &str,
        chunk: usize,
        label: Label,
        kind: Option<BoxKind>,
        words: Coverage,
    ) -> Span {
        Span {
            text: text.to_string(),
            chunk,
            label,
            state: State::Done {
                from_box: kind.is_some(),
            },
            kind,
            words,
            rules: Vec::new(),
            home: None,
        }
    }
}

/// Label a rendered note: its chunks (one per cite, in the order rendered) and the coverage
/// of its rendered words. `None` when the rendering cannot be split into the cites asked for.
pub(crate) fn label_note(
    rendered: &ElemChildren,
    cites: &[CiteInfo<'_>],
    after: Option<&str>,
) -> Option<(Vec<Chunk>, Coverage)> {
    let mut pieces = Vec::new();
    flatten(&rendered.0, Ctx::default(), &mut 0, &mut pieces);
    if cites.len() == 1 && pieces.iter().all(|p| p.entry.is_none()) {
        pieces.iter_mut().for_each(|p| p.entry = Some(0));
    }
    let order = entry_order(&pieces);
    if order.len() != cites.len() {
        return None;
    }
    let mut spans: Vec<Span> = Vec::new();
    let mut chunk = 0;
    let mut at = 0;
    while at < pieces.len() {
        let entry = pieces[at].entry;
        let end = pieces[at..]
            .iter()
            .position(|p| p.entry != entry)
            .map_or(pieces.len(), |n| at + n);
        match entry {
            Some(e) => {
                chunk = order.iter().position(|&o| o == e)?;
                let cite = cites.get(e)?;
                start_entry(&mut spans, chunk, cite);
                entry_spans(&pieces[at..end], chunk, cite, &mut spans);
            }
            None => plain_spans(&text_of(&pieces[at..end]), chunk, &mut spans),
        }
        at = end;
    }
    if let Some(after) = after {
        spans.push(Span::punct(" ", chunk));
        spans.push(Span::done(
            after,
            chunk,
            Label::Commentary,
            None,
            Coverage::default(),
        ));
    }
    resolve(&mut spans);
    let mut coverage = Coverage::default();
    spans.iter().for_each(|s| coverage.add(&s.words));
    Some((segments(&spans, order.len()), coverage))
}

/// Before a cite's text: the delimiter from the cite before, if the renderer wrote none, and
/// the cite's prose. The prose of the note's first cite starts the note; a later signal is
/// lower-case (the renderer may have put the cites in another order than planned).
fn start_entry(spans: &mut Vec<Span>, chunk: usize, cite: &CiteInfo<'_>) {
    let after_cite = spans
        .iter()
        .any(|s| s.chunk + 1 == chunk && s.state != State::Punct);
    if after_cite && !ends_with_delimiter(spans) {
        spans.push(Span::punct("; ", chunk.saturating_sub(1)));
    }
    for (k, (label, text)) in cite.before.iter().enumerate() {
        let text = match (chunk, k, label) {
            (0, 0, _) => upper_first(text),
            (1.., 0, Label::Signal) => lower_first(text),
            _ => text.clone(),
        };
        spans.push(Span::done(&text, chunk, *label, None, Coverage::default()));
        spans.push(Span::punct(" ", chunk));
    }
}

/// The text of some pieces.
fn text_of(pieces: &[Piece]) -> String {
    pieces.iter().map(|p| p.text.as_str()).collect()
}

fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

pub(crate) fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_lowercase().chain(chars).collect())
}

/// The entries in the order they were rendered.
fn entry_order(pieces: &[Piece]) -> Vec<usize> {
    let mut order: Vec<usize> = Vec::new();
    for p in pieces {
        if let Some(e) = p.entry
            && !order.contains(&e)
        {
            order.push(e);
        }
    }
    order
}

fn ends_with_delimiter(spans: &[Span]) -> bool {
    let tail: String = spans
        .iter()
        .rev()
        .take_while(|s| s.state == State::Punct)
        .map(|s| s.text.as_str())
        .collect();
    tail.contains([';', ',', '.', ':'])
}

/// The spans of one cite's rendered text.
fn entry_spans(pieces: &[Piece], chunk: usize, cite: &CiteInfo<'_>, spans: &mut Vec<Span>) {
    let mut at = 0;
    let mut used: Vec<Label> = Vec::new();
    while at < pieces.len() {
        let boxed = pieces[at].boxed;
        let end = pieces[at..]
            .iter()
            .position(|p| p.boxed != boxed)
            .map_or(pieces.len(), |n| at + n);
        let group = &pieces[at..end];
        match boxed {
            None => plain_spans(&text_of(group), chunk, spans),
            Some((_, BoxKind::Names)) => names_spans(group, chunk, spans),
            Some((_, kind)) => {
                let text: String = group.iter().map(|p| p.text.as_str()).collect();
                box_spans(&text, kind, chunk, cite, &mut used, spans);
            }
        }
        at = end;
    }
}

/// The label of a name variable.
fn name_label(var: NameVariable) -> Label {
    match var {
        NameVariable::Editor
        | NameVariable::ContainerAuthor
        | NameVariable::CollectionEditor
        | NameVariable::EditorialDirector
        | NameVariable::Chair
        | NameVariable::Compiler
        | NameVariable::Curator => Label::Editor,
        NameVariable::Translator => Label::Translator,
        _ => Label::Author,
    }
}

/// A name list: each name by its variable, the words between and after them (`and`, `et al.`,
/// `(ed.)`) with the name before them.
fn names_spans(group: &[Piece], chunk: usize, spans: &mut Vec<Span>) {
    let first_var = group.iter().find_map(|p| p.name_var);
    let mut var = first_var.unwrap_or(NameVariable::Author);
    let text: String = group.iter().map(|p| p.text.as_str()).collect();
    let (lead, _, trail) = peel(&text);
    let mut offset = 0;
    for p in group {
        if let Some(v) = p.name_var {
            var = v;
        }
        let start = offset.max(lead).min(text.len());
        offset += p.text.len();
        let end = offset.min(text.len() - trail).max(start);
        if start == 0 && lead > 0 {
            spans.push(Span::punct(&text[..lead], chunk));
        }
        if let Some(core) = text.get(start..end).filter(|c| !c.is_empty()) {
            let n = count_words(core);
            let words = if p.name_var.is_some() {
                Coverage::field(n)
            } else {
                Coverage::rule(n)
            };
            spans.push(Span::done(
                core,
                chunk,
                name_label(var),
                Some(BoxKind::Names),
                words,
            ));
        }
    }
    if trail > 0 {
        spans.push(Span::punct(&text[text.len() - trail..], chunk));
    }
}

/// Bytes of white space and closing punctuation at the start, and of white space and opening
/// brackets and quotes at the end: the parts of a field's text that go to its neighbours.
fn peel(text: &str) -> (usize, &str, usize) {
    let closers = |c: char| c.is_whitespace() || ",.;:)]}/–—-".contains(c);
    let openers = |c: char| c.is_whitespace() || OPENERS.contains(c);
    let rest = text.trim_start_matches(closers);
    let lead = text.len() - rest.len();
    let mut core = rest.trim_end_matches(openers);
    // an opening mark right after a word closes it (`»Titel«`): only white space is peeled
    if !rest[core.len()..].starts_with(char::is_whitespace) {
        core = rest.trim_end();
    }
    let trail = rest.len() - core.len();
    (lead, core, trail)
}

/// Opening brackets and quotation marks.
const OPENERS: &str = "([{“‘«„‹¿¡\"'";

fn count_words(text: &str) -> u64 {
    text.split_whitespace()
        .filter(|w| w.chars().any(char::is_alphanumeric))
        .count() as u64
}

/// A date, a variable's text, a number, or a label.
fn box_spans(
    text: &str,
    kind: BoxKind,
    chunk: usize,
    cite: &CiteInfo<'_>,
    used: &mut Vec<Label>,
    spans: &mut Vec<Span>,
) {
    let (lead, core, trail) = peel(text);
    if lead > 0 {
        spans.push(Span::punct(&text[..lead], chunk));
    }
    if !core.is_empty() {
        let n = count_words(core);
        let span = match kind {
            BoxKind::Date => {
                let label = date_label(core, cite.work);
                Span::done(core, chunk, label, Some(kind), Coverage::field(n))
            }
            BoxKind::CitationNumber => Span::done(
                core,
                chunk,
                Label::CitationNumber,
                Some(kind),
                Coverage::field(n),
            ),
            BoxKind::Label => Span::pending(core, chunk, Some(kind), vec![Rule::LabelBox]),
            _ => {
                variable_spans(core, kind, chunk, cite, used, spans);
                if trail > 0 {
                    spans.push(Span::punct(&text[text.len() - trail..], chunk));
                }
                return;
            }
        };
        spans.push(span);
    }
    if trail > 0 {
        spans.push(Span::punct(&text[text.len() - trail..], chunk));
    }
}

/// A variable's text: the field it matched, with the words before and after the matched ones
/// labelled as the words outside variables are (preferring the variable's label).
fn variable_spans(
    core: &str,
    kind: BoxKind,
    chunk: usize,
    cite: &CiteInfo<'_>,
    used: &mut Vec<Label>,
    spans: &mut Vec<Span>,
) {
    let found = identify(core, cite, spans, used);
    used.push(found.label);
    let split = found
        .hits
        .as_deref()
        .and_then(|h| Some((matched_words(core, h)?, h)));
    match split {
        Some(((start, end, first, last), hits)) if start > 0 || end < core.len() => {
            affix_spans(&core[..start], chunk, found.label, spans);
            let words = word_coverage(&core[start..end], &hits[first..=last]);
            spans.push(Span::done(
                &core[start..end],
                chunk,
                found.label,
                Some(kind),
                words,
            ));
            affix_spans(&core[end..], chunk, found.label, spans);
        }
        _ => spans.push(Span::done(
            core,
            chunk,
            found.label,
            Some(kind),
            found.words,
        )),
    }
}

/// The affixes of a variable: words and punctuation as outside variables, with the variable's
/// label as their fallback.
fn affix_spans(text: &str, chunk: usize, home: Label, spans: &mut Vec<Span>) {
    let from = spans.len();
    plain_spans(text, chunk, spans);
    for s in &mut spans[from..] {
        s.home = Some(home);
    }
}

/// A date element is the access date when it holds the access year and not the issue year.
fn date_label(text: &str, work: &Work) -> Label {
    let has = |year: Option<i32>| year.is_some_and(|y| text.contains(&y.to_string()));
    let issued = has(work.issued.as_ref().and_then(|d| d.year_of()));
    let accessed = has(work.accessed.as_ref().and_then(|d| d.year_of()));
    if accessed && !issued {
        Label::Note
    } else {
        Label::Issued
    }
}

/// Lower-case alphanumeric tokens.
/// A number and the letters after it are two tokens (`2nd`, `74e`, `同1`).
pub(crate) fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut digits = false;
    for c in text.chars() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        let is_digit = c.is_ascii_digit();
        if !current.is_empty() && is_digit != digits {
            out.push(std::mem::take(&mut current));
        }
        digits = is_digit;
        current.extend(c.to_lowercase());
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// A rendered token matches a field token: equal, or the same number written as an ordinal
/// (`2nd`, `2e`), a Roman numeral, or (`suffix_ok`) the shortened end of a range (`1761–800`).
fn token_matches(rendered: &str, field: &str, suffix_ok: bool) -> bool {
    if rendered == field {
        return true;
    }
    if !field.bytes().all(|b| b.is_ascii_digit()) {
        return false;
    }
    let digits: String = rendered.chars().take_while(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        let ordinal = rendered[digits.len()..].chars().count() <= 3;
        return (ordinal && digits == field)
            || (suffix_ok && digits.len() < field.len() && field.ends_with(&digits));
    }
    let number = roman(rendered).or_else(|| word_ordinal(rendered));
    number.is_some_and(|n| n.to_string() == field)
}

/// The value of a lower-case Roman numeral up to 3999.
fn roman(s: &str) -> Option<u32> {
    let value = |c| match c {
        'i' => Some(1),
        'v' => Some(5),
        'x' => Some(10),
        'l' => Some(50),
        'c' => Some(100),
        'd' => Some(500),
        'm' => Some(1000),
        _ => None,
    };
    let digits: Option<Vec<u32>> = s.chars().map(value).collect();
    let digits = digits.filter(|d| !d.is_empty() && d.len() < 12)?;
    let mut total = 0;
    for (i, &d) in digits.iter().enumerate() {
        if digits.get(i + 1).is_some_and(|&next| next > d) {
            total -= d as i64;
        } else {
            total += d as i64;
        }
    }
    u32::try_from(total).ok().filter(|&t| t > 0)
}

/// How many rendered tokens match the field's tokens in order.
fn matched(rendered: &[String], field: &[String], numeric_range: bool) -> (usize, Vec<bool>) {
    let mut hits = vec![false; rendered.len()];
    let mut from = 0;
    let mut count = 0;
    for (i, r) in rendered.iter().enumerate() {
        let found = field[from..]
            .iter()
            .position(|f| token_matches(r, f, numeric_range && from > 0));
        if let Some(k) = found {
            hits[i] = true;
            count += 1;
            from += k + 1;
        }
    }
    (count, hits)
}

/// The field a variable's text came from, and how its words were explained.
/// What a variable's text was identified as.
struct Identified {
    label: Label,
    words: Coverage,
    /// Which tokens matched the field, when one did.
    hits: Option<Vec<bool>>,
}

fn identify(core: &str, cite: &CiteInfo<'_>, before: &[Span], used: &[Label]) -> Identified {
    let rendered = tokens(core);
    let note = cite.first_note.map(|n| n.to_string());
    if let Some(found) = note
        .as_deref()
        .and_then(|n| note_number(&rendered, n, before))
    {
        return found;
    }
    let mut candidates: Vec<(Label, String)> = cite
        .work
        .fields()
        .into_iter()
        .map(|(l, v)| (l, v.to_string()))
        .collect();
    candidates.extend(cite.locator.map(|l| (Label::Locator, l.to_string())));
    candidates.extend(note.map(|n| (Label::NoteRef, n)));
    if let Some((label, hits)) = best_field(&rendered, &candidates, used) {
        return Identified {
            label,
            words: word_coverage(core, &hits),
            hits: Some(hits),
        };
    }
    let year_suffix = core.len() <= 2 && core.chars().all(|c| c.is_ascii_lowercase());
    let after_date = before
        .iter()
        .rev()
        .find(|s| s.state != State::Punct)
        .is_some_and(|s| s.kind == Some(BoxKind::Date));
    let words = if year_suffix && after_date {
        Coverage::rule(1)
    } else {
        Coverage::fallback(count_words(core))
    };
    let label = if year_suffix && after_date {
        Label::Issued
    } else {
        Label::Note
    };
    Identified {
        label,
        words,
        hits: None,
    }
}

/// `(n 3)`, `see note 3`: the number of the note that first cited the work, after note words
/// before the variable or in its text.
fn note_number(rendered: &[String], note: &str, before: &[Span]) -> Option<Identified> {
    let note_word = |w: &str| NOTE_REF_WORDS.contains(&w) || SEE_WORDS.contains(&w);
    let after_note_word = before
        .iter()
        .rev()
        .take(3)
        .any(|s| s.state != State::Punct && note_word(&squash(&s.text)));
    let words_before = &rendered[..rendered.len().saturating_sub(1)];
    let note_words = words_before.iter().all(|w| note_word(w));
    let in_text = !words_before.is_empty() && note_words;
    if !((after_note_word || in_text)
        && note_words
        && rendered.last().map(String::as_str) == Some(note))
    {
        return None;
    }
    let mut hits = vec![false; rendered.len()];
    if let Some(last) = hits.last_mut() {
        *last = true;
    }
    Some(Identified {
        label: Label::NoteRef,
        words: Coverage::rule(1),
        hits: Some(hits),
    })
}

/// The field whose value the rendered tokens match best: most tokens matched, then the largest
/// share of the field's tokens, then a field not yet used in the cite.
fn best_field(
    rendered: &[String],
    candidates: &[(Label, String)],
    used: &[Label],
) -> Option<(Label, Vec<bool>)> {
    // (tokens matched, share of the field, not used yet), the field, the matched tokens
    type Scored = ((usize, usize, bool), Label, Vec<bool>);
    let mut best: Option<Scored> = None;
    for (label, value) in candidates {
        let field = tokens(value);
        if field.is_empty() {
            continue;
        }
        let range = matches!(label, Label::Page | Label::Locator);
        let (count, hits) = matched(rendered, &field, range);
        let key = (count, count * 1000 / field.len(), !used.contains(label));
        if count > 0 && best.as_ref().is_none_or(|(k, _, _)| key > *k) {
            best = Some((key, *label, hits));
        }
    }
    best.map(|(_, label, hits)| (label, hits))
}

/// The byte ranges of [`tokens`].
fn token_ranges(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start: Option<(usize, bool)> = None;
    for (i, c) in text.char_indices() {
        let digit = c.is_ascii_digit();
        match (start, c.is_alphanumeric()) {
            (Some((s, d)), true) if d != digit => {
                out.push((s, i));
                start = Some((i, digit));
            }
            (Some(_), true) => {}
            (None, true) => start = Some((i, digit)),
            (Some((s, _)), false) => {
                out.push((s, i));
                start = None;
            }
            (None, false) => {}
        }
    }
    if let Some((s, _)) = start {
        out.push((s, text.len()));
    }
    out
}

/// The words of a variable's text from the first to the last that matched the field: what is
/// before and after is the variable's affixes (`vol.`, `in`, `, cit.`).
fn matched_words(core: &str, hits: &[bool]) -> Option<(usize, usize, usize, usize)> {
    let ranges = token_ranges(core);
    let first = hits.iter().position(|&h| h)?;
    let last = hits.iter().rposition(|&h| h)?;
    let (start, _) = *ranges.get(first)?;
    let (_, end) = *ranges.get(last)?;
    let start = core[..start]
        .char_indices()
        .rev()
        .find(|(_, c)| c.is_whitespace())
        .map_or(0, |(w, c)| w + c.len_utf8());
    let end = core[end..]
        .find(char::is_whitespace)
        .map_or(core.len(), |w| end + w);
    // punctuation alone (`« `, ` »`) stays with the variable
    let wordless = |s: &str| !s.chars().any(char::is_alphanumeric);
    let start = if wordless(&core[..start]) { 0 } else { start };
    let end = if wordless(&core[end..]) {
        core.len()
    } else {
        end
    };
    Some((start, end, first, last))
}

/// Each word of a field's text: matched (some token of it matched), a known affix word, or not
/// explained.
fn word_coverage(core: &str, hits: &[bool]) -> Coverage {
    let mut c = Coverage::default();
    let mut token = 0;
    for word in core.split_whitespace() {
        let n = tokens(word).len();
        let hit = hits
            .get(token..token + n)
            .is_some_and(|h| h.iter().any(|&x| x));
        token += n;
        if n == 0 {
            continue;
        }
        if hit {
            c.field += 1;
        } else if known_word(&squash(word)) {
            c.rule += 1;
        } else {
            c.fallback += 1;
        }
    }
    c
}

/// A word lower-cased without its punctuation (`op.` → `op`, `a.a.O.` → `aao`).
pub(crate) fn squash(word: &str) -> String {
    word.chars()
        .filter(|c| c.is_alphanumeric() || "§¶°º".contains(*c))
        .flat_map(char::to_lowercase)
        .collect()
}

/// A word of the tables.
fn known_word(w: &str) -> bool {
    AFFIX_WORDS.iter().any(|(a, _)| *a == w)
        || CONNECTOR_WORDS.contains(&w)
        || ROLE_WORDS.contains(&w)
        || ACCESS_WORDS.contains(&w)
        || BACKREF_WORDS.contains(&w)
        || NOTE_REF_WORDS.contains(&w)
        || KNOWN_WORDS.contains(&w)
}

/// Text outside any variable: words (with an abbreviation's dot), the phrases of
/// [`PLAIN_PHRASES`], and punctuation.
fn plain_spans(text: &str, chunk: usize, spans: &mut Vec<Span>) {
    let mut rest = text;
    while !rest.is_empty() {
        if let Some((len, rule)) = phrase_at(rest) {
            spans.push(Span::pending(&rest[..len], chunk, None, vec![rule]));
            rest = &rest[len..];
            continue;
        }
        let word_len = word_len(rest);
        if word_len > 0 {
            spans.push(Span::pending(
                &rest[..word_len],
                chunk,
                None,
                word_rules(&squash(&rest[..word_len])),
            ));
            rest = &rest[word_len..];
        } else {
            let punct_len = rest
                .char_indices()
                .skip(1)
                .find(|&(i, _)| word_len_at(rest, i) > 0 || phrase_at(&rest[i..]).is_some())
                .map_or(rest.len(), |(i, _)| i);
            spans.push(Span::punct(&rest[..punct_len], chunk));
            rest = &rest[punct_len..];
        }
    }
}

/// The length of the word at the start of `text`: letters, digits, `§`, an apostrophe between
/// letters, and a dot after a letter.
fn word_len(text: &str) -> usize {
    word_len_at(text, 0)
}

fn word_len_at(text: &str, from: usize) -> usize {
    let word_char = |c: char| c.is_alphanumeric() || "§¶°º".contains(c);
    let rest = &text[from..];
    let mut end = 0;
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        let next_is_word = chars.peek().is_some_and(|&(_, n)| n.is_alphanumeric());
        let inner = ("'’".contains(c) || c == '.') && i > 0 && next_is_word;
        let final_dot = c == '.' && i > 0 && rest[..i].ends_with(|p: char| p.is_alphabetic());
        if word_char(c) || inner {
            end = i + c.len_utf8();
        } else if final_dot {
            end = i + 1;
            break;
        } else {
            break;
        }
    }
    end
}

/// A phrase of [`PLAIN_PHRASES`] at the start of `text`, ending at a word boundary.
fn phrase_at(text: &str) -> Option<(usize, Rule)> {
    PLAIN_PHRASES.iter().find_map(|(phrase, label)| {
        let len = starts_with_phrase(text, phrase)?;
        let boundary = !text[len..].starts_with(char::is_alphanumeric);
        boundary.then_some((len, Rule::Fixed(*label)))
    })
}

/// The bytes of `text` that spell the lower-case `phrase`, any white space for a space.
fn starts_with_phrase(text: &str, phrase: &str) -> Option<usize> {
    let mut chars = text.char_indices();
    for p in phrase.chars() {
        let (_, c) = chars.next()?;
        let same = if p == ' ' {
            c.is_whitespace()
        } else {
            c.to_lowercase().eq(std::iter::once(p))
        };
        if !same {
            return None;
        }
    }
    Some(chars.next().map_or(text.len(), |(i, _)| i))
}

/// The rules for a word outside any variable, in order of preference.
fn word_rules(w: &str) -> Vec<Rule> {
    let mut rules = Vec::new();
    if NOTE_REF_WORDS.contains(&w) || SEE_WORDS.contains(&w) {
        rules.push(Rule::NoteRef);
    }
    if BACKREF_WORDS.contains(&w) {
        rules.push(Rule::Fixed(Label::Backref));
    }
    if NO_DATE_WORDS.contains(&w) {
        rules.push(Rule::Fixed(Label::Issued));
    }
    if ROLE_WORDS.contains(&w) {
        rules.push(Rule::Role);
    }
    if CONNECTOR_WORDS.contains(&w) {
        rules.push(Rule::Connector);
    }
    if ACCESS_WORDS.contains(&w) {
        rules.push(Rule::Access);
    }
    if let Some((_, labels)) = AFFIX_WORDS.iter().find(|(a, _)| *a == w) {
        rules.push(Rule::Affix(labels));
    }
    if SEE_WORDS.contains(&w) {
        rules.push(Rule::Fixed(Label::Signal));
    }
    if known_word(w) {
        rules.push(Rule::Home);
    }
    rules
}

/// Label the waiting spans from the fields next to them.
fn resolve(spans: &mut [Span]) {
    // cs:label first: the words of the tables may lean on the number they name
    for pass in [true, false] {
        for i in 0..spans.len() {
            if spans[i].state != State::Pending {
                continue;
            }
            let label_box = spans[i].rules.first() == Some(&Rule::LabelBox);
            if label_box != pass {
                continue;
            }
            let home = spans[i].home;
            // a rule that gives the variable's own label first, then the first that applies
            let labels: Vec<(Rule, Label)> = spans[i]
                .rules
                .iter()
                .filter_map(|&r| Some((r, decide(spans, i, r)?)))
                .collect();
            let own = labels
                .iter()
                .find(|(r, l)| *r != Rule::Home && Some(*l) == home);
            let decided = own.or(labels.first()).map(|(_, l)| *l);
            let next = neighbour(spans, i, true, 3).map(|(j, _)| spans[j].label);
            let prev = neighbour(spans, i, false, 3).map(|(j, _)| spans[j].label);
            let fallback = home.or(prev).or(next).unwrap_or(Label::Note);
            let words = count_words(&spans[i].text);
            let span = &mut spans[i];
            span.label = decided.unwrap_or(fallback);
            span.state = State::Done {
                from_box: label_box && decided.is_some(),
            };
            span.words = if decided.is_some() {
                Coverage::rule(words)
            } else {
                Coverage::fallback(words)
            };
        }
    }
}

/// The nearest labelled span after (`forward`) or before `i` in the same chunk, with at most
/// `reach` waiting spans between, and whether only white space stands between.
fn neighbour(spans: &[Span], i: usize, forward: bool, reach: usize) -> Option<(usize, bool)> {
    let chunk = spans[i].chunk;
    let mut only_space = true;
    let mut steps = 0;
    let mut j = i;
    loop {
        j = if forward { j + 1 } else { j.checked_sub(1)? };
        let s = spans.get(j).filter(|s| s.chunk == chunk)?;
        match s.state {
            State::Done { .. } => return Some((j, only_space)),
            State::Punct => only_space &= s.text.trim().is_empty(),
            State::Pending => {
                only_space = false;
                steps += 1;
            }
        }
        if steps > reach {
            return None;
        }
    }
}

/// The label a rule gives a waiting span, if it applies.
fn decide(spans: &[Span], i: usize, rule: Rule) -> Option<Label> {
    let next = neighbour(spans, i, true, 3);
    let prev = neighbour(spans, i, false, 3);
    let label_of = |n: Option<(usize, bool)>| n.map(|(j, _)| spans[j].label);
    let numeric = |n: Option<(usize, bool)>| {
        n.is_some_and(|(j, _)| matches!(spans[j].kind, Some(BoxKind::Text | BoxKind::Number)))
    };
    let within =
        |n: Option<(usize, bool)>, allowed: &[Label]| label_of(n).filter(|l| allowed.contains(l));
    match rule {
        Rule::LabelBox => {
            let spaced = |n: Option<(usize, bool)>| n.is_some_and(|(_, space)| space) && numeric(n);
            if spaced(next) || (!spaced(prev) && numeric(next)) {
                label_of(next)
            } else if spaced(prev) {
                label_of(prev)
            } else {
                None
            }
        }
        Rule::NoteRef => {
            within(next, &[Label::NoteRef]).or_else(|| within(prev, &[Label::NoteRef]))
        }
        Rule::Connector => within(
            next,
            &[
                Label::ContainerTitle,
                Label::Editor,
                Label::CollectionTitle,
                Label::Translator,
                Label::EventTitle,
                Label::NoteRef,
                Label::Title,
            ],
        ),
        Rule::Role => within(next, &[Label::Editor, Label::Translator])
            .or_else(|| within(prev, &[Label::Editor, Label::Translator])),
        Rule::Access => within(next, &[Label::Url, Label::Note, Label::Doi]),
        Rule::Affix(allowed) => within(next, allowed).or_else(|| within(prev, allowed)),
        Rule::Fixed(label) => Some(label),
        Rule::Home => spans[i].home,
    }
}

/// The punctuation between two fields with a second delimiter dropped: `, ; (` → `, (`. Some
/// styles leave the delimiters of groups that rendered nothing.
fn single_delimiters(text: &str, after_delimiter: bool) -> String {
    let mut out = String::with_capacity(text.len());
    let mut seen = after_delimiter;
    for c in text.chars() {
        if ",;:".contains(c) {
            if seen {
                continue;
            }
            seen = true;
        } else if !c.is_whitespace() {
            seen = false;
        }
        if c.is_whitespace() && out.ends_with(char::is_whitespace) {
            continue;
        }
        out.push(c);
    }
    out
}

/// Where the opening marks at the end of punctuation between two fields start: marks that
/// touch the next word (`(`, `„`), or a French `«` before a space that follows a space
/// (a `«` right after a word closes a German `»…«`).
fn opening_marks_at(text: &str) -> usize {
    if !text.ends_with(char::is_whitespace) {
        return text.trim_end_matches(|c: char| OPENERS.contains(c)).len();
    }
    let body = text.trim_end();
    match body.strip_suffix('«') {
        Some(before) if before.ends_with(char::is_whitespace) => before.len(),
        _ => text.len(),
    }
}

/// Give punctuation to its neighbours and join the spans of one label into segments.
fn segments(spans: &[Span], chunks: usize) -> Vec<Chunk> {
    join_parts(distribute_punctuation(spans), chunks)
}

/// The spans as `(chunk, label, text)`, each run of punctuation given to the text before it,
/// but for the opening marks at its end, which go to the text after.
fn distribute_punctuation(spans: &[Span]) -> Vec<(usize, Label, String)> {
    let mut parts: Vec<(usize, Label, String)> = Vec::new();
    let mut i = 0;
    while i < spans.len() {
        let s = &spans[i];
        if s.state != State::Punct {
            parts.push((s.chunk, s.label, s.text.clone()));
            i += 1;
            continue;
        }
        let end = spans[i..]
            .iter()
            .position(|p| p.state != State::Punct)
            .map_or(spans.len(), |n| i + n);
        let text: String = spans[i..end].iter().map(|p| p.text.as_str()).collect();
        let prev = spans[..i].last();
        let after_delimiter = prev.is_some_and(|p| p.text.trim_end().ends_with([',', ';', ':']));
        let text = single_delimiters(&text, after_delimiter);
        let next = spans.get(end);
        let (to_prev, to_next) = match (prev, next) {
            (Some(_), Some(_)) => text.split_at(opening_marks_at(&text)),
            (Some(_), None) => (text.as_str(), ""),
            _ => ("", text.as_str()),
        };
        if let Some(p) = prev.filter(|_| !to_prev.is_empty()) {
            parts.push((p.chunk, p.label, to_prev.to_string()));
        }
        if let Some(n) = next.filter(|_| !to_next.is_empty()) {
            parts.push((n.chunk, n.label, to_next.to_string()));
        }
        i = end;
    }
    parts
}

/// Consecutive parts of one chunk and label as one segment, white space collapsed.
fn join_parts(parts: Vec<(usize, Label, String)>, chunks: usize) -> Vec<Chunk> {
    let mut out = vec![Chunk::default(); chunks];
    let mut last: Option<(usize, Label)> = None;
    let mut text = String::new();
    let flush = |key: Option<(usize, Label)>, text: &mut String, out: &mut Vec<Chunk>| {
        let t = crate::train::anystyle::collapse_spaces(text);
        if let (Some((c, label)), false) = (key, t.is_empty())
            && let Some(chunk) = out.get_mut(c)
        {
            chunk.segments.push(Segment { label, text: t });
        }
        text.clear();
    };
    for (chunk, label, piece) in parts {
        if last != Some((chunk, label)) {
            flush(last, &mut text, &mut out);
            last = Some((chunk, label));
        }
        text.push_str(&piece);
    }
    flush(last, &mut text, &mut out);
    out.retain(|c| !c.segments.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_match_as_written() {
        assert!(token_matches("2nd", "2", false));
        assert!(token_matches("xii", "12", false));
        assert!(token_matches("800", "1800", true));
        assert!(!token_matches("800", "1800", false));
        assert!(token_matches("zweite", "2", false));
        assert_eq!(squash("a.a.O."), "aao");
        assert_eq!(peel(", 1979 ("), (2, "1979", 2));
        assert_eq!(opening_marks_at(", « "), 2);
        assert_eq!(opening_marks_at("« "), 3);
        assert_eq!(opening_marks_at(", ("), 2);
        assert_eq!(
            char_references("(note&#160;1)&#9;&#x41;&#;"),
            "(note 1) A&#;"
        );
    }
}
