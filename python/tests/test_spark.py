"""examples/spark_bibliography.py in Spark's local mode, against the command line."""

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = 200

pyspark = pytest.importorskip("pyspark") if not os.environ.get("CI") else __import__("pyspark")

AUTHORS = [
    ("Overbeek", "H."),
    ("Ghosh", "B."),
    ("Castles", "S."),
    ("Zolberg", "A."),
    ("Sassen", "S."),
    ("Hollifield", "J."),
    ("Weiner", "M."),
    ("Joppke", "C."),
]
PLACES = ["New York", "London", "Paris", "Geneva", "Oxford"]
PUBLISHERS = ["Oxford University Press", "Routledge", "Polity", "Karthala", "Sage"]


def generated(index: int) -> str:
    """A paper's notes: full citations, Ibid. and op. cit., different in every document."""
    lines = []
    number = 1
    for k in range(3 + index % 5):
        family, given = AUTHORS[(index + k) % len(AUTHORS)]
        year = 1980 + (index * 7 + k * 3) % 40
        title = f"Migration and the State, volume {index}-{k}"
        place = PLACES[(index + k) % len(PLACES)]
        publisher = PUBLISHERS[(index * 3 + k) % len(PUBLISHERS)]
        lines.append(
            f"{number} {family}, {given}, {year}, {title}, {place}, {publisher}, p.{10 + k}."
        )
        number += 1
        if k % 2 == 0:
            lines.append(f"{number} Ibid., p.{20 + k}.")
            number += 1
    family, _ = AUTHORS[index % len(AUTHORS)]
    lines.append(f"{number} {family}, op. cit., p.99.")
    return "\n".join(lines) + "\n"


def cli() -> str:
    named = os.environ.get("OPCIT_BIN")
    if named:
        return named
    for profile in ("release", "debug"):
        path = ROOT / "target" / profile / "opcit"
        if path.exists():
            return str(path)
    found = shutil.which("opcit")
    if found:
        return found
    if os.environ.get("CI"):
        raise AssertionError("the opcit command is not built (set OPCIT_BIN)")
    pytest.skip("the opcit command is not built")


def load_example():
    spec = importlib.util.spec_from_file_location(
        "spark_bibliography", ROOT / "examples" / "spark_bibliography.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_spark_gives_the_command_lines_references(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for index in range(DOCUMENTS):
        (docs / f"paper-{index:03}.txt").write_text(generated(index), encoding="utf-8")
    lines = subprocess.run(
        [cli(), str(docs), "--to", "csl-jsonl"], check=True, capture_output=True, text=True
    ).stdout.splitlines()
    expected = len(lines)
    assert expected > DOCUMENTS

    from pyspark.sql import SparkSession

    # The executors run this interpreter, the one with opcit installed.
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    example = load_example()
    spark = (
        SparkSession.builder.master("local[2]")
        .appName("opcit-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .getOrCreate()
    )
    try:
        out = tmp_path / "out"
        example.bibliography(spark, str(docs), str(out))
        references = spark.read.parquet(str(out / "references"))
        assert references.count() == expected
        assert references.select("document").distinct().count() == DOCUMENTS
        diagnostics = spark.read.parquet(str(out / "diagnostics"))
        assert diagnostics.where("code = 'unreadable'").count() == 0
        assert diagnostics.select("document").distinct().count() == DOCUMENTS

        # The same from a Parquet table of path, text.
        table = tmp_path / "table.parquet"
        rows = [(str(p), p.read_text(encoding="utf-8")) for p in sorted(docs.iterdir())]
        spark.createDataFrame(rows, "path string, text string").write.parquet(str(table))
        example.bibliography(spark, str(table), str(tmp_path / "out2"), parquet=True)
        assert spark.read.parquet(str(tmp_path / "out2" / "references")).count() == expected
    finally:
        spark.stop()
