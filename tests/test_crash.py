"""A rebuild killed with SIGKILL at any moment leaves the previous index loadable and consistent."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from reviewqa.corpus import Corpus, load_corpus
from reviewqa.embed import HashEmbedder
from reviewqa.index import build_index, load_index
from reviewqa.synthetic import synthetic_corpus

from .conftest import CORPUS

BUILD = """
import sys
from pathlib import Path
from reviewqa.corpus import load_corpus
from reviewqa.embed import HashEmbedder
from reviewqa.index import build_index
from reviewqa.synthetic import synthetic_corpus
corpus = synthetic_corpus(int(sys.argv[2]), load_corpus(Path(sys.argv[3])), seed=int(sys.argv[4]))
if sys.argv[5] != "-":  # a few entries renamed: a rebuild in place
    records = list(corpus.records)
    for row in range(0, 50, 10):
        entry = records[row].entry.model_copy(update={"name": records[row].entry.name + " " + sys.argv[5]})
        records[row] = records[row].make(records[row].id, entry, records[row].path)
    corpus = corpus.__class__(corpus.root, tuple(records), corpus.profile)
print("start", flush=True)
build_index(corpus, HashEmbedder(), Path(sys.argv[1]))
print("done", flush=True)
"""


def start_rebuild(folder: Path, seed: int, tag: str = "-") -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", BUILD, str(folder), "12000", str(CORPUS), str(seed), tag],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None and proc.stdout.readline().strip() == "start"
    return proc


def renamed(corpus: Corpus, tag: str) -> Corpus:
    """The corpus the build script makes for ``tag`` (its five renamed entries), to know its fingerprint."""
    if tag == "-":
        return corpus
    records = list(corpus.records)
    for row in range(0, 50, 10):
        entry = records[row].entry.model_copy(update={"name": records[row].entry.name + " " + tag})
        records[row] = records[row].make(records[row].id, entry, records[row].path)
    return Corpus(corpus.root, tuple(records), corpus.profile)


def consistent(folder: Path) -> list[str]:
    index = load_index(folder)  # raises if any file disagrees with the manifest
    assert len(index.ids) == len(index.entries) == len(index.texts) == len(index.hashes)
    assert index.faiss_index.ntotal == index.base_count == len(index.owners) - len(index.delta)
    return index.ids


@pytest.mark.slow
@pytest.mark.skipif(os.name != "posix", reason="SIGKILL")
@pytest.mark.parametrize("in_place", [False, True], ids=["whole", "in-place"])
def test_killed_rebuilds_leave_the_previous_index_serving(tmp_path, in_place):
    """Whole rebuilds (every entry new) and rebuilds in place (five entries renamed: the base is linked, a delta
    and tombstones written), each killed at a random moment six times."""
    folder = tmp_path / "index"
    real = load_corpus(CORPUS)
    # One rebuild left to finish tells how long a rebuild takes on this machine; kills land anywhere in that span.
    started = start_rebuild(folder, seed=99)
    t0 = time.monotonic()
    assert started.wait(timeout=300) == 0
    duration = time.monotonic() - t0
    if in_place:
        started = start_rebuild(folder, seed=99, tag="timed")
        t0 = time.monotonic()
        assert started.wait(timeout=300) == 0
        duration = time.monotonic() - t0
        assert load_index(folder).manifest["tombstones"] > 0
    assert len(consistent(folder)) == 12000
    previous = (folder / "CURRENT").read_text().strip()
    rng = random.Random(5)
    outcomes = []
    for attempt in range(6):
        seed, tag = (99, f"v{attempt}") if in_place else (100 + attempt, "-")
        proc = start_rebuild(folder, seed, tag)
        time.sleep(rng.uniform(0.05, duration))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        ids = consistent(folder)
        # Either the previous index or, if the swap had happened, the complete new one: never a mixture.
        build = (folder / "CURRENT").read_text().strip()
        assert len(ids) == 12000
        if build != previous:
            outcomes.append("new")
            expected = renamed(synthetic_corpus(12000, real, seed=seed), tag).fingerprint()
            assert load_index(folder).manifest["corpus_fingerprint"] == expected
        else:
            outcomes.append("old")
        previous = build
    assert "old" in outcomes  # at least one kill landed mid-rebuild
    # The lock died with the killed process, and the next rebuild clears what the killed ones left behind.
    report = build_index(synthetic_corpus(500, real, seed=3), HashEmbedder(), folder)
    assert report.touched and len(consistent(folder)) == 500
    assert not [p for p in (folder / "builds").iterdir() if p.name.startswith(".tmp-")]
