//! The labeller: a note's tokens, their features, the trained model's tags, and from them the
//! note's citations.
//!
//! The model is `data/model/opcit.crf`, built into the binary and loaded once; `opcit-train`
//! rebuilds it from the data in `data/` (see `data/CARD.md`).

use super::crf::{Constraints, Model, Sequence};
use super::decode::{TaggedCitation, citations_of};
use super::features::{FeatureSet, note_features_in_groups};
use super::normalize::{Reading, assemble};
use super::tags::Tag;
use super::text::{closing_quote, protected_ranges};
use super::tokens::tokenize;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// The model built into the binary.
static BUILT_IN: &[u8] = include_bytes!("../../data/model/opcit.crf");

/// A trained labeller: the features it reads and the model that weighs them.
#[derive(Debug, Clone)]
pub struct Labeller {
    features: FeatureSet,
    model: Arc<Model>,
    /// A document whose sampled notes the rules read as the model does, at least this share
    /// of them, is read by the rules; `None`: by the model always.
    trust_rules: Option<f32>,
}

/// The first bytes of a labeller file.
const MAGIC: &[u8; 8] = b"OPCITLBL";
/// The version of the labeller file format.
const VERSION: u8 = 1;

/// Why a labeller file cannot be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum LabellerError {
    /// The file does not start as a labeller file does.
    #[error("not an opcit labeller file")]
    NotALabeller,
    /// The file was written by a format version this build does not read.
    #[error("unsupported labeller file version {0}")]
    Version(u8),
    /// The model in it cannot be read.
    #[error(transparent)]
    Model(#[from] super::crf::CrfError),
}

impl Labeller {
    /// The labeller of the model built into opcit, or `None` when the build has none.
    pub fn built_in() -> Option<Labeller> {
        static LABELLER: OnceLock<Option<Labeller>> = OnceLock::new();
        LABELLER
            .get_or_init(|| Labeller::from_bytes(BUILT_IN).ok())
            .clone()
    }

    /// A labeller of a file's bytes ([`Labeller::to_bytes`]).
    pub fn from_bytes(bytes: &[u8]) -> Result<Labeller, LabellerError> {
        let rest = bytes
            .strip_prefix(MAGIC)
            .ok_or(LabellerError::NotALabeller)?;
        let (&[version, features, trust], model) = rest
            .split_first_chunk::<3>()
            .ok_or(LabellerError::NotALabeller)?;
        if version != VERSION {
            return Err(LabellerError::Version(version));
        }
        Ok(Labeller {
            features: FeatureSet::from_byte(features),
            model: Arc::new(Model::from_bytes(model)?),
            trust_rules: (trust > 0).then(|| f32::from(trust) / 100.0),
        })
    }

    /// The labeller as a file's bytes: a header, the feature set, the trust in the rules (the
    /// share of agreeing notes in hundredths, 0 for none), the model.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = MAGIC.to_vec();
        out.push(VERSION);
        out.push(self.features.to_byte());
        out.push(
            self.trust_rules
                .map_or(0, |t| (t * 100.0).round().clamp(1.0, 100.0) as u8),
        );
        out.extend(self.model.to_bytes());
        out
    }

    /// A labeller of a model trained on the features `features` gives.
    pub fn from_model(model: Model, features: FeatureSet) -> Labeller {
        Labeller {
            features,
            model: Arc::new(model),
            trust_rules: None,
        }
    }

    /// The same labeller leaving a document to the rules when they read at least `share` (0
    /// to 1) of its sampled notes as the model does ([`Labeller::rules_read`]); `None`: the
    /// model reads every document.
    pub fn trusting_rules(self, share: Option<f32>) -> Labeller {
        Labeller {
            trust_rules: share,
            ..self
        }
    }

    /// Whether the rules should read a document of these notes (flat texts): the document is
    /// in a style the rules were written for when they read at least the labeller's share of
    /// its first notes as the model does (as many citations, over the same stretches of text).
    /// Only the first [`AGREEMENT_SAMPLE`] notes that cite something are compared.
    pub fn rules_read<'a>(&self, notes: impl IntoIterator<Item = &'a str>) -> bool {
        let Some(share) = self.trust_rules else {
            return false;
        };
        let mut compared = 0usize;
        let mut agreed = 0usize;
        for text in notes {
            let model = self.citations(text, Reading::Note);
            let units = super::rule_units(text);
            if model.is_empty() && units.is_empty() {
                continue;
            }
            compared += 1;
            let same = units.len() == model.len()
                && units
                    .iter()
                    .zip(&model)
                    .all(|((u, _), (t, _))| overlaps_mostly(u, &t.range));
            agreed += usize::from(same);
            if compared == AGREEMENT_SAMPLE {
                break;
            }
        }
        compared > 0 && agreed as f32 >= share * compared as f32
    }

    /// The features the labeller reads.
    pub fn features(&self) -> FeatureSet {
        self.features
    }

    /// The model.
    pub fn model(&self) -> &Model {
        &self.model
    }

    /// The tags of a note's tokens and their marginal probabilities.
    ///
    /// A note of more than [`WINDOW`] tokens is tagged in windows ([`window_ends`]), each
    /// read as a note of its own with [`MARGIN`] tokens of context on either side, so that the
    /// memory of tagging does not grow with the longest note; a shorter note is tagged whole.
    pub fn tag(
        &self,
        text: &str,
        tokens: &[Range<usize>],
        reading: Reading,
    ) -> (Vec<Tag>, Vec<f32>) {
        let ends = window_ends(text, tokens, WINDOW);
        let (ids, marginals) = match ends[..] {
            [_] | [] => self.tag_ids(text, tokens, reading),
            _ => self.tag_windows(text, tokens, &ends, reading),
        };
        let tags = ids
            .into_iter()
            .map(|id| Tag::from_id(id).unwrap_or(Tag::new(super::label::Label::Commentary, false)))
            .collect();
        (tags, marginals)
    }

    /// The tag ids of a long note, window by window (`ends`: where each window ends), each
    /// window tagged with its margins and only its own tokens kept.
    fn tag_windows(
        &self,
        text: &str,
        tokens: &[Range<usize>],
        ends: &[usize],
        reading: Reading,
    ) -> (Vec<u8>, Vec<f32>) {
        let mut ids = Vec::with_capacity(tokens.len());
        let mut marginals = Vec::with_capacity(tokens.len());
        let mut shifted = Vec::new();
        let mut start = 0usize;
        for &end in ends {
            let from = start.saturating_sub(MARGIN);
            let to = end.saturating_add(MARGIN).min(tokens.len());
            let (Some(first), Some(last)) = (tokens.get(from), tokens.get(to.wrapping_sub(1)))
            else {
                break;
            };
            let base = first.start;
            shifted.clear();
            shifted.extend(
                tokens[from..to]
                    .iter()
                    .map(|t| t.start - base..t.end - base),
            );
            let (window, confidence) = self.tag_ids(&text[base..last.end], &shifted, reading);
            let keep = start - from..end - from;
            ids.extend_from_slice(window.get(keep.clone()).unwrap_or(&[]));
            marginals.extend_from_slice(confidence.get(keep).unwrap_or(&[]));
            start = end;
        }
        (ids, marginals)
    }

    /// The tag ids of a note's tokens, read whole, and their confidences.
    fn tag_ids(
        &self,
        text: &str,
        tokens: &[Range<usize>],
        reading: Reading,
    ) -> (Vec<u8>, Vec<f32>) {
        thread_local! {
            /// The features of the note being tagged, kept between notes for their memory
            /// (at most a window's: see [`WINDOW`]).
            static FEATURES: std::cell::RefCell<Sequence> = std::cell::RefCell::new(Sequence::new());
        }
        let groups = protected_ranges(text);
        let constraints = QUOTES_WHOLE.then(|| quote_constraints(text, tokens, &groups));
        let tag = |features: &mut Sequence| {
            note_features_in_groups(text, tokens, &groups, self.features, reading, features);
            self.model
                .tag_with_confidence(features, constraints.as_ref())
        };
        FEATURES.with(|cell| match cell.try_borrow_mut() {
            Ok(mut features) => tag(&mut features),
            Err(_) => tag(&mut Sequence::new()),
        })
    }

    /// The citations of a note's (flat) text, each read into its fields.
    pub(crate) fn citations(
        &self,
        text: &str,
        reading: Reading,
    ) -> Vec<(TaggedCitation, super::fields::ParsedCitation)> {
        self.citations_and_left_out(text, reading).0
    }

    /// [`Labeller::citations`], and the ranges tagged as citations that were not kept (names
    /// alone, a date alone).
    pub(crate) fn citations_and_left_out(
        &self,
        text: &str,
        reading: Reading,
    ) -> (
        Vec<(TaggedCitation, super::fields::ParsedCitation)>,
        Vec<Range<usize>>,
    ) {
        let (cites, left_out) = self.tagged_citations(text, reading);
        let cites = cites
            .into_iter()
            .map(|c| {
                let parsed = assemble(text, &c, reading);
                (c, parsed)
            })
            .collect();
        (cites, left_out)
    }

    /// The tagged citations of a note's (flat) text, not yet read into their fields (each is
    /// by [`assemble`], one at a time for the memory of a long note), and the ranges tagged
    /// as citations that were not kept.
    pub(crate) fn tagged_citations(
        &self,
        text: &str,
        reading: Reading,
    ) -> (Vec<TaggedCitation>, Vec<Range<usize>>) {
        let tokens = tokenize(text);
        if tokens.is_empty() {
            return (Vec::new(), Vec::new());
        }
        let mut left_out = Vec::new();
        let (tags, marginals) = self.tag(text, &tokens, reading);
        let mut cites = citations_of(text, &tokens, &tags, &marginals);
        drop((tags, marginals, tokens));
        if reading == Reading::Entry {
            // a reference-list entry is one reference
            cites = merge_all(cites);
        } else {
            cites = attach_lone_locators(cites);
            let (kept, left): (Vec<_>, Vec<_>) = cites.into_iter().partition(cites_something);
            cites = kept;
            left_out.extend(left.into_iter().filter(names_a_work).map(|c| c.range));
        }
        (cites, left_out)
    }
}

/// The most tokens tagged at once: a longer note is tagged in windows of at most this many
/// tokens (far more than any note of the fixtures has, a few hundred at most).
pub(crate) const WINDOW: usize = 4096;

/// The tokens of context read on either side of a window (the features look two tokens
/// away, the word tables' phrases six, the rule readers a little further).
const MARGIN: usize = 32;

/// Where the windows of a note of these tokens end (exclusive token indices, the last one
/// `tokens.len()`): a single window for a note of at most `window` tokens. Each window but
/// the last ends after the last token within `window` tokens that ends with `;`, failing
/// that a sentence, in its second half; failing both, after `window` tokens.
fn window_ends(text: &str, tokens: &[Range<usize>], window: usize) -> Vec<usize> {
    let window = window.max(2);
    let n = tokens.len();
    let word = |k: usize| {
        tokens
            .get(k)
            .and_then(|t| text.get(t.clone()))
            .unwrap_or("")
    };
    let mut ends = Vec::with_capacity(n / window + 1);
    let mut start = 0;
    while n - start > window {
        let candidates = (start + window / 2..start + window).rev();
        let cut = candidates
            .clone()
            .find(|&k| word(k).ends_with(';'))
            .or_else(|| candidates.clone().find(|&k| ends_sentence(word(k))))
            .map_or(start + window, |k| k + 1);
        ends.push(cut);
        start = cut;
    }
    ends.push(n);
    ends
}

/// Whether a token ends a sentence: `?`, `!`, or a period not after an initial or a short
/// abbreviation (closing quotes and brackets after it aside).
fn ends_sentence(word: &str) -> bool {
    let t = word.trim_end_matches(['»', '”', '’', '"', ')']);
    if t.ends_with(['?', '!']) {
        return true;
    }
    let Some(core) = t.strip_suffix('.') else {
        return false;
    };
    let short = core.chars().count() <= 3 && core.chars().any(char::is_alphabetic);
    !short && !super::features::is_initial_word(t)
}

/// Whether two ranges share at least four fifths of each.
fn overlaps_mostly(a: &Range<usize>, b: &Range<usize>) -> bool {
    let common = a.end.min(b.end).saturating_sub(a.start.max(b.start));
    common * 5 >= a.len() * 4 && common * 5 >= b.len() * 4
}

/// Whether a tagged citation points at a work: a name alone (`As stated by H. Overbeek:`) or
/// a date alone does not; with a date, names do (`Smith (2005)`).
fn cites_something(c: &TaggedCitation) -> bool {
    use super::label::Label as L;
    let names = c.has(L::Author) || c.has(L::Editor) || c.has(L::Translator);
    c.runs.iter().any(|(l, _)| {
        !matches!(
            l,
            L::Author | L::Editor | L::Translator | L::Issued | L::Note | L::CitationNumber
        )
    }) || names && c.has(L::Issued)
}

/// Whether a tagged citation left out still names something a reader may look for: names,
/// a date or a title (a lone signal or commentary word does not).
fn names_a_work(c: &TaggedCitation) -> bool {
    use super::label::Label as L;
    c.has(L::Author) || c.has(L::Editor) || c.has(L::Translator) || c.has(L::Issued)
}

/// A citation of a locator alone (`…, p.9.` after a quotation) is the pin-point of the
/// citation before it, when that one has none.
fn attach_lone_locators(cites: Vec<TaggedCitation>) -> Vec<TaggedCitation> {
    use super::label::Label as L;
    let mut out: Vec<TaggedCitation> = Vec::with_capacity(cites.len());
    for c in cites {
        let lone = c
            .runs
            .iter()
            .all(|(l, _)| matches!(l, L::Locator | L::Note));
        if lone
            && let Some(prev) = out.last_mut()
            && !prev.has(L::Locator)
        {
            prev.runs.extend(c.runs);
            prev.range.end = c.range.end;
            continue;
        }
        out.push(c);
    }
    out
}

/// One citation of all the citations of an entry.
fn merge_all(cites: Vec<TaggedCitation>) -> Vec<TaggedCitation> {
    let mut it = cites.into_iter();
    let Some(mut first) = it.next() else {
        return Vec::new();
    };
    let mut n = 1.0;
    for c in it {
        first.range.end = c.range.end;
        first.confidence += c.confidence;
        n += 1.0;
        for (label, run) in c.runs {
            match first.runs.last_mut() {
                Some((l, r)) if *l == label => r.end = run.end,
                _ => first.runs.push((label, run)),
            }
        }
    }
    first.confidence /= n;
    vec![first]
}

/// The tags that begin no citation: every label's plain tag.
const PLAIN_TAGS: u64 = (1 << super::label::Label::ALL.len()) - 1;

/// The notes of a document the rules and the model are compared on.
pub const AGREEMENT_SAMPLE: usize = 40;

/// Whether no citation may begin inside a quotation (see [`quote_constraints`]).
const QUOTES_WHOLE: bool = true;

/// A quotation is read whole up to this many tokens; a longer "quotation" is more likely a
/// stray mark than a title.
const MAX_QUOTED_TOKENS: usize = 60;

/// Constraints for decoding: no citation begins inside a quotation (a `B-` tag may open it,
/// not follow its first token). `groups`: the note's quotations and brackets
/// ([`protected_ranges`]).
fn quote_constraints(text: &str, tokens: &[Range<usize>], groups: &[Range<usize>]) -> Constraints {
    let mut constraints = Constraints::new();
    for group in groups {
        let quote = text[group.start..]
            .chars()
            .next()
            .is_some_and(|c| closing_quote(c).is_some());
        if !quote {
            continue;
        }
        let first = tokens.partition_point(|t| t.end <= group.start);
        let last = tokens.partition_point(|t| t.start < group.end);
        // a quotation that starts or ends inside a token shares that token with other text
        let whole = tokens.get(first).is_some_and(|t| t.start == group.start);
        if whole && last > first + 1 && last - first <= MAX_QUOTED_TOKENS {
            for t in first + 1..last {
                constraints.allow_only(t, PLAIN_TAGS);
            }
        }
    }
    constraints
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The words of the tokens that end each window.
    fn cut_words(text: &str, window: usize) -> Vec<String> {
        let tokens = tokenize(text);
        let ends = window_ends(text, &tokens, window);
        assert_eq!(ends.last(), Some(&tokens.len()));
        ends.iter()
            .map(|&e| text[tokens[e - 1].clone()].to_string())
            .collect()
    }

    #[test]
    fn windows_end_at_separators_nearest_below_the_bound() {
        // a note no longer than the window is one window
        assert_eq!(cut_words("a b c d", 4), ["d"]);
        assert_eq!(window_ends("", &[], 4), [0]);
        // the last `;` within the window, then the rest
        assert_eq!(cut_words("a b; c d; e f g h i", 6), ["d;", "i"]);
        // no `;`: a sentence end, not an abbreviation or an initial
        assert_eq!(cut_words("a b c Paris. d e f g", 6), ["Paris.", "g"]);
        assert_eq!(cut_words("a b c J. p. e f g h", 6), ["e", "h"]);
        // neither in the window's second half: a hard cut
        assert_eq!(cut_words("a; b c d e f g h i", 6), ["f", "i"]);
        let ends = window_ends("x ".repeat(25).as_str(), &tokenize(&"x ".repeat(25)), 10);
        assert_eq!(ends, [10, 20, 25]);
    }

    #[test]
    fn a_note_longer_than_the_window_is_tagged_in_windows() {
        let Some(labeller) = Labeller::built_in() else {
            return;
        };
        let citation = "Smith, J., 2001, Title, London, Press, p.4; ";
        let per = tokenize(citation).len();
        let count = 3 * WINDOW / per + 1;
        let text = citation.repeat(count);
        let tokens = tokenize(&text);
        assert!(tokens.len() > 3 * WINDOW);
        assert!(window_ends(&text, &tokens, WINDOW).len() > 3);
        let (tags, marginals) = labeller.tag(&text, &tokens, Reading::Note);
        assert_eq!((tags.len(), marginals.len()), (tokens.len(), tokens.len()));
        let cites = labeller.citations(&text, Reading::Note);
        assert_eq!(cites.len(), count);
        for (c, _) in &cites {
            assert_eq!(
                text[c.range.clone()].trim_end_matches([';', ' ']),
                citation.trim_end_matches([';', ' '])
            );
        }
    }
}
