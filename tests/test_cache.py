"""lstm_book.cache across processes, as the build's parallel kernels use it: one result is
computed once, whichever process asks first, and the others read it."""

from __future__ import annotations

import os
import subprocess
import sys
import time

import pytest

# A kernel of the build, reduced to one call: it says it has arrived (ARRIVED), then asks the
# cache for the entry. The first one's computation waits until the second has arrived, so the
# second asks while the first still computes.
KERNEL = """
import pickle, sys, time
from pathlib import Path
from lstm_book import cache

log, arrived, other = (Path(arg) for arg in sys.argv[1:4])

def compute():
    with log.open("a") as f:
        f.write("computed\\n")
    while not other.exists():
        time.sleep(0.01)
    time.sleep(0.5)  # the other process goes from saying it arrived to asking the cache
    return {"weights": [0.25, -1.5]}

arrived.touch()
print(cache.cached("probe", [cache.__file__], ("a setting", 3), compute))
"""


@pytest.mark.skipif(sys.platform == "win32", reason="the lock needs fcntl")
def test_two_kernels_asking_at_once_compute_the_result_once_and_both_read_it(tmp_path):
    env = os.environ | {"LSTM_BOOK_CACHE": str(tmp_path / "cache")}
    log, first, second = tmp_path / "computed.log", tmp_path / "first", tmp_path / "second"

    def kernel(arrived, other):
        return subprocess.Popen(
            [sys.executable, "-c", KERNEL, str(log), str(arrived), str(other)],
            env=env,
            stdout=subprocess.PIPE,
            text=True,
        )

    computing = kernel(first, second)
    deadline = time.monotonic() + 120
    while not log.exists():  # the first is computing
        assert computing.poll() is None and time.monotonic() < deadline, "the first kernel never computed"
        time.sleep(0.01)
    asking = kernel(second, first)
    outputs = [process.communicate(timeout=120)[0] for process in (computing, asking)]
    assert [process.returncode for process in (computing, asking)] == [0, 0]
    assert outputs == ["{'weights': [0.25, -1.5]}\n"] * 2
    assert log.read_text() == "computed\n"
    assert [path.suffix for path in (tmp_path / "cache").iterdir() if path.suffix != ".lock"] == [".pickle"]
