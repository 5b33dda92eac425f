//! Back-references as case tables: a sequence of notes in, the resolution of each citation out
//! (`kind id @locator`, `?` and the candidates when ambiguous, `-` when unresolved).
//!
//! The notes are read by the hand-written rules, whose reading of these shapes is fixed, so
//! that the tables test the resolver alone; `tests/labeller.rs` resolves notes the model reads.

use opcit::cite::Parser;
use opcit::{InputKind, Options};

/// Options that read `kind` with the rules.
fn rules(kind: InputKind) -> Options {
    Options::with_input(kind).with_parser(Parser::Rules)
}

/// The notes (`N text`, one a line) resolved, one line per citation.
fn resolve(notes: &str) -> Vec<String> {
    resolve_as(notes, InputKind::Notes)
}

/// The input, read as `kind`, resolved: one line per citation.
fn resolve_as(notes: &str, kind: InputKind) -> Vec<String> {
    let doc = opcit::read_str(notes, &rules(kind)).expect("reads");
    let mut out = Vec::new();
    for note in &doc.notes {
        for c in &note.citations {
            let kind = serde_json::to_string(&c.kind).unwrap_or_default();
            let mut line = format!(
                "{} {} {}",
                note.number,
                kind.trim_matches('"'),
                c.id.as_deref().unwrap_or("-")
            );
            if let Some(l) = &c.locator {
                line.push_str(&format!(" @{l}"));
            }
            if c.ambiguous {
                line.push_str(&format!(" ? {}", c.candidates.join("|")));
            }
            out.push(line);
        }
    }
    out
}

#[test]
fn five_languages() {
    let notes =
        "1 Richard Tuck, Natural Rights Theories (Cambridge: Cambridge University Press, 1979), 45.
2 Ibid., 52.
3 Ibid.
4 Pierre Bourdieu, La Distinction. Critique sociale du jugement, Paris, Minuit, 1979, p. 12.
5 Tuck, op. cit., p. 60.
6 Bourdieu, op. cit., p. 20.
7 Ebd., S. 14.
8 Niklas Luhmann, Soziale Systeme, Frankfurt a.M., Suhrkamp, 1984, S. 193.
9 Ivi, p. 200.
10 Luhmann, a.a.O., S. 17.
11 Norberto Bobbio, L'età dei diritti, Torino, Einaudi, 1990, p. 45; Bourdieu, op. cit., p. 30.
12 Ibíd., p. 47.
13 Bobbio, ob. cit., p. 50.
14 Tuck, Natural Rights Theories, 70.
15 Bobbio, supra note 11, at 55.
";
    assert_eq!(
        resolve(notes),
        [
            "1 full tuck1979 @45",
            "2 ibid tuck1979 @52",
            "3 ibid tuck1979 @52",
            "4 full bourdieu1979 @12",
            "5 op-cit tuck1979 @60",
            "6 op-cit bourdieu1979 @20",
            "7 ibid bourdieu1979 @14",
            "8 full luhmann1984 @193",
            "9 ibid luhmann1984 @200",
            "10 op-cit luhmann1984 @17",
            "11 full bobbio1990 @45",
            "11 op-cit bourdieu1979 @30",
            "12 ibid bourdieu1979 @47 ? bourdieu1979|bobbio1990",
            "13 op-cit bobbio1990 @50",
            "14 short tuck1979 @70",
            "15 supra bobbio1990 @55",
        ]
    );
}

#[test]
fn op_cit_narrowed_by_year_and_loose_names() {
    let notes = "1 Thouez, C., 2002, The International Migration Policy Programme, Third Geneva Research and Policy Dialogue, Geneva, p.5.
2 Thouez, Colleen, 2004, The Role of Civil Society in Shaping International Migration Policy, Duke University, unpublished paper, p.8-9.
3 Thouez, Colleen, 2004, op. cit., p.10-17.
4 Thouez, op. cit.
5 Klekowski von Koppenfelds, A., 2001, The Role of Regional Consultative Processes in Managing International Migration, IOM Migration Research Series, n°3, IOM, Geneva.
6 Klekowski von Koppenfels, Amanda, 2001, p. 28, op. cit.
";
    assert_eq!(
        resolve(notes),
        [
            "1 full thouez2002 @5",
            "2 full thouez2004 @8-9",
            "3 op-cit thouez2004 @10-17",
            "4 op-cit thouez2004 ? thouez2004|thouez2002",
            "5 full klekowski2001",
            "6 op-cit klekowski2001 @28",
        ]
    );
}

#[test]
fn a_volume_cited_only_as_a_container() {
    let notes = "1 Overbeek, H., 2001, « Globalization », in Ghosh, B. (ed.), Managing Migration. Time for a New International Regime ?, New York, Oxford University Press, p.48.
2 Hollifield, J.F., 2001, “Migration and the ‘New’ International Order”, in Ghosh, B., op. cit., p.78.
3 See Ghosh, op. cit., p.237-238.
";
    assert_eq!(
        resolve(notes),
        [
            "1 full overbeek2001 @48",
            "2 full hollifield2001 @78",
            "3 op-cit ghosh2001 @237-238"
        ]
    );
}

#[test]
fn unresolvable_back_references_have_no_id() {
    let notes = "1 Ibid., p. 5.
2 Smith, op. cit., p. 3.
";
    assert_eq!(resolve(notes), ["1 ibid - @5", "2 op-cit - @3"]);
    let doc = opcit::read_str(notes, &rules(InputKind::Notes)).expect("reads");
    let unresolved = doc
        .diagnostics
        .iter()
        .filter(|d| d.code == opcit::model::DiagnosticCode::Unresolved)
        .count();
    assert_eq!(unresolved, 2);
}

#[test]
fn repeated_full_citations_are_one_reference() {
    let notes = "1 Channac, F., 2002, « The evolution of international decision-making processes concerning migration », in Zincone, G., 2002, Immigration politics, Joint Session ECPR 2002, Turin.
2 For a recent study, see Frederique Channac, The evolution of international decision-making processes concerning migration, 2002 (unpublished paper) Institut d’études politiques, Bordeaux.
";
    assert_eq!(resolve(notes), ["1 full channac2002", "2 full channac2002"]);
}

#[test]
fn loc_cit_takes_the_last_place_and_hereinafter_names_a_work() {
    let notes = "1 Commission on Human Security, Human Security Now, New York, 2003, p. 4 (hereinafter CHS Report).
2 See also Tuck, Richard, 1979, Natural Rights Theories, Cambridge, Cambridge University Press, p. 12.
3 CHS Report, 2003, p. 9.
4 Tuck, loc. cit.
";
    assert_eq!(
        resolve(notes),
        [
            "1 full commission2003 @4",
            "2 full tuck1979 @12",
            "3 full commission2003 @9",
            "4 loc-cit tuck1979 @12",
        ]
    );
}

/// The warnings of a kind in the document read from `notes`.
fn diagnostics(notes: &str, code: opcit::model::DiagnosticCode) -> Vec<String> {
    let doc = opcit::read_str(notes, &rules(InputKind::Notes)).expect("reads");
    doc.diagnostics
        .iter()
        .filter(|d| d.code == code)
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn vorige_note_means_the_previous_notes_work() {
    let notes = "1 Niklas Luhmann, Soziale Systeme, Frankfurt a.M., Suhrkamp, 1984, S. 193.
2 Vgl. vorige N., S. 20.
3 Jürgen Habermas, Faktizität und Geltung, Frankfurt a.M., Suhrkamp, 1992, S. 5.
4 Siehe vorige Fn., S. 7.
";
    assert_eq!(
        resolve(notes),
        [
            "1 full luhmann1984 @193",
            "2 supra luhmann1984 @20",
            "3 full habermas1992 @5",
            "4 supra habermas1992 @7",
        ]
    );
}

#[test]
fn italian_short_title_with_cit() {
    let notes = "1 M. Rossi, La città e il fiume, Milano, Einaudi, 1990, p. 3.
2 M. Rossi, Il porto di Genova, Bari, Laterza, 1995, p. 4.
3 Rossi, La città, cit., p. 12.
4 Rossi, Il porto, cit., p. 8.
";
    assert_eq!(
        resolve(notes),
        [
            "1 full rossi1990 @3",
            "2 full rossi1995 @4",
            "3 op-cit rossi1990 @12",
            "4 op-cit rossi1995 @8",
        ]
    );
}

#[test]
fn spanish_ob_cit_and_op_cit_with_a_year_and_loc_cit() {
    let notes = "1 José Ortega y Gasset, La rebelión de las masas, Madrid, Revista de Occidente, 1930, p. 10.
2 José Ortega y Gasset, España invertebrada, Madrid, Calpe, 1921, p. 15.
3 Ortega y Gasset, 1930, ob. cit., p. 22.
4 Ortega y Gasset, 1921, op. cit., p. 30.
5 Ortega y Gasset, 1930, loc. cit.
6 Ortega y Gasset, loc. cit.
";
    assert_eq!(
        resolve(notes),
        [
            "1 full ortega1930 @10",
            "2 full ortega1921 @15",
            "3 op-cit ortega1930 @22",
            "4 op-cit ortega1921 @30",
            "5 loc-cit ortega1930 @22",
            // two works and no year: the most recent, a guess
            "6 loc-cit ortega1930 @22 ? ortega1930|ortega1921",
        ]
    );
    // the same name written as one literal and as a family is no spelling difference
    assert!(diagnostics(notes, opcit::model::DiagnosticCode::LooseMatch).is_empty());
}

#[test]
fn supra_note_of_several_works_is_ambiguous() {
    let notes = "1 Richard Tuck, Natural Rights Theories, Cambridge, Cambridge University Press, 1979, p. 45; Quentin Skinner, The Foundations of Modern Political Thought, Cambridge, Cambridge University Press, 1978, p. 12.
2 Skinner, supra note 1, at 20.
3 See supra note 1.
";
    assert_eq!(
        resolve(notes),
        [
            "1 full tuck1979 @45",
            "1 full skinner1978 @12",
            "2 supra skinner1978 @20",
            "3 supra skinner1978 ? skinner1978|tuck1979",
        ]
    );
}

#[test]
fn idem_and_id_with_a_new_title() {
    let notes = "1 Pierre Bourdieu, La Distinction, Paris, Minuit, 1979, p. 12.
2 Idem, Le Sens pratique, Paris, Minuit, 1980, p. 33.
3 Id., Homo academicus, Paris, Minuit, 1984, p. 40.
4 Bourdieu, 1980, op. cit., p. 50.
";
    assert_eq!(
        resolve(notes),
        [
            "1 full bourdieu1979 @12",
            "2 idem bourdieu1980 @33",
            "3 idem bourdieu1984 @40",
            "4 op-cit bourdieu1980 @50",
        ]
    );
}

#[test]
fn dashes_in_a_reference_list_repeat_the_authors() {
    let refs = "Bourdieu, Pierre. 1979. La Distinction. Paris: Minuit.
———. 1980. Le Sens pratique. Paris: Minuit.
———. 1984. Homo academicus. Paris: Minuit.
Tuck, Richard. 1979. Natural Rights Theories. Cambridge: Cambridge University Press.
";
    assert_eq!(
        resolve_as(refs, InputKind::Refs),
        [
            "1 full bourdieu1979",
            "2 idem bourdieu1980",
            "3 idem bourdieu1984",
            "4 full tuck1979",
        ]
    );
}

#[test]
fn op_cit_of_an_author_never_cited_is_unresolved() {
    let notes = "1 Pierre Bourdieu, La Distinction, Paris, Minuit, 1979, p. 12.
2 Luhmann, op. cit., p. 3.
";
    assert_eq!(resolve(notes), ["1 full bourdieu1979 @12", "2 op-cit - @3"]);
    assert_eq!(
        diagnostics(notes, opcit::model::DiagnosticCode::Unresolved),
        ["note 2: no earlier work matches this back-reference"]
    );
}

#[test]
fn bluebook_cases_statutes_and_short_forms() {
    let notes = "1 See Chevron U.S.A. Inc. v. Natural Res. Def. Council, Inc., 467 U.S. 837, 842–43 (1984); 5 U.S.C. § 553 (2018).
2 Cass R. Sunstein, Incompletely Theorized Agreements, 108 Harv. L. Rev. 1733, 1740 (1995); and John Hart Ely, Democracy and Distrust 87 (1980).
3 Mead, 533 U.S. at 234 (quoting Skidmore v. Swift & Co., 323 U.S. 134, 140 (1944)).
4 Compare Nat'l Ass'n of Mfrs. v. NLRB, 717 F.3d 947, 957 (D.C. Cir. 2013), with Chevron, 467 U.S. at 843.
5 Id. at 845.
6 Sunstein, supra note 2, at 1745; Ely, supra note 2, at 102–03.";
    assert_eq!(
        resolve(notes),
        [
            "1 full chevron1984 @842-43",
            "1 full usc2018",
            "2 full sunstein1995 @1740",
            "2 full ely1980 @87",
            "3 short mead @234",
            "3 full skidmore1944 @140",
            "4 full natl2013 @957",
            "4 short chevron1984 @843",
            "5 ibid chevron1984 @845 ? chevron1984|natl2013",
            "6 supra sunstein1995 @1745",
            "6 supra ely1980 @102-03",
        ]
    );
}

#[test]
fn bluebook_history_sections_newspapers_and_dockets() {
    let notes = "1 Roe v. Wade, 410 U.S. 113 (1973), overruled by Dobbs v. Jackson Women's Health Org., 597 U.S. 215 (2022).
2 Richard A. Posner, Economic Analysis of Law § 3.2 (9th ed. 2014).
3 Adam Liptak, Supreme Court Strikes Down Chevron, Curtailing Power of Federal Agencies, N.Y. Times (June 28, 2024), https://www.nytimes.com/2024/06/28/us/supreme-court-chevron-ruling.html.
4 Smith v. Jones, No. 19-cv-1234, 2020 WL 1234567, at *3 (S.D.N.Y. Mar. 3, 2020).
5 See supra Part II.A.";
    assert_eq!(
        resolve(notes),
        [
            "1 full roe1973",
            "1 full dobbs2022",
            "2 full posner2014 @3.2",
            "3 full liptak2024",
            "4 full smith2020 @3",
        ]
    );
    let doc = opcit::read_str(notes, &rules(InputKind::Notes)).expect("reads");
    let liptak = doc.references.iter().find(|r| {
        r.container_title
            .as_ref()
            .is_some_and(|c| c.value == "N.Y. Times")
    });
    assert!(liptak.is_some_and(|r| {
        r.title
            .as_ref()
            .is_some_and(|t| t.value.ends_with("Federal Agencies"))
    }));
}
