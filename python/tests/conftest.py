"""Shared paths of the Python tests."""

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAPER = ROOT / "fixtures" / "gcim-rcmp-2004.txt"


@pytest.fixture
def paper_path() -> Path:
    return PAPER


@pytest.fixture
def paper_text() -> str:
    return PAPER.read_text(encoding="utf-8")
