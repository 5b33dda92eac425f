//! The resolve stage: link back-references (`Ibid.`, `op. cit.`, …) to the works they mean and
//! merge repeated citations into one bibliography.
//!
//! Citations are walked in document order. A full citation is matched against the works seen
//! so far (same title and author, or same URL) and merged with the one it repeats; the book of
//! a chapter is remembered too, so that `Ghosh, op. cit.` can mean a volume that was only ever
//! cited as a container. `Ibid.` takes the citation just before; `op. cit.` looks the author
//! up (fuzzily) among earlier works, narrowed by a year or a title. What cannot be decided
//! for sure is flagged `ambiguous` with its candidates; what cannot be found is a diagnostic.

use crate::cite::{ParsedNoteCitation, family_of, tables};
use crate::model::{
    Citation, CitationKind, Diagnostic, DiagnosticCode, Field, ItemType, Name, Reference, Severity,
    Span,
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
    /// The folded names of its creators (authors, or editors when it has none).
    creators: Vec<FoldedName>,
    /// The folded names of its editors.
    editors: Vec<FoldedName>,
    /// Its folded title.
    title: String,
}

impl Work {
    fn new(item: Reference, cited: bool, order: usize) -> Self {
        let mut work = Work {
            item,
            cited,
            last_seen: order,
            first_seen: order,
            creators: Vec::new(),
            editors: Vec::new(),
            title: String::new(),
        };
        work.refresh();
        work
    }

    /// Fold the names and title again, after a merge.
    fn refresh(&mut self) {
        self.creators = creators(&self.item).iter().map(FoldedName::new).collect();
        self.editors = self.item.editor.iter().map(FoldedName::new).collect();
        self.title = self
            .item
            .title
            .as_ref()
            .map(|t| fold(&t.value))
            .unwrap_or_default();
    }
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

/// A family name folded once for matching: whole, and its first name's family
/// ([`first_family`]).
#[derive(Debug, Clone, Default)]
struct FoldedName {
    whole: String,
    first: String,
}

impl FoldedName {
    fn new(name: &Name) -> Self {
        FoldedName {
            whole: fold(&family_of(name)),
            first: first_family(name),
        }
    }

    /// The word it is filed under: the first word of its family.
    fn key(&self) -> Option<&str> {
        self.first.split_whitespace().next()
    }
}

/// The number of the note a note reference names, in note `current`: `n. 7` is 7, `n. above`
/// ([`crate::cite::PREVIOUS_NOTE`]) the note before.
fn note_named(n: u32, current: u32) -> u32 {
    if n == crate::cite::PREVIOUS_NOTE {
        current.saturating_sub(1)
    } else {
        n
    }
}

#[cfg(test)]
fn match_family(a: &Name, b: &Name) -> NameMatch {
    match_names(&FoldedName::new(a), &FoldedName::new(b))
}

fn match_names(a: &FoldedName, b: &FoldedName) -> NameMatch {
    // `Ortega y Gasset` written as one literal and as a family
    if !a.whole.is_empty() && a.whole == b.whole {
        return NameMatch::Exact;
    }
    let (fa, fb) = (&a.first, &b.first);
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
    if longest >= 6
        && fa.len().abs_diff(fb.len()) <= 4
        && edit_distance(fa, fb) <= 1 + usize::from(longest >= 12)
    {
        return NameMatch::Loose;
    }
    NameMatch::No
}

/// How well every name of a hint is found among `names`: the weakest of the best matches.
fn match_all(hint: &[FoldedName], names: &[FoldedName]) -> NameMatch {
    hint.iter()
        .map(|h| {
            // an exact match first: the loose comparison (an edit distance) only without one
            if !h.first.is_empty()
                && names
                    .iter()
                    .any(|n| n.first == h.first || n.whole == h.whole)
            {
                return NameMatch::Exact;
            }
            names
                .iter()
                .map(|n| match_names(h, n))
                .max()
                .unwrap_or(NameMatch::No)
        })
        .min()
        .unwrap_or(NameMatch::No)
}

/// Token F1 of two folded titles.
fn title_similarity(a: &str, b: &str) -> f32 {
    let ta: Vec<&str> = a.split_whitespace().collect();
    let mut tb: Vec<&str> = b.split_whitespace().collect();
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
fn same_work(a: &Work, b: &Work) -> bool {
    #[cfg(test)]
    tests::SAME_WORK.with(|n| n.set(n.get() + 1));
    match (&a.item.title, &b.item.title) {
        (Some(_), Some(_)) => {
            if title_similarity(&a.title, &b.title) < SAME_TITLE {
                return false;
            }
            let (ca, cb) = (&a.creators, &b.creators);
            if ca.is_empty() || cb.is_empty() {
                let (ya, yb) = (year(&a.item), year(&b.item));
                return ya == yb || ya.is_none() || yb.is_none();
            }
            ca.iter()
                .any(|x| cb.iter().any(|y| match_names(x, y) != NameMatch::No))
        }
        (None, None) => match (&a.item.url, &b.item.url) {
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

/// Merge `other` into `base`: the more complete one wins, the other fills its gaps. Whether
/// `base` changed.
fn merge(base: &mut Reference, other: &Reference) -> bool {
    if completeness(other) > completeness(base) {
        // more complete than `base`, the result differs from it
        let loser = std::mem::replace(base, other.clone());
        fill_gaps(base, &loser);
        true
    } else {
        fill_gaps(base, other)
    }
}

/// Fill the fields `winner` lacks with those of `loser`; whether any was filled.
fn fill_gaps(winner: &mut Reference, loser: &Reference) -> bool {
    let mut changed = false;
    macro_rules! fill {
        ($($f:ident),*) => {$(
            if winner.$f.is_none() && loser.$f.is_some() {
                winner.$f = loser.$f.clone();
                changed = true;
            }
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
        if w.is_empty() && !l.is_empty() {
            *w = l.clone();
            changed = true;
        }
    }
    if winner.item_type == ItemType::Document && loser.item_type != ItemType::Document {
        winner.item_type = loser.item_type;
        changed = true;
    }
    changed
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

/// What a work is filed under, so that a lookup reads a few works, not all: one string, a
/// letter for its kind and its parts (the first one after its length, so that no two keys
/// of different parts are written the same), held once, by the index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
struct Key(Box<str>);

impl Key {
    fn of(kind: char, first: &str, second: &str) -> Key {
        Key(format!("{kind}{}:{first}{second}", first.len()).into_boxed_str())
    }

    /// The first word of a family name (of an author or an editor): back-references by name.
    fn name(name: &str) -> Key {
        Key::of('n', name, "")
    }

    /// That word and the work's year: `Thouez, 2004, op. cit.`.
    fn name_year(name: &str, year: i32) -> Key {
        Key::of('y', name, &year.to_string())
    }

    /// That word and a word of the title: the same work cited in full again.
    fn name_word(name: &str, word: &str) -> Key {
        Key::of('w', name, word)
    }

    /// A word of the title of a work without names.
    fn title(word: &str) -> Key {
        Key::of('t', word, "")
    }

    /// The URL of a work.
    fn url(url: &str) -> Key {
        Key::of('u', url, "")
    }

    /// The volume and the reporter or journal it was printed in: `Mead, 533 U.S. at 234`.
    fn report(volume: &str, journal: &str) -> Key {
        Key::of('r', volume, journal)
    }
}

/// Work indices, most often one, held without a vector when so: the works filed under a key
/// (in order, each once) and the works cited in a note (in order, repeats kept).
#[derive(Debug, Clone)]
enum Works {
    One(usize),
    Many(Vec<usize>),
}

impl Works {
    fn as_slice(&self) -> &[usize] {
        match self {
            Works::One(i) => std::slice::from_ref(i),
            Works::Many(v) => v,
        }
    }

    fn len(&self) -> usize {
        self.as_slice().len()
    }

    /// Whether work `i` is filed here (the works in order).
    fn holds(&self, i: usize) -> bool {
        self.as_slice().binary_search(&i).is_ok()
    }

    /// File work `i` here, in order; whether it was not yet.
    fn insert(&mut self, i: usize) -> bool {
        let at = match self.as_slice().binary_search(&i) {
            Ok(_) => return false,
            Err(at) => at,
        };
        match self {
            Works::One(j) => *self = Works::Many(if at == 0 { vec![i, *j] } else { vec![*j, i] }),
            Works::Many(v) => v.insert(at, i),
        }
        true
    }

    /// Add work `w` at the end, repeats kept.
    fn push(&mut self, w: usize) {
        match self {
            Works::One(i) => *self = Works::Many(vec![*i, w]),
            Works::Many(v) => v.push(w),
        }
    }
}

struct Resolver {
    works: Vec<Work>,
    /// Each key once, with the works filed under it.
    index: HashMap<Key, Works>,
    /// The name words filed, by their first letters: a typo further on (`Koppenfelds`) still
    /// finds `Koppenfels`.
    prefixes: HashMap<String, Vec<String>>,
    /// Every work (with names or without) by each word its folded title has or had: the
    /// works a title may be similar to are found in the buckets of its rarest words.
    titles: HashMap<String, Vec<usize>>,
    order: usize,
    diagnostics: Vec<Diagnostic>,
}

/// A family name word is filed under its first letters.
const NAME_KEY_CHARS: usize = 4;

/// The most name words a loose lookup tries: names a letter off are few, and a long list of
/// words with the same first letters is no reason to read them all.
const LOOSE_WORDS: usize = 32;

/// The words of a folded title, each once.
fn title_words(folded: &str) -> Vec<&str> {
    let mut words: Vec<&str> = folded.split_whitespace().collect();
    words.sort_unstable();
    words.dedup();
    words
}

/// The two longest words of a folded title: a title at least as similar as [`SAME_TITLE`]
/// shares one of them.
fn longest_words(folded: &str) -> Vec<&str> {
    let mut words = title_words(folded);
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.truncate(2);
    words
}

/// The folded names of a work's creators and editors, each once, in order.
fn name_keys(work: &Work) -> Vec<&str> {
    let mut names: Vec<&str> = work
        .creators
        .iter()
        .chain(&work.editors)
        .filter_map(FoldedName::key)
        .collect();
    names.sort_unstable();
    names.dedup();
    names
}

/// The keys a work is found by: its creators' and editors' names, alone, with its year and
/// with each title word; its title words when it has no names; its URL.
fn work_keys(work: &Work) -> Vec<Key> {
    let year = year(&work.item);
    let words = title_words(&work.title);
    let mut keys = Vec::new();
    let names = name_keys(work);
    for name in &names {
        keys.push(Key::name(name));
        if let Some(y) = year {
            keys.push(Key::name_year(name, y));
        }
        keys.extend(words.iter().map(|w| Key::name_word(name, w)));
    }
    // A work with names is found by them; one without, by its title.
    if names.is_empty() {
        keys.extend(words.iter().map(|w| Key::title(w)));
    }
    if let Some(u) = &work.item.url {
        keys.push(Key::url(u.value.trim_end_matches('/')));
    }
    if let Some(key) = report_key(&work.item) {
        keys.push(key);
    }
    keys
}

/// A work's volume and reporter or journal, written the same way whatever the spacing and
/// case (`533 U.S.`, `533 U. S.`).
fn report_key(item: &Reference) -> Option<Key> {
    let key = |f: &Option<crate::model::Field>| {
        f.as_ref().map(|v| {
            v.value
                .trim_end_matches('.')
                .replace(' ', "")
                .to_lowercase()
        })
    };
    Some(Key::report(
        &key(&item.volume)?,
        &key(&item.container_title)?,
    ))
}

/// The first letters a name word is filed under.
fn prefix(word: &str) -> String {
    word.chars().take(NAME_KEY_CHARS).collect()
}

impl Resolver {
    /// Say that the names of `item`, cited at `span` in note `number`, were taken for those
    /// of work `w`, a spelling apart.
    fn loose_match_diagnostic(&mut self, number: u32, item: &Reference, w: usize, span: Span) {
        let written: Vec<String> = creators(item).iter().map(family_of).collect();
        let matched: Vec<String> = creators(&self.works[w].item)
            .iter()
            .map(family_of)
            .collect();
        self.diagnostics.push(Diagnostic::new(
            Severity::Info,
            DiagnosticCode::LooseMatch,
            format!(
                "note {}: `{}` taken for `{}`, a spelling apart",
                number,
                written.join(", "),
                matched.join(", ")
            ),
            Some(span),
        ));
    }

    /// Record a full citation: a work seen before, or a new one.
    fn full(&mut self, item: &Reference) -> usize {
        self.order += 1;
        let work = Work::new(item.clone(), true, self.order);
        let index = match self.find_same(&work) {
            Some(i) => {
                self.merge_into(i, item);
                self.works[i].cited = true;
                i
            }
            None => self.add(work),
        };
        if let Some(book) = container_work(item) {
            let book = Work::new(book, false, self.order);
            match self.find_same(&book) {
                Some(i) => self.merge_into(i, &book.item),
                None => {
                    self.add(book);
                }
            }
        }
        index
    }

    /// Merge `item` into work `i`, cited now. Its folded names and title and its keys are
    /// made again only when the merge changed it.
    fn merge_into(&mut self, i: usize, item: &Reference) {
        let work = &mut self.works[i];
        work.last_seen = self.order;
        if merge(&mut work.item, item) {
            let filed = std::mem::take(&mut work.title);
            work.refresh();
            self.reindex(i, &filed);
        }
    }

    fn add(&mut self, work: Work) -> usize {
        self.works.push(work);
        let i = self.works.len() - 1;
        self.reindex(i, "");
        i
    }

    /// File work `i` under its keys (again, after a merge may have given it new ones), and
    /// under the words of its title that `filed` (the title it had) does not have.
    fn reindex(&mut self, i: usize, filed: &str) {
        self.file_title(i, filed);
        let work = &self.works[i];
        for word in name_keys(work) {
            let similar = self.prefixes.entry(prefix(word)).or_default();
            if !similar.iter().any(|s| s == word) {
                similar.push(word.into());
            }
        }
        for key in work_keys(work) {
            match self.index.get_mut(&key) {
                Some(bucket) => {
                    bucket.insert(i);
                }
                None => {
                    self.index.insert(key, Works::One(i));
                }
            }
        }
    }

    /// File work `i` under the words of its title that `filed`, the title whose words it is
    /// filed under, does not have.
    fn file_title(&mut self, i: usize, filed: &str) {
        let work = &self.works[i];
        if work.title == filed {
            return;
        }
        let old = title_words(filed);
        for word in title_words(&work.title) {
            if old.binary_search(&word).is_err() {
                self.titles.entry(word.to_string()).or_default().push(i);
            }
        }
    }

    /// Every work whose title may be as similar to `title` as [`SAME_TITLE`], in order, and
    /// perhaps others; none when that takes more than `most` works.
    ///
    /// A title that similar holds at least two thirds of the words of `title` (counted with
    /// their repeats): for two titles of `a` and `b` words sharing `c`, the similarity
    /// `2c / (a + b)` is at least 0.8 only if `c ≥ 0.4 (a + b) ≥ 0.4 (a + c)`. So it holds one
    /// word at least of any set of the words of `title` that count for more than a third of
    /// them: the buckets of the rarest such words hold every candidate.
    fn similar_titles(&self, title: &str, most: usize) -> Option<Vec<usize>> {
        let mut words: Vec<&str> = title.split_whitespace().collect();
        let count = words.len();
        words.sort_unstable();
        let mut distinct: Vec<(&str, usize)> = Vec::new();
        for w in words {
            match distinct.last_mut() {
                Some((last, n)) if *last == w => *n += 1,
                _ => distinct.push((w, 1)),
            }
        }
        let bucket = |w: &str| self.titles.get(w).map_or(&[][..], Vec::as_slice);
        distinct.sort_by_key(|&(w, _)| bucket(w).len());
        let (mut weight, mut size, mut out) = (0, 0, Vec::new());
        for (w, n) in distinct {
            if weight > count / 3 {
                break;
            }
            weight += n;
            size += bucket(w).len();
            if size > most {
                return None;
            }
            out.extend_from_slice(bucket(w));
        }
        if weight <= count / 3 {
            return None;
        }
        out.sort_unstable();
        out.dedup();
        Some(out)
    }

    /// The works filed under any of `keys`, in order.
    fn candidates(&self, keys: impl IntoIterator<Item = Key>) -> Vec<usize> {
        let mut out: Vec<usize> = Vec::new();
        for key in keys {
            if let Some(bucket) = self.index.get(&key) {
                out.extend_from_slice(bucket.as_slice());
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// The name words filed with the same first letters as `words` (not `words` themselves),
    /// for names a letter off.
    fn loose_words(&self, words: &[&str]) -> Vec<String> {
        let mut out = Vec::new();
        for word in words {
            if let Some(similar) = self.prefixes.get(&prefix(word)) {
                out.extend(
                    similar
                        .iter()
                        .filter(|s| s.as_str() != *word)
                        .take(LOOSE_WORDS)
                        .cloned(),
                );
            }
        }
        out
    }

    /// An earlier work that `item` cites again.
    fn find_same(&self, query: &Work) -> Option<usize> {
        let item = &query.item;
        let words: Vec<&str> = query
            .creators
            .iter()
            .chain(&query.editors)
            .filter_map(FoldedName::key)
            .collect();
        let longest = longest_words(&query.title);
        let url = item
            .url
            .as_ref()
            .map(|u| Key::url(u.value.trim_end_matches('/')));
        let found = |names: &[&str]| {
            let keys: Vec<Key> = names
                .iter()
                .flat_map(|n| longest.iter().map(|w| Key::name_word(n, w)))
                .chain(longest.iter().map(|w| Key::title(w)))
                .chain(url.clone())
                .collect();
            // a titled work is the same only as one of a similar title: when the works of
            // similar titles are fewer than those filed under the keys, only they are read
            let filed: usize = keys
                .iter()
                .filter_map(|k| self.index.get(k))
                .map(Works::len)
                .sum();
            let similar = item
                .title
                .as_ref()
                .and_then(|_| self.similar_titles(&query.title, filed));
            match similar {
                Some(similar) => similar.into_iter().find(|&i| {
                    keys.iter()
                        .any(|k| self.index.get(k).is_some_and(|b| b.holds(i)))
                        && same_work(&self.works[i], query)
                }),
                None => self
                    .candidates(keys)
                    .into_iter()
                    .find(|&i| same_work(&self.works[i], query)),
            }
        };
        // the works under the same names first; those a letter off only when none is found
        found(&words).or_else(|| {
            let loose = self.loose_words(&words);
            let loose: Vec<&str> = loose.iter().map(String::as_str).collect();
            found(&loose)
        })
    }

    /// Score the works of `pool` against a hint's names: (work, rank, loosely).
    fn score(
        &self,
        pool: &[usize],
        names: &[FoldedName],
        hint_is_editor: bool,
    ) -> Vec<(usize, u8, bool)> {
        // rank: 4 = author matches exactly, 3 = loosely, 1 = editor of the work; one more for
        // a volume by editors when the hint names editors
        let mut scored = Vec::new();
        for &i in pool {
            let w = &self.works[i];
            let best_primary = match_all(names, &w.creators);
            let best_editor = if best_primary == NameMatch::No {
                match_all(names, &w.editors)
            } else {
                NameMatch::No
            };
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
        scored
    }

    /// The scored works whose titles begin with most of the words of a folded short title,
    /// then hold most of them (all, or most when the short title was read with a word too many:
    /// `Power in states, cit`); none when no title holds more than half of them.
    fn by_title(
        &self,
        scored: Vec<(usize, u8, bool)>,
        short: &str,
    ) -> Option<Vec<(usize, u8, bool)>> {
        let short: Vec<&str> = short.split_whitespace().collect();
        let held = |i: usize| {
            let title = &self.works[i].title;
            let lead = short
                .iter()
                .zip(title.split_whitespace())
                .take_while(|(s, w)| w.starts_with(**s))
                .count();
            let count = short.iter().filter(|w| title.contains(**w)).count();
            (lead, count)
        };
        let counts: Vec<(usize, usize)> = scored.iter().map(|s| held(s.0)).collect();
        let most = counts.iter().copied().max()?;
        (most.0 > 0 || most.1 * 2 > short.len()).then(|| {
            scored
                .into_iter()
                .zip(counts)
                .filter(|(_, c)| *c == most)
                .map(|(s, _)| s)
                .collect()
        })
    }

    /// The work a short form without names (`Mead, 533 U.S. at 234`) points to: the last one
    /// cited in the same volume of the same reporter or journal, whose title holds the short
    /// name when there are several.
    fn by_report(&self, hint: &Reference) -> Option<usize> {
        let key = report_key(hint)?;
        let short = hint
            .title
            .as_ref()
            .map(|t| fold(&t.value))
            .unwrap_or_default();
        let mut same = self.candidates([key]);
        same.sort_by_key(|&i| std::cmp::Reverse(self.works[i].last_seen));
        let named = same.iter().copied().find(|&i| {
            let title = &self.works[i].title;
            !short.is_empty() && short.split_whitespace().all(|w| title.contains(w))
        });
        named.or_else(|| same.first().copied())
    }

    /// The works a name-based back-reference may mean, best first, and whether the choice was
    /// a guess.
    fn by_author(&self, hint: &Reference) -> (Vec<usize>, bool, bool) {
        let names: Vec<FoldedName> = creators(hint).iter().map(FoldedName::new).collect();
        if names.is_empty() {
            return (Vec::new(), false, false);
        }
        let hint_is_editor = hint.author.is_empty() && !hint.editor.is_empty();
        let exact: Vec<&str> = names.iter().filter_map(FoldedName::key).collect();
        let mut words: Vec<String> = exact.iter().map(|w| w.to_string()).collect();
        let mut pool = self.candidates(words.iter().map(|w| Key::name(w)));
        if pool.is_empty() {
            words = self.loose_words(&exact);
            pool = self.candidates(words.iter().map(|w| Key::name(w)));
        }
        // narrow by year: the works of that year when there are some
        let mut scored = Vec::new();
        if let Some(y) = year(hint) {
            let same_year = self.candidates(words.iter().map(|w| Key::name_year(w, y)));
            scored = self.score(&same_year, &names, hint_is_editor);
        }
        // narrow by title: first among the works that share a word of it, then among all
        let short = hint.title.as_ref().map(|t| fold(&t.value));
        let by_title = |scored: Vec<(usize, u8, bool)>, short: &str| {
            self.by_title(scored.clone(), short).unwrap_or(scored)
        };
        if !scored.is_empty()
            && let Some(short) = &short
        {
            scored = by_title(scored, short);
        } else if let Some(short) = &short {
            let sharing = self.candidates(words.iter().flat_map(|w| {
                title_words(short)
                    .into_iter()
                    .filter(|t| t.len() >= 4)
                    .map(|t| Key::name_word(w, t))
            }));
            scored = self.score(&sharing, &names, hint_is_editor);
            scored = self.by_title(scored, short).unwrap_or_default();
        }
        if scored.is_empty() {
            scored = self.score(&pool, &names, hint_is_editor);
            if let Some(short) = &short {
                scored = by_title(scored, short);
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
        ranked.truncate(MAX_CANDIDATES);
        (ranked, ambiguous, loose)
    }
}

/// The works of a note's targets, each once, the last cited first.
fn latest_first(note_targets: &[Target]) -> Vec<usize> {
    let mut seen = std::collections::HashSet::new();
    note_targets
        .iter()
        .rev()
        .filter_map(|t| t.work)
        .filter(|&w| seen.insert(w))
        .collect()
}

/// An ambiguous citation lists at most this many candidates, best first.
const MAX_CANDIDATES: usize = 10;

/// The locator of a citation and what it counts.
type Locator = (String, Option<crate::model::LocatorLabel>);

/// The resolve stage fed one note at a time, in document order ([`Resolution::add`]), so that
/// the cite stage's reading of a note (its fields, its text) can be freed once the note is
/// resolved; [`Resolution::finish`] gives the bibliography and the citations with their ids.
pub struct Resolution {
    r: Resolver,
    /// Per note: its number, and its citations (with the locators of their targets) and the
    /// works they cite.
    notes: Vec<(u32, Vec<(Citation, Link)>)>,
    /// The last resolved target, and whether its note held several works.
    previous: Option<(Target, bool)>,
    /// The number of the last note with a citation.
    previous_note: Option<u32>,
    /// Short names defined with `hereinafter`, folded, and their works.
    aliases: Vec<(String, usize)>,
    /// The last locator each work was cited at, for `loc. cit.`.
    last_locator: HashMap<usize, Locator>,
    /// The works cited in each note, for cross-references.
    note_works: HashMap<u32, Works>,
}

impl Default for Resolution {
    fn default() -> Self {
        Resolution::new()
    }
}

impl Resolution {
    /// Nothing resolved yet.
    pub fn new() -> Self {
        Resolution {
            r: Resolver {
                works: Vec::new(),
                index: HashMap::new(),
                prefixes: HashMap::new(),
                titles: HashMap::new(),
                order: 0,
                diagnostics: Vec::new(),
            },
            notes: Vec::new(),
            previous: None,
            previous_note: None,
            aliases: Vec::new(),
            last_locator: HashMap::new(),
            note_works: HashMap::new(),
        }
    }

    /// Resolve the citations of the next note.
    pub fn add(&mut self, note: &CitedNote) {
        let mut note_targets: Vec<Target> = Vec::with_capacity(note.citations.len());
        for (ci, pc) in note.citations.iter().enumerate() {
            let target = self.target(note.number, ci, pc, &note_targets);
            note_targets.push(target);
        }
        let works = note_targets.iter().filter_map(|t| t.work);
        // a note that cites no work needs no entry: looked up, it has none either way
        if note_targets.iter().any(|t| t.work.is_some()) {
            for w in works {
                match self.note_works.get_mut(&note.number) {
                    Some(cited) => cited.push(w),
                    None => {
                        self.note_works.insert(note.number, Works::One(w));
                    }
                }
            }
        }
        if let Some(last) = note_targets.last() {
            let distinct: std::collections::HashSet<Option<usize>> =
                note_targets.iter().map(|t| t.work).collect();
            let several = distinct.len() > 1;
            let mut t = last.clone();
            if several {
                // ranked candidates: last work first, then the others in reverse order
                t.candidates = latest_first(&note_targets);
            }
            self.previous = Some((t, several));
            self.previous_note = Some(note.number);
        }
        let linked = note.citations.iter().zip(note_targets).map(|(pc, target)| {
            let mut citation = pc.citation.clone();
            // the target's locator is the citation's own, or the one it takes over
            if let Some((value, label)) = target.locator {
                citation.locator = Some(value);
                citation.label = label;
            }
            let link = Link {
                work: target.work,
                candidates: target
                    .ambiguous
                    .then(|| target.candidates.into_boxed_slice()),
            };
            (citation, link)
        });
        self.notes.push((note.number, linked.collect()));
    }

    /// The target of citation `ci` of note `number`, after the targets of the citations
    /// before it in the note.
    fn target(
        &mut self,
        number: u32,
        ci: usize,
        pc: &ParsedNoteCitation,
        note_targets: &[Target],
    ) -> Target {
        let c = &pc.citation;
        if let Some(w) = self.by_alias(pc) {
            let r = &mut self.r;
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
            return target;
        }
        let mut target = match c.kind {
            CitationKind::Supra => self.supra(number, pc),
            CitationKind::Full | CitationKind::Idem => self.full(number, pc, note_targets),
            CitationKind::Ibid => self.ibid(number, ci, c, note_targets),
            CitationKind::Short
                if creators(&pc.item).is_empty()
                    && let Some(w) = self.r.by_report(&pc.item) =>
            {
                // `Chevron, 467 U.S. at 843`: the decision in that volume of that reporter
                let r = &mut self.r;
                r.order += 1;
                r.works[w].cited = true;
                r.works[w].last_seen = r.order;
                Target {
                    work: Some(w),
                    ..Target::default()
                }
            }
            _ => self.by_author(number, pc),
        };
        // The locator: the citation's own, or for ibid. the one before, or for loc. cit.
        // the last one the work was cited at.
        match (&c.locator, c.kind) {
            (Some(l), _) => target.locator = Some((l.clone(), c.label)),
            (None, CitationKind::Ibid) => {}
            (None, CitationKind::LocCit) => {
                target.locator = target.work.and_then(|w| self.last_locator.get(&w).cloned());
            }
            (None, _) => target.locator = None,
        }
        if let (Some(w), Some(l)) = (target.work, &target.locator) {
            self.last_locator.insert(w, l.clone());
        }
        if let (Some(alias), Some(w)) = (&pc.alias, target.work) {
            self.aliases.push((fold(alias), w));
        }
        target
    }

    /// The work of a short name defined earlier (`Report, p. 5` after `(hereinafter
    /// Report)`).
    fn by_alias(&self, pc: &ParsedNoteCitation) -> Option<usize> {
        if self.aliases.is_empty() {
            return None;
        }
        let c = &pc.citation;
        let folded_text = fold(&pc.text);
        self.aliases
            .iter()
            .find(|(alias, _)| {
                let starts = folded_text == *alias || folded_text.starts_with(&format!("{alias} "));
                // a full citation only when the short name is all it gives of the work
                let only_alias = pc.alias.is_none()
                    && pc
                        .item
                        .title
                        .as_ref()
                        .is_none_or(|t| fold(&t.value) == *alias);
                starts && (c.kind != CitationKind::Full || only_alias)
            })
            .map(|&(_, w)| w)
    }

    /// A cross-reference (`supra note 12`): the work of that note its names match.
    fn supra(&mut self, number: u32, pc: &ParsedNoteCitation) -> Target {
        let (c, item, r) = (&pc.citation, &pc.item, &mut self.r);
        let in_note: Vec<usize> = pc
            .note_ref
            .and_then(|n| self.note_works.get(&note_named(n, number)))
            .map(|w| w.as_slice().to_vec())
            .unwrap_or_default();
        // the names, matched against the works of that note only: a name with many works
        // need not have this one among its most recent
        let names: Vec<FoldedName> = creators(item).iter().map(FoldedName::new).collect();
        let hint_is_editor = item.author.is_empty() && !item.editor.is_empty();
        let mut found = r.score(&in_note, &names, hint_is_editor);
        found.sort_by_key(|&(_, rank, _)| std::cmp::Reverse(rank));
        let found: Vec<usize> = found.into_iter().map(|(w, _, _)| w).collect();
        // without a name, a note of several works is a guess: its last work first
        let mut guesses: Vec<usize> = Vec::new();
        if creators(item).is_empty() {
            for &w in in_note.iter().rev() {
                if !guesses.contains(&w) {
                    guesses.push(w);
                }
            }
        }
        let chosen = found
            .iter()
            .copied()
            .find(|w| in_note.contains(w))
            .or_else(|| (in_note.len() == 1).then(|| in_note[0]))
            .or_else(|| guesses.first().copied());
        let Some(w) = chosen else {
            r.diagnostics.push(Diagnostic::new(
                Severity::Warning,
                DiagnosticCode::Unresolved,
                format!(
                    "note {}: the cross-reference to note {} matches no work cited there",
                    number,
                    pc.note_ref.unwrap_or(0)
                ),
                Some(c.span),
            ));
            return Target::default();
        };
        r.order += 1;
        r.works[w].cited = true;
        r.works[w].last_seen = r.order;
        let ambiguous = guesses.len() > 1;
        Target {
            work: Some(w),
            ambiguous,
            candidates: if ambiguous { guesses } else { Vec::new() },
            ..Target::default()
        }
    }

    /// A full citation (or `Idem` and a new work): a work seen before, or a new one.
    fn full(&mut self, number: u32, pc: &ParsedNoteCitation, note_targets: &[Target]) -> Target {
        let c = &pc.citation;
        let mut item = pc.item.clone();
        let before = note_targets
            .last()
            .and_then(|t| t.work)
            .or_else(|| self.previous.as_ref().and_then(|p| p.0.work));
        if c.kind == CitationKind::Idem
            && item.author.is_empty()
            && let Some(w) = before
        {
            item.author = self.r.works[w].item.author.clone();
        }
        if pc.container_backref {
            self.fill_container(number, pc, before, &mut item);
        }
        let w = self.r.full(&item);
        Target {
            work: Some(w),
            ..Target::default()
        }
    }

    /// The book of a chapter whose container was written as a back-reference: the book of
    /// the note it names, of the work cited just before (`in id.`), or of its editors cited
    /// earlier.
    fn fill_container(
        &self,
        number: u32,
        pc: &ParsedNoteCitation,
        before: Option<usize>,
        item: &mut Reference,
    ) {
        let r = &self.r;
        let hint = Reference {
            editor: item.editor.clone(),
            ..Reference::default()
        };
        let in_note = pc.note_ref.and_then(|n| {
            let works = self.note_works.get(&note_named(n, number))?;
            works.as_slice().last().copied()
        });
        let found = match (in_note, item.editor.is_empty()) {
            (Some(w), _) => vec![w],
            (None, true) => before.into_iter().collect(),
            (None, false) => r.by_author(&hint).0,
        };
        if let Some(&w) = found.first() {
            let book = r.works[w].item.clone();
            item.container_title = book.title.clone();
            if item.editor.is_empty() || item.editor.iter().all(|n| n.given.is_none()) {
                item.editor = creators(&book).to_vec();
            }
            item.item_type = ItemType::Chapter;
        }
    }

    /// `Ibid.`: the citation just before, in this note or the last note that cited.
    fn ibid(&mut self, number: u32, ci: usize, c: &Citation, note_targets: &[Target]) -> Target {
        let antecedent = if ci > 0 {
            note_targets.last().cloned().map(|t| (t, false))
        } else {
            // after a note that cites nothing, `Ibid.` is a guess at an older note
            let gap = self.previous_note.is_some_and(|n| n + 1 < number);
            self.previous
                .clone()
                .map(|(t, several)| (t, several || gap))
        };
        match antecedent {
            Some((t, several)) if t.work.is_some() => Target {
                ambiguous: t.ambiguous || several,
                candidates: t.candidates.clone(),
                work: t.work,
                locator: t.locator.clone(),
            },
            _ => {
                self.r.diagnostics.push(Diagnostic::new(
                    Severity::Warning,
                    DiagnosticCode::Unresolved,
                    format!("note {number}: ibid. with no citation before it"),
                    Some(c.span),
                ));
                Target::default()
            }
        }
    }

    /// A back-reference by name (`op. cit.`, a short form): an earlier work of the author;
    /// a short form that is the first citation of its work is a new one.
    fn by_author(&mut self, number: u32, pc: &ParsedNoteCitation) -> Target {
        let (c, item, r) = (&pc.citation, &pc.item, &mut self.r);
        let (found, ambiguous, loose) = r.by_author(item);
        match found.first() {
            Some(&w) => {
                if loose {
                    r.loose_match_diagnostic(number, item, w, c.span);
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
            None if c.kind == CitationKind::Short && item.title.is_some() => {
                let w = r.full(item);
                Target {
                    work: Some(w),
                    ..Target::default()
                }
            }
            None => {
                r.diagnostics.push(Diagnostic::new(
                    Severity::Warning,
                    DiagnosticCode::Unresolved,
                    format!("note {number}: no earlier work matches this back-reference"),
                    Some(c.span),
                ));
                Target::default()
            }
        }
    }

    /// The bibliography, and the citations of every note with the ids of their works.
    pub fn finish(self) -> Resolved {
        let mut r = self.r;
        // Keys, in order of first citation, for the works cited on their own.
        let mut cited: Vec<usize> = (0..r.works.len()).filter(|&i| r.works[i].cited).collect();
        cited.sort_by_key(|&i| r.works[i].first_seen);
        let ids = keys(&cited.iter().map(|&i| &r.works[i].item).collect::<Vec<_>>());
        let id_of: HashMap<usize, String> =
            cited.iter().copied().zip(ids.iter().cloned()).collect();
        let references = take_references(&mut r.works, &cited, ids);
        let mut citations = Vec::with_capacity(self.notes.len());
        for (number, note) in self.notes {
            let out = note
                .into_iter()
                .map(|(c, link)| with_id(c, link, number, &id_of, &mut r.diagnostics))
                .collect();
            citations.push(out);
        }
        Resolved {
            references,
            citations,
            diagnostics: r.diagnostics,
        }
    }
}

/// The items of the works `cited` (indices in the order of the bibliography), with their
/// `ids`: the works are not read again, their items move, not copied. When the bibliography's
/// order is that of the works (as they were added: in order of first citation), the
/// references are made in the works' own memory, so that the works and the references are
/// never in memory side by side.
fn take_references(works: &mut Vec<Work>, cited: &[usize], ids: Vec<String>) -> Vec<Reference> {
    if cited.windows(2).all(|w| w[0] < w[1]) {
        let mut i = 0;
        works.retain(|_| {
            i += 1;
            cited.binary_search(&(i - 1)).is_ok()
        });
        return std::mem::take(works)
            .into_iter()
            .zip(ids)
            .map(|(w, id)| Reference { id, ..w.item })
            .collect();
    }
    cited
        .iter()
        .zip(ids)
        .map(|(&i, id)| Reference {
            id,
            ..std::mem::take(&mut works[i].item)
        })
        .collect()
}

/// What a resolved citation is kept with until the works have their ids: the work it cites,
/// and its candidates when that was a guess.
struct Link {
    work: Option<usize>,
    /// The candidates of an ambiguous citation (`None`: it is not).
    candidates: Option<Box<[usize]>>,
}

/// A citation of note `number` with the id of its work, and its candidates when it is
/// ambiguous (and a diagnostic that says so).
fn with_id(
    mut c: Citation,
    link: Link,
    number: u32,
    id_of: &HashMap<usize, String>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Citation {
    c.id = link.work.and_then(|w| id_of.get(&w).cloned());
    c.ambiguous = link.candidates.is_some() && c.id.is_some();
    if c.ambiguous {
        c.candidates = link
            .candidates
            .iter()
            .flatten()
            .filter_map(|w| id_of.get(w).cloned())
            .collect();
        if c.candidates.is_empty() {
            c.candidates = c.id.iter().cloned().collect();
        }
        diagnostics.push(Diagnostic::new(
            Severity::Info,
            DiagnosticCode::Ambiguous,
            format!(
                "note {}: {} may mean {}; took {}",
                number,
                kind_name(c.kind),
                c.candidates.join(" or "),
                c.id.as_deref().unwrap_or("")
            ),
            Some(c.span),
        ));
    }
    c
}

/// Resolve every citation and build the bibliography.
pub fn resolve(notes: &[CitedNote]) -> Resolved {
    let mut resolution = Resolution::new();
    for note in notes {
        resolution.add(note);
    }
    resolution.finish()
}

/// A reference list: every entry is its own reference, in order, with a unique key.
///
/// An entry that opens with a dash (`———. 1980. Le Sens pratique.`) is by the authors of the
/// entry before it. An entry in which nothing reads as a field keeps its text as `note`, with a
/// diagnostic; an empty one (a blank line) is an item with only an id.
pub fn one_reference_each(notes: &[CitedNote]) -> Resolved {
    let mut list = ReferenceList::new();
    notes.iter().for_each(|n| list.add(n));
    list.finish()
}

/// [`one_reference_each`] fed one entry at a time ([`ReferenceList::add`]): each entry is
/// turned into its reference as it comes, so that what the cite stage read of it (its text,
/// its fields with their spans) can be freed at once.
#[derive(Debug, Default)]
pub struct ReferenceList {
    references: Vec<Reference>,
    /// Per reference: it opens with a dash that stands for the authors before it.
    same_authors: Vec<bool>,
    diagnostics: Vec<Diagnostic>,
    /// Per entry: its citations (without ids), none for an entry the cite stage gave up on.
    citations: Vec<Vec<Citation>>,
}

impl ReferenceList {
    /// No entry yet.
    pub fn new() -> Self {
        ReferenceList::default()
    }

    /// Read the next entry.
    pub fn add(&mut self, note: &CitedNote) {
        if note.citations.is_empty() {
            // an entry the cite stage gave up on still has its item, or every later one shifts
            self.references.push(Reference::default());
            self.same_authors.push(false);
        }
        for c in &note.citations {
            let entry = read_entry(c, self.references.last());
            if entry.unread {
                self.diagnostics.push(unread_entry(note.number, c));
            }
            self.references.push(entry.item);
            self.same_authors.push(entry.same_authors);
        }
        let citations = note.citations.iter().map(|c| c.citation.clone()).collect();
        self.citations.push(citations);
    }

    /// The references with their keys, and the citations with their ids.
    pub fn finish(self) -> Resolved {
        let ReferenceList {
            mut references,
            same_authors,
            diagnostics,
            citations,
        } = self;
        let ids = keys(&references.iter().collect::<Vec<_>>());
        for (r, id) in references.iter_mut().zip(&ids) {
            r.id = id.clone();
        }
        let mut entries = ids.into_iter().zip(same_authors);
        let citations = citations
            .into_iter()
            .map(|note| {
                if note.is_empty() {
                    entries.next();
                }
                note.into_iter()
                    .map(|c| {
                        let (id, dash) = entries.next().unzip();
                        Citation {
                            id,
                            kind: if dash.unwrap_or(false) {
                                CitationKind::Idem
                            } else {
                                c.kind
                            },
                            ..c
                        }
                    })
                    .collect()
            })
            .collect();
        Resolved {
            references,
            citations,
            diagnostics,
        }
    }
}

/// One entry of a reference list, read.
struct Entry {
    /// Its reference.
    item: Reference,
    /// It opens with a dash that stands for the authors of the entry before it.
    same_authors: bool,
    /// Nothing in it reads as a field: its text, if any, is its `note`.
    unread: bool,
}

/// The reference of one entry of a reference list; one that opens with a dash takes the
/// authors of the entry `before`.
fn read_entry(c: &ParsedNoteCitation, before: Option<&Reference>) -> Entry {
    let mut item = c.item.clone();
    let same_authors = item.author.is_empty()
        && item.editor.is_empty()
        && tables::IDEM
            .iter()
            .any(|w| w.starts_with('—') && c.text.trim_start().starts_with(w));
    if same_authors && let Some(before) = before {
        item.author = before.author.clone();
        item.editor = before.editor.clone();
    }
    let unread = !item.has_variables();
    let text = c.text.trim();
    if unread && !text.is_empty() {
        item.note = Some(Field::new(text, Some(c.citation.span)));
    }
    Entry {
        item,
        same_authors,
        unread,
    }
}

/// The diagnostic of entry `number` of a reference list when nothing in it reads as a field:
/// the line is empty, or its text is kept as the item's `note`.
fn unread_entry(number: u32, c: &ParsedNoteCitation) -> Diagnostic {
    let message = if c.text.trim().is_empty() {
        format!("line {number} is empty: its item has only an id")
    } else {
        format!("line {number}: nothing in it reads as a reference field; its text is the note")
    };
    Diagnostic::new(
        Severity::Warning,
        DiagnosticCode::Unparsed,
        message,
        Some(c.citation.span),
    )
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

/// The distinct works of `items`, which may come from several documents: items that cite the
/// same work, as [`resolve`] tells them, are merged (the most complete wins, the others fill
/// its gaps). The works are in order of their first item; for each item, the index of its
/// work. Their ids are left to the caller.
pub(crate) fn distinct_works(items: &[&Reference]) -> (Vec<Reference>, Vec<usize>) {
    let mut r = Resolution::new().r;
    let found: Vec<usize> = items.iter().map(|item| r.full(item)).collect();
    // the works cited on their own (not only as the book of a chapter), in first order
    let mut cited: Vec<usize> = (0..r.works.len()).filter(|&i| r.works[i].cited).collect();
    cited.sort_by_key(|&i| r.works[i].first_seen);
    let position: HashMap<usize, usize> = cited.iter().enumerate().map(|(p, &i)| (i, p)).collect();
    let work_of = found
        .iter()
        .map(|i| position.get(i).copied().unwrap_or_default())
        .collect();
    let works = cited.iter().map(|&i| r.works[i].item.clone()).collect();
    (works, work_of)
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
                                && ascii(w).chars().any(|c| c.is_ascii_alphabetic())
                        })
                        .map(str::to_string)
                })
            });
            // `BVerfGE 65, 1`: a decision known by its reporter; `www.gcim.org`: a web page
            // without name or title, by its site
            let word = word
                .or_else(|| {
                    let container = item.container_title.as_ref()?;
                    container
                        .value
                        .split_whitespace()
                        .next()
                        .map(str::to_string)
                })
                .or_else(|| item.url.as_ref().and_then(|u| site_word(&u.value)));
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
/// The main word of a URL's host: `gcim` for `http://www.gcim.org/…`.
fn site_word(url: &str) -> Option<String> {
    let host = url
        .split("//")
        .nth(1)
        .unwrap_or(url)
        .split(['/', '?', '#'])
        .next()?;
    let labels: Vec<&str> = host.split('.').filter(|l| *l != "www").collect();
    // the label before the top-level domain (`gcim` in `gcim.org`)
    let main = labels.len().checked_sub(2).and_then(|i| labels.get(i))?;
    (!main.is_empty()).then(|| main.to_string())
}

pub(crate) fn suffix(mut n: usize) -> String {
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

    thread_local! {
        /// How many pairs of works were compared.
        pub(super) static SAME_WORK: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
    }

    fn read(text: &str) -> crate::Document {
        let options = crate::Options::default().with_parser(crate::cite::Parser::Rules);
        match crate::read_str(text, &options) {
            Ok(document) => document,
            Err(e) => panic!("{e}"),
        }
    }

    /// A distinct word for `k`.
    fn word(k: usize) -> String {
        let letters: String = [k % 26, k / 26 % 26, k / 676 % 26]
            .iter()
            .map(|&d| char::from(b'a' + d as u8))
            .collect();
        format!("Ka{letters}")
    }

    #[test]
    fn keys_are_held_once_and_small() {
        // a key is one boxed string, the works of a key most often one index without a vector
        assert_eq!(std::mem::size_of::<Key>(), 16);
        assert!(std::mem::size_of::<Works>() <= 24);
        // two works of one author: the author's key is held once, by the index, for both
        let mut r = Resolution::new().r;
        let book = |title: &str| Reference {
            author: vec![Name {
                family: Some("Ghosh".into()),
                ..Name::default()
            }],
            title: Some(Field::new(title, None)),
            issued: Some(crate::model::Date::from_year(2001)),
            ..Reference::default()
        };
        let a = r.full(&book("Managing migration"));
        let b = r.full(&book("Elusive protection"));
        assert_ne!(a, b);
        let filed = r.index.get(&Key::name("ghosh")).map(Works::as_slice);
        assert_eq!(filed, Some(&[a, b][..]));
        let year = r.index.get(&Key::name_year("ghosh", 2001)).map(Works::len);
        assert_eq!(year, Some(2));
        // the keys of parts that run together are still apart
        assert_ne!(Key::name_word("ab", "c"), Key::name_word("a", "bc"));
    }

    #[test]
    fn references_are_made_in_the_memory_of_the_works() {
        let mut r = Resolution::new().r;
        let n = 64;
        for k in 0..n {
            r.full(&Reference {
                title: Some(Field::new(format!("Kaba {}", word(k)), None)),
                ..Reference::default()
            });
        }
        let before = r.works.as_ptr() as usize;
        let cited: Vec<usize> = (0..n).collect();
        let ids: Vec<String> = (0..n).map(word).collect();
        let references = take_references(&mut r.works, &cited, ids);
        assert_eq!(references.len(), n);
        assert_eq!(references[3].id, word(3));
        assert_eq!(
            references[3].title.as_ref().map(|t| t.value.as_str()),
            Some(format!("Kaba {}", word(3)).as_str())
        );
        // the works' memory, not a second vector beside it
        assert_eq!(references.as_ptr() as usize, before);
    }

    #[test]
    fn works_without_authors_are_compared_with_similar_titles_only() {
        // every title shares its longest word, so one index bucket holds every work
        let n = 600;
        let text: String = (0..n)
            .map(|k| {
                format!(
                    "{} « {} {} situation », Paris, 2001, p. 4.\n",
                    k + 1,
                    word(k),
                    word(k + n)
                )
            })
            .collect();
        SAME_WORK.with(|c| c.set(0));
        let document = read(&text);
        let compared = SAME_WORK.with(std::cell::Cell::get);
        assert_eq!(document.references.len(), n);
        // each work against the few that share a rare word, not against all before it
        assert!(compared < 4 * n, "{compared} comparisons for {n} works");
    }

    #[test]
    fn a_work_cited_again_under_a_similar_title_is_found() {
        let text = "1 « Report on the situation of migrants », Paris, 2001, p. 3.\n\
                    2 « The situation of migrants », Geneva, 2003, p. 5.\n\
                    3 « Report on the situation of the migrants », Paris, 2001, p. 4.\n";
        let document = read(text);
        assert_eq!(document.references.len(), 2, "{:?}", document.references);
        let ids: Vec<Option<&str>> = document
            .notes
            .iter()
            .flat_map(|n| n.citations.iter().map(|c| c.id.as_deref()))
            .collect();
        assert_eq!(ids.len(), 3);
        assert_eq!(ids[0], ids[2]);
        assert_ne!(ids[0], ids[1]);
    }

    #[test]
    fn the_works_of_a_note_are_ranked_last_first_each_once() {
        let target = |w: Option<usize>| Target {
            work: w,
            ..Target::default()
        };
        let targets: Vec<Target> = [Some(1), Some(2), None, Some(1), Some(3), Some(2)]
            .into_iter()
            .map(target)
            .collect();
        assert_eq!(latest_first(&targets), [2, 3, 1]);
    }

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
