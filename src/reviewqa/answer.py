"""The one ``ask`` path: question + conversation -> Query -> Result -> Answer.

The web UI, the CLI, the API and the evaluation all call ``Assistant.ask``, so what the evaluation measures is what
users get. ``ask`` reads the question (``parse.py``), runs it (``execute.py``) and words it (``compose.py``); a
conversation is explicit state (``Conversation``), passed in or rebuilt from the earlier questions. ``mode`` selects
the hybrid path or the dense-only / BM25-only retrieval baselines the evaluation compares against.
"""

from __future__ import annotations

import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from .budget import OutOfTime, within
from .compose import Composer
from .conversation import Conversation
from .embed import Embedder
from .execute import MAX_LIST_RECORDS, Executor, Result
from .index import LoadedIndex
from .lexicon import Lexicon
from .parse import Reader
from .query import And, Cond, Query, atoms, describe
from .retrieve import Retriever
from .table import Table

__all__ = ["MAX_HISTORY_TURNS", "MAX_QUESTION_CHARS", "QUESTION_SECONDS", "Answer", "Assistant", "Mode"]

Mode = Literal["hybrid", "dense", "bm25"]
MAX_QUESTION_CHARS = 2000
# Earlier questions replayed to rebuild a conversation (the API's history): the last ones only, so that one request
# cannot hold a worker for minutes; references reach back a few turns, never this far.
MAX_HISTORY_TURNS = 20
# The time one ask may take, the replayed history included, before it answers that it gave up (see budget.py). The
# slowest of 1,000 generated questions of up to 2,000 characters takes a small part of it (README, Speed).
QUESTION_SECONDS = 10.0
BASELINE_DENSE_MIN = 0.30  # the baselines' own best cuts on the development set
BASELINE_LEXICAL_MIN = 1.5


@dataclass
class Answer:
    question: str
    answer: str
    abstained: bool
    records: list[dict[str, Any]] = field(default_factory=list)
    kind: str = "search"
    fields: list[str] = field(default_factory=list)
    filters: list[str] = field(default_factory=list)
    reading: str = ""
    follow_up: bool = False
    columns: list[str] = field(default_factory=list)  # the fields asked, ranked or tested: what a table shows
    scope: list[str] = field(default_factory=list)  # the filters set beside the chat (``restrict``), in words
    outside: list[str] = field(default_factory=list)  # named entries shown although ``restrict`` leaves them out
    latency_ms: float = 0.0
    conversation: Conversation = field(default_factory=Conversation, repr=False)

    def to_dict(self) -> dict[str, Any]:
        return {
            "question": self.question,
            "answer": self.answer,
            "abstained": self.abstained,
            "records": self.records,
            "kind": self.kind,
            "fields": self.fields,
            "filters": self.filters,
            "reading": self.reading,
            "follow_up": self.follow_up,
            "columns": self.columns,
            "scope": self.scope,
            "outside": self.outside,
            "latency_ms": round(self.latency_ms, 2),
        }


@dataclass(frozen=True)
class _State:
    index: LoadedIndex
    lexicon: Lexicon
    table: Table
    reader: Reader
    executor: Executor
    composer: Composer


def record_dict(rid: str, entry: Any, score: float, hit: Any = None) -> dict[str, Any]:
    """An entry as the answer object carries it: id, name, score, then its non-empty fields."""
    data = entry.model_dump(mode="json", exclude_none=True)
    out: dict[str, Any] = {"id": rid, "name": entry.name, "score": round(score, 4)}
    if hit is not None:
        out["scores"] = {"dense": round(hit.dense, 4), "lexical": round(hit.lexical, 4)}
    out.update({k: v for k, v in data.items() if k != "name" and v not in ({}, [], None)})
    return out


def _atom_labels(cond: Cond | None) -> list[str]:
    if cond is None:
        return []
    if isinstance(cond, And):
        return [describe(c) for c in cond.items]
    return [describe(cond)]


class Assistant:
    """Answers questions over one loaded index. Safe to share between threads; ``swap`` replaces the index."""

    def __init__(self, index: LoadedIndex, embedder: Embedder, *, top_k: int = 5, fusion: str = "weighted") -> None:
        self.embedder = embedder
        self.top_k = top_k
        self.fusion = fusion
        self._state = self._make_state(index)

    def _make_state(self, index: LoadedIndex) -> _State:
        lexicon = Lexicon(index.profile, index.ids, index.entries)
        table = Table(index.profile, index.ids, index.entries, lexicon.names)
        retriever = Retriever(index, self.embedder)
        return _State(
            index,
            lexicon,
            table,
            Reader(lexicon, table.value_of),
            Executor(index, table, retriever, self.fusion),
            Composer(index.profile, dict(zip(index.ids, index.entries, strict=True))),
        )

    def swap(self, index: LoadedIndex) -> None:
        """Serve a new index; questions already running finish on the old one."""
        self._state = self._make_state(index)

    @property
    def index(self) -> LoadedIndex:
        return self._state.index

    @property
    def profile(self) -> Any:
        return self._state.index.profile

    @property
    def retriever(self) -> Retriever:
        return self._state.executor.retriever

    # ---- the ask path --------------------------------------------------------------------------------------------
    def ask(
        self,
        question: str,
        history: Sequence[str] = (),
        *,
        conversation: Conversation | None = None,
        top_k: int | None = None,
        mode: Mode = "hybrid",
        restrict: Cond | None = None,
    ) -> Answer:
        """Answer ``question``; earlier questions of the chat come as ``history`` or as a ``conversation`` state."""
        started = time.perf_counter()
        state = self._state
        question = question if isinstance(question, str) else str(question)
        before = conversation or Conversation()
        try:
            with within(QUESTION_SECONDS):
                if conversation is None:
                    conversation = before = self.replay(history, state)
                answer = self._ask(state, question, conversation, top_k or self.top_k, mode, restrict)
        except OutOfTime:
            answer = Answer(
                question,
                f"I gave up on this question after {QUESTION_SECONDS:g} seconds without an answer; please ask it in "
                "fewer words.",
                True,
                kind="gave-up",
                conversation=before,
            )
        answer.latency_ms = (time.perf_counter() - started) * 1000
        return answer

    def replay(self, history: Sequence[str], state: _State | None = None) -> Conversation:
        """The conversation state after the earlier questions of a chat (the last ``MAX_HISTORY_TURNS``), answered in
        order."""
        state = state or self._state
        conv = Conversation()
        for turn in list(history or ())[-MAX_HISTORY_TURNS:]:
            if isinstance(turn, str) and turn.strip() and len(turn) <= MAX_QUESTION_CHARS:
                conv = self._ask(state, turn, conv, self.top_k, "hybrid", None).conversation
        return conv

    def _ask(
        self, state: _State, question: str, conv: Conversation, top_k: int, mode: Mode, restrict: Cond | None
    ) -> Answer:
        if not question.strip():
            return self._prompt(question, conv)
        if len(question) > MAX_QUESTION_CHARS:
            return Answer(
                question,
                f"That question is {len(question):,} characters long; please ask in at most "
                f"{MAX_QUESTION_CHARS:,} characters.",
                True,
                kind="too-long",
                conversation=conv,
            )
        if mode != "hybrid":
            return self._baseline(state, question, mode, top_k, conv)
        query = state.reader.read(question, conv)
        if query.op == "empty":
            return self._prompt(question, conv)
        result = state.executor.run(query, restrict, top_k)
        if query.op == "search" and len(conv.focus) == 1:
            # "how long did training take?" right after one entry: its text, when nothing else answers (a question
            # with words the review never uses, "a recipe for banana bread", stays declined); "how accurate was the
            # Quill scorer?", naming nothing: how or why of that entry, when it is among the matches
            if result.declined:
                of_focus = query.where is None and state.lexicon.in_review_words(question)
            else:
                of_focus = not query.subjects and conv.focus[0] in result.ids[:top_k] and _asks_how_or_why(question)
            if of_focus:
                about = query.with_(op="text", subjects=conv.focus, where=None, follow_up=True)
                again = state.executor.run(about, restrict, top_k)
                if again.sentences:  # only when a sentence of its text answers
                    query, result = about, again
        return self._answer(state, query, result, conv, restrict)

    def _answer(self, state: _State, query: Query, result: Result, conv: Conversation, restrict: Cond | None) -> Answer:
        entries = state.composer.entries
        if result.declined:
            text = state.composer.compose(result) if query.op == "missing" else self._decline_text(state)
            return Answer(query.question, text, True, [], query.op, list(query.fields), [], "", query.follow_up,
                          conversation=conv.after(query))  # fmt: skip
        text = state.composer.compose(result)
        records = [
            record_dict(rid, entries[rid], result.scores.get(rid, 1.0), result.hits.get(rid))
            for rid in result.ids[:MAX_LIST_RECORDS]
        ]
        filters = _atom_labels(query.where)
        ranked = [query.rank.field] if query.rank else []
        columns = list(dict.fromkeys([*ranked, *query.fields, *(a.field for a in atoms(query.where))]))
        reading = describe(query.where)
        focus: tuple[str, ...] = ()
        results: tuple[str, ...] | None = None
        linked: tuple[str, ...] = ()
        named: tuple[str, ...] = ()
        if query.op in ("lookup", "describe", "text", "verify", "compare"):
            focus = tuple(result.ids)
            linked = tuple(dict.fromkeys(e for rid in result.ids for key in query.fields
                                         for e in state.table.linked(rid, key) if e != rid))  # fmt: skip
            if query.op in ("lookup", "text"):
                # "… created by expanding the earlier Corvid collection": the entries the quoted text names
                quoted = " ".join(re.findall(r"“([^”]*)”", text))
                named = tuple(e for e in state.table.named(quoted) if e not in result.ids)
        elif query.op == "search":
            focus = tuple(result.ids[:1])
        elif query.op == "rank":
            focus = tuple(r for r, _ in result.ranked[: query.rank.limit if query.rank else 1])
            results = tuple(r for r, _ in result.ranked)
        else:
            results = tuple(result.ids)
            if len(result.ids) == 1:
                focus = tuple(result.ids)
        if not text:
            return Answer(query.question, self._decline_text(state), True, [], query.op, conversation=conv.after(query))
        return Answer(
            query.question,
            text,
            result.unrecorded,  # what was asked is recorded nowhere for the entries named: a refusal, with them
            records,
            query.op,
            list(query.fields),
            filters,
            reading,
            query.follow_up,
            columns=columns,
            scope=_atom_labels(restrict),
            outside=[entries[r].name for r in result.outside],
            conversation=conv.after(query, focus, results, linked, named),
        )

    def _prompt(self, question: str, conv: Conversation) -> Answer:
        example = (self.profile.examples or ["…"])[0]
        return Answer(question, f"Please ask a question about the review, for example: “{example}”", False,
                      kind="empty", conversation=conv)  # fmt: skip

    def _decline_text(self, state: _State) -> str:
        p = state.index.profile
        example = p.examples[0] if p.examples else ""
        scope = f" The review covers {p.scope.rstrip('.')}." if p.scope else ""
        hint = f" Try, for example, “{example}”" if example else ""
        return f"I could not find anything in the review that answers this.{scope}{hint}"

    def _baseline(self, state: _State, question: str, mode: Mode, top_k: int, conv: Conversation) -> Answer:
        """Dense-only or BM25-only retrieval with the same answer wording: what hybrid is measured against."""
        hits = state.executor.retriever.search(question, mode)
        low = (not hits) or (
            hits[0].dense < BASELINE_DENSE_MIN if mode == "dense" else hits[0].lexical < BASELINE_LEXICAL_MIN
        )
        query = Query("search", question)
        if low:
            return Answer(question, self._decline_text(state), True, [], f"baseline-{mode}", conversation=conv)
        result = Result(query, [h.id for h in hits[:top_k]], {h.id: h.score for h in hits[:top_k]},
                        {h.id: h for h in hits[:top_k]})  # fmt: skip
        text = state.composer.compose(result)
        records = [record_dict(h.id, state.composer.entries[h.id], h.score, h) for h in hits[:top_k]]
        return Answer(question, text, False, records, f"baseline-{mode}", conversation=conv)


def _asks_how_or_why(question: str) -> bool:
    """Whether a question opens with "how" or "why" (after "and", "so" or "then")."""
    words = re.findall(r"[a-z]+", question.lower())[:2]
    if words and words[0] in ("and", "so", "then", "also"):
        words = words[1:]
    return bool(words) and words[0] in ("how", "why")
