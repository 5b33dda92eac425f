"""A small use of the package, checked by `mypy --strict` (test_typing.py)."""

from pathlib import Path
from typing import Any, Dict, List

import opcit


def keys(path: Path) -> List[str]:
    document: opcit.Document = opcit.read_file(path, input=None)
    return [str(reference["id"]) for reference in document.references]


def outputs(text: str) -> str:
    document = opcit.read_str(text, input="notes")
    notes: List[Dict[str, Any]] = document.notes
    assert isinstance(notes, list)
    parts = [
        document.to_bibtex(),
        document.to_biblatex(),
        document.to_csl_json(),
        document.to_ris(),
        document.to_yaml(),
        document.to_json(),
        document.to_text(style="apa", notes=False),
        document.to_html(style="chicago-notes-ibid", notes=True, locale="en-US"),
    ]
    return "".join(parts)


def errors(data: bytes) -> int:
    try:
        opcit.read_str(data)
    except opcit.EncodingError as error:
        return error.offset
    except opcit.InputError:
        return -1
    return 0


def one(reference: str) -> Dict[str, Any]:
    return opcit.parse_reference(reference)
