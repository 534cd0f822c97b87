"""The on-disk index: a folder of plain files with a versioned manifest, rebuilt incrementally and swapped atomically.

Layout::

    index/
      CURRENT                 name of the build being served (replaced atomically)
      .lock                   held while a rebuild runs
      builds/<build-id>/      manifest.json, profile.json, records.jsonl, tokens.npz, bm25/,
                              base-vectors.npy, base.faiss, delta-vectors.npy, owners.npy, spans.npy

Each entry has several passage vectors (its facts, then each summary sentence), stored together. They live in two
parts: the *base*, written by the last compaction with its FAISS index (flat, or inverted lists when large), and the
*delta*, the passages embedded since, searched exactly. ``owners.npy`` gives each passage (base, then delta) its
entry row, or -1 for a tombstone: a passage of an entry since changed or removed, which search skips. ``spans.npy``
gives each entry the passages it owns.

A rebuild embeds only entries whose content hash changed. It hard-links the base's files into the new build
(they are never written once made), writes a new delta, tombstones and records, tokenizes only the changed entries
for BM25 and makes the BM25 model again from every entry's token ids (its idf and lengths are corpus-wide). When the
tombstones pass a tenth of the base or the delta a twentieth (and 4 096 passages), or the index type the size calls
for changes, the rebuild compacts: every live passage goes into a new base with a new FAISS index, in entry order.

Every build is written aside in a new folder, fsynced, and then ``CURRENT`` is pointed at it with ``os.replace``: a
rebuild killed at any moment leaves the previous build serving. The manifest records every file's size and SHA-256
digest, and reading a build checks both: a file damaged or edited in place is never served, and the next rebuild
starts from scratch. Retrieval over a loaded index (fusion with BM25,
choosing sentences) is ``retrieve.py``'s job; this module finds the nearest live passages.
"""

from __future__ import annotations

import hashlib
import json
import math
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
from .lexical import TOKENIZER, Tokens, build_lexical, load_lexical, load_tokens, save_tokens
from .profile import Profile
from .schema import entry_model

__all__ = [
    "APPROXIMATE_FROM",
    "FORMAT_VERSION",
    "BuildReport",
    "LoadedIndex",
    "build_index",
    "freshness",
    "index_status",
    "load_build",
    "load_index",
    "probe",
    "unusable",
]

FORMAT_VERSION = 5  # 4: a shared base part and a per-build delta part of the vectors, with tombstones; 5: digests
TEXT_VERSION = 6  # bump when document_text or passages change, so every entry is embedded again
APPROXIMATE_FROM = 50_000  # from this many vectors on, search inverted lists instead of scanning every vector
# An inverted-file index (IVF, exact vectors in each list): 4·√n lists, k-means trained on at most 64 vectors a list
# (a fixed sample), an eighth of the lists searched. HNSW graphs (M 32, efSearch 256) found only 0.18 of the exact top
# 10 at 100 000 entries of the model's vectors, where passages repeat word for word; inverted lists do not mind
# repeats (README, "Exact or approximate search").
IVF_LISTS_PER_ROOT, IVF_TRAIN_PER_LIST, IVF_PROBE_SHARE = 4, 64, 1 / 8
LOCK_WAIT_SECONDS = 2.0
DEAD_SHARE = 0.10  # compact when tombstones pass this share of the base
DELTA_SHARE, DELTA_MIN = 0.05, 4096  # ... or the delta passes this share of the base and this many passages


@dataclass
class BuildReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    seconds: float = 0.0
    full_reason: str | None = None  # why everything was embedded again, if it was
    repaired: list[str] = field(default_factory=list)  # damaged files of the previous build, and what was done
    build: str = ""
    compacted: bool = False  # every live vector went into a new base (always so on a full rebuild)
    loaded: LoadedIndex | None = field(default=None, repr=False)  # a new build as it was loaded and probed

    @property
    def touched(self) -> bool:
        return bool(self.added or self.changed or self.removed or self.full_reason or self.repaired)

    def summary(self) -> str:
        head = f"added {len(self.added)}, changed {len(self.changed)}, removed {len(self.removed)}, "
        head += f"unchanged {self.unchanged} in {self.seconds:.2f} s"
        if self.full_reason:
            return f"{head} (full rebuild: {self.full_reason})"
        if self.repaired:
            head += f" (repaired: {'; '.join(self.repaired)})"
        return f"{head} (vectors compacted)" if self.compacted else head


@dataclass
class BuildFiles:
    """What a rebuild needs of a build, read without its entries or vectors: the manifest, the profile, each
    passage's owner and each entry's passages."""

    path: Path
    manifest: dict[str, Any]
    profile: Profile
    ids: list[str]
    hashes: list[str]
    owners: np.ndarray  # entry row of each passage (base, then delta), -1 for a tombstone
    spans: np.ndarray  # (entries, 2): the passages of entry ``row`` are ``spans[row, 0]`` up to ``spans[row, 1]``

    @property
    def model(self) -> str:
        return str(self.manifest["model"])

    @property
    def base_count(self) -> int:
        return int(self.manifest["base"]["passages"])

    def read_base(self) -> np.ndarray:
        path = self.path / "base-vectors.npy"
        return np.load(path, mmap_mode="r") if self.base_count else np.load(path, allow_pickle=False)

    def read_delta(self) -> np.ndarray:
        return np.load(self.path / "delta-vectors.npy", allow_pickle=False)


@dataclass
class LoadedIndex(BuildFiles):
    """One build, read back: entries in row order with their document texts, the passage vectors, the FAISS index
    of the base."""

    entries: list[Any] = field(default_factory=list)  # instances of entry_model(profile)
    texts: list[str] = field(default_factory=list)
    base: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))  # read-only (mapped)
    delta: np.ndarray = field(default_factory=lambda: np.zeros((0, 0), np.float32))
    faiss_index: Any = None
    _search: dict[str, Any] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        import faiss

        nb = self.base_count
        dead = self.owners[:nb] < 0
        if dead.any():  # the base's tombstones are skipped inside the search, not filtered after it
            bitmap = np.packbits(~dead, bitorder="little")
            self._search.update(bitmap=bitmap, selector=faiss.IDSelectorBitmap(nb, faiss.swig_ptr(bitmap)))
        self._search["params"] = self._params()  # (the bitmap, its selector and these kept alive together)

    def _params(self, breadth: int | None = None) -> Any:
        """FAISS search parameters: the tombstones skipped and, for an approximate base, ``breadth`` (the lists an
        IVF index searches, the candidates an HNSW graph of an earlier build keeps) or the index's own; None when
        neither applies."""
        import faiss as faiss_module

        faiss: Any = faiss_module  # its type stubs lack the search parameters
        selector = self._search.get("selector")
        params: Any = None
        kind = self.manifest["base"]["index_type"]
        if kind == "ivf" and (selector is not None or breadth is not None):
            params = faiss.SearchParametersIVF()
            params.nprobe = breadth if breadth is not None else faiss.extract_index_ivf(self.faiss_index).nprobe
        elif kind == "hnsw" and (selector is not None or breadth is not None):
            params = faiss.SearchParametersHNSW()
            params.efSearch = breadth if breadth is not None else self.faiss_index.hnsw.efSearch
        elif selector is not None:
            params = faiss.SearchParameters()
        if params is not None and selector is not None:
            params.sel = selector
        return params

    @property
    def passage_count(self) -> int:
        """Live passages (tombstones left out)."""
        return int((self.owners >= 0).sum())

    def entry_vectors(self, row: int) -> np.ndarray:
        start, stop = (int(x) for x in self.spans[row])
        nb = self.base_count
        return np.asarray(self.base[start:stop] if start < nb else self.delta[start - nb : stop - nb])

    def live_vectors(self) -> np.ndarray:
        """Every live passage vector, base then delta (for measuring search, not for answering)."""
        nb = self.base_count
        return np.concatenate([self.base[self.owners[:nb] >= 0], self.delta[self.owners[nb:] >= 0]])

    def nearest(self, vector: np.ndarray, k: int, breadth: int | None = None) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` live passages nearest a unit vector, best first: (cosines, passage numbers). ``breadth``
        overrides an approximate base's breadth of search (for measuring it)."""
        query = np.asarray(vector, dtype=np.float32).reshape(1, -1)
        scores: list[np.ndarray] = []
        found: list[np.ndarray] = []
        nb = self.base_count
        params = self._search["params"] if breadth is None else self._params(breadth)
        if nb and k > 0:
            got_scores, got = self.faiss_index.search(query, min(k, nb), params=params)
            keep = got[0] >= 0
            scores.append(got_scores[0][keep])
            found.append(got[0][keep])
        if len(self.delta) and k > 0:
            cosines = self.delta @ query[0]
            top = np.argpartition(-cosines, min(k, len(cosines)) - 1)[:k]
            live = self.owners[nb + top] >= 0
            scores.append(cosines[top][live])
            found.append(nb + top[live])
        if not scores:
            return np.zeros(0, np.float32), np.zeros(0, np.int64)
        all_scores, all_found = np.concatenate(scores), np.concatenate(found).astype(np.int64)
        order = np.lexsort((all_found, -all_scores))[:k]
        return all_scores[order], all_found[order]


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


def _digest(path: Path) -> str:
    """A file's SHA-256 (hex, first 32 digits), read in pieces."""
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()[:32]


def _save_array(path: Path, array: np.ndarray) -> None:
    with open(path, "wb") as fh:
        np.save(fh, array, allow_pickle=False)
        fh.flush()
        os.fsync(fh.fileno())


def _index_type(count: int) -> str:
    return "ivf" if count >= APPROXIMATE_FROM else "flat"


def _faiss_for(vectors: np.ndarray, dimension: int) -> Any:
    import faiss

    index: Any
    if _index_type(len(vectors)) == "ivf":
        lists = int(IVF_LISTS_PER_ROOT * math.sqrt(len(vectors)))
        index = faiss.IndexIVFFlat(faiss.IndexFlatIP(dimension), dimension, lists, faiss.METRIC_INNER_PRODUCT)
        picked = np.random.default_rng(0).choice(len(vectors), min(len(vectors), IVF_TRAIN_PER_LIST * lists), False)
        index.train(np.ascontiguousarray(vectors[np.sort(picked)], dtype=np.float32))
        index.nprobe = max(1, math.ceil(lists * IVF_PROBE_SHARE))
    else:
        index = faiss.IndexFlatIP(dimension)
    if len(vectors):
        index.add(np.ascontiguousarray(vectors, dtype=np.float32))
    return index


def _current_build(index_dir: Path) -> Path | None:
    """The build ``CURRENT`` names, or None when there is none: no pointer, or one that is not a small text file
    naming a build folder of this index (damaged, a folder, bytes that are no text, a path leading elsewhere). A
    rebuild then writes a new pointer."""
    pointer = index_dir / "CURRENT"
    try:
        if not pointer.is_file() or pointer.stat().st_size > 256:
            return None
        name = pointer.read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError):
        return None
    if not name or name.startswith(".") or not name.replace("-", "").replace("_", "").isalnum():
        return None
    return index_dir / "builds" / name


def _damaged(build: Path, exc: Exception) -> IndexStateError:
    return IndexStateError(
        f"the index in {build} is damaged ({type(exc).__name__}: {exc}); run `reviewqa index --full`"
    )


# Files a rebuild can make again without the rest of the build being in doubt (see ``_previous``).
REPAIRABLE = ("base.faiss", "base-vectors.npy", "delta-vectors.npy", "records.jsonl", "tokens.npz", "bm25/")


def _read_build(build: Path, damaged: dict[str, str] | None = None, digests: bool = True) -> BuildFiles:
    """A build's manifest, profile, owners and spans, checked against each other and against the file sizes and
    (with ``digests``) the digests the manifest recorded. With ``damaged``, a file of ``REPAIRABLE`` that fails its
    check is put there (name: what is wrong) instead of raising."""
    try:
        manifest = json.loads((build / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("format_version") != FORMAT_VERSION:
            raise IndexStateError(
                f"index format {manifest.get('format_version')} is not {FORMAT_VERSION}; run `reviewqa index --full`"
            )
        for name, size in manifest["files"].items():
            if not (build / name).is_file() or (build / name).stat().st_size != size:
                what = "is not the size the manifest recorded"
                if damaged is None or not name.startswith(REPAIRABLE):
                    raise IndexStateError(f"{build / name} {what}; run `reviewqa index --full`")
                damaged[name] = what
        for name, digest in manifest["digests"].items():
            if digests and name not in (damaged or {}) and _digest(build / name) != digest:
                what = "does not hold what the manifest recorded (changed or damaged since it was written)"
                if damaged is None or not name.startswith(REPAIRABLE):
                    raise IndexStateError(f"{build / name} {what}; run `reviewqa index --full`")
                damaged[name] = what
        files = BuildFiles(
            build,
            manifest,
            Profile.model_validate_json((build / "profile.json").read_text(encoding="utf-8")),
            [e["id"] for e in manifest["entries"]],
            [e["hash"] for e in manifest["entries"]],
            np.load(build / "owners.npy", allow_pickle=False),
            np.load(build / "spans.npy", allow_pickle=False),
        )
    except IndexStateError:
        raise
    except Exception as exc:  # any unreadable or inconsistent file means the same thing to the user
        raise _damaged(build, exc) from exc
    owners, spans, rows = files.owners, files.spans, np.arange(len(files.ids))
    lengths = spans[:, 1] - spans[:, 0] if spans.ndim == 2 else np.zeros(0)
    if not (
        spans.shape == (len(files.ids), 2)
        and owners.ndim == 1
        and len(owners) == files.base_count + int(manifest["delta_passages"])
        and (owners.size == 0 or (int(owners.min()) >= -1 and int(owners.max()) < len(files.ids)))
        and (
            lengths.size == 0 or (int(lengths.min()) > 0 and int(spans.min()) >= 0 and int(spans.max()) <= len(owners))
        )
        and int(lengths.sum()) == int((owners >= 0).sum())
        and (
            spans.size == 0
            or (np.array_equal(owners[spans[:, 0]], rows) and np.array_equal(owners[spans[:, 1] - 1], rows))
        )
    ):
        raise IndexStateError(f"the index files in {build} disagree with its manifest; run `reviewqa index --full`")
    return files


def load_index(index_dir: Path) -> LoadedIndex:
    """Read the build ``CURRENT`` points at, checking every file against the manifest."""
    index_dir = Path(index_dir)
    build = _current_build(index_dir)
    if build is None:
        raise IndexStateError(f"no index in {index_dir}/; run `reviewqa index` to build it")
    return load_build(build)


def load_build(build: Path, digests: bool = True) -> LoadedIndex:
    """Read one build folder, checking every file against the manifest (its size and, with ``digests``, its SHA-256)
    and the files against each other."""
    import faiss

    files = _read_build(build, digests=digests)
    try:
        base, delta = files.read_base(), files.read_delta()
        faiss_index = faiss.read_index(str(build / "base.faiss"))
        model = entry_model(files.profile)
        rows = [json.loads(line) for line in (build / "records.jsonl").read_text(encoding="utf-8").splitlines()]
        entries = [model.model_validate(row["entry"]) for row in rows]
        texts = [row["text"] for row in rows]
    except Exception as exc:
        raise _damaged(build, exc) from exc
    dimension = int(files.manifest["dimension"])
    if not (
        len(rows) == len(files.ids)
        and [r["id"] for r in rows] == files.ids
        and base.shape[0] == faiss_index.ntotal == files.base_count
        and delta.shape[0] == len(files.owners) - files.base_count
        and all(part.size == 0 or part.shape[1] == dimension for part in (base, delta))
    ):
        raise IndexStateError(f"the index files in {build} disagree with its manifest; run `reviewqa index --full`")
    return LoadedIndex(
        **{k: getattr(files, k) for k in ("path", "manifest", "profile", "ids", "hashes", "owners", "spans")},
        entries=entries,
        texts=texts,
        base=base,
        delta=delta,
        faiss_index=faiss_index,
    )


PROBE_MIN_COSINE = 0.99  # a stored passage vector finds itself (or its equal) at least this close


def probe(loaded: LoadedIndex, tokens: Tokens) -> None:
    """Ask a build as the assistant would before it is served: for its first, middle and last entries, a passage
    vector of the entry must find itself among the nearest (the vectors, the FAISS index and the tombstones agree)
    and the entry's own words must score it in BM25 (the lexical model holds its tokens). Raises
    ``IndexStateError`` saying which part failed."""
    rows = sorted({0, len(loaded.ids) // 2, len(loaded.ids) - 1}) if loaded.ids else []
    lexical: Any = load_lexical(loaded.path / "bm25") if rows else None
    for row in rows:
        scores, _ = loaded.nearest(loaded.entry_vectors(row)[0], 10)
        if not len(scores) or float(scores[0]) < PROBE_MIN_COSINE:
            best = f"{float(scores[0]):.3f}" if len(scores) else "nothing"
            raise IndexStateError(f"the vectors of '{loaded.ids[row]}' do not find themselves (best cosine {best})")
        words = [tokens.vocab[t] for t in tokens.docs[row][:64]]
        if words and not float(np.asarray(lexical.get_scores(words))[row]) > 0:
            raise IndexStateError(f"the lexical index does not find '{loaded.ids[row]}' by its own words")


def index_status(corpus: Corpus, index_dir: Path, model: str) -> tuple[str, str]:
    """("fresh" | "stale" | "missing" | "damaged", a sentence for the user)."""
    try:
        loaded = load_index(index_dir)
    except IndexStateError as exc:
        return ("missing" if _current_build(Path(index_dir)) is None else "damaged"), str(exc)
    return freshness(corpus, loaded, model)


def unusable(loaded: BuildFiles, model: str, profile: Profile, dimension: int | None = None) -> str | None:
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


def freshness(corpus: Corpus, loaded: BuildFiles, model: str) -> tuple[str, str]:
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


@dataclass
class _Previous:
    """The last build, as far as a rebuild reuses it: its files, its records' lines and its entries' tokens, less
    what was found damaged."""

    files: BuildFiles
    lines: list[bytes] | None  # None: records.jsonl was damaged, every entry's line is written again
    tokens: Tokens | None  # None when they were made by another tokenizer, or damaged
    lost: frozenset[int] = frozenset()  # rows whose vectors were in a damaged vector file: embedded again
    new_base: bool = False  # the FAISS index or the vectors were damaged: every live vector goes into a new base
    repaired: list[str] = field(default_factory=list)


def _previous(index_dir: Path, embedder: Embedder, full: bool, profile: Profile) -> tuple[_Previous | None, str | None]:
    if full:
        return None, "asked for (--full)"
    build = _current_build(index_dir)
    if build is None:
        return None, "no previous index"
    damaged: dict[str, str] = {}
    try:
        files = _read_build(build, damaged)
        lines: list[bytes] | None = None
        tokens: Tokens | None = None
        try:
            if "records.jsonl" not in damaged:
                lines = (build / "records.jsonl").read_bytes().split(b"\n")[:-1]
            if "tokens.npz" not in damaged:
                tokens = load_tokens(build / "tokens.npz")
        except Exception as exc:
            raise _damaged(build, exc) from exc
        if (lines is not None and len(lines) != len(files.ids)) or (
            tokens is not None and len(tokens.docs) != len(files.ids)
        ):
            raise IndexStateError(f"the index files in {build} disagree with its manifest")
        if files.manifest.get("tokenizer") != TOKENIZER:  # another tokenizer made them: every entry is tokenized
            tokens = None
    except IndexStateError as exc:
        return None, f"previous index unusable: {exc}"
    reason = unusable(files, embedder.name, profile, embedder.dimension)
    if reason is not None:
        return None, reason
    return _Previous(files, lines, tokens, *_repairs(files, damaged)), None


def _repairs(files: BuildFiles, damaged: dict[str, str]) -> tuple[frozenset[int], bool, list[str]]:
    """What a rebuild does about the damaged files of the previous build: the rows whose vectors must be embedded
    again, whether the base is made anew, and a sentence for each file."""
    nb = files.base_count
    starts = files.spans[:, 0] if len(files.ids) else np.zeros(0, np.int64)
    lost: set[int] = set()
    said = []
    for name, what in sorted(damaged.items()):
        if name in ("base-vectors.npy", "delta-vectors.npy"):
            rows = np.flatnonzero(starts < nb if name.startswith("base") else starts >= nb).tolist()
            lost.update(rows)
            done = f"the {len(rows)} entries whose vectors it held embedded again"
        elif name == "base.faiss":
            done = "the search index made again from the stored vectors"
        elif name == "records.jsonl":
            done = "every record written again from the corpus"
        elif name == "tokens.npz":
            done = "every entry tokenized again"
        else:
            done = "the lexical index made again"
        said.append(f"{name} {what.split(' (')[0]}: {done}")
    new_base = bool(lost) or "base.faiss" in damaged
    return frozenset(lost), new_base, said


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


@dataclass
class _Vectors:
    """The passage vectors of a new build: a new base (or the previous build's, linked), the delta, and the maps."""

    base: np.ndarray | None  # None: link the previous build's base-vectors.npy and base.faiss
    base_count: int
    base_type: str
    delta: np.ndarray
    owners: np.ndarray
    spans: np.ndarray


def _build_locked(
    corpus: Corpus,
    embedder: Embedder,
    index_dir: Path,
    full: bool,
    progress: Callable[[int, int], None] | None,
    started: float,
) -> BuildReport:
    old, reason = _previous(index_dir, embedder, full, corpus.profile)
    old_rows = {} if old is None else {rid: i for i, rid in enumerate(old.files.ids)}
    report = BuildReport(full_reason=reason, repaired=list(old.repaired) if old else [])
    profile, records = corpus.profile, corpus.records
    kept: list[int] = []  # for each entry, its row in the previous build when its vectors are reused there, else -1
    for record in records:
        prev = old_rows.get(record.id)
        if old is not None and prev is not None and old.files.hashes[prev] == record.content_hash:
            report.unchanged += 1
            kept.append(-1 if prev in old.lost else prev)  # (vectors lost to damage: embedded again)
            continue
        kept.append(-1)
        (report.changed if prev is not None else report.added).append(record.id)
    report.removed = sorted(set(old_rows) - {r.id for r in records})
    if old is not None and not report.touched:
        _prune(index_dir / "builds", keep={old.files.path.name})  # leftovers of a killed rebuild go even so
        report.seconds = time.perf_counter() - started
        report.build = old.files.path.name
        return report
    todo = [row for row, prev in enumerate(kept) if prev < 0]
    fresh = _embed(corpus, todo, embedder, progress)
    texts = {row: document_text(records[row], profile) for row in todo}
    if old is not None and old.tokens is not None:
        tokens = Tokens([], list(old.tokens.vocab))
        new_docs = dict(zip(todo, tokens.encode([texts[row] for row in todo]), strict=True))
        tokens.docs = [new_docs[row] if prev < 0 else old.tokens.docs[prev] for row, prev in enumerate(kept)]
    else:
        tokens = Tokens.of([texts[row] if row in texts else document_text(r, profile) for row, r in enumerate(records)])
    if old is not None and old.lines is None:  # records.jsonl was damaged: every line is written again
        texts.update({row: document_text(records[row], profile) for row, prev in enumerate(kept) if prev >= 0})
    lines = [
        old.lines[prev]
        if old is not None and old.lines is not None and prev >= 0
        else json.dumps(
            {"id": records[row].id, "text": texts[row], "entry": json.loads(records[row].entry.model_dump_json())},
            ensure_ascii=False,
        ).encode()
        for row, prev in enumerate(kept)
    ]
    plan = None if old is None or old.new_base else _in_place(old.files, kept, fresh, embedder.dimension)
    if plan is None:
        plan = _compacted(old.files if old else None, kept, fresh, embedder.dimension)
        tokens = tokens.compacted()
        report.compacted = True
    report.build, report.loaded = _write_build(
        index_dir, corpus, lines, tokens, plan, embedder, old.files.path if old else None
    )
    report.seconds = time.perf_counter() - started
    return report


def _embed(
    corpus: Corpus, rows: list[int], embedder: Embedder, progress: Callable[[int, int], None] | None
) -> dict[int, np.ndarray]:
    """The passage vectors of the entries at ``rows``, embedded in batches."""
    out: dict[int, np.ndarray] = {}
    batch = 64
    for start in range(0, len(rows), batch):
        chunk_rows = rows[start : start + batch]
        chunks = [[p.text for p in passages(corpus.records[i], corpus.profile)] for i in chunk_rows]
        flat = embedder.encode([p for chunk in chunks for p in chunk])
        offset = 0
        for row, chunk in zip(chunk_rows, chunks, strict=True):
            out[row] = np.asarray(flat[offset : offset + len(chunk)], dtype=np.float32)
            offset += len(chunk)
        if progress:
            progress(min(start + batch, len(rows)), len(rows))
    return out


def _in_place(old: BuildFiles, kept: list[int], fresh: dict[int, np.ndarray], dimension: int) -> _Vectors | None:
    """Keep the previous base as it is (its passages of changed or removed entries become tombstones) and write a
    new delta: the previous delta's live passages and the new ones. None when the result should be compacted."""
    nb, count = old.base_count, len(kept)
    prev = np.asarray(kept, dtype=np.int64)
    reused = prev >= 0
    new_row = np.full(len(old.ids) + 1, -1, dtype=np.int64)  # the last slot maps tombstones (-1) to -1
    new_row[prev[reused]] = np.flatnonzero(reused)
    owners_base = new_row[old.owners[:nb]]
    spans = np.zeros((count, 2), dtype=np.int64)
    in_base = np.zeros(count, dtype=bool)
    in_base[reused] = old.spans[prev[reused], 0] < nb
    spans[in_base] = old.spans[prev[in_base]]
    old_delta = old.read_delta() if len(old.owners) > nb else np.zeros((0, dimension), np.float32)
    blocks: list[np.ndarray] = []
    owners_delta: list[np.ndarray] = []
    cursor = nb
    for row in np.flatnonzero(~in_base).tolist():
        if kept[row] >= 0:
            start, stop = (int(x) - nb for x in old.spans[kept[row]])
            block = old_delta[start:stop]
        else:
            block = fresh[row]
        blocks.append(block)
        owners_delta.append(np.full(len(block), row, dtype=np.int64))
        spans[row] = (cursor, cursor + len(block))
        cursor += len(block)
    delta_count = cursor - nb
    dead = int((owners_base < 0).sum())
    if (
        dead > DEAD_SHARE * nb
        or delta_count > max(DELTA_MIN, DELTA_SHARE * nb)
        or _index_type(nb - dead + delta_count) != old.manifest["base"]["index_type"]
    ):
        return None
    return _Vectors(
        None,
        nb,
        old.manifest["base"]["index_type"],
        np.concatenate(blocks) if blocks else np.zeros((0, dimension), np.float32),
        np.concatenate([owners_base, *owners_delta]).astype(np.int32),
        spans,
    )


def _compacted(old: BuildFiles | None, kept: list[int], fresh: dict[int, np.ndarray], dimension: int) -> _Vectors:
    """Every live passage, in entry order, in a new base; an empty delta, no tombstones."""
    blocks: list[np.ndarray] = []
    if old is not None and any(prev >= 0 for prev in kept):
        nb = old.base_count
        starts = [int(old.spans[prev, 0]) for prev in kept if prev >= 0]
        # (only the parts still needed are read: a damaged one holds no entry that is kept)
        base = old.read_base() if min(starts) < nb else np.zeros((0, dimension), np.float32)
        delta = old.read_delta() if max(starts) >= nb else np.zeros((0, dimension), np.float32)
        for row, prev in enumerate(kept):
            if prev < 0:
                blocks.append(fresh[row])
                continue
            start, stop = (int(x) for x in old.spans[prev])
            blocks.append(base[start:stop] if start < nb else delta[start - nb : stop - nb])
    else:
        blocks = [fresh[row] for row in range(len(kept))]
    lengths = np.array([len(b) for b in blocks], dtype=np.int64)
    ends = np.cumsum(lengths)
    vectors = np.concatenate(blocks).astype(np.float32) if blocks else np.zeros((0, dimension), np.float32)
    return _Vectors(
        vectors,
        len(vectors),
        _index_type(len(vectors)),
        np.zeros((0, dimension), np.float32),
        np.repeat(np.arange(len(blocks), dtype=np.int32), lengths),
        np.stack([ends - lengths, ends], axis=1) if blocks else np.zeros((0, 2), np.int64),
    )


def _link(source: Path, target: Path) -> None:
    """``target`` as a hard link to ``source`` (an unchanged file of the previous build), or a copy where the file
    system has no hard links."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)
        with open(target, "rb+") as fh:
            os.fsync(fh.fileno())


def _write_build(
    index_dir: Path,
    corpus: Corpus,
    lines: list[bytes],
    tokens: Tokens,
    vectors: _Vectors,
    embedder: Embedder,
    previous: Path | None,
) -> tuple[str, LoadedIndex]:
    """Write a build folder beside the others, load it and ``probe`` it, and only then point ``CURRENT`` at it: a
    build that does not load or answer is removed and the previous index stays served. Returns its name and the
    build as loaded."""
    import faiss

    name = time.strftime("%Y%m%d-%H%M%S") + "-" + uuid.uuid4().hex[:6]
    builds = index_dir / "builds"
    tmp = builds / f".tmp-{name}"
    try:
        tmp.mkdir()
        if vectors.base is None:
            assert previous is not None
            for shared in ("base-vectors.npy", "base.faiss"):
                _link(previous / shared, tmp / shared)
        else:
            _save_array(tmp / "base-vectors.npy", vectors.base)
            faiss.write_index(_faiss_for(vectors.base, embedder.dimension), str(tmp / "base.faiss"))
            with open(tmp / "base.faiss", "rb+") as fh:
                os.fsync(fh.fileno())
        _save_array(tmp / "delta-vectors.npy", vectors.delta.astype(np.float32))
        _save_array(tmp / "owners.npy", vectors.owners)
        _save_array(tmp / "spans.npy", vectors.spans)
        _write_file(tmp / "records.jsonl", b"".join(line + b"\n" for line in lines))
        _write_file(tmp / "profile.json", corpus.profile.model_dump_json(indent=1).encode())
        with open(tmp / "tokens.npz", "wb") as fh:
            save_tokens(tokens, fh)
            fh.flush()
            os.fsync(fh.fileno())
        build_lexical(tokens, tmp / "bm25")
        for path in sorted((tmp / "bm25").iterdir()):
            with open(path, "rb+") as fh:
                os.fsync(fh.fileno())
        sizes = {str(p.relative_to(tmp)): p.stat().st_size for p in sorted(tmp.rglob("*")) if p.is_file()}
        manifest = {
            "format_version": FORMAT_VERSION,
            "text_version": TEXT_VERSION,
            "package_version": __version__,
            "model": embedder.name,
            "dimension": embedder.dimension,
            "tokenizer": TOKENIZER,
            "index_type": vectors.base_type,
            "passages": int((vectors.owners >= 0).sum()),
            "base": {"passages": vectors.base_count, "index_type": vectors.base_type},
            "delta_passages": len(vectors.delta),
            "tombstones": int((vectors.owners < 0).sum()),
            "built_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
            "corpus_fingerprint": corpus.fingerprint(),
            "entries": [{"id": r.id, "hash": r.content_hash} for r in corpus.records],
            "files": sizes,
        }
        # what every file holds (a flipped byte, a value edited in place keep the size); files linked from the
        # previous build keep the digest it recorded, which loading checks against their content all the same
        linked: dict[str, str] = {}
        if vectors.base is None and previous is not None:
            earlier = json.loads((previous / "manifest.json").read_text(encoding="utf-8")).get("digests", {})
            linked = {k: v for k, v in earlier.items() if k in ("base-vectors.npy", "base.faiss")}
        manifest["digests"] = {name: linked.get(name) or _digest(tmp / name) for name in sizes}
        # The manifest goes last: a build folder without one is never loaded.
        _write_file(tmp / "manifest.json", json.dumps(manifest, indent=1).encode())
        _fsync_dir(tmp / "bm25")
        _fsync_dir(tmp)
        os.replace(tmp, builds / name)
        _fsync_dir(builds)
        try:
            # (its digests were just made from these very bytes, and the linked base files checked against theirs
            # when the previous build was read: hashing gigabytes again at 100 000 entries would prove nothing more)
            loaded = load_build(builds / name, digests=False)
            probe(loaded, tokens)
        except IndexStateError as exc:
            shutil.rmtree(builds / name, ignore_errors=True)
            raise IndexStateError(
                f"the new index was not served: it did not load and answer as it should ({exc}); the previous index "
                "is unchanged. Run `reviewqa index --full`, and report it if that fails too."
            ) from exc
        _write_file(index_dir / "CURRENT.tmp", (name + "\n").encode())
        pointer = index_dir / "CURRENT"
        if pointer.is_dir() and not pointer.is_symlink():  # (a folder in its place: kept aside, not deleted)
            os.replace(pointer, index_dir / f"CURRENT.not-a-file-{uuid.uuid4().hex[:8]}")
        os.replace(index_dir / "CURRENT.tmp", pointer)
        _fsync_dir(index_dir)
    except (OSError, RuntimeError) as exc:  # (FAISS reports a failed write, a full disk, as a RuntimeError)
        shutil.rmtree(tmp, ignore_errors=True)
        raise IndexStateError(
            f"could not write the new index under {index_dir}/ ({getattr(exc, 'strerror', None) or exc}); "
            "the previous index is unchanged. Free disk space or fix permissions, then run `reviewqa index` again."
        ) from exc
    _prune(builds, keep={name})
    return name, loaded


def _prune(builds: Path, keep: set[str]) -> None:
    """Remove old builds and leftovers of killed rebuilds; keep the newest previous build for readers mid-swap.
    (Files a kept build shares with a removed one stay: they are hard links.)"""
    others = sorted((p for p in builds.iterdir() if p.name not in keep), key=lambda p: p.stat().st_mtime)
    finished = [p for p in others if not p.name.startswith(".tmp-")]
    for path in [p for p in others if p.name.startswith(".tmp-")] + finished[:-1]:
        shutil.rmtree(path, ignore_errors=True)
