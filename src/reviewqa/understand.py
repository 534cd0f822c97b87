"""Read a question (and the conversation before it) into an ``Intent``: what kind of answer, about which entries,
which field, and which filters over the typed fields.

Pure and deterministic: no model, no index; it sees entry ids and their entries only to know names and the values
filters can take. Retrieval and ranking are ``retrieve.py``'s job; wording the answer is ``answer.py``'s.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Literal

from .corpus import name_key
from .fields import detect_fields
from .names import Mention, NameTable
from .schema import Category, CommercialUse, DataOrigin, Entry, Unit

__all__ = ["Filter", "Intent", "Sort", "Understander"]

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
_TEACHER_SYNONYMS = {"chatgpt": ("chatgpt", "gpt35"), "gpt35turbo": ("chatgpt", "gpt35"), "gpt35": ("chatgpt", "gpt35")}
_NUMBER = r"(\d+(?:[.,]\d+)*)\s*(k|m|b|t|thousand|million|billion|trillion)?"
_SCALE = {"k": 1e3, "thousand": 1e3, "m": 1e6, "million": 1e6, "b": 1e9, "billion": 1e9, "t": 1e12, "trillion": 1e12}
_MORE = r"(more than|over|above|greater than|larger than|bigger than|at least|exceeding|>=?|beyond)"
_LESS = r"(fewer than|less than|under|below|smaller than|at most|up to|<=?)"
EXAMPLE_UNITS = {Unit.instances, Unit.dialogues, Unit.messages, Unit.comparisons}
_ORG_STOP = frozenset(
    "university of the and institute ai research lab labs team workshop center centre inc group school technology "
    "for artificial intelligence project science sciences college national".split()
)
_ORG_SYNONYMS = {"facebook": "meta", "fair": "meta", "deepmind": "deepmind", "ai2": "allen", "bair": "berkeley"}
_LICENSES: list[tuple[str, re.Pattern[str], re.Pattern[str]]] = [
    ("Apache 2.0", re.compile(r"\bapache\b", re.I), re.compile(r"apache", re.I)),
    ("MIT", re.compile(r"\bmit(?:[- ]licen[cs]ed?| licen[cs]e)\b|\bunder (the )?mit\b", re.I), re.compile(r"\bMIT\b")),
    ("CC BY-NC", re.compile(r"\bcc[- ]?by[- ]?nc\b|\bnon-?commercial licen", re.I), re.compile(r"BY-NC", re.I)),
    ("CC BY-SA", re.compile(r"\bcc[- ]?by[- ]?sa\b", re.I), re.compile(r"BY-SA", re.I)),
    ("GPL", re.compile(r"\bgpl\b|\bgnu\b", re.I), re.compile(r"\bGPL\b|GNU", re.I)),
    ("RAIL", re.compile(r"\b(open)?rail\b", re.I), re.compile(r"RAIL", re.I)),
    ("Llama license", re.compile(r"\bllama (2 )?(community )?licen[cs]e\b", re.I), re.compile(r"llama", re.I)),
]
_SHORT_FILTER_QUESTION = 6  # words: "released in 2022", "from Meta?" are lists even without "which works"
_COMMERCIAL_YES = re.compile(
    r"\b(allows?|allowing|permits?|permit|can be used|usable|ok|okay|fine|available|free)\b[^?]*\bcommercial|"
    r"\bcommercial(ly)? (use|usable|friendly|use allowed|ok)\b|\bcommercially\b|\bfor commercial\b",
    re.I,
)
_COMMERCIAL_NO = re.compile(r"\bnon-?commercial|not (allowed|permitted|usable)[^?]*commercial|research[- ]only", re.I)
_ORIGIN = [
    (
        DataOrigin.human_written,
        re.compile(
            r"\bhuman[- ](written|annotated|authored|generated)|written by (humans|people"
            r"|annotators|crowd)|crowd-?sourc|by humans|hand-?written\b",
            re.I,
        ),
    ),
    (
        DataOrigin.machine_generated,
        re.compile(
            r"\b(machine|model|ai|llm)[- ]generated|synthetic|distill|generated by "
            r"(a |an )?(model|llm|gpt)",
            re.I,
        ),
    ),
    (
        DataOrigin.nlp_datasets,
        re.compile(
            r"\b(existing|public|academic) (nlp )?datasets|converted from (nlp|existing|"
            r"academic)",
            re.I,
        ),
    ),
]
_CATEGORY_CUES = [  # used only in list, count and superlative questions
    (Category.base_model, re.compile(r"\b(base|pre-?trained|foundation) (language )?(models?|llms?)\b", re.I)),
    (Category.task_collection, re.compile(r"\b(task[- ]collections?|nlp[- ]tasks?|multi-?task)", re.I)),
    (
        Category.general_assistant,
        re.compile(
            r"\b(general[- ]purpose |general |chat )?(assistants?|chatbots?|"
            r"chat models?)\b",
            re.I,
        ),
    ),
    (Category.feedback_alignment, re.compile(r"\b(alignment|preferences?|feedback|rlhf)\b", re.I)),
]
_TEACHER_CUE = re.compile(
    r"\b(generated|produced|written|created|distill(ed)?|made|labell?ed|annotated|rated|"
    r"from|with|using|by)\b",
    re.I,
)
_BASE_CUE = re.compile(
    r"\b(fine-?tuned?|tuned|built|based|trained|derived|start(ed)?|on top of|base model|use[sd]?|"
    r"using)\b",
    re.I,
)


@dataclass(frozen=True)
class Filter:
    """A condition over typed fields; ``label`` is how the answer shows it to the user."""

    label: str
    test: Callable[[Entry], bool] = field(compare=False, repr=False)

    def __call__(self, entry: Entry) -> bool:
        return self.test(entry)


@dataclass(frozen=True)
class Sort:
    key: Literal["date", "data", "params", "tokens"]
    descending: bool

    @property
    def label(self) -> str:
        words = {
            ("date", False): "earliest",
            ("date", True): "most recent",
            ("data", True): "largest data",
            ("data", False): "smallest data",
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


def year_of(entry: Entry) -> str:
    """The release year as text, "" when unknown (so comparisons with a year are simply false)."""
    return entry.date[:4] if entry.date else ""


def _number(text: str, unit: str | None) -> float:
    value = float(text.replace(",", "")) if "." in text or "," in text else float(text)
    if "," in text and "." not in text:
        value = float(text.replace(",", ""))
    return value * _SCALE.get((unit or "").lower(), 1.0)


def _words(text: str) -> list[str]:
    return [name_key(w) for w in re.findall(r"[\w.+-]+", text) if name_key(w)]


class Understander:
    """Knows the corpus's names and field values; turns questions into intents."""

    def __init__(self, ids: Sequence[str], entries: Sequence[Entry]) -> None:
        self.ids = list(ids)
        self.entries = dict(zip(ids, entries, strict=True))
        self.names = NameTable(ids, entries)
        self.name_keys = {rid: {name_key(n) for n in (rid, e.name, *e.aliases)} for rid, e in self.entries.items()}
        self.teachers: dict[str, str] = {}
        self.orgs: dict[str, str] = {}
        for e in entries:
            for teacher in e.teacher:
                head = teacher.split("(")[0].strip()
                for key in {name_key(head), *(_words(teacher)[:1])}:
                    if len(key) >= 3 and not key.isdigit():
                        self.teachers.setdefault(key, head)
            for org in e.organizations:
                for word in re.findall(r"[A-Za-z0-9]+", org):
                    key = word.lower()
                    if key not in _ORG_STOP and len(key) >= 3:
                        self.orgs.setdefault(key, word)

    # ---- pieces -------------------------------------------------------------------------------------------------
    def _uses(self, rid: str, how: str) -> Filter:
        keys = self.name_keys[rid]
        name = self.entries[rid].name

        def strip_size(s: str) -> str:
            return re.sub(r"[\s-]*\d+(\.\d+)?\s*[bm]\b.*$", "", s, flags=re.I)

        def mentions(text: str) -> bool:
            for candidate in (name_key(strip_size(text)), name_key(text)):
                for key in keys:
                    if candidate.startswith(key) and not candidate[len(key) : len(key) + 1].isdigit():
                        return True
            return False

        if how == "base":
            return Filter(f"base model is {name}", lambda e: any(mentions(b) for b in e.base_models))
        return Filter(
            f"uses {name} (base model, data or method)",
            lambda e: (
                any(mentions(t) for t in [*e.base_models, *e.data_sources, *e.teacher])
                or (e.preference_method is not None and mentions(e.preference_method))
            ),
        )

    def _numeric_filters(self, q: str) -> list[Filter]:
        out: list[Filter] = []
        for cmp, sign in ((_MORE, ">"), (_LESS, "<")):
            for m in re.finditer(rf"{cmp}\s+{_NUMBER}\s*([a-z]+)?", q, re.I):
                number, scale, noun = m.group(2), m.group(3), (m.group(4) or "").lower()
                value = _number(number, scale)
                after = q[m.end() : m.end() + 30].lower()
                unit = (scale or "").lower()
                if noun.startswith("param") or (unit in ("b", "billion") and not re.match(r"\s*tokens?", after)):
                    billions = value / 1e9
                    label = f"a model size {sign} {billions:g}B parameters"

                    def by_size(e: Entry, v: float = billions, s: str = sign) -> bool:
                        sizes = e.model_sizes_b
                        return any(x > v for x in sizes) if s == ">" else bool(sizes) and min(sizes) < v

                    out.append(Filter(label, by_size))
                elif re.match(
                    r"(examples?|instances?|instructions?|samples?|dialog|conversation|pairs?|"
                    r"comparisons?|data|messages?|records?|rows?)",
                    noun + after,
                ):
                    label = f"data size {sign} {value:,.0f} examples"

                    def by_data(e: Entry, v: float = value, s: str = sign) -> bool:
                        d = e.data_size
                        if d is None or d.value is None or d.unit not in EXAMPLE_UNITS:
                            return False
                        return d.value > v if s == ">" else d.value < v

                    out.append(Filter(label, by_data))
        return out

    def _year_filter(self, q: str) -> Filter | None:
        m = re.search(r"\b(before|after|since|until|in|from|during|of)?\s*(?:the year\s+)?((?:19|20)\d\d)\b", q, re.I)
        if not m:
            return None
        word, year = (m.group(1) or "in").lower(), m.group(2)
        if word == "before":
            return Filter(f"released before {year}", lambda e: "" < year_of(e) < year)
        if word == "after":
            return Filter(f"released after {year}", lambda e: year_of(e) > year)
        if word == "since":
            return Filter(f"released in or after {year}", lambda e: year_of(e) >= year)
        return Filter(f"released in {year}", lambda e: year_of(e) == year)

    def _vocab_filters(self, q: str) -> list[Filter]:
        out: list[Filter] = []
        words = _words(q)
        joined = [a + b for a, b in pairwise(words)]
        for key, head in self.teachers.items():
            if (key in words or key in joined) and key not in self.names.table:
                keys = _TEACHER_SYNONYMS.get(key, (name_key(head),))
                label = "ChatGPT (GPT-3.5)" if key in _TEACHER_SYNONYMS else head

                def taught(e: Entry, keys: tuple[str, ...] = keys) -> bool:
                    return any(name_key(t).startswith(k) for t in e.teacher for k in keys)

                out.append(Filter(f"data generated by {label}", taught))
                break
        for word in words:
            key = _ORG_SYNONYMS.get(word, word)
            w = re.escape(word)
            if key in self.orgs and (
                re.search(rf"\b(from|by|at)\s+(the\s+)?{w}", q, re.I)
                or re.search(rf"\b{w}('s)?\b.*\b(release|publish|made|make|develop|built|build|train)", q, re.I)
            ):
                org_re = re.compile(rf"\b{re.escape(key)}\b", re.I)

                def by_org(e: Entry, r: re.Pattern[str] = org_re) -> bool:
                    return any(r.search(o) for o in e.organizations)

                out.append(Filter(f"organization includes {self.orgs[key]}", by_org))
        for label, question_re, value_re in _LICENSES:
            if question_re.search(q):

                def licensed(e: Entry, r: re.Pattern[str] = value_re) -> bool:
                    lic = e.license
                    return any(v and r.search(v) for v in (lic.code, lic.weights, lic.data))

                out.append(Filter(f"a license matching {label}", licensed))
        if _COMMERCIAL_NO.search(q):
            out.append(Filter("commercial use: no", lambda e: e.commercial_use == CommercialUse.no))
        elif _COMMERCIAL_YES.search(q):
            out.append(Filter("commercial use: yes", lambda e: e.commercial_use == CommercialUse.yes))
        for origin, pattern in _ORIGIN:
            if pattern.search(q):

                def by_origin(e: Entry, o: DataOrigin = origin) -> bool:
                    return o in e.data_origin

                out.append(Filter(f"data is {origin.value}", by_origin))
        return out

    def _category_filter(self, q: str) -> Filter | None:
        for category, pattern in _CATEGORY_CUES:
            if pattern.search(q):
                return Filter(f"category is {category.value}", lambda e, c=category: e.category == c)  # type: ignore[misc]
        if re.search(r"\b(instruction|instruction-tuning|fine-?tuning) (datasets?|data)\b", q, re.I) or re.search(
            r"\bdatasets\b", q, re.I
        ):
            return Filter("not a base model", lambda e: e.category != Category.base_model)
        return None

    # ---- the whole question -------------------------------------------------------------------------------------
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
            filters = [self._uses(m.id, how) for m in values] + self._field_filters(q)
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
        filters = self._field_filters(q)
        category = self._category_filter(q) if (is_list or sort or filters) else None
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

    def _field_filters(self, q: str) -> list[Filter]:
        filters = self._numeric_filters(q) + self._vocab_filters(q)
        year = self._year_filter(q)
        return [*filters, year] if year else filters
