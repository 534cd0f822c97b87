"""Shared fixtures. Two tiers: tests marked ``slow`` use the real model, FAISS, servers or a browser (``make test``);
the rest are pure logic and run in about a minute (``make test-fast``), with a deterministic fake embedder where an
index is needed. Each index lives in a temporary folder, never the repository's ``index/``."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

# Exported query encoders go to a folder of this test run's own, never the user's cache (processes started by tests
# inherit it).
os.environ["REVIEWQA_CACHE"] = tempfile.mkdtemp(prefix="reviewqa-test-cache-")

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
PROFILE = ROOT / "review.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
# The review as it stood with its first 47 entries (in today's format, under the shipped profile): tests of reading
# and wording that name expected sets use it, so that the shipped review can grow without rewriting them.
FROZEN = FIXTURES / "review-2023" / "corpus"
SECOND = Path(__file__).resolve().parent / "reviews" / "proteins"  # a second review, on the same engine
SEED_SHAPE = FIXTURES / "seed-shape-review.md"  # our own text, in the layout of the seed review
SEED = ROOT.parent / "shared" / "seed" / "review.md"  # beside a development checkout only, never in a user's clone
SEED_IDS = ["llama", "chinchilla", "palm", "gpt-3", "alpaca", "self-instruct", "lima"]


@pytest.fixture(scope="session")
def embedder():
    from reviewqa.embed import SentenceEmbedder

    return SentenceEmbedder()


@pytest.fixture(scope="session")
def fake_embedder():
    from reviewqa.embed import HashEmbedder

    return HashEmbedder()


def _assistant(folder: Path, corpus_dir: Path, embedder, profile: Path | None = None):
    from reviewqa.answer import Assistant
    from reviewqa.corpus import load_corpus
    from reviewqa.index import build_index, load_index

    build_index(load_corpus(corpus_dir, profile), embedder, folder)
    return Assistant(load_index(folder), embedder)


@pytest.fixture(scope="session")
def shipped_index(tmp_path_factory, embedder) -> Path:
    """The shipped corpus indexed with the real model into a temporary folder."""
    from reviewqa.corpus import load_corpus
    from reviewqa.index import build_index

    folder = tmp_path_factory.mktemp("index")
    build_index(load_corpus(CORPUS), embedder, folder)
    return folder


@pytest.fixture(scope="session")
def assistant(tmp_path_factory, embedder):
    """The first 47 entries under the shipped profile with the real model: the review that the answer tests and the
    blind sets a to ar were written for (an entry they call missing may since have joined the shipped review)."""
    return _assistant(tmp_path_factory.mktemp("index-2023"), FROZEN, embedder, PROFILE)


@pytest.fixture(scope="session")
def shipped_assistant(shipped_index, embedder):
    """The shipped review, all of it, with the real model."""
    from reviewqa.answer import Assistant
    from reviewqa.index import load_index

    return Assistant(load_index(shipped_index), embedder)


@pytest.fixture(scope="session")
def fake_assistant(tmp_path_factory, fake_embedder):
    """The first 47 entries under the shipped profile, over a hashing embedder: for tests of reading and wording, not
    of retrieval quality."""
    return _assistant(tmp_path_factory.mktemp("fake-index"), FROZEN, fake_embedder, PROFILE)


@pytest.fixture(scope="session")
def second_fake_assistant(tmp_path_factory, fake_embedder):
    """The second review over a hashing embedder: for tests of reading and wording."""
    return _assistant(tmp_path_factory.mktemp("second-fake-index"), SECOND / "corpus", fake_embedder)


@pytest.fixture(scope="session")
def second_assistant(tmp_path_factory, embedder):
    """The second review (protein language models) with the real model."""
    return _assistant(tmp_path_factory.mktemp("second-index"), SECOND / "corpus", embedder)


@pytest.fixture()
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the shipped corpus, with its profile beside it."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    shutil.copy(PROFILE, tmp_path / "review.yaml")
    return target


@pytest.fixture()
def seed_path() -> Path:
    """A review written for the tests in the layout of the seed review (the seed itself is not in the repository)."""
    return SEED_SHAPE


@pytest.fixture()
def real_seed_path() -> Path:
    """The review as its author first wrote it, in ../shared/seed/ of a development checkout; skipped elsewhere."""
    if not SEED.exists():
        pytest.skip(
            f"the original seed review is not beside this clone ({SEED}); the fixture in the same shape is used"
        )
    return SEED


# Fixtures that load the real model, start a server or drive a browser: tests using them belong to the full tier.
_REAL_PARTS = {"embedder", "assistant", "shipped_assistant", "shipped_index", "second_assistant", "server", "client",
               "page", "browser", "cli_index"}  # fmt: skip


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _REAL_PARTS & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)
