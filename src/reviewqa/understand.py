"""Read a question (and the conversation before it) into an ``Intent``: what kind of answer, about which entries,
which field, and which filters over the typed fields.

Pure and deterministic: no model, no index; it sees entry ids and their entries only to know names and the values
filters can take. Retrieval and ranking are ``retrieve.py``'s job; wording the answer is ``answer.py``'s.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from .fields import detect_fields
from .filters import EXAMPLE_UNITS, Filter, FilterReader, year_of
from .names import Mention, NameTable
from .schema import Entry

__all__ = ["EXAMPLE_UNITS", "Filter", "Intent", "Sort", "Understander", "year_of"]

Kind = Literal["empty", "entity", "compare", "list", "count", "superlative", "search"]

_PLURAL = (
    r"(works|models|llms|datasets|papers|entries|methods|approaches|ones|projects|collections|chatbots|assistants)"
)
_LIST_CUES = [
    re.compile(rf"^\s*(which|what|list|show|name|find|give me|are there)\b.*?\b{_PLURAL}\b", re.I),
    re.compile(rf"^\s*(all|any)?\s*(the\s+)?([\w-]+\s+){{0,2}}{_PLURAL}\b", re.I),
    re.compile(rf"\bhow many\b[^?]*?\b{_PLURAL}\b", re.I),
    re.compile(r"\b(list|enumerate)\b", re.I),
    re.compile(r"^\s*(which|what) (of|among) (them|these|those|the)\b", re.I),
    re.compile(r"^\s*(which|who) (ones|else)\b", re.I),
    re.compile(r"^\s*what (has|have|did)\b.*\b(release|publish|make|made|develop|build|built|produce)", re.I),
    re.compile(r"\b(everything|anything|every (work|entry|model|paper))\b", re.I),
    re.compile(r"^\s*what (was|were|got|has been|have been|came) (released|published|out|introduced)\b", re.I),
]
_ASKS_FOR_ENTRY = re.compile(
    r"^\s*((which|what)\s+(paper|work|model|dataset|project|method|study|one)|(the|that|this)\s+(paper|work|model|"
    r"dataset|project|method|study))\b",
    re.I,
)
_COUNT = re.compile(rf"\bhow many\b[^?]*?\b{_PLURAL}\b|\bnumber of {_PLURAL}\b|\bcount\b", re.I)
_COMPARE = re.compile(
    r"\b(compare|comparison|compared|versus|vs\.?|differences?|differ|similarities|contrast|side by side)\b", re.I
)
_FOLLOW_UP = re.compile(
    r"^\s*((ok|okay|so|right|great|thanks),?\s+)?(and|what about|how about|same for|also|now|then|what of)\b"
    r"|\b(it|its|it's|they|their|them|this|that|these|those|the model|the dataset|the paper|one|ones)\b",
    re.I,
)
_SUPERLATIVE: list[tuple[re.Pattern[str], str, bool]] = [
    (re.compile(r"\bmost (\w+ )?(training |pretraining )?tokens\b", re.I), "tokens", True),
    (re.compile(r"\b(most|largest number of) (\w+ )?param", re.I), "params", True),
    (re.compile(r"\b(earliest|oldest|first)\b", re.I), "date", False),
    (re.compile(r"\b(latest|newest|most recent|last)\b", re.I), "date", True),
    (re.compile(r"\b(largest|biggest|most)\b.*\b(data|dataset|instruction|examples|corpus)\b", re.I), "data", True),
    (re.compile(r"\b(smallest|fewest|least)\b.*\b(data|dataset|instruction|examples|corpus)\b", re.I), "data", False),
    (re.compile(r"\b(largest|biggest)\b", re.I), "params", True),
    (re.compile(r"\bsmallest\b", re.I), "params", False),
]

_DOMAIN = re.compile(
    r"\b(works?|models?|llms?|datasets?|data|papers?|entr(y|ies)|methods?|instructions?|review|one|base|released?|"
    r"published|parameters?|tokens?|examples?|chatbots?|assistants?|collections?)\b",
    re.I,
)
_FILTER_WORDS = re.compile(
    r"(\b(from|on|with|using|use|uses|used|by|under|upon|atop|top of)\s+(the\s+)?"
    r"|\b(fine[- ]?)?tun(e|ed|es|ing)\s+((a|an|the)\s+)?(\w+\s+)?)$",
    re.I,
)
_STARTS_WITH_FILTER = re.compile(
    r"^\s*(released|published|from|by|under|licensed|licenced|trained|fine[- ]?tuned|made|generated|built|with|"
    r"in|before|after|since|over|under|more than|fewer than|less than|apache|mit|cc|non-?commercial|commercial)\b",
    re.I,
)
_SHORT_FILTER_QUESTION = 6  # words: "released in 2022", "from Meta?" are lists even without "which works"


@dataclass(frozen=True)
class Sort:
    key: Literal["date", "data", "params", "tokens"]
    descending: bool

    @property
    def label(self) -> str:
        words = {
            ("date", False): "earliest",
            ("date", True): "most recent",
            ("data", True): "largest dataset",
            ("data", False): "smallest dataset",
            ("params", True): "largest model",
            ("params", False): "smallest model",
            ("tokens", True): "most training tokens",
            ("tokens", False): "fewest training tokens",
        }
        return words[(self.key, self.descending)]


@dataclass(frozen=True)
class Intent:
    question: str
    kind: Kind
    subjects: tuple[str, ...] = ()  # entry ids the question is about
    fields: tuple[str, ...] = ()
    filters: tuple[Filter, ...] = ()
    sort: Sort | None = None
    follow_up: bool = False
    mentions: tuple[Mention, ...] = ()


class Understander:
    """Knows the corpus's names and field values; turns questions into intents."""

    def __init__(self, ids: Sequence[str], entries: Sequence[Entry]) -> None:
        self.ids = list(ids)
        self.entries = dict(zip(ids, entries, strict=True))
        self.names = NameTable(ids, entries)
        self.filters = FilterReader(ids, entries, self.names)

    def understand(self, question: str, context: Intent | None = None) -> Intent:
        q = " ".join(question.split())
        if not q or not re.search(r"\w", q):
            return Intent(question, "empty")
        mentions = tuple(self.names.find(q))
        fields = tuple(detect_fields(q))
        is_list = any(p.search(q) for p in _LIST_CUES)
        sort = next((Sort(key, desc) for p, key, desc in _SUPERLATIVE if p.search(q)), None)  # type: ignore[arg-type]
        if sort and not _DOMAIN.search(q):
            sort = None  # "who won the final last year" is not about the review
        # "which works were fine-tuned from LLaMA": a name after "from/on/with…" is a filter value, not the subject.
        open_question = is_list or sort or not fields or bool(_ASKS_FOR_ENTRY.search(q))
        values = [m for m in mentions if _FILTER_WORDS.search(q[: m.start]) and open_question]
        subjects = tuple(m.id for m in mentions if m not in values)
        if not subjects and values:
            how = (
                "base"
                if re.search(r"\bbase|fine[- ]?tun|\btun(e|ed|ing)\b|built on|based on|top of", q, re.I)
                else "any"
            )
            filters = [self.filters.uses(m.id, how) for m in values] + self.filters.from_fields(q)
            # "which paper fine-tuned a big llama on 1000 examples?": a search among LLaMA fine-tunes
            kind: Kind = "superlative" if sort else ("count" if _COUNT.search(q) else "list" if is_list else "search")
            return Intent(question, kind, (), fields, tuple(filters), sort, False, mentions)
        if len(subjects) >= 2 and (_COMPARE.search(q) or re.search(r"\b(and|or|&)\b|,", q)):
            return Intent(question, "compare", subjects, fields, (), None, False, mentions)
        if subjects:
            follow = bool(context and not fields and context.fields and _FOLLOW_UP.search(q))
            inherited = context.fields if (follow and context) else fields
            return Intent(question, "entity", subjects[:1], inherited, (), None, follow, mentions)
        # Asking for a field without naming anything, right after talking about an entry, is about that entry.
        refers = bool(context and context.subjects and (_FOLLOW_UP.search(q) or (fields and not sort)))
        if refers and context and not is_list:
            kind = "compare" if len(context.subjects) > 1 else "entity"
            return Intent(question, kind, context.subjects, fields or context.fields, (), None, True, mentions)
        filters = self.filters.from_fields(q)
        category = self.filters.category(q) if (is_list or sort or filters) else None
        if category:
            filters.append(category)
        if sort:
            return Intent(question, "superlative", (), fields, tuple(filters), sort, False, mentions)
        short = len(q.split()) <= _SHORT_FILTER_QUESTION and bool(_STARTS_WITH_FILTER.search(q))
        if filters and (is_list or short):
            kind = "count" if _COUNT.search(q) else "list"
            return Intent(question, kind, (), fields, tuple(filters), None, False, mentions)
        if is_list and _COUNT.search(q) and not filters:
            return Intent(question, "count", (), fields, (), None, False, mentions)
        return Intent(question, "search", (), fields, (), None, False, mentions)
