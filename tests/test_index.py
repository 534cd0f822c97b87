"""The on-disk index with the real model and FAISS: incremental rebuilds, staleness, damage and refusal."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from reviewqa.corpus import load_corpus
from reviewqa.embed import HashEmbedder
from reviewqa.errors import CorpusError, IndexLockedError, IndexStateError
from reviewqa.index import build_index, index_status, load_index


def snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_build_load_and_search(shipped_index, embedder):
    index = load_index(shipped_index)
    assert len(index.ids) == len(load_corpus(Path(__file__).parents[1] / "corpus").records)
    assert index.manifest["model"] == "all-MiniLM-L6-v2" and index.manifest["dimension"] == 384
    assert index.manifest["index_type"] == "flat"
    vector = embedder.encode(["instruction data written by GPT-4 answering Alpaca prompts"])
    _, rows = index.faiss_index.search(vector, 5)
    assert "alpaca-gpt4" in [index.ids[index.owners[r]] for r in rows[0]]
    assert index.manifest["passages"] == len(index.vectors) > len(index.ids)


def test_incremental_rebuild_embeds_only_what_changed(corpus_copy, tmp_path, embedder):
    folder = tmp_path / "index"
    first = build_index(load_corpus(corpus_copy), embedder, folder)
    assert len(first.added) == len(list(corpus_copy.glob("*.yaml")))
    before = load_index(folder)
    edit(corpus_copy / "alpaca.yaml", "52K instruction-following", "fifty-two thousand instruction-following")
    (corpus_copy / "koala.yaml").unlink()
    report = build_index(load_corpus(corpus_copy), embedder, folder)
    assert report.changed == ["alpaca"] and report.removed == ["koala"] and report.added == []
    assert report.unchanged == len(before.ids) - 2 and report.full_reason is None
    after = load_index(folder)
    assert "koala" not in after.ids and not any("Koala" in t.split(".")[0] for t in after.texts)
    assert len(after.vectors) == len(after.owners) and int(after.owners.max()) == len(after.ids) - 1
    lima_old, lima_new = before.entry_vectors(before.ids.index("lima")), after.entry_vectors(after.ids.index("lima"))
    assert np.array_equal(lima_old, lima_new)  # reused, not re-embedded
    alpaca_old = before.entry_vectors(before.ids.index("alpaca"))
    alpaca_new = after.entry_vectors(after.ids.index("alpaca"))
    assert not np.array_equal(alpaca_old, alpaca_new)
    again = build_index(load_corpus(corpus_copy), embedder, folder)
    assert not again.touched and again.build == report.build


def test_deleted_entry_is_never_returned(corpus_copy, tmp_path, embedder):
    from reviewqa.answer import Assistant

    folder = tmp_path / "index"
    build_index(load_corpus(corpus_copy), embedder, folder)
    (corpus_copy / "koala.yaml").unlink()
    build_index(load_corpus(corpus_copy), embedder, folder)
    assistant = Assistant(load_index(folder), embedder)
    for question in ["Tell me about Koala", "Which works were fine-tuned from LLaMA?", "dialogue model from Berkeley"]:
        answer = assistant.ask(question)
        assert "koala" not in [r["id"] for r in answer.records], question


def test_model_change_rebuilds_everything(corpus_copy, tmp_path, embedder):
    folder = tmp_path / "index"
    build_index(load_corpus(corpus_copy), embedder, folder)
    report = build_index(load_corpus(corpus_copy), HashEmbedder(), folder)
    assert report.full_reason and "model changed" in report.full_reason
    assert load_index(folder).manifest["dimension"] == 64
    state, why = index_status(load_corpus(corpus_copy), folder, embedder.name)
    assert state == "stale" and "model" in why


@pytest.mark.parametrize("victim", ["vectors.faiss", "vectors.npy", "records.jsonl", "manifest.json"])
def test_damaged_index_is_detected_and_rebuilt(corpus_copy, tmp_path, victim):
    embedder = HashEmbedder()
    folder = tmp_path / "index"
    build_index(load_corpus(corpus_copy), embedder, folder)
    build = folder / "builds" / (folder / "CURRENT").read_text().strip()
    (build / victim).write_bytes((build / victim).read_bytes()[:40])
    with pytest.raises(IndexStateError, match="reviewqa index --full"):
        load_index(folder)
    report = build_index(load_corpus(corpus_copy), embedder, folder)
    assert report.full_reason and "unusable" in report.full_reason
    assert len(load_index(folder).ids) == len(list(corpus_copy.glob("*.yaml")))


def test_bad_corpus_is_refused_before_anything_is_written(corpus_copy, tmp_path):
    folder = tmp_path / "index"
    build_index(load_corpus(corpus_copy), HashEmbedder(), folder)
    before = snapshot(folder)
    edit(corpus_copy / "lima.yaml", "category: general-assistant", "category: chatbot")
    with pytest.raises(CorpusError):
        build_index(load_corpus(corpus_copy), HashEmbedder(), folder)
    assert snapshot(folder) == before


def test_a_second_rebuild_is_refused_while_one_holds_the_lock(corpus_copy, tmp_path):
    from filelock import FileLock

    folder = tmp_path / "index"
    folder.mkdir()
    with FileLock(str(folder / ".lock")), pytest.raises(IndexLockedError, match="another rebuild"):
        build_index(load_corpus(corpus_copy), HashEmbedder(), folder)


def test_manifest_is_plain_json_with_versions(shipped_index):
    build = shipped_index / "builds" / (shipped_index / "CURRENT").read_text().strip()
    manifest = json.loads((build / "manifest.json").read_text())
    assert {"format_version", "package_version", "model", "dimension", "corpus_fingerprint", "entries"} <= set(manifest)
    assert all(set(e) == {"id", "hash"} for e in manifest["entries"])


def test_missing_index_says_what_to_do(tmp_path):
    with pytest.raises(IndexStateError, match="run `reviewqa index`"):
        load_index(tmp_path / "nowhere")
