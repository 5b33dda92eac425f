//! Features of the tokens of a note, for the labeller: what each token looks like
//! ([`word`]), the word tables it is in ([`lexicon`]), where it stands ([`context`]), what the
//! rule readers find at it ([`readers`]), and the same of its neighbours.
//!
//! A feature is a `u64`: a hash of its kind and value. Nothing here allocates per feature.

mod context;
pub(crate) mod lexicon;
mod readers;
mod rules;
mod word;

pub(crate) use word::is_initial as is_initial_word;

use super::crf::Sequence;
use super::normalize::Reading;
use lexicon::{CLASS_COUNT, Class, Classes, at_offset_all, class_ids, classes_of, lexicon};
use std::cell::RefCell;
use std::ops::Range;

/// The id of a feature `kind=value` ([`feature_id`](super::crf::feature_id)).
const fn id(kind: &str, value: &str) -> u64 {
    super::crf::feature_id(kind, value)
}

/// The id of a feature `kind=value` with `value` lower-cased, as [`id`] gives it.
fn id_lower(kind: &str, value: &str) -> u64 {
    let mut hash = super::crf::fnv1a(super::crf::FNV_OFFSET, kind.as_bytes());
    hash = super::crf::fnv1a(hash, &[0xff]);
    if value.is_ascii() {
        // a byte at a time: the same bytes as the characters lower-cased and encoded
        for byte in value.bytes() {
            hash = super::crf::fnv1a(hash, &[byte.to_ascii_lowercase()]);
        }
        return hash;
    }
    let mut buf = [0u8; 4];
    for c in value.chars() {
        for l in c.to_lowercase() {
            hash = super::crf::fnv1a(hash, l.encode_utf8(&mut buf).as_bytes());
        }
    }
    hash
}

/// A feature id moved to another token: the same feature seen `offset` tokens away.
const fn at_offset(id: u64, offset: i32) -> u64 {
    let mut z = id ^ (offset as i64 as u64).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Two feature ids as one (a conjunction).
fn pair(a: u64, b: u64) -> u64 {
    at_offset(a.rotate_left(17) ^ b, 99)
}

/// Which families of features the labeller uses besides the token's own looks and place:
/// the word tables, the rule readers, and the whole rule parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct FeatureSet {
    /// The classes of the word tables (signals, places, publishers …).
    pub tables: bool,
    /// What the rule readers find at each token (names, dates, locators, back-references).
    pub readers: bool,
    /// The citations and fields the hand-written rules read in the whole note.
    pub rules: bool,
}

impl FeatureSet {
    /// Every family.
    pub const ALL: FeatureSet = FeatureSet {
        tables: true,
        readers: true,
        rules: true,
    };

    /// The token's looks and place only: the model alone.
    pub const PLAIN: FeatureSet = FeatureSet {
        tables: false,
        readers: false,
        rules: false,
    };

    /// The set as one byte, for the model file.
    pub fn to_byte(self) -> u8 {
        u8::from(self.tables) | u8::from(self.readers) << 1 | u8::from(self.rules) << 2
    }

    /// The set of a byte [`FeatureSet::to_byte`] wrote.
    pub fn from_byte(b: u8) -> FeatureSet {
        FeatureSet {
            tables: b & 1 != 0,
            readers: b & 2 != 0,
            rules: b & 4 != 0,
        }
    }
}

/// What the window features of a token are made of.
#[derive(Debug, Clone, Copy, Default)]
struct Look {
    word: u64,
    shape: u64,
    punct: u64,
    classes: Classes,
}

/// The features of the tokens of `text`, written into `out` (cleared first). The token's own
/// features are given twice, once as they are and once marked with `reading` (a footnote or
/// a reference-list entry), so that the model can learn what differs between the two.
pub fn note_features(
    text: &str,
    tokens: &[Range<usize>],
    set: FeatureSet,
    reading: Reading,
    out: &mut Sequence,
) {
    let groups = crate::cite::text::protected_ranges(text);
    note_features_in_groups(text, tokens, &groups, set, reading, out);
}

/// [`note_features`] with the quotations and brackets of the note already found (`groups`,
/// [`protected_ranges`](crate::cite::text::protected_ranges) of `text`).
pub(crate) fn note_features_in_groups(
    text: &str,
    tokens: &[Range<usize>],
    groups: &[Range<usize>],
    set: FeatureSet,
    reading: Reading,
    out: &mut Sequence,
) {
    out.clear();
    let n = tokens.len();
    let words: Vec<&str> = tokens.iter().map(|r| &text[r.clone()]).collect();
    let lowered = lowered_forms(&words);
    let forms: Vec<&str> = lowered.1.iter().map(|r| &lowered.0[r.clone()]).collect();
    let lex = lexicon();
    let mut looks = Vec::with_capacity(n);
    let mut scratch = String::new();
    for (i, w) in words.iter().enumerate() {
        let core = word::core(w);
        let classes = if set.tables || set.readers {
            word_classes(lex, forms[i], &mut scratch)
        } else {
            0
        };
        word::shape(w, &mut scratch);
        let shape = id("shape", &scratch);
        word::punctuation(w, &mut scratch);
        let punct = id("punct", &scratch);
        looks.push(Look {
            word: id_lower("w", core),
            shape,
            punct,
            classes,
        });
    }
    let phrases = if set.tables || set.readers {
        phrase_classes(&forms)
    } else {
        vec![(0, false); n]
    };
    with_token_lists(n, |context, readers| {
        context::token_context(text, tokens, groups, context);
        if set.readers {
            let classes: Vec<Classes> = looks
                .iter()
                .zip(&phrases)
                .map(|(l, p)| l.classes | p.0)
                .collect();
            readers::reader_features(text, tokens, &words, &classes, readers);
        }
        let parts = NoteParts {
            words: &words,
            looks: &mut looks,
            phrases: &phrases,
            context,
            readers,
        };
        write_features(text, tokens, set, reading, parts, out);
    });
}

/// What [`write_features`] puts together: each token's word, looks, lexicon phrases, place and
/// readers' features.
struct NoteParts<'a> {
    words: &'a [&'a str],
    looks: &'a mut [Look],
    phrases: &'a [(Classes, bool)],
    context: &'a [Vec<u64>],
    readers: &'a [Vec<u64>],
}

/// The features of each token, from the parts of the note, into `out`.
fn write_features(
    text: &str,
    tokens: &[Range<usize>],
    set: FeatureSet,
    reading: Reading,
    parts: NoteParts<'_>,
    out: &mut Sequence,
) {
    let NoteParts {
        words,
        looks,
        phrases,
        context,
        readers,
    } = parts;
    let n = tokens.len();
    let mut ids: Vec<u64> = Vec::with_capacity(64);
    if !set.tables {
        for look in looks.iter_mut() {
            look.classes = 0;
        }
    }
    let rules = if set.rules {
        rules::rule_features(text, tokens)
    } else {
        vec![Vec::new(); n]
    };
    let domain = match reading {
        Reading::Note => 1001,
        Reading::Entry => 1002,
    };
    for i in 0..n {
        ids.clear();
        token_features(&mut ids, words[i], &looks[i]);
        let own = ids.len();
        for k in 0..own {
            ids.push(at_offset(ids[k], domain));
        }
        let phrase_ids = if phrases[i].1 {
            &PHRASE_BEGIN
        } else {
            &PHRASE_IN
        };
        for class in classes_of(if set.tables { phrases[i].0 } else { 0 }) {
            ids.push(class_id(phrase_ids, class));
        }
        ids.extend_from_slice(&context[i]);
        ids.extend_from_slice(&readers[i]);
        ids.extend_from_slice(&rules[i]);
        window_features(&mut ids, looks, i);
        out.push_token(&ids);
    }
}

/// Runs `f` with a list of feature ids for each of `n` tokens, twice (the context's and the
/// readers'), all empty: kept per thread between notes, so that a note allocates none of them
/// once the notes before were as long (fresh ones if they are in use).
fn with_token_lists<R>(n: usize, f: impl FnOnce(&mut [Vec<u64>], &mut [Vec<u64>]) -> R) -> R {
    thread_local! {
        static LISTS: RefCell<TokenLists> = RefCell::default();
    }
    LISTS.with(|cell| match cell.try_borrow_mut() {
        Ok(mut lists) => lists.run(n, f),
        Err(_) => TokenLists::default().run(n, f),
    })
}

/// The most lists of each kind kept per thread between notes: after a longer note they are
/// let go (the labeller reads at most a window of a few thousand tokens at once).
const KEPT_LISTS: usize = 8192;

/// The lists of [`with_token_lists`].
#[derive(Default)]
struct TokenLists {
    context: Vec<Vec<u64>>,
    readers: Vec<Vec<u64>>,
}

impl TokenLists {
    /// Runs `f` with the first `n` lists of each kind, emptied.
    fn run<R>(&mut self, n: usize, f: impl FnOnce(&mut [Vec<u64>], &mut [Vec<u64>]) -> R) -> R {
        for lists in [&mut self.context, &mut self.readers] {
            if lists.len() < n {
                lists.resize_with(n, || Vec::with_capacity(8));
            }
            lists.iter_mut().take(n).for_each(Vec::clear);
        }
        let result = f(&mut self.context[..n], &mut self.readers[..n]);
        if self.context.len() > KEPT_LISTS {
            *self = TokenLists::default();
        }
        result
    }
}

/// The lexicon classes of a token: of its form, of the form without the punctuation after
/// it (with its period, for an abbreviation: `hrsg.` from `(hrsg.),`), and without the
/// brackets and quotes before it.
fn word_classes(lex: &lexicon::Lexicon, form: &str, scratch: &mut String) -> Classes {
    const CLOSING: [char; 10] = [',', ';', ':', '.', ')', ']', '»', '”', '’', '"'];
    const OPENING: [char; 7] = ['(', '[', '«', '“', '‘', '„', '"'];
    let mut classes = lex.word(form);
    let bare = form.trim_end_matches(CLOSING);
    let core = bare.trim_start_matches(OPENING);
    if bare != form {
        classes |= lex.word(bare);
        // the core ends where `bare` does
        if form[bare.len()..].starts_with('.') {
            scratch.clear();
            scratch.push_str(core);
            scratch.push('.');
            classes |= lex.word(scratch);
        } else {
            classes |= lex.word(core);
        }
    }
    if core != bare {
        classes |= lex.word(core);
    }
    classes
}

/// The tokens lower-cased for the lexicon, in one buffer: the buffer and each token's range.
fn lowered_forms(words: &[&str]) -> (String, Vec<Range<usize>>) {
    let mut buffer = String::with_capacity(words.iter().map(|w| w.len()).sum());
    let mut ranges = Vec::with_capacity(words.len());
    for w in words {
        let start = buffer.len();
        if w.is_ascii() {
            buffer.extend(w.chars().map(|c| c.to_ascii_lowercase()));
        } else {
            buffer.extend(w.chars().flat_map(char::to_lowercase));
        }
        ranges.push(start..buffer.len());
    }
    (buffer, ranges)
}

/// For each token, the classes of the lexicon phrases covering it and whether it opens one.
fn phrase_classes(forms: &[&str]) -> Vec<(Classes, bool)> {
    let lex = lexicon();
    let mut out = vec![(0, false); forms.len()];
    // the last token of a phrase may carry punctuation after it (`cit.,`)
    let trimmed: Vec<&str> = forms
        .iter()
        .map(|f| f.trim_end_matches([',', ';', ':']))
        .collect();
    for i in 0..forms.len() {
        let window = &trimmed[i..forms.len().min(i + 6)];
        if let Some((len, classes)) = lex.phrase_at(window) {
            out[i].0 |= classes;
            out[i].1 = true;
            for o in out.iter_mut().take(i + len).skip(i + 1) {
                o.0 |= classes;
            }
        }
    }
    out
}

/// `lex=NAME`: the token is in a word table of class `NAME`.
const LEX: [u64; CLASS_COUNT] = class_ids("lex");
/// `lex=NAME` of the token before.
const LEX_BEFORE: [u64; CLASS_COUNT] = at_offset_all(LEX, -1);
/// `lex=NAME` of the token after.
const LEX_AFTER: [u64; CLASS_COUNT] = at_offset_all(LEX, 1);
/// `pb=NAME`: the token begins a phrase of the word tables.
const PHRASE_BEGIN: [u64; CLASS_COUNT] = class_ids("pb");
/// `pi=NAME`: the token is inside one.
const PHRASE_IN: [u64; CLASS_COUNT] = class_ids("pi");

/// The id of a class's feature among `ids` (one of the tables above).
fn class_id(ids: &[u64; CLASS_COUNT], class: Class) -> u64 {
    ids[class as usize]
}

/// The features of a token on its own.
fn token_features(ids: &mut Vec<u64>, w: &str, look: &Look) {
    let core = word::core(w);
    ids.push(id("bias", ""));
    ids.push(look.word);
    ids.push(look.shape);
    ids.push(look.punct);
    ids.push(id("case", word::case_class(core)));
    ids.push(id("len", word::length_class(core)));
    // the byte offsets of the third character and of the last three
    let mut starts = core.char_indices().map(|(i, _)| i);
    let third = starts.nth(3);
    if third.is_some() {
        let mut back = core.char_indices().rev().map(|(i, _)| i);
        let last2 = back.nth(1).unwrap_or(0);
        let last3 = back.next().unwrap_or(0);
        ids.push(id_lower("pre3", &core[..third.unwrap_or(core.len())]));
        ids.push(id_lower("suf3", &core[last3..]));
        ids.push(id_lower("suf2", &core[last2..]));
    }
    if let Some(class) = word::number_class(core) {
        ids.push(id("num", class));
    }
    if word::is_initial(w) {
        ids.push(id("initial", ""));
    }
    if let Some(link) = word::link_class(w) {
        ids.push(id("link", link));
    }
    for class in classes_of(look.classes) {
        ids.push(class_id(&LEX, class));
    }
}

/// The features of the neighbours of token `i`.
fn window_features(ids: &mut Vec<u64>, looks: &[Look], i: usize) {
    let n = looks.len();
    let at = |o: i32| -> Option<&Look> {
        let j = i as i64 + i64::from(o);
        (0..n as i64).contains(&j).then(|| &looks[j as usize])
    };
    for o in [-2, -1, 1, 2] {
        match at(o) {
            Some(l) => {
                ids.push(at_offset(l.word, o));
                if o.abs() == 1 {
                    ids.push(at_offset(l.shape, o));
                    ids.push(at_offset(l.punct, o));
                    let lex = if o < 0 { &LEX_BEFORE } else { &LEX_AFTER };
                    for class in classes_of(l.classes) {
                        ids.push(class_id(lex, class));
                    }
                }
            }
            None => ids.push(at_offset(id("edge", ""), o)),
        }
    }
    let here = &looks[i];
    if let Some(prev) = at(-1) {
        ids.push(pair(prev.word, here.word));
        ids.push(pair(prev.punct, here.shape));
    }
    if let Some(next) = at(1) {
        ids.push(pair(here.word, next.word));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cite::tokens::tokenize;

    #[test]
    fn every_token_has_features_and_they_are_stable() {
        let text = "Vgl. Luhmann, Rechtssoziologie (1972), S. 239; ders., a.a.O. (Fn. 3), 12 ff.";
        let tokens = tokenize(text);
        let mut f = Sequence::new();
        note_features(text, &tokens, FeatureSet::ALL, Reading::Note, &mut f);
        assert_eq!(f.len(), tokens.len());
        for (i, t) in f.tokens().enumerate() {
            assert!(t.len() >= 10, "token {i}");
        }
        let mut again = Sequence::new();
        note_features(text, &tokens, FeatureSet::ALL, Reading::Note, &mut again);
        assert_eq!(f, again);
    }

    #[test]
    fn the_rules_add_features() {
        let text = "Overbeek, H., 2001, « Globalization », in Ghosh, B. (ed.), Managing Migration, New York, Oxford University Press, p.48.";
        let tokens = tokenize(text);
        let count = |set| {
            let mut f = Sequence::new();
            note_features(text, &tokens, set, Reading::Note, &mut f);
            f.tokens().map(<[u64]>::len).sum::<usize>()
        };
        assert!(count(FeatureSet::ALL) > count(crate::train::accuracy::TABLES_AND_READERS));
    }
}
