"""Open a review for answering: the one place that loads the model, checks or rebuilds the index, and decides what
to serve when the corpus is broken or another rebuild is running.

The CLI and the web app open reviews through ``open_review``; every rebuild (``reviewqa index``, opening, the live
rebuilder) goes through ``update_index``, which also keeps the exported query encoder (see ``embed.py``). The policy is
one: a valid corpus brings the index up to date first; a corpus with problems (or a rebuild in progress elsewhere)
leaves the last good index serving, with a warning that says why; no index at all is an error that says what to do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .answer import Assistant
from .corpus import Corpus, load_corpus
from .embed import Embedder, SentenceEmbedder, export_query_encoder, load_embedder
from .errors import CorpusError, IndexLockedError, IndexStateError
from .index import BuildReport, build_index, freshness, load_index

__all__ = ["Opened", "open_review", "update_index"]


@dataclass
class Opened:
    assistant: Assistant
    warnings: list[str] = field(default_factory=list)  # why the index served may not match the corpus
    problems: list[str] = field(default_factory=list)  # the corpus's problems, if it has any
    report: BuildReport | None = None
    encoder: str | None = None  # what became of exporting the query encoder, when it was tried


def update_index(
    corpus: Corpus,
    embedder: Embedder,
    index_dir: Path,
    *,
    full: bool = False,
    progress: Callable[[int, int], None] | None = None,
    ensure_encoder: bool = False,
) -> tuple[BuildReport, str | None]:
    """Bring the index up to date with ``corpus``, then the exported query encoder: when the model was loaded for
    the rebuild anyway, or always with ``ensure_encoder``. Returns the build's report and what became of the
    encoder (None when it was not looked at)."""
    report = build_index(corpus, embedder, Path(index_dir), full=full, progress=progress)
    encoder = None
    if (
        isinstance(embedder, SentenceEmbedder)
        and embedder.encoder_dir is not None
        and (ensure_encoder or embedder.loaded)
    ):
        encoder = export_query_encoder(embedder)
    return report, encoder


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
    encoder: str | None = None
    corpus_error: CorpusError | None = None
    unwritable: IndexStateError | None = None
    corpus: Corpus | None = None
    if build:
        try:
            corpus = load_corpus(Path(corpus_dir))
            report, encoder = update_index(corpus, embedder, Path(index_dir))
        except CorpusError as exc:
            corpus_error = exc
            problems = [str(p) for p in exc.problems]
            warnings.append(
                f"{len(problems)} corpus problem(s) (see `reviewqa validate`); answering from the last good index"
            )
        except IndexLockedError:
            warnings.append("another rebuild is running; answering from the last good index")
        except IndexStateError as exc:
            # "cannot lock the index folder": a good index on a read-only mount still answers (said below when it is
            # not up to date); with no index to serve, this error is the one to show
            unwritable = exc
    try:
        index = report.loaded if report is not None and report.loaded is not None else load_index(Path(index_dir))
    except Exception:
        if corpus_error is not None:
            raise corpus_error from None
        if unwritable is not None:
            raise unwritable from None
        raise
    if unwritable is not None and (corpus is None or freshness(corpus, index, embedder.name)[0] != "fresh"):
        warnings.append(f"{unwritable}; answering from the last good index, which is not up to date")
    return Opened(Assistant(index, embedder, top_k=top_k), warnings, problems, report, encoder)
