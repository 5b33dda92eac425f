"""opcit: the footnotes of scholarly, legal and policy papers, made into one bibliography.

Read a document, then take its bibliography in the form you need::

    import opcit

    document = opcit.read_file("fixtures/gcim-rcmp-2004.txt")
    for reference in document.references:
        print(reference["id"], reference.get("title"))
    print(document.to_bibtex())

``read_file`` and ``read_str`` release the GIL while opcit works, so documents read in
threads are read in parallel. Bad input raises a subclass of :class:`ValueError`
(:class:`InputError`); a file that cannot be read raises :class:`OSError`.
"""

from __future__ import annotations

import json
import os
from typing import Any, Dict, List, Optional, Union

from . import _opcit
from ._opcit import (
    EmptyInputError,
    EncodingError,
    FormatError,
    InputError,
    StyleError,
)

__all__ = [
    "Document",
    "EmptyInputError",
    "EncodingError",
    "FormatError",
    "InputError",
    "StyleError",
    "parse_reference",
    "read_file",
    "read_str",
]

__version__ = "0.1.0"

#: A JSON object as Python reads it.
Json = Dict[str, Any]


class Document:
    """A document read by opcit: its bibliography, its footnotes and the diagnostics.

    Spans are byte offsets ``[start, end)`` into the input (for a PDF, DOCX or ODT file: into
    :attr:`source_text`, the text opcit made of it).
    """

    __slots__ = ("_native", "_json")

    def __init__(self, native: _opcit.NativeDocument) -> None:
        self._native = native
        self._json: Optional[Json] = None

    def _document(self) -> Json:
        if self._json is None:
            self._json = json.loads(self._native.to_json())
        return self._json

    @property
    def references(self) -> List[Json]:
        """One CSL-JSON item per distinct work, in order of first citation, each with the
        ``spans`` of its fields."""
        references: List[Json] = self._document()["references"]
        return references

    @property
    def notes(self) -> List[Json]:
        """The footnotes, in document order, as in ``opcit --to json``: ``number``, ``spans``,
        ``text`` and ``citations`` (each with ``id``, ``kind``, ``locator``, ``span`` and
        ``ambiguous``)."""
        notes: List[Json] = self._document()["notes"]
        return notes

    @property
    def diagnostics(self) -> List[Json]:
        """Everything skipped, doubtful or repaired: ``severity``, ``code``, ``message`` and,
        where it has one, ``span``."""
        diagnostics: List[Json] = self._document()["diagnostics"]
        return diagnostics

    @property
    def source_text(self) -> Optional[str]:
        """For a PDF, DOCX or ODT file, the text opcit made of it; ``None`` for text input."""
        text: Optional[str] = self._document().get("source_text")
        return text

    def to_json(self) -> str:
        """The whole document as ``opcit --to json`` prints it."""
        return self._native.to_json()

    def to_bibtex(self) -> str:
        """The bibliography as BibTeX."""
        return self._native.to_format("bibtex")

    def to_biblatex(self) -> str:
        """The bibliography as BibLaTeX."""
        return self._native.to_format("biblatex")

    def to_csl_json(self) -> str:
        """The bibliography as a CSL-JSON array."""
        return self._native.to_format("csl-json")

    def to_ris(self) -> str:
        """The bibliography as RIS."""
        return self._native.to_format("ris")

    def to_yaml(self) -> str:
        """The bibliography as Hayagriva YAML."""
        return self._native.to_format("yaml")

    def to_text(
        self, style: str = "apa", notes: bool = False, locale: Optional[str] = None
    ) -> str:
        """The bibliography formatted in a CSL style (a style name or the path of a ``.csl``
        file); with ``notes``, each footnote's citations instead. Raises :class:`StyleError`
        for an unknown style or locale."""
        return self._native.to_format("text", style, locale, notes)

    def to_html(
        self, style: str = "apa", notes: bool = False, locale: Optional[str] = None
    ) -> str:
        """:meth:`to_text` as HTML."""
        return self._native.to_format("html", style, locale, notes)

    def __repr__(self) -> str:
        return (
            f"<opcit.Document: {len(self.references)} references, "
            f"{len(self.notes)} notes>"
        )


def read_str(text: Union[str, bytes], input: Optional[str] = None) -> Document:
    """Read a document from its text, or from the bytes of a file (text, PDF, DOCX or ODT).

    ``input`` is the kind of input, as ``opcit --input`` takes it (``pdf-text``, ``notes``,
    ``refs``, ``markdown``, ``latex``, ``docx``, ``odt``); detected when ``None``.
    Raises :class:`EmptyInputError` for an empty input, :class:`EncodingError` for bytes that
    are not UTF-8 (its ``offset`` is the first bad byte), :class:`ValueError` for an unknown
    ``input``.
    """
    return Document(_opcit.read_str(text, input))


def read_file(path: Union[str, "os.PathLike[str]"], input: Optional[str] = None) -> Document:
    """Read a document from a file, as the ``opcit`` command reads it. Raises :class:`OSError`
    when the file cannot be read, and the errors of :func:`read_str`."""
    return Document(_opcit.read_file(os.fspath(path), input))


def parse_reference(text: str) -> Json:
    """Parse one reference on its own into a CSL-JSON item (with ``spans`` into ``text`` and a
    non-empty ``id``)."""
    item: Json = json.loads(_opcit.parse_reference(text))
    return item
