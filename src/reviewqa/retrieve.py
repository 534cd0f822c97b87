"""Rank entries for a question: dense vectors (FAISS), lexical BM25 (bm25s), and their fusion.

Each signal is a small function from a question to per-row scores; fusion strategies are named, ten-line pure
functions. Names matched in the question and filters over fields are not scored here: ``answer.py`` applies them on
top, because they are exact rather than relevance signals. This module does not decide whether to answer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from .embed import Embedder
from .index import LoadedIndex
from .lexical import load_lexical, tokenize
from .names import zipf

__all__ = ["FUSIONS", "Hit", "Retriever", "fuse"]

CANDIDATES = 100  # how many rows each signal hands to fusion


@dataclass(frozen=True)
class Hit:
    row: int
    id: str
    score: float  # fused
    dense: float  # cosine similarity
    lexical: float  # BM25 score


Scores = dict[int, float]


def _rrf(dense: Scores, lexical: Scores, k: int = 60) -> Scores:
    """Reciprocal rank fusion: rank positions only, robust to score scales."""
    out: Scores = {}
    for scores in (dense, lexical):
        for rank, row in enumerate(sorted(scores, key=scores.__getitem__, reverse=True)):
            out[row] = out.get(row, 0.0) + 1.0 / (k + rank + 1)
    return out


def _weighted(dense: Scores, lexical: Scores, w_dense: float = 0.6, half: float = 3.0) -> Scores:
    """Cosine plus saturated BM25 (score / (score + half)): keeps how sure each signal is, not only its order."""
    rows = set(dense) | set(lexical)
    return {r: w_dense * dense.get(r, 0.0) + (1 - w_dense) * _saturate(lexical.get(r, 0.0), half) for r in rows}


def _saturate(score: float, half: float) -> float:
    return score / (score + half) if score > 0 else 0.0


def _dense_only(dense: Scores, lexical: Scores) -> Scores:
    return dict(dense)


def _lexical_only(dense: Scores, lexical: Scores) -> Scores:
    return dict(lexical)


FUSIONS: dict[str, Callable[[Scores, Scores], Scores]] = {
    "weighted": _weighted,
    "rrf": _rrf,
    "dense": _dense_only,
    "bm25": _lexical_only,
}


def fuse(name: str, dense: Scores, lexical: Scores) -> Scores:
    try:
        strategy = FUSIONS[name]
    except KeyError:
        raise ValueError(f"unknown fusion {name!r}; choose one of {', '.join(sorted(FUSIONS))}") from None
    return strategy(dense, lexical)


class Retriever:
    """Dense and lexical search over one loaded index."""

    def __init__(self, index: LoadedIndex, embedder: Embedder) -> None:
        self.index = index
        self.embedder = embedder
        self.lexical_model = load_lexical(index.path / "bm25")
        self.vocab = set(getattr(self.lexical_model, "vocab_dict", {}) or {})
        self.encode = lru_cache(maxsize=512)(self._encode_uncached)

    def _encode_uncached(self, question: str) -> np.ndarray:
        """The unit vector of a question (cached: a question's vector serves retrieval and text answers)."""
        return self.embedder.encode([question])[0]

    def dense(self, question: str, k: int = CANDIDATES) -> Scores:
        """Best passage cosine per entry, over the entries owning the nearest passages."""
        if not self.index.ids:
            return {}
        scores, found = self.index.nearest(self.encode(question), k * 4)
        owners = self.index.owners
        out: Scores = {}
        for passage, score in zip(found.tolist(), scores.tolist(), strict=True):
            owner = int(owners[passage])
            if owner not in out:  # results come best first
                out[owner] = float(score)
        return out

    def unknown_words(self, question: str) -> list[str]:
        """Rare words of the question (not everyday English) that no entry's text uses."""
        return [t for t in tokenize([question])[0] if len(t) >= 4 and t.isalpha() and t not in self.vocab
                and zipf(t) < 3.5]  # fmt: skip

    def lexical(self, question: str, k: int = CANDIDATES) -> Scores:
        tokens = [t for t in tokenize([question])[0] if t in self.vocab]
        if not tokens or not self.index.ids:
            return {}
        scores = np.asarray(self.lexical_model.get_scores(tokens))  # type: ignore[attr-defined]
        k = min(k, len(scores))
        top = np.argpartition(-scores, k - 1)[:k]
        return {int(r): float(scores[r]) for r in top if scores[r] > 0}

    def search(self, question: str, fusion: str = "weighted", k: int = CANDIDATES) -> list[Hit]:
        dense = self.dense(question, k) if fusion != "bm25" else {}
        lexical = self.lexical(question, k) if fusion != "dense" else {}
        fused = fuse(fusion, dense, lexical)
        ranked = sorted(fused, key=lambda r: (-fused[r], r))
        ids = self.index.ids
        return [Hit(r, ids[r], fused[r], dense.get(r, 0.0), lexical.get(r, 0.0)) for r in ranked]
