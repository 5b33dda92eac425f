"""The type stubs: `mypy --strict` accepts a small use of the package."""

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


@pytest.mark.skipif(
    importlib.util.find_spec("mypy") is None and not os.environ.get("CI"),
    reason="mypy is not installed",
)
def test_mypy_strict_accepts_the_usage_file():
    run = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", str(HERE / "typing_usage.py")],
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_the_package_ships_its_stubs():
    import opcit

    package = Path(opcit.__file__).parent
    assert (package / "py.typed").exists()
    assert (package / "_opcit.pyi").exists()
