//! The notes stage on real fixtures: the bundled paper as PDF text and as numbered lists.

mod common;

use common::{fixture, read, sliced, squash};
use opcit::InputKind;
use opcit::model::DiagnosticCode;

const PAPER: &str = "gcim-rcmp-2004.txt";

/// Lines of body text that start a page right after a footnote zone, where a leak would show.
const BODY_AFTER_ZONES: &[&str] = &[
    "migration policy and practice from a comprehensive perspective",
    "regime9 in this field is still under construction",
    "concerns.11  The emergence of RCMPs",
    "through the Puebla Process”15",
    "namely: “a shift toward a more operational",
    "preferences are shaped over time.",
    "implementation with operational partners",
    "Furthermore, as the administrative structures",
    "Regionalism at the cost of internationalism?",
    "Including other voices in the discussion",
    "accounted for the limited role of civil society",
    "In referring to current international initiatives",
    "convergence in perceptions, understandings, and approaches.",
    "Global Commission on International Migration",
];

#[test]
fn paper_has_notes_1_to_43_each_once() {
    let input = fixture(PAPER);
    let doc = read(&input, None);
    let numbers: Vec<u32> = doc.notes.iter().map(|n| n.number).collect();
    assert_eq!(numbers, (1..=43).collect::<Vec<_>>());
    assert!(
        !doc.diagnostics
            .iter()
            .any(|d| d.severity >= opcit::model::Severity::Warning),
        "{:#?}",
        doc.diagnostics
    );
}

#[test]
fn paper_notes_are_whole_and_hold_no_body_text() {
    let input = fixture(PAPER);
    let doc = read(&input, Some(InputKind::PdfText));
    for note in &doc.notes {
        let text = sliced(&input, note);
        assert!(!text.trim().is_empty(), "note {} is empty", note.number);
        assert_eq!(
            text.trim(),
            text,
            "note {} has untrimmed spans",
            note.number
        );
        for body in BODY_AFTER_ZONES {
            assert!(
                !text.contains(body),
                "note {} holds body text {body:?}",
                note.number
            );
        }
        let sorted = note.spans.windows(2).all(|w| w[0].end <= w[1].start);
        assert!(sorted, "note {} spans overlap or go back", note.number);
    }
    let spans: Vec<_> = doc.notes.iter().flat_map(|n| n.spans.iter()).collect();
    assert!(
        spans.windows(2).all(|w| w[0].end <= w[1].start),
        "notes overlap"
    );
}

#[test]
fn note_10_continues_on_the_next_page() {
    let input = fixture(PAPER);
    let doc = read(&input, None);
    let note = doc.note(10).expect("note 10");
    assert_eq!(note.spans.len(), 2);
    let text = sliced(&input, note);
    assert!(
        text.starts_with("« Regionalisation » is a concept"),
        "{text}"
    );
    assert!(text.contains("Taylor, Paul, 1993"));
    assert!(text.ends_with("Pinter Publishers, London and New York, p.7-46."));
}

#[test]
fn note_27_runs_across_the_page_to_its_paragraph_sign() {
    let input = fixture(PAPER);
    let doc = read(&input, None);
    let note = doc.note(27).expect("note 27");
    assert_eq!(note.spans.len(), 2);
    let text = sliced(&input, note);
    assert!(text.starts_with("“The most important role"), "{text}");
    assert!(text.ends_with("§39."), "{text}");
}

#[test]
fn notes_14_and_37_continue_on_the_next_page() {
    let input = fixture(PAPER);
    let doc = read(&input, None);
    let n14 = sliced(&input, doc.note(14).expect("note 14"));
    assert!(n14.contains("IGC happens to be the first RCMP"));
    assert!(n14.ends_with("Joint \nSession ECPR 2002, Turin."), "{n14}");
    let n37 = sliced(&input, doc.note(37).expect("note 37"));
    assert!(
        n37.ends_with("see Thouez, Colleen, 2004, op. cit."),
        "{n37}"
    );
}

#[test]
fn short_notes_are_exact() {
    let input = fixture(PAPER);
    let doc = read(&input, None);
    let exact = [
        (
            13,
            "Though as will be discussed, IOM plays an important role in facilitating RCMPs.",
        ),
        (32, "See Ghosh, op. cit., p.237-238."),
        (38, "See : Thouez, Colleen, 2004, op. cit., p.10-17."),
        (
            43,
            "For additional information on GCIM, consult www.gcim.org.",
        ),
    ];
    for (number, expected) in exact {
        let note = doc.note(number).expect("note");
        assert_eq!(sliced(&input, note), expected);
        assert_eq!(note.text, expected);
    }
}

/// The notes of the paper read as PDF text, whitespace squashed.
fn paper_notes() -> Vec<(u32, String)> {
    let input = fixture(PAPER);
    read(&input, None)
        .notes
        .iter()
        .map(|n| (n.number, squash(&n.text)))
        .collect()
}

#[test]
fn numbered_paragraphs_give_the_same_notes() {
    let input = fixture("gcim-rcmp-2004-notes.txt");
    let doc = read(&input, None);
    let notes: Vec<(u32, String)> = doc
        .notes
        .iter()
        .map(|n| (n.number, squash(&n.text)))
        .collect();
    assert_eq!(notes, paper_notes());
}

#[test]
fn note_numbers_glued_to_their_text_give_the_same_notes() {
    // PDF extraction often glues a superscript note number to its text: `1This paper`
    let glued: String = fixture(PAPER)
        .lines()
        .map(|line| {
            let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            let rest = line[digits..].trim_start_matches(' ');
            if (1..=2).contains(&digits) && rest.starts_with(|c: char| c.is_uppercase() || c == '«')
            {
                format!("{}{rest}\n", &line[..digits])
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    let notes: Vec<(u32, String)> = read(&glued, None)
        .notes
        .iter()
        .map(|n| (n.number, squash(&n.text)))
        .collect();
    assert_eq!(notes, paper_notes());
}

#[test]
fn numbered_lines_give_the_same_notes() {
    let input = fixture("gcim-rcmp-2004-note-lines.txt");
    let doc = read(&input, Some(InputKind::Notes));
    let notes: Vec<(u32, String)> = doc
        .notes
        .iter()
        .map(|n| (n.number, squash(&n.text)))
        .collect();
    assert_eq!(notes, paper_notes());
    for note in &doc.notes {
        assert_eq!(note.spans.len(), 1);
        let original = sliced(&input, note);
        let line = format!("{}. {original}", note.number);
        assert!(input.lines().any(|l| l == line), "note {}", note.number);
    }
}

#[test]
fn a_list_with_gaps_keeps_its_numbers() {
    let input = fixture("gcim-rcmp-2004-note-gaps.txt");
    let doc = read(&input, None);
    let numbers: Vec<u32> = doc.notes.iter().map(|n| n.number).collect();
    assert_eq!(
        numbers,
        [
            2, 3, 5, 6, 7, 11, 12, 14, 15, 16, 20, 22, 26, 27, 32, 34, 36, 37, 38, 39, 40, 41, 43
        ]
    );
    let paper = paper_notes();
    for note in &doc.notes {
        let same = paper
            .iter()
            .find(|(n, _)| *n == note.number)
            .expect("note in paper");
        assert_eq!(squash(&note.text), same.1);
    }
    let gaps = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == DiagnosticCode::NoteNumberGap)
        .count();
    assert_eq!(gaps, 10);
}

#[test]
fn every_list_marker_form_is_read() {
    let input =
        "1 First note.\n2. Second note.\n[3] Third note.\n4) Fourth note.\n(5) Fifth note.\n";
    let doc = read(input, None);
    let numbers: Vec<u32> = doc.notes.iter().map(|n| n.number).collect();
    assert_eq!(numbers, [1, 2, 3, 4, 5]);
    assert_eq!(doc.note(3).map(|n| n.text.as_str()), Some("Third note."));
}

#[test]
fn numbering_that_goes_back_is_a_diagnostic() {
    let input = "3 Third.\n\n2 Second.\n\n1 First.\n";
    let doc = read(input, Some(InputKind::Notes));
    let numbers: Vec<u32> = doc.notes.iter().map(|n| n.number).collect();
    assert_eq!(numbers, [3, 2, 1]);
    let restarts = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == DiagnosticCode::NoteNumberRestart)
        .count();
    assert_eq!(restarts, 2);
}

#[test]
fn reference_lines_are_one_entry_each() {
    let input = "Tuck, Richard. Natural Rights Theories. Cambridge, 1979.\n\n\
                 Hurrell, Andrew. Regionalism in Theoretical Perspective. 1995.\n\n";
    let doc = read(input, Some(InputKind::Refs));
    // the blank line is an entry of its own, the blank line that ends the text none
    assert_eq!(doc.notes.len(), 3);
    assert_eq!(doc.references.len(), 3);
    assert_eq!(doc.notes[2].number, 3);
    assert!(sliced(input, &doc.notes[2]).starts_with("Hurrell"));
    assert!(doc.notes[1].text.is_empty());
}

/// A reference list whose first line ends in a hyphen, as a line of AnyStyle's gold does.
const HYPHENATED_REFS: &str = "Hildebrand, Klaus. Das vergangene Reich. Frankreich, Großbritan-\n\
     lieber, Francis. Manual of Political Ethics. Boston: Little, 1839.\n\
     Tuck, Richard. Natural Rights Theories. Cambridge: Cambridge University Press, 1979.\n";

#[test]
fn a_reference_line_ending_in_a_hyphen_is_not_joined_to_the_next() {
    for kind in [Some(InputKind::Refs), None] {
        let doc = read(HYPHENATED_REFS, kind);
        assert_eq!(doc.input, Some(InputKind::Refs));
        assert_eq!(doc.notes.len(), 3, "{kind:?}");
        assert_eq!(doc.references.len(), 3, "{kind:?}");
        assert!(
            doc.notes[0].text.ends_with("Großbritan-"),
            "{:?}",
            doc.notes[0].text
        );
        assert!(
            doc.notes[1].text.starts_with("lieber, Francis"),
            "{:?}",
            doc.notes[1].text
        );
        for (note, line) in doc.notes.iter().zip(HYPHENATED_REFS.lines()) {
            assert_eq!(sliced(HYPHENATED_REFS, note), line);
        }
    }
}

#[test]
fn a_soft_hyphen_at_a_reference_line_end_joins_nothing() {
    let input = "Hildebrand, Klaus. Das Reich. Großbritan\u{AD}\nlieber, Francis. Manual. 1839.\n";
    let doc = read(input, Some(InputKind::Refs));
    assert_eq!(doc.references.len(), 2);
    assert!(doc.notes[1].text.starts_with("lieber"));
}

#[test]
fn empty_and_unread_reference_lines_keep_their_place() {
    let input = "Tuck, Richard. Natural Rights Theories. Cambridge, 1979.\n\
                 \n\
                 …\n\
                 Hurrell, Andrew. Regionalism in Theoretical Perspective. 1995.\n";
    let doc = read(input, Some(InputKind::Refs));
    assert_eq!(doc.references.len(), 4);
    let empty = &doc.references[1];
    assert!(!empty.id.is_empty());
    assert!(!empty.has_variables(), "{empty:?}");
    let unread = &doc.references[2];
    assert!(!unread.id.is_empty());
    assert_eq!(unread.note.as_ref().map(|n| n.value.as_str()), Some("…"));
    assert!(
        doc.references[3]
            .author
            .iter()
            .any(|a| a.family.as_deref() == Some("Hurrell"))
    );
    let ids: std::collections::HashSet<&str> =
        doc.references.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids.len(), 4, "ids unique");
    let unparsed: Vec<&str> = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == DiagnosticCode::Unparsed)
        .map(|d| d.message.as_str())
        .collect();
    assert_eq!(unparsed.len(), 2, "{unparsed:?}");
    assert!(
        unparsed.iter().any(|m| m.contains("line 2 is empty")),
        "{unparsed:?}"
    );
    assert!(
        unparsed.iter().any(|m| m.contains("line 3")),
        "{unparsed:?}"
    );
}

#[test]
fn form_feeds_end_a_footnote_zone() {
    let input = "Body text with a note.1\n\
                 ____________\n\
                 1 Tuck, Richard, 1979, Natural Rights Theories, Cambridge, p. 12.\n\
                 7\n\
                 \u{c}More body text on the next page.2\n\
                 ____________\n\
                 2 Ibid., p. 14.\n";
    let doc = read(input, None);
    let texts: Vec<String> = doc.notes.iter().map(|n| sliced(input, n)).collect();
    assert_eq!(
        texts,
        [
            "Tuck, Richard, 1979, Natural Rights Theories, Cambridge, p. 12.",
            "Ibid., p. 14."
        ]
    );
    assert!(
        doc.diagnostics
            .iter()
            .any(|d| d.code == DiagnosticCode::SkippedText)
    );
}

#[test]
fn markdown_notes_are_numbered_as_the_text_refers_to_them() {
    let input = fixture("markup/chicago-essay.md");
    let doc = read(&input, None);
    assert_eq!(doc.input, Some(InputKind::Markdown));
    let numbers: Vec<u32> = doc.notes.iter().map(|n| n.number).collect();
    assert_eq!(numbers, (1..=9).collect::<Vec<_>>());
    // the inline note, sixth in the text, runs over two lines of its paragraph
    let inline = &doc.notes[5];
    assert!(sliced(&input, inline).starts_with("See also Brubaker,\n\"Ethnicity"));
    // emphasis marks are gone from the text but not from the spans
    let first = &doc.notes[0];
    assert!(
        first
            .text
            .starts_with("Benedict Anderson, Imagined Communities:")
    );
    assert!(sliced(&input, first).starts_with("Benedict Anderson, *Imagined Communities:"));
}

#[test]
fn latex_notes_read_as_printed_and_point_into_the_source() {
    let input = fixture("markup/article-francais.tex");
    let doc = read(&input, None);
    assert_eq!(doc.input, Some(InputKind::Latex));
    assert_eq!(doc.notes.len(), 10, "the note in a comment is not read");
    let noiriel = &doc.notes[2];
    assert!(squash(&noiriel.text).contains("Le Creuset français. Histoire de l'immigration"));
    let reference = doc.reference("noiriel1988").expect("Noiriel's book");
    let title = reference
        .title
        .as_ref()
        .and_then(|t| t.span)
        .expect("title span");
    assert!(input[title.start..title.end].starts_with("Le Creuset\nfran\\c{c}ais"));
    let cited = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == DiagnosticCode::CitationCommand)
        .count();
    assert_eq!(cited, 1);
}

#[test]
fn pages_without_rules_find_the_zone_at_the_foot() {
    // No footnote rule: a numbered heading in the body is no note, and the zone of the next
    // page starts with the lines that carry on the last note.
    let input = "Series Name, No. 7\n\n\
                 1. Introduction\n\n\
                 Body text with a note.1 More body text.2\n\n\
                 1 A comment on the body.\n\
                 2 Hathaway, The Law of Refugee Status, Toronto, Butterworths, 1991, quoting “the\n\
                 words of\n\n\
                 1\n\
                 \u{c}Series Name, No. 7\n\n\
                 2. Next section\n\n\
                 Body text again.3\n\n\
                 the quotation”.\n\
                 3 Ibid., p. 5.\n\n\
                 2\n\
                 \u{c}Series Name, No. 7\n\n\
                 Last page.4\n\n\
                 4 Ibid., p. 6.\n\n\
                 3\n";
    assert_eq!(
        numbered_texts(input),
        [
            (1, "A comment on the body.".to_string()),
            (
                2,
                "Hathaway, The Law of Refugee Status, Toronto, Butterworths, 1991, quoting “the\nwords of\nthe quotation”.".to_string()
            ),
            (3, "Ibid., p. 5.".to_string()),
            (4, "Ibid., p. 6.".to_string()),
        ]
    );
}

/// Each note of a text read with its kind detected: its number and its text.
fn numbered_texts(input: &str) -> Vec<(u32, String)> {
    read(input, None)
        .notes
        .iter()
        .map(|n| (n.number, sliced(input, n)))
        .collect()
}

/// A law review page: a starred author's note heads the first footnote zone, and a note may
/// open with the number of a code title (`7 5 U.S.C. § 553`).
#[test]
fn starred_author_note_and_statute_notes() {
    let page = "TITLE\n\nBody text cites a rule.1 And a statute.2\n\n* Professor of Law. I thank my\ncolleagues.\n1 See Rust v. Sullivan, 500 U.S. 173 (1991).\n2 5 U.S.C. § 553 (2018).\n\n211\n\u{c}212 LAW REVIEW [Vol. 1:1\n\nMore body text.3\n\n3 42 U.S.C. § 1983 (2018).\n";
    let doc =
        opcit::read_str(page, &opcit::Options::with_input(InputKind::PdfText)).expect("reads");
    let notes: Vec<(u32, &str)> = doc
        .notes
        .iter()
        .map(|n| (n.number, n.text.as_str()))
        .collect();
    assert_eq!(
        notes,
        [
            (1, "See Rust v. Sullivan, 500 U.S. 173 (1991)."),
            (2, "5 U.S.C. § 553 (2018)."),
            (3, "42 U.S.C. § 1983 (2018)."),
        ]
    );
}

/// Paged PDF text of a journal whose page numbers stand under the running head, whose notes
/// end in web addresses wrapped over two lines, and whose last note runs on to the foot of a
/// page without notes.
#[test]
fn page_numbers_under_running_heads_calls_and_late_continuations() {
    let input = "Zeitschrift für Rechtssoziologie\n\n\
                 211\n\n\
                 Der Text ruft eine Anmerkung auf.1 Und noch eine.2\n\n\
                 1 Vgl. Meier, Recht im Alltag, 2. Aufl., Berlin 1990, S. 12.\n\
                 2 Siehe https://example.org/archiv/2019-\n\
                 04-12\n\
                 \u{c}Anna Schmidt\n\n\
                 212\n\n\
                 ein Satz des Haupttextes, der die Anmerkung 3 aufruft und weiter\n\
                 geht.3\n\n\
                 3 So schon Müller, Rechtstatsachen, KZfSS 35 (1983) 212 ff., und\n\
                 \u{c}Zeitschrift für Rechtssoziologie\n\n\
                 213\n\n\
                 Der Haupttext endet hier.\n\n\
                 die dort genannten Urteile.\n\
                 \u{c}Anna Schmidt\n\n\
                 214\n\n\
                 Literatur\n\n\
                 Meier, K., Recht im Alltag, Berlin 1990.\n";
    assert_eq!(
        numbered_texts(input),
        [
            (
                1,
                "Vgl. Meier, Recht im Alltag, 2. Aufl., Berlin 1990, S. 12.".to_string()
            ),
            (2, "Siehe https://example.org/archiv/2019-\n04-12".to_string()),
            (
                3,
                "So schon Müller, Rechtstatsachen, KZfSS 35 (1983) 212 ff., und\ndie dort genannten Urteile."
                    .to_string()
            ),
        ]
    );
}
