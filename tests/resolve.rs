//! Back-references as case tables: a sequence of notes in, the resolution of each citation out
//! (`kind id @locator`, `?` when ambiguous, `-` when unresolved).

use opcit::{InputKind, Options};

/// The notes (`N text`, one a line) resolved, one line per citation.
fn resolve(notes: &str) -> Vec<String> {
    let doc = opcit::read_str(notes, &Options::with_input(InputKind::Notes)).expect("reads");
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
                line.push_str(" ?");
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
            "12 ibid bourdieu1979 @47 ?",
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
            "4 op-cit thouez2004 ?",
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
    let doc = opcit::read_str(notes, &Options::with_input(InputKind::Notes)).expect("reads");
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
