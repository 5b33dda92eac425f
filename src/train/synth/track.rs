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
                let entry_starts = spans
                    .iter()
                    .any(|s| s.chunk + 1 == chunk && s.state != State::Punct);
                if entry_starts && !ends_with_delimiter(&spans) {
                    spans.push(Span::punct("; ", chunk - 1));
                }
                for (k, (label, text)) in cite.before.iter().enumerate() {
                    // the prose of the note's first cite starts the note; a later signal is
                    // lower-case (the renderer may have put the cites in another order)
                    let text = match (chunk, k, label) {
                        (0, 0, _) => upper_first(text),
                        (1.., 0, Label::Signal) => lower_first(text),
                        _ => text.clone(),
                    };
                    spans.push(Span::done(&text, chunk, *label, None, Coverage::default()));
                    spans.push(Span::punct(" ", chunk));
                }
                entry_spans(&pieces[at..end], chunk, cite, &mut spans);
            }
            None => plain_spans(
                &pieces[at..end]
                    .iter()
                    .map(|p| p.text.as_str())
                    .collect::<String>(),
                chunk,
                &mut spans,
            ),
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
            None => plain_spans(
                &group.iter().map(|p| p.text.as_str()).collect::<String>(),
                chunk,
                spans,
            ),
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
                Coverage {
                    field: n,
                    ..Coverage::default()
                }
            } else {
                Coverage {
                    rule: n,
                    ..Coverage::default()
                }
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
                Span::done(
                    core,
                    chunk,
                    label,
                    Some(kind),
                    Coverage {
                        field: n,
                        ..Coverage::default()
                    },
                )
            }
            BoxKind::CitationNumber => Span::done(
                core,
                chunk,
                Label::CitationNumber,
                Some(kind),
                Coverage {
                    field: n,
                    ..Coverage::default()
                },
            ),
            BoxKind::Label => Span::pending(core, chunk, Some(kind), vec![Rule::LabelBox]),
            _ => {
                let (label, words) = identify(core, cite, spans, used);
                used.push(label);
                Span::done(core, chunk, label, Some(kind), words)
            }
        };
        spans.push(span);
    }
    if trail > 0 {
        spans.push(Span::punct(&text[text.len() - trail..], chunk));
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
fn identify(core: &str, cite: &CiteInfo<'_>, before: &[Span], used: &[Label]) -> (Label, Coverage) {
    let rendered = tokens(core);
    let mut candidates: Vec<(Label, String)> = cite
        .work
        .fields()
        .into_iter()
        .map(|(l, v)| (l, v.to_string()))
        .collect();
    if let Some(loc) = cite.locator {
        candidates.push((Label::Locator, loc.to_string()));
    }
    let note_ref = cite.first_note.map(|n| n.to_string());
    if let Some(n) = &note_ref {
        let after_note_word =
            before.iter().rev().take(3).any(|s| {
                s.state != State::Punct && NOTE_REF_WORDS.contains(&squash(&s.text).as_str())
            });
        if after_note_word && rendered.len() == 1 && rendered[0] == *n {
            return (
                Label::NoteRef,
                Coverage {
                    rule: 1,
                    ..Coverage::default()
                },
            );
        }
        candidates.push((Label::NoteRef, n.clone()));
    }
    let mut best: Option<(usize, usize, bool, Label, Vec<bool>)> = None;
    for (label, value) in &candidates {
        let field = tokens(value);
        if field.is_empty() {
            continue;
        }
        let range = matches!(label, Label::Page | Label::Locator);
        let (count, hits) = matched(&rendered, &field, range);
        if count == 0 {
            continue;
        }
        let share = count * 1000 / field.len();
        let fresh = !used.contains(label);
        let better = best
            .as_ref()
            .is_none_or(|(c, s, f, _, _)| (count, share, fresh) > (*c, *s, *f));
        if better {
            best = Some((count, share, fresh, *label, hits));
        }
    }
    let year_suffix = core.len() <= 2 && core.chars().all(|c| c.is_ascii_lowercase());
    let after_date = before
        .iter()
        .rev()
        .find(|s| s.state != State::Punct)
        .is_some_and(|s| s.kind == Some(BoxKind::Date));
    if best.is_none() && year_suffix && after_date {
        return (
            Label::Issued,
            Coverage {
                rule: 1,
                ..Coverage::default()
            },
        );
    }
    let Some((_, _, _, label, hits)) = best else {
        let n = count_words(core);
        return (
            Label::Note,
            Coverage {
                fallback: n,
                ..Coverage::default()
            },
        );
    };
    (label, word_coverage(core, &hits))
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
            let decided = spans[i].rules.iter().find_map(|&r| decide(spans, i, r));
            let next = neighbour(spans, i, true, 3).map(|(j, _)| spans[j].label);
            let prev = neighbour(spans, i, false, 3).map(|(j, _)| spans[j].label);
            let fallback = prev.or(next).unwrap_or(Label::Note);
            let words = count_words(&spans[i].text);
            let span = &mut spans[i];
            span.label = decided.unwrap_or(fallback);
            span.state = State::Done {
                from_box: label_box && decided.is_some(),
            };
            span.words = if decided.is_some() {
                Coverage {
                    rule: words,
                    ..Coverage::default()
                }
            } else {
                Coverage {
                    fallback: words,
                    ..Coverage::default()
                }
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

/// Give punctuation to its neighbours and join the spans of one label into segments.
fn segments(spans: &[Span], chunks: usize) -> Vec<Chunk> {
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
        // the opening brackets and quotes at the end go to the text after; the rest before
        // opening marks that touch the next word (`(`, `„`)
        let keep = if text.ends_with(char::is_whitespace) {
            text.len()
        } else {
            text.trim_end_matches(|c: char| OPENERS.contains(c)).len()
        };
        let (to_prev, to_next) = match (prev, next) {
            (Some(_), Some(_)) => text.split_at(keep),
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
        assert_eq!(
            char_references("(note&#160;1)&#9;&#x41;&#;"),
            "(note 1) A&#;"
        );
    }
}
