//! The word tables of [`crate::cite::tables`] as one lexicon: each word or phrase with the
//! classes of the tables it is in (a signal, a place, an editor marker …). The labeller sees
//! these classes as features.

use crate::cite::tables;
use std::collections::HashMap;
use std::sync::OnceLock;

/// A class of words: the table a word comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Class {
    Signal,
    Ibid,
    Idem,
    OpCit,
    LocCit,
    Supra,
    NoteRef,
    Hereinafter,
    Editor,
    Translator,
    Container,
    EtAl,
    Conjunction,
    Particle,
    PublisherWord,
    Publisher,
    Place,
    Region,
    Organisation,
    Event,
    Series,
    Genre,
    LocatorLabel,
    Volume,
    Issue,
    Edition,
    Month,
    Season,
    Court,
    Legislation,
    UsReporter,
    UsCode,
    NonName,
    Abbreviation,
    LowerCitationWord,
    DocumentPart,
    CourtPublication,
    OfficialJournal,
    DecisionNumber,
    DecisionPinpoint,
    CitedIn,
    LegalCode,
    PreviousNote,
    Following,
    JournalWord,
    GivenName,
}

impl Class {
    /// The class's bit in a [`Classes`] set.
    pub(crate) fn bit(self) -> u64 {
        1 << (self as u32)
    }

    /// A short stable name, for the features.
    pub(crate) const fn name(self) -> &'static str {
        CLASS_NAMES[self as usize]
    }
}

/// The classes' names, in declaration order.
const CLASS_NAMES: [&str; 46] = [
    "signal",
    "ibid",
    "idem",
    "opcit",
    "loccit",
    "supra",
    "noteref",
    "hereinafter",
    "editor",
    "translator",
    "container",
    "etal",
    "conj",
    "particle",
    "pubword",
    "publisher",
    "place",
    "region",
    "org",
    "event",
    "series",
    "genre",
    "loclabel",
    "volume",
    "issue",
    "edition",
    "month",
    "season",
    "court",
    "legislation",
    "usreporter",
    "uscode",
    "nonname",
    "abbrev",
    "lowercite",
    "docpart",
    "courtpub",
    "offjournal",
    "decisionno",
    "decisionpin",
    "citedin",
    "legalcode",
    "prevnote",
    "following",
    "journal",
    "given",
];

/// A set of classes, one bit each.
pub(crate) type Classes = u64;

/// Every class whose bit is set, in order.
pub(crate) fn classes_of(set: Classes) -> impl Iterator<Item = Class> {
    // the bits set, lowest first: `ALL_CLASSES` is in declaration order
    let mut rest = set;
    std::iter::from_fn(move || {
        while rest != 0 {
            let bit = rest.trailing_zeros() as usize;
            rest &= rest - 1;
            if let Some(&class) = ALL_CLASSES.get(bit) {
                return Some(class);
            }
        }
        None
    })
}

/// The number of classes.
pub(crate) const CLASS_COUNT: usize = ALL_CLASSES.len();

/// The id of the feature `kind=NAME` of each class, by class ([`Class::name`]).
pub(crate) const fn class_ids(kind: &str) -> [u64; CLASS_COUNT] {
    let mut ids = [0; CLASS_COUNT];
    let mut i = 0;
    while i < CLASS_COUNT {
        ids[i] = super::id(kind, ALL_CLASSES[i].name());
        i += 1;
    }
    ids
}

/// `ids` moved `offset` tokens away ([`super::at_offset`]).
pub(crate) const fn at_offset_all(ids: [u64; CLASS_COUNT], offset: i32) -> [u64; CLASS_COUNT] {
    let mut moved = [0; CLASS_COUNT];
    let mut i = 0;
    while i < CLASS_COUNT {
        moved[i] = super::at_offset(ids[i], offset);
        i += 1;
    }
    moved
}

const ALL_CLASSES: [Class; 46] = [
    Class::Signal,
    Class::Ibid,
    Class::Idem,
    Class::OpCit,
    Class::LocCit,
    Class::Supra,
    Class::NoteRef,
    Class::Hereinafter,
    Class::Editor,
    Class::Translator,
    Class::Container,
    Class::EtAl,
    Class::Conjunction,
    Class::Particle,
    Class::PublisherWord,
    Class::Publisher,
    Class::Place,
    Class::Region,
    Class::Organisation,
    Class::Event,
    Class::Series,
    Class::Genre,
    Class::LocatorLabel,
    Class::Volume,
    Class::Issue,
    Class::Edition,
    Class::Month,
    Class::Season,
    Class::Court,
    Class::Legislation,
    Class::UsReporter,
    Class::UsCode,
    Class::NonName,
    Class::Abbreviation,
    Class::LowerCitationWord,
    Class::DocumentPart,
    Class::CourtPublication,
    Class::OfficialJournal,
    Class::DecisionNumber,
    Class::DecisionPinpoint,
    Class::CitedIn,
    Class::LegalCode,
    Class::PreviousNote,
    Class::Following,
    Class::JournalWord,
    Class::GivenName,
];

/// The tables the lexicon is made of, with their class.
fn sources() -> Vec<(Class, Vec<&'static str>)> {
    let keys = |t: &'static [(&'static str, &'static str)]| t.iter().map(|e| e.0).collect();
    let month_keys = |t: &'static [(&'static str, u8)]| t.iter().map(|e| e.0).collect();
    let mut editors = tables::EDITOR_MARKERS.to_vec();
    editors.extend_from_slice(tables::EDITED_BY);
    let mut series = tables::SERIES_WORDS.to_vec();
    series.extend_from_slice(tables::SERIES_MARKERS);
    vec![
        (Class::Signal, tables::SIGNALS.to_vec()),
        (Class::Ibid, tables::IBID.to_vec()),
        (Class::Idem, tables::IDEM.to_vec()),
        (Class::OpCit, tables::OP_CIT.to_vec()),
        (Class::LocCit, tables::LOC_CIT.to_vec()),
        (Class::Supra, tables::SUPRA.to_vec()),
        (Class::NoteRef, tables::NOTE_REFERENCES.to_vec()),
        (Class::Hereinafter, tables::HEREINAFTER.to_vec()),
        (Class::Editor, editors),
        (Class::Translator, tables::TRANSLATOR_MARKERS.to_vec()),
        (Class::Container, tables::CONTAINER_MARKERS.to_vec()),
        (Class::EtAl, tables::ET_AL.to_vec()),
        (Class::Conjunction, tables::NAME_CONJUNCTIONS.to_vec()),
        (Class::Particle, tables::NAME_PARTICLES.to_vec()),
        (Class::PublisherWord, tables::PUBLISHER_WORDS.to_vec()),
        (Class::Publisher, tables::PUBLISHERS.to_vec()),
        (Class::Place, tables::PLACES.to_vec()),
        (Class::Region, tables::PLACE_REGIONS.to_vec()),
        (Class::Organisation, tables::ORGANISATION_WORDS.to_vec()),
        (Class::Event, tables::EVENT_WORDS.to_vec()),
        (Class::Series, series),
        (Class::Genre, tables::GENRES.to_vec()),
        (Class::LocatorLabel, keys(tables::LOCATOR_LABELS)),
        (Class::Volume, tables::VOLUME_MARKERS.to_vec()),
        (Class::Issue, tables::ISSUE_MARKERS.to_vec()),
        (Class::Edition, tables::EDITION_MARKERS.to_vec()),
        (Class::Month, month_keys(tables::MONTHS)),
        (Class::Season, month_keys(tables::SEASONS)),
        (Class::Court, tables::COURTS.to_vec()),
        (Class::Legislation, tables::LEGISLATION_WORDS.to_vec()),
        (Class::UsReporter, tables::US_REPORTERS.to_vec()),
        (Class::UsCode, tables::US_CODES.to_vec()),
        (Class::NonName, tables::NON_NAME_WORDS.to_vec()),
        (Class::Abbreviation, tables::ABBREVIATIONS.to_vec()),
        (
            Class::LowerCitationWord,
            tables::CITATION_LOWER_WORDS.to_vec(),
        ),
        (Class::DocumentPart, tables::DOCUMENT_PARTS.to_vec()),
        (Class::CourtPublication, tables::COURT_PUBLICATIONS.to_vec()),
        (Class::OfficialJournal, tables::OFFICIAL_JOURNALS.to_vec()),
        (
            Class::DecisionNumber,
            tables::DECISION_NUMBER_MARKERS.to_vec(),
        ),
        (Class::DecisionPinpoint, tables::DECISION_PINPOINTS.to_vec()),
        (Class::CitedIn, tables::CITED_IN.to_vec()),
        (Class::LegalCode, tables::LEGAL_CODES.to_vec()),
        (
            Class::PreviousNote,
            tables::PREVIOUS_NOTE_REFERENCES.to_vec(),
        ),
        (Class::Following, tables::FOLLOWING_PAGES.to_vec()),
        (Class::JournalWord, tables::JOURNAL_WORDS.to_vec()),
        (Class::GivenName, tables::GIVEN_NAMES.to_vec()),
    ]
}

/// The lexicon: single words and phrases, lower-cased, with their classes.
pub(crate) struct Lexicon {
    words: HashMap<String, Classes, tables::WordHash>,
    /// Phrases of several words, by their first word: the words, and the phrase's classes.
    phrases: HashMap<String, Vec<(Vec<String>, Classes)>, tables::WordHash>,
}

impl Lexicon {
    fn build() -> Self {
        let mut words: HashMap<String, Classes, tables::WordHash> = HashMap::default();
        let mut phrases: HashMap<String, Vec<(Vec<String>, Classes)>, tables::WordHash> =
            HashMap::default();
        for (class, entries) in sources() {
            for entry in entries {
                let parts: Vec<String> = entry.split_whitespace().map(str::to_lowercase).collect();
                match parts.as_slice() {
                    [] => {}
                    [one] => *words.entry(one.clone()).or_default() |= class.bit(),
                    [first, ..] => {
                        let list = phrases.entry(first.clone()).or_default();
                        match list.iter_mut().find(|(p, _)| *p == parts) {
                            Some((_, set)) => *set |= class.bit(),
                            None => list.push((parts, class.bit())),
                        }
                    }
                }
            }
        }
        for list in phrases.values_mut() {
            // longer phrases first, so the longest match wins
            list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        }
        Lexicon { words, phrases }
    }

    /// The classes of one word form (lower-cased).
    pub(crate) fn word(&self, form: &str) -> Classes {
        self.words.get(form).copied().unwrap_or(0)
    }

    /// The longest phrase that starts at the first of `forms` (each a token, lower-cased):
    /// its length in tokens and its classes.
    pub(crate) fn phrase_at(&self, forms: &[&str]) -> Option<(usize, Classes)> {
        let first = forms.first()?;
        let list = self.phrases.get(*first)?;
        list.iter().find_map(|(words, set)| {
            let n = words.len();
            (forms.len() >= n && words.iter().zip(forms).all(|(w, f)| w == f)).then_some((n, *set))
        })
    }
}

/// The lexicon, built once.
pub(crate) fn lexicon() -> &'static Lexicon {
    static LEXICON: OnceLock<Lexicon> = OnceLock::new();
    LEXICON.get_or_init(Lexicon::build)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_and_phrases_have_their_classes() {
        let lex = lexicon();
        assert!(lex.word("ibid.") & Class::Ibid.bit() != 0);
        assert!(lex.word("london") & Class::Place.bit() != 0);
        let (n, set) = lex.phrase_at(&["op.", "cit.", "p."]).expect("op. cit.");
        assert_eq!(n, 2);
        assert!(set & Class::OpCit.bit() != 0);
        assert!(lex.phrase_at(&["op."]).is_none());
        assert_eq!(classes_of(Class::Place.bit()).next(), Some(Class::Place));
        // the classes are listed in declaration order, so a set's bits give them in order
        for (i, class) in ALL_CLASSES.iter().enumerate() {
            assert_eq!(*class as usize, i);
        }
        let set = Class::GivenName.bit() | Class::Signal.bit() | Class::Month.bit();
        let listed: Vec<Class> = classes_of(set).collect();
        assert_eq!(listed, [Class::Signal, Class::Month, Class::GivenName]);
    }
}
