"""Run a ``Query`` against the loaded review: typed records, conditions, ranking, retrieval, sentences of the text.

``execute`` returns a ``Result``: the entries that answer (ranked), what was decided about them (a verdict, a yes/no,
a count, entries left out because a value was not recorded), the sentences quoted from entries' texts, and whether
the question is declined. Wording the answer is ``compose.py``'s job; reading the question is ``parse.py``'s.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .budget import check
from .corpus import Record, passages
from .index import LoadedIndex
from .lexicon import tokenize
from .names import common_word, zipf
from .query import And, Atom, Cond, Not, Or, Query, Rank, atoms
from .retrieve import CANDIDATES, Hit, Retriever
from .table import Table
from .values import is_empty, literals, tokens

__all__ = ["DENSE_MIN", "DENSE_SURE", "LEXICAL_MIN", "MAX_LIST_RECORDS", "Executor", "Result"]

# Every match of a list question is named in the answer; full records are attached for at most this many.
MAX_LIST_RECORDS = 200
# Declining a question that names nothing and filters nothing (see README, "Evaluation"): cosine similarity of the
# best passage for MiniLM, raw BM25 score for bm25s.
DENSE_SURE = 0.50  # this close in meaning is enough on its own
DENSE_MIN = 0.25  # ...this close is enough when rare words of the question also occur in the entry
LEXICAL_MIN = 3.0
SENTENCE_MIN = 0.30
SENTENCE_GAP = 0.3  # more sentences are quoted when they score within this of the best one
SENTENCE_MORE = 0.25  # and at least this
CONDITION_BONUS = 0.15  # added to the fused score of a described entry that meets the conditions read
LITERAL_BONUS = 0.2  # ... per number of the question that the entry's text states too
EXACT_BONUS = 10.0  # ... when a condition relates it to a named entry: it comes before every other
PICK_SHARE = 0.6  # picking among an earlier answer's entries by words alone: those scoring this share of the best
# What kind of sentence a question asks for (words of the question) and the words that mark such a sentence: the
# discourse of English papers, not of any one review.
SENTENCE_CUES: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "finding": (
        frozenset(
            "conclude concluded conclusion conclusions find found finding findings show showed shown result "
            "results learn learned lesson lessons takeaway takeaways observe observed discover discovered report "
            "reported claim claimed headline notable highlight achievement achievements point points gist "
            "significance improvement improvements gain gains happened demonstrate demonstrated prove proved "
            "establish established evidence".split()
        ),
        frozenset(
            "find finds found show shows showed report reports reported conclude concludes argue argues "
            "suggest suggests observe observes demonstrate demonstrates reveal reveals beats outperforms "
            "matches wins".split()
        ),
    ),
    "contribution": (
        frozenset(
            "introduce introduced introduces propose proposed proposes contribution contributions novel "
            "idea invent invented new add adds added bring brings".split()
        ),
        frozenset(
            "introduce introduces introduced propose proposes proposed new novel method technique recipe first".split()
        ),
    ),
    "reason": (
        frozenset(
            "why problem problems motivation reason reasons handle address addresses solve solves issue "
            "issues challenge challenges cope deal".split()
        ),
        frozenset(
            "because since so avoid problem problems issue issues challenge instead rather irrelevant noisy "
            "contradictory distracting hurt harmful without".split()
        ),
    ),
    "cost": (
        frozenset("cost costs price budget cheap expensive dollars spend spent compute gpu gpus hardware".split()),
        frozenset("cost costs dollars usd cheap cheaper budget gpu gpus hours compute".split()),
    ),
    "mechanism": (
        frozenset("how".split()),
        frozenset(
            "by using uses via through without zero shot scoring scores predicts compares trained combines".split()
        ),
    ),
    "evaluation": (
        frozenset(
            "score scores benchmark benchmarks performance perform evaluate evaluated evaluation well good "
            "accuracy compare compared judge".split()
        ),
        frozenset(
            "score scores benchmark benchmarks evaluation judge judged win wins beats outperforms matches "
            "preferred accuracy".split()
        ),
    ),
    "amount": (
        frozenset(
            "many much long longest length size big large largest max maximum space disk memory precision accuracy "
            "percent percentage fast faster speed speedup times".split()
        ),
        frozenset(),
    ),
}  # a sentence of an entry's text must be this close to answer a question from the text
# Openings of a sentence that qualify the one before it ("Even so, …"): quoting that one alone would mislead.
QUALIFIERS = (
    "however",
    "but",
    "yet",
    "still",
    "even so",
    "that said",
    "nevertheless",
    "nonetheless",
    "in contrast",
    "by contrast",
    "on the other hand",
)  # (not "although": a sentence opening with it qualifies its own main clause)


@dataclass
class Result:
    query: Query
    ids: list[str] = field(default_factory=list)  # records that answer, best first
    scores: dict[str, float] = field(default_factory=dict)
    hits: dict[str, Hit] = field(default_factory=dict)
    total: int = 0  # matches of a list or count (ids may be capped)
    unknown: int = 0  # entries left out because the review does not record a value the conditions need
    ranked: list[tuple[str, Any]] = field(default_factory=list)  # (id, value ranked by)
    counts: dict[str, int] = field(default_factory=dict)  # id -> how many values of the field asked it records
    truth: bool | None = None  # for verify: whether the condition holds of every entry asked about
    truths: dict[str, bool | None] = field(default_factory=dict)  # for verify: of each entry
    sentences: list[tuple[str, str, str]] = field(default_factory=list)  # (id, field key, sentence)
    declined: bool = False
    suggestions: list[str] = field(default_factory=list)
    outside: list[str] = field(default_factory=list)  # named entries that the sidebar filters leave out
    unrecorded: bool = False  # the measure or count asked (query.attribute) is in no text of the entries asked about
    tally: list[tuple[str, list[str]]] = field(default_factory=list)  # (value, entries holding it), most first


class Executor:
    """Executes queries over one loaded index; shares its table and retriever with the reader."""

    def __init__(self, index: LoadedIndex, table: Table, retriever: Retriever, fusion: str = "weighted") -> None:
        self.index = index
        self.table = table
        self.retriever = retriever
        self.fusion = fusion
        self.profile = index.profile
        # the nouns any entry goes by ("the Falbo paper", "the Wren project"; not "models", which its text may be
        # about): within one entry they tell no sentence from another
        self.generic = {
            w.lower()
            for noun in self.profile.nouns
            if noun.asks is None and noun.measure is None
            for w in noun.words
            if " " not in w
        }

    def run(self, query: Query, restrict: Cond | None = None, top_k: int = 5) -> Result:
        check()
        result = Result(query)
        op = query.op
        if op in ("empty",):
            return result
        if op in ("missing", "decline"):
            result.declined = True
            if query.missing:
                result.suggestions = self.table.names.near(query.missing)
            return result
        allowed = None
        if restrict is not None:
            allowed = set(self.table.matching(restrict)[0])
        if op in ("lookup", "describe", "text", "verify", "compare"):
            return self._about(result, query, allowed)
        if op in ("list", "count", "rank"):
            found = self._set(result, query, allowed)
            if query.pick and op == "list" and len(found.ids) > 1:
                # one thing described and several fit the conditions read: the words pick among those
                among = query.with_(op="search", fields=(), within=tuple(found.ids))
                return self._search(Result(among), among, allowed, top_k)
            if found.ids or not query.or_search:
                return found
            searched = query.with_(op="search", fields=())  # (its field words describe, they ask for nothing)
            return self._search(Result(searched), searched, allowed, top_k)
        if op == "tally":
            return self._tally(result, query, allowed)
        return self._search(result, query, allowed, top_k)

    # ---- named entries -------------------------------------------------------------------------------------------
    def _about(self, result: Result, query: Query, allowed: set[int] | None) -> Result:
        rows = [self.table.row[s] for s in query.subjects if s in self.table.row]
        if allowed is not None:
            result.outside = [self.table.ids[r] for r in rows if r not in allowed]
        result.ids = [self.table.ids[r] for r in rows]
        result.scores = {rid: 1.0 for rid in result.ids}
        if query.attribute_stems and rows and not any(self.holds(r, query.attribute_stems) for r in rows):
            # "what learning rate did Falbo use?": no field records it, and no sentence of the entry speaks of it
            result.unrecorded = True
            return result
        if query.counted and query.fields:
            for r in rows:
                found = self.table.measure(query.fields[0], r, "count")
                result.counts[self.table.ids[r]] = int(found) if isinstance(found, float) else 0
        if query.op == "verify" and rows and query.where is not None:
            result.truths = {self.table.ids[r]: self.table.truth(query.where, r) for r in rows}
            said = list(result.truths.values())
            result.truth = False if False in said else (None if None in said else True)
        if query.op == "compare" and query.rank is not None:
            rank, given = query.rank, dict(query.stated)  # (a size named with the entry: that size)
            result.ranked = [
                (rid, given.get(rid, self.table.measure(rank.field, r, rank.agg, rank.units)))
                for r in rows
                for rid in [self.table.ids[r]]
            ]
            known = [rv for rv in result.ranked if rv[1] is not None]
            known.sort(key=lambda rv: rv[1], reverse=rank.descending)
            result.ids = [rid for rid, _ in known] + [rid for rid, v in result.ranked if v is None]
        if query.op == "compare" and query.rank is None and not query.fields and query.explain:
            # "how does Falbo differ from Wren?": no field to set side by side; what their texts say answers
            for r, limit in zip(rows[:2], (2, 1), strict=False):
                result.sentences += self.sentences(query.question, r, query, limit=limit)
        # (or the first field asked of one entry, "what data did Falbo pretrain on?", when its text may say it)
        first_empty = len(rows) == 1 and len(query.fields) > 1 and self._all_empty(query, rows, query.fields[:1])
        if query.op == "text" or (query.op == "lookup" and (self._all_empty(query, rows) or first_empty)):
            for r in rows[:2]:
                limit = 3 if len(rows) == 1 else 2
                result.sentences += self.sentences(query.question, r, query, limit, needs=query.attribute_stems)
        elif query.op == "lookup" and query.text_also and len(rows) == 1:
            result.sentences += self.sentences(query.question, rows[0], query, limit=1, needs=query.text_also)
        return result

    def holds(self, row: int, stems: Sequence[str]) -> bool:
        """Whether one passage of the entry at ``row`` (its texts, or its fields as written) holds every stem."""
        record = Record(self.table.ids[row], self.table.entries[row], self.index.path)
        wanted = [_singular(s) for s in stems]
        for passage in passages(record, self.profile):
            held = {_singular(t.stem) for t in tokenize(passage.text)[1]}
            if all(any(_same_word(stem, t) for t in held) for stem in wanted):
                return True
        return False

    def _all_empty(self, query: Query, rows: Sequence[int], keys: Sequence[str] | None = None) -> bool:
        if not query.fields:
            return False
        for r in rows:
            entry = self.table.entries[r]
            for key in keys if keys is not None else query.fields:
                spec = self.profile.fields[key]
                if not is_empty(getattr(entry, key, None)):
                    return False
                if spec.fallback and not is_empty(getattr(entry, spec.fallback, None)):
                    return False
                if spec.missing_answer and all(getattr(entry, k, None) == v for k, v in spec.missing_when.items()):
                    return False
        return True

    def sentences(
        self, question: str, row: int, query: Query, limit: int = 2, needs: tuple[str, ...] = ()
    ) -> list[tuple[str, str, str]]:
        """The sentences of an entry's texts that answer the question best: meaning (cosine), the question's rare
        words, and the kind of sentence the question asks for (a finding, a contribution, a reason, a cost …).
        With ``needs`` (word stems no field of the question explains) only sentences holding one of them count."""
        record = Record(self.table.ids[row], self.table.entries[row], self.index.path)
        found = passages(record, self.profile)
        vectors = self.index.entry_vectors(row)
        if len(vectors) != len(found):
            return []
        words = tokenize(question)[1]
        names = {t.low for t in tokenize(record.entry.name)[1]}
        # within one entry its name tells no sentence from another, and it would pull the meaning towards the
        # sentences that repeat it ("the main point of the Falbo paper"); nor does the noun right after the name
        naming = [
            t.low in names or (t.low in self.generic and i > 0 and words[i - 1].low in names)
            for i, t in enumerate(words)
        ]
        rest = [t for t, named in zip(words, naming, strict=True) if not named]
        unnamed = " ".join(t.text for t in rest) or question
        vector = self.retriever.encode(unnamed)
        cosines = vectors @ vector
        asked = {t.stem for t in rest if not common_word(t.low, 5.6)}
        kinds = [cue for cue, (asks, _) in SENTENCE_CUES.items() if any(t.low in asks or t.stem in asks for t in words)]
        first_text = self.profile.first_of("text")
        licenses = set(self.profile.fields_of("license"))
        tokenized = [tokenize(p.text)[1] if p.kind != "facts" else [] for p in found]
        stems_of = [{t.stem for t in sentence} for sentence in tokenized]
        # a word of the question that many sentences of this entry hold tells few of them apart
        spread = {a: max(1, sum(1 for st in stems_of if any(_same_word(a, t) for t in st))) for a in asked}
        scored = []
        for passage, cos, sentence, stems in zip(found, cosines, tokenized, stems_of, strict=True):
            if passage.kind == "facts":
                continue
            if passage.kind in licenses and passage.kind not in query.fields:
                continue  # the conditions written beside a license answer questions about the license only
            lows = {t.low for t in sentence}
            shared = sum(min(1.0, 2 / spread[a]) for a in asked if any(_same_word(a, t) for t in stems))
            # amounts come with numbers (not years), results
            numbered = any(any(ch.isdigit() for ch in low) and not re.fullmatch(r"(19|20)\d\d", low) for low in lows)
            scored_result = "%" in passage.text  # with a percentage
            cue = any(
                lows & SENTENCE_CUES[k][1] or (k == "amount" and numbered) or (k == "finding" and scored_result)
                for k in kinds
            )
            # "how many scanning datasets" -> "the 41 deep mutational scans": a number next to a word asked about
            counted = "amount" in kinds and any(
                any(ch.isdigit() for ch in tok.low)
                and any(_same_word(a, t.stem) for t in sentence[i + 1 : i + 3] for a in asked)
                for i, tok in enumerate(sentence)
            )
            # "Falbo is a multimodal model": a definition names the entry but answers no why/what-did-it-find
            lead = [t.low for t in sentence[: len(names) + 2]]
            defining = (
                bool({"finding", "reason"} & set(kinds)) and bool(names & set(lead)) and bool({"is", "are"} & set(lead))
            )
            # "what's the key idea of Falbo?": the sentence saying what Falbo is states it
            states = "contribution" in kinds and bool(names & set(lead)) and bool({"is", "are"} & set(lead))
            score = (
                float(cos)
                - (0.15 if defining and not counted else 0.0)
                + (0.12 if states and not cue else 0.0)
                + 0.06 * min(shared, 4)
                + (0.12 if cue else 0.0)
                + (0.15 if counted else 0.0)
                + (0.1 if passage.kind == first_text and "amount" not in kinds else 0.0)
            )
            if needs:
                # (as ``holds`` finds them: "gpus" asked is the "GPU" of the text)
                held = sum(1 for a in needs if any(_same_word(_singular(a), _singular(t)) for t in stems))
                if not held:
                    continue
                score += 0.15 * held
            scored.append((score, passage, cue))
        scored.sort(key=lambda x: -x[0])
        out: list[tuple[str, str, str]] = []
        for score, passage, _ in scored[:limit]:
            if score < (SENTENCE_MIN if not out else max(SENTENCE_MORE, scored[0][0] - SENTENCE_GAP)):
                break
            out.append((record.id, passage.kind, passage.text))
        if out and "reason" in kinds and not scored[0][2]:
            # "why are there five checkpoints?": the sentence that states the fact gives no reason; the one after
            # it in the same text usually does
            self._add_next(out, found, found.index(scored[0][1]), record.id)
        if out and "mechanism" in kinds and "amount" not in kinds:
            # "how does Falbo manage without labels?": the best sentence often restates what it achieves; the one
            # after it in the same text tells the steps
            self._add_next(out, found, found.index(scored[0][1]), record.id)
        if out and "finding" in kinds and not scored[0][2]:
            # "what did the study conclude?": the best sentence sets the study out; the best one that reports (a
            # finding cue) says what it found
            cued = next((p for _, p, c in scored[1:] if c), None)
            if cued is not None and cued.text not in [t for *_, t in out]:
                out.insert(1, (record.id, cued.kind, cued.text))
        for rid, kind, text in list(out):
            # "… helped on every task." "Even so, it lagged behind …": a qualification goes with what it qualifies
            at = next(i for i, p in enumerate(found) if p.kind == kind and p.text == text)
            if at + 1 < len(found) and _qualifies(found[at + 1].text):
                self._add_next(out, found, at, rid)
        return out

    @staticmethod
    def _add_next(out: list[tuple[str, str, str]], found: Sequence[Any], at: int, rid: str) -> None:
        """Quote the sentence after ``found[at]``, right after it, when it is of the same text and not quoted yet."""
        after = found[at + 1] if at + 1 < len(found) else None
        if after is None or after.kind != found[at].kind or after.text in [t for *_, t in out]:
            return
        before = next((i for i, (_, k, t) in enumerate(out) if k == found[at].kind and t == found[at].text), None)
        out.insert(len(out) if before is None else before + 1, (rid, after.kind, after.text))

    # ---- sets of entries -----------------------------------------------------------------------------------------
    def _pool(self, query: Query, allowed: set[int] | None) -> list[int] | None:
        pool: list[int] | None = None
        if query.within is not None:
            pool = [self.table.row[i] for i in query.within if i in self.table.row]
        if allowed is not None:
            pool = [r for r in (pool if pool is not None else range(len(self.table.ids))) if r in allowed]
        return pool

    def _set(self, result: Result, query: Query, allowed: set[int] | None) -> Result:
        rows, unknown = self.table.matching(query.where, self._pool(query, allowed))
        result.unknown = unknown
        if query.op == "rank" and query.rank is not None:
            return self._rank(result, rows, query.rank, dict(query.stated))
        rows = self._ordered(rows, query)
        result.total = len(rows)
        result.ids = [self.table.ids[r] for r in rows]
        result.scores = {rid: 1.0 for rid in result.ids[:MAX_LIST_RECORDS]}
        if query.explain and len(rows) == 1:
            result.sentences = self.sentences(query.question, rows[0], query, limit=3)
        return result

    def _ordered(self, rows: list[int], query: Query) -> list[int]:
        """List order: by the numeric field a condition compares (largest first), else by date, undated last."""
        numeric = _numeric_field(query.where)
        if numeric is not None:
            key, agg = numeric
            values = {r: self.table.measure(key, r, agg) for r in rows}
            known = sorted((r for r in rows if values[r] is not None), key=lambda r: values[r], reverse=True)  # type: ignore[arg-type,return-value]
            return known + [r for r in rows if values[r] is None]
        dates = self.table.dates
        return sorted(rows, key=lambda r: (dates[r] is None, dates[r] or "", self.table.ids[r]))

    def _rank(self, result: Result, rows: list[int], rank: Rank, stated: dict[str, float] | None = None) -> Result:
        # (the sizes an earlier answer stated for the entries it linked, where it stated them)
        given = stated or {}
        ids = self.table.ids
        values = [(r, given.get(ids[r], self.table.measure(rank.field, r, rank.agg, rank.units))) for r in rows]
        known = [(r, v) for r, v in values if v is not None]
        result.unknown += len(values) - len(known)
        known.sort(key=lambda rv: (rv[1], self.table.ids[rv[0]]), reverse=rank.descending)
        if not rank.descending:
            known.sort(key=lambda rv: (rv[1], self.table.ids[rv[0]]))
        result.total = len(known)
        result.ranked = [(self.table.ids[r], v) for r, v in known]
        # the entries asked for (and those sharing the last value asked); the runners-up are named in the answer only
        shown = tied(result.ranked, rank.limit) if rank.limit else MAX_LIST_RECORDS  # limit 0: the whole ordering
        result.ids = [rid for rid, _ in result.ranked[:shown]]
        result.scores = {rid: 1.0 for rid in result.ids}
        return result

    def _tally(self, result: Result, query: Query, allowed: set[int] | None) -> Result:
        """How many entries hold each value of a field; the most held first."""
        assert query.tally is not None
        rows, _ = self.table.matching(query.where, self._pool(query, allowed))
        counts: dict[str, list[str]] = {}
        for r in rows:
            for value in self.table.tally_values(query.tally, r):
                counts.setdefault(value, []).append(self.table.ids[r])
        result.tally = sorted(counts.items(), key=lambda kv: (-len(kv[1]), kv[0]))
        result.total = len(rows)
        if result.tally:
            result.ids = list(result.tally[0][1])
            result.scores = {rid: 1.0 for rid in result.ids}
        return result

    # ---- described entries ---------------------------------------------------------------------------------------
    def _search(self, result: Result, query: Query, allowed: set[int] | None, top_k: int) -> Result:
        hits = self.retriever.search(query.question, self.fusion)
        if allowed is not None:
            hits = [h for h in hits if h.row in allowed]
        if query.within is not None:
            hits = [h for h in hits if h.id in query.within]
        left_out = _left_out(query.where)
        hits = [h for h in hits if h.id not in left_out]  # "which later project …", "apart from Falbo": never them
        asked = literals(query.question)
        if asked:
            # "… reached 99.3% of …", "… from 13,500 volunteers": a number the question quotes singles out the entry
            # that states it
            hits = [replace(h, score=h.score + LITERAL_BONUS * len(asked & self.table.literals(h.row))) for h in hits]
            hits.sort(key=lambda h: -h.score)
        matching: set[int] = set()
        conditions = atoms(query.where) if query.where is not None else []
        if query.where is not None:
            # Conditions read from a description favour the entries that meet them; the description decides.
            matching = set(self.table.matching(query.where)[0])
            if allowed is not None:
                matching &= allowed
            if query.within is not None:
                matching &= {self.table.row[i] for i in query.within if i in self.table.row}
            matching -= {self.table.row[i] for i in left_out if i in self.table.row}
            # an entry meeting every condition read is a candidate even when the words did not retrieve it (when
            # the conditions are narrow enough to name candidates at all)
            if len(matching) <= CANDIDATES:
                found = {h.row for h in hits}
                hits += [Hit(r, self.table.ids[r], 0.0, 0.0, 0.0) for r in sorted(matching - found)]
            if matching:
                # a relation to a named entry ("the work that fine-tuned Falbo") is exact: those entries come first
                strict = any(
                    str(v).startswith("entry:") and not a.field.startswith("@") for a in conditions for v in a.values
                )
                # among an earlier answer's entries ("which of them is OK for commercial use?") the conditions pick
                # and the words only order those that meet them
                bonus = EXACT_BONUS if strict or query.within is not None else CONDITION_BONUS
                preferred = self._asked_first(conditions) if query.within is not None else []
                hits.sort(
                    key=lambda h: (
                        -(
                            h.score
                            + (bonus if h.row in matching else 0.0)
                            + sum(self.table.truth(a, h.row) is True for a in preferred)
                        )
                    )
                )
            else:
                # no entry meets them all: a description's conditions are still evidence, and an entry meeting most
                # of them beats one meeting few
                items = query.where.items if isinstance(query.where, And) else (query.where,)
                share = {h.row: sum(self.table.truth(c, h.row) is True for c in items) / len(items) for h in hits}
                hits.sort(key=lambda h: -(h.score + CONDITION_BONUS * share[h.row] ** 2))
        # what the question rules out ("a folding model that does not rely on Falbo") is firmer than what it
        # describes: an entry the words found that breaks it comes after every entry that does not (when some entry
        # meets every condition read, so that the reading holds together)
        broken = self._breaking(query.where) if matching else set()
        if broken:
            hits = [h for h in hits if h.row not in broken] + [h for h in hits if h.row in broken]
        # two or more conditions read and the best match meets them: not a guess ("… from a company that is OK for
        # commercial use - options?"); one condition alone may come from a question off the review ("… 2022 …")
        # (nor is "with no organisation recorded", a condition on what the review records, asked in its words)
        recorded = any(a.op == "empty" for a in conditions) and not self.retriever.unknown_words(query.question)
        firm = len(conditions) >= 2 or query.within is not None or recorded
        met = bool(hits) and hits[0].row in matching and firm
        # (among an earlier answer's entries, "which of those is from Acme?": only those that are)
        if not hits or (query.within is None and not met and self.declines(hits, query.question)):
            result.declined = True  # (picking among an earlier answer's entries, the best match is the one meant)
            return result
        if met:
            hits = [h for h in hits if h.row in matching]  # the others shown would fail what the question said
        elif query.pick and query.within is not None and query.where is None and hits:
            # "which of those is multilingual?": the words pick one of them; an entry far below the best is no answer
            hits = [h for h in hits if h.score >= PICK_SHARE * hits[0].score]
        result.ids = [h.id for h in hits[:top_k]]
        result.scores = {h.id: h.score for h in hits[:top_k]}
        result.hits = {h.id: h for h in hits[:top_k]}
        if query.explain or (query.fields and self._all_empty(query, [hits[0].row])):
            result.sentences = self.sentences(query.question, hits[0].row, query, limit=3 if query.explain else 2)
        return result

    def _breaking(self, cond: Cond | None) -> set[int]:
        """Rows that hold what a negation at the top of the conditions denies ("not built on Falbo"), when it denies
        names or values the review knows (a bare word read as a value, "ignore the distracting ones", is too weak)."""
        items = cond.items if isinstance(cond, And) else ((cond,) if cond is not None else ())
        out: set[int] = set()
        for item in items:
            if isinstance(item, Not) and not any(str(v).startswith("w:") for a in atoms(item) for v in a.values):
                out |= set(self.table.matching(item.item)[0])
        return out

    def _asked_first(self, conditions: list[Atom]) -> list[Atom]:
        """Of conditions that accept several values of a field holding one value per entry, the value asked for
        alone ("usable commercially": yes, before the restricted it also accepts): picking one entry, those with the
        value asked come first."""
        out = []
        for atom in conditions:
            spec = self.table.profile.fields.get(atom.field)
            if spec is not None and spec.type == "enum" and not spec.multiple and len(atom.values) > 1:
                out.append(Atom(atom.field, atom.op, atom.values[:1], atom.label))
        return out

    def declines(self, hits: list[Hit], question: str = "") -> bool:
        """Nothing named, nothing filtered: answer only if some entry is close in meaning or shares rare words."""
        dense = max(h.dense for h in hits)
        lexical = max(h.lexical for h in hits)
        if dense >= DENSE_SURE:
            return False
        sharing = [h for h in hits if h.lexical > 0]
        coined = any(len(w) >= 5 and zipf(w) < 1.0 for w in tokens(question))
        if coined and len(sharing) == 1 and sharing[0].dense >= DENSE_MIN:
            return False  # a coined word that one entry alone uses ("what is evotuning?"), and close enough
        return not (dense >= DENSE_MIN and lexical >= LEXICAL_MIN)


def _left_out(cond: Cond | None) -> set[str]:
    """Entries a condition leaves out by name at its top level ("and not Falbo")."""
    items = cond.items if isinstance(cond, And) else ((cond,) if cond is not None else ())
    out: set[str] = set()
    for item in items:
        if isinstance(item, Not) and isinstance(item.item, Atom) and item.item.field == "@id":
            out |= {str(v) for v in item.item.values}
    return out


def _singular(stem: str) -> str:
    """A stem without a plural "s" the stemmer kept ("gpus", as "corpus" keeps it)."""
    return stem[:-1] if len(stem) > 3 and stem.endswith("s") and not stem.endswith("ss") else stem


def _same_word(a: str, b: str) -> bool:
    """Two stems of one word: equal, or one begins the other ("scan" / "scanning", "evaluat" / "evaluation")."""
    if a == b:
        return True
    short, long = sorted((a, b), key=len)
    return len(short) >= 4 and long.startswith(short)


def _numeric_field(cond: Cond | None) -> tuple[str, str] | None:
    if cond is None:
        return None
    if isinstance(cond, Atom):
        if (
            cond.op in ("gt", "ge", "lt", "le")
            and not cond.field.startswith("@")
            and cond.values
            and not isinstance(cond.values[0], str)
        ):
            return cond.field, ("max" if cond.agg != "min" else "min")
        return None
    items = (cond.item,) if isinstance(cond, Not) else cond.items if isinstance(cond, (And, Or)) else ()
    for item in items:
        found = _numeric_field(item)
        if found:
            return found
    return None


def tied(ranked: list[tuple[str, Any]], limit: int) -> int:
    """How many of the ranked entries the first ``limit`` reach when ties with the last of them count too."""
    if len(ranked) <= limit:
        return len(ranked)
    last = ranked[limit - 1][1]
    end = limit
    while end < len(ranked) and ranked[end][1] == last:
        end += 1
    return end


def _qualifies(sentence: str) -> bool:
    """Whether a sentence opens with a word that qualifies the sentence before it."""
    low = sentence.lower()
    return any(re.match(rf"{re.escape(q)}\b", low) for q in QUALIFIERS)
