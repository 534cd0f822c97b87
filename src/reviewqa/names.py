"""Find the review's entries named in a question: exact names and aliases, loosely spelt ones, and sizes left off.

"alpca", "Chinchila", "flan t5", "LLaMA-2" and "Mistral" all resolve to their entries. Matching works on word n-grams
with case, spaces and punctuation ignored; typos are forgiven with rapidfuzz only for words that are not everyday
English, so "paris" or "today" never become a model. This module only finds names; what they mean in the question is
decided in ``understand.py``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from .corpus import name_key
from .schema import Entry

__all__ = ["Mention", "NameTable"]

_SIZE_SUFFIX = re.compile(r"[\s-]*\d+(\.\d+)?\s*[bm]$", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+")
# Everyday words that must never be read as a misspelt name.
_COMMON = frozenset(
    """
    about above after again against all also among another answer any are aren base based been before being below
    best between bigger biggest both build built came can cannot chat code come compare could data dataset datasets date
    did does doing done down during each early earliest either else even every example examples fall fast feedback
    few fewer first follow from full further generate generated good great have having hello help here high how
    human into item just kind know large larger largest last late latest less like list little long lot made make
    many may mean meta method methods might model models more most much must name need never newest next none
    note number often older oldest once only open other over own paper papers part people place plan please
    point problem program question quite rather really right said same school search second see seem shall should
    show since small smaller smallest some state still such sure system table take tell than thank that their them
    then there these they thing think this those three through time today total train trained training tuning
    under until upon used user using very want was water weather week well went were what when where which while
    who whole whom whose why will with within without work works world would write year years yes yet you your
    paris london france capital recipe bread pizza football movie music song preference optimization method
    instruction instructions language languages generation version versions release released anthropic google
    microsoft openai stanford berkeley meta facebook deepmind nvidia apple amazon
    """.split()
)


@dataclass(frozen=True)
class Mention:
    id: str
    surface: str
    start: int  # character offsets in the question
    end: int
    score: float  # 100 for an exact name, less for a forgiven typo


class NameTable:
    """Name keys of every entry (id, name, aliases, name without its size) -> entry id."""

    def __init__(self, ids: Sequence[str], entries: Sequence[Entry]) -> None:
        # Words the review itself uses for data sources, teachers and organizations are real words, not typos.
        vocabulary: set[str] = set()
        for entry in entries:
            for text in (*entry.data_sources, *entry.teacher, *entry.organizations):
                vocabulary.update(w.lower() for w in _WORD.findall(text))
        table: dict[str, str] = {}
        loose: dict[str, set[str]] = {}
        for rid, entry in zip(ids, entries, strict=True):
            names = [rid, entry.name, *entry.aliases]
            for name in names:
                key = name_key(name)
                if key:
                    table.setdefault(key, rid)
                short = name_key(_SIZE_SUFFIX.sub("", name))
                if short and short != key and len(short) >= 3:
                    loose.setdefault(short, set()).add(rid)
        for key, owners in loose.items():
            if len(owners) == 1 and key not in table:
                table[key] = next(iter(owners))
        self.table = table
        self.keys = list(table)
        self.fuzzy_keys = [k for k in self.keys if len(k) >= 4]
        # Typo candidates by (first letter, length): keeps fuzzy matching fast with 100 000 names.
        self._buckets: dict[tuple[str, int], list[str]] = {}
        for key in self.fuzzy_keys:
            self._buckets.setdefault((key[0], len(key)), []).append(key)
        self.real_words = frozenset(vocabulary - set(table)) | _COMMON

    def _fuzzy(self, key: str) -> tuple[str, float] | None:
        if len(key) < 4 or key in self.real_words or key.isdigit():
            return None
        cutoff = 80.0 if len(key) >= 6 else 85.0
        hit = process.extractOne(key, self._candidates(key, 1), scorer=fuzz.ratio, score_cutoff=cutoff)
        if hit is None:
            return None
        match, score = hit[0], float(hit[1])
        return match, score

    def _candidates(self, key: str, slack: int) -> list[str]:
        """Names starting with the same letter whose length differs by at most ``slack``."""
        out: list[str] = []
        for length in range(len(key) - slack, len(key) + slack + 1):
            out += self._buckets.get((key[0], length), [])
        return out

    def near_miss(self, question: str, cutoff: float = 72.0) -> bool:
        """Whether some unusual word of the question looks like a name, too loosely to be matched as one."""
        for word in _WORD.findall(question):
            key = word.lower()
            unusual = len(key) >= 5 and key not in self.real_words and not key.isdigit()
            candidates = self._candidates(key, 4) if unusual else []
            if candidates and process.extractOne(key, candidates, scorer=fuzz.ratio, score_cutoff=cutoff):
                return True
        return False

    def find(self, question: str, max_words: int = 6) -> list[Mention]:
        """Mentions in order of appearance, longest and exact matches preferred, no two overlapping."""
        words = list(_WORD.finditer(question))
        candidates: list[tuple[bool, int, float, Mention]] = []
        for i in range(len(words)):
            for n in range(1, max_words + 1):
                if i + n > len(words):
                    break
                span = words[i : i + n]
                start, end = span[0].start(), span[-1].end()
                if n > 1 and re.search(r"[,.;:?!()]", question[start:end]):
                    break  # a name does not run across punctuation between words
                key = name_key(question[start:end])
                surface = question[start:end]
                if key in self.table:
                    candidates.append((True, end - start, 100.0, Mention(self.table[key], surface, start, end, 100.0)))
                elif n <= 2 and not any(w.group().lower() in self.real_words for w in span):
                    hit = self._fuzzy(key)
                    if hit is not None:
                        mention = Mention(self.table[hit[0]], surface, start, end, hit[1])
                        candidates.append((False, end - start, hit[1], mention))
        candidates.sort(key=lambda c: (c[0], c[1], c[2]), reverse=True)
        taken: list[Mention] = []
        for _, _, _, mention in candidates:
            if all(mention.end <= m.start or mention.start >= m.end for m in taken):
                taken.append(mention)
        taken.sort(key=lambda m: m.start)
        seen: set[str] = set()
        unique = []
        for m in taken:
            if m.id not in seen:
                seen.add(m.id)
                unique.append(m)
        return unique
