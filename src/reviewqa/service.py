"""Open a review for answering: the one place that loads the model, checks or rebuilds the index, and decides what
to serve when the corpus is broken or another rebuild is running.

The CLI, the web app, the live rebuilder and the benchmark all open reviews through ``open_review``. The policy is
one: a valid corpus brings the index up to date first; a corpus with problems (or a rebuild in progress elsewhere)
leaves the last good index serving, with a warning that says why; no index at all is an error that says what to do.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .answer import Assistant
from .corpus import load_corpus
from .embed import Embedder, SentenceEmbedder, export_query_encoder, load_embedder
from .errors import CorpusError, IndexLockedError
from .index import BuildReport, build_index, load_index

__all__ = ["Opened", "open_review"]


@dataclass
class Opened:
    assistant: Assistant
    warnings: list[str] = field(default_factory=list)  # why the index served may not match the corpus
    problems: list[str] = field(default_factory=list)  # the corpus's problems, if it has any
    report: BuildReport | None = None
    encoder: str | None = None  # what became of exporting the query encoder, when it was tried


def open_review(
    corpus_dir: Path,
    index_dir: Path,
    model: str | None = None,
    *,
    embedder: Embedder | None = None,
    build: bool = True,
    top_k: int = 5,
) -> Opened:
    """The assistant for a corpus and its index, bringing the index up to date first when ``build`` is set."""
    embedder = embedder or load_embedder(model)
    warnings: list[str] = []
    problems: list[str] = []
    report: BuildReport | None = None
    corpus_error: CorpusError | None = None
    if build:
        try:
            report = build_index(load_corpus(Path(corpus_dir)), embedder, Path(index_dir))
        except CorpusError as exc:
            corpus_error = exc
            problems = [str(p) for p in exc.problems]
            warnings.append(
                f"{len(problems)} corpus problem(s) (see `reviewqa validate`); answering from the last good index"
            )
        except IndexLockedError:
            warnings.append("another rebuild is running; answering from the last good index")
    try:
        index = load_index(Path(index_dir))
    except Exception:
        if corpus_error is not None:
            raise corpus_error from None
        raise
    encoder = None
    if isinstance(embedder, SentenceEmbedder) and embedder.loaded and embedder.encoder_dir is not None:
        # the model is loaded for a rebuild anyway: export the encoder later processes answer questions with
        encoder = export_query_encoder(embedder)
    return Opened(Assistant(index, embedder, top_k=top_k), warnings, problems, report, encoder)
