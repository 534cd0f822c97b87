"""The lexical (BM25) side of the index: tokenizing, building and loading a bm25s model saved as plain files.

Kept apart from ``retrieve.py`` so that ``index.py`` can write it without importing the retrieval stage. A build keeps
every entry's tokens as ids into its vocabulary (``Tokens``), so that the next build tokenizes only the entries that
changed; the BM25 model itself (idf and document lengths are corpus-wide) is then made again from those ids.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import metadata
from itertools import pairwise
from pathlib import Path
from typing import BinaryIO

import numpy as np

__all__ = ["TOKENIZER", "Tokens", "build_lexical", "load_lexical", "load_tokens", "save_tokens", "tokenize"]


STOPWORDS = "en"
TOKENIZER = f"bm25s {metadata.version('bm25s')}, stopwords {STOPWORDS}"  # stored tokens are reused only if it matches


def tokenize(texts: list[str]) -> list[list[str]]:
    import bm25s

    return bm25s.tokenize(texts, stopwords=STOPWORDS, return_ids=False, show_progress=False)


@dataclass
class Tokens:
    """Every entry's tokens as ids into ``vocab``, entries in row order (``vocab`` may hold words that no entry
    holds any longer)."""

    docs: list[list[int]]
    vocab: list[str]

    @classmethod
    def of(cls, texts: list[str]) -> Tokens:
        made = cls([], [])
        made.docs = made.encode(texts)
        return made

    def encode(self, texts: list[str]) -> list[list[int]]:
        """Token ids of ``texts``, adding words the vocabulary does not know yet."""
        ids = {word: i for i, word in enumerate(self.vocab)}
        out = []
        for words in tokenize(texts) if texts else []:
            doc = []
            for word in words:
                if word not in ids:
                    ids[word] = len(self.vocab)
                    self.vocab.append(word)
                doc.append(ids[word])
            out.append(doc)
        return out

    def compacted(self) -> Tokens:
        """The same documents over a vocabulary of only the words they hold (in order of first use)."""
        fresh = Tokens([], [])
        renumber: dict[int, int] = {}
        for doc in self.docs:
            for token in doc:
                if token not in renumber:
                    renumber[token] = len(fresh.vocab)
                    fresh.vocab.append(self.vocab[token])
            fresh.docs.append([renumber[t] for t in doc])
        return fresh


def save_tokens(tokens: Tokens, file: BinaryIO) -> None:
    """One ``.npz`` file: the ids of all entries end to end, where each entry starts, and the vocabulary."""
    lengths = np.fromiter((len(d) for d in tokens.docs), dtype=np.int64, count=len(tokens.docs))
    flat = np.fromiter((t for d in tokens.docs for t in d), dtype=np.int32, count=int(lengths.sum()))
    starts = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int64)
    np.savez(file, ids=flat, starts=starts, vocab=np.array(tokens.vocab, dtype=str))


def load_tokens(path: Path) -> Tokens:
    with np.load(path, allow_pickle=False) as data:
        flat, starts, vocab = data["ids"].tolist(), data["starts"].tolist(), data["vocab"].tolist()
    return Tokens([flat[a:b] for a, b in pairwise(starts)], vocab)


def build_lexical(tokens: Tokens, folder: Path) -> None:
    """The BM25 model of the entries' tokens, saved in ``folder``."""
    import bm25s

    vocab = {word: i for i, word in enumerate(tokens.vocab)}
    vocab.setdefault("", len(vocab))  # bm25s scores an entry without tokens through an empty word
    model = bm25s.BM25(csc_backend="scipy")
    model.index((tokens.docs or [[]], vocab), show_progress=False)
    model.save(str(folder), show_progress=False)


def load_lexical(folder: Path) -> object:
    import bm25s

    return bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)
