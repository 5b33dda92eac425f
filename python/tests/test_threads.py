"""The GIL is released while opcit works: threads read documents in parallel."""

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import opcit


def test_threads_get_the_same_documents(paper_text):
    expected = opcit.read_str(paper_text).to_json()
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda _: opcit.read_str(paper_text).to_json(), range(16)))
    assert results == [expected] * 16


def test_python_runs_while_a_document_is_read(paper_text):
    """Another thread runs Python code during the call: with the GIL held, no Python
    bytecode could run between the call's start and its end."""
    big = paper_text * 20
    window = {}

    def read() -> None:
        window["start"] = time.monotonic()
        opcit.read_str(big)
        window["end"] = time.monotonic()

    reader = threading.Thread(target=read)
    ticks = []
    reader.start()
    while reader.is_alive():
        ticks.append(time.monotonic())
        for _ in range(1000):
            pass
    reader.join()
    # Python's switch interval is 5 ms: keep clear of the edges of the call.
    margin = 0.02
    start, end = window["start"] + margin, window["end"] - margin
    assert end > start, "the call is long enough to be observed"
    assert any(start < tick < end for tick in ticks)
