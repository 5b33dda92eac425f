"""The README's Python example runs and prints the bundled paper's 28 keys."""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_readme_example_prints_the_28_keys():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python", 1)[1]
    example = re.search(r"```python\n(.*?)```", section, re.S)
    assert example, "the README has a Python example"
    run = subprocess.run(
        [sys.executable, "-c", example.group(1)],
        cwd=ROOT,
        check=True,
        capture_output=True,
        text=True,
    )
    keys = run.stdout.split()
    assert len(keys) == 28
    assert "overbeek2001" in keys
