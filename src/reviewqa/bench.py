"""Benchmarks: how fast answering, indexing and start-up are, against the floor of one ``model.encode``.

Each corpus size is measured in its own process (``python -m reviewqa.bench one …``) so peak memory is that size's
own. The shipped corpus also gets the cold start of a new ``reviewqa ask`` process and the latency through the Gradio
HTTP API. At each synthetic size the index's own search is compared with an exact scan of the same vectors.
Benchmarks are not tests: CI runs only ``--quick``, which checks that all of this still runs.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import resource
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from .values import format_count, numbers

__all__ = ["run_benchmarks"]

# Questions of no particular review, to mix with the profile's examples: declines and general reading.
GENERAL_QUESTIONS = [
    "What's the weather like in Paris today?",
    "how do I fix my wifi",
    "which entries came out in 2023?",
    "what is the earliest work in the review?",
]


def _percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)

    def pick(q: float) -> float:
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    return {"p50": statistics.median(ordered), "p95": pick(0.95), "p99": pick(0.99)}


def _questions(corpus: Any, count: int) -> list[str]:
    """The profile's example questions, general ones, and questions naming and describing entries, in a fixed
    order."""
    from .corpus import document_text

    profile = corpus.profile
    out = [*profile.examples, *GENERAL_QUESTIONS]
    records = corpus.records
    step = max(1, len(records) // 40)
    labels = [spec.label.lower() for spec in profile.fields.values() if spec.type in ("names", "refs", "date")]
    for n, record in enumerate(records[::step][:40]):
        out.append(f"What is the {labels[n % len(labels)]} of {record.entry.name}?" if labels else record.entry.name)
        facts = document_text(record, profile, with_text=False).split(". ")[1:4]
        out.append(" ".join(facts).lower())  # a description without the name
    while len(out) < count:
        out += out
    return out[:count]


class _EachTextOnce:
    """An embedder that computes each distinct text's vector once and reuses it: the synthetic corpora repeat their
    donors' notes sentence for sentence, so a 100 000-entry corpus has about 1.3 million passages but 0.3 million
    distinct ones. The vectors are the model's own; only repeated work is skipped.

    With a ``store`` folder the vectors are also kept on disk, in parts of ``SAVE_EVERY`` texts written whole, and
    read back by the next run: embedding a large synthetic corpus with the model takes hours on a laptop, and a run
    that is stopped carries on where it was at the next one. Texts are keyed by a 128-bit hash."""

    SAVE_EVERY = 4096

    def __init__(self, embedder: Any, store: Path | None = None) -> None:
        self.embedder, self.name, self.dimension = embedder, embedder.name, embedder.dimension
        self.cache: dict[bytes, Any] = {}
        self.store = store
        self.unsaved: list[bytes] = []  # the keys embedded since the last part was written
        if store is not None:
            self._read_store()
        self.embedded = 0

    @staticmethod
    def _key(text: str) -> bytes:
        return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()

    def _read_store(self) -> None:
        import numpy as np

        assert self.store is not None
        for part in sorted(self.store.glob("part-*.npz")):
            try:
                with np.load(part) as saved:
                    keys, vectors = saved["keys"], saved["vectors"]
            except (OSError, ValueError, KeyError):  # a damaged part is only lost work: it is embedded again
                continue
            if vectors.ndim == 2 and vectors.shape[1] == self.dimension and len(keys) == len(vectors):
                self.cache.update(zip((k.tobytes() for k in keys), vectors, strict=True))

    def save(self) -> None:
        """Write the vectors embedded since the last part as a new part (whole, or not at all)."""
        import numpy as np

        if self.store is None or not self.unsaved:
            return
        self.store.mkdir(parents=True, exist_ok=True)
        keys = np.frombuffer(b"".join(self.unsaved), dtype=np.uint8).reshape(len(self.unsaved), 16)
        vectors = np.stack([self.cache[k] for k in self.unsaved]).astype(np.float32)
        target = self.store / f"part-{time.time_ns()}-{os.getpid()}.npz"
        partial = target.with_suffix(".partial")
        with partial.open("wb") as out:
            np.savez(out, keys=keys, vectors=vectors)
        os.replace(partial, target)
        self.unsaved = []

    def encode(self, texts: list[str]) -> Any:
        import numpy as np

        keys = [self._key(t) for t in texts]
        missing = {k: t for k, t in zip(keys, texts, strict=True) if k not in self.cache}
        if missing:
            self.cache.update(zip(missing, self.embedder.encode(list(missing.values())), strict=True))
            self.unsaved += missing
            self.embedded += len(missing)
            if len(self.unsaved) >= self.SAVE_EVERY:
                self.save()
        return np.stack([self.cache[k] for k in keys]) if texts else np.zeros((0, self.dimension), np.float32)


def _vector_store(embedder: Any) -> Path:
    """Where the model's vectors of synthetic passages are kept between runs: beside the exported encoders, one
    folder per model (its files' fingerprint)."""
    from .embed import encoder_cache, model_fingerprint

    folder = Path(embedder.path)
    identity = model_fingerprint(folder) if folder.is_dir() else hashlib.sha256(embedder.path.encode()).hexdigest()
    return encoder_cache().parent / "bench-vectors" / identity[:16]


def _progress(label: str) -> Any:
    """A progress callback for long builds that prints to standard error every tenth of the way."""
    shown = [-1]

    def report(done: int, total: int) -> None:
        tenth = done * 10 // max(1, total)
        if tenth > shown[0]:
            shown[0] = tenth
            print(f"{label}: {done:,} of {total:,} entries embedded", file=sys.stderr, flush=True)

    return report


EDITED_ROWS = (0, 7, 14)  # the entries renamed one at a time, each followed by a rebuild
EDITED_LEAST = EDITED_ROWS[-1] + 1  # the smallest corpus a size can measure


def _edit_rebuilds(corpus: Any, embedder: Any, index_dir: Path) -> tuple[Any, list[dict[str, Any]]]:
    """Edit one entry at a time (its name) and rebuild, three times: only that entry is embedded again."""
    from .service import update_index

    edits = []
    for row in EDITED_ROWS:
        record = corpus.records[row]
        edited = record.entry.model_copy(update={"name": record.entry.name + " (edited)"})
        records = list(corpus.records)
        records[row] = record.make(record.id, edited, record.path)
        corpus = corpus.__class__(corpus.root, tuple(records), corpus.profile)
        report, _ = update_index(corpus, embedder, index_dir)
        assert report.changed == [record.id], report.summary()
        edits.append({"seconds": report.seconds, "compacted": report.compacted})
    return corpus, edits


def measure_rebuilds(size: str, workdir: Path) -> dict[str, Any]:
    """Building and rebuilding at a size whose passages the model cannot embed here in reasonable time: vectors come
    from the hashing embedder at the model's dimension, so every file, count and graph has the real shape and only
    the values differ. Embedding the edited entry's passages with the model is left out (see the shipped size)."""
    from .corpus import load_corpus
    from .embed import HashEmbedder, SentenceEmbedder
    from .index import load_index
    from .service import update_index
    from .synthetic import synthetic_corpus

    corpus = synthetic_corpus(int(size), load_corpus(Path(__file__).resolve().parents[2] / "corpus"))
    embedder = _EachTextOnce(HashEmbedder(SentenceEmbedder().dimension))  # the dimension without loading it
    index_dir = workdir / f"rebuilds-{size}"
    report, _ = update_index(corpus, embedder, index_dir, full=True)
    out: dict[str, Any] = {"size": size, "entries": len(corpus.records), "full_build_s": report.seconds}
    _, out["edits"] = _edit_rebuilds(corpus, embedder, index_dir)
    started = time.perf_counter()
    index = load_index(index_dir)
    out["load_index_s"] = time.perf_counter() - started
    out["passages"], out["index_type"] = index.passage_count, index.manifest["index_type"]
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def measure_one(size: str, workdir: Path, questions: int, ann: bool) -> dict[str, Any]:
    """Everything for one corpus size, in this process."""
    from .answer import Assistant
    from .corpus import load_corpus
    from .embed import SentenceEmbedder, encoder_cache, export_query_encoder
    from .index import load_index
    from .service import update_index
    from .synthetic import synthetic_corpus

    root = Path(__file__).resolve().parents[2]
    real = load_corpus(root / "corpus")
    corpus = real if size == "shipped" else synthetic_corpus(int(size), real)
    index_dir = workdir / f"index-{size}"
    out: dict[str, Any] = {"size": size, "entries": len(corpus.records)}
    started = time.perf_counter()
    embedder = SentenceEmbedder()  # sentence-transformers throughout here: the floor is one model.encode
    out["model_load_s"] = time.perf_counter() - started
    # synthetic corpora embed each distinct passage text once
    builder = embedder if size == "shipped" else _EachTextOnce(embedder, _vector_store(embedder))
    try:
        report, _ = update_index(corpus, builder, index_dir, full=True, progress=_progress(f"size {size}"))
    finally:
        if isinstance(builder, _EachTextOnce):
            builder.save()
    out["full_build_s"] = report.seconds
    if size == "shipped":  # as `reviewqa index` does: the new processes measured later encode questions with it
        out["query_encoder"] = export_query_encoder(embedder, encoder_cache())
    corpus, out["edits"] = _edit_rebuilds(corpus, builder, index_dir)
    out["incremental_build_s"] = statistics.median(e["seconds"] for e in out["edits"])
    started = time.perf_counter()
    index = load_index(index_dir)
    out["load_index_s"] = time.perf_counter() - started
    assistant = Assistant(index, embedder)
    out["load_s"] = time.perf_counter() - started
    out["passages"] = index.passage_count
    out["index_type"] = index.manifest["index_type"]
    asked = _questions(corpus, questions)
    assistant.ask("warm-up question")
    embedder.encode(["warm-up"])
    in_process, floor = [], []
    for question in asked:
        assistant.retriever.encode.cache_clear()  # each question pays for its own embedding
        t = time.perf_counter()
        assistant.ask(question)
        in_process.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        embedder.encode([question])
        floor.append((time.perf_counter() - t) * 1000)
    out["ask_ms"] = _percentiles(in_process)
    out["floor_ms"] = _percentiles(floor)
    if ann:
        out["ann"] = measure_search(index, embedder.encode(asked))
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def measure_recall(size: str, workdir: Path, queries: int) -> dict[str, Any]:
    """The approximate index's recall at a synthetic size with the model's own vectors: the corpus is built in full
    (the model embeds each distinct passage once; the vectors are kept between runs, see ``_EachTextOnce``), then
    ``queries`` questions made from its entries are searched by the index and by an exact scan."""
    from .corpus import load_corpus
    from .embed import SentenceEmbedder
    from .index import load_index
    from .service import update_index
    from .synthetic import synthetic_corpus

    corpus = synthetic_corpus(int(size), load_corpus(Path(__file__).resolve().parents[2] / "corpus"))
    embedder = SentenceEmbedder()
    builder = _EachTextOnce(embedder, _vector_store(embedder))
    index_dir = workdir / f"recall-{size}"
    try:
        report, _ = update_index(corpus, builder, index_dir, full=True, progress=_progress(f"recall {size}"))
    finally:
        builder.save()
    index = load_index(index_dir)
    out: dict[str, Any] = {
        "size": size,
        "entries": len(corpus.records),
        "passages": index.passage_count,
        "distinct_passages": len(builder.cache),
        "embedded_now": builder.embedded,
        "full_build_s": report.seconds,
        "index_type": index.manifest["index_type"],
    }
    out.update(measure_search(index, embedder.encode(_questions(corpus, queries))))
    out["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


def _list_questions(corpus: Any) -> list[str]:
    """Questions that list entries under conditions, made from the profile's labels and the corpus's own values:
    each enum or category value, its negation, dates and number thresholds, two joined."""
    profile = corpus.profile
    records = corpus.records
    noun = profile.nouns[0].words[-1] if profile.nouns and profile.nouns[0].words else "entries"
    out = [q for q in profile.examples if q.lower().startswith(("which", "list", "how many"))]
    for key, spec in profile.fields.items():
        label = spec.label.lower()
        if spec.type in ("enum", "category"):
            for value in spec.values[:4]:
                out.append(f"Which {noun} have {label} {value.value}?")
                out.append(f"Which {noun} do not have {label} {value.value}?")
        elif spec.type == "date":
            out += [f"Which {noun} came out after {y}?" for y in (2020, 2022)] + [f"Which {noun} are from 2023?"]
        elif spec.type in ("sizes", "quantity"):
            values = sorted(v for r in records for v in numbers(spec, getattr(r.entry, key, None)))
            if values:
                middle = format_count(values[len(values) // 2])
                out += [f"Which {noun} have {label} over {middle}?", f"Which {noun} have {label} under {middle}?"]
    joined = [f"{a.rstrip('?')} and {b[0].lower()}{b[1:]}" for a, b in zip(out[::3], out[1::3], strict=False)]
    return out + joined


def measure_lists(size: str) -> dict[str, Any]:
    """Opening a large review's question reading and columns (no model, no vectors), then reading list questions and
    deciding their conditions on the columns: each question three times in a row (a condition's masks are kept
    after its first use, by this question or an earlier one)."""
    from .conversation import Conversation
    from .corpus import load_corpus
    from .lexicon import Lexicon
    from .parse import Reader
    from .synthetic import synthetic_corpus
    from .table import Table

    real = load_corpus(Path(__file__).resolve().parents[2] / "corpus")
    corpus = real if size == "shipped" else synthetic_corpus(int(size), real)
    ids, entries = [r.id for r in corpus.records], [r.entry for r in corpus.records]
    started = time.perf_counter()
    lexicon = Lexicon(corpus.profile, ids, entries)
    lexicon_s = time.perf_counter() - started
    started = time.perf_counter()
    columns = Table(corpus.profile, ids, entries, lexicon.names)
    table_s = time.perf_counter() - started
    reader = Reader(lexicon, columns.value_of)
    timings, matched, asked = [], [], 0
    for question in _list_questions(corpus):
        query = reader.read(question, Conversation())
        if query.op not in ("list", "count") or query.where is None:
            continue
        asked += 1
        for _ in range(3):
            started = time.perf_counter()
            rows, _unknown = columns.matching(reader.read(question, Conversation()).where)
            timings.append((time.perf_counter() - started) * 1000)
        matched.append(len(rows))
    return {
        "size": size,
        "entries": len(ids),
        "open_lexicon_s": lexicon_s,
        "open_table_s": table_s,
        "list_questions": asked,
        "median_matches": statistics.median(matched) if matched else 0,
        "list_ms": {**_percentiles(timings), "max": max(timings)} if timings else {},
    }


def measure_search(index: Any, queries: Any, k: int = 10) -> dict[str, Any]:
    """The index's own nearest-passage search against an exact scan of the same live vectors: recall@10, strictly
    (the same passages) and allowing for ties (a passage as near as the exact tenth counts: synthetic corpora hold many
    identical passages, among which an exact top 10 is an arbitrary pick), for a search of 10 and for the 400
    candidates retrieval asks for; for an approximate base also at narrower and wider searches; and the time of one
    search."""
    import faiss
    import numpy as np

    from .retrieve import CANDIDATES

    live = np.flatnonzero(index.owners >= 0)  # passage number of each live vector, in live_vectors() order
    started = time.perf_counter()
    exact = faiss.IndexFlatIP(index.base.shape[1] if index.base.size else index.delta.shape[1])
    exact.add(index.live_vectors())
    out: dict[str, Any] = {"exact_build_s": time.perf_counter() - started, "queries": len(queries)}

    def recall(search: Any) -> dict[str, float]:
        strict, tied = [], []
        for query in queries:
            truth_scores, truth = exact.search(query.reshape(1, -1), k)
            scores, found = search(query)
            truth_set = set(live[truth[0]].tolist())
            strict.append(len(truth_set & set(found[:k].tolist())) / k)
            tied.append(min(k, int((scores[:k] >= truth_scores[0][-1] - 1e-5).sum())) / k)
        return {"strict": float(np.mean(strict)), "ties": float(np.mean(tied))}

    timings = []
    for query in queries:
        t = time.perf_counter()
        index.nearest(query, k)
        timings.append((time.perf_counter() - t) * 1000)
    out["search_ms"] = _percentiles(timings)
    t = time.perf_counter()
    for query in queries:
        exact.search(query.reshape(1, -1), k)
    out["exact_ms_mean"] = (time.perf_counter() - t) * 1000 / max(1, len(queries))
    out["recall_at_10"] = recall(lambda q: index.nearest(q, k))
    out["recall_at_10_served"] = recall(lambda q: index.nearest(q, CANDIDATES * 4))
    if index.manifest["base"]["index_type"] == "ivf":
        ivf = faiss.extract_index_ivf(index.faiss_index)
        out["lists"], out["probed"] = int(ivf.nlist), int(ivf.nprobe)
        out["recall_by_probed"] = {
            str(n): recall(lambda q, n=n: index.nearest(q, k, breadth=n)) for n in (ivf.nprobe // 2, ivf.nprobe * 2)
        }
    return out


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _timed_run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, str]:
    t = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, env=env)
    return time.perf_counter() - t, done.stdout


# Operations answered from the typed records alone, and those that embed the question (retrieval, sentences).
MODEL_FREE = ("lookup", "describe", "list", "count", "rank", "compare", "verify", "tally")
MODEL_NEEDED = ("search", "text")


def _needing_the_model(corpus: Any) -> str:
    """A question of the review (an example, else a description made from an entry's facts) that is read as one the
    model must answer: a cold start with it pays for loading the model."""
    from .corpus import document_text
    from .lexicon import Lexicon
    from .parse import Reader
    from .table import Table

    ids = [r.id for r in corpus.records]
    entries = [r.entry for r in corpus.records]
    lexicon = Lexicon(corpus.profile, ids, entries)
    reader = Reader(lexicon, Table(corpus.profile, ids, entries, lexicon.names).value_of)
    described = [
        " ".join(document_text(r, corpus.profile, with_text=False).split(". ")[1:4]).lower() for r in corpus.records
    ]
    for question in [*corpus.profile.examples, *described]:
        if reader.read(question).op in MODEL_NEEDED:
            return question
    raise RuntimeError("no example or description of the review is read as a question that needs the model")


def measure_process(workdir: Path, questions: int) -> dict[str, Any]:
    """New processes: the model-load floor, a named and a described question from a new `reviewqa ask`, the page and
    the first answer after `reviewqa serve`; then latency through the Gradio HTTP API."""
    import urllib.request

    from .corpus import load_corpus

    root = Path(__file__).resolve().parents[2]
    index_dir = workdir / "index-shipped"
    exe = [sys.executable, "-m", "reviewqa.cli"]
    common = ["--corpus", str(root / "corpus"), "--index", str(index_dir)]
    corpus = load_corpus(root / "corpus")
    named = f"What is the date of {corpus.records[0].entry.name}?"
    described = _needing_the_model(corpus)
    load = "from reviewqa.embed import SentenceEmbedder; SentenceEmbedder().encode(['warm-up'])"
    out: dict[str, Any] = {"model_load_s": min(_timed_run([sys.executable, "-c", load])[0] for _ in range(3))}
    for label, question, kinds in (("named", named, MODEL_FREE), ("described", described, MODEL_NEEDED)):
        runs = [_timed_run([*exe, "ask", "--json", *common, question]) for _ in range(3)]
        answer = json.loads(runs[0][1])
        assert answer["records"], f"the {label} cold-start question got no records"
        assert answer["kind"] in kinds, f"the {label} cold-start question was answered as {answer['kind']}"
        out[f"cold_{label}_s"] = min(seconds for seconds, _ in runs)
    # the same described question with torch and sentence-transformers encoding it, as before the exported encoder
    torch_env = {**os.environ, "REVIEWQA_QUERY_ENCODER": "sentence-transformers"}
    runs = [_timed_run([*exe, "ask", "--json", *common, described], torch_env) for _ in range(3)]
    out["cold_described_torch_s"] = min(seconds for seconds, _ in runs)
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    launched = time.perf_counter()
    server = subprocess.Popen(
        [*exe, "serve", "--no-watch", "--port", str(port), *common],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        from gradio_client import Client

        deadline = time.monotonic() + 120
        for key, address in (("page_served_s", url), ("app_ready_s", url + "config")):
            while True:  # first any page (the start-up page), then the chat itself (its /config)
                try:
                    with urllib.request.urlopen(address, timeout=5) as response:
                        if response.status == 200:
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{address} was not served within 120 s")
                time.sleep(0.05)
            out[key] = time.perf_counter() - launched
        client = Client(url, verbose=False)
        client.predict(described, [], api_name="/ask")
        out["app_first_answer_s"] = time.perf_counter() - launched
        latencies = []
        asked = [named, described, *GENERAL_QUESTIONS]
        for question in (asked * (questions // len(asked) + 1))[:questions]:
            t = time.perf_counter()
            client.predict(question, [], api_name="/ask")
            latencies.append((time.perf_counter() - t) * 1000)
    finally:
        server.terminate()
        server.wait(timeout=30)
    out["http_ms"] = _percentiles(latencies)
    return out


def hostile_questions(corpus: Any, count: int) -> list[str]:
    """``count`` questions of up to ``MAX_QUESTION_CHARS`` characters generated by hypothesis (derandomized, so the
    same each run): the review's own words and grammar words repeated, shuffled and glued, with punctuation, and any
    Unicode text. Needs hypothesis (a development dependency)."""
    from hypothesis import HealthCheck, Phase, given, settings
    from hypothesis import strategies as st

    from .answer import MAX_QUESTION_CHARS

    profile = corpus.profile
    words = sorted(
        {w for r in corpus.records for w in r.entry.name.split()}
        | {w for spec in profile.fields.values() for w in spec.label.lower().split()}
        | {w for q in [*profile.examples, *GENERAL_QUESTIONS] for w in q.split()}
        | set("not no and or but than more less before after between which who how many what is of from by".split())
    )
    word = st.sampled_from(words)
    glue = st.sampled_from([" ", " ", " ", ", ", "-", "'s ", " (", ") ", '"', "?", " not ", " and ", " or ", ""])
    phrase = st.lists(st.tuples(word, glue), max_size=500).map(lambda pairs: "".join(w + g for w, g in pairs))
    repeated = st.tuples(st.lists(word, min_size=1, max_size=3), st.integers(1, 700)).map(
        lambda t: " ".join(t[0] * t[1])
    )
    shape = st.one_of(phrase, repeated, st.text(max_size=MAX_QUESTION_CHARS), phrase.map(lambda q: q * 8))
    found: list[str] = []

    @settings(
        max_examples=count,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(shape)
    def collect(question: str) -> None:
        found.append(question[:MAX_QUESTION_CHARS])

    collect()
    return found[:count]


def measure_hostile(workdir: Path, count: int, clients: int = 8, chats: int = 60) -> dict[str, Any]:
    """Generated questions (``hostile_questions``) in this process: the slowest, with its length; then a server
    (`reviewqa serve`) answering ``chats`` ordinary questions alone, and again while ``clients`` clients keep sending
    generated questions: the p95 of the ordinary ones each time."""
    import threading

    from .answer import Assistant
    from .corpus import load_corpus
    from .embed import SentenceEmbedder
    from .index import load_index
    from .service import update_index

    root = Path(__file__).resolve().parents[2]
    corpus = load_corpus(root / "corpus")
    index_dir = workdir / "index-hostile"
    embedder = SentenceEmbedder()
    update_index(corpus, embedder, index_dir)
    assistant = Assistant(load_index(index_dir), embedder)
    questions = hostile_questions(corpus, count)
    assistant.ask("warm-up question")
    timed = []
    for question in questions:
        t = time.perf_counter()
        kind = assistant.ask(question).kind
        timed.append(((time.perf_counter() - t) * 1000, len(question), kind))
    slowest = max(timed)
    out: dict[str, Any] = {
        "questions": len(questions),
        "longest_chars": max(len(q) for q in questions),
        "over_1000_chars": sum(len(q) > 1000 for q in questions),
        "ask_ms": {**_percentiles([t for t, _, _ in timed]), "max": slowest[0]},
        "slowest_chars": slowest[1],
        "gave_up": sum(kind == "gave-up" for _, _, kind in timed),
        "clients": clients,
    }
    ordinary = ([*corpus.profile.examples, *GENERAL_QUESTIONS] * chats)[:chats]
    port = _free_port()
    url = f"http://127.0.0.1:{port}/"
    exe = [sys.executable, "-m", "reviewqa.cli", "serve", "--no-watch", "--port", str(port)]
    server = subprocess.Popen(
        [*exe, "--corpus", str(root / "corpus"), "--index", str(index_dir)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    stop = threading.Event()
    try:
        from gradio_client import Client

        deadline = time.monotonic() + 120
        while True:
            try:
                client = Client(url, verbose=False)
                break
            except Exception:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
        client.predict(ordinary[0], [], api_name="/ask")

        def chat_latencies() -> list[float]:
            got = []
            for question in ordinary:
                t = time.perf_counter()
                client.predict(question, [], api_name="/ask")
                got.append((time.perf_counter() - t) * 1000)
            return got

        out["alone_ms"] = _percentiles(chat_latencies())
        sent: list[float] = []

        def hostile(offset: int) -> None:
            own = Client(url, verbose=False)
            n = offset
            while not stop.is_set():
                t = time.perf_counter()
                own.predict(questions[n % len(questions)], [], api_name="/ask")
                sent.append((time.perf_counter() - t) * 1000)
                n += clients

        threads = [threading.Thread(target=hostile, args=(i,), daemon=True) for i in range(clients)]
        for thread in threads:
            thread.start()
        time.sleep(2)  # every client has a question in flight
        out["under_load_ms"] = _percentiles(chat_latencies())
        stop.set()
        for thread in threads:
            thread.join(timeout=60)
        out["hostile_http_ms"] = _percentiles(sent)
        out["hostile_sent"] = len(sent)
    finally:
        stop.set()
        server.terminate()
        server.wait(timeout=30)
    return out


def run_benchmarks(
    sizes: list[str],
    questions: int,
    ann_sizes: list[str],
    keep: Path | None = None,
    lists: list[str] | None = None,
    rebuilds: list[str] | None = None,
    recall: list[str] | None = None,
    hostile: int = 0,
) -> dict[str, Any]:
    workdir = keep or Path(tempfile.mkdtemp(prefix="reviewqa-bench-"))
    results: dict[str, Any] = {"machine": machine(), "sizes": [], "lists": [], "rebuilds": [], "recall": []}
    if hostile:
        cmd = [sys.executable, "-m", "reviewqa.bench", "hostile", str(hostile), str(workdir)]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"the generated-questions benchmark failed:\n{done.stderr[-3000:]}")
        results["hostile"] = json.loads(done.stdout.strip().splitlines()[-1])
    for size in recall or []:  # its progress goes to standard error as it comes: embedding can take hours
        cmd = [sys.executable, "-m", "reviewqa.bench", "recall", size, str(workdir), str(questions)]
        done = subprocess.run(cmd, stdout=subprocess.PIPE, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"recall benchmark for {size} failed (its error is printed above)")
        results["recall"].append(json.loads(done.stdout.strip().splitlines()[-1]))
        shutil.rmtree(workdir / f"recall-{size}", ignore_errors=True)
    for size in rebuilds or []:
        cmd = [sys.executable, "-m", "reviewqa.bench", "rebuilds", size, str(workdir)]
        done = subprocess.run(cmd, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"rebuild benchmark for {size} failed:\n{done.stderr[-3000:]}")
        results["rebuilds"].append(json.loads(done.stdout.strip().splitlines()[-1]))
        shutil.rmtree(workdir / f"rebuilds-{size}", ignore_errors=True)
    for size in lists or []:  # each in its own process, as the sizes are
        done = subprocess.run([sys.executable, "-m", "reviewqa.bench", "lists", size], capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"list benchmark for {size} failed:\n{done.stderr[-3000:]}")
        results["lists"].append(json.loads(done.stdout.strip().splitlines()[-1]))
    try:
        for size in sizes:
            cmd = [sys.executable, "-m", "reviewqa.bench", "one", size, str(workdir), str(questions)]
            if size in ann_sizes:
                cmd.append("--ann")
            done = subprocess.run(cmd, capture_output=True, text=True)
            if done.returncode != 0:
                raise RuntimeError(f"benchmark for {size} failed:\n{done.stderr[-3000:]}")
            results["sizes"].append(json.loads(done.stdout.strip().splitlines()[-1]))
            if size == "shipped":
                results["process"] = measure_process(workdir, questions)
    finally:
        if keep is None:
            shutil.rmtree(workdir, ignore_errors=True)
    return results


def machine() -> dict[str, Any]:
    import torch

    return {
        "cpu_count": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
    }


def _search_line(size: dict[str, Any], a: dict[str, Any]) -> str:
    """One line on the index's search at a size: its time and recall@10 against an exact scan."""
    line = (
        f"Search at {size['entries']:,} entries ({size['passages']:,} passages, {size['index_type']}; "
        f"{a['queries']} questions): p50 {a['search_ms']['p50']:.2f} ms against {a['exact_ms_mean']:.1f} ms for an "
        f"exact scan; recall@10 {a['recall_at_10']['strict']:.3f} (ties allowed {a['recall_at_10']['ties']:.3f}), "
        f"as served (400 candidates) {a['recall_at_10_served']['strict']:.3f} ({a['recall_at_10_served']['ties']:.3f})"
    )
    if "lists" in a:
        line += f"; {a['probed']} of {a['lists']} lists searched"
    for probed, got in a.get("recall_by_probed", {}).items():
        line += f"; {probed} lists: {got['strict']:.3f} ({got['ties']:.3f})"
    return line


def table(results: dict[str, Any]) -> str:
    rows = [
        [
            "corpus",
            "entries",
            "passages",
            "index",
            "full build s",
            "1-edit rebuild s",
            "ask p50/p95/p99 ms",
            "floor p50 ms",
            "p50 ÷ floor",
            "peak MB",
        ]
    ]
    for r in results["sizes"]:
        a, f = r["ask_ms"], r["floor_ms"]
        rows.append(
            [
                r["size"],
                str(r["entries"]),
                str(r["passages"]),
                r["index_type"],
                f"{r['full_build_s']:.1f}",
                f"{r['incremental_build_s']:.2f}",
                f"{a['p50']:.1f} / {a['p95']:.1f} / {a['p99']:.1f}",
                f"{f['p50']:.1f}",
                f"{a['p50'] / f['p50']:.2f}",
                f"{r['peak_rss_mb']:.0f}",
            ]
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 2) for w in widths) + "|")
    out = "\n".join(lines)
    if "process" in results:
        p = results["process"]
        h = p["http_ms"]
        floor = next(r["floor_ms"]["p50"] for r in results["sizes"] if r["size"] == "shipped")
        out += (
            f"\n\nNew `reviewqa ask` process (index built, best of 3): a named question {p['cold_named_s']:.2f} s, a "
            f"described one {p['cold_described_s']:.2f} s; loading the model alone {p['model_load_s']:.2f} s "
            f"(named ÷ model load {p['cold_named_s'] / p['model_load_s']:.2f}); the described one with torch and "
            f"sentence-transformers encoding it {p['cold_described_torch_s']:.2f} s "
            f"({p['cold_described_torch_s'] / p['cold_described_s']:.1f}× the exported encoder's)"
            f"\nWeb app (`reviewqa serve`): a page (the start-up page) served after {p['page_served_s']:.2f} s, the "
            f"chat after {p['app_ready_s']:.2f} s, first (described) answer after {p['app_first_answer_s']:.2f} s"
            f"\nGradio HTTP API (gradio_client, shipped corpus): p50 {h['p50']:.1f} ms, p95 {h['p95']:.1f} ms, "
            f"p99 {h['p99']:.1f} ms ({h['p50'] / floor:.1f}× the floor at p50)"
        )
    for r in results["sizes"]:
        edits = ", ".join(f"{e['seconds']:.2f}" + (" (compacted)" if e["compacted"] else "") for e in r["edits"])
        out += f"\n\n{r['size']}: three one-edit rebuilds took {edits} s; loading the index {r['load_index_s']:.1f} s"
        if "ann" in r:
            out += "\n" + _search_line(r, r["ann"])
    for r in results.get("rebuilds", []):
        edits = ", ".join(f"{e['seconds']:.2f}" + (" (compacted)" if e["compacted"] else "") for e in r["edits"])
        out += (
            f"\n\nRebuilds at {r['entries']:,} entries ({r['passages']:,} passages, {r['index_type']}; vectors of the "
            f"hashing embedder at the model's dimension): full build {r['full_build_s']:.1f} s; three one-edit "
            f"rebuilds {edits} s; loading the index {r['load_index_s']:.1f} s; peak {r['peak_rss_mb']:.0f} MB"
        )
    for r in results.get("recall", []):
        out += (
            f"\n\nThe model's vectors at {r['entries']:,} entries ({r['distinct_passages']:,} distinct passages, "
            f"{r['embedded_now']:,} embedded in this run): full build {r['full_build_s']:.1f} s; peak "
            f"{r['peak_rss_mb']:.0f} MB\n" + _search_line(r, r)
        )
    for r in results.get("lists", []):
        ms = r["list_ms"]
        out += (
            f"\n\nList questions at {r['entries']:,} entries ({r['list_questions']} questions, each read and decided "
            f"three times in a row; median {r['median_matches']:,.0f} entries matched): p50 {ms['p50']:.1f} "
            f"ms, p99 {ms['p99']:.1f} ms, at most {ms['max']:.1f} ms; opening the reading took "
            f"{r['open_lexicon_s']:.1f} s and the columns {r['open_table_s']:.1f} s"
        )
    if "hostile" in results:
        h = results["hostile"]
        a, alone, load = h["ask_ms"], h["alone_ms"], h["under_load_ms"]
        out += (
            f"\n\n{h['questions']:,} generated questions (hypothesis; up to {h['longest_chars']:,} characters, "
            f"{h['over_1000_chars']} over 1,000), in-process: p50 {a['p50']:.1f} ms, p95 {a['p95']:.1f} ms, slowest "
            f"{a['max']:.0f} ms ({h['slowest_chars']:,} characters); {h['gave_up']} gave up"
            f"\nOther chats over HTTP: p95 {alone['p95']:.0f} ms alone, {load['p95']:.0f} ms while {h['clients']} "
            f"clients sent generated questions (p50 {alone['p50']:.0f} → {load['p50']:.0f} ms; the generated ones "
            f"p95 {h['hostile_http_ms']['p95']:.0f} ms over {h['hostile_sent']} sent)"
        )
    m = results["machine"]
    out += (
        f"\n\nMachine: {m['cpu_count']} CPUs ({m['processor']}), torch threads {m['torch_threads']}, "
        f"Python {m['python']}, {m['platform']}"
    )
    return out


def main(argv: list[str]) -> None:
    if argv[:1] == ["lists"]:
        print(json.dumps(measure_lists(argv[1])))
        return
    if argv[:1] == ["rebuilds"]:
        print(json.dumps(measure_rebuilds(argv[1], Path(argv[2]))))
        return
    if argv[:1] == ["recall"]:
        print(json.dumps(measure_recall(argv[1], Path(argv[2]), int(argv[3]))))
        return
    if argv[:1] == ["hostile"]:
        print(json.dumps(measure_hostile(Path(argv[2]), int(argv[1]))))
        return
    if argv[:1] == ["one"]:
        size, workdir, questions = argv[1], Path(argv[2]), int(argv[3])
        print(json.dumps(measure_one(size, workdir, questions, "--ann" in argv)))
        return
    raise SystemExit(
        "usage: python -m reviewqa.bench one SIZE WORKDIR QUESTIONS [--ann] | rebuilds SIZE WORKDIR | lists SIZE"
        " | recall SIZE WORKDIR QUESTIONS | hostile COUNT WORKDIR"
        "  (or use `reviewqa bench`)"
    )


if __name__ == "__main__":
    main(sys.argv[1:])
