"""The lexical (BM25) side of the index: tokenizing, building and loading a bm25s model saved as plain files.

Kept apart from ``retrieve.py`` so that ``index.py`` can write it without importing the retrieval stage.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["load_lexical", "save_lexical", "tokenize"]


def tokenize(texts: list[str]) -> list[list[str]]:
    import bm25s

    return bm25s.tokenize(texts, stopwords="en", return_ids=False, show_progress=False)


def save_lexical(texts: list[str], folder: Path) -> None:
    import bm25s

    model = bm25s.BM25()
    model.index(tokenize(texts) if texts else [[]], show_progress=False)
    model.save(str(folder), show_progress=False)


def load_lexical(folder: Path) -> object:
    import bm25s

    return bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
