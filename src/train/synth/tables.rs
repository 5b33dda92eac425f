//! The word tables of the synthetic notes, in one place: the words the tracker labels by rule
//! (back-references, cross-references to notes, connectors, role and label words), the role
//! words of AnyStyle name fields, language hints, and the phrase banks of signals and
//! commentary (`data/synth/phrases.tsv`).

use crate::cite::label::Label;

/// Words that point back to a work cited before, as the renderers write them (compared without
/// case, dots and spaces: `op. cit.` = `op cit` = `opcit`).
pub(crate) const BACKREF_WORDS: &[&str] = &[
    "ibid",
    "ibidem",
    "ib",
    "id",
    "idem",
    "eadem",
    "ead",
    "iidem",
    "eaedem",
    "ebd",
    "ebda",
    "ebenda",
    "ders",
    "dies",
    "derselbe",
    "dieselbe",
    "aao",
    "opcit",
    "opcitato",
    "loccit",
    "cit",
    "artcit",
    "ouvrcite",
    "ouvcit",
    "ouvrcit",
    "oc",
    "ivi",
    "íd",
    "ídem",
    "ibíd",
    "obcit",
    "obracit",
    "obracitada",
    "citt",
    "lc",
    "ibd",
    "mismo",
    "autorcitado",
    "supracit",
    "op",
    "art",
    "ouvr",
    "loc",
    "cited",
    "préc",
    "précité",
    "précitée",
    "tam",
    "tamże",
    "tamże",
    "tamtéž",
    "tamže",
    "sama",
    "tenże",
    "tamze",
    "同上",
    "同上注",
    "前揭",
    "前引",
    "上揭",
    "a.g.e",
    "age",
    "citata",
    "citato",
    "aldaar",
    "tap",
    "aangehaald",
    "zit",
];

/// Words of a cross-reference to another note (`supra note 3`, `(n 3)`, `(Fn. 3)`).
pub(crate) const NOTE_REF_WORDS: &[&str] = &[
    "n",
    "nn",
    "note",
    "notes",
    "nota",
    "note",
    "supra",
    "infra",
    "above",
    "below",
    "fn",
    "fnn",
    "anm",
    "oben",
    "unten",
    "wie",
    "nt",
    "ntt",
    "cit",
    "citata",
    "ante",
    "post",
    "fußnote",
    "footnote",
    "n°",
    "同前注",
    "前注",
    "注",
    "o",
    "u",
    "vorige",
];

/// Words that stand before a container or an editor list and take its label.
pub(crate) const CONNECTOR_WORDS: &[&str] = &[
    "in", "dans", "en", "em", "w", "aus", "from", "within", "i", "sous", "la", "dir", "de", "载",
    "收入",
];

/// Role words written outside a name list; they take the label of the nearest names.
pub(crate) const ROLE_WORDS: &[&str] = &[
    "ed",
    "eds",
    "edited",
    "editor",
    "editors",
    "by",
    "hrsg",
    "hg",
    "hgg",
    "herausgegeben",
    "von",
    "v",
    "a",
    "cura",
    "di",
    "sous",
    "la",
    "direction",
    "dir",
    "éd",
    "éds",
    "trans",
    "translated",
    "tr",
    "transl",
    "übers",
    "übersetzt",
    "trad",
    "traduit",
    "traducción",
    "traduzione",
    "par",
    "de",
    "por",
    "edición",
    "ed.",
    "coord",
    "coords",
    "comp",
    "comps",
];

/// Words before a URL or an access date.
pub(crate) const ACCESS_WORDS: &[&str] = &[
    "accessed",
    "consulted",
    "visited",
    "last",
    "retrieved",
    "from",
    "available",
    "at",
    "online",
    "url",
    "consulté",
    "consulte",
    "le",
    "disponible",
    "sur",
    "en",
    "abgerufen",
    "am",
    "zuletzt",
    "zugriff",
    "aufgerufen",
    "verfügbar",
    "unter",
    "consultato",
    "il",
    "consultado",
    "el",
    "viewed",
    "on",
    "accès",
    "accesso",
    "acceso",
    "https",
    "http",
    "www",
    "doi",
    "org",
    "dx",
    "en ligne",
    "ligne",
    "letzter",
    "stand",
];

/// The words of a missing date (`n.d.`, `s.d.`, `o.J.`), compared without dots.
pub(crate) const NO_DATE_WORDS: &[&str] =
    &["nd", "sd", "oj", "sa", "sf", "sine", "anno", "sans", "date"];

/// Label and affix words: the labels they may go with, first choice first. A word in no row
/// follows the text before it.
pub(crate) const AFFIX_WORDS: &[(&str, &[Label])] = &[
    ("p", &[Label::Locator, Label::Page]),
    ("pp", &[Label::Locator, Label::Page]),
    ("pag", &[Label::Locator, Label::Page]),
    ("pagg", &[Label::Locator, Label::Page]),
    ("págs", &[Label::Locator, Label::Page]),
    ("pág", &[Label::Locator, Label::Page]),
    ("s", &[Label::Locator, Label::Page]),
    ("ss", &[Label::Locator, Label::Page]),
    ("f", &[Label::Locator, Label::Page]),
    ("ff", &[Label::Locator, Label::Page]),
    ("sq", &[Label::Locator, Label::Page]),
    ("sqq", &[Label::Locator, Label::Page]),
    ("seq", &[Label::Locator, Label::Page]),
    ("et", &[Label::Locator, Label::Page]),
    ("page", &[Label::Locator, Label::Page]),
    ("pages", &[Label::Locator, Label::Page]),
    ("seite", &[Label::Locator, Label::Page]),
    ("at", &[Label::Locator, Label::Page]),
    ("here", &[Label::Locator]),
    ("hier", &[Label::Locator]),
    ("ici", &[Label::Locator]),
    ("qui", &[Label::Locator]),
    ("aquí", &[Label::Locator]),
    ("esp", &[Label::Locator]),
    ("para", &[Label::Locator]),
    ("paras", &[Label::Locator]),
    ("par", &[Label::Locator]),
    ("rn", &[Label::Locator]),
    ("rdnr", &[Label::Locator]),
    ("abs", &[Label::Locator]),
    ("§", &[Label::Locator]),
    ("§§", &[Label::Locator]),
    ("¶", &[Label::Locator]),
    ("sec", &[Label::Locator]),
    ("secs", &[Label::Locator]),
    ("section", &[Label::Locator]),
    ("ch", &[Label::Locator]),
    ("chap", &[Label::Locator]),
    ("chapter", &[Label::Locator]),
    ("kap", &[Label::Locator]),
    ("cap", &[Label::Locator]),
    ("chap.", &[Label::Locator]),
    ("art", &[Label::Locator]),
    ("note", &[Label::Locator, Label::NoteRef]),
    (
        "n",
        &[Label::Locator, Label::NoteRef, Label::Issue, Label::Number],
    ),
    ("nn", &[Label::Locator, Label::NoteRef]),
    ("fn", &[Label::Locator, Label::NoteRef]),
    ("anm", &[Label::Locator, Label::NoteRef]),
    ("nt", &[Label::Locator, Label::NoteRef]),
    ("nota", &[Label::Locator, Label::NoteRef]),
    ("vol", &[Label::Volume]),
    ("vols", &[Label::Volume]),
    ("volume", &[Label::Volume]),
    ("bd", &[Label::Volume]),
    ("band", &[Label::Volume]),
    ("jg", &[Label::Volume]),
    ("t", &[Label::Volume]),
    ("tome", &[Label::Volume]),
    ("tomo", &[Label::Volume]),
    ("tom", &[Label::Volume]),
    (
        "no",
        &[Label::Issue, Label::Number, Label::CollectionNumber],
    ),
    ("nos", &[Label::Issue, Label::Number]),
    (
        "nr",
        &[Label::Issue, Label::Number, Label::CollectionNumber],
    ),
    ("núm", &[Label::Issue, Label::Number]),
    ("num", &[Label::Issue, Label::Number]),
    ("n°", &[Label::Issue, Label::Number]),
    ("nº", &[Label::Issue, Label::Number]),
    ("no.", &[Label::Issue, Label::Number]),
    ("issue", &[Label::Issue]),
    ("heft", &[Label::Issue]),
    ("h", &[Label::Issue]),
    ("fasc", &[Label::Issue, Label::Volume, Label::Number]),
    ("iss", &[Label::Issue]),
    ("ed", &[Label::Edition]),
    ("edn", &[Label::Edition]),
    ("edition", &[Label::Edition]),
    ("éd", &[Label::Edition]),
    ("édition", &[Label::Edition]),
    ("aufl", &[Label::Edition]),
    ("auflage", &[Label::Edition]),
    ("ediz", &[Label::Edition]),
    ("edición", &[Label::Edition]),
    ("rev", &[Label::Edition]),
    ("doi", &[Label::Doi]),
    ("isbn", &[Label::Isbn]),
    ("url", &[Label::Url]),
    ("online", &[Label::Url]),
    ("available", &[Label::Url]),
    ("accessed", &[Label::Note]),
    ("consulté", &[Label::Note]),
    ("abgerufen", &[Label::Note]),
    ("zugriff", &[Label::Note]),
    ("consultato", &[Label::Note]),
    ("consultado", &[Label::Note]),
    ("retrieved", &[Label::Url, Label::Note]),
    ("thesis", &[Label::Genre]),
    ("diss", &[Label::Genre]),
    ("dissertation", &[Label::Genre]),
    ("phd", &[Label::Genre]),
    ("cmd", &[Label::Number]),
    ("cm", &[Label::Number]),
    ("law", &[Label::Number]),
    ("com", &[Label::Number]),
    ("pub", &[Label::Number]),
    ("l", &[Label::Number, Label::ContainerTitle]),
    ("stat", &[Label::Number, Label::ContainerTitle]),
    ("nᵒ", &[Label::Issue, Label::Number, Label::Locator]),
    ("v", &[Label::Volume, Label::Locator]),
    ("partic", &[Label::Locator]),
    ("particulier", &[Label::Locator]),
    ("notamment", &[Label::Locator]),
    ("spéc", &[Label::Locator]),
    ("véase", &[Label::Locator]),
    ("o", &[Label::Locator, Label::Page]),
    ("roč", &[Label::Volume]),
    ("č", &[Label::Issue]),
    ("zv", &[Label::Volume]),
    ("sy", &[Label::Issue]),
    ("c", &[Label::Volume]),
    (
        "第",
        &[
            Label::Locator,
            Label::Page,
            Label::Volume,
            Label::Issue,
            Label::Edition,
        ],
    ),
    ("页", &[Label::Locator, Label::Page]),
    ("頁", &[Label::Locator, Label::Page]),
    ("卷", &[Label::Volume]),
    ("期", &[Label::Issue]),
    ("版", &[Label::Edition]),
];

/// Words that stand before a cross-reference (`see n 3`, `siehe Anm. 3`), else signals.
pub(crate) const SEE_WORDS: &[&str] = &[
    "see", "siehe", "vgl", "voir", "cf", "cfr", "vedi", "véase", "zie",
];

/// Multi-word terms outside any variable, lower-cased as written (any white space matches a
/// space), with their label.
pub(crate) const PLAIN_PHRASES: &[(&str, Label)] = &[
    ("en particulier", Label::Locator),
    ("et partic.", Label::Locator),
    ("[j/ol]", Label::Genre),
    ("[m/ol]", Label::Genre),
    ("[eb/ol]", Label::Genre),
    ("[j]", Label::Genre),
    ("[m]", Label::Genre),
    ("[c]", Label::Genre),
    ("[d]", Label::Genre),
    ("[r]", Label::Genre),
    ("[n]", Label::Genre),
    ("[z]", Label::Genre),
    ("s. d.", Label::Issued),
    ("n. d.", Label::Issued),
    ("o. j.", Label::Issued),
    ("s. a.", Label::Issued),
    ("s. f.", Label::Issued),
    ("s. l.", Label::PublisherPlace),
    ("s.l.", Label::PublisherPlace),
    ("o. o.", Label::PublisherPlace),
    ("n. p.", Label::PublisherPlace),
    ("n.p.", Label::PublisherPlace),
    ("s. n.", Label::Publisher),
    ("s.n.", Label::Publisher),
    ("op. cit.", Label::Backref),
    ("op. cit", Label::Backref),
    ("loc. cit.", Label::Backref),
    ("loc. cit", Label::Backref),
    ("art. cit.", Label::Backref),
    ("art. cit", Label::Backref),
    ("ouvr. cité", Label::Backref),
    ("ouv. cité", Label::Backref),
    ("ob. cit.", Label::Backref),
    ("obra cit.", Label::Backref),
    ("dz. cyt.", Label::Backref),
    ("a. a. o.", Label::Backref),
    ("a.g.e.", Label::Backref),
];

/// Other words a variable's affixes hold (`see` in `(see n 3)`), counted as explained.
pub(crate) const KNOWN_WORDS: &[&str] = &[
    "see",
    "cf",
    "vgl",
    "voir",
    "ref",
    "reference",
    "unpublished",
    "internet",
    "of",
    "und",
    "and",
    "et",
    "e",
    "y",
    "u",
    "a",
    "sowie",
    "hrsg",
    "ed",
    "eds",
    "vol",
    "tr",
    "trans",
];

/// Role words around AnyStyle name fields, stripped before the names are read.
pub(crate) const ROLE_PREFIXES: &[&str] = &[
    "In: ",
    "in: ",
    "In ",
    "in ",
    "edited by ",
    "Edited by ",
    "ed. by ",
    "Ed. by ",
    "eds. ",
    "ed. ",
    "Ed. ",
    "Eds. ",
    "(ed.) ",
    "(eds.) ",
    "Dir. ",
    "Dir, ",
    "Prod. ",
    "by ",
    "By ",
    "trans. ",
    "Trans. ",
    "translated by ",
    "Translated by ",
    "hg. v. ",
    "hrsg. v. ",
    "(Trans.) ",
    "(trans.) ",
    "(Ed.) ",
    "(Eds.) ",
    "in, ",
    "In, ",
];

/// Role words after AnyStyle name fields (compared with the final dots, commas and spaces
/// trimmed).
pub(crate) const ROLE_SUFFIXES: &[&str] = &[
    "(Ed.)",
    "(Eds.)",
    "(ed.)",
    "(eds.)",
    "(Ed)",
    "(Eds)",
    "(ed)",
    "(eds)",
    "(Hrsg.)",
    "(Hg.)",
    "(Hrsg)",
    "(Hg)",
    "(dir.)",
    "(éd.)",
    "(éds.)",
    "(a cura di)",
    "(coord.)",
    "(Director)",
    "(Producer)",
    "(Producers)",
    "(Writer/Director)",
    ", eds",
    ", ed",
    " eds",
    " ed",
    ", director",
    " director",
    " (Trans.)",
    " (trans.)",
    ", trans",
    "(Orgs.)",
    "(Org.)",
    "(Coord.)",
    "(Coords.)",
    "(Comp.)",
    "(Comps.)",
    "(org.)",
    "(orgs.)",
    "(coord.)",
];

/// Short words telling a title's language (German, French, Italian, Spanish).
pub(crate) const LANGUAGE_HINTS: &[(&str, &[&str])] = &[
    (
        "de-DE",
        &[
            "der", "die", "das", "und", "des", "im", "zur", "zum", "für", "über", "von", "ein",
            "eine", "mit", "dem", "den",
        ],
    ),
    (
        "fr-FR",
        &[
            "le", "la", "les", "des", "du", "et", "une", "un", "sur", "pour", "dans", "au", "aux",
            "l'", "d'",
        ],
    ),
    (
        "it-IT",
        &[
            "il", "della", "delle", "dei", "degli", "nel", "nella", "per", "sulla", "gli", "una",
            "e",
        ],
    ),
    (
        "es-ES",
        &[
            "el", "los", "las", "del", "y", "una", "en", "para", "sobre", "con", "por",
        ],
    ),
    (
        "pt-BR",
        &[
            "os", "da", "do", "dos", "das", "uma", "em", "com", "para", "e", "na", "no",
        ],
    ),
];

/// The number of an ordinal written as a word (`second`, `zweite`, `deuxième`).
pub(crate) fn word_ordinal(word: &str) -> Option<u32> {
    const ORDINALS: &[(&str, u32)] = &[
        ("first", 1),
        ("second", 2),
        ("third", 3),
        ("fourth", 4),
        ("fifth", 5),
        ("sixth", 6),
        ("seventh", 7),
        ("eighth", 8),
        ("ninth", 9),
        ("tenth", 10),
        ("erste", 1),
        ("zweite", 2),
        ("dritte", 3),
        ("vierte", 4),
        ("fünfte", 5),
        ("sechste", 6),
        ("premier", 1),
        ("première", 1),
        ("deuxième", 2),
        ("seconde", 2),
        ("troisième", 3),
        ("quatrième", 4),
        ("cinquième", 5),
        ("prima", 1),
        ("seconda", 2),
        ("terza", 3),
        ("quarta", 4),
        ("quinta", 5),
        ("primera", 1),
        ("segunda", 2),
        ("tercera", 3),
        ("cuarta", 4),
        ("erster", 1),
        ("zweiter", 2),
        ("dritter", 3),
    ];
    ORDINALS.iter().find(|(w, _)| *w == word).map(|(_, n)| *n)
}

/// The quotation marks of a language: opening and closing.
pub(crate) fn quote_marks(lang: &str, region: &str) -> (&'static str, &'static str) {
    match (lang, region) {
        ("de", _) => ("„", "“"),
        ("fr", _) => ("« ", " »"),
        ("it" | "es", _) => ("«", "»"),
        ("en", "GB") => ("‘", "’"),
        _ => ("“", "”"),
    }
}

/// The phrase banks: signals, commentary and quotations per language (`data/synth/phrases.tsv`).
pub(crate) const PHRASES: &str = include_str!("../../../data/synth/phrases.tsv");

/// What a phrase is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PhraseKind {
    /// A signal before a citation (`See`, `Vgl.`).
    Signal,
    /// Commentary before a citation, ending in a signal or not (`For a critique,|see`).
    Before,
    /// A sentence after the citations.
    After,
    /// A note of commentary only.
    Alone,
    /// The words that introduce a quotation.
    QuoteIntro,
    /// A quotation.
    Quote,
}

/// One phrase of the banks: commentary and the signal that ends it (either may be empty).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Phrase {
    pub kind: PhraseKind,
    pub text: String,
    pub signal: String,
}

/// The phrase banks of one language, read from [`PHRASES`] (the lines `LANG<TAB>KIND<TAB>TEXT`,
/// with `|` before the signal of a `before` phrase).
pub(crate) fn phrases_of(lang: &str) -> Vec<Phrase> {
    let mut out = Vec::new();
    for line in PHRASES.lines() {
        let mut cols = line.split('\t');
        let (Some(l), Some(kind), Some(text)) = (cols.next(), cols.next(), cols.next()) else {
            continue;
        };
        if l != lang || line.starts_with('#') {
            continue;
        }
        let kind = match kind {
            "signal" => PhraseKind::Signal,
            "before" => PhraseKind::Before,
            "after" => PhraseKind::After,
            "alone" => PhraseKind::Alone,
            "quote-intro" => PhraseKind::QuoteIntro,
            "quote" => PhraseKind::Quote,
            _ => continue,
        };
        let (text, signal) = match (kind, text.split_once('|')) {
            (PhraseKind::Signal, _) => ("", text),
            (_, Some((t, s))) => (t, s),
            (_, None) => (text, ""),
        };
        out.push(Phrase {
            kind,
            text: text.trim().to_string(),
            signal: signal.trim().to_string(),
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_has_its_banks() {
        for lang in ["en", "de", "fr", "it", "es"] {
            let p = phrases_of(lang);
            for kind in [
                PhraseKind::Signal,
                PhraseKind::Before,
                PhraseKind::After,
                PhraseKind::Alone,
                PhraseKind::QuoteIntro,
                PhraseKind::Quote,
            ] {
                assert!(p.iter().any(|x| x.kind == kind), "{lang} {kind:?}");
            }
        }
        let en = phrases_of("en");
        assert!(
            en.iter()
                .any(|p| p.text == "For a critique of this view," && p.signal == "see")
        );
    }
}
