"""Shared fixtures: the real model is loaded once per session; each index lives in a temporary folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
SEED = ROOT.parent / "shared" / "seed" / "review.md"
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
    """The review as its author first wrote it, kept beside the repository in shared/seed/."""
    assert SEED.exists(), f"the seed review is expected at {SEED}"
    return SEED
