"""The bundled paper read through the Python package, as the command line reads it."""

import json
import shutil
import subprocess

import pytest

import opcit


def test_the_paper_has_its_28_references(paper_path):
    document = opcit.read_file(paper_path)
    assert len(document.references) == 28
    assert all(reference["id"] for reference in document.references)
    assert all("spans" in reference for reference in document.references)


def test_read_str_and_read_file_agree(paper_path, paper_text):
    from_file = opcit.read_file(str(paper_path))
    from_text = opcit.read_str(paper_text)
    from_bytes = opcit.read_str(paper_text.encode("utf-8"))
    assert from_file.to_json() == from_text.to_json() == from_bytes.to_json()


def test_ibid_is_resolved_to_the_work_before(paper_text):
    document = opcit.read_str(paper_text)
    ibids = [
        (note, citation)
        for note in document.notes
        for citation in note["citations"]
        if citation["kind"] == "ibid"
    ]
    assert ibids, "the paper has Ibid. notes"
    ids = {reference["id"] for reference in document.references}
    for note, citation in ibids:
        assert citation["id"] == "channac2002", note["text"]
        # The note before cites two works: the choice is flagged, with both candidates.
        assert citation["ambiguous"] is True
        assert set(citation["candidates"]) <= ids


def test_citations_have_their_fields(paper_text):
    document = opcit.read_str(paper_text)
    citations = [c for note in document.notes for c in note["citations"]]
    assert citations
    for citation in citations:
        assert {"id", "kind", "span", "ambiguous"} <= citation.keys()
        start, end = citation["span"]
        assert 0 <= start < end <= len(paper_text.encode("utf-8"))


def test_spans_point_into_the_input(paper_text):
    document = opcit.read_str(paper_text)
    raw = paper_text.encode("utf-8")
    reference = next(r for r in document.references if r["id"] == "overbeek2001")
    (start, end), = reference["spans"]["title"]
    assert "Globalization" in raw[start:end].decode("utf-8")


def test_the_outputs_are_the_command_lines(paper_path):
    document = opcit.read_file(paper_path)
    assert document.to_bibtex().count("\n@") + 1 == 28
    assert document.to_biblatex().startswith("@")
    assert len(json.loads(document.to_csl_json())) == 28
    assert document.to_ris().count("ER  -") == 28
    assert "title:" in document.to_yaml()
    whole = json.loads(document.to_json())
    assert len(whole["references"]) == 28
    assert document.to_text(style="apa").count("\n") >= 28
    assert "<div" in document.to_html(style="apa")
    assert document.to_text(style="chicago-notes-ibid", notes=True)


@pytest.mark.skipif(shutil.which("pandoc") is None, reason="pandoc is not installed")
def test_pandoc_reads_the_bibtex_back(paper_path, tmp_path):
    bib = tmp_path / "paper.bib"
    bib.write_text(opcit.read_file(paper_path).to_bibtex(), encoding="utf-8")
    out = subprocess.run(
        ["pandoc", "-f", "bibtex", "-t", "csljson", str(bib)],
        check=True,
        capture_output=True,
        text=True,
    )
    assert len(json.loads(out.stdout)) == 28


def test_parse_reference_gives_an_item_with_an_id():
    item = opcit.parse_reference(
        "Tuck, Richard. Natural Rights Theories. Cambridge: Cambridge University Press, 1979."
    )
    assert item["id"] == "tuck1979"
    assert item["title"] == "Natural Rights Theories"
    assert item["author"] == [{"family": "Tuck", "given": "Richard"}]


def test_input_kind_is_the_command_lines():
    document = opcit.read_str(
        "Tuck, Richard. Natural Rights Theories. Cambridge: CUP, 1979.\n"
        "Rawls, John. A Theory of Justice. Cambridge: Harvard University Press, 1971.\n",
        input="refs",
    )
    assert [r["id"] for r in document.references] == ["tuck1979", "rawls1971"]


def test_diagnostics_are_dicts(paper_text):
    document = opcit.read_str(paper_text)
    assert document.diagnostics
    assert all({"severity", "code", "message"} <= d.keys() for d in document.diagnostics)
    assert "28 references" in repr(document)
