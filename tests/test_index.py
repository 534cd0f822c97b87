"""The on-disk index: incremental rebuilds (in place and compacting), staleness, damage and refusal; with the real
model and FAISS where a test uses the ``embedder`` fixture, with the hashing embedder otherwise."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from unittest import mock

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from reviewqa import index as index_module
from reviewqa.corpus import Corpus, Record, load_corpus
from reviewqa.embed import HashEmbedder
from reviewqa.errors import CorpusError, IndexLockedError, IndexStateError
from reviewqa.index import build_index, index_status, load_index
from reviewqa.retrieve import Retriever
from reviewqa.synthetic import synthetic_corpus

from .conftest import CORPUS


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
    _, found = index.nearest(vector, 5)
    assert "alpaca-gpt4" in [index.ids[index.owners[r]] for r in found]
    assert index.manifest["passages"] == index.passage_count == len(index.live_vectors()) > len(index.ids)


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
    assert int(after.owners.max()) == len(after.ids) - 1 and after.manifest["tombstones"] > 0  # alpaca's and koala's
    assert after.passage_count == sum(len(after.entry_vectors(row)) for row in range(len(after.ids)))
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


class CountingEmbedder(HashEmbedder):
    """The hashing embedder, counting the texts it embeds."""

    embedded = 0

    def encode(self, texts):
        self.embedded += len(texts)
        return super().encode(texts)


# a damaged file of the previous build, and how many of its passages a rebuild embeds again (all: those it held)
REPAIRS = {"base.faiss": 0, "base-vectors.npy": "all", "delta-vectors.npy": 0, "records.jsonl": 0, "tokens.npz": 0}


@pytest.mark.parametrize("victim", [*REPAIRS, "bm25/vocab.index.json", "manifest.json", "owners.npy"])
def test_damaged_index_is_detected_and_only_the_damage_is_rebuilt(corpus_copy, tmp_path, victim):
    embedder = CountingEmbedder()
    folder = tmp_path / "index"
    first = build_index(load_corpus(corpus_copy), embedder, folder)
    passages = embedder.embedded
    build = folder / "builds" / first.build
    (build / victim).write_bytes((build / victim).read_bytes()[:40])
    with pytest.raises(IndexStateError, match="reviewqa index --full"):
        load_index(folder)
    embedder.embedded = 0
    report = build_index(load_corpus(corpus_copy), embedder, folder)
    if victim in ("manifest.json", "owners.npy"):  # what ties the build together: nothing of it is trusted
        assert report.full_reason and "unusable" in report.full_reason and embedder.embedded == passages
    else:
        assert report.full_reason is None and not report.added and not report.changed
        assert any(r.startswith(f"{victim} is not the size") for r in report.repaired), report.repaired
        assert embedder.embedded == (passages if REPAIRS.get(victim) == "all" else 0)
        assert f"repaired: {victim}" in report.summary()
    assert load_index(folder).ids == first.loaded.ids


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


def test_the_app_and_ask_open_an_index_another_rebuild_holds_and_answer_from_it(corpus_copy, tmp_path):
    from filelock import FileLock

    from reviewqa.app import prepare
    from reviewqa.service import open_review

    folder, embedder = tmp_path / "index", HashEmbedder()
    build_index(load_corpus(corpus_copy), embedder, folder)
    edit(corpus_copy / "alpaca.yaml", "summary: ", "summary: Edited. ")
    with FileLock(str(folder / ".lock")):  # another process is rebuilding
        opened = open_review(corpus_copy, folder, embedder=embedder)
        assert any("another rebuild is running" in w for w in opened.warnings)
        assert opened.assistant.ask("What base model was Alpaca fine-tuned from?").records[0]["id"] == "alpaca"
        keeper = prepare(corpus_copy, folder, None, embedder)  # what `reviewqa serve` opens: it serves, no exit
        assert keeper.assistant.index.ids == opened.assistant.index.ids


def test_manifest_is_plain_json_with_versions(shipped_index):
    build = shipped_index / "builds" / (shipped_index / "CURRENT").read_text().strip()
    manifest = json.loads((build / "manifest.json").read_text())
    assert {"format_version", "package_version", "model", "dimension", "corpus_fingerprint", "entries"} <= set(manifest)
    assert all(set(e) == {"id", "hash"} for e in manifest["entries"])


def test_missing_index_says_what_to_do(tmp_path):
    with pytest.raises(IndexStateError, match="run `reviewqa index`"):
        load_index(tmp_path / "nowhere")


# Rebuilding in place (fast tier: the hashing embedder, exact search).


def _corpus_of(records: list) -> Corpus:
    return Corpus(Path("synthetic"), tuple(records), _REAL.profile)


def _view(folder: Path, probes: list[str]) -> dict:
    """What a build answers with: each entry's vectors, and for each probe every live passage's (owner, cosine) and
    every entry's BM25 score, sorted."""
    embedder = HashEmbedder()
    index = load_index(folder)
    retriever = Retriever(index, embedder)
    out: dict = {"ids": index.ids, "vectors": {i: index.entry_vectors(r).tolist() for r, i in enumerate(index.ids)}}
    for probe in probes:
        scores, found = index.nearest(embedder.encode([probe])[0], index.passage_count + 5)
        out[probe] = sorted((index.ids[index.owners[p]], float(s)) for p, s in zip(found, scores, strict=True))
        out[probe, "bm25"] = sorted((index.ids[r], s) for r, s in retriever.lexical(probe, 10_000).items())
    return out


def _same_view(a: dict, b: dict) -> None:
    """The same entries, passages and scores; cosines and scores equal up to float rounding (the delta is searched
    with numpy, a base with FAISS, whose sums differ in the last bits)."""
    assert a.keys() == b.keys() and a["ids"] == b["ids"]
    assert a["vectors"].keys() == b["vectors"].keys()
    for rid in a["vectors"]:
        assert np.allclose(a["vectors"][rid], b["vectors"][rid], atol=1e-6), rid
    for key in a:
        if key in ("ids", "vectors"):
            continue
        assert [rid for rid, _ in a[key]] == [rid for rid, _ in b[key]], key
        assert np.allclose([x for _, x in a[key]], [x for _, x in b[key]], atol=1e-5), key


_REAL = load_corpus(CORPUS)
_STEP = st.lists(
    st.tuples(st.sampled_from(["change", "remove", "add"]), st.integers(0, 10_000)), min_size=1, max_size=6
)


@settings(max_examples=12, deadline=None)
@given(steps=st.lists(_STEP, min_size=1, max_size=4), delta_min=st.sampled_from([8, 4096]))
@example(steps=[[("remove", 20), ("change", 955)]], delta_min=8)  # cosines of numpy and FAISS differ in the last bits
def test_rebuilds_in_place_answer_as_a_full_build_does(steps, delta_min):
    """Edits, additions and removals, rebuilt one batch at a time (some compacting, some in place), give the same
    vectors, the same nearest passages with the same cosines and the same BM25 scores as building from scratch."""
    records = list(synthetic_corpus(40, _REAL).records)
    extra = iter(synthetic_corpus(200, _REAL, seed=11).records[100:])
    embedder = HashEmbedder()
    with tempfile.TemporaryDirectory() as tmp, mock.patch.object(index_module, "DELTA_MIN", delta_min):
        folder = Path(tmp) / "index"
        build_index(_corpus_of(records), embedder, folder)
        for number, step in enumerate(steps):
            for op, pick in step:
                at = pick % len(records)
                if op == "add" or len(records) < 3:
                    new = next(extra)
                    records.insert(at, Record.make(f"added-{new.id}", new.entry, new.path))
                elif op == "remove":
                    records.pop(at)
                else:
                    old = records[at]
                    text = old.entry.summary + f" Revised in step {number} of {pick}."
                    records[at] = Record.make(old.id, old.entry.model_copy(update={"summary": text}), old.path)
            corpus = _corpus_of(records)
            report = build_index(corpus, embedder, folder)
            assert report.full_reason is None
            build_index(corpus, embedder, Path(tmp) / f"full-{number}", full=True)
            probes = [records[0].entry.name, "instruction data from a teacher model", records[-1].entry.summary[:80]]
            _same_view(_view(folder, probes), _view(Path(tmp) / f"full-{number}", probes))


def test_one_edit_links_the_base_and_tombstones_the_old_passages(tmp_path):
    records = list(synthetic_corpus(30, _REAL).records)
    folder, embedder = tmp_path / "index", HashEmbedder()
    build_index(_corpus_of(records), embedder, folder)
    before = load_index(folder)
    edited = records[3].entry.model_copy(update={"name": "Renamed entry"})
    records[3] = Record.make(records[3].id, edited, records[3].path)
    report = build_index(_corpus_of(records), embedder, folder)
    after = load_index(folder)
    assert report.changed == [records[3].id] and not report.compacted
    for shared in ("base-vectors.npy", "base.faiss"):  # the same file, not a copy
        assert os.path.samefile(before.path / shared, after.path / shared)
    old_span = before.spans[3]
    assert (after.owners[old_span[0] : old_span[1]] == -1).all() and after.manifest["tombstones"] == len(
        before.entry_vectors(3)
    )
    assert after.spans[3, 0] >= after.base_count  # its new passages are in the delta
    # the old passages are never found, even by their own vectors
    for vector in before.entry_vectors(3):
        _, found = after.nearest(vector, after.passage_count)
        assert not set(found.tolist()) & set(range(int(old_span[0]), int(old_span[1])))


def test_many_edits_compact_the_vectors(tmp_path):
    records = list(synthetic_corpus(30, _REAL).records)
    folder, embedder = tmp_path / "index", HashEmbedder()
    build_index(_corpus_of(records), embedder, folder)
    for row in range(0, 30, 3):  # a third of the entries: far more tombstones than a tenth of the base
        edited = records[row].entry.model_copy(update={"name": f"Renamed {row}"})
        records[row] = Record.make(records[row].id, edited, records[row].path)
    report = build_index(_corpus_of(records), embedder, folder)
    index = load_index(folder)
    assert report.compacted and "compacted" in report.summary()
    assert index.manifest["tombstones"] == 0 and len(index.delta) == 0 and index.base_count == index.passage_count


def test_tokens_of_another_tokenizer_are_made_again(tmp_path):
    from reviewqa.lexical import Tokens, save_tokens

    records = list(synthetic_corpus(20, _REAL).records)
    folder, embedder = tmp_path / "index", HashEmbedder()
    build_index(_corpus_of(records), embedder, folder)
    build = folder / "builds" / (folder / "CURRENT").read_text().strip()
    with open(build / "tokens.npz", "wb") as fh:  # what an older tokenizer might have left: other tokens
        save_tokens(Tokens([[0]] * len(records), ["unrelated"]), fh)
    manifest = json.loads((build / "manifest.json").read_text())
    manifest["files"]["tokens.npz"] = (build / "tokens.npz").stat().st_size
    manifest["digests"]["tokens.npz"] = index_module._digest(build / "tokens.npz")
    manifest["tokenizer"] = "an older tokenizer"
    (build / "manifest.json").write_text(json.dumps(manifest))
    records[0] = Record.make(records[0].id, records[0].entry.model_copy(update={"name": "Renamed"}), records[0].path)
    assert not build_index(_corpus_of(records), embedder, folder).full_reason
    build_index(_corpus_of(records), embedder, tmp_path / "full", full=True)
    probes = ["instruction data from a teacher model", records[5].entry.summary[:60]]
    _same_view(_view(folder, probes), _view(tmp_path / "full", probes))


@pytest.mark.parametrize("damage", ["bytes", "folder", "outside", "empty"])
def test_a_current_pointer_that_names_no_build_of_the_index_is_no_index_and_a_rebuild_mends_it(tmp_path, damage):
    records = list(synthetic_corpus(20, _REAL).records)
    folder, embedder = tmp_path / "index", HashEmbedder()
    build_index(_corpus_of(records), embedder, folder)
    pointer = folder / "CURRENT"
    elsewhere = tmp_path / "elsewhere" / "builds" / pointer.read_text().strip()
    if damage == "outside":  # a good build, but in another folder: never read through this index's pointer
        elsewhere.parent.mkdir(parents=True)
        os.rename(folder / "builds" / pointer.read_text().strip(), elsewhere)
        pointer.write_text(f"../../elsewhere/builds/{elsewhere.name}\n")
    elif damage == "bytes":
        pointer.write_bytes(b"\xff\xfe\x00 not text")
    elif damage == "folder":
        pointer.unlink()
        pointer.mkdir()
    else:
        pointer.write_text("")
    with pytest.raises(IndexStateError, match="no index"):
        load_index(folder)
    assert index_status(_corpus_of(records), folder, embedder.name)[0] == "missing"
    report = build_index(_corpus_of(records), embedder, folder)
    assert report.full_reason == "no previous index" and len(load_index(folder).ids) == len(records)
    assert pointer.is_file()
    if damage == "folder":
        assert len(list(folder.glob("CURRENT.not-a-file-*"))) == 1  # kept aside, not deleted


def test_an_index_that_cannot_be_locked_still_answers_and_says_when_it_is_not_up_to_date(
    corpus_copy, tmp_path, monkeypatch
):
    # a good index on a read-only mount: the lock file cannot be made (root ignores permissions, so it is simulated)
    import errno

    import filelock

    from reviewqa.service import open_review

    embedder, folder = HashEmbedder(), tmp_path / "index"
    build_index(load_corpus(corpus_copy), embedder, folder)

    def refused(self, *args, **kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(filelock.FileLock, "acquire", refused)
    opened = open_review(corpus_copy, folder, embedder=embedder)
    assert opened.warnings == [] and opened.assistant.ask("What base model was Alpaca fine-tuned from?").records
    edit(corpus_copy / "alpaca.yaml", "summary: ", "summary: Edited. ")
    stale = open_review(corpus_copy, folder, embedder=embedder)
    assert any("cannot lock" in w and "not up to date" in w for w in stale.warnings)
    with pytest.raises(IndexStateError, match="cannot lock"):
        open_review(corpus_copy, tmp_path / "no-index-yet", embedder=embedder)


def _flip(path: Path) -> None:
    """Eight bytes in the middle of a file inverted: the same size, other content."""
    data = bytearray(path.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 8] = bytes(b ^ 0xFF for b in data[middle : middle + 8])
    path.write_bytes(bytes(data))


@pytest.mark.parametrize(
    "victim", ["base.faiss", "base-vectors.npy", "records.jsonl", "tokens.npz", "bm25/vocab.index.json"]
)
def test_a_file_changed_in_place_is_found_on_loading_and_the_next_rebuild_repairs_it(tmp_path, victim):
    records = list(synthetic_corpus(30, _REAL).records)
    folder, embedder = tmp_path / "index", HashEmbedder()
    build_index(_corpus_of(records), embedder, folder)
    build = folder / "builds" / (folder / "CURRENT").read_text().strip()
    if victim == "records.jsonl":  # a value edited in place, keeping the size: would be served as fact
        text = (build / victim).read_text(encoding="utf-8")
        date = records[0].entry.date
        (build / victim).write_text(text.replace(f'"{date}"', f'"{date[:-1]}9"', 1), encoding="utf-8")
    else:
        _flip(build / victim)
    with pytest.raises(IndexStateError, match="does not hold what the manifest recorded"):
        load_index(folder)
    assert index_status(_corpus_of(records), folder, embedder.name)[0] == "damaged"
    report = build_index(_corpus_of(records), embedder, folder)  # nothing changed in the corpus: it still rebuilds
    assert report.full_reason is None and report.repaired[0].startswith(f"{victim} does not hold what the manifest")
    assert load_index(folder).entries[0].date == records[0].entry.date


def _scrambled_faiss(vectors, dimension):
    """A FAISS index of other vectors than the build's: written whole and consistent in size, answering wrongly."""
    noise = np.random.default_rng(0).normal(size=vectors.shape).astype(np.float32)
    return _REAL_FAISS_FOR(noise / np.linalg.norm(noise, axis=1, keepdims=True), dimension)


def _empty_lexical(tokens, folder):
    """A lexical model of nothing (as a bm25s that lost the documents would write): loadable, finding nothing."""
    from reviewqa.lexical import Tokens

    _REAL_BUILD_LEXICAL(Tokens([[] for _ in tokens.docs], list(tokens.vocab)), folder)


_REAL_FAISS_FOR = index_module._faiss_for
_REAL_BUILD_LEXICAL = index_module.build_lexical


@pytest.mark.parametrize(
    ("part", "broken", "words"),
    [("_faiss_for", _scrambled_faiss, "do not find themselves"), ("build_lexical", _empty_lexical, "lexical index")],
)
def test_a_new_build_is_served_only_after_it_loads_and_answers_a_probe(tmp_path, monkeypatch, part, broken, words):
    records = list(synthetic_corpus(30, _REAL).records)
    folder, embedder = tmp_path / "index", HashEmbedder()
    first = build_index(_corpus_of(records), embedder, folder)
    assert first.loaded is not None and first.loaded.ids == [r.id for r in records]  # served as it was probed
    monkeypatch.setattr(index_module, part, broken)
    with pytest.raises(IndexStateError, match=words) as info:
        build_index(_corpus_of(records), embedder, folder, full=True)
    assert "previous index is unchanged" in str(info.value)
    assert (folder / "CURRENT").read_text().strip() == first.build  # still the build that answered
    assert [p.name for p in (folder / "builds").iterdir()] == [first.build]  # the one that did not is gone
    assert load_index(folder).ids == [r.id for r in records]


def test_a_damaged_delta_embeds_again_only_the_entries_it_held(tmp_path):
    records = list(synthetic_corpus(40, _REAL).records)
    folder, embedder = tmp_path / "index", CountingEmbedder()
    build_index(_corpus_of(records), embedder, folder)
    records[7] = Record.make(records[7].id, records[7].entry.model_copy(update={"summary": "Edited."}), records[7].path)
    edited = build_index(_corpus_of(records), embedder, folder)
    assert not edited.compacted and edited.changed == [records[7].id]  # its passages went to the delta
    delta = edited.loaded.spans[7][1] - edited.loaded.spans[7][0]
    _flip(folder / "builds" / edited.build / "delta-vectors.npy")
    embedder.embedded = 0
    report = build_index(_corpus_of(records), embedder, folder)
    assert embedder.embedded == delta and report.repaired == [
        "delta-vectors.npy does not hold what the manifest recorded: the 1 entries whose vectors it held embedded again"
    ]
    fresh = build_index(_corpus_of(records), HashEmbedder(), tmp_path / "fresh").loaded
    repaired = load_index(folder)
    assert all(np.allclose(repaired.entry_vectors(r), fresh.entry_vectors(r)) for r in range(len(records)))


def test_an_approximate_base_skips_its_tombstones_and_finds_every_live_passage(tmp_path, monkeypatch):
    monkeypatch.setattr(index_module, "APPROXIMATE_FROM", 200)  # inverted lists from 200 vectors on, for a small test
    records = list(synthetic_corpus(40, _REAL).records)
    folder, embedder = tmp_path / "index", HashEmbedder()
    first = build_index(_corpus_of(records), embedder, folder).loaded
    assert first.manifest["base"]["index_type"] == "ivf" and first.base_count >= 200
    old_vectors = first.entry_vectors(5).copy()
    old_passages = set(range(*(int(x) for x in first.spans[5])))
    records[5] = Record.make(
        records[5].id, records[5].entry.model_copy(update={"summary": "Rewritten."}), records[5].path
    )
    report = build_index(_corpus_of(records), embedder, folder)
    after = report.loaded
    assert not report.compacted and after.manifest["base"]["index_type"] == "ivf"  # the old passages are tombstones
    for vector in old_vectors:  # an edited entry's old passages are never found, even by their own vectors
        _, found = after.nearest(vector, 50)
        assert not set(found.tolist()) & old_passages
    for row in range(len(records)):  # every live passage finds itself: its own list is always searched
        for offset, vector in enumerate(after.entry_vectors(row)):
            scores, found = after.nearest(vector, 5)
            assert int(after.spans[row][0]) + offset in found.tolist() or float(scores[0]) > 0.999
