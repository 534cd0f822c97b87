"""Shared fixtures: the real model is loaded once per session; each index lives in a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
FIXTURES = Path(__file__).resolve().parent / "fixtures"
SEED_SHAPE = FIXTURES / "seed-shape-review.md"  # our own text, in the layout of the seed review
SEED = ROOT.parent / "shared" / "seed" / "review.md"  # beside a development checkout only, never in a user's clone
SEED_IDS = ["llama", "chinchilla", "palm", "gpt-3", "alpaca", "self-instruct", "lima"]


@pytest.fixture(scope="session")
def embedder():
    from reviewqa.embed import SentenceEmbedder

    return SentenceEmbedder()


@pytest.fixture(scope="session")
def shipped_index(tmp_path_factory, embedder) -> Path:
    """The shipped corpus indexed with the real model into a temporary folder (never the repository's index/)."""
    from reviewqa.corpus import load_corpus
    from reviewqa.index import build_index

    folder = tmp_path_factory.mktemp("index")
    build_index(load_corpus(CORPUS), embedder, folder)
    return folder


@pytest.fixture(scope="session")
def assistant(shipped_index, embedder):
    from reviewqa.answer import Assistant
    from reviewqa.index import load_index

    return Assistant(load_index(shipped_index), embedder)


@pytest.fixture()
def corpus_copy(tmp_path) -> Path:
    """A writable copy of the shipped corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(CORPUS, target)
    return target


@pytest.fixture()
def seed_path() -> Path:
    """A review written for the tests in the layout of the seed review (the seed itself is not in the repository)."""
    return SEED_SHAPE


@pytest.fixture()
def real_seed_path() -> Path:
    """The review as its author first wrote it, in ../shared/seed/ of a development checkout; skipped elsewhere."""
    if not SEED.exists():
        pytest.skip(f"the original seed review is not beside this clone ({SEED}); the fixture in the same shape is used")
    return SEED
