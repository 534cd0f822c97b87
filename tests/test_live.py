"""Rebuilding while serving: the UI's rebuild action and the corpus watcher, with the real model."""

from __future__ import annotations

import os
import threading
import time

import pytest

from reviewqa.answer import Assistant
from reviewqa.corpus import load_corpus
from reviewqa.index import build_index, load_index
from reviewqa.live import Keeper

NEW_ENTRY = """name: Quokka
category: general-assistant
date: 2024-02
base_models: [mistral-7b 7B]
summary: Quokka fine-tunes Mistral 7B on marsupial trivia.
sources:
  - url: https://example.org/quokka
"""


def keeper_for(corpus_dir, tmp_path, embedder) -> Keeper:
    index_dir = tmp_path / "index"
    build_index(load_corpus(corpus_dir), embedder, index_dir)
    return Keeper(Assistant(load_index(index_dir), embedder), corpus_dir, index_dir)


def test_rebuild_swaps_in_edits_and_bad_edits_keep_the_old_index(corpus_copy, tmp_path, embedder):
    keeper = keeper_for(corpus_copy, tmp_path, embedder)
    (corpus_copy / "quokka.yaml").write_text(NEW_ENTRY, encoding="utf-8")
    result = keeper.rebuild()
    assert result.ok and result.report and result.report.added == ["quokka"]
    answer = keeper.assistant.ask("What base model did Quokka use?")
    assert answer.records[0]["id"] == "quokka" and "Mistral 7B" in answer.answer
    (corpus_copy / "quokka.yaml").write_text(NEW_ENTRY.replace("date: 2024-02", "date: soon"), encoding="utf-8")
    result = keeper.rebuild()
    assert not result.ok and any("quokka.yaml:3: date" in p for p in result.problems)
    assert keeper.assistant.ask("What base model did Quokka use?").records[0]["id"] == "quokka"  # still serving
    assert "problem" in keeper.status()


def test_questions_during_a_rebuild_are_answered(corpus_copy, tmp_path, embedder):
    keeper = keeper_for(corpus_copy, tmp_path, embedder)
    (corpus_copy / "quokka.yaml").write_text(NEW_ENTRY, encoding="utf-8")
    answers: list[str] = []
    worker = threading.Thread(target=keeper.rebuild, kwargs={"full": True})
    worker.start()
    while worker.is_alive():
        answers.append(keeper.assistant.ask("What base model was Alpaca fine-tuned from?").records[0]["id"])
    worker.join()
    assert answers and set(answers) == {"alpaca"}
    assert "quokka" in keeper.assistant.index.ids


def test_watcher_rebuilds_after_an_edit(corpus_copy, tmp_path, embedder):
    keeper = keeper_for(corpus_copy, tmp_path, embedder)
    keeper.watch(interval=0.2)
    try:
        (corpus_copy / "koala.yaml").unlink()
        deadline = time.monotonic() + 30
        # the watcher swaps the new index in before it records the rebuild: wait for both, not for the swap alone
        while (keeper.last is None or "koala" in keeper.assistant.index.ids) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert "koala" not in keeper.assistant.index.ids
        assert keeper.last and keeper.last.report and keeper.last.report.removed == ["koala"]
    finally:
        keeper.stop()


class _Unloadable:
    """An embedder whose model cannot load: the page keeps serving and the status says why."""

    name = "hash-test-embedder"

    def __init__(self, inner) -> None:
        self.inner = inner
        self.dimension = inner.dimension
        self.calls = 0

    def encode(self, texts):
        from reviewqa.errors import ModelLoadError

        self.calls += 1
        if texts == ["warm-up"]:
            raise ModelLoadError("cannot load the embedding model 'x'")
        return self.inner.encode(texts)


def test_warm_up_loads_in_the_background_and_reports_a_failure(corpus_copy, tmp_path, fake_embedder):
    keeper = keeper_for(corpus_copy, tmp_path, fake_embedder)
    broken = _Unloadable(fake_embedder)
    keeper.assistant.embedder = broken
    keeper.warm_up().join(timeout=30)
    assert broken.calls == 1
    assert keeper.last is not None and not keeper.last.ok
    assert "did not load" in keeper.status()


def _wait_for(condition, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.05)
    return condition()


def test_the_watcher_retries_an_edit_made_while_the_index_is_locked_and_outlives_any_failure(
    corpus_copy, tmp_path, fake_embedder, monkeypatch
):
    import reviewqa.live as live
    from reviewqa.errors import IndexLockedError

    keeper = keeper_for(corpus_copy, tmp_path, fake_embedder)
    real = live.update_index
    failures = [IndexLockedError("another rebuild holds the index"), RuntimeError("disk on fire")]
    seen: list[str] = []

    def flaky(*args, **kwargs):
        if failures:
            error = failures.pop(0)
            seen.append(type(error).__name__)
            raise error
        return real(*args, **kwargs)

    monkeypatch.setattr(live, "update_index", flaky)
    keeper.watch(interval=0.1)
    try:
        (corpus_copy / "koala.yaml").unlink()
        # locked: tried again without another edit; then an unexpected error: reported, the watcher goes on
        assert _wait_for(lambda: seen == ["IndexLockedError", "RuntimeError"])
        assert _wait_for(lambda: keeper.last is not None and "RuntimeError: disk on fire" in keeper.last.message)
        assert "koala" in keeper.assistant.index.ids and keeper._watcher is not None and keeper._watcher.is_alive()
        (corpus_copy / "quokka.yaml").write_text(NEW_ENTRY, encoding="utf-8")
        assert _wait_for(lambda: "quokka" in keeper.assistant.index.ids and "koala" not in keeper.assistant.index.ids)
    finally:
        keeper.stop()


@pytest.mark.skipif(os.name == "nt", reason="pipes")
def test_the_watcher_outlives_a_folder_or_a_pipe_under_an_entry_name(corpus_copy, tmp_path, fake_embedder):
    keeper = keeper_for(corpus_copy, tmp_path, fake_embedder)
    keeper.watch(interval=0.1)
    try:
        (corpus_copy / "odd.yaml").mkdir()
        os.mkfifo(corpus_copy / "pipe.yaml")
        assert _wait_for(lambda: keeper.last is not None and "not a regular file" in str(keeper.last.problems))
        assert keeper._watcher is not None and keeper._watcher.is_alive() and "koala" in keeper.assistant.index.ids
        (corpus_copy / "odd.yaml").rmdir()
        (corpus_copy / "pipe.yaml").unlink()
        (corpus_copy / "quokka.yaml").write_text(NEW_ENTRY, encoding="utf-8")
        assert _wait_for(lambda: "quokka" in keeper.assistant.index.ids)
    finally:
        keeper.stop()
