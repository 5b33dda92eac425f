"""The bibliography of a corpus on Spark: opcit as a map step.

Reads a directory of documents (text, Markdown, LaTeX, PDF, DOCX, ODT; every file under it),
or a Parquet table with the columns ``path`` and ``text``, reads every document with opcit on
the executors (``mapInPandas``), and writes two Parquet tables:

- ``OUT/references``: one row per reference: ``document``, ``key``, ``csl_json`` (the CSL-JSON
  item, a JSON object as text);
- ``OUT/diagnostics``: one row per diagnostic: ``document``, ``severity``, ``code``,
  ``message``; a document opcit cannot read gives one ``error`` row with code ``unreadable``.

Run locally::

    pip install . pyspark pandas pyarrow
    python examples/spark_bibliography.py DOCS_DIR OUT_DIR
    python examples/spark_bibliography.py --parquet TABLE.parquet OUT_DIR

On a cluster, build the wheel once (``pip wheel . -w dist`` or ``maturin build --release``),
make it available on every executor, and submit the job::

    spark-submit --master yarn \\
        --conf spark.archives=opcit_env.tar.gz#env \\
        --conf spark.pyspark.python=./env/bin/python \\
        examples/spark_bibliography.py hdfs:///corpus hdfs:///bibliography

where ``opcit_env.tar.gz`` is a ``venv-pack`` or ``conda-pack`` archive of an environment with
the wheel installed (opcit has native code, so ``--py-files`` with the wheel works only when
the executors run the same platform and Python ABI: ``--py-files dist/opcit-*-abi3-*.whl``).
"""

from __future__ import annotations

import argparse
import json
from typing import Iterator, List, Optional

import pandas as pd
from pyspark.sql import DataFrame, SparkSession
from pyspark.sql import functions as F

#: The rows the map step gives: a reference or a diagnostic of one document.
RECORDS = (
    "document string, record string, key string, csl_json string, "
    "severity string, code string, message string"
)


def _records(document: str, content: object) -> List[dict]:
    """The reference and diagnostic rows of one document."""
    import opcit

    def diagnostic(severity: str, code: str, message: str) -> dict:
        return {
            "document": document,
            "record": "diagnostic",
            "key": None,
            "csl_json": None,
            "severity": severity,
            "code": code,
            "message": message,
        }

    if isinstance(content, (bytearray, memoryview)):
        content = bytes(content)
    try:
        read = opcit.read_str(content)  # type: ignore[arg-type]
    except (ValueError, OSError) as error:
        return [diagnostic("error", "unreadable", str(error))]
    rows = [
        {
            "document": document,
            "record": "reference",
            "key": item["id"],
            "csl_json": json.dumps(item, ensure_ascii=False),
            "severity": None,
            "code": None,
            "message": None,
        }
        for item in json.loads(read.to_csl_json())
    ]
    rows.extend(
        diagnostic(d["severity"], d["code"], d["message"]) for d in read.diagnostics
    )
    return rows


def read_documents(batches: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """The map step: every document of each batch (``path`` and ``content``) read by opcit."""
    columns = [part.split()[0] for part in RECORDS.split(", ")]
    for batch in batches:
        rows: List[dict] = []
        for path, content in zip(batch["path"], batch["content"]):
            rows.extend(_records(path, content))
        yield pd.DataFrame(rows, columns=columns)


def documents(spark: SparkSession, source: str, parquet: bool) -> DataFrame:
    """The documents as ``path, content``: the files under a directory (their bytes), or the
    ``path, text`` rows of a Parquet table."""
    if parquet:
        return spark.read.parquet(source).select(
            F.col("path"), F.col("text").alias("content")
        )
    return (
        spark.read.format("binaryFile")
        .option("recursiveFileLookup", "true")
        .load(source)
        .select("path", "content")
    )


def bibliography(spark: SparkSession, source: str, out: str, parquet: bool = False) -> None:
    """Read every document of `source` and write `out`/references and `out`/diagnostics."""
    records = documents(spark, source, parquet).mapInPandas(read_documents, RECORDS)
    records = records.persist()
    references = records.where(F.col("record") == "reference")
    references.select("document", "key", "csl_json").write.mode("overwrite").parquet(
        f"{out}/references"
    )
    diagnostics = records.where(F.col("record") == "diagnostic")
    diagnostics.select("document", "severity", "code", "message").write.mode(
        "overwrite"
    ).parquet(f"{out}/diagnostics")
    records.unpersist()


def main(argv: Optional[List[str]] = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", help="a directory of documents, or with --parquet a table")
    parser.add_argument("out", help="the directory of the two Parquet tables")
    parser.add_argument(
        "--parquet", action="store_true", help="read a Parquet table of path, text"
    )
    parser.add_argument("--master", default=None, help="e.g. local[4]; spark-submit sets it")
    args = parser.parse_args(argv)
    builder = SparkSession.builder.appName("opcit-bibliography")
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    try:
        bibliography(spark, args.source, args.out, args.parquet)
    finally:
        spark.stop()


if __name__ == "__main__":
    main()
