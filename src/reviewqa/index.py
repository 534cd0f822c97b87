"""The on-disk index: a folder of plain files with a versioned manifest, rebuilt incrementally and swapped atomically.

Layout::

    index/
      CURRENT                 name of the build being served (replaced atomically)
      builds/<build-id>/      manifest.json, vectors.npy, owners.npy, vectors.faiss, records.jsonl, bm25/

Each entry has several passage vectors (its facts, then each summary sentence); ``owners.npy`` maps a vector row to
its entry row.
      .lock                   held while a rebuild runs

A rebuild writes a new build folder aside, fsyncs it, then points ``CURRENT`` at it with ``os.replace``: a rebuild
killed at any moment leaves the previous build serving. Only entries whose content hash changed are re-embedded;
deleted entries leave every derived structure (vectors, lexical index, records) because each build is made whole from
the corpus. Retrieval over a loaded index is ``retrieve.py``'s job, not this module's.
"""

from __future__ import annotations

import json
import os
import shutil
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from . import __version__
from .corpus import Corpus, document_text, passages
from .embed import Embedder
from .errors import IndexLockedError, IndexStateError
from .profile import Profile
from .schema import entry_model

__all__ = [
    "FORMAT_VERSION",
    "HNSW_THRESHOLD",
    "BuildReport",
    "LoadedIndex",
    "build_index",
    "freshness",
    "index_status",
    "load_index",
    "unusable",
]

FORMAT_VERSION = 3  # 3: the review profile is stored in the build (profile.json)
TEXT_VERSION = 6  # bump when document_text or passages change, so every entry is embedded again
HNSW_THRESHOLD = 50_000  # from this many vectors on, search an HNSW graph instead of scanning every vector
# Chosen by a sweep on 32 000 real passage vectors (README, "Speed"): recall@10 0.90 against exact at 0.15 ms a query.
HNSW_M, HNSW_EF_CONSTRUCTION, HNSW_EF_SEARCH = 32, 200, 256
LOCK_WAIT_SECONDS = 2.0


@dataclass
class BuildReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    seconds: float = 0.0
    full_reason: str | None = None  # why everything was embedded again, if it was
    build: str = ""

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.full_reason)

    def summary(self) -> str:
        head = f"added {len(self.added)}, changed {len(self.changed)}, removed {len(self.removed)}, "
        head += f"unchanged {self.unchanged} in {self.seconds:.2f} s"
        return head if not self.full_reason else f"{head} (full rebuild: {self.full_reason})"


@dataclass
class LoadedIndex:
    """One build, read back: ids and entries in row order, passage vectors with their owner rows, the FAISS index."""

    path: Path
    manifest: dict[str, Any]
    profile: Profile
    ids: list[str]
    entries: list[Any]  # instances of entry_model(profile)
    hashes: list[str]
    vectors: np.ndarray  # one row per passage
    owners: np.ndarray  # entry row of each passage
    faiss_index: Any
    texts: list[str]

    def entry_vectors(self, row: int) -> np.ndarray:
        start, stop = self.passage_rows(row)
        return self.vectors[start:stop]

    def passage_rows(self, row: int) -> tuple[int, int]:
        """The vector rows of entry ``row`` (passages of an entry are stored together, in order)."""
        return int(np.searchsorted(self.owners, row, "left")), int(np.searchsorted(self.owners, row, "right"))

    @property
    def model(self) -> str:
        return str(self.manifest["model"])


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as fh:
        fh.write(data)
        fh.flush()
        os.fsync(fh.fileno())


def _faiss_for(vectors: np.ndarray) -> Any:
    import faiss

    dim = vectors.shape[1]
    index: Any
    if len(vectors) >= HNSW_THRESHOLD:
        index = faiss.IndexHNSWFlat(dim, HNSW_M, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = HNSW_EF_CONSTRUCTION
        index.hnsw.efSearch = HNSW_EF_SEARCH
    else:
        index = faiss.IndexFlatIP(dim)
    if len(vectors):
        index.add(vectors)
    return index


def _current_build(index_dir: Path) -> Path | None:
    pointer = index_dir / "CURRENT"
    if not pointer.exists():
        return None
    name = pointer.read_text(encoding="utf-8").strip()
    return index_dir / "builds" / name if name else None


def load_index(index_dir: Path) -> LoadedIndex:
    """Read the build ``CURRENT`` points at, checking every file against the manifest."""
    import faiss

    index_dir = Path(index_dir)
    build = _current_build(index_dir)
    if build is None:
        raise IndexStateError(f"no index in {index_dir}/; run `reviewqa index` to build it")
    try:
        manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format_version") != FORMAT_VERSION:
            raise IndexStateError(
                f"index format {manifest.get('format_version')} is not {FORMAT_VERSION}; run `reviewqa index --full`"
            )
        ids = [e["id"] for e in manifest["entries"]]
        hashes = [e["hash"] for e in manifest["entries"]]
        vectors = np.load(build / "vectors.npy", allow_pickle=False)
        owners = np.load(build / "owners.npy", allow_pickle=False)
        faiss_index = faiss.read_index(str(build / "vectors.faiss"))
        profile = Profile.model_validate_json((build / "profile.json").read_text(encoding="utf-8"))
        model = entry_model(profile)
        rows = [json.loads(line) for line in (build / "records.jsonl").read_text(encoding="utf-8").splitlines()]
        entries = [model.model_validate(row["entry"]) for row in rows]
        texts = [row["text"] for row in rows]
    except IndexStateError:
        raise
    except Exception as exc:  # any unreadable or inconsistent file means the same thing to the user
        raise IndexStateError(
            f"the index in {build} is damaged ({type(exc).__name__}: {exc}); run `reviewqa index --full`"
        ) from exc
    if not (
        len(ids) == len(entries) == len(texts)
        and vectors.shape[0] == owners.shape[0] == faiss_index.ntotal
        and (owners.size == 0 or (int(owners.min()) >= 0 and int(owners.max()) < len(ids)))
        and [r["id"] for r in rows] == ids
        and (vectors.size == 0 or vectors.shape[1] == manifest["dimension"])
    ):
        raise IndexStateError(f"the index files in {build} disagree with its manifest; run `reviewqa index --full`")
    return LoadedIndex(build, manifest, profile, ids, entries, hashes, vectors, owners, faiss_index, texts)


def index_status(corpus: Corpus, index_dir: Path, model: str) -> tuple[str, str]:
    """("fresh" | "stale" | "missing" | "damaged", a sentence for the user)."""
    try:
        loaded = load_index(index_dir)
    except IndexStateError as exc:
        return ("missing" if _current_build(Path(index_dir)) is None else "damaged"), str(exc)
    return freshness(corpus, loaded, model)


def unusable(loaded: LoadedIndex, model: str, profile: Profile, dimension: int | None = None) -> str | None:
    """Why a build's vectors cannot serve (or be reused for) this model and profile, or None: the one check of the
    model, its dimension, the version of the embedded text and the review profile."""
    if loaded.model != model:
        return f"the model changed (built with {loaded.model!r}, configured {model!r})"
    if dimension is not None and int(loaded.manifest["dimension"]) != dimension:
        return f"the model changed (vectors of {loaded.manifest['dimension']} built, the model gives {dimension})"
    if loaded.manifest.get("text_version") != TEXT_VERSION:
        return "the text that is embedded has changed in this version of reviewqa"
    if loaded.profile != profile:
        return "the review profile changed since the last build"
    return None


def freshness(corpus: Corpus, loaded: LoadedIndex, model: str) -> tuple[str, str]:
    """("fresh" | "stale", a sentence): whether an already loaded index matches the corpus and the model."""
    reason = unusable(loaded, model, corpus.profile)
    if reason is not None:
        return "stale", reason
    if loaded.manifest.get("corpus_fingerprint") != corpus.fingerprint():  # every id, content hash and the profile
        # which entries differ (a fingerprint written by another version of reviewqa may differ although none does)
        built = dict(zip(loaded.ids, loaded.hashes, strict=True))
        now = {r.id: r.content_hash for r in corpus.records}
        changed = sorted(k for k in now if built.get(k) != now[k])
        removed = sorted(set(built) - set(now))
        if changed or removed:
            return "stale", f"{len(changed)} new or changed and {len(removed)} removed entries since the last build"
    return "fresh", f"{len(loaded.ids)} entries, model {loaded.model}, built {loaded.manifest.get('built_at', '?')}"


def _previous(
    index_dir: Path, embedder: Embedder, full: bool, profile: Profile
) -> tuple[LoadedIndex | None, str | None]:
    if full:
        return None, "asked for (--full)"
    if _current_build(index_dir) is None:
        return None, "no previous index"
    try:
        old = load_index(index_dir)
    except IndexStateError as exc:
        return None, f"previous index unusable: {exc}"
    reason = unusable(old, embedder.name, profile, embedder.dimension)
    return (None, reason) if reason is not None else (old, None)


def build_index(
    corpus: Corpus,
    embedder: Embedder,
    index_dir: Path,
    *,
    full: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> BuildReport:
    """Bring the index up to date with ``corpus``, embedding only what changed. Holds a lock while it runs."""
    from filelock import FileLock, Timeout

    index_dir = Path(index_dir)
    started = time.perf_counter()
    try:
        (index_dir / "builds").mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise IndexStateError(f"cannot write the index folder {index_dir}: {exc.strerror}") from exc
    lock = FileLock(str(index_dir / ".lock"))
    try:
        lock.acquire(timeout=LOCK_WAIT_SECONDS)
    except Timeout as exc:
        raise IndexLockedError(
            f"another rebuild of {index_dir}/ is running (lock {index_dir / '.lock'}); try again when it finishes"
        ) from exc
    except OSError as exc:
        raise IndexStateError(f"cannot lock the index folder {index_dir}: {exc.strerror}") from exc
    try:
        return _build_locked(corpus, embedder, index_dir, full, progress, started)
    finally:
        lock.release()


def _build_locked(
    corpus: Corpus,
    embedder: Embedder,
    index_dir: Path,
    full: bool,
    progress: Callable[[int, int], None] | None,
    started: float,
) -> BuildReport:
    old, reason = _previous(index_dir, embedder, full, corpus.profile)
    old_rows = {} if old is None else {rid: i for i, rid in enumerate(old.ids)}
    report = BuildReport(full_reason=reason)
    profile = corpus.profile
    texts = [document_text(r, profile) for r in corpus.records]
    per_entry: list[np.ndarray | None] = []
    todo: list[int] = []
    for row, record in enumerate(corpus.records):
        prev = old_rows.get(record.id)
        if old is not None and prev is not None and old.hashes[prev] == record.content_hash:
            per_entry.append(old.entry_vectors(prev))
            report.unchanged += 1
            continue
        per_entry.append(None)
        todo.append(row)
        (report.changed if prev is not None else report.added).append(record.id)
    report.removed = sorted(set(old_rows) - {r.id for r in corpus.records})
    if old is not None and not report.touched:
        _prune(index_dir / "builds", keep={old.path.name})  # leftovers of a killed rebuild go even so
        report.seconds = time.perf_counter() - started
        report.build = old.path.name
        return report
    batch = 64
    for start in range(0, len(todo), batch):
        rows = todo[start : start + batch]
        chunks = [[p.text for p in passages(corpus.records[i], profile)] for i in rows]
        flat = embedder.encode([p for chunk in chunks for p in chunk])
        offset = 0
        for row, chunk in zip(rows, chunks, strict=True):
            per_entry[row] = flat[offset : offset + len(chunk)]
            offset += len(chunk)
        if progress:
            progress(min(start + batch, len(todo)), len(todo))
    blocks = [v for v in per_entry if v is not None]
    vectors = np.concatenate(blocks) if blocks else np.zeros((0, embedder.dimension), dtype=np.float32)
    owners = np.repeat(np.arange(len(per_entry), dtype=np.int32), [len(v) for v in per_entry if v is not None])
    report.build = _write_build(index_dir, corpus, texts, vectors, owners, embedder)
    report.seconds = time.perf_counter() - started
    return report


def _write_build(
    index_dir: Path,
    corpus: Corpus,
    texts: list[str],
    vectors: np.ndarray,
    owners: np.ndarray,
    embedder: Embedder,
) -> str:
    import faiss

    from .lexical import save_lexical

    name = time.strftime("%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:6]
    builds = index_dir / "builds"
    tmp = builds / f".tmp-{name}"
    try:
        tmp.mkdir()
        manifest = {
            "format_version": FORMAT_VERSION,
            "text_version": TEXT_VERSION,
            "package_version": __version__,
            "model": embedder.name,
            "dimension": embedder.dimension,
            "index_type": "hnsw" if len(vectors) >= HNSW_THRESHOLD else "flat",
            "passages": len(vectors),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "corpus_fingerprint": corpus.fingerprint(),
            "entries": [{"id": r.id, "hash": r.content_hash} for r in corpus.records],
        }
        for name_, array in (("vectors.npy", vectors.astype(np.float32)), ("owners.npy", owners)):
            with open(tmp / name_, "wb") as fh:
                np.save(fh, array, allow_pickle=False)
                fh.flush()
                os.fsync(fh.fileno())
        faiss.write_index(_faiss_for(vectors), str(tmp / "vectors.faiss"))
        lines = [
            json.dumps({"id": r.id, "text": t, "entry": json.loads(r.entry.model_dump_json())}, ensure_ascii=False)
            for r, t in zip(corpus.records, texts, strict=True)
        ]
        _write_file(tmp / "records.jsonl", ("\n".join(lines) + "\n").encode())
        _write_file(tmp / "profile.json", corpus.profile.model_dump_json(indent=1).encode())
        save_lexical(texts, tmp / "bm25")
        for path in [tmp / "vectors.faiss", *sorted((tmp / "bm25").iterdir())]:
            with open(path, "rb+") as fh:
                os.fsync(fh.fileno())
        # The manifest goes last: a build folder without one is never loaded.
        _write_file(tmp / "manifest.json", json.dumps(manifest, indent=1).encode())
        _fsync_dir(tmp)
        os.replace(tmp, builds / name)
        _fsync_dir(builds)
        _write_file(index_dir / "CURRENT.tmp", (name + "\n").encode())
        os.replace(index_dir / "CURRENT.tmp", index_dir / "CURRENT")
        _fsync_dir(index_dir)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        raise IndexStateError(
            f"could not write the new index under {index_dir}/ ({exc.strerror or exc}); "
            "the previous index is unchanged. Free disk space or fix permissions, then run `reviewqa index` again."
        ) from exc
    _prune(builds, keep={name})
    return name


def _prune(builds: Path, keep: set[str]) -> None:
    """Remove old builds and leftovers of killed rebuilds; keep the newest previous build for readers mid-swap."""
    others = sorted((p for p in builds.iterdir() if p.name not in keep), key=lambda p: p.stat().st_mtime)
    finished = [p for p in others if not p.name.startswith(".tmp-")]
    for path in [p for p in others if p.name.startswith(".tmp-")] + finished[:-1]:
        shutil.rmtree(path, ignore_errors=True)
