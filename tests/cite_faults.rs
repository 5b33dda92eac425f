//! Cite-stage faults: a citation is read whatever case its quoted title starts in, whatever
//! format marks or combining marks its letters carry, and what the cite stage does not keep
//! is a diagnostic.

use opcit::cite::Parser;
use opcit::model::DiagnosticCode;
use opcit::{Document, Options};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Both parsers: the hand-written rules and the trained labeller.
fn parsers() -> [(&'static str, Parser); 2] {
    [("rules", Parser::Rules), ("model", Parser::Model)]
}

/// Read `input` as notes with `parser`.
fn read(input: &str, parser: &Parser) -> Document {
    let options = Options::with_input(opcit::InputKind::Notes).with_parser(parser.clone());
    opcit::read_str(input, &options).expect("document reads")
}

/// The titles of the bibliography, in order.
fn titles(document: &Document) -> Vec<String> {
    document
        .references
        .iter()
        .map(|r| {
            r.title
                .as_ref()
                .map(|t| t.value.clone())
                .unwrap_or_default()
        })
        .collect()
}

/// The first author's family name of each reference, in order.
fn families(document: &Document) -> Vec<String> {
    document
        .references
        .iter()
        .map(|r| {
            r.author
                .first()
                .and_then(|n| n.family.clone().or(n.literal.clone()))
                .unwrap_or_default()
        })
        .collect()
}

/// Every span of the references slices `input` on character boundaries.
fn assert_spans_slice(input: &str, document: &Document) {
    for r in &document.references {
        for (key, field) in r.text_fields() {
            if let Some(span) = field.and_then(|f| f.span) {
                assert!(input.get(span.range()).is_some(), "{key} {span:?}");
            }
        }
        for n in &r.author {
            if let Some(span) = n.span {
                assert!(input.get(span.range()).is_some(), "author {span:?}");
            }
        }
    }
}

/// Citations whose quoted title starts in lowercase, in several house styles.
const LOWERCASE_TITLES: &[(&str, &str)] = &[
    (
        "1 Smith, J., 2001, « key value of migration », London, Press.\n",
        "key value of migration",
    ),
    (
        "1 See Brown, A., 1999, « the politics of asylum », Oxford, Clarendon Press, p. 4.\n",
        "the politics of asylum",
    ),
    (
        "1 Durand, P., 2003, « la migration en Europe », Paris, Seuil, p. 12.\n",
        "la migration en Europe",
    ),
    (
        "1 Rossi, M., 2005, “il diritto dei migranti”, Roma, Laterza.\n",
        "il diritto dei migranti",
    ),
];

#[test]
fn a_quoted_title_in_lowercase_is_read() {
    for (name, parser) in parsers() {
        for &(input, title) in LOWERCASE_TITLES {
            let document = read(input, &parser);
            assert_eq!(titles(&document), [title], "{name}: {input}");
        }
    }
}

/// A note that looks like a citation gives a citation or a diagnostic, never nothing.
#[test]
fn what_the_cite_stage_leaves_out_is_a_diagnostic() {
    let inputs = [
        "1 Smith, J., 2001, « key value of migration », London, Press.\n",
        "1 As Smith, J., 2001, argued, « a value », London, Press.\n",
        "1 : « migration », Smith, J., 2001.\n",
        "1 Smith, J., 2001.\n",
    ];
    for (name, parser) in parsers() {
        for input in inputs {
            let document = read(input, &parser);
            let cited = document.notes.iter().any(|n| !n.citations.is_empty());
            let said = document
                .diagnostics
                .iter()
                .any(|d| d.code == DiagnosticCode::Unparsed);
            assert!(cited || said, "{name}: {input} gave nothing");
        }
    }
}

/// The format marks of bidirectional text.
const BIDI_MARKS: &[char] = &[
    '\u{200e}', '\u{200f}', '\u{202a}', '\u{202b}', '\u{202c}', '\u{202d}', '\u{202e}', '\u{2066}',
    '\u{2067}', '\u{2068}', '\u{2069}',
];

#[test]
fn bidi_marks_stay_out_of_the_values() {
    let plain = "1 Smith, J., 2001, « Key Value of Migration », London, Press.\n";
    for (name, parser) in parsers() {
        let expected = read(plain, &parser);
        for &mark in BIDI_MARKS {
            let shapes = [
                format!("1 {mark}Smith, J., 2001, « Key Value of Migration », London, Press.\n"),
                format!("1 Smith, J., 2001, « {mark}Key Value of Migration », London, Press.\n"),
                format!(
                    "1 Smith, J., 2001, « Key Value of{mark} Migration{mark} », London, Press.\n"
                ),
                format!(
                    "1 Smith, J., 2001, « Key Value of Migration », {mark}London, Press.{mark}\n"
                ),
            ];
            for input in &shapes {
                let document = read(input, &parser);
                assert_eq!(titles(&document), titles(&expected), "{name}: {input:?}");
                assert_eq!(
                    families(&document),
                    families(&expected),
                    "{name}: {input:?}"
                );
                let places: Vec<_> = document
                    .references
                    .iter()
                    .map(|r| r.publisher_place.as_ref().map(|p| p.value.clone()))
                    .collect();
                assert_eq!(places, [Some("London".to_string())], "{name}: {input:?}");
                assert_spans_slice(input, &document);
            }
        }
    }
}

/// Notes in several styles, as their authors typed them.
const PLAIN_NOTES: &str = "\
1 Overbeek, H., 2001, « Globalization and Governance », London, Routledge, p. 48.
2 Müller, K., 1999, « Über das Völkerrecht », Berlin, Duncker & Humblot.
3 Durand, P., 2003, « Les migrations forcées en Europe », Genève, Éditions Zoé.
4 Ghosh, B. (ed.), 2000, Managing Migration, New York, Oxford University Press.
";

/// The text with `mark` after every letter.
fn marked(text: &str, mark: char) -> String {
    text.chars()
        .flat_map(|c| {
            let extra = c.is_alphabetic().then_some(mark);
            std::iter::once(c).chain(extra)
        })
        .collect()
}

/// The text without its combining marks, its letters decomposed first.
fn unmarked(text: &str) -> String {
    text.nfd().filter(|&c| !is_combining_mark(c)).collect()
}

#[test]
fn decomposed_input_reads_as_its_composed_form() {
    let composed: String = PLAIN_NOTES.nfc().collect();
    let decomposed: String = PLAIN_NOTES.nfd().collect();
    for (name, parser) in parsers() {
        let expected = read(&composed, &parser);
        let document = read(&decomposed, &parser);
        assert_eq!(titles(&document), titles(&expected), "{name}");
        assert_eq!(families(&document), families(&expected), "{name}");
        assert_spans_slice(&decomposed, &document);
    }
}

#[test]
fn combining_marks_on_every_letter_lose_no_reference() {
    for (name, parser) in parsers() {
        let expected = read(&unmarked(PLAIN_NOTES), &parser);
        assert_eq!(expected.references.len(), 4, "{name}");
        for mark in ['\u{308}', '\u{301}', '\u{332}', '\u{20d7}'] {
            let input = marked(PLAIN_NOTES, mark);
            let document = read(&input, &parser);
            let got: Vec<String> = titles(&document).iter().map(|t| unmarked(t)).collect();
            assert_eq!(got, titles(&expected), "{name} {mark:?}");
            let got: Vec<String> = families(&document).iter().map(|t| unmarked(t)).collect();
            assert_eq!(got, families(&expected), "{name} {mark:?}");
            // the marks stay in the values
            let first = titles(&document).first().cloned().unwrap_or_default();
            assert!(first.contains(mark), "{name}: {first}");
            assert_spans_slice(&input, &document);
        }
    }
}
