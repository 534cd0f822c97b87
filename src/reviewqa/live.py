"""Keep a running app's index in step with the corpus: rebuild on request or on file changes, swap, keep serving.

A rebuild runs beside the questions being answered; the ``Assistant`` keeps the old index until the new one is whole.
A bad edit is recorded as problems for the UI to show and the old index keeps serving. Nothing here answers questions.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from .answer import Assistant
from .corpus import corpus_files, load_corpus
from .errors import CorpusError, IndexLockedError, ReviewQAError
from .index import BuildReport, freshness, load_index
from .service import update_index

__all__ = ["Keeper", "RebuildResult"]


@dataclass
class RebuildResult:
    ok: bool
    message: str
    problems: list[str] = field(default_factory=list)
    report: BuildReport | None = None
    retry: bool = False  # it could not run now (another rebuild held the index): the watcher tries it again


class Keeper:
    def __init__(self, assistant: Assistant, corpus_dir: Path, index_dir: Path) -> None:
        self.assistant = assistant
        self.corpus_dir = Path(corpus_dir)
        self.index_dir = Path(index_dir)
        self._last: RebuildResult | None = None
        self.version = 0  # counts changes of what the page shows (the index served, the last rebuild's outcome)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None

    @property
    def last(self) -> RebuildResult | None:
        """The outcome of the last rebuild (or of loading the model), for the page's status."""
        return self._last

    @last.setter
    def last(self, result: RebuildResult | None) -> None:
        self._last = result
        self.version += 1

    def rebuild(self, full: bool = False) -> RebuildResult:
        """Validate, update the index, and swap it in. Never raises for corpus or index problems."""
        with self._lock:
            try:
                corpus = load_corpus(self.corpus_dir)
                report, _ = update_index(corpus, self.assistant.embedder, self.index_dir, full=full)
                if report.touched or report.build != self.assistant.index.path.name:
                    self.assistant.swap(report.loaded or load_index(self.index_dir))  # (a new build: as probed)
                result = RebuildResult(True, f"Index up to date: {report.summary()}.", [], report)
            except CorpusError as exc:
                result = RebuildResult(
                    False,
                    f"The corpus has {len(exc.problems)} problem(s); the previous index keeps serving.",
                    [str(p) for p in exc.problems],
                )
            except IndexLockedError as exc:
                result = RebuildResult(
                    False, f"Not rebuilt yet: {exc}; it is tried again shortly. The previous index keeps serving.",
                    retry=True,
                )  # fmt: skip
            except ReviewQAError as exc:
                result = RebuildResult(False, f"Rebuild failed; the previous index keeps serving. {exc}", [])
            except Exception as exc:  # anything else too: the app and its watcher must outlive one bad rebuild
                result = RebuildResult(
                    False, f"Rebuild failed ({type(exc).__name__}: {exc}); the previous index keeps serving.", []
                )
            self.last = result
            return result

    def warm_up(self) -> threading.Thread:
        """Load the embedding model in the background, so the page is served at once and the first described
        question does not wait for torch. A model that fails to load is reported in the status, not raised."""

        def load() -> None:
            try:
                self.assistant.embedder.encode(["warm-up"])
            except ReviewQAError as exc:
                self.last = RebuildResult(False, f"The embedding model did not load: {exc}", [])

        thread = threading.Thread(target=load, name="reviewqa-warm-up", daemon=True)
        thread.start()
        return thread

    def status(self) -> str:
        """One paragraph of markdown: what is served, whether it is current, and the last rebuild's outcome."""
        index = self.assistant.index
        lines = [
            f"**Index**: {len(index.ids)} entries · model `{index.model}` · built {index.manifest.get('built_at', '?')}"
        ]
        try:
            state, detail = freshness(load_corpus(self.corpus_dir), index, index.model)  # the index being served
            lines.append(f"**Corpus**: {state} — {detail}")
        except CorpusError as exc:
            lines.append(f"**Corpus**: {len(exc.problems)} problem(s) — fix them, then rebuild")
        if self.last:
            lines.append(f"**Last rebuild**: {self.last.message}")
        return "\n\n".join(lines)

    # ---- watching the corpus folder -------------------------------------------------------------------------------
    def _signature(self) -> tuple[tuple[str, int, int], ...]:
        try:
            return tuple((p.name, p.stat().st_mtime_ns, p.stat().st_size) for p in corpus_files(self.corpus_dir))
        except OSError:
            return ()

    def watch(self, interval: float = 1.0) -> None:
        """Poll the corpus folder in a daemon thread and rebuild after a change has settled."""
        if self._watcher is not None:
            return

        first = self._signature()  # taken before returning, so an edit right after watch() is never missed

        def loop() -> None:
            seen: tuple[tuple[str, int, int], ...] | None = first
            while not self._stop.wait(interval):
                now = self._signature()
                if now != seen:
                    time.sleep(0.3)  # let an editor finish writing
                    seen = self._signature()
                    if self.rebuild().retry:
                        seen = None  # (the edit is not lost: the next turn rebuilds again)

        self._watcher = threading.Thread(target=loop, name="reviewqa-watch", daemon=True)
        self._watcher.start()

    def stop(self) -> None:
        self._stop.set()
