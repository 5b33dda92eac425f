//! The resolve stage: link back-references (`Ibid.`, `op. cit.`, …) to the works they mean and
//! merge repeated citations into one bibliography.
//!
//! Citations are walked in document order. A full citation is matched against the works seen
//! so far (same title and author, or same URL) and merged with the one it repeats; the book of
//! a chapter is remembered too, so that `Ghosh, op. cit.` can mean a volume that was only ever
//! cited as a container. `Ibid.` takes the citation just before; `op. cit.` looks the author
//! up (fuzzily) among earlier works, narrowed by a year or a title. What cannot be decided
//! for sure is flagged `ambiguous` with its candidates; what cannot be found is a diagnostic.

use crate::cite::{ParsedNoteCitation, family_of};
use crate::model::{
    Citation, CitationKind, Diagnostic, DiagnosticCode, ItemType, Name, Reference, Severity,
};
use std::collections::HashMap;
use unicode_normalization::UnicodeNormalization;

/// The citations of one note, as the cite stage read them.
#[derive(Debug, Clone)]
pub struct CitedNote {
    /// The note number.
    pub number: u32,
    /// Its citations, in order.
    pub citations: Vec<ParsedNoteCitation>,
}

/// The bibliography and the resolved citations of every note.
#[derive(Debug, Clone, Default)]
pub struct Resolved {
    /// One reference per work, in order of first citation.
    pub references: Vec<Reference>,
    /// The citations of each note, in the order of the notes given, with `id` set.
    pub citations: Vec<Vec<Citation>>,
    /// Back-references that could not be resolved, and guesses.
    pub diagnostics: Vec<Diagnostic>,
}

/// A work seen so far.
#[derive(Debug, Clone)]
struct Work {
    item: Reference,
    /// Cited on its own (not only as the book of a chapter).
    cited: bool,
    /// Order of the last citation, for "most recent".
    last_seen: usize,
    /// Order of the first citation, for the bibliography's order.
    first_seen: usize,
}

/// The target of a resolved citation.
#[derive(Debug, Clone, Default)]
struct Target {
    work: Option<usize>,
    ambiguous: bool,
    candidates: Vec<usize>,
    locator: Option<(String, Option<crate::model::LocatorLabel>)>,
}

/// Fold a name for matching: lowercase, no accents, letters only.
fn fold(s: &str) -> String {
    if s.is_ascii() {
        let kept: String = s
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || c.is_ascii_whitespace())
            .map(|c| c.to_ascii_lowercase())
            .collect();
        return kept.split_whitespace().collect::<Vec<_>>().join(" ");
    }
    s.nfd()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Edit distance, for names that differ by a letter (`Koppenfelds` / `Koppenfels`).
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// The folded family name; for a hint written `Boltanski et Chiapello`, the first name's.
fn first_family(name: &Name) -> String {
    let folded = fold(&family_of(name));
    if name.literal.is_some() {
        for joiner in [" et ", " and ", " und ", " y ", " e "] {
            if let Some((first, _)) = folded.split_once(joiner) {
                return first.to_string();
            }
        }
    }
    folded
}

/// How two family names match: exactly, loosely (a letter off), or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum NameMatch {
    No,
    Loose,
    Exact,
}

fn match_family(a: &Name, b: &Name) -> NameMatch {
    let fa = first_family(a);
    let fb = first_family(b);
    if fa.is_empty() || fb.is_empty() {
        return NameMatch::No;
    }
    if fa == fb {
        return NameMatch::Exact;
    }
    // `Ortega` against `Ortega y Gasset`
    if fa.starts_with(&format!("{fb} ")) || fb.starts_with(&format!("{fa} ")) {
        return NameMatch::Loose;
    }
    // a literal `IOM Council` against `IOM`: no; `Klekowski von Koppenfels` against a typo: yes
    let longest = fa.chars().count().max(fb.chars().count());
    if longest >= 6 && edit_distance(&fa, &fb) <= 1 + usize::from(longest >= 12) {
        return NameMatch::Loose;
    }
    NameMatch::No
}

/// How well every name of a hint is found among `names`: the weakest of the best matches.
fn match_all(hint: &[Name], names: &[Name]) -> NameMatch {
    hint.iter()
        .map(|h| {
            names
                .iter()
                .map(|n| match_family(h, n))
                .max()
                .unwrap_or(NameMatch::No)
        })
        .min()
        .unwrap_or(NameMatch::No)
}

fn title_tokens(s: &str) -> Vec<String> {
    fold(s).split_whitespace().map(str::to_string).collect()
}

/// Token F1 of two titles.
fn title_similarity(a: &str, b: &str) -> f32 {
    let ta = title_tokens(a);
    let mut tb = title_tokens(b);
    if ta.is_empty() || tb.is_empty() {
        return 0.0;
    }
    let (na, nb) = (ta.len(), tb.len());
    let mut common = 0;
    for t in &ta {
        if let Some(i) = tb.iter().position(|x| x == t) {
            tb.swap_remove(i);
            common += 1;
        }
    }
    if common == 0 {
        return 0.0;
    }
    let p = common as f32 / na as f32;
    let r = common as f32 / nb as f32;
    2.0 * p * r / (p + r)
}

/// Titles this similar are the same work.
const SAME_TITLE: f32 = 0.8;

fn year(item: &Reference) -> Option<i32> {
    item.issued.as_ref().and_then(|d| d.parts.first().copied())
}

fn creators(item: &Reference) -> &[Name] {
    if item.author.is_empty() {
        &item.editor
    } else {
        &item.author
    }
}

/// Whether two full citations cite the same work.
fn same_work(a: &Reference, b: &Reference) -> bool {
    match (&a.title, &b.title) {
        (Some(ta), Some(tb)) => {
            if title_similarity(&ta.value, &tb.value) < SAME_TITLE {
                return false;
            }
            let (ca, cb) = (creators(a), creators(b));
            if ca.is_empty() || cb.is_empty() {
                return year(a) == year(b) || year(a).is_none() || year(b).is_none();
            }
            ca.iter()
                .any(|x| cb.iter().any(|y| match_family(x, y) != NameMatch::No))
        }
        (None, None) => match (&a.url, &b.url) {
            (Some(ua), Some(ub)) => {
                ua.value.trim_end_matches('/') == ub.value.trim_end_matches('/')
            }
            _ => false,
        },
        _ => false,
    }
}

/// How many fields a reference has: the most complete form of a work wins.
fn completeness(r: &Reference) -> usize {
    r.text_fields().iter().filter(|(_, f)| f.is_some()).count()
        + usize::from(r.issued.is_some())
        + usize::from(!r.author.is_empty())
        + usize::from(!r.editor.is_empty())
}

/// Merge `other` into `base`: the more complete one wins, the other fills its gaps.
fn merge(base: &mut Reference, other: &Reference) {
    let (mut winner, loser) = if completeness(other) > completeness(base) {
        (other.clone(), base.clone())
    } else {
        (base.clone(), other.clone())
    };
    macro_rules! fill {
        ($($f:ident),*) => {$(
            if winner.$f.is_none() { winner.$f = loser.$f.clone(); }
        )*};
    }
    fill!(
        title,
        container_title,
        collection_title,
        collection_number,
        publisher,
        publisher_place,
        event_title,
        event_place,
        issued,
        volume,
        issue,
        page,
        edition,
        number,
        genre,
        url,
        doi,
        isbn
    );
    for (w, l) in [
        (&mut winner.author, &loser.author),
        (&mut winner.editor, &loser.editor),
        (&mut winner.translator, &loser.translator),
    ] {
        if w.is_empty() {
            *w = l.clone();
        }
    }
    if winner.item_type == ItemType::Document {
        winner.item_type = loser.item_type;
    }
    *base = winner;
}

/// The book that holds a chapter, as a work of its own.
fn container_work(item: &Reference) -> Option<Reference> {
    let title = item.container_title.clone()?;
    if item.editor.is_empty() || item.volume.is_some() {
        return None;
    }
    Some(Reference {
        item_type: ItemType::Book,
        editor: item.editor.clone(),
        title: Some(title),
        publisher: item.publisher.clone(),
        publisher_place: item.publisher_place.clone(),
        issued: item.issued.clone(),
        ..Reference::default()
    })
}

struct Resolver {
    works: Vec<Work>,
    /// Works by name, title and URL keys, so that a lookup reads a few works, not all.
    index: HashMap<String, Vec<usize>>,
    order: usize,
    diagnostics: Vec<Diagnostic>,
}

/// The keys of a family name: its first word, folded (`e:`), and that word's first letters
/// (`n:`), for names that differ by a letter further on.
fn name_keys(name: &Name) -> Option<(String, String)> {
    let family = first_family(name);
    let first = family.split_whitespace().next()?;
    Some((
        format!("e:{first}"),
        format!(
            "n:{}",
            first.chars().take(NAME_KEY_CHARS).collect::<String>()
        ),
    ))
}

/// The exact name keys of some names.
fn exact_keys(names: &[Name]) -> Vec<String> {
    names.iter().filter_map(name_keys).map(|k| k.0).collect()
}

/// The loose name keys of some names.
fn loose_keys(names: &[Name]) -> Vec<String> {
    names.iter().filter_map(name_keys).map(|k| k.1).collect()
}

/// A family name is filed under its first word's first letters: a typo further on
/// (`Koppenfelds`) still finds `Koppenfels`, and a bucket holds few works.
const NAME_KEY_CHARS: usize = 4;

/// The keys a work is found by: its creators' and editors' names, its longest title word, its
/// URL.
fn work_keys(item: &Reference) -> Vec<String> {
    let mut keys: Vec<String> = item
        .author
        .iter()
        .chain(&item.editor)
        .filter_map(name_keys)
        .flat_map(|(exact, loose)| [exact, loose])
        .collect();
    // A work with names is found by them; one without, by its title.
    if keys.is_empty()
        && let Some(t) = &item.title
        && let Some(word) = title_tokens(&t.value).into_iter().max_by_key(|w| w.len())
    {
        keys.push(format!("t:{word}"));
    }
    if let Some(u) = &item.url {
        keys.push(format!("u:{}", u.value.trim_end_matches('/')));
    }
    keys
}

impl Resolver {
    /// Record a full citation: a work seen before, or a new one.
    fn full(&mut self, item: &Reference) -> usize {
        self.order += 1;
        let found = self.find_same(item);
        let index = match found {
            Some(i) => {
                merge(&mut self.works[i].item, item);
                self.works[i].cited = true;
                self.works[i].last_seen = self.order;
                i
            }
            None => self.add(item.clone(), true),
        };
        self.reindex(index);
        if let Some(book) = container_work(item) {
            match self.find_same(&book) {
                Some(i) => {
                    merge(&mut self.works[i].item, &book);
                    self.works[i].last_seen = self.order;
                    self.reindex(i);
                }
                None => {
                    self.add(book, false);
                }
            }
        }
        index
    }

    fn add(&mut self, item: Reference, cited: bool) -> usize {
        self.works.push(Work {
            item,
            cited,
            last_seen: self.order,
            first_seen: self.order,
        });
        let i = self.works.len() - 1;
        self.reindex(i);
        i
    }

    /// File work `i` under its keys (again, after a merge may have given it new ones).
    fn reindex(&mut self, i: usize) {
        for key in work_keys(&self.works[i].item) {
            let bucket = self.index.entry(key).or_default();
            if !bucket.contains(&i) {
                bucket.push(i);
            }
        }
    }

    /// The works filed under any of `keys`, in order.
    fn candidates(&self, keys: &[String]) -> Vec<usize> {
        let mut out: Vec<usize> = keys
            .iter()
            .filter_map(|k| self.index.get(k))
            .flatten()
            .copied()
            .collect();
        out.sort_unstable();
        out.dedup();
        out
    }

    /// An earlier work that `item` cites again.
    fn find_same(&self, item: &Reference) -> Option<usize> {
        let anonymous = Reference {
            title: item.title.clone(),
            url: item.url.clone(),
            ..Reference::default()
        };
        let names: Vec<Name> = item.author.iter().chain(&item.editor).cloned().collect();
        let mut keys = exact_keys(&names);
        keys.extend(work_keys(&anonymous));
        let found = |keys: &[String]| {
            self.candidates(keys)
                .into_iter()
                .find(|&i| same_work(&self.works[i].item, item))
        };
        // the works under the same names first; those a letter off only when none is found
        found(&keys).or_else(|| found(&loose_keys(&names)))
    }

    /// The works a name-based back-reference may mean, best first, and whether the choice was
    /// a guess.
    fn by_author(&self, hint: &Reference) -> (Vec<usize>, bool, bool) {
        let names = creators(hint);
        if names.is_empty() {
            return (Vec::new(), false, false);
        }
        let hint_is_editor = hint.author.is_empty() && !hint.editor.is_empty();
        // (work, rank): 3 = author matches exactly, 2 = editor of the work, 1 = loose
        let mut scored: Vec<(usize, u8, bool)> = Vec::new();
        let mut pool = self.candidates(&exact_keys(names));
        if pool.is_empty() {
            pool = self.candidates(&loose_keys(names));
        }
        for i in pool {
            let w = &self.works[i];
            let primary = creators(&w.item);
            let best_primary = match_all(names, primary);
            let best_editor = match_all(names, &w.item.editor);
            let book_by_editors = w.item.author.is_empty();
            let rank = match (best_primary, best_editor) {
                (NameMatch::Exact, _) => 4,
                (NameMatch::Loose, _) => 3,
                (_, NameMatch::Exact) => 1,
                (_, NameMatch::Loose) => 1,
                _ => 0,
            };
            let rank = if hint_is_editor && book_by_editors && rank > 0 {
                rank + 1
            } else {
                rank
            };
            if rank > 0 {
                scored.push((i, rank, best_primary == NameMatch::Loose));
            }
        }
        // narrow by year and title
        if let Some(y) = year(hint) {
            let same_year: Vec<_> = scored
                .iter()
                .copied()
                .filter(|&(i, _, _)| year(&self.works[i].item) == Some(y))
                .collect();
            if !same_year.is_empty() {
                scored = same_year;
            }
        }
        if let Some(t) = &hint.title {
            let titled: Vec<_> = scored
                .iter()
                .copied()
                .filter(|&(i, _, _)| {
                    self.works[i].item.title.as_ref().is_some_and(|wt| {
                        let wt = fold(&wt.value);
                        fold(&t.value)
                            .split_whitespace()
                            .all(|tok| wt.contains(tok))
                    })
                })
                .collect();
            if !titled.is_empty() {
                scored = titled;
            }
        }
        let top = scored.iter().map(|s| s.1).max().unwrap_or(0);
        let mut best: Vec<(usize, bool)> = scored
            .iter()
            .filter(|s| s.1 == top)
            .map(|s| (s.0, s.2))
            .collect();
        // most recent first
        best.sort_by_key(|&(i, _)| std::cmp::Reverse(self.works[i].last_seen));
        let loose = best.first().is_some_and(|b| b.1);
        let mut ranked: Vec<usize> = best.iter().map(|b| b.0).collect();
        let ambiguous = ranked.len() > 1;
        // the others after, by rank
        let mut rest: Vec<(usize, u8)> = scored
            .iter()
            .filter(|s| s.1 < top)
            .map(|s| (s.0, s.1))
            .collect();
        rest.sort_by_key(|&(i, r)| {
            (
                std::cmp::Reverse(r),
                std::cmp::Reverse(self.works[i].last_seen),
            )
        });
        if ambiguous {
            ranked.extend(rest.into_iter().map(|r| r.0));
        }
        (ranked, ambiguous, loose)
    }
}

/// Resolve every citation and build the bibliography.
pub fn resolve(notes: &[CitedNote]) -> Resolved {
    let mut r = Resolver {
        works: Vec::new(),
        index: HashMap::new(),
        order: 0,
        diagnostics: Vec::new(),
    };
    // Per note, the targets of its citations.
    let mut targets: Vec<Vec<Target>> = Vec::with_capacity(notes.len());
    // The last resolved target, and whether its note held several works.
    let mut previous: Option<(Target, bool)> = None;
    // The number of the last note with a citation.
    let mut previous_note: Option<u32> = None;
    // Short names defined with `hereinafter`, folded, and their works.
    let mut aliases: Vec<(String, usize)> = Vec::new();
    // The last locator each work was cited at, for `loc. cit.`.
    let mut last_locator: HashMap<usize, (String, Option<crate::model::LocatorLabel>)> =
        HashMap::new();
    // The works cited in each note, for cross-references.
    let mut note_works: HashMap<u32, Vec<usize>> = HashMap::new();
    for note in notes {
        let mut note_targets: Vec<Target> = Vec::new();
        for (ci, pc) in note.citations.iter().enumerate() {
            let c = &pc.citation;
            let mut item = pc.item.clone();
            // a short name defined earlier (`Report, p. 5` after `(hereinafter Report)`)
            let folded_text = fold(&pc.text);
            let by_alias = aliases
                .iter()
                .find(|(alias, _)| {
                    let starts =
                        folded_text == *alias || folded_text.starts_with(&format!("{alias} "));
                    // a full citation only when the short name is all it gives of the work
                    let only_alias = pc.alias.is_none()
                        && item.title.as_ref().is_none_or(|t| fold(&t.value) == *alias);
                    starts && (c.kind != CitationKind::Full || only_alias)
                })
                .map(|&(_, w)| w);
            if let Some(w) = by_alias {
                r.order += 1;
                r.works[w].cited = true;
                r.works[w].last_seen = r.order;
                let mut target = Target {
                    work: Some(w),
                    ..Target::default()
                };
                if let Some(l) = &c.locator {
                    target.locator = Some((l.clone(), c.label));
                }
                note_targets.push(target);
                continue;
            }
            let target = match c.kind {
                CitationKind::Supra => {
                    let in_note: Vec<usize> = pc
                        .note_ref
                        .and_then(|n| note_works.get(&n))
                        .cloned()
                        .unwrap_or_default();
                    let (found, _, _) = r.by_author(&item);
                    let chosen = found
                        .iter()
                        .copied()
                        .find(|w| in_note.contains(w))
                        .or_else(|| (in_note.len() == 1).then(|| in_note[0]))
                        .or_else(|| {
                            (creators(&item).is_empty())
                                .then(|| in_note.last().copied())
                                .flatten()
                        });
                    match chosen {
                        Some(w) => {
                            r.order += 1;
                            r.works[w].cited = true;
                            r.works[w].last_seen = r.order;
                            Target {
                                work: Some(w),
                                ..Target::default()
                            }
                        }
                        None => {
                            r.diagnostics.push(Diagnostic::new(
                                Severity::Warning,
                                DiagnosticCode::Unresolved,
                                format!(
                                    "note {}: the cross-reference to note {} matches no work cited there",
                                    note.number,
                                    pc.note_ref.unwrap_or(0)
                                ),
                                Some(c.span),
                            ));
                            Target::default()
                        }
                    }
                }
                CitationKind::Full | CitationKind::Idem => {
                    let before = note_targets
                        .last()
                        .and_then(|t| t.work)
                        .or_else(|| previous.as_ref().and_then(|p| p.0.work));
                    if c.kind == CitationKind::Idem
                        && item.author.is_empty()
                        && let Some(w) = before
                    {
                        item.author = r.works[w].item.author.clone();
                    }
                    if pc.container_backref {
                        let hint = Reference {
                            editor: item.editor.clone(),
                            ..Reference::default()
                        };
                        let (found, _, _) = r.by_author(&hint);
                        if let Some(&w) = found.first() {
                            let book = r.works[w].item.clone();
                            item.container_title = book.title.clone();
                            if item.editor.is_empty()
                                || item.editor.iter().all(|n| n.given.is_none())
                            {
                                item.editor = creators(&book).to_vec();
                            }
                            item.item_type = ItemType::Chapter;
                        }
                    }
                    let w = r.full(&item);
                    Target {
                        work: Some(w),
                        ..Target::default()
                    }
                }
                CitationKind::Ibid => {
                    let antecedent = if ci > 0 {
                        note_targets.last().cloned().map(|t| (t, false))
                    } else {
                        // after a note that cites nothing, `Ibid.` is a guess at an older note
                        let gap = previous_note.is_some_and(|n| n + 1 < note.number);
                        previous.clone().map(|(t, several)| (t, several || gap))
                    };
                    match antecedent {
                        Some((t, several)) if t.work.is_some() => Target {
                            ambiguous: t.ambiguous || several,
                            candidates: t.candidates.clone(),
                            work: t.work,
                            locator: t.locator.clone(),
                        },
                        _ => {
                            r.diagnostics.push(Diagnostic::new(
                                Severity::Warning,
                                DiagnosticCode::Unresolved,
                                format!("note {}: ibid. with no citation before it", note.number),
                                Some(c.span),
                            ));
                            Target::default()
                        }
                    }
                }
                _ => {
                    let (found, ambiguous, loose) = r.by_author(&item);
                    match found.first() {
                        Some(&w) => {
                            if loose {
                                let written: Vec<String> =
                                    creators(&item).iter().map(family_of).collect();
                                let matched: Vec<String> =
                                    creators(&r.works[w].item).iter().map(family_of).collect();
                                r.diagnostics.push(Diagnostic::new(
                                    Severity::Info,
                                    DiagnosticCode::LooseMatch,
                                    format!(
                                        "note {}: `{}` taken for `{}`, a spelling apart",
                                        note.number,
                                        written.join(", "),
                                        matched.join(", ")
                                    ),
                                    Some(c.span),
                                ));
                            }
                            r.order += 1;
                            r.works[w].cited = true;
                            r.works[w].last_seen = r.order;
                            Target {
                                work: Some(w),
                                ambiguous,
                                candidates: if ambiguous { found.clone() } else { Vec::new() },
                                locator: None,
                            }
                        }
                        None => {
                            r.diagnostics.push(Diagnostic::new(
                                Severity::Warning,
                                DiagnosticCode::Unresolved,
                                format!(
                                    "note {}: no earlier work matches this back-reference",
                                    note.number
                                ),
                                Some(c.span),
                            ));
                            Target::default()
                        }
                    }
                }
            };
            // The locator: the citation's own, or for ibid. the one before, or for loc. cit.
            // the last one the work was cited at.
            let mut target = target;
            match (&c.locator, c.kind) {
                (Some(l), _) => target.locator = Some((l.clone(), c.label)),
                (None, CitationKind::Ibid) => {}
                (None, CitationKind::LocCit) => {
                    target.locator = target.work.and_then(|w| last_locator.get(&w).cloned());
                }
                (None, _) => target.locator = None,
            }
            if let (Some(w), Some(l)) = (target.work, &target.locator) {
                last_locator.insert(w, l.clone());
            }
            if let (Some(alias), Some(w)) = (&pc.alias, target.work) {
                aliases.push((fold(alias), w));
            }
            note_targets.push(target);
        }
        note_works
            .entry(note.number)
            .or_default()
            .extend(note_targets.iter().filter_map(|t| t.work));
        if let Some(last) = note_targets.last() {
            let distinct: std::collections::HashSet<Option<usize>> =
                note_targets.iter().map(|t| t.work).collect();
            let several = distinct.len() > 1;
            let mut t = last.clone();
            if several {
                // ranked candidates: last work first, then the others in reverse order
                let mut cands: Vec<usize> = Vec::new();
                for nt in note_targets.iter().rev() {
                    if let Some(w) = nt.work
                        && !cands.contains(&w)
                    {
                        cands.push(w);
                    }
                }
                t.candidates = cands;
            }
            previous = Some((t, several));
            previous_note = Some(note.number);
        }
        targets.push(note_targets);
    }
    // Keys, in order of first citation, for the works cited on their own.
    let mut cited: Vec<usize> = (0..r.works.len()).filter(|&i| r.works[i].cited).collect();
    cited.sort_by_key(|&i| r.works[i].first_seen);
    let ids = keys(&cited.iter().map(|&i| &r.works[i].item).collect::<Vec<_>>());
    let id_of: HashMap<usize, String> = cited.iter().copied().zip(ids.iter().cloned()).collect();
    let references: Vec<Reference> = cited
        .iter()
        .zip(ids)
        .map(|(&i, id)| Reference {
            id,
            ..r.works[i].item.clone()
        })
        .collect();
    let mut citations = Vec::with_capacity(notes.len());
    for (note, note_targets) in notes.iter().zip(targets) {
        let mut out = Vec::with_capacity(note.citations.len());
        for (pc, t) in note.citations.iter().zip(note_targets) {
            let mut c = pc.citation.clone();
            c.id = t.work.and_then(|w| id_of.get(&w).cloned());
            c.ambiguous = t.ambiguous && c.id.is_some();
            if c.ambiguous {
                c.candidates = t
                    .candidates
                    .iter()
                    .filter_map(|w| id_of.get(w).cloned())
                    .collect();
                if c.candidates.is_empty() {
                    c.candidates = c.id.iter().cloned().collect();
                }
                r.diagnostics.push(Diagnostic::new(
                    Severity::Info,
                    DiagnosticCode::Ambiguous,
                    format!(
                        "note {}: {} may mean {}; took {}",
                        note.number,
                        kind_name(c.kind),
                        c.candidates.join(" or "),
                        c.id.as_deref().unwrap_or("")
                    ),
                    Some(c.span),
                ));
            }
            if let Some((value, label)) = t.locator {
                c.locator = Some(value);
                c.label = label;
            }
            out.push(c);
        }
        citations.push(out);
    }
    Resolved {
        references,
        citations,
        diagnostics: r.diagnostics,
    }
}

/// A reference list: every entry is its own reference, in order, with a unique key.
pub fn one_reference_each(notes: &[CitedNote]) -> Resolved {
    let items: Vec<&Reference> = notes
        .iter()
        .flat_map(|n| n.citations.iter().map(|c| &c.item))
        .collect();
    let ids = keys(&items);
    let references: Vec<Reference> = items
        .iter()
        .zip(&ids)
        .map(|(item, id)| Reference {
            id: id.clone(),
            ..(*item).clone()
        })
        .collect();
    let mut ids = ids.into_iter();
    let citations = notes
        .iter()
        .map(|n| {
            n.citations
                .iter()
                .map(|c| Citation {
                    id: ids.next(),
                    ..c.citation.clone()
                })
                .collect()
        })
        .collect();
    Resolved {
        references,
        citations,
        diagnostics: Vec::new(),
    }
}

fn kind_name(kind: CitationKind) -> &'static str {
    match kind {
        CitationKind::Ibid => "ibid.",
        CitationKind::OpCit => "op. cit.",
        CitationKind::LocCit => "loc. cit.",
        CitationKind::Supra => "supra",
        CitationKind::Idem => "idem",
        CitationKind::Short => "a short form",
        _ => "a citation",
    }
}

/// Words skipped when a key is made from a title.
const KEY_STOPWORDS: &[&str] = &[
    "the", "a", "an", "of", "on", "in", "and", "le", "la", "les", "de", "der", "die", "das", "il",
    "el",
];

/// Stable, readable, unique keys: `overbeek2001`, `ghosh2001a`, ASCII only.
pub(crate) fn keys(items: &[&Reference]) -> Vec<String> {
    let ascii = |s: &str| -> String {
        s.nfd()
            .filter(char::is_ascii_alphanumeric)
            .flat_map(|c| c.to_lowercase())
            .collect()
    };
    let base: Vec<String> = items
        .iter()
        .map(|item| {
            let name = creators(item)
                .first()
                .map(|n| match (&n.family, &n.literal) {
                    (Some(f), _) => f.split_whitespace().next().unwrap_or("").to_string(),
                    (None, Some(l)) => l.split_whitespace().next().unwrap_or("").to_string(),
                    _ => String::new(),
                });
            let word = name.filter(|n| !ascii(n).is_empty()).or_else(|| {
                item.title.as_ref().and_then(|t| {
                    t.value
                        .split_whitespace()
                        .find(|w| {
                            !KEY_STOPWORDS.contains(&w.to_lowercase().as_str())
                                && !ascii(w).is_empty()
                        })
                        .map(str::to_string)
                })
            });
            let word = word
                .map(|w| ascii(&w))
                .filter(|w| !w.is_empty())
                .unwrap_or_else(|| "ref".to_string());
            match year(item) {
                Some(y) => format!("{word}{y}"),
                None => word,
            }
        })
        .collect();
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for b in &base {
        *counts.entry(b.as_str()).or_default() += 1;
    }
    let mut seen: HashMap<&str, usize> = HashMap::new();
    base.iter()
        .map(|b| {
            if counts.get(b.as_str()).copied().unwrap_or(0) > 1 {
                let n = seen.entry(b.as_str()).or_default();
                let suffix = suffix(*n);
                *n += 1;
                format!("{b}{suffix}")
            } else {
                b.clone()
            }
        })
        .collect()
}

/// `a`, `b`, …, `z`, `aa`, `ab`, …
fn suffix(mut n: usize) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'a' + (n % 26) as u8);
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_and_ascii() {
        let a = Reference {
            author: vec![Name {
                family: Some("Hocké".into()),
                ..Name::default()
            }],
            issued: Some(crate::model::Date {
                parts: vec![1989],
                ..Default::default()
            }),
            ..Reference::default()
        };
        let b = a.clone();
        let k = keys(&[&a, &b]);
        assert_eq!(k, ["hocke1989a", "hocke1989b"]);
        assert_eq!(suffix(27), "ab");
    }

    #[test]
    fn names_match_loosely() {
        let n = |f: &str| Name {
            family: Some(f.into()),
            ..Name::default()
        };
        assert_eq!(
            match_family(
                &n("Klekowski von Koppenfelds"),
                &n("Klekowski von Koppenfels")
            ),
            NameMatch::Loose
        );
        assert_eq!(match_family(&n("Hocké"), &n("Hocke")), NameMatch::Exact);
        assert_eq!(match_family(&n("Thouez"), &n("Ghosh")), NameMatch::No);
    }
}
